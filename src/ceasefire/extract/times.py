"""Time expressions: absolute dates, and relative ones anchored to the publication date.

Two layers:

* :func:`resolve` turns one expression ("on Sunday", "January 13", "later this week") into a
  :class:`Resolution` given the publication date and the *tense* of the verb it belongs to.
  It is a pure function, so the events stage can re-resolve an expression for its own verb.
* :func:`extract_times` finds the expressions in a parsed report: our own patterns over the
  text plus spaCy DATE/TIME entities as candidates, each resolved with the tense of the verb
  that governs it in the dependency parse (:func:`tense_of`).

Basis values (``TimeExpr.basis``):

* ``absolute``: the text names the year ("January 13, 2020", "in 2019", "2020-01-13").
* ``absolute+year-from-published``: a month and day without a year; the year is the one that
  puts the date nearest the publication date, in the direction the verb's tense allows.
* ``published``: fixed offset from the publication date ("yesterday", "last week").
* ``published+tense``: a day or weekend name whose direction comes from the tense.
* ``context``: "the next morning", "that day": relative to a date given beside it or earlier
  in the same (or previous) sentence.
* ``unanchored``: relative, but no publication date: reported with ``date`` None.

Policy on what is *not* a time expression: durations ("for three days", "months of
fighting", "the past week", "in two days"), ages ("a 23-year-old") and clock times alone
("10:30") match no pattern and are dropped. "since 2011" gives the year 2011 only (text
"since 2011"); the open period up to now belongs to the figure that uses it
(``schema.Period``), not to this record. Part-of-period words ("mid-January", "early 2019",
"the end of the year") keep the whole month or year: the schema has no finer precision.
Numeric dates are read only when unambiguous (13/01/2020, not 03/04/2020).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Literal

from spacy.tokens import Doc, Span, Token

from ceasefire.nlp import doc_ents, doc_sents, doc_text
from ceasefire.schema import Precision, TimeExpr

__all__ = ["Resolution", "Tense", "extract_times", "resolve", "tense_of", "verb_tense"]

Tense = Literal["past", "present", "future", "none"]


@dataclass(frozen=True, slots=True)
class Resolution:
    """What an expression denotes: first day, last day (ranges only), precision, basis."""

    date: dt.date | None
    end_date: dt.date | None
    precision: Precision
    basis: str


@dataclass(frozen=True, slots=True)
class _Ctx:
    today: dt.date  # the anchor; a placeholder when the publication date is unknown
    known: bool  # whether ``today`` is the real publication date
    tense: Tense
    reference: dt.date | None  # narrative reference day for anaphoric expressions


_Handler = Callable[[re.Match[str], _Ctx], Resolution | None]


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    handler: _Handler
    relative: bool  # needs the publication date (or a reference day) to resolve
    cue: bool = False  # in running text only with its cue word, or as a spaCy DATE entity
    ambiguous: bool = False  # also a name ("Sunday Times", "Theresa May"): entities veto
    anaphoric: bool = False  # relative to a day named nearby, not to the publication date


# ---------------------------------------------------------------------------------------
# Vocabulary

_FULL_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
_SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov",
                 "Dec")
_MONTHS = {name.lower(): i + 1 for i, name in enumerate(_FULL_MONTHS)} | {
    short.lower(): _FULL_MONTHS.index(next(f for f in _FULL_MONTHS if f.startswith(short))) + 1
    for short in _SHORT_MONTHS
}
_WEEKDAYS = {
    name: i
    for i, name in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}


# Case-sensitive: "may" and "march" in lower case are a verb, not a month. Only the
# abbreviations take a dot, so a sentence's full stop stays out of the expression.
_MONTH = (rf"(?-i:(?P<month>{'|'.join(_FULL_MONTHS)}|"
          rf"(?:{'|'.join(_SHORT_MONTHS)})\.?))")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?-i:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))"
_WD_PREFIX = rf"(?:{_WEEKDAY},?\s+)?"
_NUM = r"(?P<n>\d{1,2}|" + "|".join(_NUMBERS) + r")"
_PART = r"(?:early|mid|late|the\s+(?:beginning|start|end|middle)\s+of)"
_DASH = r"[-\u2013\u2014]"  # hyphen, en dash, em dash
_CUE = r"(?P<cue>in|since|until|till|by|during|from|of)"
_RANGE_SEP = rf"\s*(?:{_DASH}|to|and)\s*"
_PREPOSITION = re.compile(r"(?i)(?<!\w)(?:on|in|since|until|till|by|during|from)[ \t]+$")
_POSSESSIVE = re.compile(r"['\u2019]s\b")

# Tense cues. Calibrated on the Libya example and hand-written sentences (tests):
# "would attend a summit on Sunday" is the coming Sunday, "expected"/"due" mark plans.
_FUTURE_AUX = {"will", "'ll", "wo", "shall", "would", "may", "might", "should", "must"}
_PAST_AUX = {"was", "were", "had", "did", "has", "have", "'ve"}  # "'s" is also "is"
# Words of a schedule: "scheduled for Sunday", "is due on Thursday", "expected on Friday".
_SCHEDULE = {"expect", "due", "schedule", "set", "slate", "plan", "poised", "likely",
             "upcoming", "forthcoming"}
# Heads whose infinitive is still ahead: "agreed to meet on Sunday", "hopes to sign".
_INTENT = _SCHEDULE | {
    "intend", "hope", "aim", "prepare", "agree", "want", "go", "promise", "pledge", "vow",
    "threaten", "propose", "decide", "invite", "seek", "try", "plan",
}
# Present-tense reporting verbs narrate the past ("Reuters reports on Monday that ...").
_REPORTING = {"say", "tell", "report", "announce", "add", "claim", "state", "warn", "insist"}


# ---------------------------------------------------------------------------------------
# Calendar helpers


def _week(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, 1), nxt - dt.timedelta(days=1)


def _shift_month(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _weekday_from(today: dt.date, weekday: int, direction: int) -> dt.date:
    """The nearest ``weekday`` strictly before (-1) or after (+1) ``today``."""
    if direction > 0:
        return today + dt.timedelta(days=(weekday - today.weekday()) % 7 or 7)
    return today - dt.timedelta(days=(today.weekday() - weekday) % 7 or 7)


def _res(first: dt.date, last: dt.date | None, precision: Precision, basis: str) -> Resolution:
    return Resolution(first, last if last != first or precision != "day" else None,
                      precision, basis)


# Calibration: a date up to a week on the "wrong" side of the publication date is kept in
# the nearest year (reports are often dated a day or two off, and "said on Dec 20" in a Dec
# 18 story is more likely a slip than a date a year back). Beyond that the tense decides.
_TENSE_SLACK = dt.timedelta(days=7)


def _pick_year(ctx: _Ctx, span_of: Callable[[int], tuple[dt.date, dt.date] | None]) -> int | None:
    """The year (publication year +-1) that puts the span nearest the publication date.

    A weekday written beside the date ("Friday, December 12") is not used: when it
    disagrees with the nearest year it is far more often a slip than a date a year away.
    """
    options: list[tuple[int, int]] = []
    for year in (ctx.today.year - 1, ctx.today.year, ctx.today.year + 1):
        span = span_of(year)
        if span is None:
            continue
        first, last = span
        if ctx.tense == "past" and first > ctx.today + _TENSE_SLACK:
            continue
        if ctx.tense == "future" and last < ctx.today - _TENSE_SLACK:
            continue
        distance = max((first - ctx.today).days, (ctx.today - last).days, 0)
        options.append((distance, year))
    return min(options)[1] if options else None


# ---------------------------------------------------------------------------------------
# Handlers for absolute forms


def _month(m: re.Match[str]) -> int:
    return _MONTHS[m["month"].lower().rstrip(".")]


def _day_span(m: re.Match[str], ctx: _Ctx, days: tuple[int, int]) -> Resolution | None:
    month = _month(m)

    def span_of(year: int) -> tuple[dt.date, dt.date] | None:
        first, last = _safe_date(year, month, days[0]), _safe_date(year, month, days[1])
        return (first, last) if first and last and first <= last else None

    if m["year"]:
        span = span_of(int(m["year"]))
        return _res(span[0], span[1], "day", "absolute") if span else None
    if span_of(2000) is None:  # 2000 is a leap year: only impossible dates fail
        return None
    if not ctx.known:
        return Resolution(None, None, "day", "unanchored")
    year = _pick_year(ctx, span_of)
    span = span_of(year) if year is not None else None
    return _res(span[0], span[1], "day", "absolute+year-from-published") if span else None


def _abs_day(m: re.Match[str], ctx: _Ctx) -> Resolution | None:
    return _day_span(m, ctx, (int(m["day"]), int(m["day"])))


def _abs_day_range(m: re.Match[str], ctx: _Ctx) -> Resolution | None:
    return _day_span(m, ctx, (int(m["day"]), int(m["day2"])))


def _month_year(m: re.Match[str], ctx: _Ctx) -> Resolution | None:
    first, last = _month_span(int(m["year"]), _month(m))
    return _res(first, last, "month", "absolute")


def _month_only(m: re.Match[str], ctx: _Ctx) -> Resolution | None:
    month, mod = _month(m), (m["mod"] or "").lower()
    if not ctx.known:
        return Resolution(None, None, "month", "unanchored")
    if mod in ("last", "next"):  # the nearest such month strictly before / after this one
        now = ctx.today
        year = now.year - (month >= now.month) if mod == "last" else now.year + (month <= now.month)
        first, last = _month_span(year, month)
        return _res(first, last, "month", "published")
    picked = ctx.today.year if mod == "this" else _pick_year(
        ctx, lambda y: _month_span(y, month))
    if picked is None:
        return None
    first, last = _month_span(picked, month)
    return _res(first, last, "month", "absolute+year-from-published")


def _year(m: re.Match[str], ctx: _Ctx) -> Resolution | None:
    year = int(m["year"])
    return _res(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", "absolute")


def _year_range(m: re.Match[str], ctx: _Ctx) -> Resolution | None:
    first, second = m["year"], m["year2"]
    last = int(first[:2] + second) if len(second) == 2 else int(second)
    if last <= int(first) or last - int(first) > 50:  # not a year range: "1990-95" at most
        return None
    return _res(dt.date(int(first), 1, 1), dt.date(last, 12, 31), "year", "absolute")


def _decade(m: re.Match[str], ctx: _Ctx) -> Resolution | None:
    start = int(m["decade"])
    return _res(dt.date(start, 1, 1), dt.date(start + 9, 12, 31), "year", "absolute")


def _iso(m: re.Match[str], ctx: _Ctx) -> Resolution | None:
    day = _safe_date(int(m["year"]), int(m["mm"]), int(m["dd"]))
    return _res(day, None, "day", "absolute") if day else None


def _numeric(m: re.Match[str], ctx: _Ctx) -> Resolution | None:
    a, b = int(m["a"]), int(m["b"])
    if a > 12 >= b:
        day, month = a, b
    elif b > 12 >= a or a == b:
        day, month = b, a
    else:  # 03/04/2020: day-month and month-day readers disagree, so say nothing
        return None
    found = _safe_date(int(m["year"]), month, day)
    return _res(found, None, "day", "absolute") if found else None


# ---------------------------------------------------------------------------------------
# Handlers for relative forms


def _weekday_direction(mod: str, tense: Tense) -> int:
    if mod in ("last", "past", "this past"):
        return -1
    if mod in ("next", "coming", "this coming"):
        return 1
    if tense in ("future", "present"):  # news present with a day name is a schedule
        return 1
    return 1 if mod == "this" and tense == "none" else -1  # unmarked news narrates the past


def _weekday(m: re.Match[str], ctx: _Ctx) -> Resolution | None:
    weekday = _WEEKDAYS[m["wd"].lower()]
    mod = " ".join((m["mod"] or "").lower().split())
    if weekday == ctx.today.weekday() and mod in ("", "this"):
        # "On Tuesday" in a Tuesday report is the publication day, whatever the tense.
        return _res(ctx.today, None, "day", "published")
    day = _weekday_from(ctx.today, weekday, _weekday_direction(mod, ctx.tense))
    return _res(day, None, "day", "published+tense" if mod in ("", "this") else "published")


def _weekend(m: re.Match[str], ctx: _Ctx) -> Resolution | None:
    mod = m["mod"].lower()
    if ctx.today.weekday() >= 5:  # published on a weekend: "this weekend" is the current one
        saturday = _week(ctx.today)[0] + dt.timedelta(days=5)
        step = {"last": -7, "past": -7, "next": 7}.get(mod, 0)
        saturday += dt.timedelta(days=step)
    else:  # "the weekend" follows the tense as a day name does; "this weekend" leans ahead
        direction = _weekday_direction("" if mod == "the" else mod, ctx.tense)
        saturday = _weekday_from(ctx.today, 5, direction)
    basis = "published+tense" if mod in ("this", "the") else "published"
    return _res(saturday, saturday + dt.timedelta(days=1), "week", basis)


def _day_word(m: re.Match[str], ctx: _Ctx) -> Resolution | None:
    word = " ".join(m["w"].lower().split())
    offset = 0
    if "before yesterday" in word:
        offset = -2
    elif "after tomorrow" in word:
        offset = 2
    elif "yesterday" in word or word == "last night":
        offset = -1
    elif "tomorrow" in word:
        offset = 1
    return _res(ctx.today + dt.timedelta(days=offset), None, "day", "published")


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBERS[text.lower()]


def _unit_span(day: dt.date, unit: str) -> tuple[dt.date, dt.date, Precision]:
    if unit == "week":
        first, last = _week(day)
        return first, last, "week"
    if unit == "month":
        first, last = _month_span(day.year, day.month)
        return first, last, "month"
    if unit == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), "year"
    return day, day, "day"


def _shifted(day: dt.date, unit: str, n: int) -> dt.date:
    """``day`` moved by ``n`` calendar units (months and years land on the 1st)."""
    if unit == "day":
        return day + dt.timedelta(days=n)
    if unit == "week":
        return day + dt.timedelta(weeks=n)
    if unit == "month":
        year, month = _shift_month(day, n)
        return dt.date(year, month, 1)
    return dt.date(day.year + n, 1, 1)


def _ago(m: re.Match[str], ctx: _Ctx) -> Resolution | None:
    unit = m["unit"].lower()
    first, last, precision = _unit_span(_shifted(ctx.today, unit, -_number(m["n"])), unit)
    return _res(first, last, precision, "published")


def _period(m: re.Match[str], ctx: _Ctx) -> Resolution | None:
    mod, unit = " ".join(m["mod"].lower().split()), m["unit"].lower()
    step = -1 if mod.endswith("last") else 1 if mod.endswith("next") else 0
    first, last, precision = _unit_span(_shifted(ctx.today, unit, step), unit)
    one = dt.timedelta(days=1)
    if unit == "week" and step == -1 and ctx.today.weekday() == 6:
        # On a Sunday, writers whose weeks start on Sunday mean the six days just ended and
        # those whose weeks start on Monday the Monday-to-Sunday before them: span both.
        last = ctx.today - one
    if mod.startswith("earlier"):  # the part of this period before publication
        last = max(first, ctx.today - one)
    elif mod.startswith("later"):  # the part after it
        first = min(last, ctx.today + one)
    return _res(first, last, precision, "published")


def _anchor(ctx: _Ctx, offset: int) -> Resolution:
    if ctx.reference is not None:
        return _res(ctx.reference + dt.timedelta(days=offset), None, "day", "context")
    return _res(ctx.today + dt.timedelta(days=offset), None, "day", "published")


def _anaphoric_step(m: re.Match[str], ctx: _Ctx) -> Resolution | None:
    direction = (m["dir"] or "").lower()
    step = 1 if direction in ("next", "following") else -1 if direction else 0
    return _anchor(ctx, step)


def _anaphoric_n(m: re.Match[str], ctx: _Ctx) -> Resolution | None:
    n = _number(m["n"])
    return _anchor(ctx, n if m["dir"].lower() == "later" else -n)


# ---------------------------------------------------------------------------------------
# The rules. Overlapping matches keep the longest, so "Monday, January 13, 2020" is one date.


def _rule(name: str, body: str, handler: _Handler, relative: bool, **flags: bool) -> _Rule:
    pattern = re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)
    return _Rule(name, pattern, handler, relative, **flags)


_RULES: tuple[_Rule, ...] = (
    _rule("iso", r"(?P<year>(?:19|20)\d\d)-(?P<mm>[01]\d)-(?P<dd>[0-3]\d)", _iso, False),
    _rule("numeric", rf"(?P<a>[0-3]?\d)([/.-])(?P<b>[0-3]?\d)\2{_YEAR}", _numeric, False),
    _rule("month-day", rf"{_WD_PREFIX}{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?", _abs_day, False),
    _rule("day-month", rf"{_WD_PREFIX}(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?",
          _abs_day, False),
    _rule("month-days", rf"{_MONTH}\s+{_DAY}{_RANGE_SEP}{_DAY2}(?:,?\s+{_YEAR})?",
          _abs_day_range, False),
    _rule("days-month", rf"{_DAY}{_RANGE_SEP}{_DAY2}\s+{_MONTH}(?:,?\s+{_YEAR})?",
          _abs_day_range, False),
    _rule("month-year", rf"(?:{_PART}[\s-]+)?{_MONTH},?\s+{_YEAR}", _month_year, False),
    # A preposition cue ("in May") licenses a bare month or year; it stays outside the
    # "core" so that "from Feb. 20" yields "Feb. 20", and comes back as "on"/"in" do.
    _rule("month", rf"(?:{_CUE}\s+)?(?P<core>(?:(?P<mod>last|next|this|{_PART})[\s-]+)?{_MONTH})",
          _month_only, False, cue=True, ambiguous=True),
    _rule("year", rf"(?:{_CUE}\s+)?(?P<core>(?P<mod>(?:{_PART}[\s-]+)?(?:the\s+year\s+)?)"
          # not a designation ("asteroid 2004 YD5") nor part of a number or a date
          rf"{_YEAR}(?![-\u2013/.,]?\d|(?-i:\s+[A-Z]+\d)))", _year, False, cue=True),
    _rule("year-range", rf"(?:(?P<cue>from|between)\s+)?{_YEAR}{_RANGE_SEP}"
          r"(?P<year2>(?:19|20)?\d\d)", _year_range, False, cue=True),
    _rule("decade", r"(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<decade>(?:19|20)\d0)'?s",
          _decade, False),
    _rule("weekday", r"(?:(?P<mod>last|next|this\s+past|this\s+coming|this|coming|past)\s+)?"
          r"(?:(?:early|late|overnight)\s+(?:on\s+)?)?" + _WEEKDAY +
          r"(?:\s+(?:morning|afternoon|evening|night))?", _weekday, True, ambiguous=True),
    _rule("weekend", r"(?P<mod>last|next|this|the|past|coming)\s+weekend", _weekend, True,
          ambiguous=True),
    _rule("day-word", r"(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|"
          r"yesterday|today|tonight|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening)|"
          r"(?:earlier|later)\s+today)(?:\s+(?:morning|afternoon|evening|night))?",
          _day_word, True, ambiguous=True),
    _rule("ago", rf"{_NUM}\s+(?P<unit>day|week|month|year)s?\s+ago", _ago, True),
    # "the last week" / "the next month" are durations or anaphora, not calendar periods.
    _rule("period", r"(?<!\bthe\s)(?P<mod>last|next|this|(?:earlier|later)\s+(?:this|in\s+the)|"
          r"(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+(?:this|last|next|the))\s+"
          r"(?P<unit>week|month|year)", _period, True),
    _rule("next-day", r"(?:(?:the\s+)?(?P<dir>next|following|previous|preceding)\s+"
          r"(?:day|morning|afternoon|evening|night)|(?:later|earlier)\s+that\s+day|"
          r"that\s+(?:same\s+)?(?:day|morning|afternoon|evening|night)|the\s+same\s+day)",
          _anaphoric_step, True, anaphoric=True),
    _rule("days-later", rf"{_NUM}\s+days?\s+(?P<dir>later|earlier)", _anaphoric_n, True,
          anaphoric=True),
)


# ---------------------------------------------------------------------------------------
# resolve(): one expression


_PLACEHOLDER = dt.date(2001, 1, 1)  # any anchor: the precision does not depend on it
_LEADING_PREP = re.compile(r"(?i)^(?:on|in|since|until|till|by|during|from|at|as\s+of)\s+")


def _apply(
    rule: _Rule, m: re.Match[str], published: dt.date | None, tense: Tense,
    reference: dt.date | None,
) -> Resolution | None:
    known = published is not None
    ctx = _Ctx(published or _PLACEHOLDER, known, tense, reference)
    found = rule.handler(m, ctx)
    if found is None or known or not rule.relative or (rule.anaphoric and reference):
        return found
    return replace(found, date=None, end_date=None, basis="unanchored")


def _match_whole(text: str) -> tuple[_Rule, re.Match[str]] | None:
    for rule in _RULES:
        m = rule.pattern.fullmatch(text)
        if m is not None:
            return rule, m
    return None


def resolve(
    text: str, published: dt.date | None, tense: Tense = "none",
    reference: dt.date | None = None,
) -> Resolution | None:
    """Resolve one whole time expression, or None if it is not one we read.

    ``tense`` is that of the verb the expression modifies (see :func:`verb_tense`); it picks
    the direction of day names ("on Sunday") and the year of dates written without one.
    ``reference`` is the day that "the next morning" or "that day" counts from; without it
    they count from ``published``. Durations, ages and clock times give None.
    """
    cleaned = text.strip(" \t\r\n,;:()")
    found = _match_whole(cleaned) or _match_whole(_LEADING_PREP.sub("", cleaned, count=1))
    if found is None:
        return None
    return _apply(found[0], found[1], published, tense, reference)


# ---------------------------------------------------------------------------------------
# Tense from the dependency parse


def _aux_words(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass") or c.tag_ == "MD"}


def _is_schedule(token: Token) -> bool:
    """A participle or adjective of planning ("scheduled", "due"), or a verb taking one."""
    if token.lemma_.lower() in _SCHEDULE and token.tag_ in ("VBN", "JJ"):
        return True
    return any(c.dep_ in ("acomp", "oprd") and c.lemma_.lower() in _SCHEDULE
               for c in token.children)


def _infinitive_tense(verb: Token, depth: int) -> Tense:
    """"to attend": a plan when it hangs on "expected", "due", "agreed"...; else its head's."""
    head = verb.head
    if head.i == verb.i or any(c.dep_ == "nsubj" for c in verb.children):
        return "future"  # headline and report style: "Leaders to meet on Sunday"
    if head.lemma_.lower() in _INTENT or _is_schedule(head):
        return "past" if "had" in _aux_words(head) else "future"
    return verb_tense(head, depth + 1) if head.pos_ in ("VERB", "AUX") else "none"


def verb_tense(verb: Token, depth: int = 0) -> Tense:
    """Tense of a verb for dating purposes: future includes "would", modals and plans."""
    aux = _aux_words(verb)
    if aux & _FUTURE_AUX:
        return "future"
    if depth < 4 and any(c.tag_ == "TO" for c in verb.children if c.dep_ == "aux"):
        return _infinitive_tense(verb, depth)
    if _is_schedule(verb):  # "was scheduled for Sunday": the plan, not the past, counts
        return "future"
    if verb.tag_ == "VBD" or aux & _PAST_AUX or (verb.tag_ == "VBN" and not aux):
        return "past"
    if verb.tag_ in ("VBZ", "VBP") or aux & {"is", "are", "am", "'re", "'m"}:
        return "past" if verb.lemma_.lower() in _REPORTING else "present"
    if verb.tag_ == "VBG" and depth < 4 and verb.head.i != verb.i:
        return verb_tense(verb.head, depth + 1)  # participle clause: ", saying on Monday"
    return "none"


def tense_of(span: Span) -> Tense:
    """Tense of the verb that governs a time expression in the dependency parse."""
    return _tense_of(span, lambda s: _is_headline(s.sent))


def _tense_of(span: Span, in_headline: Callable[[Span], bool]) -> Tense:
    """:func:`tense_of`, told by ``in_headline`` whether the span lies in a headline (the
    caller may know it without walking the span's sentence)."""
    token: Token = span.root
    for _ in range(8):  # a time phrase sits a few arcs below its verb at most
        if _scheduled_noun(token):
            return "future"  # "ahead of the scheduled Jan. 30 elections"
        if token.pos_ in ("VERB", "AUX"):
            tense = verb_tense(token)
            # Headlines narrate the past in the present: "Talks fail to clinch deal on Monday".
            return "past" if tense == "present" and in_headline(span) else tense
        if token.head.i == token.i:
            return "none"
        token = token.head
    return "none"


def _scheduled_noun(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ in ("amod", "acl") and _is_schedule(c) for c in token.children)


def _is_headline(sent: Span) -> bool:
    """The report's first sentence when it has no closing punctuation (a title line)."""
    words = [t for t in sent if not t.is_space]
    return sent.start == 0 and bool(words) and words[-1].text not in {".", "!", "?", '"', "”"}


# ---------------------------------------------------------------------------------------
# extract_times(): a whole report


@dataclass(frozen=True, slots=True)
class _Cand:
    start: int
    end: int
    rule: _Rule
    match: re.Match[str]
    resolution: Resolution


_TIME_LIKE_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY"}


class _Report:
    """What :func:`extract_times` reads from the Doc more than once, computed once per call.

    ``Doc.text`` joins every token on each access and ``Doc.sents`` / ``Span.sent`` walk the
    tokens, so reading them per candidate made long documents quadratic. The sentence facts
    are computed only when a candidate needs them (a Doc without a parse never does).
    Lives as long as one call: nothing here outlives or keeps the Doc.
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text: str = doc_text(doc)

    @cached_property
    def sentence_starts(self) -> list[int]:
        """Character offset of each sentence's start, in order."""
        return [sent.start_char for sent in doc_sents(self.doc)]

    @cached_property
    def headline_end(self) -> int:
        """Token index after the first sentence when it is a headline, else 0."""
        first = next(iter(doc_sents(self.doc)), None)
        return first.end if first is not None and _is_headline(first) else 0

    def in_headline(self, span: Span) -> bool:
        # ``span.sent`` is the first sentence exactly when the span starts before its end.
        return span.start < self.headline_end


def _scan(text: str) -> Iterator[tuple[int, int, _Rule, re.Match[str]]]:
    for rule in _RULES:
        for m in rule.pattern.finditer(text):
            groups = m.groupdict()
            if rule.cue and not (groups.get("cue") or groups.get("mod")):
                continue
            yield m.start("core") if "core" in groups else m.start(), m.end(), rule, m


def _from_entities(doc: Doc, text: str) -> Iterator[tuple[int, int, _Rule, re.Match[str]]]:
    """spaCy DATE entities that our patterns read whole: bare years and months ("2011").

    The pattern is matched again in the running text so that its look-arounds see the
    context (a year in "asteroid 2004 YD5" is a designation, not a date)."""
    for ent in doc_ents(doc):
        found = _match_whole(ent.text) if ent.label_ in ("DATE", "TIME") else None
        if found is None:
            continue
        m = found[0].pattern.match(text, ent.start_char)
        if m is not None and m.end() == ent.end_char:
            yield ent.start_char, ent.end_char, found[0], m


def _vetoed(doc: Doc, start: int, end: int) -> bool:
    """A day or month name inside a name entity ("Bloody Sunday", "Theresa May")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.ent_type_ and t.ent_type_ not in _TIME_LIKE_LABELS
                                    for t in span)


def _candidates(report: _Report, published: dt.date | None) -> list[_Cand]:
    doc = report.doc
    found: list[_Cand] = []
    seen: set[tuple[int, int]] = set()
    for start, end, rule, m in [*_scan(report.text), *_from_entities(doc, report.text)]:
        span = doc.char_span(start, end, alignment_mode="expand")
        if (start, end) in seen or span is None or (rule.ambiguous and _vetoed(doc, start, end)):
            continue
        seen.add((start, end))
        resolution = _apply(rule, m, published, _tense_of(span, report.in_headline), None)
        if resolution is not None:
            found.append(_Cand(start, end, rule, m, resolution))
    return found


def _non_overlapping(cands: list[_Cand], length: int) -> list[_Cand]:
    """Longest first, then leftmost; a candidate that overlaps one kept is dropped.
    Candidates are never empty (every rule matches a digit or a name), so overlap is a
    character already taken: one look-up per candidate, not a scan of all kept ones."""
    kept: list[_Cand] = []
    taken = bytearray(length)
    for cand in sorted(cands, key=lambda c: (c.start - c.end, c.start)):
        if taken.find(1, cand.start, cand.end) == -1:
            kept.append(cand)
            taken[cand.start:cand.end] = b"\x01" * (cand.end - cand.start)
    return sorted(kept, key=lambda c: c.start)


_APPOSITION_GAP = re.compile(rf"\s*(?:[(,]|{_DASH})\s*(?:on\s+)?")


def _sentence_window(report: _Report, cand: _Cand) -> int:
    """Start of the sentence before the one holding ``cand`` (narrative context)."""
    starts = report.sentence_starts
    index = bisect.bisect_right(starts, cand.start) - 1
    return starts[max(index - 1, 0)] if starts else 0


def _appositive(text: str, kept: list[_Cand], index: int) -> dt.date | None:
    """A day named right beside the expression: "the next morning (Tuesday)", "yesterday
    (November 29)". A bare comma counts only before a written date, not in a list of days."""
    after = kept[index + 1] if index + 1 < len(kept) else None
    if after is None or after.resolution.precision != "day":
        return None
    gap = text[kept[index].end:after.start]
    if not _APPOSITION_GAP.fullmatch(gap) or ("(" not in gap and after.rule.relative):
        return None
    return after.resolution.date


def _reference(report: _Report, kept: list[_Cand], index: int) -> dt.date | None:
    """The day an anaphoric expression counts from: the last day named before it in its
    sentence or the previous one (a story's "the next day" follows its own narrative)."""
    window = _sentence_window(report, kept[index])
    for other in (kept[j] for j in range(index - 1, -1, -1)):  # no copy of kept[:index]
        if other.start < window:
            break
        if other.resolution.precision == "day" and other.resolution.date:
            return other.resolution.date
    return None


def _resolve_in_context(report: _Report, kept: list[_Cand], index: int,
                        published: dt.date | None) -> Resolution:
    """Relative days take a date written beside them; "the next day" counts from the last
    day named before it, else from the publication date."""
    cand = kept[index]
    if not cand.rule.relative or cand.resolution.precision != "day":
        return cand.resolution
    named = _appositive(report.text, kept, index)
    if named is not None:
        return Resolution(named, None, "day", "context")
    if not cand.rule.anaphoric:
        return cand.resolution
    found = _apply(cand.rule, cand.match, published, "none", _reference(report, kept, index))
    return found or cand.resolution


def _with_preposition(text: str, cand: _Cand, floor: int) -> int:
    """Start of the expression widened over "on"/"in"/"since" just before it ("on Sunday"),
    unless it is a possessive, whose preposition governs the noun ("on today's agenda")."""
    if _POSSESSIVE.match(text, cand.end):
        return cand.start
    m = _PREPOSITION.search(text, max(floor, cand.start - 12), cand.start)
    return m.start() if m else cand.start


def extract_times(doc: Doc, published: dt.date | None) -> list[TimeExpr]:
    """Every time expression in the report, resolved, sorted by start, none overlapping."""
    report = _Report(doc)
    kept = _non_overlapping(_candidates(report, published), len(report.text))
    for i, cand in enumerate(kept):  # in order, so "the next day" can chain on another
        kept[i] = replace(cand, resolution=_resolve_in_context(report, kept, i, published))
    out: list[TimeExpr] = []
    for cand in kept:
        start = _with_preposition(report.text, cand, out[-1].end if out else 0)
        out.append(_record(report.text, start, cand.end, cand.resolution))
    return out


def _record(text: str, start: int, end: int, res: Resolution) -> TimeExpr:
    return TimeExpr(
        text=text[start:end], start=start, end=end,
        date=res.date.isoformat() if res.date else None,
        end_date=res.end_date.isoformat() if res.end_date else None,
        precision=res.precision, basis=res.basis,
    )
