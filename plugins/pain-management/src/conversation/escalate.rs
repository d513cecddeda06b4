//! Getting people involved: requests for a person or an appointment,
//! callbacks (with an after-hours promise of when), and handing over when
//! the conversation is not working. Red flags are in `red_flags.rs`.
//!
//! Each callback reason and each emergency is recorded once per
//! conversation, however often the patient repeats it; the emergency
//! *message* is given every time, because a patient who repeats a red flag
//! must hear it again.

use switchboard_sdk::Field;
use switchboard_sdk::escalation::{Priority, QueueItem, QueueKind};

use super::{CallbackReason, End, Stage, TurnCtx, replies};
use crate::host::Host;

/// The most of the patient's own words copied onto a record.
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
    pub(super) fn as_str(self) -> &'static str {
        match self {
            CallbackReason::PersonRequest => "person-request",
            CallbackReason::MedicationQuestion => "medication-question",
            CallbackReason::Symptom => "symptom",
            CallbackReason::PolicyQuestion => "policy-question",
            CallbackReason::Appointment => "appointment",
            CallbackReason::NoInput => "no-input",
            CallbackReason::NotUnderstood => "not-understood",
            CallbackReason::GuardBlock => "guard-block",
            CallbackReason::InsuranceQuestion => "insurance-question",
            CallbackReason::InsuranceUpdate => "insurance-update",
            CallbackReason::InjuryClaim => "injury-claim",
            CallbackReason::Records => "records-request",
            CallbackReason::Billing => "billing",
            CallbackReason::SpanishStaff => "spanish-speaking-staff",
        }
    }

    pub(super) fn summary(self) -> &'static str {
        match self {
            CallbackReason::PersonRequest => "Call back: patient asked for a person",
            CallbackReason::MedicationQuestion => "Call back: medication question for a clinician",
            CallbackReason::Symptom => "Call back: symptoms for a clinician",
            CallbackReason::PolicyQuestion => "Call back: policy question",
            CallbackReason::Appointment => "Call back: appointment request",
            CallbackReason::NoInput => "Call back: call ended with no response",
            CallbackReason::NotUnderstood => "Call back: automated line could not help",
            CallbackReason::GuardBlock => "Call back: reply withheld by the safety guard",
            CallbackReason::InsuranceQuestion => "Call back: does the practice accept the patient's plan",
            CallbackReason::InsuranceUpdate => "Insurance: new card to verify",
            CallbackReason::InjuryClaim => "Insurance: workers' compensation or accident claim",
            CallbackReason::Records => "Records: records or form request",
            CallbackReason::Billing => "Billing: a bill, a charge or a fee",
            CallbackReason::SpanishStaff => {
                "Call back in Spanish: the patient needs help this service cannot give in Spanish yet"
            }
        }
    }
}

impl<H: Host> TurnCtx<'_, H> {
    /// Queue a callback for `reason`, once per conversation.
    pub(super) fn callback(&mut self, reason: CallbackReason) {
        if self.state.callbacks.contains(&reason) {
            return;
        }
        self.state.callbacks.push(reason);
        let mut fields = vec![("reason", reason.as_str().to_owned())];
        fields.extend(self.captured_fields());
        if !matches!(reason, CallbackReason::NoInput) {
            fields.push(("patient-said", self.patient_said()));
        }
        let priority = match reason {
            // A clinician should see a medication or symptom question the
            // same day.
            CallbackReason::MedicationQuestion | CallbackReason::Symptom => Priority::Urgent,
            _ => Priority::Routine,
        };
        let kind = if reason == CallbackReason::Appointment { QueueKind::Scheduling } else { QueueKind::Callback };
        // After hours a clinician's or a person's callback is a next-business-day
        // item, and the patient hears when to expect it — unless a red flag
        // was raised this conversation: then the on-call calls back today,
        // and "by noon tomorrow" would tell an urgent patient to wait.
        let next_business_day = matches!(
            reason,
            CallbackReason::MedicationQuestion | CallbackReason::Symptom | CallbackReason::PersonRequest
        ) && !self.red_flag_raised();
        if next_business_day && let Some(promise) = self.after_hours_promise() {
            fields.push(("callback-by", promise.phrase.clone()));
            fields.push(("after-hours", "yes".to_owned()));
            self.say(replies::after_hours_callback(&promise.phrase));
        }
        self.items.push(item(kind, priority, reason.summary().to_owned(), fields));
        if reason == CallbackReason::Appointment {
            // "Anything next week afternoons, Tuesday or Wednesday best"
            // after the hand-over: details for the scheduling staff.
            self.state.desk_open = Some((reason, 0));
        }
    }

    /// One callback promise per reply: the practice's callback hours once,
    /// and not at all beside an after-hours promise ("by noon tomorrow"
    /// next to "usually the same day" would be two different answers).
    pub(super) fn one_callback_promise(&mut self) {
        let hours = self.config.staff_callback_hours.clone();
        let closed = replies::after_hours_callback("");
        let closed_prefix = closed.trim_end_matches('.').trim_end();
        let after_hours = self.lines.iter().any(|l| l.starts_with(closed_prefix));
        let mut seen = false;
        self.lines.retain(|line| {
            if *line != hours {
                return true;
            }
            let keep = !after_hours && !seen;
            seen = true;
            keep
        });
    }

    /// They want a person: transfer the call if the practice has a staff
    /// line, otherwise staff call back.
    pub(super) fn person(&mut self) {
        self.callback(CallbackReason::PersonRequest);
        if self.red_flag_raised() {
            // The on-call clinician has the urgent item and calls back today
            // (the page's line says so); office callback hours would only
            // make an urgent patient think of tomorrow.
            self.say(replies::STAFF_WILL_CALL);
            self.finish_politely();
            return;
        }
        // After hours nobody is at the staff line: the callback (and its
        // promised time) stands instead of a transfer to an empty office.
        let open = self.hours().open_now || self.hours().next_open.is_none();
        if self.voice
            && open
            && let Some(number) = self.config.transfer_number.clone()
        {
            self.end = End::Transfer(number);
            return;
        }
        self.say(replies::STAFF_WILL_CALL);
        self.say(self.config.staff_callback_hours.clone());
        self.finish_politely();
    }

    /// Appointments are booked by staff for now: a scheduling item.
    pub(super) fn appointment(&mut self) {
        self.appointment_callback();
        self.say(replies::SCHEDULING);
        self.say(self.config.staff_callback_hours.clone());
    }

    /// The scheduling item, with the message that asked for the
    /// appointment when that was an earlier turn (this one may be only a
    /// date of birth).
    pub(super) fn appointment_callback(&mut self) {
        let first = self.items.len();
        self.callback(CallbackReason::Appointment);
        let asked = self.state.appointment_asked.clone().filter(|a| *a != self.patient_said());
        if let (Some(item), Some(asked)) = (self.items.get_mut(first), asked) {
            item.fields.push(switchboard_sdk::Field { name: "request-said".to_owned(), value: asked });
        }
    }

    /// A voice turn with nothing heard.
    pub(super) fn no_input(&mut self) {
        self.state.no_input += 1;
        if self.state.no_input >= self.config.max_failed_tries {
            return self.give_up(CallbackReason::NoInput, replies::NO_INPUT_GIVE_UP);
        }
        self.say(replies::NOT_HEARD);
        self.reprompt();
    }

    /// A message we could not place (outside a form). After an emergency,
    /// where to get help is repeated rather than the menu.
    pub(super) fn not_understood(&mut self) {
        if let Some(reminder) = self.emergency_reminder() {
            self.say(reminder);
            return;
        }
        self.state.misunderstood += 1;
        if self.state.misunderstood >= self.config.max_failed_tries {
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
        self.task_done = true;
        self.finish_politely();
    }

    pub(super) fn finish_politely(&mut self) {
        if self.voice {
            self.say(replies::goodbye(true));
            self.end = End::HangUp;
        } else {
            self.end = End::Finish;
        }
    }

    /// After a request is done: "anything else?" on a call; a text
    /// conversation ends.
    pub(super) fn task_finished(&mut self) {
        self.task_done = true;
        self.finished_request = true;
        self.state.misunderstood = 0;
        if self.voice {
            self.state.stage = Stage::AnythingElse;
            self.ask(replies::ANYTHING_ELSE, super::Listen::AnythingElse);
        } else {
            // A text thread stays open after a request: "send it to the
            // Kroger instead" or "so when will I know?" is about the request
            // just made, not a new conversation that asks for a name again.
            // A goodbye ends it, and the host ends an idle thread.
            self.state.stage = Stage::Menu;
        }
    }

    /// The patient's own words, bounded, for the staff reading the record.
    pub(super) fn patient_said(&self) -> String {
        let text = self.text().trim();
        match text.char_indices().nth(MAX_SAID) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text.to_owned(),
        }
    }

    /// Where the conversation came from and how to call back.
    pub(super) fn contact_fields(&self) -> Vec<(&'static str, String)> {
        let mut fields = vec![("callback", self.callback_number())];
        if let Some(time) = &self.state.callback_time {
            fields.push(("callback-time", time.clone()));
        }
        fields.push(("channel", if self.voice { "voice" } else { "sms" }.to_owned()));
        fields.push(("conversation-id", self.turn.conversation_id.clone()));
        fields
    }
}
