//! Facilitator mode (`chokepoint play --facilitator`, or the pause menu): the teacher's
//! controls over a classroom game. Pause; inject one of the scenario's events or a headline of
//! their own with an effect; time limits per team's turn at the screen and per summit move;
//! show or hide the AI's reasoning; hand a nation to the AI or back to people; and a projector
//! view in large type (world map, prices, news) that shows nothing of any team's desk.
//!
//! Injections and seat changes are sim inputs ([`Intervention`]): pending here until the
//! month resolves, then given to the sim, which applies them through the effect and order
//! path, records them in the save and logs them for the report.

use egui::{self, RichText, Ui};

use super::intent::{FacilitatorIntent, Intent};
use super::theme::palette;
use crate::scenario::ranges;
use crate::session::{Facilitation, MOVE_LIMITS, Session, TURN_LIMITS};
use crate::sim::Sim;
use crate::sim::catalog::{Effect, GoodSel, NationIdx, NationSel, Regime};
use crate::sim::facilitator::Intervention;
use crate::sim::orders::{ExportRule, Order};

/// The form asks for approval in points; the effect holds a fraction (`0.1` = 10 points).
pub const APPROVAL_POINTS: ranges::Range = ranges::APPROVAL_CHANGE.scaled(100.0);

/// The kinds of effect a custom headline can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EffectKind {
    /// A nation bans exports of a good to another.
    ExportBan,
    /// A nation's demand in a sector changes by a factor.
    Demand,
    /// Tension between two nations rises or falls.
    Tension,
    /// A nation's public approval changes (points).
    Approval,
    /// A nation's treasury changes ($M).
    Treasury,
}

impl EffectKind {
    pub const ALL: [(EffectKind, &'static str); 5] = [
        (EffectKind::ExportBan, "export ban"),
        (EffectKind::Demand, "demand shock"),
        (EffectKind::Tension, "tension"),
        (EffectKind::Approval, "approval"),
        (EffectKind::Treasury, "treasury"),
    ];
}

/// A headline the facilitator is writing, and its one effect.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub headline: String,
    pub kind: EffectKind,
    /// The nation it happens to (the exporter, the one whose tension rises ...).
    pub nation: NationIdx,
    /// The other nation (the importer, the other side).
    pub other: NationIdx,
    /// The good (export ban) or sector (demand).
    pub item: usize,
    /// Demand factor, tension change (0–1), approval change (points) or treasury change ($M).
    pub amount: f64,
}

impl Draft {
    fn new() -> Draft {
        Draft {
            headline: String::new(),
            kind: EffectKind::Approval,
            nation: 0,
            other: 1,
            item: 0,
            amount: -5.0,
        }
    }

    /// The effect as the sim takes it, or why it cannot be.
    pub fn effect(&self, sim: &Sim) -> Result<Effect, String> {
        let c = sim.catalog();
        let n = c.nations.len();
        if self.nation >= n || self.other >= n {
            return Err("pick the nations".into());
        }
        let two = || {
            if self.nation == self.other {
                Err("pick two different nations".to_string())
            } else {
                Ok(())
            }
        };
        let a = self.amount;
        if !a.is_finite() {
            return Err("the amount must be a number".into());
        }
        Ok(match self.kind {
            EffectKind::ExportBan => {
                two()?;
                if self.item >= c.goods.len() {
                    return Err("pick a good".into());
                }
                Effect::Order {
                    nation: self.nation,
                    order: Order::SetExportRegime(ExportRule {
                        goods: GoodSel::Only(vec![self.item]),
                        to: NationSel::Only(vec![self.other]),
                        regime: Regime::Ban,
                        expires: None,
                    }),
                }
            }
            EffectKind::Demand => {
                if self.item >= c.sectors.len() {
                    return Err("pick a sector".into());
                }
                let r = ranges::DEMAND_FACTOR;
                if !r.contains(a) {
                    return Err(format!("a demand factor is between {} and {}", r.lo, r.hi));
                }
                Effect::Demand {
                    nation: self.nation,
                    sector: self.item,
                    factor: a,
                }
            }
            EffectKind::Tension => {
                two()?;
                let r = ranges::RELATION_CHANGE;
                if !r.contains(a) {
                    return Err(format!("a tension change is between {} and {}", r.lo, r.hi));
                }
                Effect::Relation {
                    from: self.nation,
                    to: self.other,
                    trust: -a / 2.0,
                    tension: a,
                }
            }
            EffectKind::Approval => {
                let r = APPROVAL_POINTS;
                if !r.contains(a) {
                    return Err(format!(
                        "an approval change is between {} and {} points",
                        r.lo, r.hi
                    ));
                }
                Effect::Approval {
                    nation: self.nation,
                    change: a / 100.0,
                }
            }
            EffectKind::Treasury => {
                let r = ranges::TREASURY_CHANGE;
                if !r.contains(a) {
                    return Err(format!(
                        "a treasury change is between {} and {} $M",
                        r.lo, r.hi
                    ));
                }
                Effect::Treasury {
                    nation: self.nation,
                    change: a,
                }
            }
        })
    }

    /// The injection this draft makes, or why it cannot.
    pub fn intervention(&self, sim: &Sim) -> Result<Intervention, String> {
        let headline = self.headline.trim();
        if headline.is_empty() {
            return Err("write the headline the class will read".into());
        }
        Ok(Intervention::Inject {
            event: None,
            headline: headline.to_string(),
            effects: vec![self.effect(sim)?],
        })
    }
}

/// The facilitator's form: what the controls hold that is not yet a control given (the
/// event picked, the headline being written), whether they are open, and why the last
/// control did nothing. What the facilitator has set is the session's ([`Facilitation`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    /// The controls are open (they fold away so a team can play under them).
    pub open: bool,
    /// The scenario event picked to inject.
    pub event: usize,
    pub draft: Draft,
    /// Why the last control did nothing.
    pub note: Option<String>,
}

impl Default for Form {
    fn default() -> Form {
        Form {
            open: true,
            event: 0,
            draft: Draft::new(),
            note: None,
        }
    }
}

fn limit_label(l: Option<u64>) -> String {
    l.map_or("none".to_string(), |s| format!("{} min", s as f64 / 60.0))
}

/// What the controls show of the game: public facts only (and the AI's reasoning).
pub struct ControlsView {
    pub nations: Vec<String>,
    /// Who plays each nation now: people (true) or the AI.
    pub people: Vec<bool>,
    pub goods: Vec<String>,
    pub sectors: Vec<String>,
    /// The scenario's events: headline, and whether it has happened.
    pub events: Vec<(String, bool)>,
    /// Pending interventions, described.
    pub pending: Vec<String>,
    /// The moves the AI weighed last month: nation, what, expected gain, given.
    pub reasoning: Vec<(String, String, f64, bool)>,
}

impl ControlsView {
    pub fn of(session: &Session) -> ControlsView {
        let sim = session.sim();
        let c = sim.catalog();
        let fired = sim
            .world()
            .get_resource::<crate::sim::events::EventLog>()
            .map(|l| l.fired.clone())
            .unwrap_or_default();
        let turn = sim.turn();
        let reasoning = sim
            .world()
            .get_resource::<crate::ai::AiLog>()
            .map(|log| {
                log.0
                    .iter()
                    .filter(|x| x.turn == turn)
                    .map(|x| {
                        (
                            c.nations[x.nation].name.clone(),
                            x.reason.clone(),
                            x.gain,
                            x.given,
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        ControlsView {
            nations: c.nations.iter().map(|n| n.name.clone()).collect(),
            people: (0..c.nations.len())
                .map(|n| session.seats().contains(&n))
                .collect(),
            goods: c.goods.iter().map(|g| g.name.clone()).collect(),
            sectors: c.sectors.iter().map(|s| s.name.clone()).collect(),
            events: c
                .events
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    (
                        e.headline.clone(),
                        fired.get(i).is_some_and(|f| f.is_some()),
                    )
                })
                .collect(),
            pending: session
                .facilitation()
                .map(|f| f.pending().iter().map(|i| i.describe(c)).collect())
                .unwrap_or_default(),
            reasoning,
        }
    }
}

/// The teams' screen while the facilitator has paused the game: nothing but the pause.
pub fn paused_screen(ctx: &egui::Context, sim: &Sim) -> Vec<Intent> {
    let date = sim.catalog().date_label(sim.turn() + 1);
    egui::CentralPanel::default_margins().show(&mut super::theme::root_ui(ctx, "paused"), |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space((ui.available_height() * 0.3).max(20.0));
            ui.label(RichText::new(date).size(18.0).color(palette::DIM));
            ui.label(
                RichText::new("Paused by the facilitator")
                    .size(36.0)
                    .strong()
                    .color(palette::you()),
            );
            ui.label(
                RichText::new("Hands off the keyboard: the clocks have stopped.")
                    .size(17.0)
                    .color(palette::DIM),
            );
        });
    });
    Vec::new()
}

/// The facilitator's window; returns what they asked for.
pub fn controls(
    ui: &mut Ui,
    form: &mut Form,
    f: &Facilitation,
    v: &ControlsView,
) -> Vec<FacilitatorIntent> {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        let (label, fill) = if f.paused {
            ("Resume", egui::Color32::from_rgb(48, 98, 60))
        } else {
            ("Pause", egui::Color32::from_rgb(120, 70, 40))
        };
        if ui
            .add(egui::Button::new(RichText::new(label).strong()).fill(fill))
            .clicked()
        {
            out.push(FacilitatorIntent::Pause(!f.paused));
        }
        if ui
            .selectable_label(f.projector, "Projector view")
            .on_hover_text("Large type for the class: the map, prices and news, and nothing of any team's desk.")
            .clicked()
        {
            out.push(FacilitatorIntent::Projector(!f.projector));
        }
        let mut reveal = f.reveal_ai;
        if ui
            .checkbox(&mut reveal, "Show AI reasoning")
            .on_hover_text("Whether teams read why AI leaders move at summits, and whether this window lists the moves the AI weighed.")
            .changed()
        {
            out.push(FacilitatorIntent::RevealAi(reveal));
        }
    });
    if let Some(n) = &form.note {
        ui.colored_label(palette::bad(), n);
    }
    ui.separator();
    egui::Grid::new("limits").num_columns(2).show(ui, |ui| {
        ui.label("Time per team, per month");
        ui.horizontal(|ui| {
            for l in TURN_LIMITS {
                if ui
                    .selectable_label(f.turn_limit == l, limit_label(l))
                    .clicked()
                {
                    out.push(FacilitatorIntent::TurnLimit(l));
                }
            }
        });
        ui.end_row();
        ui.label("Time per summit move");
        ui.horizontal(|ui| {
            for l in MOVE_LIMITS {
                if ui
                    .selectable_label(f.move_limit == l, limit_label(l))
                    .clicked()
                {
                    out.push(FacilitatorIntent::MoveLimit(l));
                }
            }
        });
        ui.end_row();
    });
    ui.label(
        RichText::new("Time up: the team's turn ends; at a summit, the package on its screen is proposed (on its last move, it walks away).")
            .small()
            .color(palette::DIM),
    );
    ui.separator();
    ui.label(RichText::new("Inject an event").strong());
    if !v.events.is_empty() {
        ui.horizontal(|ui| {
            let shown = v.events.get(form.event).map_or(String::new(), |(h, _)| {
                let mut s: String = h.chars().take(44).collect();
                if s.len() < h.len() {
                    s.push('…');
                }
                s
            });
            egui::ComboBox::from_id_salt("event")
                .selected_text(shown)
                .width(330.0)
                .show_ui(ui, |ui| {
                    for (i, (h, fired)) in v.events.iter().enumerate() {
                        let text = if *fired {
                            format!("{h} (has happened)")
                        } else {
                            h.clone()
                        };
                        ui.selectable_value(&mut form.event, i, text);
                    }
                });
            if ui.button("Inject").clicked() {
                out.push(FacilitatorIntent::InjectEvent(form.event));
            }
        });
    }
    draft_form(ui, &mut form.draft, v, &mut out);
    if !v.pending.is_empty() {
        ui.label(
            RichText::new("When the month resolves:")
                .small()
                .color(palette::DIM),
        );
        for (k, p) in v.pending.iter().enumerate() {
            ui.horizontal_wrapped(|ui| {
                if ui.small_button("withdraw").clicked() {
                    out.push(FacilitatorIntent::Withdraw(k));
                }
                ui.label(p);
            });
        }
    }
    ui.separator();
    ui.label(RichText::new("Seats").strong());
    ui.horizontal_wrapped(|ui| {
        for (n, name) in v.nations.iter().enumerate() {
            let people = v.people[n];
            let text = format!("{name}: {}", if people { "people" } else { "AI" });
            let tip = if people {
                "Hand this nation to the AI from the next month"
            } else {
                "Give this nation back to people from the next month"
            };
            if ui.button(text).on_hover_text(tip).clicked() {
                out.push(FacilitatorIntent::HandToAi(n, people));
            }
        }
    });
    if f.reveal_ai && !v.reasoning.is_empty() {
        ui.separator();
        egui::CollapsingHeader::new("What the AI weighed last month")
            .id_salt("ai-reasoning")
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(160.0)
                    .show(ui, |ui| {
                        for (nation, what, gain, given) in &v.reasoning {
                            let mark = if *given { "✔" } else { "·" };
                            ui.label(format!("{mark} {nation}: {what} ({gain:+.2})"));
                        }
                    });
            });
    }
    out
}

fn draft_form(ui: &mut Ui, d: &mut Draft, v: &ControlsView, out: &mut Vec<FacilitatorIntent>) {
    let pick = |ui: &mut Ui, id: &str, value: &mut usize, names: &[String]| {
        egui::ComboBox::from_id_salt(id)
            .selected_text(names.get(*value).cloned().unwrap_or_default())
            .show_ui(ui, |ui| {
                for (i, n) in names.iter().enumerate() {
                    ui.selectable_value(value, i, n);
                }
            });
    };
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut d.headline)
                .hint_text("or write a headline: \"Typhoon shuts Kaohsiung port\"")
                .desired_width(330.0),
        );
    });
    ui.horizontal_wrapped(|ui| {
        egui::ComboBox::from_id_salt("effect-kind")
            .selected_text(
                EffectKind::ALL
                    .iter()
                    .find(|k| k.0 == d.kind)
                    .map_or("", |k| k.1),
            )
            .show_ui(ui, |ui| {
                for (k, label) in EffectKind::ALL {
                    ui.selectable_value(&mut d.kind, k, label);
                }
            });
        pick(ui, "effect-nation", &mut d.nation, &v.nations);
        match d.kind {
            EffectKind::ExportBan => {
                ui.label("bans");
                pick(ui, "effect-good", &mut d.item, &v.goods);
                ui.label("to");
                pick(ui, "effect-other", &mut d.other, &v.nations);
            }
            EffectKind::Demand => {
                pick(ui, "effect-sector", &mut d.item, &v.sectors);
                ui.label("×");
                ui.add(
                    egui::DragValue::new(&mut d.amount)
                        .speed(0.05)
                        .range(ranges::DEMAND_FACTOR.inclusive()),
                );
            }
            EffectKind::Tension => {
                ui.label("towards");
                pick(ui, "effect-other", &mut d.other, &v.nations);
                ui.add(
                    egui::DragValue::new(&mut d.amount)
                        .speed(0.01)
                        .range(ranges::RELATION_CHANGE.inclusive()),
                );
            }
            EffectKind::Approval => {
                ui.add(
                    egui::DragValue::new(&mut d.amount)
                        .speed(0.5)
                        .range(APPROVAL_POINTS.inclusive())
                        .suffix(" points"),
                );
            }
            EffectKind::Treasury => {
                ui.add(
                    egui::DragValue::new(&mut d.amount)
                        .speed(100.0)
                        .range(ranges::TREASURY_CHANGE.inclusive())
                        .suffix(" $M"),
                );
            }
        }
        if ui.button("Inject").clicked() {
            out.push(FacilitatorIntent::InjectDraft);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ai::Difficulty;
    use crate::negotiation::protocol::Move;
    use crate::save;
    use crate::scenario::default_scenario;
    use crate::scenario::schema::Seat;
    use crate::sim::nation::{Controller, Nation};
    use crate::sim::orders::OrderSource;
    use crate::ui::game::Game;
    use crate::ui::view;

    const US: usize = 0;
    const CN: usize = 1;
    const JP: usize = 3;

    fn facilitated(seats: &[usize], dir: Option<&std::path::Path>) -> Game {
        let s = default_scenario().unwrap();
        Game::new(
            s,
            seats,
            9,
            Difficulty::Passive,
            dir.map(|d| d.to_path_buf()),
        )
        .unwrap()
        .facilitated(true)
    }

    fn act(g: &mut Game, i: FacilitatorIntent) {
        g.apply(Intent::Facilitate(i));
    }

    fn controller(g: &mut Game, n: usize) -> Seat {
        let world = g.sim().world();
        let mut q = crate::sim::read::<(&Nation, &Controller)>(world);
        q.iter(world).find(|(x, _)| x.idx == n).unwrap().1.0
    }

    /// An injected scenario event, a written headline with an export ban, and a seat handed
    /// to the AI wait for the month's end, then go through the sim's effect and order path:
    /// the news carries the headlines, the ban is logged as the facilitator's order and is
    /// in force, the seat is the AI's. All of it is in the save (the replay rebuilds the game
    /// exactly) and in the debrief report.
    /// The facilitator's form takes the values a scenario file may hold (the shared ranges of
    /// src/scenario/ranges.rs) and no others.
    #[test]
    fn the_form_takes_the_shared_ranges() {
        let sim = Sim::new(&default_scenario().unwrap(), 1).unwrap();
        let forms = [
            (EffectKind::Demand, ranges::DEMAND_FACTOR),
            (EffectKind::Tension, ranges::RELATION_CHANGE),
            (EffectKind::Approval, APPROVAL_POINTS),
            (EffectKind::Treasury, ranges::TREASURY_CHANGE),
        ];
        for (kind, r) in forms {
            let mut d = Draft::new();
            d.kind = kind;
            let step = |x: f64| (x.abs() * 0.01).max(1e-9);
            for (v, ok) in [
                (r.lo, true),
                (r.hi, true),
                (r.lo - step(r.lo), false),
                (r.hi + step(r.hi), false),
                (f64::NAN, false),
            ] {
                d.amount = v;
                assert_eq!(
                    d.effect(&sim).is_ok(),
                    ok,
                    "{kind:?} {v}: {:?}",
                    d.effect(&sim)
                );
            }
        }
        assert_eq!(APPROVAL_POINTS.inclusive(), -100.0..=100.0);
    }

    #[test]
    fn facilitator_actions_go_through_the_order_path_into_save_and_report() {
        let dir = tempfile::tempdir().unwrap();
        let mut g = facilitated(&[US, JP], Some(dir.path()));
        g.apply(Intent::TakeSeat);
        let event = 0;
        let headline = g.sim().catalog().events[event].headline.clone();
        let event_orders = g.sim().catalog().events[event]
            .effects
            .iter()
            .filter(|e| matches!(e, Effect::Order { .. }))
            .count();
        assert!(event_orders > 0);
        act(&mut g, FacilitatorIntent::InjectEvent(event));
        let ndpr = g.sim().catalog().good_index("ndpr").unwrap();
        {
            g.form.draft = Draft {
                headline: String::new(),
                kind: EffectKind::ExportBan,
                nation: CN,
                other: JP,
                item: ndpr,
                amount: 0.0,
            };
        }
        act(&mut g, FacilitatorIntent::InjectDraft);
        assert!(
            g.form.note.as_deref().unwrap().contains("headline"),
            "a headline is needed"
        );
        assert_eq!(g.facilitation().unwrap().pending().len(), 1);
        g.form.draft.headline = "Beijing halts NdPr exports to Japan".into();
        act(&mut g, FacilitatorIntent::InjectDraft);
        act(&mut g, FacilitatorIntent::HandToAi(JP, true));
        assert_eq!(
            g.session.seats(),
            vec![US],
            "Japan's team leaves the computer at once"
        );
        // Nothing reaches the sim before the month resolves.
        assert_eq!(g.facilitation().unwrap().pending().len(), 3);
        assert!(g.sim().report().interventions.is_empty());
        assert_eq!(controller(&mut g, JP), Seat::Human);
        g.apply(Intent::EndTurn);
        assert_eq!(g.sim().turn(), 1);
        assert!(g.facilitation().unwrap().pending().is_empty());

        let r = g.sim().report();
        let lines: Vec<_> = r
            .interventions
            .iter()
            .map(|i| (i.turn, i.what.as_str()))
            .collect();
        assert_eq!(
            lines,
            vec![
                (1, headline.as_str()),
                (1, "Beijing halts NdPr exports to Japan"),
                (1, "The AI takes over Japan's seat"),
            ]
        );
        for h in [headline.as_str(), "Beijing halts NdPr exports to Japan"] {
            assert!(r.news.iter().any(|n| n.turn == 1 && n.headline == h), "{h}");
        }
        // The event's own order and the written ban both went through the order path.
        let given: Vec<_> = r
            .orders
            .iter()
            .filter(|o| o.source == OrderSource::Facilitator)
            .collect();
        assert_eq!(given.len(), event_orders + 1, "{given:?}");
        assert!(
            given.iter().all(|o| o.actor == CN && o.refused.is_none()),
            "{given:?}"
        );
        assert_eq!(given[event_orders].order, "exports of ndpr to JP: ban");
        assert_eq!(controller(&mut g, JP), Seat::Ai);
        let regime = {
            let world = g.sim().world();
            let mut q = crate::sim::read::<(&Nation, &crate::sim::orders::Policies)>(world);
            let (_, p) = q.iter(world).find(|(n, _)| n.idx == CN).unwrap();
            p.regime(ndpr, JP)
        };
        assert_eq!(regime, Regime::Ban);
        let inputs = g
            .sim()
            .world()
            .resource::<crate::sim::orders::Inputs>()
            .clone();
        assert_eq!(inputs.interventions.len(), 3);

        // The save carries them: a replay from the scenario rebuilds the game exactly (once
        // the US has left the Busan summit, which waits for it).
        assert_eq!(g.session.handover(), None, "one team left: no hand-over");
        while let Some(v) = view::summits(g.sim(), US).into_iter().next() {
            g.apply(Intent::Summit {
                summit: v.index,
                action: Move::WalkAway,
            });
        }
        let path = g.save_as("class").unwrap();
        let loaded = save::load(&path).unwrap();
        assert_eq!(loaded.inputs.interventions, inputs.interventions);
        let rebuilt = save::rebuild(&loaded, 1, |_| {}).unwrap();
        assert_eq!(rebuilt.state_hash(), g.sim().state_hash());
        // Without them the game differs (they did something).
        let mut plain = facilitated(&[US, JP], None);
        plain.apply(Intent::TakeSeat);
        plain.apply(Intent::EndTurn);
        plain.apply(Intent::TakeSeat);
        plain.apply(Intent::EndTurn);
        assert_eq!(plain.sim().turn(), 1);
        assert_ne!(plain.sim().state_hash(), g.sim().state_hash());

        // And the debrief report lists them.
        let out = dir.path().join("report");
        crate::reports::page::write(&out, g.sim(), g.scenario(), 9, g.session.seats()).unwrap();
        let page = std::fs::read_to_string(out.join("report.html")).unwrap();
        assert!(
            page.contains("The facilitator&#39;s interventions")
                || page.contains("The facilitator's interventions")
        );
        assert!(page.contains("Beijing halts NdPr exports to Japan"));
        assert!(
            page.contains("The AI takes over Japan&#39;s seat")
                || page.contains("The AI takes over Japan's seat")
        );
        let orders = std::fs::read_to_string(out.join("orders.csv")).unwrap();
        assert!(orders.contains("Facilitator"), "{orders}");
    }

    /// Hidden AI reasoning: the teams read no AI leader's reasons at a summit; shown, they do.
    #[test]
    fn the_ai_reasoning_can_be_hidden_from_the_teams() {
        let mut g = facilitated(&[US], None);
        g.apply(Intent::EndTurn);
        let v = view::summits(g.sim(), US).into_iter().next().unwrap();
        g.apply(Intent::Summit {
            summit: v.index,
            action: Move::Propose(vec![0; v.issues.len()]),
        });
        let mut v = view::summits(g.sim(), US)
            .into_iter()
            .next()
            .expect("China answered");
        let ai: Vec<_> = v.transcript.iter().filter(|t| t.by_ai).collect();
        assert!(!ai.is_empty());
        assert!(ai.iter().all(|t| t.reason != view::HIDDEN_REASON));
        assert!(
            v.transcript
                .iter()
                .any(|t| !t.by_ai && t.reason == "a player's move")
        );
        v.hide_ai_reasons();
        for t in &v.transcript {
            assert_eq!(t.reason == view::HIDDEN_REASON, t.by_ai, "{t:?}");
        }
        assert_eq!(v.last_word.unwrap().reason, view::HIDDEN_REASON);

        // In the news, an AI move keeps what it did and loses why; other news stays whole.
        let why = "China tightens magnet exports to Japan: tension with Japan is high (0.81)";
        {
            let mut r = g
                .session
                .sim_mut()
                .world_mut()
                .resource_mut::<crate::sim::report::Report>();
            r.news(1, why);
            r.orders.push(crate::sim::report::OrderLogEntry {
                turn: 1,
                actor: CN,
                source: OrderSource::Ai,
                order: "export ban".into(),
                reason: Some(why.into()),
                refused: None,
                lever: Default::default(),
            });
        }
        let mut lines = view::news(g.sim(), US, 60);
        let other = lines.iter().find(|l| l.headline != why).cloned().unwrap();
        view::hide_ai_reasons(g.sim(), &mut lines);
        assert_eq!(
            lines[0].headline,
            format!(
                "China tightens magnet exports to Japan {}",
                view::HIDDEN_REASON
            )
        );
        assert!(lines.contains(&other));
    }
}
