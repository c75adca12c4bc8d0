"""Event outputs (CSV, JSON, GeoJSON) and the ACLED-, UCDP- and PLOVER-shaped exports, from a
store built by hand, and the same through the command line in-process (no model needed)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from ceasefire.cli import EXIT_OK, EXIT_USAGE, run_cli
from ceasefire.errors import UsageError
from ceasefire.query import EventFilter, events
from ceasefire.schema import Actor, DocumentMeta, Event, EventTime, Fatalities, Place, Record, Span
from ceasefire.store.duckdb import Store
from ceasefire.store.formats import (
    ACLED_COLUMNS,
    EVENT_CSV_COLUMNS,
    UCDP_COLUMNS,
    export_shape,
    write_events,
)
from ceasefire.store.rows import Extra

TEXT = ("Gunmen of the Hill Front raided a police station in Mopti on Friday, killing three "
        "officers and two bystanders, a police spokesman said. Soldiers and the Hill Front "
        "fought for hours near the border. Villagers rallied in the square against the raids. "
        "The governor will host mediators in Sevare.")
DOC = "d" * 64


def _span(piece: str) -> Span:
    start = TEXT.index(piece)
    return Span(start, start + len(piece), piece)


def _sentence(n: int) -> Span:
    return _span([s if s.endswith(".") else s + "." for s in TEXT.split(". ")][n])


ACTORS = (
    Actor("act:hill-front", "Hill Front", "MLI", "REB", True),
    Actor("act:x-mali-police", "Malian police", "MLI", "COP", False),
    Actor("act:x-bystanders", "bystanders", "MLI", "CVL", False),
    Actor("act:x-spokesman", "police spokesman", "MLI", "COP", False),
    Actor("act:x-mali-soldiers", "Malian soldiers", "MLI", "MIL", False),
    Actor("act:x-villagers", "villagers", "MLI", "CVL", False),
    Actor("act:x-governor", "governor", "MLI", "GOV", False),
)
PLACES = (
    Place("geo:2453348", "Mopti", "city", "MLI", "Mopti", 14.49, -4.2, "city"),
    Place("geo:MLI", "Mali", "country", "MLI", None, None, None, "country"),
    Place("geo:2451478", "Sevare", "city", "MLI", "Mopti", 14.53, -4.1, "city"),
)
EVENTS = (
    Event("evt:dddddddddddd:0", "ASSAULT", None, "18", ("Violence against civilians", "Attack"),
          ("act:hill-front",), ("act:x-mali-police", "act:x-bystanders"), "geo:2453348",
          EventTime("2021-06-04", "day"), Fatalities(5, 5, None), "claimed", "act:x-spokesman",
          _sentence(0), _span("raided"), "sentence"),
    Event("evt:dddddddddddd:1", "ASSAULT", None, "19", ("Battles", "Armed clash"),
          ("act:x-mali-soldiers", "act:hill-front"), (), "geo:MLI",
          EventTime("2021-06-07", "day", basis="published"), None, "asserted", None,
          _sentence(1), _span("fought"), "document"),
    Event("evt:dddddddddddd:2", "PROTEST", "demonstrate", "14", ("Protests", "Peaceful protest"),
          ("act:x-villagers",), (), None, EventTime("2021-07-01", "month", "2021-07-31"), None,
          "asserted", None, _sentence(2), _span("rallied"), None),
    Event("evt:dddddddddddd:3", "CONSULT", None, "04", None, ("act:x-governor",), (),
          "geo:2451478", None, None, "planned", None, _sentence(3), _span("host"), "sentence"),
)
RECORD = Record(DocumentMeta(DOC, "mopti.txt", "River Courier", "https://example.org/m",
                             "Raid in Mopti", "2021-06-07", "en", len(TEXT)),
                text=TEXT, actors=ACTORS, places=PLACES, events=EVENTS)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("formats") / "events.duckdb"
    with Store(path) as store:
        store.write([(RECORD, Extra("raw"))])
    return path


def _written(db: Path, fmt: str, **where: Any) -> str:
    out = io.StringIO()
    with Store(db, read_only=True) as store:
        write_events(events(store, EventFilter(**where)), fmt, out)
    return out.getvalue()


def _export(db: Path, shape: str, out: Path) -> str:
    with Store(db, read_only=True) as store:
        return export_shape(store, shape, out).read_text(encoding="utf-8")


def test_hand_made_spans_point_into_the_text() -> None:
    for e in EVENTS:
        for span in (e.evidence, e.trigger):
            assert TEXT[span.start : span.end] == span.text


def test_csv_header_and_a_row(db: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_written(db, "csv"))))
    assert tuple(rows[0]) == EVENT_CSV_COLUMNS and len(rows) == 4
    first = rows[0]
    assert first["target_names"] == "Malian police; bystanders"
    assert (first["place_name"], first["latitude"], first["country"]) == ("Mopti", "14.49", "MLI")
    assert (first["fatalities_best"], first["fatalities_high"]) == ("5", "")
    assert first["attributed_to_name"] == "police spokesman"
    assert first["evidence"] == EVENTS[0].evidence.text and first["outlet"] == "River Courier"


def test_json_is_schema_events_with_context(db: Path) -> None:
    items = json.loads(_written(db, "json"))
    assert [i["id"] for i in items] == [e.id for e in EVENTS]
    first = items[0]
    schema_keys = set(Event.__dataclass_fields__)
    assert set(first) == schema_keys | {"context"}
    assert first["acled"] == ["Violence against civilians", "Attack"]
    assert first["evidence"] == {"start": EVENTS[0].evidence.start,
                                 "end": EVENTS[0].evidence.end, "text": EVENTS[0].evidence.text}
    assert first["time"] == {"date": "2021-06-04", "precision": "day", "end_date": None,
                             "basis": "sentence"}
    ctx = first["context"]
    assert ctx["document"]["title"] == "Raid in Mopti" and ctx["country"] == "MLI"
    assert ctx["place"]["name"] == "Mopti"
    assert {a["name"] for a in ctx["actors"]} >= {"Hill Front", "police spokesman"}
    assert items[2]["context"]["place"] is None
    assert json.loads(_written(db, "json", types=("AID",))) == []


def test_geojson_points_and_skipped_count(db: Path) -> None:
    collection = json.loads(_written(db, "geojson"))
    assert collection["type"] == "FeatureCollection"
    # Mali (country, no coordinates) and the placeless rally cannot be drawn.
    assert collection["skipped"] == 2
    features = collection["features"]
    assert [f["id"] for f in features] == [EVENTS[0].id, EVENTS[3].id]
    for f in features:
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert f["properties"]["id"] == f["id"]
    assert features[0]["geometry"]["coordinates"] == [-4.2, 14.49]  # longitude first


def test_unknown_format_is_a_usage_error(db: Path) -> None:
    with pytest.raises(UsageError):
        _written(db, "xml")


def test_acled_columns_and_rows(db: Path, tmp_path: Path) -> None:
    text = _export(db, "acled", tmp_path / "acled.csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == ACLED_COLUMNS
    # The planned meeting has no ACLED type and has not happened: not an ACLED event.
    assert [r["event_id_cnty"] for r in rows] == [e.id for e in EVENTS[:3]]
    attack, clash, rally = rows
    assert {k: attack[k] for k in ("event_date", "year", "time_precision", "disorder_type",
                                   "event_type", "sub_event_type", "actor1", "inter1",
                                   "actor2", "assoc_actor_2", "inter2", "interaction",
                                   "civilian_targeting", "iso", "country", "admin1",
                                   "location", "latitude", "longitude", "geo_precision",
                                   "source", "fatalities", "tags")} == {
        "event_date": "2021-06-04", "year": "2021", "time_precision": "1",
        "disorder_type": "Political violence", "event_type": "Violence against civilians",
        "sub_event_type": "Attack", "actor1": "Hill Front", "inter1": "2",
        "actor2": "Malian police", "assoc_actor_2": "bystanders", "inter2": "1",
        "interaction": "12", "civilian_targeting": "Civilian targeting", "iso": "466",
        "country": "Mali", "admin1": "Mopti", "location": "Mopti", "latitude": "14.49",
        "longitude": "-4.2", "geo_precision": "1", "source": "River Courier",
        "fatalities": "5", "tags": "status=claimed; attributed_to=police spokesman",
    }
    assert attack["notes"] == EVENTS[0].evidence.text and attack["timestamp"] == ""
    assert (clash["time_precision"], clash["geo_precision"], clash["fatalities"]) == ("2", "3", "0")
    # Both parties as sources (a reciprocal clash): one against the other.
    assert (clash["actor1"], clash["actor2"], clash["assoc_actor_1"]) == (
        "Malian soldiers", "Hill Front", "")
    assert (clash["inter1"], clash["inter2"], clash["interaction"]) == ("1", "2", "12")
    assert clash["tags"] == "place_basis=document; date_basis=published"
    assert (rally["disorder_type"], rally["inter1"], rally["interaction"]) == (
        "Demonstrations", "6", "60")
    assert (rally["time_precision"], rally["location"], rally["country"]) == ("3", "", "Mali")


def test_ucdp_columns_and_rows(db: Path, tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_export(db, "ucdp", tmp_path / "ged.csv"))))
    assert tuple(rows[0]) == UCDP_COLUMNS
    assert [r["id"] for r in rows] == [EVENTS[0].id, EVENTS[1].id]  # violent events only
    attack, clash = rows
    assert {k: attack[k] for k in ("year", "type_of_violence", "side_a", "side_b", "dyad_name",
                                   "where_prec", "adm_1", "country", "event_clarity",
                                   "date_prec", "date_start", "date_end", "deaths_a",
                                   "deaths_unknown", "best", "low", "high",
                                   "source_original", "source_office", "geom_wkt")} == {
        "year": "2021", "type_of_violence": "3", "side_a": "Hill Front", "side_b": "Civilians",
        "dyad_name": "Hill Front - Civilians", "where_prec": "1", "adm_1": "Mopti",
        "country": "Mali", "event_clarity": "2", "date_prec": "1", "date_start": "2021-06-04",
        "date_end": "2021-06-04", "deaths_a": "", "deaths_unknown": "5", "best": "5",
        "low": "5", "high": "5", "source_original": "police spokesman",
        "source_office": "River Courier", "geom_wkt": "POINT (-4.2 14.49)",
    }
    assert attack["source_article"].startswith('River Courier, 2021-06-07, "Raid in Mopti"')
    # Soldiers and rebels fighting: state-based, the state on side A.
    assert (clash["type_of_violence"], clash["side_a"], clash["side_b"]) == (
        "1", "Malian soldiers", "Hill Front")
    assert (clash["where_prec"], clash["best"], clash["event_clarity"]) == ("6", "", "1")


def test_plover_records(db: Path, tmp_path: Path) -> None:
    lines = _export(db, "plover", tmp_path / "events.jsonl").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == [e.id for e in EVENTS]  # every status, marked
    attack = records[0]
    for field in ("id", "date", "enddate", "source", "recipient", "event", "event_loc",
                  "event_text", "quad_code", "mode", "text", "text_info", "cite_info"):
        assert field in attack
    assert attack["event"] == ["ASSAULT"] and attack["quad_code"] == 4
    assert attack["source"] == [{"code": "MLI", "sector": "REB", "actor_text": "Hill Front",
                                 "identifier_id": "act:hill-front",
                                 "identifier_text": "Hill Front"}]
    assert [a["sector"] for a in attack["recipient"]] == ["COP", "CVL"]
    loc = attack["event_loc"]
    assert (loc["geonameid"], loc["name"], loc["cc3"], loc["country code"]) == (
        2453348, "Mopti", "MLI", "ML")
    assert (loc["latitude"], loc["longitude"]) == (14.49, -4.2)
    assert attack["event_text"] == ["raided"] and attack["text"] == EVENTS[0].evidence.text
    assert attack["status"] == "claimed" and attack["fatalities"] == {
        "low": 5, "best": 5, "high": None}
    assert records[1]["event_loc"]["geonameid"] is None  # geo:MLI is no GeoNames id
    assert (records[2]["mode"], records[2]["event_loc"], records[2]["quad_code"]) == (
        "demonstrate", None, 4)
    assert (records[3]["status"], records[3]["date"], records[3]["quad_code"]) == (
        "planned", None, 1)


def test_unknown_shape_writes_nothing(db: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="shape"), Store(db, read_only=True) as store:
        export_shape(store, "gdelt", tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()


# -- the command line, in-process -------------------------------------------------------------


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run_cli(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_events_table(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _cli(capsys, "events", "--db", str(db))
    assert code == EXIT_OK
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["date", "type", "source", "->"]
    assert "Hill Front -> Malian police, bystanders" in out
    assert "2021-07 " in out and "2021-06-07~" in out  # month precision; a stand-in date
    assert "4 events" in out
    code, out, _ = _cli(capsys, "events", "--db", str(db), "--limit", "1", "--offset", "1")
    assert "4 events match; shown 2-2" in out and "Malian soldiers" in out


def test_cli_events_filters_and_formats(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _cli(capsys, "events", "--db", str(db), "--type", "ASSAULT", "--type",
                        "PROTEST", "--country", "MLI", "--since", "2021-06-05", "--format",
                        "json")
    assert code == EXIT_OK
    assert [e["id"] for e in json.loads(out)] == [EVENTS[1].id, EVENTS[2].id]
    _, out, _ = _cli(capsys, "events", "--db", str(db), "--actor", "hill", "--status",
                     "claimed", "--format", "csv")
    assert [r["event_id"] for r in csv.DictReader(io.StringIO(out))] == [EVENTS[0].id]
    _, out, _ = _cli(capsys, "events", "--db", str(db), "--format", "geojson")
    assert json.loads(out)["skipped"] == 2
    _, out, _ = _cli(capsys, "events", "--db", str(db), "--text", "square", "--format", "csv")
    assert len(list(csv.DictReader(io.StringIO(out)))) == 1


def test_cli_events_misuse(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _cli(capsys, "events", "--db", str(db), "--since", "June")
    assert code == EXIT_USAGE and "YYYY-MM-DD" in err
    code, _, err = _cli(capsys, "events", "--db", str(tmp_path / "none.duckdb"))
    assert code == EXIT_USAGE and "no database" in err


def test_cli_export_shapes(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out" / "events_acled.csv"
    code, printed, _ = _cli(capsys, "export", "--db", str(db), "--shape", "acled",
                            "--out", str(out))
    assert code == EXIT_OK and printed.strip() == str(out)
    assert out.read_text().splitlines()[0] == ",".join(ACLED_COLUMNS)
    code, _, _ = _cli(capsys, "export", "--db", str(db), "--shape", "plover", "--out",
                      str(tmp_path / "p.jsonl"))
    assert code == EXIT_OK and len((tmp_path / "p.jsonl").read_text().splitlines()) == 4
    code, _, err = _cli(capsys, "export", "--db", str(db), "--shape", "ucdp", "--format",
                        "csv", "--out", str(tmp_path / "u.csv"))
    assert code == EXIT_USAGE and "--shape" in err
    code, _, _ = _cli(capsys, "export", "--db", str(db), "--out", str(tmp_path / "tables"))
    assert code == EXIT_OK and (tmp_path / "tables" / "events.csv").is_file()  # default kept
