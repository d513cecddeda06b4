//! A loaded plugin version: its compiled component, its pre-instantiated
//! form and what it says about itself. Every call gets a fresh store with
//! the memory cap and the epoch deadline.

use std::sync::Arc;

use wasmtime::Trap;
use wasmtime::component::{Component, Instance, InstancePre};

use super::bindings::{Capability, ConfigError, Task, Turn, TurnOutcome};
use super::contract::{self, ContractVersion};
use super::engine::{Runtime, RuntimeError};
use super::fault::{Fault, panic_message};
use super::link::PluginExports;
use crate::capabilities::{HostState, TurnContext, TurnOutput};
use crate::store::{PluginRef, Store};

/// What a plugin says about itself (`describe`).
#[derive(Debug, Clone)]
pub struct PluginDescription {
    pub name: String,
    pub version: String,
    pub specialty: String,
    pub capabilities: Vec<Capability>,
    pub config_schema: String,
}

pub struct LoadedPlugin {
    pub reference: PluginRef,
    pub description: PluginDescription,
    /// The contract version the component was built against.
    pub contract: ContractVersion,
    pre: InstancePre<HostState>,
    exports: PluginExports,
    runtime: Runtime,
}

/// The result of one call plus everything the plugin produced on the way.
pub struct CallOutput<T> {
    pub result: Result<T, Fault>,
    pub out: TurnOutput,
    /// The largest linear memory the instance reached, in bytes.
    pub peak_memory: usize,
}

impl LoadedPlugin {
    /// Compile (or fetch from cache), link against our world and `describe`.
    pub fn load(runtime: &Runtime, bytes: &[u8], store: Option<&Store>) -> Result<Arc<Self>, RuntimeError> {
        let (hash, component) = runtime.compile(bytes, store)?;
        Self::from_component(runtime, hash, component)
    }

    fn from_component(runtime: &Runtime, hash: String, component: Component) -> Result<Arc<Self>, RuntimeError> {
        let contract = contract::check(runtime.engine(), &component).map_err(RuntimeError::WrongWorld)?;
        let exports = PluginExports::find(&component, contract).map_err(RuntimeError::WrongWorld)?;
        let pre =
            runtime.linker().instantiate_pre(&component).map_err(|e| RuntimeError::WrongWorld(format!("{e:#}")))?;
        let mut plugin = LoadedPlugin {
            reference: PluginRef { name: String::new(), version: String::new(), hash },
            description: PluginDescription {
                name: String::new(),
                version: String::new(),
                specialty: String::new(),
                capabilities: Vec::new(),
                config_schema: String::new(),
            },
            contract,
            pre,
            exports,
            runtime: runtime.clone(),
        };
        let ctx = TurnContext::detached(format!("plugin:{}", &plugin.reference.hash[..12]), crate::clock::now_ms());
        // The exports' signatures are checked in the instance `describe`
        // runs in: a mismatch is the wrong world, not a plugin fault.
        let info = plugin
            .call(ctx, None, |e, i, s| match e.typecheck(i, s) {
                Err(mismatch) => Ok(Err(format!("{mismatch:#}"))),
                Ok(()) => e.describe(i, s).map(Ok),
            })
            .result
            .map_err(|fault| RuntimeError::PluginFault { during: "describing itself", fault })?
            .map_err(RuntimeError::WrongWorld)?;
        plugin.reference.name = info.name.clone();
        plugin.reference.version = info.version.clone();
        plugin.description = PluginDescription {
            name: info.name,
            version: info.version,
            specialty: info.specialty,
            capabilities: info.capabilities,
            config_schema: info.config_schema,
        };
        Ok(Arc::new(plugin))
    }

    pub fn actor(&self) -> String {
        format!("plugin:{}", self.reference)
    }

    /// Run `validate-config`: `Ok(Ok(prepared))`, `Ok(Err(errors))`, or a fault.
    pub fn validate_config(&self, config: &str) -> Result<Result<Vec<u8>, Vec<ConfigError>>, Fault> {
        let ctx = TurnContext::detached(self.actor(), crate::clock::now_ms());
        self.call(ctx, None, |e, i, s| e.validate_config(i, s, config)).result
    }

    /// Run `handle-turn` in a fresh instance.
    pub fn handle_turn(
        &self,
        ctx: TurnContext,
        turn: &Turn,
        state: Option<&[u8]>,
        store: Store,
    ) -> CallOutput<TurnOutcome> {
        let max_state = self.runtime.limits().max_state_bytes;
        let output = self.call(ctx, Some(store), |e, i, s| e.handle_turn(i, s, turn, state));
        let result = match output.result {
            Ok(Err(message)) => Err(Fault::PluginError(message.chars().take(500).collect())),
            Ok(Ok(outcome)) if outcome.state.len() > max_state => {
                Err(Fault::OutputViolation(format!("state of {} bytes (limit {max_state})", outcome.state.len())))
            }
            Ok(Ok(outcome)) => Ok(outcome),
            Err(fault) => Err(fault),
        };
        CallOutput { result, out: output.out, peak_memory: output.peak_memory }
    }

    /// Run `on-task` for a fired timer in a fresh instance.
    pub fn on_task(&self, ctx: TurnContext, task: &Task, store: Store) -> CallOutput<()> {
        let output = self.call(ctx, Some(store), |e, i, s| e.on_task(i, s, task));
        let result = match output.result {
            Ok(Err(message)) => Err(Fault::PluginError(message.chars().take(500).collect())),
            Ok(Ok(())) => Ok(()),
            Err(fault) => Err(fault),
        };
        CallOutput { result, out: output.out, peak_memory: output.peak_memory }
    }

    /// One call into a fresh, limited instance; classify any failure.
    fn call<T>(
        &self,
        ctx: TurnContext,
        store: Option<Store>,
        f: impl FnOnce(&PluginExports, &Instance, &mut wasmtime::Store<HostState>) -> wasmtime::Result<T>,
    ) -> CallOutput<T> {
        let limits = self.runtime.limits().clone();
        let mut wstore = wasmtime::Store::new(self.runtime.engine(), HostState::new(ctx, limits.clone(), store));
        wstore.limiter(|state| &mut state.memory);
        wstore.set_epoch_deadline(limits.deadline_ticks());
        wstore.epoch_deadline_trap();
        let result = match self.pre.instantiate(&mut wstore) {
            Ok(instance) => f(&self.exports, &instance, &mut wstore),
            Err(e) => {
                let state = wstore.into_data();
                let fault = classify(&e, &state).unwrap_or_else(|| Fault::Instantiation(format!("{e:#}")));
                return CallOutput { result: Err(fault), out: state.out, peak_memory: state.memory.peak };
            }
        };
        let state = wstore.into_data();
        let result = result.map_err(|e| classify(&e, &state).unwrap_or_else(|| Fault::Trap(root_cause(&e))));
        CallOutput { result, out: state.out, peak_memory: state.memory.peak }
    }
}

/// Name the cause of a failed call from what the host observed; `None` when
/// it is an ordinary trap.
fn classify(error: &wasmtime::Error, state: &HostState) -> Option<Fault> {
    if let Some(violation) = &state.out.violation {
        return Some(Fault::OutputViolation(violation.clone()));
    }
    if state.memory.exhausted {
        return Some(Fault::MemoryExhausted);
    }
    if matches!(error.downcast_ref::<Trap>(), Some(Trap::Interrupt)) {
        return Some(Fault::Timeout);
    }
    panic_message(&state.stderr()).map(Fault::Panic)
}

fn root_cause(error: &wasmtime::Error) -> String {
    match error.downcast_ref::<Trap>() {
        Some(trap) => trap.to_string(),
        None => format!("{error:#}").chars().take(300).collect(),
    }
}
