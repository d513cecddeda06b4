//! The refill request: what goes on the refill queue, and what the patient
//! is told — that the request was *received* (never approved or promised),
//! with the practice's own timeline, steps and run-out wording.

use switchboard_common::normalize::Utterance;
use switchboard_sdk::escalation::{Priority, QueueKind};

use super::{Slot, TurnCtx, escalate::item, replies};
use crate::host::Host;
use crate::medications::{self, Schedule};

/// The medication as captured: looked up again from what was said, so the
/// state only keeps the words.
struct Medication {
    as_said: String,
    /// The matched entry's name, or what was said.
    name: String,
    schedule: Option<Schedule>,
    recognised: bool,
}

impl Medication {
    /// Whether it is controlled, as the queue field says it.
    fn controlled(&self) -> &'static str {
        match (self.recognised, self.schedule) {
            (false, _) => "unknown",
            (true, Some(_)) => "yes",
            (true, None) => "no",
        }
    }
}

impl<H: Host> TurnCtx<'_, H> {
    fn medication(&self) -> Option<Medication> {
        let as_said = self.state.form.get(Slot::Medication)?;
        let extras = &self.config.extra_controlled;
        let tokens = Utterance::new(as_said, |_| false);
        Some(match medications::find(tokens.tokens(), extras) {
            Some(found) => {
                Medication { as_said: as_said.to_owned(), name: found.name, schedule: found.schedule, recognised: true }
            }
            None => {
                Medication { as_said: as_said.to_owned(), name: as_said.to_owned(), schedule: None, recognised: false }
            }
        })
    }

    /// "Got it" for an answer; on a call (or where the practice allows it
    /// in texts) naming the medication just recognised.
    pub(super) fn acknowledge_medication(&mut self) {
        match &self.named {
            Some(found) if self.voice || self.config.texts_name_medications => {
                let line = replies::got_medication(&found.name);
                self.say(line);
            }
            _ => self.say(replies::GOT_IT),
        }
    }

    /// The request is complete: queue it and say what happens next.
    pub(super) fn submit_refill(&mut self) {
        let Some(medication) = self.medication() else { return };
        let controlled = medication.controlled();
        let summary = match (controlled, medication.schedule) {
            ("yes", Some(s)) => format!("Refill request: controlled (Schedule {})", s.as_str()),
            ("no", _) => "Refill request: not controlled".to_owned(),
            _ => "Refill request: medication not recognised".to_owned(),
        };
        let mut fields = self.identity_fields();
        fields.extend(self.refill_fields());
        fields.extend(self.contact_fields());
        self.items.push(item(QueueKind::Refill, Priority::Routine, summary, fields));

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
        self.task_finished();
    }

    /// The refill fields of a (possibly partial) request.
    pub(super) fn refill_fields(&self) -> Vec<(&'static str, String)> {
        let mut fields = Vec::new();
        if let Some(m) = self.medication() {
            fields.push(("medication-as-said", m.as_said.clone()));
            fields.push(("medication", m.name.clone()));
            fields.push(("controlled", m.controlled().to_owned()));
            fields.push(("schedule", m.schedule.map_or("", |s| s.as_str()).to_owned()));
        }
        let flag = |on: bool| if on { "yes" } else { "no" }.to_owned();
        fields.push(("early-refill", flag(self.state.early_refill)));
        fields.push(("lost-prescription", flag(self.state.lost_prescription)));
        if let Some(p) = self.state.form.get(Slot::Pharmacy) {
            fields.push(("pharmacy", p.to_owned()));
        }
        fields
    }
}
