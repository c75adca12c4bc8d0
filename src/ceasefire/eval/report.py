"""The eval report: one table per set (dev and test side by side, published figures beside
ours), the floor check, and the same content as JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from ceasefire.eval.floors import FloorCheck
from ceasefire.eval.metrics import Score
from ceasefire.eval.runner import SPLITS, SetResult

_WIDTH = 28  # score-name column; the longest name is 25 characters


def print_results(results: Sequence[SetResult], out: TextIO) -> None:
    for result in results:
        out.write(format_set(result) + "\n\n")


def format_set(result: SetResult) -> str:
    if result.status != "ok":
        return f"{result.name}: SKIPPED ({result.reason})"
    rows = ", ".join(f"{split} {n}" for split, n in result.rows.items())
    head = f"{result.name}  ({rows} rows; {result.rejected} rejected; {result.seconds:.1f} s)"
    splits = [s for s in SPLITS if s in result.rows]
    header = f"  {'score':<{_WIDTH}}" + "".join(f"{s:>16}" for s in splits) + "   published"
    lines = [head, header]
    for name in result.score_names:
        cells = "".join(f"{_cell(result.scores.get(name, {}).get(s)):>16}" for s in splits)
        lines.append(f"  {name:<{_WIDTH}}{cells}   {_published(result, name)}")
    return "\n".join(lines)


def _cell(score: Score | None) -> str:
    if score is None or score.value is None:
        return "-    (0)" if score is not None else "-"
    return f"{score.value:.3f} ({score.n})"


def _published(result: SetResult, name: str) -> str:
    figure = result.published.get(name)
    return f"{figure.value:.3f} ({figure.source})" if figure else ""


def print_floor_checks(checks: Sequence[FloorCheck], out: TextIO) -> None:
    failed = [c for c in checks if not c.ok]
    out.write(f"floors: {len(checks) - len(failed)} of {len(checks)} met\n")
    for check in failed:
        f = check.floor
        out.write(f"  FAIL {f.set} {f.score} (floor {f.value:.2f}): {check.note}\n")


def as_json(results: Sequence[SetResult], checks: Sequence[FloorCheck] | None) -> dict[str, Any]:
    data: dict[str, Any] = {"sets": {r.name: _set_json(r) for r in results}}
    if checks is not None:
        data["floors"] = [
            {"set": c.floor.set, "score": c.floor.score, "floor": c.floor.value,
             "actual": c.actual, "ok": c.ok, "note": c.note}
            for c in checks
        ]
    return data


def _set_json(result: SetResult) -> dict[str, Any]:
    return {
        "status": result.status,
        "reason": result.reason,
        "rows": dict(result.rows),
        "rejected": result.rejected,
        "seconds": round(result.seconds, 2),
        "scores": {
            name: {s: {"value": v.value, "n": v.n} for s, v in result.scores.get(name, {}).items()}
            for name in result.score_names
        },
        "published": {k: {"value": p.value, "source": p.source}
                      for k, p in result.published.items()},
    }


def write_json(path: Path, results: Sequence[SetResult],
               checks: Sequence[FloorCheck] | None) -> None:
    text = json.dumps(as_json(results, checks), indent=2, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
