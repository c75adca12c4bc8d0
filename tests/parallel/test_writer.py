"""The single writer with a real DuckDB file and a model-free engine: duplicate decisions
from the store, resuming, and the file being free between chunks."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from ceasefire.config import Config
from ceasefire.dedup import DuplicateIndex
from ceasefire.errors import StoreError
from ceasefire.parallel.writer import Summary, Writer, drive
from ceasefire.pipeline import Deduplicate, Prepare, Prepared
from ceasefire.schema import Input
from ceasefire.store.duckdb import Store

Decisions = dict[str, tuple[str, str | None, str | None]]


def _reference(inputs: Iterable[Input]) -> Decisions:
    """Decisions of the in-memory index over the same inputs, in one pass."""
    out: Decisions = {}
    for item in Deduplicate(DuplicateIndex()).pipe(Prepare(Config()).pipe(inputs)):
        if isinstance(item, Prepared):
            out[item.meta.path] = ("ok", None, None)
        else:
            r = item[0].reason
            out[item[0].document.path] = (item[0].status, r and r.code, r and r.duplicate_of)
    return out


def _stored(db: Path) -> Decisions:
    with Store(db, read_only=True) as store:
        rows = store.con.execute(
            "SELECT path, status, reason_code, duplicate_of FROM documents").fetchall()
    return {p: (s, c, d) for p, s, c, d in rows}


def _run(db: Path, inputs: Iterable[Input], engine: Any, chunk: int,
         on_progress: Callable[[int], None] | None = None) -> Summary:
    with Store.open_writer(db) as store:
        run_id = store.start_run({})
    return drive(inputs, Writer(db, Config(), chunk), engine, run_id, on_progress)


# (1, 1): every report decided and written alone, from the store only; (7, 3): copies of
# reports still in flight; fewer reports for the first, which opens the file per report.
@pytest.mark.parametrize(("chunk", "capacity", "n"), [(1, 1, 80), (7, 3, 300), (64, 2, 300)])
def test_store_decides_duplicates_as_the_in_memory_index(
    tmp_path: Path, reports: Any, shallow_engine: Any, chunk: int, capacity: int, n: int
) -> None:
    inputs = reports(n)
    expected = _reference(inputs)
    assert sum(s == "duplicate" for s, _, _ in expected.values()) >= n // 8
    summary = _run(tmp_path / "a.duckdb", inputs, shallow_engine(capacity), chunk)
    assert _stored(tmp_path / "a.duckdb") == expected
    assert summary.total == n and summary.duplicates == sum(
        s == "duplicate" for s, _, _ in expected.values())


def test_copies_are_found_across_runs(tmp_path: Path, reports: Any, shallow_engine: Any) -> None:
    inputs = reports(300)
    db = tmp_path / "a.duckdb"
    _run(db, inputs[:140], shallow_engine(), 16)
    second = _run(db, inputs, shallow_engine(), 16)
    assert second.unchanged == 140 and second.total == 300
    assert _stored(db) == _reference(inputs)


def test_interrupted_run_resumes_without_doing_anything_twice(
    tmp_path: Path, reports: Any, shallow_engine: Any, contents: Any
) -> None:
    inputs = reports(200)
    whole, parts = tmp_path / "whole.duckdb", tmp_path / "parts.duckdb"
    _run(whole, inputs, shallow_engine(), 16)
    written: list[int] = []

    def stop_after_three(n: int) -> None:
        written.append(n)
        if len(written) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _run(parts, inputs, shallow_engine(), 16, stop_after_three)
    again = _run(parts, inputs, shallow_engine(), 16)
    assert again.unchanged == sum(written) == 48
    assert again.total == 200
    assert contents(parts) == contents(whole)


def test_a_changed_file_is_not_a_copy_of_its_old_self(
    tmp_path: Path, reports: Any, shallow_engine: Any
) -> None:
    first = reports(1)[0]
    db = tmp_path / "a.duckdb"
    _run(db, [first], shallow_engine(), 4)
    assert first.text is not None
    respaced = replace(first, text=first.text + "\n", raw_sha256="other bytes")
    _run(db, [respaced], shallow_engine(), 4)
    assert _stored(db) == {first.path: ("ok", None, None)}


_READER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("SELECT count(*) FROM documents").fetchone()[0], flush=True)
time.sleep(float(sys.argv[2]))
"""


def _reader(db: Path, hold_s: float) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", _READER, str(db), str(hold_s)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_another_process_can_read_between_chunks(
    tmp_path: Path, reports: Any, shallow_engine: Any
) -> None:
    db = tmp_path / "a.duckdb"
    seen: list[int] = []

    def read(_: int) -> None:
        proc = _reader(db, 0)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        seen.append(int(out))

    _run(db, reports(100), shallow_engine(1), 25, read)
    assert seen == [25, 50, 75, 100]


def test_writer_waits_while_a_reader_holds_the_file(tmp_path: Path) -> None:
    db = tmp_path / "a.duckdb"
    Store(db).close()
    reader = _reader(db, 1.5)
    assert reader.stdout is not None and reader.stdout.readline().strip() == "0"
    start = time.monotonic()
    with Store.open_writer(db) as store:
        waited = time.monotonic() - start
        assert store.counts() == {}
    reader.wait(timeout=30)
    assert waited > 0.5


def test_writer_gives_up_with_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "a.duckdb"
    Store(db).close()
    reader = _reader(db, 3)
    assert reader.stdout is not None and reader.stdout.readline().strip() == "0"
    with pytest.raises(StoreError, match="stayed locked by another process for 1 s"):
        Store.open_writer(db, wait_s=1.0)
    reader.kill()
    reader.wait(timeout=30)


def test_bands_are_filled_for_documents_stored_before_they_existed(
    tmp_path: Path, reports: Any, shallow_engine: Any
) -> None:
    db = tmp_path / "a.duckdb"
    _run(db, reports(20), shallow_engine(), 8)
    with Store(db) as store:
        count = store.con.execute("SELECT count(*) FROM doc_bands").fetchone()
        store.con.execute("DELETE FROM doc_bands")
        store.con.execute("INSERT INTO meta VALUES ('bands_backfill', '1')")
        store.backfill_bands()
        assert store.con.execute("SELECT count(*) FROM doc_bands").fetchone() == count
        assert count is not None and count[0] == 32 * store.counts()["ok"]
        assert store.con.execute(
            "SELECT count(*) FROM meta WHERE key = 'bands_backfill'").fetchone() == (0,)
