//! What each AI nation remembers of its own moves, so that it does not pull the same lever
//! every turn: a lever just moved rests for a while, and a lever is not pulled back the other
//! way until a longer while has passed.

use std::collections::BTreeMap;

use bevy::prelude::*;
use serde::Serialize;

use crate::scenario::schema::Process;
use crate::sim::catalog::{GoodIdx, NationIdx};

/// One policy lever of one nation.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
pub enum Lever {
    /// Export regime toward a partner, over the goods it dominates.
    Exports(NationIdx),
    /// Licensing of goods made abroad from its material, toward a partner.
    Reach(NationIdx),
    /// Tariffs on a partner.
    Tariffs(NationIdx),
    /// A project building this recipe.
    Invest(usize),
    /// A strategic reserve target for a good.
    Reserve(GoodIdx),
    /// A production quota.
    Quota(Process),
}

/// Which way a move pulls its lever.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum Pull {
    /// Tighter controls, higher tariffs.
    Tighten,
    /// Looser controls, lower tariffs.
    Loosen,
    /// Spending: a project or a reserve.
    Build,
}

/// Turns a lever rests after it is moved.
pub const REST_TURNS: u32 = 6;
/// Turns before a lever may be pulled back the other way.
pub const REVERSE_TURNS: u32 = 12;

/// The last move on each lever of each nation.
#[derive(Resource, Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct AiMemory {
    #[serde(
        serialize_with = "crate::sim::snapshot::as_pairs",
        deserialize_with = "crate::sim::snapshot::from_pairs"
    )]
    pub last: BTreeMap<(NationIdx, Lever), (u32, Pull)>,
}

impl AiMemory {
    /// Whether nation `n` may pull `lever` this way at `turn`.
    pub fn allows(&self, n: NationIdx, lever: Lever, pull: Pull, turn: u32) -> bool {
        match self.last.get(&(n, lever)) {
            None => true,
            Some(&(at, before)) => {
                let since = turn.saturating_sub(at);
                let reversing = matches!(
                    (before, pull),
                    (Pull::Tighten, Pull::Loosen) | (Pull::Loosen, Pull::Tighten)
                );
                since >= REST_TURNS && (!reversing || since >= REVERSE_TURNS)
            }
        }
    }

    pub fn record(&mut self, n: NationIdx, lever: Lever, pull: Pull, turn: u32) {
        self.last.insert((n, lever), (turn, pull));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levers_rest_and_reversals_wait_longer() {
        let mut m = AiMemory::default();
        let l = Lever::Exports(1);
        assert!(m.allows(0, l, Pull::Tighten, 1));
        m.record(0, l, Pull::Tighten, 1);
        assert!(!m.allows(0, l, Pull::Tighten, 1 + REST_TURNS - 1));
        assert!(m.allows(0, l, Pull::Tighten, 1 + REST_TURNS));
        assert!(!m.allows(0, l, Pull::Loosen, 1 + REST_TURNS));
        assert!(m.allows(0, l, Pull::Loosen, 1 + REVERSE_TURNS));
        // Other nations and levers are free.
        assert!(m.allows(1, l, Pull::Loosen, 2));
        assert!(m.allows(0, Lever::Tariffs(1), Pull::Loosen, 2));
    }
}
