//! A turn that was answered is on disk: `kill -9` under load loses none,
//! SIGTERM shuts down gracefully, and a gateway's retry replays the stored
//! answer instead of running the turn twice.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::harness::*;

#[test]
fn kill_9_under_load_loses_no_answered_turn() {
    let mut server = Server::start();
    let answered: Arc<Mutex<Vec<(String, String, String)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    std::thread::scope(|scope| {
        for client in 0..8 {
            let (server, answered, stop) = (&server, answered.clone(), stop.clone());
            scope.spawn(move || {
                let from = format!("+1555020{client:04}");
                for n in 0..10_000 {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let sid = format!("SMkill{client}x{n}");
                    let body = format!("message {n} from client {client}");
                    let result =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| server.sms(&from, &sid, &body)));
                    match result {
                        Ok(reply) if reply.status == 200 && reply.body.contains("<Message>") => {
                            answered.lock().unwrap().push((from.clone(), sid, body));
                        }
                        // The server died mid-request: that turn was never answered.
                        _ => break,
                    }
                }
            });
        }
        std::thread::sleep(Duration::from_millis(2500));
        let killed = std::process::Command::new("kill").args(["-KILL", &server.pid().to_string()]).status().unwrap();
        assert!(killed.success());
        stop.store(true, Ordering::Relaxed);
    });
    server.kill_hard();
    let answered = answered.lock().unwrap().clone();
    assert!(answered.len() >= 20, "the load produced only {} turns", answered.len());

    let (data, _keep) = server.into_data_dir();
    let restarted = Server::start_on(&data);
    for client in 0..8 {
        let from = format!("+1555020{client:04}");
        let sent: Vec<&String> = answered.iter().filter(|(f, _, _)| *f == from).map(|(_, _, b)| b).collect();
        if sent.is_empty() {
            continue;
        }
        let conversation = restarted.get(&format!("/v1/practices/demo/conversations/sms:{from}"), STAFF_TOKEN);
        assert_eq!(conversation.status, 200, "{}", conversation.body);
        let stored: Vec<String> = conversation.json()["turns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["inbound"]["text"].as_str().unwrap_or_default().to_string())
            .collect();
        for body in sent {
            assert!(stored.contains(body), "answered turn {body:?} was lost after kill -9");
        }
    }
    let verify = restarted.get("/v1/practices/demo/audit/verify", STAFF_TOKEN).json();
    assert_eq!(verify["ok"], true, "{verify}");

    // A retried delivery of an answered message replays the same answer.
    let (from, sid, body) = &answered[answered.len() / 2];
    let before = restarted.get(&format!("/v1/practices/demo/conversations/sms:{from}"), STAFF_TOKEN).json()["turns"]
        .as_array()
        .unwrap()
        .len();
    let replay = restarted.sms(from, sid, body);
    assert_eq!(replay.status, 200);
    let after = restarted.get(&format!("/v1/practices/demo/conversations/sms:{from}"), STAFF_TOKEN).json()["turns"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(before, after, "a retried MessageSid must not run the turn again");
}

#[test]
fn sigterm_shuts_down_gracefully_and_keeps_every_turn() {
    let mut server = Server::start();
    let first = server.sms("+15550301000", "SMterm1", "I need a refill");
    assert_eq!(first.status, 200);
    let status = server.terminate();
    assert!(status.success(), "graceful shutdown exits 0, got {status:?}");
    let (data, _keep) = server.into_data_dir();
    let restarted = Server::start_on(&data);
    let conversation = restarted.get("/v1/practices/demo/conversations/sms:+15550301000", STAFF_TOKEN).json();
    assert_eq!(conversation["turns"][0]["inbound"]["text"], "I need a refill");
    // The restart reused the demo practice rather than installing another.
    let practices = restarted.get("/v1/practices", ADMIN_TOKEN).json();
    assert_eq!(practices.as_array().unwrap().len(), 1);
    let again = restarted.sms("+15550301000", "SMterm2", "thanks");
    assert_eq!(again.status, 200);
}
