//! The files of a batch (`chokepoint batch`): per-seed results, their distributions as CSV
//! and JSON, and a self-contained HTML page of them.

use std::fs;
use std::io;
use std::path::Path;

use super::files::csv_bytes;
use super::html::{self, RangeRow};
use crate::batch::{SeedResult, Spec, Summary};

fn num(x: f64) -> String {
    format!("{x:.4}")
}

/// Writes the per-seed table, the distributions and the page; returns the files' names.
pub fn write(
    dir: &Path,
    spec: &Spec,
    results: &[SeedResult],
    summary: &Summary,
) -> io::Result<Vec<String>> {
    let mut written = Vec::new();
    let mut put = |name: &str, bytes: Vec<u8>| -> io::Result<()> {
        fs::write(dir.join(name), bytes)?;
        written.push(name.to_string());
        Ok(())
    };
    let nations: Vec<&str> = spec
        .scenario
        .nations
        .iter()
        .map(|n| n.id.as_str())
        .collect();
    let goods: Vec<&str> = spec.scenario.goods.iter().map(|g| g.id.as_str()).collect();
    let mut header = vec![
        "seed".to_string(),
        "state_hash".into(),
        "summits".into(),
        "agreed".into(),
        "breaches".into(),
    ];
    header.extend(nations.iter().map(|n| format!("score_{n}")));
    header.extend(nations.iter().map(|n| format!("rank_{n}")));
    header.extend(nations.iter().map(|n| format!("shortage_{n}")));
    header.extend(goods.iter().map(|g| format!("final_price_{g}")));
    header.extend(goods.iter().map(|g| format!("peak_price_{g}")));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    put(
        "seeds.csv",
        csv_bytes(
            &header,
            results.iter().map(|r| {
                let mut row = vec![
                    r.seed.to_string(),
                    r.state_hash.clone(),
                    r.summits.to_string(),
                    r.agreed.to_string(),
                    r.breaches.to_string(),
                ];
                row.extend(r.nations.iter().map(|n| num(n.score)));
                row.extend(r.nations.iter().map(|n| n.rank.to_string()));
                row.extend(r.nations.iter().map(|n| num(n.shortage_mean)));
                row.extend(goods.iter().map(|g| num(r.final_price[*g])));
                row.extend(goods.iter().map(|g| num(r.peak_price[*g])));
                row
            }),
        )?,
    )?;
    let spread = |s: &crate::batch::Spread| {
        vec![num(s.mean), num(s.p10), num(s.p90), num(s.min), num(s.max)]
    };
    put(
        "nations.csv",
        csv_bytes(
            &[
                "nation",
                "wins",
                "score_mean",
                "score_p10",
                "score_p90",
                "score_min",
                "score_max",
                "rank_mean",
                "shortage_mean",
                "shortage_p90",
                "worst_month_p90",
            ],
            summary.nations.iter().map(|n| {
                let mut row = vec![n.id.clone(), num(n.wins)];
                row.extend(spread(&n.score));
                row.extend([
                    num(n.rank.mean),
                    num(n.shortage_mean.mean),
                    num(n.shortage_mean.p90),
                    num(n.shortage_worst.p90),
                ]);
                row
            }),
        )?,
    )?;
    put(
        "goods.csv",
        csv_bytes(
            &[
                "good",
                "final_price_mean",
                "final_price_p10",
                "final_price_p90",
                "final_price_min",
                "final_price_max",
                "peak_price_mean",
                "peak_price_p90",
            ],
            summary.goods.iter().map(|g| {
                let mut row = vec![g.id.clone()];
                row.extend(spread(&g.final_price));
                row.extend([num(g.peak_price.mean), num(g.peak_price.p90)]);
                row
            }),
        )?,
    )?;
    let mut json = serde_json::to_vec_pretty(summary).map_err(io::Error::other)?;
    json.push(b'\n');
    put("summary.json", json)?;
    put("index.html", page(spec, results, summary).into_bytes())?;
    Ok(written)
}

/// The page: what usually happens, what is luck.
fn page(spec: &Spec, results: &[SeedResult], s: &Summary) -> String {
    use std::fmt::Write as _;
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>{} over {} seeds</h1><p class=\"lede\">{} turns from seed {}, the AI on every seat at {}; every game is the same scenario and the same orders, only chance differs. Bars run from the 10th to the 90th percentile, the red tick is the mean, each dot one game.</p>",
        html::escape(&s.scenario_name),
        s.seeds,
        s.turns,
        s.first_seed,
        spec.ai.difficulty,
    );
    b.push_str("<h2>Scores</h2><p class=\"note\">A nation's score is its mean monthly score (0–100): economy, approval, treasury and secure supplies.</p>");
    let rows: Vec<RangeRow<'_>> = s
        .nations
        .iter()
        .enumerate()
        .map(|(i, n)| RangeRow {
            label: &n.name,
            spread: n.score,
            values: results.iter().map(|r| r.nations[i].score).collect(),
        })
        .collect();
    b.push_str(&html::range_chart(&rows, |v| format!("{v:.1}")));
    b.push_str("<table><tr><th>nation</th><th>mean</th><th>10th pct</th><th>90th pct</th><th>first in</th><th>mean rank</th><th>output lost, mean</th></tr>");
    for n in &s.nations {
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{:.1}</td><td>{:.1}</td><td>{:.1}</td><td>{:.0}%</td><td>{:.1}</td><td>{:.2}%</td></tr>",
            html::escape(&n.name),
            n.score.mean,
            n.score.p10,
            n.score.p90,
            n.wins * 100.0,
            n.rank.mean,
            n.shortage_mean.mean * 100.0
        );
    }
    b.push_str("</table>");
    b.push_str("<h2>Shortages</h2><p class=\"note\">The worst month of each game: the share of planned output lost for want of inputs.</p>");
    let rows: Vec<RangeRow<'_>> = s
        .nations
        .iter()
        .enumerate()
        .map(|(i, n)| RangeRow {
            label: &n.name,
            spread: n.shortage_worst,
            values: results
                .iter()
                .map(|r| r.nations[i].shortage_worst)
                .collect(),
        })
        .collect();
    b.push_str(&html::range_chart(&rows, |v| format!("{:.1}%", v * 100.0)));
    b.push_str("<h2>Prices at the end</h2><p class=\"note\">Each good's price in the last month, averaged over the regions, as a multiple of its base price.</p>");
    let rows: Vec<RangeRow<'_>> = s
        .goods
        .iter()
        .map(|g| RangeRow {
            label: &g.name,
            spread: g.final_price,
            values: results
                .iter()
                .filter_map(|r| r.final_price.get(&g.id).copied())
                .collect(),
        })
        .collect();
    b.push_str(&html::range_chart(&rows, |v| format!("{v:.2}×")));
    let _ = write!(
        b,
        "<h2>Summits</h2><p>{:.1} summits a game (from {:.0} to {:.0}); {:.0}% of them ended in a deal; {:.1} agreements breached a game.</p>",
        s.summits.mean,
        s.summits.min,
        s.summits.max,
        s.deal_rate * 100.0,
        s.breaches.mean
    );
    b.push_str("<p class=\"note\">Per-seed figures are in seeds.csv; the distributions in nations.csv, goods.csv and summary.json. Any seed can be played again with <code>chokepoint run --seed N</code>.</p>");
    html::page(&format!("{}: {} seeds", s.scenario_name, s.seeds), &b)
}
