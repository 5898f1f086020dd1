//! Follows docs/authoring-guide.md literally, in a fresh folder: runs its commands (the
//! release-binary path replaced by this build's binary) and applies its edits, which the guide
//! marks with HTML comments:
//!
//! - `<!-- edit FILE after: LINE -->` (optionally followed by `<!-- then after: LINE -->`):
//!   insert the next ```ron block after the first line equal to LINE (trimmed), searching on
//!   from the previous anchor for a `then`;
//! - `<!-- edit FILE replace: OLD => NEW -->`: replace the one occurrence of OLD;
//! - `<!-- expect exit N: TEXT -->`: the next ```sh block exits with N and prints TEXT
//!   (otherwise it must exit 0).
//!
//! Lines starting with `cargo` are skipped (this test is that build).

use std::path::Path;
use std::process::Command;

const GUIDE: &str = include_str!("../../docs/authoring-guide.md");
const BIN_IN_GUIDE: &str = "target/release/chokepoint";

enum Step {
    Insert {
        file: String,
        anchors: Vec<String>,
        text: String,
    },
    Replace {
        file: String,
        old: String,
        new: String,
    },
    Commands {
        lines: Vec<String>,
        exit: i32,
        expect: String,
    },
}

fn comment(line: &str) -> Option<&str> {
    line.trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")
        .map(str::trim)
}

/// The guide's steps, in order.
fn steps() -> Vec<Step> {
    let mut steps = Vec::new();
    let lines: Vec<&str> = GUIDE.lines().collect();
    let mut pending_insert: Option<(String, Vec<String>)> = None;
    let mut pending_expect: Option<(i32, String)> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(c) = comment(line) {
            if let Some(rest) = c.strip_prefix("edit ") {
                let (file, what) = rest.split_once(' ').expect("edit FILE ...");
                if let Some(anchor) = what.strip_prefix("after: ") {
                    pending_insert = Some((file.to_string(), vec![anchor.trim().to_string()]));
                } else if let Some(r) = what.strip_prefix("replace: ") {
                    let (old, new) = r.split_once(" => ").expect("replace: OLD => NEW");
                    steps.push(Step::Replace {
                        file: file.to_string(),
                        old: old.to_string(),
                        new: new.to_string(),
                    });
                } else {
                    panic!("unknown edit in the guide: {c}");
                }
            } else if let Some(anchor) = c.strip_prefix("then after: ") {
                pending_insert
                    .as_mut()
                    .expect("`then after` follows an edit")
                    .1
                    .push(anchor.trim().to_string());
            } else if let Some(rest) = c.strip_prefix("expect exit ") {
                let (code, text) = rest.split_once(':').expect("expect exit N: TEXT");
                pending_expect = Some((code.trim().parse().unwrap(), text.trim().to_string()));
            }
            i += 1;
            continue;
        }
        if let Some(lang) = line.strip_prefix("```")
            && !lang.is_empty()
        {
            let end = (i + 1..lines.len())
                .find(|&j| lines[j].starts_with("```"))
                .expect("closed code block");
            let body: Vec<String> = lines[i + 1..end].iter().map(|s| s.to_string()).collect();
            match lang {
                "ron" => {
                    if let Some((file, anchors)) = pending_insert.take() {
                        steps.push(Step::Insert {
                            file,
                            anchors,
                            text: body.join("\n"),
                        });
                    }
                }
                "sh" => {
                    let (exit, expect) = pending_expect.take().unwrap_or((0, String::new()));
                    steps.push(Step::Commands {
                        lines: body,
                        exit,
                        expect,
                    });
                }
                _ => {}
            }
            i = end + 1;
            continue;
        }
        i += 1;
    }
    assert!(pending_insert.is_none(), "an edit without its ron block");
    steps
}

fn insert(dir: &Path, file: &str, anchors: &[String], text: &str) {
    let path = dir.join(file);
    let src = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = src.lines().map(str::to_string).collect();
    let mut at = 0;
    for (k, a) in anchors.iter().enumerate() {
        let from = if k == 0 { 0 } else { at + 1 };
        at = (from..lines.len())
            .find(|&j| lines[j].trim() == a)
            .unwrap_or_else(|| panic!("the guide's anchor `{a}` is not in {file}:\n{src}"));
    }
    for (k, l) in text.lines().enumerate() {
        lines.insert(at + 1 + k, l.to_string());
    }
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
}

#[test]
fn the_authoring_guide_works_when_followed_literally() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_chokepoint");
    let steps = steps();
    assert!(steps.len() >= 12, "{} steps found", steps.len());
    let mut ran = 0;
    for step in steps {
        match step {
            Step::Insert {
                file,
                anchors,
                text,
            } => insert(dir.path(), &file, &anchors, &text),
            Step::Replace { file, old, new } => {
                let path = dir.path().join(&file);
                let src = std::fs::read_to_string(&path).unwrap();
                assert_eq!(src.matches(&old).count(), 1, "`{old}` once in {file}");
                std::fs::write(&path, src.replace(&old, &new)).unwrap();
            }
            Step::Commands {
                lines,
                exit,
                expect,
            } => {
                for line in lines.iter().filter(|l| !l.trim().starts_with("cargo ")) {
                    let args = line
                        .trim()
                        .strip_prefix(BIN_IN_GUIDE)
                        .unwrap_or_else(|| panic!("a command the test cannot run: {line}"));
                    let out = Command::new(bin)
                        .args(shell_words(args))
                        .current_dir(dir.path())
                        .env("XDG_DATA_HOME", dir.path().join("data"))
                        .output()
                        .unwrap();
                    let text = format!(
                        "{}{}",
                        String::from_utf8_lossy(&out.stdout),
                        String::from_utf8_lossy(&out.stderr)
                    );
                    assert_eq!(out.status.code(), Some(exit), "`{line}`:\n{text}");
                    assert!(text.contains(&expect), "`{line}` lacks `{expect}`:\n{text}");
                    ran += 1;
                }
            }
        }
    }
    assert!(ran >= 6, "{ran} commands run");
    // The result holds what the guide added, and its events fired.
    let s = chokepoint::scenario::validate::load_file(&dir.path().join("island-squeeze.ron"))
        .unwrap_or_else(|d| panic!("{d}"));
    assert!(s.goods.iter().any(|g| g.id == "scrap"));
    assert!(s.nations.iter().any(|n| n.id == "E"));
    let news = std::fs::read_to_string(dir.path().join("runs/second/news.csv")).unwrap();
    assert!(news.contains("9,2030-09,Strike at Northland"), "{news}");
    assert!(news.contains("12,2030-12,Northland's miners"), "{news}");
    let goods = std::fs::read_to_string(dir.path().join("runs/second/goods.csv")).unwrap();
    let recycled = goods
        .lines()
        .filter(|l| l.contains(",W,scrap,"))
        .any(|l| l.split(',').nth(6).is_some_and(|used| used != "0.0000"));
    assert!(recycled, "Westland's recycler used no scrap");
}

/// Splits a command line on spaces, keeping double-quoted words together.
fn shell_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in s.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    words.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            _ => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(cur);
    }
    words
}
