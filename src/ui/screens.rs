//! What the window shows, frame by frame: the title screen until a game starts, then the game's
//! screens (the main screen, the hand-over, the projector, the pause, the debrief), the
//! adviser, the facilitator's controls and the pause menu over them; and what the players ask
//! for, carried out. Plain egui: the window host (`ui::host`) hands it a context each
//! frame, and the tests hand it one without a window.

use super::game::Game;
use super::intent::FacilitatorIntent;
use super::menu::{MenuIntent, Page, Settings};
use super::panels::Intent;
use super::title::{Title, TitleIntent};
use super::{debrief, desk_screen, facilitator, guide, handover, menu, panels, projector, title};
use crate::save;

/// What the window shows: the title screen until a game starts; the pause menu over it.
pub struct Screens {
    pub title: Title,
    pub game: Option<Game>,
    pub settings: Settings,
    /// The open page of the pause menu.
    pub menu: Option<Page>,
    /// The outcome of the last save or load from the menu.
    pub note: Option<String>,
}

impl Screens {
    pub fn new(title: Title, game: Option<Game>) -> Screens {
        let (settings, problem) = Settings::load(title.saves_dir.as_deref());
        let mut s = Screens {
            title,
            game,
            settings,
            menu: None,
            note: None,
        };
        if problem.is_some() {
            s.title.error = problem;
        }
        s.title.guide = s.settings.guide;
        s
    }

    pub(super) fn set(&mut self, settings: Settings) {
        self.title.guide = settings.guide;
        if settings != self.settings
            && let Some(dir) = &self.title.saves_dir
            && let Err(e) = settings.store(dir)
        {
            self.note = Some(e);
        }
        self.settings = settings;
    }

    /// Carries out what the player asked for in the pause menu. Returns whether to quit.
    pub fn apply_menu(&mut self, intent: MenuIntent) -> bool {
        match intent {
            MenuIntent::Resume => self.menu = None,
            MenuIntent::Open(p) => {
                if p == Page::Load {
                    self.title.refresh_saves();
                }
                if !matches!(p, Page::Save { .. }) {
                    self.note = None;
                }
                self.menu = Some(p);
            }
            MenuIntent::Save(name) => {
                if let Some(g) = self.game.as_mut() {
                    self.note = Some(match g.save_as(&name) {
                        Ok(path) => {
                            let queued = if g.session.queued() == 0 {
                                ""
                            } else {
                                " Orders queued this month are given, and saved, when the turn ends."
                            };
                            format!("Saved to {}.{queued}", path.display())
                        }
                        Err(e) => format!("Not saved: {e}"),
                    });
                }
            }
            MenuIntent::Load(path) => {
                let loaded = save::load(&path)
                    .map_err(|e| e.to_string())
                    .and_then(|l| Game::from_save(l, self.title.saves_dir.clone()));
                match loaded {
                    Ok(g) => {
                        self.game = Some(g);
                        self.menu = None;
                        self.note = None;
                    }
                    Err(e) => self.note = Some(format!("Not loaded: {e}")),
                }
            }
            MenuIntent::Settings(s) => self.set(s),
            MenuIntent::Finish => {
                if let Some(g) = self.game.as_mut() {
                    g.apply(Intent::Finish);
                }
                self.menu = None;
            }
            MenuIntent::Facilitator(on) => {
                if let Some(g) = self.game.as_mut() {
                    if on {
                        g.start_facilitating();
                    } else {
                        g.stop_facilitating();
                    }
                }
                self.menu = None;
            }
            MenuIntent::ToTitle => {
                self.menu = None;
                self.to_title();
            }
            MenuIntent::Quit => return true,
        }
        false
    }

    /// Leaves the game for the title screen, which now lists its autosaves.
    pub fn to_title(&mut self) {
        self.game = None;
        self.title.refresh_saves();
    }

    /// Starts or loads a game as the title screen asked.
    pub fn apply(&mut self, intent: TitleIntent) {
        let t = &mut self.title;
        let started = match intent {
            TitleIntent::Start => t.seed().and_then(|seed| {
                let scenario = t
                    .scenarios
                    .get(t.scenario)
                    .map(|c| c.scenario.clone())
                    .ok_or_else(|| "no scenario to play".to_string())?;
                Game::new(
                    scenario,
                    &t.seats(),
                    seed,
                    t.difficulty,
                    t.saves_dir.clone(),
                )
                .map(|g| g.facilitated(t.facilitator))
            }),
            TitleIntent::Open => {
                if let Some(intent) = self.title.open() {
                    self.apply(intent);
                }
                return;
            }
            TitleIntent::Guide(on) => {
                let s = Settings {
                    guide: on,
                    ..self.settings.clone()
                };
                self.set(s);
                return;
            }
            TitleIntent::Load(path) => save::load(&path)
                .map_err(|e| e.to_string())
                .and_then(|l| Game::from_save(l, t.saves_dir.clone())),
        };
        match started {
            Ok(g) => {
                t.error = None;
                self.game = Some(g);
            }
            Err(e) => t.error = Some(e),
        }
    }

    /// Draws one frame of the window into `ctx` and carries out what the players asked for;
    /// `elapsed` is the time since the last frame (the facilitator's clocks). Whether to quit.
    pub fn frame(&mut self, ctx: &egui::Context, elapsed: std::time::Duration) -> bool {
        self.settings.apply(ctx);
        let guide_on = self.settings.guide;
        let Some(game) = self.game.as_mut() else {
            let mut asked = None;
            egui::CentralPanel::default_margins().show(&mut panels::root_ui(ctx, "title"), |ui| {
                asked = title::title(ui, &mut self.title)
            });
            if let Some(intent) = asked {
                self.apply(intent);
            }
            return false;
        };
        // The facilitator's clocks run while the menu is closed.
        if self.menu.is_none() {
            game.tick(elapsed);
        }
        let over = game.over();
        let handing = handover::HandoverView::of(game).filter(|_| !over);
        let (projector, paused) = game
            .facilitation()
            .map_or((false, false), |f| (f.projector, f.paused));
        let mut intents = if projector {
            projector::screen(ctx, game)
        } else if paused && !over {
            facilitator::paused_screen(ctx, game.sim())
        } else if let Some(v) = &handing {
            handover::screen(ctx, v)
        } else if over {
            debrief::screen(ctx, game)
        } else {
            desk_screen::main_screen(ctx, game, guide_on)
        };
        // The adviser, over the map, while no summit, menu or hand-over covers it.
        let mut guided = None;
        if guide_on
            && !over
            && !projector
            && !paused
            && handing.is_none()
            && self.menu.is_none()
            && !game.session.summit_waiting()
        {
            let steps = guide::steps(&game.scenario().nations[game.player()].name);
            egui::Window::new("adviser")
                .title_bar(false)
                .resizable(false)
                .anchor(egui::Align2::CENTER_BOTTOM, [0.0, -44.0])
                .show(ctx, |ui| {
                    guided = guide::guide(ui, &steps, game.look().guide_step)
                });
        }
        // The facilitator's controls, over whatever the window shows (a summit included, so the
        // teacher can always pause), but for the projector view, which is the class's.
        let facilitating = game.facilitation().is_some();
        if !over && facilitating && !projector {
            let view = facilitator::ControlsView::of(&game.session);
            if let Some(f) = game.session.facilitation() {
                let mut asked = Vec::new();
                let corner = ctx.viewport_rect().right_bottom() - egui::vec2(12.0, 12.0);
                egui::Window::new("Facilitator")
                    .pivot(egui::Align2::RIGHT_BOTTOM)
                    .order(egui::Order::Tooltip)
                    .default_pos(corner)
                    .default_width(470.0)
                    .max_width(470.0)
                    .collapsible(true)
                    .resizable(false)
                    .show(ctx, |ui| {
                        asked = facilitator::controls(ui, &mut game.form, f, &view)
                    });
                intents.extend(asked.into_iter().map(Intent::Facilitate));
            }
        }
        match guided {
            Some(guide::GuideIntent::Go(step)) => game.look_mut().guide_step = step,
            Some(guide::GuideIntent::Show(t)) => intents.push(Intent::Tab(t)),
            Some(guide::GuideIntent::Off) => {
                let s = Settings {
                    guide: false,
                    ..self.settings.clone()
                };
                self.set(s);
            }
            None => {}
        }
        let mut asked = None;
        if let Some(page) = &self.menu {
            let saves = &self.title.saves;
            let (settings, note) = (&self.settings, self.note.as_deref());
            egui::Modal::new(egui::Id::new("menu"))
                .backdrop_color(egui::Color32::from_black_alpha(160))
                .show(ctx, |ui| {
                    asked = menu::menu(ui, page, settings, saves, (over, facilitating), note)
                });
        }
        if let Some(intent) = asked
            && self.apply_menu(intent)
        {
            return true;
        }
        let menu_open = self.menu.is_some();
        let mut quit = false;
        for intent in intents.into_iter().chain(keyboard(ctx)) {
            match intent {
                Intent::Quit => quit = true,
                Intent::ToTitle => self.to_title(),
                // Esc leaves the projector view first.
                Intent::Menu if projector && !menu_open => {
                    if let Some(game) = self.game.as_mut() {
                        game.apply(Intent::Facilitate(FacilitatorIntent::Projector(false)));
                    }
                }
                Intent::Menu => {
                    self.menu = if menu_open { None } else { Some(Page::Main) };
                    self.note = None;
                }
                // While the menu is open, the game waits.
                _ if menu_open => {}
                intent => {
                    if let Some(game) = self.game.as_mut() {
                        game.apply(intent);
                    }
                }
            }
        }
        quit
    }
}

/// Intents from the keyboard: Enter ends the turn, Esc opens the menu.
fn keyboard(ctx: &egui::Context) -> Option<Intent> {
    if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        return Some(Intent::Menu);
    }
    let typing = ctx.egui_wants_keyboard_input();
    (!typing && ctx.input(|i| i.key_pressed(egui::Key::Enter))).then_some(Intent::EndTurn)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::negotiation::protocol::Move;
    use crate::scenario::default_scenario;
    use crate::ui::view;

    /// The pause menu saves under a name, loads it back, ends the game for the debrief, and
    /// leaves for the title screen, which then lists the save.
    #[test]
    fn the_menu_saves_loads_ends_and_leaves() {
        let dir = tempfile::tempdir().unwrap();
        let s = default_scenario().unwrap();
        let mut screens = Screens::new(Title::new(vec![s], Some(dir.path().into())), None);
        screens.apply(TitleIntent::Start);
        let game = screens.game.as_mut().unwrap();
        game.apply(Intent::EndTurn);
        while let Some(v) = view::summits(game.sim(), game.player()).into_iter().next() {
            game.apply(Intent::Summit {
                summit: v.index,
                action: Move::WalkAway,
            });
        }
        let turn = game.sim().turn();
        let hash = game.sim().state_hash();
        screens.menu = Some(Page::Main);
        assert!(!screens.apply_menu(MenuIntent::Save("before the truce".into())));
        let note = screens.note.clone().unwrap();
        assert!(note.starts_with("Saved to"), "{note}");
        let path = dir.path().join("before the truce.chokepoint");
        assert!(path.exists());
        screens.game.as_mut().unwrap().apply(Intent::EndTurn);
        assert_eq!(screens.game.as_ref().unwrap().sim().turn(), turn + 1);

        screens.apply_menu(MenuIntent::Open(Page::Load));
        assert!(screens.title.saves.iter().any(|c| c.path == path));
        screens.apply_menu(MenuIntent::Load(path.clone()));
        assert!(screens.menu.is_none());
        let back = screens.game.as_mut().unwrap();
        assert_eq!(back.sim().turn(), turn);
        assert_eq!(back.sim().state_hash(), hash);

        // A damaged file is refused with where and what; the game in hand stays.
        let bad = dir.path().join("bad.chokepoint");
        std::fs::write(&bad, "chokepoint save\nnot json\n").unwrap();
        screens.apply_menu(MenuIntent::Load(bad));
        assert!(screens.note.clone().unwrap().starts_with("Not loaded:"));
        assert_eq!(screens.game.as_ref().unwrap().sim().turn(), turn);

        screens.apply_menu(MenuIntent::Finish);
        assert!(screens.game.as_ref().unwrap().over());
        assert!(screens.menu.is_none());
        screens.apply_menu(MenuIntent::ToTitle);
        assert!(screens.game.is_none());
        assert!(
            screens
                .title
                .saves
                .iter()
                .any(|c| c.name == "before the truce")
        );
        assert!(screens.apply_menu(MenuIntent::Quit));
    }

    #[test]
    fn settings_changed_in_the_menu_are_kept_for_next_time() {
        let dir = tempfile::tempdir().unwrap();
        let s = default_scenario().unwrap();
        let mut screens = Screens::new(Title::new(vec![s.clone()], Some(dir.path().into())), None);
        assert!(screens.settings.guide);
        screens.apply(TitleIntent::Guide(false));
        screens.apply_menu(MenuIntent::Settings(Settings {
            ui_scale: 1.5,
            ..screens.settings.clone()
        }));
        let again = Screens::new(Title::new(vec![s], Some(dir.path().into())), None);
        assert_eq!(
            again.settings,
            Settings {
                ui_scale: 1.5,
                colour_blind: false,
                guide: false
            }
        );
        assert!(!again.title.guide);
    }
}
