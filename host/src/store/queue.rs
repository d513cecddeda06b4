//! Staff queue items, scoped per practice. Item ids are zero-padded so the
//! key order is creation order.

use super::{QueueItem, Result, Store, decode, keys};

impl Store {
    /// A fresh queue item id (`q` + 16 digits, sorts by creation).
    pub fn new_queue_item_id(&self) -> Result<String> {
        Ok(format!("q{:016}", self.next_id()?))
    }

    /// A practice's queue items, oldest first.
    pub fn queue_items(&self, practice: &str) -> Result<Vec<QueueItem>> {
        self.trees.queue.scan_prefix(keys::prefix(practice)).map(|kv| decode(&kv?.1)).collect()
    }
}
