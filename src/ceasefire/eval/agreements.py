"""wikipedia-current-events agreements: real ceasefire stories followed across dated items.

The data has no lifecycle labels, so ``agreements_gold.toml`` (written by the project from
public facts, in its own words) names, per story, the items that tell it (by id), the
parties and mediators, and the dated actions. The items are analysed with their page date
as the publication date, written into a temporary store and linked; each story is then
compared with the linked agreement that draws on most of its items. Scores:

- ``found``: stories for which some linked agreement of the same kind family (a truce is a
  ceasefire) draws on the story's items;
- ``parties_f1``: micro F1 of that agreement's parties against the gold parties (a party
  counts as the state or group it belongs to: Netanyahu for Israel);
- ``action_recall``: gold actions with a timeline entry of an accepted action on the same
  date (one day either way);
- ``action_precision``: timeline entries that match a gold action;
- ``action_dates``: gold action dates with any timeline entry on them (one day either way).

The unit of the dev/test split is the story.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ceasefire.eval.cases import Case, GoldSet, Scored, linked_store, read_jsonl
from ceasefire.eval.metrics import Counts, Score

NAME = "wikipedia-current-events"
FILE = "conflict_items.jsonl"
GOLD = Path(__file__).with_name("agreements_gold.toml")
SCORES = ("found", "parties_f1", "action_recall", "action_precision", "action_dates")


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    kind: str
    parties: frozenset[str]
    items: tuple[str, ...]
    actions: tuple[tuple[str, frozenset[str]], ...]  # (ISO date, accepted action names)


def stories() -> list[Story]:
    data = tomllib.loads(GOLD.read_text(encoding="utf-8"))["stories"]
    return [Story(s["id"], s["kind"], frozenset(s["parties"]), tuple(s["items"]),
                  tuple((a["date"], frozenset(a["actions"])) for a in s["actions"]))
            for s in data]


def read(folder: Path) -> list[Case[Any]]:
    wanted = {item: s for s in stories() for item in s.items}
    return [Case(f"{wanted[r['id']].id}|{r['id']}", r["text"], r["date"], wanted[r["id"]])
            for r in read_jsonl(folder / FILE) if r["id"] in wanted]


def score(scored: Sequence[Scored]) -> dict[str, Score]:
    from ceasefire.query import agreement_board, agreement_timeline

    ok = [(case, pred.record) for case, pred in scored if pred.record.status == "ok"]
    told = {case.gold.id: case.gold for case, _ in scored}
    if not told:
        return {name: Score(None, 0) for name in SCORES}
    with linked_store(r for _, r in ok) as store:
        story_of = {r.document.id: case.gold.id for case, r in ok}
        members = store.con.execute(
            "SELECT DISTINCT agreement_id, doc_id FROM linked_agreement_members").fetchall()
        board = {row["id"]: row for row in agreement_board(store)}
        timelines = {a: agreement_timeline(store, a) for a in board}
        affiliation = store.link_affiliations()
    picks = {s: _best(s, members, story_of, timelines) for s in told}
    return _scores(list(told.values()), picks, affiliation)


def _best(story: str, members: Sequence[tuple[str, str]], story_of: dict[str, str],
          timelines: dict[str, Any]) -> dict[str, Any] | None:
    counts: dict[str, int] = {}
    for agreement, doc in members:
        if story_of.get(doc) == story:
            counts[agreement] = counts.get(agreement, 0) + 1
    if not counts:
        return None
    best = max(sorted(counts), key=lambda a: (counts[a], len(timelines[a]["actions"])))
    return timelines[best]  # type: ignore[no-any-return]


def _scores(told: list[Story], picks: dict[str, dict[str, Any] | None],
            affiliation: dict[str, str]) -> dict[str, Score]:
    from ceasefire.link.agreements import family

    found, parties, recall, precision, dates = [], Counts(), [], [], []
    for story in told:
        pick = picks[story.id]
        hit = pick is not None and family(pick["kind"]) == family(story.kind)
        found.append(hit)
        entries = pick["actions"] if pick else []
        predicted = {affiliation.get(p["actor"], p["actor"]) if p["actor"] not in
                     story.parties else p["actor"] for p in (pick["parties"] if pick else [])}
        parties = parties + Counts(len(predicted & story.parties),
                                   len(predicted - story.parties), len(story.parties - predicted))
        recall += [any(_near(e["date"], d) and e["action"] in names for e in entries)
                   for d, names in story.actions]
        precision += [any(_near(e["date"], d) and e["action"] in names
                          for d, names in story.actions) for e in entries]
        dates += [any(_near(e["date"], d) for e in entries) for d, _ in story.actions]
    return {"found": _mean(found), "parties_f1": Score(parties.f1, len(told)),
            "action_recall": _mean(recall), "action_precision": _mean(precision),
            "action_dates": _mean(dates)}


def _near(value: str | None, gold: str) -> bool:
    if not value:
        return False
    return abs((date.fromisoformat(value[:10]) - date.fromisoformat(gold)).days) <= 1


def _mean(hits: list[bool]) -> Score:
    return Score(sum(hits) / len(hits) if hits else None, len(hits))


SET = GoldSet(name=NAME, files=(FILE,), scores=SCORES, read=read, score=score,
              split_key=lambda key: key.split("|", 1)[0])
