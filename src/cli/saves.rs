//! `chokepoint replay`, `save-info` and `saves`: what a save holds, and whether replaying it
//! from the start gives the same game.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::run::SavesDir;
use super::{EXIT_FAILURE, EXIT_INVALID, err, out};
use crate::save::{self, Header, Replay};

#[derive(Args, Debug, Clone)]
pub struct SaveArgs {
    /// A save file, or the name of a save in the saves folder.
    #[arg(value_name = "SAVE")]
    pub save: String,
    #[command(flatten)]
    pub saves: SavesDir,
}

#[derive(Args, Debug, Clone)]
pub struct InfoArgs {
    #[command(flatten)]
    pub target: SaveArgs,
    /// Print the header as JSON (for scripts) instead of text.
    #[arg(long)]
    pub json: bool,
}

fn find(args: &SaveArgs) -> Result<PathBuf, ExitCode> {
    save::resolve(&args.save, args.saves.get().as_deref()).map_err(|e| {
        err!("error: {e}");
        ExitCode::from(EXIT_INVALID)
    })
}

fn size(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{:.0} KiB", (bytes as f64 / 1024.0).ceil())
    }
}

fn describe(path: &Path, h: &Header, bytes: usize) -> String {
    let seats = if h.human_seats {
        "the scenario's human seats held by people, the rest by the AI"
    } else {
        "the AI holds every seat"
    };
    format!(
        "File:      {}\n\
         Format:    {} (written by Chokepoint {})\n\
         Scenario:  {} \"{}\" (sha256 {})\n\
         Seed:      {}\n\
         Turn:      {} ({})\n\
         Nations:   {} ({seats})\n\
         Size:      {}",
        path.display(),
        h.format,
        h.game_version,
        h.scenario_id,
        h.scenario_name,
        &h.scenario_sha256[..h.scenario_sha256.len().min(16)],
        h.seed,
        h.turn,
        h.date,
        h.nations.join(", "),
        size(bytes),
    )
}

/// `save-info`: the header of a save, after checking the file is whole; no game is built.
pub fn info(args: &InfoArgs) -> ExitCode {
    let path = match find(&args.target) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let bytes = match save::read(&path) {
        Ok(b) => b,
        Err(e) => {
            err!("error: {e}");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let header = match save::info(&bytes, &path.display().to_string()) {
        Ok(h) => h,
        Err(e) => {
            err!("error: {e}");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    if args.json {
        match serde_json::to_string_pretty(&header) {
            Ok(j) => out!("{j}"),
            Err(e) => {
                err!("error: {e}");
                return ExitCode::from(EXIT_FAILURE);
            }
        }
    } else {
        out!("{}", describe(&path, &header, bytes.len()));
    }
    ExitCode::SUCCESS
}

/// `replay`: plays the saved game again from the start with its recorded orders and checks
/// the state hash after every turn. Exit 0 when every turn matches, 1 when the replay parts
/// ways with the save, 2 when the save cannot be read.
pub fn replay(args: &SaveArgs) -> ExitCode {
    let path = match find(args) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let loaded = match save::load(&path) {
        Ok(l) => l,
        Err(e) => {
            err!("error: {e}");
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let h = &loaded.header;
    out!(
        "Replaying {}: {} \"{}\", seed {}, {} turns to {}",
        path.display(),
        h.scenario_id,
        h.scenario_name,
        h.seed,
        h.turn,
        h.date
    );
    let date = |t: u32| loaded.sim.catalog().date_label(t);
    match save::replay(&loaded, |_| {}) {
        Replay::Verified { turns } => {
            let last = loaded
                .report
                .hashes
                .last()
                .map_or(String::new(), |x| x.state_hash.clone());
            out!("Verified: the state hash of every turn (1 to {turns}) matches the save.");
            out!("Final state hash: {last}");
            ExitCode::SUCCESS
        }
        Replay::Diverged {
            turn,
            saved,
            replayed,
        } => {
            out!(
                "Diverged at turn {turn} ({}): turns before it match.",
                date(turn)
            );
            out!("  saved state hash:    {saved}");
            out!("  replayed state hash: {replayed}");
            err!(
                "error: {}: the replay parts ways with the save at turn {turn}",
                path.display()
            );
            ExitCode::from(EXIT_FAILURE)
        }
        Replay::Stuck { turn, problem } => {
            err!(
                "error: {}: the replay cannot go on at turn {turn} ({}): {problem}",
                path.display(),
                date(turn)
            );
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// `saves`: the saves in the saves folder, newest turn first within each scenario.
pub fn list(dir: &SavesDir) -> ExitCode {
    let Some(dir) = dir.get() else {
        err!("error: no folder for saves on this system; give --saves-dir DIR");
        return ExitCode::from(EXIT_INVALID);
    };
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            out!("No saves yet in {}", dir.display());
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            err!("error: cannot read {}: {e}", dir.display());
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == save::EXTENSION))
        .collect();
    files.sort();
    if files.is_empty() {
        out!("No saves yet in {}", dir.display());
        return ExitCode::SUCCESS;
    }
    out!("Saves in {}:", dir.display());
    for p in files {
        let name = p
            .file_stem()
            .map_or(String::new(), |s| s.to_string_lossy().to_string());
        match save::read(&p).and_then(|b| save::info(&b, &p.display().to_string())) {
            Ok(h) => out!(
                "  {name:<24} {} turn {} ({}), seed {}",
                h.scenario_id,
                h.turn,
                h.date,
                h.seed
            ),
            Err(e) => out!("  {name:<24} unreadable: {}", e.problem),
        }
    }
    ExitCode::SUCCESS
}
