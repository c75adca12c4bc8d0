"""The language identifier read from its unpacked copy in the cache directory is the
packaged model, array for array, and decides as it does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from ceasefire.ingest import language

TEXTS = [
    "Both armies agreed to pull back their heavy weapons from the front line on Sunday.",
    "Les deux armées ont accepté de retirer leurs armes lourdes de la ligne de front.",
    "Ambos ejércitos aceptaron retirar sus armas pesadas de la línea del frente.",
    "Beide Armeen einigten sich darauf, ihre schweren Waffen abzuziehen.",
    "12 34 -- ok",
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("CEASEFIRE_CACHE", str(tmp_path))
    language._identifier.cache_clear()
    yield tmp_path
    language._identifier.cache_clear()


def test_unpacked_model_is_the_packaged_one(cache: Path) -> None:
    cached = language._identifier()
    files = list(cache.glob("langid-*.npz"))
    assert len(files) == 1 and files[0].stat().st_size > 10 * 2**20
    stock = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    for name in ("nb_ptc", "nb_pc"):
        mine, theirs = getattr(cached, name), getattr(stock, name)
        assert mine.dtype == theirs.dtype and np.array_equal(mine, theirs)
    for name in ("nb_classes", "tk_nextmove", "tk_row", "tk_output", "_alias_pairs"):
        assert getattr(cached, name) == getattr(stock, name), name
    assert [cached.classify(t) for t in TEXTS] == [stock.classify(t) for t in TEXTS]


def test_second_load_reads_the_cache_and_old_versions_go(cache: Path) -> None:
    old = cache / "langid-0.0.1-123.npz"
    old.write_bytes(b"an earlier version's file")
    language._identifier()
    (path,) = cache.glob("langid-*.npz")
    stamp = path.stat().st_mtime_ns
    language._identifier.cache_clear()
    assert language.detect_language(TEXTS[1])[0] == "fr"
    assert path.stat().st_mtime_ns == stamp and not old.exists()


def test_a_damaged_cache_file_falls_back_to_the_package(cache: Path) -> None:
    language._identifier()
    (path,) = cache.glob("langid-*.npz")
    path.write_bytes(b"not a zip file")
    language._identifier.cache_clear()
    assert language.detect_language(TEXTS[0])[0] == "en"
