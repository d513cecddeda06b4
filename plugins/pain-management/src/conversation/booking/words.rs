//! What the booking conversation says. Fixed wording, so every patient
//! hears the same; nothing here invites an opt-out keyword (a patient is
//! never asked to text CANCEL or STOP: carriers unsubscribe them).

pub(crate) const PAST_DATE: &str = "That date has already passed.";
pub(crate) const NO_MATCH: &str = "I don't have openings that match that.";
pub(crate) const TAKEN: &str = "Sorry, that time was just taken.";
pub(crate) const OFFER_GONE: &str = "Sorry, that opening has already been taken. You're still on the waitlist, and we'll text you if another time opens up.";
pub(crate) const NO_OFFER: &str = "I don't see an open offer for you right now; it may already have been taken. You're still on the waitlist if you joined it.";
pub(crate) const NO_UPCOMING_STAFF: &str =
    "I don't see that appointment on our schedule, so I've asked our scheduling staff to look into it and contact you.";
pub(crate) const SCHEDULE_DOWN: &str =
    "I can't reach our schedule right now, so I've asked our scheduling staff to contact you about your appointment.";
pub(crate) const KEPT: &str = "All right, your appointment stays as it is.";
pub(crate) const WAITLISTED: &str =
    "I've added you to the waitlist. We'll text you if a time opens up, and the first patient to reply gets it.";
pub(crate) const NO_EARLIER: &str = "I don't have anything sooner right now.";
pub(crate) const AUTH_NEEDED: &str = "This procedure needs your insurance company's authorization before we can book it, and our records don't show it in place yet. I've asked our authorization staff to follow up with you; once it is in place, we can book it.";
pub(crate) const REMINDERS: &str = "We'll text you reminders before your appointment.";

/// After a procedure was not booked for want of a time that fits, or a ride.
pub(crate) const STAFF_WILL_FIND: &str = "I've asked our scheduling staff to contact you to find a time that works.";

/// Why the openings start later than they could: the medication hold.
pub(crate) fn hold_earliest(day: &str) -> String {
    format!("Because of the medication hold before this procedure, the earliest I can book it is {day}.")
}

/// Why the openings start later than they could: the fasting rule.
pub(crate) fn fasting_earliest(when: &str) -> String {
    format!("Because of the fasting needed before this procedure, the earliest I can book it is {when}.")
}

/// Nothing fits after the hold within the search window.
pub(crate) fn hold_nothing_fits(day: &str, weeks: u16) -> String {
    format!(
        "Because of the medication hold before this procedure, it can't be booked before {day}, and I don't have an opening from then within the next {weeks} weeks."
    )
}

/// Nothing fits after the fasting lead within the search window.
pub(crate) fn fasting_nothing_fits(when: &str, weeks: u16) -> String {
    format!(
        "Because of the fasting needed before this procedure, it can't be booked before {when}, and I don't have an opening from then within the next {weeks} weeks."
    )
}

/// Asked before booking a procedure that needs a driver home.
pub(crate) fn ride_prompt(voice: bool) -> String {
    let ask = if voice { "Please say yes or no." } else { "Please reply yes or no." };
    format!("After this procedure you will need an adult to drive you home. Will you have someone to drive you? {ask}")
}

/// Without a ride, the procedure is not booked.
pub(crate) const NO_RIDE: &str = "This procedure needs an adult to drive you home afterwards, so I haven't booked it.";

pub(crate) fn kind_prompt(examples: &str) -> String {
    format!("What would you like to book? For example, {examples}.")
}

pub(crate) fn prefs_prompt(voice: bool) -> &'static str {
    if voice {
        "What day and time of day suit you best, and do you have a preferred provider? For example, Tuesday morning with Doctor Patel, or the first available."
    } else {
        "What day and time of day suit you best, and do you have a preferred provider? For example: Tuesday morning with Dr. Patel, or first available."
    }
}

pub(crate) fn other_time_prompt() -> &'static str {
    "What other day or time would suit you?"
}

/// The openings, numbered; spoken as "Option 1: ..." with a pause between.
pub(crate) fn openings(list: &[String], voice: bool) -> String {
    let mut out = if voice { format!("I have {} openings.", list.len()) } else { "I have these openings:".to_owned() };
    for (i, o) in list.iter().enumerate() {
        if voice {
            out.push_str(&format!(" Option {}: {o}.", i + 1));
        } else {
            out.push_str(&format!(" {}) {o}.", i + 1));
        }
    }
    out.push_str(if voice {
        " Say or press the number of the one you'd like, or tell me another day or time."
    } else {
        " Reply with the number of the one you'd like, or tell me another day or time."
    });
    out
}

pub(crate) fn meds_prompt(examples: &str) -> String {
    format!(
        "Before this procedure, some medications need to be held. Do you take a blood thinner or an anti-inflammatory medicine, such as {examples}? If so, which one?"
    )
}

pub(crate) const MEDS_WHICH: &str = "Which one do you take?";

pub(crate) fn confirm_prompt(what: &str, when: &str, voice: bool) -> String {
    let ask = if voice { "Shall I book it? Please say yes or no." } else { "Shall I book it? Please reply yes or no." };
    format!("To confirm: {what} on {when}. {ask}")
}

/// The question avoids the word "cancel" itself, here and in every fixed
/// sentence: a patient who texts back that one word is unsubscribed by the
/// carrier from every message.
pub(crate) fn cancel_prompt(when: &str, voice: bool) -> String {
    let ask = if voice { "Please say yes or no." } else { "Please reply YES or NO." };
    format!("Your next appointment is on {when}. Shall I take it off the schedule? {ask}")
}

pub(crate) fn waitlist_prompt(weeks: u16, voice: bool) -> String {
    let ask = if voice { "Please say yes or no." } else { "Please reply yes or no." };
    format!(
        "I don't have any openings for that in the next {weeks} weeks. Would you like me to add you to the waitlist, so we can text you if a time opens up? {ask}"
    )
}

pub(crate) fn booked(what: &str, when: &str) -> String {
    format!("Your {what} is booked for {when}.")
}

/// Where an appointment is, as the schedule names it.
pub(crate) fn where_it_is(name: &str, address: &str) -> String {
    if address.is_empty() { format!("It is at {name}.") } else { format!("It is at {name}, {address}.") }
}

pub(crate) fn moved(when: &str) -> String {
    format!("Your appointment has been moved to {when}.")
}

pub(crate) fn cancelled(when: &str) -> String {
    format!("I've taken your appointment on {when} off the schedule. If you'd like another time, just let us know.")
}

pub(crate) fn confirmed(when: &str) -> String {
    format!("Thank you, your appointment on {when} is confirmed.")
}

pub(crate) fn call_prompt(when: &str) -> String {
    format!("To confirm your appointment on {when}, press 1 or say yes. To reschedule, press 2.")
}

pub(crate) fn next_is(when: &str) -> String {
    format!("Your next appointment is on {when}.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sentence_passes_the_guard_and_never_says_cancel() {
        let when = "Tuesday, December 1 at 9 AM";
        let mut all: Vec<String> = [
            PAST_DATE,
            NO_MATCH,
            TAKEN,
            OFFER_GONE,
            NO_OFFER,
            NO_UPCOMING_STAFF,
            SCHEDULE_DOWN,
            KEPT,
            WAITLISTED,
            NO_EARLIER,
            AUTH_NEEDED,
            REMINDERS,
            MEDS_WHICH,
            STAFF_WILL_FIND,
            NO_RIDE,
        ]
        .map(str::to_owned)
        .to_vec();
        for voice in [true, false] {
            all.push(prefs_prompt(voice).to_owned());
            all.push(openings(&[when.to_owned(), when.to_owned()], voice));
            all.push(confirm_prompt("lumbar epidural steroid injection", when, voice));
            all.push(cancel_prompt(when, voice));
            all.push(waitlist_prompt(6, voice));
            all.push(call_prompt(when));
            all.push(ride_prompt(voice));
        }
        let day = "Friday, November 17";
        all.extend([
            hold_earliest(day),
            fasting_earliest(when),
            hold_nothing_fits(day, 6),
            fasting_nothing_fits(when, 6),
        ]);
        all.extend([
            kind_prompt("a follow-up visit"),
            other_time_prompt().to_owned(),
            meds_prompt("warfarin, aspirin"),
        ]);
        all.extend([booked("follow-up visit", when), moved(when), cancelled(when), confirmed(when), next_is(when)]);
        for text in all {
            assert_eq!(switchboard_common::guard::classify(&text), None, "{text}");
            assert!(!text.to_lowercase().contains("cancel"), "{text}");
        }
    }
}
