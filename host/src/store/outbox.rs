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
    /// What the carrier last reported through its status callback
    /// (`queued`, `sent`, `delivered`, `undelivered`, `failed`; for calls
    /// `ringing`, `completed`, `no-answer`, …). `status` is the host's own
    /// side: whether the carrier accepted the request.
    #[serde(default)]
    pub carrier_status: Option<String>,
    /// The carrier's error code with a failed or undelivered status.
    #[serde(default)]
    pub carrier_error: Option<String>,
    #[serde(default)]
    pub carrier_updated_at: Option<i64>,
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
    /// A carrier status that arrived while the attempt was in flight (a
    /// callback can beat the API's own answer) is kept: the read and the
    /// write are one transaction.
    pub fn update_outbox(&self, previous_due: i64, message: &OutboxMessage) -> Result<()> {
        let key = keys::scoped(&message.practice, message.id.as_bytes());
        let old_due = due_key(previous_due, &message.practice, &message.id);
        let new_due = (message.status == OutboxStatus::Pending)
            .then(|| due_key(message.next_attempt_at, &message.practice, &message.id));
        (&self.trees.outbox, &self.trees.outbox_due).transaction(|(outbox, due)| {
            let mut merged = message.clone();
            if let Some(stored) = outbox.get(key.as_slice())? {
                let stored: OutboxMessage = decode(&stored).map_err(abort)?;
                if stored.carrier_updated_at > merged.carrier_updated_at {
                    merged.carrier_status = stored.carrier_status;
                    merged.carrier_error = stored.carrier_error;
                    merged.carrier_updated_at = stored.carrier_updated_at;
                }
            }
            outbox.insert(key.as_slice(), encode(&merged))?;
            due.remove(old_due.as_slice())?;
            if let Some(new_due) = &new_due {
                due.insert(new_due.as_slice(), key.as_slice())?;
            }
            Ok(())
        })?;
        Ok(())
    }

    /// One message of a practice's outbox.
    pub fn outbox_message(&self, practice: &str, id: &str) -> Result<Option<OutboxMessage>> {
        self.trees.outbox.get(keys::scoped(practice, id.as_bytes()))?.map(|b| decode(&b)).transpose()
    }

    /// Record what the carrier reported for a message, in one transaction.
    /// A final status (delivered, failed, …) is never replaced by an earlier
    /// one arriving late. Returns the message as stored, or `None` when the
    /// practice has no such message.
    pub fn record_carrier_status(
        &self,
        practice: &str,
        id: &str,
        status: &str,
        error: Option<&str>,
        now: i64,
    ) -> Result<Option<OutboxMessage>> {
        let key = keys::scoped(practice, id.as_bytes());
        let stored = self.trees.outbox.transaction(|outbox| {
            let Some(bytes) = outbox.get(key.as_slice())? else { return Ok(None) };
            let mut message: OutboxMessage = decode(&bytes).map_err(abort)?;
            let settled = message.carrier_status.as_deref().is_some_and(carrier_status_is_final);
            if !settled || carrier_status_is_final(status) {
                message.carrier_status = Some(status.to_string());
                message.carrier_error = error.filter(|e| !e.is_empty()).map(str::to_string);
                message.carrier_updated_at = Some(now);
                outbox.insert(key.as_slice(), encode(&message))?;
            }
            Ok(Some(message))
        })?;
        Ok(stored)
    }

    /// A practice's outbox, oldest first.
    pub fn outbox(&self, practice: &str) -> Result<Vec<OutboxMessage>> {
        self.trees.outbox.scan_prefix(keys::prefix(practice)).map(|kv| decode(&kv?.1)).collect()
    }
}

/// A carrier status after which nothing more happens to the message.
pub fn carrier_status_is_final(status: &str) -> bool {
    matches!(status, "delivered" | "undelivered" | "failed" | "read" | "canceled" | "completed" | "busy" | "no-answer")
}

/// Did the carrier report that the message never reached the recipient?
pub fn carrier_status_is_failure(status: &str) -> bool {
    matches!(status, "undelivered" | "failed" | "canceled" | "busy" | "no-answer")
}

fn abort(e: super::StoreError) -> sled::transaction::ConflictableTransactionError<super::StoreError> {
    sled::transaction::ConflictableTransactionError::Abort(e)
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
