//! Everything the plugin itself says, in one place.
//!
//! Policy wording (timelines, steps, hours) comes from the practice's
//! config; these are the connecting sentences around it. Every one passes
//! the outbound guard (tested in `tests.rs`), and none names a medication or
//! a diagnosis unless the caller supplies the name.

use super::intents::RedFlag;

pub(crate) const NOT_HEARD: &str = "Sorry, I didn't hear anything.";
pub(crate) const NOT_UNDERSTOOD: &str = "Sorry, I didn't understand that.";
pub(crate) const NOT_CAUGHT: &str = "Sorry, I didn't catch that.";
pub(crate) const MEDICATION_PROMPT: &str = "Which medication do you need refilled?";
pub(crate) const ANYTHING_ELSE: &str = "Is there anything else I can help you with?";
pub(crate) const RECEIVED: &str = "Thank you. We've received your refill request.";
pub(crate) const SENT_TO_TEAM: &str = "Your request has been sent to our clinical team.";
pub(crate) const STAFF_WILL_CALL: &str = "I've asked our staff to call you back.";
pub(crate) const TRANSFER_ANNOUNCE: &str = "Please hold while I connect you to our staff.";
pub(crate) const GOT_IT: &str = "Got it.";
pub(crate) const ALERTED: &str = "I've also alerted our clinical team.";
pub(crate) const NO_INPUT_GIVE_UP: &str =
    "I'm sorry, I still didn't hear anything. I've asked our staff to call you back.";
pub(crate) const NOT_UNDERSTOOD_GIVE_UP: &str =
    "I'm sorry I couldn't help with that. I've asked our staff to call you back.";

/// The most characters the plugin adds around the practice's refill texts
/// in one text message: the greeting is separate; a first message can carry
/// the safe reply, the acknowledgement, and the "sent to our clinical team"
/// line, each followed by a space.
pub(crate) fn refill_ack_fixed_chars() -> usize {
    [switchboard_common::guard::SAFE_REPLY, RECEIVED, SENT_TO_TEAM].iter().map(|t| t.chars().count() + 1).sum()
}

pub(crate) fn menu(voice: bool) -> &'static str {
    if voice {
        "I can take a prescription refill request, or get you to our staff. How can I help you today? You can also press 0 for our staff."
    } else {
        "I can take a prescription refill request, or have our staff call you back. How can I help?"
    }
}

pub(crate) fn pharmacy_prompt(voice: bool) -> &'static str {
    if voice {
        "Which pharmacy do you use? Please tell me its name and the street or town."
    } else {
        "Which pharmacy do you use? Please include the street or town."
    }
}

pub(crate) fn confirm_prompt(voice: bool, last_four: &str) -> String {
    if voice {
        format!(
            "Can our staff reach you at the number ending in {}? Say yes or no, or press 1 for yes and 2 for no.",
            spaced_digits(last_four)
        )
    } else {
        "Is this number the best way to reach you? Reply YES, or text the best number.".into()
    }
}

pub(crate) fn number_prompt(voice: bool) -> &'static str {
    if voice {
        "Please say or key in the best phone number to reach you, including the area code."
    } else {
        "Please text the best phone number to reach you, including the area code."
    }
}

pub(crate) fn got_medication(name: &str) -> String {
    format!("Got it: {name}.")
}

pub(crate) fn received_for(name: &str) -> String {
    format!("Thank you. We've received your refill request for {name}.")
}

pub(crate) fn goodbye(voice: bool) -> &'static str {
    if voice { "Thank you for calling. Goodbye." } else { "Thank you. Take care." }
}

/// What to do now, per emergency: 911, or 988 for a suicidal crisis.
pub(crate) fn emergency(flag: RedFlag) -> &'static str {
    match flag {
        RedFlag::Overdose => {
            "If someone may have taken too much medication, is hard to wake, or is breathing slowly or not at all, call 911 now. Give naloxone (Narcan) if you have it."
        }
        RedFlag::SuicidalCrisis => {
            "If you are thinking about suicide or hurting yourself, please call or text 988 now to reach the Suicide and Crisis Lifeline. If you are in immediate danger, call 911."
        }
        RedFlag::CaudaEquina => {
            "New numbness or weakness in both legs, numbness in the groin or inner thighs, or new loss of bladder or bowel control needs emergency care now. Call 911 or go to the nearest emergency department."
        }
        RedFlag::SevereAllergicReaction => {
            "Trouble breathing or swelling of the throat, tongue or lips can be a severe allergic reaction. Call 911 now."
        }
    }
}

/// The last words before hanging up on an emergency call.
pub(crate) fn hang_up_and_call(flags: &[RedFlag]) -> &'static str {
    if flags.iter().all(|f| *f == RedFlag::SuicidalCrisis) {
        "Please hang up and call or text 988 now, or call 911 if you are in immediate danger."
    } else {
        "Please hang up and call 911 now."
    }
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
