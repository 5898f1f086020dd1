//! The trade tabs of the side panel: licences, markets and agreements. Each has its view data
//! (read from the sim as plain values) and a panel function that draws it and returns the
//! player's intents, like the rest of the UI.

use egui::{self, RichText, Ui};
use egui_plot::{Line, Plot, PlotPoints, Points};

use super::panels::{Intent, palette, quantity};
use crate::sim::Sim;
use crate::sim::catalog::{GoodSel, NationIdx, NationSel, Regime};
use crate::sim::licensing::Licences;
use crate::sim::orders::{ExportRule, Order};
use crate::sim::summits::{Agreement, AgreementStatus};

/// Where a licence case stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CaseStatus {
    /// Under review; decided in this many months.
    Pending { months: u32 },
    /// Granted for this volume a month, valid this many more months.
    Granted { months: u32 },
    /// Denied; the denial stands this many more months.
    Denied { months: u32 },
}

/// One licence case on a route the player is part of.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub good: usize,
    pub good_name: String,
    pub unit: String,
    /// The nation that decides, the one that ships, the one that receives.
    pub authority: String,
    pub exporter: String,
    pub importer: NationIdx,
    pub importer_name: String,
    /// Units a month applied for or granted.
    pub volume: f64,
    pub status: CaseStatus,
}

/// What happened last month on a route the player is part of.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub text: String,
    /// It went against the player (a denial or expiry of the player's supplies).
    pub bad: bool,
}

/// The licence panel.
#[derive(Debug, Clone, PartialEq)]
pub struct LicenceView {
    /// Cases the player's nation decides (its exports, or others' under its rules).
    pub deciding: Vec<Case>,
    /// Cases others decide on the player's supplies.
    pub supplies: Vec<Case>,
    /// Last month's approvals, denials and expiries involving the player.
    pub last_month: Vec<Decision>,
    pub last_month_date: Option<String>,
}

/// Months a general licence granted from the licence panel lasts.
pub const GENERAL_LICENCE_MONTHS: u32 = 12;
/// Months of use a reserve started from the licence panel aims to hold.
pub const HEDGE_RESERVE_MONTHS: f64 = 6.0;

pub fn licences(sim: &Sim, me: NationIdx) -> LicenceView {
    let catalog = sim.catalog();
    let turn = sim.turn();
    let lic = sim.world().resource::<Licences>();
    let name = |n: NationIdx| catalog.nations[n].name.clone();
    let case = |key: &crate::sim::licensing::RouteKey, volume: f64, status: CaseStatus| Case {
        good: key.good,
        good_name: catalog.goods[key.good].name.clone(),
        unit: catalog.goods[key.good].unit.clone(),
        authority: name(key.authority),
        exporter: name(key.exporter),
        importer: key.importer,
        importer_name: name(key.importer),
        volume,
        status,
    };
    let mut cases: Vec<(crate::sim::licensing::RouteKey, Case)> = lic
        .applications
        .iter()
        .map(|a| {
            let months = a.decide_on.saturating_sub(turn);
            (
                a.key,
                case(&a.key, a.volume, CaseStatus::Pending { months }),
            )
        })
        .chain(lic.permits.iter().filter(|p| p.expires > turn).map(|p| {
            let months = p.expires - turn;
            let status = if p.volume > 0.0 {
                CaseStatus::Granted { months }
            } else {
                CaseStatus::Denied { months }
            };
            (p.key, case(&p.key, p.volume, status))
        }))
        .collect();
    cases.sort_by_key(|c| c.0);
    let mut deciding = Vec::new();
    let mut supplies = Vec::new();
    for (key, c) in cases {
        if key.authority == me {
            deciding.push(c);
        } else if key.importer == me {
            supplies.push(c);
        }
    }
    let mut last_month = Vec::new();
    for row in sim
        .report()
        .licences
        .iter()
        .rev()
        .take_while(|r| r.turn == turn)
    {
        let k = row.key;
        if k.authority != me && k.importer != me {
            continue;
        }
        let s = &row.stats;
        let unit = &catalog.goods[k.good].unit;
        let what = format!(
            "{} from {} to {}",
            catalog.goods[k.good].name,
            name(k.exporter),
            name(k.importer)
        );
        let mine = k.importer == me && k.authority != me;
        let by = name(k.authority);
        for (amount, verb, bad) in [
            (s.approved, "approved", false),
            (s.denied, "denied", mine),
            (s.expired, "let expire", mine),
        ] {
            if amount > 0.0 {
                last_month.push(Decision {
                    text: format!("{by} {verb} {} {unit}/month of {what}", quantity(amount)),
                    bad,
                });
            }
        }
    }
    last_month.reverse();
    LicenceView {
        deciding,
        supplies,
        last_month,
        last_month_date: (turn > 0).then(|| catalog.date_label(turn)),
    }
}

fn status_text(s: CaseStatus) -> (String, egui::Color32) {
    match s {
        CaseStatus::Pending { months } => (format!("in review, {months} mo"), palette::DIM),
        CaseStatus::Granted { months } => (format!("granted, {months} mo left"), palette::good()),
        CaseStatus::Denied { months } => (format!("denied, {months} mo"), palette::bad()),
    }
}

fn case_list(ui: &mut Ui, cases: &[Case], mut action: impl FnMut(&mut Ui, &Case)) {
    for c in cases {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&c.good_name).strong())
                .on_hover_text(format!(
                    "{} ships to {}; {} decides.",
                    c.exporter, c.importer_name, c.authority
                ));
            ui.label(format!("to {}", c.importer_name));
            ui.label(format!("{} {}/mo", quantity(c.volume), c.unit))
                .on_hover_text("The monthly volume applied for, or granted.");
        });
        ui.horizontal_wrapped(|ui| {
            let (text, colour) = status_text(c.status);
            ui.colored_label(colour, text);
            action(ui, c);
        });
        ui.add_space(3.0);
    }
}

/// The licence panel: the cases the player decides, with a way to wave them through or stop
/// them, and the player's supplies under others' licences, with a way to hedge them.
pub fn licence_panel(ui: &mut Ui, v: &LicenceView) -> Vec<Intent> {
    let mut out = Vec::new();
    let heading = |ui: &mut Ui, text: &str, tip: &str| {
        ui.label(RichText::new(text).small().color(palette::DIM))
            .on_hover_text(tip);
    };
    heading(
        ui,
        "YOUR DECISIONS",
        "Exports your licensing rules cover. Each application waits for review; approved ones get a permit for some months, after which the exporter must apply again.",
    );
    if v.deciding.is_empty() {
        ui.label(RichText::new("none: your exports need no licence").color(palette::DIM));
    }
    case_list(ui, &v.deciding, |ui, c| {
        if ui
            .small_button("wave through")
            .on_hover_text(format!(
                "Give {} a general licence for {} for {GENERAL_LICENCE_MONTHS} months: no case-by-case review. Eases tension; your leverage goes with it.",
                c.importer_name, c.good_name
            ))
            .clicked()
        {
            out.push(Intent::Order(Order::SetExportRegime(ExportRule {
                goods: GoodSel::Only(vec![c.good]),
                to: NationSel::Only(vec![c.importer]),
                regime: Regime::GeneralLicence {
                    months: GENERAL_LICENCE_MONTHS,
                },
                expires: None,
            })));
        }
        if ui
            .small_button("stop")
            .on_hover_text(format!(
                "Ban exports of {} to {}. Your exporters lose the sales and tension rises.",
                c.good_name, c.importer_name
            ))
            .clicked()
        {
            out.push(Intent::Order(Order::SetExportRegime(ExportRule {
                goods: GoodSel::Only(vec![c.good]),
                to: NationSel::Only(vec![c.importer]),
                regime: Regime::Ban,
                expires: None,
            })));
        }
    });
    ui.separator();
    heading(
        ui,
        "YOUR SUPPLIES UNDER OTHERS' LICENCES",
        "Imports that wait on another government's licence. A denial or an expiry cuts what arrives; a reserve or a deal at a summit are the ways to hedge.",
    );
    if v.supplies.is_empty() {
        ui.label(RichText::new("none: nothing you import needs a licence").color(palette::DIM));
    }
    case_list(ui, &v.supplies, |ui, c| {
        if ui
            .small_button("hedge")
            .on_hover_text(format!(
                "Build a strategic reserve of {} covering {HEDGE_RESERVE_MONTHS:.0} months of use, paid from the treasury.",
                c.good_name
            ))
            .clicked()
        {
            out.push(Intent::Order(Order::SetReserveTarget {
                good: c.good,
                months: Some(HEDGE_RESERVE_MONTHS),
            }));
        }
    });
    ui.separator();
    heading(
        ui,
        "LAST MONTH",
        "Decisions on routes you are part of: approvals, denials and permits that ran out.",
    );
    match &v.last_month_date {
        None => {
            ui.label(RichText::new("no month played yet").color(palette::DIM));
        }
        Some(date) if v.last_month.is_empty() => {
            ui.label(RichText::new(format!("{date}: no decisions")).color(palette::DIM));
        }
        Some(date) => {
            ui.label(RichText::new(date).small().color(palette::DIM));
            for d in &v.last_month {
                let colour = if d.bad { palette::bad() } else { palette::TEXT };
                ui.colored_label(colour, &d.text);
            }
        }
    }
    out
}

/// The market panel's data: one good's price in every region over the months played.
#[derive(Debug, Clone, PartialEq)]
pub struct MarketView {
    pub good: usize,
    pub goods: Vec<String>,
    pub unit: String,
    /// The player's nation (its line is drawn thicker).
    pub me: NationIdx,
    /// Each region's name and its price by turn ($ per unit).
    pub series: Vec<(String, Vec<[f64; 2]>)>,
    /// The latest price in each region and its change over the last twelve months (a share).
    pub latest: Vec<(String, f64, Option<f64>)>,
}

pub fn markets(sim: &Sim, me: NationIdx, good: usize) -> MarketView {
    let catalog = sim.catalog();
    let good = good.min(catalog.goods.len().saturating_sub(1));
    let mut series: Vec<(String, Vec<[f64; 2]>)> = catalog
        .nations
        .iter()
        .map(|n| (n.name.clone(), Vec::new()))
        .collect();
    for r in sim.report().prices.iter().filter(|r| r.good == good) {
        if let Some(s) = series.get_mut(r.region) {
            s.1.push([r.turn as f64, r.price]);
        }
    }
    let latest = series
        .iter()
        .filter_map(|(name, pts)| {
            let last = pts.last()?;
            let year_ago = pts.iter().rev().find(|p| p[0] <= last[0] - 12.0);
            let change = year_ago
                .filter(|p| p[1] > 0.0)
                .map(|p| last[1] / p[1] - 1.0);
            Some((name.clone(), last[1], change))
        })
        .collect();
    MarketView {
        good,
        goods: catalog.goods.iter().map(|g| g.name.clone()).collect(),
        unit: catalog.goods[good].unit.clone(),
        me,
        series,
        latest,
    }
}

/// The key to a chart's lines: each name in its line's colour.
pub fn series_key<'a>(ui: &mut Ui, names: impl Iterator<Item = &'a str>) {
    ui.horizontal_wrapped(|ui| {
        for (k, name) in names.enumerate() {
            // Swatch and name wrap together.
            ui.horizontal(|ui| {
                ui.spacing_mut().item_spacing.x = 3.0;
                let (r, _) = ui.allocate_exact_size(egui::vec2(14.0, 4.0), egui::Sense::hover());
                ui.painter().rect_filled(r, 1.0, palette::series(k));
                ui.label(RichText::new(name).small());
            });
        }
    });
}

/// The market panel: pick a good, see its price in every region.
pub fn market_panel(ui: &mut Ui, v: &MarketView) -> Vec<Intent> {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        ui.label(RichText::new("GOOD").small().color(palette::DIM));
        egui::ComboBox::from_id_salt("market_good")
            .selected_text(&v.goods[v.good])
            .show_ui(ui, |ui| {
                for (g, name) in v.goods.iter().enumerate() {
                    if ui.selectable_label(g == v.good, name).clicked() && g != v.good {
                        out.push(Intent::MarketGood(g));
                    }
                }
            });
    });
    if v.latest.is_empty() {
        ui.label(
            RichText::new("Prices appear once the first month is played.").color(palette::DIM),
        );
        return out;
    }
    ui.label(
        RichText::new(format!("price, $ per {}, by month played", v.unit))
            .small()
            .color(palette::DIM),
    )
    .on_hover_text(
        "Each region's price clears its market every month: it rises when buyers want more than sellers can ship, and falls when stocks pile up. Licences, bans and tariffs split one world price into several.",
    );
    let last = v
        .series
        .iter()
        .filter_map(|s| s.1.last())
        .map(|p| p[0])
        .fold(1.0, f64::max);
    Plot::new("prices")
        .height(220.0)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .include_x(1.0)
        .include_x(last.max(12.0))
        .y_axis_formatter(|m, _| money_per_unit(m.value))
        .show(ui, |plot| {
            for (k, (name, pts)) in v.series.iter().enumerate() {
                plot.line(
                    Line::new(name.as_str(), PlotPoints::from(pts.clone()))
                        .color(palette::series(k))
                        .width(if k == v.me { 3.0 } else { 1.5 }),
                );
                // The latest price as a dot (a single month draws no line).
                if let Some(p) = pts.last() {
                    plot.points(
                        Points::new(name.as_str(), vec![*p])
                            .color(palette::series(k))
                            .radius(3.5),
                    );
                }
            }
        });
    series_key(ui, v.series.iter().map(|s| s.0.as_str()));
    egui::Grid::new("latest")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            ui.label(RichText::new("region").small().color(palette::DIM));
            ui.label(RichText::new("now").small().color(palette::DIM));
            ui.label(RichText::new("12 months").small().color(palette::DIM))
                .on_hover_text("Change in price over the last twelve months.");
            ui.end_row();
            for (name, price, change) in &v.latest {
                ui.label(name);
                ui.label(money_per_unit(*price));
                match change {
                    Some(c) => {
                        let colour = if *c > 0.05 {
                            palette::bad()
                        } else if *c < -0.05 {
                            palette::good()
                        } else {
                            palette::TEXT
                        };
                        ui.colored_label(colour, format!("{:+.0}%", c * 100.0));
                    }
                    None => {
                        ui.label(RichText::new("–").color(palette::DIM));
                    }
                }
                ui.end_row();
            }
        });
    out
}

fn money_per_unit(p: f64) -> String {
    if p >= 1_000_000.0 {
        format!("${:.2} M", p / 1_000_000.0)
    } else if p >= 1000.0 {
        format!("${:.1}k", p / 1000.0)
    } else {
        format!("${p:.0}")
    }
}

/// An agreement in force or past.
#[derive(Debug, Clone, PartialEq)]
pub struct DealLine {
    pub name: String,
    pub parties: String,
    pub terms: Vec<String>,
    pub from: String,
    pub until: String,
    pub status: String,
    pub ok: bool,
    pub mine: bool,
}

/// A summit held, with its outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct SummitLine {
    pub date: String,
    pub name: String,
    pub outcome: String,
    pub mine: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DealsView {
    pub agreements: Vec<DealLine>,
    pub summits: Vec<SummitLine>,
}

pub fn deals(sim: &Sim, me: NationIdx) -> DealsView {
    let world = sim.world();
    let mut q = crate::sim::read::<&Agreement>(world);
    let mut list: Vec<Agreement> = q.iter(world).cloned().collect();
    list.sort_by_key(|a| std::cmp::Reverse(a.seq));
    let catalog = sim.catalog();
    let name = |n: NationIdx| catalog.nations[n].name.clone();
    let agreements = list
        .iter()
        .map(|a| {
            let (status, ok) = match &a.status {
                AgreementStatus::Active => ("in force".to_string(), true),
                AgreementStatus::Expired => ("expired".to_string(), true),
                AgreementStatus::Breached { by, turn } => (
                    format!("breached by {} in {}", name(*by), catalog.date_label(*turn)),
                    false,
                ),
                AgreementStatus::Superseded { turn } => {
                    (format!("replaced in {}", catalog.date_label(*turn)), true)
                }
            };
            DealLine {
                name: a.name.clone(),
                parties: a
                    .parties
                    .iter()
                    .map(|&p| name(p))
                    .collect::<Vec<_>>()
                    .join(", "),
                terms: a
                    .terms
                    .iter()
                    .map(|(n, o)| {
                        format!("{}: {}", name(*n), crate::sim::orders::describe(o, catalog))
                    })
                    .collect(),
                from: catalog.date_label(a.start),
                until: catalog.date_label(a.expires),
                status,
                ok,
                mine: a.parties.contains(&me),
            }
        })
        .collect();
    let summits = sim
        .report()
        .summits
        .iter()
        .rev()
        .map(|s| SummitLine {
            date: catalog.date_label(s.turn),
            name: s.name.clone(),
            outcome: s.outcome.clone(),
            mine: s.parties.iter().any(|p| p == &catalog.nations[me].id),
        })
        .collect();
    DealsView {
        agreements,
        summits,
    }
}

/// The agreements panel: what was signed, its terms and whether it holds; the summits held.
pub fn deals_panel(ui: &mut Ui, v: &DealsView) {
    ui.label(RichText::new("AGREEMENTS").small().color(palette::DIM)).on_hover_text(
        "Deals reached at summits. Each party's terms are checked every month; a party that falls short breaches the deal and loses the others' trust.",
    );
    if v.agreements.is_empty() {
        ui.label(RichText::new("none signed yet").color(palette::DIM));
    }
    for a in &v.agreements {
        let title = RichText::new(&a.name).strong().color(if a.mine {
            palette::you()
        } else {
            palette::TEXT
        });
        egui::CollapsingHeader::new(title)
            .id_salt(("deal", &a.name, &a.from))
            .default_open(a.mine && a.status == "in force")
            .show(ui, |ui| {
                ui.label(format!("{} · {} to {}", a.parties, a.from, a.until));
                let colour = if a.ok {
                    palette::good()
                } else {
                    palette::bad()
                };
                ui.colored_label(colour, &a.status);
                for t in &a.terms {
                    ui.label(RichText::new(format!("- {t}")).small());
                }
            });
    }
    ui.separator();
    ui.label(RichText::new("SUMMITS HELD").small().color(palette::DIM));
    if v.summits.is_empty() {
        ui.label(RichText::new("none yet").color(palette::DIM));
    }
    for s in &v.summits {
        let colour = if s.mine { palette::TEXT } else { palette::DIM };
        ui.colored_label(colour, format!("{}  {}: {}", s.date, s.name, s.outcome));
    }
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;
    use crate::ai::Difficulty;
    use crate::scenario::default_scenario;
    use crate::ui::game::Game;

    fn case(good: usize, name: &str, importer: NationIdx, status: CaseStatus) -> Case {
        Case {
            good,
            good_name: name.into(),
            unit: "t".into(),
            authority: "China".into(),
            exporter: "China".into(),
            importer,
            importer_name: if importer == 0 {
                "United States"
            } else {
                "Japan"
            }
            .into(),
            volume: 420.0,
            status,
        }
    }

    fn view() -> LicenceView {
        LicenceView {
            deciding: vec![case(2, "NdPr oxide", 3, CaseStatus::Pending { months: 2 })],
            supplies: vec![case(4, "Magnets", 0, CaseStatus::Denied { months: 5 })],
            last_month: vec![Decision {
                text: "China denied 120 t/month of Magnets from China to United States".into(),
                bad: true,
            }],
            last_month_date: Some("2025-12".into()),
        }
    }

    fn harness(v: LicenceView) -> Harness<'static, Vec<Intent>> {
        Harness::new_ui_state(
            move |ui, out: &mut Vec<Intent>| out.extend(licence_panel(ui, &v)),
            Vec::new(),
        )
    }

    #[test]
    fn the_licence_panel_shows_the_cases_and_last_months_decisions() {
        let mut h = harness(view());
        h.run();
        h.get_by_label("NdPr oxide");
        h.get_by_label("to Japan");
        assert_eq!(h.query_all_by_label("420 t/mo").count(), 2);
        h.get_by_label("in review, 2 mo");
        h.get_by_label("denied, 5 mo");
        h.get_by_label("2025-12");
        h.get_by_label("China denied 120 t/month of Magnets from China to United States");
    }

    #[test]
    fn waving_a_case_through_grants_a_general_licence_to_that_importer() {
        let mut h = harness(view());
        h.run();
        h.get_by_label("wave through").click();
        h.run();
        assert_eq!(
            h.state(),
            &vec![Intent::Order(Order::SetExportRegime(ExportRule {
                goods: GoodSel::Only(vec![2]),
                to: NationSel::Only(vec![3]),
                regime: Regime::GeneralLicence {
                    months: GENERAL_LICENCE_MONTHS
                },
                expires: None,
            }))]
        );
    }

    #[test]
    fn stopping_a_case_bans_it_and_hedging_a_supply_builds_a_reserve() {
        let mut h = harness(view());
        h.run();
        h.get_by_label("stop").click();
        h.run();
        h.get_by_label("hedge").click();
        h.run();
        assert_eq!(
            h.state(),
            &vec![
                Intent::Order(Order::SetExportRegime(ExportRule {
                    goods: GoodSel::Only(vec![2]),
                    to: NationSel::Only(vec![3]),
                    regime: Regime::Ban,
                    expires: None,
                })),
                Intent::Order(Order::SetReserveTarget {
                    good: 4,
                    months: Some(HEDGE_RESERVE_MONTHS)
                })
            ]
        );
    }

    #[test]
    fn an_empty_licence_panel_says_so() {
        let mut h = harness(LicenceView {
            deciding: vec![],
            supplies: vec![],
            last_month: vec![],
            last_month_date: None,
        });
        h.run();
        h.get_by_label("none: your exports need no licence");
        h.get_by_label("no month played yet");
    }

    /// From the real game: China licenses rare-earth exports from the start, so the US
    /// sees its supplies in review, and China sees the cases it decides.
    #[test]
    fn the_licence_view_reads_the_licensing_pipeline() {
        let s = default_scenario().unwrap();
        let us = s.nations.iter().position(|n| n.id == "US").unwrap();
        let cn = s.nations.iter().position(|n| n.id == "CN").unwrap();
        let mut g = Game::new(s, &[us], 2, Difficulty::Passive, None).unwrap();
        for _ in 0..4 {
            g.session.sim_mut().step();
        }
        let mine = licences(g.sim(), us);
        assert!(!mine.supplies.is_empty());
        assert!(mine.supplies.iter().all(|c| c.importer == us));
        assert!(mine.supplies.iter().any(|c| c.authority == "China"));
        assert_eq!(mine.last_month_date.as_deref(), Some("2026-01"));
        let theirs = licences(g.sim(), cn);
        assert!(!theirs.deciding.is_empty());
        assert!(theirs.deciding.iter().all(|c| c.authority == "China"));
        // Every case is counted once, on one side.
        let lic = g.sim().world().resource::<Licences>();
        let open = lic.applications.len() + lic.permits.iter().filter(|p| p.expires > 4).count();
        assert!(theirs.deciding.len() + theirs.supplies.len() <= open);
    }

    #[test]
    fn the_market_view_charts_every_month_played() {
        let s = default_scenario().unwrap();
        let jp = s.nations.iter().position(|n| n.id == "JP").unwrap();
        let mut g = Game::new(s, &[jp], 2, Difficulty::Passive, None).unwrap();
        let magnet = g.sim().catalog().good_index("magnet").unwrap();
        assert!(markets(g.sim(), jp, magnet).latest.is_empty());
        for _ in 0..14 {
            g.session.sim_mut().step();
        }
        let v = markets(g.sim(), jp, magnet);
        assert_eq!(v.good, magnet);
        assert_eq!(v.series.len(), g.sim().catalog().nations.len());
        assert!(v.series.iter().all(|(_, pts)| pts.len() == 14));
        assert!(v.latest.iter().all(|(_, p, c)| *p > 0.0 && c.is_some()));
        // An unknown good falls back to the last one rather than failing.
        assert_eq!(
            markets(g.sim(), jp, 999).good,
            g.sim().catalog().goods.len() - 1
        );
    }
}
