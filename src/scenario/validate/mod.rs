//! Parsing and validation of scenario files, with located errors.
//!
//! Everything an untrusted file could do wrong is caught here, before anything is spawned:
//! size, nesting, syntax, unknown fields, missing fields, duplicate ids, dangling references,
//! non-finite or out-of-range numbers, and counts or string lengths beyond fixed limits.
//! Every semantic problem is reported (not only the first), each as
//! `path:line:col: error: message`, with "did you mean" where a near name exists.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::Read;
use std::path::Path;

mod sections;

use super::locate::{Locator, Pos};
use super::ranges;
use super::schema::*;

/// Largest scenario file accepted, in bytes.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// Deepest nesting of brackets accepted by the parser.
pub const MAX_NESTING: usize = 64;
/// Longest id, in characters.
pub const MAX_ID_LEN: usize = 48;
/// Longest name, label, unit or headline, in characters.
pub const MAX_NAME_LEN: usize = 200;
/// Longest description, in characters.
pub const MAX_TEXT_LEN: usize = 20_000;
/// Most turns a scenario may ask for.
pub const MAX_TURNS: u32 = 1200;
/// Largest magnitude of any quantity, price or amount of money.
pub use super::ranges::MAX_AMOUNT;

/// Upper bounds on list lengths.
pub struct Limits;
impl Limits {
    pub const GOODS: usize = 32;
    pub const RECIPES: usize = 256;
    pub const SECTORS: usize = 64;
    pub const NATIONS: usize = 400;
    pub const FACILITIES: usize = 8192;
    pub const EVENTS: usize = 1024;
    pub const ISSUES: usize = 256;
    pub const SUMMITS: usize = 256;
    /// Any other list (a recipe's inputs, a nation's rules, an event's effects ...).
    pub const LIST: usize = 512;
    /// Nesting of event conditions.
    pub const CONDITION_DEPTH: usize = 12;
    /// Orders in one orders file.
    pub const ORDERS: usize = 20_000;
}

/// One problem in a scenario file, located.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: error: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

/// Every problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl Diagnostics {
    fn single(file: &str, pos: Pos, message: impl Into<String>) -> Diagnostics {
        Diagnostics(vec![Diagnostic {
            file: file.to_string(),
            line: pos.line,
            col: pos.col,
            message: message.into(),
        }])
    }
}

/// Reads a text file, refusing oversized files before reading them whole.
fn read_limited(path: &Path) -> Result<String, Diagnostics> {
    let name = path.display().to_string();
    let start = Pos { line: 1, col: 1 };
    let mut f = std::fs::File::open(path)
        .map_err(|e| Diagnostics::single(&name, start, format!("cannot open file: {e}")))?;
    let mut bytes = Vec::new();
    f.by_ref()
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostics::single(&name, start, format!("cannot read file: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let (line, col) = line_col_at(&e.as_bytes()[..e.utf8_error().valid_up_to()]);
        Diagnostics::single(
            &name,
            Pos { line, col },
            "file is not valid UTF-8 text".to_string(),
        )
    })
}

/// Reads a scenario file from disk, then parses and validates it. `file` in diagnostics is
/// the path as given.
pub fn load_file(path: &Path) -> Result<Scenario, Diagnostics> {
    parse(&path.display().to_string(), &read_limited(path)?)
}

/// Reads an orders file (for `run --orders`) and validates it against a scenario.
pub fn load_orders(path: &Path, scenario: &Scenario) -> Result<OrderScript, Diagnostics> {
    parse_orders(&path.display().to_string(), &read_limited(path)?, scenario)
}

fn line_col_at(prefix: &[u8]) -> (usize, usize) {
    let text = String::from_utf8_lossy(prefix);
    let line = 1 + text.matches('\n').count();
    let col = 1 + text.rsplit('\n').next().map_or(0, |l| l.chars().count());
    (line, col)
}

/// Size check and RON parsing, with ron's position on a syntax error.
fn parse_ron<T: serde::de::DeserializeOwned>(file: &str, src: &str) -> Result<T, Diagnostics> {
    if src.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostics::single(
            file,
            Pos { line: 1, col: 1 },
            format!(
                "file is {} bytes; files are limited to {} bytes",
                src.len(),
                MAX_FILE_BYTES
            ),
        ));
    }
    let options = ron::Options::default().with_recursion_limit(MAX_NESTING);
    options.from_str(src).map_err(|e| {
        Diagnostics::single(
            file,
            Pos {
                line: e.span.start.line,
                col: e.span.start.col,
            },
            syntax_message(&e.code),
        )
    })
}

/// Locates semantic problems (`(path, message)`) in the source.
fn located(file: &str, src: &str, problems: Vec<Problem>) -> Diagnostics {
    let locator = Locator::new(src);
    let mut out: Vec<Diagnostic> = problems
        .into_iter()
        .map(|(path, message)| {
            let pos = locator.find(&path);
            Diagnostic {
                file: file.to_string(),
                line: pos.line,
                col: pos.col,
                message,
            }
        })
        .collect();
    out.sort();
    out.dedup();
    Diagnostics(out)
}

/// Parses and validates scenario text. `file` names the source in diagnostics.
pub fn parse(file: &str, src: &str) -> Result<Scenario, Diagnostics> {
    let scenario: Scenario = parse_ron(file, src)?;
    let problems = check(&scenario);
    if problems.is_empty() {
        Ok(scenario)
    } else {
        Err(located(file, src, problems))
    }
}

/// Parses an orders file and checks it against the scenario it will drive: every nation,
/// good, recipe and facility must exist, turns must fall within 1 to the most a game can run,
/// numbers must be finite and in range.
pub fn parse_orders(
    file: &str,
    src: &str,
    scenario: &Scenario,
) -> Result<OrderScript, Diagnostics> {
    let script: OrderScript = parse_ron(file, src)?;
    let ids = Ids::of(scenario);
    let mut c = Checker {
        ids: &ids,
        problems: Vec::new(),
        turns: scenario.turns,
    };
    if c.count("orders", script.orders.len(), Limits::ORDERS) {
        for (i, o) in script.orders.iter().enumerate() {
            let p = format!("orders[{i}]");
            c.int(&format!("{p}.turn"), o.turn, 1, MAX_TURNS);
            c.nation(&format!("{p}.nation"), &o.nation);
            c.order(&format!("{p}.order"), &o.order);
        }
    }
    if c.problems.is_empty() {
        Ok(script)
    } else {
        Err(located(file, src, c.problems))
    }
}

/// ron's message, plus "did you mean" for unknown fields and variants.
fn syntax_message(code: &ron::Error) -> String {
    match code {
        ron::Error::NoSuchStructField {
            expected, found, ..
        } => {
            let mut m = format!("unknown field `{found}`");
            if let Some(s) = suggest(found, expected.iter().copied()) {
                m.push_str(&format!("; did you mean `{s}`?"));
            }
            m.push_str(&format!("; expected one of: {}", expected.join(", ")));
            m
        }
        ron::Error::NoSuchEnumVariant {
            expected, found, ..
        } => {
            let mut m = format!("unknown variant `{found}`");
            if let Some(s) = suggest(found, expected.iter().copied()) {
                m.push_str(&format!("; did you mean `{s}`?"));
            }
            m.push_str(&format!("; expected one of: {}", expected.join(", ")));
            m
        }
        ron::Error::MissingStructField { field, outer } => match outer {
            Some(o) => format!("missing field `{field}` in `{o}`"),
            None => format!("missing field `{field}`"),
        },
        ron::Error::ExceededRecursionLimit => format!(
            "nesting is deeper than {MAX_NESTING} levels; scenario files are limited to that depth"
        ),
        other => other.to_string(),
    }
}

/// The closest candidate to `name`, if one is close enough to be a likely typo.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        let d = if c.to_lowercase() == lower {
            0
        } else {
            // Swapped neighbours count as one slip, as typists make them.
            strsim::osa_distance(&lower, &c.to_lowercase())
        };
        let limit = (name.chars().count().max(c.chars().count()) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

pub type Problem = (String, String);

/// Known ids of each kind, for reference checks.
struct Ids<'a> {
    goods: Vec<&'a str>,
    recipes: Vec<&'a str>,
    sectors: Vec<&'a str>,
    nations: Vec<&'a str>,
    facilities: Vec<&'a str>,
    events: Vec<&'a str>,
    issues: Vec<&'a str>,
}

struct Checker<'a> {
    ids: &'a Ids<'a>,
    problems: Vec<Problem>,
    turns: u32,
}

impl<'a> Checker<'a> {
    fn err(&mut self, path: impl Into<String>, msg: impl Into<String>) {
        self.problems.push((path.into(), msg.into()));
    }

    fn id(&mut self, path: &str, id: &str) {
        if id.is_empty() {
            self.err(path, "id must not be empty");
        } else if id.chars().count() > MAX_ID_LEN {
            self.err(path, format!("id is longer than {MAX_ID_LEN} characters"));
        } else if !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        {
            self.err(
                path,
                format!("id `{id}` may only use letters, digits, `_`, `-` and `.`"),
            );
        }
    }

    fn text(&mut self, path: &str, s: &str, max: usize) {
        if s.chars().count() > max {
            self.err(path, format!("text is longer than {max} characters"));
        }
    }

    fn count(&mut self, path: &str, len: usize, max: usize) -> bool {
        if len > max {
            self.err(path, format!("{len} entries; at most {max} are allowed"));
            false
        } else {
            true
        }
    }

    /// A value within one of the shared ranges (see [`super::ranges`]).
    fn within(&mut self, path: &str, v: f64, r: ranges::Range) {
        self.num(path, v, r.lo, r.hi);
    }

    fn num(&mut self, path: &str, v: f64, lo: f64, hi: f64) {
        if !v.is_finite() {
            self.err(path, format!("{v} is not a finite number"));
        } else if v < lo || v > hi {
            self.err(
                path,
                format!("{v} is out of range; allowed {}", range_text(lo, hi)),
            );
        }
    }

    fn positive(&mut self, path: &str, v: f64) {
        if !v.is_finite() {
            self.err(path, format!("{v} is not a finite number"));
        } else if v <= 0.0 || v > MAX_AMOUNT {
            self.err(
                path,
                format!("{v} is out of range; must be above 0 and at most {MAX_AMOUNT:e}"),
            );
        }
    }

    fn int(&mut self, path: &str, v: u32, lo: u32, hi: u32) {
        if v < lo || v > hi {
            self.err(path, format!("{v} is out of range; allowed {lo} to {hi}"));
        }
    }

    fn reference(&mut self, path: &str, kind: &str, name: &str, known: &[&str]) -> bool {
        if known.contains(&name) {
            return true;
        }
        let mut m = format!("unknown {kind} `{name}`");
        if let Some(s) = suggest(name, known.iter().copied()) {
            m.push_str(&format!("; did you mean `{s}`?"));
        }
        self.err(path, m);
        false
    }

    fn good(&mut self, path: &str, id: &str) -> bool {
        let ids = self.ids;
        self.reference(path, "good", id, &ids.goods)
    }
    fn nation(&mut self, path: &str, id: &str) -> bool {
        let ids = self.ids;
        self.reference(path, "nation", id, &ids.nations)
    }
    fn facility(&mut self, path: &str, id: &str) -> bool {
        let ids = self.ids;
        self.reference(path, "facility", id, &ids.facilities)
    }
    fn sector(&mut self, path: &str, id: &str) -> bool {
        let ids = self.ids;
        self.reference(path, "sector", id, &ids.sectors)
    }

    fn unique_ids<'b>(&mut self, kind: &str, base: &str, ids: impl Iterator<Item = &'b str>) {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, id) in ids.enumerate() {
            let path = format!("{base}[{i}].id");
            self.id(&path, id);
            if let Some(first) = seen.get(id) {
                self.err(
                    path,
                    format!("duplicate {kind} id `{id}` (first defined at {base}[{first}])"),
                );
            } else {
                seen.insert(id, i);
            }
        }
    }

    fn flows(&mut self, path: &str, flows: &[Flow]) {
        if !self.count(path, flows.len(), Limits::LIST) {
            return;
        }
        let mut seen = BTreeSet::new();
        for (i, (good, qty)) in flows.iter().enumerate() {
            let p = format!("{path}[{i}]");
            if self.good(&format!("{p}.0"), good) && !seen.insert(good.as_str()) {
                self.err(format!("{p}.0"), format!("good `{good}` is listed twice"));
            }
            self.num(&format!("{p}.1"), *qty, 0.0, MAX_AMOUNT);
        }
    }

    fn nations_sel(&mut self, path: &str, sel: &Nations) {
        match sel {
            Nations::All => {}
            Nations::Only(list) | Nations::AllExcept(list) => {
                if self.count(path, list.len(), Limits::LIST) {
                    for (i, n) in list.iter().enumerate() {
                        self.nation(&format!("{path}.0[{i}]"), n);
                    }
                }
            }
        }
    }

    fn goods_sel(&mut self, path: &str, sel: &Goods) {
        if let Goods::Only(list) = sel
            && self.count(path, list.len(), Limits::LIST)
        {
            for (i, g) in list.iter().enumerate() {
                self.good(&format!("{path}.0[{i}]"), g);
            }
        }
    }

    fn regime(&mut self, path: &str, r: &Regime) {
        match r {
            Regime::Licensing {
                approval,
                review_months,
                validity_months,
            } => {
                self.within(&format!("{path}.approval"), *approval, ranges::SHARE);
                self.int(&format!("{path}.review_months"), *review_months, 0, 120);
                self.int(&format!("{path}.validity_months"), *validity_months, 1, 120);
            }
            Regime::GeneralLicence { months } => {
                self.int(&format!("{path}.months"), *months, 1, 120);
            }
            Regime::Open | Regime::Ban => {}
        }
    }

    fn extraterritorial(
        &mut self,
        path: &str,
        goods: &Goods,
        threshold: f64,
        to: &Nations,
        regime: &Regime,
    ) {
        self.goods_sel(&format!("{path}.goods"), goods);
        self.within(&format!("{path}.threshold"), threshold, ranges::SHARE);
        self.nations_sel(&format!("{path}.to"), to);
        self.regime(&format!("{path}.regime"), regime);
        if matches!(regime, Regime::GeneralLicence { .. }) {
            self.err(
                format!("{path}.regime"),
                "an extraterritorial rule takes Open, Licensing or Ban",
            );
        }
    }

    fn firms(&mut self, path: &str, f: &FirmRules) {
        if let Some(s) = f.quota_state_share {
            self.within(&format!("{path}.quota_state_share"), s, ranges::SHARE);
        }
    }

    fn recipe(&mut self, path: &str, id: &str) -> bool {
        let ids = self.ids;
        self.reference(path, "recipe", id, &ids.recipes)
    }

    /// An order in file syntax: references and ranges (`path` is where its fields are).
    fn order(&mut self, path: &str, o: &OrderSpec) {
        match o {
            OrderSpec::SetExportRegime { goods, to, regime } => {
                self.goods_sel(&format!("{path}.goods"), goods);
                self.nations_sel(&format!("{path}.to"), to);
                self.regime(&format!("{path}.regime"), regime);
            }
            OrderSpec::SetTariff { from, goods, rate } => {
                self.nations_sel(&format!("{path}.from"), from);
                self.goods_sel(&format!("{path}.goods"), goods);
                self.within(&format!("{path}.rate"), *rate, ranges::TARIFF_RATE);
            }
            OrderSpec::SetProductionQuota { limit, .. } => {
                if let Some(l) = limit {
                    self.within(&format!("{path}.limit"), *l, ranges::AMOUNT);
                }
            }
            OrderSpec::SetExportQuota { good, limit } => {
                self.good(&format!("{path}.good"), good);
                if let Some(l) = limit {
                    self.within(&format!("{path}.limit"), *l, ranges::AMOUNT);
                }
            }
            OrderSpec::SetExtraterritorial {
                goods,
                threshold,
                to,
                regime,
            } => self.extraterritorial(path, goods, *threshold, to, regime),
            OrderSpec::SetTechBan { processes, to } => {
                self.count(&format!("{path}.processes"), processes.len(), Limits::LIST);
                self.nations_sel(&format!("{path}.to"), to);
            }
            OrderSpec::SetFirmRules(f) => self.firms(&format!("{path}.0"), f),
            OrderSpec::SetStockCover(m) => {
                self.within(&format!("{path}.0"), *m, ranges::STOCK_COVER)
            }
            OrderSpec::SetReserveRelease(_) => {}
            OrderSpec::SetReserveTarget { good, months } => {
                self.good(&format!("{path}.good"), good);
                if let Some(m) = months {
                    self.within(&format!("{path}.months"), *m, ranges::RESERVE_MONTHS);
                }
            }
            OrderSpec::ReleaseReserve { good, quantity } => {
                self.good(&format!("{path}.good"), good);
                self.within(&format!("{path}.quantity"), *quantity, ranges::AMOUNT);
            }
            OrderSpec::Invest {
                recipe,
                host,
                capacity,
                subsidy,
                ..
            } => {
                self.recipe(&format!("{path}.recipe"), recipe);
                if let Some(h) = host {
                    self.nation(&format!("{path}.host"), h);
                }
                self.within(
                    &format!("{path}.capacity"),
                    *capacity,
                    ranges::INVEST_CAPACITY,
                );
                self.within(&format!("{path}.subsidy"), *subsidy, ranges::SUBSIDY);
            }
            OrderSpec::SetFacilityStatus { facility, .. } => {
                self.facility(&format!("{path}.facility"), facility);
            }
        }
    }

    fn status(&mut self, path: &str, s: &FacilityStatus) {
        if let FacilityStatus::Building { months_left } = s {
            self.int(&format!("{path}.months_left"), *months_left, 0, 600);
        }
    }

    fn effect(&mut self, path: &str, e: &Effect) {
        if let Some((nation, spec)) = e.as_order() {
            self.nation(&format!("{path}.nation"), nation);
            // An `Order` effect nests its order; the shorthand effects carry its fields.
            let at = if matches!(e, Effect::Order { .. }) {
                format!("{path}.order")
            } else {
                path.to_string()
            };
            self.order(&at, &spec);
            return;
        }
        match e {
            Effect::Order { .. }
            | Effect::ExportRegime { .. }
            | Effect::Tariff { .. }
            | Effect::ProductionQuota { .. }
            | Effect::ExportQuota { .. } => {}
            Effect::Capacity { facility, factor } => {
                self.facility(&format!("{path}.facility"), facility);
                self.within(&format!("{path}.factor"), *factor, ranges::CAPACITY_FACTOR);
            }
            Effect::Status { facility, status } => {
                self.facility(&format!("{path}.facility"), facility);
                self.status(&format!("{path}.status"), status);
            }
            Effect::Demand {
                nation,
                sector,
                factor,
            } => {
                self.nation(&format!("{path}.nation"), nation);
                self.sector(&format!("{path}.sector"), sector);
                self.within(&format!("{path}.factor"), *factor, ranges::DEMAND_FACTOR);
            }
            Effect::Relation {
                from,
                to,
                trust,
                tension,
            } => {
                self.nation(&format!("{path}.from"), from);
                self.nation(&format!("{path}.to"), to);
                if from == to {
                    self.err(format!("{path}.to"), "a nation has no relation with itself");
                }
                self.within(&format!("{path}.trust"), *trust, ranges::RELATION_CHANGE);
                self.within(
                    &format!("{path}.tension"),
                    *tension,
                    ranges::RELATION_CHANGE,
                );
            }
            Effect::Approval { nation, change } => {
                self.nation(&format!("{path}.nation"), nation);
                self.within(&format!("{path}.change"), *change, ranges::APPROVAL_CHANGE);
            }
            Effect::Treasury { nation, change } => {
                self.nation(&format!("{path}.nation"), nation);
                self.within(&format!("{path}.change"), *change, ranges::TREASURY_CHANGE);
            }
            Effect::Gdp { nation, change } => {
                self.nation(&format!("{path}.nation"), nation);
                self.num(&format!("{path}.change"), *change, -0.5, 0.5);
            }
        }
    }

    fn effects(&mut self, path: &str, effects: &[Effect]) {
        if self.count(path, effects.len(), Limits::LIST) {
            for (i, e) in effects.iter().enumerate() {
                self.effect(&format!("{path}[{i}]"), e);
            }
        }
    }

    fn condition(&mut self, path: &str, c: &Condition, depth: usize) {
        if depth > Limits::CONDITION_DEPTH {
            self.err(
                path,
                format!(
                    "conditions are nested more than {} deep",
                    Limits::CONDITION_DEPTH
                ),
            );
            return;
        }
        match c {
            Condition::TurnAtLeast(t) => self.int(&format!("{path}.0"), *t, 1, MAX_TURNS),
            Condition::PriceAbove {
                good,
                region,
                factor,
            }
            | Condition::PriceBelow {
                good,
                region,
                factor,
            } => {
                self.good(&format!("{path}.good"), good);
                self.nation(&format!("{path}.region"), region);
                self.num(&format!("{path}.factor"), *factor, 0.0, 1000.0);
            }
            Condition::TensionAbove { from, to, value } => {
                self.nation(&format!("{path}.from"), from);
                self.nation(&format!("{path}.to"), to);
                self.num(&format!("{path}.value"), *value, 0.0, 1.0);
            }
            Condition::ShortageAbove { nation, value }
            | Condition::ApprovalBelow { nation, value } => {
                self.nation(&format!("{path}.nation"), nation);
                self.num(&format!("{path}.value"), *value, 0.0, 1.0);
            }
            Condition::EventFired { event, turns } => {
                let ids = self.ids;
                self.reference(&format!("{path}.event"), "event", event, &ids.events);
                self.int(&format!("{path}.turns"), *turns, 0, MAX_TURNS);
            }
            Condition::AgreementInForce { parties, issue } => {
                if parties.is_empty() {
                    self.err(format!("{path}.parties"), "name at least one party");
                }
                if self.count(&format!("{path}.parties"), parties.len(), Limits::LIST) {
                    for (i, p) in parties.iter().enumerate() {
                        self.nation(&format!("{path}.parties[{i}]"), p);
                    }
                }
                if let Some(issue) = issue {
                    let ids = self.ids;
                    self.reference(&format!("{path}.issue"), "issue", issue, &ids.issues);
                }
            }
            Condition::All(list) | Condition::Any(list) => {
                if self.count(path, list.len(), Limits::LIST) {
                    for (i, c) in list.iter().enumerate() {
                        self.condition(&format!("{path}.0[{i}]"), c, depth + 1);
                    }
                }
            }
            Condition::Not(inner) => self.condition(&format!("{path}.0"), inner, depth + 1),
        }
    }
}

fn range_text(lo: f64, hi: f64) -> String {
    if hi >= MAX_AMOUNT && lo <= -MAX_AMOUNT {
        format!("magnitude at most {MAX_AMOUNT:e}")
    } else if hi >= MAX_AMOUNT {
        format!("{lo} or more")
    } else {
        format!("{lo} to {hi}")
    }
}

impl<'a> Ids<'a> {
    fn of(s: &'a Scenario) -> Ids<'a> {
        Ids {
            goods: s.goods.iter().map(|g| g.id.as_str()).collect(),
            recipes: s.recipes.iter().map(|r| r.id.as_str()).collect(),
            sectors: s.sectors.iter().map(|r| r.id.as_str()).collect(),
            nations: s.nations.iter().map(|r| r.id.as_str()).collect(),
            facilities: s.facilities.iter().map(|r| r.id.as_str()).collect(),
            events: s.events.iter().map(|r| r.id.as_str()).collect(),
            issues: s.issues.iter().map(|r| r.id.as_str()).collect(),
        }
    }
}

/// Semantic checks on a parsed scenario. Returns `(path, message)` for every problem.
pub fn check(s: &Scenario) -> Vec<Problem> {
    let ids = Ids::of(s);
    let mut c = Checker {
        ids: &ids,
        problems: Vec::new(),
        turns: s.turns,
    };

    sections::header(&mut c, s);
    sections::settings(&mut c, s);
    if !sections::sizes(&mut c, s) {
        return c.problems;
    }
    sections::goods(&mut c, s);
    sections::recipes(&mut c, s);
    sections::sectors(&mut c, s);
    sections::nations(&mut c, s);
    sections::facilities(&mut c, s);
    sections::events(&mut c, s);
    sections::issues(&mut c, s);
    sections::summits(&mut c, s);
    c.problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_catch_typos_only() {
        let c = ["ndpr", "dytb", "magnet", "conc"];
        assert_eq!(suggest("magnets", c), Some("magnet"));
        assert_eq!(suggest("NDPR", c), Some("ndpr"));
        assert_eq!(suggest("gallium", c), None);
    }
}
