//! `[escalation]`: the red-flag criteria, their levels and their wording,
//! and what after-hours callers are told about callbacks.
//!
//! Every criterion has a default level and a default message written for a
//! pain practice. A practice may reword a message and may raise a level
//! (say, make a pump alarm an emergency), but never lower one: a clinical
//! lead can be more cautious than the defaults, the configuration cannot
//! make the plugin less so. Emergency messages must tell the patient to
//! call 911 (a suicidal crisis: 988 too), and every message passes the
//! outbound guard like any other practice text.
//!
//! ```toml
//! [escalation]
//! callback-within-hours = 4          # after-hours callbacks: "by noon" after an 8:00 opening
//! [escalation.criteria.pump-alarm]
//! level = "emergency"
//! message = "..."
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use switchboard_sdk::ConfigError;

use super::{MAX_TEXT, check_text, error};

/// How a criterion is escalated, least to most urgent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Level {
    /// A clinician calls back on the next business day.
    NextBusinessDay,
    /// The on-call clinician, now: a warm transfer on a call, a page on a
    /// text, and an urgent queue item.
    Urgent,
    /// 911 (988 for a suicidal crisis), a stat queue item, and a page.
    Emergency,
}

impl Level {
    fn parse(text: &str) -> Option<Level> {
        match text {
            "next-business-day" => Some(Level::NextBusinessDay),
            "urgent" => Some(Level::Urgent),
            "emergency" => Some(Level::Emergency),
            _ => None,
        }
    }
}

/// The escalation criteria the plugin recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Criterion {
    Overdose,
    SuicidalThoughts,
    CaudaEquina,
    SevereAllergicReaction,
    PostProcedureInfection,
    PostEpiduralHeadache,
    UncontrolledBleeding,
    PumpAlarm,
}

impl Criterion {
    pub const ALL: [Criterion; 8] = [
        Criterion::Overdose,
        Criterion::SuicidalThoughts,
        Criterion::CaudaEquina,
        Criterion::SevereAllergicReaction,
        Criterion::PostProcedureInfection,
        Criterion::PostEpiduralHeadache,
        Criterion::UncontrolledBleeding,
        Criterion::PumpAlarm,
    ];

    /// The key in `[escalation.criteria]`, also the queue item's `criterion`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Criterion::Overdose => "overdose",
            Criterion::SuicidalThoughts => "suicidal-thoughts",
            Criterion::CaudaEquina => "cauda-equina",
            Criterion::SevereAllergicReaction => "severe-allergic-reaction",
            Criterion::PostProcedureInfection => "post-procedure-infection",
            Criterion::PostEpiduralHeadache => "post-epidural-headache",
            Criterion::UncontrolledBleeding => "uncontrolled-bleeding",
            Criterion::PumpAlarm => "pump-alarm",
        }
    }

    pub const fn default_level(self) -> Level {
        match self {
            Criterion::Overdose
            | Criterion::SuicidalThoughts
            | Criterion::CaudaEquina
            | Criterion::SevereAllergicReaction => Level::Emergency,
            _ => Level::Urgent,
        }
    }

    pub const fn default_message(self) -> &'static str {
        match self {
            Criterion::Overdose => {
                "If someone may have taken too much medication, is hard to wake, or is breathing slowly or not at all, call 911 now. Give naloxone (Narcan) if you have it."
            }
            Criterion::SuicidalThoughts => {
                "If you are thinking about suicide or hurting yourself, please call or text 988 now to reach the Suicide and Crisis Lifeline. If you are in immediate danger, call 911."
            }
            Criterion::CaudaEquina => {
                "New numbness or weakness in both legs, numbness in the groin or inner thighs, or new loss of bladder or bowel control needs emergency care now. Call 911 or go to the nearest emergency department."
            }
            Criterion::SevereAllergicReaction => {
                "Trouble breathing or swelling of the throat, tongue or lips can be a severe allergic reaction. Call 911 now."
            }
            Criterion::PostProcedureInfection => {
                "Fever, chills, redness, swelling or drainage where you had a procedure needs prompt attention. If your symptoms are severe, call 911 or go to the nearest emergency department."
            }
            Criterion::PostEpiduralHeadache => {
                "A bad headache that is worse sitting or standing after an epidural needs prompt attention. If it is severe or comes with fever, a stiff neck or confusion, call 911 or go to the nearest emergency department."
            }
            Criterion::UncontrolledBleeding => {
                "Bleeding that won't stop needs prompt attention. Press firmly on the spot with a clean cloth. If it is heavy or you feel faint, call 911 now."
            }
            Criterion::PumpAlarm => {
                "A pump alarm can mean your pump is no longer giving medication, which can become dangerous quickly. If you feel very unwell, call 911 or go to the nearest emergency department."
            }
        }
    }

    /// The page's minimum-necessary line: the level only, never the
    /// criterion (that is clinical detail; it stays in the queue).
    pub const fn page_summary(level: Level) -> &'static str {
        match level {
            Level::Emergency => "A patient reported an emergency and was told to call emergency services.",
            _ => "A patient reported an urgent problem and needs a call back.",
        }
    }
}

/// `[escalation]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawEscalation {
    #[serde(default)]
    pub criteria: BTreeMap<String, RawCriterion>,
    pub callback_within_hours: Option<u8>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawCriterion {
    pub level: Option<String>,
    pub message: Option<String>,
}

/// One criterion as the conversation uses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub criterion: Criterion,
    pub level: Level,
    pub message: String,
}

/// The checked `[escalation]` section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    /// One rule per criterion, in [`Criterion::ALL`] order.
    pub rules: Vec<Rule>,
    /// After hours, a callback is promised this many hours after the next
    /// opening ("by noon on Monday" after an 8:00 opening).
    pub callback_within_hours: u8,
}

pub const DEFAULT_CALLBACK_WITHIN_HOURS: u8 = 4;

impl Escalation {
    pub fn rule(&self, criterion: Criterion) -> Rule {
        self.rules.iter().find(|r| r.criterion == criterion).cloned().unwrap_or_else(|| Rule {
            criterion,
            level: criterion.default_level(),
            message: criterion.default_message().to_owned(),
        })
    }
}

impl Default for Escalation {
    fn default() -> Self {
        check(&mut Vec::new(), &RawEscalation::default())
    }
}

pub fn check(errors: &mut Vec<ConfigError>, raw: &RawEscalation) -> Escalation {
    for key in raw.criteria.keys() {
        if !Criterion::ALL.iter().any(|c| c.as_str() == key) {
            let known: Vec<&str> = Criterion::ALL.iter().map(|c| c.as_str()).collect();
            errors.push(error(
                &format!("escalation.criteria.{key}"),
                format!("unknown criterion; the criteria are {}", known.join(", ")),
            ));
        }
    }
    let rules = Criterion::ALL
        .iter()
        .map(|&criterion| {
            let path = format!("escalation.criteria.{}", criterion.as_str());
            let raw = raw.criteria.get(criterion.as_str());
            let level = match raw.and_then(|r| r.level.as_deref()) {
                None => criterion.default_level(),
                Some(text) => match Level::parse(text) {
                    Some(level) if level >= criterion.default_level() => level,
                    Some(_) => {
                        errors.push(error(
                            &format!("{path}.level"),
                            format!(
                                "may be raised but not lowered below its default ({})",
                                level_name(criterion.default_level())
                            ),
                        ));
                        criterion.default_level()
                    }
                    None => {
                        errors.push(error(&format!("{path}.level"), "must be emergency, urgent or next-business-day"));
                        criterion.default_level()
                    }
                },
            };
            let message = match raw.and_then(|r| r.message.as_deref()) {
                None => criterion.default_message().to_owned(),
                Some(text) => {
                    check_text(errors, &format!("{path}.message"), text, MAX_TEXT);
                    text.trim().to_owned()
                }
            };
            if level == Level::Emergency && !message.contains("911") {
                errors
                    .push(error(&format!("{path}.message"), "an emergency message must tell the patient to call 911"));
            }
            if criterion == Criterion::SuicidalThoughts && !message.contains("988") {
                errors.push(error(&format!("{path}.message"), "must give the 988 Suicide and Crisis Lifeline"));
            }
            Rule { criterion, level, message }
        })
        .collect();
    let callback_within_hours = raw.callback_within_hours.unwrap_or(DEFAULT_CALLBACK_WITHIN_HOURS);
    if !(1..=12).contains(&callback_within_hours) {
        errors.push(error("escalation.callback-within-hours", "must be 1 to 12"));
    }
    Escalation { rules, callback_within_hours }
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::NextBusinessDay => "next-business-day",
        Level::Urgent => "urgent",
        Level::Emergency => "emergency",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(toml_text: &str) -> Result<Escalation, Vec<ConfigError>> {
        let raw: RawEscalation = toml::from_str(toml_text).unwrap();
        let mut errors = Vec::new();
        let escalation = check(&mut errors, &raw);
        if errors.is_empty() { Ok(escalation) } else { Err(errors) }
    }

    #[test]
    fn defaults_cover_every_criterion_at_its_level() {
        let defaults = Escalation::default();
        assert_eq!(defaults.rules.len(), Criterion::ALL.len());
        assert_eq!(defaults.rule(Criterion::Overdose).level, Level::Emergency);
        assert!(defaults.rule(Criterion::Overdose).message.contains("naloxone"));
        assert!(defaults.rule(Criterion::SuicidalThoughts).message.contains("988"));
        assert_eq!(defaults.rule(Criterion::PumpAlarm).level, Level::Urgent);
        assert_eq!(defaults.callback_within_hours, 4);
    }

    #[test]
    fn a_level_can_be_raised_and_reworded() {
        let escalation = checked(
            r#"[criteria.pump-alarm]
level = "emergency"
message = "A pump alarm is an emergency for us. Call 911 now, then call the pump company."
"#,
        )
        .unwrap();
        let rule = escalation.rule(Criterion::PumpAlarm);
        assert_eq!(rule.level, Level::Emergency);
        assert!(rule.message.starts_with("A pump alarm is an emergency"));
    }

    #[test]
    fn lowering_unknown_keys_and_missing_911_are_rejected_by_path() {
        let errors = checked(
            r#"callback-within-hours = 0
[criteria.overdose]
level = "urgent"
[criteria.suicidal-thoughts]
message = "Please call 911 if you are in danger."
[criteria.cauda-equina]
message = "Go to the emergency department."
[criteria.back-pain]
level = "urgent"
"#,
        )
        .unwrap_err();
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "escalation.criteria.back-pain",
                "escalation.criteria.overdose.level",
                "escalation.criteria.suicidal-thoughts.message",
                "escalation.criteria.cauda-equina.message",
                "escalation.callback-within-hours",
            ],
            "{errors:?}"
        );
    }
}
