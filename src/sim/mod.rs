//! The headless simulation core: a Bevy ECS model of nations, facilities and markets, and the
//! ordered pipeline that resolves one turn (one month). No window, rendering, input or UI
//! types live here; everything runs and tests without a display.
//!
//! A turn runs the [`ResolveTurn`] schedule once, single-threaded, with its systems in the
//! fixed order of [`TurnSystems`]. Nothing depends on frame time. Systems gather their inputs
//! in nation/facility index order and call plain functions (market clearing, production,
//! scoring ...) that are unit-tested without an App.

use std::sync::Arc;

use bevy::ecs::query::{QueryState, ReadOnlyQueryData};
use bevy::ecs::schedule::{ScheduleLabel, SingleThreadedExecutor};
use bevy::prelude::*;

pub mod catalog;
pub mod construction;
pub mod consumption;
pub mod diplomacy;
pub mod effects;
pub mod events;
pub mod facilitator;
pub mod facility;
pub mod lapse;
pub mod licensing;
pub mod market;
pub mod nation;
pub mod orders;
pub mod production;
pub mod projects;
pub mod report;
pub mod rng;
pub mod rollout;
pub mod scoring;
pub mod snapshot;
pub mod spawn;
pub mod state;
pub mod stockpiling;
pub mod summits;

use crate::scenario::schema::Scenario;
use catalog::{Catalog, NationIdx};
use nation::{Flows, Stocks};
use orders::{Order, OrderMsg, OrderSource};
use report::Report;
use spawn::{Compiled, SpawnError};

/// The schedule that resolves one turn.
#[derive(ScheduleLabel, Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResolveTurn;

/// The turn pipeline, in order. Each step is one or more systems in [`ResolveTurn`].
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TurnSystems {
    /// The turn begins; queued orders are applied to policies.
    Orders,
    /// Scheduled, conditional and random scenario events.
    Events,
    /// Projects count down; new plants ramp up.
    Construction,
    /// Sectors plan; facilities run their recipes.
    Production,
    /// Licence applications are filed and decided; permits lapse; regimes and permits become
    /// route capacity for trade.
    Licensing,
    /// Each good's market clears; regional prices move.
    Trade,
    /// Sectors use inputs; shortages cost output, GDP and approval.
    Consumption,
    /// Strategic reserves are bought toward their targets; firms adjust precautionary stocks.
    Stockpiling,
    /// Relations respond to controls and tariffs.
    Diplomacy,
    /// Objectives are scored.
    Scoring,
    /// The turn is recorded.
    Report,
}

/// The parts of the Orders step: the turn begins, seats decide (AI deciders add their
/// systems to `Decide`), then queued effects and orders are applied.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrdersStep {
    Begin,
    Decide,
    Apply,
}

fn schedule_orders_step(app: &mut App) {
    app.configure_sets(
        ResolveTurn,
        (OrdersStep::Begin, OrdersStep::Decide, OrdersStep::Apply)
            .chain()
            .in_set(TurnSystems::Orders),
    );
}

/// The turn last resolved (0 before the first).
#[derive(
    Resource, Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize,
)]
pub struct Clock {
    pub turn: u32,
}

/// Adds the simulation of one scenario to an App. Build it with [`SimPlugin::new`], which
/// resolves every id up front so that building the plugin cannot fail.
pub struct SimPlugin {
    compiled: Arc<Compiled>,
    seed: u64,
}

impl SimPlugin {
    /// Prepares a validated scenario for the sim. Fails only if the scenario was not validated.
    pub fn new(scenario: &Scenario, seed: u64) -> Result<SimPlugin, SpawnError> {
        Ok(SimPlugin {
            compiled: Arc::new(spawn::compile(scenario)?),
            seed,
        })
    }

    /// A plugin for an already compiled scenario (forward simulations share it).
    pub fn from_parts(compiled: Arc<Compiled>, seed: u64) -> SimPlugin {
        SimPlugin { compiled, seed }
    }
}

impl Plugin for SimPlugin {
    fn build(&self, app: &mut App) {
        let mut schedule = Schedule::new(ResolveTurn);
        schedule.set_executor(SingleThreadedExecutor::new());
        schedule.configure_sets(
            (
                TurnSystems::Orders,
                TurnSystems::Events,
                TurnSystems::Construction,
                TurnSystems::Production,
                TurnSystems::Licensing,
                TurnSystems::Trade,
                TurnSystems::Consumption,
                TurnSystems::Stockpiling,
                TurnSystems::Diplomacy,
                TurnSystems::Scoring,
                TurnSystems::Report,
            )
                .chain(),
        );
        app.add_schedule(schedule);
        app.init_resource::<Clock>();
        app.insert_resource(rng::SimRng::new(self.seed));
        // Effects and orders are applied twice: queued before the turn (players, AI, scripts,
        // agreements), and given by this turn's events.
        schedule_orders_step(app);
        app.add_systems(
            ResolveTurn,
            (
                // A facilitator's seat change counts for this turn's AI decisions.
                (begin_turn, facilitator::apply_interventions)
                    .chain()
                    .in_set(OrdersStep::Begin),
                (effects::apply_effects, orders::apply_orders)
                    .chain()
                    .in_set(OrdersStep::Apply),
                (
                    lapse::lapse_timed,
                    events::run_events,
                    effects::apply_effects,
                    orders::apply_orders,
                )
                    .chain()
                    .in_set(TurnSystems::Events),
            ),
        );
        app.add_plugins((
            orders::plugin,
            effects::plugin,
            events::plugin,
            facilitator::plugin,
            construction::plugin,
            production::plugin,
            licensing::plugin,
            market::plugin,
            consumption::plugin,
            diplomacy::plugin,
            scoring::plugin,
            stockpiling::plugin,
            report::plugin,
        ));
        app.add_plugins(summits::plugin);
        app.insert_resource(snapshot::Setup {
            compiled: self.compiled.clone(),
            seed: self.seed,
        });
        spawn::spawn(app.world_mut(), &self.compiled);
        // Components a scenario may not spawn at the start, so that [`read`] finds them all.
        let world = app.world_mut();
        world.register_component::<facility::Facility>();
        world.register_component::<facility::Project>();
        world.register_component::<summits::Agreement>();
    }
}

/// A read-only query over a sim world: views, reports, the debrief and the tests read the
/// state this way (`read::<&Nation>(world).iter(world)`); only the turn's systems change it.
/// The sim registers every component when it starts, so this finds them all.
pub fn read<D: ReadOnlyQueryData>(world: &World) -> QueryState<D> {
    world
        .try_query::<D>()
        .expect("a sim world registers every sim component when it starts")
}

/// Starts a turn: advances the clock and records opening stocks.
fn begin_turn(mut clock: ResMut<Clock>, mut q: Query<(&Stocks, &mut Flows)>) {
    clock.turn += 1;
    for (stocks, mut flows) in &mut q {
        for g in 0..stocks.commercial.len() {
            flows.opening[g] = stocks.total(g);
        }
    }
}

/// A headless game: one App running one scenario. Drives turns directly, with no frame loop.
pub struct Sim {
    app: App,
}

impl Sim {
    /// A headless game in which every seat, the scenario's human ones included, is played by
    /// the AI: at summits by the sim's negotiators, and in policy by whatever decider is added
    /// with [`Sim::add_plugin`] (none: nobody gives orders but scripts and events).
    pub fn new(scenario: &Scenario, seed: u64) -> Result<Sim, SpawnError> {
        let plugin = SimPlugin::new(scenario, seed)?;
        let mut app = App::new();
        app.add_plugins(plugin);
        app.insert_resource(summits::AllSeatsAi(true));
        Ok(Sim { app })
    }

    /// Adds a plugin to the game (the AI, for one). Only before the first turn.
    pub fn add_plugin(&mut self, plugin: impl Plugin) -> &mut Sim {
        self.app.add_plugins(plugin);
        self
    }

    /// Finishes building the App once, before the first turn runs.
    fn ready(&mut self) {
        if self.app.plugins_state() != bevy::app::PluginsState::Cleaned {
            self.app.finish();
            self.app.cleanup();
        }
    }

    /// Lets the scenario's human seats play themselves (their summit moves come through
    /// [`Sim::summit_move`]).
    pub fn with_human_seats(mut self) -> Sim {
        self.app.insert_resource(summits::AllSeatsAi(false));
        self
    }

    /// A human seat's move in an open summit (index into the open summits).
    pub fn summit_move(
        &mut self,
        summit: usize,
        party: NationIdx,
        m: crate::negotiation::protocol::Move,
    ) -> Result<(), crate::negotiation::protocol::ProtocolError> {
        summits::human_move(self.app.world_mut(), summit, party, m)
    }

    /// Summits waiting for a human seat's move.
    pub fn open_summits(&self) -> &[summits::Session] {
        &self.app.world().resource::<summits::Sessions>().0
    }

    /// The whole state, as a value.
    pub fn snapshot(&self) -> snapshot::SimState {
        snapshot::capture(self.app.world())
    }

    /// Resolves one turn.
    pub fn step(&mut self) {
        self.ready();
        self.app.world_mut().run_schedule(ResolveTurn);
    }

    /// Queues an order for the next turn, acting as `actor`.
    pub fn order(&mut self, actor: NationIdx, order: Order, source: OrderSource) {
        self.app.world_mut().write_message(OrderMsg {
            actor,
            order,
            source,
            reason: None,
            months: None,
        });
    }

    /// A facilitator's intervention, applied when the next turn starts (before its orders).
    pub fn intervene(&mut self, intervention: facilitator::Intervention) {
        self.app.world_mut().write_message(intervention);
    }

    /// The turn last resolved.
    pub fn turn(&self) -> u32 {
        self.app.world().resource::<Clock>().turn
    }

    pub fn catalog(&self) -> &Catalog {
        self.app.world().resource::<Catalog>()
    }

    pub fn report(&self) -> &Report {
        self.app.world().resource::<Report>()
    }

    /// The seed the game started from.
    pub fn seed(&self) -> u64 {
        self.app.world().resource::<snapshot::Setup>().seed
    }

    /// The sim's world, to read (with [`read`]). Readers never change it: the state moves
    /// only through orders, summit moves and interventions, as the turn resolves.
    pub fn world(&self) -> &World {
        self.app.world()
    }

    /// For the layers that set a game up or restore it (the AI's settings, a save's history);
    /// not for readers.
    pub(crate) fn world_mut(&mut self) -> &mut World {
        self.app.world_mut()
    }

    /// The world, to damage a game on purpose in tests; only in builds with the `testing`
    /// feature (which `cargo test` turns on), never in the game.
    #[cfg(feature = "testing")]
    #[doc(hidden)]
    pub fn world_mut_for_tests(&mut self) -> &mut World {
        self.app.world_mut()
    }

    pub fn state_hash(&self) -> String {
        state::state_hash(self.app.world())
    }
}
