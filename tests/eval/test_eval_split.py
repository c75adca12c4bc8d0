"""The dev/test split and the deterministic sample: stable, salted, about the right size."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.eval.cases import DATA_ENV, default_data_root, sample_keep, unique_keys
from ceasefire.eval.split import split_of


def test_split_is_a_pure_function_of_set_and_key() -> None:
    keys = [f"row-{i}" for i in range(200)]
    first = [split_of("some-set", k) for k in keys]
    assert first == [split_of("some-set", k) for k in keys]
    # the set name is part of the hash: another set splits the same keys differently
    assert first != [split_of("other-set", k) for k in keys]


def test_split_values_are_pinned() -> None:
    # Pinned so that a change to the rule (which would move rows between dev and test and
    # invalidate every reported figure) cannot pass unnoticed.
    assert [split_of("demo-set", k) for k in ("a", "b", "row-1", "row-2", "42")] == [
        "dev", "dev", "dev", "dev", "test"]


def test_about_thirty_percent_is_test() -> None:
    share = sum(split_of("any", str(i)) == "test" for i in range(10_000)) / 10_000
    assert 0.28 < share < 0.32


def test_sample_keeps_about_one_in_modulus_and_is_stable() -> None:
    keep = sample_keep("big-set", 10)
    kept = [k for k in map(str, range(5_000)) if keep(k)]
    assert 400 < len(kept) < 600
    assert kept == [k for k in map(str, range(5_000)) if sample_keep("big-set", 10)(k)]


def test_sample_is_independent_of_the_split() -> None:
    keep = sample_keep("big-set", 4)
    kept = [k for k in map(str, range(8_000)) if keep(k)]
    share = sum(split_of("big-set", k) == "test" for k in kept) / len(kept)
    assert 0.25 < share < 0.35


def test_unique_keys_number_repeats_in_order() -> None:
    assert list(unique_keys(["x", "y ", "x", "x"])) == ["x", "y", "x#2", "x#3"]


def test_data_root_follows_the_environment(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    assert default_data_root() == tmp_path
    monkeypatch.delenv(DATA_ENV)
    (tmp_path / "shared" / "data").mkdir(parents=True)
    (tmp_path / "repo").mkdir()
    # the working directory's ../shared/data comes before the checkout's
    assert default_data_root(tmp_path / "repo") == (tmp_path / "shared" / "data").resolve()
