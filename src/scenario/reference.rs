//! The scenario reference (`docs/scenario-reference.md`), rendered from the schema types.
//!
//! The prose lives in `reference-template.md`; each `{{fields Type}}` line there becomes the
//! table of that type's fields, read from the types' JSON Schema (derived by `schemars` from
//! the types, their doc comments and their serde attributes): the field's name, its type, its
//! default (or "required"), its allowed range and its meaning (the field's doc comment). A
//! field may say how its type or range reads in the reference with
//! `#[schemars(extend("x-type" = "..."))]` and `#[schemars(extend("x-range" = "..."))]`;
//! numeric ranges come from `#[schemars(range(min = .., max = ..))]` (and `exclusiveMinimum`),
//! which a test checks against the validator. `chokepoint schema --markdown` prints the page,
//! `chokepoint schema` the JSON Schema itself.

use std::collections::BTreeMap;

use serde_json::Value;

use super::schema::Scenario;

const TEMPLATE: &str = include_str!("reference-template.md");

/// The JSON Schema of the scenario format.
pub fn json_schema() -> Value {
    schemars::schema_for!(Scenario).to_value()
}

/// The reference page, rendered. An error names a `{{fields Type}}` line whose type the schema
/// does not have.
pub fn render() -> Result<String, String> {
    let schema = json_schema();
    let defaults = container_defaults(&schema);
    let mut out = String::new();
    for (n, line) in TEMPLATE.lines().enumerate() {
        match line
            .strip_prefix("{{fields ")
            .and_then(|l| l.strip_suffix("}}"))
        {
            Some(ty) => {
                let def = definition(&schema, ty.trim()).ok_or_else(|| {
                    format!(
                        "reference-template.md:{}: the schema has no type `{}`",
                        n + 1,
                        ty.trim()
                    )
                })?;
                out.push_str(&table(&schema, def, defaults.get(ty.trim())));
            }
            None => {
                out.push_str(
                    &ranges_in(line)
                        .map_err(|e| format!("reference-template.md:{}: {e}", n + 1))?,
                );
                out.push('\n');
            }
        }
    }
    Ok(out)
}

/// A line of prose with each `{{range NAME}}` written out from the table of shared ranges.
fn ranges_in(line: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find("{{range ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + "{{range ".len()..];
        let end = after
            .find("}}")
            .ok_or_else(|| "a `{{range` without its `}}`".to_string())?;
        let name = after[..end].trim();
        let r = super::ranges::named(name)
            .ok_or_else(|| format!("no shared range `{name}` (see src/scenario/ranges.rs)"))?;
        out.push_str(&r.text());
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A type's schema: the root for the scenario itself, else its definition.
fn definition<'a>(schema: &'a Value, ty: &str) -> Option<&'a Value> {
    if schema["title"].as_str() == Some(ty) {
        return Some(schema);
    }
    schema["$defs"].get(ty)
}

/// Follows a `$ref` to its definition.
fn resolve<'a>(schema: &'a Value, v: &'a Value) -> &'a Value {
    match v["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
        Some(name) => schema["$defs"].get(name).unwrap_or(v),
        None => v,
    }
}

fn ref_name(v: &Value) -> Option<&str> {
    v["$ref"].as_str().and_then(|r| r.rsplit('/').next())
}

/// A struct whose fields default as a whole (`#[serde(default)]` on the type) has its
/// defaults on the field that holds it: `"market": {"$ref": ..., "default": {...}}`.
fn container_defaults(schema: &Value) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    let defs = schema["$defs"]
        .as_object()
        .into_iter()
        .flat_map(|d| d.values());
    for def in std::iter::once(schema).chain(defs) {
        for p in def["properties"]
            .as_object()
            .into_iter()
            .flat_map(|o| o.values())
        {
            if let (Some(name), Some(d)) = (ref_name(p), p.get("default"))
                && d.is_object()
            {
                out.entry(name.to_string()).or_insert_with(|| d.clone());
            }
        }
    }
    // One level down: `policies` holds `firms`, whose defaults sit in the policies' default.
    let nested: Vec<(String, Value)> = out
        .iter()
        .flat_map(|(ty, d)| {
            let def = &schema["$defs"][ty.as_str()];
            def["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .filter_map(|(k, p)| Some((ref_name(p)?.to_string(), d.get(k)?.clone())))
                .collect::<Vec<_>>()
        })
        .filter(|(_, d)| d.is_object())
        .collect();
    for (ty, d) in nested {
        out.entry(ty).or_insert(d);
    }
    out
}

fn table(schema: &Value, def: &Value, inherited: Option<&Value>) -> String {
    let required: Vec<&str> = def["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let rows: Vec<[String; 5]> = def["properties"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, p)| {
            let default = if required.contains(&name.as_str()) {
                "required".to_string()
            } else {
                match p
                    .get("default")
                    .or_else(|| inherited.and_then(|d| d.get(name)))
                {
                    Some(d) => default_cell(schema, p, d),
                    None => String::new(),
                }
            };
            [
                format!("`{name}`"),
                type_cell(schema, p),
                default,
                range_cell(p),
                p["description"]
                    .as_str()
                    .unwrap_or("")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            ]
        })
        .collect();
    let headers = ["field", "type", "default", "range", "meaning"];
    // A column no row fills is left out (the field column stays).
    let keep: Vec<usize> = (0..headers.len())
        .filter(|&i| i == 0 || rows.iter().any(|r| !r[i].is_empty()))
        .collect();
    let line = |cells: Vec<&str>| {
        let mut l = String::from("|");
        for c in cells {
            l.push_str(&if c.is_empty() {
                " |".into()
            } else {
                format!(" {c} |")
            });
        }
        l + "\n"
    };
    let mut out = line(keep.iter().map(|&i| headers[i]).collect());
    out.push_str(&line(keep.iter().map(|_| "---").collect()));
    for r in &rows {
        out.push_str(&line(keep.iter().map(|&i| r[i].as_str()).collect()));
    }
    out
}

/// How a field's type reads: its `x-type`, else what the schema says.
fn type_cell(schema: &Value, p: &Value) -> String {
    if let Some(t) = p["x-type"].as_str() {
        return t.to_string();
    }
    if let Some(name) = ref_name(p) {
        let def = resolve(schema, p);
        let variants = unit_variants(def);
        return if variants.is_empty() {
            name.to_string()
        } else {
            variants
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
    }
    match p["type"].as_str() {
        Some("integer") => "integer".into(),
        Some("number") => "number".into(),
        Some("string") => "text".into(),
        Some("boolean") => "bool".into(),
        Some("array") => format!("list of {}", type_cell(schema, &p["items"])),
        _ => "see below".into(),
    }
}

/// The variants of an enum whose variants carry no data, in order; empty for anything else.
fn unit_variants(def: &Value) -> Vec<String> {
    let consts: Vec<&Value> = match def["oneOf"].as_array() {
        Some(vs) => vs.iter().collect(),
        None => vec![def],
    };
    let mut out = Vec::new();
    for v in consts {
        if let Some(c) = v["const"].as_str() {
            out.push(c.to_string());
        } else if let Some(e) = v["enum"].as_array() {
            out.extend(e.iter().filter_map(Value::as_str).map(str::to_string));
        } else {
            return Vec::new();
        }
    }
    out
}

fn range_cell(p: &Value) -> String {
    if let Some(r) = p["x-range"].as_str() {
        return r.to_string();
    }
    let (min, max) = (p["minimum"].as_f64(), p["maximum"].as_f64());
    match (min, max, p["exclusiveMinimum"].as_f64()) {
        (Some(a), Some(b), _) => format!("{}–{}", number(a), number(b)),
        (Some(a), None, _) => format!("≥ {}", number(a)),
        (None, None, Some(a)) => format!("> {}", number(a)),
        _ => String::new(),
    }
}

/// A number as an author writes it: `−0.5`, `40`, `0.15`.
fn number(x: f64) -> String {
    let s = format!("{x}");
    match s.strip_prefix('-') {
        Some(rest) => format!("−{rest}"),
        None => s,
    }
}

/// A default as RON, in backticks; a struct with its own table reads "see below".
fn default_cell(schema: &Value, p: &Value, d: &Value) -> String {
    if d.is_object() && ref_name(p).is_some() && unit_variants(resolve(schema, p)).is_empty() {
        let def = resolve(schema, p);
        if def["properties"].is_object() {
            return "see below".into();
        }
    }
    let text_enum = ref_name(p).is_some();
    format!("`{}`", ron_text(d, !text_enum))
}

/// A JSON value written the way RON writes it. `quote` says whether strings are text (quoted)
/// or enum variants (bare).
fn ron_text(v: &Value, quote: bool) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.as_f64().map_or_else(
            || n.to_string(),
            |x| {
                if x.fract() == 0.0 && n.is_f64() {
                    format!("{x:.1}")
                } else {
                    format!("{x}")
                }
            },
        ),
        Value::String(s) if quote => format!("{s:?}"),
        Value::String(s) => s.clone(),
        Value::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| ron_text(i, true))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Object(map) => {
            // An externally tagged enum variant: `{"Countries": []}` is `Countries([])`.
            if map.len() == 1 {
                let (k, inner) = map.iter().next().expect("one entry");
                if k.starts_with(|c: char| c.is_ascii_uppercase()) {
                    return format!("{k}({})", ron_text(inner, true));
                }
            }
            format!(
                "({})",
                map.iter()
                    .map(|(k, v)| format!("{k}: {}", ron_text(v, true)))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    }
}
