//! `chokepoint play`: the desktop game.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::run::SavesDir;
use super::{EXIT_INVALID, err};
use crate::ai::Difficulty;
use crate::scenario::schema::Seat;
use crate::scenario::{self, SHIPPED, validate};
use crate::ui::{self, AutoPlay, Launch, game::Game, title::Title};

#[derive(Args, Debug, Clone)]
pub struct PlayArgs {
    /// Scenario file, or the id of a shipped scenario (default: the embedded standoff-2025).
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<String>,
    /// The nation you lead, by id (default: the scenario's first human seat, else its first
    /// nation).
    #[arg(long, value_name = "ID")]
    pub nation: Option<String>,
    /// Seed for every random draw.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// How well the AI plays the other nations.
    #[arg(long, value_enum, default_value_t = Difficulty::Normal)]
    pub difficulty: Difficulty,
    /// Window size in logical pixels, as WIDTHxHEIGHT.
    #[arg(long, value_name = "WxH", default_value = "1600x900", value_parser = parse_size)]
    pub size: (u32, u32),
    /// Play this many turns through the UI by script, then quit (for tests and screenshots).
    #[arg(long, value_name = "N", hide = true)]
    pub autoplay: Option<u32>,
    /// With --autoplay: save screenshots of the screens into this folder.
    #[arg(long, value_name = "DIR", hide = true, requires = "autoplay")]
    pub screenshots: Option<PathBuf>,
    #[command(flatten)]
    pub saves: SavesDir,
}

pub(super) fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("expected WIDTHxHEIGHT (e.g. 1600x900), got `{s}`"))?;
    let n = |v: &str| {
        v.trim()
            .parse::<u32>()
            .ok()
            .filter(|x| (640..=7680).contains(x))
            .ok_or_else(|| format!("`{v}` is not a size between 640 and 7680 pixels"))
    };
    Ok((n(w)?, n(h)?))
}

pub fn play(args: &PlayArgs) -> ExitCode {
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
    let ids: Vec<&str> = scenario.nations.iter().map(|n| n.id.as_str()).collect();
    let player = match &args.nation {
        Some(id) => match ids.iter().position(|n| n == id) {
            Some(i) => i,
            None => {
                let hint = validate::suggest(id, ids.iter().copied())
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                err!(
                    "error: --nation: no nation `{id}` in scenario `{}` (nations: {}){hint}",
                    scenario.id,
                    ids.join(", ")
                );
                return ExitCode::from(EXIT_INVALID);
            }
        },
        None => scenario
            .nations
            .iter()
            .position(|n| n.seat == Seat::Human)
            .unwrap_or(0),
    };
    if let Some(dir) = &args.screenshots
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        err!("error: --screenshots: cannot create {}: {e}", dir.display());
        return ExitCode::from(super::EXIT_FAILURE);
    }
    let saves = args.saves.get();
    let mut title = Title::new(vec![scenario.clone()], saves.clone());
    title.nation = player;
    title.difficulty = args.difficulty;
    title.seed = args.seed.to_string();
    // A scripted session starts at the title screen, as a player does; otherwise `play`
    // goes straight into the game its flags describe.
    let game = if args.autoplay.is_some() {
        None
    } else {
        match Game::new(scenario, player, args.seed, args.difficulty, saves) {
            Ok(g) => Some(g),
            Err(e) => {
                err!("error: {e}");
                return ExitCode::from(EXIT_INVALID);
            }
        }
    };
    ui::run(Launch {
        title,
        game,
        autoplay: args.autoplay.map(|turns| AutoPlay {
            turns,
            screenshots: args.screenshots.clone(),
        }),
        size: args.size,
    })
}

/// `chokepoint` alone: the title screen, offering every shipped scenario and the saves.
pub fn title_screen() -> ExitCode {
    let mut scenarios = Vec::new();
    for s in SHIPPED {
        match s.parse() {
            Ok(sc) => scenarios.push(sc),
            Err(d) => {
                err!("{}", d.to_string().trim_end());
                return ExitCode::from(super::EXIT_FAILURE);
            }
        }
    }
    ui::run(Launch {
        title: Title::new(scenarios, SavesDir::default().get()),
        game: None,
        autoplay: None,
        size: (1600, 900),
    })
}
