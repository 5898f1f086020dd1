//! New facility projects: their cost, schedule and starting efficiency.
//!
//! A project's build time comes from its recipe (sources §2.3 lead times in the default
//! scenario), stretched and made dearer when nations leading the process ban exporting its
//! technology to the host: the penalty is the banning nations' share of world capacity in
//! the process, so a ban by the nation holding 90% of separation nearly doubles the hurdle
//! while a ban by a minor player barely matters. Lifting a ban helps projects started after.
//! Delays and overruns are drawn once, at the start, from the seeded construction stream; the
//! announced schedule is the one without delay, and the delay shows when it comes due.

use rand::RngExt;
use rand::rngs::ChaCha8Rng;

use super::catalog::{Catalog, FacilityStatus, NationIdx, RecipeDef};
use super::facility::{Facility, Owner, Project};
use super::orders::Investment;
use crate::scenario::schema::{Process, ProjectParams};

/// An accepted investment order on its way to becoming a facility.
#[derive(Debug, Clone)]
pub struct ProjectRequest {
    pub funder: NationIdx,
    pub investment: Investment,
    pub turn: u32,
    /// Facility index the new plant will take.
    pub idx: usize,
}

/// Cost, schedule and starting efficiency of a project.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Cost announced at the start ($M), before any overrun.
    pub estimated_cost: f64,
    /// Cost it will really take.
    pub cost: f64,
    pub planned_months: u32,
    pub actual_months: u32,
    pub yield_factor: f64,
    pub cost_factor: f64,
}

/// Each nation's share of world capacity (operating or being built) in a process.
pub fn process_shares(
    catalog: &Catalog,
    process: Process,
    facilities: impl Iterator<Item = (NationIdx, usize, f64, FacilityStatus)>,
) -> Vec<f64> {
    let mut cap = vec![0.0; catalog.nations.len()];
    for (nation, recipe, capacity, status) in facilities {
        if catalog.recipes[recipe].process == process && status != FacilityStatus::Idle {
            cap[nation] += capacity;
        }
    }
    let total: f64 = cap.iter().sum();
    if total > 0.0 {
        cap.iter().map(|c| c / total).collect()
    } else {
        cap
    }
}

/// Penalty 0–1 from technology bans: the summed world share of the nations that ban.
pub fn ban_penalty(shares: &[f64], bans: &[(NationIdx, bool)]) -> f64 {
    bans.iter()
        .filter(|(_, banned)| *banned)
        .map(|(n, _)| shares.get(*n).copied().unwrap_or(0.0))
        .sum::<f64>()
        .clamp(0.0, 1.0)
}

/// Draws a project's delay and overrun and applies the technology-ban penalty.
pub fn plan(
    params: &ProjectParams,
    recipe: &RecipeDef,
    capacity: f64,
    penalty: f64,
    rng: &mut ChaCha8Rng,
) -> Plan {
    // Always draw the same numbers, so one project's luck never shifts another's.
    let (d_roll, d_size, o_roll, o_size): (f64, f64, f64, f64) =
        (rng.random(), rng.random(), rng.random(), rng.random());
    let base_months = recipe.build_months as f64 * (1.0 + params.ban_build_time * penalty);
    let planned = base_months.round().max(1.0);
    let delay = if d_roll < params.delay_chance {
        params.max_delay * d_size
    } else {
        0.0
    };
    let actual = (base_months * (1.0 + delay)).round().max(planned);
    let estimated = recipe.build_cost * capacity * (1.0 + params.ban_build_cost * penalty);
    let overrun = if o_roll < params.overrun_chance {
        params.max_overrun * o_size
    } else {
        0.0
    };
    Plan {
        estimated_cost: estimated,
        cost: estimated * (1.0 + overrun),
        planned_months: planned as u32,
        actual_months: actual as u32,
        yield_factor: 1.0 - params.ban_yield_loss * penalty,
        cost_factor: 1.0 + params.ban_unit_cost * penalty,
    }
}

/// The facility (under construction) and its project record.
pub fn build(
    catalog: &Catalog,
    req: &ProjectRequest,
    host: NationIdx,
    owner: Owner,
    recipe: &RecipeDef,
    plan: &Plan,
    public_share: f64,
) -> (Facility, Project) {
    let facility = Facility {
        idx: req.idx,
        id: format!(
            "{}-{}-{}",
            catalog.nations[host].id.to_lowercase(),
            recipe.id,
            req.idx
        ),
        name: format!(
            "{} ({} project, {})",
            recipe.name,
            catalog.nations[req.funder].id,
            catalog.date_label(req.turn)
        ),
        nation: host,
        recipe: req.investment.recipe,
        owner,
        technology: None,
        capacity: req.investment.capacity,
        yield_factor: plan.yield_factor,
        cost_factor: plan.cost_factor,
        target_yield: 1.0,
        target_cost: 1.0,
        status: FacilityStatus::Building {
            months_left: plan.actual_months,
        },
        ramp: 0.0,
        monthly_growth: 1.0,
        runs: 0.0,
    };
    let project = Project {
        funder: req.funder,
        cost: plan.cost,
        public_share,
        paid: 0.0,
        started: req.turn,
        planned_months: plan.planned_months,
        actual_months: plan.actual_months,
    };
    (facility, project)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn recipe() -> RecipeDef {
        RecipeDef {
            id: "sep".into(),
            name: "Separation".into(),
            process: Process::Separation,
            inputs: vec![],
            outputs: vec![(0, 1.0)],
            unit_cost: 1.0,
            build_months: 60,
            build_cost: 0.05,
            end_use: Default::default(),
        }
    }

    #[test]
    fn a_ban_by_the_leader_lengthens_and_raises_the_cost_of_a_build() {
        let shares = vec![0.9, 0.1];
        assert!((ban_penalty(&shares, &[(0, true), (1, false)]) - 0.9).abs() < 1e-12);
        assert!((ban_penalty(&shares, &[(0, false), (1, true)]) - 0.1).abs() < 1e-12);
        let params = ProjectParams {
            delay_chance: 0.0,
            overrun_chance: 0.0,
            ..ProjectParams::default()
        };
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let free = plan(&params, &recipe(), 20_000.0, 0.0, &mut rng);
        let banned = plan(&params, &recipe(), 20_000.0, 0.9, &mut rng);
        assert_eq!(free.planned_months, 60);
        assert_eq!(banned.planned_months, 87); // 60 × (1 + 0.5 × 0.9)
        assert!((free.cost - 1000.0).abs() < 1e-9);
        assert!((banned.cost - 1360.0).abs() < 1e-9);
        assert!(banned.yield_factor < free.yield_factor);
        assert!(banned.cost_factor > free.cost_factor);
    }

    #[test]
    fn delays_and_overruns_come_from_the_seed() {
        let params = ProjectParams::default();
        let draw = |seed| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            plan(&params, &recipe(), 1000.0, 0.0, &mut rng)
        };
        assert_eq!(draw(3), draw(3));
        let plans: Vec<Plan> = (0..40).map(draw).collect();
        assert!(plans.iter().any(|p| p.actual_months > p.planned_months));
        assert!(plans.iter().any(|p| p.actual_months == p.planned_months));
        assert!(plans.iter().any(|p| p.cost > p.estimated_cost));
        assert!(
            plans
                .iter()
                .all(|p| p.actual_months as f64 <= 60.0 * 1.8 + 1.0)
        );
    }
}
