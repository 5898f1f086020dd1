//! Measures that lapse: what one lever held before an order changed it, and putting it back.
//!
//! An agreement is a time-limited suspension: every term it sets (any lever, either side)
//! holds while it is in force. When it expires, collapses after a breach or is superseded,
//! each measure it set that is still in force goes back to what the party had before it; a
//! lever the party has changed since keeps the party's own later order. A renewal that sets
//! the same lever again takes the measure over, and with it what to go back to.

use serde::{Deserialize, Serialize};

use super::catalog::NationIdx;
use super::orders::{ExportRule, ExtraterritorialRule, Order, Policies, TariffRule, TechBan};
use crate::scenario::schema::FirmRules;

/// What one lever holds for the key an order sets (the goods and partners of a rule, the
/// process of a quota, the good of a reserve target): the rule or value in force, or `None`
/// where no rule of that key is in force.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Lever {
    Export(Option<ExportRule>),
    Tariff(Option<TariffRule>),
    Extraterritorial(Option<ExtraterritorialRule>),
    TechBan(Option<TechBan>),
    ProductionQuota(Option<f64>),
    ExportQuota(Option<f64>),
    Firms(FirmRules),
    StockCover(f64),
    ReserveRelease(bool),
    ReserveTarget(Option<f64>),
}

impl Lever {
    /// The same measure (a general licence's own expiry month aside).
    fn same_measure(&self, other: &Lever) -> bool {
        match (self, other) {
            (Lever::Export(a), Lever::Export(b)) => {
                a.as_ref().map(|r| (&r.goods, &r.to, r.regime))
                    == b.as_ref().map(|r| (&r.goods, &r.to, r.regime))
            }
            _ => self == other,
        }
    }
}

/// Puts `rule` in place of the rule of the same key in `list` (or adds it), or with `None`
/// takes the rule of that key away.
fn put<T: Clone>(list: &mut Vec<T>, rule: Option<&T>, same: impl Fn(&T) -> bool) {
    match (list.iter().position(&same), rule) {
        (Some(i), Some(r)) => list[i] = r.clone(),
        (Some(i), None) => {
            list.remove(i);
        }
        (None, Some(r)) => list.push(r.clone()),
        (None, None) => {}
    }
}

impl Policies {
    /// What the lever `order` sets holds now, for the order's key; `None` for orders that set
    /// no lever (investments, reserve releases, facility orders).
    pub fn lever(&self, order: &Order) -> Option<Lever> {
        Some(match order {
            Order::SetExportRegime(x) => Lever::Export(
                self.exports
                    .iter()
                    .find(|r| r.goods == x.goods && r.to == x.to)
                    .cloned(),
            ),
            Order::SetTariff(x) => Lever::Tariff(
                self.tariffs
                    .iter()
                    .find(|r| r.goods == x.goods && r.from == x.from)
                    .cloned(),
            ),
            Order::SetExtraterritorial(x) => Lever::Extraterritorial(
                self.extraterritorial
                    .iter()
                    .find(|r| r.goods == x.goods && r.to == x.to)
                    .cloned(),
            ),
            Order::SetTechBan(x) => {
                Lever::TechBan(self.tech_bans.iter().find(|r| r.to == x.to).cloned())
            }
            Order::SetProductionQuota { process, .. } => {
                Lever::ProductionQuota(self.quotas.get(process).copied())
            }
            Order::SetExportQuota { good, .. } => {
                Lever::ExportQuota(self.export_quotas.get(*good).copied().flatten())
            }
            Order::SetFirmRules(_) => Lever::Firms(self.firms.clone()),
            Order::SetStockCover(_) => Lever::StockCover(self.stock_cover_months),
            Order::SetReserveRelease(_) => Lever::ReserveRelease(self.reserve_release),
            Order::SetReserveTarget { good, .. } => {
                Lever::ReserveTarget(self.reserve_targets.get(*good).copied().flatten())
            }
            Order::ReleaseReserve { .. } | Order::Invest(_) | Order::SetFacilityStatus { .. } => {
                return None;
            }
        })
    }

    /// Puts `lever` back on the key `order` sets.
    pub fn restore(&mut self, order: &Order, lever: &Lever) {
        match (order, lever) {
            (Order::SetExportRegime(x), Lever::Export(r)) => {
                put(&mut self.exports, r.as_ref(), |r| {
                    r.goods == x.goods && r.to == x.to
                });
            }
            (Order::SetTariff(x), Lever::Tariff(r)) => {
                put(&mut self.tariffs, r.as_ref(), |r| {
                    r.goods == x.goods && r.from == x.from
                });
            }
            (Order::SetExtraterritorial(x), Lever::Extraterritorial(r)) => {
                put(&mut self.extraterritorial, r.as_ref(), |r| {
                    r.goods == x.goods && r.to == x.to
                });
            }
            (Order::SetTechBan(x), Lever::TechBan(r)) => {
                put(&mut self.tech_bans, r.as_ref(), |r| r.to == x.to);
            }
            (Order::SetProductionQuota { process, .. }, Lever::ProductionQuota(q)) => match q {
                Some(q) => {
                    self.quotas.insert(*process, *q);
                }
                None => {
                    self.quotas.remove(process);
                }
            },
            (Order::SetExportQuota { good, .. }, Lever::ExportQuota(q)) => {
                if let Some(slot) = self.export_quotas.get_mut(*good) {
                    *slot = *q;
                }
            }
            (Order::SetFirmRules(_), Lever::Firms(f)) => self.firms = f.clone(),
            (Order::SetStockCover(_), Lever::StockCover(m)) => self.stock_cover_months = *m,
            (Order::SetReserveRelease(_), Lever::ReserveRelease(b)) => self.reserve_release = *b,
            (Order::SetReserveTarget { good, .. }, Lever::ReserveTarget(t)) => {
                if let Some(slot) = self.reserve_targets.get_mut(*good) {
                    *slot = *t;
                }
            }
            _ => {}
        }
    }
}

/// Whether two orders set the same lever for the same key.
pub fn same_key(a: &Order, b: &Order) -> bool {
    match (a, b) {
        (Order::SetExportRegime(x), Order::SetExportRegime(y)) => {
            x.goods == y.goods && x.to == y.to
        }
        (Order::SetTariff(x), Order::SetTariff(y)) => x.goods == y.goods && x.from == y.from,
        (Order::SetExtraterritorial(x), Order::SetExtraterritorial(y)) => {
            x.goods == y.goods && x.to == y.to
        }
        (Order::SetTechBan(x), Order::SetTechBan(y)) => x.to == y.to,
        (
            Order::SetProductionQuota { process: x, .. },
            Order::SetProductionQuota { process: y, .. },
        ) => x == y,
        (Order::SetExportQuota { good: x, .. }, Order::SetExportQuota { good: y, .. })
        | (Order::SetReserveTarget { good: x, .. }, Order::SetReserveTarget { good: y, .. }) => {
            x == y
        }
        (Order::SetFirmRules(_), Order::SetFirmRules(_))
        | (Order::SetStockCover(_), Order::SetStockCover(_))
        | (Order::SetReserveRelease(_), Order::SetReserveRelease(_)) => true,
        _ => false,
    }
}

/// A measure an agreement set, and what its party had on that lever before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suspension {
    pub party: NationIdx,
    pub term: Order,
    /// What the lever held before the agreement (or the agreement it renewed) set it.
    pub prior: Lever,
}

/// The measures `terms` will change, with what each lever holds now (the first term on a key
/// decides; later ones on the same key change nothing more to go back to).
pub fn suspensions(
    policies: &[(NationIdx, &Policies)],
    terms: &[(NationIdx, Order)],
) -> Vec<Suspension> {
    let mut out: Vec<Suspension> = Vec::new();
    for (party, term) in terms {
        if out
            .iter()
            .any(|s| s.party == *party && same_key(&s.term, term))
        {
            continue;
        }
        let Some(p) = policies.iter().find(|(n, _)| n == party).map(|(_, p)| *p) else {
            continue;
        };
        if let Some(prior) = p.lever(term) {
            out.push(Suspension {
                party: *party,
                term: term.clone(),
                prior,
            });
        }
    }
    out
}

/// Puts each suspended measure back, latest first, where the party's lever still holds what
/// the agreement set (as the last of its terms on that key set it); a lever the party has
/// changed since keeps its own order. Returns the parties whose measures went back.
pub fn lapse(
    suspended: &[Suspension],
    terms: &[(NationIdx, Order)],
    policies: &mut [(NationIdx, Policies)],
    turn: u32,
    goods: usize,
    nations: usize,
) -> Vec<NationIdx> {
    let mut restored = Vec::new();
    for s in suspended.iter().rev() {
        let Some((_, p)) = policies.iter_mut().find(|(n, _)| *n == s.party) else {
            continue;
        };
        // What the agreement left on this lever: its last term on the key, applied.
        let last = terms
            .iter()
            .rev()
            .find(|(n, t)| *n == s.party && same_key(t, &s.term))
            .map_or(&s.term, |(_, t)| t);
        let mut set = p.clone();
        if super::orders::apply_order(&mut set, last, turn, goods, nations).is_err() {
            continue;
        }
        let (Some(now), Some(agreed)) = (p.lever(last), set.lever(last)) else {
            continue;
        };
        // A general licence the agreement granted may have run out on its own this month.
        let licence_ran_out = matches!(
            (&now, &agreed),
            (Lever::Export(None), Lever::Export(Some(r)))
                if matches!(r.regime, crate::sim::catalog::Regime::GeneralLicence { .. })
        );
        if (now.same_measure(&agreed) || licence_ran_out) && !now.same_measure(&s.prior) {
            p.restore(last, &s.prior);
            if !restored.contains(&s.party) {
                restored.push(s.party);
            }
        }
    }
    restored
}

/// A measure an event set for a limited time, and the last month it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timed {
    pub suspension: Suspension,
    pub months: u32,
    pub last_turn: u32,
}

/// Measures set for a limited time (an event's `months`), in the order they were set.
#[derive(bevy::prelude::Resource, Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TimedMeasures(pub Vec<Timed>);

/// [`lapse`] on the policies the parties hold in `world`: each party's policies are read,
/// the measures put back, and written again where they changed. Returns the parties whose
/// measures went back.
pub(crate) fn lapse_in_world(
    world: &mut bevy::prelude::World,
    suspended: &[Suspension],
    terms: &[(NationIdx, Order)],
    turn: u32,
) -> Vec<NationIdx> {
    let (goods, nations) = {
        let c = world.resource::<super::catalog::Catalog>();
        (c.goods.len(), c.nations.len())
    };
    let mut pq = world.query::<(&super::nation::Nation, &mut Policies)>();
    let mut policies: Vec<(NationIdx, Policies)> = pq
        .iter(world)
        .filter(|(n, _)| suspended.iter().any(|s| s.party == n.idx))
        .map(|(n, p)| (n.idx, p.clone()))
        .collect();
    policies.sort_by_key(|p| p.0);
    let restored = lapse(suspended, terms, &mut policies, turn, goods, nations);
    if !restored.is_empty() {
        for (n, mut p) in pq.iter_mut(world) {
            if let Some((_, back)) = policies.iter().find(|(i, _)| *i == n.idx)
                && *p != *back
            {
                *p = back.clone();
            }
        }
    }
    restored
}

/// At the start of a turn, every time-limited measure whose last month has passed goes back
/// where the nation's lever still holds it, with a line in the news.
pub(crate) fn lapse_timed(world: &mut bevy::prelude::World) {
    let turn = world.resource::<super::Clock>().turn;
    let timed = &mut world.resource_mut::<TimedMeasures>().0;
    if !timed.iter().any(|t| t.last_turn < turn) {
        return;
    }
    let (due, kept): (Vec<Timed>, Vec<Timed>) = std::mem::take(timed)
        .into_iter()
        .partition(|t| t.last_turn < turn);
    *timed = kept;
    for t in due {
        let s = &t.suspension;
        let term = [(s.party, s.term.clone())];
        if lapse_in_world(world, std::slice::from_ref(s), &term, turn).is_empty() {
            continue;
        }
        let catalog = world.resource::<super::catalog::Catalog>();
        let text = format!(
            "{}: {} ends after {} months, as announced",
            catalog.nations[s.party].name,
            super::orders::describe(&s.term, catalog),
            t.months
        );
        world
            .resource_mut::<super::report::Report>()
            .news(turn, text);
    }
}
