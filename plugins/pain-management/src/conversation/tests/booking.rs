//! Booking, moving, cancelling and confirming appointments; prep and hold
//! instructions; reminders on timers; waitlist offers.

use switchboard_sdk::scheduling::{AppointmentStatus, AuthorizationStatus, BookingRequest, PriorAuth};

use super::*;
use crate::conversation::booking::reminders;
use crate::host::FakeSchedule;

const TYPES: [&str; 6] = ["follow-up", "med-management", "lumbar-esi", "trigger-point", "si-joint", "scs-trial"];

fn schedule() -> FakeSchedule {
    FakeSchedule::weekdays(NOW, 28, &TYPES)
}

fn convo(channel: Channel, phone: &str) -> Convo {
    let mut c = Convo::new(channel, prepare(DEMO).unwrap()).from(phone);
    c.host.schedule = schedule();
    c
}

fn approve(c: &mut Convo, patient: &str, code: &str) {
    c.host.prior_auths.push(PriorAuth {
        patient_id: patient.into(),
        procedure: code.into(),
        status: AuthorizationStatus::Approved,
        note: None,
        updated_at: NOW,
    });
}

fn booked(c: &Convo) -> Vec<&switchboard_sdk::scheduling::Appointment> {
    c.host
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::Booked(b) | Action::Rescheduled(b) => Some(b),
            _ => None,
        })
        .collect()
}

/// Book Maria's follow-up visit for the first opening; returns its id.
fn existing_visit(c: &mut Convo) -> String {
    let slot = c.host.schedule.openings.iter().find(|o| o.appointment_type == "follow-up").unwrap().slot_id.clone();
    let request = BookingRequest {
        slot_id: slot,
        patient_id: "demo-p001".into(),
        needs_review: false,
        patient_instruction: None,
    };
    c.host.schedule.book(&request).unwrap().id
}

#[test]
fn a_visit_is_booked_by_text_with_preferences_openings_and_a_confirmation() {
    let mut c = convo(Channel::Sms, MARIA_PHONE);
    c.says("Hi, I'd like to book a follow-up visit").expect(&["first and last name"]);
    c.identify("Maria Gonzalez", "3/14/1971");
    c.expect(&["Thank you.", "What day and time of day suit you best"]);
    c.says("Thursday morning with Dr. Patel");
    c.expect(&[
        "I have these openings: 1) Thursday, November 16 at 9 AM with Dr. Anika Patel at Riverside Pain & Spine.",
    ]);
    c.refuse(&["Okafor", "Friday"]);
    c.says("1").expect(&["To confirm: follow-up visit on Thursday, November 16 at 9 AM", "reply yes or no"]);
    assert!(booked(&c).is_empty(), "nothing is booked before the patient confirms");
    c.says("yes").expect(&[
        "Your follow-up visit is booked for Thursday, November 16 at 9 AM with Dr. Anika Patel at Riverside Pain & Spine.",
        // Where to go, from the schedule.
        "It is at Riverside Pain & Spine, 1200 Riverside Drive, Suite 300, Louisville, KY 40207.",
        "We'll text you reminders",
    ]);
    let appointment = booked(&c)[0];
    assert_eq!((appointment.patient_id.as_str(), appointment.needs_review), ("demo-p001", false));
    // Two days away: the day-before reminder is set; the confirmation
    // request (72 hours before) would be in the past, and is not.
    let keys: Vec<&str> = c.host.tasks().iter().filter_map(|t| t.key.as_deref()).collect();
    assert_eq!(keys, ["appt:appt-1:prep"]);
    assert!(c.host.actions.iter().any(|a| matches!(a, Action::CancelTask(k) if k == "appt:appt-1:confirm")));
    assert!(!c.finished, "a text thread stays open after the booking");
    assert!(c.audits().iter().any(|(e, _)| e == "appointment.booked"));
}

#[test]
fn an_epidural_with_a_blood_thinner_gets_the_hold_instruction_and_staff_review() {
    let mut c = convo(Channel::Sms, MARIA_PHONE);
    approve(&mut c, "demo-p001", "lumbar-esi");
    c.says("can i schedule my epidural next week").expect(&["first and last name"]);
    c.identify("Maria Gonzalez", "3/14/1971");
    // "next week" was heard in the first message: straight to openings.
    c.expect(&["I have these openings: 1) Monday, November 20"]);
    c.says("the first one").expect(&[
        "Do you take a blood thinner or an anti-inflammatory medicine, such as warfarin (Coumadin), clopidogrel (Plavix),",
        "ibuprofen (Advil) or naproxen (Aleve)? If so, which one?",
    ]);
    // Monday is past the 3-day hold (from Friday): it can be booked.
    c.says("yes I take Eliquis").expect(&["Will you have someone to drive you?"]);
    c.says("yes").expect(&["To confirm: appointment on Monday, November 20"]);
    c.says("yes");
    c.expect(&[
        "Your appointment is booked for Monday, November 20",
        "Please arrive 30 minutes before your appointment time.",
        "You will need an adult to drive you home",
        "do not eat for 6 hours",
        "Our physicians' instruction for apixaban before this procedure is to hold it for 3 days.",
        "Please confirm with the doctor who prescribes it before stopping.",
        "photo ID",
    ]);
    let appointment = booked(&c)[0];
    assert!(appointment.needs_review, "staff review a held medication");
    assert!(appointment.patient_instruction.as_deref().unwrap().contains("apixaban"));
    let hold = c.host.tasks().into_iter().find(|t| t.kind == reminders::HOLD).expect("a hold reminder");
    assert_eq!(hold.due, appointment.start - 3 * 86_400_000 - 12 * 3_600_000);
    assert_eq!(hold.key.as_deref(), Some("appt:appt-1:hold"));
}

#[test]
fn a_patient_who_takes_nothing_listed_is_booked_without_holds_and_an_unlisted_one_is_reviewed() {
    let mut c = convo(Channel::Sms, MARIA_PHONE);
    approve(&mut c, "demo-p001", "lumbar-esi");
    c.says("book an epidural, first available").expect(&["first and last name"]);
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("2").says("no").says("yes").expect(&["To confirm"]);
    c.says("yes");
    assert!(!booked(&c)[0].needs_review);
    c.refuse(&["hold it"]);

    let mut c = convo(Channel::Sms, MARIA_PHONE);
    approve(&mut c, "demo-p001", "lumbar-esi");
    c.says("book an epidural, first available");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("1").says("yes").expect(&["Which one do you take?"]);
    c.says("lovenox shots").says("yes").expect(&["To confirm"]);
    c.says("yes").expect(&["I've asked our staff to review your medications"]);
    assert!(booked(&c)[0].needs_review);
}

#[test]
fn a_procedure_without_authorization_is_not_booked_and_goes_to_the_authorization_staff() {
    let mut c = convo(Channel::Sms, MARIA_PHONE);
    c.says("I want to book an SI joint injection");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.expect(&["needs your insurance company's authorization before we can book it", "weekdays between 8 am and 5 pm"]);
    c.refuse(&["openings", "booked"]);
    let item = c.item();
    assert!(is(item, QueueKind::PriorAuth, Priority::Routine));
    assert_eq!(field(item, "procedure"), Some("si-joint"));
    assert_eq!(field(item, "authorization-status"), Some("none"));
    assert_eq!(field(item, "patient-id"), Some("demo-p001"));
    assert!(booked(&c).is_empty());
}

#[test]
fn a_procedure_is_booked_by_voice_with_options_spoken_and_keyed() {
    let mut c = convo(Channel::Voice, MARIA_PHONE);
    c.silence();
    c.says("I need to schedule trigger point injections").expect(&["first and last name"]);
    c.identify("Maria Gonzalez", "March fourteenth nineteen seventy one");
    c.expect(&["What day and time of day suit you best"]);
    // Garbled speech: the first openings rather than a loop.
    c.says("uh the fur bleh").expect(&["I have 3 openings. Option 1: Wednesday, November 15 at 9 AM"]);
    c.expect(&["Option 2:", "Option 3:", "Say or press the number"]);
    c.keys("2").expect(&["To confirm: trigger point injection on", "Please say yes or no."]);
    c.says("yes").expect(&["Your trigger point injection is booked for", "Please arrive 15 minutes", "anything else"]);
    assert!(!c.finished, "a call goes on: anything else?");
}

#[test]
fn no_openings_offers_the_waitlist_and_a_past_date_is_explained() {
    let mut c = convo(Channel::Sms, MARIA_PHONE);
    c.host.schedule.openings.clear();
    c.says("book a follow up visit on November 2");
    c.expect(&["That date has already passed."]);
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("any time").expect(&["I don't have any openings for that in the next 6 weeks", "waitlist"]);
    c.says("yes").expect(&["I've added you to the waitlist"]);
    assert!(
        c.host
            .actions
            .iter()
            .any(|a| matches!(a, Action::JoinedWaitlist { appointment_type, .. } if appointment_type == "follow-up"))
    );
}

#[test]
fn reply_2_moves_the_appointment_and_its_timers() {
    let mut c = convo(Channel::Sms, MARIA_PHONE);
    let id = existing_visit(&mut c);
    c.says("2").expect(&["first and last name"]);
    c.identify("Maria Gonzalez", "3/14/1971");
    // The "2" is no "2 pm": morning openings are offered too.
    c.expect(&["I have these openings:", "at 9 AM"]);
    c.says("next week please").expect(&["1) Monday, November 20"]);
    c.says("3").expect(&["To confirm"]);
    c.says("yes").expect(&["Your appointment has been moved to"]);
    let moved = booked(&c)[0];
    assert_eq!(moved.id, id);
    let keys: Vec<String> = c.host.tasks().iter().filter_map(|t| t.key.clone()).collect();
    assert!(keys.contains(&format!("appt:{id}:confirm")), "the same keys: the host replaces the old timers");
    let confirm = c.host.tasks().into_iter().find(|t| t.kind == reminders::CONFIRM).unwrap();
    assert_eq!(confirm.due, moved.start - 72 * 3_600_000);
}

#[test]
fn cancelling_cancels_timers_offers_the_time_to_the_waitlist_and_never_asks_for_a_keyword() {
    let mut c = convo(Channel::Sms, MARIA_PHONE);
    let id = existing_visit(&mut c);
    c.host.schedule.join("demo-p002", "follow-up");
    c.host.schedule.join("demo-p006", "follow-up");
    c.says("I need to cancel my appointment").expect(&["first and last name"]);
    c.identify("Maria Gonzalez", "3/14/1971");
    c.expect(&["Shall I take it off the schedule? Please reply YES or NO."]);
    c.refuse(&["cancel"]);
    c.says("yes").expect(&["off the schedule"]);
    c.refuse(&["reply cancel", "text cancel", "reply stop"]);
    let cancelled: Vec<String> = c
        .host
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::CancelTask(k) => Some(k.clone()),
            _ => None,
        })
        .collect();
    assert!(cancelled.contains(&format!("appt:{id}:confirm")) && cancelled.contains(&format!("appt:{id}:hold")));
    // James is first on the waitlist and has a number on file; Dorothy has
    // none, so she is left to staff.
    let sent = c.host.sent();
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].0, "+15550199002");
    assert!(sent[0].1.contains("Reply 3 to take it"));
    assert!(!sent[0].1.to_lowercase().contains("follow-up"), "minimum necessary");
}

#[test]
fn the_first_to_take_an_offer_gets_it_and_the_next_is_told_it_has_gone() {
    let mut schedule = schedule();
    let slot = schedule.openings[0].slot_id.clone();
    let james = schedule.join("demo-p002", "follow-up");
    schedule.join("demo-p003", "follow-up");
    let phones =
        [("demo-p002".to_owned(), "+15550199002".to_owned()), ("demo-p003".to_owned(), "+15550199003".to_owned())];
    schedule.offer(&slot, 3, &phones).unwrap();

    let mut first = Convo::new(Channel::Sms, prepare(DEMO).unwrap()).from("+15550199002");
    first.host.schedule = schedule.clone();
    first.says("3");
    first.identify("James Whitfield", "11/2/1958").expect(&["Your follow-up visit is booked for"]);
    assert!(first.host.schedule.waitlist.iter().all(|(e, _, _)| *e != james));

    let mut second = Convo::new(Channel::Sms, prepare(DEMO).unwrap()).from("+15550199003");
    second.host.schedule = first.host.schedule.clone();
    second.says("3");
    second.identify("Aisha Rahman", "7/21/1985");
    second.expect(&["I don't see an open offer for you right now"]);
    assert!(booked(&second).is_empty());
}

#[test]
fn reply_1_confirms_and_when_is_it_answers() {
    let mut c = convo(Channel::Sms, MARIA_PHONE);
    existing_visit(&mut c);
    c.says("1");
    c.identify("Maria Gonzalez", "3/14/1971")
        .expect(&["Thank you, your appointment on Wednesday, November 15 at 9 AM is confirmed."]);

    let mut c = convo(Channel::Sms, MARIA_PHONE);
    existing_visit(&mut c);
    c.says("when is my next appointment?");
    c.identify("Maria Gonzalez", "3/14/1971").expect(&["Your next appointment is on Wednesday, November 15 at 9 AM."]);
}

#[test]
fn an_unknown_patient_goes_to_the_scheduling_staff() {
    let mut c = convo(Channel::Sms, CALLER);
    c.says("I want to book an appointment");
    c.identify("Pat Smith", "1/1/1980");
    c.expect(&["I've asked our scheduling staff to contact you about your appointment."]);
    assert!(is(c.item(), QueueKind::Scheduling, Priority::Routine));
}

/// Book an epidural with apixaban and return the timers scheduled.
fn booked_epidural() -> (Convo, Vec<switchboard_sdk::scheduling::TaskRequest>) {
    let mut c = convo(Channel::Sms, MARIA_PHONE);
    approve(&mut c, "demo-p001", "lumbar-esi");
    c.says("book an epidural next week");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("1").says("eliquis").says("yes").says("yes");
    let tasks = c.host.tasks().into_iter().cloned().collect();
    (c, tasks)
}

#[test]
fn reminders_carry_the_minimum_necessary_and_skip_a_cancelled_appointment() {
    let (mut c, tasks) = booked_epidural();
    let config = c.config.clone();
    let fire = |c: &mut Convo, kind: &str| {
        let task = tasks.iter().find(|t| t.kind == kind).unwrap();
        c.host.clear();
        crate::conversation::on_task(&config, &task.kind, &task.payload, task.due, &mut c.host).unwrap();
        c.host.sent().first().map(|(to, body)| ((*to).to_owned(), (*body).to_owned()))
    };
    let (to, hold) = fire(&mut c, reminders::HOLD).unwrap();
    assert_eq!(to, MARIA_PHONE);
    assert!(hold.contains("the hold begins tomorrow") && hold.contains("confirm with the doctor who prescribes it"));
    for word in ["apixaban", "eliquis", "epidural", "injection"] {
        assert!(!hold.to_lowercase().contains(word), "{word} in {hold}");
    }
    let (_, prep) = fire(&mut c, reminders::PREP).unwrap();
    assert!(prep.contains("arrive 30 minutes") && prep.contains("drive you home") && prep.contains("6 hours"));
    let (_, confirm) = fire(&mut c, reminders::CONFIRM).unwrap();
    assert!(confirm.contains("Reply 1 to confirm or 2 to reschedule"));
    assert!(!confirm.to_lowercase().contains("cancel"));

    // Cancelled by staff: the timer finds nothing to remind about.
    let id = c.host.schedule.appointments[0].id.clone();
    c.host.schedule.cancel(&id).unwrap();
    assert_eq!(c.host.schedule.appointments[0].status, AppointmentStatus::Cancelled);
    assert_eq!(fire(&mut c, reminders::CONFIRM), None);
}

#[test]
fn a_follow_up_timer_texts_openings_when_the_patient_is_due() {
    let mut c = convo(Channel::Sms, MARIA_PHONE);
    c.says("book a med check, first available");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("1").says("yes").expect(&["Your medication management visit is booked"]);
    let follow_up = c.host.tasks().into_iter().find(|t| t.kind == reminders::FOLLOW_UP).cloned().unwrap();
    let first_booking = booked(&c)[0].clone();
    let start = first_booking.start;
    assert_eq!(follow_up.due, start + 28 * 86_400_000);
    assert_eq!(follow_up.key.as_deref(), Some("followup:demo-p001:med-management"));
    // Due, with openings in the next weeks.
    c.host.schedule = FakeSchedule::weekdays(follow_up.due, 28, &TYPES);
    c.host.clear();
    let config = c.config.clone();
    crate::conversation::on_task(&config, &follow_up.kind, &follow_up.payload, follow_up.due, &mut c.host).unwrap();
    let sent = c.host.sent();
    assert_eq!(sent.len(), 1);
    assert!(
        sent[0].1.contains("it's time to book your next appointment. Openings include")
            && sent[0].1.contains("Reply 4")
    );
    // Who and where for each opening, and never the same one twice.
    let text = &sent[0].1;
    assert!(text.contains("with Dr. Anika Patel at Riverside Pain & Spine"), "{text}");
    let listed: Vec<&str> =
        text.split("Openings include ").nth(1).unwrap().split(". Reply").next().unwrap().split("; ").collect();
    let mut unique = listed.clone();
    unique.dedup();
    assert_eq!(listed, unique, "{text}");

    // "4": the visit type they are due for, straight to when it suits.
    let mut due = Convo::new(Channel::Sms, c.config.clone()).from(MARIA_PHONE);
    due.at = follow_up.due + 3_600_000;
    due.host.schedule = c.host.schedule.clone();
    due.host.schedule.appointments = vec![first_booking];
    due.says("4").expect(&["first and last name"]);
    due.identify("Maria Gonzalez", "3/14/1971").expect(&["What day and time of day suit you best"]);
    due.says("first available");
    due.says("1").expect(&["To confirm: medication management visit on"]);
}

#[test]
fn never_mind_drops_the_booking() {
    let mut c = convo(Channel::Sms, MARIA_PHONE);
    c.says("book a follow up");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("never mind").expect(&["All right."]);
    assert!(booked(&c).is_empty());
}

#[test]
fn asking_for_the_waitlist_with_nothing_booked_joins_it_for_the_type_named() {
    let mut c = convo(Channel::Sms, "+15550199002");
    c.says("can you put me on the waitlist for a follow up visit");
    c.identify("James Whitfield", "11/2/1958").expect(&["I've added you to the waitlist"]);
    assert_eq!(c.host.schedule.waitlist.len(), 1);
    assert_eq!(c.host.schedule.waitlist[0].1, "demo-p002");
}

#[test]
fn reminders_name_drugs_only_when_allowed_and_go_to_staff_when_texting_is_unavailable() {
    let (mut c, tasks) = booked_epidural();
    let hold = tasks.iter().find(|t| t.kind == reminders::HOLD).unwrap();
    let mut config = c.config.clone();
    config.texts_name_medications = true;
    c.host.clear();
    crate::conversation::on_task(&config, &hold.kind, &hold.payload, hold.due, &mut c.host).unwrap();
    let body = c.host.sent()[0].1.to_owned();
    assert!(body.contains("Our physicians' instruction for apixaban"), "{body}");
    assert!(body.contains("confirm with the doctor who prescribes it before stopping"));

    // No outbound gateway: a scheduling item instead of a silent gap.
    c.host.fail.push("send_text");
    c.host.clear();
    crate::conversation::on_task(&c.config, &hold.kind, &hold.payload, hold.due, &mut c.host).unwrap();
    let item = c.item();
    assert!(is(item, QueueKind::Scheduling, Priority::Routine));
    assert_eq!(field(item, "reminder"), Some(reminders::HOLD));
    assert_eq!(field(item, "callback"), Some(MARIA_PHONE));
}

#[test]
fn an_appointment_is_cancelled_on_a_call_and_a_no_keeps_it() {
    let mut c = convo(Channel::Voice, MARIA_PHONE);
    let id = existing_visit(&mut c);
    c.silence();
    c.says("I need to cancel my appointment").expect(&["first and last name"]);
    c.identify("Maria Gonzalez", "March fourteenth nineteen seventy one");
    c.expect(&["Your next appointment is on Wednesday, November 15 at 9 AM.", "Please say yes or no."]);
    c.says("no").expect(&["your appointment stays as it is", "anything else"]);
    assert_eq!(c.host.schedule.appointments[0].status, AppointmentStatus::Booked);
    // Identified once in this call: not asked again.
    c.says("actually yes, I do need to cancel my appointment").expect(&["Shall I take it off the schedule?"]);
    c.says("yes").expect(&["off the schedule", "anything else"]);
    assert_eq!(c.host.schedule.appointments[0].status, AppointmentStatus::Cancelled);
    assert!(c.host.actions.iter().any(|a| matches!(a, Action::CancelTask(k) if *k == format!("appt:{id}:prep"))));
}

#[test]
fn several_held_drugs_each_get_their_instruction_and_the_longest_sets_the_reminder() {
    let mut c = convo(Channel::Sms, MARIA_PHONE);
    approve(&mut c, "demo-p001", "scs-trial");
    c.says("I need to schedule my spinal cord stimulator trial on December 5");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("1").expect(&["Do you take a blood thinner"]);
    c.says("I'm on Plavix and I take Aleve for my knees").expect(&["Will you have someone to drive you?"]);
    c.says("yes").expect(&["To confirm"]);
    c.says("yes").expect(&[
        "instruction for clopidogrel before this procedure is to hold it for 7 days.",
        "instruction for naproxen before this procedure is to hold it for 4 days.",
        "Shower with the antiseptic soap",
        "Do not eat or drink anything after midnight",
    ]);
    let appointment = booked(&c)[0];
    assert!(appointment.needs_review);
    let hold = c.host.tasks().into_iter().find(|t| t.kind == reminders::HOLD).unwrap();
    assert_eq!(hold.due, appointment.start - 7 * 86_400_000 - 12 * 3_600_000, "the longest hold");
    let prescriber = c.reply().matches("confirm with the doctor who prescribes it").count();
    assert_eq!(prescriber, 2, "after each instruction");
}

#[test]
fn reminders_are_promised_only_when_their_timers_were_accepted() {
    let mut c = convo(Channel::Sms, MARIA_PHONE);
    c.host.fail.push("schedule_task");
    c.says("book a follow up visit next week");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("1").says("yes").expect(&["Your follow-up visit is booked for"]).refuse(&["reminders"]);
    assert!(c.audits().iter().any(|(e, _)| e == "reminders.not-scheduled"));
}

/// The confirmation call the timer places: (prompt, state).
fn confirmation_call(c: &mut Convo, tasks: &[switchboard_sdk::scheduling::TaskRequest]) -> (String, Vec<u8>) {
    let task = tasks.iter().find(|t| t.kind == reminders::CALL).expect("a confirmation call is scheduled");
    let config = c.config.clone();
    c.host.clear();
    crate::conversation::on_task(&config, &task.kind, &task.payload, task.due, &mut c.host).unwrap();
    let placed = c.host.actions.iter().find_map(|a| match a {
        Action::PlaceCall { to, prompt, state } => Some((to.clone(), prompt.clone(), state.clone())),
        _ => None,
    });
    let (to, prompt, state) = placed.expect("a call was placed");
    assert_eq!(to, MARIA_PHONE);
    (prompt, state)
}

#[test]
fn an_unanswered_text_is_followed_by_a_call_where_1_confirms_and_2_reschedules() {
    let (mut c, tasks) = booked_epidural();
    let call = tasks.iter().find(|t| t.kind == reminders::CALL).unwrap();
    let start = booked(&c)[0].start;
    assert_eq!(call.due, start - 48 * 3_600_000);
    let (prompt, state) = confirmation_call(&mut c, &tasks);
    assert!(prompt.contains("Riverside Pain & Spine calling about your appointment on") && prompt.contains("press 1"));
    for word in ["epidural", "apixaban", "eliquis", "cancel"] {
        assert!(!prompt.to_lowercase().contains(word), "{prompt}");
    }

    // Answered, 1: confirmed, the call ends.
    let mut answered = Convo::new(Channel::Voice, c.config.clone()).from(MARIA_PHONE).resuming(state.clone());
    answered.host.schedule = c.host.schedule.clone();
    answered.keys("1").expect(&["your appointment on", "is confirmed"]);
    assert!(answered.finished, "hung up");
    assert!(answered.host.actions.iter().any(|a| matches!(a, Action::CancelTask(k) if k.ends_with(":call"))));

    // Answered, 2: who is this, then new openings for their appointment.
    let mut answered = Convo::new(Channel::Voice, c.config.clone()).from(MARIA_PHONE).resuming(state);
    answered.host.schedule = c.host.schedule.clone();
    answered.keys("2").expect(&["first and last name"]);
    answered.identify("Maria Gonzalez", "March fourteenth nineteen seventy one");
    answered.expect(&["I have 3 openings. Option 1:"]);
}

#[test]
fn a_text_confirmation_cancels_the_call() {
    let (mut c, _) = booked_epidural();
    let mut reply = Convo::new(Channel::Sms, c.config.clone()).from(MARIA_PHONE);
    reply.host.schedule = std::mem::take(&mut c.host.schedule);
    reply.says("1");
    reply.identify("Maria Gonzalez", "3/14/1971").expect(&["is confirmed"]);
    let id = &reply.host.schedule.appointments[0].id;
    assert!(reply.host.actions.iter().any(|a| matches!(a, Action::CancelTask(k) if *k == format!("appt:{id}:call"))));
}

#[test]
fn a_change_to_an_appointment_not_on_the_schedule_goes_to_scheduling_staff_with_what_was_asked() {
    for (channel, ask) in [
        (Channel::Sms, "I need to move my appointment this Thursday, something came up at work"),
        (Channel::Voice, "hello yes i need to cancel my appointment"),
    ] {
        let mut c = convo(channel, MARIA_PHONE);
        if channel == Channel::Voice {
            c.silence();
        }
        c.says(ask);
        c.identify("Maria Gonzalez", "3/14/1971");
        c.expect(&["I don't see that appointment on our schedule", "scheduling staff"]);
        c.refuse(&["What would you like to book?"]);
        let item = c.item();
        assert_eq!(item.kind, QueueKind::Scheduling);
        assert_eq!(field(item, "patient-id"), Some("demo-p001"));
        assert_eq!(field(item, "request-said"), Some(ask));
        assert_eq!(field(item, "callback"), Some(MARIA_PHONE));
    }
}

#[test]
fn a_drug_screen_they_were_told_to_do_is_booked_and_after_the_policy_book_it_means_the_screen() {
    let uds = |c: &mut Convo| c.host.schedule = FakeSchedule::weekdays(NOW, 28, &["urine-drug-screen", "follow-up"]);
    // Told to come in: the policy, and the booking begins.
    let mut c = convo(Channel::Voice, MARIA_PHONE);
    uds(&mut c);
    c.silence();
    c.says("yes this is maria gonzalez they told me i have to come in and do a urine test");
    c.expect(&["safety program"]);
    c.says("march fourteenth nineteen seventy one").refuse(&["What would you like to book?"]);
    // A question about the policy is only answered.
    let mut c = convo(Channel::Sms, MARIA_PHONE);
    uds(&mut c);
    c.says("do I have to come in today for a drug test?").expect(&["safety program"]).refuse(&["first and last name"]);
    // ...and "can I just book it?" then means the screen.
    c.says("Actually I got a letter saying I'm due for one anyway, can I just book it?");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.refuse(&["What would you like to book?"]);
    c.says("first available");
    c.says("1").expect(&["To confirm: urine drug screen on"]);
    c.says("yes");
    assert_eq!(booked(&c)[0].appointment_type, "urine-drug-screen");
}

/// After a booking, questions about it are answered from its prep and the
/// schedule (blind conversations asked these and got "I didn't
/// understand").
#[test]
fn questions_about_the_appointment_just_booked_are_answered_from_its_prep() {
    let mut c = convo(Channel::Sms, MARIA_PHONE);
    approve(&mut c, "demo-p001", "lumbar-esi");
    c.says("book an epidural, first available");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("2").says("no").says("yes").says("yes");
    assert_eq!(booked(&c).len(), 1);
    c.says("do I have to fast or anything").expect(&["do not eat for 6 hours"]).refuse(&["didn't understand"]);
    c.says("and I need someone to drive me right?").expect(&["adult to drive you home"]);
    c.says("which building do I go to").expect(&["It is at Riverside"]);
    c.says("can I bring my dog").refuse(&["It is at"]);

    // A visit with no fasting in its prep: staff answer.
    let mut c = convo(Channel::Sms, MARIA_PHONE);
    c.says("Hi, I'd like to book a follow-up visit");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("Thursday morning with Dr. Patel").says("1").says("yes");
    c.says("do I need to fast before?").expect(&["I've asked our staff to call you back about that."]);
    assert_eq!(field(c.item(), "reason"), Some("appointment"));
}

/// Blind set c: the day and time a patient wanted, sent after the request
/// went to staff, got "I didn't understand"; they now reach the staff.
#[test]
fn preferences_after_a_hand_over_reach_the_staff() {
    let mut c = convo(Channel::Sms, "+15550199003");
    c.says("Hi this is Aisha Rahman, I need to move my appt thursday");
    c.says("07/21/1985").expect(&["scheduling staff"]);
    c.says("Anything next week afternoons, Tuesday or Wednesday best")
        .expect(&["added that for our staff"])
        .refuse(&["didn't understand"]);
    assert_eq!(field(c.item(), "details-for"), Some("appointment"));

    // In Spanish, where booking is handed to Spanish-speaking staff.
    let mut c = convo(Channel::Sms, "+15550199007");
    c.host.language = Some("es".into());
    c.says("Hola, quiero hacer una cita de seguimiento con la doctora Patel");
    c.says("María García López, 09/09/1983").expect(&["personal que habla español"]);
    assert!(!c.finished, "the thread stays open for the details");
    c.says("Prefiero por la mañana, el lunes o martes").expect(&["ya se lo agregué"]).refuse(&["no entendí"]);
    assert_eq!(field(c.item(), "details-for"), Some("spanish-speaking-staff"));
}
