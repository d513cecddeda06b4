//! Booking never offers or books a time the practice's own rules rule out:
//! inside the hold period of a drug the patient takes (searched from the
//! start of the local day "longest hold" days from today), without a ride
//! home when the procedure needs one, or too soon for its fasting rule.
//! When nothing fits, the patient hears why and the scheduling staff get
//! an item naming the drug, its hold and what was asked.
//!
//! NOW is Tuesday, November 14, 2023, 5:13 PM in the practice's zone
//! (UTC-5); the fake schedule has weekday openings at 9 AM and 2 PM from
//! Wednesday the 15th.

use switchboard_sdk::scheduling::{Appointment, AuthorizationStatus, Opening, PriorAuth};

use super::*;
use crate::conversation::booking::prep::CONFIRM_WITH_PRESCRIBER;
use crate::host::FakeSchedule;

const DAY: i64 = 86_400_000;
const HOUR: i64 = 3_600_000;
const OFFSET_MS: i64 = 5 * HOUR;
const TYPES: [&str; 3] = ["lumbar-esi", "scs-trial", "follow-up"];
const APIXABAN: &str = "Our physicians' instruction for apixaban before this procedure is to hold it for 3 days.";

/// Local midnight `days` days after NOW's local day, in UTC ms.
fn local_midnight(days: i64) -> i64 {
    ((NOW - OFFSET_MS).div_euclid(DAY) + days) * DAY + OFFSET_MS
}

fn convo(channel: Channel, days: i64) -> Convo {
    let mut c = Convo::new(channel, prepare(DEMO).unwrap()).from(MARIA_PHONE);
    c.host.schedule = FakeSchedule::weekdays(NOW, days, &TYPES);
    for code in ["lumbar-esi", "scs-trial"] {
        c.host.prior_auths.push(PriorAuth {
            patient_id: "demo-p001".into(),
            procedure: code.into(),
            status: AuthorizationStatus::Approved,
            note: None,
            updated_at: NOW,
        });
    }
    c
}

fn booked(c: &Convo) -> Vec<&Appointment> {
    c.host
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::Booked(b) | Action::Rescheduled(b) => Some(b),
            _ => None,
        })
        .collect()
}

/// The measured bug: Eliquis named after the next morning was offered and
/// chosen; it was booked with the hold table saying 3 days.
#[test]
fn eliquis_named_after_choosing_tomorrow_morning_is_not_booked_and_reoffered_from_the_hold_day() {
    let mut c = convo(Channel::Sms, 28);
    c.says("can I book my epidural? first available");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.expect(&["I have these openings: 1) Wednesday, November 15 at 9 AM"]);
    c.says("1").expect(&["Do you take a blood thinner"]);
    c.says("I take Eliquis");
    c.expect(&[
        "Because of the medication hold before this procedure, the earliest I can book it is Friday, November 17.",
        APIXABAN,
        CONFIRM_WITH_PRESCRIBER,
        "I have these openings: 1) Friday, November 17 at 9 AM",
    ]);
    c.refuse(&["November 15", "November 16", "booked", "To confirm", "stop taking", "mg"]);
    assert!(booked(&c).is_empty(), "nothing inside the hold is booked");
    assert!(c.host.schedule.appointments.is_empty());
    c.says("1").expect(&["Will you have someone to drive you?"]);
    c.says("yes").expect(&["To confirm: appointment on Friday, November 17 at 9 AM"]);
    c.says("yes").expect(&["Your appointment is booked for Friday, November 17 at 9 AM", APIXABAN]);
    let appointment = booked(&c)[0];
    assert!(appointment.start >= local_midnight(3));
    assert!(appointment.needs_review);
}

#[test]
fn a_held_drug_named_before_openings_moves_the_search_and_says_why() {
    let mut c = convo(Channel::Sms, 28);
    c.says("I'd like to book my epidural, first available. I'm on Eliquis");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.expect(&[
        "the earliest I can book it is Friday, November 17.",
        APIXABAN,
        CONFIRM_WITH_PRESCRIBER,
        "I have these openings: 1) Friday, November 17 at 9 AM",
    ]);
    c.refuse(&["November 15", "November 16", "Do you take a blood thinner"]);
    // Named already: the hold question is not asked again.
    c.says("2").expect(&["Will you have someone to drive you?"]);
}

#[test]
fn the_longest_hold_of_the_drugs_named_sets_the_first_day() {
    // Clopidogrel is held 7 days for an epidural: from Tuesday the 21st.
    let mut c = convo(Channel::Sms, 28);
    c.says("book an epidural, first available");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("1");
    c.says("eliquis and plavix").expect(&[
        "the earliest I can book it is Tuesday, November 21.",
        APIXABAN,
        "instruction for clopidogrel before this procedure is to hold it for 7 days.",
        "1) Tuesday, November 21 at 9 AM",
    ]);
    c.refuse(&["November 17", "November 20"]);
    assert_eq!(c.reply().matches(CONFIRM_WITH_PRESCRIBER).count(), 1);

    // Prasugrel, 10 days before a stimulator trial: from Friday the 24th.
    let mut c = convo(Channel::Sms, 28);
    c.says("I need to schedule my spinal cord stimulator trial, first available");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("1").expect(&["Do you take a blood thinner"]);
    c.says("I take effient").expect(&["the earliest I can book it is Friday, November 24.", "1) Friday, November 24"]);
    c.says("1").says("yes").says("yes").expect(&["Your appointment is booked for Friday, November 24"]);
    assert!(booked(&c)[0].start >= local_midnight(10));
}

#[test]
fn a_drug_named_at_the_confirmation_is_checked_before_anything_is_booked() {
    let mut c = convo(Channel::Sms, 28);
    c.says("book an epidural, first available");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("1").says("no").says("yes").expect(&["To confirm: appointment on Wednesday, November 15"]);
    c.says("oh wait, I do take xarelto").expect(&["the earliest I can book it is Friday, November 17."]);
    assert!(booked(&c).is_empty());
    c.expect(&["instruction for rivaroxaban", CONFIRM_WITH_PRESCRIBER, "1) Friday, November 17"]);
}

#[test]
fn a_time_after_the_hold_is_booked_as_chosen() {
    // Monday the 20th is past a 3-day hold: chosen, confirmed, booked.
    let mut c = convo(Channel::Sms, 28);
    c.says("can i schedule my epidural next week");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("1").says("eliquis").expect(&["Will you have someone to drive you?"]).refuse(&["earliest"]);
    c.says("yes").says("yes").expect(&["booked for Monday, November 20"]);
}

#[test]
fn when_nothing_fits_after_the_hold_the_patient_hears_why_and_staff_get_an_item() {
    // Openings only on Wednesday and Thursday: all inside the hold.
    let mut c = convo(Channel::Sms, 2);
    c.says("can I book my epidural? first available");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("1").says("I take Eliquis");
    c.expect(&[
        "Because of the medication hold before this procedure, it can't be booked before Friday, November 17, and I don't have an opening from then within the next 6 weeks.",
        APIXABAN,
        CONFIRM_WITH_PRESCRIBER,
        "I've asked our scheduling staff to contact you to find a time that works.",
        "weekdays between 8 am and 5 pm",
    ]);
    c.refuse(&["I have these openings", "is booked", "earliest I can book", "stop taking", "mg", "dose"]);
    assert_eq!(c.reply().matches(CONFIRM_WITH_PRESCRIBER).count(), 1);
    assert!(booked(&c).is_empty());
    assert!(!c.finished, "a text thread stays open after the item");
    let item = c.item();
    assert!(is(item, QueueKind::Scheduling, Priority::Routine));
    assert_eq!(
        item.summary,
        "Booking needs staff: no opening for a lumbar epidural steroid injection after the 3-day apixaban hold"
    );
    assert_eq!(field(item, "reason"), Some("no-opening-after-hold"));
    assert_eq!(field(item, "drug"), Some("apixaban"));
    assert_eq!(field(item, "hold-days"), Some("3"));
    assert_eq!(field(item, "earliest"), Some("2023-11-17"));
    assert_eq!(field(item, "appointment-type"), Some("lumbar-esi"));
    assert_eq!(field(item, "requested"), Some("book"));
    assert_eq!(field(item, "preferences"), Some("first available"));
    assert_eq!(field(item, "patient-id"), Some("demo-p001"));
    assert_eq!(field(item, "callback"), Some(MARIA_PHONE));
    assert_eq!(field(item, "patient-said"), Some("I take Eliquis"));
    assert_eq!(
        field(item, "time-chosen"),
        Some("Wednesday, November 15 at 9 AM with Dr. Anika Patel at Riverside Pain & Spine")
    );

    // Preferences that cannot be met are dropped first, then the same.
    let mut c = convo(Channel::Sms, 2);
    c.says("book my epidural thursday morning, I take eliquis");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.expect(&["I don't have openings that match that.", "it can't be booked before Friday, November 17"]);
    assert_eq!(field(c.item(), "reason"), Some("no-opening-after-hold"));
}

#[test]
fn nothing_fits_on_a_call_is_said_in_plain_words() {
    let mut c = convo(Channel::Voice, 2);
    c.silence();
    c.says("I need to book an epidural, first available");
    c.identify("Maria Gonzalez", "March fourteenth nineteen seventy one");
    c.keys("1").says("I take eliquis");
    c.expect(&["it can't be booked before Friday, November 17", APIXABAN, CONFIRM_WITH_PRESCRIBER, "anything else"]);
    assert!(!c.finished, "a call goes on: anything else?");
    assert_eq!(field(c.item(), "hold-days"), Some("3"));
}

#[test]
fn without_a_ride_home_a_procedure_that_needs_one_is_not_booked() {
    let mut c = convo(Channel::Sms, 28);
    c.says("book an epidural next week");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("1").says("no").expect(&[
        "After this procedure you will need an adult to drive you home. Will you have someone to drive you? Please reply yes or no.",
    ]);
    c.says("no, I live alone").expect(&[
        "This procedure needs an adult to drive you home afterwards, so I haven't booked it.",
        "I've asked our scheduling staff to contact you to find a time that works.",
    ]);
    assert!(booked(&c).is_empty());
    let item = c.item();
    assert!(is(item, QueueKind::Scheduling, Priority::Routine));
    assert_eq!(field(item, "reason"), Some("no-ride"));
    assert_eq!(field(item, "appointment-type"), Some("lumbar-esi"));
    assert_eq!(field(item, "preferences").map(|p| p.starts_with("from 2023-11-20")), Some(true));
    assert!(field(item, "time-chosen").is_some_and(|t| t.starts_with("Monday, November 20")));

    // A visit needs no ride: not asked.
    let mut c = convo(Channel::Sms, 28);
    c.says("book a follow up visit next week");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("1").expect(&["To confirm"]).refuse(&["drive you"]);

    // On a call, asked and answered by voice.
    let mut c = convo(Channel::Voice, 28);
    c.silence();
    c.says("book an epidural next week");
    c.identify("Maria Gonzalez", "March fourteenth nineteen seventy one");
    c.keys("1").says("no").expect(&["Will you have someone to drive you? Please say yes or no."]);
    c.says("yes my husband will").expect(&["To confirm"]);
}

/// An extra opening for `code` at `at`; returns its slot id.
fn opening_at(c: &mut Convo, code: &str, at: i64) -> String {
    let slot = format!("{code}@dr-patel@{at}");
    c.host.schedule.openings.push(Opening {
        slot_id: slot.clone(),
        appointment_type: code.into(),
        provider_id: "dr-patel".into(),
        provider_name: "Dr. Anika Patel".into(),
        location_id: "downtown".into(),
        start: at,
        duration_minutes: 30,
    });
    c.host.schedule.openings.sort_by_key(|o| o.start);
    slot
}

#[test]
fn a_time_too_soon_for_the_fasting_rule_is_never_offered() {
    // 5 AM on Wednesday: the epidural's "do not eat for 6 hours" rules out
    // 9 AM today, not 2 PM.
    let mut c = convo(Channel::Sms, 28);
    c.at = local_midnight(1) + 5 * HOUR;
    c.says("can I book my epidural? today if you can");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.expect(&["I have these openings: 1) Wednesday, November 15 at 2 PM"]).refuse(&["9 AM"]);
}

#[test]
fn a_waitlist_time_inside_the_hold_or_the_fast_is_not_taken() {
    // A stimulator trial offered for this afternoon: nothing after
    // midnight cannot be met today, so the patient gets later openings.
    let mut c = convo(Channel::Sms, 28);
    c.at = local_midnight(1) + 7 * HOUR;
    let today = opening_at(&mut c, "scs-trial", local_midnight(1) + 15 * HOUR);
    c.host.schedule.join("demo-p001", "scs-trial");
    c.host.schedule.offer(&today, 3, &[("demo-p001".into(), MARIA_PHONE.into())]).unwrap();
    c.says("3");
    c.identify("Maria Gonzalez", "3/14/1971").expect(&["Do you take a blood thinner"]);
    c.says("no");
    c.expect(&[
        "Because of the fasting needed before this procedure, the earliest I can book it is Thursday, November 16.",
        "Do not eat or drink anything after midnight",
        "I have these openings: 1) Thursday, November 16 at 9 AM",
    ]);
    assert!(booked(&c).is_empty());

    // Only that time exists: nothing fits, and staff are told why.
    let mut c = convo(Channel::Sms, 0);
    c.at = local_midnight(1) + 7 * HOUR;
    let today = opening_at(&mut c, "scs-trial", local_midnight(1) + 15 * HOUR);
    c.host.schedule.join("demo-p001", "scs-trial");
    c.host.schedule.offer(&today, 3, &[("demo-p001".into(), MARIA_PHONE.into())]).unwrap();
    c.says("3");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("no").expect(&["Because of the fasting needed before this procedure, it can't be booked before"]);
    let item = c.item();
    assert_eq!(field(item, "reason"), Some("no-opening-after-fasting"));
    assert_eq!(field(item, "requested"), Some("take-waitlist-offer"));
    assert!(field(item, "time-chosen").is_some_and(|t| t.starts_with("Wednesday, November 15 at 3 PM")));
    assert!(booked(&c).is_empty());

    // An epidural offered for tomorrow to an Eliquis patient: re-offered
    // from the hold day, and the offer is not accepted.
    let mut c = convo(Channel::Sms, 28);
    let tomorrow =
        c.host.schedule.openings.iter().find(|o| o.appointment_type == "lumbar-esi").unwrap().slot_id.clone();
    c.host.schedule.join("demo-p001", "lumbar-esi");
    c.host.schedule.offer(&tomorrow, 3, &[("demo-p001".into(), MARIA_PHONE.into())]).unwrap();
    c.says("3");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("eliquis").expect(&["the earliest I can book it is Friday, November 17.", "1) Friday, November 17"]);
    assert!(booked(&c).is_empty());
    assert!(c.host.schedule.offers[0].open, "the offer stays open for the next patient");
}

#[test]
fn moving_a_procedure_keeps_to_the_hold_too() {
    let mut c = convo(Channel::Sms, 28);
    let late = c.host.schedule.openings.iter().rev().find(|o| o.appointment_type == "lumbar-esi").unwrap().clone();
    let existing = c
        .host
        .schedule
        .book(&switchboard_sdk::scheduling::BookingRequest {
            slot_id: late.slot_id,
            patient_id: "demo-p001".into(),
            needs_review: false,
            patient_instruction: None,
        })
        .unwrap();
    c.says("I need to reschedule my epidural");
    c.identify("Maria Gonzalez", "3/14/1971");
    c.expect(&["I have these openings: 1) Wednesday, November 15"]);
    c.says("1")
        .says("I take plavix")
        .expect(&["the earliest I can book it is Tuesday, November 21.", "1) Tuesday, November 21"]);
    c.says("1").says("yes").says("yes").expect(&["Your appointment has been moved to Tuesday, November 21"]);
    let moved = booked(&c)[0];
    assert_eq!(moved.id, existing.id);
    assert!(moved.start >= local_midnight(7));
}
