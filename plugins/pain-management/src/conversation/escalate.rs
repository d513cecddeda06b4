//! Getting people involved: emergencies, requests for a person, callbacks,
//! and handing over when the conversation is not working.
//!
//! Each callback reason and each emergency is queued once per conversation,
//! however often the patient repeats it; the emergency *message* is given
//! every time, because a patient who repeats a red flag must hear it again.

use switchboard_sdk::Field;
use switchboard_sdk::escalation::{Priority, QueueItem, QueueKind};

use super::{CallbackReason, End, RedFlag, TurnCtx, replies};

/// The most of the patient's own words copied onto a queue item.
const MAX_SAID: usize = 500;

/// Build a queue item from named fields.
pub(super) fn item(
    kind: QueueKind,
    priority: Priority,
    summary: String,
    fields: Vec<(&'static str, String)>,
) -> QueueItem {
    let fields = fields.into_iter().map(|(name, value)| Field { name: name.to_owned(), value }).collect();
    QueueItem { kind, priority, summary, fields }
}

impl CallbackReason {
    fn as_str(self) -> &'static str {
        match self {
            CallbackReason::PersonRequest => "person-request",
            CallbackReason::MedicationQuestion => "medication-question",
            CallbackReason::NoInput => "no-input",
            CallbackReason::NotUnderstood => "not-understood",
            CallbackReason::GuardBlock => "guard-block",
        }
    }

    fn summary(self) -> &'static str {
        match self {
            CallbackReason::PersonRequest => "Call back: patient asked for a person",
            CallbackReason::MedicationQuestion => "Call back: medication question for a clinician",
            CallbackReason::NoInput => "Call back: call ended with no response",
            CallbackReason::NotUnderstood => "Call back: automated line could not help",
            CallbackReason::GuardBlock => "Call back: reply withheld by the safety guard",
        }
    }
}

impl TurnCtx<'_> {
    /// Queue a callback for `reason`, once per conversation.
    pub(super) fn callback(&mut self, reason: CallbackReason) {
        if self.state.callbacks.contains(&reason) {
            return;
        }
        self.state.callbacks.push(reason);
        let mut fields = vec![("reason", reason.as_str().to_owned())];
        fields.extend(self.draft_fields(&self.state.refill));
        if matches!(reason, CallbackReason::MedicationQuestion | CallbackReason::GuardBlock) {
            fields.push(("patient-said", self.patient_said()));
        }
        let priority = match reason {
            // A clinician should see a medication question the same day.
            CallbackReason::MedicationQuestion => Priority::Urgent,
            _ => Priority::Routine,
        };
        self.items.push(item(QueueKind::Callback, priority, reason.summary().to_owned(), fields));
    }

    /// A red flag: tell them where to get help now, and alert the team.
    pub(super) fn emergency(&mut self, flags: &[RedFlag]) {
        // The emergency comes first, before any greeting.
        self.lines.clear();
        self.prompt = None;
        for &flag in flags {
            self.say(replies::emergency(flag));
            if !self.state.emergencies.contains(&flag) {
                self.state.emergencies.push(flag);
                let summary = format!("Emergency ({}): patient directed to emergency services", flag.as_str());
                let mut fields = vec![("emergency-kind", flag.as_str().to_owned())];
                fields.push(("patient-said", self.patient_said()));
                fields.push(("callback", self.callback_number(&self.state.refill)));
                fields.push(("channel", if self.voice { "voice" } else { "sms" }.to_owned()));
                fields.push(("conversation-id", self.turn.conversation_id.clone()));
                self.items.push(item(QueueKind::ClinicalUrgent, Priority::Stat, summary, fields));
                self.audits.push(("red-flag", vec![("kind", flag.as_str().to_owned())]));
            }
        }
        self.say(replies::ALERTED);
        if self.voice {
            self.say(replies::hang_up_and_call(flags));
            self.end = End::HangUp;
        }
    }

    /// They want a person: transfer the call if the practice has a staff
    /// line, otherwise staff call back.
    pub(super) fn person(&mut self) {
        self.callback(CallbackReason::PersonRequest);
        if self.voice
            && let Some(number) = self.config.transfer_number.clone()
        {
            self.end = End::Transfer(number);
            return;
        }
        self.say(replies::STAFF_WILL_CALL);
        self.say(self.config.staff_callback_hours.clone());
        self.finish_politely();
    }

    /// A voice turn with nothing heard.
    pub(super) fn no_input(&mut self) {
        self.state.no_input += 1;
        if self.state.no_input >= super::MAX_RETRIES {
            return self.give_up(CallbackReason::NoInput, replies::NO_INPUT_GIVE_UP);
        }
        self.say(replies::NOT_HEARD);
        self.reprompt();
    }

    /// A message we could not place.
    pub(super) fn not_understood(&mut self) {
        self.state.misunderstood += 1;
        if self.state.misunderstood >= super::MAX_RETRIES {
            return self.give_up(CallbackReason::NotUnderstood, replies::NOT_UNDERSTOOD_GIVE_UP);
        }
        self.say(replies::NOT_UNDERSTOOD);
        self.reprompt();
    }

    /// Hand over to staff and end the conversation.
    pub(super) fn give_up(&mut self, reason: CallbackReason, message: &str) {
        self.callback(reason);
        self.prompt = None;
        self.say(message);
        self.say(self.config.staff_callback_hours.clone());
        self.finish_politely();
    }

    fn finish_politely(&mut self) {
        if self.voice {
            self.say(replies::goodbye(true));
            self.end = End::HangUp;
        } else {
            self.end = End::Finish;
        }
    }

    /// The patient's own words, bounded, for the clinician reading the item.
    fn patient_said(&self) -> String {
        let text = self.turn.text.as_deref().unwrap_or("").trim();
        match text.char_indices().nth(MAX_SAID) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text.to_owned(),
        }
    }
}
