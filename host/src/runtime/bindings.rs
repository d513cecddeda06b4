//! Host-side bindings for the `switchboard:plugin` world, generated once
//! and shared by every capability (as spin does with its world).
//!
//! Every import is `trappable`: a host function can turn a sandbox
//! violation (an oversized reply, too many actions) into a trap that ends
//! the turn, while ordinary refusals stay WIT `result`s the plugin handles.

wasmtime::component::bindgen!({
    path: "../wit",
    world: "specialty-plugin",
    imports: { default: trappable },
});

pub use self::exports::switchboard::plugin::plugin::{Capability, ConfigError, PluginInfo, Task, Turn, TurnOutcome};
pub use self::switchboard::plugin::types::{Channel as WitChannel, Field, HostError};
