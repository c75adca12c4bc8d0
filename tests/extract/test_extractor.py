from __future__ import annotations

import pytest

from ceasefire.extract import Extractor
from ceasefire.nlp import load_model
from ceasefire.schema import DocumentMeta

pytestmark = pytest.mark.slow


def test_dateline_is_a_place_not_an_actor() -> None:
    text = ("KHARTOUM — Fighting between the army and a paramilitary force killed 12 civilians "
            "on Monday, doctors said.\n\n"
            "MOSUL, March 3 — Police arrested four men, officials said.")
    record = Extractor()(load_model()(text), DocumentMeta("d", "t.txt", published="2023-04-18"))
    assert not any(a.name.isupper() for a in record.actors)
    assert "Khartoum" in {p.name for p in record.places}
    for actor in record.actors:
        for m in actor.mentions:
            assert text[m.start : m.end] == m.text
