// The dashboard's only door to the data: the REST API of `ceasefire serve` (docs/api.md),
// on the same origin. Each function returns plain objects in the shapes the views use.
import { fileName } from "./format.js";

// One page of events for the table; the map and timeline read up to MAP_LIMIT events in
// pages of MAP_PAGE (the API's largest page). 5,000 circles still redraw in well under
// 100 ms in Chromium.
export const TABLE_PAGE = 50;
const MAP_PAGE = 1000;
export const MAP_LIMIT = 5000;

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** GET /api/<path>?<params> as JSON; an API error body becomes an ApiError. */
export async function getJSON(path, params, signal) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== null && value !== undefined && value !== "") query.set(key, String(value));
  }
  const text = query.toString();
  const res = await fetch(`/api/${path}${text ? `?${text}` : ""}`, {
    signal, headers: { Accept: "application/json" },
  });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const detail = body && body.error ? body.error.message : res.statusText;
    throw new ApiError(res.status, `${detail} (HTTP ${res.status})`);
  }
  return body;
}

/** The event filters the API understands, read from a page's query string. */
export const EVENT_FILTERS = ["country", "type", "actor", "place", "since", "until", "text",
  "status", "bbox"];

export function eventFilters(query) {
  const out = {};
  for (const key of EVENT_FILTERS) {
    const value = query.get(key);
    if (value) out[key] = value;
  }
  return out;
}

/** One page (counted from 1) of events: {total, page, pageSize, events}. */
export async function eventPage(filters, page, pageSize, signal) {
  const offset = (page - 1) * pageSize;
  const body = await getJSON("events", { ...filters, limit: pageSize, offset }, signal);
  return { total: body.total, page, pageSize, events: body.items.map(normEvent) };
}

/** Events for the map and timeline: every match up to MAP_LIMIT, with the total. The
 * pages after the first are asked for together. */
export async function eventsForMap(filters, signal) {
  const first = await eventPage(filters, 1, MAP_PAGE, signal);
  const pages = Math.ceil(Math.min(first.total, MAP_LIMIT) / MAP_PAGE);
  const rest = await Promise.all(Array.from({ length: Math.max(0, pages - 1) },
    (_, i) => eventPage(filters, i + 2, MAP_PAGE, signal)));
  const events = [first, ...rest].flatMap((page) => page.events);
  return { total: first.total, events: events.slice(0, MAP_LIMIT) };
}

/** A download link for the current filters (CSV or GeoJSON, straight from the API, which
 * answers at most EXPORT_LIMIT rows at once). */
export const EXPORT_LIMIT = 1000;

export function exportUrl(filters, format) {
  const query = new URLSearchParams({ ...filters, format, limit: String(EXPORT_LIMIT) });
  return `/api/events?${query}`;
}

/** An event as the views use it, whatever nesting the API gives its context. */
export function normEvent(e) {
  const ctx = e.context || {};
  const doc = ctx.document || e.document || {};
  const actors = new Map((ctx.actors || e.actors || []).map((a) => [a.id, a]));
  const name = (id) => (actors.get(id) ? actors.get(id).name : id);
  const place = ctx.place || (typeof e.place === "object" ? e.place : null);
  const time = e.time || {};
  return {
    id: e.id,
    type: e.type,
    mode: e.mode,
    date: time.date || null,
    endDate: time.end_date || null,
    precision: time.precision || null,
    fatalities: e.fatalities,
    status: e.status,
    attributedTo: e.attributed_to ? name(e.attributed_to) : null,
    source: (e.source || []).map(name),
    target: (e.target || []).map(name),
    place: place ? { id: place.id, name: place.name, country: place.country,
      lat: numberOrNull(place.lat), lon: numberOrNull(place.lon) } : null,
    country: ctx.country || (place && place.country) || null,
    evidence: e.evidence,
    trigger: e.trigger,
    doc: { id: doc.id, title: doc.title || fileName(doc.path), published: doc.published,
      source: doc.source },
  };
}

function numberOrNull(value) {
  return value === null || value === undefined || value === "" ? null : Number(value);
}

/** The URL of a report with one span (an event's sentence, an action's) marked. */
export function documentHref(docId, span, itemId) {
  const query = new URLSearchParams();
  if (span && Number.isInteger(span.start) && Number.isInteger(span.end)) {
    query.set("hl", `${span.start}-${span.end}`);
  }
  if (itemId) query.set("item", itemId);
  const text = query.toString();
  return `/documents/${encodeURIComponent(docId)}${text ? `?${text}` : ""}`;
}
