"""The real engines on the bundled examples with the real model: a pool of two processes
and a Dask LocalCluster of two workers store exactly what one process stores, also when a
worker is killed mid-run."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import psutil
import pytest

from ceasefire.config import Config
from ceasefire.ingest import iter_inputs
from ceasefire.parallel import Summary, run_into_store

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# Small chunks so that 29 examples make several chunks in flight on both workers.
CHUNK = 4


def _run(db: Path, **options: Any) -> Summary:
    inputs = iter_inputs([str(EXAMPLES)], Config().ingest)
    return run_into_store(inputs, db, chunk_size=CHUNK, **options)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("ref") / "one.duckdb"
    summary = _run(db)
    assert summary.total >= 29 and summary.duplicates == 3
    return db


def test_reference_holds_events(reference: Path, contents: Any) -> None:
    data = contents(reference)
    assert len(data["documents"]) >= 29 and len(data["events"]) > 100


def test_two_processes_store_the_same(tmp_path: Path, reference: Path, contents: Any) -> None:
    _run(tmp_path / "two.duckdb", workers=2)
    assert contents(tmp_path / "two.duckdb") == contents(reference)


def test_dask_local_cluster_stores_the_same(
    tmp_path: Path, reference: Path, contents: Any
) -> None:
    _run(tmp_path / "dask.duckdb", engine="dask", workers=2)
    assert contents(tmp_path / "dask.duckdb") == contents(reference)
    assert not (tmp_path / "dask.duckdb.parts" / "run-1").exists()


def _workers_of(parent: psutil.Process, marker: str) -> list[psutil.Process]:
    return [p for p in parent.children(recursive=True)
            if any(marker in part for part in p.cmdline())]


def _pool_workers(parent: psutil.Process) -> list[psutil.Process]:
    """The pool's workers: forks of its fork server (which shares their command line), or
    spawned processes where there is no fork server."""
    servers = _workers_of(parent, "multiprocessing.forkserver")
    forked = [w for s in servers for w in s.children()]
    return forked or _workers_of(parent, "spawn_main")


def test_a_killed_pool_worker_costs_a_retry_not_data(
    tmp_path: Path, reference: Path, contents: Any
) -> None:
    killed: list[int] = []

    def kill_one(_: int) -> None:
        if not killed:
            victim = _pool_workers(psutil.Process())[0]
            os.kill(victim.pid, signal.SIGKILL)
            killed.append(victim.pid)

    summary = _run(tmp_path / "killed.duckdb", workers=2, on_progress=kill_one)
    assert killed and summary.total == 29
    assert contents(tmp_path / "killed.duckdb") == contents(reference)


def test_a_killed_dask_worker_costs_a_retry_not_data(
    tmp_path: Path, reference: Path, contents: Any
) -> None:
    killed: list[int] = []

    def kill_one(_: int) -> None:
        # Dask workers run under a nanny process each; kill the worker, not the nanny,
        # which starts a new one while the scheduler reruns the lost tasks.
        if not killed:
            victim = _workers_of(psutil.Process(), "spawn_main")[-1]
            os.kill(victim.pid, signal.SIGKILL)
            killed.append(victim.pid)

    summary = _run(tmp_path / "killed.duckdb", engine="dask", workers=2, on_progress=kill_one)
    assert killed and summary.total == 29
    assert contents(tmp_path / "killed.duckdb") == contents(reference)
