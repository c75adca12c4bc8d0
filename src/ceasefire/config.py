"""Settings, immutable once built (no mutable module globals)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class CorpusFields:
    """Field (JSONL) or column (CSV) names to read from a corpus record."""

    text: str = "text"
    title: str = "title"
    url: str = "url"
    published: str = "published"
    source: str = "source"


@dataclass(frozen=True, slots=True)
class IngestConfig:
    # 5 MB of text is far beyond any news report; bigger inputs are dumps or mistakes and
    # would stall a worker on one document.
    max_bytes: int = 5_000_000
    fields: CorpusFields = field(default_factory=CorpusFields)
    # Overrides from the command line; a record's own value wins over none of these.
    published: str | None = None
    title: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Config:
    ingest: IngestConfig = field(default_factory=IngestConfig)
    # Reports shorter than this (characters of clean text) carry no extractable event.
    min_chars: int = 40
    # Clean text longer than this is a dump, a book or a whole site, not a report; the
    # parser's memory grows with length and spaCy refuses more than 1,000,000 characters.
    max_chars: int = 200_000
    languages: tuple[str, ...] = ("en",)
    # MinHash Jaccard estimate above which two reports count as one (see dedup.py).
    near_duplicate_threshold: float = 0.8
