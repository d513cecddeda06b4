//! Validation and compilation in one pass: each rule that fails records a
//! [`ConfigIssue`] (field path + typed problem) and checking goes on, so
//! one load reports every problem in the file. Only a config without issues
//! is compiled.

use std::collections::{BTreeMap, HashMap};

use jiff::tz::TimeZone;

use super::compiled::{Block, Closure, Compiled, CompiledProvider, CompiledType, MAX_TYPES, TypeSet};
use super::{Exception, ScheduleConfig};
use crate::time::{DAY_MINUTES, GRID_MINUTES, format_hhmm, parse_date, parse_hhmm};

const MAX_ID_LEN: usize = 64;
const MAX_NAME_LEN: usize = 200;
/// Longest appointment any config may define; also how far back the
/// search looks for bookings that reach into its window.
pub(crate) const MAX_DURATION_MINUTES: u32 = 12 * 60;
const MAX_NOTICE_MINUTES: u32 = 14 * 24 * 60;
const MAX_PROVIDERS: usize = 1_000;
const MAX_LOCATIONS: usize = 200;
const MAX_TEMPLATES: usize = 20_000;
const MAX_EXCEPTIONS: usize = 20_000;
const MAX_CLOSURE_DAYS: i32 = 366;
const WEEKDAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// What is wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigProblem {
    BadId {
        value: String,
    },
    Duplicate {
        value: String,
    },
    Unknown {
        what: &'static str,
        value: String,
    },
    Empty,
    TooLong {
        max: usize,
    },
    TooMany {
        max: usize,
    },
    BadTimeZone {
        value: String,
    },
    BadTime {
        value: String,
    },
    BadDate {
        value: String,
    },
    /// `start` is not before `end` (times or dates).
    EmptyRange {
        start: String,
        end: String,
    },
    OutOfRange {
        value: u32,
        min: u32,
        max: u32,
    },
    NotAtLocation {
        provider: String,
        location: String,
    },
    /// Two templates of one provider overlap on a weekday.
    Overlap {
        other: String,
        weekday: &'static str,
    },
    /// A partial-day closure needs both `start` and `end`.
    StartWithoutEnd,
    /// Times and durations are multiples of 5 minutes (the booking grid).
    OffGrid {
        value: String,
    },
}

impl std::fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigProblem::BadId { value } => {
                write!(f, "{value:?} is not an id: use 1-64 characters from a-z, 0-9 and '-'")
            }
            ConfigProblem::Duplicate { value } => write!(f, "duplicate id {value:?}"),
            ConfigProblem::Unknown { what, value } => write!(f, "unknown {what} {value:?}"),
            ConfigProblem::Empty => f.write_str("must not be empty"),
            ConfigProblem::TooLong { max } => write!(f, "longer than {max} characters"),
            ConfigProblem::TooMany { max } => write!(f, "more than {max} entries"),
            ConfigProblem::BadTimeZone { value } => {
                write!(f, "{value:?} is not an IANA time zone (e.g. \"America/Chicago\")")
            }
            ConfigProblem::BadTime { value } => write!(f, "{value:?} is not a local time HH:MM (00:00 to 24:00)"),
            ConfigProblem::BadDate { value } => write!(f, "{value:?} is not a date YYYY-MM-DD"),
            ConfigProblem::EmptyRange { start, end } => write!(f, "start {start} is not before end {end}"),
            ConfigProblem::OutOfRange { value, min, max } => write!(f, "{value} is outside {min}..={max}"),
            ConfigProblem::NotAtLocation { provider, location } => {
                write!(f, "provider {provider:?} does not work at location {location:?} (see providers[].locations)")
            }
            ConfigProblem::Overlap { other, weekday } => {
                write!(f, "overlaps {other} on {weekday} for the same provider")
            }
            ConfigProblem::StartWithoutEnd => {
                f.write_str("give both start and end (part of a day) or neither (whole days)")
            }
            ConfigProblem::OffGrid { value } => write!(f, "{value} is not a multiple of {GRID_MINUTES} minutes"),
        }
    }
}

/// One problem, at a field path such as `templates[3].provider`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigIssue {
    pub path: String,
    pub problem: ConfigProblem,
}

impl std::fmt::Display for ConfigIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.problem)
    }
}

/// Every problem found in a config, in file order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationErrors(pub Vec<ConfigIssue>);

impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "schedule config has {} problem(s): ", self.0.len())?;
        for (i, issue) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{issue}")?;
        }
        Ok(())
    }
}

pub(crate) fn is_id(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= MAX_ID_LEN
        && value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[derive(Default)]
struct Checker {
    issues: Vec<ConfigIssue>,
}

impl Checker {
    fn issue(&mut self, path: impl Into<String>, problem: ConfigProblem) {
        self.issues.push(ConfigIssue { path: path.into(), problem });
    }

    fn id(&mut self, path: String, value: &str, seen: &mut HashMap<String, usize>, index: usize) {
        if !is_id(value) {
            self.issue(path, ConfigProblem::BadId { value: value.to_owned() });
        } else if seen.insert(value.to_owned(), index).is_some() {
            self.issue(path, ConfigProblem::Duplicate { value: value.to_owned() });
        }
    }

    fn name(&mut self, path: String, value: &str) {
        if value.trim().is_empty() {
            self.issue(path, ConfigProblem::Empty);
        } else if value.chars().count() > MAX_NAME_LEN {
            self.issue(path, ConfigProblem::TooLong { max: MAX_NAME_LEN });
        }
    }

    fn count(&mut self, path: &str, len: usize, max: usize) {
        if len > max {
            self.issue(path, ConfigProblem::TooMany { max });
        }
    }

    fn range(&mut self, path: String, value: u32, min: u32, max: u32) {
        if !(min..=max).contains(&value) {
            self.issue(path, ConfigProblem::OutOfRange { value, min, max });
        }
    }

    /// A duration: in range and on the grid.
    fn minutes(&mut self, path: String, value: u32, max: u32) {
        if !(GRID_MINUTES..=max).contains(&value) {
            self.issue(path, ConfigProblem::OutOfRange { value, min: GRID_MINUTES, max });
        } else if !value.is_multiple_of(GRID_MINUTES) {
            self.issue(path, ConfigProblem::OffGrid { value: format!("{value} minutes") });
        }
    }

    fn lookup(
        &mut self,
        path: String,
        what: &'static str,
        value: &str,
        index: &HashMap<String, usize>,
    ) -> Option<usize> {
        let found = index.get(value).copied();
        if found.is_none() {
            self.issue(path, ConfigProblem::Unknown { what, value: value.to_owned() });
        }
        found
    }

    /// Parses `start`/`end` of a block; `None` (with issues recorded) unless both parse and start < end.
    fn span(&mut self, path: &str, start: &str, end: &str) -> Option<(u32, u32)> {
        let s = parse_hhmm(start).filter(|m| *m < DAY_MINUTES);
        let e = parse_hhmm(end);
        if s.is_none() {
            self.issue(format!("{path}.start"), ConfigProblem::BadTime { value: start.to_owned() });
        }
        if e.is_none() {
            self.issue(format!("{path}.end"), ConfigProblem::BadTime { value: end.to_owned() });
        }
        let (s, e) = (s?, e?);
        for (field, value) in [("start", s), ("end", e)] {
            if !value.is_multiple_of(GRID_MINUTES) {
                self.issue(format!("{path}.{field}"), ConfigProblem::OffGrid { value: format_hhmm(value) });
                return None;
            }
        }
        if s >= e {
            self.issue(format!("{path}.end"), ConfigProblem::EmptyRange { start: format_hhmm(s), end: format_hhmm(e) });
            return None;
        }
        Some((s, e))
    }

    fn types(&mut self, path: &str, codes: &[String], index: &HashMap<String, usize>) -> TypeSet {
        let mut set = TypeSet::default();
        if codes.is_empty() {
            self.issue(format!("{path}.appointment_types"), ConfigProblem::Empty);
        }
        for (i, code) in codes.iter().enumerate() {
            if let Some(t) = self.lookup(format!("{path}.appointment_types[{i}]"), "appointment type", code, index) {
                set.insert(t);
            }
        }
        set
    }

    /// Provider and location of a block, checked against each other.
    fn provider_location(
        &mut self,
        path: &str,
        provider: &str,
        location: &str,
        providers: &HashMap<String, usize>,
        locations: &HashMap<String, usize>,
        config: &ScheduleConfig,
    ) -> Option<(usize, usize)> {
        let p = self.lookup(format!("{path}.provider"), "provider", provider, providers);
        let l = self.lookup(format!("{path}.location"), "location", location, locations);
        let (p, l) = (p?, l?);
        if !config.providers[p].locations.iter().any(|x| x == location) {
            self.issue(
                format!("{path}.location"),
                ConfigProblem::NotAtLocation { provider: provider.to_owned(), location: location.to_owned() },
            );
            return None;
        }
        Some((p, l))
    }
}

pub(crate) fn compile(config: &ScheduleConfig) -> Result<Compiled, ValidationErrors> {
    let mut c = Checker::default();

    let tz = TimeZone::get(&config.time_zone).ok();
    if tz.is_none() || config.time_zone.is_empty() {
        c.issue("time_zone", ConfigProblem::BadTimeZone { value: config.time_zone.clone() });
    }
    c.range("booking_notice_minutes".into(), config.booking_notice_minutes, 0, MAX_NOTICE_MINUTES);

    c.count("locations", config.locations.len(), MAX_LOCATIONS);
    let mut location_index = HashMap::new();
    for (i, l) in config.locations.iter().enumerate() {
        c.id(format!("locations[{i}].id"), &l.id, &mut location_index, i);
        c.name(format!("locations[{i}].name"), &l.name);
    }

    c.count("appointment_types", config.appointment_types.len(), MAX_TYPES);
    let mut type_index = HashMap::new();
    let mut types = Vec::new();
    for (i, t) in config.appointment_types.iter().enumerate() {
        c.id(format!("appointment_types[{i}].code"), &t.code, &mut type_index, i);
        c.name(format!("appointment_types[{i}].display"), &t.display);
        c.minutes(format!("appointment_types[{i}].duration_minutes"), t.duration_minutes, MAX_DURATION_MINUTES);
        if let Some(step) = t.slot_step_minutes {
            c.minutes(format!("appointment_types[{i}].slot_step_minutes"), step, MAX_DURATION_MINUTES);
        }
        types.push(CompiledType {
            code: t.code.clone(),
            duration_minutes: t.duration_minutes,
            step_minutes: t.step_minutes().max(1),
        });
    }

    c.count("providers", config.providers.len(), MAX_PROVIDERS);
    let mut provider_index = HashMap::new();
    let mut providers = Vec::new();
    for (i, p) in config.providers.iter().enumerate() {
        c.id(format!("providers[{i}].id"), &p.id, &mut provider_index, i);
        c.name(format!("providers[{i}].name"), &p.name);
        if p.locations.is_empty() {
            c.issue(format!("providers[{i}].locations"), ConfigProblem::Empty);
        }
        for (j, l) in p.locations.iter().enumerate() {
            c.lookup(format!("providers[{i}].locations[{j}]"), "location", l, &location_index);
        }
        providers.push(CompiledProvider {
            id: p.id.clone(),
            name: p.name.clone(),
            weekly: Default::default(),
            open: BTreeMap::new(),
            closed: Vec::new(),
            offers: TypeSet::default(),
        });
    }

    // Which template each weekly block came from, to name both in an overlap.
    let mut origins: Vec<[Vec<(u32, u32, usize)>; 7]> = (0..providers.len()).map(|_| Default::default()).collect();
    c.count("templates", config.templates.len(), MAX_TEMPLATES);
    for (i, t) in config.templates.iter().enumerate() {
        let path = format!("templates[{i}]");
        let at = c.provider_location(&path, &t.provider, &t.location, &provider_index, &location_index, config);
        if t.weekdays.is_empty() {
            c.issue(format!("{path}.weekdays"), ConfigProblem::Empty);
        }
        let span = c.span(&path, &t.start, &t.end);
        let types = c.types(&path, &t.appointment_types, &type_index);
        let (Some((p, location)), Some((start, end))) = (at, span) else { continue };
        let mut days: Vec<usize> = t.weekdays.iter().map(|d| d.index()).collect();
        days.sort_unstable();
        days.dedup();
        for day in days {
            providers[p].weekly[day].push(Block { location, start_minute: start, end_minute: end, types });
            origins[p][day].push((start, end, i));
        }
        providers[p].offers.0 |= types.0;
    }
    for (p, days) in origins.iter_mut().enumerate() {
        for (day, blocks) in days.iter_mut().enumerate() {
            blocks.sort_unstable();
            for pair in blocks.windows(2) {
                if pair[1].0 < pair[0].1 {
                    let other = format!("templates[{}]", pair[0].2);
                    c.issue(
                        format!("templates[{}]", pair[1].2),
                        ConfigProblem::Overlap { other, weekday: WEEKDAY_NAMES[day] },
                    );
                }
            }
            providers[p].weekly[day].sort_by_key(|b| b.start_minute);
        }
    }

    let mut closed = Vec::new();
    c.count("exceptions", config.exceptions.len(), MAX_EXCEPTIONS);
    for (i, e) in config.exceptions.iter().enumerate() {
        let path = format!("exceptions[{i}]");
        match e {
            Exception::Closed { provider, from, until, start, end, reason: _ } => {
                let p = match provider {
                    Some(id) => c.lookup(format!("{path}.provider"), "provider", id, &provider_index).map(Some),
                    None => Some(None),
                };
                let from_date = parse_date(from);
                if from_date.is_none() {
                    c.issue(format!("{path}.from"), ConfigProblem::BadDate { value: from.clone() });
                }
                let until_date = match until {
                    None => from_date,
                    Some(u) => {
                        let d = parse_date(u);
                        if d.is_none() {
                            c.issue(format!("{path}.until"), ConfigProblem::BadDate { value: u.clone() });
                        }
                        d
                    }
                };
                if let (Some(f), Some(u)) = (from_date, until_date) {
                    let days = f.until(u).map(|s| s.get_days()).unwrap_or(-1);
                    if days < 0 {
                        c.issue(
                            format!("{path}.until"),
                            ConfigProblem::EmptyRange { start: f.to_string(), end: u.to_string() },
                        );
                    } else if days >= MAX_CLOSURE_DAYS {
                        c.issue(format!("{path}.until"), ConfigProblem::TooMany { max: MAX_CLOSURE_DAYS as usize });
                    }
                }
                let minutes = match (start, end) {
                    (None, None) => Some(None),
                    (Some(s), Some(e)) => c.span(&path, s, e).map(Some),
                    _ => {
                        c.issue(path.clone(), ConfigProblem::StartWithoutEnd);
                        None
                    }
                };
                let (Some(p), Some(from), Some(until), Some(minutes)) = (p, from_date, until_date, minutes) else {
                    continue;
                };
                let closure = Closure { from, until, minutes };
                match p {
                    Some(p) => providers[p].closed.push(closure),
                    None => closed.push(closure),
                }
            }
            Exception::Open { provider, location, date, start, end, appointment_types } => {
                let at = c.provider_location(&path, provider, location, &provider_index, &location_index, config);
                let day = parse_date(date);
                if day.is_none() {
                    c.issue(format!("{path}.date"), ConfigProblem::BadDate { value: date.clone() });
                }
                let span = c.span(&path, start, end);
                let types = c.types(&path, appointment_types, &type_index);
                let (Some((p, location)), Some(day), Some((start, end))) = (at, day, span) else { continue };
                let blocks = providers[p].open.entry(day).or_default();
                blocks.push(Block { location, start_minute: start, end_minute: end, types });
                blocks.sort_by_key(|b| b.start_minute);
                providers[p].offers.0 |= types.0;
            }
        }
    }

    let (Some(tz), true) = (tz, c.issues.is_empty()) else {
        return Err(ValidationErrors(c.issues));
    };
    Ok(Compiled {
        config: config.clone(),
        tz,
        notice_ms: i64::from(config.booking_notice_minutes) * 60_000,
        providers,
        provider_index,
        locations: config.locations.iter().map(|l| l.id.clone()).collect(),
        location_index,
        types,
        type_index,
        closed,
    })
}
