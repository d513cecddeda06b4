//! The plugin registry end to end: vendors publish packages, practices
//! install, upgrade and roll back, every refusal is a clear 4xx with nothing
//! stored, and conversations finish on the version they started on.

use serde_json::{Value, json};
use switchboard_artifacts::{VERSIONED_PLUGIN_V1 as V1, VERSIONED_PLUGIN_V2 as V2};

use crate::harness::*;

const NUMBER: &str = "+15550107777";

/// One SMS turn through the JSON API; returns the reply text.
pub fn text(server: &Server, gateway: &str, practice: &str, conversation: &str, body: &str) -> String {
    let reply = server.post_json(
        "/v1/turns",
        gateway,
        &json!({"practice": practice, "channel": "sms", "from": "+15550123000", "text": body, "conversation_id": conversation}),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let answer = reply.json();
    assert_eq!(answer["fallback"], false, "{}", reply.body);
    answer["actions"][0]["body"].as_str().expect("a text reply").to_string()
}

fn status(server: &Server, practice: &str) -> Value {
    let reply = server.get(&format!("/v1/practices/{practice}/plugin"), ADMIN_TOKEN);
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

fn install(server: &Server, practice: &str, body: Value) -> Reply {
    server.post_json(&format!("/v1/practices/{practice}/plugin"), ADMIN_TOKEN, &body)
}

fn loaded_versions(server: &Server, practice: &str) -> Vec<String> {
    status(server, practice)["loaded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["plugin"].as_str().unwrap().into())
        .collect()
}

/// The smallest component whose one core module declares a memory of
/// `pages` 64 KiB pages, hand-encoded (component header, one core-module
/// section holding a module with one memory section).
fn component_with_memory_pages(pages: u32) -> Vec<u8> {
    let mut leb = Vec::new();
    let mut n = pages;
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            leb.push(byte);
            break;
        }
        leb.push(byte | 0x80);
    }
    let mut memory_section = vec![0x01, 0x00];
    memory_section.extend(&leb);
    let mut module = b"\0asm\x01\0\0\0".to_vec();
    module.push(0x05);
    module.push(memory_section.len() as u8);
    module.extend(&memory_section);
    let mut component = b"\0asm\x0d\0\x01\0".to_vec();
    component.push(0x01);
    component.push(module.len() as u8);
    component.extend(&module);
    component
}

#[test]
fn publishing_checks_the_package_and_stores_nothing_it_refuses() {
    let server = Server::start();
    let good = package(V1, &versioned_tests(), Some("greeting = \"Hi\""), None);

    // Only vendors (and the admin) publish.
    let as_staff = server.post_raw("/v1/plugins", &[("Authorization", &format!("Bearer {STAFF_TOKEN}"))], good.clone());
    assert_eq!(as_staff.status, 403, "{}", as_staff.body);
    assert_eq!(server.post_raw("/v1/plugins", &[], good.clone()).status, 401);

    // A package whose signature does not cover what is inside.
    let key = switchboard::registry::signing::generate_key();
    let signed = package(V1, &versioned_tests(), None, Some(&key));
    let mut read = switchboard::registry::package::Package::read(&signed).unwrap();
    read.tests.insert("tests/extra.toml".into(), include_str!("../fixtures/versioned-plugin/tests/greets.toml").into());
    let tampered = server.publish_package(&read.build());
    assert_eq!(tampered.status, 422, "{}", tampered.body);
    assert!(tampered.json()["error"].as_str().unwrap().contains("signature"), "{}", tampered.body);

    // A manifest that disagrees with what the component says about itself.
    let mut read = switchboard::registry::package::Package::read(&good).unwrap();
    read.manifest.version = "9.9.9".into();
    let lying = server.publish_package(&read.build());
    assert_eq!(lying.status, 422, "{}", lying.body);
    assert!(lying.json()["error"].as_str().unwrap().contains("describes itself as versioned-plugin@1.0.0"));

    // A shipped test that is not a transcript.
    let broken = server.publish_package(&package(V1, &[("bad.toml", "name = 1")], None, None));
    assert_eq!(broken.status, 422, "{}", broken.body);
    assert!(broken.json()["error"].as_str().unwrap().contains("tests/bad.toml"), "{}", broken.body);

    // Not a package, not a component.
    let junk = server.publish_package(b"just some bytes");
    assert_eq!(junk.status, 422, "{}", junk.body);

    // A valid component the engine refuses: its memory starts at 2000
    // pages (125 MiB), past the 64 MiB a plugin instance may have.
    let oversized = server.publish_package(&component_with_memory_pages(2000));
    assert_eq!(oversized.status, 422, "{}", oversized.body);
    assert!(oversized.json()["error"].as_str().unwrap().contains("memory"), "{}", oversized.body);

    let plugins = server.get("/v1/plugins", VENDOR_TOKEN).json();
    assert!(plugins.as_array().unwrap().iter().all(|p| p["plugin"]["name"] != "versioned-plugin"), "{plugins}");

    // The good package: checked, precompiled and recorded with what it ships.
    let published = server.publish_package(&good);
    assert_eq!(published.status, 201, "{}", published.body);
    let record = published.json();
    assert_eq!(record["plugin"]["version"], "1.0.0");
    assert_eq!(record["package"]["contract"], CURRENT_CONTRACT);
    assert_eq!(record["package"]["tests"], 2);
    assert_eq!(record["package"]["published_by"], "vendor");
    assert_eq!(record["capabilities"], json!(["texts", "calls", "escalation"]));
    // Publishing the same file again is harmless; other content under the
    // same version is refused.
    assert_eq!(server.publish_package(&good).status, 201);
    let other = server.publish_package(&package(V1, &[], None, None));
    assert_eq!(other.status, 409, "{}", other.body);
}

#[test]
fn install_upgrade_and_rollback_keep_each_conversation_on_its_version() {
    let server = Server::start();
    assert_eq!(server.publish_package(&package(V1, &versioned_tests(), None, None)).status, 201);
    assert_eq!(server.publish_package(&package(V2, &versioned_tests(), None, None)).status, 201);
    let (gateway, _) =
        server.create_practice("swap", NUMBER, "swap-twilio-token", "versioned-plugin@1.0.0", "greeting = \"Hi\"");

    assert_eq!(text(&server, &gateway, "swap", "a", "hello"), "Hi from v1.0.0, turn 1");

    // The practice grants no scheduling, which version 2 asks for.
    let policy = json!({"grants": ["texts", "calls", "escalation"]});
    let set = server.put_json("/v1/practices/swap/plugin/policy", ADMIN_TOKEN, &policy);
    assert_eq!(set.status, 200, "{}", set.body);
    let refused = install(&server, "swap", json!({"plugin": "versioned-plugin", "version": "2.0.0"}));
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.json()["error"].as_str().unwrap().contains("does not grant: scheduling"), "{}", refused.body);
    assert_eq!(status(&server, "swap")["active"], "versioned-plugin@1.0.0");
    assert_eq!(status(&server, "swap")["history"], json!([]), "a refused install records nothing");

    let set = server.put_json("/v1/practices/swap/plugin/policy", ADMIN_TOKEN, &json!({"grants": null}));
    assert_eq!(set.status, 200, "{}", set.body);
    let upgraded = install(
        &server,
        "swap",
        json!({"plugin": "versioned-plugin", "version": "2.0.0", "config": "greeting = \"Hey\""}),
    );
    assert_eq!(upgraded.status, 200, "{}", upgraded.body);
    let report = upgraded.json();
    assert_eq!(report["active"]["plugin"], "versioned-plugin@2.0.0");
    assert_eq!(report["active"]["revision"], 2, "revision 1 is the baseline it replaced");
    assert_eq!(report["tests_passed"], 2, "the package's tests ran with the practice's config");

    // In progress: stays on 1.0.0 (and its config). New: starts on 2.0.0.
    assert_eq!(text(&server, &gateway, "swap", "a", "again"), "Hi from v1.0.0, turn 2");
    assert_eq!(text(&server, &gateway, "swap", "b", "hello"), "Hey from v2.0.0, turn 1");
    let shown = status(&server, "swap");
    assert_eq!(shown["active"], "versioned-plugin@2.0.0");
    assert_eq!(shown["revision"], 2);
    let actions: Vec<&str> =
        shown["history"].as_array().unwrap().iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["baseline", "install"]);
    assert_eq!(loaded_versions(&server, "swap"), ["versioned-plugin@1.0.0", "versioned-plugin@2.0.0"]);

    // The last conversation on 1.0.0 ends: 1.0.0 is unloaded.
    assert_eq!(text(&server, &gateway, "swap", "a", "done"), "Hi from v1.0.0, turn 3");
    assert_eq!(loaded_versions(&server, "swap"), ["versioned-plugin@2.0.0"]);

    // Roll back: new conversations are on 1.0.0 again; b finishes on 2.0.0.
    let rolled = server.post_raw(
        "/v1/practices/swap/plugin/rollback",
        &[("Authorization", &format!("Bearer {ADMIN_TOKEN}"))],
        vec![],
    );
    assert_eq!(rolled.status, 200, "{}", rolled.body);
    let rolled = rolled.json();
    assert_eq!(rolled["active"]["plugin"], "versioned-plugin@1.0.0");
    assert_eq!(rolled["active"]["restored"], 1);
    assert_eq!(rolled["active"]["config"], "greeting = \"Hi\"", "a rollback restores that revision's config too");
    assert_eq!(text(&server, &gateway, "swap", "c", "hello"), "Hi from v1.0.0, turn 1");
    assert_eq!(text(&server, &gateway, "swap", "b", "more"), "Hey from v2.0.0, turn 2");

    // Rolling back to a revision that does not exist changes nothing.
    let missing = server.post_json("/v1/practices/swap/plugin/rollback", ADMIN_TOKEN, &json!({"revision": 42}));
    assert_eq!(missing.status, 404, "{}", missing.body);
    assert_eq!(status(&server, "swap")["history"].as_array().unwrap().len(), 3);

    // Every switch is in the practice's audit chain, which still verifies.
    let audit = server.get("/v1/practices/swap/audit/verify", ADMIN_TOKEN);
    assert_eq!(audit.status, 200, "{}", audit.body);
}

#[test]
fn installs_are_refused_for_bad_config_failing_tests_and_untrusted_signers() {
    let server = Server::start();
    let trusted = switchboard::registry::signing::generate_key();
    let stranger = switchboard::registry::signing::generate_key();
    let failing = [(
        "wrong.toml",
        "name = \"expects another reply\"\nchannel = \"sms\"\n[[turn]]\npatient = \"hello\"\nexpect = [\"turn 99\"]\n",
    )];
    assert_eq!(server.publish_package(&package(V1, &versioned_tests(), None, Some(&trusted))).status, 201);
    assert_eq!(server.publish_package(&package(V2, &failing, None, Some(&stranger))).status, 201);
    server.create_practice("strict", NUMBER, "strict-twilio-token", "versioned-plugin@1.0.0", "");
    let before = status(&server, "strict");

    let bad_config = install(
        &server,
        "strict",
        json!({"plugin": "versioned-plugin", "version": "1.0.0", "config": "colour = \"red\""}),
    );
    assert_eq!(bad_config.status, 422, "{}", bad_config.body);
    assert_eq!(bad_config.json()["detail"][0]["path"], "colour");

    let tests_fail = install(&server, "strict", json!({"plugin": "versioned-plugin", "version": "2.0.0"}));
    assert_eq!(tests_fail.status, 422, "{}", tests_fail.body);
    let body = tests_fail.json();
    assert!(body["error"].as_str().unwrap().contains("1 of 1 shipped conversation tests failed"), "{body}");
    assert!(body["detail"][0]["failures"][0].as_str().unwrap().contains("turn 99"), "{body}");

    let unknown = install(&server, "strict", json!({"plugin": "versioned-plugin", "version": "3.0.0"}));
    assert_eq!(unknown.status, 404, "{}", unknown.body);
    let unknown_field =
        install(&server, "strict", json!({"plugin": "versioned-plugin", "version": "1.0.0", "force": true}));
    assert_eq!(unknown_field.status, 422, "{}", unknown_field.body);

    // A policy the running version would break is refused too.
    let policy = |key: &ed25519_dalek::SigningKey| json!({"trusted_keys": [switchboard::registry::signing::public_key_hex(key)], "require_signed": true});
    let breaks = server.put_json("/v1/practices/strict/plugin/policy", ADMIN_TOKEN, &policy(&stranger));
    assert_eq!(breaks.status, 422, "{}", breaks.body);
    let ok = server.put_json("/v1/practices/strict/plugin/policy", ADMIN_TOKEN, &policy(&trusted));
    assert_eq!(ok.status, 200, "{}", ok.body);
    let untrusted = install(&server, "strict", json!({"plugin": "versioned-plugin", "version": "2.0.0"}));
    assert_eq!(untrusted.status, 422, "{}", untrusted.body);
    assert!(untrusted.json()["error"].as_str().unwrap().contains("does not trust"), "{}", untrusted.body);
    let bad_key = server.put_json("/v1/practices/strict/plugin/policy", ADMIN_TOKEN, &json!({"trusted_keys": ["abc"]}));
    assert_eq!(bad_key.status, 400, "{}", bad_key.body);

    // None of it changed what runs or the history.
    let after = status(&server, "strict");
    assert_eq!(after["active"], before["active"]);
    assert_eq!(after["history"], json!([]));
    assert_eq!(server.get("/v1/practices/strict/plugin", STAFF_TOKEN).status, 403, "only the admin manages plugins");
    assert_eq!(server.post_json("/v1/practices/strict/plugin", VENDOR_TOKEN, &json!({})).status, 403);
}
