"""Engines that run the pipeline over inputs and feed the single store writer.

``local`` with one worker analyses in this process; ``local`` with N workers uses a pool of
N processes (:mod:`.pool`); ``dask`` uses a Dask cluster (:mod:`.dask`). All of them run the
same ``Analyse`` stage and hand their chunks to the same writer (:mod:`.writer`), which takes
every decision in input order, so the store ends up the same whichever engine ran.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ceasefire.config import Config
from ceasefire.errors import UsageError
from ceasefire.parallel.writer import Engine, Summary, Writer, drive
from ceasefire.pipeline import Outcome
from ceasefire.schema import Input
from ceasefire.store.duckdb import Store

ENGINES = ("local", "dask")
# Reports per chunk for the local engines: one store session (and transaction) per chunk
# keeps DuckDB's commit and the file open/close (~30 ms together, measured) off every
# report, and an interrupted run loses at most the chunks in flight, which a re-run redoes.
WRITE_BATCH = 64
# Reports per Dask partition: a task of ~30 s on one core, long enough that scheduling and
# the Parquet round trip (~0.1 s) are noise, short enough that a dead worker costs little.
PARTITION = 256


def run_into_store(
    inputs: Iterable[Input],
    db: str | Path | Store,
    config: Config | None = None,
    *,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    chunk_size: int | None = None,
    on_progress: Callable[[int], None] | None = None,
    on_item: Callable[[Outcome], None] | None = None,
    args: dict[str, object] | None = None,
) -> Summary:
    """Process ``inputs`` into the DuckDB file ``db``; inputs already stored with the same
    bytes are skipped, so an interrupted run resumes where it stopped.

    ``db`` is a path: the file is open only while a chunk is written (docs/concurrency.md);
    or an open ``Store``, which stays open and locked throughout.
    ``on_progress(n)`` is called after each chunk is written, with its number of inputs;
    ``on_item(outcome)`` for each written outcome (not with the Dask engine, whose outcomes
    reach the writer as Parquet files)."""
    config = config or Config()
    if workers < 1:
        raise UsageError(f"--workers must be at least 1, not {workers}")
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if scheduler is not None and engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    if on_item is not None and engine == "dask":
        raise UsageError("on_item is not available with the Dask engine; use on_progress")
    size = chunk_size or (PARTITION if engine == "dask" else WRITE_BATCH)
    writer = Writer(db, config, size, on_item)
    # The engine first: its workers load the model while the writer opens the store and
    # prepares the first chunks.
    runner = _engine(engine, workers, scheduler, Path(db.path if isinstance(db, Store) else db))
    try:
        with writer.session() as store:
            store.backfill_bands()
            run_id = store.start_run(args or {})
        summary = drive(inputs, writer, runner, run_id, on_progress)
    finally:
        runner.close()
    with writer.session() as store:
        store.finish_run(run_id, summary.as_dict())
    return summary


def _engine(name: str, workers: int, scheduler: str | None, db: Path) -> Engine:
    if name == "dask":
        from ceasefire.parallel.dask import DaskEngine

        return DaskEngine(db.with_name(f"{db.name}.parts"), scheduler=scheduler, workers=workers)
    if workers > 1:
        from ceasefire.parallel.pool import PoolEngine

        return PoolEngine(workers)
    from ceasefire.parallel.local import LocalEngine

    return LocalEngine()


__all__ = ["ENGINES", "Summary", "run_into_store"]
