//! The Twilio webhooks and the JSON turn API through the real binary:
//! signatures exactly as Twilio computes them, TwiML out, and bad input
//! answered with a clear 4xx that stores nothing.

use serde_json::json;

use crate::harness::*;

fn audit_entries(server: &Server) -> u64 {
    let verify = server.get("/v1/practices/demo/audit/verify", ADMIN_TOKEN).json();
    assert_eq!(verify["ok"], true, "{verify}");
    verify["entries"].as_u64().unwrap()
}

fn conversation_status(server: &Server, from: &str) -> u16 {
    server.get(&format!("/v1/practices/demo/conversations/sms:{from}"), STAFF_TOKEN).status
}

#[test]
fn a_signed_sms_gets_twiml_and_is_recorded() {
    let server = Server::start();
    let reply = server.sms("+15550111001", "SMsigned1", "Hi");
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?><Response><Message>"#), "{}", reply.body);
    assert_eq!(conversation_status(&server, "+15550111001"), 200);
}

#[test]
fn signatures_are_checked_exactly_and_failures_leave_no_trace() {
    let server = Server::start();
    let params = [("MessageSid", "SMbad1"), ("From", "+15550111002"), ("To", DEMO_NUMBER), ("Body", "refill please")];
    let entries = audit_entries(&server);

    let wrong_token = server.twilio("/twilio/sms", "not-the-token", &params);
    assert_eq!(wrong_token.status, 403, "{}", wrong_token.body);
    let missing = server.post_raw(
        "/twilio/sms",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        form(&params).into_bytes(),
    );
    assert_eq!(missing.status, 403);
    // Signed over different parameters than were sent.
    let owned: Vec<(String, String)> = params.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
    let signature = switchboard::gateways::twilio::signature::sign(TWILIO_TOKEN, &server.url("/twilio/sms"), &owned);
    let mut tampered = params;
    tampered[3] = ("Body", "approve my oxycodone");
    assert_eq!(server.twilio_with_signature("/twilio/sms", &signature, &tampered).status, 403);
    // Signed for another URL.
    let other_url = switchboard::gateways::twilio::signature::sign(TWILIO_TOKEN, &server.url("/twilio/voice"), &owned);
    assert_eq!(server.twilio_with_signature("/twilio/sms", &other_url, &params).status, 403);

    assert_eq!(conversation_status(&server, "+15550111002"), 404, "a rejected request stores nothing");
    assert_eq!(audit_entries(&server), entries, "a rejected request writes no audit entry");
    assert!(server.queue("demo", STAFF_TOKEN).is_empty());

    // The same request, correctly signed, works.
    assert_eq!(server.twilio_with_signature("/twilio/sms", &signature, &params).status, 200);
}

#[test]
fn the_public_url_is_signed_with_or_without_the_default_port() {
    let mut server = Server::start_with(&["--public-url", "https://switchboard.example.org"]);
    let params = [("MessageSid", "SMport1"), ("From", "+15550111009"), ("To", DEMO_NUMBER), ("Body", "hello")];
    let owned: Vec<(String, String)> = params.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
    let sign = |url: &str| switchboard::gateways::twilio::signature::sign(TWILIO_TOKEN, url, &owned);
    let plain = sign("https://switchboard.example.org/twilio/sms");
    let with_port = sign("https://switchboard.example.org:443/twilio/sms");
    let local = sign(&server.url("/twilio/sms"));
    assert_eq!(
        server.twilio_with_signature("/twilio/sms", &local, &params).status,
        403,
        "the public URL is what is signed"
    );
    assert_eq!(server.twilio_with_signature("/twilio/sms", &plain, &params).status, 200);
    let second = [("MessageSid", "SMport2"), ("From", "+15550111009"), ("To", DEMO_NUMBER), ("Body", "hello")];
    let owned2: Vec<(String, String)> = second.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
    let with_port2 = switchboard::gateways::twilio::signature::sign(
        TWILIO_TOKEN,
        "https://switchboard.example.org:443/twilio/sms",
        &owned2,
    );
    assert_ne!(with_port, plain);
    assert_eq!(server.twilio_with_signature("/twilio/sms", &with_port2, &second).status, 200);
    // Gathers post back to the public URL.
    server.public_url = Some("https://switchboard.example.org".into());
    let start = server.twilio(
        "/twilio/voice",
        TWILIO_TOKEN,
        &[("CallSid", "CAport"), ("From", "+15550111009"), ("To", DEMO_NUMBER), ("CallStatus", "ringing")],
    );
    assert!(start.body.contains(r#"action="https://switchboard.example.org/twilio/voice?after=1""#), "{}", start.body);
}

#[test]
fn twilio_signs_with_extra_and_repeated_parameters() {
    let server = Server::start();
    // Twilio adds parameters without notice; every one is signed.
    let reply = server.twilio(
        "/twilio/sms",
        TWILIO_TOKEN,
        &[
            ("MessageSid", "SMextra1"),
            ("From", "+15550111003"),
            ("To", DEMO_NUMBER),
            ("Body", "hello there"),
            ("NumMedia", "2"),
            ("MediaUrl0", "https://example.invalid/b"),
            ("MediaUrl0", "https://example.invalid/a"),
            ("FromCity", "SPRINGFIELD"),
            ("SmsStatus", "received"),
        ],
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
}

#[test]
fn bad_webhook_input_gets_a_clear_4xx_and_the_server_keeps_serving() {
    let server = Server::start();
    let unknown_number = server.twilio(
        "/twilio/sms",
        TWILIO_TOKEN,
        &[("MessageSid", "SMu"), ("From", "+15550111004"), ("To", "+15559999999"), ("Body", "hi")],
    );
    assert_eq!(unknown_number.status, 404);
    assert!(unknown_number.json()["error"].as_str().unwrap().contains("number"));

    let no_from =
        server.twilio("/twilio/sms", TWILIO_TOKEN, &[("MessageSid", "SMnf"), ("To", DEMO_NUMBER), ("Body", "hi")]);
    assert_eq!(no_from.status, 400);
    assert!(no_from.json()["error"].as_str().unwrap().contains("From"));

    let no_to = server.twilio("/twilio/sms", TWILIO_TOKEN, &[("MessageSid", "SMnt"), ("From", "+15550111004")]);
    assert_eq!(no_to.status, 400);

    let json_body =
        server.post_raw("/twilio/sms", &[("Content-Type", "application/json")], b"{\"To\":\"+15550100000\"}".to_vec());
    assert_eq!(json_body.status, 415);

    let not_utf8 = server.post_raw(
        "/twilio/sms",
        &[("Content-Type", "application/x-www-form-urlencoded"), ("X-Twilio-Signature", "x")],
        vec![b'T', b'o', b'=', 0xff, 0xfe],
    );
    assert_eq!(not_utf8.status, 400);

    let huge = server.post_raw(
        "/twilio/sms",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        // Just over the 64 KiB limit: small enough for the kernel to take
        // whole, so the client reads the 413 instead of a reset.
        format!("To=%2B15550100000&Body={}", "a".repeat(70_000)).into_bytes(),
    );
    assert_eq!(huge.status, 413);

    let long_text = "word ".repeat(400);
    let too_long = server.twilio(
        "/twilio/sms",
        TWILIO_TOKEN,
        &[("MessageSid", "SMlong"), ("From", "+15550111004"), ("To", DEMO_NUMBER), ("Body", &long_text)],
    );
    assert_eq!(too_long.status, 400);

    assert_eq!(conversation_status(&server, "+15550111004"), 404, "nothing stored");
    assert_eq!(server.sms("+15550111004", "SMfine", "hello").status, 200, "still serving");
}

#[test]
fn a_call_gathers_speech_and_keypad_and_follows_each_gather_with_a_redirect() {
    let server = Server::start();
    let call = |extra: &[(&str, &str)]| {
        let mut params = vec![
            ("CallSid", "CAcall1"),
            ("AccountSid", "AC0"),
            ("From", "+15550111005"),
            ("To", DEMO_NUMBER),
            ("Direction", "inbound"),
        ];
        params.extend_from_slice(extra);
        if !extra.iter().any(|(name, _)| *name == "CallStatus") {
            params.push(("CallStatus", "in-progress"));
        }
        server.twilio("/twilio/voice", TWILIO_TOKEN, &params)
    };
    let start = call(&[]);
    assert_eq!(start.status, 200, "{}", start.body);
    // Each gather posts back with the turn it answers (replays are answered
    // from the record, not run again).
    let voice_url = server.url("/twilio/voice?after=1");
    assert!(start.body.contains(r#"<Gather input="speech dtmf""#), "{}", start.body);
    assert!(start.body.contains(&format!(r#"action="{voice_url}""#)), "{}", start.body);
    assert!(
        start.body.contains(&format!(r#"</Gather><Redirect method="POST">{voice_url}</Redirect>"#)),
        "{}",
        start.body
    );

    let spoken = call(&[("SpeechResult", "i need a refill on my oxy codone"), ("Confidence", "0.87")]);
    assert_eq!(spoken.status, 200);
    assert!(spoken.body.contains("<Say>") || spoken.body.contains("<Gather"), "{}", spoken.body);

    let bad_digits = call(&[("Digits", "12<script>")]);
    assert_eq!(bad_digits.status, 400);

    let finished = call(&[("CallStatus", "completed")]);
    assert_eq!(finished.status, 200);

    let transcript = server.get("/v1/practices/demo/conversations/call:CAcall1", STAFF_TOKEN).json();
    let turns = transcript["turns"].as_array().unwrap();
    assert_eq!(turns.len(), 2, "the status callback and the bad request ran no turn: {transcript}");
    assert_eq!(turns[1]["inbound"]["text"], "i need a refill on my oxy codone");
}

#[test]
fn the_json_api_runs_turns_for_other_gateways() {
    let server = Server::start();
    let turn = |body: serde_json::Value| server.post_json("/v1/turns", GATEWAY_TOKEN, &body);
    let first =
        turn(json!({"practice": "demo", "channel": "sms", "from": "+15550111006", "text": "hello", "turn_id": "t-1"}));
    assert_eq!(first.status, 200, "{}", first.body);
    let answer = first.json();
    assert_eq!(answer["conversation_id"], "sms:+15550111006");
    assert_eq!(answer["actions"][0]["type"], "reply");
    assert_eq!(answer["fallback"], false);

    let replay =
        turn(json!({"practice": "demo", "channel": "sms", "from": "+15550111006", "text": "hello", "turn_id": "t-1"}));
    assert_eq!(replay.json()["replayed"], true);
    assert_eq!(replay.json()["actions"], answer["actions"]);

    let voice =
        turn(json!({"practice": "demo", "channel": "voice", "from": "+15550111006", "conversation_id": "call-7"}));
    assert_eq!(voice.status, 200, "{}", voice.body);
    assert_eq!(voice.json()["conversation_id"], "call-7");

    assert_eq!(
        server
            .post_json(
                "/v1/turns",
                "wrong",
                &json!({"practice": "demo", "channel": "sms", "from": "+15550111006", "text": "x"})
            )
            .status,
        403
    );
    // An unknown practice answers as a real one does to a token that is not its own.
    assert_eq!(turn(json!({"practice": "nope", "channel": "sms", "from": "+15550111006", "text": "x"})).status, 403);
    assert_eq!(turn(json!({"practice": "demo", "channel": "fax", "from": "+15550111006", "text": "x"})).status, 422);
    assert_eq!(turn(json!({"practice": "demo", "channel": "sms", "from": "555", "text": "x"})).status, 400);
    assert_eq!(turn(json!({"practice": "demo", "channel": "sms", "from": "+15550111006"})).status, 400);
    assert_eq!(turn(json!({"practice": "demo", "channel": "sms", "from": "+15550111006", "text": "x", "conversation_id": "call:CA1"})).status, 400);
    let malformed = server.post_raw(
        "/v1/turns",
        &[("Authorization", &format!("Bearer {GATEWAY_TOKEN}")), ("Content-Type", "application/json")],
        b"{not json".to_vec(),
    );
    assert_eq!(malformed.status, 400);
}

/// Twilio's own Python helper (`twilio` on PyPI, installed by `.ci/run`)
/// signs the request: an independent implementation, not ours.
fn twilio_python_signature(token: &str, url: &str, params: &[(&str, &str)]) -> String {
    let script = r#"
import json, sys
from twilio.request_validator import RequestValidator
class MultiDict(dict):
    def getall(self, name):
        return self[name]
token, url, pairs = json.loads(sys.stdin.read())
params = MultiDict()
for name, value in pairs:
    params.setdefault(name, []).append(value)
print(RequestValidator(token).compute_signature(url, params))
"#;
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3");
    use std::io::Write;
    let input = serde_json::to_string(&(token, url, params)).unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "python twilio helper failed (pip install twilio)");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn requests_signed_by_twilios_own_helper_are_accepted() {
    let server = Server::start();
    let params = [
        ("MessageSid", "SMpy1"),
        ("From", "+15550111010"),
        ("To", DEMO_NUMBER),
        ("Body", "Hi! Need a refill — ünïcödé & symbols = ok?"),
        ("MediaUrl0", "https://example.invalid/b"),
        ("MediaUrl0", "https://example.invalid/a"),
        ("MediaUrl0", "https://example.invalid/a"),
    ];
    let signature = twilio_python_signature(TWILIO_TOKEN, &server.url("/twilio/sms?source=py&x=1"), &params);
    let reply = server.twilio_with_signature("/twilio/sms?source=py&x=1", &signature, &params);
    assert_eq!(reply.status, 200, "{}", reply.body);
    let wrong = twilio_python_signature("another-token", &server.url("/twilio/sms"), &params);
    assert_eq!(server.twilio_with_signature("/twilio/sms", &wrong, &params).status, 403);
}
