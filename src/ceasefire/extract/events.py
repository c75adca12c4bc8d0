"""Events: who did what to whom, where and when, per clause.

Two steps, each in its own module:
- ``triggers.find_triggers``: the words that name an event (a verb such as "shelled", a noun
  such as "clashes" or "talks"), typed in PLOVER with mode, CAMEO root and ACLED type, with
  the clause's status (asserted, claimed, planned, negated, hypothetical) and who makes the
  claim;
- ``arguments.build_event``: the roles (source and target actors), the event's own place and
  date, and the casualties that belong to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ceasefire.extract.arguments import Context, build_event
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
    triggers = tuple(find_triggers(doc, actors))
    context = Context(doc, meta, tuple(actors), tuple(places), tuple(times), tuple(quantities),
                      triggers)
    return [build_event(context, n, trigger) for n, trigger in enumerate(triggers)]
