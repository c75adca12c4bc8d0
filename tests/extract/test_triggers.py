"""Event triggers: typing in PLOVER / CAMEO / ACLED, the topic rule, one trigger per event,
status and attribution.

Sentences here are written for these tests. Model-backed tests are marked ``slow`` and share
one pipeline per module.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from ceasefire.extract.triggers import Trigger, find_triggers, load_lexicon, main_trigger
from ceasefire.schema import Actor, Span

PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                "COERCE", "ASSAULT"}
ACLED = {
    "Battles": {"Armed clash", "Government regains territory",
                "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Air/drone strike", "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Suicide bomb", "Grenade",
                                   "Chemical weapon"},
    "Violence against civilians": {"Attack", "Abduction/forced disappearance",
                                   "Sexual violence"},
    "Protests": {"Peaceful protest", "Protest with intervention",
                 "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity",
                               "Disrupted weapons use", "Headquarters or base established",
                               "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}


def actor(text: str, phrase: str, actor_id: str, sector: str | None = None) -> Actor:
    """An actor whose one mention is the first occurrence of ``phrase`` in ``text``."""
    start = text.index(phrase)
    mention = Span(start=start, end=start + len(phrase), text=phrase)
    return Actor(id=actor_id, name=phrase, country=None, sector=sector, kb=True,
                 mentions=(mention,))


def run(nlp: Any, text: str, actors: Sequence[Actor] = ()) -> list[Trigger]:
    doc = nlp(text)
    found = find_triggers(doc, actors)
    for t in found:  # the span invariant holds for every trigger we return
        assert text[t.span.start:t.span.end] == t.span.text
        assert doc[t.head].idx <= t.span.end and t.span.text.strip() == t.span.text
    assert [t.span.start for t in found] == sorted(t.span.start for t in found)
    return found


def main(nlp: Any, text: str, actors: Sequence[Actor] = ()) -> Trigger:
    found = main_trigger(run(nlp, text, actors))
    assert found is not None, text
    return found


# --------------------------------------------------------------------------- no model


def test_lexicon_types_follow_the_published_ontologies() -> None:
    lex = load_lexicon()
    for sense in lex.senses.values():
        assert sense.type in PLOVER_TYPES, sense
        assert sense.cameo is not None and 1 <= int(sense.cameo) <= 20, sense
        if sense.acled is not None:
            assert sense.acled[1] in ACLED[sense.acled[0]], sense
    for rule in lex.rules:
        fields = dict(rule.fields)
        if fields.get("acled"):
            event_type, sub_type = fields["acled"]
            assert sub_type in ACLED[event_type], rule.name
        if "type" in fields:
            assert fields["type"] in PLOVER_TYPES, rule.name


def test_lexicon_indexes_words_and_phrases() -> None:
    lex = load_lexicon()
    assert lex.nouns["airstrike"] == "airstrike"
    assert lex.verbs["shell"] == "shell"
    assert any(words == ("open", "fire") for words, _ in lex.phrases["open"])
    # hyphenated items are matched token by token, as spaCy splits them
    assert any(words == ("cease", "-", "fire") for words, _ in lex.phrases["cease"])


def _trigger(start: int, sentence: int, depth: int) -> Trigger:
    return Trigger(head=start, span=Span(start, start + 1, "x"), type="ASSAULT", mode=None,
                   cameo="19", acled=None, status="asserted", attributed_to=None,
                   sentence=sentence, depth=depth)


def test_main_trigger_prefers_first_sentence_then_highest_clause() -> None:
    first_deep = _trigger(0, 0, 2)
    first_top = _trigger(10, 0, 0)
    later_top = _trigger(50, 1, 0)
    assert main_trigger([first_deep, later_top, first_top]) is first_top
    assert main_trigger([later_top]) is later_top
    assert main_trigger([]) is None


# --------------------------------------------------------------------------- PLOVER families

FAMILIES = [
    ("The two governments agreed to cooperate on border security.", "AGREE", "03"),
    ("The foreign ministers held talks in Geneva on Tuesday.", "CONSULT", "04"),
    ("The council praised the mediators for their patience.", "SUPPORT", "05"),
    ("The two armies shared intelligence on the smuggling routes.", "COOPERATE", "06"),
    ("The agency delivered food aid to the displaced families.", "AID", "07"),
    ("The governor lifted the curfew in the northern province.", "CONCEDE", "08"),
    ("The rebels released twelve hostages on Sunday.", "RETREAT", "08"),
    ("The envoy urged both sides to return to the negotiating table.", "REQUEST", "02"),
    ("The ministry condemned the shelling of the hospital.", "ACCUSE", "11"),
    ("The rebel leader rejected the peace proposal.", "REJECT", "12"),
    ("The militia threatened to storm the airport.", "THREATEN", "13"),
    ("Thousands of students marched through the capital on Saturday.", "PROTEST", "14"),
    ("The army deployed additional troops to the border region.", "MOBILIZE", "15"),
    ("The government expelled three diplomats on Monday.", "SANCTION", "16"),
    ("Police arrested fourteen opposition activists in the capital.", "COERCE", "17"),
    ("Government forces shelled rebel positions overnight.", "ASSAULT", "19"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "plover", "cameo"), FAMILIES)
def test_each_plover_family_is_typed(nlp: Any, text: str, plover: str, cameo: str) -> None:
    found = main(nlp, text)
    assert (found.type, found.cameo) == (plover, cameo)


MODES = [
    ("The Turkish president visited Baku on Monday.", "CONSULT", "visit"),
    ("The two leaders spoke by phone on Friday.", "CONSULT", "phone"),
    ("The rebels released twelve hostages on Sunday.", "RETREAT", "release"),
    ("Thousands of dockers went on a hunger strike last week.", "PROTEST", "strike-hun"),
    ("Police arrested fourteen opposition activists in the capital.", "COERCE", "arrest"),
    ("The government expelled three diplomats on Monday.", "SANCTION", "expel"),
    ("Warplanes bombed a market in the town, killing nine civilians.", "ASSAULT", "aerial"),
    ("Gunmen opened fire on worshippers leaving a mosque.", "ASSAULT", "firearms"),
    ("Militants kidnapped two aid workers near the border.", "ASSAULT", "abduct"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "plover", "mode"), MODES)
def test_modes(nlp: Any, text: str, plover: str, mode: str) -> None:
    found = main(nlp, text)
    assert (found.type, found.mode) == (plover, mode)


# Senses decided by meaning: what is handed over or evacuated, a promise of violence, an
# intention with a condition on the other side, talks that end without agreement.
SENSES = [
    ("Volunteers handed over 300 kg of medicine to the clinic in the valley.", "AID", None),
    ("The army handed over the airport to the police on Monday.", "RETREAT", "withdraw"),
    ("Relief helicopters evacuated the wounded from the besieged town.", "AID", "humanitarian"),
    ("The militia vowed to retake the airport before winter.", "THREATEN", "violence"),
    # keeping to a measure others imposed is no sanction, so the vow is no threat
    ("The neighbouring states pledged to respect the weapons embargo on the island.",
     "AGREE", None),
    ("The government said it would withdraw its troops unless the rebels disarmed.",
     "THREATEN", "relations"),
    ("The two delegations failed to reach agreement on the border line.", "REJECT", None),
    ("Hackers tried to hack into the computers of the electoral commission.", "COERCE",
     "cyber"),
    ("The dockers' union called off a five-day strike after talks.", "CONCEDE", None),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "plover", "mode"), SENSES)
def test_senses_by_meaning(nlp: Any, text: str, plover: str, mode: str | None) -> None:
    found = main(nlp, text)
    assert (found.type, found.mode) == (plover, mode)


ACLED_CASES = [
    ("Warplanes bombed a market in the town, killing nine civilians.",
     ("Explosions/Remote violence", "Air/drone strike")),
    ("Government forces shelled rebel positions overnight.",
     ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    ("A roadside bomb exploded near a police patrol on Sunday.",
     ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
    ("A suicide bomber blew himself up at a checkpoint.",
     ("Explosions/Remote violence", "Suicide bomb")),
    ("Attackers threw a grenade into a crowded restaurant.",
     ("Explosions/Remote violence", "Grenade")),
    ("Gunmen opened fire on worshippers leaving a mosque.",
     ("Violence against civilians", "Attack")),
    ("Fierce clashes broke out between the army and the rebels.", ("Battles", "Armed clash")),
    ("Government troops retook the town from the rebels.",
     ("Battles", "Government regains territory")),
    ("Insurgents captured the town after two days of fighting.",
     ("Battles", "Non-state actor overtakes territory")),
    ("Militants kidnapped two aid workers near the border.",
     ("Violence against civilians", "Abduction/forced disappearance")),
    ("Soldiers raped several women in the village.",
     ("Violence against civilians", "Sexual violence")),
    ("Thousands of students marched through the capital on Saturday.",
     ("Protests", "Peaceful protest")),
    ("Police fired tear gas to disperse the demonstrators in the square.",
     ("Protests", "Protest with intervention")),
    ("Security forces opened fire on peaceful protesters, killing three.",
     ("Protests", "Excessive force against protesters")),
    ("Protesters threw stones at the police and set cars on fire.",
     ("Riots", "Violent demonstration")),
    ("The two sides signed a ceasefire agreement in Moscow.",
     ("Strategic developments", "Agreement")),
    ("Police arrested fourteen opposition activists in the capital.",
     ("Strategic developments", "Arrests")),
    ("Troops found a large cache of weapons in a farmhouse.",
     ("Strategic developments", "Disrupted weapons use")),
    ("Turkish forces set up a new observation post near the town.",
     ("Strategic developments", "Headquarters or base established")),
    ("The army deployed additional troops to the border region.",
     ("Strategic developments", "Change to group/activity")),
    ("Looters ransacked shops in the old market overnight.",
     ("Strategic developments", "Looting/property destruction")),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "acled"), ACLED_CASES)
def test_acled_event_and_sub_event_types(nlp: Any, text: str, acled: tuple[str, str]) -> None:
    assert main(nlp, text).acled == acled


@pytest.mark.slow
def test_light_verb_defers_to_its_noun_and_spans_both(nlp: Any) -> None:
    text = "The coalition carried out an airstrike on the depot."
    (found,) = run(nlp, text)
    assert found.span.text == "carried out an airstrike"
    assert found.mode == "aerial"
    assert nlp(text)[found.head].lemma_ == "carry"  # the verb carries the roles


@pytest.mark.slow
def test_multi_word_triggers(nlp: Any) -> None:
    (found,) = run(nlp, "Rebel fighters took control of the airport on Friday.")
    assert found.span.text == "took control"
    (found,) = run(nlp, "The army laid siege to the city in March.")
    assert (found.type, found.mode) == ("COERCE", "restrict")


# --------------------------------------------------------------------------- events per sentence


@pytest.mark.slow
def test_coordinated_verbs_give_two_events(nlp: Any) -> None:
    found = run(nlp, "Rebels shelled the airport and seized two nearby villages.")
    assert [t.acled for t in found] == [
        ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ("Battles", "Non-state actor overtakes territory"),
    ]


@pytest.mark.slow
def test_a_verb_and_an_event_noun_with_its_own_predicate(nlp: Any) -> None:
    found = run(nlp, "The ministers held talks in Ankara while clashes continued in the south.")
    assert [t.type for t in found] == ["CONSULT", "ASSAULT"]


@pytest.mark.slow
def test_casualties_of_an_event_are_not_a_second_event(nlp: Any) -> None:
    (found,) = run(nlp, "Five soldiers were killed in an airstrike on Tuesday.")
    assert found.span.text == "airstrike"
    (found,) = run(nlp, "Jets pounded the village, killing six people.")
    assert found.mode == "aerial"


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Analysts wrote a long essay about the ceasefire and the talks.",
    "Fears of a new offensive are growing among residents.",
    "The truce remains fragile.",
    "Delegates debated a paper on regional security.",
    "Floods killed twelve people in the valley.",
])
def test_topic_only_sentences_give_no_trigger(nlp: Any, text: str) -> None:
    assert run(nlp, text) == []


# --------------------------------------------------------------------------- status


@pytest.mark.slow
def test_asserted_by_default(nlp: Any) -> None:
    found = main(nlp, "Government forces shelled rebel positions overnight.")
    assert (found.status, found.attributed_to) == ("asserted", None)


@pytest.mark.slow
def test_claimed_by_a_speaker_is_attributed(nlp: Any) -> None:
    text = "The army said rebels attacked a supply convoy near the river."
    army = actor(text, "The army", "act:army", "MIL")
    rebels = actor(text, "rebels", "act:rebels", "REB")
    found = main(nlp, text, [army, rebels])
    assert (found.type, found.status, found.attributed_to) == ("ASSAULT", "claimed", "act:army")


@pytest.mark.slow
def test_claimed_according_to_and_trailing_attribution(nlp: Any) -> None:
    text = "Two villages were shelled overnight, according to the monitoring group."
    monitor = actor(text, "the monitoring group", "act:monitor")
    found = main(nlp, text, [monitor])
    assert (found.status, found.attributed_to) == ("claimed", "act:monitor")
    text = "Rebels seized the bridge on Monday, the ministry said."
    ministry = actor(text, "the ministry", "act:ministry", "GOV")
    found = main(nlp, text, [ministry])
    assert (found.status, found.attributed_to) == ("claimed", "act:ministry")


@pytest.mark.slow
def test_an_outlets_own_reporter_is_still_a_claim(nlp: Any) -> None:
    text = "Al Jazeera's correspondent said the talks had collapsed."
    outlet = actor(text, "Al Jazeera", "act:aljazeera", "MED")
    found = main(nlp, text, [outlet])
    assert (found.type, found.status, found.attributed_to) == (
        "CONSULT", "claimed", "act:aljazeera")


@pytest.mark.slow
def test_the_reporters_own_account_is_asserted(nlp: Any) -> None:
    found = main(nlp, "We reported on Monday that troops shelled the village.")
    assert found.status == "asserted"


@pytest.mark.slow
def test_planned(nlp: Any) -> None:
    text = "The president will attend the summit in Cairo next week."
    found = main(nlp, text)
    # PLOVER codes a cooperative action in the future tense as an intention (AGREE)
    assert (found.type, found.cameo, found.status) == ("AGREE", "03", "planned")
    found = main(nlp, "The talks are expected to resume in Doha on Monday.")
    assert (found.type, found.status) == ("CONSULT", "planned")
    both = run(nlp, "The two sides agreed to hold talks in Oslo.")
    assert [(t.type, t.status) for t in both] == [("AGREE", "asserted"), ("CONSULT", "planned")]


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Government forces failed to capture the town.",
    "The rebels did not attack the convoy.",
    "The militia denied attacking the village.",
    "No clashes were reported in the city on Sunday.",
])
def test_negated(nlp: Any, text: str) -> None:
    assert main(nlp, text).status == "negated"


@pytest.mark.slow
def test_hypothetical(nlp: Any) -> None:
    found = run(nlp, "If the rebels attack the city, the army will respond with force.")
    assert found[0].status == "hypothetical"
    found = run(nlp, "The UN urged the parties to sign the truce.")
    assert [(t.type, t.status) for t in found] == [("REQUEST", "asserted"),
                                                   ("SUPPORT", "hypothetical")]


@pytest.mark.slow
def test_an_announced_refusal_is_a_claimed_rejection(nlp: Any) -> None:
    text = "A spokesman for the militia said its commander would not sign the agreement."
    militia = actor(text, "A spokesman for the militia", "act:militia", "REB")
    found = main(nlp, text, [militia])
    assert (found.type, found.status, found.attributed_to) == ("REJECT", "claimed", "act:militia")


@pytest.mark.slow
def test_a_month_is_no_march(nlp: Any) -> None:
    found = main(nlp, "KANO, March 3 - Gunmen attacked a police station overnight.")
    assert found.acled is not None and found.acled[0] != "Riots"
    assert found.acled[0] != "Protests"


# ------------------------------------------------- round 3: the main event as coders pick it


@pytest.mark.slow
def test_the_purpose_of_a_summons_is_the_main_event(nlp: Any) -> None:
    trigger = main(nlp, "The minister summoned the ambassador to protest against the "
                        "border incursion.")
    assert trigger.span.text == "protest"


@pytest.mark.slow
def test_preparing_to_attack_is_a_show_of_force(nlp: Any) -> None:
    trigger = main(nlp, "The army prepared to resume shelling the rebel positions.")
    assert (trigger.span.text, trigger.type, trigger.cameo) == ("shelling", "MOBILIZE", "15")


# ------------------------------------------ round 4: CAMEO categories by meaning and convention
# Each sentence is written for this test; the expected (PLOVER type, CAMEO root) follows the
# published CAMEO-to-PLOVER correspondence for the act the sentence reports.
ROUND4_SENSES = [
    # accepting a proposal is agreeing to it (CAMEO 03), not yielding
    ("The rebel commander accepted an invitation to attend the talks in Geneva.", "AGREE", "03"),
    # stopping or suspending hostilities is a ceasefire (CAMEO 0871)
    ("The army suspended its offensive in the northern hills on Friday.", "RETREAT", "08"),
    # cutting aid is a sanction (CAMEO 162)
    ("The donors reduced military aid to the junta by half.", "SANCTION", "16"),
    # a conviction is a finding of guilt (CAMEO 116, PLOVER ACCUSE)
    ("A military court convicted three officers of torturing detainees.", "ACCUSE", "11"),
    # a passive "called off" strike is a concession, and one event
    ("The three-week strike by port workers was called off on Monday.", "CONCEDE", "08"),
    # "provided X with weapons": what is given decides (CAMEO 07)
    ("The neighbouring state provided the militia with rifles and ammunition.", "AID", "07"),
    # receiving monitors lets them in (CAMEO 0862, PLOVER RETREAT access)
    ("The president received a team of ceasefire monitors in the capital.", "RETREAT", "08"),
    # troops that arrive are deployed (CAMEO 15), not visiting
    ("Two hundred marines arrived in the port city on Tuesday.", "MOBILIZE", "15"),
    # meeting a demand yields to it (CAMEO 083)
    ("The government met the demands of the striking nurses.", "CONCEDE", "08"),
    # mass violence against a population (CAMEO 20)
    ("The report says militias carried out ethnic cleansing in the valley.", "ASSAULT", "20"),
    # "ruled out" acts are refused (CAMEO 12)
    ("Officials said that releasing the prisoners was out of the question.", "REJECT", "12"),
    # an offer on a condition is an offer (CAMEO 03)
    ("The rebels said they would join the talks if the army left the town.", "AGREE", "03"),
    # a peacekeeping or relief operation is aid (CAMEO 074, 073), not an attack
    ("Nepalese troops took part in peacekeeping operations in the south.", "AID", "07"),
    ("The navy carried out a rescue operation off the flooded coast.", "AID", "07"),
    # downing an aircraft is a use of force (CAMEO 19)
    ("Rebel fighters shot down an army helicopter near the airport.", "ASSAULT", "19"),
    # a court's finding of guilt (CAMEO 116)
    ("The tribunal found the former commander guilty of war crimes.", "ACCUSE", "11"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "plover", "cameo"), ROUND4_SENSES)
def test_round4_senses(nlp: Any, text: str, plover: str, cameo: str) -> None:
    found = main(nlp, text)
    assert (found.type, found.cameo) == (plover, cameo), found


@pytest.mark.slow
def test_an_order_to_close_is_the_closure(nlp: Any) -> None:
    trigger = main(nlp, "The interior ministry ordered the weekly paper to suspend "
                        "publication.")
    assert (trigger.span.text, trigger.type) == ("ordered", "COERCE")


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "The defence ministry declined to comment on the report.",
    "A spokesman refused to elaborate on the minister's remarks.",
])
def test_declining_to_comment_is_no_event(nlp: Any, text: str) -> None:
    assert run(nlp, text) == []


@pytest.mark.slow
def test_refusing_to_give_up_arms_is_still_a_refusal(nlp: Any) -> None:
    assert main(nlp, "The militia refused to give up its weapons.").type == "REJECT"


@pytest.mark.slow
def test_a_timetable_is_not_a_promise(nlp: Any) -> None:
    trigger = main(nlp, "The foreign minister is scheduled to attend the summit in Oslo.")
    assert (trigger.type, trigger.status) == ("CONSULT", "planned")


@pytest.mark.slow
def test_seeking_to_do_is_no_request(nlp: Any) -> None:
    assert all(t.type != "REQUEST" for t in run(
        nlp, "The two governments are seeking to expand trade across the border."))


@pytest.mark.slow
@pytest.mark.parametrize(("text", "purpose"), [
    ("The envoys will gather for a meeting at the palace on Friday.", "meeting"),
    ("Navy ships arrived off the coast to help deliver aid to the island.", "deliver aid"),
])
def test_the_purpose_of_a_trip_is_the_main_event(nlp: Any, text: str, purpose: str) -> None:
    assert main(nlp, text).span.text == purpose


@pytest.mark.slow
def test_storming_is_no_storm(nlp: Any) -> None:
    trigger = main(nlp, "Riot police stormed a squatters' camp outside the city at dawn.")
    assert trigger.type == "ASSAULT"


@pytest.mark.slow
def test_meeting_a_target_is_no_meeting(nlp: Any) -> None:
    assert run(nlp, "The ministry expects to meet its revenue targets this year.") == []


@pytest.mark.slow
def test_fighting_a_disease_is_no_violence(nlp: Any) -> None:
    assert run(nlp, "The ministry sent doctors to fight the cholera outbreak.") == [] or all(
        t.type != "ASSAULT" for t in run(nlp, "The ministry sent doctors to fight the "
                                              "cholera outbreak."))


@pytest.mark.slow
def test_a_weapon_equipped_with_a_silencer_is_no_aid(nlp: Any) -> None:
    found = run(nlp, "The judge was shot with a pistol equipped with a silencer.")
    assert [t.type for t in found] == ["ASSAULT"]
