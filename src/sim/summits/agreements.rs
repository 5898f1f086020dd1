//! Agreements in force: whether an order or a policy breaches one, and the monthly check
//! that records breaches and lapses.

use super::*;

/// The first of a party's commitments its policies fall short of, if any. Commitments on the
/// same lever are read together, the later overriding the earlier where they overlap (as
/// policy rules do): a general licence for one partner after licensing for all promises the
/// licence to that partner and licensing to the rest.
pub fn breached<'a>(
    p: &Policies,
    terms: &[&'a Order],
    goods: usize,
    nations: usize,
) -> Option<&'a Order> {
    let mut exports: Vec<&'a Order> = Vec::new();
    let mut tariffs: Vec<&'a Order> = Vec::new();
    let mut reach: Vec<&'a Order> = Vec::new();
    for &t in terms {
        match t {
            Order::SetExportRegime(_) => exports.push(t),
            Order::SetTariff(_) => tariffs.push(t),
            Order::SetExtraterritorial(_) => reach.push(t),
            other => {
                if !complies(p, other, goods, nations) {
                    return Some(t);
                }
            }
        }
    }
    for g in 0..goods {
        for n in 0..nations {
            let last_export = exports.iter().rev().find(|o| match o {
                Order::SetExportRegime(r) => r.goods.contains(g) && r.to.contains(n),
                _ => false,
            });
            if let Some(Order::SetExportRegime(r)) = last_export
                && p.regime(g, n).openness() + 1e-9 < r.regime.openness()
            {
                return last_export.copied();
            }
            let last_tariff = tariffs.iter().rev().find(|o| match o {
                Order::SetTariff(r) => r.goods.contains(g) && r.from.contains(n),
                _ => false,
            });
            if let Some(Order::SetTariff(r)) = last_tariff
                && p.tariff(g, n) > r.rate + 1e-9
            {
                return last_tariff.copied();
            }
            let last_reach = reach.iter().rev().find(|o| match o {
                Order::SetExtraterritorial(r) => r.goods.contains(g) && r.to.contains(n),
                _ => false,
            });
            if let Some(Order::SetExtraterritorial(r)) = last_reach
                && p.extraterritorial(g, n)
                    .is_some_and(|x| x.regime.openness() + 1e-9 < r.regime.openness())
            {
                return last_reach.copied();
            }
        }
    }
    None
}

/// Whether a party's policies keep one commitment taken alone.
pub fn complies(p: &Policies, order: &Order, goods: usize, nations: usize) -> bool {
    breached_alone(p, order, goods, nations)
}

pub(super) fn breached_alone(p: &Policies, order: &Order, goods: usize, nations: usize) -> bool {
    let each_good =
        |sel: &GoodSel| -> Vec<usize> { (0..goods).filter(|&g| sel.contains(g)).collect() };
    let each_nation =
        |sel: &NationSel| -> Vec<usize> { (0..nations).filter(|&n| sel.contains(n)).collect() };
    match order {
        Order::SetExportRegime(rule) => {
            let promised = rule.regime.openness();
            each_good(&rule.goods).into_iter().all(|g| {
                each_nation(&rule.to)
                    .into_iter()
                    .all(|d| p.regime(g, d).openness() + 1e-9 >= promised)
            })
        }
        Order::SetTariff(rule) => each_good(&rule.goods).into_iter().all(|g| {
            each_nation(&rule.from)
                .into_iter()
                .all(|o| p.tariff(g, o) <= rule.rate + 1e-9)
        }),
        Order::SetExportQuota { good, limit } => match (limit, p.export_quotas.get(*good)) {
            (None, Some(now)) => now.is_none(),
            (Some(l), Some(now)) => now.is_none_or(|n| n + 1e-9 >= *l),
            _ => true,
        },
        Order::SetProductionQuota { process, limit } => match limit {
            None => !p.quotas.contains_key(process),
            Some(l) => p.quotas.get(process).is_none_or(|n| n + 1e-9 >= *l),
        },
        Order::SetExtraterritorial(rule) => {
            let promised = rule.regime.openness();
            each_good(&rule.goods).into_iter().all(|g| {
                each_nation(&rule.to).into_iter().all(|d| {
                    p.extraterritorial(g, d)
                        .is_none_or(|r| r.regime.openness() + 1e-9 >= promised)
                })
            })
        }
        Order::SetTechBan(ban) => each_nation(&ban.to).into_iter().all(|d| {
            crate::scenario::schema::Process::ALL
                .iter()
                .filter(|pr| !ban.processes.contains(pr))
                .all(|&pr| !p.bans_technology(pr, d))
        }),
        // One-off actions and domestic settings are not commitments.
        Order::SetFirmRules(_)
        | Order::SetStockCover(_)
        | Order::SetReserveRelease(_)
        | Order::SetReserveTarget { .. }
        | Order::ReleaseReserve { .. }
        | Order::Invest(_)
        | Order::SetFacilityStatus { .. } => true,
    }
}

/// Whether an effect is a concession by `party`.
pub(super) fn gives(e: &Effect, party: NationIdx) -> bool {
    match e {
        Effect::Order { nation, .. } | Effect::Treasury { nation, .. } => *nation == party,
        Effect::Relation { from, .. } => *from == party,
        _ => false,
    }
}

/// Expiries and breaches of agreements in force.
pub(super) fn check_agreements(world: &mut World, catalog: &Catalog, turn: u32) {
    let mut pq = world.query::<(&Nation, &Policies)>();
    let mut policies: Vec<(usize, Policies)> =
        pq.iter(world).map(|(n, p)| (n.idx, p.clone())).collect();
    policies.sort_by_key(|p| p.0);
    let goods = catalog.goods.len();
    let nations = catalog.nations.len();
    let mut news = Vec::new();
    let mut effects = Vec::new();
    // Agreements that end this month, whose measures lapse: name, measures, terms.
    let mut ending = Vec::new();
    let mut aq = world.query::<&mut Agreement>();
    let mut active: Vec<Mut<Agreement>> = aq
        .iter_mut(world)
        .filter(|a| a.status == AgreementStatus::Active)
        .collect();
    active.sort_by_key(|a| a.seq);
    for a in &mut active {
        if turn > a.expires {
            a.status = AgreementStatus::Expired;
            news.push(format!("{}: the agreement expires", a.name));
            ending.push((a.name.clone(), a.suspended.clone(), a.terms.clone()));
            continue;
        }
        if turn < a.start {
            continue;
        }
        // Every party that falls short breaches it; the first listed is recorded.
        let breaches: Vec<(NationIdx, Order)> = a
            .parties
            .iter()
            .filter_map(|&party| {
                let terms: Vec<&Order> = a
                    .terms
                    .iter()
                    .filter(|(by, _)| *by == party)
                    .map(|(_, o)| o)
                    .collect();
                breached(&policies[party].1, &terms, goods, nations).map(|o| (party, o.clone()))
            })
            .collect();
        for (by, order) in &breaches {
            news.push(format!(
                "{} breaches {}: {}",
                catalog.nations[*by].name,
                a.name,
                crate::sim::orders::describe(order, catalog)
            ));
            for &other in a.parties.iter().filter(|&&p| p != *by) {
                effects.push(Effect::Relation {
                    from: other,
                    to: *by,
                    trust: -catalog.diplomacy.breach_trust,
                    tension: catalog.diplomacy.breach_tension,
                });
            }
        }
        if let Some((by, _)) = breaches.first() {
            a.status = AgreementStatus::Breached { by: *by, turn };
            ending.push((a.name.clone(), a.suspended.clone(), a.terms.clone()));
        }
    }
    for e in effects {
        world.write_message(EffectMsg {
            effect: e,
            source: OrderSource::Agreement,
            months: None,
        });
    }
    {
        let mut report = world.resource_mut::<Report>();
        for n in news {
            report.news(turn, n);
        }
    }
    for (name, suspended, terms) in ending {
        lapse_measures(world, catalog, &name, &suspended, &terms, turn);
    }
}

/// The measures of the agreement `name` that are still in force go back to what each party
/// had before it (see [`crate::sim::lapse`]); the news says whose.
pub(super) fn lapse_measures(
    world: &mut World,
    catalog: &Catalog,
    name: &str,
    suspended: &[crate::sim::lapse::Suspension],
    terms: &[(NationIdx, Order)],
    turn: u32,
) {
    if suspended.is_empty() {
        return;
    }
    let mut restored = crate::sim::lapse::lapse_in_world(world, suspended, terms, turn);
    if restored.is_empty() {
        return;
    }
    restored.sort_unstable();
    let whose: Vec<&str> = restored
        .iter()
        .map(|&n| catalog.nations[n].name.as_str())
        .collect();
    let text = format!(
        "{name}: the measures it set lapse for {}",
        whose.join(" and ")
    );
    world.resource_mut::<Report>().news(turn, text);
}
