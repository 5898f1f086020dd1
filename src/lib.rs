//! Chokepoint: a turn-based geopolitical trade-negotiation game about rare earths and chips.
//!
//! Layers, from the bottom:
//! - [`scenario`]: the RON scenario format, its validator (located errors) and spawning;
//! - [`sim`]: the headless simulation core, a Bevy ECS model and the ordered turn pipeline.
//!   It never depends on anything above it and runs without a display;
//! - [`negotiation`]: the summit protocol, negotiators' tactics and deal quality, as plain Rust;
//! - [`ai`]: AI nations choosing orders (candidate moves weighed by forward simulation);
//! - [`save`]: saved games (atomic, checksummed, versioned), replay and branching;
//! - [`batch`]: many seeds of one scenario on every core, and their distributions;
//! - [`author`]: the authoring loop's core (watch a scenario file, re-check it, preview it);
//! - [`cli`]: headless commands (`run`, `validate`, `scenarios`) over the sim.
//!
//! Later layers (negotiation, AI, the desktop UI) read sim state and send sim messages; they
//! never mutate sim state directly.

// The sim indexes parallel per-good and per-nation arrays by index on purpose: the index is the
// stable identity that keeps iteration order deterministic.
#![allow(clippy::needless_range_loop)]

pub mod ai;
pub mod author;
pub mod batch;
pub mod cli;
pub mod debrief;
pub mod geo;
pub mod negotiation;
pub mod save;
pub mod scenario;
pub mod sim;
pub mod ui;
