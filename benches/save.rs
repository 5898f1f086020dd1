//! Cost of saves on a finished game of the default scenario (60 turns, AI at normal), in
//! release.
//!
//! - `save/encode`: the whole save in memory (scenario, state, history, inputs, AI state,
//!   checksum), as `--save` and every autosave do before writing.
//! - `save/decode`: reading it back: checksum, version, scenario validation, every check of
//!   the state against the scenario, and building the game.
//! - `save/state_hash`: the state hash the sim records at the end of every turn.
//!
//! Run with `cargo bench --bench save`; figures are recorded in BENCHMARKS.md (the size of the
//! save is printed once).

use std::hint::black_box;

use chokepoint::ai::AiSettings;
use chokepoint::save;
use chokepoint::scenario::default_scenario;
use chokepoint::sim::Sim;
use criterion::{Criterion, criterion_group, criterion_main};

fn saves(c: &mut Criterion) {
    let s = default_scenario().expect("default scenario");
    let mut sim = Sim::new(&s, 1).expect("compiles");
    chokepoint::ai::attach(
        &mut sim,
        AiSettings {
            last_turn: Some(s.turns),
            ..AiSettings::default()
        },
    );
    for _ in 0..s.turns {
        sim.step();
    }
    let bytes = save::encode(&sim, &s).expect("encodes");
    eprintln!(
        "save of a {}-turn game: {} bytes ({:.2} MiB)",
        s.turns,
        bytes.len(),
        bytes.len() as f64 / f64::from(1 << 20)
    );
    let mut group = c.benchmark_group("save");
    group.sample_size(20);
    group.bench_function("encode", |b| {
        b.iter(|| black_box(save::encode(&sim, &s).expect("encodes")))
    });
    group.bench_function("decode", |b| {
        b.iter(|| black_box(save::decode(&bytes, "bench").map(|l| l.header.turn)))
    });
    group.bench_function("state_hash", |b| b.iter(|| black_box(sim.state_hash())));
    group.finish();
}

criterion_group!(benches, saves);
criterion_main!(benches);
