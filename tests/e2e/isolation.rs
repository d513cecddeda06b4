//! Practices are isolated on every route: a table of every practice-scoped
//! route, each tried on the demo practice with each of another practice's
//! tokens (gateway, staff, named staff, practice admin) — all refused, and
//! nothing of the demo practice's changes. Ids of the demo practice's
//! records, tried under the other practice's own routes, are not found.

use serde_json::{Value, json};

use crate::harness::*;

const OTHER_NUMBER: &str = "+15550106666";
const OTHER_TWILIO: &str = "other-twilio-token";

enum Method {
    Get,
    Post(Value),
    Put(Value),
    Patch(Value),
    Delete,
}

fn call(server: &Server, method: &Method, path: &str, token: &str) -> Reply {
    match method {
        Method::Get => server.get(path, token),
        Method::Post(body) => server.post_json(path, token, body),
        Method::Put(body) => server.put_json(path, token, body),
        Method::Patch(body) => server.patch_json(path, token, body),
        Method::Delete => server.delete(path, token),
    }
}

#[test]
fn no_token_of_one_practice_reaches_another_on_any_route() {
    // Every refusal is checked for its status, so the guessing limit is
    // raised out of the way (it has its own test in hardening.rs).
    let server = Server::start_with_config("[limits]\nrefused_credentials_per_minute = 100000\n");
    // The demo practice's records: an urgent item, a conversation, a token.
    server.sms("+15550601001", "SMiso1", "my pain pump is alarming");
    let queue = server.queue("demo", STAFF_TOKEN);
    let item = queue[0]["id"].as_str().unwrap().to_string();
    let conversation = queue[0]["conversation_id"].as_str().unwrap().to_string();
    let issued =
        server.post_json("/v1/practices/demo/tokens", ADMIN_TOKEN, &json!({ "name": "dr-lee", "role": "staff" }));
    let token_id = issued.json()["id"].as_str().unwrap().to_string();

    // Another practice on the same plugin, with every kind of token.
    let demo = server.get("/v1/practices/demo", ADMIN_TOKEN).json();
    let (other_gateway, other_staff) = server.create_practice(
        "other",
        OTHER_NUMBER,
        OTHER_TWILIO,
        demo["plugin"].as_str().unwrap(),
        demo["config"].as_str().unwrap(),
    );
    let issue = |name: &str, role: &str| {
        let reply = server.post_json("/v1/practices/other/tokens", ADMIN_TOKEN, &json!({ "name": name, "role": role }));
        assert_eq!(reply.status, 201, "{}", reply.body);
        reply.json()["token"].as_str().unwrap().to_string()
    };
    let tokens = [other_gateway, other_staff, issue("nurse", "staff"), issue("manager", "admin")];

    let p = "/v1/practices/demo";
    let routes: Vec<(Method, String)> = vec![
        (Method::Get, p.to_string()),
        (Method::Patch(json!({ "name": "Hijacked" })), p.to_string()),
        (Method::Post(json!({})), format!("{p}/tokens/rotate")),
        (Method::Post(json!({ "name": "mallory", "role": "admin" })), format!("{p}/tokens")),
        (Method::Get, format!("{p}/tokens")),
        (Method::Post(json!({})), format!("{p}/tokens/{token_id}/rotate")),
        (Method::Delete, format!("{p}/tokens/{token_id}")),
        (Method::Get, format!("{p}/queue")),
        (Method::Get, format!("{p}/queue/{item}")),
        (Method::Post(json!({})), format!("{p}/queue/{item}/claim")),
        (Method::Post(json!({})), format!("{p}/queue/{item}/acknowledge")),
        (Method::Post(json!({ "text": "x" })), format!("{p}/queue/{item}/notes")),
        (Method::Post(json!({})), format!("{p}/queue/{item}/resolve")),
        (Method::Get, format!("{p}/conversations/{conversation}")),
        (Method::Get, format!("{p}/audit")),
        (Method::Get, format!("{p}/audit/verify")),
        (Method::Get, format!("{p}/outbox")),
        (Method::Get, format!("{p}/schedule")),
        (Method::Put(json!({})), format!("{p}/schedule")),
        (Method::Get, format!("{p}/appointments?date=2026-12-01")),
        (Method::Get, format!("{p}/patients")),
        (Method::Put(json!({})), format!("{p}/patients")),
        (Method::Get, format!("{p}/prior-auths/demo-p001")),
        (Method::Put(json!({ "status": "approved" })), format!("{p}/prior-auths/demo-p001/lumbar-esi")),
    ];
    for (method, path) in &routes {
        for token in &tokens {
            let reply = call(&server, method, path, token);
            assert_eq!(reply.status, 403, "{path} with another practice's token: {}", reply.body);
        }
    }
    // The JSON turn API: another practice's gateway token cannot deliver
    // turns as the demo practice.
    let turn = json!({ "practice": "demo", "channel": "sms", "from": "+15550601002", "text": "hi" });
    let outcome = json!({ "practice": "demo", "item": item, "answered": true });
    for token in &tokens {
        assert_eq!(server.post_json("/v1/turns", token, &turn).status, 403);
        assert_eq!(server.post_json("/v1/turns/on-call", token, &outcome).status, 403);
    }
    // The demo practice's ids under the other practice's own routes: absent.
    let o = "/v1/practices/other";
    let staff = &tokens[1];
    assert_eq!(server.get(&format!("{o}/queue/{item}"), staff).status, 404);
    assert_eq!(server.post_json(&format!("{o}/queue/{item}/claim"), staff, &json!({})).status, 404);
    assert_eq!(server.get(&format!("{o}/conversations/{conversation}"), staff).status, 404);
    assert_eq!(server.delete(&format!("{o}/tokens/{token_id}"), &tokens[3]).status, 404);
    // A Twilio dial callback signed for the other practice cannot touch the
    // demo practice's item.
    let dial = server.twilio(
        &format!("/twilio/voice/on-call?item={item}"),
        OTHER_TWILIO,
        &[("CallSid", "CAiso"), ("From", "+15550601003"), ("To", OTHER_NUMBER), ("DialCallStatus", "completed")],
    );
    assert_eq!(dial.status, 404, "{}", dial.body);

    // Nothing of the demo practice changed.
    let after = server.get(&format!("{p}/queue/{item}"), STAFF_TOKEN).json();
    assert_eq!(after["status"], "requested", "{after}");
    assert!(after["acknowledged"].is_null() && after["notes"].as_array().unwrap().is_empty(), "{after}");
    assert_eq!(server.get(p, ADMIN_TOKEN).json()["name"], demo["name"]);
    let demo_tokens = server.get(&format!("{p}/tokens"), ADMIN_TOKEN).json();
    assert_eq!(demo_tokens.as_array().unwrap().len(), 1);
    assert!(demo_tokens[0]["revoked_at"].is_null() && demo_tokens[0]["rotated_at"].is_null());
    let audit = server.get(&format!("{p}/audit"), ADMIN_TOKEN).json();
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .all(|e| !["staff:nurse", "practice-admin:manager"].contains(&e["actor"].as_str().unwrap())),
        "no other practice's actor in the demo practice's record"
    );
}
