//! Prints intent accuracy and the confusion table for the corpus, as
//! recorded in BENCHMARKS.md:
//! `cargo run -p pain-management --example corpus_report`

#[path = "../corpus/eval.rs"]
mod eval;

fn main() {
    let config = eval::demo_config();
    for set in ["tuning.tsv", "held-out.tsv"] {
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
        let violations = eval::guardrail_violations(&config, &examples);
        println!();
        println!("guardrail violations in {set}: {}", violations.len());
        for v in &violations {
            println!("- {v}");
        }
        println!();
    }
}
