//! Summits on the default scenario: valuations grounded in the simulated world, deals over many
//! seeds, agreements that are kept, renewed or breached, emergency summits, human seats.

use crate::common::*;
use chokepoint::negotiation::protocol::{Move, ProtocolError};
use chokepoint::scenario::schema::{Effect, Event, Goods, Nations, Regime, Scenario, Trigger};
use chokepoint::sim::Sim;
use chokepoint::sim::nation::{Nation, Relations};
use chokepoint::sim::summits::{Agreement, AgreementStatus, SummitKind, SummitRecord};

/// The default scenario with only the Busan summit.
fn busan_only() -> Scenario {
    let mut s = default_scenario();
    s.summits.retain(|x| x.id == "busan");
    s.diplomacy.emergency_tension = 1.0;
    s
}

/// Adds to the Busan agenda an issue on which `nation` can pay a price: a lasting loss of
/// 0.3% of its GDP (say, buying the other side's goods above market).
fn with_a_price_to_pay(mut s: Scenario, nation: &str) -> Scenario {
    let text = format!(
        r#"(id: "price", name: "A price to pay", options: [
            (label: "Nothing"),
            (label: "Pay", effects: [Gdp(nation: "{nation}", change: -0.003)]),
        ])"#
    );
    let issue: chokepoint::scenario::schema::AgendaIssue = ron::from_str(&text).unwrap();
    s.issues.push(issue);
    s.summits[0].agenda.push("price".into());
    s
}

fn first_summit(s: &Scenario, seed: u64) -> SummitRecord {
    let sim = run(s, seed, 1);
    sim.report().summits[0].clone()
}

fn option_gain(r: &SummitRecord, party: &str, issue: &str, option: usize) -> f64 {
    let i = r.agenda.iter().position(|a| a.issue == issue).unwrap();
    r.option_gains[party][i][option]
}

/// What a package (option per issue, by issue id) is worth to a party over no deal.
fn package_gain(r: &SummitRecord, party: &str, package: &[(&str, usize)]) -> f64 {
    package
        .iter()
        .map(|(issue, o)| option_gain(r, party, issue, *o))
        .sum()
}

#[test]
fn a_short_us_accepts_costlier_terms_than_a_stockpiled_one() {
    let short = with_a_price_to_pay(busan_only(), "US");
    let mut stocked = short.clone();
    let us = stocked.nations.iter_mut().find(|n| n.id == "US").unwrap();
    // Two years of US magnet use and a year of heavy rare earths in reserve.
    us.reserves = vec![("magnet".into(), 40_000.0), ("dytb".into(), 400.0)];

    let a = first_summit(&short, 1);
    let b = first_summit(&stocked, 1);
    let gl_a = option_gain(&a, "US", "cn_re_licensing", 1);
    let gl_b = option_gain(&b, "US", "cn_re_licensing", 1);
    println!("US value of general licences: short {gl_a:.2}, stockpiled {gl_b:.2}");
    assert!(gl_a > gl_b + 0.5, "{gl_a} vs {gl_b}");
    // General licences for a price: worth taking when short, not when stockpiled.
    let deal = [("cn_re_licensing", 1), ("price", 1)];
    let (va, vb) = (package_gain(&a, "US", &deal), package_gain(&b, "US", &deal));
    println!("licences for a price, to the US: short {va:+.2}, stockpiled {vb:+.2}");
    assert!(va > 0.0 && vb < 0.0, "{va} vs {vb}");
    // And the AI never agreed to less than no deal.
    assert!(
        [&a, &b]
            .iter()
            .map(|r| never_worse_than_no_deal(r))
            .sum::<usize>()
            >= 1,
        "neither summit reached a deal"
    );
}

/// Checks that a deal struck gives every party at least what no deal would; returns 1 if the
/// summit struck one (so a caller can see the check ran), 0 if not.
fn never_worse_than_no_deal(r: &SummitRecord) -> usize {
    if r.package.is_none() {
        return 0;
    }
    let g = r
        .expected_gains
        .as_ref()
        .unwrap_or_else(|| panic!("a deal without expected gains: {r:?}"));
    assert_eq!(g.len(), r.parties.len(), "{g:?}");
    assert!(g.values().all(|v| *v >= -1e-9), "{g:?}");
    1
}

/// US chip controls at their tightest from the start: no chips or tools for China, at home or
/// through the foreign-direct-product rule.
fn chips_cut(mut s: Scenario) -> Scenario {
    let us = s.nations.iter_mut().find(|n| n.id == "US").unwrap();
    for r in &mut us.policies.exports {
        r.regime = Regime::Ban;
    }
    for r in &mut us.policies.extraterritorial {
        r.regime = Regime::Ban;
    }
    s
}

#[test]
fn a_chip_starved_china_accepts_costlier_terms_than_a_stockpiled_one() {
    let short = with_a_price_to_pay(chips_cut(busan_only()), "CN");
    let mut stocked = short.clone();
    let cn = stocked.nations.iter_mut().find(|n| n.id == "CN").unwrap();
    // Two years of Chinese imports of advanced chips and tools in reserve.
    cn.reserves = vec![
        ("adv_chip".into(), 12_000.0),
        ("sme".into(), 2_000.0),
        ("ndpr".into(), 3000.0),
        ("dytb".into(), 300.0),
    ];
    let a = first_summit(&short, 1);
    let b = first_summit(&stocked, 1);
    let ease_a = option_gain(&a, "CN", "us_chip_controls", 1);
    let ease_b = option_gain(&b, "CN", "us_chip_controls", 1);
    println!("China's value of easier chip controls: starved {ease_a:.2}, stockpiled {ease_b:.2}");
    assert!(ease_a > ease_b + 0.3, "{ease_a} vs {ease_b}");
    let deal = [("us_chip_controls", 1), ("price", 1)];
    let (va, vb) = (package_gain(&a, "CN", &deal), package_gain(&b, "CN", &deal));
    println!("chips for a price, to China: starved {va:+.2}, stockpiled {vb:+.2}");
    assert!(va > 0.0 && vb < 0.0, "{va} vs {vb}");
}

#[test]
fn summits_reach_time_limited_reciprocal_deals_in_most_seeds() {
    let s = default_scenario();
    let mut with_deal = 0;
    let mut deals = 0;
    for seed in 1..=20 {
        let sim = run(&s, seed, 14);
        let summits = &sim.report().summits;
        assert!(summits.len() >= 3, "seed {seed}: {} summits", summits.len());
        for r in summits {
            assert!(!r.transcript.is_empty());
            assert!(r.transcript.iter().all(|t| !t.reason.is_empty()));
            if let Some(d) = r.quality.nash_distance {
                assert!(d.is_finite() && d >= 0.0);
            }
            // Nobody agrees to less than no deal is worth to it.
            deals += never_worse_than_no_deal(r);
        }
        if summits
            .iter()
            .any(|r| r.package.is_some() && r.reciprocal && r.months.is_some_and(|m| m > 0))
        {
            with_deal += 1;
        }
    }
    println!("{with_deal} of 20 seeds reach a reciprocal, time-limited deal");
    assert!(with_deal >= 15, "{with_deal} of 20");
    assert!(deals >= with_deal, "{deals} deals checked");
}

fn agreements(sim: &mut Sim) -> Vec<Agreement> {
    let w = sim.world();
    let mut q = chokepoint::sim::read::<&Agreement>(w);
    let mut v: Vec<Agreement> = q.iter(w).cloned().collect();
    v.sort_by_key(|a| a.seq);
    v
}

fn trust(sim: &mut Sim, from: &str, to: &str) -> f64 {
    let (f, t) = (
        sim.catalog().nation_index(from).unwrap(),
        sim.catalog().nation_index(to).unwrap(),
    );
    let w = sim.world();
    let mut q = chokepoint::sim::read::<(&Nation, &Relations)>(w);
    q.iter(w).find(|(n, _)| n.idx == f).unwrap().1.trust[t]
}

#[test]
fn an_agreement_is_renewed_before_it_expires() {
    let mut sim = run(&busan_only(), 7, 14);
    let a = agreements(&mut sim);
    assert!(!a.is_empty(), "Busan reached a deal");
    let first = &a[0];
    assert_eq!((first.start, first.expires), (2, 13));
    let renewal = sim
        .report()
        .summits
        .iter()
        .find(|r| r.kind == SummitKind::Renewal)
        .expect("renewal talks");
    assert_eq!(renewal.turn, 12);
    assert!(renewal.name.starts_with("Renewal talks: "));
}

#[test]
fn breaking_terms_is_a_breach_that_costs_trust() {
    let mut s = busan_only();
    // China reinstates its magnet licensing for everyone two months after Busan.
    s.events.push(Event {
        id: "crackdown".into(),
        headline: "China reinstates case-by-case review for every buyer".into(),
        trigger: Trigger::AtTurn(3),
        repeat: false,
        effects: vec![Effect::ExportRegime {
            nation: "CN".into(),
            goods: Goods::Only(vec!["magnet".into()]),
            to: Nations::All,
            regime: Regime::Licensing {
                approval: 0.3,
                review_months: 2,
                validity_months: 6,
            },
        }],
        months: None,
    });
    let mut kept = run(&busan_only(), 7, 3);
    let mut broken = run(&s, 7, 3);
    let deal = &broken.report().summits[0];
    assert!(
        deal.package.as_ref().unwrap()[0].starts_with("General licences"),
        "{:?}",
        deal.package
    );
    let a = agreements(&mut broken);
    let cn = broken.catalog().nation_index("CN").unwrap();
    assert_eq!(a[0].status, AgreementStatus::Breached { by: cn, turn: 3 });
    assert!(
        broken
            .report()
            .news
            .iter()
            .any(|n| n.turn == 3 && n.headline.starts_with("China breaches")),
    );
    assert_eq!(agreements(&mut kept)[0].status, AgreementStatus::Active);
    // The US trusts China less once the breach lands (next turn's effects).
    let mut kept = run(&busan_only(), 7, 4);
    let mut broken = run(&s, 7, 4);
    let (t_kept, t_broken) = (trust(&mut kept, "US", "CN"), trust(&mut broken, "US", "CN"));
    assert!(t_broken < t_kept - 0.2, "{t_broken} vs {t_kept}");
}

#[test]
fn high_tension_calls_an_emergency_summit() {
    let mut s = default_scenario();
    s.summits.clear();
    s.diplomacy.emergency_tension = 0.6;
    let sim = run(&s, 1, 2);
    let r = &sim.report().summits;
    assert!(!r.is_empty());
    assert_eq!(r[0].kind, SummitKind::Emergency);
    assert_eq!(r[0].parties, vec!["US".to_string(), "CN".to_string()]);
    // Only issues on which the two of them give.
    assert!(
        r[0].agenda
            .iter()
            .all(|a| a.givers.iter().all(|g| g == "US" || g == "CN"))
    );
}

#[test]
fn a_human_seat_moves_through_messages_and_the_ai_answers() {
    let mut s = busan_only();
    s.nations.iter_mut().find(|n| n.id == "US").unwrap().seat =
        chokepoint::scenario::schema::Seat::Human;
    let mut sim = Sim::new(&s, 7).unwrap().with_human_seats();
    sim.step();
    let us = sim.catalog().nation_index("US").unwrap();
    let cn = sim.catalog().nation_index("CN").unwrap();
    assert_eq!(sim.open_summits().len(), 1, "the summit waits for the US");
    assert_eq!(
        sim.summit_move(0, cn, Move::Accept),
        Err(ProtocolError::NotYourTurn { expected: 0 })
    );
    // The US asks for general licences in exchange for lower tariffs.
    sim.summit_move(0, us, Move::Propose(vec![1, 0, 2, 0]))
        .unwrap();
    // China answered and it is the US's turn again.
    let session = sim
        .open_summits()
        .first()
        .expect("China answers the US proposal with one of its own");
    assert_eq!(session.transcript.len(), 2);
    assert_eq!(session.transcript[0].reason, "a player's move");
    assert_eq!(session.transcript[1].party, "CN");
    sim.summit_move(0, us, Move::Accept).unwrap();
    assert!(sim.open_summits().is_empty());
    let r = &sim.report().summits[0];
    assert_eq!(r.transcript[0].party, "US");
    assert!(r.package.is_some(), "{:?}", r.outcome);
}

#[test]
fn summits_do_not_change_determinism() {
    let s = default_scenario();
    let a = run(&s, 5, 14);
    let b = run(&s, 5, 14);
    assert!(!a.report().summits.is_empty());
    assert_eq!(a.report().summits, b.report().summits);
    assert_eq!(a.state_hash(), b.state_hash());
}

#[test]
fn three_parties_can_negotiate() {
    let mut s = busan_only();
    s.summits[0].parties.push("EU".into());
    let sim = run(&s, 3, 1);
    let r = &sim.report().summits[0];
    assert_eq!(r.parties, vec!["US", "CN", "EU"]);
    // Moves cycle through the three parties in the listed order.
    let order: Vec<&str> = r.transcript.iter().map(|t| t.party.as_str()).collect();
    for (k, p) in order.iter().enumerate() {
        assert_eq!(*p, ["US", "CN", "EU"][k % 3], "{order:?}");
    }
    assert_eq!(r.reservation.len(), 3);
    // Whether or not the three agree, nobody would have taken less than no deal.
    never_worse_than_no_deal(r);
}
