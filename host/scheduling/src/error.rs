//! Typed errors at the crate boundary.
//!
//! Every failure a plugin can act on has its own variant, and
//! [`ScheduleError::kind`] sorts them into the five cases of the WIT
//! `host-error` (plus `Internal` for storage faults), so the host maps them
//! without matching on messages. Messages never contain patient data: they
//! name slots, appointment ids and config paths only.

use crate::config::ConfigError;
use crate::model::AppointmentStatus;

/// How a caller should treat an error; mirrors the WIT `host-error` cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The request was malformed or not allowed (WIT `invalid`).
    Invalid,
    /// The thing referred to does not exist (WIT `not-found`).
    NotFound,
    /// Someone else got there first (WIT `conflict`).
    Conflict,
    /// The practice has no schedule, or this backend cannot do it (WIT `unavailable`).
    Unavailable,
    /// A storage fault or corrupt record: a host problem, not the caller's.
    Internal,
}

/// Why a slot cannot be booked, offered or moved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotProblem {
    /// It starts before now plus the practice's booking notice.
    Past,
    /// No template or open block of this provider, at this location, for
    /// this appointment type covers the whole slot (or a closure does).
    OutsideAvailability,
    /// A reschedule must keep the appointment type.
    WrongType,
    /// Starts must be on the 5-minute grid.
    OffGrid,
    /// The provider, location or type in the slot id is not in the config.
    UnknownReference,
}

impl std::fmt::Display for SlotProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SlotProblem::Past => "it starts in the past or too soon to book",
            SlotProblem::OutsideAvailability => "it is outside the provider's availability",
            SlotProblem::WrongType => "it is for a different appointment type",
            SlotProblem::OffGrid => "it does not start on a 5-minute boundary",
            SlotProblem::UnknownReference => "its provider, location or type is not in the schedule",
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    #[error("invalid practice id {0:?}: use 1-64 characters from a-z, 0-9 and '-'")]
    InvalidPracticeId(String),
    #[error("practice {0} has no schedule configured")]
    NotConfigured(String),
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A query or request field is out of range (the message names the field).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    #[error("malformed slot id")]
    MalformedSlotId,
    #[error("slot {slot_id} cannot be booked: {problem}")]
    SlotUnavailable { slot_id: String, problem: SlotProblem },
    /// The slot (or an overlapping time of the same provider) was taken by
    /// someone else, or the waitlist offer was already accepted.
    #[error("that time has already been taken")]
    Taken,
    #[error("{what} {id} not found")]
    NotFound { what: &'static str, id: String },
    #[error("appointment {id} is {status}; cannot {action}")]
    InvalidState { id: String, status: AppointmentStatus, action: &'static str },
    #[error("appointment {id} has already started")]
    AlreadyStarted { id: String },
    #[error("waitlist entry {id} is no longer waiting")]
    NotWaiting { id: String },
    #[error("waitlist offer {offer_id} was not made to entry {entry_id}")]
    NotOffered { offer_id: String, entry_id: String },
    #[error("storage error: {0}")]
    Storage(#[from] sled::Error),
    #[error("stored record is corrupt: {0}")]
    Corrupt(String),
}

impl ScheduleError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            ScheduleError::InvalidPracticeId(_)
            | ScheduleError::Config(_)
            | ScheduleError::InvalidRequest(_)
            | ScheduleError::MalformedSlotId
            | ScheduleError::SlotUnavailable { .. }
            | ScheduleError::InvalidState { .. }
            | ScheduleError::AlreadyStarted { .. }
            | ScheduleError::NotWaiting { .. }
            | ScheduleError::NotOffered { .. } => ErrorKind::Invalid,
            ScheduleError::NotFound { .. } => ErrorKind::NotFound,
            ScheduleError::Taken => ErrorKind::Conflict,
            ScheduleError::NotConfigured(_) => ErrorKind::Unavailable,
            ScheduleError::Storage(_) | ScheduleError::Corrupt(_) => ErrorKind::Internal,
        }
    }
}

impl From<sled::transaction::TransactionError<ScheduleError>> for ScheduleError {
    fn from(e: sled::transaction::TransactionError<ScheduleError>) -> Self {
        match e {
            sled::transaction::TransactionError::Abort(e) => e,
            sled::transaction::TransactionError::Storage(e) => ScheduleError::Storage(e),
        }
    }
}

pub type Result<T, E = ScheduleError> = std::result::Result<T, E>;
