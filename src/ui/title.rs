//! The title screen: pick a scenario (a shipped one, one given on the command line, or a file
//! opened there), a nation, the AI's level and a seed, then start; or continue a saved game
//! (the newest autosave, any save in the saves folder, or a save file opened there).

use std::path::{Path, PathBuf};

use egui::{self, RichText, Ui};

use super::theme::palette;
use crate::ai::Difficulty;
use crate::save::{self, Header};
use crate::scenario::schema::{Scenario, Seat};

/// A scenario on offer.
#[derive(Debug, Clone)]
pub struct ScenarioChoice {
    pub scenario: Scenario,
}

/// A save on offer.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveChoice {
    pub path: PathBuf,
    pub name: String,
    pub header: Header,
}

/// What the title screen shows and what the player has picked so far (UI state only).
#[derive(Debug, Clone)]
pub struct Title {
    pub scenarios: Vec<ScenarioChoice>,
    pub scenario: usize,
    pub nation: usize,
    /// Other nations people play on this computer (hot-seat), besides `nation`.
    pub also: Vec<usize>,
    pub difficulty: Difficulty,
    pub seed: String,
    pub saves: Vec<SaveChoice>,
    pub saves_dir: Option<PathBuf>,
    /// Why the last start or load failed.
    pub error: Option<String>,
    /// The first-game guide is on (a setting).
    pub guide: bool,
    /// A file path typed to open (a scenario or a save).
    pub file: String,
    /// Games start with the facilitator's controls on.
    pub facilitator: bool,
}

/// What the player asked for on the title screen.
#[derive(Debug, Clone, PartialEq)]
pub enum TitleIntent {
    /// Start a new game with the picks.
    Start,
    /// Continue the game in this save.
    Load(PathBuf),
    /// Switch the first-game guide on or off.
    Guide(bool),
    /// Open the file typed: a scenario to play, or a save to continue.
    Open,
}

/// The saves in a folder whose header reads, newest file first.
pub fn saves_in(dir: &Path) -> Vec<SaveChoice> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(std::time::SystemTime, SaveChoice)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == save::EXTENSION))
        .filter_map(|path| {
            let bytes = save::read(&path).ok()?;
            let header = save::info(&bytes, &path.display().to_string()).ok()?;
            let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok()?;
            let name = path.file_stem()?.to_string_lossy().to_string();
            Some((modified, SaveChoice { path, name, header }))
        })
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.name.cmp(&b.1.name)));
    found.into_iter().map(|(_, s)| s).collect()
}

impl Title {
    /// A title screen offering `scenarios` (the first preselected) and the saves in
    /// `saves_dir`.
    pub fn new(scenarios: Vec<Scenario>, saves_dir: Option<PathBuf>) -> Title {
        let saves = saves_dir.as_deref().map(saves_in).unwrap_or_default();
        let mut t = Title {
            scenarios: scenarios
                .into_iter()
                .map(|scenario| ScenarioChoice { scenario })
                .collect(),
            scenario: 0,
            nation: 0,
            also: Vec::new(),
            difficulty: Difficulty::Normal,
            seed: "1".to_string(),
            saves,
            saves_dir,
            error: None,
            guide: true,
            file: String::new(),
            facilitator: false,
        };
        t.default_seats();
        t
    }

    /// The scenario's human seats (the first is led from this screen, the others are the
    /// hot-seat teams), else its first nation alone.
    fn default_seats(&mut self) {
        let human: Vec<usize> = self
            .scenarios
            .get(self.scenario)
            .map(|c| {
                (0..c.scenario.nations.len())
                    .filter(|&i| c.scenario.nations[i].seat == Seat::Human)
                    .collect()
            })
            .unwrap_or_default();
        self.nation = human.first().copied().unwrap_or(0);
        self.also = human.into_iter().skip(1).collect();
    }

    /// The nations people play, in the order they take the screen: the one led from this
    /// screen, then the other teams' in the scenario's order.
    pub fn seats(&self) -> Vec<usize> {
        let mut seats = vec![self.nation];
        let mut also: Vec<usize> = self
            .also
            .iter()
            .copied()
            .filter(|&a| a != self.nation)
            .collect();
        also.sort_unstable();
        also.dedup();
        seats.extend(also);
        seats
    }

    /// Reads the saves folder again (a game played since has autosaved there).
    pub fn refresh_saves(&mut self) {
        self.saves = self.saves_dir.as_deref().map(saves_in).unwrap_or_default();
    }

    /// Opens the file typed: a save (`.chokepoint`) is continued (returned as a load), a
    /// scenario is checked and offered first on the list. A broken scenario is refused with
    /// its located problems.
    pub fn open(&mut self) -> Option<TitleIntent> {
        let spec = self.file.trim().to_string();
        if spec.is_empty() {
            self.error = Some("type the path of a scenario (.ron) or a save (.chokepoint)".into());
            return None;
        }
        let path = PathBuf::from(&spec);
        if path.extension().is_some_and(|x| x == save::EXTENSION) {
            return Some(TitleIntent::Load(path));
        }
        match crate::scenario::load(&spec) {
            Ok(scenario) => {
                self.scenarios.retain(|c| c.scenario.id != scenario.id);
                self.scenarios.insert(0, ScenarioChoice { scenario });
                self.scenario = 0;
                self.default_seats();
                self.error = None;
            }
            Err(d) => self.error = Some(d.to_string().trim_end().to_string()),
        }
        None
    }

    /// The seed as typed, if it is a number.
    pub fn seed(&self) -> Result<u64, String> {
        self.seed.trim().parse().map_err(|_| {
            format!(
                "the seed must be a whole number, not `{}`",
                self.seed.trim()
            )
        })
    }
}

fn new_game(ui: &mut Ui, t: &mut Title) -> Option<TitleIntent> {
    let mut opened = false;
    ui.heading("New game");
    ui.add_space(4.0);
    let before = t.scenario;
    egui::Grid::new("new-game")
        .num_columns(2)
        .spacing(egui::vec2(14.0, 8.0))
        .show(ui, |ui| {
            ui.label("Scenario");
            egui::ComboBox::from_id_salt("scenario")
                .selected_text(
                    t.scenarios
                        .get(t.scenario)
                        .map_or("", |c| c.scenario.name.as_str()),
                )
                .width(300.0)
                .show_ui(ui, |ui| {
                    for (i, c) in t.scenarios.iter().enumerate() {
                        ui.selectable_value(&mut t.scenario, i, &c.scenario.name);
                    }
                });
            ui.end_row();
        });
    if let Some(c) = t.scenarios.get(t.scenario) {
        ui.add(
            egui::Label::new(
                RichText::new(format!(
                    "{} months from {}-{:02}. {}",
                    c.scenario.turns,
                    c.scenario.start.year,
                    c.scenario.start.month,
                    c.scenario.description.trim()
                ))
                .color(palette::DIM),
            )
            .wrap(),
        );
        if !c.scenario.learning_objectives.is_empty() {
            egui::CollapsingHeader::new("What it teaches")
                .id_salt(("objectives", t.scenario))
                .show(ui, |ui| {
                    for o in &c.scenario.learning_objectives {
                        ui.add(egui::Label::new(format!("• {}", o.trim())).wrap());
                    }
                });
        }
    }
    ui.add_space(6.0);
    egui::Grid::new("picks")
        .num_columns(2)
        .spacing(egui::vec2(14.0, 8.0))
        .show(ui, |ui| {
            if let Some(c) = t.scenarios.get(t.scenario) {
                ui.label("You lead");
                ui.horizontal_wrapped(|ui| {
                    for (i, n) in c.scenario.nations.iter().enumerate() {
                        ui.radio_value(&mut t.nation, i, &n.name).on_hover_text(format!(
                            "{}: leader {} (hawkishness {:.1})",
                            n.name, n.leader.name, n.leader.hawkishness
                        ));
                    }
                });
                ui.end_row();
                ui.label("Other teams here").on_hover_text(
                    "Hot-seat: more teams play on this computer, taking turns at the screen. Between teams a hand-over screen hides the last team's desk: its orders, its advisers' estimates, its summit drafts.",
                );
                ui.horizontal_wrapped(|ui| {
                    for (i, n) in c.scenario.nations.iter().enumerate() {
                        if i == t.nation {
                            continue;
                        }
                        let mut on = t.also.contains(&i);
                        if ui.checkbox(&mut on, &n.name).changed() {
                            t.also.retain(|&a| a != i);
                            if on {
                                t.also.push(i);
                            }
                        }
                    }
                });
                ui.end_row();
            }
            ui.label("The AI plays").on_hover_text(
                "How well the other nations play: the levels differ in how far ahead they look and how carefully they weigh moves, never in hidden bonuses.",
            );
            ui.horizontal(|ui| {
                for d in [Difficulty::Easy, Difficulty::Normal, Difficulty::Hard] {
                    ui.radio_value(&mut t.difficulty, d, d.to_string());
                }
            });
            ui.end_row();
            ui.label("Facilitator").on_hover_text(
                "For a teacher running a class: pause, inject events, time limits per turn and per summit move, the AI's reasoning, seats handed to the AI and back, a projector view. Also in the menu during a game.",
            );
            ui.checkbox(&mut t.facilitator, "controls for the teacher");
            ui.end_row();
            ui.label("Seed").on_hover_text(
                "Every chance event follows from it: the same seed and the same choices give the same game.",
            );
            ui.add(egui::TextEdit::singleline(&mut t.seed).desired_width(120.0));
            ui.end_row();
            ui.label("Or open a file").on_hover_text(
                "A scenario file of your own (.ron) to play, or a save (.chokepoint) from anywhere to continue.",
            );
            ui.horizontal(|ui| {
                let edit = ui.add(
                    egui::TextEdit::singleline(&mut t.file)
                        .hint_text("path/to/scenario.ron or game.chokepoint")
                        .desired_width(360.0),
                );
                let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button("Open").clicked() || enter {
                    opened = true;
                }
            });
            ui.end_row();
        });
    if opened && let Some(intent) = t.open() {
        return Some(intent);
    }
    if t.scenario != before {
        t.default_seats();
    }
    ui.add_space(12.0);
    let start = egui::Button::new(RichText::new("Start").strong().size(18.0))
        .fill(egui::Color32::from_rgb(48, 98, 60))
        .min_size(egui::vec2(160.0, 38.0));
    ui.add(start).clicked().then_some(TitleIntent::Start)
}

/// The first-game guide: switch it on or off, or read it here.
fn first_game(ui: &mut Ui, t: &Title) -> Option<TitleIntent> {
    let mut intent = None;
    ui.horizontal(|ui| {
        let mut on = t.guide;
        if ui
            .checkbox(&mut on, "First game? An adviser walks you through the first turns")
            .on_hover_text("The guide explains the screen, the levers and summits step by step; switch it off any time.")
            .changed()
        {
            intent = Some(TitleIntent::Guide(on));
        }
    });
    egui::CollapsingHeader::new("How to play")
        .id_salt("how-to-play")
        .show(ui, |ui| {
            let nation = t
                .scenarios
                .get(t.scenario)
                .and_then(|c| c.scenario.nations.get(t.nation))
                .map_or("your nation", |n| n.name.as_str());
            for s in super::guide::steps(nation) {
                ui.label(RichText::new(s.title).strong());
                ui.label(RichText::new(s.text).color(palette::DIM));
                ui.add_space(4.0);
            }
        });
    intent
}

fn continue_game(ui: &mut Ui, t: &Title) -> Option<TitleIntent> {
    let mut intent = None;
    ui.heading("Continue");
    ui.add_space(4.0);
    match &t.saves_dir {
        Some(d) => {
            ui.label(
                RichText::new(format!("Saves in {}", d.display()))
                    .small()
                    .color(palette::DIM),
            );
        }
        None => {
            ui.label(RichText::new("No folder for saves on this system.").color(palette::DIM));
        }
    }
    if t.saves.is_empty() {
        ui.label(
            RichText::new("No saved games yet: every turn you play is autosaved.")
                .color(palette::DIM),
        );
    }
    egui::ScrollArea::vertical()
        .max_height(260.0)
        .show(ui, |ui| {
            for s in &t.saves {
                let h = &s.header;
                let text = format!(
                    "{}  ·  {}, {} (turn {}), seed {}",
                    s.name, h.scenario_name, h.date, h.turn, h.seed
                );
                if ui
                    .button(text)
                    .on_hover_text(format!("Continue this game ({})", s.path.display()))
                    .clicked()
                {
                    intent = Some(TitleIntent::Load(s.path.clone()));
                }
            }
        });
    intent
}

/// Draws the title screen into `ui`; returns what the player asked for.
pub fn title(ui: &mut Ui, t: &mut Title) -> Option<TitleIntent> {
    let mut intent = None;
    ui.vertical_centered(|ui| {
        ui.add_space(28.0);
        ui.label(
            RichText::new("CHOKEPOINT")
                .size(44.0)
                .strong()
                .color(palette::you()),
        );
        ui.label(
            RichText::new("Rare earths, chips and the leaders who trade them")
                .size(17.0)
                .color(palette::DIM),
        );
        ui.add_space(20.0);
    });
    // One centred column, as wide as reads well.
    // It scrolls when "How to play" is open on a small window.
    let width = 760.0_f32.min(ui.available_width() - 24.0);
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.add_space(((ui.available_width() - width) / 2.0).max(0.0));
                ui.vertical(|ui| {
                    ui.set_width(width);
                    if let Some(i) = new_game(ui, t) {
                        intent = Some(i);
                    }
                    if let Some(e) = &t.error {
                        ui.add_space(6.0);
                        ui.colored_label(palette::bad(), RichText::new(e).monospace().size(13.0));
                    }
                    ui.add_space(8.0);
                    if let Some(i) = first_game(ui, t) {
                        intent = Some(i);
                    }
                    ui.add_space(10.0);
                    ui.separator();
                    if let Some(i) = continue_game(ui, t) {
                        intent = Some(i);
                    }
                });
            })
        });
    intent
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;
    use crate::scenario::default_scenario;

    #[test]
    fn the_title_screen_picks_a_nation_and_starts() {
        let t = Title::new(vec![default_scenario().unwrap()], None);
        assert_eq!(
            t.nation, 0,
            "the default scenario has no human seat: its first nation"
        );
        let mut h = Harness::new_ui_state(
            |ui, (t, out): &mut (Title, Vec<TitleIntent>)| out.extend(title(ui, t)),
            (t, Vec::new()),
        );
        h.set_size(egui::vec2(1280.0, 720.0));
        h.run();
        // The first "Japan" is the radio button; the second, its hot-seat box.
        h.query_all_by_label("Japan").next().unwrap().click();
        h.run();
        h.get_by_label("hard").click();
        h.run();
        h.get_by_label("No saved games yet: every turn you play is autosaved.");
        h.get_by_label("Start").click();
        h.run();
        let (t, out) = h.state();
        assert_eq!(t.scenarios[0].scenario.nations[t.nation].id, "JP");
        assert_eq!(t.difficulty, Difficulty::Hard);
        assert_eq!(out, &vec![TitleIntent::Start]);
    }

    #[test]
    fn a_scenario_file_opens_and_a_broken_one_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = Title::new(vec![default_scenario().unwrap()], None);
        let text = crate::scenario::SHIPPED[0].source;
        let mine = text.replacen("id: \"standoff-2025\"", "id: \"my-standoff\"", 1);
        assert_ne!(mine, text);
        let good = dir.path().join("mine.ron");
        std::fs::write(&good, &mine).unwrap();
        t.file = good.display().to_string();
        assert_eq!(t.open(), None);
        assert!(t.error.is_none(), "{:?}", t.error);
        assert_eq!(t.scenarios.len(), 2);
        assert_eq!(t.scenarios[t.scenario].scenario.id, "my-standoff");
        let broken = dir.path().join("broken.ron");
        std::fs::write(&broken, mine.replacen("    turns: 60", "    turnz: 60", 1)).unwrap();
        t.file = broken.display().to_string();
        assert_eq!(t.open(), None);
        let e = t.error.clone().unwrap();
        assert!(e.contains("broken.ron:"), "{e}");
        assert!(e.contains("turnz"), "{e}");
        assert_eq!(t.scenarios.len(), 2, "nothing lost");
        t.file = "/somewhere/game.chokepoint".into();
        assert_eq!(
            t.open(),
            Some(TitleIntent::Load("/somewhere/game.chokepoint".into()))
        );
    }

    #[test]
    fn a_seed_must_be_a_number() {
        let mut t = Title::new(vec![default_scenario().unwrap()], None);
        t.seed = " 42 ".into();
        assert_eq!(t.seed(), Ok(42));
        t.seed = "forty".into();
        assert!(t.seed().unwrap_err().contains("`forty`"));
    }
}
