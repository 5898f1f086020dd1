//! The window host: a Bevy app with one window, egui and a camera, which hands the
//! [`Screens`] an egui context each frame (and, in the scripted CI session, the script).

use std::process::ExitCode;

use bevy::app::AppExit;
use bevy::prelude::*;
use bevy::window::WindowResolution;
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass};

#[cfg(feature = "scripted")]
use super::drive::{self, AutoPlay};
use super::game::Game;
use super::panels;
use super::screens::Screens;
use super::title::Title;

/// How to start the desktop game: at the title screen, or straight into a game.
pub struct Launch {
    pub title: Title,
    pub game: Option<Game>,
    #[cfg(feature = "scripted")]
    pub autoplay: Option<AutoPlay>,
    pub size: (u32, u32),
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

/// Each frame: the style once, then the screens, with the time since the last frame.
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
    let now = std::time::Instant::now();
    let elapsed = last_frame.map_or(std::time::Duration::ZERO, |t| now - t);
    *last_frame = Some(now);
    if screens.frame(ctx, elapsed) {
        exit.write(AppExit::Success);
    }
    Ok(())
}
