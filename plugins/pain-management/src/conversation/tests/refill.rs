//! A refill request is never lost: once a refill was asked for and a
//! medication named, a refill item reaches the queue whatever the patient
//! does next — thanks or goodbye, another topic, a person, silence, a
//! hang-up — marked `complete=no` with what is missing when the form did
//! not finish, and filed by the idle timer when no turn comes at all.

use switchboard_sdk::scheduling::TaskRequest;

use super::*;
use crate::conversation::refill::{IDLE_MS, IDLE_TASK, INCOMPLETE};
use crate::host::FakeSchedule;

const KEY: &str = "refill:conv-1:idle";
const CONTROLLED_TIMELINE: &str =
    "Refill requests for controlled medications are reviewed by a clinician within 2 business days.";

/// The idle timer this turn (re)scheduled.
fn idle_timer(c: &Convo) -> TaskRequest {
    let timers: Vec<&TaskRequest> = c.host.tasks().into_iter().filter(|t| t.kind == IDLE_TASK).collect();
    assert_eq!(timers.len(), 1, "one idle timer per turn: {:?}", c.host.actions);
    timers[0].clone()
}

fn cancelled_timer(c: &Convo) -> bool {
    c.host.actions.iter().any(|a| matches!(a, Action::CancelTask(k) if k == KEY))
}

/// Fire a timer as the host does, after the conversation went quiet.
fn fire(c: &mut Convo, timer: &TaskRequest) {
    c.host.clear();
    let config = c.config.clone();
    crate::conversation::on_task(&config, &timer.kind, &timer.payload, timer.due, &mut c.host).unwrap();
}

fn refill_items(c: &Convo) -> Vec<&QueueItem> {
    c.items().into_iter().filter(|i| i.kind == QueueKind::Refill).collect()
}

/// The measured bug: refill, identity, pharmacy, "thanks" ended with
/// "Take care." and nothing on any queue.
#[test]
fn thanks_before_the_callback_question_files_the_request_as_incomplete() {
    let mut c = Convo::sms().from(MARIA_PHONE);
    c.says("I need a refill of my oxycodone").expect(&["first and last name"]);
    // The medication is named: the request now waits on a durable timer.
    let timer = idle_timer(&c);
    assert_eq!(timer.key.as_deref(), Some(KEY));
    assert_eq!(timer.due, NOW + IDLE_MS);
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("CVS on Main Street").expect(&["best way to reach you"]);
    assert!(c.items().is_empty());
    idle_timer(&c);

    c.says("thanks");
    c.expect(&[INCOMPLETE, CONTROLLED_TIMELINE, "If you will run out before then", "Take care."]);
    c.refuse(&["approved", "denied", "will be refilled", "sent to your pharmacy", "oxycodone", "guarantee"]);
    assert!(c.finished);
    let item = c.item();
    assert!(is(item, QueueKind::Refill, Priority::Routine));
    assert_eq!(item.summary, "Refill request: controlled (Schedule II) (incomplete: no callback number)");
    assert_eq!(field(item, "complete"), Some("no"));
    assert_eq!(field(item, "missing"), Some("callback"));
    assert_eq!(field(item, "ended-by"), Some("goodbye"));
    assert_eq!(field(item, "patient-id"), Some("demo-p001"));
    assert_eq!(field(item, "medication"), Some("oxycodone"));
    assert_eq!(field(item, "schedule"), Some("II"));
    assert_eq!(field(item, "pharmacy"), Some("cvs on main street"));
    // The number they texted from, for staff to try (not confirmed).
    assert_eq!(field(item, "callback"), Some(MARIA_PHONE));
    assert_eq!(field(item, "conversation-id"), Some("conv-1"));
    // Filed: the timer is cancelled, none is set again.
    assert!(cancelled_timer(&c));
    assert!(c.host.tasks().is_empty());
    assert!(c.audits().iter().any(|(e, f)| e == "refill.filed-incomplete" && f[0].1 == "goodbye"));
}

#[test]
fn goodbye_on_a_call_files_it_names_the_medication_and_hangs_up() {
    let mut c = Convo::voice();
    c.silence();
    c.says("I need a refill on my norco");
    c.identify("James Whitfield", "November second nineteen fifty eight");
    c.expect(&["Which pharmacy do you use?"]);
    c.says("that's all, goodbye");
    c.expect(&[
        "I've passed your refill request for hydrocodone to our clinical team",
        CONTROLLED_TIMELINE,
        "Thank you for calling. Goodbye.",
    ]);
    assert!(matches!(c.host.actions.last(), Some(Action::HangUp)));
    let item = c.item();
    assert_eq!(field(item, "missing"), Some("pharmacy, callback"));
    assert_eq!(item.summary, "Refill request: controlled (Schedule II) (incomplete: no pharmacy and callback number)");
    assert_eq!(field(item, "patient-id"), Some("demo-p002"));
    assert_eq!(field(item, "channel"), Some("voice"));
}

#[test]
fn never_mind_and_an_answer_with_bye_file_what_was_given() {
    let mut c = Convo::sms();
    c.says("refill my gabapentin please");
    c.says("never mind").expect(&[INCOMPLETE, "Take care."]);
    let item = c.item();
    assert_eq!(field(item, "missing"), Some("name, date-of-birth, pharmacy, callback"));
    assert_eq!(field(item, "patient-id"), None, "nobody was named");
    assert_eq!(field(item, "medication"), Some("gabapentin"));
    // Not controlled for this practice? The demo practice schedules it (V).
    assert_eq!(field(item, "controlled"), Some("yes"));

    // An answer and a goodbye: the answer is kept, and the patient is gone.
    let mut c = Convo::sms();
    c.says("I need my meloxicam refilled");
    c.identify("Linh Nguyen", "12/5/1990");
    c.says("Walgreens on 5th, bye").expect(&[INCOMPLETE, "usually reviewed within 1 business day", "Take care."]);
    c.refuse(&["urine drug screen", "best way to reach you"]);
    let item = c.item();
    assert_eq!(field(item, "pharmacy"), Some("walgreens on 5th"));
    assert_eq!(field(item, "missing"), Some("callback"));
    assert_eq!(item.summary, "Refill request: not controlled (incomplete: no callback number)");
}

#[test]
fn a_refill_without_a_medication_named_files_nothing_and_sets_no_timer() {
    let mut c = Convo::sms();
    c.says("I need a refill");
    assert!(c.host.tasks().is_empty());
    c.identify("Maria Gonzalez", "3/14/1971");
    assert!(c.host.tasks().is_empty());
    c.says("thanks").expect(&["Take care."]);
    assert!(c.items().is_empty());
}

#[test]
fn a_finished_request_is_complete_and_cancels_its_timer() {
    let mut c = Convo::sms().from(MARIA_PHONE);
    c.says("I need a refil of my percocet pls");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("CVS on Main street");
    c.says("yes").expect(&["We've received your refill request."]);
    let item = c.item();
    assert_eq!(item.summary, "Refill request: controlled (Schedule II)");
    assert_eq!(field(item, "complete"), Some("yes"));
    assert_eq!(field(item, "missing"), None);
    assert!(cancelled_timer(&c));

    // All of it in one message: no timer was ever set, none is cancelled.
    let mut c = Convo::sms();
    c.says("this is Maria Gonzalez born 3/14/1971, refill my oxycodone at CVS on Main, this number is fine");
    assert_eq!(field(c.item(), "complete"), Some("yes"));
    assert!(!c.host.actions.iter().any(|a| matches!(a, Action::ScheduleTask(_) | Action::CancelTask(_))));
}

#[test]
fn a_booking_mid_refill_files_the_refill_then_books_without_asking_again_who_they_are() {
    let mut c = Convo::sms().from(MARIA_PHONE);
    c.host.schedule = FakeSchedule::weekdays(NOW, 28, &["follow-up"]);
    c.says("I need a refill of my oxycodone");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.expect(&["Which pharmacy do you use?"]);
    c.says("actually can I book a follow-up visit instead");
    c.expect(&[INCOMPLETE, CONTROLLED_TIMELINE, "What day and time of day suit you best"]);
    c.refuse(&["first and last name", "date of birth"]);
    assert!(!c.finished);
    let item = c.item();
    assert!(is(item, QueueKind::Refill, Priority::Routine));
    assert_eq!(field(item, "ended-by"), Some("new-topic"));
    assert_eq!(field(item, "missing"), Some("pharmacy, callback"));
    assert!(cancelled_timer(&c));
    // The booking goes on as usual, and no second refill item comes.
    c.says("first available").expect(&["I have these openings: 1)"]);
    c.says("1").expect(&["To confirm"]);
    c.says("yes").expect(&["Your follow-up visit is booked for"]);
    assert!(refill_items(&c).is_empty());
}

#[test]
fn a_booking_mid_refill_before_identification_asks_who_they_are_once() {
    let mut c = Convo::sms().from(MARIA_PHONE);
    c.host.schedule = FakeSchedule::weekdays(NOW, 28, &["follow-up"]);
    c.says("refill my oxycodone");
    c.says("can i make an appointment for a follow up visit");
    c.expect(&[INCOMPLETE, "first and last name"]);
    assert_eq!(field(c.item(), "missing"), Some("name, date-of-birth, pharmacy, callback"));
    c.identify("Maria Gonzalez", "3/14/1971");
    c.expect(&["What day and time of day suit you best"]);
    assert!(c.items().is_empty());
}

#[test]
fn a_prior_authorization_question_mid_refill_files_the_refill_and_keeps_the_identity() {
    let mut c = Convo::sms().from(MARIA_PHONE);
    c.says("I need a refill of my oxycodone");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("wait, what's the status of my prior authorization for the nerve ablation?");
    c.expect(&[INCOMPLETE, "Our authorization staff send your insurance company the request"]);
    c.refuse(&["first and last name", "pharmacy do you use"]);
    let items = c.items();
    assert_eq!(field(items[0], "ended-by"), Some("new-topic"));
    assert_eq!(items[0].kind, QueueKind::Refill);
}

#[test]
fn asking_for_a_person_mid_refill_files_it_before_the_transfer() {
    let mut c = Convo::voice();
    c.silence();
    c.says("I need a refill of my tramadol");
    c.says("representative please");
    c.expect(&["I've passed your refill request for tramadol to our clinical team"]);
    assert!(matches!(c.host.actions.last(), Some(Action::Transfer { .. })));
    let refill = refill_items(&c);
    assert_eq!(refill.len(), 1);
    assert_eq!(field(refill[0], "ended-by"), Some("person-request"));
    assert!(c.items().iter().any(|i| field(i, "reason") == Some("person-request")));
}

#[test]
fn a_quiet_text_thread_is_filed_by_the_idle_timer_and_the_patient_is_texted() {
    let mut c = Convo::sms().from(MARIA_PHONE);
    c.says("I need a refill of my oxycodone");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("CVS on Main Street");
    let timer = idle_timer(&c);
    assert_eq!(timer.key.as_deref(), Some(KEY));
    // ... and then nothing: the timer fires.
    fire(&mut c, &timer);
    let item = c.item();
    assert!(is(item, QueueKind::Refill, Priority::Routine));
    assert_eq!(item.summary, "Refill request: controlled (Schedule II) (incomplete: no callback number)");
    assert_eq!(field(item, "complete"), Some("no"));
    assert_eq!(field(item, "missing"), Some("callback"));
    assert_eq!(field(item, "ended-by"), Some("no-reply"));
    assert_eq!(field(item, "patient-id"), Some("demo-p001"));
    assert_eq!(field(item, "pharmacy"), Some("cvs on main street"));
    assert_eq!(field(item, "callback"), Some(MARIA_PHONE));
    assert_eq!(field(item, "conversation-id"), Some("conv-1"));
    let sent = c.host.sent();
    assert_eq!(sent.len(), 1);
    let (to, body) = sent[0];
    assert_eq!(to, MARIA_PHONE);
    assert!(
        body.starts_with("Riverside Pain & Spine: we've passed your refill request to our clinical team"),
        "{body}"
    );
    assert!(body.contains(CONTROLLED_TIMELINE), "{body}");
    assert!(!body.to_lowercase().contains("oxycodone"), "minimum necessary: {body}");
    assert_eq!(guard::check(body).blocked, None);
    assert!(c.audits().iter().any(|(e, _)| e == "refill.filed-incomplete"));

    // A practice whose texts may name medications.
    let mut config = c.config.clone();
    config.texts_name_medications = true;
    c.host.clear();
    crate::conversation::on_task(&config, &timer.kind, &timer.payload, timer.due, &mut c.host).unwrap();
    assert!(c.host.sent()[0].1.contains("your refill request for oxycodone"));

    // Without outbound texts the item is still filed.
    c.host.fail.push("send_text");
    fire(&mut c, &timer);
    assert_eq!(refill_items(&c).len(), 1);
    assert!(c.audits().iter().any(|(e, _)| e == "refill.idle-not-texted"));
}

#[test]
fn every_turn_rearms_the_timer_with_what_was_captured_so_far() {
    let mut c = Convo::sms();
    c.says("refill my oxycodone");
    let first = idle_timer(&c);
    c.at += 5 * 60_000;
    c.says("Maria Gonzalez");
    let second = idle_timer(&c);
    assert_eq!(second.due, c.at + IDLE_MS, "the deadline moves with each turn");
    assert_eq!(second.key, first.key, "the same key: the host replaces the timer");
    fire(&mut c, &first);
    assert_eq!(field(c.item(), "name-given"), None);
    fire(&mut c, &second);
    assert_eq!(field(c.item(), "name-given"), Some("Maria Gonzalez"));
    assert_eq!(field(c.item(), "missing"), Some("date-of-birth, pharmacy, callback"));
}

#[test]
fn a_caller_who_hangs_up_mid_refill_is_filed_by_the_timer_without_a_text() {
    let mut c = Convo::voice().from(MARIA_PHONE);
    c.silence();
    c.says("I need a refill of my oxycodone");
    c.identify("Maria Gonzalez", "March fourteenth nineteen seventy one");
    c.expect(&["Which pharmacy do you use?"]);
    // The caller hangs up: the host sends the plugin no turn for that.
    let timer = idle_timer(&c);
    fire(&mut c, &timer);
    let item = c.item();
    assert_eq!(field(item, "ended-by"), Some("call-ended"));
    assert_eq!(field(item, "missing"), Some("pharmacy, callback"));
    assert_eq!(field(item, "channel"), Some("voice"));
    assert_eq!(field(item, "patient-id"), Some("demo-p001"));
    assert!(c.host.sent().is_empty(), "a caller is not texted");
}

#[test]
fn silence_on_a_call_ends_it_with_the_refill_filed_and_a_callback() {
    let mut c = Convo::voice();
    c.silence();
    c.says("refill my oxycodone please");
    c.silence().expect(&["Sorry, I didn't hear anything."]);
    c.silence();
    c.silence().expect(&["I've asked our staff to call you back.", "Goodbye."]);
    assert!(c.finished);
    let refill = refill_items(&c);
    assert_eq!(refill.len(), 1);
    assert_eq!(field(refill[0], "ended-by"), Some("handed-to-staff"));
    assert_eq!(field(refill[0], "complete"), Some("no"));
    assert!(c.items().iter().any(|i| field(i, "reason") == Some("no-input")));
    assert!(cancelled_timer(&c));
}

#[test]
fn an_emergency_that_ends_a_call_mid_refill_still_files_the_refill_after_911() {
    let mut c = Convo::voice();
    c.silence();
    c.says("I need a refill of my oxycodone");
    c.says("my husband took too many of my pills and he wont wake up");
    c.expect(&["911"]).refuse(&[INCOMPLETE, "reviewed by a clinician"]);
    assert!(c.finished);
    assert_eq!(c.emergencies().len(), 1);
    let refill = refill_items(&c);
    assert_eq!(refill.len(), 1);
    assert_eq!(field(refill[0], "ended-by"), Some("red-flag"));

    // By text the refill goes on after the emergency reply, timer and all.
    let mut c = Convo::sms();
    c.says("I need a refill of my oxycodone");
    c.says("my husband took too many of my pills and he wont wake up").expect(&["911"]);
    assert!(refill_items(&c).is_empty());
    idle_timer(&c);
}

#[test]
fn a_turn_after_the_timer_was_due_marks_what_it_files_as_a_possible_repeat() {
    let mut c = Convo::sms().from(MARIA_PHONE);
    c.says("I need a refill of my oxycodone");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("CVS on Main Street");
    // An hour later (the timer filed it meanwhile) the patient answers.
    c.at += 60 * 60_000;
    c.says("yes").expect(&["We've received your refill request."]);
    let item = c.item();
    assert_eq!(field(item, "complete"), Some("yes"));
    assert_eq!(field(item, "possible-duplicate"), Some("yes"));
    assert!(item.summary.ends_with("(may repeat an earlier incomplete request)"));
    // The timer already fired: nothing to cancel.
    assert!(!cancelled_timer(&c));
}

#[test]
fn a_timer_payload_this_version_cannot_read_still_files_an_item() {
    let mut c = Convo::sms();
    let timer = TaskRequest { kind: IDLE_TASK.into(), due: NOW, payload: vec![0xff, 0xff], key: Some(KEY.into()) };
    fire(&mut c, &timer);
    let item = c.item();
    assert!(is(item, QueueKind::Refill, Priority::Routine));
    assert_eq!(field(item, "complete"), Some("no"));
    assert!(c.host.sent().is_empty());
    // A failed enqueue is the plugin's error (the host then queues a callback).
    c.host.fail.push("enqueue");
    c.host.clear();
    let config = c.config.clone();
    assert!(crate::conversation::on_task(&config, &timer.kind, &timer.payload, timer.due, &mut c.host).is_err());
}

#[test]
fn without_timers_the_turn_still_files_on_goodbye_and_says_why_the_timer_is_missing() {
    let mut c = Convo::sms();
    c.host.fail.push("schedule_task");
    c.says("refill my oxycodone");
    assert!(c.audits().iter().any(|(e, _)| e == "refill.idle-timer-not-set"));
    c.says("bye").expect(&[INCOMPLETE]);
    assert_eq!(refill_items(&c).len(), 1);
    assert!(!cancelled_timer(&c), "no timer was set");
}

#[test]
fn a_warm_transfer_to_the_on_call_leaves_the_refill_to_the_armed_timer() {
    let mut c = Convo::voice();
    c.silence();
    c.says("refill my norco");
    let armed = idle_timer(&c);
    c.says("my pump is beeping").expect(&["pump alarm"]);
    assert!(matches!(c.host.actions.last(), Some(Action::TransferOnCall { .. })));
    // The urgent item is this turn's only record, and the timer stays.
    assert_eq!(c.item().kind, QueueKind::ClinicalUrgent);
    assert!(!cancelled_timer(&c) && c.host.tasks().is_empty());
    fire(&mut c, &armed);
    let item = c.item();
    assert!(is(item, QueueKind::Refill, Priority::Routine));
    assert_eq!(field(item, "medication"), Some("hydrocodone"));
    assert_eq!(field(item, "ended-by"), Some("call-ended"));
}
