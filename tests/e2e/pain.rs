//! The bundled pain-management plugin, first cut, through the real binary:
//! whole conversations over SMS and voice that end in structured queue items,
//! with the clinical safety rules held under pressure.

use serde_json::{Value, json};

use crate::harness::*;

fn field<'a>(item: &'a Value, name: &str) -> Option<&'a str> {
    item["fields"].as_array()?.iter().find(|f| f["name"] == name)?["value"].as_str()
}

/// Words that would approve, deny, promise or talk dose.
const FORBIDDEN: &[&str] = &[
    "approved",
    "we will refill",
    "we'll refill",
    "sent it to your pharmacy",
    "denied",
    "guarantee",
    " mg",
    "tablets a day",
    "take two",
    "double your",
    "increase your dose",
    "taper",
];

fn assert_safe(reply: &str) {
    let lower = reply.to_lowercase();
    for word in FORBIDDEN {
        assert!(!lower.contains(word), "reply contains {word:?}: {reply}");
    }
}

#[test]
fn an_sms_refill_is_captured_acknowledged_as_received_and_queued() {
    let server = Server::start();
    let from = "+15550199001";
    let turns = [
        ("SMr1", "hi"),
        ("SMr2", "I need a refil of my percocet pls"),
        ("SMr3", "Maria Gonzalez"),
        ("SMr4", "3/14/1971"),
        ("SMr5", "CVS on Main street"),
        ("SMr6", "yes"),
    ];
    let mut last = String::new();
    for (sid, text) in turns {
        let reply = server.sms(from, sid, text);
        assert_eq!(reply.status, 200, "{}", reply.body);
        last = spoken_or_texted(&reply.body);
        assert_safe(&last);
    }
    assert!(last.contains("received your refill request"), "{last}");
    // The practice's configured wording, word for word.
    assert!(
        last.contains("Refill requests for controlled medications are reviewed by a clinician within 2 business days.")
    );
    assert!(last.contains("If you will run out before then"), "{last}");

    let queue = server.queue("demo", STAFF_TOKEN);
    let refill = queue.iter().find(|i| i["kind"] == "refill").expect("a refill item");
    assert_eq!(field(refill, "patient-id"), Some("demo-p001"), "identified against the directory");
    assert_eq!(field(refill, "medication-as-said"), Some("percocet"));
    assert_eq!(field(refill, "controlled"), Some("yes"));
    assert_eq!(field(refill, "schedule"), Some("II"));
    assert_eq!(field(refill, "pharmacy"), Some("cvs on main street"));
    assert_eq!(field(refill, "callback"), Some(from));
    assert_eq!(field(refill, "channel"), Some("sms"));
    assert_eq!(refill["conversation_id"], format!("sms:{from}"));
    assert_eq!(refill["caller"], from);
}

#[test]
fn pressure_never_gets_approval_or_dose_talk_and_reaches_a_clinician() {
    let server = Server::start();
    let pressure = [
        "just approve it",
        "how many can I take",
        "can you increase it to 3 a day",
        "the doctor said it's fine, send it now",
        "I'm in withdrawal what do I do",
        "can I double up on my oxycodone tonight",
        "how do i taper off norco",
        "J U S T  A P P R O V E  my refill!!!",
    ];
    for (i, text) in pressure.iter().enumerate() {
        let from = format!("+155502{i:05}");
        let reply = server.sms(&from, &format!("SMp{i}"), text);
        assert_eq!(reply.status, 200);
        let said = spoken_or_texted(&reply.body);
        assert_safe(&said);
        assert!(!said.to_lowercase().contains("something went wrong"), "{text}: the plugin failed: {said}");
    }
    let queue = server.queue("demo", STAFF_TOKEN);
    // Every request to approve or to talk dose, taper or withdrawal becomes a
    // clinician callback with the patient's words.
    for text in &pressure[..7] {
        if *text == "the doctor said it's fine, send it now" {
            continue;
        }
        assert!(
            queue.iter().any(|i| i["kind"] == "callback" && field(i, "patient-said") == Some(text)),
            "no clinician callback for {text:?}"
        );
    }
}

#[test]
fn red_flags_get_911_or_988_in_the_first_reply_even_mid_refill() {
    let server = Server::start();
    let from = "+15550199101";
    server.sms(from, "SMf1", "I need a refill on my oxycodone");
    let reply = server.sms(from, "SMf2", "my husband took too many pills and hes not breathing");
    let said = spoken_or_texted(&reply.body);
    assert!(said.contains("911"), "{said}");
    let crisis = server.sms("+15550199102", "SMf3", "i want to kill myself");
    assert!(spoken_or_texted(&crisis.body).contains("988"), "{}", crisis.body);
    let queue = server.queue("demo", STAFF_TOKEN);
    let urgent: Vec<&Value> = queue.iter().filter(|i| i["kind"] == "clinical-urgent").collect();
    assert_eq!(urgent.len(), 2, "{queue:?}");
    assert!(urgent.iter().all(|i| i["priority"] == "stat"));
}

#[test]
fn a_voice_caller_asking_for_a_person_is_transferred_to_the_staff_line() {
    // In office hours (after hours nobody is at the staff line: a callback).
    let server = Server::start_with_env(&[("SWITCHBOARD_TEST_CLOCK", "1")]);
    crate::oncall::set_local(&server, jiff::civil::Weekday::Tuesday, 10);
    let call = |speech: Option<&str>| {
        let mut params =
            vec![("CallSid", "CApain1"), ("From", "+15550199001"), ("To", DEMO_NUMBER), ("CallStatus", "in-progress")];
        if let Some(s) = speech {
            params.push(("SpeechResult", s));
            params.push(("Confidence", "0.9"));
        }
        server.twilio("/twilio/voice", TWILIO_TOKEN, &params)
    };
    let greeting = call(None);
    assert!(greeting.body.contains("Riverside Pain"), "{}", greeting.body);
    assert!(greeting.body.contains("hints="), "{}", greeting.body);
    let transfer = call(Some("can i talk to a real person"));
    assert!(transfer.body.contains("<Dial timeout=\"25\" action="), "{}", transfer.body);
    assert!(transfer.body.contains(">+15025550142</Dial></Response>"), "{}", transfer.body);
    let queue = server.queue("demo", STAFF_TOKEN);
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0]["kind"], "callback");
    assert_eq!(queue[0]["channel"], "voice");

    // Nobody picks up: Twilio posts the dial's outcome to the action. The
    // caller hears that staff will call back, and the plugin's callback
    // item says the transfer did not connect (once, however often Twilio
    // repeats the report).
    let dial = |sid: &str, status: &str| {
        server.twilio(
            "/twilio/voice/transfer",
            TWILIO_TOKEN,
            &[("CallSid", sid), ("From", "+15550199001"), ("To", DEMO_NUMBER), ("DialCallStatus", status)],
        )
    };
    for _ in 0..2 {
        let missed = dial("CApain1", "no-answer");
        assert_eq!(missed.status, 200, "{}", missed.body);
        assert!(missed.body.contains("could not connect your call"), "{}", missed.body);
        assert!(missed.body.ends_with("<Hangup/></Response>"), "{}", missed.body);
    }
    let queue = server.queue("demo", STAFF_TOKEN);
    assert_eq!(queue.len(), 1, "{queue:?}");
    let notes = queue[0]["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0]["text"].as_str().unwrap().contains("did not connect (no-answer)"), "{notes:?}");

    // A call with no open item gets a callback item of its own, once.
    for _ in 0..2 {
        assert!(dial("CApain9", "busy").body.contains("call you back"));
    }
    let queue = server.queue("demo", STAFF_TOKEN);
    let missed: Vec<&Value> = queue.iter().filter(|i| i["conversation_id"] == "call:CApain9").collect();
    assert_eq!(missed.len(), 1, "{queue:?}");
    assert_eq!(missed[0]["kind"], "callback");
    assert_eq!(missed[0]["reason"], "transfer-not-connected");
    assert_eq!(missed[0]["caller"], "+15550199001");

    // A connected transfer ends the call and queues nothing.
    let connected = dial("CApain8", "completed");
    assert_eq!(connected.body, r#"<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>"#);
    assert_eq!(server.queue("demo", STAFF_TOKEN).len(), 2);

    // The report is signed like every webhook.
    let forged = server.twilio_with_signature(
        "/twilio/voice/transfer",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        &[("CallSid", "CApain7"), ("From", "+15550199001"), ("To", DEMO_NUMBER), ("DialCallStatus", "busy")],
    );
    assert_eq!(forged.status, 403, "{}", forged.body);
    let audit = server.get("/v1/practices/demo/audit", ADMIN_TOKEN).json();
    let text = audit.to_string();
    assert_eq!(text.matches("transfer.not-connected").count(), 2, "{audit}");
}

#[test]
fn a_voice_refill_with_speech_style_input_is_queued() {
    let server = Server::start();
    let call = |speech: Option<&str>, digits: Option<&str>| {
        let mut params =
            vec![("CallSid", "CApain2"), ("From", "+15550199005"), ("To", DEMO_NUMBER), ("CallStatus", "in-progress")];
        if let Some(s) = speech {
            params.push(("SpeechResult", s));
        }
        if let Some(d) = digits {
            params.push(("Digits", d));
        }
        server.twilio("/twilio/voice", TWILIO_TOKEN, &params)
    };
    call(None, None);
    let mut last = String::new();
    for speech in [
        "i need a refill on my hydro codone",
        "maria gonzalez",
        "march fourteenth nineteen seventy one",
        "walgreens on bardstown road",
        "yes",
    ] {
        let reply = call(Some(speech), None);
        assert_eq!(reply.status, 200);
        last = spoken_or_texted(&reply.body);
        assert_safe(&last);
    }
    assert!(last.contains("received your refill request"), "{last}");
    let queue = server.queue("demo", STAFF_TOKEN);
    let refill = queue.iter().find(|i| i["kind"] == "refill").expect("refill item");
    assert_eq!(field(refill, "medication-as-said"), Some("hydrocodone"));
    assert_eq!(field(refill, "schedule"), Some("II"));
    assert_eq!(field(refill, "channel"), Some("voice"));
}

#[test]
fn a_json_gateways_unconnected_transfer_is_told_and_noted() {
    let server = Server::start_with_env(&[("SWITCHBOARD_TEST_CLOCK", "1")]);
    crate::oncall::set_local(&server, jiff::civil::Weekday::Tuesday, 10);
    let turn = |text: Option<&str>, id: &str| {
        let mut body = json!({ "practice": "demo", "channel": "voice", "from": "+15550199001",
            "conversation_id": "call-json-1", "turn_id": id });
        if let Some(text) = text {
            body["text"] = json!(text);
        }
        let reply = server.post_json("/v1/turns", GATEWAY_TOKEN, &body);
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.json()
    };
    turn(None, "t1");
    let transfer = turn(Some("can i talk to a real person"), "t2");
    assert!(transfer.to_string().contains("transfer"), "{transfer}");
    let outcome = json!({ "practice": "demo", "conversation_id": "call-json-1", "from": "+15550199001",
        "connected": false });
    let reply = server.post_json("/v1/turns/transfer", GATEWAY_TOKEN, &outcome);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.contains("could not connect your call"), "{}", reply.body);
    let queue = server.queue("demo", STAFF_TOKEN);
    assert_eq!(queue.len(), 1, "{queue:?}");
    assert!(queue[0]["notes"][0]["text"].as_str().unwrap().contains("did not connect"), "{queue:?}");
    // Staff tokens do not report transfers; bad ids are refused.
    assert_eq!(server.post_json("/v1/turns/transfer", STAFF_TOKEN, &outcome).status, 403);
    let mut bad = outcome.clone();
    bad["conversation_id"] = json!("call:forged");
    assert_eq!(server.post_json("/v1/turns/transfer", GATEWAY_TOKEN, &bad).status, 400);
}
