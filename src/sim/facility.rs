//! Facility entities (mines, refineries, magnet plants, fabs ...) and their link to a nation.

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::catalog::{FacilityStatus, NationIdx};

/// Who owns a facility. State-owned firms keep producing at a loss (see production), may be
/// given a reserved share of quotas, and face milder export review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Owner {
    State,
    Private,
    Foreign(NationIdx),
}

#[derive(Component, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Facility {
    /// Index in creation order (scenario facilities first, then projects); processing order.
    pub idx: usize,
    pub id: String,
    pub name: String,
    /// Host nation (also expressed by the [`HostedBy`] relationship).
    pub nation: NationIdx,
    pub recipe: usize,
    pub owner: Owner,
    /// Whose technology it uses, if not its host's.
    pub technology: Option<NationIdx>,
    /// Runs per year at full utilisation.
    pub capacity: f64,
    pub yield_factor: f64,
    pub cost_factor: f64,
    /// Efficiency a new plant learns its way toward.
    pub target_yield: f64,
    pub target_cost: f64,
    pub status: FacilityStatus,
    /// 0–1: share of capacity usable while a new plant ramps up after construction.
    pub ramp: f64,
    /// Capacity growth factor per month while operating (from the yearly growth).
    pub monthly_growth: f64,
    /// Runs made last turn.
    pub runs: f64,
}

/// Months a new facility takes to go from first output to full capacity.
pub const RAMP_MONTHS: f64 = 12.0;

impl Facility {
    /// Runs per month available now (zero unless operating).
    pub fn monthly_capacity(&self) -> f64 {
        match self.status {
            FacilityStatus::Operating => self.capacity / 12.0 * self.ramp,
            FacilityStatus::Idle | FacilityStatus::Building { .. } => 0.0,
        }
    }

    pub fn state_owned(&self) -> bool {
        self.owner == Owner::State
    }
}

/// A facility project started by an order: who pays, how much, and its schedule.
#[derive(Component, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// Nation whose treasury pays the public share.
    pub funder: NationIdx,
    /// Cost in $M after any overrun; the public share of it is paid month by month.
    pub cost: f64,
    pub public_share: f64,
    pub paid: f64,
    pub started: u32,
    /// Build time announced at the start, and the real one (after any delay).
    pub planned_months: u32,
    pub actual_months: u32,
}

impl Project {
    /// Public money due each month of construction.
    pub fn monthly_payment(&self) -> f64 {
        self.cost * self.public_share / self.actual_months.max(1) as f64
    }
}

/// The nation a facility stands in.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
#[relationship(relationship_target = HostedFacilities)]
pub struct HostedBy(pub Entity);

/// The facilities a nation hosts.
#[derive(Component, Debug, Default)]
#[relationship_target(relationship = HostedBy)]
pub struct HostedFacilities(Vec<Entity>);

impl HostedFacilities {
    pub fn entities(&self) -> &[Entity] {
        &self.0
    }
}
