//! Scenario validation from the command line: shipped scenarios are valid; broken ones give
//! located errors (`path:line:col: error: ...`) and exit status 2, never a panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chokepoint::scenario::{self, SHIPPED, validate};

const DEFAULT: &str = include_str!("../../scenarios/standoff-2025.ron");

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_chokepoint"))
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in text"));
    text[..at].matches('\n').count() + 1
}

/// Replaces the first `from` with `to`, asserting it was there.
fn mutate(from: &str, to: &str) -> String {
    assert!(
        DEFAULT.contains(from),
        "`{from}` not in the default scenario"
    );
    DEFAULT.replacen(from, to, 1)
}

struct Checked {
    out: Output,
    stderr: String,
}

fn validate_file(path: &Path) -> Checked {
    let out = bin().arg("validate").arg(path).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    Checked { out, stderr }
}

/// Asserts exit status 2 and an error located at `line` whose message contains `needle`.
fn assert_located(c: &Checked, path: &Path, line: usize, needle: &str) {
    assert_eq!(c.out.status.code(), Some(2), "stderr: {}", c.stderr);
    let prefix = format!("{}:{line}:", path.display());
    let hit = c
        .stderr
        .lines()
        .find(|l| l.starts_with(&prefix) && l.contains(": error: ") && l.contains(needle));
    assert!(
        hit.is_some(),
        "no error at line {line} mentioning `{needle}` in:\n{}",
        c.stderr
    );
}

#[test]
fn every_shipped_scenario_validates_and_is_embedded() {
    for s in SHIPPED {
        let sc = s.parse().unwrap_or_else(|d| panic!("{d}"));
        assert!(!sc.nations.is_empty());
        let on_disk = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(s.file);
        let c = validate_file(&on_disk);
        assert_eq!(c.out.status.code(), Some(0), "{}", c.stderr);
    }
    // Every file in scenarios/ is shipped (embedded) too.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        if name.ends_with(".ron") {
            assert!(
                SHIPPED.iter().any(|s| s.file == name),
                "{name} not embedded"
            );
        }
    }
    assert_eq!(
        scenario::default_scenario().unwrap().id,
        scenario::DEFAULT_ID
    );
}

#[test]
fn syntax_error_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let text = mutate("format: 1,\n    id:", "format: 1,\n    id: :");
    let p = write(dir.path(), "syntax.ron", &text);
    let c = validate_file(&p);
    assert_located(&c, &p, line_of(&text, "id: :"), "");
}

#[test]
fn unknown_field_is_located_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let text = mutate("base_price: 69000.0", "base_prise: 69000.0");
    let p = write(dir.path(), "unknown.ron", &text);
    let c = validate_file(&p);
    assert_located(
        &c,
        &p,
        line_of(&text, "base_prise"),
        "unknown field `base_prise`; did you mean `base_price`?",
    );
}

#[test]
fn duplicate_id_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let text = mutate("(id: \"lace\",", "(id: \"ndpr\",");
    let p = write(dir.path(), "dup.ron", &text);
    let c = validate_file(&p);
    // The second `ndpr` is the duplicate.
    let second = text.match_indices("(id: \"ndpr\",").nth(1).unwrap().0;
    let line = text[..second].matches('\n').count() + 1;
    assert_located(&c, &p, line, "duplicate good id `ndpr`");
}

#[test]
fn dangling_reference_is_located_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let text = mutate("recipe: \"magnet_plant\"", "recipe: \"magnet_plnt\"");
    let p = write(dir.path(), "dangling.ron", &text);
    let c = validate_file(&p);
    assert_located(
        &c,
        &p,
        line_of(&text, "magnet_plnt"),
        "unknown recipe `magnet_plnt`; did you mean `magnet_plant`?",
    );
}

#[test]
fn negative_capacity_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let text = mutate("capacity: 51000.0", "capacity: -51000.0");
    let p = write(dir.path(), "negative.ron", &text);
    let c = validate_file(&p);
    assert_located(&c, &p, line_of(&text, "-51000.0"), "out of range");
}

#[test]
fn nan_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let text = mutate("approval: 0.42", "approval: NaN");
    let p = write(dir.path(), "nan.ron", &text);
    let c = validate_file(&p);
    assert_located(
        &c,
        &p,
        line_of(&text, "approval: NaN"),
        "not a finite number",
    );
}

#[test]
fn infinity_in_a_price_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = mutate("base_price: 4700.0", "base_price: inf");
    let p = write(dir.path(), "inf.ron", &text);
    let c = validate_file(&p);
    assert_located(
        &c,
        &p,
        line_of(&text, "base_price: inf"),
        "not a finite number",
    );
}

#[test]
fn oversized_file_is_refused_without_reading_it_all() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = DEFAULT.to_string();
    let pad = "// padding padding padding padding padding padding padding padding\n";
    while (text.len() as u64) <= validate::MAX_FILE_BYTES {
        text.push_str(pad);
    }
    let p = write(dir.path(), "huge.ron", &text);
    let c = validate_file(&p);
    assert_located(&c, &p, 1, "limited to");
}

#[test]
fn deeply_nested_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 10_000;
    let cond = format!(
        "{}TurnAtLeast(1){}",
        "Not(".repeat(depth),
        ")".repeat(depth)
    );
    let text = mutate("trigger: AtTurn(1),", &format!("trigger: When({cond}),"));
    let p = write(dir.path(), "deep.ron", &text);
    let c = validate_file(&p);
    assert_located(&c, &p, line_of(&text, "trigger: When(Not("), "nesting");
}

#[test]
fn moderately_nested_conditions_hit_the_condition_limit() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 20; // deeper than the condition limit, shallower than the parser's
    let cond = format!(
        "{}TurnAtLeast(1){}",
        "Not(".repeat(depth),
        ")".repeat(depth)
    );
    let text = mutate("trigger: AtTurn(1),", &format!("trigger: When({cond}),"));
    let p = write(dir.path(), "nested.ron", &text);
    let c = validate_file(&p);
    assert_located(
        &c,
        &p,
        line_of(&text, "trigger: When(Not("),
        "nested more than",
    );
}

#[test]
fn every_semantic_problem_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let text = mutate("capacity: 51000.0", "capacity: -1.0")
        .replacen("approval: 0.42", "approval: 1.5", 1)
        .replacen("(with: \"CN\", trust: 0.2", "(with: \"CNN\", trust: 0.2", 1);
    let p = write(dir.path(), "many.ron", &text);
    let c = validate_file(&p);
    assert_located(&c, &p, line_of(&text, "capacity: -1.0"), "out of range");
    assert_located(&c, &p, line_of(&text, "approval: 1.5"), "out of range");
    assert_located(&c, &p, line_of(&text, "\"CNN\""), "did you mean `CN`?");
    let errors = c.stderr.lines().filter(|l| l.contains(": error: ")).count();
    assert_eq!(errors, 3, "{}", c.stderr);
}

#[test]
fn several_files_are_checked_and_the_status_reflects_any_failure() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.ron", DEFAULT);
    let bad = write(dir.path(), "bad.ron", &mutate("format: 1", "format: 7"));
    let out = bin().arg("validate").arg(&good).arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("good.ron: ok"), "{stdout}");
    assert!(
        stderr.contains("format version 7 is not supported"),
        "{stderr}"
    );
}

#[test]
fn missing_file_and_binary_garbage_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.ron");
    let c = validate_file(&missing);
    assert_located(&c, &missing, 1, "cannot open");
    let garbage = dir.path().join("garbage.ron");
    std::fs::write(&garbage, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let c = validate_file(&garbage);
    assert_located(&c, &garbage, 1, "UTF-8");
}

#[test]
fn run_refuses_an_invalid_scenario_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "bad.ron",
        &mutate("capacity: 51000.0", "capacity: -1.0"),
    );
    let out_dir = dir.path().join("out");
    let out = bin()
        .args(["run", "--turns", "2", "--scenario"])
        .arg(&bad)
        .arg("--out")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(": error: "));
    assert!(!out_dir.exists());
}

#[test]
fn wrong_flags_exit_2() {
    for args in [
        vec!["run", "--bogus"],
        vec!["run", "--turns", "0"],
        vec!["run", "--seed", "minus-one"],
        vec!["validate"],
        vec!["frobnicate"],
    ] {
        let out = bin().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    }
}

#[test]
fn every_command_has_help() {
    for args in [
        vec!["--help"],
        vec!["run", "--help"],
        vec!["validate", "--help"],
        vec!["scenarios", "--help"],
    ] {
        let out = bin().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage"));
    }
}

#[test]
fn scenarios_lists_the_default() {
    let out = bin().arg("scenarios").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("standoff-2025") && s.contains("[default]"),
        "{s}"
    );
}

#[test]
fn scenarios_notes_prints_objectives_and_teacher_notes() {
    let out = bin()
        .args(["scenarios", "--notes", "embargo-2010"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8_lossy(&out.stdout);
    for part in [
        "Embargo 2010 (embargo-2010)",
        "Learning objectives",
        "To discuss",
        "What really happened",
        "30,258 t",
        "docs/sources.md §3.3",
    ] {
        assert!(s.contains(part), "no `{part}` in:\n{s}");
    }
    let out = bin()
        .args(["scenarios", "--notes", "no-such-scenario"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-scenario"));
}

#[test]
fn author_refuses_a_missing_file_before_opening_a_window() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nothing.ron");
    let out = bin().arg("author").arg(&missing).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("nothing.ron is not a file") && err.contains("new-scenario"),
        "{err}"
    );
}

#[test]
fn teacher_notes_are_checked_and_located() {
    let dir = tempfile::tempdir().unwrap();
    let text = mutate(
        "    teacher_notes: (\n        discuss: [",
        "    teacher_notes: (\n        discus: [",
    );
    let p = write(dir.path(), "notes.ron", &text);
    let c = validate_file(&p);
    assert_located(
        &c,
        &p,
        line_of(&text, "discus: ["),
        "did you mean `discuss`?",
    );
}

#[test]
fn lever_fields_are_checked_and_located() {
    let dir = tempfile::tempdir().unwrap();
    let text = mutate(
        "firms: (quota_state_share: Some(1.0), private_review_stricter: true),",
        "firms: (quota_state_share: Some(1.5), private_review_stricter: true),\n                extraterritorial: [(goods: Only([\"magnets\"]), threshold: 2.0, to: All, regime: GeneralLicence(months: 12))],",
    )
    .replacen(
        "regime: GeneralLicence(months: 12)),\n                    Approval(",
        "regime: GeneralLicence(months: 0)),\n                    Approval(",
        1,
    )
    .replacen("technology: Some(\"CN\")", "technology: Some(\"ROW\")", 1);
    let p = write(dir.path(), "levers.ron", &text);
    let c = validate_file(&p);
    assert_located(&c, &p, line_of(&text, "Some(1.5)"), "out of range");
    assert_located(
        &c,
        &p,
        line_of(&text, "\"magnets\""),
        "did you mean `magnet`?",
    );
    assert_located(&c, &p, line_of(&text, "threshold: 2.0"), "out of range");
    assert_located(
        &c,
        &p,
        line_of(&text, "threshold: 2.0"),
        "takes Open, Licensing or Ban",
    );
    assert_located(
        &c,
        &p,
        line_of(&text, "GeneralLicence(months: 0)"),
        "0 is out of range",
    );
    assert_located(
        &c,
        &p,
        line_of(&text, "technology: Some(\"ROW\")"),
        "other than the host",
    );
}

#[test]
fn map_areas_name_real_countries_once() {
    let dir = tempfile::tempdir().unwrap();
    // A misspelt country, with the near name suggested.
    let text = mutate(
        r#"map: Countries(["Japan"])"#,
        r#"map: Countries(["Japna"])"#,
    );
    let p = write(dir.path(), "typo.ron", &text);
    let c = validate_file(&p);
    assert_located(&c, &p, line_of(&text, "Japna"), "did you mean `Japan`?");
    // A country claimed by two nations.
    let text = mutate(
        r#"map: Countries(["Japan"])"#,
        r#"map: Countries(["China"])"#,
    );
    let p = write(dir.path(), "twice.ron", &text);
    let c = validate_file(&p);
    // Reported at Japan's map, the line after its id.
    let jp = line_of(&text, r#"id: "JP""#) + 1;
    assert_located(&c, &p, jp, "already on the map as part of `CN`");
    // Two rest-of-world nations.
    let text = mutate(r#"map: Countries(["Australia"])"#, "map: Rest");
    let p = write(dir.path(), "rest.ron", &text);
    let c = validate_file(&p);
    assert_eq!(c.out.status.code(), Some(2));
    assert!(
        c.stderr.contains("covers the rest of the map"),
        "{}",
        c.stderr
    );
}

#[test]
fn play_checks_its_flags_before_opening_a_window() {
    let out = bin().args(["play", "--nation", "UZ"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains("no nation `UZ`") && e.contains("did you mean `US`?"),
        "{e}"
    );
    let out = bin().args(["play", "--size", "10x10"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("between 640 and 7680"));
}

#[test]
fn an_agreement_condition_naming_an_unknown_issue_is_located_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let text = mutate(
        "When(EventFired(event: \"myanmar_closure\", turns: 4))",
        "When(AgreementInForce(parties: [\"US\", \"CN\"], issue: Some(\"us_tarifs\")))",
    );
    let p = write(dir.path(), "agreement.ron", &text);
    let c = validate_file(&p);
    assert_located(
        &c,
        &p,
        line_of(&text, "us_tarifs"),
        "unknown issue `us_tarifs`; did you mean `us_tariffs`?",
    );
    let text = mutate(
        "When(EventFired(event: \"myanmar_closure\", turns: 4))",
        "When(AgreementInForce(parties: []))",
    );
    let p = write(dir.path(), "no_parties.ron", &text);
    let c = validate_file(&p);
    assert_located(
        &c,
        &p,
        line_of(&text, "parties: []"),
        "name at least one party",
    );
}
