"""Which language a report is in: py3langid (its model ships in the package, works offline).

Probabilities are normalised over the model's 140 language labels (``norm_probs``; this py3langid
scales scores by the square root of the text length, so they stay comparable across lengths).

Rejection rule (see :func:`language_rejection`): a text is refused only when the detected
language is not an accepted one AND its probability is at least ``LANGUAGE_MIN_CONFIDENCE``.
Uncertain texts are kept, because losing an English report costs more than running the
extractors over a foreign one (they find little in it).

Calibration of ``LANGUAGE_MIN_CONFIDENCE = 0.9`` (whole texts unless said otherwise):

- global-voices-crisis (331 es/fr/it articles): 328 labelled correctly; the other 3 come out
  as ``ary`` (Moroccan Arabic, p >= 0.97: Arabic quotations), still not English. Non-English
  decision correct for 331/331; top probability at least 0.976.
- wikinews-2004-sample (101 English articles, 101 to ~10k characters): 101/101 ``en``, lowest
  probability 0.964. Its cited source articles (225 over 200 characters, labels from the data
  set): 221/225 agree; the 4 others are label errors or mixed pages (a Portuguese table
  labelled en, a bilingual press release, an English page labelled no, a list of dates).
- Over those 657 texts cut to their first 150 characters: no English text reaches a foreign
  language with p >= 0.9 (0 wrongly rejected), 82 of 350 foreign ones stay under 0.9 and
  are kept. Cut to 80 characters: still no English rejected.
"""

from __future__ import annotations

import lzma
import os
import shutil
import zipfile
from array import array
from collections.abc import Sequence
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from ceasefire.errors import E_LANGUAGE
from ceasefire.schema import Reason

LANGUAGE_MIN_CONFIDENCE = 0.9
# The language of a news report shows in its first pages; a 5 MB input is cut for speed.
# Accuracy on the sets above is the same with 5,000 characters as with whole texts.
_MAX_CHARS = 20_000
UNDETERMINED = "und"


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """py3langid's model ships LZMA-packed: unpacking took 0.45 of the 0.62 CPU seconds a
    process spent loading it (measured 2026-11-30). The unpacked file (68 MB) is kept in the
    cache directory, as the gazetteer's index is, and loads in about 0.09 s to the same
    arrays (tests/ingest/test_ingest_language.py compares them)."""
    try:
        return _from_unpacked(_unpacked_model())
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        # A cache directory that cannot be written, or a damaged file: unpack in memory.
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _unpacked_model() -> Path:
    """The packaged model unpacked into the cache directory, named after the package
    version and the packed size so that an upgrade unpacks afresh."""
    from ceasefire.kb.gazetteer import default_cache_dir

    packed = MODEL_DIR / MODEL_FILE
    folder = default_cache_dir().expanduser()
    path = folder / f"langid-{version('py3langid')}-{packed.stat().st_size}.npz"
    if path.is_file():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f"{path.name}.{os.getpid()}.part")
    with lzma.open(packed) as src, part.open("wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
    os.replace(part, path)  # whole or absent, also with several processes unpacking at once
    for old in folder.glob("langid-*.npz"):
        if old != path:
            old.unlink(missing_ok=True)
    return path


def _from_unpacked(path: Path) -> Any:
    """What ``py3langid.modelio.load_model`` builds from the packed file, from the unpacked
    one: the same arrays, lists and ``array`` tables."""
    with np.load(path, allow_pickle=False) as data:
        return LanguageIdentifier(
            np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(),
            _table(data["nextmove"]), data["out_feat"].tolist(), norm_probs=True,
            tk_row=_table(data["nextmove_row"]))


def _table(values: Any) -> array[int]:
    out = array({2: "H", 4: "I", 8: "L"}[values.dtype.itemsize])
    # Straight from the array's buffer: a bytes copy first would add 37 MB to the peak.
    out.frombytes(np.ascontiguousarray(values).data.cast("B"))
    return out


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code (some 639-3, e.g. ``ary``) of ``text`` and its probability in [0, 1].

    A text with no letters gives ``("und", 0.0)``.
    """
    sample = text[:_MAX_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return UNDETERMINED, 0.0
    language, probability = _identifier().classify(sample)
    return str(language), float(probability)


def language_rejection(text: str, accepted: Sequence[str] = ("en",)) -> Reason | None:
    """An E_LANGUAGE reason when ``text`` is confidently in a language not ``accepted``."""
    language, probability = detect_language(text)
    if language in accepted or probability < LANGUAGE_MIN_CONFIDENCE:
        return None
    return Reason(
        E_LANGUAGE,
        f"the text is in {language!r} (p={probability:.2f}), not in {', '.join(accepted)}",
    )
