//! Scenario format v1: the serde types a RON scenario file deserializes into.
//!
//! Conventions (also in `docs/scenario-reference.md`):
//! - one turn is one month; rates in the file (capacity, demand, quotas) are **per year**;
//! - quantities are in the good's `unit` (tonnes for materials); prices in **US dollars per unit**;
//! - money amounts (treasury, GDP, value added, build cost) are in **millions of US dollars ($M)**;
//! - fractions (approval, trust, tension, tariff rates, yields) are plain numbers, `0.25` = 25%.
//!
//! Every struct denies unknown fields so a typo is an error, never silently dropped.
//! Range and reference checks live in [`super::validate`].

use serde::{Deserialize, Serialize};

/// The scenario format version this build reads.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Format version; must be 1.
    pub format: u32,
    /// Short id, e.g. `"standoff-2025"`.
    pub id: String,
    /// Title shown to players.
    pub name: String,
    /// What the scenario is about, for players and teachers.
    #[serde(default)]
    pub description: String,
    /// Calendar month of turn 1.
    pub start: Date,
    /// Default length of a game, in turns (months).
    pub turns: u32,
    /// Market mechanics parameters (price response, demand response).
    #[serde(default)]
    pub market: MarketParams,
    pub goods: Vec<Good>,
    pub recipes: Vec<Recipe>,
    /// End-use sector types; nations say how big each is at home.
    pub sectors: Vec<SectorType>,
    pub nations: Vec<Nation>,
    pub facilities: Vec<Facility>,
    #[serde(default)]
    pub events: Vec<Event>,
    /// Negotiable issues that summit agendas draw from.
    #[serde(default)]
    pub issues: Vec<AgendaIssue>,
    #[serde(default)]
    pub summits: Vec<Summit>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Date {
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
}

/// How prices and demand respond; defaults are documented in the reference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarketParams {
    /// Share of the gap between the current price and the scarcity price closed each month (0–1].
    pub price_adjustment: f64,
    /// Lowest price as a multiple of the base price.
    pub min_price_factor: f64,
    /// Highest price as a multiple of the base price.
    pub max_price_factor: f64,
    /// Share of the gap between current and price-justified input intensity closed each month
    /// (how fast users thrift or substitute when a price stays high, and return when it falls).
    pub demand_adjustment: f64,
}

impl Default for MarketParams {
    fn default() -> Self {
        MarketParams {
            price_adjustment: 0.5,
            min_price_factor: 0.2,
            max_price_factor: 40.0,
            demand_adjustment: 0.05,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Good {
    pub id: String,
    pub name: String,
    /// Unit of quantity, e.g. `"t"` or `"k wafers"`.
    pub unit: String,
    /// Reference price in $ per unit at normal stock cover.
    pub base_price: f64,
    /// How strongly the price reacts to stock cover: price = base × (cover / normal)^(−sensitivity).
    #[serde(default = "default_price_sensitivity")]
    pub price_sensitivity: f64,
    /// Long-run price elasticity of input intensity (thrift and substitution), ≥ 0.
    #[serde(default = "default_demand_elasticity")]
    pub demand_elasticity: f64,
}

fn default_price_sensitivity() -> f64 {
    1.5
}
fn default_demand_elasticity() -> f64 {
    0.3
}

/// A production process category. Quotas and (later) technology bans name these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Process {
    Mining,
    Separation,
    MetalAlloy,
    Magnet,
    Equipment,
    Chips,
    Other,
}

impl Process {
    pub const ALL: [Process; 7] = [
        Process::Mining,
        Process::Separation,
        Process::MetalAlloy,
        Process::Magnet,
        Process::Equipment,
        Process::Chips,
        Process::Other,
    ];
}

/// `(good id, quantity per run)`.
pub type Flow = (String, f64);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipe {
    pub id: String,
    pub name: String,
    pub process: Process,
    /// Inputs used per run.
    #[serde(default)]
    pub inputs: Vec<Flow>,
    /// Outputs made per run (before the facility's yield factor). At least one.
    pub outputs: Vec<Flow>,
    /// Operating cost per run in $, excluding inputs.
    pub unit_cost: f64,
    /// Months from the start of construction to first output (for new projects).
    #[serde(default = "default_build_months")]
    pub build_months: u32,
    /// Capital cost in $M per unit of yearly capacity (for new projects).
    #[serde(default)]
    pub build_cost: f64,
}

fn default_build_months() -> u32 {
    36
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectorType {
    pub id: String,
    pub name: String,
    /// Unit of the sector's activity, e.g. `"k vehicles"`.
    pub unit: String,
    /// Inputs needed per unit of activity.
    pub inputs: Vec<Flow>,
    /// GDP value added per unit of activity, in $M. Lost activity loses this.
    pub value_added: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Seat {
    Human,
    Ai,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConcessionStyle {
    /// Holds out until late.
    Boulware,
    Linear,
    /// Gives early.
    Conceder,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Leader {
    pub name: String,
    /// 0 = dove, 1 = hawk.
    pub hawkishness: f64,
    /// 0 = impatient, 1 = very patient.
    pub patience: f64,
    pub style: ConcessionStyle,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    /// The other nation's id.
    pub with: String,
    /// This nation's trust in the other, 0–1.
    pub trust: f64,
    /// This nation's tension with the other, 0–1.
    pub tension: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectorSize {
    /// Sector type id.
    pub sector: String,
    /// Planned activity per year at the start, in the sector's unit.
    pub output: f64,
    /// Growth of planned activity per year, e.g. `0.08`.
    #[serde(default)]
    pub growth: f64,
}

/// Which nations a rule applies to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Nations {
    All,
    Only(Vec<String>),
    AllExcept(Vec<String>),
}

/// Which goods a rule applies to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Goods {
    All,
    Only(Vec<String>),
}

/// An export regime for some goods to some destinations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Regime {
    Open,
    /// Every export needs a licence. `approval` is the share of requested volume approved;
    /// review and validity are in months (the full application pipeline builds on these).
    Licensing {
        approval: f64,
        #[serde(default = "default_review_months")]
        review_months: u32,
        #[serde(default = "default_validity_months")]
        validity_months: u32,
    },
    Ban,
}

fn default_review_months() -> u32 {
    2
}
fn default_validity_months() -> u32 {
    6
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportRule {
    pub goods: Goods,
    pub to: Nations,
    pub regime: Regime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TariffRule {
    /// Exporting nations the tariff applies to.
    pub from: Nations,
    pub goods: Goods,
    /// Ad valorem rate, `0.25` = 25%.
    pub rate: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    pub process: Process,
    /// Most runs per year over all the nation's facilities of this process
    /// (recipes are per tonne of REO, so mining and separation quotas are in t REO).
    pub limit: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportQuota {
    pub good: String,
    /// Most units exported per year, all destinations together.
    pub limit: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policies {
    /// Export rules; for a given good and destination the **last** matching rule wins; no rule = open.
    pub exports: Vec<ExportRule>,
    /// Import tariffs; for a given good and origin the last matching rule wins; no rule = 0.
    pub tariffs: Vec<TariffRule>,
    pub quotas: Vec<Quota>,
    pub export_quotas: Vec<ExportQuota>,
    /// Months of use that firms aim to hold in stock beyond the current month.
    pub stock_cover_months: f64,
    /// Whether the strategic reserve is released to firms when they run short.
    pub reserve_release: bool,
}

impl Default for Policies {
    fn default() -> Self {
        Policies {
            exports: Vec::new(),
            tariffs: Vec::new(),
            quotas: Vec::new(),
            export_quotas: Vec::new(),
            stock_cover_months: 2.0,
            reserve_release: true,
        }
    }
}

/// What a nation is scored on; each metric maps to 0–100 (see the reference).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Metric {
    /// GDP against its no-shock trend.
    GdpIndex,
    Approval,
    /// Treasury against its starting level.
    Treasury,
    /// Share of planned sector activity actually achieved.
    SupplySecurity,
    /// Net imports over apparent consumption of a good (lower is better).
    ImportReliance(String),
    /// Share of world production of a good (higher is better).
    WorldShare(String),
    /// Achieved over planned activity of one sector.
    SectorOutput(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub metric: Metric,
    /// Relative weight, > 0. Weights are normalised per nation.
    pub weight: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Nation {
    pub id: String,
    pub name: String,
    #[serde(default = "default_seat")]
    pub seat: Seat,
    /// GDP per year, $M.
    pub gdp: f64,
    /// Trend GDP growth per year.
    #[serde(default)]
    pub growth: f64,
    /// Budget available for the game's levers, $M.
    pub treasury: f64,
    /// Public approval of the government, 0–1.
    pub approval: f64,
    pub leader: Leader,
    /// Commercial stocks at the start. A good not listed starts at `stock_cover_months` of use.
    #[serde(default)]
    pub stocks: Vec<Flow>,
    /// Strategic (government) reserve at the start.
    #[serde(default)]
    pub reserves: Vec<Flow>,
    /// Relations to other nations; pairs not listed start at trust 0.5, tension 0.2.
    #[serde(default)]
    pub relations: Vec<Relation>,
    #[serde(default)]
    pub sectors: Vec<SectorSize>,
    #[serde(default)]
    pub policies: Policies,
    #[serde(default)]
    pub objectives: Vec<Objective>,
}

fn default_seat() -> Seat {
    Seat::Ai
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Owner {
    State,
    Private,
    /// Owned by firms of another nation (its id).
    Foreign(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Efficiency {
    /// Multiplies the recipe's outputs per run (0–2).
    #[serde(rename = "yield")]
    pub yield_factor: f64,
    /// Multiplies the recipe's unit cost (0–10).
    pub cost: f64,
}

impl Default for Efficiency {
    fn default() -> Self {
        Efficiency {
            yield_factor: 1.0,
            cost: 1.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum FacilityStatus {
    Operating,
    Idle,
    /// Under construction; produces nothing until `months_left` reaches 0, then ramps up.
    Building {
        months_left: u32,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facility {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// Host nation id.
    pub nation: String,
    pub recipe: String,
    pub owner: Owner,
    /// Runs per year at full utilisation.
    pub capacity: f64,
    #[serde(default)]
    pub efficiency: Efficiency,
    #[serde(default = "default_status")]
    pub status: FacilityStatus,
    /// Capacity growth per year from the owners' own expansion while operating (default 0).
    /// Policy-driven projects come on top.
    #[serde(default)]
    pub growth: f64,
}

fn default_status() -> FacilityStatus {
    FacilityStatus::Operating
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Trigger {
    /// Fires at the start of this turn (turn 1 is the first).
    AtTurn(u32),
    /// Fires the first turn the condition holds.
    When(Condition),
    /// Each turn in `from_turn..=until_turn`, fires with probability `per_turn` (seeded RNG).
    Chance {
        per_turn: f64,
        from_turn: u32,
        until_turn: u32,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Condition {
    TurnAtLeast(u32),
    /// A nation's price of a good is at least `factor` × the good's base price.
    PriceAbove {
        good: String,
        region: String,
        factor: f64,
    },
    PriceBelow {
        good: String,
        region: String,
        factor: f64,
    },
    /// `from`'s tension with `to` is at least `value`.
    TensionAbove {
        from: String,
        to: String,
        value: f64,
    },
    /// Share of a nation's planned sector value lost last turn is at least `value`.
    ShortageAbove {
        nation: String,
        value: f64,
    },
    ApprovalBelow {
        nation: String,
        value: f64,
    },
    /// Another event fired at least `turns` turns ago.
    EventFired {
        event: String,
        turns: u32,
    },
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Effect {
    /// Adds an export rule to a nation's policies (through the order path).
    ExportRegime {
        nation: String,
        goods: Goods,
        to: Nations,
        regime: Regime,
    },
    /// Adds a tariff rule to a nation's policies (through the order path).
    Tariff {
        nation: String,
        from: Nations,
        goods: Goods,
        rate: f64,
    },
    /// Sets (or with `limit: None`, lifts) a production quota.
    ProductionQuota {
        nation: String,
        process: Process,
        limit: Option<f64>,
    },
    /// Sets (or lifts) an export quota.
    ExportQuota {
        nation: String,
        good: String,
        limit: Option<f64>,
    },
    /// Multiplies a facility's capacity.
    Capacity {
        facility: String,
        factor: f64,
    },
    /// Changes a facility's status.
    Status {
        facility: String,
        status: FacilityStatus,
    },
    /// Multiplies a nation's planned sector activity.
    Demand {
        nation: String,
        sector: String,
        factor: f64,
    },
    /// Adds to `from`'s trust in and tension with `to` (results are kept within 0–1).
    Relation {
        from: String,
        to: String,
        trust: f64,
        tension: f64,
    },
    Approval {
        nation: String,
        change: f64,
    },
    Treasury {
        nation: String,
        change: f64,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub id: String,
    /// News headline posted when it fires.
    pub headline: String,
    pub trigger: Trigger,
    /// May fire again after firing (each turn its trigger holds); default once.
    #[serde(default)]
    pub repeat: bool,
    #[serde(default)]
    pub effects: Vec<Effect>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueOption {
    pub label: String,
    /// What choosing this option does (the same effects events use).
    #[serde(default)]
    pub effects: Vec<Effect>,
}

/// A negotiable issue: one lever with its options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaIssue {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// At least two options; the first is the status quo.
    pub options: Vec<IssueOption>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summit {
    pub id: String,
    pub name: String,
    /// Turn on which the summit opens.
    pub turn: u32,
    /// Nation ids, at least two.
    pub parties: Vec<String>,
    /// Issue ids.
    pub agenda: Vec<String>,
    /// Offer rounds before the deadline.
    #[serde(default = "default_rounds")]
    pub rounds: u32,
}

fn default_rounds() -> u32 {
    6
}
