"""The server's view of the database: a private copy, refreshed when the file changes.

DuckDB lets one process write a file, or many processes read it, never both: a reader's
shared lock keeps ``ceasefire run`` out. So the server never keeps the main file open. It
answers from a snapshot, a byte copy of the file taken while it holds DuckDB's shared lock
for the length of the copy, with the API's read model of its events built from it (in
memory: ``readmodel.EventIndex``), and takes a new one when the file's size or modification
time changed and no writer holds the lock (the writer releases it between batches). Requests
in flight finish on the snapshot they started on; a retired snapshot is closed and deleted
when its last reader is done. docs/api.md ("Reading while `ceasefire run` writes")
explains the choice.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb

from ceasefire.api.readmodel import EventIndex
from ceasefire.errors import StoreError
from ceasefire.store.duckdb import Store

log = logging.getLogger("ceasefire.api")

# How often the refresher looks at the file. One second keeps the API at most about a second
# behind a writer while a stat() a second costs nothing; copies happen only on change.
POLL_S = 1.0
# How long startup waits for a writer to release the file before giving up (a writer that
# releases the lock between batches lets go within one batch, seconds at most).
START_WAIT_S = 60.0

READ_THREADS = 1
Stamp = tuple[int, int, int, int]  # mtime_ns and size of the file, then of its WAL


def stamp(path: Path) -> Stamp:
    """What changes when a writer commits: the file, or its write-ahead log."""
    main = path.stat()
    wal = _wal(path)
    w = wal.stat() if wal.exists() else None
    return (main.st_mtime_ns, main.st_size, w.st_mtime_ns if w else 0, w.st_size if w else 0)


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


class Snapshot:
    """One copy of the database with the read model of its events, and the count of
    requests reading the copy. The copy is private: nothing else ever writes it."""

    def __init__(self, path: Path, source: Stamp, generation: int) -> None:
        self.path = path
        self.source = source
        self.generation = generation
        self.store = Store(path)
        try:
            self.store.add_read_indexes()
            self.events = EventIndex.build(self.store)
            # Requests are many small queries side by side: one DuckDB thread each serves
            # them better than each spreading over every core (8 concurrent readers of one
            # /api/events page on 2 cores: 22.7 pages/s with 1 thread, 14.5 with 2).
            self.store.con.execute(f"SET threads = {READ_THREADS}")
        except Exception:
            self.store.close()
            raise
        self.readers = 0
        self.retired = False

    def discard(self) -> None:
        self.store.close()
        _unlink(self.path)


class Snapshots:
    """The current snapshot of ``db``, kept fresh by a background thread."""

    def __init__(self, db: str | Path, workdir: str | Path | None = None, *,
                 poll_s: float = POLL_S) -> None:
        self.db = Path(db)
        self.poll_s = poll_s
        self._own_dir = workdir is None
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="ceasefire-serve-"))
        self.workdir.mkdir(parents=True, exist_ok=True)
        # ``main`` serialises this process's own use of the main file (a refresh's copy, an
        # upload's write): DuckDB refuses a read-only and a writing connection in one process.
        self.main = threading.Lock()
        self._swap = threading.Lock()
        self._current: Snapshot | None = None
        self._generation = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- life cycle -------------------------------------------------------------------

    def start(self, wait_s: float = START_WAIT_S) -> None:
        """Take the first snapshot (waiting up to ``wait_s`` for a writer), then keep it fresh."""
        if not self.db.is_file():
            raise StoreError(f"no database at {self.db}")
        deadline = time.monotonic() + wait_s
        while not self.refresh():
            if time.monotonic() > deadline:
                raise StoreError(f"{self.db} stayed locked by a writer for {wait_s:.0f} s")
            time.sleep(0.1)
        self._thread = threading.Thread(target=self._loop, name="snapshot-refresh", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        with self._swap:
            current, self._current = self._current, None
        if current is not None:
            current.discard()
        if self._own_dir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def _loop(self) -> None:
        while not self._stop.wait(self.poll_s):
            try:
                self.refresh()
            except Exception:  # the server keeps its last snapshot; the next poll retries
                log.exception("snapshot refresh failed")

    # -- reading ----------------------------------------------------------------------

    @property
    def generation(self) -> int:
        """Bumped by every new snapshot: a key for caches of whole-database answers."""
        current = self._current
        return current.generation if current is not None else 0

    def events(self) -> EventIndex:
        """The current snapshot's read model of events. It is in memory and never changes,
        so a request needs no cursor, no count of readers and no lock to read it."""
        current = self._current
        if current is None:
            raise StoreError("the server has no snapshot of the database yet")
        return current.events

    @contextmanager
    def view(self) -> Iterator[tuple[Store, EventIndex]]:
        """The current snapshot on a cursor of its own, with its read model of events."""
        snap = self._acquire()
        view = snap.store.cursor()
        try:
            yield view, snap.events
        finally:
            view.close()
            self._release(snap)

    @contextmanager
    def reader(self) -> Iterator[tuple[Store, int]]:
        """The current snapshot on a cursor of its own, for one request, and its generation."""
        snap = self._acquire()
        view = snap.store.cursor()
        try:
            yield view, snap.generation
        finally:
            view.close()
            self._release(snap)

    def _acquire(self) -> Snapshot:
        with self._swap:
            if self._current is None:
                raise StoreError("the server has no snapshot of the database yet")
            self._current.readers += 1
            return self._current

    def _release(self, snap: Snapshot) -> None:
        with self._swap:
            snap.readers -= 1
            done = snap.retired and snap.readers == 0
        if done:
            snap.discard()

    # -- refreshing -------------------------------------------------------------------

    def changed(self) -> bool:
        current = self._current
        return current is None or stamp(self.db) != current.source

    def refresh(self, *, force: bool = False) -> bool:
        """Take a new snapshot if the file changed (or ``force``); False when a writer holds
        the file, so the caller keeps the old one and tries again later."""
        if not force and not self.changed():
            return True
        # One refresh at a time, so snapshots are swapped in the order they were taken.
        with self.main:
            if not force and not self.changed():
                return True  # another thread's refresh got there first
            copied = self._copy()
            if copied is None:
                return False
            path, source = copied
            try:
                fresh = Snapshot(path, source, self._generation)
            except Exception:
                _unlink(path)
                raise
            self._swap_in(fresh)
        return True

    def _copy(self) -> tuple[Path, Stamp] | None:
        """Copy the file (and a WAL a crashed writer left) under DuckDB's shared lock."""
        try:
            lock = duckdb.connect(str(self.db), read_only=True)
        except duckdb.IOException:
            return None  # a writer holds the file
        except duckdb.Error as exc:
            raise StoreError(f"cannot open database {self.db}: {exc}") from exc
        try:
            source = stamp(self.db)
            self._generation += 1
            target = self.workdir / f"snapshot-{self._generation}.duckdb"
            shutil.copyfile(self.db, target)
            if _wal(self.db).exists():
                shutil.copyfile(_wal(self.db), _wal(target))
            return target, source
        finally:
            lock.close()

    def _swap_in(self, fresh: Snapshot) -> None:
        with self._swap:
            old, self._current = self._current, fresh
            idle = old is not None and old.readers == 0
            if old is not None:
                old.retired = True
        if old is not None and idle:
            old.discard()
        log.info("snapshot %d of %s", fresh.generation, self.db)


def _unlink(path: Path) -> None:
    for file in (path, _wal(path)):
        with suppress(FileNotFoundError):
            file.unlink()
