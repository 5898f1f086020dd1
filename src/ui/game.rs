//! The game behind the window: the sim, the scenario it runs, the seats people play, the map
//! and what the team at the screen is looking at. Intents from the panels are applied here,
//! through the sim's own calls (the same ones headless runs and replays use).
//!
//! Hot-seat: several teams can play on one computer. Each seat has a [`Desk`], everything
//! that team is doing this month that no other team may see (orders not yet given, summit
//! drafts, what it is looking at, its messages); only the desk of the team at the screen is
//! out. Ending the month hands the computer to the next team that has something to do, behind
//! a hand-over screen that shows nothing of either desk; the month resolves when every team
//! has ended it and no summit waits for a person.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::ai::{AiSettings, Difficulty};
use crate::save;
use crate::scenario::schema::{Scenario, Seat};
use crate::sim::Sim;
use crate::sim::catalog::NationIdx;

use super::facilitator::{Facilitator, FacilitatorIntent};
use super::map::WorldMap;
use super::panels::{Intent, Tab};
use crate::sim::orders::{Order, OrderSource};

/// What one team is doing this month, private to it: only the desk of the team at the screen
/// is shown; the others wait in [`Game::desks`].
#[derive(Debug, Clone, PartialEq)]
pub struct Desk {
    /// Orders given this month, sent to the sim when the month resolves.
    pub queue: Vec<Order>,
    /// The package the team is putting together in each open summit, by summit id.
    pub drafts: BTreeMap<String, Vec<usize>>,
    /// The nation the per-partner levers aim at.
    pub partner: NationIdx,
    pub tab: Tab,
    /// The nation whose dashboard is shown.
    pub selected: NationIdx,
    /// The step of the first-game guide the team is at.
    pub guide_step: usize,
    /// The last problem to show the team (a refused move, a failed autosave).
    pub warning: Option<String>,
    /// The last thing done that the team should know of (where a report went, say).
    pub notice: Option<String>,
}

impl Desk {
    /// A fresh desk for `me`: its own dashboard, the news, and the levers aimed at the nation
    /// it is most at odds with.
    fn new(scenario: &Scenario, me: NationIdx) -> Desk {
        let partner = scenario.nations[me]
            .relations
            .iter()
            .filter_map(|r| {
                let i = scenario.nations.iter().position(|n| n.id == r.with)?;
                (i != me).then_some((i, r.tension))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map_or(if me == 0 { 1 } else { 0 }, |(i, _)| i);
        Desk {
            queue: Vec::new(),
            drafts: BTreeMap::new(),
            partner,
            tab: Tab::News,
            selected: me,
            guide_step: 0,
            warning: None,
            notice: None,
        }
    }
}

/// A game in progress.
pub struct Game {
    pub sim: Sim,
    /// The scenario as played (the nations people play hold its human seats).
    pub scenario: Scenario,
    /// The nations people play on this computer, in the order they take the screen.
    pub seats: Vec<NationIdx>,
    /// The seat at the screen (one of `seats`).
    pub player: NationIdx,
    /// The desk of the seat at the screen.
    pub desk: Desk,
    /// The desks of the other seats.
    pub desks: BTreeMap<NationIdx, Desk>,
    /// The seats that have ended this month.
    pub ended: Vec<NationIdx>,
    /// The computer is being handed to this seat: until its team confirms, the screen shows
    /// nothing but the hand-over.
    pub handover: Option<NationIdx>,
    pub map: WorldMap,
    /// Where autosaves go (none when the system has no data folder).
    pub saves_dir: Option<PathBuf>,
    /// The good charted in the market tab.
    pub market_good: usize,
    /// The player ended the game before the scenario's last month.
    pub finished: bool,
    /// The month picked on the debrief's timeline, and whether its moments show the
    /// player's only.
    pub pick: u32,
    pub mine_only: bool,
    /// The facilitator's controls, in facilitator mode.
    pub facilitator: Option<Facilitator>,
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

impl Game {
    /// A new game: people play the nations in `seats` (taking the screen in that order); the
    /// AI plays every other nation at `difficulty`.
    pub fn new(
        mut scenario: Scenario,
        seats: &[NationIdx],
        seed: u64,
        difficulty: Difficulty,
        saves_dir: Option<PathBuf>,
    ) -> Result<Game, String> {
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
        Ok(Game::around(sim, scenario, seats.to_vec(), saves_dir))
    }

    /// Continues a saved game: people take the seats people hold (the scenario's human seats,
    /// as a facilitator may have changed them).
    pub fn from_save(loaded: save::Loaded, saves_dir: Option<PathBuf>) -> Result<Game, String> {
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
        Ok(Game::around(loaded.sim, loaded.scenario, people, saves_dir))
    }

    fn around(
        sim: Sim,
        scenario: Scenario,
        mut seats: Vec<NationIdx>,
        saves_dir: Option<PathBuf>,
    ) -> Game {
        seats.dedup();
        let player = seats[0];
        let map = WorldMap::build(&scenario);
        // The good the market tab and the map's arrows show first: the last one listed whose
        // exports to the player some nation controls (goods are usually listed from ore to
        // end product, so this is what the player's industry feels), else the first good.
        let market_good = {
            let goods = sim.catalog().goods.len();
            let world = sim.world();
            let mut q = crate::sim::read::<(
                &crate::sim::nation::Nation,
                &crate::sim::orders::Policies,
            )>(world);
            let mut controlled = |g: usize| {
                q.iter(world)
                    .any(|(n, p)| n.idx != player && p.regime(g, player).openness() < 1.0)
            };
            (0..goods).rev().find(|&g| controlled(g)).unwrap_or(0)
        };
        let desk = Desk::new(&scenario, player);
        let desks = seats[1..]
            .iter()
            .map(|&s| (s, Desk::new(&scenario, s)))
            .collect();
        // Several teams: the first takes the screen behind the hand-over too, so whoever
        // starts the game does not see the first team's desk.
        let handover = (seats.len() > 1).then_some(player);
        Game {
            sim,
            scenario,
            seats,
            player,
            desk,
            desks,
            ended: Vec::new(),
            handover,
            map,
            saves_dir,
            market_good,
            finished: false,
            pick: 1,
            mine_only: false,
            facilitator: None,
        }
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

    /// Puts the desk at the screen away and brings out `seat`'s.
    fn sit(&mut self, seat: NationIdx) {
        if seat == self.player {
            return;
        }
        let next = self
            .desks
            .remove(&seat)
            .unwrap_or_else(|| Desk::new(&self.scenario, seat));
        let away = std::mem::replace(&mut self.desk, next);
        self.desks.insert(self.player, away);
        self.player = seat;
    }

    /// Hands the computer to `seat`: its desk comes out, but the screen shows only the
    /// hand-over until its team confirms.
    fn hand_to(&mut self, seat: NationIdx) {
        self.sit(seat);
        self.handover = Some(seat);
    }

    /// Orders queued on every desk (the team at the screen's and the others').
    pub fn queued(&self) -> usize {
        self.desk.queue.len() + self.desks.values().map(|d| d.queue.len()).sum::<usize>()
    }

    /// The game has reached the end of its scenario, or the player ended it: the debrief
    /// shows.
    pub fn over(&self) -> bool {
        self.finished || self.sim.turn() >= self.scenario.turns
    }

    /// Carries out what the player asked for.
    pub fn apply(&mut self, intent: Intent) {
        match intent {
            Intent::EndTurn => self.end_turn(),
            Intent::Select(n) => {
                if n < self.scenario.nations.len() {
                    self.desk.selected = n;
                }
            }
            Intent::Order(order) => {
                // A later change to the same lever replaces the earlier one this month.
                self.desk.queue.retain(|q| !same_lever(q, &order));
                self.desk.queue.push(order);
            }
            Intent::Unqueue(k) => {
                if k < self.desk.queue.len() {
                    self.desk.queue.remove(k);
                }
            }
            Intent::Partner(n) => {
                if n < self.scenario.nations.len() && n != self.player {
                    self.desk.partner = n;
                }
            }
            Intent::Tab(t) => self.desk.tab = t,
            Intent::TakeSeat => {
                self.handover = None;
                if let Some(f) = self.facilitator.as_mut() {
                    f.used = std::time::Duration::ZERO;
                    f.move_used = std::time::Duration::ZERO;
                }
            }
            Intent::Facilitate(f) => self.facilitate(f),
            Intent::ViewAs(n) => {
                // The debrief is for everyone; during play a desk changes hands only through
                // the hand-over.
                if self.over() && self.seats.contains(&n) {
                    self.sit(n);
                    self.handover = None;
                }
            }
            Intent::MarketGood(g) => {
                if g < self.sim.catalog().goods.len() {
                    self.market_good = g;
                }
            }
            Intent::Finish => {
                self.finished = true;
                self.handover = None;
                self.pick = self.sim.turn().max(1);
            }
            Intent::Branch(turn) => self.branch(turn),
            Intent::WriteReport => self.write_report(),
            // Leaving the game is the window's business (see `Screens::apply_game`).
            Intent::ToTitle | Intent::Quit | Intent::Menu => {}
            Intent::Summit { summit, action } => {
                if self.paused() {
                    return;
                }
                if let Err(e) = self.sim.summit_move(summit, self.player, action) {
                    self.desk.warning = Some(format!("That move is not possible: {e}"));
                }
                if let Some(f) = self.facilitator.as_mut() {
                    f.move_used = std::time::Duration::ZERO;
                }
                if self.sim.open_summits().is_empty() {
                    self.desk.drafts.clear();
                    for d in self.desks.values_mut() {
                        d.drafts.clear();
                    }
                }
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

    /// Writes the debrief report (the files `chokepoint report` writes from a save).
    fn write_report(&mut self) {
        let dir = self.report_dir();
        let seed = self.sim.seed();
        match crate::reports::page::write(&dir, &self.sim, &self.scenario, seed, &self.seats) {
            Ok(_) => {
                self.desk.notice = Some(format!(
                    "Report written: {}",
                    dir.join("report.html").display()
                ));
            }
            Err(e) => {
                self.desk.warning = Some(format!(
                    "Cannot write the report into {}: {e}",
                    dir.display()
                ));
            }
        }
    }

    /// Rebuilds the game as it stood at the end of `turn` from the scenario and everything
    /// given since (checked turn by turn against the recorded state hashes) and plays on from
    /// there. The game so far stays in its autosaves.
    fn branch(&mut self, turn: u32) {
        let rebuilt = save::encode(&mut self.sim, &self.scenario)
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
                let mut g = Game::around(sim, self.scenario.clone(), seats, self.saves_dir.clone());
                g.market_good = self.market_good;
                g.facilitator = self.facilitator.take().map(|mut f| {
                    f.pending.clear();
                    f
                });
                *self = g;
            }
            Err(e) => self.desk.warning = Some(format!("Cannot play on from that month: {e}")),
        }
    }

    /// Saves the game under `name` in the saves folder (or at `name` if it is a path).
    /// Orders queued this month are not in it: they are given when the turn ends.
    pub fn save_as(&mut self, name: &str) -> Result<PathBuf, String> {
        let path = save::target(name, self.saves_dir.as_deref())?;
        save::save(&mut self.sim, &self.scenario, &path).map_err(|e| e.to_string())?;
        Ok(path)
    }

    /// The facilitator holds the game: paused, or the projector view is up.
    pub fn paused(&self) -> bool {
        self.facilitator
            .as_ref()
            .is_some_and(|f| f.paused || f.projector)
    }

    /// The facilitator's controls go away; pending seat changes are undone at the computer
    /// and, with the pending injections, never given.
    pub fn stop_facilitating(&mut self) {
        let Some(f) = self.facilitator.take() else {
            return;
        };
        for i in f.pending.into_iter().rev() {
            if let crate::sim::facilitator::Intervention::Seat { nation, seat } = i {
                self.change_seat(nation, seat == Seat::Ai);
            }
        }
    }

    /// Carries out a facilitator's control.
    fn facilitate(&mut self, intent: FacilitatorIntent) {
        let Some(mut f) = self.facilitator.take() else {
            return;
        };
        f.note = None;
        match intent {
            FacilitatorIntent::Pause(p) => f.paused = p,
            FacilitatorIntent::TurnLimit(l) => f.turn_limit = l,
            FacilitatorIntent::MoveLimit(l) => f.move_limit = l,
            FacilitatorIntent::RevealAi(r) => f.reveal_ai = r,
            FacilitatorIntent::Projector(p) => f.projector = p,
            FacilitatorIntent::Open(o) => f.open = o,
            FacilitatorIntent::Withdraw(k) => {
                if k < f.pending.len() {
                    let taken = f.pending.remove(k);
                    if let crate::sim::facilitator::Intervention::Seat { nation, seat } = taken {
                        // Undo the seat change at the computer too.
                        self.facilitator = Some(f);
                        self.change_seat(nation, seat == Seat::Ai);
                        return;
                    }
                }
            }
            FacilitatorIntent::InjectEvent(e) => match self.sim.catalog().events.get(e) {
                Some(ev) => f
                    .pending
                    .push(crate::sim::facilitator::Intervention::Inject {
                        event: Some(ev.id.clone()),
                        headline: ev.headline.clone(),
                        effects: ev.effects.clone(),
                    }),
                None => f.note = Some("pick an event".into()),
            },
            FacilitatorIntent::InjectDraft => match f.draft.intervention(&self.sim) {
                Ok(i) => {
                    f.pending.push(i);
                    f.draft.headline.clear();
                }
                Err(e) => f.note = Some(e),
            },
            FacilitatorIntent::HandToAi(n, to_ai) => {
                self.facilitator = Some(f);
                if let Err(e) = self.hand_seat(n, to_ai)
                    && let Some(f) = self.facilitator.as_mut()
                {
                    f.note = Some(e);
                }
                return;
            }
        }
        self.facilitator = Some(f);
    }

    /// The facilitator hands `n` to the AI (or back to people) from the next month: the
    /// change is pending until the month resolves; at the computer the seat leaves (or joins)
    /// the teams taking turns at once.
    fn hand_seat(&mut self, n: NationIdx, to_ai: bool) -> Result<(), String> {
        use crate::sim::facilitator::Intervention;
        let name = self
            .scenario
            .nations
            .get(n)
            .map(|x| x.name.clone())
            .ok_or("no such nation")?;
        if to_ai != self.seats.contains(&n) {
            return Err(format!(
                "{name} is already played by {}",
                if to_ai { "the AI" } else { "people" }
            ));
        }
        if to_ai && self.seats.len() == 1 {
            return Err(format!(
                "{name} is the last team at the computer; end the game from the menu instead"
            ));
        }
        if to_ai
            && let Some(s) = self
                .sim
                .open_summits()
                .iter()
                .find(|s| s.parties.contains(&n))
        {
            return Err(format!(
                "{name} is at the table in {}; hand the seat over when that summit is over",
                s.name
            ));
        }
        let f = self.facilitator.as_mut().ok_or("not in facilitator mode")?;
        // Handing back a change not yet given just withdraws it.
        let undo = f
            .pending
            .iter()
            .position(|i| matches!(i, Intervention::Seat { nation, .. } if *nation == n));
        match undo {
            Some(k) => {
                f.pending.remove(k);
            }
            None => f.pending.push(Intervention::Seat {
                nation: n,
                seat: if to_ai { Seat::Ai } else { Seat::Human },
            }),
        }
        self.change_seat(n, !to_ai);
        Ok(())
    }

    /// At the computer: `n` joins the teams taking turns (`people`) or leaves them.
    fn change_seat(&mut self, n: NationIdx, people: bool) {
        if people {
            if !self.seats.contains(&n) {
                self.seats.push(n);
                self.desks.insert(n, Desk::new(&self.scenario, n));
            }
            return;
        }
        if !self.seats.contains(&n) || self.seats.len() == 1 {
            return;
        }
        if self.player == n {
            let at = self.seats.iter().position(|&s| s == n).unwrap_or(0);
            let next = self.seats[(at + 1) % self.seats.len()];
            self.hand_to(next);
        }
        self.seats.retain(|&s| s != n);
        self.desks.remove(&n);
        self.ended.retain(|&s| s != n);
    }

    /// Time passes for the team at the screen (facilitator mode with time limits): when its
    /// summit move's time is up, the package on its screen is proposed (or, on its last move,
    /// it walks away); when its month's time is up, its turn ends. Returns what was done, if
    /// anything.
    pub fn tick(&mut self, elapsed: std::time::Duration) -> Option<Intent> {
        let f = self.facilitator.as_mut()?;
        if f.paused || f.projector || self.handover.is_some() || self.finished {
            return None;
        }
        f.used += elapsed;
        f.move_used += elapsed;
        let (turn_left, move_left) = f.left();
        let up = |l: Option<std::time::Duration>| l.is_some_and(|d| d.is_zero());
        let intent = if self.summit_waiting() {
            if !(up(move_left) || up(turn_left)) {
                return None;
            }
            let v = super::view::summits(&self.sim, self.player)
                .into_iter()
                .next()?;
            let action =
                if v.my_moves_left > 1 {
                    let draft = self.desk.drafts.get(&v.id).cloned();
                    crate::negotiation::protocol::Move::Propose(draft.unwrap_or_else(|| {
                        v.table.clone().unwrap_or_else(|| vec![0; v.issues.len()])
                    }))
                } else {
                    crate::negotiation::protocol::Move::WalkAway
                };
            Intent::Summit {
                summit: v.index,
                action,
            }
        } else if up(turn_left) && !self.over() {
            Intent::EndTurn
        } else {
            return None;
        };
        self.apply(intent.clone());
        Some(intent)
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
    fn end_turn(&mut self) {
        if self.over() || self.summit_waiting() || self.handover.is_some() || self.paused() {
            return;
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
            Some(seat) => self.hand_to(seat),
            None => self.resolve_month(),
        }
    }

    /// Every team has ended the month: their orders are given, in seat order, and the month
    /// resolves; then it autosaves and the first team takes the screen.
    fn resolve_month(&mut self) {
        if self.sim.turn() + 1 >= self.scenario.turns {
            // The last month: the debrief opens at the month just played.
            self.pick = self.scenario.turns;
        }
        for seat in self.seats.clone() {
            let desk = if seat == self.player {
                &mut self.desk
            } else {
                self.desks
                    .entry(seat)
                    .or_insert_with(|| Desk::new(&self.scenario, seat))
            };
            for order in std::mem::take(&mut desk.queue) {
                self.sim.order(seat, order, OrderSource::Player);
            }
        }
        self.ended.clear();
        if let Some(f) = self.facilitator.as_mut() {
            for i in std::mem::take(&mut f.pending) {
                self.sim.intervene(i);
            }
            f.used = std::time::Duration::ZERO;
            f.move_used = std::time::Duration::ZERO;
        }
        self.sim.step();
        let turn = self.sim.turn();
        if let Some(dir) = &self.saves_dir {
            // A summit waiting for the player's move is not saved; the next turn's is.
            match save::save(
                &mut self.sim,
                &self.scenario,
                &save::autosave_path(dir, turn),
            ) {
                Ok(()) | Err(save::SaveError::SummitOpen) => {}
                Err(e) => self.desk.warning = Some(format!("Autosave failed: {e}")),
            }
        }
        if self.hot_seat() && !self.over() {
            self.hand_to(self.seats[0]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::negotiation::protocol::Move;
    use crate::scenario::default_scenario;
    use crate::ui::view;

    /// The UI's own code path, without a window: end a turn, meet China at the summit the
    /// scenario opens, answer through the summit intents until it ends, and play on.
    #[test]
    fn a_summit_is_played_through_the_intents_the_screen_sends() {
        let s = default_scenario().unwrap();
        let us = s.nations.iter().position(|n| n.id == "US").unwrap();
        let mut g = Game::new(s, &[us], 1, Difficulty::Normal, None).unwrap();
        assert!(view::summits(&g.sim, us).is_empty());
        g.apply(Intent::EndTurn);
        let talks = view::summits(&g.sim, us);
        assert_eq!(talks.len(), 1, "the Busan summit waits for the US");
        let v = &talks[0];
        assert_eq!(v.parties, vec!["United States", "China"]);
        let options: usize = v.issues.iter().map(|i| i.options.len()).product();
        assert_eq!(v.worth.len(), options);
        // The turn cannot end while the summit waits.
        g.apply(Intent::EndTurn);
        assert_eq!(g.sim.turn(), 1);
        // Propose the package best for us, then take whatever is on the table.
        let best = (0..options)
            .max_by(|&a, &b| v.worth[a].total_cmp(&v.worth[b]))
            .unwrap();
        let package = v.package(best);
        assert_eq!(v.package_index(&package), best);
        g.apply(Intent::Summit {
            summit: v.index,
            action: Move::Propose(package),
        });
        for _ in 0..10 {
            let Some(v) = view::summits(&g.sim, us).into_iter().next() else {
                break;
            };
            let action = if v.table.is_some() {
                Move::Accept
            } else {
                Move::WalkAway
            };
            g.apply(Intent::Summit {
                summit: v.index,
                action,
            });
        }
        assert!(g.sim.open_summits().is_empty());
        assert!(g.desk.warning.is_none(), "{:?}", g.desk.warning);
        let record = &g.sim.report().summits[0];
        assert!(
            record
                .transcript
                .iter()
                .any(|t| t.reason == "a player's move")
        );
        // The game goes on.
        g.apply(Intent::EndTurn);
        assert_eq!(g.sim.turn(), 2);
    }

    /// Orders from the policy panel wait for the end of the month, a later change to the same
    /// lever replaces an earlier one, and they reach the sim as the player's.
    #[test]
    fn queued_orders_are_given_when_the_turn_ends() {
        let s = default_scenario().unwrap();
        let jp = s.nations.iter().position(|n| n.id == "JP").unwrap();
        let mut g = Game::new(s, &[jp], 3, Difficulty::Passive, None).unwrap();
        let magnet = g.sim.catalog().good_index("magnet").unwrap();
        for months in [Some(2.0), Some(6.0)] {
            g.apply(Intent::Order(Order::SetReserveTarget {
                good: magnet,
                months,
            }));
        }
        g.apply(Intent::Order(Order::SetStockCover(3.0)));
        assert_eq!(g.desk.queue.len(), 2);
        g.apply(Intent::Unqueue(1));
        assert_eq!(g.desk.queue.len(), 1);
        g.apply(Intent::EndTurn);
        assert!(g.desk.queue.is_empty());
        let given: Vec<_> = g
            .sim
            .report()
            .orders
            .iter()
            .filter(|o| o.source == OrderSource::Player)
            .collect();
        assert_eq!(given.len(), 1, "{given:?}");
        assert_eq!(given[0].actor, jp);
        assert!(given[0].order.contains("6"), "{}", given[0].order);
        let view = view::policies(&mut g.sim, jp, g.desk.partner, &g.desk.queue);
        assert_eq!(view.goods[magnet].reserve_target, Some(6.0));
        // The player's orders are inputs: the save records them for replays.
        assert_eq!(
            g.sim
                .world()
                .resource::<crate::sim::orders::Inputs>()
                .orders
                .len(),
            1
        );
    }

    /// A game saved by the window comes back from the title screen with the player in the
    /// same seat; a headless save is refused with what to do instead.
    #[test]
    fn a_saved_game_continues_from_the_title_screen() {
        let dir = tempfile::tempdir().unwrap();
        let s = default_scenario().unwrap();
        let eu = s.nations.iter().position(|n| n.id == "EU").unwrap();
        let mut g = Game::new(
            s.clone(),
            &[eu],
            4,
            Difficulty::Easy,
            Some(dir.path().into()),
        )
        .unwrap();
        for _ in 0..3 {
            g.apply(Intent::EndTurn);
        }
        let turn = g.sim.turn();
        assert!(turn >= 2);
        let saves = crate::ui::title::saves_in(dir.path());
        assert!(!saves.is_empty());
        let newest = &saves[0];
        assert_eq!(newest.header.turn, turn);
        let mut screens = crate::ui::Screens::new(
            crate::ui::title::Title::new(vec![s.clone()], Some(dir.path().into())),
            None,
        );
        screens.apply(crate::ui::title::TitleIntent::Load(newest.path.clone()));
        let back = screens.game.as_mut().expect("loaded");
        assert_eq!(back.player, eu);
        assert_eq!(back.sim.turn(), turn);
        assert_eq!(back.sim.state_hash(), g.sim.state_hash());

        let mut headless = Sim::new(&s, 1).unwrap();
        headless.step();
        let path = dir.path().join("headless.chokepoint");
        save::save(&mut headless, &s, &path).unwrap();
        screens.game = None;
        screens.apply(crate::ui::title::TitleIntent::Load(path));
        assert!(screens.game.is_none());
        let e = screens.title.error.clone().unwrap();
        assert!(e.contains("chokepoint run --from"), "{e}");
    }

    /// Plays a person's side of any summit by a simple rule: take what is on the table, else
    /// propose what the advisers value most for us.
    fn answer_summits(g: &mut Game) {
        while let Some(v) = view::summits(&g.sim, g.player).into_iter().next() {
            let action = if v.table.is_some() {
                Move::Accept
            } else if v.my_moves_left > 1 {
                let best = (0..v.worth.len())
                    .max_by(|&a, &b| v.worth[a].total_cmp(&v.worth[b]))
                    .unwrap_or(0);
                Move::Propose(v.package(best))
            } else {
                Move::WalkAway
            };
            g.apply(Intent::Summit {
                summit: v.index,
                action,
            });
        }
    }

    /// A whole game to the end: the debrief reads it all, and a branch from any month
    /// rebuilds the game exactly as it stood then and plays on.
    #[test]
    fn the_debrief_covers_the_whole_game_and_a_branch_plays_on_from_any_month() {
        use crate::ui::debrief::{self, MomentKind};
        let s = default_scenario().unwrap();
        let us = s.nations.iter().position(|n| n.id == "US").unwrap();
        let mut g = Game::new(s, &[us], 3, Difficulty::Passive, None).unwrap();
        while !g.over() {
            answer_summits(&mut g);
            g.apply(Intent::EndTurn);
        }
        answer_summits(&mut g);
        let turns = g.scenario.turns;
        assert_eq!(g.sim.turn(), turns);
        assert_eq!(g.pick, turns, "the timeline opens at the last month");
        let d = debrief::debrief(&g.sim, us, turns);
        assert_eq!(d.played, turns);
        assert_eq!(d.dates.len(), turns as usize);
        assert_eq!(d.standings.len(), 6);
        assert!(
            d.standings
                .windows(2)
                .all(|w| w[0].mean_score >= w[1].mean_score)
        );
        assert!(d.standings[d.rank - 1].mine);
        let bar = view::top_bar(&g.sim, us, turns);
        assert_eq!(bar.rank, d.rank);
        assert!(d.scores.iter().all(|(_, p)| p.len() == turns as usize));
        assert_eq!(d.shortage.len(), turns as usize);
        assert!(d.moments.windows(2).all(|w| w[0].turn <= w[1].turn));
        for kind in [MomentKind::Control, MomentKind::Summit] {
            assert!(d.moments.iter().any(|m| m.kind == kind), "{kind:?}");
        }
        // Every summit the US sat in is graded, with what the deal was worth to it.
        let mine = g
            .sim
            .report()
            .summits
            .iter()
            .filter(|s| s.parties.iter().any(|p| p == "US"))
            .count();
        assert!(mine > 0);
        assert_eq!(d.deals.len(), mine);
        assert!(
            d.deals
                .iter()
                .any(|x| x.outcome == "agreed" && x.my_gain.is_some())
        );

        // The debrief's "Write report" writes the page and its files into the reports folder.
        let dir = tempfile::tempdir().unwrap();
        g.saves_dir = Some(dir.path().to_path_buf());
        g.apply(Intent::WriteReport);
        assert!(g.desk.warning.is_none(), "{:?}", g.desk.warning);
        let written = dir
            .path()
            .join(format!("reports/standoff-2025-month-{turns}"));
        let notice = g.desk.notice.clone().unwrap();
        assert!(notice.ends_with("report.html"), "{notice}");
        let page = std::fs::read_to_string(written.join("report.html")).unwrap();
        assert!(page.contains("People played United States; the AI played the rest."));
        for s in &g.sim.report().summits {
            assert!(
                page.contains(&crate::reports::html::escape(&s.name)),
                "{}",
                s.name
            );
        }
        let orders = std::fs::read_to_string(written.join("orders.csv")).unwrap();
        assert_eq!(orders.lines().count(), 1 + g.sim.report().orders.len());

        let saved = g.sim.report().hashes[11].clone();
        assert_eq!(saved.turn, 12);
        g.apply(Intent::Branch(12));
        assert!(g.desk.warning.is_none(), "{:?}", g.desk.warning);
        assert_eq!(g.sim.turn(), 12);
        assert!(!g.over());
        assert_eq!(g.sim.state_hash(), saved.state_hash);
        assert_eq!(g.sim.report().hashes.len(), 12);
        answer_summits(&mut g);
        g.apply(Intent::EndTurn);
        assert_eq!(g.sim.turn(), 13);
    }

    /// The dashboard's capacity lines count the same plants the map's tags do.
    #[test]
    fn the_dashboard_counts_the_nations_plants() {
        let s = default_scenario().unwrap();
        let us = s.nations.iter().position(|n| n.id == "US").unwrap();
        let mut g = Game::new(s, &[us], 1, Difficulty::Passive, None).unwrap();
        g.sim.step();
        let d = view::dashboard(&g.sim, us);
        let o = crate::ui::overlay::overlay(&g.sim, 0);
        let tags: Vec<_> = o.sites.iter().filter(|x| x.nation == us).collect();
        assert!(!d.capacity.is_empty());
        assert_eq!(d.capacity.len(), tags.len());
        for (c, t) in d.capacity.iter().zip(tags) {
            assert_eq!(c.process, t.process);
            assert_eq!(c.running, t.operating);
            assert_eq!(c.building, t.building);
            assert!(c.running == 0 || c.capacity > 0.0);
        }
        // The plants being built are the projects listed under them.
        let building: usize = d.capacity.iter().map(|c| c.building).sum();
        assert_eq!(building, d.projects.len());
    }

    /// Cover is shown for the goods a nation uses; a good it has no use for (Japan refines no
    /// ore) shows none rather than an alarming "0.0 mo".
    #[test]
    fn the_dashboard_shows_cover_only_for_goods_in_use() {
        let s = default_scenario().unwrap();
        let jp = s.nations.iter().position(|n| n.id == "JP").unwrap();
        let mut g = Game::new(s, &[jp], 1, Difficulty::Passive, None).unwrap();
        g.sim.step();
        let d = view::dashboard(&g.sim, jp);
        let line = |id: &str| {
            let name = &g.sim.catalog().goods[g.sim.catalog().good_index(id).unwrap()].name;
            d.stocks.iter().find(|s| &s.good == name).unwrap().clone()
        };
        assert_eq!(line("conc").cover_months, None);
        assert!(line("ndpr").cover_months.is_some_and(|m| m > 0.0));
    }
}
