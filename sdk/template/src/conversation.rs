//! The template's conversation: the config it reads and what it answers,
//! with no host calls, so it is tested natively with `cargo test`.

/// The practice's config, as `validate_config` prepares it.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub hours: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    hours: String,
}

/// Read the config, real TOML: `hours = "Mon-Fri 8 am to 5 pm"`. Errors
/// carry the key they are about (`hours = 5` is an error on `hours`).
pub fn parse_config(text: &str) -> Result<Config, Vec<(String, String)>> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let message = if e.message().starts_with("missing field") {
            "required: the office hours to tell patients".to_string()
        } else {
            e.message().to_string()
        };
        vec![(key_of(text, &e), message)]
    })?;
    let hours = raw.hours.trim();
    if hours.is_empty() {
        return Err(vec![("hours".into(), "must not be empty: the office hours to tell patients".into())]);
    }
    Ok(Config { hours: hours.to_string() })
}

/// The key a TOML error is about: the one on the line it points at, or the
/// field it names ("missing field `hours`", "unknown field `colour`").
fn key_of(text: &str, error: &toml::de::Error) -> String {
    if let Some(named) = error.message().split('`').nth(1)
        && (error.message().starts_with("missing field") || error.message().starts_with("unknown field"))
    {
        return named.to_string();
    }
    let Some(span) = error.span() else { return String::new() };
    let line_start = text[..span.start.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..];
    line.split_once('=').map(|(key, _)| key.trim().to_string()).unwrap_or_default()
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
        assert_eq!(parse_config("").unwrap_err()[0].0, "hours");
        assert_eq!(parse_config("hours = \"x\"\ncolour = \"red\"").unwrap_err()[0].0, "colour");
        // Real TOML: a number is not office hours, and says which key.
        let wrong = parse_config("hours = 5").unwrap_err();
        assert_eq!(wrong[0].0, "hours", "{wrong:?}");
        assert!(parse_config("hours = \"unterminated").is_err());
        assert_eq!(parse_config("hours = \"  \"").unwrap_err()[0].0, "hours");
    }
}
