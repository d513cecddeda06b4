//! [`SledSchedule`]: the embedded backend, on the host's sled database.
//!
//! Invariants:
//! - Keys are practice-scoped ([`keys`]); every entry point checks the
//!   practice id before building a key.
//! - For each provider, every 5-minute unit of time held by an appointment
//!   has one key in `schedule_occupancy`, written in the same transaction
//!   as the appointment, and a booking first reads every unit it needs
//!   inside that transaction. sled runs transactions serializably (0.34 holds a
//!   process-wide write lock while one commits), so two bookings that share
//!   a minute cannot both commit: no double booking, whatever the
//!   concurrency.
//! - `schedule_busy` holds one entry per appointment that holds time (for
//!   fast range scans by the search) and changes in the same transactions
//!   as the occupancy keys.
//! - The compiled config is cached per practice and tagged with the
//!   generation stored next to it, so a reload (from any handle on the same
//!   database) is seen by the next call.

mod booking;
mod keys;
mod reads;
mod search;
mod tx;
mod waitlist;

pub use search::{MAX_RESULTS, MAX_WINDOW_DAYS};

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use serde::de::DeserializeOwned;

use crate::backend::ScheduleBackend;
use crate::config::compiled::Compiled;
use crate::config::{ScheduleConfig, compile, is_id};
use crate::error::{Result, ScheduleError};
use crate::model::{
    AcceptOffer, Appointment, AppointmentStatus, BookingRequest, Offer, Opening, OpeningQuery, Timestamp, WaitlistEntry,
};

/// Longest patient, appointment, waitlist or offer id accepted from a caller.
const MAX_REF_LEN: usize = 128;
/// Longest `patient_instruction` kept (prep text can be long, but bounded).
pub(crate) const MAX_INSTRUCTION_LEN: usize = 16 * 1024;
pub(crate) const MAX_REASON_LEN: usize = 1024;

#[derive(Clone)]
pub(crate) struct Trees {
    pub config: sled::Tree,
    pub appointments: sled::Tree,
    pub by_patient: sled::Tree,
    pub by_start: sled::Tree,
    pub busy: sled::Tree,
    pub occupancy: sled::Tree,
    pub waitlist: sled::Tree,
    pub offers: sled::Tree,
}

/// The embedded scheduling backend. Cheap to clone; clones share the cache.
#[derive(Clone)]
pub struct SledSchedule {
    db: sled::Db,
    trees: Trees,
    cache: Arc<RwLock<ConfigCache>>,
}

/// Practice id → (config generation, compiled config).
type ConfigCache = HashMap<String, (u64, Arc<Compiled>)>;

impl SledSchedule {
    /// Opens (creating if needed) the `schedule_*` trees in `db`.
    pub fn open(db: &sled::Db) -> Result<Self> {
        let tree = |name: &str| db.open_tree(format!("schedule_{name}"));
        Ok(SledSchedule {
            db: db.clone(),
            trees: Trees {
                config: tree("config")?,
                appointments: tree("appointments")?,
                by_patient: tree("by_patient")?,
                by_start: tree("by_start")?,
                busy: tree("busy")?,
                occupancy: tree("occupancy")?,
                waitlist: tree("waitlist")?,
                offers: tree("offers")?,
            },
            cache: Arc::default(),
        })
    }

    /// Flushes the database (blocking); see the durability note on [`ScheduleBackend`].
    pub fn flush(&self) -> Result<()> {
        self.db.flush()?;
        Ok(())
    }

    fn next_id(&self, prefix: &str) -> Result<String> {
        Ok(format!("{prefix}-{}", self.db.generate_id()?))
    }

    /// The practice's compiled config, from the cache while its generation
    /// holds. Only the 8-byte generation is read on a hit, not the config.
    fn compiled(&self, practice: &str) -> Result<Arc<Compiled>> {
        let generation = self
            .trees
            .config
            .get(keys::config_generation(practice))?
            .ok_or_else(|| ScheduleError::NotConfigured(practice.into()))?;
        let generation = keys::read_u64(&generation).ok_or_else(|| corrupt("schedule config generation"))?;
        if let Some((cached, compiled)) = self.cache.read().unwrap_or_else(|e| e.into_inner()).get(practice)
            && *cached == generation
        {
            return Ok(compiled.clone());
        }
        let raw = self.trees.config.get(keys::config(practice))?.ok_or_else(|| corrupt("schedule config missing"))?;
        let config: ScheduleConfig = decode(&raw, "schedule config")?;
        // A stored config was valid when loaded; failing now means the
        // validator tightened or the bytes broke, either way not the caller's fault.
        let compiled = Arc::new(compile(&config).map_err(|e| ScheduleError::Corrupt(format!("stored config: {e}")))?);
        self.cache.write().unwrap_or_else(|e| e.into_inner()).insert(practice.into(), (generation, compiled.clone()));
        Ok(compiled)
    }
}

pub(crate) fn check_practice(practice: &str) -> Result<()> {
    if is_id(practice) { Ok(()) } else { Err(ScheduleError::InvalidPracticeId(practice.into())) }
}

/// Caller-supplied ids become key parts: bounded, and no control characters
/// (so never a NUL separator).
pub(crate) fn check_ref(what: &str, value: &str) -> Result<()> {
    if value.is_empty() || value.len() > MAX_REF_LEN || value.chars().any(char::is_control) {
        return Err(ScheduleError::InvalidRequest(format!(
            "{what} must be 1-{MAX_REF_LEN} bytes without control characters"
        )));
    }
    Ok(())
}

pub(crate) fn check_text(what: &str, value: &str, max: usize) -> Result<()> {
    if value.len() > max {
        return Err(ScheduleError::InvalidRequest(format!("{what} is longer than {max} bytes")));
    }
    Ok(())
}

pub(crate) fn corrupt(what: &str) -> ScheduleError {
    ScheduleError::Corrupt(what.to_owned())
}

pub(crate) fn decode<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| ScheduleError::Corrupt(format!("{what}: {e}")))
}

pub(crate) fn encode<T: serde::Serialize>(value: &T) -> Vec<u8> {
    // Our records are plain structs of strings and numbers; serializing
    // them cannot fail.
    serde_json::to_vec(value).unwrap_or_default()
}

impl ScheduleBackend for SledSchedule {
    #[tracing::instrument(name = "schedule.load_config", skip_all, fields(practice = practice))]
    fn load_config(&self, practice: &str, config: &ScheduleConfig) -> Result<()> {
        check_practice(practice)?;
        compile(config).map_err(crate::config::ConfigError::from)?;
        // One atomic batch: a reader never sees a new generation without its config.
        let mut batch = sled::Batch::default();
        batch.insert(keys::config(practice), encode(config));
        batch.insert(keys::config_generation(practice), &self.db.generate_id()?.to_be_bytes()[..]);
        self.trees.config.apply_batch(batch)?;
        tracing::info!(
            providers = config.providers.len(),
            templates = config.templates.len(),
            exceptions = config.exceptions.len(),
            "schedule config loaded"
        );
        Ok(())
    }

    fn config(&self, practice: &str) -> Result<Option<ScheduleConfig>> {
        check_practice(practice)?;
        match self.compiled(practice) {
            Ok(c) => Ok(Some(c.config.clone())),
            Err(ScheduleError::NotConfigured(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn find_openings(&self, practice: &str, query: &OpeningQuery, now: Timestamp) -> Result<Vec<Opening>> {
        self.search(practice, query, now)
    }

    fn book(&self, practice: &str, request: &BookingRequest, now: Timestamp) -> Result<Appointment> {
        self.book_slot(practice, request, now)
    }

    fn cancel(&self, practice: &str, appointment_id: &str, reason: &str, now: Timestamp) -> Result<Appointment> {
        self.cancel_appointment(practice, appointment_id, reason, now)
    }

    fn reschedule(
        &self,
        practice: &str,
        appointment_id: &str,
        new_slot_id: &str,
        now: Timestamp,
    ) -> Result<Appointment> {
        self.move_appointment(practice, appointment_id, new_slot_id, now)
    }

    fn set_status(
        &self,
        practice: &str,
        appointment_id: &str,
        status: AppointmentStatus,
        now: Timestamp,
    ) -> Result<Appointment> {
        self.change_status(practice, appointment_id, status, now)
    }

    fn appointment(&self, practice: &str, appointment_id: &str) -> Result<Option<Appointment>> {
        self.read_appointment(practice, appointment_id)
    }

    fn appointments_for(&self, practice: &str, patient_id: &str) -> Result<Vec<Appointment>> {
        self.patient_appointments(practice, patient_id)
    }

    fn appointments_between(&self, practice: &str, from: Timestamp, until: Timestamp) -> Result<Vec<Appointment>> {
        self.range_appointments(practice, from, until)
    }

    fn appointments_on(&self, practice: &str, date: &str) -> Result<Vec<Appointment>> {
        self.day_appointments(practice, date)
    }

    fn join_waitlist(
        &self,
        practice: &str,
        patient_id: &str,
        appointment_type: &str,
        now: Timestamp,
    ) -> Result<WaitlistEntry> {
        self.join(practice, patient_id, appointment_type, now)
    }

    fn leave_waitlist(&self, practice: &str, entry_id: &str, now: Timestamp) -> Result<WaitlistEntry> {
        self.leave(practice, entry_id, now)
    }

    fn waitlist(&self, practice: &str, appointment_type: Option<&str>) -> Result<Vec<WaitlistEntry>> {
        self.waiting(practice, appointment_type)
    }

    fn offer(&self, practice: &str, slot_id: &str, max_recipients: u32, now: Timestamp) -> Result<Option<Offer>> {
        self.make_offer(practice, slot_id, max_recipients, now)
    }

    fn get_offer(&self, practice: &str, offer_id: &str) -> Result<Option<Offer>> {
        self.read_offer(practice, offer_id)
    }

    fn open_offers_for(&self, practice: &str, patient_id: &str) -> Result<Vec<Offer>> {
        self.read_open_offers_for(practice, patient_id)
    }

    fn accept(&self, practice: &str, request: &AcceptOffer, now: Timestamp) -> Result<Appointment> {
        self.accept_offer(practice, request, now)
    }
}
