//! Trade clearing and regional prices, one good at a time.
//!
//! **Quantities.** Each nation's firms want to end the turn's trade holding `use × (1 + cover)`
//! (this month's expected use plus `cover` months of buffer), scaled by what the landed price
//! makes worth holding: they stock up when imports are cheap and run leaner when dear.
//! Exporters offer what they hold above their own target. When the market an exporter can
//! reach is short as a whole, the exporter shares the shortage: it keeps only the same share of
//! its own target that the whole reachable market holds, so scarcity is spread, not dumped on
//! foreign buyers. Importers buy from the cheapest landed source first (price × (1 + tariff)),
//! each exporter rationing proportionally when over-asked; a licensing regime lets through only
//! its approval share of what is asked, and the importer turns to its next source for the rest.
//!
//! **Prices.** A nation's price follows its post-trade stock cover:
//! `base × (stock / target)^(−sensitivity)`, clamped to `[min, max] × base` and approached
//! gradually (`price_adjustment` of the log-gap per month). A nation that exports blends that
//! home price with the netback of its sales (buyers' price less tariff), weighted by a month's
//! home use against the month's exports, so pure exporters take their buyers' price. Sales on
//! a route a licence rations count at the exporter's own price (the rationed buyer's price is
//! the permit's rent); unsold stock beyond a working stock of `cover` months of sales values the
//! sales at the price that would have cleared it (`netback × (working / offered)^sensitivity`);
//! stranded stock with no buyer and no use drifts to the floor. When controls bind, prices
//! inside and outside the controlling nation diverge: trapped supply cheapens at home while
//! cut-off buyers bid up theirs. That is the spot price; what users pay blends it with a
//! contract price that resets every few months to the period's mean spot ([`Market::settle`]).
//!
//! **Supplier risk.** Buyers rank sources by landed price weighed up by their distrust of a
//! supplier whose controls cut them off ([`next_risk`]); they pay the price asked.

use std::collections::BTreeMap;

use bevy::prelude::*;

use super::TurnSystems;
use super::catalog::{Catalog, GoodIdx, NationIdx};
use super::consumption::sector_needs;
use super::licensing::Routes;
use super::nation::{
    Adaptation, Content, Distrust, Economy, Flows, Intensity, Nation, Precaution, Sectors, Stocks,
    premium_on,
};
use super::orders::Policies;
use crate::scenario::schema::MarketParams;

/// Quantities below this are treated as zero.
pub const EPS: f64 = 1e-9;
/// Importers never aim below this share of their target cover, nor above `MAX_COVER_FACTOR`.
pub const MIN_COVER_FACTOR: f64 = 0.25;
pub const MAX_COVER_FACTOR: f64 = 3.0;
/// Share of the gap between the target stock and a larger, price-justified stock that firms
/// buy in one month.
pub const STOCK_UP_RATE: f64 = 0.3;

/// Regional prices and expected use, `[good][nation]`.
#[derive(Resource, Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Market {
    /// What users pay: `spot_share` at the spot price, the rest at the contract price.
    /// Demand, thrift, stockpiling, scores and reports read it.
    pub price: Vec<Vec<f64>>,
    /// The price this month's trade cleared at (buyers rank sources by it).
    #[serde(default)]
    pub spot: Vec<Vec<f64>>,
    /// The contract price in force: contracts are staggered, one in `contract_months`
    /// renewing each month at that month's spot price, so the price in force is the mean
    /// spot price of the last `contract_months` months.
    #[serde(default)]
    pub contract: Vec<Vec<f64>>,
    /// The spot prices the contracts in force were signed at, oldest first
    /// (`[good][nation][contract]`, up to `contract_months`).
    #[serde(default)]
    pub signed: Vec<Vec<Vec<f64>>>,
    /// Slow moving average of each price (the reference for price trends).
    pub price_average: Vec<Vec<f64>>,
    /// Expected use this month (sectors plus facilities), units per month.
    pub expected_use: Vec<Vec<f64>>,
}

impl Market {
    /// A market at rest at these prices: spot, contract and paid price agree.
    pub fn at(price: Vec<Vec<f64>>, expected_use: Vec<Vec<f64>>) -> Self {
        let unsigned = price.iter().map(|p| vec![Vec::new(); p.len()]).collect();
        Market {
            price_average: price.clone(),
            spot: price.clone(),
            contract: price.clone(),
            signed: unsigned,
            price,
            expected_use,
        }
    }

    /// Fills what a save from before contract prices lacks: spot and contract at the price.
    pub fn fit(&mut self) {
        let shape = |v: &Vec<Vec<f64>>, p: &Vec<Vec<f64>>| {
            v.len() == p.len() && v.iter().zip(p).all(|(a, b)| a.len() == b.len())
        };
        if !(shape(&self.spot, &self.price)
            && shape(&self.contract, &self.price)
            && self.signed.len() == self.price.len()
            && self
                .signed
                .iter()
                .zip(&self.price)
                .all(|(a, b)| a.len() == b.len()))
        {
            let fresh = Market::at(self.price.clone(), Vec::new());
            self.spot = fresh.spot;
            self.contract = fresh.contract;
            self.signed = fresh.signed;
        }
    }

    /// The month's spot prices in: users pay `spot_share` at spot and the rest at the
    /// contract price in force.
    pub fn settle(&mut self, g: GoodIdx, spot: Vec<f64>, params: &MarketParams) {
        let s = params.spot_share.clamp(0.0, 1.0);
        for (r, &p) in spot.iter().enumerate() {
            self.price[g][r] = s * p + (1.0 - s) * self.contract[g][r];
            self.price_average[g][r] +=
                PRICE_AVERAGE_WEIGHT * (self.price[g][r] - self.price_average[g][r]);
        }
        self.spot[g] = spot;
    }

    /// The month ends: the oldest contract expires and one is signed at this month's spot
    /// price. (Contracts from before the first month, or from a save without them, count
    /// at the contract price they were paying.)
    pub fn close_month(&mut self, params: &MarketParams) {
        let months = params.contract_months.max(1) as usize;
        for ((contract, signed), spot) in self
            .contract
            .iter_mut()
            .zip(&mut self.signed)
            .zip(&self.spot)
        {
            for ((c, book), &p) in contract.iter_mut().zip(signed.iter_mut()).zip(spot) {
                while book.len() < months {
                    book.insert(0, *c);
                }
                book.push(p);
                let expired = book.len() - months;
                book.drain(..expired);
                *c = book.iter().sum::<f64>() / months as f64;
            }
        }
    }
}

/// Weight of the newest price in [`Market::price_average`].
pub const PRICE_AVERAGE_WEIGHT: f64 = 0.2;

#[derive(Debug, Clone, PartialEq)]
pub struct TradeFlow {
    pub good: GoodIdx,
    pub from: NationIdx,
    pub to: NationIdx,
    pub quantity: f64,
    /// Exporter's price, $ per unit.
    pub price: f64,
    pub tariff: f64,
}

/// This turn's trade flows, ordered by good, exporter, importer, and what importers wanted
/// of each route before any licence limit (licensing reads it next turn to file applications).
#[derive(Resource, Debug, Default, Clone)]
pub struct TurnTrade {
    pub flows: Vec<TradeFlow>,
    /// `(good, exporter, importer)` → units per month wanted.
    pub asked: BTreeMap<(GoodIdx, NationIdx, NationIdx), f64>,
    /// `(good, exporter, importer)` → units shipped this month (licensing reads it next turn:
    /// a new control finds shipments in the pipeline).
    pub shipped: BTreeMap<(GoodIdx, NationIdx, NationIdx), f64>,
}

/// Everything clearing one good needs, per nation.
pub struct ClearingInput<'a> {
    pub base_price: f64,
    pub sensitivity: f64,
    /// Price above which users stop bidding the good up (the good's substitution ceiling),
    /// `None` for no ceiling.
    pub ceiling: Option<f64>,
    pub params: &'a MarketParams,
    /// Commercial stock after production.
    pub stock: &'a [f64],
    /// Expected use this month.
    pub expected_use: &'a [f64],
    /// Months of buffer firms want beyond this month.
    pub cover: &'a [f64],
    /// Prices at the start of the turn.
    pub price: &'a [f64],
    /// `[exporter][importer]` most that may move this month (infinite when unlimited).
    pub route_cap: &'a [Vec<f64>],
    /// `tariff(importer, exporter)`.
    pub tariff: &'a dyn Fn(NationIdx, NationIdx) -> f64,
    /// `premium(importer, exporter)`: the supplier risk the importer puts on the exporter,
    /// a share of the landed price it adds when ranking its sources (it pays only the price).
    pub premium: &'a dyn Fn(NationIdx, NationIdx) -> f64,
    /// Most each nation may export this month.
    pub export_cap: &'a [f64],
    /// Share of each nation's offer its permitted firms may export (1 unless only
    /// state-owned firms may export).
    pub export_share: &'a [f64],
}

#[derive(Debug, Clone, PartialEq)]
pub struct Clearing {
    /// `(exporter, importer, quantity)`, sorted.
    pub flows: Vec<(NationIdx, NationIdx, f64)>,
    /// `(exporter, importer, wanted)`: what importers wanted of each source they reached,
    /// before route limits; sorted.
    pub asked: Vec<(NationIdx, NationIdx, f64)>,
    pub stock_after: Vec<f64>,
    pub price: Vec<f64>,
}

/// Share of a rise above the substitution ceiling that reaches the price, in logs: past the
/// ceiling users turn to substitutes, redesigns or halted lines rather than outbid each
/// other, so ten times the ceiling's scarcity lifts the price by 10^0.25 ≈ 1.8 times.
pub const CEILING_PASS_THROUGH: f64 = 0.25;

/// The price curve of a good: what a region's users pay at a cover `k` (stock / target).
struct Curve {
    base: f64,
    sensitivity: f64,
    ceiling: Option<f64>,
}

impl Curve {
    fn of(inp: &ClearingInput<'_>) -> Self {
        Curve {
            base: inp.base_price,
            sensitivity: inp.sensitivity,
            ceiling: inp.ceiling,
        }
    }

    /// `base × k^(−sensitivity)`, compressed above the ceiling.
    fn price(&self, k: f64) -> f64 {
        let raw = self.base * libm::pow(k, -self.sensitivity);
        match self.ceiling {
            Some(c) if raw > c => c * libm::pow(raw / c, CEILING_PASS_THROUGH),
            _ => raw,
        }
    }

    /// Cover (as a share of target) at which holding stock is worth a landed price `p`:
    /// the inverse of [`Curve::price`], so buying stops where the local price would equal
    /// `p`.
    fn cover_worth(&self, p: f64) -> f64 {
        let raw = match self.ceiling {
            Some(c) if p > c => c * libm::pow(p / c, 1.0 / CEILING_PASS_THROUGH),
            _ => p,
        };
        libm::pow(raw / self.base, -1.0 / self.sensitivity)
            .clamp(MIN_COVER_FACTOR, MAX_COVER_FACTOR)
    }
}

/// Clears one good. Pure and deterministic: ties are broken by nation index.
pub fn clear(inp: &ClearingInput<'_>) -> Clearing {
    let n = inp.stock.len();
    let curve = Curve::of(inp);
    let target: Vec<f64> = (0..n)
        .map(|i| inp.expected_use[i] * (1.0 + inp.cover[i]))
        .collect();

    // Offers: stock above the (shared) own target, within the export cap.
    let offer: Vec<f64> = (0..n)
        .map(|e| {
            let (mut pool, mut want) = (inp.stock[e], target[e]);
            for j in (0..n).filter(|&j| j != e) {
                if inp.route_cap[e][j] > 0.0 {
                    pool += inp.stock[j];
                    want += target[j];
                }
            }
            let share = if want > EPS {
                (pool / want).min(1.0)
            } else {
                1.0
            };
            ((inp.stock[e] - target[e] * share).max(0.0) * inp.export_share[e].clamp(0.0, 1.0))
                .min(inp.export_cap[e].max(0.0))
        })
        .collect();

    let landed = |e: NationIdx, i: NationIdx| inp.price[e] * (1.0 + (inp.tariff)(i, e));
    // What the importer weighs a source at: the landed price and its distrust of the supplier.
    let weighed = |e: NationIdx, i: NationIdx| landed(e, i) * (1.0 + (inp.premium)(i, e));
    // Each importer's sources, cheapest (once weighed) first.
    let sources: Vec<Vec<NationIdx>> = (0..n)
        .map(|i| {
            // A nation with stock to offer does not buy the same good.
            if offer[i] > EPS {
                return Vec::new();
            }
            let mut v: Vec<(f64, NationIdx)> = (0..n)
                .filter(|&e| e != i && offer[e] > EPS)
                .map(|e| (weighed(e, i), e))
                .collect();
            v.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            v.into_iter().map(|(_, e)| e).collect()
        })
        .collect();

    let mut remaining = offer.clone();
    let mut received = vec![0.0; n];
    let mut next = vec![0usize; n];
    let mut flows: Vec<(NationIdx, NationIdx, f64)> = Vec::new();
    let mut asked: Vec<(NationIdx, NationIdx, f64)> = Vec::new();
    let mut requests: Vec<(NationIdx, NationIdx, f64)> = Vec::new();
    let mut asked_of = vec![0.0; n];
    // `[exporter][importer]`: the importer wanted more than the route lets through.
    let mut rationed = vec![vec![false; n]; n];
    loop {
        requests.clear();
        for i in 0..n {
            // Walk to the next source that can still sell to this importer.
            while let Some(&e) = sources[i].get(next[i]) {
                if remaining[e] <= EPS {
                    next[i] += 1;
                    continue;
                }
                // Up to the target, firms buy what they need; beyond it (stocking up on cheap
                // imports) they spread purchases over months, which keeps orders from swinging.
                let desired = target[i] * curve.cover_worth(landed(e, i));
                let held = inp.stock[i] + received[i];
                let want = if desired > target[i] {
                    (target[i] - held).max(0.0) + STOCK_UP_RATE * (desired - held.max(target[i]))
                } else {
                    desired - held
                };
                if want <= EPS {
                    // Sources are sorted by price, so dearer ones are not wanted either.
                    next[i] = sources[i].len();
                    break;
                }
                asked.push((e, i, want));
                next[i] += 1;
                let r = want.min(inp.route_cap[e][i]);
                if want > r + EPS {
                    rationed[e][i] = true;
                }
                if r > EPS {
                    requests.push((e, i, r));
                    break;
                }
                // Route shut or unlicensed: the unmet part goes to the next source.
            }
        }
        if requests.is_empty() {
            break;
        }
        asked_of.iter_mut().for_each(|a| *a = 0.0);
        for &(e, _, r) in &requests {
            asked_of[e] += r;
        }
        for &(e, i, r) in &requests {
            let granted = if asked_of[e] > remaining[e] {
                r * remaining[e] / asked_of[e]
            } else {
                r
            };
            if granted > EPS {
                flows.push((e, i, granted));
                received[i] += granted;
            }
        }
        for e in 0..n {
            if asked_of[e] > 0.0 {
                remaining[e] = (remaining[e] - asked_of[e]).max(0.0);
            }
        }
    }
    asked.sort_by_key(|a| (a.0, a.1));
    flows.sort_by_key(|f| (f.0, f.1));

    let mut stock_after = inp.stock.to_vec();
    let mut sold = vec![0.0; n];
    for &(e, i, q) in &flows {
        stock_after[e] -= q;
        stock_after[i] += q;
        sold[e] += q;
    }
    for s in &mut stock_after {
        *s = s.max(0.0);
    }

    let price = prices(inp, &target, &offer, &sold, &rationed, &flows, &stock_after);

    Clearing {
        flows,
        asked,
        stock_after,
        price,
    }
}

/// Each region's new price after trade: its home price from the cover left, blended for an
/// exporter with the netback of its sales (rationed routes at its own price, unsold stock
/// weighing on it), then smoothed toward that within the good's floor and ceiling.
fn prices(
    inp: &ClearingInput<'_>,
    target: &[f64],
    offer: &[f64],
    sold: &[f64],
    rationed: &[Vec<bool>],
    flows: &[(NationIdx, NationIdx, f64)],
    stock_after: &[f64],
) -> Vec<f64> {
    let n = inp.stock.len();
    let p = inp.params;
    let curve = Curve::of(inp);
    let lo = inp.base_price * p.min_price_factor;
    let hi = inp.base_price * p.max_price_factor;
    let smooth = |old: f64, target: f64| {
        let old = old.clamp(lo, hi);
        (old * libm::pow(target.clamp(lo, hi) / old, p.price_adjustment)).clamp(lo, hi)
    };
    // Home price from post-trade cover; exporters blend it with the netback of their sales,
    // weighted by volume (a month's home use against the month's exports).
    let home: Vec<Option<f64>> = (0..n)
        .map(|r| (target[r] > EPS).then(|| curve.price(stock_after[r] / target[r])))
        .collect();
    let mut netback_value = vec![0.0; n];
    for &(e, i, q) in flows {
        // On a route a licence or ban rations, what the buyer would pay is the scarcity rent
        // of the permit, not a price the exporter could get for more: those sales count at
        // the exporter's own price.
        netback_value[e] += if rationed[e][i] {
            q * inp.price[e]
        } else {
            q * home[i].unwrap_or(inp.price[i]) / (1.0 + (inp.tariff)(i, e))
        };
    }
    (0..n)
        .map(|r| {
            let home_use = inp.expected_use[r];
            // Stock the exporter offered and could not sell, beyond the working stock its
            // firms keep (its cover in months of this month's sales), says its buyers want no
            // more at this price: its sales are valued at the price that would have cleared
            // that surplus too (the price curve's inverse), so unsold stock weighs on the price
            // even when the exporter has no home use to price it.
            let unsold = (offer[r] - sold[r]).max(0.0);
            let kept = sold[r] * (1.0 + inp.cover[r]);
            let netback = if sold[r] > EPS && sold[r] + unsold > kept {
                netback_value[r] * libm::pow(kept / (sold[r] + unsold), inp.sensitivity)
            } else {
                netback_value[r]
            };
            let star = match (home[r], sold[r] > EPS) {
                (Some(h), true) => (home_use * h + netback) / (home_use + sold[r]),
                (Some(h), false) => h,
                (None, true) => netback / sold[r],
                // Stock nobody uses or buys: stranded, worth the floor.
                (None, false) if stock_after[r] > EPS => lo,
                (None, false) => inp.price[r],
            };
            smooth(inp.price[r], star)
        })
        .collect()
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<TurnTrade>();
    app.add_systems(super::ResolveTurn, trade.in_set(TurnSystems::Trade));
}

/// What clearing needs to know of one nation.
pub struct NationView<'a> {
    pub stocks: &'a Stocks,
    pub flows: &'a Flows,
    pub policies: &'a Policies,
    pub sectors: &'a Sectors,
    pub intensity: &'a Intensity,
    pub precaution: &'a Precaution,
    pub adaptation: &'a Adaptation,
}

/// Expected use this month per good and nation: sectors' plans plus facilities' input needs.
pub fn expected_use(catalog: &Catalog, views: &[NationView<'_>]) -> Vec<Vec<f64>> {
    let goods = catalog.goods.len();
    let mut expected = vec![vec![0.0; views.len()]; goods];
    for (i, v) in views.iter().enumerate() {
        let needs = sector_needs(catalog, v.sectors, v.intensity);
        for g in 0..goods {
            expected[g][i] = needs[g] + v.flows.facility_need[g];
        }
    }
    expected
}

/// The per-nation inputs of one good's clearing, owned.
pub struct GoodInputs {
    pub stock: Vec<f64>,
    pub cover: Vec<f64>,
    pub export_cap: Vec<f64>,
    pub export_share: Vec<f64>,
    /// `[importer][exporter]`.
    pub tariffs: Vec<Vec<f64>>,
    /// Per importer, its supplier-risk premiums by exporter.
    pub premiums: Vec<Distrust>,
}

pub fn good_inputs(views: &[NationView<'_>], g: GoodIdx) -> GoodInputs {
    let n = views.len();
    GoodInputs {
        stock: views.iter().map(|v| v.stocks.commercial[g]).collect(),
        cover: views
            .iter()
            .map(|v| v.policies.stock_cover_months * v.precaution.factor[g])
            .collect(),
        export_cap: views
            .iter()
            .map(|v| v.policies.export_quotas[g].map_or(f64::INFINITY, |y| y / 12.0))
            .collect(),
        export_share: views
            .iter()
            .map(|v| {
                if !v.policies.firms.exports_state_only {
                    1.0
                } else if v.flows.produced[g] > 0.0 {
                    v.flows.produced_state[g] / v.flows.produced[g]
                } else {
                    0.0
                }
            })
            .collect(),
        tariffs: views
            .iter()
            .map(|v| (0..n).map(|e| v.policies.tariff(g, e)).collect())
            .collect(),
        premiums: views
            .iter()
            .map(|v| v.adaptation.supplier_risk[g].clone())
            .collect(),
    }
}

/// Clears one good for the given nations, with route limits `route_cap[exporter][importer]`.
pub fn clear_good(
    catalog: &Catalog,
    market: &Market,
    views: &[NationView<'_>],
    expected: &[Vec<f64>],
    g: GoodIdx,
    route_cap: &[Vec<f64>],
) -> (Clearing, GoodInputs) {
    let def = &catalog.goods[g];
    let inputs = good_inputs(views, g);
    let tariff = |i: NationIdx, e: NationIdx| inputs.tariffs[i][e];
    let premium = |i: NationIdx, e: NationIdx| premium_on(&inputs.premiums[i], e);
    let out = clear(&ClearingInput {
        base_price: def.base_price,
        sensitivity: def.price_sensitivity,
        ceiling: def.substitution_ceiling.map(|c| c * def.base_price),
        params: &catalog.market,
        stock: &inputs.stock,
        expected_use: &expected[g],
        cover: &inputs.cover,
        price: &market.spot[g],
        route_cap,
        tariff: &tariff,
        premium: &premium,
        export_cap: &inputs.export_cap,
        export_share: &inputs.export_share,
    });
    (out, inputs)
}

/// One nation as the trade system holds it.
type TradeRow<'w> = (
    &'w Nation,
    Mut<'w, Stocks>,
    Mut<'w, Flows>,
    Mut<'w, Economy>,
    &'w Policies,
    &'w Sectors,
    &'w Intensity,
    &'w Precaution,
    Mut<'w, Content>,
    Mut<'w, Adaptation>,
);

fn views<'a>(rows: &'a [TradeRow<'_>]) -> Vec<NationView<'a>> {
    rows.iter()
        .map(|r| NationView {
            stocks: &r.1,
            flows: &r.2,
            policies: r.4,
            sectors: r.5,
            intensity: r.6,
            precaution: r.7,
            adaptation: &r.9,
        })
        .collect()
}

#[allow(clippy::type_complexity)]
fn trade(
    catalog: Res<Catalog>,
    routes: Res<Routes>,
    mut market: ResMut<Market>,
    mut turn_trade: ResMut<TurnTrade>,
    mut nations: Query<(
        &Nation,
        &mut Stocks,
        &mut Flows,
        &mut Economy,
        &Policies,
        &Sectors,
        &Intensity,
        &Precaution,
        &mut Content,
        &mut Adaptation,
    )>,
) {
    let mut rows: Vec<TradeRow<'_>> = nations.iter_mut().collect();
    rows.sort_by_key(|r| r.0.idx);
    let n = rows.len();
    let goods = catalog.goods.len();
    let expected = expected_use(&catalog, &views(&rows));

    turn_trade.flows.clear();
    turn_trade.asked.clear();
    turn_trade.shipped.clear();
    for g in 0..goods {
        let (out, inputs) = clear_good(
            &catalog,
            &market,
            &views(&rows),
            &expected,
            g,
            &routes.cap[g],
        );
        // Imports carry their exporter's origin content into the importer's stock.
        let exporter_content: Vec<Vec<f64>> = rows.iter().map(|r| r.8.0[g].clone()).collect();
        let mut held = inputs.stock.clone();
        let mut tariff_income = vec![0.0; n];
        for &(e, i, q) in &out.flows {
            let rate = inputs.tariffs[i][e];
            let price = market.price[g][e];
            tariff_income[i] += q * price * rate / 1e6;
            rows[i].8.mix(g, held[i], q, &exporter_content[e]);
            held[i] += q;
            *turn_trade.shipped.entry((g, e, i)).or_default() += q;
            turn_trade.flows.push(TradeFlow {
                good: g,
                from: e,
                to: i,
                quantity: q,
                price,
                tariff: rate,
            });
        }
        for &(e, i, q) in &out.asked {
            turn_trade.asked.insert((g, e, i), q);
        }
        // Buyers whom a supplier's controls cut off remember it.
        let cuts = supplier_cuts(&out, &routes.cap[g], &inputs.export_cap, n);
        let fade = risk_fade(&catalog.market);
        for (i, r) in rows.iter_mut().enumerate() {
            let old = std::mem::take(&mut r.9.supplier_risk[g]);
            r.9.supplier_risk[g] = remember(&old, &cuts[i], fade, &catalog.market);
        }
        for (i, r) in rows.iter_mut().enumerate() {
            let before = r.1.commercial[g];
            r.1.commercial[g] = out.stock_after[i];
            let delta = out.stock_after[i] - before;
            // A nation never both imports and exports one good in a turn (sellers do not
            // buy), so the net change is also the gross flow.
            (r.2.imported[g], r.2.exported[g]) = if delta >= 0.0 {
                (delta, 0.0)
            } else {
                (0.0, -delta)
            };
            r.3.treasury += tariff_income[i];
        }
        market.settle(g, out.price, &catalog.market);
    }
    market.close_month(&catalog.market);
    market.expected_use = expected;
}

/// Per importer, by exporter: the share of what it asked of a supplier that the supplier's
/// controls kept from it this month (a ban, a licence, a quota that left it short).
fn supplier_cuts(
    out: &Clearing,
    route_cap: &[Vec<f64>],
    export_cap: &[f64],
    n: usize,
) -> Vec<Distrust> {
    let mut got: BTreeMap<(NationIdx, NationIdx), f64> = BTreeMap::new();
    for &(e, i, q) in &out.flows {
        *got.entry((i, e)).or_default() += q;
    }
    let mut cut: Vec<Distrust> = vec![Vec::new(); n];
    for &(e, i, want) in &out.asked {
        let controlled = route_cap[e][i].is_finite() || export_cap[e].is_finite();
        if controlled && want > EPS {
            let kept = got.get(&(i, e)).copied().unwrap_or(0.0);
            let share = ((want - kept) / want).clamp(0.0, 1.0);
            match cut[i].last_mut() {
                Some(last) if last.0 == e => last.1 = share,
                _ => cut[i].push((e, share)),
            }
        }
    }
    for c in &mut cut {
        c.sort_by_key(|x| x.0);
    }
    cut
}

/// A buyer's premiums after a month with these `cuts`: every supplier it distrusted or that
/// cut it off moves by [`next_risk`]; the rest stay unlisted.
fn remember(old: &Distrust, cuts: &Distrust, fade: f64, params: &MarketParams) -> Distrust {
    let mut out = Vec::with_capacity(old.len() + cuts.len());
    let (mut a, mut b) = (old.iter().peekable(), cuts.iter().peekable());
    loop {
        let e = match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some(x), None) => x.0,
            (None, Some(y)) => y.0,
            (Some(x), Some(y)) => x.0.min(y.0),
        };
        let risk = a.next_if(|x| x.0 == e).map_or(0.0, |x| x.1);
        let cut = b.next_if(|y| y.0 == e).map_or(0.0, |y| y.1);
        let r = faded_risk(risk, cut, fade, params);
        if r > 0.0 {
            out.push((e, r));
        }
    }
    out
}

/// A buyer's premium on a supplier after a month in which the supplier's controls kept `cut`
/// of what it asked: it rises halfway to `supplier_risk × cut` at once, and otherwise halves
/// every `supplier_risk_half_life` months (never below what this month's cut justifies).
pub fn next_risk(risk: f64, cut: f64, params: &MarketParams) -> f64 {
    faded_risk(risk, cut, risk_fade(params), params)
}

/// What a premium keeps of itself each month without a cut.
fn risk_fade(params: &MarketParams) -> f64 {
    libm::pow(0.5, 1.0 / params.supplier_risk_half_life.max(1) as f64)
}

/// [`next_risk`] with the month's fade worked out.
fn faded_risk(risk: f64, cut: f64, fade: f64, params: &MarketParams) -> f64 {
    let target = params.supplier_risk * cut.clamp(0.0, 1.0);
    if target > risk {
        risk + 0.5 * (target - risk)
    } else {
        (risk * fade).max(target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> MarketParams {
        MarketParams {
            price_adjustment: 1.0,
            ..MarketParams::default()
        }
    }

    struct Case {
        stock: Vec<f64>,
        use_: Vec<f64>,
        cap: Vec<Vec<f64>>,
        tariffs: Vec<Vec<f64>>,
    }

    fn run(c: &Case) -> Clearing {
        run_weighed(c, &vec![vec![0.0; c.stock.len()]; c.stock.len()])
    }

    /// Clears `c` with supplier-risk premiums `[importer][exporter]`.
    fn run_weighed(c: &Case, premiums: &[Vec<f64>]) -> Clearing {
        run_full(c, premiums, None)
    }

    /// Clears `c` with a substitution ceiling at `ceiling` ($, base 100).
    fn run_capped(c: &Case, ceiling: Option<f64>) -> Clearing {
        run_full(c, &vec![vec![0.0; c.stock.len()]; c.stock.len()], ceiling)
    }

    fn run_full(c: &Case, premiums: &[Vec<f64>], ceiling: Option<f64>) -> Clearing {
        let n = c.stock.len();
        let p = params();
        let tariff = |i: usize, e: usize| c.tariffs[i][e];
        let premium = |i: usize, e: usize| premiums[i][e];
        clear(&ClearingInput {
            base_price: 100.0,
            sensitivity: 1.5,
            ceiling,
            params: &p,
            stock: &c.stock,
            expected_use: &c.use_,
            cover: &vec![2.0; n],
            price: &vec![100.0; n],
            route_cap: &c.cap,
            tariff: &tariff,
            premium: &premium,
            export_cap: &vec![f64::INFINITY; n],
            export_share: &vec![1.0; n],
        })
    }

    fn open(n: usize) -> Vec<Vec<f64>> {
        vec![vec![f64::INFINITY; n]; n]
    }

    #[test]
    fn the_price_curve_and_its_inverse_agree_on_both_sides_of_the_ceiling() {
        for ceiling in [None, Some(300.0)] {
            let curve = Curve {
                base: 100.0,
                sensitivity: 1.5,
                ceiling,
            };
            for k in [0.3, 0.5, 0.9, 1.0, 2.0] {
                let back = curve.cover_worth(curve.price(k));
                assert!((back - k).abs() < 1e-9, "{ceiling:?} {k}: {back}");
            }
        }
        let capped = Curve {
            base: 100.0,
            sensitivity: 1.5,
            ceiling: Some(300.0),
        };
        // Below the ceiling nothing changes; tenfold the ceiling's scarcity lifts the price
        // about 1.8 times.
        assert!((capped.price(0.5) - 100.0 * 0.5f64.powf(-1.5)).abs() < 1e-9);
        let k = libm::pow(30.0, -1.0 / 1.5);
        assert!((capped.price(k) - 300.0 * 10f64.powf(0.25)).abs() < 1e-9);
    }

    #[test]
    fn past_the_substitution_ceiling_a_shortage_barely_lifts_the_price() {
        // One open exporter, one importer held to a trickle by its route.
        let c = Case {
            stock: vec![100.0, 0.0],
            use_: vec![10.0, 10.0],
            cap: vec![vec![f64::INFINITY, 2.0], vec![f64::INFINITY; 2]],
            tariffs: vec![vec![0.0; 2]; 2],
        };
        let free = run_capped(&c, None);
        let capped = run_capped(&c, Some(300.0));
        // The same trickle moves either way; the price runs far less with the ceiling.
        assert_eq!(free.flows, capped.flows);
        assert!(free.price[1] > 500.0, "{}", free.price[1]);
        assert!(
            capped.price[1] > 150.0 && capped.price[1] < 0.5 * free.price[1],
            "{} against {}",
            capped.price[1],
            free.price[1]
        );
        // The exporter's own price is untouched.
        assert!((capped.price[0] - free.price[0]).abs() < 1e-9);
    }

    #[test]
    fn balanced_open_market_keeps_base_prices() {
        // Nation 0 holds its target plus nation 1's; nation 1 holds nothing.
        let c = Case {
            stock: vec![60.0, 0.0],
            use_: vec![10.0, 10.0],
            cap: open(2),
            tariffs: vec![vec![0.0; 2]; 2],
        };
        let out = run(&c);
        assert_eq!(out.flows, vec![(0, 1, 30.0)]);
        assert!((out.price[0] - 100.0).abs() < 1e-9);
        assert!((out.price[1] - 100.0).abs() < 1e-9);
        let total: f64 = out.stock_after.iter().sum();
        assert!((total - 60.0).abs() < 1e-9);
    }

    #[test]
    fn a_ban_splits_prices() {
        let mut cap = open(2);
        cap[0][1] = 0.0;
        let c = Case {
            stock: vec![60.0, 5.0],
            use_: vec![10.0, 10.0],
            cap,
            tariffs: vec![vec![0.0; 2]; 2],
        };
        let out = run(&c);
        assert!(out.flows.is_empty());
        assert!(out.price[0] < 100.0, "trapped supply cheapens at home");
        assert!(out.price[1] > 500.0, "cut-off buyer pays a scarcity price");
    }

    #[test]
    fn shortage_is_shared_across_an_open_market() {
        // Half the stock the two nations want in all.
        let c = Case {
            stock: vec![30.0, 0.0],
            use_: vec![10.0, 10.0],
            cap: open(2),
            tariffs: vec![vec![0.0; 2]; 2],
        };
        let out = run(&c);
        assert!(!out.flows.is_empty());
        assert!(out.price[0] > 150.0 && out.price[1] > 150.0);
        assert!(out.stock_after[1] > 5.0);
    }

    #[test]
    fn route_limits_divert_demand_to_other_sources() {
        let mut cap = open(3);
        cap[0][2] = 15.0;
        let c = Case {
            stock: vec![100.0, 100.0, 0.0],
            use_: vec![10.0, 10.0, 10.0],
            cap,
            tariffs: vec![vec![0.0; 3]; 3],
        };
        let out = run(&c);
        let from0: f64 = out.flows.iter().filter(|f| f.0 == 0).map(|f| f.2).sum();
        let from1: f64 = out.flows.iter().filter(|f| f.0 == 1).map(|f| f.2).sum();
        assert!((from0 - 15.0).abs() < 1e-9, "15 permitted: {from0}");
        assert!(
            (from1 - 15.0).abs() < 1e-9,
            "rest from the next source: {from1}"
        );
        // The importer wanted all 30 of the cheaper source first: what it will apply for.
        assert!(out.asked.contains(&(0, 2, 30.0)), "{:?}", out.asked);
    }

    #[test]
    fn a_distrusted_supplier_is_used_last_even_when_cheaper() {
        // Supplier 0 is 10% cheaper landed (supplier 1 faces a 10% tariff), but the importer
        // puts a 30% premium on it after a cut: it buys from 1 first, at 1's price.
        let c = Case {
            stock: vec![100.0, 100.0, 0.0],
            use_: vec![10.0, 10.0, 10.0],
            cap: open(3),
            tariffs: vec![vec![0.0; 3], vec![0.0; 3], vec![0.0, 0.1, 0.0]],
        };
        assert_eq!(run(&c).flows, vec![(0, 2, 30.0)]);
        let mut premiums = vec![vec![0.0; 3]; 3];
        premiums[2][0] = 0.3;
        let out = run_weighed(&c, &premiums);
        // It buys what the dearer landed price justifies there (a little less than its
        // target), and only the rest from the distrusted supplier.
        let from = |e: usize| {
            out.flows
                .iter()
                .filter(|f| f.0 == e)
                .map(|f| f.2)
                .sum::<f64>()
        };
        assert!(from(1) > 27.0 && from(0) < 3.0, "{:?}", out.flows);
        assert!((from(0) + from(1) - 30.0).abs() < 1e-9, "{:?}", out.flows);
        // A small premium does not outweigh the tariff.
        premiums[2][0] = 0.05;
        assert_eq!(run_weighed(&c, &premiums).flows, vec![(0, 2, 30.0)]);
    }

    #[test]
    fn supplier_risk_builds_at_once_and_fades_over_years() {
        let p = MarketParams::default();
        let r = next_risk(0.0, 1.0, &p);
        assert!((r - 0.5 * p.supplier_risk).abs() < 1e-12, "{r}");
        // Two years after the last cut, half of it is left.
        let mut later = r;
        for _ in 0..p.supplier_risk_half_life {
            later = next_risk(later, 0.0, &p);
        }
        assert!((later - r / 2.0).abs() < 1e-9, "{later}");
    }

    #[test]
    fn contract_prices_lag_the_spot_price() {
        let p = MarketParams::default();
        let n = p.contract_months as f64;
        let mut m = Market::at(vec![vec![100.0]], vec![vec![1.0]]);
        // Spot doubles and stays: each month one contract in `contract_months` renews at the
        // new price, so what users pay climbs in equal steps and meets spot once all have.
        for month in 0..=p.contract_months {
            m.settle(0, vec![200.0], &p);
            let contract = 100.0 + 100.0 * month as f64 / n;
            let paid = p.spot_share * 200.0 + (1.0 - p.spot_share) * contract;
            assert!(
                (m.price[0][0] - paid).abs() < 1e-9,
                "month {month}: {} against {paid}",
                m.price[0][0]
            );
            m.close_month(&p);
        }
        assert!((m.price[0][0] - 200.0).abs() < 1e-9, "{}", m.price[0][0]);
        // Spot falls back: the contracts signed dear keep the paid price up for a while.
        m.settle(0, vec![100.0], &p);
        let paid = p.spot_share * 100.0 + (1.0 - p.spot_share) * 200.0;
        assert!((m.price[0][0] - paid).abs() < 1e-9, "{}", m.price[0][0]);
    }

    #[test]
    fn tariffs_favour_untariffed_sources_and_raise_the_price() {
        let c = Case {
            stock: vec![100.0, 100.0, 0.0],
            use_: vec![10.0, 10.0, 10.0],
            cap: open(3),
            tariffs: vec![vec![0.0; 3], vec![0.0; 3], vec![0.5, 0.0, 0.0]],
        };
        let out = run(&c);
        assert_eq!(out.flows, vec![(1, 2, 30.0)]);
        // Tariff on everyone: imports fall and the local price rises toward the landed cost.
        let c2 = Case {
            tariffs: vec![vec![0.0; 3], vec![0.0; 3], vec![0.5, 0.5, 0.0]],
            ..c
        };
        let out2 = run(&c2);
        let imported: f64 = out2.flows.iter().map(|f| f.2).sum();
        assert!(imported < 30.0);
        assert!(
            out2.price[2] > 120.0 && out2.price[2] < 160.0,
            "{}",
            out2.price[2]
        );
    }

    #[test]
    fn pure_exporters_take_the_netback_price() {
        let c = Case {
            stock: vec![30.0, 0.0],
            use_: vec![0.0, 10.0],
            cap: open(2),
            tariffs: vec![vec![0.0; 2], vec![0.25, 0.0]],
        };
        let out = run(&c);
        let q: f64 = out.flows.iter().map(|f| f.2).sum();
        assert!(q > 0.0);
        assert!((out.price[0] - out.price[1] / 1.25).abs() < 1e-6);
    }
    #[test]
    fn a_licensed_route_does_not_lift_the_exporters_price_for_open_buyers() {
        // A pure exporter sells to two buyers; only buyer 2's route is rationed.
        let mut cap = open(3);
        cap[0][2] = 5.0;
        let c = Case {
            stock: vec![60.0, 0.0, 0.0],
            use_: vec![0.0, 10.0, 10.0],
            cap,
            tariffs: vec![vec![0.0; 3]; 3],
        };
        let out = run(&c);
        // The rationed buyer is short and pays a scarcity price; the exporter and its open
        // buyer keep the base price, so the open buyer is not squeezed by the other's licence.
        assert!(out.price[2] > 300.0, "{:?}", out.price);
        assert!((out.price[0] - 100.0).abs() < 1e-6, "{:?}", out.price);
        assert!((out.price[1] - 100.0).abs() < 1e-6, "{:?}", out.price);
        assert!(
            (out.stock_after[1] - 30.0).abs() < 1e-9,
            "{:?}",
            out.stock_after
        );
    }

    #[test]
    fn unsold_stock_weighs_on_a_pure_exporters_price() {
        // The buyer wants 30 (a month's use and two months' cover); the exporter holds far
        // more than that and a working stock of its own.
        let c = Case {
            stock: vec![200.0, 0.0],
            use_: vec![0.0, 10.0],
            cap: open(2),
            tariffs: vec![vec![0.0; 2]; 2],
        };
        let out = run(&c);
        // Sold 30; a working stock of two months' sales (60) is normal, the other 110 is not:
        // the sales are valued as if 200 had had to clear where 90 would.
        let expected = 100.0 * libm::pow(90.0 / 200.0, 1.5);
        assert!((out.price[0] - expected).abs() < 1e-6, "{:?}", out.price);
        // Left with only its working stock, it keeps the buyers' price.
        let c2 = Case {
            stock: vec![90.0, 0.0],
            ..c
        };
        let out2 = run(&c2);
        assert!((out2.price[0] - 100.0).abs() < 1e-6, "{:?}", out2.price);
    }
}
