//! The one order path: every lever changes through an [`OrderMsg`], a validated
//! `(acting nation, order)` pair. Players, AI, events and scripted files all use it; the acting
//! nation is set by whoever owns the seat, never read from the order itself. An order that is
//! out of range, or that reaches for another nation's lever (say, idling a plant abroad), is
//! refused with a reason in the log, and the turn goes on.
//!
//! Orders are applied twice a turn by the same system: at the Orders step (players, AI,
//! scripts, agreements) and right after the Events step (orders that events give).

use std::collections::BTreeMap;

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::Clock;
use super::catalog::{Catalog, FacilityStatus, GoodIdx, GoodSel, NationIdx, NationSel, Regime};
use super::facility::{Facility, HostedBy, Owner, RAMP_MONTHS};
use super::market::Market;
use super::nation::{Economy, Nation, Stocks};
use super::projects::{self, ProjectRequest};
use super::report::Report;
use super::rng::SimRng;
use crate::scenario::ranges;
use crate::scenario::schema::{FirmRules, Process, ProjectOwner};

/// Most rules of one kind a nation can hold; a new rule replaces an older one with the same
/// selectors, so this bounds memory, not expressiveness.
pub const MAX_RULES: usize = 256;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportRule {
    pub goods: GoodSel,
    pub to: NationSel,
    pub regime: Regime,
    /// Last turn a general licence is valid (set when the rule is given).
    pub expires: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TariffRule {
    pub from: NationSel,
    pub goods: GoodSel,
    pub rate: f64,
}

/// Exports of `goods` by other nations to `to` that carry at least `threshold` of this
/// nation's material by value, or were made with its technology, fall under `regime`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtraterritorialRule {
    pub goods: GoodSel,
    pub threshold: f64,
    pub to: NationSel,
    pub regime: Regime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TechBan {
    pub processes: Vec<Process>,
    pub to: NationSel,
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
    pub extraterritorial: Vec<ExtraterritorialRule>,
    pub tech_bans: Vec<TechBan>,
    pub firms: FirmRules,
    /// Strategic reserve target per good, in months of use.
    pub reserve_targets: Vec<Option<f64>>,
    pub stock_cover_months: f64,
    pub reserve_release: bool,
}

impl Policies {
    /// No rules at all: open exports, no tariffs or quotas, two months of cover.
    pub fn open(goods: usize) -> Policies {
        Policies {
            exports: Vec::new(),
            tariffs: Vec::new(),
            quotas: BTreeMap::new(),
            export_quotas: vec![None; goods],
            extraterritorial: Vec::new(),
            tech_bans: Vec::new(),
            firms: FirmRules::default(),
            reserve_targets: vec![None; goods],
            stock_cover_months: 2.0,
            reserve_release: true,
        }
    }

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

    /// The extraterritorial rule (if any) covering `good` exported by others to `dest`.
    pub fn extraterritorial(
        &self,
        good: GoodIdx,
        dest: NationIdx,
    ) -> Option<&ExtraterritorialRule> {
        self.extraterritorial
            .iter()
            .rev()
            .find(|r| r.goods.contains(good) && r.to.contains(dest))
    }

    /// Whether this nation bans exporting the technology of `process` to `dest`.
    pub fn bans_technology(&self, process: Process, dest: NationIdx) -> bool {
        self.tech_bans
            .iter()
            .rev()
            .find(|b| b.to.contains(dest))
            .is_some_and(|b| b.processes.contains(&process))
    }

    /// Drops general licences that have lapsed by `turn`; returns how many.
    pub fn expire_general_licences(&mut self, turn: u32) -> usize {
        let before = self.exports.len();
        self.exports.retain(|r| r.expires.is_none_or(|t| t >= turn));
        before - self.exports.len()
    }
}

/// A facility project, resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Investment {
    pub recipe: usize,
    /// Host nation (`None` = the acting nation).
    pub host: Option<NationIdx>,
    pub capacity: f64,
    pub owner: ProjectOwner,
    pub subsidy: f64,
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
    SetExportQuota {
        good: GoodIdx,
        limit: Option<f64>,
    },
    SetExtraterritorial(ExtraterritorialRule),
    /// Replace the technology ban for a selection of nations (no processes lifts it).
    SetTechBan(TechBan),
    SetFirmRules(FirmRules),
    /// Months of use firms aim to hold.
    SetStockCover(f64),
    /// Whether the strategic reserve is released in shortages.
    SetReserveRelease(bool),
    SetReserveTarget {
        good: GoodIdx,
        months: Option<f64>,
    },
    /// Sell this much of the strategic reserve to firms now.
    ReleaseReserve {
        good: GoodIdx,
        quantity: f64,
    },
    /// Start a facility project.
    Invest(Investment),
    /// Idle or reopen one of the acting nation's facilities.
    SetFacilityStatus {
        facility: usize,
        operating: bool,
    },
}

/// Where an order came from (for the log and, later, replays).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrderSource {
    Player,
    Ai,
    Event,
    Script,
    /// The terms of an agreement reached at a summit.
    Agreement,
    /// An event the facilitator injected (classroom).
    Facilitator,
}

/// Which way an order moves trade, for the debrief's key moments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lever {
    /// Restricts trade: export licensing or bans, technology bans, quotas, tariffs raised.
    Control,
    /// Opens it again: exports opened or put under a general licence, bans and quotas lifted.
    Easing,
    /// Anything else (reserves, stock cover, plants, firm rules).
    #[default]
    Other,
}

impl Order {
    pub fn lever(&self) -> Lever {
        match self {
            Order::SetExportRegime(r) => match r.regime {
                Regime::Licensing { .. } | Regime::Ban => Lever::Control,
                Regime::Open | Regime::GeneralLicence { .. } => Lever::Easing,
            },
            Order::SetExtraterritorial(r) => match r.regime {
                Regime::Licensing { .. } | Regime::Ban => Lever::Control,
                Regime::Open | Regime::GeneralLicence { .. } => Lever::Easing,
            },
            Order::SetTechBan(b) if b.processes.is_empty() => Lever::Easing,
            Order::SetTechBan(_) => Lever::Control,
            Order::SetProductionQuota { limit, .. } | Order::SetExportQuota { limit, .. } => {
                if limit.is_some() {
                    Lever::Control
                } else {
                    Lever::Easing
                }
            }
            Order::SetTariff(t) if t.rate > 0.0 => Lever::Control,
            Order::SetTariff(_) => Lever::Easing,
            _ => Lever::Other,
        }
    }
}

/// An order entering the sim, tagged with the acting nation by the caller that owns the seat.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct OrderMsg {
    pub actor: NationIdx,
    pub order: Order,
    pub source: OrderSource,
    /// Why the order was given (the AI always says; others may).
    pub reason: Option<String>,
    /// Months the lever it sets holds before going back (an event's `months`), if
    /// time-limited.
    pub months: Option<u32>,
}

/// Why an order was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

fn refuse<T>(msg: impl Into<String>) -> Result<T, Refusal> {
    Err(Refusal(msg.into()))
}

fn check_sel_nations(sel: &NationSel, n: usize) -> Result<(), Refusal> {
    match sel {
        NationSel::All => Ok(()),
        NationSel::Only(v) | NationSel::AllExcept(v) => match v.iter().find(|&&i| i >= n) {
            Some(i) => refuse(format!("no nation with index {i}")),
            None => Ok(()),
        },
    }
}

fn check_sel_goods(sel: &GoodSel, n: usize) -> Result<(), Refusal> {
    match sel {
        GoodSel::All => Ok(()),
        GoodSel::Only(v) => match v.iter().find(|&&i| i >= n) {
            Some(i) => refuse(format!("no good with index {i}")),
            None => Ok(()),
        },
    }
}

fn check_range(what: &str, v: f64, r: ranges::Range) -> Result<(), Refusal> {
    if r.contains(v) {
        Ok(())
    } else {
        refuse(format!("{what} {v} is outside {} to {}", r.lo, r.hi))
    }
}

fn check_good(g: GoodIdx, n: usize) -> Result<(), Refusal> {
    if g < n {
        Ok(())
    } else {
        refuse(format!("no good with index {g}"))
    }
}

fn check_regime(r: &Regime) -> Result<(), Refusal> {
    match *r {
        Regime::Licensing {
            approval,
            review_months,
            validity_months,
        } => {
            check_range("approval rate", approval, ranges::SHARE)?;
            if review_months > 120 || validity_months == 0 || validity_months > 120 {
                return refuse("review must be 0–120 months and validity 1–120 months");
            }
            Ok(())
        }
        Regime::GeneralLicence { months } if months == 0 || months > 120 => {
            refuse("a general licence lasts 1–120 months")
        }
        _ => Ok(()),
    }
}

/// Replaces a rule with the same selectors, or appends one (within [`MAX_RULES`]).
fn upsert<T: Clone>(list: &mut Vec<T>, rule: &T, same: impl Fn(&T) -> bool) -> Result<(), Refusal> {
    list.retain(|r| !same(r));
    if list.len() >= MAX_RULES {
        return refuse(format!("too many rules of this kind (at most {MAX_RULES})"));
    }
    list.push(rule.clone());
    Ok(())
}

/// Checks a policy order and applies it to the acting nation's policies. Pure; no ECS.
/// Orders that act on more than policies (reserves, projects, facilities) are refused here;
/// the order system handles them.
pub fn apply_order(
    policies: &mut Policies,
    order: &Order,
    turn: u32,
    goods: usize,
    nations: usize,
) -> Result<(), Refusal> {
    match order {
        Order::SetExportRegime(rule) => {
            check_sel_goods(&rule.goods, goods)?;
            check_sel_nations(&rule.to, nations)?;
            check_regime(&rule.regime)?;
            let mut rule = rule.clone();
            rule.expires = match rule.regime {
                Regime::GeneralLicence { months } => Some(turn + months - 1),
                _ => None,
            };
            upsert(&mut policies.exports, &rule, |r| {
                r.goods == rule.goods && r.to == rule.to
            })?;
        }
        Order::SetTariff(rule) => {
            check_sel_goods(&rule.goods, goods)?;
            check_sel_nations(&rule.from, nations)?;
            check_range("tariff rate", rule.rate, ranges::TARIFF_RATE)?;
            upsert(&mut policies.tariffs, rule, |r| {
                r.goods == rule.goods && r.from == rule.from
            })?;
        }
        Order::SetProductionQuota { process, limit } => match limit {
            Some(l) => {
                check_range("quota", *l, ranges::AMOUNT)?;
                policies.quotas.insert(*process, *l);
            }
            None => {
                policies.quotas.remove(process);
            }
        },
        Order::SetExportQuota { good, limit } => {
            check_good(*good, goods)?;
            if let Some(l) = limit {
                check_range("export quota", *l, ranges::AMOUNT)?;
            }
            policies.export_quotas[*good] = *limit;
        }
        Order::SetExtraterritorial(rule) => {
            check_sel_goods(&rule.goods, goods)?;
            check_sel_nations(&rule.to, nations)?;
            check_range("content threshold", rule.threshold, ranges::SHARE)?;
            check_regime(&rule.regime)?;
            if matches!(rule.regime, Regime::GeneralLicence { .. }) {
                return refuse("extraterritorial rules take Open, Licensing or Ban");
            }
            upsert(&mut policies.extraterritorial, rule, |r| {
                r.goods == rule.goods && r.to == rule.to
            })?;
        }
        Order::SetTechBan(ban) => {
            check_sel_nations(&ban.to, nations)?;
            upsert(&mut policies.tech_bans, ban, |r| r.to == ban.to)?;
        }
        Order::SetFirmRules(rules) => {
            if let Some(s) = rules.quota_state_share {
                check_range("state share of quotas", s, ranges::SHARE)?;
            }
            policies.firms = rules.clone();
        }
        Order::SetStockCover(m) => {
            check_range("stock cover", *m, ranges::STOCK_COVER)?;
            policies.stock_cover_months = *m;
        }
        Order::SetReserveRelease(b) => policies.reserve_release = *b,
        Order::SetReserveTarget { good, months } => {
            check_good(*good, goods)?;
            if let Some(m) = months {
                check_range("reserve target", *m, ranges::RESERVE_MONTHS)?;
            }
            policies.reserve_targets[*good] = *months;
        }
        Order::ReleaseReserve { .. } | Order::Invest(_) | Order::SetFacilityStatus { .. } => {
            return refuse("not a policy order");
        }
    }
    Ok(())
}

fn list<T>(v: &[T], f: impl Fn(&T) -> String) -> String {
    v.iter().map(f).collect::<Vec<_>>().join(", ")
}

fn describe_regime(r: &Regime) -> String {
    match r {
        Regime::Open => "open".to_string(),
        Regime::Ban => "ban".to_string(),
        Regime::Licensing {
            approval,
            review_months,
            validity_months,
        } => format!(
            "licensing ({:.0}% base approval, {review_months}-month review, {validity_months}-month permits)",
            approval * 100.0
        ),
        Regime::GeneralLicence { months } => format!("general licence for {months} months"),
    }
}

/// Short human description of an order, for logs and news.
pub fn describe(order: &Order, catalog: &Catalog) -> String {
    let goods = |s: &GoodSel| match s {
        GoodSel::All => "all goods".to_string(),
        GoodSel::Only(v) => list(v, |&g| catalog.goods[g].id.clone()),
    };
    let nations = |s: &NationSel| match s {
        NationSel::All => "all".to_string(),
        NationSel::Only(v) => list(v, |&n| catalog.nations[n].id.clone()),
        NationSel::AllExcept(v) => {
            format!("all but {}", list(v, |&n| catalog.nations[n].id.clone()))
        }
    };
    let good = |g: &GoodIdx| {
        catalog
            .goods
            .get(*g)
            .map_or_else(|| format!("#{g}"), |d| d.id.clone())
    };
    match order {
        Order::SetExportRegime(r) => format!(
            "exports of {} to {}: {}",
            goods(&r.goods),
            nations(&r.to),
            describe_regime(&r.regime)
        ),
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
        Order::SetExportQuota { good: g, limit } => match limit {
            Some(l) => format!("export quota on {}: {l:.0} per year", good(g)),
            None => format!("export quota on {} lifted", good(g)),
        },
        Order::SetExtraterritorial(r) => format!(
            "goods made abroad with {:.1}% or more of our {} by value, going to {}: {}",
            r.threshold * 100.0,
            goods(&r.goods),
            nations(&r.to),
            describe_regime(&r.regime)
        ),
        Order::SetTechBan(b) if b.processes.is_empty() => {
            format!("technology ban on {} lifted", nations(&b.to))
        }
        Order::SetTechBan(b) => format!(
            "technology ban on {} for {}",
            list(&b.processes, |p| format!("{p:?}")),
            nations(&b.to)
        ),
        Order::SetFirmRules(f) => format!(
            "firm rules: {}{}{}{}",
            f.quota_state_share
                .map_or("quotas by capacity".to_string(), |s| format!(
                    "{:.0}% of quotas to state firms",
                    s * 100.0
                )),
            if f.exports_state_only {
                ", exports by state firms only"
            } else {
                ""
            },
            if f.expansion_state_only {
                ", expansion by state firms only"
            } else {
                ""
            },
            if f.private_review_stricter {
                ", stricter export review for private firms"
            } else {
                ""
            },
        ),
        Order::SetStockCover(m) => format!("stock cover target: {m:.1} months"),
        Order::SetReserveRelease(b) => format!(
            "strategic reserve release {}",
            if *b { "allowed" } else { "stopped" }
        ),
        Order::SetReserveTarget { good: g, months } => match months {
            Some(m) => format!("strategic reserve target for {}: {m:.1} months", good(g)),
            None => format!("strategic reserve target for {} dropped", good(g)),
        },
        Order::ReleaseReserve { good: g, quantity } => {
            format!(
                "release {quantity:.0} of {} from the strategic reserve",
                good(g)
            )
        }
        Order::Invest(inv) => format!(
            "invest in {:.0}/yr of {}{} ({})",
            inv.capacity,
            catalog
                .recipes
                .get(inv.recipe)
                .map_or("?", |r| r.name.as_str()),
            inv.host
                .map(|h| format!(
                    " in {}",
                    catalog.nations.get(h).map_or("?", |n| n.id.as_str())
                ))
                .unwrap_or_default(),
            match inv.owner {
                ProjectOwner::State => "state-owned".to_string(),
                ProjectOwner::Private => format!("private, {:.0}% subsidy", inv.subsidy * 100.0),
            }
        ),
        Order::SetFacilityStatus {
            facility,
            operating,
        } => format!(
            "{} {}",
            if *operating { "reopen" } else { "idle" },
            catalog
                .facility_ids
                .get(*facility)
                .map_or_else(|| format!("facility #{facility}"), Clone::clone)
        ),
    }
}

/// What came into the game from outside it, as given: players' and scripts' orders, and
/// human seats' summit moves. With the scenario and the seed, this is all a replay needs (AI
/// decisions, events and agreements follow from the state).
#[derive(Resource, Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Inputs {
    pub orders: Vec<InputOrder>,
    pub moves: Vec<InputMove>,
    /// What a facilitator did (saves from before facilitators read as none).
    #[serde(default)]
    pub interventions: Vec<super::facilitator::InputIntervention>,
}

/// An order applied at the start of `turn`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputOrder {
    pub turn: u32,
    pub actor: NationIdx,
    pub source: OrderSource,
    pub order: Order,
    pub reason: Option<String>,
}

/// A human seat's move in a summit, made after `turn` resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputMove {
    pub turn: u32,
    /// The summit's id.
    pub summit: String,
    pub party: NationIdx,
    pub action: crate::negotiation::protocol::Move,
}

pub(super) fn plugin(app: &mut App) {
    app.add_message::<OrderMsg>();
    app.init_resource::<Inputs>();
    app.init_resource::<super::lapse::TimedMeasures>();
}

type NationRow<'a> = (
    &'a Nation,
    &'a mut Policies,
    &'a mut Stocks,
    &'a mut Economy,
);

/// Drains queued orders in arrival order and applies each for its actor.
#[allow(clippy::too_many_arguments)]
pub(crate) fn apply_orders(
    mut commands: Commands,
    catalog: Res<Catalog>,
    clock: Res<Clock>,
    market: Res<Market>,
    mut rng: ResMut<SimRng>,
    mut messages: ResMut<Messages<OrderMsg>>,
    mut nations: Query<(Entity, NationRow)>,
    mut facilities: Query<&mut Facility>,
    mut report: ResMut<Report>,
    mut inputs: ResMut<Inputs>,
    mut timed: ResMut<super::lapse::TimedMeasures>,
) {
    let orders: Vec<OrderMsg> = messages.drain().collect();
    if orders.is_empty() {
        return;
    }
    let turn = clock.turn;
    let mut next_idx = facilities.iter().map(|f| f.idx + 1).max().unwrap_or(0);
    for msg in orders {
        if matches!(msg.source, OrderSource::Player | OrderSource::Script) {
            inputs.orders.push(InputOrder {
                turn,
                actor: msg.actor,
                source: msg.source,
                order: msg.order.clone(),
                reason: msg.reason.clone(),
            });
        }
        let description = describe(&msg.order, &catalog);
        let actor_known = nations.iter().any(|(_, (n, ..))| n.idx == msg.actor);
        let result = if !actor_known {
            refuse(format!("no nation with index {}", msg.actor))
        } else {
            match &msg.order {
                Order::ReleaseReserve { good, quantity } => {
                    release_reserve(&catalog, &market, &mut nations, msg.actor, *good, *quantity)
                }
                Order::SetFacilityStatus {
                    facility,
                    operating,
                } => {
                    set_facility_status(&catalog, &mut facilities, msg.actor, *facility, *operating)
                }
                Order::Invest(inv) => {
                    let request = ProjectRequest {
                        funder: msg.actor,
                        investment: inv.clone(),
                        turn,
                        idx: next_idx,
                    };
                    start_project(
                        &mut commands,
                        &catalog,
                        &mut rng,
                        &mut nations,
                        &facilities,
                        &request,
                    )
                    .map(|()| next_idx += 1)
                }
                policy => {
                    let mut row = nations
                        .iter_mut()
                        .find(|(_, (n, ..))| n.idx == msg.actor)
                        .map(|(_, r)| r);
                    match row.as_mut() {
                        Some((_, policies, _, _)) => {
                            // A time-limited measure remembers what it replaces.
                            let prior = msg.months.and_then(|_| policies.lever(policy));
                            let applied = apply_order(
                                policies,
                                policy,
                                turn,
                                catalog.goods.len(),
                                catalog.nations.len(),
                            );
                            if applied.is_ok()
                                && let (Some(months), Some(prior)) = (msg.months, prior)
                            {
                                timed.0.push(super::lapse::Timed {
                                    suspension: super::lapse::Suspension {
                                        party: msg.actor,
                                        term: policy.clone(),
                                        prior,
                                    },
                                    months,
                                    last_turn: turn + months.max(1) - 1,
                                });
                            }
                            applied
                        }
                        None => refuse("no such nation"),
                    }
                }
            }
        };
        report.log_order(turn, &msg, description, result.err());
    }
}

fn release_reserve(
    catalog: &Catalog,
    market: &Market,
    nations: &mut Query<(Entity, NationRow)>,
    actor: NationIdx,
    good: GoodIdx,
    quantity: f64,
) -> Result<(), Refusal> {
    check_good(good, catalog.goods.len())?;
    check_range("quantity", quantity, ranges::AMOUNT)?;
    let Some((_, (_, _, mut stocks, mut eco))) =
        nations.iter_mut().find(|(_, (n, ..))| n.idx == actor)
    else {
        return refuse("no such nation");
    };
    if stocks.reserve[good] + 1e-9 < quantity {
        return refuse(format!(
            "the reserve holds only {:.1} {} of {}",
            stocks.reserve[good], catalog.goods[good].unit, catalog.goods[good].id
        ));
    }
    let q = quantity.min(stocks.reserve[good]);
    stocks.reserve[good] -= q;
    stocks.commercial[good] += q;
    eco.treasury += q * market.price[good][actor] / 1e6;
    Ok(())
}

fn set_facility_status(
    catalog: &Catalog,
    facilities: &mut Query<&mut Facility>,
    actor: NationIdx,
    facility: usize,
    operating: bool,
) -> Result<(), Refusal> {
    let Some(mut f) = facilities.iter_mut().find(|f| f.idx == facility) else {
        return refuse(format!("no facility with index {facility}"));
    };
    if f.nation != actor {
        return refuse(format!(
            "{} stands in {}, not in {}: only its host can idle or reopen it",
            f.id, catalog.nations[f.nation].id, catalog.nations[actor].id
        ));
    }
    match (f.status, operating) {
        (FacilityStatus::Building { .. }, _) => refuse(format!("{} is still being built", f.id)),
        (FacilityStatus::Operating, false) => {
            f.status = FacilityStatus::Idle;
            Ok(())
        }
        (FacilityStatus::Idle, true) => {
            // A reopened plant restarts gradually.
            f.status = FacilityStatus::Operating;
            f.ramp = 1.0 / RAMP_MONTHS;
            Ok(())
        }
        _ => Ok(()),
    }
}

fn start_project(
    commands: &mut Commands,
    catalog: &Catalog,
    rng: &mut SimRng,
    nations: &mut Query<(Entity, NationRow)>,
    facilities: &Query<&mut Facility>,
    req: &ProjectRequest,
) -> Result<(), Refusal> {
    let inv = &req.investment;
    let host = inv.host.unwrap_or(req.funder);
    if host >= catalog.nations.len() {
        return refuse(format!("no nation with index {host}"));
    }
    let recipe = catalog
        .recipes
        .get(inv.recipe)
        .ok_or_else(|| Refusal(format!("no recipe with index {}", inv.recipe)))?;
    check_range("capacity", inv.capacity, ranges::INVEST_CAPACITY)?;
    check_range("subsidy", inv.subsidy, ranges::SUBSIDY)?;
    let owner = match (inv.owner, host == req.funder) {
        (ProjectOwner::State, true) => Owner::State,
        (ProjectOwner::State, false) => {
            return refuse(
                "a state-owned project must stand at home; abroad, invest as a private project",
            );
        }
        (ProjectOwner::Private, true) => Owner::Private,
        (ProjectOwner::Private, false) => Owner::Foreign(req.funder),
    };
    // The host's firm rules and everyone's technology bans.
    let mut host_rules = None;
    let mut bans: Vec<(NationIdx, bool)> = Vec::new();
    for (_, (n, policies, ..)) in nations.iter() {
        if n.idx == host {
            host_rules = Some(policies.firms.clone());
        }
        bans.push((
            n.idx,
            n.idx != host && policies.bans_technology(recipe.process, host),
        ));
    }
    if host_rules.is_some_and(|r| r.expansion_state_only) && owner != Owner::State {
        return refuse(format!(
            "{} allows only state-owned firms to build",
            catalog.nations[host].id
        ));
    }
    let shares = projects::process_shares(
        catalog,
        recipe.process,
        facilities
            .iter()
            .map(|f| (f.nation, f.recipe, f.capacity, f.status)),
    );
    let penalty = projects::ban_penalty(&shares, &bans);
    let plan = projects::plan(
        &catalog.projects,
        recipe,
        inv.capacity,
        penalty,
        &mut rng.construction,
    );
    let public_share = if owner == Owner::State {
        1.0
    } else {
        inv.subsidy
    };
    let Some((_, (_, _, _, eco))) = nations.iter().find(|(_, (n, ..))| n.idx == req.funder) else {
        return refuse("no such nation");
    };
    let public_estimate = plan.estimated_cost * public_share;
    if public_estimate > eco.treasury.max(0.0) {
        return refuse(format!(
            "the project needs ${public_estimate:.0}M of public money; the treasury holds ${:.0}M",
            eco.treasury
        ));
    }
    let host_entity = nations
        .iter()
        .find(|(_, (n, ..))| n.idx == host)
        .map(|(e, _)| e)
        .ok_or_else(|| Refusal("no such host".into()))?;
    let (facility, project) =
        projects::build(catalog, req, host, owner, recipe, &plan, public_share);
    // The public share is paid month by month during construction.
    commands.spawn((facility, project, HostedBy(host_entity)));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policies() -> Policies {
        Policies::open(3)
    }

    fn export(goods: GoodSel, to: NationSel, regime: Regime) -> Order {
        Order::SetExportRegime(ExportRule {
            goods,
            to,
            regime,
            expires: None,
        })
    }

    #[test]
    fn last_matching_rule_wins() {
        let mut p = policies();
        let ban_all = export(GoodSel::All, NationSel::All, Regime::Ban);
        let open_one = export(
            GoodSel::Only(vec![1]),
            NationSel::Only(vec![2]),
            Regime::Open,
        );
        apply_order(&mut p, &ban_all, 1, 3, 4).unwrap();
        apply_order(&mut p, &open_one, 1, 3, 4).unwrap();
        assert_eq!(p.regime(1, 2), Regime::Open);
        assert_eq!(p.regime(1, 3), Regime::Ban);
        assert_eq!(p.regime(0, 2), Regime::Ban);
        // Re-issuing the same selectors replaces rather than grows the list.
        apply_order(&mut p, &ban_all, 1, 3, 4).unwrap();
        assert_eq!(p.exports.len(), 2);
        assert_eq!(p.regime(1, 2), Regime::Ban);
    }

    #[test]
    fn general_licences_lapse() {
        let mut p = policies();
        apply_order(
            &mut p,
            &export(GoodSel::All, NationSel::All, Regime::Ban),
            1,
            3,
            4,
        )
        .unwrap();
        let gl = export(
            GoodSel::All,
            NationSel::Only(vec![1]),
            Regime::GeneralLicence { months: 12 },
        );
        apply_order(&mut p, &gl, 5, 3, 4).unwrap();
        assert_eq!(p.exports[1].expires, Some(16));
        assert!(matches!(p.regime(0, 1), Regime::GeneralLicence { .. }));
        assert_eq!(p.expire_general_licences(16), 0);
        assert_eq!(p.expire_general_licences(17), 1);
        assert_eq!(p.regime(0, 1), Regime::Ban);
    }

    #[test]
    fn tech_bans_cover_processes_and_lift() {
        let mut p = policies();
        let ban = Order::SetTechBan(TechBan {
            processes: vec![Process::Separation, Process::Magnet],
            to: NationSel::AllExcept(vec![0]),
        });
        apply_order(&mut p, &ban, 1, 3, 4).unwrap();
        assert!(p.bans_technology(Process::Magnet, 2));
        assert!(!p.bans_technology(Process::Mining, 2));
        assert!(!p.bans_technology(Process::Magnet, 0));
        let lift = Order::SetTechBan(TechBan {
            processes: vec![],
            to: NationSel::AllExcept(vec![0]),
        });
        apply_order(&mut p, &lift, 2, 3, 4).unwrap();
        assert!(!p.bans_technology(Process::Magnet, 2));
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
            export(
                GoodSel::All,
                NationSel::All,
                Regime::Licensing {
                    approval: 1.5,
                    review_months: 2,
                    validity_months: 6,
                },
            ),
            export(
                GoodSel::All,
                NationSel::All,
                Regime::GeneralLicence { months: 0 },
            ),
            Order::SetExtraterritorial(ExtraterritorialRule {
                goods: GoodSel::All,
                threshold: 2.0,
                to: NationSel::All,
                regime: Regime::Ban,
            }),
            Order::SetFirmRules(FirmRules {
                quota_state_share: Some(-0.1),
                ..FirmRules::default()
            }),
            Order::SetReserveTarget {
                good: 0,
                months: Some(f64::INFINITY),
            },
            Order::ReleaseReserve {
                good: 0,
                quantity: 1.0,
            },
        ];
        for o in &bad {
            assert!(apply_order(&mut p, o, 1, 3, 4).is_err(), "{o:?} accepted");
        }
        assert_eq!(p, before);
    }

    /// The policy orders accept both ends of the shared ranges (src/scenario/ranges.rs) and
    /// refuse just outside them, as the validator does (tests/suite/reference.rs).
    #[test]
    fn policy_orders_enforce_the_shared_ranges() {
        let licensing = |approval| {
            export(
                GoodSel::All,
                NationSel::All,
                Regime::Licensing {
                    approval,
                    review_months: 2,
                    validity_months: 6,
                },
            )
        };
        let probes: [(ranges::Range, &dyn Fn(f64) -> Order); 7] = [
            (ranges::TARIFF_RATE, &|rate| {
                Order::SetTariff(TariffRule {
                    from: NationSel::All,
                    goods: GoodSel::All,
                    rate,
                })
            }),
            (ranges::AMOUNT, &|l| Order::SetExportQuota {
                good: 0,
                limit: Some(l),
            }),
            (ranges::AMOUNT, &|l| Order::SetProductionQuota {
                process: Process::Mining,
                limit: Some(l),
            }),
            (ranges::SHARE, &licensing),
            (ranges::SHARE, &|s| {
                Order::SetFirmRules(FirmRules {
                    quota_state_share: Some(s),
                    ..FirmRules::default()
                })
            }),
            (ranges::STOCK_COVER, &Order::SetStockCover),
            (ranges::RESERVE_MONTHS, &|m| Order::SetReserveTarget {
                good: 0,
                months: Some(m),
            }),
        ];
        for (r, order) in probes {
            for v in [r.lo, r.hi] {
                let o = order(v);
                assert!(apply_order(&mut policies(), &o, 1, 3, 4).is_ok(), "{o:?}");
            }
            let step = |x: f64| (x.abs() * 0.01).max(1e-9);
            for v in [r.lo - step(r.lo), r.hi + step(r.hi)] {
                let o = order(v);
                assert!(apply_order(&mut policies(), &o, 1, 3, 4).is_err(), "{o:?}");
            }
        }
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
            1,
            3,
            4,
        )
        .unwrap();
        assert_eq!(p.tariff(0, 1), 0.0);
        assert_eq!(p.tariff(0, 2), 0.25);
    }
}
