//! Agreements as time-limited suspensions: when a truce ends (expiry, breach or a new deal that
//! leaves a lever out), every measure it set goes back, on both sides, in the same month; a
//! lever a party has changed since keeps the party's own order.

use crate::common::*;
use chokepoint::negotiation::protocol::Move;
use chokepoint::scenario::schema::{Effect, Event, Goods, Nations, Scenario, Seat, Trigger};
use chokepoint::sim::Sim;
use chokepoint::sim::catalog::Regime;
use chokepoint::sim::nation::Nation;
use chokepoint::sim::orders::Policies;

/// The default scenario with only the Busan summit, played by people on both sides, and no
/// renewal talks before the agreement ends.
fn busan_by_people() -> Scenario {
    let mut s = default_scenario();
    s.summits.retain(|x| x.id == "busan");
    s.diplomacy.emergency_tension = 1.0;
    for n in &mut s.nations {
        if n.id == "US" || n.id == "CN" {
            n.seat = Seat::Human;
        }
    }
    s
}

/// What the truce touches, on both sides: China's regime for dysprosium/terbium to the US and
/// to Japan, its rule on foreign-made magnets for Japan, and the US tariff on Chinese magnets,
/// its regime for chip-making equipment to China and its reach over chips sold to China.
#[derive(Debug, Clone, PartialEq)]
struct Measures {
    cn_dytb_to_us: Regime,
    cn_dytb_to_jp: Regime,
    cn_reach_magnet_jp: Option<Regime>,
    us_tariff_magnet: f64,
    us_tariff_ndpr: f64,
    us_sme_to_cn: Regime,
    us_reach_chip_cn: Option<Regime>,
}

fn policies(sim: &Sim, id: &str) -> Policies {
    let n = sim.catalog().nation_index(id).unwrap();
    let w = sim.world();
    let mut q = chokepoint::sim::read::<(&Nation, &Policies)>(w);
    q.iter(w).find(|(x, _)| x.idx == n).unwrap().1.clone()
}

fn measures(sim: &Sim) -> Measures {
    let c = sim.catalog();
    let (us, cn, jp) = (
        c.nation_index("US").unwrap(),
        c.nation_index("CN").unwrap(),
        c.nation_index("JP").unwrap(),
    );
    let g = |id: &str| good(c, id);
    let (p_cn, p_us) = (policies(sim, "CN"), policies(sim, "US"));
    Measures {
        cn_dytb_to_us: p_cn.regime(g("dytb"), us),
        cn_dytb_to_jp: p_cn.regime(g("dytb"), jp),
        cn_reach_magnet_jp: p_cn.extraterritorial(g("magnet"), jp).map(|r| r.regime),
        us_tariff_magnet: p_us.tariff(g("magnet"), cn),
        us_tariff_ndpr: p_us.tariff(g("ndpr"), cn),
        us_sme_to_cn: p_us.regime(g("sme"), cn),
        us_reach_chip_cn: p_us.extraterritorial(g("adv_chip"), cn).map(|r| r.regime),
    }
}

/// Signs the Busan package that gives on every issue: general licences and the October
/// measures suspended; the Affiliates rule suspended; the tariff at ~47%; 12 Mt of soybeans.
/// Returns the game after the month of the summit and the measures the terms will change.
fn sign(s: &Scenario) -> (Sim, Measures) {
    let mut sim = Sim::new(s, 7).unwrap().with_human_seats();
    sim.step();
    let (us, cn) = (
        sim.catalog().nation_index("US").unwrap(),
        sim.catalog().nation_index("CN").unwrap(),
    );
    assert_eq!(sim.open_summits().len(), 1, "Busan waits for the US");
    sim.summit_move(0, us, Move::Propose(vec![2, 1, 1, 1]))
        .unwrap();
    sim.summit_move(0, cn, Move::Accept).unwrap();
    assert!(sim.open_summits().is_empty());
    assert!(sim.report().summits[0].package.is_some());
    // The terms take effect next month: this is what each side had without the truce.
    let before = measures(&sim);
    (sim, before)
}

/// Steps the game, walking away from any summit that waits for a person.
fn step(sim: &mut Sim) {
    sim.step();
    while let Some(x) = sim.open_summits().first() {
        let who = x.parties[x.protocol.to_move().unwrap()];
        sim.summit_move(0, who, Move::WalkAway).unwrap();
    }
}

#[test]
fn an_expired_truce_restores_both_sides_measures_in_the_same_month() {
    let (mut sim, before) = sign(&busan_by_people());
    let expires = sim.report().summits[0].expires.unwrap();
    step(&mut sim);
    let during = measures(&sim);
    // Every measure moved while the truce holds.
    assert_eq!(during.cn_dytb_to_us, Regime::GeneralLicence { months: 12 });
    assert_ne!(during.cn_dytb_to_jp, before.cn_dytb_to_jp);
    assert_eq!(during.cn_reach_magnet_jp, Some(Regime::Open));
    assert!(during.us_tariff_magnet < before.us_tariff_magnet - 0.05);
    assert!(during.us_tariff_ndpr < before.us_tariff_ndpr - 0.05);
    assert_ne!(during.us_sme_to_cn, before.us_sme_to_cn);
    assert_ne!(during.us_reach_chip_cn, before.us_reach_chip_cn);
    while sim.turn() < expires {
        step(&mut sim);
        assert_eq!(measures(&sim), during, "month {}", sim.turn());
    }
    // The month after its last: everything back, on both sides at once.
    step(&mut sim);
    assert_eq!(measures(&sim), before);
    let lapse = sim
        .report()
        .news
        .iter()
        .find(|n| n.headline.contains("measures it set lapse"))
        .expect("the news says the measures lapse");
    assert_eq!(lapse.turn, expires + 1);
    assert!(
        lapse.headline.contains("United States and China"),
        "{}",
        lapse.headline
    );
}

/// A party's own order on a lever the truce set stands when the truce ends: only measures still
/// as the agreement left them go back.
#[test]
fn a_partys_own_later_order_outlives_the_truce() {
    let mut s = busan_by_people();
    // Three months in, the US sets its own tariff on Chinese goods (all of them) at 15%.
    s.events.push(Event {
        id: "own_tariff".into(),
        headline: "Washington resets the base tariff on Chinese goods".into(),
        trigger: Trigger::AtTurn(4),
        repeat: false,
        effects: vec![Effect::Tariff {
            nation: "US".into(),
            from: Nations::Only(vec!["CN".into()]),
            goods: Goods::All,
            rate: 0.15,
        }],
        months: None,
    });
    let (mut sim, before) = sign(&s);
    let expires = sim.report().summits[0].expires.unwrap();
    while sim.turn() <= expires {
        step(&mut sim);
    }
    let after = measures(&sim);
    let cn = sim.catalog().nation_index("CN").unwrap();
    let p = policies(&sim, "US");
    assert!(
        (p.tariff(good(sim.catalog(), "ndpr"), cn) - 0.15).abs() < 1e-9,
        "the US's own base tariff stands"
    );
    // It covers magnets too, and comes later than the truce's rule for them: the last word.
    assert!((after.us_tariff_magnet - 0.15).abs() < 1e-9);
    // The rest goes back.
    assert_eq!(after.us_sme_to_cn, before.us_sme_to_cn);
    assert_eq!(after.cn_dytb_to_jp, before.cn_dytb_to_jp);
}

/// A truce that collapses after a breach ends as one that expires: the breacher's own new
/// measure stands, and the other side's concessions go back.
#[test]
fn a_breached_truce_restores_the_other_sides_measures() {
    let mut s = busan_by_people();
    s.events.push(Event {
        id: "crackdown".into(),
        headline: "China reinstates case-by-case review for every buyer".into(),
        trigger: Trigger::AtTurn(3),
        repeat: false,
        effects: vec![Effect::ExportRegime {
            nation: "CN".into(),
            goods: Goods::Only(vec!["dytb".into(), "magnet".into()]),
            to: Nations::Only(vec!["US".into()]),
            regime: chokepoint::scenario::schema::Regime::Ban,
        }],
        months: None,
    });
    let (mut sim, before) = sign(&s);
    for _ in 0..3 {
        step(&mut sim);
    }
    let m = measures(&sim);
    assert_eq!(m.cn_dytb_to_us, Regime::Ban, "China's own measure stands");
    assert_eq!(m.us_tariff_magnet, before.us_tariff_magnet);
    assert_eq!(m.us_sme_to_cn, before.us_sme_to_cn);
    assert_eq!(m.us_reach_chip_cn, before.us_reach_chip_cn);
}

/// A new deal between the same parties replaces the old one: a lever it leaves at "Current
/// controls" goes back at once, and the levers it sets again carry on, going back when the new
/// deal ends to what the parties had before the first.
#[test]
fn a_new_deal_restores_what_it_leaves_out_and_carries_the_rest() {
    let mut s = busan_by_people();
    let mut beijing = default_scenario()
        .summits
        .into_iter()
        .find(|x| x.id == "beijing")
        .unwrap();
    beijing.turn = 5;
    s.summits.push(beijing);
    let (mut sim, before) = sign(&s);
    let (us, cn) = (
        sim.catalog().nation_index("US").unwrap(),
        sim.catalog().nation_index("CN").unwrap(),
    );
    while sim.turn() < 4 {
        step(&mut sim);
    }
    // Step into Beijing without walking away from it.
    sim.step();
    assert_eq!(sim.open_summits().len(), 1, "Beijing waits");
    let first = sim.open_summits()[0].parties[sim.open_summits()[0].protocol.to_move().unwrap()];
    let other = if first == us { cn } else { us };
    // The same package, but the US keeps its current chip controls.
    sim.summit_move(0, first, Move::Propose(vec![2, 0, 1, 1]))
        .unwrap();
    sim.summit_move(0, other, Move::Accept).unwrap();
    let m = measures(&sim);
    assert_eq!(
        m.us_sme_to_cn, before.us_sme_to_cn,
        "the Affiliates rule is back"
    );
    assert_eq!(m.us_reach_chip_cn, before.us_reach_chip_cn);
    assert!(
        m.us_tariff_magnet < before.us_tariff_magnet - 0.05,
        "the tariff cut carries on"
    );
    assert_eq!(
        m.cn_reach_magnet_jp,
        Some(Regime::Open),
        "so does China's suspension"
    );
    let expires = sim.report().summits.last().unwrap().expires.unwrap();
    assert!(
        expires > 13,
        "the new deal runs past the old one's end ({expires})"
    );
    while sim.turn() <= expires {
        step(&mut sim);
    }
    assert_eq!(measures(&sim), before);
}

/// `AgreementInForce` holds from the month a deal takes effect to its last month, for the
/// parties that signed it (and an issue it settles), and not after it lapses.
#[test]
fn an_agreement_in_force_condition_follows_the_truce() {
    use chokepoint::scenario::schema::Condition;
    let mut s = busan_by_people();
    let watch = |id: &str, condition: Condition| Event {
        id: id.into(),
        headline: id.into(),
        trigger: Trigger::When(condition),
        repeat: true,
        effects: Vec::new(),
        months: None,
    };
    let truce = Condition::AgreementInForce {
        parties: vec!["CN".into(), "US".into()],
        issue: None,
    };
    s.events.push(watch("truce", truce.clone()));
    s.events.push(watch(
        "on_controls",
        Condition::AgreementInForce {
            parties: vec!["US".into()],
            issue: Some(s.summits[0].agenda[0].clone()),
        },
    ));
    s.events.push(watch(
        "with_japan",
        Condition::AgreementInForce {
            parties: vec!["JP".into(), "CN".into()],
            issue: None,
        },
    ));
    s.events
        .push(watch("no_truce", Condition::Not(Box::new(truce))));
    let (mut sim, _) = sign(&s);
    let expires = sim.report().summits[0].expires.unwrap();
    while sim.turn() < expires + 2 {
        step(&mut sim);
    }
    let fired = |id: &str| -> Vec<u32> {
        sim.report()
            .news
            .iter()
            .filter(|n| n.headline == id)
            .map(|n| n.turn)
            .collect()
    };
    // Signed in month 1, in force from month 2 to its last month.
    let during: Vec<u32> = (2..=expires).collect();
    assert_eq!(fired("truce"), during);
    assert_eq!(fired("on_controls"), during);
    assert!(fired("with_japan").is_empty());
    let mut outside = vec![1];
    outside.extend(expires + 1..=expires + 2);
    assert_eq!(fired("no_truce"), outside);
}

/// An event's `months` makes its measures time-limited: a tariff set for three months holds
/// in months 3-5 and goes back in month 6, with a line in the news; a lever the nation has
/// set again since keeps its own order.
#[test]
fn a_time_limited_measure_goes_back_when_its_months_are_up() {
    let tariff = |id: &str, turn: u32, rate: f64, months: Option<u32>| Event {
        id: id.into(),
        headline: id.into(),
        trigger: Trigger::AtTurn(turn),
        repeat: false,
        effects: vec![Effect::Tariff {
            nation: "US".into(),
            from: Nations::Only(vec!["CN".into()]),
            goods: Goods::Only(vec!["magnet".into()]),
            rate,
        }],
        months,
    };
    let magnet_tariff = |sim: &Sim| {
        let cn = sim.catalog().nation_index("CN").unwrap();
        policies(sim, "US").tariff(good(sim.catalog(), "magnet"), cn)
    };
    let mut s = open_scenario();
    s.events.push(tariff("truce_tariff", 3, 0.5, Some(3)));
    let mut sim = Sim::new(&s, 1).unwrap();
    let mut path = Vec::new();
    for _ in 0..7 {
        sim.step();
        path.push(magnet_tariff(&sim));
    }
    let before = path[0];
    assert!(
        (before - 0.5).abs() > 0.05,
        "the scenario's own tariff differs: {before}"
    );
    assert_eq!(&path[2..5], &[0.5, 0.5, 0.5], "{path:?}");
    assert_eq!(path[5], before, "{path:?}");
    assert_eq!(path[6], before);
    let news = sim
        .report()
        .news
        .iter()
        .find(|n| n.headline.contains("ends after 3 months"))
        .expect("the news says it ends");
    assert_eq!(news.turn, 6);
    assert!(
        news.headline.starts_with("United States:"),
        "{}",
        news.headline
    );

    // Set again in month 4, for good: the nation's own later order stands.
    s.events.push(tariff("own_tariff", 4, 0.3, None));
    let mut sim = Sim::new(&s, 1).unwrap();
    for _ in 0..7 {
        sim.step();
    }
    assert!((magnet_tariff(&sim) - 0.3).abs() < 1e-12);
    assert!(
        !sim.report()
            .news
            .iter()
            .any(|n| n.headline.contains("ends after")),
        "nothing went back"
    );
}
