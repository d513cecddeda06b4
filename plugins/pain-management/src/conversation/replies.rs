//! Everything the plugin itself says, in one place.
//!
//! Policy wording (timelines, steps, policies, hours) comes from the
//! practice's config; these are the connecting sentences around it. Every
//! one passes the outbound guard (tested in `tests.rs`), none names a
//! medication or a diagnosis unless the caller supplied the name, and the
//! identification wording is the same whether or not the caller was found
//! in the directory.
//!
//! Prompts come in three wordings: the first ask, then two re-asks after a
//! failed try (preceded by [`NOT_CAUGHT`]), so a re-prompt never repeats
//! the one that just failed.

use crate::config::escalation::Criterion;

pub(crate) const NOT_HEARD: &str = "Sorry, I didn't hear anything.";
pub(crate) const NOT_UNDERSTOOD: &str = "Sorry, I didn't understand that.";
/// Before a question asked again after an answer we could not use.
pub(crate) const NOT_CAUGHT: &str = "Sorry, I didn't catch that.";
pub(crate) const ANYTHING_ELSE: &str = "Is there anything else I can help you with?";
pub(crate) const WHAT_ELSE: &str = "What else can I help you with?";
/// Someone in crisis who speaks of their pills: put them out of reach.
pub(crate) const MEANS_AWAY: &str = "If you can, please put the pills somewhere out of reach or give them to someone you trust to hold while you get help.";
pub(crate) const MEANS_AWAY_ES: &str = "Si puede, ponga las pastillas fuera de su alcance o déselas a alguien de confianza para que las guarde mientras recibe ayuda.";
/// A caregiver said who they are instead of the patient's name.
pub(crate) const PATIENT_NAME: &str = "What is the patient's first and last name?";
/// After a name or date of birth given before any request.
pub(crate) const WHAT_TODAY: &str = "What can I help you with today?";
pub(crate) const RECEIVED: &str = "Thank you. We've received your refill request.";
pub(crate) const SENT_TO_TEAM: &str = "Your request has been sent to our clinical team.";
pub(crate) const STAFF_WILL_CALL: &str = "I've asked our staff to call you back.";
pub(crate) const SYMPTOM_CALLBACK: &str = "I've passed your message to our clinical team, and a clinician will call you back. If your symptoms get worse or feel severe, call 911.";
pub(crate) const WORSE_CALL_911: &str = "If the symptoms get worse or feel severe, call 911.";
pub(crate) const POLICY_CALLBACK: &str = "I've asked our staff to call you back about that.";
pub(crate) const SCHEDULING: &str = "I've asked our scheduling staff to contact you about your appointment.";
pub(crate) const AUTH_STAFF: &str = "I've asked our authorization staff to contact you.";
pub(crate) const ALL_RIGHT: &str = "All right.";
pub(crate) const TRANSFER_ANNOUNCE: &str = "Please hold while I connect you to our staff.";
pub(crate) const GOT_IT: &str = "Got it.";
pub(crate) const UPDATED: &str = "Thanks, I've updated that.";
/// Said after name and date of birth, whatever the directory said.
pub(crate) const THANK_YOU: &str = "Thank you.";
pub(crate) const DATE_NOT_RIGHT: &str = "That date doesn't look right.";
pub(crate) const ALERTED: &str = "I've also alerted our clinical team.";
pub(crate) const NO_INPUT_GIVE_UP: &str =
    "I'm sorry, I still didn't hear anything. I've asked our staff to call you back.";
pub(crate) const NOT_UNDERSTOOD_GIVE_UP: &str =
    "I'm sorry I couldn't help with that. I've asked our staff to call you back.";
pub(crate) const NO_STATUS: &str = "I don't have a status on record for that procedure that I can share right now.";
pub(crate) fn refill_offer(voice: bool) -> &'static str {
    if voice {
        "If you'd like to make a refill request now, say refill."
    } else {
        "If you'd like to send a refill request now, reply REFILL."
    }
}
pub(crate) const OPT_OUT: &str = "You're unsubscribed and won't receive more texts from us. In an emergency, call 911.";

/// The most characters the plugin adds around the practice's refill texts
/// in one text message: the greeting is separate; a first message can carry
/// the safe reply, the acknowledgement, and the "sent to our clinical team"
/// line, each followed by a space.
pub(crate) fn refill_ack_fixed_chars() -> usize {
    [switchboard_common::guard::SAFE_REPLY, RECEIVED, SENT_TO_TEAM].iter().map(|t| t.chars().count() + 1).sum()
}

pub(crate) fn menu(voice: bool) -> &'static str {
    if voice {
        "I can take a prescription refill request, book or change an appointment, check on a prior authorization, answer questions about our office and policies, or get you to our staff. How can I help you today? You can also press 0 for our staff. Para español, oprima 2."
    } else {
        "I can take a prescription refill request, book or change an appointment, check on a prior authorization, answer questions about our office and policies, or have our staff call you back. How can I help? Para español, responda ESPAÑOL."
    }
}

pub(crate) fn name_prompts(voice: bool) -> [&'static str; 3] {
    if voice {
        [
            "To get started, please tell me your first and last name.",
            "Please say your first and last name.",
            "Please say just your first name and your last name, for example, Jane Smith.",
        ]
    } else {
        [
            "To get started, what is your first and last name?",
            "Please text your first and last name.",
            "Please text just your first and last name, for example: Jane Smith.",
        ]
    }
}

pub(crate) fn birth_prompts(voice: bool) -> [&'static str; 3] {
    if voice {
        [
            "And what is your date of birth?",
            "Please say your date of birth, for example, March 14th, 1971.",
            "Please say the month, the day and the year you were born, or key in your date of birth as 8 digits.",
        ]
    } else {
        [
            "And what is your date of birth?",
            "Please text your date of birth, for example 03/14/1971.",
            "Please text the month, day and year you were born, like 03/14/1971.",
        ]
    }
}

pub(crate) fn medication_prompts() -> [&'static str; 3] {
    [
        "Which medication do you need refilled?",
        "What is the name of the medication you need refilled?",
        "Please tell me just the name of the medication, as it is written on the label.",
    ]
}

pub(crate) fn pharmacy_prompts(voice: bool) -> [&'static str; 3] {
    if voice {
        [
            "Which pharmacy do you use? Please tell me its name and the street or town.",
            "What is the name of your pharmacy, and where is it?",
            "Please say just the pharmacy name and the street it is on, for example, CVS on Main Street.",
        ]
    } else {
        [
            "Which pharmacy do you use? Please include the street or town.",
            "Which pharmacy should we use, and where is it?",
            "Please text just the pharmacy name and street, for example: CVS on Main St.",
        ]
    }
}

pub(crate) fn confirm_prompts(voice: bool, last_four: &str) -> [String; 3] {
    if voice {
        let n = spaced_digits(last_four);
        [
            format!(
                "Can our staff reach you at the number ending in {n}? Say yes or no, or press 1 for yes and 2 for no."
            ),
            format!("Is the number ending in {n} the best number to call you back? Press 1 for yes or 2 for no."),
            format!("Please press 1 if we can call you back at the number ending in {n}, or 2 to give another number."),
        ]
    } else {
        [
            "Is this number the best way to reach you? Reply YES, or text the best number.".into(),
            "Can our staff reach you at this number? Reply YES, or text a different number.".into(),
            "Please reply YES to use this number, or text the number we should call.".into(),
        ]
    }
}

pub(crate) fn number_prompts(voice: bool) -> [&'static str; 3] {
    if voice {
        [
            "Please say or key in the best phone number to reach you, including the area code.",
            "Please key in your 10-digit phone number.",
            "Please say the best number to call you back, starting with the area code.",
        ]
    } else {
        [
            "Please text the best phone number to reach you, including the area code.",
            "Please text a 10-digit phone number, like 502-555-0123.",
            "Please text just the phone number we should call, starting with the area code.",
        ]
    }
}

/// `examples`: a few of the practice's procedure names.
pub(crate) fn procedure_prompts(examples: &str) -> [String; 3] {
    let examples = if examples.is_empty() { String::new() } else { format!(" For example: {examples}.") };
    [
        "Which procedure is the authorization for?".into(),
        format!("Which procedure is it for?{examples}"),
        format!("Please tell me the name of the procedure.{examples}"),
    ]
}

pub(crate) fn offer_prompts(voice: bool) -> [&'static str; 3] {
    if voice {
        [
            "Would you like our authorization staff to contact you about it? Say yes or no, or press 1 for yes and 2 for no.",
            "Should our authorization staff contact you? Press 1 for yes or 2 for no.",
            "Please press 1 if you would like a call from our authorization staff, or 2 if not.",
        ]
    } else {
        [
            "Would you like our authorization staff to contact you about it? Reply YES or NO.",
            "Should our authorization staff contact you? Reply YES or NO.",
            "Please reply YES if you would like a call from our authorization staff, or NO if not.",
        ]
    }
}

/// A new request in the middle of a flow: served first, and the flow
/// waits ("your appointment request").
pub(crate) fn set_aside(flow: &str) -> String {
    format!("Sure, let's do that first. We'll come back to {flow} after.")
}

/// The request is done; back to the flow that waited.
pub(crate) fn back_to(flow: &str) -> String {
    format!("Now, back to {flow}.")
}

/// After an approved authorization (or none needed): book it now?
pub(crate) fn book_offer_prompts(voice: bool) -> [&'static str; 3] {
    if voice {
        [
            "Would you like to schedule the procedure now? Say yes or no, or press 1 for yes and 2 for no.",
            "Shall we schedule it now? Press 1 for yes or 2 for no.",
            "Please press 1 to schedule the procedure now, or 2 if not.",
        ]
    } else {
        [
            "Would you like to schedule the procedure now? Reply YES or NO.",
            "Shall we schedule it now? Reply YES or NO.",
            "Please reply YES to schedule the procedure now, or NO if not.",
        ]
    }
}

pub(crate) fn got_medication(name: &str) -> String {
    format!("Got it: {name}.")
}

/// "I'm his daughter Karen" outside a form.
pub(crate) const NOTED_WHO: &str = "Thank you for letting me know who is calling.";
/// "Yes, my number is fine" outside a form.
pub(crate) const NOTED_NUMBER: &str = "Thank you, noted.";

pub(crate) fn received_for(name: &str) -> String {
    format!("Thank you. We've received your refill request for {name}.")
}

/// Introduces the status on a call, where naming the procedure helps.
pub(crate) fn about_procedure(name: &str) -> String {
    format!("About the authorization for your {name}:")
}

pub(crate) fn goodbye(voice: bool) -> &'static str {
    if voice { "Thank you for calling. Goodbye." } else { "Thank you. Take care." }
}

/// Said instead of "I didn't understand" after an emergency this
/// conversation: the direction again, briefly.
pub(super) fn emergency_reminder(emergencies: &[Criterion]) -> Option<&'static str> {
    if emergencies.is_empty() {
        None
    } else if emergencies.iter().all(|c| *c == Criterion::SuicidalThoughts) {
        Some(
            "Please call or text 988 now, or call 911 if you are in immediate danger. Our clinical team has been alerted.",
        )
    } else {
        Some("Please call 911 now. Our clinical team has been alerted.")
    }
}

/// The last words before hanging up on an emergency call.
pub(crate) fn hang_up_and_call(only_suicidal: bool) -> &'static str {
    if only_suicidal {
        "Please hang up and call or text 988 now, or call 911 if you are in immediate danger."
    } else {
        "Please hang up and call 911 now."
    }
}

/// A text after an urgent item paged the on-call.
pub(crate) const PAGED: &str = "I've paged our on-call clinician, who will call you back at this number shortly.";

/// When the on-call could not be paged: the urgent item is still there.
pub(crate) const NOT_PAGED: &str =
    "I've marked this as urgent for our clinical team, who will call you back as soon as possible.";

/// Said before the warm transfer to the on-call.
pub(crate) const ON_CALL_ANNOUNCE: &str = "I'm connecting you to our on-call clinician now. Please stay on the line.";

/// A call whose warm transfer could not be set up.
pub(crate) const ON_CALL_UNREACHABLE: &str = "I've marked this as urgent for our clinical team, who will call you back at this number as soon as possible. If your symptoms get worse, hang up and call 911.";

/// After hours, when a callback will come ("by noon on Monday").
pub(crate) fn after_hours_callback(by: &str) -> String {
    format!("Our office is closed right now, so someone from our team will call you back {by}.")
}

/// "3344" read out digit by digit by a text-to-speech voice.
fn spaced_digits(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() * 2);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}
