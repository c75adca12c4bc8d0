"""The process-pool engine (``--workers N``): N processes on this machine.

Processes are spawned, not forked: a fork would copy the writer's DuckDB connection and
threads into every worker. Each worker loads the model once, when it starts. A worker that
dies (killed, out of memory) breaks the whole pool in ``concurrent.futures``; the chunks
that were in flight are then resubmitted to a fresh pool, so the death costs a retry of those
chunks, not their reports.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from ceasefire.errors import CeasefireError
from ceasefire.parallel.work import analyse_chunk, analyser
from ceasefire.parallel.writer import Outcomes, Result
from ceasefire.pipeline import Item, Outcome, Prepared

# A chunk in flight through this many pool deaths is taken to be what kills its worker
# (a report that exhausts memory, a crash in native code): stop and say so.
MAX_TRIES = 3


class PoolEngine:
    def __init__(self, workers: int) -> None:
        self.workers = workers
        # Two chunks a worker: one being analysed, one queued, so no worker waits for the
        # writer between chunks.
        self.capacity = 2 * workers
        self.pool = self._new_pool()
        self.futures: dict[Future[list[Outcome]], int] = {}
        self.chunks: dict[int, tuple[list[Item], int]] = {}
        self.tries: dict[int, int] = {}
        self.restarts = 0

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_warm)

    def submit(self, key: int, items: list[Item], run_id: int) -> None:
        self.chunks[key] = (items, run_id)
        self.tries[key] = self.tries.get(key, 0) + 1
        try:
            self.futures[self.pool.submit(analyse_chunk, items, run_id)] = key
        except BrokenProcessPool:  # a worker died since the last chunk came back
            self._restart(key)

    def next_done(self) -> tuple[int, Result]:
        while True:
            done, _ = wait(list(self.futures), return_when=FIRST_COMPLETED)
            future = min(done, key=lambda f: self.futures[f])
            key = self.futures.pop(future)
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                self._restart(key)
                continue
            del self.chunks[key], self.tries[key]
            return key, Outcomes(outcomes)

    def _restart(self, failed: int) -> None:
        """A worker died: every chunk in flight goes to a fresh pool."""
        if self.tries[failed] >= MAX_TRIES:
            items, _ = self.chunks[failed]
            first = next((i for i in items if isinstance(i, Prepared)), None)
            where = f" (the chunk starting at {first.meta.path})" if first is not None else ""
            raise CeasefireError(f"a worker process died {MAX_TRIES} times on the same chunk"
                                 f"{where}; a report in it may exhaust memory")
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.restarts += 1
        self.pool = self._new_pool()
        self.futures.clear()
        for key, (items, run_id) in sorted(self.chunks.items()):
            self.submit(key, items, run_id)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _warm() -> None:
    analyser()
