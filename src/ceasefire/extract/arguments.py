"""Event arguments: who did it to whom, where and when it happened, and who died in it.

``build_event`` turns one :class:`~ceasefire.extract.triggers.Trigger` into an
:class:`~ceasefire.schema.Event`, reading the dependency parse around the trigger's head word
and the records the other extractors found in the same report (actors, places, times,
figures). Everything it needs from the Doc is indexed once per report (:class:`_Index`), so
each event costs a walk over a few tokens, never a scan of all mentions.

Roles (source and target actor ids):

* verbs: ``nsubj`` is the source and ``dobj`` / ``dative`` / ``nsubjpass`` / the object of
  "against", "on", "with", "to" the target; in the passive the ``agent`` ("by X") is the
  source; a verb with no target of its own takes its infinitive's ("agreed to meet X");
* a clause without its own subject borrows one: an infinitive after an object takes that
  object ("urged the factions to sign": the factions sign), otherwise its head's subject, as
  do conjoined verbs and participles ("attacked the town, killing 12"); a relative or
  participial clause takes the noun it describes ("forces that attacked", "the town shelled
  by X" as target);
* nouns: the possessor and actor modifiers are the source ("Haftar's offensive", "Israeli
  airstrikes"), so are "by", "between" and "among" ("talks between X and Y"), "with", "on",
  "against" give the target; a noun that is the object of a light verb ("launched an
  offensive", "held talks") takes that verb's subject;
* an argument phrase maps to actors through the mentions the actor stage found: the longest
  mention covering its head ("Haftar's forces" is the LNA, whose mention covers the phrase),
  plus actors named in its own modifiers that that mention does not cover ("the LNA and GNA
  forces"), its conjuncts ("Russia and Turkey"), and, when the head names no actor, its
  apposition ("the commander, Haftar") or its "of" phrase ("members of Hamas");
* pronouns and short references are resolved once per report (:func:`_references`).

Place (``place_basis`` "sentence"): a place named in a locative phrase of the trigger's
clause ("in", "at", "near", "outside", "north of" ...; "on"/"against" too for violent
events) or an object that is itself a place ("shelled Misrata", "the town of X"), the
finest first; else a place that locates a participant ("a policeman in Amara was killed");
else one in an "as"/"when"/purpose clause around the trigger's (not a "since"/"before"
clause, which tells another time); else, when nothing nearer does, one in a clause that
describes a participant ("killed fighters who tried to break the siege of X"); else, for
physical events, a place modifying the subject ("Cairo workers demonstrated"; below
country level except for protests); else, for a violent event, the place of another
violent event of the sentence ("killing 26 and wounding 48 in X": one incident), unless a
semicolon or dash separates them or that event sits in a relative clause, an apposition
or a clause of another time. "over" locates violent events ("shot down over X"); a
direction phrase on a participant ("targeting positions northeast of X") locates it when
nothing else does. A share of a place ("a quarter of Tigray", "one of Mosul's bridges")
and the air or sea over it ("the skies over Kyiv", "Lebanese airspace") are that place;
a casualty verb the trigger took in and that shares its subject ("shot and killed two men
in the town of X") places it like the trigger's own clause. A direction from a
reference point ("Nineveh province, west of Erbil") and a restated area ("in the X
Valley, in Y province") yield to the place they locate; a site named with a division
word ranks as a division, one named with a building word ("the X market") after the town
it stands in. A verb of arriving before the trigger places it ("burst into a shop in X and
started firing"); "the battle for X", "the entrance to X", "took to the streets of X",
"outside A and in X" and a division's own name ("the X region of Y") are read as places.
Topics ("talks in Moscow on Libya"), origins ("from") and other
events' clauses are not read. Failing all, the report's dateline ("TRIPOLI, Jan 13
(Reuters) -"; basis "dateline"), else None. No document-wide guess is made.

Time: a time expression attached to the trigger (or the verb carrying a noun trigger) in
the parse; else the only one in its clause; else the only one in the sentence when it
dates a reporting verb above the trigger ("said on Sunday that militants attacked") or an
"as"/"when"/"while" clause of it. Period bounds ("since April") never date an event. The
dates are the times stage's (already resolved with the governing verb's tense). Failing
that, the dateline's date (basis "dateline"), the publication date (basis "published",
precision "day"), or ``EventTime(None, "day", None, "unknown")``.

Fatalities: see :func:`_fatalities`; ``None`` when no figure belongs to the event, never a
record of three ``None``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ceasefire.kb.actors import ActorKB
from ceasefire.nlp import doc_sents, doc_text
from ceasefire.schema import (
    Actor,
    DocumentMeta,
    Event,
    EventTime,
    Fatalities,
    Place,
    Quantity,
    Span,
    TimeExpr,
)

if TYPE_CHECKING:
    from ceasefire.extract.triggers import Trigger

__all__ = ["Context", "build_event"]

Token = Any  # spacy.tokens.Token; spaCy ships no type stubs


@dataclass(frozen=True, slots=True)
class Context:
    """Everything the other extractors found in one report (the lead builds it)."""

    doc: Any
    meta: DocumentMeta
    actors: tuple[Actor, ...]
    places: tuple[Place, ...]
    times: tuple[TimeExpr, ...]
    quantities: tuple[Quantity, ...]
    # Every trigger of the report, when the caller already has them (events.py does).
    triggers: tuple[Trigger, ...] | None = None


def build_event(context: Context, n: int, trigger: Trigger) -> Event:
    """The event ``trigger`` names, with its roles, place, date and casualties."""
    index = _index(context)
    head = context.doc[trigger.head]
    carried = _carried(head, trigger.span)
    source, target = _roles(index, head, carried, trigger.type)
    source, target = _with_outcome_roles(index, trigger, source, target)
    anchors = _clause_anchors(head) + carried + _outcome_verbs(index, trigger)
    place, place_basis = _place(index, anchors, trigger.type)
    if place_basis != "sentence" and _violent(trigger):
        place, place_basis = _sibling_place(index, trigger) or (place, place_basis)
    return Event(
        id=f"evt:{context.meta.id[:12]}:{n}",
        type=trigger.type,
        mode=trigger.mode,
        cameo=trigger.cameo,
        acled=trigger.acled,
        source=source,
        target=target,
        place=place,
        time=_time(index, head, carried),
        fatalities=_fatalities(index, trigger) if _violent(trigger) else None,
        status=trigger.status,
        attributed_to=trigger.attributed_to,
        evidence=_stripped(head.sent),
        trigger=trigger.span,
        place_basis=place_basis,
    )


# ------------------------------------------------------------------------ vocabulary

_NOUNS = frozenset({"NOUN", "PROPN"})
_VERBS = frozenset({"VERB", "AUX"})
_SUBJECTS = frozenset({"nsubj", "csubj", "expl"})
_PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})
_OBJECTS = frozenset({"dobj", "dative", "nsubjpass"})
_RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom", "whose"})
# Verbs whose object does what their infinitive says ("urged the factions to sign"); with
# other verbs the subject does ("called Erdogan to apologise": the caller apologises).
_OBJECT_CONTROL = frozenset({
    "urge", "ask", "force", "order", "tell", "invite", "persuade", "encourage",
    "allow", "help", "compel", "press", "pressure", "push", "request", "require",
    "instruct", "advise", "prompt", "enable", "permit", "authorize", "authorise", "get",
    "convince", "oblige", "summon", "appeal", "beg", "implore", "direct", "command",
})
# Prepositions whose object undergoes the event: "fired on protesters", "met with Putin".
_TARGET_PREPS = frozenset({"against", "on", "upon", "with"})
# Prepositions whose objects act together in a noun event: "talks between X and Y".
_MUTUAL_PREPS = frozenset({"between", "among", "amongst"})
# Verbs that only carry an event noun: their subject is the noun's source ("X launched an
# offensive", "X held talks"). Kept short: "condemned the attack" must not make the
# condemner the attacker.
_LIGHT_VERBS = frozenset({
    "launch", "carry", "conduct", "stage", "hold", "mount", "begin", "start", "continue",
    "resume", "wage", "unleash", "make", "step", "intensify", "escalate", "renew", "attend",
    "join", "sign", "open", "undertake", "perform", "execute", "initiate", "pursue",
})
# Where an event happens: "in Tripoli", "near Sirte", "outside the capital", "into Syria".
_LOCATIVE_PREPS = frozenset({
    "in", "at", "near", "outside", "inside", "around", "across", "throughout", "within",
    "into", "along", "off", "onto", "beside", "nearby", "through",
    "behind", "beyond", "beneath", "opposite",
})
# ... and, for violent events only, where the blow lands: "an offensive on Tripoli", "shot
# down over Idlib" ("over" kept for violent events only: elsewhere it is mostly a topic,
# "talks over Kashmir"; round 6, silver S1/S2 +12/+14 rows, RELABEL dev halves unchanged).
_VIOLENT_PREPS = frozenset({"on", "upon", "against", "toward", "towards", "over"})
_VIOLENT_ACLED = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
# Precision order of places: a town says more than its province, a province than a country.
# (Steps of two leave room for a building between a town and its province, below.)
_PLACE_RANK = {"site": 0, "city": 2, "admin1": 4, "region": 6, "country": 8}
_UNRANKED = 10
# Time expressions that bound a period rather than date an event ("since April").
_PERIOD_CUES = re.compile(r"(?i)^(?:since|until|till|by)\b")


def _violent(trigger: Trigger) -> bool:
    return trigger.type == "ASSAULT" or (trigger.acled is not None
                                         and trigger.acled[0] in _VIOLENT_ACLED)


def _stripped(sent: Any) -> Span:
    """A sentence span without the whitespace tokens around it."""
    words = [t for t in sent if not t.is_space]
    if not words:
        return Span(sent.start_char, sent.start_char, "")
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    return Span(start, end, doc_text(sent.doc)[start:end])


# ------------------------------------------------------------------------ the index


@dataclass(frozen=True, slots=True)
class _Mention:
    first: int  # token index of the first token
    last: int  # token index of the last token (inclusive)
    ref: str  # actor or place id
    rank: int = 0  # places: precision rank (lower is finer)

    @property
    def size(self) -> int:
        return self.last - self.first + 1

    def covers(self, other: _Mention) -> bool:
        return self.first <= other.first and other.last <= self.last


@dataclass(slots=True)
class _Index:
    """Token-level lookups for one report, built once (see :func:`_index`)."""

    context: Context
    actors_at: dict[int, list[_Mention]]  # token -> actor mentions covering it, longest first
    places_at: dict[int, list[_Mention]]
    kinds: dict[str, str]  # actor id -> person | country | group
    sectors: dict[str, str | None]
    references: dict[int, str] = field(default_factory=dict)  # pronoun token -> actor id
    dateline: _Dateline | None = None
    # Datelines that open a later section of a compiled report ("MOSUL, March 3 -"), in
    # text order: an event after one takes its place and date instead of the first's.
    later_datelines: list[_Dateline] = field(default_factory=list)
    _triggers: tuple[Trigger, ...] | None = None  # every trigger of the report
    _by_sentence: dict[int, list[Trigger]] | None = None  # sentence start -> violent triggers

    @property
    def doc(self) -> Any:
        return self.context.doc

    def triggers(self) -> tuple[Trigger, ...]:
        """Every trigger of the report (the trigger finder runs once per report)."""
        if self._triggers is None:
            from ceasefire.extract.triggers import find_triggers

            self._triggers = self.context.triggers
            if self._triggers is None:
                self._triggers = tuple(find_triggers(self.doc, self.context.actors))
        return self._triggers

    def trigger_heads(self) -> set[int]:
        return {t.head for t in self.triggers()}

    def violent_in(self, sent: Any) -> list[Trigger]:
        """The violent triggers of a sentence."""
        if self._by_sentence is None:
            self._by_sentence = {}
            for trig in self.triggers():
                if _violent(trig):
                    start = self.doc[trig.head].sent.start
                    self._by_sentence.setdefault(start, []).append(trig)
        return self._by_sentence.get(sent.start, [])


# A few reports at a time: events.py builds every event of one report in a row.
@lru_cache(maxsize=4)
def _index(context: Context) -> _Index:
    doc = context.doc
    starts = [t.idx for t in doc]
    actors_at = _token_map(starts, ((a.id, m, 0) for a in context.actors for m in a.mentions))
    text = doc_text(doc)
    places_at = _token_map(starts, ((p.id, m, _place_rank(p, m, text))
                                    for p in context.places for m in p.mentions))
    kinds = {a.id: _kind(doc, a) for a in context.actors}
    index = _Index(context, actors_at, places_at, kinds, {a.id: a.sector for a in context.actors})
    index.references = _references(index)
    index.dateline = _dateline(context)
    index.later_datelines = _later_datelines(context, index.dateline)
    return index


# A division word after a name: "Shaba province" is a province, even one the gazetteer lacks.
_DIVISION_AFTER = re.compile(
    r"\s+(?:province|governorate|state|region|oblast|department|county)\b", re.IGNORECASE)
# Nigeria's local government areas ("Bama LGA", after the name or read with it) lie between
# a village and a state (round 8: "X village of Y Local Government Area" had the area
# chosen over the village, both being sites, and an area tied with its state).
_LOCAL_AREA_AFTER = re.compile(r"\s+(?:local government area|lga)\b", re.IGNORECASE)
_LOCAL_AREA_END = re.compile(r"\s(?:local government area|lga)$", re.IGNORECASE)
# A named building ("the Rawda market in central Kabul", "the X mosque in Y") stands in a
# town, and the town is where the event is said to be: it ranks after the town, before the
# province (round 8, silver S1 rows read; hospitals, airports, squares and plants were right
# as sites as often as not, so they stay sites; "hotel" and "school" were dropped from the
# list because they lowered a RELABEL dev half and won no silver row).
_BUILDINGS = (r"market|bazaar|restaurant|cafe|mosque|church|temple|factory|bridge|hall"
              r"|shop|stadium|mall|club|supermarket|cinema")
_BUILDING_AFTER = re.compile(rf"\s+(?:{_BUILDINGS})\b", re.IGNORECASE)
_BUILDING_END = re.compile(rf"\s(?:{_BUILDINGS})$", re.IGNORECASE)


def _place_rank(place: Place, mention: Span, text: str) -> int:
    """How fine one mention of a place is (:data:`_PLACE_RANK`). A place known only by
    name ranks as a site unless a division or building word follows or ends it."""
    if place.kind != "site":
        return _PLACE_RANK.get(place.precision, _UNRANKED)
    if _LOCAL_AREA_AFTER.match(text, mention.end) or _LOCAL_AREA_END.search(
            text, mention.start, mention.end):
        return _PLACE_RANK["city"] + 1
    if _DIVISION_AFTER.match(text, mention.end):
        return _PLACE_RANK["admin1"]
    if _BUILDING_AFTER.match(text, mention.end) or _BUILDING_END.search(
            text, mention.start, mention.end):
        return _PLACE_RANK["city"] + 1
    return _PLACE_RANK.get(place.precision, _UNRANKED)


def _token_map(starts: Sequence[int], items: Iterable[tuple[str, Span, int]]
               ) -> dict[int, list[_Mention]]:
    """Token index -> mentions that overlap the token, longest first (bisect, no scan)."""
    found: dict[int, list[_Mention]] = {}
    for ref, span, rank in items:
        first = max(bisect.bisect_right(starts, span.start) - 1, 0)
        last = max(bisect.bisect_left(starts, span.end) - 1, first)
        mention = _Mention(first, last, ref, rank)
        for i in range(first, last + 1):
            found.setdefault(i, []).append(mention)
    for mentions in found.values():
        mentions.sort(key=lambda m: (-m.size, m.first))
    return found


def _kind(doc: Any, actor: Actor) -> str:
    """person, country or group: the knowledge base says, else the NER label of a mention."""
    entry = ActorKB.load().get(actor.id) if actor.kb else None
    if entry is not None:
        return "group" if entry.kind == "organization" else entry.kind
    for span in actor.mentions:
        piece = doc.char_span(span.start, span.end, alignment_mode="expand")
        if piece is not None and piece.root.ent_type_ == "PERSON":
            return "person"
    return "group"


# ------------------------------------------------------------------------ token -> actors


def _covering(index: _Index, token: Token) -> _Mention | None:
    mentions = index.actors_at.get(token.i)
    return mentions[0] if mentions else None


def _phrase_actors(index: _Index, token: Token) -> list[str]:
    """Actors a noun phrase stands for (see the module docstring), conjuncts included."""
    found: list[str] = []
    for part in (token, *_conjuncts(token)):
        found += _single_phrase(index, part)
    return _unique(found)


def _conjuncts(token: Token) -> list[Token]:
    """Coordinated heads after ``token`` ("Russia and Turkey and Egypt")."""
    out: list[Token] = []
    stack = [c for c in token.children if c.dep_ == "conj"]
    while stack:
        conj = stack.pop(0)
        out.append(conj)
        stack += [c for c in conj.children if c.dep_ == "conj"]
    return out


def _single_phrase(index: _Index, token: Token) -> list[str]:
    if token.i in index.references:
        return [index.references[token.i]]
    mentions = _maximal(_core_mentions(index, token))
    if mentions:
        return [m.ref for m in sorted(mentions, key=lambda m: m.first)]
    appositions = [c for c in token.children if c.dep_ == "appos"]  # "the head, Haftar,"
    for child in appositions + [c for c in token.children if c.dep_ == "prep"]:
        of = child.lower_ == "of" and _group_noun(token)  # "members of Hamas"
        by = child.lower_ == "by"  # "a request by X", "a bombing by X"
        inner = child if child.dep_ == "appos" else _pobj(child) if of or by else None
        found = _phrase_actors(index, inner) if inner is not None else []
        if found:
            return found
    return []


def _group_noun(token: Token) -> bool:
    """A noun that stands for the group in its "of" phrase ("members of Hamas", "forces of
    the GNA", "the head of the UN mission"), not a relative or a thing ("the son of X")."""
    lexicon = ActorKB.load().lexicon
    return lexicon.group(token.lemma_, token.text) is not None


def _core_mentions(index: _Index, token: Token) -> list[_Mention]:
    """Mentions on the head and its left modifiers (not its clauses, appositions or PPs)."""
    found: list[_Mention] = []
    head = _covering(index, token)
    if head is not None:
        found.append(head)
    for child in token.lefts:
        if child.dep_ in ("det", "punct", "cc", "conj", "case") or _backing(child):
            continue
        for tok in child.subtree:
            mention = _covering(index, tok)
            if mention is not None:
                found.append(mention)
    return found


def _backing(modifier: Token) -> bool:
    """ "UN-supported", "Russian-backed", "U.S.-led": the actor in such a modifier backs
    or leads the noun's referent; it is not that referent. ("rebel-held", "ISIS-controlled"
    name the holder, who is: attacking a rebel-held town attacks the rebels.)"""
    return any(t.tag_ == "VBN" and t.lemma_.lower() in _BACKING_VERBS for t in modifier.subtree)


_BACKING_VERBS = frozenset({
    "back", "support", "sponsor", "lead", "arm", "fund", "finance", "train", "broker",
    "mediate", "recognise", "recognize", "ally", "align", "affiliate", "link", "endorse",
    "install", "appoint", "sanction", "aid", "assist", "equip", "supply",
})


def _maximal(mentions: list[_Mention]) -> list[_Mention]:
    """Drop mentions inside another one ("Haftar" inside "Haftar's forces")."""
    unique = list(dict.fromkeys(mentions))
    return [m for m in unique
            if not any(o is not m and o.covers(m) and o.size > m.size for o in unique)]


def _pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


# ------------------------------------------------------------------------ pronouns

# Pronouns and short references, with the kind of actor they can stand for.
_PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
_GROUP_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves", "it", "its",
                             "itself"})
# Armed groups outside the state: "the rebels", "the militia" never take up a state's army
# ("The army urged the rebels to surrender": the rebels are not the army).
_ARMED = frozenset({"REB", "UAF", "CRM"})
# "the group" and its kind: which sectors a definite short noun can take up. None: any
# organisation (not a person, not a country, not civilians or media).
_SHORT_NOUNS: dict[str, frozenset[str] | None] = {
    "group": None, "organisation": None, "organization": None, "movement": None,
    "alliance": None, "coalition": None, "outfit": None, "militia": _ARMED,
    "army": frozenset({"MIL"}), "military": frozenset({"MIL"}),
    "government": frozenset({"GOV"}), "regime": frozenset({"GOV"}),
}
# Plurals that name one group already told ("the rebels"); "the forces", "the factions"
# or "the fighters" are as often generic or several groups, so they are not taken up.
_SHORT_PLURALS: dict[str, frozenset[str] | None] = {
    "rebel": _ARMED, "insurgent": _ARMED, "militant": _ARMED, "jihadist": _ARMED,
}
_NOT_GROUPS = frozenset({"CVL", "REF", "MED"})
# Calibration: how far back an antecedent may lie. No coreference gold exists for this
# project; three sentences covers the hand-written cases and news paragraphs (a pronoun
# rarely reaches further back than its paragraph) without crossing into unrelated stories.
_REFERENCE_WINDOW = 3


def _references(index: _Index) -> dict[int, str]:
    """Pronoun / short-reference token -> actor id, resolved in text order.

    Heuristic (no coreference model): the nearest preceding actor mention of a compatible
    kind within :data:`_REFERENCE_WINDOW` sentences; "he"/"she" take people, "they"/"it"
    and "the group"/"the militia" take organisations and generic groups (countries too for
    "they"/"it"); "the militia" also needs an armed sector, "the government" a GOV one.
    Resolved references join the history, so "The group said it ..." chains.
    """
    doc = index.doc
    sent_of = {t.i: n for n, s in enumerate(doc_sents(doc)) for t in s}
    history: list[_Antecedent] = []  # in text order
    refs: dict[int, str] = {}
    for token in doc:
        ref = _reference_for(index, token, history, sent_of)
        if ref is not None:
            refs[token.i] = ref
            history.append(_Antecedent(token.i, ref, token.dep_ in _SUBJECT_ROLES,
                                       _main_subject(token)))
        for mention in index.actors_at.get(token.i, []):
            if mention.first == token.i:
                root = doc[mention.first:mention.last + 1].root
                history.append(_Antecedent(token.i, mention.ref, root.dep_ in _SUBJECT_ROLES,
                                           _main_subject(root)))
    return refs


def _main_subject(token: Token) -> bool:
    """The subject of its sentence's main verb: the topic a next sentence's "they" or "he"
    most often continues ("Residents said troops shelled the market. They asked ...")."""
    return token.dep_ in _SUBJECT_ROLES and token.head.dep_ == "ROOT"


@dataclass(frozen=True, slots=True)
class _Antecedent:
    position: int  # token index
    ref: str  # actor id
    subject: bool  # the mention is a clause's subject
    main: bool = False  # ... of its sentence's main verb


_SUBJECT_ROLES = frozenset({"nsubj", "nsubjpass"})


def _reference_for(index: _Index, token: Token, history: list[_Antecedent],
                   sent_of: dict[int, int]) -> str | None:
    """A subject pronoun prefers the nearest compatible *subject* ("The government denied
    claims by the ministry that it suspended ...": it is the government); possessives and
    objects, and subjects with no subject to take up, the nearest compatible mention."""
    accept = _antecedent_test(index, token)
    if accept is None:
        return None
    ahead = _cataphora(index, token, accept)
    if ahead is not None:
        return ahead
    if _main_subject(token) and token.pos_ == "PRON":
        topic = _previous_topic(index, token, history, sent_of)
        if topic is not None:  # the topic, or nobody when the topic cannot be the referent
            return topic.ref if accept(topic.ref) else None
    window: list[_Antecedent] = []
    for candidate in reversed(history):
        if sent_of[token.i] - sent_of[candidate.position] > _REFERENCE_WINDOW:
            break
        if candidate.position < token.left_edge.i and accept(candidate.ref):
            window.append(candidate)
    if token.dep_ in _SUBJECT_ROLES and token.pos_ == "PRON":
        window = [a for a in window if a.subject] or window
    return window[0].ref if window else None


def _previous_topic(index: _Index, token: Token, history: list[_Antecedent],
                    sent_of: dict[int, int]) -> _Antecedent | None:
    """The main-clause subject of the sentence just before, when the pronoun opens its own
    sentence's main clause and that subject is of the pronoun's kind (a person for "he",
    a group or several people for "they")."""
    here = sent_of[token.i]
    person = token.lower_ in _PERSON_PRONOUNS
    for candidate in reversed(history):
        there = sent_of[candidate.position]
        if there == here:
            continue
        if there < here - 1:
            return None
        if candidate.main and (index.kinds.get(candidate.ref) == "person") == person:
            return candidate
    return None


# Subordinators of a clause that may come before the main clause and borrow its subject:
# "Before they left Geneva, the delegates asked ...".
_FRONTED_MARKS = frozenset({"before", "after", "when", "while", "as", "once", "until",
                            "since", "although", "though", "because", "if"})


def _cataphora(index: _Index, token: Token, accept: Callable[[str], bool]) -> str | None:
    """The subject of a fronted subordinate clause that names nobody before it stands for
    the main clause's subject: "Before they left Geneva, the rebel delegates asked"."""
    clause = token.head
    if token.dep_ not in _SUBJECT_ROLES or clause.dep_ != "advcl" or clause.i > clause.head.i:
        return None
    if not any(c.dep_ == "mark" and c.lower_ in _FRONTED_MARKS for c in clause.children):
        return None
    for subject in (c for c in clause.head.children if c.dep_ in _SUBJECT_ROLES):
        refs = [m.ref for m in index.actors_at.get(subject.i, [])]
        if refs and accept(refs[0]):
            return refs[0]
    return None


def _antecedent_test(index: _Index, token: Token) -> Callable[[str], bool] | None:
    """What an antecedent of ``token`` must be, or None when it is no reference."""
    word = token.lower_
    if token.tag_ in ("PRP", "PRP$") and word in _PERSON_PRONOUNS:
        return lambda ref: index.kinds.get(ref) == "person"
    if token.tag_ in ("PRP", "PRP$") and word in _GROUP_PRONOUNS and token.dep_ != "expl":
        return lambda ref: (index.kinds.get(ref) != "person"
                            and index.sectors.get(ref) not in _NOT_GROUPS)
    if not _short_reference(token):
        return None
    table = _SHORT_PLURALS if token.tag_ == "NNS" else _SHORT_NOUNS
    sectors = table[token.lemma_.lower()]
    return lambda ref: _fits_short(index, ref, sectors)


def _short_reference(token: Token) -> bool:
    """ "the group", "the militia": a definite head with no other modifier."""
    lemma = token.lemma_.lower()
    table = _SHORT_PLURALS if token.tag_ == "NNS" else _SHORT_NOUNS
    if token.pos_ != "NOUN" or lemma not in table:
        return False
    lefts = list(token.lefts)
    return len(lefts) == 1 and lefts[0].lower_ in ("the", "this", "that")


def _fits_short(index: _Index, ref: str, sectors: frozenset[str] | None) -> bool:
    if index.kinds.get(ref) in ("person", "country"):
        return False
    sector = index.sectors.get(ref)
    return sector not in _NOT_GROUPS if sectors is None else sector in sectors


# ------------------------------------------------------------------------ roles


@dataclass(slots=True)
class _Roles:
    source: list[Token] = field(default_factory=list)
    target: list[Token] = field(default_factory=list)


def _carried(head: Token, span: Span) -> list[Token]:
    """Event nouns a light verb carries inside the trigger ("carried out an airstrike"):
    their own phrases ("on Idlib", "by Russian jets") belong to the event too."""
    if head.pos_ not in _VERBS:
        return []
    return [c for c in head.children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ in _NOUNS
            and span.start <= c.idx < span.end]


def _roles(index: _Index, head: Token, carried: list[Token], kind: str
           ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    roles = _noun_roles(head, kind) if head.pos_ in _NOUNS else _verb_roles(head)
    for noun in carried:
        inner = _noun_roles(noun, kind, light=False)
        roles.target = [t for t in roles.target if t.i != noun.i] + inner.target
        roles.source += inner.source
    source = _unique(a for t in roles.source for a in _phrase_actors(index, t))
    target = _unique(a for t in roles.target for a in _phrase_actors(index, t))
    if not source and head.dep_ == "acl" and head.tag_ != "VBN":
        # a passive participle's doer is its agent, never the main clause's subject
        # ("Qatar welcomed the truce signed by both sides": Qatar signed nothing)
        source = _unique(a for t in _issuer(head) for a in _phrase_actors(index, t))
    return tuple(source), tuple(target)


def _with_outcome_roles(index: _Index, trigger: Trigger, source: tuple[str, ...],
                        target: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Roles of a casualty verb the trigger took in ("killed in an airstrike", "attacked
    the post, killing four policemen", "were killed by IS fighters in clashes"): whoever it
    names as killed is a target of the event, and its killer the source when the trigger
    names none of its own. Whoever died ("civilians died in clashes") is killed too."""
    if trigger.type != "ASSAULT" or not trigger.absorbed:
        return source, target
    found_source: list[str] = []
    found_target: list[str] = []
    for span in trigger.absorbed:
        piece = index.doc.char_span(span.start, span.end, alignment_mode="expand")
        verb = piece.root if piece is not None else None
        if verb is None or verb.pos_ not in _VERBS or verb.i == trigger.head:
            continue
        roles = _verb_roles(verb)
        if verb.lemma_.lower() in ("die", "perish", "lose"):
            # "civilians died (lost their lives) in clashes": the subject of a verb of
            # dying is killed, like the passive subject of "were killed"; it names no killer
            roles = _Roles(target=[*roles.source, *roles.target])
        found_source += [a for t in roles.source for a in _phrase_actors(index, t)]
        found_target += [a for t in roles.target for a in _phrase_actors(index, t)]
    victims = [a for a in found_target if a not in source]
    killers = [a for a in found_source if a not in target and a not in victims]
    return (source or tuple(_unique(killers)), tuple(_unique([*target, *victims])))


def _outcome_verbs(index: _Index, trigger: Trigger) -> list[Token]:
    """The casualty verbs the trigger took in and hangs below ("were killed on Sunday in X
    amid shelling" is the shelling's event): their locative phrases say where that event
    was, since the dead fell where it struck. A casualty verb beside the trigger ("X was
    captured and Y was killed in Z") tells its own clause."""
    head = index.doc[trigger.head]
    above = {t.i for t in head.ancestors}
    # ... or joined to it with no subject of its own: one act in two verbs ("shot dead
    # three attackers in the town of X"; round 7, silver S1 rows read)
    beside = {t.i for t in _shared_subject(head) if t.dep_ == "conj"}
    verbs: list[Token] = []
    for span in trigger.absorbed if trigger.type == "ASSAULT" else ():
        piece = index.doc.char_span(span.start, span.end, alignment_mode="expand")
        verb = piece.root if piece is not None else None
        if verb is not None and verb.pos_ in _VERBS and verb.i in above | beside:
            verbs.append(verb)
    return verbs


def _issuer(verb: Token) -> list[Token]:
    """ "X issued a statement urging Y", "X approved a resolution criticizing Y": the
    participle describes a document, whose author acts through it."""
    noun = verb.head
    if noun.dep_ not in ("dobj", "attr") or noun.head.pos_ not in _VERBS:
        return []
    return _verb_roles(noun.head).source


def _verb_roles(verb: Token, depth: int = 0) -> _Roles:
    roles = _Roles()
    for child in verb.children:
        dep = child.dep_
        if dep in ("nsubj", "csubj"):
            roles.source.append(child)
        elif dep == "agent":
            roles.source += [c for c in child.children if c.dep_ == "pobj"]
        elif dep in _OBJECTS or dep in _PASSIVE_SUBJECTS:
            roles.target.append(child)
        elif dep == "prep" and child.lower_ in _TARGET_PREPS | {"to"}:
            roles.target += [c for c in child.children if c.dep_ == "pobj"]
    _relative(verb, roles)
    if not roles.source and depth < 3:
        roles.source = _borrowed_subject(verb, depth)
    if not roles.target and depth < 3:  # "agreed to meet X", "offered to hand over to X"
        for xcomp in (c for c in verb.children if c.dep_ == "xcomp"):
            roles.target += _verb_roles(xcomp, depth + 1).target
    return roles


def _relative(verb: Token, roles: _Roles) -> None:
    """ "forces that attacked" / "the town that was shelled": the relative pronoun stands
    for the noun the clause describes; a participle ("the town shelled by X") likewise."""
    noun = verb.head
    if verb.dep_ not in ("relcl", "acl") or noun.pos_ not in _NOUNS | {"PRON"}:
        return
    for role in (roles.source, roles.target):
        for i, token in enumerate(role):
            if token.lower_ in _RELATIVE_PRONOUNS and token.tag_ in ("WDT", "WP"):
                role[i] = noun
    if verb.dep_ == "acl" and noun not in roles.source + roles.target:
        # A participle with an object of its own is active whatever its tag says ("the
        # air force carried out strikes" misparsed as a noun phrase).
        passive = verb.tag_ == "VBN" and not any(c.dep_ == "dobj" for c in verb.children)
        (roles.target if passive else roles.source).append(noun)
    elif verb.dep_ == "relcl" and noun not in roles.source + roles.target:
        (roles.target if roles.source else roles.source).append(noun)


def _borrowed_subject(verb: Token, depth: int) -> list[Token]:
    """The subject a clause without one shares: "urged the factions to sign" (object
    control), "agreed to meet", "attacked and seized", "attacked the town, killing 12"."""
    head = verb.head
    if head.i == verb.i or verb.dep_ not in ("xcomp", "conj", "advcl", "pcomp", "prep"):
        return []
    if verb.dep_ == "pcomp":  # "after attacking the town": climb over the preposition
        return _borrowed_subject(head, depth + 1) if head.dep_ == "prep" else []
    if head.pos_ not in _VERBS and not any(c.dep_ in _SUBJECTS for c in head.children):
        return []  # (a verb the tagger took for a noun still has its subject: "rejects")
    if verb.dep_ == "xcomp" and head.lemma_.lower() in _OBJECT_CONTROL:
        objects = [c for c in head.children if c.dep_ in ("dobj", "dative")]
        if objects:
            return objects
    return _verb_roles(head, depth + 1).source


def _noun_roles(noun: Token, kind: str, *, light: bool = True) -> _Roles:
    roles = _Roles()
    for child in noun.children:
        dep, word = child.dep_, child.lower_
        if dep in ("poss", "compound", "amod", "nmod"):
            roles.source.append(child)
        elif dep == "prep" and word in ("by", *_MUTUAL_PREPS):
            roles.source += [c for c in child.children if c.dep_ == "pobj"]
        elif dep == "prep" and word in _TARGET_PREPS:
            roles.target += [c for c in child.children if c.dep_ == "pobj"]
        elif dep == "prep" and word == "of":  # "the shelling of Tripoli", "a visit of X"
            side = roles.target if kind in ("ASSAULT", "COERCE") else roles.source
            side += [c for c in child.children if c.dep_ == "pobj"]
    verb = noun.head
    if light and not roles.source and noun.dep_ == "dobj" and \
            verb.lemma_.lower() in _LIGHT_VERBS:
        roles.source = _verb_roles(verb).source
    return roles


# ------------------------------------------------------------------------ place


def _place(index: _Index, anchors: list[Token], kind: str, nested: bool = False
           ) -> tuple[str | None, str | None]:
    """The event's place id and how it was found (sentence, dateline) or (None, None).

    In order: a locative phrase of the trigger's clause or an object that is itself a
    place ("shelled Misrata"), the finest place first; a place that locates one of the
    clause's participants ("a policeman in Amara was killed"); the same in a clause that
    tells the circumstances of this one ("killed when a bomb exploded in X", finest
    first); the place of a violent event named as the cause ("killed due to shelling on
    X"); places elsewhere in the sentence; the report's dateline. Other clauses of the
    sentence (relative clauses, conjoined events, reported speech) have events of their
    own and are not read.
    """
    violent = kind in ("ASSAULT", "COERCE")
    head = anchors[0]
    for level in (_clause_places, _participant_places):
        found = [m for anchor in anchors for m in level(index, anchor, violent)]
        if found:
            best = _finest(found, head)
            if violent and level is _clause_places:
                best = _struck_place(index, anchors, best) or best
            return best.ref, "sentence"
    found = [m for verb in _arrivals(head) for m in _clause_places(index, verb, violent)]
    if found:
        return _finest(found, head).ref, "sentence"
    found = [m for verb in _circumstances(anchors) for level in (_clause_places,
             _participant_places) for m in level(index, verb, violent)]
    if found:
        return _finest(found, head).ref, "sentence"
    for cause in [] if nested else _causes(index, anchors):
        place, basis = _place(index, _clause_anchors(cause), "ASSAULT", nested=True)
        if basis == "sentence":
            return place, basis
    near = _fronted_places(index, head) or _sentence_places(index, head, violent) or (
        _modifier_places(index, head, violent) if kind in _PHYSICAL else [])
    if near:
        return near[0].ref, "sentence"
    own = _participants_home(index, anchors, kind) or (
        _source_places(index, head) if kind in _PHYSICAL else [])
    if own:
        return own[0].ref, "sentence"
    if nested:  # the place of a cause ("killed due to shelling on X"), not a fallback
        return None, None
    line = _dateline_at(index, head.idx)
    if line is not None and line.place is not None:
        return line.place, "dateline"
    return None, None


def _struck_place(index: _Index, anchors: list[Token], best: _Mention) -> _Mention | None:
    """A place finer than the clause's that locates the object of a violent verb: what is
    hit is where the blow lands ("detonated a mine near X village in the Y area", "shelled
    targets in the X area outside the zone in Y"; round 9, silver S1 rows read)."""
    found = [m for anchor in anchors if anchor.pos_ in _VERBS for obj in anchor.children
             if obj.dep_ == "dobj" for prep in obj.children
             if prep.dep_ == "prep" and prep.lower_ in _LOCATIVE_PREPS
             for p in _objects_of(prep) for m in _phrase_places(index, p, 1)
             if m.rank < best.rank]
    return _finest(found, anchors[0]) if found else None


def _sibling_place(index: _Index, trigger: Trigger) -> tuple[str, str] | None:
    """The place of another violent event of the sentence, for a violent event the
    sentence does not place itself: "killing 26 and wounding 48 in X", "a boy died
    and four were hurt when a minibus struck a mine in X". One incident told in several verbs
    happened in one place; nearest in the parse tree first."""
    head = index.doc[trigger.head]
    found: list[tuple[int, str]] = []
    for other in index.violent_in(head.sent):
        verb = index.doc[other.head]
        if other.head == trigger.head or _apart(head, verb):
            continue
        anchors = _clause_anchors(verb) + _carried(verb, other.span) + _outcome_verbs(
            index, other)
        place, basis = _place(index, anchors, other.type, nested=True)
        if place is not None and basis == "sentence":
            found.append((_tree_distance(head, verb), place))
    return (min(found)[1], "sentence") if found else None


# Punctuation that joins two statements in one parsed sentence ("Nine were shot; X was
# shot and died at Y hospital", a headline run into its story by "--"). Round 6: without
# this and the relative-clause limit the sibling rule lowered both RELABEL dev halves.
_STATEMENT_BREAKS = frozenset({";", "--", "\u2014", ":"})


def _apart(head: Token, other: Token) -> bool:
    """Whether another event of the sentence tells something else than the one at
    ``head``: a semicolon or a dash lies between them; it sits in a relative clause or an
    apposition ("captured X, the head of a cell blamed for attacks in Y"); or one of the
    two is in a clause or phrase of another time ("killed five since bombers hit X",
    "killed since the opening of the battle for X"), below where the two meet."""
    first, last = sorted((head.i, other.i))
    if any(t.text in _STATEMENT_BREAKS for t in head.doc[first:last]):
        return True
    common = {t.i for t in head.ancestors} | {head.i}
    common &= {t.i for t in other.ancestors} | {other.i}
    for path, described in (([head, *head.ancestors], False),
                            ([other, *other.ancestors], True)):
        for token in path:
            if token.i in common:
                break
            if (token.dep_ == "advcl" and _other_time(token)) or (
                    described and token.dep_ in ("relcl", "appos")
                    and not _adverbial_relative(token)) or (
                    token.dep_ == "prep" and token.lower_ in _OTHER_TIME_MARKS):
                return True  # "killed since the opening of the battle for X": a period
    return False


# Words that open an adverbial clause the parser hangs on a noun as a relative clause:
# "killed Monday, when rebels set off a bomb in X" (the clause on "Monday"), "one
# died and two more were hurt as troops fired on a crowd in X" (on "more"). Round 10:
# such a clause tells the circumstances of the sentence's event, not something else.
_ADVERBIAL_RELATIVE_WORDS = frozenset({"when", "as", "while", "whilst", "after"})


def _adverbial_relative(clause: Token) -> bool:
    """Whether a relative clause is an adverbial or purpose clause the parser misread:
    opened by "when", "as" ... (see above) on a word that is no object of a preposition
    (a clause on "the war" after "during", opened by "when", is a true relative clause:
    a silver S1 row), or an infinitive ("launched an offensive to seize X" hangs "to
    seize" on "offensive"; the offensive is where its aim is)."""
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
        return True
    return clause.head.dep_ != "pobj" and any(
        c.dep_ in ("advmod", "mark") and c.lower_ in _ADVERBIAL_RELATIVE_WORDS
        for c in clause.children)


# Prepositions that give an event's cause ("killed due to shelling", "died from the
# strikes"): a violent event named there is where the harm happened.
_CAUSE_PREPS = frozenset({"due", "because", "amid", "amidst", "in", "during", "after",
                          "following", "from", "by"})


def _causes(index: _Index, anchors: list[Token]) -> list[Token]:
    """Violent event nouns in a cause phrase of the anchors or of the verbs joined to them
    ("were killed and others wounded due to heavy shelling ... on the village of X"): the
    place of that attack is the place of its casualties."""
    violent = {t.head for t in index.triggers() if _violent(t)}
    verbs = [a for a in anchors if a.pos_ in _VERBS]
    verbs += [c for v in verbs for c in v.children if c.dep_ == "conj" and c.pos_ in _VERBS]
    found: list[Token] = []
    for verb in verbs:
        for prep in verb.children:
            if prep.dep_ in ("prep", "agent") and prep.lower_ in _CAUSE_PREPS:
                objects = _objects_of(prep) + [o for p in prep.children if p.dep_ == "pcomp"
                                               for o in _objects_of(p)]
                found += [o for o in objects if o.i in violent]
    return found


def _participants_home(index: _Index, anchors: list[Token], kind: str) -> list[_Mention]:
    """A place named as a modifier of the subject ("some 2,000 Cairo workers
    demonstrated", "Gaza residents were killed"), when nothing else locates the event:
    people known by their town are there when they march or are attacked. Below country
    level only, except for protests ("U.S. troops were attacked" names the troops'
    country, not where they were; "Nepali students marched" is a demonym, no place)."""
    if kind not in _PHYSICAL:
        return []
    top = _UNRANKED if kind == "PROTEST" else _PLACE_RANK["country"]
    found = [m for anchor in anchors for subject in anchor.children
             if subject.dep_ in ("nsubj", "nsubjpass") for child in subject.children
             if child.dep_ in ("compound", "nmod")
             for m in index.places_at.get(child.i, [])[:1] if m.rank < top]
    return found


def _sentence_places(index: _Index, head: Token, violent: bool) -> list[_Mention]:
    """The places of the trigger's sentence that name a location, nearest the trigger
    first (in the parse tree, then the finest, then in the text). The last resort before
    the dateline, for the places the rules above miss because the parse went astray ("In
    Vienna, thousands marched" with "In Vienna" hung on another word; "killed ... and
    wounded dozens in Khalis"). A place counts only where its phrase sits in a locative
    phrase or is acted on ("patrolled Jerusalem"): a country that acts ("Israel
    captured"), an origin ("from Spain") or a modifier ("a U.S. patrol") locates nothing."""
    sent = head.sent
    clause = _coordinated(_clause_verb(head))
    seen: set[tuple[int, int, str]] = set()
    scored: list[tuple[tuple[int, int, int], _Mention]] = []
    for i in range(sent.start, sent.end):
        for mention in index.places_at.get(i, [])[:1]:
            key = (mention.first, mention.last, mention.ref)
            if key in seen:
                continue
            seen.add(key)
            phrase = _locating_phrase(index, index.doc[mention.last], violent)
            if phrase is not None and _clause_verb(phrase).i in clause:
                distance = _tree_distance(head, phrase)
                scored.append(((distance, mention.rank, abs(mention.first - head.i)), mention))
    return [m for _, m in sorted(scored, key=lambda item: item[0])]


# Words that may come before a sentence's opening locative phrase: "But in X, ...",
# "Earlier, in X, ...", "Meanwhile at X ...".
_OPENING_SKIP = frozenset({"cc", "advmod", "punct"})


def _fronted_places(index: _Index, head: Token) -> list[_Mention]:
    """Places in a locative phrase that opens the sentence, for the main clause's events:
    "In X, the town the floods hit worst, police patrolled the river banks" (the parser
    hangs "In X" on "hit"), "On Sunday in the town of X several thousand people marched"
    (the name read as a modifier of the marchers). Only for the root verb and the verbs
    joined to it: a clause below it ("officials said gunmen attacked Y") may be elsewhere.
    Finest first. Round 10, silver S1 rows read."""
    sent = head.sent
    root = sent.root
    if _clause_verb(head).i not in _coordinated(root):
        return []
    i = sent.start
    while i < root.i and index.doc[i].dep_ in _OPENING_SKIP:
        i += 1
    token = index.doc[i]
    if token.lower_ == "on" and any(_is_time(o) for o in _objects_of(token)):
        i = max(o.right_edge.i for o in _objects_of(token)) + 1  # "On Sunday in X"
        while i < root.i and index.doc[i].dep_ == "punct":
            i += 1
        if i >= root.i:
            return []
        token = index.doc[i]
    if token.dep_ != "prep" or token.lower_ not in _LOCATIVE_PREPS or (
            token.right_edge.i >= root.i) or not any(
            _is_place_phrase(index, o) for o in _objects_of(token)):
        return []  # "In response to ...", "Through a string of protests ...": no place
    found = [m for j in range(token.i, token.right_edge.i + 1)
             for m in index.places_at.get(j, [])[:1]
             if m.last <= token.right_edge.i and not _names_actor(index, m)]
    return [_finest(found, head)] if found else []


def _names_actor(index: _Index, mention: _Mention) -> bool:
    """A place name that modifies a noun that is no land names whose it is ("the
    Indonesian army", "a U.S. patrol"), not where something is."""
    last = index.doc[mention.last]
    return last.dep_ in ("compound", "amod") and not _land_or_place(index, last.head)


def _source_places(index: _Index, head: Token) -> list[_Mention]:
    """Where the source of a report is, for an event it reports that nothing else places:
    "an officer in X said a bomb had killed three", "a policeman in X, said ...".
    Wire reports quote the local police or army of the town the event happened in (round
    10, silver S1 rows read). Below country level ("sources in Yemen said" says little),
    and only the subject of a reporting verb: "according to a correspondent in X" was
    as often a correspondent in the capital reporting a distant village (silver S1 and
    S2 rows). Finest first."""
    verb = _clause_verb(head)
    while verb.dep_ == "conj" and verb.head.pos_ in _VERBS:
        verb = verb.head  # "killed and wounded": up to the first verb
    if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in _REPORTING:
        return []
    found = [m for source in verb.head.children if source.dep_ == "nsubj"
             for m in _nested_places(index, source) if m.rank < _PLACE_RANK["country"]]
    return sorted(found, key=lambda m: (m.rank, abs(m.first - head.i)))


# Events whose participants are physically where the event is (violence, arrests, troop
# moves, protests): what a clause says about where they were places the event. For talks,
# invitations or statements it does not ("invited the powers involved in Libya").
_PHYSICAL = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST"})


def _modifier_places(index: _Index, head: Token, violent: bool) -> list[_Mention]:
    """Places in the clauses below the trigger that describe its participants or means,
    when nothing nearer locates it: "killed fighters who tried to break the siege of
    Homs", "a bomb on a ship which docked in Lamitan", "shot with a gun ... near his home
    in Moscow". Such a clause says where a participant was at the time, so where the event
    was. A place in a clause that names an event of its own ("since bombers hit Istanbul")
    is that event's. Nearest the trigger in the parse tree first."""
    events = index.trigger_heads() - {head.i}
    scored: list[tuple[tuple[int, int, int], _Mention]] = []
    for i in range(head.sent.start, head.sent.end):
        for mention in index.places_at.get(i, [])[:1]:
            phrase = _locating_phrase(index, index.doc[mention.last], violent)
            # "prompted Paris to" locates nothing; "the siege of Homs" does, wherever it hangs
            if phrase is None or (phrase.dep_ != "pobj" and not _held_land(phrase)):
                continue
            path = _path_up(phrase, head)
            if path is None or any(not _describes(t, violent) for t in path) or (
                    _through_event(path, events)):
                continue
            scored.append(((len(path), mention.rank, abs(mention.first - head.i)), mention))
    return [m for _, m in sorted(scored, key=lambda item: item[0])]


def _through_event(path: list[Token], events: set[int]) -> bool:
    """Whether the path passes an event's head outside a relative clause about a person:
    the place of an event in a clause of its own is that event's ("the attack, which was
    followed by a blast in X"); an event in a "who" clause on a participant ("gunmen who
    tried to storm a checkpoint in X") says where that person was, so it places the main
    event too. (Events helper, round 4: storming became an event.)"""
    for n, token in enumerate(path):
        if token.i in events and not any(_about_a_person(t) for t in path[n:]):
            return True
    return False


def _about_a_person(clause: Token) -> bool:
    return clause.dep_ == "relcl" and any(
        c.lower_ in ("who", "whom", "whose") for c in clause.children)


# Links through which a clause or phrase describes a participant ("fighters who tried to
# break the siege", "a gun equipped with a silencer"). Adverbial clauses (conditions,
# causes: read by _circumstances), reported speech and verbs with a subject of their own
# joined by "and" tell something else.
_DESCRIBING = frozenset({"relcl", "acl", "xcomp", "prep", "pobj", "pcomp", "dobj", "nsubj",
                         "nsubjpass", "agent", "appos", "compound", "amod", "nmod", "poss",
                         "npadvmod", "advmod"})


def _describes(token: Token, violent: bool) -> bool:
    if token.dep_ == "prep":  # where, with what, of which place; not a topic ("talks on X")
        return token.lower_ in _LOCATIVE_PREPS | {"of", "with"} or (
            violent and token.lower_ in _VIOLENT_PREPS)
    return token.dep_ in _DESCRIBING or (token.dep_ == "conj" and token.pos_ not in _VERBS)


def _path_up(token: Token, top: Token) -> list[Token] | None:
    """The tokens from ``token`` up to its ancestor ``top`` (not included); None when
    ``top`` is not above it."""
    path: list[Token] = []
    for node in (token, *token.ancestors):
        if node.i == top.i:
            return path
        path.append(node)
    return None


def _locating_phrase(index: _Index, token: Token, violent: bool) -> Token | None:
    """The head of the phrase through which ``token`` (a place name's last word) locates
    something, or None when it does not: up through the name's own words and the nouns it
    names ("Aleppo province", "Syria's Raqqa", "the city of Homs", "the outskirts of
    Karachi"), the phrase must be the object of a locative preposition or the object of a
    verb ("captured Badme", "Grozny's streets are patrolled")."""
    preps = _LOCATIVE_PREPS | _VIOLENT_PREPS if violent else _LOCATIVE_PREPS
    for _ in range(8):  # a phrase is a few nouns deep; the parse has no cycles anyway
        dep, up = token.dep_, token.head
        if up.i == token.i:
            return None
        if dep == "pobj" and (up.dep_ == "prep" or _conjoined_prep(up)):
            word = up.lower_
            if _locative(up, preps) or (word == "on" and _land_or_place(index, token)):
                return token  # "on the outskirts of X", "on the Jaffna peninsula"
            if (word == "of" and _land_or_place(index, up.head)) or _names_land(up.head, word):
                token = up.head
                continue
            # "captured during the invasion of X"; not "rallied against the invasion of X"
            # (round 9: a protest against an invasion is held elsewhere)
            held = _held_land(up.head) and (violent or up.head.lemma_.lower() != "invasion")
            return up.head if word == "of" and held else None
        if dep == "poss" and _held_land(up) and up.lemma_.lower() != "invasion":
            return up  # "during Tikrit's liberation"; "Israel's invasion" names the invader
        if dep in ("dobj", "nsubjpass") and up.pos_ in _VERBS:
            return token if _land_or_place(index, token) else None
        if dep in ("compound", "poss", "appos", "conj", "nmod", "amod") and (
                _land_or_place(index, up)):
            token = up
            continue
        return None
    return None


# Operations on a piece of land, named by their "of" phrase: "the siege of Homs", "the
# fall of Aleppo" happen at that place, which a clause about a participant may mention
# ("fighters who tried to break the siege of X").
_OPERATION_NOUNS = frozenset({"siege", "blockade", "encirclement", "fall", "capture",
                              "recapture", "liberation", "defence", "defense", "occupation",
                              # "captured during the 1989 invasion of X" (round 9)
                              "invasion"})


def _held_land(token: Token) -> bool:
    return token.pos_ == "NOUN" and token.lemma_.lower() in _OPERATION_NOUNS


# Links that join clauses of equal rank ("killed five and wounded dozens in X"), or hang a
# misparsed one on its neighbour ("In Vienna, thousands [...] marched"): one clause for
# :func:`_sentence_places`. Relative, complement and adverbial clauses are others' own.
_COORDINATING = frozenset({"conj", "dep", "parataxis"})


def _clause_verb(token: Token) -> Token:
    """The verb whose clause ``token`` belongs to (itself when it is one); the root when
    none is above it."""
    for candidate in (token, *token.ancestors):
        if candidate.pos_ in _VERBS:
            return candidate
    return token.sent.root


def _coordinated(verb: Token) -> set[int]:
    """``verb`` and the verbs joined to it by coordination, up and down the chain."""
    top = verb
    while top.dep_ in _COORDINATING and top.head.i != top.i and top.head.pos_ in _VERBS:
        top = top.head
    found, stack = {top.i}, [top]
    while stack:
        for child in stack.pop().children:
            if child.dep_ in _COORDINATING and child.pos_ in _VERBS and child.i not in found \
                    and not (child.dep_ == "conj" and _own_subject(child)):
                found.add(child.i)
                stack.append(child)
    return found


def _own_subject(verb: Token) -> bool:
    """A conjoined verb with a subject of its own tells another event ("X was captured and
    Y was killed in Z")."""
    return any(c.dep_ in _SUBJECT_ROLES for c in verb.children)


def _land_or_place(index: _Index, token: Token) -> bool:
    return token.i in index.places_at or token.lemma_.lower() in _PLACE_NOUNS or _share(token)


def _tree_distance(one: Token, other: Token) -> int:
    """Edges between two tokens of a sentence in the dependency tree."""
    up_one = [one, *one.ancestors]
    steps = {t.i: n for n, t in enumerate(up_one)}
    for n, token in enumerate([other, *other.ancestors]):
        if token.i in steps:
            return n + steps[token.i]
    return len(up_one) + n + 1


def _finest(found: list[_Mention], head: Token) -> _Mention:
    return min(found, key=lambda m: (m.rank, abs(m.first - head.i)))


def _clause_anchors(head: Token) -> list[Token]:
    """The trigger, then the verb that carries it: "clashes erupted near Sirte", "held
    talks in Moscow", "tried to seize Sirte from the south"."""
    anchors = [head]
    parent = head.head
    if parent.i != head.i and parent.pos_ in _VERBS and head.dep_ in (
            "nsubj", "nsubjpass", "dobj", "xcomp", "attr"):
        anchors.append(parent)
    # a verb the parser hung on the noun after it ("detonate bombs in X" read as a noun
    # phrase): that noun is its object, and the noun's phrases are the clause's
    if head.dep_ in ("amod", "compound") and parent.i > head.i:
        anchors.append(parent)
    return anchors


def _circumstances(anchors: list[Token]) -> list[Token]:
    """Adverbial clauses around the anchors: "when a bomb exploded ...", and the main
    clause when the trigger is in the adverbial one."""
    found: list[Token] = []
    for anchor in anchors + [v for a in anchors for v in _shared_subject(a)]:
        found += [c for c in anchor.children if c.dep_ == "advcl" and not _other_time(c)]
        if anchor.dep_ == "advcl" and anchor.head.pos_ in _VERBS and not _other_time(anchor):
            found.append(anchor.head)
    return found


def _shared_subject(verb: Token) -> list[Token]:
    """Verbs joined to ``verb`` by "and" that share its subject: one action told in two
    verbs ("shot down and killed them when they flew over X"), so one set of
    circumstances."""
    if verb.pos_ not in _VERBS:
        return []
    found = [c for c in verb.children
             if c.dep_ == "conj" and c.pos_ in _VERBS and not _own_subject(c)]
    if verb.dep_ == "conj" and verb.head.pos_ in _VERBS and not _own_subject(verb):
        found.append(verb.head)
    return found


# Verbs of getting somewhere: "gunmen burst into a shop in X and opened fire" acted where
# they arrived. Only a verb before the trigger, sharing its subject: "was seized and flown
# to a camp near X" names where the captive went after (round 6 dropped the general rule
# for that; round 8 kept this one).
_ARRIVING = frozenset({"walk", "enter", "storm", "burst", "barge", "drive", "arrive", "come",
                       "go", "break", "sneak", "ride", "stroll", "run", "rush"})


def _arrivals(head: Token) -> list[Token]:
    """The verbs of arriving that come before ``head`` in the same action: "burst into
    a shop in X and started firing" (the trigger may sit under an aspect verb)."""
    verb = head
    if verb.dep_ == "xcomp" and verb.head.pos_ in _VERBS:
        verb = verb.head  # "started firing"
    return [v for v in _shared_subject(verb)
            if v.i < verb.i and v.lemma_.lower() in _ARRIVING]


# Conjunctions of a clause that happened at another time than its head ("have captured
# dozens since bombers hit Istanbul", "fled before troops entered X"): not a circumstance.
_OTHER_TIME_MARKS = frozenset({"since", "until", "till", "before"})


def _other_time(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in _OTHER_TIME_MARKS for c in clause.children)


def _clause_places(index: _Index, anchor: Token, violent: bool) -> list[_Mention]:
    """Places in the locative dependents of ``anchor`` ("in", "near", "north of" ...; "on"
    and "against" for violent events) and objects that are places ("visited Moscow")."""
    preps = _LOCATIVE_PREPS | _VIOLENT_PREPS if violent else _LOCATIVE_PREPS
    if anchor.lemma_.lower() in _PATROL_VERBS:
        preps |= _ABOVE  # "patrolled over X": aircraft patrol the place below them
    found: list[_Mention] = []
    references: list[_Mention] = []
    for child in anchor.children:
        if child.dep_ == "prep" and _locative(child, preps):
            for prep in _with_conjoined(child, preps):
                own = [m for p in _objects_of(prep) for m in _phrase_places(index, p, 1)]
                found += _restated(index, prep, own) or own
        elif child.dep_ == "prep" and child.lower_ == "for" and _contest(anchor):
            found += [m for p in _objects_of(child) for m in _phrase_places(index, p, 1)]
        elif child.dep_ in ("advmod", "npadvmod") and _has_of(child):  # "north of Karbala"
            references += _phrase_places(index, child, 1)
        elif child.dep_ in ("npadvmod", "dobj") and child.i > anchor.i and _is_time(child):
            # "patrolled Bamako Sunday": the object name joined to the day after it (a
            # day before the verb joins its subject: "Israel Monday launched ...")
            found += [m for c in child.children if c.dep_ == "compound"
                      for m in index.places_at.get(c.i, [])[:1]]
        elif child.dep_ in ("dobj", "nsubjpass") and _is_place_phrase(index, child):
            found += _phrase_places(index, child)
        elif child.dep_ in ("dobj", "nsubjpass"):
            found += _apposed_land(index, child)
        elif child.dep_ == "ccomp" and _violent_verb(index, anchor) and not _has_object(anchor):
            # a violent verb takes no clause: "targeting the Army controlled X District"
            # read as "targeting [the Army controlled X]", so that clause holds its object
            found += _clause_places(index, child, violent)
    if _where_clause(anchor):
        # "in the village of X, where two men were shot": the clause is about that place
        found += _where_places(index, anchor.head)
    # the same misparse with a place for object: "captured X" read as a modifier of X
    if anchor.dep_ in ("amod", "compound") and anchor.head.i > anchor.i and (
            anchor.pos_ in _VERBS) and _is_place_phrase(index, anchor.head):
        found += _phrase_places(index, anchor.head)
    return found or references


# Verbs of watching over a piece of land or sea: "over" names what is patrolled ("bombers
# patrolled over the X Sea", "jets patrolling over northern Y": round 10, silver S1 rows).
_PATROL_VERBS = frozenset({"patrol"})


def _where_clause(verb: Token) -> bool:
    """A relative clause opened by "where" ("Y, where a bomb went off"): round 10."""
    return verb.dep_ == "relcl" and any(
        c.dep_ in ("advmod", "mark") and c.lower_ == "where" for c in verb.children)


def _where_places(index: _Index, noun: Token) -> list[_Mention]:
    """The places of the phrase a "where" clause hangs on, up through the words the parser
    puts between the place and the clause: "the camp at X, Y, where ..." (Y, a country,
    set in apposition to X), "X village in Y district where ...", "the X suburb of Y,
    where ..." (round 10: the clause hung on the wider place; the finest wins)."""
    found: list[_Mention] = []
    for _ in range(4):  # a phrase is a few nouns deep
        if _is_place_phrase(index, noun):
            found += _phrase_places(index, noun)
        prep = noun.head
        if noun.dep_ in ("appos", "conj") and prep.i != noun.i:
            noun = prep
        elif noun.dep_ == "pobj" and (prep.lower_ == "of" or prep.lower_ in _LOCATIVE_PREPS) \
                and prep.head.pos_ in _NOUNS and _is_place_phrase(index, prep.head):
            noun = prep.head
        else:
            break
    return found


def _apposed_land(index: _Index, obj: Token) -> list[_Mention]:
    """A place set in apposition to an object that is no place itself: "targeting the Army
    (SAA) controlled villages of X" hangs "villages" on "Army"; "the X Mountains (Jabal
    X)" where only the second name is known (round 9, silver S1 rows read: the blow lands
    on those places). Not a conjunct ("shelled X and the countryside of Y"): it won silver
    rows but moved UCDP-GED dev headlines' main events to the second place."""
    return [m for a in obj.children if a.dep_ == "appos" and a.pos_ in _NOUNS
            and _is_place_phrase(index, a) for m in _phrase_places(index, a)]


def _violent_verb(index: _Index, token: Token) -> bool:
    """Whether ``token`` is the head of a violent trigger (not a verb around one: "detonated
    bombs, allowing crowds to flock into X" lends "allowing" no violent object)."""
    return any(t.head == token.i for t in index.violent_in(token.sent))


def _has_object(verb: Token) -> bool:
    return any(c.dep_ in ("dobj", "attr", "oprd") for c in verb.children)


def _locative(prep: Token, preps: frozenset[str]) -> bool:
    """Whether a preposition says where: one of ``preps``, or "to" before streets ("took
    to the streets of X": the idiom names where people gathered, not a destination)."""
    return prep.lower_ in preps or (prep.lower_ == "to" and any(
        o.lemma_.lower() == "street" for o in _objects_of(prep)))


def _with_conjoined(prep: Token, preps: frozenset[str]) -> list[Token]:
    """A locative preposition and those joined to it by "and" or "or": "demonstrated
    outside the ministry and in Tulkarm" hangs "in" on "outside" as a conjunct, so the
    second place is as much where the event was as the first."""
    return [prep] + [c for c in prep.children if _conjoined_prep(c) and c.lower_ in preps]


def _conjoined_prep(token: Token) -> bool:
    return bool(token.dep_ == "conj" and token.pos_ == "ADP" and token.head.dep_ == "prep")


# Nouns of a contest for land whose "for" phrase names the land fought over: "killed in the
# battle for Mosul", "the fight for X" happened at X (round 8, silver S1 rows read).
_CONTEST_NOUNS = frozenset({"battle", "fight", "fighting", "struggle"})


def _contest(token: Token) -> bool:
    return token.pos_ == "NOUN" and token.lemma_.lower() in _CONTEST_NOUNS


# Nouns of a way in whose "to" phrase names the place it opens onto: "at the entrance to
# Hebron", "near the gate to the Old City" (round 8).
_ACCESS_NOUNS = frozenset({"entrance", "gate", "gateway"})


def _restated(index: _Index, prep: Token, own: list[_Mention]) -> list[_Mention]:
    """ "in the X Valley, in Y province": a locative phrase right after a place and a
    comma names the area that place lies in (the parser often hangs it on the verb and the
    first on a noun); the first, finer or as fine, is where the event was."""
    if not own or prep.i < 2 or index.doc[prep.i - 1].text != ",":
        return []
    before = index.places_at.get(prep.i - 2, [])[:1]
    if not before or before[0].rank > min(m.rank for m in own):
        return []
    head = index.doc[before[0].last]
    while head.dep_ in ("compound", "amod", "nmod", "poss") and head.head.i > head.i:
        head = head.head  # "the Baliem Valley": up to the noun the name belongs to
    locative = head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE_PREPS
    return before if locative else []


def _participant_places(index: _Index, anchor: Token, violent: bool) -> list[_Mention]:
    """Places that locate a participant or a circumstance of the clause: "a policeman in
    Amara was killed", "during clashes between factions near Damascus", "on Friday in the
    city of Kandahar", "elsewhere in Swaziland". The participant itself is not a
    location: "India captured two peaks" does not happen in India. (``violent`` is unused:
    the signature is that of :func:`_clause_places`, the level before this one.)"""
    found: list[_Mention] = []
    for child in anchor.children:
        dep, word = child.dep_, child.lower_
        if dep in ("nsubj", "nsubjpass", "dobj", "oprd"):  # oprd: "targeting the Army's
            found += _nested_places(index, child)  # defenses near X" split in two (round 9)
        elif dep == "agent" or (dep == "prep" and word in _CIRCUMSTANCE_PREPS):
            found += [m for p in _objects_of(child) if word != "on" or _is_time(p)
                      for m in _nested_places(index, p)]
        elif dep in ("advmod", "npadvmod"):
            found += _nested_places(index, child)
    return found


# Prepositions whose object is a participant or a circumstance of the event, not a topic
# ("talks on Libya") or an origin ("from Moscow"): places inside them may locate it.
_CIRCUMSTANCE_PREPS = frozenset({"during", "amid", "amidst", "in", "at", "on", "with",
                                 "after", "following", "throughout"})


def _is_time(token: Token) -> bool:
    """ "on Wednesday (in Kandahar)": "on" is a circumstance only before a date; "talks on
    Libya" is a topic."""
    return bool(token.ent_type_ in ("DATE", "TIME")) or token.lower_ in _WEEKDAYS


# A day's name is a time whatever the entity tagger says ("patrolled X Thursday" tagged
# "X Thursday" as an organisation: round 10, a silver S1 row).
_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                       "sunday"})


def _nested_places(index: _Index, token: Token) -> list[_Mention]:
    """Places in the locative phrases below a noun, through any chain of prepositional
    phrases ("clashes between factions near Damascus") but not into clauses."""
    found: list[_Mention] = []
    references: list[_Mention] = []  # "targeting positions northeast of X"
    stack = [(token, 0)]
    while stack:
        tok, depth = stack.pop()
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in _LOCATIVE_PREPS:
                found += [m for p in _objects_of(child) for m in _phrase_places(index, p, 1)]
            elif child.dep_ in ("advmod", "npadvmod") and _DIRECTION.match(child.lower_) \
                    and _has_of(child):
                references += _phrase_places(index, child, 1)
            elif child.dep_ in ("prep", "pobj", "appos", "conj") and depth < 4:
                stack.append((child, depth + 1))
    return found or references


def _objects_of(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def _has_of(token: Token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)


# Nouns that name a piece of land or a site: their modifiers and "of" phrases say which
# one ("the town of Gharyan", "Syria's Aleppo province", "his Amman home", "much of
# Liberia"). Other nouns' possessors and adjectives do not place an event ("Syria's civil
# war"); a place name compounded to them does unless it is a country ("the Helmand battle"
# but not "a U.S. airstrike", where the country names the actor).
_PLACE_NOUNS = frozenset({
    "town", "city", "village", "hamlet", "district", "province", "region", "area",
    "neighbourhood", "neighborhood", "suburb", "outskirts", "outskirt", "countryside",
    "capital", "port", "border", "camp", "base", "state", "governorate", "county",
    "municipality", "street",
    "square", "part", "centre", "center", "quarter", "zone", "territory", "enclave",
    "stronghold", "island", "coast", "valley", "edge", "heart", "outpost", "junction", "road",
    "highway", "airport", "frontier", "front", "locality", "settlement", "much", "most",
    "rest", "home", "house", "headquarters", "compound", "building", "office", "embassy",
    "market", "mosque", "church", "school", "hospital", "station", "checkpoint", "hotel",
    "restaurant", "shop", "stadium", "bridge", "installation", "facility", "field",
    "battlefield", "perimeter", "place", "farm", "site", "prison", "university",
    # the landmark and natural-feature words of places.py: "near the X crossing point"
    "crossing", "point", "palace", "refinery", "plant", "factory", "complex", "mountain",
    "hill", "river", "plain", "plateau", "peninsula", "desert", "forest", "gorge", "bay",
    "gulf", "lake", "oasis",
    # "took control of the town of X": what is controlled is the land, so X is where.
    "control",
    # air and sea, patrolled or shot across like land: "patrolled Lebanese airspace",
    # "the skies over Kyiv", "Yemen's coastal waters" (round 7, silver S1 rows read)
    "sky", "airspace", "water", "waters", "seawater", "frontline",
    # sites named by the town before them: "a Tel Aviv nightclub", "Kabul's largest slum",
    # "the gate of the Hebron barracks" (round 8, silver S1 rows read)
    "slum", "campus", "nightclub", "cafe", "café", "courtyard", "entrance", "gate",
    "backstreet", "alleyway", "bazaar", "venue", "residence", "apartment", "consulate",
    "barracks", "hilltop", "mountaintop", "heights",
    # the landmark and building words of places.py that were missing here: "shelled the X
    # airbase", "patrolled the X railway yard" (round 9, silver S1 rows read)
    "airbase", "airfield", "oilfield", "castle", "fort", "fortress", "dam", "yard", "depot",
    "terminal", "harbour", "harbor", "courthouse", "township", "subdistrict",
    # "patrol X's coastline" (round 10, a silver S1 row)
    "coastline", "shoreline",
})
# Shares of a place, whose "of" phrase names it: "captured a quarter of Tigray", "about 60
# percent of Darfur", "many of Idlib's villages", "one of Mosul's five bridges".
_SHARE_WORDS = frozenset({
    "half", "third", "quarter", "percent", "chunk", "bulk", "majority", "portion", "section",
    "parts", "one", "many", "all", "some", "remainder", "swath", "swathe",
})


def _share(token: Token) -> bool:
    return token.lemma_.lower() in _SHARE_WORDS and _has_of(token)


def _is_place_phrase(index: _Index, token: Token) -> bool:
    """Is this object itself a place ("Misrata", "the town of X", "much of Liberia")?"""
    return token.i in index.places_at or token.lemma_.lower() in _PLACE_NOUNS or _share(token)


def _phrase_places(index: _Index, token: Token, depth: int = 0) -> list[_Mention]:
    """The places a noun phrase locates: the place it names; else, for a land noun, the
    places in its modifiers and "of" phrase (any noun's "of" inside a locative phrase:
    "in the bombardment of X"); for any noun a compounded place below country level and
    its own locative phrases ("a house in Dunya Pur"), with coordinated and appositive
    heads and direction phrases ("a town north of Baghdad")."""
    own = index.places_at.get(token.i)
    if own:
        return [own[0]]
    if depth > 5:
        return []
    land = token.lemma_.lower() in _PLACE_NOUNS or _share(token)
    found: list[_Mention] = []
    named: list[_Mention] = []  # the noun's own name: "the X district (of Y)"
    references: list[_Mention] = []  # "(Diyala province,) north of Baghdad"
    owned = False  # a place owns the noun: "Yala's X district"
    for child in token.children:
        dep, word = child.dep_, child.lower_
        if (dep in ("advmod", "npadvmod") or _DIRECTION.match(word)) and _has_of(child):
            references += _phrase_places(index, child, depth + 1)
        elif dep in ("conj", "appos") or (land and dep in ("compound", "poss", "amod", "nmod")):
            places = _phrase_places(index, child, depth + 1)
            found += places
            named += places if dep in ("compound", "amod", "nmod") else []
            owned = owned or (dep == "poss" and bool(places))
        elif land and dep == "acl" and child.lemma_.lower() in _AROUND_VERBS:
            found += [m for o in child.children if o.dep_ == "dobj"
                      for m in _phrase_places(index, o, depth + 1)]
        elif land and dep == "acl" and child.lemma_.lower() in _NAMING_VERBS:
            found += [m for o in child.children if o.dep_ in ("oprd", "dobj", "attr")
                      for m in _phrase_places(index, o, depth + 1)]
        elif dep == "compound":
            found += [m for m in index.places_at.get(child.i, [])[:1]
                      if m.rank < _PLACE_RANK["country"]]
        elif dep == "poss":  # "in Karachi's worst violence"; not "near Omar's home" (a site
            # named after a person): a town, province or region only (round 8)
            found += [m for m in index.places_at.get(child.i, [])[:1]
                      if _PLACE_RANK["site"] < m.rank < _PLACE_RANK["country"]]
        elif dep == "prep" and (word in _LOCATIVE_PREPS or (word == "of" and (land or depth))
                                or (land and word in _ABOVE) or _names_land(token, word)):
            found += [m for p in _objects_of(child)
                      for m in _phrase_places(index, p, depth + 1)]
    if _own_division(index, token, named, found) or (
            owned and named and token.lemma_.lower() in _DIVISION_NOUNS):
        return named  # "Yala's X district" is at X, inside its owner (round 10)
    # A direction from a reference point ("a town north of Baghdad") locates the event
    # only when the phrase names no place of its own: the reference is not where it was.
    return found or references


# Divisions named before their word, inside a larger area named after it: "the X district
# of Y", "the X region of Y province" are at X, however coarse the gazetteer ranks
# X. Not when X is a town or a country: "the Baghdad district of Karrada" is at Karrada,
# "the Syria province of Quneitra" at Quneitra (round 8).
_DIVISION_NOUNS = frozenset({"district", "region", "area", "county", "province",
                             "governorate", "sector", "municipality", "subdistrict"})
# Land around a place: "the hilltops overlooking the town of X", "the farms surrounding X".
_AROUND_VERBS = frozenset({"surround", "overlook", "encircle", "border", "ring"})
# Land named by a participle: "in a place called X", "a village named Y" (round 9).
_NAMING_VERBS = frozenset({"call", "name", "know"})


def _own_division(index: _Index, noun: Token, named: list[_Mention],
                  found: list[_Mention]) -> bool:
    """Whether a division noun's own name is where, not the area after "of": the name is
    a province or region of the same country as that area (a namesake elsewhere is no
    part of it)."""
    if not named or noun.lemma_.lower() not in _DIVISION_NOUNS or any(
            m.rank not in (_PLACE_RANK["admin1"], _PLACE_RANK["region"]) for m in named):
        return False
    country = {p.id: p.country for p in index.context.places}
    inside = {country.get(m.ref) for m in named}
    around = {country.get(m.ref) for m in found if m not in named} - {None}
    return None not in inside and inside <= (around or inside)


def _names_land(noun: Token, word: str) -> bool:
    """Whether the ``word`` phrase of ``noun`` names the place it is about: "the battle
    for X", "the entrance to X"."""
    return (word == "for" and _contest(noun)) or (
        word == "to" and noun.lemma_.lower() in _ACCESS_NOUNS)


# Compass directions from a reference point: "north of Baghdad", "south-east of X".
_DIRECTION = re.compile(r"^(?:(?:north|south)(?:-?(?:east|west))?|east|west)$")
# The place a stretch of land or air lies over: "the skies over Kyiv", "the air corridor
# over southern Lebanon" (on a land noun only; "talks over Kashmir" is a topic).
_ABOVE = frozenset({"over", "above"})


# A dateline opens the report's body: "TRIPOLI, Jan 13 (Reuters) -", "Tripoli —",
# "KABUL (AP) -", "Aleppo Province:". Only the first lines are read.
_DATELINE = re.compile(
    r"^[ \t]*(?P<name>[A-Z][\w'\u2019.-]*(?:[ -][A-Z][\w'\u2019.-]*){0,3})"
    r"(?P<rest>(?:,[ \t]*[^\n()\u2013\u2014:]{1,40}?)?[ \t]*(?:\([^()\n]{1,40}\)[ \t]*)?)"
    r"(?:[-\u2013\u2014:][ \t]|\([^()\n]{1,40}\)[ \t])",
    re.MULTILINE,
)
_DATELINE_LINES = 3  # the title line and a byline may come first


@dataclass(frozen=True, slots=True)
class _Dateline:
    start: int  # character span of the dateline ("TRIPOLI, Jan 13 (Reuters) -")
    end: int
    place: str | None  # place id of its name, when the place stage resolved it
    time: TimeExpr | None  # its date, when it gives one


def _dateline(context: Context) -> _Dateline | None:
    """The report's dateline, if one of its first lines opens with one; its place or its
    date may be missing ("BAMAKO" that the gazetteer does not resolve still dates)."""
    text = doc_text(context.doc)
    for line_start in _line_starts(text, _DATELINE_LINES):
        m = _DATELINE.match(text, line_start)
        if m is None:
            continue
        place = next((p.id for p in context.places for s in p.mentions
                      if s.start == m.start("name")), None)
        when = next((t for t in context.times
                     if m.start("rest") <= t.start and t.end <= m.end("rest")), None)
        if place is not None or when is not None:
            return _Dateline(m.start("name"), m.end(), place, when)
    return None


# A later section's dateline is set apart from an ordinary paragraph opening ("Asked about
# the talks: ...") by an upper-case place name ("MOSUL, March 3 -") or a date after the name.
_SECTION_NAME = re.compile(r"^[A-Z][A-Z'\u2019.-]+(?:[ -][A-Z][A-Z'\u2019.-]+)*$")


def _later_datelines(context: Context, first: _Dateline | None) -> list[_Dateline]:
    """Datelines opening paragraphs after the first one: a report compiled from several
    wires repeats them ("MOSUL, March 3 -" halfway down). Each needs a resolved place and
    an upper-case name or a date."""
    text = doc_text(context.doc)
    found: list[_Dateline] = []
    after = first.end if first is not None else 0
    for m in re.finditer(r"(?:^|\n)[ \t]*(?=\S)", text):
        start = m.end()
        line = _DATELINE.match(text, m.start() + (text[m.start()] == "\n"))
        if start <= after or line is None:
            continue
        place = next((p.id for p in context.places for s in p.mentions
                      if s.start == line.start("name")), None)
        when = next((t for t in context.times
                     if line.start("rest") <= t.start and t.end <= line.end("rest")), None)
        if place is not None and (_SECTION_NAME.match(line.group("name")) or when):
            found.append(_Dateline(line.start("name"), line.end(), place, when))
    return found


def _dateline_at(index: _Index, position: int) -> _Dateline | None:
    """The dateline that governs the text at ``position``: the last later one before it,
    else the report's first."""
    later = [d for d in index.later_datelines if d.start <= position]
    return later[-1] if later else index.dateline


def _line_starts(text: str, limit: int) -> Iterator[int]:
    """Starts of the first ``limit`` non-blank lines."""
    seen, pos = 0, 0
    while pos < len(text) and seen < limit:
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        if text[pos:end].strip():
            seen += 1
            yield pos
        pos = end + 1


# ------------------------------------------------------------------------ time


def _time(index: _Index, head: Token, carried: list[Token]) -> EventTime:
    """The event's date: from its sentence, else the dateline's, else the report's."""
    expr = _sentence_time(index, head, carried)
    if expr is not None and expr.date is not None:
        return EventTime(expr.date, expr.precision, expr.end_date, "sentence")
    line = _dateline_at(index, head.idx)
    dated = line.time if line is not None else None
    if dated is not None and dated.date is not None:
        return EventTime(dated.date, dated.precision, dated.end_date, "dateline")
    published = index.context.meta.published
    if published:
        return EventTime(published, "day", None, "published")
    return EventTime(None, "day", None, "unknown")


def _sentence_time(index: _Index, head: Token, carried: list[Token]) -> TimeExpr | None:
    """A time attached to the trigger's clause, else the only one in the clause, else the
    only one in the sentence. Period bounds ("since April") never date an event."""
    sent, line = head.sent, _dateline_at(index, head.idx)
    found = [(t, root) for t in index.context.times
             if sent.start_char <= t.start < sent.end_char and not _PERIOD_CUES.match(t.text)
             and not (line is not None and line.start <= t.start < line.end)
             and (root := _root(index, t)) is not None]
    found = [(t, r) for t, r in found if not _describes_a_noun(r, head, t.precision)]
    if not found:
        return None
    anchors = {a.i for a in _clause_anchors(head) + carried}
    attached = [t for t, r in found if _governor(r).i in anchors or r.head.i in anchors]
    if attached:
        return min(attached, key=lambda t: _PRECISION_ORDER[t.precision])
    clause = _clause_head(head)
    same = [t for t, r in found if _clause_head(r).i == clause.i]
    if len(same) == 1:
        return same[0]
    related = [t for t, r in found if _reports(_clause_head(r), clause)
               or _simultaneous(_clause_head(r), clause)]
    return related[0] if len(found) == 1 and related else None


def _describes_a_noun(time: Token, trigger: Token, precision: str) -> bool:
    """Is the time phrase inside a clause that describes a noun and does not hold the
    trigger ("the town, which fell last year", "condemned the embargo imposed in 2011",
    "the deal reached five months ago")? Such a clause has a time of its own: it dates that
    noun's story (the embargo's own event, if it is one), not the event of the clause the
    noun sits in. A DAY in a participle clause is left to the event: it is often the
    event's own day that the parser hung on the nearest verb ("signed the accord adopted
    by the council on 12 May"; PA-X dev dates fell 0.554 -> 0.537 when it was not)."""
    clause = _clause_head(time)
    for tok in time.ancestors:
        participle = tok.dep_ == "acl" and tok.tag_ == "VBN" and precision != "day"
        # a relative clause with a subject of its own; an infinitive the parser made one
        # ("the Agreement to Cease Hostilities ... on 12 January") is no description
        relative = tok.dep_ == "relcl" and tok.tag_ != "VB" and any(
            c.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS for c in tok.children)
        if (relative or participle) and tok.head.pos_ in _NOUNS:
            # the noun described may be the event itself: "the sanctions imposed in 2011"
            return not (tok.left_edge.i <= trigger.i <= tok.right_edge.i
                        or tok.head.i == trigger.i)
        if tok.i == clause.i:
            return False
    return False


# Verbs that report another clause: their date stands in for the reported event's ("the
# army said on Sunday that militants attacked ..."): news reports events the day they
# happen or the day after, which is within the UCDP date tolerance of a day.
_REPORTING = frozenset({
    "say", "tell", "report", "announce", "add", "claim", "state", "confirm", "declare",
    "deny", "warn", "allege", "insist", "write", "post", "accuse", "quote",
})


# Subordinators of a clause that happens at the same time as its main clause ("failed on
# Monday as Haftar asked for time"); "before", "after", "until" clauses have times of their
# own ("signed before a conference starts later this week").
_AT_THE_SAME_TIME = frozenset({"as", "when", "while", "whilst"})


def _simultaneous(one: Token, other: Token) -> bool:
    """Is one clause an "as"/"when"/"while" clause of the other?"""
    for sub, main in ((one, other), (other, one)):
        if sub.dep_ == "advcl" and sub.head.i == main.i and any(
                c.dep_ == "mark" and c.lower_ in _AT_THE_SAME_TIME for c in sub.children):
            return True
    return False


def _reports(verb: Token, clause: Token) -> bool:
    """Is ``verb`` a reporting verb above ``clause`` ("said ... that X attacked")?"""
    if verb.lemma_.lower() not in _REPORTING or verb.i == clause.i:
        return False
    return any(a.i == verb.i for a in clause.ancestors)


_PRECISION_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3}


def _root(index: _Index, expr: TimeExpr) -> Token | None:
    span = index.doc.char_span(expr.start, expr.end, alignment_mode="expand")
    return span.root if span is not None else None


def _governor(token: Token) -> Token:
    """The nearest verb or event noun above a time phrase ("attacked ... on Sunday")."""
    tok = token.head
    for _ in range(6):
        if tok.pos_ in _VERBS or tok.head.i == tok.i:
            return tok
        if tok.pos_ in _NOUNS and tok.dep_ not in ("pobj", "npadvmod"):
            return tok  # "the attack on Sunday": the noun is dated
        tok = tok.head
    return tok


def _clause_head(token: Token) -> Token:
    """The verb heading the clause that holds ``token``: climb until a verb with its own
    subject (participles and infinitives share their head's), or the root."""
    tok = token
    for _ in range(12):
        if tok.pos_ in _VERBS and any(c.dep_ in _SUBJECTS | _PASSIVE_SUBJECTS
                                      for c in tok.children):
            return tok
        if tok.head.i == tok.i:
            return tok
        tok = tok.head
    return tok


# ------------------------------------------------------------------------ fatalities


def _fatalities(index: _Index, trigger: Trigger) -> Fatalities | None:
    """Deaths that belong to a violent event, summed over victim categories.

    A "killed" figure belongs to the event when it is in the trigger's sentence and either
    in the trigger's own clause, or in a clause no other violent event of the sentence
    owns (then it goes to the nearest violent trigger before it), or when it cannot be
    placed on a token at all. A figure in the next sentence also belongs to the sentence's
    last violent event when that sentence only refers back to it ("The attack killed 12",
    "It killed 12"); the same figure told twice counts once. Figures with a period ("since
    April") are aggregates and never belong to one event; a figure inside "including ..."
    or "among ..." is part of another one and is not added again.
    """
    doc = index.doc
    head = doc[trigger.head]
    mine = _own_figures(index, trigger, head.sent)
    if _last_violent(index, trigger, head.sent) and head.sent.end < len(doc):
        mine += _continued_figures(index, doc[head.sent.end].sent)
    return _summed(mine)


@dataclass(frozen=True, slots=True)
class _Figure:
    quantity: Quantity
    token: Token | None  # the number's token, when it could be found


def _figures(index: _Index, sent: Any) -> list[_Figure]:
    """The "killed" figures of a sentence, each placed on its number token where possible,
    without aggregates or figures that are part of another ("including five children")."""
    quantities = [q for q in index.context.quantities if q.kind == "killed"
                  and q.evidence.start < sent.end_char and q.evidence.end > sent.start_char]
    figures: list[_Figure] = []
    used: set[int] = set()
    for q in quantities:
        token = _number_token(sent, q, used)
        if token is not None:
            used.add(token.i)
        if q.period is None and not (token is not None and _is_part(token)):
            figures.append(_Figure(q, token))
    return figures


def _number_token(sent: Any, q: Quantity, used: set[int]) -> Token | None:
    """The first unused token of the sentence whose number is one of the figure's."""
    from ceasefire.extract.quantities import parse_amount

    values = {v for v in (q.low, q.best, q.high) if v is not None}
    for token in sent:
        if token.i in used or not (token.like_num or token.pos_ == "NUM"):
            continue
        amount = parse_amount([token.text])
        if amount is not None and amount[1] in values:
            return token
    return None


def _is_part(token: Token) -> bool:
    """A number under "including" or "among": a subset of a figure already counted."""
    tok = token
    for _ in range(4):
        tok = tok.head
        if tok.lower_ in ("including", "among", "amongst") or tok.lemma_ == "include":
            return True
        if tok.head.i == tok.i or tok.pos_ in _VERBS:
            return False
    return False


def _own_figures(index: _Index, trigger: Trigger, sent: Any) -> list[Quantity]:
    rivals = [t for t in index.violent_in(sent) if t.head != trigger.head]
    clause = _clause_head(index.doc[trigger.head]).i
    rival_clauses = {_clause_head(index.doc[t.head]).i: t for t in rivals}
    mine: list[Quantity] = []
    for figure in _figures(index, sent):
        if figure.token is None:
            mine.append(figure.quantity)
            continue
        where = _clause_head(figure.token).i
        if where == clause:
            sharing = [t for t in rivals if _clause_head(index.doc[t.head]).i == clause]
            if not sharing or _owns(index, figure.token, trigger, sharing):
                mine.append(figure.quantity)
        elif where not in rival_clauses and _nearest(index, figure.token, trigger, rivals):
            mine.append(figure.quantity)
    return mine


def _owns(index: _Index, token: Token, trigger: Trigger, sharing: list[Trigger]) -> bool:
    """Of violent triggers in one clause, the figure is the one's it is an argument of
    ("700 were killed and 2,800 injured in the fighting": "killed", not "fighting"), else
    the nearest's: one figure is never counted for two events of a clause."""
    above = {a.i for a in token.ancestors}
    if trigger.head in above:
        return True
    if any(t.head in above for t in sharing):
        return False
    return _nearest(index, token, trigger, sharing)


def _nearest(index: _Index, token: Token, trigger: Trigger, rivals: list[Trigger]) -> bool:
    """Is ``trigger`` the violent trigger nearest before ``token`` (else nearest after)?"""
    def distance(t: Trigger) -> tuple[int, int]:
        gap = token.i - t.head
        return (0, gap) if gap >= 0 else (1, -gap)

    return min([trigger, *rivals], key=distance).head == trigger.head


def _last_violent(index: _Index, trigger: Trigger, sent: Any) -> bool:
    """Is the trigger in the clause of its sentence's last violent event (the one a next
    sentence's "the attack" refers back to)? Participles share their verb's clause."""
    last = max(index.violent_in(sent), key=lambda t: t.head, default=trigger)
    doc = index.doc
    return bool(_clause_head(doc[last.head]).i == _clause_head(doc[trigger.head]).i)


def _continued_figures(index: _Index, sent: Any) -> list[Quantity]:
    """Figures of a sentence that only refers back to the previous event."""
    rivals = index.violent_in(sent)
    anaphoric = bool(rivals) and all(_definite(index.doc[t.head]) for t in rivals)
    figures = _figures(index, sent)
    if anaphoric:
        return [f.quantity for f in figures]
    return [f.quantity for f in figures
            if f.token is not None and _pronoun_subject(_clause_head(f.token))]


def _definite(noun: Token) -> bool:
    """ "the attack", "this blast": a noun that names an event already told. "The war" or
    "the fighting" names the whole conflict, not the incident before it."""
    from ceasefire.extract.quantities import load_lexicon

    lex = load_lexicon()
    if noun.lemma_.lower() in lex.conflict_nouns | lex.prolonged_nouns:
        return False
    return noun.pos_ in _NOUNS and any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")
        for c in noun.children)


def _pronoun_subject(verb: Token) -> bool:
    return any(c.dep_ == "nsubj" and c.lower_ in ("it", "this") for c in verb.children)


def _summed(quantities: Sequence[Quantity]) -> Fatalities | None:
    """UCDP-style sum over victim categories: low = the sum of the lows given (a lower
    bound stays one when a category has none), best = the sum of the bests given, high =
    the sum of the highs only when every category gives one. Repeats of the same figure
    for the same victims count once."""
    unique = list(dict.fromkeys((q.victims, q.low, q.best, q.high) for q in quantities))
    lows = [q[1] for q in unique if q[1] is not None]
    bests = [q[2] for q in unique if q[2] is not None]
    highs = [q[3] for q in unique if q[3] is not None]
    low = sum(lows) if lows else None
    best = sum(bests) if bests else None
    high = sum(highs) if highs and len(highs) == len(unique) else None
    if low is None and best is None and high is None:
        return None
    return Fatalities(low, best, high)


# ------------------------------------------------------------------------ for other passes


def phrase_actors(context: Context, token: Token) -> list[str]:
    """The actor ids a noun phrase headed by ``token`` stands for, by the rules roles use
    (mentions, conjuncts, appositions, "members of X", pronouns and short references).
    The agreement pass (extract/agreements.py) reads its parties with it."""
    return _phrase_actors(_index(context), token)


def dateline_place(context: Context) -> str | None:
    """The place id of the report's dateline: the one the place stage resolved there, else a
    place the report names elsewhere under the same name ("BERLIN, Jan 19 -" and "in
    Berlin"). Appended for the agreement pass (a text adopted where the reporter is)."""
    found = _index(context).dateline
    if found is None:
        return None
    if found.place is not None:
        return found.place
    text = doc_text(context.doc)
    m = _DATELINE.match(text, found.start)
    name = (m.group("name") if m else text[found.start:found.end]).casefold()
    return next((p.id for p in context.places if p.name.casefold() == name
                 or any(s.text.casefold() == name for s in p.mentions)), None)
