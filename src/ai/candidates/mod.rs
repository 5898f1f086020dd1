//! What an AI nation considers doing this turn: a short list of candidate orders drawn from
//! its situation and its leader's traits, each with a reason. Which of them it actually gives
//! is decided elsewhere ([`super::decide_turn`]): by forward simulation at normal and hard
//! difficulty, by rule of thumb at easy.
//!
//! The rules of thumb, per lever:
//! - **Leverage** (goods it makes half the world's supply of, or more): tighten exports toward
//!   a partner when tension is high for its temper (hawks sooner), or when a summit with that
//!   partner is near and it is hawkish; loosen them when relations are calm.
//! - **Extraterritorial reach**: a hawk under high tension extends licensing to goods made
//!   abroad from its material; lifts it when relations calm.
//! - **Tariffs**: raise them on a partner under high tension if hawkish; lower them when calm.
//! - **Investment**: build capacity for a good it mostly imports when prices are high, supply
//!   is short or its main supplier is hostile; at home, or with a trusted ally for processing.
//! - **Reserves**: stockpile goods it mostly imports from a tense supplier.
//! - **Quotas**: a producer with a quota trims it in a glut and raises it when prices run high.

mod invest;
use invest::investments;

use std::collections::BTreeMap;

use super::memory::{Lever, Pull};
use crate::scenario::schema::{Process, ProjectOwner};
use crate::sim::catalog::{
    Catalog, Effect, FacilityStatus, GoodIdx, GoodSel, NationIdx, NationSel, Regime,
};
use crate::sim::nation::Flows;
use crate::sim::nation::Metric;
use crate::sim::orders::{
    ExportRule, ExtraterritorialRule, Investment, Order, Policies, TariffRule, apply_order,
};
use crate::sim::snapshot::{NationState, SimState};
use crate::sim::summits::{AgreementStatus, breached};

/// A move an AI nation might make: one or more orders on one lever, with the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub lever: Lever,
    pub pull: Pull,
    pub orders: Vec<Order>,
    pub reason: String,
    /// How strongly the rules of thumb favour it (for easy difficulty and for trimming).
    pub priority: f64,
    /// Months until it could pay off (forward simulations look at least this far).
    pub payoff_months: u32,
}

/// Share of world output above which a nation holds leverage over a good.
pub const LEVERAGE_SHARE: f64 = 0.35;
/// Share of its need a nation must import before it stockpiles.
pub const RELIANCE_TO_ACT: f64 = 0.5;
/// Share of its yearly need a new project covers.
pub const PROJECT_SHARE_OF_NEED: f64 = 0.25;
/// Share of its need a nation must import before it considers building at home.
pub const RELIANCE_TO_INVEST: f64 = 0.2;
/// Share of the world's yearly output a project for world share adds.
pub const SHARE_PROJECT: f64 = 0.05;

fn tighten(r: Regime, hawk: f64, tension: f64) -> Option<Regime> {
    if tension >= 0.9 && hawk >= 0.7 {
        return (r != Regime::Ban).then_some(Regime::Ban);
    }
    Some(match r {
        Regime::Open | Regime::GeneralLicence { .. } => Regime::Licensing {
            approval: 0.6,
            review_months: 2,
            validity_months: 6,
        },
        Regime::Licensing {
            approval,
            review_months,
            validity_months,
        } if approval > 0.15 => Regime::Licensing {
            approval: (approval - 0.2).max(0.1),
            review_months,
            validity_months,
        },
        _ => return None,
    })
}

fn loosen(r: Regime) -> Option<Regime> {
    match r {
        Regime::Ban => Some(Regime::Licensing {
            approval: 0.3,
            review_months: 2,
            validity_months: 6,
        }),
        Regime::Licensing {
            approval,
            review_months,
            validity_months,
        } => Some(if approval >= 0.8 {
            Regime::Open
        } else {
            Regime::Licensing {
                approval: approval + 0.2,
                review_months,
                validity_months,
            }
        }),
        Regime::Open | Regime::GeneralLicence { .. } => None,
    }
}

/// Turns ahead within which talks count as near.
pub const TALKS_AHEAD: u32 = 3;

/// Whether talks between `n` and `p` open within [`TALKS_AHEAD`] turns: a scheduled summit,
/// or renewal talks for an agreement between them nearing expiry.
pub fn talks_ahead(
    state: &SimState,
    catalog: &Catalog,
    n: NationIdx,
    p: NationIdx,
    turn: u32,
) -> bool {
    let both = |parties: &[NationIdx]| parties.contains(&n) && parties.contains(&p);
    let scheduled = catalog
        .summits
        .iter()
        .any(|s| s.turn >= turn && s.turn <= turn + TALKS_AHEAD && both(&s.parties));
    let renewal = state.agreements.iter().any(|a| {
        a.status == AgreementStatus::Active
            && !a.renewal_opened
            && both(&a.parties)
            && turn + catalog.diplomacy.renewal_lead + TALKS_AHEAD >= a.expires
    });
    scheduled || renewal
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// Levers a nation bargains with at summits: those the options of issues it gives on move.
/// It does not loosen them on its own (that would give away at home what it can trade at
/// the table); it may tighten them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Chips {
    pub exports: Vec<GoodIdx>,
    pub reach: Vec<GoodIdx>,
    /// Partners whose goods it taxes as a bargaining chip.
    pub tariffs: Vec<NationIdx>,
}

pub fn chips(catalog: &Catalog, n: NationIdx) -> Chips {
    let goods = |sel: &GoodSel| -> Vec<GoodIdx> {
        match sel {
            GoodSel::All => (0..catalog.goods.len()).collect(),
            GoodSel::Only(v) => v.clone(),
        }
    };
    let mut c = Chips::default();
    let orders = catalog
        .issues
        .iter()
        .flat_map(|i| i.options.iter())
        .flat_map(|o| o.effects.iter())
        .filter_map(|e| match e {
            Effect::Order { nation, order } if *nation == n => Some(order),
            _ => None,
        });
    for order in orders {
        match order {
            Order::SetExportRegime(r) => c.exports.extend(goods(&r.goods)),
            Order::SetExtraterritorial(r) => c.reach.extend(goods(&r.goods)),
            Order::SetTariff(r) => c
                .tariffs
                .extend((0..catalog.nations.len()).filter(|&x| r.from.contains(x))),
            _ => {}
        }
    }
    for v in [&mut c.exports, &mut c.reach, &mut c.tariffs] {
        v.sort_unstable();
        v.dedup();
    }
    c
}

/// One project per recipe and host: a plant with several outputs (a separation refinery makes
/// NdPr, Dy/Tb and La/Ce oxides) is proposed for each good it would supply; the candidate kept
/// is the one for the most pressing good, so the reason names that good and the plant is not
/// weighed three times.
fn most_pressing_per_plant(projects: Vec<Candidate>) -> Vec<Candidate> {
    let site = |c: &Candidate| match c.orders.first() {
        Some(Order::Invest(i)) => Some((i.recipe, i.host)),
        _ => None,
    };
    let mut kept: Vec<Candidate> = Vec::new();
    for c in projects {
        match kept.iter_mut().find(|k| site(k) == site(&c)) {
            Some(k) if c.priority > k.priority => *k = c,
            Some(_) => {}
            None => kept.push(c),
        }
    }
    kept
}

/// Candidates for nation `n` at `turn`, in priority order, none of which would breach an
/// agreement in force.
pub fn generate(state: &SimState, catalog: &Catalog, n: NationIdx, turn: u32) -> Vec<Candidate> {
    let me = &state.nations[n];
    let name = &catalog.nations[n].name;
    let goods = catalog.goods.len();
    let nations = catalog.nations.len();
    let hawk = me.leader.hawkishness;
    let flows = &me.flows;
    let policies = &me.policies;
    let chips = chips(catalog, n);
    let mut out: Vec<Candidate> = Vec::new();

    // Goods this nation dominates.
    let dominated: Vec<GoodIdx> = (0..goods)
        .filter(|&g| flows.world_share[g] >= LEVERAGE_SHARE)
        .collect();

    let ctx = Ctx {
        state,
        catalog,
        n,
        turn,
        me,
        name,
        goods,
        nations,
        hawk,
        flows,
        policies,
        chips,
        dominated,
    };
    for p in (0..nations).filter(|&p| p != n) {
        let m = mood(&ctx, p);
        leverage(&ctx, p, &m, &mut out);
        tariffs(&ctx, p, &m, &mut out);
    }
    investments(&ctx, &mut out);
    stockpiles(&ctx, &mut out);
    // Never break an agreement in force.
    out.retain(|c| keeps_agreements(state, catalog, n, &c.orders, turn));
    out.sort_by(|a, b| b.priority.total_cmp(&a.priority));
    out
}

/// What [`generate`] reads of the nation whose moves it proposes.
struct Ctx<'a> {
    state: &'a SimState,
    catalog: &'a Catalog,
    n: NationIdx,
    turn: u32,
    me: &'a NationState,
    name: &'a str,
    goods: usize,
    nations: usize,
    hawk: f64,
    flows: &'a Flows,
    policies: &'a Policies,
    chips: Chips,
    /// Goods this nation dominates.
    dominated: Vec<GoodIdx>,
}

impl Ctx<'_> {
    /// A good's price at home against its base price.
    fn price(&self, g: GoodIdx) -> f64 {
        self.state.market.price[g][self.n] / self.catalog.goods[g].base_price
    }

    /// Who dominates a good, other than this nation (if anyone holds more than 5%).
    fn main_supplier(&self, g: GoodIdx) -> Option<NationIdx> {
        let (state, n) = (self.state, self.n);
        (0..self.nations)
            .filter(|&j| j != n)
            .max_by(|&a, &b| {
                state.nations[a].flows.world_share[g]
                    .total_cmp(&state.nations[b].flows.world_share[g])
                    .then(b.cmp(&a))
            })
            .filter(|&j| state.nations[j].flows.world_share[g] > 0.05)
    }
}

/// How a leader feels toward a partner this turn, and why.
struct Mood<'a> {
    tension: f64,
    pname: &'a str,
    uneasy: bool,
    hot: bool,
    calm: bool,
    calm_why: String,
    hot_why: String,
    press_priority: f64,
    ease_priority: f64,
}

/// The leader's mood toward partner `p`.
fn mood<'a>(ctx: &Ctx<'a>, p: NationIdx) -> Mood<'a> {
    let Ctx {
        state,
        catalog,
        n,
        turn,
        me,
        hawk,
        ..
    } = *ctx;
    let tension = me.relations.tension[p];
    let pname = &catalog.nations[p].name;
    let summit_near = talks_ahead(state, catalog, n, p, turn);
    // Coercion crosses a leader's mind once relations sour, sooner for hawks; easing
    // crosses it unless relations run hot for its temper.
    let uneasy = tension >= 0.55 - 0.25 * hawk || (summit_near && hawk >= 0.5);
    let hot = tension >= 0.8 - 0.3 * hawk || (summit_near && hawk >= 0.5 && tension >= 0.4);
    let deal = state.agreements.iter().find(|a| {
        a.status == AgreementStatus::Active
            && a.parties.contains(&n)
            && a.parties.contains(&p)
            && turn <= a.start + 3
    });
    let calm = tension <= 0.25 + 0.15 * (1.0 - hawk) || deal.is_some();
    let calm_why = match deal {
        Some(a) => format!("{} was just agreed", a.name),
        None if calm => format!("relations are calm ({tension:.2})"),
        None => "its producers lose sales under the controls".to_string(),
    };
    let hot_why = if summit_near {
        format!("tension with {pname} is high ({tension:.2}) and a summit is near")
    } else {
        format!("tension with {pname} is high ({tension:.2})")
    };
    let press_priority = tension * (0.5 + hawk) + if summit_near { 0.2 } else { 0.0 };
    let ease_priority = (1.0 - tension) * (1.5 - hawk) + if deal.is_some() { 0.3 } else { 0.0 };
    Mood {
        tension,
        pname,
        uneasy,
        hot,
        calm,
        calm_why,
        hot_why,
        press_priority,
        ease_priority,
    }
}

/// Export controls and rules on goods made abroad, over goods it dominates that `p` buys.
fn leverage(ctx: &Ctx<'_>, p: NationIdx, m: &Mood<'_>, out: &mut Vec<Candidate>) {
    let Ctx {
        state,
        catalog,
        name,
        hawk,
        policies,
        ref chips,
        ref dominated,
        ..
    } = *ctx;
    let Mood {
        tension,
        pname,
        uneasy,
        hot,
        ref calm_why,
        ref hot_why,
        press_priority,
        ease_priority,
        ..
    } = *m;
    // Leverage over goods it dominates that this partner buys.
    let dominated: Vec<GoodIdx> = dominated
        .iter()
        .copied()
        .filter(|&g| state.nations[p].flows.imported[g] > 0.0)
        .collect();
    if !dominated.is_empty() {
        // Each good one step tighter or looser than its regime now.
        let step =
            |f: &dyn Fn(Regime) -> Option<Regime>, loosening: bool| -> (String, Vec<Order>) {
                let (names, orders): (Vec<String>, Vec<Order>) = dominated
                    .iter()
                    .filter(|g| !(loosening && chips.exports.contains(g)))
                    .filter_map(|&g| {
                        f(policies.regime(g, p)).map(|regime| {
                            (
                                catalog.goods[g].name.to_lowercase(),
                                Order::SetExportRegime(ExportRule {
                                    goods: GoodSel::Only(vec![g]),
                                    to: NationSel::Only(vec![p]),
                                    regime,
                                    expires: None,
                                }),
                            )
                        })
                    })
                    .unzip();
                (names.join(", "), orders)
            };
        if uneasy {
            let (names, orders) = step(&|r| tighten(r, hawk, tension), false);
            if !orders.is_empty() {
                out.push(Candidate {
                    lever: Lever::Exports(p),
                    pull: Pull::Tighten,
                    orders,
                    reason: format!("{name} tightens {names} exports to {pname}: {hot_why}"),
                    priority: press_priority,
                    payoff_months: 0,
                });
            }
        }
        if !hot {
            let (names, orders) = step(&loosen, true);
            if !orders.is_empty() {
                out.push(Candidate {
                    lever: Lever::Exports(p),
                    pull: Pull::Loosen,
                    orders,
                    reason: format!("{name} eases {names} exports to {pname}: {calm_why}"),
                    priority: ease_priority,
                    payoff_months: 0,
                });
            }
        }
        let names = dominated
            .iter()
            .map(|&g| catalog.goods[g].name.to_lowercase())
            .collect::<Vec<_>>()
            .join(", ");

        // Reach over goods made abroad from its material.
        let reaching = dominated.iter().any(|&g| {
            policies
                .extraterritorial(g, p)
                .is_some_and(|r| r.regime != Regime::Open)
        });
        let rule = |regime: Regime| {
            Order::SetExtraterritorial(ExtraterritorialRule {
                goods: GoodSel::Only(dominated.clone()),
                threshold: 0.001,
                to: NationSel::Only(vec![p]),
                regime,
            })
        };
        if hot && hawk >= 0.5 && !reaching {
            out.push(Candidate {
                lever: Lever::Reach(p),
                pull: Pull::Tighten,
                orders: vec![rule(Regime::Licensing {
                    approval: 0.5,
                    review_months: 2,
                    validity_months: 6,
                })],
                reason: format!(
                    "{name} requires licences for goods made abroad from its {names} bound for {pname}: {hot_why}"
                ),
                priority: press_priority * hawk,
                payoff_months: 0,
            });
        } else if !hot && reaching && !dominated.iter().any(|g| chips.reach.contains(g)) {
            out.push(Candidate {
                lever: Lever::Reach(p),
                pull: Pull::Loosen,
                orders: vec![rule(Regime::Open)],
                reason: format!(
                    "{name} lifts its rules on goods made abroad for {pname}: {calm_why}"
                ),
                priority: ease_priority * 0.8,
                payoff_months: 0,
            });
        }
    }
}

/// Tariffs on what `p` sells it.
fn tariffs(ctx: &Ctx<'_>, p: NationIdx, m: &Mood<'_>, out: &mut Vec<Candidate>) {
    let Ctx {
        state,
        name,
        goods,
        hawk,
        flows,
        policies,
        ref chips,
        ..
    } = *ctx;
    let Mood {
        pname,
        uneasy,
        calm,
        ref calm_why,
        ref hot_why,
        press_priority,
        ease_priority,
        ..
    } = *m;
    // Tariffs on what this partner sells it.
    let partner_goods: Vec<GoodIdx> = (0..goods)
        .filter(|&g| flows.imported[g] > 0.0 && state.nations[p].flows.world_share[g] >= 0.2)
        .collect();
    let step = |up: bool| -> Vec<Order> {
        partner_goods
            .iter()
            .filter_map(|&g| {
                let now = policies.tariff(g, p);
                let next = if up {
                    (now + 0.1).min(1.0)
                } else {
                    (now - 0.1).max(0.0)
                };
                ((next - now).abs() > 1e-9).then(|| {
                    Order::SetTariff(TariffRule {
                        from: NationSel::Only(vec![p]),
                        goods: GoodSel::Only(vec![g]),
                        rate: next,
                    })
                })
            })
            .collect()
    };
    if uneasy && hawk >= 0.5 {
        let orders = step(true);
        if !orders.is_empty() {
            out.push(Candidate {
                lever: Lever::Tariffs(p),
                pull: Pull::Tighten,
                orders,
                reason: format!("{name} raises tariffs on {pname}: {hot_why}"),
                priority: press_priority * 0.8,
                payoff_months: 0,
            });
        }
    }
    let orders = if chips.tariffs.contains(&p) {
        Vec::new()
    } else {
        step(false)
    };
    if !orders.is_empty() {
        out.push(Candidate {
            lever: Lever::Tariffs(p),
            pull: Pull::Loosen,
            orders,
            reason: format!(
                "{name} lowers tariffs on {pname}: the duties cost its own users{}",
                if calm {
                    format!(" and {calm_why}")
                } else {
                    String::new()
                }
            ),
            priority: ease_priority * 0.8,
            payoff_months: 0,
        });
    }
}

/// Strategic reserves to build and release, and quotas to steady prices.
fn stockpiles(ctx: &Ctx<'_>, out: &mut Vec<Candidate>) {
    let Ctx {
        state,
        catalog,
        n,
        me,
        name,
        goods,
        hawk,
        flows,
        policies,
        ..
    } = *ctx;
    let price = |g: GoodIdx| ctx.price(g);
    let main_supplier = |g: GoodIdx| ctx.main_supplier(g);
    // Strategic reserves of goods it mostly imports from a tense supplier.
    for g in 0..goods {
        let Some(s) = main_supplier(g) else { continue };
        let tension = me.relations.tension[s];
        if flows.reliance[g] >= RELIANCE_TO_ACT
            && tension >= 0.5
            && policies.reserve_targets[g].is_none()
            && state.market.expected_use[g][n] > 0.0
        {
            out.push(Candidate {
                lever: Lever::Reserve(g),
                pull: Pull::Build,
                orders: vec![Order::SetReserveTarget {
                    good: g,
                    months: Some(2.0 + hawk),
                }],
                reason: format!(
                    "{name} builds a reserve of {}: it imports {} of its need, mostly from {} (tension {tension:.2})",
                    catalog.goods[g].name.to_lowercase(),
                    pct(flows.reliance[g]),
                    catalog.nations[s].name
                ),
                priority: flows.reliance[g] * tension,
                payoff_months: 0,
            });
        }
    }

    // Reserves are for bad times: release some when supply runs short or prices spike.
    for g in 0..goods {
        let held = me.stocks.reserve[g];
        if held <= 0.0 {
            continue;
        }
        let spike = price(g) >= 1.4;
        let short = flows.security < 0.97 && flows.reliance[g] >= 0.3;
        if spike || short {
            out.push(Candidate {
                lever: Lever::Reserve(g),
                pull: Pull::Loosen,
                orders: vec![Order::ReleaseReserve {
                    good: g,
                    quantity: held / 3.0,
                }],
                reason: format!(
                    "{name} releases a third of its {} reserve: {}",
                    catalog.goods[g].name.to_lowercase(),
                    if spike {
                        format!("it trades at {:.1}× its base price", price(g))
                    } else {
                        "its industry runs short".to_string()
                    }
                ),
                priority: price(g).max(1.0) * (1.0 - flows.security + 0.5),
                payoff_months: 0,
            });
        }
    }

    // Quotas: steady the price of what it mines or refines.
    for (&process, &limit) in &policies.quotas {
        let outputs: Vec<GoodIdx> = catalog
            .recipes
            .iter()
            .filter(|r| r.process == process)
            .flat_map(|r| r.outputs.iter().map(|&(g, _)| g))
            .collect();
        let Some(&g) = outputs.first() else { continue };
        let factor = if price(g) < 0.8 {
            0.9
        } else if price(g) > 1.3 {
            1.1
        } else {
            continue;
        };
        out.push(Candidate {
            lever: Lever::Quota(process),
            pull: if factor < 1.0 {
                Pull::Tighten
            } else {
                Pull::Loosen
            },
            orders: vec![Order::SetProductionQuota {
                process,
                limit: Some(limit * factor),
            }],
            reason: format!(
                "{name} {} its {process:?} quota: {} trades at {:.1}× its base price",
                if factor < 1.0 { "trims" } else { "raises" },
                catalog.goods[g].name.to_lowercase(),
                price(g)
            ),
            priority: (price(g) - 1.0).abs(),
            payoff_months: 0,
        });
    }
}

/// Whether orders leave the nation within the terms of its agreements in force.
pub fn keeps_agreements(
    state: &SimState,
    catalog: &Catalog,
    n: NationIdx,
    orders: &[Order],
    turn: u32,
) -> bool {
    let (goods, nations) = (catalog.goods.len(), catalog.nations.len());
    let active: Vec<_> = state
        .agreements
        .iter()
        .filter(|a| a.status == AgreementStatus::Active && a.parties.contains(&n))
        .collect();
    let mine = |a: &crate::sim::summits::Agreement| -> Vec<Order> {
        a.terms
            .iter()
            .filter(|(by, _)| *by == n)
            .map(|(_, o)| o.clone())
            .collect()
    };
    // Its policies with its terms in force (a deal struck last turn takes effect with this
    // turn's orders), then the move: only the move can breach.
    let mut p: Policies = state.nations[n].policies.clone();
    for a in &active {
        for o in mine(a) {
            let _ = apply_order(&mut p, &o, turn, goods, nations);
        }
    }
    for o in orders {
        if apply_order(&mut p, o, turn, goods, nations).is_err()
            && !matches!(
                o,
                Order::Invest(_) | Order::ReleaseReserve { .. } | Order::SetFacilityStatus { .. }
            )
        {
            return false;
        }
    }
    active.iter().all(|a| {
        let terms = mine(a);
        let terms: Vec<&Order> = terms.iter().collect();
        breached(&p, &terms, goods, nations).is_none()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tightening_and_loosening_step_through_regimes() {
        let r = tighten(Regime::Open, 0.5, 0.7).unwrap();
        assert!(matches!(r, Regime::Licensing { approval, .. } if (approval - 0.6).abs() < 1e-9));
        let r = tighten(r, 0.5, 0.7).unwrap();
        assert!(matches!(r, Regime::Licensing { approval, .. } if (approval - 0.4).abs() < 1e-9));
        assert_eq!(tighten(r, 0.8, 0.95), Some(Regime::Ban));
        assert_eq!(tighten(Regime::Ban, 0.8, 0.95), None);
        assert_eq!(
            loosen(Regime::Licensing {
                approval: 0.9,
                review_months: 2,
                validity_months: 6
            }),
            Some(Regime::Open)
        );
        assert_eq!(loosen(Regime::Open), None);
    }
}
