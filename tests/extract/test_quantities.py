"""Casualty and displacement figures: conventions, linking, attribution, periods, negatives.

Sentences here are written for these tests. Model-backed tests are marked ``slow`` and share
one pipeline per module.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ceasefire.extract.quantities import (
    extract_quantities,
    load_lexicon,
    parse_amount,
    resolve_since,
)
from ceasefire.schema import Actor, Quantity, Span

EXAMPLE = Path("/work/shared/examples/libya-moscow-talks.txt")
PUBLISHED = date(2021, 5, 12)  # a Wednesday


def actor(text: str, phrase: str, actor_id: str) -> Actor:
    """An actor whose one mention is the first occurrence of ``phrase`` in ``text``."""
    start = text.index(phrase)
    mention = Span(start=start, end=start + len(phrase), text=phrase)
    return Actor(id=actor_id, name=phrase, country=None, sector=None, kb=True,
                 mentions=(mention,))


def run(nlp: Any, text: str, actors: Sequence[Actor] = (),
        published: date | None = PUBLISHED) -> list[Quantity]:
    doc = nlp(text)
    found = extract_quantities(doc, actors, published)
    for q in found:  # the span invariant holds for every figure we return
        assert text[q.evidence.start:q.evidence.end] == q.evidence.text
    return found


def figures(found: list[Quantity]) -> list[tuple[str, str, int | None, int | None, int | None]]:
    return [(q.kind, q.victims, q.low, q.best, q.high) for q in found]


# --------------------------------------------------------------------------- no model


def test_lexicon_loads_and_indexes_every_table() -> None:
    lex = load_lexicon()
    assert lex.verbs["kill"] == "killed"
    assert lex.intransitive["flee"] == "displaced"
    assert lex.victims["civilian"] == "civilians"
    assert lex.vague["dozens"] == (24, 24)
    # bound phrases are tried longest first, so "at least" wins over "least"
    lengths = [len(words) for words, _ in lex.bounds]
    assert lengths == sorted(lengths, reverse=True)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["146,000"], (146000, 146000)),
        (["1.5", "million"], (1500000, 1500000)),
        (["two", "thousand"], (2000, 2000)),
        (["a", "dozen"], (12, 12)),
        (["twenty", "-", "eight"], (28, 28)),
        (["three", "hundred"], (300, 300)),
        (["dozens"], (24, 24)),
        (["Hundreds"], (200, 200)),
        (["tens", "of", "thousands"], (20000, 20000)),
        (["several"], (3, 3)),
        (["many"], None),
    ],
)
def test_parse_amount(words: list[str], expected: tuple[int, int] | None) -> None:
    assert parse_amount(words) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("since April", date(2020, 1, 14), "2019-04-01"),
        ("since April", date(2020, 6, 1), "2020-04-01"),
        ("since the 3rd of March 2018", None, "2018-03-03"),
        ("since early January 2019", None, "2019-01-01"),
        ("since Sunday", date(2021, 5, 12), "2021-05-09"),
        ("since the uprising of 2011", None, "2011-01-01"),
        ("since the start of the year", date(2021, 5, 12), "2021-01-01"),
        ("since the rebels launched their offensive", date(2021, 5, 12), None),
        ("since April", None, None),
        ("since they may leave", date(2021, 5, 12), None),
    ],
)
def test_resolve_since(text: str, published: date | None, expected: str | None) -> None:
    assert resolve_since(text, published) == expected


# --------------------------------------------------------------------------- conventions


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # plain figure: low = best = high
        ("The shelling killed three women.", ("killed", "women", 3, 3, 3)),
        # lower bounds: low = best, high open
        ("At least 5 soldiers were killed in the ambush.", ("killed", "soldiers", 5, 5, None)),
        ("More than 40 civilians were killed.", ("killed", "civilians", 40, 40, None)),
        # approximations: best only
        ("About 300 people fled the town.", ("displaced", "people", None, 300, None)),
        ("Nearly 900 fighters have died.", ("killed", "fighters", None, 900, None)),
        # inclusive and strict upper bounds
        ("Up to 30 protesters were arrested.", ("detained", "protesters", None, 30, 30)),
        ("Fewer than ten police officers were injured.", ("injured", "police", None, None, 10)),
        # ranges: best is the low end
        ("Between 10 and 15 rebels died.", ("killed", "fighters", 10, 10, 15)),
        ("Militants abducted 10-15 aid workers.", ("detained", "aid_workers", 10, 10, 15)),
        ("Two or three guards were wounded.", ("injured", "soldiers", 2, 2, 3)),
        # vague words: their smallest reading, no upper bound
        ("Dozens of villagers were wounded.", ("injured", "civilians", 24, 24, None)),
        ("Hundreds of students went missing.", ("missing", "civilians", 200, 200, None)),
        ("Scores of fighters were captured.", ("detained", "fighters", 40, 40, None)),
        ("Tens of thousands have been forced to flee.", ("displaced", "unknown", 20000, 20000,
                                                          None)),
        # number words and scales
        ("A dozen children were killed.", ("killed", "children", 12, 12, 12)),
        ("Twenty-eight fighters were taken prisoner.", ("detained", "fighters", 28, 28, 28)),
        ("1.5 million people have been displaced.", ("displaced", "people", 1500000, 1500000,
                                                     1500000)),
        ("A further 12 bodies were recovered.", ("killed", "unknown", 12, 12, 12)),
        # a singular victim noun is a figure of one
        ("A journalist was abducted near the port.", ("detained", "journalists", 1, 1, 1)),
        # a named person who undergoes the event is a figure of one; a title gives the category
        ("Patrolman Juan Cruz was shot dead.", ("killed", "police", 1, 1, 1)),
        ("Rights groups say Maria Lopez, a teacher, was abducted.", ("detained", "civilians",
                                                                     1, 1, 1)),
        ("Eight miners are missing.", ("missing", "civilians", 8, 8, 8)),
        # tallies and kind nouns
        ("The death toll rose to 50.", ("killed", "unknown", 50, 50, 50)),
        ("Among the dead were a dozen soldiers.", ("killed", "soldiers", 12, 12, 12)),
        ("The army suffered 20 casualties.", ("casualties", "unknown", 20, 20, 20)),
        ("The war has claimed 400,000 lives.", ("killed", "people", 400000, 400000, 400000)),
        ("The fighting left 7,000 homeless.", ("displaced", "unknown", 7000, 7000, 7000)),
        ("Five killed in market attack", ("killed", "unknown", 5, 5, 5)),
        ("New strikes raise the death toll to 400.", ("killed", "unknown", 400, 400, 400)),
        # a coordinated verb shares the figure: "shot and killed"
        ("Two guards were shot and killed.", ("killed", "soldiers", 2, 2, 2)),
    ],
)
def test_conventions(nlp: Any, sentence: str, expected: tuple[Any, ...]) -> None:
    assert figures(run(nlp, sentence)) == [expected]


@pytest.mark.slow
def test_object_of_active_verb_counts_and_agent_does_not(nlp: Any) -> None:
    found = run(nlp, "Fifty insurgents stormed the base, killing two guards and wounding 5.")
    assert figures(found) == [("killed", "soldiers", 2, 2, 2), ("injured", "unknown", 5, 5, 5)]


@pytest.mark.slow
def test_one_sentence_several_figures(nlp: Any) -> None:
    text = ("Over 150 civilians and roughly 900 combatants have died, and 60,000 Sudanese have "
            "been displaced since the offensive began in March, according to the World Health "
            "Organization.")
    who = actor(text, "the World Health Organization", "act:who")
    found = run(nlp, text, [who])
    assert figures(found) == [
        ("killed", "civilians", 150, 150, None),
        ("killed", "fighters", None, 900, None),
        ("displaced", "people", 60000, 60000, 60000),  # a nationality: "people"
    ]
    for q in found:
        assert q.claimed_by == "act:who"
        assert q.period is not None and q.period.text == "since the offensive began in March"
        assert q.period.since == "2021-03-01"


@pytest.mark.slow
def test_sub_figures_after_including(nlp: Any) -> None:
    found = run(nlp, "Monitors recorded the death of 90 people, including 14 women and 30 "
                     "children.")
    assert figures(found) == [
        ("killed", "people", 90, 90, 90),
        ("killed", "women", 14, 14, 14),
        ("killed", "children", 30, 30, 30),
    ]


# --------------------------------------------------------------------------- attribution


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Health officials said 14 people were killed in the raid.", "Health officials"),
        ("The toll rose to 31, the Red Cross told reporters.", "the Red Cross"),
        ("According to the regional governor, 8 miners are missing.", "the regional governor"),
    ],
)
def test_claimed_by_is_the_actor_at_the_attribution(nlp: Any, text: str, phrase: str) -> None:
    found = run(nlp, text, [actor(text, phrase, "act:source")])
    assert len(found) == 1
    assert found[0].claimed_by == "act:source"


@pytest.mark.slow
def test_claimed_by_ignores_actors_that_are_not_sources(nlp: Any) -> None:
    text = "Rebels killed 9 soldiers near the river."
    found = run(nlp, text, [actor(text, "Rebels", "act:rebels")])
    assert figures(found) == [("killed", "soldiers", 9, 9, 9)]
    assert found[0].claimed_by is None


# --------------------------------------------------------------------------- periods


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "period_text", "since"),
    [
        ("Some 3,000 people have fled their homes in the past week.", "in the past week",
         "2021-05-05"),
        ("At least 60 protesters have been detained this year.", "this year", "2021-01-01"),
        ("More than 200 civilians have been killed since April.", "since April",
         "2021-04-01"),
        ("Over 40 were killed in the last 48 hours.", "in the last 48 hours", "2021-05-10"),
    ],
)
def test_period(nlp: Any, text: str, period_text: str, since: str) -> None:
    found = run(nlp, text)
    assert len(found) == 1
    assert found[0].period is not None
    assert found[0].period.text == period_text
    assert found[0].period.since == since


@pytest.mark.slow
def test_period_without_publication_date_keeps_words_only(nlp: Any) -> None:
    found = run(nlp, "Some 3,000 people have fled in the past week.", published=None)
    assert found[0].period is not None
    assert (found[0].period.text, found[0].period.since) == ("in the past week", None)


# --------------------------------------------------------------------------- running totals


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The war has killed more than 9,000 people, according to the health ministry.", "war"),
        ("The fighting has killed at least 1,500 fighters on both sides.", "fighting"),
        ("The offensive that followed has killed more than 5,000 people.", "offensive"),
        ("Thousands of soldiers and civilians have been killed on both sides.", "Thousands"),
        ("About 400 people have been killed so far, the ministry said.", "so far"),
        ("The army and the rebels signed a truce, three years after the conflict erupted, "
         "killing tens of thousands of people.", "conflict"),
        ("More than 800 people were killed in the civil war.", "war"),
    ],
)
def test_running_total_is_an_aggregate(nlp: Any, text: str, cue: str) -> None:
    killed = [q for q in run(nlp, text) if q.kind == "killed"]
    assert len(killed) == 1
    assert killed[0].period is not None
    assert killed[0].period.text == cue
    assert killed[0].period.since is None


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "At least 20 people have been killed in a car bombing at a bus station, police said.",
        "Clashes between soldiers and rebels have killed 14 people in the town.",
        "Fighting on Tuesday killed 12 soldiers near the border.",
        "Heavy fighting has killed 30 people in the city.",
        "Three soldiers had been killed in an ambush on Saturday, the army said.",
    ],
)
def test_one_incident_is_not_a_running_total(nlp: Any, text: str) -> None:
    killed = [q for q in run(nlp, text) if q.kind == "killed"]
    assert len(killed) == 1
    assert killed[0].period is None


# --------------------------------------------------------------------------- negatives


@pytest.mark.slow
@pytest.mark.parametrize(
    "sentence",
    [
        "No one was killed in the attack.",
        "None of the 12 passengers was injured.",
        "In 2019, the army deployed 3 brigades along the border.",
        "The government paid $5 million to the families of 12 victims.",
        "Turnout was 45 percent in the vote.",
        "The two sides agreed to a third round of talks.",
        "The council adopted UN Resolution 2259 by 15 votes.",
        "Four gunmen fled in a pickup truck.",
        "The band released 4 albums before the war.",
        "Gunmen tried to kill two judges outside the court.",
        "The rebels threatened to execute 20 hostages.",
        "The fighting forced President Omar Haddad to flee the capital.",
    ],
)
def test_not_a_casualty_figure(nlp: Any, sentence: str) -> None:
    assert run(nlp, sentence) == []


@pytest.mark.slow
def test_ages_and_vehicles_are_not_counts(nlp: Any) -> None:
    found = run(nlp, "Militants destroyed 4 vehicles and killed a 34-year-old farmer and "
                     "his 70-year-old father.")
    assert figures(found) == [("killed", "civilians", 1, 1, 1)]


@pytest.mark.slow
def test_span_invariant_across_paragraphs(nlp: Any) -> None:
    text = ("Clashes erupted on Sunday.\n\nAt least 17 soldiers were killed and 23 wounded, "
            "officials said.\n\n  About 4,000 residents fled their villages.  ")
    found = run(nlp, text)
    assert [q.best for q in found] == [17, 23, 4000]
    assert all(not q.evidence.text[0].isspace() for q in found)


# --------------------------------------------------------------------------- end to end


@pytest.mark.slow
def test_libya_example_end_to_end(nlp: Any) -> None:
    if not EXAMPLE.is_file():
        pytest.skip(f"{EXAMPLE} absent")
    text = EXAMPLE.read_text(encoding="utf-8")
    un = actor(text, "the United Nations", "act:un")
    found = run(nlp, text, [un], published=date(2020, 1, 14))
    by_victims = {q.victims: q for q in found}
    assert len(found) == 3
    civilians, fighters = by_victims["civilians"], by_victims["fighters"]
    assert (civilians.kind, civilians.low, civilians.best, civilians.high) == (
        "killed", 280, 280, None)
    assert (fighters.kind, fighters.best) == ("killed", 2000)
    displaced = next(q for q in found if q.kind == "displaced")
    assert displaced.best == 146000
    for q in found:
        assert q.period is not None and q.period.text is not None
        assert "assault" in q.period.text
        assert q.claimed_by == "act:un"
