//! Model invariants, every turn: material balance (nothing appears or vanishes outside recipes
//! and consumption), trade conserves goods, no negative stock, no NaN or infinity anywhere.

use crate::common::*;
use chokepoint::scenario::schema::{Effect, Event, Goods, Nations, Regime, Scenario, Trigger};
use chokepoint::sim::Sim;

fn check_run(s: &Scenario, seed: u64, turns: u32) {
    let mut sim = Sim::new(s, seed).unwrap();
    for _ in 0..turns {
        sim.step();
        check_turn(&mut sim);
    }
}

#[test]
fn default_scenario_holds_invariants_over_seeds() {
    let s = default_scenario();
    for seed in 1..=5 {
        check_run(&s, seed, 60);
    }
}

#[test]
fn open_scenario_holds_invariants() {
    check_run(&open_scenario(), 3, 60);
}

#[test]
fn total_embargo_holds_invariants() {
    let mut s = default_scenario();
    s.events.push(Event {
        id: "total_ban".into(),
        headline: "Every nation bans every export".into(),
        trigger: Trigger::AtTurn(2),
        repeat: false,
        effects: s
            .nations
            .iter()
            .map(|n| Effect::ExportRegime {
                nation: n.id.clone(),
                goods: Goods::All,
                to: Nations::All,
                regime: Regime::Ban,
            })
            .collect(),
        months: None,
    });
    check_run(&s, 1, 36);
}

#[test]
fn empty_stocks_and_zero_capacity_hold_invariants() {
    let mut s = default_scenario();
    for n in &mut s.nations {
        n.stocks = s.goods.iter().map(|g| (g.id.clone(), 0.0)).collect();
        n.reserves.clear();
    }
    for f in s.facilities.iter_mut().step_by(3) {
        f.capacity = 0.0;
    }
    check_run(&s, 1, 24);
}

/// Runs with scripted orders, checking every turn.
fn check_with_orders(s: &Scenario, orders_src: &str, seed: u64, turns: u32) {
    let script = chokepoint::scenario::validate::parse_orders("orders.ron", orders_src, s)
        .unwrap_or_else(|d| panic!("{d}"));
    let orders = chokepoint::sim::spawn::resolve_orders(s, &script).unwrap();
    let mut sim = Sim::new(s, seed).unwrap();
    for _ in 0..turns {
        let turn = sim.turn() + 1;
        for (_, actor, order) in orders.iter().filter(|(t, ..)| *t == turn) {
            sim.order(
                *actor,
                order.clone(),
                chokepoint::sim::orders::OrderSource::Script,
            );
        }
        sim.step();
        check_turn(&mut sim);
    }
}

#[test]
fn levers_hold_invariants() {
    let s = default_scenario();
    check_with_orders(
        &s,
        include_str!("../../docs/examples/licensing-shock.ron"),
        2,
        36,
    );
    let more = r#"(orders: [
        (turn: 2, nation: "CN", order: SetExtraterritorial(goods: Only(["magnet", "ndpr"]), threshold: 0.01, to: Only(["US"]), regime: Ban)),
        (turn: 2, nation: "CN", order: SetFirmRules((quota_state_share: Some(0.5), exports_state_only: true, expansion_state_only: true, private_review_stricter: true))),
        (turn: 3, nation: "JP", order: Invest(recipe: "magnet_plant", host: Some("AU"), capacity: 2000.0, owner: Private, subsidy: 0.5)),
        (turn: 3, nation: "US", order: SetTariff(from: All, goods: Only(["magnet"]), rate: 1.0)),
        (turn: 4, nation: "EU", order: SetStockCover(6.0)),
        (turn: 5, nation: "US", order: ReleaseReserve(good: "magnet", quantity: 100.0)),
        (turn: 6, nation: "CN", order: SetFacilityStatus(facility: "cn_bayan_obo", operating: false)),
        (turn: 9, nation: "CN", order: SetFacilityStatus(facility: "cn_bayan_obo", operating: true)),
        (turn: 10, nation: "CN", order: SetExportQuota(good: "lace", limit: Some(10000.0))),
        (turn: 12, nation: "CN", order: SetTechBan(processes: [], to: All)),
    ])"#;
    check_with_orders(&s, more, 3, 36);
}
