//! The static, index-resolved data of a running scenario: goods, recipes, sector types, the
//! nations' and facilities' ids, and compiled events. Built once from a validated scenario;
//! systems never look up a string id at run time.

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use crate::scenario::schema::{
    Date, DiplomacyParams, EndUse, LicensingParams, MarketParams, Process, ProjectParams,
};

/// Index of a good in [`Catalog::goods`].
pub type GoodIdx = usize;
/// Index of a nation in [`Catalog::nations`]; also the order nations are processed in.
pub type NationIdx = usize;

#[derive(Debug, Clone)]
pub struct GoodDef {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub base_price: f64,
    pub price_sensitivity: f64,
    pub demand_elasticity: f64,
    /// Multiple of the base price past which users stop bidding the price up.
    pub substitution_ceiling: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct RecipeDef {
    pub id: String,
    pub name: String,
    pub process: Process,
    pub inputs: Vec<(GoodIdx, f64)>,
    pub outputs: Vec<(GoodIdx, f64)>,
    pub unit_cost: f64,
    pub build_months: u32,
    pub build_cost: f64,
    pub end_use: EndUse,
}

#[derive(Debug, Clone)]
pub struct SectorDef {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub inputs: Vec<(GoodIdx, f64)>,
    pub value_added: f64,
    pub end_use: EndUse,
}

#[derive(Debug, Clone)]
pub struct NationInfo {
    pub id: String,
    pub name: String,
}

/// A selection of nations, resolved to indices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum NationSel {
    All,
    Only(Vec<NationIdx>),
    AllExcept(Vec<NationIdx>),
}

impl NationSel {
    pub fn contains(&self, n: NationIdx) -> bool {
        match self {
            NationSel::All => true,
            NationSel::Only(v) => v.contains(&n),
            NationSel::AllExcept(v) => !v.contains(&n),
        }
    }
}

/// A selection of goods, resolved to indices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum GoodSel {
    All,
    Only(Vec<GoodIdx>),
}

impl GoodSel {
    pub fn contains(&self, g: GoodIdx) -> bool {
        match self {
            GoodSel::All => true,
            GoodSel::Only(v) => v.contains(&g),
        }
    }
}

/// Export regime for one good and destination.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Regime {
    Open,
    Licensing {
        approval: f64,
        review_months: u32,
        validity_months: u32,
    },
    /// No case-by-case review while the rule lasts (see `ExportRule::expires`).
    GeneralLicence {
        months: u32,
    },
    Ban,
}

impl Regime {
    /// Share of ordinary trade the regime lets through on its own terms: 1 open or under a
    /// general licence, the base approval rate under licensing, 0 banned.
    pub fn openness(&self) -> f64 {
        match self {
            Regime::Open | Regime::GeneralLicence { .. } => 1.0,
            Regime::Licensing { approval, .. } => *approval,
            Regime::Ban => 0.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FacilityStatus {
    Operating,
    Idle,
    Building { months_left: u32 },
}

/// An event condition with indices resolved.
#[derive(Debug, Clone)]
pub enum Condition {
    TurnAtLeast(u32),
    PriceAbove {
        good: GoodIdx,
        region: NationIdx,
        factor: f64,
    },
    PriceBelow {
        good: GoodIdx,
        region: NationIdx,
        factor: f64,
    },
    TensionAbove {
        from: NationIdx,
        to: NationIdx,
        value: f64,
    },
    ShortageAbove {
        nation: NationIdx,
        value: f64,
    },
    ApprovalBelow {
        nation: NationIdx,
        value: f64,
    },
    EventFired {
        event: usize,
        turns: u32,
    },
    AgreementInForce {
        parties: Vec<NationIdx>,
        issue: Option<usize>,
    },
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

#[derive(Debug, Clone)]
pub enum Trigger {
    AtTurn(u32),
    When(Condition),
    Chance {
        per_turn: f64,
        from_turn: u32,
        until_turn: u32,
    },
}

/// An effect with indices resolved. Policy changes are expressed as orders so they take the
/// same validated path as a player's or an AI's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Effect {
    Order {
        nation: NationIdx,
        order: crate::sim::orders::Order,
    },
    Capacity {
        facility: usize,
        factor: f64,
    },
    Status {
        facility: usize,
        status: FacilityStatus,
    },
    Demand {
        nation: NationIdx,
        sector: usize,
        factor: f64,
    },
    Relation {
        from: NationIdx,
        to: NationIdx,
        trust: f64,
        tension: f64,
    },
    Approval {
        nation: NationIdx,
        change: f64,
    },
    Treasury {
        nation: NationIdx,
        change: f64,
    },
    Gdp {
        nation: NationIdx,
        change: f64,
    },
}

#[derive(Debug, Clone)]
pub struct EventDef {
    pub id: String,
    pub headline: String,
    pub trigger: Trigger,
    pub repeat: bool,
    pub effects: Vec<Effect>,
    /// Months the levers it sets hold, if time-limited.
    pub months: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct OptionDef {
    pub label: String,
    pub effects: Vec<Effect>,
    pub months: Option<u32>,
}

/// A negotiable issue: one lever with its options (the first is the status quo).
#[derive(Debug, Clone)]
pub struct IssueDef {
    pub id: String,
    pub name: String,
    pub options: Vec<OptionDef>,
}

impl IssueDef {
    /// Nations whose own levers the options move (who gives on this issue).
    pub fn givers(&self) -> Vec<NationIdx> {
        let mut v: Vec<NationIdx> = self
            .options
            .iter()
            .flat_map(|o| o.effects.iter())
            .filter_map(|e| match e {
                Effect::Order { nation, .. }
                | Effect::Treasury { nation, .. }
                | Effect::Demand { nation, .. } => Some(*nation),
                Effect::Relation { from, .. } => Some(*from),
                _ => None,
            })
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

#[derive(Debug, Clone)]
pub struct SummitDef {
    pub id: String,
    pub name: String,
    pub turn: u32,
    pub parties: Vec<NationIdx>,
    /// Issue indices.
    pub agenda: Vec<usize>,
    pub rounds: u32,
}

/// Everything static about the running scenario.
#[derive(Resource, Debug, Clone)]
pub struct Catalog {
    pub scenario_id: String,
    pub scenario_name: String,
    pub start: Date,
    pub default_turns: u32,
    pub market: MarketParams,
    pub licensing: LicensingParams,
    pub projects: ProjectParams,
    pub diplomacy: DiplomacyParams,
    pub goods: Vec<GoodDef>,
    pub recipes: Vec<RecipeDef>,
    pub sectors: Vec<SectorDef>,
    pub nations: Vec<NationInfo>,
    /// Ids of the scenario's facilities (projects started in play add their own).
    pub facility_ids: Vec<String>,
    pub events: Vec<EventDef>,
    pub issues: Vec<IssueDef>,
    pub summits: Vec<SummitDef>,
}

impl Catalog {
    pub fn good_index(&self, id: &str) -> Option<GoodIdx> {
        self.goods.iter().position(|g| g.id == id)
    }
    pub fn nation_index(&self, id: &str) -> Option<NationIdx> {
        self.nations.iter().position(|n| n.id == id)
    }
    pub fn sector_index(&self, id: &str) -> Option<usize> {
        self.sectors.iter().position(|n| n.id == id)
    }
    pub fn recipe_index(&self, id: &str) -> Option<usize> {
        self.recipes.iter().position(|n| n.id == id)
    }
    /// Calendar label of a turn, e.g. `2025-10` for turn 1 of a scenario starting October 2025.
    pub fn date_label(&self, turn: u32) -> String {
        let months = (self.start.month as i64 - 1) + (turn.max(1) as i64 - 1);
        let year = self.start.year as i64 + months.div_euclid(12);
        let month = months.rem_euclid(12) + 1;
        format!("{year:04}-{month:02}")
    }
}
