"""Places: which towns, divisions, countries and regions a report names, and where they are.

Mentions come from the model's GPE, LOC and FAC entities. A PERSON entity is a person: a
place-tagged name that the report also uses for a person ("Haftar") is dropped, and
demonyms ("Libyan", "Russians") are not places. The small model does, however, tag many
Arabic, Burmese and Mexican place names PERSON or ORG ("Al-Hasakah Province", "Imo
state"), so such a span becomes a place candidate when the words around it say so: a
division, town or site word ("province", "town", "district", "camp"), a toponymic first
word ("Tal", "Jabal", "Wadi"), or, more weakly, a locative preposition ("in Tijuana").
Capitalised proper nouns the model gave no entity at all are looked up on the same
evidence ("captured Mazar-e-Sharif"), and an entity the model cut short is read whole
("Deir" of "Deir ez-Zor", "X" of "the village of Sheikh X"; a lower-case article, as in
"al-Bukamal", counts as capitalised; "Central African" is read with the "Republic" it
modifies). Locative positions include the conjuncts of a locative object ("in X countryside
and Homs"), "north of X" and "on" after a word of attack ("airstrikes on Idlib"). A name
written with an Arabic article the gazetteer lacks in that form is looked up without it
("Al-Raqqah" for Ar Raqqah). A name the model gave no entity is looked up without a
division word after it too ("Deir Ezzor Governorate"), and a compass adjective between a
cue or a locative word and a name is passed over ("districts of western Aleppo"). A cue
word outweighs an actor the actor stage guessed from the name alone, even with a sector
read off one of its words ("the town of X Imam"). A name placed by a cue, or a
place-labelled name in a locative position, whose gazetteer namesakes are all out of reach
is kept by name (a site); so is an untagged name with a cue word that the gazetteer lacks
("the X neighbourhood", "the rebel stronghold of X"), and a mislabelled or untagged name
that "in", "near", "inside", "outside", "around" or a verb acting on land alone takes
("killed in X", "stormed X"). A name before a site word is no place when it owns the site
("the X Army's checkpoint") or describes a town named after it ("the southern Shia city of
Basra"), and a faith or people ("a Sunni Muslim mosque") names no site. A name modifying a
building or a street in a locative position stands in that position ("outside his Lagos
home", "patrolled Kampala's streets"), as does an apposition to a common noun ("in the
capital Nairobi") and a name the parser joined to a day ("patrolled Dakar Sunday"); a name
run on over a comma is read without what follows ("X, Col"; "Y State, X" is X). A division
of a country the report never names, known by nothing but the name of its capital, which is
too small to be chosen there, is not chosen either ("Mafraq" in a report about Iraq).
Datelines ("Kapisa (BNA) ...", "Aleppo Province: ...") are read too.

Each mention is looked up in the gazetteer; when a name has several candidates ("Tripoli"
in Libya, Lebanon, Greece and Iowa) the report's country context decides, weighed against
the size of each place:

- countries named outright, countries of the actors the actor stage found, countries of
  demonyms ("the German capital") and, in a second pass, countries of the other places;
- the population of each candidate (log scale), a bonus for national capitals, a malus for
  matches through an alternate spelling only; a small town of a country the report never
  mentions is not chosen at all, unless no place name in the report gives a country (only
  its actors do: "French forces") and the town is the only one of its name;
- a division word right after the name ("Idlib province", "Borno State") picks the
  first-level division over its namesake capital, which otherwise wins.

Once a name is resolved, its other occurrences that the model did not tag are added as
mentions too, unless they lie inside a longer entity of another kind ("Russia" in "Russia
foreign ministry" is part of an organisation's name).
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ceasefire.kb.gazetteer import Candidate, Gazetteer, name_key
from ceasefire.nlp import doc_ents, doc_text
from ceasefire.schema import Actor, Place, Span

__all__ = ["PlaceExtractor"]

Doc = Any  # spacy.tokens.Doc; spaCy ships no type stubs
Context = dict[str, float]  # ISO3 -> weight of the evidence that the report concerns it

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Labels whose spans the small model often gives to Arabic, Burmese or African place names
# ("Al-Hasakah Province" PERSON, "Imo state" ORG): taken as places only with a cue word.
# The same holds for the labels of things the model confuses place names with ("Quneitra"
# PRODUCT, "Aleppo" LANGUAGE): the same cue words decide.
_MISTAGGED_LABELS = frozenset(
    {"PERSON", "ORG", "NORP", "PRODUCT", "LANGUAGE", "WORK_OF_ART", "EVENT", "LAW"})
_DIVISION_WORDS = frozenset(
    {"province", "governorate", "state", "region", "oblast", "department", "county"}
)
_TOWN_WORDS = frozenset({"city", "town", "village"})
# Words that make a span a place whatever its label: "X district", "X camp", "Tal X".
_SITE_WORDS = frozenset({"district", "township", "camp", "countryside", "subdistrict", "lga"})
# Words after a name that make it a named site or quarter ("al-Zahawi school", "X
# neighbourhood", "X villages"): a cue like the words above, compared by lemma, but never
# cut off a name before a gazetteer look-up ("Tahrir Square" is not the village "Tahrir").
_LANDMARK_WORDS = frozenset(
    {"neighbourhood", "neighborhood", "quarter", "area", "suburb", "school", "hospital",
     "mosque", "square", "market", "airport", "checkpoint", "crossing", "base", "outpost",
     "village", "town", "city", "district", "province", "camp", "street", "road", "bridge",
     "palace", "stadium", "prison", "refinery", "plant", "factory", "complex",
     # natural features: "the Baliem Valley", "the Nuba Mountains"
     "valley", "mountain", "hill", "river", "plain", "plateau", "peninsula", "desert",
     "forest", "gorge", "island", "bay", "gulf", "coast", "lake", "oasis",
     # round 7 (silver S1 rows read): "at X junction", "the X airbase"
     "junction", "airbase",
     # round 8 (silver S1 rows read): "the X Gas Fields", "X Castle"
     "field", "fields", "oilfield", "airfield", "castle", "fort", "fortress", "dam"}
)
_TOPONYM_PREFIXES = frozenset(
    {"tal", "tel", "tell", "jabal", "jebel", "wadi", "ain", "ayn", "bir", "deir", "dayr",
     "kafr", "kfar", "khirbet", "khirbat", "ras", "maarat", "mount", "lake"}
)
_COMPASS = re.compile(
    r"^(?:(?:north|south|east|west|central|upper|lower|greater|outer|inner)"
    r"(?:[\s-]?(?:east|west))?(?:ern)?)\s+",
    re.IGNORECASE,
)
# "Eastern", "North-West": a direction on its own is no place name, even where a country
# names a division so (Uganda's Eastern Region); curated names carry a second word.
_COMPASS_ONLY = re.compile(
    r"^(?:north|south|east|west|central)(?:[\s-]?(?:east|west))?(?:ern)?$", re.IGNORECASE
)
_LEADING = re.compile(r"^(?:the\s+)+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['\u2019]s?$")
# A dateline: the place a paragraph opens with, before "(AGENCY)", ":" or a dash
# ("Kapisa (BNA) ...", "Aleppo Province: ...", "CAMP X, Maguindanao: ...").
_NAME = r"[A-Z][\w'\u2019.-]*(?:[ -][A-Z][\w'\u2019.-]*){0,3}"
_DATELINE = re.compile(
    rf"^(?:{_NAME},\s*)?(?P<name>{_NAME})\s*(?:\([A-Z]{{2,8}}\)|:|\s[\u2013\u2014-]\s)"
)
# The same with a date between the place and the dash: "MOSUL, March 3 -", "GOMA, Jan 31
# (Reuters) -"; a report compiled from several wires has one per section.
_DATED_DATELINE = re.compile(
    rf"^(?P<name>{_NAME}),[ \t]*[^\n()\u2013\u2014:]{{1,40}}?[ \t]*(?:\([^()\n]{{1,40}}\)[ \t]*)?"
    r"[\u2013\u2014-][ \t]"
)

# Scoring weights, on the scale of log10(population) (a town of 10,000 scores 4).
# Calibrated by hand on the Libya example and the UCDP-AEC validation reports: a country
# that the report is about must lift a local town of a few thousand people above a foreign
# namesake of a few hundred thousand, but not above a world capital ("Moscow", "Berlin").
_CONTEXT_PRESENT = 2.0  # the candidate's country occurs in the report at all
_CONTEXT_SHARE = 2.0  # times the country's share of all context weight
_CAPITAL = 1.0
_ALIAS = -1.5
_COUNTRY = 3.0  # a bare country name is the country, not a town or a US state named so
_REGION_BASE = 6.0  # curated regions have no population; score them as a large city
_ADMIN1 = -0.5  # a division loses to its namesake capital unless a division word follows
_HINT = 3.0  # "province" after an admin1 name, "city" after a town name
# How much each kind of evidence adds to a country's context weight.
_W_COUNTRY, _W_ACTOR, _W_DEMONYM, _W_PLACE = 1.0, 1.0, 0.5, 0.5
# A town of a country the report never mentions must be this large to be chosen: in the
# UCDP-AEC sample, smaller foreign namesakes ("Salwa" in Kuwait for a Syrian village) were
# wrong every time, while reports name a foreign town of this size (a capital, a venue of
# talks) on its own.
_FAR_POPULATION = 100_000
# A spelling variant of a town between this size and ``_FAR_POPULATION`` ("Azaz" for I'zaz,
# "Quraytayn" for Al Qaryatayn) counts in a cue or locative position when the report names
# the town's country (round 9, silver S1 rows read: such variants are transliterations of
# towns of the war the report is about; below this size, variants are too often common
# words or surnames). Chosen by reading rows, a round figure, not tuned.
_NEAR_POPULATION = 20_000


class _Report:
    """What one call reads from the Doc more than once, computed once: ``Doc.text`` and
    ``Doc.ents`` rebuild from every token on each access, so reading them per entity or
    per mention made long documents quadratic. Lives as long as one call."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text: str = doc_text(doc)
        self.ents: tuple[Any, ...] = doc_ents(doc)
        self.entity_bounds = {(ent.start, ent.end) for ent in self.ents}
        self._words: dict[str, list[int]] | None = None

    def occurrences(self, name: str) -> Iterator[tuple[int, int]]:
        r"""Non-overlapping whole-word occurrences of ``name``, left to right: what
        ``re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)`` finds, from an index of
        word starts built once instead of a scan of the whole text per name."""
        first = _WORD.match(name)
        if first is None:  # a name that starts with no letter or digit: scan for it
            pattern = rf"(?<!\w){re.escape(name)}(?!\w)"
            yield from (m.span() for m in re.finditer(pattern, self.text))
            return
        last_end = 0
        for start in self._word_starts().get(first.group(), ()):
            end = start + len(name)
            if start >= last_end and self.text.startswith(name, start) and (
                    not _WORD_CHAR.match(self.text, end)):
                yield start, end
                last_end = end

    def _word_starts(self) -> dict[str, list[int]]:
        # A whole-word occurrence starts where a maximal run of word characters starts,
        # and that run is the name's own first word.
        if self._words is None:
            self._words = defaultdict(list)
            for m in _WORD.finditer(self.text):
                self._words[m.group()].append(m.start())
        return self._words


_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    text: str
    hint: str | None  # "admin1" or "city" when a following word says which
    label: str  # the model's label, or "DATELINE"
    cued: bool = False  # a cue word or position, not the label, makes it a place
    # Only a locative preposition makes it a place ("in Tijuana" tagged ORG): a town then
    # needs its country in the report or a large population ("in Congress" is no town).
    weak: bool = False
    # A cue word ("the X crossing"), or the model's place label and a locative position
    # ("in the Old City"): a name whose every gazetteer namesake is out of reach is still
    # a place, by name only.
    placed: bool = False


class PlaceExtractor:
    """Stage contract: ``extractor(doc, actors)`` -> places; ``pipe`` for many reports."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer.open()
        return self._gazetteer

    def __call__(self, doc: Doc, actors: Sequence[Actor] = ()) -> list[Place]:
        report = _Report(doc)
        candidates = self._mentions(report)
        chosen = self._resolve(report, candidates, actors)
        chosen = _accept_actor_overlaps(chosen, actors, report.text)
        return _places(report.text, _propagate(report, _known_names(chosen)))

    def pipe(
        self, docs: Iterable[Doc], actors: Iterable[Sequence[Actor]] | None = None
    ) -> Iterator[list[Place]]:
        actor_lists: Iterable[Sequence[Actor]] = actors if actors is not None else _empty()
        for doc, doc_actors in zip(docs, actor_lists, strict=False):
            yield self(doc, doc_actors)

    # -- candidates -----------------------------------------------------------------------

    def _mentions(self, report: _Report) -> dict[_Mention, list[Candidate]]:
        people = _person_keys(report.ents)
        found: dict[_Mention, list[Candidate]] = {}
        for ent in report.ents:
            hit = self._labelled(report, ent, people)
            if hit is not None:
                found[hit[0]] = hit[1]
        # Characters inside a mention (mentions are never empty, so overlap is a taken
        # character): a transcript has a "Name:" line per turn, too many to compare pairwise.
        taken = bytearray(len(report.text))
        for m in found:
            taken[m.start:m.end] = b"\x01" * (m.end - m.start)
        for mention, cands in [*self._unlabelled(report, people), *self._datelines(report.text)]:
            if taken.find(1, mention.start, mention.end) == -1:
                found[mention] = cands
                taken[mention.start:mention.end] = b"\x01" * (mention.end - mention.start)
        return found

    def _unlabelled(
        self, report: _Report, people: Counter[str]
    ) -> Iterator[tuple[_Mention, list[Candidate]]]:
        """Proper names the model gave no entity at all ("captured Mazar-e-Sharif",
        "Syria's Aleppo province"), looked up when a cue word or a locative position says
        they are places: the same evidence, and the same gazetteer rules, as for a name the
        model mislabelled (main names only; a locative position is a weak cue)."""
        doc = report.doc
        for span in _name_runs(doc):
            how = ("CUED" if _has_cue(doc, span) or _placed_landmark(doc, span) else
                   "LOCATIVE" if _after_locative(doc, span) or _land_subject(span) else None)
            if how is None:
                continue
            # "Deir Ezzor Governorate" is looked up as "Deir Ezzor" too (see _name_forms)
            for start, end in _name_forms(report.text, *_bare(report.text, span.start_char,
                                                                span.end_char)):
                text = report.text[start:end]
                if not text or _COMPASS_ONLY.match(text) or self._is_demonym(text):
                    continue
                found = self._candidates(text, how)
                if found and not _is_person(text, found, people):
                    # a cue word keeps the name when its namesakes are all out of reach, as
                    # for a tagged one ("the town of X", X abroad only; round 9)
                    yield _Mention(start, end, text, _hint(doc, span), "", True,
                                   how == "LOCATIVE", how == "CUED" or _land_object(doc, span)
                                   ), found
                    break
            else:
                if how == "CUED" or _land_object(doc, span):
                    site = self._unknown_site(report, span, people)
                    if site is not None:
                        yield site

    def _unknown_site(self, report: _Report, span: Any, people: Counter[str]
                      ) -> tuple[_Mention, list[Candidate]] | None:
        """An untagged name that a cue word makes a place ("the Amil neighbourhood", "the
        village of X") and that the gazetteer lacks: kept by name, as a mislabelled one is
        (:meth:`_unresolved`); a locative position alone is too weak for an untagged word."""
        start, end = _name_forms(report.text, *_bare(report.text, span.start_char,
                                                      span.end_char))[-1]
        text = report.text[start:end]
        if not _site_name(text) or _COMPASS_ONLY.match(text) or self._is_demonym(text) or (
                people[name_key(text)] > 0) or all(w.lower() in _FAITHS for w in text.split()):
            return None
        return _Mention(start, end, text, None, "", True, placed=True), [_unknown_place(text)]

    def _labelled(
        self, report: _Report, ent: Any, people: Counter[str]
    ) -> tuple[_Mention, list[Candidate]] | None:
        doc = report.doc
        ent = _widened(doc, report.text, ent)
        if ent.label_ in _PLACE_LABELS:
            return self._entity(report, ent, people, ent.label_)
        # "the Adiyat School": the name, not its article, must be capitalised.
        if (ent.label_ not in _MISTAGGED_LABELS and not _name_as_date(ent)) or not _capitalised(
                _LEADING.sub("", ent.text)):
            return None
        if _has_cue(doc, ent) or _placed_landmark(doc, ent):
            return self._entity(report, ent, people, "CUED")
        if _after_locative(doc, ent):  # a demonym ("in Libyan hands") is no place: _entity
            return self._entity(report, ent, people, "LOCATIVE")
        if _land_subject(ent) and self.gazetteer.demonym(ent.text) is None:
            return self._entity(report, ent, people, "LOCATIVE")  # not "a Canadian was ..."
        if self._country_named(report, ent):
            return self._entity(report, ent, people, "CUED")
        return None

    def _country_named(self, report: _Report, ent: Any) -> bool:
        """A country's own full name that the model cut short ("Central African" NORP of
        "Central African Republic") or took for a nationality: a country by name wherever
        it stands."""
        tail = _name_tail(report.doc, ent)
        if tail == ent.end and ent.label_ != "NORP":
            return False
        last = report.doc[tail - 1]
        name = report.text[ent.start_char:last.idx + len(last.text)]
        return any(c.kind == "country" and not c.alias for c in self.gazetteer.lookup(name))

    def _entity(
        self, report: _Report, ent: Any, people: Counter[str], how: str
    ) -> tuple[_Mention, list[Candidate]] | None:
        """The first form of the entity that names a place, with its candidates."""
        hint, cued = _hint(report.doc, ent), how in {"CUED", "LOCATIVE"}
        own = ent.label_ == "PERSON" and how == "LOCATIVE"
        # A place label in a cue or locative position admits spelling variants as a cue
        # does ("northeast of Hama" tagged LOC, for Hamah).
        placed = how in {"LOC", "FAC"} and _placed(report.doc, ent)
        for start, end in _forms(report, ent):
            text = report.text[start:end]
            if not _capitalised(text) or _COMPASS_ONLY.match(text) or self._is_demonym(text):
                continue
            found = self._candidates(text, how, placed)
            # A span placed by a cue or a locative word is a place even if the model tagged
            # it PERSON ("demonstrated in Sanaa"); the name must be a person elsewhere.
            if found and (how == "CUED" or not _is_person(text, found, people, own)):
                placed = how == "CUED" or (how in _PLACE_LABELS and _placed(report.doc, ent)) or (
                    how == "LOCATIVE" and _land_object(report.doc, ent))
                mention = _Mention(start, end, text, hint, ent.label_, cued, how == "LOCATIVE",
                                   placed)
                return mention, found
        return self._unresolved(report, ent, people, how)

    def _unresolved(
        self, report: _Report, ent: Any, people: Counter[str], how: str
    ) -> tuple[_Mention, list[Candidate]] | None:
        """A place the gazetteer does not know (a village, a neighbourhood, a landmark),
        kept by name when the text itself says it is a place: a cue word ("the village of
        X", "X district"), or a place label together with a locative position ("in X",
        "outside X Palace", "shelled X")."""
        doc = report.doc
        placed = how == "CUED" or (how in _PLACE_LABELS and _placed(doc, ent)) or (
            how == "LOCATIVE" and _land_object(doc, ent))
        if not placed:
            return None
        start, end = _name_forms(report.text, *_bare(report.text, ent.start_char,
                                                      ent.end_char))[-1]
        text = report.text[start:end]
        if not _site_name(text):
            return None
        # the span's own PERSON tag is no other use of the name as a person's
        own = int(ent.label_ == "PERSON")
        if self._is_demonym(text) or (how != "CUED" and people[name_key(text)] > own):
            return None
        if ent.label_ == "NORP" and all(t.tag_ == "JJ" for t in ent):
            return None  # an adjective describes a place, not names it ("the Kurdish quarter")
        if all(w.lower() in _FAITHS for w in text.split()):
            return None  # "a Sunni Muslim mosque", "the Hindu village": who, not which
        return _Mention(start, end, text, None, ent.label_, True), [_unknown_place(text)]

    def _datelines(self, text: str) -> Iterator[tuple[_Mention, list[Candidate]]]:
        for line in re.finditer(r"^.+$", text, re.MULTILINE):
            match = _DATELINE.match(line.group()) or _DATED_DATELINE.match(line.group())
            if match is None:
                continue
            start, end = line.start() + match.start("name"), line.start() + match.end("name")
            for s, e in _name_forms(text, start, end):
                found = self._candidates(text[s:e], "CUED")
                if found:
                    hint = "admin1" if e < end else None
                    yield _Mention(s, e, text[s:e], hint, "DATELINE", True), found
                    break

    def _candidates(self, text: str, label: str, placed: bool = False) -> list[Candidate]:
        found = self.gazetteer.lookup(text)
        article = _LEADING_ARTICLE.match(text) if not found else None
        if article:  # "Al-Raqqah" for Ar Raqqah: the article assimilates or is dropped
            found = [c for c in self.gazetteer.lookup(text[article.end():]) if c.alias]
        if label != "GPE":
            # LOC, FAC and cued spans are often ordinary capitalised words ("Talks",
            # "Hospital"): trust them only through a place's main name.
            minimum = _MIN_POPULATION.get(label, 0)
            variants = placed or label in {"CUED", "LOCATIVE"}
            found = [c for c in found if (not c.alias or article or (
                variants and (_variant_ok(c, text) or _near_variant(c, text))))
                     and (c.kind != "city" or c.population >= minimum)]
        return found

    def _is_demonym(self, text: str) -> bool:
        """"Libyan", "Russians": a demonym the model tagged as a place. A real place name
        that looks like one ("Philippines") has a main-name entry of its own."""
        if self.gazetteer.demonym(text) is None:
            return False
        return not any(not c.alias for c in self.gazetteer.lookup(text))

    # -- disambiguation -------------------------------------------------------------------

    def _resolve(
        self,
        report: _Report,
        candidates: dict[_Mention, list[Candidate]],
        actors: Sequence[Actor],
    ) -> dict[_Mention, Candidate]:
        context = self._context(report.ents, candidates, actors)
        candidates = {m: _admitted(found, context, m) for m, found in candidates.items()}
        first = {name_key(m.text): _best(c, context, m.hint) for m, c in candidates.items()}
        # Second pass: the other names just resolved are context for each name (never the
        # name itself, whose first guess would only confirm itself), once per name.
        places = {key: place.country for key, place in first.items()
                  if place and place.country and place.kind != "country"}
        counts = Counter(places.values())
        # Whether the report's own place names say which countries it is about: when only
        # its actors do ("French forces"), they may be foreigners in someone else's land.
        named = bool(places) or any(
            c[0].kind == "country" and not c[0].alias for c in candidates.values() if c)
        chosen = {}
        for mention, found in candidates.items():
            local = _local_context(context, counts, places.get(name_key(mention.text)))
            unique = found[0] if len(found) == 1 and found[0].kind == "city" else None
            if mention.weak and any(local.values()):  # no country at all: nothing to weigh
                found = [c for c in found if c.kind != "city" or local.get(c.country or "", 0) > 0
                         or c.population >= _FAR_POPULATION]
            best = _best(found, local, mention.hint)
            if best is None and not named and unique is not None:
                best = unique  # the one town of that name anywhere ("captured Birao")
            if best is None and mention.placed and _site_name(mention.text):
                best = _unknown_place(mention.text)  # its namesakes are elsewhere
            if best is not None:
                chosen[mention] = best
        return chosen

    def _context(
        self,
        ents: Sequence[Any],
        candidates: dict[_Mention, list[Candidate]],
        actors: Sequence[Actor],
    ) -> Context:
        context: Context = defaultdict(float)
        for found in candidates.values():
            top = found[0]
            if top.kind == "country" and not top.alias and top.country:
                context[top.country] += _W_COUNTRY
        for actor in actors:
            if actor.country:
                context[actor.country] += _W_ACTOR
        for ent in ents:
            country = self.gazetteer.demonym(ent.text) if ent.label_ == "NORP" else None
            if country:
                context[country] += _W_DEMONYM
        return context


# Smallest town a span of each kind may name (the model's GPE spans: any size). 5,000 for
# LOC/FAC: below it, single-word LOC/FAC matches in the UCDP-AEC sample were mostly common
# words or buildings; cued spans and datelines carry their own evidence.
_MIN_POPULATION = {"LOC": 5000, "FAC": 5000, "CUED": 0, "LOCATIVE": 1000}
_LOCATIVES = frozenset(
    {"in", "near", "outside", "around", "at", "from", "towards", "toward", "into", "between",
     "through", "across", "inside", "throughout", "along", "over"}
)
# Nouns whose "of" phrase names a place: "the outskirts of Karachi", "the centre of X".
_OF_PLACE_NOUNS = frozenset(
    {"outskirts", "outskirt", "suburb", "edge", "capital", "neighbourhood", "neighborhood",
     "area", "centre", "center", "heart", "street", "settlement", "hamlet", "locality",
     "municipality", "outpost", "port",
     # a part or the surroundings of a place: "the eastern desert of Homs", "the western
     # sector of Aleppo", "the vicinity of X"
     "desert", "sector", "vicinity", "environs", "surroundings", "mountains", "plains",
     # "the insurgent stronghold of X" (round 7, silver S1 rows read)
     "stronghold", "bastion",
     # "the northern perimeter of X", "a place called X" (round 8, silver S1 rows read)
     "perimeter", "flank", "place",
     # "the island of X", "his hometown of X" (round 10, silver S1 rows read)
     "island", "islands", "archipelago", "hometown"}
)
# Verbs whose object is a piece of land ("captured Badme", "patrolled Kakata"): like a
# locative word, a weak cue that a name the model tagged PERSON or ORG is a place.
_TERRITORY_VERBS = frozenset(
    {"capture", "seize", "overrun", "retake", "recapture", "liberate", "patrol", "shell",
     "storm", "besiege", "encircle", "occupy", "enter", "bomb", "target", "pound", "strike",
     "raid", "bombard"}
)


# Where a place-labelled name the gazetteer lacks must stand to be kept: the locative
# words, and "on" and "to" ("on Route 9", "marched to X Square").
_UNRESOLVED_LOCATIVES = _LOCATIVES | {"on", "to", "off", "via"}
# Faiths, sects and peoples written as proper nouns before a site word ("a Sunni Muslim
# mosque", "the Hindu village", "an Arab town"): they say whose the place is, never its
# name (round 7, silver S1 rows read).
_FAITHS = frozenset(
    {"sunni", "shia", "shiite", "shi'ite", "muslim", "christian", "hindu", "sikh", "buddhist",
     "jewish", "catholic", "orthodox", "protestant", "alawite", "druze", "arab", "kurdish",
     "yazidi", "coptic", "ismaili", "islamic", "maronite", "evangelical"}
)
# Longer spans are titles or clauses the model took for a name, not places.
_UNRESOLVED_WORDS = 4
# A lower-case article that starts Arabic place names ("al-Thawra", "el-Arish").
_ARTICLE = re.compile(r"(?:al|el|ad|ar|as|an|at|ash|ad-|de|da|di|du|la|le)[-\u2019']?",
                      re.IGNORECASE)
UNRESOLVED_PREFIX = "name:"


# An Arabic article written before a name the gazetteer lacks in that form; what follows
# is looked up among the article-less variants the index keeps ("Ar Raqqah" -> "Raqqah").
# A name written with an article is no ordinary English word, so any such variant counts.
_LEADING_ARTICLE = re.compile(r"(?:al|el|ad|ar|as|an|at|ash|az)[-\u2019' ](?=[A-Z])",
                              re.IGNORECASE)


def _variant_ok(c: Candidate, text: str) -> bool:
    """A spelling variant that a cue or a locative word admits, as GPE spans admit every
    variant: reports write large towns and first-level divisions many ways ("at Birgunj"
    for Birganj, "Daraa countryside" for the division Dar'a; a division's variants come
    from its official names, not from ordinary words), and drop a town's Arabic article
    ("Rastan" for Ar Rastan) whatever its size."""
    if c.kind in ("admin1", "region") or (
            c.kind == "city" and c.population >= _FAR_POPULATION):
        return True  # a region's other names are curated ones (regions.yaml), never words
    article = _LEADING_ARTICLE.match(c.name)
    return article is not None and name_key(c.name[article.end():]) == name_key(text)


def _admitted(found: list[Candidate], context: Context, mention: _Mention) -> list[Candidate]:
    """``found`` without the mid-sized towns' spelling variants whose country the report
    does not name (its countries, actors and peoples; the model's place label admits every
    variant)."""
    if mention.label == "GPE":
        return found
    return [c for c in found if not _near_variant(c, mention.text)
            or context.get(c.country or "", 0.0) > 0]


def _near_variant(c: Candidate, text: str) -> bool:
    """A spelling variant of a mid-sized town (``_NEAR_POPULATION``) that only the report's
    naming the town's country admits (checked when the report's countries are known)."""
    return (c.alias and c.kind == "city" and _NEAR_POPULATION <= c.population < _FAR_POPULATION
            and not _variant_ok(c, text) and _LEADING_ARTICLE.match(text) is None)


def _unknown_place(text: str) -> Candidate:
    """A place known only by its name: kind "site", no country, no coordinates (NaN here,
    null in the record)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "x"
    return Candidate(UNRESOLVED_PREFIX + slug, text, "site", None, None, math.nan, math.nan, 0)


def _empty() -> Iterator[Sequence[Actor]]:
    while True:
        yield ()


def _local_context(context: Context, counts: Counter[str], own: str | None) -> Context:
    """``context`` plus ``_W_PLACE`` for each other name resolved to a place of a country
    (``own``: the country of the name itself, if it resolved to a place). One product per
    country, not one addition per name: the weights are halves and units, exact in binary,
    so the sums are the same whatever their order."""
    local: Context = defaultdict(float, context)
    for country, count in counts.items():
        count -= country == own
        if count:
            local[country] += _W_PLACE * count
    return local


def _score(c: Candidate, context: Context, hint: str | None) -> float:
    score = math.log10(c.population + 1) if c.kind != "region" else _REGION_BASE
    total = sum(context.values())
    weight = context.get(c.country or "", 0.0)
    if weight > 0:
        score += _CONTEXT_PRESENT + _CONTEXT_SHARE * weight / total
    score += _CAPITAL if c.capital else 0.0
    score += _ALIAS if c.alias else 0.0
    score += {"country": _COUNTRY, "admin1": _ADMIN1}.get(c.kind, 0.0)
    if hint is not None and c.kind == hint:
        score += _HINT
    return score


def _in_reach(c: Candidate, context: Context) -> bool:
    """Whether a candidate may be chosen at all once the report's countries are known: in
    another country, only by its main name, and a town only if large (``_FAR_POPULATION``).
    Countries, regions and named divisions ("Texas" in a Mexican report) stay in reach."""
    if not any(context.values()) or c.kind in {"country", "region"}:
        return True
    if context.get(c.country or "", 0.0) > 0:
        return True
    if c.alias:  # a spelling variant ("Fallujah" for Al Fallujah) of a large town only
        return c.kind == "city" and c.population >= _FAR_POPULATION
    return c.kind != "city" or c.capital or c.population >= _FAR_POPULATION


def _capital_only(c: Candidate, found: list[Candidate], context: Context,
                  hint: str | None) -> bool:
    """A division of a country the report does not mention, named by nothing but the name
    of its own capital, which is itself too small to be chosen there: the name stands for
    that town, not for a division abroad ("Mafraq" in a report about Iraq is an Iraqi
    place, not Jordan's Mafraq governorate; round 8, silver S1 rows read). A division word
    ("X province") still names the division."""
    if c.kind != "admin1" or hint == "admin1" or not any(context.values()) or (
            context.get(c.country or "", 0.0) > 0):
        return False
    return any(o.kind == "city" and o.country == c.country and not _in_reach(o, context)
               for o in found)


def _best(found: list[Candidate], context: Context, hint: str | None) -> Candidate | None:
    reachable = [c for c in found
                 if _in_reach(c, context) and not _capital_only(c, found, context, hint)]
    return max(reachable, key=lambda c: _score(c, context, hint)) if reachable else None


# ---------------------------------------------------------------------------------------
# Mentions


def _has_cue(doc: Doc, ent: Any) -> bool:
    """A word that makes a span a place whatever the model's label: a division, town or
    site word as its last word, right after it, or before it with "of" ("the district of
    X"), or a toponymic first word ("Tal ...")."""
    words = _DIVISION_WORDS | _TOWN_WORDS | _SITE_WORDS
    following = doc[ent.end] if ent.end < len(doc) else None
    if _LOCAL_AREA.match(doc[ent.end:ent.end + 3].text):
        return True  # "X LGA", "X local government area": a Nigerian division (round 10)
    if (len(ent) > 1 and ent[-1].text.lower() in words) or (following is not None and (
            following.lower_ in words or following.lemma_.lower() in _LANDMARK_WORDS)
            and not _owner_or_description(doc, ent, following)):
        return True
    if following is not None and following.dep_ == "compound" and following.pos_ == "NOUN" and (
            following.head.i == following.i + 1 and following.head.lower_ in _SITE_WORDS) and (
            not _owner_or_description(doc, ent, following)):
        return True  # "the X refugee camp", "the X border district" (round 10)
    first = _past_compass(doc, ent.start)
    before = list(doc[max(first - 2, 0):first])
    if len(before) == 2 and before[1].lower_ in ("of", "called", "named") and (
            before[0].lemma_.lower() in words | _OF_PLACE_NOUNS) and (
            before[0].lower_ != "hometown" or any(c.dep_ == "poss" for c in before[0].children)):
        return True  # "the district of X"; "a village called X" (round 8); "his hometown of
        # X", not "the hometown of" a person (round 10)
    if any(child.dep_ == "appos" and child.lower_ in _TOWN_WORDS for child in ent.root.children):
        return True  # "X, a town near the border" (round 8)
    return len(ent) > 1 and ent[0].text.lower().split("-")[0] in _TOPONYM_PREFIXES


# A Nigerian local government area after its name ("X LGA", "X Local Government Area").
_LOCAL_AREA = re.compile(r"(?:lgas?|local government areas?)\b", re.IGNORECASE)


def _owner_or_description(doc: Doc, ent: Any, following: Any) -> bool:
    """The name before a site word is that site's owner ("the Kenya Defence Forces'
    base", "the party's headquarters"), or a word describing a town whose name
    follows ("the southern Shia city of Basra", "the Red Sea port city of Hodeidah"): no
    place name either way (round 7, silver S1 rows read)."""
    if ent[-1].dep_ == "case" or ent[-1].tag_ == "POS":
        return True
    after = following.i + 1
    while after < len(doc) and doc[after].lower_ not in _TOWN_WORDS and (
            doc[after].lemma_.lower() in _LANDMARK_WORDS) and after - following.i < 3:
        after += 1  # "the Pacific coast city of X": past the other site words to the town word
    town = following if following.lower_ in _TOWN_WORDS else doc[min(after, len(doc) - 1)]
    if town.lower_ not in _TOWN_WORDS or town.i + 1 >= len(doc) or (
            doc[town.i + 1].lower_ != "of"):
        return False
    # "the ... X city of Y" describes Y; "X village of Y district" (no article) names X
    before = ent.start - 1
    while before >= 0 and doc[before].pos_ == "ADJ":
        before -= 1
    return before >= 0 and (doc[before].lower_ in ("the", "a", "an") or doc[before].tag_ == "POS")


def _past_compass(doc: Doc, start: int) -> int:
    """Where a name's phrase starts once a compass adjective before it is counted in: "of
    western Aleppo", "in rural Damascus" read as "of Aleppo", "in Damascus"."""
    if start >= 1 and (_COMPASS_ONLY.match(doc[start - 1].text)
                       or doc[start - 1].lower_ == "rural"):
        return start - 1
    return start


def _after_locative(doc: Doc, ent: Any, words: frozenset[str] = _LOCATIVES) -> bool:
    """A span right after "in", "near", "outside"..., or the object of such a word across
    a possessor or modifiers ("outside Herat's main hospital"), or the object of a verb
    that acts on land ("captured Knin"): a weaker cue, see ``_Mention.weak``."""
    first = _past_compass(doc, ent.start)
    if first >= 1 and doc[first - 1].text.lower() in words:
        return True
    if ent.start >= 2 and doc[ent.start - 1].lower_ == "of" and (
            _COMPASS_ONLY.match(doc[ent.start - 2].text)):
        return True  # "north of Homs": a direction from a place locates by that place
    if ent.start >= 2 and doc[ent.start - 1].text == "," and doc[ent.start - 2].text == "capital":
        return True  # "deep inside the capital, X", which the parser hangs elsewhere
    root = ent.root
    while root.head.i < root.i and (root.dep_ == "conj" or (
            root.dep_ == "appos" and root.head.pos_ == "NOUN")):
        # "in the X countryside and Homs": conjuncts share the preposition; "in the
        # capital Nairobi": an apposition to a common noun stands where that noun stands
        # (one to a name, "in X County, Ga.", is a larger unit, not the place)
        root = root.head
    root = _modified_noun(root) or root  # "outside his Lagos home", "patrolled Dakar Sunday"
    if root.dep_ == "pobj" and (root.head.lower_ in words or _attack_on(root.head)
                                or _two_word_locative(root.head)):
        return True
    # "patrolled Dakar Sunday": the day the parser made the name's head is no object, but
    # the name it took in is
    return (root.dep_ == "dobj" or (root.dep_ == "npadvmod" and (
        root.ent_type_ == "DATE" or root.lower_ in _WEEKDAYS))) and (
        root.head.pos_ == "VERB" and root.head.lemma_.lower() in _TERRITORY_VERBS)


# Verbs of ``_TERRITORY_VERBS`` that are done to land, never to a person ("X was
# encircled"; people are captured, seized, targeted, struck).
_LAND_ONLY_VERBS = frozenset(
    {"overrun", "retake", "recapture", "shell", "storm", "besiege", "encircle", "occupy",
     "bomb", "pound", "bombard"})
# A weekday the model ran into a name's entity ("patrolled X Thursday" tagged ORG whole).
_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                       "sunday"})
# Prepositional phrases of two words that locate as one ("inside of X", "close to X"), and
# "for" after a fight ("the battle for X"): round 9, silver S1 rows read, where the model
# tags such names PERSON or ORG.
_LOCATIVE_PAIRS = {"of": frozenset({"inside", "outside", "out", "front"}),
                   "to": frozenset({"close", "next", "near"}),
                   "for": frozenset({"battle", "fight", "struggle", "fighting"})}


# Labels of names that are no place however they stand ("entered Ramadan" as an EVENT, "in
# Arabic", "a people", "an accord"): kept out of the two rules below.
_NOT_SITE_LABELS = frozenset({"NORP", "LANGUAGE", "LAW", "EVENT"})
# Verbs whose object is land and nothing else ("stormed X", "entered X", "liberated X"). Not
# "capture", "seize", "target", "strike": people, titles and trophies are captured too
# (round 10: with them, silver S1 won two rows more and S2 three fewer, losing them to
# sports titles).
_PLACE_ONLY_VERBS = _LAND_ONLY_VERBS | {"enter", "patrol", "liberate"}
# Prepositions whose object is where something is ("killed in X", "a checkpoint near X").
# Not "at", which also marks a target or a workplace ("threw stones at X", "a lecturer at
# X"; round 10: with it, RELABEL dev half A lost two rows), nor "from", "to", "through",
# "across": origins, destinations and ranges.
_SITE_LOCATIVES = frozenset({"in", "near", "inside", "outside", "around"})


def _land_object(doc: Doc, ent: Any) -> bool:
    """The name itself is the object of a verb of ``_PLACE_ONLY_VERBS`` ("stormed X",
    "entered X and Y") or of a preposition of ``_SITE_LOCATIVES`` ("in X", "in central X"),
    not a word modifying that object: a name the model mislabelled or left untagged there,
    and that the gazetteer lacks or knows only abroad, is kept by name as a place-labelled
    one in a locative position is (round 10, silver S1 rows read)."""
    if ent.label_ in _NOT_SITE_LABELS or (ent.label_ == "ORG" and ent.text.isupper()):
        return False  # an acronym tagged ORG is a party or a force ("in the PRI")
    root, start = ent.root, ent.start
    while root.dep_ == "conj" and root.head.i < root.i:
        root = root.head
        start = root.i  # the first conjunct, a name of one word or its last word
        while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN":
            start -= 1
    if root.dep_ == "dobj" and root.head.pos_ == "VERB":
        return root.head.lemma_.lower() in _PLACE_ONLY_VERBS
    if root.dep_ != "pobj" or root.head.lower_ not in _SITE_LOCATIVES:
        return False
    return all(t.lower_ == "the" for t in doc[root.head.i + 1:_past_compass(doc, start)])


def _land_subject(ent: Any) -> bool:
    """The passive subject of a verb done to land alone ("X and Y were encircled", "X was
    shelled"): a weak cue like a locative word, for names the model mislabelled or left
    untagged, never for a place label (a surname tagged GPE must not become a site by
    name). Not "captured", "seized": people are captured too, and the silver set marks a
    captured town as often as not (round 9: with them, S1 +2 rows and S2 -4)."""
    root = ent.root
    while root.dep_ == "conj" and root.head.i < root.i:
        root = root.head
    verb = root.head.lemma_.lower()
    if any(child.dep_ == "det" and child.lower_ in ("a", "an") for child in root.children):
        return False  # "a Canadian was captured": one of a people, not a place
    return root.dep_ == "nsubjpass" and verb in _LAND_ONLY_VERBS


def _two_word_locative(prep: Any) -> bool:
    heads = _LOCATIVE_PAIRS.get(prep.lower_)
    return heads is not None and bool({prep.head.lower_, prep.head.lemma_.lower()} & heads)


# Buildings and grounds a place name may modify ("outside his Lagos home", "a central
# Nairobi courthouse"), besides the site words: a name before one of these in a locative
# position is where the building is (round 8, silver S1 rows read: such names are mostly
# tagged PERSON or ORG, and a name before any common noun, "in the Obama administration",
# is too often a person). Not a town or division word: "the Pacific coast city of X" describes X.
_BUILDING_WORDS = (_LANDMARK_WORDS - _TOWN_WORDS - _DIVISION_WORDS) | frozenset(
    {"home", "house", "residence", "office", "courthouse", "court", "headquarters",
     "apartment", "hotel", "embassy", "consulate", "compound", "church", "university",
     "station", "harbour", "harbor", "shop", "restaurant", "building", "barracks", "street",
     "yard", "depot", "terminal"})


def _modified_noun(token: Any) -> Any | None:
    """The noun a name modifies, when that noun is a building or ground ("his Lagos home",
    "Kampala's streets", "the X pumping station") or a day ("patrolled Dakar Sunday", which
    the parser reads as a compound): the noun's position is the name's."""
    head = token.head
    if head.i <= token.i or token.dep_ not in ("compound", "poss"):
        return None
    while head.dep_ == "compound" and head.head.i > head.i and head.pos_ == "NOUN":
        head = head.head  # "the X pumping station", "the X railway yard"
    if (head.pos_ == "NOUN" and head.lemma_.lower() in _BUILDING_WORDS) or (
            token.dep_ == "compound" and head.ent_type_ == "DATE") or (
            token.dep_ == "poss" and head.lower_ in _PART_NOUNS):
        return head
    return None


# Parts and surroundings of a place that its name owns as "of" does ("X's eastern
# perimeter", "X's outskirts" as "the outskirts of X"; round 9, silver S1 rows read): the
# parts of ``_OF_PLACE_NOUNS``, not "capital" or "stronghold", which people own too.
_PART_NOUNS = frozenset(
    {"outskirts", "outskirt", "edge", "centre", "center", "perimeter", "flank", "vicinity",
     "environs", "surroundings", "suburbs", "suburb", "sector", "entrance", "gates"})


# Nouns and verbs of an attack, whose "on" phrase says where it fell: "airstrikes on
# Idlib", "a shell fell on X" (elsewhere "on" is a topic: "talks on Syria").
_ATTACK_ON = frozenset(
    {"attack", "strike", "airstrike", "raid", "bombardment", "bombing", "shelling", "assault",
     "offensive", "barrage", "fall", "fire", "shell", "bomb", "drop", "rain", "advance"})


def _attack_on(prep: Any) -> bool:
    return prep.lower_ == "on" and prep.head.lemma_.lower() in _ATTACK_ON


# A lower-case Arabic article before a capitalised name ("al-Bukamal", "el-Arish"): the
# name is capitalised all the same.
_ARTICLE_NAME = re.compile(r"(?:al|el|ad|ar|as|an|at|ash|az)[-\u2019'][A-Z]")


# The rest of a name cut after its first word: " ez-Zor" of "Deir ez-Zor", " al-Shughur",
# "-e-Sharif" of "Mazar-e-Sharif" (a joining particle; "Israel-Gaza" joins two names).
_ARTICLE_TAIL = re.compile(
    r"(?: (?:al|el|ad|ar|as|an|at|ash|az|es|ez|en|er|et|ul|ur)|-[a-z]{1,3})-[A-Z][\w']+")


# Words of a date or a feast that are written as proper nouns ("Monday", "Ramadan").
_DATE_WORDS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
     "january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
     "sep", "sept", "oct", "nov", "dec", "ramadan", "eid", "christmas", "easter", "ashura",
     "nowruz", "passover", "hanukkah", "diwali", "thanksgiving", "new", "year", "day",
     "adha", "fitr", "al", "ul", "mawlid", "lent", "hajj", "independence", "martyrs"})


def _name_as_date(ent: Any) -> bool:
    """A span the model tagged DATE or TIME that is only capitalised proper nouns, none a
    date or feast word ("killed in Mayadeen" tagged DATE): mislabelled like a PERSON span,
    so a cue or locative word decides (round 9, silver S1 rows read)."""
    return ent.label_ in ("DATE", "TIME") and all(
        t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_ not in _DATE_WORDS
        for t in ent)


def _capitalised(text: str) -> bool:
    return text[:1].isupper() or bool(_ARTICLE_NAME.match(text))


def _widened(doc: Doc, text: str, ent: Any) -> Any:
    """The entity with the parts of its name that the model left out: capitalised words
    before it parsed as part of the same name ("the village of Sheikh X" tagged "X"), an
    article and word after it ("Deir ez-Zor" tagged "Deir")."""
    start = ent.start
    while start > 0 and not doc[start - 1].ent_type_ and doc[start - 1].pos_ == "PROPN" \
            and doc[start - 1].text[:1].isupper() and doc[start - 1].dep_ == "compound" \
            and ent.start <= doc[start - 1].head.i < ent.end:
        start -= 1
    tail = _ARTICLE_TAIL.match(text, ent.end_char)
    if start == ent.start and tail is None:
        return ent
    end_char = tail.end() if tail else ent.end_char
    wide = doc.char_span(doc[start].idx, end_char, label=ent.label_)
    if wide is None or any(t.ent_type_ for t in wide if not ent.start <= t.i < ent.end):
        return ent
    return wide


def _name_runs(doc: Doc) -> Iterator[Any]:
    """Runs of capitalised proper nouns outside every entity, with the pieces written
    onto them without a space ("Mazar-e-Sharif" is five tokens), as spans of ``doc``."""
    i = 0
    while i < len(doc):
        token = doc[i]
        if token.ent_type_ or token.pos_ != "PROPN" or not token.text[:1].isupper():
            i += 1
            continue
        end = i + 1
        while end < len(doc) and not doc[end].ent_type_ and (
                not doc[end - 1].whitespace_ or (
                    doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper())):
            end += 1
        while end - 1 > i and not doc[end - 1].text[-1:].isalpha():
            end -= 1  # a glued full stop or hyphen is not part of the name
        yield doc[i:end]
        i = end


def _placed(doc: Doc, ent: Any) -> bool:
    """A cue word or a locative position (including "on", "to": "on Route 9") around a
    span the model labelled as a place."""
    return _has_cue(doc, ent) or _after_locative(doc, ent, _UNRESOLVED_LOCATIVES)


def _site_name(text: str) -> bool:
    """Written as a short name: a few capitalised words (or an Arabic article)."""
    words = text.split()
    return 0 < len(words) <= _UNRESOLVED_WORDS and all(
        w[:1].isupper() or w[:1].isdigit() or _ARTICLE.match(w) for w in words)


def _landmark_name(ent: Any) -> bool:
    """A name that ends with a site or landmark word ("the Adiyat School", "the Baliem
    Valley"): in a locative position, a place even when tagged as an organisation."""
    return len(ent) > 1 and ent[-1].lemma_.lower() in _LANDMARK_WORDS


def _placed_landmark(doc: Doc, ent: Any) -> bool:
    """A landmark name in a locative position, or what a verb acts on or tells of ("attacked
    the X Military Airport", "the X Hospital was seized"): a place whatever the model's
    label (round 8: the object of any verb, not only of one that acts on land, and the
    model's untagged names too)."""
    if not _landmark_name(ent):
        return False
    root = ent.root
    return _after_locative(doc, ent) or (
        root.dep_ in ("dobj", "nsubjpass") and root.head.pos_ == "VERB")


def _hint(doc: Doc, ent: Any) -> str | None:
    """"admin1" or "city" when the entity ends with, or is followed by, a word that says
    which ("Idlib province", "Qah town", "Borno State")."""
    following = doc[ent.end].text.lower() if ent.end < len(doc) else ""
    before = [t.text for t in doc[max(ent.start - 2, 0):ent.start]]
    if before[-1:] == ["capital"] or before == ["capital", ","]:
        return "city"  # "the capital, X": the town, not its namesake division (round 10)
    for word in (ent[-1].text.lower(), following):
        if word in _DIVISION_WORDS:
            return "admin1"
        if word in _TOWN_WORDS:
            return "city"
    return None


def _forms(report: _Report, ent: Any) -> list[tuple[int, int]]:
    """Character spans to look up for one entity, most specific first: with the division
    or town word that follows ("Donetsk region" is a curated name, "Sadr city" a town's
    whole name), then as tagged (see :func:`_name_forms`)."""
    doc = report.doc
    start, end = _bare(report.text, ent.start_char, ent.end_char)
    forms = []
    tail = _name_tail(doc, ent)
    if tail > ent.end:  # "Central African" tagged NORP in "Central African Republic"
        forms.append((start, doc[tail - 1].idx + len(doc[tail - 1].text)))
    if ent.end < len(doc) and doc[ent.end].text.lower() in _DIVISION_WORDS | _TOWN_WORDS:
        forms.append((start, doc[ent.end].idx + len(doc[ent.end].text)))
    return forms + _name_forms(report.text, start, end)


def _name_tail(doc: Doc, ent: Any) -> int:
    """Where the name the entity is part of ends: capitalised proper nouns after it, outside
    every entity, that its words modify ("Central African" + "Republic"). Tried before the
    entity as tagged, so a longer name that is no place ("Syria Democratic Forces") falls
    back to the tagged one."""
    end: int = ent.end
    while end < len(doc) and not doc[end].ent_type_ and doc[end].pos_ == "PROPN" and (
            doc[end].text[:1].isupper()) and any(
            t.head.i == end and t.dep_ == "compound" for t in doc[ent.start:end]):
        end += 1
    return end


# Where a span the model ran on past a name into a time phrase ends its name: before a
# weekday, or before a lower-case word that starts a phrase with a time word ("X for a
# fifth straight day", "X earlier this year", "X Thursday"). Only a time phrase: "the
# Battle for X" or "the X hospital" must not leave a bare "Battle" or "X" (round 9, silver
# S1 rows read). Tried after the span as written.
_RUN_ON = re.compile(
    r"\s+(?=(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|[a-z][\w\s-]*?\b(?:days?|weeks?|months?|years?|morning|afternoon|evening|night|"
    r"weekend|hours?)\b)")


def _name_forms(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A name as written, without a trailing division, town or site word, and without a
    leading compass word ("southern Tripoli" -> "Tripoli"; tried after the full name, so
    "South Sudan" and "West Bank" stay whole)."""
    forms = [(start, end)]
    words = text[start:end].rsplit(None, 1)
    if len(words) == 2 and words[1].lower() in _DIVISION_WORDS | _TOWN_WORDS | _SITE_WORDS:
        forms.append((start, start + len(words[0])))
    compass = _COMPASS.match(text[start:end])
    if compass:
        forms += [(start + compass.end(), e) for _, e in list(forms)]
    run_on = _RUN_ON.search(text, start, end)
    if run_on and run_on.start() > start:  # "X for the third day", "X earlier this year"
        forms.append((start, run_on.start()))
    comma = text.find(",", start, end)
    if comma > start:  # "X, Central Province" or "X, Col" taken as one name: X (round 8)
        head = text[start:comma].rsplit(None, 1)
        if head and head[-1].lower() in _DIVISION_WORDS:  # "Y State, X": X, the town in Y
            forms.append(_bare(text, comma + 1, end))
        else:
            forms.append((start, comma))
    return [(s, e) for s, e in forms if e > s]


def _bare(text: str, start: int, end: int) -> tuple[int, int]:
    """Without a leading "the" or a trailing possessive ("Libya's" -> "Libya")."""
    lead = _LEADING.match(text[start:end])
    if lead:
        start += lead.end()
    tail = _POSSESSIVE.search(text[start:end])
    if tail:
        end = start + tail.start()
    if end - start > 2 and text[end - 1] == "." and text[end - 2].islower():
        end -= 1  # a sentence's full stop inside the span ("Hama."), not "U.S."
    if end <= start:
        return start, end
    # Trailing space off, within the span: ``text[:end]`` would copy the whole text before
    # it. A span of spaces only ends at ``start`` here (before: further left); both give no
    # form, as forms must be non-empty.
    return start, start + len(text[start:end].rstrip())


def _person_keys(ents: Iterable[Any]) -> Counter[str]:
    """Name keys of every PERSON entity and of each of its words, with the number of
    entities each comes from."""
    keys: Counter[str] = Counter()
    for ent in ents:
        if ent.label_ == "PERSON":
            keys.update({name_key(ent.text)} | {name_key(word) for word in ent.text.split()})
    return keys


def _is_person(text: str, found: list[Candidate], people: Counter[str],
               own: bool = False) -> bool:
    """A name that the report also uses for a person ("Haftar" tagged GPE once and PERSON
    elsewhere) is that person, unless it is a country's name (a mis-tagged span). ``own``:
    the span itself is one of the PERSON entities counted, and does not count."""
    if any(c.kind == "country" and not c.alias for c in found):
        return False
    return people[name_key(text)] > int(own)


def _accept_actor_overlaps(
    chosen: dict[_Mention, Candidate], actors: Sequence[Actor], text: str = ""
) -> dict[_Mention, Candidate]:
    """A span the actor stage claims stays a place only when that actor is of the place's
    country ("Moscow said" is Russia's government and still Moscow; a commander whose name
    is also a village in another country is not a place), or when the actor's mention only
    contains it in a locative phrase ("the monitoring mission in Mali")."""
    spans = sorted(((s.start, s.end, a) for a in actors for s in a.mentions),
                   key=lambda span: span[0])
    starts = [s for s, _, _ in spans]
    longest = max((e - s for s, e, _ in spans), default=0)
    kept = {}
    for mention, cand in chosen.items():
        # Only spans starting in [mention.start - longest, mention.end) can overlap it.
        lo = bisect.bisect_left(starts, mention.start - longest)
        hi = bisect.bisect_left(starts, mention.end)
        owners = [a for s, e, a in spans[lo:hi] if s < mention.end and mention.start < e
                  and not _located_within(text, s, mention)]
        strong = mention.cued and not mention.weak  # a cue word, not a locative position
        if not owners or any(a.country is not None and a.country == cand.country
                             for a in owners) or (mention.cued and all(
                                 _bare_name(a, strong) for a in owners)):
            kept[mention] = cand
    return kept


_LOCATIVE_BEFORE = re.compile(rf"\b(?:{'|'.join(sorted(_LOCATIVES - {'from', 'between'}))})"
                              r"\s+(?:the\s+)?$", re.IGNORECASE)


def _located_within(text: str, owner_start: int, mention: _Mention) -> bool:
    """The place sits inside a longer actor mention after a locative word: the actor is
    somewhere ("forces in Syria"), not the place itself; or the mention starts with the
    place right after a locative word, a span the actor stage took too long ("shelling in
    X and regime forces" read as one actor "X and regime forces")."""
    lower = owner_start if owner_start < mention.start else 0
    return owner_start <= mention.start and bool(
        _LOCATIVE_BEFORE.search(text, max(lower, mention.start - 20), mention.start))


def _bare_name(actor: Actor, cue_word: bool = False) -> bool:
    """An actor known by nothing but a name (not in the knowledge base, no country, no
    sector): the actor stage's guess from a PERSON or ORG tag, which a cue word or a
    locative phrase around the name outweighs ("captured Knin", "in the city of X"). A
    cue word outweighs a sector guessed from a word of the name too ("the town of Taybat
    Al-Imam" is no cleric)."""
    return not actor.kb and actor.country is None and (cue_word or actor.sector is None)


def _known_names(chosen: dict[_Mention, Candidate]) -> dict[_Mention, Candidate]:
    """A name kept as an unknown site ("the Hodeidah branch") that the report names as a
    gazetteer place elsewhere ("the port city of Hodeidah") is that place: one report, one
    referent per name, never the same town twice under two ids."""
    known: dict[str, Candidate] = {}
    for mention, cand in sorted(chosen.items(), key=lambda item: item[0].start):
        if not cand.id.startswith(UNRESOLVED_PREFIX):
            known.setdefault(name_key(mention.text), cand)
    return {m: known.get(name_key(m.text), c) if c.id.startswith(UNRESOLVED_PREFIX) else c
            for m, c in chosen.items()}


def _propagate(report: _Report, chosen: dict[_Mention, Candidate]) -> dict[_Mention, Candidate]:
    """Add the other occurrences of each resolved name that the model did not tag as it:
    the model tags "Tarhuna" once and misses it the next time, or calls "Aleppo" a NORP.
    Whole tokens only, and not inside a longer entity of another kind ("Russia" in
    "Russia foreign ministry" is part of an organisation's name)."""
    result = dict(chosen)
    # 1 for each character inside a mention: mentions are never empty, so an overlap is a
    # taken character (one look-up, where a list of spans grew with the document).
    taken = bytearray(len(report.text))
    for m in chosen:
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
    by_text: dict[str, Candidate] = {}
    for mention, cand in sorted(chosen.items(), key=lambda item: item[0].start):
        by_text.setdefault(mention.text, cand)
    for text, cand in by_text.items():
        for start, end in report.occurrences(text):
            span = report.doc.char_span(start, end)
            if span is None or taken.find(1, start, end) != -1:
                continue
            if _free(report, span):
                result[_Mention(start, end, text, None, "")] = cand
                taken[start:end] = b"\x01" * (end - start)
    return result


def _free(report: _Report, span: Any) -> bool:
    """Outside any entity or in a place entity, or exactly one whole entity of any kind."""
    if all(t.ent_type_ in _PLACE_LABELS or not t.ent_type_ for t in span):
        return True
    # Entities do not overlap: the span holds exactly one when one has its very bounds.
    return (span.start, span.end) in report.entity_bounds


# ---------------------------------------------------------------------------------------
# Records


def _places(text: str, chosen: dict[_Mention, Candidate]) -> list[Place]:
    spans: dict[str, list[Span]] = defaultdict(list)
    by_id: dict[str, Candidate] = {}
    for mention, cand in chosen.items():
        pid = f"geo:{cand.id}"
        by_id[pid] = cand
        spans[pid].append(Span(mention.start, mention.end, text[mention.start:mention.end]))
    places = [_place(pid, by_id[pid], sorted(set(found), key=_span_order))
              for pid, found in spans.items()]
    return sorted(places, key=lambda p: (p.mentions[0].start, p.id))


def _span_order(span: Span) -> tuple[int, int]:
    return (span.start, span.end)


def _place(pid: str, cand: Candidate, mentions: list[Span]) -> Place:
    known = not math.isnan(cand.lat)  # a place known only by name has no coordinates
    return Place(
        id=pid,
        name=cand.name,
        kind=cand.kind,
        country=cand.country,
        admin1=cand.admin1,
        lat=round(cand.lat, 5) if known else None,
        lon=round(cand.lon, 5) if known else None,
        precision=cand.kind,
        mentions=tuple(mentions),
    )
