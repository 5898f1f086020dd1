//! Checks that a loaded state fits the scenario it claims to belong to, before any of it
//! reaches a game: every per-good and per-nation table has the right size, every index points
//! at something that exists, every number is finite. A save that passes its checksum but was
//! edited (or written by a buggy build) is refused here with the first problem found, rather
//! than crashing the game later.

use crate::ai::AiState;
use crate::sim::catalog::{Catalog, Effect, GoodSel, NationSel};
use crate::sim::facilitator::Intervention;
use crate::sim::orders::{Inputs, Order};
use crate::sim::report::Report;
use crate::sim::snapshot::SimState;

/// The first problem, as `where: what`.
pub type Problem = String;

struct Dims {
    goods: usize,
    nations: usize,
    recipes: usize,
    sectors: usize,
    events: usize,
    issues: usize,
}

impl Dims {
    fn of(c: &Catalog) -> Dims {
        Dims {
            goods: c.goods.len(),
            nations: c.nations.len(),
            recipes: c.recipes.len(),
            sectors: c.sectors.len(),
            events: c.events.len(),
            issues: c.issues.len(),
        }
    }
}

fn len(what: &str, got: usize, want: usize) -> Result<(), Problem> {
    if got == want {
        Ok(())
    } else {
        Err(format!(
            "{what}: {got} entries where the scenario needs {want}"
        ))
    }
}

fn index(what: &str, i: usize, n: usize) -> Result<(), Problem> {
    if i < n {
        Ok(())
    } else {
        Err(format!(
            "{what}: index {i} out of range (0–{})",
            n.saturating_sub(1)
        ))
    }
}

fn goods_sel(what: &str, s: &GoodSel, d: &Dims) -> Result<(), Problem> {
    if let GoodSel::Only(v) = s {
        for &g in v {
            index(what, g, d.goods)?;
        }
    }
    Ok(())
}

fn nations_sel(what: &str, s: &NationSel, d: &Dims) -> Result<(), Problem> {
    match s {
        NationSel::All => Ok(()),
        NationSel::Only(v) | NationSel::AllExcept(v) => {
            v.iter().try_for_each(|&n| index(what, n, d.nations))
        }
    }
}

/// A measure noted to go back later (an agreement's term, an event's time-limited order): its
/// party, its order and the rule it replaced refer to nations and goods there are.
fn suspension(what: &str, s: &crate::sim::lapse::Suspension, d: &Dims) -> Result<(), Problem> {
    use crate::sim::lapse::Lever;
    index(what, s.party, d.nations)?;
    order(what, &s.term, d)?;
    match &s.prior {
        Lever::Export(Some(r)) => {
            goods_sel(what, &r.goods, d)?;
            nations_sel(what, &r.to, d)
        }
        Lever::Tariff(Some(r)) => {
            goods_sel(what, &r.goods, d)?;
            nations_sel(what, &r.from, d)
        }
        Lever::Extraterritorial(Some(r)) => {
            goods_sel(what, &r.goods, d)?;
            nations_sel(what, &r.to, d)
        }
        Lever::TechBan(Some(r)) => nations_sel(what, &r.to, d),
        _ => Ok(()),
    }
}

/// The indices an order refers to.
fn order(what: &str, o: &Order, d: &Dims) -> Result<(), Problem> {
    match o {
        Order::SetExportRegime(r) => {
            goods_sel(what, &r.goods, d)?;
            nations_sel(what, &r.to, d)
        }
        Order::SetTariff(r) => {
            goods_sel(what, &r.goods, d)?;
            nations_sel(what, &r.from, d)
        }
        Order::SetExtraterritorial(r) => {
            goods_sel(what, &r.goods, d)?;
            nations_sel(what, &r.to, d)
        }
        Order::SetExportQuota { good, .. }
        | Order::SetReserveTarget { good, .. }
        | Order::ReleaseReserve { good, .. } => index(what, *good, d.goods),
        Order::Invest(i) => {
            index(what, i.recipe, d.recipes)?;
            i.host.map_or(Ok(()), |h| index(what, h, d.nations))
        }
        Order::SetTechBan(b) => nations_sel(what, &b.to, d),
        _ => Ok(()),
    }
}

/// Every number in a value is finite (JSON has no NaN or infinity, but a hand-edited file
/// could carry numbers too large for an f64).
fn finite(what: &str, v: &serde_json::Value) -> Result<(), Problem> {
    match v {
        serde_json::Value::Number(n) => {
            if n.as_f64().is_some_and(f64::is_finite) || n.is_u64() || n.is_i64() {
                Ok(())
            } else {
                Err(format!("{what}: a number out of range ({n})"))
            }
        }
        serde_json::Value::Array(a) => a.iter().try_for_each(|x| finite(what, x)),
        serde_json::Value::Object(o) => o.values().try_for_each(|x| finite(what, x)),
        _ => Ok(()),
    }
}

pub fn state(s: &SimState, c: &Catalog) -> Result<(), Problem> {
    let d = Dims::of(c);
    if s.clock.turn > crate::scenario::validate::MAX_TURNS {
        return Err(format!(
            "turn {} is past the last a game can reach",
            s.clock.turn
        ));
    }
    len("nations", s.nations.len(), d.nations)?;
    for (i, n) in s.nations.iter().enumerate() {
        nation(i, n, &d)?;
    }
    for (f, m) in [
        ("prices", &s.market.price),
        ("price averages", &s.market.price_average),
        ("expected use", &s.market.expected_use),
    ] {
        len(f, m.len(), d.goods)?;
        for row in m {
            len(f, row.len(), d.nations)?;
        }
    }
    for k in s
        .licences
        .applications
        .iter()
        .map(|a| a.key)
        .chain(s.licences.permits.iter().map(|p| p.key))
    {
        index("licence authority", k.authority, d.nations)?;
        index("licence good", k.good, d.goods)?;
        index("licence exporter", k.exporter, d.nations)?;
        index("licence importer", k.importer, d.nations)?;
    }
    len("events fired", s.events.fired.len(), d.events)?;
    for &(a, b) in s.summits.last.keys() {
        index("summit log", a, d.nations)?;
        index("summit log", b, d.nations)?;
    }
    for &(g, e, i) in s.asked.keys() {
        index("trade asked (good)", g, d.goods)?;
        index("trade asked (exporter)", e, d.nations)?;
        index("trade asked (importer)", i, d.nations)?;
    }
    for (k, (f, p)) in s.facilities.iter().enumerate() {
        let w = format!("facility {k}");
        index(&w, f.nation, d.nations)?;
        index(&w, f.recipe, d.recipes)?;
        if let Some(t) = f.technology {
            index(&w, t, d.nations)?;
        }
        if let Some(p) = p {
            index(&w, p.funder, d.nations)?;
        }
    }
    for (k, a) in s.agreements.iter().enumerate() {
        let w = format!("agreement {k}");
        for &p in &a.parties {
            index(&w, p, d.nations)?;
        }
        len(&w, a.package.len(), a.agenda.len())?;
        for (&i, &o) in a.agenda.iter().zip(&a.package) {
            index(&w, i, d.issues)?;
            index(&w, o, c.issues[i].options.len())?;
        }
        for (by, o) in &a.terms {
            index(&w, *by, d.nations)?;
            order(&w, o, &d)?;
        }
        for s in &a.suspended {
            suspension(&w, s, &d)?;
        }
    }
    for (k, t) in s.timed.0.iter().enumerate() {
        suspension(&format!("time-limited measure {k}"), &t.suspension, &d)?;
    }
    for (k, m) in s.pending.iter().enumerate() {
        effect(
            &format!("pending effect {k}"),
            &m.effect,
            &d,
            s.facilities.len(),
        )?;
    }
    let v = serde_json::to_value(s).map_err(|e| format!("state: {e}"))?;
    finite("state", &v)
}

/// One nation's state: every list as long as the scenario's goods or nations, every index in
/// range, every policy a valid order.
fn nation(i: usize, n: &crate::sim::snapshot::NationState, d: &Dims) -> Result<(), Problem> {
    let w = |f: &str| format!("nation {i} {f}");
    if n.nation.idx != i {
        return Err(format!("nation {i}: recorded as nation {}", n.nation.idx));
    }
    len(&w("commercial stocks"), n.stocks.commercial.len(), d.goods)?;
    len(&w("reserves"), n.stocks.reserve.len(), d.goods)?;
    for (f, v) in [
        ("trust", &n.relations.trust),
        ("tension", &n.relations.tension),
        ("tension base", &n.relations.tension_base),
        ("trust base", &n.relations.trust_base),
    ] {
        len(&w(f), v.len(), d.nations)?;
    }
    for sec in &n.sectors.0 {
        index(&w("sector"), sec.sector, d.sectors)?;
    }
    len(&w("intensity"), n.intensity.0.len(), d.goods)?;
    let fl = &n.flows;
    for (f, v) in [
        ("opening", &fl.opening),
        ("produced", &fl.produced),
        ("produced by state firms", &fl.produced_state),
        ("used", &fl.used),
        ("consumed", &fl.consumed),
        ("imported", &fl.imported),
        ("exported", &fl.exported),
        ("reliance", &fl.reliance),
        ("world share", &fl.world_share),
        ("baseline reliance", &fl.baseline_reliance),
        ("baseline share", &fl.baseline_share),
        ("facility need", &fl.facility_need),
    ] {
        len(&w(f), v.len(), d.goods)?;
    }
    let p = &n.policies;
    for (k, r) in p.exports.iter().enumerate() {
        order(
            &w(&format!("export rule {k}")),
            &Order::SetExportRegime(r.clone()),
            d,
        )?;
    }
    for (k, r) in p.tariffs.iter().enumerate() {
        order(
            &w(&format!("tariff rule {k}")),
            &Order::SetTariff(r.clone()),
            d,
        )?;
    }
    for (k, r) in p.extraterritorial.iter().enumerate() {
        order(
            &w(&format!("extraterritorial rule {k}")),
            &Order::SetExtraterritorial(r.clone()),
            d,
        )?;
    }
    for (k, b) in p.tech_bans.iter().enumerate() {
        nations_sel(&w(&format!("technology ban {k}")), &b.to, d)?;
    }
    len(&w("export quotas"), p.export_quotas.len(), d.goods)?;
    len(&w("reserve targets"), p.reserve_targets.len(), d.goods)?;
    for (m, _) in &n.objectives.0 {
        use crate::sim::nation::Metric;
        match m {
            Metric::ImportReliance(g) | Metric::WorldShare(g) => {
                index(&w("objective"), *g, d.goods)?
            }
            Metric::SectorOutput(x) => index(&w("objective"), *x, d.sectors)?,
            _ => {}
        }
    }
    len(&w("origin content"), n.content.0.len(), d.goods)?;
    for row in &n.content.0 {
        len(&w("origin content"), row.len(), d.nations)?;
    }
    len(&w("precaution"), n.precaution.factor.len(), d.goods)?;
    len(&w("denial"), n.precaution.denial.len(), d.goods)?;
    Ok(())
}

/// The indices an effect refers to.
fn effect(what: &str, e: &Effect, d: &Dims, facilities: usize) -> Result<(), Problem> {
    match e {
        Effect::Order { nation, order: o } => {
            index(what, *nation, d.nations)?;
            order(what, o, d)
        }
        Effect::Capacity { facility, .. } | Effect::Status { facility, .. } => {
            index(what, *facility, facilities)
        }
        Effect::Demand { nation, sector, .. } => {
            index(what, *nation, d.nations)?;
            index(what, *sector, d.sectors)
        }
        Effect::Relation { from, to, .. } => {
            index(what, *from, d.nations)?;
            index(what, *to, d.nations)
        }
        Effect::Approval { nation, .. }
        | Effect::Treasury { nation, .. }
        | Effect::Gdp { nation, .. } => index(what, *nation, d.nations),
    }
}

pub fn report(r: &Report, c: &Catalog) -> Result<(), Problem> {
    let (g, n) = (c.goods.len(), c.nations.len());
    for m in &r.metrics {
        index("report metrics", m.nation, n)?;
    }
    for x in &r.goods {
        index("report goods", x.nation, n)?;
        index("report goods", x.good, g)?;
    }
    for x in &r.prices {
        index("report prices", x.region, n)?;
        index("report prices", x.good, g)?;
    }
    for x in &r.trade {
        index("report trade", x.from, n)?;
        index("report trade", x.to, n)?;
        index("report trade", x.good, g)?;
    }
    for x in &r.licences {
        index("report licences", x.key.authority, n)?;
        index("report licences", x.key.good, g)?;
        index("report licences", x.key.exporter, n)?;
        index("report licences", x.key.importer, n)?;
    }
    for x in &r.orders {
        index("report orders", x.actor, n)?;
    }
    let v = serde_json::to_value(r).map_err(|e| format!("report: {e}"))?;
    finite("report", &v)
}

pub fn inputs(i: &Inputs, c: &Catalog, facilities: usize) -> Result<(), Problem> {
    let d = Dims::of(c);
    for (k, o) in i.orders.iter().enumerate() {
        let w = format!("recorded order {k}");
        index(&w, o.actor, d.nations)?;
        order(&w, &o.order, &d)?;
    }
    for (k, m) in i.moves.iter().enumerate() {
        index(&format!("recorded summit move {k}"), m.party, d.nations)?;
    }
    for (k, x) in i.interventions.iter().enumerate() {
        let w = format!("recorded intervention {k}");
        match &x.intervention {
            Intervention::Inject { effects, .. } => {
                for e in effects {
                    effect(&w, e, &d, facilities)?;
                }
            }
            Intervention::Seat { nation, .. } => index(&w, *nation, d.nations)?,
        }
    }
    Ok(())
}

pub fn ai(a: &AiState, c: &Catalog) -> Result<(), Problem> {
    let n = c.nations.len();
    for &k in a.settings.nations.keys() {
        index("AI settings", k, n)?;
    }
    for (after, s) in &a.history {
        if *after > crate::scenario::validate::MAX_TURNS {
            return Err(format!("AI settings history: turn {after} out of range"));
        }
        for &k in s.nations.keys() {
            index("AI settings history", k, n)?;
        }
    }
    for &(k, _) in a.memory.last.keys() {
        index("AI memory", k, n)?;
    }
    for x in &a.log {
        index("AI log", x.nation, n)?;
    }
    Ok(())
}
