"""/api/events from memory: one snapshot's events as numpy columns and pre-rendered JSON.

A request then costs a few vectorised masks over the filter columns, a count, a slice of
the matching positions and the page's JSON copied out of one buffer: about a millisecond
at 100,000 events, against 25 to 70 ms for the same page read from DuckDB, which an API
answering 32 clients at once on two cores cannot afford (docs/api.md, "Performance").

The model is built once per snapshot (``EventIndex.build``, from ``query.read_model``)
and never changes, so requests read it from any thread without a lock. Its answers are
``query.events``' and ``query.count_events``' for every filter; tests/api/test_read_model.py
holds them to it. How each filter is answered:

- one value among several (type, status, place, country, actor id or affiliation): per
  value, the sorted positions of the events that have it (``Keys``), unioned into a mask;
- dates and boxes: comparisons over int64 day numbers and float64 coordinates (a NULL
  becomes a value no comparison accepts: the lowest or highest day, NaN);
- part of an actor's name: a substring search over the distinct lower-cased names (a few
  thousand), then their events;
- words in the evidence: a substring search over the distinct words (runs of
  ``[0-9a-z_]`` in the lower-cased sentence). A term made only of such characters lies
  inside one word wherever it occurs, so the events of the words containing it are exactly
  the events whose sentence contains it. Any other term is looked up piece by piece the
  same way, which gives candidates, and each candidate's sentence is then searched.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

import duckdb
import numpy as np
import numpy.typing as npt

from ceasefire import query
from ceasefire.query import EventFilter, EventRow, ModelKeys
from ceasefire.store.duckdb import Store

Positions = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]

_EPOCH = date(1970, 1, 1).toordinal()
# The build's words: query._MODEL_KEYS["words"] splits on everything else.
_WORD = re.compile(r"[0-9a-z_]+")
# Between keys in the text a substring search runs over; no key contains it.
_SEP = "\x00"
# Sentences are searched one by one while the candidates are at most 1/SCAN_FRACTION of
# all events, else by one regex scan of all sentences (a C loop, about 10 ms at 100,000
# events here). Measured on the 100,000-event benchmark database: one by one costs about
# 1 us a candidate, so the crossover lies near 6,000 to 10,000 candidates.
SCAN_FRACTION = 16
# The first look for a page's positions covers this many events, then 8 times more at each
# further look: a first page of common matches takes one short look, a deep or sparse one
# at most about 1.4 times a look at everything.
PAGE_SCAN = 4096
# When the filters on values leave at most 1/NARROW of the events, dates and boxes are tested
# on those alone. A subset costs a gather per array: with a date and a box over 100,000
# events, at 1/32 of them it took 165 us against 235 us for whole arrays, at 1/16 already
# more (measured with matches at random positions, the worst case for gathers).
NARROW = 32
# Up to this many keys, their events are marked one slice at a time; beyond, the slices are
# gathered at once, which costs two arrays the size of all their events but no Python loop
# per key (a word that hundreds of distinct words contain). Either is exact. Measured with
# 150 events a key over 100,000: 8 keys 49 us by slices, 67 us gathered; 32 keys 169 us
# against 111 us; 512 keys 2.9 ms against 1.0 ms.
FEW_KEYS = 16


class Keys:
    """One filter's keys and, per key, the sorted positions of the events that have it."""

    def __init__(self, source: ModelKeys, size: int, *, single: bool = False) -> None:
        self.keys = source.keys
        self.index = {k: i for i, k in enumerate(source.keys)}
        self.start = np.zeros(len(source.keys) + 1, dtype=np.int64)
        np.cumsum(source.counts, out=self.start[1:])
        self.rows = np.asarray(source.rows, dtype=np.int32)
        self._text: str | None = None  # the keys joined, for substring searches
        self._begins: Positions = np.zeros(0, dtype=np.int64)
        # A column with one value per event and few distinct ones (type, status) is also
        # kept as one small code per event (0: NULL): comparing 100,000 bytes to a code
        # takes about 8 us, marking the 20,000 events of a common type one by one 200 us.
        self.codes: npt.NDArray[np.uint8] | None = None
        if single and len(self.keys) < 255:
            self.codes = np.zeros(size, dtype=np.uint8)
            for key in range(len(self.keys)):
                self.codes[self.rows[self.start[key]:self.start[key + 1]]] = key + 1

    def exact(self, values: Iterable[str], mask: Mask) -> Mask:
        """Mark in ``mask`` the events with any of ``values``."""
        ids = [self.index[v] for v in set(values) if v in self.index]
        if self.codes is None:
            return self._mark(ids, mask)
        for key in ids:
            mask |= self.codes == key + 1
        return mask

    def containing(self, term: str, mask: Mask, *, starts: bool = False,
                   ends: bool = False) -> Mask:
        """Mark in ``mask`` the events with a key that contains ``term``; with ``starts``
        (``ends``), a key that begins (ends) with it."""
        if not term:
            return self._mark(list(range(len(self.keys))), mask)
        if starts and ends:
            return self.exact([term], mask)
        text, begins = self.joined()
        pattern = ("(?<=\x00)" if starts else "") + re.escape(term) + ("(?=\x00)" if ends else "")
        found = np.fromiter((m.start() for m in re.finditer(pattern, text)), dtype=np.int64)
        ids = np.searchsorted(begins, found, side="right") - 1
        # A match across a separator is in no key (only a term holding _SEP can make one).
        inside = found + len(term) <= begins[ids + 1] - 1
        return self._mark(np.unique(ids[inside]).tolist(), mask)

    def joined(self) -> tuple[str, Positions]:
        """The keys as one text, each after a separator, and where each begins in it."""
        if self._text is None:
            lengths = np.fromiter((len(k) + 1 for k in self.keys), dtype=np.int64,
                                  count=len(self.keys))
            begins = np.ones(len(self.keys) + 1, dtype=np.int64)
            np.cumsum(lengths, out=begins[1:])
            begins[1:] += 1
            self._begins = begins
            self._text = _SEP + _SEP.join(self.keys) + _SEP
        return self._text, self._begins

    def _mark(self, ids: Sequence[int], mask: Mask) -> Mask:
        """Set ``mask`` at every position of the keys ``ids``: slice by slice for a few
        keys, else all slices gathered in one vectorised step (no Python loop per key)."""
        start, rows = self.start, self.rows
        if len(ids) <= FEW_KEYS:
            for key in ids:
                mask[rows[start[key]:start[key + 1]]] = True
            return mask
        at = np.asarray(ids, dtype=np.int64)
        first, sizes = start[at], start[at + 1] - start[at]
        ends = np.cumsum(sizes)
        mask[rows[np.repeat(first - (ends - sizes), sizes) + np.arange(ends[-1])]] = True
        return mask


class EventIndex:
    """The read model of one snapshot: filter, count and page events, and their JSON."""

    def __init__(self, source: query.ModelSource) -> None:
        cols = source.columns
        self.size = len(cols["n"])
        self.doc = np.asarray(cols["doc"], dtype=np.int32)
        self.n = np.asarray(cols["n"], dtype=np.int32)
        # Day numbers fit 32 bits (DuckDB keeps a DATE so), which compare twice as fast.
        info = np.iinfo(np.int32)
        self.first_day = _filled(cols["first_day"], info.max).astype(np.int32)  # NULL: late
        self.last_day = _filled(cols["last_day"], info.min).astype(np.int32)  # NULL: early
        self.lat = _filled(cols["lat"], np.nan).astype(np.float64)
        self.lon = _filled(cols["lon"], np.nan).astype(np.float64)
        self.keys = {name: Keys(k, self.size, single=name in ("types", "statuses"))
                     for name, k in source.keys.items()}
        for searched in ("names", "words"):  # now, not on a first request
            self.keys[searched].joined()
        self.doc_ids = source.doc_ids
        self.doc_json = [_inert(j).encode() for j in source.doc_json]
        self.json, self.json_at = _pieces(source.json["head"], source.json["tail"])
        self.text, self.text_at = _texts(cols["text"])

    @classmethod
    def build(cls, store: Store) -> EventIndex:
        return cls(query.read_model(store))

    # -- filtering ----------------------------------------------------------------------

    def select(self, where: EventFilter) -> tuple[int, Positions]:
        """(how many events match, the positions of the page) for ``where``."""
        query.check_filter(where)
        end = None if where.limit is None else where.offset + where.limit
        mask = self._keyed(where)
        ranges = self._ranges(where)
        if mask is not None and ranges and np.count_nonzero(mask) <= self.size // NARROW:
            # Few events left: test the ranges on them alone, not on every event.
            at = np.flatnonzero(mask)
            keep = ranges[0](at)
            for test in ranges[1:]:
                keep &= test(at)
            found = at[keep]
            return len(found), found[where.offset:end]
        for test in ranges:
            mask = test(None) if mask is None else mask & test(None)
        if mask is None:
            stop = self.size if end is None else min(end, self.size)
            return self.size, np.arange(min(where.offset, stop), stop, dtype=np.int64)
        return int(np.count_nonzero(mask)), self._page(mask, where.offset, end)

    def _page(self, mask: Mask, offset: int, end: int | None) -> Positions:
        """The positions of the matches ``offset`` to ``end``. A page near the start is
        found in a prefix of the mask, without listing every match (a third of the cost of
        a request that matches half the events)."""
        scan = PAGE_SCAN
        while True:
            found = np.flatnonzero(mask[:scan])
            if (end is not None and len(found) >= end) or scan >= self.size:
                return found[offset:end]
            scan *= 8

    def _keyed(self, f: EventFilter) -> Mask | None:
        """The events the filters on values keep; None when there are none."""
        masks: list[Mask] = []
        keys = self.keys
        if f.countries:
            masks.append(keys["countries"].exact((c.upper() for c in f.countries), self._none()))
        if f.types:
            masks.append(keys["types"].exact((t.upper() for t in f.types), self._none()))
        if f.actors:
            masks.append(self._actors(f.actors))
        if f.place:
            masks.append(keys["places"].exact([f.place], self._none()))
        if f.statuses:
            masks.append(keys["statuses"].exact((s.lower() for s in f.statuses), self._none()))
        if f.text:
            masks.append(self._text(f.text))
        if not masks:
            return None
        mask = masks[0]
        for other in masks[1:]:
            mask &= other
        return mask

    def _ranges(self, f: EventFilter) -> list[Callable[[Positions | None], Mask]]:
        """Tests of dates and coordinates, each over the events at given positions (None:
        all), in the same order."""
        tests: list[Callable[[Positions | None], Mask]] = []
        if f.since:
            since = _day(f.since)
            tests.append(lambda at: _at(self.last_day, at) >= since)
        if f.until:
            until = _day(f.until)
            tests.append(lambda at: _at(self.first_day, at) <= until)
        if f.bbox is not None:
            box = f.bbox
            tests.append(lambda at: _inside(box, _at(self.lat, at), _at(self.lon, at)))
        return tests

    def _none(self) -> Mask:
        return np.zeros(self.size, dtype=np.bool_)

    def _actors(self, terms: Sequence[str]) -> Mask:
        """An id among the event's source or target, a participant's affiliation, or part
        of a participant's name."""
        mask = self.keys["actors"].exact(terms, self._none())
        for term in terms:
            self.keys["names"].containing(lower(term), mask)
        return mask

    def _text(self, term: str) -> Mask:
        low = lower(term)
        words = self.keys["words"]
        if _WORD.fullmatch(low):
            return words.containing(low, self._none())
        # Each run of word characters in the term lies inside one word of a matching
        # sentence; a run after (before) another character begins (ends) that word.
        candidates: Mask | None = None
        for run in _WORD.finditer(low):
            found = words.containing(run.group(), self._none(), starts=run.start() > 0,
                                     ends=run.end() < len(low))
            candidates = found if candidates is None else candidates & found
        return self._search(low, candidates)

    def _search(self, low: str, candidates: Mask | None) -> Mask:
        """The candidates (None: every event) whose sentence contains ``low``."""
        needle = low.encode()
        at = None if candidates is None else np.flatnonzero(candidates)
        if (at is not None and len(at) <= self.size // SCAN_FRACTION) or b"\x00" in needle:
            return self._search_each(needle, np.arange(self.size) if at is None else at)
        mask = self._none()
        found = np.fromiter((m.start() for m in re.finditer(re.escape(needle), self.text)),
                            dtype=np.int64)
        mask[np.searchsorted(self.text_at, found, side="right") - 1] = True
        return mask if candidates is None else mask & candidates

    def _search_each(self, needle: bytes, at: Positions) -> Mask:
        begins, ends = self.text_at[at].tolist(), self.text_at[at + 1].tolist()
        text = self.text
        mask = self._none()
        mask[[i for i, b, e in zip(at.tolist(), begins, ends, strict=True)
              if text.find(needle, b, e - 1) >= 0]] = True
        return mask

    # -- answers ------------------------------------------------------------------------

    def json_page(self, where: EventFilter) -> bytes:
        """The /api/events JSON answer: ``{total, limit, offset, items}``."""
        total, page = self.select(where)
        head = json.dumps({"total": total, "limit": where.limit, "offset": where.offset},
                          separators=(",", ":"))
        parts: list[bytes | memoryview] = [head[:-1].encode(), b',"items":[']
        view, at = memoryview(self.json), self.json_at
        cut, docs = at[2 * page + 1].tolist(), self.doc[page].tolist()
        for begin, middle, end, doc in zip(at[2 * page].tolist(), cut,
                                           at[2 * page + 2].tolist(), docs, strict=True):
            parts += (view[begin:middle], self.doc_json[doc], view[middle:end], b",")
        if len(page):
            parts.pop()
        parts.append(b"]}")
        return b"".join(parts)

    def rows(self, store: Store, where: EventFilter) -> tuple[int, list[EventRow]]:
        """(total, the page as EventRows) read from ``store``, this index's snapshot: for
        the CSV and GeoJSON answers, which need the records rather than their JSON."""
        total, page = self.select(where)
        keys = [(self.doc_ids[d], n) for d, n in zip(self.doc[page].tolist(),
                                                     self.n[page].tolist(), strict=True)]
        return total, query.events_at(store, keys)


def _at(values: npt.NDArray[Any], at: Positions | None) -> npt.NDArray[Any]:
    return values if at is None else values[at]


def _inside(bbox: Sequence[float], lat: npt.NDArray[np.float64],
            lon: npt.NDArray[np.float64]) -> Mask:
    """Coordinates in the (west, south, east, north) box; NaN (none) never is."""
    west, south, east, north = bbox
    inside: Mask = (lat >= south) & (lat <= north)
    if west <= east:
        return inside & (lon >= west) & (lon <= east)
    return inside & ((lon >= west) | (lon <= east))  # across the antimeridian


def _filled(values: npt.NDArray[Any], fill: float) -> npt.NDArray[Any]:
    """A fetched column with its NULLs (masked by DuckDB) replaced by ``fill``."""
    return np.asarray(np.ma.filled(values, fill))


def _pieces(heads: Sequence[str], tails: Sequence[str]) -> tuple[bytes, Positions]:
    """The events' JSON pieces in one buffer (head, tail, head, tail, ...) and where each
    piece begins; one bytes object instead of 200,000 keeps memory and GC work low."""
    encoded = [_inert(piece).encode() for pair in zip(heads, tails, strict=True)
               for piece in pair]
    at = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(p) for p in encoded], out=at[1:])
    return b"".join(encoded), at


def _texts(texts: npt.NDArray[np.object_]) -> tuple[bytes, Positions]:
    """The lower-cased sentences, UTF-8, each followed by a NUL, and where each begins
    (a search within one sentence's bytes is a search within its characters)."""
    encoded = [(t or "").encode() + b"\x00" for t in np.ma.filled(texts, None).tolist()]
    at = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(t) for t in encoded], out=at[1:])
    return b"".join(encoded), at


def _inert(text: str) -> str:
    """As api.responses.dumps writes JSON: <, > and & as \\u escapes (three replaces are
    about thirty times faster than ``str.translate`` with a table)."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _day(iso: str) -> int:
    return date.fromisoformat(iso).toordinal() - _EPOCH


_lower_lock = threading.Lock()
_lower_con: duckdb.DuckDBPyConnection | None = None


def lower(term: str) -> str:
    """``term`` lower-cased as DuckDB's ``lower`` does, which the build used: the same as
    ``str.lower`` for ASCII, but not always beyond (Python lowers a capital sigma that ends
    a word to a final sigma, DuckDB to the plain one), so other terms ask DuckDB itself."""
    global _lower_con
    if term.isascii():
        return term.lower()
    with _lower_lock:
        if _lower_con is None:
            _lower_con = duckdb.connect()
        row = _lower_con.execute("SELECT lower(?)", [term]).fetchone()
    return str(row[0]) if row else term
