//! Summit negotiation as plain Rust: the alternating-offers protocol ([`protocol`]), AI
//! negotiators' tactics ([`tactics`]) and deal quality ([`quality`]). No Bevy here; the sim
//! wraps these in `sim::summits`, which supplies valuations grounded in the simulated world.

pub mod protocol;
pub mod quality;
pub mod tactics;
