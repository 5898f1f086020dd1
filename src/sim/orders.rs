//! The one order path: every policy lever changes through an [`OrderMsg`] — a validated
//! `(acting nation, order)` pair. Players, AI, events and scripted files all use it; the acting
//! nation is set by whoever owns the seat, never read from the order itself. An order that is
//! out of range is refused with a reason in the log and the turn goes on.

use std::collections::BTreeMap;

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::catalog::{Catalog, GoodIdx, GoodSel, NationIdx, NationSel, Regime};
use super::nation::Nation;
use super::report::Report;
use super::{Clock, TurnSystems};
use crate::scenario::schema::Process;

/// Most export or tariff rules a nation can hold; older rules fully shadowed by a newer one
/// with the same selectors are dropped first, so this bounds memory, not expressiveness.
pub const MAX_RULES: usize = 256;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportRule {
    pub goods: GoodSel,
    pub to: NationSel,
    pub regime: Regime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TariffRule {
    pub from: NationSel,
    pub goods: GoodSel,
    pub rate: f64,
}

/// A nation's levers.
#[derive(Component, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policies {
    /// Last matching rule wins; no match = open.
    pub exports: Vec<ExportRule>,
    /// Last matching rule wins; no match = no tariff.
    pub tariffs: Vec<TariffRule>,
    /// Runs per year allowed per process.
    pub quotas: BTreeMap<Process, f64>,
    /// Units per year allowed out, per good (`None` = no quota).
    pub export_quotas: Vec<Option<f64>>,
    pub stock_cover_months: f64,
    pub reserve_release: bool,
}

impl Policies {
    /// The regime this nation applies to exports of `good` to `dest`.
    pub fn regime(&self, good: GoodIdx, dest: NationIdx) -> Regime {
        self.exports
            .iter()
            .rev()
            .find(|r| r.goods.contains(good) && r.to.contains(dest))
            .map_or(Regime::Open, |r| r.regime)
    }

    /// The tariff this nation charges on imports of `good` from `origin`.
    pub fn tariff(&self, good: GoodIdx, origin: NationIdx) -> f64 {
        self.tariffs
            .iter()
            .rev()
            .find(|r| r.goods.contains(good) && r.from.contains(origin))
            .map_or(0.0, |r| r.rate)
    }
}

/// A change to one nation's levers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Order {
    /// Add an export rule (it overrides earlier rules where they overlap).
    SetExportRegime(ExportRule),
    /// Add a tariff rule (it overrides earlier rules where they overlap).
    SetTariff(TariffRule),
    /// Set or lift a production quota (runs per year).
    SetProductionQuota {
        process: Process,
        limit: Option<f64>,
    },
    /// Set or lift an export quota (units per year).
    SetExportQuota { good: GoodIdx, limit: Option<f64> },
    /// Months of use firms aim to hold.
    SetStockCover(f64),
    /// Whether the strategic reserve is released in shortages.
    SetReserveRelease(bool),
}

/// Where an order came from (for the log and, later, replays).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrderSource {
    Player,
    Ai,
    Event,
    Script,
}

/// An order entering the sim, tagged with the acting nation by the caller that owns the seat.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct OrderMsg {
    pub actor: NationIdx,
    pub order: Order,
    pub source: OrderSource,
}

/// Why an order was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

fn check_sel_nations(sel: &NationSel, n: usize) -> Result<(), Refusal> {
    match sel {
        NationSel::All => Ok(()),
        NationSel::Only(v) | NationSel::AllExcept(v) => match v.iter().find(|&&i| i >= n) {
            Some(i) => Err(Refusal(format!("no nation with index {i}"))),
            None => Ok(()),
        },
    }
}

fn check_sel_goods(sel: &GoodSel, n: usize) -> Result<(), Refusal> {
    match sel {
        GoodSel::All => Ok(()),
        GoodSel::Only(v) => match v.iter().find(|&&i| i >= n) {
            Some(i) => Err(Refusal(format!("no good with index {i}"))),
            None => Ok(()),
        },
    }
}

fn check_range(what: &str, v: f64, lo: f64, hi: f64) -> Result<(), Refusal> {
    if v.is_finite() && (lo..=hi).contains(&v) {
        Ok(())
    } else {
        Err(Refusal(format!("{what} {v} is outside {lo} to {hi}")))
    }
}

/// Checks an order and applies it to the acting nation's policies. Pure; no ECS.
pub fn apply_order(
    policies: &mut Policies,
    order: &Order,
    goods: usize,
    nations: usize,
) -> Result<(), Refusal> {
    match order {
        Order::SetExportRegime(rule) => {
            check_sel_goods(&rule.goods, goods)?;
            check_sel_nations(&rule.to, nations)?;
            if let Regime::Licensing {
                approval,
                review_months,
                validity_months,
            } = rule.regime
            {
                check_range("approval rate", approval, 0.0, 1.0)?;
                if review_months > 120 || validity_months == 0 || validity_months > 120 {
                    return Err(Refusal(
                        "review must be 0–120 months and validity 1–120 months".into(),
                    ));
                }
            }
            policies
                .exports
                .retain(|r| !(r.goods == rule.goods && r.to == rule.to));
            if policies.exports.len() >= MAX_RULES {
                return Err(Refusal(format!(
                    "too many export rules (at most {MAX_RULES})"
                )));
            }
            policies.exports.push(rule.clone());
        }
        Order::SetTariff(rule) => {
            check_sel_goods(&rule.goods, goods)?;
            check_sel_nations(&rule.from, nations)?;
            check_range("tariff rate", rule.rate, 0.0, 10.0)?;
            policies
                .tariffs
                .retain(|r| !(r.goods == rule.goods && r.from == rule.from));
            if policies.tariffs.len() >= MAX_RULES {
                return Err(Refusal(format!(
                    "too many tariff rules (at most {MAX_RULES})"
                )));
            }
            policies.tariffs.push(rule.clone());
        }
        Order::SetProductionQuota { process, limit } => match limit {
            Some(l) => {
                check_range("quota", *l, 0.0, 1e13)?;
                policies.quotas.insert(*process, *l);
            }
            None => {
                policies.quotas.remove(process);
            }
        },
        Order::SetExportQuota { good, limit } => {
            if *good >= goods {
                return Err(Refusal(format!("no good with index {good}")));
            }
            if let Some(l) = limit {
                check_range("export quota", *l, 0.0, 1e13)?;
            }
            policies.export_quotas[*good] = *limit;
        }
        Order::SetStockCover(m) => {
            check_range("stock cover", *m, 0.0, 24.0)?;
            policies.stock_cover_months = *m;
        }
        Order::SetReserveRelease(b) => policies.reserve_release = *b,
    }
    Ok(())
}

/// Short human description of an order, for logs and news.
pub fn describe(order: &Order, catalog: &Catalog) -> String {
    let goods = |s: &GoodSel| match s {
        GoodSel::All => "all goods".to_string(),
        GoodSel::Only(v) => v
            .iter()
            .map(|&g| catalog.goods[g].id.clone())
            .collect::<Vec<_>>()
            .join(","),
    };
    let nations = |s: &NationSel| match s {
        NationSel::All => "all".to_string(),
        NationSel::Only(v) => v
            .iter()
            .map(|&n| catalog.nations[n].id.clone())
            .collect::<Vec<_>>()
            .join(","),
        NationSel::AllExcept(v) => format!(
            "all but {}",
            v.iter()
                .map(|&n| catalog.nations[n].id.clone())
                .collect::<Vec<_>>()
                .join(",")
        ),
    };
    match order {
        Order::SetExportRegime(r) => {
            let regime = match r.regime {
                Regime::Open => "open".to_string(),
                Regime::Ban => "ban".to_string(),
                Regime::Licensing { approval, .. } => {
                    format!("licensing ({:.0}% approved)", approval * 100.0)
                }
            };
            format!(
                "exports of {} to {}: {regime}",
                goods(&r.goods),
                nations(&r.to)
            )
        }
        Order::SetTariff(r) => format!(
            "tariff on {} from {}: {:.0}%",
            goods(&r.goods),
            nations(&r.from),
            r.rate * 100.0
        ),
        Order::SetProductionQuota { process, limit } => match limit {
            Some(l) => format!("{process:?} quota: {l:.0} per year"),
            None => format!("{process:?} quota lifted"),
        },
        Order::SetExportQuota { good, limit } => match limit {
            Some(l) => format!(
                "export quota on {}: {l:.0} per year",
                catalog.goods[*good].id
            ),
            None => format!("export quota on {} lifted", catalog.goods[*good].id),
        },
        Order::SetStockCover(m) => format!("stock cover target: {m:.1} months"),
        Order::SetReserveRelease(b) => format!(
            "strategic reserve release {}",
            if *b { "allowed" } else { "stopped" }
        ),
    }
}

/// Applies an order to a nation and records the outcome in the report's order log.
pub fn execute(
    catalog: &Catalog,
    turn: u32,
    msg: &OrderMsg,
    policies: &mut Policies,
    report: &mut Report,
) {
    let result = apply_order(
        policies,
        &msg.order,
        catalog.goods.len(),
        catalog.nations.len(),
    );
    report.log_order(turn, msg, describe(&msg.order, catalog), result.err());
}

pub(super) fn plugin(app: &mut App) {
    app.add_message::<OrderMsg>();
    app.add_systems(super::ResolveTurn, apply_orders.in_set(TurnSystems::Orders));
}

/// Drains this turn's orders in arrival order and applies each to its actor's policies.
pub(crate) fn apply_orders(
    catalog: Res<Catalog>,
    clock: Res<Clock>,
    mut messages: ResMut<Messages<OrderMsg>>,
    mut nations: Query<(&Nation, &mut Policies)>,
    mut report: ResMut<Report>,
) {
    let orders: Vec<OrderMsg> = messages.drain().collect();
    for msg in orders {
        match nations.iter_mut().find(|(n, _)| n.idx == msg.actor) {
            Some((_, mut policies)) => {
                execute(&catalog, clock.turn, &msg, &mut policies, &mut report)
            }
            None => report.log_order(
                clock.turn,
                &msg,
                describe(&msg.order, &catalog),
                Some(Refusal(format!("no nation with index {}", msg.actor))),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policies() -> Policies {
        Policies {
            exports: vec![],
            tariffs: vec![],
            quotas: BTreeMap::new(),
            export_quotas: vec![None; 3],
            stock_cover_months: 2.0,
            reserve_release: true,
        }
    }

    #[test]
    fn last_matching_rule_wins() {
        let mut p = policies();
        let ban_all = Order::SetExportRegime(ExportRule {
            goods: GoodSel::All,
            to: NationSel::All,
            regime: Regime::Ban,
        });
        let open_one = Order::SetExportRegime(ExportRule {
            goods: GoodSel::Only(vec![1]),
            to: NationSel::Only(vec![2]),
            regime: Regime::Open,
        });
        apply_order(&mut p, &ban_all, 3, 4).unwrap();
        apply_order(&mut p, &open_one, 3, 4).unwrap();
        assert_eq!(p.regime(1, 2), Regime::Open);
        assert_eq!(p.regime(1, 3), Regime::Ban);
        assert_eq!(p.regime(0, 2), Regime::Ban);
        // Re-issuing the same selectors replaces rather than grows the list.
        apply_order(&mut p, &ban_all, 3, 4).unwrap();
        assert_eq!(p.exports.len(), 2);
        assert_eq!(p.regime(1, 2), Regime::Ban);
    }

    #[test]
    fn out_of_range_orders_are_refused_and_change_nothing() {
        let mut p = policies();
        let before = p.clone();
        let bad = [
            Order::SetTariff(TariffRule {
                from: NationSel::All,
                goods: GoodSel::All,
                rate: f64::NAN,
            }),
            Order::SetTariff(TariffRule {
                from: NationSel::Only(vec![9]),
                goods: GoodSel::All,
                rate: 0.1,
            }),
            Order::SetExportQuota {
                good: 7,
                limit: Some(1.0),
            },
            Order::SetStockCover(-1.0),
            Order::SetExportRegime(ExportRule {
                goods: GoodSel::All,
                to: NationSel::All,
                regime: Regime::Licensing {
                    approval: 1.5,
                    review_months: 2,
                    validity_months: 6,
                },
            }),
        ];
        for o in &bad {
            assert!(apply_order(&mut p, o, 3, 4).is_err(), "{o:?} accepted");
        }
        assert_eq!(p, before);
    }

    #[test]
    fn tariffs_default_to_zero() {
        let mut p = policies();
        assert_eq!(p.tariff(0, 1), 0.0);
        apply_order(
            &mut p,
            &Order::SetTariff(TariffRule {
                from: NationSel::AllExcept(vec![1]),
                goods: GoodSel::All,
                rate: 0.25,
            }),
            3,
            4,
        )
        .unwrap();
        assert_eq!(p.tariff(0, 1), 0.0);
        assert_eq!(p.tariff(0, 2), 0.25);
    }
}
