"""Events found on the words that state them (round 7 of the location work): verbs of dying
that report the outcome of violence belong to that violence's event, and whoever died is
its victim, never its doer; a verb the small model tags as a noun with a subject of its own
("gunmen shot and wounded") is still the verb of its clause; "a column of army tanks" that
enters a town is an armed force.

Sentences here are written for these tests. Model-backed tests are marked ``slow``.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from ceasefire.extract.triggers import Trigger, find_triggers
from ceasefire.schema import DocumentMeta, Record


@pytest.fixture(scope="module")
def nlp() -> Any:
    from ceasefire.nlp import load_model

    return load_model()


def run(nlp: Any, text: str) -> list[Trigger]:
    return find_triggers(nlp(text), ())


def taken_in(trigger: Trigger) -> list[str]:
    return [span.text for span in trigger.absorbed]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "trigger", "verb"), [
    ("At least twenty villagers died in clashes near the river on Sunday.", "clashes",
     "died"),
    ("Nine people died and dozens were hurt in fighting between two militias.", "fighting",
     "died"),
    ("Four shoppers perished when a car bomb exploded outside the market.", "exploded",
     "perished"),
    ("Three guards lost their lives in a rocket attack on the depot.", "attack", "lost"),
])
def test_a_verb_of_dying_belongs_to_the_violence_it_reports(
        nlp: Any, text: str, trigger: str, verb: str) -> None:
    (found,) = [t for t in run(nlp, text) if t.type == "ASSAULT"]
    assert found.span.text.endswith(trigger)
    assert verb in taken_in(found)


@pytest.mark.slow
def test_dying_is_taken_in_only_with_violence(nlp: Any) -> None:
    (found,) = run(nlp, "Two guards died in an ambush on the road.")
    assert "died" in taken_in(found)
    assert run(nlp, "The former minister died in hospital after a long illness.") == []
    assert run(nlp, "The team lost the match in the final minutes.") == []


@pytest.mark.slow
@pytest.mark.parametrize(("text", "taken"), [
    ("Masked gunmen on Monday shot and wounded a shopkeeper in the northern province.",
     "wounded"),
    ("Riot police in the capital shot at a bus carrying students, killing a driver.",
     "killing"),
])
def test_a_verb_tagged_as_a_noun_is_still_a_verb(nlp: Any, text: str, taken: str) -> None:
    (found,) = run(nlp, text)
    assert (found.span.text, found.type) == ("shot", "ASSAULT")
    assert taken in taken_in(found)


@pytest.mark.slow
def test_who_enters_may_be_named_in_an_of_phrase(nlp: Any) -> None:
    (found,) = run(nlp, "A column of army tanks crossed the river and entered the provincial "
                        "capital on Friday.")
    assert (found.span.text, found.type) == ("entered", "ASSAULT")
    assert run(nlp, "A convoy of refugees entered the country on Friday.") == []


def _record(text: str) -> Record:
    from ceasefire.extract import Extractor
    from ceasefire.nlp import load_model

    meta = DocumentMeta(id=hashlib.sha256(text.encode()).hexdigest(), path="test",
                        published="2020-01-14", n_chars=len(text))
    return Extractor()(load_model()(text), meta)


@pytest.mark.slow
def test_whoever_died_is_the_target_not_the_source() -> None:
    record = _record("Six Kurdish soldiers died in clashes near the border on Monday.")
    (event,) = record.events
    soldiers = [a.id for a in record.actors if any("soldiers" in m.text for m in a.mentions)]
    assert soldiers
    assert event.source == ()
    assert set(soldiers) <= set(event.target)
