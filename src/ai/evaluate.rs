//! Measures of how the AI plays, shared by the AI report (`examples/ai_report.rs`) and the
//! AI tests: whole games played headless at chosen difficulties, and what to read off them.

use std::ops::RangeInclusive;

use super::memory::{Lever, Pull};
use super::{AiLog, AiSettings, Considered};
use crate::scenario::schema::{Process, Scenario};
use crate::sim::Sim;
use crate::sim::catalog::{Catalog, GoodIdx, NationIdx};
use crate::sim::report::Report;
use crate::sim::spawn::SpawnError;

/// What one game leaves to measure.
pub struct Game {
    /// Each nation's final score (mean over the game).
    pub scores: Vec<f64>,
    pub report: Report,
    pub catalog: Catalog,
    /// The moves the AI gave.
    pub moves: Vec<Considered>,
}

/// Plays `turns` turns of `scenario` with the AI at `settings` (its last turn set to `turns`).
pub fn play(
    scenario: &Scenario,
    seed: u64,
    turns: u32,
    settings: &AiSettings,
) -> Result<Game, SpawnError> {
    let mut sim = Sim::new(scenario, seed)?;
    super::attach(
        &mut sim,
        AiSettings {
            last_turn: Some(turns),
            ..settings.clone()
        },
    );
    for _ in 0..turns {
        sim.step();
    }
    let state = sim.snapshot();
    let scores = state.nations.iter().map(|n| n.score.mean()).collect();
    let moves = sim
        .world()
        .resource::<AiLog>()
        .0
        .iter()
        .filter(|c| c.given)
        .cloned()
        .collect();
    Ok(Game {
        scores,
        report: sim.report().clone(),
        catalog: sim.catalog().clone(),
        moves,
    })
}

/// Goods of the rare-earth chain: what mines, separation, metal-making and magnet plants make.
pub fn rare_earth_goods(catalog: &Catalog) -> Vec<GoodIdx> {
    let mut goods: Vec<GoodIdx> = catalog
        .recipes
        .iter()
        .filter(|r| {
            matches!(
                r.process,
                Process::Mining | Process::Separation | Process::MetalAlloy | Process::Magnet
            )
        })
        .flat_map(|r| r.outputs.iter().map(|&(g, _)| g))
        .collect();
    goods.sort_unstable();
    goods.dedup();
    goods
}

/// Share of `importer`'s supply of `goods` (what it makes plus what it imports, valued at base
/// prices) that it bought from `exporter` over `turns`.
pub fn supply_share_from(
    game: &Game,
    goods: &[GoodIdx],
    importer: NationIdx,
    exporter: NationIdx,
    turns: RangeInclusive<u32>,
) -> f64 {
    let price = |g: GoodIdx| game.catalog.goods[g].base_price;
    let from: f64 = game
        .report
        .trade
        .iter()
        .filter(|t| turns.contains(&t.turn) && t.to == importer && t.from == exporter)
        .filter(|t| goods.contains(&t.good))
        .map(|t| t.quantity * price(t.good))
        // An empty sum is −0.0, which would print as "-0%".
        .fold(0.0, |a, v| a + v);
    let supply: f64 = game
        .report
        .goods
        .iter()
        .filter(|r| turns.contains(&r.turn) && r.nation == importer && goods.contains(&r.good))
        .map(|r| (r.produced + r.imported) * price(r.good))
        .sum();
    if supply > 0.0 { from / supply } else { 0.0 }
}

/// Share of `importer`'s imports of `goods` (valued at base prices) that came from
/// `exporter` over `turns`.
pub fn import_share_from(
    game: &Game,
    goods: &[GoodIdx],
    importer: NationIdx,
    exporter: NationIdx,
    turns: RangeInclusive<u32>,
) -> f64 {
    let price = |g: GoodIdx| game.catalog.goods[g].base_price;
    let (mut from, mut all) = (0.0, 0.0);
    for t in &game.report.trade {
        if turns.contains(&t.turn) && t.to == importer && goods.contains(&t.good) {
            let v = t.quantity * price(t.good);
            all += v;
            if t.from == exporter {
                from += v;
            }
        }
    }
    if all > 0.0 { from / all } else { 0.0 }
}

/// How often one nation's AI pulled its levers.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Churn {
    /// Moves given.
    pub moves: usize,
    /// Most moves on any one lever within any 12 turns.
    pub busiest_lever_year: usize,
    /// Fewest turns between two moves on the same lever (none if no lever moved twice).
    pub shortest_gap: Option<u32>,
    /// Moves that pulled a lever back the other way within 12 turns.
    pub quick_reversals: usize,
}

pub fn churn(moves: &[Considered], n: NationIdx) -> Churn {
    let mine: Vec<&Considered> = moves.iter().filter(|m| m.nation == n).collect();
    let mut levers: Vec<Lever> = mine.iter().map(|m| m.lever).collect();
    levers.sort_unstable();
    levers.dedup();
    let mut out = Churn {
        moves: mine.len(),
        ..Churn::default()
    };
    for lever in levers {
        let on: Vec<(u32, Pull)> = mine
            .iter()
            .filter(|m| m.lever == lever)
            .map(|m| (m.turn, m.pull))
            .collect();
        for (i, &(t, pull)) in on.iter().enumerate() {
            let in_year = on[i..].iter().take_while(|(u, _)| *u < t + 12).count();
            out.busiest_lever_year = out.busiest_lever_year.max(in_year);
            if let Some(&(next, next_pull)) = on.get(i + 1) {
                let gap = next - t;
                out.shortest_gap = Some(out.shortest_gap.map_or(gap, |g| g.min(gap)));
                let reverses = matches!(
                    (pull, next_pull),
                    (Pull::Tighten, Pull::Loosen) | (Pull::Loosen, Pull::Tighten)
                );
                if reverses && gap < 12 {
                    out.quick_reversals += 1;
                }
            }
        }
    }
    out
}

/// The worst a nation fared over a game.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Worst {
    pub gdp_index: f64,
    pub approval: f64,
    pub shortage: f64,
}

pub fn worst(game: &Game, n: NationIdx) -> Worst {
    let rows = game.report.metrics.iter().filter(|m| m.nation == n);
    let mut w = Worst {
        gdp_index: f64::INFINITY,
        approval: f64::INFINITY,
        shortage: 0.0,
    };
    for m in rows {
        w.gdp_index = w.gdp_index.min(m.gdp_index);
        w.approval = w.approval.min(m.approval);
        w.shortage = w.shortage.max(m.shortage);
    }
    w
}
