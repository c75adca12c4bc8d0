// "/events": every event in a table, filtered and paged through the URL, with downloads of
// the same selection as CSV or GeoJSON.
import { h, withEmphasis } from "../dom.js";
import { TABLE_PAGE, documentHref, eventFilters, eventPage, exportUrl, getJSON } from "../api.js";
import { filterForm } from "../filters.js";
import { labelCells, statusBadge, typeChip, who } from "../components.js";
import { formatDate, formatFatalities, formatNumber, plural } from "../format.js";

export async function eventsView({ query, signal }) {
  document.title = "Events · ceasefire";
  const filters = eventFilters(query);
  const page = Math.max(1, Number.parseInt(query.get("page") || "1", 10) || 1);
  const [found, actors] = await Promise.all([
    eventPage(filters, page, TABLE_PAGE, signal),
    getJSON("actors", { limit: 200 }, signal).catch(() => null),
  ]);
  return h("div", { class: "view events" },
    h("h1", {}, "Events"),
    filterForm(["country", "type", "actor", "since", "until", "text", "status"], query,
      { actors: actorOptions(actors) }),
    summary(found, filters),
    found.events.length ? table(found.events) : h("p", { class: "empty" },
      "No event matches these filters."),
    pager(found, query));
}

function actorOptions(body) {
  const items = body ? body.items || [] : [];
  return items.map((a) => [a.name, a.country ? `${a.id} · ${a.country}` : a.id]);
}

function summary(found, filters) {
  const first = (found.page - 1) * found.pageSize + 1;
  const last = first + found.events.length - 1;
  const range = found.events.length ? `, ${formatNumber(first)}–${formatNumber(last)} shown` : "";
  return h("p", { class: "coverage" }, `${plural(found.total, "event")} match${range}. `,
    "Download: ", h("a", { href: exportUrl(filters, "csv"), download: "events.csv" }, "CSV"),
    " · ", h("a", { href: exportUrl(filters, "geojson"), download: "events.geojson" },
      "GeoJSON"));
}

const COLUMNS = ["Date", "Type", "Who", "Where", "Killed", "Status", "Sentence"];

function table(events) {
  return h("div", { class: "table-wrap" },
    labelCells(h("table", { class: "event-table stack" },
      h("thead", {}, h("tr", {}, COLUMNS.map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, events.map(row)))));
}

function row(e) {
  const ev = e.evidence || { text: "", start: 0 };
  const trigger = e.trigger || { start: -1, end: -1 };
  return h("tr", { "data-event": e.id },
    h("td", { class: "nowrap" }, formatDate(e.date, e.precision || "day")),
    h("td", {}, typeChip(e.type)),
    h("td", {}, who(e)),
    h("td", {}, e.place ? e.place.name : "", e.country ? h("span", { class: "muted" },
      ` ${e.country}`) : null),
    h("td", { class: "num" }, formatFatalities(e.fatalities)),
    h("td", {}, statusBadge(e.status, e.attributedTo)),
    h("td", { class: "sentence" },
      withEmphasis(ev.text, trigger.start - ev.start, trigger.end - ev.start), " ",
      e.doc.id ? h("a", { href: documentHref(e.doc.id, e.evidence, e.id),
        class: "evidence-link", title: e.doc.title || "report" }, "in the report") : null));
}

function pager(found, query) {
  const pages = Math.max(1, Math.ceil(found.total / found.pageSize));
  if (pages === 1) return null;
  const link = (n, text, rel) => {
    const next = new URLSearchParams(query);
    next.set("page", String(n));
    return h("a", { href: `/events?${next}`, rel, class: "button secondary" }, text);
  };
  return h("nav", { class: "pager", "aria-label": "Pages" },
    found.page > 1 ? link(found.page - 1, "← Previous", "prev") : null,
    h("span", {}, `Page ${found.page} of ${pages}`),
    found.page < pages ? link(found.page + 1, "Next →", "next") : null);
}
