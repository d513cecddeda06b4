//! The plugin registry's records: published packages (content-addressed),
//! first-come registration of `name@version`, and each practice's plugin
//! history with the switch that makes a revision active.
//!
//! Invariants:
//! - `name@version` names one content hash forever: a second publish with
//!   other bytes is refused, atomically (compare-and-swap), so two racing
//!   publishes cannot both win.
//! - Activating a revision writes the practice's active plugin and the
//!   history entry in one transaction: history never disagrees with what
//!   runs.

use sled::Transactional;
use sled::transaction::{
    ConflictableTransactionError as TxError, TransactionError, TransactionalTree, UnabortableTransactionError,
};

use super::{PluginRecord, PluginRevision, Practice, Result, RevisionSummary, Store, StoreError, decode, encode, keys};

impl Store {
    pub fn put_package(&self, hash: &str, bytes: &[u8]) -> Result<()> {
        if !self.trees.packages.contains_key(hash)? {
            self.trees.packages.insert(hash, bytes)?;
        }
        Ok(())
    }

    pub fn package(&self, hash: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.trees.packages.get(hash)?.map(|v| v.to_vec()))
    }

    /// Register `name@version` unless it is taken by different content.
    /// Publishing the same content again returns the existing record.
    pub fn register_new_plugin(&self, record: &PluginRecord) -> Result<PluginRecord> {
        let key = record.plugin.to_string();
        let value = encode(record);
        match self.trees.plugins.compare_and_swap(&key, None as Option<&[u8]>, Some(value))? {
            Ok(()) => Ok(record.clone()),
            Err(existing) => {
                let existing: PluginRecord = match existing.current {
                    Some(bytes) => decode(&bytes)?,
                    None => return Err(StoreError::Conflict(format!("{key} is being published; try again"))),
                };
                if existing.plugin.hash == record.plugin.hash {
                    Ok(existing)
                } else {
                    Err(StoreError::Conflict(format!(
                        "{key} is already published with different content; publish a new version"
                    )))
                }
            }
        }
    }

    /// A practice's plugin history, oldest first.
    pub fn plugin_history(&self, practice: &str) -> Result<Vec<PluginRevision>> {
        self.trees.plugin_history.scan_prefix(keys::prefix(practice)).map(|kv| decode(&kv?.1)).collect()
    }

    /// The newest revision of `practice` that ran the component `hash`: the
    /// config a conversation still on that version must keep using.
    pub fn revision_for(&self, practice: &str, hash: &str) -> Result<Option<PluginRevision>> {
        self.newest_revision(practice, |r| r.plugin_hash == hash)
    }

    /// The newest revision of `practice` whose summary `matches`: found in
    /// the in-memory index, then read whole.
    pub fn newest_revision(
        &self,
        practice: &str,
        matches: impl Fn(&RevisionSummary) -> bool,
    ) -> Result<Option<PluginRevision>> {
        let Some(found) = self.newest_summary(practice, matches)? else { return Ok(None) };
        let key = keys::numbered(practice, u64::from(found.revision));
        match self.trees.plugin_history.get(key)? {
            Some(bytes) => Ok(Some(decode(&bytes)?)),
            None => {
                Err(StoreError::Corrupt(format!("revision {} of {practice} is indexed but missing", found.revision)))
            }
        }
    }

    /// The summary of the newest revision of `practice` that `matches`.
    pub fn newest_summary(
        &self,
        practice: &str,
        matches: impl Fn(&RevisionSummary) -> bool,
    ) -> Result<Option<RevisionSummary>> {
        let summaries = self.history.get(practice, || self.plugin_history(practice))?;
        Ok(summaries.iter().rev().find(|s| matches(s)).cloned())
    }

    /// Switch a practice's plugin in one transaction. `decide` sees the
    /// practice as it is inside the transaction and what it may read there
    /// ([`SwitchReads`]), and returns the history entries to write; the
    /// last one becomes active. Deciding inside the transaction means a
    /// switch takes sled's transaction lock once and never acts on a
    /// practice that changed after it looked. `decide` may run more than
    /// once (sled retries on conflict), so it must only compute.
    pub fn switch_plugin<E: From<StoreError>>(
        &self,
        practice_id: &str,
        at: i64,
        decide: impl Fn(&Practice, &SwitchReads<'_>) -> std::result::Result<Vec<PluginRevision>, E>,
    ) -> std::result::Result<Switched, E> {
        let t = &self.trees;
        let switch = |summaries: &[RevisionSummary]| {
            (&t.practices, &t.plugin_history, &t.plugins).transaction(|(practices, history, plugins)| {
                let before: Practice = match practices.get(practice_id.as_bytes())? {
                    Some(bytes) => decode(&bytes).map_err(|e| TxError::Abort(E::from(e)))?,
                    None => {
                        return Err(TxError::Abort(E::from(StoreError::NotFound(format!("practice {practice_id}")))));
                    }
                };
                let reads = SwitchReads { practice_id, summaries, history, plugins };
                let entries = decide(&before, &reads).map_err(TxError::Abort)?;
                let Some(active) = entries.last() else {
                    return Err(TxError::Abort(E::from(StoreError::Invalid("no revision to activate".into()))));
                };
                for entry in &entries {
                    let key = keys::numbered(practice_id, u64::from(entry.revision));
                    // Revision numbers are claimed here, so two racing switches
                    // cannot both write revision n.
                    if history.get(&key)?.is_some() {
                        return Err(TxError::Abort(E::from(StoreError::Conflict(
                            "another plugin change for this practice was recorded meanwhile; try again".into(),
                        ))));
                    }
                    history.insert(key, encode(entry))?;
                }
                let mut after = before.clone();
                after.plugin = active.plugin.clone();
                after.config = active.config.clone();
                after.prepared_config = active.prepared_config.clone();
                after.updated_at = at;
                practices.insert(practice_id.as_bytes(), encode(&after))?;
                Ok(Switched { before, after, entries })
            })
        };
        self.history.committing(
            practice_id,
            || self.plugin_history(practice_id),
            |summaries| match switch(summaries) {
                Ok(switched) => {
                    let written = switched.entries.clone();
                    Ok((switched, written))
                }
                Err(TransactionError::Abort(e)) => Err(e),
                Err(TransactionError::Storage(e)) => Err(E::from(StoreError::Db(e))),
            },
        )
    }

    /// Replace a practice's plugin policy (read-modify-write in one
    /// transaction so a concurrent switch is not undone).
    pub fn set_plugin_policy(
        &self,
        practice_id: &str,
        check: impl Fn(&Practice) -> std::result::Result<(), StoreError>,
        policy: &super::PluginPolicy,
        at: i64,
    ) -> Result<Practice> {
        let practices = &self.trees.practices;
        let practice = practices.transaction(|tx| {
            let mut practice: Practice = match tx.get(practice_id.as_bytes())? {
                Some(bytes) => decode(&bytes).map_err(TxError::Abort)?,
                None => return Err(TxError::Abort(StoreError::NotFound(format!("practice {practice_id}")))),
            };
            check(&practice).map_err(TxError::Abort)?;
            practice.plugin_policy = policy.clone();
            practice.updated_at = at;
            tx.insert(practice_id.as_bytes(), encode(&practice))?;
            Ok(practice)
        })?;
        Ok(practice)
    }
}

/// A switch's result: the practice before and after, and the history
/// entries written (the last is active).
#[derive(Debug, Clone)]
pub struct Switched {
    pub before: Practice,
    pub after: Practice,
    pub entries: Vec<PluginRevision>,
}

/// What a switch may read while it decides, inside its transaction.
pub struct SwitchReads<'t> {
    practice_id: &'t str,
    summaries: &'t [RevisionSummary],
    history: &'t TransactionalTree,
    plugins: &'t TransactionalTree,
}

impl SwitchReads<'_> {
    /// The newest revision whose summary `matches` (the practice's history
    /// cannot change while the switch holds its index lock).
    pub fn newest_summary(&self, matches: impl Fn(&RevisionSummary) -> bool) -> Option<&RevisionSummary> {
        self.summaries.iter().rev().find(|s| matches(s))
    }

    pub fn revision(&self, revision: u32) -> Result<Option<PluginRevision>> {
        let key = keys::numbered(self.practice_id, u64::from(revision));
        self.history.get(key).map_err(unabortable)?.map(|v| decode(&v)).transpose()
    }

    /// A published plugin's record, by `name@version`.
    pub fn plugin(&self, name_at_version: &str) -> Result<Option<PluginRecord>> {
        self.plugins.get(name_at_version).map_err(unabortable)?.map(|v| decode(&v)).transpose()
    }
}

/// A read inside a transaction failed: storage, or a conflict. sled 0.34
/// never reports one for these reads (its transactions run one at a time);
/// should it, the switch is refused with "try again" rather than retried.
fn unabortable(error: UnabortableTransactionError) -> StoreError {
    match error {
        UnabortableTransactionError::Storage(e) => StoreError::Db(e),
        UnabortableTransactionError::Conflict => StoreError::Conflict("the store was busy; try again".into()),
    }
}
