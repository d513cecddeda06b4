//! What the contextual screen costs per message: the full encoder on a
//! short message, a typical one and a long one.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn contextual(c: &mut Criterion) {
    let model = switchboard_understanding::contextual::bundled().expect("the model is where the build put it");
    let mut group = c.benchmark_group("contextual");
    let short = "i need a refill of my oxycodone please";
    let typical = "my husband took his pills twice this morning and now he is really hard to wake up what do i do";
    let long = "hi this is about my mom she had her epidural on tuesday and she was fine yesterday but today she says \
                her legs feel heavy and she can barely walk to the bathroom and she is also asking if she can get her \
                gabapentin refilled before the weekend because the pharmacy said they need a new prescription";
    group.bench_function("scores_short", |b| b.iter(|| model.scores(black_box(short))));
    group.bench_function("scores_typical", |b| b.iter(|| model.scores(black_box(typical))));
    group.bench_function("scores_long", |b| b.iter(|| model.scores(black_box(long))));
    group.finish();
}

criterion_group!(benches, contextual);
criterion_main!(benches);
