//! Facility entities (mines, refineries, magnet plants, fabs ...) and their link to a nation.

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::catalog::{FacilityStatus, NationIdx};

/// Who owns a facility. State-owned firms keep producing at a loss (see production);
/// the licensing and quota rules of later issues treat owners differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Owner {
    State,
    Private,
    Foreign(NationIdx),
}

#[derive(Component, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Facility {
    /// Index in the catalog's facility ids; processing order.
    pub idx: usize,
    /// Host nation (also expressed by the [`HostedBy`] relationship).
    pub nation: NationIdx,
    pub recipe: usize,
    pub owner: Owner,
    /// Runs per year at full utilisation.
    pub capacity: f64,
    pub yield_factor: f64,
    pub cost_factor: f64,
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
