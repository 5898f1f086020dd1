//! `chokepoint batch`: one scenario over many seeds on every core, and what usually happens
//! and what is luck: per-seed results and their distributions as CSV, JSON and an HTML page.

use std::fs;
use std::io::{self, IsTerminal as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::html::{self, RangeRow};
use super::output::csv_bytes;
use super::{EXIT_FAILURE, EXIT_INVALID, err, out};
use crate::ai::{AiSettings, Difficulty};
use crate::batch::{self, SeedResult, Spec, Summary};
use crate::scenario::validate::{self, MAX_TURNS};
use crate::scenario::{self, spawn};

#[derive(Args, Debug, Clone)]
pub struct BatchArgs {
    /// Scenario file, or the id of a shipped scenario (default: the embedded standoff-2025).
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<String>,
    /// How many seeds to play.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub seeds: u32,
    /// The first seed (the others follow it).
    #[arg(long, default_value_t = 1)]
    pub first_seed: u64,
    /// Turns to play (default: the scenario's length).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=MAX_TURNS as i64))]
    pub turns: Option<u32>,
    /// Scripted orders given in every game (the same file `run --orders` takes).
    #[arg(long, value_name = "FILE")]
    pub orders: Option<PathBuf>,
    /// How well the AI plays every nation.
    #[arg(long, value_enum, default_value_t = Difficulty::Normal)]
    pub difficulty: Difficulty,
    /// Threads to play on (default: every core). The results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub threads: Option<u32>,
    /// Folder for seeds.csv, nations.csv, goods.csv, summary.json and index.html.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

pub fn batch(args: &BatchArgs) -> ExitCode {
    let scenario = match &args.scenario {
        Some(spec) => scenario::load(spec),
        None => scenario::default_scenario(),
    };
    let scenario = match scenario {
        Ok(s) => s,
        Err(d) => {
            err!("{}", d.to_string().trim_end());
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let script = match &args.orders {
        Some(path) => match validate::load_orders(path, &scenario)
            .map_err(|d| d.to_string())
            .and_then(|o| spawn::resolve_orders(&scenario, &o).map_err(|e| e.to_string()))
        {
            Ok(s) => s,
            Err(e) => {
                err!("{}", e.trim_end());
                return ExitCode::from(EXIT_INVALID);
            }
        },
        None => Vec::new(),
    };
    let Some(last) = args.first_seed.checked_add(u64::from(args.seeds) - 1) else {
        err!(
            "error: --first-seed: seeds past the largest seed ({})",
            u64::MAX
        );
        return ExitCode::from(EXIT_INVALID);
    };
    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        |t| t as usize,
    );
    let spec = Spec {
        turns: args.turns.unwrap_or(scenario.turns),
        scenario,
        seeds: (args.first_seed..=last).collect(),
        ai: AiSettings {
            difficulty: args.difficulty,
            ..AiSettings::default()
        },
        script,
    };
    // Check the output folder before hours of play.
    if let Err(e) = fs::create_dir_all(&args.out) {
        err!("error: --out: cannot create {}: {e}", args.out.display());
        return ExitCode::from(EXIT_FAILURE);
    }
    let total = spec.seeds.len();
    let tty = io::stderr().is_terminal();
    let started = std::time::Instant::now();
    let results = batch::run(&spec, threads, |done| {
        if tty {
            let _ = {
                use std::io::Write as _;
                write!(io::stderr().lock(), "\r{done}/{total} seeds played")
            };
        }
    });
    if tty {
        err!("");
    }
    let results = match results {
        Ok(r) => r,
        Err(e) => {
            err!("error: {e}");
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let summary = batch::summarize(&spec, &results);
    out!(
        "{} \"{}\": {} seeds ({}..={}), {} turns, AI {}, on {} threads in {:.1} s",
        summary.scenario,
        summary.scenario_name,
        total,
        args.first_seed,
        last,
        spec.turns,
        args.difficulty,
        threads.min(total),
        started.elapsed().as_secs_f64()
    );
    for n in &summary.nations {
        out!(
            "  {:<16} score {:5.1} (10th–90th percentile {:5.1}–{:5.1}), first in {:3.0}% of games",
            n.name,
            n.score.mean,
            n.score.p10,
            n.score.p90,
            n.wins * 100.0
        );
    }
    out!(
        "  summits per game {:.1}, {:.0}% ended in a deal",
        summary.summits.mean,
        summary.deal_rate * 100.0
    );
    match write(&args.out, &spec, &results, &summary) {
        Ok(files) => {
            out!("Wrote {} to {}", files.join(", "), args.out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            err!("error: cannot write to {}: {e}", args.out.display());
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

fn num(x: f64) -> String {
    format!("{x:.4}")
}

/// Writes the per-seed table, the distributions and the page; returns the files' names.
pub fn write(
    dir: &Path,
    spec: &Spec,
    results: &[SeedResult],
    summary: &Summary,
) -> io::Result<Vec<String>> {
    let mut written = Vec::new();
    let mut put = |name: &str, bytes: Vec<u8>| -> io::Result<()> {
        fs::write(dir.join(name), bytes)?;
        written.push(name.to_string());
        Ok(())
    };
    let nations: Vec<&str> = spec
        .scenario
        .nations
        .iter()
        .map(|n| n.id.as_str())
        .collect();
    let goods: Vec<&str> = spec.scenario.goods.iter().map(|g| g.id.as_str()).collect();
    let mut header = vec![
        "seed".to_string(),
        "state_hash".into(),
        "summits".into(),
        "agreed".into(),
        "breaches".into(),
    ];
    header.extend(nations.iter().map(|n| format!("score_{n}")));
    header.extend(nations.iter().map(|n| format!("rank_{n}")));
    header.extend(nations.iter().map(|n| format!("shortage_{n}")));
    header.extend(goods.iter().map(|g| format!("final_price_{g}")));
    header.extend(goods.iter().map(|g| format!("peak_price_{g}")));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    put(
        "seeds.csv",
        csv_bytes(
            &header,
            results.iter().map(|r| {
                let mut row = vec![
                    r.seed.to_string(),
                    r.state_hash.clone(),
                    r.summits.to_string(),
                    r.agreed.to_string(),
                    r.breaches.to_string(),
                ];
                row.extend(r.nations.iter().map(|n| num(n.score)));
                row.extend(r.nations.iter().map(|n| n.rank.to_string()));
                row.extend(r.nations.iter().map(|n| num(n.shortage_mean)));
                row.extend(goods.iter().map(|g| num(r.final_price[*g])));
                row.extend(goods.iter().map(|g| num(r.peak_price[*g])));
                row
            }),
        )?,
    )?;
    let spread =
        |s: &batch::Spread| vec![num(s.mean), num(s.p10), num(s.p90), num(s.min), num(s.max)];
    put(
        "nations.csv",
        csv_bytes(
            &[
                "nation",
                "wins",
                "score_mean",
                "score_p10",
                "score_p90",
                "score_min",
                "score_max",
                "rank_mean",
                "shortage_mean",
                "shortage_p90",
                "worst_month_p90",
            ],
            summary.nations.iter().map(|n| {
                let mut row = vec![n.id.clone(), num(n.wins)];
                row.extend(spread(&n.score));
                row.extend([
                    num(n.rank.mean),
                    num(n.shortage_mean.mean),
                    num(n.shortage_mean.p90),
                    num(n.shortage_worst.p90),
                ]);
                row
            }),
        )?,
    )?;
    put(
        "goods.csv",
        csv_bytes(
            &[
                "good",
                "final_price_mean",
                "final_price_p10",
                "final_price_p90",
                "final_price_min",
                "final_price_max",
                "peak_price_mean",
                "peak_price_p90",
            ],
            summary.goods.iter().map(|g| {
                let mut row = vec![g.id.clone()];
                row.extend(spread(&g.final_price));
                row.extend([num(g.peak_price.mean), num(g.peak_price.p90)]);
                row
            }),
        )?,
    )?;
    let mut json = serde_json::to_vec_pretty(summary).map_err(io::Error::other)?;
    json.push(b'\n');
    put("summary.json", json)?;
    put("index.html", page(spec, results, summary).into_bytes())?;
    Ok(written)
}

/// The page: what usually happens, what is luck.
fn page(spec: &Spec, results: &[SeedResult], s: &Summary) -> String {
    use std::fmt::Write as _;
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>{} over {} seeds</h1><p class=\"lede\">{} turns from seed {}, the AI on every seat at {}; every game is the same scenario and the same orders, only chance differs. Bars run from the 10th to the 90th percentile, the red tick is the mean, each dot one game.</p>",
        html::escape(&s.scenario_name),
        s.seeds,
        s.turns,
        s.first_seed,
        spec.ai.difficulty,
    );
    b.push_str("<h2>Scores</h2><p class=\"note\">A nation's score is its mean monthly score (0–100): economy, approval, treasury and secure supplies.</p>");
    let rows: Vec<RangeRow<'_>> = s
        .nations
        .iter()
        .enumerate()
        .map(|(i, n)| RangeRow {
            label: &n.name,
            spread: n.score,
            values: results.iter().map(|r| r.nations[i].score).collect(),
        })
        .collect();
    b.push_str(&html::range_chart(&rows, |v| format!("{v:.1}")));
    b.push_str("<table><tr><th>nation</th><th>mean</th><th>10th pct</th><th>90th pct</th><th>first in</th><th>mean rank</th><th>output lost, mean</th></tr>");
    for n in &s.nations {
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{:.1}</td><td>{:.1}</td><td>{:.1}</td><td>{:.0}%</td><td>{:.1}</td><td>{:.2}%</td></tr>",
            html::escape(&n.name),
            n.score.mean,
            n.score.p10,
            n.score.p90,
            n.wins * 100.0,
            n.rank.mean,
            n.shortage_mean.mean * 100.0
        );
    }
    b.push_str("</table>");
    b.push_str("<h2>Shortages</h2><p class=\"note\">The worst month of each game: the share of planned output lost for want of inputs.</p>");
    let rows: Vec<RangeRow<'_>> = s
        .nations
        .iter()
        .enumerate()
        .map(|(i, n)| RangeRow {
            label: &n.name,
            spread: n.shortage_worst,
            values: results
                .iter()
                .map(|r| r.nations[i].shortage_worst)
                .collect(),
        })
        .collect();
    b.push_str(&html::range_chart(&rows, |v| format!("{:.1}%", v * 100.0)));
    b.push_str("<h2>Prices at the end</h2><p class=\"note\">Each good's price in the last month, averaged over the regions, as a multiple of its base price.</p>");
    let rows: Vec<RangeRow<'_>> = s
        .goods
        .iter()
        .map(|g| RangeRow {
            label: &g.name,
            spread: g.final_price,
            values: results
                .iter()
                .filter_map(|r| r.final_price.get(&g.id).copied())
                .collect(),
        })
        .collect();
    b.push_str(&html::range_chart(&rows, |v| format!("{v:.2}×")));
    let _ = write!(
        b,
        "<h2>Summits</h2><p>{:.1} summits a game (from {:.0} to {:.0}); {:.0}% of them ended in a deal; {:.1} agreements breached a game.</p>",
        s.summits.mean,
        s.summits.min,
        s.summits.max,
        s.deal_rate * 100.0,
        s.breaches.mean
    );
    b.push_str("<p class=\"note\">Per-seed figures are in seeds.csv; the distributions in nations.csv, goods.csv and summary.json. Any seed can be played again with <code>chokepoint run --seed N</code>.</p>");
    html::page(&format!("{}: {} seeds", s.scenario_name, s.seeds), &b)
}
