//! How numbers read on screen (money, quantities) and the small cells the panels share.

use egui::{self, Align, Layout, RichText, Ui};

use super::theme::*;

/// `$M` as the most readable unit.
pub fn money(musd: f64) -> String {
    if musd.abs() >= 1000.0 {
        format!("${:.1} bn", musd / 1000.0)
    } else {
        format!("${musd:.0} M")
    }
}

pub fn quantity(x: f64) -> String {
    if x.abs() >= 10_000.0 {
        format!("{:.0}k", x / 1000.0)
    } else if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// A name in a grid's first column, cut to `width` (the tooltip has it whole).
pub(super) fn name_cell(ui: &mut Ui, name: &str, width: f32) -> egui::Response {
    ui.allocate_ui_with_layout(
        egui::vec2(width, 18.0),
        Layout::left_to_right(Align::Center),
        |ui| {
            ui.set_width(width);
            ui.add(egui::Label::new(name).truncate())
        },
    )
    .inner
}

/// A label with a tooltip that explains it.
pub(super) fn stat(ui: &mut Ui, label: &str, value: RichText, tip: &str) {
    ui.vertical(|ui| {
        ui.label(RichText::new(label).small().color(palette::DIM));
        ui.label(value.strong().size(17.0));
    })
    .response
    .on_hover_text(tip);
}
