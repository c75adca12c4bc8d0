"""Where inputs come from: files, folders, standard input; which reader takes each file.

``raw_sha256`` is the SHA-256 of the bytes that were read. An input rejected before its bytes
are read (unsupported type, over the size limit, unreadable) gets the SHA-256 of ``path:`` plus
its path instead, so that a re-run gives it the same id without reading a huge file.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import BinaryIO

from ceasefire.config import IngestConfig
from ceasefire.errors import (
    E_BINARY,
    E_EMPTY,
    E_TOO_LARGE,
    E_UNREADABLE,
    E_UNSUPPORTED,
    InputError,
    UsageError,
)
from ceasefire.ingest.dates import normalise_date
from ceasefire.ingest.decode import bom_codec, corpus_codec, looks_binary
from ceasefire.ingest.delimited import iter_delimited
from ceasefire.ingest.html import read_html
from ceasefire.ingest.jsonarray import iter_json
from ceasefire.ingest.jsonl import iter_jsonl, looks_like_jsonl
from ceasefire.ingest.lines import iter_lines
from ceasefire.ingest.records import rejected
from ceasefire.ingest.text import read_text
from ceasefire.schema import Input

STDIN = "-"
STDIN_NAME = "<stdin>"
# A page piped in ("curl URL | ceasefire extract -") opens with a doctype or <html> tag.
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S
)
_SNIFF_BYTES = 65_536
_HASH_CHUNK = 1 << 20

WholeReader = Callable[[bytes, str], Input]
CorpusReader = Callable[[BinaryIO, str, IngestConfig, str], Iterator[Input]]

_WHOLE: dict[str, WholeReader] = {
    "": read_text,
    ".txt": read_text,
    ".text": read_text,
    ".md": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
}


def _jsonl(stream: BinaryIO, name: str, config: IngestConfig, codec: str) -> Iterator[Input]:
    return iter_jsonl(iter_lines(stream, config.max_bytes, codec), name, config)


def _json(stream: BinaryIO, name: str, config: IngestConfig, codec: str) -> Iterator[Input]:
    return iter_json(stream, name, config)  # JSON is UTF-8 (RFC 8259): no codec to choose


def _csv(stream: BinaryIO, name: str, config: IngestConfig, codec: str) -> Iterator[Input]:
    return iter_delimited(stream, name, config, codec, delimiter=None)


def _tsv(stream: BinaryIO, name: str, config: IngestConfig, codec: str) -> Iterator[Input]:
    return iter_delimited(stream, name, config, codec, delimiter="\t")


_CORPUS: dict[str, CorpusReader] = {
    ".jsonl": _jsonl,
    ".ndjson": _jsonl,
    ".jsonlines": _jsonl,
    ".json": _json,
    ".csv": _csv,
    ".tsv": _tsv,
    ".tab": _tsv,
}


def iter_inputs(
    paths: Sequence[str], config: IngestConfig, stdin: BinaryIO | None = None
) -> Iterator[Input]:
    """Every input under ``paths``, in order, one ``Input`` per report, good or rejected.

    Files, folders (recursively, by name, hidden entries and symlinked folders skipped) and
    ``"-"`` for standard input (``stdin``, default ``sys.stdin.buffer``). Paths are checked
    before anything is read: a missing one raises ``UsageError`` at the call.
    Overrides in ``config`` fill in only what an input does not say itself.
    """
    _check_paths(paths)
    published = normalise_date(config.published)
    if config.published is not None and published is None:
        raise UsageError(f"the published override {config.published!r} is not a calendar date")
    inputs = _all_inputs(list(paths), config, stdin)
    return (_overridden(item, config, published) for item in inputs)


def _check_paths(paths: Sequence[str]) -> None:
    if isinstance(paths, str):
        raise UsageError("paths must be a list of paths, not a single string")
    missing = [p for p in paths if p != STDIN and not os.path.exists(p)]
    if missing:
        raise UsageError("no such file or folder: " + ", ".join(missing))
    if list(paths).count(STDIN) > 1:
        raise UsageError('standard input ("-") can be read only once')


def _overridden(item: Input, config: IngestConfig, published: str | None) -> Input:
    if config.title is None and config.source is None and published is None:
        return item
    return replace(
        item,
        title=item.title or config.title,
        source=item.source or config.source,
        published=item.published or published,
    )


def _all_inputs(paths: list[str], config: IngestConfig, stdin: BinaryIO | None) -> Iterator[Input]:
    for path in paths:
        if path == STDIN:
            yield from read_stdin(stdin if stdin is not None else sys.stdin.buffer, config)
        elif os.path.isdir(path):
            yield from _folder(path, config)
        else:
            yield from read_file(path, config)


def _folder(folder: str, config: IngestConfig) -> Iterator[Input]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as err:
        yield _unread(folder, E_UNREADABLE, f"cannot list the folder: {err.strerror}")
        return
    for entry in entries:
        if entry.name.startswith(".") or _is_documentation(entry.name):
            continue
        # Symlinked folders are not followed: a link back up the tree would never end.
        if entry.is_dir(follow_symlinks=False):
            yield from _folder(entry.path, config)
        elif entry.is_file():
            yield from read_file(entry.path, config)


def _is_documentation(name: str) -> bool:
    """A corpus folder's own README or licence is not a report; named explicitly, it is read."""
    stem, extension = os.path.splitext(name.upper())
    return extension == ".MD" or stem in {"README", "LICENSE", "LICENCE", "NOTICE", "COPYING"}


def read_file(path: str, config: IngestConfig) -> Iterator[Input]:
    """The input(s) in one file: one for a report, one per record for a corpus."""
    extension = os.path.splitext(path)[1].lower()
    if extension in _WHOLE:
        yield _whole_file(path, config, _WHOLE[extension])
    elif extension in _CORPUS:
        yield from _corpus_file(path, config, _CORPUS[extension])
    else:
        message = f"no reader for {extension!r} files (txt, md, html, json, jsonl, csv, tsv)"
        yield _unread(path, E_UNSUPPORTED, message)


def _whole_file(path: str, config: IngestConfig, reader: WholeReader) -> Input:
    try:
        if os.path.getsize(path) > config.max_bytes:
            return _unread(path, E_TOO_LARGE, _too_large(os.path.getsize(path), config))
        with open(path, "rb") as stream:
            raw = stream.read(config.max_bytes + 1)  # the file may have grown since stat
    except OSError as err:
        return _unread(path, E_UNREADABLE, f"cannot read the file: {err.strerror}")
    if len(raw) > config.max_bytes:
        return _unread(path, E_TOO_LARGE, _too_large(len(raw), config))
    return reader(raw, path)


def _corpus_file(path: str, config: IngestConfig, reader: CorpusReader) -> Iterator[Input]:
    try:
        with open(path, "rb") as stream:
            sample = stream.read(_SNIFF_BYTES)
            _check_sample(sample)
            stream.seek(0)
            yield from reader(stream, path, config, corpus_codec(sample))
    except InputError as err:
        yield rejected(path, _file_sha(path), err.code, err.message)
    except OSError as err:
        yield _unread(path, E_UNREADABLE, f"cannot read the file: {err.strerror}")


def _check_sample(sample: bytes) -> None:
    if len(sample) < _SNIFF_BYTES and not sample.strip():
        raise InputError(E_EMPTY, "no records (the file is empty or only whitespace)")
    if bom_codec(sample) is None and looks_binary(sample):
        raise InputError(E_BINARY, "looks like a binary file (NUL or control bytes), not text")


def read_stdin(stream: BinaryIO, config: IngestConfig) -> Iterator[Input]:
    """Standard input: JSON Lines when its first line is a JSON object, else one report
    (an HTML page when it opens like one, plain text otherwise)."""
    limit = config.max_bytes
    head = [stream.readline(limit + 2)]
    while head[-1] and not head[-1].strip() and sum(map(len, head)) <= limit:
        head.append(stream.readline(limit + 2))
    if looks_like_jsonl(head[-1]):
        yield from iter_jsonl(
            iter_lines(_Replay(b"".join(head), stream), limit), STDIN_NAME, config
        )
        return
    raw = b"".join(head)
    raw += stream.read(max(0, limit + 1 - len(raw)))
    if len(raw) > limit:
        yield _unread(STDIN_NAME, E_TOO_LARGE, f"standard input is over the {limit}-byte limit")
    elif _HTML_START.match(raw):
        yield read_html(raw, STDIN_NAME)
    else:
        yield read_text(raw, STDIN_NAME)


class _Replay:
    """``readline`` that replays bytes already read, then goes on with the stream."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = head
        self._stream = stream

    def readline(self, size: int = -1, /) -> bytes:
        if not self._head:
            return self._stream.readline(size)
        cut = self._head.find(b"\n") + 1 or len(self._head)
        if 0 <= size < cut:
            cut = size
        line, self._head = self._head[:cut], self._head[cut:]
        return line


def _unread(path: str, code: str, message: str) -> Input:
    sha = hashlib.sha256(b"path:" + os.fsencode(path)).hexdigest()
    return rejected(path, sha, code, message)


def _file_sha(path: str) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            while chunk := stream.read(_HASH_CHUNK):
                digest.update(chunk)
    except OSError:
        return hashlib.sha256(b"path:" + os.fsencode(path)).hexdigest()
    return digest.hexdigest()


def _too_large(size: int, config: IngestConfig) -> str:
    return f"{size} bytes, over the {config.max_bytes}-byte limit (IngestConfig.max_bytes)"
