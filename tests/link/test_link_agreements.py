from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ceasefire.link import link_store
from ceasefire.link.agreements import name_words
from ceasefire.query import agreement_board, agreement_timeline
from ceasefire.store.duckdb import Store


@pytest.fixture()
def libya_store(tmp_path: Path, kit: Any) -> Store:
    store = Store(tmp_path / "libya.duckdb")
    kit.store_reports(store, kit.libya())
    link_store(store)
    return store


def _by_name(board: list[dict[str, object]], word: str) -> dict[str, object]:
    return next(row for row in board if word in str(row["name"]))


def test_truce_and_moscow_draft_stay_two_agreements(libya_store: Store) -> None:
    board = agreement_board(libya_store)
    assert len(board) == 2
    truce, draft = _by_name(board, "truce"), _by_name(board, "Moscow")
    assert truce["n_sources"] == 3 and draft["n_sources"] == 3
    assert draft["name"] == "Moscow ceasefire draft"  # the earliest of three names, one each
    assert draft["venue"] == "geo:moscow" and draft["last_change"] == "2020-01-15"
    assert draft["mediators"] == ["act:rus", "act:tur"]


def test_party_status_is_the_latest_commitment(libya_store: Store) -> None:
    board = agreement_board(libya_store)
    draft = _by_name(board, "Moscow")
    assert {p["actor"]: p["status"] for p in draft["parties"]} == {  # type: ignore[attr-defined]
        "act:gna": "signed", "act:lna": "rejected"}
    truce = _by_name(board, "truce")
    # Rejected on the 9th, accepted by Haftar (an LNA man) on the 11th: the later act counts;
    # a claimed violation does not change what a party has agreed to.
    assert {p["actor"]: p["status"] for p in truce["parties"]} == {  # type: ignore[attr-defined]
        "act:lna": "accepted", "act:gna": "accepted"}
    names = {p["actor"]: p["name"] for p in truce["parties"]}  # type: ignore[attr-defined]
    assert names["act:gna"] == "Government of National Accord"


def test_timeline_is_dated_sourced_and_keeps_history(libya_store: Store) -> None:
    draft_id = str(_by_name(agreement_board(libya_store), "Moscow")["id"])
    timeline = agreement_timeline(libya_store, draft_id)
    assert timeline is not None
    steps = [(a["date"], a["actor"], a["action"], a["status"]) for a in timeline["actions"]]
    assert steps == [
        ("2020-01-13", "act:sarraj", "signed", "asserted"),
        ("2020-01-13", "act:haftar", "requested_time", "asserted"),
        ("2020-01-14", "act:haftar", "rejected", "claimed"),
        ("2020-01-15", "act:lna", "rejected", "asserted"),
    ]
    first = timeline["actions"][0]
    assert first["title"] == "libya/01-13.html" and first["published"] == "2020-01-13"
    assert first["evidence"]["text"].startswith("act:sarraj signed")
    assert set(timeline) >= {"id", "kind", "name", "parties", "mediators", "venue",
                             "last_change", "n_sources", "actions", "conditions"}


def test_timeline_found_by_any_member_id(libya_store: Store) -> None:
    truce = _by_name(agreement_board(libya_store), "truce")
    member = libya_store.con.execute(
        "SELECT max(member_id) FROM linked_agreement_members WHERE agreement_id = ?",
        [truce["id"]]).fetchone()
    assert member is not None and member[0] != truce["id"]
    found = agreement_timeline(libya_store, str(member[0]))
    assert found is not None and found["id"] == truce["id"]
    assert agreement_timeline(libya_store, "agr:nothing:0") is None


def test_new_report_moves_status_and_keeps_history(tmp_path: Path, kit: Any) -> None:
    reports = kit.libya()
    store_reports = kit.store_reports
    with Store(tmp_path / "a.duckdb") as store:
        store_reports(store, reports[:3])
        link_store(store)
        draft = _by_name(agreement_board(store), "Moscow")
        assert {p["actor"]: p["status"] for p in draft["parties"]}[  # type: ignore[attr-defined]
            "act:lna"] == "requested_time"
        store_reports(store, reports[3:])
        summary = link_store(store)
        assert summary.documents == 2
        draft = _by_name(agreement_board(store), "Moscow")
        assert {p["actor"]: p["status"] for p in draft["parties"]}[  # type: ignore[attr-defined]
            "act:lna"] == "rejected"
        timeline = agreement_timeline(store, str(draft["id"]))
        assert timeline is not None
        assert [a["action"] for a in timeline["actions"]].count("requested_time") == 1


def _collapse_story(Report: Any) -> list[Any]:
    """A truce in a made-up town: agreed, in force, accused, collapsed; then a new deal."""
    agreed = Report("story/1.txt", "2024-03-01")
    agreed.agreement("Sirte truce", "truce", ["act:gna", "act:lna"], ["act:tur"], None,
                     [("act:gna", "signed", "2024-03-01", "asserted"),
                      ("act:lna", "signed", "2024-03-01", "asserted")])
    force = Report("story/2.txt", "2024-03-03")
    force.agreement("truce", "truce", ["act:gna", "act:lna"], [], None,
                    [(None, "entered_into_force", "2024-03-02", "asserted")])
    accused = Report("story/3.txt", "2024-03-20")
    accused.agreement("Sirte truce", "ceasefire", ["act:lna"], [], None,
                      [("act:lna", "violated", "2024-03-19", "claimed")])
    collapse = Report("story/4.txt", "2024-04-10")
    collapse.agreement("ceasefire", "ceasefire", ["act:gna", "act:lna"], [], None,
                       [(None, "collapsed", "2024-04-09", "asserted")])
    again = Report("story/5.txt", "2024-05-02")
    again.agreement("new Sirte truce", "truce", ["act:gna", "act:lna"], ["act:tur"], None,
                    [("act:gna", "signed", "2024-05-01", "asserted")])
    return [agreed, force, accused, collapse, again]


def test_agreed_in_force_accused_collapsed_then_a_new_deal(tmp_path: Path, kit: Any) -> None:
    with Store(tmp_path / "a.duckdb") as store:
        kit.store_reports(store, _collapse_story(kit.Report))
        link_store(store)
        board = agreement_board(store)
        assert len(board) == 2  # the deal signed after the collapse is a new agreement
        old = min(board, key=lambda r: str(r["last_change"]))
        timeline = agreement_timeline(store, str(old["id"]))
        assert timeline is not None
        assert [(a["date"], a["action"]) for a in timeline["actions"]] == [
            ("2024-03-01", "signed"), ("2024-03-01", "signed"),
            ("2024-03-02", "entered_into_force"), ("2024-03-19", "violated"),
            ("2024-04-09", "collapsed")]
        assert old["n_sources"] == 4 and old["last_change"] == "2024-04-09"


def test_name_words_skip_generic_words() -> None:
    assert name_words("Moscow ceasefire draft") == {"moscow"}
    assert name_words("the January 19 Ceasefire Agreement") == {"january", "19"}
    assert name_words("truce") == frozenset()


def _two_fronts(Report: Any) -> list[Any]:
    """One side's two truces with two different others within a month (made-up reports):
    the GNA with the LNA, then the GNA with Turkey; a third report names only the GNA."""
    first = Report("fronts/1.txt", "2025-06-23")
    first.agreement("truce", "truce", ["act:gna", "act:lna"], ["act:rus"], None,
                    [("act:gna", "accepted", "2025-06-23", "asserted"),
                     ("act:lna", "accepted", "2025-06-23", "asserted")])
    again = Report("fronts/2.txt", "2025-06-24")
    again.agreement("ceasefire", "ceasefire", ["act:lna", "act:gna"], [], None,
                    [("act:lna", "violated", "2025-06-24", "claimed")])
    other = Report("fronts/3.txt", "2025-07-18")
    other.agreement("ceasefire", "ceasefire", ["act:gna", "act:tur"], [], None,
                    [("act:gna", "accepted", "2025-07-18", "asserted"),
                     ("act:tur", "accepted", "2025-07-18", "asserted")])
    vague = Report("fronts/4.txt", "2025-07-19")
    vague.agreement("truce", "truce", ["act:gna"], [], None,
                    [(None, "entered_into_force", "2025-07-19", "asserted")])
    return [first, again, other, vague]


def test_one_shared_party_does_not_join_deals_with_different_others(
        tmp_path: Path, kit: Any) -> None:
    with Store(tmp_path / "a.duckdb") as store:
        kit.store_reports(store, _two_fronts(kit.Report))
        link_store(store)
        board = agreement_board(store)
        parties = sorted(sorted(p["actor"] for p in row["parties"])  # type: ignore[attr-defined]
                         for row in board)
        # GNA-LNA (two reports) and GNA-Turkey stay apart; the report naming only the GNA
        # joins one of them (the nearer in time), never both
        assert parties == [["act:gna", "act:lna"], ["act:gna", "act:tur"]]
        sources = sorted(int(str(row["n_sources"])) for row in board)
        assert sources == [2, 2]
