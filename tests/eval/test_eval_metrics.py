"""Score arithmetic on numbers worked out by hand."""

from __future__ import annotations

import pytest

from ceasefire.eval.metrics import (
    Counts,
    accuracy,
    macro_f1,
    micro_f1,
    per_class,
    set_counts,
    weighted_f1,
)


def test_counts_precision_recall_f1() -> None:
    c = Counts(tp=3, fp=1, fn=2)
    assert c.precision == pytest.approx(0.75)
    assert c.recall == pytest.approx(0.6)
    assert c.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Counts().f1 == 0.0 and Counts().precision == 0.0


def test_accuracy_counts_items_and_is_none_when_empty() -> None:
    assert accuracy([True, False, True, True]).value == pytest.approx(0.75)
    assert accuracy([True, False]).n == 2
    empty = accuracy([])
    assert empty.value is None and empty.n == 0


def test_set_counts_collapse_duplicates() -> None:
    assert set_counts(["SYR", "SYR", "TUR"], ["SYR", "RUS"]) == Counts(1, 1, 1)


def test_micro_f1_sums_over_items() -> None:
    # item 1: tp 1 (USA), fn 1 (CHN); item 2: tp 0, fp 1 (FRA), fn 1 (RUS); item 3: tp 2.
    score = micro_f1([({"USA", "CHN"}, {"USA"}), ({"RUS"}, {"FRA"}),
                      ({"IRQ", "IRN"}, {"IRQ", "IRN"})])
    assert score.value == pytest.approx(2 * 3 / (2 * 3 + 1 + 2))
    assert score.n == 5  # gold elements


def test_micro_f1_without_any_gold_or_prediction_is_none() -> None:
    assert micro_f1([(set(), set())]).value is None
    # predictions without gold are all false positives: 0, not None
    assert micro_f1([(set(), {"X"})]).value == 0.0


def test_per_class_counts() -> None:
    counts = per_class(["A", "A", "B", "C"], ["A", "B", "B", "A"])
    assert counts["A"] == Counts(tp=1, fp=1, fn=1)
    assert counts["B"] == Counts(tp=1, fp=1, fn=0)
    assert counts["C"] == Counts(tp=0, fp=0, fn=1)
    with pytest.raises(ValueError):
        per_class(["A"], [])


def test_weighted_and_macro_f1_by_hand() -> None:
    gold = ["A", "A", "A", "B", "B", "C"]
    pred = ["A", "A", "B", "B", "NONE", "C"]
    # A: tp2 fp0 fn1 -> F1 0.8; B: tp1 fp1 fn1 -> 0.5; C: 1.0; NONE: tp0 fp1 -> 0.
    assert weighted_f1(gold, pred).value == pytest.approx((3 * 0.8 + 2 * 0.5 + 1 * 1.0) / 6)
    # macro counts the predicted-only label NONE as a zero term, as scikit-learn does
    assert macro_f1(gold, pred).value == pytest.approx((0.8 + 0.5 + 1.0 + 0.0) / 4)
    assert weighted_f1([], []).value is None


def test_perfect_predictions_score_one() -> None:
    labels = ["X", "Y", "Y", "Z"]
    assert weighted_f1(labels, labels).value == pytest.approx(1.0)
    assert macro_f1(labels, labels).value == pytest.approx(1.0)
