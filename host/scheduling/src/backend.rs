//! The narrow API every scheduling backend serves: the embedded
//! [`SledSchedule`](crate::SledSchedule) today, an EHR-backed one (FHIR
//! Slot/Appointment over HTTP) later. The host's WIT capability and admin
//! API talk only to this trait.
//!
//! Contract for implementations:
//! - every call is scoped by `practice`; nothing of one practice is visible
//!   to, or changeable by, a call for another;
//! - `now` is passed in (the host's clock), never read from the system, so
//!   tests and timers can control it; openings before `now` plus the
//!   practice's booking notice are never offered or booked;
//! - no two appointments that hold time ([`AppointmentStatus::occupies`])
//!   ever overlap for one provider, whatever the concurrency;
//! - a failed call changes nothing.
//!
//! Writes are not flushed: the caller makes them durable (the host flushes
//! its sled database before it answers a gateway).
//!
//! [`AppointmentStatus::occupies`]: crate::AppointmentStatus::occupies

use crate::config::ScheduleConfig;
use crate::error::Result;
use crate::model::{
    AcceptOffer, Appointment, AppointmentStatus, BookingRequest, Offer, Opening, OpeningQuery, Timestamp, WaitlistEntry,
};

pub trait ScheduleBackend: Send + Sync {
    /// Replaces the practice's providers, locations, types, templates and
    /// exceptions. Existing appointments are kept as they are, also where
    /// the new config no longer offers their time.
    fn load_config(&self, practice: &str, config: &ScheduleConfig) -> Result<()>;

    /// Parses, validates and loads a JSON config (see the crate docs).
    fn load_config_json(&self, practice: &str, json: &str) -> Result<ScheduleConfig> {
        let config = ScheduleConfig::from_json(json)?;
        self.load_config(practice, &config)?;
        Ok(config)
    }

    /// The practice's config, if one was loaded.
    fn config(&self, practice: &str) -> Result<Option<ScheduleConfig>>;

    /// Free slots matching `query`, in time order (ties by provider id),
    /// none before `now` plus the booking notice and none overlapping an
    /// appointment that holds the provider's time.
    fn find_openings(&self, practice: &str, query: &OpeningQuery, now: Timestamp) -> Result<Vec<Opening>>;

    /// Books the slot for the patient, status `booked`. Fails with
    /// [`Taken`](crate::ScheduleError::Taken) if any minute of it is held.
    fn book(&self, practice: &str, request: &BookingRequest, now: Timestamp) -> Result<Appointment>;

    /// Cancels a `proposed` or `booked` appointment and frees its time. The
    /// returned appointment's `slot_id` is the freed slot, ready to
    /// [`offer`](Self::offer) to the waitlist.
    fn cancel(&self, practice: &str, appointment_id: &str, reason: &str, now: Timestamp) -> Result<Appointment>;

    /// Moves an upcoming appointment to a slot of the same type, atomically:
    /// either the new time is held and the old one freed, or nothing changes.
    /// The appointment keeps its id.
    fn reschedule(
        &self,
        practice: &str,
        appointment_id: &str,
        new_slot_id: &str,
        now: Timestamp,
    ) -> Result<Appointment>;

    /// Staff workflow: `proposed → booked`, `booked → arrived | noshow | fulfilled`,
    /// `arrived → fulfilled`. Cancelling goes through [`cancel`](Self::cancel).
    fn set_status(
        &self,
        practice: &str,
        appointment_id: &str,
        status: AppointmentStatus,
        now: Timestamp,
    ) -> Result<Appointment>;

    fn appointment(&self, practice: &str, appointment_id: &str) -> Result<Option<Appointment>>;

    /// All of a patient's appointments (any status), by start time.
    fn appointments_for(&self, practice: &str, patient_id: &str) -> Result<Vec<Appointment>>;

    /// All appointments (any status) starting in `[from, until)`, by start time.
    fn appointments_between(&self, practice: &str, from: Timestamp, until: Timestamp) -> Result<Vec<Appointment>>;

    /// All appointments on a local date (`YYYY-MM-DD`, practice time zone).
    fn appointments_on(&self, practice: &str, date: &str) -> Result<Vec<Appointment>>;

    /// Puts the patient on the waitlist for a type; joining twice returns
    /// the entry already waiting.
    fn join_waitlist(
        &self,
        practice: &str,
        patient_id: &str,
        appointment_type: &str,
        now: Timestamp,
    ) -> Result<WaitlistEntry>;

    fn leave_waitlist(&self, practice: &str, entry_id: &str, now: Timestamp) -> Result<WaitlistEntry>;

    /// Entries still waiting, in join order, optionally of one type.
    fn waitlist(&self, practice: &str, appointment_type: Option<&str>) -> Result<Vec<WaitlistEntry>>;

    /// Offers a free slot to the first `max_recipients` waiting entries of
    /// its type, in join order. `None` when nobody is waiting.
    fn offer(&self, practice: &str, slot_id: &str, max_recipients: u32, now: Timestamp) -> Result<Option<Offer>>;

    fn get_offer(&self, practice: &str, offer_id: &str) -> Result<Option<Offer>>;

    /// Open offers the patient is a recipient of, newest first: what a
    /// "yes, I'll take it" reply from that patient refers to.
    fn open_offers_for(&self, practice: &str, patient_id: &str) -> Result<Vec<Offer>>;

    /// The first recipient to accept books the slot, exactly once; every
    /// other acceptance, simultaneous or later, fails with
    /// [`Taken`](crate::ScheduleError::Taken) and the patient stays waiting.
    fn accept(&self, practice: &str, request: &AcceptOffer, now: Timestamp) -> Result<Appointment>;
}
