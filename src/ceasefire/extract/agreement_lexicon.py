"""The agreement lexicon (``kb/data/agreements.yaml``), indexed, and word matching over it.

Words are matched on the same token forms the event triggers use
(:func:`ceasefire.extract.triggers.word_forms`: lemma, lower-case form, stems), so "signed",
"signing" and "signs" are all "sign".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, cast, get_args

import yaml

from ceasefire.errors import KnowledgeBaseError
from ceasefire.extract.triggers import word_forms
from ceasefire.kb import load_data
from ceasefire.schema import AgreementActionName, AgreementKind

__all__ = ["ActionWords", "AgreementLexicon", "load_agreement_lexicon", "match_at", "word_in"]

Token = Any  # spacy.tokens.Token; spaCy ships no type stubs
Seq = tuple[str, ...]

_FILE = "agreements.yaml"
# Words that may stand inside a multi-word item: "asked for extra time", "exchange of 200
# prisoners", "came into full force". Two at most, so that unrelated words never join.
_GAP_POS = frozenset({"DET", "ADJ", "NUM", "ADV"})
_MAX_GAP = 2


@dataclass(frozen=True, slots=True)
class ActionWords:
    """The words for one action of SCHEMA.md's vocabulary."""

    name: AgreementActionName
    where: str  # object | subject | none: where the agreement acted on is found
    verbs: frozenset[str]
    nouns: frozenset[str]
    phrases: tuple[Seq, ...]  # longest first


@dataclass(frozen=True, slots=True)
class AgreementLexicon:
    kind_heads: tuple[tuple[AgreementKind, tuple[Seq, ...]], ...]  # most specific kind first
    kind_modifiers: tuple[tuple[AgreementKind, frozenset[str]], ...]
    generic: tuple[Seq, ...]
    named_only: frozenset[str]
    not_modifiers: frozenset[str]
    references: frozenset[str]
    draft: frozenset[str]
    draft_nouns: frozenset[str]
    formal: frozenset[str]
    permanent: frozenset[str]
    actions: tuple[ActionWords, ...]
    mediating: frozenset[str]
    talks: frozenset[str]
    condition_nouns: tuple[Seq, ...]
    weak_conditions: frozenset[str]
    strong_modifiers: frozenset[str]
    condition_clauses: tuple[Seq, ...]
    hypothetical_governors: frozenset[str]
    accusing: frozenset[str]
    observing: frozenset[str]
    needs_object: frozenset[str]
    declaring: frozenset[str]
    parts: frozenset[str]
    leaving: frozenset[str]
    mediator_nouns: frozenset[str]  # "mediators from X and Y": the role, not an actor
    topic_shifts: tuple[Seq, ...]  # "Separately, ...": the report turns to another story
    exchange_verbs: frozenset[str]  # "swapped 146 prisoners": an exchange told by its verb
    exchange_objects: frozenset[str]
    cease_verbs: frozenset[str]  # "agreed to cease all attacks": a ceasefire by its verbs
    cease_objects: frozenset[str]
    in_force: ActionWords  # the entered_into_force words: what an exchange verb does
    head_words: frozenset[str]  # every word that can start an agreement name: the report filter
    # Action phrases by their first word, longest first, so that a token is tried only
    # against the phrases it can start (the pass reads every word of a report).
    phrases_by_first: dict[str, tuple[tuple[ActionWords, Seq], ...]]
    condition_first: frozenset[str]  # first words of condition nouns and clause markers
    verb_actions: dict[str, ActionWords]  # single verb -> its action (the first listing it)
    noun_actions: dict[str, ActionWords]


def _seqs(items: Iterable[str]) -> tuple[Seq, ...]:
    """Lower-case word sequences, longest first; an inner hyphen is a token of its own."""
    out: list[Seq] = []
    for item in items:
        words: list[str] = []
        for word in str(item).lower().split():
            parts = word.split("-") if "-" in word.strip("-") else [word]
            for n, part in enumerate(parts):
                words += ["-", part] if n else [part]
        out.append(tuple(w for w in words if w))
    return tuple(sorted(set(out), key=len, reverse=True))


def _set(items: Iterable[str] | None) -> frozenset[str]:
    return frozenset(str(i).lower() for i in items or ())


@cache
def load_agreement_lexicon() -> AgreementLexicon:
    """Read and index the agreement lexicon shipped with the package (once per process)."""
    try:
        return _build(load_data(_FILE))
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as err:
        raise KnowledgeBaseError(f"cannot read lexicon {_FILE}: {err}") from err


def _build(data: dict[str, Any]) -> AgreementLexicon:
    kinds = data["kinds"]
    for kind in kinds:
        if kind not in get_args(AgreementKind):
            raise ValueError(f"unknown agreement kind {kind!r}")
    heads = tuple((cast(AgreementKind, k), _seqs(v["heads"])) for k, v in kinds.items())
    generic = _seqs(data["generic"])
    conditions = data["conditions"]
    first = {seq[0] for _, seqs in heads for seq in seqs} | {seq[0] for seq in generic}
    actions = tuple(_action(name, entry) for name, entry in data["actions"].items())
    nouns, clauses = _seqs(conditions["nouns"]), _seqs(conditions["clauses"])
    return AgreementLexicon(
        kind_heads=heads,
        kind_modifiers=tuple((cast(AgreementKind, k), _set(v.get("modifiers")))
                             for k, v in kinds.items()),
        generic=generic,
        named_only=_set(data["named_only"]),
        not_modifiers=_set(data["not_modifiers"]),
        references=_set(data["references"]),
        draft=_set(data["stages"]["draft"]),
        draft_nouns=_set(data["stages"]["draft_nouns"]),
        formal=_set(data["stages"]["formal"]),
        permanent=_set(data["stages"]["permanent"]),
        actions=actions,
        mediating=_set(data["mediating"]),
        talks=_set(data["talks"]),
        condition_nouns=nouns,
        weak_conditions=_set(conditions["weak"]),
        strong_modifiers=_set(conditions["strong_modifiers"]),
        condition_clauses=clauses,
        hypothetical_governors=_set(data["hypothetical_governors"]),
        accusing=_set(data["accusing"]),
        observing=_set(data["observing"]),
        needs_object=_set(data["needs_object"]),
        declaring=_set(data["declaring"]),
        parts=_set(data["parts"]),
        leaving=_set(data["leaving"]),
        mediator_nouns=_set(data["mediator_nouns"]),
        topic_shifts=_seqs(data["topic_shifts"]),
        exchange_verbs=_set(data["exchanging"]["verbs"]),
        exchange_objects=_set(data["exchanging"]["objects"]),
        cease_verbs=_set(data["ceasing"]["verbs"]),
        cease_objects=_set(data["ceasing"]["objects"]),
        in_force=next(a for a in actions if a.name == "entered_into_force"),
        head_words=frozenset(first) | _set(data["named_only"])
        | _set(data["stages"]["draft_nouns"]) | _set(data["exchanging"]["verbs"])
        | _set(data["ceasing"]["verbs"]),
        phrases_by_first=_by_first(actions),
        condition_first=frozenset(seq[0] for seq in nouns + clauses),
        verb_actions=_first_listing(actions, "verbs"),
        noun_actions=_first_listing(actions, "nouns"),
    )


def _first_listing(actions: tuple[ActionWords, ...], key: str) -> dict[str, ActionWords]:
    table: dict[str, ActionWords] = {}
    for words in actions:
        for word in getattr(words, key):
            table.setdefault(word, words)
    return table


def _by_first(actions: tuple[ActionWords, ...]) -> dict[str, tuple[tuple[ActionWords, Seq], ...]]:
    table: dict[str, list[tuple[ActionWords, Seq]]] = {}
    for words in actions:
        for seq in words.phrases:
            table.setdefault(seq[0], []).append((words, seq))
    return {k: tuple(sorted(v, key=lambda item: -len(item[1]))) for k, v in table.items()}


def _action(name: str, entry: dict[str, Any]) -> ActionWords:
    if name not in get_args(AgreementActionName):
        raise ValueError(f"unknown agreement action {name!r}")
    where = entry.get("where", "object")
    if where not in ("object", "subject", "none"):
        raise ValueError(f"action {name}: where must be object, subject or none")
    return ActionWords(cast(AgreementActionName, name), where, _set(entry.get("verbs")),
                       _set(entry.get("nouns")), _seqs(entry.get("phrases", ())))


# --------------------------------------------------------------------------- matching


def word_in(token: Token, words: frozenset[str]) -> bool:
    return any(form in words for form in word_forms(token))


def _is(token: Token, word: str) -> bool:
    return word in word_forms(token) or token.lower_ == word


def match_at(token: Token, seq: Seq, end: int, *, gaps: bool = True) -> list[Token] | None:
    """The tokens of ``seq`` matched from ``token`` on (before token index ``end``), with up
    to :data:`_MAX_GAP` determiners, adjectives, numbers or adverbs between two words."""
    doc = token.doc
    if not _is(token, seq[0]):
        return None
    found, j = [token], token.i
    for word in seq[1:]:
        k, skipped = j + 1, 0
        while k < end and not _is(doc[k], word):
            if not gaps or skipped >= _MAX_GAP or doc[k].pos_ not in _GAP_POS:
                return None
            k, skipped = k + 1, skipped + 1
        if k >= end:
            return None
        found.append(doc[k])
        j = k
    return found


def first_match(token: Token, seqs: Sequence[Seq], end: int, *, gaps: bool = True
                ) -> list[Token] | None:
    """The longest item of ``seqs`` that matches from ``token`` on."""
    for seq in seqs:
        found = match_at(token, seq, end, gaps=gaps)
        if found is not None:
            return found
    return None
