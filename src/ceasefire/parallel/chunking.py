"""How the writer cuts its inputs into chunks: full chunks while more input follows, then
ever smaller ones at the end, so that the workers finish together.

With fixed chunks of 64 reports (about 6 s on one core) the last chunk of a run often kept
one worker busy for seconds while the others had nothing left (measured on 240 reports and
two workers: one worker alone for the last ~5 s). The writer reads ``size * capacity``
inputs ahead; once the input is exhausted it knows what is left and cuts it as guided
self-scheduling does: each chunk takes a ``capacity``-th of the rest, never fewer than
``min_size``. With one chunk in flight (the local engine) nothing changes.

The cut changes nothing in the store: every decision is taken per report in input order,
whatever the chunk boundaries (tests/parallel/test_writer.py compares stores cut in
different ways).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")

# The smallest tail chunk, as a share of the full size: 64 -> 4 reports (~0.4 s of model
# time, ten times the ~40 ms of writer CPU a chunk's store session costs), Dask's 256 -> 16
# (its Parquet round trip is ~0.1 s a task). Not tuned: set from those two costs; with it
# the two workers of the 240-report benchmark stopped within about a second of each other.
MIN_SHARE = 16


def guided_chunks(items: Iterator[T], size: int, capacity: int) -> Iterator[list[T]]:
    """Chunks of at most ``size`` items, smaller at the end when ``capacity`` > 1."""
    if capacity <= 1:
        while chunk := list(islice(items, size)):
            yield chunk
        return
    smallest = max(1, size // MIN_SHARE)
    ahead: deque[T] = deque(islice(items, size * capacity))
    exhausted = len(ahead) < size * capacity
    while ahead:
        n = min(size, max(smallest, -(-len(ahead) // capacity))) if exhausted else size
        yield [ahead.popleft() for _ in range(min(n, len(ahead)))]
        if not exhausted:
            more = list(islice(items, size))
            ahead.extend(more)
            exhausted = len(more) < size
