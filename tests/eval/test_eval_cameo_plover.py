"""The CAMEO-to-PLOVER table used to score CAMEO-coded gold against PLOVER types (no model)."""

from __future__ import annotations

import pytest

from ceasefire.eval.cameo_plover import is_cameo, penta_class, plover_of
from ceasefire.extract.triggers import load_lexicon


@pytest.mark.parametrize(("code", "types"), [
    ("01", set()),  # public statements: PLOVER codes none
    ("010", set()),
    ("023", {"REQUEST"}),  # appeal
    ("036", {"AGREE"}),
    ("042", {"CONSULT"}),
    ("057", {"SUPPORT"}),  # sign a formal agreement
    ("064", {"COOPERATE"}),
    ("0841", {"RETREAT"}),
    ("083", {"CONCEDE"}),
    ("0813", {"RETREAT"}),  # ease a curfew, as the 2021 table files it
    ("08", {"CONCEDE", "RETREAT"}),  # a bare root 08 could be either
    ("094", {"ACCUSE"}),  # investigate (folded into ACCUSE)
    ("1056", {"REQUEST"}),  # demand (folded into REQUEST)
    ("1125", {"ACCUSE"}),
    ("163", {"COERCE"}),  # embargo moves to COERCE
    ("1711", {"COERCE"}),
    ("1712", {"ASSAULT"}),  # destroy property moves to ASSAULT
    ("175", {"ASSAULT"}),
    ("191", {"COERCE"}), ("192", {"COERCE"}),
    ("195", {"ASSAULT"}), ("196", {"ASSAULT"}),
    ("2042", {"ASSAULT"}),
])
def test_codes_map_to_plover_types(code: str, types: set[str]) -> None:
    assert plover_of(code) == types


@pytest.mark.parametrize("code", ["345", "902", "212", "066", "095", "21", "None", "", None])
def test_codes_outside_cameo_map_to_nothing(code: str | None) -> None:
    # the PETRARCH unit tests use made-up codes to test their verb dictionaries
    assert not is_cameo(code)
    assert plover_of(code) == frozenset()


def test_penta_classes() -> None:
    assert [penta_class(r) for r in ("01", "02", "03", "05", "06", "08", "09", "13", "14",
                                     "20")] == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert penta_class(None) is None and penta_class("21") is None


def test_every_lexicon_sense_has_a_consistent_cameo_root() -> None:
    # Each sense's own CAMEO root must map (through the table) to a set holding its PLOVER
    # type, or be a root whose codes the 2021 table moves (17: destroy property and
    # repression are ASSAULT; 19: blockade and occupation are COERCE; 01: no PLOVER event,
    # kept for claims of responsibility).
    moved = {("17", "ASSAULT"), ("19", "COERCE"), ("01", "ACCUSE"), ("16", "COERCE")}
    for sense in load_lexicon().senses.values():
        assert sense.cameo is not None
        assert sense.type in plover_of(sense.cameo) or (sense.cameo, sense.type) in moved, sense
