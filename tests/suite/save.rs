//! Saves: save → load → continue is the same game as never stopping; a replay verifies every
//! turn; damaged, truncated, extended or foreign files are refused with a clear message and
//! never a panic; an interrupted write leaves the previous save intact; an older format gets a
//! version message.

use crate::common::{default_scenario, with_ai};
use chokepoint::ai::{AiSettings, Difficulty};
use chokepoint::save::{self, Replay, Writer};
use chokepoint::sim::Sim;
use chokepoint::sim::orders::{Order, OrderSource};
use proptest::prelude::*;

/// A scripted order now and then, so the input log has something in it.
fn script(sim: &mut Sim, turn: u32) {
    if turn.is_multiple_of(5) {
        let eu = sim.catalog().nation_index("EU").unwrap();
        let dytb = sim.catalog().good_index("dytb").unwrap();
        sim.order(
            eu,
            Order::SetReserveTarget {
                good: dytb,
                months: Some(1.0 + f64::from(turn % 3)),
            },
            OrderSource::Script,
        );
    }
}

fn play(sim: &mut Sim, turns: u32) -> Vec<String> {
    (0..turns)
        .map(|_| {
            let t = sim.turn() + 1;
            script(sim, t);
            sim.step();
            sim.state_hash()
        })
        .collect()
}

#[test]
fn save_load_continue_is_the_same_game_as_never_stopping() {
    let s = default_scenario();
    for (seed, at, more) in [(1, 5, 8), (7, 13, 6), (3, 1, 4)] {
        let mut straight = with_ai(&s, seed, Difficulty::Normal);
        let hashes = play(&mut straight, at + more);

        let mut first = with_ai(&s, seed, Difficulty::Normal);
        let before = play(&mut first, at);
        let bytes = save::encode(&first, &s).unwrap();
        let mut loaded = save::decode(&bytes, "test").unwrap();
        assert_eq!(loaded.header.turn, at);
        assert_eq!(loaded.sim.state_hash(), before[at as usize - 1]);
        let after = play(&mut loaded.sim, more);

        assert_eq!(
            [before, after].concat(),
            hashes,
            "seed {seed}, saved at {at}"
        );
        // The history is whole: the report is the same as the uninterrupted game's.
        assert_eq!(loaded.sim.report(), straight.report(), "seed {seed}");
        // And saving again gives the same bytes as saving the uninterrupted game.
        assert_eq!(
            save::encode(&loaded.sim, &s).unwrap(),
            save::encode(&straight, &s).unwrap()
        );
    }
}

#[test]
fn a_replay_verifies_every_turn_and_finds_a_divergence() {
    let s = default_scenario();
    let mut sim = with_ai(&s, 2, Difficulty::Easy);
    play(&mut sim, 12);
    let bytes = save::encode(&sim, &s).unwrap();
    let loaded = save::decode(&bytes, "test").unwrap();
    let mut seen = Vec::new();
    assert_eq!(
        save::replay(&loaded, |t| seen.push(t)),
        Replay::Verified { turns: 12 }
    );
    assert_eq!(seen, (1..=12).collect::<Vec<_>>());

    // A recorded order dropped from the log: the replay parts ways where it mattered.
    let mut tampered = save::decode(&bytes, "test").unwrap();
    let dropped = tampered.inputs.orders.remove(0);
    match save::replay(&tampered, |_| {}) {
        Replay::Diverged {
            turn,
            saved,
            replayed,
        } => {
            assert_eq!(turn, dropped.turn);
            assert_ne!(saved, replayed);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_branch_with_other_settings_still_replays() {
    let s = default_scenario();
    let mut sim = with_ai(&s, 5, Difficulty::Normal);
    play(&mut sim, 6);
    let bytes = save::encode(&sim, &s).unwrap();
    let mut l = save::decode(&bytes, "test").unwrap();
    let mut settings = l.sim.world().resource::<AiSettings>().clone();
    settings.difficulty = Difficulty::Hard;
    chokepoint::ai::set_settings(&mut l.sim, settings);
    play(&mut l.sim, 4);
    let bytes = save::encode(&l.sim, &l.scenario).unwrap();
    let l = save::decode(&bytes, "test").unwrap();
    assert_eq!(save::replay(&l, |_| {}), Replay::Verified { turns: 10 });
}

/// A facilitator's interventions are inputs: the game saved after them continues and replays
/// exactly, a replay without them parts ways, and a save whose intervention names a nation
/// the scenario lacks is refused with where and what.
#[test]
fn facilitator_interventions_are_saved_and_replayed() {
    use chokepoint::scenario::schema::Seat;
    use chokepoint::sim::catalog::Effect;
    use chokepoint::sim::facilitator::Intervention;
    let s = default_scenario();
    let mut sim = with_ai(&s, 4, Difficulty::Normal);
    play(&mut sim, 2);
    let jp = sim.catalog().nation_index("JP").unwrap();
    let us = sim.catalog().nation_index("US").unwrap();
    sim.intervene(Intervention::Inject {
        event: None,
        headline: "Typhoon closes Japan's magnet plants for a month".into(),
        effects: vec![
            Effect::Approval {
                nation: jp,
                change: -0.08,
            },
            Effect::Treasury {
                nation: us,
                change: -2500.0,
            },
        ],
    });
    sim.intervene(Intervention::Seat {
        nation: jp,
        seat: Seat::Human,
    });
    play(&mut sim, 3);
    let lines = &sim.report().interventions;
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|l| l.turn == 3));
    assert_eq!(lines[0].effects.len(), 2);
    let bytes = save::encode(&sim, &s).unwrap();
    let loaded = save::decode(&bytes, "test").unwrap();
    assert_eq!(loaded.inputs.interventions.len(), 2);
    assert_eq!(save::replay(&loaded, |_| {}), Replay::Verified { turns: 5 });
    let mut without = save::decode(&bytes, "test").unwrap();
    without.inputs.interventions.clear();
    assert!(matches!(
        save::replay(&without, |_| {}),
        Replay::Diverged { turn: 3, .. }
    ));
    let mut bad = save::decode(&bytes, "test").unwrap();
    let mut inputs = bad.inputs.clone();
    inputs.interventions[1].intervention = Intervention::Seat {
        nation: 99,
        seat: Seat::Ai,
    };
    bad.sim.world_mut_for_tests().insert_resource(inputs);
    let damaged = save::encode(&bad.sim, &s).unwrap();
    let e = save::decode(&damaged, "class.chokepoint")
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("recorded intervention 1"), "{e}");
}

fn small_save() -> Vec<u8> {
    let s = default_scenario();
    let mut sim = with_ai(&s, 1, Difficulty::Passive);
    play(&mut sim, 2);
    save::encode(&sim, &s).unwrap()
}

#[test]
fn an_interrupted_write_leaves_the_previous_save_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("class.chokepoint");
    let s = default_scenario();
    let mut sim = with_ai(&s, 1, Difficulty::Passive);
    play(&mut sim, 2);
    let first = save::encode(&sim, &s).unwrap();
    Writer::default().write(&path, &first).unwrap();

    play(&mut sim, 2);
    let second = save::encode(&sim, &s).unwrap();
    let crash = Writer {
        fail_after: Some(second.len() / 2),
    };
    assert!(crash.write(&path, &second).is_err());
    // The previous save is whole and loads at its turn.
    assert_eq!(std::fs::read(&path).unwrap(), first);
    assert_eq!(save::load(&path).unwrap().header.turn, 2);
    // The next write goes through.
    Writer::default().write(&path, &second).unwrap();
    assert_eq!(save::load(&path).unwrap().header.turn, 4);
}

#[test]
fn an_older_format_gets_a_version_message() {
    let bytes = small_save();
    let text = String::from_utf8(bytes).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let old = lines[1].replacen("\"format\":1", "\"format\":0", 1);
    lines[1] = &old;
    let body: String = lines[..3].iter().map(|l| format!("{l}\n")).collect();
    let sum: String = sha2_hex(body.as_bytes());
    let file = format!("{body}sha256 {sum}\n");
    let e = save::decode(file.as_bytes(), "old.chokepoint")
        .err()
        .expect("refused");
    assert!(
        e.to_string().starts_with("old.chokepoint: save format 0"),
        "{e}"
    );
    assert!(e.to_string().contains("reads save format 1 only"), "{e}");
}

fn sha2_hex(b: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

#[test]
fn save_info_reads_the_header() {
    let bytes = small_save();
    let h = save::info(&bytes, "x").unwrap();
    assert_eq!(h.scenario_id, "standoff-2025");
    assert_eq!(h.turn, 2);
    assert_eq!(h.date, "2025-11");
    assert_eq!(h.nations, ["US", "CN", "EU", "JP", "AU", "ROW"]);
    assert_eq!(h.format, save::FORMAT);
}

#[test]
fn foreign_and_cut_files_are_refused_with_clear_messages() {
    let bytes = small_save();
    let msg = |b: &[u8]| save::decode(b, "f").err().expect("refused").to_string();
    assert!(msg(b"").contains("empty"));
    assert!(msg(b"(id: \"x\")").contains("not a Chokepoint save"));
    assert!(msg(&bytes[..bytes.len() / 2]).contains("cut short"));
    let mut extra = bytes.clone();
    extra.extend_from_slice(b"more\n");
    assert!(
        msg(&extra).contains("the checksum line is missing or damaged"),
        "{}",
        msg(&extra)
    );
    let mut flipped = bytes.clone();
    let i = bytes.len() / 3;
    flipped[i] ^= 0x01;
    assert!(msg(&flipped).contains("damaged"), "{}", msg(&flipped));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// Every damaged save is refused, never accepted, never a panic.
    #[test]
    fn damaged_saves_are_always_refused(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<u8>()), 1..4),
        append in prop::collection::vec(any::<u8>(), 0..3),
    ) {
        let original = small_save();
        let mut b = original.clone();
        for (at, kind, byte) in edits {
            if b.is_empty() { break; }
            let i = at.index(b.len());
            match kind {
                0 => b[i] ^= byte | 1,   // flip at least one bit
                1 => { b.remove(i); }     // drop a byte
                _ => b.insert(i, byte),   // add a byte
            }
        }
        b.extend(append);
        prop_assume!(b != original);
        let r = save::decode(&b, "damaged.chokepoint");
        prop_assert!(r.is_err());
        let e = r.err().unwrap().to_string();
        prop_assert!(e.starts_with("damaged.chokepoint: "), "{}", e);
    }
}

// ---- The command line: run --save / --from, replay, save-info ----

mod cli {
    use std::path::Path;
    use std::process::{Command, Output};

    fn chokepoint(dir: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_chokepoint"))
            .current_dir(dir)
            .args(args)
            .args(["--saves-dir", "saves"])
            .output()
            .unwrap()
    }

    fn ok(o: &Output) -> String {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).to_string()
    }

    fn refused(o: &Output) -> String {
        assert_eq!(
            o.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&o.stdout)
        );
        String::from_utf8_lossy(&o.stderr).to_string()
    }

    #[test]
    fn a_game_stopped_and_continued_is_the_game_played_through_and_replays() {
        let t = tempfile::tempdir().unwrap();
        let d = t.path();
        ok(&chokepoint(
            d,
            &[
                "run", "--seed", "4", "--out", "straight", "--save", "straight",
            ],
        ));
        let first = ok(&chokepoint(
            d,
            &["run", "--seed", "4", "--turns", "25", "--save", "week1"],
        ));
        assert!(
            first.contains("Saved turn 25 to saves/week1.chokepoint"),
            "{first}"
        );
        // Continue next week, to the end of the scenario (35 turns left).
        let second = ok(&chokepoint(
            d,
            &[
                "run",
                "--from",
                "week1",
                "--out",
                "continued",
                "--save",
                "./whole.chokepoint",
            ],
        ));
        assert!(
            second.starts_with("Continuing saves/week1.chokepoint"),
            "{second}"
        );
        for f in crate::common::REPORT_FILES {
            let a = std::fs::read(d.join("straight").join(f)).unwrap();
            let b = std::fs::read(d.join("continued").join(f)).unwrap();
            assert!(!a.is_empty() && a == b, "{f} differs");
        }
        let hashes = std::fs::read_to_string(d.join("continued/hashes.csv")).unwrap();
        assert_eq!(hashes.lines().count(), 61);
        assert!(hashes.starts_with("turn,date,state_hash\n1,2025-10,"));
        // The saves themselves are the same bytes.
        assert_eq!(
            std::fs::read(d.join("saves/straight.chokepoint")).unwrap(),
            std::fs::read(d.join("whole.chokepoint")).unwrap()
        );
        // The finished game replays, every turn verified.
        let r = ok(&chokepoint(d, &["replay", "whole.chokepoint"]));
        assert!(
            r.contains("Verified: the state hash of every turn (1 to 60)"),
            "{r}"
        );
        let last = hashes.lines().last().unwrap().rsplit(',').next().unwrap();
        assert!(r.contains(last), "{r}");
        // What it holds, without loading it.
        let i = ok(&chokepoint(d, &["save-info", "week1"]));
        assert!(i.contains("Turn:      25 (2027-10)"), "{i}");
        assert!(i.contains("Seed:      4"), "{i}");
        assert!(i.contains("US, CN, EU, JP, AU, ROW"), "{i}");
        let l = ok(&chokepoint(d, &["saves"]));
        assert!(l.contains("week1") && l.contains("turn 25"), "{l}");
        // A finished game goes on only when asked to.
        let e = refused(&chokepoint(d, &["run", "--from", "whole.chokepoint"]));
        assert!(e.contains("at turn 60, the end of scenario"), "{e}");
    }

    #[test]
    fn a_branch_takes_other_orders_and_autosaves() {
        let t = tempfile::tempdir().unwrap();
        let d = t.path();
        ok(&chokepoint(
            d,
            &["run", "--seed", "2", "--turns", "6", "--save", "base"],
        ));
        std::fs::write(
            d.join("past.ron"),
            "(orders: [(turn: 3, nation: \"US\", order: SetStockCover(3.0))])",
        )
        .unwrap();
        let e = refused(&chokepoint(
            d,
            &[
                "run", "--from", "base", "--turns", "2", "--orders", "past.ron",
            ],
        ));
        assert!(
            e.contains("turn 3") && e.contains("turns 7 and later"),
            "{e}"
        );
        std::fs::write(
            d.join("branch.ron"),
            "(orders: [(turn: 7, nation: \"US\", order: SetStockCover(3.0))])",
        )
        .unwrap();
        let out = ok(&chokepoint(
            d,
            &[
                "run",
                "--from",
                "base",
                "--turns",
                "4",
                "--orders",
                "branch.ron",
                "--autosave",
                "--difficulty",
                "easy",
                "--save",
                "branch",
            ],
        ));
        assert!(out.contains("Autosaved every turn"), "{out}");
        // Turns 7–10 rotate through three slots: 10 is in slot 1, 9 in slot 3, 8 in slot 2.
        let info = |f: &str| ok(&chokepoint(d, &["save-info", f]));
        assert!(info("autosave-1").contains("Turn:      10"));
        assert!(info("autosave-2").contains("Turn:      8"));
        assert!(info("autosave-3").contains("Turn:      9"));
        // The branch replays: its own orders and its change of level are in the save.
        let r = ok(&chokepoint(d, &["replay", "branch"]));
        assert!(r.contains("(1 to 10)"), "{r}");
    }

    #[test]
    fn bad_saves_and_flags_are_refused_with_where_and_what() {
        use sha2::{Digest, Sha256};
        let t = tempfile::tempdir().unwrap();
        let d = t.path();
        let e = refused(&chokepoint(d, &["replay", "missing"]));
        assert!(e.contains("no save `missing`"), "{e}");
        std::fs::write(d.join("notes.txt"), "class notes").unwrap();
        let e = refused(&chokepoint(d, &["save-info", "notes.txt"]));
        assert!(e.contains("notes.txt: not a Chokepoint save"), "{e}");

        let script = "(orders: [(turn: 2, nation: \"EU\", order: SetStockCover(4.0))])";
        std::fs::write(d.join("script.ron"), script).unwrap();
        ok(&chokepoint(
            d,
            &[
                "run",
                "--seed",
                "6",
                "--turns",
                "4",
                "--orders",
                "script.ron",
                "--save",
                "g",
            ],
        ));
        let bytes = std::fs::read(d.join("saves/g.chokepoint")).unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        // A flipped byte: the checksum catches it.
        let mut flipped = bytes.clone();
        flipped[bytes.len() / 2] ^= 0x20;
        std::fs::write(d.join("flipped.chokepoint"), flipped).unwrap();
        let e = refused(&chokepoint(d, &["run", "--from", "flipped.chokepoint"]));
        assert!(e.contains("flipped.chokepoint: damaged"), "{e}");

        // An edited record with a fixed-up checksum: the replay finds where it parts ways.
        let lines: Vec<&str> = text.lines().collect();
        let mut payload: serde_json::Value = serde_json::from_str(lines[2]).unwrap();
        let orders = payload["inputs"]["orders"].as_array_mut().unwrap();
        assert_eq!(orders.len(), 1);
        orders.clear();
        let body = format!("{}\n{}\n{}\n", lines[0], lines[1], payload);
        let sum: String = Sha256::digest(body.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        std::fs::write(d.join("edited.chokepoint"), format!("{body}sha256 {sum}\n")).unwrap();
        let o = chokepoint(d, &["replay", "edited.chokepoint"]);
        assert_eq!(o.status.code(), Some(1));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.contains("Diverged at turn 2 (2025-11)"), "{out}");
    }
}
