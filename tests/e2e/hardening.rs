//! The server holds up against a hostile client: practice ids cannot be
//! probed, guessed credentials are slowed down, and carriers are not
//! locked out by someone else's guessing.

use serde_json::json;

use crate::harness::*;

#[test]
fn an_unknown_practice_answers_like_a_real_one_to_anyone_but_the_admin() {
    let server = Server::start();
    for route in ["queue", "audit", "outbox", "tokens", "appointments?date=2027-01-04", "schedule"] {
        let real = server.get(&format!("/v1/practices/demo/{route}"), "");
        let made_up = server.get(&format!("/v1/practices/no-such-practice/{route}"), "");
        assert_eq!((real.status, made_up.status), (401, 401), "{route}: {} / {}", real.body, made_up.body);
        let real = server.get(&format!("/v1/practices/demo/{route}"), "a-wrong-token");
        let made_up = server.get(&format!("/v1/practices/no-such-practice/{route}"), "a-wrong-token");
        assert_eq!(real.status, 403, "{route}: {}", real.body);
        assert_eq!((made_up.status, &made_up.body), (403, &real.body), "{route}");
    }
    assert_eq!(server.get("/v1/practices/no-such-practice/queue", ADMIN_TOKEN).status, 404);
    let turn = |practice: &str| {
        let body = json!({"practice": practice, "channel": "sms", "from": "+15550142000", "text": "hi"});
        server.post_json("/v1/turns", "a-wrong-token", &body)
    };
    let (real, made_up) = (turn("demo"), turn("no-such-practice"));
    assert_eq!((made_up.status, &made_up.body), (real.status, &real.body));
    assert_eq!(real.status, 403);
}

#[test]
fn guessed_credentials_are_slowed_and_carriers_still_get_through() {
    let server = Server::start();
    let mut refused = 0;
    let mut waited = 0;
    for i in 0..300 {
        match server.get("/v1/practices/demo/queue", &format!("guess-{i}")).status {
            403 => refused += 1,
            429 => waited += 1,
            other => panic!("guess {i}: {other}"),
        }
    }
    assert_eq!(refused + waited, 300);
    assert!(refused <= 35, "{refused} guesses were checked");
    // Locked out means locked out: the right token waits too, and says so.
    let locked = server.agent_get_with_headers("/v1/practices/demo/queue", STAFF_TOKEN);
    assert_eq!(locked.0, 429);
    let retry_after: u64 = locked.1.expect("Retry-After").parse().unwrap();
    assert!((1..=2).contains(&retry_after), "{retry_after}");
    // The console's sign-in is behind the same limit.
    let form = form(&[("practice", "demo"), ("token", STAFF_TOKEN)]);
    let sign_in =
        server.post_raw("/console/sign-in", &[("Content-Type", "application/x-www-form-urlencoded")], form.into());
    assert_eq!(sign_in.status, 429);
    // A carrier's signed webhook is not a guess and is never held back.
    let reply = server.sms("+15550142001", "SMguess0001", "what are your hours?");
    assert_eq!(reply.status, 200, "{}", reply.body);

    std::thread::sleep(std::time::Duration::from_secs(retry_after + 1));
    assert_eq!(server.get("/v1/practices/demo/queue", STAFF_TOKEN).status, 200, "refilled");
}

#[test]
fn a_replayed_voice_webhook_replays_the_answer_and_does_not_advance_the_call() {
    let server = Server::start();
    let sid = "CAreplay000000000000000000000001";
    let params = |speech: Option<&'static str>| {
        let mut params =
            vec![("CallSid", sid), ("From", "+15550142002"), ("To", DEMO_NUMBER), ("CallStatus", "in-progress")];
        if let Some(speech) = speech {
            params.extend([("SpeechResult", speech), ("Confidence", "0.9")]);
        }
        params
    };
    let greeting = server.twilio("/twilio/voice", TWILIO_TOKEN, &params(None));
    assert_eq!(greeting.status, 200, "{}", greeting.body);
    let next = next_voice_path(&greeting.body, &server.base).expect("a gather");
    assert!(next.starts_with("/twilio/voice?after="), "{next}");
    let answered = server.twilio("/twilio/voice", TWILIO_TOKEN, &params(Some("what are your hours")));
    let turns = |server: &Server| {
        let conversation = server.get(&format!("/v1/practices/demo/conversations/call:{sid}"), STAFF_TOKEN).json();
        conversation["turns"].as_array().expect("turns").len()
    };
    let before = turns(&server);

    // The same signed requests again, byte for byte: Twilio's retry, or a copy.
    let resend = |path: &str, params: &[(&str, &str)]| {
        let owned: Vec<(String, String)> = params.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
        let url = format!("{}{path}", server.base);
        let signature = switchboard::gateways::twilio::signature::sign(TWILIO_TOKEN, &url, &owned);
        server.twilio_with_signature(path, &signature, params)
    };
    let replayed = resend(&next, &params(Some("what are your hours")));
    assert_eq!((replayed.status, &replayed.body), (200, &answered.body), "the stored answer, again");
    let greeting_again = resend("/twilio/voice", &params(None));
    assert_eq!(greeting_again.body, greeting.body, "the call's first webhook replays too");
    assert_eq!(turns(&server), before, "no turn was added");
}
