"""Agreements in one report: ceasefires, truces and deals, their parties, mediators, venue,
actions, conditions and each party's status as of the report (rules in docs/agreements.md).

Steps:

1. mentions: the words that name an agreement, with kind ("draft ceasefire agreement" is a
   ceasefire), stage ("draft", "permanent") and proper name ("Stockholm Agreement");
2. actions: action words ("signed", "took effect", "asked for more time") linked to the
   agreement they act on through the parse, or to the nearest one named when they act on
   nothing named; roles, place and date come from the event argument stage
   (:func:`ceasefire.extract.arguments.build_event`), status and speaker from the event
   status rules (:func:`ceasefire.extract.triggers.clause_status`);
3. grouping: mentions of one report are one agreement unless the text tells them apart
   (kind family, draft versus in force, proper name);
4. assembly: parties (who binds itself) and mediators (who brokers, hosts, proposes or
   urges), venue, a readable name, conditions and each party's last commitment.

Only reports that name an agreement are read past step 1, and step 2 reads only sentences
with action words: the pass costs little on reports about other things.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from ceasefire.extract.agreement_lexicon import (
    AgreementLexicon,
    load_agreement_lexicon,
    match_at,
    word_in,
)
from ceasefire.extract.agreement_mentions import (
    ActionCand,
    ConditionCand,
    Mention,
    by_phrase,
    find_actions,
    find_conditions,
    find_mentions,
)
from ceasefire.extract.arguments import Context, build_event, dateline_place, phrase_actors
from ceasefire.extract.triggers import Trigger, clause_status, load_lexicon
from ceasefire.kb.actors import ActorKB
from ceasefire.nlp import doc_text
from ceasefire.schema import (
    Actor,
    Agreement,
    AgreementAction,
    AgreementActionName,
    AgreementKind,
    Condition,
    DocumentMeta,
    EventStatus,
    EventTime,
    Place,
    Quantity,
    Span,
    TimeExpr,
)

__all__ = ["extract_agreements"]

Token = Any  # spacy.tokens.Token

# Kinds that news uses for the same thing: a truce and a ceasefire between the same sides
# in one report are one agreement unless something else tells them apart.
_FAMILY: dict[str, str] = {"truce": "ceasefire"}
# Prepositions that name the sides of an agreement ("a truce between X and Y", "with the
# rebels"); of them, those that leave out whoever declares it ("Egypt announces a truce
# between Israel and Hamas", but "the junta declares a ceasefire with the rebels").
_SIDES = ("between", "among", "with")
_DASHES = frozenset({"-", "\u2013", "\u2014"})  # hyphen, en dash, em dash
_APART = ("between", "among")
# Actions on the text of an agreement (before it is in force): with a draft in the report,
# a plain "the truce" they act on is the draft ("the truce was signed in Moscow").
_TEXT_STAGE = frozenset({"proposed", "negotiated", "drafted", "signed", "requested_time",
                         "rejected"})
# Actions only a text under negotiation undergoes: one that acts on no agreement named goes
# to the draft when the report names one ("Haftar asked for more time").
_TEXT_ONLY = frozenset({"drafted", "signed", "requested_time", "rejected"})
# Actions on an agreement in force: a mention they act on is the agreement in force, even
# when a draft is named too ("the ceasefire that started on Sunday").
_IN_FORCE = frozenset({"entered_into_force", "violated", "extended", "expired", "collapsed"})
_TOLD = frozenset({"asserted", "claimed"})
# Actions that say where an agreement stands with a party (its status as of the report).
_COMMITMENTS = frozenset({"proposed", "accepted", "signed", "requested_time", "rejected",
                          "approved", "withdrew"})
# Actions whose actor binds itself: a party.
_PARTY_ACTIONS = frozenset({"accepted", "signed", "requested_time", "rejected", "approved",
                            "withdrew", "violated", "extended"})
# Acts that make a text where they happen (a dateline place can be its venue).
_MAKING = frozenset({"signed", "accepted", "approved", "drafted", "negotiated"})
# Where the venue comes from, most telling first (where it was signed, then negotiated ...).
_VENUE_ACTIONS: tuple[str, ...] = ("signed", "negotiated", "drafted", "proposed",
                                   "requested_time", "rejected")
# Calibration: how many sentences back an action with no agreement of its own (or "it")
# may reach for one. News paragraphs are one to three sentences; two sentences back covers
# the hand-written cases without reaching into another story of a round-up.
_WINDOW = 2
_KIND_WORDS: dict[str, str] = {
    "ceasefire": "ceasefire", "truce": "truce", "humanitarian_pause": "humanitarian pause",
    "peace": "peace agreement", "prisoner_exchange": "prisoner exchange", "other": "agreement",
}
# Places precise enough to be where talks are held or a text is signed.
_VENUE_KINDS = frozenset({"city", "site"})
_LINK_WORDS = frozenset({"link", "close", "affiliate", "loyal", "ally", "tie", "connect",
                         "belong", "run", "own"})
_ARMED = frozenset({"MIL", "REB", "UAF"})
_FORCE_NOUNS = frozenset({"force", "forces", "group", "militia", "army", "movement",
                          "command", "camp"})


def extract_agreements(
    doc: Any,
    meta: DocumentMeta,
    actors: Sequence[Actor],
    places: Sequence[Place],
    times: Sequence[TimeExpr],
    quantities: Sequence[Quantity],
) -> list[Agreement]:
    """Every agreement the report speaks of, in order of first mention."""
    lex = load_agreement_lexicon()
    sents = list(doc.sents)
    inside = _actor_tokens(doc, actors)  # "Government of National Accord" is no accord
    by_sentence = [[m for m in find_mentions(s, n, lex) if m.head.i not in inside]
                   for n, s in enumerate(sents)]
    mentions = [m for found in by_sentence for m in found]
    if not mentions:
        return []
    context = Context(doc, meta, tuple(actors), tuple(places), tuple(times), tuple(quantities))
    cands = [a for n, s in enumerate(sents) for a in find_actions(s, n, by_sentence[n], lex)]
    conditions = [c for n, s in enumerate(sents) for c in find_conditions(s, n, lex)]
    report = _Report(context, lex, {a.id: a for a in actors}, {p.id: p for p in places})
    acted = [(cand, report.actions(cand)) for cand in cands]
    profiles = _profiles(sents, mentions, acted, report, lex)
    groups = _Grouping(mentions, acted, profiles).groups()
    for cand, actions in acted:
        group = groups.for_action(cand)
        if group is not None:
            group.actions += groups.still_news(group, actions)
            if cand.anchor.reference is not None:
                group.mentions.append(cand.anchor.reference)
    for group in groups.all():
        group.helpers += report.named_mediators(group)
    for cond in conditions:
        group = groups.nearest(cond.sentence, cond.tokens[0].i, text_stage=True,
                               window=len(sents))
        if group is not None:
            group.conditions.append(_condition(doc, cond))
    kept = [g for g in groups.all() if g.name or (g.actions and not (
        g.key[1] == "permanent" and not any(a.actor and a.status in _TOLD for a in g.actions)))]
    return [report.agreement(g, n) for n, g in enumerate(kept)]


# --------------------------------------------------------------------------- grouping

# A group's key: kind family (or "name"), stage, and which of the agreements of that family
# and stage the report tells apart (0 for the first).
_Key = tuple[str, str, int]
# Calibration: how many days apart two dated acts of making a deal (agreeing, signing, the
# start) may be and still be one deal. A truce agreed on a Monday is often signed or in
# force days later; a week covers that, while "a truce agreed in April" beside a ceasefire
# signed in late May stays two. Chosen by that reasoning, not fitted to any gold story.
_MADE_REACH = 7
_MADE_ACTS = frozenset({"signed", "accepted", "approved", "entered_into_force"})
# A stated duration ("72-hour", "one-week", "a three-day truce") in hours.
_UNIT_HOURS = {"hour": 1, "day": 24, "week": 24 * 7, "month": 24 * 30}
_NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fourteen": 14,
                 "fifteen": 15, "twenty": 20, "thirty": 30, "sixty": 60, "ninety": 90}


@dataclass(frozen=True, slots=True)
class _Profile:
    """What tells one agreement named in a report from another of the same kind and stage:
    the part of the report it is in (a "Separately, ..." starts another), its stated
    duration, the sides its own words and acts name, and the days it was made."""

    segment: int
    hours: int | None = None
    sides: frozenset[str] = frozenset()
    made: tuple[str, str] | None = None  # first and last day of its dated making acts
    definite: bool = False  # "the truce": takes up an agreement already named

    @property
    def featured(self) -> bool:
        return bool(self.hours or self.sides or self.made)

    def apart(self, other: _Profile) -> bool:
        """This mention names another agreement than the one ``other`` describes: another
        duration, two other sides, made more than ``_MADE_REACH`` days apart (unless "the
        truce" takes one up), or named in another part of the report by words of its own."""
        if self.hours and other.hours and self.hours != other.hours:
            return True
        if len(self.sides) >= 2 and len(other.sides) >= 2 and not self.sides & other.sides:
            return True
        if not self.definite and self.made and other.made and _gap(self.made, other.made) \
                > _MADE_REACH:
            return True
        return self.segment != other.segment and (not self.definite or self.featured)

    def joined(self, other: _Profile) -> _Profile:
        """The profile of a group that ``other``'s mention joins (it is now in ``other``'s
        part of the report)."""
        made = self.made if other.made is None else other.made if self.made is None else (
            min(self.made[0], other.made[0]), max(self.made[1], other.made[1]))
        return _Profile(other.segment, self.hours or other.hours, self.sides | other.sides,
                        made, self.definite)


def _gap(a: tuple[str, str], b: tuple[str, str]) -> int:
    """Days between two date ranges (0 when they overlap)."""
    first, second = sorted((a, b))
    return max(0, (dt.date.fromisoformat(second[0]) - dt.date.fromisoformat(first[1])).days)


def _profiles(sents: list[Any], mentions: list[Mention],
              acted: list[tuple[ActionCand, list[AgreementAction]]], report: _Report,
              lex: AgreementLexicon) -> dict[int, _Profile]:
    segments: list[int] = []
    for sent in sents:
        shift = any(match_at(sent[0], seq, sent.end) for seq in lex.topic_shifts)
        segments.append((segments[-1] if segments else 0) + int(shift and bool(segments)))
    sides: dict[int, list[str]] = {}
    made: dict[int, list[tuple[str, str]]] = {}
    for cand, actions in acted:
        for m in cand.anchor.mentions:
            sides.setdefault(id(m), []).extend(
                a.actor for a in actions if a.actor and a.action in _PARTY_ACTIONS
                and a.status != "hypothetical")
            made.setdefault(id(m), []).extend(
                (a.time.date, a.time.end_date or a.time.date) for a in actions
                if a.action in _MADE_ACTS and a.status in _TOLD and a.time is not None
                and a.time.date and a.time.basis == "sentence")
    out: dict[int, _Profile] = {}
    for m in mentions:
        days = made.get(id(m), [])
        out[id(m)] = _Profile(
            segments[m.sentence], _duration(m.head),
            frozenset(sides.get(id(m), [])) | frozenset(report.between(m.head)),
            (min(d[0] for d in days), max(d[1] for d in days)) if days else None,
            _definite_noun(m.head))
    return out


def _duration(head: Token) -> int | None:
    """"a 72-hour truce", "a one-week ceasefire", "a three-day pause": its length in
    hours."""
    for unit in (t for c in head.lefts for t in c.subtree):
        hours = _UNIT_HOURS.get(unit.lemma_.lower())
        number = next((n for n in unit.children if n.dep_ == "nummod"), None)
        if number is None and unit.i > 0 and unit.doc[unit.i - 1].lower_ == "-":
            number = unit.doc[unit.i - 2] if unit.i > 1 else None
        if hours is None or number is None:
            continue
        count = _NUMBER_WORDS.get(number.lower_)
        if count is None and number.text.isdigit():
            count = int(number.text)
        if count:
            return count * hours
    return None


def _definite_noun(head: Token) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its",
                                                           "their") for c in head.children)


@dataclass(slots=True)
class _Group:
    key: _Key
    mentions: list[Mention]
    actions: list[AgreementAction] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    profile: _Profile | None = None
    helpers: list[str] = field(default_factory=list)  # mediators named by their role

    @property
    def name(self) -> str | None:
        return next((m.name for m in self.mentions if m.name), None)

    @property
    def kind(self) -> AgreementKind:
        """The kind its words name; a group of generic nouns ("a formal agreement") that
        joined a kind family's draft is of that family."""
        fallback = self.key[0] if self.key[0] in _KIND_WORDS else self.mentions[0].kind
        return next((m.kind for m in self.mentions if not m.generic),
                    cast(AgreementKind, fallback))

    @property
    def draft(self) -> bool:
        return self.key[1] == "draft"


def _family(kind: str) -> str:
    return _FAMILY.get(kind, kind)


class _Grouping:
    """Mentions into agreements. A proper name is an agreement of its own; other mentions
    group by kind family and stage: the agreement in force; a draft (or a formal text, or
    a plain mention a signing acts on, when a draft is named or when the signing comes
    after the agreement of that family entered into force); and a permanent settlement
    the truce in force is to become. Generic nouns ("the deal") join the nearest agreement
    named before them (else after)."""

    def __init__(self, mentions: list[Mention],
                 acted: list[tuple[ActionCand, list[AgreementAction]]],
                 profiles: dict[int, _Profile]) -> None:
        self.mentions = mentions
        self.profiles = profiles
        cands = [c for c, _ in acted]
        self.text_acted = {id(m) for c in cands if c.words.name in _TEXT_STAGE
                           for m in c.anchor.mentions}
        self.in_force = {id(m) for c in cands if c.words.name in _IN_FORCE
                         for m in c.anchor.mentions or self._before(c)}
        # mention -> dates of the acts only a text undergoes (signed, rejected ...) told of it
        self.text_days: dict[int, list[str]] = {}
        # kind family -> the earliest day an agreement of that family is told to be in force
        self.force_day: dict[str, str] = {}
        for cand, actions in acted:
            days = [a.time.date for a in actions if a.status in _TOLD and a.time is not None
                    and a.time.date]
            if cand.words.name in _TEXT_ONLY:
                for m in cand.anchor.mentions:
                    self.text_days.setdefault(id(m), []).extend(days)
            elif cand.words.name == "entered_into_force" and days:
                for m in cand.anchor.mentions or self._before(cand):
                    if not m.generic:
                        fam = _family(m.kind)
                        self.force_day[fam] = min([*days, self.force_day.get(fam, days[0])])
        self.acts_on: dict[int, set[str]] = {}
        for cand in cands:
            for m in cand.anchor.mentions:
                self.acts_on.setdefault(id(m), set()).add(cand.words.name)
        self.keys: dict[int, _Key] = {}
        self.by_key: dict[_Key, _Group] = {}

    def groups(self) -> _Grouping:
        keyed = [m for m in self.mentions if m.name or not m.generic]
        near = {id(m): self._nearest_keyed(m, keyed) for m in self.mentions if m not in keyed}
        drafts = {_family(m.kind) for m in keyed if m.stage == "draft" and not m.name}
        drafts |= {_family(k.kind) for m in self.mentions if m.stage == "draft"
                   and (k := near.get(id(m))) is not None and not k.name}
        for m in keyed:
            self._put(m, self._told_apart(m, self._key(m, _family(m.kind), drafts)))
        for m in self.mentions:
            if id(m) in self.keys:
                continue
            found = near.get(id(m))
            key = self.keys.get(id(found)) if found is not None else None
            key = key or ("other", "main", 0)
            if key[0] != "name" and (m.stage or id(m) in self.text_acted
                                     or id(m) in self.in_force):
                pair = self._key(m, key[0], drafts)
                key = key if pair == key[:2] else self._latest(pair)
            self._put(m, key)
        return self

    def _told_apart(self, m: Mention, pair: tuple[str, str]) -> _Key:
        """Which agreement of this kind family and stage a mention names: the latest one
        named before it that nothing tells apart from it ("the truce" takes it up), else a
        new one ("Separately, X and Y agreed a ceasefire", "a 72-hour truce agreed in April"
        beside a one-week ceasefire signed in May)."""
        same = [g for g in self.by_key.values() if g.key[:2] == pair]
        profile = self.profiles.get(id(m))
        if pair[0] == "name" or profile is None:
            return (*pair, 0)
        for group in reversed(same):
            if group.profile is None or not profile.apart(group.profile):
                return group.key
        return (*pair, len(same))

    def _latest(self, pair: tuple[str, str]) -> _Key:
        same = [k for k in self.by_key if k[:2] == pair]
        return same[-1] if same else (*pair, 0)

    def _before(self, cand: ActionCand) -> list[Mention]:
        """The agreement named last before an action in its sentence (when the action
        names none itself: "the ceasefire, brokered by X, came into force")."""
        if not cand.anchor.window:
            return []
        return [m for m in self.mentions if m.sentence == cand.sentence
                and m.head.i < cand.head.i][-1:]

    def _key(self, m: Mention, family: str, drafts: set[str]) -> tuple[str, str]:
        if m.name:
            return ("name", m.name)
        if m.stage == "draft":
            return (family, "draft")
        if id(m) in self.in_force:
            return (family, "main")
        force = self.force_day.get(family)
        days = self.text_days.get(id(m), [])
        # A text signed (or refused) after the agreement of its family entered into force
        # is another text than that agreement ("the truce that began on Sunday ... left
        # Moscow on Tuesday without signing an agreement").
        later = force is not None and not any(d <= force for d in days)
        if m.stage == "permanent" and later:
            return (family, "permanent")
        text = m.stage in ("formal", "permanent") or id(m) in self.text_acted
        if text and (family in drafts or (later and (days or m.stage == "formal"))):
            return (family, "draft")
        return (family, "main")

    def _nearest_keyed(self, m: Mention, keyed: list[Mention]) -> Mention | None:
        before = [k for k in keyed if k.start < m.start]
        after = [k for k in keyed if k.start > m.start]
        return before[-1] if before else after[0] if after else None

    def _put(self, m: Mention, key: _Key) -> None:
        self.keys[id(m)] = key
        group = self.by_key.get(key)
        if group is None:
            group = self.by_key[key] = _Group(key, [])
        group.mentions.append(m)
        profile = self.profiles.get(id(m))
        if profile is not None and not m.generic:
            group.profile = profile if group.profile is None else group.profile.joined(
                profile)

    def _same_act(self, cand: ActionCand) -> _Group | None:
        """"X signed a declaration ... The document was signed by A and B": a reference
        takes up the last agreement named before it that underwent the same act."""
        before = [m for m in self.mentions if cand.sentence - _WINDOW <= m.sentence
                  <= cand.sentence and m.head.i < cand.head.i
                  and cand.words.name in self.acts_on.get(id(m), ())]
        return self.by_key[self.keys[id(before[-1])]] if before else None

    def still_news(self, group: _Group, actions: list[AgreementAction]
                   ) -> list[AgreementAction]:
        """Without calls for an agreement already in force ("called for the truce to be
        consolidated"): pressing for compliance is no proposal of it."""
        force = self.force_day.get(group.key[0]) if group.key[1] == "main" else None
        if force is None:
            return actions
        return [a for a in actions if not (a.action == "proposed" and a.time is not None
                                           and a.time.date is not None
                                           and a.time.date > force)]

    def all(self) -> list[_Group]:
        return sorted(self.by_key.values(), key=lambda g: min(m.start for m in g.mentions))

    def for_action(self, cand: ActionCand) -> _Group | None:
        anchor, text = cand.anchor, cand.words.name in _TEXT_ONLY
        if anchor.mentions:
            return self.by_key[self.keys[id(anchor.mentions[0])]]
        if anchor.reference is not None:
            draft = next((g for g in self.all() if g.draft), None)
            return draft or self._same_act(cand) or self.nearest(
                cand.sentence, cand.head.i, text_stage=text, before_only=True)
        return self.nearest(cand.sentence, cand.head.i, text_stage=text,
                            before_only=anchor.pronoun)

    def nearest(self, sentence: int, token: int, *, text_stage: bool,
                before_only: bool = False, window: int = _WINDOW) -> _Group | None:
        """The agreement named nearest before ``token`` in its sentence, else after it in
        the sentence, else in the ``window`` sentences before; a text-stage action
        goes to the draft of that agreement's family when the report names one."""
        same = [m for m in self.mentions if m.sentence == sentence]
        before = [m for m in same if m.head.i < token]
        after = [] if before_only else [m for m in same if m.head.i > token]
        earlier = [m for m in self.mentions if sentence - window <= m.sentence < sentence]
        near = (before[-1:] or after[:1] or earlier[-1:])
        if not near:
            return None
        key = self.keys[id(near[0])]
        if text_stage and key[1] == "main" and (key[0], "draft", 0) in self.by_key:
            key = (key[0], "draft", 0)
        return self.by_key[key]


# --------------------------------------------------------------------------- actions


@dataclass(slots=True)
class _Report:
    context: Context
    lex: AgreementLexicon
    actors: dict[str, Actor]
    places: dict[str, Place]
    # trigger start -> the action's place (its own sentence's, or the dateline's) and basis
    event_places: dict[int, str] = field(default_factory=dict)
    place_basis: dict[int, str] = field(default_factory=dict)
    # trigger starts of acceptances by declaring ("Putin declares a truce"), settled per
    # agreement by ``_declarations``
    declared: set[int] = field(default_factory=set)

    def actions(self, cand: ActionCand) -> list[AgreementAction]:
        """The action a candidate states, one per actor ("X and Y signed")."""
        doc = self.context.doc
        span = _span(doc, cand.tokens)
        status, attributed, name = self._status(cand)
        if status is None:
            return []
        name = self._declaring(cand, name, span)
        trigger = Trigger(cand.head.i, span, "AGREE", None, None, None, status, attributed)
        event = build_event(self.context, 0, trigger)
        accused = self._accused(cand.head)
        if accused is not None and (name == "withdrew" or (
                name == "accepted" and status == "negated")):
            # "accused X of abandoning the truce", "... of failing to honour it": a violation
            # alleged by the accuser
            name, status = "violated", "claimed"
        sources = accused if accused is not None else (
            self._said_of(cand.head) or list(event.source) or self._doer(cand))
        urgers = self._urgers(cand.head)
        actors = [] if cand.words.where == "subject" else _unique(
            self._side(self._loyal_to(a, cand.head)) for a in sources
            if self._side(a) not in urgers)
        actors = actors or [None]
        target = accused[0] if accused and name == "violated" else None
        evidence = event.evidence
        if event.place is not None and event.place_basis in ("sentence", "dateline"):
            self.event_places[span.start] = event.place
            self.place_basis[span.start] = event.place_basis or ""
        found = []
        for actor in actors:
            told, speaker = self._own_word(actor, name, status, attributed, cand.head)
            found.append(AgreementAction(actor, name, self._when(cand, event.time, told), told,
                                         speaker, evidence, span,
                                         self._side(target) if target else None))
        return found + self._urged(cand.head) + self._role_mediators(cand, found[0])

    def _as_mediator(self, phrases: list[Token]) -> Token | None:
        """"(with Oman) as mediator": the role noun of the "as" phrase, which the parse
        hangs on the actor or on the verb next to "with"."""
        return next((x for r in phrases if r.dep_ == "prep" and r.lower_ == "as"
                     for x in r.children if x.dep_ == "pobj"
                     and word_in(x, self.lex.mediator_nouns)), None)

    def _role_mediators(self, cand: ActionCand, done: AgreementAction
                        ) -> list[AgreementAction]:
        """"reached a ceasefire with the Houthis, with Oman as mediator": the actor named
        in the role mediates the act (a "negotiated" action of its own, told like it)."""
        nouns = [cand.head, *(m.head for m in cand.anchor.mentions)]
        found: list[AgreementAction] = []
        for noun in nouns:
            for prep in (p for p in noun.children if p.dep_ == "prep" and p.lower_ == "with"):
                for obj in (o for o in prep.children if o.dep_ == "pobj"):
                    role = self._as_mediator([*obj.children, *(
                        c for c in noun.children if c.i > obj.i)])
                    if role is None:
                        continue
                    trigger = _span(self.context.doc, [prep, role])
                    actors = self._named_in(obj)
                    found += [dataclasses.replace(done, actor=a, action="negotiated",
                                                  trigger=trigger, target=None)
                              for a in actors if a != done.actor]
        return found

    def _declaring(self, cand: ActionCand, name: AgreementActionName, span: Span
                   ) -> AgreementActionName:
        """"Putin declares a truce" accepts it (settled per agreement, see
        ``_declarations``); declaring a proposal ("announced a ceasefire plan") puts it
        forward."""
        if name != "accepted" or cand.kind != "verb" or not word_in(cand.head,
                                                                     self.lex.declaring):
            return name
        if cand.anchor.reference is not None or any(m.stage == "draft"
                                                    for m in cand.anchor.mentions):
            return "proposed"
        self.declared.add(span.start)
        return name

    def _when(self, cand: ActionCand, time: EventTime | None, status: EventStatus
              ) -> EventTime | None:
        """"held since 12 January": the date "since" names. An act told as done is not
        dated after the report that tells it (a date in its sentence names something else:
        "has promised to keep to the truce before Sunday's conference")."""
        last = cand.tokens[-1]
        if last.lower_ == "since":
            after = [t for t in self.context.times if t.start >= last.idx and t.date
                     and t.start - (last.idx + len(last.text)) <= 2]
            if after:
                t = min(after, key=lambda t: t.start)
                return EventTime(t.date, t.precision, None, "sentence")
        published = self.context.meta.published
        if (status in _TOLD and published and time is not None and time.date
                and time.date > published[:10]):
            return EventTime(published[:10], "day", None, "published")
        return time

    def _own_word(self, actor: str | None, name: str, status: EventStatus,
                  attributed: str | None, head: Token) -> tuple[EventStatus, str | None]:
        """A party's own word on its own commitment is the commitment ("the LNA said it
        would observe the truce" accepts it); another's word on it stays a claim."""
        if actor is None or name not in _COMMITMENTS:
            return status, attributed
        own = attributed is None or self._side(self._loyal_to(attributed, head)) == actor
        if name == "accepted" and status == "planned":
            # announcing that one will keep to an agreement is accepting it now
            return ("asserted" if own else "claimed"), attributed
        if status == "claimed" and attributed is not None and own:
            return "asserted", attributed
        return status, attributed

    def _doer(self, cand: ActionCand) -> list[str]:
        """"X fired on its positions in breach of the truce": a noun action in a manner
        phrase is done by the subject of the verb it qualifies."""
        head = cand.head
        if head.dep_ == "amod":  # "a US-brokered truce": the agent before the hyphen
            return self._hyphen_agents(head)
        by = by_phrase(head) if cand.kind == "noun" else None
        if by is not None:  # "mediation by the UAE"
            return [a for o in by.children if o.dep_ == "pobj"
                    for a in phrase_actors(self.context, o)]
        prep = head.head
        if cand.kind != "noun" or head.dep_ != "pobj" or prep.lower_ not in ("in", "by"):
            return []
        verb = next((t for t in prep.ancestors if t.pos_ in ("VERB", "AUX")), None)
        if verb is None:  # the phrase may hang on the verb's object ("fired on X in breach")
            return []
        return [a for c in verb.children if c.dep_ == "nsubj"
                for a in phrase_actors(self.context, c)]

    def _hyphen_agents(self, participle: Token) -> list[str]:
        """"US-brokered", "Egyptian-Qatari-mediated": the names before the hyphen, each
        joined to the next by a dash; the actor stage often leaves such names out, so a
        name the knowledge base knows (a demonym gives its country) counts too."""
        agent = next((c for c in participle.children if c.dep_ in ("npadvmod", "compound")
                      and c.i < participle.i), None)
        if agent is None:
            return []
        found = phrase_actors(self.context, agent)
        kb, doc, i = ActorKB.load(), participle.doc, agent.i
        while True:
            entry = kb.match(doc[i].text)
            found += [entry.id] if entry is not None else []
            if i < 2 or doc[i - 1].text not in _DASHES or doc[i - 2].is_punct:
                break
            i -= 2
        return _unique(self._side(a) for a in found)

    def _loyal_to(self, actor_id: str, head: Token) -> str:
        """"forces loyal to Khalifa Haftar" when the actor stage kept only "forces loyal to
        the commander": an unnamed armed group stands for the affiliated person its own
        phrase names."""
        actor = self.actors.get(actor_id)
        if actor is None or actor.kb or actor.affiliation or actor.sector not in _ARMED:
            return actor_id
        for m in actor.mentions:
            piece = self.context.doc.char_span(m.start, m.end, alignment_mode="expand")
            if piece is None or piece.sent != head.sent:
                continue
            named = [a for t in piece.root.subtree for a in self._actors_at(t)
                     if a.id != actor_id and a.affiliation and _is_person(a)]
            if named:
                return named[0].id
        return actor_id

    def _actors_at(self, token: Token) -> list[Actor]:
        return [a for a in self.actors.values()
                if any(m.start <= token.idx < m.end for m in a.mentions)]

    def _urging_verb(self, head: Token) -> Token | None:
        """The verb of request an action hangs on ("urged the factions to sign")."""
        node = head
        while node.dep_ in ("xcomp", "ccomp") and node.head.i != node.i:
            node = node.head
            if word_in(node, load_lexicon().status.request_verbs):
                return node
        return None

    def _urged_to_keep(self, head: Token) -> bool:
        return word_in(head, self.lex.observing)

    def _urgers(self, head: Token) -> set[str]:
        verb = self._urging_verb(head)
        return {a.actor for a in self._proposal(verb) if a.actor} if verb is not None else set()

    def _urged(self, head: Token) -> list[AgreementAction]:
        """"Turkey and Russia urged the factions to sign": whoever urges an action on an
        agreement presses for it, a "proposed" action of theirs (a mediator's, unless they
        bind themselves elsewhere in the report)."""
        verb = self._urging_verb(head)
        if verb is None or self._urged_to_keep(head):
            return []  # urging the sides to respect a truce does not propose it
        return self._proposal(verb)

    def _proposal(self, verb: Token) -> list[AgreementAction]:
        span = _span(self.context.doc, [verb])
        found = clause_status([verb], tuple(self.actors.values()))
        trigger = Trigger(verb.i, span, "AGREE", None, None, None, found.status,
                          found.attributed_to)
        event = build_event(self.context, 0, trigger)
        return [AgreementAction(self._side(a), "proposed", event.time, found.status,
                                found.attributed_to, event.evidence, span)
                for a in _unique(event.source)]

    def _status(self, cand: ActionCand
                ) -> tuple[EventStatus | None, str | None, AgreementActionName]:
        """Status and speaker by the event rules, then what agreements add: an announced
        refusal to sign is a rejection, a signing wished for is hypothetical, an outlet
        "linked to" a force speaks for that force. ``None``: the clause is the negated
        complement of a refusal that is an action of its own."""
        found = clause_status(cand.tokens, tuple(self.actors.values()))
        status: EventStatus = found.status
        name: AgreementActionName = cand.words.name
        attributed = found.attributed_to or self._linked_source(found.speaker)
        if status not in _TOLD and _describing(cand.head):
            # "(agreed to) the plan proposed by Egypt": what a participle says of its noun
            # is given, whatever the clause around it hopes or plans
            status = "claimed" if "claimed" in found.flags else "asserted"
        if name in ("signed", "accepted") and self._left_without(cand.head):
            return ("claimed" if "claimed" in found.flags else "asserted"), attributed, "rejected"
        if "negated" in found.flags and name in ("signed", "accepted", "approved"):
            refusal = self._refused_by(cand.head)
            if refusal == "action":
                return None, attributed, name
            if found.future or refusal == "verb":
                name = "rejected"
                status = "claimed" if "claimed" in found.flags else "asserted"
        elif status in ("asserted", "claimed", "planned") and self._wished(cand.head):
            status = "hypothetical"
        elif status in _TOLD and (_is_to(cand.head) or (
                name in _STARTING and _infinitive(cand.head))):
            status = "planned"  # "the committee is to work out the terms", "to start Monday"
        return status, attributed, name

    def _refused_by(self, head: Token) -> str | None:
        """"refused to sign": "action" when the refusing verb is an action word itself
        (it yields the rejection), "verb" for another negating verb ("failed to")."""
        gov = head.head
        if head.dep_ != "xcomp" or gov.i == head.i:
            return None
        rejected = next(a for a in self.lex.actions if a.name == "rejected")
        if word_in(gov, rejected.verbs):
            return "action"
        return "verb" if word_in(gov, frozenset({"refuse", "decline"})) else None

    def _left_without(self, head: Token) -> bool:
        """"left Moscow without signing": a refusal, not a mere absence of a signature."""
        prep = head.head
        return (head.dep_ == "pcomp" and prep.lower_ == "without"
                and word_in(prep.head, self.lex.leaving))

    def _wished(self, head: Token) -> bool:
        """"it was crucial the truce was signed", "hope for the signing": wished for."""
        node = head
        for _ in range(6):
            if node.head.i == node.i:
                return False
            node = node.head
            words = [node, *(c for c in node.children if c.dep_ in ("acomp", "attr"))]
            if any(word_in(w, self.lex.hypothetical_governors) for w in words):
                return True
            if word_in(node, load_lexicon().status.reporting_verbs):
                return False
        return False

    def _accused(self, head: Token) -> list[str] | None:
        """"X accused Y of violating the truce": Y is the actor (the accuser is the speaker,
        which the status rules already found); ``None`` when nobody is accused."""
        node = head
        for _ in range(3):
            prep = node.head
            if node.dep_ in ("pcomp", "pobj") and prep.dep_ == "prep" and prep.lower_ in (
                    "of", "for") and word_in(prep.head, self.lex.accusing):
                objects = [c for c in prep.head.children if c.dep_ == "dobj"]
                return [a for o in objects for a in phrase_actors(self.context, o)]
            node = prep
            if node.head.i == node.i:
                break
        return None

    def _said_of(self, head: Token) -> list[str]:
        """"“They asked for time,” Lavrov said of Haftar": a pronoun subject of a quote is
        whoever the speaker speaks of."""
        subj = [c for c in head.children if c.dep_ == "nsubj"]
        if not subj and head.dep_ == "conj":
            subj = [c for c in head.head.children if c.dep_ == "nsubj"]
        if not subj or subj[0].pos_ != "PRON":
            return []
        node = head
        while node.head.i != node.i and node.dep_ in ("conj", "ccomp", "xcomp", "advcl"):
            node = node.head
            about = [o for p in node.children if p.dep_ == "prep" and p.lower_ == "of"
                     for o in p.children if o.dep_ == "pobj"]
            if about and word_in(node, load_lexicon().status.reporting_verbs):
                return [a for o in about for a in phrase_actors(self.context, o)]
        return []

    def _linked_source(self, speaker: Sequence[Token]) -> str | None:
        """"a website linked to the force said ...": the outlet is no actor, the force it
        is linked to speaks through it."""
        for token in speaker:
            if token.dep_ in ("acl", "amod") and word_in(token, _LINK_WORDS):
                for obj in (o for p in token.children if p.dep_ == "prep"
                            for o in p.children if o.dep_ == "pobj"):
                    found = phrase_actors(self.context, obj) or self._armed_before(obj)
                    if found:
                        return self._side(found[0])
        return None

    def _armed_before(self, noun: Token) -> list[str]:
        """"the force": the nearest armed group named before it in the report."""
        if noun.lower_ not in _FORCE_NOUNS:
            return []
        best: tuple[int, str] | None = None
        for actor in self.actors.values():
            if actor.sector not in _ARMED or _is_person(actor):
                continue
            for m in actor.mentions:
                if m.end <= noun.idx and (best is None or m.end > best[0]):
                    best = (m.end, actor.id)
        return [best[1]] if best else []

    def _side(self, actor_id: str) -> str:
        """A person acts for the group the knowledge base affiliates them with (Haftar for
        the LNA, al-Sarraj for the GNA)."""
        actor = self.actors.get(actor_id)
        if actor is not None and actor.affiliation and _is_person(actor):
            return actor.affiliation
        return actor_id

    # ----------------------------------------------------------------------- assembly

    def agreement(self, group: _Group, n: int) -> Agreement:
        actions = self._declarations(group, sorted(
            group.actions, key=lambda a: (a.trigger.start, a.actor or "")))
        parties, mediators = self._sides(group, actions)
        venue = self._venue(group, actions)
        return Agreement(
            id=f"agr:{self.context.meta.id[:12]}:{n}",
            kind=group.kind,
            name=self._name(group, venue, mediators),
            parties=tuple(parties),
            mediators=tuple(mediators),
            venue=venue,
            actions=tuple(actions),
            conditions=tuple(dict.fromkeys(group.conditions)),
            status=_party_status(parties, actions),
            mentions=tuple(sorted({_span(self.context.doc, m.tokens) for m in group.mentions},
                                  key=lambda s: s.start)),
        )

    def _declarations(self, group: _Group, actions: list[AgreementAction]
                      ) -> list[AgreementAction]:
        """Whoever declares an agreement accepts it, unless the report names other sides
        and leaves the declarer out ("Egypt announces a truce between Israel and Hamas",
        "Cambodia denies the truce announced by the US"): then the declarer puts it
        forward, as a mediator would."""
        declared = [a for a in actions if a.trigger.start in self.declared]
        if not declared:
            return actions
        # "X declares a ceasefire with Y": a "with" counterpart leaves the declarer a side
        others = {a for m in group.mentions for a in self._between(m.head, _APART)}
        others |= {a.actor for a in actions if a.actor and a.action in _PARTY_ACTIONS
                   and a.trigger.start not in self.declared and a.status != "hypothetical"}
        return [dataclasses.replace(a, action="proposed") if a in declared and others
                and a.actor not in others else a for a in actions]

    def _sides(self, group: _Group, actions: list[AgreementAction]
               ) -> tuple[list[str], list[str]]:
        """Parties bind themselves (sign, accept, reject, violate ...; "a truce between X
        and Y"); mediators broker, host, or only propose or urge."""
        parties = _unique(a for m in group.mentions for a in self._between(m.head))
        parties += [a.actor for a in actions if a.actor and a.action in _PARTY_ACTIONS
                    and a.status != "hypothetical"]  # a wish binds nobody
        parties += [a.target for a in actions if a.target]
        parties = _unique(parties)
        helpers = [a.actor for a in actions if a.actor and a.action not in _PARTY_ACTIONS
                   and not self._generic(a.actor)]
        helpers += group.helpers
        mediators = _unique(a for a in helpers if a not in parties)
        return parties, mediators

    def _generic(self, actor_id: str) -> bool:
        """An unnamed role ("Defence Minister", "officials", "mediators"): no knowledge-base
        entry, country or group of its own. It can say who acts, not who mediates."""
        actor = self.actors.get(actor_id)
        return actor is not None and not actor.kb and actor.country is None \
            and actor.affiliation is None and actor.sector is not None

    def named_mediators(self, group: _Group) -> list[str]:
        """"..., mediators from Saudi Arabia and the United States said": in a sentence
        that names the agreement, the actors a mediating role noun is "from" or "of"
        (speakers or not: the role is what they are to it)."""
        found: list[str] = []
        for sent in dict.fromkeys(m.head.sent for m in group.mentions if not m.generic):
            for noun in (t for t in sent if t.pos_ == "NOUN"
                         and word_in(t, self.lex.mediator_nouns)):
                found += [a for p in noun.children if p.dep_ == "prep"
                          and p.lower_ in ("from", "of") for o in p.children
                          if o.dep_ == "pobj" for a in self._named_in(o)]
        return found

    def _named_in(self, phrase: Token) -> list[str]:
        """The actors a noun phrase names, a country named as a place ("from Saudi Arabia
        and the United States") standing for its state."""
        found = [self._side(a) for a in phrase_actors(self.context, phrase)
                 if not self._generic(a)]
        kb = ActorKB.load()
        for part in (phrase, *(t for t in phrase.subtree if t.dep_ == "conj")):
            place = self._place_at(part)
            entry = kb.country(place.country) if place is not None and place.kind == \
                "country" and place.country else None
            if entry is not None:
                found.append(entry.id)
        return _unique(found)

    def between(self, head: Token) -> list[str]:
        return self._between(head)

    def _between(self, head: Token, preps: tuple[str, ...] = _SIDES) -> list[str]:
        """"a truce between X and Y", "a ceasefire with the rebels"; for an exchange told by
        its verb, whoever does it ("X and Y swapped prisoners")."""
        if head.pos_ == "VERB":
            return [self._side(a) for c in head.children if c.dep_ == "nsubj"
                    for a in phrase_actors(self.context, c)]
        return [self._side(a) for p in self._side_preps(head) if p.lower_ in preps
                for o in p.children if o.dep_ == "pobj"
                for a in phrase_actors(self.context, o)
                or (self._capitals(o) if p.lower_ in _APART else [])]

    @staticmethod
    def _side_preps(head: Token) -> list[Token]:
        """The noun's prepositions, and a "between" hung on its scope ("a ceasefire for the
        Black Sea between Kyiv and Moscow")."""
        preps = [p for p in head.children if p.dep_ == "prep"]
        return preps + [q for p in preps if p.lower_ in ("for", "in") for o in p.children
                        if o.dep_ == "pobj" for q in o.children
                        if q.dep_ == "prep" and q.lower_ in _APART]

    def _capitals(self, phrase: Token) -> list[str]:
        """"a ceasefire between Kyiv and Moscow": national capitals named as the sides
        stand for their states (only with "between", where a place cannot be a side)."""
        from ceasefire.kb.gazetteer import Gazetteer

        found: list[str] = []
        for part in (phrase, *(t for t in phrase.subtree if t.dep_ == "conj")):
            place = self._place_at(part)
            if place is None or place.kind != "city" or not place.country:
                continue
            ident = place.id.removeprefix("geo:")
            if any(c.capital and c.id == ident for c in Gazetteer.open().lookup(place.name)):
                entry = ActorKB.load().country(place.country)
                found += [entry.id] if entry is not None else []
        return found

    def _venue(self, group: _Group, actions: list[AgreementAction]) -> str | None:
        """A city named with the agreement ("the Moscow draft", "the Pretoria agreement"),
        else the place of its signing, negotiation, drafting ... (in that order)."""
        for m in group.mentions:
            for t in m.tokens:
                place = self._place_at(t)
                if place is not None and place.kind in _VENUE_KINDS:
                    return place.id
        for name in _VENUE_ACTIONS:
            for action in (a for a in actions if a.action == name):
                where = self._event_place(action)
                if where is not None and self.place_basis.get(action.trigger.start) == \
                        "sentence":
                    return where
        # "BERLIN, Jan 19 - The conference adopted conclusions": a text made that day, where
        # the reporter is, was made there.
        for action in actions if group.kind == "other" else ():
            if (action.action in _MAKING and action.status == "asserted"
                    and self.place_basis.get(action.trigger.start) != "sentence"
                    and action.time is not None
                    and action.time.date == (self.context.meta.published or "")[:10]):
                where = dateline_place(self.context)
                place = self.places.get(where) if where else None
                return where if place is not None and place.kind in _VENUE_KINDS else None
        return None

    def _place_at(self, token: Token) -> Place | None:
        for place in self.places.values():
            if any(m.start <= token.idx < m.end for m in place.mentions):
                return place
        return None

    def _event_place(self, action: AgreementAction) -> str | None:
        """Where the action took place, when that is a city or site (a venue)."""
        where = self.event_places.get(action.trigger.start)
        place = self.places.get(where) if where else None
        return where if place is not None and place.kind in _VENUE_KINDS else None

    def _name(self, group: _Group, venue: str | None, mediators: list[str]) -> str:
        """Proper name; else venue, mediators' demonyms or the place it covers, with the
        kind ("Moscow ceasefire draft", "Russian-Turkish truce", "Libya ceasefire")."""
        if group.name:
            return group.name
        kind = group.kind
        word = _KIND_WORDS[kind] if kind != "other" else self._head_word(group)
        if group.draft:
            word += " draft"
        if venue is not None and venue in self.places:
            return f"{self.places[venue].name} {word}"
        demonyms = [d for d in (self._demonym(a) for a in mediators) if d]
        if demonyms:
            return f"{'-'.join(demonyms[:3])} {word}"
        scope = self._scope(group)
        return f"{scope} {word}" if scope else word[:1].upper() + word[1:]

    def _head_word(self, group: _Group) -> str:
        head = group.mentions[0].head
        return str(head.lemma_.lower() if head.tag_ not in ("NNS", "NNPS") else head.lower_)

    def _demonym(self, actor_id: str) -> str | None:
        entry = ActorKB.load().get(actor_id)
        if entry is None or entry.kind != "country" or not entry.demonyms:
            return None
        return entry.demonyms[0]

    def _scope(self, group: _Group) -> str | None:
        """The place an agreement covers, as the report writes it: "a ceasefire in Libya",
        "the Gaza truce", else where it took effect or was broken ("a ceasefire took effect
        in Hodeidah"). The report's own word keeps names alike across reports that the
        gazetteer spells otherwise ("Al Hudaydah")."""
        for m in group.mentions:
            words = list(m.tokens) + [o for p in m.head.children if p.dep_ == "prep"
                                      and p.lower_ in ("in", "for", "across") for o in p.subtree]
            for t in words:
                place = self._place_at(t)
                if place is not None:
                    return self._written(place, t)
        doc = self.context.doc
        for action in (a for a in group.actions if a.action in _IN_FORCE):
            head = doc.char_span(action.trigger.start, action.trigger.end,
                                 alignment_mode="expand")
            words = [o for t in (head or []) for p in t.children if p.dep_ == "prep"
                     and p.lower_ == "in" for o in p.subtree]
            found = [(p, t) for t in words if (p := self._place_at(t)) is not None]
            if found:  # "in Yemen's port city of Hodeidah": the finest, the last named
                place, token = found[-1]
                return self._written(place, token)
        return None

    def _written(self, place: Place, token: Token) -> str:
        return next((s.text for s in place.mentions if s.start <= token.idx < s.end),
                    place.name)


def _actor_tokens(doc: Any, actors: Sequence[Actor]) -> set[int]:
    """Token indices inside actor names."""
    found: set[int] = set()
    for actor in actors:
        for m in actor.mentions:
            piece = doc.char_span(m.start, m.end, alignment_mode="expand")
            if piece is not None:
                found.update(range(piece.start, piece.end))
    return found


def _is_person(actor: Actor) -> bool:
    entry = ActorKB.load().get(actor.id) if actor.kb else None
    return entry is not None and entry.kind == "person"


def _party_status(parties: list[str], actions: list[AgreementAction]) -> dict[str, str]:
    """Each party's last commitment (by the date of the act, then text order) among what
    the report asserts or reports as claimed, as the action word; whether it is a claim
    stays with the action. A claim another party makes about it (an accusation) does not
    move its status. A party with none is "pending"."""
    status: dict[str, str] = {}
    for party in parties:
        own = [(n, a) for n, a in enumerate(actions) if a.actor == party
               and a.action in _COMMITMENTS and moves_status(a.status, a.attributed_to,
                                                             party, parties)]
        if not own:
            status[party] = "pending"
            continue
        _, last = max(own, key=lambda item: ((item[1].time.date if item[1].time else None)
                                             or "", item[0]))
        status[party] = last.action
    return status


def moves_status(status: str, attributed_to: str | None, party: str,
                 parties: Sequence[str]) -> bool:
    """Whether an action told with ``status`` and speaker ``attributed_to`` can change
    ``party``'s status: it is asserted, or claimed by someone other than another party
    (one side's word on the other is an accusation, not the other's commitment)."""
    if status == "asserted":
        return True
    return status == "claimed" and (attributed_to is None or attributed_to == party
                                    or attributed_to not in parties)


_STARTING = frozenset({"entered_into_force", "expired"})
_ONGOING = frozenset({"begin", "start", "continue", "cease"})


def _infinitive(head: Token) -> bool:
    """"a truce to start on Monday": an infinitive of a start that has not begun ("has
    begun to take effect" has)."""
    return bool(any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children)
                and head.head.lemma_ not in _ONGOING)


def _describing(head: Token) -> bool:
    """A past participle that describes a noun ("the truce brokered by Qatar")."""
    return bool(head.dep_ == "acl" and head.tag_ == "VBN" and head.head.pos_ in ("NOUN",
                                                                                 "PROPN"))


def _is_to(head: Token) -> bool:
    """"is to work out", "are to meet": an arrangement for later."""
    return bool(any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children)
                and head.dep_ == "xcomp" and head.head.lemma_ == "be")


def _condition(doc: Any, cond: ConditionCand) -> Condition:
    span = _span(doc, cond.tokens)
    return Condition(span.text, span)


def _span(doc: Any, tokens: Sequence[Token]) -> Span:
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return Span(start, end, doc_text(doc)[start:end])


def _unique(items: Any) -> list[Any]:
    return list(dict.fromkeys(i for i in items if i is not None))
