//! The debrief report: `report.html`, one self-contained page (charts as inline SVG, no
//! scripts, nothing fetched) with the scenario's learning objectives and what this game showed
//! of them, the standings and scores by month, prices, shortages, the timeline of decisions,
//! licences, and every summit with its transcript and the quality of the deal; beside it the
//! files `run` writes, so the page's figures can be checked and charted again. Written by
//! `chokepoint report` and by the debrief screen's "Write report" button.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

use super::files::{Summary, write_all};
use super::html::{Series, escape, line_chart, page};
use crate::debrief::{Debrief, MomentKind, SHORTAGE_MOMENT, debrief};
use crate::scenario::schema::{Scenario, Seat};
use crate::sim::Sim;
use crate::sim::catalog::NationIdx;
use crate::sim::orders::{Lever, OrderSource};

/// The nations people played (the scenario's human seats, when people held them).
pub fn people_seats(scenario: &Scenario, human_seats: bool) -> Vec<NationIdx> {
    if !human_seats {
        return Vec::new();
    }
    (0..scenario.nations.len())
        .filter(|&i| scenario.nations[i].seat == Seat::Human)
        .collect()
}

/// Writes `report.html` and the run files into `dir`; returns the file names.
pub fn write(
    dir: &Path,
    sim: &Sim,
    scenario: &Scenario,
    seed: u64,
    people: &[NationIdx],
) -> io::Result<Vec<String>> {
    let summary = Summary::from_sim(sim, seed);
    let mut files = write_all(dir, &summary, sim.report(), sim.catalog())?;
    let html = html(sim, scenario, seed, people, &files);
    std::fs::write(dir.join("report.html"), html)?;
    files.insert(0, "report.html".to_string());
    Ok(files)
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// The page.
pub fn html(
    sim: &Sim,
    scenario: &Scenario,
    seed: u64,
    people: &[NationIdx],
    files: &[String],
) -> String {
    let played = sim.turn();
    // The standings and key moments of the debrief screen, seen from the first person's seat
    // (or the first nation's, when the AI played every seat).
    let view = debrief(sim, people.first().copied().unwrap_or(0), played);
    let catalog = sim.catalog();
    let report = sim.report();
    let mut b = String::new();

    let _ = write!(
        b,
        "<h1>{}: debrief</h1><p class=\"lede\">{} to {}: {played} of {} months played, seed {seed}. {}</p>",
        escape(&scenario.name),
        escape(&catalog.date_label(1)),
        escape(&catalog.date_label(played.max(1))),
        scenario.turns,
        escape(&seats_sentence(scenario, people)),
    );
    let p = Page {
        sim,
        scenario,
        people,
        files,
        view: &view,
        catalog,
        report,
    };
    objectives(&mut b, &p);
    standings(&mut b, &p);
    prices(&mut b, &p);
    shortages(&mut b, &p);
    timeline(&mut b, &p);
    facilitator(&mut b, &p);
    licences(&mut b, &p);
    summits(&mut b, &p);
    files_list(&mut b, &p);
    page(&format!("{}: debrief", scenario.name), &b)
}

/// What every section of the page reads.
#[derive(Clone, Copy)]
struct Page<'a> {
    sim: &'a Sim,
    scenario: &'a Scenario,
    people: &'a [NationIdx],
    files: &'a [String],
    view: &'a Debrief,
    catalog: &'a crate::sim::catalog::Catalog,
    report: &'a crate::sim::report::Report,
}

fn objectives(b: &mut String, p: &Page<'_>) {
    let Page {
        sim,
        scenario,
        view,
        ..
    } = *p;
    // Objectives and evidence.
    b.push_str("<h2>What the scenario teaches</h2>");
    if scenario.learning_objectives.is_empty() {
        b.push_str("<p class=\"note\">The scenario names no learning objectives.</p>");
    } else {
        b.push_str("<ol>");
        for o in &scenario.learning_objectives {
            let _ = write!(b, "<li>{}</li>", escape(o));
        }
        b.push_str("</ol>");
    }
    b.push_str("<h3>What this game showed</h3><ul>");
    for e in evidence(sim, view) {
        let _ = write!(b, "<li>{}</li>", escape(&e));
    }
    b.push_str("</ul>");
    if !scenario.teacher_notes.discuss.is_empty() {
        b.push_str("<h3>To discuss</h3><ul>");
        for q in &scenario.teacher_notes.discuss {
            let _ = write!(b, "<li>{}</li>", escape(q));
        }
        b.push_str("</ul>");
    }
    if !scenario.teacher_notes.history.is_empty() {
        let _ = write!(
            b,
            "<h3>What really happened</h3><p>{}</p>",
            escape(&scenario.teacher_notes.history)
        );
    }
}

fn standings(b: &mut String, p: &Page<'_>) {
    let Page {
        people,
        view,
        catalog,
        ..
    } = *p;
    let date = |t: f64| catalog.date_label((t.round() as u32).max(1));
    // Standings and scores.
    b.push_str("<h2>Standings</h2><table><tr><th>nation</th><th>played by</th><th>score (mean of months)</th><th>final month</th><th>GDP index (start = 100)</th><th>approval</th></tr>");
    for s in &view.standings {
        let idx = catalog.nations.iter().position(|n| n.name == s.nation);
        let by = if idx.is_some_and(|i| people.contains(&i)) {
            "people"
        } else {
            "AI"
        };
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{by}</td><td>{:.1}</td><td>{:.1}</td><td>{:.1}</td><td>{}</td></tr>",
            escape(&s.nation),
            s.mean_score,
            s.final_score,
            s.gdp_index,
            pct(s.approval)
        );
    }
    b.push_str("</table><h3>Score by month (0–100)</h3>");
    let scores: Vec<Series> = view
        .scores
        .iter()
        .map(|(name, pts)| Series {
            label: name,
            points: pts.iter().map(|p| (p[0], p[1])).collect(),
        })
        .collect();
    b.push_str(&line_chart(&scores, date, |v| format!("{v:.0}")));
}

fn prices(b: &mut String, p: &Page<'_>) {
    let Page {
        catalog, report, ..
    } = *p;
    let date = |t: f64| catalog.date_label((t.round() as u32).max(1));
    let nation = |n: NationIdx| catalog.nations[n].name.as_str();
    // Prices.
    b.push_str("<h2>Prices</h2><p class=\"note\">Price in each region as a multiple of the good's base price.</p>");
    let mut steady = Vec::new();
    for (g, good) in catalog.goods.iter().enumerate() {
        let mut by_region: BTreeMap<NationIdx, Vec<(f64, f64)>> = BTreeMap::new();
        for p in report.prices.iter().filter(|p| p.good == g) {
            by_region
                .entry(p.region)
                .or_default()
                .push((p.turn as f64, p.price / good.base_price));
        }
        let moved = by_region
            .values()
            .flatten()
            .any(|p| !(0.8..=1.25).contains(&p.1));
        if !moved {
            steady.push(good.name.as_str());
            continue;
        }
        let series: Vec<Series> = by_region
            .into_iter()
            .map(|(r, points)| Series {
                label: nation(r),
                points,
            })
            .collect();
        let _ = write!(b, "<h3>{}</h3>", escape(&good.name));
        b.push_str(&line_chart(&series, date, |v| format!("{v:.1}×")));
    }
    if !steady.is_empty() {
        let _ = write!(
            b,
            "<p>Steady everywhere (within 0.8–1.25× base all game): {}.</p>",
            escape(&steady.join(", "))
        );
    }
}

fn shortages(b: &mut String, p: &Page<'_>) {
    let Page {
        catalog, report, ..
    } = *p;
    let date = |t: f64| catalog.date_label((t.round() as u32).max(1));
    let nation = |n: NationIdx| catalog.nations[n].name.as_str();
    // Shortages.
    b.push_str("<h2>Shortages</h2><p class=\"note\">Share of each nation's planned output lost to missing inputs, by month.</p>");
    let mut lost: Vec<Vec<(f64, f64)>> = vec![Vec::new(); catalog.nations.len()];
    for m in &report.metrics {
        lost[m.nation].push((m.turn as f64, m.shortage * 100.0));
    }
    let series: Vec<Series> = lost
        .into_iter()
        .enumerate()
        .map(|(n, points)| Series {
            label: nation(n),
            points,
        })
        .collect();
    b.push_str(&line_chart(&series, date, |v| format!("{v:.0}%")));
}

fn timeline(b: &mut String, p: &Page<'_>) {
    let Page {
        catalog, report, ..
    } = *p;
    let nation = |n: NationIdx| catalog.nations[n].name.as_str();
    // Timeline of decisions.
    b.push_str("<h2>Timeline of decisions</h2><p class=\"note\">Every order given, by whom and why; refused orders are marked.</p><table class=\"text\"><tr><th>month</th><th>nation</th><th>by</th><th>kind</th><th>decision</th><th>why</th></tr>");
    for o in &report.orders {
        let by = match o.source {
            OrderSource::Player => "player",
            OrderSource::Ai => "AI",
            OrderSource::Event => "event",
            OrderSource::Script => "script",
            OrderSource::Agreement => "agreement",
            OrderSource::Facilitator => "facilitator",
        };
        let kind = match o.lever {
            Lever::Control => "control",
            Lever::Easing => "easing",
            Lever::Other => "",
        };
        let why = match &o.refused {
            Some(r) => format!("refused: {r}"),
            None => o.reason.clone().unwrap_or_default(),
        };
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td>{by}</td><td>{kind}</td><td>{}</td><td>{}</td></tr>",
            escape(&catalog.date_label(o.turn)),
            escape(nation(o.actor)),
            escape(&o.order),
            escape(&why)
        );
    }
    b.push_str("</table>");
}

fn facilitator(b: &mut String, p: &Page<'_>) {
    let Page {
        catalog, report, ..
    } = *p;
    // What the facilitator did.
    if !report.interventions.is_empty() {
        b.push_str("<h2>The facilitator's interventions</h2><p class=\"note\">Events the facilitator injected and seats handed to the AI or back, in the month they took effect.</p><table class=\"text\"><tr><th>month</th><th>what</th><th>effects</th></tr>");
        for i in &report.interventions {
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&catalog.date_label(i.turn)),
                escape(&i.what),
                escape(&i.effects.join("; "))
            );
        }
        b.push_str("</table>");
    }
}

fn licences(b: &mut String, p: &Page<'_>) {
    let Page {
        catalog, report, ..
    } = *p;
    let nation = |n: NationIdx| catalog.nations[n].name.as_str();
    // Licences, summed over the game per route.
    let mut routes: BTreeMap<(NationIdx, usize, NationIdx, NationIdx), [f64; 4]> = BTreeMap::new();
    for l in &report.licences {
        let k = &l.key;
        let e = routes
            .entry((k.authority, k.good, k.exporter, k.importer))
            .or_default();
        e[0] += f64::from(l.stats.applications);
        e[1] += l.stats.submitted;
        e[2] += l.stats.approved;
        e[3] += l.stats.denied;
    }
    b.push_str("<h2>Licences</h2>");
    if routes.is_empty() {
        b.push_str("<p>No export needed a licence in this game.</p>");
    } else {
        b.push_str("<table class=\"text\"><tr><th>licensing authority</th><th>good</th><th>from → to</th><th class=\"n\">applications</th><th class=\"n\">applied for</th><th class=\"n\">approved</th><th class=\"n\">denied</th><th class=\"n\">approved share</th></tr>");
        for ((a, g, e, i), [apps, sub, appr, den]) in &routes {
            let decided = appr + den;
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{} → {}</td><td class=\"n\">{apps}</td><td class=\"n\">{sub:.0}</td><td class=\"n\">{appr:.0}</td><td class=\"n\">{den:.0}</td><td class=\"n\">{}</td></tr>",
                escape(nation(*a)),
                escape(&catalog.goods[*g].name),
                escape(nation(*e)),
                escape(nation(*i)),
                if decided > 0.0 {
                    pct(appr / decided)
                } else {
                    "–".into()
                }
            );
        }
        b.push_str("</table><p class=\"note\">Volumes are the monthly volumes applied for, approved and denied, summed over the months of the game.</p>");
    }
}

fn summits(b: &mut String, p: &Page<'_>) {
    let Page {
        catalog, report, ..
    } = *p;
    // Summits.
    b.push_str("<h2>Summits</h2>");
    if report.summits.is_empty() {
        b.push_str("<p>No summit met in this game.</p>");
    }
    for s in &report.summits {
        let _ = write!(
            b,
            "<h3>{} ({})</h3><p>Parties: {}. Outcome: <b>{}</b>{}.</p>",
            escape(&s.name),
            escape(&catalog.date_label(s.turn)),
            escape(&s.parties.join(", ")),
            escape(&s.outcome),
            s.package
                .as_ref()
                .map(|p| format!(": {}", escape(&p.join("; "))))
                .unwrap_or_default()
        );
        let q = &s.quality;
        let mut quality = vec![if q.pareto_efficient {
            "no other package was better for every party".to_string()
        } else {
            "another package would have been better for every party".to_string()
        }];
        if let Some(d) = q.nash_distance {
            quality.push(format!(
                "distance from the fair (Nash) split {d:.2} (0 = fair, 1 = as far as it gets)"
            ));
        }
        if let Some(g) = &s.simulated_gains {
            quality.push(format!(
                "gain over no deal by simulation: {}",
                g.iter()
                    .map(|(n, v)| format!("{n} {v:+.1}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let _ = write!(
            b,
            "<p class=\"note\">Deal quality: {}.</p>",
            escape(&quality.join("; "))
        );
        b.push_str("<table class=\"text\"><tr><th>round</th><th>party</th><th>move</th><th>package</th><th class=\"n\">worth to the mover</th><th>why</th></tr>");
        for t in &s.transcript {
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                t.round,
                escape(&t.party),
                escape(&t.action),
                escape(&t.package.as_ref().map(|p| p.join("; ")).unwrap_or_default()),
                t.value.map(|v| format!("{v:+.1}")).unwrap_or_default(),
                escape(&t.reason)
            );
        }
        b.push_str("</table>");
    }
}

fn files_list(b: &mut String, p: &Page<'_>) {
    let Page { files, .. } = *p;
    b.push_str(
        "<h2>Files</h2><p class=\"note\">The figures behind this page, for a spreadsheet:</p><ul>",
    );
    for f in files {
        let _ = write!(b, "<li><a href=\"{0}\">{0}</a></li>", escape(f));
    }
    b.push_str("</ul>");
}

fn seats_sentence(scenario: &Scenario, people: &[NationIdx]) -> String {
    if people.is_empty() {
        return "The AI played every nation.".into();
    }
    let names: Vec<&str> = people
        .iter()
        .map(|&i| scenario.nations[i].name.as_str())
        .collect();
    let list = match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    };
    format!("People played {list}; the AI played the rest.")
}

/// Plain facts from the game that bear on what a scenario teaches: the price peaks, the
/// shortages, the controls and easings, the summits and breaches.
pub fn evidence(sim: &Sim, view: &Debrief) -> Vec<String> {
    let played = view.played;
    let catalog = sim.catalog();
    let report = sim.report();
    let mut out = Vec::new();
    for (g, good) in catalog.goods.iter().enumerate() {
        let peak = report
            .prices
            .iter()
            .filter(|p| p.good == g)
            .max_by(|a, b| a.price.total_cmp(&b.price));
        let Some(peak) = peak else { continue };
        let factor = peak.price / good.base_price;
        if factor < 1.5 {
            continue;
        }
        let last: Vec<f64> = report
            .prices
            .iter()
            .filter(|p| p.good == g && p.turn == played)
            .map(|p| p.price / good.base_price)
            .collect();
        let (lo, hi) = last
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        let now = if format!("{lo:.1}") == format!("{hi:.1}") {
            format!("{lo:.1}× everywhere")
        } else {
            format!("{lo:.1}–{hi:.1}× across regions")
        };
        out.push(format!(
            "{} peaked at {factor:.1}× its base price in {} in {}; in the last month it stood at {now}.",
            good.name,
            catalog.nations[peak.region].name,
            catalog.date_label(peak.turn)
        ));
    }
    for (n, def) in catalog.nations.iter().enumerate() {
        let rows: Vec<_> = report.metrics.iter().filter(|m| m.nation == n).collect();
        let months = rows
            .iter()
            .filter(|m| m.shortage >= SHORTAGE_MOMENT)
            .count();
        let worst = rows.iter().max_by(|a, b| a.shortage.total_cmp(&b.shortage));
        if let Some(w) = worst.filter(|_| months > 0) {
            out.push(format!(
                "{} lost up to {:.0}% of its planned output to shortages ({}); {months} month{} with more than {:.0}% lost.",
                def.name,
                w.shortage * 100.0,
                catalog.date_label(w.turn),
                if months == 1 { "" } else { "s" },
                SHORTAGE_MOMENT * 100.0
            ));
        }
    }
    let given = |l: Lever| {
        report.orders.iter().filter(move |o| {
            o.lever == l && o.refused.is_none() && o.source != OrderSource::Agreement
        })
    };
    let (controls, easings) = (given(Lever::Control).count(), given(Lever::Easing).count());
    if let Some(first) = given(Lever::Control).next() {
        out.push(format!(
            "{controls} trade controls and {easings} easings were ordered; the first control: {}, {}: {}.",
            catalog.date_label(first.turn),
            catalog.nations[first.actor].name,
            first.order
        ));
    } else {
        out.push(format!(
            "No new trade control was ordered; {easings} easings."
        ));
    }
    let agreed = report
        .summits
        .iter()
        .filter(|s| s.package.is_some())
        .collect::<Vec<_>>();
    if !report.summits.is_empty() {
        let fair = agreed
            .iter()
            .filter(|s| s.quality.nash_distance.is_some_and(|d| d <= 0.25))
            .count();
        out.push(format!(
            "{} summit{} met and {} reached a deal ({} of them close to the fair split).",
            report.summits.len(),
            if report.summits.len() == 1 { "" } else { "s" },
            agreed.len(),
            fair
        ));
    }
    let breaches: Vec<&str> = view
        .moments
        .iter()
        .filter(|m| m.kind == MomentKind::Breach)
        .map(|m| m.text.as_str())
        .collect();
    if !breaches.is_empty() {
        out.push(format!("Agreements broken: {}.", breaches.join("; ")));
    }
    out
}
