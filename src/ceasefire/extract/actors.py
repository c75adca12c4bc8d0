"""Actors in one report: who is named, and who acts, with every mention as a span.

Four sources feed one list, merged by actor id:

1. knowledge-base names found by the alias trie (spaCy's NER misses or mislabels many of
   them: "Haftar" comes out as NORP or ORG as often as PERSON);
2. people the NER finds that the KB does not know, with country and sector read from their
   title ("Sudanese army spokesman Nabil Abdallah") and later surname-only mentions merged;
3. generic actors: an actor noun with what qualifies it ("Turkish troops", "Haftar's forces",
   "the Russian Foreign Ministry", "Sudanese paramilitary fighters");
4. organisations the NER finds that the KB does not know, and peoples ("146,000 Libyans").

Countries are both places and actors. The dependency parse decides: a country that is the
subject ("Russia said"), the agent ("brokered by Russia") or the object of an acting verb
("urged Turkey") is an actor; "talks in Moscow", "Libya's capital" are places and left to
the place extractor.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ceasefire import schema
from ceasefire.kb.actors import ActorKB, AliasMatch, KBEntry, NounGroup, deaccent
from ceasefire.nlp import doc_ents, doc_sents, doc_text

# Sectors of people who carry arms: an armed group takes its sector only from one of these
# ("rebel forces" -> REB), never from a civilian modifier ("government forces" stay MIL).
ARMED_SECTORS = frozenset({"MIL", "REB", "UAF", "CRM", "COP", "SPY"})
_MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod", "nummod"})
_TITLE_DEPS = frozenset({"amod", "compound", "poss", "nmod"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "appos"})
# "pro-Haftar", "anti-Houthi", "non-Syrian": the word after the hyphen is a stance.
_STANCE_PREFIXES = frozenset({"pro", "anti", "non"})
# The lexicon group that a people named by its plural demonym belongs to.
PEOPLE_GROUP = "civilians"
_FUNCTION_WORDS = frozenset({"the", "a", "an", "of", "for", "and", "'s", "'", "-", "&"})


@dataclass(frozen=True, slots=True)
class Resolved:
    """What a mention refers to, before mentions are merged per actor."""

    id: str
    name: str
    country: str | None
    sector: str | None
    kb: bool
    affiliation: str | None = None
    longest_name: bool = False  # people: the fullest form names them ("Step Vaessen")


def kb_resolved(entry: KBEntry) -> Resolved:
    return Resolved(entry.id, entry.name, entry.country, entry.sector, True, entry.affiliation)


def slug(*parts: str) -> str:
    text = "-".join(p for p in parts if p)
    return re.sub(r"[^a-z0-9]+", "-", deaccent(text).lower()).strip("-")


class ActorExtractor:
    """Stage contract: ``extractor(doc) -> list[Actor]`` and ``extractor.pipe(docs)``."""

    def __init__(
        self, kb: ActorKB | None = None, *, is_place: Callable[[str], bool] | None = None
    ) -> None:
        """``is_place`` (optional, e.g. a gazetteer lookup) tells whether a name is a known
        place: the NER often calls a town an organisation or a person ("Khan Younis")."""
        self.kb = kb if kb is not None else ActorKB.load()
        self.is_place = is_place

    def __call__(self, doc: Doc) -> list[schema.Actor]:
        return _DocReader(doc, self.kb, self.is_place).run()

    def pipe(self, docs: Iterable[Doc]) -> Iterator[list[schema.Actor]]:
        for doc in docs:
            yield self(doc)


# ----------------------------------------------------------------------------- merging


@dataclass(slots=True)
class _Found:
    first: Resolved
    mentions: set[tuple[int, int]] = field(default_factory=set)


class _Collector:
    """Mentions merged per actor id; the first resolution fixes the actor's attributes,
    later ones only fill what it left empty."""

    def __init__(self, doc: Doc) -> None:
        self.text = doc_text(doc)
        self.found: dict[str, _Found] = {}

    def add(self, resolved: Resolved, span: Span) -> None:
        start, end = span.start_char, span.end_char
        found = self.found.setdefault(resolved.id, _Found(resolved))
        found.first = _fill(found.first, resolved)
        found.mentions.add((start, end))

    def actors(self) -> list[schema.Actor]:
        actors = [self._actor(f) for f in self.found.values() if f.mentions]
        return sorted(actors, key=lambda a: (a.mentions[0].start, a.id))

    def _actor(self, found: _Found) -> schema.Actor:
        r = found.first
        mentions = tuple(schema.Span(s, e, self.text[s:e]) for s, e in sorted(found.mentions))
        return schema.Actor(
            id=r.id,
            name=self._name(r, mentions),
            country=r.country,
            sector=r.sector,
            kb=r.kb,
            mentions=mentions,
            affiliation=r.affiliation,
        )

    @staticmethod
    def _name(r: Resolved, mentions: Sequence[schema.Span]) -> str:
        if r.kb:
            return r.name
        if r.longest_name:
            return max((m.text for m in mentions), key=len)
        return re.sub(r"^(?:the|The)\s+", "", mentions[0].text)


def _fill(old: Resolved, new: Resolved) -> Resolved:
    return Resolved(
        id=old.id,
        name=old.name,
        country=old.country or new.country,
        sector=old.sector or new.sector,
        kb=old.kb,
        affiliation=old.affiliation or new.affiliation,
        longest_name=old.longest_name,
    )


# ------------------------------------------------------------------- noun phrase facts


@dataclass(slots=True)
class _Facts:
    """What the modifiers of an actor noun say about it."""

    countries: list[str] = field(default_factory=list)
    owners: list[KBEntry] = field(default_factory=list)  # "Hamas fighters", "Haftar's forces"
    backers: list[KBEntry] = field(default_factory=list)  # "pro-Haftar fighters"
    qualifiers: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)  # sectors the modifiers suggest
    tokens: set[int] = field(default_factory=set)
    named: set[str] = field(default_factory=set)  # owners named in the phrase itself
    nouns: list[Token] = field(default_factory=list)  # actor nouns among the modifiers
    unknown_names: bool = False  # capitalised words nothing explains: a proper name

    @property
    def empty(self) -> bool:
        return not (self.countries or self.owners or self.backers or self.qualifiers)


# ---------------------------------------------------------------------- one document


class _DocReader:
    """One report, read once. ``Doc.ents``, ``Doc.text`` and ``Span.sent`` walk the whole
    Doc (or sentence) on every access, so what is needed more than once (entities, the
    entity of each token, sentence bounds) is computed here once per call; nothing of it
    outlives the call."""

    def __init__(self, doc: Doc, kb: ActorKB, is_place: Callable[[str], bool] | None) -> None:
        self.doc = doc
        self.kb = kb
        self.is_place = is_place
        self.lex = kb.lexicon
        self.out = _Collector(doc)
        self.matches = kb.scan([t.text for t in doc])
        self.match_at = {i: m for m in self.matches for i in range(m.start, m.end)}
        self.ents: tuple[Span, ...] = doc_ents(doc)
        self.ent_at = {i: ent for ent in self.ents for i in range(ent.start, ent.end)}
        self.claimed: set[int] = set()  # tokens already in an actor mention
        self.consumed: set[int] = set()  # actor nouns that only title a person
        # KB people named in this report (lower-case words), by last word
        self.kb_people: dict[str, list[tuple[list[str], KBEntry]]] = {}
        self.unknown_people: list[Span] = []  # people the KB does not know, as named
        self.evidence = self._countries_named()
        self._sentence_starts: list[int] | None = None
        self._words_in_sentence: dict[int, int] = {}

    def run(self) -> list[schema.Actor]:
        self._kb_actors()
        self._people()
        self._generics()
        self._organisations()
        self._peoples()
        return self.out.actors()

    # ------------------------------------------------------------- knowledge-base names

    def _kb_actors(self) -> None:
        for match in self.matches:
            entry = self._actor_entry(match)
            if entry is None:
                continue
            span = self.doc[match.start : match.end]
            if entry.kind == "country" and not self._country_acts(span):
                continue
            if entry.kind != "country" and self._inside_longer_name(span):
                continue
            if entry.kind == "person":
                span = self._person_span(span)
                self._note_title_nouns(span)
                self._add_kb_person(span, entry)
            self.out.add(kb_resolved(entry), span)
            self.claimed.update(range(span.start, span.end))

    def _inside_longer_name(self, span: Span) -> bool:
        """Is the alias only the tail of a longer name ("Supreme National Security Council"
        is not the UN's "Security Council")? True when capitalised words that no alias
        explains precede it inside the same entity."""
        ent = self.ent_at.get(span.start)
        if ent is None or ent.start >= span.start:
            return False
        before = [t for t in self.doc[ent.start : span.start] if t.pos_ != "DET"]
        return bool(before) and all(t.is_title and t.i not in self.match_at for t in before)

    def _actor_entry(self, match: AliasMatch) -> KBEntry | None:
        if match.target.kind != "actor" or match.target.ref is None:
            return None
        entry = self.kb.get(match.target.ref)
        if entry is None or entry.kind == "country" or not entry.country:
            return entry
        if entry.sector in _SELF_EVIDENT_SECTORS:
            return entry  # "AFP", "HRW": outlets and NGOs are cited without their country
        if _short_acronym(match) and entry.country not in self.evidence:
            return None  # "TDF" in a report on Myanmar is not Tigray's force
        return entry

    def _countries_named(self) -> set[str]:
        """Countries the report names in words (not by a short acronym alone)."""
        found: set[str] = set()
        for match in self.matches:
            ref = match.target.ref
            if not ref:
                continue
            if match.target.kind in ("demonym", "people"):
                found.add(ref)
            entry = self.kb.get(ref) if match.target.kind == "actor" else None
            if entry is None or not entry.country:
                continue
            if entry.sector in _SELF_EVIDENT_SECTORS or not _short_acronym(match):
                found.add(entry.country)  # "SOHR" places a report in Syria
        return found

    def _country_acts(self, span: Span) -> bool:
        inside_name = span.root.ent_type_ == "PERSON" and self._entity(span.root).start < span.start
        return not inside_name and self._acts(span.root)

    def _acts(self, token: Token, depth: int = 0, *, objects: bool = True) -> bool:
        """Is this token an actor in its clause, by its dependency role? Without
        ``objects``, the object of a verb does not count: an unknown name that is only
        shelled or seized ("shelled El Fasher") is more likely a place."""
        while token.dep_ == "conj" and token.head is not token:
            token = token.head
        dep, head = token.dep_, token.head
        if dep in ("nsubj", "csubj"):
            return True
        if dep in ("dobj", "dative"):
            return objects and head.lemma_.lower() in self.lex.object_verbs
        if dep == "pobj":
            return self._acting_preposition(head)
        if dep == "poss":
            return head.lemma_.lower() in self.lex.action_nouns
        if dep == "appos" and depth < 2:
            return self._acts(head, depth + 1, objects=objects)
        return False

    def _acting_preposition(self, prep: Token) -> bool:
        word = prep.lower_
        if prep.dep_ == "agent" or word in self.lex.prepositions:
            return True
        if word == "to" and prep.head.lemma_.lower() == "accord":  # "according to Russia"
            return True
        return word == "of" and prep.head.lemma_.lower() in self.lex.action_nouns

    def _person_span(self, span: Span) -> Span:
        """Widen a KB surname to the full name the NER found ("Fayez Serraj")."""
        token = span.root
        if token.ent_type_ != "PERSON":
            return span
        ent = _trim(self._entity(token), self.lex.honorifics)
        others = any(
            i in self.match_at and self.match_at[i].start != span.start
            for i in range(ent.start, ent.end)
        )
        return span if others or ent.start > span.start or ent.end < span.end else ent

    # ------------------------------------------------------------------------ people

    def _people(self) -> None:
        names = [
            _trim(ent, self.lex.honorifics) for ent in self.ents if ent.label_ == "PERSON"
        ]
        for name in names:
            self._note_title_nouns(name)
        unknown = [n for n in names if self._unknown_name(n)]
        self.unknown_people = unknown
        fullest = _Names(unknown)
        for name in unknown:
            known = self._known_surname(name)
            resolved = kb_resolved(known) if known else self._person(fullest.fullest(name))
            self.out.add(resolved, name)
            self.claimed.update(range(name.start, name.end))

    def _add_kb_person(self, span: Span, entry: KBEntry) -> None:
        full = [t.lower_ for t in span]
        if full:  # indexed by last word: a surname can only match a name ending with it
            self.kb_people.setdefault(full[-1], []).append((full, entry))

    def _known_surname(self, name: Span) -> KBEntry | None:
        """ "Sharon" after "Ariel Sharon" in the same report is the KB's Ariel Sharon, even
        though the KB leaves the bare surname out as too ambiguous on its own."""
        words = [t.lower_ for t in name]
        if not words:
            return None
        for full, entry in self.kb_people.get(words[-1], ()):
            if len(full) > len(words) and full[-len(words) :] == words:
                return entry
        return None

    def _unknown_name(self, name: Span) -> bool:
        if not len(name) or any(i in self.claimed for i in range(name.start, name.end)):
            return False
        if not any(t.pos_ == "PROPN" for t in name) or self._in_place_phrase(name.root):
            return False
        if len(name) > 1 and self._known_place(name):
            return False
        # A name standing alone is a byline or residue, not an actor.
        return self._words_in_sentence_of(name.start) > len(name)

    def _words_in_sentence_of(self, i: int) -> int:
        """Tokens other than punctuation and space in the sentence of token ``i`` (that
        of ``Span.sent``), counted once per sentence."""
        if self._sentence_starts is None:
            self._sentence_starts = [sent.start for sent in doc_sents(self.doc)]
        k = bisect.bisect_right(self._sentence_starts, i) - 1
        if k not in self._words_in_sentence:
            starts = self._sentence_starts
            sent = self.doc[starts[k] : starts[k + 1] if k + 1 < len(starts) else len(self.doc)]
            self._words_in_sentence[k] = sum(1 for t in sent if not t.is_punct and not t.is_space)
        return self._words_in_sentence[k]

    def _known_place(self, name: Span) -> bool:
        """A name that reads as a place: it starts with a word that begins place names
        ("Kafr Kalbin", "Tel Karabet"), ends with a place noun ("Al-Hasakah Province"), or
        the optional gazetteer knows it."""
        words = [t.lower_ for t in name if not t.is_punct]
        if not words:
            return False
        if words[0] in self.lex.place_prefixes and len(words) > 1:
            return True
        if words[-1] in self.lex.place_nouns:
            return True
        return self.is_place is not None and self.is_place(name.text)

    def _in_place_phrase(self, token: Token) -> bool:
        """ "withdrew from Khan Younis", "al-Zeyyara town": the NER's person is a place."""
        while token.dep_ == "conj" and token.head is not token:
            token = token.head
        if token.dep_ == "compound" and token.head.pos_ == "NOUN":
            # "al-Zeyyara town", "Lashkar Gah residents"; but "Saleh loyalists" are his
            group = self._group(token.head)
            return group is None or group.sector in _PEOPLE_SECTORS
        return token.dep_ == "pobj" and token.head.lower_ in self.lex.place_prepositions

    def _person(self, name: Span) -> Resolved:
        title = self._title(name)
        return Resolved(
            id=f"act:x-{slug(name.text)}",
            name=name.text,
            country=title.country if title else None,
            sector=title.sector if title else None,
            kb=False,
            affiliation=title.id if title and title.kb else None,
            longest_name=True,
        )

    def _title(self, name: Span) -> Resolved | None:
        """Who a person speaks for, from the words before the name or an apposition."""
        root = name.root
        before = sorted(
            (t for c in root.lefts if c.dep_ in _TITLE_DEPS for t in c.subtree if t.i < name.start),
            key=lambda t: t.i,
        )
        role = next((t for t in reversed(before) if self._group(t)), None)
        if role is not None:
            return self._first(self._resolve(role, [t for t in before if t.i < role.i]))
        if before:
            facts = self._facts(before)
            if facts.countries:
                country = self.kb.country(facts.countries[0])
                return kb_resolved(country) if country else None
        appos = self._apposition(name)
        return self._first(self._resolve(appos, self._modifiers(appos))) if appos else None

    def _apposition(self, name: Span) -> Token | None:
        if not len(name):  # an empty span at the end of the Doc has no root
            return None
        root = name.root
        for child in root.rights:
            if child.dep_ == "appos" and self._group(child):
                return child
        if root.dep_ == "appos" and self._group(root.head):
            return root.head
        return None

    def _note_title_nouns(self, name: Span) -> None:
        """Actor nouns that only describe a person are not actors of their own."""
        appos = self._apposition(name)
        if appos is not None:
            self.consumed.add(appos.i)

    # ------------------------------------------------------------------ generic actors

    def _generics(self) -> None:
        for token in self.doc:
            if not self._generic_head(token):
                continue
            for resolved, span in self._resolve_phrase(token):
                self.out.add(resolved, span)
                self.claimed.update(range(span.start, span.end))

    def _generic_head(self, token: Token) -> bool:
        if token.pos_ not in _NOUNS or token.i in self.claimed or token.i in self.consumed:
            return False
        if token.dep_ == "compound" and token.head.pos_ in _NOUNS:
            return False  # a modifier: "army" in "army spokesman"
        return token.ent_type_ != "PERSON" and self._group(token) is not None

    def _resolve_phrase(self, head: Token) -> list[tuple[Resolved, Span]]:
        """Actors an actor noun stands for, each with its mention: one per conjunct of
        coordinated modifiers ("U.S. and NATO troops"). An owner that is named in the
        phrase keeps its own mention ("Hamas" in "Hamas spokesman") and gets no other."""
        named = self._named_org(head)
        if named is not None:
            return [(named, _trim(self._entity(head), self.lex.honorifics))]
        found: dict[str, tuple[Resolved, Span]] = {}
        for part in _conjuncts(self._modifiers(head)):
            facts = self._facts(part)
            for resolved in self._resolve(head, part):
                if resolved.id not in facts.named and resolved.id not in found:
                    found[resolved.id] = (resolved, self._phrase_span(head, facts))
        return list(found.values())

    def _modifiers(self, head: Token) -> list[Token]:
        """Tokens that qualify an actor noun: left modifiers with their subtrees, and
        "of"/"for" phrases and "loyal to" on the right ("forces loyal to Haftar")."""
        tokens = [t for c in head.lefts if c.dep_ in _MODIFIER_DEPS for t in _phrase(c)]
        for child in head.rights:
            of_phrase = child.dep_ == "prep" and child.lower_ in ("of", "for")
            if of_phrase or (child.dep_ == "amod" and child.lemma_.lower() == "loyal"):
                tokens.extend(_phrase(child))
        return sorted(tokens, key=lambda t: t.i)

    def _phrase_span(self, head: Token, facts: _Facts) -> Span:
        used = facts.tokens | {head.i}
        return self.doc[min(used) : max(used) + 1]

    def _group(self, token: Token) -> NounGroup | None:
        if token.pos_ not in _NOUNS:
            return None
        compound = [c for c in token.lefts if c.dep_ == "compound"]
        forms = [f"{c.lower_} {token.lemma_}" for c in compound[-1:]]
        return self.lex.group(*forms, token.lemma_, token.text)

    # ---------------------------------------------------------------- modifier facts

    def _facts(self, tokens: Sequence[Token]) -> _Facts:
        facts = _Facts()
        seen: set[int] = set()
        for token in tokens:
            match = self.match_at.get(token.i)
            if match is not None:
                if match.start not in seen:
                    seen.add(match.start)
                    self._match_fact(match, facts)
                continue
            self._word_fact(token, facts)
        return facts

    def _match_fact(self, match: AliasMatch, facts: _Facts) -> None:
        target = match.target
        facts.tokens.update(range(match.start, match.end))
        stance = self._stance(self.doc[match.start : match.end], facts)
        if stance:  # "pro-Haftar", "Turkish-backed", "UN-recognised": a stance, not an owner
            facts.qualifiers.append(stance)
            backer = self._match_entry(match)
            if backer is not None and not stance.startswith(("anti-", "non-")):
                facts.backers.append(backer)
        elif target.kind in ("demonym", "people") and target.ref:
            facts.countries.append(target.ref)
        elif target.kind == "regional" and target.ref:
            facts.qualifiers.append(target.ref)
        elif target.kind == "actor" and target.ref:
            entry = self.kb.get(target.ref)
            if entry is not None:
                self._actor_fact(entry, facts)

    def _match_entry(self, match: AliasMatch) -> KBEntry | None:
        ref = match.target.ref
        if match.target.kind == "actor" and ref:
            return self.kb.get(ref)
        if match.target.kind in ("demonym", "people") and ref:
            return self.kb.country(ref)
        return None

    def _stance(self, span: Span, facts: _Facts) -> str:
        prefix = self._prefix(span.start)
        if prefix:
            facts.tokens.update((span.start - 2, span.start - 1))
            return f"{prefix}-{slug(span.text)}"
        after = self.doc[span.end + 1] if span.end + 1 < len(self.doc) else None
        if after is not None and self.doc[span.end].text == "-" and after.tag_ in ("VBN", "VBD"):
            facts.tokens.update((span.end, span.end + 1))  # "Turkish-backed", "UN-recognised"
            return f"{slug(span.text)}-{after.lower_}"
        root = span.root
        if root.dep_ == "npadvmod" and root.head.pos_ in ("VERB", "ADJ"):
            return f"{slug(span.text)}-{root.head.lower_}"
        return ""

    def _actor_fact(self, entry: KBEntry, facts: _Facts) -> None:
        named = entry.kind != "person"
        if entry.kind == "person":  # "Haftar's forces" belong to what Haftar leads
            owner = self.kb.get(entry.affiliation) if entry.affiliation else None
            if owner is None:
                facts.backers.append(entry)
                return
            entry = owner
        if entry.kind == "country" and entry.country:
            facts.countries.append(entry.country)
            return
        facts.owners.append(entry)
        if named:
            facts.named.add(entry.id)

    def _word_fact(self, token: Token, facts: _Facts) -> None:
        word = token.lower_
        if token.is_punct or token.pos_ in ("DET", "PRON", "NUM", "ADP", "CCONJ", "PART"):
            return
        prefix = self._prefix(token.i)
        if word in self.lex.qualifiers or self._group(token) is not None:
            facts.tokens.add(token.i)
            if prefix:
                facts.tokens.update((token.i - 2, token.i - 1))
            facts.qualifiers.append(f"{prefix}-{word}" if prefix else word)
            sector = self._word_sector(token)
            if sector and not prefix:
                facts.sectors.append(sector)
            if self._group(token) is not None and not prefix:
                facts.nouns.append(token)
        elif word in _STANCE_PREFIXES or token.is_stop:
            return
        elif token.is_title and word not in _FUNCTION_WORDS:
            facts.unknown_names = True

    def _word_sector(self, token: Token) -> str | None:
        word = token.lower_
        if word in self.lex.qualifiers:
            return self.lex.qualifiers[word]
        group = self._group(token)
        return group.sector if group else None

    def _prefix(self, index: int) -> str:
        """ "pro" or "anti" when the token follows "pro-" / "anti-"."""
        if index >= 2 and self.doc[index - 1].text == "-":
            word = self.doc[index - 2].lower_
            if word in _STANCE_PREFIXES:
                return word
        return ""

    # -------------------------------------------------------------------- resolution

    def _resolve(self, head: Token, modifiers: Sequence[Token]) -> list[Resolved]:
        group = self._group(head)
        if group is None:
            return []
        named = self._named_org(head)
        if named is not None:
            return [named]
        facts = self._facts(modifiers)
        if facts.empty and not facts.sectors and head.lemma_.lower() in self.lex.needs_modifier:
            return []
        sector = self._sector(group, facts)
        if facts.owners:
            return [self._by_owner(group, sector, facts)]
        if group.represents and facts.nouns:  # "Sudanese army spokesman": the army's
            noun = facts.nouns[-1]
            return self._resolve(noun, [t for t in modifiers if t.i < noun.i])
        if facts.countries:
            return [self._by_country(iso, group, sector, facts) for iso in _unique(facts.countries)]
        return [self._generic(group, sector, facts, None)]

    def _sector(self, group: NounGroup, facts: _Facts) -> str:
        if not group.inherit:
            return group.sector
        for sector in facts.sectors + [o.sector or "" for o in facts.owners if group.represents]:
            if group.sector not in ARMED_SECTORS or sector in ARMED_SECTORS:
                return sector or group.sector
            if sector == "OPP":  # an armed opposition is a rebel force
                return "REB"
        return group.sector

    def _by_owner(self, group: NounGroup, sector: str, facts: _Facts) -> Resolved:
        owner = facts.owners[0]
        if _compatible(group, sector, owner):
            return kb_resolved(owner)
        return self._generic(group, sector, facts, owner)

    def _by_country(self, iso: str, group: NounGroup, sector: str, facts: _Facts) -> Resolved:
        country = self.kb.country(iso)
        if sector == "GOV" and country is not None:
            return kb_resolved(country)  # "Russian officials", "the Turkish Foreign Ministry"
        national = self.kb.national_military(iso)
        distinct = [q for q in facts.qualifiers if q not in self.lex.state_qualifiers]
        if sector == "MIL" and national is not None and not distinct:
            return kb_resolved(national)  # "Israeli troops" -> the IDF
        return self._generic(group, sector, facts, None, iso)

    def _generic(
        self,
        group: NounGroup,
        sector: str,
        facts: _Facts,
        owner: KBEntry | None,
        iso: str | None = None,
    ) -> Resolved:
        label = sector.lower() if group.inherit else group.name
        owner_part = owner.id.removeprefix("act:") if owner else ""
        ident = slug(iso or "", owner_part, *_unique(facts.qualifiers), label)
        backer = facts.backers[0].id if facts.backers else None
        return Resolved(
            id=f"act:x-{ident}",
            name=ident,
            country=iso or (owner.country if owner else None),
            sector=sector,
            kb=False,
            affiliation=owner.id if owner else backer,
        )

    def _named_org(self, head: Token) -> Resolved | None:
        """An organisation with a proper name the KB lacks ("the Popular Front")."""
        if head.ent_type_ != "ORG":
            return None
        ent = _trim(self._entity(head), self.lex.honorifics)
        inner = self._facts(list(ent))
        if not inner.unknown_names or inner.owners:
            return None
        group = self._group(head)
        sector = self._sector(group, inner) if group else None
        country = inner.countries[0] if inner.countries else None
        return Resolved(f"act:x-{slug(ent.text)}", ent.text, country, sector, False)

    @staticmethod
    def _first(resolved: list[Resolved]) -> Resolved | None:
        return resolved[0] if resolved else None

    def _entity(self, token: Token) -> Span:
        """The entity that holds ``token``, else the token alone."""
        ent = self.ent_at.get(token.i)
        return ent if ent is not None else self.doc[token.i : token.i + 1]

    # ----------------------------------------------------- organisations and peoples

    def _organisations(self) -> None:
        people = _Names(self.unknown_people)
        for ent in self.ents:
            if ent.label_ != "ORG":
                continue
            name = _trim(ent, self.lex.honorifics)
            if not len(name) or any(i in self.claimed for i in range(name.start, name.end)):
                continue
            if not self._acts(name.root, objects=False) or self._known_place(name):
                continue  # an unknown name that does nothing here is likely not an actor
            self.out.add(self._organisation(name, people), name)
            self.claimed.update(range(name.start, name.end))

    def _organisation(self, name: Span, people: _Names) -> Resolved:
        """An unknown organisation, unless it is a person's surname the NER mislabelled."""
        known = self._known_surname(name)
        if known is not None:
            return kb_resolved(known)
        person = people.fullest(name, also=name)
        if person is not name:
            return self._person(person)
        # A possessor outside the name gives its country ("Iran's Supreme National Security
        # Council"); words inside it come first ("the Libyan Red Crescent").
        owner = [t for c in name.root.children if c.dep_ == "poss" for t in c.subtree]
        facts = self._facts(list(name) + owner)
        country = facts.countries[0] if facts.countries else None
        return Resolved(f"act:x-{slug(name.text)}", name.text, country, None, False)

    def _peoples(self) -> None:
        """Plural demonyms standing alone ("146,000 Libyans"): that country's civilians."""
        civilians = next((g for g in self.lex.groups if g.name == PEOPLE_GROUP), None)
        if civilians is None:
            return
        for match in self.matches:
            token = self.doc[match.end - 1]
            if match.target.kind != "people" or not match.target.ref:
                continue
            if token.i in self.claimed or token.dep_ in ("amod", "compound"):
                continue
            facts = _Facts(countries=[match.target.ref])
            resolved = self._generic(civilians, civilians.sector, facts, None, match.target.ref)
            self.out.add(resolved, self.doc[match.start : match.end])


# ----------------------------------------------------------------------------- helpers


# Calibration: acronyms of up to four letters ("TDF", "SAF", "ADF", "PDF") are the ones
# that several armed groups share; longer ones ("UNSMIL", "MONUSCO") are unambiguous.
_SHORT_ACRONYM = 4


_SELF_EVIDENT_SECTORS = frozenset({"MED", "NGO", "IGO"})
# Unarmed populations: a name compounded with them is where they live ("Gaza residents").
_PEOPLE_SECTORS = frozenset({"CVL", "REF"})


def _short_acronym(match: AliasMatch) -> bool:
    letters = "".join(match.target.pattern).replace(".", "")
    return len(letters) <= _SHORT_ACRONYM and letters.isupper()


def _compatible(group: NounGroup, sector: str, owner: KBEntry) -> bool:
    """Does the phrase stand for its owner? "Hamas spokesman" and "Hamas fighters" are
    Hamas; "UN peacekeepers" are armed people of an unarmed owner, so not the UN itself."""
    if group.represents:
        return True
    owner_sector = owner.sector or ""
    if sector in ARMED_SECTORS:
        return owner_sector in ARMED_SECTORS
    return sector == "GOV" and owner_sector == "GOV"


def _conjuncts(modifiers: Sequence[Token]) -> list[list[Token]]:
    """Split coordinated modifiers ("Russian and Turkish", "U.S. and NATO") into one
    modifier list per conjunct, each with the modifiers they share."""
    index = {t.i for t in modifiers}
    firsts = [
        t for t in modifiers
        if t.dep_ != "conj" and any(c.dep_ == "conj" and c.i in index for c in t.children)
    ]
    if not firsts:
        return [list(modifiers)]
    members = [firsts[0], *(c for c in _conj_chain(firsts[0]) if c.i in index)]
    parts = [_without_conj(m) for m in members]
    covered = {t.i for part in parts for t in part}
    covered.update(c.i for m in members for c in m.children if c.dep_ in ("cc", "punct"))
    shared = [t for t in modifiers if t.i not in covered]
    return [sorted(shared + part, key=lambda t: t.i) for part in parts]


def _conj_chain(token: Token) -> list[Token]:
    out: list[Token] = []
    for child in token.children:
        if child.dep_ == "conj":
            out.extend((child, *_conj_chain(child)))
    return out


def _without_conj(token: Token) -> list[Token]:
    tokens = [token]
    for child in token.children:
        if child.dep_ not in ("conj", "cc"):
            tokens.extend(_without_conj(child))
    return tokens


class _Names:
    """People's names of one report, indexed by last word (lower case) for :meth:`fullest`:
    comparing every name with every other made long reports quadratic."""

    def __init__(self, names: Sequence[Span]) -> None:
        self._by_last: dict[str, list[tuple[Span, list[str]]]] = {}
        for name in names:
            words = [t.lower_ for t in name]
            if words:
                self._by_last.setdefault(words[-1], []).append((name, words))

    def fullest(self, name: Span, also: Span | None = None) -> Span:
        """The longest name (of the report, or ``also``) that ends with this one: "Shehu"
        and "Mohammed Shehu" are one person; "Ali Hassan" and "Omar Hassan" stay two.
        Ties go to the earliest, then to the first listed (``also`` last)."""
        words = [t.lower_ for t in name]
        if not words:
            return name
        same_end = [n for n, w in self._by_last.get(words[-1], ()) if w[-len(words) :] == words]
        if also is not None and [t.lower_ for t in also][-len(words) :] == words:
            same_end.append(also)
        return max(same_end, key=lambda n: (len(n), -n.start)) if same_end else name


def _phrase(token: Token) -> list[Token]:
    """A token and its dependents, without clauses hanging off it: in "members of the
    corps which was established by Russia", Russia does not qualify the members."""
    tokens = [token]
    for child in token.children:
        if child.dep_ not in _CLAUSE_DEPS:
            tokens.extend(_phrase(child))
    return tokens


def _trim(span: Span, honorifics: frozenset[str]) -> Span:
    """Drop a leading article or honorific and a trailing possessive from an entity."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].is_space
        or doc[start].is_punct
        or doc[start].lower_ in ("the", "a", "an")
        or doc[start].lower_.rstrip(".") in honorifics
    ):
        start += 1
    while end > start and (
        doc[end - 1].is_space
        or doc[end - 1].is_punct
        or deaccent(doc[end - 1].text).lower() in ("'s", "'")
    ):
        end -= 1
    return doc[start:end]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
