"""Casualty and displacement figures: how many were killed, injured, displaced, detained.

Every number phrase in the report is read as a candidate and kept only when the dependency
parse links it to a kind: the verb it hangs on ("five soldiers were killed", "killing 12",
"forced 3,000 people to flee"), a noun that carries the kind ("146 deaths", "the death of
12 people", "300 refugees"), a modifier ("wounded soldiers", "were found dead") or a tally
("the death toll rose to 50", "among the dead were a dozen soldiers").

Conventions (UCDP-style low / best / high, kept deliberately conservative):

- a plain figure "280" is low = best = high = 280;
- lower bounds "more than / over / at least 280" give low = best = 280, high null (the
  stated number is the most reliable count the report supports, as in UCDP's best estimate);
- inclusive upper bounds "up to / as many as 30" give best = high = 30, low null; strict
  ones "fewer than / less than 30" give high = 30 only, since 30 itself is excluded;
- approximations "about / around / nearly / almost / some 2,000" give best = 2,000 only;
- ranges "between 10 and 15", "10-15", "two or three" give low = best = 10, high = 15
  (the best estimate takes the low end, as UCDP does when sources disagree);
- vague words give their smallest reading as low = best, high null: "dozens" 24, "scores" 40,
  "hundreds" 200, "thousands" 2,000, "tens of thousands" 20,000; "a dozen" is 12;
- a singular victim noun with "a/an" ("a child was killed") and a named person who undergoes
  the event ("Colonel X was shot dead") are figures of 1 (a name in apposition to a counted
  noun is not counted twice); named people are never displacement figures;
- "casualties" is its own kind (killed plus injured, not split by the report), never
  counted as deaths;
- negated or unreal statements ("no one was killed", "were not injured", "tried to kill
  two judges", "threatened to execute 20") give no figure, not a zero: a zero is an absence
  of reported victims, which linking can infer, and "0" would read as a reported count;
- "fled" without a victim noun counts as displacement only from 50 up (see
  ``_MIN_UNNAMED_FLEEING``), and never for armed people: "four gunmen fled" is an escape;
- a nationality ("146,000 Libyans displaced") says nothing of combatant status, so its
  victims are "people"; a figure with no counted noun ("killing 12") has victims "unknown".

Periods: a figure over a stated period ("since April", "in the past week", "this year") and
a running total ("the war has killed 5,000", "hundreds of civilians have been killed", "the
offensive has killed 300 so far": see :func:`running_total`) carry a ``Period``; such
aggregates are never the casualties of one event.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

import yaml
from dateutil.relativedelta import relativedelta
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ceasefire.errors import KnowledgeBaseError, ModelError
from ceasefire.kb import load_data
from ceasefire.nlp import doc_ents, doc_sents, doc_text
from ceasefire.schema import Actor, Period, Quantity, Span

__all__ = ["Lexicon", "extract_quantities", "load_lexicon", "parse_amount", "restates_total",
           "running_total"]

_LEXICON_FILE = "quantities.yaml"
_Phrases = tuple[tuple[tuple[str, ...], str], ...]  # (words, what they mean)


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The word lists of ``kb/data/quantities.yaml``, indexed for lookup."""

    verbs: dict[str, str]  # transitive trigger verb -> kind
    intransitive: dict[str, str]  # verbs whose subject is the victim
    person_only: dict[str, str]  # verbs that are triggers only with a person as object
    nouns: dict[str, str]
    event_nouns: dict[str, str]  # kind nouns that take their victims in "of": "death of"
    adjectives: dict[str, str]
    tally_verbs: frozenset[str]
    count_nouns: frozenset[str]
    causative: frozenset[str]
    speech: frozenset[str]
    victims: dict[str, str]
    compounds: dict[str, str]
    modifiers: dict[str, str]
    not_victims: frozenset[str]
    bounds: _Phrases  # words before a number, longest first
    post_bounds: _Phrases  # words after it
    vague: dict[str, tuple[int, int]]
    conflict_nouns: frozenset[str]  # a figure they cause is a running total
    prolonged_nouns: frozenset[str]  # the same, in the present perfect and made definite
    totalisers: frozenset[str]  # "so far", "in total"


def _invert(table: dict[str, list[str]]) -> dict[str, str]:
    return {word: key for key, words in table.items() for word in words}


def _phrases(table: dict[str, list[str]]) -> _Phrases:
    pairs = [(tuple(p.split()), kind) for kind, words in table.items() for p in words]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


@cache
def load_lexicon() -> Lexicon:
    """Read and index the lexicon shipped with the package (once per process)."""
    try:
        return _build_lexicon(load_data(_LEXICON_FILE))
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as err:
        raise KnowledgeBaseError(f"cannot read lexicon {_LEXICON_FILE}: {err}") from err


def _build_lexicon(data: dict[str, Any]) -> Lexicon:
    return Lexicon(
        verbs=_invert(data["verbs"]),
        intransitive=_invert(data["intransitive"]),
        person_only=_invert(data["person_only"]),
        nouns=_invert(data["nouns"]),
        event_nouns=_invert(data["event_nouns"]),
        adjectives=_invert(data["adjectives"]),
        tally_verbs=frozenset(data["tally_verbs"]),
        count_nouns=frozenset(data["count_nouns"]),
        causative=frozenset(data["causative_verbs"]),
        speech=frozenset(data["speech_verbs"]),
        victims=_invert(data["victims"]),
        compounds=dict(data["compounds"]),
        modifiers=_invert(data["modifiers"]),
        not_victims=frozenset(data["not_victims"]),
        bounds=_phrases(data["bounds"]),
        post_bounds=_phrases(data["post_bounds"]),
        vague={k: (int(v[0]), int(v[1])) for k, v in data["vague"].items()},
        conflict_nouns=frozenset(data["conflict_nouns"]),
        prolonged_nouns=frozenset(data["prolonged_nouns"]),
        totalisers=frozenset(data["totalisers"]),
    )


# --------------------------------------------------------------------------- number values

_UNIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
               "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
               "seventeen", "eighteen", "nineteen")
_TEN_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = {w: i for i, w in enumerate(_UNIT_WORDS)}
_TENS = {w: 10 * (i + 2) for i, w in enumerate(_TEN_WORDS)}
_MULTIPLIERS = {"hundred": 100, "dozen": 12, "score": 20}
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_NUMBER_WORDS = {*_UNITS, *_TENS, *_MULTIPLIERS, *_SCALES, "a", "an"}
_PLURAL_SCALES = {"dozens", "scores", "hundreds", "thousands", "millions", "tens"}
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$|(first|second|third|th)$", re.IGNORECASE)
_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")


def _word_value(words: Sequence[str]) -> int | None:
    """Value of a number written in digits and/or words: "1.5 million", "two thousand"."""
    total, current, seen = 0.0, 0.0, False
    for word in (p for w in words for p in w.lower().split("-") if p):
        if _DIGITS.match(word):
            current, seen = float(word.replace(",", "")), True
        elif word in _UNITS or word in _TENS:
            current, seen = current + _UNITS.get(word, 0) + _TENS.get(word, 0), True
        elif word in ("a", "an"):
            current = 1.0
        elif word in _MULTIPLIERS:
            current, seen = max(current, 1.0) * _MULTIPLIERS[word], True
        elif word in _SCALES:
            total, current, seen = total + max(current, 1.0) * _SCALES[word], 0.0, True
        else:
            return None
    return round(total + current) if seen else None


def parse_amount(words: Sequence[str], lexicon: Lexicon | None = None) -> tuple[int, int] | None:
    """(low, best) of a number phrase: exact numbers give (n, n), vague words their floor.

    >>> parse_amount(["1.5", "million"])
    (1500000, 1500000)
    >>> parse_amount(["tens", "of", "thousands"])
    (20000, 20000)
    """
    lex = lexicon or load_lexicon()
    phrase = " ".join(w.lower() for w in words)
    if phrase in lex.vague:
        return lex.vague[phrase]
    value = _word_value([w for w in words if w.lower() != "of"])
    return (value, value) if value is not None else None


# --------------------------------------------------------------------------- number phrases


@dataclass(frozen=True, slots=True)
class _Number:
    """A number phrase before it is linked: its tokens and its low / best / high."""

    start: int  # token index of the first token of the phrase (bound words excluded)
    end: int  # token index after the last
    top: Token  # the token of the phrase that hangs on the rest of the sentence
    low: int | None
    best: int | None
    high: int | None


def _is_number_token(token: Token) -> bool:
    text = token.lower_
    word = text in _PLURAL_SCALES or text in _MULTIPLIERS or text in load_lexicon().vague
    if not word and not (token.like_num and token.tag_ == "CD"):
        return False  # most tokens: decided before the ordinal pattern runs
    return not _ORDINAL.search(text) and token.ent_type_ != "ORDINAL"


def _joins(prev: Token, nxt: Token) -> bool:
    """Whether ``nxt`` continues the number that ``prev`` is part of ("two thousand",
    "1.5 million"), as opposed to starting a new one ("10 15" in a table)."""
    if not _is_number_token(nxt) or prev.lower_ in _PLURAL_SCALES:
        return False
    if nxt.lower_ in _SCALES or nxt.lower_ in _MULTIPLIERS:
        return True
    return not _DIGITS.match(prev.text) and not _DIGITS.match(nxt.text)


def _run_end(doc: Doc, i: int) -> int:
    """End of the run of number words starting at ``i`` ("tens of thousands", "a dozen")."""
    j = i + 1
    while j < len(doc):
        joins_scales = (
            doc[j].lower_ == "of" and doc[j - 1].lower_ in _PLURAL_SCALES
            and j + 1 < len(doc) and doc[j + 1].lower_ in _PLURAL_SCALES
        )
        hyphenated = (  # "twenty-eight" is three tokens
            doc[j].text == "-" and doc[j - 1].lower_ in _TENS
            and j + 1 < len(doc) and doc[j + 1].lower_ in _UNITS
        )
        if joins_scales or hyphenated:
            j += 2
        elif _joins(doc[j - 1], doc[j]):
            j += 1
        else:
            break
    return j


def _number_runs(doc: Doc) -> Iterator[tuple[int, int]]:
    i = 0
    while i < len(doc):
        if not _is_number_token(doc[i]):
            i += 1
            continue
        scale = doc[i].lower_ in _SCALES or doc[i].lower_ in _MULTIPLIERS
        start = i - 1 if scale and i > 0 and doc[i - 1].lower_ in ("a", "an") else i
        end = _run_end(doc, i)
        yield start, end
        i = end


_RANGE_JOINERS = {"-", "\u2013", "\u2014", "to", "or"}  # hyphen, en and em dash


def _numbers(doc: Doc, lex: Lexicon) -> list[_Number]:
    """Every number phrase with its bounds, ranges ("10-15", "between 10 and 15") joined."""
    runs = list(_number_runs(doc))
    found: list[_Number] = []
    k = 0
    while k < len(runs):
        start, end = runs[k]
        partner = _range_partner(doc, runs, k)
        number = _make_number(doc, lex, start, end, partner)
        if number is not None:
            found.append(number)
        k += 2 if partner is not None else 1
    return found


def _range_partner(doc: Doc, runs: list[tuple[int, int]], k: int) -> tuple[int, int] | None:
    """The second number of a range that starts with run ``k``, if there is one."""
    if k + 1 >= len(runs):
        return None
    (start, end), (nstart, nend) = runs[k], runs[k + 1]
    if nstart != end + 1:
        return None
    joiner = doc[end].lower_
    between = start > 0 and doc[start - 1].lower_ == "between" and joiner == "and"
    after_from = start > 0 and doc[start - 1].lower_ == "from"
    if between or (joiner in _RANGE_JOINERS and not after_from):
        return nstart, nend
    return None


def _make_number(
    doc: Doc, lex: Lexicon, start: int, end: int, partner: tuple[int, int] | None
) -> _Number | None:
    amount = parse_amount([t.text for t in doc[start:end]], lex)
    if amount is None:
        return None
    top = _top(doc, start, partner[1] if partner else end)
    if partner is not None:
        other = parse_amount([t.text for t in doc[partner[0]:partner[1]]], lex)
        if other is None:
            return None
        first, last = sorted((amount[0], other[1]))
        return _Number(start, partner[1], top, first, first, last)
    low, best, high = _apply_bounds(doc, lex, start, end, amount)
    return _Number(start, end, top, low, best, high)


def _top(doc: Doc, start: int, end: int) -> Token:
    """The token of doc[start:end] whose head lies outside it (the phrase's root)."""
    for token in doc[start:end]:
        if not start <= token.head.i < end or token.head.i == token.i:
            return token
    return doc[end - 1]


def _bound_before(doc: Doc, phrases: _Phrases, start: int) -> str | None:
    """The first of ``phrases`` that ends right before token ``start``."""
    longest = max((len(w) for w, _ in phrases), default=0)
    before = tuple(t.lower_ for t in doc[max(start - longest, 0):start])
    return next((b for w, b in phrases
                 if len(w) <= len(before) and before[len(before) - len(w):] == w), None)


def _bound_after(doc: Doc, phrases: _Phrases, end: int) -> str | None:
    """The first of ``phrases`` that starts at token ``end``."""
    longest = max((len(w) for w, _ in phrases), default=0)
    # No slice at the very end: an empty Span there reads the whole ``Doc.text``.
    after = tuple(t.lower_ for t in doc[end:end + longest]) if end < len(doc) else ()
    return next((b for w, b in phrases if len(w) <= len(after) and after[:len(w)] == w), None)


def _apply_bounds(
    doc: Doc, lex: Lexicon, start: int, end: int, amount: tuple[int, int]
) -> tuple[int | None, int | None, int | None]:
    low, best = amount
    vague = " ".join(t.lower_ for t in doc[start:end]) in lex.vague
    bound = _bound_before(doc, lex.bounds, start) or _bound_after(doc, lex.post_bounds, end)
    if bound == "low" or (vague and bound is None):
        return low, best, None
    if bound == "high":
        return None, best, best
    if bound == "high_strict":
        return None, None, best
    if bound == "approx":
        return None, best, None
    return low, best, best


# --------------------------------------------------------------------------- filters

_DATE_WORDS = re.compile("^(and|to|between|-|\u2013|or|about|some|around|nearly|over)$")
_CURRENCY = {"$", "€", "£", "usd", "eur", "gbp", "dollars", "euros", "pounds", "naira",
             "rupees", "shillings", "dinars"}


def _not_a_count(report: _Report, number: _Number) -> bool:
    """Years, ages, money, percentages, measures and other numbers that count no one."""
    doc = report.doc
    span = doc[number.start:number.end]
    ents = {t.ent_type_ for t in span}
    if ents & {"MONEY", "PERCENT", "QUANTITY"}:
        return True
    if ents & {"DATE", "TIME"} and _date_like(report, number):
        return True
    before = doc[number.start - 1].lower_ if number.start > 0 else ""
    after = doc[number.end].lower_ if number.end < len(doc) else ""
    if before in _CURRENCY or before in ("aged", "age", "ages", "no.", "resolution"):
        return True
    if after in ("%", "percent", "per", "years", "year", "-year", "km", "miles"):
        return True
    return number.top.dep_ in ("appos", "npadvmod") and number.top.head.pos_ in ("NOUN",
                                                                                 "PROPN")


def _date_like(report: _Report, number: _Number) -> bool:
    """A number inside a date/time entity that is a year or sits beside date words."""
    span = report.doc[number.start:number.end]
    if any(re.fullmatch(r"1[5-9]\d\d|20\d\d", t.text) for t in span):
        return True
    ent = report.ent_at.get(number.start)
    if ent is None:
        return False
    others = [t for t in ent if not number.start <= t.i < number.end]
    return any(not _DATE_WORDS.match(t.lower_) and not _is_number_token(t) for t in others)


# Verbs that make the event under them unreal: "tried to kill", "threatened to abduct".
_UNREAL = {"try", "attempt", "plan", "threaten", "fail", "vow", "seek", "want", "intend",
           "plot", "aim"}


def _negated(number: _Number, trigger: Token | None) -> bool:
    """"no one was killed", "none were injured", "were not killed", "tried to kill"."""
    if trigger is not None and trigger.dep_ == "xcomp" and _lemma(trigger.head) in _UNREAL:
        return True
    words = [number.top, *number.top.children]
    if number.top.head.pos_ in ("NOUN", "PROPN"):
        words += list(number.top.head.children)
    if any(w.lower_ in ("no", "none", "zero", "not") and w.dep_ in ("det", "neg", "advmod")
           for w in words):
        return True
    return trigger is not None and any(c.dep_ == "neg" for c in trigger.children)


# --------------------------------------------------------------------------- linking


@dataclass(frozen=True, slots=True)
class _Link:
    kind: str
    trigger: Token  # the word that gave the kind: verb, noun or adjective
    victim: Token | None  # the noun that says who was counted, when there is one


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def _lemma(token: Token) -> str:
    """Lower-case lemma without zero-width characters (scraped text carries them inside
    words: "\u200bkilling" is "killing")."""
    return (token.lemma_ or token.text).lower().translate(_INVISIBLE)


# Relations the small parser gives a number it failed to attach to its noun.
_MISPARSED = {"punct", "dep", "advmod", "npadvmod", "nmod", "ROOT"}


def _counted(number: _Number) -> tuple[Token, Token | None]:
    """(node to walk up from, noun naming the victims) for a number phrase."""
    top = number.top
    if top.dep_ in ("nummod", "quantmod", "det", "amod", "compound") and top.head.pos_ in (
        "NOUN", "PROPN", "ADJ"
    ) and top.head.i >= number.end:
        return top.head, top.head
    following = top.doc[number.end] if number.end < len(top.doc) else None
    if following is not None and top.dep_ in _MISPARSED and _plural_noun(following):
        return following, following  # the parser lost "190 Houthis": take the next noun
    if top.ent_type_ == "PERSON":  # a named victim: the name and its titles say who
        return top, top
    return top, _of_object(top)


def _plural_noun(token: Token) -> bool:
    """Plural common or proper noun; the tagger often calls "Houthis" a singular NNP."""
    plural_name = token.tag_ == "NNP" and token.lower_.endswith("s")
    return token.tag_ in ("NNS", "NNPS") or plural_name


def _of_object(token: Token) -> Token | None:
    """The noun of an "of" complement: "hundreds of protesters", "12 of the soldiers"."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


_PLACES_AND_THINGS = {"GPE", "LOC", "FAC", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART", "MONEY"}


def _link(number: _Number, lex: Lexicon) -> _Link | None:
    """Find the kind of a figure from the parse, or None when it counts no victims."""
    node, victim = _counted(number)
    noun = victim or node
    if noun is not number.top and _lemma(noun) in lex.not_victims:
        return None
    if noun.ent_type_ in _PLACES_AND_THINGS:  # "Route 66", "the 2 Brigades" as names
        return None
    found = _from_modifiers(node, lex) or _walk(node, victim, lex)
    single = number.top.lower_ in ("a", "an")
    kind = lex.nouns.get(_lemma(node))
    # "a body was found" is a death; "a refugee" or "a prisoner" alone is no figure.
    if found is None and kind is not None and (not single or kind == "killed"):
        found = _Link(kind, node, victim)
    if found is None or found.kind == "_stop" or _negated(number, found.trigger):
        return None
    if _fled_scene(number, found, lex):
        return None
    if number.top.ent_type_ == "PERSON" and found.kind not in _NAMED_KINDS:
        return None  # "forcing President X to flee" is no displacement figure
    return found


# What a figure of one named person can report.
_NAMED_KINDS = {"killed", "injured", "detained", "missing", "released"}


# Calibration: on the UCDP-AEC validation texts, a handful of unnamed people "fleeing" was
# always attackers leaving a scene; displacement figures without a victim noun ("3,000 have
# fled") start in the hundreds. 50 separates the two with room on both sides.
_MIN_UNNAMED_FLEEING = 50
_ARMED = {"fighters", "militants", "soldiers", "police"}


def _fled_scene(number: _Number, link: _Link, lex: Lexicon) -> bool:
    """"four gunmen fled in a truck" is an escape, not displacement."""
    if link.kind != "displaced" or _lemma(link.trigger) not in lex.intransitive:
        return False
    category = victim_category(link.victim, lex)
    if category in _ARMED:
        return True
    size = number.best or number.low or number.high or 0
    return category == "unknown" and size < _MIN_UNNAMED_FLEEING


def _from_modifiers(node: Token, lex: Lexicon) -> _Link | None:
    """Kind stated on the counted noun itself: "wounded soldiers", "three rebels killed"."""
    for child in node.children:
        word = child.lower_
        if child.dep_ == "amod" and word in lex.adjectives:
            return _Link(lex.adjectives[word], child, node)
        if child.dep_ in ("acl", "relcl"):
            kind = _clause_kind(child, lex)
            if kind is not None:
                return _Link(kind, child, node)
    return None


def _clause_kind(verb: Token, lex: Lexicon) -> str | None:
    """Kind of a participle or relative clause on a victim noun, when the noun is its
    patient ("civilians killed", "who were killed", "people forced to flee")."""
    lemma = _lemma(verb)
    if lemma in lex.intransitive:
        return lex.intransitive[lemma]
    if not _patient_clause(verb, lex):
        return None
    if lemma in lex.verbs:
        return lex.verbs[lemma]
    return _complement_kind(verb, lex)


def _patient_clause(verb: Token, lex: Lexicon) -> bool:
    """Whether the noun a clause modifies undergoes it rather than does it."""
    children = list(verb.children)
    if verb.dep_ == "acl":
        return verb.tag_ == "VBN"
    if any(c.dep_ == "nsubjpass" for c in children):
        return True
    # "who went missing" is fine; "who killed five" or "who left five dead" is an agent.
    return _lemma(verb) not in lex.verbs and not any(c.dep_ == "dobj" for c in children)


def _walk(node: Token, victim: Token | None, lex: Lexicon) -> _Link | None:
    """Climb from the counted node to the word that says what happened to it."""
    current = node
    for _ in range(6):  # a kind word farther up than this is in another clause
        dep, head = current.dep_, current.head
        if head.i == current.i:
            return None
        if dep in ("conj", "appos"):
            current = head
            continue
        if dep == "pobj":
            step = _via_preposition(current, head, victim, lex)
            if isinstance(step, _Link) or step is None:
                return step
            current = step
            continue
        if head.pos_ in ("VERB", "AUX"):
            return _via_verb(current, head, victim, lex)
        return None
    return None


def _via_preposition(
    current: Token, prep: Token, victim: Token | None, lex: Lexicon
) -> Token | _Link | None:
    """Go on through "including", "among", "the death of", "the toll rose to 50"."""
    governor = prep.head
    word = prep.lower_
    # "280 civilians, including 71 women", "a commander with his six colleagues"
    if word in ("including", "among", "like", "with") and governor.pos_ in (
        "NOUN", "PROPN", "NUM"
    ):
        return governor
    if word == "including" and governor.pos_ == "VERB":  # parser hung it on the verb
        kind = lex.verbs.get(_lemma(governor)) or lex.intransitive.get(_lemma(governor))
        if kind is not None:
            return _Link(kind, governor, victim)
        return _tally(governor, current, victim, lex)
    if word == "of":
        lemma = _lemma(governor)
        kind = lex.event_nouns.get(lemma) or lex.nouns.get(lemma)
        if kind is not None:
            return _Link(kind, governor, victim or current)
        if lemma in lex.count_nouns or lemma == "life":
            return governor
        return None
    if word in ("to", "at") and governor.pos_ in ("VERB", "AUX"):
        return _tally(governor, current, victim, lex)
    return None


def _via_verb(current: Token, verb: Token, victim: Token | None, lex: Lexicon) -> _Link | None:
    """The figure is an argument of ``verb``: is it the victim, and of what?"""
    dep, lemma = current.dep_, _lemma(verb)
    patient = dep in ("dobj", "nsubjpass") or (dep == "nsubj" and _passive_like(verb))
    # Headlines drop the auxiliary: "Five killed in blast" has "killed" tagged as a past
    # tense with no object; a subject with no object is then the victim, not the agent.
    patient = patient or (dep == "nsubj" and not _has_object(verb, None))
    if lemma in lex.verbs and patient:
        return _Link(lex.verbs[lemma], verb, victim)
    if lemma in lex.person_only and patient and _is_person(victim, lex):
        return _Link(lex.person_only[lemma], verb, victim)
    if lemma in lex.intransitive and dep in ("nsubj", "nsubjpass"):
        return _Link(lex.intransitive[lemma], verb, victim)
    if dep == "nsubj" and (lemma in lex.verbs or lemma in lex.person_only):
        return _Link("_stop", verb, None)  # the figure did the killing
    if dep == "nsubj" and verb.lower_ in lex.adjectives:  # "8 miners are missing" (VBG)
        return _Link(lex.adjectives[verb.lower_], verb, victim)
    if dep == "nsubj" and lemma in ("lose", "sacrifice") and _has_object(verb, "life"):
        return _Link("killed", verb, victim)
    if lemma in ("claim", "take", "cost") and _lemma(current) == "life" and dep == "dobj":
        return _Link("killed", verb, victim)
    return _complement_link(current, verb, victim, lex) or _shared_argument(current, verb, lex,
                                                                             victim)


def _shared_argument(current: Token, verb: Token, lex: Lexicon,
                     victim: Token | None) -> _Link | None:
    """"two staffers were shot and killed": a later verb in a coordination shares the
    figure as its argument (and the voice of the first verb)."""
    if current.dep_ not in ("nsubjpass", "dobj") and not (
        current.dep_ == "nsubj" and _passive_like(verb)
    ):
        return None
    for conj in (c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"):
        if any(c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in conj.children):
            continue  # it has arguments of its own
        kind = lex.verbs.get(_lemma(conj)) or lex.intransitive.get(_lemma(conj))
        if kind is not None:
            return _Link(kind, conj, victim)
    return None


def _complement_link(
    current: Token, verb: Token, victim: Token | None, lex: Lexicon
) -> _Link | None:
    """"were found dead", "went missing", "forced 3,000 to flee", "among the dead were"."""
    if current.dep_ in ("dobj", "nsubjpass", "nsubj", "attr"):
        kind = _complement_kind(verb, lex)
        if kind is not None:
            return _Link(kind, verb, victim)
    if _lemma(verb) in lex.tally_verbs:
        return _tally(verb, current, victim, lex)
    return None


def _complement_kind(verb: Token, lex: Lexicon) -> str | None:
    for child in verb.children:
        # Complements follow their verb; an adjective before it ("Captive: we pay ...")
        # belongs to something else.
        if child.dep_ not in ("oprd", "acomp", "xcomp", "advcl") or child.i < verb.i:
            continue
        word, lemma = child.lower_, _lemma(child)
        if word in lex.adjectives:
            return lex.adjectives[word]
        if child.dep_ == "xcomp" and lemma in lex.intransitive:
            return lex.intransitive[lemma]
        if child.dep_ == "xcomp" and _lemma(verb) in lex.causative and lemma in lex.verbs:
            return lex.verbs[lemma]
    return None


def _tally(verb: Token, current: Token, victim: Token | None, lex: Lexicon) -> _Link | None:
    """A tally verb whose other argument names the kind: "the death toll rose to 50"."""
    if _lemma(verb) not in lex.tally_verbs:
        return None
    for child in verb.children:
        if child.i == current.i:
            continue
        target = child
        if child.dep_ == "prep" and child.lower_ in ("among", "in"):
            target = next((g for g in child.children if g.dep_ == "pobj"), child)
        elif child.dep_ not in ("nsubj", "nsubjpass", "dobj", "attr"):
            continue
        kind = _noun_kind(target, lex)
        if kind is not None:
            return _Link(kind, target, victim)
    return None


def _noun_kind(noun: Token, lex: Lexicon, depth: int = 0) -> str | None:
    """Kind named by a noun phrase: "the death toll", "the dead", "the number of people
    killed", "casualties"."""
    lemma, word = _lemma(noun), noun.lower_
    if lemma == "toll":
        mods = [_noun_kind(c, lex, depth + 1) for c in noun.children
                if c.dep_ in ("compound", "amod")]
        return next((m for m in mods if m is not None), "killed")
    if lemma in lex.nouns or word in lex.adjectives:
        return lex.nouns.get(lemma) or lex.adjectives[word]
    modified = _from_modifiers(noun, lex)
    if modified is not None:
        return modified.kind
    of = _of_object(noun)
    if lemma in lex.count_nouns and of is not None and depth < 3:
        return _noun_kind(of, lex, depth + 1)
    return None


def _passive_like(verb: Token) -> bool:
    """A past participle without "have": "146,000 Libyans displaced", "five wounded"."""
    children = list(verb.children)
    if any(c.dep_ == "auxpass" for c in children):
        return True
    has_perfect = any(c.dep_ == "aux" and _lemma(c) == "have" for c in children)
    return verb.tag_ == "VBN" and not has_perfect


def _has_object(verb: Token, lemma: str | None) -> bool:
    """Whether ``verb`` has a direct object (with this lemma, when one is given)."""
    return any(c.dep_ == "dobj" and lemma in (None, _lemma(c)) for c in verb.children)


def _is_person(noun: Token | None, lex: Lexicon) -> bool:
    """A living person: "took two soldiers" is a capture, "took two bodies" is not."""
    if noun is None or _lemma(noun) in lex.nouns:
        return False
    return _lemma(noun) in lex.victims or noun.ent_type_ == "NORP"


# --------------------------------------------------------------------------- victims


def victim_category(noun: Token | None, lex: Lexicon) -> str:
    """Who a figure counts, from the counted noun and its modifiers."""
    if noun is None:
        return "unknown"
    lemma = _lemma(noun)
    mods = [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod", "poss")]
    for mod in mods:
        key = f"{_lemma(mod)} {lemma}"
        if key in lex.compounds:
            return lex.compounds[key]
    own = lex.victims.get(lemma)
    if own not in (None, "unknown", "people"):
        return str(own)
    return _category_from_context(noun, mods, own, lex)


def _category_from_context(
    noun: Token, mods: list[Token], own: str | None, lex: Lexicon
) -> str:
    for mod in mods:
        if _lemma(mod) in lex.modifiers:
            return lex.modifiers[_lemma(mod)]
        if lex.victims.get(_lemma(mod)) not in (None, "unknown", "people"):
            return lex.victims[_lemma(mod)]  # a title: "Patrolman X", "farmer X"
    # "members of the militia", "Maria Lopez, a teacher"
    related = [_of_object(noun), *(c for c in noun.children if c.dep_ == "appos")]
    for other in related:
        inner = victim_category(other, lex) if other is not None else "unknown"
        if inner != "unknown":
            return inner
    if own is not None:
        return own
    if noun.ent_type_ == "NORP" or (noun.pos_ == "PROPN" and noun.tag_ == "NNPS"):
        return "people"
    return "unknown"


# --------------------------------------------------------------------------- attribution


@dataclass(frozen=True, slots=True)
class _Sources:
    """What a sentence offers as the source of its figures, found once per sentence."""

    according: list[tuple[int, int]]  # "according to X": X's character range
    speech: list[Token]  # verbs of saying, in text order


def _sources(sent: SpacySpan, lex: Lexicon) -> _Sources:
    speech = [t for t in sent if _lemma(t) in lex.speech and t.pos_ == "VERB"]
    according = [_char_range(o) for token in sent if token.lower_ == "according"
                 for c in token.children for o in c.children
                 if c.lower_ == "to" and o.dep_ == "pobj"]
    return _Sources(according, speech)


def _attribution_spans(sources: _Sources, node: Token) -> list[tuple[int, int]]:
    """Character ranges that name the source of figures in a sentence, nearest first:
    "according to X", then the subject of a verb of saying above the figure, then any
    other verb of saying in the sentence."""
    spans = list(sources.according)
    ancestors = {a.i for a in node.ancestors}
    speech = sorted(sources.speech, key=lambda t: (t.i not in ancestors, abs(t.i - node.i)))
    for verb in speech:
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ not in ("it", "that"):
                spans.append(_char_range(child))
            elif child.dep_ == "agent":
                spans += [_char_range(o) for o in child.children if o.dep_ == "pobj"]
    return spans


def _char_range(token: Token) -> tuple[int, int]:
    left, right = token.left_edge, token.right_edge
    return left.idx, right.idx + len(right.text)


class _ActorSpans:
    """Every mention of the report's actors, sorted by start, to find the actors a range
    overlaps without a pass over all mentions (which grow with the report)."""

    def __init__(self, actors: Sequence[Actor]) -> None:
        self.actors = actors
        self.spans = sorted((m.start, m.end, n) for n, a in enumerate(actors) for m in a.mentions)
        self.starts = [start for start, _, _ in self.spans]
        self.longest = max((end - start for start, end, _ in self.spans), default=0)

    def first_overlapping(self, start: int, end: int) -> str | None:
        """Id of the first actor (in the order given) with a mention overlapping the range."""
        # A mention that overlaps starts before ``end`` and at most ``longest`` before it.
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        found = [n for s, e, n in self.spans[lo:hi] if s < end and start < e]
        return self.actors[min(found)].id if found else None


def _claimed_by(sources: _Sources, node: Token, actors: _ActorSpans) -> str | None:
    for start, end in _attribution_spans(sources, node):
        actor = actors.first_overlapping(start, end)
        if actor is not None:
            return actor
    return None


# --------------------------------------------------------------------------- periods

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_MONTHS = {name: i + 1 for i, name in enumerate(_MONTH_NAMES)}
_MONTHS.update({name[:3] + ".": i for name, i in _MONTHS.items() if name != "May"})
_MONTHS["Sept."] = 9
# Case-sensitive on purpose: "may", "march" and "mar" are also ordinary words.
_MONTH = "(" + "|".join(re.escape(m) for m in sorted(_MONTHS, key=len, reverse=True)) + ")"
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?!\w),?\s*(\d{{4}})?"
)
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s*(\d{{4}}))?")
_MONTH_YEAR = re.compile(rf"\b{_MONTH}(?!\w),?\s*(\d{{4}})?")
_YEAR = re.compile(rf"\b{_MONTH}\b,?\s*(\d{{4}})?", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_UNITS_OF_TIME = {"hour": "hours", "day": "days", "week": "weeks", "month": "months",
                  "year": "years"}
_RECENT = {"past", "last", "previous", "recent", "preceding"}


@dataclass(frozen=True, slots=True)
class _PeriodPhrase:
    attach: Token  # the word the period modifies
    start: int
    end: int
    since: str | None


def _periods(sent: SpacySpan, published: date | None, text: str) -> list[_PeriodPhrase]:
    found: list[_PeriodPhrase] = []
    for token in sent:
        phrase = _since_phrase(token, published, text) or _recent_phrase(token, published)
        phrase = phrase or _this_phrase(token, published)
        if phrase is not None:
            found.append(phrase)
    return found


def _since_phrase(token: Token, published: date | None, text: str) -> _PeriodPhrase | None:
    """"since April", "since Haftar launched his assault", "since the start of the year"."""
    if token.lower_ != "since" or token.dep_ not in ("prep", "mark"):
        return None
    if token.dep_ == "prep":
        if not any(c.dep_ == "pobj" for c in token.children):
            return None
        start, end = _char_range(token)
        attach = token.head
    else:
        clause = token.head
        start, end = token.idx, _char_range(clause)[1]
        attach = clause.head
    return _PeriodPhrase(attach, start, end, resolve_since(text[start:end], published))


def _recent_phrase(token: Token, published: date | None) -> _PeriodPhrase | None:
    """"in the past week", "over the last 48 hours", "during the previous three months"."""
    if token.dep_ != "prep" or token.lower_ not in ("in", "over", "during", "within", "for"):
        return None
    obj = next((c for c in token.children if c.dep_ == "pobj"), None)
    if obj is None or _lemma(obj) not in _UNITS_OF_TIME:
        return None
    if not any(c.lower_ in _RECENT for c in obj.children):
        return None
    count = next((_word_value([c.text]) for c in obj.children if c.dep_ == "nummod"), 1)
    start, end = _char_range(token)
    since = None
    if published is not None and count is not None:
        delta = relativedelta(**{_UNITS_OF_TIME[_lemma(obj)]: count})
        since = (published - delta).isoformat()
    return _PeriodPhrase(token.head, start, end, since)


def _this_phrase(token: Token, published: date | None) -> _PeriodPhrase | None:
    """"this year", "this month", "this week" (so far)."""
    lemma = _lemma(token)
    if lemma not in ("year", "month", "week") or token.dep_ not in ("npadvmod", "pobj"):
        return None
    if not any(c.lower_ == "this" and c.dep_ == "det" for c in token.children):
        return None
    start, end = _char_range(token)
    since = None
    if published is not None:
        since = _start_of(lemma, published).isoformat()
    attach = token.head.head if token.dep_ == "pobj" else token.head
    return _PeriodPhrase(attach, start, end, since)


def _start_of(unit: str, day: date) -> date:
    if unit == "year":
        return day.replace(month=1, day=1)
    if unit == "month":
        return day.replace(day=1)
    return day - timedelta(days=day.weekday())


def resolve_since(text: str, published: date | None) -> str | None:
    """ISO date at which a "since ..." period starts, when the words pin it down."""
    lower = text.lower()
    if published is not None and re.search(r"\b(start|beginning) of (the|this) year\b", lower):
        return published.replace(month=1, day=1).isoformat()
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        match = pattern.search(text)
        if match is not None:
            return _explicit_day(match, pattern is _DAY_MONTH, published)
    match = _MONTH_YEAR.search(text)
    if match is not None and (match.group(2) or published is not None):
        return _month_start(match.group(1), match.group(2), published)
    year = _YEAR.search(text)
    if year is not None:
        return f"{year.group(1)}-01-01"
    return _since_weekday(lower, published)


def _explicit_day(match: re.Match[str], day_first: bool, published: date | None) -> str | None:
    day_text, month_text = (match.group(1), match.group(2)) if day_first else (
        match.group(2), match.group(1))
    month, day = _MONTHS[month_text], int(day_text)
    return _with_year(month, day, match.group(3), published)


def _month_start(month_text: str, year_text: str | None, published: date | None) -> str | None:
    return _with_year(_MONTHS[month_text], 1, year_text, published)


def _with_year(month: int, day: int, year_text: str | None, published: date | None) -> str | None:
    """Date with the stated year, else the latest such date not after publication."""
    try:
        if year_text:
            return date(int(year_text), month, day).isoformat()
        if published is None:
            return None
        found = date(published.year, month, day)
        return (found if found <= published else found.replace(year=found.year - 1)).isoformat()
    except ValueError:  # "31 February": words that name no real date
        return None


def _since_weekday(lower: str, published: date | None) -> str | None:
    """"since Sunday": the last such day before publication."""
    if published is None:
        return None
    for index, name in enumerate(_WEEKDAYS):
        if re.search(rf"\b{name}\b", lower):
            back = (published.weekday() - index) % 7 or 7
            return (published - timedelta(days=back)).isoformat()
    return None


# --------------------------------------------------------------------------- running totals

# Prepositions whose object can name what caused the deaths: "killed in the war", "during
# the conflict", "the toll from the fighting", "since the offensive began".
_CAUSE_PREPS = frozenset({"in", "during", "by", "from", "of", "throughout", "over", "since"})
_DEFINITE = frozenset({"the", "this", "that", "its", "their", "his", "her"})
# Vague amounts this large are tallies, not counts of one incident's dead, when told in the
# present perfect ("hundreds have been killed"); "dozens" is left out: one massacre or
# bombing can kill dozens.
_TALLY_SCALES = frozenset({"hundreds", "thousands", "millions"})


def running_total(verb: Token, lex: Lexicon | None = None) -> str | None:
    """The words that make the figures of ``verb``'s clause a running total, or None.

    A total, not one event's toll: a war-level cause in any tense ("the war killed 5,000",
    "war broke out, killing many thousands", "killed in the conflict"); in the present
    perfect, a prolonged fighting noun made definite ("the fighting has killed 2,000"), a
    totaliser ("so far", "in total") or a vague amount of hundreds or more ("thousands of
    civilians have been killed"). "At least 20 people have been killed in a bombing" is
    one event: the present perfect alone is the usual tense of breaking news.
    """
    lex = lex or load_lexicon()
    perfect = _present_perfect(verb)
    for cause in _causes(verb):
        lemma = _lemma(cause)
        if lemma in lex.conflict_nouns:
            return cause.text
        if perfect and lemma in lex.prolonged_nouns and _made_definite(cause):
            return cause.text
    if not perfect:
        return None
    cue = _totaliser(verb, lex)
    if cue is not None:
        return cue
    for arg in verb.children:
        if arg.dep_ in ("nsubjpass", "dobj", "nsubj") and any(
                t.lower_ in _TALLY_SCALES for t in arg.subtree):
            return " ".join(t.text for t in arg.subtree if t.lower_ in _TALLY_SCALES)
    return None


def restates_total(token: Token, lex: Lexicon | None = None) -> bool:
    """Whether an event word only restates a running total: a casualty verb whose clause
    is one ("hundreds of civilians have been killed"), or the war or fighting noun that
    caused one ("the offensive that followed has killed 46,000"). Such a clause retells
    the war's toll; it reports no new event."""
    lex = lex or load_lexicon()
    if _casualty_verb(token, lex):
        return running_total(token, lex) is not None
    if _lemma(token) not in lex.conflict_nouns | lex.prolonged_nouns:
        return False
    verbs = [v for v in token.sent if _casualty_verb(v, lex) and token in _causes(v)]
    return any(running_total(v, lex) is not None for v in verbs)


def _casualty_verb(token: Token, lex: Lexicon) -> bool:
    lemma = _lemma(token)
    return token.pos_ == "VERB" and (lemma in lex.verbs or lemma in lex.intransitive)


def _present_perfect(verb: Token) -> bool:
    """"has killed", "have been killed"; a conjoined verb shares its head's auxiliary."""
    for node in (verb, verb.head if verb.dep_ == "conj" else verb):
        if any(c.dep_ == "aux" and _lemma(c) == "have" and c.tag_ in ("VBZ", "VBP")
               for c in node.children):
            return True
    return False


def _causes(verb: Token) -> list[Token]:
    """Nouns that may name what did the killing: the subject (and what a "toll" is "of" or
    "from"), the agent, the objects of cause prepositions, and the subject of the clause a
    participle hangs on ("war broke out, killing thousands")."""
    found: list[Token] = []
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            found += [child, *_pobjs(child)]
        elif child.dep_ in ("agent", "prep") and child.lower_ in _CAUSE_PREPS:
            found += [g for g in child.children if g.dep_ == "pobj"]
    if verb.dep_ in ("advcl", "xcomp", "conj") and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        found += [c for c in verb.head.children if c.dep_ == "nsubj"]
    return found


def _pobjs(noun: Token) -> list[Token]:
    return [g for c in noun.children if c.dep_ == "prep" and c.lower_ in _CAUSE_PREPS
            for g in c.children if g.dep_ == "pobj"]


def _made_definite(noun: Token) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE for c in noun.children)


def _totaliser(verb: Token, lex: Lexicon) -> str | None:
    """"so far", "to date", "in total" on the verb (or inside its figure's phrase)."""
    words = [t.lower_ for t in verb.subtree]
    for size in (1, 2):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i:i + size])
            if phrase in lex.totalisers:
                return phrase
    return None


def _period_for(node: Token, phrases: list[_PeriodPhrase], text: str) -> Period | None:
    """The period on the figure's own clause, else the sentence's first one."""
    if not phrases:
        return None
    chain = {node.i, *(a.i for a in node.ancestors)}
    chain |= {c.i for a in node.ancestors for c in a.children if c.dep_ == "conj"}
    chosen = next((p for p in phrases if p.attach.i in chain), phrases[0])
    return Period(since=chosen.since, text=text[chosen.start:chosen.end])


# --------------------------------------------------------------------------- assembly


class _Report:
    """What one call reads from the Doc more than once, computed once.

    ``Doc.text`` and ``Doc.ents`` rebuild from every token on each access, and
    ``Token.sent`` walks its sentence: read per figure, they made long reports quadratic.
    What depends on a sentence only (evidence, periods, sources) is found once per sentence.
    Lives as long as one call: nothing here outlives or keeps the Doc.
    """

    def __init__(self, doc: Doc, published: date | None, lex: Lexicon) -> None:
        self.doc = doc
        self.published = published
        self.lex = lex
        self.text: str = doc_text(doc)
        self.ents: tuple[SpacySpan, ...] = doc_ents(doc)
        self.ent_at = {i: ent for ent in self.ents for i in range(ent.start, ent.end)}
        self._starts: list[int] | None = None
        self._sentences: dict[tuple[int, int], _Sentence] = {}

    def sentence_of(self, *tokens: Token) -> _Sentence:
        """The sentence holding ``tokens``, or the run of sentences when the parser split
        them apart (it sometimes cuts "said that 190 | Houthis had been killed")."""
        if self._starts is None:
            self._starts = [sent.start for sent in doc_sents(self.doc)]
        ks = [bisect.bisect_right(self._starts, t.i) - 1 for t in tokens]
        start = self._starts[min(ks)]
        end = self._starts[max(ks) + 1] if max(ks) + 1 < len(self._starts) else len(self.doc)
        if (start, end) not in self._sentences:
            sent = self.doc[start:end]
            self._sentences[(start, end)] = _Sentence(
                _evidence(sent, self.text), _periods(sent, self.published, self.text),
                _sources(sent, self.lex))
        return self._sentences[(start, end)]


@dataclass(frozen=True, slots=True)
class _Sentence:
    evidence: Span
    periods: list[_PeriodPhrase]
    sources: _Sources


def _evidence(sent: SpacySpan, text: str) -> Span:
    """The sentence without surrounding whitespace tokens."""
    words = [t for t in sent if not t.is_space]
    start = words[0].idx if words else sent.start_char
    end = words[-1].idx + len(words[-1].text) if words else sent.end_char
    return Span(start=start, end=end, text=text[start:end])


def _singular_victims(doc: Doc, lex: Lexicon) -> list[_Number]:
    """"a child was killed", "the death of a regime defector": an indefinite singular noun
    is a figure of one (kept only if the parse links it to a kind, like any figure)."""
    found: list[_Number] = []
    for token in doc:
        if token.dep_ != "det" or token.lower_ not in ("a", "an"):
            continue
        noun = token.head
        if noun.tag_ != "NN":
            continue
        if noun.dep_ == "appos":  # "Maria Lopez, a teacher,": the name is counted
            continue
        lemma = _lemma(noun)
        if lemma in lex.not_victims or lemma in lex.count_nouns or lemma in _MULTIPLIERS:
            continue
        found.append(_Number(token.i, token.i + 1, token, 1, 1, 1))
    return found


def _named_victims(ents: Sequence[SpacySpan]) -> list[_Number]:
    """"Colonel X was shot dead": a named person who undergoes the event is a figure of one.
    Names in apposition ("a farmer, X,") are skipped: the noun they rename is counted."""
    found: list[_Number] = []
    for ent in ents:
        root = ent.root
        if ent.label_ == "PERSON" and root.dep_ in ("nsubjpass", "nsubj", "dobj"):
            found.append(_Number(ent.start, ent.end, root, 1, 1, 1))
    return found


def extract_quantities(
    doc: Doc, actors: Sequence[Actor] = (), published: date | None = None
) -> list[Quantity]:
    """Casualty, displacement and detention figures in ``doc``, in text order.

    ``actors`` lets a figure name its source ("according to the United Nations" gives the
    id of the actor with a mention there); ``published`` anchors relative periods ("this
    year", "in the past week") to dates.
    """
    if not doc.has_annotation("DEP"):
        raise ModelError("casualty figures need a parsed Doc: build it with nlp.load_model()")
    lex = load_lexicon()
    report = _Report(doc, published, lex)
    numbers = [n for n in _numbers(doc, lex) if not _not_a_count(report, n)]
    numbers += _singular_victims(doc, lex) + _named_victims(report.ents)
    numbers.sort(key=lambda n: n.start)
    quantities: list[Quantity] = []
    actor_spans = _ActorSpans(actors)
    for number in numbers:
        link = _link(number, lex)
        if link is not None:
            quantities.append(_quantity(report, number, link, actor_spans))
    return quantities


def _total_period(link: _Link, lex: Lexicon) -> Period | None:
    """A running total's period: it starts at some point the clause does not date."""
    verb = link.trigger
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    cue = running_total(verb, lex) if verb.pos_ in ("VERB", "AUX") else None
    return Period(since=None, text=cue) if cue is not None else None


def _quantity(report: _Report, number: _Number, link: _Link, actors: _ActorSpans) -> Quantity:
    node = _counted(number)[0]
    sent = report.sentence_of(number.top, node, link.trigger)
    return Quantity(
        kind=link.kind,
        victims=victim_category(link.victim, report.lex),
        low=number.low,
        best=number.best,
        high=number.high,
        evidence=sent.evidence,
        period=_period_for(node, sent.periods, report.text) or _total_period(link, report.lex),
        claimed_by=_claimed_by(sent.sources, node, actors),
    )
