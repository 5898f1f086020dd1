//! The sections of a scenario, each checked by a function of its own (in the order
//! [`super::check`] calls them).

use std::collections::{BTreeMap, BTreeSet};

use super::*;

/// The scenario's own fields: format, id, texts, teacher notes, start and length.
pub(super) fn header(c: &mut Checker<'_>, s: &Scenario) {
    if s.format != FORMAT_VERSION {
        c.err(
            "format",
            format!(
                "format version {} is not supported; this build reads format {FORMAT_VERSION}",
                s.format
            ),
        );
    }
    c.id("id", &s.id);
    c.text("name", &s.name, MAX_NAME_LEN);
    c.text("description", &s.description, MAX_TEXT_LEN);
    let notes = &s.teacher_notes;
    for (path, list) in [
        ("learning_objectives", &s.learning_objectives),
        ("teacher_notes.discuss", &notes.discuss),
        ("teacher_notes.sources", &notes.sources),
    ] {
        if c.count(path, list.len(), Limits::LIST) {
            for (i, t) in list.iter().enumerate() {
                c.text(&format!("{path}[{i}]"), t, MAX_TEXT_LEN);
            }
        }
    }
    c.text("teacher_notes.history", &notes.history, MAX_TEXT_LEN);
    c.int("start.month", s.start.month, 1, 12);
    if !(1900..=2200).contains(&s.start.year) {
        c.err(
            "start.year",
            format!("{} is out of range; allowed 1900 to 2200", s.start.year),
        );
    }
    c.int("turns", s.turns, 1, MAX_TURNS);
}

/// The market, licensing, diplomacy and project settings.
pub(super) fn settings(c: &mut Checker<'_>, s: &Scenario) {
    let m = &s.market;
    c.num("market.price_adjustment", m.price_adjustment, 0.01, 1.0);
    c.num("market.min_price_factor", m.min_price_factor, 0.001, 1.0);
    c.num("market.max_price_factor", m.max_price_factor, 1.0, 1000.0);
    c.num("market.demand_adjustment", m.demand_adjustment, 0.0, 1.0);
    c.num("market.thrift_return", m.thrift_return, 0.0, 1.0);
    c.int("market.contract_months", m.contract_months, 1, 12);
    c.num("market.spot_share", m.spot_share, 0.0, 1.0);
    c.num("market.supplier_risk", m.supplier_risk, 0.0, 5.0);
    c.int(
        "market.supplier_risk_half_life",
        m.supplier_risk_half_life,
        1,
        240,
    );
    let l = &s.licensing;
    c.num("licensing.defence_factor", l.defence_factor, 0.0, 1.0);
    c.num(
        "licensing.advanced_computing_factor",
        l.advanced_computing_factor,
        0.0,
        1.0,
    );
    c.num("licensing.private_factor", l.private_factor, 0.0, 1.0);
    c.num("licensing.trust_weight", l.trust_weight, 0.0, 5.0);
    c.num("licensing.tension_weight", l.tension_weight, 0.0, 5.0);
    c.num("licensing.pipeline_share", l.pipeline_share, 0.0, 1.0);
    c.num("licensing.review_spread", l.review_spread, 0.0, 1.0);
    let d = &s.diplomacy;
    c.num("diplomacy.emergency_tension", d.emergency_tension, 0.0, 1.0);
    c.int("diplomacy.emergency_cooldown", d.emergency_cooldown, 0, 120);
    c.int("diplomacy.emergency_rounds", d.emergency_rounds, 1, 50);
    c.int("diplomacy.agreement_months", d.agreement_months, 1, 120);
    c.int("diplomacy.renewal_lead", d.renewal_lead, 0, 24);
    c.int("diplomacy.horizon_months", d.horizon_months, 1, 60);
    c.num("diplomacy.breach_trust", d.breach_trust, 0.0, 1.0);
    c.num("diplomacy.breach_tension", d.breach_tension, 0.0, 1.0);
    c.num("diplomacy.signing_trust", d.signing_trust, 0.0, 1.0);
    let pr = &s.projects;
    for (name, v, hi) in [
        ("delay_chance", pr.delay_chance, 1.0),
        ("max_delay", pr.max_delay, 5.0),
        ("overrun_chance", pr.overrun_chance, 1.0),
        ("max_overrun", pr.max_overrun, 5.0),
        ("ban_build_time", pr.ban_build_time, 5.0),
        ("ban_build_cost", pr.ban_build_cost, 5.0),
        ("ban_yield_loss", pr.ban_yield_loss, 0.9),
        ("ban_unit_cost", pr.ban_unit_cost, 5.0),
        ("learning_months", pr.learning_months, 600.0),
    ] {
        c.num(&format!("projects.{name}"), v, 0.0, hi);
    }
}

/// The lists' sizes (oversized lists are reported and not walked further), the lists a
/// scenario needs, and unique ids. Returns whether the lists may be walked.
pub(super) fn sizes(c: &mut Checker<'_>, s: &Scenario) -> bool {
    // Counts first: oversized lists are reported and not walked further.
    let sizes_ok = [
        c.count("goods", s.goods.len(), Limits::GOODS),
        c.count("recipes", s.recipes.len(), Limits::RECIPES),
        c.count("sectors", s.sectors.len(), Limits::SECTORS),
        c.count("nations", s.nations.len(), Limits::NATIONS),
        c.count("facilities", s.facilities.len(), Limits::FACILITIES),
        c.count("events", s.events.len(), Limits::EVENTS),
        c.count("issues", s.issues.len(), Limits::ISSUES),
        c.count("summits", s.summits.len(), Limits::SUMMITS),
    ];
    if sizes_ok.contains(&false) {
        return false;
    }
    for (kind, list) in [
        ("goods", &s.goods.is_empty()),
        ("recipes", &s.recipes.is_empty()),
        ("nations", &s.nations.is_empty()),
    ] {
        if *list {
            c.err(
                kind,
                format!("a scenario needs at least one entry in `{kind}`"),
            );
        }
    }

    c.unique_ids("good", "goods", s.goods.iter().map(|g| g.id.as_str()));
    c.unique_ids("recipe", "recipes", s.recipes.iter().map(|g| g.id.as_str()));
    c.unique_ids("sector", "sectors", s.sectors.iter().map(|g| g.id.as_str()));
    c.unique_ids("nation", "nations", s.nations.iter().map(|g| g.id.as_str()));
    c.unique_ids(
        "facility",
        "facilities",
        s.facilities.iter().map(|g| g.id.as_str()),
    );
    c.unique_ids("event", "events", s.events.iter().map(|g| g.id.as_str()));
    c.unique_ids("issue", "issues", s.issues.iter().map(|g| g.id.as_str()));
    c.unique_ids("summit", "summits", s.summits.iter().map(|g| g.id.as_str()));
    true
}

/// Each good.
pub(super) fn goods(c: &mut Checker<'_>, s: &Scenario) {
    for (i, g) in s.goods.iter().enumerate() {
        let p = format!("goods[{i}]");
        c.text(&format!("{p}.name"), &g.name, MAX_NAME_LEN);
        c.text(&format!("{p}.unit"), &g.unit, MAX_NAME_LEN);
        c.positive(&format!("{p}.base_price"), g.base_price);
        c.num(
            &format!("{p}.price_sensitivity"),
            g.price_sensitivity,
            0.1,
            5.0,
        );
        c.num(
            &format!("{p}.demand_elasticity"),
            g.demand_elasticity,
            0.0,
            2.0,
        );
        if let Some(ceiling) = g.substitution_ceiling {
            c.num(&format!("{p}.substitution_ceiling"), ceiling, 1.0, 40.0);
        }
    }
}

/// Each recipe.
pub(super) fn recipes(c: &mut Checker<'_>, s: &Scenario) {
    for (i, r) in s.recipes.iter().enumerate() {
        let p = format!("recipes[{i}]");
        c.text(&format!("{p}.name"), &r.name, MAX_NAME_LEN);
        c.flows(&format!("{p}.inputs"), &r.inputs);
        c.flows(&format!("{p}.outputs"), &r.outputs);
        if r.outputs.is_empty() {
            c.err(format!("{p}.outputs"), "a recipe needs at least one output");
        }
        for (j, (good, _)) in r.inputs.iter().enumerate() {
            if r.outputs.iter().any(|(o, _)| o == good) {
                c.err(
                    format!("{p}.inputs[{j}].0"),
                    format!("good `{good}` is both an input and an output"),
                );
            }
        }
        c.num(&format!("{p}.unit_cost"), r.unit_cost, 0.0, MAX_AMOUNT);
        c.int(&format!("{p}.build_months"), r.build_months, 0, 600);
        c.num(&format!("{p}.build_cost"), r.build_cost, 0.0, MAX_AMOUNT);
    }
}

/// Each sector.
pub(super) fn sectors(c: &mut Checker<'_>, s: &Scenario) {
    for (i, st) in s.sectors.iter().enumerate() {
        let p = format!("sectors[{i}]");
        c.text(&format!("{p}.name"), &st.name, MAX_NAME_LEN);
        c.text(&format!("{p}.unit"), &st.unit, MAX_NAME_LEN);
        c.flows(&format!("{p}.inputs"), &st.inputs);
        if st.inputs.is_empty() {
            c.err(format!("{p}.inputs"), "a sector needs at least one input");
        }
        c.num(&format!("{p}.value_added"), st.value_added, 0.0, MAX_AMOUNT);
    }
}

/// Each nation, and the map areas they claim.
pub(super) fn nations(c: &mut Checker<'_>, s: &Scenario) {
    for (i, n) in s.nations.iter().enumerate() {
        check_nation(c, &format!("nations[{i}]"), n);
    }
    check_map(c, s);
}

/// Each facility.
pub(super) fn facilities(c: &mut Checker<'_>, s: &Scenario) {
    for (i, f) in s.facilities.iter().enumerate() {
        let p = format!("facilities[{i}]");
        c.text(&format!("{p}.name"), &f.name, MAX_NAME_LEN);
        c.nation(&format!("{p}.nation"), &f.nation);
        let ids = c.ids;
        c.reference(&format!("{p}.recipe"), "recipe", &f.recipe, &ids.recipes);
        if let Owner::Foreign(owner) = &f.owner
            && c.nation(&format!("{p}.owner.0"), owner)
            && owner == &f.nation
        {
            c.err(
                format!("{p}.owner.0"),
                "a foreign owner must be another nation than the host",
            );
        }
        c.num(&format!("{p}.capacity"), f.capacity, 0.0, MAX_AMOUNT);
        c.num(
            &format!("{p}.efficiency.yield"),
            f.efficiency.yield_factor,
            0.0,
            2.0,
        );
        c.num(
            &format!("{p}.efficiency.cost"),
            f.efficiency.cost,
            0.0,
            10.0,
        );
        c.status(&format!("{p}.status"), &f.status);
        c.num(&format!("{p}.growth"), f.growth, -0.5, 1.0);
        if let Some(t) = &f.technology
            && c.nation(&format!("{p}.technology"), t)
            && t == &f.nation
        {
            c.err(
                format!("{p}.technology"),
                "technology names a nation other than the host (leave it out for the host's own)",
            );
        }
    }
}

/// Each event: its trigger and effects.
pub(super) fn events(c: &mut Checker<'_>, s: &Scenario) {
    for (i, e) in s.events.iter().enumerate() {
        let p = format!("events[{i}]");
        c.text(&format!("{p}.headline"), &e.headline, MAX_NAME_LEN);
        if let Some(m) = e.months {
            c.int(&format!("{p}.months"), m, 1, MAX_TURNS);
        }
        match &e.trigger {
            Trigger::AtTurn(t) => c.int(&format!("{p}.trigger.0"), *t, 1, MAX_TURNS),
            Trigger::When(cond) => c.condition(&format!("{p}.trigger.0"), cond, 0),
            Trigger::Chance {
                per_turn,
                from_turn,
                until_turn,
            } => {
                c.num(&format!("{p}.trigger.per_turn"), *per_turn, 0.0, 1.0);
                c.int(&format!("{p}.trigger.from_turn"), *from_turn, 1, MAX_TURNS);
                c.int(
                    &format!("{p}.trigger.until_turn"),
                    *until_turn,
                    1,
                    MAX_TURNS,
                );
                if until_turn < from_turn {
                    c.err(
                        format!("{p}.trigger.until_turn"),
                        format!("until_turn {until_turn} is before from_turn {from_turn}"),
                    );
                }
            }
        }
        c.effects(&format!("{p}.effects"), &e.effects);
    }
}

/// Each issue and its options.
pub(super) fn issues(c: &mut Checker<'_>, s: &Scenario) {
    for (i, issue) in s.issues.iter().enumerate() {
        let p = format!("issues[{i}]");
        c.text(&format!("{p}.name"), &issue.name, MAX_NAME_LEN);
        c.text(
            &format!("{p}.description"),
            &issue.description,
            MAX_TEXT_LEN,
        );
        if issue.options.len() < 2 {
            c.err(
                format!("{p}.options"),
                "an issue needs at least two options",
            );
        }
        if c.count(&format!("{p}.options"), issue.options.len(), Limits::LIST) {
            for (j, o) in issue.options.iter().enumerate() {
                let op = format!("{p}.options[{j}]");
                c.text(&format!("{op}.label"), &o.label, MAX_NAME_LEN);
                c.effects(&format!("{op}.effects"), &o.effects);
                if let Some(m) = o.months {
                    c.int(&format!("{op}.months"), m, 1, 120);
                }
            }
        }
    }
}

/// Each summit: its turn, parties and agenda.
pub(super) fn summits(c: &mut Checker<'_>, s: &Scenario) {
    for (i, sm) in s.summits.iter().enumerate() {
        let p = format!("summits[{i}]");
        c.text(&format!("{p}.name"), &sm.name, MAX_NAME_LEN);
        let turns = c.turns;
        c.int(&format!("{p}.turn"), sm.turn, 1, turns.max(1));
        c.int(&format!("{p}.rounds"), sm.rounds, 1, 50);
        if sm.parties.len() < 2 {
            c.err(
                format!("{p}.parties"),
                "a summit needs at least two parties",
            );
        }
        if c.count(&format!("{p}.parties"), sm.parties.len(), Limits::LIST) {
            let mut seen = BTreeSet::new();
            for (j, n) in sm.parties.iter().enumerate() {
                let pp = format!("{p}.parties[{j}]");
                if c.nation(&pp, n) && !seen.insert(n.as_str()) {
                    c.err(pp, format!("nation `{n}` is listed twice"));
                }
            }
        }
        if sm.agenda.is_empty() {
            c.err(format!("{p}.agenda"), "a summit needs at least one issue");
        }
        if c.count(&format!("{p}.agenda"), sm.agenda.len(), Limits::LIST) {
            let ids = c.ids;
            for (j, a) in sm.agenda.iter().enumerate() {
                c.reference(&format!("{p}.agenda[{j}]"), "issue", a, &ids.issues);
            }
        }
    }
}

/// Map areas: known country names, none claimed twice, at most one `Rest`.
pub(super) fn check_map(c: &mut Checker<'_>, s: &Scenario) {
    let known = crate::geo::names();
    let mut owner: BTreeMap<&str, &str> = BTreeMap::new();
    let mut rest: Option<&str> = None;
    for (i, n) in s.nations.iter().enumerate() {
        let p = format!("nations[{i}].map");
        match &n.map {
            MapArea::Rest => {
                if let Some(other) = rest {
                    c.err(
                        &p,
                        format!(
                            "`{other}` already covers the rest of the map; only one nation can"
                        ),
                    );
                }
                rest = Some(&n.id);
            }
            MapArea::Countries(names) => {
                c.count(&p, names.len(), known.len());
                for (k, name) in names.iter().enumerate() {
                    let q = format!("{p}[{k}]");
                    if !c.reference(&q, "country (a Natural Earth name)", name, &known) {
                        continue;
                    }
                    if let Some(other) = owner.insert(name, &n.id) {
                        c.err(
                            &q,
                            format!("`{name}` is already on the map as part of `{other}`"),
                        );
                    }
                }
            }
        }
    }
}

pub(super) fn check_nation(c: &mut Checker<'_>, p: &str, n: &Nation) {
    c.text(&format!("{p}.name"), &n.name, MAX_NAME_LEN);
    c.positive(&format!("{p}.gdp"), n.gdp);
    c.num(&format!("{p}.growth"), n.growth, -0.5, 0.5);
    c.num(
        &format!("{p}.treasury"),
        n.treasury,
        -MAX_AMOUNT,
        MAX_AMOUNT,
    );
    c.num(&format!("{p}.approval"), n.approval, 0.0, 1.0);
    c.text(&format!("{p}.leader.name"), &n.leader.name, MAX_NAME_LEN);
    c.num(
        &format!("{p}.leader.hawkishness"),
        n.leader.hawkishness,
        0.0,
        1.0,
    );
    c.num(&format!("{p}.leader.patience"), n.leader.patience, 0.0, 1.0);
    c.flows(&format!("{p}.stocks"), &n.stocks);
    c.flows(&format!("{p}.reserves"), &n.reserves);

    if c.count(&format!("{p}.relations"), n.relations.len(), Limits::LIST) {
        let mut seen = BTreeSet::new();
        for (i, r) in n.relations.iter().enumerate() {
            let rp = format!("{p}.relations[{i}]");
            if c.nation(&format!("{rp}.with"), &r.with) {
                if r.with == n.id {
                    c.err(format!("{rp}.with"), "a nation has no relation with itself");
                } else if !seen.insert(r.with.as_str()) {
                    c.err(
                        format!("{rp}.with"),
                        format!("relation with `{}` is listed twice", r.with),
                    );
                }
            }
            c.num(&format!("{rp}.trust"), r.trust, 0.0, 1.0);
            c.num(&format!("{rp}.tension"), r.tension, 0.0, 1.0);
        }
    }

    if c.count(&format!("{p}.sectors"), n.sectors.len(), Limits::LIST) {
        let mut seen = BTreeSet::new();
        for (i, s) in n.sectors.iter().enumerate() {
            let sp = format!("{p}.sectors[{i}]");
            if c.sector(&format!("{sp}.sector"), &s.sector) && !seen.insert(s.sector.as_str()) {
                c.err(
                    format!("{sp}.sector"),
                    format!("sector `{}` is listed twice", s.sector),
                );
            }
            c.num(&format!("{sp}.output"), s.output, 0.0, MAX_AMOUNT);
            c.num(&format!("{sp}.growth"), s.growth, -0.5, 1.0);
        }
    }

    policies(c, p, n);

    if c.count(&format!("{p}.objectives"), n.objectives.len(), Limits::LIST) {
        for (i, o) in n.objectives.iter().enumerate() {
            let op = format!("{p}.objectives[{i}]");
            c.num(&format!("{op}.weight"), o.weight, 0.0, 100.0);
            if o.weight <= 0.0 {
                c.err(format!("{op}.weight"), "weight must be above 0");
            }
            match &o.metric {
                Metric::ImportReliance(g) | Metric::WorldShare(g) => {
                    c.good(&format!("{op}.metric.0"), g);
                }
                Metric::SectorOutput(s) => {
                    c.sector(&format!("{op}.metric.0"), s);
                }
                Metric::GdpIndex | Metric::Approval | Metric::Treasury | Metric::SupplySecurity => {
                }
            }
        }
    }
}

/// A nation's starting policies.
fn policies(c: &mut Checker<'_>, p: &str, n: &Nation) {
    let pol = &n.policies;
    let pp = format!("{p}.policies");
    if c.count(&format!("{pp}.exports"), pol.exports.len(), Limits::LIST) {
        for (i, r) in pol.exports.iter().enumerate() {
            let rp = format!("{pp}.exports[{i}]");
            c.goods_sel(&format!("{rp}.goods"), &r.goods);
            c.nations_sel(&format!("{rp}.to"), &r.to);
            c.regime(&format!("{rp}.regime"), &r.regime);
        }
    }
    if c.count(&format!("{pp}.tariffs"), pol.tariffs.len(), Limits::LIST) {
        for (i, r) in pol.tariffs.iter().enumerate() {
            let rp = format!("{pp}.tariffs[{i}]");
            c.nations_sel(&format!("{rp}.from"), &r.from);
            c.goods_sel(&format!("{rp}.goods"), &r.goods);
            c.within(&format!("{rp}.rate"), r.rate, ranges::TARIFF_RATE);
        }
    }
    let mut seen = BTreeSet::new();
    for (i, q) in pol.quotas.iter().enumerate() {
        let qp = format!("{pp}.quotas[{i}]");
        if !seen.insert(q.process) {
            c.err(
                format!("{qp}.process"),
                format!("quota for {:?} is listed twice", q.process),
            );
        }
        c.within(&format!("{qp}.limit"), q.limit, ranges::AMOUNT);
    }
    let mut seen = BTreeSet::new();
    if c.count(
        &format!("{pp}.export_quotas"),
        pol.export_quotas.len(),
        Limits::LIST,
    ) {
        for (i, q) in pol.export_quotas.iter().enumerate() {
            let qp = format!("{pp}.export_quotas[{i}]");
            if c.good(&format!("{qp}.good"), &q.good) && !seen.insert(q.good.as_str()) {
                c.err(
                    format!("{qp}.good"),
                    format!("export quota for `{}` is listed twice", q.good),
                );
            }
            c.within(&format!("{qp}.limit"), q.limit, ranges::AMOUNT);
        }
    }
    if c.count(
        &format!("{pp}.extraterritorial"),
        pol.extraterritorial.len(),
        Limits::LIST,
    ) {
        for (i, r) in pol.extraterritorial.iter().enumerate() {
            c.extraterritorial(
                &format!("{pp}.extraterritorial[{i}]"),
                &r.goods,
                r.threshold,
                &r.to,
                &r.regime,
            );
        }
    }
    if c.count(
        &format!("{pp}.tech_bans"),
        pol.tech_bans.len(),
        Limits::LIST,
    ) {
        for (i, b) in pol.tech_bans.iter().enumerate() {
            let bp = format!("{pp}.tech_bans[{i}]");
            c.count(&format!("{bp}.processes"), b.processes.len(), Limits::LIST);
            c.nations_sel(&format!("{bp}.to"), &b.to);
        }
    }
    c.firms(&format!("{pp}.firms"), &pol.firms);
    let mut seen = BTreeSet::new();
    if c.count(
        &format!("{pp}.reserve_targets"),
        pol.reserve_targets.len(),
        Limits::LIST,
    ) {
        for (i, t) in pol.reserve_targets.iter().enumerate() {
            let tp = format!("{pp}.reserve_targets[{i}]");
            if c.good(&format!("{tp}.good"), &t.good) && !seen.insert(t.good.as_str()) {
                c.err(
                    format!("{tp}.good"),
                    format!("reserve target for `{}` is listed twice", t.good),
                );
            }
            c.num(&format!("{tp}.months"), t.months, 0.0, 60.0);
        }
    }
    c.num(
        &format!("{pp}.stock_cover_months"),
        pol.stock_cover_months,
        0.0,
        24.0,
    );
}
