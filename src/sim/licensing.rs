//! The export licensing pipeline. It turns every nation's regimes into route capacity for
//! this turn's trade.
//!
//! A route (good, exporter, importer) can be under several authorities: the exporter's own
//! regime, and the extraterritorial rule of any other nation whose material makes up enough of
//! the exporter's stock of that good (by value), or whose technology made it. Under each
//! authority the route is open (no limit), banned (nothing moves), or licensed:
//!
//! 1. **Application.** When importers wanted a licensed route last turn and hold no permit or
//!    decision for it, they apply for the monthly volume they wanted, and at least their whole
//!    monthly import need of the good (their use less their own output).
//! 2. **Review.** The application waits the regime's review delay (in turns).
//! 3. **Decision.** A share of the volume is approved: the regime's base approval, times the
//!    authority's relations with the importer (trust raises it, tension lowers it), times the
//!    end-use mix of the importer's use of the good (defence and advanced computing are
//!    stricter), times the exporter's firms (where its rules make private firms' review
//!    stricter). The rest is denied.
//! 4. **Permit.** The approved monthly volume may move each turn until the permit lapses,
//!    `validity` turns later. Importers file for renewal `review` turns before it lapses, so a
//!    renewal decided on time continues the flow; when the review takes longer than it did
//!    when they filed (or the renewal is denied), the route stops when the permit lapses until
//!    a new decision. A decision, even a full denial, stands until its lapse.
//!
//! Route capacity is the smallest over its authorities. General licences act as open routes
//! until their rule lapses. Regimes already in force when a game starts are taken to have run
//! for a while: on the first turn each licensed route gets a decision on what its importers
//! would ask of an open market, lapsing at staggered turns. Everything is deterministic:
//! shares, not dice.

use std::collections::BTreeMap;

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::catalog::{Catalog, GoodIdx, NationIdx, Regime};
use super::facility::Facility;
use super::market::{EPS, Market, NationView, TurnTrade, clear_good, expected_use};
use super::nation::{
    Adaptation, Content, Flows, Intensity, Nation, Precaution, Relations, Sectors, Stocks,
};
use super::orders::Policies;
use super::report::Report;
use super::{Clock, TurnSystems};
use crate::scenario::schema::{EndUse, LicensingParams};

/// Who decides, on what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RouteKey {
    pub authority: NationIdx,
    pub good: GoodIdx,
    pub exporter: NationIdx,
    pub importer: NationIdx,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Application {
    pub key: RouteKey,
    /// Units per month applied for.
    pub volume: f64,
    pub submitted: u32,
    pub decide_on: u32,
    pub validity: u32,
    /// The last turn its permit is valid, when set at filing (the parts of a first
    /// application lapse together, as if decided on time).
    #[serde(default)]
    pub expires: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Permit {
    pub key: RouteKey,
    /// Units per month approved (0 for a full denial, which also stands until it lapses).
    pub volume: f64,
    pub granted: u32,
    /// Last turn it is valid.
    pub expires: u32,
    /// The turn of the application it decides (its tranches add up); `None` for shipments
    /// already in the pipeline when a control began, and for decisions seeded at the start.
    #[serde(default)]
    pub filed: Option<u32>,
}

/// What happened on one route under one authority this turn.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct RouteStats {
    pub applications: u32,
    /// Volumes are units per month.
    pub submitted: f64,
    pub approved: f64,
    pub denied: f64,
    pub expired: f64,
    /// Pending applications after this turn's decisions.
    pub queue_count: u32,
    pub queue_volume: f64,
    /// Volume under valid permits this turn.
    pub permitted: f64,
}

/// The licensing state: pending applications, valid permits and decisions, this turn's stats.
#[derive(Resource, Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Licences {
    /// Whether the regimes in force at the start have been seeded with decisions.
    pub started: bool,
    pub applications: Vec<Application>,
    pub permits: Vec<Permit>,
    #[serde(skip)]
    pub stats: BTreeMap<RouteKey, RouteStats>,
    /// Share of the volume decided this turn that was denied, `[importer][good]` (none when
    /// nothing was decided).
    #[serde(skip)]
    pub denial_rate: Vec<Vec<Option<f64>>>,
}

/// Monthly volume that may move on each route this turn, `[good][exporter][importer]`
/// (infinite when no authority limits it).
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct Routes {
    pub cap: Vec<Vec<Vec<f64>>>,
}

/// How the authority's relations with the importer scale approval: 1 for a neutral partner
/// (trust 0.5, tension 0.2), within 0.2–1.5.
pub fn relation_factor(p: &LicensingParams, trust: f64, tension: f64) -> f64 {
    (1.0 + p.trust_weight * (trust - 0.5) - p.tension_weight * (tension - 0.2)).clamp(0.2, 1.5)
}

/// Approved share of an application.
pub fn approved_share(
    p: &LicensingParams,
    base: f64,
    relation: f64,
    end_use: &[f64; 3],
    state_share: f64,
) -> f64 {
    let end_use_factor =
        end_use[0] + end_use[1] * p.defence_factor + end_use[2] * p.advanced_computing_factor;
    let firm_factor = state_share + (1.0 - state_share) * p.private_factor;
    (base * relation * end_use_factor * firm_factor).clamp(0.0, 1.0)
}

fn end_use_index(u: EndUse) -> usize {
    match u {
        EndUse::Civil => 0,
        EndUse::Defence => 1,
        EndUse::AdvancedComputing => 2,
    }
}

/// Share of each nation's use of each good going to each end use, `[nation][good][end use]`.
pub fn end_use_shares(
    catalog: &Catalog,
    sectors: &[(&Sectors, &Intensity)],
    facilities: &[&Facility],
) -> Vec<Vec<[f64; 3]>> {
    let goods = catalog.goods.len();
    let mut uses = vec![vec![[0.0; 3]; goods]; sectors.len()];
    for (n, (sec, intensity)) in sectors.iter().enumerate() {
        for s in &sec.0 {
            let def = &catalog.sectors[s.sector];
            for &(g, q) in &def.inputs {
                uses[n][g][end_use_index(def.end_use)] += s.planned * q * intensity.0[g];
            }
        }
    }
    for f in facilities {
        let r = &catalog.recipes[f.recipe];
        for &(g, q) in &r.inputs {
            uses[f.nation][g][end_use_index(r.end_use)] += f.monthly_capacity() * q;
        }
    }
    for per_good in &mut uses {
        for u in per_good.iter_mut() {
            let total: f64 = u.iter().sum();
            *u = if total > 0.0 {
                [u[0] / total, u[1] / total, u[2] / total]
            } else {
                [1.0, 0.0, 0.0]
            };
        }
    }
    uses
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Licences>();
    app.init_resource::<Routes>();
    app.add_systems(
        super::ResolveTurn,
        run_licensing.in_set(TurnSystems::Licensing),
    );
}

/// One authority's hold on a route.
struct Layer {
    authority: NationIdx,
    regime: Regime,
}

/// Extraterritorial rules in force, `[good][importer]` → `(controller, threshold, regime)`.
type Reach = Vec<Vec<Vec<(NationIdx, f64, Regime)>>>;

/// Which controllers' rules reach each good and destination (open rules impose nothing).
fn reach(policies: &[&Policies], goods: usize) -> Reach {
    let n = policies.len();
    let mut out: Reach = vec![vec![Vec::new(); n]; goods];
    for (c, p) in policies.iter().enumerate() {
        if p.extraterritorial.iter().all(|r| r.regime == Regime::Open) {
            continue;
        }
        for (g, per_importer) in out.iter_mut().enumerate() {
            for (i, rules) in per_importer.iter_mut().enumerate() {
                if i == c {
                    continue;
                }
                if let Some(rule) = p.extraterritorial(g, i)
                    && rule.regime != Regime::Open
                {
                    rules.push((c, rule.threshold.max(EPS), rule.regime));
                }
            }
        }
    }
    out
}

/// The authorities over a route this turn: the exporter, then every controller whose rule
/// covers the good and destination and whose material or technology is in the exporter's
/// stock of it.
fn layers(
    policies: &[&Policies],
    content: &[&Content],
    reach: &Reach,
    good: GoodIdx,
    exporter: NationIdx,
    importer: NationIdx,
) -> Vec<Layer> {
    let mut out = vec![Layer {
        authority: exporter,
        regime: policies[exporter].regime(good, importer),
    }];
    for &(c, threshold, regime) in &reach[good][importer] {
        if c != exporter && content[exporter].0[good][c] >= threshold {
            out.push(Layer {
                authority: c,
                regime,
            });
        }
    }
    out
}

/// The regime an authority applies on a route now: its export regime when it is the exporter,
/// else its extraterritorial rule.
fn authority_regime(policies: &[&Policies], k: &RouteKey) -> Regime {
    if k.authority == k.exporter {
        policies[k.authority].regime(k.good, k.importer)
    } else {
        policies[k.authority]
            .extraterritorial(k.good, k.importer)
            .map_or(Regime::Open, |r| r.regime)
    }
}

/// Everything a decision looks at.
struct Review<'a> {
    params: &'a LicensingParams,
    policies: &'a [&'a Policies],
    relations: &'a [&'a Relations],
    flows: &'a [&'a Flows],
    end_uses: &'a [Vec<[f64; 3]>],
}

impl Review<'_> {
    /// Approved share of an application on `k` decided now.
    fn share(&self, k: &RouteKey) -> f64 {
        // The regime in force at the decision (it may have changed during review).
        let base = authority_regime(self.policies, k).openness();
        let rel = self.relations[k.authority];
        let relation = relation_factor(self.params, rel.trust[k.importer], rel.tension[k.importer]);
        // Private firms face stricter review where the exporter's own rules say so.
        let flows = self.flows[k.exporter];
        let state_share = if !self.policies[k.exporter].firms.private_review_stricter {
            1.0
        } else if flows.produced[k.good] > 0.0 {
            flows.produced_state[k.good] / flows.produced[k.good]
        } else {
            0.0
        };
        approved_share(
            self.params,
            base,
            relation,
            &self.end_uses[k.importer][k.good],
            state_share,
        )
    }
}

type LicensingRow<'a> = (
    &'a Nation,
    &'a mut Policies,
    &'a Relations,
    &'a Sectors,
    &'a Intensity,
    &'a Flows,
    &'a Content,
    &'a Stocks,
    &'a Precaution,
    &'a Adaptation,
);

/// A row of [`LicensingRow`] read without changing it.
type LicensingRowItem<'a> = (
    &'a Nation,
    &'a Policies,
    &'a Relations,
    &'a Sectors,
    &'a Intensity,
    &'a Flows,
    &'a Content,
    &'a Stocks,
    &'a Precaution,
    &'a Adaptation,
);

#[allow(clippy::too_many_arguments)]
fn run_licensing(
    catalog: Res<Catalog>,
    clock: Res<Clock>,
    market: Res<Market>,
    trade: Res<TurnTrade>,
    mut licences: ResMut<Licences>,
    mut routes: ResMut<Routes>,
    mut report: ResMut<Report>,
    mut nations: Query<LicensingRow>,
    facilities: Query<&Facility>,
) {
    let turn = clock.turn;
    let goods = catalog.goods.len();

    // General licences that have run their course lapse.
    lapse_general_licences(&catalog, &mut nations, &mut report, turn);

    let mut rows: Vec<_> = nations.iter().collect();
    rows.sort_by_key(|r| r.0.idx);
    let n = rows.len();
    let policies: Vec<&Policies> = rows.iter().map(|r| r.1).collect();
    let relations: Vec<&Relations> = rows.iter().map(|r| r.2).collect();
    let flows: Vec<&Flows> = rows.iter().map(|r| r.5).collect();
    let content: Vec<&Content> = rows.iter().map(|r| r.6).collect();
    let reach = reach(&policies, goods);
    let mut plants: Vec<&Facility> = facilities.iter().collect();
    plants.sort_by_key(|f| f.idx);
    let sector_rows: Vec<(&Sectors, &Intensity)> = rows.iter().map(|r| (r.3, r.4)).collect();
    let end_uses = end_use_shares(&catalog, &sector_rows, &plants);
    let review = Review {
        params: &catalog.licensing,
        policies: &policies,
        relations: &relations,
        flows: &flows,
        end_uses: &end_uses,
    };

    // Regimes already in force when the game starts have been running for a while: seed
    // decisions from what importers would ask of an open market, lapsing at staggered turns.
    let bootstrap = if licences.started {
        None
    } else {
        licences.started = true;
        Some(open_market_asks(&catalog, &market, &views(&rows), n))
    };
    let asked = bootstrap.as_ref().unwrap_or(&trade.asked);
    // What each route shipped last month.
    let shipped = &trade.shipped;
    let import_need = import_need(&market, &flows, goods);

    let lic = &mut *licences;
    lic.stats.clear();

    // 1. Permits and decisions that have lapsed.
    lapse(lic, turn);

    // 2. Every route's authorities; applications where importers wanted a licensed route.
    // The latest-lapsing decision on each route, and the routes with applications pending.
    let mut covered_until: BTreeMap<RouteKey, u32> = BTreeMap::new();
    for p in &lic.permits {
        let e = covered_until.entry(p.key).or_insert(p.expires);
        *e = (*e).max(p.expires);
    }
    let pending: std::collections::BTreeSet<RouteKey> =
        lic.applications.iter().map(|a| a.key).collect();
    let mut route_layers: Vec<(GoodIdx, NationIdx, NationIdx, Vec<Layer>)> = Vec::new();
    let mut seeded = 0u32;
    for g in 0..goods {
        for e in 0..n {
            for i in (0..n).filter(|&i| i != e) {
                // Fast path: nothing restricts most routes.
                if reach[g][i].is_empty() && policies[e].regime(g, i) == Regime::Open {
                    continue;
                }
                let ls = layers(&policies, &content, &reach, g, e, i);
                if ls.iter().all(|l| l.regime == Regime::Open) {
                    continue;
                }
                // Importers apply for what they wanted of this source last turn, and at least
                // their whole import need: one month's ask can be small just after a stock-up,
                // and a decision stands for the permit's whole life.
                let asked_now = asked.get(&(g, e, i)).copied().unwrap_or(0.0);
                let wanted = if asked_now > EPS {
                    asked_now.max(import_need[i][g])
                } else {
                    0.0
                };
                for l in &ls {
                    let Regime::Licensing {
                        review_months,
                        validity_months,
                        ..
                    } = l.regime
                    else {
                        continue;
                    };
                    let key = RouteKey {
                        authority: l.authority,
                        good: g,
                        exporter: e,
                        importer: i,
                    };
                    // Importers apply when nothing covers the route, and renew early enough for
                    // the decision to come as the current permit lapses (if the review takes no
                    // longer than it did when they filed).
                    let due = covered_until
                        .get(&key)
                        .is_none_or(|&until| until < turn + review_months);
                    if wanted <= EPS || pending.contains(&key) || !due {
                        continue;
                    }
                    if bootstrap.is_some() {
                        lic.permits.push(Permit {
                            key,
                            volume: wanted * review.share(&key),
                            granted: turn,
                            expires: turn + seeded % validity_months,
                            filed: None,
                        });
                        seeded += 1;
                    } else {
                        let first = !covered_until.contains_key(&key);
                        let shipped = shipped.get(&(g, e, i)).copied().unwrap_or(0.0);
                        if first && shipped > EPS && review_months > 0 {
                            // A new control: what was already approved or contracted keeps
                            // moving, at a share, until the first decisions.
                            lic.permits.push(Permit {
                                key,
                                volume: shipped * review.params.pipeline_share,
                                granted: turn,
                                expires: turn + review_months - 1,
                                filed: None,
                            });
                        }
                        let tranches = if first {
                            review_tranches(review_months, review.params.review_spread)
                        } else {
                            vec![(review_months, 1.0)]
                        };
                        let spread = tranches.len() > 1;
                        for (months, share) in tranches {
                            lic.applications.push(Application {
                                key,
                                volume: wanted * share,
                                submitted: turn,
                                decide_on: turn + months,
                                validity: validity_months,
                                expires: spread
                                    .then_some(turn + review_months + validity_months - 1),
                            });
                        }
                        let s = lic.stats.entry(key).or_default();
                        s.applications += 1;
                        s.submitted += wanted;
                    }
                }
                route_layers.push((g, e, i, ls));
            }
        }
    }

    // 3. Decisions due this turn.
    decide(lic, turn, &review, n, goods);

    // 4. Route capacity: the smallest over the route's authorities.
    routes.cap = route_capacity(lic, &route_layers, n, goods);
}

/// General licences that have run their course lapse, with a line in the news.
fn lapse_general_licences(
    catalog: &Catalog,
    nations: &mut Query<LicensingRow>,
    report: &mut Report,
    turn: u32,
) {
    for (n, mut policies, ..) in nations.iter_mut() {
        if policies.expire_general_licences(turn) > 0 {
            report.news(
                turn,
                format!(
                    "{}'s general export licences lapse; case-by-case review returns",
                    catalog.nations[n.idx].name
                ),
            );
        }
    }
}

/// Each nation's monthly need of imports per good: expected use less its own output.
fn import_need(market: &Market, flows: &[&Flows], goods: usize) -> Vec<Vec<f64>> {
    (0..flows.len())
        .map(|i| {
            (0..goods)
                .map(|g| (market.expected_use[g][i] - flows[i].produced[g]).max(0.0))
                .collect()
        })
        .collect()
}

/// What the market's clearing reads of each nation.
fn views<'a>(rows: &[LicensingRowItem<'a>]) -> Vec<NationView<'a>> {
    rows.iter()
        .map(|r| NationView {
            stocks: r.7,
            flows: r.5,
            policies: r.1,
            sectors: r.3,
            intensity: r.4,
            precaution: r.8,
            adaptation: r.9,
        })
        .collect()
}

/// What importers would ask of each source on an open market (to seed the decisions of
/// regimes already in force when the game starts).
fn open_market_asks(
    catalog: &Catalog,
    market: &Market,
    views: &[NationView<'_>],
    n: usize,
) -> BTreeMap<(GoodIdx, NationIdx, NationIdx), f64> {
    let goods = catalog.goods.len();
    let expected = expected_use(catalog, views);
    let open = vec![vec![f64::INFINITY; n]; n];
    let mut asked = BTreeMap::new();
    for g in 0..goods {
        let (out, _) = clear_good(catalog, market, views, &expected, g, &open);
        for (e, i, q) in out.asked {
            asked.insert((g, e, i), q);
        }
    }
    asked
}

/// When the parts of a first application are decided, in months after filing, and their
/// shares: `spread` of it off time (half after half the review, half a month late), the rest
/// on time. Reviews of a month or less are decided on time.
fn review_tranches(review: u32, spread: f64) -> Vec<(u32, f64)> {
    if review <= 1 || spread <= 0.0 {
        return vec![(review, 1.0)];
    }
    vec![
        (review.div_ceil(2), spread / 2.0),
        (review, 1.0 - spread),
        (review + 1, spread / 2.0),
    ]
}

/// Permits past their expiry lapse (counted as expired volume).
fn lapse(lic: &mut Licences, turn: u32) {
    let mut kept = Vec::with_capacity(lic.permits.len());
    for p in lic.permits.drain(..) {
        if p.expires < turn {
            if p.volume > 0.0 {
                lic.stats.entry(p.key).or_default().expired += p.volume;
            }
        } else {
            kept.push(p);
        }
    }
    lic.permits = kept;
}

/// Applications whose review ends this turn are decided: approved volume becomes a permit;
/// each importer's share denied per good is kept for precautionary buying.
fn decide(lic: &mut Licences, turn: u32, review: &Review<'_>, n: usize, goods: usize) {
    let mut decided = vec![vec![(0.0, 0.0); goods]; n];
    let mut pending = Vec::with_capacity(lic.applications.len());
    // Applications on one route (the parts of a first filing, renewals) share its regime.
    let mut regimes: BTreeMap<RouteKey, Regime> = BTreeMap::new();
    for mut a in std::mem::take(&mut lic.applications) {
        // The regime may have changed since the filing: a shorter review (a deal to speed
        // approvals) brings the decision forward; an opened route or a ban decides it now.
        let regime = *regimes
            .entry(a.key)
            .or_insert_with(|| authority_regime(review.policies, &a.key));
        match regime {
            Regime::Licensing { review_months, .. } => {
                a.decide_on = a.decide_on.min((a.submitted + review_months).max(turn));
            }
            _ => a.decide_on = a.decide_on.min(turn),
        }
        if a.decide_on > turn {
            pending.push(a);
            continue;
        }
        let k = a.key;
        let approved = a.volume * review.share(&k);
        let s = lic.stats.entry(k).or_default();
        s.approved += approved;
        s.denied += a.volume - approved;
        decided[k.importer][k.good].0 += approved;
        decided[k.importer][k.good].1 += a.volume - approved;
        lic.permits.push(Permit {
            key: k,
            volume: approved,
            granted: turn,
            expires: a.expires.unwrap_or(turn + a.validity - 1).max(turn),
            filed: Some(a.submitted),
        });
    }
    lic.applications = pending;
    lic.denial_rate = decided
        .iter()
        .map(|per_good| {
            per_good
                .iter()
                .map(|&(a, d)| (a + d > 0.0).then(|| d / (a + d)))
                .collect()
        })
        .collect();
}

/// Each route's capacity this month: the smallest over its authorities (a ban none, an open
/// route or general licence no limit, a licensing regime the volume under permit).
#[allow(clippy::type_complexity)]
fn route_capacity(
    lic: &mut Licences,
    route_layers: &[(GoodIdx, NationIdx, NationIdx, Vec<Layer>)],
    n: usize,
    goods: usize,
) -> Vec<Vec<Vec<f64>>> {
    // The tranches of one application add up; a renewal can overlap its predecessor for a
    // turn, and the pipeline the first decisions: the larger one counts.
    let mut by_filing: BTreeMap<(RouteKey, Option<u32>), f64> = BTreeMap::new();
    for p in &lic.permits {
        *by_filing.entry((p.key, p.filed)).or_default() += p.volume;
    }
    let mut permitted: BTreeMap<RouteKey, f64> = BTreeMap::new();
    for ((key, _), volume) in by_filing {
        let v = permitted.entry(key).or_default();
        *v = v.max(volume);
    }
    let mut cap = vec![vec![vec![f64::INFINITY; n]; n]; goods];
    for (g, e, i, ls) in route_layers {
        let mut c = f64::INFINITY;
        for l in ls {
            let layer_cap = match l.regime {
                Regime::Open | Regime::GeneralLicence { .. } => f64::INFINITY,
                Regime::Ban => 0.0,
                Regime::Licensing { .. } => {
                    let key = RouteKey {
                        authority: l.authority,
                        good: *g,
                        exporter: *e,
                        importer: *i,
                    };
                    let v = permitted.get(&key).copied().unwrap_or(0.0);
                    if permitted.contains_key(&key) || lic.stats.contains_key(&key) {
                        lic.stats.entry(key).or_default().permitted = v;
                    }
                    v
                }
            };
            c = c.min(layer_cap);
        }
        cap[*g][*e][*i] = c;
    }
    for a in &lic.applications {
        let s = lic.stats.entry(a.key).or_default();
        s.queue_count += 1;
        s.queue_volume += a.volume;
    }
    cap
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approval_follows_relations_end_use_and_firms() {
        let p = LicensingParams::default();
        let neutral = relation_factor(&p, 0.5, 0.2);
        assert!((neutral - 1.0).abs() < 1e-12);
        // Trust 0.2, tension 0.7: 1 − 0.5 × 0.3 − 0.5 × 0.5.
        let hostile = relation_factor(&p, 0.2, 0.7);
        assert!((hostile - 0.6).abs() < 1e-12);
        let civil = [1.0, 0.0, 0.0];
        assert!((approved_share(&p, 0.5, 1.0, &civil, 1.0) - 0.5).abs() < 1e-12);
        // Half defence: 0.5 × (0.5 + 0.5 × 0.1).
        let mixed = [0.5, 0.5, 0.0];
        assert!((approved_share(&p, 0.5, 1.0, &mixed, 1.0) - 0.275).abs() < 1e-12);
        // Private exporters: × 0.8.
        assert!((approved_share(&p, 0.5, 1.0, &civil, 0.0) - 0.4).abs() < 1e-12);
        assert!(approved_share(&p, 1.0, 1.5, &civil, 1.0) <= 1.0);
    }
}
