//! Every lever, with fixed seeds and values worked out by hand on a small world
//! (tests/data/levers.ron): licensing with review and approval, permits that lapse, general
//! licences, extraterritorial rules, technology bans, quotas and firm rules, tariffs, projects,
//! reserves, and refusals.

use chokepoint::scenario::schema::{
    FirmRules, Goods, Nations, OrderScript, OrderSpec, Process, ProjectOwner, Regime, Scenario,
    ScriptedOrder,
};
use chokepoint::scenario::validate;
use chokepoint::sim::Sim;
use chokepoint::sim::catalog::FacilityStatus;
use chokepoint::sim::facility::Facility;
use chokepoint::sim::licensing::RouteStats;
use chokepoint::sim::nation::{Economy, Nation, Precaution, Stocks};
use chokepoint::sim::orders::OrderSource;
use chokepoint::sim::spawn;

const WORLD: &str = include_str!("../data/levers.ron");

/// The lever world, its licences reviewed in one piece and nothing in the pipeline when a
/// control begins, so the review arithmetic shows plainly (the trickle has its own test).
fn world() -> Scenario {
    let mut s = validate::parse("levers.ron", WORLD).unwrap_or_else(|d| panic!("{d}"));
    s.licensing.pipeline_share = 0.0;
    s.licensing.review_spread = 0.0;
    s
}

/// The lever world as written: a new control lets shipments already in the pipeline trickle
/// through, and part of the first decisions comes early.
#[test]
fn a_new_licence_regime_trickles_rather_than_stopping_trade() {
    let s = validate::parse("levers.ron", WORLD).unwrap_or_else(|d| panic!("{d}"));
    let order = export_rule(&["metal"], licensing(0.5, 4, 6));
    let sim = run_with(&s, &[(3, "A", order)], 10);
    let before = flow(&sim, "metal", "A", "B", 2);
    assert!(close(before, 100.0), "{before}");
    // The review takes four months; none of them is empty, none is back to normal.
    for t in 3..=6 {
        let f = flow(&sim, "metal", "A", "B", t);
        assert!(
            f > 0.05 * before && f < 0.75 * before,
            "turn {t}: {f} of {before}"
        );
    }
    // Some approvals come after half the review, before the rest.
    let early = licence(&sim, 5, "A", "metal", "A", "B");
    assert!(early.approved > 0.0, "{early:?}");
    assert!(early.queue_count > 0, "the rest still waits: {early:?}");
    // With everything decided, half the volume moves.
    let later = flow(&sim, "metal", "A", "B", 8);
    assert!(later > 0.4 * before && later < 0.6 * before, "{later}");
}

/// A deal that shortens the review re-decides the queue: cases filed under a six-month
/// review are decided when the new two-month review is up, not four months later.
#[test]
fn a_shorter_review_brings_pending_decisions_forward() {
    let s = world();
    let slow = export_rule(&["metal"], licensing(0.5, 6, 12));
    let fast = export_rule(&["metal"], licensing(0.5, 2, 12));
    let kept = run_with(&s, &[(3, "A", slow.clone())], 10);
    let sped = run_with(&s, &[(3, "A", slow), (4, "A", fast)], 10);
    // Filed in month 3: the six-month review decides in month 9, the shortened one in month 5.
    assert_eq!(flow(&kept, "metal", "A", "B", 6), 0.0);
    let f = flow(&sped, "metal", "A", "B", 6);
    assert!(
        close(f, 50.0),
        "half approved once the shorter review is up: {f}"
    );
    assert!(close(flow(&kept, "metal", "A", "B", 9), 50.0));
}

/// Runs `turns` turns of `s`, giving each order at the start of its turn.
fn run_with(s: &Scenario, orders: &[(u32, &str, OrderSpec)], turns: u32) -> Sim {
    let script = OrderScript {
        orders: orders
            .iter()
            .map(|(turn, nation, order)| ScriptedOrder {
                turn: *turn,
                nation: nation.to_string(),
                order: order.clone(),
            })
            .collect(),
    };
    let resolved = spawn::resolve_orders(s, &script).unwrap();
    let mut sim = Sim::new(s, 1).unwrap();
    for _ in 0..turns {
        let turn = sim.turn() + 1;
        for (_, actor, order) in resolved.iter().filter(|(t, ..)| *t == turn) {
            sim.order(*actor, order.clone(), OrderSource::Script);
        }
        sim.step();
    }
    sim
}

fn idx(sim: &Sim, nation: &str) -> usize {
    sim.catalog().nation_index(nation).unwrap()
}

fn good(sim: &Sim, id: &str) -> usize {
    sim.catalog().good_index(id).unwrap()
}

fn flow(sim: &Sim, g: &str, from: &str, to: &str, turn: u32) -> f64 {
    let (g, from, to) = (good(sim, g), idx(sim, from), idx(sim, to));
    sim.report()
        .trade
        .iter()
        .filter(|f| f.turn == turn && f.good == g && f.from == from && f.to == to)
        .map(|f| f.quantity)
        .sum()
}

fn licence(sim: &Sim, turn: u32, authority: &str, g: &str, from: &str, to: &str) -> RouteStats {
    let (a, g, e, i) = (
        idx(sim, authority),
        good(sim, g),
        idx(sim, from),
        idx(sim, to),
    );
    sim.report()
        .licences
        .iter()
        .find(|r| {
            r.turn == turn
                && r.key.authority == a
                && r.key.good == g
                && r.key.exporter == e
                && r.key.importer == i
        })
        .map(|r| r.stats.clone())
        .unwrap_or_default()
}

fn produced(sim: &Sim, nation: &str, g: &str, turn: u32) -> f64 {
    let (n, g) = (idx(sim, nation), good(sim, g));
    sim.report()
        .goods
        .iter()
        .find(|r| r.turn == turn && r.nation == n && r.good == g)
        .map(|r| r.produced)
        .unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * (1.0 + a.abs().max(b.abs()))
}

fn licensing(approval: f64, review: u32, validity: u32) -> Regime {
    Regime::Licensing {
        approval,
        review_months: review,
        validity_months: validity,
    }
}

fn export_rule(goods: &[&str], regime: Regime) -> OrderSpec {
    OrderSpec::SetExportRegime {
        goods: Goods::Only(goods.iter().map(|g| g.to_string()).collect()),
        to: Nations::All,
        regime,
    }
}

#[test]
fn the_world_is_balanced_before_any_lever() {
    let sim = run_with(&world(), &[], 4);
    for t in 1..=4 {
        assert!(close(produced(&sim, "A", "metal", t), 150.0));
        assert!(close(
            flow(&sim, "metal", "A", "B", t) + flow(&sim, "metal", "A", "C", t),
            150.0
        ));
        assert!(
            close(flow(&sim, "part", "C", "B", t), 50.0),
            "{}",
            flow(&sim, "part", "C", "B", t)
        );
    }
}

#[test]
fn licensing_with_a_two_turn_review_and_half_approval() {
    let order = export_rule(&["metal"], licensing(0.5, 2, 6));
    let sim = run_with(&world(), &[(3, "A", order)], 16);
    let asked = flow(&sim, "metal", "A", "B", 2);
    assert!(close(asked, 100.0));
    // Turn 3: Beta applies for what it bought; nothing moves while the review runs.
    let t3 = licence(&sim, 3, "A", "metal", "A", "B");
    assert_eq!(t3.applications, 1);
    assert!(close(t3.submitted, asked) && t3.queue_count == 1);
    assert_eq!(flow(&sim, "metal", "A", "B", 3), 0.0);
    assert_eq!(flow(&sim, "metal", "A", "B", 4), 0.0);
    assert_eq!(licence(&sim, 4, "A", "metal", "A", "B").queue_count, 1);
    // Turn 5: half approved, half denied; the permit carries half the volume a month.
    let t5 = licence(&sim, 5, "A", "metal", "A", "B");
    assert!(
        close(t5.approved, 0.5 * asked) && close(t5.denied, 0.5 * asked),
        "{t5:?}"
    );
    assert_eq!(t5.queue_count, 0);
    for t in 5..=10 {
        assert!(
            close(flow(&sim, "metal", "A", "B", t), 0.5 * asked),
            "turn {t}"
        );
    }
    // The permit is valid six turns (5–10). Beta files for renewal two turns ahead (turn 9),
    // so the renewal is decided as the permit lapses and the flow goes on.
    let t9 = licence(&sim, 9, "A", "metal", "A", "B");
    assert_eq!((t9.applications, t9.queue_count), (1, 1), "{t9:?}");
    let t11 = licence(&sim, 11, "A", "metal", "A", "B");
    assert!(
        close(t11.expired, 0.5 * asked) && t11.approved > 0.0,
        "{t11:?}"
    );
    assert!(close(flow(&sim, "metal", "A", "B", 11), t11.approved));
}

#[test]
fn a_permit_stops_flows_when_it_lapses_before_the_renewal_is_decided() {
    // As above, but at turn 8 Alpha doubles its review time: the renewal Beta files then is
    // decided at turn 12, after the permit lapsed at the end of turn 10.
    let orders = [
        (3, "A", export_rule(&["metal"], licensing(0.5, 2, 6))),
        (8, "A", export_rule(&["metal"], licensing(0.5, 4, 6))),
    ];
    let sim = run_with(&world(), &orders, 14);
    let permitted = licence(&sim, 5, "A", "metal", "A", "B").approved;
    for t in 5..=10 {
        assert!(
            close(flow(&sim, "metal", "A", "B", t), permitted),
            "turn {t}"
        );
    }
    assert_eq!(licence(&sim, 8, "A", "metal", "A", "B").applications, 1);
    assert!(close(
        licence(&sim, 11, "A", "metal", "A", "B").expired,
        permitted
    ));
    assert_eq!(
        flow(&sim, "metal", "A", "B", 11),
        0.0,
        "lapsed, renewal still in review"
    );
    let t12 = licence(&sim, 12, "A", "metal", "A", "B");
    assert!(t12.approved > 0.0);
    assert!(close(flow(&sim, "metal", "A", "B", 12), t12.approved));
}

#[test]
fn a_general_licence_keeps_goods_moving_until_it_lapses() {
    let orders = [
        (3, "A", export_rule(&["metal"], Regime::Ban)),
        (
            5,
            "A",
            OrderSpec::SetExportRegime {
                goods: Goods::Only(vec!["metal".into()]),
                to: Nations::Only(vec!["B".into()]),
                regime: Regime::GeneralLicence { months: 4 },
            },
        ),
    ];
    let sim = run_with(&world(), &orders, 12);
    assert_eq!(flow(&sim, "metal", "A", "B", 4), 0.0);
    // Beta restocks at once from Alpha's trapped, cheap metal.
    assert!(flow(&sim, "metal", "A", "B", 5) > 100.0);
    for t in 5..=8 {
        assert_eq!(flow(&sim, "metal", "A", "C", t), 0.0, "Gamma still banned");
    }
    for t in 9..=12 {
        assert_eq!(
            flow(&sim, "metal", "A", "B", t),
            0.0,
            "lapsed: the ban applies again"
        );
    }
    assert!(
        sim.report()
            .news
            .iter()
            .any(|n| n.turn == 9 && n.headline.contains("lapse"))
    );
}

#[test]
fn an_extraterritorial_rule_catches_parts_made_abroad_from_controlled_metal() {
    let rule = OrderSpec::SetExtraterritorial {
        goods: Goods::Only(vec!["part".into()]),
        threshold: 0.001,
        to: Nations::Only(vec!["B".into()]),
        regime: Regime::Ban,
    };
    let sim = run_with(&world(), &[(3, "A", rule)], 6);
    assert!(close(flow(&sim, "part", "C", "B", 2), 50.0));
    for t in 3..=6 {
        assert_eq!(flow(&sim, "part", "C", "B", t), 0.0, "turn {t}");
    }
    // Gamma's parts are stranded: their price falls and the works idle.
    let part_price = sim
        .report()
        .price(6, good(&sim, "part"), idx(&sim, "C"))
        .unwrap();
    assert!(part_price < 3000.0 * 0.7, "{part_price}");
    // At base prices Gamma's parts are a third Alpha's by value (metal 1,000 in a part worth
    // 3,000): well above the threshold.
    let sim = run_with(&world(), &[], 2);
    let (c, part, a) = (idx(&sim, "C"), good(&sim, "part"), idx(&sim, "A"));
    let w = sim.world();
    let mut q = chokepoint::sim::read::<(&Nation, &chokepoint::sim::nation::Content)>(w);
    let content = q.iter(w).find(|(n, _)| n.idx == c).unwrap().1.0[part][a];
    assert!((content - 1.0 / 3.0).abs() < 0.02, "{content}");
}

#[test]
fn an_extraterritorial_licence_goes_to_the_controlling_authority() {
    let rule = OrderSpec::SetExtraterritorial {
        goods: Goods::Only(vec!["part".into()]),
        threshold: 0.2,
        to: Nations::All,
        regime: licensing(0.4, 1, 12),
    };
    let sim = run_with(&world(), &[(3, "A", rule)], 6);
    let t3 = licence(&sim, 3, "A", "part", "C", "B");
    assert_eq!(
        t3.applications, 1,
        "Beta applies to Alpha for Gamma's parts"
    );
    assert_eq!(flow(&sim, "part", "C", "B", 3), 0.0);
    let t4 = licence(&sim, 4, "A", "part", "C", "B");
    assert!(close(t4.approved, 0.4 * t3.submitted), "{t4:?}");
    assert!(close(flow(&sim, "part", "C", "B", 4), t4.approved));
}

#[test]
fn private_exporters_face_stricter_review_where_the_rules_say_so() {
    // Gamma's parts come from a private works; under Gamma's own licensing, with stricter
    // review for private firms, a 50% base approval becomes 40%.
    let rules = OrderSpec::SetFirmRules(FirmRules {
        private_review_stricter: true,
        ..FirmRules::default()
    });
    let order = export_rule(&["part"], licensing(0.5, 1, 12));
    let sim = run_with(&world(), &[(3, "C", rules), (3, "C", order)], 4);
    let t4 = licence(&sim, 4, "C", "part", "C", "B");
    // 0.5 × 0.8 for private firms.
    assert!(
        close(
            t4.approved,
            0.4 * licence(&sim, 3, "C", "part", "C", "B").submitted
        ),
        "{t4:?}"
    );
}

#[test]
fn a_quota_binds_production_and_firm_rules_decide_who_gets_it() {
    let quota = OrderSpec::SetProductionQuota {
        process: Process::Mining,
        limit: Some(1800.0),
    };
    let sim = run_with(&world(), &[(3, "A", quota.clone())], 4);
    assert!(close(produced(&sim, "A", "ore", 2), 300.0));
    assert!(
        close(produced(&sim, "A", "ore", 3), 150.0),
        "{}",
        produced(&sim, "A", "ore", 3)
    );

    // With every unit of quota reserved for state firms, the private mine stands idle.
    let rules = OrderSpec::SetFirmRules(FirmRules {
        quota_state_share: Some(1.0),
        ..FirmRules::default()
    });
    let quota = OrderSpec::SetProductionQuota {
        process: Process::Mining,
        limit: Some(3600.0),
    };
    let sim = run_with(&world(), &[(3, "A", rules), (3, "A", quota)], 4);
    assert!(
        close(produced(&sim, "A", "ore", 3), 200.0),
        "state mine only"
    );
    let w = sim.world();
    let mut q = chokepoint::sim::read::<&Facility>(w);
    let private = q.iter(w).find(|f| f.id == "a_mine_private").unwrap();
    assert_eq!(private.runs, 0.0);
}

#[test]
fn a_tariff_raises_the_price_and_the_treasury() {
    let tariff = OrderSpec::SetTariff {
        from: Nations::Only(vec!["A".into()]),
        goods: Goods::Only(vec!["metal".into()]),
        rate: 0.5,
    };
    let sim = run_with(&world(), &[(3, "B", tariff)], 24);
    let (b, metal) = (idx(&sim, "B"), good(&sim, "metal"));
    let price = sim.report().price(24, metal, b).unwrap();
    let origin = sim.report().price(24, metal, idx(&sim, "A")).unwrap();
    assert!(price > 1.35 * origin, "Beta {price} vs Alpha {origin}");
    let revenue: f64 = sim
        .report()
        .trade
        .iter()
        .filter(|f| f.to == b && f.turn >= 3)
        .map(|f| f.value * f.tariff)
        .sum();
    assert!(revenue > 0.0);
    let w = sim.world();
    let mut q = chokepoint::sim::read::<(&Nation, &Economy)>(w);
    let treasury = q.iter(w).find(|(n, _)| n.idx == b).unwrap().1.treasury;
    assert!(
        close(treasury, 1000.0 + revenue),
        "{treasury} vs {}",
        1000.0 + revenue
    );
}

fn project_months(orders: &[(u32, &str, OrderSpec)], turns: u32) -> Vec<(String, Option<u32>)> {
    let sim = run_with(&world(), orders, turns);
    let first_output: Vec<(String, u32)> = sim
        .report()
        .news
        .iter()
        .filter(|n| n.headline.contains("first output"))
        .map(|n| (n.headline.clone(), n.turn))
        .collect();
    let w = sim.world();
    let mut q = chokepoint::sim::read::<&Facility>(w);
    let mut projects: Vec<&Facility> = q.iter(w).filter(|f| f.idx >= 4).collect();
    projects.sort_by_key(|f| f.idx);
    projects
        .iter()
        .map(|f| {
            let done = first_output
                .iter()
                .find(|(h, _)| h.starts_with(&f.name))
                .map(|(_, t)| *t);
            (f.id.clone(), done)
        })
        .collect()
}

fn invest(recipe: &str, capacity: f64) -> OrderSpec {
    OrderSpec::Invest {
        recipe: recipe.into(),
        host: None,
        capacity,
        owner: ProjectOwner::State,
        subsidy: 0.0,
    }
}

#[test]
fn a_technology_ban_lengthens_a_rivals_build_and_lifting_it_helps_later_projects() {
    let ban = OrderSpec::SetTechBan {
        processes: vec![Process::Separation],
        to: Nations::AllExcept(vec!["A".into()]),
    };
    let lift = OrderSpec::SetTechBan {
        processes: vec![],
        to: Nations::AllExcept(vec!["A".into()]),
    };
    // Without a ban, 24 months: first output in the 24th month from the start (turn 2 → 25).
    let free = project_months(&[(2, "B", invest("refinery", 1200.0))], 60);
    assert_eq!(free[0].1, Some(25), "{free:?}");
    // Alpha holds all separation capacity: 24 × 1.5 = 36 months.
    let banned = project_months(
        &[(1, "A", ban.clone()), (2, "B", invest("refinery", 1200.0))],
        60,
    );
    assert_eq!(banned[0].1, Some(37), "{banned:?}");
    // Lifted before a second project: only the first pays the penalty.
    let both = project_months(
        &[
            (1, "A", ban),
            (2, "B", invest("refinery", 1200.0)),
            (3, "A", lift),
            (4, "B", invest("refinery", 1200.0)),
        ],
        60,
    );
    assert_eq!(both[0].1, Some(37));
    assert_eq!(both[1].1, Some(27));
}

#[test]
fn a_banned_projects_plant_starts_less_efficient_and_costs_more() {
    let ban = OrderSpec::SetTechBan {
        processes: vec![Process::Separation],
        to: Nations::All,
    };
    let sim = run_with(
        &world(),
        &[(1, "A", ban), (2, "B", invest("refinery", 1200.0))],
        3,
    );
    let w = sim.world();
    let mut q = chokepoint::sim::read::<(&Facility, &chokepoint::sim::facility::Project)>(w);
    let (f, p) = q.iter(w).next().unwrap();
    assert!((f.yield_factor - 0.85).abs() < 1e-9 && (f.cost_factor - 1.25).abs() < 1e-9);
    // 1200 t/yr × $0.002M × 1.4.
    assert!(close(p.cost, 3.36), "{}", p.cost);
    // Paid month by month: two months of 36 so far.
    assert!(close(p.paid, 3.36 * 2.0 / 36.0), "{}", p.paid);
}

#[test]
fn projects_are_refused_without_the_money_or_the_right() {
    let too_big = invest("refinery", 1e9);
    let private = OrderSpec::Invest {
        recipe: "mine".into(),
        host: None,
        capacity: 100.0,
        owner: ProjectOwner::Private,
        subsidy: 0.5,
    };
    let rules = OrderSpec::SetFirmRules(FirmRules {
        expansion_state_only: true,
        ..FirmRules::default()
    });
    let sim = run_with(
        &world(),
        &[(2, "B", too_big), (2, "A", rules), (3, "A", private)],
        3,
    );
    let refused: Vec<&str> = sim
        .report()
        .orders
        .iter()
        .filter_map(|o| o.refused.as_deref())
        .collect();
    assert!(
        refused.iter().any(|r| r.contains("treasury holds")),
        "{refused:?}"
    );
    assert!(
        refused.iter().any(|r| r.contains("only state-owned firms")),
        "{refused:?}"
    );
}

#[test]
fn orders_on_another_nations_facility_are_refused_and_the_turn_goes_on() {
    let idle = OrderSpec::SetFacilityStatus {
        facility: "a_mine".into(),
        operating: false,
    };
    let sim = run_with(&world(), &[(2, "B", idle.clone()), (3, "A", idle)], 4);
    let log = &sim.report().orders;
    let b = log.iter().find(|o| o.turn == 2).unwrap();
    assert!(
        b.refused.as_deref().unwrap().contains("stands in A"),
        "{b:?}"
    );
    assert!(log.iter().find(|o| o.turn == 3).unwrap().refused.is_none());
    assert!(close(produced(&sim, "A", "ore", 2), 300.0));
    assert!(
        close(produced(&sim, "A", "ore", 3), 100.0),
        "only the private mine"
    );
}

#[test]
fn reserves_fill_when_cheap_and_release_on_order() {
    let target = OrderSpec::SetReserveTarget {
        good: "metal".into(),
        months: Some(2.0),
    };
    let sim = run_with(&world(), &[(2, "B", target)], 12);
    let (b, metal) = (idx(&sim, "B"), good(&sim, "metal"));
    let w = sim.world();
    let mut q = chokepoint::sim::read::<(&Nation, &Stocks, &Economy)>(w);
    let (_, stocks, eco) = q.iter(w).find(|(n, ..)| n.idx == b).unwrap();
    assert!(stocks.reserve[metal] > 50.0, "{}", stocks.reserve[metal]);
    assert!(eco.treasury < 1000.0, "paid for it: {}", eco.treasury);

    let release = OrderSpec::ReleaseReserve {
        good: "metal".into(),
        quantity: 50.0,
    };
    let too_much = OrderSpec::ReleaseReserve {
        good: "metal".into(),
        quantity: 1e6,
    };
    let target = OrderSpec::SetReserveTarget {
        good: "metal".into(),
        months: Some(2.0),
    };
    let sim = run_with(
        &world(),
        &[(2, "B", target), (10, "B", release), (10, "B", too_much)],
        10,
    );
    let log: Vec<_> = sim
        .report()
        .orders
        .iter()
        .filter(|o| o.turn == 10)
        .collect();
    assert!(log[0].refused.is_none());
    assert!(
        log[1]
            .refused
            .as_deref()
            .unwrap()
            .contains("reserve holds only")
    );
}

#[test]
fn firms_stock_up_after_denials() {
    let order = export_rule(&["metal"], licensing(0.3, 1, 6));
    let sim = run_with(&world(), &[(3, "A", order)], 5);
    let (b, metal) = (idx(&sim, "B"), good(&sim, "metal"));
    let w = sim.world();
    let mut q = chokepoint::sim::read::<(&Nation, &Precaution)>(w);
    let p = q.iter(w).find(|(n, _)| n.idx == b).unwrap().1;
    assert!(p.denial[metal] > 0.3 && p.factor[metal] > 1.2, "{p:?}");
}

#[test]
fn projects_finish_with_a_status_and_ramp() {
    let sim = run_with(&world(), &[(1, "C", invest("works", 600.0))], 14);
    let w = sim.world();
    let mut q = chokepoint::sim::read::<&Facility>(w);
    let f = q.iter(w).find(|f| f.idx == 4).unwrap();
    assert_eq!(f.status, FacilityStatus::Operating);
    assert!(f.ramp > 0.0 && f.ramp < 1.0);
}
