"""The process-pool engine (``--workers N``): N processes on this machine.

Workers are not forks of the writer: a fork would copy the writer's DuckDB connection and
threads into every worker. They are forks of a fork server, a fresh process that loads the
model once (:mod:`.preload`), so workers start with the model in memory instead of loading
it one by one (``spawn`` where the platform has no fork server). The fork server starts as
soon as the engine is made, so the model loads while the writer reads and prepares the
first chunks. A worker that dies (killed, out of memory) breaks the whole pool in
``concurrent.futures``; the chunks that were in flight are then resubmitted to a fresh pool,
so the death costs a retry of those chunks, not their reports.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import forkserver
from multiprocessing.context import BaseContext

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
        context = _context()
        if context.get_start_method() == "forkserver":
            # Start the fork server now (it returns at once): it loads the model while the
            # writer opens the store and prepares the first chunks. Workers are forked from
            # it at the first chunks, so a run with nothing new to analyse forks none.
            forkserver.ensure_running()
        return ProcessPoolExecutor(self.workers, mp_context=context, initializer=_warm)

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
        # Not waiting: a worker's exit (freeing a loaded model) took ~1.5 s, which the
        # writer can spend on its last session and the linking instead.
        self.pool.shutdown(wait=False, cancel_futures=True)


def _context() -> BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Takes effect when the fork server starts (once per writer process).
    context.set_forkserver_preload(["ceasefire.parallel.preload"])
    return context


def _warm() -> None:
    analyser()  # already loaded in a fork of the fork server; loads it after a spawn
