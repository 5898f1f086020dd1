//! docs/scenario-reference.md against the schema types (their JSON Schema, derived from the
//! types, their doc comments and their serde and schemars attributes): the page is what
//! `chokepoint::scenario::reference::render` makes of the schema today; every field and variant
//! of every type, including those the hand-written prose covers, appears on it; and each
//! numeric range the schema states is the range the validator enforces.

use std::collections::{BTreeMap, BTreeSet};

use chokepoint::scenario::schema::{Effect, Event, OrderScript, Scenario, Trigger};
use chokepoint::scenario::validate;
use chokepoint::scenario::{ranges, reference};
use serde_json::Value;

const REFERENCE: &str = include_str!("../../docs/scenario-reference.md");

/// A struct or a struct-like enum variant, with its fields: `name -> (required, default)`.
type Fields = BTreeMap<String, (bool, Option<Value>)>;

/// Every object with named fields in the schema, by a name (`Type` or `Type::Variant`), and
/// every variant name of every enum.
fn collect(schema: &Value) -> (BTreeMap<String, Fields>, BTreeSet<String>) {
    let mut types = BTreeMap::new();
    let mut variants = BTreeSet::new();
    let mut roots: Vec<(String, &Value)> = vec![(
        schema["title"].as_str().unwrap_or("Root").to_string(),
        schema,
    )];
    if let Some(defs) = schema["$defs"].as_object() {
        roots.extend(defs.iter().map(|(k, v)| (k.clone(), v)));
    }
    for (name, def) in roots {
        object(&name, def, &mut types);
        for v in def["oneOf"].as_array().into_iter().flatten() {
            for e in v["enum"].as_array().into_iter().flatten() {
                variants.insert(e.as_str().unwrap().to_string());
            }
            if let Some(c) = v["const"].as_str() {
                variants.insert(c.to_string());
            }
            // Externally tagged: `{ "Variant": content }`.
            if let Some(props) = v["properties"].as_object() {
                for (variant, content) in props {
                    variants.insert(variant.clone());
                    object(&format!("{name}::{variant}"), content, &mut types);
                }
            }
        }
        for e in def["enum"].as_array().into_iter().flatten() {
            variants.insert(e.as_str().unwrap().to_string());
        }
    }
    (types, variants)
}

fn object(name: &str, v: &Value, types: &mut BTreeMap<String, Fields>) {
    let Some(props) = v["properties"].as_object() else {
        return;
    };
    let required: BTreeSet<&str> = v["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let fields = props
        .iter()
        .map(|(k, p)| {
            (
                k.clone(),
                (required.contains(k.as_str()), p.get("default").cloned()),
            )
        })
        .collect();
    types.insert(name.to_string(), fields);
}

fn schema() -> Value {
    serde_json::to_value(schemars::schema_for!(Scenario)).unwrap()
}

#[test]
fn every_field_and_variant_of_the_schema_is_in_the_reference() {
    let mut missing = Vec::new();
    let mut found = 0;
    // The page's code spans, each as its set of words.
    let spans: Vec<BTreeSet<&str>> = REFERENCE
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|s| {
            s.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .collect()
        })
        .collect();
    for s in [
        schema(),
        serde_json::to_value(schemars::schema_for!(OrderScript)).unwrap(),
    ] {
        let (types, variants) = collect(&s);
        found += types.len();
        // A field is documented by a row of a field table (`| `name` |`) or in code on the
        // page (a variant's field in the same code span as the variant, as in
        // `PriceAbove(good, region, factor)`); a variant where the page names it in code. A
        // word of the prose is not enough.
        for (ty, fields) in &types {
            let variant = ty.split_once("::").map(|v| v.1);
            for f in fields.keys() {
                let documented = match variant {
                    Some(v) => spans
                        .iter()
                        .any(|s| s.contains(v) && s.contains(f.as_str())),
                    None => {
                        REFERENCE.contains(&format!("| `{f}` |"))
                            || spans.iter().any(|s| s.contains(f.as_str()))
                    }
                };
                if !documented {
                    missing.push(format!("field `{f}` of {ty}"));
                }
            }
        }
        for v in &variants {
            if !spans.iter().any(|s| s.contains(v.as_str())) {
                missing.push(format!("variant `{v}`"));
            }
        }
    }
    assert!(found > 40, "{found} types found");
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "docs/scenario-reference.md does not mention:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_reference_is_rendered_from_the_schema() {
    let page = reference::render().expect("the template names only schema types");
    if std::env::var_os("UPDATE_REFERENCE").is_some() {
        std::fs::write(
            concat!(env!("CARGO_MANIFEST_DIR"), "/docs/scenario-reference.md"),
            &page,
        )
        .unwrap();
        // Never a pass while updating: the check runs again on the file as written.
        panic!(
            "docs/scenario-reference.md rewritten from the schema; run again without UPDATE_REFERENCE"
        );
    }
    if page != REFERENCE {
        let (n, (want, have)) = page
            .lines()
            .chain(std::iter::repeat(""))
            .zip(REFERENCE.lines().chain(std::iter::repeat("")))
            .enumerate()
            .find(|(_, (a, b))| a != b)
            .expect("texts differ, so some line does");
        panic!(
            "docs/scenario-reference.md is stale (first difference on line {}):\n  file:      {have}\n  rendered:  {want}\nregenerate it: cargo run --profile ci -- schema --markdown > docs/scenario-reference.md",
            n + 1
        );
    }
}

#[test]
fn a_table_row_carries_type_default_range_and_meaning_from_the_type() {
    let page = reference::render().unwrap();
    for row in [
        "| `price_adjustment` | number | `0.5` | 0.01–1 | Share of the (logarithmic) gap",
        "| `turns` | integer | required | 1–1200 | Default game length in months. |",
        "| `seat` | `Human`, `Ai` | `Ai` | | Who plays it",
        "| `growth` | number | `0.0` | −0.5–0.5 | Trend GDP growth per year. |",
        "| `base_price` | number | required | > 0 | $ per unit at normal stock cover. |",
        "| `policies` | Policies | see below | | |",
        "| `map` | `Countries([\"name\", ...])` or `Rest` | `Countries([])` |",
        "| `quota_state_share` | `Some(share)` or `None` | `None` | 0–1 |",
        "| `emergency_cooldown` | integer | `6` | 0–120 |",
    ] {
        assert!(page.contains(row), "no row starting {row:?}");
    }
    // Tables without ranges drop the column.
    assert!(page.contains(
        "| field | type | default | meaning |\n| --- | --- | --- | --- |\n| `discuss` |"
    ));
}

/// A numeric field the schema gives a range for, where the shipped default scenario has one:
/// its JSON pointer, the validator's path for it, and the range.
struct Ranged {
    pointer: String,
    path: String,
    min: Option<f64>,
    max: Option<f64>,
    exclusive_min: bool,
    integer: bool,
}

/// Walks the scenario's JSON alongside its schema, through structs and the first item of
/// each list (enum variants are not followed).
fn ranged(
    root: &Value,
    schema: &Value,
    value: &Value,
    pointer: &str,
    path: &str,
    out: &mut Vec<Ranged>,
) {
    let schema = match schema["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
        Some(name) => &root["$defs"][name],
        None => schema,
    };
    if let (Some(props), Some(obj)) = (schema["properties"].as_object(), value.as_object()) {
        for (k, p) in props {
            let Some(v) = obj.get(k) else { continue };
            let sub_path = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            let (min, max, emin) = (
                p["minimum"].as_f64(),
                p["maximum"].as_f64(),
                p["exclusiveMinimum"].as_f64(),
            );
            if v.is_number() && (min.is_some() || max.is_some() || emin.is_some()) {
                out.push(Ranged {
                    pointer: format!("{pointer}/{k}"),
                    path: sub_path.clone(),
                    min: min.or(emin),
                    max,
                    exclusive_min: emin.is_some(),
                    integer: p["type"] == "integer",
                });
            }
            ranged(root, p, v, &format!("{pointer}/{k}"), &sub_path, out);
        }
    }
    if let (Some(items), Some(first)) = (
        schema.get("items"),
        value.as_array().and_then(|a| a.first()),
    ) {
        ranged(
            root,
            items,
            first,
            &format!("{pointer}/0"),
            &format!("{path}[0]"),
            out,
        );
    }
}

#[test]
fn every_range_the_reference_states_is_the_range_the_validator_enforces() {
    let schema = schema();
    let scenario = chokepoint::scenario::default_scenario().unwrap();
    let value = serde_json::to_value(&scenario).unwrap();
    let mut fields = Vec::new();
    ranged(&schema, &schema, &value, "", "", &mut fields);
    assert!(
        fields.len() > 40,
        "only {} ranged fields found",
        fields.len()
    );
    assert!(validate::check(&scenario).is_empty());
    let mut problems = Vec::new();
    for f in &fields {
        let mut probes = Vec::new();
        if let Some(max) = f.max {
            probes.push(if f.integer {
                max + 1.0
            } else {
                max + (max.abs() * 0.01).max(0.001)
            });
        }
        match f.min {
            Some(min) if f.exclusive_min => probes.push(min),
            Some(min) if !(f.integer && min <= 0.0) => probes.push(if f.integer {
                min - 1.0
            } else {
                min - (min.abs() * 0.01).max(0.001)
            }),
            _ => {}
        }
        for probe in probes {
            let mut v = value.clone();
            *v.pointer_mut(&f.pointer).unwrap() = if f.integer {
                Value::from(probe as u64)
            } else {
                Value::from(probe)
            };
            let changed: Scenario = serde_json::from_value(v).unwrap();
            let refused = validate::check(&changed)
                .iter()
                .any(|(path, message)| path == &f.path && message.contains("out of range"));
            if !refused {
                problems.push(format!("{} = {probe} is not refused", f.path));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "the schema's ranges and the validator disagree:\n{}",
        problems.join("\n")
    );
}

/// A scenario value under each shared range (src/scenario/ranges.rs), as an event's effect.
fn under(r: ranges::Range, v: f64, s: &Scenario) -> Effect {
    use chokepoint::scenario::schema::{Goods, Nations, OrderSpec, ProjectOwner, Regime};
    let order = |order| Effect::Order {
        nation: "US".into(),
        order,
    };
    let invest = |capacity, subsidy| {
        order(OrderSpec::Invest {
            recipe: s.recipes[0].id.clone(),
            host: None,
            capacity,
            owner: ProjectOwner::Private,
            subsidy,
        })
    };
    match r.name {
        "TARIFF_RATE" => Effect::Tariff {
            nation: "US".into(),
            from: Nations::Only(vec!["CN".into()]),
            goods: Goods::All,
            rate: v,
        },
        "AMOUNT" => Effect::ExportQuota {
            nation: "CN".into(),
            good: s.goods[0].id.clone(),
            limit: Some(v),
        },
        "INVEST_CAPACITY" => invest(v, 0.5),
        "SUBSIDY" => invest(100.0, v),
        "SHARE" => Effect::ExportRegime {
            nation: "CN".into(),
            goods: Goods::All,
            to: Nations::All,
            regime: Regime::Licensing {
                approval: v,
                review_months: 2,
                validity_months: 6,
            },
        },
        "STOCK_COVER" => order(OrderSpec::SetStockCover(v)),
        "RESERVE_MONTHS" => order(OrderSpec::SetReserveTarget {
            good: s.goods[0].id.clone(),
            months: Some(v),
        }),
        "CAPACITY_FACTOR" => Effect::Capacity {
            facility: s.facilities[0].id.clone(),
            factor: v,
        },
        "DEMAND_FACTOR" => Effect::Demand {
            nation: "US".into(),
            sector: s.sectors[0].id.clone(),
            factor: v,
        },
        "RELATION_CHANGE" => Effect::Relation {
            from: "US".into(),
            to: "CN".into(),
            trust: 0.0,
            tension: v,
        },
        "APPROVAL_CHANGE" => Effect::Approval {
            nation: "US".into(),
            change: v,
        },
        "TREASURY_CHANGE" => Effect::Treasury {
            nation: "US".into(),
            change: v,
        },
        other => panic!("no probe for the shared range {other}: add one here"),
    }
}

/// Just outside a range's ends.
fn outside(r: ranges::Range) -> [f64; 2] {
    let step = |x: f64| (x.abs() * 0.01).max(1e-9);
    [r.lo - step(r.lo), r.hi + step(r.hi)]
}

#[test]
fn the_validator_and_the_orders_enforce_the_shared_ranges_and_the_reference_states_them() {
    let base = chokepoint::scenario::default_scenario().unwrap();
    let mut wrong = Vec::new();
    for r in ranges::ALL {
        // The validator: both ends accepted, just outside refused at the value's path.
        for (v, ok) in [(r.lo, true), (r.hi, true)]
            .into_iter()
            .chain(outside(r).map(|v| (v, false)))
        {
            let mut s = base.clone();
            s.events.push(Event {
                id: "probe".into(),
                headline: "probe".into(),
                trigger: Trigger::AtTurn(2),
                repeat: false,
                effects: vec![under(r, v, &base)],
                months: None,
            });
            let problems = validate::check(&s);
            let refused = problems
                .iter()
                .any(|p| p.0.starts_with(&format!("events[{}]", s.events.len() - 1)));
            if refused == ok {
                wrong.push(format!("validator, {} at {v}: {problems:?}", r.name));
            }
        }
        // The reference states the range where its template names it.
        if r.name != "SHARE" {
            assert!(
                REFERENCE.contains(&r.text()),
                "the reference does not state {} ({})",
                r.name,
                r.text()
            );
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_template_names_only_shared_ranges() {
    let template = include_str!("../../src/scenario/reference-template.md");
    let named = template.matches("{{range ").count();
    assert!(named >= 15, "{named}");
    for part in template.split("{{range ").skip(1) {
        let name = part.split("}}").next().unwrap().trim();
        assert!(ranges::named(name).is_some(), "{name}");
    }
    assert!(!REFERENCE.contains("{{range"));
}
