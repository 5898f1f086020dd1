//! `chokepoint batch`: one scenario over many seeds on every core, and what usually happens
//! and what is luck: per-seed results and their distributions as CSV, JSON and an HTML page.

use std::fs;
use std::io::{self, IsTerminal as _};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{EXIT_FAILURE, EXIT_INVALID, err, out};
use crate::ai::{AiSettings, Difficulty};
use crate::batch::{self, Spec};
use crate::reports::batch::write;
use crate::scenario;
use crate::scenario::validate::{self, MAX_TURNS};
use crate::sim::spawn;

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
