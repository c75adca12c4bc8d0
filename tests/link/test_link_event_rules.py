"""The pairwise rules of event merging on hand-built items (no model, no store)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from ceasefire.link.events import EventItem, candidates, cluster_events, compatible
from ceasefire.link.graph import edges


def _item(event_id: str, doc: str, *, day: str = "2020-01-12", end: str | None = None,
          actors: tuple[str, ...] = (), place: str | None = "plc:tripoli",
          strong: bool = True, admin1: str | None = "Tripoli") -> EventItem:
    start = date.fromisoformat(day)
    return EventItem(event_id, doc, 0, "ASSAULT", actors, frozenset(actors), place, "city",
                     "LBY" if place else None, admin1 if place else None, start,
                     date.fromisoformat(end) if end else start, day, None, True, strong)


def test_a_dateline_place_needs_a_shared_actor() -> None:
    told_here = _item("e1", "d1", actors=("act:lna",))
    # Same city, but only the dateline says so: without a shared actor it is not enough.
    dateline = _item("e2", "d2", strong=False)
    assert compatible(told_here, dateline) is None
    assert compatible(told_here, _item("e3", "d3")) is not None  # the sentence names it
    assert compatible(told_here, _item("e4", "d4", strong=False, actors=("act:lna",)))


def test_a_month_window_merges_only_with_the_same_month_and_a_shared_actor() -> None:
    month = dict(day="2019-11-01", end="2019-11-30")
    a = _item("e1", "d1", actors=("act:tur",), **month)
    assert compatible(a, _item("e2", "d2", actors=("act:tur",), **month)) is not None
    assert compatible(a, _item("e3", "d3", **month)) is None  # no shared actor
    # A day inside the month is not enough: a month of attacks is not one attack.
    assert compatible(a, _item("e4", "d4", actors=("act:tur",), day="2019-11-05")) is None


def test_month_windows_are_candidates_of_their_own_window_only() -> None:
    month = dict(day="2019-11-01", end="2019-11-30")
    items = [_item("e1", "d1", actors=("act:tur",), **month),
             _item("e2", "d2", actors=("act:tur",), **month),
             _item("e3", "d3", actors=("act:tur",), day="2019-11-02")]
    assert candidates(items) == [(0, 1)]
    clusters = [c for _, c in cluster_events(items)]
    assert sorted(c.members for c in clusters) == [("e1", "e2"), ("e3",)]


def _random_items(seed: int, n: int) -> list[EventItem]:
    """Events of a busy fortnight: few types, countries, places and sides, so that many
    pairs are compatible, many share only a side and many share nothing."""
    rng = random.Random(seed)
    items = []
    for k in range(n):
        start = date(2024, 5, 1) + timedelta(days=rng.randrange(14))
        end = start + timedelta(days=rng.choice([0, 0, 0, 2, 20]))
        country = rng.choice(["SYR", "IRQ", None])
        place = rng.choice([None, f"geo:{country}:{rng.randrange(3)}"])
        actors = tuple(rng.sample(["act:a", "act:b", "act:c", "act:d"], rng.randrange(3)))
        items.append(EventItem(
            f"evt:{k}", f"doc:{k % (n // 3)}", k, rng.choice(["ASSAULT", "PROTEST"]), actors,
            frozenset(actors), place, "city", country, rng.choice([None, "01", "02"]), start,
            end, start.isoformat(), None, rng.random() > 0.1, rng.random() > 0.3))
    return items


@pytest.mark.parametrize("seed", range(5))
def test_candidate_blocks_lose_no_compatible_pair(seed: int) -> None:
    items = _random_items(seed, 240)
    all_pairs = {(i, j) for _, i, j in edges(items, compatible)}
    blocked = {(i, j) for _, i, j in edges(items, compatible, candidates)}
    assert {tuple(sorted(p)) for p in blocked} == {tuple(sorted(p)) for p in all_pairs}
    assert len(all_pairs) > 100  # the generator does make many compatible pairs
