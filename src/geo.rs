//! Country shapes for the world map: Natural Earth 1:110m admin-0 countries (public domain),
//! converted once from the npm package `world-atlas` by `tools/map/build.sh` into
//! `assets/map/countries-110m.json` and embedded in the binary. Plain data: scenarios name the
//! countries each nation covers (validated against [`names`]); the desktop game draws them.

use std::sync::OnceLock;

use serde::Deserialize;

/// The embedded asset.
pub const COUNTRIES_JSON: &str = include_str!("../assets/map/countries-110m.json");

/// One country: its ISO 3166-1 numeric code (empty for a few disputed areas), its Natural
/// Earth name, and its polygons, each a list of rings (the outer ring, then holes), each ring a
/// flat `[lon, lat, lon, lat, ...]` list in degrees.
#[derive(Debug, Clone, Deserialize)]
pub struct Country {
    pub iso: String,
    pub name: String,
    pub polygons: Vec<Vec<Vec<f32>>>,
}

#[derive(Deserialize)]
struct Atlas {
    source: String,
    countries: Vec<Country>,
}

fn atlas() -> &'static Atlas {
    static ATLAS: OnceLock<Atlas> = OnceLock::new();
    ATLAS.get_or_init(|| {
        // The asset is part of the build and checked by a test; a broken one cannot ship.
        serde_json::from_str(COUNTRIES_JSON).unwrap_or_else(|_| Atlas {
            source: String::new(),
            countries: Vec::new(),
        })
    })
}

/// Every country on the map, sorted by ISO code then name.
pub fn countries() -> &'static [Country] {
    &atlas().countries
}

/// Where the shapes come from.
pub fn source() -> &'static str {
    &atlas().source
}

/// The names a scenario may use in a nation's `map`.
pub fn names() -> Vec<&'static str> {
    countries().iter().map(|c| c.name.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_map_is_whole() {
        let c = countries();
        assert!(c.len() > 170, "{} countries", c.len());
        assert!(source().contains("Natural Earth"));
        for k in c {
            assert!(!k.name.is_empty());
            for poly in &k.polygons {
                for ring in poly {
                    assert!(ring.len() >= 6 && ring.len() % 2 == 0, "{}", k.name);
                    for p in ring.chunks(2) {
                        assert!((-180.0..=180.0).contains(&p[0]), "{}", k.name);
                        assert!((-90.0..=90.0).contains(&p[1]), "{}", k.name);
                    }
                }
            }
        }
        let names = names();
        for n in [
            "United States of America",
            "China",
            "Japan",
            "Australia",
            "Germany",
        ] {
            assert!(names.contains(&n), "{n}");
        }
    }
}
