"""Plain-text rendering of query results for the terminal."""

from __future__ import annotations

from typing import TextIO

from ceasefire.query import Overview


def print_overview(view: Overview, out: TextIO) -> None:
    total = sum(view.statuses.values())
    parts = ", ".join(f"{n} {s}" for s, n in sorted(view.statuses.items()))
    print(f"Inputs: {total} ({parts})", file=out)
    if view.reasons:
        print("Not processed: " + ", ".join(f"{c} x{n}" for c, n in view.reasons), file=out)
    if view.dates[0]:
        print(f"Published: {view.dates[0]} to {view.dates[1]}", file=out)
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
