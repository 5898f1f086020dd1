//! Ids in a scenario file resolved to the sim's indices (a validated scenario resolves; a
//! failure is a bug, reported as a [`SpawnError`]).

use super::*;

pub(super) struct Resolver<'a> {
    pub(super) s: &'a Scenario,
}

impl Resolver<'_> {
    pub(super) fn find<'b>(
        &self,
        kind: &str,
        ids: impl Iterator<Item = &'b str>,
        id: &str,
    ) -> Result<usize, SpawnError> {
        let mut ids = ids;
        ids.position(|x| x == id)
            .ok_or_else(|| SpawnError(format!("unknown {kind} `{id}`")))
    }
    pub(super) fn good(&self, id: &str) -> Result<usize, SpawnError> {
        self.find("good", self.s.goods.iter().map(|g| g.id.as_str()), id)
    }
    pub(super) fn nation(&self, id: &str) -> Result<usize, SpawnError> {
        self.find("nation", self.s.nations.iter().map(|g| g.id.as_str()), id)
    }
    pub(super) fn recipe(&self, id: &str) -> Result<usize, SpawnError> {
        self.find("recipe", self.s.recipes.iter().map(|g| g.id.as_str()), id)
    }
    pub(super) fn sector(&self, id: &str) -> Result<usize, SpawnError> {
        self.find("sector", self.s.sectors.iter().map(|g| g.id.as_str()), id)
    }
    pub(super) fn facility(&self, id: &str) -> Result<usize, SpawnError> {
        self.find(
            "facility",
            self.s.facilities.iter().map(|g| g.id.as_str()),
            id,
        )
    }
    pub(super) fn event(&self, id: &str) -> Result<usize, SpawnError> {
        self.find("event", self.s.events.iter().map(|g| g.id.as_str()), id)
    }
    pub(super) fn issue(&self, id: &str) -> Result<usize, SpawnError> {
        self.find("issue", self.s.issues.iter().map(|g| g.id.as_str()), id)
    }
    pub(super) fn flows(&self, flows: &[schema::Flow]) -> Result<Vec<(usize, f64)>, SpawnError> {
        flows.iter().map(|(g, q)| Ok((self.good(g)?, *q))).collect()
    }
    pub(super) fn nations(&self, sel: &schema::Nations) -> Result<NationSel, SpawnError> {
        let list = |v: &[String]| {
            v.iter()
                .map(|n| self.nation(n))
                .collect::<Result<Vec<_>, _>>()
        };
        Ok(match sel {
            schema::Nations::All => NationSel::All,
            schema::Nations::Only(v) => NationSel::Only(list(v)?),
            schema::Nations::AllExcept(v) => NationSel::AllExcept(list(v)?),
        })
    }
    pub(super) fn goods(&self, sel: &schema::Goods) -> Result<GoodSel, SpawnError> {
        Ok(match sel {
            schema::Goods::All => GoodSel::All,
            schema::Goods::Only(v) => GoodSel::Only(
                v.iter()
                    .map(|g| self.good(g))
                    .collect::<Result<Vec<_>, _>>()?,
            ),
        })
    }
    pub(super) fn metric(&self, m: &schema::Metric) -> Result<Metric, SpawnError> {
        Ok(match m {
            schema::Metric::GdpIndex => Metric::GdpIndex,
            schema::Metric::Approval => Metric::Approval,
            schema::Metric::Treasury => Metric::Treasury,
            schema::Metric::SupplySecurity => Metric::SupplySecurity,
            schema::Metric::ImportReliance(g) => Metric::ImportReliance(self.good(g)?),
            schema::Metric::WorldShare(g) => Metric::WorldShare(self.good(g)?),
            schema::Metric::SectorOutput(s) => Metric::SectorOutput(self.sector(s)?),
        })
    }
    pub(super) fn condition(
        &self,
        c: &schema::Condition,
    ) -> Result<catalog::Condition, SpawnError> {
        use catalog::Condition as C;
        use schema::Condition as S;
        Ok(match c {
            S::TurnAtLeast(t) => C::TurnAtLeast(*t),
            S::PriceAbove {
                good,
                region,
                factor,
            } => C::PriceAbove {
                good: self.good(good)?,
                region: self.nation(region)?,
                factor: *factor,
            },
            S::PriceBelow {
                good,
                region,
                factor,
            } => C::PriceBelow {
                good: self.good(good)?,
                region: self.nation(region)?,
                factor: *factor,
            },
            S::TensionAbove { from, to, value } => C::TensionAbove {
                from: self.nation(from)?,
                to: self.nation(to)?,
                value: *value,
            },
            S::ShortageAbove { nation, value } => C::ShortageAbove {
                nation: self.nation(nation)?,
                value: *value,
            },
            S::ApprovalBelow { nation, value } => C::ApprovalBelow {
                nation: self.nation(nation)?,
                value: *value,
            },
            S::EventFired { event, turns } => C::EventFired {
                event: self.event(event)?,
                turns: *turns,
            },
            S::AgreementInForce { parties, issue } => C::AgreementInForce {
                parties: parties
                    .iter()
                    .map(|p| self.nation(p))
                    .collect::<Result<_, _>>()?,
                issue: issue.as_deref().map(|i| self.issue(i)).transpose()?,
            },
            S::All(v) => C::All(
                v.iter()
                    .map(|c| self.condition(c))
                    .collect::<Result<_, _>>()?,
            ),
            S::Any(v) => C::Any(
                v.iter()
                    .map(|c| self.condition(c))
                    .collect::<Result<_, _>>()?,
            ),
            S::Not(c) => C::Not(Box::new(self.condition(c)?)),
        })
    }
    pub(super) fn regime(&self, r: &schema::Regime) -> Regime {
        regime_of(r)
    }

    /// Resolves an order given in the file's syntax.
    pub(crate) fn order(&self, o: &schema::OrderSpec) -> Result<Order, SpawnError> {
        use schema::OrderSpec as S;
        Ok(match o {
            S::SetExportRegime { goods, to, regime } => Order::SetExportRegime(ExportRule {
                goods: self.goods(goods)?,
                to: self.nations(to)?,
                regime: self.regime(regime),
                expires: None,
            }),
            S::SetTariff { from, goods, rate } => Order::SetTariff(TariffRule {
                from: self.nations(from)?,
                goods: self.goods(goods)?,
                rate: *rate,
            }),
            S::SetProductionQuota { process, limit } => Order::SetProductionQuota {
                process: *process,
                limit: *limit,
            },
            S::SetExportQuota { good, limit } => Order::SetExportQuota {
                good: self.good(good)?,
                limit: *limit,
            },
            S::SetExtraterritorial {
                goods,
                threshold,
                to,
                regime,
            } => Order::SetExtraterritorial(ExtraterritorialRule {
                goods: self.goods(goods)?,
                threshold: *threshold,
                to: self.nations(to)?,
                regime: self.regime(regime),
            }),
            S::SetTechBan { processes, to } => Order::SetTechBan(TechBan {
                processes: processes.clone(),
                to: self.nations(to)?,
            }),
            S::SetFirmRules(rules) => Order::SetFirmRules(rules.clone()),
            S::SetStockCover(m) => Order::SetStockCover(*m),
            S::SetReserveRelease(b) => Order::SetReserveRelease(*b),
            S::SetReserveTarget { good, months } => Order::SetReserveTarget {
                good: self.good(good)?,
                months: *months,
            },
            S::ReleaseReserve { good, quantity } => Order::ReleaseReserve {
                good: self.good(good)?,
                quantity: *quantity,
            },
            S::Invest {
                recipe,
                host,
                capacity,
                owner,
                subsidy,
            } => Order::Invest(Investment {
                recipe: self.recipe(recipe)?,
                host: host.as_deref().map(|h| self.nation(h)).transpose()?,
                capacity: *capacity,
                owner: *owner,
                subsidy: *subsidy,
            }),
            S::SetFacilityStatus {
                facility,
                operating,
            } => Order::SetFacilityStatus {
                facility: self.facility(facility)?,
                operating: *operating,
            },
        })
    }

    pub(super) fn effect(&self, e: &schema::Effect) -> Result<catalog::Effect, SpawnError> {
        use catalog::Effect as C;
        use schema::Effect as S;
        Ok(match e {
            S::Order { .. }
            | S::ExportRegime { .. }
            | S::Tariff { .. }
            | S::ProductionQuota { .. }
            | S::ExportQuota { .. } => {
                let (nation, spec) = e
                    .as_order()
                    .ok_or_else(|| SpawnError("an order effect without an order".into()))?;
                C::Order {
                    nation: self.nation(nation)?,
                    order: self.order(&spec)?,
                }
            }
            S::Capacity { facility, factor } => C::Capacity {
                facility: self.facility(facility)?,
                factor: *factor,
            },
            S::Status { facility, status } => C::Status {
                facility: self.facility(facility)?,
                status: status_of(status),
            },
            S::Demand {
                nation,
                sector,
                factor,
            } => C::Demand {
                nation: self.nation(nation)?,
                sector: self.sector(sector)?,
                factor: *factor,
            },
            S::Relation {
                from,
                to,
                trust,
                tension,
            } => C::Relation {
                from: self.nation(from)?,
                to: self.nation(to)?,
                trust: *trust,
                tension: *tension,
            },
            S::Approval { nation, change } => C::Approval {
                nation: self.nation(nation)?,
                change: *change,
            },
            S::Treasury { nation, change } => C::Treasury {
                nation: self.nation(nation)?,
                change: *change,
            },
            S::Gdp { nation, change } => C::Gdp {
                nation: self.nation(nation)?,
                change: *change,
            },
        })
    }
}
