//! The policy tab: every lever toward the partner, quotas, reserves, firm rules and plants
//! to fund, each change an order queued for the end of the month.

use egui::{self, RichText, Ui};

use super::format::*;
use super::intent::*;
use super::theme::*;
use super::view::{ExportStance, PolicyView};
use crate::scenario::schema::ProjectOwner;
use crate::sim::catalog::{GoodSel, NationSel, Regime};
use crate::sim::orders::{
    ExportRule, ExtraterritorialRule, Investment, Order, TariffRule, TechBan,
};

/// Terms of the licensing regime the policy panel sets: half of the volume approved at a
/// neutral partner, a two-month review, six-month permits.
pub const PLAYER_LICENSING: Regime = Regime::Licensing {
    approval: 0.5,
    review_months: 2,
    validity_months: 6,
};

pub(super) const TARIFFS: [f64; 5] = [0.0, 0.1, 0.25, 0.5, 1.0];
pub(super) const RESERVE_MONTHS: [Option<f64>; 5] =
    [None, Some(1.0), Some(2.0), Some(3.0), Some(6.0)];
pub(super) const COVER_MONTHS: [f64; 6] = [1.0, 2.0, 3.0, 4.0, 6.0, 9.0];

/// Shares of the current level a quota can be set to.
pub(super) const QUOTA_SHARES: [Option<f64>; 4] = [None, Some(0.9), Some(0.75), Some(0.5)];
/// Share of the content by value that brings foreign-made goods under the player's rules.
pub const PLAYER_EXTRATERRITORIAL_THRESHOLD: f64 = 0.25;

pub(super) fn quota_label(share: Option<f64>) -> String {
    share.map_or("none".to_string(), |s| format!("{:.0}%", s * 100.0))
}

/// A quota as a share of the current level; returns the new share when the player picks one.
pub(super) fn quota_combo(ui: &mut Ui, id: egui::Id, current: Option<f64>) -> Option<Option<f64>> {
    let mut pick = QUOTA_SHARES
        .into_iter()
        .find(|s| match (s, current) {
            (None, None) => true,
            (Some(a), Some(b)) => (a - b).abs() < 0.005,
            _ => false,
        })
        .unwrap_or(current);
    let before = pick;
    egui::ComboBox::from_id_salt(id)
        .selected_text(quota_label(pick))
        .width(76.0)
        .show_ui(ui, |ui| {
            for s in QUOTA_SHARES {
                ui.selectable_value(&mut pick, s, quota_label(s));
            }
        });
    (pick != before).then_some(pick)
}

/// The rest of the levers: technology bans and rules on foreign-made goods toward the partner,
/// production and export quotas, and reserve release.
pub(super) fn more_levers(ui: &mut Ui, v: &PolicyView, partner: &str, out: &mut Vec<Intent>) {
    ui.label(
        RichText::new(format!(
            "TECHNOLOGY AND FOREIGN-MADE GOODS, TOWARD {}",
            partner.to_uppercase()
        ))
        .small()
        .color(palette::DIM),
    );
    ui.label(RichText::new("Ban sharing the technology of:").small()).on_hover_text(format!(
        "{partner} may not build or run plants with your know-how in these processes: projects that need it take longer and cost more. It raises tension, and your firms lose licence income."
    ));
    ui.horizontal_wrapped(|ui| {
        for p in &v.processes {
            let mut on = p.tech_banned;
            if ui
                .checkbox(&mut on, super::overlay::process_name(p.process))
                .changed()
            {
                let processes = v
                    .processes
                    .iter()
                    .filter(|q| {
                        if q.process == p.process {
                            on
                        } else {
                            q.tech_banned
                        }
                    })
                    .map(|q| q.process)
                    .collect();
                out.push(Intent::Order(Order::SetTechBan(TechBan {
                    processes,
                    to: NationSel::Only(vec![v.partner]),
                })));
            }
        }
    });
    ui.horizontal(|ui| {
        ui.label(RichText::new("Goods made abroad with your inputs").small()).on_hover_text(format!(
            "Goods other nations make with {:.0}% or more of your material or technology by value, shipped to {partner}, fall under this rule, as if you exported them. It reaches far and angers third countries as well as {partner}.",
            PLAYER_EXTRATERRITORIAL_THRESHOLD * 100.0
        ));
        let mut stance = v.extraterritorial;
        egui::ComboBox::from_id_salt("extraterritorial")
            .selected_text(stance_label(stance))
            .width(100.0)
            .show_ui(ui, |ui| {
                for s in [ExportStance::Open, ExportStance::Licensing, ExportStance::Ban] {
                    ui.selectable_value(&mut stance, s, stance_label(s));
                }
            });
        if stance != v.extraterritorial {
            out.push(Intent::Order(Order::SetExtraterritorial(ExtraterritorialRule {
                goods: GoodSel::All,
                threshold: PLAYER_EXTRATERRITORIAL_THRESHOLD,
                to: NationSel::Only(vec![v.partner]),
                regime: match stance {
                    ExportStance::Licensing => PLAYER_LICENSING,
                    ExportStance::Ban => Regime::Ban,
                    _ => Regime::Open,
                },
            })));
        }
    });
    ui.separator();
    ui.label(RichText::new("QUOTAS").small().color(palette::DIM)).on_hover_text(
        "A production quota caps how much your plants of a kind may run; an export quota caps a good's exports to everyone. Both raise prices abroad (and your leverage) and cost your firms sales.",
    );
    let running: Vec<&super::view::ProcessPolicy> =
        v.processes.iter().filter(|p| p.capacity > 0.0).collect();
    let exporting: Vec<&super::view::GoodPolicy> =
        v.goods.iter().filter(|g| g.exported_year > 0.0).collect();
    if running.is_empty() && exporting.is_empty() {
        ui.label(
            RichText::new("nothing to cap: you run no plants and export nothing yet")
                .color(palette::DIM),
        );
    }
    let name_width = (ui.available_width() - 76.0 - 10.0 - 24.0).clamp(90.0, 220.0);
    egui::Grid::new("quotas")
        .num_columns(2)
        .spacing(egui::vec2(10.0, 4.0))
        .show(ui, |ui| {
            for p in running {
                let current = p.quota.map(|q| q / p.capacity);
                let name = format!("run {}", super::overlay::process_name(p.process));
                name_cell(ui, &name, name_width).on_hover_text(format!(
                    "{name}: {:.0} runs a year at full capacity; the quota is a share of that.",
                    p.capacity
                ));
                if let Some(pick) =
                    quota_combo(ui, egui::Id::new(("pquota", p.process as usize)), current)
                {
                    out.push(Intent::Order(Order::SetProductionQuota {
                        process: p.process,
                        limit: pick.map(|s| s * p.capacity),
                    }));
                }
                ui.end_row();
            }
            for g in exporting {
                let current = g.export_quota.map(|q| q / g.exported_year);
                let name = format!("export {}", g.name);
                name_cell(ui, &name, name_width).on_hover_text(format!(
                    "{}: {} exported over the last twelve months; the quota is a share of that.",
                    g.name,
                    quantity(g.exported_year)
                ));
                if let Some(pick) = quota_combo(ui, egui::Id::new(("equota", g.good)), current) {
                    out.push(Intent::Order(Order::SetExportQuota {
                        good: g.good,
                        limit: pick.map(|s| s * g.exported_year),
                    }));
                }
                ui.end_row();
            }
        });
    let mut release = v.reserve_release;
    if ui
        .checkbox(&mut release, "Release the strategic reserve in shortages")
        .on_hover_text("When on, the reserve is sold to your firms when they run short, which softens a shortage but leaves less for the next one.")
        .changed()
    {
        out.push(Intent::Order(Order::SetReserveRelease(release)));
    }
    ui.separator();
    firm_rules(ui, v, out);
}

/// The rules for state-owned and private firms.
fn firm_rules(ui: &mut Ui, v: &PolicyView, out: &mut Vec<Intent>) {
    ui.label(RichText::new("YOUR FIRMS").small().color(palette::DIM)).on_hover_text(
        "Rules that favour state-owned firms over private ones: they tighten the state's hold on a chain (as China's do) at the cost of private output and investment.",
    );
    let mut f = v.firms.clone();
    ui.checkbox(
        &mut f.exports_state_only,
        "Only state-owned firms may export",
    )
    .on_hover_text("Exports are limited to the state-owned firms' share of output.");
    ui.checkbox(
        &mut f.expansion_state_only,
        "Only state-owned firms may build or expand",
    )
    .on_hover_text("Private firms cannot start plants: fewer projects, more control.");
    ui.checkbox(
        &mut f.private_review_stricter,
        "Stricter licence review for private firms",
    )
    .on_hover_text("Private exporters' licence applications are approved less often.");
    ui.horizontal(|ui| {
        ui.label("Share of quotas kept for state firms").on_hover_text(
            "Under a production quota, this share goes to state-owned firms first; none shares quotas by capacity.",
        );
        egui::ComboBox::from_id_salt("state-share")
            .selected_text(quota_label(f.quota_state_share))
            .width(70.0)
            .show_ui(ui, |ui| {
                for s in [None, Some(0.5), Some(0.75), Some(0.9)] {
                    ui.selectable_value(&mut f.quota_state_share, s, quota_label(s));
                }
            });
    });
    if f != v.firms {
        out.push(Intent::Order(Order::SetFirmRules(f)));
    }
}

pub(super) fn stance_label(s: ExportStance) -> &'static str {
    match s {
        ExportStance::Open => "open",
        ExportStance::Licensing => "licensing",
        ExportStance::GeneralLicence => "general licence",
        ExportStance::Ban => "banned",
    }
}

pub(super) fn months_label(m: Option<f64>) -> String {
    m.map_or("none".to_string(), |m| format!("{m:.0} mo"))
}

/// The policy panel: every lever the player holds, what each costs, and the orders queued for
/// the end of the month.
pub fn policies(ui: &mut Ui, v: &PolicyView) -> Vec<Intent> {
    let mut out = Vec::new();
    let partner_name = v
        .partners
        .iter()
        .find(|(i, _)| *i == v.partner)
        .map_or("", |(_, n)| n.as_str());
    ui.label(
        RichText::new("QUEUED FOR THE END OF THE MONTH")
            .small()
            .color(palette::DIM),
    );
    queued(ui, v, &mut out);
    ui.separator();
    ui.horizontal(|ui| {
        ui.label(RichText::new("TOWARD").small().color(palette::DIM));
        egui::ComboBox::from_id_salt("partner")
            .selected_text(partner_name)
            .show_ui(ui, |ui| {
                for (i, name) in &v.partners {
                    if ui.selectable_label(*i == v.partner, name).clicked() {
                        out.push(Intent::Partner(*i));
                    }
                }
            });
    });
    // Names are cut to leave the lever columns room (the scroll bar included).
    let toward_name = (ui.available_width() - 100.0 - 60.0 - 2.0 * 10.0 - 24.0).clamp(90.0, 200.0);
    let reserve_name = (ui.available_width() - 76.0 - 10.0 - 24.0).clamp(90.0, 220.0);
    egui::Grid::new("toward")
        .striped(true)
        .num_columns(3)
        .spacing(egui::vec2(10.0, 4.0))
        .show(ui, |ui| {
            ui.label(RichText::new("good").small().color(palette::DIM));
            ui.label(RichText::new("your exports").small().color(palette::DIM)).on_hover_text(
                "Licensing makes each export wait for review (2 months) and approves about half at a neutral partner; permits last 6 months. Banning stops it. Either raises tension with the partner and costs your exporters sales.",
            );
            ui.label(RichText::new("tariff").small().color(palette::DIM)).on_hover_text(
                "A tariff brings in revenue and makes the partner's goods dearer at home; it raises tension with them.",
            );
            ui.end_row();
            for g in &v.goods {
                name_cell(ui, &g.name, toward_name).on_hover_text(&g.name);
                let mut stance = g.exports;
                egui::ComboBox::from_id_salt(("exports", g.good))
                    .selected_text(stance_label(stance))
                    .width(100.0)
                    .show_ui(ui, |ui| {
                        for s in [ExportStance::Open, ExportStance::Licensing, ExportStance::Ban] {
                            ui.selectable_value(&mut stance, s, stance_label(s));
                        }
                    });
                if stance != g.exports {
                    let regime = match stance {
                        ExportStance::Licensing => PLAYER_LICENSING,
                        ExportStance::Ban => Regime::Ban,
                        _ => Regime::Open,
                    };
                    out.push(Intent::Order(Order::SetExportRegime(ExportRule {
                        goods: GoodSel::Only(vec![g.good]),
                        to: NationSel::Only(vec![v.partner]),
                        regime,
                        expires: None,
                    })));
                }
                let mut rate = g.tariff;
                egui::ComboBox::from_id_salt(("tariff", g.good))
                    .selected_text(format!("{:.0}%", rate * 100.0))
                    .width(60.0)
                    .show_ui(ui, |ui| {
                        for t in TARIFFS {
                            ui.selectable_value(&mut rate, t, format!("{:.0}%", t * 100.0));
                        }
                    });
                if rate != g.tariff {
                    out.push(Intent::Order(Order::SetTariff(TariffRule {
                        from: NationSel::Only(vec![v.partner]),
                        goods: GoodSel::Only(vec![g.good]),
                        rate,
                    })));
                }
                ui.end_row();
            }
        });
    ui.separator();
    ui.label(RichText::new("STRATEGIC RESERVES").small().color(palette::DIM)).on_hover_text(
        "The government buys until the reserve covers this many months of use, and releases it in a shortage. Purchases cost treasury and raise prices at home while they last.",
    );
    egui::Grid::new("reserves")
        .num_columns(2)
        .spacing(egui::vec2(10.0, 4.0))
        .show(ui, |ui| {
            for g in &v.goods {
                name_cell(ui, &g.name, reserve_name).on_hover_text(&g.name);
                let mut target = g.reserve_target;
                egui::ComboBox::from_id_salt(("reserve", g.good))
                    .selected_text(months_label(target))
                    .width(76.0)
                    .show_ui(ui, |ui| {
                        for m in RESERVE_MONTHS {
                            ui.selectable_value(&mut target, m, months_label(m));
                        }
                    });
                if target != g.reserve_target {
                    out.push(Intent::Order(Order::SetReserveTarget {
                        good: g.good,
                        months: target,
                    }));
                }
                ui.end_row();
            }
        });
    ui.horizontal(|ui| {
        ui.label("Firms hold stock for").on_hover_text(
            "Months of use firms keep in stock. More is a cushion against shortages, but buying it raises prices for a while.",
        );
        let mut cover = v.stock_cover;
        egui::ComboBox::from_id_salt("cover")
            .selected_text(format!("{cover:.0} months"))
            .width(90.0)
            .show_ui(ui, |ui| {
                for m in COVER_MONTHS {
                    ui.selectable_value(&mut cover, m, format!("{m:.0} months"));
                }
            });
        if cover != v.stock_cover {
            out.push(Intent::Order(Order::SetStockCover(cover)));
        }
    });
    ui.separator();
    more_levers(ui, v, partner_name, &mut out);
    ui.separator();
    plants(ui, v, &mut out);
    out
}

/// The orders queued for the end of the month, each with a button to take it back.
fn queued(ui: &mut Ui, v: &PolicyView, out: &mut Vec<Intent>) {
    if v.queued.is_empty() {
        ui.label(RichText::new("nothing yet: changes below are queued here").color(palette::DIM));
    }
    for (k, q) in v.queued.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            if ui
                .small_button("remove")
                .on_hover_text("Take this order back.")
                .clicked()
            {
                out.push(Intent::Unqueue(k));
            }
            ui.label(q);
        });
    }
}

/// Plants the nation can fund at home, with their cost to the treasury.
fn plants(ui: &mut Ui, v: &PolicyView, out: &mut Vec<Intent>) {
    ui.label(RichText::new("FUND A PLANT AT HOME").small().color(palette::DIM)).on_hover_text(
        "Private firms build the plant; the treasury pays half of its cost month by month. Projects can run late and over budget, and a new plant takes months to ramp up.",
    );
    for p in &v.plants {
        let public = p.cost * p.public_share;
        let text = format!(
            "{}: {} months, {} from the treasury",
            p.name,
            p.build_months,
            money(public)
        );
        let afford = public <= v.treasury;
        if ui
            .add_enabled(afford, egui::Button::new(text).wrap())
            .on_hover_text(format!(
                "{:.0} runs a year, like a typical plant of its kind; total cost about {}.",
                p.capacity,
                money(p.cost)
            ))
            .clicked()
        {
            out.push(Intent::Order(Order::Invest(Investment {
                recipe: p.recipe,
                host: None,
                capacity: p.capacity,
                owner: ProjectOwner::Private,
                subsidy: p.public_share,
            })));
        }
    }
}
