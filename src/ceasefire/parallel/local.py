"""The local engine: analysis in the writer's own process, one chunk at a time."""

from __future__ import annotations

from collections import deque

from ceasefire.parallel.work import analyse_chunk
from ceasefire.parallel.writer import Outcomes, Result
from ceasefire.pipeline import Item


class LocalEngine:
    # One chunk at a time: the next one is read after this one is written, as before.
    capacity = 1

    def __init__(self) -> None:
        self.queue: deque[tuple[int, list[Item], int]] = deque()

    def submit(self, key: int, items: list[Item], run_id: int) -> None:
        self.queue.append((key, items, run_id))

    def next_done(self) -> tuple[int, Result]:
        key, items, run_id = self.queue.popleft()
        return key, Outcomes(analyse_chunk(items, run_id))

    def close(self) -> None:
        self.queue.clear()
