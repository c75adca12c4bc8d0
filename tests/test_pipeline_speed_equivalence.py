"""The speed-ups of the model stage change nothing: the memoised stand-ins for the model's
attribute ruler and lemmatizer annotate exactly as the stock components do, token for token,
and every report of the example corpus and a sample of real-length articles gives the same
Record (events with their type, roles, place, date, status and spans; actors, places, times,
figures, agreements) through the fast pipeline as through the stock one."""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path
from typing import Any

import numpy
import pytest

from ceasefire.fastpipes import TOKEN_ATTRS, FastLemmatizer, fast_attribute_ruler
from ceasefire.schema import DocumentMeta, Record

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "ucdp-aec-validation-text" / "validation_with_text.jsonl"
# Awkward tokens for both components: contractions and two-token ruler patterns ("gonna",
# "y'all", "let's", "there is"), spaces and line breaks, capitals, hyphens, numbers.
AWKWARD = (
    "He ai n't gonna sign, y'all. Let's see: there is a truce and there were 3 talks.\n\n"
    "  KHARTOUM —  The RSF's shelling killed 12; U.N.-backed talks were called off.\n"
    "Gon na? C'mon!  Wan na leave \t now."
)


def example_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").rglob("*.txt"))]
    with (ROOT / "examples" / "corpus.jsonl").open(encoding="utf-8") as fh:
        texts += [json.loads(line)["text"] for line in fh if line.strip()]
    return texts


def shared_sample(limit: int) -> list[str]:
    """Real-length articles, read in place (never copied into the repository)."""
    if not SHARED.exists():
        pytest.skip(f"shared data absent: {SHARED}")
    with SHARED.open(encoding="utf-8") as fh:
        rows = (json.loads(line).get("source_article") or "" for line in fh)
        return list(islice((t for t in rows if 500 <= len(t) <= 15_000), limit))


def token_table(doc: Any) -> Any:
    return doc.to_array(list(TOKEN_ATTRS))


@pytest.fixture(scope="module")
def models() -> tuple[Any, Any]:
    from ceasefire.nlp import load_model

    return load_model(), load_model(fast=False)


@pytest.mark.slow
def test_fast_model_uses_the_stand_ins(models: tuple[Any, Any]) -> None:
    fast, stock = models
    assert "ceasefire_fast_attribute_ruler" in fast.pipe_names
    assert "ceasefire_fast_lemmatizer" in fast.pipe_names
    assert {"attribute_ruler", "lemmatizer"} <= set(fast.disabled)
    assert "ceasefire_fast_lemmatizer" not in stock.pipe_names


@pytest.mark.slow
def test_awkward_tokens_are_annotated_alike(models: tuple[Any, Any]) -> None:
    fast, stock = models
    a, b = fast(AWKWARD), stock(AWKWARD)
    assert [t.lemma_ for t in a] == [t.lemma_ for t in b]
    assert [(t.pos_, str(t.morph)) for t in a] == [(t.pos_, str(t.morph)) for t in b]
    gon = next(t for t in a if t.lower_ == "gon")
    assert (gon.lemma_, a[gon.i + 1].lemma_) == ("go", "to")  # a two-token ruler pattern
    assert next(t for t in a if t.text == "killed").lemma_ == "kill"
    assert numpy.array_equal(token_table(a), token_table(b))


@pytest.mark.slow
def test_examples_and_real_reports_are_annotated_alike(models: tuple[Any, Any]) -> None:
    fast, stock = models
    texts = example_texts() + shared_sample(60)
    differing = [n for n, (a, b) in enumerate(zip(fast.pipe(texts), stock.pipe(texts),
                                                  strict=True))
                 if not numpy.array_equal(token_table(a), token_table(b))]
    assert len(texts) > 20
    assert differing == []


@pytest.mark.slow
def test_memo_refills_after_reaching_its_limit(
        models: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    import ceasefire.fastpipes as fastpipes

    fast, stock = models
    monkeypatch.setattr(fastpipes, "MEMO_LIMIT", 5)
    lemmatizer = FastLemmatizer(stock.get_pipe("lemmatizer"))
    ruler = fast_attribute_ruler(stock.get_pipe("attribute_ruler"))
    assert ruler is not None
    with fast.select_pipes(disable=["ceasefire_fast_attribute_ruler",
                                    "ceasefire_fast_lemmatizer"]):
        doc = fast(AWKWARD)
    lemmatizer(ruler(doc))
    assert len(lemmatizer._memo) <= 5
    assert [t.lemma_ for t in doc] == [t.lemma_ for t in stock(AWKWARD)]


class _Ruler:
    """A stand-in ruler whose pattern uses a Matcher quantifier the evaluator lacks."""

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab
        self.patterns = [{"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {}, "index": 0}]


@pytest.mark.slow
def test_unsupported_patterns_keep_the_stock_ruler(models: tuple[Any, Any]) -> None:
    assert fast_attribute_ruler(_Ruler(models[0].vocab)) is None


def records(nlp: Any, extractor: Any, texts: list[str]) -> list[Record]:
    from ceasefire.clean import clean

    cleaned = [clean(t).text for t in texts]
    metas = [DocumentMeta(f"doc{n}", f"doc{n}.txt", published="2021-06-01")
             for n in range(len(texts))]
    return [extractor(doc, meta) for doc, meta in zip(nlp.pipe(cleaned, batch_size=32),
                                                      metas, strict=True)]


@pytest.mark.slow
def test_fast_and_stock_model_give_the_same_records() -> None:
    from ceasefire.extract import Extractor
    from ceasefire.nlp import load_model

    texts = example_texts() + shared_sample(40)
    extractor = Extractor()
    fast = records(load_model(), extractor, texts)
    stock = records(load_model(fast=False), extractor, texts)
    assert sum(len(r.events) for r in stock) > 50  # the comparison covers real events
    for n, (a, b) in enumerate(zip(fast, stock, strict=True)):
        assert a.events == b.events, f"text {n}: events differ"
        assert a == b, f"text {n}: records differ"
