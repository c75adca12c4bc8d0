"""The whole-run speed-ups change no result: the C YAML loader reads every shipped data file
to the same object as ``safe_load``; the per-Doc caches (text, sentences, entities, the
event finder's word forms) equal what spaCy and the uncached code give; the writer's
two-step exact-copy lookup returns what the one-query lookup did. Whole Records through
the extractors are compared in ``test_pipeline_speed_equivalence.py``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from ceasefire.schema import DocumentMeta, Record
from ceasefire.store.duckdb import Store
from ceasefire.store.rows import Extra

DATA_FILES = ("actors.yaml", "agreements.yaml", "demonyms.yaml", "events.yaml",
              "quantities.yaml", "regions.yaml")
TEXT = ("Rebels shelled the town of Kadugli on Monday, killing 12 civilians.\n\n"
        "The army said it would hold talks in Khartoum. A cease-fire was agreed.")


@pytest.mark.parametrize("name", DATA_FILES)
def test_c_loader_reads_each_data_file_alike(name: str) -> None:
    raw = resources.files("ceasefire.kb").joinpath("data", name).read_text("utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    assert yaml.load(raw, Loader=loader) == yaml.safe_load(raw)


def test_lexicons_load_through_the_c_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lexicon readers really use the C loader (when PyYAML has it): a spy counts."""
    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML built without libyaml")
    from ceasefire.extract import quantities, triggers

    calls: list[Any] = []
    real = yaml.load

    def spy(stream: Any, Loader: Any) -> Any:
        calls.append(Loader)
        return real(stream, Loader=Loader)

    monkeypatch.setattr(yaml, "load", spy)
    triggers.load_lexicon.cache_clear()
    quantities.load_lexicon.cache_clear()
    try:
        assert triggers.load_lexicon().verbs
        assert quantities.load_lexicon() is not None
    finally:
        triggers.load_lexicon.cache_clear()
        quantities.load_lexicon.cache_clear()
    assert calls == [yaml.CSafeLoader, yaml.CSafeLoader]


@pytest.mark.slow
def test_doc_caches_equal_spacy() -> None:
    from ceasefire.nlp import doc_ents, doc_sents, doc_text, load_model

    doc = load_model()(TEXT)
    sents, ents = doc_sents(doc), doc_ents(doc)
    assert doc_text(doc) == doc.text == TEXT
    assert [(s.start, s.end) for s in sents] == [(s.start, s.end) for s in doc.sents]
    assert len(sents) >= 3  # the paragraph break and the full stops
    assert [(e.start, e.end, e.label_) for e in ents] == [
        (e.start, e.end, e.label_) for e in doc.ents]
    assert any(e.text == "Khartoum" for e in ents)
    sents.clear()  # a caller's copy: the cache is not changed through it
    assert len(doc_sents(doc)) >= 3


@pytest.mark.slow
def test_word_forms_cache_equals_computing_them() -> None:
    from ceasefire.extract.triggers import _compute_forms, _doc_forms, _forms
    from ceasefire.nlp import load_model

    doc = load_model()(TEXT)
    expected = [_compute_forms(t) for t in doc]
    assert _doc_forms(doc) == expected
    assert [_forms(t) for t in doc] == expected
    shelled = next(t for t in doc if t.text == "shelled")
    assert {"shell", "shelled"} <= set(_forms(shelled))


def _record(path: str, doc_id: str) -> Record:
    return Record(DocumentMeta(doc_id, path, n_chars=4), text="text")


def test_exact_matches_keep_only_signed_reports_oldest_first(tmp_path: Path) -> None:
    with Store(tmp_path / "a.duckdb") as store:
        store.write([(_record("c.txt", "3"), Extra("r3", "k", b"sig"))])
        store.write([(_record("a.txt", "1"), Extra("r1", "k", None))])  # no signature
        store.write([(_record("b.txt", "2"), Extra("r2", "k", b"sig"))])
        store.write([(_record("d.txt", "4"), Extra("r4", "other", b"sig"))])
        assert store.exact_matches(["k", "k", "missing"]) == {"k": [("3", "c.txt"),
                                                                    ("2", "b.txt")]}
        assert store.exact_matches(["missing"]) == {}
        assert store.exact_matches([]) == {}
