//! Untrusted scenario files: random damage to a valid file, or random text, never panics or
//! hangs the validator; every refusal carries a located error. Whatever it accepts can be run.

use chokepoint::scenario::validate;
use chokepoint::sim::Sim;
use proptest::prelude::*;

const DEFAULT: &str = include_str!("../../scenarios/standoff-2025.ron");
/// A facility's capacity in the default scenario (Mountain Pass), which the number test varies.
const CAPACITY: &str = "capacity: 51000.0";

#[derive(Debug, Clone)]
enum Damage {
    Delete(usize, usize),
    Insert(usize, String),
    Replace(usize, char),
}

fn damage() -> impl Strategy<Value = Damage> {
    let at = 0..DEFAULT.len();
    prop_oneof![
        (at.clone(), 1usize..40).prop_map(|(a, n)| Damage::Delete(a, n)),
        (
            at.clone(),
            prop::sample::select(vec![
                "(", ")", "[", "]", ",", ":", "\"", "-", "NaN", "1e308", "Some(", "//", "/*",
                "r#\"", "'", "\\", "x: 1,", "é", "\u{0}",
            ])
        )
            .prop_map(|(a, s)| Damage::Insert(a, s.to_string())),
        (at, any::<char>()).prop_map(|(a, c)| Damage::Replace(a, c)),
    ]
}

fn apply(text: &str, d: &[Damage]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for x in d {
        match x {
            Damage::Delete(a, n) => {
                let a = (*a).min(chars.len());
                let b = (a + n).min(chars.len());
                chars.drain(a..b);
            }
            Damage::Insert(a, s) => {
                let a = (*a).min(chars.len());
                for (k, c) in s.chars().enumerate() {
                    chars.insert(a + k, c);
                }
            }
            Damage::Replace(a, c) => {
                if *a < chars.len() {
                    chars[*a] = *c;
                }
            }
        }
    }
    chars.into_iter().collect()
}

fn check(text: &str) {
    match validate::parse("fuzz.ron", text) {
        Ok(s) => {
            // Accepted input must run without trouble.
            let mut sim = Sim::new(&s, 1).expect("a validated scenario compiles");
            for _ in 0..3 {
                sim.step();
            }
        }
        Err(d) => {
            assert!(!d.0.is_empty());
            for e in &d.0 {
                assert!(e.line >= 1 && e.col >= 1, "{e}");
                assert!(e.to_string().starts_with("fuzz.ron:"), "{e}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn damaged_scenarios_never_panic(d in prop::collection::vec(damage(), 1..4)) {
        check(&apply(DEFAULT, &d));
    }

    #[test]
    fn random_text_never_panics(s in "\\PC{0,300}") {
        check(&s);
    }

    #[test]
    fn numbers_anywhere_are_checked(v in prop::num::f64::ANY) {
        let text = DEFAULT.replacen(CAPACITY, &format!("capacity: {v:?}"), 1);
        prop_assert_ne!(&text, DEFAULT);
        check(&text);
        // A capacity that is not a finite, non-negative number is refused, where it stands.
        if !v.is_finite() || v < 0.0 {
            let e = validate::parse("fuzz.ron", &text).err();
            prop_assert!(e.is_some(), "capacity {:?} was accepted", v);
        }
    }
}

#[test]
fn a_bad_capacity_is_refused_with_its_line() {
    assert_eq!(DEFAULT.matches(CAPACITY).count(), 1);
    let line = DEFAULT[..DEFAULT.find(CAPACITY).unwrap()].lines().count();
    for bad in ["NaN", "inf", "-1.0", "-inf"] {
        let text = DEFAULT.replacen(CAPACITY, &format!("capacity: {bad}"), 1);
        let d = validate::parse("fuzz.ron", &text)
            .err()
            .unwrap_or_else(|| panic!("capacity {bad} was accepted"));
        assert!(d.0.iter().any(|e| e.line == line), "capacity {bad}: {d}");
    }
}
