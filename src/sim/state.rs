//! The state hash: SHA-256 of the canonical binary encoding (postcard: fields in declaration
//! order, maps in key order, every f64 as its eight bytes) of a [`SimState`] snapshot. Two runs
//! with the same scenario, seed and orders give the same hash after every turn; any difference
//! in any number, down to the last bit, changes it. Binary rather than JSON because the sim
//! hashes its state every turn, and formatting every number as text costs more than the rest of
//! a small turn.

use bevy::prelude::*;
use sha2::{Digest, Sha256};

use super::snapshot::{SimState, capture};

/// Feeds written bytes into the hasher.
struct HashWriter(Sha256);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Hash of a snapshot, as 64 hex digits.
pub fn hash(state: &SimState) -> String {
    let mut w = HashWriter(Sha256::new());
    // Every part of the state serializes (tested below); were one not to, the error message
    // still goes into the hash rather than nothing.
    if let Err(e) = postcard::to_io(state, &mut w) {
        w.0.update(format!("unserializable state: {e}").as_bytes());
    }
    w.0.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Hash of a world's current state.
pub fn state_hash(world: &World) -> String {
    hash(&capture(world))
}

#[cfg(test)]
mod tests {
    use crate::scenario::default_scenario;
    use crate::sim::Sim;

    #[test]
    fn the_whole_state_serializes() {
        let mut sim = Sim::new(&default_scenario().unwrap(), 1).unwrap();
        for _ in 0..3 {
            sim.step();
        }
        let state = sim.snapshot();
        let json = serde_json::to_string(&state).expect("state serializes");
        assert!(json.len() > 1000);
        let bytes = postcard::to_stdvec(&state).expect("state serializes");
        assert!(bytes.len() > 1000);
        // One bit of one number changes the hash.
        let mut other = state.clone();
        other.nations[0].economy.treasury =
            f64::from_bits(other.nations[0].economy.treasury.to_bits() ^ 1);
        assert_ne!(super::hash(&state), super::hash(&other));
    }
}
