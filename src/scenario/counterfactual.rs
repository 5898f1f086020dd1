//! Counterfactual copies of a scenario: the same file with some scripted events or summits
//! taken out, for `run --without-event ID` and `--without-summit ID` ("what if the halt to
//! Japan had never happened?").
//!
//! An event taken out never fires, so a condition that waits for it (`EventFired`) never holds:
//! it is replaced by a condition that is always false, and whatever waited for the event does
//! not happen either. A summit taken out never opens.

use super::schema::{Condition, Scenario, Trigger};
use super::validate;

/// A condition that never holds.
fn never() -> Condition {
    // Every turn is turn 1 or later.
    Condition::Not(Box::new(Condition::TurnAtLeast(1)))
}

fn rewrite(c: &mut Condition, removed: &[String]) {
    match c {
        Condition::EventFired { event, .. } if removed.contains(event) => *c = never(),
        Condition::All(v) | Condition::Any(v) => v.iter_mut().for_each(|c| rewrite(c, removed)),
        Condition::Not(inner) => rewrite(inner, removed),
        _ => {}
    }
}

/// An unknown id, with the ids there are and the nearest one.
fn unknown(flag: &str, what: &str, id: &str, s: &Scenario, ids: &[&str]) -> String {
    let hint = validate::suggest(id, ids.iter().copied())
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default();
    let list = if ids.is_empty() {
        format!("it has no {what}s")
    } else {
        format!("{what}s: {}", ids.join(", "))
    };
    format!(
        "error: {flag}: no {what} `{id}` in scenario `{}` ({list}){hint}",
        s.id
    )
}

/// `s` without the events and summits named. Every id must name one of `s`'s.
pub fn without(s: &Scenario, events: &[String], summits: &[String]) -> Result<Scenario, String> {
    let event_ids: Vec<&str> = s.events.iter().map(|e| e.id.as_str()).collect();
    let summit_ids: Vec<&str> = s.summits.iter().map(|e| e.id.as_str()).collect();
    if let Some(id) = events.iter().find(|id| !event_ids.contains(&id.as_str())) {
        return Err(unknown("--without-event", "event", id, s, &event_ids));
    }
    if let Some(id) = summits.iter().find(|id| !summit_ids.contains(&id.as_str())) {
        return Err(unknown("--without-summit", "summit", id, s, &summit_ids));
    }
    let mut out = s.clone();
    out.events.retain(|e| !events.contains(&e.id));
    out.summits.retain(|m| !summits.contains(&m.id));
    for e in &mut out.events {
        if let Trigger::When(c) = &mut e.trigger {
            rewrite(c, events);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standoff() -> Scenario {
        crate::scenario::default_scenario().unwrap()
    }

    #[test]
    fn an_event_taken_out_is_gone_and_what_waited_for_it_never_fires() {
        let s = standoff();
        let waiting: Vec<&str> = s
            .events
            .iter()
            .filter(|e| matches!(&e.trigger, Trigger::When(c) if format!("{c:?}").contains("\"myanmar_closure\"")))
            .map(|e| e.id.as_str())
            .collect();
        assert!(!waiting.is_empty(), "an event waits for the halt");
        let out = without(&s, &["myanmar_closure".into()], &[]).unwrap();
        assert_eq!(out.events.len(), s.events.len() - 1);
        assert!(out.events.iter().all(|e| e.id != "myanmar_closure"));
        assert!(!format!("{:?}", out.events).contains("\"myanmar_closure\""));
        // The copy is still a valid scenario.
        assert_eq!(validate::check(&out), Vec::new());
    }

    #[test]
    fn unknown_ids_are_refused_with_the_nearest_one() {
        let s = standoff();
        let e = without(&s, &["myanmar_closur".into()], &[]).unwrap_err();
        assert!(
            e.contains("--without-event: no event `myanmar_closur`"),
            "{e}"
        );
        assert!(e.contains("did you mean `myanmar_closure`?"), "{e}");
        let first = &s.summits[0].id;
        let e = without(&s, &[], &[format!("{first}x")]).unwrap_err();
        assert!(e.contains("--without-summit: no summit"), "{e}");
        assert!(e.contains(&format!("did you mean `{first}`?")), "{e}");
    }
}
