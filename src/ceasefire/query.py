"""The read service over a store, shared by the CLI (and later the API and dashboard).

Every query is parameterised; callers never write SQL of their own.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from ceasefire.errors import UsageError
from ceasefire.schema import Actor, DocumentMeta, Event, Place, Record, Span, to_dict
from ceasefire.store.duckdb import Store

# rows.py is the one place that maps an events row to an Event; reuse it rather than copy it.
from ceasefire.store.rows import event_from_row


@dataclass(frozen=True, slots=True)
class Overview:
    statuses: dict[str, int]
    reasons: list[tuple[str, int]]
    actors: list[tuple[str, str, str | None, str | None, int]]  # id, name, country, sector, docs
    places: list[tuple[str, str, str | None, int]]  # id, name, country, docs
    figures: list[dict[str, Any]]
    dates: tuple[str | None, str | None]
    event_types: list[tuple[str, int]] = field(default_factory=list)  # PLOVER type, events
    linked: tuple[int, int, int] = (0, 0, 0)  # agreements, event clusters, multi-source ones


def overview(store: Store, limit: int = 10) -> Overview:
    """What a store holds, at a glance: the demo's and ``ceasefire summary``'s view."""
    con = store.con
    reasons = con.execute(
        "SELECT reason_code, count(*) FROM documents WHERE status <> 'ok' "
        "GROUP BY 1 ORDER BY 2 DESC, 1"
    ).fetchall()
    actors = con.execute(
        "SELECT actor_id, any_value(name), any_value(country), any_value(sector), "
        "count(DISTINCT doc_id) AS docs FROM actors "
        # Bare generic actors ("the government", country unknown) say nothing across reports.
        "WHERE kb OR country IS NOT NULL GROUP BY 1 ORDER BY docs DESC, 1 LIMIT ?",
        [limit],
    ).fetchall()
    places = con.execute(
        "SELECT place_id, any_value(name), any_value(country), count(DISTINCT doc_id) AS docs "
        "FROM places GROUP BY 1 ORDER BY docs DESC, 1 LIMIT ?",
        [limit],
    ).fetchall()
    figures = _figures(store, limit)
    first, last = con.execute(
        "SELECT min(published), max(published) FROM documents WHERE status = 'ok'"
    ).fetchone() or (None, None)
    types = con.execute(
        "SELECT type, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1"
    ).fetchall()
    return Overview(
        store.counts(), [(str(c), int(n)) for c, n in reasons],
        [tuple(r) for r in actors], [tuple(r) for r in places], figures,
        (first and first.isoformat(), last and last.isoformat()),
        [(str(t), int(n)) for t, n in types], _linked_counts(store),
    )


def _linked_counts(store: Store) -> tuple[int, int, int]:
    row = store.con.execute(
        "SELECT (SELECT count(*) FROM linked_agreements), (SELECT count(*) FROM event_clusters), "
        "(SELECT count(*) FROM event_clusters WHERE n_sources > 1)"
    ).fetchone()
    return (int(row[0]), int(row[1]), int(row[2])) if row else (0, 0, 0)


def _figures(store: Store, limit: int) -> list[dict[str, Any]]:
    cur = store.con.execute(
        "SELECT q.kind, q.victims, q.low, q.best, q.high, q.claimed_by, q.period_text, "
        "d.title, d.published FROM quantities q JOIN documents d ON d.id = q.doc_id "
        "AND d.status = 'ok' ORDER BY coalesce(q.best, q.low, q.high) DESC NULLS LAST LIMIT ?",
        [limit],
    )
    names = [c[0] for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


# -- events ------------------------------------------------------------------------------

EVENT_STATUSES = ("asserted", "claimed", "planned", "negated", "hypothetical")


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to read. Fields combine with AND; several values of one field with OR.

    - ``countries``: ISO 3166-1 alpha-3 of the event's place; when the event has no place, or
      a place without a country (a region across borders), the country of any of its source
      or target actors.
    - ``types``: PLOVER types (any case).
    - ``actors``: an actor id (which also matches actors affiliated to it: ``act:lna`` finds
      events by Haftar, whose affiliation is the LNA) or a case-insensitive substring of a
      source or target actor's name.
    - ``since`` / ``until``: ISO dates; an event matches when its days (``date`` to
      ``end_date``) overlap the range, so a month-precision event counts in that month. Events
      without a date never match a date filter.
    - ``place``: a place id; ``statuses``: asserted, claimed, ...; ``text``: a
      case-insensitive substring of the evidence sentence.
    - ``bbox``: (west, south, east, north) in degrees; only events whose place has
      coordinates inside it match. ``west > east`` crosses the antimeridian.
    """

    countries: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    place: str | None = None
    statuses: tuple[str, ...] = ()
    text: str | None = None
    limit: int | None = None
    offset: int = 0
    bbox: tuple[float, float, float, float] | None = None  # last: the CLI passes fields by position


@dataclass(frozen=True, slots=True)
class EventRow:
    """One stored event with what a reader needs beside it: its report, place and actors."""

    event: Event
    document: DocumentMeta
    place: Place | None  # without mentions; None when the event has no place
    actors: tuple[Actor, ...]  # the report's actors named by the event (no mentions)

    def actor(self, actor_id: str) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def names(self, actor_ids: Sequence[str]) -> list[str]:
        """Display names; an id the report's actor table lacks stands for itself."""
        return [a.name if (a := self.actor(i)) else i for i in actor_ids]

    @property
    def country(self) -> str | None:
        """The event's country: its place's, else the first source or target actor's."""
        if self.place is not None and self.place.country:
            return self.place.country
        for actor_id in (*self.event.source, *self.event.target):
            actor = self.actor(actor_id)
            if actor is not None and actor.country:
                return actor.country
        return None


# One processed row per document id (a re-run could leave two paths with the same text) and
# one row per place id in a report, so the joins never multiply events.
_EVENTS_FROM = """
WITH docs AS (
    SELECT id, path, source, url, title, published, language, n_chars FROM documents
    WHERE status = 'ok' QUALIFY row_number() OVER (PARTITION BY id ORDER BY seq) = 1),
pl AS (
    SELECT doc_id, place_id, name, kind, country, admin1, lat, lon, precision FROM places
    QUALIFY row_number() OVER (PARTITION BY doc_id, place_id ORDER BY n) = 1)
"""
_EVENTS_SELECT = """
SELECT e.*, d.path AS d_path, d.source AS d_source, d.url AS d_url, d.title AS d_title,
    d.published AS d_published, d.language AS d_language, d.n_chars AS d_n_chars,
    pl.name AS p_name, pl.kind AS p_kind, pl.country AS p_country, pl.admin1 AS p_admin1,
    pl.lat AS p_lat, pl.lon AS p_lon, pl.precision AS p_precision
FROM events e JOIN docs d ON d.id = e.doc_id
LEFT JOIN pl ON pl.doc_id = e.doc_id AND pl.place_id = e.place_id
"""
# An event's participants that are in its report's actor table.
_PARTICIPANT = ("EXISTS (SELECT 1 FROM actors a WHERE a.doc_id = e.doc_id "
                "AND list_contains(e.source || e.target, a.actor_id) AND {})")
_COUNTRY = ("(list_contains(?, pl.country) OR (pl.country IS NULL AND "
            + _PARTICIPANT.format("list_contains(?, a.country)") + "))")
_ACTOR = ("(list_has_any(e.source || e.target, ?) OR " + _PARTICIPANT.format(
    "(list_contains(?, a.affiliation) OR EXISTS (SELECT 1 FROM unnest(?) AS q(term) "
    "WHERE contains(lower(a.name), lower(q.term))))") + ")")


def events(store: Store, where: EventFilter) -> list[EventRow]:
    """The events matching ``where``, ordered by date (undated last), report and position."""
    sql, params = _event_where(where)
    cur = store.con.execute(
        _EVENTS_FROM + _EVENTS_SELECT + sql
        + " ORDER BY e.date NULLS LAST, e.doc_id, e.n LIMIT ? OFFSET ?",
        [*params, where.limit, where.offset],
    )
    names = [c[0] for c in cur.description]
    found = [dict(zip(names, map(_plain, row), strict=True)) for row in cur.fetchall()]
    actors = _actors(store, sorted({r["doc_id"] for r in found}))
    return [_event_row(r, actors) for r in found]


def count_events(store: Store, where: EventFilter) -> int:
    """How many events match ``where``, ignoring its limit and offset."""
    sql, params = _event_where(where)
    row = store.con.execute(
        _EVENTS_FROM + "SELECT count(*) FROM (" + _EVENTS_SELECT + sql + ")", params
    ).fetchone()
    return int(row[0]) if row else 0


def iter_events(store: Store, where: EventFilter, page: int = 5000) -> Iterator[EventRow]:
    """Every matching event, read ``page`` at a time (exports of large stores)."""
    offset = where.offset
    while True:
        limit = page if where.limit is None else min(page, where.limit + where.offset - offset)
        batch = events(store, replace(where, limit=limit, offset=offset)) if limit > 0 else []
        yield from batch
        if len(batch) < page:
            return
        offset += len(batch)


def _event_where(f: EventFilter) -> tuple[str, list[Any]]:
    """The WHERE clause: fixed SQL text per filter, every value a parameter."""
    _check(f)
    clauses: list[tuple[str, list[Any]]] = []
    if f.countries:
        codes = [c.upper() for c in f.countries]
        clauses.append((_COUNTRY, [codes, codes]))
    if f.types:
        clauses.append(("list_contains(?, e.type)", [[t.upper() for t in f.types]]))
    if f.actors:
        terms = list(f.actors)
        clauses.append((_ACTOR, [terms, terms, terms]))
    if f.since:
        clauses.append(("coalesce(e.end_date, e.date) >= ?::DATE", [f.since]))
    if f.until:
        clauses.append(("e.date <= ?::DATE", [f.until]))
    if f.place:
        clauses.append(("e.place_id = ?", [f.place]))
    if f.statuses:
        clauses.append(("list_contains(?, e.status)", [[s.lower() for s in f.statuses]]))
    if f.text:
        clauses.append(("contains(lower(e.ev_text), lower(?))", [f.text]))
    if f.bbox is not None:
        clauses.append(_bbox_clause("pl.", f.bbox))
    if not clauses:
        return "", []
    return " WHERE " + " AND ".join(c for c, _ in clauses), [p for _, ps in clauses for p in ps]


def _check(f: EventFilter) -> None:
    for name, value in (("since", f.since), ("until", f.until)):
        if value is not None:
            try:
                date.fromisoformat(value)
            except ValueError as exc:
                raise UsageError(f"--{name} must be YYYY-MM-DD, not {value!r}") from exc
    unknown = sorted({s.lower() for s in f.statuses} - set(EVENT_STATUSES))
    if unknown:
        raise UsageError(f"unknown status {', '.join(unknown)}; "
                         f"choose from {', '.join(EVENT_STATUSES)}")
    if (f.limit is not None and f.limit < 0) or f.offset < 0:
        raise UsageError("--limit and --offset must not be negative")
    if f.bbox is not None:
        check_bbox(f.bbox)


def _actors(store: Store, doc_ids: list[str]) -> dict[str, dict[str, Actor]]:
    by_doc: dict[str, dict[str, Actor]] = defaultdict(dict)
    if not doc_ids:
        return by_doc
    rows = store.con.execute(
        "SELECT doc_id, actor_id, name, country, sector, kb, affiliation FROM actors "
        "WHERE list_contains(?, doc_id) ORDER BY doc_id, n",
        [doc_ids],
    ).fetchall()
    for doc_id, actor_id, name, country, sector, kb, affiliation in rows:
        by_doc[doc_id].setdefault(
            actor_id, Actor(actor_id, name, country, sector, bool(kb), (), affiliation)
        )
    return by_doc


def _event_row(r: dict[str, Any], actors: dict[str, dict[str, Actor]]) -> EventRow:
    event = event_from_row(r)
    document = DocumentMeta(r["doc_id"], r["d_path"], r["d_source"], r["d_url"], r["d_title"],
                            r["d_published"], r["d_language"], r["d_n_chars"])
    place = (Place(r["place_id"], r["p_name"], r["p_kind"], r["p_country"], r["p_admin1"],
                   r["p_lat"], r["p_lon"], r["p_precision"])
             if r["place_id"] is not None and r["p_name"] is not None else None)
    known = actors.get(r["doc_id"], {})
    ids = dict.fromkeys((*event.source, *event.target, event.attributed_to))
    return EventRow(event, document, place, tuple(known[i] for i in ids if i in known))


def _plain(value: Any) -> Any:
    """DuckDB returns dates as ``date``; records carry ISO strings."""
    return value.isoformat() if isinstance(value, date) else value


# -- API reads (ceasefire serve) ----------------------------------------------------------
# JSON-ready rows for the REST API and dashboard; the CLI does not use these (yet).


def check_bbox(bbox: Sequence[float]) -> None:
    """A (west, south, east, north) box in degrees; UsageError when it is not one."""
    if len(bbox) != 4:
        raise UsageError("bbox needs four numbers: west,south,east,north")
    west, south, east, north = bbox
    if not all(-180 <= x <= 180 for x in (west, east)) or not all(
            -90 <= y <= 90 for y in (south, north)):
        raise UsageError("bbox longitudes must lie in [-180, 180] and latitudes in [-90, 90]")
    if south > north:
        raise UsageError("bbox south must not be above north")


def _bbox_clause(prefix: str, bbox: Sequence[float]) -> tuple[str, list[Any]]:
    """Coordinates in the box; ``prefix`` names the columns (``pl.`` -> pl.lat, pl.lon)."""
    west, south, east, north = bbox
    lat, lon = f"{prefix}lat", f"{prefix}lon"
    if west <= east:
        return f"({lat} BETWEEN ? AND ? AND {lon} BETWEEN ? AND ?)", [south, north, west, east]
    # A box across the antimeridian: west of 180 or east of -180.
    return f"({lat} BETWEEN ? AND ? AND ({lon} >= ? OR {lon} <= ?))", [south, north, west, east]


def event_by_id(store: Store, event_id: str) -> EventRow | None:
    """One event with its report, place and actors; None when no event has this id."""
    cur = store.con.execute(
        _EVENTS_FROM + _EVENTS_SELECT + " WHERE e.event_id = ? ORDER BY e.doc_id, e.n LIMIT 1",
        [event_id],
    )
    names = [c[0] for c in cur.description]
    row = cur.fetchone()
    if row is None:
        return None
    found = dict(zip(names, map(_plain, row), strict=True))
    return _event_row(found, _actors(store, [found["doc_id"]]))


def sources(store: Store, doc_id: str) -> list[dict[str, Any]]:
    """Every input that carried this report's text: the processed one first, then the
    exact and near copies recorded as duplicates of it (other outlets, other paths)."""
    cur = store.con.execute(
        "SELECT path, id AS doc_id, status, reason_code AS duplicate, source, url, title, "
        "published FROM documents WHERE (id = ? AND status = 'ok') "
        "OR (status = 'duplicate' AND duplicate_of = ?) "
        "ORDER BY status = 'ok' DESC, seq",
        [doc_id, doc_id],
    )
    return _dicts(cur)


@dataclass(frozen=True, slots=True)
class ListQuery:
    """A filtered, paged list of actors or places: ``q`` is a case-insensitive substring
    of the name or id; ``country`` an ISO3 code; ``sector`` (actors) a PLOVER sector;
    ``bbox`` (places) a (west, south, east, north) box."""

    q: str | None = None
    country: str | None = None
    sector: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    limit: int = 50
    offset: int = 0


# Per-item counts over processed reports only; ``total`` is the unpaged count (one scan).
_OK_DOCS = "(SELECT id FROM documents WHERE status = 'ok')"
_ACTOR_LIST = f"""
WITH ev AS (SELECT a AS actor_id, count(*) AS n FROM
    (SELECT unnest(source || target) AS a FROM events) GROUP BY 1),
found AS (SELECT actor_id AS id, mode(name) AS name, mode(country) AS country,
    mode(sector) AS sector, bool_or(kb) AS kb, mode(affiliation) AS affiliation,
    count(DISTINCT doc_id) AS documents
    FROM actors WHERE doc_id IN {_OK_DOCS} GROUP BY actor_id)
SELECT found.*, coalesce(ev.n, 0) AS events, count(*) OVER () AS total
FROM found LEFT JOIN ev ON ev.actor_id = found.id
"""
_PLACE_LIST = f"""
WITH ev AS (SELECT place_id, count(*) AS n FROM events WHERE place_id IS NOT NULL GROUP BY 1),
found AS (SELECT place_id AS id, mode(name) AS name, mode(kind) AS kind,
    mode(country) AS country, mode(admin1) AS admin1, avg(lat) AS lat, avg(lon) AS lon,
    mode(precision) AS precision, count(DISTINCT doc_id) AS documents
    FROM places WHERE doc_id IN {_OK_DOCS} GROUP BY place_id)
SELECT found.*, coalesce(ev.n, 0) AS events, count(*) OVER () AS total
FROM found LEFT JOIN ev ON ev.place_id = found.id
"""


def actor_list(store: Store, where: ListQuery) -> tuple[int, list[dict[str, Any]]]:
    """(total, page) of actors, most widely reported first."""
    clauses: list[tuple[str, list[Any]]] = []
    if where.sector:
        clauses.append(("upper(found.sector) = upper(?)", [where.sector]))
    return _list(store, _ACTOR_LIST, where, clauses)


def place_list(store: Store, where: ListQuery) -> tuple[int, list[dict[str, Any]]]:
    """(total, page) of places, most widely reported first."""
    clauses: list[tuple[str, list[Any]]] = []
    if where.bbox is not None:
        check_bbox(where.bbox)
        clauses.append(_bbox_clause("found.", where.bbox))
    return _list(store, _PLACE_LIST, where, clauses)


def _list(store: Store, sql: str, where: ListQuery,
          clauses: list[tuple[str, list[Any]]]) -> tuple[int, list[dict[str, Any]]]:
    if where.limit < 0 or where.offset < 0:
        raise UsageError("limit and offset must not be negative")
    if where.q:
        clauses.append(("(contains(lower(found.name), lower(?)) "
                        "OR contains(lower(found.id), lower(?)))", [where.q, where.q]))
    if where.country:
        clauses.append(("found.country = upper(?)", [where.country]))
    text = sql + (" WHERE " + " AND ".join(c for c, _ in clauses) if clauses else "")
    params = [p for _, ps in clauses for p in ps]
    rows = _dicts(store.con.execute(
        text + " ORDER BY documents DESC, events DESC, found.id LIMIT ? OFFSET ?",
        [*params, where.limit, where.offset]))
    if rows:
        return int(rows[0]["total"]), [_drop(r, "total") for r in rows]
    # An offset past the end still reports the total.
    count = store.con.execute("SELECT count(*) FROM (" + text + ")", params).fetchone()
    return (int(count[0]) if count else 0), []


def document_view(store: Store, doc_id: str) -> dict[str, Any] | None:
    """A processed report: its SCHEMA.md record (clean text included), every span found in
    it as one flat list sorted by offset, and the inputs that carried it."""
    row = store.con.execute(
        "SELECT path FROM documents WHERE id = ? AND status = 'ok' ORDER BY seq LIMIT 1",
        [doc_id],
    ).fetchone()
    record = store.record(str(row[0])) if row else None
    if record is None:
        return None
    data = to_dict(record)
    data["spans"] = spans(record)
    data["sources"] = sources(store, doc_id)
    return data


def spans(record: Record) -> list[dict[str, Any]]:
    """Every span found in a report: {start, end, text, kind, id, label}, by offset."""
    found: list[dict[str, Any]] = []

    def add(kind: str, span: Span, item_id: str | None, label: str | None) -> None:
        found.append({"start": span.start, "end": span.end, "text": span.text, "kind": kind,
                      "id": item_id, "label": label})

    for actor in record.actors:
        for m in actor.mentions:
            add("actor", m, actor.id, actor.name)
    for place in record.places:
        for m in place.mentions:
            add("place", m, place.id, place.name)
    for t in record.times:
        add("time", Span(t.start, t.end, t.text), None, t.date)
    for q in record.quantities:
        add("quantity", q.evidence, None, f"{q.kind} {q.best if q.best is not None else q.low}")
    for e in record.events:
        add("event", e.trigger, e.id, e.type)
    return sorted(found, key=lambda s: (s["start"], -s["end"], s["kind"]))


def stats(store: Store) -> dict[str, Any]:
    """Counts for the dashboard: reports by status, events by type, by month and type
    (the timeline of violence and talks), by country of place, and the date range."""
    con = store.con
    first, last, n_events = con.execute(
        "SELECT min(date), max(coalesce(end_date, date)), count(*) FROM events"
    ).fetchone() or (None, None, 0)
    return {
        "documents": store.counts(),
        "events": int(n_events),
        "actors": _scalar(store, "SELECT count(DISTINCT actor_id) FROM actors"),
        "places": _scalar(store, "SELECT count(DISTINCT place_id) FROM places"),
        "dates": {"first": _plain(first), "last": _plain(last)},
        "by_type": _dicts(con.execute(
            "SELECT type, count(*) AS n FROM events GROUP BY 1 ORDER BY n DESC, type")),
        "by_month": _dicts(con.execute(
            "SELECT strftime(date, '%Y-%m') AS month, type, count(*) AS n, "
            "sum(fatalities_best) AS fatalities FROM events WHERE date IS NOT NULL "
            "GROUP BY 1, 2 ORDER BY 1, 2")),
        "by_country": _dicts(con.execute(
            "SELECT p.country, count(*) AS n FROM events e JOIN (SELECT DISTINCT doc_id, "
            "place_id, country FROM places) p ON p.doc_id = e.doc_id AND p.place_id = e.place_id "
            "WHERE p.country IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1")),
    }


def _scalar(store: Store, sql: str) -> int:
    row = store.con.execute(sql).fetchone()
    return int(row[0]) if row else 0


def _dicts(cur: Any) -> list[dict[str, Any]]:
    names = [c[0] for c in cur.description]
    return [dict(zip(names, map(_plain, row), strict=True)) for row in cur.fetchall()]


def _drop(row: dict[str, Any], key: str) -> dict[str, Any]:
    row.pop(key, None)
    return row


def document_statuses(store: Store, paths: Sequence[str]) -> list[dict[str, Any]]:
    """What became of the inputs at ``paths``: id, status and reason (uploads' answer)."""
    return _dicts(store.con.execute(
        "SELECT path, CASE WHEN status = 'ok' THEN id END AS id, status, reason_code, "
        "reason_message, duplicate_of FROM documents WHERE path IN (SELECT unnest(?)) "
        "ORDER BY seq", [list(paths)]))


# -- API read model: the events table in memory, once per server snapshot ------------------
# ``events`` joins five tables per call (about 70 ms at 100,000 events, 600 ms with an
# actor filter): right for the CLI, far too slow for an API under load (docs/api.md,
# "Performance"). So when the server takes a snapshot it reads, once, everything
# /api/events needs into memory (``ceasefire.api.readmodel`` holds it): per event its
# filter values and its JSON answer, pre-rendered here by DuckDB in ``events``' order.
# tests/api/test_read_model.py holds the in-memory answers to ``events``' for every filter.

# Every event in ``events``' order with its place columns; ``pos`` is its rank (from 0).
_MODEL_EVENTS = _EVENTS_FROM + """
SELECT (row_number() OVER (ORDER BY e.date NULLS LAST, e.doc_id, e.n) - 1)::INTEGER AS pos,
    e.*, pl.name AS p_name, pl.kind AS p_kind, pl.country AS p_country,
    pl.admin1 AS p_admin1, pl.lat AS p_lat, pl.lon AS p_lon, pl.precision AS p_precision
FROM events e JOIN docs d ON d.id = e.doc_id
LEFT JOIN pl ON pl.doc_id = e.doc_id AND pl.place_id = e.place_id
"""
# The actor rows of the report that an event names as source or target (every row, as
# ``events``' EXISTS reads them): the country, actor and actor-name filters use them.
_MODEL_PARTICIPANTS = """
SELECT ev.pos, a.country, a.affiliation, lower(a.name) AS lname FROM api_ev ev
JOIN actors a ON a.doc_id = ev.doc_id AND list_contains(ev.source || ev.target, a.actor_id)
"""
# (key, pos) pairs per filter: an event matches a value when one of its keys is that value.
_MODEL_KEYS = {
    "types": "SELECT type AS key, pos FROM api_ev",
    "statuses": "SELECT status AS key, pos FROM api_ev",
    "places": "SELECT place_id AS key, pos FROM api_ev",
    # The place's country; without one, any participant's.
    "countries": "SELECT p_country AS key, pos FROM api_ev UNION ALL SELECT p.country, p.pos "
                 "FROM api_part p JOIN api_ev ev USING (pos) WHERE ev.p_country IS NULL",
    "actors": "SELECT unnest(source || target) AS key, pos FROM api_ev "
              "UNION ALL SELECT affiliation, pos FROM api_part",
    # Searched by substring: participants' lower-cased names, and the evidence's words
    # (runs of [0-9a-z_] in the lower-cased sentence; ceasefire.api.readmodel says why).
    "names": "SELECT lname AS key, pos FROM api_part",
    "words": "SELECT unnest(regexp_split_to_array(lower(ev_text), '[^0-9a-z_]+')) AS key, pos "
             "FROM api_ev",
}
# An event's actors (EventRow.actors: those of its report it names, in the order source,
# target, attributed_to, each once) and the country EventRow.country falls back on.
_MODEL_NAMED = """
WITH ids AS (SELECT pos, doc_id, source || target AS st, list_filter(
        source || target || [attributed_to],
        lambda x, i: x IS NOT NULL AND list_position(source || target || [attributed_to], x) = i)
        AS ids FROM api_ev),
k AS (SELECT pos, doc_id, st, unnest(ids) AS actor_id, generate_subscripts(ids, 1) AS k FROM ids),
fa AS (SELECT doc_id, actor_id, name, country, sector FROM actors
       QUALIFY row_number() OVER (PARTITION BY doc_id, actor_id ORDER BY n) = 1)
SELECT k.pos, to_json(list({'id': fa.actor_id, 'name': fa.name, 'country': fa.country,
        'sector': fa.sector} ORDER BY k.k))::VARCHAR AS actors,
    arg_min(fa.country, k.k) FILTER (WHERE list_contains(k.st, fa.actor_id) AND fa.country <> '')
        AS country
FROM k JOIN fa ON fa.doc_id = k.doc_id AND fa.actor_id = k.actor_id GROUP BY k.pos
"""
# store.formats.event_json in SQL, cut around the report's part (rendered once per report):
# head + document + tail is one event's JSON. to_json writes NULL as NULL, hence coalesce.
_MODEL_JSON = """
WITH na AS (""" + _MODEL_NAMED + """)
SELECT ev.pos, rtrim(to_json({'id': event_id, 'type': type, 'mode': mode, 'cameo': cameo,
    'acled': CASE WHEN acled_type IS NOT NULL THEN [acled_type, acled_subtype] END,
    'source': source, 'target': target, 'place': place_id,
    'time': CASE WHEN precision IS NOT NULL THEN {'date': date, 'precision': precision,
        'end_date': end_date, 'basis': time_basis} END,
    'fatalities': CASE WHEN coalesce(fatalities_low, fatalities_best, fatalities_high)
        IS NOT NULL THEN {'low': fatalities_low, 'best': fatalities_best,
        'high': fatalities_high} END,
    'status': status, 'attributed_to': attributed_to,
    'evidence': {'start': ev_start, 'end': ev_end, 'text': ev_text},
    'trigger': {'start': tr_start, 'end': tr_end, 'text': tr_text},
    'place_basis': place_basis})::VARCHAR, '}')
    || ',"context":{"country":' || coalesce(to_json(CASE WHEN place_id IS NOT NULL
        AND p_name IS NOT NULL AND p_country <> '' THEN p_country ELSE na.country END)::VARCHAR,
        'null') || ',"document":' AS head,
    ',"place":' || coalesce(to_json(CASE WHEN place_id IS NOT NULL AND p_name IS NOT NULL
        THEN {'id': place_id, 'name': p_name, 'kind': p_kind, 'country': p_country,
        'admin1': p_admin1, 'lat': p_lat, 'lon': p_lon, 'precision': p_precision} END)::VARCHAR,
        'null') || ',"actors":' || coalesce(na.actors, '[]') || '}}' AS tail
FROM api_ev ev LEFT JOIN na ON na.pos = ev.pos ORDER BY ev.pos
"""
_MODEL_DOCS = """
SELECT d.id, to_json({'id': d.id, 'path': d.path, 'source': d.source, 'url': d.url,
    'title': d.title, 'published': d.published})::VARCHAR AS json
FROM (SELECT DISTINCT doc_id FROM api_ev) e JOIN documents d ON d.id = e.doc_id
WHERE d.status = 'ok' QUALIFY row_number() OVER (PARTITION BY d.id ORDER BY d.seq) = 1
ORDER BY d.id
"""
_MODEL_COLUMNS = """
SELECT dense_rank() OVER (ORDER BY doc_id) - 1 AS doc, n, date - DATE '1970-01-01' AS first_day,
    coalesce(end_date, date) - DATE '1970-01-01' AS last_day, p_lat AS lat, p_lon AS lon,
    lower(ev_text) AS text
FROM api_ev ORDER BY pos
"""


@dataclass(frozen=True, slots=True)
class ModelKeys:
    """One filter's keys, sorted, with how many events have each, and those events'
    positions, key by key and each key's in order (numpy int32)."""

    keys: list[str]
    counts: list[int]
    rows: Any


@dataclass(frozen=True, slots=True)
class ModelSource:
    """What ``read_model`` reads from a snapshot, in ``events``' order: numpy arrays, which
    DuckDB hands over without a Python object per value where the type allows."""

    columns: dict[str, Any]  # doc, n, first_day, last_day (NULL masked), lat, lon, text
    keys: dict[str, ModelKeys]  # per filter: types, statuses, places, countries, actors, ...
    json: dict[str, Any]  # head, tail: per event, its JSON around its report's
    doc_ids: list[str]  # the reports, sorted: ``columns["doc"]`` indexes these two
    doc_json: list[str]


def read_model(store: Store) -> ModelSource:
    """Everything /api/events reads, out of ``store`` (the server's snapshot) at once."""
    con = store.con
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE api_ev AS " + _MODEL_EVENTS)
        con.execute("CREATE OR REPLACE TEMP TABLE api_part AS " + _MODEL_PARTICIPANTS)
        keys = {name: _model_keys(store, sql) for name, sql in _MODEL_KEYS.items()}
        docs = con.execute(_MODEL_DOCS).fetchall()
        return ModelSource(con.execute(_MODEL_COLUMNS).fetchnumpy(), keys,
                           con.execute(_MODEL_JSON).fetchnumpy(),
                           [str(d) for d, _ in docs], [str(j) for _, j in docs])
    finally:
        for table in ("api_keys", "api_part", "api_ev"):
            con.execute(f"DROP TABLE IF EXISTS {table}")


def _model_keys(store: Store, pairs: str) -> ModelKeys:
    con = store.con
    con.execute("CREATE OR REPLACE TEMP TABLE api_keys AS SELECT DISTINCT key, pos "
                f"FROM ({pairs}) WHERE key IS NOT NULL")
    counts = con.execute("SELECT key, count(*) FROM api_keys GROUP BY key ORDER BY key").fetchall()
    rows = con.execute("SELECT pos FROM api_keys ORDER BY key, pos").fetchnumpy()["pos"]
    return ModelKeys([str(k) for k, _ in counts], [int(c) for _, c in counts], rows)


def check_filter(where: EventFilter) -> None:
    """UsageError when ``where`` holds a value ``events`` would refuse."""
    _check(where)


def events_at(store: Store, keys: Sequence[tuple[str, int]]) -> list[EventRow]:
    """The events with these (report id, number) keys, in the order given (a page of the
    read model as EventRows, for the CSV and GeoJSON answers)."""
    if not keys:
        return []
    cur = store.con.execute(
        _EVENTS_FROM + _EVENTS_SELECT + " JOIN (SELECT unnest(?::VARCHAR[]) AS doc_id, "
        "unnest(?::INTEGER[]) AS n, unnest(?::INTEGER[]) AS k) k "
        "ON k.doc_id = e.doc_id AND k.n = e.n ORDER BY k.k",
        [[d for d, _ in keys], [n for _, n in keys], list(range(len(keys)))])
    names = [c[0] for c in cur.description]
    found = [dict(zip(names, map(_plain, row), strict=True)) for row in cur.fetchall()]
    actors = _actors(store, sorted({r["doc_id"] for r in found}))
    return [_event_row(r, actors) for r in found]


# -- linked across reports (ceasefire.link): agreements board, timelines, merged events ----
# Shapes are fixed for the REST API: see docs/linking.md.

_LINK_DOCS = """
WITH docs AS (SELECT id, title, published FROM documents WHERE status = 'ok'
    QUALIFY row_number() OVER (PARTITION BY id ORDER BY seq) = 1)
"""


def agreement_board(store: Store) -> list[dict[str, Any]]:
    """Every linked agreement: kind, name, parties with their current status, mediators,
    venue, date of the last change and number of reports; latest change first."""
    rows = _link_dicts(store, "SELECT * FROM linked_agreements "
                       "ORDER BY last_change DESC NULLS LAST, agreement_id", [])
    names = _row_names(store, rows, [])
    return [_board_row(r, names) for r in rows]


def agreement_timeline(store: Store, agreement_id: str) -> dict[str, Any] | None:
    """One linked agreement (by its id or the id of any per-report agreement in it): the
    board fields, its dated actions with evidence and source, and its conditions."""
    found = _link_dicts(
        store, "SELECT * FROM linked_agreements WHERE agreement_id = coalesce(("
        "SELECT any_value(agreement_id) FROM linked_agreement_members WHERE member_id = ?), ?)",
        [agreement_id, agreement_id])
    if not found:
        return None
    row = found[0]
    actions = _link_dicts(store, _LINK_DOCS + _TIMELINE_ACTIONS, [row["agreement_id"]])
    names = _row_names(store, [row], actions)
    board = _board_row(row, names)
    board["names"].update({i: names.get(i, i) for a in actions
                           for i in (a["actor"], a["attributed_to"]) if i})
    board["actions"] = [_timeline_action(a) for a in actions]
    board["conditions"] = [
        {"text": c["text"], "doc_id": c["doc_id"],
         "evidence": {"start": c["ev_start"], "end": c["ev_end"], "text": c["ev_text"]}}
        for c in _link_dicts(store, _TIMELINE_CONDITIONS, [row["agreement_id"]])]
    return board


# The order the linker builds timelines in (ceasefire.link.agreements.build_linked).
_TIMELINE_ACTIONS = """
SELECT coalesce(a.date, d.published) AS date, a.precision, a.actor, a.action, a.status,
    a.attributed_to, a.target, a.ev_start, a.ev_end, a.ev_text, a.doc_id, d.title, d.published
FROM linked_agreement_members m
JOIN agreement_actions a ON a.doc_id = m.doc_id AND a.agreement_n = m.agreement_n
JOIN docs d ON d.id = a.doc_id
WHERE m.agreement_id = ?
ORDER BY coalesce(a.date, d.published) NULLS LAST, d.published NULLS LAST, a.doc_id,
    m.member_id, a.ev_start, a.action
"""
_TIMELINE_CONDITIONS = """
SELECT c.text, c.doc_id, c.ev_start, c.ev_end, c.ev_text FROM linked_agreement_members m
JOIN agreement_conditions c ON c.doc_id = m.doc_id AND c.agreement_n = m.agreement_n
WHERE m.agreement_id = ? ORDER BY c.doc_id, c.n
"""


def _board_row(r: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    status = _status_map(r)
    parties = [{"actor": p, "name": names.get(p, p), **_standing(status.get(p))}
               for p in r["parties"]]
    return {
        "id": r["agreement_id"], "kind": r["kind"], "name": r["name"],
        "parties": parties,
        "mediators": list(r["mediators"]), "venue": r["venue"],
        "last_change": r["last_change"], "n_sources": r["n_sources"],
        # Readable names of every id the row carries bare (mediators, venue, whoever claims a
        # party's status), so no reader needs another look-up; an unknown id maps to itself.
        "names": {i: names.get(i, i) for i in _row_ids(r, parties)},
    }


def _status_map(r: dict[str, Any]) -> dict[str, Any]:
    value = r["status"]
    return value if isinstance(value, dict) else json.loads(value or "{}")


def _row_ids(r: dict[str, Any], parties: list[dict[str, Any]]) -> list[str]:
    ids = [*r["mediators"], *(p["attributed_to"] for p in parties)]
    return [i for i in dict.fromkeys([*ids, r["venue"]]) if i]


def _row_names(store: Store, rows: list[dict[str, Any]], actions: list[dict[str, Any]]
               ) -> dict[str, str]:
    """Names of the actors and venues of board rows and of a timeline's actions."""
    actors = [a for r in rows for a in (*r["parties"], *r["mediators"])]
    actors += [p.get("attributed_to") for r in rows for p in _status_map(r).values()
               if isinstance(p, dict) and p.get("attributed_to")]
    actors += [a[k] for a in actions for k in ("actor", "attributed_to") if a[k]]
    return {**_place_names(store, [r["venue"] for r in rows if r["venue"]]),
            **_actor_names(store, actors)}


def _standing(value: Any) -> dict[str, Any]:
    """A party's status as the board shows it: the action word, whether it rests on claims
    only, since when and on whose word (docs/linking.md). Older stores kept the word alone."""
    if isinstance(value, dict):
        return {"status": value.get("action") or "pending",
                "claimed": bool(value.get("claimed")), "since": value.get("date"),
                "attributed_to": value.get("attributed_to")}
    return {"status": value or "pending", "claimed": False, "since": None,
            "attributed_to": None}


def _timeline_action(a: dict[str, Any]) -> dict[str, Any]:
    return {
        "date": a["date"], "precision": a["precision"], "actor": a["actor"],
        "action": a["action"], "status": a["status"], "attributed_to": a["attributed_to"],
        "evidence": {"start": a["ev_start"], "end": a["ev_end"], "text": a["ev_text"]},
        "doc_id": a["doc_id"], "title": a["title"], "published": a["published"],
    }


@dataclass(frozen=True, slots=True)
class ClusterFilter:
    """Which merged events to read: PLOVER ``types``; ``since``/``until`` ISO dates the
    cluster's days overlap; ``min_sources`` reports at least."""

    types: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    min_sources: int = 1
    limit: int | None = None
    offset: int = 0


def merged_events(store: Store, where: ClusterFilter) -> list[dict[str, Any]]:
    """Event clusters, earliest first: type, days, place, actors, reconciled fatalities
    and every source's version (report, evidence, status and its own figure)."""
    _check(EventFilter(since=where.since, until=where.until, limit=where.limit,
                       offset=where.offset))
    clusters = _link_dicts(store, _CLUSTERS, [
        [t.upper() for t in where.types], where.since, where.until, where.min_sources,
        where.limit, where.offset])
    ids = [c["cluster_id"] for c in clusters]
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in _link_dicts(store, _LINK_DOCS + _CLUSTER_MEMBERS, [ids]) if ids else []:
        members[m["cluster_id"]].append(m)
    names = _actor_names(store, [a for c in clusters for a in c["actors"]])
    places = _place_names(store, [c["place_id"] for c in clusters if c["place_id"]])
    return [_cluster_row(c, members[c["cluster_id"]], names, places) for c in clusters]


_CLUSTERS = """
SELECT * FROM event_clusters
WHERE (len($1::VARCHAR[]) = 0 OR list_contains($1::VARCHAR[], type))
  AND ($2::DATE IS NULL OR coalesce(end_date, date) >= $2::DATE)
  AND ($3::DATE IS NULL OR date <= $3::DATE)
  AND n_sources >= $4
ORDER BY date NULLS LAST, cluster_id LIMIT $5 OFFSET $6
"""
_CLUSTER_MEMBERS = """
SELECT m.cluster_id, m.event_id, m.doc_id, m.low, m.best, m.high, e.status, e.attributed_to,
    e.date, e.ev_start, e.ev_end, e.ev_text, d.title, d.published
FROM event_cluster_members m JOIN events e ON e.doc_id = m.doc_id AND e.n = m.n
JOIN docs d ON d.id = m.doc_id
WHERE list_contains(?, m.cluster_id) ORDER BY m.cluster_id, e.date NULLS LAST, d.published,
    m.doc_id, m.n
"""


def _cluster_row(c: dict[str, Any], members: list[dict[str, Any]], names: dict[str, str],
                 places: dict[str, str]) -> dict[str, Any]:
    deaths = (None if all(c[k] is None for k in ("low", "best", "high"))
              else {"low": c["low"], "best": c["best"], "high": c["high"]})
    return {
        "id": c["cluster_id"], "type": c["type"], "date": c["date"],
        "end_date": c["end_date"],
        "place": ({"id": c["place_id"], "name": places.get(c["place_id"], c["place_id"])}
                  if c["place_id"] else None),
        "actors": [{"id": a, "name": names.get(a, a)} for a in c["actors"]],
        "fatalities": deaths, "n_sources": c["n_sources"],
        "sources": [{
            "event_id": m["event_id"], "doc_id": m["doc_id"], "title": m["title"],
            "published": m["published"], "date": m["date"], "status": m["status"],
            "attributed_to": m["attributed_to"],
            "fatalities": (None if all(m[k] is None for k in ("low", "best", "high"))
                           else {"low": m["low"], "best": m["best"], "high": m["high"]}),
            "evidence": {"start": m["ev_start"], "end": m["ev_end"], "text": m["ev_text"]},
        } for m in members],
    }


def _actor_names(store: Store, ids: Sequence[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = store.con.execute(
        "SELECT actor_id, mode(name) FROM actors WHERE list_contains(?, actor_id) GROUP BY 1",
        [sorted(set(ids))]).fetchall()
    return {str(a): str(n) for a, n in rows}


def _place_names(store: Store, ids: Sequence[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = store.con.execute(
        "SELECT place_id, mode(name) FROM places WHERE list_contains(?, place_id) GROUP BY 1",
        [sorted(set(ids))]).fetchall()
    return {str(a): str(n) for a, n in rows}


def _link_dicts(store: Store, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = store.con.execute(sql, params)
    names = [c[0] for c in cur.description]
    return [dict(zip(names, map(_plain, row), strict=True)) for row in cur.fetchall()]
