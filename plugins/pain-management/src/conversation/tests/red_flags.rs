//! Red flags in any turn: 911 (988) first, reported once; urgent problems
//! get the on-call wording and an urgent item.

use super::*;

#[test]
fn red_flags_in_any_turn() {
    let mut c = Convo::sms();
    c.says("refill please");
    c.says("Maria Gonzalez");
    c.says("my husband took too many pills and wont wake up");
    let reply = c.reply();
    assert!(reply.starts_with("If someone may have taken too much medication"), "{reply}");
    c.expect(&["call 911 now", "I've also alerted our clinical team."]);
    let reports = c.emergencies();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].0, EmergencyKind::Overdose);
    let said = reports[0].1.iter().find(|(k, _)| k == "patient-said").map(|(_, v)| v.as_str());
    assert_eq!(said, Some("my husband took too many pills and wont wake up"));
    assert!(c.items().is_empty(), "the host makes the stat item from the report");
    assert_eq!(c.audits()[0].0, "red-flag");
    assert!(!c.finished);

    // Said again: the message again, the report once.
    c.says("he is barely breathing").expect(&["call 911 now"]);
    assert!(c.emergencies().is_empty());
}

#[test]
fn each_red_flag_gets_its_own_direction() {
    let cases = [
        ("I want to kill myself", "988", EmergencyKind::SuicidalCrisis),
        ("i dont want to live anymore", "988", EmergencyKind::SuicidalCrisis),
        ("I can't feel my legs and I wet myself", "emergency department", EmergencyKind::CaudaEquina),
        ("numbness in my groin since this morning", "911", EmergencyKind::CaudaEquina),
        ("my throat is swelling after the new pill", "911", EmergencyKind::SevereAllergicReaction),
        ("i think i overdosed", "911", EmergencyKind::Overdose),
    ];
    for (text, expected, kind) in cases {
        let mut c = Convo::sms();
        c.says(text).expect(&[expected]);
        let reply = c.reply();
        assert!(!reply.starts_with("Thank you for contacting"), "emergency first: {reply}");
        assert_eq!(c.emergencies()[0].0, kind, "{text}");
    }
}

#[test]
fn emergency_on_a_call_hangs_up_after_directing_to_help() {
    let mut c = Convo::voice();
    c.silence();
    c.says("i have been thinking about suicide");
    c.expect(&["call or text 988", "Please hang up and call or text 988 now"]);
    assert!(matches!(c.host.actions.last(), Some(Action::HangUp)));
    assert_eq!(c.emergencies()[0].0, EmergencyKind::SuicidalCrisis);

    let mut c = Convo::voice();
    c.silence();
    c.says("he's not breathing he took all his oxy");
    c.expect(&["Please hang up and call 911 now."]);
}

#[test]
fn a_refused_report_becomes_a_stat_item_and_a_refused_item_is_not_claimed() {
    let mut c = Convo::sms();
    c.host.fail.push("report_emergency");
    c.says("i overdosed on my oxycodone").expect(&["911", "I've also alerted our clinical team."]);
    assert!(is(c.item(), QueueKind::ClinicalUrgent, Priority::Stat));

    let mut c = Convo::sms();
    c.host.fail.extend(["report_emergency", "enqueue"]);
    c.says("i overdosed on my oxycodone").expect(&["911"]).refuse(&["alerted"]);
    assert_eq!(c.audits().last().unwrap().0, "emergency-not-recorded");
}

#[test]
fn urgent_problems_page_the_on_call_about_an_urgent_item() {
    for (text, label, criterion) in [
        (
            "I had an epidural on Monday and now I have a fever of 101.5 and chills",
            "urgent-post-procedure",
            "post-procedure-infection",
        ),
        (
            "Had my epidural 2 days ago, terrible headache when I sit up",
            "urgent-post-procedure",
            "post-epidural-headache",
        ),
        ("my pain pump is alarming", "urgent-pump", "pump-alarm"),
    ] {
        let mut c = Convo::sms();
        c.says(text).expect(&["call 911", "I've paged our on-call clinician"]);
        let item = c.item();
        assert!(is(item, QueueKind::ClinicalUrgent, Priority::Urgent), "{text}");
        assert_eq!(field(item, "urgent-label"), Some(label));
        assert_eq!(field(item, "criterion"), Some(criterion));
        let pages: Vec<&Action> = c.host.actions.iter().filter(|a| matches!(a, Action::Page { .. })).collect();
        assert_eq!(pages.len(), 1, "{text}");
        let Action::Page { summary, item_id } = pages[0] else { unreachable!() };
        assert_eq!(item_id, "item-1");
        assert!(!summary.contains("pump") && !summary.contains("epidural") && !summary.contains("fever"), "{summary}");
        assert!(!c.finished);
    }
}

#[test]
fn urgent_mid_refill_on_a_text_pages_and_keeps_the_refill_going() {
    let mut c = Convo::sms();
    c.says("refill my norco");
    c.says("my pump is beeping").expect(&["I've paged our on-call clinician", "first and last name"]);
    assert_eq!(c.item().kind, QueueKind::ClinicalUrgent);
    assert!(!c.finished);
}

#[test]
fn urgent_mid_refill_on_a_call_goes_to_the_on_call() {
    let mut c = Convo::voice();
    c.silence();
    c.says("refill my norco");
    c.says("my pump is beeping").expect(&["pump alarm"]).refuse(&["first and last name"]);
    assert_eq!(c.item().kind, QueueKind::ClinicalUrgent);
    // The transfer is about the urgent item (ids count every host record,
    // the refill's idle timer too).
    assert!(
        matches!(c.host.actions.last(), Some(Action::TransferOnCall { item_id, .. }) if item_id.starts_with("item-"))
    );
    assert!(c.finished);
}

#[test]
fn without_an_on_call_the_patient_is_not_told_it_was_paged() {
    let mut c = Convo::sms();
    c.host.fail.push("page_on_call");
    c.says("my pain pump is alarming").expect(&["marked this as urgent"]).refuse(&["paged"]);
    assert_eq!(c.item().priority, Priority::Urgent);
    let mut c = Convo::voice();
    c.host.fail.push("transfer_to_on_call");
    c.silence();
    c.says("my pain pump is alarming").expect(&["marked this as urgent", "hang up and call 911"]);
    assert!(matches!(c.host.actions.last(), Some(Action::HangUp)));
}

#[test]
fn emergencies_page_the_on_call_too() {
    let mut c = Convo::sms();
    c.says("I took too many of my pills and I feel like I can't breathe").expect(&["911"]);
    assert!(c.host.actions.iter().any(|a| matches!(a, Action::Page { .. })));
}

#[test]
fn a_practice_can_raise_a_criterion_to_an_emergency() {
    let toml = format!(
        "{DEMO}\n[escalation.criteria.pump-alarm]\nlevel = \"emergency\"\nmessage = \"A pump alarm is an emergency. Call 911 now.\"\n"
    );
    let config = crate::config::prepare(&toml).unwrap();
    let mut c = Convo::new(Channel::Sms, config);
    c.says("my pain pump is alarming").expect(&["A pump alarm is an emergency. Call 911 now."]);
    assert_eq!(c.emergencies().len(), 1);
}

#[test]
fn after_hours_a_symptom_callback_comes_with_a_time() {
    let mut c = Convo::sms();
    // Closed; opens Monday 08:00 in a UTC practice (2026-11-30T08:00Z).
    c.host.hours = Some(crate::host::OfficeHours { open_now: false, next_open: Some(1_796_025_600_000) });
    c.says("my back pain is getting worse and I have a new rash")
        .expect(&["Our office is closed right now, so someone from our team will call you back by noon"]);
    let item = c.item();
    assert_eq!(field(item, "reason"), Some("symptom"));
    assert_eq!(field(item, "after-hours"), Some("yes"));
    assert!(field(item, "callback-by").is_some_and(|by| by.starts_with("by noon")));
}

#[test]
fn after_an_emergency_the_direction_is_repeated_not_the_menu() {
    let mut c = Convo::sms();
    c.says("I dont want to live anymore").expect(&["988"]);
    c.says("ok").expect(&["Please call or text 988 now"]).refuse(&["didn't understand", "refill"]);
    let mut c = Convo::sms();
    c.says("my son took some of my pills and is hard to wake").expect(&["911"]);
    c.says("what").expect(&["Please call 911 now."]);
    c.says("ok thanks").expect(&["Take care."]);
}

#[test]
fn a_bare_no_to_a_question_is_a_failed_try_not_a_goodbye() {
    let mut c = Convo::voice();
    c.silence();
    c.says("i need my norco");
    c.says("no").expect(&["Sorry, I didn't catch that."]);
    assert!(!c.finished);
    c.says("never mind").expect(&["Goodbye."]);
    assert!(c.finished);
}

#[test]
fn other_symptoms_reach_a_clinician_unless_they_are_over() {
    let mut c = Convo::sms();
    c.says("my back pain is getting worse and I have a new rash")
        .expect(&["a clinician will call you back", "call 911"]);
    let item = c.item();
    assert!(is(item, QueueKind::Callback, Priority::Urgent));
    assert_eq!(field(item, "reason"), Some("symptom"));
    let mut c = Convo::sms();
    c.says("had some tingling in my right foot but it went away").expect(&["How can I help?"]);
    assert!(c.items().is_empty());
}

#[test]
fn a_crisis_beats_an_opt_out_in_the_same_message() {
    for text in
        ["stop texting me, I'm going to kill myself", "STOP. i want to die", "unsubscribe me i have a plan to end it"]
    {
        let mut c = Convo::sms();
        c.says(text).expect(&["988"]);
        assert_eq!(c.emergencies()[0].0, EmergencyKind::SuicidalCrisis, "{text}");
        assert!(!c.finished, "{text}: the conversation stays open after a crisis");
    }
    // Without a crisis the opt-out is confirmed and nothing else is said.
    let mut c = Convo::sms();
    c.says("cancel my appt and stop texting me");
    assert!(c.emergencies().is_empty());
    assert!(c.finished);
}
