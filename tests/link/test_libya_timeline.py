"""End to end on examples/: the Libya agreements of January 2020 as a reader following the
story needs them (examples/README.md, "Expected agreement timeline: Libya" and "Expected
state per party at the end of the window").

Three agreements: the Russian-Turkish truce in force since 12 January, the Moscow draft of
13 January (signed by the GNA, refused by the LNA) and the Berlin conclusions of 19 January.
The test is tolerant where the README says the text is ambiguous (who adopted the Berlin
conclusions, who exactly violated the truce) and strict on what a reader must not be told:
that the draft took in the later violations, that the LNA withdrew from it, that a mediator
is a party.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ceasefire.cli import run_cli
from ceasefire.query import agreement_board, agreement_timeline
from ceasefire.store.duckdb import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
LNA, GNA, RUS, TUR = "act:lna", "act:gna", "act:rus", "act:tur"


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run over the whole example corpus."""
    db = tmp_path_factory.mktemp("libya") / "ex.duckdb"
    # --published only dates the one report without a header (examples/README.md)
    assert run_cli(["run", str(EXAMPLES), "--db", str(db), "--no-progress",
                    "--published", "2020-01-14"]) == 0
    return db


@pytest.fixture(scope="module")
def libya(examples_db: Path) -> dict[str, dict[str, Any]]:
    """The linked Libya agreements (name -> timeline) of a run over the whole corpus."""
    with Store(examples_db, read_only=True) as store:
        rows = [r for r in agreement_board(store)
                if (r["last_change"] or "").startswith("2020-01")]
        found = {}
        for row in rows:
            timeline = agreement_timeline(store, row["id"])
            assert timeline is not None
            found[row["id"]] = timeline
    return found


def _pick(found: dict[str, dict[str, Any]], test: Any) -> dict[str, Any]:
    hits = [t for t in found.values() if test(t)]
    assert len(hits) == 1, [(t["name"], t["n_sources"]) for t in found.values()]
    return hits[0]


def _truce(found: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return _pick(found, lambda t: t["kind"] in ("ceasefire", "truce") and any(
        a["action"] == "entered_into_force" and a["date"] == "2020-01-12"
        and a["status"] == "asserted" for a in t["actions"]))


def _draft(found: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return _pick(found, lambda t: "draft" in t["name"])


def _status(timeline: dict[str, Any]) -> dict[str, str]:
    return {p["actor"]: p["status"] for p in timeline["parties"]}


def _acts(timeline: dict[str, Any], action: str, actor: str | None = None
          ) -> list[dict[str, Any]]:
    return [a for a in timeline["actions"] if a["action"] == action
            and (actor is None or a["actor"] == actor)]


@pytest.mark.slow
def test_three_libya_agreements_and_no_more_than_one_truce(
        libya: dict[str, dict[str, Any]]) -> None:
    truce, draft = _truce(libya), _draft(libya)
    berlin = _pick(libya, lambda t: t["kind"] == "other" and "Berlin" in t["name"])
    assert len({truce["id"], draft["id"], berlin["id"]}) == 3
    # The truce is followed across the story: most Libya reports tell of it.
    assert truce["n_sources"] >= 6
    assert draft["n_sources"] >= 3


@pytest.mark.slow
def test_truce_rows_and_end_state(libya: dict[str, dict[str, Any]]) -> None:
    truce = _truce(libya)
    # Proposed by Russia and Turkey (the mediators), refused by the LNA on 9 Jan, then
    # accepted by both sides, in force from 12 Jan.
    assert {RUS, TUR} <= {a["actor"] for a in _acts(truce, "proposed")}
    assert {RUS, TUR} <= set(truce["mediators"])
    assert any(a["date"] == "2020-01-09" for a in _acts(truce, "rejected", LNA))
    assert any(a["date"] in ("2020-01-11", "2020-01-12") for a in _acts(truce, "accepted", LNA))
    assert any(a["date"] == "2020-01-12" for a in _acts(truce, "accepted", GNA))
    # Haftar's pledge to Maas is a claim, attributed to Maas.
    assert any(a["date"] == "2020-01-16" and a["status"] == "claimed"
               and a["attributed_to"] == "act:maas" for a in _acts(truce, "accepted", LNA))
    # Violations: claimed on the 12th and 20th, told on the 22nd (Mitiga) and 26th.
    violated = {a["date"] for a in _acts(truce, "violated") if a["status"] in ("asserted",
                                                                             "claimed")}
    assert {"2020-01-12", "2020-01-20", "2020-01-22", "2020-01-26"} <= violated
    # End state: accepted by both sides and not collapsed; mediators are no parties.
    assert _status(truce) == {LNA: "accepted", GNA: "accepted"}
    assert not _acts(truce, "collapsed") and not _acts(truce, "signed")


@pytest.mark.slow
def test_moscow_draft_rows_and_end_state(libya: dict[str, dict[str, Any]]) -> None:
    draft = _draft(libya)
    assert "Moscow" in draft["name"]
    assert {RUS, TUR} <= {a["actor"] for a in _acts(draft, "negotiated")}
    assert any(a["date"] == "2020-01-13" for a in _acts(draft, "signed", GNA))
    assert any(a["date"] == "2020-01-13" for a in _acts(draft, "requested_time", LNA))
    assert any(a["date"] == "2020-01-14" and a["status"] == "asserted"
               for a in _acts(draft, "rejected", LNA))
    status = _status(draft)
    assert status[GNA] == "signed" and status[LNA] == "rejected"
    assert RUS not in status and TUR not in status
    # The draft was never in force: the truce's entry into force and violations stay
    # with the truce, and nothing after Berlin is about the draft.
    assert not _acts(draft, "entered_into_force") and not _acts(draft, "violated")
    assert not _acts(draft, "withdrew")
    assert max(a["date"] for a in draft["actions"]) <= "2020-01-19"


@pytest.mark.slow
def test_berlin_conclusions_adopted_on_the_19th(libya: dict[str, dict[str, Any]]) -> None:
    berlin = _pick(libya, lambda t: t["kind"] == "other" and "Berlin" in t["name"])
    assert any(a["date"] == "2020-01-19" and a["status"] == "asserted"
               for a in _acts(berlin, "accepted"))
    # Conference participants adopt conclusions; the two Libyan sides are no signatories.
    assert not ({LNA, GNA} & set(_status(berlin)))


@pytest.mark.slow
def test_board_shows_claims_as_claims(libya: dict[str, dict[str, Any]]) -> None:
    draft = _draft(libya)
    for party in draft["parties"]:
        assert party["status"] in ("signed", "rejected", "requested_time", "accepted")
        assert " " not in party["status"]  # the word alone; "claimed" is a field of its own
        assert isinstance(party["claimed"], bool)
    gna = next(p for p in draft["parties"] if p["actor"] == GNA)
    assert gna["claimed"] is False  # signed as a fact in the Berlin report, not only per Lavrov


@pytest.mark.slow
def test_the_agreement_commands_print_the_board_and_a_timeline(
        examples_db: Path, libya: dict[str, dict[str, Any]],
        capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["agreements", "--db", str(examples_db), "--format", "json"]) == 0
    board = json.loads(capsys.readouterr().out)
    draft = _draft(libya)
    assert draft["id"] in {row["id"] for row in board}
    assert run_cli(["timeline", "--db", str(examples_db), draft["id"]]) == 0
    text = capsys.readouterr().out
    assert text.startswith(draft["id"]) and "Moscow" in text and "rejected" in text
    assert run_cli(["timeline", "--db", str(examples_db), "agr:none"]) != 0

