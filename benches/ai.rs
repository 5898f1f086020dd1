//! Cost of the AI's decisions on the default scenario, in release.
//!
//! - `ai_turn/LEVEL/after_T/all_nations`: every nation reviews at once (the worst case; in
//!   play reviews are staggered), from the state after T turns. Turns 4 and 13 are the
//!   costliest of a game: talks are near, so moves aimed at the partner are weighed in
//!   futures where the summit takes place.
//! - `ai_turn/LEVEL/after_T/due`: the nations actually due to review on that turn.
//! - `ai_game/LEVEL`: a whole 60-turn game with the AI at that level (compare with
//!   `default_60_turns` in the `turn` benchmark, which has no AI).
//!
//! Run with `cargo bench --bench ai`; figures are recorded in BENCHMARKS.md.

use std::hint::black_box;

use chokepoint::ai::{self, AiSettings, Difficulty, Review};
use chokepoint::scenario::default_scenario;
use chokepoint::sim::Sim;
use criterion::{Criterion, criterion_group, criterion_main};

/// A default game played to `turns` with the AI at `difficulty`.
fn game(difficulty: Difficulty, turns: u32) -> Sim {
    let s = default_scenario().expect("default scenario");
    let mut sim = Sim::new(&s, 1).expect("compiles");
    chokepoint::ai::attach(
        &mut sim,
        AiSettings {
            difficulty,
            last_turn: Some(s.turns),
            ..AiSettings::default()
        },
    );
    for _ in 0..turns {
        sim.step();
    }
    sim
}

fn ai_turn(c: &mut Criterion) {
    let mut group = c.benchmark_group("ai_turn");
    group.sample_size(10);
    for difficulty in [Difficulty::Normal, Difficulty::Hard] {
        for turns in [4, 13] {
            let mut sim = game(difficulty, turns);
            group.bench_function(format!("{difficulty}/after_{turns}/all_nations"), |b| {
                b.iter(|| black_box(ai::plan_sim(&mut sim, Review::All)))
            });
            group.bench_function(format!("{difficulty}/after_{turns}/due"), |b| {
                b.iter(|| black_box(ai::plan_sim(&mut sim, Review::Due)))
            });
        }
    }
    group.finish();

    let mut group = c.benchmark_group("ai_game");
    group.sample_size(10);
    for difficulty in [Difficulty::Normal, Difficulty::Hard] {
        group.bench_function(format!("{difficulty}"), |b| {
            b.iter(|| {
                let sim = game(difficulty, 60);
                black_box(sim.state_hash())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, ai_turn);
criterion_main!(benches);
