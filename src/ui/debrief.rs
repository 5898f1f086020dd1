//! The debrief screen at the end of a game: how the nations finished, how the player's score
//! and shortages went month by month, the key moments, how good the deals were, and a
//! timeline from which any month can be played again as a branch.

use egui::{self, Color32, RichText, Ui};
use egui_plot::{Line, Plot, PlotPoints, Points, VLine};

use super::panels::{Intent, palette};
pub use crate::debrief::*;
use crate::sim::catalog::NationIdx;

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
/// of the key moments (both kept by the caller); `teams` are the nations people played when
/// there were several (hot-seat), to see the debrief from each.
pub fn debrief_panel(
    ui: &mut Ui,
    v: &Debrief,
    pick: &mut u32,
    mine_only: &mut bool,
    notice: Option<&str>,
    teams: &[(NationIdx, String)],
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
            if teams.len() > 1 {
                ui.add_space(12.0);
                ui.label("Seen from:");
                for (n, name) in teams {
                    if ui.selectable_label(*name == v.nation, name).clicked() && *name != v.nation
                    {
                        out.push(Intent::ViewAs(*n));
                    }
                }
            }
            ui.add_space(12.0);
            if ui
                .button("Write report")
                .on_hover_text("Save this debrief as a web page with charts, CSV and JSON files, to share or print")
                .clicked()
            {
                out.push(Intent::WriteReport);
            }
            if let Some(n) = notice {
                ui.label(RichText::new(n).color(palette::good()));
            }
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
                ui.label(format!("{:.1}", s.gdp_index))
                    .on_hover_text("GDP index: 100 at the scenario's start.");
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
                lone_point(plot, name, pts, palette::series(k));
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
            lone_point(plot, "shortage", &v.shortage, palette::bad());
        });
}

/// A series of a single month draws no line: show it as a dot.
fn lone_point(plot: &mut egui_plot::PlotUi<'_>, name: &str, pts: &[[f64; 2]], color: Color32) {
    if let [p] = pts {
        plot.points(Points::new(name, vec![*p]).color(color).radius(3.5));
    }
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
    let v = debrief(game.sim(), game.player(), game.scenario().turns);
    let teams: Vec<(NationIdx, String)> = game
        .session
        .seats()
        .iter()
        .map(|&s| (s, game.scenario().nations[s].name.clone()))
        .collect();
    let mut out = Vec::new();
    let mut root = Ui::new(
        ctx.clone(),
        "debrief".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    egui::CentralPanel::default_margins().show(&mut root, |ui| {
        if let Some(w) = &game.session.desk().warning {
            ui.colored_label(palette::bad(), w);
        }
        out = debrief_panel(
            ui,
            &v,
            &mut game.pick,
            &mut game.mine_only,
            game.session.desk().notice.as_deref(),
            &teams,
        );
    });
    out
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;

    #[test]
    fn the_debrief_offers_to_write_the_report() {
        let v = Debrief {
            scenario: "Standoff 2025".into(),
            nation: "Japan".into(),
            played: 3,
            last_turn: 60,
            standings: vec![Standing {
                nation: "Japan".into(),
                mean_score: 61.0,
                final_score: 60.0,
                gdp_index: 100.4,
                approval: 0.4,
                mine: true,
            }],
            rank: 1,
            scores: vec![("Japan".into(), vec![[1.0, 61.0], [2.0, 61.0], [3.0, 60.0]])],
            shortage: vec![[1.0, 0.0], [2.0, 0.0], [3.0, 0.0]],
            moments: Vec::new(),
            deals: Vec::new(),
            dates: vec!["2025-10".into(), "2025-11".into(), "2025-12".into()],
        };
        let mut h = Harness::new_ui_state(
            move |ui, out: &mut Vec<Intent>| {
                let (mut pick, mut mine) = (3, false);
                let teams = [(2, "Japan".to_string()), (4, "India".to_string())];
                out.extend(debrief_panel(ui, &v, &mut pick, &mut mine, None, &teams));
            },
            Vec::new(),
        );
        h.run();
        h.get_by_label_contains("ended after 3 of 60 months");
        h.get_by_label("100.4");
        h.get_by_label("Write report").click();
        h.run();
        h.get_by_label("India").click();
        h.run();
        assert_eq!(h.state(), &vec![Intent::WriteReport, Intent::ViewAs(4)]);
    }
}
