//! Chokepoint: a turn-based geopolitical trade-negotiation game about rare earths and chips.
//!
//! Layers, from the bottom; a module uses only the modules listed after its name (the test
//! `architecture::the_layers_are_the_ones_the_docs_name` reads the imports and holds the code
//! to this list):
//! - [`geo`]: country shapes and names for the map (uses nothing);
//! - [`scenario`]: the RON scenario format, its validator (located errors), the reference and
//!   the starter (uses `geo`);
//! - [`negotiation`]: the summit protocol, negotiators' tactics and deal quality, as plain Rust
//!   (uses `scenario`);
//! - [`sim`]: the headless simulation core: a scenario compiled and spawned into a Bevy ECS
//!   world, the ordered turn pipeline, snapshots and state hashes. Runs without a display;
//!   readers get `&Sim` (uses `scenario`, `negotiation`);
//! - [`ai`]: AI nations choosing orders (candidate moves weighed by forward simulation)
//!   (uses `sim`, `scenario`, `negotiation`);
//! - [`save`]: saved games (atomic, checksummed, versioned), replay and branching (uses `ai`
//!   and below);
//! - [`batch`]: many seeds of one scenario on every core, and their distributions (uses `ai`
//!   and below);
//! - [`debrief`]: what a played game teaches: standings, key moments, deal quality (uses `sim`
//!   and below);
//! - [`author`]: the authoring loop's core (watch a scenario file, re-check it, preview it)
//!   (uses `ai` and below);
//! - [`reports`]: the files people keep: run reports (CSV, JSON, the printed summary), the
//!   debrief report page, a batch's files and page (uses `batch`, `debrief` and below);
//! - [`session`]: a game people play, without a window: the seats on this computer, each
//!   team's private desk, taking turns (hot-seat hand-over, end of month, autosave) and the
//!   facilitator's hold (uses `reports`, `save`, `ai` and below);
//! - `ui` (feature `panels`; its window host with `gui`): the desktop game; a view of the sim plus intents (uses everything
//!   above but `cli`);
//! - [`cli`]: the command line (uses everything; the window commands with `gui`).
//!
//! Nothing below `ui` and `cli` knows about windows, rendering or the command line. The sim
//! changes only through orders, summit moves and facilitator interventions as a turn
//! resolves; every reader (views, reports, the debrief, the AI's planning) reads it.

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
pub mod reports;
pub mod save;
pub mod scenario;
pub mod session;
pub mod sim;
#[cfg(feature = "panels")]
pub mod ui;
