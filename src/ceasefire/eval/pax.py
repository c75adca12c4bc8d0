"""pax-peace-agreements: agreement kind, signing date and parties resolved from PA-X fields.

PA-X (v2, 2019) lists 1,789 signed peace agreements with their name (``Agt``), signature
date (``Dat``), signatories as written (``Part``), stage (``Stage``/``StageSub``) and the
countries of the conflict (``Loc1ISO``/``Loc2ISO``). It holds no news text, so it cannot be
scored as text-to-timeline. What it can check is how the per-report agreement extractor
reads real agreement names, real signatory lists and a date: each row becomes one synthetic
sentence (:func:`frame`), "<signatories> signed the <name> on <day Month year>.", analysed
without a publication date (so a date can only come from the sentence itself). Scores, over
all rows of a split unless said otherwise (docs/evaluation.md has the same definitions):

- ``found``: some agreement is extracted;
- ``kind_accuracy``: "is a ceasefire" (our kind ceasefire, truce or humanitarian pause)
  agrees with PA-X (Stage ``Cea`` or StageSub ``Ceas``); no agreement reads "not a
  ceasefire";
- ``ceasefire_precision``: of rows we call a ceasefire, the share PA-X calls one;
- ``ceasefire_recall``: of rows PA-X calls a ceasefire, the share we call one;
- ``date``: the row's agreement has a ``signed`` action dated ``Dat``;
- ``party_country``: some party of the row's agreement belongs to ``Loc1ISO``/``Loc2ISO``
  (its own country or that of the knowledge-base actor it is affiliated with), or is a
  knowledge-base actor whose name appears in ``Part``.

"The row's agreement" is the first extracted agreement with a ``signed`` action, else the
first extracted agreement. Rows are split dev/test by ``AgtId``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ceasefire.eval.cases import Case, GoldSet, Scored, read_delimited
from ceasefire.eval.metrics import Score, accuracy
from ceasefire.schema import Actor, Agreement, Record

NAME = "pax-peace-agreements"
FILE = "pax_v2_agreements_core.csv"
SCORES = ("found", "kind_accuracy", "ceasefire_precision", "ceasefire_recall", "date",
          "party_country")

#: Our kinds that PA-X's ceasefire stage covers.
CEASEFIRE_KINDS = frozenset({"ceasefire", "truce", "humanitarian_pause"})

# Longest signatory list kept in a frame, in characters. Chosen from the length of the Part
# column alone (no score looked at): 400 keeps the whole list for about 87% of rows, and a
# longer run-on list is no sentence a report would print and slows the parser.
MAX_SIGNATORIES = 400

_NOTE_RE = re.compile(r"\[[^\]]*\]")  # editors' notes: "[Illegible]", "[14 signatories]"
_ARTICLE_RE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PaxRow:
    """The PA-X fields a case is built from and scored against."""

    agt_id: str
    name: str  # Agt
    signed: str  # Dat, ISO date
    signatories: str  # Part, as written
    ceasefire: bool  # Stage == "Cea" or StageSub == "Ceas"
    countries: frozenset[str]  # Loc1ISO, Loc2ISO (ISO3), empty ones left out


def read(folder: Path) -> list[Case[Any]]:
    rows = [gold_row(r) for r in read_delimited(folder / FILE)]
    return [Case(row.agt_id, frame(row), None, row) for row in rows if row.signed]


def gold_row(raw: dict[str, str]) -> PaxRow:
    countries = frozenset(c.strip() for c in (raw["Loc1ISO"], raw["Loc2ISO"]) if c.strip())
    return PaxRow(raw["AgtId"].strip(), raw["Agt"].strip(), raw["Dat"].strip(), raw["Part"],
                  raw["Stage"].strip() == "Cea" or raw["StageSub"].strip() == "Ceas",
                  countries)


def frame(row: PaxRow) -> str:
    """The synthetic sentence: "<signatories> signed the <name> on <day Month year>."."""
    day = date.fromisoformat(row.signed)
    name = _ARTICLE_RE.sub("", row.name)
    return f"{signatories(row.signatories)} signed the {name} on {day.day} {day:%B %Y}."


def signatories(part: str) -> str:
    """Part as the subject of the frame: editors' notes in brackets dropped, one line per
    signatory joined with "; ", cut at a separator before MAX_SIGNATORIES characters;
    "The parties" when nothing is left."""
    lines = [" ".join(_NOTE_RE.sub(" ", line).split()) for line in part.splitlines()]
    text = "; ".join(line for line in lines if line).strip(" ;,.:")
    if len(text) > MAX_SIGNATORIES:
        head = text[:MAX_SIGNATORIES]
        cut = max(head.rfind(";"), head.rfind(","))
        text = (head[:cut] if cut > 0 else head.rsplit(" ", 1)[0]).strip(" ;,.:")
    return text or "The parties"


def score(scored: Sequence[Scored]) -> dict[str, Score]:
    rows = [(case.gold, _reading(pred.record)) for case, pred in scored]
    said = [(gold, agreement is not None and agreement.kind in CEASEFIRE_KINDS)
            for gold, (agreement, _) in rows]
    return {
        "found": accuracy(agreement is not None for _, (agreement, _) in rows),
        "kind_accuracy": accuracy(gold.ceasefire == ours for gold, ours in said),
        "ceasefire_precision": accuracy(gold.ceasefire for gold, ours in said if ours),
        "ceasefire_recall": accuracy(ours for gold, ours in said if gold.ceasefire),
        "date": accuracy(agreement is not None and signed_on(agreement, gold.signed)
                         for gold, (agreement, _) in rows),
        "party_country": accuracy(agreement is not None and party_resolved(agreement,
                                                                          actors, gold)
                                  for gold, (agreement, actors) in rows),
    }


def _reading(record: Record) -> tuple[Agreement | None, dict[str, Actor]]:
    return row_agreement(record), {a.id: a for a in record.actors}


def row_agreement(record: Record) -> Agreement | None:
    """The first agreement with a ``signed`` action, else the first agreement."""
    for agreement in record.agreements:
        if any(action.action == "signed" for action in agreement.actions):
            return agreement
    return record.agreements[0] if record.agreements else None


def signed_on(agreement: Agreement, day: str) -> bool:
    return any(a.action == "signed" and a.time is not None and a.time.date == day
               for a in agreement.actions)


def party_resolved(agreement: Agreement, actors: dict[str, Actor], gold: PaxRow) -> bool:
    """Some party belongs to the row's countries or is a KB actor named in ``Part``."""
    folded = _fold(gold.signatories)
    for party in agreement.parties:
        actor = actors.get(party)
        if actor is None:
            continue
        if _countries(actor) & gold.countries:
            return True
        if actor.kb and re.search(rf"(?<!\w){re.escape(_fold(actor.name))}(?!\w)", folded):
            return True
    return False


def _countries(actor: Actor) -> set[str]:
    """The actor's country and that of the knowledge-base actor it belongs to."""
    from ceasefire.kb.actors import ActorKB

    found = {actor.country} if actor.country else set()
    parent = ActorKB.load().get(actor.affiliation) if actor.affiliation else None
    if parent is not None and parent.country:
        found.add(parent.country)
    return found


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


SET = GoldSet(name=NAME, files=(FILE,), scores=SCORES, read=read, score=score)
