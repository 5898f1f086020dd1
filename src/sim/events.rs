//! Scenario events: scheduled (at a turn), conditional (when the state meets a condition) or
//! random (a chance per turn from the seeded RNG). Events are checked in file order at the
//! start of each turn, each seeing the effects of those before it; a firing event posts its
//! headline to the news. Order effects are queued on the order path and applied right after
//! this step, like any other order.

use bevy::prelude::*;
use rand::RngExt;

use super::catalog::{Catalog, Condition, Effect, FacilityStatus, Trigger};
use super::facility::{Facility, RAMP_MONTHS};
use super::market::Market;
use super::nation::{Economy, Nation, Relations, Sectors};
use super::orders::{OrderMsg, OrderSource};
use super::report::Report;
use super::rng::SimRng;
use super::{Clock, TurnSystems};

/// Turn each event last fired, by event index.
#[derive(Resource, Debug, Clone, PartialEq, Default)]
pub struct EventLog {
    pub fired: Vec<Option<u32>>,
}

/// What conditions can look at.
pub struct View<'a> {
    pub turn: u32,
    pub market: &'a Market,
    pub base_price: &'a dyn Fn(usize) -> f64,
    pub tension: &'a dyn Fn(usize, usize) -> f64,
    pub shortage: &'a dyn Fn(usize) -> f64,
    pub approval: &'a dyn Fn(usize) -> f64,
    pub fired: &'a [Option<u32>],
}

/// Evaluates a condition. Pure.
pub fn holds(c: &Condition, v: &View<'_>) -> bool {
    match c {
        Condition::TurnAtLeast(t) => v.turn >= *t,
        Condition::PriceAbove {
            good,
            region,
            factor,
        } => v.market.price[*good][*region] >= factor * (v.base_price)(*good),
        Condition::PriceBelow {
            good,
            region,
            factor,
        } => v.market.price[*good][*region] <= factor * (v.base_price)(*good),
        Condition::TensionAbove { from, to, value } => (v.tension)(*from, *to) >= *value,
        Condition::ShortageAbove { nation, value } => (v.shortage)(*nation) >= *value,
        Condition::ApprovalBelow { nation, value } => (v.approval)(*nation) <= *value,
        Condition::EventFired { event, turns } => {
            v.fired[*event].is_some_and(|t| v.turn >= t + turns)
        }
        Condition::All(list) => list.iter().all(|c| holds(c, v)),
        Condition::Any(list) => list.iter().any(|c| holds(c, v)),
        Condition::Not(c) => !holds(c, v),
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<EventLog>();
    app.add_systems(super::ResolveTurn, run_events.in_set(TurnSystems::Events));
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn run_events(
    catalog: Res<Catalog>,
    clock: Res<Clock>,
    market: Res<Market>,
    mut rng: ResMut<SimRng>,
    mut log: ResMut<EventLog>,
    mut report: ResMut<Report>,
    mut orders: MessageWriter<OrderMsg>,
    mut nations: Query<(&Nation, &mut Sectors, &mut Relations, &mut Economy)>,
    mut facilities: Query<&mut Facility>,
) {
    let turn = clock.turn;
    if log.fired.len() != catalog.events.len() {
        log.fired = vec![None; catalog.events.len()];
    }
    let mut rows: Vec<_> = nations.iter_mut().collect();
    rows.sort_by_key(|r| r.0.idx);
    let mut plants: Vec<_> = facilities.iter_mut().collect();
    plants.sort_by_key(|f| f.idx);

    for (ei, event) in catalog.events.iter().enumerate() {
        if log.fired[ei].is_some() && !event.repeat {
            continue;
        }
        let fires = match &event.trigger {
            Trigger::AtTurn(t) => *t == turn,
            Trigger::Chance {
                per_turn,
                from_turn,
                until_turn,
            } => {
                (*from_turn..=*until_turn).contains(&turn) && rng.events.random::<f64>() < *per_turn
            }
            Trigger::When(cond) => {
                let base = |g: usize| catalog.goods[g].base_price;
                let tension = |a: usize, b: usize| rows[a].2.tension[b];
                let shortage = |n: usize| rows[n].3.shortage();
                let approval = |n: usize| rows[n].3.approval;
                holds(
                    cond,
                    &View {
                        turn,
                        market: &market,
                        base_price: &base,
                        tension: &tension,
                        shortage: &shortage,
                        approval: &approval,
                        fired: &log.fired,
                    },
                )
            }
        };
        if !fires {
            continue;
        }
        log.fired[ei] = Some(turn);
        report.news(turn, event.headline.clone());
        for effect in &event.effects {
            match effect {
                Effect::Order { nation, order } => {
                    orders.write(OrderMsg {
                        actor: *nation,
                        order: order.clone(),
                        source: OrderSource::Event,
                    });
                }
                Effect::Capacity { facility, factor } => {
                    plants[*facility].capacity *= factor;
                }
                Effect::Status { facility, status } => {
                    let f = &mut plants[*facility];
                    f.status = *status;
                    if *status == FacilityStatus::Operating && f.ramp <= 0.0 {
                        f.ramp = 1.0 / RAMP_MONTHS;
                    }
                }
                Effect::Demand {
                    nation,
                    sector,
                    factor,
                } => {
                    for s in rows[*nation].1.0.iter_mut().filter(|s| s.sector == *sector) {
                        s.level *= factor;
                    }
                }
                Effect::Relation {
                    from,
                    to,
                    trust,
                    tension,
                } => {
                    let r = &mut rows[*from].2;
                    r.trust[*to] = (r.trust[*to] + trust).clamp(0.0, 1.0);
                    r.tension[*to] = (r.tension[*to] + tension).clamp(0.0, 1.0);
                }
                Effect::Approval { nation, change } => {
                    let e = &mut rows[*nation].3;
                    e.approval = (e.approval + change).clamp(0.0, 1.0);
                }
                Effect::Treasury { nation, change } => {
                    rows[*nation].3.treasury += change;
                }
            }
        }
    }
}
