// "/documents/{id}": a report's clean text with every extracted span highlighted (actors,
// places, times, figures, events, agreement actions). `?hl=start-end` marks the sentence a
// link came from and scrolls to it; clicking a highlight lists what was found there.
import { externalLink, h, message, replaceChildren } from "../dom.js";
import { getJSON } from "../api.js";
import { segments } from "../highlight.js";
import { facts, typeChip } from "../components.js";
import { actionLabel } from "../colors.js";
import { fileName, formatDate, formatFatalities, plural } from "../format.js";

// Word-level kinds get a background, sentence-level kinds a line under the text, so both
// stay visible where they overlap. The order is the legend's.
const KINDS = [
  ["actor", "Actors"], ["place", "Places"], ["time", "Dates and times"],
  ["trigger", "Event words"], ["event", "Event sentences"], ["quantity", "Figures"],
  ["agreement", "Agreement actions"],
];

export async function documentView({ params, query, signal }) {
  const data = await getJSON(`documents/${encodeURIComponent(params.id)}`, {}, signal);
  const meta = data.document || {};
  const heading = meta.title || fileName(meta.path) || "Untitled report";
  document.title = `${heading} · ceasefire`;
  const text = data.text || "";
  const focus = parseRange(query.get("hl"), text.length);
  const spans = collectSpans(data);
  const info = h("aside", { class: "panel span-info", "aria-live": "polite" },
    message("Click a highlighted word to see what was found there.", "hint"));
  const names = new Map((data.actors || []).map((a) => [a.id, a.name]));
  const body = textBody(text, spans, focus, (found) => showFound(info, found, text, names));
  if (focus) queueFocus(body);
  return h("div", { class: "view document" },
    h("h1", {}, heading),
    facts([
      ["Published", meta.published ? formatDate(meta.published) : "unknown"],
      ["Source", meta.source], ["Link", externalLink(meta.url)], ["File", meta.path],
      ["Also carried by", otherSources(data.sources || [], meta.path)],
    ]),
    legend(spans, body),
    h("div", { class: "document-layout" }, body, info),
    foundLists(data, text));
}

function parseRange(value, length) {
  const found = /^(\d+)-(\d+)$/.exec(value || "");
  if (!found) return null;
  const [start, end] = [Number(found[1]), Number(found[2])];
  return start < end && end <= length ? { start, end } : null;
}

/** Every span to highlight, with the kind and a label for the info panel. */
function collectSpans(data) {
  const out = [];
  const add = (kind, span, label, item) => span && out.push({
    kind, start: span.start, end: span.end, label, item,
  });
  for (const a of data.actors || []) for (const m of a.mentions || []) add("actor", m, a.name, a);
  for (const p of data.places || []) for (const m of p.mentions || []) add("place", m, p.name, p);
  for (const t of data.times || []) add("time", t, t.date ? formatDate(t.date, t.precision) : t.text, t);
  for (const q of data.quantities || []) add("quantity", q.evidence, figureLabel(q), q);
  for (const e of data.events || []) {
    add("event", e.evidence, e.type, e);
    add("trigger", e.trigger, e.type, e);
  }
  for (const g of data.agreements || []) {
    for (const act of g.actions || []) add("agreement", act.evidence,
      `${g.name}: ${actionLabel(act.action)}`, { agreement: g, action: act });
  }
  return out;
}

function figureLabel(q) {
  const n = formatFatalities(q);
  return `${n || "?"} ${q.victims || ""} ${q.kind || ""}`.replace(/\s+/g, " ").trim();
}

function textBody(text, spans, focus, onPick) {
  const all = focus ? [...spans, { kind: "focus", ...focus }] : spans;
  const pieces = segments(text.length, all).map((seg) => piece(text, seg, onPick));
  return h("div", { class: "doc-text", lang: "en" }, pieces);
}

function piece(text, seg, onPick) {
  const words = text.slice(seg.start, seg.end);
  if (seg.covering.length === 0) return words;
  const kinds = [...new Set(seg.covering.map((sp) => sp.kind))];
  const found = seg.covering.filter((sp) => sp.kind !== "focus");
  // Offsets on each piece let a reader (or a test) map it back to the text.
  const el = h("span", { class: ["seg", ...kinds.map((k) => `k-${k}`)].join(" "),
    "data-start": seg.start, "data-end": seg.end }, words);
  if (found.length) {
    el.setAttribute("title", found.map((sp) => `${sp.kind}: ${sp.label}`).join("\n"));
    el.addEventListener("click", () => onPick(found));
  }
  return el;
}

function queueFocus(body) {
  // After the view is on the page: bring the marked sentence into view.
  requestAnimationFrame(() => {
    const first = body.querySelector(".k-focus");
    if (first) first.scrollIntoView({ block: "center" });
  });
}

function legend(spans, body) {
  const counts = new Map();
  for (const sp of spans) counts.set(sp.kind, (counts.get(sp.kind) || 0) + 1);
  return h("fieldset", { class: "doc-legend" }, h("legend", {}, "Highlight"),
    KINDS.filter(([k]) => counts.has(k)).map(([kind, label]) => {
      const box = h("input", { type: "checkbox", checked: true, id: `show-${kind}` });
      box.addEventListener("change", () => body.classList.toggle(`hide-${kind}`, !box.checked));
      return h("label", { for: `show-${kind}`, class: `legend-kind k-${kind}` }, box,
        ` ${label} (${counts.get(kind)})`);
    }));
}

function showFound(info, found, text, names) {
  replaceChildren(info, h("h2", {}, "Found here"),
    h("ul", { class: "found" }, found.map((sp) => h("li", {}, describe(sp, text, names)))));
}

function describe(sp, text, names) {
  const quote = h("q", {}, text.slice(sp.start, sp.end));
  const it = sp.item || {};
  switch (sp.kind) {
    case "actor": return [h("strong", {}, "Actor: "), it.name, ` (${[it.id, it.country,
      it.sector].filter(Boolean).join(", ")})`];
    case "place": return [h("strong", {}, "Place: "), it.name, ` (${[it.kind, it.country]
      .filter(Boolean).join(", ")})`];
    case "time": return [h("strong", {}, "Date: "), sp.label, " from ", quote];
    case "quantity": return [h("strong", {}, "Figure: "), sp.label,
      it.claimed_by ? ` (given by ${names.get(it.claimed_by) || it.claimed_by})` : ""];
    case "event": case "trigger": return [h("strong", {}, "Event: "), typeChip(it.type),
      ` ${it.status || ""}`, it.time && it.time.date ? `, ${formatDate(it.time.date,
        it.time.precision)}` : ""];
    case "agreement": return [h("strong", {}, "Agreement: "), sp.label];
    default: return sp.label || "";
  }
}

function otherSources(sources, path) {
  const others = sources.filter((src) => src.path !== path);
  if (others.length === 0) return null;
  return h("ul", { class: "plain" }, others.map((src) =>
    h("li", {}, src.source || src.path, src.duplicate ? h("span", { class: "muted" },
      ` (${src.duplicate === "D_EXACT" ? "exact copy" : "near copy"})`) : null)));
}

function foundLists(data, text) {
  const events = data.events || [];
  return h("section", { class: "found-lists" },
    h("h2", {}, "What was found"),
    h("p", {}, [plural((data.actors || []).length, "actor"), plural((data.places || []).length,
      "place"), plural((data.times || []).length, "date"), plural((data.quantities || []).length,
      "figure"), plural(events.length, "event"), plural((data.agreements || []).length,
      "agreement")].join(" · ")),
    events.length ? h("ol", { class: "doc-events" }, events.map((e) => h("li", {},
      typeChip(e.type), " ", h("a", { href: `?hl=${e.evidence.start}-${e.evidence.end}` },
        e.trigger ? e.trigger.text : text.slice(e.evidence.start, e.evidence.end)),
      ` · ${e.status}`))) : null);
}
