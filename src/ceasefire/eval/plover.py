"""plover-gsr-cameo: PLOVER event type of the sentence, and its actors' countries and sectors.

Gold: the PLOVER 0.5b1 gold-standard records (one coded event per CAMEO-manual sentence).
Scores (definitions in docs/evaluation.md):

- ``type_accuracy``: the main event's PLOVER type equals the gold type (no event: wrong).
- ``actor_country_f1`` / ``actor_sector_f1``: micro F1, per sentence, of the set of gold
  source+target country codes (sectors) against the countries (sectors) of every actor the
  pipeline extracted from the sentence.
- ``source_country_f1`` / ``target_country_f1``: the same for the main event's source
  (target) actors against the gold source (target): these need roles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ceasefire.eval.cases import Case, GoldSet, Scored, read_jsonl, unique_keys
from ceasefire.eval.metrics import Score, accuracy, micro_f1
from ceasefire.schema import Actor, Record

NAME = "plover-gsr-cameo"
FILE = "plover_gsr_cameo.jsonl"

# The gold file uses PLOVER 0.5b1 names; the current PLOVER (and this project) folds four of
# them into others. Both sides are mapped before comparing, so either naming scores the same.
PLOVER_RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
                  "FIGHT": "ASSAULT"}
# Modes that 0.5b1 filed under COERCE and the current CAMEO-to-PLOVER table (2021) moves to
# ASSAULT: destroying property (CAMEO 1712, "ASSAULT, destroy") and violent repression, such
# as firing on a crowd (CAMEO 175, "ASSAULT"). A gold COERCE with one of these modes is
# compared as ASSAULT, the type this project (on the current table) gives such events.
COERCE_TO_ASSAULT_MODES = frozenset({"destroy", "firearms"})
# Gold sector spellings that mean one of our sectors ("CIV" is a typo of CVL in the file;
# CAMEO's JRN, journalists, is our MED). IGO/NGO are written as the *code* in the gold.
SECTOR_SYNONYMS = {"CIV": "CVL", "JRN": "MED"}
SECTOR_CODES = frozenset({"IGO", "NGO"})
UNKNOWN_SECTOR = "***"


@dataclass(frozen=True, slots=True)
class GoldActor:
    code: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class PloverGold:
    type: str
    source: tuple[GoldActor, ...]
    target: tuple[GoldActor, ...]
    mode: str | None = None


def plover_type(name: str | None, mode: str | None = None) -> str | None:
    """The current PLOVER name of a type (and, for 0.5b1's COERCE, its mode)."""
    if not name:
        return None
    if name.upper() == "COERCE" and (mode or "").lower() in COERCE_TO_ASSAULT_MODES:
        return "ASSAULT"
    return PLOVER_RENAMED.get(name.upper(), name.upper())


def read(folder: Path) -> list[Case[Any]]:
    rows = [r for r in read_jsonl(folder / FILE) if r.get("event") != "DOCUMENT"]
    keys = unique_keys(str(r["id"]) for r in rows)
    return [Case(key, r["text"], None, _gold(r)) for key, r in zip(keys, rows, strict=True)]


def _gold(row: dict[str, Any]) -> PloverGold:
    mode = row.get("mode")
    return PloverGold(str(row["event"]), _actors(row.get("source")), _actors(row.get("target")),
                      str(mode) if mode else None)


def _actors(value: Any) -> tuple[GoldActor, ...]:
    # A few records hold a bare string ("diplomatic") instead of a list of coded actors:
    # that is no code at all.
    if not isinstance(value, list):
        return ()
    return tuple(GoldActor(a.get("code"), a.get("sector")) for a in value if isinstance(a, dict))


@cache
def _iso3_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries)


def gold_countries(actors: Iterable[GoldActor]) -> set[str]:
    """Gold codes that are ISO 3166-1 alpha-3 countries (IGO, NGO and CAMEO-only codes such
    as JAP are not countries and are left out)."""
    return {a.code for a in actors if a.code and a.code.upper() in _iso3_codes()}


def gold_sectors(actors: Iterable[GoldActor]) -> set[str]:
    """The first three letters of each coded sector (CVLalb -> CVL), plus IGO/NGO codes."""
    found: set[str] = set()
    for actor in actors:
        if actor.code and actor.code.upper() in SECTOR_CODES:
            found.add(actor.code.upper())
        if actor.sector and actor.sector != UNKNOWN_SECTOR:
            head = actor.sector[:3].upper()
            found.add(SECTOR_SYNONYMS.get(head, head))
    return found


def _by_id(record: Record, ids: Iterable[str]) -> list[Actor]:
    index = {a.id: a for a in record.actors}
    return [index[i] for i in ids if i in index]


def score(scored: Sequence[Scored]) -> dict[str, Score]:
    type_hits, countries, sectors, sources, targets = [], [], [], [], []
    for case, pred in scored:
        gold: PloverGold = case.gold
        actors = pred.record.actors
        everyone = (*gold.source, *gold.target)
        main = pred.main
        type_hits.append(main is not None and plover_type(main.type)
                         == plover_type(gold.type, gold.mode))
        countries.append((gold_countries(everyone), {a.country for a in actors if a.country}))
        sectors.append((gold_sectors(everyone), {a.sector for a in actors if a.sector}))
        src = _by_id(pred.record, main.source) if main else []
        tgt = _by_id(pred.record, main.target) if main else []
        sources.append((gold_countries(gold.source), {a.country for a in src if a.country}))
        targets.append((gold_countries(gold.target), {a.country for a in tgt if a.country}))
    return {
        "type_accuracy": accuracy(type_hits),
        "actor_country_f1": micro_f1(countries),
        "actor_sector_f1": micro_f1(sectors),
        "source_country_f1": micro_f1(sources),
        "target_country_f1": micro_f1(targets),
    }


SET = GoldSet(
    name=NAME,
    files=(FILE,),
    scores=("type_accuracy", "actor_country_f1", "actor_sector_f1", "source_country_f1",
            "target_country_f1"),
    read=read,
    score=score,
)
