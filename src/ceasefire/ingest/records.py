"""Building ``Input`` records: accepted text, rejections, and corpus records (JSON, CSV)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ceasefire.config import CorpusFields
from ceasefire.errors import E_BINARY, E_EMPTY, E_NO_TEXT_FIELD, InputError
from ceasefire.ingest.dates import normalise_date
from ceasefire.ingest.decode import normalise_newlines
from ceasefire.schema import Input, Reason


@dataclass(frozen=True, slots=True)
class Meta:
    """What an input says about itself, beside its text."""

    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None  # ISO date


NO_META = Meta()


def accepted(path: str, sha: str, text: str, meta: Meta = NO_META) -> Input:
    return Input(
        path=path,
        text=text,
        raw_sha256=sha,
        title=meta.title,
        url=meta.url,
        source=meta.source,
        published=meta.published,
    )


def rejected(path: str, sha: str, code: str, message: str, meta: Meta = NO_META) -> Input:
    return Input(
        path=path,
        text=None,
        raw_sha256=sha,
        title=meta.title,
        url=meta.url,
        source=meta.source,
        published=meta.published,
        rejection=Reason(code, message),
    )


def checked_text(text: str) -> str:
    """Newlines normalised and outer whitespace stripped; E_EMPTY / E_BINARY when unusable."""
    if "\x00" in text:
        raise InputError(E_BINARY, "the text contains NUL characters")
    text = normalise_newlines(text).strip()
    if not text:
        raise InputError(E_EMPTY, "no text (empty or only whitespace)")
    return text


def from_record(record: Mapping[str, object], path: str, sha: str, fields: CorpusFields) -> Input:
    """One corpus record (a JSON object or a CSV row keyed by column) as an ``Input``."""
    meta = record_meta(record, fields)
    try:
        text = checked_text(_text_field(record, fields.text))
    except InputError as err:
        return rejected(path, sha, err.code, err.message, meta)
    return accepted(path, sha, text, meta)


def _text_field(record: Mapping[str, object], name: str) -> str:
    value = record.get(name)
    if isinstance(value, str):
        return value
    if name not in record:
        raise InputError(E_NO_TEXT_FIELD, f"the record has no {name!r} field")
    kind = "null" if value is None else type(value).__name__
    raise InputError(E_NO_TEXT_FIELD, f"the {name!r} field is {kind}, not a string")


def record_meta(record: Mapping[str, object], fields: CorpusFields) -> Meta:
    return Meta(
        title=one_line(record.get(fields.title)),
        url=one_line(record.get(fields.url)),
        source=one_line(record.get(fields.source)),
        published=normalise_date(record.get(fields.published)),
    )


def one_line(value: object) -> str | None:
    """A metadata value as a one-line string; None for absent, empty or non-string values."""
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
