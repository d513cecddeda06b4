//! The staff queues through the real binary: filtering and order,
//! structured items, claim, notes, resolve, and the audit record of every
//! read and change; named practice tokens issued, rotated and revoked.

use serde_json::{Value, json};

use crate::harness::*;

fn post(server: &Server, path: &str, token: &str, body: Value) -> Reply {
    server.post_json(path, token, &body)
}

/// A practice-admin token issued by the host admin, then a staff token
/// issued by that practice admin: (admin token, staff token id, staff token).
fn named_tokens(server: &Server) -> (String, String, String) {
    let admin =
        post(server, "/v1/practices/demo/tokens", ADMIN_TOKEN, json!({ "name": "office-admin", "role": "admin" }));
    assert_eq!(admin.status, 201, "{}", admin.body);
    let admin = admin.json()["token"].as_str().unwrap().to_string();
    let nurse = post(server, "/v1/practices/demo/tokens", &admin, json!({ "name": "nurse-kim", "role": "staff" }));
    assert_eq!(nurse.status, 201, "{}", nurse.body);
    let nurse = nurse.json();
    (admin, nurse["id"].as_str().unwrap().into(), nurse["token"].as_str().unwrap().into())
}

#[test]
fn staff_filter_claim_note_and_resolve_and_every_step_is_audited() {
    let server = Server::start();
    let (admin, _nurse_id, nurse) = named_tokens(&server);
    server.sms("+15550501001", "SMq1", "what are your office hours");
    server.sms("+15550501002", "SMq2", "my back pain is getting worse and I have a new rash");
    server.sms("+15550501003", "SMq3", "my pain pump is alarming");
    server.sms("+15550501004", "SMq4", "can I talk to a person");

    let all = server.get("/v1/practices/demo/queue", &nurse).json();
    let all = all.as_array().unwrap();
    assert!(all.len() >= 3, "{all:?}");
    let priorities: Vec<&str> = all.iter().map(|i| i["priority"].as_str().unwrap()).collect();
    let rank = |p: &str| ["routine", "urgent", "asap", "stat"].iter().position(|x| *x == p).unwrap();
    assert!(priorities.windows(2).all(|w| rank(w[0]) >= rank(w[1])), "most urgent first: {priorities:?}");
    let pump = &all[0];
    assert_eq!(pump["kind"], "clinical-urgent");
    assert_eq!(pump["patient"]["number"], "+15550501003");
    assert_eq!(pump["reason"], "urgent-pump");
    assert_eq!(pump["excerpt"][0]["from"], "patient");
    assert_eq!(pump["excerpt"][0]["text"], "my pain pump is alarming");
    assert!(pump["excerpt"][1]["text"].as_str().unwrap().contains("pump alarm"));

    let urgent = server.get("/v1/practices/demo/queue?priority=urgent&kind=clinical-urgent", &nurse).json();
    assert_eq!(urgent.as_array().unwrap().len(), 1, "{urgent}");
    let routine = server.get("/v1/practices/demo/queue?priority=routine", &nurse).json();
    assert!(routine.as_array().unwrap().iter().all(|i| i["priority"] == "routine"));
    assert_eq!(server.get("/v1/practices/demo/queue?kind=nonsense", &nurse).status, 400);

    let id = pump["id"].as_str().unwrap();
    let base = format!("/v1/practices/demo/queue/{id}");
    let claimed = post(&server, &format!("{base}/claim"), &nurse, json!({}));
    assert_eq!(claimed.status, 200, "{}", claimed.body);
    assert_eq!(claimed.json()["status"], "accepted");
    assert_eq!(claimed.json()["claimed"]["by"], "staff:nurse-kim");
    let taken = post(&server, &format!("{base}/claim"), STAFF_TOKEN, json!({}));
    assert_eq!(taken.status, 409, "someone else's claim stands: {}", taken.body);
    assert_eq!(post(&server, &format!("{base}/notes"), &nurse, json!({ "text": "  " })).status, 400);
    let noted = post(&server, &format!("{base}/notes"), &nurse, json!({ "text": "Called back; pump refill booked." }));
    assert_eq!(noted.json()["notes"][0]["text"], "Called back; pump refill booked.");
    let resolved = post(&server, &format!("{base}/resolve"), &nurse, json!({ "text": "Done." }));
    assert_eq!(resolved.json()["status"], "completed", "{}", resolved.body);
    assert_eq!(post(&server, &format!("{base}/resolve"), &nurse, json!({})).status, 409);
    let completed = server.get("/v1/practices/demo/queue?status=completed", &nurse).json();
    assert_eq!(completed.as_array().unwrap().len(), 1);
    assert_eq!(server.get("/v1/practices/demo/queue/q9999", &nurse).status, 404);

    let audit = server.get("/v1/practices/demo/audit", &admin).json();
    let by_nurse: Vec<(&str, Option<&str>)> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["actor"] == "staff:nurse-kim")
        .map(|e| (e["action"].as_str().unwrap(), e["subject"].as_str()))
        .collect();
    assert_eq!(
        by_nurse,
        [
            ("queue.read", None),
            ("queue.read", None),
            ("queue.read", None),
            ("queue-item.claimed", Some(id)),
            ("queue-item.noted", Some(id)),
            ("queue-item.resolved", Some(id)),
            ("queue.read", None),
        ],
        "every read and change, in order (failed attempts change nothing and record nothing)"
    );
    assert!(audit.as_array().unwrap().iter().all(|e| e["at"].as_i64().unwrap() > 0));
    let verify = server.get("/v1/practices/demo/audit/verify", &nurse).json();
    assert_eq!(verify["ok"], true, "{verify}");
}

#[test]
fn practice_tokens_are_issued_rotated_and_revoked_by_practice_admins_only() {
    let server = Server::start();
    let (admin, nurse_id, nurse) = named_tokens(&server);
    // Staff may not manage tokens; a practice admin may not use the host API.
    let denied = post(&server, "/v1/practices/demo/tokens", &nurse, json!({ "name": "x", "role": "admin" }));
    assert_eq!(denied.status, 403);
    assert_eq!(server.get("/v1/practices", &admin).status, 403);
    assert_eq!(
        post(&server, "/v1/practices/demo/tokens", &admin, json!({ "name": "nurse-kim", "role": "staff" })).status,
        409
    );
    let listed = server.get("/v1/practices/demo/tokens", &admin);
    assert_eq!(listed.status, 200);
    assert!(!listed.body.contains(&nurse) && !listed.body.contains("sha256"), "no secrets listed: {}", listed.body);

    let rotated = post(&server, &format!("/v1/practices/demo/tokens/{nurse_id}/rotate"), &admin, json!({}));
    assert_eq!(rotated.status, 200, "{}", rotated.body);
    let fresh = rotated.json()["token"].as_str().unwrap().to_string();
    assert_eq!(server.get("/v1/practices/demo/queue", &nurse).status, 403, "the old secret stops at once");
    assert_eq!(server.get("/v1/practices/demo/queue", &fresh).status, 200);

    let revoke = server.delete(&format!("/v1/practices/demo/tokens/{nurse_id}"), &admin);
    assert_eq!(revoke.status, 200, "{}", revoke.body);
    assert_eq!(server.get("/v1/practices/demo/queue", &fresh).status, 403, "revoked");
    assert_eq!(post(&server, &format!("/v1/practices/demo/tokens/{nurse_id}/rotate"), &admin, json!({})).status, 404);
    // The original environment tokens keep working beside the named ones.
    assert_eq!(server.get("/v1/practices/demo/queue", STAFF_TOKEN).status, 200);
}
