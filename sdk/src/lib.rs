//! The Switchboard plugin SDK: Rust bindings for the `switchboard:plugin`
//! WIT world and the macro that exports a plugin from a crate.
//!
//! A plugin crate (`crate-type = ["cdylib", "rlib"]`, built for
//! `wasm32-wasip2`) implements [`Guest`] and exports it:
//!
//! ```ignore
//! struct MyPlugin;
//! impl switchboard_sdk::Guest for MyPlugin { /* describe, validate_config, handle_turn, on_task */ }
//! switchboard_sdk::export_plugin!(MyPlugin);
//! ```
//!
//! The generated types are ordinary Rust values and compile on any target, so
//! a plugin's conversation logic can be unit-tested natively; only the host
//! imports themselves need the Wasm host (natively they are unreachable).

/// Generated bindings for the whole world; the modules mirror the WIT
/// interfaces (`switchboard::plugin::texts`, ...).
#[allow(missing_docs, clippy::all)]
pub mod bindings {
    wit_bindgen::generate!({
        path: "../wit",
        world: "specialty-plugin",
        pub_export_macro: true,
        export_macro_name: "export_plugin",
        default_bindings_module: "switchboard_sdk::bindings",
        generate_all,
    });
}

pub use bindings::exports::switchboard::plugin::plugin::{
    Capability, ConfigError, Guest, PluginInfo, Task, Turn, TurnOutcome,
};
pub use bindings::switchboard::plugin::types::{Channel, Field, HostError};
pub use bindings::switchboard::plugin::{calls, escalation, log, patients, practice, scheduling, texts, types};

/// Export a type implementing [`Guest`] as this component's plugin.
#[macro_export]
macro_rules! export_plugin {
    ($ty:ident) => {
        $crate::bindings::export_plugin!($ty with_types_in $crate::bindings);
    };
}
