//! The safety net: the host's own screen of every inbound turn for
//! emergencies and crises, independent of whichever plugin runs, and what
//! the host does when the plugin's answer lacks the instruction.
//!
//! Two detectors, either of which is enough (a false alarm costs less than
//! a miss): deterministic phrase rules in English and Spanish
//! (`rules.rs`), and the full sentence model (`contextual.rs`), which reads
//! order, negation and who a message is about, so a paraphrase nobody
//! listed is still caught. (A nearest-example match and a trained head over
//! the static word table once stood between them; on blind-f, the first set
//! none of the three had seen, they caught no emergency the other two
//! missed and raised 9 of the 46 false alarms, so they were taken out:
//! `BENCHMARKS.md`.) `net.rs` applies a finding to a settled turn;
//! `settings.rs` is what a practice may change (raise a level, reword an
//! instruction, add phrases), never turn off.
//!
//! Nothing here knows HTTP or a store backend: the turn calls [`net::apply`]
//! with what it is about to commit.

pub mod contextual;
pub mod criteria;
pub mod language;
pub mod net;
pub mod recall;
pub mod rules;
pub mod settings;

pub use criteria::{CRITERIA, Criterion, Level};
pub use settings::SafetySettings;

/// How a criterion was found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Detector {
    Rule,
    /// The full sentence model, with its probability.
    Contextual(f32),
    /// A phrase the practice added in its settings.
    PracticePhrase,
}

impl Detector {
    pub fn as_str(&self) -> &'static str {
        match self {
            Detector::Rule => "rule",
            Detector::Contextual(_) => "contextual",
            Detector::PracticePhrase => "practice-phrase",
        }
    }
}

/// One criterion found in a message.
#[derive(Debug, Clone)]
pub struct Finding {
    pub criterion: &'static Criterion,
    pub level: Level,
    pub detector: Detector,
    pub spanish: bool,
}

impl PartialEq for Finding {
    fn eq(&self, other: &Self) -> bool {
        self.criterion.id == other.criterion.id
            && self.level == other.level
            && self.detector == other.detector
            && self.spanish == other.spanish
    }
}

/// Screen one inbound message (text or speech) under a practice's
/// settings. Findings are ordered most severe first, then by the
/// criteria's order.
pub fn screen(text: &str, settings: &SafetySettings) -> Vec<Finding> {
    screen_given(text, settings, contextual::found(text.trim()))
}

/// [`screen`] with the sentence model's findings given, so that its cut-offs
/// can be calibrated without reading a message twice.
pub fn screen_given(
    text: &str,
    settings: &SafetySettings,
    contextual_findings: Vec<(&'static str, f32)>,
) -> Vec<Finding> {
    let text = text.trim();
    if text.is_empty() {
        return Vec::new();
    }
    let spanish = language::is_spanish(text);
    let mut found: Vec<(&'static str, Detector)> =
        rules::matches(text).into_iter().map(|c| (c, Detector::Rule)).collect();
    for id in settings.phrase_matches(text) {
        if !found.iter().any(|(c, _)| *c == id) {
            found.push((id, Detector::PracticePhrase));
        }
    }
    for (id, p) in contextual_findings {
        if !found.iter().any(|(c, _)| *c == id) && !rules::meaning_suppressed(text, id, p) {
            found.push((id, Detector::Contextual(p)));
        }
    }
    let mut findings: Vec<Finding> = found
        .into_iter()
        .filter_map(|(id, detector)| {
            let criterion = criteria::criterion(id)?;
            Some(Finding { criterion, level: settings.level(criterion), detector, spanish })
        })
        .collect();
    let order = |f: &Finding| CRITERIA.iter().position(|c| c.id == f.criterion.id);
    findings.sort_by(|a, b| b.level.cmp(&a.level).then(order(a).cmp(&order(b))));
    findings
}

#[cfg(test)]
mod tests;
