//! Licensing: turns every exporter's regimes into route access for this turn's trade.
//!
//! Access is the share of the volume an importer asks of an exporter that may move:
//! 1 under an open regime, 0 under a ban, and the approval rate under licensing. The licence
//! application pipeline (queues, review delays, permits that expire) replaces the approval
//! rate with real permits in a later issue; trade and diplomacy only read [`RouteAccess`].

use bevy::prelude::*;

use super::TurnSystems;
use super::catalog::{Catalog, GoodIdx, NationIdx, Regime};
use super::nation::Nation;
use super::orders::Policies;

/// Share of requested volume a regime lets through.
pub fn regime_access(regime: Regime) -> f64 {
    match regime {
        Regime::Open => 1.0,
        Regime::Licensing { approval, .. } => approval,
        Regime::Ban => 0.0,
    }
}

/// `access[good][exporter][importer]` for the current turn (the diagonal is 1).
#[derive(Resource, Debug, Default, Clone)]
pub struct RouteAccess {
    pub access: Vec<Vec<Vec<f64>>>,
}

impl RouteAccess {
    pub fn get(&self, good: GoodIdx, from: NationIdx, to: NationIdx) -> f64 {
        self.access[good][from][to]
    }
}

/// Access matrix for one good from every nation's policies (indexed by nation).
pub fn access_for_good(good: GoodIdx, policies: &[&Policies]) -> Vec<Vec<f64>> {
    let n = policies.len();
    (0..n)
        .map(|e| {
            (0..n)
                .map(|i| {
                    if e == i {
                        1.0
                    } else {
                        regime_access(policies[e].regime(good, i))
                    }
                })
                .collect()
        })
        .collect()
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<RouteAccess>();
    app.add_systems(
        super::ResolveTurn,
        compute_access.in_set(TurnSystems::Licensing),
    );
}

fn compute_access(
    catalog: Res<Catalog>,
    nations: Query<(&Nation, &Policies)>,
    mut routes: ResMut<RouteAccess>,
) {
    let mut rows: Vec<_> = nations.iter().collect();
    rows.sort_by_key(|r| r.0.idx);
    let policies: Vec<&Policies> = rows.iter().map(|r| r.1).collect();
    routes.access = (0..catalog.goods.len())
        .map(|g| access_for_good(g, &policies))
        .collect();
}
