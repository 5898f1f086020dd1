//! Prints every move the AI weighed in one game, with its expected value: for tuning the AI
//! and for a debrief of what each nation considered.
//!
//! `cargo run --release --example ai_trace -- [seed] [turns] [difficulty] [scenario]`
//! (a scenario file or a shipped scenario's id; the default scenario if left out)

use chokepoint::ai::{AiLog, AiSettings, Difficulty};
use chokepoint::scenario;
use chokepoint::sim::Sim;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let seed = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1);
    let turns = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(60);
    let difficulty = args
        .get(3)
        .and_then(|s| <Difficulty as clap::ValueEnum>::from_str(s, true).ok())
        .unwrap_or(Difficulty::Normal);
    let scenario = match args.get(4) {
        Some(spec) => scenario::load(spec).unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(2)
        }),
        None => scenario::default_scenario().expect("the default scenario is valid"),
    };
    let mut sim = Sim::new(&scenario, seed).expect("a valid scenario compiles");
    chokepoint::ai::attach(
        &mut sim,
        AiSettings {
            difficulty,
            last_turn: Some(turns),
            ..AiSettings::default()
        },
    );
    for _ in 0..turns {
        sim.step();
    }
    let names: Vec<String> = sim.catalog().nations.iter().map(|n| n.id.clone()).collect();
    for c in &sim.world().resource::<AiLog>().0 {
        println!(
            "{:>3} {:<3} {} {:+6.2} rivalry {:+6.2} {:>3}m  {}",
            c.turn,
            names[c.nation],
            if c.given { "GIVE" } else { "    " },
            c.gain,
            c.rivalry,
            c.months,
            c.reason
        );
    }
}
