//! Turns a validated scenario into sim data: ids resolved to indices ([`compile`]), then
//! entities and resources in a World ([`spawn`]).

mod resolve;
use resolve::Resolver;

use std::collections::BTreeMap;
use std::fmt;

use bevy::prelude::*;

use crate::scenario::schema::{self, Scenario};
use crate::sim::catalog::{
    self, Catalog, EventDef, FacilityStatus, GoodDef, GoodSel, IssueDef, NationInfo, NationSel,
    OptionDef, RecipeDef, Regime, SectorDef, SummitDef,
};
use crate::sim::facility::{Facility, Owner, Project};
use crate::sim::market::Market;
use crate::sim::nation::{
    Adaptation, Controller, Economy, Flows, Intensity, Leader, Metric, Nation, Objectives,
    Relations, Score, SectorState, Sectors, Stocks,
};
use crate::sim::nation::{Content, Precaution};
use crate::sim::orders::{
    ExportRule, ExtraterritorialRule, Investment, Order, Policies, TariffRule, TechBan,
};
use crate::sim::production::{Plant, output_content};
use crate::sim::snapshot::{NationState, spawn_entities};

/// Trust and tension between nations whose relation the scenario does not give.
pub const DEFAULT_TRUST: f64 = 0.5;
pub const DEFAULT_TENSION: f64 = 0.2;

/// A reference the validator should have caught. Seeing one means a bug, not bad input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpawnError(pub String);

impl fmt::Display for SpawnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "scenario cannot be set up: {}", self.0)
    }
}

impl std::error::Error for SpawnError {}

/// Everything needed to spawn a scenario, with ids resolved.
#[derive(Debug, Clone)]
pub struct Compiled {
    pub catalog: Catalog,
    pub nations: Vec<NationSetup>,
    pub facilities: Vec<Facility>,
    pub market: Market,
    /// Origin content of each nation's opening stocks, `[nation][good][origin]`.
    pub content: Vec<Vec<Vec<f64>>>,
}

#[derive(Debug, Clone)]
pub struct NationSetup {
    pub nation: Nation,
    pub controller: Controller,
    pub leader: Leader,
    pub economy: Economy,
    pub stocks: Stocks,
    pub relations: Relations,
    pub sectors: Sectors,
    pub policies: Policies,
    pub objectives: Objectives,
}

fn regime_of(r: &schema::Regime) -> Regime {
    match r {
        schema::Regime::Open => Regime::Open,
        schema::Regime::Ban => Regime::Ban,
        schema::Regime::GeneralLicence { months } => Regime::GeneralLicence { months: *months },
        schema::Regime::Licensing {
            approval,
            review_months,
            validity_months,
        } => Regime::Licensing {
            approval: *approval,
            review_months: *review_months,
            validity_months: *validity_months,
        },
    }
}

fn status_of(s: &schema::FacilityStatus) -> FacilityStatus {
    match s {
        schema::FacilityStatus::Operating => FacilityStatus::Operating,
        schema::FacilityStatus::Idle => FacilityStatus::Idle,
        schema::FacilityStatus::Building { months_left } => FacilityStatus::Building {
            months_left: *months_left,
        },
    }
}

/// Objectives used when a nation lists none.
fn default_objectives() -> Vec<(Metric, f64)> {
    vec![
        (Metric::GdpIndex, 1.0),
        (Metric::Approval, 1.0),
        (Metric::SupplySecurity, 1.0),
    ]
}

/// Resolves every id of a validated scenario.
pub fn compile(s: &Scenario) -> Result<Compiled, SpawnError> {
    let r = Resolver { s };
    let n_goods = s.goods.len();
    let n_nations = s.nations.len();

    let goods: Vec<GoodDef> = s
        .goods
        .iter()
        .map(|g| GoodDef {
            id: g.id.clone(),
            name: g.name.clone(),
            unit: g.unit.clone(),
            base_price: g.base_price,
            price_sensitivity: g.price_sensitivity,
            demand_elasticity: g.demand_elasticity,
            substitution_ceiling: g.substitution_ceiling,
        })
        .collect();
    let recipes: Vec<RecipeDef> = s
        .recipes
        .iter()
        .map(|x| {
            Ok(RecipeDef {
                id: x.id.clone(),
                name: x.name.clone(),
                process: x.process,
                inputs: r.flows(&x.inputs)?,
                outputs: r.flows(&x.outputs)?,
                unit_cost: x.unit_cost,
                build_months: x.build_months,
                build_cost: x.build_cost,
                end_use: x.end_use,
            })
        })
        .collect::<Result<_, SpawnError>>()?;
    let sectors: Vec<SectorDef> = s
        .sectors
        .iter()
        .map(|x| {
            Ok(SectorDef {
                id: x.id.clone(),
                name: x.name.clone(),
                unit: x.unit.clone(),
                inputs: r.flows(&x.inputs)?,
                value_added: x.value_added,
                end_use: x.end_use,
            })
        })
        .collect::<Result<_, SpawnError>>()?;

    let facilities = facilities_of(&r, s)?;

    // Facilities' monthly input needs at full capacity, per nation and good.
    let mut facility_need = vec![vec![0.0; n_goods]; n_nations];
    for f in &facilities {
        for &(g, q) in &recipes[f.recipe].inputs {
            facility_need[f.nation][g] += f.monthly_capacity() * q;
        }
    }

    let mut nations = Vec::with_capacity(n_nations);
    let mut expected_use = vec![vec![0.0; n_nations]; n_goods];
    for (idx, n) in s.nations.iter().enumerate() {
        nations.push(nation_of(
            &r,
            n,
            idx,
            &sectors,
            &facility_need[idx],
            &mut expected_use,
        )?);
    }

    let (events, summits, issues) = story_of(&r, s)?;

    let catalog = Catalog {
        scenario_id: s.id.clone(),
        scenario_name: s.name.clone(),
        start: s.start,
        default_turns: s.turns,
        market: s.market.clone(),
        licensing: s.licensing.clone(),
        projects: s.projects.clone(),
        diplomacy: s.diplomacy.clone(),
        goods,
        recipes,
        sectors,
        nations: s
            .nations
            .iter()
            .map(|n| NationInfo {
                id: n.id.clone(),
                name: n.name.clone(),
            })
            .collect(),
        facility_ids: s.facilities.iter().map(|f| f.id.clone()).collect(),
        events,
        issues,
        summits,
    };
    let prices: Vec<Vec<f64>> = catalog
        .goods
        .iter()
        .map(|g| vec![g.base_price; n_nations])
        .collect();
    let content = initial_content(&catalog, &facilities, &expected_use, &prices);
    let market = Market::at(prices, expected_use);
    Ok(Compiled {
        catalog,
        nations,
        facilities,
        market,
        content,
    })
}

/// The facilities at the start, ids resolved.
fn facilities_of(r: &Resolver<'_>, s: &Scenario) -> Result<Vec<Facility>, SpawnError> {
    s.facilities
        .iter()
        .enumerate()
        .map(|(idx, f)| {
            let status = status_of(&f.status);
            Ok(Facility {
                idx,
                id: f.id.clone(),
                name: if f.name.is_empty() {
                    f.id.clone()
                } else {
                    f.name.clone()
                },
                nation: r.nation(&f.nation)?,
                recipe: r.recipe(&f.recipe)?,
                owner: match &f.owner {
                    schema::Owner::State => Owner::State,
                    schema::Owner::Private => Owner::Private,
                    schema::Owner::Foreign(n) => Owner::Foreign(r.nation(n)?),
                },
                technology: f.technology.as_deref().map(|t| r.nation(t)).transpose()?,
                capacity: f.capacity,
                yield_factor: f.efficiency.yield_factor,
                cost_factor: f.efficiency.cost,
                target_yield: f.efficiency.yield_factor,
                target_cost: f.efficiency.cost,
                status,
                ramp: if status == FacilityStatus::Operating {
                    1.0
                } else {
                    0.0
                },
                monthly_growth: libm::pow(1.0 + f.growth, 1.0 / 12.0),
                runs: 0.0,
            })
        })
        .collect::<Result<_, SpawnError>>()
}

/// One nation at the start: its sectors, stocks, relations, policies and objectives; adds
/// what it expects to use each month to `expected_use`.
fn nation_of(
    r: &Resolver<'_>,
    n: &schema::Nation,
    idx: usize,
    sectors: &[SectorDef],
    facility_need: &[f64],
    expected_use: &mut [Vec<f64>],
) -> Result<NationSetup, SpawnError> {
    let n_goods = facility_need.len();
    let n_nations = r.s.nations.len();
    let sector_states: Vec<SectorState> = n
        .sectors
        .iter()
        .map(|x| {
            Ok(SectorState {
                sector: r.sector(&x.sector)?,
                level: x.output,
                monthly_growth: libm::pow(1.0 + x.growth, 1.0 / 12.0),
                planned: x.output / 12.0,
                achieved: x.output / 12.0,
            })
        })
        .collect::<Result<_, SpawnError>>()?;
    let mut sector_need = vec![0.0; n_goods];
    for st in &sector_states {
        for &(g, q) in &sectors[st.sector].inputs {
            sector_need[g] += st.planned * q;
        }
    }
    let p = &n.policies;
    let cover = p.stock_cover_months;
    // Unlisted stocks start where a steady month would leave them: sectors' goods at the
    // buffer, facility inputs at a month's use plus the buffer.
    let mut commercial: Vec<f64> = (0..n_goods)
        .map(|g| sector_need[g] * cover + facility_need[g] * (1.0 + cover))
        .collect();
    for (g, q) in r.flows(&n.stocks)? {
        commercial[g] = q;
    }
    let mut reserve = vec![0.0; n_goods];
    for (g, q) in r.flows(&n.reserves)? {
        reserve[g] = q;
    }
    for g in 0..n_goods {
        expected_use[g][idx] = sector_need[g] + facility_need[g];
    }

    let mut trust = vec![DEFAULT_TRUST; n_nations];
    let mut tension = vec![DEFAULT_TENSION; n_nations];
    trust[idx] = 1.0;
    tension[idx] = 0.0;
    for rel in &n.relations {
        let j = r.nation(&rel.with)?;
        trust[j] = rel.trust;
        tension[j] = rel.tension;
    }

    let policies = policies_of(r, p, n_goods)?;
    let objectives = if n.objectives.is_empty() {
        default_objectives()
    } else {
        n.objectives
            .iter()
            .map(|o| Ok((r.metric(&o.metric)?, o.weight)))
            .collect::<Result<_, SpawnError>>()?
    };

    Ok(NationSetup {
        nation: Nation { idx },
        controller: Controller(n.seat),
        leader: Leader {
            name: n.leader.name.clone(),
            hawkishness: n.leader.hawkishness,
            patience: n.leader.patience,
            style: n.leader.style,
        },
        economy: Economy {
            gdp_base: n.gdp,
            growth: n.growth,
            gdp_index: 100.0,
            trend_index: 100.0,
            approval: n.approval,
            approval_anchor: n.approval,
            treasury: n.treasury,
            treasury_start: n.treasury,
            planned_value: 0.0,
            lost_value: 0.0,
            producer_value: 0.0,
            producer_base: 0.0,
            gdp_shift: 0.0,
        },
        stocks: Stocks {
            commercial,
            reserve,
        },
        relations: Relations {
            trust_base: trust.clone(),
            tension_base: tension.clone(),
            trust,
            tension,
        },
        sectors: Sectors(sector_states),
        policies,
        objectives: Objectives(objectives),
    })
}

/// A nation's starting policies, ids resolved.
fn policies_of(
    r: &Resolver<'_>,
    p: &schema::Policies,
    n_goods: usize,
) -> Result<Policies, SpawnError> {
    let cover = p.stock_cover_months;
    let mut quotas = BTreeMap::new();
    for q in &p.quotas {
        quotas.insert(q.process, q.limit);
    }
    let mut export_quotas = vec![None; n_goods];
    for q in &p.export_quotas {
        export_quotas[r.good(&q.good)?] = Some(q.limit);
    }
    Ok(Policies {
        exports: p
            .exports
            .iter()
            .map(|x| {
                let regime = regime_of(&x.regime);
                Ok(ExportRule {
                    goods: r.goods(&x.goods)?,
                    to: r.nations(&x.to)?,
                    regime,
                    // A general licence in the file runs from turn 1.
                    expires: match regime {
                        Regime::GeneralLicence { months } => Some(months),
                        _ => None,
                    },
                })
            })
            .collect::<Result<_, SpawnError>>()?,
        tariffs: p
            .tariffs
            .iter()
            .map(|x| {
                Ok(TariffRule {
                    from: r.nations(&x.from)?,
                    goods: r.goods(&x.goods)?,
                    rate: x.rate,
                })
            })
            .collect::<Result<_, SpawnError>>()?,
        quotas,
        export_quotas,
        extraterritorial: p
            .extraterritorial
            .iter()
            .map(|x| {
                Ok(ExtraterritorialRule {
                    goods: r.goods(&x.goods)?,
                    threshold: x.threshold,
                    to: r.nations(&x.to)?,
                    regime: regime_of(&x.regime),
                })
            })
            .collect::<Result<_, SpawnError>>()?,
        tech_bans: p
            .tech_bans
            .iter()
            .map(|x| {
                Ok(TechBan {
                    processes: x.processes.clone(),
                    to: r.nations(&x.to)?,
                })
            })
            .collect::<Result<_, SpawnError>>()?,
        firms: p.firms.clone(),
        reserve_targets: {
            let mut t = vec![None; n_goods];
            for x in &p.reserve_targets {
                t[r.good(&x.good)?] = Some(x.months);
            }
            t
        },
        stock_cover_months: cover,
        reserve_release: p.reserve_release,
    })
}

/// The scenario's events, summits and issues, ids resolved.
#[allow(clippy::type_complexity)]
fn story_of(
    r: &Resolver<'_>,
    s: &Scenario,
) -> Result<(Vec<EventDef>, Vec<SummitDef>, Vec<IssueDef>), SpawnError> {
    let events: Vec<EventDef> = s
        .events
        .iter()
        .map(|e| {
            Ok(EventDef {
                id: e.id.clone(),
                headline: e.headline.clone(),
                trigger: match &e.trigger {
                    schema::Trigger::AtTurn(t) => catalog::Trigger::AtTurn(*t),
                    schema::Trigger::When(c) => catalog::Trigger::When(r.condition(c)?),
                    schema::Trigger::Chance {
                        per_turn,
                        from_turn,
                        until_turn,
                    } => catalog::Trigger::Chance {
                        per_turn: *per_turn,
                        from_turn: *from_turn,
                        until_turn: *until_turn,
                    },
                },
                repeat: e.repeat,
                effects: e
                    .effects
                    .iter()
                    .map(|x| r.effect(x))
                    .collect::<Result<_, _>>()?,
                months: e.months,
            })
        })
        .collect::<Result<_, SpawnError>>()?;
    let summits: Vec<SummitDef> = s
        .summits
        .iter()
        .map(|x| {
            Ok(SummitDef {
                id: x.id.clone(),
                name: x.name.clone(),
                turn: x.turn,
                parties: x
                    .parties
                    .iter()
                    .map(|p| r.nation(p))
                    .collect::<Result<_, _>>()?,
                agenda: x
                    .agenda
                    .iter()
                    .map(|a| r.issue(a))
                    .collect::<Result<_, _>>()?,
                rounds: x.rounds,
            })
        })
        .collect::<Result<_, SpawnError>>()?;
    let issues: Vec<IssueDef> = s
        .issues
        .iter()
        .map(|x| {
            Ok(IssueDef {
                id: x.id.clone(),
                name: x.name.clone(),
                options: x
                    .options
                    .iter()
                    .map(|o| {
                        Ok(OptionDef {
                            label: o.label.clone(),
                            effects: o
                                .effects
                                .iter()
                                .map(|e| r.effect(e))
                                .collect::<Result<_, SpawnError>>()?,
                            months: o.months,
                        })
                    })
                    .collect::<Result<_, SpawnError>>()?,
            })
        })
        .collect::<Result<_, SpawnError>>()?;
    Ok((events, summits, issues))
}

/// Where each nation's opening stock of each good comes from, `[nation][good][origin]`: a
/// nation supplies its own use from its own output first and buys the rest from the other
/// producers in proportion to their output; what it makes carries its inputs' origins by
/// value (a few passes settle the chain from mine to chip).
fn initial_content(
    catalog: &Catalog,
    facilities: &[Facility],
    expected_use: &[Vec<f64>],
    prices: &[Vec<f64>],
) -> Vec<Vec<Vec<f64>>> {
    let goods = catalog.goods.len();
    let n = catalog.nations.len();
    let mut output = vec![vec![0.0; n]; goods];
    for f in facilities {
        for &(g, q) in &catalog.recipes[f.recipe].outputs {
            output[g][f.nation] += f.monthly_capacity() * q * f.yield_factor;
        }
    }
    let own = |i: usize| {
        let mut v = vec![0.0; n];
        v[i] = 1.0;
        v
    };
    let mut content: Vec<Vec<Vec<f64>>> = (0..n).map(|i| vec![own(i); goods]).collect();
    for _ in 0..6 {
        // What each nation makes of each good, from its plants' inputs.
        let mut made: Vec<Vec<Vec<f64>>> = vec![vec![vec![0.0; n]; goods]; n];
        for f in facilities.iter().filter(|f| f.monthly_capacity() > 0.0) {
            let recipe = &catalog.recipes[f.recipe];
            let c = output_content(
                recipe,
                &Plant::of(f),
                f.technology,
                prices,
                &content[f.nation],
            );
            for &(g, q) in &recipe.outputs {
                let w = f.monthly_capacity() * q * f.yield_factor / output[g][f.nation];
                for (m, x) in made[f.nation][g].iter_mut().zip(&c) {
                    *m += w * x;
                }
            }
        }
        let mut next = content.clone();
        for g in 0..goods {
            let world: f64 = output[g].iter().sum();
            if world <= 0.0 {
                continue;
            }
            // Output-weighted content of everything made of the good.
            let mut all = vec![0.0; n];
            for j in 0..n {
                for (a, m) in all.iter_mut().zip(&made[j][g]) {
                    *a += output[g][j] * m;
                }
            }
            for i in 0..n {
                let own_share = if output[g][i] <= 0.0 {
                    0.0
                } else if expected_use[g][i] <= output[g][i] {
                    1.0
                } else {
                    output[g][i] / expected_use[g][i]
                };
                // Own output first, the rest from the other producers by their output.
                let others = world - output[g][i];
                next[i][g] = (0..n)
                    .map(|c| {
                        let own = made[i][g][c];
                        let rest = if others > 0.0 {
                            (all[c] - output[g][i] * own) / others
                        } else {
                            0.0
                        };
                        (own_share * own + (1.0 - own_share) * rest).clamp(0.0, 1.0)
                    })
                    .collect();
            }
        }
        content = next;
    }
    content
}

/// Spawns a compiled scenario into a world: resources, one entity per nation, one per facility.
pub fn spawn(world: &mut World, c: &Compiled) {
    world.insert_resource(c.catalog.clone());
    world.insert_resource(c.market.clone());
    let goods = c.catalog.goods.len();
    let nations: Vec<NationState> = c
        .nations
        .iter()
        .map(|n| NationState {
            nation: n.nation,
            controller: n.controller,
            leader: n.leader.clone(),
            economy: n.economy.clone(),
            stocks: n.stocks.clone(),
            relations: n.relations.clone(),
            sectors: n.sectors.clone(),
            intensity: Intensity(vec![1.0; goods]),
            flows: Flows::new(goods),
            policies: n.policies.clone(),
            objectives: n.objectives.clone(),
            score: Score::default(),
            content: Content(c.content[n.nation.idx].clone()),
            precaution: Precaution {
                factor: vec![1.0; goods],
                denial: vec![0.0; goods],
            },
            adaptation: Adaptation::new(goods),
        })
        .collect();
    let facilities: Vec<(Facility, Option<Project>)> =
        c.facilities.iter().map(|f| (f.clone(), None)).collect();
    spawn_entities(world, &nations, &facilities, &[]);
}

/// Resolves a validated orders file against its scenario: `(turn, acting nation, order)`, in
/// file order.
pub fn resolve_orders(
    s: &Scenario,
    script: &schema::OrderScript,
) -> Result<Vec<(u32, usize, Order)>, SpawnError> {
    let r = Resolver { s };
    script
        .orders
        .iter()
        .map(|o| Ok((o.turn, r.nation(&o.nation)?, r.order(&o.order)?)))
        .collect()
}
