//! The store: one sled database in the data directory, behind a narrow API
//! of the host's own so a server-backed store can replace it later.
//!
//! Invariants:
//! - Every practice-owned key starts with the practice id and a NUL byte
//!   ([`keys::scoped`]), so no read by one practice's id can see another's.
//! - A turn is written in one multi-tree transaction ([`turns`]) and flushed
//!   before its answer leaves the host ([`Store::make_durable`]).
//! - The audit log is append-only and hash-chained per practice ([`audit`]).
//! - Queue items never change once written; what staff do with them, and
//!   the on-call paging watch, live in their work records ([`work`]).

mod audit;
mod backup;
mod conversations;
mod history;
mod keys;
mod languages;
mod optouts;
mod outbox;
mod patients;
mod plugins;
mod practices;
mod queue;
mod recent_emergencies;
mod records;
mod registry;
mod timers;
mod turns;
mod work;

pub use audit::{AuditEntry, AuditEvent, ChainBreak};
pub use backup::{BackupSummary, Paused, WriteTicket};
pub use history::RevisionSummary;
pub use optouts::{OptKeyword, opt_keyword};
pub use outbox::{OutboxMessage, OutboxStatus, carrier_status_is_failure, carrier_status_is_final};
pub use patients::{PRIOR_AUTH_STATUSES, PatientMatch, PatientRecord, PriorAuthRecord, normalize_name};
pub use recent_emergencies::RecentEmergency;
pub use records::*;
pub use registry::{SwitchReads, Switched};
pub use timers::TimerRecord;
pub use turns::{CommittedTurn, TurnWrite};
pub use work::{ExcerptLine, Note, PageSent, Paging, Stamp, WorkChange, WorkRecord, WorkedItem};

use std::path::Path;

/// Why a store operation failed. Callers map `NotFound`/`Conflict`/`Invalid`
/// to client errors; `Db`/`Corrupt` are server faults.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(#[from] sled::Error),
    #[error("stored record is corrupt: {0}")]
    Corrupt(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Invalid(String),
}

impl From<sled::transaction::TransactionError<StoreError>> for StoreError {
    fn from(e: sled::transaction::TransactionError<StoreError>) -> Self {
        match e {
            sled::transaction::TransactionError::Abort(e) => e,
            sled::transaction::TransactionError::Storage(e) => StoreError::Db(e),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Handle to the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    db: sled::Db,
    trees: Trees,
    /// Plugin history summaries, shared by every clone (see `history.rs`).
    history: std::sync::Arc<history::HistoryIndex>,
    /// The embedded scheduling backend, in the same database (its own
    /// `schedule_*` trees and transactions).
    schedule: switchboard_scheduling::SledSchedule,
    /// Writers hold a ticket; a backup pauses them (see `backup.rs`).
    gate: backup::WriteGate,
}

#[derive(Clone)]
struct Trees {
    meta: sled::Tree,
    practices: sled::Tree,
    numbers: sled::Tree,
    components: sled::Tree,
    compiled: sled::Tree,
    plugins: sled::Tree,
    packages: sled::Tree,
    plugin_history: sled::Tree,
    conversations: sled::Tree,
    turns: sled::Tree,
    dedupe: sled::Tree,
    queue: sled::Tree,
    queue_work: sled::Tree,
    page_due: sled::Tree,
    audit: sled::Tree,
    audit_heads: sled::Tree,
    patients: sled::Tree,
    prior_auths: sled::Tree,
    outbox: sled::Tree,
    outbox_due: sled::Tree,
    timers: sled::Tree,
    timers_due: sled::Tree,
    timer_keys: sled::Tree,
    optouts: sled::Tree,
    languages: sled::Tree,
    recent_emergencies: sled::Tree,
}

impl Store {
    /// Open (or create) the database in `dir`.
    pub fn open(dir: &Path) -> Result<Self> {
        let db = sled::Config::new().path(dir).open()?;
        let tree = |name: &str| db.open_tree(name);
        let trees = Trees {
            meta: tree("meta")?,
            practices: tree("practices")?,
            numbers: tree("numbers")?,
            components: tree("components")?,
            compiled: tree("compiled")?,
            plugins: tree("plugins")?,
            packages: tree("packages")?,
            plugin_history: tree("plugin_history")?,
            conversations: tree("conversations")?,
            turns: tree("turns")?,
            dedupe: tree("dedupe")?,
            queue: tree("queue")?,
            queue_work: tree("queue_work")?,
            page_due: tree("page_due")?,
            audit: tree("audit")?,
            audit_heads: tree("audit_heads")?,
            patients: tree("patients")?,
            prior_auths: tree("prior_auths")?,
            outbox: tree("outbox")?,
            outbox_due: tree("outbox_due")?,
            timers: tree("timers")?,
            timers_due: tree("timers_due")?,
            timer_keys: tree("timer_keys")?,
            optouts: tree("optouts")?,
            languages: tree("languages")?,
            recent_emergencies: tree("recent_emergencies")?,
        };
        let schedule = switchboard_scheduling::SledSchedule::open(&db)
            .map_err(|e| StoreError::Corrupt(format!("cannot open the schedule: {e}")))?;
        Ok(Store { db, trees, history: Default::default(), schedule, gate: Default::default() })
    }

    /// Block until everything written so far is on disk. Concurrent callers
    /// coalesce into one fsync inside sled, which is our group commit; call
    /// it from the blocking pool (see DESIGN.md: `flush_async` stalls).
    pub fn make_durable(&self) -> Result<()> {
        self.db.flush()?;
        Ok(())
    }

    /// The practice schedules: providers, openings, appointments, waitlist.
    pub fn schedule(&self) -> &switchboard_scheduling::SledSchedule {
        &self.schedule
    }

    /// A fresh id, unique in this database (monotonic, may have gaps).
    pub fn next_id(&self) -> Result<u64> {
        Ok(self.db.generate_id()?)
    }

    /// A small host-wide setting (e.g. the admin token's hash).
    pub fn meta_get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.trees.meta.get(key)?.map(|v| v.to_vec()))
    }

    pub fn meta_set(&self, key: &str, value: &[u8]) -> Result<()> {
        self.trees.meta.insert(key, value)?;
        Ok(())
    }
}

fn encode<T: serde::Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("store records always serialize")
}

fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt(e.to_string()))
}
