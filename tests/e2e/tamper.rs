//! Audit tampering is found: a byte flipped in one stored audit record of
//! a stopped server's sled data makes `switchboard audit verify` report that
//! record as the first broken link (exit status 1); the intact chain before
//! it verifies (exit status 0).

use std::process::Command;

use crate::harness::*;

fn verify(data: &std::path::Path, practice: &str) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["audit", "verify", practice, "--data"])
        .arg(data)
        .output()
        .expect("run switchboard audit verify");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The sled key of a practice's audit entry `seq` (practice NUL seq-be).
fn audit_key(practice: &str, seq: u64) -> Vec<u8> {
    let mut key = practice.as_bytes().to_vec();
    key.push(0);
    key.extend_from_slice(&seq.to_be_bytes());
    key
}

#[test]
fn a_flipped_byte_in_a_stored_audit_record_is_the_first_broken_link() {
    let mut server = Server::start();
    server.sms("+15550701001", "SMt1", "my pain pump is alarming");
    server.sms("+15550701002", "SMt2", "what are your office hours");
    server.queue("demo", STAFF_TOKEN);
    assert!(server.terminate().success());
    let (data, _keep) = server.into_data_dir();

    let (code, out) = verify(&data, "demo");
    assert_eq!(code, 0, "{out}");
    let entries: u64 = out.split('(').nth(1).and_then(|s| s.split(' ').next()).and_then(|n| n.parse().ok()).unwrap();
    assert!(entries >= 4, "{out}");

    // Flip one byte inside entry 3's stored JSON (in its `action` text, so
    // the record still parses and only the hash can tell).
    {
        let db = sled::open(data.join("db")).expect("open the stopped server's data");
        let tree = db.open_tree("audit").unwrap();
        let key = audit_key("demo", 3);
        let mut bytes = tree.get(&key).unwrap().expect("entry 3").to_vec();
        let at = bytes.windows(10).position(|w| w == b"\"action\":\"").expect("an action field") + 10;
        bytes[at] ^= 0x01;
        tree.insert(&key, bytes).unwrap();
        db.flush().unwrap();
    }
    let (code, out) = verify(&data, "demo");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("BROKEN at entry 3"), "{out}");
    assert!(out.contains("altered"), "{out}");

    // Another practice's chain is its own.
    let (code, out) = verify(&data, "nobody");
    assert_ne!(code, 0, "{out}");
}
