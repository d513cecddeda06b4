//! The scheduling backend through the real binary: the demo schedule has
//! openings, admins load schedules with precise errors, staff list
//! appointments, and concurrent bookings by real plugin turns never double
//! book.

use serde_json::json;

use crate::harness::*;

#[test]
fn the_demo_ships_a_schedule_and_staff_can_read_it() {
    let server = Server::start();
    let schedule = server.get("/v1/practices/demo/schedule", STAFF_TOKEN);
    assert_eq!(schedule.status, 200, "{}", schedule.body);
    let schedule = schedule.json();
    assert!(schedule["providers"].as_array().unwrap().len() >= 2);
    assert!(schedule["appointment_types"].as_array().unwrap().iter().any(|t| t["code"] == "lumbar-esi"));
    assert_eq!(server.get("/v1/practices/demo/schedule", GATEWAY_TOKEN).status, 403);
    assert_eq!(server.get("/v1/practices/demo/appointments", STAFF_TOKEN).status, 400, "a filter is required");
}

#[test]
fn a_bad_schedule_is_refused_with_every_problem_and_changes_nothing() {
    let server = Server::start();
    let bad = json!({
        "time_zone": "Mars/Base",
        "locations": [],
        "providers": [{ "id": "dr-a", "name": "A", "locations": ["nowhere"] }],
        "appointment_types": [],
        "templates": [],
    });
    let reply =
        server.put_raw("/v1/practices/demo/schedule", ADMIN_TOKEN, "application/json", bad.to_string().as_bytes());
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert!(reply.json()["detail"].as_array().unwrap().len() >= 2, "{}", reply.body);
    assert_eq!(server.put_raw("/v1/practices/demo/schedule", STAFF_TOKEN, "application/json", b"{}").status, 403);
    let still = server.get("/v1/practices/demo/schedule", STAFF_TOKEN).json();
    assert!(still["providers"].as_array().unwrap().len() >= 2, "the demo schedule is unchanged");
}

#[test]
fn concurrent_plugin_bookings_of_one_opening_never_double_book() {
    let server = Server::start();
    let plugin = server.publish(switchboard_artifacts::HOSTILE_PLUGIN);
    let (_gateway, staff) = server.create_practice("booker", "+15550106666", "booker-twilio", &plugin, "");
    let schedule = server.get("/v1/practices/demo/schedule", STAFF_TOKEN).json();
    let mut config = schedule.clone();
    config["time_zone"] = json!("America/Chicago");
    let loaded =
        server.put_raw("/v1/practices/booker/schedule", ADMIN_TOKEN, "application/json", config.to_string().as_bytes());
    assert_eq!(loaded.status, 200, "{}", loaded.body);

    // Twelve patients text "book" at once; each turn books the first opening.
    let replies: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..12)
            .map(|i| {
                let server = &server;
                scope.spawn(move || {
                    let reply = server.twilio(
                        "/twilio/sms",
                        "booker-twilio",
                        &[
                            ("MessageSid", &format!("SMbook{i}")),
                            ("From", &format!("+1555016{i:04}")),
                            ("To", "+15550106666"),
                            ("Body", "book"),
                        ],
                    );
                    assert_eq!(reply.status, 200);
                    spoken_or_texted(&reply.body)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let booked: Vec<&String> = replies.iter().filter(|r| r.starts_with("booked")).collect();
    let taken = replies.iter().filter(|r| r.trim() == "taken").count();
    if booked.is_empty() {
        let turns = server.get("/v1/practices/booker/conversations/sms:+15550160000", &staff).json();
        panic!("{replies:?}\n{turns}");
    }
    assert_eq!(booked.len() + taken, 12, "every turn either booked or was told it was taken: {replies:?}");
    // No two bookings hold the same slot.
    let mut slots: Vec<&str> = booked.iter().map(|r| r.split_whitespace().nth(2).unwrap()).collect();
    slots.sort();
    let before = slots.len();
    slots.dedup();
    assert_eq!(before, slots.len(), "a slot was booked twice: {booked:?}");
    let appointments = server.get("/v1/practices/booker/appointments?patient=demo-p001", &staff).json();
    assert_eq!(appointments.as_array().unwrap().len(), booked.len());
}
