//! `switchboard serve --config FILE`: what an operator sets once for a
//! host — where it listens, the URL carriers reach it by, the data
//! directory, whether the demo practice is installed, the log format,
//! the connection limits, and where its secrets come from. Secrets are
//! never written in the file itself, only the environment variable or the
//! file (a systemd credential, a mounted secret) that holds each.
//!
//! Invariant: a flag given on the command line beats the file, and the
//! file beats the defaults; an unknown key or a secret that cannot be read
//! stops the start with the file's name and the key.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use super::connections::ConnectionLimits;

/// The file, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServeConfig {
    pub listen: Option<SocketAddr>,
    pub public_url: Option<String>,
    /// Relative to the config file's folder.
    pub data: Option<PathBuf>,
    /// Install (and keep up to date) the demo practice; true by default.
    pub demo: Option<bool>,
    pub log_format: Option<LogFormat>,
    #[serde(default)]
    pub secrets: Secrets,
    #[serde(default)]
    pub limits: Limits,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    /// One JSON object a line, for a log collector.
    Json,
}

impl LogFormat {
    /// `SWITCHBOARD_LOG_FORMAT` (`text` or `json`), if set.
    pub fn from_env() -> Result<Option<LogFormat>, String> {
        match std::env::var("SWITCHBOARD_LOG_FORMAT").ok().as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some("text") => Ok(Some(LogFormat::Text)),
            Some("json") => Ok(Some(LogFormat::Json)),
            Some(other) => Err(format!("SWITCHBOARD_LOG_FORMAT is {other:?}; use `text` or `json`")),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Secrets {
    /// The host admin token (default: `SWITCHBOARD_ADMIN_TOKEN`).
    pub admin_token: Option<SecretSource>,
    /// The plugin vendor token (default: `SWITCHBOARD_VENDOR_TOKEN`).
    pub vendor_token: Option<SecretSource>,
}

/// Where one secret is read from: `{ env = "NAME" }` or `{ file = "PATH" }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretSource {
    pub env: Option<String>,
    pub file: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// To send a request's headers, and idle between requests (seconds).
    pub header_read_seconds: Option<u64>,
    /// For one whole request (seconds).
    pub request_seconds: Option<u64>,
    /// Refused credentials (wrong tokens, failed sign-ins) a client address
    /// may have a minute before it waits.
    pub refused_credentials_per_minute: Option<u32>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the config file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("the config file {path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

impl ServeConfig {
    pub fn load(path: &Path) -> Result<ServeConfig, ConfigError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: path.to_path_buf(), source })?;
        let invalid = |message: String| ConfigError::Invalid { path: path.to_path_buf(), message };
        let mut config: ServeConfig = toml::from_str(&text).map_err(|e| invalid(e.to_string()))?;
        let folder = path.parent().unwrap_or(Path::new("."));
        if let Some(data) = &config.data
            && data.is_relative()
        {
            config.data = Some(folder.join(data));
        }
        for (key, source) in [
            ("secrets.admin_token", &mut config.secrets.admin_token),
            ("secrets.vendor_token", &mut config.secrets.vendor_token),
        ] {
            let Some(source) = source else { continue };
            match (&source.env, &source.file) {
                (Some(_), None) => {}
                (None, Some(file)) if file.is_relative() => source.file = Some(folder.join(file)),
                (None, Some(_)) => {}
                _ => return Err(invalid(format!("`{key}` takes exactly one of `env` or `file`"))),
            }
        }
        for (key, value) in [
            ("limits.header_read_seconds", config.limits.header_read_seconds),
            ("limits.request_seconds", config.limits.request_seconds),
        ] {
            if value.is_some_and(|v| !(1..=3600).contains(&v)) {
                return Err(invalid(format!("`{key}` must be 1 to 3600")));
            }
        }
        if config.limits.refused_credentials_per_minute.is_some_and(|v| !(1..=100_000).contains(&v)) {
            return Err(invalid("`limits.refused_credentials_per_minute` must be 1 to 100000".into()));
        }
        if let Some(url) = &config.public_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            return Err(invalid("`public_url` must be an http(s) URL".into()));
        }
        Ok(config)
    }

    pub fn connection_limits(&self) -> ConnectionLimits {
        let defaults = ConnectionLimits::default();
        ConnectionLimits {
            header_read: self.limits.header_read_seconds.map_or(defaults.header_read, Duration::from_secs),
            request: self.limits.request_seconds.map_or(defaults.request, Duration::from_secs),
            refused_credentials_per_minute: self
                .limits
                .refused_credentials_per_minute
                .unwrap_or(defaults.refused_credentials_per_minute),
            ..defaults
        }
    }
}

impl SecretSource {
    /// The secret, trimmed of surrounding whitespace (files end in a newline).
    pub fn read(&self, key: &str) -> Result<String, String> {
        let value = match (&self.env, &self.file) {
            (Some(var), _) => std::env::var(var).map_err(|_| format!("`{key}`: the variable {var} is not set"))?,
            (None, Some(file)) => {
                std::fs::read_to_string(file).map_err(|e| format!("`{key}`: cannot read {}: {e}", file.display()))?
            }
            (None, None) => return Err(format!("`{key}` takes one of `env` or `file`")),
        };
        let value = value.trim().to_string();
        if value.len() < 16 {
            return Err(format!("`{key}` must be at least 16 characters"));
        }
        Ok(value)
    }
}

/// A secret from the config file's source, else from `var`, else none.
pub fn secret(source: Option<&SecretSource>, key: &str, var: &str) -> Result<Option<String>, String> {
    match source {
        Some(source) => source.read(key).map(Some),
        None => Ok(std::env::var(var).ok().filter(|v| !v.trim().is_empty())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<ServeConfig, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("switchboard.toml");
        std::fs::write(&path, text).unwrap();
        ServeConfig::load(&path)
    }

    #[test]
    fn a_full_file_loads_with_paths_beside_it() {
        let config = load(
            "listen = \"0.0.0.0:9000\"\npublic_url = \"https://sb.example.org\"\ndata = \"state\"\ndemo = false\n\
             log_format = \"json\"\n[secrets]\nadmin_token = { file = \"admin.token\" }\n\
             vendor_token = { env = \"VENDOR\" }\n[limits]\nheader_read_seconds = 5\n",
        )
        .unwrap();
        assert_eq!(config.listen, Some("0.0.0.0:9000".parse().unwrap()));
        assert!(config.data.as_ref().unwrap().ends_with("state"));
        assert_eq!(config.demo, Some(false));
        assert_eq!(config.log_format, Some(LogFormat::Json));
        assert!(config.secrets.admin_token.as_ref().unwrap().file.as_ref().unwrap().is_absolute());
        let limits = config.connection_limits();
        assert_eq!(limits.header_read, Duration::from_secs(5));
        assert_eq!(limits.request, ConnectionLimits::default().request);
    }

    #[test]
    fn the_shipped_deploy_config_loads() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/switchboard.toml");
        let config = ServeConfig::load(&path).unwrap();
        assert_eq!(config.demo, Some(false));
        assert_eq!(config.log_format, Some(LogFormat::Json));
        assert_eq!(config.data.as_deref(), Some(Path::new("/var/lib/switchboard")));
        assert_eq!(config.connection_limits(), ConnectionLimits::default());
    }

    #[test]
    fn mistakes_are_refused_with_the_key() {
        let error = |text: &str| load(text).unwrap_err().to_string();
        assert!(error("lisen = \"0.0.0.0:1\"").contains("unknown field `lisen`"), "{}", error("lisen = 1"));
        assert!(error("[secrets]\nadmin_token = \"in-the-file\"").contains("admin_token"));
        assert!(error("[secrets]\nadmin_token = { env = \"A\", file = \"b\" }").contains("exactly one"));
        assert!(error("[limits]\nrequest_seconds = 0").contains("limits.request_seconds"));
        assert!(error("public_url = \"sb.example.org\"").contains("public_url"));
        assert!(error("log_format = \"xml\"").contains("xml"));
    }

    #[test]
    fn secrets_come_from_files_trimmed_and_short_ones_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("token");
        std::fs::write(&file, "a-long-enough-admin-secret\n").unwrap();
        let source = SecretSource { env: None, file: Some(file.clone()) };
        assert_eq!(source.read("k").unwrap(), "a-long-enough-admin-secret");
        std::fs::write(&file, "short").unwrap();
        assert!(source.read("k").unwrap_err().contains("at least 16"));
        let missing = SecretSource { env: None, file: Some(dir.path().join("absent")) };
        assert!(missing.read("secrets.admin_token").unwrap_err().contains("secrets.admin_token"));
    }
}
