//! Summits and agreements: the sim side of negotiation.
//!
//! **Scheduling.** At the Diplomacy step, summits open when the scenario schedules one, when an
//! agreement nears expiry (renewal talks, `renewal_lead` turns before), or when two nations'
//! tension reaches `emergency_tension` (an emergency summit on the issues only they can give
//! on, at most once per `emergency_cooldown` turns per pair).
//!
//! **Valuation, grounded in the world.** When a summit opens, each party values every package
//! by forward simulation: the current state is copied into a separate world and played
//! `horizon_months` ahead with no deal (the reservation value) and with each single option in
//! force; a package's value is the no-deal value plus the gains of its options (additive), in
//! points of the party's own score. The agreed package is then checked with a full rollout and
//! both figures are reported. A nation short of what the other side controls gains more from
//! its concessions, and so gives more.
//!
//! **Moves.** AI parties move by the tactics of [`crate::negotiation::tactics`]; a human seat's
//! moves arrive through [`Sim::summit_move`](super::Sim::summit_move), and the summit waits.
//!
//! **Agreements.** An agreed package becomes an [`Agreement`] entity: its options' effects are
//! applied at the start of the next turn (through the order path, logged as `Agreement`); its
//! policy orders become terms checked every turn until it expires. A party whose policies fall
//! short of its terms breaches it: the news reports it, and the others lose trust in it and
//! gain tension with it. General licences granted in an agreement last as long as it does.

mod agreements;
pub use agreements::{breached, complies};
use agreements::{check_agreements, gives, lapse_measures};

use std::collections::BTreeMap;

use bevy::prelude::*;
use serde::Serialize;

use super::catalog::{Catalog, Effect, GoodSel, NationIdx, NationSel, Regime};
use super::effects::EffectMsg;
use super::nation::{Controller, Nation, Relations};
use super::orders::{Order, OrderSource, Policies};
use super::report::Report;
use super::rollout::Rollout;
use super::snapshot::{self, RolloutMode, Setup, SimState};
use super::{Clock, ResolveTurn, TurnSystems};
use crate::negotiation::protocol::{Move, Outcome, Package, Protocol, ProtocolError};
use crate::negotiation::quality::{self, DealQuality};
use crate::negotiation::tactics::{Explanation, Negotiator, PackageSpace, concession_exponent};
use crate::scenario::schema::Seat;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum SummitKind {
    Scheduled,
    Renewal,
    Emergency,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub enum AgreementStatus {
    Active,
    Expired,
    Breached {
        by: NationIdx,
        turn: u32,
    },
    /// Replaced by a later agreement between the same parties on some of the same issues.
    Superseded {
        turn: u32,
    },
}

/// An agreement reached at a summit.
#[derive(Component, Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Agreement {
    /// Order of signing.
    pub seq: u32,
    pub name: String,
    pub parties: Vec<NationIdx>,
    /// Issue indices, and the option agreed for each.
    pub agenda: Vec<usize>,
    pub package: Package,
    /// Policy commitments: each party's orders, checked every turn.
    pub terms: Vec<(NationIdx, Order)>,
    /// The measures the terms changed and what each party had before: put back when the
    /// agreement expires, collapses or is superseded (see [`crate::sim::lapse`]).
    #[serde(default)]
    pub suspended: Vec<crate::sim::lapse::Suspension>,
    pub start: u32,
    /// Last turn in force.
    pub expires: u32,
    pub status: AgreementStatus,
    pub renewal_opened: bool,
}

/// Summit history that scheduling needs.
#[derive(Resource, Debug, Clone, PartialEq, Default, Serialize, serde::Deserialize)]
pub struct SummitLog {
    /// Turn of the last summit between each pair (lower index first).
    #[serde(
        serialize_with = "super::snapshot::as_pairs",
        deserialize_with = "super::snapshot::from_pairs"
    )]
    pub last: BTreeMap<(NationIdx, NationIdx), u32>,
    /// Agreements signed so far.
    pub agreements: u32,
}

/// In a forward simulation, the first summits to open are negotiated as in the game (the
/// AI's foresight of talks near at hand); later ones are not. Without it, no summits open in
/// forward simulations. The summits' own valuations never open summits in turn.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct RolloutSummits;

/// Whether AI plays every seat (headless runs) or only the scenario's AI seats.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllSeatsAi(pub bool);

/// How each party values the packages of one agenda.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Valuation {
    /// Score points of no deal, per party.
    pub reservation: Vec<f64>,
    /// `[party][issue][option]`: gain of that option alone over no deal.
    pub gains: Vec<Vec<Vec<f64>>>,
}

impl Valuation {
    /// `[party][package index]` values.
    pub fn values(&self, space: &PackageSpace) -> Vec<Vec<f64>> {
        (0..self.reservation.len())
            .map(|q| {
                (0..space.len())
                    .map(|i| {
                        let p = space.package(i);
                        self.reservation[q]
                            + p.iter()
                                .enumerate()
                                .map(|(issue, &o)| self.gains[q][issue][o])
                                .sum::<f64>()
                    })
                    .collect()
            })
            .collect()
    }

    /// How much each issue can swing each party's value.
    pub fn issue_weights(&self) -> Vec<Vec<f64>> {
        self.gains
            .iter()
            .map(|issues| {
                issues
                    .iter()
                    .map(|opts| {
                        let hi = opts.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                        let lo = opts.iter().copied().fold(f64::INFINITY, f64::min);
                        hi - lo
                    })
                    .collect()
            })
            .collect()
    }
}

/// Effects of one option, with general licences lasting `months`.
pub fn option_effects(catalog: &Catalog, issue: usize, option: usize, months: u32) -> Vec<Effect> {
    catalog.issues[issue].options[option]
        .effects
        .iter()
        .map(|e| match e {
            Effect::Order {
                nation,
                order: Order::SetExportRegime(rule),
            } if matches!(rule.regime, Regime::GeneralLicence { .. }) => {
                let mut rule = rule.clone();
                rule.regime = Regime::GeneralLicence { months };
                Effect::Order {
                    nation: *nation,
                    order: Order::SetExportRegime(rule),
                }
            }
            other => other.clone(),
        })
        .collect()
}

/// Effects of a package's options, with general licences lasting `months`.
pub fn package_effects(
    catalog: &Catalog,
    agenda: &[usize],
    package: &Package,
    months: u32,
) -> Vec<Effect> {
    agenda
        .iter()
        .zip(package)
        .flat_map(|(&issue, &o)| option_effects(catalog, issue, o, months))
        .collect()
}

/// How long an agreement on `package` lasts.
pub fn package_months(catalog: &Catalog, agenda: &[usize], package: &Package) -> u32 {
    agenda
        .iter()
        .zip(package)
        .filter_map(|(&issue, &o)| catalog.issues[issue].options[o].months)
        .min()
        .unwrap_or(catalog.diplomacy.agreement_months)
}

/// Values every package of an agenda for each party by forward simulation.
pub fn value_agenda(
    rollout: &mut Rollout,
    catalog: &Catalog,
    base: &SimState,
    parties: &[NationIdx],
    agenda: &[usize],
) -> Valuation {
    let horizon = catalog.diplomacy.horizon_months;
    let months = catalog.diplomacy.agreement_months;
    let none = rollout.run(base, &[], horizon);
    let reservation: Vec<f64> = parties.iter().map(|&p| none[p]).collect();
    let mut gains = vec![Vec::with_capacity(agenda.len()); parties.len()];
    for &issue in agenda {
        let options = &catalog.issues[issue].options;
        let mut per_option = vec![vec![0.0; options.len()]; parties.len()];
        for (o, opt) in options.iter().enumerate() {
            // An option that changes nothing is worth what no deal is.
            if opt.effects.is_empty() {
                continue;
            }
            let with = rollout.run(base, &option_effects(catalog, issue, o, months), horizon);
            for (q, &p) in parties.iter().enumerate() {
                per_option[q][o] = with[p] - none[p];
            }
        }
        for (q, g) in gains.iter_mut().enumerate() {
            g.push(per_option[q].clone());
        }
    }
    Valuation { reservation, gains }
}

/// One line of a summit transcript.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct TranscriptEntry {
    pub round: u32,
    pub party: String,
    /// `propose`, `accept` or `walk away`.
    pub action: String,
    /// Option labels of the package proposed or accepted.
    pub package: Option<Vec<String>>,
    /// Gain of that package over no deal, to the mover (score points).
    pub value: Option<f64>,
    /// Gain the mover aims for now.
    pub target: f64,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct AgendaItem {
    pub issue: String,
    pub name: String,
    pub options: Vec<String>,
    /// Nations whose levers the issue moves.
    pub givers: Vec<String>,
}

/// What the report keeps of a summit.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct SummitRecord {
    pub id: String,
    pub name: String,
    pub turn: u32,
    pub kind: SummitKind,
    pub parties: Vec<String>,
    pub agenda: Vec<AgendaItem>,
    /// Each party's score over the horizon with no deal.
    pub reservation: BTreeMap<String, f64>,
    /// Each party's gain over no deal from each option alone, `[issue][option]`: the
    /// advisers' estimates the negotiators worked from.
    pub option_gains: BTreeMap<String, Vec<Vec<f64>>>,
    pub transcript: Vec<TranscriptEntry>,
    /// `agreed`, `walked away by X`, or `time ran out`.
    pub outcome: String,
    pub package: Option<Vec<String>>,
    /// Gains over no deal each party expected from the agreed package (additive valuation).
    pub expected_gains: Option<BTreeMap<String, f64>>,
    /// The same, from a full forward simulation of the agreed package.
    pub simulated_gains: Option<BTreeMap<String, f64>>,
    pub months: Option<u32>,
    pub expires: Option<u32>,
    /// Every party gives something (an option other than the status quo on an issue it gives on).
    pub reciprocal: bool,
    pub quality: DealQuality,
}

/// A summit under way.
pub struct Session {
    pub id: String,
    pub name: String,
    pub turn: u32,
    pub kind: SummitKind,
    pub parties: Vec<NationIdx>,
    pub agenda: Vec<usize>,
    pub protocol: Protocol,
    pub space: PackageSpace,
    pub valuation: Valuation,
    pub values: Vec<Vec<f64>>,
    pub weights: Vec<Vec<f64>>,
    pub exponents: Vec<f64>,
    pub human: Vec<bool>,
    pub transcript: Vec<TranscriptEntry>,
    pub base: SimState,
}

/// Summits waiting for a human seat's move.
#[derive(Resource, Default)]
pub struct Sessions(pub Vec<Session>);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<SummitLog>();
    app.init_resource::<Sessions>();
    app.add_systems(
        ResolveTurn,
        run_summits
            .in_set(TurnSystems::Diplomacy)
            .after(super::diplomacy::update_relations),
    );
}

fn labels(catalog: &Catalog, agenda: &[usize], p: &Package) -> Vec<String> {
    agenda
        .iter()
        .zip(p)
        .map(|(&i, &o)| catalog.issues[i].options[o].label.clone())
        .collect()
}

fn nation_id(catalog: &Catalog, n: NationIdx) -> String {
    catalog.nations[n].id.clone()
}

/// A summit about to open.
struct Opening {
    id: String,
    name: String,
    kind: SummitKind,
    parties: Vec<NationIdx>,
    agenda: Vec<usize>,
    rounds: u32,
}

/// Prefix of renewal summits' names.
const RENEWAL: &str = "Renewal talks: ";

/// The summit step: agreements are checked, then summits open and are played.
fn run_summits(world: &mut World) {
    if world.contains_resource::<RolloutMode>() && !world.contains_resource::<RolloutSummits>() {
        return;
    }
    let catalog = world.resource::<Catalog>().clone();
    let turn = world.resource::<Clock>().turn;
    check_agreements(world, &catalog, turn);

    // Summits opening this turn: scheduled, renewals, emergencies.
    let mut opening: Vec<Opening> = catalog
        .summits
        .iter()
        .filter(|s| s.turn == turn)
        .map(|s| Opening {
            id: s.id.clone(),
            name: s.name.clone(),
            kind: SummitKind::Scheduled,
            parties: s.parties.clone(),
            agenda: s.agenda.clone(),
            rounds: s.rounds,
        })
        .collect();
    let lead = catalog.diplomacy.renewal_lead;
    let mut aq = world.query::<&mut Agreement>();
    let mut due: Vec<(u32, String, Vec<NationIdx>, Vec<usize>)> = Vec::new();
    for mut a in aq.iter_mut(world) {
        if a.status == AgreementStatus::Active && !a.renewal_opened && turn + lead >= a.expires {
            a.renewal_opened = true;
            due.push((a.seq, a.name.clone(), a.parties.clone(), a.agenda.clone()));
        }
    }
    due.sort_by_key(|d| d.0);
    for (seq, name, parties, agenda) in due {
        let root = name.trim_start_matches(RENEWAL);
        opening.push(Opening {
            id: format!("renewal-{seq}"),
            name: format!("{RENEWAL}{root}"),
            kind: SummitKind::Renewal,
            parties,
            agenda,
            rounds: catalog.diplomacy.emergency_rounds.max(4),
        });
    }
    opening.extend(emergencies(world, &catalog, turn, &opening));

    if opening.is_empty() {
        return;
    }
    // A forward simulation foresees only the first talks it meets.
    if world.contains_resource::<RolloutMode>() {
        world.remove_resource::<RolloutSummits>();
    }
    let setup = world.resource::<Setup>().clone();
    let mut rollout = Rollout::new(&setup);
    for Opening {
        id,
        name,
        kind,
        parties,
        agenda,
        rounds,
    } in opening
    {
        {
            let mut log = world.resource_mut::<SummitLog>();
            for (i, &a) in parties.iter().enumerate() {
                for &b in &parties[i + 1..] {
                    log.last.insert((a.min(b), a.max(b)), turn);
                }
            }
        }
        let base = snapshot::capture(world);
        let valuation = value_agenda(&mut rollout, &catalog, &base, &parties, &agenda);
        let space = PackageSpace::new(
            agenda
                .iter()
                .map(|&i| catalog.issues[i].options.len())
                .collect(),
        );
        let values = valuation.values(&space);
        let weights = valuation.issue_weights();
        let all_ai = world.get_resource::<AllSeatsAi>().is_none_or(|a| a.0);
        let exponents: Vec<f64> = parties
            .iter()
            .map(|&p| {
                let l = &base.nations[p].leader;
                concession_exponent(l.style, l.patience)
            })
            .collect();
        let human: Vec<bool> = parties
            .iter()
            .map(|&p| !all_ai && base.nations[p].controller == Controller(Seat::Human))
            .collect();
        // The first party listed opens.
        let opener = 0;
        let session = Session {
            protocol: Protocol::new(space.options.clone(), parties.len(), rounds, opener),
            id,
            name,
            turn,
            kind,
            parties,
            agenda,
            space,
            valuation,
            values,
            weights,
            exponents,
            human,
            transcript: Vec::new(),
            base,
        };
        world.resource_mut::<Sessions>().0.push(session);
    }
    drive_all(world, &catalog, &mut rollout);
}

/// Pairs whose tension calls for an emergency summit this turn.
fn emergencies(
    world: &mut World,
    catalog: &Catalog,
    turn: u32,
    opening: &[Opening],
) -> Vec<Opening> {
    let d = &catalog.diplomacy;
    let mut q = world.query::<(&Nation, &Relations)>();
    let mut rows: Vec<(usize, Relations)> =
        q.iter(world).map(|(n, r)| (n.idx, r.clone())).collect();
    rows.sort_by_key(|r| r.0);
    let log = world.resource::<SummitLog>();
    let n = rows.len();
    let mut out = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            let tension = rows[a].1.tension[b].max(rows[b].1.tension[a]);
            if tension < d.emergency_tension {
                continue;
            }
            if log
                .last
                .get(&(a, b))
                .is_some_and(|&t| turn < t + d.emergency_cooldown)
            {
                continue;
            }
            if opening
                .iter()
                .any(|o| o.parties.contains(&a) && o.parties.contains(&b))
            {
                continue;
            }
            let agenda: Vec<usize> = catalog
                .issues
                .iter()
                .enumerate()
                .filter(|(_, issue)| {
                    let g = issue.givers();
                    !g.is_empty() && g.iter().all(|x| *x == a || *x == b)
                })
                .map(|(i, _)| i)
                .collect();
            if agenda.is_empty() {
                continue;
            }
            out.push(Opening {
                id: format!(
                    "emergency-{}-{}-{turn}",
                    catalog.nations[a].id, catalog.nations[b].id
                ),
                name: format!(
                    "Emergency summit: {} and {}",
                    catalog.nations[a].name, catalog.nations[b].name
                ),
                kind: SummitKind::Emergency,
                parties: vec![a, b],
                agenda,
                rounds: d.emergency_rounds,
            });
        }
    }
    out
}

/// Plays AI moves in every open summit until each ends or waits for a human.
fn drive_all(world: &mut World, catalog: &Catalog, rollout: &mut Rollout) {
    let mut sessions = std::mem::take(&mut world.resource_mut::<Sessions>().0);
    let mut still_open = Vec::new();
    for mut s in sessions.drain(..) {
        drive(catalog, &mut s);
        if s.protocol.is_open() {
            still_open.push(s);
        } else {
            conclude(world, catalog, &s, rollout);
        }
    }
    world.resource_mut::<Sessions>().0 = still_open;
}

fn reason_text(catalog: &Catalog, s: &Session, m: &Move, e: &Explanation, me: usize) -> String {
    let r = e.reservation;
    let gain = |v: f64| v - r;
    let top: Vec<String> = e
        .priorities
        .iter()
        .take(2)
        .filter(|&&i| s.weights[me][i] > 1e-9)
        .map(|&i| catalog.issues[s.agenda[i]].name.to_lowercase())
        .collect();
    let matters = if top.is_empty() {
        String::new()
    } else {
        format!("; what matters most to us: {}", top.join(", then "))
    };
    match m {
        Move::Accept => format!(
            "accepts: worth {:+.2} to us over no deal, and we now aim for {:+.2}{matters}",
            gain(e.offer_value.unwrap_or(r)),
            gain(e.target)
        ),
        Move::Propose(_) => match e.offer_value {
            Some(v) => format!(
                "counters: the offer is worth {:+.2} to us, we aim for {:+.2}; ours is worth {:+.2}{matters}",
                gain(v),
                gain(e.target),
                gain(e.proposal_value.unwrap_or(r))
            ),
            None => format!(
                "opens, aiming for {:+.2} over no deal{matters}",
                gain(e.proposal_value.unwrap_or(e.target))
            ),
        },
        Move::WalkAway => match e.offer_value {
            Some(v) => format!(
                "walks away: the offer ({:+.2}) is worse for us than no deal{matters}",
                gain(v)
            ),
            None => format!("walks away: nothing on this agenda beats no deal for us{matters}"),
        },
    }
}

fn record_move(catalog: &Catalog, s: &mut Session, me: usize, m: &Move, e: &Explanation) {
    let (action, package, value) = match m {
        Move::Propose(p) => ("propose", Some(p.clone()), e.proposal_value),
        Move::Accept => ("accept", s.protocol.table().cloned(), e.offer_value),
        Move::WalkAway => ("walk away", None, e.offer_value),
    };
    let reason = reason_text(catalog, s, m, e, me);
    s.transcript.push(TranscriptEntry {
        round: s.protocol.round(),
        party: nation_id(catalog, s.parties[me]),
        action: action.to_string(),
        package: package.map(|p| labels(catalog, &s.agenda, &p)),
        value: value.map(|v| v - e.reservation),
        target: e.target - e.reservation,
        reason,
    });
}

/// AI moves until the summit ends or a human seat is to move.
fn drive(catalog: &Catalog, s: &mut Session) {
    while let Some(me) = s.protocol.to_move() {
        if s.human[me] {
            return;
        }
        let negotiator = Negotiator {
            me,
            space: &s.space,
            values: &s.values,
            reservation: &s.valuation.reservation,
            exponent: s.exponents[me],
            issue_weight: &s.weights[me],
        };
        let (m, e) = negotiator.decide(&s.protocol);
        record_move(catalog, s, me, &m, &e);
        if s.protocol.apply(me, &m).is_err() {
            // Cannot happen for the AI's own decisions; end the summit rather than loop.
            let _ = s.protocol.apply(me, &Move::WalkAway);
        }
    }
}

/// A human seat's move in an open summit, then the AI's replies.
pub fn human_move(
    world: &mut World,
    summit: usize,
    party: NationIdx,
    m: Move,
) -> Result<(), ProtocolError> {
    let catalog = world.resource::<Catalog>().clone();
    let turn = world.resource::<Clock>().turn;
    let id = {
        let mut sessions = world.resource_mut::<Sessions>();
        let s = sessions.0.get_mut(summit).ok_or(ProtocolError::Closed)?;
        let id = s.id.clone();
        let me = s
            .parties
            .iter()
            .position(|&p| p == party)
            .ok_or(ProtocolError::NotYourTurn {
                expected: s.protocol.to_move().unwrap_or(0),
            })?;
        let before = s.protocol.clone();
        s.protocol.apply(me, &m)?;
        let values = &s.values[me];
        let r = s.valuation.reservation[me];
        let value = match &m {
            Move::Propose(p) => Some(values[s.space.index(p)]),
            _ => before.table().map(|p| values[s.space.index(p)]),
        };
        let e = Explanation {
            target: r,
            reservation: r,
            offer_value: value,
            proposal_value: value,
            priorities: Vec::new(),
        };
        let round = before.round();
        let (action, package) = match &m {
            Move::Propose(p) => ("propose", Some(p.clone())),
            Move::Accept => ("accept", before.table().cloned()),
            Move::WalkAway => ("walk away", None),
        };
        s.transcript.push(TranscriptEntry {
            round,
            party: nation_id(&catalog, party),
            action: action.to_string(),
            package: package.map(|p| labels(&catalog, &s.agenda, &p)),
            value: e.offer_value.map(|v| v - r),
            target: 0.0,
            reason: "a player's move".to_string(),
        });
        id
    };
    world
        .resource_mut::<super::orders::Inputs>()
        .moves
        .push(super::orders::InputMove {
            turn,
            summit: id,
            party,
            action: m,
        });
    let setup = world.resource::<Setup>().clone();
    drive_all(world, &catalog, &mut Rollout::new(&setup));
    Ok(())
}

fn gains_map(
    catalog: &Catalog,
    parties: &[NationIdx],
    gains: impl Fn(usize) -> f64,
) -> BTreeMap<String, f64> {
    parties
        .iter()
        .enumerate()
        .map(|(q, &p)| (nation_id(catalog, p), gains(q)))
        .collect()
}

/// The record of a summit that ended, before any agreement's terms are added to it.
fn record_of(
    catalog: &Catalog,
    s: &Session,
    outcome: &Outcome,
    agreed: bool,
    quality: quality::DealQuality,
) -> SummitRecord {
    SummitRecord {
        id: s.id.clone(),
        name: s.name.clone(),
        turn: s.turn,
        kind: s.kind,
        parties: s.parties.iter().map(|&p| nation_id(catalog, p)).collect(),
        agenda: s
            .agenda
            .iter()
            .map(|&i| {
                let issue = &catalog.issues[i];
                AgendaItem {
                    issue: issue.id.clone(),
                    name: issue.name.clone(),
                    options: issue.options.iter().map(|o| o.label.clone()).collect(),
                    givers: issue
                        .givers()
                        .into_iter()
                        .map(|g| nation_id(catalog, g))
                        .collect(),
                }
            })
            .collect(),
        reservation: gains_map(catalog, &s.parties, |q| s.valuation.reservation[q]),
        option_gains: s
            .parties
            .iter()
            .enumerate()
            .map(|(q, &p)| (nation_id(catalog, p), s.valuation.gains[q].clone()))
            .collect(),
        transcript: s.transcript.clone(),
        outcome: match outcome {
            Outcome::Agreed(_) if !agreed => "agreed to change nothing".to_string(),
            Outcome::Agreed(_) => "agreed".to_string(),
            Outcome::WalkedAway { party } => {
                format!("walked away by {}", nation_id(catalog, s.parties[*party]))
            }
            Outcome::Expired => "time ran out".to_string(),
        },
        package: None,
        expected_gains: None,
        simulated_gains: None,
        months: None,
        expires: None,
        reciprocal: false,
        quality,
    }
}

/// Records a finished summit; an agreement becomes an entity and its effects are queued.
fn conclude(world: &mut World, catalog: &Catalog, s: &Session, rollout: &mut Rollout) {
    let turn = world.resource::<Clock>().turn;
    let outcome = s.protocol.outcome().cloned().unwrap_or(Outcome::Expired);
    // Agreeing to change nothing is no agreement.
    let agreed = match &outcome {
        Outcome::Agreed(p) if p.iter().any(|&o| o != 0) => Some(p.clone()),
        _ => None,
    };
    let quality = quality::assess(
        &s.space,
        &s.values,
        &s.valuation.reservation,
        agreed.as_ref(),
    );
    let mut record = record_of(catalog, s, &outcome, agreed.is_some(), quality);
    let mut news = format!("{}: no agreement ({})", s.name, record.outcome);
    if let Some(p) = &agreed {
        let months = package_months(catalog, &s.agenda, p);
        let effects = package_effects(catalog, &s.agenda, p, months);
        let index = s.space.index(p);
        record.expected_gains = Some(gains_map(catalog, &s.parties, |q| {
            s.values[q][index] - s.valuation.reservation[q]
        }));
        let simulated = rollout.run(&s.base, &effects, catalog.diplomacy.horizon_months);
        record.simulated_gains = Some(gains_map(catalog, &s.parties, |q| {
            simulated[s.parties[q]] - s.valuation.reservation[q]
        }));
        record.package = Some(labels(catalog, &s.agenda, p));
        record.months = Some(months);
        record.expires = Some(turn + months);
        record.reciprocal = s.parties.iter().all(|&party| {
            s.agenda.iter().zip(p).any(|(&i, &o)| {
                o != 0
                    && catalog.issues[i].options[o]
                        .effects
                        .iter()
                        .any(|e| gives(e, party))
            })
        });
        let terms: Vec<(NationIdx, Order)> = effects
            .iter()
            .filter_map(|e| match e {
                Effect::Order { nation, order } => Some((*nation, order.clone())),
                _ => None,
            })
            .filter(|(_, o)| !matches!(o, Order::Invest(_) | Order::ReleaseReserve { .. }))
            .collect();
        let seq = {
            let mut log = world.resource_mut::<SummitLog>();
            log.agreements += 1;
            log.agreements
        };
        // A new agreement between the same parties on any of the same issues replaces theirs:
        // the old one's measures lapse, but for the levers the new one sets again, which it
        // takes over (with what to go back to when it ends in turn).
        let mut parties_sorted = s.parties.clone();
        parties_sorted.sort_unstable();
        let mut taken_over = Vec::new();
        let mut lapsing = Vec::new();
        let mut aq = world.query::<&mut Agreement>();
        for mut old in aq.iter_mut(world) {
            let mut ps = old.parties.clone();
            ps.sort_unstable();
            if old.status == AgreementStatus::Active
                && ps == parties_sorted
                && old.agenda.iter().any(|i| s.agenda.contains(i))
            {
                old.status = AgreementStatus::Superseded { turn };
                let (kept, gone): (Vec<_>, Vec<_>) = old.suspended.iter().cloned().partition(|x| {
                    terms
                        .iter()
                        .any(|(n, t)| *n == x.party && crate::sim::lapse::same_key(t, &x.term))
                });
                taken_over.extend(kept);
                lapsing.push((old.name.clone(), gone, old.terms.clone()));
            }
        }
        for (name, gone, old_terms) in lapsing {
            lapse_measures(world, catalog, &name, &gone, &old_terms, turn);
        }
        let suspended = {
            let mut pq = world.query::<(&Nation, &Policies)>();
            let now: Vec<(NationIdx, &Policies)> =
                pq.iter(world).map(|(n, p)| (n.idx, p)).collect();
            let mut all = taken_over;
            let fresh: Vec<(NationIdx, Order)> = terms
                .iter()
                .filter(|(n, t)| {
                    !all.iter()
                        .any(|x| x.party == *n && crate::sim::lapse::same_key(&x.term, t))
                })
                .cloned()
                .collect();
            all.extend(crate::sim::lapse::suspensions(&now, &fresh));
            all
        };
        // Terms take effect at the start of next turn; the agreement binds from then.
        world.spawn(Agreement {
            seq,
            name: s.name.clone(),
            parties: s.parties.clone(),
            agenda: s.agenda.clone(),
            package: p.clone(),
            terms,
            suspended,
            start: turn + 1,
            expires: turn + months,
            status: AgreementStatus::Active,
            renewal_opened: false,
        });
        for e in effects {
            world.write_message(EffectMsg {
                effect: e,
                source: OrderSource::Agreement,
                months: None,
            });
        }
        let trust = catalog.diplomacy.signing_trust;
        for &a in &s.parties {
            for &b in s.parties.iter().filter(|&&b| b != a) {
                world.write_message(EffectMsg {
                    effect: Effect::Relation {
                        from: a,
                        to: b,
                        trust,
                        tension: -trust,
                    },
                    source: OrderSource::Agreement,
                    months: None,
                });
            }
        }
        news = format!(
            "{}: agreement for {months} months: {}",
            s.name,
            record.package.as_deref().unwrap_or_default().join("; ")
        );
    }
    let mut report = world.resource_mut::<Report>();
    report.news(turn, news);
    report.summits.push(record);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::orders::{ExportRule, TariffRule};

    fn policies() -> Policies {
        Policies::open(2)
    }

    #[test]
    fn compliance_checks_each_commitment() {
        let mut p = policies();
        let open = Order::SetExportRegime(ExportRule {
            goods: GoodSel::Only(vec![1]),
            to: NationSel::Only(vec![2]),
            regime: Regime::Licensing {
                approval: 0.8,
                review_months: 1,
                validity_months: 12,
            },
            expires: None,
        });
        assert!(complies(&p, &open, 2, 3), "open is at least as liberal");
        p.exports.push(ExportRule {
            goods: GoodSel::All,
            to: NationSel::All,
            regime: Regime::Ban,
            expires: None,
        });
        assert!(!complies(&p, &open, 2, 3), "a ban breaks it");
        let tariff = Order::SetTariff(TariffRule {
            from: NationSel::Only(vec![0]),
            goods: GoodSel::All,
            rate: 0.1,
        });
        assert!(complies(&p, &tariff, 2, 3));
        p.tariffs.push(TariffRule {
            from: NationSel::All,
            goods: GoodSel::Only(vec![0]),
            rate: 0.25,
        });
        assert!(!complies(&p, &tariff, 2, 3));
    }

    #[test]
    fn later_terms_override_earlier_ones_on_the_same_lever() {
        let all = Order::SetTariff(TariffRule {
            from: NationSel::Only(vec![0]),
            goods: GoodSel::All,
            rate: 0.1,
        });
        let some = Order::SetTariff(TariffRule {
            from: NationSel::Only(vec![0]),
            goods: GoodSel::Only(vec![1]),
            rate: 0.3,
        });
        let mut p = policies();
        p.tariffs = vec![
            TariffRule {
                from: NationSel::Only(vec![0]),
                goods: GoodSel::All,
                rate: 0.1,
            },
            TariffRule {
                from: NationSel::Only(vec![0]),
                goods: GoodSel::Only(vec![1]),
                rate: 0.3,
            },
        ];
        assert_eq!(breached(&p, &[&all, &some], 2, 3), None);
        p.tariffs[0].rate = 0.2;
        assert_eq!(breached(&p, &[&all, &some], 2, 3), Some(&all));
    }
}
