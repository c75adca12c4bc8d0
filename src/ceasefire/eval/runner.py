"""Run gold sets through the pipeline and score each split: the engine of ``ceasefire eval``.

For each selected set: check its files (absent data makes the set *skipped*, with the
reason, never a silent pass), read its cases in place, keep the sample and split asked for,
analyse every text once with the shared model, then score the dev and the test rows apart.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ceasefire.errors import UsageError
from ceasefire.eval import (
    agreements,
    case2021,
    halterman,
    merging,
    pax,
    petrarch2,
    plover,
    ucdp_aec,
    ucdp_ged,
)
from ceasefire.eval.cases import Case, GoldSet, Published, default_data_root
from ceasefire.eval.metrics import Score
from ceasefire.eval.predict import Predictor

SplitChoice = Literal["dev", "test", "all"]
SPLITS: tuple[str, ...] = ("dev", "test")

#: Every gold set the harness knows, in the order the report prints them.
SETS: tuple[GoldSet, ...] = (
    plover.SET, case2021.SET, halterman.SET, petrarch2.SET, ucdp_ged.SET, ucdp_aec.SET,
    merging.SET, agreements.SET,  # linking across reports (docs/linking.md)
    pax.SET,  # agreement kind, date and parties from PA-X fields (issue 4)
    halterman.SILVER,  # tuning rows for event location, only when named
)


@dataclass(frozen=True, slots=True)
class Options:
    sets: tuple[str, ...] = ()  # set names; empty: all
    split: SplitChoice = "all"
    limit: int | None = None  # at most this many cases per set (after sample and split)
    data: Path | None = None  # the folder holding the sets; default: default_data_root()


@dataclass(frozen=True, slots=True)
class SetResult:
    name: str
    status: Literal["ok", "skipped"]
    reason: str | None = None
    score_names: tuple[str, ...] = ()
    rows: Mapping[str, int] = field(default_factory=dict)  # split -> cases scored
    scores: Mapping[str, Mapping[str, Score]] = field(default_factory=dict)  # score->split
    published: Mapping[str, Published] = field(default_factory=dict)
    rejected: int = 0  # cases the pipeline rejected (too short, not English, a bug)
    seconds: float = 0.0


def select_sets(names: Sequence[str]) -> list[GoldSet]:
    """The sets named (all but the opt-in ones when none), in report order; an unknown name
    is a UsageError."""
    known = {s.name: s for s in SETS}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UsageError(f"unknown gold set {', '.join(unknown)}; known: {', '.join(known)}")
    return [s for s in SETS if s.name in names or (not names and not s.opt_in)]


def run_eval(options: Options, *, predictor: Callable[[], Predictor] = Predictor,
             progress: Callable[[str], None] | None = None) -> list[SetResult]:
    """Score every selected set; the model loads once, and only if some set has data."""
    if options.limit is not None and options.limit < 1:
        raise UsageError(f"--limit must be at least 1, not {options.limit}")
    root = options.data or default_data_root()
    loaded: list[Predictor] = []

    def shared() -> Predictor:
        if not loaded:
            loaded.append(predictor())
        return loaded[0]

    results = []
    for gold_set in select_sets(options.sets):
        result = run_set(gold_set, root, options, shared)
        if progress is not None:
            progress(_progress_line(result))
        results.append(result)
    return results


def run_set(gold_set: GoldSet, root: Path, options: Options,
            predictor: Callable[[], Predictor]) -> SetResult:
    started = time.perf_counter()
    missing = gold_set.missing(root)
    if missing:
        where = gold_set.folder(root) if gold_set.folder else root / gold_set.name
        reason = f"data absent: {', '.join(str(where / m) for m in missing)}"
        return SetResult(gold_set.name, "skipped", reason, gold_set.scores,
                         published=gold_set.published)
    cases = chosen_cases(gold_set, gold_set.folder(root) if gold_set.folder else
                         root / gold_set.name, options)
    predictions = predictor().predict(cases, min_chars=gold_set.min_chars,
                                      label=gold_set.name)
    by_split: dict[str, list[Any]] = {s: [] for s in _splits(options.split)}
    for case, prediction in zip(cases, predictions, strict=True):
        by_split[gold_set.split_of(case.key)].append((case, prediction))
    scores: dict[str, dict[str, Score]] = {name: {} for name in gold_set.scores}
    for split, scored in by_split.items():
        for name, value in gold_set.score(scored).items():
            scores.setdefault(name, {})[split] = value
    rejected = sum(p.record.status != "ok" for p in predictions)
    return SetResult(gold_set.name, "ok", None, gold_set.scores,
                     {s: len(v) for s, v in by_split.items()}, scores, gold_set.published,
                     rejected, time.perf_counter() - started)


def chosen_cases(gold_set: GoldSet, folder: Path, options: Options) -> list[Case[Any]]:
    """The set's cases in file order, kept by the set's sample and the split, then limited."""
    wanted = set(_splits(options.split))
    cases = [c for c in gold_set.read(folder)
             if (gold_set.keep is None or gold_set.keep(c.key))
             and gold_set.split_of(c.key) in wanted]
    return cases[: options.limit] if options.limit is not None else cases


def _splits(choice: SplitChoice) -> tuple[str, ...]:
    return SPLITS if choice == "all" else (choice,)


def _progress_line(result: SetResult) -> str:
    if result.status != "ok":
        return f"{result.name}: skipped ({result.reason})"
    rows = ", ".join(f"{split} {n}" for split, n in result.rows.items())
    return f"{result.name}: {rows} rows in {result.seconds:.1f} s"
