//! The desktop game (bevy_egui): a window, the screens and their panels. The UI only reads the
//! sim (through [`view`] data) and sends what the players ask for to the game's
//! [`Session`](crate::session::Session), which holds the rules of play; panels are functions
//! over view data that return what the player asked for.
//!
//! Inside, from the leaves up: [`intent`], [`theme`] and [`format`](mod@format) (the vocabulary, the
//! look, number formats) and [`view`] (view data read from the sim); the widgets over view
//! data ([`panels`], [`policy_tab`], [`summit_screen`], [`trade`], [`overlay`], [`map`],
//! [`guide`], the [`facilitator`]'s controls); [`game`] (a session and what each team is
//! looking at); the screens that read a game ([`desk_screen`], the main screen: top bar,
//! dashboard, world map, the side tabs and a waiting summit; [`handover`], [`projector`],
//! [`debrief`]); and the window host (this module, [`title`], [`menu`], [`author`]).

pub mod author;
pub mod debrief;
pub mod desk_screen;
#[cfg(feature = "scripted")]
mod drive;
#[cfg(feature = "scripted")]
pub use drive::AutoPlay;
pub mod facilitator;
pub mod format;
pub mod game;
pub mod guide;
pub mod handover;
pub mod intent;
pub mod map;
pub mod menu;
pub mod overlay;
pub mod panels;
pub mod policy_tab;
pub mod projector;
pub mod summit_screen;
pub mod theme;
pub mod title;
pub mod trade;
pub mod view;

use std::process::ExitCode;

use bevy::app::AppExit;
use bevy::prelude::*;
use bevy::window::WindowResolution;
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass, egui};

use crate::save;
use game::Game;
use menu::{MenuIntent, Page, Settings};
use panels::Intent;
use title::{Title, TitleIntent};

/// How to start the desktop game: at the title screen, or straight into a game.
pub struct Launch {
    pub title: Title,
    pub game: Option<Game>,
    #[cfg(feature = "scripted")]
    pub autoplay: Option<AutoPlay>,
    pub size: (u32, u32),
}

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

    fn set(&mut self, settings: Settings) {
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
}

/// A Bevy app with one window of this title and size, egui, a camera and the game's dark
/// background, with the renderer's chatter kept out of the log.
pub fn window_app(title: String, (w, h): (u32, u32)) -> App {
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title,
                    resolution: WindowResolution::new(w, h),
                    ..default()
                }),
                ..default()
            })
            .set(bevy::log::LogPlugin {
                filter: "wgpu=error,naga=warn,bevy_render=warn,bevy_winit=warn".to_string(),
                ..default()
            }),
    )
    .add_plugins(EguiPlugin::default())
    .insert_resource(ClearColor(Color::srgb(0.08, 0.09, 0.11)))
    .add_systems(Startup, spawn_camera);
    app
}

/// Runs an app until its window closes; the exit status is the app's.
pub fn run_app(mut app: App) -> ExitCode {
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    }
}

/// Opens the window and runs the game until it is closed.
pub fn run(launch: Launch) -> ExitCode {
    #[cfg(feature = "scripted")]
    let started = std::time::Instant::now();
    let mut app = window_app("Chokepoint".to_string(), launch.size);
    app.insert_non_send(Screens::new(launch.title, launch.game))
        .add_systems(EguiPrimaryContextPass, main_screen);
    #[cfg(feature = "scripted")]
    if let Some(script) = launch.autoplay {
        drive::attach(&mut app, script, started);
    }
    run_app(app)
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn(Camera2d);
}

/// Intents from the keyboard: Enter ends the turn, Esc opens the menu.
fn keyboard(ctx: &egui::Context) -> Option<Intent> {
    if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        return Some(Intent::Menu);
    }
    let typing = ctx.egui_wants_keyboard_input();
    (!typing && ctx.input(|i| i.key_pressed(egui::Key::Enter))).then_some(Intent::EndTurn)
}

fn main_screen(
    mut contexts: EguiContexts,
    mut screens: NonSendMut<Screens>,
    mut styled: Local<bool>,
    mut last_frame: Local<Option<std::time::Instant>>,
    mut exit: MessageWriter<AppExit>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    if !*styled {
        panels::style(ctx);
        *styled = true;
    }
    let screens = &mut *screens;
    screens.settings.apply(ctx);
    let guide_on = screens.settings.guide;
    let Some(game) = screens.game.as_mut() else {
        let mut asked = None;
        egui::CentralPanel::default_margins().show(&mut panels::root_ui(ctx, "title"), |ui| {
            asked = title::title(ui, &mut screens.title)
        });
        if let Some(intent) = asked {
            screens.apply(intent);
        }
        return Ok(());
    };
    // The facilitator's clocks run while the menu is closed.
    let now = std::time::Instant::now();
    let elapsed = last_frame.map_or(std::time::Duration::ZERO, |t| now - t);
    *last_frame = Some(now);
    if screens.menu.is_none() {
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
        && screens.menu.is_none()
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
                ..screens.settings.clone()
            };
            screens.set(s);
        }
        None => {}
    }
    let mut asked = None;
    if let Some(page) = &screens.menu {
        let saves = &screens.title.saves;
        let (settings, note) = (&screens.settings, screens.note.as_deref());
        egui::Modal::new(egui::Id::new("menu"))
            .backdrop_color(egui::Color32::from_black_alpha(160))
            .show(ctx, |ui| {
                asked = menu::menu(ui, page, settings, saves, (over, facilitating), note)
            });
    }
    if let Some(intent) = asked
        && screens.apply_menu(intent)
    {
        exit.write(AppExit::Success);
        return Ok(());
    }
    let menu_open = screens.menu.is_some();
    for intent in intents.into_iter().chain(keyboard(ctx)) {
        match intent {
            Intent::Quit => {
                exit.write(AppExit::Success);
            }
            Intent::ToTitle => screens.to_title(),
            // Esc leaves the projector view first.
            Intent::Menu if projector && !menu_open => {
                if let Some(game) = screens.game.as_mut() {
                    game.apply(Intent::Facilitate(intent::FacilitatorIntent::Projector(
                        false,
                    )));
                }
            }
            Intent::Menu => {
                screens.menu = if menu_open { None } else { Some(Page::Main) };
                screens.note = None;
            }
            // While the menu is open, the game waits.
            _ if menu_open => {}
            intent => {
                if let Some(game) = screens.game.as_mut() {
                    game.apply(intent);
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::negotiation::protocol::Move;
    use crate::scenario::default_scenario;

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
