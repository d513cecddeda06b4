//! The understanding half of the screen, two ways over the same model:
//! the message against the net's own labelled examples (`examples.tsv`),
//! nearest example per criterion, with the look-alikes (`none`)
//! competing; and a trained head (`head/weights.tsv`, fitted by
//! `head/fit.py` on every labelled patient message), which catches
//! paraphrases no single example is close to.

use std::sync::OnceLock;

use switchboard_understanding::{Embedder, Example, ExampleSet, LinearHead};

static EXAMPLES: &str = include_str!("examples.tsv");
static HEAD: &str = include_str!("head/weights.tsv");

/// A criterion wins when its best example is at least this close...
pub const THRESHOLD: f32 = 0.55;
/// ...and at least this much closer than the best look-alike.
pub const MARGIN: f32 = 0.03;
/// The model was trained on English: Spanish words share fewer tokens with
/// their meaning, so a Spanish message must come closer to count.
pub const THRESHOLD_SPANISH: f32 = 0.85;
/// The head's probability at which a criterion counts. High, because the
/// head sees no negation or tense: chosen by fitting without blind-b and
/// scoring on it, where it added seven emergencies and no false alarm.
pub const HEAD_THRESHOLD: f32 = 0.9;

struct Model {
    embedder: &'static dyn Embedder,
    set: ExampleSet,
    head: LinearHead,
}

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let embedder: &'static dyn Embedder = switchboard_understanding::bundled();
        let head = LinearHead::parse(HEAD, embedder.dims()).expect("the bundled head is well formed (tested)");
        Model { embedder, set: ExampleSet::new(embedder, examples()), head }
    })
}

pub fn examples() -> Vec<Example> {
    EXAMPLES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .map(|(label, text)| Example { label: label.to_string(), text: text.to_string() })
        .collect()
}

/// Load the model and embed the examples now (at start-up), not on the
/// first patient's turn.
pub fn warm() {
    model();
}

/// The criterion the message is semantically nearest to, with its score,
/// when it clears the threshold and beats the look-alikes by the margin.
pub fn nearest(text: &str) -> Option<(&'static str, f32)> {
    let threshold = if super::language::is_spanish(text) { THRESHOLD_SPANISH } else { THRESHOLD };
    nearest_with(text, threshold, MARGIN)
}

/// [`nearest`] with other cut-offs (for calibration).
pub fn nearest_with(text: &str, threshold: f32, margin: f32) -> Option<(&'static str, f32)> {
    let m = model();
    let result = m.set.classify(m.embedder, text);
    let none = result.score("none");
    let best = result.scores.iter().find(|s| s.label != "none")?;
    if best.score >= threshold && best.score >= none + margin {
        let id = super::criteria::criterion(&best.label)?.id;
        return Some((id, best.score));
    }
    None
}

/// The criteria the trained head gives at least [`HEAD_THRESHOLD`], with
/// their probabilities.
pub fn head(text: &str) -> Vec<(&'static str, f32)> {
    head_with(text, HEAD_THRESHOLD)
}

/// [`head`] at another cut-off (for calibration).
pub fn head_with(text: &str, threshold: f32) -> Vec<(&'static str, f32)> {
    let m = model();
    m.head
        .scores(m.embedder, text)
        .into_iter()
        .filter(|(_, p)| *p >= threshold)
        .filter_map(|(label, p)| Some((super::criteria::criterion(label)?.id, p)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_names_a_criterion_or_none() {
        for e in examples() {
            assert!(e.label == "none" || super::super::criteria::criterion(&e.label).is_some(), "{e:?}");
        }
    }

    #[test]
    fn an_example_is_its_own_nearest() {
        assert_eq!(nearest("i have crushing pressure in my chest").map(|x| x.0), Some("chest-pain"));
        assert_eq!(nearest("this bill is killing me"), None);
    }

    #[test]
    fn the_head_names_only_criteria_and_finds_a_plain_emergency() {
        let m = model();
        for (label, _) in m.head.scores(m.embedder, "x") {
            assert!(super::super::criteria::criterion(label).is_some(), "{label}");
        }
        let found = head("my husband took all his oxycodone and i cant wake him up");
        assert!(found.iter().any(|(c, _)| *c == "overdose"), "{found:?}");
        assert!(head("what time do you open on monday").is_empty());
    }
}
