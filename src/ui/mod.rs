//! The desktop game (bevy_egui): a window, the screens and their panels. The UI only reads the
//! sim (through [`view`] data) and gives it orders and moves through the same calls every other
//! seat uses; panels are functions over view data that return what the player asked for.
//!
//! Built so far: the main screen (top bar, world map, dashboard, news, policy tab) and the
//! summit screen. The title and debrief screens, the licence, market and agreement panels,
//! the guide and the menus come next (see the issues).

pub mod game;
pub mod map;
pub mod panels;
pub mod title;
pub mod view;

use std::path::PathBuf;
use std::process::ExitCode;

use bevy::app::AppExit;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy::window::WindowResolution;
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass, egui};

use crate::negotiation::protocol::Move;
use crate::save;
use crate::sim::orders::Order;
use game::Game;
use panels::{Intent, Tab};
use title::{Title, TitleIntent};

/// A scripted session for tests and screenshots: play `turns` turns through the UI's own
/// intents, saving screenshots into `screenshots` along the way, then quit.
#[derive(Debug, Clone)]
pub struct AutoPlay {
    pub turns: u32,
    pub screenshots: Option<PathBuf>,
}

/// How to start the desktop game: at the title screen, or straight into a game.
pub struct Launch {
    pub title: Title,
    pub game: Option<Game>,
    pub autoplay: Option<AutoPlay>,
    pub size: (u32, u32),
}

/// What the window shows: the title screen until a game starts.
pub struct Screens {
    pub title: Title,
    pub game: Option<Game>,
}

impl Screens {
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
                Game::new(scenario, t.nation, seed, t.difficulty, t.saves_dir.clone())
            }),
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

/// The script's progress.
#[derive(Resource, Debug)]
struct Driver {
    script: AutoPlay,
    frame: u32,
    played: u32,
    /// Frame of the last action, so each screen has time to draw before the next.
    last: u32,
    /// Screenshots taken (by name).
    shots: Vec<String>,
}

/// Frames between scripted actions (egui lays out over a couple of frames; screenshots are
/// captured asynchronously).
const SETTLE_FRAMES: u32 = 6;

/// Opens the window and runs the game until it is closed.
pub fn run(launch: Launch) -> ExitCode {
    let (w, h) = launch.size;
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Chokepoint".to_string(),
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
    .insert_non_send(Screens {
        title: launch.title,
        game: launch.game,
    })
    .add_systems(Startup, spawn_camera)
    .add_systems(EguiPrimaryContextPass, main_screen);
    if let Some(script) = launch.autoplay {
        app.insert_resource(Driver {
            script,
            frame: 0,
            played: 0,
            last: 0,
            shots: Vec::new(),
        })
        .add_systems(Update, drive);
    }
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    }
}

fn spawn_camera(mut commands: Commands) {
    commands.spawn(Camera2d);
}

/// Intents from the keyboard: Enter ends the turn.
fn keyboard(ctx: &egui::Context) -> Option<Intent> {
    let typing = ctx.egui_wants_keyboard_input();
    (!typing && ctx.input(|i| i.key_pressed(egui::Key::Enter))).then_some(Intent::EndTurn)
}

fn main_screen(
    mut contexts: EguiContexts,
    mut screens: NonSendMut<Screens>,
    mut styled: Local<bool>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    if !*styled {
        panels::style(ctx);
        *styled = true;
    }
    let screens = &mut *screens;
    match &mut screens.game {
        Some(game) => {
            let intents = panels::main_screen(ctx, game);
            for intent in intents.into_iter().chain(keyboard(ctx)) {
                game.apply(intent);
            }
        }
        None => {
            let mut asked = None;
            egui::CentralPanel::default_margins().show(
                &mut egui::Ui::new(
                    ctx.clone(),
                    "title".into(),
                    egui::UiBuilder::new()
                        .layer_id(egui::LayerId::background())
                        .max_rect(ctx.viewport_rect()),
                ),
                |ui| asked = title::title(ui, &mut screens.title),
            );
            if let Some(intent) = asked {
                screens.apply(intent);
            }
        }
    }
    Ok(())
}

/// Plays the script through the same intents the buttons send: a screenshot of the title
/// screen and Start; a screenshot of the first turn; `turns` turns ended, answering any summit on the way (a screenshot of the first,
/// then: accept the offer on the table, or propose the draft package when there is none);
/// after the first turn, the policy tab with a reserve target queued (a screenshot); a
/// screenshot of the last turn; then quit.
fn drive(
    mut commands: Commands,
    mut driver: ResMut<Driver>,
    mut screens: NonSendMut<Screens>,
    mut exit: MessageWriter<AppExit>,
) {
    driver.frame += 1;
    let frame = driver.frame;
    if frame < driver.last + SETTLE_FRAMES * 2 {
        return;
    }
    driver.last = frame;
    let mut shoot = |driver: &mut Driver, name: &str| {
        if let Some(dir) = &driver.script.screenshots {
            commands
                .spawn(Screenshot::primary_window())
                .observe(save_to_disk(dir.join(format!("{name}.png"))));
        }
        driver.shots.push(name.to_string());
    };
    let taken = |driver: &Driver, name: &str| driver.shots.iter().any(|s| s == name);
    let Some(game) = screens.game.as_mut() else {
        // At the title screen: a screenshot, then Start with the picks made.
        if !taken(&driver, "title") {
            shoot(&mut driver, "title");
        } else if screens.title.error.is_some() {
            exit.write(AppExit::error());
        } else {
            screens.apply(TitleIntent::Start);
        }
        return;
    };
    if !taken(&driver, "main-first-turn") {
        shoot(&mut driver, "main-first-turn");
    } else if let Some(v) = view::summits(&game.sim, game.player).first() {
        if !taken(&driver, "summit") {
            shoot(&mut driver, "summit");
            return;
        }
        let action = match &v.table {
            Some(_) => Move::Accept,
            None => Move::Propose(
                game.drafts
                    .get(&v.id)
                    .cloned()
                    .unwrap_or_else(|| vec![0; v.issues.len()]),
            ),
        };
        game.apply(Intent::Summit {
            summit: v.index,
            action,
        });
    } else if game.sim.turn() >= 1 && !taken(&driver, "policies-opened") {
        // Open the policy tab and build a reserve of what the nation relies on most, as a
        // click on the reserve list would; the screenshot waits for the tab to settle.
        game.apply(Intent::Tab(Tab::Policies));
        let me = game.player;
        let dash = view::dashboard(&mut game.sim, me);
        let reliance = |g: usize| dash.stocks[g].reliance.unwrap_or(0.0);
        let good = (0..dash.stocks.len())
            .max_by(|&a, &b| reliance(a).total_cmp(&reliance(b)))
            .unwrap_or(0);
        game.apply(Intent::Order(Order::SetReserveTarget {
            good,
            months: Some(3.0),
        }));
        driver.shots.push("policies-opened".to_string());
    } else if taken(&driver, "policies-opened") && !taken(&driver, "policies") {
        shoot(&mut driver, "policies");
    } else if game.tab == Tab::Policies {
        game.apply(Intent::Tab(Tab::News));
    } else if driver.played < driver.script.turns && !game.over() {
        game.apply(Intent::EndTurn);
        driver.played += 1;
    } else if !taken(&driver, "main") {
        shoot(&mut driver, "main");
    } else {
        exit.write(AppExit::Success);
    }
}
