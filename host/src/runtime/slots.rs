//! Per-practice plugin slots: one pre-instantiated plugin per (practice,
//! plugin version), loaded on first use from the content-addressed store.
//! Compiled code is shared through the runtime's compile cache.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use super::{LoadedPlugin, Runtime, RuntimeError};
use crate::store::{PluginRef, Store, StoreError};

/// (practice id, plugin content hash) → the loaded plugin.
type SlotMap = HashMap<(String, String), Arc<LoadedPlugin>>;

#[derive(Clone)]
pub struct PluginSlots {
    runtime: Runtime,
    store: Store,
    slots: Arc<RwLock<SlotMap>>,
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
            return Ok(slot.clone());
        }
        let bytes = self
            .store
            .component(&plugin.hash)?
            .ok_or_else(|| StoreError::NotFound(format!("plugin component {plugin}")))?;
        let loaded = LoadedPlugin::load(&self.runtime, &bytes, Some(&self.store))?;
        let mut slots = self.slots.write().expect("slots lock");
        Ok(slots.entry(key).or_insert(loaded).clone())
    }
}
