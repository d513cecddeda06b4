//! Durable timers through the real binary with a controllable clock: a
//! timer a plugin scheduled fires once, into `on-task`, also after a crash
//! and restart, and re-scheduling with the same key replaces it.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::harness::*;

const NUMBER: &str = "+15550105555";
const TWILIO: &str = "timer-twilio-token";

fn fired(server: &Server, staff: &str) -> Vec<serde_json::Value> {
    server.queue("timed", staff).into_iter().filter(|i| i["summary"] == "fixture reminder fired").collect()
}

fn wait_fired(server: &Server, staff: &str, count: usize) -> Vec<serde_json::Value> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let items = fired(server, staff);
        if items.len() >= count {
            return items;
        }
        assert!(Instant::now() < deadline, "the timer never fired");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_timer_fires_once_after_the_clock_passes_it_even_across_a_crash() {
    let mut server = Server::start_with_env(&[("SWITCHBOARD_TEST_CLOCK", "1")]);
    let plugin = server.publish(switchboard_artifacts::HOSTILE_PLUGIN);
    let (_gw, staff) = server.create_practice("timed", NUMBER, TWILIO, &plugin, "");
    let remind = |server: &Server, sid: &str| {
        server.twilio(
            "/twilio/sms",
            TWILIO,
            &[("MessageSid", sid), ("From", "+15550127777"), ("To", NUMBER), ("Body", "remind")],
        )
    };
    assert!(remind(&server, "SMr1").body.contains("scheduled t"));
    // The same key again replaces the first timer rather than adding one.
    assert!(remind(&server, "SMr2").body.contains("scheduled t"));
    std::thread::sleep(Duration::from_millis(600));
    assert!(fired(&server, &staff).is_empty(), "not due yet");

    // Crash and restart: the timer is durable.
    server.kill_hard();
    let (data, _keep) = server.into_data_dir();
    let restarted = Server::start_on_with_env(&data, &[("SWITCHBOARD_TEST_CLOCK", "1")]);
    std::thread::sleep(Duration::from_millis(600));
    assert!(fired(&restarted, &staff).is_empty(), "still not due after the restart");

    let advanced = restarted.post_json("/v1/test/clock", ADMIN_TOKEN, &json!({ "advance_ms": 2 * 3_600_000 }));
    assert_eq!(advanced.status, 200, "{}", advanced.body);
    let items = wait_fired(&restarted, &staff, 1);
    assert_eq!(items[0]["fields"][1]["value"], "+15550127777");
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(fired(&restarted, &staff).len(), 1, "fired exactly once (the replaced timer never fires)");
}

#[test]
fn the_clock_cannot_be_moved_unless_the_server_allows_it() {
    let server = Server::start();
    let reply = server.post_json("/v1/test/clock", ADMIN_TOKEN, &json!({ "advance_ms": 1000 }));
    assert_eq!(reply.status, 404);
}
