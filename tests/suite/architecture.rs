//! The house's layers: the top-level modules of `src/` use one another only as `src/lib.rs`
//! says, so there is no import cycle between them, and the headless layers never reach the
//! window or the command line. Read from the source (test modules left out), as a newcomer
//! would check it by reading the imports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Who may use whom: the list in `src/lib.rs`'s module docs.
const LAYERS: &[(&str, &[&str])] = &[
    ("geo", &[]),
    ("scenario", &["geo"]),
    ("negotiation", &["scenario"]),
    ("sim", &["scenario", "negotiation"]),
    ("ai", &["sim", "scenario", "negotiation"]),
    ("save", &["ai", "sim", "scenario", "negotiation"]),
    ("batch", &["ai", "sim", "scenario", "negotiation"]),
    ("debrief", &["sim", "scenario", "negotiation"]),
    ("author", &["ai", "sim", "scenario", "negotiation"]),
    (
        "reports",
        &["batch", "debrief", "ai", "sim", "scenario", "negotiation"],
    ),
    (
        "session",
        &["reports", "save", "ai", "sim", "scenario", "negotiation"],
    ),
    // The desktop game and the command line may use every layer listed before them.
    ("ui", &["*"]),
    ("cli", &["*"]),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level modules each top-level module names as `crate::x`, outside its tests.
fn uses(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if top == "lib" || top == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        let used = map.entry(top.clone()).or_default();
        for (i, _) in code.match_indices("crate::") {
            let name: String = code[i + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if name != top && !name.is_empty() {
                used.insert(name);
            }
        }
    }
    map
}

/// Who each module may use: its list, or with `*` every module listed before it.
fn allowed() -> BTreeMap<&'static str, Vec<&'static str>> {
    LAYERS
        .iter()
        .enumerate()
        .map(|(i, (m, ok))| {
            let ok = if ok.contains(&"*") {
                LAYERS[..i].iter().map(|l| l.0).collect()
            } else {
                ok.to_vec()
            };
            (*m, ok)
        })
        .collect()
}

fn check(uses: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let allowed = allowed();
    let mut wrong = Vec::new();
    for (module, used) in uses {
        let Some(ok) = allowed.get(module.as_str()) else {
            wrong.push(format!("`{module}` is not in the layer list"));
            continue;
        };
        for u in used {
            if !ok.contains(&u.as_str()) {
                wrong.push(format!("`{module}` uses `{u}`"));
            }
        }
    }
    wrong
}

#[test]
fn the_layers_are_the_ones_the_docs_name() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = uses(&src);
    assert!(found.len() >= 12, "{:?}", found.keys());
    assert!(found["cli"].contains("sim") && found["ui"].contains("session"));
    let wrong = check(&found);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Every module in the list is below every module that may use it: no cycles.
    let position: BTreeMap<&str, usize> =
        LAYERS.iter().enumerate().map(|(i, l)| (l.0, i)).collect();
    for (m, ok) in allowed() {
        for u in ok {
            assert!(
                position[u] < position[m],
                "`{m}` may use `{u}`, listed after it"
            );
        }
    }
    // And lib.rs names each layer.
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    for (m, _) in LAYERS {
        assert!(
            lib.contains(&format!("`{m}`")),
            "lib.rs does not describe `{m}`"
        );
    }
}

#[test]
fn a_use_against_the_layers_is_caught() {
    let mut found = BTreeMap::new();
    found.insert(
        "sim".to_string(),
        BTreeSet::from(["scenario".to_string(), "ai".to_string()]),
    );
    found.insert("scenario".to_string(), BTreeSet::from(["sim".to_string()]));
    assert_eq!(
        check(&found),
        vec![
            "`scenario` uses `sim`".to_string(),
            "`sim` uses `ai`".to_string()
        ]
    );
}
