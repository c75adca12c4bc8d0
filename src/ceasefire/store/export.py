"""Exports of a store: CSV or Parquet per table (by DuckDB's COPY), or JSON records."""

from __future__ import annotations

import json
from pathlib import Path

from ceasefire.errors import UsageError
from ceasefire.schema import to_dict
from ceasefire.store.duckdb import Store
from ceasefire.store.rows import CHILD_TABLES

FORMATS = ("csv", "parquet", "json")
# The fingerprint columns are internal; exports show what a user can read.
_DOCUMENT_COLUMNS = (
    "path, id, status, reason_code, reason_message, duplicate_of, source, url, title, "
    "published, language, n_chars, text, model, run_id"
)


def export(store: Store, fmt: str, out: Path) -> list[Path]:
    """Write the store under ``out`` (a folder for csv/parquet, a file for json)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "json":
        return [_export_json(store, out)]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in ("documents", *CHILD_TABLES):
        target = out / f"{table}.{fmt}"
        columns = _DOCUMENT_COLUMNS if table == "documents" else "*"
        options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
        # COPY cannot take the target as a parameter; the path is quoted, not user SQL.
        quoted = str(target).replace("'", "''")
        store.con.execute(f"COPY (SELECT {columns} FROM {table}) TO '{quoted}' ({options})")
        written.append(target)
    return written


def _export_json(store: Store, out: Path) -> Path:
    """JSON Lines, one SCHEMA.md record per input (the shape ``ceasefire extract`` prints)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for record in store.records():
            fh.write(json.dumps(to_dict(record), ensure_ascii=False) + "\n")
    return out
