"""Shared fixtures of the extraction tests: the real model, the whole extractor and the
place stage over the real gazetteer, each built once per test session (loading the model
and the gazetteer index is the slow part of these tests)."""

from __future__ import annotations

from typing import Any

import pytest

from ceasefire.extract.places import PlaceExtractor


@pytest.fixture(scope="session")
def nlp() -> Any:
    from ceasefire.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def pipeline(nlp: Any) -> tuple[Any, Any]:
    """The model and the whole extractor (actors, places, times, figures, events, deals)."""
    from ceasefire.extract import Extractor

    return nlp, Extractor()


@pytest.fixture(scope="session")
def real() -> PlaceExtractor:
    """The place stage over the real gazetteer."""
    from ceasefire.kb.gazetteer import Gazetteer

    return PlaceExtractor(Gazetteer.open())
