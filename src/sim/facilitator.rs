//! What a facilitator does to a game in a classroom: inject an event (one of the scenario's,
//! or a headline of their own with effects) and hand a nation to the AI or back to people.
//! Each is an input like an order: given before a turn resolves, applied at its start through
//! the same effect and order path scenario events use, recorded in [`Inputs`] for saves and
//! replays, and logged in the report.

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::Clock;
use super::catalog::{Catalog, Effect, NationIdx};
use super::effects::EffectMsg;
use super::nation::{Controller, Nation};
use super::orders::{Inputs, OrderSource};
use super::report::Report;
use crate::scenario::schema::Seat;

/// One facilitator action.
#[derive(Message, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Intervention {
    /// News with effects, as a scenario event has: `event` names the scenario's event when
    /// it is one of them, else the facilitator wrote it.
    Inject {
        event: Option<String>,
        headline: String,
        effects: Vec<Effect>,
    },
    /// From now on people (a human seat) or the AI play this nation.
    Seat { nation: NationIdx, seat: Seat },
}

impl Intervention {
    /// One line for the news, the report and the facilitator's list.
    pub fn describe(&self, catalog: &Catalog) -> String {
        match self {
            Intervention::Inject { headline, .. } => headline.clone(),
            Intervention::Seat { nation, seat } => {
                let name = catalog
                    .nations
                    .get(*nation)
                    .map_or("?", |n| n.name.as_str());
                match seat {
                    Seat::Ai => format!("The AI takes over {name}'s seat"),
                    Seat::Human => format!("People take {name}'s seat back from the AI"),
                }
            }
        }
    }
}

/// An intervention applied at the start of `turn`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputIntervention {
    pub turn: u32,
    pub intervention: Intervention,
}

/// The report's line for an intervention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterventionLine {
    pub turn: u32,
    pub what: String,
    /// What it does, effect by effect (empty for a seat change).
    pub effects: Vec<String>,
}

pub(super) fn plugin(app: &mut App) {
    app.add_message::<Intervention>();
}

/// A short description of an effect, for the report.
pub fn describe_effect(e: &Effect, catalog: &Catalog) -> String {
    let nation = |n: &NationIdx| catalog.nations.get(*n).map_or("?", |x| x.id.as_str());
    match e {
        Effect::Order { nation: n, order } => {
            format!("{}: {}", nation(n), super::orders::describe(order, catalog))
        }
        Effect::Capacity { facility, factor } => {
            format!("facility {facility} capacity ×{factor}")
        }
        Effect::Status { facility, status } => format!("facility {facility} {status:?}"),
        Effect::Demand {
            nation: n,
            sector,
            factor,
        } => format!(
            "{} demand of {} ×{factor}",
            nation(n),
            catalog.sectors.get(*sector).map_or("?", |s| s.id.as_str())
        ),
        Effect::Relation {
            from,
            to,
            trust,
            tension,
        } => format!(
            "{} towards {}: trust {trust:+}, tension {tension:+}",
            nation(from),
            nation(to)
        ),
        Effect::Approval { nation: n, change } => {
            format!("{} approval {:+.0} points", nation(n), change * 100.0)
        }
        Effect::Treasury { nation: n, change } => {
            format!("{} treasury {change:+} $M", nation(n))
        }
        Effect::Gdp { nation: n, change } => format!("{} GDP {change:+}", nation(n)),
    }
}

/// Applies the interventions given since the last turn, in the order given: news and effects
/// for an injection (the effects' orders are logged as the facilitator's), the controller
/// for a seat change. Runs as the turn begins, before the AI decides and before the turn's
/// effects and orders are applied.
pub(crate) fn apply_interventions(
    catalog: Res<Catalog>,
    clock: Res<Clock>,
    mut messages: ResMut<Messages<Intervention>>,
    mut effects: MessageWriter<EffectMsg>,
    mut nations: Query<(&Nation, &mut Controller)>,
    mut report: ResMut<Report>,
    mut inputs: ResMut<Inputs>,
) {
    let given: Vec<Intervention> = messages.drain().collect();
    let turn = clock.turn;
    for i in given {
        let what = i.describe(&catalog);
        let mut lines = Vec::new();
        match &i {
            Intervention::Inject {
                headline,
                effects: list,
                ..
            } => {
                report.news(turn, headline.clone());
                for e in list {
                    lines.push(describe_effect(e, &catalog));
                    effects.write(EffectMsg {
                        effect: e.clone(),
                        source: OrderSource::Facilitator,
                        months: None,
                    });
                }
            }
            Intervention::Seat { nation, seat } => {
                if let Some((_, mut c)) = nations.iter_mut().find(|(n, _)| n.idx == *nation) {
                    c.0 = *seat;
                }
                report.news(turn, what.clone());
            }
        }
        report.interventions.push(InterventionLine {
            turn,
            what,
            effects: lines,
        });
        inputs.interventions.push(InputIntervention {
            turn,
            intervention: i,
        });
    }
}
