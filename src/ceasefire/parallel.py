"""Engines that run the pipeline over inputs and feed the single store writer.

Only the local engine exists so far; process-pool and Dask engines will run the same
``Prepare`` and ``Analyse`` stages elsewhere and hand their outcomes to the same writer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from ceasefire.config import Config
from ceasefire.dedup import DuplicateIndex, Fingerprint
from ceasefire.pipeline import Outcome, Pipeline, with_run
from ceasefire.schema import Input
from ceasefire.store.duckdb import Store

# Outcomes are written in batches: one transaction per batch keeps DuckDB's commit cost
# (~ms) off every report, and a crash loses at most one batch, which a re-run redoes.
WRITE_BATCH = 64


@dataclass
class Summary:
    """What became of every input; ``total`` always equals the sum of the three states."""

    processed: int = 0
    duplicates: int = 0
    rejected: int = 0
    unchanged: int = 0  # inputs already in the store with the same bytes (counted above too)
    reasons: Counter[str] = field(default_factory=Counter)
    words: int = 0

    @property
    def total(self) -> int:
        return self.processed + self.duplicates + self.rejected

    def count(self, status: str, code: str | None) -> None:
        if status == "ok":
            self.processed += 1
        elif status == "duplicate":
            self.duplicates += 1
        else:
            self.rejected += 1
        if code and status != "ok":
            self.reasons[code] += 1

    def as_dict(self) -> dict[str, int]:
        return {"inputs": self.total, "processed": self.processed,
                "duplicates": self.duplicates, "rejected": self.rejected,
                "unchanged": self.unchanged, **{f"reason:{k}": v for k, v in self.reasons.items()}}


def load_index(store: Store, threshold: float) -> DuplicateIndex:
    """Duplicate memory for the whole database, not only this run."""
    index = DuplicateIndex(threshold)
    index.add_all((doc_id, Fingerprint(exact, sig)) for doc_id, exact, sig in store.fingerprints())
    return index


def run_into_store(
    inputs: Iterable[Input],
    store: Store,
    config: Config | None = None,
    *,
    on_item: Callable[[Outcome], None] | None = None,
    args: dict[str, object] | None = None,
) -> Summary:
    """Process ``inputs`` into ``store``; inputs already stored with the same bytes are skipped."""
    config = config or Config()
    pipeline = Pipeline(config, index=load_index(store, config.near_duplicate_threshold))
    summary = Summary()
    run_id = store.start_run(args or {})
    fresh = _skip_known(inputs, store, summary)
    outcomes = (with_run(o, run_id) for o in pipeline.pipe(fresh))
    while batch := list(islice(outcomes, WRITE_BATCH)):
        store.write(batch)
        for record, _ in batch:
            summary.count(record.status, record.reason.code if record.reason else None)
            summary.words += len(record.text.split())
        if on_item is not None:
            for outcome in batch:
                on_item(outcome)
    store.finish_run(run_id, summary.as_dict())
    return summary


def _skip_known(inputs: Iterable[Input], store: Store, summary: Summary) -> Iterator[Input]:
    for item in inputs:
        status = store.known(item.path, item.raw_sha256)
        if status is None:
            yield item
            continue
        summary.unchanged += 1
        summary.count(status, None)
