//! What staff do with queue items, and the on-call paging watch on them.
//!
//! A queue item is what the plugin (or the host) recorded, and it never
//! changes. Everything that happens to it afterwards — claimed, noted,
//! acknowledged, resolved, paged — lives in its [`WorkRecord`] (tree
//! `queue_work`, same key as the item), so the record of what the patient
//! said stays exactly as it was written.
//!
//! Paging: an urgent item whose on-call was paged carries a [`Paging`]
//! watch; `page_due` indexes it by the time the next page is due (key: due
//! big-endian, then practice NUL item). Every change to a work record — a
//! page, an acknowledgement — rewrites the record, moves its due entry and
//! appends its audit event in one transaction, so a page fires once and an
//! acknowledged item is never paged again.

use serde::{Deserialize, Serialize};
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError as TxError, TransactionalTree, UnabortableTransactionError};

use super::audit::append_in;
use super::outbox::insert_in as insert_outbox;
use super::{AuditEvent, OutboxMessage, QueueItem, QueueStatus, Result, Store, StoreError, decode, encode, keys};

/// Who did something, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stamp {
    pub by: String,
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub by: String,
    pub at: i64,
    pub text: String,
}

/// One line of the conversation, copied onto the item when it was written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExcerptLine {
    /// `patient` or `practice`.
    pub from: String,
    pub text: String,
}

/// One page sent for an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageSent {
    /// `primary` or `backup`.
    pub to: String,
    pub at: i64,
    /// The outbox message that carried it.
    pub outbox_id: String,
}

/// The on-call paging watch: pages sent, and when the next one is due
/// unless someone acknowledges first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Paging {
    /// The plugin's minimum-necessary line, repeated in every page.
    pub summary: String,
    pub pages: Vec<PageSent>,
    /// `None` once the escalation ladder is exhausted or acknowledged.
    pub next_due: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkRecord {
    #[serde(default)]
    pub excerpt: Vec<ExcerptLine>,
    pub claimed: Option<Stamp>,
    pub acknowledged: Option<Stamp>,
    pub resolved: Option<Stamp>,
    #[serde(default)]
    pub notes: Vec<Note>,
    pub paging: Option<Paging>,
}

impl WorkRecord {
    /// The item's status as staff see it (FHIR Task.status).
    pub fn status(&self) -> QueueStatus {
        if self.resolved.is_some() {
            QueueStatus::Completed
        } else if self.claimed.is_some() {
            QueueStatus::Accepted
        } else {
            QueueStatus::Requested
        }
    }

    /// Someone has taken responsibility: paging stops.
    pub fn is_acknowledged(&self) -> bool {
        self.acknowledged.is_some() || self.claimed.is_some() || self.resolved.is_some()
    }
}

/// A queue item with what staff did with it.
#[derive(Debug, Clone, Serialize)]
pub struct WorkedItem {
    #[serde(flatten)]
    pub item: QueueItem,
    #[serde(flatten)]
    pub work: WorkRecord,
}

fn due_key(due: i64, practice: &str, item: &str) -> Vec<u8> {
    let mut key = (due.max(0) as u64).to_be_bytes().to_vec();
    key.extend_from_slice(&keys::scoped(practice, item.as_bytes()));
    key
}

/// The two trees of a work record, inside a transaction.
pub(super) struct WorkTrees<'a> {
    pub work: &'a TransactionalTree,
    pub due: &'a TransactionalTree,
}

impl WorkTrees<'_> {
    /// Write `record`, moving its due entry from `old` to its new `next_due`.
    pub fn put(
        &self,
        practice: &str,
        item: &str,
        old: Option<&WorkRecord>,
        record: &WorkRecord,
    ) -> std::result::Result<(), UnabortableTransactionError> {
        if let Some(due) = old.and_then(|o| o.paging.as_ref()).and_then(|p| p.next_due) {
            self.due.remove(due_key(due, practice, item))?;
        }
        if let Some(due) = record.paging.as_ref().and_then(|p| p.next_due) {
            self.due.insert(due_key(due, practice, item), &[][..])?;
        }
        self.work.insert(keys::scoped(practice, item.as_bytes()), encode(record))?;
        Ok(())
    }
}

/// One change to an item: the new work record, the texts it sends (pages)
/// and the audit events it records — all committed together.
pub struct WorkChange {
    pub work: WorkRecord,
    pub outbox: Vec<OutboxMessage>,
    pub audit: Vec<AuditEvent>,
}

impl Store {
    /// An item and its work record; `None` if this practice has no such item.
    pub fn worked_item(&self, practice: &str, item: &str) -> Result<Option<WorkedItem>> {
        let key = keys::scoped(practice, item.as_bytes());
        let Some(bytes) = self.trees.queue.get(&key)? else { return Ok(None) };
        let item: QueueItem = decode(&bytes)?;
        let work = self.trees.queue_work.get(&key)?.map(|v| decode(&v)).transpose()?.unwrap_or_default();
        Ok(Some(WorkedItem { item, work }))
    }

    /// Every item of a practice with its work record, oldest first.
    pub fn worked_items(&self, practice: &str) -> Result<Vec<WorkedItem>> {
        let mut out = Vec::new();
        for kv in self.trees.queue.scan_prefix(keys::prefix(practice)) {
            let (key, bytes) = kv?;
            let item: QueueItem = decode(&bytes)?;
            let work = self.trees.queue_work.get(&key)?.map(|v| decode(&v)).transpose()?.unwrap_or_default();
            out.push(WorkedItem { item, work });
        }
        Ok(out)
    }

    /// Change an item's work record atomically: `change` sees the current
    /// item and record and returns the change (or an error, which aborts
    /// with nothing written). Pages and audit events commit with it.
    /// `change` may run more than once (sled retries conflicts) and must not
    /// call back into the store: take ids before calling this.
    pub fn change_work<F>(&self, practice: &str, item: &str, at: i64, change: F) -> Result<WorkedItem>
    where
        F: Fn(&QueueItem, &WorkRecord) -> Result<WorkChange>,
    {
        let key = keys::scoped(practice, item.as_bytes());
        let t = &self.trees;
        let worked = (&t.queue, &t.queue_work, &t.page_due, &t.outbox, &t.outbox_due, &t.audit, &t.audit_heads)
            .transaction(|(queue, work, due, outbox, outbox_due, audit, heads)| {
                let Some(bytes) = queue.get(&key)? else {
                    return Err(TxError::Abort(StoreError::NotFound(format!("queue item {item:?}"))));
                };
                let queued: QueueItem = decode(&bytes).map_err(TxError::Abort)?;
                let old: WorkRecord = match work.get(&key)? {
                    Some(v) => decode(&v).map_err(TxError::Abort)?,
                    None => WorkRecord::default(),
                };
                let WorkChange { work: record, outbox: messages, audit: events } =
                    change(&queued, &old).map_err(TxError::Abort)?;
                WorkTrees { work, due }.put(practice, item, Some(&old), &record)?;
                for message in &messages {
                    insert_outbox(outbox, outbox_due, message)?;
                }
                for event in &events {
                    append_in(audit, heads, practice, at, event)?;
                }
                Ok(WorkedItem { item: queued, work: record })
            })?;
        Ok(worked)
    }

    /// Items whose next page is due at `now`: (practice, item id).
    pub fn due_pages(&self, now: i64, limit: usize) -> Result<Vec<(String, String)>> {
        let end = ((now.max(0) as u64) + 1).to_be_bytes();
        let mut due = Vec::new();
        for kv in self.trees.page_due.range(..end.to_vec()).take(limit) {
            let (key, _) = kv?;
            let scoped = &key[8..];
            let split =
                scoped.iter().position(|b| *b == 0).ok_or_else(|| StoreError::Corrupt("page index key".into()))?;
            let practice = String::from_utf8_lossy(&scoped[..split]).into_owned();
            let item = String::from_utf8_lossy(&scoped[split + 1..]).into_owned();
            due.push((practice, item));
        }
        Ok(due)
    }
}
