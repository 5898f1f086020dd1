//! Generated scenarios for benchmarks and scale tests: a base scenario copied `factor` times.
//!
//! Copy `k` (from 2) of nation `US` is `US.k`; its facilities, sectors, policies and relations
//! point at the copies of the same group, so each group is a small world of its own trading
//! freely with the others. Events and summits keep referring to the original nations.

use super::schema::{Nations, Owner, Scenario};

fn rename(id: &str, copy: usize) -> String {
    if copy == 1 {
        id.to_string()
    } else {
        format!("{id}.{copy}")
    }
}

fn rename_all(ids: &[String], copy: usize) -> Vec<String> {
    ids.iter().map(|i| rename(i, copy)).collect()
}

fn rename_sel(sel: &Nations, copy: usize) -> Nations {
    match sel {
        Nations::All => Nations::All,
        Nations::Only(v) => Nations::Only(rename_all(v, copy)),
        Nations::AllExcept(v) => Nations::AllExcept(rename_all(v, copy)),
    }
}

/// `base` with `factor` copies of every nation and facility (factor 1 returns it unchanged).
pub fn scaled(base: &Scenario, factor: usize) -> Scenario {
    let factor = factor.max(1);
    let mut s = base.clone();
    s.id = format!("{}-x{factor}", base.id);
    s.nations.clear();
    s.facilities.clear();
    for copy in 1..=factor {
        for n in &base.nations {
            let mut n = n.clone();
            n.id = rename(&n.id, copy);
            for r in &mut n.relations {
                r.with = rename(&r.with, copy);
            }
            for rule in &mut n.policies.exports {
                rule.to = rename_sel(&rule.to, copy);
            }
            for rule in &mut n.policies.tariffs {
                rule.from = rename_sel(&rule.from, copy);
            }
            // Only the first copy is on the map (a country belongs to one nation).
            if copy > 1 {
                n.map = super::schema::MapArea::default();
            }
            s.nations.push(n);
        }
        for f in &base.facilities {
            let mut f = f.clone();
            f.id = rename(&f.id, copy);
            f.nation = rename(&f.nation, copy);
            if let Owner::Foreign(o) = &f.owner {
                f.owner = Owner::Foreign(rename(o, copy));
            }
            s.facilities.push(f);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{default_scenario, validate};

    #[test]
    fn scaled_scenarios_validate() {
        let base = default_scenario().unwrap();
        let s = scaled(&base, 10);
        assert_eq!(s.nations.len(), base.nations.len() * 10);
        assert_eq!(s.facilities.len(), base.facilities.len() * 10);
        let text = ron::ser::to_string(&s).unwrap();
        validate::parse("x10.ron", &text).unwrap();
    }
}
