//! The host conformance checks, passed by three plugins of the same
//! behaviour that share nothing at the boundary:
//! - the Rust SDK template, on the current contract;
//! - `plugins/front-desk-py`, written in Python and built into a component
//!   with componentize-py (the pinned version in its requirements.txt;
//!   `.ci/run` installs it) — vendors are not tied to Rust;
//! - `tests/fixtures/contract-v0.1-plugin`, built against the previous
//!   minor version of the contract (`wit/v0.1`) — a host upgrade does not
//!   strand a vendor's plugin.
//!
//! Each is published as a package by a vendor, installed by a practice with
//! its shipped tests run against the practice's config, answers texts and
//! calls, queues work, and is rolled back.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::harness::*;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Build the Python plugin with the pinned componentize-py.
fn build_front_desk(out: &Path) -> Vec<u8> {
    let dir = root().join("plugins/front-desk-py");
    let pinned = std::fs::read_to_string(dir.join("requirements.txt")).unwrap();
    let pinned = pinned.trim().strip_prefix("componentize-py==").expect("requirements.txt pins componentize-py");
    // The README's test command must work from a fresh clone, so the
    // pinned tool is installed from PyPI when it is missing (as .ci/run does).
    let installed = || {
        Command::new("componentize-py")
            .arg("--version")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == format!("componentize-py {pinned}"))
    };
    if !installed() {
        let pip = Command::new("python3")
            .args(["-m", "pip", "install", "--quiet", "-r"])
            .arg(dir.join("requirements.txt"))
            .status()
            .expect("run python3 -m pip (Python 3 with pip is needed to build the Python plugin)");
        assert!(pip.success(), "pip could not install componentize-py {pinned}");
    }
    assert!(installed(), "componentize-py {pinned} is not on PATH after pip installed it");
    let wasm = out.join("front_desk.wasm");
    let built = Command::new("componentize-py")
        .current_dir(&dir)
        .args(["-d", root().join("wit").to_str().unwrap(), "-w", "specialty-plugin", "componentize", "app", "-o"])
        .arg(&wasm)
        .output()
        .expect("run componentize-py");
    assert!(built.status.success(), "componentize-py failed: {}", String::from_utf8_lossy(&built.stderr));
    std::fs::read(wasm).unwrap()
}

/// Package a component with the SDK template's tests and example config.
fn package_with_template_tests(server: &Server, component: &Path, out: &Path) {
    let template = root().join("sdk/template");
    let output = cli(
        server,
        &[
            "plugin",
            "package",
            "--component",
            component.to_str().unwrap(),
            "--tests",
            template.join("tests").to_str().unwrap(),
            "--example-config",
            template.join("config.example.toml").to_str().unwrap(),
            // The server runs the tests at install; running them here too
            // would compile a CPython component a second time.
            "--no-test",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

/// The conformance checks every plugin of this behaviour must pass.
fn conformance(server: &Server, package: &Path, plugin: &str, contract: &str) -> std::time::Duration {
    let started = Instant::now();
    let published = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["plugin", "publish", package.to_str().unwrap()])
        .env("SWITCHBOARD_SERVER", &server.base)
        .env("SWITCHBOARD_VENDOR_TOKEN", VENDOR_TOKEN)
        .output()
        .unwrap();
    assert!(published.status.success(), "{}", String::from_utf8_lossy(&published.stderr));
    let publish_time = started.elapsed();
    let record: serde_json::Value = serde_json::from_slice(&published.stdout).unwrap();
    assert_eq!(
        format!("{}@{}", record["plugin"]["name"].as_str().unwrap(), record["plugin"]["version"].as_str().unwrap()),
        plugin
    );
    assert_eq!(record["package"]["contract"], contract);
    assert_eq!(record["capabilities"], serde_json::json!(["texts", "calls", "escalation"]));

    let config = root().join("sdk/template/config.example.toml");
    let bad = cli(server, &["practice", "plugin", "install", "demo", plugin, "--config", "/dev/null"]);
    assert!(!bad.status.success(), "an empty config is refused by the plugin");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("hours"), "{}", String::from_utf8_lossy(&bad.stderr));
    let installed =
        cli(server, &["practice", "plugin", "install", "demo", plugin, "--config", config.to_str().unwrap()]);
    assert!(installed.status.success(), "{}", String::from_utf8_lossy(&installed.stderr));
    let report: serde_json::Value = serde_json::from_slice(&installed.stdout).unwrap();
    assert_eq!(report["tests_passed"], 2, "the shipped tests passed in the server");

    let hours = server.sms("+15550199002", &format!("SM-{plugin}-1"), "when are you open?");
    assert_eq!(spoken_or_texted(&hours.body).trim(), "Our office hours: Monday to Friday, 8 am to 5 pm.");
    let before = server.queue("demo", STAFF_TOKEN).len();
    let callback = server.sms("+15550199003", &format!("SM-{plugin}-2"), "please call me");
    assert!(spoken_or_texted(&callback.body).contains("call you back"), "{}", callback.body);
    let queue = server.queue("demo", STAFF_TOKEN);
    assert_eq!(queue.len(), before + 1);
    let item = queue.iter().find(|i| i["caller"] == "+15550199003").expect("the call-back item");
    assert_eq!(item["kind"], "callback");
    assert_eq!(item["fields"][0]["value"], "+15550199003");
    let call = server.twilio(
        "/twilio/voice",
        TWILIO_TOKEN,
        &[
            ("CallSid", &format!("CA-{plugin}")),
            ("From", "+15550199004"),
            ("To", DEMO_NUMBER),
            ("CallStatus", "ringing"),
        ],
    );
    assert!(call.body.contains("<Gather") && call.body.contains("How can we help?"), "{}", call.body);

    let rolled = cli(server, &["practice", "plugin", "rollback", "demo"]);
    assert!(rolled.status.success(), "{}", String::from_utf8_lossy(&rolled.stderr));
    let status = server.get("/v1/practices/demo/plugin", ADMIN_TOKEN).json();
    assert_ne!(status["active"], plugin);
    publish_time
}

/// Package a component built by `plugins/artifacts`, run the checks on it,
/// and report what it costs.
fn check_built_component(label: &str, path: &str, component: &[u8], plugin: &str, contract: &str) {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let package = dir.path().join("plugin.swpkg");
    package_with_template_tests(&server, Path::new(path), &package);
    let publish = conformance(&server, &package, plugin, contract);
    report(label, component, server, publish);
}

#[test]
fn the_rust_template_passes_the_conformance_checks() {
    use switchboard_artifacts::{PLUGIN_TEMPLATE, PLUGIN_TEMPLATE_PATH};
    let plugin = "switchboard-plugin-template@0.1.0";
    check_built_component("RUST-TEMPLATE", PLUGIN_TEMPLATE_PATH, PLUGIN_TEMPLATE, plugin, CURRENT_CONTRACT);
}

#[test]
fn a_python_plugin_passes_the_same_conformance_checks() {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("front-desk-py");
    std::fs::create_dir_all(&out).unwrap();
    let component = build_front_desk(&out);
    let server = Server::start();
    let package = out.join("front-desk.swpkg");
    package_with_template_tests(&server, &out.join("front_desk.wasm"), &package);
    let publish = conformance(&server, &package, "front-desk@0.1.0", CURRENT_CONTRACT);
    report("PYTHON", &component, server, publish);
}

#[test]
fn a_plugin_built_against_the_previous_contract_passes_the_same_conformance_checks() {
    use switchboard_artifacts::{CONTRACT_V0_1_PLUGIN, CONTRACT_V0_1_PLUGIN_PATH};
    let plugin = "contract-v0-1-plugin@0.1.0";
    check_built_component("CONTRACT-0.1", CONTRACT_V0_1_PLUGIN_PATH, CONTRACT_V0_1_PLUGIN, plugin, "0.1.0");
}

/// What a plugin costs: its precompiled code is in the server's store, so
/// after the server stops, load it from there and measure one turn's memory
/// and time in the same sandbox.
fn report(label: &str, component: &[u8], server: Server, publish: std::time::Duration) {
    let (data, _tmp) = server.into_data_dir();
    let store = switchboard::store::Store::open(&data.join("db")).unwrap();
    let runtime = switchboard::runtime::Runtime::new(switchboard::runtime::limits::TurnLimits::default()).unwrap();
    let plugin = switchboard::runtime::LoadedPlugin::load(&runtime, component, Some(&store)).unwrap();
    // The demo is back on its bundled plugin: take this plugin's own config
    // from the revision that ran it.
    let revision = store.revision_for("demo", &plugin.reference.hash).unwrap().expect("the plugin's revision");
    let practice = switchboard::store::Practice {
        plugin: revision.plugin,
        config: revision.config,
        prepared_config: revision.prepared_config,
        ..store.practice("demo").unwrap().unwrap()
    };
    let turn = |text: &str| {
        let ctx = switchboard::capabilities::TurnContext::for_practice(
            &practice,
            &plugin,
            Some(switchboard::actions::Channel::Sms),
            "+15550199005",
            "measure",
            0,
        );
        let turn = switchboard::runtime::bindings::Turn {
            conversation_id: "measure".into(),
            channel: switchboard::runtime::bindings::WitChannel::Sms,
            caller: "+15550199005".into(),
            called: DEMO_NUMBER.into(),
            text: Some(text.into()),
            digits: None,
            confidence: None,
            first_turn: false,
            received_at: 0,
        };
        let started = Instant::now();
        let call = plugin.handle_turn(ctx, &turn, None, store.clone());
        (call, started.elapsed())
    };
    let _warm = turn("hello");
    let (call, elapsed) = turn("when are you open?");
    assert!(call.result.is_ok(), "{:?}", call.result.err());
    println!(
        "{label} component={:.2} MB publish_incl_compile={:.1} s peak_linear_memory={:.2} MiB instantiate_and_turn={:.3} ms (debug host)",
        component.len() as f64 / 1e6,
        publish.as_secs_f64(),
        call.peak_memory as f64 / (1 << 20) as f64,
        elapsed.as_secs_f64() * 1e3
    );
}
