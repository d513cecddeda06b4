//! `[spanish]`: the practice's own wording in Spanish, for patients who
//! write or speak Spanish. Each key is the Spanish text of the English key
//! of the same name (`greeting`, `staff-callback-hours`, the `[refills]`
//! texts, `[spanish.policies]` like `[policies]`, `[spanish.prior-auth]`
//! process and timeline). It is given word for word, checked by the same
//! outbound guard (which knows Spanish). Where a text has no Spanish
//! version, a Spanish conversation does not read out the English one: the
//! patient hears, in Spanish, that staff who speak Spanish will call back.

use serde::{Deserialize, Serialize};
use switchboard_sdk::ConfigError;

use super::policies::{MAX_POLICY, Policies, Policy, RawPolicies};
use super::{MAX_TEXT, check_text, error};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawSpanish {
    pub greeting: Option<String>,
    pub staff_callback_hours: Option<String>,
    pub controlled_timeline: Option<String>,
    #[serde(default)]
    pub controlled_steps: Vec<String>,
    pub non_controlled_timeline: Option<String>,
    pub run_out_instructions: Option<String>,
    pub records_turnaround: Option<String>,
    pub insurance_new_card: Option<String>,
    pub insurance_injury_claims: Option<String>,
    pub records_how_to_send: Option<String>,
    pub records_authorization: Option<String>,
    #[serde(default)]
    pub policies: RawPolicies,
    pub prior_auth: Option<RawSpanishPriorAuth>,
}

/// `[spanish.prior-auth]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawSpanishPriorAuth {
    pub process: Option<String>,
    pub timeline: Option<String>,
}

/// The practice's English texts a Spanish one may stand for.
pub(super) struct English<'a> {
    pub greeting: &'a str,
    pub staff_callback_hours: &'a str,
    pub controlled_timeline: &'a str,
    pub controlled_steps: &'a [String],
    pub non_controlled_timeline: &'a str,
    pub run_out_instructions: &'a str,
    pub policies: &'a Policies,
    pub prior_auth: Option<(&'a str, &'a str)>,
    /// The front desk's optional texts: the Spanish key, the English one
    /// (for errors), and the English text when the practice gave one.
    pub desk: [(&'static str, &'static str, Option<&'a str>); 5],
}

/// English text → the practice's Spanish for it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanishTexts {
    pairs: Vec<(String, String)>,
}

impl SpanishTexts {
    /// The practice's Spanish for this English text of its config.
    pub fn get(&self, english: &str) -> Option<&str> {
        self.pairs.iter().find(|(en, _)| en == english).map(|(_, es)| es.as_str())
    }

    /// Whether `text` is one of the practice's Spanish texts.
    pub fn is_spanish_text(&self, text: &str) -> bool {
        self.pairs.iter().any(|(_, es)| es == text)
    }
}

pub(super) fn check(errors: &mut Vec<ConfigError>, raw: &RawSpanish, english: &English) -> SpanishTexts {
    let mut pairs = Vec::new();
    let mut pair = |errors: &mut Vec<ConfigError>, path: &str, en: &str, es: Option<&String>| {
        if let Some(es) = es {
            let max = if path.starts_with("spanish.policies.") { MAX_POLICY } else { MAX_TEXT };
            check_text(errors, path, es, max);
            pairs.push((en.to_owned(), es.trim().to_owned()));
        }
    };
    pair(errors, "spanish.greeting", english.greeting, raw.greeting.as_ref());
    pair(errors, "spanish.staff-callback-hours", english.staff_callback_hours, raw.staff_callback_hours.as_ref());
    pair(errors, "spanish.controlled-timeline", english.controlled_timeline, raw.controlled_timeline.as_ref());
    pair(
        errors,
        "spanish.non-controlled-timeline",
        english.non_controlled_timeline,
        raw.non_controlled_timeline.as_ref(),
    );
    pair(errors, "spanish.run-out-instructions", english.run_out_instructions, raw.run_out_instructions.as_ref());
    let desk_spanish = [
        &raw.records_turnaround,
        &raw.insurance_new_card,
        &raw.insurance_injury_claims,
        &raw.records_how_to_send,
        &raw.records_authorization,
    ];
    for ((key, english_key, en), es) in english.desk.iter().zip(desk_spanish) {
        let path = format!("spanish.{key}");
        match (en, es) {
            (Some(en), Some(_)) => pair(errors, &path, en, es.as_ref()),
            (None, Some(_)) => errors.push(error(&path, format!("there is no {english_key} to stand for"))),
            _ => {}
        }
    }
    if !raw.controlled_steps.is_empty() && raw.controlled_steps.len() != english.controlled_steps.len() {
        errors.push(error(
            "spanish.controlled-steps",
            format!(
                "has {} steps; [refills] controlled-steps has {}: give one Spanish step for each",
                raw.controlled_steps.len(),
                english.controlled_steps.len()
            ),
        ));
    } else {
        for (i, (en, es)) in english.controlled_steps.iter().zip(&raw.controlled_steps).enumerate() {
            pair(errors, &format!("spanish.controlled-steps[{i}]"), en, Some(es));
        }
    }
    let given = [
        &raw.policies.early_refill,
        &raw.policies.lost_stolen,
        &raw.policies.urine_drug_screen,
        &raw.policies.opioid_agreement,
        &raw.policies.missed_appointment,
        &raw.policies.office_hours,
        &raw.policies.location,
        &raw.policies.new_patient_referral,
    ];
    for (policy, es) in Policy::ALL.iter().zip(given) {
        let path = format!("spanish.policies.{}", policy.key());
        match (english.policies.text(*policy), es) {
            (Some(en), Some(_)) => pair(errors, &path, en, es.as_ref()),
            (None, Some(_)) => errors.push(error(&path, "has no English text in [policies] to stand for")),
            _ => {}
        }
    }
    if let Some(pa) = &raw.prior_auth {
        match english.prior_auth {
            Some((process, timeline)) => {
                pair(errors, "spanish.prior-auth.process", process, pa.process.as_ref());
                pair(errors, "spanish.prior-auth.timeline", timeline, pa.timeline.as_ref());
            }
            None => errors.push(error("spanish.prior-auth", "there is no [prior-auth] section to stand for")),
        }
    }
    SpanishTexts { pairs }
}
