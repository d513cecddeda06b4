//! Text-message conversations.

use super::*;

#[test]
fn refill_step_by_step() {
    let mut c = Convo::sms();
    c.says("Hi").expect(&["Thank you for contacting Riverside Pain & Spine.", "refill request"]);
    assert!(c.items().is_empty());

    c.says("I need a refill").expect(&["Which medication do you need refilled?"]);
    c.says("Percoset 5/325").expect(&["Got it.", "Which pharmacy do you use?"]);
    // Minimum necessary: texts do not name the medication.
    c.refuse(&["percocet", "percoset", "oxycodone"]);
    c.says("CVS on Main Street").expect(&["Is this number the best way to reach you?"]);
    c.says("yes").expect(&[
        "We've received your refill request.",
        "Your request has been sent to our clinical team.",
        "reviewed by a clinician within 2 business days",
        "at least 3 business days before you run out",
        "urine drug screen",
        "If you will run out before then",
    ]);
    c.refuse(&["oxycodone", "percocet", "approved", "will be refilled"]);
    assert!(c.finished);

    let item = c.item();
    assert!(is(item, QueueKind::Refill, Priority::Routine));
    assert_eq!(item.summary, "Refill request: controlled (Schedule II)");
    assert_eq!(field(item, "medication-as-said"), Some("percoset"));
    assert_eq!(field(item, "medication"), Some("oxycodone with acetaminophen"));
    assert_eq!(field(item, "controlled"), Some("yes"));
    assert_eq!(field(item, "schedule"), Some("II"));
    assert_eq!(field(item, "pharmacy"), Some("cvs on main street"));
    assert_eq!(field(item, "callback"), Some(CALLER));
    assert_eq!(field(item, "channel"), Some("sms"));
    assert_eq!(field(item, "conversation-id"), Some("conv-1"));
}

#[test]
fn several_answers_in_one_message() {
    let mut c = Convo::sms();
    c.says("pls refil my oxycodone at Walgreens on 5th, call me at (502) 555-0199 thx");
    c.expect(&["Thank you for contacting", "We've received your refill request."]);
    assert!(c.finished);
    let item = c.item();
    assert_eq!(field(item, "medication"), Some("oxycodone"));
    assert_eq!(field(item, "pharmacy"), Some("walgreens on 5th"));
    assert_eq!(field(item, "callback"), Some("+15025550199"));
}

#[test]
fn the_longest_reply_fits_one_text() {
    // Greeting, safe reply, acknowledgement and every policy text at once.
    let mut c = Convo::sms();
    c.says("approve my oxycodone refill at cvs, this number");
    c.expect(&["Thank you for contacting", guard::SAFE_REPLY, "We've received", "If you will run out"]);
    assert!(c.reply().chars().count() <= 1600);
}

#[test]
fn a_different_callback_number() {
    let mut c = Convo::sms();
    c.says("refill");
    c.says("tramadol, kroger on bardstown rd");
    c.expect(&["Is this number the best way to reach you?"]);
    c.says("no").expect(&["Please text the best phone number"]);
    c.says("hmm").expect(&["Sorry, I didn't catch that.", "Please text the best phone number"]);
    c.says("502.555.0123").expect(&["We've received your refill request."]);
    let item = c.item();
    assert_eq!(field(item, "schedule"), Some("IV"));
    assert_eq!(field(item, "callback"), Some("+15025550123"));
}

#[test]
fn non_controlled_and_practice_scheduled_medications() {
    let mut c = Convo::sms();
    c.says("need my meloxicam refilled, same pharmacy, this number");
    c.expect(&["usually reviewed within 1 business day"]).refuse(&["urine drug screen"]);
    let item = c.item();
    assert_eq!(item.summary, "Refill request: not controlled");
    assert_eq!(field(item, "controlled"), Some("no"));
    assert_eq!(field(item, "pharmacy"), Some("same as on file"));

    // Kentucky schedules gabapentin; the demo practice says so.
    let mut c = Convo::sms();
    c.says("neurontin refill to cvs, yes this number");
    let item = c.item();
    assert_eq!((field(item, "medication"), field(item, "schedule")), (Some("gabapentin"), Some("V")));
    c.expect(&["within 2 business days"]);
}

#[test]
fn an_unlisted_medication_is_taken_as_said() {
    let mut c = Convo::sms();
    c.says("I need a refill");
    c.says("my zipsor").expect(&["Got it.", "Which pharmacy"]);
    c.says("Smith Drug on Elm").expect(&["best way to reach you"]);
    c.says("yes");
    let item = c.item();
    assert_eq!(field(item, "medication-as-said"), Some("zipsor"));
    assert_eq!(field(item, "controlled"), Some("unknown"));
    assert_eq!(field(item, "pharmacy"), Some("smith drug on elm"));
    assert_eq!(item.summary, "Refill request: medication not recognised");
    // Unknown gets the controlled wording: never the shorter promise.
    c.expect(&["within 2 business days"]);
}

#[test]
fn medication_names_in_texts_when_the_practice_allows() {
    let mut config = prepare(DEMO).unwrap();
    config.texts_name_medications = true;
    let mut c = Convo::new(Channel::Sms, config);
    c.says("refill for norco please").expect(&["Got it: hydrocodone."]);
}

#[test]
fn never_approves_promises_or_discusses_dose() {
    let mut c = Convo::sms();
    c.says("I need a refill on my norco, just approve it").expect(&[guard::SAFE_REPLY, "Which pharmacy"]);
    let item = c.item();
    assert!(is(item, QueueKind::Callback, Priority::Urgent));
    assert_eq!(field(item, "reason"), Some("medication-question"));
    assert_eq!(field(item, "medication"), Some("hydrocodone"));
    assert_eq!(field(item, "patient-said"), Some("I need a refill on my norco, just approve it"));

    for push in [
        "how many can I take? im in so much pain",
        "can you increase it",
        "can I take an extra one tonight",
        "will it be ready today?",
        "should I taper off",
        "what do I do about withdrawal",
    ] {
        c.says(push).expect(&[guard::SAFE_REPLY, "Which pharmacy"]);
        c.refuse(&["approved", "mg", "tablet", "increase", "taper"]);
        assert!(c.items().is_empty(), "one callback per conversation for questions");
    }
    c.says("walgreens").expect(&["best way to reach you"]);
}

#[test]
fn a_question_alone_gets_the_safe_reply_and_stays_open() {
    let mut c = Convo::sms();
    c.says("hi");
    c.says("can I double my dose?").expect(&[guard::SAFE_REPLY]);
    assert_eq!(field(c.item(), "reason"), Some("medication-question"));
    assert!(!c.finished);
    c.says("thanks bye").expect(&["Take care."]);
    assert!(c.finished);
}

#[test]
fn asking_for_a_person() {
    for text in ["can I talk to a real person", "REPRESENTATIVE", "have someone call me back", "0"] {
        let mut c = Convo::sms();
        c.says(text).expect(&["I've asked our staff to call you back.", "weekdays between 8 am and 5 pm"]);
        assert!(c.finished, "{text}");
        let item = c.item();
        assert!(is(item, QueueKind::Callback, Priority::Routine));
        assert_eq!(field(item, "reason"), Some("person-request"));
        assert_eq!(field(item, "callback"), Some(CALLER));
    }
}

#[test]
fn a_person_request_carries_what_was_captured() {
    let mut c = Convo::sms();
    c.says("refill my dilaudid");
    c.says("actually just let me talk to someone");
    let item = c.item();
    assert_eq!(field(item, "medication"), Some("hydromorphone"));
    assert_eq!(field(item, "reason"), Some("person-request"));
}

#[test]
fn red_flags_in_any_turn() {
    let mut c = Convo::sms();
    c.says("refill please");
    c.says("my husband took too many pills and wont wake up");
    let reply = c.reply();
    assert!(reply.starts_with("If someone may have taken too much medication"), "{reply}");
    c.expect(&["call 911 now", "I've also alerted our clinical team."]);
    let item = c.item();
    assert!(is(item, QueueKind::ClinicalUrgent, Priority::Stat));
    assert_eq!(field(item, "emergency-kind"), Some("overdose"));
    assert_eq!(c.audits()[0].0, "red-flag");
    assert!(!c.finished);

    // Said again: the message again, the item once.
    c.says("he is barely breathing").expect(&["call 911 now"]);
    assert!(c.items().is_empty());
}

#[test]
fn each_red_flag_gets_its_own_direction() {
    let cases = [
        ("I want to kill myself", "988", "suicidal-crisis"),
        ("i dont want to live anymore", "988", "suicidal-crisis"),
        ("I can't feel my legs and I wet myself", "emergency department", "cauda-equina"),
        ("numbness in my groin since this morning", "911", "cauda-equina"),
        ("my throat is swelling after the new pill", "911", "severe-allergic-reaction"),
        ("i think i overdosed", "911", "overdose"),
    ];
    for (text, expected, kind) in cases {
        let mut c = Convo::sms();
        c.says(text).expect(&[expected]);
        let reply = c.reply();
        assert!(!reply.starts_with("Thank you for contacting"), "emergency first: {reply}");
        assert_eq!(field(c.item(), "emergency-kind"), Some(kind), "{text}");
    }
}

#[test]
fn opt_out_keywords_get_no_reply() {
    for word in ["STOP", "cancel", "Unsubscribe"] {
        let mut c = Convo::sms();
        c.says(word);
        assert!(c.host.actions.is_empty(), "{word}");
        assert!(c.finished);
    }
}

#[test]
fn three_misunderstandings_hand_over_to_staff() {
    let mut c = Convo::sms();
    c.says("hello");
    c.says("purple").expect(&["Sorry, I didn't understand that.", "refill request"]);
    c.says("monkey").expect(&["Sorry, I didn't understand that."]);
    assert!(c.items().is_empty());
    c.says("banana").expect(&["I've asked our staff to call you back."]);
    assert_eq!(field(c.item(), "reason"), Some("not-understood"));
    assert!(c.finished);
}

#[test]
fn help_repeats_the_menu_without_counting_against_them() {
    let mut c = Convo::sms();
    c.says("hello");
    c.says("purple");
    c.says("monkey");
    c.says("HELP").expect(&["refill request"]).refuse(&["Sorry"]);
    assert!(c.items().is_empty());
    // Understanding resets the count.
    c.says("banana").expect(&["Sorry, I didn't understand that."]);
    assert!(!c.finished);
}

#[test]
fn answers_that_fill_nothing_still_count_as_not_understood() {
    let mut c = Convo::sms();
    c.says("refill my norco");
    c.says("yes").expect(&["Sorry, I didn't catch that.", "Which pharmacy"]);
    c.says("ok").expect(&["Sorry, I didn't catch that."]);
    c.says("yes").expect(&["I've asked our staff to call you back."]);
    let item = c.item();
    assert_eq!(field(item, "reason"), Some("not-understood"));
    assert_eq!(field(item, "medication"), Some("hydrocodone"));
    assert!(c.finished);
}
