//! Headless commands. Exit status: 0 success, 2 invalid input (bad flag, invalid scenario or
//! save), 1 failure while working (for example an output folder that cannot be written).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod batch;
#[cfg(feature = "gui")]
mod play;
pub mod report;
mod run;
mod saves;

use crate::scenario::{self, SHIPPED};

/// Invalid input: a bad flag or an invalid scenario.
pub const EXIT_INVALID: u8 = 2;
/// A failure while working, such as an unwritable output folder.
pub const EXIT_FAILURE: u8 = 1;

#[derive(Parser, Debug)]
#[command(
    name = "chokepoint",
    version,
    about = "Chokepoint: a turn-based trade-negotiation game about rare earths and chips",
    long_about = "Chokepoint: a turn-based trade-negotiation game about rare earths and chips.\n\n\
                  Without a command it opens the desktop game at its title screen. \
                  `chokepoint run` plays a whole game headless with the AI \
                  holding every seat and writes its reports; it can save the game, and continue \
                  (or branch) a saved one with `run --from`."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    #[cfg(feature = "gui")]
    /// Play in a window: lead one nation against the AI.
    Play(play::PlayArgs),
    /// `play` and `author` in a build without the desktop game: a clear refusal.
    #[cfg(not(feature = "gui"))]
    #[command(name = "play", alias = "author", hide = true)]
    NoWindow {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        _args: Vec<String>,
    },
    /// Run a whole game headless and write its reports.
    Run(run::RunArgs),
    /// Check scenario files; prints every problem as path:line:col: error: message.
    Validate {
        /// Scenario files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List the scenarios shipped with the game, or show one scenario's learning objectives
    /// and teacher notes.
    Scenarios {
        /// Show the full description, learning objectives and teacher notes (what to discuss,
        /// what really happened, sources) of this scenario: a shipped id or a file
        #[arg(long, value_name = "SCENARIO")]
        notes: Option<String>,
    },
    /// Replay a saved game from the start with its recorded orders, checking the state hash
    /// of every turn; reports the first turn that differs (exit 1) if any.
    Replay(saves::SaveArgs),
    /// Show what a save holds (scenario, turn, seed, nations, version) without loading it.
    SaveInfo(saves::InfoArgs),
    /// List the saves in the saves folder.
    Saves(run::SavesDir),
    /// Write a small, valid, commented scenario to start from (NAME.ron, or --out FILE).
    NewScenario {
        /// The scenario's name (its id and file name are made from it).
        name: String,
        /// Where to write it (default: the id with .ron, in the current folder). An existing
        /// file is never overwritten.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    #[cfg(feature = "gui")]
    /// Open a window that watches a scenario file: on every save it checks the file again
    /// and shows the problems with line and column (printed here too), or, when valid,
    /// charts the first 24 months of an AI run
    Author {
        /// The scenario file to watch (it may start invalid: fix it while the window is open).
        file: PathBuf,
        /// Window size in logical pixels, as WIDTHxHEIGHT.
        #[arg(long, value_name = "WxH", default_value = "1400x860", value_parser = play::parse_size)]
        size: (u32, u32),
        #[cfg(feature = "scripted")]
        /// Break and fix the file by script, saving screenshots into this folder, then quit
        /// (for tests and the docs; the file is left as it was).
        #[arg(long, value_name = "DIR", hide = true)]
        demo: Option<PathBuf>,
    },
    /// Play one scenario over many seeds on every core; write per-seed results and their
    /// distributions (CSV, JSON and an HTML page).
    Batch(batch::BatchArgs),
    /// Write a played game's debrief report from a save: report.html (charts, timeline of
    /// decisions, licences, summit transcripts, learning objectives with this game's
    /// evidence; opens offline) with the CSV and JSON files behind it.
    Report(report::ReportArgs),
    /// Print the scenario format's JSON Schema (for editors and tools), or with --markdown
    /// the scenario reference (docs/scenario-reference.md) rendered from it.
    Schema {
        /// Print the reference page instead of the JSON Schema.
        #[arg(long)]
        markdown: bool,
    },
}

/// Writes to stdout. A closed pipe (say, output piped into `head`) is not an error worth a
/// panic: the rest of the output is simply dropped.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}
pub(crate) use out;

/// Same for stderr.
macro_rules! err {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}
pub(crate) use err;

/// Parses the command line and runs the command.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let Some(command) = cli.command else {
        #[cfg(feature = "gui")]
        return play::title_screen();
        #[cfg(not(feature = "gui"))]
        return no_window();
    };
    match command {
        #[cfg(feature = "gui")]
        Command::Play(args) => play::play(&args),
        #[cfg(not(feature = "gui"))]
        Command::NoWindow { .. } => no_window(),
        Command::Run(args) => run::run(&args),
        Command::Validate { files } => validate(&files),
        Command::Scenarios { notes: None } => list_scenarios(),
        Command::Scenarios { notes: Some(spec) } => show_notes(&spec),
        Command::Replay(args) => saves::replay(&args),
        Command::SaveInfo(args) => saves::info(&args),
        Command::Saves(dir) => saves::list(&dir),
        Command::Batch(args) => batch::batch(&args),
        Command::Report(args) => report::report(&args),
        Command::NewScenario { name, out } => new_scenario(&name, out),
        #[cfg(feature = "gui")]
        Command::Author {
            file,
            size,
            #[cfg(feature = "scripted")]
            demo,
        } => author(
            file,
            size,
            #[cfg(feature = "scripted")]
            demo,
        ),
        Command::Schema { markdown } => schema(markdown),
    }
}

/// The title screen, `play` and `author` in a build without the desktop game.
#[cfg(not(feature = "gui"))]
fn no_window() -> ExitCode {
    err!(
        "error: this chokepoint was built without the desktop game (the `gui` feature): \
         `chokepoint run` plays a game headless, `chokepoint --help` lists the commands"
    );
    ExitCode::from(EXIT_INVALID)
}

fn schema(markdown: bool) -> ExitCode {
    use crate::scenario::reference;
    if !markdown {
        let text = serde_json::to_string_pretty(&reference::json_schema())
            .expect("a JSON value always serializes");
        out!("{text}");
        return ExitCode::SUCCESS;
    }
    match reference::render() {
        Ok(page) => {
            use std::io::Write as _;
            let _ = std::io::stdout().lock().write_all(page.as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => {
            err!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(feature = "gui")]
fn author(
    file: PathBuf,
    size: (u32, u32),
    #[cfg(feature = "scripted")] demo: Option<PathBuf>,
) -> ExitCode {
    if !file.is_file() {
        err!(
            "error: {} is not a file; write one with `chokepoint new-scenario NAME` and watch that",
            file.display()
        );
        return ExitCode::from(EXIT_INVALID);
    }
    crate::ui::author::run(crate::ui::author::AuthorLaunch {
        path: file,
        size,
        #[cfg(feature = "scripted")]
        demo,
    })
}

fn validate(files: &[PathBuf]) -> ExitCode {
    let mut invalid = 0usize;
    for f in files {
        match scenario::validate::load_file(f) {
            Ok(s) => out!("{}: ok ({} \"{}\")", f.display(), s.id, s.name),
            Err(d) => {
                invalid += 1;
                err!("{}", d.to_string().trim_end());
                err!(
                    "{}: {} error{}",
                    f.display(),
                    d.0.len(),
                    if d.0.len() == 1 { "" } else { "s" }
                );
            }
        }
    }
    if invalid > 0 {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}

fn new_scenario(name: &str, out: Option<PathBuf>) -> ExitCode {
    use std::io::Write as _;
    let text = scenario::starter::text(name);
    let path =
        out.unwrap_or_else(|| PathBuf::from(format!("{}.ron", scenario::starter::id_from(name))));
    // Never overwrite: create the file only if it is not there.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    let written = match file {
        Ok(mut f) => f.write_all(text.as_bytes()).and_then(|_| f.sync_all()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            err!(
                "error: {} exists; give another name or --out FILE (nothing was written)",
                path.display()
            );
            return ExitCode::from(EXIT_INVALID);
        }
        Err(e) => Err(e),
    };
    match written {
        Ok(()) => {
            out!(
                "Wrote {}: a three-nation starter. Check it with `chokepoint validate {0}`, play it with `chokepoint play --scenario {0}`.",
                path.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            err!("error: cannot write {}: {e}", path.display());
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// A scenario's description, learning objectives and teacher notes, as plain text.
pub fn notes_text(sc: &scenario::Scenario) -> String {
    let mut t = format!(
        "{} ({}): {} turns from {}-{:02}\n\n{}\n",
        sc.name,
        sc.id,
        sc.turns,
        sc.start.year,
        sc.start.month,
        sc.description.trim()
    );
    let list = |t: &mut String, title: &str, items: &[String]| {
        if !items.is_empty() {
            t.push_str(&format!("\n{title}\n"));
            for i in items {
                t.push_str(&format!("  - {}\n", i.trim()));
            }
        }
    };
    let n = &sc.teacher_notes;
    list(&mut t, "Learning objectives", &sc.learning_objectives);
    list(&mut t, "To discuss", &n.discuss);
    if !n.history.trim().is_empty() {
        t.push_str(&format!("\nWhat really happened\n  {}\n", n.history.trim()));
    }
    list(&mut t, "Sources", &n.sources);
    t
}

fn show_notes(spec: &str) -> ExitCode {
    match scenario::load(spec) {
        Ok(sc) => {
            out!("{}", notes_text(&sc).trim_end());
            ExitCode::SUCCESS
        }
        Err(d) => {
            err!("{}", d.to_string().trim_end());
            ExitCode::from(EXIT_INVALID)
        }
    }
}

fn list_scenarios() -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for (i, s) in SHIPPED.iter().enumerate() {
        match s.parse() {
            Ok(sc) => {
                let blurb = sc.description.lines().next().unwrap_or("").trim();
                out!(
                    "{:<20} {} ({} turns from {}-{:02}){}",
                    sc.id,
                    sc.name,
                    sc.turns,
                    sc.start.year,
                    sc.start.month,
                    if i == 0 { "  [default]" } else { "" }
                );
                if !blurb.is_empty() {
                    out!("{:<20} {blurb}", "");
                }
                if !sc.learning_objectives.is_empty() {
                    out!(
                        "{:<20} (learning objectives and teacher notes: chokepoint scenarios --notes {})",
                        "",
                        sc.id
                    );
                }
            }
            Err(d) => {
                err!("{}", d.to_string().trim_end());
                status = ExitCode::from(EXIT_FAILURE);
            }
        }
    }
    status
}
