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
use sled::transaction::ConflictableTransactionError as TxError;

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

    /// Make `entries` (the last one is the new active revision) part of the
    /// history and switch the practice to the last one, in one transaction.
    /// `expected` is the plugin hash and config the caller checked against:
    /// if another change got there first, nothing is written (`Conflict`).
    pub fn activate_revision(
        &self,
        practice_id: &str,
        expected: (&str, &str),
        entries: &[PluginRevision],
        at: i64,
    ) -> Result<Practice> {
        let active = entries.last().ok_or_else(|| StoreError::Invalid("no revision to activate".into()))?;
        let t = &self.trees;
        let switch = || {
            (&t.practices, &t.plugin_history).transaction(|(practices, history)| {
                let mut practice: Practice = match practices.get(practice_id.as_bytes())? {
                    Some(bytes) => decode(&bytes).map_err(TxError::Abort)?,
                    None => return Err(TxError::Abort(StoreError::NotFound(format!("practice {practice_id}")))),
                };
                if practice.plugin.hash != expected.0 || practice.config != expected.1 {
                    return Err(TxError::Abort(StoreError::Conflict(
                        "the practice's plugin changed while this request was checked; try again".into(),
                    )));
                }
                for entry in entries {
                    let key = keys::numbered(practice_id, u64::from(entry.revision));
                    // Revision numbers are claimed here, so two racing switches
                    // cannot both write revision n.
                    if history.get(&key)?.is_some() {
                        return Err(TxError::Abort(StoreError::Conflict(
                            "another plugin change for this practice was recorded meanwhile; try again".into(),
                        )));
                    }
                    history.insert(key, encode(entry))?;
                }
                practice.plugin = active.plugin.clone();
                practice.config = active.config.clone();
                practice.prepared_config = active.prepared_config.clone();
                practice.updated_at = at;
                practices.insert(practice_id.as_bytes(), encode(&practice))?;
                Ok(practice)
            })
        };
        self.history.committing(practice_id, || Ok((switch()?, entries.to_vec())))
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
