"""Score arithmetic shared by every gold set: accuracy, set-based micro F1, per-class F1.

Everything here is a pure function of (gold, predicted) pairs, so each formula is tested on
hand-made numbers without the model. A score always carries ``n``, the number of items it
was computed over, because a figure over 12 rows and one over 1,200 are not the same claim.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Score:
    """One figure: ``value`` is None when there was nothing to score (``n == 0``)."""

    value: float | None
    n: int


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives, false positives and false negatives, summed over items (micro)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        # 2tp / (2tp + fp + fn) equals the harmonic mean of P and R, and is 0, not a
        # division error, when both are 0.
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else 0.0


def accuracy(hits: Iterable[bool]) -> Score:
    """Share of True among ``hits``."""
    values = list(hits)
    return Score(sum(values) / len(values) if values else None, len(values))


def set_counts(gold: Iterable[Hashable], predicted: Iterable[Hashable]) -> Counts:
    """Counts for one item whose gold and prediction are sets (duplicates collapse)."""
    g, p = set(gold), set(predicted)
    return Counts(len(g & p), len(p - g), len(g - p))


def micro_f1(items: Iterable[tuple[Iterable[Hashable], Iterable[Hashable]]]) -> Score:
    """Micro F1 over items of (gold set, predicted set); ``n`` is the number of gold
    elements. None when there is neither gold nor prediction anywhere."""
    total = Counts()
    for gold, predicted in items:
        total = total + set_counts(gold, predicted)
    n = total.tp + total.fn
    return Score(total.f1 if n or total.fp else None, n)


def per_class(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Counts]:
    """Single-label classification: per-class counts over every label seen on either side."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    counts: dict[str, Counts] = {label: Counts() for label in set(gold) | set(predicted)}
    for g, p in zip(gold, predicted, strict=True):
        if g == p:
            counts[g] = counts[g] + Counts(tp=1)
        else:
            counts[g] = counts[g] + Counts(fn=1)
            counts[p] = counts[p] + Counts(fp=1)
    return counts


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> Score:
    """Unweighted mean of per-class F1 over every label on either side, as scikit-learn's
    ``f1_score(average="macro")`` does by default: a label that is only ever predicted (a
    wrong class, or "no event") adds a zero term."""
    counts = per_class(gold, predicted)
    value = sum(c.f1 for c in counts.values()) / len(counts) if counts else None
    return Score(value, len(gold))


def weighted_f1(gold: Sequence[str], predicted: Sequence[str]) -> Score:
    """Per-class F1 averaged with each gold class weighted by its support (the CASE 2021
    task 2 figure, scikit-learn's ``average="weighted"``)."""
    counts = per_class(gold, predicted)
    support = Counter(gold)
    total = sum(support.values())
    value = sum(counts[c].f1 * k for c, k in support.items()) / total if total else None
    return Score(value, len(gold))
