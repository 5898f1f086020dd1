//! `chokepoint play`: the desktop game.

#[cfg(feature = "scripted")]
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::run::SavesDir;
use super::{EXIT_INVALID, err};
use crate::ai::Difficulty;
use crate::scenario::schema::Seat;
use crate::scenario::{self, SHIPPED, validate};
use crate::ui::{self, Launch, game::Game, title::Title};

#[derive(Args, Debug, Clone)]
pub struct PlayArgs {
    /// Scenario file, or the id of a shipped scenario (default: the embedded standoff-2025).
    #[arg(long, value_name = "FILE")]
    pub scenario: Option<String>,
    /// The nation you lead, by id; several, comma-separated, for hot-seat play (teams take
    /// turns at one computer, behind a hand-over screen). Default: the scenario's human
    /// seats, else its first nation.
    #[arg(long, value_name = "ID[,ID...]")]
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
    /// Start with the facilitator's controls (for a teacher): pause, inject events, time
    /// limits, the AI's reasoning, seats handed to the AI and back, a projector view.
    #[arg(long)]
    pub facilitator: bool,
    #[cfg(feature = "scripted")]
    /// Play this many turns through the UI by script, then quit (for tests and screenshots).
    #[arg(long, value_name = "N", hide = true)]
    pub autoplay: Option<u32>,
    #[cfg(feature = "scripted")]
    /// With --autoplay: save screenshots of the screens into this folder.
    #[arg(long, value_name = "DIR", hide = true, requires = "autoplay")]
    pub screenshots: Option<PathBuf>,
    #[command(flatten)]
    pub saves: SavesDir,
}

/// The nations of a comma-separated list of ids, in its order, each once.
fn nations(list: &str, ids: &[&str], scenario: &str) -> Result<Vec<usize>, String> {
    let mut seats = Vec::new();
    for id in list.split(',').map(str::trim) {
        let Some(i) = ids.iter().position(|n| *n == id) else {
            let hint = validate::suggest(id, ids.iter().copied())
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            return Err(format!(
                "no nation `{id}` in scenario `{scenario}` (nations: {}){hint}",
                ids.join(", ")
            ));
        };
        if seats.contains(&i) {
            return Err(format!("`{id}` is listed twice"));
        }
        seats.push(i);
    }
    Ok(seats)
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
    let seats = match &args.nation {
        Some(list) => match nations(list, &ids, &scenario.id) {
            Ok(seats) => seats,
            Err(e) => {
                err!("error: --nation: {e}");
                return ExitCode::from(EXIT_INVALID);
            }
        },
        None => {
            let human: Vec<usize> = (0..ids.len())
                .filter(|&i| scenario.nations[i].seat == Seat::Human)
                .collect();
            if human.is_empty() { vec![0] } else { human }
        }
    };
    #[cfg(feature = "scripted")]
    if let Some(dir) = &args.screenshots
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        err!("error: --screenshots: cannot create {}: {e}", dir.display());
        return ExitCode::from(super::EXIT_FAILURE);
    }
    let saves = args.saves.get();
    let mut title = Title::new(vec![scenario.clone()], saves.clone());
    title.nation = seats[0];
    title.also = seats[1..].to_vec();
    title.difficulty = args.difficulty;
    title.seed = args.seed.to_string();
    title.facilitator = args.facilitator;
    // A scripted session starts at the title screen, as a player does; otherwise `play`
    // goes straight into the game its flags describe.
    #[cfg(feature = "scripted")]
    let scripted = args.autoplay.is_some();
    #[cfg(not(feature = "scripted"))]
    let scripted = false;
    let game = if scripted {
        None
    } else {
        match Game::new(scenario, &seats, args.seed, args.difficulty, saves) {
            Ok(g) => Some(g.facilitated(args.facilitator)),
            Err(e) => {
                err!("error: {e}");
                return ExitCode::from(EXIT_INVALID);
            }
        }
    };
    ui::run(Launch {
        title,
        game,
        #[cfg(feature = "scripted")]
        autoplay: args.autoplay.map(|turns| ui::AutoPlay {
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
        #[cfg(feature = "scripted")]
        autoplay: None,
        size: (1600, 900),
    })
}

#[cfg(test)]
mod tests {
    use super::nations;

    #[test]
    fn nations_are_read_from_a_comma_separated_list() {
        let ids = ["US", "CN", "JP"];
        assert_eq!(nations("CN", &ids, "x"), Ok(vec![1]));
        assert_eq!(nations("JP, US", &ids, "x"), Ok(vec![2, 0]));
        let e = nations("US,Cn", &ids, "x").unwrap_err();
        assert!(
            e.contains("no nation `Cn`") && e.contains("did you mean `CN`"),
            "{e}"
        );
        assert!(
            nations("US,US", &ids, "x")
                .unwrap_err()
                .contains("listed twice")
        );
        assert!(nations("", &ids, "x").unwrap_err().contains("no nation ``"));
    }
}
