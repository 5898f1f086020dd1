//! docs/scenario-reference.md against the schema types (their JSON Schema, derived from the
//! types and their serde attributes): every field of every type and enum variant, and every
//! variant name, appears in the reference; a type with a table there lists exactly its fields;
//! and each default the table gives is the type's default. Adding, renaming or re-defaulting a
//! field without updating the reference fails here.

use std::collections::{BTreeMap, BTreeSet};

use chokepoint::scenario::schema::{OrderScript, Scenario};
use serde_json::Value;

const REFERENCE: &str = include_str!("../docs/scenario-reference.md");

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
    // A struct whose fields default as a whole (`#[serde(default)]` on the container) shows
    // its defaults on the field that holds it: `"market": {"$ref": ..., "default": {...}}`.
    let mut inherited: Vec<(String, String, Value)> = Vec::new();
    let mut visit = |v: &Value| {
        for p in v["properties"]
            .as_object()
            .into_iter()
            .flat_map(|o| o.values())
        {
            if let (Some(r), Some(d)) = (p["$ref"].as_str(), p["default"].as_object()) {
                let ty = r.rsplit('/').next().unwrap().to_string();
                for (k, val) in d {
                    inherited.push((ty.clone(), k.clone(), val.clone()));
                }
            }
        }
    };
    visit(schema);
    for def in schema["$defs"]
        .as_object()
        .into_iter()
        .flat_map(|o| o.values())
    {
        visit(def);
    }
    for (ty, field, val) in inherited {
        if let Some((_, d @ None)) = types.get_mut(&ty).and_then(|f| f.get_mut(&field)) {
            *d = Some(val);
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

/// A table row: the field names it documents and its default cell, if the table has one.
type Row = (Vec<String>, Option<String>);

/// The reference's tables of fields, by section heading.
fn tables() -> BTreeMap<String, Vec<Row>> {
    let mut out: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    let mut section = String::new();
    let mut default_col: Option<usize> = None;
    // Inside a table whose first column is `field`.
    let mut fields_table = false;
    for line in REFERENCE.lines() {
        // Headings, and paragraphs that open with a type in bold ("**FirmRules** ...").
        let heading = line
            .strip_prefix("## ")
            .or(line.strip_prefix("### "))
            .or(line
                .strip_prefix("**")
                .and_then(|l| l.split_once("**").map(|(h, _)| h)));
        if let Some(h) = heading {
            // "SectorType (`sectors`)" -> "SectorType".
            section = h.split_whitespace().next().unwrap_or("").to_string();
            default_col = None;
            continue;
        }
        if !line.starts_with('|') {
            fields_table = false;
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if cells.first() == Some(&"field") {
            default_col = cells.iter().position(|c| *c == "default");
            fields_table = true;
            continue;
        }
        if !fields_table {
            continue;
        }
        if cells.iter().all(|c| c.chars().all(|ch| ch == '-')) {
            continue;
        }
        // "`id`, `name`" names two fields.
        let names: Vec<String> = cells[0]
            .split(',')
            .filter_map(|n| {
                let n = n.trim();
                n.strip_prefix('`')?.strip_suffix('`').map(str::to_string)
            })
            .collect();
        if names.is_empty() {
            continue;
        }
        let default = default_col
            .and_then(|i| cells.get(i))
            .map(|c| c.to_string());
        out.entry(section.clone())
            .or_default()
            .push((names, default));
    }
    out
}

/// The reference's section for a type, where the names differ.
fn section_of(ty: &str) -> &str {
    match ty {
        "AgendaIssue" => "Issue",
        "MarketParams" => "Market",
        "LicensingParams" => "Licensing",
        "ProjectParams" => "Projects",
        "DiplomacyParams" => "Diplomacy",
        other => other,
    }
}

/// The types the reference gives a table of fields.
const TABLED: [&str; 19] = [
    "Scenario",
    "TeacherNotes",
    "MarketParams",
    "LicensingParams",
    "ProjectParams",
    "DiplomacyParams",
    "Good",
    "Recipe",
    "SectorType",
    "Nation",
    "Leader",
    "Relation",
    "SectorSize",
    "Policies",
    "FirmRules",
    "Facility",
    "Event",
    "AgendaIssue",
    "Summit",
];

fn schema() -> Value {
    serde_json::to_value(schemars::schema_for!(Scenario)).unwrap()
}

#[test]
fn every_field_and_variant_of_the_schema_is_in_the_reference() {
    let mut missing = Vec::new();
    let mut found = 0;
    for s in [
        schema(),
        serde_json::to_value(schemars::schema_for!(OrderScript)).unwrap(),
    ] {
        let (types, variants) = collect(&s);
        found += types.len();
        let words: BTreeSet<&str> = REFERENCE
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .collect();
        for (ty, fields) in &types {
            for f in fields.keys() {
                if !words.contains(f.as_str()) {
                    missing.push(format!("field `{f}` of {ty}"));
                }
            }
        }
        for v in &variants {
            if !words.contains(v.as_str()) {
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
fn each_table_in_the_reference_lists_exactly_its_types_fields_with_their_defaults() {
    let (types, _) = collect(&schema());
    let tables = tables();
    let mut problems = Vec::new();
    let mut checked = BTreeSet::new();
    for (ty, fields) in &types {
        let Some(rows) = tables.get(section_of(ty)) else {
            continue;
        };
        checked.insert(ty.as_str());
        let listed: BTreeSet<&str> = rows
            .iter()
            .flat_map(|(names, _)| names.iter().map(String::as_str))
            .collect();
        let actual: BTreeSet<&str> = fields.keys().map(String::as_str).collect();
        for f in actual.difference(&listed) {
            problems.push(format!("{ty}: `{f}` is not in its table"));
        }
        for f in listed.difference(&actual) {
            problems.push(format!("{ty}: the table lists `{f}`, which the type lacks"));
        }
        for (names, cell) in rows {
            let Some(cell) = cell else { continue };
            for n in names {
                let Some((required, default)) = fields.get(n) else {
                    continue;
                };
                if let Some(p) = default_problem(cell, *required, default.as_ref()) {
                    problems.push(format!("{ty}.{n}: {p}"));
                }
            }
        }
    }
    for ty in TABLED {
        assert!(
            checked.contains(ty),
            "no table of {ty}'s fields in the reference"
        );
    }
    assert!(
        problems.is_empty(),
        "docs/scenario-reference.md is stale:\n{}",
        problems.join("\n")
    );
}

/// Whether a table's default cell disagrees with the type: "required" for a required field, a
/// number, `true`/`false`, `[]` or a `Variant` for a default of that kind. Cells that describe
/// a default in words ("see below", "empty") are not checked.
fn default_problem(cell: &str, required: bool, default: Option<&Value>) -> Option<String> {
    let cell = cell.trim();
    if cell.starts_with("required") {
        return (!required).then(|| format!("the table says required, the type has {default:?}"));
    }
    if required {
        return Some(format!(
            "the table gives a default ({cell}), the type requires it"
        ));
    }
    let default = default?;
    let word = cell.trim_matches('`');
    match default {
        Value::Number(n) => {
            let want = n.as_f64().unwrap();
            let got: f64 = word.replace('−', "-").parse().ok()?;
            ((got - want).abs() > 1e-9).then(|| format!("the table says {got}, the type {want}"))
        }
        Value::Bool(b) if word == "true" || word == "false" => {
            (word != b.to_string()).then(|| format!("the table says {word}, the type {b}"))
        }
        Value::Array(a) if word == "[]" => {
            (!a.is_empty()).then(|| "the type's default is not empty".into())
        }
        Value::String(s) if word.chars().all(char::is_alphanumeric) && !word.is_empty() => {
            (word != s).then(|| format!("the table says {word}, the type {s}"))
        }
        _ => None,
    }
}
