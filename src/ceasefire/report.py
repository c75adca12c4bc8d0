"""Plain-text rendering of query results for the terminal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from ceasefire.query import EventRow, Overview
from ceasefire.schema import Event


def print_overview(view: Overview, out: TextIO) -> None:
    total = sum(view.statuses.values())
    parts = ", ".join(f"{n} {s}" for s, n in sorted(view.statuses.items()))
    print(f"Inputs: {total} ({parts})", file=out)
    if view.reasons:
        print("Not processed: " + ", ".join(f"{c} x{n}" for c, n in view.reasons), file=out)
    if view.dates[0]:
        print(f"Published: {view.dates[0]} to {view.dates[1]}", file=out)
    if view.event_types:
        total_events = sum(n for _, n in view.event_types)
        kinds = ", ".join(f"{t} {n}" for t, n in view.event_types)
        print(f"Events: {total_events} ({kinds})", file=out)
    agreements, clusters, multi = view.linked
    print(f"Across reports: {agreements} agreements (ceasefire agreements), {clusters} event "
          f"clusters, {multi} told by more than one report (ceasefire events --merged)", file=out)
    print("\nMost reported actors:", file=out)
    for actor_id, name, country, sector, docs in view.actors:
        codes = f"{country or '-':<4} {sector or '-':<4}"
        print(f"  {name:<38} {actor_id:<24} {codes} {docs:>3} reports", file=out)
    print("\nMost reported places:", file=out)
    for place_id, name, country, docs in view.places:
        print(f"  {name:<38} {place_id:<24} {country or '-':<4} {docs:>3} reports", file=out)
    print("\nLargest figures:", file=out)
    for f in view.figures:
        low, best, high = (f[k] if f[k] is not None else "-" for k in ("low", "best", "high"))
        who = f" per {f['claimed_by']}" if f["claimed_by"] else ""
        print(f"  {f['kind']:<10} {f['victims']:<10} low {low} best {best} high {high}{who}"
              f"  ({f['published']}, {(f['title'] or '')[:40]})", file=out)


# Column widths of the events table: date, type, who, place, deaths, status; the evidence
# takes what is left of a 160-character line (a wide terminal; narrower ones wrap).
_WIDTHS = (11, 9, 40, 18, 7, 8)
_EVIDENCE = 160 - sum(_WIDTHS) - len(_WIDTHS)


def print_events(rows: Sequence[EventRow], out: TextIO, total: int | None = None,
                 offset: int = 0) -> None:
    """The events as a table for the terminal, with how many matched when limited."""
    header = ("date", "type", "source -> target", "place", "deaths", "status", "evidence")
    print(_line(header), file=out)
    print(_line(tuple("-" * w for w in (*_WIDTHS, _EVIDENCE))), file=out)
    for row in rows:
        print(_line(_cells(row)), file=out)
    total = len(rows) if total is None else total
    if len(rows) < total:
        first = offset + 1 if rows else offset
        print(f"\n{total} events match; shown {first}-{offset + len(rows)} "
              "(use --limit and --offset for more)", file=out)
    else:
        print(f"\n{total} events", file=out)
    if any(_stand_in(r.event) for r in rows):
        print("~ the sentence gives no date: the report's dateline or publication date", file=out)


def _cells(row: EventRow) -> tuple[str, ...]:
    e = row.event
    who = ", ".join(row.names(e.source)) or "?"
    if e.target:
        who += " -> " + ", ".join(row.names(e.target))
    place = row.place.name if row.place else (e.place or "")
    evidence = " ".join(e.evidence.text.split())  # one line, whatever the report's breaks
    return (_date(e), e.type, who, place, _deaths(e), e.status, evidence)


def _line(cells: tuple[str, ...]) -> str:
    widths = (*_WIDTHS, _EVIDENCE)
    return " ".join(_cut(c, w).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _date(e: Event) -> str:
    t = e.time
    if t is None or t.date is None:
        return "-"
    shown = {"day": t.date, "week": t.date, "month": t.date[:7], "year": t.date[:4]}
    return shown[t.precision] + ("~" if _stand_in(e) else "")


def _stand_in(e: Event) -> bool:
    return e.time is not None and e.time.basis in ("dateline", "published")


def _deaths(e: Event) -> str:
    f = e.fatalities
    if f is None:
        return ""
    if f.best is not None and f.low in (None, f.best) and f.high in (None, f.best):
        return str(f.best)
    if f.low is not None and f.high is not None:
        return f"{f.low}-{f.high}"
    if f.low is not None:
        return f">={f.low}"
    return f"<={f.high}" if f.high is not None else str(f.best)
