//! Capturing a refill request and handing it to the clinical team.
//!
//! Every message is searched for every answer (medication, pharmacy,
//! callback number), so "oxycodone, CVS on Main, call me at 502 555 0199"
//! completes the request in one go; only the question actually asked
//! accepts a free-form ("loose") answer. Once complete, the request is
//! acknowledged as *received* — never approved or promised — with the
//! practice's own timeline, steps and run-out wording, and a structured
//! `refill` item goes on the queue.

use switchboard_common::phone;
use switchboard_sdk::escalation::{Priority, QueueKind};

use super::{
    CallbackReason, End, Intent, Listen, MAX_RETRIES, MedicationCapture, RefillDraft, Slot, Stage, TurnCtx, extract,
    replies,
};

/// Whether the medication is controlled, as the queue field says it.
pub(super) fn controlled(m: &MedicationCapture) -> &'static str {
    match (m.recognised, m.schedule) {
        (false, _) => "unknown",
        (true, Some(_)) => "yes",
        (true, None) => "no",
    }
}

impl TurnCtx<'_> {
    /// Take what this message answers; ask for what is missing or submit.
    /// `awaiting` is the question we last asked (none when the request just
    /// started); `question` is true when the message was also a medication
    /// question, already answered with the safe reply.
    pub(super) fn refill(&mut self, awaiting: Option<Slot>, intents: &[Intent], question: bool) {
        let has = |i| intents.contains(&i);
        let tokens = self.utterance.tokens().to_vec();
        let mut captured = false;
        let mut named = None;
        let draft = &mut self.state.refill;

        if draft.medication.is_none()
            && let Some(found) = self.named.clone()
        {
            named = Some(found.name.clone());
            draft.medication = Some(MedicationCapture {
                as_said: found.as_said,
                name: found.name,
                schedule: found.schedule,
                recognised: true,
            });
            captured = true;
        }
        if draft.pharmacy.is_none()
            && let Some(pharmacy) = extract::pharmacy(&tokens)
        {
            draft.pharmacy = Some(pharmacy);
            captured = true;
        }
        let text = self.turn.text.as_deref().unwrap_or("");
        let keyed = (self.digits.len() >= 10).then(|| phone::find_phone(self.digits)).flatten();
        if let Some(number) = phone::find_phone(text).or(keyed) {
            draft.callback = Some(number);
            draft.callback_confirmed = true;
            captured = true;
        } else if has(Intent::No) && (awaiting == Some(Slot::ConfirmCallback) || has(Intent::ThisNumber)) {
            // "No" to the question, or "not this number" at any point.
            if !has(Intent::Yes) {
                draft.callback_rejected = true;
                captured = true;
            }
        } else if has(Intent::ThisNumber) || (awaiting == Some(Slot::ConfirmCallback) && has(Intent::Yes)) {
            draft.callback_confirmed = true;
            captured = true;
        }
        if !captured && !question {
            match awaiting {
                Some(Slot::Medication) => {
                    if let Some(said) = extract::loose(&tokens) {
                        draft.medication = Some(MedicationCapture {
                            as_said: said.clone(),
                            name: said,
                            schedule: None,
                            recognised: false,
                        });
                        captured = true;
                    }
                }
                Some(Slot::Pharmacy) => {
                    if let Some(said) = extract::loose(&tokens) {
                        draft.pharmacy = Some(said);
                        captured = true;
                    }
                }
                _ => {}
            }
        }

        if awaiting.is_some() && !captured && !question {
            self.state.misunderstood += 1;
            if self.state.misunderstood >= MAX_RETRIES {
                return self.give_up(CallbackReason::NotUnderstood, replies::NOT_UNDERSTOOD_GIVE_UP);
            }
            self.say(replies::NOT_CAUGHT);
        } else if captured {
            self.state.misunderstood = 0;
        }
        match self.next_slot() {
            None => self.submit(),
            Some(slot) => {
                let moved_on = Some(slot) != awaiting;
                if moved_on && captured {
                    match named {
                        Some(name) if self.voice || self.config.texts_name_medications => {
                            self.say(replies::got_medication(&name));
                        }
                        _ => self.say(replies::GOT_IT),
                    }
                }
                self.state.stage = Stage::Refill(slot);
                self.ask_for(slot);
            }
        }
    }

    fn next_slot(&self) -> Option<Slot> {
        let draft = &self.state.refill;
        if draft.medication.is_none() {
            Some(Slot::Medication)
        } else if draft.pharmacy.is_none() {
            Some(Slot::Pharmacy)
        } else if draft.callback_confirmed {
            None
        } else if draft.callback_rejected || !phone::is_e164(&self.turn.caller) {
            Some(Slot::CallbackNumber)
        } else {
            Some(Slot::ConfirmCallback)
        }
    }

    pub(super) fn ask_for(&mut self, slot: Slot) {
        let voice = self.voice;
        match slot {
            Slot::Medication => self.ask(replies::MEDICATION_PROMPT, Listen::Medication),
            Slot::Pharmacy => self.ask(replies::pharmacy_prompt(voice), Listen::Pharmacy),
            Slot::ConfirmCallback => {
                let prompt = replies::confirm_prompt(voice, phone::last_four(&self.turn.caller));
                self.ask(prompt, Listen::YesNo);
            }
            Slot::CallbackNumber => self.ask(replies::number_prompt(voice), Listen::Number),
        }
    }

    /// The request is complete: queue it and say what happens next.
    fn submit(&mut self) {
        // The draft is cleared at the end of the turn, so that a callback
        // queued later in this turn still carries what was captured.
        self.submitted = true;
        let draft = self.state.refill.clone();
        let Some(medication) = draft.medication.as_ref() else { return };
        let controlled = controlled(medication);
        let summary = match (controlled, medication.schedule) {
            ("yes", Some(s)) => format!("Refill request: controlled (Schedule {})", s.as_str()),
            ("no", _) => "Refill request: not controlled".to_owned(),
            _ => "Refill request: medication not recognised".to_owned(),
        };
        let fields = self.draft_fields(&draft);
        self.items.push(super::escalate::item(QueueKind::Refill, Priority::Routine, summary, fields));

        if self.voice || self.config.texts_name_medications {
            let name = if medication.recognised { medication.name.as_str() } else { "your medication" };
            self.say(replies::received_for(name));
        } else {
            self.say(replies::RECEIVED);
        }
        self.say(replies::SENT_TO_TEAM);
        let policy = &self.config.refills;
        // Unknown medications get the controlled wording: it is the longer
        // timeline, so it never sets an expectation the practice cannot meet.
        if controlled == "no" {
            self.say(policy.non_controlled_timeline.clone());
        } else {
            self.say(policy.controlled_timeline.clone());
            for step in policy.controlled_steps.clone() {
                self.say(step);
            }
        }
        self.say(policy.run_out_instructions.clone());
        self.state.misunderstood = 0;
        if self.voice {
            self.anything_else();
        } else {
            self.end = End::Finish;
        }
    }

    /// The structured fields of a (possibly partial) refill request.
    pub(super) fn draft_fields(&self, draft: &RefillDraft) -> Vec<(&'static str, String)> {
        let mut fields = Vec::new();
        if let Some(m) = &draft.medication {
            fields.push(("medication-as-said", m.as_said.clone()));
            fields.push(("medication", m.name.clone()));
            fields.push(("controlled", controlled(m).to_owned()));
            fields.push(("schedule", m.schedule.map_or("", |s| s.as_str()).to_owned()));
        }
        if let Some(p) = &draft.pharmacy {
            fields.push(("pharmacy", p.clone()));
        }
        fields.push(("callback", self.callback_number(draft)));
        fields.push(("channel", if self.voice { "voice" } else { "sms" }.to_owned()));
        fields.push(("conversation-id", self.turn.conversation_id.clone()));
        fields
    }

    /// The number staff should call: the one given, else the caller's.
    pub(super) fn callback_number(&self, draft: &RefillDraft) -> String {
        draft.callback.clone().unwrap_or_else(|| self.turn.caller.clone())
    }
}
