//! Plays 12 turns of the default scenario scaled 50 times (for profiling).
fn main() {
    let mut base = chokepoint::scenario::default_scenario().expect("default scenario");
    base.summits.clear();
    base.issues.clear();
    let factor = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50);
    let s = chokepoint::scenario::synth::scaled(&base, factor);
    let mut sim = chokepoint::sim::Sim::new(&s, 7).expect("compiles");
    for _ in 0..12 {
        sim.step();
    }
    println!("{}", sim.state_hash());
}
