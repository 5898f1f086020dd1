//! Panels: functions that draw view data into a `Ui` and return the player's intents. They
//! never touch the sim, so tests drive them without a window.

use std::fmt::Write as _;

use egui::{self, Align, Color32, CornerRadius, FontId, Layout, RichText, Sense, Stroke, Ui};

pub use super::format::*;
pub use super::intent::*;
pub use super::policy_tab::*;
pub use super::summit_screen::*;
pub use super::theme::*;

use super::map;
use super::overlay;
use super::view::{Dashboard, NewsLine, TopBar};
use crate::sim::catalog::NationIdx;

/// The top bar: where the game stands for the player, and End turn.
pub fn top_bar(ui: &mut Ui, v: &TopBar, summit_waiting: bool) -> Option<Intent> {
    let mut intent = None;
    ui.horizontal_centered(|ui| {
        ui.add_space(6.0);
        ui.label(RichText::new(&v.nation).heading().strong().color(palette::you()));
        ui.separator();
        stat(
            ui,
            "DATE",
            RichText::new(format!("{}  ·  turn {} of {}", v.date, v.turn.min(v.last_turn), v.last_turn)),
            "One turn is one month. Orders you give now take effect when you end the turn.",
        );
        stat(
            ui,
            "PHASE",
            RichText::new(if v.over {
                "game over"
            } else if summit_waiting {
                "summit"
            } else {
                "orders"
            }),
            "Orders: set your levers, then end the turn. Summit: leaders are meeting and wait for your move. The month resolves when you end the turn.",
        );
        ui.separator();
        let spent = v.treasury - v.treasury_start;
        stat(
            ui,
            "TREASURY",
            RichText::new(money(v.treasury)).color(if spent < 0.0 {
                palette::TEXT
            } else {
                palette::good()
            }),
            &format!(
                "Money for your levers: investment, subsidies, reserve purchases. You started with {}; tariffs bring some in.",
                money(v.treasury_start)
            ),
        );
        stat(
            ui,
            "APPROVAL",
            RichText::new(format!("{:.0}%", v.approval * 100.0)).color(if v.approval < 0.3 {
                palette::bad()
            } else {
                palette::TEXT
            }),
            "Public approval of your government. Shortages, price spikes and lost output lower it; it drifts back when things calm down.",
        );
        stat(
            ui,
            "SCORE",
            RichText::new(match v.score {
                Some(s) => format!("{s:.1}  (mean {:.1}, #{} of {})", v.mean_score, v.rank, v.nations),
                None => "— (after the first month)".to_string(),
            }),
            "Last month's score against your objectives (0–100); the mean over the game so far decides the ranking.",
        );
        if let Some(t) = &v.time_left {
            ui.separator();
            stat(
                ui,
                "TIME LEFT",
                RichText::new(t).strong().color(palette::you()),
                "The facilitator's time limit: when it runs out your turn ends (at a summit, the package on your screen is proposed).",
            );
        }
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            ui.add_space(6.0);
            let label = if v.over {
                "Game over"
            } else if summit_waiting {
                "Summit: your move"
            } else if v.hand_over {
                "End turn, hand over"
            } else {
                "End turn"
            };
            let can = !v.over && !summit_waiting;
            let button = egui::Button::new(RichText::new(label).strong().size(16.0))
                .fill(if can {
                    Color32::from_rgb(48, 98, 60)
                } else {
                    palette::UNCLAIMED
                })
                .min_size(egui::vec2(150.0, 34.0));
            let r = ui.add_enabled(can, button).on_hover_text(if v.hand_over {
                "Your orders are sealed and the computer goes to the next team; the month resolves when every team has ended it (Enter)."
            } else {
                "Resolve this month: production, licences, trade, consumption, diplomacy and scores (Enter)."
            });
            if r.clicked() {
                intent = Some(Intent::EndTurn);
            }
            if ui
                .add(egui::Button::new("Menu").min_size(egui::vec2(64.0, 34.0)))
                .on_hover_text("Save, load, settings, end the game, quit (Esc).")
                .clicked()
            {
                intent = Some(Intent::Menu);
            }
        });
    });
    intent
}

/// The nation dashboard: stocks, cover, shortages, projects.
pub fn dashboard(ui: &mut Ui, name: &str, d: &Dashboard) {
    ui.heading(name);
    ui.horizontal(|ui| {
        ui.label(format!("GDP index {:.1}", d.gdp_index))
            .on_hover_text(
                "GDP against the start of the game (100). Shortages of inputs cost output and GDP.",
            );
        ui.separator();
        let s = RichText::new(format!("shortage {:.1}%", d.shortage * 100.0));
        ui.label(if d.shortage > 0.01 {
            s.color(palette::bad())
        } else {
            s
        })
        .on_hover_text(
            "Share of the planned output of end-use industries lost last month for want of inputs.",
        );
    });
    ui.add_space(4.0);
    // Long names are cut to leave the numbers room (the tooltip has them whole).
    let name_width = (ui.available_width() - 4.0 * 44.0 - 4.0 * 8.0).clamp(100.0, 200.0);
    egui::Grid::new("stocks")
        .striped(true)
        .num_columns(5)
        .spacing(egui::vec2(8.0, 3.0))
        .show(ui, |ui| {
            for (h, tip) in [
                ("good", "What is made, traded and used."),
                (
                    "stock",
                    "Commercial stock held by firms at the end of last month.",
                ),
                ("reserve", "The government's strategic reserve."),
                ("cover", "Months of use the commercial stock covers."),
                ("imports", "Net imports as a share of use (moving average)."),
            ] {
                ui.label(RichText::new(h).small().color(palette::DIM))
                    .on_hover_text(tip);
            }
            ui.end_row();
            for s in &d.stocks {
                name_cell(ui, &s.good, name_width).on_hover_text(format!(
                    "{}: produced {} {u}, imported {} {u}, exported {} {u} last month",
                    s.good,
                    quantity(s.produced),
                    quantity(s.imported),
                    quantity(s.exported),
                    u = s.unit
                ));
                ui.label(quantity(s.stock));
                ui.label(quantity(s.reserve));
                match s.cover_months {
                    Some(m) => {
                        let cover = RichText::new(format!("{m:.1} mo"));
                        ui.label(if m < 1.0 {
                            cover.color(palette::bad())
                        } else {
                            cover
                        });
                    }
                    None => {
                        ui.label(RichText::new("—").color(palette::DIM));
                    }
                }
                ui.label(
                    s.reliance
                        .map_or("—".to_string(), |r| format!("{:.0}%", r * 100.0)),
                );
                ui.end_row();
            }
        });
    ui.add_space(6.0);
    ui.label(RichText::new("CAPACITY").small().color(palette::DIM)).on_hover_text(
        "Plants in the nation by process: how many run, how much they can make a year at full use (a new plant counts as far as it has ramped up), and how many stand idle or are being built.",
    );
    if d.capacity.is_empty() {
        ui.label(RichText::new("no plants").color(palette::DIM));
    }
    for c in &d.capacity {
        let mut text = format!(
            "{}: {} running, {} runs a year",
            super::overlay::process_name(c.process),
            c.running,
            quantity(c.capacity)
        );
        if c.idle > 0 {
            let _ = write!(text, ", {} idle", c.idle);
        }
        if c.building > 0 {
            let _ = write!(text, ", {} being built", c.building);
        }
        ui.label(text);
    }
    ui.add_space(6.0);
    ui.label(RichText::new("PROJECTS").small().color(palette::DIM));
    if d.projects.is_empty() {
        ui.label(RichText::new("none under construction").color(palette::DIM));
    }
    for p in &d.projects {
        ui.label(format!("{}: {} months left", p.name, p.months_left))
            .on_hover_text(format!(
                "Cost {} ({} paid so far)",
                money(p.cost),
                money(p.paid)
            ));
    }
}

/// The news feed, newest first; headlines about the player's nation stand out.
pub fn news(ui: &mut Ui, lines: &[NewsLine]) {
    if lines.is_empty() {
        ui.label(RichText::new("Nothing yet: end the first turn.").color(palette::DIM));
    }
    for l in lines {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&l.date).small().color(palette::DIM));
            let t = RichText::new(&l.headline);
            ui.label(if l.mine { t.color(palette::you()) } else { t });
        });
        ui.add_space(2.0);
    }
}

/// The map's legend: stances, then the trade arrows.
pub fn legend(ui: &mut Ui, marks: &overlay::Overlay) -> Option<Intent> {
    let swatch = |ui: &mut Ui, c: Color32, label: &str, tip: &str| {
        let (r, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), Sense::hover());
        ui.painter().rect_filled(r, CornerRadius::same(2), c);
        ui.label(RichText::new(label).small()).on_hover_text(tip);
    };
    ui.horizontal(|ui| {
        swatch(ui, palette::you(), "you", "Your nation.");
        swatch(ui, palette::partner(), "partner", "Trust in them is high.");
        swatch(ui, palette::rival(), "rival", "Tension with them is high.");
        swatch(
            ui,
            palette::neutral(),
            "other",
            "Neither close nor hostile.",
        );
    });
    let mut picked = None;
    ui.horizontal(|ui| {
        ui.label(RichText::new("arrows: trade in").small()).on_hover_text(
            "Last month's trade in this good between the nations on the map (trade with the rest of the world is not drawn); the thicker the arrow, the more moved. Tags under a name are its plants: Mi mines, Re refineries, Al alloy, Mg magnets, Eq chip equipment, Ch chip fabs (hollow: being built).",
        );
        egui::ComboBox::from_id_salt("map-good")
            .selected_text(RichText::new(&marks.good).small())
            .show_ui(ui, |ui| {
                for (g, name) in marks.goods.iter().enumerate() {
                    if ui.selectable_label(g == marks.good_index, name).clicked()
                        && g != marks.good_index
                    {
                        picked = Some(Intent::MarketGood(g));
                    }
                }
            });
        for s in [
            overlay::RouteStatus::Open,
            overlay::RouteStatus::Licensed,
            overlay::RouteStatus::Denied,
        ] {
            let (label, tip) = match s {
                overlay::RouteStatus::Open => ("open", "No licence needed."),
                overlay::RouteStatus::Licensed => ("licensed", "Every shipment needs an export licence; none denied last month."),
                overlay::RouteStatus::Denied => ("denied", "Some of what was applied for was denied last month."),
            };
            swatch(ui, overlay::status_colour(s), label, tip);
        }
    });
    picked
}

/// Widths of the dashboard and of the side panel: a quarter of the window each, within what
/// their grids need.
pub fn side_widths(window: f32) -> (f32, f32) {
    (
        (window * 0.25).clamp(360.0, 440.0),
        (window * 0.25).clamp(340.0, 440.0),
    )
}

/// Paints the sea over the whole of `ui`, the world map inside it (nations filled by `fill`)
/// and each nation's name at its anchor, in type of `size`; returns the whole rectangle and
/// the map's.
pub fn sea_and_land(
    ui: &Ui,
    world: &map::WorldMap,
    names: &[String],
    fill: impl Fn(Option<NationIdx>) -> Color32,
    size: f32,
) -> (egui::Rect, egui::Rect) {
    let rect = ui.max_rect();
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, CornerRadius::ZERO, palette::SEA);
    let map_rect = rect.shrink(12.0);
    map::draw(
        &painter,
        world,
        map_rect,
        fill,
        Stroke::new(0.6, palette::BORDER),
    );
    for (n, anchor) in world.anchors.iter().enumerate() {
        if let (Some(a), Some(name)) = (anchor, names.get(n)) {
            painter.text(
                world.to_screen(map_rect, *a),
                egui::Align2::CENTER_CENTER,
                name,
                FontId::proportional(size),
                Color32::WHITE,
            );
        }
    }
    (rect, map_rect)
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use crate::negotiation::protocol::Move;
    use crate::scenario::schema::ProjectOwner;
    use crate::sim::catalog::NationSel;
    use crate::sim::orders::{Investment, Order, TechBan};
    use crate::ui::view::{ExportStance, SummitView};

    use super::*;
    use crate::scenario::schema::{FirmRules, Process};
    use crate::ui::view::{self, PolicyView};
    use crate::ui::view::{IssueView, StockLine, TranscriptLine};

    fn bar() -> TopBar {
        TopBar {
            nation: "United States".into(),
            date: "2025-11".into(),
            turn: 2,
            last_turn: 60,
            treasury: 50_100.0,
            treasury_start: 50_000.0,
            approval: 0.42,
            score: Some(68.9),
            mean_score: 68.8,
            rank: 1,
            nations: 6,
            over: false,
            hand_over: false,
            time_left: None,
        }
    }

    #[test]
    fn the_top_bar_shows_the_month_and_ends_the_turn() {
        let mut h = Harness::new_ui_state(
            |ui, out: &mut Vec<Intent>| out.extend(top_bar(ui, &bar(), false)),
            Vec::new(),
        );
        h.run();
        h.get_by_label_contains("2025-11  ·  turn 2 of 60");
        h.get_by_label("$50.1 bn");
        h.get_by_label("42%");
        h.get_by_label("End turn").click();
        h.run();
        assert_eq!(h.state(), &vec![Intent::EndTurn]);
    }

    #[test]
    fn a_waiting_summit_holds_the_turn() {
        let mut h = Harness::new_ui_state(
            |ui, out: &mut Vec<Intent>| out.extend(top_bar(ui, &bar(), true)),
            Vec::new(),
        );
        h.run();
        h.get_by_label("Summit: your move").click();
        h.run();
        assert!(h.state().is_empty());
    }

    fn talks(table: Option<Vec<usize>>) -> SummitView {
        let issues = vec![
            IssueView {
                name: "Rare-earth licensing".into(),
                options: vec!["Full review".into(), "General licences".into()],
                on_table: table.as_ref().map(|t| t[0]),
                worth: vec![0.0, 5.0],
            },
            IssueView {
                name: "Tariff".into(),
                options: vec!["57%".into(), "47%".into(), "30%".into()],
                on_table: table.as_ref().map(|t| t[1]),
                worth: vec![0.0, 0.1, 0.5],
            },
        ];
        SummitView {
            index: 0,
            id: "busan".into(),
            name: "Busan".into(),
            parties: vec!["United States".into(), "China".into()],
            me: 0,
            round: 2,
            rounds: 6,
            my_moves_left: 5,
            issues,
            table: table.clone(),
            table_by: table.as_ref().map(|_| "China".into()),
            // Package index = option of issue 0 × 3 + option of issue 1.
            worth: vec![0.0, 0.1, 0.5, 5.0, 5.1, 5.5],
            last_word: Some(TranscriptLine {
                round: 1,
                party: "China".into(),
                action: "propose".into(),
                package: None,
                reason: "our aim is +2.00; what matters most to us: Tariff".into(),
                by_ai: true,
            }),
            transcript: Vec::new(),
        }
    }

    #[test]
    fn the_summit_screen_shows_the_offer_and_its_worth_and_sends_the_package() {
        let v = talks(Some(vec![1, 0]));
        let mut h = Harness::new_ui_state(
            move |ui, (draft, out): &mut (Vec<usize>, Vec<Intent>)| {
                out.extend(summit(ui, &v, draft));
            },
            (vec![0, 0], Vec::new()),
        );
        h.run();
        // The agenda, what is on the table, the other side's word, the advisers' estimates.
        h.get_by_label("Rare-earth licensing");
        h.get_by_label_contains("our aim is +2.00");
        // General licences alone are worth 5.00, and so is the offer (general licences, 57%);
        // the draft (the status quo) is worth nothing yet.
        assert_eq!(h.query_all_by_label("+5.00 points").count(), 2);
        assert_eq!(h.query_all_by_label("+0.00 points").count(), 1);
        // Pick general licences and a 30% tariff, then propose.
        let radio = egui::accesskit::Role::RadioButton;
        h.get_by_role_and_label(radio, "General licences").click();
        h.run();
        h.get_by_role_and_label(radio, "30%").click();
        h.run();
        h.get_by_label("+5.50 points");
        h.get_by_label("Propose your package").click();
        h.run();
        assert_eq!(
            h.state().1,
            vec![Intent::Summit {
                summit: 0,
                action: Move::Propose(vec![1, 2])
            }]
        );
        h.state_mut().1.clear();
        h.get_by_label("Accept the offer").click();
        h.run();
        h.get_by_label("Walk away").click();
        h.run();
        assert_eq!(
            h.state().1,
            vec![
                Intent::Summit {
                    summit: 0,
                    action: Move::Accept
                },
                Intent::Summit {
                    summit: 0,
                    action: Move::WalkAway
                },
            ]
        );
    }

    #[test]
    fn with_nothing_on_the_table_there_is_nothing_to_accept() {
        let v = talks(None);
        let mut h = Harness::new_ui_state(
            move |ui, (draft, out): &mut (Vec<usize>, Vec<Intent>)| {
                out.extend(summit(ui, &v, draft));
            },
            (vec![0, 0], Vec::new()),
        );
        h.run();
        h.get_by_label("nothing is on the table yet");
        h.get_by_label("Accept the offer").click();
        h.run();
        assert!(h.state().1.is_empty());
    }

    fn levers() -> PolicyView {
        PolicyView {
            partner: 1,
            partners: vec![(1, "China".into()), (2, "European Union".into())],
            goods: vec![view::GoodPolicy {
                good: 4,
                name: "NdFeB magnets".into(),
                exports: ExportStance::Open,
                tariff: 0.25,
                reserve_target: None,
                exported_year: 2000.0,
                export_quota: Some(1500.0),
            }],
            stock_cover: 2.0,
            reserve_release: true,
            firms: FirmRules::default(),
            extraterritorial: ExportStance::Licensing,
            processes: vec![
                view::ProcessPolicy {
                    process: Process::Separation,
                    capacity: 0.0,
                    quota: None,
                    tech_banned: true,
                },
                view::ProcessPolicy {
                    process: Process::Magnet,
                    capacity: 800.0,
                    quota: Some(720.0),
                    tech_banned: false,
                },
            ],
            plants: vec![view::PlantOption {
                recipe: 2,
                name: "Magnet plant".into(),
                build_months: 30,
                capacity: 5000.0,
                cost: 400.0,
                public_share: 0.5,
            }],
            treasury: 50_000.0,
            queued: vec!["tariff on magnet from CN: 50%".into()],
        }
    }

    /// The rest of the levers: a technology ban adds to those in force toward the partner;
    /// quotas are shares of what is made and exported now; release is a switch.
    #[test]
    fn technology_bans_quotas_and_reserve_release_send_their_orders() {
        let click = |label: &str| {
            let v = levers();
            let mut h = Harness::new_ui_state(
                move |ui, out: &mut Vec<Intent>| out.extend(policies(ui, &v)),
                Vec::new(),
            );
            h.set_size(egui::vec2(420.0, 1400.0));
            h.run();
            h.get_by_label(label).click();
            h.run();
            h.state().clone()
        };
        assert_eq!(
            click("magnet plants"),
            vec![Intent::Order(Order::SetTechBan(TechBan {
                processes: vec![Process::Separation, Process::Magnet],
                to: NationSel::Only(vec![1]),
            }))]
        );
        assert_eq!(
            click("refineries (separation)"),
            vec![Intent::Order(Order::SetTechBan(TechBan {
                processes: vec![],
                to: NationSel::Only(vec![1]),
            }))]
        );
        assert_eq!(
            click("Release the strategic reserve in shortages"),
            vec![Intent::Order(Order::SetReserveRelease(false))]
        );
        assert_eq!(
            click("Only state-owned firms may export"),
            vec![Intent::Order(Order::SetFirmRules(FirmRules {
                exports_state_only: true,
                ..FirmRules::default()
            }))]
        );
        // Where each stands: the export quota at 75% of last year's exports, the magnet plants
        // (the only process running) held to 90%, foreign-made goods licensed.
        let v = levers();
        let mut h = Harness::new_ui_state(
            move |ui, out: &mut Vec<Intent>| out.extend(policies(ui, &v)),
            Vec::new(),
        );
        h.set_size(egui::vec2(420.0, 1400.0));
        h.run();
        h.get_by_value("75%");
        h.get_by_value("90%");
        h.get_by_value("licensing");
        h.get_by_label("run magnet plants");
        assert!(h.query_by_label("run refineries (separation)").is_none());
        h.get_by_label("export NdFeB magnets");
        // Halve the exports: half of last year's 2000 t.
        h.get_by_value("75%").click();
        h.run();
        h.get_by_label("50%").click();
        h.run();
        assert_eq!(
            h.state(),
            &vec![Intent::Order(Order::SetExportQuota {
                good: 4,
                limit: Some(1000.0)
            })]
        );
    }

    #[test]
    fn the_policy_panel_queues_orders_and_takes_them_back() {
        let v = levers();
        let mut h = Harness::new_ui_state(
            move |ui, out: &mut Vec<Intent>| out.extend(policies(ui, &v)),
            Vec::new(),
        );
        h.run();
        h.get_by_label("tariff on magnet from CN: 50%");
        // The lists show where each lever stands: exports open, a 25% tariff, no reserve.
        h.get_by_value("open");
        h.get_by_value("25%");
        h.get_by_value("China");
        h.get_by_label("remove").click();
        h.run();
        h.get_by_label("Magnet plant: 30 months, $200 M from the treasury")
            .click();
        h.run();
        // Open the reserve list (the first "none": the firms' quota share comes later) and
        // pick three months.
        h.query_all_by_value("none")
            .next()
            .expect("the reserve list")
            .click();
        h.run();
        h.get_by_label("3 mo").click();
        h.run();
        assert_eq!(
            h.state(),
            &vec![
                Intent::Unqueue(0),
                Intent::Order(Order::Invest(Investment {
                    recipe: 2,
                    host: None,
                    capacity: 5000.0,
                    owner: ProjectOwner::Private,
                    subsidy: 0.5,
                })),
                Intent::Order(Order::SetReserveTarget {
                    good: 4,
                    months: Some(3.0),
                }),
            ]
        );
    }

    #[test]
    fn a_plant_the_treasury_cannot_pay_for_cannot_be_funded() {
        let mut v = levers();
        v.treasury = 100.0;
        let mut h = Harness::new_ui_state(
            move |ui, out: &mut Vec<Intent>| out.extend(policies(ui, &v)),
            Vec::new(),
        );
        h.run();
        h.get_by_label("Magnet plant: 30 months, $200 M from the treasury")
            .click();
        h.run();
        assert!(h.state().is_empty());
    }

    #[test]
    fn the_dashboard_lists_every_good_with_its_cover() {
        let d = Dashboard {
            gdp_index: 100.4,
            shortage: 0.031,
            stocks: vec![StockLine {
                good: "NdFeB magnets".into(),
                unit: "t".into(),
                stock: 1611.0,
                reserve: 450.0,
                cover_months: Some(0.4),
                produced: 80.0,
                imported: 1500.0,
                exported: 0.0,
                reliance: Some(0.95),
            }],
            capacity: vec![view::CapacityLine {
                process: Process::Magnet,
                running: 2,
                capacity: 1200.0,
                idle: 0,
                building: 1,
            }],
            projects: vec![],
        };
        let mut h = Harness::new_ui(move |ui| dashboard(ui, "United States", &d));
        h.run();
        h.get_by_label("NdFeB magnets");
        h.get_by_label("1611");
        h.get_by_label("0.4 mo");
        h.get_by_label("95%");
        h.get_by_label("shortage 3.1%");
        h.get_by_label("none under construction");
        h.get_by_label("magnet plants: 2 running, 1200 runs a year, 1 being built");
    }
}
