//! `chokepoint run`: a whole game headless, every seat held by the AI (policy orders by
//! [`crate::ai`], at the level `--difficulty` sets; summits by the sim's negotiators).

use std::path::PathBuf;
use std::process::ExitCode;

use std::collections::BTreeMap;

use clap::Args;

use super::output::{self, Summary};
use super::{EXIT_FAILURE, EXIT_INVALID, err, out};
use crate::ai::{AiPlugin, AiSettings, Difficulty};
use crate::scenario::schema::Scenario;
use crate::scenario::validate::{self, MAX_TURNS};
use crate::scenario::{self, spawn};
use crate::sim::Sim;
use crate::sim::orders::OrderSource;

#[derive(Args, Debug, Clone)]
pub struct RunArgs {
    /// Scenario file, or the id of a shipped scenario (default: the embedded standoff-2025).
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<String>,
    /// Seed for every random draw; the same seed gives the same game.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Turns (months) to play (default: the scenario's length).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=MAX_TURNS as i64))]
    pub turns: Option<u32>,
    /// Folder for summary.json and the per-turn CSV files (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Scripted orders to apply: a RON file of (turn, nation, order) entries (see the
    /// scenario reference for the order syntax).
    #[arg(long, value_name = "FILE")]
    pub orders: Option<PathBuf>,
    /// How well the AI plays every nation: passive (gives no orders), easy, normal or hard.
    #[arg(long, value_enum, default_value_t = Difficulty::Normal)]
    pub difficulty: Difficulty,
    /// One nation at another level than --difficulty, as NATION=LEVEL (e.g. CN=hard);
    /// repeatable.
    #[arg(long = "nation-difficulty", value_name = "NATION=LEVEL", value_parser = parse_nation_level)]
    pub nation_difficulty: Vec<(String, Difficulty)>,
}

fn parse_nation_level(s: &str) -> Result<(String, Difficulty), String> {
    let (nation, level) = s
        .split_once('=')
        .ok_or_else(|| format!("expected NATION=LEVEL (e.g. CN=hard), got `{s}`"))?;
    let level = <Difficulty as clap::ValueEnum>::from_str(level.trim(), true).map_err(|_| {
        format!("unknown level `{level}`; the levels are passive, easy, normal and hard")
    })?;
    Ok((nation.trim().to_string(), level))
}

/// The AI's settings for a run, checking each nation id against the scenario.
fn ai_settings(args: &RunArgs, scenario: &Scenario, turns: u32) -> Result<AiSettings, String> {
    let ids: Vec<&str> = scenario.nations.iter().map(|n| n.id.as_str()).collect();
    let mut nations = BTreeMap::new();
    for (id, level) in &args.nation_difficulty {
        let Some(idx) = ids.iter().position(|n| *n == id.as_str()) else {
            let hint = validate::suggest(id, ids.iter().copied())
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            return Err(format!(
                "error: --nation-difficulty: no nation `{id}` in scenario `{}` (nations: {}){hint}",
                scenario.id,
                ids.join(", ")
            ));
        };
        nations.insert(idx, *level);
    }
    Ok(AiSettings {
        difficulty: args.difficulty,
        nations,
        last_turn: Some(turns),
    })
}

pub fn run(args: &RunArgs) -> ExitCode {
    let loaded = match &args.scenario {
        Some(spec) => scenario::load(spec),
        None => scenario::default_scenario(),
    };
    let scenario = match loaded {
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
            Ok(orders) => orders,
            Err(e) => {
                err!("{}", e.trim_end());
                return ExitCode::from(EXIT_INVALID);
            }
        },
        None => Vec::new(),
    };
    let turns = args.turns.unwrap_or(scenario.turns);
    let settings = match ai_settings(args, &scenario, turns) {
        Ok(s) => s,
        Err(e) => {
            err!("{e}");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let mut sim = match Sim::new(&scenario, args.seed) {
        Ok(s) => s,
        Err(e) => {
            err!("error: {e}");
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    sim.add_plugin(AiPlugin);
    sim.world_mut().insert_resource(settings);
    for _ in 0..turns {
        let turn = sim.turn() + 1;
        for (_, actor, order) in script.iter().filter(|(t, ..)| *t == turn) {
            sim.order(*actor, order.clone(), OrderSource::Script);
        }
        sim.step();
    }
    let summary = Summary::from_sim(&mut sim, args.seed);
    out!(
        "{}",
        output::render_summary(&summary, sim.report(), sim.catalog()).trim_end()
    );
    if let Some(dir) = &args.out {
        match output::write_all(dir, &summary, sim.report(), sim.catalog()) {
            Ok(files) => out!("\nWrote {} to {}", files.join(", "), dir.display()),
            Err(e) => {
                err!("error: cannot write the reports to {}: {e}", dir.display());
                return ExitCode::from(EXIT_FAILURE);
            }
        }
    }
    ExitCode::SUCCESS
}
