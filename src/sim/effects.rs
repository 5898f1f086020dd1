//! Effects: what events, summit options and agreements do to the world. Every source queues
//! an [`EffectMsg`]; one system applies them, in arrival order, turning order effects into
//! orders on the order path (applied right after) and applying the rest directly.

use bevy::prelude::*;

use super::catalog::{Effect, FacilityStatus};
use super::facility::{Facility, RAMP_MONTHS};
use super::nation::{Economy, Nation, Relations, Sectors};
use super::orders::{OrderMsg, OrderSource};

/// An effect to apply, and who caused it (orders it gives are logged with that source).
#[derive(Message, Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct EffectMsg {
    pub effect: Effect,
    pub source: OrderSource,
    /// Months a lever it sets holds (an event's `months`), if time-limited.
    #[serde(default)]
    pub months: Option<u32>,
}

pub(super) fn plugin(app: &mut App) {
    app.add_message::<EffectMsg>();
}

/// Applies queued effects. Runs before each of the turn's order applications.
pub(crate) fn apply_effects(
    mut messages: ResMut<Messages<EffectMsg>>,
    mut orders: MessageWriter<OrderMsg>,
    mut nations: Query<(&Nation, &mut Sectors, &mut Relations, &mut Economy)>,
    mut facilities: Query<&mut Facility>,
) {
    let queued: Vec<EffectMsg> = messages.drain().collect();
    if queued.is_empty() {
        return;
    }
    let mut rows: Vec<_> = nations.iter_mut().collect();
    rows.sort_by_key(|r| r.0.idx);
    let mut plants: Vec<_> = facilities.iter_mut().collect();
    plants.sort_by_key(|f| f.idx);
    for EffectMsg {
        effect,
        source,
        months,
    } in queued
    {
        match effect {
            Effect::Order { nation, order } => {
                orders.write(OrderMsg {
                    actor: nation,
                    order,
                    source,
                    reason: None,
                    months,
                });
            }
            Effect::Capacity { facility, factor } => {
                if let Some(f) = plants.get_mut(facility) {
                    f.capacity *= factor;
                }
            }
            Effect::Status { facility, status } => {
                if let Some(f) = plants.get_mut(facility) {
                    f.status = status;
                    if status == FacilityStatus::Operating && f.ramp <= 0.0 {
                        f.ramp = 1.0 / RAMP_MONTHS;
                    }
                }
            }
            Effect::Demand {
                nation,
                sector,
                factor,
            } => {
                if let Some(row) = rows.get_mut(nation) {
                    for s in row.1.0.iter_mut().filter(|s| s.sector == sector) {
                        s.level *= factor;
                    }
                }
            }
            Effect::Relation {
                from,
                to,
                trust,
                tension,
            } => {
                if let Some(row) = rows.get_mut(from)
                    && to < row.2.trust.len()
                {
                    let r = &mut row.2;
                    r.trust[to] = (r.trust[to] + trust).clamp(0.0, 1.0);
                    r.tension[to] = (r.tension[to] + tension).clamp(0.0, 1.0);
                }
            }
            Effect::Approval { nation, change } => {
                if let Some(row) = rows.get_mut(nation) {
                    row.3.approval = (row.3.approval + change).clamp(0.0, 1.0);
                }
            }
            Effect::Treasury { nation, change } => {
                if let Some(row) = rows.get_mut(nation) {
                    row.3.treasury += change;
                }
            }
            Effect::Gdp { nation, change } => {
                if let Some(row) = rows.get_mut(nation) {
                    row.3.gdp_shift += change;
                }
            }
        }
    }
}
