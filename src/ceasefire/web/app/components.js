// Pieces several views share: an event's summary, a status badge, a key-value list.
import { h, withEmphasis } from "./dom.js";
import { typeLabel } from "./colors.js";
import { swatch } from "./map.js";
import { documentHref } from "./api.js";
import { formatDate, formatFatalities } from "./format.js";

/** "A, B → C" for an event's source and target actors. */
export function who(e) {
  const src = e.source.length ? e.source.join(", ") : null;
  const tgt = e.target.length ? e.target.join(", ") : null;
  if (src && tgt) return `${src} → ${tgt}`;
  return src || (tgt ? `→ ${tgt}` : "actors not named");
}

export function typeChip(type) {
  return h("span", { class: "type-chip" }, swatch(type), typeLabel(type));
}

/** asserted / claimed (by X) / planned ...: how sure the report is that it happened. */
export function statusBadge(status, attributedTo) {
  const text = attributedTo ? `${status} by ${attributedTo}` : status;
  return h("span", { class: `badge status-${status}` }, text);
}

/** The evidence sentence with the trigger words in bold. */
export function evidenceQuote(evidence, trigger) {
  if (!evidence) return null;
  const text = evidence.text || "";
  const start = trigger ? trigger.start - evidence.start : -1;
  const end = trigger ? trigger.end - evidence.start : -1;
  return h("blockquote", { class: "evidence" }, withEmphasis(text, start, end));
}

/** An event as a card: what, when, where, who, figures, and the sentence with a link. */
export function eventCard(e, { chosen = false } = {}) {
  const dead = formatFatalities(e.fatalities);
  return h("article", { class: chosen ? "event-card chosen" : "event-card", "data-event": e.id },
    h("header", {}, typeChip(e.type),
      h("span", { class: "when" }, formatDate(e.date, e.precision || "day")),
      statusBadge(e.status, e.attributedTo)),
    h("p", { class: "who" }, who(e)),
    h("p", { class: "where" }, e.place ? e.place.name : "place not stated",
      dead ? h("span", { class: "killed" }, ` · ${dead} killed`) : null),
    evidenceQuote(e.evidence, e.trigger),
    e.doc.id ? h("p", { class: "source" },
      h("a", { href: documentHref(e.doc.id, e.evidence, e.id), class: "evidence-link" },
        "Read it in the report"),
      " — ", h("cite", {}, e.doc.title || "untitled report"),
      e.doc.published ? `, ${formatDate(e.doc.published)}` : "") : null);
}

/** A definition list from [label, value] pairs; pairs with an empty value are left out. */
export function facts(pairs) {
  const items = pairs.filter(([, v]) => v !== null && v !== undefined && v !== "" &&
    !(Array.isArray(v) && v.length === 0));
  return h("dl", { class: "facts" }, items.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

/** Gives each body cell its column's heading as `data-label`, which the stylesheet shows
 * when a narrow screen stacks a table's cells (a phone cannot show six columns). */
export function labelCells(table) {
  const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent);
  for (const row of table.querySelectorAll("tbody tr")) {
    [...row.children].forEach((td, i) => heads[i] && td.setAttribute("data-label", heads[i]));
  }
  return table;
}
