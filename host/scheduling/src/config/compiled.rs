//! The validated config in the shape the opening search walks: per
//! provider, its weekly blocks by weekday, its extra open blocks by date and
//! its closures; appointment types as indexes into a bit set.
//!
//! Built only by `validate::compile`, so every index in here is in range and
//! every reference resolved; code reading it does not re-check.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::ScheduleConfig;

/// A set of appointment types (bit `i` = `Compiled::types[i]`). The config
/// allows at most [`MAX_TYPES`] types so one `u128` holds any set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct TypeSet(pub u128);

pub(crate) const MAX_TYPES: usize = 128;

impl TypeSet {
    pub fn insert(&mut self, index: usize) {
        self.0 |= 1 << index;
    }
    pub fn contains(self, index: usize) -> bool {
        self.0 & (1 << index) != 0
    }
}

/// Availability of one provider at one location, in local minutes of a day.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub location: usize,
    pub start_minute: u32,
    pub end_minute: u32,
    pub types: TypeSet,
}

/// A closure on the local dates `from..=until`; `minutes` limits it to part of each day.
#[derive(Debug, Clone)]
pub(crate) struct Closure {
    pub from: Date,
    pub until: Date,
    pub minutes: Option<(u32, u32)>,
}

impl Closure {
    pub fn covers(&self, date: Date) -> bool {
        self.from <= date && date <= self.until
    }
}

#[derive(Debug)]
pub(crate) struct CompiledProvider {
    pub id: String,
    pub name: String,
    /// Index 0 = Monday; each list sorted by start.
    pub weekly: [Vec<Block>; 7],
    pub open: BTreeMap<Date, Vec<Block>>,
    pub closed: Vec<Closure>,
    /// Every type this provider can ever be booked for (weekly or extra).
    pub offers: TypeSet,
}

#[derive(Debug)]
pub(crate) struct CompiledType {
    pub code: String,
    pub duration_minutes: u32,
    pub step_minutes: u32,
}

#[derive(Debug)]
pub(crate) struct Compiled {
    pub config: ScheduleConfig,
    pub tz: TimeZone,
    pub notice_ms: i64,
    pub providers: Vec<CompiledProvider>,
    pub provider_index: HashMap<String, usize>,
    pub locations: Vec<String>,
    pub location_index: HashMap<String, usize>,
    pub types: Vec<CompiledType>,
    pub type_index: HashMap<String, usize>,
    /// Practice-wide closures (holidays); apply to every provider.
    pub closed: Vec<Closure>,
}
