//! What the map shows over the countries: last month's trade in one good as arrows (width is
//! the volume, colour the licence status of the route) and each nation's plants as markers.

use egui::{self, Color32, FontId, Pos2, Rect, Stroke, Ui};

use super::map::WorldMap;
use super::theme::palette;
use crate::scenario::schema::Process;
use crate::sim::Sim;
use crate::sim::catalog::{FacilityStatus, NationIdx};
use crate::sim::facility::Facility;

/// How trade on a route stood last month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteStatus {
    /// No licence needed.
    Open,
    /// Under licence, nothing denied.
    Licensed,
    /// Some of what was applied for was denied.
    Denied,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    pub from: NationIdx,
    pub to: NationIdx,
    pub quantity: f64,
    pub status: RouteStatus,
}

/// A nation's plants of one process.
#[derive(Debug, Clone, PartialEq)]
pub struct Sites {
    pub nation: NationIdx,
    pub process: Process,
    pub operating: usize,
    pub building: usize,
    /// Names and states, for the tooltip.
    pub names: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Overlay {
    /// The good whose trade is drawn, and every good's name (to pick another).
    pub good_index: usize,
    pub goods: Vec<String>,
    pub good: String,
    pub unit: String,
    pub flows: Vec<Flow>,
    pub sites: Vec<Sites>,
}

pub fn overlay(sim: &Sim, good: usize) -> Overlay {
    let world = sim.world();
    let mut q = crate::sim::read::<&Facility>(world);
    let mut facilities: Vec<Facility> = q.iter(world).cloned().collect();
    facilities.sort_by_key(|f| f.idx);
    let catalog = sim.catalog();
    let good = good.min(catalog.goods.len().saturating_sub(1));
    let turn = sim.turn();
    let report = sim.report();
    let licences: Vec<_> = report
        .licences
        .iter()
        .rev()
        .take_while(|r| r.turn == turn)
        .filter(|r| r.key.good == good)
        .collect();
    let mut flows: Vec<Flow> = report
        .trade
        .iter()
        .rev()
        .take_while(|t| t.turn == turn)
        .filter(|t| t.good == good && t.quantity > 0.0 && t.from != t.to)
        .map(|t| {
            let rows = licences
                .iter()
                .filter(|r| r.key.exporter == t.from && r.key.importer == t.to);
            let mut status = RouteStatus::Open;
            for r in rows {
                status = if r.stats.denied > 0.0 || status == RouteStatus::Denied {
                    RouteStatus::Denied
                } else {
                    RouteStatus::Licensed
                };
            }
            Flow {
                from: t.from,
                to: t.to,
                quantity: t.quantity,
                status,
            }
        })
        .collect();
    flows.sort_by_key(|f| (f.from, f.to));
    let mut sites: Vec<Sites> = Vec::new();
    for f in &facilities {
        let process = catalog.recipes[f.recipe].process;
        let (operating, building, state) = match f.status {
            FacilityStatus::Operating => (1, 0, "running".to_string()),
            FacilityStatus::Idle => (0, 0, "idle".to_string()),
            FacilityStatus::Building { months_left } => {
                (0, 1, format!("being built, {months_left} months left"))
            }
        };
        let name = format!("{} ({state})", f.name);
        match sites
            .iter_mut()
            .find(|s| s.nation == f.nation && s.process == process)
        {
            Some(s) => {
                s.operating += operating;
                s.building += building;
                s.names.push(name);
            }
            None => sites.push(Sites {
                nation: f.nation,
                process,
                operating,
                building,
                names: vec![name],
            }),
        }
    }
    sites.sort_by_key(|s| (s.nation, s.process as usize));
    Overlay {
        good_index: good,
        goods: catalog.goods.iter().map(|g| g.name.clone()).collect(),
        good: catalog.goods[good].name.clone(),
        unit: catalog.goods[good].unit.clone(),
        flows,
        sites,
    }
}

pub fn status_colour(s: RouteStatus) -> Color32 {
    match s {
        RouteStatus::Open => Color32::from_rgb(214, 220, 230),
        RouteStatus::Licensed => palette::licensed(),
        RouteStatus::Denied => palette::bad(),
    }
}

fn short(p: Process) -> &'static str {
    match p {
        Process::Mining => "Mi",
        Process::Separation => "Re",
        Process::MetalAlloy => "Al",
        Process::Magnet => "Mg",
        Process::Equipment => "Eq",
        Process::Chips => "Ch",
        Process::Other => "··",
    }
}

pub fn process_name(p: Process) -> &'static str {
    match p {
        Process::Mining => "mines",
        Process::Separation => "refineries (separation)",
        Process::MetalAlloy => "metal and alloy plants",
        Process::Magnet => "magnet plants",
        Process::Equipment => "chip-equipment makers",
        Process::Chips => "chip fabs",
        Process::Other => "other plants",
    }
}

/// Draws the arrows and markers; returns the tooltip for what the pointer is over, if any.
pub fn draw(
    ui: &Ui,
    map: &WorldMap,
    rect: Rect,
    o: &Overlay,
    names: &[String],
    hover: Option<Pos2>,
) -> Option<String> {
    let name = |n: NationIdx| names.get(n).cloned().unwrap_or_default();
    let painter = ui.painter_at(rect);
    let max = o.flows.iter().map(|f| f.quantity).fold(0.0, f64::max);
    let mut tip = None;
    for f in &o.flows {
        let (Some(a), Some(b)) = (map.anchors[f.from], map.anchors[f.to]) else {
            continue;
        };
        let (a, b) = (map.to_screen(rect, a), map.to_screen(rect, b));
        let width = 1.2 + 7.0 * (f.quantity / max.max(1e-9)).sqrt() as f32;
        let colour = status_colour(f.status).gamma_multiply(0.85);
        // A gentle arc, bending to the left of the direction of travel, so the two ways
        // between a pair stay apart.
        let d = b - a;
        let normal = egui::vec2(-d.y, d.x) * 0.18;
        let mid = a + d * 0.5 + normal;
        let start = a + (mid - a).normalized() * 14.0;
        let end = b + (mid - b).normalized() * 16.0;
        let curve = egui::epaint::QuadraticBezierShape::from_points_stroke(
            [start, mid, end],
            false,
            Color32::TRANSPARENT,
            Stroke::new(width, colour),
        );
        painter.add(curve);
        let dir = (end - mid).normalized();
        let side = egui::vec2(-dir.y, dir.x);
        let head = 5.0 + width;
        painter.add(egui::Shape::convex_polygon(
            vec![
                end + dir * 2.0,
                end - dir * head + side * head * 0.55,
                end - dir * head - side * head * 0.55,
            ],
            colour,
            Stroke::NONE,
        ));
        if let Some(p) = hover
            && tip.is_none()
            && near_curve(p, start, mid, end, width.max(5.0))
        {
            let status = match f.status {
                RouteStatus::Open => "no licence needed",
                RouteStatus::Licensed => "under licence",
                RouteStatus::Denied => "under licence, some denied",
            };
            tip = Some(format!(
                "{} to {}: {:.1} {} of {} last month ({status})",
                name(f.from),
                name(f.to),
                f.quantity,
                o.unit,
                o.good
            ));
        }
    }
    // Markers: a row of process tags under each nation's name, moved down while it would
    // cover another nation's row.
    let font = FontId::proportional(10.5);
    let (w, h, gap) = (20.0, 14.0, 2.0);
    let mut placed: Vec<Rect> = Vec::new();
    let mut nations: Vec<NationIdx> = o.sites.iter().map(|s| s.nation).collect();
    nations.dedup();
    for n in nations {
        let Some(anchor) = map.anchors[n] else {
            continue;
        };
        let tags: Vec<&Sites> = o.sites.iter().filter(|s| s.nation == n).collect();
        let width = tags.len() as f32 * (w + gap) - gap;
        let centre = map.to_screen(rect, anchor);
        let mut row = Rect::from_min_size(
            Pos2::new(centre.x - width / 2.0, centre.y + 12.0),
            egui::vec2(width, h),
        );
        while placed.iter().any(|p| p.expand(1.0).intersects(row)) {
            row = row.translate(egui::vec2(0.0, h + gap));
        }
        placed.push(row);
        for (k, s) in tags.into_iter().enumerate() {
            let r = Rect::from_min_size(
                row.min + egui::vec2(k as f32 * (w + gap), 0.0),
                egui::vec2(w, h),
            );
            let fill = if s.operating > 0 {
                Color32::from_rgb(38, 44, 54)
            } else {
                Color32::TRANSPARENT
            };
            painter.rect_filled(r, 3.0, fill);
            painter.rect_stroke(
                r,
                3.0,
                Stroke::new(1.0, Color32::from_rgb(200, 206, 214)),
                egui::StrokeKind::Inside,
            );
            painter.text(
                r.center(),
                egui::Align2::CENTER_CENTER,
                short(s.process),
                font.clone(),
                Color32::WHITE,
            );
            if let Some(p) = hover
                && r.expand(2.0).contains(p)
            {
                tip = Some(format!(
                    "{}: {} {} running, {} being built\n{}",
                    name(s.nation),
                    s.operating,
                    process_name(s.process),
                    s.building,
                    s.names.join("\n")
                ));
            }
        }
    }
    tip
}

fn near_curve(p: Pos2, a: Pos2, c: Pos2, b: Pos2, tolerance: f32) -> bool {
    (0..=20).any(|i| {
        let t = i as f32 / 20.0;
        let u = 1.0 - t;
        let q = Pos2::new(
            u * u * a.x + 2.0 * u * t * c.x + t * t * b.x,
            u * u * a.y + 2.0 * u * t * c.y + t * t * b.y,
        );
        q.distance(p) <= tolerance
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ai::Difficulty;
    use crate::scenario::default_scenario;
    use crate::ui::game::Game;

    /// Magnets flow out of China under its licences from the start; the overlay reads the
    /// volumes from the trade report and the licence status from the licence report.
    #[test]
    fn the_map_shows_licensed_magnet_trade_and_every_plant() {
        let s = default_scenario().unwrap();
        let us = s.nations.iter().position(|n| n.id == "US").unwrap();
        let cn = s.nations.iter().position(|n| n.id == "CN").unwrap();
        let mut g = Game::new(s, &[us], 5, Difficulty::Passive, None).unwrap();
        let magnet = g.sim().catalog().good_index("magnet").unwrap();
        assert!(overlay(g.sim(), magnet).flows.is_empty());
        for _ in 0..3 {
            g.session.sim_mut().step();
        }
        let o = overlay(g.sim(), magnet);
        let from_china: Vec<&Flow> = o.flows.iter().filter(|f| f.from == cn).collect();
        assert!(!from_china.is_empty());
        assert!(
            from_china.iter().any(|f| f.status != RouteStatus::Open),
            "{from_china:?}"
        );
        let traded: f64 = g
            .sim()
            .report()
            .trade
            .iter()
            .filter(|t| t.turn == 3 && t.good == magnet && t.from != t.to)
            .map(|t| t.quantity)
            .sum();
        let shown: f64 = o.flows.iter().map(|f| f.quantity).sum();
        assert!((traded - shown).abs() < 1e-9);
        let plants: usize = o.sites.iter().map(|s| s.names.len()).sum();
        let world = g.sim().world();
        let all = crate::sim::read::<&Facility>(world).iter(world).count();
        assert_eq!(plants, all);
        assert!(
            o.sites
                .iter()
                .any(|s| s.nation == cn && s.process == Process::Mining && s.operating > 0)
        );
    }
}
