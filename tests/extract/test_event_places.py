"""Where an event happened: place recall in single sentences and the event's own place.

Sentences here are written for these tests (the place names are real towns, or, for the
unresolved case, a name made up so that no gazetteer knows it). Each runs the real model and
extractors.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from ceasefire.extract.triggers import find_triggers
from ceasefire.schema import DocumentMeta, Event, Place, Record


@pytest.fixture(scope="module")
def pipeline() -> tuple[Any, Any]:
    from ceasefire.extract import Extractor
    from ceasefire.nlp import load_model

    return load_model(), Extractor()


def _run(pipeline: tuple[Any, Any], text: str) -> tuple[Record, Any]:
    nlp, extractor = pipeline
    doc = nlp(text)
    meta = DocumentMeta(id=hashlib.sha256(text.encode()).hexdigest(), path="test",
                        n_chars=len(text))
    return extractor(doc, meta), doc


def _event(record: Record, trigger: str) -> Event:
    found = [e for e in record.events if e.trigger.text == trigger]
    assert found, f"no event on {trigger!r}: {[e.trigger.text for e in record.events]}"
    return found[0]


def _place_of(record: Record, event: Event) -> Place:
    found = [p for p in record.places if p.id == event.place]
    assert found, f"event {event.trigger.text!r} has no place: {record.places}"
    return found[0]


@pytest.mark.slow
def test_a_name_the_gazetteer_lacks_is_kept_as_a_site_when_the_text_says_place(
        pipeline: tuple[Any, Any]) -> None:
    record, _ = _run(pipeline, "Artillery shelled the village of Qarat Zawiyeh overnight, "
                               "residents said.")
    place = _place_of(record, _event(record, "shelled"))
    assert place.name == "Qarat Zawiyeh"
    assert (place.kind, place.lat, place.lon, place.country) == ("site", None, None, None)
    assert place.id == "geo:name:qarat-zawiyeh"


@pytest.mark.slow
def test_an_unknown_capitalised_word_without_a_place_cue_is_no_place(
        pipeline: tuple[Any, Any]) -> None:
    record, _ = _run(pipeline, "Officials from Qarat Zawiyeh Holdings met the minister.")
    assert all(p.lat is not None for p in record.places)


@pytest.mark.slow
def test_a_city_tagged_as_a_person_after_in_is_the_protests_place(
        pipeline: tuple[Any, Any]) -> None:
    record, _ = _run(pipeline, "Students demonstrated in Sanaa on Sunday to demand the "
                               "release of a teacher.")
    place = _place_of(record, _event(record, "demonstrated"))
    assert (place.name, place.country) == ("Sanaa", "YEM")


@pytest.mark.slow
def test_a_preposed_locative_phrase_places_the_main_verb(pipeline: tuple[Any, Any]) -> None:
    record, _ = _run(pipeline, "In Vienna, some 2,000 people, many carrying flags, marched "
                               "to demand new elections.")
    assert _place_of(record, _event(record, "marched")).country == "AUT"


@pytest.mark.slow
def test_a_place_in_another_subjects_clause_does_not_place_the_event(
        pipeline: tuple[Any, Any]) -> None:
    record, _ = _run(pipeline, "The suspect was captured last year and his brother was "
                               "killed in Venezuela in February.")
    assert _event(record, "captured").place is None


@pytest.mark.slow
def test_patrols_are_a_show_of_force_placed_by_their_object(
        pipeline: tuple[Any, Any]) -> None:
    record, _ = _run(pipeline, "Soldiers patrolled the streets of Mosul on Friday.")
    event = _event(record, "patrolled")
    assert (event.type, event.cameo, event.acled) == ("MOBILIZE", "15", None)
    assert _place_of(record, event).country == "IRQ"


@pytest.mark.slow
def test_a_captured_person_is_a_capture_event_even_as_a_pronoun(
        pipeline: tuple[Any, Any]) -> None:
    record, _ = _run(pipeline, "He was captured in Pakistan in 2003.")
    event = _event(record, "captured")
    assert event.type == "ASSAULT"
    assert _place_of(record, event).id == "geo:PAK"


@pytest.mark.slow
def test_a_trigger_keeps_the_casualty_verb_it_took_in(pipeline: tuple[Any, Any]) -> None:
    text = "Three guards were killed in an airstrike on a base near Kandahar."
    record, doc = _run(pipeline, text)
    assert [e.trigger.text for e in record.events] == ["airstrike"]
    trigger = next(t for t in find_triggers(doc, record.actors) if t.span.text == "airstrike")
    assert [s.text for s in trigger.absorbed] == ["killed"]
    assert _place_of(record, record.events[0]).country == "AFG"


@pytest.mark.slow
def test_a_later_sections_dateline_places_and_dates_its_events(
        pipeline: tuple[Any, Any]) -> None:
    text = ("BAGHDAD, March 2 (Reuters) - Iraqi forces advanced against militants in the west "
            "of the country, the army said.\n\n"
            "MOSUL, March 3 - Militants attacked an army checkpoint overnight, killing two "
            "soldiers.\n")
    record, _ = _run(pipeline, text)
    advanced, attacked = _event(record, "advanced"), _event(record, "attacked")
    assert _place_of(record, advanced).name == "Baghdad"
    assert (_place_of(record, attacked).name, attacked.place_basis) == ("Mosul", "dateline")


def test_a_name_resolved_once_is_never_also_a_nameless_site() -> None:
    from ceasefire.extract.places import _known_names, _Mention, _unknown_place
    from ceasefire.kb.gazetteer import Candidate

    town = Candidate("79415", "Al Hudaydah", "city", "YEM", None, 14.8, 42.9, 400_000)
    resolved = _Mention(30, 38, "Hodeidah", None, "GPE")
    site = _Mention(70, 78, "Hodeidah", None, "ORG", True)
    other = _Mention(90, 97, "Ras Isa", None, "LOC", True)
    chosen = {resolved: town, site: _unknown_place("Hodeidah"),
              other: _unknown_place("Ras Isa")}
    merged = _known_names(chosen)
    assert merged[site] is town  # the same name in one report is the same place
    assert merged[other].id == "name:ras-isa"  # a name the report never resolved stays


@pytest.mark.slow
def test_the_land_taken_control_of_places_the_capture(pipeline: tuple[Any, Any]) -> None:
    text = ("ADDIS ABABA, Aug 5 (Reuters) - Rebel forces have taken control of the town of "
            "Lalibela, residents said on Thursday.")
    record, _ = _run(pipeline, text)
    taken = _event(record, "taken control")
    assert (_place_of(record, taken).name, taken.place_basis) == ("Lalibela", "sentence")


# ----------------------------------------------------------- round 3: places that generalise


@pytest.mark.slow
def test_a_place_in_a_clause_describing_a_participant_places_the_event(
        pipeline: tuple[Any, Any]) -> None:
    record, _ = _run(pipeline, "Government troops killed six gunmen who had tried to storm "
                               "a checkpoint in the town of Kadugli.")
    assert _place_of(record, _event(record, "killed")).name == "Kadugli"


@pytest.mark.slow
def test_a_clause_of_another_time_does_not_place_the_event(
        pipeline: tuple[Any, Any]) -> None:
    record, _ = _run(pipeline, "Police have arrested dozens of suspects since gunmen "
                               "attacked a hotel in Nairobi last year.")
    assert _event(record, "arrested").place is None
    assert _place_of(record, _event(record, "attacked")).name == "Nairobi"


@pytest.mark.slow
def test_a_direction_reference_point_does_not_outrank_the_place_it_locates(
        pipeline: tuple[Any, Any]) -> None:
    record, _ = _run(pipeline, "Two soldiers died when a mine exploded in Kunar province, "
                               "east of Kabul.")
    assert _place_of(record, _event(record, "exploded")).name == "Kunar"


@pytest.mark.slow
def test_verbs_sharing_a_subject_share_their_when_clause(pipeline: tuple[Any, Any]) -> None:
    record, _ = _run(pipeline, "The army shot down and killed two pilots when their "
                               "helicopter crossed into Tajikistan.")
    assert _place_of(record, _event(record, "shot down")).name == "Tajikistan"


@pytest.mark.slow
def test_a_landmark_named_with_an_article_is_a_site(pipeline: tuple[Any, Any]) -> None:
    record, _ = _run(pipeline, "Rebels stormed the Tumbura School on Sunday.")
    place = _place_of(record, _event(record, "stormed"))
    assert (place.name, place.kind) == ("Tumbura School", "site")


@pytest.mark.slow
def test_a_place_inside_an_actors_name_after_in_is_still_a_place(
        pipeline: tuple[Any, Any]) -> None:
    record, _ = _run(pipeline, "Officers of the African Union mission in Somalia patrolled "
                               "the port.")
    assert [p.name for p in record.places] == ["Somalia"]
