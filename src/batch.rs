//! Batch runs: the same scenario (and scripted orders) played over many seeds, the AI on every
//! seat, on every core; then what usually happens and what is luck, as distributions.
//!
//! Seeds are independent games, each deterministic, and results are kept by seed: the output
//! is the same whatever the number of threads.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;

use crate::ai::AiSettings;
use crate::scenario::schema::Scenario;
use crate::sim::Sim;
use crate::sim::catalog::NationIdx;
use crate::sim::nation::{Nation, Score};
use crate::sim::orders::{Order, OrderSource};
use crate::sim::summits::{Agreement, AgreementStatus};

/// What to play.
pub struct Spec {
    pub scenario: Scenario,
    pub seeds: Vec<u64>,
    pub turns: u32,
    pub ai: AiSettings,
    /// Scripted orders: (turn, nation, order).
    pub script: Vec<(u32, NationIdx, Order)>,
}

/// One nation's result in one game.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NationResult {
    pub id: String,
    /// Mean monthly score (the game's result), and the rank it gives (1 = best).
    pub score: f64,
    pub rank: usize,
    pub gdp_index: f64,
    pub approval: f64,
    /// Share of planned output lost: mean over the game, and the worst month.
    pub shortage_mean: f64,
    pub shortage_worst: f64,
}

/// One game.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeedResult {
    pub seed: u64,
    pub state_hash: String,
    pub nations: Vec<NationResult>,
    pub summits: usize,
    pub agreed: usize,
    pub breaches: usize,
    /// Per good (by id): the price at the end, and the highest any region paid, as a multiple
    /// of the base price (mean over regions for the end price).
    pub final_price: BTreeMap<String, f64>,
    pub peak_price: BTreeMap<String, f64>,
}

/// Plays one seed.
pub fn play_seed(spec: &Spec, seed: u64) -> Result<SeedResult, String> {
    let mut sim = Sim::new(&spec.scenario, seed).map_err(|e| e.to_string())?;
    crate::ai::attach(
        &mut sim,
        AiSettings {
            last_turn: Some(spec.turns.max(spec.scenario.turns)),
            ..spec.ai.clone()
        },
    );
    for _ in 0..spec.turns {
        let turn = sim.turn() + 1;
        for (_, actor, order) in spec.script.iter().filter(|(t, ..)| *t == turn) {
            sim.order(*actor, order.clone(), OrderSource::Script);
        }
        sim.step();
    }
    let state_hash = sim.state_hash();
    let world = sim.world();
    let mut q = crate::sim::read::<(&Nation, &Score)>(world);
    let mut means: Vec<(NationIdx, f64)> = q.iter(world).map(|(n, s)| (n.idx, s.mean())).collect();
    means.sort_by_key(|m| m.0);
    let mut aq = crate::sim::read::<&Agreement>(world);
    let breaches = aq
        .iter(world)
        .filter(|a| matches!(a.status, AgreementStatus::Breached { .. }))
        .count();
    let catalog = sim.catalog();
    let report = sim.report();
    let last = sim.turn();
    let nations = means
        .iter()
        .map(|&(n, score)| {
            let rows: Vec<_> = report.metrics.iter().filter(|m| m.nation == n).collect();
            let end = rows.iter().find(|m| m.turn == last);
            let rank = 1 + means
                .iter()
                .filter(|&&(o, s)| s > score || (s == score && o < n))
                .count();
            NationResult {
                id: catalog.nations[n].id.clone(),
                score,
                rank,
                gdp_index: end.map_or(1.0, |m| m.gdp_index),
                approval: end.map_or(0.0, |m| m.approval),
                shortage_mean: rows.iter().map(|m| m.shortage).sum::<f64>()
                    / rows.len().max(1) as f64,
                shortage_worst: rows.iter().map(|m| m.shortage).fold(0.0, f64::max),
            }
        })
        .collect();
    let mut final_price = BTreeMap::new();
    let mut peak_price = BTreeMap::new();
    for (g, def) in catalog.goods.iter().enumerate() {
        let base = def.base_price.max(f64::MIN_POSITIVE);
        let rows: Vec<_> = report.prices.iter().filter(|r| r.good == g).collect();
        let end: Vec<f64> = rows
            .iter()
            .filter(|r| r.turn == last)
            .map(|r| r.price)
            .collect();
        final_price.insert(
            def.id.clone(),
            end.iter().sum::<f64>() / end.len().max(1) as f64 / base,
        );
        peak_price.insert(
            def.id.clone(),
            rows.iter().map(|r| r.price).fold(0.0, f64::max) / base,
        );
    }
    Ok(SeedResult {
        seed,
        state_hash,
        nations,
        summits: report.summits.len(),
        agreed: report
            .summits
            .iter()
            .filter(|s| s.outcome == "agreed")
            .count(),
        breaches,
        final_price,
        peak_price,
    })
}

/// Plays every seed on `threads` threads (at least one); `progress` is told how many are done.
/// Results come back in the order of `spec.seeds`, whatever the threads.
pub fn run(
    spec: &Spec,
    threads: usize,
    progress: impl Fn(usize) + Sync,
) -> Result<Vec<SeedResult>, String> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let out: Mutex<BTreeMap<usize, Result<SeedResult, String>>> = Mutex::new(BTreeMap::new());
    std::thread::scope(|s| {
        for _ in 0..threads.max(1).min(spec.seeds.len().max(1)) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&seed) = spec.seeds.get(i) else {
                        break;
                    };
                    let r = play_seed(spec, seed);
                    out.lock().unwrap_or_else(|e| e.into_inner()).insert(i, r);
                    progress(done.fetch_add(1, Ordering::Relaxed) + 1);
                }
            });
        }
    });
    out.into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_values()
        .collect()
}

/// Mean and the 10th and 90th percentiles (nearest rank) of a sample.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    pub mean: f64,
    pub p10: f64,
    pub p90: f64,
    pub min: f64,
    pub max: f64,
}

impl Spread {
    pub fn of(values: &[f64]) -> Spread {
        let mut v: Vec<f64> = values.to_vec();
        v.sort_by(f64::total_cmp);
        let n = v.len();
        if n == 0 {
            return Spread {
                mean: 0.0,
                p10: 0.0,
                p90: 0.0,
                min: 0.0,
                max: 0.0,
            };
        }
        let rank = |p: f64| v[((p * n as f64).ceil() as usize).clamp(1, n) - 1];
        Spread {
            mean: v.iter().sum::<f64>() / n as f64,
            p10: rank(0.1),
            p90: rank(0.9),
            min: v[0],
            max: v[n - 1],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NationSpread {
    pub id: String,
    pub name: String,
    pub score: Spread,
    /// Share of games it finished first.
    pub wins: f64,
    pub rank: Spread,
    pub shortage_mean: Spread,
    pub shortage_worst: Spread,
    pub gdp_index: Spread,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoodSpread {
    pub id: String,
    pub name: String,
    pub final_price: Spread,
    pub peak_price: Spread,
}

/// The distribution over the seeds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub scenario: String,
    pub scenario_name: String,
    pub seeds: usize,
    pub first_seed: u64,
    pub turns: u32,
    pub nations: Vec<NationSpread>,
    /// Summits per game, and the share of summits that ended in a deal.
    pub summits: Spread,
    pub deal_rate: f64,
    pub breaches: Spread,
    pub goods: Vec<GoodSpread>,
}

pub fn summarize(spec: &Spec, results: &[SeedResult]) -> Summary {
    let nations = spec
        .scenario
        .nations
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let col = |f: &dyn Fn(&NationResult) -> f64| {
                Spread::of(&results.iter().map(|r| f(&r.nations[i])).collect::<Vec<_>>())
            };
            NationSpread {
                id: n.id.clone(),
                name: n.name.clone(),
                score: col(&|x| x.score),
                wins: results.iter().filter(|r| r.nations[i].rank == 1).count() as f64
                    / results.len().max(1) as f64,
                rank: col(&|x| x.rank as f64),
                shortage_mean: col(&|x| x.shortage_mean),
                shortage_worst: col(&|x| x.shortage_worst),
                gdp_index: col(&|x| x.gdp_index),
            }
        })
        .collect();
    let held: usize = results.iter().map(|r| r.summits).sum();
    let agreed: usize = results.iter().map(|r| r.agreed).sum();
    let goods = spec
        .scenario
        .goods
        .iter()
        .map(|g| {
            let col = |m: &dyn Fn(&SeedResult) -> Option<f64>| {
                Spread::of(&results.iter().filter_map(m).collect::<Vec<_>>())
            };
            GoodSpread {
                id: g.id.clone(),
                name: g.name.clone(),
                final_price: col(&|r| r.final_price.get(&g.id).copied()),
                peak_price: col(&|r| r.peak_price.get(&g.id).copied()),
            }
        })
        .collect();
    Summary {
        scenario: spec.scenario.id.clone(),
        scenario_name: spec.scenario.name.clone(),
        seeds: results.len(),
        first_seed: spec.seeds.first().copied().unwrap_or(0),
        turns: spec.turns,
        nations,
        summits: Spread::of(&results.iter().map(|r| r.summits as f64).collect::<Vec<_>>()),
        deal_rate: if held > 0 {
            agreed as f64 / held as f64
        } else {
            0.0
        },
        breaches: Spread::of(
            &results
                .iter()
                .map(|r| r.breaches as f64)
                .collect::<Vec<_>>(),
        ),
        goods,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ai::Difficulty;
    use crate::scenario::default_scenario;

    fn spec(seeds: Vec<u64>) -> Spec {
        Spec {
            scenario: default_scenario().unwrap(),
            seeds,
            turns: 14,
            ai: AiSettings {
                difficulty: Difficulty::Easy,
                ..AiSettings::default()
            },
            script: Vec::new(),
        }
    }

    #[test]
    fn the_results_do_not_depend_on_the_number_of_threads() {
        let s = spec(vec![4, 1, 3, 2]);
        let one = run(&s, 1, |_| {}).unwrap();
        let three = run(&s, 3, |_| {}).unwrap();
        assert_eq!(one, three);
        assert_eq!(
            one.iter().map(|r| r.seed).collect::<Vec<_>>(),
            vec![4, 1, 3, 2]
        );
        // Each seed is the game a plain run with that seed plays.
        let alone = play_seed(&s, 3).unwrap();
        assert_eq!(alone, one[2]);
        assert_ne!(one[0].state_hash, one[1].state_hash);
        let a = serde_json::to_string(&summarize(&s, &one)).unwrap();
        let b = serde_json::to_string(&summarize(&s, &three)).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn the_summary_counts_what_the_games_did() {
        let s = spec(vec![1, 2, 3]);
        let done = AtomicUsize::new(0);
        let r = run(&s, 2, |n| {
            done.fetch_max(n, Ordering::Relaxed);
        })
        .unwrap();
        assert_eq!(done.load(Ordering::Relaxed), 3);
        let sum = summarize(&s, &r);
        assert_eq!(sum.seeds, 3);
        let wins: f64 = sum.nations.iter().map(|n| n.wins).sum();
        assert!((wins - 1.0).abs() < 1e-9, "one winner a game: {wins}");
        for n in &sum.nations {
            assert!(n.score.min <= n.score.p10 && n.score.p10 <= n.score.p90);
            assert!(n.score.p90 <= n.score.max);
            assert!((1.0..=6.0).contains(&n.rank.mean));
        }
        // The Busan summit opens in the first month of every game.
        assert!(sum.summits.min >= 1.0);
        assert!((0.0..=1.0).contains(&sum.deal_rate));
        assert_eq!(sum.goods.len(), s.scenario.goods.len());
        assert!(
            sum.goods
                .iter()
                .all(|g| g.peak_price.min >= g.final_price.min)
        );
    }

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        let s = Spread::of(&v);
        assert_eq!((s.p10, s.p90, s.mean), (1.0, 9.0, 5.5));
        assert_eq!(Spread::of(&[]).mean, 0.0);
        assert_eq!(Spread::of(&[7.0]).p90, 7.0);
    }
}
