//! Backup and restore through the CLI: a backup taken from the running
//! server while patients keep texting is consistent (every stored turn has
//! its answer, every audit chain verifies), restores into a new data
//! directory that a server then serves from, and a damaged file is
//! refused before anything is written.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde_json::Value;

use crate::harness::*;

fn conversation(server: &Server, from: &str) -> Value {
    let reply = server.get(&format!("/v1/practices/demo/conversations/sms:{from}"), STAFF_TOKEN);
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

fn restore(file: &Path, data: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["restore"])
        .arg(file)
        .arg("--data")
        .arg(data)
        .env("SWITCHBOARD_LOG", "warn")
        .output()
        .expect("run switchboard restore")
}

fn text(output: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[test]
fn a_backup_taken_while_serving_restores_into_a_server_with_every_conversation() {
    let mut server = Server::start();
    // Before the backup: an emergency (a stat item on the queue) and an
    // ordinary question from a second patient.
    let urgent = "+15550301001";
    let calm = "+15550301002";
    let reply = server.sms(urgent, "SMbk-1", "my husband took too many of his pills and I can't wake him up");
    assert!(reply.body.contains("911"), "{}", reply.body);
    server.sms(calm, "SMbk-2", "what are your hours?");
    let queue_before = server.queue("demo", STAFF_TOKEN);
    assert!(!queue_before.is_empty(), "the emergency made no queue item");

    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("practice.swb");
    // Patients keep texting while the backup is taken.
    let stop = Arc::new(AtomicBool::new(false));
    let answered = Arc::new(AtomicUsize::new(0));
    let output = std::thread::scope(|scope| {
        for client in 0..4 {
            let (server, stop, answered) = (&server, stop.clone(), answered.clone());
            scope.spawn(move || {
                let from = format!("+1555031{client:04}");
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    let reply = server.sms(&from, &format!("SMbkload{client}x{n}"), &format!("question {n}"));
                    assert_eq!(reply.status, 200, "a turn failed during the backup: {}", reply.body);
                    answered.fetch_add(1, Ordering::Relaxed);
                    n += 1;
                }
            });
        }
        while answered.load(Ordering::Relaxed) < 8 {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let output = cli(&server, &["backup", file.to_str().unwrap()]);
        // Turns go on after the backup, too.
        let after = answered.load(Ordering::Relaxed);
        while answered.load(Ordering::Relaxed) < after + 4 {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        stop.store(true, Ordering::Relaxed);
        output
    });
    assert!(output.status.success(), "backup failed: {}", text(&output));
    assert!(text(&output).contains("backup written to"), "{}", text(&output));
    assert!(!tmp.path().join("practice.swb.partial").exists(), "the partial file was left behind");
    let urgent_before = conversation(&server, urgent);
    server.terminate();

    // Restore into a new directory: every audit chain verifies.
    let restored = tmp.path().join("restored");
    let output = restore(&file, &restored);
    assert!(output.status.success(), "restore failed: {}", text(&output));
    assert!(text(&output).contains("audit chain of demo: intact"), "{}", text(&output));

    // A second restore into the same directory is refused and changes nothing.
    let again = restore(&file, &restored);
    assert!(!again.status.success());
    assert!(text(&again).contains("already holds a database"), "{}", text(&again));

    let server = Server::start_on(&restored);
    assert_eq!(conversation(&server, urgent)["turns"], urgent_before["turns"]);
    let calm_turns = conversation(&server, calm)["turns"].as_array().unwrap().clone();
    assert_eq!(calm_turns.len(), 1, "{calm_turns:?}");
    let queue_after = server.queue("demo", STAFF_TOKEN);
    for item in &queue_before {
        assert!(
            queue_after.iter().any(|restored| restored["id"] == item["id"]),
            "queue item {} was not restored",
            item["id"]
        );
    }
    // Consistency under load: every turn the backup holds has its answer.
    for client in 0..4 {
        let reply = server.get(&format!("/v1/practices/demo/conversations/sms:+1555031{client:04}"), STAFF_TOKEN);
        if reply.status == 404 {
            continue;
        }
        let turns = reply.json()["turns"].as_array().unwrap().clone();
        for (n, turn) in turns.iter().enumerate() {
            assert!(turn["actions"].as_array().is_some_and(|a| !a.is_empty()), "a turn without its answer: {turn}");
            assert_eq!(turn["inbound"]["text"], format!("question {n}"), "turns missing or out of order: {turns:?}");
        }
    }
    // And the restored server goes on: new turns, new ids that collide with none.
    let reply = server.sms(calm, "SMbk-3", "I need to reschedule my appointment");
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(conversation(&server, calm)["turns"].as_array().unwrap().len(), 2);
}

#[test]
fn a_stopped_servers_directory_backs_up_offline_and_a_damaged_file_is_refused() {
    let mut server = Server::start();
    server.sms("+15550302001", "SMoff-1", "do you take Medicare?");
    server.terminate();
    let (data, _keep) = server.into_data_dir();
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("offline.swb");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["backup", file.to_str().unwrap(), "--data"])
        .arg(&data)
        .env("SWITCHBOARD_LOG", "warn")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output));

    // One flipped byte: refused, and no database is left in the target.
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    let damaged = tmp.path().join("damaged.swb");
    std::fs::write(&damaged, &bytes).unwrap();
    let target = tmp.path().join("from-damaged");
    let output = restore(&damaged, &target);
    assert!(!output.status.success());
    assert!(text(&output).contains("damaged"), "{}", text(&output));
    assert!(!target.join("db").exists(), "a damaged backup left a database behind");

    // Truncated: refused too.
    std::fs::write(&damaged, &std::fs::read(&file).unwrap()[..middle]).unwrap();
    let output = restore(&damaged, &target);
    assert!(!output.status.success());
    assert!(text(&output).contains("truncated"), "{}", text(&output));

    // The intact file restores and serves.
    let output = restore(&file, &target);
    assert!(output.status.success(), "{}", text(&output));
    let server = Server::start_on(&target);
    let turns = conversation(&server, "+15550302001")["turns"].as_array().unwrap().clone();
    assert_eq!(turns.len(), 1);
}

#[test]
fn a_backup_needs_the_admin_token() {
    let server = Server::start();
    let reply = server.get("/v1/backup", STAFF_TOKEN);
    assert!(matches!(reply.status, 401 | 403), "{} {}", reply.status, reply.body);
    let reply = server.get("/v1/backup", "");
    assert!(matches!(reply.status, 401 | 403), "{} {}", reply.status, reply.body);
}
