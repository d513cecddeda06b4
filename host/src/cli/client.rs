//! A small blocking client for the admin API, used by the CLI.

use anyhow::{Context, bail};
use clap::Args;
use serde::Serialize;

#[derive(Args)]
pub struct ServerArgs {
    /// The running server's base URL.
    #[arg(long, env = "SWITCHBOARD_SERVER", default_value = "http://127.0.0.1:8080", global = true)]
    server: String,
    /// The admin token.
    #[arg(long, env = "SWITCHBOARD_ADMIN_TOKEN", hide_env_values = true, global = true)]
    token: Option<String>,
}

pub struct Api {
    agent: ureq::Agent,
    base: String,
    token: Option<String>,
}

impl Api {
    pub fn new(args: &ServerArgs) -> Self {
        // The same trust as the server's outbound (TLS with the system's
        // roots and SSL_CERT_FILE); an unreadable SSL_CERT_FILE is reported
        // on the first request instead.
        let agent = match crate::scheduler::http::TrustedRoots::from_env() {
            Ok(roots) => crate::scheduler::http::operator_agent(&roots),
            Err(e) => {
                eprintln!("warning: {e}; using the system's roots only");
                crate::scheduler::http::operator_agent(&crate::scheduler::http::TrustedRoots::system())
            }
        };
        Api { agent, base: args.server.trim_end_matches('/').to_string(), token: args.token.clone() }
    }

    /// Use the token in `var` when none was given (vendors publish with
    /// `SWITCHBOARD_VENDOR_TOKEN`).
    pub fn or_env_token(mut self, var: &str) -> Self {
        if self.token.is_none() {
            self.token = std::env::var(var).ok().filter(|t| !t.is_empty());
        }
        self
    }

    fn auth(&self) -> anyhow::Result<String> {
        match &self.token {
            Some(token) => Ok(format!("Bearer {token}")),
            None => bail!("no admin token: pass --token or set SWITCHBOARD_ADMIN_TOKEN"),
        }
    }

    pub fn get(&self, path: &str) -> anyhow::Result<serde_json::Value> {
        let response = self.agent.get(format!("{}{path}", self.base)).header("Authorization", self.auth()?).call();
        read(response, path)
    }

    pub fn post_json(&self, path: &str, body: &impl Serialize) -> anyhow::Result<serde_json::Value> {
        let response =
            self.agent.post(format!("{}{path}", self.base)).header("Authorization", self.auth()?).send_json(body);
        read(response, path)
    }

    pub fn patch_json(&self, path: &str, body: &impl Serialize) -> anyhow::Result<serde_json::Value> {
        let response =
            self.agent.patch(format!("{}{path}", self.base)).header("Authorization", self.auth()?).send_json(body);
        read(response, path)
    }

    pub fn put_json(&self, path: &str, body: &impl Serialize) -> anyhow::Result<serde_json::Value> {
        let response =
            self.agent.put(format!("{}{path}", self.base)).header("Authorization", self.auth()?).send_json(body);
        read(response, path)
    }

    pub fn put_bytes(&self, path: &str, content_type: &str, body: Vec<u8>) -> anyhow::Result<serde_json::Value> {
        let response = self
            .agent
            .put(format!("{}{path}", self.base))
            .header("Authorization", self.auth()?)
            .header("Content-Type", content_type)
            .send(&body[..]);
        read(response, path)
    }

    /// A GET whose answer is a file (a backup), written to `out`.
    pub fn get_to(&self, path: &str, out: &mut impl std::io::Write) -> anyhow::Result<u64> {
        let mut response = self
            .agent
            .get(format!("{}{path}", self.base))
            .header("Authorization", self.auth()?)
            .call()
            .with_context(|| format!("cannot reach the server for {path}"))?;
        if !response.status().is_success() {
            let status = response.status();
            let text = response.body_mut().read_to_string().unwrap_or_default();
            bail!("the server answered {status}: {text}");
        }
        let mut reader = response.body_mut().with_config().limit(u64::MAX).reader();
        std::io::copy(&mut reader, out).with_context(|| format!("reading {path}"))
    }

    pub fn post_bytes(&self, path: &str, body: Vec<u8>) -> anyhow::Result<serde_json::Value> {
        let response = self
            .agent
            .post(format!("{}{path}", self.base))
            .header("Authorization", self.auth()?)
            .header("Content-Type", content_type_of(&body))
            .send(&body[..]);
        read(response, path)
    }
}

/// A bare component or a package (a tar archive).
fn content_type_of(body: &[u8]) -> &'static str {
    if body.starts_with(b"\0asm") { "application/wasm" } else { "application/x-tar" }
}

fn read(
    response: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    path: &str,
) -> anyhow::Result<serde_json::Value> {
    let mut response = response.with_context(|| format!("cannot reach the server for {path}"))?;
    let status = response.status();
    let text = response.body_mut().read_to_string().unwrap_or_default();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
    if !status.is_success() {
        bail!("the server answered {status}: {}", serde_json::to_string_pretty(&value)?);
    }
    Ok(value)
}
