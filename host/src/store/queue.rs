//! Staff queue items, scoped per practice. Item ids are zero-padded so the
//! key order is creation order.

use sled::Transactional;

use super::audit::{AuditEvent, append_in};
use super::turns::CommittedTurn;
use super::{QueueItem, Result, Store, decode, encode, keys};

impl Store {
    /// A fresh queue item id (`q` + 16 digits, sorts by creation).
    pub fn new_queue_item_id(&self) -> Result<String> {
        Ok(format!("q{:016}", self.next_id()?))
    }

    /// A practice's queue items, oldest first.
    pub fn queue_items(&self, practice: &str) -> Result<Vec<QueueItem>> {
        self.trees.queue.scan_prefix(keys::prefix(practice)).map(|kv| decode(&kv?.1)).collect()
    }

    /// Queue an item the host makes outside a turn (a transfer nobody
    /// answered), with its audit event, once per `once_key` (the carrier's
    /// report of it may be retried): `false`, and nothing written, when an
    /// item was already made under that key. Not yet durable.
    pub fn queue_host_item_once(
        &self,
        practice: &str,
        once_key: &str,
        item: &QueueItem,
        event: &AuditEvent,
    ) -> Result<bool> {
        let t = &self.trees;
        let key = keys::scoped(practice, item.id.as_bytes());
        let once = keys::scoped(practice, once_key.as_bytes());
        // The dedupe tree maps a key to where it was handled; here, the
        // item's conversation (turn 0: no turn ran).
        let handled = encode(&CommittedTurn { conversation_id: item.conversation_id.clone(), seq: 0 });
        let made = (&t.queue, &t.audit, &t.audit_heads, &t.dedupe).transaction(|(queue, audit, heads, dedupe)| {
            if dedupe.get(&once)?.is_some() {
                return Ok(false);
            }
            queue.insert(key.as_slice(), encode(item))?;
            append_in(audit, heads, practice, item.created_at, event)?;
            dedupe.insert(once.as_slice(), handled.as_slice())?;
            Ok(true)
        })?;
        Ok(made)
    }
}
