"""Terminal tables for linked results: the agreements board, a timeline, merged events.

They render the dicts of ``ceasefire.query`` (agreement_board, agreement_timeline,
merged_events), so the CLI, the API and these tables show the same data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

_WIDTH = 72  # evidence is cut to this many characters in tables


def print_board(rows: Sequence[dict[str, Any]], out: TextIO) -> None:
    if not rows:
        print("no agreements linked yet (ceasefire run links new reports)", file=out)
        return
    for row in rows:
        names = row.get("names") or {}
        parties = ", ".join(f"{p['name']}: {party_status_text(p, names)}"
                            for p in row["parties"]) or "-"
        print(f"{row['id']}  {row['kind']}  {row['name'] or '(unnamed)'}", file=out)
        print(f"    parties   {parties}", file=out)
        if row["mediators"]:
            print(f"    mediators {', '.join(names.get(m, m) for m in row['mediators'])}",
                  file=out)
        if row["venue"]:
            print(f"    venue     {names.get(row['venue'], row['venue'])}", file=out)
        print(f"    last change {row['last_change'] or '-'}, "
              f"{row['n_sources']} report{'s' if row['n_sources'] != 1 else ''}", file=out)


def party_status_text(party: dict[str, Any], names: dict[str, str] | None = None) -> str:
    """"accepted", "rejected (claimed)", "signed (claimed by Sergei Lavrov)": the action
    word, marked when only claims support it (who claims it by name when ``names`` has it)."""
    text = str(party["status"])
    if party.get("claimed"):
        by = party.get("attributed_to")
        text += f" (claimed by {(names or {}).get(by, by)})" if by else " (claimed)"
    if party.get("since") and party["status"] != "pending":
        text += f" since {party['since']}"
    return text


def print_timeline(timeline: dict[str, Any], out: TextIO) -> None:
    print_board([timeline], out)
    print("", file=out)
    names = timeline.get("names") or {}
    for a in timeline["actions"]:
        who = names.get(a["actor"], a["actor"]) if a["actor"] else "-"
        said = f" (per {names.get(a['attributed_to'], a['attributed_to'])})" \
            if a["attributed_to"] else ""
        print(f"{a['date'] or '?':<10}  {who:<18} {a['action']:<18} {a['status']}{said}",
              file=out)
        print(f"            \"{_cut(a['evidence']['text'])}\"", file=out)
        print(f"            {a['title'] or a['doc_id'][:12]} ({a['published'] or '?'})",
              file=out)
    for c in timeline["conditions"]:
        print(f"condition   {_cut(c['text'])}  [{c['doc_id'][:12]}]", file=out)


def print_clusters(clusters: Sequence[dict[str, Any]], out: TextIO) -> None:
    if not clusters:
        print("no merged events", file=out)
        return
    for c in clusters:
        days = c["date"] or "?"
        if c["end_date"]:
            days += f"..{c['end_date']}"
        place = c["place"]["name"] if c["place"] else "-"
        f = c["fatalities"]
        deaths = f" deaths low {f['low']} best {f['best']} high {f['high']}" if f else ""
        print(f"{c['id']}  {c['type']}  {days}  {place}  {c['n_sources']} reports{deaths}",
              file=out)
        for s in c["sources"]:
            own = s["fatalities"]
            figure = f" [{own['best'] if own['best'] is not None else own['low']}]" \
                if own else ""
            print(f"    {s['published'] or '?'} {s['title'] or s['doc_id'][:12]}: "
                  f"\"{_cut(s['evidence']['text'])}\"{figure}", file=out)


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _WIDTH else text[: _WIDTH - 1] + "…"
