//! Support for the escalation tests: a local stand-in for the gateway's
//! Twilio-compatible Messages API that records every text (pages included),
//! the demo practice wired to it, and the controllable clock set to a
//! practice-local time.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

use crate::harness::*;

pub const PRIMARY: &str = "+15550100911";
pub const BACKUP: &str = "+15550100912";
pub const ZONE: &str = "America/New_York";

/// Every text the stand-in received: (To, Body).
pub type Sent = Arc<Mutex<Vec<(String, String)>>>;

async fn messages(State(sent): State<Sent>, headers: HeaderMap, body: String) -> (StatusCode, String) {
    let form: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes()).into_owned().collect();
    let get = |n: &str| form.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone()).unwrap_or_default();
    let token = headers.get("i-twilio-idempotency-token").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    sent.lock().unwrap().push((get("To"), get("Body")));
    (StatusCode::CREATED, json!({ "sid": format!("SM{token}") }).to_string())
}

/// Start the stand-in on 127.0.0.1:0; returns its base URL.
pub fn start_gateway(sent: Sent) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            let app = axum::Router::new()
                .route("/2010-04-01/Accounts/{sid}/Messages.json", axum::routing::post(messages))
                .with_state(sent);
            axum::serve(listener, app).await.unwrap();
        });
    });
    format!("http://{}", rx.recv().unwrap())
}

/// A server with the controllable clock whose demo practice texts through
/// a stand-in gateway, with the on-call acknowledgement window `ack_minutes`.
pub fn demo_with_gateway(ack_minutes: u32) -> (Server, Sent) {
    let sent: Sent = Arc::default();
    let base = start_gateway(sent.clone());
    let server = Server::start_with_env(&[("SWITCHBOARD_TEST_CLOCK", "1")]);
    let patch = server.patch_json(
        "/v1/practices/demo",
        ADMIN_TOKEN,
        &json!({
            "outbound_gateway": { "base_url": base, "account_sid": "AC123", "from_number": DEMO_NUMBER },
            "on_call": { "primary": PRIMARY, "backup": BACKUP, "ack_minutes": ack_minutes },
        }),
    );
    assert_eq!(patch.status, 200, "{}", patch.body);
    (server, sent)
}

/// Reconnect a restarted server's clock: offsets live in the process.
pub fn advance(server: &Server, ms: i64) -> i64 {
    let reply = server.post_json("/v1/test/clock", ADMIN_TOKEN, &json!({ "advance_ms": ms }));
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()["now_ms"].as_i64().unwrap()
}

/// Move the server's clock forward to the next `weekday` at `hour`:00 in
/// the demo practice's zone (at least an hour ahead, skipping holidays
/// the demo closes on). Returns the new now.
pub fn set_local(server: &Server, weekday: jiff::civil::Weekday, hour: i8) -> i64 {
    let now = advance(server, 1);
    let tz = jiff::tz::TimeZone::get(ZONE).unwrap();
    let mut day = jiff::Timestamp::from_millisecond(now).unwrap().to_zoned(tz.clone()).date();
    let holidays = ["2026-11-26", "2026-12-25", "2027-01-01"];
    loop {
        day = day.tomorrow().unwrap();
        if day.weekday() == weekday && !holidays.contains(&day.to_string().as_str()) {
            break;
        }
    }
    let target = day.at(hour, 0, 0, 0).to_zoned(tz).unwrap().timestamp().as_millisecond();
    advance(server, target - now)
}

pub fn staff_get(server: &Server, path: &str) -> Value {
    let reply = server.get(path, STAFF_TOKEN);
    assert_eq!(reply.status, 200, "{path}: {}", reply.body);
    reply.json()
}

/// The demo queue's items whose `criterion` field is `criterion`.
pub fn items_for(server: &Server, criterion: &str) -> Vec<Value> {
    staff_get(server, "/v1/practices/demo/queue")
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["fields"].as_array().unwrap().iter().any(|f| f["name"] == "criterion" && f["value"] == criterion))
        .cloned()
        .collect()
}

/// A voice turn on the demo number: `speech` is `None` for the call's start.
pub fn voice(server: &Server, call: &str, from: &str, speech: Option<&str>) -> Reply {
    let mut params = vec![
        ("AccountSid", "AC00000000000000000000000000000000"),
        ("CallSid", call),
        ("From", from),
        ("To", DEMO_NUMBER),
        ("CallStatus", "in-progress"),
    ];
    if let Some(text) = speech {
        params.push(("SpeechResult", text));
        params.push(("Confidence", "0.93"));
    }
    server.twilio("/twilio/voice", TWILIO_TOKEN, &params)
}
