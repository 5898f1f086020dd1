//! Helpers shared by the integration tests.
#![allow(dead_code)]

use chokepoint::scenario::{self, Scenario};
use chokepoint::sim::Sim;
use chokepoint::sim::catalog::Catalog;
use chokepoint::sim::market::Market;
use chokepoint::sim::nation::{Economy, Relations, Stocks};

/// The files `run --out` writes.
pub const REPORT_FILES: [&str; 11] = [
    "summary.json",
    "metrics.csv",
    "goods.csv",
    "prices.csv",
    "trade.csv",
    "licences.csv",
    "capacity.csv",
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

/// A game of `s` with the AI in every seat at `difficulty`, not yet played.
pub fn with_ai(s: &Scenario, seed: u64, difficulty: chokepoint::ai::Difficulty) -> Sim {
    let mut sim = Sim::new(s, seed).expect("scenario compiles");
    chokepoint::ai::attach(
        &mut sim,
        chokepoint::ai::AiSettings {
            difficulty,
            last_turn: Some(s.turns),
            ..chokepoint::ai::AiSettings::default()
        },
    );
    sim
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

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()))
}

/// Checks the model's invariants on the turn just played: material balance (nothing appears or
/// vanishes outside recipes and consumption), trade conserves goods, no negative stock, no NaN
/// or infinity anywhere, shares and scores within their ranges.
pub fn check_turn(sim: &mut Sim) {
    let turn = sim.turn();
    let report = sim.report();
    let rows: Vec<_> = report.goods.iter().filter(|r| r.turn == turn).collect();
    assert!(!rows.is_empty());
    for r in &rows {
        let values = [
            r.opening,
            r.produced,
            r.used,
            r.consumed,
            r.imported,
            r.exported,
            r.closing,
            r.reserve,
            r.cover_months,
        ];
        assert!(values.iter().all(|v| v.is_finite()), "non-finite in {r:?}");
        assert!(values.iter().all(|v| *v >= 0.0), "negative in {r:?}");
        let balance = r.opening + r.produced - r.used - r.consumed + r.imported - r.exported;
        assert!(close(balance, r.closing), "material balance broken: {r:?}");
    }
    // Trade moves goods; it does not make them.
    let goods = sim.catalog().goods.len();
    for g in 0..goods {
        let imported: f64 = rows
            .iter()
            .filter(|r| r.good == g)
            .map(|r| r.imported)
            .sum();
        let exported: f64 = rows
            .iter()
            .filter(|r| r.good == g)
            .map(|r| r.exported)
            .sum();
        assert!(
            close(imported, exported),
            "turn {turn} good {g}: {imported} in, {exported} out"
        );
        let flows: f64 = report
            .trade
            .iter()
            .filter(|f| f.turn == turn && f.good == g)
            .map(|f| f.quantity)
            .sum();
        assert!(
            close(flows, exported),
            "flows {flows} vs exports {exported}"
        );
    }
    for p in report.prices.iter().filter(|p| p.turn == turn) {
        assert!(p.price.is_finite() && p.price > 0.0, "bad price {p:?}");
    }
    for m in report.metrics.iter().filter(|m| m.turn == turn) {
        for v in [
            m.gdp_index,
            m.approval,
            m.treasury,
            m.score,
            m.shortage,
            m.lost_value,
            m.max_tension,
        ] {
            assert!(v.is_finite(), "non-finite metric {m:?}");
        }
        assert!((0.0..=1.0).contains(&m.approval) && (0.0..=100.0).contains(&m.score));
        assert!((0.0..=1.0).contains(&m.shortage), "{m:?}");
    }
    let market = sim.world().resource::<Market>().clone();
    for row in market.price.iter().chain(market.expected_use.iter()) {
        assert!(row.iter().all(|v| v.is_finite() && *v >= 0.0));
    }
    let w = sim.world();
    let mut q = chokepoint::sim::read::<(&Stocks, &Economy, &Relations)>(w);
    for (stocks, eco, rel) in q.iter(w) {
        assert!(
            stocks
                .commercial
                .iter()
                .chain(&stocks.reserve)
                .all(|v| v.is_finite() && *v >= 0.0)
        );
        assert!(eco.gdp_index.is_finite() && eco.treasury.is_finite());
        assert!(
            rel.tension
                .iter()
                .chain(&rel.trust)
                .all(|v| (0.0..=1.0).contains(v))
        );
    }
}
