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
//! The logic lives in [`respond`], a plain function tested natively
//! (`cargo test`); the Wasm glue at the bottom is a few lines.

/// What the plugin calls itself in the registry.
pub const NAME: &str = "switchboard-plugin-template";

/// The practice's config, as `validate_config` prepares it.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub hours: String,
}

/// Read the config (TOML-like `hours = "..."` lines); errors carry the key.
pub fn parse_config(text: &str) -> Result<Config, Vec<(String, String)>> {
    let mut hours = None;
    let mut errors = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        match line.split_once('=') {
            Some((key, value)) if key.trim() == "hours" => hours = Some(value.trim().trim_matches('"').to_string()),
            Some((key, _)) => errors.push((key.trim().to_string(), "unknown key".to_string())),
            None => errors.push((String::new(), format!("expected `key = \"value\"`, got {line:?}"))),
        }
    }
    match hours {
        Some(hours) if errors.is_empty() => Ok(Config { hours }),
        None if errors.is_empty() => Err(vec![("hours".into(), "required: the office hours to tell patients".into())]),
        _ => Err(errors),
    }
}

/// What the plugin does with one message.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// Answer and keep listening.
    Answer(String),
    /// Queue a call back, answer, and end the conversation.
    Callback(String),
    /// An emergency: answer and end.
    Emergency(String),
}

pub fn respond(config: &Config, message: &str) -> Response {
    let message = message.to_lowercase();
    if message.contains("emergency") {
        Response::Emergency("If this is a medical emergency, hang up and call 911 now.".into())
    } else if message.contains("call me") || message.contains("callback") {
        Response::Callback("Thank you. A staff member will call you back.".into())
    } else if message.contains("hours") || message.contains("open") {
        Response::Answer(format!("Our office hours: {}.", config.hours))
    } else {
        Response::Answer("You can ask about our hours, or say \"call me\" for a call back.".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_hours_from_the_config_and_routes_the_rest() {
        let config = parse_config("hours = \"Mon-Fri 8-5\"").unwrap();
        assert_eq!(respond(&config, "when are you open?"), Response::Answer("Our office hours: Mon-Fri 8-5.".into()));
        assert!(matches!(respond(&config, "please call me"), Response::Callback(_)));
        assert!(matches!(respond(&config, "this is an emergency"), Response::Emergency(_)));
        assert!(parse_config("").is_err());
        assert_eq!(parse_config("colour = \"red\"").unwrap_err()[0].0, "colour");
    }
}

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
