//! The hand-over screen of a hot-seat game: between two teams the computer shows nothing of
//! either team's desk, only whose turn at the screen it is, the month, and which teams have
//! ended it. The next team confirms it is at the screen before its desk shows.

use egui::{self, RichText, Ui};

use super::game::Game;
use super::panels::{Intent, palette};

/// What the hand-over screen shows: nothing any one team would not tell the room.
#[derive(Debug, Clone, PartialEq)]
pub struct HandoverView {
    /// The team the computer goes to.
    pub to: String,
    pub date: String,
    /// Every team, in seat order, with whether it has ended this month.
    pub teams: Vec<(String, bool)>,
    /// The team is called back for a summit move after ending its month.
    pub summit: bool,
}

impl HandoverView {
    pub fn of(game: &Game) -> Option<HandoverView> {
        let to = game.session.handover()?;
        let names = &game.scenario().nations;
        Some(HandoverView {
            to: names[to].name.clone(),
            date: game.sim().catalog().date_label(game.sim().turn() + 1),
            teams: game
                .session
                .seats()
                .iter()
                .map(|&s| (names[s].name.clone(), game.session.ended().contains(&s)))
                .collect(),
            summit: game.session.ended().contains(&to),
        })
    }
}

/// Draws the hand-over; returns [`Intent::TakeSeat`] when the next team confirms.
pub fn handover(ui: &mut Ui, v: &HandoverView) -> Option<Intent> {
    let mut intent = None;
    ui.vertical_centered(|ui| {
        ui.add_space((ui.available_height() * 0.22).max(20.0));
        ui.label(RichText::new(&v.date).size(18.0).color(palette::DIM));
        ui.add_space(10.0);
        ui.label(
            RichText::new(format!("Pass the computer to {}", v.to))
                .size(34.0)
                .strong()
                .color(palette::you()),
        );
        ui.add_space(8.0);
        let why = if v.summit {
            "A summit waits for your move."
        } else {
            "Your desk is ready: your policies, your advisers' estimates, your summit drafts."
        };
        ui.label(RichText::new(why).size(17.0));
        ui.label(
            RichText::new("The last team's desk is put away: nothing on this screen is theirs.")
                .size(15.0)
                .color(palette::DIM),
        );
        ui.add_space(18.0);
        for (name, ended) in &v.teams {
            let (mark, colour) = if *ended {
                ("✔ ended the month", palette::good())
            } else {
                ("… to play", palette::DIM)
            };
            ui.label(
                RichText::new(format!("{name}  {mark}"))
                    .size(15.0)
                    .color(colour),
            );
        }
        ui.add_space(22.0);
        let button = egui::Button::new(
            RichText::new(format!("We are {}: show our desk", v.to))
                .strong()
                .size(18.0),
        )
        .fill(egui::Color32::from_rgb(48, 98, 60))
        .min_size(egui::vec2(300.0, 44.0));
        if ui.add(button).clicked() {
            intent = Some(Intent::TakeSeat);
        }
    });
    intent
}

/// The whole window while the computer changes hands.
pub fn screen(ctx: &egui::Context, v: &HandoverView) -> Vec<Intent> {
    let mut out = Vec::new();
    egui::CentralPanel::default_margins().show(
        &mut super::panels::root_ui(ctx, "handover"),
        |ui| {
            out.extend(handover(ui, v));
        },
    );
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use egui_kittest::Harness;
    use egui_kittest::kittest::NodeT;

    use super::*;
    use crate::ai::Difficulty;
    use crate::negotiation::protocol::Move;
    use crate::scenario::default_scenario;
    use crate::sim::orders::{Order, OrderSource};
    use crate::ui::panels::Tab;
    use crate::ui::view;

    const US: usize = 0;
    const CN: usize = 1;

    /// The default scenario with people on the United States and China.
    fn two_teams() -> Game {
        let s = default_scenario().unwrap();
        assert_eq!(
            (s.nations[US].id.as_str(), s.nations[CN].id.as_str()),
            ("US", "CN")
        );
        Game::new(s, &[US, CN], 5, Difficulty::Passive, None).unwrap()
    }

    /// Every text the accessibility tree of a frame holds (labels and values).
    fn texts(h: &Harness<'_, Game>) -> BTreeSet<String> {
        h.root()
            .children_recursive()
            .flat_map(|n| {
                let a = n.accesskit_node();
                [a.label(), a.value()]
            })
            .flatten()
            .filter(|t| !t.trim().is_empty())
            .collect()
    }

    /// What the team at the screen can read: the hand-over, or the main screen (with any
    /// summit over it) with each side tab open in turn.
    fn everything_shown(game: Game) -> (BTreeSet<String>, Game) {
        let mut h = Harness::builder()
            .with_size(egui::vec2(1600.0, 900.0))
            .build_ui_state(
                |ui, g: &mut Game| {
                    let ctx = ui.ctx().clone();
                    match HandoverView::of(g) {
                        Some(v) => drop(screen(&ctx, &v)),
                        None => drop(crate::ui::desk_screen::main_screen(&ctx, g, false)),
                    }
                },
                game,
            );
        let mut seen = texts(&h);
        if h.state().session.handover().is_none() {
            let own = h.state().look().tab;
            for (tab, _, _) in Tab::ALL {
                h.state_mut().look_mut().tab = tab;
                h.run();
                seen.extend(texts(&h));
            }
            h.state_mut().look_mut().tab = own;
        }
        (seen, h.into_state())
    }

    /// The United States' month: it queues two orders (given when the month resolves) and
    /// makes the same public summit move either way. A busy team also looks at Japan, aims its
    /// levers at Japan, opens its policy tab, is refused a move and drafts a summit package it
    /// does not propose; an idle one does none of that. Returns the queued orders as the
    /// policy tab words them.
    fn us_month(g: &mut Game, busy: bool) -> Vec<String> {
        assert_eq!(g.session.handover(), Some(US));
        g.apply(Intent::TakeSeat);
        let magnet = g.sim().catalog().good_index("magnet").unwrap();
        let months = 7.0 + g.sim().turn() as f64;
        g.apply(Intent::Order(Order::SetReserveTarget {
            good: magnet,
            months: Some(months),
        }));
        g.apply(Intent::Order(Order::SetStockCover(
            5.5 + g.sim().turn() as f64,
        )));
        if busy {
            g.apply(Intent::Select(2));
            g.apply(Intent::Partner(2));
            g.apply(Intent::Tab(Tab::Policies));
            g.apply(Intent::Summit {
                summit: 99,
                action: Move::Accept,
            });
            assert!(g.session.desk().warning.is_some());
        }
        if let Some(v) = view::summits(g.sim(), US).into_iter().next() {
            let best = (0..v.worth.len())
                .max_by(|&a, &b| v.worth[a].total_cmp(&v.worth[b]))
                .unwrap();
            if busy {
                let worst = (0..v.worth.len())
                    .min_by(|&a, &b| v.worth[a].total_cmp(&v.worth[b]))
                    .unwrap();
                g.session
                    .desk_mut()
                    .drafts
                    .insert(v.id.clone(), v.package(worst));
            }
            g.apply(Intent::Summit {
                summit: v.index,
                action: Move::Propose(v.package(best)),
            });
        }
        let private: Vec<String> = g
            .session
            .desk()
            .queue
            .iter()
            .map(|o| crate::sim::orders::describe(o, g.sim().catalog()))
            .collect();
        g.apply(Intent::EndTurn);
        private
    }

    /// Seat privacy: China's team never sees the US team's queued orders (on the hand-over,
    /// on every tab of the main screen, at the summit where the US proposal is on the table),
    /// and whatever else the US team does at its desk (what it looks at, a draft it did not
    /// propose, a refused move), China's team sees exactly what it would have seen had the
    /// US team done nothing but its orders and public moves.
    #[test]
    fn a_seat_never_sees_another_seats_desk() {
        let mut shown = Vec::new();
        for busy in [true, false] {
            let mut g = two_teams();
            let mut seen = Vec::new();
            let private = us_month(&mut g, busy);
            assert_eq!(g.session.handover(), Some(CN), "the computer goes to China");
            let (handing, mut g) = everything_shown(g);
            assert!(
                handing
                    .iter()
                    .any(|t| t.contains("Pass the computer to China"))
            );
            seen.push(handing);
            g.apply(Intent::TakeSeat);
            let (desk, mut g) = everything_shown(g);
            seen.push(desk);
            g.apply(Intent::EndTurn);
            // The month resolved with both teams' orders; the Busan summit waits for the US.
            assert_eq!(g.sim().turn(), 1);
            let given: Vec<_> = g
                .sim()
                .report()
                .orders
                .iter()
                .filter(|o| o.source == OrderSource::Player)
                .map(|o| o.actor)
                .collect();
            assert_eq!(given, vec![US, US]);
            // The US orders of the first month are given and public now; the second month's
            // are private until it resolves.
            let private2 = us_month(&mut g, busy);
            assert_eq!(g.session.handover(), Some(CN));
            g.apply(Intent::TakeSeat);
            let talks = view::summits(g.sim(), CN);
            assert_eq!(talks.len(), 1, "the US proposal waits for China's answer");
            assert!(talks[0].table.is_some());
            let (summit, g) = everything_shown(g);
            seen.push(summit);
            assert_eq!(private.len(), 2);
            for (k, text) in seen
                .iter()
                .enumerate()
                .flat_map(|(k, s)| s.iter().map(move |t| (k, t)))
            {
                let queued = if k < 2 { &private } else { &private2 };
                for p in queued {
                    assert!(
                        !text.contains(p.as_str()),
                        "China's screen shows `{p}`: {text}"
                    );
                }
                assert!(!text.contains("That move is not possible"), "{text}");
            }
            assert_eq!(g.session.desk_of(US).unwrap().queue.len(), private2.len());
            shown.push(seen);
        }
        assert!(!shown[0][1].is_empty());
        for (k, (busy, idle)) in shown[0].iter().zip(&shown[1]).enumerate() {
            let leaked: Vec<_> = busy.symmetric_difference(idle).collect();
            assert!(
                leaked.is_empty(),
                "screen {k} depends on the US desk: {leaked:?}"
            );
        }
    }
}
