//! Construction: facilities under construction count down to first output, then ramp up to
//! full capacity over [`RAMP_MONTHS`]; operating ones grow by their owners' own expansion and
//! learn their way toward normal efficiency. Projects started by orders are paid for here,
//! month by month, from the funder's treasury.

use bevy::prelude::*;

use super::catalog::{Catalog, FacilityStatus};
use super::facility::{Facility, Project, RAMP_MONTHS};
use super::nation::{Economy, Nation};
use super::orders::Policies;
use super::report::Report;
use super::{Clock, TurnSystems};

/// Advances one facility by a month; returns true when it produced its first output.
/// `may_grow` is false where only state-owned firms may expand and this one is not.
pub fn advance(f: &mut Facility, learning_months: f64, may_grow: bool) -> bool {
    match f.status {
        FacilityStatus::Building { months_left } if months_left <= 1 => {
            f.status = FacilityStatus::Operating;
            f.ramp = 1.0 / RAMP_MONTHS;
            true
        }
        FacilityStatus::Building { months_left } => {
            f.status = FacilityStatus::Building {
                months_left: months_left - 1,
            };
            false
        }
        FacilityStatus::Operating => {
            f.ramp = (f.ramp + 1.0 / RAMP_MONTHS).min(1.0);
            if may_grow {
                f.capacity *= f.monthly_growth;
            }
            let k = 1.0 / learning_months.max(1.0);
            f.yield_factor += k * (f.target_yield - f.yield_factor);
            f.cost_factor += k * (f.target_cost - f.cost_factor);
            false
        }
        FacilityStatus::Idle => false,
    }
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(super::ResolveTurn, build.in_set(TurnSystems::Construction));
}

fn build(
    catalog: Res<Catalog>,
    clock: Res<Clock>,
    mut report: ResMut<Report>,
    mut facilities: Query<(&mut Facility, Option<&mut Project>)>,
    mut nations: Query<(&Nation, &mut Economy, &Policies)>,
) {
    let turn = clock.turn;
    let mut plants: Vec<_> = facilities.iter_mut().collect();
    plants.sort_by_key(|(f, _)| f.idx);
    let mut rows: Vec<_> = nations.iter_mut().collect();
    rows.sort_by_key(|r| r.0.idx);
    for (f, project) in &mut plants {
        if let Some(p) = project.as_deref_mut()
            && matches!(f.status, FacilityStatus::Building { .. })
        {
            let pay = p.monthly_payment();
            p.paid += pay;
            rows[p.funder].1.treasury -= pay;
            if turn == p.started + p.planned_months && p.actual_months > p.planned_months {
                report.news(
                    turn,
                    format!(
                        "{} runs late: {} more months",
                        f.name,
                        p.actual_months - p.planned_months
                    ),
                );
            }
        }
        let may_grow = f.state_owned() || !rows[f.nation].2.firms.expansion_state_only;
        if advance(f, catalog.projects.learning_months, may_grow) {
            report.news(
                turn,
                format!(
                    "{} ({}) produces its first output",
                    f.name, catalog.nations[f.nation].name
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::facility::Owner;

    fn plant() -> Facility {
        Facility {
            idx: 0,
            id: "p".into(),
            name: "p".into(),
            nation: 0,
            recipe: 0,
            owner: Owner::Private,
            technology: None,
            capacity: 1200.0,
            yield_factor: 0.85,
            cost_factor: 1.25,
            target_yield: 1.0,
            target_cost: 1.0,
            status: FacilityStatus::Building { months_left: 2 },
            ramp: 0.0,
            monthly_growth: 1.01,
            runs: 0.0,
        }
    }

    #[test]
    fn builds_then_ramps_and_learns() {
        let mut f = plant();
        assert!(!advance(&mut f, 36.0, true));
        assert_eq!(f.monthly_capacity(), 0.0);
        assert!(advance(&mut f, 36.0, true));
        assert!((f.monthly_capacity() - 100.0 / RAMP_MONTHS).abs() < 1e-9);
        for _ in 0..20 {
            advance(&mut f, 36.0, false);
        }
        assert!(
            (f.monthly_capacity() - 100.0).abs() < 1e-9,
            "no growth when barred"
        );
        assert!(f.yield_factor > 0.85 && f.yield_factor < 1.0);
        assert!(f.cost_factor < 1.25 && f.cost_factor > 1.0);
        advance(&mut f, 36.0, true);
        assert!((f.capacity - 1212.0).abs() < 1e-9, "grows when allowed");
    }
}
