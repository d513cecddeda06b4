//! The Switchboard plugin SDK: Rust bindings for the `switchboard:plugin`
//! WIT world, the macro that exports a plugin from a crate, and small
//! wrappers that make the common things one line each.
//!
//! A plugin crate (`crate-type = ["cdylib", "rlib"]`, built for
//! `wasm32-wasip2`) implements [`Guest`] and exports it with
//! [`export_plugin!`]. A whole plugin — it greets, counts the turns of a
//! conversation in the host-owned state, queues a callback when asked, and
//! answers on whichever channel the patient used:
//!
//! ```no_run
//! use switchboard_sdk::{Capability, ConfigError, Guest, PluginInfo, Task, Turn, TurnOutcome};
//! use switchboard_sdk::{QueueItemBuilder, Reply};
//!
//! struct Greeter;
//!
//! impl Guest for Greeter {
//!     fn describe() -> PluginInfo {
//!         switchboard_sdk::plugin_info("greeter", "0.1.0")
//!             .specialty("example")
//!             .capabilities(&[Capability::Texts, Capability::Calls, Capability::Escalation])
//!             .config_schema("greeting = \"text\"")
//!             .build()
//!     }
//!
//!     fn validate_config(config: String) -> Result<Vec<u8>, Vec<ConfigError>> {
//!         // Whatever is returned here comes back from `switchboard_sdk::config()`
//!         // on every turn: validate once, then use the prepared form.
//!         match config.trim().strip_prefix("greeting = ") {
//!             Some(greeting) => Ok(greeting.trim_matches('"').as_bytes().to_vec()),
//!             None if config.trim().is_empty() => Ok(b"Hello".to_vec()),
//!             None => Err(vec![ConfigError { path: "greeting".into(), message: "expected greeting = \"...\"".into() }]),
//!         }
//!     }
//!
//!     fn handle_turn(turn: Turn, state: Option<Vec<u8>>) -> Result<TurnOutcome, String> {
//!         let turns = state.as_deref().and_then(|s| s.first().copied()).unwrap_or(0) + 1;
//!         let greeting = String::from_utf8(switchboard_sdk::config()).unwrap_or_default();
//!         let reply = Reply::to(&turn);
//!         if turn.text.as_deref() == Some("call me") {
//!             QueueItemBuilder::callback("Patient asked for a call back")
//!                 .field("caller", &turn.caller)
//!                 .enqueue()
//!                 .map_err(|e| format!("{e:?}"))?;
//!             reply.say_and_end("Thank you. A staff member will call you back.").map_err(|e| format!("{e:?}"))?;
//!             return Ok(switchboard_sdk::outcome(vec![turns], true));
//!         }
//!         reply.say_and_listen(&format!("{greeting}! This is turn {turns}.")).map_err(|e| format!("{e:?}"))?;
//!         Ok(switchboard_sdk::outcome(vec![turns], false))
//!     }
//!
//!     fn on_task(_task: Task) -> Result<(), String> {
//!         Ok(())
//!     }
//! }
//!
//! switchboard_sdk::export_plugin!(Greeter);
//! ```
//!
//! `sdk/template/` is a plugin crate to copy as a starting point, with
//! conversation tests; the vendor guide (`sdk/VENDOR-GUIDE.md`) covers
//! testing (`switchboard test`, `switchboard chat`), packaging, signing and
//! publishing.
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

mod helpers;
pub mod host;
#[cfg(feature = "testing")]
pub mod testing;

pub use bindings::exports::switchboard::plugin::plugin::{
    Capability, ConfigError, Guest, PluginInfo, Task, Turn, TurnOutcome,
};
pub use bindings::switchboard::plugin::types::{Channel, Field, HostError};
pub use bindings::switchboard::plugin::{calls, escalation, log, patients, practice, scheduling, texts, types};
pub use helpers::{PluginInfoBuilder, QueueItemBuilder, Reply, audit, config, language, now, outcome, plugin_info};

pub mod understanding;

/// The contract version this SDK builds plugins against.
pub const CONTRACT: &str = "switchboard:plugin@0.3.0";

/// Export a type implementing [`Guest`] as this component's plugin.
#[macro_export]
macro_rules! export_plugin {
    ($ty:ident) => {
        $crate::bindings::export_plugin!($ty with_types_in $crate::bindings);
    };
}

#[cfg(test)]
mod tests {
    #[test]
    fn contract_names_the_wit_the_bindings_are_generated_from() {
        let wit = include_str!("../../wit/types.wit");
        let package = format!("package {};", super::CONTRACT);
        assert!(wit.lines().any(|line| line.trim() == package), "wit/types.wit does not declare {package}");
    }
}
