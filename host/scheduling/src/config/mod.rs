//! A practice's schedule configuration: the JSON an administrator loads
//! (providers, locations, appointment types, weekly templates, exceptions).
//!
//! It is plain data with `deny_unknown_fields`, checked once when it is
//! loaded ([`ScheduleConfig::from_json`], [`ScheduleConfig::validate`]);
//! every problem found is reported at once with the path of the field
//! (`templates[3].provider: unknown provider "dr-x"`), so an administrator
//! fixes a file in one round. Once valid it is compiled into the lookup form
//! the search uses ([`compiled`]); nothing downstream re-checks it.
//!
//! Invariants of a valid config:
//! - ids (locations, providers, type codes) are 1-64 chars of `[a-z0-9-]`
//!   and unique within their kind, so they can be joined with `.` and NUL;
//! - every reference resolves, and a provider's templates name only
//!   locations the provider works at;
//! - a provider's weekly templates never overlap on the same weekday (a
//!   provider is in one place at a time);
//! - every time of day, duration and slot step is a multiple of 5 minutes,
//!   the grid occupancy is kept on (see `store`).

pub(crate) mod compiled;
mod validate;

use serde::{Deserialize, Serialize};

pub use validate::{ConfigIssue, ConfigProblem, ValidationErrors};
pub(crate) use validate::{MAX_DURATION_MINUTES, compile, is_id};

/// The whole schedule of one practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleConfig {
    /// IANA zone the templates and exceptions are written in, e.g. `America/Chicago`.
    pub time_zone: String,
    /// Openings closer than this to "now" are neither offered nor bookable.
    #[serde(default)]
    pub booking_notice_minutes: u32,
    pub locations: Vec<Location>,
    pub providers: Vec<Provider>,
    pub appointment_types: Vec<AppointmentType>,
    pub templates: Vec<Template>,
    #[serde(default)]
    pub exceptions: Vec<Exception>,
}

/// A FHIR Location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub address: String,
}

/// A FHIR Practitioner whose Schedule this config describes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    pub id: String,
    pub name: String,
    /// Ids of the locations the provider works at.
    pub locations: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AppointmentKind {
    Visit,
    Procedure,
}

/// A FHIR Appointment.appointmentType / serviceType: what is booked and for how long.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppointmentType {
    /// e.g. `med-management`, `lumbar-esi`.
    pub code: String,
    pub display: String,
    pub kind: AppointmentKind,
    pub duration_minutes: u32,
    /// Distance between offered start times inside an open block; defaults
    /// to the duration, so slots sit back to back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot_step_minutes: Option<u32>,
}

impl AppointmentType {
    pub fn step_minutes(&self) -> u32 {
        self.slot_step_minutes.unwrap_or(self.duration_minutes)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    /// 0 = Monday, as in the WIT `opening-query`.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// A weekly recurring block of availability (FHIR Schedule + its Slots).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub provider: String,
    pub location: String,
    pub weekdays: Vec<Weekday>,
    /// Local `HH:MM`, inclusive.
    pub start: String,
    /// Local `HH:MM`, exclusive; `24:00` allowed.
    pub end: String,
    /// Codes of the appointment types bookable in this block.
    pub appointment_types: Vec<String>,
}

/// A departure from the weekly templates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum Exception {
    /// Nothing can be booked: one provider (or, without `provider`, the
    /// whole practice) from `from` to `until` (inclusive local dates), the
    /// whole day or only between `start` and `end` on each of those days.
    Closed {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        provider: Option<String>,
        from: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        until: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        start: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        end: Option<String>,
        /// For staff ("vacation", "Thanksgiving"); never shown to patients.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// An extra block on one date, on top of the templates (closures still win).
    Open {
        provider: String,
        location: String,
        date: String,
        start: String,
        end: String,
        appointment_types: Vec<String>,
    },
}

/// Why a schedule config was rejected.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// Not JSON of the expected shape (serde names the line and column).
    #[error("schedule config is not valid JSON of the expected shape: {0}")]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
}

impl ScheduleConfig {
    /// Parses and validates a config.
    pub fn from_json(text: &str) -> Result<Self, ConfigError> {
        let config: ScheduleConfig = serde_json::from_str(text)?;
        config.validate()?;
        Ok(config)
    }

    /// Checks every rule; lists all problems found.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        validate::compile(self).map(|_| ())
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
