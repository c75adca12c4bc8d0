"""Linking across reports: event clusters and agreements followed over time.

:func:`link_store` links the reports a store holds that linking has not seen yet. It loads
the new reports' events and agreements, the already-linked items they are compatible with,
and every item of the groups ("components") those belong to; it recomputes just those
groups and replaces their rows. Because grouping and clustering are functions of the set
of items (:mod:`ceasefire.link.graph`), linking reports batch by batch gives the same
clusters, agreements and ids as linking them all at once. See docs/linking.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

from ceasefire.link.agreements import AgreementItem, agreement_item, link_agreements, standings
from ceasefire.link.agreements import compatible as agreements_compatible
from ceasefire.link.events import (
    MAX_SPAN_DAYS,
    SLACK_DAYS,
    EventItem,
    cluster_events,
    event_item,
)
from ceasefire.link.events import compatible as events_compatible
from ceasefire.schema import EventCluster, LinkedAgreement
from ceasefire.store.duckdb import Store

T = TypeVar("T", EventItem, AgreementItem)


@dataclass(frozen=True, slots=True)
class LinkSummary:
    documents: int  # reports linked by this call
    clusters: int  # event clusters recomputed
    agreements: int  # linked agreements recomputed


def link_file(db: str | Path) -> LinkSummary:
    """Link the reports of the database file ``db`` not linked yet, holding the file's
    write lock only meanwhile (docs/concurrency.md): what every writer runs after adding
    reports (`ceasefire run`, the API's uploads)."""
    with Store.open_writer(db) as store:
        return link_store(store)


def link_store(store: Store, doc_ids: Sequence[str] | None = None, *,
               rebuild: bool = False) -> LinkSummary:
    """Link ``doc_ids`` (default: every processed report not linked yet) into the store's
    event clusters and linked agreements, in one transaction. ``rebuild`` forgets every
    link first and links the whole store again."""
    with store.transaction():
        if rebuild:
            store.clear_links()
        new = store.unlinked_docs() if doc_ids is None else sorted(set(doc_ids))
        if not new:
            return LinkSummary(0, 0, 0)
        affiliation = store.link_affiliations()
        clusters = _link_events(store, new, affiliation)
        agreements = _link_agreements(store, new, affiliation)
        store.mark_linked(new)
    return LinkSummary(len(new), clusters, agreements)


def _link_events(store: Store, new: Sequence[str], affiliation: Mapping[str, str]) -> int:
    fresh = _items(store.link_event_rows(doc_ids=new), lambda r: event_item(r, affiliation))
    dated = [i.start for i, _ in fresh if i.start is not None and i.mergeable]
    reach = timedelta(days=MAX_SPAN_DAYS + SLACK_DAYS)
    nearby = _items(store.link_event_rows(
        types=sorted({i.type for i, _ in fresh}), since=(min(dated) - reach).isoformat(),
        until=(max(dated) + reach).isoformat()), lambda r: event_item(r, affiliation)
    ) if dated else []
    touched = _touched(store, "event_cluster_members", new, fresh, nearby, events_compatible)
    old = _items(store.link_event_rows(components=touched), lambda r: event_item(r, affiliation))
    items = _without_docs(old, new) + [i for i, _ in fresh]
    clusters = cluster_events(items)
    store.replace_links("events", touched, new, _cluster_rows(clusters, items))
    return len(clusters)


def _link_agreements(store: Store, new: Sequence[str], affiliation: Mapping[str, str]) -> int:
    fresh = _agreement_items(*store.link_agreement_rows(doc_ids=new), affiliation)
    linked = _agreement_items(*store.link_agreement_rows(linked=True), affiliation) \
        if fresh else []
    touched = _touched(store, "linked_agreement_members", new, fresh, linked,
                       agreements_compatible)
    old = _agreement_items(*store.link_agreement_rows(components=touched), affiliation)
    items = _without_docs(old, new) + [i for i, _ in fresh]
    found = link_agreements(items, affiliation)
    store.replace_links("agreements", touched, new, _agreement_rows(found, items, affiliation))
    return len(found)


def _items(rows: Iterable[Mapping[str, Any]], make: Callable[[Mapping[str, Any]], T | None]
           ) -> list[tuple[T, str | None]]:
    """(item, its stored component) for every row that makes an item."""
    out = []
    for row in rows:
        item = make(row)
        if item is not None:
            out.append((item, row["component"]))
    return out


def _agreement_items(rows: list[dict[str, Any]], actions: list[dict[str, Any]],
                     affiliation: Mapping[str, str]) -> list[tuple[AgreementItem, str | None]]:
    by_agreement: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for action in actions:
        by_agreement.setdefault((action["doc_id"], action["agreement_n"]), []).append(action)
    return _items(rows, lambda r: agreement_item(r, by_agreement.get((r["doc_id"], r["n"]), []),
                                                 affiliation))


def _touched(store: Store, table: str, new: Sequence[str], fresh: Sequence[tuple[T, Any]],
             linked: Sequence[tuple[T, str | None]], compatible: Callable[[T, T], Any]
             ) -> list[str]:
    """Components to recompute: those already holding the new reports (stored again) and
    those holding an item compatible with a new one."""
    touched = set(store.link_stale_components(table, new))
    new_docs = set(new)
    for old, component in linked:
        if component is None or component in touched or old.doc_id in new_docs:
            continue
        if any(compatible(item, old) is not None for item, _ in fresh):
            touched.add(component)
    return sorted(touched)


def _without_docs(items: Sequence[tuple[T, Any]], docs: Sequence[str]) -> list[T]:
    skip = set(docs)
    return [item for item, _ in items if item.doc_id not in skip]


def _cluster_rows(clusters: Sequence[tuple[str, EventCluster]], items: Sequence[EventItem]
                  ) -> dict[str, list[tuple[Any, ...]]]:
    by_id = {i.event_id: i for i in items}
    heads, members = [], []
    for component, c in clusters:
        f = c.fatalities
        heads.append((c.id, component, c.type, c.date, c.end_date, c.place, list(c.actors),
                      f and f.low, f and f.best, f and f.high, len(c.doc_ids)))
        for event_id in c.members:
            item = by_id[event_id]
            g = item.fatalities
            members.append((c.id, component, event_id, item.doc_id, item.n,
                            g and g.low, g and g.best, g and g.high))
    return {"event_clusters": heads, "event_cluster_members": members}


def _agreement_rows(found: Sequence[tuple[str, LinkedAgreement]],
                    items: Sequence[AgreementItem], affiliation: Mapping[str, str]
                    ) -> dict[str, list[tuple[Any, ...]]]:
    """Rows of the linked tables. The status column holds, per party, the action word and
    whether it is a claim, its date and who claims it (docs/linking.md)."""
    by_member = {i.agreement_id: i for i in items}
    heads, members = [], []
    for component, a in found:
        status = {p: s.as_json() for p, s in standings(a.parties, a.timeline,
                                                        affiliation).items()}
        heads.append((a.id, component, a.kind, a.name, list(a.parties), list(a.mediators),
                      a.venue, json.dumps(status), a.last_change, len(a.doc_ids)))
        for member_id in a.members:
            item = by_member[member_id]
            members.append((a.id, component, member_id, item.doc_id, item.n))
    return {"linked_agreements": heads, "linked_agreement_members": members}


__all__ = ["LinkSummary", "link_store"]
