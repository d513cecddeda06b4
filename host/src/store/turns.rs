//! Conversations and turns. One turn — new state, the turn record, its
//! queue items, its audit events and its idempotency key — is one sled
//! transaction: all of it or none of it.

use serde::{Deserialize, Serialize};
use sled::Transactional;

use super::audit::{AuditEvent, append_in};
use super::outbox::insert_in as insert_outbox;
use super::timers::TimerTrees;
use super::work::{WorkRecord, WorkTrees};
use super::{Conversation, OutboxMessage, QueueItem, Result, Store, TimerRecord, TurnRecord, decode, encode, keys};

/// Everything one turn (or one fired timer) writes.
pub struct TurnWrite<'a> {
    pub practice: &'a str,
    /// The conversation and its new turn; `None` when a timer fired.
    pub conversation: Option<&'a Conversation>,
    pub turn: Option<&'a TurnRecord>,
    pub queue_items: &'a [QueueItem],
    /// Work records for the new items (transcript excerpt, paging watch),
    /// by item id.
    pub work: &'a [(String, WorkRecord)],
    pub audit: &'a [AuditEvent],
    /// Texts the turn asked to send (delivered by the outbox worker).
    pub outbox: &'a [OutboxMessage],
    /// Timers the plugin scheduled, and ids of timers it cancelled (or the
    /// timer that just fired).
    pub timers: &'a [TimerRecord],
    pub removed_timers: &'a [String],
    /// The gateway's id for the inbound message (Twilio `MessageSid`, a JSON
    /// `turn_id`), so a retried delivery replays instead of running twice.
    pub dedupe_key: Option<&'a str>,
    /// A text that was STOP or START: the sender's number and whether it
    /// is now opted out. Committed with the turn, so the outbox never sees
    /// the turn without its opt-out.
    pub opt_out: Option<(&'a str, bool)>,
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

    /// Start a conversation the host opened itself (an answered outreach
    /// call): its first turn resumes `conversation.state`. Not flushed; the
    /// caller makes it durable.
    pub fn open_conversation(&self, practice: &str, conversation: &Conversation) -> Result<()> {
        self.trees.conversations.insert(keys::conversation(practice, &conversation.id), encode(conversation))?;
        Ok(())
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
        let conversation = write.conversation.map(|c| (keys::conversation(write.practice, &c.id), encode(c)));
        let turn = match (write.conversation, write.turn) {
            (Some(c), Some(t)) => Some((keys::turn(write.practice, &c.id, t.seq), encode(t))),
            _ => None,
        };
        let items: Vec<(Vec<u8>, Vec<u8>)> = write
            .queue_items
            .iter()
            .map(|item| (keys::scoped(write.practice, item.id.as_bytes()), encode(item)))
            .collect();
        let dedupe = match (write.dedupe_key, write.conversation, write.turn) {
            (Some(key), Some(c), Some(t)) => {
                let committed = CommittedTurn { conversation_id: c.id.clone(), seq: t.seq };
                Some((keys::scoped(write.practice, key.as_bytes()), encode(&committed)))
            }
            _ => None,
        };
        let trees = (
            &t.conversations,
            &t.turns,
            &t.queue,
            &t.audit,
            &t.audit_heads,
            &t.dedupe,
            &t.outbox,
            &t.outbox_due,
            &t.timers,
            &t.timers_due,
            &t.timer_keys,
            &t.queue_work,
            &t.page_due,
            &t.optouts,
        );
        let opt_out = write.opt_out.map(|(number, out)| (keys::scoped(write.practice, number.as_bytes()), out));
        trees.transaction(
            |(
                conversations,
                turns,
                queue,
                audit,
                heads,
                dedupes,
                outbox,
                due,
                timers,
                timers_due,
                timer_keys,
                work,
                page_due,
                optouts,
            )| {
                if let Some((key, value)) = &conversation {
                    conversations.insert(key.as_slice(), value.as_slice())?;
                }
                if let Some((key, value)) = &turn {
                    turns.insert(key.as_slice(), value.as_slice())?;
                }
                for (key, item) in &items {
                    queue.insert(key.as_slice(), item.as_slice())?;
                }
                let work_trees = WorkTrees { work, due: page_due };
                for (item, record) in write.work {
                    work_trees.put(write.practice, item, None, record)?;
                }
                for event in write.audit {
                    append_in(audit, heads, write.practice, write.at, event)?;
                }
                for message in write.outbox {
                    insert_outbox(outbox, due, message)?;
                }
                let timer_trees = TimerTrees { timers, due: timers_due, keys: timer_keys };
                for id in write.removed_timers {
                    timer_trees.remove_id_or_key(write.practice, id)?;
                }
                for timer in write.timers {
                    timer_trees.insert(timer)?;
                }
                if let Some((key, value)) = &dedupe {
                    dedupes.insert(key.as_slice(), value.as_slice())?;
                }
                match &opt_out {
                    Some((key, true)) => {
                        optouts.insert(key.as_slice(), &write.at.to_be_bytes())?;
                    }
                    Some((key, false)) => {
                        optouts.remove(key.as_slice())?;
                    }
                    None => {}
                }
                Ok(())
            },
        )?;
        Ok(())
    }
}
