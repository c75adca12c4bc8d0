"""CSV and TSV corpora: a header row, then one report per row.

Rows are ``file#<row>`` counted as a spreadsheet shows them: the header is row 1, so the first
report is row 2 (a quoted field spanning several lines is still one row). A file whose header
has no text column is rejected once, as a whole (E_NO_TEXT_FIELD). Column names match the
configured field names case-insensitively.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from itertools import chain

from ceasefire.config import CorpusFields, IngestConfig
from ceasefire.errors import (
    E_BAD_CSV,
    E_DECODE,
    E_EMPTY,
    E_NO_TEXT_FIELD,
    E_TOO_LARGE,
    InputError,
)
from ceasefire.ingest.lines import Line, LineSource, iter_lines, without_eol
from ceasefire.ingest.records import from_record, rejected
from ceasefire.schema import Input

_DELIMITERS = (",", ";", "\t", "|")


class _Feed:
    """Decoded lines for ``csv.reader``, remembering which lines the current row took."""

    def __init__(self, lines: Iterator[Line], codec: str) -> None:
        self._lines = lines
        self._codec = codec
        self._taken: list[Line] = []
        self._problem: str | None = None

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self._taken.append(line)
        if line.data is None:
            self._problem = E_TOO_LARGE
            return "\n"
        try:
            return line.data.decode(self._codec)
        except UnicodeDecodeError:
            self._problem = self._problem or E_DECODE
            return line.data.decode(self._codec, "replace")

    def row_done(self) -> tuple[str, str | None]:
        """SHA-256 of the row's bytes and the problem met while reading it, then reset."""
        digest = hashlib.sha256()
        for index, line in enumerate(self._taken):
            last = index == len(self._taken) - 1
            data = line.data or line.sha256.encode("ascii")  # oversized: its hash stands in
            digest.update(without_eol(data) if last else data)
        problem, self._taken, self._problem = self._problem, [], None
        return digest.hexdigest(), problem


def iter_delimited(
    source: LineSource, name: str, config: IngestConfig, codec: str, delimiter: str | None
) -> Iterator[Input]:
    """Rows of a CSV (``delimiter`` None: sniffed from the header) or TSV stream.

    Raises ``InputError`` for the file as a whole (no header, no text column) before any row.
    """
    # The csv module caps fields at 128 KiB process-wide; a report may be as long as max_bytes.
    csv.field_size_limit(max(csv.field_size_limit(), config.max_bytes))
    lines = iter_lines(source, config.max_bytes, codec)
    first = next(lines, None)
    if first is None:
        raise InputError(E_EMPTY, "no header row")
    if first.data is None:
        raise InputError(E_TOO_LARGE, f"the header row is over the {config.max_bytes}-byte limit")
    line_codec = "utf-8-sig" if codec.startswith("utf") else codec
    feed = _Feed(chain([first], lines), line_codec)
    header_text = first.data.decode(line_codec, "replace")
    reader = csv.reader(feed, delimiter=delimiter or _sniff_delimiter(header_text))
    columns = _columns(next(reader, []), config.fields)
    feed.row_done()
    yield from _rows(reader, feed, name, config, columns)


def _sniff_delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _columns(header: list[str], fields: CorpusFields) -> dict[str, int]:
    """Configured field name -> column index; raises E_NO_TEXT_FIELD without a text column."""
    if not any(cell.strip() for cell in header):
        raise InputError(E_EMPTY, "the first row (the header) is empty")
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        positions.setdefault(cell.strip().lstrip("\ufeff").lower(), index)
    wanted = (fields.text, fields.title, fields.url, fields.published, fields.source)
    columns = {f: positions[f.lower()] for f in wanted if f.lower() in positions}
    if fields.text not in columns:
        shown = ", ".join(repr(c) for c in header[:12])
        raise InputError(E_NO_TEXT_FIELD, f"no {fields.text!r} column in the header ({shown})")
    return columns


def _rows(
    reader: Iterator[list[str]],
    feed: _Feed,
    name: str,
    config: IngestConfig,
    columns: dict[str, int],
) -> Iterator[Input]:
    row_number = 1  # the header
    while True:
        row_number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            sha, _ = feed.row_done()
            code = E_TOO_LARGE if "field larger" in str(err) else E_BAD_CSV
            yield rejected(f"{name}#{row_number}", sha, code, f"CSV row unreadable: {err}")
            continue
        item = _row_input(row, feed, f"{name}#{row_number}", config, columns)
        if item is not None:
            yield item


def _row_input(
    row: list[str], feed: _Feed, path: str, config: IngestConfig, columns: dict[str, int]
) -> Input | None:
    sha, problem = feed.row_done()
    if problem == E_TOO_LARGE:
        return rejected(path, sha, problem, f"row longer than the {config.max_bytes}-byte limit")
    if problem == E_DECODE:
        return rejected(path, sha, problem, "row bytes do not decode in the file's encoding")
    if not any(cell.strip() for cell in row):
        return None  # a blank row holds no report
    record = {field: row[index] for field, index in columns.items() if index < len(row)}
    return from_record(record, path, sha, config.fields)
