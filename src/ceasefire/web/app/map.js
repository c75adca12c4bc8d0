// The event map: country outlines (world-atlas, shipped with the build) drawn as SVG with
// d3-geo, one circle per event coloured by PLOVER type and sized by fatalities. No tiles.
import { geoNaturalEarth1, geoPath, geoGraticule10 } from "d3-geo";
import { feature, mesh } from "topojson-client";
import { h, s } from "./dom.js";
import { typeColour, typeLabel, TYPES } from "./colors.js";
import { fatalityCount, formatDate, formatFatalities, formatNumber } from "./format.js";

const WIDTH = 960;
const HEIGHT = 500;
// Radius in px: 4 for an event without figures, up to 4 + GROW for the deadliest in view.
// Area grows with the count (square root), so a 400-death attack looks 4x a 100-death one.
const BASE_R = 4;
const GROW = 22;
// Fitting to the events leaves this many degrees around them, and never zooms in closer
// than MIN_SPAN degrees: one city alone still shows its neighbours' borders.
const PAD_DEG = 4;
const MIN_SPAN = 24;

let outlines = null; // the parsed TopoJSON, fetched once per page load

async function loadOutlines(signal) {
  if (!outlines) {
    const res = await fetch("/assets/countries-110m.json", { signal });
    if (!res.ok) throw new Error(`country outlines: HTTP ${res.status}`);
    const topo = await res.json();
    outlines = {
      land: feature(topo, topo.objects.countries),
      borders: mesh(topo, topo.objects.countries, (a, b) => a !== b),
    };
  }
  return outlines;
}

/** The map figure. `onSelect(events, chosen)` receives all events at the clicked spot. */
export async function eventMap(events, { signal, onSelect, fit = "events" }) {
  const { land, borders } = await loadOutlines(signal);
  const located = events.filter((e) => e.place && Number.isFinite(e.place.lat) &&
    Number.isFinite(e.place.lon));
  const projection = geoNaturalEarth1();
  fitProjection(projection, fit === "events" ? located : []);
  const path = geoPath(projection);
  const svg = s("svg", {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "map", role: "group",
    "aria-label": `Map of ${located.length} events with a known place`,
  },
  s("defs", {}, s("clipPath", { id: "map-clip" }, s("rect", { width: WIDTH, height: HEIGHT }))),
  s("rect", { class: "sea", width: WIDTH, height: HEIGHT }),
  s("g", { "clip-path": "url(#map-clip)" },
    s("path", { class: "graticule", d: path(geoGraticule10()) }),
    s("g", { class: "countries" }, land.features.map((f) => countryPath(f, path))),
    s("path", { class: "borders", d: path(borders) }),
    s("g", { class: "points" }, points(located, projection, onSelect))));
  return { svg, located: located.length };
}

function fitProjection(projection, located) {
  if (located.length === 0) {
    projection.fitExtent([[4, 4], [WIDTH - 4, HEIGHT - 4]], { type: "Sphere" });
    return;
  }
  const lons = located.map((e) => e.place.lon);
  const lats = located.map((e) => e.place.lat);
  const box = widen([Math.min(...lons), Math.max(...lons)], -180, 180);
  const tall = widen([Math.min(...lats), Math.max(...lats)], -85, 85);
  const corners = {
    type: "MultiPoint",
    coordinates: [[box[0], tall[0]], [box[1], tall[1]], [box[0], tall[1]], [box[1], tall[0]]],
  };
  projection.fitExtent([[16, 16], [WIDTH - 16, HEIGHT - 16]], corners);
}

function widen([lo, hi], min, max) {
  const extra = Math.max(PAD_DEG, (MIN_SPAN - (hi - lo)) / 2);
  return [Math.max(min, lo - extra), Math.min(max, hi + extra)];
}

function countryPath(feature, path) {
  const name = feature.properties && feature.properties.name;
  return s("path", { class: "country", d: path(feature) }, name ? s("title", {}, name) : null);
}

function points(located, projection, onSelect) {
  const most = Math.max(1, ...located.map((e) => fatalityCount(e.fatalities)));
  const groups = groupBySpot(located, projection);
  // Largest first, so small circles stay on top and can still be clicked.
  const ordered = [...located].sort((a, b) =>
    fatalityCount(b.fatalities) - fatalityCount(a.fatalities));
  return ordered.map((e) => {
    const [x, y] = projection([e.place.lon, e.place.lat]);
    const r = BASE_R + GROW * Math.sqrt(fatalityCount(e.fatalities) / most);
    const here = groups.get(spotKey(x, y));
    const choose = () => onSelect && onSelect(here, e);
    return s("circle", {
      class: "point", cx: x.toFixed(1), cy: y.toFixed(1), r: r.toFixed(1),
      fill: typeColour(e.type), tabindex: "0", role: "button", "data-event": e.id,
      "aria-label": pointLabel(e, here.length),
      on: { click: choose, keydown: (ev) => (ev.key === "Enter" || ev.key === " ") &&
        (ev.preventDefault(), choose()) },
    }, s("title", {}, pointLabel(e, here.length)));
  });
}

function pointLabel(e, together) {
  const parts = [typeLabel(e.type), e.place.name, formatDate(e.date, e.precision)];
  const dead = formatFatalities(e.fatalities);
  if (dead) parts.push(`${dead} killed`);
  if (together > 1) parts.push(`${together} events here`);
  return parts.join(" · ");
}

// Events at the same spot (to the pixel) are listed together when one of them is clicked.
function spotKey(x, y) {
  return `${Math.round(x)},${Math.round(y)}`;
}

function groupBySpot(located, projection) {
  const groups = new Map();
  for (const e of located) {
    const [x, y] = projection([e.place.lon, e.place.lat]);
    const key = spotKey(x, y);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(e);
  }
  return groups;
}

/** Colour legend (types present first, each a filter link) and a size legend. */
export function mapLegend(events, typeHref) {
  const present = new Map();
  for (const e of events) present.set(e.type, (present.get(e.type) || 0) + 1);
  const items = TYPES.filter(([t]) => present.has(t)).map(([t]) =>
    h("li", {}, h("a", { href: typeHref(t), class: "legend-item" },
      swatch(t), `${typeLabel(t)} (${present.get(t)})`)));
  const most = Math.max(0, ...events.map((e) => fatalityCount(e.fatalities)));
  return h("div", { class: "legend" },
    h("ul", { class: "legend-types", "aria-label": "Event types (click to filter)" }, items),
    most > 0 ? sizeLegend(most) : h("p", { class: "hint" }, "No fatalities reported in view."));
}

/** A small dot in the type's colour (an SVG fill, not a style: the CSP forbids inline styles). */
export function swatch(type) {
  return s("svg", { class: "swatch", viewBox: "0 0 10 10", "aria-hidden": "true" },
    s("circle", { cx: 5, cy: 5, r: 5, fill: typeColour(type) }));
}

function sizeLegend(most) {
  const steps = [0, Math.round(most / 4), most].filter((v, i, a) => a.indexOf(v) === i);
  const rOf = (v) => BASE_R + GROW * Math.sqrt(v / most);
  const width = steps.reduce((acc, v) => acc + 2 * rOf(v) + 36, 0);
  let x = 0;
  const marks = steps.map((v) => {
    const r = rOf(v);
    x += r;
    const g = s("g", {}, s("circle", { class: "size-key", cx: x, cy: 28 - r, r }),
      s("text", { x, y: 42, "text-anchor": "middle" }, formatNumber(v)));
    x += r + 36;
    return g;
  });
  return h("figure", { class: "size-legend" },
    s("svg", { viewBox: `-2 -24 ${width} 70`, width: Math.ceil(width), height: 70,
      "aria-hidden": "true" }, marks),
    h("figcaption", {}, "Circle size: people killed"));
}
