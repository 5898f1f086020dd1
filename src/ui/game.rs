//! The game behind the window: the sim, the scenario it runs, the player's seat, the map and
//! what the player is looking at. Intents from the panels are applied here, through the sim's
//! own calls (the same ones headless runs and replays use).

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::ai::{AiSettings, Difficulty};
use crate::save;
use crate::scenario::schema::{Scenario, Seat};
use crate::sim::Sim;
use crate::sim::catalog::NationIdx;

use super::map::WorldMap;
use super::panels::{Intent, Tab};
use crate::sim::orders::{Order, OrderSource};

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
    /// The last thing done that the player should know of (where a report went, say).
    pub notice: Option<String>,
    /// The package the player is putting together in each open summit, by summit id.
    pub drafts: BTreeMap<String, Vec<usize>>,
    /// Orders given this month, sent to the sim when the turn ends.
    pub queue: Vec<Order>,
    /// The nation the per-partner levers aim at.
    pub partner: NationIdx,
    pub tab: Tab,
    /// The good charted in the market tab.
    pub market_good: usize,
    /// The player ended the game before the scenario's last month.
    pub finished: bool,
    /// The month picked on the debrief's timeline, and whether its moments show the
    /// player's only.
    pub pick: u32,
    pub mine_only: bool,
    /// The step of the first-game guide the player is at.
    pub guide_step: usize,
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
        crate::ai::attach(
            &mut sim,
            AiSettings {
                difficulty,
                last_turn: Some(scenario.turns),
                ..AiSettings::default()
            },
        );
        Ok(Game::around(sim, scenario, player, saves_dir))
    }

    /// Continues a saved game: the player takes the seat a person held.
    pub fn from_save(loaded: save::Loaded, saves_dir: Option<PathBuf>) -> Result<Game, String> {
        let file = loaded.header.scenario_name.clone();
        let people = crate::cli::report::people_seats(&loaded.scenario, loaded.header.human_seats);
        let Some(&player) = people.first() else {
            return Err(format!(
                "this save of {file} was played headless, with the AI on every seat; continue it with `chokepoint run --from`"
            ));
        };
        Ok(Game::around(loaded.sim, loaded.scenario, player, saves_dir))
    }

    fn around(
        mut sim: Sim,
        scenario: Scenario,
        player: NationIdx,
        saves_dir: Option<PathBuf>,
    ) -> Game {
        let map = WorldMap::build(&scenario);
        // The good the market tab and the map's arrows show first: the last one listed whose
        // exports to the player some nation controls (goods are usually listed from ore to
        // end product, so this is what the player's industry feels), else the first good.
        let market_good = {
            let goods = sim.catalog().goods.len();
            let world = sim.world_mut();
            let mut q =
                world.query::<(&crate::sim::nation::Nation, &crate::sim::orders::Policies)>();
            let mut controlled = |g: usize| {
                q.iter(world)
                    .any(|(n, p)| n.idx != player && p.regime(g, player).openness() < 1.0)
            };
            (0..goods).rev().find(|&g| controlled(g)).unwrap_or(0)
        };
        // The partner the levers aim at first: the nation the player is most at odds with.
        let partner = scenario.nations[player]
            .relations
            .iter()
            .filter_map(|r| {
                let i = scenario.nations.iter().position(|n| n.id == r.with)?;
                (i != player).then_some((i, r.tension))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map_or(if player == 0 { 1 } else { 0 }, |(i, _)| i);
        Game {
            sim,
            scenario,
            player,
            map,
            selected: player,
            saves_dir,
            warning: None,
            notice: None,
            drafts: BTreeMap::new(),
            queue: Vec::new(),
            partner,
            tab: Tab::News,
            market_good,
            finished: false,
            pick: 1,
            mine_only: false,
            guide_step: 0,
        }
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
                    self.selected = n;
                }
            }
            Intent::Order(order) => {
                // A later change to the same lever replaces the earlier one this month.
                self.queue.retain(|q| !same_lever(q, &order));
                self.queue.push(order);
            }
            Intent::Unqueue(k) => {
                if k < self.queue.len() {
                    self.queue.remove(k);
                }
            }
            Intent::Partner(n) => {
                if n < self.scenario.nations.len() && n != self.player {
                    self.partner = n;
                }
            }
            Intent::Tab(t) => self.tab = t,
            Intent::MarketGood(g) => {
                if g < self.sim.catalog().goods.len() {
                    self.market_good = g;
                }
            }
            Intent::Finish => {
                self.finished = true;
                self.pick = self.sim.turn().max(1);
            }
            Intent::Branch(turn) => self.branch(turn),
            Intent::WriteReport => self.write_report(),
            // Leaving the game is the window's business (see `Screens::apply_game`).
            Intent::ToTitle | Intent::Quit | Intent::Menu => {}
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
        match crate::cli::report::write(&dir, &mut self.sim, &self.scenario, seed, &[self.player]) {
            Ok(_) => {
                self.notice = Some(format!(
                    "Report written: {}",
                    dir.join("report.html").display()
                ));
            }
            Err(e) => {
                self.warning = Some(format!(
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
                let mut g = Game::around(
                    sim,
                    self.scenario.clone(),
                    self.player,
                    self.saves_dir.clone(),
                );
                g.partner = self.partner;
                g.market_good = self.market_good;
                *self = g;
            }
            Err(e) => self.warning = Some(format!("Cannot play on from that month: {e}")),
        }
    }

    /// Saves the game under `name` in the saves folder (or at `name` if it is a path).
    /// Orders queued this month are not in it: they are given when the turn ends.
    pub fn save_as(&mut self, name: &str) -> Result<PathBuf, String> {
        let path = save::target(name, self.saves_dir.as_deref())?;
        save::save(&mut self.sim, &self.scenario, &path).map_err(|e| e.to_string())?;
        Ok(path)
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
        if self.sim.turn() + 1 >= self.scenario.turns {
            // The last month: the debrief opens at the month just played.
            self.pick = self.scenario.turns;
        }
        for order in std::mem::take(&mut self.queue) {
            self.sim.order(self.player, order, OrderSource::Player);
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

    /// Orders from the policy panel wait for the end of the month, a later change to the same
    /// lever replaces an earlier one, and they reach the sim as the player's.
    #[test]
    fn queued_orders_are_given_when_the_turn_ends() {
        let s = default_scenario().unwrap();
        let jp = s.nations.iter().position(|n| n.id == "JP").unwrap();
        let mut g = Game::new(s, jp, 3, Difficulty::Passive, None).unwrap();
        let magnet = g.sim.catalog().good_index("magnet").unwrap();
        for months in [Some(2.0), Some(6.0)] {
            g.apply(Intent::Order(Order::SetReserveTarget {
                good: magnet,
                months,
            }));
        }
        g.apply(Intent::Order(Order::SetStockCover(3.0)));
        assert_eq!(g.queue.len(), 2);
        g.apply(Intent::Unqueue(1));
        assert_eq!(g.queue.len(), 1);
        g.apply(Intent::EndTurn);
        assert!(g.queue.is_empty());
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
        let view = view::policies(&mut g.sim, jp, g.partner, &g.queue);
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
        let mut g = Game::new(s.clone(), eu, 4, Difficulty::Easy, Some(dir.path().into())).unwrap();
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
        let mut g = Game::new(s, us, 3, Difficulty::Passive, None).unwrap();
        while !g.over() {
            answer_summits(&mut g);
            g.apply(Intent::EndTurn);
        }
        answer_summits(&mut g);
        let turns = g.scenario.turns;
        assert_eq!(g.sim.turn(), turns);
        assert_eq!(g.pick, turns, "the timeline opens at the last month");
        let d = debrief::debrief(&mut g.sim, us, turns);
        assert_eq!(d.played, turns);
        assert_eq!(d.dates.len(), turns as usize);
        assert_eq!(d.standings.len(), 6);
        assert!(
            d.standings
                .windows(2)
                .all(|w| w[0].mean_score >= w[1].mean_score)
        );
        assert!(d.standings[d.rank - 1].mine);
        let bar = view::top_bar(&mut g.sim, us, turns);
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
        assert!(g.warning.is_none(), "{:?}", g.warning);
        let written = dir
            .path()
            .join(format!("reports/standoff-2025-month-{turns}"));
        let notice = g.notice.clone().unwrap();
        assert!(notice.ends_with("report.html"), "{notice}");
        let page = std::fs::read_to_string(written.join("report.html")).unwrap();
        assert!(page.contains("People played United States; the AI played the rest."));
        for s in &g.sim.report().summits {
            assert!(
                page.contains(&crate::cli::html::escape(&s.name)),
                "{}",
                s.name
            );
        }
        let orders = std::fs::read_to_string(written.join("orders.csv")).unwrap();
        assert_eq!(orders.lines().count(), 1 + g.sim.report().orders.len());

        let saved = g.sim.report().hashes[11].clone();
        assert_eq!(saved.turn, 12);
        g.apply(Intent::Branch(12));
        assert!(g.warning.is_none(), "{:?}", g.warning);
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
        let mut g = Game::new(s, us, 1, Difficulty::Passive, None).unwrap();
        g.sim.step();
        let d = view::dashboard(&mut g.sim, us);
        let o = crate::ui::overlay::overlay(&mut g.sim, 0);
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
}
