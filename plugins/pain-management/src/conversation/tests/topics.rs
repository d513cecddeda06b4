//! New requests mid-flow (`conversation/topics.rs`), and state an earlier
//! plugin version wrote.

use super::*;

#[test]
fn state_that_does_not_read_back_starts_the_conversation_over_and_is_audited() {
    let mut c = Convo::sms().resuming(vec![0xff, 0xfe, 0x00, 0x13]);
    c.says("hi");
    assert!(c.reply().contains("How can I help?"), "{}", c.reply());
    assert!(
        c.host.actions.iter().any(|a| matches!(a, Action::Audit { event, .. } if event == "conversation.state-reset")),
        "{:?}",
        c.host.actions
    );
}

#[test]
fn an_authorization_question_mid_booking_waits_for_nothing_and_the_booking_comes_back() {
    let mut c = Convo::sms().from(MARIA_PHONE);
    c.says("can i book a follow up visit");
    c.expect(&["first and last name"]);
    c.says("actually is my ablation authorized yet?");
    c.expect(&["We'll come back to your appointment request after", "first and last name"]);
    c.says("Maria Gonzalez 3/14/1971");
    c.expect(&["authorization staff to contact you"]);
    c.says("no");
    c.expect(&["Now, back to your appointment request", "What day and time of day suit you best"]);
    assert!(!c.reply().contains("first and last name"), "asked the name twice: {}", c.reply());
}

#[test]
fn an_emergency_while_a_flow_waits_still_comes_first() {
    let mut c = Convo::sms().from(MARIA_PHONE);
    c.says("can i book a follow up visit");
    c.says("whats the status of my prior authorization");
    c.expect(&["We'll come back to your appointment request after"]);
    c.says("my husband took all his oxycodone and wont wake up");
    c.expect(&["911", "naloxone"]);
}

#[test]
fn a_refill_asked_for_mid_booking_is_taken_and_the_booking_comes_back() {
    let mut c = Convo::sms().from(MARIA_PHONE);
    c.says("can i book a follow up visit");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.expect(&["What day and time of day suit you best"]);
    c.says("oh and i also need a refill of my gabapentin");
    c.expect(&["We'll come back to your appointment request after", "Which pharmacy"]);
    c.says("cvs on main").says("yes");
    c.expect(&["received your refill request", "Now, back to your appointment request"]);
    assert!(c.items().iter().any(|i| i.kind == QueueKind::Refill), "{:?}", c.items());
}

#[test]
fn one_callback_promise_per_reply() {
    // Closed; opens tomorrow at 08:00 (NOW is 2023-11-14T22:13Z).
    let hours = crate::host::OfficeHours { open_now: false, next_open: Some(NOW + 10 * 3_600_000) };
    let mut c = Convo::sms();
    c.host.hours = Some(hours);
    c.says("can a nurse call me back about my meds making me dizzy");
    c.expect(&["call you back by"]).refuse(&["usually the same day"]);
    let mut c = Convo::sms();
    c.says("can someone call me");
    let reply = c.reply();
    assert_eq!(reply.matches("usually the same day").count(), 1, "{reply}");
}

#[test]
fn after_a_suicidal_crisis_pills_are_the_means_not_a_refill() {
    let mut c = Convo::sms();
    c.says("I'm done. The pain never stops and I've been thinking about taking all my pills at once");
    c.expect(&["988"]);
    c.says("I have about 40 oxycodone left");
    c.expect(&["988", "out of reach", "someone you trust"]).refuse(&["first and last name", "Which pharmacy"]);
    assert!(!c.items().iter().any(|i| i.kind == QueueKind::Refill), "{:?}", c.items());
    c.says("tengo el frasco aqui");
    c.expect(&["988", "fuera de su alcance"]);
}

#[test]
fn a_spoken_name_and_date_of_birth_together_are_both_taken() {
    let mut c = Convo::voice().from(MARIA_PHONE);
    c.silence();
    c.says("i need a refill on my oxy codone");
    c.expect(&["first and last name"]);
    c.says("maria gonzalez march fourteenth nineteen seventy one");
    c.expect(&["Which pharmacy"]);
    assert_eq!(super::super::extract::name("june carter march first", true).as_deref(), Some("june carter"));
    assert_eq!(super::super::extract::name("june carter", true).as_deref(), Some("june carter"));
}

#[test]
fn a_refill_and_an_appointment_in_one_message_are_both_served_the_refill_first() {
    let mut c = Convo::sms().from(MARIA_PHONE);
    c.says("I'm about out of the tizanidine so I need a refill of that, and also I need to reschedule my appointment on the 22nd");
    c.expect(&["first and last name"]);
    c.identify("Maria Gonzalez", "3/14/1971");
    c.expect(&["pharmacy"]);
    c.says("Kroger on Shelbyville Rd");
    c.says("yes").expect(&["We've received your refill request", "back to your appointment request"]);
    let items = c.items();
    assert_eq!(items[0].kind, QueueKind::Refill);
    assert_eq!(field(items[0], "medication-as-said"), Some("tizanidine"));
    // Nothing on this schedule to move: scheduling staff get what was asked.
    assert_eq!(items[1].kind, QueueKind::Scheduling);
    assert!(field(items[1], "request-said").is_some_and(|s| s.contains("reschedule my appointment on the 22nd")));
}
