//! `run --orders`: scripted orders through the command line. Same file, same bytes; refused
//! orders are reported with their reason; a dominant refiner moving a good from open exports to
//! licensing cuts its exports until approvals arrive, visible turn by turn in licences.csv.

use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_chokepoint"))
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/licensing-shock.ron")
}

fn run(orders: &Path, out: &Path) -> String {
    let o = bin()
        .args(["run", "--seed", "3", "--turns", "12", "--orders"])
        .arg(orders)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

fn csv(dir: &Path, name: &str) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_path(dir.join(name)).unwrap();
    r.records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn the_same_orders_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    run(&example(), &a);
    run(&example(), &b);
    for f in std::fs::read_dir(&a).unwrap() {
        let name = f.unwrap().file_name();
        let x = std::fs::read(a.join(&name)).unwrap();
        let y = std::fs::read(b.join(&name)).unwrap();
        assert!(x == y, "{name:?} differs");
    }
}

#[test]
fn refused_orders_are_reported_with_their_reason() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&example(), dir.path());
    // The AI's orders count among the applied; the one refused is the script's.
    assert!(out.contains(" applied, 1 refused\n"), "{out}");
    assert!(out.contains("US refused: idle cn_magnets: "), "{out}");
    assert!(out.contains("cn_magnets stands in CN, not in US"), "{out}");
    let orders = csv(dir.path(), "orders.csv");
    let refused: Vec<_> = orders.iter().filter(|r| !r[5].is_empty()).collect();
    assert_eq!(refused.len(), 1, "{orders:?}");
    assert_eq!(
        (refused[0][2].as_str(), refused[0][3].as_str()),
        ("US", "Script")
    );
    assert!(refused[0][5].contains("only its host can idle or reopen it"));
    // The accepted script orders are logged as applied.
    assert_eq!(
        orders
            .iter()
            .filter(|r| r[3] == "Script" && r[5].is_empty())
            .count(),
        3
    );
}

#[test]
fn licensing_a_freely_exported_good_cuts_exports_until_approvals_arrive() {
    let dir = tempfile::tempdir().unwrap();
    run(&example(), dir.path());
    let exports = |turn: &str| -> f64 {
        csv(dir.path(), "trade.csv")
            .iter()
            .filter(|r| r[0] == turn && r[2] == "lace" && r[3] == "CN")
            .map(|r| r[5].parse::<f64>().unwrap())
            .sum()
    };
    let (before, during, after) = (exports("2"), exports("3") + exports("4"), exports("5"));
    assert!(before > 1000.0, "China exports La/Ce freely: {before}");
    assert!(
        during > 0.0 && during / 2.0 < 0.6 * before,
        "exports fall sharply while applications wait, but shipments already in the pipeline trickle: {during} in two months vs {before} a month"
    );
    assert!(
        after > 0.0 && after < before,
        "approved share only: {after} vs {before}"
    );

    let licences = csv(dir.path(), "licences.csv");
    let rows = |turn: &str| -> Vec<&Vec<String>> {
        licences
            .iter()
            .filter(|r| r[0] == turn && r[2] == "CN" && r[3] == "lace")
            .collect()
    };
    let sum = |rs: &[&Vec<String>], col: usize| -> f64 {
        rs.iter().map(|r| r[col].parse::<f64>().unwrap()).sum()
    };
    // Turn 3: applications filed and queued; turn 4: still queued; turn 5: decided.
    let t3 = rows("3");
    assert!(!t3.is_empty());
    assert!(
        sum(&t3, 6) >= 1.0 && sum(&t3, 7) > 0.0,
        "applications and volume"
    );
    assert!(sum(&t3, 11) >= 1.0, "queue");
    assert!(sum(&rows("4"), 11) >= 1.0, "still queued");
    let t5 = rows("5");
    assert!(
        sum(&t5, 8) > 0.0 && sum(&t5, 9) > 0.0,
        "approvals and denials"
    );
    assert_eq!(sum(&t5, 11), 0.0, "queue cleared");
    assert!(sum(&t5, 13) > 0.0, "volume under permit");
}

#[test]
fn a_broken_orders_file_gives_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(
        &bad,
        "(orders: [\n  (turn: 2, nation: \"XX\", order: SetStockCover(3.0)),\n  (turn: 0, nation: \"US\", order: SetExportQuota(good: \"magnets\", limit: None)),\n])\n",
    )
    .unwrap();
    let o = bin()
        .args(["run", "--turns", "3", "--orders"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    let path = bad.display().to_string();
    assert!(
        err.contains(&format!("{path}:2:")) && err.contains("unknown nation `XX`"),
        "{err}"
    );
    assert!(
        err.contains(&format!("{path}:3:")) && err.contains("did you mean `magnet`?"),
        "{err}"
    );
    assert!(err.contains("0 is out of range"), "{err}");
    let unknown = dir.path().join("unknown.ron");
    std::fs::write(
        &unknown,
        "(orders: [(turn: 2, nation: \"US\", order: Nationalise)])",
    )
    .unwrap();
    let o = bin()
        .args(["run", "--turns", "3", "--orders"])
        .arg(&unknown)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown variant `Nationalise`"));
}
