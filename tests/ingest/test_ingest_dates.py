"""Publication dates normalised to ISO, never invented."""

from __future__ import annotations

import pytest

from ceasefire.ingest.dates import normalise_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-01-14", "2020-01-14"),
        ("2020-01-14T23:30:00-05:00", "2020-01-14"),  # the date as written, no shift
        ("2020-01-14 08:00", "2020-01-14"),
        ("Tuesday 14 January 2020", "2020-01-14"),
        ("Nov. 29, 2004", "2004-11-29"),
        ("29.11.2004", "2004-11-29"),
        ("13/04/2021", "2021-04-13"),  # day > 12: not ambiguous
        ("Published: 3 March 2019 10:15 GMT", "2019-03-03"),
    ],
)
def test_full_dates_are_normalised(value: str, expected: str) -> None:
    assert normalise_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "January 2020",  # no day: no placeholder first of the month
        "2020",
        "Jan 14",  # no year
        "03/04/2020",  # day and month could be swapped
        "yesterday",
        "not a date",
        "2020-02-30",
        "0019-05-01",
        "",
        "   ",
    ],
)
def test_partial_ambiguous_or_bad_dates_give_none(value: str) -> None:
    assert normalise_date(value) is None


def test_non_strings_give_none() -> None:
    assert normalise_date(None) is None
    assert normalise_date(20200114) is None
    assert normalise_date(["2020-01-14"]) is None
