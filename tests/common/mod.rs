//! Helpers shared by the integration tests.
#![allow(dead_code)]

use chokepoint::scenario::{self, Scenario};
use chokepoint::sim::Sim;
use chokepoint::sim::catalog::Catalog;

/// The files `run --out` writes.
pub const REPORT_FILES: [&str; 10] = [
    "summary.json",
    "metrics.csv",
    "goods.csv",
    "prices.csv",
    "trade.csv",
    "licences.csv",
    "summits.json",
    "news.csv",
    "orders.csv",
    "hashes.csv",
];

pub fn default_scenario() -> Scenario {
    scenario::default_scenario().expect("the default scenario validates")
}

/// The default scenario with every export regime open: no export rules, no events (several
/// set export regimes) and no summits (deals would change regimes too).
pub fn open_scenario() -> Scenario {
    let mut s = default_scenario();
    for n in &mut s.nations {
        n.policies.exports.clear();
        n.policies.export_quotas.clear();
        n.policies.extraterritorial.clear();
    }
    s.events.clear();
    s.summits.clear();
    s.issues.clear();
    s
}

pub fn run(s: &Scenario, seed: u64, turns: u32) -> Sim {
    let mut sim = Sim::new(s, seed).expect("scenario compiles");
    for _ in 0..turns {
        sim.step();
    }
    sim
}

pub fn good(c: &Catalog, id: &str) -> usize {
    c.good_index(id).expect("good exists")
}

pub fn nation(c: &Catalog, id: &str) -> usize {
    c.nation_index(id).expect("nation exists")
}

/// Sum of a field of the goods rows for a good over turns `from..=to`, optionally one nation.
pub fn sum_goods(
    sim: &Sim,
    good: usize,
    nation: Option<usize>,
    from: u32,
    to: u32,
    field: impl Fn(&chokepoint::sim::report::GoodRow) -> f64,
) -> f64 {
    sim.report()
        .goods
        .iter()
        .filter(|r| r.good == good && r.turn >= from && r.turn <= to)
        .filter(|r| nation.is_none_or(|n| r.nation == n))
        .map(field)
        .sum()
}
