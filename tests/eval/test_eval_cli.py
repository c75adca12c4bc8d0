"""``ceasefire eval`` through the command line: exit codes, floors, and one real set."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ceasefire.cli import EXIT_FLOOR, EXIT_OK, EXIT_USAGE, run_cli
from ceasefire.eval.cases import default_data_root

DATA = default_data_root()
SMALL_SET = "petrarch2-gsr-validation"


def test_check_floors_fails_when_a_floored_set_has_no_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    floors = tmp_path / "floors.toml"
    floors.write_text(f'["{SMALL_SET}"]\nroot_agreement = 0.1\n', encoding="utf-8")
    args = ["eval", "--set", SMALL_SET, "--data", str(tmp_path), "--check-floors",
            "--floors", str(floors), "--json", str(tmp_path / "out.json")]
    assert run_cli(args) == EXIT_FLOOR
    out = capsys.readouterr().out
    assert "SKIPPED" in out and "FAIL" in out
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert data["floors"][0]["ok"] is False


def test_no_floor_on_the_sets_run_passes(tmp_path: Path) -> None:
    floors = tmp_path / "floors.toml"
    floors.write_text('["plover-gsr-cameo"]\ntype_accuracy = 0.5\n', encoding="utf-8")
    args = ["eval", "--set", SMALL_SET, "--data", str(tmp_path), "--check-floors",
            "--floors", str(floors)]
    assert run_cli(args) == EXIT_OK


@pytest.mark.parametrize("extra", [["--limit", "5"], ["--split", "dev"]])
def test_check_floors_needs_the_whole_test_split(tmp_path: Path, extra: list[str]) -> None:
    assert run_cli(["eval", "--data", str(tmp_path), "--check-floors", *extra]) == EXIT_USAGE


@pytest.mark.slow
def test_eval_one_small_set_end_to_end(tmp_path: Path) -> None:
    if not (DATA / SMALL_SET).is_dir():
        pytest.skip(f"gold data absent: {DATA / SMALL_SET}")
    out = tmp_path / "eval.json"
    done = subprocess.run(
        [sys.executable, "-m", "ceasefire", "eval", "--set", SMALL_SET, "--limit", "20",
         "--json", str(out), "--data", str(DATA)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == EXIT_OK, done.stderr
    assert SMALL_SET in done.stdout and "root_agreement" in done.stdout
    result = json.loads(out.read_text(encoding="utf-8"))["sets"][SMALL_SET]
    assert result["status"] == "ok"
    assert sum(result["rows"].values()) == 20
    for split, n in result["rows"].items():
        assert result["scores"]["root_agreement"][split]["n"] == n
