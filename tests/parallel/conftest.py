"""Shared pieces for the engine tests: store contents to compare, a model-free engine and
synthetic reports (written here, in our own words) with planted copies."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from ceasefire.parallel.writer import Outcomes, Result
from ceasefire.pipeline import Item, Prepared, with_run
from ceasefire.schema import Input, Record
from ceasefire.store.rows import Extra

# Run bookkeeping differs between runs by nature (times, arguments); data tables must not.
SKIP_TABLES = {"runs", "meta"}
# Which run wrote a row is bookkeeping too (a resumed run finishes what an earlier started).
_EXCLUDE = {"documents": "EXCLUDE (run_id)"}
Contents = dict[str, list[tuple[Any, ...]]]


def store_contents(db: Path) -> Contents:
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables ORDER BY table_name").fetchall()]
        return {t: sorted(con.execute(f"SELECT * {_EXCLUDE.get(t, '')} FROM {t}").fetchall(),
                          key=repr) for t in tables if t not in SKIP_TABLES}
    finally:
        con.close()


@pytest.fixture
def contents() -> Callable[[Path], Contents]:
    return store_contents


class ShallowEngine:
    """Stands in for the model (a record with the text and no items) so that the writer's
    own logic runs fast; chunks finish in reverse order to exercise reordering."""

    def __init__(self, capacity: int = 3) -> None:
        self.capacity = capacity
        self.queue: list[tuple[int, list[Item], int]] = []

    def submit(self, key: int, items: list[Item], run_id: int) -> None:
        self.queue.append((key, items, run_id))

    def next_done(self) -> tuple[int, Result]:
        key, items, run_id = self.queue.pop()
        return key, Outcomes([with_run(_shallow(i) if isinstance(i, Prepared) else i, run_id)
                              for i in items])

    def close(self) -> None:
        self.queue.clear()


def _shallow(item: Prepared) -> tuple[Record, Extra]:
    fp = item.fingerprint
    return Record(item.meta, text=item.text), Extra(item.raw_sha256, fp.exact, fp.signature)


@pytest.fixture
def shallow_engine() -> Callable[..., ShallowEngine]:
    return ShallowEngine


_SUBJECTS = ["the militia", "government forces", "the rebel alliance", "police units",
             "the monitoring mission", "tribal fighters", "the coast guard", "army engineers"]
_VERBS = ["shelled", "patrolled", "withdrew from", "reinforced", "cleared mines near",
          "negotiated over", "evacuated", "surrounded"]
_PLACES = ["the northern district", "the river crossing", "the old market", "the airport road",
           "the border village", "the eastern suburbs", "the harbour", "the hill villages"]


def synthetic_reports(n: int, seed: int = 3) -> list[Input]:
    """``n`` English reports of about 150 words; about one in five is a planted copy of an
    earlier one (re-spaced and re-cased, or with one sentence rewritten)."""
    rng = random.Random(seed)
    texts: list[str] = []
    for _ in range(n):
        if texts and rng.random() < 0.2:
            source = rng.choice(texts)
            if rng.random() < 0.5:
                text = "  " + source.upper()
            else:
                sentences = source.split(". ")
                sentences[rng.randrange(len(sentences))] = "An editor rewrote this sentence"
                text = ". ".join(sentences)
        else:
            text = ". ".join(_sentence(rng) for _ in range(12)) + "."
        texts.append(text)
    return [Input(f"mem/{i:06d}.txt", t, f"raw{i}") for i, t in enumerate(texts)]


def _sentence(rng: random.Random) -> str:
    return (f"On day {rng.randrange(1, 400)} {rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} "
            f"{rng.choice(_PLACES)} while {rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} "
            f"{rng.choice(_PLACES)}")


@pytest.fixture
def reports() -> Callable[..., list[Input]]:
    return synthetic_reports
