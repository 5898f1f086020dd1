//! `chokepoint run`: a whole game headless, every seat held by the AI (policy orders by
//! [`crate::ai`], at the level `--difficulty` sets; summits by the sim's negotiators).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{EXIT_FAILURE, EXIT_INVALID, err, out};
use crate::ai::{AiSettings, Difficulty};
use crate::reports::files::{self as output, Summary};
use crate::save;
use crate::scenario;
use crate::scenario::counterfactual;
use crate::scenario::schema::Scenario;
use crate::scenario::validate::{self, MAX_TURNS};
use crate::sim::Sim;
use crate::sim::orders::OrderSource;
use crate::sim::spawn;

#[derive(Args, Debug, Clone)]
pub struct RunArgs {
    /// Scenario file, or the id of a shipped scenario (default: the embedded standoff-2025).
    #[arg(long, value_name = "FILE", conflicts_with = "from")]
    pub scenario: Option<String>,
    /// Seed for every random draw; the same seed gives the same game.
    #[arg(long, default_value_t = 1, conflicts_with = "from")]
    pub seed: u64,
    /// Turns (months) to play (default: the scenario's length; with --from, the turns left
    /// to it).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=MAX_TURNS as i64))]
    pub turns: Option<u32>,
    /// Folder for summary.json and the per-turn CSV files (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Scripted orders to apply: a RON file of (turn, nation, order) entries (see the
    /// scenario reference for the order syntax). With --from, only for turns after the save.
    #[arg(long, value_name = "FILE")]
    pub orders: Option<PathBuf>,
    /// How well the AI plays every nation: passive (gives no orders), easy, normal or hard
    /// (default: normal; with --from, the levels the save was played at).
    #[arg(long, value_enum)]
    pub difficulty: Option<Difficulty>,
    /// One nation at another level than --difficulty, as NATION=LEVEL (e.g. CN=hard);
    /// repeatable.
    #[arg(long = "nation-difficulty", value_name = "NATION=LEVEL", value_parser = parse_nation_level)]
    pub nation_difficulty: Vec<(String, Difficulty)>,
    /// Continue a saved game instead of starting one (a save file, or the name of a save in
    /// the saves folder): the same game from where it stopped, with other orders or levels if
    /// given. The reports then cover the whole game.
    #[arg(long, value_name = "SAVE")]
    pub from: Option<String>,
    /// Save the game when the run ends: a name (kept in the saves folder) or a path.
    #[arg(long, value_name = "NAME")]
    pub save: Option<String>,
    /// Save after every turn too, rotating through autosave-1 to autosave-3 in the saves
    /// folder.
    #[arg(long)]
    pub autosave: bool,
    /// Play the scenario without this scripted event (its id), for a counterfactual run
    /// from the same file: it never fires, nor does anything waiting for it; repeatable.
    #[arg(long = "without-event", value_name = "ID", conflicts_with = "from")]
    pub without_event: Vec<String>,
    /// Play the scenario without this summit (its id): it never opens; repeatable.
    #[arg(long = "without-summit", value_name = "ID", conflicts_with = "from")]
    pub without_summit: Vec<String>,
    #[command(flatten)]
    pub saves: SavesDir,
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

/// The AI's settings for a run: the saved ones (or normal play) with the levels the flags set,
/// each nation id checked against the scenario; `end` is the last turn this run plays.
fn ai_settings(
    args: &RunArgs,
    scenario: &Scenario,
    saved: Option<AiSettings>,
    end: u32,
) -> Result<AiSettings, String> {
    let ids: Vec<&str> = scenario.nations.iter().map(|n| n.id.as_str()).collect();
    let mut settings = saved.unwrap_or_default();
    if let Some(d) = args.difficulty {
        settings.difficulty = d;
        settings.nations.clear();
    }
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
        settings.nations.insert(idx, *level);
    }
    // The game ends with the scenario, or later if this run plays past it; a run that stops
    // early (to be continued from a save) is still the same game.
    settings.last_turn = Some(settings.last_turn.unwrap_or(0).max(scenario.turns).max(end));
    Ok(settings)
}

/// A game to play: new, or read back from a save.
struct Game {
    scenario: Scenario,
    sim: Sim,
    seed: u64,
    /// The AI's settings as saved (for a continued game that had the AI).
    saved_ai: Option<AiSettings>,
}

type Failure = (u8, String);

fn invalid(message: impl Into<String>) -> Failure {
    (EXIT_INVALID, message.into())
}

fn start(args: &RunArgs, dir: Option<&Path>) -> Result<Game, Failure> {
    if let Some(spec) = &args.from {
        let path = save::resolve(spec, dir).map_err(|e| invalid(format!("error: --from: {e}")))?;
        let loaded = save::load(&path).map_err(|e| invalid(format!("error: {e}")))?;
        if loaded.header.human_seats {
            return Err(invalid(format!(
                "error: {}: this game has seats held by people; continue it in the desktop game",
                path.display()
            )));
        }
        out!(
            "Continuing {}: {} \"{}\", seed {}, after turn {} ({})\n",
            path.display(),
            loaded.header.scenario_id,
            loaded.header.scenario_name,
            loaded.header.seed,
            loaded.header.turn,
            loaded.header.date
        );
        let saved_ai = loaded.ai.as_ref().map(|a| a.settings.clone());
        return Ok(Game {
            seed: loaded.header.seed,
            scenario: loaded.scenario,
            sim: loaded.sim,
            saved_ai,
        });
    }
    let scenario = match &args.scenario {
        Some(spec) => scenario::load(spec),
        None => scenario::default_scenario(),
    }
    .map_err(|d| invalid(d.to_string().trim_end()))?;
    let scenario = counterfactual::without(&scenario, &args.without_event, &args.without_summit)
        .map_err(invalid)?;
    for (what, ids) in [
        ("event", &args.without_event),
        ("summit", &args.without_summit),
    ] {
        for id in ids {
            out!("Counterfactual: without {what} `{id}`");
        }
    }
    let sim = Sim::new(&scenario, args.seed).map_err(|e| (EXIT_FAILURE, format!("error: {e}")))?;
    Ok(Game {
        scenario,
        sim,
        seed: args.seed,
        saved_ai: None,
    })
}

/// The saves folder: `--saves-dir`, else the platform's data folder (none on a system
/// without a home folder).
#[derive(Args, Debug, Clone, Default)]
pub struct SavesDir {
    /// Folder for saves and autosaves (default: the platform's data folder, e.g.
    /// ~/.local/share/chokepoint/saves on Linux).
    #[arg(long, value_name = "DIR")]
    pub saves_dir: Option<PathBuf>,
}

impl SavesDir {
    pub fn get(&self) -> Option<PathBuf> {
        self.saves_dir.clone().or_else(save::default_dir)
    }
}

pub fn run(args: &RunArgs) -> ExitCode {
    match play(args) {
        Ok(code) => code,
        Err((code, message)) => {
            err!("{}", message.trim_end());
            ExitCode::from(code)
        }
    }
}

fn play(args: &RunArgs) -> Result<ExitCode, Failure> {
    let dir = args.saves.get();
    // Check where saves go before playing, so that a bad name does not cost the game.
    let save_to = args
        .save
        .as_deref()
        .map(|s| save::target(s, dir.as_deref()))
        .transpose()
        .map_err(|e| invalid(format!("error: --save: {e}")))?;
    let autosave_dir = if args.autosave {
        Some(dir.clone().ok_or_else(|| {
            invalid("error: --autosave: no folder for saves on this system; give --saves-dir DIR")
        })?)
    } else {
        None
    };
    let Game {
        scenario,
        mut sim,
        seed,
        saved_ai,
    } = start(args, dir.as_deref())?;
    let first = sim.turn();
    let turns = match args.turns {
        Some(t) => t,
        None if first < scenario.turns => scenario.turns - first,
        None => {
            return Err(invalid(format!(
                "error: --from: the saved game is at turn {first}, the end of scenario `{}` ({} turns); give --turns N to play on past it",
                scenario.id, scenario.turns
            )));
        }
    };
    let end = first + turns;
    if end > MAX_TURNS {
        return Err(invalid(format!(
            "error: --turns: the saved game is at turn {first}; {turns} more would pass the last turn a game can reach ({MAX_TURNS})"
        )));
    }
    let script = match &args.orders {
        Some(path) => validate::load_orders(path, &scenario)
            .map_err(|d| d.to_string())
            .and_then(|o| spawn::resolve_orders(&scenario, &o).map_err(|e| e.to_string()))
            .map_err(invalid)?,
        None => Vec::new(),
    };
    if let Some((t, ..)) = script.iter().find(|(t, ..)| *t <= first) {
        return Err(invalid(format!(
            "error: {}: an order for turn {t}, but the saved game is already at turn {first}; a branch gives orders for turns {} and later",
            args.orders
                .as_ref()
                .map_or(String::new(), |p| p.display().to_string()),
            first + 1
        )));
    }
    let settings = ai_settings(args, &scenario, saved_ai.clone(), end).map_err(invalid)?;
    if sim.world().get_resource::<AiSettings>().is_none() {
        crate::ai::attach(&mut sim, settings);
    } else {
        crate::ai::set_settings(&mut sim, settings);
    }
    let mut autosave_failed = 0;
    for _ in 0..turns {
        let turn = sim.turn() + 1;
        for (_, actor, order) in script.iter().filter(|(t, ..)| *t == turn) {
            sim.order(*actor, order.clone(), OrderSource::Script);
        }
        sim.step();
        if let Some(dir) = &autosave_dir
            && let Err(e) = save::save(&sim, &scenario, &save::autosave_path(dir, turn))
        {
            if autosave_failed == 0 {
                err!("warning: autosave: {e}");
            }
            autosave_failed += 1;
        }
    }
    let summary = Summary::from_sim(&sim, seed);
    out!(
        "{}",
        output::render_summary(&summary, sim.report(), sim.catalog()).trim_end()
    );
    let mut status = ExitCode::SUCCESS;
    if let Some(dir) = &args.out {
        match output::write_all(dir, &summary, sim.report(), sim.catalog()) {
            Ok(files) => out!("\nWrote {} to {}", files.join(", "), dir.display()),
            Err(e) => {
                err!("error: cannot write the reports to {}: {e}", dir.display());
                status = ExitCode::from(EXIT_FAILURE);
            }
        }
    }
    if let Some(dir) = &autosave_dir {
        if autosave_failed > 0 {
            err!("error: {autosave_failed} of {turns} autosaves failed");
            status = ExitCode::from(EXIT_FAILURE);
        } else {
            out!("Autosaved every turn to {}", dir.display());
        }
    }
    if let Some(path) = &save_to {
        match save::save(&sim, &scenario, path) {
            Ok(()) => out!("Saved turn {} to {}", sim.turn(), path.display()),
            Err(e) => {
                err!("error: {e}");
                status = ExitCode::from(EXIT_FAILURE);
            }
        }
    }
    Ok(status)
}
