"""The DuckDB store: one writer, versioned schema with migrations, idempotent upserts.

Every input is a row of ``documents`` keyed by its path, whatever became of it (processed,
duplicate, rejected), so nothing is lost and anything can be found by path. Extracted items
live in one table each, keyed by document id, so analysts can query them with plain SQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from ceasefire.errors import StoreError
from ceasefire.schema import SCHEMA_VERSION, Record
from ceasefire.store import rows as R
from ceasefire.store.migrations import MIGRATIONS

# DuckDB prepares one statement per call; 500 rows a statement keeps the parameter list
# small while inserting ~15x faster than executemany (measured: 5,000 rows 0.26 s vs 3.9 s).
_CHUNK = 500


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

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema -----------------------------------------------------------------------

    def version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
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

    def write(self, items: Sequence[tuple[Record, R.Extra]]) -> None:
        """Upsert a batch of records (and their fingerprints) in one transaction."""
        with self.transaction():
            ids = [r.document.id for r, _ in items if r.status == "ok"]
            for table in R.CHILD_TABLES:
                self._delete(table, ids)
            self._delete_paths([r.document.path for r, _ in items])
            for table, rows in R.rows(items).items():
                self._insert(table, R.COLUMNS[table], rows)

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

    def _insert(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        one = "(" + ",".join("?" * len(columns)) + ")"
        names = ",".join(f'"{c}"' for c in columns)
        for i in range(0, len(rows), _CHUNK):
            chunk = rows[i : i + _CHUNK]
            params = [value for row in chunk for value in row]
            values = ",".join([one] * len(chunk))
            self.con.execute(f"INSERT INTO {table} ({names}) VALUES {values}", params)

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

    def record(self, path: str) -> Record | None:
        """The record stored for the input at ``path``, rebuilt from the tables."""
        row = self._fetch_dicts("SELECT * FROM documents WHERE path = ?", [path])
        if not row:
            return None
        doc = row[0]
        children = {
            t: self._fetch_dicts(f"SELECT * FROM {t} WHERE doc_id = ? ORDER BY n", [doc["id"]])
            for t in R.CHILD_TABLES
        } if doc["status"] == "ok" else {}
        return R.record(doc, children)

    def paths(self) -> list[str]:
        rows = self.con.execute("SELECT path FROM documents ORDER BY seq").fetchall()
        return [str(r[0]) for r in rows]

    def records(self) -> Iterator[Record]:
        for path in self.paths():
            rec = self.record(path)
            if rec is not None:
                yield rec

    def counts(self) -> dict[str, int]:
        rows = self.con.execute("SELECT status, count(*) FROM documents GROUP BY status").fetchall()
        return {str(s): int(n) for s, n in rows}

    def _fetch_dicts(self, sql: str, params: Iterable[Any]) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, list(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, map(_plain, row), strict=True)) for row in cur.fetchall()]


def _plain(value: Any) -> Any:
    """DuckDB returns dates as ``date``; records carry ISO strings."""
    return value.isoformat() if isinstance(value, date) else value


class _Transaction:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def __enter__(self) -> None:
        self.con.execute("BEGIN TRANSACTION")

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.con.execute("ROLLBACK" if exc_type else "COMMIT")


__all__ = ["SCHEMA_VERSION", "Store"]
