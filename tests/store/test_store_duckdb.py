from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from ceasefire.errors import StoreError
from ceasefire.schema import Actor, DocumentMeta, Reason, Record, Span
from ceasefire.store.duckdb import Store
from ceasefire.store.export import export
from ceasefire.store.migrations import MIGRATIONS
from ceasefire.store.rows import CHILD_TABLES, Extra


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


def _all_rows(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[object, ...]]]:
    tables = [t for (t,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE table_name <> 'meta' ORDER BY 1"
    ).fetchall()]
    return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}


def test_a_version_5_store_upgrades_to_the_same_rows_without_document_indexes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "v5.duckdb"
    monkeypatch.setattr("ceasefire.store.duckdb.MIGRATIONS", MIGRATIONS[:5])
    with Store(db) as store:
        for i in range(3):  # a replaced path leaves a gap in seq that must survive
            store.write([(_ok("a.txt", f"a{i}", f"text {i}"), Extra(f"r{i}", f"k{i}", b"s"))],
                        [("a.txt", [10 + i, 20 + i])])
        store.write([(_ok("b.txt", "b", "other text"), Extra("rb", "kb", b"t"))],
                    [("b.txt", [30])])
        assert store.version() == 5
        before = _all_rows(store.con)
        indexes = store.con.execute(
            "SELECT count(*) FROM duckdb_indexes() WHERE table_name = 'documents'").fetchone()
        keys = store.con.execute("SELECT count(*) FROM duckdb_constraints() "
                                 "WHERE table_name = 'documents' AND constraint_type = "
                                 "'PRIMARY KEY'").fetchone()
        assert indexes == (1,) and keys == (1,)
    monkeypatch.undo()
    with Store(db) as store:
        assert store.version() == len(MIGRATIONS) == 6
        assert _all_rows(store.con) == before
        written = ["documents", *CHILD_TABLES]
        assert store.con.execute("SELECT count(*) FROM duckdb_indexes() WHERE "
                                 "list_contains(?, table_name)", [written]).fetchone() == (0,)
        assert [c[1] for c in store.band_candidates([12, 30])] == [3, 4]
        store.write([(_ok("c.txt", "c", "third text"), Extra("rc"))])
        assert store.con.execute(
            "SELECT seq FROM documents WHERE path = 'c.txt'").fetchone() == (5,)
        record = store.record("a.txt")
        assert record is not None and record.document.id == "a2"


def test_a_batch_naming_one_path_twice_is_refused(tmp_path: Path) -> None:
    batch = [(_ok("a.txt", "1"), Extra("r1")), (_ok("a.txt", "2", "other"), Extra("r2"))]
    with Store(tmp_path / "a.duckdb") as store:
        with pytest.raises(StoreError, match=r"'a\.txt' twice"):
            store.write(batch)
        assert store.counts() == {}


def test_records_come_oldest_first_across_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ceasefire.store.duckdb._PAGE", 2)
    with Store(tmp_path / "a.duckdb") as store:
        for i in (5, 3, 4, 1, 2):
            store.write([(_ok(f"{i}.txt", str(i), f"text {i}"), Extra("r"))])
        store.write([(_ok("3.txt", "3b", "text 3 again"), Extra("r2"))])
        rejected = Record(DocumentMeta("raw", f"bad{i}.bin"), status="rejected",
                          reason=Reason("E_BINARY", "binary file"))
        store.write([(rejected, Extra("raw"))])
        store.write([(replace(rejected, document=replace(rejected.document, path="bad.bin")),
                      Extra("raw"))])
        records = list(store.records())
        assert records == [store.record(r.document.path) for r in records]
    assert [r.document.path for r in records] == ["5.txt", "4.txt", "1.txt", "2.txt", "3.txt",
                                                  "bad2.bin", "bad.bin"]
    assert [r.document.id for r in records][4] == "3b"
    assert [len(r.actors) for r in records] == [1, 1, 1, 1, 1, 0, 0]


def test_chunk_sessions_of_the_run_writer_get_the_smaller_cap(tmp_path: Path) -> None:
    from ceasefire.config import Config
    from ceasefire.parallel.writer import Writer
    from ceasefire.store.duckdb import CHUNK_MEMORY, WRITER_MEMORY

    db = tmp_path / "a.duckdb"
    limit = "SELECT current_setting('memory_limit')"
    with Writer(db, Config(), 8).session() as store:
        chunk = store.con.execute(limit).fetchone()
    with Store.open_writer(db) as store:
        other = store.con.execute(limit).fetchone()
    with duckdb.connect() as con:
        expected = [con.execute(f"SET memory_limit = '{m}'").execute(limit).fetchone()
                    for m in (CHUNK_MEMORY, WRITER_MEMORY)]
    assert [chunk, other] == expected
    assert expected[0] != expected[1]
