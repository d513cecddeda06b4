//! Red flags end to end: every default criterion on both channels, in office
//! hours and after hours, reaches the on-call through the real binary and
//! the real pain-management component — an item written before the reply,
//! a page by text (through the stand-in gateway) or a warm transfer — and
//! the missed-transfer fallback pages and tells the caller.

use jiff::civil::Weekday;

use crate::harness::*;
use crate::oncall::*;

/// (criterion, what the patient says, emergency?)
const FLAGS: [(&str, &str, bool); 8] = [
    ("overdose", "my husband took too many pills and wont wake up", true),
    ("suicidal-thoughts", "I dont want to live anymore", true),
    ("cauda-equina", "both my legs went numb and I can't control my bladder", true),
    ("severe-allergic-reaction", "my throat is swelling and I can't breathe after the injection", true),
    ("post-procedure-infection", "I had an epidural on Monday and now I have a fever of 101.5 and chills", false),
    ("post-epidural-headache", "Had my epidural 2 days ago, terrible headache when I sit up", false),
    ("pump-alarm", "my pain pump is alarming", false),
    // Bleeding that will not stop is an emergency (911) since the new criteria.
    ("uncontrolled-bleeding", "the injection site is bleeding and won't stop", true),
];

/// Words of the patient's message that must never reach a page.
const CLINICAL_WORDS: [&str; 10] =
    ["pills", "live", "bladder", "throat", "fever", "epidural", "headache", "pump", "bleeding", "norco"];

fn check_page(body: &str, item_id: &str) {
    assert!(body.contains(item_id), "the page names the queue item: {body}");
    let lower = body.to_lowercase();
    for word in CLINICAL_WORDS {
        assert!(!lower.contains(word), "minimum necessary: {word:?} in {body}");
    }
    assert!(!body.contains("+1555"), "no numbers in a page: {body}");
}

fn pages(sent: &Sent) -> Vec<String> {
    sent.lock().unwrap().iter().filter(|(to, _)| to == PRIMARY).map(|(_, body)| body.clone()).collect()
}

/// The pages to the primary that name `item_id`, once at least one arrived.
fn wait_page_for(sent: &Sent, item_id: &str) -> Vec<String> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let found: Vec<String> = pages(sent).into_iter().filter(|p| p.contains(item_id)).collect();
        if !found.is_empty() {
            return found;
        }
        assert!(std::time::Instant::now() < deadline, "no page for {item_id}: {:?}", pages(sent));
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Staff take the item, which stops its paging ladder.
fn acknowledge(server: &Server, item_id: &str) {
    let reply = server.post_json(
        &format!("/v1/practices/demo/queue/{item_id}/acknowledge"),
        STAFF_TOKEN,
        &serde_json::json!({}),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
}

/// One pass over every flag on both channels; `tag` keeps ids apart.
fn every_flag(server: &Server, sent: &Sent, tag: &str, round: usize) {
    for (n, (criterion, text, emergency)) in FLAGS.iter().enumerate() {
        // A text.
        let from = format!("+1555020{round}{n:03}");
        let reply = server.sms(&from, &format!("SM{tag}{n}"), text);
        assert_eq!(reply.status, 200);
        let said = spoken_or_texted(&reply.body);
        let items = items_for(server, criterion);
        assert_eq!(items.len(), 2 * round + 1, "{criterion} ({tag}, text): one new item: {items:?}");
        let item = &items[0];
        let id = item["id"].as_str().unwrap();
        if *emergency {
            assert!(said.contains("911"), "{criterion}: {said}");
            assert_eq!(item["priority"], "stat", "{item}");
        } else {
            assert!(said.contains("I've paged our on-call clinician"), "{criterion}: {said}");
            assert_eq!(item["priority"], "urgent", "{item}");
        }
        if *criterion == "suicidal-thoughts" {
            assert!(said.contains("988"), "{said}");
        }
        if *criterion == "overdose" {
            assert!(said.contains("naloxone"), "{said}");
        }
        let page = wait_page_for(sent, id);
        assert_eq!(page.len(), 1, "{page:?}");
        check_page(&page[0], id);
        acknowledge(server, id);

        // A call.
        let call = format!("CA{tag}{n}");
        let caller = format!("+1555030{round}{n:03}");
        let start = voice(server, &call, &caller, None);
        assert!(start.body.contains("<Gather"), "{}", start.body);
        let reply = voice(server, &call, &caller, Some(text));
        let items = items_for(server, criterion);
        assert_eq!(items.len(), 2 * round + 2, "{criterion} ({tag}, call): one new item");
        let id = items[0]["id"].as_str().unwrap().to_string();
        if *emergency {
            let said = spoken_or_texted(&reply.body);
            assert!(said.contains("911"), "{criterion}: {said}");
            assert!(reply.body.ends_with("<Hangup/></Response>"), "{}", reply.body);
            check_page(&wait_page_for(sent, &id)[0], &id);
        } else {
            let dial =
                format!(r#"action="{}/twilio/voice/on-call?item={id}" method="POST">{PRIMARY}</Dial>"#, server.base);
            assert!(reply.body.contains(&dial), "{criterion}: a warm transfer to the on-call: {}", reply.body);
            assert!(spoken_or_texted(&reply.body).contains("connecting you to our on-call clinician"));
            assert!(!pages(sent).iter().any(|p| p.contains(&id)), "a transfer, not a page");
        }
        acknowledge(server, &id);
    }
}

#[test]
fn every_red_flag_reaches_the_on_call_on_both_channels_in_and_after_hours() {
    let (server, sent) = demo_with_gateway(15);
    set_local(&server, Weekday::Tuesday, 10);
    every_flag(&server, &sent, "day", 0);
    // Tuesday night: quiet hours for outreach, but pages still go at once.
    set_local(&server, Weekday::Tuesday, 22);
    every_flag(&server, &sent, "night", 1);
    let outbox = staff_get(&server, "/v1/practices/demo/outbox");
    assert!(outbox.as_array().unwrap().iter().all(|m| m["urgent"] == true && m["status"] == "sent"), "{outbox}");
}

#[test]
fn mid_refill_red_flags_escalate_and_the_refill_goes_on_after_an_urgent_one() {
    let (server, sent) = demo_with_gateway(15);
    set_local(&server, Weekday::Wednesday, 23);
    let from = "+15550209901";
    server.sms(from, "SMmid1", "refill my norco");
    let reply = spoken_or_texted(&server.sms(from, "SMmid2", "my pump is beeping").body);
    assert!(reply.contains("I've paged our on-call clinician"), "{reply}");
    assert!(reply.contains("first and last name"), "the refill goes on: {reply}");
    let items = items_for(&server, "pump-alarm");
    assert_eq!(items.len(), 1);
    wait_page_for(&sent, items[0]["id"].as_str().unwrap());

    let from = "+15550209902";
    server.sms(from, "SMmid3", "I need a refill on my oxycodone");
    server.sms(from, "SMmid4", "Maria Gonzalez");
    let reply = spoken_or_texted(&server.sms(from, "SMmid5", "I took too many of my pills").body);
    assert!(reply.starts_with("If someone may have taken too much medication"), "{reply}");
    let items = items_for(&server, "overdose");
    assert_eq!(items.len(), 1);
    wait_page_for(&sent, items[0]["id"].as_str().unwrap());

    // On a call mid-refill, an urgent flag goes straight to the on-call.
    let call = "CAmid";
    voice(&server, call, "+15550309903", None);
    voice(&server, call, "+15550309903", Some("I need my norco refilled"));
    let reply =
        voice(&server, call, "+15550309903", Some("I had an epidural on Monday and now I have a fever and chills"));
    assert!(reply.body.contains(&format!(">{PRIMARY}</Dial>")), "{}", reply.body);
}

#[test]
fn after_hours_a_clinical_question_becomes_a_next_business_day_callback_with_a_time() {
    let (server, _sent) = demo_with_gateway(15);
    set_local(&server, Weekday::Friday, 19);
    let reply = spoken_or_texted(
        &server.sms("+15550209904", "SMah1", "my back pain is getting worse and I have a new rash").body,
    );
    assert!(reply.contains("call you back by noon on Monday"), "{reply}");
    let queue = staff_get(&server, "/v1/practices/demo/queue");
    let item = &queue[0];
    assert_eq!(item["kind"], "callback");
    let field =
        |name: &str| item["fields"].as_array().unwrap().iter().find(|f| f["name"] == name).map(|f| f["value"].clone());
    assert_eq!(field("callback-by"), Some("by noon on Monday".into()));
    assert_eq!(field("after-hours"), Some("yes".into()));

    // In office hours the same question gets no after-hours promise.
    set_local(&server, Weekday::Monday, 11);
    let reply = spoken_or_texted(
        &server.sms("+15550209905", "SMah2", "my back pain is getting worse and I have a new rash").body,
    );
    assert!(!reply.contains("closed"), "{reply}");
}

#[test]
fn a_missed_warm_transfer_pages_the_on_call_and_tells_the_caller() {
    let (server, sent) = demo_with_gateway(15);
    set_local(&server, Weekday::Thursday, 2);
    let call = "CAmissed";
    voice(&server, call, "+15550309906", None);
    let reply = voice(&server, call, "+15550309906", Some("my pain pump is alarming"));
    let item = items_for(&server, "pump-alarm").remove(0);
    let id = item["id"].as_str().unwrap();
    assert!(reply.body.contains(&format!("on-call?item={id}")), "{}", reply.body);
    assert!(pages(&sent).is_empty(), "a transfer, not a page, while the on-call may answer");

    let path = format!("/twilio/voice/on-call?item={id}");
    let params = [
        ("AccountSid", "AC00000000000000000000000000000000"),
        ("CallSid", call),
        ("From", "+15550309906"),
        ("To", DEMO_NUMBER),
        ("DialCallStatus", "no-answer"),
    ];
    let fallback = server.twilio(&path, TWILIO_TOKEN, &params);
    assert_eq!(fallback.status, 200, "{}", fallback.body);
    let said = spoken_or_texted(&fallback.body);
    assert!(said.contains("We have sent them an urgent page"), "{said}");
    assert!(fallback.body.ends_with("<Hangup/></Response>"));
    check_page(&wait_page_for(&sent, id)[0], id);
    // Twilio retries a callback it could not confirm: still one page.
    server.twilio(&path, TWILIO_TOKEN, &params);
    let watched = staff_get(&server, &format!("/v1/practices/demo/queue/{id}"));
    assert_eq!(watched["paging"]["pages"].as_array().unwrap().len(), 1, "{watched}");

    // A forged callback (bad signature) changes nothing.
    let forged = server.twilio_with_signature(&path, "bm90IGEgc2lnbmF0dXJl", &params);
    assert_eq!(forged.status, 403);

    // An answered transfer acknowledges the item: no paging.
    let call = "CAanswered";
    voice(&server, call, "+15550309907", None);
    voice(&server, call, "+15550309907", Some("I had an epidural on Monday and now I have a fever and chills"));
    let id = items_for(&server, "post-procedure-infection")[0]["id"].as_str().unwrap().to_string();
    let path = format!("/twilio/voice/on-call?item={id}");
    let answered = [
        ("AccountSid", "AC00000000000000000000000000000000"),
        ("CallSid", call),
        ("From", "+15550309907"),
        ("To", DEMO_NUMBER),
        ("DialCallStatus", "completed"),
    ];
    assert_eq!(server.twilio(&path, TWILIO_TOKEN, &answered).status, 200);
    let item = staff_get(&server, &format!("/v1/practices/demo/queue/{id}"));
    assert!(item["acknowledged"]["by"].as_str().unwrap().contains("on-call"), "{item}");
    assert!(item["paging"].is_null(), "{item}");
}

#[test]
fn a_json_gateway_reports_a_missed_transfer_and_the_on_call_is_paged() {
    let (server, sent) = demo_with_gateway(15);
    set_local(&server, Weekday::Sunday, 4);
    let turn = |text: Option<&str>| {
        let body = serde_json::json!({
            "practice": "demo", "channel": "voice", "from": "+15550309908",
            "conversation_id": "json-call-1", "text": text,
        });
        let reply = server.post_json("/v1/turns", GATEWAY_TOKEN, &body);
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.json()
    };
    turn(None);
    let answer = turn(Some("my pain pump is alarming"));
    let transfer = answer["actions"].as_array().unwrap().iter().find(|a| a["type"] == "transfer").cloned().unwrap();
    assert_eq!(transfer["number"], PRIMARY);
    let id = transfer["on_call_item"].as_str().unwrap().to_string();
    let outcome = serde_json::json!({ "practice": "demo", "item": id, "answered": false });
    let reply = server.post_json("/v1/turns/on-call", GATEWAY_TOKEN, &outcome);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.contains("We have sent them an urgent page"), "{}", reply.body);
    check_page(&wait_page_for(&sent, &id)[0], &id);
    // Staff tokens do not speak for gateways; unknown items are not found.
    assert_eq!(server.post_json("/v1/turns/on-call", STAFF_TOKEN, &outcome).status, 403);
    let unknown = serde_json::json!({ "practice": "demo", "item": "q0000000000099999", "answered": false });
    assert_eq!(server.post_json("/v1/turns/on-call", GATEWAY_TOKEN, &unknown).status, 404);
}

#[test]
fn red_flags_in_the_middle_of_a_booking_escalate_at_once() {
    let (server, sent) = demo_with_gateway(15);
    set_local(&server, Weekday::Thursday, 21);
    let from = "+15550209911";
    let first = spoken_or_texted(&server.sms(from, "SMbook1", "I'd like to book an appointment").body);
    assert!(first.contains("first and last name"), "the booking has started: {first}");
    let reply = spoken_or_texted(&server.sms(from, "SMbook2", "my pain pump is alarming").body);
    assert!(reply.contains("I've paged our on-call clinician"), "{reply}");
    let id = items_for(&server, "pump-alarm")[0]["id"].as_str().unwrap().to_string();
    check_page(&wait_page_for(&sent, &id)[0], &id);

    let from = "+15550209912";
    server.sms(from, "SMbook3", "can I schedule a follow up visit");
    let reply = spoken_or_texted(&server.sms(from, "SMbook4", "I dont want to live anymore").body);
    assert!(reply.starts_with("If you are thinking about suicide"), "{reply}");
    assert!(reply.contains("988"), "{reply}");
    assert_eq!(items_for(&server, "suicidal-thoughts").len(), 1);
}
