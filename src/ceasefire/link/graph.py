"""Order-free grouping of items that may be the same thing: components, then clusters.

Linking must give the same answer whether reports arrive in one batch or in many, so every
step here is a function of the *set* of items, never of the order they came in:

1. ``components``: the connected groups of the pairwise "compatible" relation. Adding items
   can only join groups, so an incremental run recomputes just the groups new items touch.
2. ``agglomerate``: inside one group, pairs are joined best score first (ties broken by the
   items' keys), and two clusters join only when no pair across them is in conflict. The
   conflict test keeps one cluster from chaining two things that cannot be the same (two
   agreements one report tells apart, two attacks in different provinces).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

Edge = tuple[float, int, int]  # score, index of one item, index of the other


def edges(items: Sequence[T], score: Callable[[T, T], float | None],
          candidates: Callable[[Sequence[T]], list[tuple[int, int]]] | None = None
          ) -> list[Edge]:
    """Every compatible pair with its score (``score`` returns None for incompatible)."""
    pairs = candidates(items) if candidates else [
        (i, j) for i in range(len(items)) for j in range(i + 1, len(items))]
    found = []
    for i, j in pairs:
        value = score(items[i], items[j])
        if value is not None:
            found.append((value, i, j))
    return found


def components(n: int, found: Sequence[Edge]) -> list[list[int]]:
    """Connected groups of item indices, each sorted, groups ordered by their first index."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, i, j in found:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def grouped(n: int, found: Sequence[Edge]) -> list[tuple[list[int], list[Edge]]]:
    """Each component with its own edges renumbered to positions inside the component."""
    groups = components(n, found)
    where = {i: (g, k) for g, group in enumerate(groups) for k, i in enumerate(group)}
    local: list[list[Edge]] = [[] for _ in groups]
    for score, i, j in found:
        (g, a), (_, b) = where[i], where[j]
        local[g].append((score, a, b))
    return list(zip(groups, local, strict=True))


def agglomerate(items: Sequence[T], found: Sequence[Edge], key: Callable[[T], tuple[Any, ...]],
                conflict: Callable[[T, T], bool]) -> list[list[int]]:
    """Clusters of item indices: best-scored pairs first, never joining a conflicting pair.

    ``key`` orders items deterministically (it must be unique per item); clusters come back
    sorted by their smallest key, members sorted by key.
    """
    cluster = {i: {i} for i in range(len(items))}
    ordered = sorted(found, key=lambda e: (-e[0], *sorted((key(items[e[1]]), key(items[e[2]])))))
    for _, i, j in ordered:
        a, b = cluster[i], cluster[j]
        if a is b or any(conflict(items[x], items[y]) for x in a for y in b):
            continue
        merged = a | b
        for member in merged:
            cluster[member] = merged
    unique = {id(c): c for c in cluster.values()}.values()
    groups = [sorted(c, key=lambda i: key(items[i])) for c in unique]
    return sorted(groups, key=lambda g: key(items[g[0]]))
