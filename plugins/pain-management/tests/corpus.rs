//! The labelled corpus as a test: zero guardrail violations across all of
//! it (the tuning sets, blind-a — scored blind once, tuning data since —
//! and the held-out set), the tuning accuracy the recogniser is tuned to,
//! and few false alarms. Held-out accuracy is only reported
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

/// An emergency recorded for a message with no emergency label costs a
/// patient a fright and the on-call a page: at most 5% of such messages.
#[test]
fn false_alarms_are_rare_on_the_tuning_sets() {
    let config = eval::demo_config();
    let (alarms, calm) = eval::false_alarms(&config, &tuning());
    assert!(calm > 1000, "the tuning sets have {calm} lines with no emergency label");
    let rate = alarms.len() as f64 / calm as f64;
    assert!(rate <= 0.05, "{:.1}% false alarms:\n{}", rate * 100.0, alarms.join("\n"));
}

/// The guardrail check fails when it should: English wording for a Spanish
/// emergency, and an emergency the conversation did not see (no 911, no
/// naloxone).
#[test]
fn the_guardrail_check_catches_what_it_is_for() {
    let toml = format!(
        "{}\n[escalation.criteria.stroke]\nmessage-es = \"Call 911 now.\"\n",
        include_str!("../demo-config.toml")
    );
    let bytes = pain_management::prepare_config(&toml).expect("valid: it says 911");
    let config = pain_management::PreparedConfig::decode(&bytes).unwrap();
    let example = |labels: &[&str], text: &str| eval::Example {
        line: 1,
        voice: false,
        labels: labels.iter().map(|l| l.to_string()).collect(),
        text: text.into(),
    };
    let violations = eval::guardrail_violations(
        &config,
        &[example(&["emergency-stroke"], "a mi papá se le cayó la cara de un lado")],
    );
    assert!(violations.iter().any(|v| v.contains("no Spanish 911")), "{violations:?}");
    let violations =
        eval::guardrail_violations(&eval::demo_config(), &[example(&["emergency-overdose"], "hello there")]);
    assert!(violations.iter().any(|v| v.contains("no 911/988")), "{violations:?}");
    assert!(violations.iter().any(|v| v.contains("no naloxone")), "{violations:?}");
    let (alarms, calm) = eval::false_alarms(&eval::demo_config(), &[example(&["other"], "my husband wont wake up")]);
    assert_eq!((alarms.len(), calm), (1, 1));
}

/// The corpus's own Spanish judgement, which the guardrail check leans on.
#[test]
fn the_corpus_tells_spanish_from_english() {
    assert!(eval::is_spanish("Mi papá tiene dolor en el pecho y le falta el aire"));
    assert!(eval::is_spanish("ya no quiero vivir asi"));
    assert!(!eval::is_spanish("my husband took too many pills"));
    assert!(!eval::is_spanish("no"));
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
    examples.extend(eval::load("tuning-5.tsv"));
    examples.extend(eval::load("tuning-6.tsv"));
    examples.extend(eval::load("tuning-7.tsv"));
    examples.extend(eval::load("tuning-8.tsv"));
    examples.extend(eval::load("blind-a.tsv"));
    examples
}
