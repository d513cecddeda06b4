//! What one message costs the understanding layer: tokenise, embed (whole
//! message and its windows) and match against a labelled example set the
//! size of the safety net's.
//! `cargo bench -p switchboard-understanding --bench classify`

use criterion::{Criterion, criterion_group, criterion_main};
use switchboard_understanding::{Embedder, Example, ExampleSet, bundled};

const MESSAGES: &[&str] = &[
    "I need a refill of my oxycodone please",
    "my husband took too many of his pain pills and i cant wake him up",
    "hi i wanted to ask about my bill from last month and by the way there is crushing pressure in my chest right now and my left arm feels weird",
    "se le cayo la cara de un lado y no puede hablar bien",
];

fn examples(n: usize) -> Vec<Example> {
    (0..n)
        .map(|i| Example {
            label: format!("label-{}", i % 15),
            text: format!("{} number {i}", MESSAGES[i % MESSAGES.len()]),
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let model = bundled();
    let set = ExampleSet::new(model, examples(200));
    c.bench_function("understanding/embed_short", |b| b.iter(|| model.embed(MESSAGES[0])));
    c.bench_function("understanding/classify_200_examples_short", |b| b.iter(|| set.classify(model, MESSAGES[0])));
    c.bench_function("understanding/classify_200_examples_long", |b| b.iter(|| set.classify(model, MESSAGES[2])));
    c.bench_function("understanding/load_table", |b| {
        b.iter(|| {
            switchboard_understanding::StaticEmbedder::from_bytes(include_bytes!("../model/minilm-l6-static.bin"))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
