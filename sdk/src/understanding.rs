//! Semantic matching by the host (`understanding`, contract 0.3): which of
//! your labelled example sentences a message means, without shipping a
//! model in your component.
//!
//! ```no_run
//! use switchboard_sdk::understanding;
//!
//! const EXAMPLES: &[(&str, &str)] = &[
//!     ("refill", "i need a refill of my medication"),
//!     ("refill", "i ran out of my pain pills"),
//!     ("hours", "what time do you open"),
//! ];
//!
//! # fn turn(text: &str) -> Result<(), switchboard_sdk::HostError> {
//! // Best first, one score per label; cosine similarities in [-1, 1].
//! let scores = understanding::classify(text, EXAMPLES)?;
//! // Or just the top label, if it is close enough.
//! if let Some(top) = understanding::best(text, EXAMPLES, 0.6)? {
//!     println!("{} ({:.2})", top.label, top.score);
//! }
//! # let _ = scores; Ok(()) }
//! ```
//!
//! The practice must grant `understanding` (a policy that grants everything
//! does); otherwise the call answers `HostError::Denied`, so keep a
//! fallback (your own phrase matching) for it. Plugins do not declare it
//! in `describe`: the `capability` enum cannot gain a case in a minor
//! release. The host bounds the call (500 examples, 2,000 characters per
//! text, 100 per label; `HostError::Invalid` beyond) and caches the
//! embedded examples, so passing the same list every turn is cheap.
//!
//! Like every import, these calls need the Wasm host: natively they are
//! unreachable, so put the matching behind your own seam to unit-test the
//! rest.

use crate::HostError;
/// The import itself, for examples you already hold as
/// [`LabelledExample`]s.
pub use crate::bindings::switchboard::plugin::understanding::classify as classify_examples;
pub use crate::bindings::switchboard::plugin::understanding::{LabelScore, LabelledExample};

/// Score `text` against `(label, example text)` pairs: one [`LabelScore`]
/// per distinct label, best first.
pub fn classify(text: &str, examples: &[(&str, &str)]) -> Result<Vec<LabelScore>, HostError> {
    classify_examples(text, &labelled(examples))
}

/// The best label for `text` if it scores at least `min_score`.
pub fn best(text: &str, examples: &[(&str, &str)], min_score: f32) -> Result<Option<LabelScore>, HostError> {
    Ok(classify(text, examples)?.into_iter().next().filter(|top| top.score >= min_score))
}

/// `(label, text)` pairs as the contract's records.
pub fn labelled(examples: &[(&str, &str)]) -> Vec<LabelledExample> {
    examples.iter().map(|(label, text)| LabelledExample { label: (*label).into(), text: (*text).into() }).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn pairs_become_labelled_examples_in_order() {
        let examples = super::labelled(&[("refill", "i ran out"), ("hours", "when do you open")]);
        let pairs: Vec<(&str, &str)> = examples.iter().map(|e| (e.label.as_str(), e.text.as_str())).collect();
        assert_eq!(pairs, [("refill", "i ran out"), ("hours", "when do you open")]);
    }
}
