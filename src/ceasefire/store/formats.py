"""Events written out: the ``events`` command's CSV/JSON/GeoJSON, and ACLED-, UCDP-GED- and
PLOVER-shaped exports so users can set our events beside those data sets.

Each shape fills the columns we have and leaves the others empty; docs/exports.md says, column
by column, how each is filled and which of our categories maps to which of theirs.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

from ceasefire import __version__
from ceasefire.errors import UsageError
from ceasefire.query import EventFilter, EventRow, iter_events
from ceasefire.schema import Actor, Event, as_json
from ceasefire.store.duckdb import Store

EVENT_FORMATS = ("csv", "json", "geojson")
SHAPES = ("acled", "ucdp", "plover")
Row = dict[str, Any]

# -- our own shape: SCHEMA.md event records with their context -------------------------------


def event_json(row: EventRow) -> Row:
    """The SCHEMA.md event record, plus ``context``: its report, place, actors and country."""
    place = row.place
    context = {
        "country": row.country,
        "document": {k: getattr(row.document, k)
                     for k in ("id", "path", "source", "url", "title", "published")},
        "place": None if place is None else {
            k: getattr(place, k)
            for k in ("id", "name", "kind", "country", "admin1", "lat", "lon", "precision")},
        "actors": [{"id": a.id, "name": a.name, "country": a.country, "sector": a.sector}
                   for a in row.actors],
    }
    return {**as_json(asdict(row.event)), "context": context}



EVENT_CSV_COLUMNS = (
    "event_id", "date", "end_date", "precision", "time_basis", "type", "mode", "cameo",
    "acled_event_type", "acled_sub_event_type", "source", "source_names", "target",
    "target_names", "place_id", "place_name", "admin1", "country", "latitude", "longitude",
    "place_basis", "fatalities_low", "fatalities_best", "fatalities_high", "status",
    "attributed_to", "attributed_to_name", "trigger", "evidence", "evidence_start",
    "evidence_end", "doc_id", "title", "url", "outlet", "published", "path",
)


def event_csv_row(row: EventRow) -> Row:
    """One flat CSV row; several actors are joined with "; "."""
    e, p, d = row.event, row.place, row.document
    t, f = e.time, e.fatalities
    acled = e.acled or (None, None)
    return {
        "event_id": e.id, "date": t and t.date, "end_date": t and t.end_date,
        "precision": t and t.precision, "time_basis": t and t.basis, "type": e.type,
        "mode": e.mode, "cameo": e.cameo, "acled_event_type": acled[0],
        "acled_sub_event_type": acled[1], "source": "; ".join(e.source),
        "source_names": "; ".join(row.names(e.source)), "target": "; ".join(e.target),
        "target_names": "; ".join(row.names(e.target)), "place_id": e.place,
        "place_name": p and p.name, "admin1": p and p.admin1, "country": row.country,
        "latitude": p and p.lat, "longitude": p and p.lon, "place_basis": e.place_basis,
        "fatalities_low": f and f.low, "fatalities_best": f and f.best,
        "fatalities_high": f and f.high, "status": e.status, "attributed_to": e.attributed_to,
        "attributed_to_name": _name(row, e.attributed_to), "trigger": e.trigger.text,
        "evidence": e.evidence.text, "evidence_start": e.evidence.start,
        "evidence_end": e.evidence.end, "doc_id": d.id, "title": d.title, "url": d.url,
        "outlet": d.source, "published": d.published, "path": d.path,
    }


def geojson(rows: Iterable[EventRow]) -> Row:
    """A FeatureCollection of Point features, one per event with coordinates.

    Events without coordinates cannot be drawn; rather than vanish they are counted in the
    top-level ``skipped`` member (RFC 7946 section 6.1 allows such foreign members).
    """
    features, skipped = [], 0
    for row in rows:
        p = row.place
        if p is None or p.lat is None or p.lon is None:
            skipped += 1
            continue
        features.append({
            "type": "Feature", "id": row.event.id,
            "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},  # lon first (RFC)
            "properties": event_json(row),
        })
    return {"type": "FeatureCollection", "features": features, "skipped": skipped}


def write_events(rows: Iterable[EventRow], fmt: str, out: TextIO) -> None:
    """Write events as ``csv``, ``json`` (one array) or ``geojson``."""
    if fmt == "csv":
        _write_csv(EVENT_CSV_COLUMNS, (event_csv_row(r) for r in rows), out)
    elif fmt == "json":
        items = [json.dumps(event_json(r), ensure_ascii=False) for r in rows]
        out.write("[\n" + ",\n".join(items) + "\n]\n" if items else "[]\n")
    elif fmt == "geojson":
        out.write(json.dumps(geojson(rows), ensure_ascii=False) + "\n")
    else:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(EVENT_FORMATS)}")


def _write_csv(columns: Sequence[str], rows: Iterable[Row], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _name(row: EventRow, actor_id: str | None) -> str | None:
    return row.names([actor_id])[0] if actor_id else None


# -- shared mappings -------------------------------------------------------------------------

# Events that happened as reported. Planned, negated and hypothetical ones did not (yet)
# happen, and neither ACLED nor UCDP records those.
_OCCURRED = ("asserted", "claimed")
_STATE = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})
_CIVILIAN = frozenset({"CVL", "REF", "MED", "HLH", "JRN", "EDU", "REL", "LAB", "AGR", "BUS"})
_VIOLENT_ACLED = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})


@lru_cache(maxsize=512)
def _country(iso3: str) -> tuple[str | None, int | None, str | None]:
    """(name, ISO numeric, alpha-2) of an ISO 3166-1 alpha-3 code, from pycountry."""
    import pycountry

    found = pycountry.countries.get(alpha_3=iso3)
    if found is None:
        return None, None, None
    return getattr(found, "common_name", found.name), int(found.numeric), found.alpha_2


def _iso(row: EventRow) -> tuple[str | None, int | None, str | None]:
    return _country(row.country) if row.country else (None, None, None)


def _actors(row: EventRow, ids: Sequence[str]) -> list[Actor | None]:
    return [row.actor(i) for i in ids]


def _sectors(row: EventRow, ids: Sequence[str]) -> set[str]:
    return {a.sector for a in _actors(row, ids) if a is not None and a.sector}


def _cited(row: EventRow) -> str:
    """A citation as UCDP's source_article gives one: outlet, date, headline, address."""
    d = row.document
    parts = [d.source, d.published, f'"{d.title}"' if d.title else None, d.url]
    return ", ".join(p for p in parts if p) or d.path


# -- ACLED -----------------------------------------------------------------------------------

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)
# ACLED's numeric actor types (inter1/inter2): 1 state forces, 2 rebel groups, 3 political
# militias, 4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other.
_INTER_BY_SECTOR = {
    **dict.fromkeys(_STATE, 1), "REB": 2, "PRM": 3, "UAF": 3,
    **dict.fromkeys(_CIVILIAN, 7), **dict.fromkeys(("IGO", "NGO", "MNC", "IMG"), 8),
}


def acled_row(row: EventRow) -> Row:
    """One ACLED-like row (see docs/exports.md for each column)."""
    e, p = row.event, row.place
    name, numeric, _ = _iso(row)
    side1, side2 = _two_sides(e)
    inter1, inter2 = _inter(row, side1[:1]), _inter(row, side2[:1])
    return {
        "event_id_cnty": e.id, "event_date": e.time and e.time.date,
        "year": _year(e), "time_precision": _acled_time_precision(e),
        "disorder_type": _disorder(e.acled), "event_type": e.acled and e.acled[0],
        "sub_event_type": e.acled and e.acled[1],
        "actor1": _first(row, side1), "assoc_actor_1": _rest(row, side1),
        "inter1": inter1, "actor2": _first(row, side2),
        "assoc_actor_2": _rest(row, side2), "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if _targets_civilians(row) else None,
        "iso": numeric, "country": name, "admin1": p and p.admin1,
        "location": p and p.name, "latitude": p and p.lat, "longitude": p and p.lon,
        "geo_precision": _acled_geo_precision(row), "source": row.document.source,
        "notes": e.evidence.text, "fatalities": _acled_fatalities(e), "tags": _tags(row),
    }


def _two_sides(e: Event) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Sources and targets; for a reciprocal event (PLOVER lists every party as a source and
    none as target: "X and Y clashed") the first source against the others."""
    if not e.target and len(e.source) > 1:
        return e.source[:1], e.source[1:]
    return e.source, e.target


def _year(e: Event) -> int | None:
    return int(e.time.date[:4]) if e.time and e.time.date else None


def _first(row: EventRow, ids: Sequence[str]) -> str | None:
    return row.names(ids[:1])[0] if ids else None


def _rest(row: EventRow, ids: Sequence[str]) -> str | None:
    return "; ".join(row.names(ids[1:])) or None


def _acled_time_precision(e: Event) -> int | None:
    """1 day, 2 week, 3 month (ACLED has nothing coarser, so a year is 3 too).

    A day taken from the report's dateline or publication date (the sentence gave none) is
    only known to within a few days: 2.
    """
    if e.time is None or e.time.date is None:
        return None
    level = {"day": 1, "week": 2, "month": 3, "year": 3}[e.time.precision]
    return max(level, 2) if e.time.basis in ("dateline", "published") else level


def _disorder(acled: tuple[str, str] | None) -> str | None:
    if acled is None:
        return None
    kind, sub = acled
    if sub == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if kind in _VIOLENT_ACLED or sub == "Mob violence":
        return "Political violence"
    return "Demonstrations" if kind in ("Protests", "Riots") else "Strategic developments"


def _inter(row: EventRow, ids: Sequence[str]) -> int | None:
    """The ACLED actor type of the first actor of a side, from its sector.

    Demonstrators are typed by the event (protesters, rioters), and a state's forces acting
    outside its country are "external/other forces" (8), as ACLED codes them.
    """
    actor = _actors(row, ids)[0] if ids else None
    if actor is None or not actor.sector:
        return None
    kind = row.event.acled[0] if row.event.acled else None
    if kind in ("Protests", "Riots") and actor.sector not in _STATE:
        return 6 if kind == "Protests" else 5
    code = _INTER_BY_SECTOR.get(actor.sector)
    if code == 1 and actor.country and row.country and actor.country != row.country:
        return 8
    return code


def _interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's two-digit interaction: the two actor types, lower first; one side alone: X0."""
    codes = sorted(c for c in (inter1, inter2) if c is not None)
    if not codes:
        return None
    return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)


def _targets_civilians(row: EventRow) -> bool:
    e = row.event
    if e.acled and e.acled[0] == "Violence against civilians":
        return True
    violent = e.type == "ASSAULT" or (e.acled is not None and e.acled[0] in _VIOLENT_ACLED)
    return violent and bool(_sectors(row, e.target) & _CIVILIAN)


def _acled_geo_precision(row: EventRow) -> int | None:
    """1 the town itself, 2 near it / taken from the dateline, 3 a larger region or country."""
    p = row.place
    if p is None:
        return None
    if p.precision in ("city", "site"):
        return 1 if row.event.place_basis in (None, "sentence") else 2
    return 3


def _acled_fatalities(e: Event) -> int:
    """ACLED records the most conservative figure reported, and 0 when none is."""
    f = e.fatalities
    if f is None:
        return 0
    low = f.low if f.low is not None else f.best
    return low if low is not None else 0


def _tags(row: EventRow) -> str | None:
    """What ACLED has no column for: our status, attribution and how place/date were found."""
    e = row.event
    tags = [f"status={e.status}"] if e.status != "asserted" else []
    if e.attributed_to:
        tags.append(f"attributed_to={_name(row, e.attributed_to)}")
    if e.place_basis not in (None, "sentence"):
        tags.append(f"place_basis={e.place_basis}")
    if e.time and e.time.basis != "sentence":
        tags.append(f"date_basis={e.time.basis}")
    f = e.fatalities
    if f is not None and f.low is None and f.best is None and f.high is not None:
        tags.append(f"fatalities_at_most={f.high}")
    return "; ".join(tags) or None


def _is_acled(row: EventRow) -> bool:
    return row.event.acled is not None and row.event.status in _OCCURRED


# -- UCDP GED --------------------------------------------------------------------------------

UCDP_COLUMNS = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_new_id",
    "conflict_name", "dyad_new_id", "dyad_name", "side_a_new_id", "gwnoa", "side_a",
    "side_b_new_id", "gwnob", "side_b", "number_of_sources", "source_article",
    "source_office", "source_date", "source_headline", "source_original", "where_prec",
    "where_coordinates", "where_description", "adm_1", "adm_2", "latitude", "longitude",
    "geom_wkt", "priogrid_gid", "country", "country_id", "region", "event_clarity",
    "date_prec", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians",
    "deaths_unknown", "best", "high", "low",
)
_WHERE_PREC = {"city": 1, "site": 1, "admin1": 4, "region": 5, "country": 6}
_DATE_PREC = {"day": 1, "week": 2, "month": 3, "year": 4}


def ucdp_row(row: EventRow) -> Row:
    """One UCDP-GED-like row (see docs/exports.md for each column)."""
    e, p, d = row.event, row.place, row.document
    violence = _type_of_violence(row)
    side_a, side_b = _sides(row, violence)
    t = e.time
    return {
        "id": e.id, "year": _year(e), "type_of_violence": violence,
        "dyad_name": f"{side_a} - {side_b}" if side_a and side_b else None,
        "side_a": side_a, "side_b": side_b, "number_of_sources": 1,
        "source_article": _cited(row), "source_office": d.source, "source_date": d.published,
        "source_headline": d.title, "source_original": _name(row, e.attributed_to),
        "where_prec": _WHERE_PREC.get(p.precision) if p else None,
        "where_coordinates": p and p.name, "adm_1": p and p.admin1,
        "latitude": p and p.lat, "longitude": p and p.lon,
        "geom_wkt": f"POINT ({p.lon} {p.lat})" if p and p.lat is not None and p.lon is not None
        else None,
        "country": _iso(row)[0], "event_clarity": 1 if e.status == "asserted" else 2,
        "date_prec": _DATE_PREC[t.precision] if t and t.date else None,
        "date_start": t and t.date, "date_end": t and (t.end_date or t.date),
        **_ucdp_deaths(e),
    }


def _type_of_violence(row: EventRow) -> int | None:
    """1 state-based (a state on one side), 2 non-state, 3 one-sided (against civilians)."""
    e = row.event
    if _targets_civilians(row):
        return 3
    if _sectors(row, (*e.source, *e.target)) & _STATE:
        return 1
    return 2 if len(e.source) + len(e.target) >= 2 else None


def _sides(row: EventRow, violence: int | None) -> tuple[str | None, str | None]:
    """Side A and side B as names ("; " between several).

    UCDP puts the government on side A of state-based violence and "Civilians" on side B of
    one-sided violence. Otherwise as ``_two_sides``.
    """
    e = row.event
    if violence == 3:
        return _joined(row, e.source), "Civilians"
    if violence == 1:
        ids = (*e.source, *e.target)
        state = [i for i in ids if (a := row.actor(i)) is not None and a.sector in _STATE]
        return _joined(row, state), _joined(row, [i for i in ids if i not in state])
    side_a, side_b = _two_sides(e)
    return _joined(row, side_a), _joined(row, side_b)


def _joined(row: EventRow, ids: Sequence[str]) -> str | None:
    return "; ".join(row.names(ids)) or None


def _ucdp_deaths(e: Event) -> Row:
    """Our figures are not split by side, so they are all "unknown" deaths.

    UCDP's estimates keep low <= best <= high; a missing one takes its neighbour's value.
    """
    f = e.fatalities
    if f is None:
        return {}
    best = f.best if f.best is not None else f.low
    low = f.low if f.low is not None else best
    high = f.high if f.high is not None else best
    return {"deaths_unknown": best, "best": best, "high": high, "low": low}


def _is_ucdp(row: EventRow) -> bool:
    e = row.event
    violent = e.type == "ASSAULT" or (e.acled is not None and e.acled[0] in _VIOLENT_ACLED)
    return violent and e.status in _OCCURRED


# -- PLOVER ----------------------------------------------------------------------------------

# PLOVER's quad categories (PLOVER manual, "PLOVER quad categories"); REQUEST is the newer
# name of DEMAND.
_QUAD = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT", "INVESTIGATE"), 2),
    **dict.fromkeys(("DEMAND", "REQUEST", "ACCUSE", "REJECT", "SANCTION", "THREATEN"), 3),
    **dict.fromkeys(("PROTEST", "MOBILIZE", "COERCE", "ASSAULT"), 4),
}
# PLOVER codes these non-state actors by kind in place of a country.
_NON_STATE_CODES = frozenset({"IGO", "NGO", "MNC", "IMG", "ISM"})


def plover_record(row: EventRow) -> Row:
    """One record with the PLOVER JSON field names; our extras after the standard ones."""
    e, d, t = row.event, row.document, row.event.time
    return {
        "id": e.id, "has_event": True, "date": t and t.date, "enddate": t and t.end_date,
        "source": [_plover_actor(row, i) for i in e.source],
        "recipient": [_plover_actor(row, i) for i in e.target],
        "event": [e.type], "event_loc": _plover_location(row), "event_text": [e.trigger.text],
        "quad_code": _QUAD.get(e.type), "mode": e.mode, "context": None,
        "text": e.evidence.text,
        "text_info": {"start": e.evidence.start, "end": e.evidence.end},
        "cite_info": {"citation": d.path, "url": d.url, "title": d.title,
                      "language": d.language, "publication": d.source,
                      "coder": f"ceasefire {__version__}"},
        "coder": f"ceasefire {__version__}",
        # Extras (PLOVER invites named fields beyond its own):
        "date_precision": t and t.precision, "date_basis": t and t.basis,
        "place_basis": e.place_basis, "cameo": e.cameo,
        "acled": list(e.acled) if e.acled else None, "status": e.status,
        "attributed_to": e.attributed_to,
        "fatalities": asdict(e.fatalities) if e.fatalities else None,
        "document_id": d.id, "published": d.published,
    }


def _plover_actor(row: EventRow, actor_id: str) -> Row:
    a = row.actor(actor_id)
    if a is None:
        return {"code": None, "sector": None, "actor_text": actor_id,
                "identifier_id": actor_id, "identifier_text": actor_id}
    non_state = a.sector in _NON_STATE_CODES
    return {"code": a.sector if non_state else a.country,
            "sector": None if non_state else a.sector, "actor_text": a.name,
            "identifier_id": a.id, "identifier_text": a.name}


def _plover_location(row: EventRow) -> Row | None:
    """The location object, with GeoNames field names as PLOVER specifies."""
    p = row.place
    if p is None:
        return None
    geonameid = p.id.removeprefix("geo:")
    return {
        "geonameid": int(geonameid) if geonameid.isdigit() else None, "name": p.name,
        "latitude": p.lat, "longitude": p.lon,
        "country code": _country(p.country)[2] if p.country else None, "cc3": p.country,
        "admin1_name": p.admin1, "place_id": p.id, "kind": p.kind,
    }


# -- export ----------------------------------------------------------------------------------

_SHAPE_ROWS: dict[str, tuple[Callable[[EventRow], bool], Callable[[EventRow], Row]]] = {
    "acled": (_is_acled, acled_row),
    "ucdp": (_is_ucdp, ucdp_row),
    "plover": (lambda row: True, plover_record),
}


def shape_rows(rows: Iterable[EventRow], shape: str) -> Iterable[Row]:
    """The rows of one shape, for the events that shape records."""
    if shape not in _SHAPE_ROWS:
        raise UsageError(f"unknown shape {shape!r}; choose one of {', '.join(SHAPES)}")
    keep, build = _SHAPE_ROWS[shape]
    return (build(r) for r in rows if keep(r))


def export_shape(store: Store, shape: str, out: Path, where: EventFilter | None = None) -> Path:
    """Write the store's events as ACLED-like CSV, UCDP-GED-like CSV or PLOVER JSON Lines."""
    rows = shape_rows(iter_events(store, where or EventFilter()), shape)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        if shape == "plover":
            for record in rows:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            _write_csv(ACLED_COLUMNS if shape == "acled" else UCDP_COLUMNS, rows, fh)
    return out
