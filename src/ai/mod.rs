//! AI nations: every seat not held by a person chooses its orders here, each turn, through the
//! same order path as a player's ([`OrderMsg`]), with a reason that goes to the news and to
//! `orders.csv`.
//!
//! **How a nation decides.** On the turns it reviews its policies (staggered across nations),
//! it draws a short list of candidate moves from its situation and its leader's traits
//! ([`candidates`]): export controls as leverage, reach over goods made abroad, tariffs,
//! investment at home or with an ally, reserves, quotas. It then weighs each by forward
//! simulation: the world is played ahead from this turn twice, with and without the move
//! ([`Rollout`]), and the move's value is the change in the nation's mean score over the
//! horizon. A leader also minds its rivals (rivalry: hawkishness times tension): a move that
//! helps a rival, even through third parties, counts against it; one that hurts a rival counts
//! for it only as leverage when talks with that rival are near ([`rivalry_value`]). It pays
//! at most a little of its own score for that ([`COST_TOLERANCE`]). The best move worth more
//! than a small margin is given; a lever just moved rests a while
//! ([`memory`]) so policies do not swing back and forth.
//!
//! **What the AI does not know.** The forward simulations play an imagined future: their
//! random draws (chance events, project delays) come from a stream of their own, not from the
//! game's, so the AI cannot foresee the real dice. Other nations are assumed to hold their
//! policies. Summits open in the imagined world only for moves aimed at a partner the nation
//! meets within a few turns, and only from normal difficulty up.
//!
//! **Difficulty** changes skill only, never the rules or the numbers of the world ([`Skill`]):
//! how often a nation reviews, how many moves it weighs, how far ahead it looks (short sight
//! rules out long projects), whether it foresees talks near at hand, whether it weighs moves
//! against more than one imagined future,
//! whether it tries two moves together, and how often it acts on a rule of thumb without
//! weighing the move at all (a mistake). `Passive` gives no orders at all.

pub mod candidates;
pub mod evaluate;
pub mod memory;

use std::collections::BTreeMap;

use bevy::prelude::*;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use serde::Serialize;

use crate::scenario::schema::Seat;
use crate::sim::catalog::{Catalog, NationIdx};
use crate::sim::nation::{Controller, Nation};
use crate::sim::orders::{Order, OrderMsg, OrderSource};
use crate::sim::report::Report;
use crate::sim::rng::RngPosition;
use crate::sim::rollout::{Rollout, mean_scores};
use crate::sim::snapshot::{self, Setup, SimState};
use crate::sim::summits::AllSeatsAi;
use crate::sim::{Clock, OrdersStep, ResolveTurn};
use candidates::Candidate;
use memory::{AiMemory, Lever, Pull};

/// How well an AI nation plays.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
pub enum Difficulty {
    /// Gives no orders (a nation left alone; the yardstick for the others).
    Passive,
    Easy,
    Normal,
    Hard,
}

/// What a difficulty level means, in skill.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Skill {
    /// Reviews its policies every this many turns.
    pub review_every: u32,
    /// Candidate moves it weighs per review.
    pub weighed: usize,
    /// Of which projects (each weighed over a long horizon).
    pub projects: usize,
    /// Months its forward simulations cover for quick moves.
    pub horizon: u32,
    /// The furthest it looks ahead: moves that pay off later are not considered.
    pub foresight: u32,
    /// Imagined futures each move is weighed against (more averages out luck).
    pub futures: u32,
    /// Whether it tries its two best moves together.
    pub combines: bool,
    /// Whether it foresees talks near at hand: moves aimed at a partner it will soon meet are
    /// weighed in a future where the talks take place (so it sees what a move does to its
    /// hand at the table).
    pub foresees_talks: bool,
    /// Chance per review of acting on its first rule of thumb without weighing it.
    pub mistakes: f64,
    /// Score points a move must be worth before it acts.
    pub margin: f64,
}

impl Difficulty {
    pub fn skill(self) -> Option<Skill> {
        match self {
            Difficulty::Passive => None,
            Difficulty::Easy => Some(Skill {
                review_every: 3,
                weighed: 2,
                projects: 1,
                horizon: 6,
                foresight: 24,
                futures: 1,
                combines: false,
                foresees_talks: false,
                mistakes: 0.3,
                margin: 0.25,
            }),
            Difficulty::Normal => Some(Skill {
                review_every: 2,
                weighed: 6,
                projects: 1,
                horizon: 12,
                foresight: 72,
                futures: 1,
                combines: false,
                foresees_talks: true,
                mistakes: 0.0,
                margin: 0.05,
            }),
            Difficulty::Hard => Some(Skill {
                review_every: 1,
                weighed: 8,
                projects: 1,
                horizon: 18,
                foresight: 120,
                futures: 2,
                combines: true,
                foresees_talks: true,
                mistakes: 0.0,
                margin: 0.02,
            }),
        }
    }
}

impl std::fmt::Display for Difficulty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Difficulty::Passive => "passive",
            Difficulty::Easy => "easy",
            Difficulty::Normal => "normal",
            Difficulty::Hard => "hard",
        })
    }
}

/// Who plays how well, and what the AI knows of the game's length.
#[derive(Resource, Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct AiSettings {
    pub difficulty: Difficulty,
    /// Nations that play at another level than `difficulty`.
    pub nations: BTreeMap<NationIdx, Difficulty>,
    /// Last turn of the game, if known: nobody values what happens after it.
    pub last_turn: Option<u32>,
}

impl Default for AiSettings {
    fn default() -> Self {
        AiSettings {
            difficulty: Difficulty::Normal,
            nations: BTreeMap::new(),
            last_turn: None,
        }
    }
}

impl AiSettings {
    pub fn of(&self, n: NationIdx) -> Difficulty {
        self.nations.get(&n).copied().unwrap_or(self.difficulty)
    }
}

/// Gives the AI seats of `sim` to the AI, playing with these settings.
pub fn attach(sim: &mut crate::sim::Sim, settings: AiSettings) {
    sim.add_plugin(AiPlugin);
    set_settings(sim, settings);
}

/// Changes how well the AI plays (from the next turn; recorded in the game's AI history).
pub fn set_settings(sim: &mut crate::sim::Sim, settings: AiSettings) {
    sim.world_mut().insert_resource(settings);
}

/// Decides the AI's moves in `sim` as its next turn would, without giving them (for
/// benchmarks and tools).
pub fn plan_sim(sim: &mut crate::sim::Sim, review: Review) -> Plan {
    plan(sim.world_mut(), review)
}

/// Share of a rival's expected loss (or gain) a leader counts as its own gain (or loss) at full
/// rivalry (see [`rivalry_value`]).
pub const RIVALRY_WEIGHT: f64 = 0.5;

/// Score points of its own a fully hawkish leader would give up for a move that hurts its
/// rivals enough.
pub const COST_TOLERANCE: f64 = 0.05;

/// How much `n`'s leader minds `p`'s fortunes: hawkishness times the tension between them.
pub fn rivalry(state: &SimState, n: NationIdx, p: NationIdx) -> f64 {
    state.nations[n].leader.hawkishness * state.nations[n].relations.tension[p]
}

/// What the rivals' expected losses (`losses[p]`, negative for gains) are worth to `n`'s
/// leader: helping a rival counts against a move; hurting one counts for it only as leverage
/// before talks with it (otherwise coercion is its own reward only in the leader's mind, and
/// this AI does not pay for that).
pub fn rivalry_value(
    state: &SimState,
    catalog: &Catalog,
    n: NationIdx,
    turn: u32,
    losses: &[f64],
) -> f64 {
    (0..losses.len())
        .filter(|&p| p != n)
        .map(|p| {
            let l = losses[p];
            let counted = if l < 0.0 || candidates::talks_ahead(state, catalog, n, p, turn) {
                l
            } else {
                0.0
            };
            RIVALRY_WEIGHT * rivalry(state, n, p) * counted
        })
        .sum()
}

/// Moves per review weighed with talks in the imagined future.
pub const TALK_MOVES: usize = 2;

/// Stream id of the AI's own random draws (its mistakes), apart from the sim's streams.
const AI_STREAM: u64 = 3;

/// The AI's dice: whether an easy nation acts without weighing.
#[derive(Resource, Debug)]
struct AiRng(ChaCha8Rng);

/// Adds AI deciders to a game. Settings come from an [`AiSettings`] resource if one is
/// inserted, otherwise every AI seat plays at normal difficulty.
pub struct AiPlugin;

impl Plugin for AiPlugin {
    fn build(&self, app: &mut App) {
        // After the SimPlugin, whose seed it shares.
        let seed = app.world().get_resource::<Setup>().map_or(0, |s| s.seed);
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(AI_STREAM);
        app.insert_resource(AiRng(rng));
        app.init_resource::<AiSettings>();
        app.init_resource::<AiMemory>();
        app.init_resource::<AiLog>();
        app.init_resource::<AiHistory>();
        app.add_systems(ResolveTurn, decide_turn.in_set(OrdersStep::Decide));
    }
}

/// The AI's side of a game, for saves: who plays how well, what each nation remembers of
/// its moves, where its dice stand, and what it weighed so far.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct AiState {
    pub settings: AiSettings,
    /// Settings in force after each turn listed (a replay sets them at the same points).
    pub history: Vec<(u32, AiSettings)>,
    pub memory: AiMemory,
    pub rng_word_pos: u128,
    pub log: Vec<Considered>,
}

/// The AI's state in a world with the [`AiPlugin`], if it has one.
pub fn capture(world: &World) -> Option<AiState> {
    Some(AiState {
        settings: world.get_resource::<AiSettings>()?.clone(),
        history: world.get_resource::<AiHistory>()?.0.clone(),
        memory: world.get_resource::<AiMemory>()?.clone(),
        rng_word_pos: world.get_resource::<AiRng>()?.0.get_word_pos(),
        log: world.get_resource::<AiLog>()?.0.clone(),
    })
}

/// Puts a saved AI state into a world with the [`AiPlugin`].
pub fn restore(world: &mut World, s: &AiState) {
    world.insert_resource(s.settings.clone());
    world.insert_resource(AiHistory(s.history.clone()));
    world.insert_resource(s.memory.clone());
    if let Some(mut rng) = world.get_resource_mut::<AiRng>() {
        rng.0.set_word_pos(s.rng_word_pos);
    }
    world.insert_resource(AiLog(s.log.clone()));
}

/// When the AI's settings changed: `(t, settings)` are in force from turn `t + 1`.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct AiHistory(pub Vec<(u32, AiSettings)>);

/// The settings in force for `turn`, from a history.
pub fn settings_for(history: &[(u32, AiSettings)], turn: u32) -> Option<&AiSettings> {
    history
        .iter()
        .rev()
        .find(|(after, _)| *after < turn)
        .map(|(_, s)| s)
}

/// A move an AI nation weighed, for debriefs and tuning.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Considered {
    pub turn: u32,
    pub nation: NationIdx,
    /// The lever of its (first) move, and which way.
    pub lever: Lever,
    pub pull: Pull,
    pub reason: String,
    /// Expected change of its own mean score.
    pub gain: f64,
    /// What its rivals' expected losses (or gains) are worth to its leader.
    pub rivalry: f64,
    pub months: u32,
    pub given: bool,
}

/// Every move the AI weighed this game.
#[derive(Resource, Debug, Clone, Default)]
pub struct AiLog(pub Vec<Considered>);

/// A move chosen, with what it was worth.
#[derive(Debug, Clone)]
struct Choice {
    moves: Vec<Candidate>,
    gain: f64,
    /// Each nation's expected loss of mean score.
    losses: Vec<f64>,
    months: u32,
    weighed: bool,
    /// Weighed in a future with the talks near at hand.
    talks: bool,
}

/// The baseline of one imagined future: the world played ahead with no new orders.
struct Future {
    base: SimState,
    path: Vec<Vec<f64>>,
    /// The same with summits taking place.
    path_with_talks: Vec<Vec<f64>>,
}

impl Future {
    fn new(base: SimState) -> Future {
        Future {
            base,
            path: Vec::new(),
            path_with_talks: Vec::new(),
        }
    }

    fn baseline(&mut self, rollout: &mut Rollout, months: u32, talks: bool) -> &[Vec<f64>] {
        let path = if talks {
            &mut self.path_with_talks
        } else {
            &mut self.path
        };
        if (path.len() as u32) < months {
            rollout.set_summits(talks);
            *path = rollout.path(&self.base, &[], &[], months);
            rollout.set_summits(false);
        }
        path
    }
}

/// Which AI nations review their policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Review {
    /// Those due this turn (each nation every `review_every` turns, staggered).
    Due,
    /// Every AI nation at once (the worst case, for benchmarks).
    All,
}

/// What the AI nations decided in one review.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Moves to give, by nation, with the reason for each order.
    pub orders: Vec<(NationIdx, Order, String)>,
    /// Every move weighed.
    pub considered: Vec<Considered>,
}

/// Each AI nation due for review this turn weighs its candidate moves and gives the best.
pub fn decide_turn(world: &mut World) {
    let turn = world.resource::<Clock>().turn;
    // Settings changed since the last turn (or first seen) go into the history.
    let settings = world.resource::<AiSettings>().clone();
    {
        let mut h = world.resource_mut::<AiHistory>();
        if h.0.last().is_none_or(|(_, s)| *s != settings) {
            h.0.push((turn.saturating_sub(1), settings));
        }
    }
    let plan = plan(world, Review::Due);
    {
        let mut memory = world.resource_mut::<AiMemory>();
        for c in plan.considered.iter().filter(|c| c.given) {
            memory.record(c.nation, c.lever, c.pull, turn);
        }
    }
    let mut last_reason: Option<String> = None;
    for (n, order, reason) in plan.orders {
        if last_reason.as_ref() != Some(&reason) {
            world.resource_mut::<Report>().news(turn, reason.clone());
            last_reason = Some(reason.clone());
        }
        world.write_message(OrderMsg {
            actor: n,
            order,
            source: OrderSource::Ai,
            reason: Some(reason),
            months: None,
        });
    }
    world.resource_mut::<AiLog>().0.extend(plan.considered);
}

/// Decides the moves of the AI nations that review now, without giving them.
pub fn plan(world: &mut World, review: Review) -> Plan {
    let turn = world.resource::<Clock>().turn;
    let settings = world.resource::<AiSettings>().clone();
    let reviewing = reviewing(world, &settings, review, turn);
    if reviewing.is_empty() {
        return Plan::default();
    }
    let setup = world.resource::<Setup>().clone();
    let catalog = &setup.compiled.catalog;
    let base = snapshot::capture(world);
    let mut rollout = world
        .remove_non_send::<Rollout>()
        .unwrap_or_else(|| Rollout::new(&setup));
    let memory = world
        .get_resource::<AiMemory>()
        .cloned()
        .unwrap_or_default();
    let max_futures = reviewing.iter().map(|r| r.1.futures).max().unwrap_or(1);
    let mut futures: Vec<Future> = (0..max_futures)
        .map(|f| Future::new(imagined(&base, setup.seed, turn, f)))
        .collect();
    let months_left = settings
        .last_turn
        .map(|last| last.saturating_sub(turn).max(1));

    let mut given: Vec<(NationIdx, Choice)> = Vec::new();
    let mut considered: Vec<Considered> = Vec::new();
    for (n, skill) in reviewing {
        let cands = to_weigh(&base, catalog, &memory, (n, skill), turn, months_left);
        if cands.is_empty() {
            continue;
        }
        let slip = skill.mistakes > 0.0 && {
            let mut rng = world.resource_mut::<AiRng>();
            rng.0.random::<f64>() < skill.mistakes
        };
        if slip {
            let (c, choice) = unweighed(turn, n, &cands[0]);
            considered.push(c);
            given.push((n, choice));
            continue;
        }
        // Quick moves are judged over the horizon; projects as far ahead as it sees.
        let months_for = |c: &[Candidate]| {
            let want = if c.iter().any(|c| c.payoff_months > 0) {
                skill.foresight
            } else {
                skill.horizon
            };
            months_left.map_or(want, |m| want.min(m))
        };
        let mut weigh = |moves: Vec<Candidate>, talks: bool| -> Choice {
            let months = months_for(&moves);
            let orders: Vec<(NationIdx, Order)> = moves
                .iter()
                .flat_map(|c| c.orders.iter().map(|o| (n, o.clone())))
                .collect();
            let mut losses = vec![0.0; base.nations.len()];
            // Talks are costly to foresee: one future for them.
            let k = if talks { 1 } else { skill.futures };
            for f in futures.iter_mut().take(k as usize) {
                rollout.set_summits(talks);
                let with = rollout.path(&f.base, &[], &orders, months);
                rollout.set_summits(false);
                let with = mean_scores(&with, months as usize);
                let without = mean_scores(f.baseline(&mut rollout, months, talks), months as usize);
                for (l, (w, wo)) in losses.iter_mut().zip(with.iter().zip(&without)) {
                    *l += (wo - w) / k as f64;
                }
            }
            Choice {
                moves,
                gain: -losses[n],
                losses,
                months,
                weighed: true,
                talks,
            }
        };
        // Its own gain, plus what its rivals lose weighed by its rivalry toward each; a
        // leader pays at most a little of its own score to hurt a rival.
        let hawk = base.nations[n].leader.hawkishness;
        let rival_term = |c: &Choice| rivalry_value(&base, catalog, n, turn, &c.losses);
        let value = |c: &Choice| {
            if c.gain < -COST_TOLERANCE * hawk {
                f64::NEG_INFINITY
            } else {
                c.gain + rival_term(c)
            }
        };
        // Moves aimed at a partner met soon are weighed with the talks in the imagined future
        // (the first few of them: each such forward simulation negotiates a summit).
        let mut talk_moves = 0;
        let mut weighed: Vec<Choice> = Vec::new();
        for c in &cands {
            let talks = skill.foresees_talks
                && talk_moves < TALK_MOVES
                && partner_of(c)
                    .is_some_and(|p| candidates::talks_ahead(&base, catalog, n, p, turn));
            talk_moves += usize::from(talks);
            weighed.push(weigh(vec![c.clone()], talks));
        }
        weighed.sort_by(|a, b| value(b).total_cmp(&value(a)));
        if skill.combines
            && weighed.len() >= 2
            && value(&weighed[1]) > skill.margin
            && weighed[0].moves[0].lever != weighed[1].moves[0].lever
        {
            let talks = weighed[0].talks || weighed[1].talks;
            let both = weigh(
                vec![weighed[0].moves[0].clone(), weighed[1].moves[0].clone()],
                talks,
            );
            if value(&both) > value(&weighed[0]) + skill.margin {
                weighed.insert(0, both);
            }
        }
        let take = weighed.first().is_some_and(|b| value(b) > skill.margin);
        considered.extend(weighed.iter().enumerate().map(|(i, c)| {
            Considered {
                turn,
                nation: n,
                lever: c.moves[0].lever,
                pull: c.moves[0].pull,
                reason: c
                    .moves
                    .iter()
                    .map(|m| m.reason.as_str())
                    .collect::<Vec<_>>()
                    .join(" + "),
                gain: c.gain,
                rivalry: rival_term(c),
                months: c.months,
                given: take && i == 0,
            }
        }));
        if take {
            given.push((n, weighed.swap_remove(0)));
        }
    }

    world.insert_non_send(rollout);
    Plan {
        orders: orders_of(catalog, &base, given),
        considered,
    }
}

/// The orders of the moves chosen, each with its reason and why it was chosen.
fn orders_of(
    catalog: &Catalog,
    base: &SimState,
    given: Vec<(NationIdx, Choice)>,
) -> Vec<(NationIdx, Order, String)> {
    let mut orders = Vec::new();
    for (n, choice) in given {
        let why = explain(catalog, base, n, &choice);
        for c in &choice.moves {
            let reason = format!("{}{why}", c.reason);
            orders.extend(c.orders.iter().map(|o| (n, o.clone(), reason.clone())));
        }
    }
    orders
}

/// The AI nations that review their policies this turn, with their skill, in nation order.
fn reviewing(
    world: &mut World,
    settings: &AiSettings,
    review: Review,
    turn: u32,
) -> Vec<(NationIdx, Skill)> {
    let all_ai = world.get_resource::<AllSeatsAi>().is_none_or(|a| a.0);
    let mut seats: Vec<(NationIdx, Seat)> = world
        .query::<(&Nation, &Controller)>()
        .iter(world)
        .map(|(n, c)| (n.idx, c.0))
        .collect();
    seats.sort_by_key(|s| s.0);
    seats
        .into_iter()
        .filter(|&(_, seat)| all_ai || seat == Seat::Ai)
        .filter_map(|(n, _)| settings.of(n).skill().map(|s| (n, s)))
        .filter(|&(n, s)| review == Review::All || (turn + n as u32).is_multiple_of(s.review_every))
        .collect()
}

/// The candidates nation `n` weighs this turn: those its memory allows and its foresight
/// (and the game's end) can see pay off, shortlisted.
fn to_weigh(
    base: &SimState,
    catalog: &Catalog,
    memory: &AiMemory,
    (n, skill): (NationIdx, Skill),
    turn: u32,
    months_left: Option<u32>,
) -> Vec<Candidate> {
    let cands: Vec<Candidate> = candidates::generate(base, catalog, n, turn)
        .into_iter()
        .filter(|c| memory.allows(n, c.lever, c.pull, turn))
        .filter(|c| c.payoff_months <= skill.foresight)
        .filter(|c| months_left.is_none_or(|m| c.payoff_months <= m))
        .collect();
    shortlist(
        cands,
        skill.weighed,
        skill.projects,
        turn / skill.review_every,
    )
}

/// A slip (the AI's mistakes): the first candidate taken without weighing it.
fn unweighed(turn: u32, n: NationIdx, c: &Candidate) -> (Considered, Choice) {
    (
        Considered {
            turn,
            nation: n,
            lever: c.lever,
            pull: c.pull,
            reason: c.reason.clone(),
            gain: 0.0,
            rivalry: 0.0,
            months: 0,
            given: true,
        },
        Choice {
            moves: vec![c.clone()],
            gain: 0.0,
            losses: Vec::new(),
            months: 0,
            weighed: false,
            talks: false,
        },
    )
}

/// The `k` candidates to weigh: at most `projects` projects (taking turns among them from one
/// review to the next, so each gets a look), then the first of each kind of move (lever and
/// direction), then the rest, each in priority order (so one kind of move cannot crowd out
/// the others).
fn shortlist(cands: Vec<Candidate>, k: usize, projects: usize, review: u32) -> Vec<Candidate> {
    let (projects_all, quick): (Vec<Candidate>, Vec<Candidate>) =
        cands.into_iter().partition(|c| c.payoff_months > 0);
    let mut chosen: Vec<Candidate> = Vec::new();
    if !projects_all.is_empty() {
        let start = review as usize % projects_all.len();
        chosen.extend(
            (0..projects.min(projects_all.len()))
                .map(|i| projects_all[(start + i) % projects_all.len()].clone()),
        );
    }
    let mut kinds = Vec::new();
    let mut rest = Vec::new();
    for c in quick {
        let kind = (std::mem::discriminant(&c.lever), c.pull);
        if kinds.contains(&kind) {
            rest.push(c);
        } else {
            kinds.push(kind);
            chosen.push(c);
        }
    }
    chosen.extend(rest);
    chosen.truncate(k);
    chosen
}

/// The partner a move on controls or tariffs is aimed at.
fn partner_of(c: &Candidate) -> Option<NationIdx> {
    match c.lever {
        Lever::Exports(p) | Lever::Reach(p) | Lever::Tariffs(p) => Some(p),
        _ => None,
    }
}

/// What the nation expects of its move, for the reason: its own gain and, if its leader
/// counts it, the rival most affected.
fn explain(catalog: &Catalog, base: &SimState, n: NationIdx, c: &Choice) -> String {
    if !c.weighed {
        return " (a rule of thumb, not weighed)".to_string();
    }
    let rival = (0..c.losses.len())
        .filter(|&p| p != n)
        .map(|p| (p, c.losses[p] * rivalry(base, n, p)))
        .filter(|&(_, w)| w.abs() >= 0.02)
        .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()).then(b.0.cmp(&a.0)));
    match rival {
        Some((p, _)) => format!(
            " (expected {:+.1} points for itself and {:+.1} for {} over {} months)",
            c.gain, -c.losses[p], catalog.nations[p].name, c.months
        ),
        None => format!(" (expected {:+.1} points over {} months)", c.gain, c.months),
    }
}

/// The same world with random draws of its own: the future as the AI imagines it.
fn imagined(base: &SimState, seed: u64, turn: u32, future: u32) -> SimState {
    let mut s = base.clone();
    s.rng = RngPosition {
        seed: seed
            ^ 0x5eed_a1a1_0000_0000
            ^ (u64::from(turn) << 16).wrapping_mul(0x9e37_79b9_7f4a_7c15)
            ^ u64::from(future),
        events: 0,
        construction: 0,
    };
    s
}
