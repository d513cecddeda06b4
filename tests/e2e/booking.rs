//! Booking through the real binary, the real pain-management component and
//! the demo practice's real schedule, with the controllable clock and a
//! local stand-in for the gateway's Twilio-compatible Messages API:
//!
//! - booking → prep → hold-medication reminder → confirmation request by
//!   text → by call, answered with 1 → "1" by text → day-before reminder →
//!   "2" → rescheduled, with the reminders moved to the new time;
//! - a cancellation offered to the waitlist, and two patients accepting at
//!   the same moment: exactly one booked, the other told it has gone.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::harness::*;

const MARIA: &str = "+15550199001";
const JAMES: &str = "+15550199002";
const AISHA: &str = "+15550199003";
const DAY_MS: i64 = 86_400_000;
const HOUR_MS: i64 = 3_600_000;

/// Every text the stand-in gateway received: (To, Body); calls are
/// recorded as (To, "call <sid>: <Twiml>").
type Sent = Arc<Mutex<Vec<(String, String)>>>;

fn form_of(body: &str) -> impl Fn(&str) -> String {
    let form: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes()).into_owned().collect();
    move |n: &str| form.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone()).unwrap_or_default()
}

async fn messages(State(sent): State<Sent>, body: String) -> (StatusCode, String) {
    let get = form_of(&body);
    let mut sent = sent.lock().unwrap();
    sent.push((get("To"), get("Body")));
    (StatusCode::CREATED, json!({ "sid": format!("SM{}", sent.len()), "status": "queued" }).to_string())
}

async fn calls(State(sent): State<Sent>, body: String) -> (StatusCode, String) {
    let get = form_of(&body);
    let mut sent = sent.lock().unwrap();
    let sid = format!("CA{}", sent.len() + 1);
    sent.push((get("To"), format!("call {sid}: {}", get("Twiml"))));
    (StatusCode::CREATED, json!({ "sid": sid, "status": "queued" }).to_string())
}

/// Start the stand-in on 127.0.0.1:0; returns its base URL.
fn start_gateway(sent: Sent) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            let app = axum::Router::new()
                .route("/2010-04-01/Accounts/{sid}/Messages.json", axum::routing::post(messages))
                .route("/2010-04-01/Accounts/{sid}/Calls.json", axum::routing::post(calls))
                .with_state(sent);
            axum::serve(listener, app).await.unwrap();
        });
    });
    format!("http://{}", rx.recv().unwrap())
}

/// The demo practice with its outbox pointed at the stand-in (no quiet
/// hours, so the test does not depend on the time of day).
fn demo_with_gateway(env: &[(&str, &str)]) -> (Server, Sent) {
    let sent: Sent = Arc::default();
    let base = start_gateway(sent.clone());
    let server = Server::start_with_env(env);
    let patch = server.patch_json(
        "/v1/practices/demo",
        ADMIN_TOKEN,
        &json!({ "outbound_gateway": {
            "base_url": base, "account_sid": "AC123", "from_number": DEMO_NUMBER,
            "quiet_start": "00:00", "quiet_end": "00:00",
        }}),
    );
    assert_eq!(patch.status, 200, "{}", patch.body);
    (server, sent)
}

/// A conversation by text: each message gets a fresh MessageSid.
struct Texter<'s> {
    server: &'s Server,
    from: &'static str,
    n: usize,
}

impl Texter<'_> {
    fn says(&mut self, body: &str) -> String {
        self.n += 1;
        let reply = self.server.sms(self.from, &format!("SM{}x{}", &self.from[8..], self.n), body);
        assert_eq!(reply.status, 200, "{}", reply.body);
        spoken_or_texted(&reply.body)
    }

    /// Send and check the reply contains each of `parts`.
    fn expect(&mut self, body: &str, parts: &[&str]) -> String {
        let reply = self.says(body);
        for part in parts {
            assert!(reply.contains(part), "after {body:?}: expected {part:?} in {reply:?}");
        }
        assert!(!reply.to_lowercase().contains("reply cancel"), "{reply}");
        reply
    }
}

fn now_ms(server: &Server) -> i64 {
    // A zero advance is refused; one millisecond reads the clock.
    server.post_json("/v1/test/clock", ADMIN_TOKEN, &json!({ "advance_ms": 1 })).json()["now_ms"].as_i64().unwrap()
}

fn advance_to(server: &Server, at: i64) {
    let delta = at - now_ms(server);
    assert!(delta > 0, "the clock only moves forward");
    let reply = server.post_json("/v1/test/clock", ADMIN_TOKEN, &json!({ "advance_ms": delta }));
    assert_eq!(reply.status, 200, "{}", reply.body);
}

/// Wait until the gateway holds `count` texts (or, with `calls`, calls)
/// to `to`; returns them.
fn texts_to(sent: &Sent, to: &str, count: usize) -> Vec<String> {
    sent_to(sent, to, count, false)
}

fn sent_to(sent: &Sent, to: &str, count: usize, calls: bool) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let bodies: Vec<String> = sent
            .lock()
            .unwrap()
            .iter()
            .filter(|(t, b)| t == to && b.starts_with("call ") == calls)
            .map(|(_, b)| b.clone())
            .collect();
        if bodies.len() >= count {
            return bodies;
        }
        assert!(Instant::now() < deadline, "expected {count} texts to {to}, got {bodies:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn appointments(server: &Server, patient: &str) -> Vec<Value> {
    let reply = server.get(&format!("/v1/practices/demo/appointments?patient={patient}"), STAFF_TOKEN);
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json().as_array().unwrap().clone()
}

/// "M/D" of the first Tuesday at least `days` days after `at` (the demo
/// schedule does epidurals on Tuesdays and Thursdays), New York time.
fn tuesday_after(at: i64, days: i64) -> (String, jiff::civil::Date) {
    let tz = jiff::tz::TimeZone::get("America/New_York").unwrap();
    let mut date = jiff::Timestamp::from_millisecond(at + days * DAY_MS).unwrap().to_zoned(tz).date();
    while date.weekday() != jiff::civil::Weekday::Tuesday {
        date = date.tomorrow().unwrap();
    }
    (format!("{}/{}", date.month(), date.day()), date)
}

/// "December 8" as the plugin says a date.
fn spoken_date(date: jiff::civil::Date) -> String {
    format!("{} {}", date.strftime("%B"), date.day())
}

#[test]
fn booking_prep_reminders_and_reply_2_reschedule_moves_the_timers() {
    let (server, sent) = demo_with_gateway(&[("SWITCHBOARD_TEST_CLOCK", "1")]);
    let auth = server.put_json(
        "/v1/practices/demo/prior-auths/demo-p001/lumbar-esi",
        STAFF_TOKEN,
        &json!({ "status": "approved" }),
    );
    assert_eq!(auth.status, 200, "{}", auth.body);
    let start_clock = now_ms(&server);
    let (day, date) = tuesday_after(start_clock, 10);

    let mut maria = Texter { server: &server, from: MARIA, n: 0 };
    maria.expect(&format!("I'd like to book my epidural on {day}"), &["first and last name"]);
    maria.expect("Maria Gonzalez", &["date of birth"]);
    maria.expect("3/14/1971", &["I have these openings: 1)", &spoken_date(date)]);
    maria.expect("1", &["Do you take a blood thinner"]);
    // The slot is 10 days out, past the 3-day hold; the procedure needs a ride.
    maria.expect("yes, eliquis", &["Will you have someone to drive you?"]);
    maria.expect("yes", &["To confirm: appointment on"]);
    maria.expect(
        "yes",
        &[
            "Your appointment is booked for",
            "Please arrive 30 minutes before your appointment time.",
            "You will need an adult to drive you home",
            "hold it for 3 days",
            "Please confirm with the doctor who prescribes it before stopping.",
        ],
    );
    let booked = appointments(&server, "demo-p001");
    assert_eq!(booked.len(), 1, "{booked:?}");
    let (id, start) = (booked[0]["id"].as_str().unwrap().to_owned(), booked[0]["start"].as_i64().unwrap());
    assert_eq!(booked[0]["needs_review"], true, "staff review a blood thinner");
    assert!(booked[0]["patient_instruction"].as_str().unwrap().contains("apixaban"));
    assert!(sent.lock().unwrap().is_empty(), "nothing is texted until a reminder is due");

    // The evening before the 3-day hold begins.
    advance_to(&server, start - 3 * DAY_MS - 12 * HOUR_MS + 60_000);
    let hold = &texts_to(&sent, MARIA, 1)[0];
    assert!(hold.contains("the hold begins tomorrow") && hold.contains("confirm with the doctor"), "{hold}");
    for word in ["apixaban", "eliquis", "epidural"] {
        assert!(!hold.to_lowercase().contains(word), "minimum necessary: {hold}");
    }
    // The confirmation request, 72 hours before.
    advance_to(&server, start - 72 * HOUR_MS + 60_000);
    let confirm = texts_to(&sent, MARIA, 2)[1].clone();
    assert!(confirm.contains("Reply 1 to confirm or 2 to reschedule"), "{confirm}");
    assert!(confirm.contains(&spoken_date(date)), "{confirm}");
    // No answer to the text: 48 hours before, a call. Answered with 1.
    advance_to(&server, start - 48 * HOUR_MS + 60_000);
    let call = sent_to(&sent, MARIA, 1, true)[0].clone();
    assert!(call.contains("<Gather") && call.contains("/twilio/voice") && call.contains("press 1"), "{call}");
    let sid = call.trim_start_matches("call ").split(':').next().unwrap().to_owned();
    let answer = server.twilio(
        "/twilio/voice",
        TWILIO_TOKEN,
        &[
            ("CallSid", &sid),
            ("AccountSid", "AC00000000000000000000000000000000"),
            ("From", DEMO_NUMBER),
            ("To", MARIA),
            ("Direction", "outbound-api"),
            ("CallStatus", "in-progress"),
            ("Digits", "1"),
        ],
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(spoken_or_texted(&answer.body).contains("is confirmed"), "{}", answer.body);
    assert!(answer.body.contains("<Hangup/>"), "{}", answer.body);
    // "1" in a new thread also confirms, after she says who she is.
    let mut maria = Texter { server: &server, from: MARIA, n: 50 };
    maria.expect("1", &["first and last name"]);
    maria.expect("Maria Gonzalez", &["date of birth"]);
    maria.expect("3/14/1971", &["your appointment on", &spoken_date(date), "is confirmed"]);
    // The day before: ride, fasting, arrival.
    advance_to(&server, start - 24 * HOUR_MS + 60_000);
    let prep = texts_to(&sent, MARIA, 3)[2].clone();
    assert!(
        prep.contains("arrive 30 minutes") && prep.contains("drive you home") && prep.contains("6 hours"),
        "{prep}"
    );

    // "2": reschedule, two weeks later. The thread she confirmed in has
    // been idle for more than a day (the clock is moved past the boundary,
    // so the test does not depend on how long the lines above took): a new
    // thread, so she says who she is again.
    advance_to(&server, start - 22 * HOUR_MS);
    let mut maria = Texter { server: &server, from: MARIA, n: 100 };
    maria.expect("2", &["first and last name"]);
    maria.expect("Maria Gonzalez", &["date of birth"]);
    maria.expect("3/14/1971", &["I have these openings: 1)"]);
    let (new_day, new_date) = tuesday_after(now_ms(&server), 10);
    maria.expect(&new_day, &["I have these openings: 1)", &spoken_date(new_date)]);
    maria.expect("1", &["Do you take a blood thinner"]);
    maria.expect("no", &["Will you have someone to drive you?"]);
    maria.expect("yes", &["To confirm"]);
    maria.expect("yes", &["Your appointment has been moved to", &spoken_date(new_date)]);
    let moved = appointments(&server, "demo-p001");
    assert_eq!(moved.len(), 1, "moved, not booked twice: {moved:?}");
    assert_eq!(moved[0]["id"], id.as_str());
    let new_start = moved[0]["start"].as_i64().unwrap();
    assert!(new_start > start + 7 * DAY_MS);

    // The old time passes with nothing more; the confirmation request
    // comes again for the new time.
    advance_to(&server, start + HOUR_MS);
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(texts_to(&sent, MARIA, 3).len(), 3, "no reminder for the old time");
    advance_to(&server, new_start - 72 * HOUR_MS + 60_000);
    let again = texts_to(&sent, MARIA, 4)[3].clone();
    assert!(again.contains("Reply 1 to confirm") && again.contains(&spoken_date(new_date)), "{again}");
}

#[test]
fn a_freed_time_goes_to_the_waitlist_and_two_simultaneous_acceptances_book_it_once() {
    let (server, sent) = demo_with_gateway(&[]);
    // Maria books the first follow-up visit.
    let mut maria = Texter { server: &server, from: MARIA, n: 0 };
    maria.expect("book a follow up visit, first available", &["first and last name"]);
    maria.says("Maria Gonzalez");
    maria.expect("3/14/1971", &["I have these openings: 1)"]);
    maria.expect("1", &["To confirm"]);
    maria.expect("yes", &["Your follow-up visit is booked for"]);
    let slot_start = appointments(&server, "demo-p001")[0]["start"].as_i64().unwrap();

    // James, then Aisha, join the waitlist.
    for (from, name, dob) in [(JAMES, "James Whitfield", "11/2/1958"), (AISHA, "Aisha Rahman", "7/21/1985")] {
        let mut t = Texter { server: &server, from, n: 0 };
        t.expect("can you put me on the waitlist for a follow up visit", &["first and last name"]);
        t.says(name);
        t.expect(dob, &["I've added you to the waitlist"]);
    }

    // Maria cancels: the time is texted to both, in waitlist order.
    let mut maria = Texter { server: &server, from: MARIA, n: 10 };
    // Her booking thread is still open: she is not asked again who she is.
    maria.expect("I need to cancel my appointment", &["Shall I take it off the schedule?"]);
    maria.expect("yes", &["off the schedule"]);
    for to in [JAMES, AISHA] {
        let offer = &texts_to(&sent, to, 1)[0];
        assert!(offer.contains("Reply 3 to take it"), "{offer}");
    }

    // Both answer "3" at the same moment, in the threads where they
    // joined the waitlist (still open, so they are not asked who they are).
    let mut james = Texter { server: &server, from: JAMES, n: 10 };
    let mut aisha = Texter { server: &server, from: AISHA, n: 10 };
    let barrier = std::sync::Barrier::new(2);
    let replies: Vec<String> = std::thread::scope(|scope| {
        let handles = [&mut james, &mut aisha].map(|t| {
            let barrier = &barrier;
            scope.spawn(move || {
                barrier.wait();
                t.says("3")
            })
        });
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let won: Vec<&String> = replies.iter().filter(|r| r.contains("is booked for")).collect();
    let gone: Vec<&String> = replies.iter().filter(|r| r.contains("taken")).collect();
    assert_eq!((won.len(), gone.len()), (1, 1), "{replies:?}");
    let booked: Vec<Value> = ["demo-p002", "demo-p003"]
        .iter()
        .flat_map(|p| appointments(&server, p))
        .filter(|a| a["status"] == "booked")
        .collect();
    assert_eq!(booked.len(), 1, "exactly one booking: {booked:?}");
    assert_eq!(booked[0]["start"].as_i64().unwrap(), slot_start, "the freed time");
}
