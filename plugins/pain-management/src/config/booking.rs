//! `[booking]`: what patients can book by text or call, the prep each
//! procedure needs, and the practice's hold-medication tables.
//!
//! Every prep and hold text is the practice's own, delivered verbatim; it
//! is checked here by the outbound guard so a text that would be blocked
//! mid-conversation (a dose, "stop taking") is refused at install time
//! with the key that holds it. Procedure names and aliases come from the
//! `[[prior-auth.procedures]]` catalogue (one list of names per practice),
//! visit types carry their own.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use switchboard_sdk::ConfigError;

use super::{MAX_TEXT, check_spoken_name, check_text, error};
use crate::procedures::{PriorAuthConfig, Procedure};

const MAX_KINDS: usize = 40;
const MAX_DRUGS: usize = 60;
const MAX_PREP: usize = 8;
const MAX_NAME: usize = 80;

/// `[booking]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawBooking {
    #[serde(default = "default_search_days")]
    pub search_days: u16,
    #[serde(default = "default_confirm_hours")]
    pub confirm_hours_before: u16,
    #[serde(default = "default_reminder_hours")]
    pub reminder_hours_before: u16,
    /// When to call if the text confirmation request got no answer.
    pub confirm_call_hours_before: Option<u16>,
    #[serde(default)]
    pub name_procedures_in_texts: bool,
    #[serde(default)]
    pub visits: Vec<RawVisit>,
    #[serde(default)]
    pub procedures: Vec<RawProcedurePrep>,
    #[serde(default)]
    pub hold_tables: BTreeMap<String, Vec<RawHold>>,
}

fn default_search_days() -> u16 {
    42
}
fn default_confirm_hours() -> u16 {
    72
}
fn default_reminder_hours() -> u16 {
    24
}

/// One `[[booking.visits]]` entry: an office visit type.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawVisit {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub follow_up_days: Option<u16>,
}

/// One `[[booking.procedures]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawProcedurePrep {
    pub code: String,
    pub prior_auth_required: bool,
    pub ride_required: bool,
    pub sedation: Option<String>,
    pub fasting: Option<String>,
    pub arrival_minutes: u16,
    pub hold_table: Option<String>,
    #[serde(default)]
    pub prep: Vec<String>,
    pub follow_up_days: Option<u16>,
}

/// One drug of a `[[booking.hold-tables.NAME]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawHold {
    pub drug: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub days: u16,
    pub instruction: String,
}

/// The checked `[booking]` section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingConfig {
    /// How many days ahead openings are searched.
    pub search_days: u16,
    /// When the confirmation request goes out, in hours before the start.
    pub confirm_hours: u16,
    /// When the ride/fasting/arrival reminder goes out.
    pub reminder_hours: u16,
    /// When to call for a confirmation the text did not get (before the
    /// start, after the text); none: no calls.
    pub confirm_call_hours: Option<u16>,
    /// Whether outbound texts may name the procedure (minimum necessary:
    /// off unless the practice says so).
    pub name_procedures: bool,
    /// What can be booked, by name: visit types and procedures, in config
    /// order (visits first). Same order as `kinds`.
    pub names: Vec<Procedure>,
    pub kinds: Vec<Kind>,
    pub hold_tables: Vec<HoldTable>,
}

/// What a bookable appointment type needs; `names[i]` holds its code and
/// names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kind {
    /// Set for procedures; visits have no prep.
    pub prep: Option<Prep>,
    /// Days after the appointment the patient is due again (monthly
    /// medication management, quarterly pump refill, an injection series).
    pub follow_up_days: Option<u16>,
}

/// A procedure's prep, the practice's wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prep {
    pub prior_auth_required: bool,
    pub ride_required: bool,
    pub sedation: Option<String>,
    pub fasting: Option<String>,
    pub arrival_minutes: u16,
    /// Index into `BookingConfig::hold_tables`.
    pub hold_table: Option<usize>,
    pub extra: Vec<String>,
}

/// A practice's hold table for one bleeding-risk class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoldTable {
    pub name: String,
    /// The drugs as named entries (code = the drug as written), for
    /// [`crate::procedures::find`].
    pub names: Vec<Procedure>,
    pub holds: Vec<Hold>,
}

/// One drug's hold, same order as `HoldTable::names`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hold {
    pub days: u16,
    pub instruction: String,
}

impl BookingConfig {
    /// The kind with this code, with its names.
    pub fn kind(&self, code: &str) -> Option<(&Procedure, &Kind)> {
        let i = self.names.iter().position(|n| n.code == code)?;
        Some((&self.names[i], &self.kinds[i]))
    }

    /// The kind named in `tokens`.
    pub fn find<S: AsRef<str>>(&self, tokens: &[S]) -> Option<&Procedure> {
        crate::procedures::find(tokens, &self.names)
    }
}

impl HoldTable {
    /// The drug named in `tokens` and its hold.
    pub fn find<S: AsRef<str>>(&self, tokens: &[S]) -> Option<(&Procedure, &Hold)> {
        let found = crate::procedures::find(tokens, &self.names)?;
        let i = self.names.iter().position(|n| n.code == found.code)?;
        Some((found, &self.holds[i]))
    }

    /// A drug by its code.
    pub fn get(&self, code: &str) -> Option<(&Procedure, &Hold)> {
        let i = self.names.iter().position(|n| n.code == code)?;
        Some((&self.names[i], &self.holds[i]))
    }
}

fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 40
        && code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

pub(super) fn check(
    errors: &mut Vec<ConfigError>,
    raw: &RawBooking,
    prior_auth: Option<&PriorAuthConfig>,
) -> BookingConfig {
    if !(1..=365).contains(&raw.search_days) {
        errors.push(error("booking.search-days", "must be 1 to 365"));
    }
    if !(1..=336).contains(&raw.confirm_hours_before) {
        errors.push(error("booking.confirm-hours-before", "must be 1 to 336"));
    }
    if !(1..=168).contains(&raw.reminder_hours_before) {
        errors.push(error("booking.reminder-hours-before", "must be 1 to 168"));
    }
    if let Some(call) = raw.confirm_call_hours_before
        && (call == 0 || call >= raw.confirm_hours_before)
    {
        errors.push(error(
            "booking.confirm-call-hours-before",
            "must be at least 1 and less than confirm-hours-before (the call follows the text)",
        ));
    }
    let hold_tables = check_hold_tables(errors, &raw.hold_tables);
    let mut names: Vec<Procedure> = Vec::new();
    let mut kinds = Vec::new();
    if raw.visits.len() + raw.procedures.len() > MAX_KINDS {
        errors.push(error("booking", format!("at most {MAX_KINDS} visits and procedures together")));
    }
    let follow_up = |errors: &mut Vec<ConfigError>, path: String, days: Option<u16>| {
        if days.is_some_and(|d| !(7..=400).contains(&d)) {
            errors.push(error(&path, "must be 7 to 400 days"));
        }
        days
    };
    for (i, v) in raw.visits.iter().enumerate() {
        let base = format!("booking.visits[{i}]");
        let code = v.code.trim();
        if !valid_code(code) {
            errors.push(error(&format!("{base}.code"), "must be 1 to 40 lowercase letters, digits or dashes"));
            continue;
        }
        if names.iter().any(|n| n.code == code) {
            errors.push(error(&format!("{base}.code"), format!("\"{code}\" is listed more than once")));
            continue;
        }
        let mut spoken = Vec::new();
        let labelled = core::iter::once((format!("{base}.name"), &v.name))
            .chain(v.aliases.iter().enumerate().map(|(j, a)| (format!("{base}.aliases[{j}]"), a)));
        for (path, name) in labelled {
            let Some(normalized) = check_spoken_name(errors, &path, name, MAX_NAME) else { continue };
            let taken = spoken.contains(&normalized)
                || names.iter().any(|q| q.names().any(|n| n == normalized))
                || prior_auth.is_some_and(|p| p.procedures.iter().any(|q| q.names().any(|n| n == normalized)));
            if taken {
                errors.push(error(
                    &path,
                    format!("\"{name}\" is listed more than once, or names another appointment type"),
                ));
            } else {
                spoken.push(normalized);
            }
        }
        let days = follow_up(errors, format!("{base}.follow-up-days"), v.follow_up_days);
        if !spoken.is_empty() {
            names.push(Procedure { code: code.to_owned(), name: v.name.trim().to_owned(), names: spoken.join("\n") });
            kinds.push(Kind { prep: None, follow_up_days: days });
        }
    }
    for (i, p) in raw.procedures.iter().enumerate() {
        let base = format!("booking.procedures[{i}]");
        let code = p.code.trim();
        let Some(catalogued) = prior_auth.and_then(|a| a.procedures.iter().find(|q| q.code == code)) else {
            errors.push(error(
                &format!("{base}.code"),
                format!(
                    "\"{code}\" is not a [[prior-auth.procedures]] code (procedure names and aliases come from there)"
                ),
            ));
            continue;
        };
        if names.iter().any(|n| n.code == code) {
            errors.push(error(&format!("{base}.code"), format!("\"{code}\" is listed more than once")));
            continue;
        }
        let mut text = |key: &str, value: &str| check_text(errors, &format!("{base}.{key}"), value, MAX_TEXT);
        if let Some(s) = &p.sedation {
            text("sedation", s);
        }
        if let Some(f) = &p.fasting {
            text("fasting", f);
        }
        for (j, line) in p.prep.iter().enumerate() {
            text(&format!("prep[{j}]"), line);
        }
        if p.prep.len() > MAX_PREP {
            errors.push(error(&format!("{base}.prep"), format!("at most {MAX_PREP} sentences")));
        }
        if p.arrival_minutes > 240 {
            errors.push(error(&format!("{base}.arrival-minutes"), "must be at most 240"));
        }
        let hold_table = match &p.hold_table {
            None => None,
            Some(name) => {
                let found = hold_tables.iter().position(|t| t.name == *name);
                if found.is_none() {
                    errors.push(error(
                        &format!("{base}.hold-table"),
                        format!("no [[booking.hold-tables.{name}]] table is defined"),
                    ));
                }
                found
            }
        };
        let days = follow_up(errors, format!("{base}.follow-up-days"), p.follow_up_days);
        names.push(catalogued.clone());
        kinds.push(Kind {
            prep: Some(Prep {
                prior_auth_required: p.prior_auth_required,
                ride_required: p.ride_required,
                sedation: p.sedation.as_ref().map(|s| s.trim().to_owned()),
                fasting: p.fasting.as_ref().map(|s| s.trim().to_owned()),
                arrival_minutes: p.arrival_minutes,
                hold_table,
                extra: p.prep.iter().map(|s| s.trim().to_owned()).collect(),
            }),
            follow_up_days: days,
        });
    }
    BookingConfig {
        search_days: raw.search_days,
        confirm_hours: raw.confirm_hours_before,
        reminder_hours: raw.reminder_hours_before,
        confirm_call_hours: raw.confirm_call_hours_before,
        name_procedures: raw.name_procedures_in_texts,
        names,
        kinds,
        hold_tables,
    }
}

fn check_hold_tables(errors: &mut Vec<ConfigError>, raw: &BTreeMap<String, Vec<RawHold>>) -> Vec<HoldTable> {
    let mut tables = Vec::new();
    for (table, drugs) in raw {
        let base = format!("booking.hold-tables.{table}");
        if !valid_code(table) {
            errors.push(error(&base, "a table name is 1 to 40 lowercase letters, digits or dashes"));
            continue;
        }
        if drugs.len() > MAX_DRUGS {
            errors.push(error(&base, format!("at most {MAX_DRUGS} drugs")));
        }
        let mut names: Vec<Procedure> = Vec::new();
        let mut holds = Vec::new();
        for (i, d) in drugs.iter().enumerate() {
            let at = format!("{base}[{i}]");
            if !(1..=30).contains(&d.days) {
                errors.push(error(&format!("{at}.days"), "must be 1 to 30"));
            }
            check_text(errors, &format!("{at}.instruction"), &d.instruction, MAX_TEXT);
            let mut spoken = Vec::new();
            let labelled = core::iter::once((format!("{at}.drug"), &d.drug))
                .chain(d.aliases.iter().enumerate().map(|(j, a)| (format!("{at}.aliases[{j}]"), a)));
            for (path, name) in labelled {
                let Some(normalized) = check_spoken_name(errors, &path, name, MAX_NAME) else { continue };
                if spoken.contains(&normalized) || names.iter().any(|q| q.names().any(|n| n == normalized)) {
                    errors.push(error(&path, format!("\"{name}\" is listed more than once in this table")));
                } else {
                    spoken.push(normalized);
                }
            }
            if !spoken.is_empty() {
                let drug = d.drug.trim().to_owned();
                names.push(Procedure { code: spoken[0].clone(), name: drug, names: spoken.join("\n") });
                holds.push(Hold { days: d.days, instruction: d.instruction.trim().to_owned() });
            }
        }
        tables.push(HoldTable { name: table.clone(), names, holds });
    }
    tables
}
