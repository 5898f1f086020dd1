//! Stockpiling, after the month's use:
//!
//! - **Strategic reserves.** Where a nation sets a reserve target (months of its use of a
//!   good), the government buys toward it from its own market while the good is cheap (at most
//!   1.2 × base), a quarter of the gap a month, paying from the treasury. Releases happen at
//!   consumption, into shortfalls, when policy allows; released stock is sold to firms.
//! - **Precautionary stockpiling by firms.** Firms raise their stock cover target when prices
//!   climb above their recent average and when licences for their imports are denied, and
//!   ease back as both calm (the cover multiplier is read by the next turn's trade).

use bevy::prelude::*;

use super::TurnSystems;
use super::catalog::Catalog;
use super::licensing::Licences;
use super::market::Market;
use super::nation::{Economy, Nation, Precaution, Stocks};
use super::orders::Policies;

/// Reserves are bought only at or below this multiple of the base price.
pub const RESERVE_BUY_MAX_PRICE: f64 = 1.2;
/// Share of the gap to the reserve target bought in a month.
pub const RESERVE_BUY_RATE: f64 = 0.25;
/// Most of the firms' commercial stock the government buys in a month.
pub const RESERVE_BUY_MAX_SHARE: f64 = 0.5;
/// Cover multiplier added per unit of price rise over the recent average, and per unit of
/// denied licence share; its ceiling; and the share of the gap closed per month.
pub const PRECAUTION_PER_PRICE_RISE: f64 = 1.0;
pub const PRECAUTION_PER_DENIAL: f64 = 1.0;
pub const MAX_PRECAUTION: f64 = 2.0;
pub const PRECAUTION_ADJUSTMENT: f64 = 0.3;
/// Weight of a turn with licence decisions in the moving average of denials; in turns
/// without decisions the average fades by `DENIAL_FADE`.
pub const DENIAL_SMOOTHING: f64 = 0.5;
pub const DENIAL_FADE: f64 = 0.9;

/// Units the government buys this month toward a reserve target.
pub fn reserve_purchase(
    target: f64,
    reserve: f64,
    commercial: f64,
    price: f64,
    base: f64,
    treasury: f64,
) -> f64 {
    let gap = target - reserve;
    if gap <= 0.0 || price > RESERVE_BUY_MAX_PRICE * base || price <= 0.0 {
        return 0.0;
    }
    let affordable = treasury.max(0.0) * 1e6 / price;
    (RESERVE_BUY_RATE * gap)
        .min(RESERVE_BUY_MAX_SHARE * commercial)
        .min(affordable)
        .max(0.0)
}

/// Firms' cover multiplier target from the price trend and denials.
pub fn precaution_target(price: f64, average: f64, denial: f64) -> f64 {
    let rise = if average > 0.0 {
        (price / average - 1.0).max(0.0)
    } else {
        0.0
    };
    (1.0 + PRECAUTION_PER_PRICE_RISE * rise + PRECAUTION_PER_DENIAL * denial)
        .clamp(1.0, MAX_PRECAUTION)
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        super::ResolveTurn,
        stockpile.in_set(TurnSystems::Stockpiling),
    );
}

fn stockpile(
    catalog: Res<Catalog>,
    market: Res<Market>,
    licences: Res<Licences>,
    mut nations: Query<(
        &Nation,
        &Policies,
        &mut Stocks,
        &mut Economy,
        &mut Precaution,
    )>,
) {
    for (nation, policies, mut stocks, mut eco, mut precaution) in &mut nations {
        let n = nation.idx;
        for (g, def) in catalog.goods.iter().enumerate() {
            let price = market.price[g][n];
            if let Some(months) = policies.reserve_targets[g] {
                let buy = reserve_purchase(
                    months * market.expected_use[g][n],
                    stocks.reserve[g],
                    stocks.commercial[g],
                    price,
                    def.base_price,
                    eco.treasury,
                );
                if buy > 0.0 {
                    stocks.commercial[g] -= buy;
                    stocks.reserve[g] += buy;
                    eco.treasury -= buy * price / 1e6;
                }
            }
            match licences
                .denial_rate
                .get(n)
                .and_then(|d| d.get(g))
                .copied()
                .flatten()
            {
                Some(denied) => {
                    precaution.denial[g] += DENIAL_SMOOTHING * (denied - precaution.denial[g])
                }
                None => precaution.denial[g] *= DENIAL_FADE,
            }
            let target = precaution_target(price, market.price_average[g][n], precaution.denial[g]);
            precaution.factor[g] += PRECAUTION_ADJUSTMENT * (target - precaution.factor[g]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserves_are_bought_only_when_cheap_and_affordable() {
        // Gap 100: a quarter of it.
        assert_eq!(reserve_purchase(100.0, 0.0, 1000.0, 1.0, 1.0, 1e9), 25.0);
        // Too dear.
        assert_eq!(reserve_purchase(100.0, 0.0, 1000.0, 1.3, 1.0, 1e9), 0.0);
        // Firms hold little.
        assert_eq!(reserve_purchase(100.0, 0.0, 10.0, 1.0, 1.0, 1e9), 5.0);
        // $1M buys a million units at $1.
        assert_eq!(reserve_purchase(1e8, 0.0, 1e9, 1.0, 1.0, 1.0), 1e6);
        assert_eq!(reserve_purchase(100.0, 120.0, 1000.0, 1.0, 1.0, 1e9), 0.0);
    }

    #[test]
    fn firms_stock_up_on_rising_prices_and_denials() {
        assert_eq!(precaution_target(1.0, 1.0, 0.0), 1.0);
        assert!((precaution_target(1.3, 1.0, 0.0) - 1.3).abs() < 1e-12);
        assert!((precaution_target(1.0, 1.0, 0.5) - 1.5).abs() < 1e-12);
        assert_eq!(precaution_target(5.0, 1.0, 1.0), MAX_PRECAUTION);
        assert_eq!(precaution_target(0.5, 1.0, 0.0), 1.0);
    }
}
