//! What a finished (or stopped) game comes to: how the nations finished, each nation's score
//! by month, the player's shortages, the key moments (controls, easings, summits, breaches,
//! first shortages) and how good the player's deals were. The debrief screen draws it; the
//! report (`chokepoint report`) writes it out.

use crate::sim::Sim;
use crate::sim::catalog::NationIdx;
use crate::sim::nation::{Nation, Score};
use crate::sim::orders::{Lever, OrderSource};
use crate::sim::summits::{Agreement, AgreementStatus};

/// A nation's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    pub nation: String,
    /// The game's score: the mean of the monthly scores (0–100).
    pub mean_score: f64,
    pub final_score: f64,
    pub gdp_index: f64,
    pub approval: f64,
    pub mine: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MomentKind {
    Control,
    Easing,
    Summit,
    Breach,
    Shortage,
}

impl MomentKind {
    pub fn label(self) -> &'static str {
        match self {
            MomentKind::Control => "control",
            MomentKind::Easing => "easing",
            MomentKind::Summit => "summit",
            MomentKind::Breach => "breach",
            MomentKind::Shortage => "shortage",
        }
    }
}

/// Something that shaped the game.
#[derive(Debug, Clone, PartialEq)]
pub struct Moment {
    pub turn: u32,
    pub date: String,
    pub kind: MomentKind,
    pub text: String,
    /// The player's nation took part.
    pub mine: bool,
}

/// How good a summit's outcome was.
#[derive(Debug, Clone, PartialEq)]
pub struct DealGrade {
    pub date: String,
    pub name: String,
    pub outcome: String,
    /// The player's gain over no deal, by full simulation of the agreed package (score points).
    pub my_gain: Option<f64>,
    /// No other package was better for every party.
    pub pareto_efficient: bool,
    /// Distance from the Nash bargaining point (0 = the fair split; 1 = as far as it gets).
    pub nash_distance: Option<f64>,
}

/// The debrief.
#[derive(Debug, Clone, PartialEq)]
pub struct Debrief {
    pub scenario: String,
    pub nation: String,
    pub played: u32,
    pub last_turn: u32,
    /// Best first.
    pub standings: Vec<Standing>,
    pub rank: usize,
    /// Each nation's monthly score.
    pub scores: Vec<(String, Vec<[f64; 2]>)>,
    /// The player's share of planned output lost to shortages, by month (percent).
    pub shortage: Vec<[f64; 2]>,
    pub moments: Vec<Moment>,
    /// The player's summits.
    pub deals: Vec<DealGrade>,
    /// Calendar month of each turn played, 1-based (index 0 is turn 1).
    pub dates: Vec<String>,
}

/// Share of planned output lost in a month that counts as a shortage.
pub const SHORTAGE_MOMENT: f64 = 0.02;

pub fn debrief(sim: &Sim, me: NationIdx, last_turn: u32) -> Debrief {
    let world = sim.world();
    let mut q = crate::sim::read::<(&Nation, &Score)>(world);
    let mut means: Vec<(NationIdx, f64)> = q.iter(world).map(|(n, s)| (n.idx, s.mean())).collect();
    means.sort_by_key(|m| m.0);
    let mut aq = crate::sim::read::<&Agreement>(world);
    let mut breaches: Vec<(u32, NationIdx, String, Vec<NationIdx>)> = aq
        .iter(world)
        .filter_map(|a| match a.status {
            AgreementStatus::Breached { by, turn } => {
                Some((turn, by, a.name.clone(), a.parties.clone()))
            }
            _ => None,
        })
        .collect();
    breaches.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
    let played = sim.turn();
    let catalog = sim.catalog();
    let report = sim.report();
    let name = |n: NationIdx| catalog.nations[n].name.clone();
    let my_id = &catalog.nations[me].id;
    let last: Vec<&crate::sim::report::MetricRow> =
        report.metrics.iter().filter(|m| m.turn == played).collect();
    let mut standings: Vec<Standing> = means
        .iter()
        .map(|&(n, mean)| {
            let row = last.iter().find(|m| m.nation == n);
            Standing {
                nation: name(n),
                mean_score: mean,
                final_score: row.map_or(0.0, |r| r.score),
                gdp_index: row.map_or(1.0, |r| r.gdp_index),
                approval: row.map_or(0.0, |r| r.approval),
                mine: n == me,
            }
        })
        .collect();
    standings.sort_by(|a, b| b.mean_score.total_cmp(&a.mean_score));
    let rank = 1 + standings.iter().position(|s| s.mine).unwrap_or(0);
    let mut scores: Vec<(String, Vec<[f64; 2]>)> = catalog
        .nations
        .iter()
        .map(|n| (n.name.clone(), Vec::new()))
        .collect();
    let mut shortage = Vec::new();
    let mut moments = Vec::new();
    let mut short_before = false;
    for m in &report.metrics {
        scores[m.nation].1.push([m.turn as f64, m.score]);
        if m.nation == me {
            shortage.push([m.turn as f64, m.shortage * 100.0]);
            let short = m.shortage >= SHORTAGE_MOMENT;
            if short && !short_before {
                moments.push(Moment {
                    turn: m.turn,
                    date: catalog.date_label(m.turn),
                    kind: MomentKind::Shortage,
                    text: format!(
                        "Your industry runs short: {:.0}% of planned output lost",
                        m.shortage * 100.0
                    ),
                    mine: true,
                });
            }
            short_before = short;
        }
    }
    for o in &report.orders {
        let kind = match o.lever {
            Lever::Control => MomentKind::Control,
            Lever::Easing => MomentKind::Easing,
            Lever::Other => continue,
        };
        if o.refused.is_some() || o.source == OrderSource::Agreement {
            continue;
        }
        moments.push(Moment {
            turn: o.turn,
            date: catalog.date_label(o.turn),
            kind,
            text: if o.source == OrderSource::Facilitator {
                format!("{}: {} (the facilitator's event)", name(o.actor), o.order)
            } else {
                format!("{}: {}", name(o.actor), o.order)
            },
            mine: o.actor == me,
        });
    }
    let mut deals = Vec::new();
    for s in &report.summits {
        let mine = s.parties.iter().any(|p| p == my_id);
        moments.push(Moment {
            turn: s.turn,
            date: catalog.date_label(s.turn),
            kind: MomentKind::Summit,
            text: format!("{}: {}", s.name, s.outcome),
            mine,
        });
        if mine {
            deals.push(DealGrade {
                date: catalog.date_label(s.turn),
                name: s.name.clone(),
                outcome: s.outcome.clone(),
                my_gain: s
                    .simulated_gains
                    .as_ref()
                    .and_then(|g| g.get(my_id).copied()),
                pareto_efficient: s.quality.pareto_efficient,
                nash_distance: s.quality.nash_distance,
            });
        }
    }
    for (turn, by, agreement, parties) in breaches {
        moments.push(Moment {
            turn,
            date: catalog.date_label(turn),
            kind: MomentKind::Breach,
            text: format!("{} breaches {agreement}", name(by)),
            mine: parties.contains(&me),
        });
    }
    // In time order; within a month, in the order they were gathered (stable).
    moments.sort_by_key(|m| m.turn);
    Debrief {
        scenario: catalog.scenario_name.clone(),
        nation: name(me),
        played,
        last_turn,
        standings,
        rank,
        scores,
        shortage,
        moments,
        deals,
        dates: (1..=played).map(|t| catalog.date_label(t)).collect(),
    }
}
