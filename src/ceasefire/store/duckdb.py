"""The DuckDB store: one writer, versioned schema with migrations, idempotent upserts.

Every input is a row of ``documents`` keyed by its path, whatever became of it (processed,
duplicate, rejected), so nothing is lost and anything can be found by path. Extracted items
live in one table each, keyed by document id, so analysts can query them with plain SQL.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from ceasefire.errors import StoreError
from ceasefire.schema import SCHEMA_VERSION, Record
from ceasefire.store import rows as R
from ceasefire.store.migrations import MIGRATIONS

# Keys per DELETE statement: DuckDB prepares one statement per call, and 500 keys keep its
# parameter list small (inserts bind whole columns instead, see ``Store._insert``).
_CHUNK = 500
# A writer waits this long for a file another process holds (docs/concurrency.md): readers
# take it between batches for well under a second, so 30 s means something is wrong.
LOCK_WAIT_S = 30.0
# Documents read per query by ``Store.records``: a page costs one scan of ``documents``, so
# 1,000 keeps an export of 100,000 reports to 100 scans while holding few rows at once.
_PAGE = 1000
# DuckDB's memory cap in a writing session (``Store.open_writer``): its block cache keeps
# what a session reads up to the cap, so without one memory grows with the store. 64 MB for
# sessions that read whole tables (linking, ``ceasefire link``); see docs/performance.md.
WRITER_MEMORY = os.environ.get("CEASEFIRE_WRITER_MEMORY", "64MB")
# The run writer's per-chunk sessions (parallel/writer.py) hold nothing but what they read
# and one chunk's rows once the tables have no index (store version 6), so their cap sets
# their memory at any store size. 24 MB: per chunk they add 7-16 MB (100,000 reports with
# items, synthetic), 16 MB worked as well, and 24 MB leaves room for a Dask chunk of 256
# long reports; the writes took no longer than at 64 MB (docs/performance.md, "Issue 6
# round 3: flat memory").
CHUNK_MEMORY = os.environ.get("CEASEFIRE_CHUNK_MEMORY", "24MB")


class Store:
    """A DuckDB file. Open with ``read_only=True`` for readers; one writer at a time."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc
        if read_only:
            self._check_version()
        else:
            self.migrate()

    def close(self) -> None:
        self.con.close()

    def cursor(self) -> Store:
        """This store on a cursor of its own: a DuckDB connection must not be shared between
        threads, so each concurrent reader (an API request) takes one. Close it after use."""
        view = object.__new__(Store)
        view.path, view.read_only, view.con = self.path, self.read_only, self.con.cursor()
        return view

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema -----------------------------------------------------------------------

    def version(self) -> int:
        # Every writer session asks (docs/concurrency.md): duckdb_tables() answers in about
        # a third of the time of information_schema.tables, which unions every catalog view.
        exists = self.con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'meta'"
        ).fetchone()
        if not exists or not exists[0]:
            return 0
        row = self.con.execute("SELECT value FROM meta WHERE key = 'store_version'").fetchone()
        return int(row[0]) if row else 0

    def migrate(self) -> None:
        """Apply every migration newer than the file's version, each in a transaction."""
        current = self.version()
        if current > len(MIGRATIONS):
            raise StoreError(
                f"{self.path} has store version {current}; this ceasefire knows "
                f"{len(MIGRATIONS)}: upgrade ceasefire"
            )
        if current < len(MIGRATIONS):
            # A migration that rebuilds a table takes seconds on a large store (version 6:
            # 16 s at 100,000 reports); DuckDB would draw its progress bar on our stderr.
            self.con.execute("SET enable_progress_bar = false")
        for number, statements in enumerate(MIGRATIONS[current:], start=current + 1):
            with self.transaction():
                for sql in statements:
                    self.con.execute(sql)
                self.con.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('store_version', ?)", [str(number)]
                )

    def _check_version(self) -> None:
        if self.version() != len(MIGRATIONS):
            raise StoreError(
                f"{self.path} is at store version {self.version()}, expected "
                f"{len(MIGRATIONS)}: open it once for writing (ceasefire run) to migrate"
            )

    def transaction(self) -> _Transaction:
        return _Transaction(self.con)

    # -- writing ----------------------------------------------------------------------

    def known(self, path: str, raw_sha256: str) -> str | None:
        """The stored status of this exact input (same path, same bytes), or None."""
        row = self.con.execute(
            "SELECT status FROM documents WHERE path = ? AND raw_sha256 = ?", [path, raw_sha256]
        ).fetchone()
        return str(row[0]) if row else None

    def write(self, items: Sequence[tuple[Record, R.Extra]],
              bands: Sequence[tuple[str, Sequence[int]]] = ()) -> None:
        """Upsert a batch of records (and their fingerprints) in one transaction.

        ``bands``: (path, band keys) of the batch's reports that later ones are checked
        against (see :meth:`band_candidates`)."""
        with self.transaction():
            self._replace([r.document.id for r, _ in items if r.status == "ok"],
                          [r.document.path for r, _ in items])
            tables = R.rows(items)
            seqs = self._insert("documents", R.COLUMNS["documents"],
                                tables.pop("documents", []), returning="path, seq")
            for table, rows in tables.items():
                self._insert(table, R.COLUMNS[table], rows)
            self._add_bands(dict(seqs), bands)

    def _replace(self, ok_ids: list[str], paths: list[str]) -> None:
        """Delete what a batch replaces: its paths' rows and its documents' items.

        A path is stored once: ``documents`` has no primary key (store version 6), so a
        batch that names one path twice is refused here, as the key refused it before."""
        if len(set(paths)) != len(paths):
            twice = sorted({p for p in paths if paths.count(p) > 1})
            raise StoreError(f"one batch names the input path {twice[0]!r} twice")
        for table in R.CHILD_TABLES:
            self._delete(table, ok_ids)
        self._delete_paths(paths)

    def _delete(self, table: str, ids: list[str]) -> None:
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            self.con.execute(f"DELETE FROM {table} WHERE doc_id IN ({marks})", chunk)

    def _delete_paths(self, paths: list[str]) -> None:
        for i in range(0, len(paths), _CHUNK):
            chunk = paths[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            self.con.execute(f"DELETE FROM documents WHERE path IN ({marks})", chunk)

    def _insert(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]],
                returning: str = "") -> list[tuple[Any, ...]]:
        """One statement a table: each column goes in as one list parameter, and ``unnest``
        turns the lists back into rows, in order. Binding a few lists is ~16x faster than
        binding every value of a multi-row VALUES list (measured on the rows of 200 real
        reports, 13,000 rows in 10 tables: 0.16 s against 2.6 s; equal table contents),
        which had been a tenth of a whole run's time. ``returning``: columns of the inserted
        rows to return (``RETURNING``), in no particular order."""
        if not rows:
            return []
        names = ",".join(f'"{c}"' for c in columns)
        values = ",".join("unnest(?)" for _ in columns)
        tail = f" RETURNING {returning}" if returning else ""
        cur = self.con.execute(f"INSERT INTO {table} ({names}) SELECT {values}{tail}",
                               [list(column) for column in zip(*rows, strict=True)])
        return cur.fetchall() if returning else []

    def start_run(self, args: dict[str, Any]) -> int:
        row = self.con.execute(
            "INSERT INTO runs (id, started_at, args) "
            "SELECT coalesce(max(id), 0) + 1, now(), ? FROM runs RETURNING id",
            [json.dumps(args)],
        ).fetchone()
        assert row is not None
        return int(row[0])

    def finish_run(self, run_id: int, counts: dict[str, int]) -> None:
        self.con.execute(
            "UPDATE runs SET finished_at = now(), counts = ? WHERE id = ?",
            [json.dumps(counts), run_id],
        )

    # -- reading ----------------------------------------------------------------------

    def fingerprints(self) -> Iterator[tuple[str, str, bytes]]:
        """(doc id, exact key, signature) of every processed document, oldest first."""
        cur = self.con.execute(
            "SELECT id, exact_key, signature FROM documents "
            "WHERE status = 'ok' ORDER BY seq"
        )
        while batch := cur.fetchmany(10_000):
            for doc_id, exact, signature in batch:
                yield str(doc_id), str(exact), bytes(signature)

    def add_read_indexes(self) -> None:
        """Index a copy that only readers use (the API's private snapshot) for lookups of
        one report: store version 6 keeps the run-written tables unindexed so the writer's
        memory stays flat, which makes a lookup by path, id or doc_id a scan of the store
        (~0.3 s at 100,000 reports against ~20 ms indexed). Never call it on the file a
        run writes: the indexes would come back into every writer session."""
        targets = [("documents", "path"), ("documents", "id")]
        targets += [(table, "doc_id") for table in R.CHILD_TABLES]
        for table, column in targets:
            self.con.execute(
                f"CREATE INDEX IF NOT EXISTS read_{table}_{column} ON {table} ({column})")

    def record(self, path: str) -> Record | None:
        """The record stored for the input at ``path``, rebuilt from the tables."""
        row = self._fetch_dicts("SELECT * FROM documents WHERE path = ?", [path])
        return self._record_of(row[0]) if row else None

    def _record_of(self, doc: dict[str, Any]) -> Record:
        children = {
            t: self._fetch_dicts(f"SELECT * FROM {t} WHERE doc_id = ? ORDER BY n", [doc["id"]])
            for t in R.CHILD_TABLES
        } if doc["status"] == "ok" else {}
        return R.record(doc, children)

    def paths(self) -> list[str]:
        rows = self.con.execute("SELECT path FROM documents ORDER BY seq").fetchall()
        return [str(r[0]) for r in rows]

    def records(self) -> Iterator[Record]:
        """Every stored record, oldest first, a page of documents at a time with their
        items read in one query per table: the tables have no index (store version 6), so
        a lookup by path or doc_id per record would make an export quadratic."""
        last = -1
        while page := self._fetch_dicts(
                "SELECT * FROM documents WHERE seq > ? ORDER BY seq LIMIT ?", [last, _PAGE]):
            items = self._items_of(sorted({d["id"] for d in page if d["status"] == "ok"}))
            for doc in page:
                yield R.record(doc, {t: items[t].get(doc["id"], []) for t in R.CHILD_TABLES}
                               if doc["status"] == "ok" else {})
            last = int(page[-1]["seq"])

    def _items_of(self, ids: list[str]) -> dict[str, dict[str, list[dict[str, Any]]]]:
        """table -> doc id -> rows in ``n`` order, for the documents ``ids``."""
        out: dict[str, dict[str, list[dict[str, Any]]]] = {t: {} for t in R.CHILD_TABLES}
        for table in R.CHILD_TABLES if ids else ():
            by_doc = out[table]
            for row in self._fetch_dicts(f"SELECT * FROM {table} WHERE doc_id IN "
                                         "(SELECT unnest(?)) ORDER BY doc_id, n", [ids]):
                by_doc.setdefault(row["doc_id"], []).append(row)
        return out

    def counts(self) -> dict[str, int]:
        rows = self.con.execute("SELECT status, count(*) FROM documents GROUP BY status").fetchall()
        return {str(s): int(n) for s, n in rows}

    def _fetch_dicts(self, sql: str, params: Iterable[Any]) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, list(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, map(_plain, row), strict=True)) for row in cur.fetchall()]

    # -- parallel engines: short writer sessions, duplicate memory, Parquet batches ----
    # (docs/concurrency.md: the writer holds the file only while it writes one batch)

    @classmethod
    def open_writer(cls, path: str | Path, *, wait_s: float = LOCK_WAIT_S,
                    memory_limit: str = WRITER_MEMORY) -> Store:
        """Open for writing, waiting with backoff while another process holds the file;
        DuckDB's memory is capped at ``memory_limit`` for the session."""
        delay, deadline = 0.02, time.monotonic() + wait_s
        while True:
            try:
                store = cls(path)
                # The writer's lookups scan whole columns (bands, keys, paths): without a
                # limit DuckDB keeps every block it read cached, and memory grows with the
                # store. See docs/performance.md "Scaling out" for how the figure was chosen.
                store.con.execute(f"SET memory_limit = '{memory_limit}'")
                return store
            except StoreError as exc:
                if "lock" not in str(exc).lower():
                    raise
                if time.monotonic() >= deadline:
                    raise StoreError(f"{path} stayed locked by another process for "
                                     f"{wait_s:.0f} s; is another ceasefire run writing it? "
                                     f"({exc.message})") from exc
            time.sleep(delay)
            delay = min(delay * 2, 1.0)

    def known_many(self, keys: Sequence[tuple[str, str]]) -> dict[str, str]:
        """path -> stored status, for the (path, raw_sha256) pairs stored with those bytes."""
        if not keys:
            return {}
        wanted = dict(keys)
        rows = self.con.execute(
            "SELECT path, raw_sha256, status FROM documents WHERE path IN (SELECT unnest(?))",
            [list(wanted)],
        ).fetchall()
        return {str(p): str(st) for p, sha, st in rows if wanted.get(str(p)) == sha}

    def exact_matches(self, keys: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
        """exact key -> [(doc id, path)] of the reports that later copies are checked
        against (those stored with a signature), oldest first."""
        # Two steps: a ``signature IS NOT NULL`` filter in the key scan read every stored
        # signature (512 bytes a report: +51 MB of memory and 58 ms at 100,000 reports,
        # against +10 MB and 30 ms now); the few key matches are checked alone.
        found = self.con.execute(
            "SELECT exact_key, id, path, seq FROM documents "
            "WHERE exact_key IN (SELECT unnest(?))", [list(set(keys))]
        ).fetchall() if keys else []
        signed = {int(seq) for (seq,) in self.con.execute(
            "SELECT seq FROM documents WHERE signature IS NOT NULL "
            "AND seq IN (SELECT unnest(?::BIGINT[]))", [sorted({int(r[3]) for r in found})]
        ).fetchall()} if found else set()
        rows = sorted((r for r in found if int(r[3]) in signed), key=lambda r: int(r[3]))
        out: dict[str, list[tuple[str, str]]] = {}
        for key, doc_id, path, _seq in rows:
            out.setdefault(str(key), []).append((str(doc_id), str(path)))
        return out

    def band_candidates(self, keys: Sequence[int]) -> list[tuple[int, int, str, str, bytes]]:
        """(band key, seq, doc id, path, signature) of stored reports sharing a band key.

        ``doc_bands`` has no index on purpose: a scan of its one BIGINT column is as fast
        as the ART index at 3.2 M rows (20 ms for 2,048 keys, measured) and keeps memory
        flat, where the index is held in memory and grows with the store."""
        if not keys:
            return []
        hits = self.con.execute(
            "SELECT key, seq FROM doc_bands WHERE key IN (SELECT unnest(?::BIGINT[]))",
            [list(set(keys))],
        ).fetchall()
        if not hits:
            return []
        docs = {int(seq): (str(i), str(p), bytes(sig)) for seq, i, p, sig in self.con.execute(
            "SELECT seq, id, path, signature FROM documents WHERE signature IS NOT NULL "
            "AND seq IN (SELECT unnest(?::BIGINT[]))", [sorted({int(s) for _, s in hits})]
        ).fetchall()}
        return [(int(key), int(seq), *docs[int(seq)]) for key, seq in hits if int(seq) in docs]

    def backfill_bands(self) -> None:
        """Fill ``doc_bands`` for documents stored before it existed (store version < 3)."""
        from ceasefire.dedup import Fingerprint

        row = self.con.execute("SELECT value FROM meta WHERE key = 'bands_backfill'").fetchone()
        if not row:
            return
        with self.transaction():
            stored = self.con.execute(
                "SELECT seq, signature FROM documents WHERE signature IS NOT NULL").fetchall()
            self._insert_bands([(int(seq), Fingerprint("", bytes(signature)).bands())
                                for seq, signature in stored])
            self.con.execute("DELETE FROM meta WHERE key = 'bands_backfill'")

    def _add_bands(self, seqs: dict[str, int],
                   bands: Sequence[tuple[str, Sequence[int]]]) -> None:
        """Band rows of a batch's reports; ``seqs``: path -> seq of the rows just inserted
        (``RETURNING``: looking them up again by path would scan ``documents``)."""
        self._insert_bands([(seqs[path], keys) for path, keys in bands])

    def _insert_bands(self, bands: Sequence[tuple[int, Sequence[int]]]) -> None:
        if not bands:
            return
        pairs = [(key, seq) for seq, keys in bands for key in keys]
        self.con.execute(
            "INSERT INTO doc_bands SELECT unnest(?::BIGINT[]), unnest(?::BIGINT[])",
            [[k for k, _ in pairs], [s for _, s in pairs]],
        )

    def copy_out(self, folder: Path) -> None:
        """Every table a batch fills, as ``<table>.parquet`` in ``folder`` (for a worker's
        in-memory store); files appear whole or not at all."""
        folder.mkdir(parents=True, exist_ok=True)
        for table, columns in R.COLUMNS.items():
            names = ",".join(f'"{c}"' for c in columns)
            part = folder / f"{table}.parquet.part"
            self.con.execute(f"COPY (SELECT {names} FROM {table} ORDER BY rowid) TO "
                             f"'{_sql_path(part)}' (FORMAT parquet)")
            part.replace(folder / f"{table}.parquet")

    def load_parquet(self, folder: Path, ok_ids: list[str], paths: list[str],
                     bands: Sequence[tuple[str, Sequence[int]]] = ()) -> None:
        """Upsert a batch that :meth:`copy_out` wrote, in one transaction, like :meth:`write`."""
        with self.transaction():
            self._replace(ok_ids, paths)
            seqs: dict[str, int] = {}
            for table, columns in R.COLUMNS.items():
                names = ",".join(f'"{c}"' for c in columns)
                source = _sql_path(folder / f"{table}.parquet")
                tail = " RETURNING path, seq" if table == "documents" else ""
                inserted = self.con.execute(
                    f"INSERT INTO {table} ({names}) SELECT {names} FROM read_parquet("
                    f"'{source}', file_row_number = true) ORDER BY file_row_number{tail}"
                ).fetchall()
                if tail:
                    seqs.update((str(p), int(s)) for p, s in inserted)
            self._add_bands(seqs, bands)

    # -- linking across reports (ceasefire.link): items to link, and their links --------

    def unlinked_docs(self) -> list[str]:
        """Ids of processed reports that linking has not seen yet, oldest first."""
        rows = self.con.execute(
            "SELECT id FROM documents WHERE status = 'ok' AND id NOT IN "
            "(SELECT doc_id FROM linked_docs) GROUP BY id ORDER BY min(seq)").fetchall()
        return [str(r[0]) for r in rows]

    def link_affiliations(self) -> dict[str, str]:
        """actor id -> the actor it belongs to, from the knowledge base's actors only (an
        inferred actor's affiliation could change with the reports stored)."""
        rows = self.con.execute(
            "SELECT actor_id, min(affiliation) FROM actors WHERE kb AND affiliation IS NOT NULL "
            "GROUP BY 1").fetchall()
        return {str(a): str(b) for a, b in rows}

    def link_event_rows(self, *, doc_ids: Sequence[str] = (), components: Sequence[str] = (),
                        types: Sequence[str] = (), since: str | None = None,
                        until: str | None = None) -> list[dict[str, Any]]:
        """Events of processed reports, with their report's date, their place's country and
        division, whether their sentence only states an aggregate figure, and the component
        they were linked in: those of ``doc_ids``, of ``components``, or of ``types`` dated
        in [since, until] and already linked."""
        params: list[Any]
        if doc_ids:
            where, params = "list_contains(?, e.doc_id)", [list(doc_ids)]
        elif components:
            where, params = "list_contains(?, m.component)", [list(components)]
        else:
            where = ("m.component IS NOT NULL AND list_contains(?, e.type) "
                     "AND e.date BETWEEN ?::DATE AND ?::DATE")
            params = [list(types), since, until]
        return self._fetch_dicts(_LINK_EVENTS + " WHERE " + where + " ORDER BY e.doc_id, e.n",
                                 params)

    def link_agreement_rows(self, *, doc_ids: Sequence[str] = (),
                            components: Sequence[str] = (), linked: bool = False
                            ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(agreement rows, their action rows) of processed reports: those of ``doc_ids``,
        of ``components``, or (``linked``) every agreement already linked."""
        params: list[Any]
        if doc_ids:
            where, params = "list_contains(?, g.doc_id)", [list(doc_ids)]
        elif components:
            where, params = "list_contains(?, m.component)", [list(components)]
        else:
            where, params = ("m.component IS NOT NULL" if linked else "false"), []
        rows = self._fetch_dicts(_LINK_AGREEMENTS + " WHERE " + where
                                 + " ORDER BY g.doc_id, g.n", params)
        docs = sorted({r["doc_id"] for r in rows})
        actions = self._fetch_dicts(
            "SELECT * FROM agreement_actions WHERE list_contains(?, doc_id) "
            "ORDER BY doc_id, agreement_n, n", [docs]) if docs else []
        return rows, actions

    def link_stale_components(self, table: str, doc_ids: Sequence[str]) -> list[str]:
        """Components already holding items of ``doc_ids`` (a report stored again)."""
        if table not in ("event_cluster_members", "linked_agreement_members") or not doc_ids:
            return []
        rows = self.con.execute(f"SELECT DISTINCT component FROM {table} "
                                "WHERE list_contains(?, doc_id)", [list(doc_ids)]).fetchall()
        return sorted(str(r[0]) for r in rows)

    def replace_links(self, kind: str, components: Sequence[str], doc_ids: Sequence[str],
                      rows: dict[str, list[tuple[Any, ...]]]) -> None:
        """Drop the ``kind`` ("events" or "agreements") links of ``components`` and of
        ``doc_ids``, then insert ``rows`` (table -> rows). Call inside a transaction."""
        tables = _LINK_TABLES[kind]
        for table in tables:
            self.con.execute(f"DELETE FROM {table} WHERE list_contains(?, component)",
                             [list(components)])
        self.con.execute(f"DELETE FROM {tables[1]} WHERE list_contains(?, doc_id)",
                         [list(doc_ids)])
        for table in tables:
            self._insert(table, _LINK_COLUMNS[table], rows.get(table, []))

    def mark_linked(self, doc_ids: Sequence[str]) -> None:
        self.con.execute("INSERT OR IGNORE INTO linked_docs SELECT unnest(?::VARCHAR[])",
                         [list(doc_ids)])

    def clear_links(self) -> None:
        """Forget every link (``ceasefire link --rebuild``)."""
        for table in (*_LINK_TABLES["events"], *_LINK_TABLES["agreements"], "linked_docs"):
            self.con.execute(f"DELETE FROM {table}")


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _plain(value: Any) -> Any:
    """DuckDB returns dates as ``date``; records carry ISO strings."""
    return value.isoformat() if isinstance(value, date) else value


# -- linking across reports -------------------------------------------------------------
_LINK_TABLES = {"events": ("event_clusters", "event_cluster_members"),
                "agreements": ("linked_agreements", "linked_agreement_members")}
_LINK_COLUMNS = {
    "event_clusters": ("cluster_id", "component", "type", "date", "end_date", "place_id",
                       "actors", "low", "best", "high", "n_sources"),
    "event_cluster_members": ("cluster_id", "component", "event_id", "doc_id", "n", "low",
                              "best", "high"),
    "linked_agreements": ("agreement_id", "component", "kind", "name", "parties", "mediators",
                          "venue", "status", "last_change", "n_sources"),
    "linked_agreement_members": ("agreement_id", "component", "member_id", "doc_id",
                                 "agreement_n"),
}
_LINK_DOCS = """
WITH docs AS (SELECT id, published FROM documents WHERE status = 'ok'
    QUALIFY row_number() OVER (PARTITION BY id ORDER BY seq) = 1)
"""
# An event "only states an aggregate" when its sentence holds a figure with a period ("since
# April") and the event has no figure of its own.
_LINK_EVENTS = _LINK_DOCS + """,
pl AS (SELECT doc_id, place_id, kind, country, admin1 FROM places
    QUALIFY row_number() OVER (PARTITION BY doc_id, place_id ORDER BY n) = 1)
SELECT e.doc_id, e.n, e.event_id, e.type, e.source, e.target, e.place_id, e.date, e.end_date,
    e.status, e.fatalities_low, e.fatalities_best, e.fatalities_high, d.published,
    e.place_basis,  -- linking: a place only the dateline gives is weak (link/events.py)
    pl.kind AS p_kind, pl.country AS p_country, pl.admin1 AS p_admin1,
    (e.fatalities_low IS NULL AND e.fatalities_best IS NULL AND e.fatalities_high IS NULL
     AND EXISTS (SELECT 1 FROM quantities q WHERE q.doc_id = e.doc_id
        AND q.period_text IS NOT NULL AND q.ev_start < e.ev_end AND e.ev_start < q.ev_end))
        AS aggregate,
    m.component
FROM events e JOIN docs d ON d.id = e.doc_id
LEFT JOIN pl ON pl.doc_id = e.doc_id AND pl.place_id = e.place_id
LEFT JOIN event_cluster_members m ON m.doc_id = e.doc_id AND m.n = e.n
"""
_LINK_AGREEMENTS = _LINK_DOCS + """
SELECT g.doc_id, g.n, g.agreement_id, g.kind, g.name, g.parties, g.mediators, g.venue,
    d.published, m.component
FROM agreements g JOIN docs d ON d.id = g.doc_id
LEFT JOIN linked_agreement_members m ON m.doc_id = g.doc_id AND m.agreement_n = g.n
"""


class _Transaction:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def __enter__(self) -> None:
        self.con.execute("BEGIN TRANSACTION")

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.con.execute("ROLLBACK" if exc_type else "COMMIT")


__all__ = ["SCHEMA_VERSION", "Store"]
