//! A game people play: the sim, the scenario it runs, the seats people hold on this computer,
//! each team's private desk and the rules of taking turns, with no window. The desktop game
//! draws a session and sends it what the players ask for; the tests play one headless.
//!
//! Hot-seat: several teams can play on one computer. Each seat has a [`Desk`], everything that
//! team is doing this month that no other team may see (orders not yet given, summit drafts,
//! its messages); only the desk of the seat at the screen ([`Session::desk`]) is out. Ending
//! the month hands the computer to the next team that has something to do, behind a hand-over
//! that shows nothing of either desk; the month resolves when every team has ended it and no
//! summit waits for a person, and then the game autosaves.
//!
//! Facilitator mode ([`Facilitation`]): a teacher's hold over the game (pause, the projector,
//! time limits per turn and per summit move, showing the AI's reasoning) and the injections
//! and seat changes that wait for the month to resolve.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use crate::ai::{AiSettings, Difficulty};
use crate::negotiation::protocol::Move;
use crate::save;
use crate::scenario::schema::{Scenario, Seat};
use crate::sim::Sim;
use crate::sim::catalog::NationIdx;
use crate::sim::orders::{Order, OrderSource};

mod facilitation;
#[cfg(test)]
mod tests;

pub use facilitation::{Facilitation, MOVE_LIMITS, TURN_LIMITS, clock};

/// What one team is doing this month, private to it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Desk {
    /// Orders given this month, sent to the sim when the month resolves.
    pub queue: Vec<Order>,
    /// The package the team is putting together in each open summit, by summit id.
    pub drafts: BTreeMap<String, Vec<usize>>,
    /// The last problem to show the team (a refused move, a failed autosave).
    pub warning: Option<String>,
    /// The last thing done that the team should know of (where a report went, say).
    pub notice: Option<String>,
}

/// What a session did on its own as time passed (see [`Session::tick`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Timed {
    /// The team's month ran out: its turn ended.
    EndTurn,
    /// The team's summit move ran out: this move was made for it in the summit with this
    /// index among the open ones.
    Summit { summit: usize, action: Move },
}

/// What became of a team's "end the month".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndOfTurn {
    /// Not now: the game is over or held, a summit waits for the team, or the computer is
    /// being handed over.
    Refused,
    /// The computer goes to this seat's team, which has something left to do this month.
    Handed(NationIdx),
    /// Every team had ended it: the month resolved.
    Resolved,
}

/// A game in progress.
pub struct Session {
    sim: Sim,
    /// The scenario as played (the nations people play hold its human seats).
    scenario: Scenario,
    /// The nations people play on this computer, in the order they take the screen.
    seats: Vec<NationIdx>,
    /// The seat at the screen (one of `seats`).
    player: NationIdx,
    /// Every seat's desk.
    desks: BTreeMap<NationIdx, Desk>,
    /// The seats that have ended this month.
    ended: Vec<NationIdx>,
    /// The computer is being handed to this seat: until its team confirms, the screen shows
    /// nothing but the hand-over.
    handover: Option<NationIdx>,
    /// Where autosaves go (none when the system has no data folder).
    saves_dir: Option<PathBuf>,
    /// The players ended the game before the scenario's last month.
    finished: bool,
    /// The facilitator's hold, in facilitator mode.
    facilitation: Option<Facilitation>,
}

/// Whether two orders set the same lever (for the same goods and partners).
fn same_lever(a: &Order, b: &Order) -> bool {
    match (a, b) {
        (Order::SetExportRegime(x), Order::SetExportRegime(y)) => {
            x.goods == y.goods && x.to == y.to
        }
        (Order::SetTariff(x), Order::SetTariff(y)) => x.goods == y.goods && x.from == y.from,
        (Order::SetReserveTarget { good: x, .. }, Order::SetReserveTarget { good: y, .. }) => {
            x == y
        }
        (Order::SetStockCover(_), Order::SetStockCover(_))
        | (Order::SetReserveRelease(_), Order::SetReserveRelease(_))
        | (Order::SetFirmRules(_), Order::SetFirmRules(_)) => true,
        (Order::SetTechBan(x), Order::SetTechBan(y)) => x.to == y.to,
        (Order::SetExtraterritorial(x), Order::SetExtraterritorial(y)) => {
            x.goods == y.goods && x.to == y.to
        }
        (
            Order::SetProductionQuota { process: x, .. },
            Order::SetProductionQuota { process: y, .. },
        ) => x == y,
        (Order::SetExportQuota { good: x, .. }, Order::SetExportQuota { good: y, .. }) => x == y,
        _ => false,
    }
}

/// The nations people hold in `sim` now (the scenario's human seats, as a facilitator may have
/// changed them), in nation order.
fn people_now(sim: &Sim) -> Vec<NationIdx> {
    let world = sim.world();
    let mut q =
        crate::sim::read::<(&crate::sim::nation::Nation, &crate::sim::nation::Controller)>(world);
    let mut now: Vec<NationIdx> = q
        .iter(world)
        .filter(|(_, c)| c.0 == Seat::Human)
        .map(|(n, _)| n.idx)
        .collect();
    now.sort_unstable();
    now
}

impl Session {
    /// A new game: people play the nations in `seats` (taking the screen in that order); the
    /// AI plays every other nation at `difficulty`.
    pub fn new(
        mut scenario: Scenario,
        seats: &[NationIdx],
        seed: u64,
        difficulty: Difficulty,
        saves_dir: Option<PathBuf>,
    ) -> Result<Session, String> {
        let n = scenario.nations.len();
        if seats.is_empty() || seats.iter().any(|&s| s >= n) {
            return Err("pick at least one nation for people to play".to_string());
        }
        for (i, n) in scenario.nations.iter_mut().enumerate() {
            n.seat = if seats.contains(&i) {
                Seat::Human
            } else {
                Seat::Ai
            };
        }
        let mut sim = Sim::new(&scenario, seed)
            .map_err(|e| format!("the scenario cannot start: {e}"))?
            .with_human_seats();
        crate::ai::attach(
            &mut sim,
            AiSettings {
                difficulty,
                last_turn: Some(scenario.turns),
                ..AiSettings::default()
            },
        );
        Ok(Session::around(sim, scenario, seats.to_vec(), saves_dir))
    }

    /// Continues a saved game: people take the seats people hold (the scenario's human seats,
    /// as a facilitator may have changed them).
    pub fn from_save(loaded: save::Loaded, saves_dir: Option<PathBuf>) -> Result<Session, String> {
        let file = loaded.header.scenario_name.clone();
        let mut people =
            crate::reports::page::people_seats(&loaded.scenario, loaded.header.human_seats);
        if !people.is_empty() {
            people = people_now(&loaded.sim);
        }
        if people.is_empty() {
            return Err(format!(
                "this save of {file} was played headless, with the AI on every seat; continue it with `chokepoint run --from`"
            ));
        }
        Ok(Session::around(
            loaded.sim,
            loaded.scenario,
            people,
            saves_dir,
        ))
    }

    fn around(
        sim: Sim,
        scenario: Scenario,
        mut seats: Vec<NationIdx>,
        saves_dir: Option<PathBuf>,
    ) -> Session {
        seats.dedup();
        let player = seats[0];
        let desks = seats.iter().map(|&s| (s, Desk::default())).collect();
        // Several teams: the first takes the screen behind the hand-over too, so whoever
        // starts the game does not see the first team's desk.
        let handover = (seats.len() > 1).then_some(player);
        Session {
            sim,
            scenario,
            seats,
            player,
            desks,
            ended: Vec::new(),
            handover,
            saves_dir,
            finished: false,
            facilitation: None,
        }
    }

    /// The game, to read.
    pub fn sim(&self) -> &Sim {
        &self.sim
    }

    /// The game itself, for tests that move it on without the players.
    #[cfg(test)]
    pub(crate) fn sim_mut(&mut self) -> &mut Sim {
        &mut self.sim
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The nations people play on this computer, in the order they take the screen.
    pub fn seats(&self) -> &[NationIdx] {
        &self.seats
    }

    /// The seat at the screen.
    pub fn player(&self) -> NationIdx {
        self.player
    }

    /// The seats that have ended this month.
    pub fn ended(&self) -> &[NationIdx] {
        &self.ended
    }

    /// The seat the computer is being handed to, until its team takes it.
    pub fn handover(&self) -> Option<NationIdx> {
        self.handover
    }

    /// Where autosaves go.
    pub fn saves_dir(&self) -> Option<&std::path::Path> {
        self.saves_dir.as_deref()
    }

    /// Autosaves and reports go to `dir` from now on.
    #[cfg(test)]
    pub(crate) fn set_saves_dir(&mut self, dir: &std::path::Path) {
        self.saves_dir = Some(dir.to_path_buf());
    }

    /// The desk of the seat at the screen.
    pub fn desk(&self) -> &Desk {
        &self.desks[&self.player]
    }

    pub fn desk_mut(&mut self) -> &mut Desk {
        self.desks.entry(self.player).or_default()
    }

    /// The desk of another seat, for tests that check what stays private.
    #[cfg(test)]
    pub(crate) fn desk_of(&self, seat: NationIdx) -> Option<&Desk> {
        self.desks.get(&seat)
    }

    /// Several teams play on this computer.
    pub fn hot_seat(&self) -> bool {
        self.seats.len() > 1
    }

    /// The names of the nations people play, in seat order.
    pub fn seat_names(&self) -> Vec<&str> {
        self.seats
            .iter()
            .map(|&s| self.scenario.nations[s].name.as_str())
            .collect()
    }

    /// Brings out `seat`'s desk at the screen.
    fn sit(&mut self, seat: NationIdx) {
        self.desks.entry(seat).or_default();
        self.player = seat;
    }

    /// Hands the computer to `seat`: its desk comes out, but the screen shows only the
    /// hand-over until its team confirms.
    fn hand_to(&mut self, seat: NationIdx) {
        self.sit(seat);
        self.handover = Some(seat);
    }

    /// The team the computer was handed to takes it: its desk shows and its clocks start.
    pub fn take_seat(&mut self) {
        self.handover = None;
        if let Some(f) = self.facilitation.as_mut() {
            f.used = Duration::ZERO;
            f.move_used = Duration::ZERO;
        }
    }

    /// After the game, any team's desk may be shown (the debrief is for everyone); during play
    /// a desk changes hands only through the hand-over. Whether it was.
    pub fn view_as(&mut self, seat: NationIdx) -> bool {
        if self.over() && self.seats.contains(&seat) {
            self.sit(seat);
            self.handover = None;
            return true;
        }
        false
    }

    /// Orders queued on every desk.
    pub fn queued(&self) -> usize {
        self.desks.values().map(|d| d.queue.len()).sum()
    }

    /// Queues an order for the end of the month: a later change to the same lever replaces
    /// the earlier one.
    pub fn queue(&mut self, order: Order) {
        let desk = self.desk_mut();
        desk.queue.retain(|q| !same_lever(q, &order));
        desk.queue.push(order);
    }

    /// Takes back the `k`th queued order (nothing if there is none).
    pub fn unqueue(&mut self, k: usize) {
        let desk = self.desk_mut();
        if k < desk.queue.len() {
            desk.queue.remove(k);
        }
    }

    /// The game has reached the end of its scenario, or the players ended it.
    pub fn over(&self) -> bool {
        self.finished || self.sim.turn() >= self.scenario.turns
    }

    /// The players end the game now.
    pub fn finish(&mut self) {
        self.finished = true;
        self.handover = None;
    }

    /// The team at the screen moves in the open summit with index `summit`; a refused move
    /// shows on its desk. Nothing while the facilitator holds the game.
    pub fn summit_move(&mut self, summit: usize, action: Move) {
        if self.paused() {
            return;
        }
        if let Err(e) = self.sim.summit_move(summit, self.player, action) {
            self.desk_mut().warning = Some(format!("That move is not possible: {e}"));
        }
        if let Some(f) = self.facilitation.as_mut() {
            f.move_used = Duration::ZERO;
        }
        if self.sim.open_summits().is_empty() {
            for d in self.desks.values_mut() {
                d.drafts.clear();
            }
        }
    }

    /// Where the debrief report of the game as it stands goes: `reports/<scenario>-month-<N>`
    /// in the saves folder (or in the current folder when the system has none).
    pub fn report_dir(&self) -> PathBuf {
        let base = self.saves_dir.as_ref().map_or_else(
            || PathBuf::from("chokepoint-reports"),
            |d| d.join("reports"),
        );
        base.join(format!("{}-month-{}", self.scenario.id, self.sim.turn()))
    }

    /// Writes the debrief report (the files `chokepoint report` writes from a save); where it
    /// went, or why not, shows on the desk.
    pub fn write_report(&mut self) {
        let dir = self.report_dir();
        let seed = self.sim.seed();
        let written =
            crate::reports::page::write(&dir, &self.sim, &self.scenario, seed, &self.seats);
        let desk = self.desk_mut();
        match written {
            Ok(_) => {
                desk.notice = Some(format!(
                    "Report written: {}",
                    dir.join("report.html").display()
                ));
            }
            Err(e) => {
                desk.warning = Some(format!(
                    "Cannot write the report into {}: {e}",
                    dir.display()
                ));
            }
        }
    }

    /// Rebuilds the game as it stood at the end of `turn` from the scenario and everything
    /// given since (checked turn by turn against the recorded state hashes) and plays on from
    /// there, with fresh desks. The game so far stays in its autosaves. Whether it could; why
    /// not shows on the desk.
    pub fn branch(&mut self, turn: u32) -> bool {
        let rebuilt = save::encode(&self.sim, &self.scenario)
            .map_err(|e| e.to_string())
            .and_then(|bytes| save::decode(&bytes, "this game").map_err(|e| e.to_string()))
            .and_then(|loaded| {
                save::rebuild(&loaded, turn, |_| {})
                    .map_err(|r| format!("the game could not be rebuilt: {r:?}"))
            });
        match rebuilt {
            Ok(sim) => {
                // The seats people held at that month (a facilitator may have changed them
                // since), taking the screen in the order they did.
                let now = people_now(&sim);
                let mut seats: Vec<NationIdx> = self
                    .seats
                    .iter()
                    .copied()
                    .filter(|s| now.contains(s))
                    .collect();
                let joined: Vec<NationIdx> = now
                    .iter()
                    .copied()
                    .filter(|s| !self.seats.contains(s))
                    .collect();
                seats.extend(joined);
                if seats.is_empty() {
                    seats = self.seats.clone();
                }
                let mut s =
                    Session::around(sim, self.scenario.clone(), seats, self.saves_dir.clone());
                s.facilitation = self.facilitation.take().map(|mut f| {
                    f.pending.clear();
                    f
                });
                *self = s;
                true
            }
            Err(e) => {
                self.desk_mut().warning = Some(format!("Cannot play on from that month: {e}"));
                false
            }
        }
    }

    /// Saves the game under `name` in the saves folder (or at `name` if it is a path).
    /// Orders queued this month are not in it: they are given when the turn ends.
    pub fn save_as(&self, name: &str) -> Result<PathBuf, String> {
        let path = save::target(name, self.saves_dir.as_deref())?;
        save::save(&self.sim, &self.scenario, &path).map_err(|e| e.to_string())?;
        Ok(path)
    }

    /// A summit waits for the move of the seat at the screen.
    pub fn summit_waiting(&self) -> bool {
        self.summit_waits_for(self.player)
    }

    /// A summit waits for `seat`'s move.
    fn summit_waits_for(&self, seat: NationIdx) -> bool {
        self.sim
            .open_summits()
            .iter()
            .any(|s| s.parties.iter().position(|&p| p == seat) == s.protocol.to_move())
    }

    /// The team at the screen ends its month. With several teams the computer goes to the
    /// next one that has not ended its month or whose move a summit waits for; when there is
    /// none, the month resolves.
    pub fn end_turn(&mut self) -> EndOfTurn {
        if self.over() || self.summit_waiting() || self.handover.is_some() || self.paused() {
            return EndOfTurn::Refused;
        }
        if !self.ended.contains(&self.player) {
            self.ended.push(self.player);
        }
        let at = self
            .seats
            .iter()
            .position(|&s| s == self.player)
            .unwrap_or(0);
        let n = self.seats.len();
        let next = (1..n)
            .map(|k| self.seats[(at + k) % n])
            .find(|&s| !self.ended.contains(&s) || self.summit_waits_for(s));
        match next {
            Some(seat) => {
                self.hand_to(seat);
                EndOfTurn::Handed(seat)
            }
            None => {
                self.resolve_month();
                EndOfTurn::Resolved
            }
        }
    }

    /// Every team has ended the month: their orders are given, in seat order, and the month
    /// resolves; then it autosaves and the first team takes the screen.
    fn resolve_month(&mut self) {
        for seat in self.seats.clone() {
            let desk = self.desks.entry(seat).or_default();
            for order in std::mem::take(&mut desk.queue) {
                self.sim.order(seat, order, OrderSource::Player);
            }
        }
        self.ended.clear();
        if let Some(f) = self.facilitation.as_mut() {
            for i in std::mem::take(&mut f.pending) {
                self.sim.intervene(i);
            }
            f.used = Duration::ZERO;
            f.move_used = Duration::ZERO;
        }
        self.sim.step();
        let turn = self.sim.turn();
        if let Some(dir) = &self.saves_dir {
            // A summit waiting for the player's move is not saved; the next turn's is.
            match save::save(&self.sim, &self.scenario, &save::autosave_path(dir, turn)) {
                Ok(()) | Err(save::SaveError::SummitOpen) => {}
                Err(e) => self.desk_mut().warning = Some(format!("Autosave failed: {e}")),
            }
        }
        if self.hot_seat() && !self.over() {
            self.hand_to(self.seats[0]);
        }
    }
}
