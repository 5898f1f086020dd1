//! The AI report: how the AI plays the default scenario over 20 seeds. Prints Markdown (the
//! figures in `docs/ai.md` come from it).
//!
//! `cargo run --release --example ai_report [-- seeds]`
//!
//! 1. For each major nation, its final score when the normal AI plays it against when it is
//!    left passive (no orders), everyone else at normal; and the same for hard against easy.
//! 2. Ten-year games at normal: China's share of US magnet supply and of US rare-earth
//!    imports, year by year; how often levers move; the worst each nation fares.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use chokepoint::ai::evaluate::{self, Game};
use chokepoint::ai::{AiSettings, Difficulty};
use chokepoint::scenario::{self, schema::Scenario};

const MAJOR: [&str; 4] = ["US", "CN", "EU", "JP"];

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
struct Job {
    /// Nation played at `level` (others at normal), or none: everyone at `level`.
    nation: Option<usize>,
    level: Difficulty,
    seed: u64,
    turns: u32,
}

fn settings(job: &Job) -> AiSettings {
    let mut s = AiSettings::default();
    match job.nation {
        Some(n) => {
            s.nations.insert(n, job.level);
        }
        None => s.difficulty = job.level,
    }
    s
}

/// Plays every job on every core, keeping only what `keep` reads off each game.
fn run_all<T: Send>(
    scenario: &Scenario,
    jobs: &[Job],
    keep: impl Fn(&Job, Game) -> T + Sync,
) -> BTreeMap<Job, T> {
    let next = AtomicUsize::new(0);
    let out = Mutex::new(BTreeMap::new());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let game = evaluate::play(scenario, job.seed, job.turns, &settings(job))
                        .expect("the default scenario compiles");
                    let kept = keep(job, game);
                    out.lock().expect("no thread panicked").insert(*job, kept);
                }
            });
        }
    });
    out.into_inner().expect("no thread panicked")
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len().max(1) as f64
}

fn main() {
    let seeds: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let scenario = scenario::default_scenario().expect("the default scenario is valid");
    let ids: Vec<&str> = scenario.nations.iter().map(|n| n.id.as_str()).collect();
    let idx = |id: &str| ids.iter().position(|n| *n == id).expect("a major nation");
    let turns = scenario.turns;
    let started = std::time::Instant::now();

    // 1. Levels against each other, one nation at a time.
    let mut jobs = Vec::new();
    for seed in 1..=seeds {
        for id in MAJOR {
            for level in [Difficulty::Passive, Difficulty::Easy, Difficulty::Hard] {
                jobs.push(Job {
                    nation: Some(idx(id)),
                    level,
                    seed,
                    turns,
                });
            }
        }
        jobs.push(Job {
            nation: None,
            level: Difficulty::Normal,
            seed,
            turns,
        });
    }
    let scores = run_all(&scenario, &jobs, |_, g| g.scores);
    println!("## Each level against the others ({seeds} seeds, {turns} turns, others at normal)\n");
    println!(
        "Mean final score of the nation at each level; seeds won–tied–lost by the first level of each pair.\n"
    );
    println!(
        "| nation | passive | easy | normal | hard | normal − passive | seeds | hard − easy | seeds |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for id in MAJOR {
        let n = idx(id);
        let at = |level: Difficulty| -> Vec<f64> {
            (1..=seeds)
                .map(|seed| {
                    let job = Job {
                        nation: (level != Difficulty::Normal).then_some(n),
                        level,
                        seed,
                        turns,
                    };
                    scores[&job][n]
                })
                .collect()
        };
        let (p, e, m, h) = (
            at(Difficulty::Passive),
            at(Difficulty::Easy),
            at(Difficulty::Normal),
            at(Difficulty::Hard),
        );
        // Wins, ties and losses of the first against the second, seed by seed.
        let wins = |a: &[f64], b: &[f64]| {
            let w = a.iter().zip(b).filter(|(x, y)| *x - *y > 1e-9).count();
            let l = a.iter().zip(b).filter(|(x, y)| *y - *x > 1e-9).count();
            format!("{w}–{}–{l}", a.len() - w - l)
        };
        println!(
            "| {id} | {:.2} | {:.2} | {:.2} | {:.2} | {:+.2} | {} | {:+.2} | {} |",
            mean(&p),
            mean(&e),
            mean(&m),
            mean(&h),
            mean(&m) - mean(&p),
            wins(&m, &p),
            mean(&h) - mean(&e),
            wins(&h, &e),
        );
    }

    // 2. Ten-year games at normal.
    let long = 120;
    let jobs: Vec<Job> = (1..=seeds)
        .flat_map(|seed| {
            [Difficulty::Normal, Difficulty::Passive].map(|level| Job {
                nation: None,
                level,
                seed,
                turns: long,
            })
        })
        .collect();
    let us = idx("US");
    let cn = idx("CN");
    struct Long {
        /// Per year: China's share of US magnet supply, of US rare-earth imports.
        magnets: Vec<f64>,
        imports: Vec<f64>,
        churn: Vec<evaluate::Churn>,
        worst: Vec<evaluate::Worst>,
        moves_by_lever: BTreeMap<String, usize>,
    }
    let games = run_all(&scenario, &jobs, |_, g| {
        let re = evaluate::rare_earth_goods(&g.catalog);
        let magnet = g
            .catalog
            .good_index("magnet")
            .expect("the default scenario has magnets");
        let years = 0..long / 12;
        let turns = |y: u32| y * 12 + 1..=y * 12 + 12;
        let magnets = years
            .clone()
            .map(|y| evaluate::supply_share_from(&g, &[magnet], us, cn, turns(y)))
            .collect();
        let imports = years
            .map(|y| evaluate::import_share_from(&g, &re, us, cn, turns(y)))
            .collect();
        let nations = g.catalog.nations.len();
        let mut moves_by_lever = BTreeMap::new();
        for m in &g.moves {
            let kind = format!("{:?}", m.lever);
            let kind = kind.split('(').next().unwrap_or("").to_string();
            *moves_by_lever.entry(kind).or_default() += 1;
        }
        Long {
            magnets,
            imports,
            churn: (0..nations).map(|n| evaluate::churn(&g.moves, n)).collect(),
            worst: (0..nations).map(|n| evaluate::worst(&g, n)).collect(),
            moves_by_lever,
        }
    });
    let at = |level: Difficulty| -> Vec<&Long> {
        games
            .iter()
            .filter(|(j, _)| j.level == level)
            .map(|(_, g)| g)
            .collect()
    };
    let normal = at(Difficulty::Normal);
    let passive = at(Difficulty::Passive);
    println!("\n## Ten-year games at normal ({seeds} seeds, {long} turns)\n");
    println!(
        "China's share of US supply: of NdFeB magnets (made in the US plus imported) and of US \
         rare-earth imports (concentrate, oxides and magnets, at base prices), year by year, as \
         the mean over seeds (lowest–highest seed), with everyone passive for comparison.\n"
    );
    println!(
        "| year | magnets, AI at normal | magnets, everyone passive | imports, AI at normal | imports, everyone passive |"
    );
    println!("|---|---|---|---|---|");
    let cell = |v: Vec<f64>| {
        format!(
            "{:.0}% ({:.0}–{:.0}%)",
            mean(&v) * 100.0,
            v.iter().cloned().fold(f64::INFINITY, f64::min) * 100.0,
            v.iter().cloned().fold(0.0, f64::max) * 100.0
        )
    };
    for y in 0..(long / 12) as usize {
        let of = |gs: &[&Long], f: fn(&Long) -> &Vec<f64>| -> Vec<f64> {
            gs.iter().map(|g| f(g)[y]).collect()
        };
        println!(
            "| {} | {} | {} | {} | {} |",
            y + 1,
            cell(of(&normal, |g| &g.magnets)),
            cell(of(&passive, |g| &g.magnets)),
            cell(of(&normal, |g| &g.imports)),
            cell(of(&passive, |g| &g.imports)),
        );
    }
    println!("\nLevers per nation, over all seeds:\n");
    println!(
        "| nation | moves per game | most moves on one lever in 12 turns | shortest gap on one lever | quick reversals | lowest GDP index | lowest approval | worst shortage | worst shortage, everyone passive |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (n, id) in ids.iter().enumerate() {
        let c: Vec<evaluate::Churn> = normal.iter().map(|g| g.churn[n]).collect();
        let w: Vec<evaluate::Worst> = normal.iter().map(|g| g.worst[n]).collect();
        let wp: Vec<evaluate::Worst> = passive.iter().map(|g| g.worst[n]).collect();
        let gap = c.iter().filter_map(|c| c.shortest_gap).min();
        println!(
            "| {id} | {:.1} | {} | {} | {} | {:.1} | {:.2} | {:.1}% | {:.1}% |",
            c.iter().map(|c| c.moves).sum::<usize>() as f64 / seeds as f64,
            c.iter().map(|c| c.busiest_lever_year).max().unwrap_or(0),
            gap.map_or("-".to_string(), |g| format!("{g} turns")),
            c.iter().map(|c| c.quick_reversals).sum::<usize>(),
            w.iter().map(|w| w.gdp_index).fold(f64::INFINITY, f64::min),
            w.iter().map(|w| w.approval).fold(f64::INFINITY, f64::min),
            w.iter().map(|w| w.shortage).fold(0.0, f64::max) * 100.0,
            wp.iter().map(|w| w.shortage).fold(0.0, f64::max) * 100.0,
        );
    }
    let mut by_lever: BTreeMap<String, usize> = BTreeMap::new();
    for g in &normal {
        for (k, v) in &g.moves_by_lever {
            *by_lever.entry(k.clone()).or_default() += v;
        }
    }
    println!("\nMoves by lever, over all seeds: {by_lever:?}");
    println!(
        "\n(Report took {:.0} s on {} threads.)",
        started.elapsed().as_secs_f64(),
        std::thread::available_parallelism().map_or(2, |n| n.get())
    );
}
