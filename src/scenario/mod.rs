//! Scenario files: the RON schema ([`schema`]), parsing and validation with located errors
//! ([`validate`]), the generated reference ([`reference`](mod@reference)) and the starter ([`starter`]).
//! Turning a validated scenario into sim entities is the sim's own job (`sim::spawn`).
//!
//! The shipped scenarios are embedded in the binary, so the game runs from any folder.

pub mod counterfactual;
pub mod locate;
pub mod ranges;
pub mod reference;
pub mod schema;
pub mod starter;
pub mod synth;
pub mod validate;

use std::path::Path;

pub use schema::Scenario;
pub use validate::{Diagnostic, Diagnostics};

/// A scenario shipped with the game.
pub struct Shipped {
    /// File name under `scenarios/`.
    pub file: &'static str,
    pub source: &'static str,
}

impl Shipped {
    /// The scenario's name on the command line: its file name without `.ron`.
    pub fn id(&self) -> &'static str {
        self.file.strip_suffix(".ron").unwrap_or(self.file)
    }
}

/// Every shipped scenario; the first is the default.
pub const SHIPPED: &[Shipped] = &[
    Shipped {
        file: "standoff-2025.ron",
        source: include_str!("../../scenarios/standoff-2025.ron"),
    },
    Shipped {
        file: "embargo-2010.ron",
        source: include_str!("../../scenarios/embargo-2010.ron"),
    },
    Shipped {
        file: "race-2035.ron",
        source: include_str!("../../scenarios/race-2035.ron"),
    },
    Shipped {
        file: "classroom-sprint.ron",
        source: include_str!("../../scenarios/classroom-sprint.ron"),
    },
];

/// Id of the default scenario.
pub const DEFAULT_ID: &str = "standoff-2025";

impl Shipped {
    /// Name used in diagnostics for the embedded copy.
    pub fn display_path(&self) -> String {
        format!("scenarios/{}", self.file)
    }

    pub fn parse(&self) -> Result<Scenario, Diagnostics> {
        validate::parse(&self.display_path(), self.source)
    }
}

/// The default scenario, parsed from its embedded copy.
pub fn default_scenario() -> Result<Scenario, Diagnostics> {
    SHIPPED[0].parse()
}

/// Loads a scenario given as a path, or as the id or file name of a shipped scenario
/// (`standoff-2025` or `standoff-2025.ron`) when no such file exists.
pub fn load(spec: &str) -> Result<Scenario, Diagnostics> {
    let path = Path::new(spec);
    if !path.exists()
        && let Some(s) = SHIPPED.iter().find(|s| s.file == spec || s.id() == spec)
    {
        return s.parse();
    }
    if !path.exists() {
        let ids: Vec<&str> = SHIPPED.iter().map(Shipped::id).collect();
        let mut message =
            "no such file, and no shipped scenario of that name (shipped: ".to_string();
        message.push_str(&ids.join(", "));
        message.push(')');
        if let Some(near) = validate::suggest(spec, ids.iter().copied()) {
            message.push_str(&format!("; did you mean `{near}`?"));
        }
        return Err(validate::Diagnostics(vec![validate::Diagnostic {
            file: spec.to_string(),
            line: 1,
            col: 1,
            message,
        }]));
    }
    validate::load_file(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shipped_id_loads_and_a_near_miss_is_named() {
        assert_eq!(load("race-2035").unwrap().id, "race-2035");
        assert_eq!(load("embargo-2010.ron").unwrap().id, "embargo-2010");
        let e = load("embargo-2011").unwrap_err().to_string();
        assert!(
            e.starts_with("embargo-2011:1:1: error: no such file"),
            "{e}"
        );
        assert!(e.contains("did you mean `embargo-2010`?"), "{e}");
        assert!(e.contains("standoff-2025, embargo-2010, race-2035, classroom-sprint"));
    }
}
