//! [`Host`] over the contract's imports: what a component's turn really
//! does. On a text turn both `say` and `ask` are the thread's reply.

use super::{Host, OfficeHours};
use crate::escalation::{EmergencyKind, QueueItem};
use crate::patients::{LookupQuery, Patient};
use crate::scheduling::{
    Appointment, BookingRequest, Location, Opening, OpeningQuery, PriorAuth, TaskRequest, WaitlistOffer,
};
use crate::{Field, HostError, calls, escalation, log, patients, practice, scheduling, texts, understanding};

/// The real imports. On a text turn both `say` and `ask` are the thread's
/// reply (the conversation sends one combined reply per text turn).
pub struct ImportHost {
    voice: bool,
}

impl ImportHost {
    /// The host for one turn; `voice`: the turn is a call.
    pub fn new(voice: bool) -> Self {
        ImportHost { voice }
    }
}

/// Seconds of silence before the host's no-input fallback; Twilio's default.
const ASK_TIMEOUT_SECONDS: u32 = 5;

impl Host for ImportHost {
    fn say(&mut self, text: &str) -> Result<(), HostError> {
        if self.voice { calls::say(text) } else { texts::reply(text) }
    }

    fn ask(&mut self, prompt: &str, hints: &[&str], num_digits: Option<u32>) -> Result<(), HostError> {
        if !self.voice {
            return texts::reply(prompt);
        }
        let options = calls::AskOptions {
            input: calls::InputMode::SpeechAndDtmf,
            hints: hints.iter().map(|h| (*h).to_owned()).collect(),
            timeout_seconds: ASK_TIMEOUT_SECONDS,
            num_digits,
        };
        calls::ask(prompt, &options)
    }

    fn transfer(&mut self, number: &str, announce: &str) -> Result<(), HostError> {
        calls::transfer(number, Some(announce))
    }

    fn hang_up(&mut self) -> Result<(), HostError> {
        calls::hang_up()
    }

    fn enqueue(&mut self, item: QueueItem) -> Result<String, HostError> {
        escalation::enqueue(&item)
    }

    fn report_emergency(&mut self, kind: EmergencyKind, fields: &[(&str, &str)]) -> Result<String, HostError> {
        escalation::report_emergency(kind, &to_fields(fields))
    }

    fn lookup_patient(&mut self, query: &LookupQuery) -> Result<Option<Patient>, HostError> {
        patients::lookup(query)
    }

    fn prior_auth_status(&mut self, patient_id: &str, procedure: &str) -> Result<Option<PriorAuth>, HostError> {
        scheduling::prior_auth_status(patient_id, procedure)
    }

    fn audit(&mut self, event: &str, fields: &[(&str, &str)]) {
        log::audit(event, &to_fields(fields));
    }

    fn utc_offset_minutes(&mut self, at: i64) -> i32 {
        practice::utc_offset_minutes(at)
    }

    fn find_openings(&mut self, query: &OpeningQuery) -> Result<Vec<Opening>, HostError> {
        scheduling::find_openings(query)
    }

    fn book(&mut self, request: &BookingRequest) -> Result<Appointment, HostError> {
        scheduling::book(request)
    }

    fn cancel(&mut self, appointment_id: &str, reason: &str) -> Result<(), HostError> {
        scheduling::cancel(appointment_id, reason)
    }

    fn reschedule(&mut self, appointment_id: &str, slot_id: &str) -> Result<Appointment, HostError> {
        scheduling::reschedule(appointment_id, slot_id)
    }

    fn appointments_for(&mut self, patient_id: &str) -> Result<Vec<Appointment>, HostError> {
        scheduling::appointments_for(patient_id)
    }

    fn appointment(&mut self, appointment_id: &str) -> Result<Appointment, HostError> {
        scheduling::get_appointment(appointment_id)
    }

    fn location(&mut self, location_id: &str) -> Result<Location, HostError> {
        scheduling::get_location(location_id)
    }

    fn join_waitlist(&mut self, patient_id: &str, appointment_type: &str) -> Result<String, HostError> {
        scheduling::join_waitlist(patient_id, appointment_type)
    }

    fn offer_opening(&mut self, slot_id: &str, max_recipients: u32) -> Result<Option<WaitlistOffer>, HostError> {
        scheduling::offer_opening(slot_id, max_recipients)
    }

    fn open_offers_for(&mut self, patient_id: &str) -> Result<Vec<WaitlistOffer>, HostError> {
        scheduling::open_offers_for(patient_id)
    }

    fn accept_offer(
        &mut self,
        offer_id: &str,
        entry_id: &str,
        needs_review: bool,
        instruction: Option<&str>,
    ) -> Result<Appointment, HostError> {
        scheduling::accept_offer(offer_id, entry_id, needs_review, instruction)
    }

    fn schedule_task(&mut self, request: &TaskRequest) -> Result<String, HostError> {
        scheduling::schedule_task(request)
    }

    fn cancel_task(&mut self, id_or_key: &str) -> Result<(), HostError> {
        scheduling::cancel_task(id_or_key)
    }

    fn send_text(&mut self, to: &str, body: &str) -> Result<String, HostError> {
        texts::send(to, body)
    }

    fn place_call(&mut self, to: &str, prompt: &str, state: &[u8]) -> Result<String, HostError> {
        calls::place_call(to, prompt, state)
    }

    fn page_on_call(&mut self, summary: &str, item_id: &str) -> Result<(), HostError> {
        escalation::page_on_call(summary, item_id)
    }

    fn transfer_to_on_call(&mut self, item_id: &str, announce: &str) -> Result<(), HostError> {
        escalation::transfer_to_on_call(item_id, announce)
    }

    fn office_hours(&mut self) -> OfficeHours {
        let status = practice::office_hours();
        OfficeHours { open_now: status.open_now, next_open: status.next_open }
    }

    fn language(&mut self) -> String {
        practice::language()
    }

    fn classify(&mut self, text: &str, examples: &[(String, String)]) -> Result<Vec<(String, f32)>, HostError> {
        let examples: Vec<understanding::LabelledExample> = examples
            .iter()
            .map(|(label, text)| understanding::LabelledExample { label: label.clone(), text: text.clone() })
            .collect();
        let scores = understanding::classify_examples(text, &examples)?;
        Ok(scores.into_iter().map(|s| (s.label, s.score)).collect())
    }
}

fn to_fields(fields: &[(&str, &str)]) -> Vec<Field> {
    fields.iter().map(|(name, value)| Field { name: (*name).to_owned(), value: (*value).to_owned() }).collect()
}
