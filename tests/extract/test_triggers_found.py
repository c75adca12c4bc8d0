"""Events found on the words that state them (round 6 of the location work): verbs that only
say an event took place, captures of shares of land and of people counted by a number,
nouns the parser tags as adjectives, casualty verbs taken in through chains and passive
agents, and violence by armed forces that an accident word nearby does not cancel; and
(round 7) verbs of dying that report the outcome of violence belong to that violence's
event, whoever died being its victim, never its doer; a verb the small model tags as a noun
with a subject of its own ("gunmen shot and wounded") is still the verb of its clause; "a
column of army tanks" that enters a town is an armed force; and (round 8) verbs the small
model loses (a present-tense verb or a participle read as a modifier of its object, a lost
progressive, a captured name joined to the date after it), more verbs that say an event
took place ("carried out", "rained down", "claimed 14 lives", "began the morning with an
assault"), a disaster in the subject's relative clause is no cause, and a group named by an
Arabic word for army is armed; and (round 10) a participle stating a toll or what an act
set off, an answer by an act, "had a firefight with", "part of a wave of attacks", verbs
that describe an event noun ("gripped", "caused"), a few more words for violence, an
object shared through a conjunct's infinitive, and armed forces set to enter a named
place.

Sentences here are written for these tests. Model-backed tests are marked ``slow``.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from ceasefire.extract.triggers import Trigger, find_triggers
from ceasefire.schema import DocumentMeta, Record


def run(nlp: Any, text: str) -> list[Trigger]:
    return find_triggers(nlp(text), ())


def taken_in(trigger: Trigger) -> list[str]:
    return [span.text for span in trigger.absorbed]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "noun", "verb"), [
    ("The ambush occurred near a river crossing on Monday.", "ambush", "occurred"),
    ("Heavy clashes broke out in the northern district.", "clashes", "broke"),
    ("The rally took place outside the parliament.", "rally", "took"),
    ("There was an explosion at the bus depot on Friday.", "explosion", "was"),
    ("Most of the attacks happened at night in the capital.", "attacks", "happened"),
    ("A raid by armed men on two hamlets left nine people dead.", "raid", "left"),
])
def test_a_verb_that_says_an_event_happened_belongs_to_it(
        nlp: Any, text: str, noun: str, verb: str) -> None:
    (trigger,) = run(nlp, text)
    assert trigger.span.text == noun
    assert verb in taken_in(trigger)


@pytest.mark.slow
def test_a_verb_of_its_own_is_not_taken_in(nlp: Any) -> None:
    # "resumed" is a light verb here, carrying the noun: one trigger spanning both.
    (trigger,) = run(nlp, "The army resumed its offensive on the town.")
    assert trigger.span.text == "resumed its offensive"


@pytest.mark.slow
@pytest.mark.parametrize(("text", "mode"), [
    ("Rebels have seized about 40 percent of the province.", None),
    ("The militia captured a third of the district last year.", None),
    ("Three others were captured near the border on Sunday.", "abduct"),
    ("Twelve of the suspects were captured at the port.", "abduct"),
])
def test_captures_of_shares_and_of_counted_people(nlp: Any, text: str, mode: str | None) -> None:
    (trigger,) = [t for t in run(nlp, text) if t.span.text in ("seized", "captured")]
    assert (trigger.type, trigger.mode) == ("ASSAULT", mode)


@pytest.mark.slow
def test_coordinated_verbs_share_their_object(nlp: Any) -> None:
    found = run(nlp, "The army captured and annexed the disputed plateau.")
    assert [t.span.text for t in found if t.type == "ASSAULT"] == ["captured"]


@pytest.mark.slow
def test_votes_are_not_captured_by_force(nlp: Any) -> None:
    assert run(nlp, "The party captured most rural votes in the election.") == []


@pytest.mark.slow
@pytest.mark.parametrize(("text", "span"), [
    ("The militia launched an offensive on the airport.", "launched an offensive"),
    ("The rebels launched a counter-offensive against the garrison.",
     "launched a counter-offensive"),
    ("The rebel council announced the start of a new offensive in the south.",
     "announced the start of a new offensive"),
])
def test_offensives_launched_and_announced(nlp: Any, text: str, span: str) -> None:
    (trigger,) = run(nlp, text)
    assert (trigger.span.text, trigger.type) == (span, "ASSAULT")


@pytest.mark.slow
def test_casualties_chained_to_a_clash_stay_with_it(nlp: Any) -> None:
    (trigger,) = run(nlp, "Nine people were killed while more were wounded in a clash "
                          "between two clans.")
    assert trigger.span.text == "clash"
    assert {"killed", "wounded"} <= set(taken_in(trigger))


@pytest.mark.slow
def test_killed_by_a_device_near_an_industrial_site(nlp: Any) -> None:
    (trigger,) = run(nlp, "Two policemen were killed by a roadside bomb near the refinery.")
    assert trigger.span.text == "roadside bomb"
    assert "killed" in taken_in(trigger)


@pytest.mark.slow
def test_armed_forces_destroying_a_factory_is_no_accident(nlp: Any) -> None:
    found = run(nlp, "Army units destroyed a cement factory outside the town.")
    assert [t.type for t in found] == ["ASSAULT"]


@pytest.mark.slow
def test_an_industrial_blast_is_still_an_accident(nlp: Any) -> None:
    assert run(nlp, "A gas cylinder explosion at a factory killed five workers.") == []


@pytest.mark.slow
def test_a_thrown_grenade_is_the_attack(nlp: Any) -> None:
    (trigger,) = run(nlp, "A man threw a hand grenade into the crowded market.")
    assert trigger.span.text == "threw a hand grenade"
    assert trigger.acled == ("Explosions/Remote violence", "Grenade")


@pytest.mark.slow
def test_sacking_villages_is_violence_and_sacking_a_minister_is_not(nlp: Any) -> None:
    assert [t.type for t in run(nlp, "Raiders sacked three villages in the valley.")] == [
        "ASSAULT"]
    assert all(t.type != "ASSAULT" for t in run(
        nlp, "The president sacked his defence minister."))


@pytest.mark.slow
@pytest.mark.parametrize(("text", "entered"), [
    ("Government troops entered the town on Sunday after a brief battle.", True),
    ("The militia is expected to enter the village within hours.", True),
    ("Thousands of refugees entered the country last week.", False),
    ("The talks entered a second week.", False),
])
def test_entering_a_place_is_force_only_for_armed_forces(
        nlp: Any, text: str, entered: bool) -> None:
    found = [t for t in run(nlp, text) if t.span.text.startswith("ent")]
    assert bool(found) is entered
    assert all(t.type == "ASSAULT" for t in found)


@pytest.mark.slow
def test_a_relative_pronoun_stands_for_what_was_taken(nlp: Any) -> None:
    found = run(nlp, "Officials said the town, which was seized by rebels in May, has been "
                     "retaken by the army.")
    seized = next(t for t in found if t.span.text == "seized")
    assert (seized.type, seized.acled) == (
        "ASSAULT", ("Battles", "Non-state actor overtakes territory"))


@pytest.mark.slow
def test_a_participle_after_and_is_a_verb(nlp: Any) -> None:
    found = run(nlp, "In two villages, the army and a militia murdered and tortured local "
                     "farmers.")
    assert [t.span.text for t in found] == ["murdered", "tortured"]


@pytest.mark.slow
def test_planted_bombs_and_burnt_buildings(nlp: Any) -> None:
    (bombs,) = run(nlp, "The bombs were planted overnight at two homes in the old quarter.")
    assert "planted" in taken_in(bombs)
    (burnt,) = run(nlp, "Gunmen burnt the palace of the local chief.")
    assert burnt.type == "ASSAULT"


@pytest.mark.slow
def test_captured_by_soldiers_is_a_capture_and_by_a_camera_is_not(nlp: Any) -> None:
    (trigger,) = run(nlp, "Lindh was captured in Kunduz by soldiers of the northern alliance.")
    assert (trigger.type, trigger.mode) == ("ASSAULT", "abduct")
    assert run(nlp, "The scene was captured by a security camera in the lobby.") == []


@pytest.mark.slow
def test_hours_after_an_attack_is_a_time_not_a_cause(nlp: Any) -> None:
    found = run(nlp, "Hours after the ambush, army units destroyed a warehouse outside the "
                     "town.")
    destroyed = next(t for t in found if t.span.text == "destroyed")
    assert destroyed.type == "ASSAULT"


@pytest.mark.slow
def test_a_town_held_by_rebels_is_no_abduction(nlp: Any) -> None:
    found = run(nlp, "Troops shelled Ardo, the last town held by the rebels.")
    assert all(t.mode != "abduct" for t in found)


@pytest.mark.slow
@pytest.mark.parametrize(("text", "noun", "verb"), [
    ("Firefights were reported between the army and rebels near the dam.", "Firefights",
     "reported"),
])
def test_an_event_reported_in_the_passive_takes_the_verb(
        nlp: Any, text: str, noun: str, verb: str) -> None:
    (trigger,) = run(nlp, text)
    assert (trigger.span.text, taken_in(trigger)) == (noun, [verb])


@pytest.mark.slow
def test_managing_to_advance_is_the_advance(nlp: Any) -> None:
    trigger = next(t for t in run(nlp, "Militants managed to advance in the hills overnight.")
                   if t.type == "ASSAULT")
    assert "managed" in taken_in(trigger)


# ---------------------------------------------------------------- round 7

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


# --------------------------------------------------------------------------- round 10

@pytest.mark.slow
def test_a_participle_that_states_the_toll_belongs_to_the_act(nlp: Any) -> None:
    found = on(run(nlp, "Gunmen stormed a guesthouse in Baidoa on Sunday, leaving nine guards "
                        "dead."), "stormed")
    assert "leaving" in taken_in(found)


@pytest.mark.slow
def test_an_answer_by_an_act_states_that_act(nlp: Any) -> None:
    found = on(run(nlp, "Government troops responded by shelling rebel positions near "
                        "Kidal."), "shelling")
    assert taken_in(found) == ["responded"]


@pytest.mark.slow
def test_fighting_that_grips_a_town_took_place_there(nlp: Any) -> None:
    (found,) = run(nlp, "Fierce clashes have gripped the town of Tessalit for three days.")
    assert found.span.text == "clashes"
    assert taken_in(found) == ["gripped"]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "trigger", "mode"), [
    ("Two shepherds were sprayed with gunfire from a passing pickup near Gao.",
     "sprayed with gunfire", "firearms"),
    ("Militiamen desecrated graves in the cemetery of Djenne.", "desecrated", "destroy"),
])
def test_more_words_for_violence(nlp: Any, text: str, trigger: str, mode: str) -> None:
    found = on(run(nlp, text), trigger)
    assert (found.type, found.mode) == ("ASSAULT", mode)


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "The Malian army is in position to enter Kidal from the south.",
    "The rebels and their allies look to enter Gao tonight.",
    "The army made a push to retake Menaka and enter Anefis.",
])
def test_who_is_set_to_enter_a_named_place_takes_it(nlp: Any, text: str) -> None:
    assert on(run(nlp, text), "enter").type == "ASSAULT"


@pytest.mark.slow
def test_having_a_fight_with_someone_states_the_fight(nlp: Any) -> None:
    found = on(run(nlp, "At dawn a patrol had a firefight with rebels outside Kfar "
                        "Aza."), "firefight")
    assert taken_in(found) == ["had"]
    assert taken_in(on(run(nlp, "The army had talks with the rebels in Bamako."), "talks")) == []


@pytest.mark.slow
def test_a_shared_object_reached_through_the_conjuncts_infinitive(nlp: Any) -> None:
    found = on(run(nlp, "Villagers captured and threatened to lynch two policemen near "
                        "Tlalpan."), "captured")
    assert (found.mode, taken_in(found)) == ("abduct", ["policemen"])


@pytest.mark.slow
@pytest.mark.parametrize(("text", "noun", "verb"), [
    ("The explosion near the port of Aden was caused by a mine.", "explosion", "caused"),
    ("One attack took place in Gao and caused two deaths.", "attack", "caused"),
    ("The two killings were part of a fresh wave of attacks across Kirkuk after the arrest "
     "of the governor.", "attacks", "were"),
    ("The market bombings brought the death toll in Kano to 60 this week.", "bombings",
     "brought"),
])
def test_verbs_that_describe_an_event_noun_belong_to_it(
        nlp: Any, text: str, noun: str, verb: str) -> None:
    assert verb in taken_in(on(run(nlp, text), noun))


@pytest.mark.slow
@pytest.mark.parametrize(("text", "verb"), [
    ("Snipers shot at an outpost near Gorazde, prompting the troops to return fire.",
     "prompting"),
    ("Troops shot two rebels in Pidie on Sunday, bringing to 40 the number of rebels killed "
     "since May.", "bringing"),
])
def test_a_participle_that_states_what_an_act_set_off_belongs_to_it(
        nlp: Any, text: str, verb: str) -> None:
    assert verb in taken_in(on(run(nlp, text), "shot"))
