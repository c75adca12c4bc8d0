"""petrarch2-gsr-validation: CAMEO root codes of a sentence's events.

Gold: 78 sentences with their expected CAMEO codings (92 in all; some sentences expect
none). Each sentence is analysed with its date as the publication date.

Scores:
- ``root_agreement``: the main event's CAMEO root (first two digits) is one of the gold
  roots; for a sentence that expects no event, right when the pipeline finds no event with
  a CAMEO code.
- ``root_f1``: micro F1 of the set of roots of every event found against the gold roots.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ceasefire.eval.cases import Case, GoldSet, Prediction, Scored, read_jsonl, unique_keys
from ceasefire.eval.metrics import Score, accuracy, micro_f1

NAME = "petrarch2-gsr-validation"
FILE = "petr2_gsr_validation.jsonl"


def read(folder: Path) -> list[Case[Any]]:
    rows = read_jsonl(folder / FILE)
    keys = unique_keys(str(r["id"]) for r in rows)
    return [Case(k, r["text"], _iso(r.get("date")), _roots(r))
            for k, r in zip(keys, rows, strict=True)]


def _iso(date: Any) -> str | None:
    text = str(date or "")
    return f"{text[:4]}-{text[4:6]}-{text[6:8]}" if len(text) == 8 and text.isdigit() else None


def _roots(row: dict[str, Any]) -> frozenset[str]:
    codes = (c.get("eventcode") for c in row.get("event_codings") or ())
    return frozenset(root for code in codes if (root := cameo_root(code)))


def cameo_root(code: Any) -> str | None:
    """"042" -> "04", "190" -> "19", "04" -> "04"; None for anything that is not a code."""
    text = str(code or "").strip()
    return text[:2] if len(text) >= 2 and text[:2].isdigit() else None


def _predicted_roots(pred: Prediction) -> set[str]:
    return {root for e in pred.record.events if (root := cameo_root(e.cameo))}


def _agrees(gold: frozenset[str], pred: Prediction) -> bool:
    if not gold:
        return not _predicted_roots(pred)
    return pred.main is not None and cameo_root(pred.main.cameo) in gold


def score(scored: Sequence[Scored]) -> dict[str, Score]:
    return {
        "root_agreement": accuracy(_agrees(case.gold, pred) for case, pred in scored),
        "root_f1": micro_f1((case.gold, _predicted_roots(pred)) for case, pred in scored),
    }


SET = GoldSet(
    name=NAME,
    files=(FILE,),
    scores=("root_agreement", "root_f1"),
    read=read,
    score=score,
)
