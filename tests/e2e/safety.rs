//! The host's safety net through the real binary over real HTTP. The
//! practice runs the hostile fixture plugin, which answers everything it
//! does not recognise with a polite "ok N" and never escalates: every
//! instruction, stat or urgent item, page, transfer, `safety.net` audit
//! event and turn-record entry these tests see for it comes from the host's
//! net, so each assertion fails if the net were removed. The
//! figures-of-speech test and the demo-plugin test check the net keeps
//! quiet where it must, each with a positive control in the same practice,
//! so that a net that never fires cannot pass them.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::harness::*;
use crate::oncall::{PRIMARY, Sent, start_gateway};

const NUMBER: &str = "+15550107711";
const TWILIO: &str = "safety-twilio-token";
const PRACTICE: &str = "net";

/// A server with a practice on the hostile plugin; returns its
/// (gateway, staff) tokens.
fn net_practice() -> (Server, String, String) {
    let server = Server::start();
    let plugin = server.publish(switchboard_artifacts::HOSTILE_PLUGIN);
    let (gateway, staff) = server.create_practice(PRACTICE, NUMBER, TWILIO, &plugin, "");
    (server, gateway, staff)
}

fn patch(server: &Server, body: Value) -> Reply {
    server.patch_json(&format!("/v1/practices/{PRACTICE}"), ADMIN_TOKEN, &body)
}

/// The on-call rota (and, with `gateway`, the outbound gateway pages go
/// through).
fn rota(server: &Server, gateway: Option<&str>) {
    let mut body = json!({ "on_call": { "primary": PRIMARY, "ack_minutes": 15 } });
    if let Some(base) = gateway {
        body["outbound_gateway"] = json!({ "base_url": base, "account_sid": "AC123", "from_number": NUMBER });
    }
    let reply = patch(server, body);
    assert_eq!(reply.status, 200, "{}", reply.body);
}

fn sms(server: &Server, from: &str, sid: &str, body: &str) -> Reply {
    let reply = server.twilio(
        "/twilio/sms",
        TWILIO,
        &[
            ("AccountSid", "AC00000000000000000000000000000000"),
            ("MessageSid", sid),
            ("From", from),
            ("To", NUMBER),
            ("Body", body),
        ],
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply
}

fn voice(server: &Server, call: &str, from: &str, speech: Option<&str>) -> Reply {
    let mut params = vec![
        ("AccountSid", "AC00000000000000000000000000000000"),
        ("CallSid", call),
        ("From", from),
        ("To", NUMBER),
        ("CallStatus", "in-progress"),
    ];
    if let Some(text) = speech {
        params.push(("SpeechResult", text));
        params.push(("Confidence", "0.91"));
    }
    let reply = server.twilio("/twilio/voice", TWILIO, &params);
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// The text of every `<tag>…</tag>` in document order, unescaped.
fn elements(xml: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        let end = after.find(&close).expect("closed tag");
        out.push(unescape(&after[..end]));
        rest = &after[end + close.len()..];
    }
    out
}

fn field(item: &Value, name: &str) -> Option<String> {
    item["fields"].as_array()?.iter().find(|f| f["name"] == name).and_then(|f| f["value"].as_str()).map(str::to_string)
}

/// The practice's items the net wrote.
fn net_items(server: &Server, staff: &str) -> Vec<Value> {
    server.queue(PRACTICE, staff).into_iter().filter(|i| i["source"] == "safety-net").collect()
}

/// The one item the net wrote, checked for what every net item carries.
fn the_net_item(server: &Server, staff: &str, criterion: &str, said: &str) -> Value {
    let items = net_items(server, staff);
    assert_eq!(items.len(), 1, "one safety-net item: {items:?}");
    let item = items.into_iter().next().unwrap();
    assert_eq!(item["priority"], "stat", "{item}");
    assert_eq!(item["kind"], "clinical-urgent", "{item}");
    let criteria = field(&item, "criteria").unwrap_or_default();
    assert!(criteria.split(',').any(|c| c == criterion), "criteria {criteria:?} name {criterion}: {item}");
    assert_eq!(field(&item, "level").as_deref(), Some("emergency"), "{item}");
    assert_eq!(field(&item, "patient-said").as_deref(), Some(said), "{item}");
    item
}

/// The practice's `safety.net` audit events.
fn net_events(server: &Server) -> Vec<Value> {
    let reply = server.get(&format!("/v1/practices/{PRACTICE}/audit"), ADMIN_TOKEN);
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json().as_array().unwrap().iter().filter(|e| e["action"] == "safety.net").cloned().collect()
}

/// The one `safety.net` event, about `item` in `conversation`.
fn the_net_event(server: &Server, conversation: &str, item: &str) -> Value {
    let events = net_events(server);
    assert_eq!(events.len(), 1, "one safety.net event: {events:?}");
    let event = events.into_iter().next().unwrap();
    assert_eq!(event["actor"], "host", "{event}");
    assert_eq!(event["subject"], conversation, "{event}");
    assert_eq!(event["detail"]["queue-item"], item, "{event}");
    assert_eq!(event["detail"]["level"], "emergency", "{event}");
    event
}

fn turns(server: &Server, staff: &str, conversation: &str) -> Vec<Value> {
    let reply = server.get(&format!("/v1/practices/{PRACTICE}/conversations/{conversation}"), staff);
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()["turns"].as_array().unwrap().clone()
}

/// The `safety` field of the conversation's last turn.
fn last_turn_safety(server: &Server, staff: &str, conversation: &str) -> Value {
    let turns = turns(server, staff, conversation);
    turns.last().expect("a turn")["safety"].clone()
}

fn criteria_of(record: &Value) -> Vec<String> {
    record["criteria"]
        .as_array()
        .map(|a| a.iter().map(|c| c.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

fn wait_sent(sent: &Sent, to: &str, needle: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !sent.lock().unwrap().iter().any(|(t, body)| t == to && body.contains(needle)) {
        assert!(Instant::now() < deadline, "no text to {to} about {needle}: {:?}", sent.lock().unwrap());
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_signed_text_about_chest_pain_gets_911_first_a_stat_item_and_a_page() {
    let sent: Sent = Default::default();
    let base = start_gateway(sent.clone());
    let (server, _gateway, staff) = net_practice();
    rota(&server, Some(&base));

    let from = "+15550170001";
    let said = "crushing pressure in my chest and my left arm is numb";
    let reply = sms(&server, from, "SMnet1", said);
    let messages = elements(&reply.body, "Message");
    assert_eq!(messages.len(), 2, "the instruction, then the plugin's answer: {}", reply.body);
    assert!(messages[0].contains("call 911"), "the 911 instruction first: {messages:?}");
    assert!(messages[0].contains("Chest pain"), "the chest-pain wording: {messages:?}");
    assert_eq!(messages[1], "ok 1", "what the plugin said stays, after the instruction");

    // Twilio retries the same message: the stored answer replays, and the
    // net neither writes a second item nor pages twice.
    let retry = sms(&server, from, "SMnet1", said);
    assert_eq!(retry.body, reply.body, "the retry replays the stored answer");

    let item = the_net_item(&server, &staff, "chest-pain", said);
    let id = item["id"].as_str().unwrap();
    assert_eq!(item["caller"], from);
    assert_eq!(field(&item, "channel").as_deref(), Some("sms"));

    // The page: in the outbox (urgent, to the primary, naming the item),
    // delivered through the gateway, and on the item's paging watch.
    let outbox = server.get(&format!("/v1/practices/{PRACTICE}/outbox"), &staff).json();
    let pages: Vec<&Value> = outbox.as_array().unwrap().iter().filter(|m| m["to"] == PRIMARY).collect();
    assert_eq!(pages.len(), 1, "{outbox}");
    assert_eq!(pages[0]["urgent"], true, "{outbox}");
    let body = pages[0]["body"].as_str().unwrap();
    assert!(body.contains(id), "the page names the item: {body}");
    assert!(!body.contains(from) && !body.contains("crushing"), "a page carries no number or symptom: {body}");
    wait_sent(&sent, PRIMARY, id);
    let watched = server.get(&format!("/v1/practices/{PRACTICE}/queue/{id}"), &staff).json();
    assert_eq!(watched["paging"]["pages"][0]["to"], "primary", "{watched}");

    let conversation = format!("sms:{from}");
    let event = the_net_event(&server, &conversation, id);
    assert!(event["detail"]["criteria"].as_array().unwrap().contains(&json!("chest-pain")), "{event}");
    assert_eq!(event["detail"]["instruction-added"], true, "{event}");
    assert_eq!(event["detail"]["item-added"], true, "{event}");
    assert_eq!(event["detail"]["paged"], true, "{event}");
    assert_eq!(event["detail"]["transferred"], false, "{event}");

    let record = last_turn_safety(&server, &staff, &conversation);
    assert_eq!(criteria_of(&record)[0], "chest-pain", "{record}");
    assert_eq!(record["level"], "emergency", "{record}");
    assert_eq!(record["queue-item"], id, "{record}");
    assert_eq!(record["instruction"].as_str(), Some(messages[0].as_str()), "{record}");
    assert_eq!(record["paged"], true, "{record}");
    assert_eq!(record["transferred"], false, "{record}");

    // The console's transcript on the item's page says what the net did.
    let cookie = console_sign_in(&server, &staff);
    let page = console_get(&server, &format!("/console/queue/{id}"), &cookie);
    assert!(page.contains("Safety net (emergency: chest-pain"), "the transcript names the net's finding: {page}");
    for did in ["put the emergency instruction first", "wrote a queue item", "paged the on-call"] {
        assert!(page.contains(did), "{did:?} on the transcript: {page}");
    }
}

#[test]
fn a_call_about_a_stroke_hears_9_1_1_first_and_is_transferred_to_the_on_call() {
    let (server, _gateway, staff) = net_practice();
    rota(&server, None);
    let from = "+15550170002";
    let start = voice(&server, "CAnet1", from, None);
    assert!(start.body.contains("<Gather"), "{}", start.body);

    let said = "my wife's face is drooping on one side and her speech is slurred";
    let reply = voice(&server, "CAnet1", from, Some(said));
    let xml = &reply.body;
    let says = elements(xml, "Say");
    assert!(!says.is_empty(), "{xml}");
    assert!(says[0].contains("9 1 1"), "the instruction, read digit by digit, first: {xml}");
    assert!(says[0].contains("stroke"), "the stroke wording: {xml}");
    let first_say = xml.find("<Say>").unwrap();
    let dial = xml.find("<Dial").unwrap_or_else(|| panic!("a warm transfer: {xml}"));
    assert!(first_say < dial, "the instruction before the transfer: {xml}");
    assert!(xml[dial..].contains(&format!(">{PRIMARY}</Dial>")), "dialled the on-call: {xml}");
    assert!(!xml.contains("<Gather"), "no question after the instruction: {xml}");

    let item = the_net_item(&server, &staff, "stroke", said);
    let id = item["id"].as_str().unwrap();
    assert!(xml[dial..].contains(&format!("on-call?item={id}")), "the transfer is about the net's item: {xml}");
    assert_eq!(field(&item, "channel").as_deref(), Some("voice"));

    let conversation = "call:CAnet1";
    let event = the_net_event(&server, conversation, id);
    assert_eq!(event["detail"]["transferred"], true, "{event}");
    assert_eq!(event["detail"]["instruction-added"], true, "{event}");
    let record = last_turn_safety(&server, &staff, conversation);
    assert_eq!(criteria_of(&record)[0], "stroke", "{record}");
    assert_eq!(record["queue-item"], id, "{record}");
    assert_eq!(record["transferred"], true, "{record}");
    assert!(record["instruction"].as_str().unwrap().contains("911"), "{record}");
    let conversation = server.get(&format!("/v1/practices/{PRACTICE}/conversations/{conversation}"), &staff).json();
    assert_eq!(conversation["finished"], true, "the transfer ends the call's conversation: {conversation}");
}

#[test]
fn a_caregiver_reporting_an_overdose_over_the_json_api_gets_911_and_naloxone_first() {
    let (server, gateway, staff) = net_practice();
    let said = "I gave my husband narcan, he took too much of his oxycodone";
    let reply = server.post_json(
        "/v1/turns",
        &gateway,
        &json!({ "practice": PRACTICE, "channel": "sms", "from": "+15550170003", "text": said, "turn_id": "od-1" }),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let answer = reply.json();
    assert_eq!(answer["fallback"], false, "{answer}");
    let actions = answer["actions"].as_array().unwrap();
    assert_eq!(actions[0]["type"], "reply", "{answer}");
    let first = actions[0]["body"].as_str().unwrap();
    assert!(first.contains("911"), "911 first: {first}");
    assert!(first.contains("naloxone") || first.contains("Narcan"), "naloxone first: {first}");
    assert_eq!(actions.last().unwrap()["body"], "ok 1", "{answer}");

    // A stat clinical item about an overdose, not a refill request.
    let item = the_net_item(&server, &staff, "overdose", said);
    let id = item["id"].as_str().unwrap();
    assert!(server.queue(PRACTICE, &staff).iter().all(|i| i["kind"] != "refill"), "no refill item");
    assert!(item["summary"].as_str().unwrap().contains("overdose"), "{item}");

    let conversation = answer["conversation_id"].as_str().unwrap();
    let event = the_net_event(&server, conversation, id);
    assert!(event["detail"]["criteria"].as_array().unwrap().contains(&json!("overdose")), "{event}");
    let record = last_turn_safety(&server, &staff, conversation);
    assert_eq!(criteria_of(&record)[0], "overdose", "{record}");
    assert_eq!(record["queue-item"], id, "{record}");
    assert_eq!(record["instruction"].as_str(), Some(first), "{record}");
    // No rota: nobody to page.
    assert_eq!(record["paged"], false, "{record}");
}

#[test]
fn a_spanish_crisis_text_gets_the_spanish_988_instruction_first() {
    let (server, _gateway, staff) = net_practice();
    let from = "+15550170004";
    let said = "ya no quiero vivir";
    let reply = sms(&server, from, "SMnet4", said);
    let messages = elements(&reply.body, "Message");
    assert!(messages[0].contains("988"), "988 first: {messages:?}");
    assert!(messages[0].contains("oprima 2"), "in Spanish: {messages:?}");
    assert_eq!(messages.last().unwrap(), "ok 1", "{messages:?}");

    let item = the_net_item(&server, &staff, "suicide", said);
    let id = item["id"].as_str().unwrap();
    assert_eq!(field(&item, "language").as_deref(), Some("es"), "{item}");
    let conversation = format!("sms:{from}");
    let event = the_net_event(&server, &conversation, id);
    assert_eq!(event["detail"]["instruction-added"], true, "{event}");
    let record = last_turn_safety(&server, &staff, &conversation);
    assert_eq!(criteria_of(&record)[0], "suicide", "{record}");
    assert!(record["instruction"].as_str().unwrap().contains("oprima 2"), "{record}");
}

#[test]
fn a_trapping_plugin_still_gives_the_instruction_before_the_fallback() {
    let (server, _gateway, staff) = net_practice();
    let from = "+15550170005";
    let said = "trap: my husband won't wake up after his pills";
    let reply = sms(&server, from, "SMnet5", said);
    let messages = elements(&reply.body, "Message");
    assert_eq!(messages.len(), 2, "{}", reply.body);
    assert!(messages[0].contains("911") && messages[0].contains("naloxone"), "the instruction first: {messages:?}");
    assert!(messages[1].contains("A staff member will call you back"), "then the fallback: {messages:?}");

    let item = the_net_item(&server, &staff, "overdose", said);
    let id = item["id"].as_str().unwrap();
    let queue = server.queue(PRACTICE, &staff);
    assert_eq!(queue.len(), 2, "the net's stat item beside the fallback's callback: {queue:?}");
    let fallback = queue.iter().find(|i| i["source"] == "host").expect("the fallback's item");
    assert_eq!(fallback["kind"], "callback");
    assert_eq!(fallback["priority"], "urgent");
    assert_eq!(field(fallback, "fault").as_deref(), Some("trap"));
    // Most urgent first: the stat item leads the queue.
    assert_eq!(queue[0]["id"], id, "{queue:?}");

    let conversation = format!("sms:{from}");
    let event = the_net_event(&server, &conversation, id);
    assert_eq!(event["detail"]["item-added"], true, "{event}");
    let turns = turns(&server, &staff, &conversation);
    let turn = turns.last().unwrap();
    assert_eq!(turn["fault"]["kind"], "trap", "{turn}");
    assert_eq!(turn["safety"]["queue-item"], id, "{turn}");
    assert_eq!(criteria_of(&turn["safety"])[0], "overdose", "{turn}");
}

#[test]
fn an_urgent_finding_gets_the_same_day_wording_and_an_urgent_item() {
    let (server, _gateway, staff) = net_practice();
    let from = "+15550170009";
    let said = "my pain pump is beeping";
    let reply = sms(&server, from, "SMnet9", said);
    let messages = elements(&reply.body, "Message");
    assert_eq!(messages.len(), 2, "{}", reply.body);
    assert!(messages[0].contains("a clinician will call you back as soon as possible today"), "{messages:?}");
    assert_eq!(messages[1], "ok 1");
    let items = net_items(&server, &staff);
    assert_eq!(items.len(), 1, "{items:?}");
    let item = &items[0];
    assert_eq!(item["priority"], "urgent", "urgent, not stat: {item}");
    assert_eq!(field(item, "criteria").as_deref(), Some("pump"), "{item}");
    assert_eq!(field(item, "level").as_deref(), Some("urgent"), "{item}");
    assert_eq!(field(item, "patient-said").as_deref(), Some(said), "{item}");
    let events = net_events(&server);
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["detail"]["level"], "urgent", "{events:?}");
    let record = last_turn_safety(&server, &staff, &format!("sms:{from}"));
    assert_eq!(record["level"], "urgent", "{record}");
    assert_eq!(record["queue-item"], item["id"], "{record}");
}

#[test]
fn figures_of_speech_raise_nothing_while_a_real_overdose_still_does() {
    let (server, _gateway, staff) = net_practice();
    let from = "+15550170006";
    for (i, said) in ["an overdose of coffee this morning haha", "this bill is killing me"].iter().enumerate() {
        let reply = sms(&server, from, &format!("SMfig{i}"), said);
        let messages = elements(&reply.body, "Message");
        assert_eq!(messages, [format!("ok {}", i + 1)], "{said:?}: only the plugin's answer");
    }
    assert!(net_items(&server, &staff).is_empty(), "no safety-net item for a figure of speech");
    assert!(net_events(&server).is_empty(), "no safety.net audit event for a figure of speech");
    let conversation = format!("sms:{from}");
    assert!(turns(&server, &staff, &conversation).iter().all(|t| t["safety"].is_null()), "no safety on the turns");

    // The control: the same practice and thread, a real overdose.
    let said = "he took an overdose of his oxycodone and is barely breathing";
    let reply = sms(&server, from, "SMfig-real", said);
    assert!(elements(&reply.body, "Message")[0].contains("911"), "{}", reply.body);
    let item = the_net_item(&server, &staff, "overdose", said);
    the_net_event(&server, &conversation, item["id"].as_str().unwrap());
}

#[test]
fn a_practice_raises_withdrawal_to_an_emergency_but_cannot_lower_chest_pain_or_drop_911() {
    let (server, _gateway, staff) = net_practice();
    let raise = json!({ "safety": { "criteria": { "withdrawal": { "level": "emergency" } } } });
    let reply = patch(&server, raise.clone());
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json()["safety"], raise["safety"], "{}", reply.body);

    let from = "+15550170007";
    let said = "ran out two days ago, shaking and vomiting";
    let reply = sms(&server, from, "SMnet7", said);
    let messages = elements(&reply.body, "Message");
    assert!(messages[0].contains("call 911"), "withdrawal is an emergency here: {messages:?}");
    assert_eq!(messages.last().unwrap(), "ok 1");
    let item = the_net_item(&server, &staff, "withdrawal", said);
    let record = last_turn_safety(&server, &staff, &format!("sms:{from}"));
    assert_eq!(record["level"], "emergency", "{record}");
    assert_eq!(record["queue-item"], item["id"], "{record}");

    // Lowering a level, or wording an emergency without 911, is refused
    // with the field named, and the practice's settings stay as they were.
    let lower = patch(&server, json!({ "safety": { "criteria": { "chest-pain": { "level": "urgent" } } } }));
    assert!((400..500).contains(&lower.status), "{} {}", lower.status, lower.body);
    assert!(lower.body.contains("chest-pain") && lower.body.contains("never lowered"), "{}", lower.body);
    let no_911 = patch(
        &server,
        json!({ "safety": { "criteria": { "chest-pain": { "wording": "Please sit down, rest and call us back." } } } }),
    );
    assert!((400..500).contains(&no_911.status), "{} {}", no_911.status, no_911.body);
    assert!(no_911.body.contains("chest-pain") && no_911.body.contains("911"), "{}", no_911.body);
    let practice = server.get(&format!("/v1/practices/{PRACTICE}"), ADMIN_TOKEN).json();
    assert_eq!(practice["safety"], raise["safety"], "unchanged by the refused changes: {practice}");

    // Chest pain is still an emergency with the default wording.
    let from = "+15550170017";
    let reply = sms(&server, from, "SMnet7b", "my chest hurts and feels tight");
    let messages = elements(&reply.body, "Message");
    assert!(messages[0].contains("Chest pain or pressure can be a heart attack: call 911 now."), "{messages:?}");
    let stat: Vec<Value> = net_items(&server, &staff).into_iter().filter(|i| i["priority"] == "stat").collect();
    assert_eq!(stat.len(), 2, "{stat:?}");
}

#[test]
fn the_net_adds_nothing_when_the_plugin_already_gave_the_instruction_and_a_stat_item() {
    // The demo practice's pain-management plugin handles an overdose itself.
    let server = Server::start();
    let said = "my husband took too many pills and won't wake up";
    let reply = server.sms("+15550170008", "SMnet8", said);
    assert_eq!(reply.status, 200, "{}", reply.body);
    // The net's instruction would be a message of its own, put first.
    let messages = elements(&reply.body, "Message");
    let instructions: Vec<&String> = messages.iter().filter(|m| m.contains("911")).collect();
    assert_eq!(instructions.len(), 1, "the instruction once: {messages:?}");
    assert!(instructions[0].to_lowercase().contains("naloxone"), "{messages:?}");
    assert!(!messages.iter().any(|m| m.starts_with("This may be an overdose")), "not the net's wording: {messages:?}");
    let queue = server.queue("demo", STAFF_TOKEN);
    assert_eq!(queue.len(), 1, "one item, the plugin's: {queue:?}");
    assert_eq!(queue[0]["priority"], "stat");
    assert_ne!(queue[0]["source"], "safety-net", "{queue:?}");
    // Nothing for the net to do, so nothing recorded as if it had acted.
    let audit = server.get("/v1/practices/demo/audit", ADMIN_TOKEN).json();
    assert!(audit.as_array().unwrap().iter().all(|e| e["action"] != "safety.net"), "{audit}");
    let conversation = server.get("/v1/practices/demo/conversations/sms:+15550170008", STAFF_TOKEN).json();
    assert!(conversation["turns"][0]["safety"].is_null(), "{conversation}");

    // The control: a practice whose plugin ignores the same message gets
    // the net's instruction and item (so the net was on for this text).
    let plugin = server.publish(switchboard_artifacts::HOSTILE_PLUGIN);
    let (_gateway, staff) = server.create_practice(PRACTICE, NUMBER, TWILIO, &plugin, "");
    let reply = sms(&server, "+15550170008", "SMnet8b", said);
    let messages = elements(&reply.body, "Message");
    assert!(messages[0].contains("911") && messages[0].contains("naloxone"), "{messages:?}");
    the_net_item(&server, &staff, "overdose", said);
}

/// Sign in to the console for the net practice; returns the session cookie.
fn console_sign_in(server: &Server, token: &str) -> String {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let response = agent
        .post(server.url("/console/sign-in"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send(form(&[("practice", PRACTICE), ("token", token)]))
        .expect("HTTP");
    assert_eq!(response.status().as_u16(), 303, "signed in");
    let cookie = response.headers().get("set-cookie").and_then(|v| v.to_str().ok()).expect("a session cookie");
    cookie.split(';').next().unwrap().strip_prefix("switchboard_console=").expect("the session cookie").to_string()
}

fn console_get(server: &Server, path: &str, cookie: &str) -> String {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let mut response =
        agent.get(server.url(path)).header("Cookie", &format!("switchboard_console={cookie}")).call().expect("HTTP");
    assert_eq!(response.status().as_u16(), 200, "{path}");
    response.body_mut().read_to_string().unwrap()
}

/// A call ended with "hang up and call 911", and the same number calling
/// again minutes later: the new call opens with the instruction again
/// (blind conversation set c), by voice and, for another number, by text
/// after the thread has ended; a number with no emergency hears none.
#[test]
fn a_call_back_after_an_emergency_opens_with_the_instruction_again() {
    let (server, _gateway, staff) = net_practice();
    let from = "+15550170009";
    voice(&server, "CArecall1", from, None);
    let said = "i've been having this pressure in my chest all morning it goes down my left arm";
    let first = voice(&server, "CArecall1", from, Some(said));
    assert!(elements(&first.body, "Say")[0].contains("9 1 1"), "{}", first.body);

    // A new call from the same number: its first words carry nothing.
    let again = voice(&server, "CArecall2", from, None);
    let says = elements(&again.body, "Say");
    assert!(
        says[0].starts_with("If you are calling about the emergency you told us about earlier")
            && says[0].contains("9 1 1"),
        "{}",
        again.body
    );
    let record = last_turn_safety(&server, &staff, "call:CArecall2");
    assert_eq!(record["detector"], "recent-emergency", "{record}");
    assert_eq!(criteria_of(&record), ["chest-pain"], "{record}");
    let recalled: Vec<Value> =
        net_events(&server).into_iter().filter(|e| e["detail"]["detector"] == "recent-emergency").collect();
    assert_eq!(recalled.len(), 1, "audited once: {recalled:?}");
    assert_eq!(recalled[0]["subject"], "call:CArecall2");
    // No second item for the same emergency.
    assert_eq!(net_items(&server, &staff).len(), 1);

    // Another number, never in an emergency: a plain greeting.
    let other = voice(&server, "CArecall3", "+15550170010", None);
    assert!(!other.body.contains("emergency you told us about"), "{}", other.body);
}
