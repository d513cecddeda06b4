//! Starting the real `switchboard` binary on a fresh data directory and
//! talking to it over real HTTP, as gateways and staff do.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use switchboard::gateways::twilio::signature;

pub const ADMIN_TOKEN: &str = "test-admin-token";
pub const TWILIO_TOKEN: &str = "demo-twilio-auth-token";
pub const GATEWAY_TOKEN: &str = "demo-gateway-token";
pub const STAFF_TOKEN: &str = "demo-staff-token";
pub const DEMO_NUMBER: &str = "+15550100000";
pub const VENDOR_TOKEN: &str = "demo-vendor-token";
/// The contract version plugins built from today's `wit/` declare.
pub const CURRENT_CONTRACT: &str = "0.3.0";

pub struct Server {
    child: Option<Child>,
    pub base: String,
    pub data: PathBuf,
    /// Set when the server was told its public URL differs from `base`.
    pub public_url: Option<String>,
    _tmp: Option<tempfile::TempDir>,
    agent: ureq::Agent,
    /// Where each call's next voice webhook goes (the `action` of the
    /// last `<Gather>`), followed as Twilio follows it.
    calls: std::sync::Mutex<std::collections::HashMap<String, String>>,
}

pub struct Reply {
    pub status: u16,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

impl Server {
    /// A server on a new, empty data directory (so the demo gets installed).
    pub fn start() -> Server {
        Server::start_with(&[])
    }

    /// Like [`Server::start`], with extra `serve` arguments.
    pub fn start_with(extra: &[&str]) -> Server {
        let tmp = tempfile::tempdir().expect("temp dir");
        let data = tmp.path().join("data");
        let mut server = Server::spawn(&data, extra, &[]);
        server._tmp = Some(tmp);
        server
    }

    /// A server on a new data directory with a `--config` file holding `config`.
    pub fn start_with_config(config: &str) -> Server {
        let tmp = tempfile::tempdir().expect("temp dir");
        let path = tmp.path().join("switchboard.toml");
        std::fs::write(&path, config).expect("write the config");
        let mut server = Server::spawn(&tmp.path().join("data"), &["--config", path.to_str().expect("utf-8")], &[]);
        server._tmp = Some(tmp);
        server
    }

    /// A server on an existing data directory.
    pub fn start_on(data: &Path) -> Server {
        Server::spawn(data, &[], &[])
    }

    /// A server on a new data directory with extra environment variables.
    pub fn start_with_env(env: &[(&str, &str)]) -> Server {
        let tmp = tempfile::tempdir().expect("temp dir");
        let data = tmp.path().join("data");
        let mut server = Server::spawn(&data, &[], env);
        server._tmp = Some(tmp);
        server
    }

    pub fn start_on_with_env(data: &Path, env: &[(&str, &str)]) -> Server {
        Server::spawn(data, &[], env)
    }

    fn spawn(data: &Path, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_switchboard"))
            .args(["serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(data)
            .args(extra)
            .env("SWITCHBOARD_ADMIN_TOKEN", ADMIN_TOKEN)
            .env("SWITCHBOARD_DEMO_TWILIO_TOKEN", TWILIO_TOKEN)
            .env("SWITCHBOARD_DEMO_GATEWAY_TOKEN", GATEWAY_TOKEN)
            .env("SWITCHBOARD_DEMO_STAFF_TOKEN", STAFF_TOKEN)
            .env("SWITCHBOARD_VENDOR_TOKEN", VENDOR_TOKEN)
            .env("SWITCHBOARD_LOG", "warn")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start switchboard");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let deadline = Instant::now() + Duration::from_secs(120);
        let base = loop {
            assert!(Instant::now() < deadline, "switchboard did not start in time");
            let line = lines.next().expect("switchboard exited before listening").expect("read stdout");
            if let Some(rest) = line.strip_prefix("switchboard listening on ") {
                break rest.split_whitespace().next().expect("address").to_string();
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        Server {
            child: Some(child),
            base,
            data: data.to_path_buf(),
            _tmp: None,
            agent,
            public_url: None,
            calls: Default::default(),
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("running").id()
    }

    /// `kill -9`: no chance to flush or finish anything.
    pub fn kill_hard(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().expect("kill -9");
            child.wait().expect("reap");
        }
    }

    /// SIGTERM and wait for a graceful exit.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let child = self.child.as_mut().expect("running");
        let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill -TERM");
        assert!(status.success());
        let status = child.wait().expect("wait");
        self.child = None;
        status
    }

    /// Take over the data directory (its temp dir lives as long as the result).
    pub fn into_data_dir(mut self) -> (PathBuf, Option<tempfile::TempDir>) {
        self.kill_hard();
        (self.data.clone(), self._tmp.take())
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn finish(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
        let mut response = response.expect("HTTP request");
        let status = response.status().as_u16();
        let body = response.body_mut().read_to_string().unwrap_or_default();
        Reply { status, body }
    }

    pub fn get(&self, path: &str, token: &str) -> Reply {
        Self::finish(self.agent.get(self.url(path)).header("Authorization", &format!("Bearer {token}")).call())
    }

    /// A GET with a bearer token: the status and the `Retry-After` header.
    pub fn agent_get_with_headers(&self, path: &str, token: &str) -> (u16, Option<String>) {
        let response =
            self.agent.get(self.url(path)).header("Authorization", &format!("Bearer {token}")).call().expect("GET");
        let retry = response.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(String::from);
        (response.status().as_u16(), retry)
    }

    pub fn post_json(&self, path: &str, token: &str, body: &Value) -> Reply {
        Self::finish(
            self.agent.post(self.url(path)).header("Authorization", &format!("Bearer {token}")).send_json(body),
        )
    }

    pub fn delete(&self, path: &str, token: &str) -> Reply {
        Self::finish(self.agent.delete(self.url(path)).header("Authorization", &format!("Bearer {token}")).call())
    }

    pub fn put_json(&self, path: &str, token: &str, body: &Value) -> Reply {
        Self::finish(self.agent.put(self.url(path)).header("Authorization", &format!("Bearer {token}")).send_json(body))
    }

    pub fn put_raw(&self, path: &str, token: &str, content_type: &str, body: &[u8]) -> Reply {
        Self::finish(
            self.agent
                .put(self.url(path))
                .header("Authorization", &format!("Bearer {token}"))
                .header("Content-Type", content_type)
                .send(body),
        )
    }

    pub fn patch_json(&self, path: &str, token: &str, body: &Value) -> Reply {
        Self::finish(
            self.agent.patch(self.url(path)).header("Authorization", &format!("Bearer {token}")).send_json(body),
        )
    }

    pub fn post_raw(&self, path: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Reply {
        let mut request = self.agent.post(self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        Self::finish(request.send(&body[..]))
    }

    /// A form POST signed exactly as Twilio signs it, with `token`. A
    /// voice webhook for a call goes where the call's last answer told
    /// Twilio to post next (`/twilio/voice?after=N`), as Twilio does.
    pub fn twilio(&self, path: &str, token: &str, params: &[(&str, &str)]) -> Reply {
        let call = params.iter().find(|(n, _)| *n == "CallSid").map(|(_, v)| v.to_string());
        let followed = match (&call, path) {
            (Some(sid), "/twilio/voice") => self.calls.lock().unwrap().get(sid).cloned(),
            _ => None,
        };
        let path = followed.as_deref().unwrap_or(path);
        let owned: Vec<(String, String)> = params.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
        let public = self.public_url.clone().unwrap_or_else(|| self.base.clone());
        let signature = signature::sign(token, &format!("{public}{path}"), &owned);
        let reply = self.twilio_with_signature(path, &signature, params);
        if let Some(sid) = call.filter(|_| path.starts_with("/twilio/voice") && reply.status == 200) {
            let next = next_voice_path(&reply.body, &public);
            let mut calls = self.calls.lock().unwrap();
            match next {
                Some(next) => calls.insert(sid, next),
                None => calls.remove(&sid),
            };
        }
        reply
    }

    pub fn twilio_with_signature(&self, path: &str, signature: &str, params: &[(&str, &str)]) -> Reply {
        let body = form(params);
        self.post_raw(
            path,
            &[("Content-Type", "application/x-www-form-urlencoded"), ("X-Twilio-Signature", signature)],
            body.into_bytes(),
        )
    }

    /// One inbound demo-practice text, signed; returns the TwiML.
    pub fn sms(&self, from: &str, message_sid: &str, body: &str) -> Reply {
        self.twilio(
            "/twilio/sms",
            TWILIO_TOKEN,
            &[
                ("AccountSid", "AC00000000000000000000000000000000"),
                ("MessageSid", message_sid),
                ("From", from),
                ("To", DEMO_NUMBER),
                ("Body", body),
                ("NumMedia", "0"),
            ],
        )
    }

    pub fn queue(&self, practice: &str, token: &str) -> Vec<Value> {
        let reply = self.get(&format!("/v1/practices/{practice}/queue"), token);
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.json().as_array().expect("array").clone()
    }

    /// Publish a component and return its `name@version`.
    pub fn publish(&self, wasm: &[u8]) -> String {
        let reply = self.post_raw(
            "/v1/plugins",
            &[("Authorization", &format!("Bearer {ADMIN_TOKEN}")), ("Content-Type", "application/wasm")],
            wasm.to_vec(),
        );
        assert_eq!(reply.status, 201, "{}", reply.body);
        let record = reply.json();
        format!("{}@{}", record["plugin"]["name"].as_str().unwrap(), record["plugin"]["version"].as_str().unwrap())
    }

    /// Publish a plugin package with the vendor token.
    pub fn publish_package(&self, package: &[u8]) -> Reply {
        self.post_raw(
            "/v1/plugins",
            &[("Authorization", &format!("Bearer {VENDOR_TOKEN}")), ("Content-Type", "application/x-tar")],
            package.to_vec(),
        )
    }

    /// Create a practice and return its (gateway, staff) tokens.
    pub fn create_practice(
        &self,
        id: &str,
        number: &str,
        twilio_token: &str,
        plugin: &str,
        config: &str,
    ) -> (String, String) {
        let reply = self.post_json(
            "/v1/practices",
            ADMIN_TOKEN,
            &serde_json::json!({
                "id": id, "name": format!("Practice {id}"), "time_zone": "America/Chicago",
                "numbers": [number], "twilio_auth_token": twilio_token, "plugin": plugin, "config": config,
            }),
        );
        assert_eq!(reply.status, 201, "{}", reply.body);
        let tokens = &reply.json()["tokens"];
        (tokens["gateway_token"].as_str().unwrap().into(), tokens["staff_token"].as_str().unwrap().into())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill_hard();
    }
}

/// The path a voice answer's `<Gather>` (or its fallback `<Redirect>`)
/// posts to next, without the public URL.
pub fn next_voice_path(twiml: &str, public: &str) -> Option<String> {
    let url = if let Some(start) = twiml.find("<Gather") {
        let rest = &twiml[start..];
        let at = rest.find("action=\"")? + "action=\"".len();
        rest[at..].split('"').next()?
    } else {
        let start = twiml.find("<Redirect")?;
        let rest = &twiml[start..];
        rest[rest.find('>')? + 1..].split('<').next()?
    };
    let url = url.replace("&amp;", "&");
    Some(url.strip_prefix(public).unwrap_or(&url).to_string())
}

pub fn form(params: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new()).extend_pairs(params).finish()
}

/// The text of every `<Message>` or `<Say>` in a TwiML document, unescaped.
pub fn spoken_or_texted(twiml: &str) -> String {
    let mut out = String::new();
    for tag in ["Message", "Say"] {
        let open = format!("<{tag}>");
        let close = format!("</{tag}>");
        let mut rest = twiml;
        while let Some(start) = rest.find(&open) {
            let after = &rest[start + open.len()..];
            let end = after.find(&close).expect("closed tag");
            out.push_str(&after[..end]);
            out.push('\n');
            rest = &after[end..];
        }
    }
    out.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
}

/// Run the `switchboard` CLI against `server` with the admin token.
pub fn cli(server: &Server, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(args)
        .env("SWITCHBOARD_SERVER", &server.base)
        .env("SWITCHBOARD_ADMIN_TOKEN", ADMIN_TOKEN)
        .env("SWITCHBOARD_LOG", "warn")
        .output()
        .expect("run the CLI")
}

/// A plugin package built in-process with the host's own package code:
/// `tests` are (file name, transcript) pairs.
pub fn package(
    component: &[u8],
    tests: &[(&str, &str)],
    example_config: Option<&str>,
    key: Option<&ed25519_dalek::SigningKey>,
) -> Vec<u8> {
    use sha2::Digest;
    use switchboard::registry::package::{FORMAT, Manifest, Package};
    let (name, version, contract) = describe(component);
    let manifest = Manifest {
        format: FORMAT,
        name,
        version,
        contract: format!("switchboard:plugin@{contract}"),
        component_sha256: hex::encode(sha2::Sha256::digest(component)),
        description: None,
    };
    let tests = tests.iter().map(|(n, t)| (format!("tests/{n}"), t.to_string())).collect();
    let mut package =
        Package::new(manifest, component.to_vec(), tests, None, example_config.map(str::to_string)).expect("package");
    if let Some(key) = key {
        switchboard::registry::signing::sign(&mut package, key);
    }
    package.build()
}

/// The versioned fixture's own shipped tests.
pub fn versioned_tests() -> Vec<(&'static str, &'static str)> {
    vec![
        ("greets.toml", include_str!("../fixtures/versioned-plugin/tests/greets.toml")),
        ("voice.toml", include_str!("../fixtures/versioned-plugin/tests/voice.toml")),
    ]
}

/// A component's name, version and contract version, from the host's own
/// loader.
pub fn describe(component: &[u8]) -> (String, String, String) {
    use std::sync::OnceLock;
    static RUNTIME: OnceLock<switchboard::runtime::Runtime> = OnceLock::new();
    let runtime = RUNTIME.get_or_init(|| {
        switchboard::runtime::Runtime::new(switchboard::runtime::limits::TurnLimits::default()).expect("runtime")
    });
    let plugin = switchboard::runtime::LoadedPlugin::load(runtime, component, None).expect("loads");
    (plugin.description.name.clone(), plugin.description.version.clone(), plugin.contract.to_string())
}
