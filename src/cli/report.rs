//! `chokepoint report SAVE --out DIR`: a played game as files a class keeps and reads offline.
//! `report.html` is one self-contained page (charts as inline SVG, no scripts, nothing
//! fetched): the scenario's learning objectives with what this game showed of them, the
//! standings and scores by month, prices, shortages, the timeline of decisions, licences, and
//! every summit with its transcript and the quality of the deal. Beside it go the files `run`
//! writes (`summary.json`, `metrics.csv`, `prices.csv`, `orders.csv`, `licences.csv`,
//! `summits.json` with the transcripts ...), so the page's figures can be checked and charted
//! again. The debrief screen's "Write report" button writes the same files.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::run::SavesDir;
use super::{EXIT_FAILURE, EXIT_INVALID, err, out};
use crate::reports::page::{people_seats, write};
use crate::save;

#[derive(Args, Debug, Clone)]
pub struct ReportArgs {
    /// A save file, or the name of a save in the saves folder (autosaves included).
    #[arg(value_name = "SAVE")]
    pub save: String,
    /// Folder to write the report into (created if missing; files of the same names in it
    /// are replaced).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub saves: SavesDir,
}

/// `report`: reads the save (checked whole before anything is written) and writes the files.
pub fn report(args: &ReportArgs) -> ExitCode {
    let path = match save::resolve(&args.save, args.saves.get().as_deref()) {
        Ok(p) => p,
        Err(e) => {
            err!("error: {e}");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let loaded = match save::load(&path) {
        Ok(l) => l,
        Err(e) => {
            err!("error: {e}");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let seed = loaded.header.seed;
    let people = people_seats(&loaded.scenario, loaded.header.human_seats);
    match write(&args.out, &loaded.sim, &loaded.scenario, seed, &people) {
        Ok(files) => {
            out!(
                "{}: the report of {} ({}, turn {}) in {}: {}",
                path.display(),
                loaded.header.scenario_name,
                loaded.header.date,
                loaded.header.turn,
                args.out.display(),
                files.join(", ")
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            err!(
                "error: cannot write the report into {}: {e}",
                args.out.display()
            );
            ExitCode::from(EXIT_FAILURE)
        }
    }
}
