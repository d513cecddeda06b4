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
//! Invariants: the index never holds a revision the tree does not, and
//! never lacks one that a reader could know about. A practice's summaries
//! are loaded from the tree under that practice's lock, and a switch holds
//! the same lock across its transaction and the index update
//! ([`HistoryIndex::committing`]), so a reader that has seen the switched
//! practice record waits for the index to catch up, and the switch decides
//! on a history nobody else can extend meanwhile.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use super::{PluginRevision, Practice, Result, StoreError};

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

/// A practice's summaries, oldest first; `None` until first loaded.
type Slot = Arc<Mutex<Option<Arc<Vec<RevisionSummary>>>>>;

/// Summaries per practice, each behind its own lock: a practice is loaded on
/// first use, and a switch holds the practice's lock from before its
/// transaction until the index has the revisions it wrote, so nobody who has
/// seen the switched practice can find the index without them.
#[derive(Default)]
pub(super) struct HistoryIndex {
    practices: Mutex<HashMap<String, Slot>>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl HistoryIndex {
    fn slot(&self, practice: &str) -> Slot {
        Arc::clone(lock(&self.practices).entry(practice.to_string()).or_default())
    }

    /// The practice's summaries, loading them with `load` the first time.
    pub(super) fn get(
        &self,
        practice: &str,
        load: impl FnOnce() -> Result<Vec<PluginRevision>>,
    ) -> Result<Arc<Vec<RevisionSummary>>> {
        let slot = self.slot(practice);
        let mut summaries = lock(&slot);
        if let Some(summaries) = &*summaries {
            return Ok(Arc::clone(summaries));
        }
        let loaded = Arc::new(load()?.iter().map(RevisionSummary::of).collect::<Vec<_>>());
        *summaries = Some(Arc::clone(&loaded));
        Ok(loaded)
    }

    /// Run `commit`, a transaction that writes revisions of `practice` and
    /// returns them, with the practice's index locked (loaded with `load`
    /// first if need be, and handed to `commit`), then add what it wrote.
    pub(super) fn committing<T, E: From<StoreError>>(
        &self,
        practice: &str,
        load: impl FnOnce() -> Result<Vec<PluginRevision>>,
        commit: impl FnOnce(&[RevisionSummary]) -> std::result::Result<(T, Vec<PluginRevision>), E>,
    ) -> std::result::Result<T, E> {
        let slot = self.slot(practice);
        let mut summaries = lock(&slot);
        if summaries.is_none() {
            let loaded = load()?.iter().map(RevisionSummary::of).collect::<Vec<_>>();
            *summaries = Some(Arc::new(loaded));
        }
        let current = summaries.as_mut().expect("loaded above");
        let (value, written) = match commit(current) {
            Ok(done) => done,
            Err(e) => {
                // A storage error may come after the transaction committed:
                // read the tree again next time rather than trust the index.
                *summaries = None;
                return Err(e);
            }
        };
        let current = summaries.as_mut().expect("still loaded");
        let current = Arc::make_mut(current);
        for revision in &written {
            if !current.iter().any(|s| s.revision == revision.revision) {
                current.push(RevisionSummary::of(revision));
            }
        }
        current.sort_by_key(|s| s.revision);
        Ok(value)
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
        let commit = |revisions: Vec<PluginRevision>| {
            index.committing::<_, StoreError>("a", || unreachable!(), |_| Ok(((), revisions))).unwrap()
        };
        commit(vec![revision(3, "h3", "z")]);
        commit(vec![revision(2, "h2", "y")]);
        commit(vec![revision(2, "h2", "y")]);
        let numbers: Vec<u32> = index.get("a", || unreachable!()).unwrap().iter().map(|s| s.revision).collect();
        assert_eq!(numbers, [1, 2, 3]);
        assert_eq!(loaded.len(), 1, "a reader's snapshot does not change under it");
    }

    #[test]
    fn a_switch_loads_the_practice_first_and_sees_what_was_there() {
        let index = HistoryIndex::default();
        let seen = index
            .committing::<_, StoreError>(
                "b",
                || Ok(vec![revision(1, "h1", "x")]),
                |summaries| Ok((summaries.len(), vec![revision(2, "h2", "y")])),
            )
            .unwrap();
        assert_eq!(seen, 1, "the switch decided on the loaded history");
        assert_eq!(index.get("b", || unreachable!()).unwrap().len(), 2);
    }

    #[test]
    fn a_reader_waits_for_a_switch_in_progress() {
        use std::sync::mpsc;
        let index = Arc::new(HistoryIndex::default());
        index.get("c", || Ok(vec![revision(1, "h1", "x")])).unwrap();
        let (committed, wait) = mpsc::channel();
        let switching = Arc::clone(&index);
        let switch = std::thread::spawn(move || {
            switching
                .committing::<_, StoreError>(
                    "c",
                    || unreachable!(),
                    |_| {
                        // The transaction has committed; a reader starts now.
                        committed.send(()).unwrap();
                        std::thread::sleep(std::time::Duration::from_millis(50));
                        Ok(((), vec![revision(2, "h2", "y")]))
                    },
                )
                .unwrap();
        });
        wait.recv().unwrap();
        let seen = index.get("c", || unreachable!()).unwrap();
        assert_eq!(seen.last().map(|s| s.revision), Some(2), "the reader saw the switch's revision");
        switch.join().unwrap();
    }

    #[test]
    fn a_summary_knows_the_state_it_ran() {
        let summary = RevisionSummary::of(&revision(4, "h4", "greeting = \"hi\""));
        assert_eq!(summary.plugin_hash, "h4");
        assert_eq!(summary.config_sha256, <[u8; 32]>::from(Sha256::digest(b"greeting = \"hi\"")));
    }
}
