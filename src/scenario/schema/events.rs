//! What happens in a scenario: events (triggers, conditions, effects), scripted orders, and
//! the issues and summits negotiated over.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::*;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
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
    /// An agreement that all of `parties` signed is in force (not yet expired, breached or
    /// superseded); with `issue`, one that settles that issue.
    AgreementInForce {
        #[schemars(extend("x-type" = "list of nation ids"))]
        #[schemars(extend("x-range" = "at least 1"))]
        parties: Vec<String>,
        #[serde(default)]
        #[schemars(extend("x-type" = "`Some(\"issue\")` or `None`"))]
        issue: Option<String>,
    },
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

/// Who owns a new project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ProjectOwner {
    /// The state pays all of it.
    State,
    /// Private firms build it; the state pays `subsidy` of the cost.
    Private,
}

/// One change to the acting nation's levers: the order syntax of `--orders` files and of the
/// `Order` effect. The acting nation is given beside the order, never inside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub enum OrderSpec {
    /// Adds an export rule (overriding earlier rules where they overlap).
    SetExportRegime {
        goods: Goods,
        to: Nations,
        regime: Regime,
    },
    /// Adds a tariff rule on imports.
    SetTariff {
        from: Nations,
        goods: Goods,
        rate: f64,
    },
    /// Sets (`Some(runs per year)`) or lifts (`None`) a production quota.
    SetProductionQuota {
        process: Process,
        limit: Option<f64>,
    },
    /// Sets or lifts an export quota (units per year).
    SetExportQuota {
        good: String,
        limit: Option<f64>,
    },
    /// Adds a rule on goods made abroad from this nation's material or technology.
    SetExtraterritorial {
        goods: Goods,
        threshold: f64,
        to: Nations,
        regime: Regime,
    },
    /// Bans exporting the technology of these processes to `to` (an empty list lifts the
    /// ban for that selection).
    SetTechBan {
        processes: Vec<Process>,
        to: Nations,
    },
    SetFirmRules(FirmRules),
    /// Months of use firms aim to hold.
    SetStockCover(f64),
    /// Whether the strategic reserve is released to firms in shortages.
    SetReserveRelease(bool),
    /// Strategic reserve target for a good in months of use (`None` drops it).
    SetReserveTarget {
        good: String,
        months: Option<f64>,
    },
    /// Sells this much of the strategic reserve to firms now.
    ReleaseReserve {
        good: String,
        quantity: f64,
    },
    /// Starts a facility project in `host` (default: the acting nation; another host makes it
    /// the acting nation's foreign investment).
    Invest {
        recipe: String,
        #[serde(default)]
        host: Option<String>,
        /// Runs per year at full capacity.
        capacity: f64,
        owner: ProjectOwner,
        /// Share of the cost the acting nation pays for a private project (0–1).
        #[serde(default)]
        subsidy: f64,
    },
    /// Idles (`false`) or reopens (`true`) one of the acting nation's facilities.
    SetFacilityStatus {
        facility: String,
        operating: bool,
    },
}

/// A file of scripted orders for `chokepoint run --orders FILE`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderScript {
    pub orders: Vec<ScriptedOrder>,
}

/// An order given by a nation at the start of a turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScriptedOrder {
    pub turn: u32,
    pub nation: String,
    pub order: OrderSpec,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub enum Effect {
    /// Any order, given by `nation` (through the order path).
    Order {
        nation: String,
        order: OrderSpec,
    },
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
    /// Shifts the nation's GDP for good by this share (`0.001` = +0.1%): for trade the model
    /// does not carry, such as tariffs on all other goods.
    Gdp {
        nation: String,
        change: f64,
    },
}

impl Effect {
    /// The order an effect gives, with the nation that gives it: `Order` effects and the
    /// shorthand policy effects (`ExportRegime`, `Tariff`, `ProductionQuota`, `ExportQuota`).
    pub fn as_order(&self) -> Option<(&str, OrderSpec)> {
        Some(match self {
            Effect::Order { nation, order } => (nation, order.clone()),
            Effect::ExportRegime {
                nation,
                goods,
                to,
                regime,
            } => (
                nation,
                OrderSpec::SetExportRegime {
                    goods: goods.clone(),
                    to: to.clone(),
                    regime: regime.clone(),
                },
            ),
            Effect::Tariff {
                nation,
                from,
                goods,
                rate,
            } => (
                nation,
                OrderSpec::SetTariff {
                    from: from.clone(),
                    goods: goods.clone(),
                    rate: *rate,
                },
            ),
            Effect::ProductionQuota {
                nation,
                process,
                limit,
            } => (
                nation,
                OrderSpec::SetProductionQuota {
                    process: *process,
                    limit: *limit,
                },
            ),
            Effect::ExportQuota {
                nation,
                good,
                limit,
            } => (
                nation,
                OrderSpec::SetExportQuota {
                    good: good.clone(),
                    limit: *limit,
                },
            ),
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    #[schemars(extend("x-type" = "id"))]
    pub id: String,
    /// Posted to the news when it fires.
    pub headline: String,
    pub trigger: Trigger,
    /// May fire again (every turn its trigger holds).
    #[serde(default)]
    pub repeat: bool,
    /// Applied in order.
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// How long the levers it sets hold (a 90-day tariff truce, a time-limited ban): after
    /// this many months each measure its effects set that is still as the event left it goes
    /// back to what the nation had before, as an agreement's terms do when it ends; a lever
    /// changed since keeps its later order. `None`: they stay.
    #[serde(default)]
    #[schemars(extend("x-type" = "`Some(months)` or `None`"))]
    #[schemars(extend("x-range" = "1–`turns`"))]
    pub months: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueOption {
    pub label: String,
    /// What choosing this option does (the same effects events use).
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// How long an agreement including this option lasts, in months (the shortest such option
    /// in a package decides; none = the scenario's default).
    #[serde(default)]
    pub months: Option<u32>,
}

/// A negotiable issue: one lever with its options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Issue")]
pub struct AgendaIssue {
    #[schemars(extend("x-type" = "id"))]
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The first option is the status quo (usually without effects); `months` (optional) sets how
    /// long an agreement including the option lasts (the shortest in a package decides). Lever
    /// effects set explicit levels (a tariff option sets the rate), and they hold only while the
    /// agreement does: when it ends, each lever it set goes back to what its party had before,
    /// on both sides (docs/model.md, "When an agreement ends").
    #[schemars(extend("x-type" = "list of `(label: \"...\", effects: [...], months: Some(M))`"))]
    #[schemars(extend("x-range" = "at least 2; months 1–120"))]
    pub options: Vec<IssueOption>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Summit {
    #[schemars(extend("x-type" = "id"))]
    pub id: String,
    pub name: String,
    /// Turn on which it opens.
    #[schemars(extend("x-range" = "1–`turns`"))]
    #[schemars(range(min = 1))]
    pub turn: u32,
    #[schemars(extend("x-type" = "list of nation ids"))]
    #[schemars(extend("x-range" = "at least 2, no repeats"))]
    pub parties: Vec<String>,
    #[schemars(extend("x-type" = "list of issue ids"))]
    #[schemars(extend("x-range" = "at least 1"))]
    pub agenda: Vec<String>,
    /// Offer rounds before the deadline.
    #[serde(default = "default_rounds")]
    #[schemars(range(min = 1, max = 50))]
    pub rounds: u32,
}

fn default_rounds() -> u32 {
    6
}
