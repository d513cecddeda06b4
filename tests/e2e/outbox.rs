//! The outbox through the real binary, against a local stand-in for the
//! gateway's Twilio-compatible REST API: delivery after the turn commits,
//! retry with backoff, quiet hours, and no duplicate text after a crash.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde_json::json;

use crate::harness::*;

pub(crate) const NUMBER: &str = "+15550108888";
pub(crate) const TWILIO: &str = "outbox-twilio-token";

#[derive(Default)]
pub(crate) struct Gateway {
    /// Every request: (idempotency token, To, Body, authorization).
    requests: Vec<(String, String, String, String)>,
    /// Answer 500 to this many requests first.
    fail_first: usize,
    /// Hold the first request this long before answering.
    stall_first: Option<Duration>,
}

pub(crate) type Shared = Arc<Mutex<Gateway>>;

async fn messages(State(gw): State<Shared>, headers: HeaderMap, body: String) -> impl IntoResponse {
    let form: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes()).into_owned().collect();
    let get = |n: &str| form.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone()).unwrap_or_default();
    let token = headers.get("i-twilio-idempotency-token").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let auth = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let (fail, stall) = {
        let mut g = gw.lock().unwrap();
        g.requests.push((token.clone(), get("To"), get("Body"), auth));
        let n = g.requests.len();
        (n <= g.fail_first, if n == 1 { g.stall_first } else { None })
    };
    if let Some(d) = stall {
        tokio::time::sleep(d).await;
    }
    if fail {
        return (StatusCode::INTERNAL_SERVER_ERROR, "try later".to_string());
    }
    (StatusCode::CREATED, json!({ "sid": format!("SM{token}"), "status": "queued" }).to_string())
}

/// Start the stand-in on 127.0.0.1:0; returns its base URL.
pub(crate) fn start_gateway(gw: Shared) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            let app = axum::Router::new()
                .route("/2010-04-01/Accounts/{sid}/Messages.json", axum::routing::post(messages))
                .with_state(gw);
            axum::serve(listener, app).await.unwrap();
        });
    });
    format!("http://{}", rx.recv().unwrap())
}

pub(crate) fn practice(server: &Server, gateway: &str, quiet: (&str, &str)) -> String {
    let plugin = server.publish(switchboard_artifacts::HOSTILE_PLUGIN);
    let (_gw, staff) = server.create_practice("outreach", NUMBER, TWILIO, &plugin, "");
    let patch = server.patch_json(
        "/v1/practices/outreach",
        ADMIN_TOKEN,
        &json!({ "outbound_gateway": {
            "base_url": gateway, "account_sid": "AC123", "from_number": NUMBER,
            "quiet_start": quiet.0, "quiet_end": quiet.1,
        }}),
    );
    assert_eq!(patch.status, 200, "{}", patch.body);
    staff
}

pub(crate) fn send_turn(server: &Server, sid: &str) -> Reply {
    server.twilio(
        "/twilio/sms",
        TWILIO,
        &[("MessageSid", sid), ("From", "+15550124444"), ("To", NUMBER), ("Body", "send")],
    )
}

pub(crate) fn wait_for(server: &Server, staff: &str, status: &str, within: Duration) -> serde_json::Value {
    let deadline = Instant::now() + within;
    loop {
        let outbox = server.get("/v1/practices/outreach/outbox", staff).json();
        if outbox[0]["status"] == status {
            return outbox[0].clone();
        }
        assert!(Instant::now() < deadline, "outbox never reached {status}: {outbox}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_text_is_delivered_after_the_turn_and_retried_with_backoff() {
    let gw: Shared = Arc::new(Mutex::new(Gateway { fail_first: 2, ..Default::default() }));
    let base = start_gateway(gw.clone());
    let server = Server::start();
    let staff = practice(&server, &base, ("00:00", "00:00"));
    let reply = send_turn(&server, "SMsend1");
    assert!(reply.body.contains("queued o"), "{}", reply.body);
    let sent = wait_for(&server, &staff, "sent", Duration::from_secs(20));
    assert_eq!(sent["attempts"], 3, "two 500s, then delivered: {sent}");
    assert_eq!(sent["to"], "+15550124444");
    let g = gw.lock().unwrap();
    assert_eq!(g.requests.len(), 3);
    assert!(g.requests.iter().all(|r| r.0 == sent["id"].as_str().unwrap()), "one idempotency token for every attempt");
    assert_eq!(g.requests[0].2, "A reminder from the fixture.");
    assert!(g.requests[0].3.starts_with("Basic "), "authenticated with the account sid and token");
    assert_eq!(sent["gateway_sid"], format!("SM{}", sent["id"].as_str().unwrap()));
}

#[test]
fn quiet_hours_hold_non_urgent_outreach() {
    let gw: Shared = Arc::default();
    let base = start_gateway(gw.clone());
    let server = Server::start();
    // A window around the practice's current local time (America/Chicago).
    let now = jiff::Zoned::now().with_time_zone(jiff::tz::TimeZone::get("America/Chicago").unwrap());
    let start = now.checked_sub(jiff::Span::new().hours(1)).unwrap();
    let end = now.checked_add(jiff::Span::new().hours(1)).unwrap();
    let hhmm = |z: &jiff::Zoned| format!("{:02}:{:02}", z.hour(), z.minute());
    let staff = practice(&server, &base, (&hhmm(&start), &hhmm(&end)));
    send_turn(&server, "SMquiet1");
    std::thread::sleep(Duration::from_secs(2));
    let outbox = server.get("/v1/practices/outreach/outbox", &staff).json();
    assert_eq!(outbox[0]["status"], "pending", "{outbox}");
    assert!(outbox[0]["next_attempt_at"].as_i64().unwrap() > jiff::Timestamp::now().as_millisecond() + 30 * 60 * 1000);
    assert!(gw.lock().unwrap().requests.is_empty(), "nothing sent during quiet hours");
}

#[test]
fn a_crash_mid_delivery_does_not_send_the_text_twice() {
    let gw: Shared = Arc::new(Mutex::new(Gateway { stall_first: Some(Duration::from_secs(3)), ..Default::default() }));
    let base = start_gateway(gw.clone());
    let mut server = Server::start();
    let staff = practice(&server, &base, ("00:00", "00:00"));
    send_turn(&server, "SMcrash1");
    // Wait until the gateway has the request, then kill -9 before it answers.
    let deadline = Instant::now() + Duration::from_secs(10);
    while gw.lock().unwrap().requests.is_empty() {
        assert!(Instant::now() < deadline, "the outbox never called the gateway");
        std::thread::sleep(Duration::from_millis(20));
    }
    server.kill_hard();
    let (data, _keep) = server.into_data_dir();
    let restarted = Server::start_on(&data);
    let sent = wait_for(&restarted, &staff, "sent", Duration::from_secs(20));
    let g = gw.lock().unwrap();
    let tokens: Vec<&String> = g.requests.iter().map(|r| &r.0).collect();
    assert!(tokens.len() >= 2, "the message was retried after the crash");
    assert!(tokens.iter().all(|t| *t == sent["id"].as_str().unwrap()), "the retry carries the same idempotency token");
}

#[test]
fn outbound_gateway_settings_are_validated_and_sending_without_one_is_unavailable() {
    let server = Server::start();
    let plugin = server.publish(switchboard_artifacts::HOSTILE_PLUGIN);
    let (_gw, staff) = server.create_practice("outreach", NUMBER, TWILIO, &plugin, "");
    let bad = server.patch_json(
        "/v1/practices/outreach",
        ADMIN_TOKEN,
        &json!({ "outbound_gateway": { "base_url": "ftp://x", "account_sid": "AC1", "from_number": NUMBER } }),
    );
    assert_eq!(bad.status, 400, "{}", bad.body);
    // Without a gateway the plugin's send is refused (a typed error), so the
    // fixture reports a plugin error and the patient gets the fallback.
    let reply = send_turn(&server, "SMnogw");
    assert!(reply.body.contains("call you back"), "{}", reply.body);
    assert!(server.get("/v1/practices/outreach/outbox", &staff).json().as_array().unwrap().is_empty());
}

#[test]
fn a_number_that_texted_stop_gets_nothing_more_until_start() {
    let gw: Shared = Arc::default();
    let base = start_gateway(gw.clone());
    let server = Server::start();
    let staff = practice(&server, &base, ("00:00", "00:00"));
    let text = |sid: &str, body: &str| {
        server.twilio(
            "/twilio/sms",
            TWILIO,
            &[("MessageSid", sid), ("From", "+15550124444"), ("To", NUMBER), ("Body", body)],
        )
    };
    assert_eq!(text("SMstop", "STOP").status, 200);
    send_turn(&server, "SMafterstop");
    let blocked = wait_for(&server, &staff, "failed", Duration::from_secs(10));
    assert!(blocked["last_error"].as_str().unwrap().contains("opted out"), "{blocked}");
    assert!(gw.lock().unwrap().requests.is_empty(), "nothing reached the gateway");

    assert_eq!(text("SMstart", "start").status, 200);
    send_turn(&server, "SMafterstart");
    wait_for(&server, &staff, "sent", Duration::from_secs(10));
    assert_eq!(gw.lock().unwrap().requests.len(), 1);

    // The same in Spanish: BAJA opts out, ALTA opts back in.
    assert_eq!(text("SMbaja", "BAJA").status, 200);
    send_turn(&server, "SMafterbaja");
    let blocked = wait_for(&server, &staff, "failed", Duration::from_secs(10));
    assert!(blocked["last_error"].as_str().unwrap().contains("opted out"), "{blocked}");
    assert_eq!(gw.lock().unwrap().requests.len(), 1, "nothing more reached the gateway");
    assert_eq!(text("SMalta", "alta").status, 200);
    send_turn(&server, "SMafteralta");
    wait_for(&server, &staff, "sent", Duration::from_secs(10));
    assert_eq!(gw.lock().unwrap().requests.len(), 2);
}

#[test]
fn stop_through_the_json_gateway_is_recorded_with_its_turn() {
    let server = Server::start();
    let turn = |id: &str, text: &str| {
        let body = serde_json::json!({ "practice": "demo", "channel": "sms", "from": "+15550124445",
            "text": text, "turn_id": id });
        let reply = server.post_json("/v1/turns", GATEWAY_TOKEN, &body);
        assert_eq!(reply.status, 200, "{}", reply.body);
    };
    turn("j-stop", "Stop.");
    // A retried delivery replays the turn; it records nothing twice.
    turn("j-stop", "Stop.");
    turn("j-start", "UNSTOP");
    let audit = server.get("/v1/practices/demo/audit", ADMIN_TOKEN).json();
    let actions: Vec<&str> = audit.as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    let opt: Vec<&&str> = actions.iter().filter(|a| a.starts_with("sms.opted")).collect();
    assert_eq!(opt, [&"sms.opted-out", &"sms.opted-in"], "{actions:?}");
    let out = audit.as_array().unwrap().iter().find(|e| e["action"] == "sms.opted-out").unwrap();
    assert_eq!(out["subject"], "sms:+15550124445", "{out}");
}
