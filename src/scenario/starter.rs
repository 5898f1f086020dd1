//! The starter scenario `chokepoint new-scenario` writes: small, valid and commented.

/// The template; `{{ID}}` and `{{NAME}}` are filled in.
const TEMPLATE: &str = include_str!("starter.ron");

/// An id made from a name: lowercase letters and digits, other runs of characters as `-`.
pub fn id_from(name: &str) -> String {
    let mut id = String::new();
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-');
    let id: String = id.chars().take(super::validate::MAX_ID_LEN).collect();
    if id.is_empty() {
        "my-scenario".to_string()
    } else {
        id
    }
}

/// The starter scenario's text for a scenario called `name`.
pub fn text(name: &str) -> String {
    let name = name.trim();
    let shown = if name.is_empty() { "My scenario" } else { name };
    // The name goes inside a RON string.
    let quoted = shown.replace('\\', "\\\\").replace('"', "\\\"");
    TEMPLATE
        .replace("{{ID}}", &id_from(shown))
        .replace("{{NAME}}", &quoted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::validate;
    use crate::sim::Sim;

    #[test]
    fn the_starter_validates_and_plays() {
        let text = text("Metal \"squeeze\" 2031");
        let s = validate::parse("starter.ron", &text).expect("valid");
        assert_eq!(s.id, "metal-squeeze-2031");
        assert_eq!(s.name, "Metal \"squeeze\" 2031");
        let mut sim = Sim::new(&s, 1).unwrap();
        for _ in 0..s.turns {
            sim.step();
        }
        // Its one event and its summit happened.
        let news: Vec<&str> = sim
            .report()
            .news
            .iter()
            .map(|n| n.headline.as_str())
            .collect();
        assert!(news.iter().any(|h| h.contains("under licence")), "{news:?}");
        assert!(!sim.report().summits.is_empty());
        // Every nation uses or makes something.
        let made: f64 = sim.report().goods.iter().map(|r| r.produced).sum();
        assert!(made > 0.0);
    }

    #[test]
    fn ids_are_made_from_names() {
        assert_eq!(id_from("  Race to 2035! "), "race-to-2035");
        assert_eq!(id_from("***"), "my-scenario");
        assert_eq!(id_from(&"x".repeat(500)).len(), validate::MAX_ID_LEN);
    }
}
