"""Reports of the same event, merged: compatibility, clustering and casualty reconciliation.

Two stored events are *compatible* (may be one real event told by two reports) when

- they come from different reports (one report is one source, however often it repeats);
- they have the same PLOVER type;
- their days overlap once each is widened by one day ("within a day", or inside the window
  a report states: "between 26 and 30 January"); an act dated only to a month ("in
  November") is one event with another only when that gives the same month and the two
  share an actor;
- their places agree: the same place, or the same first-level division of one country; a
  missing or country-level place agrees only when the two share an actor, and so does a
  place that only the report's dateline gives (a Moscow dateline on a sentence about
  Tripoli says where the reporter was, not where the event was);
- their actors do not contradict: the two sets of source and target actors (each actor
  counted with the one it belongs to: Haftar with the LNA) meet, or one of them is empty.

Clusters are then built by :mod:`ceasefire.link.graph` so that every pair inside a cluster is
compatible (no chaining of daily clashes into one "event"). Only events that reports say
happened (asserted or claimed) are merged; planned, negated and hypothetical events stay
per report. An event whose sentence only repeats an aggregate figure ("since April, 2,000
fighters have been killed") is a figure, not an event, and joins no cluster.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ceasefire.link.graph import agglomerate, edges, grouped
from ceasefire.schema import EventCluster, Fatalities, SourceFigure

# Days two reports' dates may differ and still tell one event: the brief's "within a day"
# (a night attack is dated to either side of midnight by different outlets).
SLACK_DAYS = 1
# Longest stated window (days) an event may span and still be merged freely; longer spans
# are vaguer. One week covers "between 26 and 30 January".
MAX_SPAN_DAYS = 7
# Longest window (days) of an act dated to a month ("signed in November"): merged only with
# the same window and a shared actor. 31 days is the longest month; a year is a summary.
MAX_MONTH_DAYS = 31
# Place bases that name where the event happened (the event's own sentence, or no basis
# recorded by older stores); "dateline" and "document" only say where the report was filed.
STRONG_PLACE = frozenset({"sentence", None})
MERGED_STATUSES = frozenset({"asserted", "claimed"})


@dataclass(frozen=True, slots=True)
class EventItem:
    """One stored event with what linking needs of its report, place and actors."""

    event_id: str
    doc_id: str
    n: int
    type: str
    actors: tuple[str, ...]  # source + target, as the report gives them
    sides: frozenset[str]  # the actors and the actors they belong to
    place: str | None
    place_kind: str | None
    country: str | None
    admin1: str | None
    start: date | None
    end: date | None
    published: str | None
    fatalities: Fatalities | None
    mergeable: bool  # dated within a month and told as fact
    place_strong: bool = True  # the event's sentence names the place (not only the dateline)

    @property
    def vague(self) -> bool:
        """Dated only to a window longer than a week (a month)."""
        assert self.start is not None and self.end is not None
        return (self.end - self.start).days > MAX_SPAN_DAYS

    @property
    def key(self) -> tuple[str, str, str, int]:
        """Earliest first: the date, then the report's date, then the report and position."""
        day = self.start.isoformat() if self.start else "9999-99-99"
        return (day, self.published or "9999-99-99", self.doc_id, self.n)


def event_item(row: Mapping[str, Any], affiliation: Mapping[str, str]) -> EventItem | None:
    """The item for a stored events row (see ``Store.link_event_rows``); None when the event
    is not one that happened (planned, negated, hypothetical) or only repeats an aggregate."""
    if row["status"] not in MERGED_STATUSES or row["aggregate"]:
        return None
    actors = tuple(dict.fromkeys([*row["source"], *row["target"]]))
    start, end = _day(row["date"]), _day(row["end_date"]) or _day(row["date"])
    deaths = (Fatalities(row["fatalities_low"], row["fatalities_best"], row["fatalities_high"])
              if any(row[k] is not None for k in
                     ("fatalities_low", "fatalities_best", "fatalities_high")) else None)
    span_ok = start is not None and end is not None and (end - start).days <= MAX_MONTH_DAYS
    return EventItem(
        row["event_id"], row["doc_id"], int(row["n"]), row["type"], actors,
        frozenset(actors) | {affiliation[a] for a in actors if a in affiliation},
        row["place_id"], row["p_kind"], row["p_country"], row["p_admin1"], start, end,
        _iso(row["published"]), deaths, span_ok, row.get("place_basis") in STRONG_PLACE,
    )


def compatible(a: EventItem, b: EventItem) -> float | None:
    """How strongly two events look like one (higher is stronger), or None when they cannot
    be one event."""
    if a.doc_id == b.doc_id or a.type != b.type or not (a.mergeable and b.mergeable):
        return None
    assert a.start and a.end and b.start and b.end
    slack = timedelta(days=SLACK_DAYS)
    if a.start > b.end + slack or b.start > a.end + slack:
        return None
    place = _place_agreement(a, b)
    shared = len(a.sides & b.sides)
    if place == 0 or (a.sides and b.sides and not shared) or (place == 1 and not shared):
        return None
    if (a.vague or b.vague) and not (shared and (a.start, a.end) == (b.start, b.end)):
        return None
    return 2.0 * place + shared + (1.0 if a.start == b.start else 0.0)


def _place_agreement(a: EventItem, b: EventItem) -> int:
    """2: same place or first-level division; 1: one is missing, only a country or only
    the dateline's; 0: they are different places."""
    if a.place is None or b.place is None or not (a.place_strong and b.place_strong):
        return 1
    if a.place == b.place:
        return 2
    if a.country != b.country:
        return 0
    if a.admin1 and b.admin1:
        return 2 if a.admin1 == b.admin1 else 0
    return 1  # one of them is the whole country (or a place without a division)


def candidates(items: Sequence[EventItem]) -> list[tuple[int, int]]:
    """Pairs worth testing: same type and start dates close enough to overlap (sorted sweep);
    an act dated only to a month is tested against those with the same window alone."""
    by_type: dict[str, list[int]] = {}
    by_window: dict[tuple[str, date | None, date | None], list[int]] = {}
    for i, item in enumerate(items):
        if item.mergeable and item.vague:
            by_window.setdefault((item.type, item.start, item.end), []).append(i)
        elif item.mergeable:
            by_type.setdefault(item.type, []).append(i)
    pairs = [(i, j) for same in by_window.values()
             for k, i in enumerate(same) for j in same[k + 1:]]
    reach = timedelta(days=MAX_SPAN_DAYS + SLACK_DAYS)
    swept: set[tuple[int, int]] = set()
    for indices in by_type.values():
        for block in _blocks(items, indices).values():
            block.sort(key=lambda i: items[i].key)
            for pos, i in enumerate(block):
                for j in block[pos + 1:]:
                    start_i, start_j = items[i].start, items[j].start
                    assert start_i is not None and start_j is not None
                    if start_j - start_i > reach:
                        break
                    swept.add((i, j) if items[i].key < items[j].key else (j, i))
    return pairs + sorted(swept)


def _blocks(items: Sequence[EventItem], indices: Sequence[int]) -> dict[str, list[int]]:
    """Groups of events of one type that ``compatible`` can accept as pairs: it needs either
    both places named in the sentence and in one country, or a shared side. A pair in no
    group is one it would refuse, so the clusters are the same; on a day of news (every
    report dated alike) this is what keeps the pair tests from growing with the square of
    the day's events."""
    blocks: dict[str, list[int]] = {}
    for i in indices:
        item = items[i]
        if item.place is not None and item.place_strong:
            blocks.setdefault(f"country:{item.country}", []).append(i)
        for side in item.sides:
            blocks.setdefault(f"side:{side}", []).append(i)
    return blocks


def cluster_events(items: Sequence[EventItem]) -> list[tuple[str, EventCluster]]:
    """(component id, cluster) for every cluster of ``items``; ids are content-derived."""
    found = edges(items, compatible, candidates)
    out: list[tuple[str, EventCluster]] = []
    for group, local in grouped(len(items), found):
        members = [items[i] for i in group]
        component = min(members, key=lambda m: m.key).event_id
        for cluster in agglomerate(members, local, lambda m: m.key,
                                   lambda x, y: compatible(x, y) is None):
            out.append((component, build_cluster([members[i] for i in cluster])))
    return out


def build_cluster(members: Sequence[EventItem]) -> EventCluster:
    """One cluster from its members (earliest first): dates, place, actors, figures."""
    ordered = sorted(members, key=lambda m: m.key)
    starts = [m.start for m in ordered if m.start]
    ends = [m.end for m in ordered if m.end]
    first = min(starts) if starts else None
    last = max(ends) if ends else None
    figures = tuple(SourceFigure(m.doc_id, m.event_id, f.low, f.best, f.high)
                    for m in ordered if (f := m.fatalities) is not None)
    return EventCluster(
        id=ordered[0].event_id, type=ordered[0].type, date=_iso(first),
        end_date=_iso(last) if last and first and last > first else None,
        place=_finest_place(ordered),
        actors=tuple(dict.fromkeys(a for m in ordered for a in m.actors)),
        members=tuple(m.event_id for m in ordered),
        doc_ids=tuple(dict.fromkeys(m.doc_id for m in ordered)),
        fatalities=reconcile(figures), figures=figures,
    )


_PRECISION = {"site": 0, "city": 1, "admin1": 2, "region": 3, "country": 4}


def _finest_place(members: Sequence[EventItem]) -> str | None:
    """The most precise place any member gives; among equals, the most often given."""
    placed = [m for m in members if m.place]
    if not placed:
        return None
    votes = Counter(m.place for m in placed)
    best = min(placed, key=lambda m: (_PRECISION.get(m.place_kind or "", 5),
                                      -votes[m.place], m.key))
    return best.place


def reconcile(figures: Sequence[SourceFigure]) -> Fatalities | None:
    """UCDP-style low / best / high across the sources' figures (one figure per report).

    - low: the lowest figure any source gives (its low, else its best);
    - high: the highest (its high, else its best, else its low);
    - best: the median of the sources' best figures (the lower middle one for an even count:
      UCDP's best estimate leans to the conservative side), kept between low and high.
    A report that states several figures for one event counts once, with its largest best.
    """
    per_doc: dict[str, SourceFigure] = {}
    for f in figures:
        kept = per_doc.get(f.doc_id)
        if kept is None or _value(f.best) > _value(kept.best):
            per_doc[f.doc_id] = f
    lows = [v for f in per_doc.values() if (v := _first(f.low, f.best, f.high)) is not None]
    highs = [v for f in per_doc.values() if (v := _first(f.high, f.best, f.low)) is not None]
    bests = sorted(f.best for f in per_doc.values() if f.best is not None)
    if not lows:
        return None
    low, high = min(lows), max(highs)
    best = bests[(len(bests) - 1) // 2] if bests else None
    return Fatalities(low, None if best is None else min(max(best, low), high), high)


def _first(*values: int | None) -> int | None:
    return next((v for v in values if v is not None), None)


def _value(n: int | None) -> int:
    return -1 if n is None else n


def _day(value: Any) -> date | None:
    if value is None:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)
