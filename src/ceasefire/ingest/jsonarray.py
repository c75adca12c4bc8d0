"""JSON documents (.json): one object (one report) or an array of objects (a corpus).

An array is read item by item from a growing buffer, so a large export is never held whole:
memory stays within about one item plus one read chunk. Items are ``file#<n>`` (1-based).
A non-object item rejects that item only; broken JSON rejects the item where it breaks and
ends the file, since there is no sure way to find where the next item starts.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import BinaryIO

from ceasefire.config import IngestConfig
from ceasefire.errors import E_BAD_JSON, E_DECODE, E_TOO_LARGE, InputError
from ceasefire.ingest.decode import sha256_hex
from ceasefire.ingest.jsonl import json_kind
from ceasefire.ingest.records import from_record, rejected
from ceasefire.schema import Input

_CHUNK = 1 << 16
_DECODER = json.JSONDecoder()


class _Scanner:
    """A window over the decoded file: consumed text is dropped as the window moves on."""

    def __init__(self, stream: BinaryIO, limit: int) -> None:
        self._chunks = _decoded_chunks(stream)
        self._limit = limit
        self._buf = ""
        self._pos = 0
        self._eof = False

    def peek(self) -> str | None:
        """The next non-whitespace character (not consumed), None at the end of the file."""
        while True:
            stripped = len(self._buf) - len(self._buf[self._pos :].lstrip())
            self._pos = stripped
            if self._pos < len(self._buf):
                return self._buf[self._pos]
            if not self._more(_CHUNK):
                return None

    def take(self) -> None:
        self._pos += 1

    def value(self) -> tuple[object, str]:
        """The next JSON value and its source text; raises E_BAD_JSON / E_TOO_LARGE."""
        while True:
            try:
                value, end = _DECODER.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError as err:
                if not self._grow():
                    raise InputError(E_BAD_JSON, f"not valid JSON: {err.msg}") from err
                continue
            # A number (or literal) cut at the end of the window may go on in the next chunk.
            cut = end == len(self._buf) and not isinstance(value, dict | list)
            if cut and self._grow():
                continue
            source, self._pos = self._buf[self._pos : end], end
            return value, source

    def pending_sha(self) -> str:
        return sha256_hex(self._buf[self._pos : self._pos + self._limit].encode("utf-8"))

    def _grow(self) -> bool:
        """Read more for an unfinished item; False at the end of the file."""
        pending = len(self._buf) - self._pos
        if pending > self._limit:
            raise InputError(E_TOO_LARGE, f"an item is not complete within {self._limit} bytes")
        # Read at least as much again as is pending, so retries on one big item stay linear.
        return not self._eof and self._more(max(_CHUNK, pending))

    def _more(self, want: int) -> bool:
        self._buf, self._pos = self._buf[self._pos :], 0
        got = 0
        for chunk in self._chunks:
            self._buf += chunk
            got += len(chunk)
            if got >= want:
                return True
        self._eof = True
        return got > 0


def _decoded_chunks(stream: BinaryIO) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    while chunk := stream.read(_CHUNK):
        text = decoder.decode(chunk)
        if text:
            yield text
    yield decoder.decode(b"", final=True)


def iter_json(stream: BinaryIO, name: str, config: IngestConfig) -> Iterator[Input]:
    scanner = _Scanner(stream, config.max_bytes)
    index = 0  # the item being read; 0 while outside an array
    try:
        if scanner.peek() != "[":
            yield _item(scanner, name, config)
            _expect_end(scanner)
            return
        scanner.take()
        index = 1
        while (following := scanner.peek()) != "]":
            if following is None:
                raise InputError(E_BAD_JSON, "the array ends without ']'")
            yield _item(scanner, f"{name}#{index}", config)
            index += 1
            _separator(scanner, index)
        scanner.take()
        _expect_end(scanner)
    except InputError as err:
        where = f"{name}#{index}" if index else name
        yield rejected(where, scanner.pending_sha(), err.code, err.message)
    except UnicodeDecodeError as err:
        yield rejected(name, scanner.pending_sha(), E_DECODE, f"JSON must be UTF-8: {err.reason}")


def _item(scanner: _Scanner, path: str, config: IngestConfig) -> Input:
    value, source = scanner.value()
    sha = sha256_hex(source.encode("utf-8"))
    if not isinstance(value, dict):
        return rejected(path, sha, E_BAD_JSON, f"a JSON {json_kind(value)}, not an object")
    return from_record(value, path, sha, config.fields)


def _separator(scanner: _Scanner, index: int) -> None:
    """The comma before item ``index``, or the closing bracket."""
    following = scanner.peek()
    if following == ",":
        scanner.take()
        if scanner.peek() == "]":
            raise InputError(E_BAD_JSON, f"a comma after item {index - 1} but no item")
    elif following != "]":
        raise InputError(E_BAD_JSON, f"expected ',' or ']' before item {index}")


def _expect_end(scanner: _Scanner) -> None:
    if scanner.peek() is not None:
        raise InputError(E_BAD_JSON, "more text after the JSON value")
