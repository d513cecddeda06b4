//! Print the model's features for each line of stdin (`text` after the
//! last tab), one line of space-separated numbers per input line: the whole
//! message's embedding, then the element-wise maximum and mean of its
//! windows' embeddings. Used at development time to fit the screen's
//! trained head (`host/src/safety/head/fit.py`).
//!
//! `cargo run --release -p switchboard-understanding --example features < lines.tsv`

use std::io::{BufRead, Write};

use switchboard_understanding::Embedder;

fn main() {
    let embedder = switchboard_understanding::bundled();
    let dims = embedder.dims();
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    for line in stdin.lock().lines() {
        let line = line.expect("stdin");
        let text = line.rsplit('\t').next().unwrap_or("");
        let features = switchboard_understanding::features(embedder, text);
        assert_eq!(features.len(), 3 * dims);
        let row: Vec<String> = features.iter().map(|x| format!("{x:.5}")).collect();
        writeln!(out, "{}", row.join(" ")).expect("stdout");
    }
}
