"""What a worker runs on one chunk: the model and the extractors, nothing stateful.

The model is loaded once per process (``analyser`` is cached), whichever engine started the
process: the local engine's own process, a process-pool worker or a Dask worker.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ceasefire.parallel.writer import ParquetPart, done_of
from ceasefire.pipeline import Analyse, Item, Outcome, with_run


@cache
def analyser() -> Analyse:
    return Analyse()


def analyse_chunk(items: list[Item], run_id: int) -> list[Outcome]:
    """Analyse the prepared reports of a chunk; other outcomes pass through, in order."""
    return [with_run(outcome, run_id) for outcome in analyser().pipe(items)]


def analyse_to_parquet(items: list[Item], run_id: int, folder: str) -> ParquetPart:
    """Analyse a chunk and write its rows as Parquet files in ``folder`` (one per table).

    An in-memory store with the real schema turns records into rows, so the files have
    exactly the store's column types. A retried task rewrites the same files."""
    from ceasefire.store.duckdb import Store

    outcomes = analyse_chunk(items, run_id)
    with Store(":memory:") as store:
        store.write(outcomes)
        store.copy_out(Path(folder))
    return ParquetPart(folder, done_of(outcomes))
