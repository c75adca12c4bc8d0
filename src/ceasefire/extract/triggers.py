"""Event triggers: the words that name an event, typed, with the clause's status and speaker.

A trigger is a verb ("shelled", "agreed"), an event noun ("clashes", "talks"), a multi-word
expression ("took control of", "opened fire") or a light verb with its noun ("carried out an
airstrike", "held talks"). Each is typed from ``kb/data/events.yaml`` in three ontologies at
once: a PLOVER type (with a mode where PLOVER defines one), a CAMEO root code and an ACLED
(event type, sub-event type). Steps, per sentence:

1. candidates: phrases first (longest match), then single verbs and nouns; a verb whose
   meaning depends on its object ("seize a town" / "seize weapons" / "seize two soldiers")
   is typed by the object's word class; a common noun with a subject of its own is a verb
   the model mis-tagged ("gunmen shot and injured", "shot" as a noun); a finite verb,
   or a participle in a sentence left with no verb, that the parser made a modifier of
   its object is a verb ("troops on Monday captured X");
2. light verbs take their noun's type ("launched an offensive" is one ASSAULT event);
3. the topic rule: a noun counts only when the text asserts the event (see the YAML header:
   subject of an occurrence verb, object of a light verb, a casualty verb's "in" phrase, a
   time or place modifier, named participants); "a conference on security" is no event;
4. one event, one trigger: a casualty verb that reports the outcome of another violent
   trigger ("pounded the village, killing six", "killed in an airstrike") is absorbed, and so
   is an event noun that is the object or subject of a verb trigger of the same type; a verb
   that only says an event noun's event took place ("the attack occurred in X", "clashes
   broke out", "there was an explosion", "the raid left nine dead", "the attack carried out
   on Monday", "the bombing claimed 14 lives") or the verb of aspect a verb trigger
   completes ("began attacking", "began the morning with an assault", "responded by
   shelling") is kept in ``Trigger.absorbed`` too, and so are a verb of dying that names
   the violence as its cause ("died in clashes"), a participle that states a violent act's
   toll or what it set off ("attacked the hotel, leaving 17 dead", "..., prompting troops
   to return fire"), "had a firefight with X" and "was part of a rash of raids";
5. violence caused by a disaster or an accident ("floods killed 77") is dropped; armed
   forces as the doer ("troops destroyed a factory") rule out an accident, not a disaster;
6. context rules refine type, mode and ACLED sub-type (weapons, victims); protests are typed
   per sentence (peaceful, with intervention, excessive force, violent); who takes territory
   (state forces or not) comes from the actor records, the subject's words or whom it was
   taken from; ordinary crime keeps its PLOVER type but no ACLED type;
7. status from the dependency parse: negated > hypothetical > planned > claimed > asserted,
   and the speaker of reported speech as an actor id.

Status conventions: "claimed" is the complement of a verb of saying (or "according to")
whose speaker is not the reporter (first person); ``attributed_to`` names that speaker's
actor whenever the event sits in reported speech, whatever its final status (a claimed plan
is "planned", attributed to whoever announced it). An announced refusal ("said he would not
sign", "will not attend") is a REJECT event, not a negated signing. As PLOVER says, an
actor's cooperative action in the future tense is an intention, AGREE (CAMEO 03: "will
attend a summit" is AGREE, planned), a conflictual one a THREATEN (CAMEO 13), and "X said Y
must leave" is X's REQUEST (CAMEO 10); planned events without an acting subject keep their
type ("the talks will resume": CONSULT, planned). Complements of intent verbs ("agreed to
hold talks", "plans to", "is expected to") and future or modal auxiliaries are planned;
complements of requests and threats ("urged them to sign") and conditional clauses ("if he
leaves the area") are hypothetical; complements of "fail", "refuse", "deny" and a "not" or
"no" on the trigger's own clause are negated.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import yaml
from spacy.attrs import LEMMA, LOWER, TAG
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ceasefire.errors import KnowledgeBaseError
from ceasefire.kb import load_data
from ceasefire.nlp import doc_sents, doc_text
from ceasefire.schema import Actor, EventStatus, Span

__all__ = [
    "EventLexicon",
    "Trigger",
    "find_triggers",
    "load_lexicon",
    "main_trigger",
    "text_context",
]

_LEXICON_FILE = "events.yaml"


@dataclass(frozen=True, slots=True)
class Trigger:
    """One event named in the text, before its arguments (roles, place, date) are found."""

    head: int  # token index (doc[head]) of the trigger's head word: the verb of a light-verb
    #            construction ("carried out an airstrike"), else the verb or the noun itself
    span: Span  # the trigger words as a Span into doc.text
    type: str  # PLOVER type
    mode: str | None  # PLOVER mode where the type defines one
    cameo: str | None  # CAMEO root code, two digits, e.g. "04"
    acled: tuple[str, str] | None  # (ACLED event type, sub-event type)
    status: EventStatus  # asserted|claimed|planned|negated|hypothetical
    attributed_to: str | None  # actor id of the speaker/outlet, when in reported speech
    sentence: int = 0  # index of the trigger's sentence in doc.sents
    depth: int = 0  # clause levels between the head and its sentence's root (0 = main clause;
    #                 an event noun not carried by a light verb counts one level lower)
    # Words of the text this trigger's event took in rather than typing an event of their
    # own: a casualty verb reporting its outcome ("killed" in "killed in an airstrike"), an
    # event noun restating it ("fought a battle"), the object that typed the verb, a verb
    # that only says the event happened ("occurred" in "the attack occurred in X").
    absorbed: tuple[Span, ...] = ()


def main_trigger(triggers: Sequence[Trigger]) -> Trigger | None:
    """The event a text is mainly about, for sentence-level gold labels.

    The trigger of the earliest sentence that has one, in the highest clause of that
    sentence (fewest clause levels below the root: "X refused to sign" is a refusal, "the
    army said rebels attacked" an attack), the first in text order among equals. ``None``
    when there is no trigger.
    """
    if not triggers:
        return None
    return min(triggers, key=lambda t: (t.sentence, t.depth, t.span.start))


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True, slots=True)
class Sense:
    """One kind of event: its type in each ontology."""

    name: str
    type: str
    mode: str | None
    cameo: str | None
    acled: tuple[str, str] | None


@dataclass(frozen=True, slots=True)
class Words:
    """A word class: single lemmas and multi-word lemma sequences."""

    single: frozenset[str]
    multi: tuple[tuple[str, ...], ...]

    @property
    def by_first(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """The multi-word items by their first word, so a token is tried only against the
        sequences that can start with it (built once per Words, kept in a module table)."""
        table = _BY_FIRST.get(id(self))
        if table is None or table[0] is not self:
            grouped: dict[str, list[tuple[str, ...]]] = {}
            for seq in self.multi:
                grouped.setdefault(seq[0], []).append(seq)
            table = _BY_FIRST[id(self)] = (self, {k: tuple(v) for k, v in grouped.items()})
        return table[1]


# Words instances live as long as the cached lexicon, so this table stays small and fixed.
_BY_FIRST: dict[int, tuple[Words, dict[str, tuple[tuple[str, ...], ...]]]] = {}


@dataclass(frozen=True, slots=True)
class Rule:
    """A context rule of ``refine``: where to look, what for, and what it sets."""

    name: str
    senses: frozenset[str] | None
    where: str
    words: Words
    also: Words | None
    also_where: str
    exclude: Words | None
    sense: str | None
    fields: tuple[tuple[str, Any], ...]


@dataclass(frozen=True, slots=True)
class StatusWords:
    reporting_verbs: frozenset[str]
    reporting_nouns: frozenset[str]
    first_person: frozenset[str]
    future_aux: frozenset[str]
    conditional_aux: frozenset[str]
    modal_aux: frozenset[str]
    intent_verbs: frozenset[str]
    request_verbs: frozenset[str]
    negating_verbs: frozenset[str]
    negators: frozenset[str]
    conditional_marks: Words
    planned_modifiers: frozenset[str]


@dataclass(frozen=True, slots=True)
class EventLexicon:
    """``kb/data/events.yaml``, indexed for lookup."""

    senses: dict[str, Sense]
    verbs: dict[str, str]  # verb lemma -> sense name
    nouns: dict[str, str]  # noun lemma -> sense name
    phrases: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # first word -> longest first
    by_object: dict[str, dict[str, str]]  # verb lemma -> object class -> sense or "none"
    light: frozenset[str]
    occurrence: frozenset[str]
    casualty: frozenset[str]
    purpose: frozenset[str]
    weak: frozenset[str]
    participation: frozenset[str]
    outcome: frozenset[str]
    actual: frozenset[str]
    classes: dict[str, Words]
    rules: tuple[Rule, ...]
    status: StatusWords
    contexts: dict[str, Words]
    irregular: dict[str, str]  # irregular verb form -> lemma


def _words(items: Iterable[str]) -> Words:
    """Split a word list into single lemmas and sequences; "cease-fire" is three tokens."""
    single: set[str] = set()
    multi: list[tuple[str, ...]] = []
    for item in items:
        parts = tuple(_split(item.lower()))
        if len(parts) == 1:
            single.add(parts[0])
        else:
            multi.append(parts)
    return Words(frozenset(single), tuple(sorted(multi, key=len, reverse=True)))


def _split(item: str) -> Iterator[str]:
    """Words as spaCy tokenizes them: an inner hyphen is a token of its own."""
    for word in item.split():
        pieces = word.split("-") if "-" in word.strip("-") else [word]
        for m, piece in enumerate(pieces):
            if m:
                yield "-"
            if piece:
                yield piece


@cache
def load_lexicon() -> EventLexicon:
    """Read and index the event lexicon shipped with the package (once per process)."""
    try:
        return _build(load_data(_LEXICON_FILE))
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as err:
        raise KnowledgeBaseError(f"cannot read lexicon {_LEXICON_FILE}: {err}") from err


def _build(data: dict[str, Any]) -> EventLexicon:
    senses = {name: _sense(name, entry) for name, entry in data["senses"].items()}
    classes = {name: _words(items) for name, items in data["classes"].items()}
    verbs, nouns, phrases = _index_words(data["senses"])
    by_object = {verb: dict(table) for verb, table in data["by_object"].items()}
    for table in by_object.values():
        unknown = [s for s in table.values() if s != "none" and s not in senses]
        if unknown or any(c not in ("default", "object") and c not in classes for c in table):
            raise ValueError(f"by_object refers to unknown senses or classes: {table}")
    return EventLexicon(
        senses=senses, verbs=verbs, nouns=nouns, phrases=phrases, by_object=by_object,
        light=frozenset(data["light_verbs"]),
        occurrence=frozenset(data["occurrence_verbs"]),
        casualty=frozenset(data["casualty_verbs"]),
        purpose=frozenset(data["purpose_verbs"]),
        weak=frozenset(data["weak_nouns"]),
        participation=frozenset(data["participation_verbs"]),
        outcome=frozenset(data["outcome_verbs"]),
        actual=frozenset(data["actual_modifiers"]),
        classes=classes,
        rules=tuple(_rule(entry, classes, senses) for entry in data["refine"]),
        status=_status_words(data["status"]),
        contexts={name: _words(items) for name, items in data["contexts"].items()},
        irregular={str(k): str(v) for k, v in data["irregular"].items()},
    )


def _sense(name: str, entry: dict[str, Any]) -> Sense:
    acled = entry.get("acled")
    return Sense(name, entry["type"], entry.get("mode"), entry.get("cameo"),
                 (acled[0], acled[1]) if acled else None)


def _index_words(
    entries: dict[str, dict[str, Any]],
) -> tuple[dict[str, str], dict[str, str], dict[str, tuple[tuple[tuple[str, ...], str], ...]]]:
    """Verb and noun lemmas -> sense (the first sense listing a word keeps it), phrases by
    their first word, longest first."""
    verbs: dict[str, str] = {}
    nouns: dict[str, str] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for name, entry in entries.items():
        for key, table in (("verbs", verbs), ("nouns", nouns), ("phrases", None)):
            words = _words(entry.get(key, ()))
            for word in words.single:
                if table is None:
                    phrases.setdefault(word, []).append(((word,), name))
                else:
                    table.setdefault(word, name)
            for seq in words.multi:
                phrases.setdefault(seq[0], []).append((seq, name))
    ordered = {k: tuple(sorted(v, key=lambda p: -len(p[0]))) for k, v in phrases.items()}
    return verbs, nouns, ordered


def _class_ref(value: Any, classes: dict[str, Words]) -> Words:
    """``"@name"`` names a class; a list is a literal word list."""
    if isinstance(value, str) and value.startswith("@"):
        return classes[value[1:]]
    return _words(value)


def _rule(entry: dict[str, Any], classes: dict[str, Words], senses: dict[str, Sense]) -> Rule:
    sets = dict(entry["set"])
    sense = sets.pop("sense", None)
    if sense is not None and sense not in senses:
        raise ValueError(f"rule {entry['name']!r} switches to unknown sense {sense!r}")
    if sets.get("acled"):
        sets["acled"] = tuple(sets["acled"])
    names = entry.get("senses")
    also = entry.get("also")
    return Rule(
        name=entry["name"],
        senses=frozenset(names) if names else None,
        where=entry["where"],
        words=_class_ref(entry["words"], classes),
        also=_class_ref(also, classes) if also else None,
        also_where=entry.get("also_where", entry["where"]),
        exclude=_class_ref(entry["not"], classes) if "not" in entry else None,
        sense=sense,
        fields=tuple(sets.items()),
    )


def _status_words(data: dict[str, Any]) -> StatusWords:
    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data[key])

    return StatusWords(
        reporting_verbs=words("reporting_verbs"), reporting_nouns=words("reporting_nouns"),
        first_person=words("first_person"), future_aux=words("future_aux"),
        conditional_aux=words("conditional_aux"), modal_aux=words("modal_aux"),
        intent_verbs=words("intent_verbs"), request_verbs=words("request_verbs"),
        negating_verbs=words("negating_verbs"), negators=words("negators"),
        conditional_marks=_words(data["conditional_marks"]),
        planned_modifiers=words("planned_modifiers"),
    )


# --------------------------------------------------------------------------- word tests

_VERB_POS = frozenset({"VERB"})
_NOUN_POS = frozenset({"NOUN", "PROPN"})
# Words that may stand between the words of a phrase: "took full control", "lifted a night
# curfew", "opened fraud investigations", "blew themselves up".
_GAP_POS = frozenset({"DET", "ADJ", "NUM", "ADV", "PART"})
_GAP_DEPS = frozenset({"det", "amod", "compound", "nummod", "poss", "case", "advmod", "nmod",
                       "quantmod", "dative", "npadvmod"})
_MAX_GAP = 3  # calibration: "took (the) (full) (military) control" needs three, more let
#               unrelated words join a phrase.


_INFLECTED = {"VBD": ("ed",), "VBN": ("ed",), "VBG": ("ing",), "VBZ": ("es", "s"),
              "NNS": ("es", "s"), "NNPS": ("es", "s"), "NNP": ("s",)}


_FORMS_KEY = "ceasefire.triggers.forms"


def _forms(token: Token) -> tuple[str, ...]:
    """The forms of a token (see :func:`_doc_forms`)."""
    return _doc_forms(token.doc)[token.i]


def _doc_forms(doc: Doc) -> list[tuple[str, ...]]:
    """The forms of every token, by token index, computed once per Doc: every rule asks for
    them (~5,000 times a report), and the candidate search reads every token anyway. Kept
    in the Doc's own user_data, so they go when the Doc goes. Loops over many tokens take
    the list once and index it, which costs a third of a call per token."""
    forms: list[tuple[str, ...]] | None = doc.user_data.get(_FORMS_KEY)
    if forms is None:
        forms = doc.user_data[_FORMS_KEY] = _all_forms(doc)
    return forms


# The forms are a function of (LEMMA, LOWER, TAG) alone, and most tokens of a report repeat
# a key seen before ("the", "said"): memoised on the string hashes (the same in every
# vocabulary). Bounded like the model's memos: ~200 bytes an entry, emptied when full.
_FORMS_MEMO: dict[tuple[int, int, int], tuple[str, ...]] = {}
_FORMS_MEMO_LIMIT = 100_000


def _all_forms(doc: Doc) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for i, (lemma, lower, tag) in enumerate(doc.to_array([LEMMA, LOWER, TAG]).tolist()):
        key = (lemma, lower, tag)
        forms = _FORMS_MEMO.get(key)
        if forms is None:
            if len(_FORMS_MEMO) >= _FORMS_MEMO_LIMIT:
                _FORMS_MEMO.clear()
            forms = _FORMS_MEMO[key] = _compute_forms(doc[i])
        out.append(forms)
    return out


def _compute_forms(token: Token) -> tuple[str, ...]:
    """Lemma, lower-case text, and for inflected words the stems a suffix strip gives: the
    small model's lemmatizer misses some ("staged" -> "stag")."""
    lemma, lower = token.lemma_.lower(), token.lower_
    lemma = load_lexicon().irregular.get(lower, lemma)
    suffixes = _INFLECTED.get(token.tag_)
    if not suffixes:
        return lemma, lower
    stems = [lower[: -len(x)] for x in suffixes if lower.endswith(x) and len(lower) > len(x) + 2]
    stems += [stem + "e" for stem in stems if not stem.endswith("e")]
    return (lemma, lower, *stems)


def _is(token: Token, word: str) -> bool:
    return word in _forms(token)


def _in(token: Token, words: frozenset[str]) -> bool:
    # ``isdisjoint`` tests the forms in C: ~4x faster than a generator over them.
    return not words.isdisjoint(_forms(token))


def _has_words(tokens: Sequence[Token], words: Words) -> bool:
    """Whether any single word or word sequence of ``words`` occurs among ``tokens``
    (sequences must be contiguous in the document and lie wholly among ``tokens``)."""
    if not tokens:
        return False
    single, forms = words.single, _doc_forms(tokens[0].doc)
    for token in tokens:
        if not single.isdisjoint(forms[token.i]):
            return True
    return bool(_sequences(tokens, words))


def _sequences(tokens: Sequence[Token], words: Words) -> list[Token]:
    """The tokens that start an occurrence of one of the multi-word items of ``words``."""
    if not words.multi or not tokens:
        return []
    by_first = words.by_first
    # Most scopes hold no first word at all: test that in C before building anything.
    firsts, forms = by_first.keys(), _doc_forms(tokens[0].doc)
    starts = [token for token in tokens if not firsts.isdisjoint(forms[token.i])]
    if not starts:
        return []
    doc, present = tokens[0].doc, {t.i for t in tokens}
    return [token for token in starts
            if any(_sequence_at(doc, token.i, seq, present)
                   for form in forms[token.i] for seq in by_first.get(form, ()))]


def _sequence_at(doc: Doc, i: int, seq: tuple[str, ...], present: set[int]) -> bool:
    end = i + len(seq)
    return end <= len(doc) and all(
        k in present and _is(doc[k], w) for k, w in zip(range(i, end), seq, strict=True))


# --------------------------------------------------------------------------- candidates


@dataclass(slots=True)
class _Cand:
    """A trigger being built: its head, its words and its current sense."""

    head: Token
    tokens: list[Token]
    sense: str
    kind: str  # "verb" or "noun"
    light: Token | None = None  # the light verb that carries this noun, if any
    absorbed: list[Token] = field(default_factory=list)


def _phrase_at(
    doc: Doc, i: int, words: tuple[str, ...], end: int, lex: EventLexicon
) -> list[int] | None:
    """Token indices of ``words`` matched from ``doc[i]`` on, allowing short gaps."""
    found, j = [i], i
    for word in words[1:]:
        k, gaps = j + 1, 0
        while k < end and not _is(doc[k], word):
            if not _gap(doc[k], lex) or gaps >= _MAX_GAP:
                return None
            # A hyphen only joins two words of one modifier ("a four-day strike").
            k, gaps = k + 1, gaps + (doc[k].text != "-")
        if k >= end:
            return None
        found.append(k)
        j = k
    return found


def _gap(token: Token, lex: EventLexicon) -> bool:
    """A word that may stand inside a phrase, unless it starts a phrase of its own ("went on
    a hunger strike" is a hunger strike, not a strike)."""
    if token.pos_ in _NOUN_POS and any(
            _first_phrase(token.doc, token.i, lex.phrases.get(f, ()), len(token.doc), set(),
                          lex) for f in _forms(token)):
        return False  # only a phrase that matches here: "a hand grenade" is no "hand over"
    return token.pos_ in _GAP_POS or token.tag_ == "PRP$" or token.dep_ in _GAP_DEPS or (
        token.text == "-")


def _phrase_head(tokens: list[Token]) -> Token:
    """The matched word the others depend on (its head lies outside the phrase)."""
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in inside or token.head.i == token.i:
            return token
    return tokens[0]


def _phrases(sent: SpacySpan, lex: EventLexicon) -> list[_Cand]:
    found: list[_Cand] = []
    used: set[int] = set()
    doc = sent.doc
    for token in sent:
        if token.i in used:
            continue
        for key in dict.fromkeys(_forms(token)):
            match = _first_phrase(doc, token.i, lex.phrases.get(key, ()), sent.end, used, lex)
            if match is not None:
                tokens, sense = match
                head = _phrase_head(tokens)
                if head.pos_ not in ("VERB", "AUX", "NOUN", "PROPN"):  # "remained on alert"
                    head = head.head
                kind = "verb" if head.pos_ in _VERB_POS or head.pos_ == "AUX" else "noun"
                found.append(_Cand(head, tokens, sense, kind))
                used.update(t.i for t in tokens)
                break
    return found


def _first_phrase(
    doc: Doc,
    i: int,
    entries: Iterable[tuple[tuple[str, ...], str]],
    end: int,
    used: set[int],
    lex: EventLexicon,
) -> tuple[list[Token], str] | None:
    for words, sense in entries:
        if len(words) == 1:
            continue  # single words are matched by part of speech, below
        found = _phrase_at(doc, i, words, end, lex)
        if found is not None and not used.intersection(found):
            return [doc[k] for k in found], sense
    return None


def _single(token: Token, lex: EventLexicon, *, nested: bool = False) -> _Cand | None:
    forms = _forms(token)
    if token.pos_ in _VERB_POS and _adjectival(token):
        return None
    if token.pos_ in _VERB_POS:
        particles = [c.lower_ for c in token.children if c.dep_ == "prt" or (
            c.dep_ == "prep" and c.lower_ in ("out", "back", "off"))]
        keys = [f"{f} {p}" for f in forms for p in particles] + list(forms)
        if _attempt(token) or _no_comment(token) or _accord(token):
            return None
        if not nested:
            if token.dep_ == "xcomp" and _coercive_order(token.head, lex):
                return None  # the order carries this act (see `_coercive_order`)
            ordered = _coercive_order(token, lex)
            if ordered is not None:
                return _Cand(token, [token], ordered[0], "verb", absorbed=[ordered[1]])
        table = next((lex.by_object[k] for k in keys if k in lex.by_object), None)
        if table is None:
            sense = next((lex.verbs[f] for f in forms if f in lex.verbs), None)
            return _Cand(token, [token], sense, "verb") if sense else None
        sense, obj = _by_object(token, table, lex)
        if _in(token, _ENTRY_VERBS) and sense is None and _entered_name(token):
            sense = table.get("territory")
        if sense is None or (_in(token, _ENTRY_VERBS) and not _armed_doer(token, lex)):
            return None
        # The object that typed the verb is part of this event ("lifted the curfew").
        return _Cand(token, [token], sense, "verb", absorbed=[obj] if obj is not None else [])
    if _verb_as_noun(token):
        sense = next((lex.verbs[f] for f in forms if f in lex.verbs), None)
        return _Cand(token, [token], sense, "verb") if sense else None
    # A capitalised first word is often tagged as a name ("Talks in Russia ...").
    if (token.pos_ in _NOUN_POS and (
            token.pos_ == "NOUN" or token.ent_iob_ == "O" or token.is_sent_start)) or (
            _nominal_adjective(token)):
        sense = next((lex.nouns[f] for f in forms if f in lex.nouns), None)
        return _Cand(token, [token], sense, "noun") if sense else None
    return None


def _verb_as_noun(token: Token) -> bool:
    """A verb the small model tags as a noun ("gunmen shot and injured a man", "police shot
    at a car": "shot" as NN): a common noun with a subject of its own and no copula is the
    verb of its clause."""
    return token.tag_ == "NN" and any(c.dep_ == "nsubj" for c in token.children) and not any(
        c.dep_ in ("cop", "aux", "auxpass") for c in token.children)


def _doer_word(token: Token, lex: EventLexicon) -> bool:
    """Armed forces or an armed group by their head word, aircraft, or a named group."""
    words = [lex.classes[n] for n in ("state_forces", "nonstate_forces", "armed_group",
                                      "attackers", "aircraft")]
    return token.ent_type_ in ("NORP", "ORG") or any(_has_words([token], w) for w in words)


def _nominal_adjective(token: Token) -> bool:
    """A word tagged as an adjective that stands as a noun phrase with its determiner:
    "launched an offensive" (the small model tags "offensive" ADJ even as an object)."""
    after_hyphen = token.i > 0 and token.doc[token.i - 1].text == "-"  # "counter-offensive"
    return token.pos_ == "ADJ" and token.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") and (
        after_hyphen or any(c.dep_ == "det" for c in token.children))


# Verbs of going into a place: force only when armed forces go in ("troops entered the
# town"; "refugees entered the country" is no event).
_ENTRY_VERBS = frozenset({"enter"})


def _armed_doer(verb: Token, lex: EventLexicon) -> bool:
    """Whether the verb's subject (or, for "tried to enter", its governor's) is an armed
    force by its head word or a word compounded to it ("Jaysh al-X entered Y"), or a named
    organisation or group ("the YPG entered X")."""
    node = _controller(verb)
    subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
    # a group's name may start with the word that says it is armed ("Jaysh al-X", whose
    # head the model takes for a person's name)
    subjects += [c for s in subjects for c in s.children if c.dep_ == "compound"]
    # "a convoy of army tanks", "units of the army": the "of" phrase says who goes in
    subjects += [w for s in subjects for p in s.children if p.dep_ == "prep" and p.lower_ == "of"
                 for o in p.children if o.dep_ == "pobj"
                 for w in (o, *(c for c in o.children if c.dep_ == "compound"))]
    armed = [lex.classes[n] for n in ("state_forces", "nonstate_forces", "armed_group")]
    return any(s.ent_type_ in ("ORG", "NORP") or any(_has_words([s], w) for w in armed)
               for s in subjects)


def _controller(verb: Token) -> Token:
    """The verb whose subject does what ``verb`` says when ``verb`` has none of its own: "X
    is expected to enter" (X, the passive subject of "expected"), "X looks to enter" (an
    infinitive the parser attaches as a clause of purpose), "X is in position to enter" and
    "X made a push to take and enter" (an infinitive on a noun, read through the noun's
    verb)."""
    node = verb
    while not any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children) and (
            node.head.i != node.i):
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children)
        if node.dep_ in ("xcomp", "conj") or (node.dep_ == "advcl" and infinitive):
            node = node.head
        elif node.dep_ == "acl" and infinitive and node.head.pos_ == "NOUN":
            noun = node.head
            if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
                noun = noun.head  # "in position to enter": the noun's preposition
            if noun.dep_ not in ("dobj", "prep") or noun.head.pos_ not in ("VERB", "AUX"):
                break
            node = noun.head
        else:
            break
    return node


def _entered_name(verb: Token) -> bool:
    """A name that armed forces enter is a place, whatever entity the small model reads in
    it ("entered Al-Bab", tagged as a person's name or a nationality): one enters places."""
    return any(c.dep_ == "dobj" and c.pos_ == "PROPN" and c.ent_type_ not in _TIME_ENTS
               for c in verb.children)


# "sought to mend ties", "seeks to expand trade": seeking *to do* something is the actor's
# own attempt (its complement is the event, made planned by `intent_verbs`), while
# "sought help", "seeks the release of" ask something of others (REQUEST).
_ATTEMPT_VERBS = frozenset({"seek"})


def _attempt(verb: Token) -> bool:
    return _in(verb, _ATTEMPT_VERBS) and not any(
        c.dep_ in ("dobj", "nsubjpass") for c in verb.children) and any(
        c.dep_ == "xcomp" for c in verb.children)


# "declined to comment", "refused to give details": a refusal to speak is a statement
# (CAMEO 011, decline comment), which PLOVER does not code, not a rejection of anything.
_SPEECH_COMPLEMENTS = frozenset({"comment", "elaborate", "say", "confirm", "discuss",
                                 "speculate", "specify", "disclose",
                                 "reveal", "identify", "name", "detail", "speak"})


def _no_comment(verb: Token) -> bool:
    if verb.lemma_.lower() not in ("decline", "refuse"):
        return False
    return any(c.dep_ == "xcomp" and _in(c, _SPEECH_COMPLEMENTS) for c in verb.children)


def _accord(verb: Token) -> bool:
    """"said they agree with the committee", "agreed with him that ...": agreeing with
    someone's view is a statement (CAMEO 019, express accord; PLOVER has no event for
    it), unlike agreeing to do something, on something, or to a deal."""
    if verb.lemma_.lower() != "agree":
        return False
    kids = list(verb.children)
    with_someone = any(c.dep_ == "prep" and c.lower_ == "with" for c in kids)
    committed = any(c.dep_ in ("xcomp", "dobj") or (
        c.dep_ == "prep" and c.lower_ in ("on", "to", "upon")) for c in kids)
    return with_someone and not committed


def _coercive_order(verb: Token, lex: EventLexicon) -> tuple[str, Token] | None:
    """"ordered the newspaper to suspend publication": an authority's order of a coercive
    act is that act (CAMEO codes the closure, by whoever ordered it), so the order verb
    takes the sense of its complement, and the complement is no trigger of its own. The
    sense and the complement, or ``None``."""
    if verb.pos_ not in _VERB_POS or not _in(verb, _ORDER_VERBS):
        return None
    for comp in (c for c in verb.children if c.dep_ == "xcomp"):
        cand = _single(comp, lex, nested=True)
        if cand is not None and cand.sense and lex.senses[cand.sense].type == "COERCE":
            return cand.sense, comp
    return None


_ORDER_VERBS = frozenset({"order"})


def _adjectival(verb: Token) -> bool:
    """A participle used as an adjective names no event: "the captured town", "Saudi-backed
    forces". A past or present tense form (VBD, VBP, VBZ) is finite, never an adjective:
    the small model attaches "early Friday captured Sirte" as a compound of its object, but
    it is a verb; so are the participles of `_finite_modifier`."""
    after_hyphen = verb.i > 0 and verb.doc[verb.i - 1].text == "-"
    if _finite_modifier(verb):
        return False
    return verb.dep_ in ("amod", "compound") or after_hyphen


def _finite_modifier(verb: Token) -> bool:
    """A finite verb the parser attached as a modifier of the noun after it ("captured
    Sirte" as a compound of "Sirte"), or a participle so attached right after another verb
    and a conjunction ("murdered and tortured villagers"), in a sentence with no verb
    (`_verbless_clause`) or after "be" (`_lost_progressive`): that noun is its object."""
    if verb.dep_ not in ("amod", "compound") or verb.head.i < verb.i:
        return False
    doc, i = verb.doc, verb.i
    coordinated = i > 1 and doc[i - 1].pos_ == "CCONJ" and doc[i - 2].tag_ in ("VBD", "VBN")
    # a present-tense form is finite too ("students detonate fireworks", "detonate" a
    # compound of "fireworks")
    return verb.tag_ in ("VBD", "VBP", "VBZ") or (verb.tag_ == "VBN" and (
        coordinated or _verbless_clause(verb))) or _lost_progressive(verb)


def _verbless_clause(verb: Token) -> bool:
    """A participle the parser made a modifier of the noun after it in a sentence it left
    with no verb at all, its root a noun that names a doer ("Government troops on Monday
    captured X": root "troops", "captured" a modifier of "X"): it is the sentence's verb.
    Not "the captured town" (the noun's own determiner stands before the participle)."""
    root = verb.sent.root
    if root.pos_ not in _NOUN_POS or root.i > verb.i or any(
            c.i < verb.i for c in verb.head.children):
        return False
    lex = load_lexicon()
    return root.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or any(
        _doer_word(t, lex) for t in (root, *root.children) if t.i < verb.i)


def _lost_progressive(verb: Token) -> bool:
    """"peacekeepers are now patrolling villages": the parser reads "patrolling" as a
    modifier of "villages", the complement of "are"; a present participle right after a
    form of "be" (an adverb may stand between) is the progressive verb of that clause."""
    be = verb.head.head
    if verb.tag_ != "VBG" or verb.head.dep_ != "attr" or be.lemma_ != "be" or be.i > verb.i:
        return False
    return all(t.pos_ == "ADV" for t in verb.doc[be.i + 1:verb.i])


def _candidates(sent: SpacySpan, lex: EventLexicon) -> list[_Cand]:
    found = _phrases(sent, lex)
    taken = {t.i for c in found for t in c.tokens}
    for token in sent:
        if token.i not in taken:
            cand = _single(token, lex)
            if cand is not None:
                found.append(cand)
    return sorted(found, key=lambda c: c.head.i)


# --------------------------------------------------------------------------- object classes

_QUANTITY_HEADS = frozenset({"cache", "stash", "quantity", "number", "amount", "lot", "part",
                             "control", "most", "some", "all", "dozen", "hundred", "thousand",
                             "scores", "group", "consignment", "haul", "batch", "set", "total",
                             "kg", "kilogram", "ton", "tonne", "pound", "box", "crate", "bag",
                             "sack", "package", "load", "shipment", "pile", "stockpile",
                             "much", "half", "parts", "swathes", "swaths", "rest",
                             "team", "mission",
                             # shares of land: "60 percent of Darfur", "a quarter of Tigray"
                             "percent", "cent", "third", "quarter", "portion",
                             "fraction", "bulk", "chunk", "majority", "swathe", "swath"})
# Quantifiers that stand for people when nothing follows them ("two others were captured",
# "the rest were freed", "most were seized"): a count of towns names the towns.
_BARE_PEOPLE = frozenset({"other", "others", "rest", "trio", "pair", "both", "many", "several",
                          "some", "most", "few", "all", "one"})
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_OBJECT_PREPS = frozenset({"from", "on", "at", "against", "upon", "out"})
_PERSON_ENTS = frozenset({"PERSON", "NORP"})
# Pronouns that stand for people: "he was captured" takes a person, not a town.
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "they", "them", "who", "whom"})
_TIME_ENTS = frozenset({"DATE", "TIME"})


def _objects(verb: Token) -> list[Token]:
    """What a verb acts on: direct objects, passive subjects, and their conjuncts."""
    # An adjective small clause ("found the general guilty") is what the verb predicates.
    objs = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd") or (
        c.dep_ == "ccomp" and c.pos_ == "ADJ")]
    if not objs and ((verb.dep_ == "acl" and verb.tag_ == "VBN")  # "a stash of arms found"
                     or _finite_modifier(verb)):
        objs = [verb.head]
    if not objs:  # "captured and annexed X", "captured or killed dozens": a shared object,
        #           also through the conjunct's infinitive ("captured and threatened to beat")
        objs = [c for v in verb.conjuncts if v.i > verb.i and v.pos_ in _VERB_POS
                for c in (*v.children, *(g for x in v.children if x.dep_ == "xcomp"
                                         for g in x.children)) if c.dep_ == "dobj"][:1]
    if not objs and verb.dep_ == "compound" and verb.tag_ == "NN":  # "rebels detonate bombs"
        objs = [verb.head]
    if not objs:  # "captured Ahmed Tuesday": the parser makes the name a compound of the date
        objs = [c for c in verb.children if c.dep_ == "npadvmod" and c.ent_type_ in _TIME_ENTS
                and c.i > verb.i + 1 and all(t.dep_ == "compound" and t.head.i == c.i
                                             for t in verb.doc[verb.i + 1:c.i])]
    if not objs:  # "withdrew from the town", "fired on protesters" (not "returned to Geneva")
        objs = [o for p in verb.children if p.dep_ == "prep" and p.lower_ in _OBJECT_PREPS
                for o in p.children if o.dep_ == "pobj"]
    objs = [o for obj in objs for o in (obj, *obj.conjuncts)]
    # "the town, which was seized by rebels": the relative pronoun stands for the town
    objs = [verb.head if o.tag_ in ("WDT", "WP") and verb.dep_ == "relcl" else o for o in objs]
    return [o for obj in objs for o in _past_date(obj)]


def _past_date(obj: Token) -> list[Token]:
    """The object itself, or, when the parser made a date the object ("captured Kabul
    September 27": "Kabul" a compound of "September"), the names compounded to it."""
    if obj.ent_type_ not in _TIME_ENTS:
        return [obj]
    return [c for c in obj.children if c.dep_ == "compound" and c.ent_type_ not in _TIME_ENTS]


def _object_class(obj: Token, classes: Iterable[str], lex: EventLexicon) -> str | None:
    """The first class (in the verb's table order) that the object belongs to."""
    words = [obj, *(c for c in obj.children if c.dep_ in ("compound", "amod"))]
    # A multi-word name that runs on through "of" ("state of emergency") is read whole;
    # the "of" noun alone does not type the object ("took the lives of civilians").
    named = sorted([*words, *(t for p in obj.children if p.dep_ == "prep" and p.lower_ == "of"
                              for t in (p, *p.children) if t.dep_ in ("prep", "pobj"))],
                   key=lambda t: t.i)
    heads = [obj]  # the words that name the object itself
    if obj.lemma_.lower() in _QUANTITY_HEADS or obj.pos_ == "NUM":  # "a cache of weapons",
        #                                        "control of the town", "four of the suspects"
        inner = [o for p in obj.children if p.dep_ == "prep" for o in p.children]
        words += inner + [c for o in inner for c in o.children if c.dep_ == "compound"]
        heads += inner  # "much of Liberia"
    for name in classes:
        if name in ("default", "object"):
            continue
        if name == "territory" and any(w.ent_type_ in _PLACE_ENTS or (
                w.pos_ == "PROPN" and w.ent_type_ in ("", "ORG")) for w in heads):
            return name
        if name == "person" and (obj.ent_type_ in _PERSON_ENTS or (
                obj.pos_ == "PRON" and obj.lower_ in _PERSON_PRONOUNS) or _bare_people(obj)):
            return name
        if _has_words(words, lex.classes[name]) or _sequences(named, lex.classes[name]):
            return name
    return None


def _bare_people(obj: Token) -> bool:
    """A bare count or quantifier as what is captured or freed: people ("two were
    captured", "the others were released"); "two of the towns" is read through "of"."""
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in obj.children):
        return False
    return (obj.pos_ == "NUM" and obj.ent_type_ not in _TIME_ENTS) or (
        obj.lemma_.lower() in _BARE_PEOPLE or obj.lower_ in _BARE_PEOPLE)


def _by_object(
    verb: Token, table: dict[str, str], lex: EventLexicon
) -> tuple[str | None, Token | None]:
    """The verb's sense from its object's class, and the object that decided it."""
    given = [c for p in verb.children if p.dep_ == "prep" and p.lower_ == "with"
             for o in p.children if o.dep_ == "pobj"
             for c in (o, *o.conjuncts)] if "goods" in table else []
    for obj in given + _objects(verb):
        name = _object_class(obj, table, lex)
        if name is not None:
            sense = table[name]
            return (None, None) if sense == "none" else (sense, obj)
    land = any(_object_class(o, ("territory",), lex) for o in _objects(verb))
    if "person" in table and not land and _by_armed_agent(verb, lex):  # not "a town held by"
        return (None, None) if table["person"] == "none" else (table["person"], None)
    default = table.get("object" if _objects(verb) and "object" in table else "default", "none")
    return (None, None) if default == "none" else (default, None)


def _by_armed_agent(verb: Token, lex: EventLexicon) -> bool:
    """"X was captured by soldiers": what armed forces capture or hold, when no word says
    what it is, is someone ("a camera captured the attack" has no armed agent)."""
    agents = [o for a in verb.children if a.dep_ == "agent" for o in a.children
              if o.dep_ == "pobj"]
    armed = [lex.classes[n] for n in ("state_forces", "nonstate_forces", "armed_group")]
    return any(a.ent_type_ == "NORP" or any(_has_words([a], w) for w in armed) for a in agents)


# --------------------------------------------------------------------------- light verbs


_TRANSPARENT = frozenset({"series", "wave", "round", "spate", "string", "number", "effort", "rash",
                          "mission", "bid", "initiative", "campaign", "attempt", "process",
                          "sort", "kind", "type", "form", "act", "day", "night", "week",
                          "hour", "month", "year", "lot", "couple", "set", "flurry", "volley",
                          "burst",
                          # "announced the launch (start) of an offensive"
                          "launch", "start", "beginning", "resumption",
                          # the parser makes "assault west of X" a compound of "west"
                          "west", "east", "north", "south", "northwest", "northeast",
                          "southwest", "southeast"})


def _carried(verb: Token, lex: EventLexicon) -> list[Token]:
    """Nouns a light verb carries: its objects (and passive subjects) with their conjuncts,
    seen through transparent heads ("a series of attacks", "a mediation effort"); for
    verbs of taking part, the "in" phrase ("took part in marches")."""
    objs = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if _in(verb, lex.participation):  # "took part in marches", "went on a hunger strike"
        objs += [o for p in verb.children if p.dep_ == "prep" and p.lower_ in ("in", "on")
                 for o in p.children if o.dep_ == "pobj"]
    nouns = [o for obj in objs for o in (obj, *obj.conjuncts)]
    # "mounted a surprise offensive": the parser makes the noun after the object its
    # modifier, but the last noun of the phrase is its head
    nouns += [c for n in nouns for c in n.children
              if c.dep_ == "amod" and c.pos_ == "NOUN" and c.i > n.i]
    return nouns + [inner for n in nouns if n.lemma_.lower() in _TRANSPARENT
                    for inner in _through(n)]


def _through(noun: Token) -> list[Token]:
    inner = [c for c in noun.children if c.dep_ == "compound"]
    return inner + [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"
                    for o in p.children if o.dep_ == "pobj"]


def _light_verbs(sent: SpacySpan, cands: list[_Cand], lex: EventLexicon) -> list[_Cand]:
    """Attach event nouns to the light verbs that carry them; the verb becomes the head."""
    nouns = {c.head.i: c for c in cands if c.kind == "noun"}
    for token in sent:
        if token.pos_ not in _VERB_POS or not _in(token, lex.light | lex.participation):
            continue
        own = next((c for c in cands if c.head.i == token.i), None)
        for noun in _carried(token, lex):
            cand = nouns.get(noun.i)
            if cand is None or cand.light is not None:
                continue
            if _complied_with(token, cand, lex):
                cands.remove(cand)  # "pledged to respect the arms embargo": no sanction
                continue
            if own is not None and own.kind == "verb" and noun in own.absorbed:
                cands.remove(cand)  # the noun typed the verb ("the strike was called off")
                continue
            cand.light = token
            if own is not None and own.kind == "verb" and own.sense != cand.sense:
                own.absorbed.append(noun)  # "declared a ceasefire": one event, the noun's
                own.sense = cand.sense
                cand.light = None
                cands.remove(cand)
                continue
    return cands


# Light verbs of compliance: "respect the embargo", "observe the sanctions" name a measure
# someone else imposed, which the doer keeps to; only a truce kept is an act of its own.
_COMPLYING = frozenset({"respect", "observe"})


def _complied_with(verb: Token, cand: _Cand, lex: EventLexicon) -> bool:
    return _in(verb, _COMPLYING) and lex.senses[cand.sense].type == "SANCTION"


def _lift(cand: _Cand) -> _Cand:
    """A noun carried by a light verb becomes a verb-headed trigger spanning both."""
    if cand.light is None:
        return cand
    verb = cand.light
    extra = [c for c in verb.children if c.dep_ == "prt"]
    return _Cand(verb, [verb, *extra, *cand.tokens], cand.sense, "verb", verb)


# --------------------------------------------------------------------------- topic rule

_TIME_ENTS = frozenset({"DATE", "TIME"})
_PLACE_PREPS = frozenset({"in", "at", "near", "on", "across", "outside", "inside", "around",
                          "off", "along", "throughout", "within", "into", "over"})
_CAUSE_PREPS = frozenset({"in", "during", "by", "after", "amid", "following", "from"})
_PARTY_PREPS = frozenset({"between", "with", "among"})
_TARGET_PREPS = frozenset({"on", "against", "by", "targeting", "upon"})
_TARGETED_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "SANCTION"})
_TIME_WORDS = frozenset({"yesterday", "today", "tonight", "overnight", "morning", "evening",
                         "night", "afternoon", "week", "weekend", "month", "day", "hour",
                         "dawn", "dusk", "midnight", "noon", "year"})


def _first_conjunct(token: Token) -> Token:
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _asserted(cand: _Cand, lex: EventLexicon) -> bool:
    """Whether a noun trigger names an event the text says happened (or will happen)."""
    if cand.light is not None or cand.kind == "verb":
        return True
    noun = _first_conjunct(cand.head)
    sense = lex.senses[cand.sense]
    if _in(cand.head, lex.weak):  # "Syria's civil war": only "war broke out", "the war in 2011"
        return (noun.dep_ in ("nsubj", "nsubjpass") and _in(noun.head, lex.occurrence)) or any(
            c.ent_type_ in _TIME_ENTS for c in cand.head.subtree)
    return (
        _occurs(noun, lex)
        or _in_casualty_phrase(noun, lex)
        or _purpose(noun, lex)
        or _has_time_or_place(cand.head, lex)
        or _has_parties(cand.head, sense, lex)
        or _headline_noun(noun)
    )


def _occurs(noun: Token, lex: EventLexicon) -> bool:
    """Subject of an occurrence verb ("clashes erupted"), directly or through a relative
    clause ("a bomb that killed eight"), or a possessed event ("the army's offensive")."""
    subject = _through_quantifier(noun)
    if subject.dep_ in ("nsubj", "nsubjpass") and (_in(subject.head, lex.occurrence) or any(
            c.dep_ == "xcomp" and _in(c, lex.occurrence) for c in subject.head.children)):
        return True  # "clashes erupted", "talks are expected to resume"
    for child in noun.children:
        if (child.dep_ in ("relcl", "acl") and _in(child, lex.occurrence)) or _carried_out(
                child, lex):
            return True
        if child.dep_ == "amod" and _in(child, lex.status.planned_modifiers | lex.actual):
            return True
        if child.dep_ == "poss" and child.ent_type_ not in _TIME_ENTS and child.pos_ != "PRON":
            return True
    return False


def _carried_out(verb: Token, lex: EventLexicon) -> bool:
    """A light verb's participle on its event noun ("the attack carried out on Monday",
    "talks held in Geneva"): it says the event took place, and is part of it."""
    return verb.tag_ == "VBN" and verb.dep_ == "acl" and _in(verb, lex.light)


def _through_quantifier(noun: Token) -> Token:
    """The quantifier a noun is counted by ("most of the clashes"), else the noun itself."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.dep_ == "prep" and (
            noun.head.head.lower_ in _BARE_PEOPLE or noun.head.head.pos_ == "NUM"):
        return noun.head.head
    return noun


def _in_casualty_phrase(noun: Token, lex: EventLexicon) -> bool:
    """"were killed in clashes", "died during the shelling", "died as a result of torture"
    (up to three prepositions above the noun); "during" and "amid" always presuppose the
    event ("arrested during protests")."""
    if noun.dep_ == "pobj" and noun.head.lower_ in ("during", "amid", "amidst"):
        return True
    node = noun
    for _ in range(3):  # "by" is an agent in the passive: "were hit by a mortar round"
        if node.dep_ not in ("pobj", "prep", "agent") or node.head.i == node.i:
            return False
        node = node.head
        if node.dep_ in ("prep", "agent") and _in(node.head, lex.casualty):
            return True
    return False


def _purpose(noun: Token, lex: EventLexicon) -> bool:
    """"arrived in Moscow for talks": the trip's purpose is an event."""
    prep = noun.head
    return noun.dep_ == "pobj" and prep.lower_ == "for" and _in(prep.head, lex.purpose)


def _has_time_or_place(noun: Token, lex: EventLexicon) -> bool:
    for child in noun.children:
        if child.ent_type_ in _TIME_ENTS or _in(child, _TIME_WORDS):
            return True
        if child.dep_ == "prep" and child.lower_ in _PLACE_PREPS:
            for obj in child.children:
                if obj.ent_type_ in _PLACE_ENTS | _TIME_ENTS or _in(obj, _TIME_WORDS):
                    return True
                if child.lower_ != "on" and _has_words([obj], lex.classes["territory"]):
                    return True
    return False


def _has_parties(noun: Token, sense: Sense, lex: EventLexicon) -> bool:
    """"clashes between X and Y", "talks with the rebels", "an attack on the convoy"."""
    preps = _PARTY_PREPS | (_TARGET_PREPS if sense.type in _TARGETED_TYPES else frozenset())
    return any(
        child.dep_ == "prep" and child.lower_ in preps
        and any(o.dep_ == "pobj" and _party(o, lex) for o in child.children)
        for child in noun.children)


def _party(token: Token, lex: EventLexicon) -> bool:
    if token.ent_type_ in ("ORG", "NORP", "GPE", "PERSON", "FAC", "LOC"):
        return True
    if token.pos_ == "PRON":
        return True
    return _has_words([token], lex.classes["person"]) or _has_words(
        [token], lex.classes["territory"]) or _has_words([token], lex.classes["property"])


def _headline_noun(noun: Token) -> bool:
    """A verbless headline whose root is the event noun: "Suicide bombing in Kabul"."""
    sent = noun.sent
    return noun.dep_ == "ROOT" and not any(t.pos_ in ("VERB", "AUX") for t in sent)


# --------------------------------------------------------------------------- one event, one trigger

_VIOLENT = frozenset({"ASSAULT"})
_ATTACH_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "agent"})


def _violent(cand: _Cand, lex: EventLexicon) -> bool:
    return lex.senses[cand.sense].type in _VIOLENT


def _governing_verb(token: Token) -> Token:
    """The verb a noun depends on, through a preposition if need be."""
    head = token.head
    if token.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
        head = head.head
    return head


def _absorb(cands: list[_Cand], lex: EventLexicon) -> list[_Cand]:
    """Drop triggers that restate another one: outcomes of violence ("killing six" after
    "pounded the village"), event nouns that are the object or subject of a verb trigger of
    the same type, and objects that typed their verb ("lifted the curfew")."""
    by_head = {c.head.i: c for c in cands}
    gone: set[int] = {t.i for c in cands for t in c.absorbed if t.i != c.head.i}
    for cand in cands:  # outcomes first: the violent event they report stays
        host = _violent_source(cand, by_head, lex) if _outcome(cand, lex) else None
        if host is not None and host.head.i not in gone:
            _merge(host, cand, lex, frozenset(by_head))
            gone.add(cand.head.i)
    for cand in cands:
        host = _noun_host(cand, by_head, lex)
        if host is not None and cand.head.i not in gone and host.head.i not in gone:
            _merge(host, cand, lex, frozenset(by_head))
            gone.add(cand.head.i)
    return [c for c in cands if c.head.i not in gone]


def _merge(host: _Cand, cand: _Cand, lex: EventLexicon, heads: frozenset[int]) -> None:
    # What the absorbed trigger had taken in goes along ("nine were killed while more were
    # wounded in a clash": "killed" joined "wounded", which joins the clash), and so does
    # the verb that said it took place ("fought a battle that continued for hours").
    host.absorbed.extend([*cand.tokens, *cand.absorbed, *_happening(cand, heads)])
    if _generic(host, lex) and not _generic(cand, lex):
        host.sense = cand.sense  # "attacked with a car bomb": the specific sense wins


def _outcome(cand: _Cand, lex: EventLexicon) -> bool:
    return (cand.kind == "verb" and cand.light is None and _in(cand.head, lex.outcome)
            and _violent(cand, lex))


def _noun_host(cand: _Cand, by_head: dict[int, _Cand], lex: EventLexicon) -> _Cand | None:
    """The verb trigger of the same type an event noun hangs on ("fought a battle", "the
    ceasefire came into force"); never an outcome verb, which reports the noun's event."""
    if cand.kind != "noun" or cand.head.dep_ not in _ATTACH_DEPS:
        return None
    verb = by_head.get(_governing_verb(cand.head).i)
    if verb is None or verb is cand or _outcome(verb, lex):
        return None
    return verb if lex.senses[verb.sense].type == lex.senses[cand.sense].type else None


def _generic(cand: _Cand, lex: EventLexicon) -> bool:
    return cand.sense in ("attack", "clash", "destroy") or (
        cand.kind == "verb" and _in(cand.head, lex.outcome))


def _time_after(prep: Token) -> bool:
    """"hours after the bombing", "two days after the attack": a measured interval makes the
    phrase a time, not the cause of what the clause reports."""
    before = prep.doc[prep.i - 1] if prep.i > 0 else None
    return any(c.dep_ == "npadvmod" for c in prep.children) or (
        before is not None and before.tag_ == "NNS" and _in(before, _TIME_WORDS))


def _violent_source(cand: _Cand, by_head: dict[int, _Cand], lex: EventLexicon) -> _Cand | None:
    """The violent trigger a casualty verb reports the outcome of: its governor ("pounded
    the village, killing six"), its subject ("an airstrike killed six") or a noun in its
    "in / during / by" phrase ("were killed in clashes")."""
    head = cand.head
    verbs = [head, *(c for c in head.children if c.dep_ == "conj")]
    near = [c for v in verbs for c in v.children if c.dep_ in ("nsubj", "nsubjpass", "advcl")]
    near += [o for v in verbs for p in v.children if p.dep_ in ("prep", "agent")
             and p.lower_ in _CAUSE_PREPS and not _time_after(p)
             for o in p.children if o.dep_ == "pobj"]
    own_subject = any(c.dep_ == "nsubj" and c.tag_ not in ("WDT", "WP") for c in head.children)
    if head.dep_ in ("advcl", "conj", "xcomp", "relcl") and not own_subject:
        gov = head.head  # "grenades were hurled ..., injuring seven": the governor's words
        near += [gov, *(c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass", "dobj"))]
    if head.dep_ == "relcl":
        near.append(head.head)
    for token in near:
        other = by_head.get(token.i)
        if other is not None and other is not cand and _violent(other, lex):
            return other
    return None


# --------------------------------------------------------------------------- disasters


def _clause_tokens(cand: _Cand) -> list[Token]:
    """The trigger's clause: the subtree of its verb (or of the verb its noun hangs on)."""
    top = cand.head if cand.kind == "verb" else _governing_verb(cand.head)
    if top.pos_ not in ("VERB", "AUX"):
        top = cand.head
    return list(top.subtree)


def _cause_tokens(cand: _Cand) -> list[Token]:
    """Subjects and "in / by / after" phrases of the trigger, and its own words."""
    head = cand.head
    out = list(cand.tokens)
    for child in head.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            # a relative clause tells about the subject, not the cause: "a convict who fled
            # during the hurricane was shot by police" is no hurricane's violence
            told = {t.i for c in child.children if c.dep_ == "relcl" for t in c.subtree}
            out += [t for t in child.subtree if t.i not in told]
        elif child.dep_ in ("compound", "amod") or (
                child.dep_ in ("prep", "agent") and child.lower_ in _CAUSE_PREPS):
            out += list(child.subtree)
    return out


_BARE_BLASTS = frozenset({"blast", "explosion", "explode"})
_ATTACK_WORDS = frozenset({"attack", "attacker", "bomber", "bombing", "gunman", "gunmen",
                           "militant", "shelling", "airstrike", "suicide", "assailant"})


def _accidental(cand: _Cand, lex: EventLexicon) -> bool:
    """Violence whose cause is a natural disaster or an accident is no event: "floods killed
    77", "a tank exploded at the plant" (unless the clause also names an attack). Armed
    forces as the doer rule out an accident, not a disaster (troops also bring relief)."""
    sense = lex.senses[cand.sense]
    if sense.type != "ASSAULT":
        return False
    disaster = lex.contexts["natural_disaster"]
    accident = lex.contexts["accident"] if not _armed_subject(cand, lex) else _NO_WORDS
    devices = lex.classes["explosive_device"].single - _BARE_BLASTS
    # The trigger's own words are not its context ("police stormed the camp" is no storm).
    own = {t.i for t in cand.tokens}
    if _outcome(cand, lex) or cand.sense in ("attack", "destroy"):
        # "killed", "injured", "damaged" with no armed actor in a sentence about a disaster;
        # a planted device is an attack too ("hurt by a buried mine close to the refinery
        # town"), while a bare blast or explosion may be an accident's.
        sent = [t for t in cand.head.sent if t.i not in own]
        armed = _has_words(sent, lex.classes["nonstate_forces"]) or any(
            _in(t, _ATTACK_WORDS | devices) for t in sent)
        if (_has_words(sent, disaster) or _has_words(sent, accident)) and not armed:
            return True
    cause = [t for t in _cause_tokens(cand) if t.i not in own]
    if _has_words(cause, disaster) or _has_words(cause, accident):
        # a device in the cause is an attack: "the bomb, planted near X, was detonated"
        return not _has_words(_clause_tokens(cand), lex.classes["nonstate_forces"]) and not any(
            _in(t, devices) for t in cause)
    if cand.sense != "explosion":
        return False
    clause = _clause_tokens(cand)
    return _has_words(clause, accident) and not any(_in(t, devices) for t in clause)


_NO_WORDS = Words(frozenset(), ())


def _armed_subject(cand: _Cand, lex: EventLexicon) -> bool:
    """Armed forces as the doer ("U.S. forces destroyed a factory", "troops fired shells into
    the plant") make an act of force, whatever site it hits: no accident. Only the
    subject's head word counts, so "a police truck overturned" stays an accident."""
    head = cand.head
    subj = [c for c in head.children if c.dep_ == "nsubj"]
    subj += [o for a in head.children if a.dep_ == "agent" for o in a.children]
    if not subj and head.dep_ in ("conj", "advcl"):
        subj = [c for c in head.head.children if c.dep_ == "nsubj"]
    armed = [lex.classes[n] for n in ("state_forces", "nonstate_forces", "armed_group")]
    return any(_has_words([s], words) for s in subj for words in armed)


# --------------------------------------------------------------------------- context rules


def _subtrees(tokens: Iterable[Token]) -> list[Token]:
    return [t for token in tokens for t in token.subtree]


def _event_words(cand: _Cand) -> list[Token]:
    """The trigger's words with their modifiers: "a drone attack", "deadly suicide blasts"."""
    words = [*cand.tokens, *cand.absorbed]
    mods = [c for w in words for c in w.children if c.dep_ in ("compound", "amod", "nmod")]
    return words + _subtrees(mods)


def _object_words(cand: _Cand) -> list[Token]:
    words = [*cand.tokens, *cand.absorbed]
    objs = [o for w in words if w.pos_ in ("VERB", "AUX") for o in _objects(w)]
    objs += [o for w in words for p in w.children if p.dep_ == "prep"
             and p.lower_ in _TARGET_PREPS | {"at"} for o in p.children if o.dep_ == "pobj"]
    objs += [o for w in words if w.dep_ == "prep" for o in w.children if o.dep_ == "pobj"]
    return _subtrees(objs)


def _subject_words(cand: _Cand) -> list[Token]:
    head = cand.head
    subj = [c for c in head.children if c.dep_ in ("nsubj", "poss", "compound")]
    subj += [o for a in head.children if a.dep_ == "agent" for o in a.children]
    if not subj and head.dep_ in ("conj", "xcomp", "advcl", "pcomp"):
        gov = _governing_verb(head) if head.dep_ == "pcomp" else head.head
        subj = [c for c in gov.children if c.dep_ == "nsubj"]
    if head.pos_ in _NOUN_POS:
        subj += [o for p in head.children if p.dep_ == "prep" and p.lower_ == "by"
                 for o in p.children]
    return _subtrees(subj)


def _scope(cand: _Cand, where: str) -> list[Token]:
    if where == "trigger":
        return _event_words(cand)
    if where == "object":
        return _object_words(cand)
    if where == "subject":
        return _subject_words(cand)
    if where == "sentence":
        return list(cand.head.sent)
    return _clause_tokens(cand) + _event_words(cand)


def _matches(rule: Rule, cand: _Cand, scopes: dict[str, list[Token]] | None = None) -> bool:
    """``scopes``: the candidate's scopes already built, by ``where`` (a scope depends on
    the candidate's words, never on its sense, so one ``_refine`` pass can share them)."""
    if rule.senses is not None and cand.sense not in rule.senses:
        return False
    scopes = {} if scopes is None else scopes

    def scope(where: str) -> list[Token]:
        if where not in scopes:
            scopes[where] = _clause_tokens(cand) if where == _CLAUSE_ONLY else _scope(cand, where)
        return scopes[where]

    if not _has_words(scope(rule.where), rule.words):
        return False
    if rule.exclude is not None and _has_words(scope(_CLAUSE_ONLY), rule.exclude):
        return False
    return rule.also is None or _has_words(scope(rule.also_where), rule.also)


_CLAUSE_ONLY = "\0clause"  # the scopes key of ``_clause_tokens`` (no rule names it)


def _refine(cand: _Cand, lex: EventLexicon) -> tuple[Sense, str]:
    """Apply the context rules in order: a sense switch goes on to later rules, the first
    rule that sets fields ends the search. Returns the sense and the last rule applied."""
    sense, applied = lex.senses[cand.sense], ""
    # Rules re-read the same few scopes (21 rules, 4 scopes today): build each once a pass.
    scopes: dict[str, list[Token]] = {}
    for rule in lex.rules:
        if not _matches(rule, cand, scopes):
            continue
        applied = rule.name
        if rule.sense is not None:
            cand.sense = rule.sense
            sense = lex.senses[rule.sense]
        if rule.fields:
            return replace(sense, **dict(rule.fields)), applied
    return sense, applied


# --------------------------------------------------------------------------- protests

_PROTEST_SENSES = frozenset({"protest", "riot", "repress", "clash", "attack", "shoot",
                             "arrest", "destroy", "strike", "general_strike", "hunger_strike",
                             "boycott", "obstruct", "beat"})
_PEACEFUL = ("Protests", "Peaceful protest")
_INTERVENTION = ("Protests", "Protest with intervention")
_EXCESSIVE = ("Protests", "Excessive force against protesters")
_VIOLENT_DEMO = ("Riots", "Violent demonstration")
_CLAUSE_OPENERS = frozenset({"xcomp", "advcl", "acl", "pcomp", "prep", "relcl"})


def _protest_acled(sent: SpacySpan, lex: EventLexicon) -> tuple[str, str] | None:
    """ACLED's protest sub-type for a sentence that reports a protest, else ``None``.

    Violence by the protesters makes a violent demonstration (ACLED codes clashes with
    police there too); lethal or brutal force by others, excessive force; dispersal, tear
    gas or arrests, a protest with intervention; else a peaceful protest."""
    classes = lex.classes
    # A date is no march ("March 3"): words inside a date or time name no protest.
    if not _has_words([t for t in sent if t.ent_type_ not in _TIME_ENTS],
                      classes["protest_words"]):
        return None
    words = _outside_purpose(sent, classes["protest_purpose"])
    if any(_by_protesters(t, lex) for t in _matching(words, classes["protest_violence"])):
        return _VIOLENT_DEMO
    if any(_by_others(t, lex) for t in _matching(words, classes["protest_lethal"])):
        return _EXCESSIVE
    if _has_words(words, classes["protest_intervention"]):
        return _INTERVENTION
    return _PEACEFUL


def _outside_purpose(sent: SpacySpan, purpose: Words) -> list[Token]:
    """The sentence without what a protest is about ("to denounce violence", "over the
    killing of a student"): those words describe the cause, not the protest. A clause
    opened by "after" reports what happened next and stays."""
    skip: set[int] = set()
    for token in sent:
        if token.dep_ in _CLAUSE_OPENERS and _has_words([token], purpose):
            skip.update(t.i for t in token.subtree)
    return [t for t in sent if t.i not in skip]


def _matching(tokens: list[Token], words: Words) -> list[Token]:
    """The tokens that start an occurrence of ``words``."""
    return [t for t in tokens if _in(t, words.single)] + _sequences(tokens, words)


def _agents(verb: Token) -> list[Token]:
    """Who does what a verb says: its subject, passive agent, or its governor's subject
    ("police fired tear gas, killing one")."""
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    subj += [o for a in verb.children if a.dep_ == "agent" for o in a.children]
    if not subj and verb.dep_ in ("advcl", "conj", "xcomp") and verb.head.i != verb.i:
        subj = [c for c in verb.head.children if c.dep_ == "nsubj"]
    return _subtrees(subj)


def _by_protesters(token: Token, lex: EventLexicon) -> bool:
    """Violence not committed by state forces (nouns such as "clashes" always count)."""
    if token.pos_ not in ("VERB", "AUX"):
        return True
    return not _has_words(_without_stance(_agents(token)), lex.classes["state_forces"])


def _without_stance(tokens: Sequence[Token]) -> list[Token]:
    """Drop the words after "anti-" / "pro-": "anti-government protesters" are not the
    government."""
    doc = tokens[0].doc if tokens else None
    return [t for t in tokens if doc is None or t.i < 2 or not (
        doc[t.i - 1].text == "-" and doc[t.i - 2].lower_ in ("anti", "pro"))]


def _by_others(token: Token, lex: EventLexicon) -> bool:
    """Lethal force by state forces or on protesters (manner words always count)."""
    if token.pos_ not in ("VERB", "AUX"):
        return True
    agents = _without_stance(_agents(token))
    victims = [c for c in token.children if c.dep_ in ("nsubjpass", "dobj")]
    return _has_words(agents, lex.classes["state_forces"]) or _has_words(
        _subtrees(victims), lex.classes["protesters"])


_RELIEF_TYPES = frozenset({"MOBILIZE", "AID"})


def _relief(cand: _Cand, sense: Sense, lex: EventLexicon) -> Sense:
    """Troops or aid sent after a disaster are relief, not a change in an armed group's
    activity: ACLED records none."""
    if sense.type not in _RELIEF_TYPES or sense.acled is None:
        return sense
    sent = list(cand.head.sent)
    if _has_words(sent, lex.contexts["natural_disaster"]) or _has_words(
            sent, lex.contexts["accident"]):
        return replace(sense, acled=None)
    return sense


def _protest_sense(cand: _Cand, sense: Sense, acled: tuple[str, str] | None) -> Sense:
    if acled is None or cand.sense not in _PROTEST_SENSES:
        return sense
    if acled == _VIOLENT_DEMO and sense.type == "PROTEST":
        return replace(sense, mode="riot", acled=acled)
    return replace(sense, acled=acled)


# --------------------------------------------------------------------------- territory

_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY"})
_NONSTATE_SECTORS = frozenset({"REB", "UAF", "CRM", "OPP"})
_REGAIN_WORDS = frozenset({"retake", "recapture", "regain", "liberate", "reclaim", "win",
                           "restore", "recover", "back"})
_GOV_REGAINS = ("Battles", "Government regains territory")
_NONSTATE_TAKES = ("Battles", "Non-state actor overtakes territory")


def _taker_tokens(cand: _Cand) -> list[Token]:
    """Who takes the territory: the subject, the passive agent, or "fell to X"."""
    head = cand.head
    words = _subject_words(cand)
    words += [o for p in head.children if p.dep_ == "prep" and p.lower_ in ("to", "into")
              for o in p.subtree] if _is(head, "fall") else []
    return words


def _actor_sector(tokens: Sequence[Token], actors: Sequence[Actor]) -> str | None:
    spans = [(t.idx, t.idx + len(t.text)) for t in tokens]
    for actor in actors:
        if actor.sector and any(m.start < e and s < m.end for m in actor.mentions
                                for s, e in spans):
            return actor.sector
    return None


def _territory_side(
    cand: _Cand, sense: Sense, actors: Sequence[Actor], lex: EventLexicon
) -> Sense:
    """ACLED splits territorial gains by who makes them: state forces regain territory,
    non-state actors overtake it. The actor record's sector decides; else the subject's
    words; else verbs of taking back ("retook", "liberated") mean the state."""
    if sense.acled not in (_GOV_REGAINS, _NONSTATE_TAKES):
        return sense
    state = _is_state(_taker_tokens(cand), actors, lex)
    if state is None:  # "took the camp from a separatist militia": the loser tells
        losers = [o for t in cand.head.subtree if t.dep_ == "prep" and t.lower_ == "from"
                  for o in t.subtree if o.i != t.i]
        loser = _is_state(losers, actors, lex)
        state = (not loser) if loser is not None else None
    if state is None:
        state = any(_in(t, _REGAIN_WORDS) for t in cand.tokens)
    return replace(sense, acled=_GOV_REGAINS if state else _NONSTATE_TAKES)


def _is_state(tokens: Sequence[Token], actors: Sequence[Actor], lex: EventLexicon) -> bool | None:
    """Whether words name state forces (True), a non-state group (False) or neither."""
    tokens = _without_stance(tokens)
    if not tokens:
        return None
    sector = _actor_sector(tokens, actors)
    if sector in _STATE_SECTORS:
        return True
    if sector in _NONSTATE_SECTORS or _has_words(tokens, lex.classes["nonstate_forces"]):
        return False
    if _has_words(tokens, lex.classes["state_forces"]):
        return True
    return None


# --------------------------------------------------------------------------- status

_CLAUSE_EDGES = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "parataxis",
                           "pcomp"})
_COMPLEMENT_EDGES = frozenset({"ccomp", "xcomp", "pcomp", "dobj", "acl", "advcl", "prep",
                               "pobj", "conj", "parataxis", "oprd", "acomp", "dep"})
_STOP_EDGES = frozenset({"relcl", "appos", "nsubj", "nsubjpass", "npadvmod", "amod"})
_ORDER: tuple[EventStatus, ...] = ("negated", "hypothetical", "planned", "claimed")


@dataclass(slots=True)
class _Status:
    flags: set[str] = field(default_factory=set)
    speaker: list[Token] | None = None  # words of whoever the event is reported by
    future: bool = False  # a future or modal auxiliary (for announced refusals)
    modal: str | None = None  # the modal auxiliary itself ("must", "will")
    intent_gov: Token | None = None  # the intent verb whose complement the trigger is

    def final(self) -> EventStatus:
        return next((s for s in _ORDER if s in self.flags), "asserted")


def _chain(cand: _Cand) -> list[Token]:
    """Clause heads whose negation and auxiliaries apply to the trigger: the trigger, the
    verb its noun hangs on, and governors through "xcomp" ("will try to capture") and
    "conj" ("will meet and discuss")."""
    node = cand.head
    chain = [node]
    own = [c for c in node.children if c.dep_ in ("relcl", "acl") and c.pos_ == "VERB"]
    if node.pos_ in _NOUN_POS and cand.light is None and own:
        return chain + own[:1]  # "the ceasefire that started on Sunday": its own clause
    if node.pos_ in _NOUN_POS and cand.light is None:
        verb = _governing_verb(_first_conjunct(node))
        if verb.i != node.i and verb.pos_ in ("VERB", "AUX"):
            chain.append(verb)
            node = verb
    while node.dep_ in ("conj", "xcomp", "acomp") and node.head.i != node.i:
        node = node.head
        chain.append(node)
    return chain


def _conditional(node: Token, marks: Words) -> bool:
    """A clause opened by "if", "unless", "in case", ..."""
    if any(c.dep_ == "mark" and _in(c, marks.single) for c in node.children):
        return True
    start = node.left_edge.i
    words = list(node.doc[start:min(start + 3, node.i + 1)])
    return (node.dep_ == "advcl" and _has_words(words[:1], marks)) or any(
        len(words) >= len(seq) and all(_is(w, s) for w, s in zip(words, seq, strict=False))
        for seq in marks.multi)


def _own_flags(cand: _Cand, chain: list[Token], words: StatusWords, state: _Status) -> None:
    """Negation, auxiliaries and modifiers of the trigger's own clause."""
    sent_conditional = any(_conditional(t, words.conditional_marks) for t in cand.head.sent
                           if t.dep_ == "advcl")
    for n, node in enumerate(chain):
        inherited_neg = n == 0 or node.dep_ != "conj" or _negative_coordination(node)
        for child in node.children:
            lower = child.lower_
            if (child.dep_ == "neg" and inherited_neg) or (
                    child.dep_ == "det" and lower == "no" and node.pos_ in _NOUN_POS):
                state.flags.add("negated")
            elif child.dep_ in ("aux", "auxpass") and _in(child, words.future_aux):
                state.flags.add("planned")
                state.future, state.modal = True, state.modal or child.lemma_.lower()
            elif child.dep_ == "aux" and _in(child, words.modal_aux):
                cond = _in(child, words.conditional_aux) and sent_conditional
                state.flags.add("hypothetical" if cond else "planned")
                state.future, state.modal = True, state.modal or child.lemma_.lower()
            elif child.dep_ == "amod" and _in(child, words.planned_modifiers):
                state.flags.add("planned")
        if node.dep_ == "advcl" and _conditional(node, words.conditional_marks):
            state.flags.add("hypothetical")


def _negative_coordination(node: Token) -> bool:
    """"did not attack or shell": the negation reaches the second verb only with or/nor."""
    return any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for c in node.head.children)


def _governor_flags(top: Token, words: StatusWords, state: _Status) -> None:
    """Walk up from the trigger's clause through complement edges and mark what the
    governing verbs make of it."""
    node = top
    while node.head.i != node.i and node.dep_ not in _STOP_EDGES:
        dep, gov = node.dep_, node.head
        if dep == "pcomp" and gov.dep_ == "prep":  # "accused X of attacking"
            gov = gov.head
        if dep in _COMPLEMENT_EDGES and dep not in ("conj", "prep", "pobj"):
            _governor_category(gov, dep, words, state)
        if dep == "advcl" and _conditional(node, words.conditional_marks):
            state.flags.add("hypothetical")
        node = gov
        if dep == "acl":
            break  # "plans to attack": the noun's own clause is not ours
    _trailing_report(node, words, state)


def _governor_category(gov: Token, dep: str, words: StatusWords, state: _Status) -> None:
    if _in(gov, words.negating_verbs):
        state.flags.add("negated")
    elif _in(gov, words.request_verbs) and dep != "advcl":
        state.flags.add("hypothetical")
    elif _in(gov, words.intent_verbs) and dep in ("xcomp", "ccomp", "acl", "pcomp", "acomp"):
        state.flags.add("planned")
        state.intent_gov = state.intent_gov or gov
    elif _in(gov, words.reporting_verbs) and dep in ("ccomp", "xcomp", "pcomp", "parataxis"):
        _claim(gov, words, state)


def _trailing_report(root: Token, words: StatusWords, state: _Status) -> None:
    """"Rebels seized the town, the army said": a verb of saying hanging on the clause."""
    for child in root.children:
        if child.dep_ in ("parataxis", "advcl", "ccomp") and child.i > root.i and _in(
                child, words.reporting_verbs) and _speaker(child) is not None:
            _claim(child, words, state)


def _speaker(verb: Token) -> list[Token] | None:
    """The words naming who says: subject, passive agent, or the subject of the verb an
    "adding that" clause hangs on."""
    subj = [c for c in verb.children if c.dep_ == "nsubj" and c.lower_ != "it"]
    if not subj:
        subj = [o for a in verb.children if a.dep_ == "agent" for o in a.children]
    if not subj and verb.dep_ in ("advcl", "conj", "xcomp") and verb.head.i != verb.i:
        subj = [c for c in verb.head.children if c.dep_ == "nsubj"]
    return _subtrees(subj) if subj else None


def _claim(verb: Token, words: StatusWords, state: _Status) -> None:
    speaker = _speaker(verb)
    if speaker and all(_in(t, words.first_person) for t in speaker):
        return  # the reporter's own account is asserted
    state.flags.add("claimed")
    if state.speaker is None:
        state.speaker = speaker or []


def _according_to(cand: _Cand, state: _Status) -> None:
    """"..., according to the United Nations": in news prose the phrase sources the whole
    sentence, wherever the parser attaches it."""
    for token in cand.head.sent:
        if token.lower_ == "according":
            source = [o for p in token.children if p.lower_ == "to" for o in p.subtree
                      if o.i != p.i]
            state.flags.add("claimed")
            if not state.speaker:
                state.speaker = source


def _status(cand: _Cand, lex: EventLexicon) -> _Status:
    state = _Status()
    chain = _chain(cand)
    _own_flags(cand, chain, lex.status, state)
    for lower, upper in itertools.pairwise(chain):
        if lower.dep_ == "xcomp":  # "failed to capture", "urged them to sign"
            _governor_category(upper, "xcomp", lex.status, state)
        elif lower.dep_ in ("nsubj", "nsubjpass") and _in(upper, lex.status.intent_verbs):
            state.flags.add("planned")  # "the talks are expected to resume", "are scheduled"
    _governor_flags(chain[-1], lex.status, state)
    _according_to(cand, state)
    return state


def _depth(cand: _Cand) -> int:
    """Clause levels between the trigger and its sentence's root; an event noun not carried
    by a light verb sits one level below its clause ("recaptured the district in a
    crackdown": the recapture is the main event)."""
    head = cand.head
    depth, node = int(cand.kind == "noun"), head
    while node.head.i != node.i:
        depth += node.dep_ in _CLAUSE_EDGES
        node = node.head
    return depth


# --------------------------------------------------------------------------- attribution


def _attributed(speaker: Sequence[Token] | None, actors: Sequence[Actor]) -> str | None:
    """The actor whose mention names the speaker: the one on the speaker's head word first
    ("Al Jazeera's Step Vaessen" is Vaessen when known), else the first overlapping one."""
    if not speaker:
        return None
    start = min(t.idx for t in speaker)
    end = max(t.idx + len(t.text) for t in speaker)
    root = next((t for t in speaker if t.head.i == t.i or t.head not in speaker), speaker[0])
    best: tuple[int, int, str] | None = None
    for actor in actors:
        for m in actor.mentions:
            if m.start < end and start < m.end:
                on_head = m.start <= root.idx < m.end
                rank = (0 if on_head else 1, m.start, actor.id)
                best = rank if best is None or rank < best else best
    return best[2] if best else None


# --------------------------------------------------------------------------- assembly

_COOPERATIVE = frozenset({"AGREE", "SUPPORT", "CONSULT", "COOPERATE", "CONCEDE"})
_CONFLICTUAL = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"})
_PROMISE_TYPES = _COOPERATIVE | {"AID", "RETREAT"}
_REFUSAL = Sense("refusal", "REJECT", None, "12", None)


def _announced_refusal(sense: Sense, state: _Status) -> Sense:
    """"would not sign", "will not attend", "would not provide aid": a refusal stated now,
    not a negated signing."""
    if sense.type in _PROMISE_TYPES and "negated" in state.flags and state.future:
        state.flags -= {"negated", "planned", "hypothetical"}
        return _REFUSAL
    return sense


# Words that put an act on a timetable rather than state anyone's will: "X is scheduled
# (expected, due, set) to attend the summit" reports a planned meeting (CAMEO 04), not X's
# promise to meet (CAMEO 03).
_SCHEDULE_WORDS = frozenset({"schedule", "expect", "due", "set", "slate", "slated",
                             "scheduled", "expected", "likely"})

_THREAT_MODES = {"arrest": "arrest", "ban": "ban", "censor": "ban", "deport": "expel",
                 "expel": "expel", "confiscate": "territory", "sever": "relations",
                 "cancel": "relations", "withdraw": "relations"}
_DEMAND_MODALS = frozenset({"must", "should", "ought", "need"})


def _intent_event(cand: _Cand, sense: Sense, state: _Status, heads: frozenset[int]) -> Sense:
    """PLOVER codes an actor's stated intention by its direction: a cooperative action in
    the future tense is AGREE (CAMEO 03), a conflictual one THREATEN (CAMEO 13), and "X said
    Y must leave" is X's demand (REQUEST, CAMEO 10). The event keeps its planned status.
    Only verb triggers with an acting subject are intentions ("the talks will resume" is a
    planned CONSULT); a complement of an intent verb that is itself a trigger ("agreed to
    hold talks") stays what it is."""
    planned = "planned" in state.flags and not state.flags & {"negated", "hypothetical"}
    gov = state.intent_gov
    if not planned or cand.kind != "verb" or (gov is not None and gov.i in heads):
        return sense
    if gov is not None and _in(gov, _SCHEDULE_WORDS):
        return sense  # "is scheduled to attend": a timetable, not a stated intention
    if state.modal in _DEMAND_MODALS and "claimed" in state.flags:
        state.flags.discard("planned")
        return Sense("demand", "REQUEST", None, "10", None)
    if sense.type in _PROMISE_TYPES:
        acled = sense.acled if sense.acled == ("Strategic developments", "Agreement") else None
        return Sense("intent", "AGREE", None, "03", acled)
    if sense.type == "ASSAULT" and _prepared(cand.head):
        return _PREPARATION
    if sense.type in _CONFLICTUAL:
        mode = _THREAT_MODES.get(sense.mode or "", "violence" if sense.type in (
            "ASSAULT", "MOBILIZE") else "restrict")
        return Sense("threat", "THREATEN", mode, "13", None)
    return sense


# "prepared to resume shelling", "is gearing up to attack": getting forces ready for
# violence is a show of force (PLOVER MOBILIZE, CAMEO 15), not a threat made to anyone.
_PREPARE_VERBS = frozenset({"prepare", "gear", "poise", "ready", "brace"})
_PREPARATION = Sense("preparation", "MOBILIZE", "troops", "15", None)


def _prepared(verb: Token) -> bool:
    node = verb
    for _ in range(3):  # "prepared to resume shelling": through a phase verb or two
        if node.dep_ not in ("xcomp", "advcl") or node.head.i == node.i:
            return False
        node = node.head
        if node.lemma_.lower() in _PREPARE_VERBS:
            return True
    return False


def _failed_agreement(cand: _Cand, sense: Sense, state: _Status) -> Sense:
    """"failed to reach agreement", "failed to agree": talks that ended without the
    agreement are a rejection (CAMEO 12), not a negated agreement."""
    head = cand.light or cand.head
    failed = head.dep_ == "xcomp" and head.head.lemma_.lower() == "fail"
    if sense.type != "AGREE" or not failed or "negated" not in state.flags:
        return sense
    state.flags -= {"negated"}
    return _REFUSAL


_PROMISE_VERBS = frozenset({"vow", "pledge", "promise", "swear", "commit", "undertake"})


def _vowed_violence(cand: _Cand, sense: Sense, sent: _Sentence) -> Sense | None:
    """"vowed to fight on", "swore to retake the town": a promise of violence is a threat
    (CAMEO 13), as PLOVER codes any conflictual intention."""
    if cand.kind != "verb" or not _in(cand.head, _PROMISE_VERBS):
        return None
    promised = [sent.types.get(c.i) for c in cand.head.children if c.dep_ == "xcomp" or (
        c.dep_ == "advcl" and any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children))]
    if not any(t in _CONFLICTUAL for t in promised):
        return None
    return Sense("threat", "THREATEN", "violence", "13", None)


def _ultimatum(cand: _Cand, sense: Sense, state: _Status) -> Sense:
    """"will withdraw its troops unless the rebels agree": an intention made conditional on
    what the other side does ("unless", "if ... not") is an ultimatum (CAMEO 139)."""
    stated = sense.name == "intent" or (
        state.future and cand.kind == "verb" and sense.type in _PROMISE_TYPES | _CONFLICTUAL)
    if not stated or not _conditioned(cand.head):
        return sense
    # "would withdraw unless ...": the condition made the clause hypothetical; the threat
    # itself is stated, of something planned.
    state.flags -= {"hypothetical"}
    state.flags.add("planned")
    return Sense("threat", "THREATEN", "relations", "13", None)


def _conditional_offer(cand: _Cand, sense: Sense, state: _Status) -> Sense:
    """"said they would meet the mediator if he ...": a cooperative act an actor would do
    on a condition is an offer (CAMEO 03), stated now; the condition does not make the
    offer hypothetical. (A condition on the other side's refusal is an ultimatum.)"""
    offered = cand.kind == "verb" and sense.type in _PROMISE_TYPES and state.future
    if not offered or "hypothetical" not in state.flags or "negated" in state.flags:
        return sense
    subject = any(c.dep_ == "nsubj" and c.pos_ in ("PRON", "PROPN", "NOUN")
                  for c in cand.head.children)
    conditions = [c for c in cand.head.children if c.dep_ == "advcl" and any(
        m.dep_ == "mark" and m.lower_ == "if" for m in c.children)]
    if not subject or not conditions:
        return sense
    state.flags -= {"hypothetical"}
    state.flags.add("planned")
    return Sense("intent", "AGREE", None, "03", None)


def _ruled_out(cand: _Cand, sense: Sense, state: _Status) -> Sense:
    """"lifting the sanctions is out of the question": an act ruled out is refused
    (CAMEO 12), not a concession."""
    head = cand.light or cand.head
    if head.dep_ != "csubj" or head.head.lemma_.lower() != "be":
        return sense
    ruled_out = any(p.dep_ == "prep" and p.lower_ == "out" and any(
        o.lower_ == "of" and any(q.lemma_.lower() == "question" for q in o.children)
        for o in p.children) for p in head.head.children)
    if not ruled_out:
        return sense
    state.flags -= {"negated", "hypothetical", "planned"}
    return _REFUSAL


def _conditioned(verb: Token) -> bool:
    for clause in (c for c in verb.children if c.dep_ == "advcl"):
        marks = {m.lower_ for m in clause.children if m.dep_ == "mark"}
        negated = any(m.dep_ == "neg" for m in clause.children)
        if "unless" in marks or ("if" in marks and negated):
            return True
    return False


# Verbs that only bring someone somewhere for a purpose: "sent experts to investigate",
# "summoned the ambassador to complain", "flew to Cairo to mediate". CAMEO coders code
# the purpose, the act the trip is for, as the sentence's event.
_MEANS_VERBS = frozenset({"send", "dispatch", "summon", "travel", "go", "come", "fly",
                          "arrive", "head", "return"})


def _purpose_of(verb: Token, lex: EventLexicon) -> Token | None:
    """The means verb whose purpose ``verb`` is, if any: the head of its "to"-purpose
    clause, also through "help" ("arrived to help deliver aid"); or, for an event noun,
    the trip verb whose "for" phrase it is ("gathered for a meeting", see `_purpose`)."""
    if verb.pos_ in _NOUN_POS:
        return verb.head.head if _purpose(verb, lex) and verb.head.head.i != verb.i else None
    clause = verb.head if verb.dep_ == "xcomp" and _in(verb.head, _HELP_VERBS) else verb
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
    gov = clause.head
    if clause.dep_ in ("advcl", "xcomp") and infinitive and gov.i != clause.i and (
            gov.lemma_.lower() in _MEANS_VERBS):
        return gov
    return None


_HELP_VERBS = frozenset({"help"})


def _purpose_shift(head: Token, heads: frozenset[int], lex: EventLexicon) -> int:
    """Clause-depth correction for the main event: a purpose that is an event ranks above
    the trip that serves it (-1), and the trip below it (+1); see ``_MEANS_VERBS``."""
    means = _purpose_of(head, lex)
    if means is not None and means.i in heads:
        # "arrived to help deliver aid": "help" is one clause level more to make up for
        return -2 if head.dep_ == "xcomp" and _in(head.head, _HELP_VERBS) else -1
    doc = head.doc
    served = any(i != head.i and _purpose_of(doc[i], lex) == head for i in heads)
    return 1 if served else 0


def _span(doc: Doc, tokens: Sequence[Token]) -> Span:
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return Span(start=start, end=end, text=doc_text(doc)[start:end])


@dataclass(frozen=True, slots=True)
class _Sentence:
    """What the triggers of one sentence share."""

    n: int  # index in doc.sents
    heads: frozenset[int]  # head tokens of all its triggers
    protest: tuple[str, str] | None  # ACLED protest sub-type, when it reports a protest
    types: dict[int, str] = field(default_factory=dict)  # head -> PLOVER type of its word


def _trigger(cand: _Cand, sent: _Sentence, actors: Sequence[Actor], lex: EventLexicon) -> Trigger:
    sense, _rule_name = _refine(cand, lex)
    sense = _protest_sense(cand, sense, sent.protest)
    sense = _relief(cand, sense, lex)
    sense = _territory_side(cand, sense, actors, lex)
    state = _status(cand, lex)
    sense = _announced_refusal(sense, state)
    sense = _failed_agreement(cand, sense, state)
    sense = _intent_event(cand, sense, state, sent.heads)
    sense = _vowed_violence(cand, sense, sent) or _ultimatum(cand, sense, state)
    sense = _conditional_offer(cand, sense, state)
    sense = _ruled_out(cand, sense, state)
    return Trigger(
        head=cand.head.i,
        span=_span(cand.head.doc, cand.tokens),
        type=sense.type,
        mode=sense.mode,
        cameo=sense.cameo,
        acled=sense.acled,
        status=state.final(),
        attributed_to=_attributed(state.speaker, actors),
        sentence=sent.n,
        depth=_depth(cand) + _purpose_shift(cand.head, sent.heads, lex),
        absorbed=tuple(_span(cand.head.doc, [t]) for t in [*cand.absorbed,
                                                            *_happening(cand, sent.heads),
                                                            *_left_toll(cand, sent.heads)]
                       if t.i != cand.head.i),
    )


# Verbs that only say an event took place: with an event noun as their subject they state
# that event, and are no event of their own ("the attack occurred in X", "clashes erupted",
# "a battle that broke out"). "break" and "take" count only as "break out", "take place".
_HAPPENING_VERBS = frozenset({"happen", "occur", "erupt", "flare", "rage", "begin", "start",
                              "continue", "resume", "unfold", "ensue", "intensify", "escalate",
                              "spread", "persist", "recur", "commence", "break", "take",
                              # a blast "ripped through" or "rocked" a place
                              "rip", "tear", "rock", "shake",
                              # "the raid left 22 people dead"
                              "leave",
                              # "bombs were planted at two homes"
                              "plant", "report",
                              # "mortars rained down on the port"
                              "rain",
                              # "the bombing claimed 14 lives"
                              "claim",
                              # "the offensive is aimed at the supply road"
                              "aim",
                              # "fighting has engulfed the old city"
                              "embroil", "engulf", "grip", "sweep",
                              # "the blast was caused by a mine", "the attack caused panic"
                              "cause",
                              # "the raids brought the death toll to 40"
                              "bring"})
# Verbs of aspect: "began attacking", "continued to shell" state the act they introduce;
# "managed to advance" states that it happened.
_ASPECT_VERBS = frozenset({"begin", "start", "continue", "resume", "keep", "manage"})
_TOLL_WORDS = frozenset({"dead", "wounded", "injured", "homeless", "displaced"})


def _happening(cand: _Cand, heads: frozenset[int]) -> list[Token]:
    """The verb that states a noun trigger's occurrence, when it is no trigger itself: the
    noun's own verb when the noun is its subject, or a relative clause on the noun; for a
    verb trigger, the verb of aspect it completes ("began attacking", "continued to shell")."""
    if cand.kind == "verb" and cand.head.dep_ == "xcomp":
        gov = cand.head.head
        return [gov] if gov.i not in heads and gov.lemma_.lower() in _ASPECT_VERBS else []
    opened = _opened_with(cand.head)
    if opened is not None and opened.i not in heads:
        return [opened]
    if cand.kind != "noun" or cand.light is not None:
        return []
    noun = _through_quantifier(_first_conjunct(cand.head))
    verbs = [noun.head] if noun.dep_ in ("nsubj", "nsubjpass") else []
    # "the incident happened in X and caused two deaths": verbs that share the subject
    verbs += [v for head in verbs for v in head.conjuncts if v.i > noun.i and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in v.children)]
    verbs += [c for c in noun.children if c.dep_ in ("relcl", "acl")]
    if noun.dep_ == "attr" and any(c.dep_ == "expl" for c in noun.head.children):
        verbs.append(noun.head)  # "there was an attack in X"
    return [v for v in verbs if v.pos_ in ("VERB", "AUX") and v.i not in heads
            and _happens(v)] + _had_fight(cand, noun, heads) + _part_of(noun, heads)


def _part_of(noun: Token, heads: frozenset[int]) -> list[Token]:
    """"the blast was one part of a wave of attacks across the city": the copula that makes
    something part of an event states that event (seen through "wave", "series", ...)."""
    while noun.dep_ == "pobj" and noun.head.lower_ == "of" and (
            noun.head.head.lemma_.lower() in _TRANSPARENT):
        noun = noun.head.head
    if noun.dep_ != "pobj" or noun.head.lower_ != "of":
        return []
    part = noun.head.head
    if part.lemma_.lower() != "part" or part.dep_ != "attr" or part.head.lemma_ != "be":
        return []
    return [part.head] if part.head.i not in heads else []


def _had_fight(cand: _Cand, noun: Token, heads: frozenset[int]) -> list[Token]:
    """"the patrol had a firefight with gunmen": "have" with a fight and whom it was fought
    with states that fight (not "had talks", whose "have" is no light verb here)."""
    if cand.sense != "clash" or noun.dep_ != "dobj" or not _is(noun.head, "have") or (
            noun.head.i in heads):
        return []
    with_party = any(c.dep_ == "prep" and c.lower_ == "with" for c in noun.children)
    return [noun.head] if with_party else []


def _left_toll(cand: _Cand, heads: frozenset[int]) -> list[Token]:
    """"attacked a hotel, leaving 17 dead": a participle clause that states the toll of a
    violent act belongs to that act (as "the raid left 17 dead" does to the raid), and so
    does one that states what it set off ("shot at the post, prompting troops to return
    fire"; "..., bringing the death toll to 40")."""
    if cand.kind != "verb" or load_lexicon().senses[cand.sense].type not in _VIOLENT:
        return []
    return [c for c in cand.head.children if c.dep_ == "advcl" and c.tag_ == "VBG"
            and c.i not in heads and _consequence(c)]


# Verbs that state what a violent act set off: "..., prompting a return of fire",
# "..., forcing residents to flee", "..., sparking protests".
_CONSEQUENCE_VERBS = frozenset({"prompt", "force", "send", "trigger", "spark", "cause"})
_COUNT_WORDS = frozenset({"toll", "total", "number", "tally"})


def _consequence(verb: Token) -> bool:
    if _is(verb, "leave") or _is(verb, "bring"):  # "..., bringing the toll to 40"
        return _happens(verb)
    return _in(verb, _CONSEQUENCE_VERBS)


def _opened_with(head: Token) -> Token | None:
    """The verb of aspect whose "by" or "with" phrase is the act: "began the morning with
    an assault on X", "began by launching a counter-attack" state that act."""
    prep = head.head
    if head.dep_ not in ("pobj", "pcomp") or prep.dep_ != "prep" or prep.lower_ not in (
            "by", "with"):
        return None
    verb = prep.head
    # opening verbs only: "went on with his attack on the minister" is as often a speech
    return verb if verb.pos_ == "VERB" and verb.lemma_.lower() in _OPENING_VERBS else None


# ... and answering ones: "responded by launching airstrikes", "retaliated with shelling"
_OPENING_VERBS = frozenset({"begin", "start", "respond", "retaliate", "react"})


def _happens(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    if lemma == "be":  # "there was an attack", "the raid was on the hamlet of X"
        return any(c.dep_ == "expl" or (c.dep_ == "prep" and c.lower_ in _PLACE_PREPS)
                   for c in verb.children)
    if _carried_out(verb, load_lexicon()):
        return True
    if lemma not in _HAPPENING_VERBS:
        return False
    if lemma == "break":
        return any(c.dep_ == "prt" and c.lower_ == "out" for c in verb.children)
    if lemma == "take":
        return any(c.dep_ == "dobj" and c.lower_ == "place" for c in verb.children)
    if lemma == "leave":
        return any(t.lower_ in _TOLL_WORDS for t in verb.subtree)
    if lemma == "bring":
        return any(c.dep_ == "dobj" and _in(c, _COUNT_WORDS) for c in verb.children)
    if lemma == "claim":  # "the blasts claimed nine lives" (not "claimed responsibility")
        return any(c.dep_ == "dobj" and c.lemma_.lower() == "life" for c in verb.children)
    if lemma == "report":  # "clashes were reported in X": the passive reports the event
        return any(c.dep_ == "auxpass" for c in verb.children)
    return True


# Verbs of dying: no event of their own ("died of cancer"), but the outcome of the violence
# they name as their cause ("died in clashes", "perished when the bomb exploded", "lost
# their lives in an attack"). "lose" counts only with "life" as its object.
_DEATH_VERBS = frozenset({"die", "perish", "lose"})


def _deaths(sent: SpacySpan, cands: list[_Cand], lex: EventLexicon) -> None:
    """Give each violent trigger the verbs of dying that report its outcome (kept in
    ``absorbed``), found like the casualty verbs of ``_absorb``."""
    by_head = {c.head.i: c for c in cands}
    for token in sent:
        if token.i in by_head or token.pos_ not in _VERB_POS or not _dies(token):
            continue
        host = _violent_source(_Cand(token, [token], "", "verb"), by_head, lex)
        if host is not None:
            host.absorbed.append(token)


def _dies(verb: Token) -> bool:
    if not _in(verb, _DEATH_VERBS):
        return False
    return not _is(verb, "lose") or any(
        c.dep_ == "dobj" and c.lemma_.lower() == "life" for c in verb.children)


def _sentence_candidates(sent: SpacySpan, lex: EventLexicon) -> list[_Cand]:
    cands = _light_verbs(sent, _candidates(sent, lex), lex)
    cands = [_lift(c) for c in cands if _asserted(c, lex)]
    cands = _absorb(cands, lex)
    cands = [c for c in cands if not _accidental(c, lex)]
    _deaths(sent, cands, lex)
    return cands


def find_triggers(doc: Doc, actors: Sequence[Actor]) -> list[Trigger]:
    """Every event trigger of the report, sorted by position in the text."""
    lex = load_lexicon()
    found: list[Trigger] = []
    for n, sent in enumerate(doc_sents(doc)):
        cands = _sentence_candidates(sent, lex)
        facts = _Sentence(n, frozenset(c.head.i for c in cands), _protest_acled(sent, lex),
                          {c.head.i: lex.senses[c.sense].type for c in cands})
        found += [_trigger(c, facts, actors, lex) for c in cands]
    return sorted(found, key=lambda t: (t.span.start, t.span.end))


def text_context(doc: Doc) -> str | None:
    """The PLOVER-style context of a report with no event of its own: "natural_disaster",
    "accident" (PLOVER's enviro_disaster, split) or "crime"; the one with most words wins,
    ``None`` when no context word occurs."""
    lex = load_lexicon()
    tokens = list(doc)
    counts = {name: _count(tokens, words) for name, words in lex.contexts.items()}
    name, count = max(counts.items(), key=lambda item: item[1])
    return name if count else None


def _count(tokens: Sequence[Token], words: Words) -> int:
    return sum(_has_words([t], words) for t in tokens) + sum(
        1 for t in tokens for seq in words.multi
        if t.i + len(seq) <= len(t.doc) and all(
            _is(t.doc[t.i + k], w) for k, w in enumerate(seq)))


# --------------------------------------------------------------------------- for other passes
# The agreement pass (extract/agreements.py) reads status and speakers with the same rules
# as events; these wrappers expose them without changing what events get.


@dataclass(frozen=True, slots=True)
class ClauseStatus:
    """What :func:`clause_status` finds for words that are not (necessarily) a trigger."""

    status: EventStatus
    attributed_to: str | None  # actor id of the speaker, when the clause is reported speech
    speaker: tuple[Token, ...]  # the speaker's words (empty when no speaker is named)
    flags: frozenset[str]  # every status flag raised, not only the one that wins
    future: bool  # a future or modal auxiliary on the clause ("would not sign")


def clause_status(tokens: Sequence[Token], actors: Sequence[Actor]) -> ClauseStatus:
    """Status and speaker of the clause the words ``tokens`` head, by the event rules."""
    head = _phrase_head(list(tokens))
    kind = "verb" if head.pos_ in _VERB_POS or head.pos_ == "AUX" else "noun"
    state = _status(_Cand(head, list(tokens), "", kind), load_lexicon())
    speaker = tuple(state.speaker or ())
    return ClauseStatus(state.final(), _attributed(speaker, actors), speaker,
                        frozenset(state.flags), state.future)


def word_forms(token: Token) -> tuple[str, ...]:
    """Lemma, lower-case form and suffix-stripped stems of a token (cached per Doc)."""
    return _forms(token)
