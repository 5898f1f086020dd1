//! How batch runs scale with threads: 200 seeds of the default scenario (60 turns, the AI
//! passive, so that the figure is the batch runner's and the sim's, not the AI's) on one
//! thread and on two.
//!
//! Run with `cargo bench --bench batch`; figures are recorded in BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use chokepoint::ai::{AiSettings, Difficulty};
use chokepoint::batch::{self, Spec};
use chokepoint::scenario::default_scenario;
use criterion::{Criterion, criterion_group, criterion_main};

fn batches(c: &mut Criterion) {
    let scenario = default_scenario().expect("default scenario");
    let spec = Spec {
        turns: scenario.turns,
        scenario,
        seeds: (1..=200).collect(),
        ai: AiSettings {
            difficulty: Difficulty::Passive,
            ..AiSettings::default()
        },
        script: Vec::new(),
    };
    let mut group = c.benchmark_group("batch_200_seeds");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(60));
    for threads in [1, 2] {
        group.bench_function(format!("{threads}_threads"), |b| {
            b.iter(|| black_box(batch::run(&spec, threads, |_| {}).expect("plays")))
        });
    }
    group.finish();
}

criterion_group!(benches, batches);
criterion_main!(benches);
