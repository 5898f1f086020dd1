//! Reports of a finished run: `summary.json`, per-turn CSV files and the printed summary.
//! Every number is formatted the same way on every run, so equal games give equal bytes.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use serde::Serialize;

use crate::sim::Sim;
use crate::sim::catalog::Catalog;
use crate::sim::market::Market;
use crate::sim::nation::{Economy, Flows, Nation, Score};
use crate::sim::report::Report;

#[derive(Debug, Clone, Serialize)]
pub struct NationSummary {
    pub id: String,
    pub name: String,
    pub rank: usize,
    /// Mean of the per-turn scores, 0–100.
    pub score: f64,
    pub last_turn_score: f64,
    pub gdp_index: f64,
    pub approval: f64,
    /// $M.
    pub treasury: f64,
    /// Share of planned sector value lost in the last turn.
    pub shortage: f64,
    /// Net imports over use, per good (moving average).
    pub import_reliance: BTreeMap<String, f64>,
    /// Share of world output, per good (moving average).
    pub world_share: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GoodSummary {
    pub name: String,
    pub unit: String,
    pub base_price: f64,
    /// Output over the last 12 turns (or fewer, scaled to a year).
    pub world_output_per_year: f64,
    pub top_producer: String,
    pub top_producer_share: f64,
    /// Final price per region, $ per unit.
    pub prices: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub scenario: String,
    pub scenario_name: String,
    pub seed: u64,
    pub turns: u32,
    pub start: String,
    pub end: String,
    pub state_hash: String,
    pub nations: Vec<NationSummary>,
    pub goods: BTreeMap<String, GoodSummary>,
    pub events: Vec<String>,
}

impl Summary {
    pub fn from_sim(sim: &Sim, seed: u64) -> Summary {
        let state_hash = sim.state_hash();
        let catalog = sim.catalog().clone();
        let turns = sim.turn();
        let world = sim.world();
        let mut q = crate::sim::read::<(&Nation, &Economy, &Flows, &Score)>(world);
        let mut rows: Vec<_> = q.iter(world).collect();
        rows.sort_by_key(|r| r.0.idx);
        let report = world.resource::<Report>();
        let market = world.resource::<Market>();
        let by_good = |v: &[f64]| -> BTreeMap<String, f64> {
            catalog
                .goods
                .iter()
                .zip(v)
                .map(|(g, x)| (g.id.clone(), *x))
                .collect()
        };
        let mut nations: Vec<NationSummary> = rows
            .iter()
            .map(|(n, eco, flows, score)| NationSummary {
                id: catalog.nations[n.idx].id.clone(),
                name: catalog.nations[n.idx].name.clone(),
                rank: 0,
                score: score.mean(),
                last_turn_score: score.current,
                gdp_index: eco.gdp_index,
                approval: eco.approval,
                treasury: eco.treasury,
                shortage: eco.shortage(),
                import_reliance: by_good(&flows.reliance),
                world_share: by_good(&flows.world_share),
            })
            .collect();
        let mut order: Vec<usize> = (0..nations.len()).collect();
        order.sort_by(|&a, &b| {
            nations[b]
                .score
                .total_cmp(&nations[a].score)
                .then(a.cmp(&b))
        });
        for (rank, &i) in order.iter().enumerate() {
            nations[i].rank = rank + 1;
        }

        // World output over the last 12 turns.
        let first = turns.saturating_sub(11).max(1);
        let window = (turns + 1 - first).max(1) as f64;
        let mut produced = vec![vec![0.0; catalog.nations.len()]; catalog.goods.len()];
        for r in report.goods.iter().filter(|r| r.turn >= first) {
            produced[r.good][r.nation] += r.produced;
        }
        let goods = catalog
            .goods
            .iter()
            .enumerate()
            .map(|(g, def)| {
                let total: f64 = produced[g].iter().sum();
                let (top, top_q) =
                    produced[g]
                        .iter()
                        .enumerate()
                        .fold(
                            (0, 0.0),
                            |best, (n, &q)| if q > best.1 { (n, q) } else { best },
                        );
                let summary = GoodSummary {
                    name: def.name.clone(),
                    unit: def.unit.clone(),
                    base_price: def.base_price,
                    world_output_per_year: total * 12.0 / window,
                    top_producer: catalog.nations[top].id.clone(),
                    top_producer_share: if total > 0.0 { top_q / total } else { 0.0 },
                    prices: catalog
                        .nations
                        .iter()
                        .zip(&market.price[g])
                        .map(|(n, p)| (n.id.clone(), *p))
                        .collect(),
                };
                (def.id.clone(), summary)
            })
            .collect();

        Summary {
            scenario: catalog.scenario_id.clone(),
            scenario_name: catalog.scenario_name.clone(),
            seed,
            turns,
            start: catalog.date_label(1),
            end: catalog.date_label(turns),
            state_hash,
            nations,
            goods,
            events: report
                .news
                .iter()
                .map(|n| format!("{} {}", catalog.date_label(n.turn), n.headline))
                .collect(),
        }
    }
}

/// The readable printout of a run.
pub fn render_summary(s: &Summary, report: &Report, catalog: &Catalog) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Chokepoint: {} ({}), seed {}, {} turns ({} to {})",
        s.scenario_name, s.scenario, s.seed, s.turns, s.start, s.end
    );
    let _ = writeln!(out, "state hash {}\n", s.state_hash);
    let _ = writeln!(
        out,
        "{:<4} {:<22} {:>6} {:>8} {:>9} {:>13} {:>9}",
        "rank", "nation", "score", "GDP idx", "approval", "treasury $bn", "shortage"
    );
    let mut ranked: Vec<&NationSummary> = s.nations.iter().collect();
    ranked.sort_by_key(|n| n.rank);
    for n in ranked {
        let _ = writeln!(
            out,
            "{:<4} {:<22} {:>6.1} {:>8.2} {:>8.0}% {:>13.1} {:>8.1}%",
            n.rank,
            truncate(&n.name, 22),
            n.score,
            n.gdp_index,
            n.approval * 100.0,
            n.treasury / 1000.0,
            n.shortage * 100.0
        );
    }
    let _ = writeln!(
        out,
        "\nMarkets (world output over the last 12 months; final price per region vs base)"
    );
    for def in &catalog.goods {
        let g = &s.goods[&def.id];
        let mut prices: Vec<String> = g
            .prices
            .iter()
            .map(|(n, p)| format!("{n} {:.2}x", p / g.base_price))
            .collect();
        prices.sort();
        let _ = writeln!(
            out,
            "  {:<28} {:>12} {}/yr, {} makes {:>3.0}%   {}",
            truncate(&g.name, 28),
            group(g.world_output_per_year),
            g.unit,
            g.top_producer,
            g.top_producer_share * 100.0,
            prices.join("  ")
        );
    }
    if !report.news.is_empty() {
        let _ = writeln!(out, "\nNews");
        for e in &s.events {
            let _ = writeln!(out, "  {e}");
        }
    }
    if !report.summits.is_empty() {
        let _ = writeln!(out, "\nSummits");
        for sm in &report.summits {
            let quality = match (&sm.package, sm.quality.nash_distance) {
                (Some(_), Some(d)) => format!(
                    "{}, {:.2} from the Nash point",
                    if sm.quality.pareto_efficient {
                        "Pareto-efficient"
                    } else {
                        "not Pareto-efficient"
                    },
                    d
                ),
                (None, _) if sm.quality.zone_of_agreement => {
                    "a deal both preferred to none existed".to_string()
                }
                _ => "no deal both preferred to none existed".to_string(),
            };
            let _ = writeln!(
                out,
                "  {} {} ({}), {} moves: {}; {}",
                catalog.date_label(sm.turn),
                sm.name,
                sm.parties.join(", "),
                sm.transcript.len(),
                match &sm.package {
                    Some(p) => format!("agreed {}", p.join("; ")),
                    None => sm.outcome.clone(),
                },
                quality
            );
        }
    }
    let (apps, approved, denied) = report.licences.iter().fold((0, 0.0, 0.0), |acc, r| {
        let v = |good: usize| catalog.goods[good].base_price / 1e6;
        (
            acc.0 + r.stats.applications,
            acc.1 + r.stats.approved * v(r.key.good),
            acc.2 + r.stats.denied * v(r.key.good),
        )
    });
    if apps > 0 {
        let _ = writeln!(
            out,
            "\nLicences: {apps} applications; of the volume decided, ${approved:.0}M a month \
             approved and ${denied:.0}M denied (at base prices)"
        );
    }
    let refused: Vec<_> = report
        .orders
        .iter()
        .filter(|o| o.refused.is_some())
        .collect();
    let _ = writeln!(
        out,
        "\nOrders: {} applied, {} refused",
        report.orders.len() - refused.len(),
        refused.len()
    );
    for o in refused {
        let _ = writeln!(
            out,
            "  {} {} refused: {}: {}",
            catalog.date_label(o.turn),
            catalog.nations.get(o.actor).map_or("?", |n| n.id.as_str()),
            o.order,
            o.refused.as_deref().unwrap_or("")
        );
    }
    out
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// A number with thousands separators and no decimals.
fn group(x: f64) -> String {
    let digits = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if x < -0.5 {
        out.insert(0, '-');
    }
    out
}

/// Fixed-precision number formatting for CSV files.
fn num(x: f64) -> String {
    format!("{x:.4}")
}

/// Writes summary.json and the CSV files; returns their names.
pub fn write_all(
    dir: &Path,
    summary: &Summary,
    report: &Report,
    catalog: &Catalog,
) -> io::Result<Vec<String>> {
    fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    let mut put = |name: &str, bytes: Vec<u8>| -> io::Result<()> {
        fs::write(dir.join(name), bytes)?;
        written.push(name.to_string());
        Ok(())
    };
    let mut json = serde_json::to_vec_pretty(summary).map_err(io::Error::other)?;
    json.push(b'\n');
    put("summary.json", json)?;

    put("metrics.csv", metrics_csv(report, catalog)?)?;
    put("goods.csv", goods_csv(report, catalog)?)?;
    put("prices.csv", prices_csv(report, catalog)?)?;
    put("trade.csv", trade_csv(report, catalog)?)?;
    put("licences.csv", licences_csv(report, catalog)?)?;
    put("capacity.csv", capacity_csv(report, catalog)?)?;
    let mut summits = serde_json::to_vec_pretty(&report.summits).map_err(io::Error::other)?;
    summits.push(b'\n');
    put("summits.json", summits)?;
    put("news.csv", news_csv(report, catalog)?)?;
    put("orders.csv", orders_csv(report, catalog)?)?;
    put("hashes.csv", hashes_csv(report, catalog)?)?;
    Ok(written)
}

/// `metrics.csv`.
fn metrics_csv(report: &Report, catalog: &Catalog) -> io::Result<Vec<u8>> {
    let nation = |n: usize| catalog.nations[n].id.as_str();
    let date = |t: u32| catalog.date_label(t);
    csv_bytes(
        &[
            "turn",
            "date",
            "nation",
            "score",
            "gdp_index",
            "approval",
            "treasury_musd",
            "shortage",
            "lost_value_musd",
            "max_tension",
        ],
        report.metrics.iter().map(|r| {
            vec![
                r.turn.to_string(),
                date(r.turn),
                nation(r.nation).to_string(),
                num(r.score),
                num(r.gdp_index),
                num(r.approval),
                num(r.treasury),
                num(r.shortage),
                num(r.lost_value),
                num(r.max_tension),
            ]
        }),
    )
}

/// `goods.csv`.
fn goods_csv(report: &Report, catalog: &Catalog) -> io::Result<Vec<u8>> {
    let nation = |n: usize| catalog.nations[n].id.as_str();
    let good = |g: usize| catalog.goods[g].id.as_str();
    let date = |t: u32| catalog.date_label(t);
    csv_bytes(
        &[
            "turn",
            "date",
            "nation",
            "good",
            "opening",
            "produced",
            "used",
            "consumed",
            "imported",
            "exported",
            "closing",
            "reserve",
            "cover_months",
        ],
        report.goods.iter().map(|r| {
            vec![
                r.turn.to_string(),
                date(r.turn),
                nation(r.nation).to_string(),
                good(r.good).to_string(),
                num(r.opening),
                num(r.produced),
                num(r.used),
                num(r.consumed),
                num(r.imported),
                num(r.exported),
                num(r.closing),
                num(r.reserve),
                num(r.cover_months),
            ]
        }),
    )
}

/// `capacity.csv`.
fn capacity_csv(report: &Report, catalog: &Catalog) -> io::Result<Vec<u8>> {
    let nation = |n: usize| catalog.nations[n].id.as_str();
    let recipe = |r: usize| catalog.recipes[r].id.as_str();
    let date = |t: u32| catalog.date_label(t);
    csv_bytes(
        &[
            "turn",
            "date",
            "nation",
            "recipe",
            "operating",
            "ramping",
            "building",
            "idle",
            "projects",
            "next_opening_months",
        ],
        report.capacity.iter().map(|r| {
            vec![
                r.turn.to_string(),
                date(r.turn),
                nation(r.nation).to_string(),
                recipe(r.recipe).to_string(),
                num(r.operating),
                num(r.ramping),
                num(r.building),
                num(r.idle),
                r.projects.to_string(),
                r.next_opening_months
                    .map_or_else(String::new, |m| m.to_string()),
            ]
        }),
    )
}

/// `prices.csv`.
fn prices_csv(report: &Report, catalog: &Catalog) -> io::Result<Vec<u8>> {
    let nation = |n: usize| catalog.nations[n].id.as_str();
    let good = |g: usize| catalog.goods[g].id.as_str();
    let date = |t: u32| catalog.date_label(t);
    csv_bytes(
        &["turn", "date", "good", "region", "price", "price_index"],
        report.prices.iter().map(|r| {
            vec![
                r.turn.to_string(),
                date(r.turn),
                good(r.good).to_string(),
                nation(r.region).to_string(),
                num(r.price),
                num(r.price / catalog.goods[r.good].base_price),
            ]
        }),
    )
}

/// `trade.csv`.
fn trade_csv(report: &Report, catalog: &Catalog) -> io::Result<Vec<u8>> {
    let nation = |n: usize| catalog.nations[n].id.as_str();
    let good = |g: usize| catalog.goods[g].id.as_str();
    let date = |t: u32| catalog.date_label(t);
    csv_bytes(
        &[
            "turn",
            "date",
            "good",
            "from",
            "to",
            "quantity",
            "value_musd",
            "tariff",
        ],
        report.trade.iter().map(|r| {
            vec![
                r.turn.to_string(),
                date(r.turn),
                good(r.good).to_string(),
                nation(r.from).to_string(),
                nation(r.to).to_string(),
                num(r.quantity),
                num(r.value),
                num(r.tariff),
            ]
        }),
    )
}

/// `licences.csv`.
fn licences_csv(report: &Report, catalog: &Catalog) -> io::Result<Vec<u8>> {
    let nation = |n: usize| catalog.nations[n].id.as_str();
    let good = |g: usize| catalog.goods[g].id.as_str();
    let date = |t: u32| catalog.date_label(t);
    csv_bytes(
        &[
            "turn",
            "date",
            "authority",
            "good",
            "exporter",
            "importer",
            "applications",
            "submitted",
            "approved",
            "denied",
            "expired",
            "queue_count",
            "queue_volume",
            "permitted",
        ],
        report.licences.iter().map(|r| {
            let s = &r.stats;
            vec![
                r.turn.to_string(),
                date(r.turn),
                nation(r.key.authority).to_string(),
                good(r.key.good).to_string(),
                nation(r.key.exporter).to_string(),
                nation(r.key.importer).to_string(),
                s.applications.to_string(),
                num(s.submitted),
                num(s.approved),
                num(s.denied),
                num(s.expired),
                s.queue_count.to_string(),
                num(s.queue_volume),
                num(s.permitted),
            ]
        }),
    )
}

/// `news.csv`.
fn news_csv(report: &Report, catalog: &Catalog) -> io::Result<Vec<u8>> {
    let date = |t: u32| catalog.date_label(t);
    csv_bytes(
        &["turn", "date", "headline"],
        report
            .news
            .iter()
            .map(|r| vec![r.turn.to_string(), date(r.turn), r.headline.clone()]),
    )
}

/// `orders.csv`.
fn orders_csv(report: &Report, catalog: &Catalog) -> io::Result<Vec<u8>> {
    let nation = |n: usize| catalog.nations[n].id.as_str();
    let date = |t: u32| catalog.date_label(t);
    csv_bytes(
        &[
            "turn", "date", "nation", "source", "order", "refused", "reason",
        ],
        report.orders.iter().map(|r| {
            vec![
                r.turn.to_string(),
                date(r.turn),
                nation(r.actor).to_string(),
                format!("{:?}", r.source),
                r.order.clone(),
                r.refused.clone().unwrap_or_default(),
                r.reason.clone().unwrap_or_default(),
            ]
        }),
    )
}

/// `hashes.csv`.
fn hashes_csv(report: &Report, catalog: &Catalog) -> io::Result<Vec<u8>> {
    let date = |t: u32| catalog.date_label(t);
    csv_bytes(
        &["turn", "date", "state_hash"],
        report
            .hashes
            .iter()
            .map(|h| vec![h.turn.to_string(), date(h.turn), h.state_hash.clone()]),
    )
}

pub(super) fn csv_bytes(
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).map_err(io::Error::other)?;
    for r in rows {
        w.write_record(&r).map_err(io::Error::other)?;
    }
    w.into_inner().map_err(|e| io::Error::other(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(group(390000.4), "390,000");
        assert_eq!(group(12.0), "12");
        assert_eq!(group(-1234.0), "-1,234");
    }
}
