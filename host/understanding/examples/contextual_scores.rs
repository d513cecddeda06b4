//! Print the contextual screen's probabilities for each message on stdin
//! (one per line; a `label<TAB>` prefix is dropped), one line of
//! space-separated numbers in the adapter's label order. Used by
//! `contextual/fit.py --check` to compare with PyTorch, and for calibration.
//!
//!     cargo run --release -p switchboard-understanding --features contextual --example contextual_scores < messages.txt

use std::io::{BufRead, Write};

fn main() {
    let model = match switchboard_understanding::contextual::bundled() {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("stdin is UTF-8");
        let text = line.split_once('\t').map_or(line.as_str(), |(_, t)| t);
        let scores: Vec<String> = model.scores(text).iter().map(|(_, p)| format!("{p:.6}")).collect();
        writeln!(out, "{}", scores.join(" ")).expect("stdout");
    }
}
