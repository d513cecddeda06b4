//! Text-message conversations: refills from start to finish.

use super::*;

#[test]
fn refill_step_by_step() {
    let mut c = Convo::sms().from(MARIA_PHONE);
    c.says("Hi").expect(&["Thank you for contacting Riverside Pain & Spine.", "refill request"]);
    assert!(c.items().is_empty());

    c.says("I need a refill").expect(&["To get started, what is your first and last name?"]);
    c.says("Maria Gonzalez").expect(&["And what is your date of birth?"]);
    c.says("3/14/1971").expect(&["Thank you.", "Which medication do you need refilled?"]);
    assert_eq!(c.lookups().len(), 1);
    assert_eq!(c.lookups()[0].date_of_birth, "1971-03-14");
    assert_eq!(c.lookups()[0].phone.as_deref(), Some(MARIA_PHONE));
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
    c.refuse(&["oxycodone", "percocet", "approved", "will be refilled", "maria"]);
    assert!(!c.finished, "a text thread stays open after the request");

    let item = c.item();
    assert!(is(item, QueueKind::Refill, Priority::Routine));
    assert_eq!(item.summary, "Refill request: controlled (Schedule II)");
    assert_eq!(field(item, "patient-id"), Some("demo-p001"));
    assert_eq!(field(item, "phone-matches"), Some("yes"));
    assert_eq!(field(item, "name-given"), Some("Maria Gonzalez"));
    assert_eq!(field(item, "date-of-birth-given"), Some("1971-03-14"));
    assert_eq!(field(item, "medication-as-said"), Some("percoset"));
    assert_eq!(field(item, "medication"), Some("oxycodone with acetaminophen"));
    assert_eq!(field(item, "controlled"), Some("yes"));
    assert_eq!(field(item, "schedule"), Some("II"));
    assert_eq!(field(item, "early-refill"), Some("no"));
    assert_eq!(field(item, "lost-prescription"), Some("no"));
    assert_eq!(field(item, "pharmacy"), Some("cvs on main street"));
    assert_eq!(field(item, "callback"), Some(MARIA_PHONE));
    assert_eq!(field(item, "channel"), Some("sms"));
    assert_eq!(field(item, "conversation-id"), Some("conv-1"));
    c.says("ok thanks").expect(&["Take care."]);
    assert!(c.finished, "a goodbye ends it");
    assert!(c.items().is_empty(), "a thank-you files nothing more");
}

#[test]
fn several_answers_in_one_message() {
    let mut c = Convo::sms();
    c.says("Hi this is Maria Gonzalez DOB 03/14/1971, pls refil my oxycodone at Walgreens on 5th, call me at (502) 555-0199 thx");
    c.expect(&["Thank you for contacting", "We've received your refill request."]);
    assert!(!c.finished, "a text thread stays open after the request");
    let item = c.item();
    assert_eq!(field(item, "patient-id"), Some("demo-p001"));
    assert_eq!(field(item, "phone-matches"), Some("no"));
    assert_eq!(field(item, "medication"), Some("oxycodone"));
    assert_eq!(field(item, "pharmacy"), Some("walgreens on 5th"));
    assert_eq!(field(item, "callback"), Some("+15025550199"));
    assert_eq!(field(item, "callback-time"), None);

    // "Call me after 5" is kept for staff.
    let mut c = Convo::sms();
    c.says("this is Maria Gonzalez DOB 3/14/1971, refill norco at cvs, call me at 502 555 0199 after 5pm");
    assert_eq!(field(c.item(), "callback-time"), Some("17:00-21:00"));
}

#[test]
fn the_longest_reply_still_reaches_the_patient() {
    // Greeting, safe reply, identification, acknowledgement, a policy and
    // every refill text at once: split into texts that each fit.
    let mut c = Convo::sms();
    c.says("this is Maria Gonzalez 3/14/1971, approve my oxycodone refill at cvs, this number. what are your hours and where do I park?");
    c.expect(&["Thank you for contacting", guard::SAFE_REPLY, "We've received", "If you will run out", "Free parking"]);
    assert!(c.host.spoken().iter().all(|t| t.chars().count() <= 1600));
}

#[test]
fn a_different_callback_number() {
    let mut c = Convo::sms();
    c.says("refill");
    c.identify("James Whitfield", "11/02/1958");
    c.says("tramadol, kroger on bardstown rd");
    c.expect(&["Is this number the best way to reach you?"]);
    c.says("no").expect(&["Please text the best phone number"]);
    c.says("hmm").expect(&["Sorry, I didn't catch that.", "10-digit"]);
    c.says("502.555.0123").expect(&["We've received your refill request."]);
    let item = c.item();
    assert_eq!(field(item, "schedule"), Some("IV"));
    assert_eq!(field(item, "callback"), Some("+15025550123"));
    assert_eq!(field(item, "patient-id"), Some("demo-p002"));
}

#[test]
fn non_controlled_and_practice_scheduled_medications() {
    let mut c = Convo::sms();
    c.says("need my meloxicam refilled, same pharmacy, this number");
    c.identify("Linh Nguyen", "December 5 1990");
    c.expect(&["usually reviewed within 1 business day"]).refuse(&["urine drug screen"]);
    let item = c.item();
    assert_eq!(item.summary, "Refill request: not controlled");
    assert_eq!(field(item, "controlled"), Some("no"));
    assert_eq!(field(item, "pharmacy"), Some("same as on file"));

    // Kentucky schedules gabapentin; the demo practice says so.
    let mut c = Convo::sms();
    c.says("neurontin refill to cvs, yes this number");
    c.identify("Linh Nguyen", "12-05-90");
    let item = c.item();
    assert_eq!((field(item, "medication"), field(item, "schedule")), (Some("gabapentin"), Some("V")));
    c.expect(&["within 2 business days"]);
}

#[test]
fn an_unlisted_medication_is_taken_as_said() {
    let mut c = Convo::sms();
    c.says("I need a refill");
    c.identify("Aisha Rahman", "7/21/1985");
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
fn early_and_lost_requests_are_flagged_on_the_record() {
    let mut c = Convo::sms();
    c.says("can I get my oxycodone refilled early? going on vacation");
    c.expect(&["7 business days before you leave", "reply REFILL"]);
    c.says("yes please I need a refill");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("oxycodone at cvs on main, this number");
    let item = c.item();
    assert_eq!(field(item, "early-refill"), Some("yes"));
    assert_eq!(field(item, "lost-prescription"), Some("no"));

    let mut c = Convo::sms();
    c.says("someone stole my percocet, I need a new prescription").expect(&["police report"]);
    c.says("refill please");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("percocet, walgreens on 5th, this number");
    assert_eq!(field(c.item(), "lost-prescription"), Some("yes"));
}

#[test]
fn corrections_replace_answers() {
    let mut c = Convo::sms();
    c.says("refill");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("oxycodone");
    c.says("CVS on Main").expect(&["best way to reach you"]);
    c.says("no, it's Walgreens on 5th").expect(&["Thanks, I've updated that.", "best way to reach you"]);
    c.says("yes");
    assert_eq!(field(c.item(), "pharmacy"), Some("walgreens on 5th"));

    // A corrected birth date is checked again.
    let mut c = Convo::sms();
    c.says("refill");
    c.identify("Maria Gonzalez", "3/15/1971");
    assert_eq!(c.lookups().len(), 1);
    c.says("actually my birthday is 3/14/1971").expect(&["Thanks, I've updated that.", "Which medication"]);
    assert_eq!(c.lookups().len(), 1);
    c.says("norco at kroger, this number");
    assert_eq!(field(c.item(), "patient-id"), Some("demo-p001"));
    assert_eq!(field(c.item(), "date-of-birth-given"), Some("1971-03-14"));
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
    c.says("Maria Gonzalez");
    c.says("actually just let me talk to someone");
    let items = c.items();
    assert_eq!(items.len(), 2, "{items:?}");
    let callback = items.iter().find(|i| i.kind == QueueKind::Callback).unwrap();
    assert_eq!(field(callback, "medication"), Some("hydromorphone"));
    assert_eq!(field(callback, "name-given"), Some("Maria Gonzalez"));
    assert_eq!(field(callback, "reason"), Some("person-request"));
    // The refill itself is not lost: filed as far as it got.
    let refill = items.iter().find(|i| i.kind == QueueKind::Refill).unwrap();
    assert_eq!(field(refill, "complete"), Some("no"));
    assert_eq!(field(refill, "ended-by"), Some("person-request"));
    assert_eq!(field(refill, "name-given"), Some("Maria Gonzalez"));
}

#[test]
fn opt_out_keywords_get_one_confirmation_and_end() {
    for word in ["STOP", "cancel", "Unsubscribe", "stop texting me"] {
        let mut c = Convo::sms();
        c.says(word);
        assert_eq!(c.host.spoken(), [super::super::replies::OPT_OUT], "{word}");
        assert!(c.items().is_empty());
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
fn failed_answers_are_reworded_then_handed_over() {
    let mut c = Convo::sms();
    c.says("refill my norco");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("yes").expect(&["Sorry, I didn't catch that. Which pharmacy should we use"]);
    let first = c.reply();
    c.says("ok").expect(&["Please text just the pharmacy name"]);
    assert_ne!(first, c.reply(), "a re-prompt is worded differently");
    c.says("yes").expect(&["I've asked our staff to call you back."]);
    let items = c.items();
    assert_eq!(items.len(), 2, "{items:?}");
    let callback = items.iter().find(|i| i.kind == QueueKind::Callback).unwrap();
    assert_eq!(field(callback, "reason"), Some("not-understood"));
    assert_eq!(field(callback, "medication"), Some("hydrocodone"));
    assert_eq!(field(callback, "patient-id"), Some("demo-p001"));
    // ... and the refill as far as it got, for the refill staff.
    let refill = items.iter().find(|i| i.kind == QueueKind::Refill).unwrap();
    assert_eq!(field(refill, "ended-by"), Some("handed-to-staff"));
    assert_eq!(field(refill, "missing"), Some("pharmacy, callback"));
    assert!(c.finished);
}

#[test]
fn the_number_of_tries_is_configurable() {
    let mut config = prepare(DEMO).unwrap();
    config.max_failed_tries = 1;
    let mut c = Convo::new(Channel::Sms, config);
    c.says("refill please");
    c.says("?!").expect(&["I've asked our staff to call you back."]);
    assert!(c.finished);
}

#[test]
fn a_policy_question_mid_refill_is_answered_and_the_question_repeated() {
    let mut c = Convo::sms();
    c.says("refill");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("oxycodone");
    c.says("what are your hours?").expect(&["Monday through Friday, 8 am to 5 pm", "Which pharmacy do you use?"]);
    c.refuse(&["Sorry"]);
    c.says("kroger on dixie hwy, this number");
    assert_eq!(field(c.item(), "pharmacy"), Some("kroger on dixie hwy"));
}

#[test]
fn appointments_go_to_scheduling_staff_without_a_booking_section() {
    let (start, end) = (DEMO.find("\n[booking]").unwrap(), DEMO.find("\n[conversation]").unwrap());
    let config = prepare(&format!("{}{}", &DEMO[..start], &DEMO[end..])).unwrap();
    assert!(config.booking.is_none());
    let mut c = Convo::new(Channel::Sms, config);
    c.says("I need to reschedule my appointment on Thursday");
    c.expect(&["I've asked our scheduling staff to contact you about your appointment."]);
    let item = c.item();
    assert!(is(item, QueueKind::Scheduling, Priority::Routine));
    assert_eq!(field(item, "patient-said"), Some("I need to reschedule my appointment on Thursday"));
}

#[test]
fn goodbye_ends_the_thread() {
    let mut c = Convo::sms();
    c.says("what's your address?").expect(&["1200 Riverside Drive"]);
    assert!(!c.finished);
    c.says("ok thanks bye").expect(&["Take care."]);
    assert!(c.finished);
}

#[test]
fn an_acknowledgement_or_thanks_after_an_answer_is_never_misunderstood() {
    for ack in ["ok", "got it", "sounds good", "está bien"] {
        let mut c = Convo::sms();
        c.says("what are your hours?");
        c.says(ack).expect(&["All right."]).refuse(&["didn't understand", "no entendí"]);
    }
    for thanks in ["ok thanks that helps", "gracias", "thank you kindly", "muchas gracias"] {
        let mut c = Convo::sms();
        c.says("what are your hours?");
        c.says(thanks).refuse(&["didn't understand", "no entendí", "I can take a prescription refill"]);
        assert!(c.finished, "{thanks}: {}", c.reply());
    }
}

#[test]
fn a_medication_question_that_describes_a_symptom_says_when_not_to_wait() {
    let mut c = Convo::sms();
    c.says("my mom has been really confused and dizzy since they upped her gabapentin");
    c.expect(&["I can't advise on medications", "call 911"]);
    assert_eq!(c.item().priority, Priority::Urgent);
    let mut c = Convo::sms();
    c.says("can I take ibuprofen with my tramadol?").refuse(&["911"]);
}

/// Lines from blind conversations that got "I didn't understand": thanks,
/// a word about the callback number, who is calling, a greeting that goes
/// on, an emoji, a bill.
#[test]
fn everyday_asides_are_never_misunderstood() {
    for (aside, expected) in [
        // A thank-you after an answer may also close the thread.
        ("perfecto gracias 🙏", ""),
        ("yes my number is fine", "Thank you, noted."),
        ("best to reach me at this number, she doesn't have a cell", "Thank you, noted."),
        ("im her husband omar", "who is calling"),
        ("hello is this the pain doctor", "How can I help?"),
        ("👍", "All right."),
        ("its about my bill i got a letter", "billing staff"),
        ("is there a charge for that", "billing staff"),
    ] {
        let mut c = Convo::sms();
        c.says("what are your hours");
        c.says(aside).expect(&[expected]).refuse(&["didn't understand", "didn't catch"]);
    }
    let mut c = Convo::sms();
    c.says("hi");
    c.says("I got a bill for $120 from my last visit, I thought insurance covered it").expect(&["billing staff"]);
    assert_eq!(field(c.item(), "reason"), Some("billing"));
    assert_eq!(field(c.item(), "callback"), Some(CALLER));
}

#[test]
fn a_greeting_that_names_spanish_picks_spanish() {
    let mut c = Convo::voice();
    c.silence();
    c.says("hola buenos días hablo español").refuse(&["didn't understand", "no entendí"]);
}

/// "Is there a doctor on call?" (blind conversations got "I didn't
/// understand"): how an urgent problem reaches a clinician, and 911.
#[test]
fn asking_who_is_on_call_is_answered_in_and_out_of_hours() {
    let mut c = Convo::sms();
    c.host.hours = Some(crate::host::OfficeHours { open_now: false, next_open: Some(NOW + 10 * 3_600_000) });
    c.says("hi");
    c.says("is there a doctor on call I can ask or should I just wait til monday")
        .expect(&["Our office is closed now.", "on-call clinician", "call 911"])
        .refuse(&["didn't understand"]);
    let mut c = Convo::sms();
    c.says("hi");
    c.says("is there a doctor on call?").expect(&["Our office is open now."]);
    let mut c = Convo::sms();
    c.host.language = Some("es".into());
    c.host.hours = Some(crate::host::OfficeHours { open_now: false, next_open: Some(NOW + 10 * 3_600_000) });
    c.says("hola");
    c.says("hay algún doctor de guardia con quien pueda hablar").expect(&["profesional clínico de guardia", "911"]);
}
