//! The template's conversation: the config it reads and what it answers,
//! with no host calls, so it is tested natively with `cargo test`.

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
