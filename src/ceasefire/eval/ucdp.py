"""Scoring shared by the two UCDP sets: one text, one UCDP event (sides, place, date, deaths).

UCDP-AEC's own scorer (``aec/evaluate.py`` of ``ltgoslo/ucdp-aec``) compares each field of
one predicted event with the gold by exact string equality, swaps the sides when they are
crossed, and averages per field over rows. We keep that shape (one figure per field, a
share of rows) with matching a rule-based extractor can be held to, since it does not write
UCDP's names or spellings (docs/evaluation.md lists every difference):

- side A / side B: the gold name matches one of the report's actors (see
  :func:`side_found`); which side an actor is on is not asked, so no swap is needed.
- country: the ISO3 the gold country name resolves to equals the predicted one.
- admin1: the predicted first-level division has the gold one's name, after dropping
  words such as "governorate" and folding case, accents and transliteration variants.
- date: the predicted date is within a day of the gold range.
- deaths: the predicted total lies within the gold low..high.

What is predicted for a report: the main event's place, date and fatalities where it has
them, else report-level readings (:func:`reading`), as UCDP-AEC itself falls back to the
publication date and to 0 deaths when a prediction lacks them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from difflib import SequenceMatcher
from functools import cache
from typing import Any

from ceasefire.eval.cases import Prediction, Scored
from ceasefire.eval.metrics import Score, accuracy
from ceasefire.schema import Actor, Record

SCORES = ("side_a", "side_b", "sides_in_event", "country", "admin1", "date", "deaths")

# Sectors that make up "Government of X" in UCDP: the state's civil and armed organs.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY"})
# Words UCDP (and gazetteers) add to a division's name.
_DIVISION = re.compile(
    r"\b(governorate|province|state|region|district|prefecture|department|division|county|"
    r"oblast|municipality|territory|emirate|parish|capital|city|of)\b",
    re.IGNORECASE,
)
_PARENS = re.compile(r"\s*\(([^)]*)\)")
# Two transliterations of one name share most letters ("Hilmand"/"Helmand": 0.86,
# "Hamah"/"Hama": 0.89) while different divisions of a country do not ("Homs"/"Hama": 0.5).
# Set from that reasoning before any scoring, not fitted to the gold.
SAME_NAME_RATIO = 0.8
# Below this many letters a name is compared exactly (a letter more is another name).
_MIN_FUZZY = 5
# UCDP writes many groups by their acronym ("IS", "SNA", "CPP"): an acronym is matched
# against the initials of an actor's name.
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_SMALL_WORDS = frozenset({"of", "the", "for", "and", "in", "de", "del", "la", "el", "al"})


@dataclass(frozen=True, slots=True)
class UcdpGold:
    side_a: str
    side_b: str
    country: str
    admin1: str  # may be empty: then the row does not count for the admin1 score
    start: date | None
    end: date | None
    low: int | None
    high: int | None


@dataclass(frozen=True, slots=True)
class Reading:
    """What the pipeline says about the report's event, whichever level it came from."""

    country: str | None
    admin1: str | None
    day: date | None
    deaths: int


# ------------------------------------------------------------------- names and places


def name_key(text: str) -> str:
    from ceasefire.kb.gazetteer import name_key as key

    return key(text)


def name_forms(name: str) -> list[str]:
    """"Myanmar (Burma)" -> ["Myanmar (Burma)", "Myanmar", "Burma"]."""
    forms = [name.strip(), _PARENS.sub("", name).strip()]
    forms += [m.strip() for m in _PARENS.findall(name)]
    return [f for i, f in enumerate(forms) if f and f not in forms[:i]]


@cache
def country_iso3(name: str) -> str | None:
    """ISO3 of a UCDP country name, via the project's gazetteer (each form in turn)."""
    from ceasefire.kb.gazetteer import Gazetteer

    gazetteer = Gazetteer.open()
    for form in name_forms(name):
        for candidate in gazetteer.lookup(form):
            if candidate.kind == "country" and candidate.country:
                return candidate.country
    return None


def division_key(name: str) -> str:
    return name_key(_DIVISION.sub(" ", name))


@cache
def admin1_keys(name: str, iso3: str | None) -> frozenset[str]:
    """Keys a predicted division may have to match the gold ``name``: its own and those of
    the gazetteer divisions of that name in the gold country."""
    from ceasefire.kb.gazetteer import Gazetteer

    keys = {division_key(name)}
    for candidate in Gazetteer.open().lookup(_DIVISION.sub(" ", name)):
        if candidate.kind == "admin1" and candidate.country == iso3 and candidate.admin1:
            keys.add(division_key(candidate.admin1))
    return frozenset(k for k in keys if k)


def same_division(gold: str, iso3: str | None, predicted: str | None) -> bool:
    if not predicted:
        return False
    key = division_key(predicted)
    return any(k == key or SequenceMatcher(None, k, key).ratio() >= SAME_NAME_RATIO
               for k in admin1_keys(gold, iso3))


# ----------------------------------------------------------------------------- sides


def side_found(name: str, record: Record, actors: Sequence[Actor] | None = None,
               country: str | None = None) -> bool:
    """Whether UCDP's side ``name`` is among ``actors`` (default: the report's):

    - "Civilians": an actor of sector CVL, or a casualty figure whose victims are civilians;
    - "Government of X": an actor of country X in a state sector, or X itself; a state
      actor whose country the text leaves unsaid ("regime forces", "the police") counts
      for ``country``, the country the report's event happens in: reports name their own
      country's forces without a nationality;
    - "X insurgents" (UCDP's umbrella for a country's rebels): a REB actor of X or of no
      known country;
    - several sides joined by commas ("Government of Eritrea, Government of Ethiopia"):
      each must be found;
    - any other name: the actor knowledge base's entry for the name (or a form of it: in
      or without brackets, either part of UCDP's "Group - Faction", without "Forces of")
      is an actor or the affiliation of one, or an actor's name or mention folds to the
      same key (or the same words in another order); a name the knowledge base gives to a
      state body ("Presidential Leadership Council") is that country's government.
    """
    parts = [p for p in (" ".join(part.split()) for part in name.split(",")) if p]
    if len(parts) > 1:
        return all(side_found(p, record, actors, country) for p in parts)
    pool = record.actors if actors is None else tuple(actors)
    text = " ".join(name.split())
    lowered = text.casefold()
    if lowered == "civilians":
        return any(a.sector == "CVL" for a in pool) or (
            actors is None and any(q.victims == "civilians" for q in record.quantities))
    if lowered.startswith("government of "):
        return _government(country_iso3(text[len("government of "):]), pool, country)
    if lowered.endswith(" insurgents"):
        iso3 = _country_of_adjective(text[: -len(" insurgents")])
        return any(a.sector == "REB" and a.country in (iso3, None) for a in pool)
    return _named(text, pool) or _government(_state_body(text), pool, country)


def _government(iso3: str | None, pool: Iterable[Actor], country: str | None) -> bool:
    return iso3 is not None and any(_is_state(a, iso3, country) for a in pool)


def _is_state(actor: Actor, iso3: str, country: str | None = None) -> bool:
    if actor.id == f"act:{iso3.lower()}":
        return True
    own = actor.country or country
    return own == iso3 and actor.sector in STATE_SECTORS


def _state_body(name: str) -> str | None:
    """The country of a state body the knowledge base knows by this name, else None."""
    for form in side_forms(name):
        entry = _kb().match(form)
        if entry is not None and entry.sector in STATE_SECTORS and entry.country:
            return str(entry.country)
    return None


def _country_of_adjective(word: str) -> str | None:
    from ceasefire.kb.gazetteer import Gazetteer

    return Gazetteer.open().demonym(word) or country_iso3(word)


_FORCES_OF = re.compile(r"^forces of (the )?", re.IGNORECASE)


def side_forms(name: str) -> list[str]:
    """Forms a UCDP side name may appear under: :func:`name_forms`, each part of "Group -
    Faction", and the name without a leading "Forces of"."""
    forms = name_forms(name)
    forms += [p.strip() for f in list(forms) if " - " in f for p in f.split(" - ")]
    forms += [_FORCES_OF.sub("", f) for f in list(forms) if _FORCES_OF.match(f)]
    return [f for i, f in enumerate(forms) if f and f not in forms[:i]]


def _named(name: str, pool: Iterable[Actor]) -> bool:
    forms = side_forms(name)
    ids = {entry.id for f in forms if (entry := _kb().match(f)) is not None}
    keys = {name_key(f) for f in forms} - {""}
    bags = {_word_bag(f) for f in forms}
    acronyms = {f for f in forms if _ACRONYM.fullmatch(f)}
    for actor in pool:
        if actor.id in ids or (actor.affiliation and actor.affiliation in ids):
            return True
        texts = [actor.name, *(m.text for m in actor.mentions)]
        if any(_same_name(k, name_key(t)) for k in keys for t in texts):
            return True
        if bags & {_word_bag(t) for t in texts}:  # "Jalisco Cartel New Generation"
            return True
        if acronyms & initials(actor.name):
            return True
    return False


def _word_bag(text: str) -> tuple[str, ...]:
    """The name's words in sorted order: UCDP and the press order some names differently."""
    return tuple(sorted(k for w in text.split() if (k := name_key(w))))


def _same_name(gold: str, found: str) -> bool:
    """Equal keys, or two spellings of one long name ("Taleban"/"Taliban"); short keys
    must be equal, since "IS" and "ISI" are different groups."""
    if gold == found:
        return True
    return min(len(gold), len(found)) >= _MIN_FUZZY and (
        SequenceMatcher(None, gold, found).ratio() >= SAME_NAME_RATIO)


def initials(name: str) -> set[str]:
    """Acronyms a name may go by: initials of its words with and without the small words
    ("Indigenous People of Biafra" -> IPOB, IPB; "Islamic State" -> IS)."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w[0].isalpha()]
    full = "".join(w[0] for w in words).upper()
    content = "".join(w[0] for w in words if w.casefold() not in _SMALL_WORDS).upper()
    return {a for a in (full, content) if len(a) >= 2}


@cache
def _kb() -> Any:
    from ceasefire.kb.actors import ActorKB

    return ActorKB.load()


# -------------------------------------------------------------------- the report's event


def reading(prediction: Prediction) -> Reading:
    """The predicted country, admin1, day and deaths: from the main event where it says,
    else from the report (see each helper)."""
    record, event = prediction.record, prediction.main
    place = next((p for p in record.places if event and p.id == event.place), None)
    country = place.country if place and place.country else _main_country(record)
    admin1 = place.admin1 if place and place.admin1 else _first_admin1(record, country)
    day = _event_day(prediction) or _first_day(record) or _published(record)
    fatalities = event.fatalities if event else None
    deaths = _figure(fatalities.best, fatalities.low, fatalities.high) if fatalities else None
    return Reading(country, admin1, day, _first_killed(record) if deaths is None else deaths)


def _main_country(record: Record) -> str | None:
    """The country the report's places name most often (first mentioned on a tie)."""
    counts: Counter[str] = Counter()
    for place in sorted(record.places, key=lambda p: min((m.start for m in p.mentions),
                                                         default=0)):
        if place.country:
            counts[place.country] += max(1, len(place.mentions))
    return counts.most_common(1)[0][0] if counts else None


def _first_admin1(record: Record, country: str | None) -> str | None:
    """The division of the first place (in text order) that has one, in ``country``."""
    placed = [p for p in record.places if p.admin1 and p.country == country]
    placed.sort(key=lambda p: min((m.start for m in p.mentions), default=0))
    return placed[0].admin1 if placed else None


def _event_day(prediction: Prediction) -> date | None:
    event = prediction.main
    return _iso(event.time.date) if event and event.time and event.time.date else None


def _first_day(record: Record) -> date | None:
    """The first time expression resolved to a day."""
    days = sorted((t for t in record.times if t.precision == "day" and t.date),
                  key=lambda t: t.start)
    return _iso(days[0].date) if days else None


def _published(record: Record) -> date | None:
    return _iso(record.document.published)


def _iso(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _figure(*values: int | None) -> int | None:
    return next((v for v in values if v is not None), None)


def _first_killed(record: Record) -> int:
    """The first death figure that is not an aggregate over a period; 0 when there is none
    (UCDP-AEC's scorer also reads a missing count as 0)."""
    for quantity in sorted(record.quantities, key=lambda q: q.evidence.start):
        if quantity.kind == "killed" and quantity.period is None:
            value = _figure(quantity.best, quantity.low, quantity.high)
            if value is not None:
                return value
    return 0


# ----------------------------------------------------------------------------- scores


def _event_actors(prediction: Prediction) -> list[Actor]:
    event = prediction.main
    ids = set(event.source) | set(event.target) if event else set()
    return [a for a in prediction.record.actors if a.id in ids]


def _within_a_day(gold: UcdpGold, day: date | None) -> bool:
    if day is None or gold.start is None:
        return False
    last = gold.end or gold.start
    return gold.start - timedelta(days=1) <= day <= last + timedelta(days=1)


def _in_range(gold: UcdpGold, deaths: int) -> bool:
    low = gold.low if gold.low is not None else gold.high
    high = gold.high if gold.high is not None else gold.low
    return low is not None and high is not None and low <= deaths <= high


def judge(gold: UcdpGold, prediction: Prediction) -> dict[str, bool | None]:
    """Each field right or wrong for one row; None where the gold cannot be scored."""
    record, got = prediction.record, reading(prediction)
    iso3 = country_iso3(gold.country)
    in_event = _event_actors(prediction)
    return {
        "side_a": side_found(gold.side_a, record, country=got.country),
        "side_b": side_found(gold.side_b, record, country=got.country),
        "sides_in_event": bool(in_event)
        and side_found(gold.side_a, record, in_event, got.country)
        and side_found(gold.side_b, record, in_event, got.country),
        "country": None if iso3 is None else got.country == iso3,
        "admin1": same_division(gold.admin1, iso3, got.admin1) if gold.admin1 else None,
        "date": _within_a_day(gold, got.day) if gold.start else None,
        "deaths": _in_range(gold, got.deaths) if gold.high is not None else None,
    }


def score(scored: Sequence[Scored]) -> dict[str, Score]:
    judged = [judge(case.gold, pred) for case, pred in scored]
    return {name: accuracy(v for j in judged if (v := j[name]) is not None) for name in SCORES}
