//! What authors and teachers use to test a scenario's story, through the real binary:
//! `run --without-event ID` / `--without-summit ID` play the same file with a scripted event or
//! a summit taken out, and `capacity.csv` shows capacity running, ramping and being built.

use std::path::Path;
use std::process::{Command, Output};

fn chokepoint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chokepoint"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn rows(dir: &Path, name: &str) -> Vec<csv::StringRecord> {
    let mut r = csv::Reader::from_path(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    r.records().map(|r| r.unwrap()).collect()
}

/// Japan's imports of oxides from China in a turn, from trade.csv.
fn japan_imports(dir: &Path, turn: &str) -> f64 {
    rows(dir, "trade.csv")
        .iter()
        .filter(|r| &r[0] == turn && &r[2] == "reo" && &r[3] == "CN" && &r[4] == "JP")
        .map(|r| r[5].parse::<f64>().unwrap())
        .sum()
}

fn embargo(out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "run",
        "--scenario",
        "embargo-2010",
        "--difficulty",
        "passive",
        "--turns",
        "12",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    chokepoint(&args)
}

#[test]
fn a_run_without_an_event_or_a_summit_plays_the_file_without_it() {
    let tmp = tempfile::tempdir().unwrap();
    let (plain, without) = (tmp.path().join("plain"), tmp.path().join("without"));
    let out = embargo(&plain, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = embargo(
        &without,
        &[
            "--without-event",
            "japan_halt",
            "--without-summit",
            "senkaku_talks",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Counterfactual: without event `japan_halt`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Counterfactual: without summit `senkaku_talks`"),
        "{stdout}"
    );
    // History: nothing reaches Japan from China during the halt (turns 9 and 10).
    assert_eq!(
        japan_imports(&plain, "9") + japan_imports(&plain, "10"),
        0.0
    );
    assert!(japan_imports(&without, "9") > 100.0);
    let halt = "Customs hold rare-earth shipments to Japan";
    let news = |d: &Path| std::fs::read_to_string(d.join("news.csv")).unwrap();
    assert!(news(&plain).contains(halt));
    assert!(!news(&without).contains(halt));
    let summits = |d: &Path| std::fs::read_to_string(d.join("summits.json")).unwrap();
    assert!(summits(&plain).contains("senkaku_talks"));
    assert!(!summits(&without).contains("senkaku_talks"));
}

#[test]
fn an_unknown_event_or_summit_is_refused_with_the_nearest_id_and_nothing_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    for (flag, typo, near) in [
        ("--without-event", "japan_hatl", "japan_halt"),
        ("--without-summit", "senkaku_talk", "senkaku_talks"),
    ] {
        let out = embargo(&dir, &[flag, typo]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("{flag}: no ")), "{err}");
        assert!(err.contains(&format!("did you mean `{near}`?")), "{err}");
        assert!(!dir.exists(), "nothing written");
    }
}

#[test]
fn capacity_csv_follows_a_plant_from_construction_through_its_ramp() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    let out = chokepoint(&[
        "run",
        "--scenario",
        "race-2035",
        "--difficulty",
        "passive",
        "--turns",
        "40",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all = rows(&dir, "capacity.csv");
    let us_magnets = |turn: &str| {
        all.iter()
            .find(|r| &r[0] == turn && &r[2] == "US" && &r[3] == "magnet_plant")
            .unwrap_or_else(|| panic!("no row for turn {turn}"))
            .iter()
            .skip(4)
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    // Fort Worth runs (1,000 t/yr) while the announced expansion (9,000 t/yr) is built; it
    // opens in turn 27 and ramps up over twelve months.
    let num = |v: &[String], i: usize| v[i].parse::<f64>().unwrap();
    let t1 = us_magnets("1");
    assert_eq!(
        (num(&t1, 0), num(&t1, 1), num(&t1, 2)),
        (1000.0, 0.0, 9000.0)
    );
    assert_eq!((t1[4].as_str(), t1[5].as_str()), ("1", "26"));
    let t26 = us_magnets("26");
    assert_eq!(t26[5], "1");
    let t27 = us_magnets("27");
    assert_eq!(num(&t27, 2), 0.0);
    assert!(num(&t27, 0) > 1000.0 && num(&t27, 1) > 0.0, "{t27:?}");
    assert!(
        (num(&t27, 0) + num(&t27, 1) - 10000.0).abs() < 1e-6,
        "{t27:?}"
    );
    let t40 = us_magnets("40");
    assert_eq!((num(&t40, 0), num(&t40, 1)), (10000.0, 0.0));
    // A nation without a plant of a recipe has no row for it.
    assert!(!all.iter().any(|r| &r[2] == "JP" && &r[3] == "mine"));
}
