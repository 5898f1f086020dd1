//! Construction: facilities under construction count down to first output, then ramp up to
//! full capacity over [`RAMP_MONTHS`]; operating ones grow by their owners' own expansion. New projects (investment orders, with their random
//! delays and overruns) enter here as facilities in the `Building` state.

use bevy::prelude::*;

use super::catalog::{Catalog, FacilityStatus};
use super::facility::{Facility, RAMP_MONTHS};
use super::report::Report;
use super::{Clock, TurnSystems};

/// Advances one facility by a month; returns true when it produced its first output.
pub fn advance(f: &mut Facility) -> bool {
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
            f.capacity *= f.monthly_growth;
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
    mut facilities: Query<&mut Facility>,
) {
    let mut plants: Vec<_> = facilities.iter_mut().collect();
    plants.sort_by_key(|f| f.idx);
    for f in &mut plants {
        if advance(f) {
            report.news(
                clock.turn,
                format!(
                    "{} ({}) produces its first output",
                    catalog.facility_ids[f.idx], catalog.nations[f.nation].name
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::facility::Owner;

    #[test]
    fn builds_then_ramps() {
        let mut f = Facility {
            idx: 0,
            nation: 0,
            recipe: 0,
            owner: Owner::Private,
            capacity: 1200.0,
            yield_factor: 1.0,
            cost_factor: 1.0,
            status: FacilityStatus::Building { months_left: 2 },
            ramp: 0.0,
            monthly_growth: 1.0,
            runs: 0.0,
        };
        assert!(!advance(&mut f));
        assert_eq!(f.monthly_capacity(), 0.0);
        assert!(advance(&mut f));
        assert!((f.monthly_capacity() - 100.0 / RAMP_MONTHS).abs() < 1e-9);
        for _ in 0..20 {
            advance(&mut f);
        }
        assert!((f.monthly_capacity() - 100.0).abs() < 1e-9);
    }
}
