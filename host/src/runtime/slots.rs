//! Per-practice plugin slots: one pre-instantiated plugin per (practice,
//! plugin version), loaded on first use from the content-addressed store.
//! Compiled code is shared through the runtime's compile cache.
//!
//! A slot also counts the conversations that are open on it, so that after
//! a hot swap the old version is unloaded as soon as nothing uses it: no
//! turn running in it, no open conversation on it, and it is not the
//! practice's active version. Unloading is always safe, because a slot is
//! only a cache: a conversation that comes back to an unloaded version (say
//! after a restart) loads it again from the store.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};

use super::{LoadedPlugin, Runtime, RuntimeError};
use crate::store::{PluginRef, Store, StoreError};

/// (practice id, plugin content hash)
type SlotKey = (String, String);

struct Slot {
    plugin: Arc<LoadedPlugin>,
    /// Conversations whose last turn ran on this version and did not end it.
    open: HashSet<String>,
    /// When a turn last ran here (ms), for conversations that go quiet.
    last_turn_at: i64,
}

#[derive(Clone)]
pub struct PluginSlots {
    runtime: Runtime,
    store: Store,
    slots: Arc<RwLock<HashMap<SlotKey, Slot>>>,
}

/// What a practice has loaded (for the plugin status API).
#[derive(Debug, Clone, serde::Serialize)]
pub struct LoadedSlot {
    pub plugin: String,
    pub hash: String,
    pub open_conversations: usize,
    pub running_turns: usize,
}

impl PluginSlots {
    pub fn new(runtime: Runtime, store: Store) -> Self {
        PluginSlots { runtime, store, slots: Arc::default() }
    }

    pub fn runtime(&self) -> &Runtime {
        &self.runtime
    }

    /// The slot for `practice` running `plugin`; blocking (may compile).
    pub fn get(&self, practice: &str, plugin: &PluginRef) -> Result<Arc<LoadedPlugin>, RuntimeError> {
        let key = (practice.to_string(), plugin.hash.clone());
        if let Some(slot) = self.slots.read().expect("slots lock").get(&key) {
            return Ok(slot.plugin.clone());
        }
        let bytes = self
            .store
            .component(&plugin.hash)?
            .ok_or_else(|| StoreError::NotFound(format!("plugin component {plugin}")))?;
        let loaded = LoadedPlugin::load(&self.runtime, &bytes, Some(&self.store))?;
        let mut slots = self.slots.write().expect("slots lock");
        let slot = slots.entry(key).or_insert(Slot { plugin: loaded, open: HashSet::new(), last_turn_at: 0 });
        Ok(slot.plugin.clone())
    }

    /// Record that a turn of `conversation` ran on `plugin` and whether the
    /// conversation goes on; unloads the version if that was its last user.
    pub fn note_turn(&self, practice: &str, plugin: &PluginRef, conversation: &str, open: bool, at: i64) {
        let key = (practice.to_string(), plugin.hash.clone());
        let mut slots = self.slots.write().expect("slots lock");
        if let Some(slot) = slots.get_mut(&key) {
            if open {
                slot.open.insert(conversation.to_string());
            } else {
                slot.open.remove(conversation);
            }
            slot.last_turn_at = at;
        }
        drop(slots);
        if !open {
            self.sweep(practice, at);
        }
    }

    /// Unload every version of `practice` other than `active` that nothing
    /// uses. A conversation open on an old version keeps it loaded until it
    /// ends, or until it has been quiet for `idle_ms` (an abandoned text
    /// thread starts over on the active version anyway).
    pub fn sweep_with_idle(&self, practice: &str, active: &str, now: i64, idle_ms: i64) -> usize {
        let mut slots = self.slots.write().expect("slots lock");
        let before = slots.len();
        let mut unloaded = Vec::new();
        slots.retain(|(p, hash), slot| {
            let keep = p != practice
                || hash == active
                // Someone holds the plugin: a turn is running in it.
                || Arc::strong_count(&slot.plugin) > 1
                || (!slot.open.is_empty() && now - slot.last_turn_at < idle_ms);
            if !keep {
                unloaded.push(hash.clone());
            }
            keep
        });
        let still_used: HashSet<&String> = slots.keys().map(|(_, h)| h).collect();
        for hash in unloaded.iter().filter(|h| !still_used.contains(h)) {
            self.runtime.forget(hash);
        }
        let count = before - slots.len();
        if count > 0 {
            tracing::info!(practice, unloaded = count, "unloaded plugin versions nothing uses");
        }
        count
    }

    /// [`Self::sweep_with_idle`] with the host's conversation idle limit and
    /// the practice's active version as stored now (a turn's own copy of the
    /// practice may predate a swap).
    pub fn sweep(&self, practice: &str, now: i64) -> usize {
        let active = match self.store.practice(practice) {
            Ok(Some(p)) => p.plugin.hash,
            // Unknown practice or an unreadable store: unload nothing.
            _ => return 0,
        };
        self.sweep_with_idle(practice, &active, now, crate::turn::CONVERSATION_IDLE_MS)
    }

    /// The versions `practice` has loaded.
    pub fn loaded(&self, practice: &str) -> Vec<LoadedSlot> {
        let slots = self.slots.read().expect("slots lock");
        let mut loaded: Vec<LoadedSlot> = slots
            .iter()
            .filter(|((p, _), _)| p == practice)
            .map(|((_, hash), slot)| LoadedSlot {
                plugin: slot.plugin.reference.to_string(),
                hash: hash.clone(),
                open_conversations: slot.open.len(),
                running_turns: Arc::strong_count(&slot.plugin) - 1,
            })
            .collect();
        loaded.sort_by(|a, b| a.plugin.cmp(&b.plugin));
        loaded
    }
}
