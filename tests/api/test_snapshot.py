"""Snapshots: fresh after a writer commits, never blocking on a writer, cleaned up after."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from ceasefire.api.guard import _host_name
from ceasefire.api.server import host_names
from ceasefire.api.snapshot import Snapshots
from ceasefire.store.duckdb import Store


def _add_run(db: Path) -> None:
    with Store(db) as store:
        store.start_run({"test": True})


def _runs(snapshots: Snapshots) -> int:
    with snapshots.reader() as (store, _):
        row = store.con.execute("SELECT count(*) FROM runs").fetchone()
    assert row is not None
    return int(row[0])


@pytest.fixture
def snapshots(tmp_path: Path) -> Snapshots:
    db = tmp_path / "s.duckdb"
    Store(db).close()
    snaps = Snapshots(db, tmp_path / "snaps", poll_s=3600)  # refreshed by hand below
    snaps.start(wait_s=5)
    return snaps


def test_a_refresh_sees_a_commit_and_retires_the_old_copy(snapshots: Snapshots) -> None:
    assert _runs(snapshots) == 0
    with snapshots.reader() as (old, generation):
        _add_run(snapshots.db)
        assert snapshots.refresh()
        assert _runs(snapshots) == 1  # new readers see the commit
        assert old.con.execute("SELECT count(*) FROM runs").fetchone() == (0,)
        assert len(list(snapshots.workdir.glob("*.duckdb"))) == 2
    assert len(list(snapshots.workdir.glob("*.duckdb"))) == 1  # the old one, once done
    assert snapshots.generation == generation + 1
    snapshots.stop()
    assert not snapshots.workdir.exists() or not list(snapshots.workdir.glob("*.duckdb"))


def test_a_writer_holding_the_file_delays_the_refresh(snapshots: Snapshots) -> None:
    _add_run(snapshots.db)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time\n"
         f"c = duckdb.connect({str(snapshots.db)!r}); print('held', flush=True)\n"
         "sys.stdin.readline()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        assert snapshots.refresh() is False  # no wait, the old snapshot goes on answering
        assert time.monotonic() - started < 2
        assert _runs(snapshots) == 0
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(10)
    assert snapshots.refresh()
    assert _runs(snapshots) == 1
    snapshots.stop()


@pytest.mark.parametrize(("header", "name"), [
    ("127.0.0.1:8000", "127.0.0.1"), ("LOCALHOST", "localhost"), ("[::1]:80", "[::1]"),
    ("example.org", "example.org"), ("a:b:c", "a:b:c"),
])
def test_host_name(header: str, name: str) -> None:
    assert _host_name(header) == name


def test_host_names() -> None:
    assert host_names("0.0.0.0") is None
    names = host_names("127.0.0.1", ("news.example",))
    assert names is not None and {"localhost", "news.example", "127.0.0.1"} <= set(names)
    assert "[::1]" in (host_names("::1") or ())


def test_the_private_copy_is_indexed_for_lookups_and_the_file_is_not(
    snapshots: Snapshots,
) -> None:
    query = "SELECT index_name FROM duckdb_indexes() WHERE table_name IN ('documents', 'events')"
    with snapshots.reader() as (store, _):
        copied = {str(r[0]) for r in store.con.execute(query).fetchall()}
    snapshots.stop()
    with Store(snapshots.db) as store:
        original = {str(r[0]) for r in store.con.execute(query).fetchall()}
    assert {"read_documents_path", "read_documents_id", "read_events_doc_id"} <= copied
    assert not original & copied
