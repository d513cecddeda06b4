//! A vendor's whole path through the tools: make a key, package the SDK
//! template with its tests, test it, talk to it in the simulator, publish
//! it, and have a practice install, inspect and roll it back — all through
//! the `switchboard` CLI against the real binary.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::harness::*;

fn template_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../sdk/template"))
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_switchboard")).args(args).env("SWITCHBOARD_LOG", "warn").output().expect("run")
}

fn ok(output: &std::process::Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "stdout: {stdout}\nstderr: {}", String::from_utf8_lossy(&output.stderr));
    stdout
}

/// `switchboard chat` with `input` piped to its stdin.
fn chat(args: &[&str], input: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .arg("chat")
        .args(args)
        .env("SWITCHBOARD_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chat");
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    ok(&child.wait_with_output().unwrap())
}

#[test]
fn a_vendor_packages_tests_chats_publishes_and_a_practice_installs_the_template() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("vendor.key");
    let pkg = dir.path().join("template.swpkg");
    let (key_s, pkg_s) = (key.to_str().unwrap(), pkg.to_str().unwrap());
    let public_key = ok(&run(&["plugin", "keygen", "--out", key_s])).trim().to_string();
    assert_eq!(public_key.len(), 64);

    let tests = template_dir().join("tests");
    let config = template_dir().join("config.example.toml");
    let packaged = ok(&run(&[
        "plugin",
        "package",
        "--component",
        switchboard_artifacts::PLUGIN_TEMPLATE_PATH,
        "--tests",
        tests.to_str().unwrap(),
        "--example-config",
        config.to_str().unwrap(),
        "--sign-key",
        key_s,
        "--out",
        pkg_s,
    ]));
    assert!(packaged.contains("switchboard-plugin-template@0.1.0 (2 tests, signed)"), "{packaged}");

    // Packaging refuses a plugin whose tests fail with the example config.
    let empty = dir.path().join("empty.toml");
    std::fs::write(&empty, "").unwrap();
    let refused = run(&[
        "plugin",
        "package",
        "--component",
        switchboard_artifacts::PLUGIN_TEMPLATE_PATH,
        "--tests",
        tests.to_str().unwrap(),
        "--example-config",
        empty.to_str().unwrap(),
        "--out",
        dir.path().join("no.swpkg").to_str().unwrap(),
    ]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("hours: required"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert!(!dir.path().join("no.swpkg").exists());

    // `switchboard test` runs a package's own tests.
    let tested = ok(&run(&["test", "--plugin", pkg_s]));
    assert!(tested.contains("2 passed, 0 failed"), "{tested}");

    // The simulator, over text and over a call, shows replies and queue items.
    let texted = chat(&["--plugin", pkg_s], "when are you open?\ncall me please\n");
    assert!(texted.contains("plugin> Our office hours: Monday to Friday, 8 am to 5 pm."), "{texted}");
    assert!(
        texted.contains("[queue] callback routine: Patient asked for a call back callback=\"+15550199001\""),
        "{texted}"
    );
    let called = chat(&["--plugin", pkg_s, "--voice"], "\nwhat are your hours\ncall me\n/quit\n");
    assert!(called.contains("--- call 1 starts ---"), "{called}");
    assert!(called.contains("plugin asks> Thank you for calling. How can we help?"), "{called}");
    assert!(called.contains("(silence)"), "{called}");
    assert!(called.contains("plugin asks> Our office hours"), "{called}");
    assert!(called.contains("[hang up]") && called.contains("--- call 1 ended ---"), "{called}");
    assert!(called.contains("[queue] callback"), "{called}");

    // Publish with the vendor token; install on a practice that trusts the key.
    let server = Server::start();
    let published = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["plugin", "publish", pkg_s])
        .env("SWITCHBOARD_SERVER", &server.base)
        .env("SWITCHBOARD_VENDOR_TOKEN", VENDOR_TOKEN)
        .env_remove("SWITCHBOARD_ADMIN_TOKEN")
        .output()
        .unwrap();
    let record: serde_json::Value = serde_json::from_str(&ok(&published)).unwrap();
    assert_eq!(record["package"]["signed_by"], public_key.as_str());

    let demo_plugin =
        server.get("/v1/practices/demo/plugin", ADMIN_TOKEN).json()["active"].as_str().unwrap().to_string();
    ok(&cli(&server, &["practice", "plugin", "policy", "demo", "--trust-key", &public_key]));
    let installed = ok(&cli(
        &server,
        &[
            "practice",
            "plugin",
            "install",
            "demo",
            "switchboard-plugin-template@0.1.0",
            "--config",
            config.to_str().unwrap(),
        ],
    ));
    let installed: serde_json::Value = serde_json::from_str(&installed).unwrap();
    assert_eq!(installed["tests_passed"], 2);
    let reply = server.sms("+15550199001", "SM-template-1", "when are you open?");
    assert!(spoken_or_texted(&reply.body).contains("Monday to Friday"), "{}", reply.body);

    let shown: serde_json::Value =
        serde_json::from_str(&ok(&cli(&server, &["practice", "plugin", "show", "demo"]))).unwrap();
    assert_eq!(shown["active"], "switchboard-plugin-template@0.1.0");
    assert_eq!(shown["policy"]["trusted_keys"][0], public_key.as_str());
    ok(&cli(&server, &["practice", "plugin", "rollback", "demo"]));
    let shown: serde_json::Value =
        serde_json::from_str(&ok(&cli(&server, &["practice", "plugin", "show", "demo"]))).unwrap();
    assert_eq!(shown["active"], demo_plugin.as_str(), "back on the bundled plugin");

    // Bad input through the CLI: a clear error and a non-zero exit.
    let bad = cli(&server, &["practice", "plugin", "install", "demo", "no-version-here"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("NAME@VERSION"));
}

#[test]
fn the_simulator_runs_the_pain_management_plugin_with_its_config() {
    let config = concat!(env!("CARGO_MANIFEST_DIR"), "/../plugins/pain-management/demo-config.toml");
    let transcript = chat(
        &["--plugin", switchboard_artifacts::PAIN_MANAGEMENT_PATH, "--config", config],
        "I took too many pills and can't stay awake\n",
    );
    assert!(transcript.contains("911"), "{transcript}");
    assert!(transcript.contains("[queue] clinical-urgent"), "{transcript}");
}

/// The vendor guide's first step works from a fresh clone: `sdk/new-plugin`
/// makes a standalone copy of the template that builds and passes its own
/// tests, outside this repository's workspace.
#[test]
fn a_new_plugin_from_the_template_builds_and_tests_on_its_own() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("acme-ortho");
    let made = std::process::Command::new(root.join("sdk/new-plugin")).arg(&dest).output().unwrap();
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let manifest = std::fs::read_to_string(dest.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"acme-ortho\"") && manifest.contains("[workspace]"), "{manifest}");
    let tested = std::process::Command::new(env!("CARGO"))
        .args(["test", "--offline", "-q"])
        .current_dir(&dest)
        // Shared between runs, so the SDK is compiled once.
        .env("CARGO_TARGET_DIR", root.join("target/new-plugin"))
        .output()
        .unwrap();
    assert!(
        tested.status.success(),
        "{}{}",
        String::from_utf8_lossy(&tested.stdout),
        String::from_utf8_lossy(&tested.stderr)
    );
    // A second copy with the same name is refused, not overwritten.
    let again = std::process::Command::new(root.join("sdk/new-plugin")).arg(&dest).output().unwrap();
    assert!(!again.status.success());
}
