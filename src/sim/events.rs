//! Scenario events: scheduled (at a turn), conditional (when the state meets a condition) or
//! random (a chance per turn from the seeded RNG). Events are checked in file order at the
//! start of each turn; a firing event posts its headline to the news and queues its effects,
//! which are applied right after the step (orders through the order path), so every event's
//! condition sees the state the turn began with.

use bevy::prelude::*;
use rand::RngExt;

use super::Clock;
use super::catalog::{Catalog, Condition, Trigger};
use super::effects::EffectMsg;
use super::market::Market;
use super::nation::{Economy, Nation, Relations};
use super::orders::OrderSource;
use super::report::Report;
use super::rng::SimRng;
use super::summits::{Agreement, AgreementStatus};

/// Turn each event last fired, by event index.
#[derive(Resource, Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
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
    /// The agreements in force: their parties and the issues they settle.
    pub agreements: &'a [(Vec<usize>, Vec<usize>)],
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
        Condition::AgreementInForce { parties, issue } => {
            v.agreements.iter().any(|(signed, settles)| {
                parties.iter().all(|p| signed.contains(p))
                    && issue.is_none_or(|i| settles.contains(&i))
            })
        }
        Condition::All(list) => list.iter().all(|c| holds(c, v)),
        Condition::Any(list) => list.iter().any(|c| holds(c, v)),
        Condition::Not(c) => !holds(c, v),
    }
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<EventLog>();
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn run_events(
    catalog: Res<Catalog>,
    clock: Res<Clock>,
    market: Res<Market>,
    mut rng: ResMut<SimRng>,
    mut log: ResMut<EventLog>,
    mut report: ResMut<Report>,
    mut effects: MessageWriter<EffectMsg>,
    nations: Query<(&Nation, &Relations, &Economy)>,
    agreements: Query<&Agreement>,
) {
    let turn = clock.turn;
    // In signing order, so that what a condition sees does not depend on entity order.
    let mut in_force: Vec<_> = agreements
        .iter()
        .filter(|a| a.status == AgreementStatus::Active && a.start <= turn && turn <= a.expires)
        .map(|a| (a.seq, a.parties.clone(), a.agenda.clone()))
        .collect();
    in_force.sort_by_key(|a| a.0);
    let in_force: Vec<(Vec<usize>, Vec<usize>)> =
        in_force.into_iter().map(|(_, p, a)| (p, a)).collect();
    if log.fired.len() != catalog.events.len() {
        log.fired = vec![None; catalog.events.len()];
    }
    let mut rows: Vec<_> = nations.iter().collect();
    rows.sort_by_key(|r| r.0.idx);

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
                let tension = |a: usize, b: usize| rows[a].1.tension[b];
                let shortage = |n: usize| rows[n].2.shortage();
                let approval = |n: usize| rows[n].2.approval;
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
                        agreements: &in_force,
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
            effects.write(EffectMsg {
                effect: effect.clone(),
                source: OrderSource::Event,
                months: event.months,
            });
        }
    }
}
