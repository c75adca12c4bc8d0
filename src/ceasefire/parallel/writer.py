"""The single writer: what is new, what is a copy, and the store writes, in input order.

Every engine feeds this one loop. It reads inputs a chunk at a time, opens the store for a
short session (skip inputs already stored, prepare, decide duplicates, write the chunks that
came back, in order), closes it, and hands prepared chunks to the engine; the engine only
analyses. Because every decision is taken here, in input order, ids and results are the same
for any engine and any number of workers, and the store file is free between sessions for
readers (docs/concurrency.md).
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ceasefire.config import Config
from ceasefire.dedup import Candidate, DuplicateIndex, band_index, decide
from ceasefire.parallel.chunking import guided_chunks
from ceasefire.pipeline import Item, Outcome, Prepare, Prepared, duplicate, with_run
from ceasefire.schema import Input, Reason
from ceasefire.store.duckdb import CHUNK_MEMORY, Store

# Orders for reports not yet written sort after every stored one (documents.seq is far
# below this), chunk by chunk, so candidates keep the order in which they were added.
_PENDING_ORDER = 1 << 62


@dataclass(frozen=True, slots=True)
class Done:
    """What the writer needs to know of one outcome once it is analysed."""

    path: str
    doc_id: str
    status: str
    code: str | None
    words: int


@dataclass(frozen=True, slots=True)
class Outcomes:
    """A chunk analysed into records, returned whole (local and process-pool engines)."""

    items: list[Outcome]


@dataclass(frozen=True, slots=True)
class ParquetPart:
    """A chunk analysed into Parquet files in ``folder`` (Dask engine)."""

    folder: str
    done: list[Done]


Result = Outcomes | ParquetPart


class Engine(Protocol):
    """Runs ``analyse`` on chunks somewhere; chunks come back in any order."""

    capacity: int  # chunks in flight at once

    def submit(self, key: int, items: list[Item], run_id: int) -> None: ...

    def next_done(self) -> tuple[int, Result]:
        """Block until a submitted chunk is finished; its key and result."""
        ...

    def close(self) -> None: ...


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


def done_of(outcomes: Iterable[Outcome]) -> list[Done]:
    return [Done(r.document.path, r.document.id, r.status, r.reason.code if r.reason else None,
                 len(r.text.split())) for r, _ in outcomes]


@dataclass
class _Pending:
    """A chunk handed to the engine and not yet written."""

    overlay: DuplicateIndex  # its new reports, which later chunks are checked against
    bands: list[tuple[str, list[int]]]  # (path, band keys) of those reports


class Writer:
    """Decides and writes chunks; one instance per run."""

    def __init__(self, db: str | Path | Store, config: Config, chunk_size: int,
                 on_item: Callable[[Outcome], None] | None = None) -> None:
        self.db = db
        self.on_item = on_item
        self.config = config
        self.chunk_size = chunk_size
        self.prepare = Prepare(config)
        self.summary = Summary()
        self.pending: dict[int, _Pending] = {}

    def decide(self, store: Store, key: int, chunk: list[Input]) -> list[Item]:
        """Drop inputs stored unchanged, prepare the rest, and mark copies as duplicates."""
        known = store.known_many([(i.path, i.raw_sha256) for i in chunk])
        fresh = []
        for item in chunk:
            if item.path in known:
                self.summary.unchanged += 1
                self.summary.count(known[item.path], None)
            else:
                fresh.append(item)
        items = [self.prepare(item) for item in fresh]
        return self._deduplicate(store, key, items)

    def _deduplicate(self, store: Store, key: int, items: list[Item]) -> list[Item]:
        prepared = [i for i in items if isinstance(i, Prepared)]
        lookup = _StoreLookup(store, prepared)
        overlay = DuplicateIndex(self.config.near_duplicate_threshold,
                                 first_order=_PENDING_ORDER + key * self.chunk_size)
        self.pending[key] = pending = _Pending(overlay, [])
        out: list[Item] = []
        for item in items:
            reason = self._check(item, lookup) if isinstance(item, Prepared) else None
            if reason is not None and isinstance(item, Prepared):
                out.append(duplicate(item, reason))
                continue
            if isinstance(item, Prepared):
                overlay.add(item.meta.id, item.fingerprint)
                pending.bands.append((item.meta.path, item.fingerprint.bands()))
            out.append(item)
        return out

    def _check(self, item: Prepared, lookup: _StoreLookup) -> Reason | None:
        """Against the store first (older), then the chunks not yet written, in order."""
        fp = item.fingerprint
        overlays = [p.overlay for p in self.pending.values()]
        exact = lookup.exact(item) or next(
            (match for o in overlays if (match := o.exact(fp)) is not None), None)
        candidates = lookup.candidates(item) + [c for o in overlays for c in o.candidates(fp)]
        return decide(fp, exact, candidates, self.config.near_duplicate_threshold)

    def session(self) -> AbstractContextManager[Store]:
        """The store for one chunk's work: opened and closed again, unless the caller
        passed a store it keeps open itself."""
        if isinstance(self.db, Store):
            return nullcontext(self.db)
        return Store.open_writer(self.db, memory_limit=CHUNK_MEMORY)

    def write(self, store: Store, key: int, result: Result) -> int:
        """Write one finished chunk; the number of inputs it finished."""
        bands = self.pending.pop(key).bands
        if isinstance(result, Outcomes):
            store.write(result.items, bands)
            done = done_of(result.items)
            if self.on_item is not None:
                for outcome in result.items:
                    self.on_item(outcome)
        else:
            ok_ids = [d.doc_id for d in result.done if d.status == "ok"]
            store.load_parquet(Path(result.folder), ok_ids, [d.path for d in result.done], bands)
            shutil.rmtree(result.folder, ignore_errors=True)
            done = result.done
        for d in done:
            self.summary.count(d.status, d.code)
            self.summary.words += d.words
        return len(done)


class _StoreLookup:
    """The store's answers for one chunk's fingerprints, fetched in two queries."""

    def __init__(self, store: Store, prepared: list[Prepared]) -> None:
        self.exact_rows = store.exact_matches([p.fingerprint.exact for p in prepared])
        self.by_key: dict[int, list[tuple[int, str, str, bytes]]] = {}
        keys = [k for p in prepared for k in p.fingerprint.bands()]
        for band_key, seq, doc_id, path, signature in store.band_candidates(keys):
            self.by_key.setdefault(band_key, []).append((seq, doc_id, path, signature))

    def exact(self, item: Prepared) -> str | None:
        # A report is not a copy of the row it replaces (same path, its bytes changed).
        rows = self.exact_rows.get(item.fingerprint.exact, [])
        return next((doc_id for doc_id, path in rows if path != item.meta.path), None)

    def candidates(self, item: Prepared) -> list[Candidate]:
        return [Candidate(band_index(key), seq, doc_id, signature)
                for key in item.fingerprint.bands()
                for seq, doc_id, path, signature in self.by_key.get(key, ())
                if path != item.meta.path]


def drive(inputs: Iterable[Input], writer: Writer, engine: Engine, run_id: int,
          on_progress: Callable[[int], None] | None = None) -> Summary:
    """The writer's loop: read, decide and submit chunks; write finished ones in order."""
    # Smaller chunks at the end keep every worker busy to the last (chunking.py).
    chunks = guided_chunks(iter(inputs), writer.chunk_size, engine.capacity)
    finished: dict[int, Result] = {}
    submitted = written = 0
    exhausted = False
    while True:
        ready: list[Result] = []
        while written + len(ready) in finished:
            ready.append(finished.pop(written + len(ready)))
        raw: list[list[Input]] = []  # read outside the session: readers may be slow (HTML)
        while not exhausted and submitted + len(raw) - written - len(ready) < engine.capacity:
            chunk = next(chunks, None)
            exhausted = chunk is None
            if chunk is not None:
                raw.append(chunk)
        if raw or ready:
            counts = []
            with writer.session() as store:
                for result in ready:
                    counts.append(writer.write(store, written, result))
                    written += 1
                decided = [writer.decide(store, submitted + n, c) for n, c in enumerate(raw)]
            for n, items in enumerate(decided):
                _submit(engine, finished, submitted + n, items, run_id)
            submitted += len(decided)
            for count in counts:
                if on_progress is not None:
                    on_progress(count)
        if exhausted and written == submitted:
            return writer.summary
        if written not in finished:
            key, result = engine.next_done()
            finished[key] = result


def _submit(engine: Engine, finished: dict[int, Result], key: int, items: list[Item],
            run_id: int) -> None:
    """A chunk with nothing to analyse (all copies, rejections or stored) skips the engine."""
    if any(isinstance(i, Prepared) for i in items):
        engine.submit(key, items, run_id)
        return
    finished[key] = Outcomes([with_run(o, run_id) for o in items if not isinstance(o, Prepared)])

