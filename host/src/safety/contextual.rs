//! The third reading of a message: the full sentence model
//! (`switchboard_understanding::contextual`), which reads word order,
//! negation and who a message is about, where the static table sees only
//! words. It only adds: it never overrules another detector (on blind-c,
//! letting it overrule the static table's findings would have dropped
//! true emergencies with the false alarms).
//!
//! It costs milliseconds per message, where the rest of the screen costs
//! microseconds (`BENCHMARKS.md`), so it skips what cannot carry an
//! emergency on its own: messages of one or two words ("yes", a name, a
//! keypad digit), which the rules read in full.

use switchboard_understanding::contextual::{self, Contextual};

/// A criterion counts at this probability. Chosen on blind-c with the
/// adapter fitted without it: alone, 118 of 137 emergency lines at 2.9%
/// false alarms (at 0.3, 122 at 5.2%).
pub const THRESHOLD: f32 = 0.5;
/// Messages shorter than this many words are not read by the model.
pub const MIN_WORDS: usize = 3;

/// The criteria the model gives at least [`THRESHOLD`], with their
/// probabilities; empty when the message is too short to read or the
/// model is not loaded (the rest of the screen still runs: see [`warm`]).
pub fn found(text: &str) -> Vec<(&'static str, f32)> {
    found_with(text, THRESHOLD)
}

/// [`found`] at another cut-off (for calibration).
pub fn found_with(text: &str, threshold: f32) -> Vec<(&'static str, f32)> {
    if text.split_whitespace().count() < MIN_WORDS {
        return Vec::new();
    }
    let Some(model) = model() else { return Vec::new() };
    model
        .scores(text)
        .into_iter()
        .filter(|(_, p)| *p >= threshold)
        .filter_map(|(label, p)| Some((super::criteria::criterion(label)?.id, p)))
        .collect()
}

fn model() -> Option<&'static Contextual> {
    match contextual::bundled() {
        Ok(model) => Some(model),
        Err(error) => {
            static LOGGED: std::sync::Once = std::sync::Once::new();
            LOGGED.call_once(|| tracing::error!(%error, "the safety net's sentence model is not loaded"));
            None
        }
    }
}

/// Load the model now. The server refuses to start without it: a net
/// that silently lost a third of its reading is not one a practice chose.
pub fn warm() -> Result<(), &'static contextual::ContextualError> {
    contextual::bundled().map(|_| ())
}
