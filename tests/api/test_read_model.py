"""The API's in-memory read model answers exactly as the query service the CLI uses.

Two layers: against ``query.events`` over a real database (every filter, in JSON and as
EventRows), and against a plain numpy reference over a large synthetic index (paging,
narrowing and key marking at sizes where their shortcuts take effect).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pytest

from ceasefire import query
from ceasefire.api import readmodel
from ceasefire.api.readmodel import EventIndex, Keys
from ceasefire.query import EventFilter, ModelKeys, ModelSource
from ceasefire.store.duckdb import Store
from ceasefire.store.formats import event_json

FILTERS = [
    EventFilter(),
    EventFilter(countries=("LBY",)),
    EventFilter(countries=("lby", "SDN", "ETH")),
    EventFilter(types=("ASSAULT", "agree")),
    EventFilter(actors=("act:un",)),
    EventFilter(actors=("act:lna",)),  # by affiliation
    EventFilter(actors=("haftar", "nations")),  # by part of a name
    EventFilter(since="2020-01-01", until="2020-01-31"),
    EventFilter(place="geo:2210247"),
    EventFilter(statuses=("claimed", "planned")),
    EventFilter(text="CEASEFIRE"),
    EventFilter(bbox=(9.3, 19.5, 25.2, 33.2)),
    EventFilter(bbox=(170.0, -90.0, -170.0, 90.0)),  # across the antimeridian
    EventFilter(countries=("LBY",), types=("ASSAULT",), since="2019-06-01", limit=7, offset=3),
    EventFilter(limit=25, offset=50),
    EventFilter(limit=10, offset=100_000),
    # Text beyond one word: inside a word, phrases, punctuation, nothing but punctuation.
    EventFilter(text="fire"),
    EventFilter(text="the government"),
    EventFilter(text="u.n."),
    EventFilter(text=", "),
    EventFilter(text="zzzqx"),
    EventFilter(text="Ceasefire", types=("AGREE",), since="2019-01-01"),
    EventFilter(actors=("united", "act:un"), statuses=("asserted",), limit=5, offset=2),
    EventFilter(countries=("YEM",), bbox=(40.0, 10.0, 50.0, 20.0), until="2021-12-31"),
]


@pytest.fixture(scope="module")
def snapshot(examples_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    copy = tmp_path_factory.mktemp("snapshot") / "snap.duckdb"
    shutil.copyfile(examples_db, copy)
    return Store(copy)


@pytest.fixture(scope="module")
def index(snapshot: Store) -> EventIndex:
    return EventIndex.build(snapshot)


@pytest.mark.slow
@pytest.mark.parametrize("where", FILTERS, ids=str)
def test_read_model_equals_events(snapshot: Store, index: EventIndex, where: EventFilter) -> None:
    expected = query.events(snapshot, where)
    body = json.loads(index.json_page(where))
    assert body["total"] == query.count_events(snapshot, where)
    assert (body["limit"], body["offset"]) == (where.limit, where.offset)
    assert body["items"] == [event_json(r) for r in expected]
    assert index.rows(snapshot, where) == (body["total"], expected)


@pytest.mark.slow
def test_filters_select_something(snapshot: Store, index: EventIndex) -> None:
    """The comparisons above mean little if every filter matched nothing."""
    matched = [index.select(f)[0] for f in FILTERS[:13]]
    assert sum(n > 0 for n in matched) >= 11
    assert matched[0] == index.size > matched[1] > 0
    assert index.select(EventFilter(text="u.n."))[0] + index.select(EventFilter(text=", "))[0] > 0


@pytest.mark.slow
def test_markup_in_the_json_is_escaped(index: EventIndex) -> None:
    raw = index.json_page(EventFilter(limit=1000))
    assert b"<" not in raw and b">" not in raw and b"&" not in raw
    assert json.loads(raw)["items"]


def test_lower_agrees_with_duckdb() -> None:
    con = duckdb.connect()
    for term in ("CeaseFire", "ΟΔΟΣ", "İstanbul", "ÅLAND", "straße"):
        row = con.execute("SELECT lower(?)", [term]).fetchone()
        assert row is not None and readmodel.lower(term) == row[0]


def test_empty_database(tmp_path: Path) -> None:
    store = Store(tmp_path / "empty.duckdb")
    index = EventIndex.build(store)
    where = EventFilter(countries=("LBY",), text="a b", since="2020-01-01", limit=5)
    assert json.loads(index.json_page(where)) == {"total": 0, "limit": 5, "offset": 0,
                                                  "items": []}
    assert index.rows(store, EventFilter(limit=5)) == (0, [])


# -- against a numpy reference, at scale -------------------------------------------------

SIZE = 60_000  # several times PAGE_SCAN, so pages are found past the first look


def _keys(values: list[str | None]) -> ModelKeys:
    pairs = sorted((v, i) for i, v in enumerate(values) if v is not None)
    keys = sorted({v for v, _ in pairs})
    counts = [sum(1 for v, _ in pairs if v == k) for k in keys]
    return ModelKeys(keys, counts, np.array([i for _, i in pairs], dtype=np.int32))


@pytest.fixture(scope="module")
def synthetic() -> tuple[EventIndex, dict[str, Any]]:
    rng = np.random.default_rng(7)
    types = rng.choice(["ASSAULT", "AGREE", "CONSULT", "AID"], SIZE, p=[0.6, 0.3, 0.09, 0.01])
    country = rng.choice(["LBY", "SDN", "YEM", "ETH", "SYR"], SIZE, p=[0.5, 0.3, 0.15, 0.04, 0.01])
    first = rng.integers(17_000, 20_000, SIZE)
    lat, lon = rng.uniform(-60, 60, SIZE), rng.uniform(-180, 180, SIZE)
    lat[rng.random(SIZE) < 0.1] = np.nan
    words = rng.choice(["peace", "ceasefire", "talks", "attack", "aid"], SIZE)
    heads = [f'{{"n":{i},"context":{{"document":' for i in range(SIZE)]
    source = ModelSource(
        columns={"doc": np.zeros(SIZE, dtype=np.int64), "n": np.arange(SIZE),
                 "first_day": first, "last_day": first + 3, "lat": lat, "lon": lon,
                 "text": np.array([f"{w} at {i}" for i, w in enumerate(words)], dtype=object)},
        keys={"types": _keys(list(types)), "statuses": _keys(["asserted"] * SIZE),
              "places": _keys([None] * SIZE), "countries": _keys(list(country)),
              "actors": _keys([None] * SIZE), "names": _keys([None] * SIZE),
              "words": _keys(list(words))},
        json={"head": heads, "tail": ["}}"] * SIZE}, doc_ids=["d"], doc_json=["{}"])
    return EventIndex(source), {"types": types, "country": country, "first": first,
                                "lat": lat, "lon": lon, "words": words}


def _reference(data: dict[str, Any], f: EventFilter) -> np.ndarray[Any, Any]:
    keep = np.ones(SIZE, dtype=bool)
    if f.types:
        keep &= np.isin(data["types"], [t.upper() for t in f.types])
    if f.countries:
        keep &= np.isin(data["country"], f.countries)
    if f.since:
        keep &= data["first"] + 3 >= readmodel._day(f.since)
    if f.until:
        keep &= data["first"] <= readmodel._day(f.until)
    if f.text:
        keep &= np.array([f.text in w for w in data["words"]])
    if f.bbox:
        west, south, east, north = f.bbox
        keep &= (data["lat"] >= south) & (data["lat"] <= north)
        keep &= (data["lon"] >= west) & (data["lon"] <= east)
    return np.flatnonzero(keep)


SCALE = [
    EventFilter(limit=50, offset=59_990),
    EventFilter(types=("ASSAULT",), limit=50),
    EventFilter(types=("aid",), limit=20, offset=30),  # rare: found past the first look
    EventFilter(types=("AID", "CONSULT"), countries=("SYR", "ETH"), since="2018-01-01",
                until="2023-06-01", bbox=(-90.0, -45.0, 90.0, 45.0),
                limit=100),  # few events left: dates and box tested on them alone
    EventFilter(countries=("LBY",), since="2017-06-01", until="2019-01-01", limit=40,
                offset=9_000),  # many left: whole arrays
    EventFilter(bbox=(-20.0, -10.0, 40.0, 30.0), text="cease", limit=30, offset=1_000),
    EventFilter(countries=("ETH",), bbox=(0.0, -60.0, 180.0, 0.0), limit=None),
    EventFilter(text="ace", limit=10, offset=50_000),  # inside a word
]


@pytest.mark.parametrize("where", SCALE, ids=str)
def test_select_equals_a_numpy_reference(synthetic: tuple[EventIndex, dict[str, Any]],
                                         where: EventFilter) -> None:
    index, data = synthetic
    expected = _reference(data, where)
    total, page = index.select(where)
    end = None if where.limit is None else where.offset + where.limit
    assert total == len(expected)
    assert page.tolist() == expected[where.offset:end].tolist()
    items = json.loads(index.json_page(where))["items"]
    assert [item["n"] for item in items] == page.tolist()


def test_keys_search_by_substring_prefix_suffix() -> None:
    keys = Keys(ModelKeys(["", "al", "ceasefire", "fire", "firearm"], [1, 1, 2, 1, 1],
                          np.array([0, 1, 2, 5, 3, 4], dtype=np.int32)), 6)

    def marked(term: str, **kw: bool) -> list[int]:
        return np.flatnonzero(keys.containing(term, np.zeros(6, dtype=bool), **kw)).tolist()

    assert marked("fire") == [2, 3, 4, 5]
    assert marked("fire", starts=True) == [3, 4]
    assert marked("fire", ends=True) == [2, 3, 5]
    assert marked("fire", starts=True, ends=True) == [3]
    assert marked("") == [0, 1, 2, 3, 4, 5]
    assert marked("e\x00f") == []  # never across two keys
    assert marked("zz") == []
