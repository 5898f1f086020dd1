//! View data: what the screens show, read from the sim as plain values. Panels draw these and
//! nothing else, so they can be tested without a window and never touch sim state.

use crate::sim::Sim;
use crate::sim::catalog::{FacilityStatus, NationIdx};
use crate::sim::facility::{Facility, Project};
use crate::sim::nation::{Economy, Flows, Nation, Score, Stocks};
use crate::sim::report::GoodRow;

/// The top bar.
#[derive(Debug, Clone, PartialEq)]
pub struct TopBar {
    pub nation: String,
    /// Calendar month of the turn being planned.
    pub date: String,
    /// The turn being planned (1-based), and the scenario's last.
    pub turn: u32,
    pub last_turn: u32,
    /// $M.
    pub treasury: f64,
    pub treasury_start: f64,
    /// 0–1.
    pub approval: f64,
    /// Last month's score and the mean so far (0–100); none before the first month.
    pub score: Option<f64>,
    pub mean_score: f64,
    pub rank: usize,
    pub nations: usize,
    /// The game has reached the scenario's end.
    pub over: bool,
    /// Hot-seat: ending the month hands the computer to the next team.
    pub hand_over: bool,
    /// Time the team has left (facilitator's time limits), as m:ss.
    pub time_left: Option<String>,
}

/// One good in the nation's dashboard.
#[derive(Debug, Clone, PartialEq)]
pub struct StockLine {
    pub good: String,
    pub unit: String,
    /// Commercial stock and strategic reserve at the end of last turn.
    pub stock: f64,
    pub reserve: f64,
    /// Months of use the commercial stock covers (none before the first month is played, nor
    /// for a good the nation does not use).
    pub cover_months: Option<f64>,
    pub produced: f64,
    pub imported: f64,
    pub exported: f64,
    /// Net imports over use (moving average), 0–1 (none before the first month is played).
    pub reliance: Option<f64>,
}

/// A facility being built for the nation.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectLine {
    pub name: String,
    pub months_left: u32,
    /// $M, after any overrun, and how much is paid.
    pub cost: f64,
    pub paid: f64,
}

/// The nation's plants of one process.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityLine {
    pub process: crate::scenario::schema::Process,
    pub running: usize,
    /// Runs a year of the running plants at full use (ramping plants at their ramp).
    pub capacity: f64,
    pub idle: usize,
    pub building: usize,
}

/// The nation dashboard.
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    pub gdp_index: f64,
    /// Share of planned sector output lost last turn.
    pub shortage: f64,
    pub stocks: Vec<StockLine>,
    pub capacity: Vec<CapacityLine>,
    pub projects: Vec<ProjectLine>,
}

/// A headline.
#[derive(Debug, Clone, PartialEq)]
pub struct NewsLine {
    pub date: String,
    pub headline: String,
    /// It names the player's nation.
    pub mine: bool,
}

/// Cuts the AI's reasons from the news of its moves ("China tightens magnet exports to Japan:
/// tension with Japan is high ..." keeps what it did), when the facilitator hides them.
pub fn hide_ai_reasons(sim: &Sim, lines: &mut [NewsLine]) {
    let ai: std::collections::HashSet<&str> = sim
        .report()
        .orders
        .iter()
        .filter(|o| o.source == crate::sim::orders::OrderSource::Ai)
        .filter_map(|o| o.reason.as_deref())
        .collect();
    for l in lines {
        if ai.contains(l.headline.as_str())
            && let Some((what, _)) = l.headline.split_once(": ")
        {
            l.headline = format!("{what} {HIDDEN_REASON}");
        }
    }
}

/// The top bar for the player's nation.
pub fn top_bar(sim: &Sim, me: NationIdx, last_turn: u32) -> TopBar {
    let played = sim.turn();
    let nation = sim.catalog().nations[me].name.clone();
    let date = sim.catalog().date_label(played + 1);
    let world = sim.world();
    let mut q = crate::sim::read::<(&Nation, &Economy, &Score)>(world);
    let mut rows: Vec<(usize, f64, Economy, f64)> = q
        .iter(world)
        .map(|(n, e, s)| (n.idx, s.mean(), e.clone(), s.current))
        .collect();
    rows.sort_by_key(|r| r.0);
    let mine = &rows[me];
    let rank = 1 + rows
        .iter()
        .filter(|r| r.1 > mine.1 || (r.1 == mine.1 && r.0 < me))
        .count();
    TopBar {
        nation,
        date,
        turn: played + 1,
        last_turn,
        treasury: mine.2.treasury,
        treasury_start: mine.2.treasury_start,
        approval: mine.2.approval,
        score: (played > 0).then_some(mine.3),
        mean_score: mine.1,
        rank,
        nations: rows.len(),
        over: played >= last_turn,
        hand_over: false,
        time_left: None,
    }
}

/// The dashboard of a nation.
pub fn dashboard(sim: &Sim, n: NationIdx) -> Dashboard {
    let turn = sim.turn();
    let recipes: Vec<crate::scenario::schema::Process> =
        sim.catalog().recipes.iter().map(|r| r.process).collect();
    let goods: Vec<(String, String)> = sim
        .catalog()
        .goods
        .iter()
        .map(|g| (g.name.clone(), g.unit.clone()))
        .collect();
    // Last month's rows are the last ones in the report: read those, not the whole history.
    let rows: Vec<GoodRow> = sim
        .report()
        .goods
        .iter()
        .rev()
        .take_while(|r| r.turn == turn)
        .filter(|r| r.nation == n)
        .cloned()
        .collect();
    let world = sim.world();
    // Goods the nation has no use for have no cover to speak of.
    let needs: Vec<bool> = world
        .resource::<crate::sim::market::Market>()
        .expected_use
        .iter()
        .map(|by_nation| by_nation.get(n).is_some_and(|&u| u > 0.0))
        .collect();
    let mut q = crate::sim::read::<(&Nation, &Economy, &Flows, &Stocks)>(world);
    let (eco, flows, held) = q
        .iter(world)
        .find(|(x, ..)| x.idx == n)
        .map(|(_, e, f, s)| (e.clone(), f.clone(), s.clone()))
        .expect("every nation has an entity");
    let stocks = goods
        .into_iter()
        .enumerate()
        .map(|(g, (good, unit))| {
            let row = rows.iter().find(|r| r.good == g);
            StockLine {
                good,
                unit,
                stock: held.commercial.get(g).copied().unwrap_or(0.0),
                reserve: held.reserve.get(g).copied().unwrap_or(0.0),
                cover_months: row
                    .filter(|_| needs.get(g).copied().unwrap_or(true))
                    .map(|r| r.cover_months),
                produced: row.map_or(0.0, |r| r.produced),
                imported: row.map_or(0.0, |r| r.imported),
                exported: row.map_or(0.0, |r| r.exported),
                reliance: row.and(flows.reliance.get(g).copied()),
            }
        })
        .collect();
    let mut fq = crate::sim::read::<(&Facility, Option<&Project>)>(world);
    let mut projects: Vec<(usize, ProjectLine)> = fq
        .iter(world)
        .filter(|(f, p)| {
            matches!(f.status, FacilityStatus::Building { .. })
                && (f.nation == n || p.is_some_and(|p| p.funder == n))
        })
        .map(|(f, p)| {
            let months_left = match f.status {
                FacilityStatus::Building { months_left } => months_left,
                _ => 0,
            };
            (
                f.idx,
                ProjectLine {
                    name: f.name.clone(),
                    months_left,
                    cost: p.map_or(0.0, |p| p.cost),
                    paid: p.map_or(0.0, |p| p.paid),
                },
            )
        })
        .collect();
    projects.sort_by_key(|p| p.0);
    let mut capacity: Vec<CapacityLine> = Vec::new();
    let mut hq = crate::sim::read::<&Facility>(world);
    for f in hq.iter(world).filter(|f| f.nation == n) {
        let process = recipes[f.recipe];
        let line = match capacity.iter_mut().find(|c| c.process == process) {
            Some(c) => c,
            None => {
                capacity.push(CapacityLine {
                    process,
                    running: 0,
                    capacity: 0.0,
                    idle: 0,
                    building: 0,
                });
                capacity.last_mut().expect("just pushed")
            }
        };
        match f.status {
            FacilityStatus::Operating => {
                line.running += 1;
                line.capacity += f.capacity * f.ramp;
            }
            FacilityStatus::Idle => line.idle += 1,
            FacilityStatus::Building { .. } => line.building += 1,
        }
    }
    capacity.sort_by_key(|c| c.process as usize);
    Dashboard {
        gdp_index: eco.gdp_index,
        shortage: eco.shortage(),
        stocks,
        capacity,
        projects: projects.into_iter().map(|p| p.1).collect(),
    }
}

/// The latest headlines, newest first.
pub fn news(sim: &Sim, me: NationIdx, limit: usize) -> Vec<NewsLine> {
    let catalog = sim.catalog();
    let name = &catalog.nations[me].name;
    sim.report()
        .news
        .iter()
        .rev()
        .take(limit)
        .map(|n| NewsLine {
            date: catalog.date_label(n.turn),
            headline: n.headline.clone(),
            mine: n.headline.contains(name.as_str()),
        })
        .collect()
}

/// One issue on a summit's agenda.
#[derive(Debug, Clone, PartialEq)]
pub struct IssueView {
    pub name: String,
    /// Option labels; the first is the status quo.
    pub options: Vec<String>,
    /// The option in the package on the table, if there is one.
    pub on_table: Option<usize>,
    /// What each option alone is worth to the player over no deal (advisers' estimate, score
    /// points).
    pub worth: Vec<f64>,
}

/// A summit waiting for the player's move.
#[derive(Debug, Clone, PartialEq)]
pub struct SummitView {
    /// Index among the open summits (what a move names).
    pub index: usize,
    pub id: String,
    pub name: String,
    pub parties: Vec<String>,
    /// The player's place among the parties.
    pub me: usize,
    pub round: u32,
    pub rounds: u32,
    /// Moves the player has left, this one included.
    pub my_moves_left: u32,
    pub issues: Vec<IssueView>,
    /// The package on the table and who put it there.
    pub table: Option<Vec<usize>>,
    pub table_by: Option<String>,
    /// Each package's worth to the player over no deal, by package index
    /// (see [`SummitView::package_index`]).
    pub worth: Vec<f64>,
    /// The last thing the other side said.
    pub last_word: Option<TranscriptLine>,
    pub transcript: Vec<TranscriptLine>,
}

/// A move in a summit's transcript.
#[derive(Debug, Clone, PartialEq)]
pub struct TranscriptLine {
    pub round: u32,
    pub party: String,
    pub action: String,
    pub package: Option<Vec<String>>,
    pub reason: String,
    /// An AI leader made the move (its reason is the AI's reasoning).
    pub by_ai: bool,
}

/// What an AI move's reason reads as when the facilitator hides the AI's reasoning.
pub const HIDDEN_REASON: &str = "(the facilitator has hidden the AI's reasoning)";

impl SummitView {
    /// Replaces the reasons the AI gave for its moves (the facilitator hides them).
    pub fn hide_ai_reasons(&mut self) {
        for t in self.transcript.iter_mut().chain(self.last_word.as_mut()) {
            if t.by_ai {
                t.reason = HIDDEN_REASON.to_string();
            }
        }
    }

    /// Index of a package (one option per issue) in [`SummitView::worth`].
    pub fn package_index(&self, package: &[usize]) -> usize {
        self.issues
            .iter()
            .zip(package)
            .fold(0, |acc, (i, &o)| acc * i.options.len() + o)
    }

    /// The package (one option per issue) at an index of [`SummitView::worth`].
    pub fn package(&self, index: usize) -> Vec<usize> {
        let mut package = Vec::with_capacity(self.issues.len());
        let mut rest = index;
        for i in self.issues.iter().rev() {
            let n = i.options.len().max(1);
            package.push(rest % n);
            rest /= n;
        }
        package.reverse();
        package
    }

    /// The package's worth to the player over no deal.
    pub fn worth_of(&self, package: &[usize]) -> f64 {
        self.worth
            .get(self.package_index(package))
            .copied()
            .unwrap_or(0.0)
    }
}

/// The summits waiting for the player, in the order the sim lists them.
pub fn summits(sim: &Sim, me: NationIdx) -> Vec<SummitView> {
    let catalog = sim.catalog();
    let name = |n: &str| {
        catalog
            .nations
            .iter()
            .find(|x| x.id == n)
            .map_or(n.to_string(), |x| x.name.clone())
    };
    sim.open_summits()
        .iter()
        .enumerate()
        .filter_map(|(index, s)| {
            let pos = s.parties.iter().position(|&p| p == me)?;
            if s.protocol.to_move() != Some(pos) {
                return None;
            }
            let r = s.valuation.reservation[pos];
            let table = s.protocol.table().cloned();
            let transcript: Vec<TranscriptLine> = s
                .transcript
                .iter()
                .map(|t| TranscriptLine {
                    round: t.round,
                    party: name(&t.party),
                    action: t.action.clone(),
                    package: t.package.clone(),
                    reason: t.reason.clone(),
                    by_ai: s
                        .parties
                        .iter()
                        .position(|&p| catalog.nations[p].id == t.party)
                        .is_some_and(|k| !s.human.get(k).copied().unwrap_or(false)),
                })
                .collect();
            let mine = &catalog.nations[me].name;
            let last_word = transcript.iter().rev().find(|t| &t.party != mine).cloned();
            let table_by = table.as_ref().and(
                transcript
                    .iter()
                    .rev()
                    .find(|t| t.action == "propose")
                    .map(|t| t.party.clone()),
            );
            let issues = s
                .agenda
                .iter()
                .enumerate()
                .map(|(k, &i)| {
                    let def = &catalog.issues[i];
                    IssueView {
                        name: def.name.clone(),
                        options: def.options.iter().map(|o| o.label.clone()).collect(),
                        on_table: table.as_ref().map(|p| p[k]),
                        worth: s.valuation.gains[pos][k].clone(),
                    }
                })
                .collect();
            // Moves alternate between the parties; the player's left include this one.
            let parties = s.parties.len() as u32;
            let left = s.protocol.max_moves() - s.protocol.moves_made();
            Some(SummitView {
                index,
                id: s.id.clone(),
                name: s.name.clone(),
                parties: s
                    .parties
                    .iter()
                    .map(|&p| catalog.nations[p].name.clone())
                    .collect(),
                me: pos,
                round: s.protocol.round(),
                rounds: s.protocol.rounds(),
                my_moves_left: left.div_ceil(parties.max(1)),
                issues,
                table,
                table_by,
                worth: s.values[pos].iter().map(|v| v - r).collect(),
                last_word,
                transcript,
            })
        })
        .collect()
}

/// How a nation's exports of a good to a partner are handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportStance {
    Open,
    Licensing,
    GeneralLicence,
    Ban,
}

/// One good in the policy panel.
#[derive(Debug, Clone, PartialEq)]
pub struct GoodPolicy {
    pub good: usize,
    pub name: String,
    /// Exports of it to the partner.
    pub exports: ExportStance,
    /// Tariff on imports of it from the partner.
    pub tariff: f64,
    /// Strategic reserve target, months of use.
    pub reserve_target: Option<f64>,
    /// Exports over the last twelve months played, and the export quota (units a year).
    pub exported_year: f64,
    pub export_quota: Option<f64>,
}

/// A process the nation runs or could ban sharing.
#[derive(Debug, Clone, PartialEq)]
pub struct ProcessPolicy {
    pub process: crate::scenario::schema::Process,
    /// Runs a year of the nation's operating plants of the process.
    pub capacity: f64,
    /// Production quota (runs a year).
    pub quota: Option<f64>,
    /// Sharing its technology with the partner is banned.
    pub tech_banned: bool,
}

/// A plant the player can fund.
#[derive(Debug, Clone, PartialEq)]
pub struct PlantOption {
    pub recipe: usize,
    pub name: String,
    pub build_months: u32,
    /// Runs per year: the size of the nation's (or the world's) typical plant of the kind.
    pub capacity: f64,
    /// Estimated cost, $M, before any delay or overrun; the treasury pays `public_share`.
    pub cost: f64,
    pub public_share: f64,
}

/// The player's levers.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyView {
    /// The partner the per-partner levers (exports, tariffs) apply to.
    pub partner: usize,
    pub partners: Vec<(usize, String)>,
    pub goods: Vec<GoodPolicy>,
    pub stock_cover: f64,
    /// The reserve is released in shortages.
    pub reserve_release: bool,
    /// Rules for the nation's firms (state-owned against private).
    pub firms: crate::scenario::schema::FirmRules,
    /// How the nation treats foreign-made goods carrying its inputs, going to the partner.
    pub extraterritorial: ExportStance,
    pub processes: Vec<ProcessPolicy>,
    pub plants: Vec<PlantOption>,
    pub treasury: f64,
    /// Orders given this month, to take effect when the turn ends.
    pub queued: Vec<String>,
}

/// Share of a private plant's cost the treasury pays when the player funds one.
pub const PLAYER_SUBSIDY: f64 = 0.5;

/// The policy panel's data for the player's nation.
pub fn policies(
    sim: &Sim,
    me: NationIdx,
    partner: NationIdx,
    queued: &[crate::sim::orders::Order],
) -> PolicyView {
    use crate::sim::catalog::Regime;
    use crate::sim::orders::Policies;
    let world = sim.world();
    let mut q = crate::sim::read::<(&Nation, &Policies, &Economy)>(world);
    let (pol, treasury) = q
        .iter(world)
        .find(|(n, ..)| n.idx == me)
        .map(|(_, p, e)| (p.clone(), e.treasury))
        .expect("every nation has an entity");
    // Running plants' sizes per recipe, for the plants on offer; the nation's own.
    let mut fq = crate::sim::read::<&Facility>(world);
    let sizes: Vec<(usize, f64)> = fq
        .iter(world)
        .filter(|f| f.capacity > 0.0)
        .map(|f| (f.recipe, f.capacity))
        .collect();
    let own: Vec<(usize, f64)> = fq
        .iter(world)
        .filter(|f| f.nation == me && f.status == FacilityStatus::Operating)
        .map(|f| (f.recipe, f.capacity))
        .collect();
    let catalog = sim.catalog();
    let turn = sim.turn();
    let mut exported = vec![0.0; catalog.goods.len()];
    for r in sim
        .report()
        .goods
        .iter()
        .rev()
        .take_while(|r| r.turn + 12 > turn)
        .filter(|r| r.nation == me)
    {
        exported[r.good] += r.exported;
    }
    let stance = |r: Regime| match r {
        Regime::Open => ExportStance::Open,
        Regime::Licensing { .. } => ExportStance::Licensing,
        Regime::GeneralLicence { .. } => ExportStance::GeneralLicence,
        Regime::Ban => ExportStance::Ban,
    };
    let processes = crate::scenario::schema::Process::ALL
        .into_iter()
        .filter(|p| *p != crate::scenario::schema::Process::Other)
        .map(|process| ProcessPolicy {
            process,
            capacity: own
                .iter()
                .filter(|(r, _)| catalog.recipes[*r].process == process)
                .map(|(_, c)| c)
                .sum(),
            quota: pol.quotas.get(&process).copied(),
            tech_banned: pol.bans_technology(process, partner),
        })
        .collect();
    let goods = catalog
        .goods
        .iter()
        .enumerate()
        .map(|(g, def)| GoodPolicy {
            good: g,
            name: def.name.clone(),
            exports: stance(pol.regime(g, partner)),
            tariff: pol.tariff(g, partner),
            reserve_target: pol.reserve_targets.get(g).copied().flatten(),
            exported_year: exported[g],
            export_quota: pol.export_quotas.get(g).copied().flatten(),
        })
        .collect();
    // A plant of each buildable kind, sized like the typical one already running.
    let plants = catalog
        .recipes
        .iter()
        .enumerate()
        .filter(|(_, r)| r.build_months > 0 && r.build_cost > 0.0)
        .filter_map(|(i, r)| {
            let mut sizes: Vec<f64> = sizes
                .iter()
                .filter(|(r, _)| *r == i)
                .map(|(_, c)| *c)
                .collect();
            sizes.sort_by(f64::total_cmp);
            let capacity = *sizes.get(sizes.len() / 2)?;
            Some(PlantOption {
                recipe: i,
                name: r.name.clone(),
                build_months: r.build_months,
                capacity,
                cost: r.build_cost * capacity,
                public_share: PLAYER_SUBSIDY,
            })
        })
        .collect();
    PolicyView {
        partner,
        partners: catalog
            .nations
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != me)
            .map(|(i, n)| (i, n.name.clone()))
            .collect(),
        goods,
        stock_cover: pol.stock_cover_months,
        reserve_release: pol.reserve_release,
        firms: pol.firms.clone(),
        extraterritorial: (0..catalog.goods.len())
            .find_map(|g| pol.extraterritorial(g, partner))
            .map_or(ExportStance::Open, |r| stance(r.regime)),
        processes,
        plants,
        treasury,
        queued: queued
            .iter()
            .map(|o| crate::sim::orders::describe(o, catalog))
            .collect(),
    }
}
