//! Facilitator mode: a teacher's hold over a classroom game. Pause; the projector view (which
//! shows nothing of any team's desk); time limits per team's turn at the screen and per summit
//! move; showing or hiding the AI's reasoning; injections and seat changes.
//!
//! Injections and seat changes are sim inputs ([`Intervention`]): pending here until the month
//! resolves, then given to the sim, which applies them through the effect and order path,
//! records them in the save and logs them for the report. A seat change takes effect at the
//! computer at once: the seat joins or leaves the teams taking turns.

use std::time::Duration;

use super::{Session, Timed};
use crate::negotiation::protocol::Move;
use crate::scenario::schema::Seat;
use crate::sim::catalog::NationIdx;
use crate::sim::facilitator::Intervention;

/// Choices for the time limits, in seconds (none = no limit).
pub const TURN_LIMITS: [Option<u64>; 5] = [None, Some(120), Some(180), Some(300), Some(600)];
pub const MOVE_LIMITS: [Option<u64>; 4] = [None, Some(60), Some(120), Some(180)];

/// "m:ss".
pub fn clock(d: Duration) -> String {
    let s = d.as_secs();
    format!("{}:{:02}", s / 60, s % 60)
}

/// What the facilitator has set, and what waits for the month to resolve.
#[derive(Debug, Clone, PartialEq)]
pub struct Facilitation {
    /// The game is paused: teams see a pause screen, no turn ends, the clocks stop.
    pub paused: bool,
    /// Seconds a team has at the screen each month before its turn ends by itself.
    pub turn_limit: Option<u64>,
    /// Seconds a team has for a summit move before the package on its screen is proposed.
    pub move_limit: Option<u64>,
    /// The AI's reasoning shows: in summit transcripts and, for the facilitator, the moves
    /// the AI weighed last month.
    pub reveal_ai: bool,
    /// The projector view is up instead of the team's desk.
    pub projector: bool,
    /// Injections and seat changes, given when the month resolves.
    pub(super) pending: Vec<Intervention>,
    /// Time the team at the screen has used this month, and on its current summit move.
    pub(super) used: Duration,
    pub(super) move_used: Duration,
}

impl Default for Facilitation {
    fn default() -> Facilitation {
        Facilitation {
            paused: false,
            turn_limit: None,
            move_limit: None,
            reveal_ai: true,
            projector: false,
            pending: Vec::new(),
            used: Duration::ZERO,
            move_used: Duration::ZERO,
        }
    }
}

impl Facilitation {
    /// Time left of the turn and of the summit move, when limited.
    pub fn left(&self) -> (Option<Duration>, Option<Duration>) {
        let left = |limit: Option<u64>, used: Duration| {
            limit.map(|l| Duration::from_secs(l).saturating_sub(used))
        };
        (
            left(self.turn_limit, self.used),
            left(self.move_limit, self.move_used),
        )
    }

    /// The injections and seat changes given when the month resolves, in order.
    pub fn pending(&self) -> &[Intervention] {
        &self.pending
    }
}

impl Session {
    /// The facilitator's hold, in facilitator mode.
    pub fn facilitation(&self) -> Option<&Facilitation> {
        self.facilitation.as_ref()
    }

    /// The facilitator's settings (pause, limits, the projector, the AI's reasoning).
    pub fn facilitation_mut(&mut self) -> Option<&mut Facilitation> {
        self.facilitation.as_mut()
    }

    /// Facilitator mode begins (nothing changes if it is on).
    pub fn start_facilitating(&mut self) {
        self.facilitation.get_or_insert_with(Facilitation::default);
    }

    /// Facilitator mode ends: pending seat changes are undone at the computer and, with the
    /// pending injections, never given.
    pub fn stop_facilitating(&mut self) {
        let Some(f) = self.facilitation.take() else {
            return;
        };
        for i in f.pending.into_iter().rev() {
            if let Intervention::Seat { nation, seat } = i {
                self.change_seat(nation, seat == Seat::Ai);
            }
        }
    }

    /// The facilitator holds the game: paused, or the projector view is up.
    pub fn paused(&self) -> bool {
        self.facilitation
            .as_ref()
            .is_some_and(|f| f.paused || f.projector)
    }

    /// Injects `i` when the month resolves.
    pub fn inject(&mut self, i: Intervention) -> Result<(), String> {
        let f = self
            .facilitation
            .as_mut()
            .ok_or("not in facilitator mode")?;
        f.pending.push(i);
        Ok(())
    }

    /// Injects the scenario's event with index `event` when the month resolves.
    pub fn inject_event(&mut self, event: usize) -> Result<(), String> {
        let ev = self
            .sim
            .catalog()
            .events
            .get(event)
            .ok_or("pick an event")?;
        let i = Intervention::Inject {
            event: Some(ev.id.clone()),
            headline: ev.headline.clone(),
            effects: ev.effects.clone(),
        };
        self.inject(i)
    }

    /// Takes back the `k`th pending intervention; a seat change is undone at the computer too.
    pub fn withdraw(&mut self, k: usize) {
        let Some(f) = self.facilitation.as_mut() else {
            return;
        };
        if k >= f.pending.len() {
            return;
        }
        if let Intervention::Seat { nation, seat } = f.pending.remove(k) {
            self.change_seat(nation, seat == Seat::Ai);
        }
    }

    /// The facilitator hands `n` to the AI (or back to people) from the next month: the
    /// change is pending until the month resolves; at the computer the seat leaves (or joins)
    /// the teams taking turns at once.
    pub fn hand_seat(&mut self, n: NationIdx, to_ai: bool) -> Result<(), String> {
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
        let f = self
            .facilitation
            .as_mut()
            .ok_or("not in facilitator mode")?;
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
                self.desks.insert(n, super::Desk::default());
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
    /// summit move's time is up, the package on its desk is proposed (or, on its last move,
    /// it walks away); when its month's time is up, its turn ends. Returns what was done, if
    /// anything.
    pub fn tick(&mut self, elapsed: Duration) -> Option<Timed> {
        let held = self.handover.is_some() || self.finished;
        let f = self.facilitation.as_mut()?;
        if f.paused || f.projector || held {
            return None;
        }
        f.used += elapsed;
        f.move_used += elapsed;
        let (turn_left, move_left) = f.left();
        let up = |l: Option<Duration>| l.is_some_and(|d| d.is_zero());
        if self.summit_waiting() {
            if !(up(move_left) || up(turn_left)) {
                return None;
            }
            let (summit, action) = self.timed_move()?;
            self.summit_move(summit, action.clone());
            Some(Timed::Summit { summit, action })
        } else if up(turn_left) && !self.over() {
            self.end_turn();
            Some(Timed::EndTurn)
        } else {
            None
        }
    }

    /// The move made for the team at the screen when its time is up, in the first summit
    /// waiting for it: the package on its desk (else the one on the table, else each
    /// issue's first option), or walking away on its last move.
    fn timed_move(&self) -> Option<(usize, Move)> {
        let me = self.player;
        let (index, s, pos) = self
            .sim
            .open_summits()
            .iter()
            .enumerate()
            .find_map(|(i, s)| {
                let pos = s.parties.iter().position(|&p| p == me)?;
                (s.protocol.to_move() == Some(pos)).then_some((i, s, pos))
            })?;
        let action = if !s.protocol.is_last_move_of(pos) {
            let draft = self.desk().drafts.get(&s.id).cloned();
            Move::Propose(draft.unwrap_or_else(|| {
                s.protocol
                    .table()
                    .cloned()
                    .unwrap_or_else(|| vec![0; s.agenda.len()])
            }))
        } else {
            Move::WalkAway
        };
        Some((index, action))
    }
}
