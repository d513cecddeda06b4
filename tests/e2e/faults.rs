//! Faults never reach the patient as silence: each hostile behaviour of a
//! real component in the real sandbox gets the safe fallback, an urgent
//! callback item and an audit record, and the server keeps serving.

use serde_json::json;

use crate::harness::*;

const HOSTILE_NUMBER: &str = "+15550107777";
const HOSTILE_TWILIO: &str = "hostile-twilio-token";

fn hostile_practice() -> (Server, String, String) {
    let server = Server::start();
    let plugin = server.publish(switchboard_artifacts::HOSTILE_PLUGIN);
    let (gateway, staff) = server.create_practice("hostile", HOSTILE_NUMBER, HOSTILE_TWILIO, &plugin, "");
    (server, gateway, staff)
}

fn text(server: &Server, sid: &str, body: &str) -> Reply {
    server.twilio(
        "/twilio/sms",
        HOSTILE_TWILIO,
        &[("MessageSid", sid), ("From", "+15550123456"), ("To", HOSTILE_NUMBER), ("Body", body)],
    )
}

#[test]
fn every_fault_gets_the_fallback_a_callback_item_and_an_audit_record() {
    let (server, _gateway, staff) = hostile_practice();
    let faults = [
        ("trap", "trap"),
        ("loop", "timeout"),
        ("panic", "panic"),
        ("oom", "memory"),
        ("flood", "output-violation"),
        ("huge", "output-violation"),
        ("bigstate", "output-violation"),
        ("error", "plugin-error"),
        ("silent", "silent"),
        ("wrong-channel", "plugin-error"),
    ];
    let mut expected_count = 0;
    for (i, (command, kind)) in faults.iter().enumerate() {
        // A good turn before each fault: the host keeps serving, and the
        // plugin's state survives the fault.
        let ok = text(&server, &format!("SMok{i}"), "hello");
        assert_eq!(ok.status, 200, "{}", ok.body);
        expected_count += 1;
        assert!(
            ok.body.contains(&format!("<Message>ok {expected_count}</Message>")),
            "turn before {command}: {}",
            ok.body
        );

        let reply = text(&server, &format!("SMfault{i}"), command);
        assert_eq!(reply.status, 200, "{command}: {}", reply.body);
        let said = spoken_or_texted(&reply.body);
        assert!(said.contains("A staff member will call you back"), "{command}: {}", reply.body);
        assert!(said.contains("911"), "{command}: the fallback names 911");
        assert!(!reply.body.contains("flood 0") && !reply.body.contains("xxxx"), "{command}: partial output leaked");

        let queue = server.queue("hostile", &staff);
        let item = &queue[0];
        assert_eq!(item["kind"], "callback", "{command}");
        assert_eq!(item["priority"], "urgent", "{command}");
        assert_eq!(item["source"], "host", "{command}");
        let fields = item["fields"].as_array().unwrap();
        let field = |name: &str| fields.iter().find(|f| f["name"] == name).map(|f| f["value"].clone());
        assert_eq!(field("fault"), Some(json!(kind)), "{command}: {item}");
        assert_eq!(field("patient-said"), Some(json!(command)), "{command}");
        assert_eq!(item["caller"], "+15550123456");
    }
    // Ten faults, ten callback items, and nothing the failed turns produced.
    let queue = server.queue("hostile", &staff);
    assert_eq!(queue.len(), faults.len());

    let verify = server.get("/v1/practices/hostile/audit/verify", &staff).json();
    assert_eq!(verify["ok"], true, "{verify}");
    let conversation = server.get("/v1/practices/hostile/conversations/sms:+15550123456", &staff).json();
    let turns = conversation["turns"].as_array().unwrap();
    assert_eq!(turns.len(), faults.len() * 2);
    let recorded: Vec<&str> = turns.iter().filter_map(|t| t["fault"]["kind"].as_str()).collect();
    let expected: Vec<&str> = faults.iter().map(|(_, kind)| *kind).collect();
    assert_eq!(recorded, expected);
}

#[test]
fn a_fault_on_a_call_says_the_fallback_and_hangs_up() {
    let (server, _gateway, staff) = hostile_practice();
    let call = |speech: Option<&str>| {
        let mut params = vec![
            ("CallSid", "CAhostile1"),
            ("From", "+15550123456"),
            ("To", HOSTILE_NUMBER),
            ("CallStatus", "in-progress"),
        ];
        if let Some(s) = speech {
            params.push(("SpeechResult", s));
        }
        server.twilio("/twilio/voice", HOSTILE_TWILIO, &params)
    };
    let start = call(None);
    assert!(start.body.contains("<Gather"), "{}", start.body);
    let reply = call(Some("loop"));
    assert_eq!(reply.status, 200);
    assert!(reply.body.contains("A staff member will call you back"), "{}", reply.body);
    assert!(reply.body.ends_with("<Hangup/></Response>"), "{}", reply.body);
    let queue = server.queue("hostile", &staff);
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0]["channel"], "voice");
}

#[test]
fn concurrent_faults_do_not_disturb_other_practices_turns() {
    let (server, _gateway, _staff) = hostile_practice();
    std::thread::scope(|scope| {
        let looping: Vec<_> = (0..4)
            .map(|i| {
                let server = &server;
                scope.spawn(move || {
                    let r = server.twilio(
                        "/twilio/sms",
                        HOSTILE_TWILIO,
                        &[
                            ("MessageSid", &format!("SMloop{i}")),
                            ("From", &format!("+1555012{i:04}")),
                            ("To", HOSTILE_NUMBER),
                            ("Body", "loop"),
                        ],
                    );
                    assert!(r.body.contains("call you back"), "{}", r.body);
                })
            })
            .collect();
        for i in 0..8 {
            let reply = server.sms(&format!("+1555019{i:04}"), &format!("SMdemo{i}"), "hello");
            assert_eq!(reply.status, 200);
            assert!(!reply.body.contains("something went wrong"), "demo practice turn failed: {}", reply.body);
        }
        for handle in looping {
            handle.join().unwrap();
        }
    });
}

#[test]
fn wasi_grants_the_plugin_nothing() {
    let (server, _gateway, _staff) = hostile_practice();
    let reply = text(&server, "SMescape", "escape");
    assert_eq!(reply.status, 200);
    let said = spoken_or_texted(&reply.body);
    assert_eq!(said.trim(), "fs:denied file:denied env:0 args:0 stdin:empty net:denied", "{}", reply.body);
}
