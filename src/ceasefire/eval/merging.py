"""examples-merging: does linking join reports of one event, and only those?

The project's example corpus (examples/, written by the project) plants re-posts of two
reports under other outlets' names (``merging_gold.toml``). The reports are analysed as the
pipeline analyses them (without duplicate detection, so that the copies are reports of their
own), written into a temporary store and linked. Scores, over pairs of events from two
different reports:

- ``repost_recall``: gold pairs (an event of a copy and the event of the same type whose
  sentence is the same in the first report) that linking puts in one cluster;
- ``repost_precision``: of the pairs linking makes between a copy and its first report, the
  share that are gold pairs;
- ``story_precision``: of all pairs linking makes, the share within one story (pairs across
  stories are certainly wrong; pairs within one are not all right, so this is an upper bound).

Same-event labels across different reports (``[[events]]`` in the gold file: one real event,
the reports that tell it and how to find its stored event there) give the scores the issue
asks for, over *mentions* (one labelled event in one report, whatever number of stored
events match it there; a report and its re-post are one source, so pairs between them are
left to the re-post scores):

- ``pair_recall``: pairs of mentions of one event in two reports that linking puts in one
  cluster (some stored event of each in the same cluster), over such pairs whose two
  mentions the extractors found;
- ``pair_precision``: of the pairs linking makes between labelled mentions, the share that
  are mentions of the same event (labelled look-alikes make the errors count);
- ``mention_found``: the share of labelled mentions the extractors give with the labelled
  type (a pair with a missing mention cannot be linked, whatever linking does).

The unit of the dev/test split is the story, so a story's reports are linked together.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ceasefire.eval.cases import Case, GoldSet, Scored, linked_store
from ceasefire.eval.metrics import Score

NAME = "examples-merging"
GOLD = Path(__file__).with_name("merging_gold.toml")
SCORES = ("repost_recall", "repost_precision", "story_precision", "pair_recall",
          "pair_precision", "mention_found")


@dataclass(frozen=True, slots=True)
class Report:
    path: str  # relative to examples/
    story: str


def examples_folder(_root: Path) -> Path:
    """The corpus ships with the project, next to src/."""
    return Path(__file__).resolve().parents[3] / "examples"


def read(folder: Path) -> list[Case[Any]]:
    from ceasefire.config import IngestConfig
    from ceasefire.ingest import iter_inputs

    stories = tomllib.loads(GOLD.read_text(encoding="utf-8"))["stories"]
    cases = []
    for item in iter_inputs([str(folder)], IngestConfig()):
        rel = Path(item.path.split("#")[0]).resolve().relative_to(folder.resolve()).as_posix()
        rel += ("#" + item.path.split("#")[1]) if "#" in item.path else ""
        story = _story(rel, stories)
        if item.text is None or story is None:
            continue
        published = item.published or _date_in(rel)
        cases.append(Case(f"{story}|{rel}", item.text, published, Report(rel, story)))
    return cases


def _story(rel: str, stories: dict[str, list[str]]) -> str | None:
    return next((s for s, prefixes in stories.items()
                 if any(rel.startswith(p) for p in prefixes)), None)


def _date_in(rel: str) -> str | None:
    found = re.search(r"\d{4}-\d{2}-\d{2}", rel)
    return found.group(0) if found else None


def score(scored: Sequence[Scored]) -> dict[str, Score]:
    records = [(case, pred.record) for case, pred in scored if pred.record.status == "ok"]
    if not records:
        return {name: Score(None, 0) for name in SCORES}
    with linked_store(r for _, r in records) as store:
        clusters = store.con.execute(
            "SELECT event_id, cluster_id FROM event_cluster_members").fetchall()
    of_event = {str(e): str(c) for e, c in clusters}
    return _pair_scores(records, of_event)


def _pair_scores(records: list[tuple[Case[Any], Any]], cluster: dict[str, str]
                 ) -> dict[str, Score]:
    report_of = {e.id: case.gold for case, r in records for e in r.events}
    by_path = {case.gold.path: r for case, r in records}
    gold_file = tomllib.loads(GOLD.read_text(encoding="utf-8"))
    reposts = gold_file["reposts"]
    gold: set[frozenset[str]] = set()
    copies: set[frozenset[str]] = set()
    for pair in reposts:
        first, copy = by_path.get(pair["first"]), by_path.get(pair["copy"])
        if first is None or copy is None:
            continue
        copies.add(frozenset((first.document.id, copy.document.id)))
        gold |= _same_sentence_pairs(first.events, copy.events)
    members: dict[str, list[str]] = {}
    for event_id, cluster_id in cluster.items():
        members.setdefault(cluster_id, []).append(event_id)
    made = {frozenset((a, b)) for m in members.values() for a in m for b in m if a < b}
    doc = {e.id: r.document.id for _, r in records for e in r.events}
    across_copies = {p for p in made if frozenset(doc[e] for e in p) in copies}
    in_story = [p for p in made if len({report_of[e].story for e in p}) == 1]
    return {
        "repost_recall": _share(len(gold & made), len(gold)),
        "repost_precision": _share(len(gold & across_copies), len(across_copies)),
        "story_precision": _share(len(in_story), len(made)),
        **_event_scores(gold_file.get("events", []), by_path, copies, cluster),
    }


@dataclass(frozen=True, slots=True)
class Mention:
    event: str  # the gold event's id
    doc_id: str  # the report (a re-posted text stored once is one report)
    stored: frozenset[str]  # ids of the stored events that match it there


def _event_scores(events: list[dict[str, Any]], by_path: dict[str, Any],
                  copies: set[frozenset[str]], cluster: dict[str, str]) -> dict[str, Score]:
    """pair_recall, pair_precision and mention_found over the labelled mentions of the
    reports scored (a split holds whole stories, so a gold pair is in one split or none)."""
    listed = _mentions(events, by_path)
    found = [m for m in listed if m.stored]
    pairs = [(a, b) for i, a in enumerate(found) for b in found[i + 1:]
             if a.doc_id != b.doc_id and frozenset((a.doc_id, b.doc_id)) not in copies]
    linked = [(a, b) for a, b in pairs
              if {cluster.get(e) for e in a.stored} & {cluster.get(e) for e in b.stored} - {None}]
    gold = [(a, b) for a, b in pairs if a.event == b.event]
    right = [(a, b) for a, b in linked if a.event == b.event]
    return {
        "pair_recall": _share(len(right), len(gold)),
        "pair_precision": _share(len(right), len(linked)),
        "mention_found": _share(len(found), len(listed)),
    }


def _mentions(events: list[dict[str, Any]], by_path: dict[str, Any]) -> list[Mention]:
    """One Mention per (event, report) of the reports being scored, merging the entries that
    name the same report; a stored event claimed by an earlier gold event is not reused."""
    taken: set[str] = set()
    merged: dict[tuple[str, str], set[str]] = {}
    for event in events:
        for entry in event["mentions"]:
            record = by_path.get(entry["report"])
            if record is None:
                continue
            hits = {e.id for e in record.events if e.id not in taken
                    and _matches(e, event["type"], entry)}
            taken |= hits
            merged.setdefault((event["id"], record.document.id), set()).update(hits)
    return [Mention(event, doc, frozenset(ids)) for (event, doc), ids in merged.items()]


def _matches(e: Any, kind: str, entry: dict[str, Any]) -> bool:
    text = e.evidence.text.lower()
    if e.type != kind or not all(w.lower() in text for w in entry["words"]):
        return False
    source = entry.get("source")
    return source is None or (source in e.source if source else not e.source)


def _same_sentence_pairs(first: Sequence[Any], copy: Sequence[Any]) -> set[frozenset[str]]:
    def norm(text: str) -> str:
        return " ".join(re.findall(r"\w+", text.lower()))

    index: dict[tuple[str, str], list[str]] = {}
    for e in first:
        index.setdefault((e.type, norm(e.evidence.text)), []).append(e.id)
    return {frozenset((a, e.id)) for e in copy
            for a in index.get((e.type, norm(e.evidence.text)), [])}


def _share(hits: int, total: int) -> Score:
    return Score(hits / total if total else None, total)


SET = GoldSet(name=NAME, files=("README.md",), scores=SCORES, read=read, score=score,
              split_key=lambda key: key.split("|", 1)[0], folder=examples_folder)
