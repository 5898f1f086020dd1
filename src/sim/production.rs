//! Production: every operating facility runs its recipe, limited by capacity, by what is
//! worth making at local prices, by the nation's quota for its process, and by the inputs in
//! stock. Inputs are drawn from the host nation's commercial stock; outputs go into it.
//!
//! Facilities take inputs bought in earlier turns: material moves one stage down the chain
//! per month, so stocks in the pipeline are real and a cut upstream reaches users with delay.

use std::collections::BTreeMap;

use bevy::prelude::*;

use super::catalog::{Catalog, GoodIdx, NationIdx, RecipeDef};
use super::facility::Facility;
use super::market::Market;
use super::nation::{Content, Economy, Flows, Nation, Stocks};
use super::orders::Policies;
use super::{Clock, TurnSystems};
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

impl Plant {
    /// A facility as it stands this month.
    pub fn of(f: &Facility) -> Plant {
        Plant {
            nation: f.nation,
            recipe: f.recipe,
            capacity: f.monthly_capacity(),
            yield_factor: f.yield_factor,
            cost_factor: f.cost_factor,
            state_owned: f.state_owned(),
        }
    }
}

/// A nation's quota rules for production.
#[derive(Debug, Clone, Copy)]
pub struct QuotaRules<'a> {
    /// Runs per year allowed per process.
    pub limits: &'a BTreeMap<Process, f64>,
    /// Share of each quota reserved for state-owned firms (none = shared by capacity).
    pub state_share: Option<f64>,
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
    /// `[nation][good]` outputs made by state-owned firms.
    pub produced_state: Vec<Vec<f64>>,
    /// Value added per nation ($M): output value less inputs and operating costs.
    pub value_added: Vec<f64>,
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
/// - `quotas[nation]`: runs per **year** allowed per process, and how they are split between
///   state-owned and other firms. A reserved share left unused by one group is lost.
pub fn produce(
    recipes: &[RecipeDef],
    plants: &[Plant],
    prices: &[Vec<f64>],
    stocks: &[Vec<f64>],
    quotas: &[QuotaRules<'_>],
) -> ProductionOutcome {
    let nations = stocks.len();
    let goods = prices.len();
    let price = |g: GoodIdx, n: NationIdx| prices[g][n];

    // 1. What is worth making.
    let margins: Vec<(f64, f64)> = plants
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
            (revenue, cost)
        })
        .collect();
    let mut desired: Vec<f64> = plants
        .iter()
        .zip(&margins)
        .map(|(p, &(revenue, cost))| p.capacity * utilisation(revenue, cost, p.state_owned))
        .collect();

    // 2. Quotas per nation and process, shared in proportion to what each plant would make;
    //    with a state share, each group shares its own allotment.
    let group = |p: &Plant| quotas[p.nation].state_share.is_some() && p.state_owned;
    let mut wanted: BTreeMap<(NationIdx, Process, bool), f64> = BTreeMap::new();
    for (p, d) in plants.iter().zip(&desired) {
        *wanted
            .entry((p.nation, recipes[p.recipe].process, group(p)))
            .or_default() += d;
    }
    for (p, d) in plants.iter().zip(desired.iter_mut()) {
        let process = recipes[p.recipe].process;
        let rules = &quotas[p.nation];
        if let Some(&limit) = rules.limits.get(&process) {
            let allotment = match rules.state_share {
                None => limit,
                Some(s) if p.state_owned => limit * s,
                Some(s) => limit * (1.0 - s),
            } / 12.0;
            let total = wanted[&(p.nation, process, group(p))];
            if total > allotment && total > 0.0 {
                *d *= allotment / total;
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
    let mut produced_state = vec![vec![0.0; goods]; nations];
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
                if p.state_owned {
                    produced_state[p.nation][g] += runs * q * p.yield_factor;
                }
            }
            runs
        })
        .collect();
    let mut value_added = vec![0.0; nations];
    for ((p, runs), (revenue, cost)) in plants.iter().zip(&runs).zip(&margins) {
        value_added[p.nation] += runs * (revenue - cost) / 1e6;
    }
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
        produced_state,
        value_added,
    }
}

/// Origin content of one run's output: inputs bring their content by value, the value the
/// plant adds is its host's, and a plant using another nation's technology marks its output
/// as that nation's (1).
pub fn output_content(
    recipe: &RecipeDef,
    plant: &Plant,
    technology: Option<NationIdx>,
    prices: &[Vec<f64>],
    stock_content: &[Vec<f64>],
) -> Vec<f64> {
    let n = plant.nation;
    let origins = stock_content.first().map_or(0, |c| c.len());
    let out_value: f64 = recipe
        .outputs
        .iter()
        .map(|&(g, q)| q * plant.yield_factor * prices[g][n])
        .sum();
    let mut content = vec![0.0; origins];
    let mut in_value = 0.0;
    for &(g, q) in &recipe.inputs {
        let v = q * prices[g][n];
        in_value += v;
        for (c, s) in content.iter_mut().zip(&stock_content[g]) {
            *c += v * s;
        }
    }
    let total = out_value.max(in_value);
    if total > 0.0 {
        if n < origins {
            content[n] += (out_value - in_value).max(0.0);
        }
        for c in &mut content {
            *c = (*c / total).clamp(0.0, 1.0);
        }
    }
    if let Some(t) = technology
        && t < origins
    {
        content[t] = 1.0;
    }
    content
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
    clock: Res<Clock>,
    mut nations: Query<(
        &Nation,
        &mut Stocks,
        &mut Flows,
        &Policies,
        &mut Content,
        &mut Economy,
    )>,
    mut facilities: Query<&mut Facility>,
) {
    let mut nation_rows: Vec<_> = nations.iter_mut().collect();
    nation_rows.sort_by_key(|r| r.0.idx);
    let mut plants_q: Vec<_> = facilities.iter_mut().collect();
    plants_q.sort_by_key(|f| f.idx);

    let plants: Vec<Plant> = plants_q.iter().map(|f| Plant::of(f)).collect();
    let stocks: Vec<Vec<f64>> = nation_rows.iter().map(|r| r.1.commercial.clone()).collect();
    let quotas: Vec<QuotaRules<'_>> = nation_rows
        .iter()
        .map(|r| QuotaRules {
            limits: &r.3.quotas,
            state_share: r.3.firms.quota_state_share,
        })
        .collect();
    let out = produce(&catalog.recipes, &plants, &market.price, &stocks, &quotas);
    drop(quotas);

    // Origin content of this month's output, per nation and good (quantity-weighted).
    let goods = catalog.goods.len();
    let mut made: Vec<Vec<(f64, Vec<f64>)>> = (0..nation_rows.len())
        .map(|_| vec![(0.0, Vec::new()); goods])
        .collect();
    for ((f, plant), runs) in plants_q.iter().zip(&plants).zip(&out.runs) {
        if *runs <= 0.0 {
            continue;
        }
        let recipe = &catalog.recipes[plant.recipe];
        let c = output_content(
            recipe,
            plant,
            f.technology,
            &market.price,
            &nation_rows[plant.nation].4.0,
        );
        for &(g, q) in &recipe.outputs {
            let qty = runs * q * plant.yield_factor;
            let (total, mix) = &mut made[plant.nation][g];
            if mix.is_empty() {
                *mix = vec![0.0; c.len()];
            }
            for (m, x) in mix.iter_mut().zip(&c) {
                *m = (*m * *total + x * qty) / (*total + qty);
            }
            *total += qty;
        }
    }

    for (f, runs) in plants_q.iter_mut().zip(&out.runs) {
        f.runs = *runs;
    }
    for (n, (_, stocks, flows, _, content, eco)) in nation_rows.iter_mut().enumerate() {
        eco.producer_value = out.value_added[n];
        if clock.turn <= 1 {
            eco.producer_base = out.value_added[n];
        }
        for g in 0..goods {
            let held = (stocks.commercial[g] - out.used[n][g]).max(0.0);
            let (qty, mix) = &made[n][g];
            content.mix(g, held, *qty, mix);
            stocks.commercial[g] = held + out.produced[n][g];
            flows.produced[g] = out.produced[n][g];
            flows.produced_state[g] = out.produced_state[n][g];
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
                end_use: Default::default(),
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
                end_use: Default::default(),
            },
        ]
    }

    fn rules(limits: &BTreeMap<Process, f64>, state_share: Option<f64>) -> QuotaRules<'_> {
        QuotaRules {
            limits,
            state_share,
        }
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
        let out = produce(&recipes(), &plants, &prices, &stocks, &[rules(&none, None)]);
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
        let out = produce(&recipes(), &plants, &prices, &stocks, &[rules(&q, None)]);
        assert!((out.runs.iter().sum::<f64>() - 10.0).abs() < 1e-9);
        assert!((out.runs[0] - 7.5).abs() < 1e-9);
    }

    #[test]
    fn a_state_share_reserves_quota_for_state_firms() {
        let prices = vec![vec![2.0], vec![10.0]];
        let stocks = vec![vec![0.0, 0.0]];
        let mut q = BTreeMap::new();
        q.insert(Process::Mining, 120.0); // 10 per month
        let mut state = plant(0, 30.0);
        state.state_owned = true;
        let plants = [state, plant(0, 30.0)];
        // All of it to state firms: the private mine gets nothing.
        let out = produce(
            &recipes(),
            &plants,
            &prices,
            &stocks,
            &[rules(&q, Some(1.0))],
        );
        assert!((out.runs[0] - 10.0).abs() < 1e-9);
        assert_eq!(out.runs[1], 0.0);
        assert!((out.produced_state[0][0] - 10.0).abs() < 1e-9);
        // 70/30 split.
        let out = produce(
            &recipes(),
            &plants,
            &prices,
            &stocks,
            &[rules(&q, Some(0.7))],
        );
        assert!((out.runs[0] - 7.0).abs() < 1e-9);
        assert!((out.runs[1] - 3.0).abs() < 1e-9);
    }

    #[test]
    fn output_carries_the_origin_of_its_inputs_by_value() {
        // Separation in nation 1 of an input that is all nation 0's material.
        let r = &recipes()[1];
        let prices = vec![vec![2.0, 2.0], vec![10.0, 10.0]];
        let mut p = plant(1, 1.0);
        p.nation = 1;
        let stock_content = vec![vec![1.0, 0.0], vec![0.0, 1.0]];
        let c = output_content(r, &p, None, &prices, &stock_content);
        // Output worth 5 per run, input 2: 40% nation 0, 60% value added in nation 1.
        assert!((c[0] - 0.4).abs() < 1e-12 && (c[1] - 0.6).abs() < 1e-12);
        let c = output_content(r, &p, Some(0), &prices, &stock_content);
        assert_eq!(c[0], 1.0, "made with nation 0's technology");
    }

    #[test]
    fn unprofitable_private_plants_idle_but_state_plants_keep_going() {
        assert_eq!(utilisation(2.0, 1.0, false), 1.0);
        assert_eq!(utilisation(0.75, 1.0, false), 0.5);
        assert_eq!(utilisation(0.4, 1.0, false), 0.0);
        assert_eq!(utilisation(0.4, 1.0, true), STATE_MIN_UTILISATION);
    }
}
