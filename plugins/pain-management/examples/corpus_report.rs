//! Prints intent accuracy and the confusion table for the corpus, as
//! recorded in BENCHMARKS.md:
//! `cargo run -p pain-management --example corpus_report [FILE.tsv…]`
//! (default: every tuning set, blind-a and the held-out set). `--labels`:
//! accuracy only; `--explain TEXT…`: the phrases behind a message's labels.

#[path = "../corpus/eval.rs"]
mod eval;

fn main() {
    let config = eval::demo_config();
    let mut sets: Vec<String> = std::env::args().skip(1).collect();
    // `--explain TEXT…`: the labels and every phrase behind them.
    if sets.first().is_some_and(|a| a == "--explain") {
        for text in &sets[1..] {
            println!("{text:?} → {:?}", pain_management::classify(text, false));
            for span in pain_management::recognise::explain_spans(text) {
                println!("  {span}");
            }
        }
        return;
    }
    // `--semantic FILE…`: for each line, the rules' labels and the host
    // model's best red-flag example score (tab-separated), to set the
    // second opinion's thresholds.
    if sets.first().is_some_and(|a| a == "--semantic") {
        let mut host = pain_management::RecordingHost::default();
        for set in &sets[1..] {
            for ex in eval::load(set) {
                let scores = pain_management::recognise::semantic::scores(&mut host, &ex.text);
                let none = scores.iter().find(|(l, _)| l == "none").map_or(0.0, |s| s.1);
                let (best, score) = scores.iter().find(|(l, _)| l != "none").cloned().unwrap_or_default();
                let rules = pain_management::classify(&ex.text, ex.voice).join(",");
                println!(
                    "{set}:{}\t{}\t{rules}\t{best}\t{score:.3}\t{none:.3}\t{}",
                    ex.line,
                    ex.labels.join(","),
                    ex.text
                );
            }
        }
        return;
    }
    // `--second-opinion FILE…`: every line whose labels the host's second
    // opinion changes, as the conversation would get them, and whether the
    // change was right (an emergency the line carries) or a false alarm.
    if sets.first().is_some_and(|a| a == "--second-opinion") {
        let mut host = pain_management::RecordingHost::default();
        let (mut caught, mut alarms) = (0, 0);
        for set in &sets[1..] {
            for ex in eval::load(set) {
                let rules = pain_management::classify(&ex.text, ex.voice);
                let with = pain_management::recognise::classify_with_host(&mut host, &ex.text, ex.voice);
                if rules == with {
                    continue;
                }
                let added: Vec<&str> = with.iter().copied().filter(|l| !rules.contains(l)).collect();
                let right = added.iter().all(|l| ex.labels.iter().any(|e| e == l));
                let expected_red = ex.labels.iter().any(|e| e.starts_with("emergency-"));
                let verdict = if right {
                    caught += 1;
                    "caught"
                } else if expected_red {
                    "other-emergency"
                } else {
                    alarms += 1;
                    "false-alarm"
                };
                println!("{verdict}\t{set}:{}\t{}\t{}\t{}", ex.line, ex.labels.join(","), added.join(","), ex.text);
            }
        }
        println!("caught {caught}, false alarms {alarms}");
        return;
    }
    // `--labels`: accuracy only, without playing the conversations.
    let labels_only = sets.first().is_some_and(|a| a == "--labels");
    if labels_only {
        sets.remove(0);
    }
    if sets.is_empty() {
        sets = [
            "tuning.tsv",
            "tuning-2.tsv",
            "tuning-3.tsv",
            "tuning-4.tsv",
            "tuning-5.tsv",
            "tuning-6.tsv",
            "tuning-7.tsv",
            "tuning-8.tsv",
            "blind-a.tsv",
            "held-out.tsv",
        ]
        .map(String::from)
        .to_vec();
    }
    for set in &sets {
        let examples = eval::load(set);
        let score = eval::score(&examples);
        println!("## {set}: {}/{} correct ({:.1}%)", score.correct, score.total, score.accuracy() * 100.0);
        println!();
        println!("| expected | correct / total |");
        println!("|---|---|");
        for (label, (correct, total)) in &score.per_label {
            println!("| {label} | {correct} / {total} |");
        }
        println!();
        if !score.confusion.is_empty() {
            println!("| expected | predicted | count |");
            println!("|---|---|---|");
            for ((expected, predicted), count) in &score.confusion {
                println!("| {expected} | {predicted} | {count} |");
            }
            println!();
        }
        for miss in &score.misses {
            println!("- {miss}");
        }
        if labels_only {
            continue;
        }
        let violations = eval::guardrail_violations(&config, &examples);
        println!();
        println!("guardrail violations in {set}: {}", violations.len());
        for v in &violations {
            println!("- {v}");
        }
        let (alarms, calm) = eval::false_alarms(&config, &examples);
        println!();
        println!(
            "false alarms in {set}: {} of {calm} lines with no emergency label ({:.1}%)",
            alarms.len(),
            alarms.len() as f64 * 100.0 / calm.max(1) as f64
        );
        for a in &alarms {
            println!("- {a}");
        }
        println!();
    }
}
