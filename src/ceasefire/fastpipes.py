"""Exact, faster stand-ins for two components of the verified model.

Profiled on 200 real reports (``benchmarks/stages.py`` corpus), the model's
``attribute_ruler`` and ``lemmatizer`` took about 20 % of all spaCy time, although neither
is a neural network: the ruler runs spaCy's ``Matcher`` (179 token patterns, some with
Python-level ``IN``/``REGEX`` predicates) over every token, and the rule lemmatizer runs a
Python method per token. Both compute a pure function of a few attributes of a token (and,
for a handful of two-token ruler patterns, of its neighbour), so their results can be
memoised per distinct key and written back in one array operation.

The stand-ins reuse the original components' data and code for every decision:

* :class:`FastAttributeRuler` evaluates the ruler's own patterns once per distinct
  (TAG, LOWER, DEP, IS_SPACE...) key, builds the same sorted match list spaCy's ``match``
  returns, and hands it to the ruler's own ``set_annotations``;
* :class:`FastLemmatizer` calls the lemmatizer's own ``lemmatize`` once per distinct
  (ORTH, POS, MORPH) key (its own cache has that key) and copies the answer to every other
  token with the same key.

``tests/test_fastpipes.py`` checks token-for-token identity with the stock components on
the example corpus and real-length texts. A pattern feature the evaluator does not know
(an ``OP`` quantifier, another predicate) makes :func:`fast_attribute_ruler` return
``None`` and the stock ruler stays in place, so a different model can only be slower,
never different.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy
from spacy.attrs import DEP, IDS, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG

__all__ = ["FastAttributeRuler", "FastLemmatizer", "fast_attribute_ruler"]

Predicate = Callable[[Any], bool]
# Per token key: the (pattern, element) pairs it satisfies, and the patterns it can start.
_Held = tuple[frozenset[tuple[int, int]], tuple[int, ...]]
# Token attributes a ruler pattern may test here; booleans come out of to_array as 0/1,
# the others as string-store hashes.
_STRING_ATTRS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "ORTH": ORTH, "POS": POS}
_BOOL_ATTRS = {"IS_SPACE": IS_SPACE}
# Bound on each memo (entries; about 100 bytes each): the LOWER signatures and the lemmas
# grow with the vocabulary of the corpus. Chosen so that a memo stays under ~20 MB; on
# reaching it the memo is emptied and refills from the next documents (a miss costs a few
# microseconds, a full refill well under a second).
MEMO_LIMIT = 200_000


class _Unsupported(Exception):
    """A pattern uses a Matcher feature the evaluator does not implement."""


def _predicate(value: Any) -> Predicate:
    """One attribute test of a Matcher pattern, with the Matcher's semantics."""
    if isinstance(value, (str, bool)):  # (an int would be a hash: not supported)
        return lambda actual: bool(actual == value)
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if op == "IN":
            members = frozenset(arg)
            return lambda actual: actual in members
        if op == "NOT_IN":
            excluded = frozenset(arg)
            return lambda actual: actual not in excluded
        if op == "REGEX":
            pattern = re.compile(arg)
            return lambda actual: bool(pattern.search(actual))
    raise _Unsupported(f"pattern value {value!r}")


class FastAttributeRuler:
    """The model's ``attribute_ruler``, with its matching memoised.

    Each tested attribute's value is reduced to its *signature*: the bit set of the
    pattern tests on that attribute it passes (memoised per value), so the tag "NNS" and
    every word no LOWER test names share one signature each. A token's signature tuple
    then decides which pattern elements it satisfies (memoised per tuple: a few hundred
    exist), so a token costs a few dictionary look-ups instead of the Matcher's pass over
    179 patterns.
    """

    def __init__(self, ruler: Any) -> None:
        self.ruler = ruler
        entries = ruler.patterns  # in attr_id order: entry i is matcher key str(i)
        used = sorted({name for entry in entries for pattern in entry["patterns"]
                       for spec in pattern for name in spec})
        unknown = [a for a in used if a not in _STRING_ATTRS and a not in _BOOL_ATTRS]
        if unknown:
            raise _Unsupported(f"pattern attributes {unknown}")
        self.attrs = used
        self.columns = [_STRING_ATTRS.get(a) or _BOOL_ATTRS[a] for a in used]
        self.tests: list[list[Predicate]] = [[] for _ in used]
        # (attr_id, match hash, elements); an element is its (attribute, test bit) pairs;
        # an entry's alternative patterns share both ids, as in the Matcher.
        self.patterns = [
            (attr_id, ruler.vocab.strings.add(str(attr_id)),
             tuple(self._element(spec) for spec in pattern))
            for attr_id, entry in enumerate(entries) for pattern in entry["patterns"]]
        if any(not elements for _, _, elements in self.patterns):
            raise _Unsupported("empty pattern")
        self._signatures: list[dict[int, int]] = [{} for _ in used]
        self._held: dict[tuple[int, ...], _Held] = {}

    def _element(self, spec: dict[str, Any]) -> tuple[tuple[int, int], ...]:
        pairs = []
        for name, value in spec.items():
            column = self.attrs.index(name)
            pairs.append((column, 1 << len(self.tests[column])))
            self.tests[column].append(_predicate(value))
        return tuple(pairs)

    def __call__(self, doc: Any) -> Any:
        self.ruler.set_annotations(doc, self.match(doc))
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)

    def match(self, doc: Any) -> list[tuple[int, int, int, int]]:
        """What ``AttributeRuler.match`` returns: sorted (attr_id, key hash, start, end)."""
        if not len(doc):
            return []
        rows = doc.to_array(self.columns).reshape(len(doc), -1).tolist()
        held = [self._token(row, doc) for row in rows]
        found: set[tuple[int, int, int, int]] = set()
        for start, (_, starts) in enumerate(held):
            for n in starts:
                attr_id, key, elements = self.patterns[n]
                end = start + len(elements)
                if end <= len(held) and all(
                        (n, k) in held[start + k][0] for k in range(1, len(elements))):
                    found.add((attr_id, key, start, end))
        return sorted(found)

    def _token(self, row: list[int], doc: Any) -> _Held:
        """The (pattern, element) pairs a token satisfies, and the patterns it can start."""
        signature = tuple(self._signature(column, value, doc)
                          for column, value in enumerate(row))
        held = self._held.get(signature)
        if held is None:
            pairs = frozenset(
                (n, k) for n, (_, _, elements) in enumerate(self.patterns)
                for k, tests in enumerate(elements)
                if all(signature[column] & bit for column, bit in tests))
            held = self._held[signature] = (pairs, tuple(sorted(n for n, k in pairs if not k)))
        return held

    def _signature(self, column: int, value: int, doc: Any) -> int:
        memo = self._signatures[column]
        signature = memo.get(value)
        if signature is None:
            if len(memo) >= MEMO_LIMIT:
                memo.clear()
            actual: Any = bool(value)  # booleans as 0/1, strings as hashes (0 for "")
            if self.attrs[column] not in _BOOL_ATTRS:
                actual = doc.vocab.strings[value] if value else ""
            signature = memo[value] = sum(
                1 << bit for bit, test in enumerate(self.tests[column]) if test(actual))
        return signature


def fast_attribute_ruler(ruler: Any) -> FastAttributeRuler | None:
    """The stand-in for ``ruler``, or ``None`` when its patterns use unsupported features."""
    try:
        return FastAttributeRuler(ruler)
    except _Unsupported:
        return None


class FastLemmatizer:
    """The model's rule ``lemmatizer``, computed once per distinct (ORTH, POS, MORPH).

    A first sight still costs: spaCy's rule path tests candidate forms against the
    ``lemma_index`` table, a list of tens of thousands of words, so one call took about
    0.3 ms (the profile's largest item after the networks). :meth:`_rules` is the same
    path with that list held as a set; the other paths call the stock method.

    The memo holds string-store hashes: it assumes the pipeline keeps its vocabulary (a
    change that swaps ``nlp.vocab`` must also empty ``_memo``).
    """

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self.rule_mode = lemmatizer.mode == "rule"
        self._index: dict[str, frozenset[str]] = {}
        self._memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Any) -> Any:
        if not len(doc):
            return doc
        array = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = array[:, 3].tolist()
        overwrite = bool(self.lemmatizer.overwrite)
        for i, (orth, pos, morph, lemma) in enumerate(array.tolist()):
            if lemma and not overwrite:
                continue  # set by the attribute ruler: the stock component keeps it too
            key = (orth, pos, morph)
            value = self._memo.get(key)
            if value is None:
                if len(self._memo) >= MEMO_LIMIT:
                    self._memo.clear()
                value = self._memo[key] = doc.vocab.strings.add(self._lemma(doc[i]))
            lemmas[i] = value
        doc.from_array([LEMMA], numpy.asarray(lemmas, dtype=numpy.uint64))
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)

    def _lemma(self, token: Any) -> str:
        pos = token.pos_.lower()
        stock = self.lemmatizer
        if not self.rule_mode or pos in ("", "eol", "space") or stock.is_base_form(token):
            return str(stock.lemmatize(token)[0])
        return self._rules(token.text, pos)

    def _rules(self, text: str, pos: str) -> str:
        """``Lemmatizer.rule_lemmatize`` after its early exits, with a set index: suffix
        rules whose result is a known word first (last rule first), then exceptions in
        front of those, then unknown results, then the word itself."""
        lookups = self.lemmatizer.lookups
        rules = lookups.get_table("lemma_rules", {}).get(pos, {})
        exceptions = lookups.get_table("lemma_exc", {}).get(pos, {})
        index = self._index.get(pos)
        if index is None:
            index = self._index[pos] = frozenset(
                lookups.get_table("lemma_index", {}).get(pos, ()))
        if not (index or exceptions or rules):
            return text if pos == "propn" else text.lower()
        lower = text.lower()
        forms: list[str] = []
        unknown: list[str] = []
        for old, new in rules:
            if lower.endswith(old):
                form = lower[: len(lower) - len(old)] + new
                if form and form in index:
                    forms.insert(0, form)
                elif form and not form.isalpha():
                    forms.append(form)
                elif form:
                    unknown.append(form)
        forms = list(dict.fromkeys(forms))
        for form in exceptions.get(lower, []):
            if form not in forms:
                forms.insert(0, form)
        return (forms or unknown or [text])[0]


# Attribute ids by name, for the test that compares whole token tables.
TOKEN_ATTRS = tuple(IDS[name] for name in (
    "ORTH", "TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD", "SENT_START", "ENT_IOB",
    "ENT_TYPE", "ENT_KB_ID"))
