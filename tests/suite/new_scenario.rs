//! `chokepoint new-scenario`: a starter that validates, and never over an existing file.

use std::process::Command;

fn chokepoint(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_chokepoint"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn a_new_scenario_validates_runs_and_is_never_written_over() {
    let dir = tempfile::tempdir().unwrap();
    let o = chokepoint(dir.path(), &["new-scenario", "Metal squeeze"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let path = dir.path().join("metal-squeeze.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("id: \"metal-squeeze\""));
    assert!(text.contains("name: \"Metal squeeze\""));
    assert!(
        text.lines()
            .filter(|l| l.trim_start().starts_with("//"))
            .count()
            > 15
    );
    let v = chokepoint(dir.path(), &["validate", "metal-squeeze.ron"]);
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stderr));
    let r = chokepoint(
        dir.path(),
        &["run", "--scenario", "metal-squeeze.ron", "--turns", "6"],
    );
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    // A second time: refused, the author's edits kept.
    std::fs::write(&path, "// my edits\n").unwrap();
    let again = chokepoint(dir.path(), &["new-scenario", "Metal squeeze"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "// my edits\n");
    // --out puts it elsewhere.
    let o = chokepoint(dir.path(), &["new-scenario", "Other", "--out", "sub.ron"]);
    assert!(o.status.success());
    assert!(dir.path().join("sub.ron").exists());
}
