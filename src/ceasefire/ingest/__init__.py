"""Ingest: inputs (files, folders, standard input) to ``Input`` records, one per report.

Readers by extension: .txt/.md/no extension (plain text with an optional header block),
.html/.htm (trafilatura + htmldate), .jsonl/.ndjson, .json (an object or an array of them),
.csv/.tsv. Anything wrong inside an input becomes a rejected ``Input`` (a code from
``ceasefire.errors`` and a message); only misuse (a missing path) raises ``UsageError``.
"""

from __future__ import annotations

from ceasefire.ingest.dates import normalise_date
from ceasefire.ingest.language import LANGUAGE_MIN_CONFIDENCE, detect_language, language_rejection
from ceasefire.ingest.sources import STDIN, STDIN_NAME, iter_inputs, read_file

__all__ = [
    "LANGUAGE_MIN_CONFIDENCE",
    "STDIN",
    "STDIN_NAME",
    "detect_language",
    "iter_inputs",
    "language_rejection",
    "normalise_date",
    "read_file",
]
