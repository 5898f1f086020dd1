//! Deal quality after a summit: was there a package every party preferred to the outcome
//! (Pareto efficiency), did a zone of agreement exist at all, and how far the outcome is from
//! the Nash bargaining point (the package maximising the product of the parties' gains over
//! their reservation values).

use serde::{Deserialize, Serialize};

use super::protocol::Package;
use super::tactics::PackageSpace;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DealQuality {
    /// Some package is worth at least no deal to every party.
    pub zone_of_agreement: bool,
    /// No package is at least as good for all parties and better for one (for no deal: no
    /// package is better than no deal for every party).
    pub pareto_efficient: bool,
    /// A package that would have been better for every party, if any.
    pub dominated_by: Option<Package>,
    /// The Nash bargaining package, if a zone of agreement exists.
    pub nash_package: Option<Package>,
    /// Euclidean distance between the outcome and the Nash point, in gains scaled so each
    /// party's largest possible gain within the zone of agreement is 1 (0 = the Nash point;
    /// no deal counts as zero gain for everyone).
    pub nash_distance: Option<f64>,
}

/// Assesses an outcome (`None` = no deal).
pub fn assess(
    space: &PackageSpace,
    values: &[Vec<f64>],
    reservation: &[f64],
    agreed: Option<&Package>,
) -> DealQuality {
    let parties = values.len();
    let n = space.len();
    let zone: Vec<usize> = (0..n)
        .filter(|&i| (0..parties).all(|q| values[q][i] >= reservation[q]))
        .collect();
    let outcome_value = |q: usize| match agreed {
        Some(p) => values[q][space.index(p)],
        None => reservation[q],
    };
    let eps = 1e-9;
    let dominated_by = (0..n)
        .find(|&i| {
            (0..parties).all(|q| values[q][i] + eps >= outcome_value(q))
                && (0..parties).any(|q| values[q][i] > outcome_value(q) + eps)
        })
        .map(|i| space.package(i));
    let nash = zone.iter().copied().max_by(|&a, &b| {
        let prod = |i: usize| {
            (0..parties)
                .map(|q| values[q][i] - reservation[q])
                .product::<f64>()
        };
        prod(a).total_cmp(&prod(b)).then(b.cmp(&a))
    });
    let nash_distance = nash.map(|ni| {
        (0..parties)
            .map(|q| {
                let max_gain = zone
                    .iter()
                    .map(|&i| values[q][i] - reservation[q])
                    .fold(0.0, f64::max)
                    .max(eps);
                let g_out = (outcome_value(q) - reservation[q]) / max_gain;
                let g_nash = (values[q][ni] - reservation[q]) / max_gain;
                (g_out - g_nash) * (g_out - g_nash)
            })
            .sum::<f64>()
            .sqrt()
    });
    DealQuality {
        zone_of_agreement: !zone.is_empty(),
        pareto_efficient: dominated_by.is_none(),
        dominated_by,
        nash_package: nash.map(|i| space.package(i)),
        nash_distance,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_nash_point_and_dominated_outcomes() {
        // Two issues; party 0 cares about issue 0, party 1 about issue 1: trading is best.
        let space = PackageSpace::new(vec![2, 2]);
        // Packages: [0,0] [0,1] [1,0] [1,1]
        let values = vec![vec![0.0, -1.0, 3.0, 2.0], vec![0.0, 3.0, -1.0, 2.0]];
        let r = [0.0, 0.0];
        let q = assess(&space, &values, &r, Some(&vec![1, 1]));
        assert!(q.zone_of_agreement && q.pareto_efficient);
        assert_eq!(q.nash_package, Some(vec![1, 1]));
        assert!(q.nash_distance.unwrap() < 1e-9);
        let q = assess(&space, &values, &r, Some(&vec![0, 0]));
        assert!(!q.pareto_efficient);
        assert_eq!(q.dominated_by, Some(vec![1, 1]));
        // No deal although one existed.
        let q = assess(&space, &values, &r, None);
        assert!(!q.pareto_efficient && q.nash_distance.unwrap() > 0.5);
    }
}
