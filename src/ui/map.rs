//! The world map: Natural Earth country shapes ([`crate::geo`]) in the Natural Earth
//! projection, each country filled with the colour of the nation that covers it (the
//! scenario's `map` areas). Geometry is computed once per scenario and kept as plain data
//! (projected points and triangles), so it is tested without a window; [`draw`] paints it.

use egui::{self, Color32, Mesh, Pos2, Rect, Shape, Stroke, epaint::Vertex};

use crate::geo;
use crate::scenario::schema::{MapArea, Scenario};
use crate::sim::catalog::NationIdx;

/// Southern edge of the map, degrees (Antarctica is left out: nothing in the game is there).
const SOUTH: f32 = -58.0;
const NORTH: f32 = 84.0;

/// The Natural Earth projection (Šavrič, Jenny, Patterson and Hurni, 2011): a
/// pseudocylindrical compromise projection for world maps. Longitude and latitude in degrees;
/// the result spans about ±2.74 across and ±1.42 up.
pub fn project(lon: f32, lat: f32) -> [f32; 2] {
    let l = f64::from(lon).to_radians();
    let p = f64::from(lat).to_radians();
    let p2 = p * p;
    let p4 = p2 * p2;
    let x =
        l * (0.870700 - 0.131979 * p2 + p4 * (-0.013791 + p4 * p2 * (0.003971 - 0.001529 * p2)));
    let y = p * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)));
    [x as f32, y as f32]
}

/// One country on the map.
#[derive(Debug, Clone)]
pub struct Land {
    /// Index into [`geo::countries`].
    pub country: usize,
    /// The nation that covers it, if any.
    pub nation: Option<NationIdx>,
    /// Projected points, in map units (see [`WorldMap::bounds`]), all rings in order.
    pub points: Vec<[f32; 2]>,
    /// Triangles over `points` (three indices each) filling the country.
    pub triangles: Vec<u32>,
    /// Each ring as a range of `points`.
    pub rings: Vec<std::ops::Range<usize>>,
    /// Area in map units.
    pub area: f32,
}

/// The map of a scenario.
#[derive(Debug, Clone)]
pub struct WorldMap {
    pub lands: Vec<Land>,
    /// Map units covered: `[min_x, min_y, max_x, max_y]` (y grows northwards).
    pub bounds: [f32; 4],
    /// Where each nation's label and trade arrows go, in map units, when it has land.
    pub anchors: Vec<Option<[f32; 2]>>,
}

/// A ring's points with longitudes made continuous: a ring that crosses the antimeridian
/// (Russia's far east, Fiji) jumps from +180 to -180; shifting by 360 removes the jump, and the
/// projection then clamps the part past the edge onto it, so no edge spans the whole map.
fn unwrap(ring: &[f32]) -> Vec<(f32, f32)> {
    let mut out: Vec<(f32, f32)> = Vec::with_capacity(ring.len() / 2);
    let mut shift = 0.0;
    for p in ring.chunks(2) {
        if let Some(&(prev, _)) = out.last() {
            let lon = p[0] + shift;
            if lon - prev > 180.0 {
                shift -= 360.0;
            } else if prev - lon > 180.0 {
                shift += 360.0;
            }
        }
        out.push((p[0] + shift, p[1]));
    }
    // Keep the ring on the side of the map where most of it lies.
    let mean = out.iter().map(|p| p.0).sum::<f32>() / out.len().max(1) as f32;
    if mean > 180.0 {
        out.iter_mut().for_each(|p| p.0 -= 360.0);
    } else if mean < -180.0 {
        out.iter_mut().for_each(|p| p.0 += 360.0);
    }
    out
}

/// Twice the signed area of a ring.
fn ring_area(points: &[[f32; 2]]) -> f32 {
    let n = points.len();
    (0..n)
        .map(|i| {
            let (a, b) = (points[i], points[(i + 1) % n]);
            a[0] * b[1] - b[0] * a[1]
        })
        .sum::<f32>()
        / 2.0
}

fn centroid(points: &[[f32; 2]]) -> [f32; 2] {
    let n = points.len().max(1) as f32;
    let (x, y) = points
        .iter()
        .fold((0.0, 0.0), |(x, y), p| (x + p[0], y + p[1]));
    [x / n, y / n]
}

impl WorldMap {
    /// Builds the map of a scenario: which nation covers each country, projected and
    /// triangulated shapes, and an anchor per nation (the middle of its largest shape).
    pub fn build(scenario: &Scenario) -> WorldMap {
        let countries = geo::countries();
        let mut owner: Vec<Option<NationIdx>> = vec![None; countries.len()];
        let mut rest = None;
        for (n, nation) in scenario.nations.iter().enumerate() {
            match &nation.map {
                MapArea::Rest => rest = Some(n),
                MapArea::Countries(names) => {
                    for name in names {
                        if let Some(c) = countries.iter().position(|c| &c.name == name) {
                            owner[c] = Some(n);
                        }
                    }
                }
            }
        }
        let mut earcut = earcut::Earcut::new();
        let mut lands = Vec::new();
        let mut bounds = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
        // The largest shape of each nation, for its anchor.
        let mut largest: Vec<(f32, [f32; 2])> = vec![(0.0, [0.0, 0.0]); scenario.nations.len()];
        for (ci, c) in countries.iter().enumerate() {
            let nation = owner[ci].or(rest);
            for polygon in &c.polygons {
                let mut points = Vec::new();
                let mut holes = Vec::new();
                let mut rings = Vec::new();
                for (k, ring) in polygon.iter().enumerate() {
                    if k > 0 {
                        holes.push(points.len() as u32);
                    }
                    let start = points.len();
                    points.extend(unwrap(ring).into_iter().map(|(lon, lat)| {
                        project(lon.clamp(-180.0, 180.0), lat.clamp(SOUTH, NORTH))
                    }));
                    rings.push(start..points.len());
                }
                // Antarctica and anything else wholly south of the edge is left out.
                if polygon[0].chunks(2).all(|p| p[1] < SOUTH) {
                    continue;
                }
                let outer = &points[rings[0].clone()];
                let area = ring_area(outer).abs();
                for p in &points {
                    bounds[0] = bounds[0].min(p[0]);
                    bounds[1] = bounds[1].min(p[1]);
                    bounds[2] = bounds[2].max(p[0]);
                    bounds[3] = bounds[3].max(p[1]);
                }
                if let Some(n) = nation
                    && area > largest[n].0
                {
                    largest[n] = (area, centroid(outer));
                }
                let mut triangles = Vec::new();
                earcut.earcut(points.iter().copied(), &holes, &mut triangles);
                lands.push(Land {
                    country: ci,
                    nation,
                    points,
                    triangles,
                    rings,
                    area,
                });
            }
        }
        let anchors = scenario
            .nations
            .iter()
            .enumerate()
            .map(|(n, nation)| {
                if let MapArea::Rest = nation.map {
                    // A bloc spread over the world: no single place stands for it.
                    None
                } else if largest[n].0 > 0.0 {
                    Some(largest[n].1)
                } else {
                    None
                }
            })
            .collect();
        WorldMap {
            lands,
            bounds,
            anchors,
        }
    }

    /// Width over height of the map.
    pub fn aspect(&self) -> f32 {
        (self.bounds[2] - self.bounds[0]) / (self.bounds[3] - self.bounds[1])
    }

    /// Screen position of a map point when the map is fitted into `rect` (centred, aspect
    /// kept).
    pub fn to_screen(&self, rect: Rect, p: [f32; 2]) -> Pos2 {
        let (w, h) = (
            self.bounds[2] - self.bounds[0],
            self.bounds[3] - self.bounds[1],
        );
        let scale = (rect.width() / w).min(rect.height() / h);
        let (ox, oy) = (
            rect.center().x - w * scale / 2.0,
            rect.center().y - h * scale / 2.0,
        );
        Pos2::new(
            ox + (p[0] - self.bounds[0]) * scale,
            oy + (self.bounds[3] - p[1]) * scale,
        )
    }

    /// The country under a screen point, if any.
    pub fn hit(&self, rect: Rect, pos: Pos2) -> Option<&Land> {
        self.lands.iter().find(|l| {
            l.triangles.chunks(3).any(|t| {
                let [a, b, c] =
                    [t[0], t[1], t[2]].map(|i| self.to_screen(rect, l.points[i as usize]));
                in_triangle(pos, a, b, c)
            })
        })
    }
}

fn in_triangle(p: Pos2, a: Pos2, b: Pos2, c: Pos2) -> bool {
    let side = |u: Pos2, v: Pos2| (v.x - u.x) * (p.y - u.y) - (v.y - u.y) * (p.x - u.x);
    let (d1, d2, d3) = (side(a, b), side(b, c), side(c, a));
    let neg = d1 < 0.0 || d2 < 0.0 || d3 < 0.0;
    let pos = d1 > 0.0 || d2 > 0.0 || d3 > 0.0;
    !(neg && pos)
}

/// Paints the map into `rect`: countries filled with `fill(nation)`, borders in `border`.
pub fn draw(
    painter: &egui::Painter,
    map: &WorldMap,
    rect: Rect,
    fill: impl Fn(Option<NationIdx>) -> Color32,
    border: Stroke,
) {
    let mut mesh = Mesh::default();
    for land in &map.lands {
        let colour = fill(land.nation);
        let base = mesh.vertices.len() as u32;
        mesh.vertices.extend(land.points.iter().map(|&p| Vertex {
            pos: map.to_screen(rect, p),
            uv: egui::epaint::WHITE_UV,
            color: colour,
        }));
        mesh.indices.extend(land.triangles.iter().map(|i| base + i));
    }
    painter.add(Shape::mesh(mesh));
    // Borders as separate segments: a path's mitred joins would spike where a ring turns
    // back on itself (as along the map's edge, where the far side is folded onto it).
    let mut segments = Vec::new();
    for land in &map.lands {
        for ring in &land.rings {
            let pts = &land.points[ring.clone()];
            for (i, &a) in pts.iter().enumerate() {
                let (a, b) = (
                    map.to_screen(rect, a),
                    map.to_screen(rect, pts[(i + 1) % pts.len()]),
                );
                if a.distance_sq(b) > 0.01 {
                    segments.push(Shape::line_segment([a, b], border));
                }
            }
        }
    }
    painter.extend(segments);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::default_scenario;

    #[test]
    fn projection_is_the_natural_earth_one() {
        assert_eq!(project(0.0, 0.0), [0.0, 0.0]);
        let [x, _] = project(180.0, 0.0);
        assert!((x - 2.7353).abs() < 1e-3, "{x}");
        let [_, y] = project(0.0, 90.0);
        assert!((y - 1.4224).abs() < 1e-3, "{y}");
        // Symmetric about both axes.
        let [a, b] = project(-45.0, -30.0);
        let [c, d] = project(45.0, 30.0);
        assert_eq!((a, b), (-c, -d));
    }

    #[test]
    fn every_country_is_filled_and_every_nation_placed() {
        let s = default_scenario().unwrap();
        let map = WorldMap::build(&s);
        assert!(map.lands.len() > 200, "{} shapes", map.lands.len());
        for l in &map.lands {
            assert!(
                !l.triangles.is_empty(),
                "{}",
                geo::countries()[l.country].name
            );
            // The triangles cover the shape: their areas add up to its area less its holes.
            let tri: f32 = l
                .triangles
                .chunks(3)
                .map(|t| ring_area(&[t[0], t[1], t[2]].map(|i| l.points[i as usize])).abs())
                .sum();
            let holes: f32 = l.rings[1..]
                .iter()
                .map(|r| ring_area(&l.points[r.clone()]).abs())
                .sum();
            assert!(
                (tri - (l.area - holes)).abs() <= 0.02 * l.area + 1e-6,
                "{}: {tri} vs {}",
                geo::countries()[l.country].name,
                l.area - holes
            );
        }
        // Every country belongs to a nation (the rest of the world takes what others leave).
        assert!(map.lands.iter().all(|l| l.nation.is_some()));
        let of = |name: &str| {
            let c = geo::countries()
                .iter()
                .position(|c| c.name == name)
                .unwrap();
            map.lands.iter().find(|l| l.country == c).unwrap().nation
        };
        let id = |n: Option<usize>| s.nations[n.unwrap()].id.clone();
        assert_eq!(id(of("China")), "CN");
        assert_eq!(id(of("France")), "EU");
        assert_eq!(id(of("Brazil")), "ROW");
        // Anchors: inside the map, Washington-ish for the US; none for the bloc.
        let us = map.anchors[0].unwrap();
        assert!(us[0] < 0.0 && us[1] > 0.0);
        assert!(map.anchors[5].is_none());
        assert!(map.aspect() > 1.7 && map.aspect() < 2.3, "{}", map.aspect());
    }

    #[test]
    fn no_edge_spans_the_map() {
        let map = WorldMap::build(&default_scenario().unwrap());
        let width = map.bounds[2] - map.bounds[0];
        for l in &map.lands {
            for r in &l.rings {
                let pts = &l.points[r.clone()];
                for (i, a) in pts.iter().enumerate() {
                    let b = pts[(i + 1) % pts.len()];
                    assert!(
                        (a[0] - b[0]).abs() < width / 3.0,
                        "{}",
                        geo::countries()[l.country].name
                    );
                }
            }
        }
    }

    #[test]
    fn a_click_finds_the_country_under_it() {
        let s = default_scenario().unwrap();
        let map = WorldMap::build(&s);
        let rect = Rect::from_min_size(Pos2::ZERO, egui::vec2(1000.0, 500.0));
        // The middle of Australia.
        let p = map.to_screen(rect, project(134.0, -25.0));
        let land = map.hit(rect, p).expect("land");
        assert_eq!(geo::countries()[land.country].name, "Australia");
        // The middle of the Pacific.
        let sea = map.to_screen(rect, project(-150.0, 0.0));
        assert!(map.hit(rect, sea).is_none());
    }
}
