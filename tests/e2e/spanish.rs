//! Spanish end to end through the real binary: the host decides the
//! conversation's language from what the patient says (or a choice), keeps
//! it, remembers it for the number, hands it to the plugin, and renders
//! TwiML in it; the plugin answers in Spanish or hands over to staff who
//! speak it. Over Twilio SMS, Twilio voice and the JSON API.

use serde_json::json;

use crate::harness::{ADMIN_TOKEN, DEMO_NUMBER, GATEWAY_TOKEN, STAFF_TOKEN, Server, TWILIO_TOKEN};

fn conversation(server: &Server, id: &str) -> serde_json::Value {
    let reply = server.get(&format!("/v1/practices/demo/conversations/{id}"), STAFF_TOKEN);
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()
}

#[test]
fn a_spanish_text_is_answered_in_spanish_and_the_conversation_keeps_it() {
    let server = Server::start();
    let from = "+15550199001";
    let first = server.sms(from, "SMes1", "Hola, necesito un resurtido de mi gabapentina");
    assert_eq!(first.status, 200, "{}", first.body);
    assert!(first.body.contains("nombre y apellido"), "{}", first.body);
    assert!(!first.body.contains("first and last name"), "{}", first.body);
    // A name is no Spanish, and the conversation stays in Spanish.
    let second = server.sms(from, "SMes2", "Maria Gonzalez");
    assert!(second.body.contains("fecha de nacimiento"), "{}", second.body);
    let record = conversation(&server, &format!("sms:{from}"));
    assert_eq!(record["language"], "es", "{record}");
    assert!(record["turns"].as_array().unwrap().iter().all(|t| t["language"] == "es"), "{record}");
}

#[test]
fn a_caller_who_presses_2_hears_and_is_heard_in_spanish_and_is_remembered() {
    let server = Server::start();
    let call = |sid: &str, extra: &[(&str, &str)]| {
        let mut params = vec![
            ("CallSid", sid),
            ("AccountSid", "AC0"),
            ("From", "+15550111099"),
            ("To", DEMO_NUMBER),
            ("Direction", "inbound"),
            ("CallStatus", "in-progress"),
        ];
        params.extend_from_slice(extra);
        let reply = server.twilio("/twilio/voice", TWILIO_TOKEN, &params);
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.body
    };
    let start = call("CAes1", &[]);
    assert!(start.contains("Para español, oprima 2."), "{start}");
    assert!(start.contains(r#"language="en-US""#), "an English call listens in English: {start}");
    let spanish = call("CAes1", &[("Digits", "2")]);
    assert!(spanish.contains(r#"speechTimeout="auto" language="es-US""#), "it listens in Spanish: {spanish}");
    assert!(spanish.contains(r#"<Say language="es-US">"#), "and speaks Spanish: {spanish}");
    assert!(spanish.contains("¿En qué le puedo ayudar hoy?"), "{spanish}");
    let located = call("CAes1", &[("SpeechResult", "donde estan ubicados"), ("Confidence", "0.9")]);
    assert!(located.contains("Estamos en 1200 Riverside Drive"), "{located}");

    // The next call from that number starts in Spanish.
    let next = call("CAes2", &[]);
    assert!(next.contains(r#"language="es-US""#), "{next}");
    assert!(next.contains("Gracias por comunicarse con Riverside Pain &amp; Spine."), "{next}");
    assert_eq!(conversation(&server, "call:CAes2")["language"], "es");
}

#[test]
fn the_json_api_gets_spanish_and_a_booking_in_spanish_goes_to_spanish_speaking_staff() {
    let server = Server::start();
    let turn = |text: &str, id: &str| {
        let reply = server.post_json(
            "/v1/turns",
            GATEWAY_TOKEN,
            &json!({"practice": "demo", "channel": "sms", "from": "+15550199001", "text": text, "turn_id": id}),
        );
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.json()["actions"][0]["body"].as_str().unwrap_or_default().to_string()
    };
    let asked = turn("hola, necesito una cita para la próxima semana", "es-1");
    assert!(asked.contains("nombre y apellido"), "{asked}");
    let handed = turn("Maria Gonzalez 14/03/1971", "es-2");
    assert!(handed.contains("un miembro de nuestro personal que habla español le llamará"), "{handed}");
    assert!(!handed.contains("What day"), "no English pretending to be an answer: {handed}");
    let queue = server.queue("demo", STAFF_TOKEN);
    let item = queue
        .iter()
        .find(|i| {
            i["fields"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["name"] == "reason" && f["value"] == "spanish-speaking-staff")
        })
        .unwrap_or_else(|| panic!("a callback for Spanish-speaking staff: {queue:?}"));
    assert!(item["fields"].as_array().unwrap().iter().any(|f| f["name"] == "language" && f["value"] == "es"), "{item}");
}

#[test]
fn a_practice_chooses_the_voice_for_each_language() {
    let server = Server::start();
    let voices = serde_json::json!({ "voices": { "english": "Polly.Joanna-Neural", "spanish": "Polly.Lupe-Neural" } });
    let saved = server.patch_json("/v1/practices/demo", ADMIN_TOKEN, &voices);
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(server.get("/v1/practices/demo", ADMIN_TOKEN).json()["voices"]["spanish"], "Polly.Lupe-Neural");
    let call = |extra: &[(&str, &str)]| {
        let mut params =
            vec![("CallSid", "CAvoice1"), ("From", "+15550111098"), ("To", DEMO_NUMBER), ("CallStatus", "in-progress")];
        params.extend_from_slice(extra);
        let reply = server.twilio("/twilio/voice", TWILIO_TOKEN, &params);
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.body
    };
    let start = call(&[]);
    assert!(start.contains(r#"<Say voice="Polly.Joanna-Neural">Thank you for contacting"#), "{start}");
    let spanish = call(&[("Digits", "2")]);
    assert!(spanish.contains(r#"<Say voice="Polly.Lupe-Neural" language="es-US">"#), "{spanish}");
    assert!(!spanish.contains("Joanna"), "Spanish is never read by the English voice: {spanish}");

    // A name that is not a voice name (here, markup) is refused and changes nothing.
    for bad in ["", "a\"><Hangup/><Say x=\"", &"x".repeat(65)] {
        let body = serde_json::json!({ "voices": { "english": bad } });
        let refused = server.patch_json("/v1/practices/demo", ADMIN_TOKEN, &body);
        assert_eq!(refused.status, 400, "{bad:?}: {}", refused.body);
        assert!(refused.body.contains("voices.english"), "{}", refused.body);
    }
    let unknown =
        server.patch_json("/v1/practices/demo", ADMIN_TOKEN, &serde_json::json!({ "voices": { "klingon": "x" } }));
    assert!(matches!(unknown.status, 400 | 422), "{}", unknown.body);
    assert_eq!(server.get("/v1/practices/demo", ADMIN_TOKEN).json()["voices"]["english"], "Polly.Joanna-Neural");
}
