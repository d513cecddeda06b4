//! The Wasm component: the `switchboard:plugin` exports over the
//! conversation logic, and a [`Host`] over the SDK's imports.
//!
//! Only compiled for `wasm32`, where the imports exist. Nothing is kept
//! between calls: config and state arrive with every turn.

use switchboard_sdk::host::ImportHost;
use switchboard_sdk::{Capability, Channel, ConfigError, Guest, PluginInfo, Task, Turn, TurnOutcome, practice};

use crate::config::{PreparedConfig, SCHEMA};

struct PainManagement;

impl Guest for PainManagement {
    fn describe() -> PluginInfo {
        PluginInfo {
            name: "pain-management".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            specialty: "pain-management".into(),
            // Scheduling: booking, timers, prior-authorization status.
            // Texts-outbound: reminders and offers. Patients: identification.
            // `understanding` (`Host::classify`) is not listed: the
            // contract's enum cannot name it, and the practice grants it.
            capabilities: vec![
                Capability::Calls,
                Capability::Texts,
                Capability::TextsOutbound,
                Capability::Escalation,
                Capability::Paging,
                Capability::Patients,
                Capability::Scheduling,
            ],
            config_schema: SCHEMA.into(),
        }
    }

    fn validate_config(config: String) -> Result<Vec<u8>, Vec<ConfigError>> {
        crate::prepare_config(&config)
    }

    fn handle_turn(turn: Turn, state: Option<Vec<u8>>) -> Result<TurnOutcome, String> {
        let config = PreparedConfig::decode(&practice::config())?;
        let mut host = ImportHost::new(matches!(turn.channel, Channel::Voice));
        crate::run_turn_native(&config, &turn, state.as_deref(), &mut host)
    }

    fn on_task(task: Task) -> Result<(), String> {
        let config = PreparedConfig::decode(&practice::config())?;
        let mut host = ImportHost::new(false);
        crate::conversation::on_task(&config, &task.kind, &task.payload, practice::now(), &mut host)
    }
}

switchboard_sdk::export_plugin!(PainManagement);
