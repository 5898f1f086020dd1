//! Scoring: each nation's weighted objectives, each mapped to 0–100, give a score per turn;
//! the final score is the mean over the turns played (steady performance beats a lucky end).
//!
//! | metric | 0–100 mapping |
//! |---|---|
//! | `GdpIndex` | 50 at trend, ±20 points per 1% of GDP above or below it |
//! | `Approval` | approval × 100 |
//! | `Treasury` | 50 at the starting level, ±50 at ± the starting level (or $1bn if larger) |
//! | `SupplySecurity` | achieved / planned sector value × 100 (moving average) |
//! | `ImportReliance(g)` | 50 at the first turn's reliance on others for g (the share of its need of g it does not make); 100 at none; 0 when it has risen by as much again (or by 10 points if larger) |
//! | `WorldShare(g)` | 50 at the first turn's share of world output of g; 100 at double it (or +5 points if larger); 0 at none |
//!
//! Reliance and share are moving averages; the first turn sets both the average and the
//! baseline, so keeping the status quo scores 50 on these.
//! | `SectorOutput(s)` | achieved / planned activity of s × 100 |

use bevy::prelude::*;

use super::catalog::Catalog;
use super::market::Market;
use super::nation::{Economy, Flows, Metric, Nation, Objectives, Score, Sectors};
use super::{Clock, TurnSystems};

/// Weight of the newest turn in the moving averages.
pub const SMOOTHING: f64 = 0.25;
/// Score points per 1% of GDP above or below trend.
pub const POINTS_PER_GDP_PERCENT: f64 = 20.0;

/// Smallest scales for reliance and share changes (so a tiny baseline does not make every
/// small change swing the score).
const MIN_RELIANCE_SCALE: f64 = 0.1;
const MIN_SHARE_SCALE: f64 = 0.05;
/// Scale for treasury changes: the starting treasury, or $1bn if that is larger.
const TREASURY_SCALE_MIN: f64 = 1000.0;

/// One metric's 0–100 value.
pub fn metric_value(m: &Metric, eco: &Economy, flows: &Flows, sectors: &Sectors) -> f64 {
    let v = match m {
        Metric::GdpIndex => {
            let gap = if eco.trend_index > 0.0 {
                eco.gdp_index / eco.trend_index - 1.0
            } else {
                0.0
            };
            50.0 + POINTS_PER_GDP_PERCENT * gap * 100.0
        }
        Metric::Approval => eco.approval * 100.0,
        Metric::Treasury => {
            let scale = eco.treasury_start.abs().max(TREASURY_SCALE_MIN);
            50.0 + 50.0 * ((eco.treasury - eco.treasury_start) / scale).clamp(-1.0, 1.0)
        }
        Metric::SupplySecurity => flows.security * 100.0,
        Metric::ImportReliance(g) => {
            let base = flows.baseline_reliance[*g];
            50.0 + 50.0 * (base - flows.reliance[*g]) / base.max(MIN_RELIANCE_SCALE)
        }
        Metric::WorldShare(g) => {
            let base = flows.baseline_share[*g];
            50.0 + 50.0 * (flows.world_share[*g] - base) / base.max(MIN_SHARE_SCALE)
        }
        Metric::SectorOutput(s) => {
            let (planned, achieved) = sectors
                .0
                .iter()
                .filter(|x| x.sector == *s)
                .fold((0.0, 0.0), |(p, a), x| (p + x.planned, a + x.achieved));
            if planned > 0.0 {
                achieved / planned * 100.0
            } else {
                100.0
            }
        }
    };
    v.clamp(0.0, 100.0)
}

/// Weighted mean of the objectives' values.
pub fn score(objectives: &[(Metric, f64)], value: &dyn Fn(&Metric) -> f64) -> f64 {
    let total: f64 = objectives.iter().map(|(_, w)| w).sum();
    if total <= 0.0 {
        return 0.0;
    }
    objectives.iter().map(|(m, w)| w * value(m)).sum::<f64>() / total
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        super::ResolveTurn,
        (update_averages, update_scores)
            .chain()
            .in_set(TurnSystems::Scoring),
    );
}

fn update_averages(
    catalog: Res<Catalog>,
    clock: Res<Clock>,
    market: Res<Market>,
    mut nations: Query<(&Nation, &mut Flows, &Economy)>,
) {
    let first = clock.turn <= 1;
    let blend = |avg: &mut f64, x: f64| {
        if first {
            *avg = x;
        } else {
            *avg += SMOOTHING * (x - *avg);
        }
    };
    let goods = catalog.goods.len();
    let mut world = vec![0.0; goods];
    for (_, flows, _) in nations.iter() {
        for (w, p) in world.iter_mut().zip(&flows.produced) {
            *w += p;
        }
    }
    for (nation, mut flows, eco) in nations.iter_mut() {
        let f = &mut *flows;
        for g in 0..goods {
            // Structural reliance: the share of what the nation needs that it does not make.
            // Need, not use, so going without (a shortage) does not count as independence.
            let need = market.expected_use[g][nation.idx];
            let reliance = if need > 0.0 {
                ((need - f.produced[g]) / need).clamp(0.0, 1.0)
            } else {
                0.0
            };
            blend(&mut f.reliance[g], reliance);
            let share = if world[g] > 0.0 {
                f.produced[g] / world[g]
            } else {
                0.0
            };
            blend(&mut f.world_share[g], share);
            if first {
                f.baseline_reliance[g] = reliance;
                f.baseline_share[g] = share;
            }
        }
        let security = if eco.planned_value > 0.0 {
            1.0 - eco.shortage()
        } else {
            1.0
        };
        blend(&mut f.security, security);
    }
}

fn update_scores(mut nations: Query<(&Economy, &Flows, &Sectors, &Objectives, &mut Score)>) {
    for (eco, flows, sectors, objectives, mut s) in &mut nations {
        let current = score(&objectives.0, &|m| metric_value(m, eco, flows, sectors));
        s.current = current;
        s.total += current;
        s.turns += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_mean_of_metrics() {
        let objectives = vec![(Metric::Approval, 1.0), (Metric::GdpIndex, 3.0)];
        let v = |m: &Metric| match m {
            Metric::Approval => 40.0,
            _ => 80.0,
        };
        assert!((score(&objectives, &v) - 70.0).abs() < 1e-12);
        assert_eq!(score(&[], &v), 0.0);
    }
}
