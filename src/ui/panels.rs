//! Panels: functions that draw view data into a `Ui` and return the player's intents. They
//! never touch the sim, so tests drive them without a window.

use std::fmt::Write as _;

use bevy_egui::egui::{
    self, Align, Color32, CornerRadius, FontId, Layout, RichText, Sense, Stroke, TextStyle, Ui,
    UiBuilder,
};

use super::game::Game;
use super::map;
use super::overlay;
use super::trade;
use super::view::{self, Dashboard, ExportStance, NewsLine, PolicyView, SummitView, TopBar};
use crate::negotiation::protocol::Move;
use crate::scenario::schema::ProjectOwner;
use crate::sim::catalog::NationIdx;
use crate::sim::catalog::{GoodSel, NationSel, Regime};
use crate::sim::nation::{Nation, Relations};
use crate::sim::orders::{
    ExportRule, ExtraterritorialRule, Investment, Order, TariffRule, TechBan,
};

/// What the player asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    EndTurn,
    /// Show this nation's dashboard.
    Select(NationIdx),
    /// A move in an open summit (its index among the open summits).
    Summit {
        summit: usize,
        action: Move,
    },
    /// Queue an order for the end of the month.
    Order(Order),
    /// Take back a queued order (its place in the queue).
    Unqueue(usize),
    /// Aim the per-partner levers at this nation.
    Partner(NationIdx),
    /// Show a tab of the side panel.
    Tab(Tab),
    /// Chart this good's prices in the market tab.
    MarketGood(usize),
    /// End the game now and see the debrief.
    Finish,
    /// Rebuild the game as it stood at the end of this turn and play on from there.
    Branch(u32),
    /// Write the game's debrief report (HTML, CSV, JSON) into the reports folder.
    WriteReport,
    /// Leave the game for the title screen.
    ToTitle,
    /// Close the program.
    Quit,
    /// Open the pause menu.
    Menu,
    /// The team the computer was handed to is at the screen: show its desk.
    TakeSeat,
    /// On the debrief of a hot-seat game: see it from this team's nation.
    ViewAs(NationIdx),
    /// A facilitator's control.
    Facilitate(super::facilitator::FacilitatorIntent),
}

/// The side panel's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    News,
    Policies,
    Licences,
    Markets,
    Deals,
}

impl Tab {
    pub const ALL: [(Tab, &'static str, &'static str); 5] = [
        (
            Tab::News,
            "News",
            "What happened, and why the other nations did what they did.",
        ),
        (
            Tab::Policies,
            "Policies",
            "Your levers: export rules, tariffs, reserves, plants.",
        ),
        (
            Tab::Licences,
            "Licences",
            "Export licences you decide, and those others decide on your supplies.",
        ),
        (
            Tab::Markets,
            "Markets",
            "Prices of each good in every region, month by month.",
        ),
        (
            Tab::Deals,
            "Deals",
            "Agreements signed at summits, their terms, and the summits held.",
        ),
    ];
}

/// Colours of the game. The ones that carry meaning (stances, good and bad) come in two sets:
/// the standard one and one safe for red–green colour blindness (Okabe–Ito), picked in the
/// settings.
pub mod palette {
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::Color32;
    pub const PANEL: Color32 = Color32::from_rgb(24, 27, 33);
    pub const SEA: Color32 = Color32::from_rgb(17, 30, 46);
    pub const BORDER: Color32 = Color32::from_rgb(12, 14, 18);
    pub const TEXT: Color32 = Color32::from_rgb(222, 226, 232);
    pub const DIM: Color32 = Color32::from_rgb(150, 158, 170);
    pub const UNCLAIMED: Color32 = Color32::from_rgb(60, 64, 70);

    static COLOUR_BLIND: AtomicBool = AtomicBool::new(false);

    /// Switches to the colour-blind-safe set (for the whole program: it is a setting).
    pub fn set_colour_blind(on: bool) {
        COLOUR_BLIND.store(on, Ordering::Relaxed);
    }

    pub fn colour_blind() -> bool {
        COLOUR_BLIND.load(Ordering::Relaxed)
    }

    fn pick(standard: Color32, safe: Color32) -> Color32 {
        if colour_blind() { safe } else { standard }
    }

    /// The player's nation.
    pub fn you() -> Color32 {
        pick(
            Color32::from_rgb(230, 176, 60),
            Color32::from_rgb(240, 228, 66),
        )
    }
    /// Trusted partners.
    pub fn partner() -> Color32 {
        pick(
            Color32::from_rgb(72, 132, 196),
            Color32::from_rgb(0, 114, 178),
        )
    }
    /// Nations under high tension with the player.
    pub fn rival() -> Color32 {
        pick(
            Color32::from_rgb(196, 78, 70),
            Color32::from_rgb(213, 94, 0),
        )
    }
    pub fn neutral() -> Color32 {
        pick(
            Color32::from_rgb(104, 116, 104),
            Color32::from_rgb(120, 120, 128),
        )
    }
    pub fn good() -> Color32 {
        pick(
            Color32::from_rgb(110, 190, 120),
            Color32::from_rgb(86, 180, 233),
        )
    }
    /// Colours of the lines in charts, one per nation (Okabe–Ito, safe for colour blindness).
    pub fn series(k: usize) -> Color32 {
        const SET: [Color32; 8] = [
            Color32::from_rgb(230, 159, 0),
            Color32::from_rgb(86, 180, 233),
            Color32::from_rgb(0, 158, 115),
            Color32::from_rgb(240, 228, 66),
            Color32::from_rgb(0, 114, 178),
            Color32::from_rgb(213, 94, 0),
            Color32::from_rgb(204, 121, 167),
            Color32::from_rgb(170, 170, 170),
        ];
        SET[k % SET.len()]
    }
    /// Trade under licence (the map's arrows).
    pub fn licensed() -> Color32 {
        pick(
            Color32::from_rgb(240, 150, 50),
            Color32::from_rgb(204, 121, 167),
        )
    }
    pub fn bad() -> Color32 {
        pick(
            Color32::from_rgb(226, 104, 92),
            Color32::from_rgb(230, 159, 0),
        )
    }
}

/// How the player stands with another nation, for the map's colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stance {
    You,
    Partner,
    Rival,
    Neutral,
}

/// Trust at or above this makes a partner; tension at or above this a rival.
pub const PARTNER_TRUST: f64 = 0.6;
pub const RIVAL_TENSION: f64 = 0.5;

pub fn stance(me: NationIdx, other: NationIdx, relations: &Relations) -> Stance {
    if me == other {
        Stance::You
    } else if relations.tension[other] >= RIVAL_TENSION {
        Stance::Rival
    } else if relations.trust[other] >= PARTNER_TRUST {
        Stance::Partner
    } else {
        Stance::Neutral
    }
}

fn stance_colour(s: Stance) -> Color32 {
    match s {
        Stance::You => palette::you(),
        Stance::Partner => palette::partner(),
        Stance::Rival => palette::rival(),
        Stance::Neutral => palette::neutral(),
    }
}

/// The look of the game (dark theme, larger type), set once at startup.
pub fn style(ctx: &egui::Context) {
    ctx.all_styles_mut(|s| {
        s.visuals = egui::Visuals::dark();
        s.visuals.panel_fill = palette::PANEL;
        s.visuals.override_text_color = Some(palette::TEXT);
        s.spacing.item_spacing = egui::vec2(8.0, 5.0);
        s.text_styles
            .insert(TextStyle::Body, FontId::proportional(14.0));
        s.text_styles
            .insert(TextStyle::Button, FontId::proportional(14.0));
        s.text_styles
            .insert(TextStyle::Heading, FontId::proportional(19.0));
        s.text_styles
            .insert(TextStyle::Small, FontId::proportional(12.0));
    });
}

/// `$M` as the most readable unit.
pub fn money(musd: f64) -> String {
    if musd.abs() >= 1000.0 {
        format!("${:.1} bn", musd / 1000.0)
    } else {
        format!("${musd:.0} M")
    }
}

pub fn quantity(x: f64) -> String {
    if x.abs() >= 10_000.0 {
        format!("{:.0}k", x / 1000.0)
    } else if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// A name in a grid's first column, cut to `width` (the tooltip has it whole).
fn name_cell(ui: &mut Ui, name: &str, width: f32) -> egui::Response {
    ui.allocate_ui_with_layout(
        egui::vec2(width, 18.0),
        Layout::left_to_right(Align::Center),
        |ui| {
            ui.set_width(width);
            ui.add(egui::Label::new(name).truncate())
        },
    )
    .inner
}

/// A label with a tooltip that explains it.
fn stat(ui: &mut Ui, label: &str, value: RichText, tip: &str) {
    ui.vertical(|ui| {
        ui.label(RichText::new(label).small().color(palette::DIM));
        ui.label(value.strong().size(17.0));
    })
    .response
    .on_hover_text(tip);
}

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

fn signed(x: f64) -> String {
    format!("{x:+.2}")
}

fn worth_text(x: f64) -> RichText {
    let t = RichText::new(format!("{} points", signed(x)));
    if x > 0.005 {
        t.color(palette::good())
    } else if x < -0.005 {
        t.color(palette::bad())
    } else {
        t
    }
}

/// The summit screen: the agenda with the offer on the table and the player's own package,
/// what the advisers think each is worth, the other side's last word, and the moves.
pub fn summit(ui: &mut Ui, v: &SummitView, draft: &mut Vec<usize>) -> Option<Intent> {
    let mut intent = None;
    draft.resize(v.issues.len(), 0);
    let others: Vec<&str> = v
        .parties
        .iter()
        .enumerate()
        .filter(|(k, _)| *k != v.me)
        .map(|(_, p)| p.as_str())
        .collect();
    ui.heading(format!("{} — with {}", v.name, others.join(", ")));
    ui.label(
        RichText::new(format!(
            "Round {} of {}  ·  your move  ·  {} move{} left to you",
            v.round.min(v.rounds),
            v.rounds,
            v.my_moves_left,
            if v.my_moves_left == 1 { "" } else { "s" }
        ))
        .color(palette::DIM),
    )
    .on_hover_text("Parties take turns: propose a package, accept the one on the table, or walk away. When the rounds run out with no acceptance, there is no deal.");
    if let Some(w) = &v.last_word {
        ui.add_space(4.0);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(RichText::new(format!("{} ({})", w.party, w.action)).strong());
            ui.label(&w.reason);
        });
    }
    ui.add_space(6.0);
    egui::Grid::new("agenda")
        .striped(true)
        .num_columns(3)
        .spacing(egui::vec2(14.0, 6.0))
        .show(ui, |ui| {
            for (h, tip) in [
                ("issue", "What is being negotiated. The first option of each is things as they are."),
                ("on the table", "The package the other side proposed."),
                ("your package", "Pick an option per issue; the worth shown is your advisers' estimate of that option alone, in score points over no deal."),
            ] {
                ui.label(RichText::new(h).small().color(palette::DIM)).on_hover_text(tip);
            }
            ui.end_row();
            for (k, issue) in v.issues.iter().enumerate() {
                ui.label(RichText::new(&issue.name).strong());
                ui.label(match issue.on_table {
                    Some(o) => RichText::new(&issue.options[o]),
                    None => RichText::new("—").color(palette::DIM),
                });
                ui.vertical(|ui| {
                    for (o, label) in issue.options.iter().enumerate() {
                        let worth = issue.worth.get(o).copied().unwrap_or(0.0);
                        ui.horizontal(|ui| {
                            ui.radio_value(&mut draft[k], o, label).on_hover_text(format!(
                                "Your advisers think this option alone is worth {} points to you",
                                signed(worth)
                            ));
                            if o > 0 {
                                ui.label(worth_text(worth).small());
                            }
                        });
                    }
                });
                ui.end_row();
            }
        });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.label("Your package is worth");
        ui.label(worth_text(v.worth_of(draft)).strong());
        ui.label("to you;");
        match &v.table {
            Some(t) => {
                ui.label("the offer on the table");
                ui.label(worth_text(v.worth_of(t)).strong());
            }
            None => {
                ui.label(RichText::new("nothing is on the table yet").color(palette::DIM));
            }
        }
    })
    .response
    .on_hover_text("Your advisers simulate the months ahead with and without the package; the worth is the difference in your mean score. No deal is worth 0.");
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui
            .button(RichText::new("Propose your package").strong())
            .on_hover_text("Put your package on the table; the other side answers at once.")
            .clicked()
        {
            intent = Some(Intent::Summit {
                summit: v.index,
                action: Move::Propose(draft.clone()),
            });
        }
        if ui
            .add_enabled(v.table.is_some(), egui::Button::new("Accept the offer"))
            .on_hover_text("Agree to the package on the table: it takes effect next month.")
            .clicked()
        {
            intent = Some(Intent::Summit {
                summit: v.index,
                action: Move::Accept,
            });
        }
        if ui
            .button("Walk away")
            .on_hover_text("End the talks now, with no deal.")
            .clicked()
        {
            intent = Some(Intent::Summit {
                summit: v.index,
                action: Move::WalkAway,
            });
        }
    });
    ui.add_space(6.0);
    egui::CollapsingHeader::new(format!("Transcript ({} moves)", v.transcript.len()))
        .default_open(false)
        .show(ui, |ui| {
            for t in &v.transcript {
                ui.label(
                    RichText::new(format!("Round {} · {} · {}", t.round, t.party, t.action))
                        .small()
                        .color(palette::DIM),
                );
                if let Some(p) = &t.package {
                    ui.label(p.join("; "));
                }
                ui.label(&t.reason);
                ui.add_space(3.0);
            }
        });
    intent
}

/// Terms of the licensing regime the policy panel sets: half of the volume approved at a
/// neutral partner, a two-month review, six-month permits.
pub const PLAYER_LICENSING: Regime = Regime::Licensing {
    approval: 0.5,
    review_months: 2,
    validity_months: 6,
};

const TARIFFS: [f64; 5] = [0.0, 0.1, 0.25, 0.5, 1.0];
const RESERVE_MONTHS: [Option<f64>; 5] = [None, Some(1.0), Some(2.0), Some(3.0), Some(6.0)];
const COVER_MONTHS: [f64; 6] = [1.0, 2.0, 3.0, 4.0, 6.0, 9.0];

/// Shares of the current level a quota can be set to.
const QUOTA_SHARES: [Option<f64>; 4] = [None, Some(0.9), Some(0.75), Some(0.5)];
/// Share of the content by value that brings foreign-made goods under the player's rules.
pub const PLAYER_EXTRATERRITORIAL_THRESHOLD: f64 = 0.25;

fn quota_label(share: Option<f64>) -> String {
    share.map_or("none".to_string(), |s| format!("{:.0}%", s * 100.0))
}

/// A quota as a share of the current level; returns the new share when the player picks one.
fn quota_combo(ui: &mut Ui, id: egui::Id, current: Option<f64>) -> Option<Option<f64>> {
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
fn more_levers(ui: &mut Ui, v: &PolicyView, partner: &str, out: &mut Vec<Intent>) {
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

fn stance_label(s: ExportStance) -> &'static str {
    match s {
        ExportStance::Open => "open",
        ExportStance::Licensing => "licensing",
        ExportStance::GeneralLicence => "general licence",
        ExportStance::Ban => "banned",
    }
}

fn months_label(m: Option<f64>) -> String {
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
    out
}

/// The map's legend: stances, then the trade arrows.
fn legend(ui: &mut Ui, marks: &overlay::Overlay) -> Option<Intent> {
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

/// The data of the side panel's open tab.
pub enum SideView {
    News,
    Policies(PolicyView),
    Licences(trade::LicenceView),
    Markets(trade::MarketView),
    Deals(trade::DealsView),
}

fn side_view(game: &mut Game) -> SideView {
    let me = game.player;
    match game.desk.tab {
        Tab::News => SideView::News,
        Tab::Policies => SideView::Policies(view::policies(
            &mut game.sim,
            me,
            game.desk.partner,
            &game.desk.queue,
        )),
        Tab::Licences => SideView::Licences(trade::licences(&game.sim, me)),
        Tab::Markets => SideView::Markets(trade::markets(&game.sim, me, game.market_good)),
        Tab::Deals => SideView::Deals(trade::deals(&mut game.sim, me)),
    }
}

fn side_panel(ui: &mut Ui, side: &SideView, lines: &[NewsLine]) -> Vec<Intent> {
    match side {
        SideView::News => {
            news(ui, lines);
            Vec::new()
        }
        SideView::Policies(v) => policies(ui, v),
        SideView::Licences(v) => trade::licence_panel(ui, v),
        SideView::Markets(v) => trade::market_panel(ui, v),
        SideView::Deals(v) => {
            trade::deals_panel(ui, v);
            Vec::new()
        }
    }
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

/// The whole main screen.
/// A Ui over the whole window, on the background layer, for panels to divide.
pub fn root_ui(ctx: &egui::Context, id: &'static str) -> Ui {
    Ui::new(
        ctx.clone(),
        id.into(),
        UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

pub fn main_screen(ctx: &egui::Context, game: &mut Game, guide: bool) -> Vec<Intent> {
    let mut intents = Vec::new();
    let me = game.player;
    let mut bar = view::top_bar(&mut game.sim, me, game.scenario.turns);
    bar.hand_over = game.hot_seat();
    bar.time_left = game.facilitator.as_ref().and_then(|f| {
        let (turn, summit) = f.left();
        let left = if game.summit_waiting() {
            summit.or(turn)
        } else {
            turn
        };
        left.map(super::facilitator::clock)
    });
    let dash = view::dashboard(&mut game.sim, game.desk.selected);
    let mut lines = view::news(&game.sim, me, 60);
    let mut talks = view::summits(&game.sim, me);
    if game.facilitator.as_ref().is_some_and(|f| !f.reveal_ai) {
        for t in &mut talks {
            t.hide_ai_reasons();
        }
        view::hide_ai_reasons(&game.sim, &mut lines);
    }
    let names: Vec<String> = game
        .sim
        .catalog()
        .nations
        .iter()
        .map(|n| n.name.clone())
        .collect();
    // How the player stands with each nation.
    let stances: Vec<Stance> = {
        let world = game.sim.world();
        let mut q = crate::sim::read::<(&Nation, &Relations)>(world);
        let mine = q
            .iter(world)
            .find(|(n, _)| n.idx == me)
            .map(|(_, r)| r.clone());
        (0..names.len())
            .map(|n| mine.as_ref().map_or(Stance::Neutral, |r| stance(me, n, r)))
            .collect()
    };

    let (dash_width, side_width) = side_widths(ctx.viewport_rect().width());
    let mut root = root_ui(ctx, "root");
    egui::Panel::top("top_bar")
        .exact_size(58.0)
        .show(&mut root, |ui| {
            intents.extend(top_bar(ui, &bar, !talks.is_empty()))
        });
    egui::Panel::left("dashboard")
        .resizable(false)
        .exact_size(dash_width)
        .show(&mut root, |ui| {
            ui.add_space(6.0);
            dashboard(ui, &names[game.desk.selected], &dash);
            if let Some(w) = &game.desk.warning {
                ui.add_space(8.0);
                ui.colored_label(palette::bad(), w);
            }
        });
    let tab = game.desk.tab;
    let side = side_view(game);
    let marks = overlay::overlay(&mut game.sim, game.market_good);
    egui::Panel::right("side")
        .resizable(false)
        .exact_size(side_width)
        .show(&mut root, |ui| {
            ui.add_space(6.0);
            ui.horizontal_wrapped(|ui| {
                for (t, label, tip) in Tab::ALL {
                    let text = RichText::new(label).size(15.0).strong();
                    if ui
                        .selectable_label(tab == t, text)
                        .on_hover_text(tip)
                        .clicked()
                        && tab != t
                    {
                        intents.push(Intent::Tab(t));
                    }
                }
            });
            ui.separator();
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| intents.extend(side_panel(ui, &side, &lines)));
        });
    egui::CentralPanel::no_frame().show(&mut root, |ui| {
        let (rect, map_rect) = sea_and_land(
            ui,
            &game.map,
            &names,
            |n| n.map_or(palette::UNCLAIMED, |n| stance_colour(stances[n])),
            13.0,
        );
        let response = ui.interact(rect, ui.id().with("map"), Sense::click());
        let hover = response.hover_pos();
        let over = overlay::draw(ui, &game.map, map_rect, &marks, &names, hover);
        if let Some(tip) = over {
            response.clone().on_hover_text_at_pointer(tip);
        } else if let Some(pos) = hover
            && let Some(land) = game.map.hit(map_rect, pos)
        {
            let country = &crate::geo::countries()[land.country].name;
            let text = match land.nation {
                Some(n) => format!("{country}: {} (click for its dashboard)", names[n]),
                None => country.clone(),
            };
            response.clone().on_hover_text_at_pointer(text);
            if response.clicked()
                && let Some(n) = land.nation
            {
                intents.push(Intent::Select(n));
            }
        }
        let mut legend_ui = ui.new_child(UiBuilder::new().max_rect(egui::Rect::from_min_size(
            rect.left_bottom() + egui::vec2(12.0, -48.0),
            egui::vec2(rect.width() - 24.0, 44.0),
        )));
        intents.extend(legend(&mut legend_ui, &marks));
    });
    // A summit waiting for the player's move comes first: the rest of the screen waits.
    if let Some(v) = talks.first() {
        let draft = game
            .desk
            .drafts
            .entry(v.id.clone())
            .or_insert_with(|| v.table.clone().unwrap_or_else(|| vec![0; v.issues.len()]));
        egui::Modal::new(egui::Id::new("summit"))
            .backdrop_color(Color32::from_black_alpha(150))
            .show(ctx, |ui| {
                ui.set_width(860.0);
                intents.extend(summit(ui, v, draft));
                if guide {
                    super::guide::summit_hint(ui);
                }
            });
    }
    intents
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;
    use crate::scenario::schema::{FirmRules, Process};
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
