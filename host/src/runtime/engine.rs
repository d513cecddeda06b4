//! The engine, its linker and the compile cache.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};
use std::thread;

use sha2::{Digest, Sha256};
use wasmtime::component::{Component, Linker};
use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

use super::limits::{EPOCH_TICK, TurnLimits};
use crate::capabilities::HostState;
use crate::store::Store;

#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    #[error("not a valid Wasm component: {0}")]
    InvalidComponent(String),
    #[error("the component does not fit the switchboard:plugin world: {0}")]
    WrongWorld(String),
    #[error("the plugin failed while {during}: {fault}")]
    PluginFault { during: &'static str, fault: super::Fault },
    /// Valid, but past what this host gives a plugin (a memory that starts
    /// larger than an instance may have, more tables or instances than the
    /// pool holds): the vendor's to fix, so a 422, not a host fault.
    #[error("the host cannot run this component within its limits: {0}")]
    BeyondLimits(String),
    #[error("engine error: {0}")]
    Engine(String),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// Instances that may be alive at once; also bounds concurrent turns.
pub const MAX_CONCURRENT_INSTANCES: u32 = 256;

/// Shared by the whole host; cheap to clone.
#[derive(Clone)]
pub struct Runtime {
    inner: Arc<Inner>,
}

struct Inner {
    engine: Engine,
    linker: Linker<HostState>,
    limits: Arc<TurnLimits>,
    /// Compiled components by content hash, so practices on the same plugin
    /// version share machine code.
    compiled: Mutex<HashMap<String, Component>>,
    compat_hash: String,
}

impl Runtime {
    pub fn new(limits: TurnLimits) -> Result<Self, RuntimeError> {
        let mut config = Config::new();
        config.wasm_component_model(true);
        config.epoch_interruption(true);
        let mut pool = PoolingAllocationConfig::new();
        pool.total_component_instances(MAX_CONCURRENT_INSTANCES);
        pool.total_core_instances(MAX_CONCURRENT_INSTANCES * 4);
        pool.total_memories(MAX_CONCURRENT_INSTANCES * 2);
        pool.total_tables(MAX_CONCURRENT_INSTANCES * 4);
        pool.max_memory_size(limits.memory_bytes);
        pool.max_memories_per_component(4);
        // A fresh instance per turn reuses a pooled slot; resetting the first
        // pages with memset is cheaper than returning them to the kernel and
        // faulting them in again on the next turn.
        pool.linear_memory_keep_resident(256 << 10);
        pool.table_keep_resident(64 << 10);
        config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
        let engine = Engine::new(&config).map_err(|e| RuntimeError::Engine(e.to_string()))?;

        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker).map_err(|e| RuntimeError::Engine(e.to_string()))?;
        for &version in super::contract::SUPPORTED {
            super::link::add_contract(&mut linker, version).map_err(|e| RuntimeError::Engine(e.to_string()))?;
        }

        spawn_epoch_ticker(engine.weak());
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        engine.precompile_compatibility_hash().hash(&mut hasher);
        let compat_hash = format!("{:016x}", hasher.finish());
        Ok(Runtime {
            inner: Arc::new(Inner {
                engine,
                linker,
                limits: Arc::new(limits),
                compiled: Mutex::new(HashMap::new()),
                compat_hash,
            }),
        })
    }

    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    pub(crate) fn linker(&self) -> &Linker<HostState> {
        &self.inner.linker
    }

    pub fn limits(&self) -> &Arc<TurnLimits> {
        &self.inner.limits
    }

    /// Compile a component, or fetch it from the in-memory cache or the
    /// store's precompiled cache (keyed by content hash and the engine's
    /// compatibility hash). Returns the content hash with the component.
    pub fn compile(&self, bytes: &[u8], store: Option<&Store>) -> Result<(String, Component), RuntimeError> {
        let hash = content_hash(bytes);
        if let Some(component) = self.inner.compiled.lock().expect("cache lock").get(&hash) {
            return Ok((hash, component.clone()));
        }
        let cache_key = format!("{hash}-{}", self.inner.compat_hash);
        let cached = match store {
            Some(store) => store.compiled(&cache_key)?,
            None => None,
        };
        let component = match cached {
            // SAFETY: these bytes were produced by `Engine::precompile_component`
            // of an engine with the same compatibility hash, and the store is
            // the host's own data directory, not input from a request.
            Some(code) => match unsafe { Component::deserialize(&self.inner.engine, &code) } {
                Ok(component) => component,
                Err(_) => self.compile_fresh(bytes, store, &cache_key)?,
            },
            None => self.compile_fresh(bytes, store, &cache_key)?,
        };
        self.inner.compiled.lock().expect("cache lock").insert(hash.clone(), component.clone());
        Ok((hash, component))
    }

    /// Compile and keep the code in memory only: for checking a component
    /// before anything about it is stored ([`Self::persist`] afterwards).
    pub fn compile_unstored(&self, bytes: &[u8]) -> Result<(String, Component), RuntimeError> {
        self.compile(bytes, None)
    }

    /// Write a compiled component's machine code to the store's cache, so
    /// a restart deserializes it instead of compiling again.
    pub fn persist(&self, hash: &str, component: &Component, store: &Store) -> Result<(), RuntimeError> {
        let cache_key = format!("{hash}-{}", self.inner.compat_hash);
        if store.compiled(&cache_key)?.is_none() {
            let code = component.serialize().map_err(|e| RuntimeError::Engine(format!("{e:#}")))?;
            store.put_compiled(&cache_key, &code)?;
        }
        Ok(())
    }

    /// Drop a component's compiled code from memory (its precompiled form
    /// stays in the store, so loading it again is a quick deserialize).
    pub fn forget(&self, hash: &str) {
        self.inner.compiled.lock().expect("cache lock").remove(hash);
    }

    fn compile_fresh(&self, bytes: &[u8], store: Option<&Store>, cache_key: &str) -> Result<Component, RuntimeError> {
        if !wasmparser_is_component(bytes) {
            return Err(RuntimeError::InvalidComponent(
                "the bytes are not a Wasm component (a core module or something else)".into(),
            ));
        }
        let code = self
            .inner
            .engine
            .precompile_component(bytes)
            .map_err(|e| RuntimeError::InvalidComponent(format!("{e:#}")))?;
        if let Some(store) = store {
            store.put_compiled(cache_key, &code)?;
        }
        // SAFETY: `code` was just produced by this engine. Loading it can
        // still fail: the pooling allocator checks the component against
        // its limits here, and that is all that differs from compiling.
        unsafe { Component::deserialize(&self.inner.engine, &code) }
            .map_err(|e| RuntimeError::BeyondLimits(format!("{e:#}")))
    }
}

/// sha256 of the component bytes, hex: the content address.
pub fn content_hash(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A component's preamble is `\0asm` then layer 1 (version 0x0d, layer 1).
fn wasmparser_is_component(bytes: &[u8]) -> bool {
    bytes.len() >= 8 && &bytes[0..4] == b"\0asm" && bytes[6..8] == [1, 0]
}

/// One thread for the whole host advances the epoch; each store's deadline
/// is counted in ticks. It stops when the engine is dropped.
fn spawn_epoch_ticker(engine: wasmtime::EngineWeak) {
    thread::Builder::new()
        .name("switchboard-epoch".into())
        .spawn(move || {
            while let Some(engine) = engine.upgrade() {
                engine.increment_epoch();
                drop(engine);
                thread::sleep(EPOCH_TICK);
            }
        })
        .expect("failed to start the epoch ticker thread");
}
