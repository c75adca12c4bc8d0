"""Duplicate reports: an exact key and a MinHash signature per clean text.

Fingerprinting is a pure function (it runs wherever extraction runs). Deciding that a report
is a duplicate needs every earlier report, so that decision is made by the single writer:
:func:`decide` is the rule, fed either by :class:`DuplicateIndex` (in memory: one ``extract``
call, or the reports of batches not yet written) or by the store's band table, which keeps
the check across the whole database without holding it in memory.

MinHash is computed with numpy rather than datasketch, which would pull in scipy.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from ceasefire.errors import DUPLICATE_EXACT, DUPLICATE_NEAR
from ceasefire.schema import Reason

# 128 permutations estimate Jaccard with a standard error of about 0.035 near 0.8;
# 32 bands of 4 rows make pairs above ~0.5 candidates, which the estimate then checks.
N_PERM = 128
BANDS = 32
ROWS = N_PERM // BANDS
# Five-word shingles: one edited sentence changes only the shingles that overlap it.
SHINGLE = 5
_MASK32 = np.uint64(0xFFFFFFFF)
# Fixed seeds so that signatures agree across processes, machines and runs.
_RNG = np.random.default_rng(20200113)
_A = _RNG.integers(1, 2**63, size=N_PERM, dtype=np.uint64) | np.uint64(1)
_B = _RNG.integers(0, 2**63, size=N_PERM, dtype=np.uint64)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    exact: str  # sha256 of the normalised text
    signature: bytes  # N_PERM little-endian uint32 minimum hashes

    def bands(self) -> list[int]:
        """One 64-bit key per band, for candidate lookup."""
        sig = np.frombuffer(self.signature, dtype="<u4")
        return [
            int.from_bytes(hashlib.blake2b(sig[i * ROWS : (i + 1) * ROWS].tobytes(),
                                           digest_size=7).digest(), "little") + (i << 56)
            for i in range(BANDS)
        ]


def normalise(text: str) -> list[str]:
    """Lower-case word tokens: what two copies of one report share despite re-formatting."""
    return re.findall(r"\w+", text.casefold())


def fingerprint(text: str) -> Fingerprint:
    words = normalise(text)
    exact = hashlib.sha256(" ".join(words).encode()).hexdigest()
    return Fingerprint(exact, _minhash(_shingles(words)).astype("<u4").tobytes())


def _shingles(words: list[str]) -> np.ndarray:
    size = min(SHINGLE, len(words)) or 1
    grams = {" ".join(words[i : i + size]) for i in range(max(len(words) - size + 1, 1))}
    digests = [hashlib.blake2b(g.encode(), digest_size=8).digest() for g in grams]
    values: np.ndarray = np.frombuffer(b"".join(digests), dtype="<u8")
    return values


def _minhash(values: np.ndarray) -> np.ndarray:
    """Multiply-shift hashing (mod 2**64, top 32 bits) per permutation, minimum over values."""
    with np.errstate(over="ignore"):
        hashed = (_A[:, None] * values[None, :] + _B[:, None]) >> np.uint64(32)
    minima: np.ndarray = (hashed & _MASK32).min(axis=1)
    return minima


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(np.frombuffer(a, dtype="<u4") == np.frombuffer(b, dtype="<u4")))


@dataclass(frozen=True, slots=True)
class Candidate:
    """An earlier report that shares a band with the one being checked."""

    band: int  # the first band index the two share (0..BANDS-1)
    order: int  # when it was added: earlier reports have smaller numbers
    doc_id: str
    signature: bytes


def band_index(key: int) -> int:
    return key >> 56


def decide(fp: Fingerprint, exact_match: str | None, candidates: Iterable[Candidate],
           threshold: float) -> Reason | None:
    """The duplicate reason for ``fp``, or None if it is new.

    An exact match wins. Otherwise the most similar candidate at or above ``threshold``;
    among equal scores the one met first in (band, order) order, so that the answer does not
    depend on where the candidates were kept (memory or store).
    """
    if exact_match is not None:
        return Reason(DUPLICATE_EXACT, "same text as an earlier report", exact_match)
    best, score = None, 0.0
    for candidate in sorted(candidates, key=lambda c: (c.band, c.order)):
        s = similarity(fp.signature, candidate.signature)
        if s > score:
            best, score = candidate.doc_id, s
    if best is not None and score >= threshold:
        message = f"near-duplicate of an earlier report (similarity {score:.2f})"
        return Reason(DUPLICATE_NEAR, message, best)
    return None


@dataclass
class DuplicateIndex:
    """Reports seen so far, by exact key and by band; answers 'is this a copy?'.

    ``first_order`` numbers its reports after those of another index consulted before it
    (the store), so that candidates from both sort in the order they were added.
    """

    threshold: float = 0.8
    first_order: int = 0
    _exact: dict[str, str] = field(default_factory=dict)
    _bands: dict[int, list[str]] = field(default_factory=dict)
    _signatures: dict[str, bytes] = field(default_factory=dict)
    _order: dict[str, int] = field(default_factory=dict)

    def add(self, doc_id: str, fp: Fingerprint) -> None:
        self._exact.setdefault(fp.exact, doc_id)
        self._signatures[doc_id] = fp.signature
        self._order.setdefault(doc_id, self.first_order + len(self._order))
        for key in fp.bands():
            self._bands.setdefault(key, []).append(doc_id)

    def add_all(self, items: Iterable[tuple[str, Fingerprint]]) -> None:
        for doc_id, fp in items:
            self.add(doc_id, fp)

    def __len__(self) -> int:
        return len(self._order)

    def exact(self, fp: Fingerprint) -> str | None:
        return self._exact.get(fp.exact)

    def candidates(self, fp: Fingerprint) -> list[Candidate]:
        return [Candidate(band_index(key), self._order[doc_id], doc_id, self._signatures[doc_id])
                for key in fp.bands() for doc_id in self._bands.get(key, ())]

    def check(self, fp: Fingerprint) -> Reason | None:
        """The duplicate reason against the earliest matching report, or None if new."""
        return decide(fp, self.exact(fp), self.candidates(fp), self.threshold)
