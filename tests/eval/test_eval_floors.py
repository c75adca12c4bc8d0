"""Floors: reading the file, and the check that fails on a low, missing or unscored figure."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.errors import ConfigError
from ceasefire.eval.floors import FLOORS_FILE, Floor, check_floors, load_floors
from ceasefire.eval.metrics import Score
from ceasefire.eval.runner import SETS, SetResult


def _result(value: float | None, n: int = 10, name: str = "s") -> SetResult:
    scores = {"acc": {"dev": Score(0.9, 20), "test": Score(value, n)}}
    return SetResult(name, "ok", None, ("acc",), {"dev": 20, "test": n}, scores)


def test_load_floors(tmp_path: Path) -> None:
    path = tmp_path / "floors.toml"
    path.write_text('# comment\n["set-a"]\nacc = 0.75\nf1 = 1\n', encoding="utf-8")
    assert load_floors(path) == [Floor("set-a", "acc", 0.75), Floor("set-a", "f1", 1.0)]


@pytest.mark.parametrize("content", ['acc = 0.5\n', '["s"]\nacc = "high"\n',
                                     '["s"]\nacc = true\n', '["s"\n'])
def test_malformed_floors_are_config_errors(tmp_path: Path, content: str) -> None:
    path = tmp_path / "floors.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError):
        load_floors(path)


def test_missing_floors_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_floors(tmp_path / "absent.toml")


def test_check_passes_at_and_above_the_floor_only() -> None:
    floor = Floor("s", "acc", 0.5)
    assert check_floors([_result(0.5)], [floor])[0].ok
    low = check_floors([_result(0.49)], [floor])[0]
    assert not low.ok and low.actual == pytest.approx(0.49) and "below" in low.note


def test_check_fails_when_the_figure_is_missing() -> None:
    skipped = SetResult("s", "skipped", "data absent: /x")
    (check,) = check_floors([skipped], [Floor("s", "acc", 0.1)])
    assert not check.ok and "data absent" in check.note
    assert not check_floors([_result(None, n=0)], [Floor("s", "acc", 0.1)])[0].ok
    assert not check_floors([_result(0.9)], [Floor("s", "f1", 0.1)])[0].ok


def test_floors_of_sets_not_run_are_ignored() -> None:
    assert check_floors([_result(0.9)], [Floor("other", "acc", 0.99)]) == []


def test_packaged_floors_name_known_sets_and_scores() -> None:
    known = {s.name: set(s.scores) for s in SETS}
    for floor in load_floors(FLOORS_FILE):
        assert floor.score in known[floor.set], floor
        assert 0.0 <= floor.value <= 1.0
        assert round(floor.value, 2) == floor.value  # two decimals, as documented
