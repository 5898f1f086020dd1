//! `chokepoint batch`: many seeds on every core, byte-identical whatever the threads; bad
//! flags fail with a message and write nothing.

use std::path::Path;
use std::process::{Command, Output};

fn batch(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chokepoint"))
        .arg("batch")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_batch_writes_the_same_bytes_on_one_thread_and_on_three() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("one"), dir.path().join("three"));
    for (out, threads) in [(&a, "1"), (&b, "3")] {
        let o = batch(&[
            "--seeds",
            "4",
            "--first-seed",
            "10",
            "--turns",
            "12",
            "--difficulty",
            "easy",
            "--threads",
            threads,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.contains("4 seeds (10..=13), 12 turns"), "{text}");
    }
    let (one, three) = (files(&a), files(&b));
    let names: Vec<&str> = one.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "goods.csv",
            "index.html",
            "nations.csv",
            "seeds.csv",
            "summary.json"
        ]
    );
    assert_eq!(one, three);
    let seeds = String::from_utf8(one[3].1.clone()).unwrap();
    assert_eq!(seeds.lines().count(), 5, "a header and a row a seed");
    assert!(seeds.lines().nth(1).unwrap().starts_with("10,"));
    // A seed of a batch is the game `run --seed` plays: the same state hash.
    let row = seeds.lines().nth(2).unwrap();
    let hash = row.split(',').nth(1).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_chokepoint"))
        .args([
            "run",
            "--seed",
            "11",
            "--turns",
            "12",
            "--difficulty",
            "easy",
        ])
        .args(["--out", dir.path().join("run").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(run.status.success());
    let summary = std::fs::read_to_string(dir.path().join("run/summary.json")).unwrap();
    assert!(summary.contains(hash), "seed 11: {hash}");
    let page = String::from_utf8(one[1].1.clone()).unwrap();
    assert!(page.contains("<svg") && !page.contains("<script"));
    // Six nations, a dot per seed on the score chart.
    assert!(page.matches("<circle").count() >= 6 * 4);
}

#[test]
fn bad_flags_say_what_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = batch(&["--seeds", "0", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--seeds"));
    let o = batch(&[
        "--seeds",
        "2",
        "--scenario",
        "no-such-scenario.ron",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no-such-scenario.ron"));
    let o = batch(&[
        "--seeds",
        "2",
        "--first-seed",
        "18446744073709551615",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--first-seed"));
    assert!(!out.exists());
}
