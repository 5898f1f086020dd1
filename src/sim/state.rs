//! A canonical snapshot of the sim state and its hash. Two runs with the same scenario, seed
//! and orders give the same hash after every turn; any difference in any number changes it.

use bevy::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::Clock;
use super::events::EventLog;
use super::facility::{Facility, Project};
use super::licensing::Licences;
use super::market::Market;
use super::nation::{
    Content, Economy, Flows, Intensity, Nation, Precaution, Relations, Score, Sectors, Stocks,
};
use super::orders::Policies;
use super::rng::{RngPosition, SimRng};

#[derive(Serialize)]
struct NationState<'a> {
    idx: usize,
    economy: &'a Economy,
    stocks: &'a Stocks,
    relations: &'a Relations,
    sectors: &'a Sectors,
    intensity: &'a Intensity,
    flows: &'a Flows,
    policies: &'a Policies,
    score: &'a Score,
    content: &'a Content,
    precaution: &'a Precaution,
}

#[derive(Serialize)]
struct Snapshot<'a> {
    turn: u32,
    rng: RngPosition,
    prices: &'a [Vec<f64>],
    price_average: &'a [Vec<f64>],
    expected_use: &'a [Vec<f64>],
    events_fired: &'a [Option<u32>],
    licences: &'a Licences,
    nations: Vec<NationState<'a>>,
    facilities: Vec<(&'a Facility, Option<&'a Project>)>,
}

type NationQuery<'a> = (
    &'a Nation,
    &'a Economy,
    &'a Stocks,
    &'a Relations,
    &'a Sectors,
    &'a Intensity,
    &'a Flows,
    &'a Policies,
    &'a Score,
    &'a Content,
    &'a Precaution,
);

/// SHA-256 (hex) of the canonical JSON encoding of the whole sim state, in index order.
pub fn state_hash(world: &mut World) -> String {
    let mut nq = world.query::<NationQuery<'_>>();
    let mut fq = world.query::<(&Facility, Option<&Project>)>();
    let world = &*world;
    let mut nations: Vec<NationState<'_>> = nq
        .iter(world)
        .map(
            |(n, e, s, r, sec, i, f, p, sc, content, precaution)| NationState {
                idx: n.idx,
                economy: e,
                stocks: s,
                relations: r,
                sectors: sec,
                intensity: i,
                flows: f,
                policies: p,
                score: sc,
                content,
                precaution,
            },
        )
        .collect();
    nations.sort_by_key(|n| n.idx);
    let mut facilities: Vec<(&Facility, Option<&Project>)> = fq.iter(world).collect();
    facilities.sort_by_key(|f| f.0.idx);
    let market = world.resource::<Market>();
    let snapshot = Snapshot {
        turn: world.resource::<Clock>().turn,
        rng: world.resource::<SimRng>().position(),
        prices: &market.price,
        price_average: &market.price_average,
        expected_use: &market.expected_use,
        events_fired: &world.resource::<EventLog>().fired,
        licences: world.resource::<Licences>(),
        nations,
        facilities,
    };
    let mut hasher = Sha256::new();
    // Serializing plain data into a Vec cannot fail; an error would only drop bytes from the hash.
    if let Ok(bytes) = serde_json::to_vec(&snapshot) {
        hasher.update(&bytes);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
