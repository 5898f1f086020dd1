//! Plants to fund: for goods a nation mostly imports (or whose share of the world's output it
//! aims to hold), at home or with a trusted ally that mines.

use super::*;

/// Plants to fund for goods it mostly imports (or whose world share it aims to hold).
pub(super) fn investments(ctx: &Ctx<'_>, out: &mut Vec<Candidate>) {
    let Ctx {
        state,
        catalog,
        n,
        me,
        name,
        goods,
        hawk,
        flows,
        ..
    } = *ctx;
    let price = |g: GoodIdx| ctx.price(g);
    let main_supplier = |g: GoodIdx| ctx.main_supplier(g);
    // Investment in goods it mostly imports.
    let mut projects: Vec<Candidate> = Vec::new();
    // Yearly capacity it already has under construction, per recipe.
    let mut building: BTreeMap<usize, f64> = BTreeMap::new();
    for (f, p) in &state.facilities {
        if matches!(f.status, FacilityStatus::Building { .. })
            && (f.nation == n || p.as_ref().is_some_and(|p| p.funder == n))
        {
            *building.entry(f.recipe).or_default() += f.capacity;
        }
    }
    let aims_at = |g: GoodIdx| -> (bool, bool) {
        let own = me
            .objectives
            .0
            .iter()
            .any(|(m, _)| *m == Metric::ImportReliance(g));
        let share = me
            .objectives
            .0
            .iter()
            .any(|(m, _)| *m == Metric::WorldShare(g));
        (own, share)
    };
    for g in 0..goods {
        let reliance = flows.reliance[g];
        let (aims_own, aims_share) = aims_at(g);
        // To depend less on others, or to hold its share of the world's output.
        let for_share = aims_share && reliance < RELIANCE_TO_INVEST;
        if reliance < RELIANCE_TO_INVEST && !for_share {
            continue;
        }
        let supplier_tension = main_supplier(g).map_or(0.0, |s| me.relations.tension[s]);
        let pressed = price(g) >= 1.25 || flows.security < 0.97 || supplier_tension >= 0.6;
        let urgency = reliance.max(0.3) * price(g).max(1.0) * if pressed { 1.0 } else { 0.6 }
            + if aims_own || aims_share { 0.3 } else { 0.0 };
        let Some((r_idx, recipe)) = catalog
            .recipes
            .iter()
            .enumerate()
            .find(|(_, r)| r.outputs.iter().any(|&(o, _)| o == g))
        else {
            continue;
        };
        let per_run = recipe
            .outputs
            .iter()
            .find(|&&(o, _)| o == g)
            .map_or(1.0, |&(_, q)| q);
        let need_per_year = state.market.expected_use[g][n] * 12.0;
        let world_per_year: f64 = state
            .nations
            .iter()
            .map(|x| x.flows.produced[g])
            .sum::<f64>()
            * 12.0;
        // Enough is underway once it covers what it imports (or a tenth of the world's
        // output, for share).
        let underway = building.get(&r_idx).copied().unwrap_or(0.0) * per_run;
        let (enough, wanted) = if for_share {
            (world_per_year * 0.1, world_per_year * SHARE_PROJECT)
        } else {
            (
                need_per_year * reliance,
                need_per_year * PROJECT_SHARE_OF_NEED,
            )
        };
        if underway >= enough || wanted <= 0.0 {
            continue;
        }
        let mut capacity = wanted / per_run.max(1e-9);
        let state_owned = hawk >= 0.6;
        let share = if state_owned { 1.0 } else { 0.5 };
        let cost = |c: f64| recipe.build_cost * c * share;
        // Within a third of the treasury.
        let budget = me.economy.treasury / 3.0;
        if cost(capacity) > budget {
            capacity = if recipe.build_cost > 0.0 {
                budget / (recipe.build_cost * share)
            } else {
                capacity
            };
        }
        if capacity < wanted * 0.2 / per_run.max(1e-9) || capacity <= 0.0 {
            continue;
        }
        let gname = catalog.goods[g].name.to_lowercase();
        let why = if for_share {
            format!(
                "it means to hold its share of the world's {gname} ({})",
                pct(flows.world_share[g])
            )
        } else {
            format!(
                "it depends on others for {} of its {gname}{}",
                pct(reliance),
                if price(g) >= 1.25 {
                    format!(" and pays {:.1}× the base price", price(g))
                } else if supplier_tension >= 0.6 {
                    " and its main supplier is hostile".to_string()
                } else if flows.security < 0.97 {
                    " and supply runs short".to_string()
                } else {
                    String::new()
                }
            )
        };
        let owner = if state_owned {
            ProjectOwner::State
        } else {
            ProjectOwner::Private
        };
        projects.push(Candidate {
            lever: Lever::Invest(r_idx),
            pull: Pull::Build,
            orders: vec![Order::Invest(Investment {
                recipe: r_idx,
                host: None,
                capacity,
                owner,
                subsidy: if state_owned { 0.0 } else { 0.5 },
            })],
            reason: format!(
                "{name} funds a {} at home: {why}",
                recipe.name.to_lowercase()
            ),
            priority: urgency,
            payoff_months: recipe.build_months + 12,
        });
        // Processing with a trusted ally that mines.
        if let Some(c) = with_ally(ctx, r_idx, capacity, &why, urgency) {
            projects.push(c);
        }
    }
    out.extend(most_pressing_per_plant(projects));
}

/// A separation or alloy plant co-funded in the most trusted ally that mines its inputs.
fn with_ally(
    ctx: &Ctx<'_>,
    r_idx: usize,
    capacity: f64,
    why: &str,
    urgency: f64,
) -> Option<Candidate> {
    let Ctx {
        state,
        catalog,
        n,
        me,
        name,
        nations,
        ..
    } = *ctx;
    let recipe = &catalog.recipes[r_idx];
    if matches!(recipe.process, Process::Separation | Process::MetalAlloy) {
        let ally = (0..nations)
            .filter(|&a| a != n && me.relations.trust[a] >= 0.7)
            .filter(|&a| {
                recipe
                    .inputs
                    .iter()
                    .any(|&(i, _)| state.nations[a].flows.world_share[i] >= 0.05)
            })
            .max_by(|&a, &b| {
                me.relations.trust[a]
                    .total_cmp(&me.relations.trust[b])
                    .then(b.cmp(&a))
            });
        if let Some(a) = ally {
            return Some(Candidate {
                lever: Lever::Invest(r_idx),
                pull: Pull::Build,
                orders: vec![Order::Invest(Investment {
                    recipe: r_idx,
                    host: Some(a),
                    capacity,
                    owner: ProjectOwner::Private,
                    subsidy: 0.5,
                })],
                reason: format!(
                    "{name} co-funds a {} in {}, a trusted ally that mines: {why}",
                    recipe.name.to_lowercase(),
                    catalog.nations[a].name
                ),
                priority: urgency * 0.9,
                payoff_months: recipe.build_months + 12,
            });
        }
    }
    None
}
