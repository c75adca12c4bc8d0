"""Events found where the small model loses the verb (round 8 of the location work): a
present-tense verb read as a modifier of its object ("farmers patrol fields"), a
participle read as a modifier of its object in a sentence left with no verb ("forces on
Friday captured X"), a progressive read as a modifier ("are now patrolling villages"), and
a captured person whose name the parser joined to the date after it ("captured Hassan
Thursday"); more verbs that say an event took place ("the attack carried out on 3 May",
"mortars rained down", "claimed 14 lives", "began the morning with an assault"); a
disaster named in the subject's relative clause is no cause; a group named by an Arabic
word for army is armed.

Sentences here are written for these tests. Model-backed tests are marked ``slow``.
"""

from __future__ import annotations

from typing import Any

import pytest

from ceasefire.extract.triggers import Trigger, find_triggers


@pytest.fixture(scope="module")
def nlp() -> Any:
    from ceasefire.nlp import load_model

    return load_model()


def run(nlp: Any, text: str) -> list[Trigger]:
    return find_triggers(nlp(text), ())


def on(triggers: list[Trigger], word: str) -> Trigger:
    (found,) = [t for t in triggers if t.span.text == word]
    return found


@pytest.mark.slow
def test_a_present_tense_verb_read_as_a_modifier_is_a_verb(nlp: Any) -> None:
    found = on(run(nlp, "On May 3, local farmers patrol fields in the valley of Swat."),
               "patrol")
    assert found.type == "MOBILIZE"


@pytest.mark.slow
@pytest.mark.parametrize(("text", "verb"), [
    ("Kenyan forces on Friday captured Kismayo, a port the militia had held for years.",
     "captured"),
    ("Jets from the carrier, and drones from a nearby base, bombed depots used by smugglers "
     "near Kunar.", "bombed"),
])
def test_a_participle_in_a_sentence_with_no_verb_is_its_verb(
        nlp: Any, text: str, verb: str) -> None:
    assert on(run(nlp, text), verb).type == "ASSAULT"


@pytest.mark.slow
def test_a_participle_with_the_nouns_determiner_before_it_stays_an_adjective(
        nlp: Any) -> None:
    assert run(nlp, "Ethiopian forces on Sunday in the captured port.") == []


@pytest.mark.slow
def test_a_progressive_read_as_a_modifier_is_a_verb(nlp: Any) -> None:
    found = on(run(nlp, "Peacekeepers are now patrolling villages in the hills near Goma."),
               "patrolling")
    assert found.type == "MOBILIZE"


@pytest.mark.slow
def test_a_name_joined_to_the_date_after_it_is_what_was_captured(nlp: Any) -> None:
    found = on(run(nlp, "Special forces captured Hassan Thursday in Mogadishu, the army "
                        "said."), "captured")
    assert found.type == "ASSAULT"
    assert [s.text for s in found.absorbed] == ["Hassan"]


@pytest.mark.slow
def test_a_light_verbs_participle_says_its_event_took_place(nlp: Any) -> None:
    triggers = run(nlp, "The minister condemned the attack carried out on 3 May against a "
                        "school in Jisr.")
    assert [s.text for s in on(triggers, "attack").absorbed] == ["carried"]
    # without the participle the attack is only a topic of the condemnation
    assert [t.span.text for t in run(nlp, "The minister condemned the attack in a "
                                          "statement.")] == ["condemned"]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "noun", "verb"), [
    ("Hours after the truce ended, mortars rained down on Kharkiv.", "mortars", "rained"),
    ("The car bomb outside the ministry in Kabul claimed 14 lives.", "car bomb", "claimed"),
])
def test_more_verbs_that_say_an_event_happened(
        nlp: Any, text: str, noun: str, verb: str) -> None:
    assert verb in [s.text for s in on(run(nlp, text), noun).absorbed]


@pytest.mark.slow
def test_the_verb_that_said_a_merged_event_happened_goes_along(nlp: Any) -> None:
    (found,) = run(nlp, "Troops fought a battle that continued for hours near Kidal.")
    assert [s.text for s in found.absorbed] == ["battle", "continued"]


@pytest.mark.slow
def test_a_light_verb_carries_the_noun_the_parser_made_a_modifier(nlp: Any) -> None:
    found = on(run(nlp, "The Islamic State launched a surprise offensive to recapture the "
                        "dam."), "launched a surprise offensive")
    assert found.type == "ASSAULT"


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "A convict who had fled during the hurricane was shot dead by police in Les Cayes.",
    "Near Homs, a driver who survived the earthquake was shot by soldiers.",
])
def test_a_disaster_in_the_subjects_relative_clause_is_not_the_cause(
        nlp: Any, text: str) -> None:
    assert [t.type for t in run(nlp, text)] == ["ASSAULT"]


@pytest.mark.slow
def test_what_an_offensive_is_aimed_at_is_part_of_it(nlp: Any) -> None:
    found = on(run(nlp, "The offensive near Idlib is aimed at cutting the supply road to "
                        "Saraqeb."), "offensive")
    assert [s.text for s in found.absorbed] == ["aimed"]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "act"), [
    ("The rebels began the morning with a surprise assault on army positions near Kfar "
     "Nabuda.", "assault"),
    ("The militia began the week by launching a counter-attack on government lines near Tal "
     "Hamid.", "launching a counter-attack"),
])
def test_a_verb_of_aspect_states_the_act_in_its_by_or_with_phrase(
        nlp: Any, text: str, act: str) -> None:
    assert [s.text for s in on(run(nlp, text), act).absorbed] == ["began"]


@pytest.mark.slow
def test_going_on_with_an_attack_is_not_its_start(nlp: Any) -> None:
    triggers = run(nlp, "Continuing with his fierce attack on the government, the senator "
                        "asked why nothing was done.")
    assert all("Continuing" not in [s.text for s in t.absorbed] for t in triggers)


@pytest.mark.slow
def test_a_group_named_by_its_arabic_word_for_army_is_armed(nlp: Any) -> None:
    found = on(run(nlp, "On Monday, Jaysh al-Islam entered Douma after heavy fighting."),
               "entered")
    assert found.type == "ASSAULT"
    assert run(nlp, "A convoy of refugee trucks entered the town.") == []
