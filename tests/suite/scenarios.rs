//! The shipped scenarios: each validates and plays 20 seeds with the AI at normal, holding the
//! model's invariants every turn; `embargo-2010` reproduces the direction and timing of the
//! 2010–2012 price episode (sources §3.3).

use crate::common::*;
use chokepoint::ai::Difficulty;
use chokepoint::scenario::{self, SHIPPED};
use chokepoint::sim::Sim;

#[test]
fn every_shipped_scenario_plays_20_seeds_within_the_invariants() {
    for shipped in SHIPPED {
        let s = shipped.parse().unwrap_or_else(|d| panic!("{d}"));
        assert!(!s.description.is_empty(), "{} has no description", s.id);
        assert!(
            !s.learning_objectives.is_empty(),
            "{} has no learning objectives",
            s.id
        );
        let notes = &s.teacher_notes;
        assert!(
            !notes.discuss.is_empty() && !notes.history.is_empty() && !notes.sources.is_empty(),
            "{} lacks teacher notes",
            s.id
        );
        // Seeds run two at a time (CI has two cores).
        std::thread::scope(|scope| {
            for half in [0u64, 1] {
                let s = &s;
                scope.spawn(move || {
                    for seed in (1..=20u64).filter(|k| k % 2 == half) {
                        let mut sim = with_ai(s, seed, Difficulty::Normal);
                        for _ in 0..s.turns {
                            sim.step();
                            check_turn(&mut sim);
                        }
                    }
                });
            }
        });
    }
}

/// Yearly mean of a good's price index in a region, for the calendar years of the game.
fn yearly(sim: &Sim, good: usize, region: usize, start_month: u32) -> Vec<f64> {
    assert_eq!(start_month, 1, "years are counted from January");
    price_index(sim, good, region)
        .chunks(12)
        .map(|c| c.iter().sum::<f64>() / c.len() as f64)
        .collect()
}

/// A good's price in a region each turn, as a multiple of its base price.
fn price_index(sim: &Sim, good: usize, region: usize) -> Vec<f64> {
    let base = sim.catalog().goods[good].base_price;
    sim.report()
        .prices
        .iter()
        .filter(|p| p.good == good && p.region == region)
        .map(|p| p.price / base)
        .collect()
}

#[test]
fn embargo_2010_reproduces_the_price_episode() {
    let s = scenario::load("embargo-2010").unwrap_or_else(|d| panic!("{d}"));
    // History as scripted: events and summits only, no nation acting on its own.
    let sim = run(&s, 1, s.turns);
    let c = sim.catalog();
    let (reo, us, cn) = (good(c, "reo"), nation(c, "US"), nation(c, "CN"));
    let outside = price_index(&sim, reo, us);
    // Before the July 2010 cut, prices hold (within 10% of base).
    assert!(
        outside[..6].iter().all(|p| (p - 1.0).abs() < 0.1),
        "{:?}",
        &outside[..6]
    );
    // The shape (sources §3.3): prices "initially indifferent" to the September 2010 halt
    // (turn 9), a peak in 2011 (in reality July-August, turns 19-20), reached by a climb of
    // months rather than a jump, then a decline that takes more than a year. (A pure spot
    // market, `contract_months: 1, spot_share: 1.0`, fails each of these: 2.5x at the halt, a
    // peak at turn 12 three months after prices doubled, half the excess gone in four months.)
    let at = |turn: usize| outside[turn - 1];
    assert!(at(9) < 2.0, "already {:.2}x at the halt", at(9));
    let peak = (0..outside.len())
        .max_by(|&a, &b| outside[a].total_cmp(&outside[b]))
        .unwrap()
        + 1;
    assert!((14..=22).contains(&peak), "peak at turn {peak}");
    let doubled = (1..=peak).find(|&t| at(t) >= 2.0).unwrap();
    assert!(
        peak - doubled >= 4,
        "from 2x at turn {doubled} to the peak at turn {peak}"
    );
    assert!(
        at(peak + 12) > 0.3 * at(peak) && at(peak + 12) < 0.7 * at(peak),
        "a year after the peak: {:.2}x of {:.2}x",
        at(peak + 12),
        at(peak)
    );
    assert!(
        at(peak + 24) < 0.3 * at(peak),
        "two years after the peak: {:.2}x",
        at(peak + 24)
    );
    // Yearly means outside China against the US import unit value (DS140): 2.2x (2010),
    // 6.2x (2011), 5.5x (2012), 2.1x (2013). Direction and rough size: 2011 is the dearest
    // year, several times the base; 2012 stays high; by 2013 the price has fallen by more
    // than half.
    let y = yearly(&sim, reo, us, s.start.month);
    let inside = yearly(&sim, reo, cn, s.start.month);
    println!(
        "peak outside China at turn {peak}: {:.2}x",
        outside[peak - 1]
    );
    for (k, (o, i)) in y.iter().zip(&inside).enumerate() {
        println!(
            "{}: outside China (US) {o:.2}x, inside China {i:.2}x",
            2010 + k
        );
    }
    assert!(y[0] > 1.5 && y[0] < 4.0, "2010: {y:?}");
    assert!(y[1] > 4.0 && y[1] < 9.0, "2011: {y:?}");
    assert!(
        y[1] >= y[0] && y[1] >= y[2],
        "2011 is the dearest year: {y:?}"
    );
    assert!(y[2] > 2.5, "2012 stays high: {y:?}");
    assert!(y[3] < 0.5 * y[1], "2013 falls: {y:?}");
    // Dual pricing: inside China the quota keeps the price far below the outside one.
    assert!(inside[1] < 0.5 * y[1], "China {inside:?} vs outside {y:?}");
    // The quota binds through the crisis: 2011 exports reach the 30,184 t quota. (In reality it
    // stopped binding in 2012, at 16,265 t of 30,996 t; the model's thrift reverses as prices
    // fall, so its quota binds longer: docs/calibration.md.)
    let exported_2011 = sum_goods(&sim, reo, Some(cn), 13, 24, |r| r.exported);
    assert!(
        (exported_2011 - 30184.0).abs() < 0.02 * 30184.0,
        "exports 2011: {exported_2011}"
    );
}

/// Every figure a shipped scenario cites ("sources §n", "§n-m", "§n, §m") names a section of
/// docs/sources.md, which restates it with its public source; no scenario points outside the
/// repository.
#[test]
fn every_citation_in_a_shipped_scenario_is_a_section_of_sources_md() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources = std::fs::read_to_string(root.join("docs/sources.md")).unwrap();
    let sections: Vec<String> = sources
        .lines()
        .filter(|l| l.starts_with('#'))
        .filter_map(|l| l.split_whitespace().nth(1))
        .filter(|w| w.starts_with('§'))
        .map(|w| w.trim_start_matches('§').to_string())
        .collect();
    assert!(sections.len() >= 15, "{sections:?}");
    let mut cited = 0;
    for e in std::fs::read_dir(root.join("scenarios")).unwrap() {
        let path = e.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.display();
        assert!(!text.contains("world-data"), "{name} cites world-data");
        assert!(!text.contains("WD §"), "{name} cites WD §");
        for line in text.lines().filter(|l| l.contains("sources")) {
            // Each "§x.y" after the word "sources", up to the end of its list of sections.
            let Some(at) = line.find("sources") else {
                continue;
            };
            for part in line[at..].split('§').skip(1) {
                let number: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '.')
                    .collect();
                let number = number.trim_end_matches('.');
                if number.is_empty() {
                    continue;
                }
                cited += 1;
                assert!(
                    sections.iter().any(|s| s == number),
                    "{name}: `sources §{number}` is not a section of docs/sources.md: {line}"
                );
            }
        }
    }
    assert!(cited > 200, "{cited} citations found");
}
