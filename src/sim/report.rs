//! The per-turn record of a game: metrics, goods balances, prices, trade flows, news and the
//! order log. Filled by the Report step; the CLI writes it out as CSV and JSON.

use bevy::prelude::*;
use serde::Serialize;

use super::Clock;
use super::TurnSystems;
use super::catalog::{Catalog, FacilityStatus, GoodIdx, NationIdx};
use super::facility::Facility;
use super::licensing::{Licences, RouteKey, RouteStats};
use super::market::{Market, TurnTrade};
use super::nation::{Economy, Flows, Nation, Relations, Score, Stocks};
use super::orders::{OrderMsg, OrderSource, Refusal};

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct MetricRow {
    pub turn: u32,
    pub nation: NationIdx,
    pub gdp_index: f64,
    pub approval: f64,
    pub treasury: f64,
    pub score: f64,
    /// Share of planned sector value lost this turn.
    pub shortage: f64,
    pub lost_value: f64,
    /// Highest tension this nation feels toward any other.
    pub max_tension: f64,
}

/// One nation's balance of one good over one turn. `opening + produced − used − consumed +
/// imported − exported = closing` holds for every row (stocks include the strategic reserve).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct GoodRow {
    pub turn: u32,
    pub nation: NationIdx,
    pub good: GoodIdx,
    pub opening: f64,
    pub produced: f64,
    /// Used as input by facilities.
    pub used: f64,
    /// Used by end-use sectors.
    pub consumed: f64,
    pub imported: f64,
    pub exported: f64,
    pub closing: f64,
    pub reserve: f64,
    /// Months of use the commercial stock covers.
    pub cover_months: f64,
}

/// One nation's capacity for one recipe at the end of a turn, in runs per year at full use.
/// Rows only for the recipes a nation has a facility of (built, building or idle).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct CapacityRow {
    pub turn: u32,
    pub nation: NationIdx,
    pub recipe: usize,
    /// Usable now: operating plants at their ramp.
    pub operating: f64,
    /// Still to come as new plants ramp up to full output.
    pub ramping: f64,
    /// Plants under construction.
    pub building: f64,
    /// Plants standing idle (closed or stopped by their status).
    pub idle: f64,
    /// Plants under construction, and the months until the first of them opens.
    pub projects: u32,
    pub next_opening_months: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct PriceRow {
    pub turn: u32,
    pub good: GoodIdx,
    pub region: NationIdx,
    pub price: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct TradeRow {
    pub turn: u32,
    pub good: GoodIdx,
    pub from: NationIdx,
    pub to: NationIdx,
    pub quantity: f64,
    /// $M at the exporter's price.
    pub value: f64,
    pub tariff: f64,
}

/// What one authority did on one route in one turn (volumes in units per month).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct LicenceRow {
    pub turn: u32,
    pub key: RouteKey,
    pub stats: RouteStats,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct NewsItem {
    pub turn: u32,
    pub headline: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct OrderLogEntry {
    pub turn: u32,
    pub actor: NationIdx,
    pub source: OrderSource,
    pub order: String,
    /// Why it was given, when the giver said.
    pub reason: Option<String>,
    /// `None` if applied, else why it was refused.
    pub refused: Option<String>,
    /// Which way it moves trade (saves from before it was recorded read as `Other`).
    #[serde(default)]
    pub lever: super::orders::Lever,
}

#[derive(Resource, Debug, Default, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Report {
    pub metrics: Vec<MetricRow>,
    pub goods: Vec<GoodRow>,
    pub prices: Vec<PriceRow>,
    pub trade: Vec<TradeRow>,
    pub licences: Vec<LicenceRow>,
    /// Saves from before capacity was recorded read as none.
    #[serde(default)]
    pub capacity: Vec<CapacityRow>,
    pub summits: Vec<super::summits::SummitRecord>,
    pub news: Vec<NewsItem>,
    pub orders: Vec<OrderLogEntry>,
    /// The state hash at the end of every turn.
    pub hashes: Vec<TurnHash>,
    /// What a facilitator did, when (saves from before facilitators read as none).
    #[serde(default)]
    pub interventions: Vec<super::facilitator::InterventionLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct TurnHash {
    pub turn: u32,
    pub state_hash: String,
}

impl Report {
    pub fn news(&mut self, turn: u32, headline: impl Into<String>) {
        self.news.push(NewsItem {
            turn,
            headline: headline.into(),
        });
    }

    pub fn log_order(
        &mut self,
        turn: u32,
        msg: &OrderMsg,
        description: String,
        refusal: Option<Refusal>,
    ) {
        self.orders.push(OrderLogEntry {
            turn,
            actor: msg.actor,
            source: msg.source,
            order: description,
            reason: msg.reason.clone(),
            refused: refusal.map(|r| r.0),
            lever: msg.order.lever(),
        });
    }

    /// Price of a good in a region at the end of a turn, if recorded.
    pub fn price(&self, turn: u32, good: GoodIdx, region: NationIdx) -> Option<f64> {
        self.prices
            .iter()
            .find(|r| r.turn == turn && r.good == good && r.region == region)
            .map(|r| r.price)
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Report>();
    // Forward simulations need no history: only the state they end in.
    app.add_systems(
        super::ResolveTurn,
        (record, record_capacity, record_hash)
            .chain()
            .in_set(TurnSystems::Report)
            .run_if(not(resource_exists::<super::snapshot::RolloutMode>)),
    );
}

/// Capacity by nation and recipe, in nation then recipe order.
fn record_capacity(
    clock: Res<Clock>,
    catalog: Res<Catalog>,
    mut report: ResMut<Report>,
    facilities: Query<&Facility>,
) {
    let turn = clock.turn;
    let recipes = catalog.recipes.len();
    let mut rows: Vec<Option<CapacityRow>> = vec![None; catalog.nations.len() * recipes];
    for f in &facilities {
        let row = rows[f.nation * recipes + f.recipe].get_or_insert(CapacityRow {
            turn,
            nation: f.nation,
            recipe: f.recipe,
            operating: 0.0,
            ramping: 0.0,
            building: 0.0,
            idle: 0.0,
            projects: 0,
            next_opening_months: None,
        });
        match f.status {
            FacilityStatus::Operating => {
                row.operating += f.capacity * f.ramp;
                row.ramping += f.capacity * (1.0 - f.ramp);
            }
            FacilityStatus::Idle => row.idle += f.capacity,
            FacilityStatus::Building { months_left } => {
                row.building += f.capacity;
                row.projects += 1;
                row.next_opening_months = Some(
                    row.next_opening_months
                        .map_or(months_left, |m| m.min(months_left)),
                );
            }
        }
    }
    report.capacity.extend(rows.into_iter().flatten());
}

/// The turn's state hash, last of all.
fn record_hash(world: &mut World) {
    let turn = world.resource::<Clock>().turn;
    let state_hash = super::state::state_hash(world);
    world
        .resource_mut::<Report>()
        .hashes
        .push(TurnHash { turn, state_hash });
}

fn record(
    clock: Res<Clock>,
    catalog: Res<Catalog>,
    market: Res<Market>,
    trade: Res<TurnTrade>,
    licences: Res<Licences>,
    mut report: ResMut<Report>,
    nations: Query<(&Nation, &Economy, &Stocks, &Flows, &Relations, &Score)>,
) {
    let turn = clock.turn;
    let mut rows: Vec<_> = nations.iter().collect();
    rows.sort_by_key(|r| r.0.idx);
    for (nation, eco, stocks, flows, rel, score) in rows {
        let n = nation.idx;
        report.metrics.push(MetricRow {
            turn,
            nation: n,
            gdp_index: eco.gdp_index,
            approval: eco.approval,
            treasury: eco.treasury,
            score: score.current,
            shortage: eco.shortage(),
            lost_value: eco.lost_value,
            max_tension: rel
                .tension
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != n)
                .map(|(_, t)| *t)
                .fold(0.0, f64::max),
        });
        for g in 0..catalog.goods.len() {
            let use_per_month = market.expected_use[g][n];
            report.goods.push(GoodRow {
                turn,
                nation: n,
                good: g,
                opening: flows.opening[g],
                produced: flows.produced[g],
                used: flows.used[g],
                consumed: flows.consumed[g],
                imported: flows.imported[g],
                exported: flows.exported[g],
                closing: stocks.total(g),
                reserve: stocks.reserve[g],
                cover_months: if use_per_month > 0.0 {
                    stocks.commercial[g] / use_per_month
                } else {
                    0.0
                },
            });
        }
    }
    for g in 0..catalog.goods.len() {
        for (n, &price) in market.price[g].iter().enumerate() {
            report.prices.push(PriceRow {
                turn,
                good: g,
                region: n,
                price,
            });
        }
    }
    for (key, stats) in &licences.stats {
        report.licences.push(LicenceRow {
            turn,
            key: *key,
            stats: stats.clone(),
        });
    }
    for f in &trade.flows {
        report.trade.push(TradeRow {
            turn,
            good: f.good,
            from: f.from,
            to: f.to,
            quantity: f.quantity,
            value: f.quantity * f.price / 1e6,
            tariff: f.tariff,
        });
    }
}
