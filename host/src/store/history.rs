//! Each practice's plugin history, indexed in memory.
//!
//! A swap asks "which revision is newest / which ran before this one", and a
//! turn of a conversation still on an older version asks "which revision
//! ran that component". Reading the history from sled for each answer costs
//! little alone, but every sled read waits behind any transaction and flush
//! in flight (sled 0.34 serialises transactions with one global lock), so
//! under load each read was a wait of up to a flush, and those reads were
//! most of a swap's request-to-active time. The index keeps a small summary
//! of every revision — number, component hash, a digest of the config — so
//! finding one costs no sled read; the full record is then one `get`.
//!
//! Invariant: the index never holds a revision the tree does not. It is
//! loaded from the tree under its lock, and [`HistoryIndex::committed`]
//! adds revisions only after their transaction committed; a load that
//! raced with a commit already holds them, so adding is idempotent.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use super::{PluginRevision, Practice, Result};

/// What a lookup in the history needs to know of one revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionSummary {
    pub revision: u32,
    /// The component that revision ran.
    pub plugin_hash: String,
    config_sha256: [u8; 32],
}

impl RevisionSummary {
    pub fn of(revision: &PluginRevision) -> Self {
        RevisionSummary {
            revision: revision.revision,
            plugin_hash: revision.plugin.hash.clone(),
            config_sha256: Sha256::digest(revision.config.as_bytes()).into(),
        }
    }

    /// Whether the practice runs exactly this revision's component and config.
    pub fn is_state_of(&self, practice: &Practice) -> bool {
        self.plugin_hash == practice.plugin.hash
            && self.config_sha256 == <[u8; 32]>::from(Sha256::digest(practice.config.as_bytes()))
    }
}

/// Summaries per practice, oldest first; a practice is loaded on first use.
#[derive(Default)]
pub(super) struct HistoryIndex {
    practices: Mutex<HashMap<String, Arc<Vec<RevisionSummary>>>>,
}

impl HistoryIndex {
    /// The practice's summaries, loading them with `load` the first time.
    pub(super) fn get(
        &self,
        practice: &str,
        load: impl FnOnce() -> Result<Vec<PluginRevision>>,
    ) -> Result<Arc<Vec<RevisionSummary>>> {
        let mut practices = self.practices.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(summaries) = practices.get(practice) {
            return Ok(Arc::clone(summaries));
        }
        let summaries = Arc::new(load()?.iter().map(RevisionSummary::of).collect::<Vec<_>>());
        practices.insert(practice.to_string(), Arc::clone(&summaries));
        Ok(summaries)
    }

    /// Record revisions whose transaction has committed. A practice not yet
    /// loaded is left alone: its first load reads them from the tree.
    pub(super) fn committed(&self, practice: &str, revisions: &[PluginRevision]) {
        let mut practices = self.practices.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let Some(summaries) = practices.get_mut(practice) else { return };
        let summaries = Arc::make_mut(summaries);
        for revision in revisions {
            if !summaries.iter().any(|s| s.revision == revision.revision) {
                summaries.push(RevisionSummary::of(revision));
            }
        }
        // Two switches' updates can arrive out of commit order.
        summaries.sort_by_key(|s| s.revision);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::PluginRef;

    fn revision(n: u32, hash: &str, config: &str) -> PluginRevision {
        PluginRevision {
            revision: n,
            plugin: PluginRef { name: "p".into(), version: "1.0.0".into(), hash: hash.into() },
            config: config.into(),
            prepared_config: Vec::new(),
            action: "install".into(),
            restored: None,
            tests_passed: 0,
            at: 0,
        }
    }

    #[test]
    fn commits_are_kept_in_revision_order_once_each() {
        let index = HistoryIndex::default();
        let loaded = index.get("a", || Ok(vec![revision(1, "h1", "x")])).unwrap();
        assert_eq!(loaded.len(), 1);
        // Revision 3's update arrives before revision 2's, and a load that
        // raced with revision 2's commit already holds it.
        index.committed("a", &[revision(3, "h3", "z")]);
        index.committed("a", &[revision(2, "h2", "y")]);
        index.committed("a", &[revision(2, "h2", "y")]);
        let numbers: Vec<u32> = index.get("a", || unreachable!()).unwrap().iter().map(|s| s.revision).collect();
        assert_eq!(numbers, [1, 2, 3]);
        assert_eq!(loaded.len(), 1, "a reader's snapshot does not change under it");
    }

    #[test]
    fn a_practice_not_loaded_yet_is_read_from_the_tree_later() {
        let index = HistoryIndex::default();
        index.committed("b", &[revision(1, "h1", "x")]);
        let loaded = index.get("b", || Ok(vec![revision(1, "h1", "x"), revision(2, "h2", "y")])).unwrap();
        assert_eq!(loaded.len(), 2);
    }

    #[test]
    fn a_summary_knows_the_state_it_ran() {
        let summary = RevisionSummary::of(&revision(4, "h4", "greeting = \"hi\""));
        assert_eq!(summary.plugin_hash, "h4");
        assert_eq!(summary.config_sha256, <[u8; 32]>::from(Sha256::digest(b"greeting = \"hi\"")));
    }
}
