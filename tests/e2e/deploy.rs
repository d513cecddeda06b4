//! Running it for a real practice: `serve --config FILE` (no demo, secrets
//! from files and the environment, JSON logs, connection limits) and
//! `--no-demo`, through the real binary.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::harness::*;

const FILE_ADMIN_TOKEN: &str = "admin-token-from-a-file-0123456789";

struct Configured {
    child: std::process::Child,
    base: String,
    stderr: std::thread::JoinHandle<Vec<String>>,
    dir: tempfile::TempDir,
}

fn serve_with_config(config: &str) -> Configured {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("admin.token"), format!("{FILE_ADMIN_TOKEN}\n")).unwrap();
    let path = dir.path().join("switchboard.toml");
    std::fs::write(&path, config).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["serve", "--config"])
        .arg(&path)
        .env_remove("SWITCHBOARD_ADMIN_TOKEN")
        .env_remove("SWITCHBOARD_LOG_FORMAT")
        .env("SWITCHBOARD_LOG", "info,wasmtime=warn,cranelift=warn")
        .env("TEST_VENDOR_SECRET", "vendor-token-from-the-environment")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let stderr = std::thread::spawn(move || BufReader::new(stderr).lines().map_while(Result::ok).collect());
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let base = loop {
        let line = lines.next().expect("switchboard exited before listening").unwrap();
        if let Some(rest) = line.strip_prefix("switchboard listening on ") {
            break rest.split_whitespace().next().unwrap().to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Configured { child, base, stderr, dir }
}

fn get(base: &str, path: &str, token: &str) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut response =
        agent.get(format!("{base}{path}")).header("Authorization", &format!("Bearer {token}")).call().unwrap();
    (response.status().as_u16(), response.body_mut().read_to_string().unwrap())
}

/// Read until the server closes the connection; what it sent, and how long it took.
fn read_until_closed(stream: &mut TcpStream) -> (String, Duration) {
    let started = Instant::now();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => received.extend_from_slice(&buffer[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(e) => panic!("the server kept the connection open: {e}"),
        }
    }
    (String::from_utf8_lossy(&received).into_owned(), started.elapsed())
}

#[test]
fn a_config_file_sets_up_a_production_host() {
    let mut host = serve_with_config(
        "listen = \"127.0.0.1:0\"\ndata = \"state\"\ndemo = false\nlog_format = \"json\"\n\
         [secrets]\nadmin_token = { file = \"admin.token\" }\nvendor_token = { env = \"TEST_VENDOR_SECRET\" }\n\
         [limits]\nheader_read_seconds = 1\nrequest_seconds = 2\n",
    );
    let base = host.base.clone();
    assert!(host.dir.path().join("state").is_dir(), "the data directory is beside the config file");

    // No demo practice, but the bundled plugin is there to install.
    assert_eq!(get(&base, "/v1/practices", FILE_ADMIN_TOKEN), (200, "[]".to_string()));
    assert_eq!(get(&base, "/v1/practices", ADMIN_TOKEN).0, 403, "only the file's admin token is in force");
    let (status, plugins) = get(&base, "/v1/plugins", "vendor-token-from-the-environment");
    assert_eq!(status, 200, "{plugins}");
    assert!(plugins.contains("pain-management"), "{plugins}");

    // A client that never finishes its headers is cut off.
    let address = base.trim_start_matches("http://");
    let mut slow = TcpStream::connect(address).unwrap();
    slow.write_all(b"POST /twilio/sms HTTP/1.1\r\nHost: switchboard\r\n").unwrap();
    let (_, took) = read_until_closed(&mut slow);
    assert!(took < Duration::from_secs(10), "closed after the header timeout, not {took:?}");

    // An idle kept-alive connection is closed too.
    let mut idle = TcpStream::connect(address).unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: switchboard\r\n\r\n").unwrap();
    let (answered, _) = read_until_closed(&mut idle);
    assert!(answered.starts_with("HTTP/1.1 200"), "{answered}");

    // A body that never arrives gets a 408 at the request deadline.
    let mut trickle = TcpStream::connect(address).unwrap();
    trickle
        .write_all(b"POST /v1/turns HTTP/1.1\r\nHost: switchboard\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"pr")
        .unwrap();
    let (answered, took) = read_until_closed(&mut trickle);
    assert!(answered.starts_with("HTTP/1.1 408"), "{answered}");
    assert!(answered.contains("longer than 2 s"), "{answered}");
    assert!(took < Duration::from_secs(10), "{took:?}");
    assert_eq!(get(&base, "/healthz", "").0, 200, "the server is unharmed");

    let status = Command::new("kill").args(["-TERM", &host.child.id().to_string()]).status().unwrap();
    assert!(status.success());
    assert!(host.child.wait().unwrap().success());
    let logs = host.stderr.join().unwrap();
    let events: Vec<Value> = logs
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON log line ({e}): {line}")))
        .collect();
    assert!(
        events.iter().any(|e| e["message"] == "switchboard is serving" && e["demo"] == false && e["level"] == "INFO"),
        "{logs:#?}"
    );
    assert!(events.iter().any(|e| e["message"] == "stopped; every answered turn is on disk"), "{logs:#?}");
}

#[test]
fn a_bad_config_file_stops_the_start_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let run = |text: &str| {
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, text).unwrap();
        let output =
            Command::new(env!("CARGO_BIN_EXE_switchboard")).args(["serve", "--config"]).arg(&path).output().unwrap();
        assert!(!output.status.success());
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    assert!(run("listen = \"127.0.0.1:0\"\nlisen = 1\n").contains("unknown field `lisen`"));
    let missing = run("listen = \"127.0.0.1:0\"\n[secrets]\nadmin_token = { file = \"nowhere.token\" }\n");
    assert!(missing.contains("secrets.admin_token") && missing.contains("nowhere.token"), "{missing}");
    let output = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(dir.path().join("d"))
        .env("SWITCHBOARD_LOG_FORMAT", "xml")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("SWITCHBOARD_LOG_FORMAT"));
}

#[test]
fn no_demo_leaves_the_host_empty() {
    let server = Server::start_with(&["--no-demo"]);
    assert_eq!(server.get("/v1/practices", ADMIN_TOKEN).json(), serde_json::json!([]));
    assert_eq!(server.get("/v1/practices/demo/queue", STAFF_TOKEN).status, 403);
}
