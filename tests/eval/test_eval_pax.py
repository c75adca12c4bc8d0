"""pax-peace-agreements: the synthetic frame, the reader, the scorer on hand-made records,
and one made-up row through the real model. No PA-X row or text is copied here: the rows
below are invented, in the shape of the file's columns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ceasefire.eval import pax
from ceasefire.eval.cases import Case, Prediction, default_data_root
from ceasefire.schema import (
    Actor,
    Agreement,
    AgreementAction,
    DocumentMeta,
    EventTime,
    Record,
    Span,
)

COLUMNS = ("AgtId", "Agt", "Dat", "Stage", "StageSub", "Part", "Loc1ISO", "Loc2ISO")


def row(agt_id: str = "1", name: str = "Lakeside Ceasefire Agreement",
        signed: str = "2001-05-03", signatories: str = "Government of Chad",
        ceasefire: bool = True, countries: tuple[str, ...] = ("TCD",)) -> pax.PaxRow:
    return pax.PaxRow(agt_id, name, signed, signatories, ceasefire, frozenset(countries))


# --------------------------------------------------------------------------- frame


def test_frame_puts_the_fields_in_one_sentence() -> None:
    assert pax.frame(row(name="The Lakeside Ceasefire Agreement")) == (
        "Government of Chad signed the Lakeside Ceasefire Agreement on 3 May 2001.")


def test_signatories_drop_notes_join_lines_and_fall_back() -> None:
    assert pax.signatories("For side A: Mr X [signed]\n\nFor side B: Ms Y.\n") == (
        "For side A: Mr X; For side B: Ms Y")
    assert pax.signatories("  [Illegible]  ") == "The parties"


def test_long_signatory_lists_are_cut_at_a_separator() -> None:
    names = ", ".join(f"Delegate Number{n}" for n in range(60))
    cut = pax.signatories(names)
    assert len(cut) <= pax.MAX_SIGNATORIES
    assert names.startswith(cut) and cut.endswith(tuple("0123456789"))


# --------------------------------------------------------------------------- reader


def test_reader_reads_stage_countries_and_keys(tmp_path: Path) -> None:
    lines = [",".join(COLUMNS),
             '7,Lakeside Truce,2001-05-03,Cea,Rel,"A\nB",TCD,SDN',
             "8,Water Protocol,1999-11-20,Pre,Ceas,C,TCD,",
             "9,Fishing Memorandum,1999-11-20,SubPar,MultIss,D,,",
             "10,Undated Note,,Pre,Proc,E,TCD,"]
    (tmp_path / pax.FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    cases = pax.read(tmp_path)
    assert [c.key for c in cases] == ["7", "8", "9"]  # a row without a date is no case
    assert [c.gold.ceasefire for c in cases] == [True, True, False]
    assert cases[0].gold.countries == {"TCD", "SDN"} and cases[2].gold.countries == set()
    assert cases[0].text == "A; B signed the Lakeside Truce on 3 May 2001."
    assert all(c.published is None for c in cases)  # the date must come from the text


def test_reader_on_the_real_file() -> None:
    folder = default_data_root() / pax.NAME
    if not (folder / pax.FILE).is_file():
        pytest.skip(f"gold data absent: {folder / pax.FILE}")
    cases = pax.read(folder)
    assert len(cases) == 1789 and len({c.key for c in cases}) == len(cases)
    assert sum(c.gold.ceasefire for c in cases) == 369  # the provenance note's Cea count
    assert all(c.text.endswith(".") and " signed the " in c.text for c in cases)


# --------------------------------------------------------------------------- scorer


def _agreement(kind: str, *, parties: tuple[str, ...] = (), action: str = "signed",
               day: str | None = "2001-05-03") -> Agreement:
    span = Span(0, 4, "text")
    time = EventTime(day, "day") if day else None
    act = AgreementAction(None, action, time, "asserted", None, span, span)  # type: ignore[arg-type]
    return Agreement("agr:x:0", kind, "name", parties, (), None, (act,), ())  # type: ignore[arg-type]


def _scored(gold: pax.PaxRow, *agreements: Agreement, actors: tuple[Actor, ...] = (),
            status: Any = "ok") -> tuple[Case[Any], Prediction]:
    record = Record(DocumentMeta("d" * 64, "test"), status=status, actors=actors,
                    agreements=agreements)
    return Case(gold.agt_id, pax.frame(gold), None, gold), Prediction(record, None)


def test_scores_kind_date_and_parties() -> None:
    chad = Actor("act:tcd", "Chad", "TCD", "GOV", kb=True)
    scored = [
        # right on every count
        _scored(row(), _agreement("truce", parties=("act:tcd",)), actors=(chad,)),
        # a ceasefire read as "other", dated a day off, party of another country
        # (and not named in Part, else the name would count)
        _scored(row(signatories="Lakeside Front", countries=("SDN",)),
                _agreement("other", parties=("act:tcd",), day="2001-05-04"), actors=(chad,)),
        # not a ceasefire, read as one; nothing signed, so no date
        _scored(row(ceasefire=False), _agreement("ceasefire", action="proposed")),
        # not a ceasefire, nothing found: right kind, wrong everything else
        _scored(row(ceasefire=False)),
    ]
    got = {name: (s.value, s.n) for name, s in pax.score(scored).items()}
    assert got["found"] == (0.75, 4)
    assert got["kind_accuracy"] == (0.5, 4)
    assert got["ceasefire_precision"] == (0.5, 2)
    assert got["ceasefire_recall"] == (0.5, 2)
    assert got["date"] == (0.25, 4)
    assert got["party_country"] == (0.25, 4)


def test_a_signed_agreement_is_the_rows_agreement() -> None:
    proposed = _agreement("ceasefire", action="proposed")
    signed = _agreement("other")
    record = Record(DocumentMeta("d" * 64, "t"), agreements=(proposed, signed))
    assert pax.row_agreement(record) is signed
    only = Record(DocumentMeta("d" * 64, "t"), agreements=(proposed,))
    assert pax.row_agreement(only) is proposed


def test_party_by_kb_name_in_part_or_by_affiliation() -> None:
    gold = row(signatories="For the Lakeside Front: its chairman", countries=("SDN",))
    front = Actor("act:lf", "Lakeside Front", None, "REB", kb=True)
    inferred = Actor("act:x-lf", "Lakeside Front", None, "REB", kb=False)
    # a person of the knowledge base affiliated with Chad's state counts for Chad
    member = Actor("act:p", "Someone", None, "GOV", kb=True, affiliation="act:tcd")
    agreement = _agreement("other", parties=("act:lf",))
    assert pax.party_resolved(agreement, {"act:lf": front}, gold)
    # an inferred actor's name is the text's own words: no resolution shown
    assert not pax.party_resolved(agreement, {"act:lf": inferred}, gold)
    assert pax.party_resolved(_agreement("other", parties=("act:p",)), {"act:p": member},
                              row(countries=("TCD",)))


# --------------------------------------------------------------------------- model


@pytest.mark.slow
def test_made_up_rows_through_the_real_pipeline() -> None:
    from ceasefire.eval.predict import Predictor

    rows = [row(signatories="Government of Sudan\nGovernment of Chad",
                countries=("SDN", "TCD")),
            row("2", "Protocol on Water Sharing", "1999-11-20", "", False, ("SDN",))]
    cases = [Case(r.agt_id, pax.frame(r), None, r) for r in rows]
    scores = pax.score(list(zip(cases, Predictor().predict(cases), strict=True)))
    got = {name: s.value for name, s in scores.items()}
    assert got["found"] == 1.0 and got["kind_accuracy"] == 1.0 and got["date"] == 1.0
    # "The parties" names nobody: only the first row resolves a party
    assert got["party_country"] == 0.5
