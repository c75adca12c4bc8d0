"""What a gold set is to the harness: files to read in place, cases, and a scorer.

A *case* is one text to analyse plus its gold labels. Its ``key`` is the set's own row id
(made unique by an occurrence suffix where the set repeats an id), and it decides the case's
split through :func:`ceasefire.eval.split.split_of`: tuners and the harness therefore agree
on which rows are held out without any stored list. Gold texts are read from the data folder
at run time and never copied into the repository.
"""

from __future__ import annotations

import csv
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from ceasefire.eval.metrics import Score
from ceasefire.schema import Event, Record

G = TypeVar("G")

#: Environment variable naming the folder that holds the gold sets.
DATA_ENV = "CEASEFIRE_EVAL_DATA"


@dataclass(frozen=True, slots=True)
class Case(Generic[G]):
    key: str  # unique within the set; input of split_of
    text: str
    published: str | None  # ISO date the text was published, when the set gives one
    gold: G


@dataclass(frozen=True, slots=True)
class Prediction:
    """What the pipeline made of one case: the record and the event taken as its main one."""

    record: Record
    main: Event | None
    # The report's triggers (with clause depth, which events do not keep) and its
    # non-event context ("natural_disaster", "accident", "crime"), for labels such as
    # CASE 2021's that look beyond the main event.
    triggers: tuple[Any, ...] = ()
    context: str | None = None


Scored = tuple[Case[Any], Prediction]


@dataclass(frozen=True, slots=True)
class Published:
    """A figure from the literature, shown beside ours (on the scale of ours: 0..1)."""

    value: float
    source: str  # short citation; the full one is in docs/evaluation.md


@dataclass(frozen=True, slots=True)
class GoldSet:
    name: str  # the folder name under the data root
    files: tuple[str, ...]  # relative to the set's folder; every one must exist
    scores: tuple[str, ...]  # score names in table order
    read: Callable[[Path], list[Case[Any]]]  # the set's folder -> its cases, in file order
    score: Callable[[Sequence[Scored]], dict[str, Score]]
    published: Mapping[str, Published] = field(default_factory=dict)
    # Deterministic subsample for big sets (see sample_keep); None keeps every case.
    keep: Callable[[str], bool] | None = None
    # Minimum clean-text length. The pipeline's 40-character minimum is an ingest policy for
    # whole reports; gold sentences and headlines are often shorter and are all analysed.
    min_chars: int = 1
    # The part of a case key that draws its split, when cases are scored together (a
    # story's reports, linked across): all of one story land in the same split.
    split_key: Callable[[str], str] | None = None
    # Where the set's files are, when they ship with the project instead of the data root.
    folder: Callable[[Path], Path] | None = None
    # Run only when named (`ceasefire eval --set NAME`): tuning material, not a gold set
    # whose figures are reported or floored.
    opt_in: bool = False

    def split_of(self, key: str) -> str:
        from ceasefire.eval.split import split_of

        return split_of(self.name, self.split_key(key) if self.split_key else key)

    def missing(self, root: Path) -> list[str]:
        """Files of this set absent under ``root`` (empty when the set can run)."""
        folder = self.folder(root) if self.folder else root / self.name
        return [name for name in self.files if not (folder / name).is_file()]


def default_data_root(cwd: Path | None = None) -> Path:
    """``$CEASEFIRE_EVAL_DATA``, else ``../shared/data`` next to the working directory or the
    source checkout (the project's layout), else that path under the working directory."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV]).expanduser()
    here = cwd or Path.cwd()
    checkout = Path(__file__).resolve().parents[3]
    for base in (here, checkout):
        candidate = (base / ".." / "shared" / "data").resolve()
        if candidate.is_dir():
            return candidate
    return (here / ".." / "shared" / "data").resolve()


def unique_keys(ids: Iterable[str]) -> Iterator[str]:
    """Row ids made unique: the second "x" becomes "x#2", the third "x#3" (file order)."""
    seen: Counter[str] = Counter()
    for raw in ids:
        key = raw.strip()
        seen[key] += 1
        yield key if seen[key] == 1 else f"{key}#{seen[key]}"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_delimited(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def sample_keep(set_name: str, modulus: int) -> Callable[[str], bool]:
    """Keep about one case in ``modulus``, chosen by a hash of the key with its own salt (so
    the sample is independent of the dev/test split and the same on every machine)."""
    import hashlib

    def keep(key: str) -> bool:
        digest = hashlib.sha256(f"{set_name}:sample:{key}".encode()).hexdigest()
        return int(digest, 16) % modulus == 0

    return keep


@contextmanager
def linked_store(records: Iterable[Record]) -> Iterator[Any]:
    """A temporary store holding ``records`` (a text two cases share is one report, stored
    once) and linked as ``ceasefire run`` links: what the linking scorers read from."""
    import tempfile

    from ceasefire.link import link_store
    from ceasefire.store.duckdb import Store
    from ceasefire.store.rows import Extra

    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "linked.duckdb") as store:
        unique = {r.document.id: r for r in records}
        store.write([(r, Extra(r.document.id)) for r in unique.values()])
        link_store(store)
        yield store
