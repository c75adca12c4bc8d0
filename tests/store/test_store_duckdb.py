from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from ceasefire.errors import StoreError
from ceasefire.schema import Actor, DocumentMeta, Reason, Record, Span
from ceasefire.store.duckdb import Store
from ceasefire.store.export import export
from ceasefire.store.migrations import MIGRATIONS
from ceasefire.store.rows import Extra


def _ok(path: str, doc_id: str, text: str = "Haftar left Moscow.") -> Record:
    actor = Actor("act:haftar", "Khalifa Haftar", "LBY", "MIL", True, (Span(0, 6, "Haftar"),))
    return Record(DocumentMeta(doc_id, path, published="2020-01-14", n_chars=len(text)),
                  text=text, actors=(actor,))


def test_new_file_is_at_latest_version(tmp_path: Path) -> None:
    with Store(tmp_path / "a.duckdb") as store:
        assert store.version() == len(MIGRATIONS)


def test_reopening_does_not_migrate_again(tmp_path: Path) -> None:
    db = tmp_path / "a.duckdb"
    with Store(db) as store:
        store.write([(_ok("a.txt", "1"), Extra("r1"))])
    with Store(db) as store:
        assert store.counts() == {"ok": 1}
        assert store.version() == len(MIGRATIONS)


def test_newer_file_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "a.duckdb"
    Store(db).close()
    con = duckdb.connect(str(db))
    con.execute("UPDATE meta SET value = '999' WHERE key = 'store_version'")
    con.close()
    with pytest.raises(StoreError, match="upgrade ceasefire"):
        Store(db)


def test_read_only_refuses_unmigrated_file(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    duckdb.connect(str(db)).close()
    with pytest.raises(StoreError, match="migrate"):
        Store(db, read_only=True)


def test_writes_are_idempotent_and_findable_by_path(tmp_path: Path) -> None:
    rejected = Record(DocumentMeta("raw", "bad.bin"), status="rejected",
                      reason=Reason("E_BINARY", "binary file"))
    batch = [(_ok("a.txt", "1"), Extra("r1")), (rejected, Extra("raw"))]
    with Store(tmp_path / "a.duckdb") as store:
        store.write(batch)
        store.write(batch)
        assert store.counts() == {"ok": 1, "rejected": 1}
        assert store.con.execute("SELECT count(*) FROM actors").fetchone() == (1,)
        assert store.known("a.txt", "r1") == "ok"
        assert store.known("a.txt", "other bytes") is None
        bad = store.record("bad.bin")
        assert bad is not None and bad.reason == rejected.reason


def test_fingerprints_come_oldest_first(tmp_path: Path) -> None:
    with Store(tmp_path / "a.duckdb") as store:
        for i in (3, 1, 2):
            store.write([(_ok(f"{i}.txt", str(i), f"text {i}"), Extra("r", f"k{i}", b"s"))])
        assert [doc_id for doc_id, _, _ in store.fingerprints()] == ["3", "1", "2"]


def test_export_csv_parquet_json(tmp_path: Path) -> None:
    db = tmp_path / "a.duckdb"
    with Store(db) as store:
        store.write([(_ok("a.txt", "1"), Extra("r1", "k", b"sig"))])
        files = export(store, "csv", tmp_path / "csv")
        export(store, "parquet", tmp_path / "pq")
        (jsonl,) = export(store, "json", tmp_path / "out.jsonl")
    with (tmp_path / "csv" / "actors.csv").open() as fh:
        assert next(csv.DictReader(fh))["actor_id"] == "act:haftar"
    with (tmp_path / "csv" / "documents.csv").open() as fh:
        assert "signature" not in next(csv.DictReader(fh))
    assert len(files) == 10  # documents + nine child tables
    parquet = tmp_path / "pq" / "mentions.parquet"
    pq = duckdb.connect().execute(f"SELECT count(*) FROM '{parquet}'").fetchone()
    assert pq == (1,)
    record = json.loads(jsonl.read_text().splitlines()[0])
    assert record["actors"][0]["mentions"][0] == {"start": 0, "end": 6, "text": "Haftar"}
