//! Nearest-example classification: a message gets, per label, the best
//! cosine similarity of any of its windows to any example of that label.

use crate::embed::{Embedder, Embedding};

/// Words per window: about one clause.
pub(crate) const WINDOW_WORDS: usize = 6;

/// A labelled example sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    pub label: String,
    pub text: String,
}

/// A label's best score for one message, and which example gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelScore {
    pub label: String,
    pub score: f32,
    pub example: usize,
}

/// The outcome of matching a message: every label's best score, best
/// first, and the labels at or over the threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub scores: Vec<LabelScore>,
}

impl Match {
    pub fn best(&self) -> Option<&LabelScore> {
        self.scores.first()
    }

    pub fn score(&self, label: &str) -> f32 {
        self.scores.iter().find(|s| s.label == label).map_or(0.0, |s| s.score)
    }

    /// Labels scoring at least `threshold` and ahead of `margin` over the
    /// best score of `against` (e.g. the look-alike controls).
    pub fn above(&self, threshold: f32) -> impl Iterator<Item = &LabelScore> {
        self.scores.iter().filter(move |s| s.score >= threshold)
    }
}

/// Examples embedded once, matched many times.
pub struct ExampleSet {
    examples: Vec<Example>,
    vectors: Vec<Embedding>,
    labels: Vec<String>,
    label_of: Vec<usize>,
}

impl ExampleSet {
    pub fn new(embedder: &dyn Embedder, examples: Vec<Example>) -> ExampleSet {
        let mut labels: Vec<String> = Vec::new();
        let mut label_of = Vec::with_capacity(examples.len());
        for e in &examples {
            let at = labels.iter().position(|l| *l == e.label).unwrap_or_else(|| {
                labels.push(e.label.clone());
                labels.len() - 1
            });
            label_of.push(at);
        }
        let vectors = examples.iter().map(|e| embedder.embed(&e.text)).collect();
        ExampleSet { examples, vectors, labels, label_of }
    }

    pub fn examples(&self) -> &[Example] {
        &self.examples
    }

    pub fn len(&self) -> usize {
        self.examples.len()
    }

    pub fn is_empty(&self) -> bool {
        self.examples.is_empty()
    }

    /// Every label's best score for `text`, best first (ties by label
    /// order, so the result is deterministic).
    pub fn classify(&self, embedder: &dyn Embedder, text: &str) -> Match {
        let windows = embedder.embed_windows(text, WINDOW_WORDS);
        let mut best: Vec<(f32, usize)> = vec![(f32::NEG_INFINITY, 0); self.labels.len()];
        for (i, v) in self.vectors.iter().enumerate() {
            let score = windows.iter().map(|w| w.cosine(v)).fold(f32::NEG_INFINITY, f32::max);
            let slot = &mut best[self.label_of[i]];
            if score > slot.0 {
                *slot = (score, i);
            }
        }
        let mut scores: Vec<LabelScore> = best
            .into_iter()
            .enumerate()
            .filter(|(_, (s, _))| s.is_finite())
            .map(|(l, (score, example))| LabelScore { label: self.labels[l].clone(), score, example })
            .collect();
        scores.sort_by(|a, b| b.score.total_cmp(&a.score));
        Match { scores }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set() -> ExampleSet {
        let ex = |label: &str, text: &str| Example { label: label.into(), text: text.into() };
        ExampleSet::new(
            crate::bundled(),
            vec![
                ex("chest", "crushing pressure in my chest"),
                ex("chest", "my chest is tight and my left arm hurts"),
                ex("hours", "what time do you open"),
                ex("refill", "i need a refill of my medication"),
            ],
        )
    }

    #[test]
    fn a_paraphrase_is_nearest_to_its_own_label() {
        let set = set();
        let m = set.classify(crate::bundled(), "it feels like something heavy is squeezing my chest");
        assert_eq!(m.best().unwrap().label, "chest", "{m:?}");
        let m = set.classify(crate::bundled(), "are you open on saturday morning");
        assert_eq!(m.best().unwrap().label, "hours", "{m:?}");
    }

    #[test]
    fn a_clause_inside_a_long_message_is_found() {
        let set = set();
        let text = "hello i wanted to ask about my bill from last month and by the way there is crushing pressure in my chest right now";
        let m = set.classify(crate::bundled(), text);
        assert_eq!(m.best().unwrap().label, "chest", "{m:?}");
    }

    #[test]
    fn every_label_gets_a_score_best_first() {
        let m = set().classify(crate::bundled(), "refill please");
        assert_eq!(m.scores.len(), 3);
        assert!(m.scores.windows(2).all(|w| w[0].score >= w[1].score));
    }
}
