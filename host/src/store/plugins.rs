//! Plugin components, content-addressed by sha256, plus their precompiled
//! machine code keyed by content hash and the engine's compatibility hash
//! (a different wasmtime build or config never loads stale code).

use super::{PluginRecord, Result, Store, decode, encode};

impl Store {
    pub fn put_component(&self, hash: &str, bytes: &[u8]) -> Result<()> {
        if !self.trees.components.contains_key(hash)? {
            self.trees.components.insert(hash, bytes)?;
        }
        Ok(())
    }

    pub fn component(&self, hash: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.trees.components.get(hash)?.map(|v| v.to_vec()))
    }

    pub fn compiled(&self, key: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.trees.compiled.get(key)?.map(|v| v.to_vec()))
    }

    pub fn put_compiled(&self, key: &str, bytes: &[u8]) -> Result<()> {
        self.trees.compiled.insert(key, bytes)?;
        Ok(())
    }

    /// Register `name@version`; re-registering the same content is a no-op.
    pub fn put_plugin(&self, record: &PluginRecord) -> Result<()> {
        self.trees.plugins.insert(record.plugin.to_string(), encode(record))?;
        Ok(())
    }

    /// A plugin by `name@version`.
    pub fn plugin(&self, name_at_version: &str) -> Result<Option<PluginRecord>> {
        self.trees.plugins.get(name_at_version)?.map(|v| decode(&v)).transpose()
    }

    pub fn plugins(&self) -> Result<Vec<PluginRecord>> {
        self.trees.plugins.iter().map(|kv| decode(&kv?.1)).collect()
    }
}
