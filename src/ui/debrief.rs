//! The debrief screen at the end of a game: how the nations finished, how the player's score
//! and shortages went month by month, the key moments, how good the deals were, and a
//! timeline from which any month can be played again as a branch.

use bevy_egui::egui::{self, Color32, RichText, Ui};
use egui_plot::{Line, Plot, PlotPoints, VLine};

use super::panels::{Intent, palette};
use crate::sim::Sim;
use crate::sim::catalog::NationIdx;
use crate::sim::nation::{Nation, Score};
use crate::sim::orders::{Lever, OrderSource};
use crate::sim::summits::{Agreement, AgreementStatus};

/// A nation's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    pub nation: String,
    /// The game's score: the mean of the monthly scores (0–100).
    pub mean_score: f64,
    pub final_score: f64,
    pub gdp_index: f64,
    pub approval: f64,
    pub mine: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MomentKind {
    Control,
    Easing,
    Summit,
    Breach,
    Shortage,
}

impl MomentKind {
    pub fn label(self) -> &'static str {
        match self {
            MomentKind::Control => "control",
            MomentKind::Easing => "easing",
            MomentKind::Summit => "summit",
            MomentKind::Breach => "breach",
            MomentKind::Shortage => "shortage",
        }
    }
}

/// Something that shaped the game.
#[derive(Debug, Clone, PartialEq)]
pub struct Moment {
    pub turn: u32,
    pub date: String,
    pub kind: MomentKind,
    pub text: String,
    /// The player's nation took part.
    pub mine: bool,
}

/// How good a summit's outcome was.
#[derive(Debug, Clone, PartialEq)]
pub struct DealGrade {
    pub date: String,
    pub name: String,
    pub outcome: String,
    /// The player's gain over no deal, by full simulation of the agreed package (score points).
    pub my_gain: Option<f64>,
    /// No other package was better for every party.
    pub pareto_efficient: bool,
    /// Distance from the Nash bargaining point (0 = the fair split; 1 = as far as it gets).
    pub nash_distance: Option<f64>,
}

/// The debrief.
#[derive(Debug, Clone, PartialEq)]
pub struct Debrief {
    pub scenario: String,
    pub nation: String,
    pub played: u32,
    pub last_turn: u32,
    /// Best first.
    pub standings: Vec<Standing>,
    pub rank: usize,
    /// Each nation's monthly score.
    pub scores: Vec<(String, Vec<[f64; 2]>)>,
    /// The player's share of planned output lost to shortages, by month (percent).
    pub shortage: Vec<[f64; 2]>,
    pub moments: Vec<Moment>,
    /// The player's summits.
    pub deals: Vec<DealGrade>,
    /// Calendar month of each turn played, 1-based (index 0 is turn 1).
    pub dates: Vec<String>,
}

/// Share of planned output lost in a month that counts as a shortage.
pub const SHORTAGE_MOMENT: f64 = 0.02;

pub fn debrief(sim: &mut Sim, me: NationIdx, last_turn: u32) -> Debrief {
    let world = sim.world_mut();
    let mut q = world.query::<(&Nation, &Score)>();
    let mut means: Vec<(NationIdx, f64)> = q.iter(world).map(|(n, s)| (n.idx, s.mean())).collect();
    means.sort_by_key(|m| m.0);
    let mut aq = world.query::<&Agreement>();
    let mut breaches: Vec<(u32, NationIdx, String, Vec<NationIdx>)> = aq
        .iter(world)
        .filter_map(|a| match a.status {
            AgreementStatus::Breached { by, turn } => {
                Some((turn, by, a.name.clone(), a.parties.clone()))
            }
            _ => None,
        })
        .collect();
    breaches.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
    let played = sim.turn();
    let catalog = sim.catalog();
    let report = sim.report();
    let name = |n: NationIdx| catalog.nations[n].name.clone();
    let my_id = &catalog.nations[me].id;
    let last: Vec<&crate::sim::report::MetricRow> =
        report.metrics.iter().filter(|m| m.turn == played).collect();
    let mut standings: Vec<Standing> = means
        .iter()
        .map(|&(n, mean)| {
            let row = last.iter().find(|m| m.nation == n);
            Standing {
                nation: name(n),
                mean_score: mean,
                final_score: row.map_or(0.0, |r| r.score),
                gdp_index: row.map_or(1.0, |r| r.gdp_index),
                approval: row.map_or(0.0, |r| r.approval),
                mine: n == me,
            }
        })
        .collect();
    standings.sort_by(|a, b| b.mean_score.total_cmp(&a.mean_score));
    let rank = 1 + standings.iter().position(|s| s.mine).unwrap_or(0);
    let mut scores: Vec<(String, Vec<[f64; 2]>)> = catalog
        .nations
        .iter()
        .map(|n| (n.name.clone(), Vec::new()))
        .collect();
    let mut shortage = Vec::new();
    let mut moments = Vec::new();
    let mut short_before = false;
    for m in &report.metrics {
        scores[m.nation].1.push([m.turn as f64, m.score]);
        if m.nation == me {
            shortage.push([m.turn as f64, m.shortage * 100.0]);
            let short = m.shortage >= SHORTAGE_MOMENT;
            if short && !short_before {
                moments.push(Moment {
                    turn: m.turn,
                    date: catalog.date_label(m.turn),
                    kind: MomentKind::Shortage,
                    text: format!(
                        "Your industry runs short: {:.0}% of planned output lost",
                        m.shortage * 100.0
                    ),
                    mine: true,
                });
            }
            short_before = short;
        }
    }
    for o in &report.orders {
        let kind = match o.lever {
            Lever::Control => MomentKind::Control,
            Lever::Easing => MomentKind::Easing,
            Lever::Other => continue,
        };
        if o.refused.is_some() || o.source == OrderSource::Agreement {
            continue;
        }
        moments.push(Moment {
            turn: o.turn,
            date: catalog.date_label(o.turn),
            kind,
            text: format!("{}: {}", name(o.actor), o.order),
            mine: o.actor == me,
        });
    }
    let mut deals = Vec::new();
    for s in &report.summits {
        let mine = s.parties.iter().any(|p| p == my_id);
        moments.push(Moment {
            turn: s.turn,
            date: catalog.date_label(s.turn),
            kind: MomentKind::Summit,
            text: format!("{}: {}", s.name, s.outcome),
            mine,
        });
        if mine {
            deals.push(DealGrade {
                date: catalog.date_label(s.turn),
                name: s.name.clone(),
                outcome: s.outcome.clone(),
                my_gain: s
                    .simulated_gains
                    .as_ref()
                    .and_then(|g| g.get(my_id).copied()),
                pareto_efficient: s.quality.pareto_efficient,
                nash_distance: s.quality.nash_distance,
            });
        }
    }
    for (turn, by, agreement, parties) in breaches {
        moments.push(Moment {
            turn,
            date: catalog.date_label(turn),
            kind: MomentKind::Breach,
            text: format!("{} breaches {agreement}", name(by)),
            mine: parties.contains(&me),
        });
    }
    // In time order; within a month, in the order they were gathered (stable).
    moments.sort_by_key(|m| m.turn);
    Debrief {
        scenario: catalog.scenario_name.clone(),
        nation: name(me),
        played,
        last_turn,
        standings,
        rank,
        scores,
        shortage,
        moments,
        deals,
        dates: (1..=played).map(|t| catalog.date_label(t)).collect(),
    }
}

fn kind_colour(k: MomentKind) -> Color32 {
    match k {
        MomentKind::Control => palette::rival(),
        MomentKind::Easing => palette::good(),
        MomentKind::Summit => palette::partner(),
        MomentKind::Breach => palette::bad(),
        MomentKind::Shortage => palette::you(),
    }
}

/// The debrief screen. `pick` is the month chosen on the timeline and `mine_only` the filter
/// of the key moments (both kept by the caller).
pub fn debrief_panel(
    ui: &mut Ui,
    v: &Debrief,
    pick: &mut u32,
    mine_only: &mut bool,
) -> Vec<Intent> {
    let mut out = Vec::new();
    let early = v.played < v.last_turn;
    egui::Panel::top("debrief-head").show(ui, |ui| {
        ui.add_space(6.0);
        ui.horizontal_wrapped(|ui| {
            ui.heading(RichText::new(format!("Debrief: {}", v.scenario)).size(24.0));
            ui.add_space(12.0);
            let how = if early {
                format!("ended after {} of {} months", v.played, v.last_turn)
            } else {
                format!("all {} months played", v.played)
            };
            ui.label(
                RichText::new(format!(
                    "You led {}: rank {} of {}; {how}",
                    v.nation,
                    v.rank,
                    v.standings.len()
                ))
                .size(16.0)
                .color(palette::you()),
            );
        });
        ui.add_space(4.0);
    });
    egui::Panel::bottom("debrief-timeline").show(ui, |ui| {
        ui.add_space(6.0);
        timeline(ui, v, pick, &mut out);
        ui.add_space(6.0);
    });
    egui::CentralPanel::default_margins().show(ui, |ui| {
        let height = ui.available_height();
        ui.columns(3, |cols| {
            egui::ScrollArea::vertical()
                .id_salt("debrief-left")
                .show(&mut cols[0], |ui| {
                    standings(ui, v);
                    ui.add_space(12.0);
                    deal_grades(ui, v);
                });
            charts(&mut cols[1], v, *pick, height);
            moments(&mut cols[2], v, *mine_only, |m| *mine_only = m);
        });
    });
    out
}

fn dim(text: &str) -> RichText {
    RichText::new(text).small().color(palette::DIM)
}

fn standings(ui: &mut Ui, v: &Debrief) {
    ui.label(dim("FINAL STANDINGS")).on_hover_text(
        "A nation's score each month weighs its economy, its people's approval, its treasury and how secure its supplies are (0–100). The game's result is the mean over the months played.",
    );
    egui::Grid::new("standings")
        .striped(true)
        .num_columns(5)
        .spacing(egui::vec2(10.0, 4.0))
        .show(ui, |ui| {
            for h in ["", "nation", "score", "last month", "GDP"] {
                ui.label(dim(h));
            }
            ui.end_row();
            for (i, s) in v.standings.iter().enumerate() {
                let colour = if s.mine {
                    palette::you()
                } else {
                    palette::TEXT
                };
                ui.colored_label(colour, format!("{}.", i + 1));
                ui.colored_label(colour, &s.nation);
                ui.colored_label(colour, format!("{:.1}", s.mean_score))
                    .on_hover_text("Mean monthly score over the game.");
                ui.label(format!("{:.1}", s.final_score));
                ui.label(format!("{:.3}", s.gdp_index))
                    .on_hover_text("Output against the scenario's start (1.000 = unchanged).");
                ui.end_row();
            }
        });
}

fn deal_grades(ui: &mut Ui, v: &Debrief) {
    ui.label(dim("YOUR SUMMITS AND THEIR DEALS")).on_hover_text(
        "Gain: what the deal was worth to you over no deal, by simulating it. Efficient: no other package was better for both sides. Fairness: how close the split came to the Nash bargain (100% = the fair split).",
    );
    if v.deals.is_empty() {
        ui.label(RichText::new("you held no summits").color(palette::DIM));
    }
    for d in &v.deals {
        ui.label(RichText::new(format!("{}  {}", d.date, d.name)).strong());
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&d.outcome).small());
            if let Some(g) = d.my_gain {
                let c = if g >= 0.0 {
                    palette::good()
                } else {
                    palette::bad()
                };
                ui.colored_label(c, format!("gain {g:+.2}"));
            }
            if d.pareto_efficient {
                ui.colored_label(palette::good(), "efficient");
            } else {
                ui.colored_label(palette::bad(), "left value on the table");
            }
            if let Some(n) = d.nash_distance {
                ui.label(format!(
                    "fairness {:.0}%",
                    (1.0 - n).clamp(0.0, 1.0) * 100.0
                ));
            }
        });
    }
}

fn charts(ui: &mut Ui, v: &Debrief, pick: u32, height: f32) {
    ui.label(dim("SCORE BY MONTH")).on_hover_text(
        "Every nation's monthly score; the line marks the month picked on the timeline.",
    );
    let h = ((height - 90.0) * 0.62).max(140.0);
    Plot::new("scores")
        .height(h)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .include_x(1.0)
        .include_x(v.played.max(2) as f64)
        .show(ui, |plot| {
            for (k, (name, pts)) in v.scores.iter().enumerate() {
                let mine = v.standings.iter().any(|s| s.mine && &s.nation == name);
                plot.line(
                    Line::new(name.as_str(), PlotPoints::from(pts.clone()))
                        .color(palette::series(k))
                        .width(if mine { 3.0 } else { 1.5 }),
                );
            }
            plot.vline(VLine::new("picked", pick as f64).color(Color32::WHITE));
        });
    super::trade::series_key(ui, v.scores.iter().map(|s| s.0.as_str()));
    ui.label(dim("YOUR SHORTAGES, % OF PLANNED OUTPUT LOST"))
        .on_hover_text("Months when your industry could not get the inputs it planned for.");
    Plot::new("shortage")
        .height((height - h - 110.0).max(80.0))
        .include_x(1.0)
        .include_x(v.played.max(2) as f64)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .include_y(0.0)
        .show(ui, |plot| {
            plot.line(
                Line::new("shortage", PlotPoints::from(v.shortage.clone())).color(palette::bad()),
            );
        });
}

fn moments(ui: &mut Ui, v: &Debrief, mine_only: bool, set_mine: impl FnOnce(bool)) {
    ui.horizontal(|ui| {
        ui.label(dim("KEY MOMENTS")).on_hover_text(
            "Controls imposed and eased, summits, breached agreements and the months your industry first ran short.",
        );
        let mut m = mine_only;
        if ui
            .checkbox(&mut m, "yours only")
            .on_hover_text("Only moments your nation took part in.")
            .changed()
        {
            set_mine(m);
        }
    });
    egui::ScrollArea::vertical()
        .id_salt("moments")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for m in v.moments.iter().filter(|m| m.mine || !mine_only) {
                ui.horizontal_wrapped(|ui| {
                    ui.label(dim(&m.date));
                    ui.colored_label(kind_colour(m.kind), m.kind.label());
                    let t = RichText::new(&m.text).small();
                    ui.label(if m.mine {
                        t.color(palette::TEXT)
                    } else {
                        t.color(palette::DIM)
                    });
                });
            }
        });
}

fn timeline(ui: &mut Ui, v: &Debrief, pick: &mut u32, out: &mut Vec<Intent>) {
    if v.played == 0 {
        return;
    }
    *pick = (*pick).clamp(1, v.played);
    ui.horizontal(|ui| {
        ui.label(dim("TIMELINE")).on_hover_text(
            "Pick a month, then play on from its end: the game is rebuilt exactly as it stood and you can try another course.",
        );
        let date = v.dates.get(*pick as usize - 1).cloned().unwrap_or_default();
        ui.spacing_mut().slider_width = (ui.available_width() - 420.0).max(200.0);
        ui.add(
            egui::Slider::new(pick, 1..=v.played)
                .show_value(false)
                .step_by(1.0),
        );
        ui.label(RichText::new(&date).strong());
        if ui
            .button(format!("Play on from {date}"))
            .on_hover_text("Rebuild the game as it stood at the end of that month and play a new branch from there. To keep this ending, save it first from the menu (Esc).")
            .clicked()
        {
            out.push(Intent::Branch(*pick));
        }
        if ui.button("New game").on_hover_text("Back to the title screen.").clicked() {
            out.push(Intent::ToTitle);
        }
    });
    // The moments of the picked month.
    let here: Vec<&Moment> = v.moments.iter().filter(|m| m.turn == *pick).collect();
    ui.horizontal_wrapped(|ui| {
        if here.is_empty() {
            ui.label(dim("nothing of note that month"));
        }
        for m in here.iter().take(4) {
            ui.colored_label(kind_colour(m.kind), m.kind.label());
            ui.label(RichText::new(&m.text).small());
        }
    });
}

/// The whole debrief screen.
pub fn screen(ctx: &egui::Context, game: &mut super::game::Game) -> Vec<Intent> {
    let v = debrief(&mut game.sim, game.player, game.scenario.turns);
    let mut out = Vec::new();
    let mut root = Ui::new(
        ctx.clone(),
        "debrief".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    egui::CentralPanel::default_margins().show(&mut root, |ui| {
        if let Some(w) = &game.warning {
            ui.colored_label(palette::bad(), w);
        }
        out = debrief_panel(ui, &v, &mut game.pick, &mut game.mine_only);
    });
    out
}
