"""Actor extraction on the real model: KB names, people, generic actors, countries that act."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ceasefire.extract.actors import ActorExtractor
from ceasefire.schema import Actor

pytestmark = pytest.mark.slow

EXAMPLE = Path("/work/shared/examples/libya-moscow-talks.txt")

# Sentences written for these tests (not taken from any corpus).
SENTENCES = [
    "Russian Foreign Minister Sergey Lavrov met the delegation in Moscow on Monday. "
    "Lavrov later said the meeting had been useful.",
    "Turkey and Russia urged both camps to respect the truce that began in Libya.",
    "The truce was brokered by Qatar and Egypt after weeks of talks in Doha.",
    "Turkish troops and Kurdish fighters exchanged fire near the border.",
    "Sudanese paramilitary fighters stormed a market in the town, the army said.",
    "Haftar\u2019s forces shelled the airport while the GNA promised a response.",
    "The Russian Foreign Ministry said Russian and Turkish representatives would attend.",
    "Nigerian police spokesman Musa Danladi said gunmen had abducted 30 students. "
    "Danladi said the search continued.",
    "Fighting continued in Tripoli and Benghazi, residents said.",
    "Erdo\u011fan\u2019s government and Hamas officials rejected the proposal.",
    "UN peacekeepers and pro-government militias were deployed to the area.",
    "U.S. and NATO troops left the base, AFP reported.",
    "TDF fighters clashed with Myanmar junta troops near the river.",
    "In Ethiopia, the TDF said its fighters had withdrawn.",
]


@pytest.fixture(scope="module")
def extractor() -> ActorExtractor:
    return ActorExtractor()


def _actors(nlp: Any, extractor: ActorExtractor, text: str) -> dict[str, Actor]:
    return {a.id: a for a in extractor(nlp(text))}


def _by_mention(actors: dict[str, Actor], words: str) -> Actor:
    found = [a for a in actors.values() if any(m.text == words for m in a.mentions)]
    assert len(found) == 1, (words, sorted(actors))
    return found[0]


def test_title_gives_country_and_surname_is_the_same_person(
    nlp: Any, extractor: ActorExtractor
) -> None:
    actors = _actors(nlp, extractor, SENTENCES[0])
    lavrov = actors["act:lavrov"]
    assert (lavrov.country, lavrov.sector, lavrov.kb) == ("RUS", "GOV", True)
    assert [m.text for m in lavrov.mentions] == ["Sergey Lavrov", "Lavrov"]
    assert "act:rus" not in actors  # "in Moscow" is a place, and nothing acts as Russia


def test_countries_act_as_subjects_and_agents(nlp: Any, extractor: ActorExtractor) -> None:
    actors = _actors(nlp, extractor, SENTENCES[1])
    assert {"act:tur", "act:rus"} <= set(actors)
    assert "act:lby" not in actors  # "in Libya" is where, not who
    actors = _actors(nlp, extractor, SENTENCES[2])
    assert {"act:qat", "act:egy"} <= set(actors)


def test_national_troops_and_qualified_fighters(nlp: Any, extractor: ActorExtractor) -> None:
    actors = _actors(nlp, extractor, SENTENCES[3])
    troops = _by_mention(actors, "Turkish troops")
    assert (troops.country, troops.sector) == ("TUR", "MIL")
    kurds = _by_mention(actors, "Kurdish fighters")
    assert (kurds.country, kurds.sector, kurds.kb) == (None, "REB", False)


def test_unknown_armed_group_gets_country_and_sector(nlp: Any, extractor: ActorExtractor) -> None:
    actors = _actors(nlp, extractor, SENTENCES[4])
    fighters = _by_mention(actors, "Sudanese paramilitary fighters")
    assert fighters.id.startswith("act:x-") and not fighters.kb
    assert fighters.country == "SDN"
    assert fighters.sector in {"MIL", "REB"}
    assert fighters.id != "act:saf"  # paramilitaries are not the national army


def test_possessor_leads_to_the_force_he_commands(nlp: Any, extractor: ActorExtractor) -> None:
    actors = _actors(nlp, extractor, SENTENCES[5])
    assert [m.text for m in actors["act:lna"].mentions] == ["Haftar\u2019s forces"]
    assert [m.text for m in actors["act:haftar"].mentions] == ["Haftar"]
    assert "act:gna" in actors


def test_ministry_and_representatives_stand_for_the_state(
    nlp: Any, extractor: ActorExtractor
) -> None:
    actors = _actors(nlp, extractor, SENTENCES[6])
    russia = actors["act:rus"]
    texts = [m.text for m in russia.mentions]
    assert "Russian Foreign Ministry" in texts
    assert "Russian and Turkish representatives" in texts
    assert "act:tur" in actors


def test_unknown_person_with_title(nlp: Any, extractor: ActorExtractor) -> None:
    actors = _actors(nlp, extractor, SENTENCES[7])
    person = _by_mention(actors, "Musa Danladi")
    assert (person.country, person.sector, person.kb) == ("NGA", "COP", False)
    assert [m.text for m in person.mentions] == ["Musa Danladi", "Danladi"]
    assert _by_mention(actors, "gunmen").sector == "UAF"


def test_places_are_not_actors(nlp: Any, extractor: ActorExtractor) -> None:
    actors = _actors(nlp, extractor, SENTENCES[8])
    mentioned = {m.text for a in actors.values() for m in a.mentions}
    assert not mentioned & {"Tripoli", "Benghazi"}
    assert _by_mention(actors, "residents").sector == "CVL"


def test_diacritics_and_curly_possessive(nlp: Any, extractor: ActorExtractor) -> None:
    actors = _actors(nlp, extractor, SENTENCES[9])
    assert "act:erdogan" in actors
    assert "Erdo\u011fan\u2019s government" in [m.text for m in actors["act:tur"].mentions]
    assert "act:hamas" in actors


def test_stance_and_owner_modifiers(nlp: Any, extractor: ActorExtractor) -> None:
    actors = _actors(nlp, extractor, SENTENCES[10])
    peacekeepers = _by_mention(actors, "UN peacekeepers")
    assert (peacekeepers.sector, peacekeepers.affiliation) == ("MIL", "act:un")
    militias = _by_mention(actors, "pro-government militias")
    assert militias.id.startswith("act:x-pro-government")


def test_coordinated_modifiers_make_one_actor_each(nlp: Any, extractor: ActorExtractor) -> None:
    actors = _actors(nlp, extractor, SENTENCES[11])
    assert _by_mention(actors, "U.S. and NATO troops").id == "act:us-military"
    assert _by_mention(actors, "NATO troops").affiliation == "act:nato"
    assert "act:afp" in actors


def test_short_acronym_needs_its_country_in_the_report(
    nlp: Any, extractor: ActorExtractor
) -> None:
    assert "act:tdf" not in _actors(nlp, extractor, SENTENCES[12])
    assert "act:tatmadaw" in _actors(nlp, extractor, SENTENCES[12])
    assert "act:tdf" in _actors(nlp, extractor, SENTENCES[13])


def test_place_names_are_not_unknown_actors(nlp: Any) -> None:
    text = "Kafr Zita and Tora Bora said the roads were open, Omar Saleh told reporters."
    plain = {a.id for a in ActorExtractor()(nlp(text))}
    assert "act:x-omar-saleh" in plain
    assert "act:x-kafr-zita" not in plain  # "Kafr ..." reads as a place name
    hooked = ActorExtractor(is_place=lambda name: name in {"Omar Saleh", "Tora Bora"})
    ids = {a.id for a in hooked(nlp(text))}
    assert "act:x-omar-saleh" not in ids and "act:x-tora-bora" not in ids
    assert ids <= plain


def _check_invariants(text: str, actors: list[Actor]) -> None:
    firsts = [a.mentions[0].start for a in actors]
    assert firsts == sorted(firsts)
    assert len({a.id for a in actors}) == len(actors)
    for actor in actors:
        spans = [(m.start, m.end) for m in actor.mentions]
        assert spans == sorted(set(spans)), actor.id
        for mention in actor.mentions:
            assert text[mention.start : mention.end] == mention.text
            assert mention.text.strip() == mention.text and mention.text


def test_span_invariant_and_order(nlp: Any, extractor: ActorExtractor) -> None:
    for text in SENTENCES:
        _check_invariants(text, extractor(nlp(text)))


def test_pipe_matches_call(nlp: Any, extractor: ActorExtractor) -> None:
    docs = list(nlp.pipe(SENTENCES[:4]))
    assert list(extractor.pipe(docs)) == [extractor(d) for d in docs]


def test_libya_example_end_to_end(nlp: Any, extractor: ActorExtractor) -> None:
    if not EXAMPLE.is_file():
        pytest.skip(f"{EXAMPLE} absent")
    text = EXAMPLE.read_text(encoding="utf-8")
    doc = nlp(text)
    found = extractor(doc)
    _check_invariants(doc.text, found)
    actors = {a.id: a for a in found}
    assert len(actors["act:haftar"].mentions) >= 4
    assert "act:sarraj" in actors and "act:gna" in actors and "act:un" in actors
    assert actors["act:lavrov"].country == "RUS"
    assert {"act:rus", "act:tur"} <= set(actors)
    assert "act:lna" in actors  # "Haftar's forces"
    mentioned = {m.text for a in found for m in a.mentions}
    assert "Tripoli" not in mentioned and "Moscow" not in mentioned


def test_an_alias_at_the_end_of_a_longer_name_is_not_that_actor(
    nlp: Any, extractor: ActorExtractor
) -> None:
    text = ("Iran's Supreme National Security Council said the country would respond. "
            "The UN Security Council met on Friday.")
    actors = _actors(nlp, extractor, text)
    council = _by_mention(actors, "Supreme National Security Council")
    assert council.id != "act:unsc" and council.country == "IRN"
    assert [m.text for m in actors["act:unsc"].mentions] == ["UN Security Council"]
