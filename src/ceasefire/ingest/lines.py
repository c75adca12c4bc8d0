"""Physical lines of a corpus, read lazily with a cap on each line's size.

Corpora (JSON Lines, CSV) can be far larger than memory, so they are read one line at a time;
a single line over the size limit is skipped in chunks, never held whole.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, Protocol, cast

_DRAIN_CHUNK = 1 << 20


class LineSource(Protocol):
    """Anything with a binary ``readline`` (files, standard input, a replayed prefix)."""

    def readline(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True, slots=True)
class Line:
    """One physical line: ``data`` keeps its end-of-line bytes, None when over the limit."""

    number: int  # 1-based
    data: bytes | None
    sha256: str  # of the line's bytes without the end-of-line


def iter_lines(stream: LineSource, limit: int, codec: str = "utf-8") -> Iterator[Line]:
    """Lines of a binary stream; a stream in UTF-16/32 is re-encoded to UTF-8 line by line.

    Splitting on the byte 0x0A is only sound for ASCII-compatible encodings, so a stream
    whose byte-order mark says UTF-16/32 goes through a text decoder first (its hashes are
    then of the UTF-8 form of each line).
    """
    source = _Utf8Lines(stream, codec) if codec.startswith(("utf-16", "utf-32")) else stream
    for number, (data, digest) in enumerate(_raw_lines(source, limit), start=1):
        yield Line(number, data, digest)


def _raw_lines(source: LineSource, limit: int) -> Iterator[tuple[bytes | None, str]]:
    while True:
        # limit + 2 leaves room for the "\r\n" of a line of exactly `limit` bytes.
        chunk = source.readline(limit + 2)
        if not chunk:
            return
        content = without_eol(chunk)
        if len(content) <= limit:
            yield chunk, hashlib.sha256(content).hexdigest()
        elif chunk.endswith(b"\n"):
            yield None, hashlib.sha256(content).hexdigest()
        else:
            yield None, _drain(source, chunk)


def _drain(source: LineSource, head: bytes) -> str:
    """Hash the rest of an oversized line while skipping it."""
    digest = hashlib.sha256()
    chunk = head
    while chunk and not chunk.endswith(b"\n"):
        digest.update(chunk)
        chunk = source.readline(_DRAIN_CHUNK)
    digest.update(without_eol(chunk))
    return digest.hexdigest()


class _Utf8Lines:
    """``readline`` over a UTF-16/32 stream, returning UTF-8 bytes with "\\n" line ends."""

    def __init__(self, stream: LineSource, codec: str) -> None:
        raw = cast(BinaryIO, stream)  # TextIOWrapper only calls read/readable on it
        self._text = io.TextIOWrapper(raw, encoding=codec, errors="replace", newline=None)

    def readline(self, size: int = -1, /) -> bytes:
        return self._text.readline(size).encode("utf-8")


def without_eol(data: bytes) -> bytes:
    """The line without its end-of-line bytes."""
    return data.rstrip(b"\r\n")
