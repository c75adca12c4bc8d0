"""The Dask engine (``--engine dask``): analysis on a ``dask.distributed`` cluster.

Chunks ("partitions") are submitted as they are read, a bounded number in flight; each
task writes its partition's rows as Parquet files into the run folder and returns their
names (``<db>.parts/run-<run id>/part-<chunk>/``); the writer loads them into the store in
input order. Without a scheduler address a LocalCluster of ``workers`` processes is started
here and stopped at the end. With an
address, the run folder must be on a file system the workers share with this process.

A worker that dies is Dask's business: the scheduler reruns its tasks on another worker
(up to ``distributed.scheduler.allowed-failures`` deaths a task), and a rerun task rewrites
the same files, so every report is stored once.
"""

from __future__ import annotations

import importlib
import logging
import shutil
import uuid
from pathlib import Path
from typing import Any

from ceasefire.errors import UsageError
from ceasefire.parallel.work import analyse_to_parquet
from ceasefire.parallel.writer import ParquetPart, Result
from ceasefire.pipeline import Item


class DaskEngine:
    def __init__(self, parts: Path, *, scheduler: str | None = None, workers: int = 1) -> None:
        # distributed has no type hints for these: use it as an untyped module.
        dist: Any = importlib.import_module("distributed")
        Client, LocalCluster, as_completed = dist.Client, dist.LocalCluster, dist.as_completed
        self.parts = parts
        self.runs: set[Path] = set()  # run folders written to, removed on close
        self.cluster: Any = None
        if scheduler is None:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(scheduler, timeout="30s")
            except OSError as exc:
                raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        n = max(len(self.client.scheduler_info().get("workers", {})), workers, 1)
        # Two partitions a worker keep every worker busy while the writer loads results.
        self.capacity = 2 * n
        self.running: Any = as_completed()
        self.keys: dict[str, int] = {}
        self.token = uuid.uuid4().hex  # task names unique on a scheduler shared by runs

    def submit(self, key: int, items: list[Item], run_id: int) -> None:
        run = self.parts / f"run-{run_id}"
        self.runs.add(run)
        folder = run / f"part-{key:08d}"
        future = self.client.submit(analyse_to_parquet, items, run_id, str(folder),
                                    key=f"ceasefire-{self.token}-{key}", pure=False)
        self.keys[str(future.key)] = key
        self.running.add(future)

    def next_done(self) -> tuple[int, Result]:
        future = next(self.running)
        key = self.keys.pop(str(future.key))
        result = future.result()
        assert isinstance(result, ParquetPart)
        future.release()
        return key, result

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        for run in self.runs:
            shutil.rmtree(run, ignore_errors=True)
