//! The game behind the window: the sim, the scenario it runs, the player's seat, the map and
//! what the player is looking at. Intents from the panels are applied here, through the sim's
//! own calls (the same ones headless runs and replays use).

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::ai::{AiPlugin, AiSettings, Difficulty};
use crate::save;
use crate::scenario::schema::{Scenario, Seat};
use crate::sim::Sim;
use crate::sim::catalog::NationIdx;

use super::map::WorldMap;
use super::panels::Intent;

/// A game in progress.
pub struct Game {
    pub sim: Sim,
    /// The scenario as played (the player's nation holds the human seat).
    pub scenario: Scenario,
    pub player: NationIdx,
    pub map: WorldMap,
    /// The nation whose dashboard is shown.
    pub selected: NationIdx,
    /// Where autosaves go (none when the system has no data folder).
    pub saves_dir: Option<PathBuf>,
    /// The last problem to show the player (a failed autosave, say).
    pub warning: Option<String>,
    /// The package the player is putting together in each open summit, by summit id.
    pub drafts: BTreeMap<String, Vec<usize>>,
}

impl Game {
    /// A new game: the player takes `player`'s seat; the AI plays every other nation at
    /// `difficulty`.
    pub fn new(
        mut scenario: Scenario,
        player: NationIdx,
        seed: u64,
        difficulty: Difficulty,
        saves_dir: Option<PathBuf>,
    ) -> Result<Game, String> {
        for (i, n) in scenario.nations.iter_mut().enumerate() {
            n.seat = if i == player { Seat::Human } else { Seat::Ai };
        }
        let mut sim = Sim::new(&scenario, seed)
            .map_err(|e| format!("the scenario cannot start: {e}"))?
            .with_human_seats();
        sim.add_plugin(AiPlugin);
        sim.world_mut().insert_resource(AiSettings {
            difficulty,
            last_turn: Some(scenario.turns),
            ..AiSettings::default()
        });
        let map = WorldMap::build(&scenario);
        Ok(Game {
            sim,
            scenario,
            player,
            map,
            selected: player,
            saves_dir,
            warning: None,
            drafts: BTreeMap::new(),
        })
    }

    /// The game has reached the end of its scenario.
    pub fn over(&self) -> bool {
        self.sim.turn() >= self.scenario.turns
    }

    /// Carries out what the player asked for.
    pub fn apply(&mut self, intent: Intent) {
        match intent {
            Intent::EndTurn => self.end_turn(),
            Intent::Select(n) => {
                if n < self.scenario.nations.len() {
                    self.selected = n;
                }
            }
            Intent::Summit { summit, action } => {
                if let Err(e) = self.sim.summit_move(summit, self.player, action) {
                    self.warning = Some(format!("That move is not possible: {e}"));
                }
                if self.sim.open_summits().is_empty() {
                    self.drafts.clear();
                }
            }
        }
    }

    /// A summit waits for the player's move.
    pub fn summit_waiting(&self) -> bool {
        let me = self.player;
        self.sim
            .open_summits()
            .iter()
            .any(|s| s.parties.iter().position(|&p| p == me) == s.protocol.to_move())
    }

    /// Resolves the turn, then autosaves it.
    fn end_turn(&mut self) {
        if self.over() || self.summit_waiting() {
            return;
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
                Err(e) => self.warning = Some(format!("Autosave failed: {e}")),
            }
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
        let mut g = Game::new(s, us, 1, Difficulty::Normal, None).unwrap();
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
        let mut package = Vec::new();
        let mut rest = best;
        for i in v.issues.iter().rev() {
            package.push(rest % i.options.len());
            rest /= i.options.len();
        }
        package.reverse();
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
        assert!(g.warning.is_none(), "{:?}", g.warning);
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
}
