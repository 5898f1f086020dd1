//! The scripted desktop session that CI runs (`play --autoplay N --screenshots DIR`): it plays
//! through the UI's own intents and takes screenshots on the way. Built only with the
//! `scripted` feature (the tests turn it on), never into the shipped game.

use bevy::app::AppExit;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};

use std::path::PathBuf;

use super::game::Game;
use super::menu::{MenuIntent, Page, Settings};
use super::panels::Intent;
use super::title::TitleIntent;
use super::*;
use crate::negotiation::protocol::Move;
use crate::sim::orders::Order;
use panels::Tab;

/// A scripted session for tests and screenshots: play `turns` turns through the UI's own
/// intents, saving screenshots into `screenshots` along the way, then quit.
#[derive(Debug, Clone)]
pub struct AutoPlay {
    pub turns: u32,
    pub screenshots: Option<PathBuf>,
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

impl Driver {
    /// Counts a frame and its time; whether the script acts on it (each screen has time to
    /// draw before the next action). The first frame has been drawn and presented when the
    /// second update begins.
    fn tick(&mut self) -> bool {
        let now = std::time::Instant::now();
        self.frame += 1;
        let frame = self.frame;
        if frame == 2 {
            self.first_frame = Some(now - self.started);
        } else if frame > 2
            && let Some(p) = self.previous
        {
            self.frame_times.push(now - p);
        }
        self.previous = Some(now);
        if frame < self.last + SETTLE_FRAMES * 2 {
            return false;
        }
        self.last = frame;
        true
    }
}

/// Answers a summit: accepts the offer on the table, or proposes the draft package when there
/// is none.
fn answer(game: &mut Game, v: &view::SummitView) {
    let action = match &v.table {
        Some(_) => Move::Accept,
        None => Move::Propose(
            game.session
                .desk()
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
}

/// Adds the script to the game's window app.
pub(super) fn attach(app: &mut App, script: AutoPlay, started: std::time::Instant) {
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
    if !driver.tick() {
        return;
    }
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
        Step::Playing => match playing(&mut screens, &driver) {
            Ok(Playing::Next(step)) => step,
            Ok(Playing::Shoot(name)) => {
                shoot(&mut driver, name);
                return;
            }
            Ok(Playing::Stay(step)) => {
                driver.step = step;
                return;
            }
            Err(why) => {
                fail(&mut exit, &why);
                return;
            }
        },
        Step::OpenTab(k) => {
            let Some(game) = screens.game.as_mut() else {
                fail(&mut exit, "no game");
                return;
            };
            game.apply(Intent::Tab(TABS[k].0));
            if TABS[k].0 == Tab::Policies {
                queue_reserve(game);
            }
            Step::ShootTab(k)
        }
        Step::Facilitate(k) => {
            let Some(game) = screens.game.as_mut() else {
                fail(&mut exit, "no game");
                return;
            };
            // Each screenshot is taken in a step of its own, after the change has been drawn.
            match facilitate(game, k) {
                Facilitated::Next => {}
                Facilitated::Shoot(name) => shoot(&mut driver, name),
                Facilitated::Failed(why) => {
                    fail(&mut exit, &why);
                    return;
                }
                Facilitated::Finished => {
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
            match write_report(game) {
                Ok(page) => info!("wrote the debrief report: {}", page.display()),
                Err(why) => {
                    fail(&mut exit, &why);
                    return;
                }
            }
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
            match branch(game) {
                Ok(hash) => info!("branched from month 1: state hash {hash}"),
                Err(why) => {
                    fail(&mut exit, &why);
                    return;
                }
            }
            Step::Done
        }
        Step::Done => {
            log_frame_times(&driver);
            exit.write(AppExit::Success);
            Step::Done
        }
    };
    driver.step = next;
}

/// The debrief's "Write report" button; the page written, or why not.
fn write_report(game: &mut Game) -> Result<PathBuf, String> {
    game.apply(Intent::WriteReport);
    let page = game.report_dir().join("report.html");
    if page.is_file() {
        Ok(page)
    } else {
        Err(format!(
            "the report was not written: {:?}",
            game.session.desk().warning
        ))
    }
}

/// Plays on from month 1 and checks that the rebuilt game has that month's state hash.
fn branch(game: &mut Game) -> Result<String, String> {
    let hash = game
        .sim()
        .report()
        .hashes
        .first()
        .map(|h| h.state_hash.clone());
    game.apply(Intent::Branch(1));
    let back = game
        .sim()
        .report()
        .hashes
        .last()
        .map(|h| h.state_hash.clone());
    if game.over() || game.sim().turn() != 1 || hash != back {
        return Err(format!(
            "the branch from month 1 did not rebuild it: {:?}",
            game.session.desk().warning
        ));
    }
    Ok(back.unwrap_or_default())
}

/// The time to the first frame and the frame times, for BENCHMARKS.md.
fn log_frame_times(driver: &Driver) {
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
}

/// Builds a reserve of what the nation relies on most, as a click on the reserve list would.
fn queue_reserve(game: &mut Game) {
    let me = game.player();
    let dash = view::dashboard(game.sim(), me);
    let reliance = |g: usize| dash.stocks[g].reliance.unwrap_or(0.0);
    let good = (0..dash.stocks.len())
        .max_by(|&a, &b| reliance(a).total_cmp(&reliance(b)))
        .unwrap_or(0);
    game.apply(Intent::Order(Order::SetReserveTarget {
        good,
        months: Some(3.0),
    }));
}

/// What the facilitator's part of the script did at a step.
enum Facilitated {
    Next,
    Shoot(&'static str),
    Failed(String),
    Finished,
}

/// The facilitator's part of the script, step `k`: inject a scenario event and a written
/// headline with a time limit, shoot the controls, open and shoot the projector view, pause
/// and shoot the paused screen, then resume with both injections pending.
fn facilitate(game: &mut Game, k: usize) -> Facilitated {
    use super::intent::FacilitatorIntent as F;
    let act = |game: &mut Game, i: F| game.apply(Intent::Facilitate(i));
    match k {
        0 => {
            // A scenario event and a written headline, pending for the month's end.
            act(game, F::InjectEvent(0));
            game.form.draft.headline = "Port strike halts rare-earth shipments".into();
            act(game, F::InjectDraft);
            act(game, F::TurnLimit(Some(300)));
        }
        1 => return Facilitated::Shoot("facilitator"),
        2 => act(game, F::Projector(true)),
        3 => return Facilitated::Shoot("projector"),
        4 => {
            act(game, F::Projector(false));
            act(game, F::Pause(true));
        }
        5 => return Facilitated::Shoot("paused"),
        _ => {
            act(game, F::Pause(false));
            let pending = game.facilitation().map_or(0, |f| f.pending().len());
            return if pending == 2 {
                Facilitated::Finished
            } else {
                Facilitated::Failed(format!("{pending} injections pending, not 2"))
            };
        }
    }
    Facilitated::Next
}

/// What a month of play asks of the script next.
enum Playing {
    /// Go on with this step at the next action.
    Next(Step),
    /// Take this screenshot first.
    Shoot(&'static str),
    /// Go on with this step, after the screen has been drawn.
    Stay(Step),
}

/// A step of play: the hand-over screen (hot-seat), the facilitator's part once, every
/// summit answered (the first shot), the tabs once after the first month, then the months
/// ended until the script's last.
fn playing(screens: &mut Screens, driver: &Driver) -> Result<Playing, String> {
    let shot = |name: &str| driver.shots.iter().any(|s| s == name);
    let game = screens.game.as_mut().ok_or("no game")?;
    if game.session.handover().is_some() {
        // Hot-seat: the hand-over screen, then the next team confirms.
        if !shot("handover") && game.sim().turn() >= 1 {
            return Ok(Playing::Shoot("handover"));
        }
        game.apply(Intent::TakeSeat);
        return Ok(Playing::Stay(Step::Playing));
    }
    if game.facilitation().is_some() && game.sim().turn() >= 1 && !shot("facilitator") {
        return Ok(Playing::Stay(Step::Facilitate(0)));
    }
    if let Some(v) = view::summits(game.sim(), game.player()).first() {
        if !shot("summit") {
            return Ok(Playing::Shoot("summit"));
        }
        answer(game, v);
        Ok(Playing::Next(Step::Playing))
    } else if game.sim().turn() >= 1 && !shot("policies") {
        // The guide has been seen; the rest of the screenshots show the map whole.
        let off = Settings {
            guide: false,
            ..screens.settings.clone()
        };
        screens.set(off);
        Ok(Playing::Next(Step::OpenTab(0)))
    } else if game.sim().turn() < driver.script.turns && !game.over() {
        game.apply(Intent::EndTurn);
        Ok(Playing::Next(Step::Playing))
    } else {
        game.apply(Intent::Tab(Tab::News));
        Ok(Playing::Next(Step::Main))
    }
}
