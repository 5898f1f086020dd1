//! `chokepoint report SAVE --out DIR` through the real binary: a saved game becomes a page and
//! the files behind it, the page's figures agree with those files, and a bad save or flag
//! writes nothing.

use std::path::Path;
use std::process::{Command, Output};

fn chokepoint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chokepoint"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn a_saved_game_becomes_a_page_and_the_files_behind_it() {
    let tmp = tempfile::tempdir().unwrap();
    let saves = tmp.path().join("saves");
    let saves = saves.to_str().unwrap();
    let run = chokepoint(&[
        "run",
        "--seed",
        "5",
        "--turns",
        "14",
        "--save",
        "g",
        "--saves-dir",
        saves,
        "--out",
        tmp.path().join("run").to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let out = tmp.path().join("report");
    let rep = chokepoint(&[
        "report",
        "g",
        "--saves-dir",
        saves,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        rep.status.success(),
        "{}",
        String::from_utf8_lossy(&rep.stderr)
    );
    let said = String::from_utf8_lossy(&rep.stdout);
    assert!(said.contains("report.html"), "{said}");

    // The CSV and JSON files are those `run` wrote for the same game.
    for f in [
        "metrics.csv",
        "prices.csv",
        "orders.csv",
        "licences.csv",
        "summits.json",
    ] {
        assert_eq!(
            text(&out, f),
            text(&tmp.path().join("run"), f),
            "{f} differs from the run's"
        );
    }

    let page = text(&out, "report.html");
    assert!(!page.contains("<script"), "the page runs no scripts");
    assert!(
        !page.contains("src=\"http") && !page.contains("href=\"http"),
        "nothing is fetched"
    );
    let scenario = chokepoint::scenario::default_scenario().unwrap();
    for o in &scenario.learning_objectives {
        assert!(
            page.contains(&chokepoint::reports::html::escape(o)),
            "objective {o}"
        );
    }
    assert!(page.contains("14 of 60 months played, seed 5"));
    assert!(page.contains("The AI played every nation."));
    for n in &scenario.nations {
        assert!(
            page.contains(&format!("<td>{}</td><td>AI</td>", n.name)),
            "{}",
            n.name
        );
    }

    // Every summit is there with every move of its transcript.
    let summits: serde_json::Value = serde_json::from_str(&text(&out, "summits.json")).unwrap();
    let summits = summits.as_array().unwrap();
    assert!(!summits.is_empty());
    for s in summits {
        assert!(page.contains(&format!(
            "<h3>{}",
            chokepoint::reports::html::escape(s["name"].as_str().unwrap())
        )));
    }
    let moves: usize = summits
        .iter()
        .map(|s| s["transcript"].as_array().unwrap().len())
        .sum();
    let orders = text(&out, "orders.csv").lines().count() - 1;
    // One table row per order in the timeline and per move in the transcripts, plus the
    // standings and licence rows.
    let rows = page.matches("<tr>").count();
    assert!(
        rows > moves + orders,
        "{rows} rows for {moves} moves and {orders} orders"
    );

    // The price peaks the page names are the highest prices in prices.csv.
    let prices = text(&out, "prices.csv");
    let mut peak: std::collections::BTreeMap<String, f64> = Default::default();
    for line in prices.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let index: f64 = cells[5].parse().unwrap();
        let e = peak.entry(cells[2].to_string()).or_insert(0.0);
        *e = e.max(index);
    }
    let mut named = 0;
    for g in &scenario.goods {
        let p = peak[&g.id];
        let sentence = format!(
            "{} peaked at {p:.1}× its base price",
            chokepoint::reports::html::escape(&g.name)
        );
        if p >= 1.5 {
            assert!(page.contains(&sentence), "{sentence}");
            named += 1;
        } else {
            assert!(!page.contains(&sentence));
        }
    }
    assert!(named > 0, "no good's price rose by half in 14 months");
}

#[test]
fn a_damaged_save_or_a_missing_flag_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.chokepoint");
    std::fs::write(&bad, b"CHOKEPOINT SAVE\nnot really").unwrap();
    let out = tmp.path().join("out");
    let r = chokepoint(&[
        "report",
        bad.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("bad.chokepoint"), "{err}");
    assert!(!out.exists(), "nothing is written for a bad save");

    let r = chokepoint(&["report", bad.to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("--out"));

    let r = chokepoint(&[
        "report",
        "no-such-save",
        "--saves-dir",
        tmp.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.status.code(), Some(2));
    assert!(!out.exists());
}
