//! The audit log: append-only and hash-chained per practice, so that any
//! edit, deletion or reordering of an entry breaks the chain at that entry
//! (HIPAA 164.312(b); ONC 170.315(d)(2) tamper detection).
//!
//! Each entry's `hash` is sha256 over the previous entry's hash and the
//! entry's own canonical JSON (without `hash`). The head (last sequence
//! number and hash) is kept per practice and updated in the same
//! transaction as the entry, so concurrent appends serialize on it.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionalTree};

use super::{Result, Store, StoreError, decode, encode, keys};

/// Something to record: who did what to which subject.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// `host`, `admin`, `staff`, `gateway`, or `plugin:NAME@VERSION`.
    pub actor: String,
    /// Dotted and stable, e.g. `turn.handled`, `plugin.fault`.
    pub action: String,
    /// What it concerns (a conversation or item id), if anything.
    pub subject: Option<String>,
    pub detail: serde_json::Value,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: u64,
    pub at: i64,
    #[serde(flatten)]
    pub event: AuditEvent,
    pub prev_hash: String,
    pub hash: String,
}

/// Where verification found the chain broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainBreak {
    pub seq: u64,
    pub reason: String,
}

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn entry_hash(seq: u64, at: i64, event: &AuditEvent, prev_hash: &str) -> String {
    #[derive(Serialize)]
    struct Hashed<'a> {
        seq: u64,
        at: i64,
        event: &'a AuditEvent,
        prev_hash: &'a str,
    }
    let body = serde_json::to_vec(&Hashed { seq, at, event, prev_hash }).expect("serializes");
    let mut hasher = Sha256::new();
    hasher.update(prev_hash.as_bytes());
    hasher.update(&body);
    hex::encode(hasher.finalize())
}

/// Append inside a transaction over the `audit` and `audit_heads` trees.
pub(super) fn append_in(
    audit: &TransactionalTree,
    heads: &TransactionalTree,
    practice: &str,
    at: i64,
    event: &AuditEvent,
) -> std::result::Result<(), ConflictableTransactionError<StoreError>> {
    let (seq, prev_hash) = match heads.get(practice.as_bytes())? {
        Some(head) => {
            let head: (u64, String) = decode(&head).map_err(ConflictableTransactionError::Abort)?;
            (head.0 + 1, head.1)
        }
        None => (1, GENESIS.to_string()),
    };
    let hash = entry_hash(seq, at, event, &prev_hash);
    let entry = AuditEntry { seq, at, event: event.clone(), prev_hash, hash: hash.clone() };
    audit.insert(keys::numbered(practice, seq), encode(&entry))?;
    heads.insert(practice.as_bytes(), encode(&(seq, hash)))?;
    Ok(())
}

impl Store {
    /// Append one event to a practice's chain (outside a turn).
    pub fn audit(&self, practice: &str, at: i64, event: AuditEvent) -> Result<()> {
        (&self.trees.audit, &self.trees.audit_heads)
            .transaction(|(audit, heads)| append_in(audit, heads, practice, at, &event))?;
        Ok(())
    }

    /// A practice's audit entries, oldest first.
    pub fn audit_entries(&self, practice: &str) -> Result<Vec<AuditEntry>> {
        self.trees.audit.scan_prefix(keys::prefix(practice)).map(|kv| decode(&kv?.1)).collect()
    }

    /// Walk a practice's chain; `Err` names the first broken link.
    pub fn verify_audit_chain(&self, practice: &str) -> Result<std::result::Result<u64, ChainBreak>> {
        let mut prev_hash = GENESIS.to_string();
        let mut expected_seq = 1;
        for kv in self.trees.audit.scan_prefix(keys::prefix(practice)) {
            let (key, value) = kv?;
            let seq_from_key = key
                .len()
                .checked_sub(8)
                .map(|at| u64::from_be_bytes(key[at..].try_into().expect("8 bytes")))
                .unwrap_or(0);
            let entry: AuditEntry = match decode(&value) {
                Ok(entry) => entry,
                Err(_) => {
                    let reason = "entry is not valid JSON".into();
                    return Ok(Err(ChainBreak { seq: seq_from_key, reason }));
                }
            };
            let broken = |reason: &str| Ok(Err(ChainBreak { seq: entry.seq, reason: reason.into() }));
            if entry.seq != expected_seq || seq_from_key != entry.seq {
                return broken("sequence number out of order (an entry was removed or moved)");
            }
            if entry.prev_hash != prev_hash {
                return broken("previous-hash link does not match the entry before it");
            }
            if entry_hash(entry.seq, entry.at, &entry.event, &entry.prev_hash) != entry.hash {
                return broken("entry content does not match its hash (it was altered)");
            }
            prev_hash = entry.hash;
            expected_seq += 1;
        }
        if let Some(head) = self.trees.audit_heads.get(practice.as_bytes())? {
            let (seq, hash): (u64, String) = decode(&head)?;
            if seq != expected_seq - 1 || hash != prev_hash {
                return Ok(Err(ChainBreak {
                    seq: expected_seq,
                    reason: "entries after this point are missing".into(),
                }));
            }
        }
        Ok(Ok(expected_seq - 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(n: u32) -> AuditEvent {
        AuditEvent {
            actor: "host".into(),
            action: "test.event".into(),
            subject: None,
            detail: serde_json::json!({ "n": n }),
        }
    }

    fn store_with_entries(n: u32) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        for i in 0..n {
            store.audit("alpha", 1_000 + i as i64, event(i)).unwrap();
        }
        store.audit("beta", 5, event(99)).unwrap();
        (dir, store)
    }

    fn raw_key(seq: u64) -> Vec<u8> {
        keys::numbered("alpha", seq)
    }

    #[test]
    fn an_intact_chain_verifies_per_practice() {
        let (_dir, store) = store_with_entries(5);
        assert_eq!(store.verify_audit_chain("alpha").unwrap(), Ok(5));
        assert_eq!(store.verify_audit_chain("beta").unwrap(), Ok(1));
        assert_eq!(store.verify_audit_chain("nobody").unwrap(), Ok(0));
        let entries = store.audit_entries("alpha").unwrap();
        assert_eq!(entries[1].prev_hash, entries[0].hash);
    }

    #[test]
    fn an_altered_entry_is_the_first_broken_link() {
        let (_dir, store) = store_with_entries(5);
        let mut entry: AuditEntry = decode(&store.trees.audit.get(raw_key(3)).unwrap().unwrap()).unwrap();
        entry.event.detail = serde_json::json!({ "n": 1234 });
        store.trees.audit.insert(raw_key(3), encode(&entry)).unwrap();
        let broken = store.verify_audit_chain("alpha").unwrap().unwrap_err();
        assert_eq!(broken.seq, 3);
        assert!(broken.reason.contains("altered"), "{broken:?}");
    }

    #[test]
    fn a_rehashed_entry_breaks_the_next_link() {
        let (_dir, store) = store_with_entries(5);
        let mut entry: AuditEntry = decode(&store.trees.audit.get(raw_key(2)).unwrap().unwrap()).unwrap();
        entry.event.actor = "mallory".into();
        entry.hash = entry_hash(entry.seq, entry.at, &entry.event, &entry.prev_hash);
        store.trees.audit.insert(raw_key(2), encode(&entry)).unwrap();
        assert_eq!(store.verify_audit_chain("alpha").unwrap().unwrap_err().seq, 3);
    }

    #[test]
    fn a_removed_entry_or_a_truncated_tail_is_detected() {
        let (_dir, store) = store_with_entries(5);
        store.trees.audit.remove(raw_key(2)).unwrap();
        assert_eq!(store.verify_audit_chain("alpha").unwrap().unwrap_err().seq, 3);

        let (_dir, store) = store_with_entries(5);
        store.trees.audit.remove(raw_key(5)).unwrap();
        let broken = store.verify_audit_chain("alpha").unwrap().unwrap_err();
        assert!(broken.reason.contains("missing"), "{broken:?}");

        let (_dir, store) = store_with_entries(3);
        store.trees.audit.insert(raw_key(2), b"garbage".to_vec()).unwrap();
        assert_eq!(store.verify_audit_chain("alpha").unwrap().unwrap_err().seq, 2);
    }
}
