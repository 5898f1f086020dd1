//! The desktop game (bevy_egui): a window, the screens and their panels. The UI only reads the
//! sim (through [`view`] data) and gives it orders and moves through the same calls every other
//! seat uses; panels are functions over view data that return what the player asked for.
//!
//! Screens: the title ([`title`]), the main screen ([`panels`]: top bar, dashboard, world
//! map with the [`overlay`] of trade and plants, the side tabs, with [`trade`] holding the
//! licence, market and agreement tabs), the summit screen, the [`debrief`], the pause
//! [`menu`] with its settings, and the first-game [`guide`].

pub mod author;
pub mod debrief;
pub mod facilitator;
pub mod game;
pub mod guide;
pub mod handover;
pub mod map;
pub mod menu;
pub mod overlay;
pub mod panels;
pub mod projector;
pub mod title;
pub mod trade;
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
use menu::{MenuIntent, Page, Settings};
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
                            let queued = if g.queued() == 0 {
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
                        g.facilitator
                            .get_or_insert_with(facilitator::Facilitator::default);
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
                let mut g = Game::new(
                    scenario,
                    &t.seats(),
                    seed,
                    t.difficulty,
                    t.saves_dir.clone(),
                )?;
                if t.facilitator {
                    g.facilitator = Some(facilitator::Facilitator::default());
                }
                Ok(g)
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

/// The script's progress.
#[derive(Resource, Debug)]
struct Driver {
    script: AutoPlay,
    frame: u32,
    /// Frame of the last action, so each screen has time to draw before the next.
    last: u32,
    step: Step,
    /// Screenshots taken (by name).
    shots: Vec<String>,
    /// When the window first drew, and how long each later frame took (for BENCHMARKS.md).
    started: std::time::Instant,
    first_frame: Option<std::time::Duration>,
    frame_times: Vec<std::time::Duration>,
    previous: Option<std::time::Instant>,
}

/// Where the script is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Title,
    Start,
    FirstTurn,
    Playing,
    /// Open a tab of the side panel (the policy tab also gets an order), then shoot it.
    OpenTab(usize),
    ShootTab(usize),
    /// Facilitator mode: inject events and shoot the controls, the projector view, the pause.
    Facilitate(usize),
    Main,
    Menu,
    Finish,
    Debrief,
    Branch,
    Done,
}

/// The tabs the script opens after the first month, with their screenshots' names.
const TABS: [(Tab, &str); 4] = [
    (Tab::Policies, "policies"),
    (Tab::Licences, "licences"),
    (Tab::Markets, "markets"),
    (Tab::Deals, "deals"),
];

/// Frames between scripted actions (egui lays out over a couple of frames; screenshots are
/// captured asynchronously).
const SETTLE_FRAMES: u32 = 6;

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
    let started = std::time::Instant::now();
    let mut app = window_app("Chokepoint".to_string(), launch.size);
    app.insert_non_send(Screens::new(launch.title, launch.game))
        .add_systems(EguiPrimaryContextPass, main_screen);
    if let Some(script) = launch.autoplay {
        app.insert_resource(Driver {
            script,
            frame: 0,
            last: 0,
            step: Step::Title,
            shots: Vec::new(),
            started,
            first_frame: None,
            frame_times: Vec::new(),
            previous: None,
        })
        .add_systems(Update, drive);
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
        .facilitator
        .as_ref()
        .map_or((false, false), |f| (f.projector, f.paused));
    let mut intents = if projector {
        projector::screen(ctx, game)
    } else if paused && !over {
        facilitator::paused_screen(ctx, game)
    } else if let Some(v) = &handing {
        handover::screen(ctx, v)
    } else if over {
        debrief::screen(ctx, game)
    } else {
        panels::main_screen(ctx, game, guide_on)
    };
    // The adviser, over the map, while no summit, menu or hand-over covers it.
    let mut guided = None;
    if guide_on
        && !over
        && !projector
        && !paused
        && handing.is_none()
        && screens.menu.is_none()
        && !game.summit_waiting()
    {
        let steps = guide::steps(&game.scenario.nations[game.player].name);
        egui::Window::new("adviser")
            .title_bar(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_BOTTOM, [0.0, -44.0])
            .show(ctx, |ui| {
                guided = guide::guide(ui, &steps, game.desk.guide_step)
            });
    }
    // The facilitator's controls, over whatever the window shows (a summit included, so the
    // teacher can always pause), but for the projector view, which is the class's.
    let facilitating = game.facilitator.is_some();
    if !over && facilitating && !projector {
        let view = facilitator::ControlsView::of(game);
        if let Some(f) = game.facilitator.as_mut() {
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
                .show(ctx, |ui| asked = facilitator::controls(ui, f, &view));
            intents.extend(asked.into_iter().map(Intent::Facilitate));
        }
    }
    match guided {
        Some(guide::GuideIntent::Go(step)) => game.desk.guide_step = step,
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
                    game.apply(Intent::Facilitate(
                        facilitator::FacilitatorIntent::Projector(false),
                    ));
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

/// Plays the script through the same intents the buttons send: a screenshot of the title
/// screen and Start; a screenshot of the first turn (with the adviser's guide); `turns` turns
/// ended, answering any summit on the way (a screenshot of the first; then accept the offer
/// on the table, or propose the draft package when there is none); after the first month,
/// each tab of the side panel (the policy tab with a reserve target queued) with a
/// screenshot; a screenshot of the last turn and of the pause menu; then "End the game here"
/// from the menu, a screenshot of the debrief, and a branch from its first month, checked;
/// then quit. Logs the time to the first frame and the frame times.
fn drive(
    mut commands: Commands,
    mut driver: ResMut<Driver>,
    mut screens: NonSendMut<Screens>,
    mut exit: MessageWriter<AppExit>,
) {
    // The first frame has been drawn and presented when the second update begins.
    let now = std::time::Instant::now();
    driver.frame += 1;
    let frame = driver.frame;
    if frame == 2 {
        driver.first_frame = Some(now - driver.started);
    } else if frame > 2
        && let Some(p) = driver.previous
    {
        driver.frame_times.push(now - p);
    }
    driver.previous = Some(now);
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
    let fail = |exit: &mut MessageWriter<AppExit>, why: &str| {
        error!("the scripted session failed: {why}");
        exit.write(AppExit::error());
    };
    let step = driver.step;
    let next = match step {
        Step::Title => {
            shoot(&mut driver, "title");
            Step::Start
        }
        Step::Start => {
            screens.apply(TitleIntent::Start);
            if let Some(e) = &screens.title.error {
                fail(&mut exit, e);
                return;
            }
            Step::FirstTurn
        }
        Step::FirstTurn => {
            shoot(&mut driver, "main-first-turn");
            Step::Playing
        }
        Step::Playing => {
            let Some(game) = screens.game.as_mut() else {
                fail(&mut exit, "no game");
                return;
            };
            if game.handover.is_some() {
                // Hot-seat: the hand-over screen, then the next team confirms.
                if !driver.shots.iter().any(|s| s == "handover") && game.sim.turn() >= 1 {
                    shoot(&mut driver, "handover");
                    return;
                }
                game.apply(Intent::TakeSeat);
                driver.step = Step::Playing;
                return;
            }
            if game.facilitator.is_some()
                && game.sim.turn() >= 1
                && !driver.shots.iter().any(|s| s == "facilitator")
            {
                driver.step = Step::Facilitate(0);
                return;
            }
            if let Some(v) = view::summits(&game.sim, game.player).first() {
                if !driver.shots.iter().any(|s| s == "summit") {
                    shoot(&mut driver, "summit");
                    return;
                }
                let action = match &v.table {
                    Some(_) => Move::Accept,
                    None => Move::Propose(
                        game.desk
                            .drafts
                            .get(&v.id)
                            .cloned()
                            .unwrap_or_else(|| vec![0; v.issues.len()]),
                    ),
                };
                game.apply(Intent::Summit {
                    summit: v.index,
                    action,
                });
                Step::Playing
            } else if game.sim.turn() >= 1 && !driver.shots.iter().any(|s| s == "policies") {
                // The guide has been seen; the rest of the screenshots show the map whole.
                let off = Settings {
                    guide: false,
                    ..screens.settings.clone()
                };
                screens.set(off);
                Step::OpenTab(0)
            } else if game.sim.turn() < driver.script.turns && !game.over() {
                game.apply(Intent::EndTurn);
                Step::Playing
            } else {
                game.apply(Intent::Tab(Tab::News));
                Step::Main
            }
        }
        Step::OpenTab(k) => {
            let Some(game) = screens.game.as_mut() else {
                fail(&mut exit, "no game");
                return;
            };
            game.apply(Intent::Tab(TABS[k].0));
            if TABS[k].0 == Tab::Policies {
                // Build a reserve of what the nation relies on most, as a click on the
                // reserve list would.
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
            }
            Step::ShootTab(k)
        }
        Step::Facilitate(k) => {
            let Some(game) = screens.game.as_mut() else {
                fail(&mut exit, "no game");
                return;
            };
            use facilitator::FacilitatorIntent as F;
            let act = |game: &mut Game, i: F| game.apply(Intent::Facilitate(i));
            // Each screenshot is taken in a step of its own, after the change has been drawn.
            match k {
                0 => {
                    // A scenario event and a written headline, pending for the month's end.
                    act(game, F::InjectEvent(0));
                    if let Some(f) = game.facilitator.as_mut() {
                        f.draft.headline = "Port strike halts rare-earth shipments".into();
                    }
                    act(game, F::InjectDraft);
                    act(game, F::TurnLimit(Some(300)));
                }
                1 => shoot(&mut driver, "facilitator"),
                2 => act(game, F::Projector(true)),
                3 => shoot(&mut driver, "projector"),
                4 => {
                    act(game, F::Projector(false));
                    act(game, F::Pause(true));
                }
                5 => shoot(&mut driver, "paused"),
                _ => {
                    act(game, F::Pause(false));
                    let pending = game.facilitator.as_ref().map_or(0, |f| f.pending.len());
                    if pending != 2 {
                        fail(&mut exit, &format!("{pending} injections pending, not 2"));
                        return;
                    }
                    info!("the facilitator injected 2 events");
                    driver.step = Step::Playing;
                    return;
                }
            }
            Step::Facilitate(k + 1)
        }
        Step::ShootTab(k) => {
            shoot(&mut driver, TABS[k].1);
            if k + 1 < TABS.len() {
                Step::OpenTab(k + 1)
            } else {
                Step::Playing
            }
        }
        Step::Main => {
            shoot(&mut driver, "main");
            screens.menu = Some(Page::Main);
            Step::Menu
        }
        Step::Menu => {
            shoot(&mut driver, "menu");
            Step::Finish
        }
        Step::Finish => {
            screens.apply_menu(MenuIntent::Finish);
            let Some(game) = screens.game.as_mut().filter(|g| g.over()) else {
                fail(&mut exit, "the game did not end from the menu");
                return;
            };
            // The debrief's "Write report" button.
            game.apply(Intent::WriteReport);
            let page = game.report_dir().join("report.html");
            if !page.is_file() {
                fail(
                    &mut exit,
                    &format!("the report was not written: {:?}", game.desk.warning),
                );
                return;
            }
            info!("wrote the debrief report: {}", page.display());
            Step::Debrief
        }
        Step::Debrief => {
            shoot(&mut driver, "debrief");
            Step::Branch
        }
        Step::Branch => {
            let Some(game) = screens.game.as_mut() else {
                fail(&mut exit, "no game");
                return;
            };
            let hash = game
                .sim
                .report()
                .hashes
                .first()
                .map(|h| h.state_hash.clone());
            game.apply(Intent::Branch(1));
            let back = game
                .sim
                .report()
                .hashes
                .last()
                .map(|h| h.state_hash.clone());
            if game.over() || game.sim.turn() != 1 || hash != back {
                fail(
                    &mut exit,
                    &format!(
                        "the branch from month 1 did not rebuild it: {:?}",
                        game.desk.warning
                    ),
                );
                return;
            }
            info!(
                "branched from month 1: state hash {}",
                back.unwrap_or_default()
            );
            Step::Done
        }
        Step::Done => {
            let mut times: Vec<f64> = driver
                .frame_times
                .iter()
                .map(|d| d.as_secs_f64() * 1000.0)
                .collect();
            times.sort_by(f64::total_cmp);
            let pct = |p: f64| {
                times
                    .get(((times.len() as f64 - 1.0) * p) as usize)
                    .copied()
                    .unwrap_or(0.0)
            };
            info!(
                "first frame after {:.0} ms; {} frames: median {:.1} ms, 95th percentile {:.1} ms, worst {:.1} ms",
                driver.first_frame.unwrap_or_default().as_secs_f64() * 1000.0,
                times.len(),
                pct(0.5),
                pct(0.95),
                pct(1.0)
            );
            exit.write(AppExit::Success);
            Step::Done
        }
    };
    driver.step = next;
}

#[cfg(test)]
mod tests {
    use super::*;
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
        while let Some(v) = view::summits(&game.sim, game.player).into_iter().next() {
            game.apply(Intent::Summit {
                summit: v.index,
                action: Move::WalkAway,
            });
        }
        let turn = game.sim.turn();
        let hash = game.sim.state_hash();
        screens.menu = Some(Page::Main);
        assert!(!screens.apply_menu(MenuIntent::Save("before the truce".into())));
        let note = screens.note.clone().unwrap();
        assert!(note.starts_with("Saved to"), "{note}");
        let path = dir.path().join("before the truce.chokepoint");
        assert!(path.exists());
        screens.game.as_mut().unwrap().apply(Intent::EndTurn);
        assert_eq!(screens.game.as_ref().unwrap().sim.turn(), turn + 1);

        screens.apply_menu(MenuIntent::Open(Page::Load));
        assert!(screens.title.saves.iter().any(|c| c.path == path));
        screens.apply_menu(MenuIntent::Load(path.clone()));
        assert!(screens.menu.is_none());
        let back = screens.game.as_mut().unwrap();
        assert_eq!(back.sim.turn(), turn);
        assert_eq!(back.sim.state_hash(), hash);

        // A damaged file is refused with where and what; the game in hand stays.
        let bad = dir.path().join("bad.chokepoint");
        std::fs::write(&bad, "chokepoint save\nnot json\n").unwrap();
        screens.apply_menu(MenuIntent::Load(bad));
        assert!(screens.note.clone().unwrap().starts_with("Not loaded:"));
        assert_eq!(screens.game.as_ref().unwrap().sim.turn(), turn);

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
