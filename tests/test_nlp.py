from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ceasefire.errors import ModelError
from ceasefire.nlp import expected_hashes, load_model, model_dir, verify_model


@pytest.fixture
def model_copy(tmp_path: Path) -> Path:
    target = tmp_path / "model"
    shutil.copytree(model_dir(), target)
    return target


def test_table_covers_weights_and_config() -> None:
    table = expected_hashes()
    assert {"ner/model", "parser/model", "config.cfg", "vocab/strings.json"} <= set(table)
    assert all(len(digest) == 64 for digest in table.values())


def test_installed_model_verifies() -> None:
    verify_model(model_dir())


def test_changed_file_is_named(model_copy: Path) -> None:
    with (model_copy / "ner" / "cfg").open("a") as fh:
        fh.write(" ")
    with pytest.raises(ModelError, match=r"ner/cfg has SHA-256 .* reinstall"):
        verify_model(model_copy)


def test_missing_file_is_named(model_copy: Path) -> None:
    (model_copy / "tokenizer").unlink()
    with pytest.raises(ModelError, match="tokenizer is missing"):
        verify_model(model_copy)


@pytest.mark.slow
def test_paragraph_breaks_start_sentences() -> None:
    nlp = load_model()
    doc = nlp("Heading without a full stop\n\nThe army said talks would resume on Monday.")
    starts = [sent.text.strip() for sent in doc.sents]
    assert starts[0] == "Heading without a full stop"
    assert starts[1].startswith("The army said")
    assert nlp is load_model()  # loaded once per process
