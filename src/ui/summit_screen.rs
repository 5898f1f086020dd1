//! The summit screen: the agenda, the offer on the table, the adviser's estimates, the
//! transcript; propose, accept or walk away.

use egui::{self, RichText, Ui};

use super::intent::*;
use super::theme::*;
use super::view::SummitView;
use crate::negotiation::protocol::Move;

pub(super) fn signed(x: f64) -> String {
    format!("{x:+.2}")
}

pub(super) fn worth_text(x: f64) -> RichText {
    let t = RichText::new(format!("{} points", signed(x)));
    if x > 0.005 {
        t.color(palette::good())
    } else if x < -0.005 {
        t.color(palette::bad())
    } else {
        t
    }
}

/// The summit screen: the agenda with the offer on the table and the player's own package,
/// what the advisers think each is worth, the other side's last word, and the moves.
pub fn summit(ui: &mut Ui, v: &SummitView, draft: &mut Vec<usize>) -> Option<Intent> {
    let mut intent = None;
    draft.resize(v.issues.len(), 0);
    let others: Vec<&str> = v
        .parties
        .iter()
        .enumerate()
        .filter(|(k, _)| *k != v.me)
        .map(|(_, p)| p.as_str())
        .collect();
    ui.heading(format!("{} — with {}", v.name, others.join(", ")));
    ui.label(
        RichText::new(format!(
            "Round {} of {}  ·  your move  ·  {} move{} left to you",
            v.round.min(v.rounds),
            v.rounds,
            v.my_moves_left,
            if v.my_moves_left == 1 { "" } else { "s" }
        ))
        .color(palette::DIM),
    )
    .on_hover_text("Parties take turns: propose a package, accept the one on the table, or walk away. When the rounds run out with no acceptance, there is no deal.");
    if let Some(w) = &v.last_word {
        ui.add_space(4.0);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(RichText::new(format!("{} ({})", w.party, w.action)).strong());
            ui.label(&w.reason);
        });
    }
    ui.add_space(6.0);
    egui::Grid::new("agenda")
        .striped(true)
        .num_columns(3)
        .spacing(egui::vec2(14.0, 6.0))
        .show(ui, |ui| {
            for (h, tip) in [
                ("issue", "What is being negotiated. The first option of each is things as they are."),
                ("on the table", "The package the other side proposed."),
                ("your package", "Pick an option per issue; the worth shown is your advisers' estimate of that option alone, in score points over no deal."),
            ] {
                ui.label(RichText::new(h).small().color(palette::DIM)).on_hover_text(tip);
            }
            ui.end_row();
            for (k, issue) in v.issues.iter().enumerate() {
                ui.label(RichText::new(&issue.name).strong());
                ui.label(match issue.on_table {
                    Some(o) => RichText::new(&issue.options[o]),
                    None => RichText::new("—").color(palette::DIM),
                });
                ui.vertical(|ui| {
                    for (o, label) in issue.options.iter().enumerate() {
                        let worth = issue.worth.get(o).copied().unwrap_or(0.0);
                        ui.horizontal(|ui| {
                            ui.radio_value(&mut draft[k], o, label).on_hover_text(format!(
                                "Your advisers think this option alone is worth {} points to you",
                                signed(worth)
                            ));
                            if o > 0 {
                                ui.label(worth_text(worth).small());
                            }
                        });
                    }
                });
                ui.end_row();
            }
        });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.label("Your package is worth");
        ui.label(worth_text(v.worth_of(draft)).strong());
        ui.label("to you;");
        match &v.table {
            Some(t) => {
                ui.label("the offer on the table");
                ui.label(worth_text(v.worth_of(t)).strong());
            }
            None => {
                ui.label(RichText::new("nothing is on the table yet").color(palette::DIM));
            }
        }
    })
    .response
    .on_hover_text("Your advisers simulate the months ahead with and without the package; the worth is the difference in your mean score. No deal is worth 0.");
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui
            .button(RichText::new("Propose your package").strong())
            .on_hover_text("Put your package on the table; the other side answers at once.")
            .clicked()
        {
            intent = Some(Intent::Summit {
                summit: v.index,
                action: Move::Propose(draft.clone()),
            });
        }
        if ui
            .add_enabled(v.table.is_some(), egui::Button::new("Accept the offer"))
            .on_hover_text("Agree to the package on the table: it takes effect next month.")
            .clicked()
        {
            intent = Some(Intent::Summit {
                summit: v.index,
                action: Move::Accept,
            });
        }
        if ui
            .button("Walk away")
            .on_hover_text("End the talks now, with no deal.")
            .clicked()
        {
            intent = Some(Intent::Summit {
                summit: v.index,
                action: Move::WalkAway,
            });
        }
    });
    ui.add_space(6.0);
    egui::CollapsingHeader::new(format!("Transcript ({} moves)", v.transcript.len()))
        .default_open(false)
        .show(ui, |ui| {
            for t in &v.transcript {
                ui.label(
                    RichText::new(format!("Round {} · {} · {}", t.round, t.party, t.action))
                        .small()
                        .color(palette::DIM),
                );
                if let Some(p) = &t.package {
                    ui.label(p.join("; "));
                }
                ui.label(&t.reason);
                ui.add_space(3.0);
            }
        });
    intent
}
