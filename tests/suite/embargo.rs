//! The dominant refiner bans all its rare-earth exports: prices outside it rise sharply within a
//! few turns, then ease as demand and stocks adjust; inside it, trapped supply cheapens.
//! The figures are recorded beside the 2010–2012 episode (sources §3.3) in
//! docs/calibration.md; run with `--nocapture` to print them.

use crate::common::*;
use chokepoint::scenario::schema::{Effect, Event, Goods, Nations, Regime};
use chokepoint::sim::Sim;

pub const BAN_TURN: u32 = 3;
const OUTSIDE: [&str; 3] = ["US", "EU", "JP"];

fn embargo_run() -> Sim {
    let mut s = open_scenario();
    s.events.push(Event {
        id: "ban".into(),
        headline: "China bans all rare-earth exports".into(),
        trigger: chokepoint::scenario::schema::Trigger::AtTurn(BAN_TURN),
        repeat: false,
        effects: vec![Effect::ExportRegime {
            nation: "CN".into(),
            goods: Goods::Only(
                ["conc", "ndpr", "dytb", "lace", "magnet"]
                    .map(String::from)
                    .to_vec(),
            ),
            to: Nations::All,
            regime: Regime::Ban,
        }],
        months: None,
    });
    run(&s, 1, 60)
}

/// Mean price index (price / base) of a good in the US, EU and Japan at a turn.
fn outside_index(sim: &Sim, good_id: &str, turn: u32) -> f64 {
    let c = sim.catalog();
    let g = good(c, good_id);
    let base = c.goods[g].base_price;
    OUTSIDE
        .iter()
        .map(|n| sim.report().price(turn, g, nation(c, n)).unwrap() / base)
        .sum::<f64>()
        / OUTSIDE.len() as f64
}

fn inside_index(sim: &Sim, good_id: &str, turn: u32) -> f64 {
    let c = sim.catalog();
    let g = good(c, good_id);
    sim.report().price(turn, g, nation(c, "CN")).unwrap() / c.goods[g].base_price
}

#[test]
fn a_ban_by_the_dominant_refiner_spikes_then_eases_prices_outside() {
    let sim = embargo_run();
    println!("month after ban: magnets outside / inside China, NdPr outside, La/Ce outside");
    for t in (1..=60).step_by(3) {
        println!(
            "{:>3} {}: {:>5.2} {:>5.2} {:>5.2} {:>6.2}",
            t as i64 - BAN_TURN as i64,
            sim.catalog().date_label(t),
            outside_index(&sim, "magnet", t),
            inside_index(&sim, "magnet", t),
            outside_index(&sim, "ndpr", t),
            outside_index(&sim, "lace", t),
        );
    }

    let before = outside_index(&sim, "magnet", BAN_TURN - 1);
    assert!((before - 1.0).abs() < 0.15, "calm before the ban: {before}");

    // Sharp: at least double within six months of the ban.
    let six_months = outside_index(&sim, "magnet", BAN_TURN + 6);
    assert!(
        six_months >= 2.0,
        "magnets outside six months on: {six_months:.2}x"
    );

    // Peak within two years, several times the base price.
    let (peak_turn, peak) = (BAN_TURN..=BAN_TURN + 24)
        .map(|t| (t, outside_index(&sim, "magnet", t)))
        .fold((0, 0.0), |best, x| if x.1 > best.1 { x } else { best });
    println!("peak {peak:.2}x at month {}", peak_turn - BAN_TURN);
    assert!(peak >= 3.0, "peak {peak:.2}x");

    // Eases: within two years after the peak, at least 30% below it.
    let low_after = (peak_turn..=peak_turn + 24)
        .map(|t| outside_index(&sim, "magnet", t))
        .fold(f64::INFINITY, f64::min);
    println!("lowest within two years of the peak {low_after:.2}x");
    assert!(
        low_after <= 0.7 * peak,
        "no easing: {low_after:.2}x after {peak:.2}x"
    );

    // Inside China, supply is trapped and the price falls.
    let inside = inside_index(&sim, "magnet", BAN_TURN + 12);
    assert!(inside < 0.9, "magnets in China a year on: {inside:.2}x");
    // La/Ce, mostly refined in China, spikes too, and eases as users cut back.
    let lace_peak = (BAN_TURN..=BAN_TURN + 24)
        .map(|t| outside_index(&sim, "lace", t))
        .fold(0.0, f64::max);
    let lace_late = outside_index(&sim, "lace", BAN_TURN + 36);
    assert!(
        lace_peak >= 5.0 && lace_late < 0.7 * lace_peak,
        "{lace_peak} {lace_late}"
    );
}

/// A 2010-style cut: export quotas at 60% of China's current exports of each rare-earth good
/// (the 2010 quota fell ~40%, sources §3.1).
#[test]
fn a_quota_cut_raises_prices_less_than_a_ban() {
    let open = open_scenario();
    let base = run(&open, 1, 12);
    let c = base.catalog().clone();
    let cn = nation(&c, "CN");
    let mut s = open.clone();
    let mut effects = Vec::new();
    for g in ["ndpr", "dytb", "lace", "magnet"] {
        let gi = good(&c, g);
        let yearly = sum_goods(&base, gi, Some(cn), 1, 12, |r| r.exported);
        effects.push(Effect::ExportQuota {
            nation: "CN".into(),
            good: g.into(),
            limit: Some(0.6 * yearly),
        });
    }
    s.events.push(Event {
        id: "quota_cut".into(),
        headline: "China cuts rare-earth export quotas by 40%".into(),
        trigger: chokepoint::scenario::schema::Trigger::AtTurn(BAN_TURN),
        repeat: false,
        effects,
        months: None,
    });
    let cut = run(&s, 1, 60);
    let ban = embargo_run();
    println!("month after cut: magnets outside (quota cut / ban), La/Ce outside (quota cut / ban)");
    for t in (BAN_TURN..=60).step_by(3) {
        println!(
            "{:>3}: {:>5.2} / {:>5.2}   {:>5.2} / {:>5.2}",
            t - BAN_TURN,
            outside_index(&cut, "magnet", t),
            outside_index(&ban, "magnet", t),
            outside_index(&cut, "lace", t),
            outside_index(&ban, "lace", t),
        );
    }
    let peak = |sim: &Sim| {
        (BAN_TURN..=BAN_TURN + 24)
            .map(|t| outside_index(sim, "magnet", t))
            .fold(0.0, f64::max)
    };
    let (p_cut, p_ban) = (peak(&cut), peak(&ban));
    println!("magnet peak outside: quota cut {p_cut:.2}x, ban {p_ban:.2}x");
    assert!(p_cut >= 1.5, "a 40% cut should bite: {p_cut:.2}x");
    assert!(p_cut < p_ban, "a cut bites less than a ban");
}
