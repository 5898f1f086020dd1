//! End-use sectors: each plans its month's activity, draws its inputs from the nation's
//! commercial stock (and the strategic reserve when policy releases it), and loses output when
//! an input runs short or grows too dear to be worth using. A short stock is shared in proportion to need between the sectors and
//! the nation's facilities (which draw theirs at the next production step). Lost output costs GDP and approval. Over time, users thrift and
//! substitute away from goods that stay dear; when prices fall they return only part of the way
//! (a redesign sticks).

use bevy::prelude::*;

use super::TurnSystems;
use super::catalog::Catalog;
use super::market::Market;
use super::nation::{Adaptation, Economy, Flows, Intensity, Nation, Sectors, Stocks};
use super::orders::Policies;

/// Approval moves this share of the way to its target each month.
pub const APPROVAL_ADJUSTMENT: f64 = 0.15;
/// Approval lost per unit share of planned sector value lost.
pub const APPROVAL_PER_SHORTAGE: f64 = 0.6;
/// Approval lost per unit share of GDP lost.
pub const APPROVAL_PER_GDP_LOSS: f64 = 5.0;
/// Bounds on input intensity relative to the start.
pub const MIN_INTENSITY: f64 = 0.2;
pub const MAX_INTENSITY: f64 = 1.5;

/// Inputs per good the nation's sectors need this month at their planned activity.
pub fn sector_needs(catalog: &Catalog, sectors: &Sectors, intensity: &Intensity) -> Vec<f64> {
    let mut needs = vec![0.0; catalog.goods.len()];
    for s in &sectors.0 {
        for &(g, q) in &catalog.sectors[s.sector].inputs {
            needs[g] += s.planned * q * intensity.0[g];
        }
    }
    needs
}

/// The intensity users drift toward at a given price.
pub fn intensity_target(price: f64, base: f64, elasticity: f64) -> f64 {
    libm::pow(price / base, -elasticity).clamp(MIN_INTENSITY, MAX_INTENSITY)
}

/// The intensity users drift toward once they have redesigned down to `redesign`: as prices
/// fall they come back only `thrift_return` of the way from the redesign to the original use.
/// Users who never cut (redesign 1) follow prices either way.
pub fn after_redesign(target: f64, redesign: f64, thrift_return: f64) -> f64 {
    if redesign < 1.0 {
        target.min(redesign + thrift_return * (1.0 - redesign))
    } else {
        target
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        super::ResolveTurn,
        (
            plan_sectors.in_set(TurnSystems::Production),
            consume.in_set(TurnSystems::Consumption),
        ),
    );
}

/// Share of a sector's trend activity still worth doing when its inputs cost more than at base
/// prices: value added over value added plus the extra input cost. Dear inputs price some
/// activity out (demand destruction) before any physical shortage.
pub fn affordability(value_added: f64, extra_cost: f64) -> f64 {
    if value_added <= 0.0 {
        return 1.0;
    }
    value_added / (value_added + extra_cost.max(0.0))
}

/// Sectors grow along their trend and plan this month's activity at local prices.
fn plan_sectors(
    catalog: Res<Catalog>,
    market: Res<Market>,
    mut q: Query<(&Nation, &mut Sectors, &Intensity)>,
) {
    for (nation, mut sectors, intensity) in &mut q {
        for s in &mut sectors.0 {
            let def = &catalog.sectors[s.sector];
            // Extra cost per unit of activity over base prices, $M.
            let extra: f64 = def
                .inputs
                .iter()
                .map(|&(g, q)| {
                    let over = market.price[g][nation.idx] - catalog.goods[g].base_price;
                    q * intensity.0[g] * over.max(0.0) / 1e6
                })
                .sum();
            s.level *= s.monthly_growth;
            s.planned = s.level / 12.0 * affordability(def.value_added, extra);
        }
    }
}

/// One nation as consumption reads and changes it.
type ConsumerRow = (
    &'static Nation,
    &'static mut Stocks,
    &'static mut Flows,
    &'static mut Sectors,
    &'static mut Economy,
    &'static mut Intensity,
    &'static mut Adaptation,
    &'static Policies,
);

fn consume(catalog: Res<Catalog>, market: Res<Market>, mut q: Query<ConsumerRow>) {
    let goods = catalog.goods.len();
    for (
        nation,
        mut stocks,
        mut flows,
        mut sectors,
        mut eco,
        mut intensity,
        mut adapted,
        policies,
    ) in &mut q
    {
        let needs = sector_needs(&catalog, &sectors, &intensity);

        // Release the strategic reserve into a shortfall if policy allows; firms buy it at
        // the local price.
        if policies.reserve_release {
            for (g, &need) in needs.iter().enumerate() {
                let short = need - stocks.commercial[g];
                if short > 0.0 && stocks.reserve[g] > 0.0 {
                    let draw = short.min(stocks.reserve[g]);
                    stocks.reserve[g] -= draw;
                    stocks.commercial[g] += draw;
                    eco.treasury += draw * market.price[g][nation.idx] / 1e6;
                }
            }
        }
        // When stock is short, sectors and next month's production share it in proportion
        // to need: sectors take their share now, the facilities' share stays in stock.
        let ratio: Vec<f64> = (0..goods)
            .map(|g| {
                let total = needs[g] + flows.facility_need[g];
                if needs[g] > 0.0 {
                    (stocks.commercial[g] / total).min(1.0)
                } else {
                    1.0
                }
            })
            .collect();

        let mut consumed = vec![0.0; goods];
        let (mut planned_value, mut lost_value) = (0.0, 0.0);
        for s in &mut sectors.0 {
            let def = &catalog.sectors[s.sector];
            let share = def
                .inputs
                .iter()
                .map(|&(g, _)| ratio[g])
                .fold(1.0, f64::min);
            s.achieved = s.planned * share;
            // Measured against the trend: activity priced out counts as lost too.
            let trend = s.level / 12.0;
            planned_value += trend * def.value_added;
            lost_value += (trend - s.achieved).max(0.0) * def.value_added;
            for &(g, q) in &def.inputs {
                consumed[g] += s.achieved * q * intensity.0[g];
            }
        }
        for g in 0..goods {
            let c = consumed[g].min(stocks.commercial[g]);
            stocks.commercial[g] -= c;
            flows.consumed[g] = c;
        }

        // GDP and approval.
        eco.planned_value = planned_value;
        eco.lost_value = lost_value;
        eco.trend_index *= libm::pow(1.0 + eco.growth, 1.0 / 12.0);
        let monthly_gdp = eco.gdp_base / 12.0 * eco.trend_index / 100.0;
        let gdp_loss = if monthly_gdp > 0.0 {
            (lost_value / monthly_gdp).clamp(0.0, 1.0)
        } else {
            0.0
        };
        // Producers' value added against the first turn's (grown with the trend): export
        // controls that cheapen goods at home, or tariffs that cut sales abroad, cost here.
        let producer_change = if monthly_gdp > 0.0 {
            ((eco.producer_value - eco.producer_base * eco.trend_index / 100.0) / monthly_gdp)
                .clamp(-1.0, 1.0)
        } else {
            0.0
        };
        eco.gdp_index =
            eco.trend_index * (1.0 - gdp_loss + producer_change + eco.gdp_shift).max(0.0);
        let target = eco.approval_anchor
            - APPROVAL_PER_SHORTAGE * eco.shortage()
            - APPROVAL_PER_GDP_LOSS * gdp_loss;
        eco.approval =
            (eco.approval + APPROVAL_ADJUSTMENT * (target - eco.approval)).clamp(0.0, 1.0);

        // Users adapt their intensity to local prices; a redesign holds part of its saving.
        let k = catalog.market.demand_adjustment;
        for g in 0..goods {
            let def = &catalog.goods[g];
            let t = intensity_target(
                market.price[g][nation.idx],
                def.base_price,
                def.demand_elasticity,
            );
            let t = after_redesign(t, adapted.redesign[g], catalog.market.thrift_return);
            intensity.0[g] += k * (t - intensity.0[g]);
            adapted.redesign[g] = adapted.redesign[g].min(intensity.0[g]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dear_inputs_price_out_activity() {
        assert_eq!(affordability(8.0, 0.0), 1.0);
        assert!((affordability(8.0, 8.0) - 0.5).abs() < 1e-12);
        assert_eq!(affordability(0.0, 5.0), 1.0);
    }

    #[test]
    fn a_redesign_keeps_part_of_its_saving_when_prices_fall() {
        // Cut to 0.6: with half the saving returning, use comes back to 0.8 at most.
        assert!((after_redesign(1.0, 0.6, 0.5) - 0.8).abs() < 1e-12);
        assert_eq!(after_redesign(0.7, 0.6, 0.5), 0.7);
        assert_eq!(after_redesign(1.0, 0.6, 1.0), 1.0);
        assert_eq!(after_redesign(1.2, 1.0, 0.5), 1.2);
    }

    #[test]
    fn intensity_falls_when_prices_stay_high() {
        assert_eq!(intensity_target(100.0, 100.0, 0.3), 1.0);
        let t = intensity_target(1000.0, 100.0, 0.3);
        assert!((t - 0.501).abs() < 0.01, "{t}");
        assert_eq!(intensity_target(1e9, 1.0, 1.0), MIN_INTENSITY);
    }
}
