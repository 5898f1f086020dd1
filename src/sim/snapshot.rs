//! The whole sim state as one value: captured from a world, restored into another. Forward
//! simulations ("rollouts", used by negotiators to value a deal) restore a snapshot into a
//! separate world and play on; the state hash hashes a snapshot.
//!
//! What is not state: the report (history of what happened), this turn's route capacity,
//! trade flows and licence statistics (recomputed every turn), orders queued for the next
//! turn by players, scripts or the AI (inputs, not consequences), and open summit sessions.
//! Effects queued for the next turn (an agreement's terms, the cost of a breach) are state:
//! they follow from what happened and the next turn applies them.

use std::collections::BTreeMap;
use std::sync::Arc;

use bevy::prelude::*;
use serde::Serialize;

use super::Clock;
use super::catalog::{GoodIdx, NationIdx};
use super::effects::EffectMsg;
use super::events::EventLog;
use super::facility::{Facility, HostedBy, Project};
use super::licensing::Licences;
use super::market::{Market, TurnTrade};
use super::nation::{
    Adaptation, Content, Controller, Economy, Flows, Intensity, Leader, Nation, Objectives,
    Precaution, Relations, Score, Sectors, Stocks,
};
use super::orders::OrderMsg;
use super::orders::Policies;
use super::report::Report;
use super::rng::{RngPosition, SimRng};
use super::summits::{Agreement, Sessions, SummitLog};

/// One nation's components.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct NationState {
    pub nation: Nation,
    pub controller: Controller,
    pub leader: Leader,
    pub economy: Economy,
    pub stocks: Stocks,
    pub relations: Relations,
    pub sectors: Sectors,
    pub intensity: Intensity,
    pub flows: Flows,
    pub policies: Policies,
    pub objectives: Objectives,
    pub score: Score,
    pub content: Content,
    pub precaution: Precaution,
    /// Missing in saves from before adaptation was modelled (filled in when loaded).
    #[serde(default)]
    pub adaptation: Adaptation,
}

/// Everything that determines how the game goes on.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct SimState {
    pub clock: Clock,
    pub rng: RngPosition,
    pub market: Market,
    pub licences: Licences,
    pub events: EventLog,
    pub summits: SummitLog,
    /// What importers wanted of each route last turn (licence applications read it).
    #[serde(serialize_with = "as_pairs", deserialize_with = "from_pairs")]
    pub asked: BTreeMap<(GoodIdx, NationIdx, NationIdx), f64>,
    /// What each route shipped last turn (a new licence regime finds it in the pipeline).
    #[serde(default, serialize_with = "as_pairs", deserialize_with = "from_pairs")]
    pub shipped: BTreeMap<(GoodIdx, NationIdx, NationIdx), f64>,
    pub nations: Vec<NationState>,
    pub facilities: Vec<(Facility, Option<Project>)>,
    pub agreements: Vec<Agreement>,
    /// Effects queued for the start of the next turn, in order.
    pub pending: Vec<EffectMsg>,
    /// Measures an event set for a limited time (saves from before had none).
    #[serde(default)]
    pub timed: super::lapse::TimedMeasures,
}

type NationQuery<'a> = (
    &'a Nation,
    &'a Controller,
    &'a Leader,
    &'a Economy,
    &'a Stocks,
    &'a Relations,
    &'a Sectors,
    &'a Intensity,
    &'a Flows,
    &'a Policies,
    &'a Objectives,
    &'a Score,
    &'a Content,
    &'a Precaution,
    &'a Adaptation,
);

/// Serializes a map with non-string keys as a list of pairs (JSON keys must be strings).
pub fn as_pairs<K: Serialize, V: Serialize, S: serde::Serializer>(
    m: &BTreeMap<K, V>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_seq(m.iter())
}

/// Reads a map written by [`as_pairs`].
pub fn from_pairs<
    'de,
    K: serde::Deserialize<'de> + Ord,
    V: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
>(
    d: D,
) -> Result<BTreeMap<K, V>, D::Error> {
    let pairs: Vec<(K, V)> = serde::Deserialize::deserialize(d)?;
    Ok(pairs.into_iter().collect())
}

/// Captures the state of a sim world.
pub fn capture(world: &World) -> SimState {
    let mut nq = super::read::<NationQuery<'_>>(world);
    let mut nations: Vec<NationState> = nq
        .iter(world)
        .map(
            |(n, c, l, e, s, r, sec, i, f, p, o, sc, ct, pr, ad)| NationState {
                nation: *n,
                controller: *c,
                leader: l.clone(),
                economy: e.clone(),
                stocks: s.clone(),
                relations: r.clone(),
                sectors: sec.clone(),
                intensity: i.clone(),
                flows: f.clone(),
                policies: p.clone(),
                objectives: o.clone(),
                score: sc.clone(),
                content: ct.clone(),
                precaution: pr.clone(),
                adaptation: ad.clone(),
            },
        )
        .collect();
    nations.sort_by_key(|n| n.nation.idx);
    let mut fq = super::read::<(&Facility, Option<&Project>)>(world);
    let mut facilities: Vec<(Facility, Option<Project>)> = fq
        .iter(world)
        .map(|(f, p)| (f.clone(), p.cloned()))
        .collect();
    facilities.sort_by_key(|f| f.0.idx);
    let mut aq = super::read::<&Agreement>(world);
    let mut agreements: Vec<Agreement> = aq.iter(world).cloned().collect();
    agreements.sort_by_key(|a| a.seq);
    // The queue, read without consuming it (its consumer drains it; no cursor reads it).
    let pending: Vec<EffectMsg> = world
        .get_resource::<Messages<EffectMsg>>()
        .map(|m| m.get_cursor().read(m).cloned().collect())
        .unwrap_or_default();
    SimState {
        clock: *world.resource::<Clock>(),
        rng: world.resource::<SimRng>().position(),
        market: world.resource::<Market>().clone(),
        licences: world.resource::<Licences>().clone(),
        events: world.resource::<EventLog>().clone(),
        timed: world.resource::<super::lapse::TimedMeasures>().clone(),
        summits: world.resource::<SummitLog>().clone(),
        asked: world.resource::<TurnTrade>().asked.clone(),
        shipped: world.resource::<TurnTrade>().shipped.clone(),
        nations,
        facilities,
        agreements,
        pending,
    }
}

/// Replaces a sim world's state with a snapshot (the world must run the same scenario).
/// The report starts empty; queued orders and open summit sessions are dropped, and the
/// snapshot's pending effects replace whatever effects were queued.
pub fn restore(world: &mut World, s: &SimState) {
    let old: Vec<Entity> = world
        .query_filtered::<Entity, Or<(With<Nation>, With<Facility>, With<Agreement>)>>()
        .iter(world)
        .collect();
    for e in old {
        world.despawn(e);
    }
    world.insert_resource(s.clock);
    world.insert_resource(SimRng::at(&s.rng));
    let mut market = s.market.clone();
    market.fit();
    world.insert_resource(market);
    world.insert_resource(s.licences.clone());
    world.insert_resource(s.events.clone());
    world.insert_resource(s.timed.clone());
    world.insert_resource(s.summits.clone());
    world.insert_resource(TurnTrade {
        flows: Vec::new(),
        asked: s.asked.clone(),
        shipped: s.shipped.clone(),
    });
    world.insert_resource(Report::default());
    // Nothing queued or half-negotiated carries over from what the world ran before.
    if let Some(mut m) = world.get_resource_mut::<Messages<OrderMsg>>() {
        m.clear();
    }
    if let Some(mut m) = world.get_resource_mut::<Messages<EffectMsg>>() {
        m.clear();
        for e in &s.pending {
            m.write(e.clone());
        }
    }
    world.insert_resource(Sessions::default());
    spawn_entities(world, &s.nations, &s.facilities, &s.agreements);
}

/// Spawns nations, facilities (linked to their hosts) and agreements.
pub fn spawn_entities(
    world: &mut World,
    nations: &[NationState],
    facilities: &[(Facility, Option<Project>)],
    agreements: &[Agreement],
) {
    let entities: Vec<Entity> = nations
        .iter()
        .map(|n| {
            world
                .spawn((
                    n.nation,
                    n.controller,
                    n.leader.clone(),
                    n.economy.clone(),
                    n.stocks.clone(),
                    n.relations.clone(),
                    n.sectors.clone(),
                    n.intensity.clone(),
                    n.flows.clone(),
                    n.policies.clone(),
                    n.objectives.clone(),
                    n.score.clone(),
                    n.content.clone(),
                    n.precaution.clone(),
                    {
                        let mut a = n.adaptation.clone();
                        a.fit(&n.intensity.0, nations.len());
                        a
                    },
                ))
                .id()
        })
        .collect();
    for (f, p) in facilities {
        let host = HostedBy(entities[f.nation]);
        match p {
            Some(p) => world.spawn((f.clone(), p.clone(), host)),
            None => world.spawn((f.clone(), host)),
        };
    }
    for a in agreements {
        world.spawn(a.clone());
    }
}

/// Marks a world used for forward simulations: no summits open there.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct RolloutMode;

/// What a world needs to build forward simulations of itself.
#[derive(Resource, Clone)]
pub struct Setup {
    pub compiled: Arc<crate::sim::spawn::Compiled>,
    pub seed: u64,
}
