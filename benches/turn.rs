//! Turn resolution cost: a whole 60-turn game of the default scenario (summits included), and
//! 12 turns of the default scenario scaled to 1x, 10x and 50x its nations and facilities
//! (without summits, whose cost the `summit` benchmark measures).
//!
//! Run with `cargo bench --bench turn`; figures are recorded in BENCHMARKS.md.

use std::hint::black_box;

use chokepoint::scenario::{default_scenario, synth};
use chokepoint::sim::Sim;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn run(s: &chokepoint::scenario::Scenario, turns: u32) -> String {
    let mut sim = Sim::new(s, 7).expect("scenario compiles");
    for _ in 0..turns {
        sim.step();
    }
    sim.state_hash()
}

fn default_game(c: &mut Criterion) {
    let s = default_scenario().expect("default scenario");
    c.bench_function("default_60_turns", |b| b.iter(|| black_box(run(&s, 60))));
}

fn scaling(c: &mut Criterion) {
    let mut base = default_scenario().expect("default scenario");
    base.summits.clear();
    base.issues.clear();
    let mut group = c.benchmark_group("12_turns");
    group.sample_size(10);
    for factor in [1usize, 10, 50] {
        let s = synth::scaled(&base, factor);
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{factor}x")),
            &s,
            |b, s| b.iter(|| black_box(run(s, 12))),
        );
    }
    group.finish();
}

criterion_group!(benches, default_game, scaling);
criterion_main!(benches);
