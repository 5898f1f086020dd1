//! The default scenario against the sourced calibration (sources §1.1, §1.4, §2.1, §7).

use crate::common::*;

/// Relative tolerance the issue asks for.
const TOL: f64 = 0.10;

fn within(actual: f64, expected: f64) -> bool {
    (actual / expected - 1.0).abs() <= TOL
}

#[test]
fn opening_turns_match_world_data_with_open_regimes() {
    let s = open_scenario();
    let turns = 3;
    let sim = run(&s, 1, turns);
    let c = sim.catalog();
    let (conc, ndpr, dytb, lace, magnet) = (
        good(c, "conc"),
        good(c, "ndpr"),
        good(c, "dytb"),
        good(c, "lace"),
        good(c, "magnet"),
    );
    let cn = nation(c, "CN");
    let per_year = 12.0 / turns as f64;

    // World mine output 390,000 t REO in 2025 (sources §1.1, A).
    let mined = sum_goods(&sim, conc, None, 1, turns, |r| r.produced) * per_year;
    println!("world mine output {mined:.0} t/yr");
    assert!(
        within(mined, 390_000.0),
        "world mine output {mined:.0} t/yr"
    );

    // China's share of separated oxides: 91% (sources §2.1, IEA, B).
    let oxides = |n: Option<usize>| {
        [ndpr, dytb, lace]
            .iter()
            .map(|&g| sum_goods(&sim, g, n, 1, turns, |r| r.produced))
            .sum::<f64>()
    };
    let share = oxides(Some(cn)) / oxides(None);
    println!("China's share of separated oxides {:.1}%", share * 100.0);
    assert!(within(share, 0.91), "China's separation share {share:.3}");

    // China's share of magnets: 94% (sources §2.1, IEA, B).
    let mag = sum_goods(&sim, magnet, Some(cn), 1, turns, |r| r.produced)
        / sum_goods(&sim, magnet, None, 1, turns, |r| r.produced);
    println!("China's share of magnets {:.1}%", mag * 100.0);
    assert!(within(mag, 0.94), "China's magnet share {mag:.3}");

    // NdPr oxide $69/kg FOB China, 2025 average (sources §1.4, A).
    for t in 1..=turns {
        let p = sim.report().price(t, ndpr, cn).unwrap();
        println!("NdPr oxide FOB China, turn {t}: ${:.1}/kg", p / 1000.0);
        assert!(within(p, 69_000.0), "NdPr price turn {t}: {p:.0}");
    }
}

#[test]
fn us_import_reliance_for_compounds_matches_usgs() {
    // Net import reliance for compounds and metals: 67% in 2025 (sources §1.3, A).
    let s = open_scenario();
    let turns = 3;
    let sim = run(&s, 1, turns);
    let c = sim.catalog();
    let us = nation(c, "US");
    let compounds = ["ndpr", "dytb", "lace"].map(|g| good(c, g));
    let made: f64 = compounds
        .iter()
        .map(|&g| sum_goods(&sim, g, Some(us), 1, turns, |r| r.produced))
        .sum();
    let used: f64 = compounds
        .iter()
        .map(|&g| sum_goods(&sim, g, Some(us), 1, turns, |r| r.used + r.consumed))
        .sum();
    let reliance = (used - made) / used;
    println!(
        "US compounds: made {:.0} t/yr, used {:.0} t/yr, net import reliance {:.0}%",
        made * 4.0,
        used * 4.0,
        reliance * 100.0
    );
    assert!(
        within(reliance, 0.67),
        "US net import reliance {reliance:.2}"
    );
}
