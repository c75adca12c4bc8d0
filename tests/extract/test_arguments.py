"""Event arguments: roles, the event's own place and date, and its casualties.

Sentences here are written for these tests. Each test runs the real pipeline (model, actor,
place, time and figure extractors) and builds the event for a trigger it names itself, so
that what is checked is the argument stage, not which words the trigger finder picks.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

import pytest

from ceasefire.extract.arguments import Context, build_event
from ceasefire.extract.triggers import Trigger
from ceasefire.schema import DocumentMeta, Event, EventTime, Fatalities, Record, Span

TUESDAY = "2020-01-14"
BATTLE = ("Battles", "Armed clash")


@dataclasses.dataclass
class Built:
    record: Record
    event: Event

    def actor(self, mention: str) -> str:
        """The id of the actor with this mention text."""
        found = [a.id for a in self.record.actors if any(m.text == mention
                                                        for m in a.mentions)]
        assert found, f"no actor mentioned as {mention!r}: {self.record.actors}"
        return found[0]

    def place(self, mention: str) -> str:
        found = [p.id for p in self.record.places if any(m.text == mention
                                                        for m in p.mentions)]
        assert found, f"no place mentioned as {mention!r}: {self.record.places}"
        return found[0]


def build(pipeline: tuple[Any, Any], text: str, word: str, kind: str = "ASSAULT", *,
          nth: int = 0, span_words: int = 1, published: str | None = TUESDAY,
          acled: tuple[str, str] | None = None) -> Built:
    """The event whose trigger is the ``nth`` token ``word`` (and ``span_words`` - 1 more)."""
    nlp, extractor = pipeline
    doc = nlp(text)
    meta = DocumentMeta(id=hashlib.sha256(text.encode()).hexdigest(), path="test",
                        published=published, n_chars=len(text))
    record = extractor(doc, meta)
    head = [t for t in doc if t.text == word][nth]
    last = doc[head.i + span_words - 1]
    span = Span(head.idx, last.idx + len(last.text), text[head.idx:last.idx + len(last.text)])
    trigger = Trigger(head.i, span, kind, None, None, acled, "asserted", None)
    context = Context(doc, meta, record.actors, record.places, record.times, record.quantities)
    event = build_event(context, 3, trigger)
    _check_spans(text, event)
    return Built(record, event)


def _check_spans(text: str, event: Event) -> None:
    for span in (event.evidence, event.trigger):
        assert text[span.start:span.end] == span.text


# ------------------------------------------------------------------------ the record


def test_context_fields_are_the_contract() -> None:
    names = [f.name for f in dataclasses.fields(Context)]
    assert names == ["doc", "meta", "actors", "places", "times", "quantities", "triggers"]


@pytest.mark.slow
def test_event_copies_the_trigger_and_cites_its_sentence(pipeline: tuple[Any, Any]) -> None:
    text = "Talks ended on Monday.\n\nTurkish troops shelled Misrata on Sunday.  "
    built = build(pipeline, text, "shelled", acled=BATTLE)
    event = built.event
    assert event.id == f"evt:{hashlib.sha256(text.encode()).hexdigest()[:12]}:3"
    assert (event.type, event.acled, event.status) == ("ASSAULT", BATTLE, "asserted")
    assert event.trigger.text == "shelled"
    assert event.evidence.text == "Turkish troops shelled Misrata on Sunday."


# ------------------------------------------------------------------------ roles


@pytest.mark.slow
def test_subject_is_source_and_object_target(pipeline: tuple[Any, Any]) -> None:
    built = build(pipeline, "Turkey condemned Russia on Monday.", "condemned", "ACCUSE")
    assert built.event.source == (built.actor("Turkey"),)
    assert built.event.target == (built.actor("Russia"),)


@pytest.mark.slow
def test_coordinated_subjects_are_all_sources(pipeline: tuple[Any, Any]) -> None:
    built = build(pipeline, "Russia and Turkey urged the factions to sign a truce.",
                  "urged", "REQUEST")
    assert set(built.event.source) == {built.actor("Russia"), built.actor("Turkey")}


@pytest.mark.slow
def test_passive_agent_is_source_and_subject_target(pipeline: tuple[Any, Any]) -> None:
    built = build(pipeline, "Khalifa Haftar was criticised by Turkey on Sunday.",
                  "criticised", "ACCUSE")
    assert built.event.source == (built.actor("Turkey"),)
    assert built.event.target == (built.actor("Khalifa Haftar"),)


@pytest.mark.slow
def test_object_of_an_urging_verb_does_its_infinitive(pipeline: tuple[Any, Any]) -> None:
    text = "Russia urged Turkey to sign the truce, and Egypt agreed to attend the summit."
    signing = build(pipeline, text, "sign", "AGREE")
    assert signing.event.source == (signing.actor("Turkey"),)
    attending = build(pipeline, text, "attend", "CONSULT")
    assert attending.event.source == (attending.actor("Egypt"),)


@pytest.mark.slow
def test_possessive_phrase_is_the_actor_that_covers_it(pipeline: tuple[Any, Any]) -> None:
    built = build(pipeline, "Haftar's forces attacked the town of Gharyan.", "attacked")
    covering = built.actor("Haftar's forces")
    assert built.event.source == (covering,)
    assert covering != built.actor("Haftar")


@pytest.mark.slow
def test_apposition_names_the_source_once(pipeline: tuple[Any, Any]) -> None:
    built = build(pipeline, "Khalifa Haftar, the commander of the Libyan National Army, "
                            "rejected the proposal.", "rejected", "REJECT")
    assert built.event.source == (built.actor("Khalifa Haftar"),)


@pytest.mark.slow
def test_relative_clause_subject_is_the_noun_it_describes(pipeline: tuple[Any, Any]) -> None:
    built = build(pipeline, "The Turkish troops that shelled Misrata withdrew on Monday.",
                  "shelled")
    assert built.event.source == (built.actor("Turkish troops"),)


@pytest.mark.slow
def test_participle_shares_its_verbs_subject(pipeline: tuple[Any, Any]) -> None:
    built = build(pipeline, "Turkish troops shelled Misrata, killing four people.", "killing")
    assert built.event.source == (built.actor("Turkish troops"),)


@pytest.mark.slow
def test_clashes_between_two_sides_make_both_sources(pipeline: tuple[Any, Any]) -> None:
    built = build(pipeline, "Clashes between Turkey and Russia erupted near Sirte.", "Clashes")
    assert set(built.event.source) == {built.actor("Turkey"), built.actor("Russia")}
    assert built.event.target == ()


@pytest.mark.slow
def test_noun_event_possessor_is_source(pipeline: tuple[Any, Any]) -> None:
    built = build(pipeline, "Haftar's offensive on Tripoli stalled in December.", "offensive")
    assert built.event.source == (built.actor("Haftar"),)
    assert built.event.place == built.place("Tripoli")  # violent "on": where the blow lands


@pytest.mark.slow
def test_noun_event_by_and_on(pipeline: tuple[Any, Any]) -> None:
    built = build(pipeline, "An airstrike by Turkey on the Libyan National Army was reported.",
                  "airstrike")
    assert built.event.source == (built.actor("Turkey"),)
    assert built.event.target == (built.actor("Libyan National Army"),)


@pytest.mark.slow
def test_light_verb_lends_its_subject_and_noun_its_target(pipeline: tuple[Any, Any]) -> None:
    text = "Turkey carried out an airstrike on the Libyan National Army near Sirte."
    built = build(pipeline, text, "carried", span_words=4)
    assert built.event.source == (built.actor("Turkey"),)
    assert built.event.target == (built.actor("Libyan National Army"),)
    assert built.event.place == built.place("Sirte")


@pytest.mark.slow
def test_person_pronoun_takes_the_person_named_before(pipeline: tuple[Any, Any]) -> None:
    text = ("Khalifa Haftar arrived in Moscow with Turkish officials on Monday. "
            "He rejected the draft agreement.")
    built = build(pipeline, text, "rejected", "REJECT")
    assert built.event.source == (built.actor("Khalifa Haftar"),)


@pytest.mark.slow
def test_group_references_chain_to_the_group_named_before(pipeline: tuple[Any, Any]) -> None:
    text = ("The Libyan National Army advanced towards the capital on Monday. "
            "The group said it had shelled the airport.")
    built = build(pipeline, text, "shelled")
    assert built.event.source == (built.actor("Libyan National Army"),)


@pytest.mark.slow
def test_the_rebels_never_take_up_a_states_army(pipeline: tuple[Any, Any]) -> None:
    built = build(pipeline, "The army urged the rebels to lay down their weapons.", "urged",
                  "REQUEST")
    assert built.event.target == (built.actor("rebels"),)
    assert built.actor("rebels") != built.actor("army")


@pytest.mark.slow
def test_a_passive_participle_is_not_done_by_the_main_subject(
        pipeline: tuple[Any, Any]) -> None:
    built = build(pipeline, "Norway welcomed the accord signed by both parties.", "signed",
                  "SUPPORT")
    assert built.event.source == ()


@pytest.mark.slow
def test_no_antecedent_means_no_actor(pipeline: tuple[Any, Any]) -> None:
    built = build(pipeline, "He rejected the draft agreement on Monday.", "rejected", "REJECT")
    assert built.event.source == ()


# ------------------------------------------------------------------------ place


@pytest.mark.slow
def test_talks_in_a_city_on_a_country_happen_in_the_city(pipeline: tuple[Any, Any]) -> None:
    built = build(pipeline, "Talks in Moscow on Libya ended on Monday.", "Talks", "CONSULT")
    assert built.event.place == built.place("Moscow")
    assert built.event.place_basis == "sentence"


@pytest.mark.slow
def test_verb_place_is_its_locative_not_a_topic(pipeline: tuple[Any, Any]) -> None:
    built = build(pipeline, "Diplomats met in Berlin on Sunday to discuss Syria.", "met",
                  "CONSULT")
    assert built.event.place == built.place("Berlin")


@pytest.mark.slow
def test_object_place_of_a_violent_verb(pipeline: tuple[Any, Any]) -> None:
    built = build(pipeline, "Turkish troops shelled the town of Gharyan in Libya.", "shelled")
    assert built.event.place == built.place("Gharyan")  # the finer of the two


@pytest.mark.slow
def test_dateline_stands_in_when_the_sentence_names_no_place(pipeline: tuple[Any, Any]) -> None:
    text = ("Libya truce in doubt\n\nTRIPOLI, Jan 13 (Reuters) - Turkey urged the factions "
            "to accept the truce.")
    built = build(pipeline, text, "urged", "REQUEST")
    assert built.event.place == built.place("TRIPOLI")
    assert built.event.place_basis == "dateline"
    assert built.event.time == EventTime("2020-01-13", "day", None, "dateline")


@pytest.mark.slow
def test_no_place_without_dateline(pipeline: tuple[Any, Any]) -> None:
    built = build(pipeline, "Turkey urged the factions to accept the truce.", "urged",
                  "REQUEST")
    assert (built.event.place, built.event.place_basis) == (None, None)


# ------------------------------------------------------------------------ time


@pytest.mark.slow
def test_date_attached_to_the_trigger(pipeline: tuple[Any, Any]) -> None:
    built = build(pipeline, "Turkish troops shelled Misrata on Sunday.", "shelled")
    assert built.event.time == EventTime("2020-01-12", "day", None, "sentence")


@pytest.mark.slow
def test_other_clause_date_is_not_the_events(pipeline: tuple[Any, Any]) -> None:
    text = "Turkey signed the accord before a conference opens in Berlin later this week."
    built = build(pipeline, text, "signed", "AGREE")
    assert built.event.time is not None and built.event.time.basis == "published"


@pytest.mark.slow
@pytest.mark.parametrize(("text", "trigger"), [
    ("Qatar welcomed the truce signed by both sides in March.", "welcomed"),
    ("Egypt condemned the sanctions imposed by the council in 2011.", "condemned"),
])
def test_a_date_in_a_clause_describing_a_noun_is_not_the_events(
        pipeline: tuple[Any, Any], text: str, trigger: str) -> None:
    nlp, extractor = pipeline
    meta = DocumentMeta(id="describing", path="test", published=TUESDAY, n_chars=len(text))
    record = extractor(nlp(text), meta)
    times = [e.time for e in record.events if e.trigger.text.split()[0] == trigger]
    assert times == [EventTime(TUESDAY, "day", None, "published")]


@pytest.mark.slow
def test_a_relative_clauses_day_does_not_crowd_out_the_reporting_day(
        pipeline: tuple[Any, Any]) -> None:
    # two times in the sentence: the relative clause's is its own, so the reported truce
    # takes the day of the report verb above it (Saturday before Tuesday, 14 January)
    text = ("The rebels announced on Saturday that they would observe the truce, reversing "
            "the stand they had taken two days earlier.")
    nlp, extractor = pipeline
    meta = DocumentMeta(id="relative", path="test", published=TUESDAY, n_chars=len(text))
    record = extractor(nlp(text), meta)
    dated = [e.time.date for e in record.events if e.time is not None]
    assert dated == ["2020-01-11"]


@pytest.mark.slow
def test_a_clause_describing_the_event_noun_dates_it(pipeline: tuple[Any, Any]) -> None:
    nlp, extractor = pipeline
    text = "Egypt condemned the sanctions imposed by the council in 2011."
    meta = DocumentMeta(id="described", path="test", published=TUESDAY, n_chars=len(text))
    record = extractor(nlp(text), meta)
    dated = {e.trigger.text: e.time.date for e in record.events if e.time is not None}
    assert dated == {"condemned": TUESDAY, "sanctions": "2011-01-01"}


@pytest.mark.slow
def test_publication_date_fallback_is_marked(pipeline: tuple[Any, Any]) -> None:
    built = build(pipeline, "Turkey condemned Russia.", "condemned", "ACCUSE")
    assert built.event.time == EventTime(TUESDAY, "day", None, "published")
    unknown = build(pipeline, "Turkey condemned Russia.", "condemned", "ACCUSE",
                    published=None)
    assert unknown.event.time == EventTime(None, "day", None, "unknown")


# ------------------------------------------------------------------------ fatalities


@pytest.mark.slow
def test_deaths_attach_to_the_attack_without_the_subset(pipeline: tuple[Any, Any]) -> None:
    text = "Gunmen attacked a market in Kano on Friday, killing 12 people, including five women."
    built = build(pipeline, text, "attacked", acled=BATTLE)
    assert built.event.fatalities == Fatalities(12, 12, 12)
    assert built.event.place == built.place("Kano")


@pytest.mark.slow
def test_deaths_sum_over_victim_categories(pipeline: tuple[Any, Any]) -> None:
    built = build(pipeline, "The bombing killed at least 20 soldiers and two civilians.",
                  "bombing")
    # "at least 20": low and best 20, no high; so the sum has no high either.
    assert built.event.fatalities == Fatalities(22, 22, None)


@pytest.mark.slow
def test_next_sentence_that_refers_back_adds_its_deaths(pipeline: tuple[Any, Any]) -> None:
    text = "Militants attacked an army post on Saturday. The attack killed 14 soldiers."
    built = build(pipeline, text, "attacked")
    assert built.event.fatalities == Fatalities(14, 14, 14)


@pytest.mark.slow
def test_aggregate_with_a_period_is_not_one_events(pipeline: tuple[Any, Any]) -> None:
    text = "Fighting has killed more than 300 people in the region since April."
    built = build(pipeline, text, "Fighting")
    assert built.event.fatalities is None


@pytest.mark.slow
def test_a_war_level_total_next_sentence_is_not_the_attacks(pipeline: tuple[Any, Any]) -> None:
    text = "Rebels attacked the town on Monday. The war has killed more than 3,000 people."
    built = build(pipeline, text, "attacked")
    assert built.event.fatalities is None


@pytest.mark.slow
def test_one_figure_counts_for_one_event_of_a_clause(pipeline: tuple[Any, Any]) -> None:
    text = ("At least 40 people were killed and about 90 wounded in the fighting for the "
            "northern town of Kidal last week, the mission said.")
    killed = build(pipeline, text, "killed")
    fighting = build(pipeline, text, "fighting")
    assert killed.event.fatalities == Fatalities(40, 40, None)
    assert fighting.event.fatalities is None


@pytest.mark.slow
def test_casualty_verb_taken_in_gives_killer_and_victims(pipeline: tuple[Any, Any]) -> None:
    nlp, extractor = pipeline
    text = "Army troops killed three rebel fighters in clashes near the border on Sunday."
    doc = nlp(text)
    meta = DocumentMeta(id=hashlib.sha256(text.encode()).hexdigest(), path="test",
                        published=TUESDAY, n_chars=len(text))
    record = extractor(doc, meta)
    clashes = [e for e in record.events if e.trigger.text == "clashes"]
    assert len(clashes) == 1
    sectors = {a.id: a.sector for a in record.actors}
    assert [sectors[a] for a in clashes[0].source] == ["MIL"]
    assert [sectors[a] for a in clashes[0].target] == ["REB"]


@pytest.mark.slow
def test_non_violent_events_carry_no_deaths(pipeline: tuple[Any, Any]) -> None:
    text = "Turkey condemned the raid, which killed 12 people."
    built = build(pipeline, text, "condemned", "ACCUSE")
    assert built.event.fatalities is None


@pytest.mark.slow
def test_no_figures_is_none_not_empty_fatalities(pipeline: tuple[Any, Any]) -> None:
    built = build(pipeline, "Turkish troops shelled Misrata on Sunday.", "shelled")
    assert built.event.fatalities is None


# ------------------------------------------------------------------------ whole report


@pytest.mark.slow
def test_every_event_of_a_report_keeps_the_span_invariant(pipeline: tuple[Any, Any]) -> None:
    from ceasefire.extract.events import extract_events

    nlp, extractor = pipeline
    text = ("Ceasefire talks stall\n\nMOSCOW, Jan 13 (AFP) - Russia and Turkey urged the "
            "factions to sign a truce. Haftar\u2019s forces shelled Misrata on Sunday, killing "
            "seven civilians. He said they would attend a summit in Berlin next week.\n")
    doc = nlp(text)
    meta = DocumentMeta(id=hashlib.sha256(text.encode()).hexdigest(), path="test",
                        published=TUESDAY, n_chars=len(text))
    record = extractor(doc, meta)
    events = extract_events(doc, meta, record.actors, record.places, record.times,
                            record.quantities)
    assert events
    for event in events:
        _check_spans(text, event)
        assert event.fatalities != Fatalities(None, None, None)
        assert event.time is not None


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Hundreds of civilians have been killed since the siege began.",
        "The fighting has killed more than 2,500 people, most of them fighters.",
        "The war, which began in the spring, has killed thousands of civilians.",
    ],
)
def test_a_restated_running_total_is_no_event(pipeline: tuple[Any, Any], text: str) -> None:
    nlp, extractor = pipeline
    doc = nlp(text)
    meta = DocumentMeta(id=hashlib.sha256(text.encode()).hexdigest(), path="test",
                        published=TUESDAY, n_chars=len(text))
    record = extractor(doc, meta)
    assert [e.trigger.text for e in record.events if e.type == "ASSAULT"] == []
    killed = [q for q in record.quantities if q.kind == "killed"]
    assert killed and all(q.period is not None for q in killed)


@pytest.mark.slow
def test_a_fronted_clauses_pronoun_is_the_main_subject(pipeline: tuple[Any, Any]) -> None:
    text = "Before they left Geneva, the rebel delegates asked the United Nations to help."
    built = build(pipeline, text, "left", "RETREAT")
    assert built.event.source == (built.actor("rebel delegates"),)


@pytest.mark.slow
def test_a_next_sentences_they_continues_the_main_subject_or_nobody(
        pipeline: tuple[Any, Any]) -> None:
    text = ("Residents said government troops shelled the market on Monday. They asked the "
            "United Nations to send observers.")
    built = build(pipeline, text, "asked", "REQUEST")
    troops = built.actor("government troops")
    assert troops not in built.event.source  # the troops are not the residents' "they"
    text = ("The rebel commanders said their fighters held the hills. They asked the army to "
            "withdraw from the valley.")
    built = build(pipeline, text, "asked", "REQUEST")
    assert built.event.source == (built.actor("rebel commanders"),)
