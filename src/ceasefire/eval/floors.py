"""Quality floors: the lowest TEST-split figure each (set, score) may reach.

The floors live in ``floors.toml`` next to this module, one table per set. They are the
measured test figures rounded down to two decimals; they only ever go up, and lowering one
needs a reason in the commit message (docs/evaluation.md). A floor whose set could not be
scored (data absent, score empty) fails the check rather than passing unseen.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ceasefire.errors import ConfigError
from ceasefire.eval.runner import SetResult

FLOORS_FILE = Path(__file__).with_name("floors.toml")
FLOOR_SPLIT = "test"


@dataclass(frozen=True, slots=True)
class Floor:
    set: str
    score: str
    value: float


@dataclass(frozen=True, slots=True)
class FloorCheck:
    floor: Floor
    actual: float | None
    ok: bool
    note: str  # why it failed, or "" when it passed


def load_floors(path: Path | None = None) -> list[Floor]:
    """Every floor in the file; a malformed file is a ConfigError naming the entry."""
    path = path or FLOORS_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read floors from {path}: {exc}") from exc
    floors = []
    for set_name, table in data.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [{set_name}] must be a table of score = floor")
        for score, value in table.items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ConfigError(f"{path}: {set_name}.{score} must be a number, not {value!r}")
            floors.append(Floor(set_name, score, float(value)))
    return floors


def check_floors(results: Sequence[SetResult], floors: Iterable[Floor]) -> list[FloorCheck]:
    """Check the floors of the sets in ``results`` (floors of sets not run are ignored)."""
    by_name = {r.name: r for r in results}
    return [_check(by_name[f.set], f) for f in floors if f.set in by_name]


def _check(result: SetResult, floor: Floor) -> FloorCheck:
    if result.status != "ok":
        return FloorCheck(floor, None, False, f"not checked: {result.reason}")
    split_scores = result.scores.get(floor.score)
    if split_scores is None:
        return FloorCheck(floor, None, False, f"the set has no score {floor.score!r}")
    actual = split_scores[FLOOR_SPLIT].value if FLOOR_SPLIT in split_scores else None
    if actual is None:
        return FloorCheck(floor, None, False, f"no {FLOOR_SPLIT} rows were scored")
    if actual < floor.value:
        return FloorCheck(floor, actual, False, f"{actual:.4f} is below the floor")
    return FloorCheck(floor, actual, True, "")
