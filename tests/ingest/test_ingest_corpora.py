"""Corpora: JSON Lines, JSON arrays, CSV and TSV, one Input per record."""

from __future__ import annotations

import codecs
import hashlib
import json
from pathlib import Path

from ceasefire.config import CorpusFields, IngestConfig
from ceasefire.errors import (
    E_BAD_JSON,
    E_BINARY,
    E_DECODE,
    E_EMPTY,
    E_NO_TEXT_FIELD,
    E_TOO_LARGE,
)
from ceasefire.ingest import iter_inputs
from ceasefire.schema import Input

REPORT_A = "Shelling resumed near the river crossing late on Friday, witnesses said."
REPORT_B = "The mediators proposed a second round of talks in the spring."


def _read(path: Path, config: IngestConfig | None = None) -> list[Input]:
    return list(iter_inputs([str(path)], config or IngestConfig()))


def _codes(items: list[Input]) -> list[str | None]:
    return [item.rejection.code if item.rejection else None for item in items]


def test_jsonl_bad_line_rejects_that_line_only(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": REPORT_A, "title": "Crossing shelled", "published": "5 March 2021"}),
        '{"text": "unterminated',
        "",
        json.dumps({"body": REPORT_B}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": None}),
        json.dumps({"text": "   "}),
        json.dumps({"text": REPORT_B, "url": "https://example.org/b", "source": "Wire"}),
    ]
    path = tmp_path / "reports.jsonl"
    path.write_text("\r\n".join(lines) + "\n", encoding="utf-8")
    items = _read(path)
    assert [i.path for i in items] == [f"{path}#{n}" for n in (1, 2, 4, 5, 6, 7, 8)]
    assert _codes(items) == [
        None,
        E_BAD_JSON,
        E_NO_TEXT_FIELD,
        E_BAD_JSON,
        E_NO_TEXT_FIELD,
        E_EMPTY,
        None,
    ]
    first, last = items[0], items[-1]
    assert (first.text, first.title, first.published) == (
        REPORT_A,
        "Crossing shelled",
        "2021-03-05",
    )
    assert (last.url, last.source) == ("https://example.org/b", "Wire")
    assert first.raw_sha256 == hashlib.sha256(lines[0].encode()).hexdigest()
    assert all(i.text is None for i in items if i.rejection)


def test_jsonl_custom_field_names_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "corpus.ndjson"
    record = {"body": REPORT_A, "headline": "Crossing", "date": "2019-07-01"}
    path.write_bytes(codecs.BOM_UTF8 + json.dumps(record).encode() + b"\n")
    fields = CorpusFields(text="body", title="headline", published="date")
    (item,) = _read(path, IngestConfig(fields=fields))
    assert (item.text, item.title, item.published) == (REPORT_A, "Crossing", "2019-07-01")


def test_jsonl_line_over_the_limit_is_skipped_not_held(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    big = json.dumps({"text": "word " * 400})
    lines = [json.dumps({"text": REPORT_A}), big, json.dumps({"text": REPORT_B})]
    path.write_text("\n".join(lines))
    items = _read(path, IngestConfig(max_bytes=500))
    assert _codes(items) == [None, E_TOO_LARGE, None]
    assert items[1].raw_sha256 == hashlib.sha256(big.encode()).hexdigest()


def test_jsonl_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "wide.jsonl"
    body = json.dumps({"text": "Genève talks “stalled”."}, ensure_ascii=False) + "\n"
    path.write_bytes(codecs.BOM_UTF16_LE + (body * 2).encode("utf-16-le"))
    items = _read(path)
    assert [i.text for i in items] == ["Genève talks “stalled”."] * 2


def test_jsonl_non_utf8_line_is_a_decode_error(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = json.dumps({"text": REPORT_A}).encode()
    bad = '{"text": "Caf\u00e9 “talks”"}'.encode("cp1252")
    path.write_bytes(good + b"\n" + bad + b"\n")
    assert _codes(_read(path)) == [None, E_DECODE]


def test_binary_and_empty_corpora_are_rejected_once(tmp_path: Path) -> None:
    binary = tmp_path / "dump.jsonl"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\n  \n")
    assert _codes(_read(binary)) == [E_BINARY]
    assert _codes(_read(empty)) == [E_EMPTY]


def test_json_array_items_and_single_object(tmp_path: Path) -> None:
    array = tmp_path / "export.json"
    long_text = "The convoy waited at the checkpoint. " * 5000  # past one 64 KiB read
    array.write_text(
        json.dumps([{"text": REPORT_A}, 7, {"text": long_text}, {"title": "x"}], indent=2)
    )
    items = _read(array)
    assert [i.path for i in items] == [f"{array}#{n}" for n in (1, 2, 3, 4)]
    assert _codes(items) == [None, E_BAD_JSON, None, E_NO_TEXT_FIELD]
    assert items[2].text == long_text.strip()
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"text": REPORT_B, "title": "Talks"}))
    (item,) = _read(single)
    assert (item.path, item.text, item.title) == (str(single), REPORT_B, "Talks")


def test_json_array_broken_midway_keeps_the_items_before(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    first, second = json.dumps({"text": REPORT_A}), json.dumps({"text": REPORT_B})
    path.write_text(f'[{first}, {second} {{"text": "lost"}}]')  # no comma before item 3
    items = _read(path)
    assert _codes(items) == [None, None, E_BAD_JSON]
    assert items[2].path == f"{path}#3"
    path.write_text(f'[{first}, {{"text": ')
    assert _codes(_read(path)) == [None, E_BAD_JSON]


def test_csv_rows_quoting_and_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "reports.csv"
    multi = "First paragraph of the report.\nSecond paragraph, with a comma."
    path.write_text(
        "Title,TEXT,published,url\r\n"
        f'Crossing,"{REPORT_A}",2021-03-05,https://example.org/a\r\n'
        f'Talks,"{multi}",14 January 2020,\r\n'
        ",,,\r\n"
        "Empty,,2021-01-01,\r\n"
        f'Short row,"{REPORT_B}"\r\n',
        encoding="utf-8",
    )
    items = _read(path)
    assert [i.path for i in items] == [f"{path}#{n}" for n in (2, 3, 5, 6)]
    assert _codes(items) == [None, None, E_EMPTY, None]
    assert (items[0].title, items[0].published, items[0].url) == (
        "Crossing",
        "2021-03-05",
        "https://example.org/a",
    )
    assert items[1].text == multi
    assert items[1].published == "2020-01-14"
    assert items[3].published is None
    row = f'Crossing,"{REPORT_A}",2021-03-05,https://example.org/a'
    assert items[0].raw_sha256 == hashlib.sha256(row.encode()).hexdigest()


def test_csv_without_text_column_is_rejected_once(tmp_path: Path) -> None:
    path = tmp_path / "no_text.csv"
    path.write_text("title,body\nOne,Something happened.\nTwo,Something else.\n")
    items = _read(path)
    assert _codes(items) == [E_NO_TEXT_FIELD]
    assert items[0].path == str(path)
    assert items[0].raw_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_semicolon_csv_tsv_and_cp1252(tmp_path: Path) -> None:
    semicolon = tmp_path / "excel.csv"
    semicolon.write_bytes(f"text;title\n“{REPORT_A}”;Crossing\u2019s end\n".encode("cp1252"))
    (item,) = _read(semicolon)
    assert (item.text, item.title) == (f"“{REPORT_A}”", "Crossing\u2019s end")
    tsv = tmp_path / "sheet.tsv"
    tsv.write_text(f"source\ttext\nWire\t{REPORT_B}\n", encoding="utf-8")
    (item,) = _read(tsv)
    assert (item.text, item.source, item.path) == (REPORT_B, "Wire", f"{tsv}#2")


def test_csv_huge_field_within_limit_and_oversize_row(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    long_text = "The siege entered its ninth week. " * 6000  # ~200 KB, over csv's default
    path.write_text(f'text\n"{long_text}"\n"{REPORT_A}"\n')
    items = _read(path)
    assert _codes(items) == [None, None]
    assert items[0].text == long_text.strip()
    small = IngestConfig(max_bytes=1000)
    assert _codes(_read(path, small)) == [E_TOO_LARGE, None]
