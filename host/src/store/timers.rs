//! Durable timers a plugin scheduled (`scheduling.schedule-task`). A timer is
//! written with the turn that asked for it; firing deletes it in the same
//! transaction that commits what the plugin's `on-task` produced, so a timer
//! fires once: a crash before that commit leaves it due, and nothing of the
//! unfinished firing is kept.

use serde::{Deserialize, Serialize};
use sled::transaction::{TransactionalTree, UnabortableTransactionError};

use super::{Result, Store, decode, encode, keys};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimerRecord {
    pub id: String,
    pub practice: String,
    pub kind: String,
    #[serde(with = "super::records::b64")]
    pub payload: Vec<u8>,
    pub due: i64,
    /// Re-scheduling with the same key replaces the earlier timer.
    pub key: Option<String>,
    /// The conversation that scheduled it.
    pub source: String,
    pub created_at: i64,
}

fn due_key(due: i64, practice: &str, id: &str) -> Vec<u8> {
    let mut key = (due.max(0) as u64).to_be_bytes().to_vec();
    key.extend_from_slice(&keys::scoped(practice, id.as_bytes()));
    key
}

/// The three trees a timer lives in, inside a transaction.
pub(super) struct TimerTrees<'a> {
    pub timers: &'a TransactionalTree,
    pub due: &'a TransactionalTree,
    pub keys: &'a TransactionalTree,
}

impl TimerTrees<'_> {
    /// Insert (replacing any timer with the same key).
    pub fn insert(&self, timer: &TimerRecord) -> std::result::Result<(), UnabortableTransactionError> {
        if let Some(key) = &timer.key {
            let key_slot = keys::scoped(&timer.practice, key.as_bytes());
            if let Some(old_id) = self.keys.get(&key_slot)? {
                self.remove(&timer.practice, &String::from_utf8_lossy(&old_id))?;
            }
            self.keys.insert(key_slot, timer.id.as_bytes())?;
        }
        let record_key = keys::scoped(&timer.practice, timer.id.as_bytes());
        self.timers.insert(record_key.as_slice(), encode(timer))?;
        self.due.insert(due_key(timer.due, &timer.practice, &timer.id), record_key)?;
        Ok(())
    }

    /// Remove the timer with this id or, when there is none, the timer
    /// scheduled with this key (plugins cancel by key: an id is only known
    /// to the turn that scheduled the timer). Nothing found is no error.
    pub fn remove_id_or_key(
        &self,
        practice: &str,
        id_or_key: &str,
    ) -> std::result::Result<(), UnabortableTransactionError> {
        let record_key = keys::scoped(practice, id_or_key.as_bytes());
        if self.timers.get(record_key.as_slice())?.is_some() {
            return self.remove(practice, id_or_key);
        }
        if let Some(id) = self.keys.get(keys::scoped(practice, id_or_key.as_bytes()))? {
            self.remove(practice, &String::from_utf8_lossy(&id))?;
        }
        Ok(())
    }

    /// Remove a timer and its index entries; a missing timer is no error.
    pub fn remove(&self, practice: &str, id: &str) -> std::result::Result<(), UnabortableTransactionError> {
        let record_key = keys::scoped(practice, id.as_bytes());
        if let Some(bytes) = self.timers.remove(record_key.as_slice())?
            && let Ok(timer) = decode::<TimerRecord>(&bytes)
        {
            self.due.remove(due_key(timer.due, practice, id))?;
            if let Some(key) = &timer.key {
                let key_slot = keys::scoped(practice, key.as_bytes());
                if self.keys.get(&key_slot)?.is_some_and(|current| current.as_ref() == id.as_bytes()) {
                    self.keys.remove(key_slot)?;
                }
            }
        }
        Ok(())
    }
}

impl Store {
    pub fn new_timer_id(&self) -> Result<String> {
        Ok(format!("t{:016}", self.next_id()?))
    }

    /// Timers due at `now`, earliest first.
    pub fn due_timers(&self, now: i64, limit: usize) -> Result<Vec<TimerRecord>> {
        let end = ((now.max(0) as u64) + 1).to_be_bytes();
        let mut due = Vec::new();
        for kv in self.trees.timers_due.range(..end.to_vec()).take(limit) {
            let (_, record_key) = kv?;
            if let Some(bytes) = self.trees.timers.get(&record_key)? {
                due.push(decode(&bytes)?);
            }
        }
        Ok(due)
    }

    /// A practice's pending timers.
    pub fn timers(&self, practice: &str) -> Result<Vec<TimerRecord>> {
        self.trees.timers.scan_prefix(keys::prefix(practice)).map(|kv| decode(&kv?.1)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::TurnWrite;

    fn timer(id: &str, key: &str, due: i64) -> TimerRecord {
        TimerRecord {
            id: id.into(),
            practice: "p".into(),
            kind: "reminder".into(),
            payload: Vec::new(),
            due,
            key: Some(key.into()),
            source: "sms:+15550100001".into(),
            created_at: 0,
        }
    }

    fn write<'a>(timers: &'a [TimerRecord], removed: &'a [String]) -> TurnWrite<'a> {
        TurnWrite {
            practice: "p",
            conversation: None,
            turn: None,
            queue_items: &[],
            work: &[],
            audit: &[],
            outbox: &[],
            timers,
            removed_timers: removed,
            dedupe_key: None,
            opt_out: None,
            at: 0,
        }
    }

    #[test]
    fn a_timer_is_replaced_by_key_and_cancelled_by_id_or_key() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let ids = |store: &Store| store.timers("p").unwrap().into_iter().map(|t| t.id).collect::<Vec<_>>();
        store.commit_turn(&write(&[timer("t1", "appt:a1:confirm", 10), timer("t2", "appt:a1:prep", 20)], &[])).unwrap();
        // Moving: the same key replaces.
        store.commit_turn(&write(&[timer("t3", "appt:a1:confirm", 30)], &[])).unwrap();
        assert_eq!(ids(&store), ["t2", "t3"]);
        // Cancelling by key, by id, and an unknown one (no error).
        store.commit_turn(&write(&[], &["appt:a1:confirm".into(), "t2".into(), "appt:zz:prep".into()])).unwrap();
        assert!(ids(&store).is_empty());
        assert!(store.due_timers(i64::MAX, 10).unwrap().is_empty(), "the due index is cleaned too");
        // The key is free again.
        store.commit_turn(&write(&[timer("t4", "appt:a1:confirm", 40)], &[])).unwrap();
        assert_eq!(ids(&store), ["t4"]);
    }
}
