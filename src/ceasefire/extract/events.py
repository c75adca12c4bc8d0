"""Events: who did what to whom, where and when, per clause.

Two steps, each in its own module:
- ``triggers.find_triggers``: the words that name an event (a verb such as "shelled", a noun
  such as "clashes" or "talks"), typed in PLOVER with mode, CAMEO root and ACLED type, with
  the clause's status (asserted, claimed, planned, negated, hypothetical) and who makes the
  claim;
- ``arguments.build_event``: the roles (source and target actors), the event's own place and
  date, and the casualties that belong to it.

A violent trigger that only retells a war's running toll ("the fighting has killed more than
2,000 people", "hundreds of civilians have been killed": ``quantities.restates_total``) is
no event: the figure stays a figure with a period, and the war it counts is no new incident.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ceasefire.extract.arguments import Context, build_event
from ceasefire.extract.quantities import restates_total
from ceasefire.extract.triggers import find_triggers
from ceasefire.schema import Actor, DocumentMeta, Event, Place, Quantity, TimeExpr


def extract_events(
    doc: Any,
    meta: DocumentMeta,
    actors: Sequence[Actor],
    places: Sequence[Place],
    times: Sequence[TimeExpr],
    quantities: Sequence[Quantity],
) -> list[Event]:
    triggers = tuple(t for t in find_triggers(doc, actors)
                     if t.type != "ASSAULT" or not restates_total(doc[t.head]))
    context = Context(doc, meta, tuple(actors), tuple(places), tuple(times), tuple(quantities),
                      triggers)
    return [build_event(context, n, trigger) for n, trigger in enumerate(triggers)]
