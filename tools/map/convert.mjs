// Converts Natural Earth country shapes, as TopoJSON from the npm package `world-atlas`, into
// the game's map asset: one JSON object per country with its ISO 3166-1 numeric code, its name
// and its polygons (outer ring first, then holes) as flat [lon, lat, lon, lat, ...] lists in
// degrees rounded to 0.01. Run through build.sh; no dependencies beyond Node.
//
//   node convert.mjs countries-110m.json VERSION > ../../assets/map/countries-110m.json

import { readFileSync } from "node:fs";

const topo = JSON.parse(readFileSync(process.argv[2], "utf8"));
const [sx, sy] = topo.transform.scale;
const [tx, ty] = topo.transform.translate;

// Arcs are delta-encoded integer positions; decode each into absolute degrees.
const arcs = topo.arcs.map((arc) => {
  let x = 0;
  let y = 0;
  return arc.map(([dx, dy]) => {
    x += dx;
    y += dy;
    return [x * sx + tx, y * sy + ty];
  });
});

// A ring is a list of arc indices; a negative index ~i means arc i reversed. Consecutive
// arcs share their end point, which is kept once.
function ring(indices) {
  const points = [];
  for (const i of indices) {
    const arc = i >= 0 ? arcs[i] : arcs[~i].slice().reverse();
    arc.forEach((p, k) => {
      if (k > 0 || points.length === 0) points.push(p);
    });
  }
  const flat = [];
  let last = null;
  for (const [lon, lat] of points) {
    const q = [Math.round(lon * 100) / 100, Math.round(lat * 100) / 100];
    if (last && last[0] === q[0] && last[1] === q[1]) continue;
    flat.push(q[0], q[1]);
    last = q;
  }
  // Drop the closing point (the first repeated): the game closes rings itself.
  if (flat.length >= 4 && flat[0] === flat[flat.length - 2] && flat[1] === flat[flat.length - 1]) {
    flat.length -= 2;
  }
  return flat;
}

const countries = [];
for (const g of topo.objects.countries.geometries) {
  let polygons;
  if (g.type === "Polygon") polygons = [g.arcs];
  else if (g.type === "MultiPolygon") polygons = g.arcs;
  else continue;
  const shapes = polygons
    .map((rings) => rings.map(ring).filter((r) => r.length >= 6))
    .filter((rings) => rings.length > 0);
  if (shapes.length === 0) continue;
  countries.push({ iso: g.id ?? "", name: g.properties?.name ?? "", polygons: shapes });
}
countries.sort((a, b) => (a.iso + a.name).localeCompare(b.iso + b.name));

// One country per line: readable diffs, small file.
const lines = countries.map((c) => "  " + JSON.stringify(c));
process.stdout.write(
  '{\n"source": "Natural Earth 1:110m admin-0 countries (public domain), via the npm package world-atlas ' +
    (process.argv[3] ?? "") +
    '",\n"countries": [\n' +
    lines.join(",\n") +
    "\n]}\n",
);
