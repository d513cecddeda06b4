//! The labelled corpus as a test: zero guardrail violations across all of
//! it (both tuning sets and the held-out set), and the tuning accuracy the
//! recogniser is tuned to. Held-out accuracy is only reported
//! (examples/corpus_report.rs), never asserted, so it is never tuned on.

#[path = "../corpus/eval.rs"]
mod eval;

#[test]
fn no_guardrail_violation_anywhere_in_the_corpus() {
    let config = eval::demo_config();
    let mut examples = tuning();
    examples.extend(eval::load("held-out.tsv"));
    let violations = eval::guardrail_violations(&config, &examples);
    assert!(violations.is_empty(), "{} violations:\n{}", violations.len(), violations.join("\n"));
}

#[test]
fn the_tuning_set_is_recognised() {
    let score = eval::score(&tuning());
    assert!(score.accuracy() >= 0.97, "tuning accuracy {:.1}%:\n{}", score.accuracy() * 100.0, score.misses.join("\n"));
}

#[test]
fn classification_is_deterministic() {
    for ex in eval::load("tuning.tsv").iter().take(50) {
        assert_eq!(pain_management::classify(&ex.text, ex.voice), pain_management::classify(&ex.text, ex.voice));
    }
}

fn tuning() -> Vec<eval::Example> {
    let mut examples = eval::load("tuning.tsv");
    examples.extend(eval::load("tuning-2.tsv"));
    examples.extend(eval::load("tuning-3.tsv"));
    examples.extend(eval::load("tuning-4.tsv"));
    examples
}
