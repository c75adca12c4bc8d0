"""Record -> JSON -> record and record -> DuckDB -> record, on generated records."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ceasefire.schema import (
    Actor,
    Agreement,
    AgreementAction,
    Condition,
    DocumentMeta,
    Event,
    EventTime,
    Fatalities,
    Period,
    Place,
    Quantity,
    Reason,
    Record,
    Span,
    TimeExpr,
    from_dict,
    to_dict,
)
from ceasefire.store.duckdb import Store
from ceasefire.store.rows import Extra

# DuckDB VARCHAR holds any Unicode but NUL; reports never contain NUL (ingest rejects them).
text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
               max_size=40)
opt_text = st.none() | text
iso = st.dates(date(1900, 1, 1), date(2100, 12, 31)).map(date.isoformat)
count = st.none() | st.integers(0, 2**62)
spans = st.lists(st.builds(Span, st.integers(0, 10**6), st.integers(0, 10**6), text),
                 max_size=4).map(tuple)
coord = st.none() | st.floats(-180, 180, allow_nan=False)


def _unique(items: list[Actor] | list[Place]) -> tuple[Actor | Place, ...]:
    seen: dict[str, Actor | Place] = {}
    for item in items:
        seen.setdefault(item.id, item)
    return tuple(seen.values())


actors = st.lists(st.builds(Actor, text, text, opt_text, opt_text, st.booleans(), spans,
                            opt_text), max_size=4).map(_unique)
places = st.lists(st.builds(Place, text, text, text, opt_text, opt_text, coord, coord, text,
                            spans), max_size=4).map(_unique)
times = st.lists(st.builds(TimeExpr, text, st.integers(0, 10**6), st.integers(0, 10**6),
                           st.none() | iso, st.none() | iso,
                           st.sampled_from(["day", "week", "month", "year"]), text),
                 max_size=4).map(tuple)
quantities = st.lists(st.builds(Quantity, text, text, count, count, count,
                                st.builds(Span, st.integers(0, 10**6), st.integers(0, 10**6),
                                          text),
                                st.none() | st.builds(Period, st.none() | iso, text),
                                opt_text), max_size=4).map(tuple)
span = st.builds(Span, st.integers(0, 10**6), st.integers(0, 10**6), text)
ids = st.lists(text, max_size=3).map(tuple)
statuses = st.sampled_from(["asserted", "claimed", "planned", "negated", "hypothetical"])
event_time = st.none() | st.builds(EventTime, st.none() | iso, st.sampled_from(["day", "month"]),
                                   st.none() | iso, text)
deaths = st.builds(Fatalities, count, count, count).filter(
    lambda f: (f.low, f.best, f.high) != (None, None, None))
events = st.lists(st.builds(
    Event, text, text, opt_text, opt_text, st.none() | st.tuples(text, text), ids, ids,
    opt_text,
    event_time, st.none() | deaths, statuses,
    opt_text, span, span, opt_text), max_size=3).map(tuple)
actions = st.lists(st.builds(
    AgreementAction, opt_text, st.sampled_from(["signed", "rejected", "violated"]), event_time,
    statuses, opt_text, span, span, opt_text), max_size=3).map(tuple)
conditions = st.lists(st.builds(Condition, text, span), max_size=2).map(tuple)
agreements = st.lists(st.builds(
    Agreement, text, st.sampled_from(["ceasefire", "truce", "peace", "other"]), text, ids, ids,
    opt_text, actions, conditions, st.dictionaries(text, text, max_size=3), spans),
    max_size=2).map(lambda items: tuple({a.id: a for a in reversed(items)}.values()))
meta = st.builds(DocumentMeta, text, text, opt_text, opt_text, opt_text, st.none() | iso,
                 opt_text, st.integers(0, 10**7))
ok_records = st.builds(Record, meta, st.just("ok"), st.none(), text, actors, places, times,
                       quantities, events, agreements)
other_records = st.builds(
    Record, meta, st.sampled_from(["rejected", "duplicate"]),
    st.builds(Reason, text, text, opt_text),
)
records = ok_records | other_records


@given(records)
def test_json_round_trip(record: Record) -> None:
    assert from_dict(json.loads(json.dumps(to_dict(record)))) == record


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records)
def test_duckdb_round_trip(tmp_path: Path, record: Record) -> None:
    # A fresh file per example: two processed records never share an id in real use.
    with Store(tmp_path / f"{uuid.uuid4().hex}.duckdb") as store:
        store.write([(record, Extra("raw"))])
        assert store.record(record.document.path) == record
        store.write([(record, Extra("raw"))])  # an upsert replaces, never doubles
        assert store.record(record.document.path) == record
        assert sum(store.counts().values()) >= 1


def test_to_dict_follows_schema_md_order() -> None:
    record = Record(DocumentMeta("id", "a.txt"))
    keys = list(to_dict(record))
    assert keys[:5] == ["schema_version", "document", "status", "reason", "text"]
    assert set(keys) >= {"actors", "places", "times", "quantities", "events", "agreements"}
