//! Conversations and turns. One turn — new state, the turn record, its
//! queue items, its audit events and its idempotency key — is one sled
//! transaction: all of it or none of it.

use serde::{Deserialize, Serialize};
use sled::Transactional;

use super::audit::{AuditEvent, append_in};
use super::outbox::insert_in as insert_outbox;
use super::{Conversation, OutboxMessage, QueueItem, Result, Store, TurnRecord, decode, encode, keys};

/// Everything one turn writes.
pub struct TurnWrite<'a> {
    pub practice: &'a str,
    pub conversation: &'a Conversation,
    pub turn: &'a TurnRecord,
    pub queue_items: &'a [QueueItem],
    pub audit: &'a [AuditEvent],
    /// Texts the turn asked to send (delivered by the outbox worker).
    pub outbox: &'a [OutboxMessage],
    /// The gateway's id for the inbound message (Twilio `MessageSid`, a JSON
    /// `turn_id`), so a retried delivery replays instead of running twice.
    pub dedupe_key: Option<&'a str>,
    pub at: i64,
}

/// Where an already-handled inbound message was recorded.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CommittedTurn {
    pub conversation_id: String,
    pub seq: u32,
}

impl Store {
    pub fn conversation(&self, practice: &str, id: &str) -> Result<Option<Conversation>> {
        self.trees.conversations.get(keys::conversation(practice, id))?.map(|v| decode(&v)).transpose()
    }

    /// The turn a gateway message id was already answered by, if any.
    pub fn committed_turn(&self, practice: &str, dedupe_key: &str) -> Result<Option<CommittedTurn>> {
        self.trees.dedupe.get(keys::scoped(practice, dedupe_key.as_bytes()))?.map(|v| decode(&v)).transpose()
    }

    pub fn turn(&self, practice: &str, conversation: &str, seq: u32) -> Result<Option<TurnRecord>> {
        self.trees.turns.get(keys::turn(practice, conversation, seq))?.map(|v| decode(&v)).transpose()
    }

    /// A conversation's turns, oldest first.
    pub fn turns(&self, practice: &str, conversation: &str) -> Result<Vec<TurnRecord>> {
        let mut prefix = keys::conversation(practice, conversation);
        prefix.push(0);
        self.trees.turns.scan_prefix(prefix).map(|kv| decode(&kv?.1)).collect()
    }

    /// Commit a turn atomically. Not yet durable: call
    /// [`Store::make_durable`] before answering the gateway.
    pub fn commit_turn(&self, write: &TurnWrite<'_>) -> Result<()> {
        let t = &self.trees;
        let conversation_key = keys::conversation(write.practice, &write.conversation.id);
        let turn_key = keys::turn(write.practice, &write.conversation.id, write.turn.seq);
        let conversation = encode(write.conversation);
        let turn = encode(write.turn);
        let items: Vec<(Vec<u8>, Vec<u8>)> = write
            .queue_items
            .iter()
            .map(|item| (keys::scoped(write.practice, item.id.as_bytes()), encode(item)))
            .collect();
        let dedupe = write.dedupe_key.map(|key| {
            let committed = CommittedTurn { conversation_id: write.conversation.id.clone(), seq: write.turn.seq };
            (keys::scoped(write.practice, key.as_bytes()), encode(&committed))
        });
        (&t.conversations, &t.turns, &t.queue, &t.audit, &t.audit_heads, &t.dedupe, &t.outbox, &t.outbox_due)
            .transaction(|(conversations, turns, queue, audit, heads, dedupes, outbox, due)| {
                conversations.insert(conversation_key.as_slice(), conversation.as_slice())?;
                turns.insert(turn_key.as_slice(), turn.as_slice())?;
                for (key, item) in &items {
                    queue.insert(key.as_slice(), item.as_slice())?;
                }
                for event in write.audit {
                    append_in(audit, heads, write.practice, write.at, event)?;
                }
                for message in write.outbox {
                    insert_outbox(outbox, due, message)?;
                }
                if let Some((key, value)) = &dedupe {
                    dedupes.insert(key.as_slice(), value.as_slice())?;
                }
                Ok(())
            })?;
        Ok(())
    }
}
