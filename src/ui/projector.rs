//! The projector view (facilitator mode): what the whole class may see, in large type. The
//! world map with the trade of one good, every good's prices by region against its base
//! price, and the news. Nothing of any team's desk: no queued orders, no advisers' estimates.

use egui::{self, Color32, FontId, RichText, Ui};

use super::game::Game;
use super::overlay;
use super::panels::{Intent, palette};
use crate::sim::Sim;

/// One good's prices last month, as multiples of its base price.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceLine {
    pub good: String,
    /// Cheapest and dearest region, with their names.
    pub low: (String, f64),
    pub high: (String, f64),
    /// Change of the dearest price since the month before (multiples of base).
    pub change: Option<f64>,
}

/// What the projector shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectorView {
    pub scenario: String,
    /// The month being played, and the month the prices are from.
    pub date: String,
    pub prices_of: String,
    pub prices: Vec<PriceLine>,
    pub news: Vec<(String, String)>,
}

/// Reads the public picture of the game from the sim.
pub fn view(sim: &Sim, scenario: &str, news: usize) -> ProjectorView {
    let c = sim.catalog();
    let r = sim.report();
    let turn = sim.turn();
    let at = |t: u32, g: usize| -> Vec<(usize, f64)> {
        r.prices
            .iter()
            .filter(|p| p.turn == t && p.good == g)
            .map(|p| (p.region, p.price / c.goods[g].base_price))
            .collect()
    };
    let prices = (0..c.goods.len())
        .filter_map(|g| {
            let now = at(turn, g);
            let name = |n: usize| c.nations.get(n).map_or("?".to_string(), |x| x.id.clone());
            let low = now.iter().min_by(|a, b| a.1.total_cmp(&b.1))?;
            let high = now.iter().max_by(|a, b| a.1.total_cmp(&b.1))?;
            let before = at(turn.saturating_sub(1), g)
                .into_iter()
                .map(|x| x.1)
                .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))));
            Some(PriceLine {
                good: c.goods[g].name.clone(),
                low: (name(low.0), low.1),
                high: (name(high.0), high.1),
                change: before.filter(|_| turn > 1).map(|b| high.1 - b),
            })
        })
        .collect();
    ProjectorView {
        scenario: scenario.to_string(),
        date: c.date_label(turn + 1),
        prices_of: c.date_label(turn.max(1)),
        prices,
        news: r
            .news
            .iter()
            .rev()
            .take(news)
            .map(|n| (c.date_label(n.turn), n.headline.clone()))
            .collect(),
    }
}

fn prices(ui: &mut Ui, v: &ProjectorView) {
    ui.label(
        RichText::new(format!("PRICES IN {} (× base price)", v.prices_of))
            .size(20.0)
            .color(palette::DIM),
    );
    if v.prices.is_empty() {
        ui.label(RichText::new("after the first month").size(22.0));
    }
    egui::Grid::new("projector-prices")
        .num_columns(3)
        .spacing(egui::vec2(24.0, 8.0))
        .show(ui, |ui| {
            for p in &v.prices {
                ui.label(RichText::new(&p.good).size(24.0).strong());
                ui.label(
                    RichText::new(format!(
                        "{:.1}× {} – {:.1}× {}",
                        p.low.1, p.low.0, p.high.1, p.high.0
                    ))
                    .size(24.0)
                    .color(if p.high.1 >= 2.0 {
                        palette::bad()
                    } else {
                        palette::TEXT
                    }),
                );
                let change = p.change.map_or(String::new(), |d| {
                    if d.abs() < 0.05 {
                        "steady".to_string()
                    } else {
                        format!("{d:+.1}")
                    }
                });
                ui.label(RichText::new(change).size(20.0).color(palette::DIM));
                ui.end_row();
            }
        });
}

/// The whole window as the class sees it; Esc or the button goes back to the team's desk.
pub fn screen(ctx: &egui::Context, game: &mut Game) -> Vec<Intent> {
    let mut out = Vec::new();
    let v = view(game.sim(), &game.scenario().name, 8);
    let marks = overlay::overlay(game.sim(), game.market_good);
    let names: Vec<String> = game
        .sim()
        .catalog()
        .nations
        .iter()
        .map(|n| n.name.clone())
        .collect();
    let mut root = super::panels::root_ui(ctx, "projector");
    egui::Panel::top("projector-head")
        .exact_size(64.0)
        .show(&mut root, |ui| {
            ui.horizontal_centered(|ui| {
                ui.label(RichText::new(&v.scenario).size(30.0).strong());
                ui.separator();
                ui.label(RichText::new(&v.date).size(30.0).color(palette::you()));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui
                        .button(RichText::new("Back to the desk").size(16.0))
                        .clicked()
                    {
                        out.push(Intent::Facilitate(
                            super::intent::FacilitatorIntent::Projector(false),
                        ));
                    }
                });
            });
        });
    egui::Panel::right("projector-side")
        .exact_size((ctx.viewport_rect().width() * 0.42).max(420.0))
        .show(&mut root, |ui| {
            ui.add_space(8.0);
            prices(ui, &v);
            ui.add_space(16.0);
            ui.label(RichText::new("NEWS").size(20.0).color(palette::DIM));
            for (date, headline) in &v.news {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(date).size(18.0).color(palette::DIM));
                    ui.label(RichText::new(headline).size(22.0));
                });
                ui.add_space(4.0);
            }
        });
    egui::CentralPanel::no_frame().show(&mut root, |ui| {
        let (rect, map_rect) = super::panels::sea_and_land(
            ui,
            &game.map,
            &names,
            |n| n.map_or(palette::UNCLAIMED, |_| Color32::from_rgb(88, 96, 108)),
            22.0,
        );
        overlay::draw(ui, &game.map, map_rect, &marks, &names, None);
        ui.painter().text(
            rect.left_bottom() + egui::vec2(16.0, -16.0),
            egui::Align2::LEFT_BOTTOM,
            format!("Trade in {} ({})", marks.good, marks.unit),
            FontId::proportional(22.0),
            Color32::WHITE,
        );
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::default_scenario;

    /// The projector's price lines are each good's cheapest and dearest region last month,
    /// against its base price, with the change of the dearest; the news is newest first.
    #[test]
    fn the_projector_shows_last_months_price_range_and_the_news() {
        let s = default_scenario().unwrap();
        let mut sim = Sim::new(&s, 3).unwrap();
        let v = view(&sim, &s.name, 5);
        assert!(v.prices.is_empty(), "no prices before the first month");
        sim.step();
        sim.step();
        let v = view(&sim, &s.name, 5);
        let c = sim.catalog();
        assert_eq!(v.prices.len(), c.goods.len());
        assert_eq!(
            (v.date.as_str(), v.prices_of.as_str()),
            ("2025-12", "2025-11")
        );
        let magnet = c.good_index("magnet").unwrap();
        let index = |t: u32| -> Vec<f64> {
            sim.report()
                .prices
                .iter()
                .filter(|p| p.turn == t && p.good == magnet)
                .map(|p| p.price / c.goods[magnet].base_price)
                .collect()
        };
        let max = |x: Vec<f64>| x.into_iter().fold(f64::MIN, f64::max);
        let line = &v.prices[magnet];
        assert_eq!(line.good, "NdFeB magnets");
        assert_eq!(line.high.1, max(index(2)));
        assert_eq!(line.low.1, index(2).into_iter().fold(f64::MAX, f64::min));
        assert_eq!(line.change, Some(max(index(2)) - max(index(1))));
        let newest = sim.report().news.last().unwrap();
        assert_eq!(v.news[0].1, newest.headline);
        assert!(v.news.len() <= 5);
    }
}
