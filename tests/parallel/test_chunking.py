"""Chunks shrink at the end of the input so that workers finish together, and the way the
input is cut changes nothing in the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ceasefire.config import Config
from ceasefire.parallel.chunking import guided_chunks
from ceasefire.parallel.writer import Writer, drive
from ceasefire.store.duckdb import Store


@pytest.mark.parametrize("n", [0, 1, 63, 64, 240, 256, 257, 1000])
def test_chunks_keep_order_and_shrink_only_at_the_end(n: int) -> None:
    chunks = list(guided_chunks(iter(range(n)), 64, 4))
    assert [x for c in chunks for x in c] == list(range(n))
    sizes = [len(c) for c in chunks]
    assert all(1 <= s <= 64 for s in sizes)
    assert sizes == sorted(sizes, reverse=True)  # never a full chunk after a small one
    if n >= 240:
        assert sizes[-1] <= 4 and sum(s < 16 for s in sizes) >= 4  # a tail to share out
        assert sum(s < 64 for s in sizes) <= 14  # only the last 4 chunks' worth is cut up


def test_one_chunk_in_flight_keeps_full_chunks() -> None:
    assert [len(c) for c in guided_chunks(iter(range(150)), 64, 1)] == [64, 64, 22]


def test_a_240_report_run_ends_in_small_chunks() -> None:
    sizes = [len(c) for c in guided_chunks(iter(range(240)), 64, 4)]
    assert sizes == [60, 45, 34, 26, 19, 14, 11, 8, 6, 5, 4, 4, 4]


def _run(db: Path, inputs: list[Any], engine: Any, chunk: int) -> None:
    with Store.open_writer(db) as store:
        run_id = store.start_run({})
    drive(inputs, Writer(db, Config(), chunk), engine, run_id)


def test_cutting_the_input_differently_stores_the_same(
    tmp_path: Path, reports: Any, shallow_engine: Any, contents: Any
) -> None:
    inputs = reports(260)
    _run(tmp_path / "fixed.duckdb", inputs, shallow_engine(1), 32)  # 32, 32, ..., 4
    _run(tmp_path / "guided.duckdb", inputs, shallow_engine(6), 32)  # shrinking tail
    _run(tmp_path / "small.duckdb", inputs, shallow_engine(3), 5)
    reference = contents(tmp_path / "fixed.duckdb")
    assert sum(1 for row in reference["documents"] if "duplicate" in row) >= 26
    assert contents(tmp_path / "guided.duckdb") == reference
    assert contents(tmp_path / "small.duckdb") == reference
