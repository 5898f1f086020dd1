//! Nation entities: their components and the order they are processed in.

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::catalog::{GoodIdx, NationIdx};
use crate::scenario::schema::{ConcessionStyle, Seat};

/// Marks a nation entity; `idx` is its index in the catalog and its processing order.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nation {
    pub idx: NationIdx,
}

/// Who plays the nation.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Controller(pub Seat);

#[derive(Component, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Leader {
    pub name: String,
    pub hawkishness: f64,
    pub patience: f64,
    pub style: ConcessionStyle,
}

/// The nation's economy and standing at home.
#[derive(Component, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Economy {
    /// GDP per year at the start, $M.
    pub gdp_base: f64,
    /// Trend growth per year.
    pub growth: f64,
    /// GDP index: 100 at the start, following trend growth less shortage losses.
    pub gdp_index: f64,
    /// The index with trend growth only (no losses).
    pub trend_index: f64,
    pub approval: f64,
    /// Level approval returns to when nothing happens.
    pub approval_anchor: f64,
    /// $M.
    pub treasury: f64,
    pub treasury_start: f64,
    /// Sector value planned and lost this turn, $M.
    pub planned_value: f64,
    pub lost_value: f64,
    /// Value added by the nation's facilities this turn at local prices, $M, and in the first
    /// turn (the reference its changes are measured from).
    pub producer_value: f64,
    pub producer_base: f64,
    /// Lasting shift of GDP from effects (share), for trade the model does not carry.
    pub gdp_shift: f64,
}

impl Economy {
    /// Share of planned sector value lost this turn.
    pub fn shortage(&self) -> f64 {
        if self.planned_value > 0.0 {
            self.lost_value / self.planned_value
        } else {
            0.0
        }
    }
}

/// Inventories per good (indexed by [`GoodIdx`]).
#[derive(Component, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stocks {
    /// Held by firms; traded and used.
    pub commercial: Vec<f64>,
    /// Held by the government; released to firms in shortages when policy allows.
    pub reserve: Vec<f64>,
}

impl Stocks {
    pub fn total(&self, g: GoodIdx) -> f64 {
        self.commercial[g] + self.reserve[g]
    }
}

/// Directed relations: this nation's trust in and tension with every nation.
#[derive(Component, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relations {
    pub trust: Vec<f64>,
    pub tension: Vec<f64>,
    /// Tension this nation settles back to when nothing presses on it.
    pub tension_base: Vec<f64>,
    pub trust_base: Vec<f64>,
}

/// One end-use sector at home.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectorState {
    /// Index into the catalog's sector types.
    pub sector: usize,
    /// Planned activity per year.
    pub level: f64,
    /// Growth factor per month (from the yearly growth).
    pub monthly_growth: f64,
    /// Activity planned this turn (per month): the trend less what dear inputs price out.
    pub planned: f64,
    /// Activity achieved this turn (per month), after any physical shortage.
    pub achieved: f64,
}

#[derive(Component, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sectors(pub Vec<SectorState>);

/// How intensively users use each good, relative to the start (1 = as at the start).
/// It drifts toward what prices justify: thrift and substitution when a good stays dear.
#[derive(Component, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Intensity(pub Vec<f64>);

/// Per-good flows of the last turn and their moving averages, used by scores and reports.
#[derive(Component, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flows {
    /// Commercial plus reserve stock at the start of the turn.
    pub opening: Vec<f64>,
    pub produced: Vec<f64>,
    /// Of which by state-owned firms.
    pub produced_state: Vec<f64>,
    pub used: Vec<f64>,
    pub consumed: Vec<f64>,
    pub imported: Vec<f64>,
    pub exported: Vec<f64>,
    /// Moving average of import reliance per good (net imports / apparent consumption).
    pub reliance: Vec<f64>,
    /// Moving average of the share of world production per good.
    pub world_share: Vec<f64>,
    /// Import reliance and world share in the first turn: the status quo scores measure from.
    pub baseline_reliance: Vec<f64>,
    pub baseline_share: Vec<f64>,
    /// Moving average of achieved / planned sector value.
    pub security: f64,
    /// Facilities' planned input need per good (per month), before stock limits.
    pub facility_need: Vec<f64>,
}

impl Flows {
    pub fn new(goods: usize) -> Flows {
        Flows {
            opening: vec![0.0; goods],
            produced: vec![0.0; goods],
            produced_state: vec![0.0; goods],
            used: vec![0.0; goods],
            consumed: vec![0.0; goods],
            imported: vec![0.0; goods],
            exported: vec![0.0; goods],
            reliance: vec![0.0; goods],
            world_share: vec![0.0; goods],
            baseline_reliance: vec![0.0; goods],
            baseline_share: vec![0.0; goods],
            security: 1.0,
            facility_need: vec![0.0; goods],
        }
    }
}

/// Where the value of the nation's commercial stock of each good comes from,
/// `[good][origin nation]`, each 0–1: the share of value from that nation's material, or 1 when
/// the good was made with that nation's technology. Extraterritorial rules read it.
#[derive(Component, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Content(pub Vec<Vec<f64>>);

impl Content {
    /// Mixes `added` units of content `from` into a stock of `held` units.
    pub fn mix(&mut self, good: GoodIdx, held: f64, added: f64, from: &[f64]) {
        let total = held + added;
        if added <= 0.0 || total <= 0.0 {
            return;
        }
        for (c, f) in self.0[good].iter_mut().zip(from) {
            *c = (*c * held + f * added) / total;
        }
    }
}

/// Firms' precautionary stockpiling: a multiplier on their stock cover target per good, raised
/// by rising prices and by licence denials, easing back when both calm.
#[derive(Component, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Precaution {
    pub factor: Vec<f64>,
    /// Moving average of the share of licence volume denied on this nation's imports.
    pub denial: Vec<f64>,
}

/// How a nation's users have adapted to past supply shocks: what they redesigned, whom they
/// no longer trust. Both outlast the prices that caused them.
#[derive(Component, Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Adaptation {
    /// Per good, the lowest input intensity users have reached: a redesign stays, so when
    /// prices fall only part of the saving comes back (`market.thrift_return`).
    pub redesign: Vec<f64>,
    /// Per good, the premium (a share of the landed price) this nation's buyers put on each
    /// supplier whose controls cut them off; it fades with `market.supplier_risk_half_life`.
    /// Suppliers never distrusted are not listed. (Saves that list a premium for every
    /// supplier read the same.)
    #[serde(deserialize_with = "distrust_from_either")]
    pub supplier_risk: Vec<Distrust>,
}

/// A buyer's premiums on the suppliers it distrusts, `(exporter, premium)` by exporter.
pub type Distrust = Vec<(NationIdx, f64)>;

/// The premium `d` puts on exporter `e` (0 if none).
pub fn premium_on(d: &Distrust, e: NationIdx) -> f64 {
    d.binary_search_by_key(&e, |x| x.0).map_or(0.0, |k| d[k].1)
}

fn distrust_from_either<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Distrust>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Listed(Vec<Distrust>),
        EverySupplier(Vec<Vec<f64>>),
    }
    Ok(match Stored::deserialize(d)? {
        Stored::Listed(v) => v,
        Stored::EverySupplier(v) => v
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .enumerate()
                    .filter(|(_, r)| *r != 0.0)
                    .collect()
            })
            .collect(),
    })
}

impl Adaptation {
    /// No redesign and no distrust yet.
    pub fn new(goods: usize) -> Self {
        Adaptation {
            redesign: vec![1.0; goods],
            supplier_risk: vec![Vec::new(); goods],
        }
    }

    /// The premium this nation's buyers put on exporter `e` of good `g`.
    pub fn risk(&self, g: usize, e: NationIdx) -> f64 {
        self.supplier_risk.get(g).map_or(0.0, |d| premium_on(d, e))
    }

    /// Fills what a save from before adaptation was modelled lacks: the intensity reached
    /// stands for the redesign, and no supplier is distrusted.
    pub fn fit(&mut self, intensity: &[f64], nations: usize) {
        if self.redesign.len() != intensity.len() {
            self.redesign = intensity.iter().map(|&x| x.min(1.0)).collect();
        }
        if self.supplier_risk.len() != intensity.len()
            || self
                .supplier_risk
                .iter()
                .any(|d| d.iter().any(|&(e, _)| e >= nations))
        {
            self.supplier_risk = vec![Vec::new(); intensity.len()];
        }
    }
}

/// What the nation is scored on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Metric {
    GdpIndex,
    Approval,
    Treasury,
    SupplySecurity,
    ImportReliance(GoodIdx),
    WorldShare(GoodIdx),
    SectorOutput(usize),
}

#[derive(Component, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Objectives(pub Vec<(Metric, f64)>);

#[derive(Component, Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Score {
    /// This turn's score, 0–100.
    pub current: f64,
    /// Sum of per-turn scores (the final score is their mean).
    pub total: f64,
    pub turns: u32,
}

impl Score {
    pub fn mean(&self) -> f64 {
        if self.turns == 0 {
            0.0
        } else {
            self.total / self.turns as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn premiums_read_the_same_listed_or_for_every_supplier() {
        let listed: Adaptation =
            serde_json::from_str(r#"{"redesign":[1.0],"supplier_risk":[[[1,0.25]]]}"#).unwrap();
        let every: Adaptation =
            serde_json::from_str(r#"{"redesign":[1.0],"supplier_risk":[[0.0,0.25,0.0]]}"#).unwrap();
        assert_eq!(listed, every);
        assert_eq!(every.risk(0, 1), 0.25);
        assert_eq!(every.risk(0, 2), 0.0);
        assert_eq!(every.risk(3, 0), 0.0);
        // Written back, only the distrusted supplier is listed.
        assert_eq!(
            serde_json::to_string(&every).unwrap(),
            r#"{"redesign":[1.0],"supplier_risk":[[[1,0.25]]]}"#
        );
    }
}
