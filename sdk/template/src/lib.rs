//! A new Switchboard specialty plugin, from the SDK template.
//!
//! It does the three things every plugin does — understands a message,
//! answers on the patient's channel, and hands work to staff — in a form
//! small enough to replace piece by piece:
//! - `hours` (or "when are you open") answers with the practice's
//!   configured office hours, word for word;
//! - `call me` (or "callback") queues a call-back item for staff;
//! - `emergency` tells the patient to call 911 and ends the conversation;
//! - anything else gets the menu.
//!
//! The logic lives in `conversation.rs` ([`respond`]), plain functions
//! tested natively (`cargo test`); the Wasm glue below is a few lines.

mod conversation;

pub use conversation::*;

/// What the plugin calls itself in the registry.
pub const NAME: &str = "switchboard-plugin-template";

#[cfg(target_arch = "wasm32")]
mod component {
    use switchboard_sdk::{
        Capability, ConfigError, Guest, PluginInfo, QueueItemBuilder, Reply, Task, Turn, TurnOutcome,
    };

    use super::{Config, Response};

    struct Plugin;

    fn host(e: switchboard_sdk::HostError) -> String {
        format!("host call failed: {e:?}")
    }

    impl Guest for Plugin {
        fn describe() -> PluginInfo {
            switchboard_sdk::plugin_info(super::NAME, env!("CARGO_PKG_VERSION"))
                .specialty("template")
                .capabilities(&[Capability::Texts, Capability::Calls, Capability::Escalation])
                .config_schema("hours = \"text\"  # office hours, told to patients word for word")
                .build()
        }

        fn validate_config(config: String) -> Result<Vec<u8>, Vec<ConfigError>> {
            super::parse_config(&config)
                .map(|c| c.hours.into_bytes())
                .map_err(|errors| errors.into_iter().map(|(path, message)| ConfigError { path, message }).collect())
        }

        fn handle_turn(turn: Turn, _state: Option<Vec<u8>>) -> Result<TurnOutcome, String> {
            let config = Config { hours: String::from_utf8(switchboard_sdk::config()).unwrap_or_default() };
            let reply = Reply::to(&turn);
            let message = turn.text.clone().unwrap_or_default();
            if turn.first_turn && message.is_empty() {
                reply.say_and_listen("Thank you for calling. How can we help?").map_err(host)?;
                return Ok(switchboard_sdk::outcome(vec![], false));
            }
            match super::respond(&config, &message) {
                Response::Answer(text) => {
                    reply.say_and_listen(&text).map_err(host)?;
                    Ok(switchboard_sdk::outcome(vec![], false))
                }
                Response::Callback(text) => {
                    QueueItemBuilder::callback("Patient asked for a call back")
                        .field("callback", &turn.caller)
                        .enqueue()
                        .map_err(host)?;
                    reply.say_and_end(&text).map_err(host)?;
                    Ok(switchboard_sdk::outcome(vec![], true))
                }
                Response::Emergency(text) => {
                    reply.say_and_end(&text).map_err(host)?;
                    Ok(switchboard_sdk::outcome(vec![], true))
                }
            }
        }

        fn on_task(_task: Task) -> Result<(), String> {
            Ok(())
        }
    }

    switchboard_sdk::export_plugin!(Plugin);
}
