//! The records the backend serves and stores, shaped after FHIR R4:
//! an [`Opening`] is a Slot with status `free`; an [`Appointment`] keeps
//! FHIR's status names and `patientInstruction`; a [`WaitlistEntry`] stands
//! for an Appointment with status `waitlist` that has no slot yet.
//!
//! Field names and meanings follow the WIT `scheduling` interface so the
//! host's binding is a field-by-field copy. Times are [`Timestamp`]s:
//! milliseconds since the Unix epoch, UTC.

use serde::{Deserialize, Serialize};

/// Milliseconds since the Unix epoch, UTC (the WIT `timestamp`).
pub type Timestamp = i64;

/// What kind of appointment is wanted and the patient's preferences
/// (the WIT `opening-query`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningQuery {
    /// A practice-defined appointment type code, e.g. `lumbar-esi`.
    pub appointment_type: String,
    pub provider_id: Option<String>,
    pub location_id: Option<String>,
    /// Openings start at or after this instant...
    pub not_before: Timestamp,
    /// ...and strictly before this one.
    pub not_after: Timestamp,
    /// Local weekdays, 0 = Monday; empty means any day.
    pub weekdays: Vec<u8>,
    /// The opening's local start, in minutes after midnight, is at or after this...
    pub earliest_minute: Option<u32>,
    /// ...and at or before this (the latest acceptable start).
    pub latest_minute: Option<u32>,
    /// Clamped to [`MAX_RESULTS`](crate::MAX_RESULTS); 0 yields nothing.
    pub max_results: u32,
}

impl OpeningQuery {
    /// A query for any provider, location, day and time in `[not_before, not_after)`.
    pub fn new(appointment_type: &str, not_before: Timestamp, not_after: Timestamp, max_results: u32) -> Self {
        OpeningQuery {
            appointment_type: appointment_type.to_owned(),
            provider_id: None,
            location_id: None,
            not_before,
            not_after,
            weekdays: Vec::new(),
            earliest_minute: None,
            latest_minute: None,
            max_results,
        }
    }
}

/// A free slot (FHIR Slot, status `free`). `slot_id` is opaque to callers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opening {
    pub slot_id: String,
    pub appointment_type: String,
    pub provider_id: String,
    pub provider_name: String,
    pub location_id: String,
    pub start: Timestamp,
    pub duration_minutes: u32,
}

/// FHIR Appointment.status, restricted to the values Switchboard uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AppointmentStatus {
    Proposed,
    Booked,
    Arrived,
    Fulfilled,
    Cancelled,
    Noshow,
    Waitlist,
}

impl AppointmentStatus {
    /// Whether an appointment in this status holds its provider's time.
    /// Cancelled ones free it; a waitlist entry never had it.
    pub fn occupies(self) -> bool {
        !matches!(self, AppointmentStatus::Cancelled | AppointmentStatus::Waitlist)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AppointmentStatus::Proposed => "proposed",
            AppointmentStatus::Booked => "booked",
            AppointmentStatus::Arrived => "arrived",
            AppointmentStatus::Fulfilled => "fulfilled",
            AppointmentStatus::Cancelled => "cancelled",
            AppointmentStatus::Noshow => "noshow",
            AppointmentStatus::Waitlist => "waitlist",
        }
    }
}

impl AppointmentStatus {
    /// How a change to this status reads in an error ("cannot mark arrived").
    pub(crate) fn transition_verb(self) -> &'static str {
        match self {
            AppointmentStatus::Proposed => "mark proposed",
            AppointmentStatus::Booked => "mark booked",
            AppointmentStatus::Arrived => "mark arrived",
            AppointmentStatus::Fulfilled => "mark fulfilled",
            AppointmentStatus::Cancelled => "cancel",
            AppointmentStatus::Noshow => "mark no-show",
            AppointmentStatus::Waitlist => "move to the waitlist",
        }
    }
}

impl std::fmt::Display for AppointmentStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A FHIR Appointment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appointment {
    pub id: String,
    pub patient_id: String,
    pub appointment_type: String,
    pub provider_id: String,
    pub location_id: String,
    pub start: Timestamp,
    pub duration_minutes: u32,
    pub status: AppointmentStatus,
    /// Set when staff must review the booking (e.g. a blood thinner).
    pub needs_review: bool,
    /// The prep instructions delivered (FHIR `patientInstruction`).
    pub patient_instruction: Option<String>,
    /// The slot the appointment occupies (FHIR `Appointment.slot`); after a
    /// cancellation, the slot that was freed and may be offered again.
    pub slot_id: String,
    /// FHIR `cancellationReason`, free text.
    #[serde(default)]
    pub cancellation_reason: Option<String>,
    /// Set when the appointment came from a waitlist offer.
    #[serde(default)]
    pub waitlist_entry_id: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Appointment {
    pub fn end(&self) -> Timestamp {
        self.start + i64::from(self.duration_minutes) * 60_000
    }
}

/// The WIT `booking-request`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingRequest {
    pub slot_id: String,
    pub patient_id: String,
    pub needs_review: bool,
    pub patient_instruction: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WaitlistStatus {
    /// On the list; may be offered openings.
    Waiting,
    /// Accepted an offer; `appointment_id` says which appointment.
    Booked,
    /// Left the list.
    Removed,
}

/// A patient waiting for an appointment type (FHIR Appointment, status
/// `waitlist`, before it has a slot). Entries are served in join order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitlistEntry {
    pub id: String,
    pub patient_id: String,
    pub appointment_type: String,
    pub status: WaitlistStatus,
    pub appointment_id: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OfferStatus {
    /// Waiting for one of its recipients to accept.
    Open,
    /// Accepted by `taken_by`; every later acceptance gets `Taken`.
    Taken,
}

/// An opened slot offered to the first waiting patients of its type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    pub id: String,
    pub slot_id: String,
    pub appointment_type: String,
    pub provider_id: String,
    pub location_id: String,
    pub start: Timestamp,
    pub duration_minutes: u32,
    /// Waitlist entries it was offered to, in waitlist order.
    pub recipients: Vec<OfferRecipient>,
    pub status: OfferStatus,
    /// The waitlist entry that accepted.
    pub taken_by: Option<String>,
    pub appointment_id: Option<String>,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferRecipient {
    pub waitlist_entry_id: String,
    pub patient_id: String,
}

/// A waitlisted patient taking an offered slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptOffer {
    pub offer_id: String,
    pub waitlist_entry_id: String,
    pub needs_review: bool,
    pub patient_instruction: Option<String>,
}
