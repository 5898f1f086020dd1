//! Production: every operating facility runs its recipe, limited by capacity, by what is
//! worth making at local prices, by the nation's quota for its process, and by the inputs in
//! stock. Inputs are drawn from the host nation's commercial stock; outputs go into it.
//!
//! Facilities take inputs bought in earlier turns: material moves one stage down the chain
//! per month, so stocks in the pipeline are real and a cut upstream reaches users with delay.

use std::collections::BTreeMap;

use bevy::prelude::*;

use super::TurnSystems;
use super::catalog::{Catalog, GoodIdx, NationIdx, RecipeDef};
use super::facility::{Facility, Owner};
use super::market::Market;
use super::nation::{Flows, Nation, Stocks};
use super::orders::Policies;
use crate::scenario::schema::Process;

/// Utilisation state-owned firms keep even when they lose money.
pub const STATE_MIN_UTILISATION: f64 = 0.8;
/// Ratio of revenue to cost below which a private plant stops entirely; between it and 1 the
/// plant runs proportionally less.
pub const SHUTDOWN_COST_RATIO: f64 = 0.5;

/// One facility as production sees it.
#[derive(Debug, Clone)]
pub struct Plant {
    pub nation: NationIdx,
    pub recipe: usize,
    /// Runs per month available.
    pub capacity: f64,
    pub yield_factor: f64,
    pub cost_factor: f64,
    pub state_owned: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProductionOutcome {
    /// Runs made per plant.
    pub runs: Vec<f64>,
    /// `[nation][good]` inputs used.
    pub used: Vec<Vec<f64>>,
    /// `[nation][good]` outputs made.
    pub produced: Vec<Vec<f64>>,
    /// `[nation][good]` inputs wanted before stock limits (what firms will seek to buy).
    pub need: Vec<Vec<f64>>,
}

/// Share of capacity worth running given revenue and cost per run at local prices.
pub fn utilisation(revenue: f64, cost: f64, state_owned: bool) -> f64 {
    let ratio = if cost > 0.0 { revenue / cost } else { 1.0 };
    let u = ((ratio - SHUTDOWN_COST_RATIO) / (1.0 - SHUTDOWN_COST_RATIO)).clamp(0.0, 1.0);
    if state_owned {
        u.max(STATE_MIN_UTILISATION)
    } else {
        u
    }
}

/// Plans and carries out one month of production. Pure: the same inputs give the same result.
///
/// - `prices[good][nation]`, `stocks[nation][good]` (commercial);
/// - `quotas[nation]`: runs per **year** allowed per process.
pub fn produce(
    recipes: &[RecipeDef],
    plants: &[Plant],
    prices: &[Vec<f64>],
    stocks: &[Vec<f64>],
    quotas: &[&BTreeMap<Process, f64>],
) -> ProductionOutcome {
    let nations = stocks.len();
    let goods = prices.len();
    let price = |g: GoodIdx, n: NationIdx| prices[g][n];

    // 1. What is worth making.
    let mut desired: Vec<f64> = plants
        .iter()
        .map(|p| {
            let r = &recipes[p.recipe];
            let revenue: f64 = r
                .outputs
                .iter()
                .map(|&(g, q)| q * p.yield_factor * price(g, p.nation))
                .sum();
            let cost: f64 = r
                .inputs
                .iter()
                .map(|&(g, q)| q * price(g, p.nation))
                .sum::<f64>()
                + r.unit_cost * p.cost_factor;
            p.capacity * utilisation(revenue, cost, p.state_owned)
        })
        .collect();

    // 2. Quotas per nation and process, shared in proportion to what each plant would make.
    let mut by_process: BTreeMap<(NationIdx, Process), f64> = BTreeMap::new();
    for (p, d) in plants.iter().zip(&desired) {
        *by_process
            .entry((p.nation, recipes[p.recipe].process))
            .or_default() += d;
    }
    for (p, d) in plants.iter().zip(desired.iter_mut()) {
        let process = recipes[p.recipe].process;
        if let Some(&limit) = quotas[p.nation].get(&process) {
            let total = by_process[&(p.nation, process)];
            let monthly = limit / 12.0;
            if total > monthly && total > 0.0 {
                *d *= monthly / total;
            }
        }
    }

    // 3. Inputs: when a nation's stock of a good cannot cover all its plants, each gets the same share.
    let mut need = vec![vec![0.0; goods]; nations];
    for (p, d) in plants.iter().zip(&desired) {
        for &(g, q) in &recipes[p.recipe].inputs {
            need[p.nation][g] += d * q;
        }
    }
    let ratio = |n: NationIdx, g: GoodIdx| {
        let want = need[n][g];
        if want > 0.0 {
            (stocks[n][g] / want).min(1.0)
        } else {
            1.0
        }
    };

    let mut used = vec![vec![0.0; goods]; nations];
    let mut produced = vec![vec![0.0; goods]; nations];
    let runs: Vec<f64> = plants
        .iter()
        .zip(&desired)
        .map(|(p, d)| {
            let r = &recipes[p.recipe];
            let share = r
                .inputs
                .iter()
                .map(|&(g, _)| ratio(p.nation, g))
                .fold(1.0, f64::min);
            let runs = d * share;
            for &(g, q) in &r.inputs {
                used[p.nation][g] += runs * q;
            }
            for &(g, q) in &r.outputs {
                produced[p.nation][g] += runs * q * p.yield_factor;
            }
            runs
        })
        .collect();
    // Guard against rounding: never use more than is in stock.
    for n in 0..nations {
        for g in 0..goods {
            used[n][g] = used[n][g].min(stocks[n][g]);
        }
    }
    ProductionOutcome {
        runs,
        used,
        produced,
        need,
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        super::ResolveTurn,
        run_production.in_set(TurnSystems::Production),
    );
}

fn run_production(
    catalog: Res<Catalog>,
    market: Res<Market>,
    mut nations: Query<(&Nation, &mut Stocks, &mut Flows, &Policies)>,
    mut facilities: Query<&mut Facility>,
) {
    let mut nation_rows: Vec<_> = nations.iter_mut().collect();
    nation_rows.sort_by_key(|r| r.0.idx);
    let mut plants_q: Vec<_> = facilities.iter_mut().collect();
    plants_q.sort_by_key(|f| f.idx);

    let plants: Vec<Plant> = plants_q
        .iter()
        .map(|f| Plant {
            nation: f.nation,
            recipe: f.recipe,
            capacity: f.monthly_capacity(),
            yield_factor: f.yield_factor,
            cost_factor: f.cost_factor,
            state_owned: f.owner == Owner::State,
        })
        .collect();
    let stocks: Vec<Vec<f64>> = nation_rows.iter().map(|r| r.1.commercial.clone()).collect();
    let quotas: Vec<&BTreeMap<Process, f64>> = nation_rows.iter().map(|r| &r.3.quotas).collect();
    let out = produce(&catalog.recipes, &plants, &market.price, &stocks, &quotas);
    drop(quotas);

    for (f, runs) in plants_q.iter_mut().zip(&out.runs) {
        f.runs = *runs;
    }
    for (n, (_, stocks, flows, _)) in nation_rows.iter_mut().enumerate() {
        for g in 0..catalog.goods.len() {
            stocks.commercial[g] += out.produced[n][g] - out.used[n][g];
            stocks.commercial[g] = stocks.commercial[g].max(0.0);
            flows.produced[g] = out.produced[n][g];
            flows.used[g] = out.used[n][g];
            flows.facility_need[g] = out.need[n][g];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recipes() -> Vec<RecipeDef> {
        vec![
            RecipeDef {
                id: "mine".into(),
                name: "mine".into(),
                process: Process::Mining,
                inputs: vec![],
                outputs: vec![(0, 1.0)],
                unit_cost: 1.0,
                build_months: 1,
                build_cost: 0.0,
            },
            RecipeDef {
                id: "sep".into(),
                name: "sep".into(),
                process: Process::Separation,
                inputs: vec![(0, 1.0)],
                outputs: vec![(1, 0.5)],
                unit_cost: 1.0,
                build_months: 1,
                build_cost: 0.0,
            },
        ]
    }

    fn plant(recipe: usize, capacity: f64) -> Plant {
        Plant {
            nation: 0,
            recipe,
            capacity,
            yield_factor: 1.0,
            cost_factor: 1.0,
            state_owned: false,
        }
    }

    #[test]
    fn inputs_limit_runs_and_are_shared() {
        let prices = vec![vec![2.0], vec![10.0]];
        let stocks = vec![vec![30.0, 0.0]];
        let none = BTreeMap::new();
        let plants = [plant(1, 40.0), plant(1, 20.0)];
        let out = produce(&recipes(), &plants, &prices, &stocks, &[&none]);
        // 60 wanted, 30 in stock: each plant runs at half.
        assert!((out.runs[0] - 20.0).abs() < 1e-9);
        assert!((out.runs[1] - 10.0).abs() < 1e-9);
        assert!((out.used[0][0] - 30.0).abs() < 1e-9);
        assert!((out.produced[0][1] - 15.0).abs() < 1e-9);
        assert!((out.need[0][0] - 60.0).abs() < 1e-9);
    }

    #[test]
    fn quota_caps_a_process() {
        let prices = vec![vec![2.0], vec![10.0]];
        let stocks = vec![vec![0.0, 0.0]];
        let mut q = BTreeMap::new();
        q.insert(Process::Mining, 120.0); // 10 per month
        let plants = [plant(0, 30.0), plant(0, 10.0)];
        let out = produce(&recipes(), &plants, &prices, &stocks, &[&q]);
        assert!((out.runs.iter().sum::<f64>() - 10.0).abs() < 1e-9);
        assert!((out.runs[0] - 7.5).abs() < 1e-9);
    }

    #[test]
    fn unprofitable_private_plants_idle_but_state_plants_keep_going() {
        assert_eq!(utilisation(2.0, 1.0, false), 1.0);
        assert_eq!(utilisation(0.75, 1.0, false), 0.5);
        assert_eq!(utilisation(0.4, 1.0, false), 0.0);
        assert_eq!(utilisation(0.4, 1.0, true), STATE_MIN_UTILISATION);
    }
}
