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

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

mod events;
pub use events::*;

/// The scenario format version this build reads.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The format version this file is written in.
    #[schemars(extend("x-type" = "integer", "x-range" = "1"))]
    pub format: u32,
    /// Short id, e.g. `"standoff-2025"`.
    #[schemars(extend("x-type" = "id"))]
    pub id: String,
    /// Title shown to players.
    pub name: String,
    /// What the scenario is about; the first line is shown by `chokepoint scenarios`.
    #[serde(default)]
    pub description: String,
    /// What players should learn, one sentence each; shown on the title screen and by `chokepoint
    /// scenarios --notes ID`.
    #[serde(default)]
    pub learning_objectives: Vec<String>,
    /// Notes for the teacher who runs it in class.
    #[serde(default)]
    pub teacher_notes: TeacherNotes,
    /// Calendar month of turn 1.
    #[schemars(extend("x-type" = "`(year: Y, month: M)`"))]
    #[schemars(extend("x-range" = "year 1900–2200, month 1–12"))]
    pub start: Date,
    /// Default game length in months.
    #[schemars(range(min = 1, max = 1200))]
    pub turns: u32,
    /// Price and demand response.
    #[serde(default)]
    pub market: MarketParams,
    /// How licence reviews treat relations, end uses and firms.
    #[serde(default)]
    pub licensing: LicensingParams,
    /// Risks and technology-ban penalties of new facility projects.
    #[serde(default)]
    pub projects: ProjectParams,
    /// Summits, agreements and emergency diplomacy.
    #[serde(default)]
    pub diplomacy: DiplomacyParams,
    #[schemars(extend("x-range" = "at least 1"))]
    pub goods: Vec<Good>,
    #[schemars(extend("x-range" = "at least 1"))]
    pub recipes: Vec<Recipe>,
    /// End uses.
    pub sectors: Vec<SectorType>,
    /// Processing order is file order.
    #[schemars(extend("x-range" = "at least 1"))]
    pub nations: Vec<Nation>,
    pub facilities: Vec<Facility>,
    /// Checked in file order each turn.
    #[serde(default)]
    pub events: Vec<Event>,
    /// Negotiable levers for summit agendas.
    #[serde(default)]
    pub issues: Vec<AgendaIssue>,
    /// Summit schedule.
    #[serde(default)]
    pub summits: Vec<Summit>,
}

/// Notes for a teacher: questions for the debrief, what really happened, and the sources.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeacherNotes {
    /// Questions for the debrief.
    #[serde(default)]
    pub discuss: Vec<String>,
    /// What really happened, to compare with the game.
    #[serde(default)]
    pub history: String,
    /// Where the figures come from (sections of docs/sources.md, publications).
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Date {
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
}

/// How prices and demand respond; defaults are documented in the reference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
#[schemars(rename = "Market")]
pub struct MarketParams {
    /// Share of the (logarithmic) gap between the current price and the scarcity price closed each
    /// month.
    #[schemars(range(min = 0.01, max = 1))]
    pub price_adjustment: f64,
    /// Lowest price as a multiple of base.
    #[schemars(range(min = 0.001, max = 1))]
    pub min_price_factor: f64,
    /// Highest price as a multiple of base.
    #[schemars(range(min = 1, max = 1000))]
    pub max_price_factor: f64,
    /// Share of the gap between users' input intensity and what prices justify closed each month
    /// (how fast users thrift or substitute when a price stays high, and return when it falls).
    #[schemars(range(min = 0, max = 1))]
    pub demand_adjustment: f64,
    /// Share of a redesign's saving that comes back when prices fall: users who cut their use
    /// of a dear good (thrift, substitutes, new designs) return only part of the way (0: a
    /// redesign stays for good; 1: use follows prices back up).
    #[schemars(range(min = 0, max = 1))]
    pub thrift_return: f64,
    /// Months a supply contract runs at the spot price of the month it was signed; contracts
    /// are staggered, one in this many renewing each month (1: every month).
    #[schemars(range(min = 1, max = 12))]
    pub contract_months: u32,
    /// Share of what users pay that is at the spot price; the rest is at the contract price
    /// (1: everything at spot, no lag).
    #[schemars(range(min = 0, max = 1))]
    pub spot_share: f64,
    /// Premium, as a share of the landed price, that a buyer fully cut off by a supplier's
    /// controls puts on that supplier when it ranks its sources (so it buys elsewhere first,
    /// even at a cost); a partial cut adds its share of it.
    #[schemars(range(min = 0, max = 5))]
    pub supplier_risk: f64,
    /// Months for a supplier-risk premium to halve once the supplier stops cutting.
    #[schemars(range(min = 1, max = 240))]
    pub supplier_risk_half_life: u32,
}

impl Default for MarketParams {
    fn default() -> Self {
        MarketParams {
            price_adjustment: 0.5,
            min_price_factor: 0.2,
            max_price_factor: 40.0,
            demand_adjustment: 0.05,
            thrift_return: 0.5,
            contract_months: 3,
            spot_share: 0.4,
            supplier_risk: 0.5,
            supplier_risk_half_life: 24,
        }
    }
}

/// How licence reviews treat end uses, firms and relations. An application's approved share is
/// `approval × relations × end use × firms`, within 0–1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
#[schemars(rename = "Licensing")]
pub struct LicensingParams {
    /// Multiplier for the volume going to defence end uses.
    #[schemars(range(min = 0, max = 1))]
    pub defence_factor: f64,
    /// Multiplier for the volume going to advanced-computing end uses.
    #[schemars(range(min = 0, max = 1))]
    pub advanced_computing_factor: f64,
    /// Multiplier for the volume exported by private firms, where the exporter's firm rules make
    /// private review stricter.
    #[schemars(range(min = 0, max = 1))]
    pub private_factor: f64,
    /// How much the authority's trust in the importer (above or below 0.5) raises or lowers
    /// approval.
    #[schemars(range(min = 0, max = 5))]
    pub trust_weight: f64,
    /// How much its tension with the importer (above or below 0.2) lowers or raises approval.
    #[schemars(range(min = 0, max = 5))]
    pub tension_weight: f64,
    /// When a licensing regime first applies to a route that was shipping, the share of last
    /// month's shipments that keeps moving under approvals and contracts already in the
    /// pipeline until the first decisions come (so exports fall sharply, not to zero).
    #[schemars(range(min = 0, max = 1))]
    pub pipeline_share: f64,
    /// Share of a first application decided off the regime's review time: half of it early
    /// (after half the review), half a month late. Renewals are decided on time.
    #[schemars(range(min = 0, max = 1))]
    pub review_spread: f64,
}

impl Default for LicensingParams {
    fn default() -> Self {
        LicensingParams {
            defence_factor: 0.1,
            advanced_computing_factor: 0.5,
            private_factor: 0.8,
            trust_weight: 0.5,
            tension_weight: 0.5,
            pipeline_share: 0.3,
            review_spread: 0.4,
        }
    }
}

/// Risks and penalties of new facility projects (drawn from the seeded generator at the start).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
#[schemars(rename = "Projects")]
pub struct ProjectParams {
    /// Chance a project runs late.
    #[schemars(range(min = 0, max = 1))]
    pub delay_chance: f64,
    /// Most it runs late, as a share of its build time.
    #[schemars(range(min = 0, max = 5))]
    pub max_delay: f64,
    /// Chance it costs more.
    #[schemars(range(min = 0, max = 1))]
    pub overrun_chance: f64,
    /// Most it overruns, as a share of its cost.
    #[schemars(range(min = 0, max = 5))]
    pub max_overrun: f64,
    /// Extra build time under a full technology ban, as a share.
    #[schemars(range(min = 0, max = 5))]
    pub ban_build_time: f64,
    /// Extra cost under a full technology ban, as a share.
    #[schemars(range(min = 0, max = 5))]
    pub ban_build_cost: f64,
    /// How much lower the new plant's yield starts under a full ban.
    #[schemars(range(min = 0, max = 0.9))]
    pub ban_yield_loss: f64,
    /// How much higher the new plant's unit cost starts under a full ban.
    #[schemars(range(min = 0, max = 5))]
    pub ban_unit_cost: f64,
    /// Months for a new plant's efficiency to close its gap to normal (1/`learning_months` of it
    /// each month).
    #[schemars(range(min = 0, max = 600))]
    pub learning_months: f64,
}

impl Default for ProjectParams {
    fn default() -> Self {
        ProjectParams {
            delay_chance: 0.5,
            max_delay: 0.8,
            overrun_chance: 0.5,
            max_overrun: 0.5,
            ban_build_time: 0.5,
            ban_build_cost: 0.4,
            ban_yield_loss: 0.15,
            ban_unit_cost: 0.25,
            learning_months: 36.0,
        }
    }
}

/// Summits, agreements and emergency diplomacy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
#[schemars(rename = "Diplomacy")]
pub struct DiplomacyParams {
    /// Tension (either way) at which two nations call an emergency summit on the issues only they
    /// give on.
    #[schemars(range(min = 0, max = 1))]
    pub emergency_tension: f64,
    /// Turns after any summit between two nations before an emergency one.
    #[schemars(range(min = 0, max = 120))]
    pub emergency_cooldown: u32,
    /// Offer rounds of emergency summits (renewal talks: at least 4).
    #[schemars(range(min = 1, max = 50))]
    pub emergency_rounds: u32,
    /// How long an agreement lasts unless an agreed option says otherwise.
    #[schemars(range(min = 1, max = 120))]
    pub agreement_months: u32,
    /// Renewal talks open this many turns before an agreement expires.
    #[schemars(range(min = 0, max = 24))]
    pub renewal_lead: u32,
    /// Months negotiators simulate ahead to value a package.
    #[schemars(range(min = 1, max = 60))]
    pub horizon_months: u32,
    /// Trust the wronged parties lose in a nation that breaches an agreement.
    #[schemars(range(min = 0, max = 1))]
    pub breach_trust: f64,
    /// Tension they gain with it.
    #[schemars(range(min = 0, max = 1))]
    pub breach_tension: f64,
    /// Trust parties gain in each other when they sign (tension falls as much).
    #[schemars(range(min = 0, max = 1))]
    pub signing_trust: f64,
}

impl Default for DiplomacyParams {
    fn default() -> Self {
        DiplomacyParams {
            emergency_tension: 0.85,
            emergency_cooldown: 6,
            emergency_rounds: 4,
            agreement_months: 12,
            renewal_lead: 1,
            horizon_months: 12,
            breach_trust: 0.3,
            breach_tension: 0.3,
            signing_trust: 0.1,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Good {
    #[schemars(extend("x-type" = "id"))]
    pub id: String,
    pub name: String,
    /// Unit of quantity, e.g. `"t"`, `"k wafers"`.
    pub unit: String,
    /// $ per unit at normal stock cover.
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub base_price: f64,
    /// price = base × (cover / normal cover)^(−sensitivity).
    #[serde(default = "default_price_sensitivity")]
    #[schemars(range(min = 0.1, max = 5))]
    pub price_sensitivity: f64,
    /// Long-run elasticity of users' input intensity: intensity drifts toward (price /
    /// base)^(−elasticity), within 0.2–1.5.
    #[serde(default = "default_demand_elasticity")]
    #[schemars(range(min = 0, max = 2))]
    pub demand_elasticity: f64,
    /// Short-run substitution ceiling, a multiple of the base price: past it users turn to
    /// substitutes, redesigns or halted lines rather than outbid each other, so scarcity
    /// beyond it lifts the price only a little (a tenfold scarcity about 1.8 times) and shows
    /// as lost output instead. Omit for no ceiling (the market's `max_price_factor` still
    /// applies).
    #[serde(default)]
    #[schemars(extend("x-type" = "`Some(multiple)` or `None`"))]
    #[schemars(extend("x-range" = "1–40"))]
    pub substitution_ceiling: Option<f64>,
}

fn default_price_sensitivity() -> f64 {
    1.5
}
fn default_demand_elasticity() -> f64 {
    0.3
}

/// A production process category. Quotas and (later) technology bans name these.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
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

/// What a recipe's or sector's inputs end up in, for export licensing: defence and advanced
/// computing end uses face stricter review.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    Default,
    JsonSchema,
)]
pub enum EndUse {
    #[default]
    Civil,
    Defence,
    AdvancedComputing,
}

impl EndUse {
    pub const ALL: [EndUse; 3] = [EndUse::Civil, EndUse::Defence, EndUse::AdvancedComputing];
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recipe {
    #[schemars(extend("x-type" = "id"))]
    pub id: String,
    pub name: String,
    /// Category used by quotas and technology bans.
    pub process: Process,
    /// Used per run.
    #[serde(default)]
    #[schemars(extend("x-type" = "list of `(\"good\", qty)`"))]
    #[schemars(extend("x-range" = "qty ≥ 0, no good twice"))]
    pub inputs: Vec<Flow>,
    /// Made per run, before the facility's yield.
    #[schemars(extend("x-type" = "list of `(\"good\", qty)`"))]
    #[schemars(extend("x-range" = "at least 1; as inputs; no good both input and output"))]
    pub outputs: Vec<Flow>,
    /// $ per run, excluding inputs.
    #[schemars(range(min = 0))]
    pub unit_cost: f64,
    /// Months from start of construction to first output (new projects).
    #[serde(default = "default_build_months")]
    #[schemars(range(min = 0, max = 600))]
    pub build_months: u32,
    /// $M per unit of yearly capacity (new projects).
    #[serde(default)]
    #[schemars(range(min = 0))]
    pub build_cost: f64,
    /// What the inputs end up in, for licence reviews.
    #[serde(default)]
    pub end_use: EndUse,
}

fn default_build_months() -> u32 {
    36
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectorType {
    #[schemars(extend("x-type" = "id"))]
    pub id: String,
    pub name: String,
    /// Unit of activity, e.g. `"k vehicles"`.
    pub unit: String,
    /// Inputs per unit of activity (at intensity 1).
    #[schemars(extend("x-type" = "list of `(\"good\", qty)`"))]
    #[schemars(extend("x-range" = "at least 1; qty ≥ 0"))]
    pub inputs: Vec<Flow>,
    /// $M of GDP per unit of activity; activity lost to shortage or priced out loses it.
    #[schemars(range(min = 0))]
    pub value_added: f64,
    /// What the inputs end up in, for licence reviews.
    #[serde(default)]
    pub end_use: EndUse,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Seat {
    Human,
    Ai,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ConcessionStyle {
    /// Holds out until late.
    Boulware,
    Linear,
    /// Gives early.
    Conceder,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Leader {
    pub name: String,
    /// 0 dove, 1 hawk: how soon the AI considers coercing a partner, how much it minds a rival's
    /// gains, state or private ownership of its projects ([ai.md](ai.md)).
    #[schemars(range(min = 0, max = 1))]
    pub hawkishness: f64,
    /// 0 impatient, 1 very patient.
    #[schemars(range(min = 0, max = 1))]
    pub patience: f64,
    /// Concession style in negotiations (Boulware holds out, Conceder gives early).
    pub style: ConcessionStyle,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    #[schemars(extend("x-type" = "nation id"))]
    #[schemars(extend("x-range" = "another nation"))]
    pub with: String,
    /// This nation's trust in the other.
    #[schemars(range(min = 0, max = 1))]
    pub trust: f64,
    /// This nation's tension with the other; also the level it settles back to.
    #[schemars(range(min = 0, max = 1))]
    pub tension: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectorSize {
    #[schemars(extend("x-type" = "sector id"))]
    pub sector: String,
    /// Planned activity per year at the start.
    #[schemars(range(min = 0))]
    pub output: f64,
    /// Growth of planned activity per year.
    #[serde(default)]
    #[schemars(range(min = -0.5, max = 1))]
    pub growth: f64,
}

/// Which nations a rule applies to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub enum Nations {
    All,
    Only(Vec<String>),
    AllExcept(Vec<String>),
}

/// Which goods a rule applies to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub enum Goods {
    All,
    Only(Vec<String>),
}

/// An export regime for some goods to some destinations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub enum Regime {
    Open,
    /// Every export needs a licence. Importers apply; each application waits `review_months`,
    /// then a share of its volume is approved: `approval` for a neutral partner, adjusted for
    /// relations, end use and the exporting firms (see the reference). Approved volume becomes
    /// a permit valid for `validity_months`; after it lapses, importers apply again.
    Licensing {
        approval: f64,
        #[serde(default = "default_review_months")]
        review_months: u32,
        #[serde(default = "default_validity_months")]
        validity_months: u32,
    },
    /// Exports flow without case-by-case review for `months` from when the rule is set; then
    /// the rule lapses and the earlier rules apply again.
    GeneralLicence {
        months: u32,
    },
    Ban,
}

fn default_review_months() -> u32 {
    2
}
fn default_validity_months() -> u32 {
    6
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportRule {
    pub goods: Goods,
    pub to: Nations,
    pub regime: Regime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TariffRule {
    /// Exporting nations the tariff applies to.
    pub from: Nations,
    pub goods: Goods,
    /// Ad valorem rate, `0.25` = 25%.
    pub rate: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    pub process: Process,
    /// Most runs per year over all the nation's facilities of this process
    /// (recipes are per tonne of REO, so mining and separation quotas are in t REO).
    pub limit: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportQuota {
    pub good: String,
    /// Most units exported per year, all destinations together.
    pub limit: f64,
}

/// A rule on goods made abroad: exports of `goods` from other nations to `to` need this
/// nation's licence (or are banned, or open) when at least `threshold` of their value comes
/// from this nation's material or they were made with its technology.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtraterritorialRule {
    pub goods: Goods,
    /// Share of value from this nation's material that brings a good under the rule (0–1).
    pub threshold: f64,
    pub to: Nations,
    pub regime: Regime,
}

/// A ban on exporting the technology of some processes to some nations: projects there take
/// longer, cost more and start less efficient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TechBan {
    pub processes: Vec<Process>,
    pub to: Nations,
}

/// Rules on which firms may use quotas, export and expand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct FirmRules {
    /// Share of every quota reserved for state-owned firms; the rest goes to the others; `None`
    /// shares quotas by capacity.
    #[schemars(extend("x-type" = "`Some(share)` or `None`"))]
    #[schemars(extend("x-range" = "0–1"))]
    pub quota_state_share: Option<f64>,
    /// Only state-owned firms may export: exports are limited to their share of the nation's output
    /// of the good.
    pub exports_state_only: bool,
    /// Only state-owned firms may build (investment orders) or grow (facility `growth`).
    pub expansion_state_only: bool,
    /// The nation's licence reviews approve less of what private firms export (`private_factor`).
    pub private_review_stricter: bool,
}

/// A strategic reserve target: months of the nation's use, bought when the price is low.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReserveTarget {
    pub good: String,
    pub months: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Policies {
    /// For a good and destination the **last** matching rule wins; no match = open.
    pub exports: Vec<ExportRule>,
    /// For a good and origin the last matching rule wins; no match = 0.
    pub tariffs: Vec<TariffRule>,
    /// Most runs per year over all the nation's facilities of that process; one per process.
    #[schemars(extend("x-type" = "list of `(process: P, limit: N)`"))]
    pub quotas: Vec<Quota>,
    /// Most units exported per year (paced monthly), all destinations; one per good.
    #[schemars(extend("x-type" = "list of `(good: \"id\", limit: N)`"))]
    pub export_quotas: Vec<ExportQuota>,
    /// Rules on goods made abroad from this nation's material or technology.
    pub extraterritorial: Vec<ExtraterritorialRule>,
    /// Bans on exporting the technology of these processes to those nations.
    #[schemars(extend("x-type" = "list of `(processes: [P, ...], to: N)`"))]
    pub tech_bans: Vec<TechBan>,
    /// Which firms may use quotas, export and expand.
    pub firms: FirmRules,
    /// Strategic reserve targets in months of use; one per good.
    #[schemars(extend("x-type" = "list of `(good: \"id\", months: M)`"))]
    #[schemars(extend("x-range" = "months 0–60"))]
    pub reserve_targets: Vec<ReserveTarget>,
    /// Months of use firms aim to hold beyond the current month.
    #[schemars(range(min = 0, max = 24))]
    pub stock_cover_months: f64,
    /// Release the strategic reserve to firms when they run short.
    pub reserve_release: bool,
}

impl Default for Policies {
    fn default() -> Self {
        Policies {
            exports: Vec::new(),
            tariffs: Vec::new(),
            quotas: Vec::new(),
            export_quotas: Vec::new(),
            extraterritorial: Vec::new(),
            tech_bans: Vec::new(),
            firms: FirmRules::default(),
            reserve_targets: Vec::new(),
            stock_cover_months: 2.0,
            reserve_release: true,
        }
    }
}

/// What a nation is scored on; each metric maps to 0–100 (see the reference).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub enum Metric {
    /// GDP against its no-shock trend.
    GdpIndex,
    Approval,
    /// Treasury against its starting level.
    Treasury,
    /// Share of planned sector activity actually achieved.
    SupplySecurity,
    /// Share of the nation's need of a good it does not make itself (lower is better).
    ImportReliance(String),
    /// Share of world production of a good (higher is better).
    WorldShare(String),
    /// Achieved over planned activity of one sector.
    SectorOutput(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub metric: Metric,
    /// Relative weight, > 0. Weights are normalised per nation.
    pub weight: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Nation {
    #[schemars(extend("x-type" = "id"))]
    pub id: String,
    pub name: String,
    /// Who plays it (headless runs give every seat to the AI).
    #[serde(default = "default_seat")]
    pub seat: Seat,
    /// GDP per year, $M.
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub gdp: f64,
    /// Trend GDP growth per year.
    #[serde(default)]
    #[schemars(range(min = -0.5, max = 0.5))]
    pub growth: f64,
    /// Budget for the game's levers, $M.
    #[schemars(extend("x-range" = "finite"))]
    pub treasury: f64,
    /// Public approval; it drifts back here when nothing happens.
    #[schemars(range(min = 0, max = 1))]
    pub approval: f64,
    pub leader: Leader,
    /// Commercial stocks at the start; a good not listed starts where a steady month leaves it:
    /// `stock_cover_months` of sector use plus one month and the cover of facility use.
    #[serde(default)]
    #[schemars(extend("x-type" = "list of `(\"good\", qty)`"))]
    #[schemars(extend("x-range" = "qty ≥ 0"))]
    pub stocks: Vec<Flow>,
    /// Strategic reserve at the start.
    #[serde(default)]
    #[schemars(extend("x-type" = "list of `(\"good\", qty)`"))]
    #[schemars(extend("x-range" = "qty ≥ 0"))]
    pub reserves: Vec<Flow>,
    /// Pairs not listed start at trust 0.5, tension 0.2.
    #[serde(default)]
    #[schemars(extend("x-range" = "no self, no nation twice"))]
    pub relations: Vec<Relation>,
    /// End-use sectors at home.
    #[serde(default)]
    #[schemars(extend("x-range" = "no sector twice"))]
    pub sectors: Vec<SectorSize>,
    #[serde(default)]
    pub policies: Policies,
    /// When empty: GDP index, approval and supply security, equally weighted.
    #[serde(default)]
    #[schemars(extend("x-type" = "list of Objective"))]
    pub objectives: Vec<Objective>,
    /// Where the nation is on the desktop game's world map: the countries it covers by their
    /// Natural Earth names (`"United States of America"`, `"China"`, `"Czechia"` ...; the list is
    /// `assets/map/countries-110m.json`), or `Rest` for every country no other nation names. A
    /// nation without countries is not drawn.
    #[serde(default)]
    #[schemars(extend("x-type" = "`Countries([\"name\", ...])` or `Rest`"))]
    #[schemars(extend("x-range" = "known names, each country in one nation, one `Rest` at most"))]
    pub map: MapArea,
}

/// The countries a nation covers on the world map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub enum MapArea {
    Countries(Vec<String>),
    /// Every country no other nation names (a rest-of-world bloc).
    Rest,
}

impl Default for MapArea {
    fn default() -> Self {
        MapArea::Countries(Vec::new())
    }
}

fn default_seat() -> Seat {
    Seat::Ai
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub enum Owner {
    State,
    Private,
    /// Owned by firms of another nation (its id).
    Foreign(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub enum FacilityStatus {
    Operating,
    Idle,
    /// Under construction; produces nothing until `months_left` reaches 0, then ramps up.
    Building {
        months_left: u32,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Facility {
    #[schemars(extend("x-type" = "id"))]
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// Host nation.
    #[schemars(extend("x-type" = "nation id"))]
    pub nation: String,
    #[schemars(extend("x-type" = "recipe id"))]
    pub recipe: String,
    /// State-owned firms keep at least 80% utilisation when losing money.
    #[schemars(extend("x-type" = "`State`, `Private`, `Foreign(\"nation\")`"))]
    #[schemars(extend("x-range" = "foreign owner ≠ host"))]
    pub owner: Owner,
    /// Runs per year at full utilisation.
    #[schemars(range(min = 0))]
    pub capacity: f64,
    /// Multiply the recipe's outputs and unit cost.
    #[serde(default)]
    #[schemars(extend("x-type" = "`(yield: Y, cost: C)`"))]
    #[schemars(extend("x-range" = "yield 0–2, cost 0–10"))]
    pub efficiency: Efficiency,
    /// A plant under construction makes nothing until it finishes, then ramps up over 12 months.
    #[serde(default = "default_status")]
    #[schemars(extend("x-type" = "`Operating`, `Idle`, `Building(months_left: M)`"))]
    #[schemars(extend("x-range" = "M 0–600"))]
    pub status: FacilityStatus,
    /// Capacity the owners add each year on their own while operating.
    #[serde(default)]
    #[schemars(range(min = -0.5, max = 1))]
    pub growth: f64,
    /// Nation whose technology the plant uses; its output counts as that nation's under
    /// extraterritorial rules.
    #[serde(default)]
    #[schemars(extend("x-type" = "`Some(\"nation\")` or `None`"))]
    #[schemars(extend("x-range" = "not the host"))]
    pub technology: Option<String>,
}

fn default_status() -> FacilityStatus {
    FacilityStatus::Operating
}
