//! Saved games: one file holds everything needed to continue a game exactly where it stopped,
//! and to replay it from the start.
//!
//! **Layout.** A save is UTF-8 text in four lines:
//!
//! 1. `chokepoint save` (so any other file is recognised as not a save);
//! 2. the header, one line of JSON ([`Header`]): format and game versions, scenario id, name
//!    and hash, seed, turn, nations; what `save-info` shows without reading further;
//! 3. the payload, one line of JSON ([`Payload`]): the scenario (an embedded copy, as RON),
//!    the whole sim state (RNG positions included), the game's history so far (the report the
//!    output files are written from, with the state hash of every turn), everything that came
//!    from outside the game (players' and scripts' orders, human seats' summit moves) and the
//!    AI's state (settings and their history, memory, dice);
//! 4. `sha256 ` and the SHA-256 of everything before it, in hex.
//!
//! Any changed, missing or added byte is caught by the checksum; a file from another format
//! version is refused with the version it needs; a payload that passes the checksum is still
//! checked against its scenario before any of it reaches a game ([`check`]).
//!
//! **Writing** is atomic: the bytes go to a temporary file in the same folder, which is
//! synced and then renamed over the target, so a crash or a full disk part-way leaves the
//! previous save as it was.

pub mod check;

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::ai::{self, AiPlugin, AiState};
use crate::scenario::schema::Scenario;
use crate::scenario::validate;
use crate::sim::Sim;
use crate::sim::orders::Inputs;
use crate::sim::report::Report;
use crate::sim::snapshot::{self, SimState};
use crate::sim::summits::AllSeatsAi;

/// The save format this build writes and reads.
pub const FORMAT: u32 = 1;
/// First line of every save.
pub const MAGIC: &str = "chokepoint save";
/// File extension of saves.
pub const EXTENSION: &str = "chokepoint";
/// Autosaves rotate through this many files.
pub const AUTOSAVE_SLOTS: u32 = 3;
/// Largest save read (a game of the longest length at the largest scenario stays far below).
pub const MAX_BYTES: u64 = 1 << 30;

/// What a save says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub format: u32,
    /// Version of the game that wrote it.
    pub game_version: String,
    pub scenario_id: String,
    pub scenario_name: String,
    /// SHA-256 of the embedded scenario text.
    pub scenario_sha256: String,
    pub seed: u64,
    /// Turns played.
    pub turn: u32,
    /// Calendar month of that turn.
    pub date: String,
    /// Nation ids, in scenario order.
    pub nations: Vec<String>,
    /// Whether the scenario's human seats were left to people (else the AI held every seat).
    pub human_seats: bool,
}

/// The game itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Payload {
    /// The scenario, as RON.
    pub scenario: String,
    pub state: SimState,
    pub report: Report,
    pub inputs: Inputs,
    pub ai: Option<AiState>,
}

/// Why a save could not be written.
#[derive(Debug)]
pub enum SaveError {
    /// A summit waits for a human seat's move; its session is not part of a save.
    SummitOpen,
    Encode(String),
    Io(PathBuf, io::Error),
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::SummitOpen => write!(
                f,
                "cannot save while a summit waits for a player's move; save after it ends"
            ),
            SaveError::Encode(e) => write!(f, "cannot encode the game: {e}"),
            SaveError::Io(p, e) => write!(f, "cannot write {}: {e}", p.display()),
        }
    }
}

impl std::error::Error for SaveError {}

/// Why a save was refused: which file, and what is wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    pub file: String,
    pub problem: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.problem)
    }
}

impl std::error::Error for LoadError {}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The save of a game: `scenario` must be the one `sim` runs.
pub fn encode(sim: &Sim, scenario: &Scenario) -> Result<Vec<u8>, SaveError> {
    if !sim.open_summits().is_empty() {
        return Err(SaveError::SummitOpen);
    }
    let enc = |e: &dyn fmt::Display| SaveError::Encode(e.to_string());
    let text = ron::ser::to_string_pretty(scenario, ron::ser::PrettyConfig::default())
        .map_err(|e| enc(&e))?;
    let state = sim.snapshot();
    let catalog = sim.catalog();
    let world = sim.world();
    let header = Header {
        format: FORMAT,
        game_version: env!("CARGO_PKG_VERSION").to_string(),
        scenario_id: scenario.id.clone(),
        scenario_name: scenario.name.clone(),
        scenario_sha256: sha256(text.as_bytes()),
        seed: state.rng.seed,
        turn: state.clock.turn,
        date: catalog.date_label(state.clock.turn),
        nations: catalog.nations.iter().map(|n| n.id.clone()).collect(),
        human_seats: !world.get_resource::<AllSeatsAi>().is_none_or(|a| a.0),
    };
    let payload = Payload {
        scenario: text,
        state,
        report: sim.report().clone(),
        inputs: world.resource::<Inputs>().clone(),
        ai: ai::capture(world),
    };
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC.as_bytes());
    out.push(b'\n');
    serde_json::to_writer(&mut out, &header).map_err(|e| enc(&e))?;
    out.push(b'\n');
    serde_json::to_writer(&mut out, &payload).map_err(|e| enc(&e))?;
    out.push(b'\n');
    let sum = sha256(&out);
    out.extend_from_slice(format!("sha256 {sum}\n").as_bytes());
    Ok(out)
}

/// Splits a save into its header and payload lines after checking the magic line, the
/// checksum and the format version.
fn open<'a>(bytes: &'a [u8], file: &str) -> Result<(Header, &'a [u8]), LoadError> {
    let fail = |problem: String| LoadError {
        file: file.to_string(),
        problem,
    };
    let magic = format!("{MAGIC}\n");
    if !bytes.starts_with(magic.as_bytes()) {
        return Err(fail(if bytes.is_empty() {
            "the file is empty (not a Chokepoint save)".to_string()
        } else {
            "not a Chokepoint save (its first line is not `chokepoint save`)".to_string()
        }));
    }
    // The checksum line is the last line: `sha256 ` and 64 hex digits.
    let tail_len = "sha256 ".len() + 64 + 1;
    let truncated = || {
        fail("the file is cut short (it ends before its checksum): the save was not written to the end".to_string())
    };
    if bytes.len() < magic.len() + tail_len || !bytes.ends_with(b"\n") {
        return Err(truncated());
    }
    let (body, tail) = bytes.split_at(bytes.len() - tail_len);
    let Some(sum) = tail
        .strip_prefix(b"sha256 ")
        .and_then(|t| t.strip_suffix(b"\n"))
        .filter(|t| t.iter().all(|c| c.is_ascii_hexdigit()))
    else {
        return Err(if body.ends_with(b"\n") || tail.contains(&b'\n') {
            fail("the checksum line is missing or damaged".to_string())
        } else {
            truncated()
        });
    };
    if !body.ends_with(b"\n") {
        return Err(fail("the checksum line is missing or damaged".to_string()));
    }
    if sha256(body) != String::from_utf8_lossy(sum).to_ascii_lowercase() {
        return Err(fail(
            "damaged: its checksum does not match its contents (the file was changed or corrupted after it was written)"
                .to_string(),
        ));
    }
    let rest = &body[magic.len()..];
    let Some(split) = rest.iter().position(|&b| b == b'\n') else {
        return Err(fail("the header line is missing".to_string()));
    };
    let (head, payload) = (&rest[..split], &rest[split + 1..]);
    // The version first, so that any other format gets a version message rather than a
    // parse error.
    #[derive(Deserialize)]
    struct Version {
        format: u32,
        #[serde(default)]
        game_version: String,
    }
    let v: Version = serde_json::from_slice(head)
        .map_err(|e| fail(format!("the header cannot be read: {e}")))?;
    if v.format != FORMAT {
        let by = if v.game_version.is_empty() {
            String::new()
        } else {
            format!(", written by Chokepoint {}", v.game_version)
        };
        return Err(fail(format!(
            "save format {}{by}; this Chokepoint ({}) reads save format {FORMAT} only{}",
            v.format,
            env!("CARGO_PKG_VERSION"),
            if v.format < FORMAT {
                ": open it with the version that wrote it and play on there, or start the scenario again"
            } else {
                ": it needs a newer Chokepoint"
            }
        )));
    }
    let header: Header = serde_json::from_slice(head)
        .map_err(|e| fail(format!("the header cannot be read: {e}")))?;
    let payload = payload.strip_suffix(b"\n").unwrap_or(payload);
    Ok((header, payload))
}

/// What a save says about itself, after checking that it is whole (without building a game).
pub fn info(bytes: &[u8], file: &str) -> Result<Header, LoadError> {
    open(bytes, file).map(|(h, _)| h)
}

/// A game read back from a save, ready to continue.
pub struct Loaded {
    pub header: Header,
    pub scenario: Scenario,
    pub sim: Sim,
    /// The game's history as saved (the hash of every turn is in `report.hashes`).
    pub report: Report,
    pub inputs: Inputs,
    pub ai: Option<AiState>,
}

/// Reads a save: checks everything first, then builds the game. Never a half-loaded game.
pub fn decode(bytes: &[u8], file: &str) -> Result<Loaded, LoadError> {
    let fail = |problem: String| LoadError {
        file: file.to_string(),
        problem,
    };
    let (header, payload) = open(bytes, file)?;
    let payload: Payload = serde_json::from_slice(payload)
        .map_err(|e| fail(format!("the game data cannot be read: {e}")))?;
    if sha256(payload.scenario.as_bytes()) != header.scenario_sha256 {
        return Err(fail(
            "the embedded scenario does not match the hash in the header".to_string(),
        ));
    }
    let scenario = validate::parse(&format!("{file} (embedded scenario)"), &payload.scenario)
        .map_err(|d| {
            fail(format!(
                "the embedded scenario is not valid:\n{}",
                d.to_string().trim_end()
            ))
        })?;
    let mut sim =
        Sim::new(&scenario, header.seed).map_err(|e| fail(format!("the scenario: {e}")))?;
    if header.human_seats {
        sim = sim.with_human_seats();
    }
    let catalog = sim.catalog().clone();
    let nations: Vec<String> = catalog.nations.iter().map(|n| n.id.clone()).collect();
    if nations != header.nations || scenario.id != header.scenario_id {
        return Err(fail(
            "the header does not match the embedded scenario".to_string(),
        ));
    }
    if payload.state.clock.turn != header.turn || payload.state.rng.seed != header.seed {
        return Err(fail("the header does not match the game data".to_string()));
    }
    check::state(&payload.state, &catalog).map_err(|p| fail(format!("inconsistent game: {p}")))?;
    check::report(&payload.report, &catalog)
        .map_err(|p| fail(format!("inconsistent history: {p}")))?;
    check::inputs(&payload.inputs, &catalog, payload.state.facilities.len())
        .map_err(|p| fail(format!("inconsistent orders: {p}")))?;
    if let Some(a) = &payload.ai {
        check::ai(a, &catalog).map_err(|p| fail(format!("inconsistent AI state: {p}")))?;
    }
    // All checked: build the game.
    if let Some(a) = &payload.ai {
        sim.add_plugin(AiPlugin);
        ai::restore(sim.world_mut(), a);
    }
    let world = sim.world_mut();
    snapshot::restore(world, &payload.state);
    world.insert_resource(payload.report.clone());
    world.insert_resource(payload.inputs.clone());
    Ok(Loaded {
        header,
        scenario,
        sim,
        report: payload.report,
        inputs: payload.inputs,
        ai: payload.ai,
    })
}

/// Reads a save file (at most [`MAX_BYTES`]).
pub fn read(path: &Path) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let file = path.display().to_string();
    let fail = |problem: String| LoadError {
        file: file.clone(),
        problem,
    };
    let f = fs::File::open(path).map_err(|e| fail(format!("cannot open: {e}")))?;
    let mut bytes = Vec::new();
    f.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(format!("cannot read: {e}")))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(fail(format!(
            "larger than {} MiB: not a save",
            MAX_BYTES >> 20
        )));
    }
    Ok(bytes)
}

/// Reads and decodes a save file.
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    decode(&read(path)?, &path.display().to_string())
}

/// How saves are written. `fail_after` is a fault-injection point for tests: the write stops
/// after that many bytes, as a crash or a full disk would stop it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Writer {
    pub fail_after: Option<usize>,
}

impl Writer {
    /// Writes `bytes` to `path` atomically: to a temporary file beside it, synced, then
    /// renamed over it. On failure the previous file at `path` is untouched.
    pub fn write(&self, path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
        let io_err = |e: io::Error| SaveError::Io(path.to_path_buf(), e);
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&dir).map_err(io_err)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "save".to_string());
        let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        let result = (|| -> io::Result<()> {
            let mut f = fs::File::create(&tmp)?;
            if let Some(n) = self.fail_after {
                f.write_all(&bytes[..n.min(bytes.len())])?;
                f.sync_all()?;
                return Err(io::Error::other("write interrupted (fault injected)"));
            }
            f.write_all(bytes)?;
            f.sync_all()?;
            drop(f);
            fs::rename(&tmp, path)?;
            // Make the rename itself durable (where the platform allows syncing a folder).
            if let Ok(d) = fs::File::open(&dir) {
                let _ = d.sync_all();
            }
            Ok(())
        })();
        if result.is_err() && self.fail_after.is_none() {
            let _ = fs::remove_file(&tmp);
        }
        result.map_err(io_err)
    }
}

/// Writes the save of a game to `path`.
pub fn save(sim: &Sim, scenario: &Scenario, path: &Path) -> Result<(), SaveError> {
    Writer::default().write(path, &encode(sim, scenario)?)
}

/// The autosave file for a turn, in `dir` (the slots rotate).
pub fn autosave_path(dir: &Path, turn: u32) -> PathBuf {
    let slot = turn.saturating_sub(1) % AUTOSAVE_SLOTS + 1;
    dir.join(format!("autosave-{slot}.{EXTENSION}"))
}

/// The folder saves go to by default: `saves` in the platform's data folder for the game.
pub fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "chokepoint").map(|d| d.data_dir().join("saves"))
}

/// A save given on the command line: a path, or a name in `dir` (with or without the
/// extension).
pub fn resolve(spec: &str, dir: Option<&Path>) -> Result<PathBuf, String> {
    let p = Path::new(spec);
    if p.exists() {
        return Ok(p.to_path_buf());
    }
    if let Some(dir) = dir {
        for name in [spec.to_string(), format!("{spec}.{EXTENSION}")] {
            let q = dir.join(&name);
            if q.exists() {
                return Ok(q);
            }
        }
        return Err(format!(
            "no save `{spec}` (not a file, and not in {})",
            dir.display()
        ));
    }
    Err(format!("no save `{spec}`"))
}

/// Where a save named on the command line is written: a bare name goes into `dir` (with the
/// extension added when it has none); a path (anything with a folder in it) is used as given.
pub fn target(spec: &str, dir: Option<&Path>) -> Result<PathBuf, String> {
    let p = Path::new(spec);
    if spec.is_empty() || p.file_name().is_none() {
        return Err(format!("`{spec}` is not a file name for a save"));
    }
    if p.components().count() > 1 || p.is_absolute() {
        return Ok(p.to_path_buf());
    }
    let Some(dir) = dir else {
        return Err(format!(
            "no folder for saves on this system; give a path (e.g. ./{spec}) or --saves-dir DIR"
        ));
    };
    let name = if p.extension().is_some() {
        spec.to_string()
    } else {
        format!("{spec}.{EXTENSION}")
    };
    Ok(dir.join(name))
}

/// Where a replay first disagreed with the save, if anywhere.
#[derive(Debug, Clone, PartialEq)]
pub enum Replay {
    /// Every turn matched.
    Verified { turns: u32 },
    Diverged {
        turn: u32,
        saved: String,
        replayed: String,
    },
    /// A recorded move could not be made (the summit it belongs to did not open).
    Stuck { turn: u32, problem: String },
}

/// Replays a loaded save from the start: the same scenario, seed, AI settings and recorded
/// orders and moves; compares the state hash after every turn with the saved one.
/// `progress` is told each turn verified.
pub fn replay(l: &Loaded, progress: impl FnMut(u32)) -> Replay {
    match rebuild(l, l.header.turn, progress) {
        Ok(_) => Replay::Verified {
            turns: l.header.turn,
        },
        Err(r) => r,
    }
}

/// Plays a loaded save again from the start up to the end of turn `upto` (summit moves of
/// that turn included), checking every turn's state hash against the saved one: the game as
/// it stood then, to branch from. Fails with where the replay went wrong.
pub fn rebuild(l: &Loaded, upto: u32, mut progress: impl FnMut(u32)) -> Result<Sim, Replay> {
    let Ok(mut sim) = Sim::new(&l.scenario, l.header.seed) else {
        return Err(Replay::Stuck {
            turn: 0,
            problem: "the scenario does not compile".to_string(),
        });
    };
    if l.header.human_seats {
        sim = sim.with_human_seats();
    }
    let history: Vec<(u32, ai::AiSettings)> =
        l.ai.as_ref().map(|a| a.history.clone()).unwrap_or_default();
    if l.ai.is_some() {
        sim.add_plugin(AiPlugin);
        // Until the first recorded settings (a game the AI joined later), nobody plays.
        sim.world_mut().insert_resource(ai::AiSettings {
            difficulty: ai::Difficulty::Passive,
            ..ai::AiSettings::default()
        });
    }
    let saved: std::collections::BTreeMap<u32, &str> = l
        .report
        .hashes
        .iter()
        .map(|h| (h.turn, h.state_hash.as_str()))
        .collect();
    for turn in 1..=upto.min(l.header.turn) {
        if let Some(s) = history.iter().find(|(after, _)| *after == turn - 1) {
            sim.world_mut().insert_resource(s.1.clone());
        }
        for o in l.inputs.orders.iter().filter(|o| o.turn == turn) {
            sim.world_mut().write_message(crate::sim::orders::OrderMsg {
                actor: o.actor,
                order: o.order.clone(),
                source: o.source,
                reason: o.reason.clone(),
                months: None,
            });
        }
        for i in l.inputs.interventions.iter().filter(|i| i.turn == turn) {
            sim.intervene(i.intervention.clone());
        }
        sim.step();
        for m in l.inputs.moves.iter().filter(|m| m.turn == turn) {
            let Some(i) = sim.open_summits().iter().position(|s| s.id == m.summit) else {
                return Err(Replay::Stuck {
                    turn,
                    problem: format!("summit `{}` is not open for a recorded move", m.summit),
                });
            };
            if let Err(e) = sim.summit_move(i, m.party, m.action.clone()) {
                return Err(Replay::Stuck {
                    turn,
                    problem: format!("a recorded move in `{}` was refused: {e}", m.summit),
                });
            }
        }
        let replayed = sim
            .report()
            .hashes
            .last()
            .map(|h| h.state_hash.clone())
            .unwrap_or_default();
        match saved.get(&turn) {
            Some(&s) if s == replayed => progress(turn),
            Some(&s) => {
                return Err(Replay::Diverged {
                    turn,
                    saved: s.to_string(),
                    replayed,
                });
            }
            None => {
                return Err(Replay::Stuck {
                    turn,
                    problem: "the save has no state hash for this turn".to_string(),
                });
            }
        }
    }
    Ok(sim)
}
