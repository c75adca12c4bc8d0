"""The read service over a store, shared by the CLI (and later the API and dashboard).

Every query is parameterised; callers never write SQL of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ceasefire.store.duckdb import Store


@dataclass(frozen=True, slots=True)
class Overview:
    statuses: dict[str, int]
    reasons: list[tuple[str, int]]
    actors: list[tuple[str, str, str | None, str | None, int]]  # id, name, country, sector, docs
    places: list[tuple[str, str, str | None, int]]  # id, name, country, docs
    figures: list[dict[str, Any]]
    dates: tuple[str | None, str | None]


def overview(store: Store, limit: int = 10) -> Overview:
    """What a store holds, at a glance: the demo's and ``ceasefire summary``'s view."""
    con = store.con
    reasons = con.execute(
        "SELECT reason_code, count(*) FROM documents WHERE status <> 'ok' "
        "GROUP BY 1 ORDER BY 2 DESC, 1"
    ).fetchall()
    actors = con.execute(
        "SELECT actor_id, any_value(name), any_value(country), any_value(sector), "
        "count(DISTINCT doc_id) AS docs FROM actors "
        # Bare generic actors ("the government", country unknown) say nothing across reports.
        "WHERE kb OR country IS NOT NULL GROUP BY 1 ORDER BY docs DESC, 1 LIMIT ?",
        [limit],
    ).fetchall()
    places = con.execute(
        "SELECT place_id, any_value(name), any_value(country), count(DISTINCT doc_id) AS docs "
        "FROM places GROUP BY 1 ORDER BY docs DESC, 1 LIMIT ?",
        [limit],
    ).fetchall()
    figures = _figures(store, limit)
    first, last = con.execute(
        "SELECT min(published), max(published) FROM documents WHERE status = 'ok'"
    ).fetchone() or (None, None)
    return Overview(
        store.counts(), [(str(c), int(n)) for c, n in reasons],
        [tuple(r) for r in actors], [tuple(r) for r in places], figures,
        (first and first.isoformat(), last and last.isoformat()),
    )


def _figures(store: Store, limit: int) -> list[dict[str, Any]]:
    cur = store.con.execute(
        "SELECT q.kind, q.victims, q.low, q.best, q.high, q.claimed_by, q.period_text, "
        "d.title, d.published FROM quantities q JOIN documents d ON d.id = q.doc_id "
        "AND d.status = 'ok' ORDER BY coalesce(q.best, q.low, q.high) DESC NULLS LAST LIMIT ?",
        [limit],
    )
    names = [c[0] for c in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
