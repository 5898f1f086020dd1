//! Diplomacy: relations respond to what nations do to each other. Export controls aimed at a
//! nation (on goods the controller makes: a ban counts fully, licensing by its refusal rate),
//! tariffs on its goods, technology bans and extraterritorial rules that reach it all raise
//! its tension with the controller; without pressure, tension and trust settle back toward
//! their starting levels, so one-off shocks (events) fade. Agreements and breaches (summits)
//! add to this later.

use bevy::prelude::*;

use super::TurnSystems;
use super::catalog::Catalog;
use super::nation::{Flows, Nation, Relations};
use super::orders::Policies;

/// Share of the gap to the target closed per month.
pub const TENSION_ADJUSTMENT: f64 = 0.1;
pub const TRUST_ADJUSTMENT: f64 = 0.02;
/// Tension added by a full blockade of everything the other side makes.
pub const TENSION_PER_RESTRICTION: f64 = 0.4;
/// Tension added per unit of average tariff rate (capped at a rate of 1).
pub const TENSION_PER_TARIFF: f64 = 0.2;
/// Tension added by any technology ban on the nation, and by any extraterritorial rule
/// reaching it.
pub const TENSION_PER_TECH_BAN: f64 = 0.05;
pub const TENSION_PER_EXTRATERRITORIAL: f64 = 0.05;

/// Pressure `from` puts on `to`: average blocked share over the goods `from` makes (one less
/// the regime's openness), and the average tariff `from` charges on `to`'s goods.
pub fn pressure(
    goods: usize,
    makes: &dyn Fn(usize) -> bool,
    openness: &dyn Fn(usize) -> f64,
    tariff: &dyn Fn(usize) -> f64,
) -> (f64, f64) {
    let made: Vec<usize> = (0..goods).filter(|&g| makes(g)).collect();
    let restriction = if made.is_empty() {
        0.0
    } else {
        made.iter().map(|&g| 1.0 - openness(g)).sum::<f64>() / made.len() as f64
    };
    let tariff = if goods == 0 {
        0.0
    } else {
        (0..goods).map(tariff).sum::<f64>() / goods as f64
    };
    (restriction, tariff)
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        super::ResolveTurn,
        update_relations.in_set(TurnSystems::Diplomacy),
    );
}

pub(crate) fn update_relations(
    catalog: Res<Catalog>,
    mut nations: Query<(&Nation, &mut Relations, &Policies, &Flows)>,
) {
    let goods = catalog.goods.len();
    let mut rows: Vec<_> = nations.iter_mut().collect();
    rows.sort_by_key(|r| r.0.idx);
    let n = rows.len();
    // Pressure from each nation j on each nation i, computed before any relation changes.
    let mut press = vec![vec![(0.0, 0.0, 0.0); n]; n];
    for (j, row) in rows.iter().enumerate() {
        let policies = row.2;
        for (i, p) in press.iter_mut().enumerate() {
            if i == j {
                continue;
            }
            let (restriction, tariff) = pressure(
                goods,
                &|g| row.3.produced[g] > 0.0,
                &|g| policies.regime(g, i).openness(),
                &|g| policies.tariff(g, i),
            );
            let tech = policies
                .tech_bans
                .iter()
                .any(|b| !b.processes.is_empty() && b.to.contains(i));
            let reach = policies.extraterritorial.iter().any(|r| r.to.contains(i));
            let other = if tech { TENSION_PER_TECH_BAN } else { 0.0 }
                + if reach {
                    TENSION_PER_EXTRATERRITORIAL
                } else {
                    0.0
                };
            p[j] = (restriction, tariff, other);
        }
    }
    for (i, row) in rows.iter_mut().enumerate() {
        let rel = &mut row.1;
        for j in (0..n).filter(|&j| j != i) {
            let (restriction, tariff, other) = press[i][j];
            let target = (rel.tension_base[j]
                + TENSION_PER_RESTRICTION * restriction
                + TENSION_PER_TARIFF * tariff.min(1.0)
                + other)
                .clamp(0.0, 1.0);
            rel.tension[j] += TENSION_ADJUSTMENT * (target - rel.tension[j]);
            let trust_base = rel.trust_base[j];
            rel.trust[j] += TRUST_ADJUSTMENT * (trust_base - rel.trust[j]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pressure_counts_only_goods_the_controller_makes() {
        let (r, t) = pressure(4, &|g| g < 2, &|g| if g == 0 { 0.0 } else { 1.0 }, &|_| 0.5);
        assert!((r - 0.5).abs() < 1e-12);
        assert!((t - 0.5).abs() < 1e-12);
        let (r, _) = pressure(4, &|_| false, &|_| 0.0, &|_| 0.0);
        assert_eq!(r, 0.0);
    }
}
