//! Switchboard's embedded scheduling backend: providers, locations,
//! appointment types, weekly availability templates and exceptions turned
//! into openings; appointments; the waitlist. It serves the WIT
//! `scheduling` interface (the host's capability wraps it) and the staff
//! admin API, with FHIR Schedule/Slot/Appointment semantics so an
//! EHR-backed backend can replace it behind [`ScheduleBackend`].
//!
//! ```no_run
//! use switchboard_scheduling::{BookingRequest, OpeningQuery, ScheduleBackend, SledSchedule};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let db = sled::open("data/db")?;
//! let schedule = SledSchedule::open(&db)?;
//! schedule.load_config_json("demo", include_str!("../demo-schedule.json"))?;
//!
//! let now = 1_780_000_000_000; // the host's clock, ms since the epoch
//! let week = 7 * 24 * 3_600_000;
//! let openings = schedule.find_openings("demo", &OpeningQuery::new("lumbar-esi", now, now + week, 3), now)?;
//! let booked = schedule.book(
//!     "demo",
//!     &BookingRequest {
//!         slot_id: openings[0].slot_id.clone(),
//!         patient_id: "p-1001".into(),
//!         needs_review: false,
//!         patient_instruction: None,
//!     },
//!     now,
//! )?;
//! db.flush()?; // durability is the caller's call
//! # let _ = booked; Ok(()) }
//! ```
//!
//! Crate invariants (each module documents its own):
//! - Every stored key is scoped by practice id + NUL; practices never see
//!   each other's data.
//! - No two appointments that hold time overlap for one provider: the
//!   occupancy check and the write are one serializable sled transaction.
//! - Reschedule and waitlist acceptance are atomic; an offer is accepted
//!   exactly once.
//! - Templates are wall-clock times in the practice's IANA zone; slots are
//!   laid out in real time, correct across DST changes.
//! - The crate logs no patient data (spans use `skip_all`).
//!
//! The config JSON format is described in the crate's `README.md`.

mod backend;
mod config;
mod error;
mod model;
mod openings;
mod slot;
mod store;
mod time;

pub use backend::ScheduleBackend;
pub use config::{
    AppointmentKind, AppointmentType, ConfigError, ConfigIssue, ConfigProblem, Exception, Location, Provider,
    ScheduleConfig, Template, ValidationErrors, Weekday,
};
pub use error::{ErrorKind, Result, ScheduleError, SlotProblem};
pub use model::{
    AcceptOffer, Appointment, AppointmentStatus, BookingRequest, Offer, OfferRecipient, OfferStatus, Opening,
    OpeningQuery, Timestamp, WaitlistEntry, WaitlistStatus,
};
pub use store::{MAX_RESULTS, MAX_WINDOW_DAYS, SledSchedule};
