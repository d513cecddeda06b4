//! The seam between a plugin's conversation logic and the host.
//!
//! A plugin's logic talks to a [`Host`], never to the imports directly. In
//! the component, [`ImportHost`] implements it over the real imports;
//! natively, `testing::RecordingHost` (the `testing` feature) records what
//! would have happened and answers from an in-memory directory and
//! schedule, so the same logic runs in a vendor's unit tests.

use crate::HostError;
use crate::escalation::{EmergencyKind, QueueItem};
use crate::patients::{LookupQuery, Patient};
use crate::scheduling::{
    Appointment, BookingRequest, Location, Opening, OpeningQuery, PriorAuth, TaskRequest, WaitlistOffer,
};

#[cfg(target_arch = "wasm32")]
mod import;
#[cfg(target_arch = "wasm32")]
pub use import::ImportHost;

/// What a turn may do. Output methods are voice- or text-agnostic: on a
/// text turn `say` and `ask` both become a reply in the thread.
pub trait Host {
    /// Speak a sentence (voice) or send a reply (text).
    fn say(&mut self, text: &str) -> Result<(), HostError>;
    /// Speak a prompt and listen for speech or keypad input (voice).
    /// `num_digits` ends keypad input after that many digits.
    fn ask(&mut self, prompt: &str, hints: &[&str], num_digits: Option<u32>) -> Result<(), HostError>;
    /// Warm-transfer the call to `number` after announcing it (voice).
    fn transfer(&mut self, number: &str, announce: &str) -> Result<(), HostError>;
    /// End the call after what was said (voice).
    fn hang_up(&mut self) -> Result<(), HostError>;
    /// Put an item on a staff queue; returns its id.
    fn enqueue(&mut self, item: QueueItem) -> Result<String, HostError>;
    /// Record that the caller was directed to emergency services; the host
    /// makes it a stat clinical-urgent item and audits it. Returns the id.
    fn report_emergency(&mut self, kind: EmergencyKind, fields: &[(&str, &str)]) -> Result<String, HostError>;
    /// Identify a patient by full name and date of birth (`YYYY-MM-DD`),
    /// strengthened by the caller's number. `None`: no unambiguous match.
    fn lookup_patient(&mut self, query: &LookupQuery) -> Result<Option<Patient>, HostError>;
    /// The prior-authorization record staff keep for a patient and a
    /// procedure code.
    fn prior_auth_status(&mut self, patient_id: &str, procedure: &str) -> Result<Option<PriorAuth>, HostError>;
    /// Record an event in the practice's audit log.
    fn audit(&mut self, event: &str, fields: &[(&str, &str)]);

    // Scheduling. Writes take effect at once at the host (its own
    // transaction, so two turns cannot both win a slot) and are made
    // durable with the turn.

    /// The practice's local UTC offset at `at` (ms), in minutes east.
    fn utc_offset_minutes(&mut self, at: i64) -> i32;
    fn find_openings(&mut self, query: &OpeningQuery) -> Result<Vec<Opening>, HostError>;
    fn book(&mut self, request: &BookingRequest) -> Result<Appointment, HostError>;
    fn cancel(&mut self, appointment_id: &str, reason: &str) -> Result<(), HostError>;
    fn reschedule(&mut self, appointment_id: &str, slot_id: &str) -> Result<Appointment, HostError>;
    fn appointments_for(&mut self, patient_id: &str) -> Result<Vec<Appointment>, HostError>;
    /// One appointment by id, whatever its status; `not-found` when unknown.
    fn appointment(&mut self, appointment_id: &str) -> Result<Appointment, HostError>;
    /// A practice location's name and address, from the schedule;
    /// `not-found` when unknown.
    fn location(&mut self, location_id: &str) -> Result<Location, HostError>;
    fn join_waitlist(&mut self, patient_id: &str, appointment_type: &str) -> Result<String, HostError>;
    fn offer_opening(&mut self, slot_id: &str, max_recipients: u32) -> Result<Option<WaitlistOffer>, HostError>;
    fn open_offers_for(&mut self, patient_id: &str) -> Result<Vec<WaitlistOffer>, HostError>;
    fn accept_offer(
        &mut self,
        offer_id: &str,
        entry_id: &str,
        needs_review: bool,
        instruction: Option<&str>,
    ) -> Result<Appointment, HostError>;
    /// A durable timer (written with the turn); the same key replaces.
    fn schedule_task(&mut self, request: &TaskRequest) -> Result<String, HostError>;
    /// Cancel a timer by id or key.
    fn cancel_task(&mut self, id_or_key: &str) -> Result<(), HostError>;
    /// A new text to a number through the practice's outbox (delivered
    /// after the turn commits, outside quiet hours, never to an opted-out
    /// number).
    fn send_text(&mut self, to: &str, body: &str) -> Result<String, HostError>;
    /// Call a number through the outbox; when answered, `prompt` is spoken
    /// and the answer arrives as a voice turn resuming `state`.
    fn place_call(&mut self, to: &str, prompt: &str, state: &[u8]) -> Result<String, HostError>;
    /// Page the on-call by text about an urgent item this turn enqueued.
    fn page_on_call(&mut self, summary: &str, item_id: &str) -> Result<(), HostError>;
    /// Warm-transfer the call to the on-call about an urgent item (voice).
    fn transfer_to_on_call(&mut self, item_id: &str, announce: &str) -> Result<(), HostError>;
    /// Whether the office is open now, and when it next opens.
    fn office_hours(&mut self) -> OfficeHours;
    /// Semantic matching by the host (`understanding.classify`): `text`
    /// against `(label, example text)` pairs, one `(label, score)` per
    /// label, best first; scores are cosine similarities in [-1, 1].
    /// `denied` when the practice has not granted `understanding`.
    fn classify(&mut self, text: &str, examples: &[(String, String)]) -> Result<Vec<(String, f32)>, HostError>;
    /// The conversation's language as the host decided it
    /// (`practice.language`): `en` or `es`.
    fn language(&mut self) -> String;
}

/// The practice's office hours as the host reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfficeHours {
    pub open_now: bool,
    /// The next opening (ms since the epoch) when closed.
    pub next_open: Option<i64>,
}
