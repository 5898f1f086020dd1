//! The main screen of a game in progress: the top bar, the dashboard of the nation picked,
//! the world map with its marks, the side panel's open tab and, first of all, a summit
//! waiting for the team's move. The one screen that reads the whole [`Game`]; the widgets
//! it lays out take view data only.

use egui::{self, Color32, RichText, Sense, Ui, UiBuilder};

use super::game::Game;
use super::panels::*;
use super::view::{self, NewsLine, PolicyView};
use super::{overlay, trade};
use crate::sim::nation::{Nation, Relations};

/// The data of the side panel's open tab.
pub enum SideView {
    News,
    Policies(PolicyView),
    Licences(trade::LicenceView),
    Markets(trade::MarketView),
    Deals(trade::DealsView),
}

fn side_view(game: &Game) -> SideView {
    let me = game.player();
    match game.look().tab {
        Tab::News => SideView::News,
        Tab::Policies => SideView::Policies(view::policies(
            game.sim(),
            me,
            game.look().partner,
            &game.session.desk().queue,
        )),
        Tab::Licences => SideView::Licences(trade::licences(game.sim(), me)),
        Tab::Markets => SideView::Markets(trade::markets(game.sim(), me, game.market_good)),
        Tab::Deals => SideView::Deals(trade::deals(game.sim(), me)),
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

/// The whole main screen.
pub fn main_screen(ctx: &egui::Context, game: &mut Game, guide: bool) -> Vec<Intent> {
    let mut intents = Vec::new();
    let me = game.player();
    let mut bar = view::top_bar(game.sim(), me, game.scenario().turns);
    bar.hand_over = game.session.hot_seat();
    bar.time_left = game.facilitation().and_then(|f| {
        let (turn, summit) = f.left();
        let left = if game.session.summit_waiting() {
            summit.or(turn)
        } else {
            turn
        };
        left.map(crate::session::clock)
    });
    let dash = view::dashboard(game.sim(), game.look().selected);
    let mut lines = view::news(game.sim(), me, 60);
    let mut talks = view::summits(game.sim(), me);
    if game.facilitation().is_some_and(|f| !f.reveal_ai) {
        for t in &mut talks {
            t.hide_ai_reasons();
        }
        view::hide_ai_reasons(game.sim(), &mut lines);
    }
    let names: Vec<String> = game
        .sim()
        .catalog()
        .nations
        .iter()
        .map(|n| n.name.clone())
        .collect();
    // How the player stands with each nation.
    let stances: Vec<Stance> = {
        let world = game.sim().world();
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
            dashboard(ui, &names[game.look().selected], &dash);
            if let Some(w) = &game.session.desk().warning {
                ui.add_space(8.0);
                ui.colored_label(palette::bad(), w);
            }
        });
    let tab = game.look().tab;
    let side = side_view(game);
    let marks = overlay::overlay(game.sim(), game.market_good);
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
            .session
            .desk_mut()
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
