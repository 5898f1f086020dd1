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
//! [`debrief`]); and the window host ([`screens`], what the window shows frame by frame, [`title`] and [`menu`]; with `gui`,
//! `host`, the Bevy window around them, and `author`, the authoring window).
//!
//! Everything here but the window host and the authoring window is plain egui: with feature
//! `panels` alone (no render stack) the screens compile and their tests run.

#[cfg(feature = "gui")]
pub mod author;
pub mod debrief;
pub mod desk_screen;
#[cfg(all(feature = "gui", feature = "scripted"))]
mod drive;
#[cfg(all(feature = "gui", feature = "scripted"))]
pub use drive::AutoPlay;
pub mod facilitator;
pub mod format;
pub mod game;
pub mod guide;
pub mod handover;
#[cfg(feature = "gui")]
mod host;
pub mod intent;
pub mod map;
pub mod menu;
pub mod overlay;
pub mod panels;
pub mod policy_tab;
pub mod projector;
pub mod screens;
pub mod summit_screen;
pub mod theme;
pub mod title;
pub mod trade;
pub mod view;

#[cfg(feature = "gui")]
pub use host::{Launch, run, run_app, window_app};
pub use screens::Screens;
