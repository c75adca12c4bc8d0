"""Plain-text reports (.txt, .md, no extension, standard input).

A report may open with a header block of ``Key: value`` lines, then a blank line::

    Title: Talks end without a deal
    Published: 2020-01-14
    Source: Example Wire
    URL: https://example.org/talks

The block counts as a header only when every one of its lines is a known key with a value and
no key repeats; anything else ("Update: the truce held ...") is left in the text untouched.
"""

from __future__ import annotations

import re

from ceasefire.errors import InputError
from ceasefire.ingest.dates import normalise_date
from ceasefire.ingest.decode import decode_bytes, sha256_hex
from ceasefire.ingest.records import Meta, accepted, checked_text, rejected
from ceasefire.schema import Input

# Header keys (lower case) and the field each fills; "Date" is a common spelling of Published.
_KEYS = {
    "title": "title",
    "published": "published",
    "date": "published",
    "source": "source",
    "url": "url",
}
_HEADER_LINE = re.compile(r"^([A-Za-z]+)[ \t]*:[ \t]*(\S.*?)\s*$")


def read_text(raw: bytes, path: str) -> Input:
    sha = sha256_hex(raw)
    try:
        text = decode_bytes(raw)
        meta, body = split_header(text)
        return accepted(path, sha, checked_text(body), meta)
    except InputError as err:
        return rejected(path, sha, err.code, err.message)


def split_header(text: str) -> tuple[Meta, str]:
    """The header's metadata and the text after it; no header gives empty metadata."""
    stripped = text.lstrip("\n")
    block, blank, body = stripped.partition("\n\n")
    fields = _header_fields(block.split("\n")) if blank else None
    if fields is None:
        return Meta(), text
    return _meta(fields), body


def _header_fields(lines: list[str]) -> dict[str, str] | None:
    fields: dict[str, str] = {}
    if len(lines) > len(_KEYS):
        return None
    for line in lines:
        found = _HEADER_LINE.match(line)
        if found is None or found[1].lower() not in _KEYS:
            return None
        field = _KEYS[found[1].lower()]
        if field in fields:
            return None
        fields[field] = found[2]
    return fields


def _meta(fields: dict[str, str]) -> Meta:
    return Meta(
        title=fields.get("title"),
        url=fields.get("url"),
        source=fields.get("source"),
        published=normalise_date(fields.get("published")),
    )
