//! Forward simulation: a separate world of the same game, restored from a snapshot and played
//! ahead to see what a choice would do. Negotiators value packages with it; the AI weighs its
//! candidate orders with it. Nothing in it reaches the real game, and no summits open in it
//! unless asked ([`Rollout::set_summits`]).

use bevy::prelude::*;

use super::catalog::{Effect, NationIdx};
use super::effects::EffectMsg;
use super::nation::{Nation, Score};
use super::orders::{Order, OrderMsg, OrderSource};
use super::snapshot::{self, RolloutMode, Setup, SimState};
use super::summits::RolloutSummits;
use super::{ResolveTurn, SimPlugin};

/// A world for forward simulations of a game.
pub struct Rollout {
    app: App,
}

impl Rollout {
    pub fn new(setup: &Setup) -> Rollout {
        let mut app = App::new();
        app.add_plugins(SimPlugin::from_parts(setup.compiled.clone(), setup.seed));
        app.insert_resource(RolloutMode);
        app.finish();
        app.cleanup();
        Rollout { app }
    }

    /// Whether summits open in this world's forward simulations (off at first).
    pub fn set_summits(&mut self, on: bool) {
        let world = self.app.world_mut();
        if on {
            world.insert_resource(RolloutSummits);
        } else {
            world.remove_resource::<RolloutSummits>();
        }
    }

    /// Mean score of every nation over `horizon` turns from `base`, with `effects` applied at
    /// the start.
    pub fn run(&mut self, base: &SimState, effects: &[Effect], horizon: u32) -> Vec<f64> {
        self.play(base, effects, &[], horizon)
    }

    /// The same with orders given at the start, each by its nation.
    pub fn play(
        &mut self,
        base: &SimState,
        effects: &[Effect],
        orders: &[(NationIdx, Order)],
        horizon: u32,
    ) -> Vec<f64> {
        let path = self.path(base, effects, orders, horizon);
        mean_scores(&path, horizon as usize)
    }

    /// Every nation's score each turn, `[turn][nation]`, over `horizon` turns from `base`
    /// with `effects` applied and `orders` given at the start.
    pub fn path(
        &mut self,
        base: &SimState,
        effects: &[Effect],
        orders: &[(NationIdx, Order)],
        horizon: u32,
    ) -> Vec<Vec<f64>> {
        let world = self.app.world_mut();
        snapshot::restore(world, base);
        for e in effects {
            world.write_message(EffectMsg {
                effect: e.clone(),
                source: OrderSource::Agreement,
                months: None,
            });
        }
        for (actor, order) in orders {
            world.write_message(OrderMsg {
                actor: *actor,
                order: order.clone(),
                source: OrderSource::Ai,
                reason: None,
                months: None,
            });
        }
        let n = base.nations.len();
        let mut q = world.query::<(&Nation, &Score)>();
        let mut path = Vec::with_capacity(horizon as usize);
        for _ in 0..horizon {
            world.run_schedule(ResolveTurn);
            let mut row = vec![0.0; n];
            for (nation, score) in q.iter(world) {
                row[nation.idx] = score.current;
            }
            path.push(row);
        }
        path
    }
}

/// Each nation's mean score over the first `turns` turns of a path.
pub fn mean_scores(path: &[Vec<f64>], turns: usize) -> Vec<f64> {
    let turns = turns.min(path.len());
    let n = path.first().map_or(0, Vec::len);
    let mut total = vec![0.0; n];
    for row in &path[..turns] {
        for (t, s) in total.iter_mut().zip(row) {
            *t += s;
        }
    }
    total.iter().map(|t| t / turns.max(1) as f64).collect()
}
