"""Time expressions: resolve() on its own (fast), extract_times() with the real model (slow)."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest

from ceasefire.extract.times import Resolution, Tense, extract_times, resolve
from ceasefire.schema import TimeExpr

# A Tuesday, so that "Sunday" is two days back or five days ahead.
TUESDAY = dt.date(2020, 1, 14)
SHARED = Path(__file__).resolve().parents[3] / "shared"
EXAMPLE = SHARED / "examples" / "libya-moscow-talks.txt"


def days(res: Resolution | None) -> tuple[str | None, str | None, str]:
    assert res is not None
    first = res.date.isoformat() if res.date else None
    last = res.end_date.isoformat() if res.end_date else None
    return first, last, res.precision


# --- resolve(): relative day names and tense -------------------------------------------


@pytest.mark.parametrize(
    ("tense", "expected"),
    [("past", "2020-01-12"), ("none", "2020-01-12"), ("future", "2020-01-19"),
     ("present", "2020-01-19")],
)
def test_day_name_direction_follows_tense(tense: Tense, expected: str) -> None:
    res = resolve("on Sunday", TUESDAY, tense)
    assert days(res) == (expected, None, "day")
    assert res is not None and res.basis == "published+tense"


@pytest.mark.parametrize("tense", ["past", "future", "none"])
def test_publication_weekday_is_the_publication_day(tense: Tense) -> None:
    res = resolve("Tuesday", TUESDAY, tense)
    assert days(res) == ("2020-01-14", None, "day")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("last Tuesday", "2020-01-07"), ("next Tuesday", "2020-01-21"),
     ("last Friday", "2020-01-10"), ("next Friday", "2020-01-17"),
     ("late on Saturday", "2020-01-11"), ("Monday night", "2020-01-13")],
)
def test_modified_day_names(text: str, expected: str) -> None:
    assert days(resolve(text, TUESDAY, "past"))[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", ("2020-01-13", None, "day")),
        ("today", ("2020-01-14", None, "day")),
        ("tomorrow", ("2020-01-15", None, "day")),
        ("last night", ("2020-01-13", None, "day")),
        ("two days ago", ("2020-01-12", None, "day")),
        ("three weeks ago", ("2019-12-23", "2019-12-29", "week")),
        ("later this week", ("2020-01-15", "2020-01-19", "week")),
        ("earlier this week", ("2020-01-13", "2020-01-13", "week")),
        ("last week", ("2020-01-06", "2020-01-12", "week")),
        ("next week", ("2020-01-20", "2020-01-26", "week")),
        ("this weekend", ("2020-01-18", "2020-01-19", "week")),
        ("last month", ("2019-12-01", "2019-12-31", "month")),
        ("earlier this month", ("2020-01-01", "2020-01-13", "month")),
        ("next year", ("2021-01-01", "2021-12-31", "year")),
        ("by the end of the year", ("2020-01-01", "2020-12-31", "year")),
    ],
)
def test_relative_to_publication(text: str, expected: tuple[str, str | None, str]) -> None:
    assert days(resolve(text, TUESDAY)) == expected


def test_last_week_in_a_sunday_report_spans_both_week_conventions() -> None:
    sunday = dt.date(2020, 1, 19)
    assert days(resolve("last week", sunday)) == ("2020-01-06", "2020-01-18", "week")
    assert days(resolve("last week", sunday - dt.timedelta(days=1))) == (
        "2020-01-06", "2020-01-12", "week")


def test_anaphoric_counts_from_reference_else_publication() -> None:
    monday = dt.date(2020, 1, 13)
    res = resolve("the next morning", TUESDAY, reference=monday)
    assert res is not None and days(res)[0] == "2020-01-14" and res.basis == "context"
    assert days(resolve("the following day", TUESDAY))[0] == "2020-01-15"
    assert days(resolve("three days later", TUESDAY, reference=monday))[0] == "2020-01-16"


# --- resolve(): absolute forms ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("January 13, 2020", ("2020-01-13", None, "day")),
        ("13 January 2020", ("2020-01-13", None, "day")),
        ("Monday, January 13, 2020", ("2020-01-13", None, "day")),
        ("the 13th of January, 2020", ("2020-01-13", None, "day")),
        ("2020-01-13", ("2020-01-13", None, "day")),
        ("13/01/2020", ("2020-01-13", None, "day")),
        ("01/13/2020", ("2020-01-13", None, "day")),
        ("January 13-15, 2020", ("2020-01-13", "2020-01-15", "day")),
        ("January 2020", ("2020-01-01", "2020-01-31", "month")),
        ("in 2019", ("2019-01-01", "2019-12-31", "year")),
        ("between 2011 and 2014", ("2011-01-01", "2014-12-31", "year")),
        ("the 1990s", ("1990-01-01", "1999-12-31", "year")),
        ("mid-January 2020", ("2020-01-01", "2020-01-31", "month")),
    ],
)
def test_absolute_forms(text: str, expected: tuple[str, str | None, str]) -> None:
    res = resolve(text, TUESDAY)
    assert days(res) == expected
    assert res is not None and res.basis == "absolute"


@pytest.mark.parametrize(
    "text", ["03/04/2020", "February 30", "for three days", "three days", "months",
             "a 23-year-old", "10:30", "the past week", "Christmas"],
)
def test_not_resolved(text: str) -> None:
    assert resolve(text, TUESDAY) is None


def test_since_is_the_year_not_a_period_to_now() -> None:
    assert days(resolve("since 2011", TUESDAY)) == ("2011-01-01", "2011-12-31", "year")


# --- resolve(): the year of dates written without one ----------------------------------


@pytest.mark.parametrize(
    ("text", "published", "tense", "expected"),
    [
        ("December 28", dt.date(2020, 1, 3), "none", "2019-12-28"),
        ("Jan. 2", dt.date(2019, 12, 30), "future", "2020-01-02"),
        ("Jan. 2", dt.date(2019, 12, 30), "none", "2020-01-02"),
        ("December 31", dt.date(2020, 1, 2), "future", "2019-12-31"),
        ("in March", TUESDAY, "none", "2020-03-01"),  # nearest
        ("in March", TUESDAY, "past", "2019-03-01"),  # "the city fell in March"
        ("mid-December", TUESDAY, "none", "2019-12-01"),
    ],
)
def test_year_from_publication(text: str, published: dt.date, tense: Tense,
                               expected: str) -> None:
    res = resolve(text, published, tense)
    assert days(res)[0] == expected
    assert res is not None and res.basis == "absolute+year-from-published"


def test_without_publication_date() -> None:
    for text in ("on Sunday", "yesterday", "later this week", "the next day", "March 3"):
        res = resolve(text, None, "past")
        assert res is not None and res.date is None and res.basis == "unanchored", text
    assert days(resolve("January 13, 2020", None)) == ("2020-01-13", None, "day")
    assert days(resolve("later this week", None))[2] == "week"


# --- extract_times() with the model -----------------------------------------------------


def extract(nlp: Any, text: str, published: dt.date | None = TUESDAY) -> list[TimeExpr]:
    found = extract_times(nlp(text), published)
    for time in found:
        assert text[time.start:time.end] == time.text
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    return found


def dates(found: list[TimeExpr]) -> dict[str, str | None]:
    return {t.text: t.date for t in found}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The truce that began on Sunday was broken by shelling.", "2020-01-12"),
        ("She said she would travel to Rome on Sunday to discuss the plan.", "2020-01-19"),
        ("The offensive on the airport stalled on Monday.", "2020-01-13"),
        ("The envoy is expected to land in Cairo on Friday.", "2020-01-17"),
        ("The vote is due to take place on Thursday.", "2020-01-16"),
        ("Negotiators will reconvene on Saturday.", "2020-01-18"),
        ("Rebels said they had shelled the port on Saturday.", "2020-01-11"),
        ("On Tuesday, the militia posted a statement online.", "2020-01-14"),
        ("The two sides agreed on Sunday to pull back heavy weapons.", "2020-01-12"),
        ("The handover of prisoners has been scheduled for Friday.", "2020-01-17"),
    ],
)
def test_tense_from_parse(nlp: Any, sentence: str, expected: str) -> None:
    days_named = [t for t in extract(nlp, sentence) if t.precision == "day"]
    assert [t.date for t in days_named] == [expected]


@pytest.mark.slow
def test_weekend_follows_tense(nlp: Any) -> None:
    past = extract(nlp, "Shelling resumed over the weekend.")
    ahead = extract(nlp, "Both delegations will meet this weekend.")
    assert [(t.text, t.date, t.end_date) for t in past + ahead] == [
        ("the weekend", "2020-01-11", "2020-01-12"),
        ("this weekend", "2020-01-18", "2020-01-19"),
    ]


@pytest.mark.slow
def test_preposition_is_part_of_the_expression(nlp: Any) -> None:
    found = extract(nlp, "Aid arrived on Sunday, and the blockade has lasted since 2018.")
    assert [t.text for t in found] == ["on Sunday", "since 2018"]


@pytest.mark.slow
def test_scheduled_noun_points_ahead_despite_past_verb(nlp: Any) -> None:
    text = "Militants stepped up attacks ahead of the planned Feb. 2 vote."
    assert dates(extract(nlp, text, dt.date(2020, 12, 20))) == {"Feb. 2": "2021-02-02"}
    text = "Militants stepped up attacks on Feb. 2 and fled."
    assert dates(extract(nlp, text, dt.date(2020, 12, 20))) == {"on Feb. 2": "2020-02-02"}


@pytest.mark.slow
def test_possessive_keeps_its_preposition_out(nlp: Any) -> None:
    found = extract(nlp, "Analysts focused on today's talks in Geneva.")
    assert [(t.text, t.date) for t in found] == [("today", "2020-01-14")]


@pytest.mark.slow
def test_headline_present_narrates_the_past(nlp: Any) -> None:
    found = extract(nlp, "Rebels seize border town on Sunday\n\nThe town fell after a siege.")
    assert dates(found) == {"on Sunday": "2020-01-12"}


@pytest.mark.slow
def test_next_morning_takes_the_day_beside_it_or_the_story_day(nlp: Any) -> None:
    found = extract(nlp, "They asked for a delay until the next morning (Tuesday) to reply.")
    assert dates(found) == {"until the next morning": "2020-01-14", "Tuesday": "2020-01-14"}
    story = "The talks collapsed on Wednesday. The next day, gunmen attacked the port."
    found = extract(nlp, story, dt.date(2020, 1, 17))
    assert dates(found) == {"on Wednesday": "2020-01-15", "The next day": "2020-01-16"}
    assert found[1].basis == "context"


@pytest.mark.slow
def test_durations_ages_clock_times_and_names_are_ignored(nlp: Any) -> None:
    text = ("After months of fighting, a 30-year-old was held for three days at 10:30, "
            "the Sunday Times said, citing Theresa May.")
    assert extract(nlp, text) == []


@pytest.mark.slow
def test_absolute_forms_in_text(nlp: Any) -> None:
    text = ("The truce, signed on Monday, January 13, 2020, followed clashes on Dec. 28 "
            "and a war that has raged since 2011, with a lull in March 2019.")
    found = extract(nlp, text)
    assert [(t.text, t.date, t.end_date, t.precision, t.basis) for t in found] == [
        ("on Monday, January 13, 2020", "2020-01-13", None, "day", "absolute"),
        ("on Dec. 28", "2019-12-28", None, "day", "absolute+year-from-published"),
        ("since 2011", "2011-01-01", "2011-12-31", "year", "absolute"),
        ("in March 2019", "2019-03-01", "2019-03-31", "month", "absolute"),
    ]


@pytest.mark.slow
def test_year_inferred_across_new_year(nlp: Any) -> None:
    text = "Clashes on December 29 killed ten people, and a meeting is set for January 9."
    found = dates(extract(nlp, text, dt.date(2021, 1, 2)))
    assert found == {"on December 29": "2020-12-29", "January 9": "2021-01-09"}


@pytest.mark.slow
def test_without_publication_date_relative_is_unanchored(nlp: Any) -> None:
    found = extract(nlp, "The ceasefire began yesterday and talks resume on 4 May 2020.", None)
    assert [(t.text, t.date, t.basis) for t in found] == [
        ("yesterday", None, "unanchored"),
        ("on 4 May 2020", "2020-05-04", "absolute"),
    ]


@pytest.mark.slow
def test_example_report_end_to_end(nlp: Any) -> None:
    if not EXAMPLE.is_file():
        pytest.skip(f"{EXAMPLE} absent")
    text = EXAMPLE.read_text(encoding="utf-8")
    found = extract(nlp, text)

    def after(words: str, expr: str) -> TimeExpr:
        anchor = text.index(words)
        return next(t for t in found if t.start > anchor and expr in t.text)

    assert after("failed to achieve", "Monday").date == "2020-01-13"
    assert after("ceasefire that started", "Sunday").date == "2020-01-12"
    assert after("would attend a summit", "Sunday").date == "2020-01-19"
    assert next(t for t in found if "January 13, 2020" in t.text).date == "2020-01-13"
    week = next(t for t in found if t.text.endswith("later this week"))
    assert (week.date, week.end_date, week.precision) == ("2020-01-15", "2020-01-19", "week")
