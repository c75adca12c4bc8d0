// "/": the map of events, the timeline, and the events at a clicked spot with their
// sentences. Filters and the selected event live in the URL.
import { h, message, replaceChildren } from "../dom.js";
import { eventFilters, eventsForMap, getJSON } from "../api.js";
import { eventMap, mapLegend } from "../map.js";
import { timeline } from "../timeline.js";
import { filterForm } from "../filters.js";
import { eventCard } from "../components.js";
import { setQuery } from "../router.js";
import { formatDate, formatNumber, plural } from "../format.js";

export async function overview({ query, signal }) {
  document.title = "Map · ceasefire";
  const filters = eventFilters(query);
  const [stats, found] = await Promise.all([
    getJSON("stats", {}, signal), eventsForMap(filters, signal),
  ]);
  const panel = h("aside", { class: "panel", "aria-live": "polite", id: "selection" },
    message("Click a circle to see its events and the sentences they come from.", "hint"));
  const select = (events, chosen) => showSelection(panel, events, chosen);
  const { svg, located } = await eventMap(found.events, { signal, onSelect: select });
  reopenSelection(found.events, query.get("event"), select);
  return h("div", { class: "view overview" },
    h("h1", {}, "Events on the map"),
    statsLine(stats),
    filterForm(["country", "type", "actor", "since", "until"], query, suggestions(stats)),
    coverage(found, located, query),
    h("div", { class: "map-layout" },
      h("figure", { class: "map-figure" }, svg,
        mapLegend(found.events, (t) => withQuery(query, { type: t, event: "" }))),
      panel),
    h("h2", {}, "Over time"),
    timeline(found.events, { onPick: (since, until) =>
      setQuery({ ...filters, since, until }) }));
}

function statsLine(stats) {
  const docs = stats.documents || {};
  const dates = stats.dates || {};
  const range = dates.first ? ` from ${formatDate(dates.first)} to ${formatDate(dates.last)}` : "";
  return h("p", { class: "stats-line" },
    `${plural(docs.ok || 0, "report")} processed · ${plural(stats.events || 0, "event")}` +
    ` · ${plural(stats.actors || 0, "actor")} · ${plural(stats.places || 0, "place")}${range}.`);
}

function suggestions(stats) {
  return {
    countries: (stats.by_country || []).map((c) => [c.country, `${c.country} (${c.n} events)`]),
  };
}

function coverage(found, located, query) {
  const shown = found.events.length;
  const parts = [`${plural(found.total, "event")} match`];
  if (shown < found.total) parts.push(`the first ${formatNumber(shown)} are shown`);
  const unplaced = shown - located;
  const list = withQuery(query, { event: "" }, "/events");
  return h("p", { class: "coverage" }, `${parts.join("; ")}. `,
    unplaced > 0 ? [`${plural(unplaced, "event")} without a known place `,
      "are not on the map but are in the ", h("a", { href: list }, "event table"), "."] :
      h("a", { href: list }, "See them as a table."));
}

function showSelection(panel, events, chosen) {
  const ordered = [chosen, ...events.filter((e) => e !== chosen)];
  const place = chosen.place ? chosen.place.name : "this place";
  replaceChildren(panel,
    h("h2", { tabindex: "-1" }, `${plural(events.length, "event")} at ${place}`),
    ordered.map((e) => eventCard(e, { chosen: e === chosen })));
  if (panel.isConnected) panel.querySelector("h2").focus({ preventScroll: true });
  // Remember the choice in the URL without redrawing, so a reload or a shared link reopens it.
  const url = new URL(location.href);
  url.searchParams.set("event", chosen.id);
  history.replaceState(null, "", url);
}

function reopenSelection(events, eventId, select) {
  if (!eventId) return;
  const chosen = events.find((e) => e.id === eventId);
  if (!chosen || !chosen.place || !Number.isFinite(chosen.place.lat)) return;
  const here = events.filter((e) => e.place && e.place.lat === chosen.place.lat &&
    e.place.lon === chosen.place.lon);
  select(here, chosen);
}

/** The current query with some keys changed ("" removes one), as a link. */
function withQuery(query, changes, path = location.pathname) {
  const next = new URLSearchParams(query);
  for (const [key, value] of Object.entries(changes)) {
    if (value) next.set(key, value);
    else next.delete(key);
  }
  const text = next.toString();
  return path + (text ? `?${text}` : "");
}
