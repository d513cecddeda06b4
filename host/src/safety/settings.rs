//! What a practice may set about its safety net (host settings, not plugin
//! config: every plugin the practice runs gets the same net). A practice
//! may raise a criterion's level, reword its instruction (the number must
//! stay in it) and add phrases; it cannot lower a level or turn one off.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::criteria::{self, Criterion, Instruction, Level};
use super::language::fold;

const MAX_PHRASES: usize = 50;
const MAX_PHRASE_CHARS: usize = 80;
const MAX_WORDING_CHARS: usize = 600;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SafetySettings {
    /// By criterion id (`chest-pain`, `withdrawal`, …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub criteria: BTreeMap<String, CriterionSettings>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CriterionSettings {
    /// Raised only: `emergency` for a criterion that is `urgent` by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// The practice's instruction in English (replaces the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wording: Option<String>,
    /// The practice's instruction in Spanish.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wording_es: Option<String>,
    /// Extra phrases that count as this criterion (matched on whole words,
    /// case and accents ignored).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phrases: Vec<String>,
}

impl SafetySettings {
    /// Every check, with the path of the field at fault.
    pub fn validate(&self) -> Result<(), String> {
        for (id, setting) in &self.criteria {
            let at = |m: &str| format!("`safety.criteria.{id}`: {m}");
            let Some(criterion) = criteria::criterion(id) else {
                let known: Vec<&str> = criteria::CRITERIA.iter().map(|c| c.id).collect();
                return Err(at(&format!("no such criterion (known: {})", known.join(", "))));
            };
            if let Some(level) = setting.level
                && level < criterion.level
            {
                return Err(at(&format!(
                    "level may be raised, never lowered (the default is {})",
                    criterion.level.as_str()
                )));
            }
            let level = setting.level.unwrap_or(criterion.level);
            for (field, wording) in [("wording", &setting.wording), ("wording-es", &setting.wording_es)] {
                if let Some(w) = wording {
                    check_wording(criterion.instruction_at(level), w).map_err(|m| at(&format!("`{field}` {m}")))?;
                }
            }
            if setting.phrases.len() > MAX_PHRASES {
                return Err(at(&format!("at most {MAX_PHRASES} phrases")));
            }
            if let Some(bad) = setting.phrases.iter().find(|p| {
                let n = p.trim().chars().count();
                !(3..=MAX_PHRASE_CHARS).contains(&n)
            }) {
                return Err(at(&format!("phrase {bad:?} must be 3 to {MAX_PHRASE_CHARS} characters")));
            }
        }
        Ok(())
    }

    pub fn level(&self, criterion: &Criterion) -> Level {
        self.criteria.get(criterion.id).and_then(|s| s.level).unwrap_or(criterion.level).max(criterion.level)
    }

    /// The instruction the patient gets, in their language.
    pub fn wording(&self, criterion: &Criterion, spanish: bool) -> String {
        let setting = self.criteria.get(criterion.id);
        let raised = self.level(criterion) > criterion.level;
        let custom = setting.and_then(|s| if spanish { s.wording_es.clone() } else { s.wording.clone() });
        match (custom, raised, spanish) {
            (Some(w), _, _) => w,
            // Raised to an emergency without new wording: the 911 sentence.
            (None, true, false) => {
                format!("This needs emergency care now: call 911. ({}.)", capitalise(criterion.title))
            }
            (None, true, true) => "Esto necesita atención de emergencia ahora: llame al 911.".to_string(),
            (None, false, false) => criterion.wording_en.to_string(),
            (None, false, true) => criterion.wording_es.to_string(),
        }
    }

    /// Criteria whose practice phrases occur in `text`.
    pub fn phrase_matches(&self, text: &str) -> Vec<&'static str> {
        if self.criteria.values().all(|s| s.phrases.is_empty()) {
            return Vec::new();
        }
        let padded = format!(" {} ", words(text));
        self.criteria
            .iter()
            .filter(|(_, s)| s.phrases.iter().any(|p| padded.contains(&format!(" {} ", words(p)))))
            .filter_map(|(id, _)| criteria::criterion(id).map(|c| c.id))
            .collect()
    }
}

fn words(text: &str) -> String {
    fold(text)
        .replace('\'', "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Practice wording must still carry the criterion's instruction.
fn check_wording(instruction: Instruction, wording: &str) -> Result<(), String> {
    let w = fold(wording);
    if w.trim().is_empty() || wording.chars().count() > MAX_WORDING_CHARS {
        return Err(format!("must be 1 to {MAX_WORDING_CHARS} characters"));
    }
    match instruction {
        Instruction::Call911 if !w.contains("911") => Err("must tell the patient to call 911".into()),
        Instruction::Call911Naloxone if !w.contains("911") => Err("must tell the patient to call 911".into()),
        Instruction::Call911Naloxone if !(w.contains("naloxon") || w.contains("narcan")) => {
            Err("must mention naloxone (Narcan)".into())
        }
        Instruction::Call988 if !w.contains("988") => Err("must give 988, the Suicide & Crisis Lifeline".into()),
        Instruction::SameDayCallback if w.contains("tomorrow") || w.contains("manana") => {
            Err("must not promise a call back tomorrow: urgent means the same day".into())
        }
        _ => Ok(()),
    }
}
