"""The events read service over a real DuckDB file, on records built here by hand."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from ceasefire.errors import UsageError
from ceasefire.query import EventFilter, count_events, events, iter_events, overview
from ceasefire.schema import (
    Actor,
    DocumentMeta,
    Event,
    EventTime,
    Fatalities,
    Place,
    Record,
    Span,
)
from ceasefire.store.duckdb import Store
from ceasefire.store.rows import Extra

TEXT_A = ("Fighters of the Northern Brigades stormed an army post outside Sirte on Tuesday, "
          "leaving six soldiers dead, the defence ministry said. Envoys of the government and "
          "the brigades will sit down together in Geneva next week.")
TEXT_B = ("A warplane struck the cattle market of Kidal, killing at least 12 civilians. "
          "Hundreds of people marched through the capital to denounce the raid.")
TEXT_C = "Moscow voiced its backing for the new unity cabinet."


def _span(text: str, piece: str) -> Span:
    start = text.index(piece)
    return Span(start, start + len(piece), piece)


def _event(doc: str, n: int, text: str, sentence: str, trigger: str, kind: str,
           **fields: object) -> Event:
    values: dict[str, object] = {
        "mode": None, "cameo": None, "acled": None, "source": (), "target": (), "place": None,
        "time": None, "fatalities": None, "status": "asserted", "attributed_to": None,
    }
    values.update(fields)
    return Event(id=f"evt:{doc[:12]}:{n}", type=kind, evidence=_span(text, sentence),
                 trigger=_span(text, trigger), **values)  # type: ignore[arg-type]


def _record_a() -> Record:
    doc = "a" * 64
    actors = (
        Actor("act:brigades", "Northern Brigades", "LBY", "REB", True),
        Actor("act:army", "Libyan Army", "LBY", "MIL", True, affiliation="act:gov"),
        Actor("act:gov", "Government of Libya", "LBY", "GOV", True),
        Actor("act:mod", "Defence Ministry", "LBY", "GOV", True),
    )
    places = (
        Place("geo:2210554", "Sirte", "city", "LBY", "Surt", 31.2, 16.59, "city"),
        Place("geo:2660646", "Geneva", "city", "CHE", "Geneva", 46.2, 6.15, "city"),
    )
    first, second = TEXT_A.split(". ", 1)
    evs = (
        _event(doc, 0, TEXT_A, first, "stormed", "ASSAULT", cameo="19",
               acled=("Battles", "Armed clash"), source=("act:brigades",),
               target=("act:army",), place="geo:2210554",
               time=EventTime("2020-03-03", "day"), fatalities=Fatalities(6, 6, 6),
               status="claimed", attributed_to="act:mod", place_basis="sentence"),
        _event(doc, 1, TEXT_A, second, "sit down", "CONSULT", cameo="04",
               source=("act:gov", "act:brigades"), place="geo:2660646",
               time=EventTime("2020-03-09", "week", "2020-03-15"), status="planned"),
    )
    meta = DocumentMeta(doc, "a.txt", "Desert Wire", "https://example.org/a", "Sirte attack",
                        "2020-03-05", "en", len(TEXT_A))
    return Record(meta, text=TEXT_A, actors=actors, places=places, events=evs)


def _record_b() -> Record:
    doc = "b" * 64
    actors = (
        Actor("act:x-mali-air-force", "Malian Air Force", "MLI", "MIL", False),
        Actor("act:x-civilians", "civilians", "MLI", "CVL", False),
        Actor("act:x-marchers", "marchers", "MLI", "CVL", False),
    )
    places = (Place("geo:2455290", "Kidal", "city", "MLI", "Kidal", 18.44, 1.41, "city"),)
    first, second = TEXT_B.split(". ", 1)
    evs = (
        _event(doc, 0, TEXT_B, first + ".", "struck", "ASSAULT", cameo="19",
               acled=("Explosions/Remote violence", "Air/drone strike"),
               source=("act:x-mali-air-force",), target=("act:x-civilians",),
               place="geo:2455290", time=EventTime("2020-03-31", "day"),
               fatalities=Fatalities(12, 12, None)),
        _event(doc, 1, TEXT_B, second, "marched", "PROTEST", cameo="14",
               acled=("Protests", "Peaceful protest"), source=("act:x-marchers",),
               time=EventTime("2020-04-01", "day", basis="published")),
    )
    meta = DocumentMeta(doc, "b.txt", "Sahel Post", None, "Market raid", "2020-04-01", "en",
                        len(TEXT_B))
    return Record(meta, text=TEXT_B, actors=actors, places=places, events=evs)


def _record_c() -> Record:
    doc = "c" * 64
    actors = (Actor("act:rus", "Russia", "RUS", "GOV", True),)
    evs = (_event(doc, 0, TEXT_C, TEXT_C, "voiced its backing", "SUPPORT", cameo="05",
                  source=("act:rus",)),)
    meta = DocumentMeta(doc, "c.txt", n_chars=len(TEXT_C))
    return Record(meta, text=TEXT_C, actors=actors, events=evs)


RECORDS = (_record_a(), _record_b(), _record_c())


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    db = tmp_path_factory.mktemp("events") / "events.duckdb"
    with Store(db) as writer:
        writer.write([(r, Extra(r.document.id)) for r in RECORDS])
    return Store(db, read_only=True)


def _ids(store: Store, **where: object) -> list[str]:
    return [row.event.id for row in events(store, EventFilter(**where))]  # type: ignore[arg-type]


A0, A1, B0, B1, C0 = (e.id for r in RECORDS for e in r.events)


def test_hand_made_spans_point_into_their_text() -> None:
    for record in RECORDS:
        for e in record.events:
            for span in (e.evidence, e.trigger):
                assert record.text[span.start : span.end] == span.text


def test_order_is_date_then_report_then_position_undated_last(store: Store) -> None:
    assert _ids(store) == [A0, A1, B0, B1, C0]
    assert count_events(store, EventFilter()) == 5


def test_rows_carry_report_place_and_actor_names(store: Store) -> None:
    (row,) = events(store, EventFilter(place="geo:2210554"))
    assert row.event == RECORDS[0].events[0]
    assert (row.document.title, row.document.url, row.document.source) == (
        "Sirte attack", "https://example.org/a", "Desert Wire")
    assert row.document.published == "2020-03-05" and row.document.path == "a.txt"
    assert row.place is not None and (row.place.name, row.place.lat) == ("Sirte", 31.2)
    assert row.names(row.event.source + row.event.target) == ["Northern Brigades", "Libyan Army"]
    assert row.actor("act:mod") is not None  # the speaker comes along
    assert row.country == "LBY"


def test_country_is_the_place_s_else_the_actors(store: Store) -> None:
    assert _ids(store, countries=("LBY",)) == [A0]
    assert _ids(store, countries=("che",)) == [A1]  # Geneva, whatever the actors' country
    assert _ids(store, countries=("MLI",)) == [B0, B1]  # B1 has no place: its marchers'
    assert _ids(store, countries=("RUS", "CHE")) == [A1, C0]


def test_types_any_of_several(store: Store) -> None:
    assert _ids(store, types=("ASSAULT",)) == [A0, B0]
    assert _ids(store, types=("assault", "PROTEST")) == [A0, B0, B1]


def test_actor_by_id_affiliation_or_name(store: Store) -> None:
    assert _ids(store, actors=("act:army",)) == [A0]
    assert _ids(store, actors=("act:gov",)) == [A0, A1]  # A0 through its affiliated army
    assert _ids(store, actors=("BRIGADES",)) == [A0, A1]
    assert _ids(store, actors=("air force", "act:rus")) == [B0, C0]
    assert _ids(store, actors=("act:mod",)) == []  # the speaker is no participant


def test_dates_overlap_the_range(store: Store) -> None:
    assert _ids(store, since="2020-03-10", until="2020-03-31") == [A1, B0]
    assert _ids(store, since="2020-04-01") == [B1]
    assert _ids(store, until="2020-03-03") == [A0]


def test_place_status_and_text(store: Store) -> None:
    assert _ids(store, place="geo:2660646") == [A1]
    assert _ids(store, statuses=("claimed",)) == [A0]
    assert _ids(store, statuses=("planned", "CLAIMED")) == [A0, A1]
    assert _ids(store, text="CATTLE market") == [B0]


def test_filters_combine_with_and(store: Store) -> None:
    assert _ids(store, countries=("LBY",), types=("CONSULT",)) == []
    assert _ids(store, types=("ASSAULT",), since="2020-03-15") == [B0]


def test_limit_offset_and_paging(store: Store) -> None:
    assert _ids(store, limit=2, offset=1) == [A1, B0]
    assert count_events(store, EventFilter(limit=2, offset=1)) == 5
    paged = [r.event.id for r in iter_events(store, EventFilter(offset=1), page=2)]
    assert paged == [A1, B0, B1, C0]
    limited = [r.event.id for r in iter_events(store, EventFilter(limit=3), page=2)]
    assert limited == [A0, A1, B0]


def test_values_are_parameters_not_sql(store: Store) -> None:
    assert _ids(store, text="'; DROP TABLE events; --", actors=("x' OR '1'='1",)) == []
    assert count_events(store, EventFilter()) == 5


def test_bad_filters_are_usage_errors(store: Store) -> None:
    with pytest.raises(UsageError, match="since"):
        events(store, EventFilter(since="March 2020"))
    with pytest.raises(UsageError, match="status"):
        events(store, EventFilter(statuses=("rumoured",)))
    with pytest.raises(UsageError, match="negative"):
        events(store, EventFilter(limit=-1))


def test_empty_store(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.duckdb") as empty:
        assert events(empty, EventFilter()) == []
        assert count_events(empty, EventFilter(types=("ASSAULT",))) == 0
        assert overview(empty).statuses == {}


def test_one_text_at_two_paths_lists_its_events_once(tmp_path: Path) -> None:
    record = RECORDS[0]
    copy = Record(replace(record.document, path="copy-of-a.txt"), text=record.text,
                  actors=record.actors, places=record.places, events=record.events)
    with Store(tmp_path / "twice.duckdb") as store:
        store.write([(record, Extra("r1"))])
        store.write([(copy, Extra("r2"))])  # a later run meets the same text elsewhere
        assert store.counts() == {"ok": 2}
        assert [r.event.id for r in events(store, EventFilter())] == [A0, A1]
        assert events(store, EventFilter())[0].document.path == "a.txt"  # the first stored
