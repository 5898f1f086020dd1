//! The look: colours (with a colour-blind-safe palette), how a nation's stance reads, and
//! egui's style for the game.

use egui::{self, Color32, FontId, TextStyle};

use crate::sim::catalog::NationIdx;
use crate::sim::nation::Relations;

/// Colours of the game. The ones that carry meaning (stances, good and bad) come in two sets:
/// the standard one and one safe for red–green colour blindness (Okabe–Ito), picked in the
/// settings.
pub mod palette {
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::Color32;
    pub const PANEL: Color32 = Color32::from_rgb(24, 27, 33);
    pub const SEA: Color32 = Color32::from_rgb(17, 30, 46);
    pub const BORDER: Color32 = Color32::from_rgb(12, 14, 18);
    pub const TEXT: Color32 = Color32::from_rgb(222, 226, 232);
    pub const DIM: Color32 = Color32::from_rgb(150, 158, 170);
    pub const UNCLAIMED: Color32 = Color32::from_rgb(60, 64, 70);

    static COLOUR_BLIND: AtomicBool = AtomicBool::new(false);

    /// Switches to the colour-blind-safe set (for the whole program: it is a setting).
    pub fn set_colour_blind(on: bool) {
        COLOUR_BLIND.store(on, Ordering::Relaxed);
    }

    pub fn colour_blind() -> bool {
        COLOUR_BLIND.load(Ordering::Relaxed)
    }

    fn pick(standard: Color32, safe: Color32) -> Color32 {
        if colour_blind() { safe } else { standard }
    }

    /// The player's nation.
    pub fn you() -> Color32 {
        pick(
            Color32::from_rgb(230, 176, 60),
            Color32::from_rgb(240, 228, 66),
        )
    }
    /// Trusted partners.
    pub fn partner() -> Color32 {
        pick(
            Color32::from_rgb(72, 132, 196),
            Color32::from_rgb(0, 114, 178),
        )
    }
    /// Nations under high tension with the player.
    pub fn rival() -> Color32 {
        pick(
            Color32::from_rgb(196, 78, 70),
            Color32::from_rgb(213, 94, 0),
        )
    }
    pub fn neutral() -> Color32 {
        pick(
            Color32::from_rgb(104, 116, 104),
            Color32::from_rgb(120, 120, 128),
        )
    }
    pub fn good() -> Color32 {
        pick(
            Color32::from_rgb(110, 190, 120),
            Color32::from_rgb(86, 180, 233),
        )
    }
    /// Colours of the lines in charts, one per nation (Okabe–Ito, safe for colour blindness).
    pub fn series(k: usize) -> Color32 {
        const SET: [Color32; 8] = [
            Color32::from_rgb(230, 159, 0),
            Color32::from_rgb(86, 180, 233),
            Color32::from_rgb(0, 158, 115),
            Color32::from_rgb(240, 228, 66),
            Color32::from_rgb(0, 114, 178),
            Color32::from_rgb(213, 94, 0),
            Color32::from_rgb(204, 121, 167),
            Color32::from_rgb(170, 170, 170),
        ];
        SET[k % SET.len()]
    }
    /// Trade under licence (the map's arrows).
    pub fn licensed() -> Color32 {
        pick(
            Color32::from_rgb(240, 150, 50),
            Color32::from_rgb(204, 121, 167),
        )
    }
    pub fn bad() -> Color32 {
        pick(
            Color32::from_rgb(226, 104, 92),
            Color32::from_rgb(230, 159, 0),
        )
    }
}

/// How the player stands with another nation, for the map's colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stance {
    You,
    Partner,
    Rival,
    Neutral,
}

/// Trust at or above this makes a partner; tension at or above this a rival.
pub const PARTNER_TRUST: f64 = 0.6;
pub const RIVAL_TENSION: f64 = 0.5;

pub fn stance(me: NationIdx, other: NationIdx, relations: &Relations) -> Stance {
    if me == other {
        Stance::You
    } else if relations.tension[other] >= RIVAL_TENSION {
        Stance::Rival
    } else if relations.trust[other] >= PARTNER_TRUST {
        Stance::Partner
    } else {
        Stance::Neutral
    }
}

pub(super) fn stance_colour(s: Stance) -> Color32 {
    match s {
        Stance::You => palette::you(),
        Stance::Partner => palette::partner(),
        Stance::Rival => palette::rival(),
        Stance::Neutral => palette::neutral(),
    }
}

/// The look of the game (dark theme, larger type), set once at startup.
pub fn style(ctx: &egui::Context) {
    ctx.all_styles_mut(|s| {
        s.visuals = egui::Visuals::dark();
        s.visuals.panel_fill = palette::PANEL;
        s.visuals.override_text_color = Some(palette::TEXT);
        s.spacing.item_spacing = egui::vec2(8.0, 5.0);
        s.text_styles
            .insert(TextStyle::Body, FontId::proportional(14.0));
        s.text_styles
            .insert(TextStyle::Button, FontId::proportional(14.0));
        s.text_styles
            .insert(TextStyle::Heading, FontId::proportional(19.0));
        s.text_styles
            .insert(TextStyle::Small, FontId::proportional(12.0));
    });
}

/// A Ui over the whole window, on the background layer, for panels to divide.
pub fn root_ui(ctx: &egui::Context, id: &'static str) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        id.into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}
