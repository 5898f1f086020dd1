//! `chokepoint author FILE`: a window that watches a scenario file. Every quarter second it
//! looks at the file; when it changed it checks it again and shows the problems with their
//! line and column (the terminal gets the same lines), or, when valid, charts the first 24
//! months of an AI run: each nation's price of a good, its share of the good's world output,
//! and its shortages, with the news. A fixed file is picked up the same way: no restart.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};
use egui::{self, RichText, Ui};
use egui_plot::{Line, Plot, PlotPoints};

use super::panels::{self, palette};
use super::trade::series_key;
use crate::author::{Preview, Series, Status, Watcher};

/// How often the file is looked at.
pub const POLL_EVERY: Duration = Duration::from_millis(250);

pub struct AuthorLaunch {
    pub path: PathBuf,
    pub size: (u32, u32),
    #[cfg(feature = "scripted")]
    /// Edit the file by script to show the loop, saving screenshots into this folder, then
    /// quit (for tests and the docs).
    pub demo: Option<PathBuf>,
}

#[derive(Resource)]
struct Author {
    watcher: Watcher,
    last_poll: Option<Instant>,
    /// Good charted.
    good: usize,
    /// Whether the author picked the good (otherwise the liveliest one is shown).
    picked: bool,
    /// When the file last changed, as seen by this window.
    changed_at: Option<Instant>,
}

/// Opens the window and runs until it is closed.
pub fn run(launch: AuthorLaunch) -> ExitCode {
    let title = format!("Chokepoint author: {}", launch.path.display());
    let mut app = super::window_app(title, launch.size);
    app.insert_resource(Author {
        watcher: Watcher::new(&launch.path),
        last_poll: None,
        good: 0,
        picked: false,
        changed_at: None,
    })
    .add_systems(Update, poll)
    .add_systems(EguiPrimaryContextPass, draw);
    #[cfg(feature = "scripted")]
    if let Some(dir) = launch.demo {
        scripted::attach(&mut app, dir, &launch.path);
    }
    super::run_app(app)
}

fn poll(mut author: ResMut<Author>) {
    let now = Instant::now();
    if author.last_poll.is_some_and(|t| now - t < POLL_EVERY) {
        return;
    }
    author.last_poll = Some(now);
    if author.watcher.poll() {
        author.changed_at = Some(now);
        let report = author.watcher.report();
        match author.watcher.status {
            Status::Valid | Status::Waiting => println!("{report}"),
            _ => eprintln!("{report}"),
        }
        if let Some(p) = &author.watcher.preview {
            author.good = if author.picked {
                author.good.min(p.goods.len().saturating_sub(1))
            } else {
                p.liveliest_good()
            };
        }
    }
}

fn draw(mut contexts: EguiContexts, mut author: ResMut<Author>, mut styled: Local<bool>) -> Result {
    let ctx = contexts.ctx_mut()?;
    if !*styled {
        panels::style(ctx);
        *styled = true;
    }
    let author = &mut *author;
    let mut root = panels::root_ui(ctx, "author_root");
    egui::Panel::top("author_top").show(&mut root, |ui| {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.label(RichText::new("AUTHOR").small().color(palette::DIM));
            ui.label(RichText::new(author.watcher.path.display().to_string()).strong());
            ui.separator();
            status_chip(ui, &author.watcher.status);
            if let Some(t) = author.changed_at {
                ui.label(
                    RichText::new(format!(
                        "version {} · checked {} s ago",
                        author.watcher.version,
                        t.elapsed().as_secs()
                    ))
                    .small()
                    .color(palette::DIM),
                );
            }
        });
        ui.label(
            RichText::new(
                "Edit the file in your editor and save: this window checks it again within a second.",
            )
            .small()
            .color(palette::DIM),
        );
        ui.add_space(4.0);
    });
    if let Some(p) = &author.watcher.preview {
        egui::Panel::right("author_news")
            .resizable(false)
            .exact_size(320.0)
            .show(&mut root, |ui| news(ui, p));
    }
    egui::CentralPanel::default_margins().show(&mut root, |ui| {
        if let Status::Invalid(ds) = &author.watcher.status {
            problems(ui, ds, &author.watcher);
            ui.add_space(8.0);
        }
        if let Status::Unreadable(e) = &author.watcher.status {
            ui.label(RichText::new(e).color(palette::bad()));
        }
        let stale = author.watcher.status != Status::Valid;
        if let Some(p) = author.watcher.preview.clone() {
            if stale {
                ui.label(
                    RichText::new("Preview of the last valid version")
                        .small()
                        .color(palette::DIM),
                );
            }
            let before = author.good;
            charts(ui, &p, &mut author.good);
            author.picked |= author.good != before;
        } else if !matches!(author.watcher.status, Status::Valid) {
            ui.label(
                RichText::new("No valid version yet: the preview appears when the file checks.")
                    .color(palette::DIM),
            );
        }
    });
    Ok(())
}

fn status_chip(ui: &mut Ui, status: &Status) {
    let (text, color) = match status {
        Status::Waiting => ("reading…".to_string(), palette::DIM),
        Status::Unreadable(_) => ("cannot read the file".to_string(), palette::bad()),
        Status::Invalid(ds) => (
            format!(
                "{} problem{}",
                ds.len(),
                if ds.len() == 1 { "" } else { "s" }
            ),
            palette::bad(),
        ),
        Status::Valid => ("valid".to_string(), palette::good()),
    };
    ui.label(RichText::new(text).strong().color(color));
}

/// The problems, each with its place and the line of the file it points at.
fn problems(ui: &mut Ui, ds: &[crate::scenario::validate::Diagnostic], w: &Watcher) {
    let lines: Vec<&str> = w.source.lines().collect();
    egui::ScrollArea::vertical()
        .id_salt("problems")
        .max_height(260.0)
        .show(ui, |ui| {
            for d in ds {
                ui.label(
                    RichText::new(format!("line {}, column {}: {}", d.line, d.col, d.message))
                        .color(palette::bad())
                        .strong(),
                );
                if let Some(l) = d.line.checked_sub(1).and_then(|i| lines.get(i)) {
                    let caret = format!("{}^", " ".repeat(d.col.saturating_sub(1)));
                    ui.label(
                        RichText::new(format!("{:>5} | {l}\n      | {caret}", d.line))
                            .monospace()
                            .color(palette::TEXT),
                    );
                }
                ui.add_space(4.0);
            }
        });
}

fn charts(ui: &mut Ui, p: &Preview, good: &mut usize) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(&p.name).heading());
        ui.label(
            RichText::new(format!("first {} months, AI at normal, seed 1", p.turns))
                .color(palette::DIM),
        );
        ui.separator();
        ui.label(RichText::new("GOOD").small().color(palette::DIM));
        egui::ComboBox::from_id_salt("author_good")
            .selected_text(p.goods.get(*good).map_or("", String::as_str))
            .show_ui(ui, |ui| {
                for (i, g) in p.goods.iter().enumerate() {
                    ui.selectable_value(good, i, g);
                }
            });
    });
    series_key(ui, p.nations.iter().map(String::as_str));
    let g = (*good).min(p.goods.len().saturating_sub(1));
    let h = ((ui.available_height() - 90.0) / 3.0).max(110.0);
    let plot = |ui: &mut Ui, id: &str, title: &str, series: &[Series], percent: bool| {
        ui.label(RichText::new(title).small().color(palette::DIM));
        Plot::new(id)
            .height(h)
            .allow_scroll(false)
            .allow_drag(false)
            .allow_zoom(false)
            .include_x(1.0)
            .include_x(p.turns.max(2) as f64)
            .include_y(0.0)
            .show(ui, |plot| {
                for (k, (name, pts)) in p.nations.iter().zip(series).enumerate() {
                    let pts: Vec<[f64; 2]> = if percent {
                        pts.iter().map(|v| [v[0], v[1] * 100.0]).collect()
                    } else {
                        pts.clone()
                    };
                    plot.line(
                        Line::new(name.as_str(), PlotPoints::from(pts))
                            .color(palette::series(k))
                            .width(1.8),
                    );
                }
            });
    };
    if let (Some(prices), Some(shares)) = (p.prices.get(g), p.shares.get(g)) {
        let name = &p.goods[g];
        plot(
            ui,
            "author_prices",
            &format!("PRICE OF {}, × BASE", name.to_uppercase()),
            prices,
            false,
        );
        plot(
            ui,
            "author_shares",
            &format!("SHARE OF WORLD OUTPUT OF {}, %", name.to_uppercase()),
            shares,
            true,
        );
    }
    plot(
        ui,
        "author_shortage",
        "SHORTAGES, % OF PLANNED OUTPUT LOST",
        &p.shortage,
        true,
    );
}

fn news(ui: &mut Ui, p: &Preview) {
    ui.label(RichText::new("NEWS").small().color(palette::DIM));
    egui::ScrollArea::vertical()
        .id_salt("author_news_list")
        .show(ui, |ui| {
            if p.news.is_empty() {
                ui.label(RichText::new("Nothing happened.").color(palette::DIM));
            }
            for (turn, h) in &p.news {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(format!("{turn:>2}"))
                            .monospace()
                            .color(palette::DIM),
                    );
                    ui.label(h);
                });
            }
        });
}

/// The scripted demonstration (CI's and the docs' screenshots), built only with the `scripted`
/// feature.
#[cfg(feature = "scripted")]
mod scripted {
    use super::*;
    use bevy::app::AppExit;
    use bevy::render::view::screenshot::{Screenshot, save_to_disk};

    pub(super) fn attach(app: &mut App, dir: PathBuf, path: &std::path::Path) {
        let original = std::fs::read_to_string(path).unwrap_or_default();
        app.insert_resource(Demo {
            dir,
            path: path.to_path_buf(),
            original,
            stage: DemoStage::First,
            since: Instant::now(),
            seen_frames: None,
        })
        .add_systems(Update, demo.after(poll));
    }

    /// The scripted demonstration: the file as it is, then broken, then fixed.
    #[derive(Resource)]
    struct Demo {
        dir: PathBuf,
        path: PathBuf,
        original: String,
        stage: DemoStage,
        /// When the stage began (the file was written).
        since: Instant,
        /// Frames since the window showed what the stage waits for.
        seen_frames: Option<u32>,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum DemoStage {
        First,
        Broken,
        Fixed,
        Closing,
        Done,
    }

    /// The longest the demo waits for the window to pick up an edit.
    const DEMO_TIMEOUT: Duration = Duration::from_secs(5);
    /// Frames to let egui lay out before a screenshot, and to let the last one be written.
    const DEMO_SETTLE: u32 = 8;

    fn demo(
        mut commands: Commands,
        mut d: ResMut<Demo>,
        author: Res<Author>,
        mut exit: MessageWriter<AppExit>,
    ) {
        let fail = |d: &mut Demo, exit: &mut MessageWriter<AppExit>, why: String| {
            let _ = std::fs::write(&d.path, &d.original);
            error!("{why}");
            exit.write(AppExit::error());
            d.stage = DemoStage::Done;
        };
        let status = &author.watcher.status;
        let reached = match d.stage {
            DemoStage::First | DemoStage::Fixed => *status == Status::Valid,
            DemoStage::Broken => matches!(status, Status::Invalid(_)),
            DemoStage::Closing => true,
            DemoStage::Done => return,
        };
        let Some(frames) = d.seen_frames else {
            if reached {
                if d.stage != DemoStage::First && d.stage != DemoStage::Closing {
                    info!(
                        "the window picked up the edit after {} ms",
                        d.since.elapsed().as_millis()
                    );
                }
                d.seen_frames = Some(0);
            } else if d.since.elapsed() > DEMO_TIMEOUT {
                let why = format!(
                    "the authoring window did not pick up the edit within {DEMO_TIMEOUT:?} ({:?})",
                    d.stage
                );
                fail(&mut d, &mut exit, why);
            }
            return;
        };
        d.seen_frames = Some(frames + 1);
        if frames < DEMO_SETTLE {
            return;
        }
        let shot = |commands: &mut Commands, dir: &PathBuf, name: &str| {
            commands
                .spawn(Screenshot::primary_window())
                .observe(save_to_disk(dir.join(format!("{name}.png"))));
        };
        let write = |d: &Demo, text: &str| {
            std::fs::write(&d.path, text)
                .map_err(|e| format!("cannot write {}: {e}", d.path.display()))
        };
        let next = match d.stage {
            DemoStage::First => {
                shot(&mut commands, &d.dir, "author-preview");
                // A misspelt field, as an author might type it.
                write(&d, &d.original.replacen("capacity:", "capasity:", 1))
                    .map(|_| DemoStage::Broken)
            }
            DemoStage::Broken => {
                shot(&mut commands, &d.dir, "author-error");
                write(&d, &d.original).map(|_| DemoStage::Fixed)
            }
            DemoStage::Fixed => {
                shot(&mut commands, &d.dir, "author-fixed");
                Ok(DemoStage::Closing)
            }
            _ => {
                exit.write(AppExit::Success);
                Ok(DemoStage::Done)
            }
        };
        match next {
            Ok(stage) => {
                d.stage = stage;
                d.since = Instant::now();
                d.seen_frames = None;
            }
            Err(why) => fail(&mut d, &mut exit, why),
        }
    }
}
