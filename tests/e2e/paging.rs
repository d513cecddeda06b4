//! The on-call acknowledgement ladder with the controllable clock and the
//! stand-in gateway: an unacknowledged urgent item pages the primary, again
//! after the window, then the backup — each page once, across a kill -9 and
//! restart — and then stops; acknowledging stops it at once.

use std::time::Duration;

use jiff::civil::Weekday;
use serde_json::json;

use crate::harness::*;
use crate::oncall::*;

const MINUTE: i64 = 60_000;

fn count_to(sent: &Sent, to: &str, item: &str) -> usize {
    sent.lock().unwrap().iter().filter(|(t, body)| t == to && body.contains(item)).count()
}

fn wait_count(sent: &Sent, to: &str, item: &str, count: usize) {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while count_to(sent, to, item) < count {
        assert!(std::time::Instant::now() < deadline, "waited for page {count} to {to}: {:?}", sent.lock().unwrap());
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Long enough for the workers (200 ms polls) to have acted if they would.
fn settle() {
    std::thread::sleep(Duration::from_millis(1200));
}

#[test]
fn an_unacknowledged_page_repeats_then_reaches_the_backup_once_each_across_a_restart() {
    let (mut server, sent) = demo_with_gateway(5);
    let t0 = set_local(&server, Weekday::Tuesday, 3);
    server.sms("+15550401001", "SMladder", "my pain pump is alarming");
    let item = items_for(&server, "pump-alarm").remove(0);
    let id = item["id"].as_str().unwrap().to_string();
    wait_count(&sent, PRIMARY, &id, 1);

    advance(&server, 4 * MINUTE);
    settle();
    assert_eq!(count_to(&sent, PRIMARY, &id), 1, "not due before the window ends");
    advance(&server, 2 * MINUTE);
    wait_count(&sent, PRIMARY, &id, 2);
    assert!(sent.lock().unwrap().iter().any(|(_, b)| b.contains("page 2, not yet acknowledged")));
    // The stand-in has the page as soon as it is posted; the worker records
    // it as sent when the response comes back. Killed in between, the
    // outbox would rightly send it again (delivery is at least once, with
    // the outbox id as the carrier's idempotency key): let it record first.
    settle();

    // kill -9 and restart: the watch is durable; the clock offset is not
    // (it lives in the process), so move the new process's clock again.
    server.kill_hard();
    let (data, _keep) = server.into_data_dir();
    let server = Server::start_on_with_env(&data, &[("SWITCHBOARD_TEST_CLOCK", "1")]);
    let now = advance(&server, 1);
    advance(&server, t0 + 6 * MINUTE + 30_000 - now);
    settle();
    assert_eq!(count_to(&sent, PRIMARY, &id), 2, "page 2 is not sent again after the restart");
    assert_eq!(count_to(&sent, BACKUP, &id), 0, "the backup's turn has not come");

    advance(&server, 5 * MINUTE);
    wait_count(&sent, BACKUP, &id, 1);
    advance(&server, 10 * MINUTE);
    settle();
    assert_eq!((count_to(&sent, PRIMARY, &id), count_to(&sent, BACKUP, &id)), (2, 1), "then the ladder stops");
    let watched = staff_get(&server, &format!("/v1/practices/demo/queue/{id}"));
    let pages: Vec<&str> =
        watched["paging"]["pages"].as_array().unwrap().iter().map(|p| p["to"].as_str().unwrap()).collect();
    assert_eq!(pages, ["primary", "primary", "backup"]);
    assert!(watched["paging"]["next_due"].is_null(), "{watched}");
    let audit = server.get("/v1/practices/demo/audit", ADMIN_TOKEN).json();
    let actions: Vec<&str> = audit.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "on-call.paged").count(), 3);
    assert!(actions.contains(&"on-call.unacknowledged"));
}

#[test]
fn acknowledging_stops_the_ladder() {
    let (server, sent) = demo_with_gateway(5);
    set_local(&server, Weekday::Saturday, 4);
    server.sms("+15550401002", "SMack", "Had my epidural 2 days ago, terrible headache when I sit up");
    let id = items_for(&server, "post-epidural-headache")[0]["id"].as_str().unwrap().to_string();
    wait_count(&sent, PRIMARY, &id, 1);
    let ack = server.post_json(&format!("/v1/practices/demo/queue/{id}/acknowledge"), STAFF_TOKEN, &json!({}));
    assert_eq!(ack.status, 200, "{}", ack.body);
    assert_eq!(ack.json()["acknowledged"]["by"], "staff");
    advance(&server, 30 * MINUTE);
    settle();
    assert_eq!(count_to(&sent, PRIMARY, &id) + count_to(&sent, BACKUP, &id), 1, "no page after the acknowledgement");
}

#[test]
fn an_undelivered_page_reaches_the_next_rung_at_once() {
    let (server, sent) = demo_with_gateway(15);
    set_local(&server, Weekday::Tuesday, 3);
    server.sms("+15550401002", "SMundelivered", "my pain pump is alarming");
    let id = items_for(&server, "pump-alarm").remove(0)["id"].as_str().unwrap().to_string();
    wait_count(&sent, PRIMARY, &id, 1);
    settle();
    let watched = staff_get(&server, &format!("/v1/practices/demo/queue/{id}"));
    let first = watched["paging"]["pages"][0]["outbox_id"].as_str().unwrap().to_string();
    // The carrier reports the first page undelivered (signed, like every
    // status callback): page 2 goes out now, not after the 15 minutes.
    let report = |outbox: &str| {
        let path = format!("/twilio/status?practice=demo&outbox={outbox}");
        let params = [("MessageSid", "SMpage1"), ("MessageStatus", "undelivered"), ("ErrorCode", "30003")];
        let reply = server.twilio(&path, TWILIO_TOKEN, &params);
        assert_eq!(reply.status, 204, "{}", reply.body);
    };
    report(&first);
    wait_count(&sent, PRIMARY, &id, 2);
    settle();
    // The same report again skips no further rung.
    report(&first);
    settle();
    assert_eq!((count_to(&sent, PRIMARY, &id), count_to(&sent, BACKUP, &id)), (2, 0));
    let watched = staff_get(&server, &format!("/v1/practices/demo/queue/{id}"));
    let due = watched["paging"]["next_due"].as_i64().expect("the ladder goes on");
    assert!(due > advance(&server, 1) + 10 * MINUTE, "page 2 has its own full window: {watched}");
    let audit = server.get("/v1/practices/demo/audit", ADMIN_TOKEN).json();
    let undelivered: Vec<&serde_json::Value> =
        audit.as_array().unwrap().iter().filter(|e| e["action"] == "on-call.page-undelivered").collect();
    assert_eq!(undelivered.len(), 1, "{audit}");
    assert_eq!(undelivered[0]["detail"]["outbox"], first.as_str());

    // Acknowledged, a failed page changes nothing.
    let ack = server.post_json(&format!("/v1/practices/demo/queue/{id}/acknowledge"), STAFF_TOKEN, &json!({}));
    assert_eq!(ack.status, 200, "{}", ack.body);
    let second = staff_get(&server, &format!("/v1/practices/demo/queue/{id}"))["paging"]["pages"][1]["outbox_id"]
        .as_str()
        .unwrap()
        .to_string();
    report(&second);
    settle();
    assert_eq!((count_to(&sent, PRIMARY, &id), count_to(&sent, BACKUP, &id)), (2, 0));
}
