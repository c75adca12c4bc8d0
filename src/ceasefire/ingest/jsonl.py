"""JSON Lines corpora (.jsonl, .ndjson, and standard input that looks like them).

One object per line; a line that is not an object rejects that line only (E_BAD_JSON), and the
path of each record is ``file#<line number>`` (1-based, blank lines counted but not reported).
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterable, Iterator

from ceasefire.config import IngestConfig
from ceasefire.errors import E_BAD_JSON, E_DECODE, E_TOO_LARGE, InputError
from ceasefire.ingest.lines import Line
from ceasefire.ingest.records import from_record, rejected
from ceasefire.schema import Input


def iter_jsonl(lines: Iterable[Line], name: str, config: IngestConfig) -> Iterator[Input]:
    for line in lines:
        item = _line_input(line, name, config)
        if item is not None:
            yield item


def looks_like_jsonl(line: bytes) -> bool:
    """Whether a first line is one JSON object on its own (how standard input is sniffed)."""
    try:
        return isinstance(parse_object(line.strip()), dict)
    except InputError:
        return False


def _line_input(line: Line, name: str, config: IngestConfig) -> Input | None:
    path = f"{name}#{line.number}"
    if line.data is None:
        message = f"line longer than the {config.max_bytes}-byte limit"
        return rejected(path, line.sha256, E_TOO_LARGE, message)
    content = line.data.strip()
    if not content:
        return None  # a blank line holds no record
    try:
        record = parse_object(content)
    except InputError as err:
        return rejected(path, line.sha256, err.code, err.message)
    return from_record(record, path, line.sha256, config.fields)


def parse_object(content: bytes) -> dict[str, object]:
    """One JSON object from UTF-8 bytes (a leading byte-order mark is allowed)."""
    if content.startswith(codecs.BOM_UTF8):
        content = content[len(codecs.BOM_UTF8) :]
    try:
        value = json.loads(content.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise InputError(E_DECODE, f"JSON Lines must be UTF-8: {err.reason}") from err
    except json.JSONDecodeError as err:
        raise InputError(E_BAD_JSON, f"not valid JSON: {err.msg} (column {err.colno})") from err
    if not isinstance(value, dict):
        raise InputError(E_BAD_JSON, f"a JSON {json_kind(value)}, not an object")
    return value


def json_kind(value: object) -> str:
    kinds = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return kinds.get(type(value), "number")
