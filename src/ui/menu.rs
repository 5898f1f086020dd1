//! The pause menu (Esc, or the Menu button): save, load, settings, end the game, quit; and the
//! settings it edits (UI scale, colour-blind-safe palette, the first-game guide), kept in
//! `settings.ron` next to the saves.

use std::path::{Path, PathBuf};

use egui::{self, RichText, Ui};
use serde::{Deserialize, Serialize};

use super::theme::palette;
use super::title::SaveChoice;

/// The player's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Size of everything on screen (1 = as designed; larger for a classroom projector).
    pub ui_scale: f32,
    /// Colours safe for red–green colour blindness.
    pub colour_blind: bool,
    /// Show the adviser's first-game guide.
    pub guide: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            ui_scale: 1.0,
            colour_blind: false,
            guide: true,
        }
    }
}

pub const SCALE_RANGE: std::ops::RangeInclusive<f32> = 0.75..=1.75;
const FILE: &str = "settings.ron";

impl Settings {
    /// Reads the settings kept in `dir`. A missing file gives the defaults; a damaged one
    /// gives the defaults and a message saying where and what (the file is left as it is
    /// until the player changes a setting).
    pub fn load(dir: Option<&Path>) -> (Settings, Option<String>) {
        let Some(path) = dir.map(|d| d.join(FILE)) else {
            return (Settings::default(), None);
        };
        let Ok(text) = std::fs::read_to_string(&path) else {
            return (Settings::default(), None);
        };
        match ron::from_str::<Settings>(&text) {
            Ok(mut s) => {
                s.ui_scale = s.ui_scale.clamp(*SCALE_RANGE.start(), *SCALE_RANGE.end());
                (s, None)
            }
            Err(e) => (
                Settings::default(),
                Some(format!(
                    "{}:{}:{}: settings ignored: {}",
                    path.display(),
                    e.span.start.line,
                    e.span.start.col,
                    e.code
                )),
            ),
        }
    }

    /// Keeps the settings in `dir`.
    pub fn store(&self, dir: &Path) -> Result<(), String> {
        let text = ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default())
            .map_err(|e| e.to_string())?;
        std::fs::create_dir_all(dir)
            .and_then(|_| std::fs::write(dir.join(FILE), text + "\n"))
            .map_err(|e| format!("cannot keep the settings in {}: {e}", dir.display()))
    }

    /// Puts the settings into effect.
    pub fn apply(&self, ctx: &egui::Context) {
        palette::set_colour_blind(self.colour_blind);
        if ctx.zoom_factor() != self.ui_scale {
            ctx.set_zoom_factor(self.ui_scale);
        }
    }
}

/// The page of the menu that is open.
#[derive(Debug, Clone, PartialEq)]
pub enum Page {
    Main,
    Save { name: String },
    Load,
    Settings,
}

/// What the player asked for in the menu.
#[derive(Debug, Clone, PartialEq)]
pub enum MenuIntent {
    Resume,
    Open(Page),
    Save(String),
    Load(PathBuf),
    Settings(Settings),
    /// End the game here and see the debrief.
    Finish,
    /// Switch the facilitator's controls on or off.
    Facilitator(bool),
    ToTitle,
    Quit,
}

/// Draws the open page; returns what the player asked for. `note` is the outcome of the last
/// save or load (shown under the page); `facilitating`, whether the facilitator's controls
/// are on.
pub fn menu(
    ui: &mut Ui,
    page: &Page,
    settings: &Settings,
    saves: &[SaveChoice],
    (over, facilitating): (bool, bool),
    note: Option<&str>,
) -> Option<MenuIntent> {
    let mut out = None;
    ui.set_width(360.0);
    match page {
        Page::Main => out = main_page(ui, over, facilitating),
        Page::Save { name } => {
            ui.heading("Save game");
            let mut name = name.clone();
            ui.label("Name:");
            let edit = ui.add(egui::TextEdit::singleline(&mut name).desired_width(340.0));
            if edit.changed() {
                out = Some(MenuIntent::Open(Page::Save { name: name.clone() }));
            }
            let ok = !name.trim().is_empty();
            if ui
                .add_enabled(ok, big("Save"))
                .on_hover_text(
                    "Written next to the autosaves; an existing save of that name is replaced.",
                )
                .clicked()
                || (ok && edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)))
            {
                out = Some(MenuIntent::Save(name.trim().to_string()));
            }
            if ui.add(big("Back")).clicked() {
                out = Some(MenuIntent::Open(Page::Main));
            }
        }
        Page::Load => {
            ui.heading("Load game");
            if saves.is_empty() {
                ui.label(RichText::new("No saved games yet.").color(palette::DIM));
            }
            egui::ScrollArea::vertical()
                .max_height(320.0)
                .show(ui, |ui| {
                    for s in saves {
                        let h = &s.header;
                        let text = format!("{}  ·  {} (turn {})", s.name, h.date, h.turn);
                        if ui
                            .add(big(&text))
                            .on_hover_text(format!(
                                "{}, seed {}: {}",
                                h.scenario_name,
                                h.seed,
                                s.path.display()
                            ))
                            .clicked()
                        {
                            out = Some(MenuIntent::Load(s.path.clone()));
                        }
                    }
                });
            if ui.add(big("Back")).clicked() {
                out = Some(MenuIntent::Open(Page::Main));
            }
        }
        Page::Settings => {
            ui.heading("Settings");
            let mut s = settings.clone();
            ui.horizontal(|ui| {
                ui.label("UI scale").on_hover_text(
                    "Everything larger or smaller: larger reads better on a classroom projector.",
                );
                ui.add(egui::Slider::new(&mut s.ui_scale, SCALE_RANGE).step_by(0.05));
            });
            ui.checkbox(&mut s.colour_blind, "Colour-blind-safe colours")
                .on_hover_text(
                    "Blue and orange instead of green and red; a yellow for your nation.",
                );
            ui.checkbox(&mut s.guide, "Show the first-game guide")
                .on_hover_text("The adviser who walks you through your first turns.");
            if s != *settings {
                out = Some(MenuIntent::Settings(s));
            }
            if ui.add(big("Back")).clicked() {
                out = Some(MenuIntent::Open(Page::Main));
            }
        }
    }
    if let Some(n) = note {
        ui.add_space(6.0);
        ui.label(RichText::new(n).color(palette::DIM));
    }
    out
}

/// A menu button.
fn big(text: &str) -> egui::Button<'_> {
    egui::Button::new(RichText::new(text).size(16.0)).min_size(egui::vec2(340.0, 32.0))
}

/// The menu's first page: resume, save, load, settings, the facilitator's controls, end the
/// game, leave.
fn main_page(ui: &mut Ui, over: bool, facilitating: bool) -> Option<MenuIntent> {
    let mut out = None;
    ui.heading("Paused");
    ui.add_space(6.0);
    if ui
        .add(big("Resume"))
        .on_hover_text("Back to the game (Esc).")
        .clicked()
    {
        out = Some(MenuIntent::Resume);
    }
    if ui.add(big("Save game…")).clicked() {
        out = Some(MenuIntent::Open(Page::Save {
            name: String::new(),
        }));
    }
    if ui.add(big("Load game…")).clicked() {
        out = Some(MenuIntent::Open(Page::Load));
    }
    if ui.add(big("Settings…")).clicked() {
        out = Some(MenuIntent::Open(Page::Settings));
    }
    if !over {
        let (label, tip) = if facilitating {
            (
                "Hide the facilitator's controls",
                "Pending injections and seat changes are dropped; the game goes on.",
            )
        } else {
            (
                "Facilitator controls…",
                "For a teacher: pause, inject events, time limits, the AI's reasoning, hand seats to the AI, a projector view.",
            )
        };
        if ui.add(big(label)).on_hover_text(tip).clicked() {
            out = Some(MenuIntent::Facilitator(!facilitating));
        }
    }
    if !over
        && ui
            .add(big("End the game here"))
            .on_hover_text("Stop now and see the debrief: scores, charts, key moments. From its timeline you can play on from any month.")
            .clicked()
    {
        out = Some(MenuIntent::Finish);
    }
    if ui
        .add(big("Quit to the title screen"))
        .on_hover_text("The last month you ended is in the autosaves.")
        .clicked()
    {
        out = Some(MenuIntent::ToTitle);
    }
    if ui.add(big("Quit Chokepoint")).clicked() {
        out = Some(MenuIntent::Quit);
    }
    out
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;

    fn run(page: Page, over: bool, click: &str) -> Vec<MenuIntent> {
        let mut h = Harness::new_ui_state(
            move |ui, out: &mut Vec<MenuIntent>| {
                out.extend(menu(
                    ui,
                    &page,
                    &Settings::default(),
                    &[],
                    (over, false),
                    None,
                ))
            },
            Vec::new(),
        );
        h.run();
        h.get_by_label(click).click();
        h.run();
        h.state().clone()
    }

    #[test]
    fn the_menu_pages_send_what_their_buttons_say() {
        assert_eq!(run(Page::Main, false, "Resume"), vec![MenuIntent::Resume]);
        assert_eq!(
            run(Page::Main, false, "End the game here"),
            vec![MenuIntent::Finish]
        );
        assert_eq!(
            run(Page::Main, true, "Settings…"),
            vec![MenuIntent::Open(Page::Settings)]
        );
        assert_eq!(
            run(Page::Settings, false, "Colour-blind-safe colours"),
            vec![MenuIntent::Settings(Settings {
                colour_blind: true,
                ..Settings::default()
            })]
        );
        assert_eq!(
            run(
                Page::Save {
                    name: "  before the summit ".into()
                },
                false,
                "Save"
            ),
            vec![MenuIntent::Save("before the summit".into())]
        );
        assert_eq!(
            run(Page::Load, false, "No saved games yet."),
            Vec::<MenuIntent>::new()
        );
    }

    #[test]
    fn a_finished_game_cannot_be_ended_again() {
        let mut h = Harness::new_ui_state(
            |ui, _: &mut ()| {
                menu(
                    ui,
                    &Page::Main,
                    &Settings::default(),
                    &[],
                    (true, false),
                    None,
                );
            },
            (),
        );
        h.run();
        assert!(h.query_by_label("End the game here").is_none());
    }

    #[test]
    fn settings_are_kept_and_a_damaged_file_is_reported_not_lost() {
        let dir = tempfile::tempdir().unwrap();
        let (s, e) = Settings::load(Some(dir.path()));
        assert_eq!((s, e), (Settings::default(), None));
        let mine = Settings {
            ui_scale: 1.4,
            colour_blind: true,
            guide: false,
        };
        mine.store(dir.path()).unwrap();
        assert_eq!(Settings::load(Some(dir.path())), (mine, None));
        std::fs::write(dir.path().join(FILE), "(ui_scale: 1.2, colour_blnd: true)").unwrap();
        let (s, e) = Settings::load(Some(dir.path()));
        assert_eq!(s, Settings::default());
        let e = e.unwrap();
        assert!(e.contains("settings.ron:1:"), "{e}");
        assert!(e.contains("colour_blnd"), "{e}");
        // Left for the player to fix.
        assert!(
            std::fs::read_to_string(dir.path().join(FILE))
                .unwrap()
                .contains("colour_blnd")
        );
    }
}
