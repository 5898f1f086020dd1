//! The summit protocol: alternating offers over a fixed number of rounds, as a pure state
//! machine (no Bevy, no sim).
//!
//! A package picks one option for every issue on the agenda. Parties move in a fixed cycle,
//! one move each per round: the first move of a summit must be a proposal; after that a party
//! may **accept** the package on the table, **propose** another (a counter-offer), or **walk
//! away**. The package is agreed when every party has accepted it. After `rounds × parties`
//! moves without agreement, the summit ends with no deal.
//!
//! Invariants (checked by the tests, including a property test over random move sequences):
//! - only the party whose turn it is may move, and only while the summit is open;
//! - a proposal makes the proposer accept its own package and clears every other acceptance
//!   (any change to the package clears earlier acceptances);
//! - an acceptance only ever refers to the package on the table;
//! - the agreed package is one every party accepted;
//! - the summit ends within `rounds × parties` moves.

use serde::{Deserialize, Serialize};

/// One option index per agenda issue.
pub type Package = Vec<usize>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Move {
    Propose(Package),
    Accept,
    WalkAway,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Agreed(Package),
    /// A party walked away.
    WalkedAway {
        party: usize,
    },
    /// The rounds ran out.
    Expired,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProtocolError {
    Closed,
    NotYourTurn {
        expected: usize,
    },
    NothingToAccept,
    /// Wrong number of issues, or an option index out of range.
    BadPackage(String),
}

impl std::fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProtocolError::Closed => write!(f, "the summit is over"),
            ProtocolError::NotYourTurn { expected } => {
                write!(f, "it is party {expected}'s turn to move")
            }
            ProtocolError::NothingToAccept => write!(f, "there is no offer on the table yet"),
            ProtocolError::BadPackage(m) => write!(f, "not a valid package: {m}"),
        }
    }
}

/// The state of one negotiation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Protocol {
    /// Options per agenda issue.
    options: Vec<usize>,
    parties: usize,
    rounds: u32,
    /// Moves made so far.
    moves: u32,
    /// Index (0..parties) of the party that moves first.
    first: usize,
    table: Option<Package>,
    accepted: Vec<bool>,
    outcome: Option<Outcome>,
}

impl Protocol {
    /// A new negotiation. `options[i]` is the number of options of issue `i` (at least 1);
    /// at least two parties and one round.
    pub fn new(options: Vec<usize>, parties: usize, rounds: u32, first: usize) -> Protocol {
        let parties = parties.max(2);
        Protocol {
            options,
            parties,
            rounds: rounds.max(1),
            moves: 0,
            first: first % parties,
            table: None,
            accepted: vec![false; parties],
            outcome: None,
        }
    }

    pub fn parties(&self) -> usize {
        self.parties
    }

    pub fn issue_options(&self) -> &[usize] {
        &self.options
    }

    /// Total moves the summit allows.
    pub fn max_moves(&self) -> u32 {
        self.rounds * self.parties as u32
    }

    pub fn moves_made(&self) -> u32 {
        self.moves
    }

    /// 1-based round of the next move.
    pub fn round(&self) -> u32 {
        self.moves / self.parties as u32 + 1
    }

    pub fn rounds(&self) -> u32 {
        self.rounds
    }

    /// Share of the summit's moves already made (0 at the start, 1 at the deadline).
    pub fn elapsed(&self) -> f64 {
        self.moves as f64 / self.max_moves() as f64
    }

    /// Whether the next move is the last one this party gets.
    pub fn is_last_move_of(&self, party: usize) -> bool {
        self.moves + self.parties as u32 >= self.max_moves() && self.to_move() == Some(party)
    }

    pub fn table(&self) -> Option<&Package> {
        self.table.as_ref()
    }

    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }

    pub fn is_open(&self) -> bool {
        self.outcome.is_none()
    }

    /// Who moves next, while open.
    pub fn to_move(&self) -> Option<usize> {
        self.is_open()
            .then(|| (self.first + self.moves as usize) % self.parties)
    }

    pub fn has_accepted(&self, party: usize) -> bool {
        self.accepted.get(party).copied().unwrap_or(false)
    }

    pub fn check_package(&self, p: &Package) -> Result<(), ProtocolError> {
        if p.len() != self.options.len() {
            return Err(ProtocolError::BadPackage(format!(
                "{} options for {} issues",
                p.len(),
                self.options.len()
            )));
        }
        for (i, (&o, &n)) in p.iter().zip(&self.options).enumerate() {
            if o >= n {
                return Err(ProtocolError::BadPackage(format!(
                    "issue {i} has {n} options, not option {o}"
                )));
            }
        }
        Ok(())
    }

    /// Applies `party`'s move. On success returns the outcome if the move ended the summit.
    pub fn apply(&mut self, party: usize, m: &Move) -> Result<Option<Outcome>, ProtocolError> {
        let expected = self.to_move().ok_or(ProtocolError::Closed)?;
        if party != expected {
            return Err(ProtocolError::NotYourTurn { expected });
        }
        match m {
            Move::Propose(p) => {
                self.check_package(p)?;
                self.table = Some(p.clone());
                self.accepted.iter_mut().for_each(|a| *a = false);
                self.accepted[party] = true;
            }
            Move::Accept => {
                if self.table.is_none() {
                    return Err(ProtocolError::NothingToAccept);
                }
                self.accepted[party] = true;
            }
            Move::WalkAway => {
                self.moves += 1;
                self.outcome = Some(Outcome::WalkedAway { party });
                return Ok(self.outcome.clone());
            }
        }
        self.moves += 1;
        if self.accepted.iter().all(|a| *a)
            && let Some(p) = &self.table
        {
            self.outcome = Some(Outcome::Agreed(p.clone()));
        } else if self.moves >= self.max_moves() {
            self.outcome = Some(Outcome::Expired);
        }
        Ok(self.outcome.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn bilateral_offer_and_acceptance() {
        let mut p = Protocol::new(vec![3, 2], 2, 4, 0);
        assert_eq!(p.to_move(), Some(0));
        assert_eq!(
            p.apply(0, &Move::Accept),
            Err(ProtocolError::NothingToAccept)
        );
        assert_eq!(
            p.apply(1, &Move::Propose(vec![0, 0])),
            Err(ProtocolError::NotYourTurn { expected: 0 })
        );
        assert!(matches!(
            p.apply(0, &Move::Propose(vec![3, 0])),
            Err(ProtocolError::BadPackage(_))
        ));
        assert_eq!(p.apply(0, &Move::Propose(vec![2, 1])), Ok(None));
        assert_eq!(
            p.apply(1, &Move::Accept),
            Ok(Some(Outcome::Agreed(vec![2, 1])))
        );
        assert_eq!(p.apply(0, &Move::Accept), Err(ProtocolError::Closed));
    }

    #[test]
    fn a_counter_offer_clears_acceptances_and_the_deadline_ends_it() {
        let mut p = Protocol::new(vec![2], 3, 1, 0);
        p.apply(0, &Move::Propose(vec![0])).unwrap();
        p.apply(1, &Move::Accept).unwrap();
        assert!(p.has_accepted(0) && p.has_accepted(1));
        // Party 2 changes the package: only it has accepted the new one; the round is over.
        assert_eq!(
            p.apply(2, &Move::Propose(vec![1])),
            Ok(Some(Outcome::Expired))
        );
        assert!(!p.has_accepted(0) && !p.has_accepted(1) && p.has_accepted(2));
    }

    #[test]
    fn walking_away_ends_it() {
        let mut p = Protocol::new(vec![2], 2, 5, 1);
        p.apply(1, &Move::Propose(vec![1])).unwrap();
        assert_eq!(
            p.apply(0, &Move::WalkAway),
            Ok(Some(Outcome::WalkedAway { party: 0 }))
        );
        assert!(!p.is_open());
    }

    fn moves() -> impl Strategy<Value = Vec<(usize, u8, Vec<usize>)>> {
        prop::collection::vec(
            (0usize..4, 0u8..10, prop::collection::vec(0usize..4, 0..4)),
            0..80,
        )
    }

    proptest! {
        #[test]
        fn invariants_hold_under_random_moves(
            options in prop::collection::vec(1usize..4, 1..4),
            parties in 2usize..4,
            rounds in 1u32..6,
            first in 0usize..4,
            seq in moves(),
        ) {
            let mut p = Protocol::new(options.clone(), parties, rounds, first);
            let mut applied = 0u32;
            for (who, kind, pkg) in seq {
                let m = match kind {
                    0..=4 => Move::Propose(pkg),
                    5..=8 => Move::Accept,
                    _ => Move::WalkAway,
                };
                let expected = p.to_move();
                let before_table = p.table().cloned();
                match p.apply(who % parties, &m) {
                    Ok(_) => {
                        applied += 1;
                        prop_assert_eq!(Some(who % parties), expected);
                        if let Move::Propose(pk) = &m {
                            prop_assert_eq!(p.table(), Some(pk));
                            // Only the proposer stands behind a new package.
                            for q in 0..parties {
                                prop_assert_eq!(p.has_accepted(q), q == who % parties);
                            }
                        } else {
                            prop_assert_eq!(p.table().cloned(), before_table);
                        }
                    }
                    Err(_) => {
                        prop_assert_eq!(p.table().cloned(), before_table);
                    }
                }
                prop_assert!(applied <= p.max_moves());
                if let Some(Outcome::Agreed(pk)) = p.outcome() {
                    prop_assert_eq!(Some(pk), p.table());
                    for q in 0..parties {
                        prop_assert!(p.has_accepted(q));
                    }
                }
            }
            // Played to the end by always proposing, it ends within its rounds.
            let mut guard = 0;
            while let Some(who) = p.to_move() {
                let pk: Package = options.iter().map(|_| 0).collect();
                p.apply(who, &Move::Propose(pk)).unwrap();
                guard += 1;
                prop_assert!(guard <= p.max_moves());
            }
            prop_assert!(p.moves_made() <= p.max_moves());
            prop_assert!(p.outcome().is_some());
        }
    }
}
