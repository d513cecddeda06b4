//! A new patient's referral, taken as well as answered: after the
//! practice's new-patient text, the name, date of birth, who referred
//! them, why, and their insurance, then an item for the new-patient
//! (scheduling) staff with the caller's number. "What do I need to
//! bring?" later in the conversation gets the practice's text again.

use switchboard_sdk::escalation::{Priority, QueueKind};

use super::escalate::item;
use super::{Slot, TurnCtx};
use crate::host::Host;

pub(crate) const LEAD_IN: &str =
    "I can take your referral details now, so our new-patient team can call you to schedule.";
pub(crate) const RECEIVED: &str =
    "Thank you. I've passed your referral details to our new-patient team, and they will call you to schedule.";

pub(crate) fn provider_prompts() -> [&'static str; 3] {
    [
        "Which doctor or office is referring you?",
        "What is the name of the doctor or clinic that referred you?",
        "Please tell me just the referring doctor's name or their office, for example, Dr. Lee at Main Street Family Medicine.",
    ]
}

pub(crate) fn reason_prompts() -> [&'static str; 3] {
    [
        "In a few words, what is the referral for?",
        "What would you like to be seen for?",
        "Please tell me briefly why you were referred, for example, low back pain.",
    ]
}

pub(crate) fn insurance_prompts() -> [&'static str; 3] {
    [
        "And what insurance do you have?",
        "What is the name of your insurance plan?",
        "Please tell me just your insurance company's name, or say none.",
    ]
}

impl<H: Host> TurnCtx<'_, H> {
    /// The form is complete: the item, and what happens next.
    pub(super) fn submit_referral(&mut self) {
        let form = &self.state.form;
        let mut fields = self.identity_fields();
        for (slot, name) in
            [(Slot::ReferredBy, "referred-by"), (Slot::ReferralReason, "reason"), (Slot::Insurance, "insurance")]
        {
            if let Some(value) = form.get(slot) {
                fields.push((name, value.to_owned()));
            }
        }
        fields.extend(self.contact_fields());
        let summary = "New patient referral: call to schedule the first visit".to_owned();
        self.items.push(item(QueueKind::Scheduling, Priority::Routine, summary, fields));
        self.prompt = None;
        self.say(RECEIVED);
        self.say(self.config.staff_callback_hours.clone());
        self.task_finished();
    }

    /// "What do I need to bring?" after a new-patient question.
    pub(super) fn asks_what_to_bring(&self) -> bool {
        let bring = self
            .tokens()
            .windows(2)
            .any(|w| matches!((w[0].as_str(), w[1].as_str()), ("to", "bring") | ("i", "bring") | ("should", "bring")));
        self.state.new_patient && (bring || self.tokens().iter().any(|t| t == "traer"))
    }
}
