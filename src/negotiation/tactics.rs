//! How an AI negotiator moves: time-dependent concession, acceptance and proposals, with an
//! explanation for every move. Pure; the values come from the sim (see `sim::summits`).
//!
//! - **Target.** At share `t` of the summit elapsed, a party aims for
//!   `reservation + (best − reservation) × (1 − t^(1/e))`: it starts at its best package and
//!   reaches its reservation value (the value of no deal) at the deadline. The exponent `e`
//!   comes from the leader: below 1 holds out (Boulware), 1 is linear, above 1 gives early
//!   (Conceder); patience pushes it toward holding out, impatience toward giving.
//! - **Accept** the package on the table when it is worth at least the current target (what it
//!   would ask for now), and never when it is worth less than no deal.
//! - **Propose** otherwise: among packages worth at least the target, the one that does best
//!   for the others (largest product of their gains over their reservations, so both sides
//!   get something; ties to the proposer's own value, then the lowest index).
//! - On its **last move**, it accepts anything strictly better than no deal; otherwise it makes
//!   a final offer at its reservation value if others still move after it, and walks away if
//!   not.
//!
//! Each negotiator is assumed to know the others' valuations (its advisers estimate them from
//! the same model of the world), so proposals aim at packages the others can accept.

use serde::{Deserialize, Serialize};

use super::protocol::{Move, Package, Protocol};
use crate::scenario::schema::ConcessionStyle;

/// All packages of an agenda, indexed in mixed radix (issue 0 varies slowest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageSpace {
    pub options: Vec<usize>,
}

impl PackageSpace {
    pub fn new(options: Vec<usize>) -> PackageSpace {
        PackageSpace { options }
    }

    pub fn len(&self) -> usize {
        self.options.iter().product()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn package(&self, mut index: usize) -> Package {
        let mut p = vec![0; self.options.len()];
        for (slot, &n) in p.iter_mut().zip(&self.options).rev() {
            *slot = index % n;
            index /= n;
        }
        p
    }

    pub fn index(&self, p: &Package) -> usize {
        p.iter()
            .zip(&self.options)
            .fold(0, |acc, (&o, &n)| acc * n + o)
    }
}

/// The concession exponent for a leader: the style sets it (Boulware 0.4, Linear 1,
/// Conceder 2.5) and patience scales it (×2 at patience 0, ×1 at 0.5, ×0.5 at 1).
pub fn concession_exponent(style: ConcessionStyle, patience: f64) -> f64 {
    let base = match style {
        ConcessionStyle::Boulware => 0.4,
        ConcessionStyle::Linear => 1.0,
        ConcessionStyle::Conceder => 2.5,
    };
    base * libm::pow(2.0, 1.0 - 2.0 * patience.clamp(0.0, 1.0))
}

/// Why a negotiator moved as it did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// What it aims for now.
    pub target: f64,
    /// What no deal is worth to it.
    pub reservation: f64,
    /// What the package on the table (before its move) is worth to it.
    pub offer_value: Option<f64>,
    /// What its own proposal is worth to it (when it proposed).
    pub proposal_value: Option<f64>,
    /// Issue indices, most important to it first.
    pub priorities: Vec<usize>,
}

/// One AI negotiator's view.
pub struct Negotiator<'a> {
    pub me: usize,
    pub space: &'a PackageSpace,
    /// `values[party][package index]`.
    pub values: &'a [Vec<f64>],
    /// What no deal is worth to each party.
    pub reservation: &'a [f64],
    pub exponent: f64,
    /// How much each issue can swing the value to this party (for explanations).
    pub issue_weight: &'a [f64],
}

impl Negotiator<'_> {
    fn value(&self, p: &Package) -> f64 {
        self.values[self.me][self.space.index(p)]
    }

    fn best(&self) -> f64 {
        self.values[self.me]
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max)
    }

    /// What it aims for when `t` of the summit has passed.
    pub fn target(&self, t: f64) -> f64 {
        let r = self.reservation[self.me];
        let best = self.best().max(r);
        let e = self.exponent.max(1e-3);
        r + (best - r) * (1.0 - libm::pow(t.clamp(0.0, 1.0), 1.0 / e))
    }

    /// The package it would propose while aiming at `target`.
    pub fn proposal(&self, target: f64) -> Package {
        let r_me = self.reservation[self.me];
        let floor = target.max(r_me);
        let others: Vec<usize> = (0..self.values.len()).filter(|&q| q != self.me).collect();
        let mut best: Option<(bool, f64, f64, usize)> = None;
        for i in 0..self.space.len() {
            let mine = self.values[self.me][i];
            if mine + 1e-12 < floor {
                continue;
            }
            let gains: Vec<f64> = others
                .iter()
                .map(|&q| self.values[q][i] - self.reservation[q])
                .collect();
            let acceptable = gains.iter().all(|g| *g >= 0.0);
            let joint = if acceptable {
                gains.iter().map(|g| g.max(0.0) + 1e-12).product::<f64>()
            } else {
                gains.iter().sum::<f64>()
            };
            let key = (acceptable, joint, mine, i);
            let better = match best {
                None => true,
                Some(b) => {
                    (key.0, key.1, key.2) > (b.0, b.1, b.2)
                        || ((key.0, key.1, key.2) == (b.0, b.1, b.2) && key.3 < b.3)
                }
            };
            if better {
                best = Some(key);
            }
        }
        match best {
            Some((.., i)) => self.space.package(i),
            // Nothing reaches the target: propose its own best.
            None => {
                let i = (0..self.space.len())
                    .max_by(|&a, &b| {
                        self.values[self.me][a]
                            .total_cmp(&self.values[self.me][b])
                            .then(b.cmp(&a))
                    })
                    .unwrap_or(0);
                self.space.package(i)
            }
        }
    }

    fn priorities(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.issue_weight.len()).collect();
        order.sort_by(|&a, &b| {
            self.issue_weight[b]
                .total_cmp(&self.issue_weight[a])
                .then(a.cmp(&b))
        });
        order
    }

    /// Its move now, with the reasons.
    pub fn decide(&self, proto: &Protocol) -> (Move, Explanation) {
        let t = proto.elapsed();
        let target = self.target(t);
        let reservation = self.reservation[self.me];
        let offer_value = proto.table().map(|p| self.value(p));
        let mut explanation = Explanation {
            target,
            reservation,
            offer_value,
            proposal_value: None,
            priorities: self.priorities(),
        };
        // Nothing on this agenda beats no deal for us: proposing would mean accepting less.
        if self.best() + 1e-12 < reservation {
            return (Move::WalkAway, explanation);
        }
        if let Some(v) = offer_value
            && !proto.has_accepted(self.me)
            && v >= reservation
            && v + 1e-12 >= target
        {
            return (Move::Accept, explanation);
        }
        if proto.is_last_move_of(self.me) {
            // At the end, anything strictly better than no deal beats walking away.
            if offer_value.is_some_and(|v| v > reservation + 1e-9) {
                return (Move::Accept, explanation);
            }
            // If others still move after this, a final offer at the reservation value may yet
            // be taken; if not, there is nothing left but to walk away.
            if proto.moves_made() + 1 >= proto.max_moves() {
                return (Move::WalkAway, explanation);
            }
            let p = self.proposal(self.target(1.0));
            explanation.proposal_value = Some(self.value(&p));
            return (Move::Propose(p), explanation);
        }
        let p = self.proposal(target);
        explanation.proposal_value = Some(self.value(&p));
        (Move::Propose(p), explanation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::negotiation::protocol::Outcome;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the values, styles and rounds: the summit ends, and an agreed package is
        /// worth at least no deal to every party.
        #[test]
        fn ai_never_agrees_below_its_reservation(
            options in prop::collection::vec(1usize..4, 1..4),
            parties in 2usize..4,
            seed_values in prop::collection::vec(-5.0f64..5.0, 256),
            reservation in prop::collection::vec(-2.0f64..2.0, 4),
            exponents in prop::collection::vec(0.1f64..4.0, 4),
            rounds in 1u32..8,
        ) {
            let space = PackageSpace::new(options);
            let values: Vec<Vec<f64>> = (0..parties)
                .map(|q| (0..space.len()).map(|i| seed_values[(q * 61 + i * 7) % 256]).collect())
                .collect();
            let out = play(&space, &values, &reservation[..parties], &exponents[..parties], rounds);
            if let Outcome::Agreed(p) = out {
                let i = space.index(&p);
                for q in 0..parties {
                    prop_assert!(values[q][i] >= reservation[q], "party {} got {} < {}", q, values[q][i], reservation[q]);
                }
            }
        }
    }

    #[test]
    fn packages_round_trip_through_indices() {
        let s = PackageSpace::new(vec![3, 2, 4]);
        assert_eq!(s.len(), 24);
        for i in 0..24 {
            assert_eq!(s.index(&s.package(i)), i);
        }
        assert_eq!(s.package(5), vec![0, 1, 1]);
    }

    #[test]
    fn exponents_follow_style_and_patience() {
        use ConcessionStyle::*;
        assert!(concession_exponent(Boulware, 0.5) < concession_exponent(Linear, 0.5));
        assert!(concession_exponent(Linear, 0.5) < concession_exponent(Conceder, 0.5));
        assert!(concession_exponent(Linear, 0.9) < concession_exponent(Linear, 0.1));
        assert_eq!(concession_exponent(Linear, 0.5), 1.0);
    }

    /// Plays a whole summit between AI negotiators; returns the outcome.
    pub(crate) fn play(
        space: &PackageSpace,
        values: &[Vec<f64>],
        reservation: &[f64],
        exponents: &[f64],
        rounds: u32,
    ) -> Outcome {
        let weights = vec![1.0; space.options.len()];
        let mut proto = Protocol::new(space.options.clone(), values.len(), rounds, 0);
        while let Some(me) = proto.to_move() {
            let n = Negotiator {
                me,
                space,
                values,
                reservation,
                exponent: exponents[me],
                issue_weight: &weights,
            };
            let (m, _) = n.decide(&proto);
            proto.apply(me, &m).unwrap();
        }
        proto.outcome().unwrap().clone()
    }

    fn split_values() -> (PackageSpace, Vec<Vec<f64>>) {
        // One divisible issue: option k gives party 0 k/10 of the pie, party 1 the rest.
        let space = PackageSpace::new(vec![11]);
        let a: Vec<f64> = (0..11).map(|k| k as f64 / 10.0).collect();
        let b: Vec<f64> = (0..11).map(|k| 1.0 - k as f64 / 10.0).collect();
        (space, vec![a, b])
    }

    #[test]
    fn the_more_patient_side_gets_more_of_a_divisible_pie() {
        let (space, values) = split_values();
        let share = |patience: f64| {
            let e = [
                concession_exponent(ConcessionStyle::Linear, patience),
                concession_exponent(ConcessionStyle::Linear, 0.5),
            ];
            match play(&space, &values, &[0.0, 0.0], &e, 6) {
                Outcome::Agreed(p) => p[0],
                other => panic!("no deal: {other:?}"),
            }
        };
        let shares: Vec<usize> = [0.0, 0.25, 0.5, 0.75, 1.0]
            .iter()
            .map(|&p| share(p))
            .collect();
        assert!(shares.windows(2).all(|w| w[0] <= w[1]), "{shares:?}");
        assert!(shares[4] > shares[0], "{shares:?}");
    }

    #[test]
    fn never_accepts_below_its_reservation() {
        let (space, values) = split_values();
        // Party 1 needs at least 0.75 of the pie; party 0 never offers it that much.
        let reservation = [0.5, 0.75];
        let out = play(&space, &values, &reservation, &[0.3, 3.0], 4);
        match out {
            Outcome::Agreed(p) => {
                assert!(values[0][p[0]] >= 0.5 && values[1][p[0]] >= 0.75, "{p:?}");
            }
            Outcome::WalkedAway { .. } | Outcome::Expired => {}
        }
        let reservation = [0.6, 0.6];
        let out = play(&space, &values, &reservation, &[1.0, 1.0], 6);
        assert!(
            !matches!(out, Outcome::Agreed(_)),
            "no zone of agreement: {out:?}"
        );
    }
}
