//! The authoring loop's core: watch a scenario file, re-validate it whenever its bytes change,
//! and when it is valid preview the first months of an AI run (prices, output shares,
//! shortages). No window here: `chokepoint author` draws this in one and prints it to the
//! terminal.

use std::path::{Path, PathBuf};

use crate::ai::{AiSettings, Difficulty};
use crate::scenario::schema::Scenario;
use crate::scenario::validate::{self, Diagnostic};
use crate::sim::Sim;

/// Months the preview plays.
pub const PREVIEW_TURNS: u32 = 24;
/// Seed of the preview run.
pub const PREVIEW_SEED: u64 = 1;

/// A `(turn, value)` series.
pub type Series = Vec<[f64; 2]>;

/// The first months of an AI run of a valid scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub name: String,
    pub turns: u32,
    /// Nation names, in file order.
    pub nations: Vec<String>,
    /// Good names, in file order.
    pub goods: Vec<String>,
    /// `[good][nation]`: price as a multiple of the good's base price.
    pub prices: Vec<Vec<Series>>,
    /// `[good][nation]`: share of the world's output of the good.
    pub shares: Vec<Vec<Series>>,
    /// `[nation]`: share of planned sector output lost to shortages.
    pub shortage: Vec<Series>,
    /// `(turn, headline)` of the news.
    pub news: Vec<(u32, String)>,
}

/// What the watcher last saw.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Not read yet.
    Waiting,
    /// The file cannot be read.
    Unreadable(String),
    /// The file has problems, located.
    Invalid(Vec<Diagnostic>),
    /// The file is valid; the preview is of this version.
    Valid,
}

/// Watches one scenario file.
pub struct Watcher {
    pub path: PathBuf,
    /// The bytes last read (`None` before the first read or while unreadable).
    last: Option<Vec<u8>>,
    pub status: Status,
    /// The preview of the last valid version, kept while the file is invalid.
    pub preview: Option<Preview>,
    /// Versions seen (each change of the file's bytes counts one).
    pub version: u32,
    /// The text of the version last read, for showing the lines problems point at.
    pub source: String,
}

impl Watcher {
    pub fn new(path: &Path) -> Watcher {
        Watcher {
            path: path.to_path_buf(),
            last: None,
            status: Status::Waiting,
            preview: None,
            version: 0,
            source: String::new(),
        }
    }

    /// Reads the file; when it changed since the last look, checks it again and, if valid,
    /// previews it. Returns whether anything changed.
    pub fn poll(&mut self) -> bool {
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) => {
                let status =
                    Status::Unreadable(format!("cannot read {}: {e}", self.path.display()));
                let changed = self.status != status;
                self.last = None;
                self.status = status;
                return changed;
            }
        };
        if self.last.as_deref() == Some(bytes.as_slice()) {
            return false;
        }
        self.version += 1;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        self.last = Some(bytes);
        self.source.clone_from(&text);
        let file = self.path.display().to_string();
        match validate::parse(&file, &text) {
            Err(d) => self.status = Status::Invalid(d.0),
            Ok(s) => match preview(&s, PREVIEW_TURNS) {
                Ok(p) => {
                    self.preview = Some(p);
                    self.status = Status::Valid;
                }
                Err(e) => {
                    self.status = Status::Invalid(vec![Diagnostic {
                        file,
                        line: 1,
                        col: 1,
                        message: e,
                    }])
                }
            },
        }
        true
    }

    /// What the terminal shows of the current status: every problem as
    /// `file:line:col: error: message`, or a line saying the preview is ready.
    pub fn report(&self) -> String {
        match &self.status {
            Status::Waiting => format!("{}: waiting", self.path.display()),
            Status::Unreadable(e) => format!("error: {e}"),
            Status::Invalid(ds) => {
                let mut s: String = ds.iter().map(|d| format!("{d}\n")).collect();
                s.push_str(&format!(
                    "{}: {} problem{}; fix and save to check again",
                    self.path.display(),
                    ds.len(),
                    if ds.len() == 1 { "" } else { "s" }
                ));
                s
            }
            Status::Valid => {
                let p = self.preview.as_ref().expect("a valid file has a preview");
                format!(
                    "{}: ok ({}); previewed {} months with the AI at normal",
                    self.path.display(),
                    p.name,
                    p.turns
                )
            }
        }
    }
}

impl Preview {
    /// The good whose price moved most (in either direction), the one worth charting first.
    pub fn liveliest_good(&self) -> usize {
        let swing = |g: &Vec<Series>| {
            g.iter()
                .flatten()
                .map(|v| v[1].max(1e-9).ln().abs())
                .fold(0.0, f64::max)
        };
        (0..self.prices.len())
            .max_by(|&a, &b| {
                swing(&self.prices[a])
                    .total_cmp(&swing(&self.prices[b]))
                    .then(b.cmp(&a))
            })
            .unwrap_or(0)
    }
}

/// Plays the first `turns` months (at most the scenario's length) with the AI at normal in
/// every seat and collects the charts.
pub fn preview(s: &Scenario, turns: u32) -> Result<Preview, String> {
    let mut sim = Sim::new(s, PREVIEW_SEED).map_err(|e| e.to_string())?;
    crate::ai::attach(
        &mut sim,
        AiSettings {
            difficulty: Difficulty::Normal,
            last_turn: Some(s.turns),
            ..AiSettings::default()
        },
    );
    let turns = turns.min(s.turns);
    for _ in 0..turns {
        sim.step();
    }
    let c = sim.catalog();
    let (goods, nations) = (c.goods.len(), c.nations.len());
    let report = sim.report();
    let mut prices = vec![vec![Series::new(); nations]; goods];
    for p in &report.prices {
        let base = c.goods[p.good].base_price;
        prices[p.good][p.region].push([p.turn as f64, p.price / base]);
    }
    let mut made = vec![vec![vec![0.0; turns as usize]; nations]; goods];
    for r in &report.goods {
        if (1..=turns).contains(&r.turn) {
            made[r.good][r.nation][r.turn as usize - 1] += r.produced;
        }
    }
    let shares = made
        .iter()
        .map(|by_nation| {
            (0..nations)
                .map(|n| {
                    (0..turns as usize)
                        .map(|t| {
                            let world: f64 = by_nation.iter().map(|v| v[t]).sum();
                            let share = if world > 0.0 {
                                by_nation[n][t] / world
                            } else {
                                0.0
                            };
                            [t as f64 + 1.0, share]
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let mut shortage = vec![Series::new(); nations];
    for m in &report.metrics {
        shortage[m.nation].push([m.turn as f64, m.shortage]);
    }
    Ok(Preview {
        name: s.name.clone(),
        turns,
        nations: s.nations.iter().map(|n| n.name.clone()).collect(),
        goods: s.goods.iter().map(|g| g.name.clone()).collect(),
        prices,
        shares,
        shortage,
        news: report
            .news
            .iter()
            .map(|n| (n.turn, n.headline.clone()))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starter() -> String {
        crate::scenario::starter::text("Watched")
    }

    #[test]
    fn the_watcher_checks_each_version_previews_valid_ones_and_recovers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.ron");
        let mut w = Watcher::new(&path);
        // No file yet.
        assert!(w.poll());
        assert!(matches!(w.status, Status::Unreadable(_)), "{:?}", w.status);
        assert!(!w.poll(), "nothing new");

        let good = starter();
        std::fs::write(&path, &good).unwrap();
        assert!(w.poll());
        assert_eq!(w.status, Status::Valid);
        let p = w.preview.clone().unwrap();
        assert_eq!(p.turns, PREVIEW_TURNS);
        assert_eq!(p.nations, ["Northland", "Southland", "Westland"]);
        assert_eq!(p.prices[0][0].len(), PREVIEW_TURNS as usize);
        assert_eq!(p.shortage[2].len(), PREVIEW_TURNS as usize);
        // Northland makes all the ore.
        assert!(p.shares[0][0].iter().all(|v| (v[1] - 1.0).abs() < 1e-9));
        assert!(p.news.iter().any(|(t, h)| *t == 3 && h.contains("licence")));
        assert!(w.report().contains("ok (Watched); previewed 24 months"));
        assert!(!w.poll(), "an unchanged file is not checked again");

        // A misspelt field: the error points at its line; the last preview is kept.
        let broken = good.replacen("capacity: 700.0", "capasity: 700.0", 1);
        let line = broken.lines().position(|l| l.contains("capasity")).unwrap() + 1;
        std::fs::write(&path, &broken).unwrap();
        assert!(w.poll());
        let Status::Invalid(ds) = &w.status else {
            panic!("{:?}", w.status)
        };
        assert_eq!(ds[0].line, line, "{ds:?}");
        assert!(ds[0].message.contains("did you mean `capacity`"), "{ds:?}");
        assert_eq!(w.preview.as_ref(), Some(&p));
        let report = w.report();
        assert!(
            report.contains(&format!("w.ron:{line}:")) && report.contains("1 problem;"),
            "{report}"
        );

        // Fixed, with a change that shows: a shorter game previews fewer months.
        let fixed = good.replacen("turns: 36,", "turns: 12,", 1);
        std::fs::write(&path, &fixed).unwrap();
        assert!(w.poll());
        assert_eq!(w.status, Status::Valid);
        assert_eq!(w.preview.as_ref().unwrap().turns, 12);
        assert_eq!(w.version, 3);
    }

    #[test]
    fn a_file_that_does_not_parse_is_located_without_a_preview() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.ron");
        std::fs::write(&path, "Scenario(").unwrap();
        let mut w = Watcher::new(&path);
        assert!(w.poll());
        let Status::Invalid(ds) = &w.status else {
            panic!("{:?}", w.status)
        };
        assert!(!ds.is_empty());
        assert!(w.preview.is_none());
    }
}
