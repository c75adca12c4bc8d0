"""The read service over a store, shared by the CLI (and later the API and dashboard).

Every query is parameterised; callers never write SQL of their own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ceasefire.errors import UsageError
from ceasefire.schema import Actor, DocumentMeta, Event, Place
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
    return Overview(
        store.counts(), [(str(c), int(n)) for c, n in reasons],
        [tuple(r) for r in actors], [tuple(r) for r in places], figures,
        (first and first.isoformat(), last and last.isoformat()),
    )


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
