"""The actor knowledge base: it loads, validates, and resolves names as reports write them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ceasefire.errors import KnowledgeBaseError
from ceasefire.kb.actors import ACTORS_FILE, DEMONYMS_FILE, ActorKB, tokenize


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return ActorKB.load()


def test_loads_once_per_process(kb: ActorKB) -> None:
    assert ActorKB.load() is kb


def test_every_entry_is_consistent(kb: ActorKB) -> None:
    for entry in kb:
        assert entry.id.startswith("act:"), entry
        assert entry.sector in kb.sectors, entry
        assert entry.affiliation is None or kb.get(entry.affiliation) is not None, entry
        assert entry.country is None or kb.country(entry.country) is not None, entry


def test_all_un_member_states_are_country_actors(kb: ActorKB) -> None:
    countries = [e for e in kb if e.kind == "country"]
    assert len(countries) >= 193
    russia = kb.get("act:rus")
    assert russia is not None
    assert (russia.country, russia.sector, russia.kind) == ("RUS", "GOV", "country")
    assert "Russian" in russia.demonyms and "Russians" in russia.people


def test_hand_written_entries_cover_many_conflicts(kb: ActorKB) -> None:
    written = [e for e in kb if e.kind != "country"]
    assert 150 <= len(written) <= 500
    for ident in ("act:lna", "act:gna", "act:hamas", "act:rsf", "act:m23", "act:un", "act:nato"):
        assert kb.get(ident) is not None, ident
    haftar = kb.get("act:haftar")
    assert haftar is not None and haftar.affiliation == "act:lna"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Haftar", "act:haftar"),
        ("Hifter", "act:haftar"),
        ("Hafter", "act:haftar"),
        ("HAFTAR", "act:haftar"),
        ("Haftar\u2019s", "act:haftar"),
        ("al-Sarraj", "act:sarraj"),
        ("Al Sarraj", "act:sarraj"),
        ("el-Serraj", "act:sarraj"),
        ("Sarraj", "act:sarraj"),
        ("Serraj's", "act:sarraj"),
        ("the United Nations", "act:un"),
        ("U.N.", "act:un"),
        ("UN", "act:un"),
        ("Erdo\u011fan", "act:erdogan"),
        ("Ansar Allah", "act:houthis"),
        ("the Houthis", "act:houthis"),
        ("Russian Federation", "act:rus"),
        ("Syrian Arab Republic", "act:syr"),
        ("Russian", "act:rus"),
        ("Libyans", "act:lby"),
        ("C\u00f4te d\u2019Ivoire", "act:civ"),
        ("DRC", "act:cod"),
        ("JEM", "act:jem"),
        ("JeM", "act:jem-pak"),
    ],
)
def test_names_resolve(kb: ActorKB, name: str, expected: str) -> None:
    entry = kb.match(name)
    assert entry is not None, name
    assert entry.id == expected


@pytest.mark.parametrize("name", ["Tripoli", "the talks", "un", "us", "", "   "])
def test_non_actors_do_not_resolve(kb: ActorKB, name: str) -> None:
    assert kb.match(name) is None


def _scan(kb: ActorKB, text: str) -> list[tuple[str, str | None]]:
    words = tokenize(text)
    return [(" ".join(words[m.start : m.end]), m.target.ref) for m in kb.scan(words)]


def test_scan_prefers_the_longest_name(kb: ActorKB) -> None:
    found = _scan(kb, "South Sudan accused Sudan and the Sudanese Armed Forces.")
    assert found == [
        ("South Sudan", "act:ssd"),
        ("Sudan", "act:sdn"),
        ("Sudanese Armed Forces", "act:saf"),
    ]


def test_scan_keeps_acronym_case_and_ignores_lowercase_words(kb: ActorKB) -> None:
    found = dict(_scan(kb, "Let us eat turkey, said the U.S. envoy to Turkey."))
    assert found == {"U.S.": "act:usa", "Turkey": "act:tur"}


def test_scan_blocks_regions_that_contain_a_country_name(kb: ActorKB) -> None:
    assert dict(_scan(kb, "Latin America and the Niger Delta")) == {
        "Latin America": None,
        "Niger Delta": None,
    }


# ----------------------------------------------------------------------- validation


def _write(tmp_path: Path, change: Any) -> Path:
    data = yaml.safe_load(ACTORS_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "actors.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_copy_of_the_packaged_file_loads(tmp_path: Path) -> None:
    kb = ActorKB.load(_write(tmp_path, lambda data: None), DEMONYMS_FILE)
    assert kb.get("act:haftar") is not None


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"id": "act:bad-sector", "name": "X", "sector": "ZZZ"}, "unknown sector"),
        ({"id": "act:bad-country", "name": "X", "sector": "REB", "country": "Libya"}, "ISO"),
        ({"id": "act:no-name", "sector": "REB"}, "name"),
        ({"id": "act:bad-field", "name": "X", "sector": "REB", "colour": "red"}, "unknown field"),
        ({"id": "act:orphan", "name": "X", "sector": "REB", "affiliation": "act:nobody"},
         "affiliation"),
        ({"id": "act:copycat", "name": "Copycat", "sector": "REB", "aliases": ["Hamas"]},
         "already names act:hamas"),
        ({"id": "act:lna", "name": "Second LNA", "sector": "MIL"}, "duplicate id"),
    ],
)
def test_a_bad_entry_raises_with_its_id(
    tmp_path: Path, entry: dict[str, Any], message: str
) -> None:
    path = _write(tmp_path, lambda data: data["actors"].append(entry))
    with pytest.raises(KnowledgeBaseError) as caught:
        ActorKB.load(path, DEMONYMS_FILE)
    assert entry["id"] in str(caught.value)
    assert message in str(caught.value)


def test_a_bad_id_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, lambda data: data["actors"].append({"id": "Haftar2", "name": "X"}))
    with pytest.raises(KnowledgeBaseError, match="Haftar2"):
        ActorKB.load(path, DEMONYMS_FILE)


def test_unreadable_yaml_is_a_kb_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("actors: [ {id: act:x, name: ", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"broken\.yaml"):
        ActorKB.load(path, DEMONYMS_FILE)
