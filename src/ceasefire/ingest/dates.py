"""Publication dates as found in headers, records and pages, normalised to ISO ``YYYY-MM-DD``.

A date that does not name a full calendar day gives None: "January 2020" is not turned into
2020-01-01, because a made-up day would later anchor "on Sunday" to the wrong week.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from dateutil import parser as date_parser

_ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")
_NUMERIC_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}\s*$")
# Two defaults that differ in year, month and day: a part the string lacks shows up as a
# difference between the two parses.
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))
# Reports older than 1800 or dated after 2199 are typos or identifiers, not publication dates.
_YEARS = range(1800, 2200)


def normalise_date(value: object) -> str | None:
    """``value`` as an ISO date, or None when it is not a string naming one calendar day.

    Accepts ISO dates and timestamps (the date as written, no time-zone shift), and the
    usual written forms ("Tuesday 14 January 2020", "Nov. 29, 2004", "29.11.2004").
    All-numeric dates whose day and month could be swapped ("03/04/2020") give None.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    return _normalised(value)


# A corpus repeats the same few date strings (one per day); dateutil takes ~0.1 ms a parse.
@lru_cache(maxsize=4096)
def _normalised(value: str) -> str | None:
    iso = _ISO_PREFIX.match(value)
    if iso is not None:
        return _checked(int(iso[1]), int(iso[2]), int(iso[3]))
    if _ambiguous_numeric(value):
        return None
    return _parsed(value.strip())


def _checked(year: int, month: int, day: int) -> str | None:
    if year not in _YEARS:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _ambiguous_numeric(value: str) -> bool:
    found = _NUMERIC_DMY.match(value)
    if found is None:
        return False
    first, second = int(found[1]), int(found[2])
    return first != second and first <= 12 and second <= 12


def _parsed(value: str) -> str | None:
    # Strict first; fuzzy (which skips words such as "Published:" or "Updated") second.
    for fuzzy in (False, True):
        days = {_parse_with(value, default, fuzzy) for default in _DEFAULTS}
        if len(days) == 1:
            day = days.pop()
            if day is not None:
                return _checked(day.year, day.month, day.day)
    return None


def _parse_with(value: str, default: datetime, fuzzy: bool) -> date | None:
    try:
        parsed: datetime = date_parser.parse(value, default=default, fuzzy=fuzzy)
        return parsed.date()
    except (ValueError, OverflowError, TypeError):
        return None
