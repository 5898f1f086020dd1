//! The game behind the window: a [`Session`] (the sim, the seats, the desks and the rules of
//! taking turns) and what each team at the screen is looking at: the side tab, the nation
//! whose dashboard shows, the partner its levers aim at, its step in the guide; the map, the
//! good charted, the debrief's month and the facilitator's form. Intents from the panels are
//! applied here: view changes to the looks, the rest through the session's own calls.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::ai::Difficulty;
use crate::save;
use crate::scenario::schema::Scenario;
use crate::session::{EndOfTurn, Facilitation, Session, Timed};
use crate::sim::Sim;
use crate::sim::catalog::NationIdx;

use super::facilitator::Form;
use super::intent::{FacilitatorIntent, Intent, Tab};
use super::map::WorldMap;

/// What one team is looking at. Each seat keeps its own; only the look of the seat at the
/// screen shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Look {
    /// The nation the per-partner levers aim at.
    pub partner: NationIdx,
    pub tab: Tab,
    /// The nation whose dashboard is shown.
    pub selected: NationIdx,
    /// The step of the first-game guide the team is at.
    pub guide_step: usize,
}

impl Look {
    /// A fresh look for `me`: its own dashboard, the news, and the levers aimed at the nation
    /// it is most at odds with.
    fn new(scenario: &Scenario, me: NationIdx) -> Look {
        let partner = scenario.nations[me]
            .relations
            .iter()
            .filter_map(|r| {
                let i = scenario.nations.iter().position(|n| n.id == r.with)?;
                (i != me).then_some((i, r.tension))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map_or(if me == 0 { 1 } else { 0 }, |(i, _)| i);
        Look {
            partner,
            tab: Tab::News,
            selected: me,
            guide_step: 0,
        }
    }
}

/// A game in progress, as the window shows it.
pub struct Game {
    pub session: Session,
    /// Each seat's look.
    looks: BTreeMap<NationIdx, Look>,
    pub map: WorldMap,
    /// The good charted in the market tab.
    pub market_good: usize,
    /// The month picked on the debrief's timeline, and whether its moments show the
    /// player's only.
    pub pick: u32,
    pub mine_only: bool,
    /// The facilitator's form (used in facilitator mode).
    pub form: Form,
}

impl Game {
    /// A new game: people play the nations in `seats` (taking the screen in that order); the
    /// AI plays every other nation at `difficulty`.
    pub fn new(
        scenario: Scenario,
        seats: &[NationIdx],
        seed: u64,
        difficulty: Difficulty,
        saves_dir: Option<PathBuf>,
    ) -> Result<Game, String> {
        Session::new(scenario, seats, seed, difficulty, saves_dir).map(Game::around)
    }

    /// Continues a saved game: people take the seats people hold (the scenario's human seats,
    /// as a facilitator may have changed them).
    pub fn from_save(loaded: save::Loaded, saves_dir: Option<PathBuf>) -> Result<Game, String> {
        Session::from_save(loaded, saves_dir).map(Game::around)
    }

    /// A new game in facilitator mode, or not.
    pub fn facilitated(mut self, on: bool) -> Game {
        if on {
            self.start_facilitating();
        }
        self
    }

    fn around(session: Session) -> Game {
        let player = session.player();
        let sim = session.sim();
        let map = WorldMap::build(session.scenario());
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
        let mut g = Game {
            session,
            looks: BTreeMap::new(),
            map,
            market_good,
            pick: 1,
            mine_only: false,
            form: Form::default(),
        };
        g.fresh_looks();
        g
    }

    /// Every seat gets a fresh look.
    fn fresh_looks(&mut self) {
        let s = &self.session;
        self.looks = s
            .seats()
            .iter()
            .map(|&n| (n, Look::new(s.scenario(), n)))
            .collect();
    }

    /// Seats that joined get a look; seats that left lose theirs.
    fn sync_looks(&mut self) {
        let s = &self.session;
        self.looks.retain(|n, _| s.seats().contains(n));
        for &n in s.seats() {
            self.looks
                .entry(n)
                .or_insert_with(|| Look::new(s.scenario(), n));
        }
    }

    pub fn sim(&self) -> &Sim {
        self.session.sim()
    }

    pub fn scenario(&self) -> &Scenario {
        self.session.scenario()
    }

    /// The seat at the screen.
    pub fn player(&self) -> NationIdx {
        self.session.player()
    }

    /// What the team at the screen is looking at.
    pub fn look(&self) -> &Look {
        &self.looks[&self.session.player()]
    }

    pub fn look_mut(&mut self) -> &mut Look {
        let s = &self.session;
        self.looks
            .entry(s.player())
            .or_insert_with(|| Look::new(s.scenario(), s.player()))
    }

    /// The game has reached the end of its scenario, or the player ended it: the debrief
    /// shows.
    pub fn over(&self) -> bool {
        self.session.over()
    }

    /// The facilitator's hold, in facilitator mode.
    pub fn facilitation(&self) -> Option<&Facilitation> {
        self.session.facilitation()
    }

    /// Facilitator mode begins, with a fresh form (nothing changes if it is on).
    pub fn start_facilitating(&mut self) {
        if self.session.facilitation().is_none() {
            self.form = Form::default();
            self.session.start_facilitating();
        }
    }

    /// Facilitator mode ends (see [`Session::stop_facilitating`]).
    pub fn stop_facilitating(&mut self) {
        self.session.stop_facilitating();
        self.sync_looks();
    }

    /// Carries out what the player asked for.
    pub fn apply(&mut self, intent: Intent) {
        let nations = self.scenario().nations.len();
        match intent {
            Intent::EndTurn => {
                if self.session.end_turn() == EndOfTurn::Resolved && self.over() {
                    // The last month: the debrief opens at the month just played.
                    self.pick = self.scenario().turns;
                }
            }
            Intent::Select(n) => {
                if n < nations {
                    self.look_mut().selected = n;
                }
            }
            Intent::Order(order) => self.session.queue(order),
            Intent::Unqueue(k) => self.session.unqueue(k),
            Intent::Partner(n) => {
                if n < nations && n != self.player() {
                    self.look_mut().partner = n;
                }
            }
            Intent::Tab(t) => self.look_mut().tab = t,
            Intent::TakeSeat => self.session.take_seat(),
            Intent::Facilitate(f) => self.facilitate(f),
            Intent::ViewAs(n) => {
                self.session.view_as(n);
            }
            Intent::MarketGood(g) => {
                if g < self.sim().catalog().goods.len() {
                    self.market_good = g;
                }
            }
            Intent::Finish => {
                self.session.finish();
                self.pick = self.sim().turn().max(1);
            }
            Intent::Branch(turn) => {
                if self.session.branch(turn) {
                    self.fresh_looks();
                    self.pick = 1;
                    self.mine_only = false;
                }
            }
            Intent::WriteReport => self.session.write_report(),
            // Leaving the game is the window's business (see `Screens::apply_game`).
            Intent::ToTitle | Intent::Quit | Intent::Menu => {}
            Intent::Summit { summit, action } => self.session.summit_move(summit, action),
        }
    }

    /// Where the debrief report of the game as it stands goes.
    pub fn report_dir(&self) -> PathBuf {
        self.session.report_dir()
    }

    /// Saves the game under `name` in the saves folder (or at `name` if it is a path).
    /// Orders queued this month are not in it: they are given when the turn ends.
    pub fn save_as(&self, name: &str) -> Result<PathBuf, String> {
        self.session.save_as(name)
    }

    /// Carries out a facilitator's control; why one did nothing goes on the form.
    fn facilitate(&mut self, intent: FacilitatorIntent) {
        if self.session.facilitation().is_none() {
            return;
        }
        self.form.note = None;
        let done = match intent {
            FacilitatorIntent::Open(o) => {
                self.form.open = o;
                Ok(())
            }
            FacilitatorIntent::Withdraw(k) => {
                self.session.withdraw(k);
                Ok(())
            }
            FacilitatorIntent::InjectEvent(e) => self.session.inject_event(e),
            FacilitatorIntent::InjectDraft => self
                .form
                .draft
                .intervention(self.session.sim())
                .and_then(|i| self.session.inject(i))
                .map(|()| self.form.draft.headline.clear()),
            FacilitatorIntent::HandToAi(n, to_ai) => self.session.hand_seat(n, to_ai),
            setting => {
                if let Some(f) = self.session.facilitation_mut() {
                    match setting {
                        FacilitatorIntent::Pause(p) => f.paused = p,
                        FacilitatorIntent::TurnLimit(l) => f.turn_limit = l,
                        FacilitatorIntent::MoveLimit(l) => f.move_limit = l,
                        FacilitatorIntent::RevealAi(r) => f.reveal_ai = r,
                        FacilitatorIntent::Projector(p) => f.projector = p,
                        _ => {}
                    }
                }
                Ok(())
            }
        };
        if let Err(e) = done {
            self.form.note = Some(e);
        }
        self.sync_looks();
    }

    /// Time passes for the team at the screen (see [`Session::tick`]); what was done, if
    /// anything, as the intent a player would have sent.
    pub fn tick(&mut self, elapsed: std::time::Duration) -> Option<Intent> {
        let timed = self.session.tick(elapsed)?;
        if self.over() {
            // The last month ran out: the debrief opens at the month just played.
            self.pick = self.scenario().turns;
        }
        Some(match timed {
            Timed::EndTurn => Intent::EndTurn,
            Timed::Summit { summit, action } => Intent::Summit { summit, action },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::negotiation::protocol::Move;
    use crate::scenario::default_scenario;
    use crate::sim::orders::{Order, OrderSource};
    use crate::ui::view;

    /// The UI's own code path, without a window: end a turn, meet China at the summit the
    /// scenario opens, answer through the summit intents until it ends, and play on.
    #[test]
    fn a_summit_is_played_through_the_intents_the_screen_sends() {
        let s = default_scenario().unwrap();
        let us = s.nations.iter().position(|n| n.id == "US").unwrap();
        let mut g = Game::new(s, &[us], 1, Difficulty::Normal, None).unwrap();
        assert!(view::summits(g.sim(), us).is_empty());
        g.apply(Intent::EndTurn);
        let talks = view::summits(g.sim(), us);
        assert_eq!(talks.len(), 1, "the Busan summit waits for the US");
        let v = &talks[0];
        assert_eq!(v.parties, vec!["United States", "China"]);
        let options: usize = v.issues.iter().map(|i| i.options.len()).product();
        assert_eq!(v.worth.len(), options);
        // The turn cannot end while the summit waits.
        g.apply(Intent::EndTurn);
        assert_eq!(g.sim().turn(), 1);
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
            let Some(v) = view::summits(g.sim(), us).into_iter().next() else {
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
        assert!(g.sim().open_summits().is_empty());
        assert!(
            g.session.desk().warning.is_none(),
            "{:?}",
            g.session.desk().warning
        );
        let record = &g.sim().report().summits[0];
        assert!(
            record
                .transcript
                .iter()
                .any(|t| t.reason == "a player's move")
        );
        // The game goes on.
        g.apply(Intent::EndTurn);
        assert_eq!(g.sim().turn(), 2);
    }

    /// Orders from the policy panel wait for the end of the month, a later change to the same
    /// lever replaces an earlier one, and they reach the sim as the player's.
    #[test]
    fn queued_orders_are_given_when_the_turn_ends() {
        let s = default_scenario().unwrap();
        let jp = s.nations.iter().position(|n| n.id == "JP").unwrap();
        let mut g = Game::new(s, &[jp], 3, Difficulty::Passive, None).unwrap();
        let magnet = g.sim().catalog().good_index("magnet").unwrap();
        for months in [Some(2.0), Some(6.0)] {
            g.apply(Intent::Order(Order::SetReserveTarget {
                good: magnet,
                months,
            }));
        }
        g.apply(Intent::Order(Order::SetStockCover(3.0)));
        assert_eq!(g.session.desk().queue.len(), 2);
        g.apply(Intent::Unqueue(1));
        assert_eq!(g.session.desk().queue.len(), 1);
        g.apply(Intent::EndTurn);
        assert!(g.session.desk().queue.is_empty());
        let given: Vec<_> = g
            .sim()
            .report()
            .orders
            .iter()
            .filter(|o| o.source == OrderSource::Player)
            .collect();
        assert_eq!(given.len(), 1, "{given:?}");
        assert_eq!(given[0].actor, jp);
        assert!(given[0].order.contains("6"), "{}", given[0].order);
        let view = view::policies(g.sim(), jp, g.look().partner, &g.session.desk().queue);
        assert_eq!(view.goods[magnet].reserve_target, Some(6.0));
        // The player's orders are inputs: the save records them for replays.
        assert_eq!(
            g.sim()
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
        let turn = g.sim().turn();
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
        assert_eq!(back.player(), eu);
        assert_eq!(back.sim().turn(), turn);
        assert_eq!(back.sim().state_hash(), g.sim().state_hash());

        let mut headless = Sim::new(&s, 1).unwrap();
        headless.step();
        let path = dir.path().join("headless.chokepoint");
        save::save(&headless, &s, &path).unwrap();
        screens.game = None;
        screens.apply(crate::ui::title::TitleIntent::Load(path));
        assert!(screens.game.is_none());
        let e = screens.title.error.clone().unwrap();
        assert!(e.contains("chokepoint run --from"), "{e}");
    }

    /// Plays a person's side of any summit by a simple rule: take what is on the table, else
    /// propose what the advisers value most for us.
    fn answer_summits(g: &mut Game) {
        while let Some(v) = view::summits(g.sim(), g.player()).into_iter().next() {
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
        let turns = g.scenario().turns;
        assert_eq!(g.sim().turn(), turns);
        assert_eq!(g.pick, turns, "the timeline opens at the last month");
        let d = debrief::debrief(g.sim(), us, turns);
        assert_eq!(d.played, turns);
        assert_eq!(d.dates.len(), turns as usize);
        assert_eq!(d.standings.len(), 6);
        assert!(
            d.standings
                .windows(2)
                .all(|w| w[0].mean_score >= w[1].mean_score)
        );
        assert!(d.standings[d.rank - 1].mine);
        let bar = view::top_bar(g.sim(), us, turns);
        assert_eq!(bar.rank, d.rank);
        assert!(d.scores.iter().all(|(_, p)| p.len() == turns as usize));
        assert_eq!(d.shortage.len(), turns as usize);
        assert!(d.moments.windows(2).all(|w| w[0].turn <= w[1].turn));
        for kind in [MomentKind::Control, MomentKind::Summit] {
            assert!(d.moments.iter().any(|m| m.kind == kind), "{kind:?}");
        }
        // Every summit the US sat in is graded, with what the deal was worth to it.
        let mine = g
            .sim()
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
        g.session.set_saves_dir(dir.path());
        g.apply(Intent::WriteReport);
        assert!(
            g.session.desk().warning.is_none(),
            "{:?}",
            g.session.desk().warning
        );
        let written = dir
            .path()
            .join(format!("reports/standoff-2025-month-{turns}"));
        let notice = g.session.desk().notice.clone().unwrap();
        assert!(notice.ends_with("report.html"), "{notice}");
        let page = std::fs::read_to_string(written.join("report.html")).unwrap();
        assert!(page.contains("People played United States; the AI played the rest."));
        for s in &g.sim().report().summits {
            assert!(
                page.contains(&crate::reports::html::escape(&s.name)),
                "{}",
                s.name
            );
        }
        let orders = std::fs::read_to_string(written.join("orders.csv")).unwrap();
        assert_eq!(orders.lines().count(), 1 + g.sim().report().orders.len());

        let saved = g.sim().report().hashes[11].clone();
        assert_eq!(saved.turn, 12);
        g.apply(Intent::Branch(12));
        assert!(
            g.session.desk().warning.is_none(),
            "{:?}",
            g.session.desk().warning
        );
        assert_eq!(g.sim().turn(), 12);
        assert!(!g.over());
        assert_eq!(g.sim().state_hash(), saved.state_hash);
        assert_eq!(g.sim().report().hashes.len(), 12);
        answer_summits(&mut g);
        g.apply(Intent::EndTurn);
        assert_eq!(g.sim().turn(), 13);
    }

    /// The dashboard's capacity lines count the same plants the map's tags do.
    #[test]
    fn the_dashboard_counts_the_nations_plants() {
        let s = default_scenario().unwrap();
        let us = s.nations.iter().position(|n| n.id == "US").unwrap();
        let mut g = Game::new(s, &[us], 1, Difficulty::Passive, None).unwrap();
        g.session.sim_mut().step();
        let d = view::dashboard(g.sim(), us);
        let o = crate::ui::overlay::overlay(g.sim(), 0);
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
        g.session.sim_mut().step();
        let d = view::dashboard(g.sim(), jp);
        let line = |id: &str| {
            let name = &g.sim().catalog().goods[g.sim().catalog().good_index(id).unwrap()].name;
            d.stocks.iter().find(|s| &s.good == name).unwrap().clone()
        };
        assert_eq!(line("conc").cover_months, None);
        assert!(line("ndpr").cover_months.is_some_and(|m| m > 0.0));
    }
}
