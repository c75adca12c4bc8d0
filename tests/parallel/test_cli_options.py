"""The run command's engine options: misuse is a usage error before any work."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.cli import EXIT_OK, EXIT_USAGE, run_cli


@pytest.mark.parametrize(("options", "message"), [
    (["--workers", "0"], "--workers must be at least 1"),
    (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --engine dask"),
])
def test_engine_misuse_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    (tmp_path / "a.txt").write_text("too short")
    code = run_cli(["run", str(tmp_path / "a.txt"), "--db", str(tmp_path / "a.duckdb"),
                    *options])
    assert code == EXIT_USAGE
    assert message in capsys.readouterr().err


def test_two_workers_on_inputs_that_need_no_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in").mkdir()
    for i in range(5):
        (tmp_path / "in" / f"{i}.txt").write_text(f"short {i}")
    code = run_cli(["run", str(tmp_path / "in"), "--db", str(tmp_path / "a.duckdb"),
                    "--workers", "2"])
    assert code == EXIT_OK
    assert "5 inputs: 0 processed, 0 duplicates, 5 rejected" in capsys.readouterr().err
