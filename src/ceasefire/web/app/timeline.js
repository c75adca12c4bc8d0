// Events and fatalities over time as SVG bars: events per day stacked by type above the
// axis, people killed per day below it. A long range is binned by week, month or year
// (the caption says which); clicking a bar narrows the view to its dates.
import { h, s } from "./dom.js";
import { TYPES, typeColour, typeLabel } from "./colors.js";
import { fatalityCount, formatDate, formatNumber, plural } from "./format.js";

const WIDTH = 960;
const UP = 120; // px for the event bars
const DOWN = 70; // px for the fatality bars
const AXIS = 22;
const LEFT = 44;
// At most this many bars: 960 px / 240 leaves 3 px and a gap per bar, the narrowest that
// still takes a click. Days, then weeks, months, years: the finest unit that fits.
const MAX_BARS = 240;
const DAY = 86400000;

const UNITS = [
  { name: "day", start: (t) => t, next: (t) => t + DAY },
  { name: "week", start: (t) => t - ((new Date(t).getUTCDay() + 6) % 7) * DAY,
    next: (t) => t + 7 * DAY },
  { name: "month", start: (t) => Date.UTC(year(t), month(t), 1),
    next: (t) => Date.UTC(year(t), month(t) + 1, 1) },
  { name: "year", start: (t) => Date.UTC(year(t), 0, 1), next: (t) => Date.UTC(year(t) + 1, 0, 1) },
];

function year(t) { return new Date(t).getUTCFullYear(); }
function month(t) { return new Date(t).getUTCMonth(); }
function parse(iso) { return Date.parse(`${iso}T00:00:00Z`); }
function iso(t) { return new Date(t).toISOString().slice(0, 10); }

/** The timeline figure, or a note when no event has a day-precise date. */
export function timeline(events, { onPick } = {}) {
  const dated = events.filter((e) => e.date && (e.precision || "day") === "day");
  const skipped = events.length - dated.length;
  if (dated.length === 0) return h("p", { class: "hint" }, "No event in view has an exact day.");
  const times = dated.map((e) => parse(e.date));
  const first = Math.min(...times);
  const last = Math.max(...times);
  const unit = UNITS.find((u) => countBins(u, first, last) <= MAX_BARS) || UNITS[3];
  const bins = makeBins(unit, first, last, dated);
  return h("figure", { class: "timeline" },
    chart(bins, unit, onPick),
    h("figcaption", {}, caption(unit, dated.length, skipped)));
}

function countBins(unit, first, last) {
  let n = 0;
  for (let t = unit.start(first); t <= last && n <= MAX_BARS; t = unit.next(t)) n += 1;
  return n;
}

function makeBins(unit, first, last, dated) {
  const bins = [];
  const index = new Map();
  for (let t = unit.start(first); t <= last; t = unit.next(t)) {
    index.set(t, bins.length);
    bins.push({ start: t, end: unit.next(t) - DAY, byType: new Map(), n: 0, killed: 0 });
  }
  for (const e of dated) {
    const bin = bins[index.get(unit.start(parse(e.date)))];
    bin.n += 1;
    bin.killed += fatalityCount(e.fatalities);
    bin.byType.set(e.type, (bin.byType.get(e.type) || 0) + 1);
  }
  return bins;
}

function chart(bins, unit, onPick) {
  const most = Math.max(1, ...bins.map((b) => b.n));
  const killed = Math.max(0, ...bins.map((b) => b.killed));
  const step = (WIDTH - LEFT) / bins.length;
  const height = UP + AXIS + DOWN;
  return s("svg", { viewBox: `0 0 ${WIDTH} ${height}`, class: "timeline-chart", role: "group",
    "aria-label": `Events and people killed per ${unit.name}` },
  s("text", { x: 0, y: 12, class: "axis-label" }, formatNumber(most)),
  s("text", { x: 0, y: UP, class: "axis-label" }, "events"),
  killed > 0 ? s("text", { x: 0, y: height - 2, class: "axis-label killed" },
    formatNumber(killed)) : null,
  s("text", { x: 0, y: UP + AXIS + 12, class: "axis-label killed" }, "killed"),
  s("line", { x1: LEFT, x2: WIDTH, y1: UP, y2: UP, class: "axis" }),
  bins.map((b, i) => bar(b, unit, LEFT + i * step, step, most, killed, onPick)),
  ticks(bins, unit, step));
}

function bar(bin, unit, x, step, most, killed, onPick) {
  const width = Math.max(1, step - (step > 4 ? 1 : 0));
  const label = binLabel(bin, unit);
  const parts = [];
  let top = UP;
  for (const [type] of TYPES.concat([["OTHER"]])) {
    const n = type === "OTHER" ? otherCount(bin) : bin.byType.get(type) || 0;
    if (!n) continue;
    const tall = (n / most) * (UP - 16);
    top -= tall;
    parts.push(s("rect", { x, y: top, width, height: tall, fill: typeColour(type) }));
  }
  if (bin.killed > 0) {
    const deep = (bin.killed / killed) * (DOWN - 16);
    parts.push(s("rect", { x, y: UP + AXIS, width, height: deep, class: "killed-bar" }));
  }
  const summary = `${label}: ${plural(bin.n, "event")}, ${formatNumber(bin.killed)} killed`;
  const pick = () => onPick && onPick(iso(bin.start), iso(bin.end));
  // A transparent full-height target makes even a 1-event day easy to click.
  parts.push(s("rect", { x, y: 0, width: Math.max(width, 3), height: UP + AXIS + DOWN,
    class: "bar-target", tabindex: bin.n ? "0" : null, role: bin.n ? "button" : null,
    "aria-label": bin.n ? summary : null,
    on: { click: pick, keydown: (ev) => ev.key === "Enter" && pick() } },
  s("title", {}, summary + typeBreakdown(bin))));
  return s("g", { class: bin.n ? "bar" : "bar empty" }, parts);
}

function otherCount(bin) {
  let n = 0;
  for (const [type, count] of bin.byType) if (!TYPES.some(([t]) => t === type)) n += count;
  return n;
}

function typeBreakdown(bin) {
  const lines = [...bin.byType].sort((a, b) => b[1] - a[1])
    .map(([type, n]) => `\n${typeLabel(type)}: ${n}`);
  return lines.join("");
}

function binLabel(bin, unit) {
  if (unit.name === "day") return formatDate(iso(bin.start));
  if (unit.name === "week") return `week of ${formatDate(iso(bin.start))}`;
  return formatDate(iso(bin.start), unit.name);
}

// About six labels along the axis, at bin starts.
function ticks(bins, unit, step) {
  const every = Math.max(1, Math.ceil(bins.length / 6));
  const marks = [];
  for (let i = 0; i < bins.length; i += every) {
    const x = LEFT + i * step + step / 2;
    marks.push(s("text", { x, y: UP + 15, class: "tick", "text-anchor": i ? "middle" : "start" },
      unit.name === "year" ? String(year(bins[i].start)) : binLabel(bins[i], unit)
        .replace("week of ", "")));
  }
  return s("g", { class: "ticks" }, marks);
}

function caption(unit, n, skipped) {
  const per = unit.name === "day" ? "per day" : `per ${unit.name} (the range is too long for days)`;
  const note = skipped ? ` ${plural(skipped, "event")} dated only to a week, month or year ` +
    "are left out." : "";
  return `Events (above, by type) and people killed (below) ${per}, ${plural(n, "event")}. ` +
    `Click a bar to narrow the view to its dates.${note}`;
}
