"""Stages and their assembly. Each stage has ``__call__(item)`` and ``pipe(items)``.

    Input ─ Prepare (clean, language, fingerprint) ─ Deduplicate ─ Analyse (nlp + extract) ─ Record

``Prepare`` and ``Analyse`` are pure functions of their input, so they can run in any
process; ``Deduplicate`` holds the memory of every report seen and runs beside the writer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from typing import Any

from ceasefire import errors as E
from ceasefire.clean import clean
from ceasefire.config import Config
from ceasefire.dedup import DuplicateIndex, Fingerprint, fingerprint
from ceasefire.errors import CeasefireError
from ceasefire.schema import DocumentMeta, Input, Reason, Record
from ceasefire.store.rows import Extra


@dataclass(frozen=True, slots=True)
class Prepared:
    """A report that passed cleaning and the language check, ready for the model."""

    meta: DocumentMeta
    text: str
    raw_sha256: str
    fingerprint: Fingerprint


Outcome = tuple[Record, Extra]
# Below this many words a language guess rejects nothing (see Prepare._language).
MIN_WORDS_FOR_LANGUAGE = 20
Item = Prepared | Outcome


def rejected(item: Input, reason: Reason, *, language: str | None = None) -> Outcome:
    meta = DocumentMeta(item.raw_sha256, item.path, item.source, item.url, item.title,
                        item.published, language, len(item.text or ""))
    return Record(meta, status="rejected", reason=reason), Extra(item.raw_sha256)


class Prepare:
    """Clean the text, check it is worth analysing, and fingerprint it."""

    def __init__(self, config: Config) -> None:
        self.config = config

    def __call__(self, item: Input) -> Item:
        if item.rejection is not None or item.text is None:
            reason = item.rejection or Reason(E.E_EMPTY, "the input has no text")
            return rejected(item, reason)
        text = clean(item.text).text
        if len(text.strip()) < self.config.min_chars:
            code = E.E_EMPTY if not text.strip() else E.E_TOO_SHORT
            words = f"{len(text.strip())} characters of text after cleaning"
            return rejected(item, Reason(code, f"{words}; at least {self.config.min_chars} needed"))
        if len(text) > self.config.max_chars:
            message = (f"{len(text):,} characters of text after cleaning; the limit is "
                       f"{self.config.max_chars:,} (--max-chars)")
            return rejected(item, Reason(E.E_TOO_LARGE, message))
        language, refusal = self._language(text)
        if refusal is not None:
            return rejected(item, refusal, language=language)
        doc_id = hashlib.sha256(text.encode()).hexdigest()
        meta = DocumentMeta(doc_id, item.path, item.source, item.url, item.title,
                            item.published, language, len(text))
        return Prepared(meta, text, item.raw_sha256, fingerprint(text))

    def pipe(self, items: Iterable[Input]) -> Iterator[Item]:
        for item in items:
            yield self(item)

    def _language(self, text: str) -> tuple[str, Reason | None]:
        from ceasefire.ingest.language import LANGUAGE_MIN_CONFIDENCE, detect_language

        language, confidence = detect_language(text)
        # Headlines and one-line items are too short for the identifier: on UCDP GED
        # headlines it called 24 of ~1,000 English headlines French with p >= 0.9.
        short = len(text.split()) < MIN_WORDS_FOR_LANGUAGE
        if language in self.config.languages or confidence < LANGUAGE_MIN_CONFIDENCE or short:
            # An unsure guess keeps the report: losing an English report costs more than
            # analysing a foreign one, which then yields little.
            return language if language in self.config.languages else "en", None
        message = (f"language '{language}' (confidence {confidence:.2f}); "
                   f"supported: {', '.join(self.config.languages)}")
        return language, Reason(E.E_LANGUAGE, message)


class Deduplicate:
    """Mark reports whose text was seen before (exactly or nearly) as duplicates."""

    def __init__(self, index: DuplicateIndex) -> None:
        self.index = index

    def __call__(self, item: Item) -> Item:
        if not isinstance(item, Prepared):
            return item
        reason = self.index.check(item.fingerprint)
        if reason is None:
            self.index.add(item.meta.id, item.fingerprint)
            return item
        return duplicate(item, reason)

    def pipe(self, items: Iterable[Item]) -> Iterator[Item]:
        for item in items:
            yield self(item)


def duplicate(item: Prepared, reason: Reason) -> Outcome:
    """The outcome of a report found to be a copy (shared with the parallel writer)."""
    return Record(item.meta, status="duplicate", reason=reason), Extra(
        item.raw_sha256, item.fingerprint.exact)


class Analyse:
    """Run the verified model and the extractors over prepared reports, in batches."""

    def __init__(self, nlp: Any = None, batch_size: int = 32) -> None:
        from ceasefire.extract import Extractor
        from ceasefire.nlp import MODEL_PROVENANCE, load_model

        self.nlp = nlp if nlp is not None else load_model()
        self.extract = Extractor()
        self.batch_size = batch_size
        self.model = MODEL_PROVENANCE

    def __call__(self, item: Prepared) -> Outcome:
        return next(self.pipe([item]))

    def pipe(self, items: Iterable[Item]) -> Iterator[Outcome]:
        """Yield outcomes in input order; non-prepared items pass through untouched."""
        iterator = iter(items)
        while batch := list(islice(iterator, self.batch_size)):
            todo = [item for item in batch if isinstance(item, Prepared)]
            docs = iter(self.nlp.pipe([p.text for p in todo]))
            for item in batch:
                yield self._extract(item, next(docs)) if isinstance(item, Prepared) else item

    def _extract(self, item: Prepared, doc: Any) -> Outcome:
        extra = Extra(item.raw_sha256, item.fingerprint.exact, item.fingerprint.signature,
                      self.model)
        try:
            return self.extract(doc, item.meta), extra
        except CeasefireError:
            raise
        except Exception as exc:
            reason = Reason(E.E_EXTRACT, f"extraction failed: {type(exc).__name__}: {exc}")
            return Record(item.meta, status="rejected", reason=reason), extra


class Pipeline:
    """The whole per-report flow; ``index`` carries duplicate memory between calls."""

    def __init__(self, config: Config | None = None, *, index: DuplicateIndex | None = None,
                 nlp: Any = None, batch_size: int = 32) -> None:
        self.config = config or Config()
        self.prepare = Prepare(self.config)
        self.dedup = Deduplicate(index or DuplicateIndex(self.config.near_duplicate_threshold))
        self.analyse = Analyse(nlp, batch_size)

    def __call__(self, item: Input) -> Record:
        return next(self.pipe([item]))[0]

    def pipe(self, items: Iterable[Input]) -> Iterator[Outcome]:
        return self.analyse.pipe(self.dedup.pipe(self.prepare.pipe(items)))


def with_run(outcome: Outcome, run_id: int) -> Outcome:
    record, extra = outcome
    return record, replace(extra, run_id=run_id)
