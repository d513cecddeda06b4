//! The outbox: texts (and later calls) waiting to go out through the
//! practice's gateway. A message is written in the same transaction as the
//! turn that asked for it, so it is sent if and only if the turn committed.
//!
//! `outbox` holds the messages; `outbox_due` is the worker's index, keyed by
//! the next attempt time, so finding due work is one range scan. The
//! message id doubles as the idempotency token sent to the gateway: a retry
//! after a crash or a timeout cannot deliver the same text twice.

use serde::{Deserialize, Serialize};
use sled::Transactional;

use super::{Result, Store, decode, encode, keys};
use crate::actions::Channel;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutboxStatus {
    Pending,
    Sent,
    Failed,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: String,
    pub practice: String,
    pub channel: Channel,
    /// E.164 recipient.
    pub to: String,
    pub body: String,
    /// Urgent messages (pages, emergencies) ignore quiet hours.
    pub urgent: bool,
    pub status: OutboxStatus,
    pub attempts: u32,
    /// When the worker may try next (also: quiet hours end).
    pub next_attempt_at: i64,
    pub last_error: Option<String>,
    /// The gateway's id for the delivered message (Twilio `sid`).
    pub gateway_sid: Option<String>,
    /// What asked for it: a conversation id or a task.
    pub source: String,
    /// A call's conversation state once answered (`calls.place-call`);
    /// empty for texts.
    #[serde(default, with = "super::records::b64")]
    pub call_state: Vec<u8>,
    pub created_at: i64,
    pub updated_at: i64,
}

fn due_key(at: i64, practice: &str, id: &str) -> Vec<u8> {
    let mut key = (at.max(0) as u64).to_be_bytes().to_vec();
    key.extend_from_slice(&keys::scoped(practice, id.as_bytes()));
    key
}

impl Store {
    pub fn new_outbox_id(&self) -> Result<String> {
        Ok(format!("o{:016}", self.next_id()?))
    }

    /// Messages due at `now`, oldest first (at most `limit`).
    pub fn due_outbox(&self, now: i64, limit: usize) -> Result<Vec<OutboxMessage>> {
        let end = ((now.max(0) as u64) + 1).to_be_bytes();
        let mut due = Vec::new();
        for kv in self.trees.outbox_due.range(..end.to_vec()).take(limit) {
            let (_, message_key) = kv?;
            if let Some(bytes) = self.trees.outbox.get(&message_key)? {
                due.push(decode(&bytes)?);
            }
        }
        Ok(due)
    }

    /// Record an attempt's result: replaces the message and its due entry.
    pub fn update_outbox(&self, previous_due: i64, message: &OutboxMessage) -> Result<()> {
        let key = keys::scoped(&message.practice, message.id.as_bytes());
        let old_due = due_key(previous_due, &message.practice, &message.id);
        let new_due = (message.status == OutboxStatus::Pending)
            .then(|| due_key(message.next_attempt_at, &message.practice, &message.id));
        let value = encode(message);
        (&self.trees.outbox, &self.trees.outbox_due).transaction(|(outbox, due)| {
            outbox.insert(key.as_slice(), value.as_slice())?;
            due.remove(old_due.as_slice())?;
            if let Some(new_due) = &new_due {
                due.insert(new_due.as_slice(), key.as_slice())?;
            }
            Ok(())
        })?;
        Ok(())
    }

    /// A practice's outbox, oldest first.
    pub fn outbox(&self, practice: &str) -> Result<Vec<OutboxMessage>> {
        self.trees.outbox.scan_prefix(keys::prefix(practice)).map(|kv| decode(&kv?.1)).collect()
    }
}

/// Insert new messages inside a turn's transaction.
pub(super) fn insert_in(
    outbox: &sled::transaction::TransactionalTree,
    due: &sled::transaction::TransactionalTree,
    message: &OutboxMessage,
) -> std::result::Result<(), sled::transaction::UnabortableTransactionError> {
    let key = keys::scoped(&message.practice, message.id.as_bytes());
    outbox.insert(key.as_slice(), encode(message))?;
    due.insert(due_key(message.next_attempt_at, &message.practice, &message.id), key)?;
    Ok(())
}
