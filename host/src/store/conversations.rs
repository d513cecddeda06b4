//! Listing a practice's conversations (for the dashboard and metrics).

use super::{Conversation, Result, Store, decode, keys};

impl Store {
    /// Every conversation record of a practice: one per call, and one per
    /// text thread (a thread that restarts after going idle reuses its
    /// record, which then carries the newer start).
    pub fn conversations(&self, practice: &str) -> Result<Vec<Conversation>> {
        self.trees.conversations.scan_prefix(keys::prefix(practice)).map(|kv| decode(&kv?.1)).collect()
    }
}
