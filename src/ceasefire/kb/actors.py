"""The actor knowledge base: curated actors, country actors, demonyms and the actor lexicon.

Two YAML files written for this project feed it. ``data/actors.yaml`` holds the sector list,
the lexicon for generic actors ("Turkish troops") and the hand-written actors (armed groups,
IGOs, leaders). ``data/demonyms.yaml`` lists the states; their country actors (``act:rus``)
are generated at load time with pycountry's formal names added as aliases, so no one types
190 entries by hand.

Every name, alias and demonym goes into one token trie. Matching works on tokens as spaCy's
English tokenizer splits them, folded for case, diacritics, curly apostrophes and dotted
acronyms ("U.N." = "UN"); hyphens are skipped, so "al-Sarraj" = "al Sarraj". Acronyms keep
their case ("US" is not "us").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

from ceasefire.errors import KnowledgeBaseError
from ceasefire.kb import YAML_LOADER

DATA_DIR = Path(__file__).parent / "data"
ACTORS_FILE = DATA_DIR / "actors.yaml"
DEMONYMS_FILE = DATA_DIR / "demonyms.yaml"

Kind = Literal["person", "organization", "country"]
TargetKind = Literal["actor", "demonym", "people", "regional", "block"]

_ID_RE = re.compile(r"^act:[a-z0-9]+(?:-[a-z0-9]+)*$")
_ISO3_RE = re.compile(r"^[A-Z]{3}$")
_ENTRY_KEYS = frozenset(
    {"id", "name", "kind", "country", "sector", "aliases", "affiliation", "roles", "national"}
)
# Hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash.
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014")
# Curly quotes, grave and acute accents used as apostrophes ("Haftar\u2019s").
_APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018`\u00b4", "'"))
_ARTICLE_RE = re.compile(r"\b([Aa]l|[Ee]l)-(?=\w)")
# The C loader when PyYAML was built with libyaml: the KB loads several times faster.
_YAML_LOADER = YAML_LOADER


@dataclass(frozen=True, slots=True)
class KBEntry:
    """One actor the knowledge base knows by name."""

    id: str
    name: str
    kind: Kind
    country: str | None
    sector: str | None
    aliases: tuple[str, ...] = ()
    affiliation: str | None = None
    roles: tuple[str, ...] = ()
    national: bool = False  # the state's regular armed forces ("Russian troops" -> this)
    demonyms: tuple[str, ...] = ()  # countries only: adjectives ("Russian")
    people: tuple[str, ...] = ()  # countries only: plural nouns ("Russians", "Britons")


@dataclass(frozen=True, slots=True)
class NounGroup:
    """Head nouns of generic actors that share a sector ("troops", "soldiers" -> MIL)."""

    name: str
    sector: str
    inherit: bool  # a modifier may set the sector instead ("rebel leader" -> REB)
    words: frozenset[str]
    represents: bool = False  # stands for its owner: "Hamas spokesman" -> Hamas


@dataclass(frozen=True, slots=True)
class Lexicon:
    groups: tuple[NounGroup, ...]
    needs_modifier: frozenset[str]
    honorifics: frozenset[str]
    qualifiers: Mapping[str, str | None]
    state_qualifiers: frozenset[str]
    object_verbs: frozenset[str]
    prepositions: frozenset[str]
    place_prepositions: frozenset[str]
    place_prefixes: frozenset[str]
    place_nouns: frozenset[str]
    action_nouns: frozenset[str]
    _by_word: Mapping[str, NounGroup] = field(default_factory=dict, repr=False)

    def group(self, *forms: str) -> NounGroup | None:
        """The group of a head word, trying each form lower-cased and without a plural -s."""
        for word in forms:
            low = word.lower()
            for form in (low, low[:-1] if low.endswith("s") else low):
                if form in self._by_word:
                    return self._by_word[form]
        return None


@dataclass(frozen=True, slots=True)
class Target:
    """What an alias in the trie stands for: an actor, a demonym, a region, or a blocker."""

    kind: TargetKind
    ref: str | None  # actor id, ISO3 for demonym/people, the word for regional
    pattern: tuple[str, ...]  # alias tokens (deaccented, case kept) for the case check


@dataclass(frozen=True, slots=True)
class AliasMatch:
    start: int  # token index, inclusive
    end: int  # token index, exclusive
    target: Target


# ------------------------------------------------------------------------ normalising


def deaccent(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def is_skippable(word: str) -> bool:
    """Hyphen and dash tokens: "al-Sarraj" and "al Sarraj" are one name."""
    return bool(word) and all(ch in _DASHES for ch in word)


def fold(word: str) -> str:
    """The matching key of one token: no case, no diacritics, straight apostrophes, and no
    dots inside a word ("U.N." -> "un"); a bare "." stays, so no match runs over it."""
    plain = deaccent(word).casefold()
    if any(ch.isalnum() for ch in plain):
        plain = plain.replace(".", "")
    return plain


def _is_acronym(token: str) -> bool:
    """Tokens that must keep their case: "UN", "U.S.", "M23", "JeM" (not "Hamas")."""
    letters = token.replace(".", "")
    has_inner_upper = any(ch.isupper() for ch in letters[1:])
    return has_inner_upper or (any(ch.isdigit() for ch in letters) and letters[:1].isupper())


def case_ok(pattern: Sequence[str], surface: Sequence[str], *, strict: bool = True) -> bool:
    """Acronyms match only with their own case; with ``strict``, a surface written all in
    lower case does not match a capitalised alias ("turkey" is not Turkey)."""
    for want, got in zip(pattern, surface, strict=True):
        if _is_acronym(want) and deaccent(got).replace(".", "") != want.replace(".", ""):
            return False
    if strict and any(ch.isupper() for w in pattern for ch in w):
        return any(ch.isupper() for w in surface for ch in w)
    return True


@cache
def _tokenizer() -> Any:
    """spaCy's rule-based English tokenizer (no model needed): aliases split as reports do."""
    import spacy

    return spacy.blank("en").tokenizer


def tokenize(text: str) -> list[str]:
    return [t.text for t in _tokenizer()(text) if not t.is_space]


# ------------------------------------------------------------------------------ trie


class _Node:
    __slots__ = ("children", "targets")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.targets: list[Target] = []


class AliasTrie:
    """Longest-match lookup of token sequences; several targets may share a folded key when
    their case differs ("JEM" the Sudanese movement, "JeM" the Pakistani group)."""

    def __init__(self) -> None:
        self._root = _Node()

    def add(self, words: Sequence[str], target: Target) -> None:
        node = self._root
        for word in words:
            node = node.children.setdefault(fold(word), _Node())
        node.targets.append(target)

    def exact(self, words: Sequence[str]) -> list[Target]:
        node: _Node | None = self._root
        for word in _kept(words):
            node = node.children.get(fold(word)) if node else None
        return list(node.targets) if node else []


    def scan(self, words: Sequence[str]) -> list[AliasMatch]:
        """Non-overlapping longest matches, left to right."""
        folded: dict[str, str] = {}  # a report repeats its words: fold each one once
        keys = [folded[w] if w in folded else folded.setdefault(w, fold(w)) for w in words]
        skip = [is_skippable(w) for w in words]
        matches: list[AliasMatch] = []
        i = 0
        while i < len(words):
            found = None if skip[i] else self._longest(words, keys, skip, i)
            if found is None:
                i += 1
                continue
            matches.append(found)
            i = found.end
        return matches

    def _longest(
        self, words: Sequence[str], keys: Sequence[str], skip: Sequence[bool], i: int
    ) -> AliasMatch | None:
        node: _Node | None = self._root
        best: AliasMatch | None = None
        j = i
        kept: list[str] = []
        while j < len(words) and node is not None:
            if skip[j]:
                j += 1
                continue
            node = node.children.get(keys[j])
            kept.append(words[j])
            j += 1
            for target in node.targets if node else ():
                if case_ok(target.pattern, kept):
                    best = AliasMatch(i, j, target)
                    break
        return best


def _kept(words: Iterable[str]) -> list[str]:
    return [w for w in words if not is_skippable(w)]


# ----------------------------------------------------------------------------- the KB


class ActorKB:
    """Actors by id, the alias trie over every name, and the generic-actor lexicon."""

    def __init__(
        self,
        entries: Mapping[str, KBEntry],
        trie: AliasTrie,
        lexicon: Lexicon,
        sectors: Mapping[str, str],
    ) -> None:
        self.entries = dict(entries)
        self.trie = trie
        self.lexicon = lexicon
        self.sectors = dict(sectors)
        self._national = {
            e.country: e for e in self.entries.values() if e.national and e.country
        }

    @classmethod
    def load(cls, path: Path | None = None, demonyms: Path | None = None) -> ActorKB:
        """The knowledge base from the packaged YAML (or the given files), once per process."""
        return _load(path or ACTORS_FILE, demonyms or DEMONYMS_FILE)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[KBEntry]:
        return iter(self.entries.values())

    def get(self, actor_id: str) -> KBEntry | None:
        return self.entries.get(actor_id)

    def country(self, iso3: str) -> KBEntry | None:
        return self.entries.get(country_id(iso3))

    def national_military(self, iso3: str) -> KBEntry | None:
        return self._national.get(iso3)

    def match(self, text: str) -> KBEntry | None:
        """The actor a name stands for, or None. Case, diacritics, curly apostrophes, a
        leading "the" and a possessive "'s" do not matter; acronyms must keep their case
        ("UN" and "U.N." match, "un" does not). A demonym gives its country ("Russian")."""
        words = _strip_name(tokenize(text))
        for target in self.trie.exact(words):
            if case_ok(target.pattern, _kept(words), strict=False):
                return self._entry_for(target)
        return None

    def scan(self, words: Sequence[str]) -> list[AliasMatch]:
        """Longest non-overlapping alias matches over a sequence of token texts."""
        return self.trie.scan(words)

    def _entry_for(self, target: Target) -> KBEntry | None:
        if target.kind == "actor" and target.ref:
            return self.entries.get(target.ref)
        if target.kind in ("demonym", "people") and target.ref:
            return self.country(target.ref)
        return None


def country_id(iso3: str) -> str:
    return f"act:{iso3.lower()}"


def _strip_name(words: list[str]) -> list[str]:
    if words and words[0].lower() == "the":
        words = words[1:]
    while words and fold(words[-1]) in ("'s", "'"):
        words = words[:-1]
    return words


# --------------------------------------------------------------------------- loading


@cache
def _load(path: Path, demonyms: Path) -> ActorKB:
    data = _read_yaml(path)
    sectors = _sectors(data, path)
    lexicon = _lexicon(data.get("lexicon"), sectors, path)
    entries: dict[str, KBEntry] = {}
    for raw in _list(data.get("actors"), "actors", path):
        entry = _entry(raw, sectors, path)
        if entry.id in entries:
            raise KnowledgeBaseError(f"{path}: entry {entry.id}: duplicate id")
        entries[entry.id] = entry
    countries, regional, blocked = _country_data(_read_yaml(demonyms), demonyms)
    for entry in countries:
        if entry.id in entries:
            raise KnowledgeBaseError(f"{path}: entry {entry.id}: clashes with a country id")
        entries[entry.id] = entry
    _check_references(entries, path)
    trie = _TrieBuilder(path).build(entries.values(), regional, blocked)
    return ActorKB(entries, trie, lexicon, sectors)


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeBaseError(f"cannot read knowledge base file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise KnowledgeBaseError(f"{path}: expected a mapping at the top level")
    return data


def _list(value: Any, what: str, path: Path) -> list[Any]:
    if not isinstance(value, list):
        raise KnowledgeBaseError(f"{path}: '{what}' must be a list")
    return value


def _strings(value: Any, what: str, path: Path) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KnowledgeBaseError(f"{path}: {what} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _sectors(data: Mapping[str, Any], path: Path) -> dict[str, str]:
    sectors = data.get("sectors")
    if not isinstance(sectors, dict) or not sectors:
        raise KnowledgeBaseError(f"{path}: 'sectors' must map codes to meanings")
    return {str(k): str(v) for k, v in sectors.items()}


def _entry(raw: Any, sectors: Mapping[str, str], path: Path) -> KBEntry:
    ident = _entry_id(raw, path)
    where = f"{path}: entry {ident}"
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise KnowledgeBaseError(f"{where}: name is missing")
    kind = _kind(raw.get("kind", "organization"), where)
    country = _country_code(raw.get("country"), where)
    sector = _sector(raw.get("sector"), sectors, where)
    affiliation = _optional_id(raw.get("affiliation"), where)
    if affiliation is None and kind == "person" and sector == "GOV" and country:
        affiliation = country_id(country)  # a government's people act for their state
    return KBEntry(
        id=ident,
        name=name.strip(),
        kind=kind,
        country=country,
        sector=sector,
        aliases=_strings(raw.get("aliases"), f"entry {ident}: aliases", path),
        affiliation=affiliation,
        roles=_strings(raw.get("roles"), f"entry {ident}: roles", path),
        national=_flag(raw.get("national", False), where),
    )


def _entry_id(raw: Any, path: Path) -> str:
    if not isinstance(raw, dict):
        raise KnowledgeBaseError(f"{path}: actor entry {raw!r} is not a mapping")
    ident = raw.get("id")
    where = f"{path}: entry {ident}"
    if not isinstance(ident, str) or not _ID_RE.match(ident):
        raise KnowledgeBaseError(f"{where}: id must look like 'act:lowercase-slug'")
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise KnowledgeBaseError(f"{where}: unknown field(s) {sorted(unknown)}")
    return ident


def _kind(value: Any, where: str) -> Kind:
    if value == "person":
        return "person"
    if value == "organization":
        return "organization"
    raise KnowledgeBaseError(f"{where}: kind must be 'person' or 'organization', not {value!r}")


def _country_code(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _ISO3_RE.match(value):
        raise KnowledgeBaseError(f"{where}: country must be an ISO 3166-1 alpha-3 code")
    return value


def _sector(value: Any, sectors: Mapping[str, str], where: str) -> str:
    if value not in sectors:
        raise KnowledgeBaseError(f"{where}: unknown sector {value!r} (see 'sectors')")
    return str(value)


def _optional_id(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _ID_RE.match(value):
        raise KnowledgeBaseError(f"{where}: affiliation must be an actor id")
    return value


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise KnowledgeBaseError(f"{where}: 'national' must be true or false")
    return value


def _check_references(entries: Mapping[str, KBEntry], path: Path) -> None:
    known_countries = {e.country for e in entries.values() if e.kind == "country"}
    for entry in entries.values():
        if entry.affiliation and entry.affiliation not in entries:
            raise KnowledgeBaseError(
                f"{path}: entry {entry.id}: affiliation {entry.affiliation} is not in the KB"
            )
        if entry.country and entry.country not in known_countries:
            raise KnowledgeBaseError(
                f"{path}: entry {entry.id}: country {entry.country} is not a known state"
            )


# ------------------------------------------------------------------------- countries


def _country_data(
    data: Mapping[str, Any], path: Path
) -> tuple[list[KBEntry], tuple[str, ...], tuple[str, ...]]:
    countries = data.get("countries")
    if not isinstance(countries, dict) or not countries:
        raise KnowledgeBaseError(f"{path}: 'countries' must map ISO3 codes to entries")
    entries = [_country(iso, raw, path) for iso, raw in countries.items()]
    regional = _strings(data.get("regional"), "regional", path)
    blocked = _strings(data.get("not_countries"), "not_countries", path)
    return entries, regional, blocked


def _country(iso: Any, raw: Any, path: Path) -> KBEntry:
    where = f"{path}: entry {iso}"
    if not isinstance(iso, str) or not _ISO3_RE.match(iso) or not isinstance(raw, dict):
        raise KnowledgeBaseError(f"{where}: expected 'ISO3: {{name: ..., adj: [...]}}'")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise KnowledgeBaseError(f"{where}: name is missing")
    adjectives = _strings(raw.get("adj"), f"{iso}: adj", path)
    people = _strings(raw.get("people"), f"{iso}: people", path)
    return KBEntry(
        id=country_id(iso),
        name=name,
        kind="country",
        country=iso,
        sector="GOV",
        aliases=_strings(raw.get("aliases"), f"{iso}: aliases", path),
        demonyms=adjectives,
        people=people or _plurals(adjectives),
    )


def _plurals(adjectives: Iterable[str]) -> tuple[str, ...]:
    """Regular plural nouns for a people: "Libyan" -> "Libyans", "Iraqi" -> "Iraqis".
    Adjectives in -ese, -ish, -ch, -ss have no such plural and stay out."""
    return tuple(f"{a}s" for a in adjectives if a[-1] in "niok")


def _pycountry_names(iso: str) -> tuple[str, ...]:
    """Formal names pycountry knows ("Russian Federation"); inverted ones with commas
    ("Korea, Republic of") and bracketed ones are no use in running text."""
    import pycountry

    record = pycountry.countries.get(alpha_3=iso)
    if record is None:
        return ()
    names = (getattr(record, attr, None) for attr in ("name", "common_name", "official_name"))
    clean = (re.sub(r"^the ", "", n) for n in names if n)
    return tuple(n for n in clean if "," not in n and "(" not in n)


# ------------------------------------------------------------------------------ lexicon


def _lexicon(raw: Any, sectors: Mapping[str, str], path: Path) -> Lexicon:
    if not isinstance(raw, dict):
        raise KnowledgeBaseError(f"{path}: 'lexicon' must be a mapping")
    groups = tuple(_group(n, g, sectors, path) for n, g in (raw.get("groups") or {}).items())
    by_word = {w: g for g in groups for w in g.words}
    acting = raw.get("acting") or {}
    return Lexicon(
        groups=groups,
        needs_modifier=frozenset(_strings(raw.get("needs_modifier"), "needs_modifier", path)),
        honorifics=frozenset(_strings(raw.get("honorifics"), "honorifics", path)),
        qualifiers=_qualifiers(raw.get("qualifiers"), sectors, path),
        state_qualifiers=frozenset(
            _strings(raw.get("state_qualifiers"), "state_qualifiers", path)
        ),
        object_verbs=frozenset(_strings(acting.get("object_verbs"), "object_verbs", path)),
        prepositions=frozenset(_strings(acting.get("prepositions"), "prepositions", path)),
        place_prepositions=frozenset(
            _strings(acting.get("place_prepositions"), "place_prepositions", path)
        ),
        place_prefixes=frozenset(_strings(acting.get("place_prefixes"), "place_prefixes", path)),
        place_nouns=frozenset(_strings(acting.get("place_nouns"), "place_nouns", path)),
        action_nouns=frozenset(_strings(acting.get("action_nouns"), "action_nouns", path)),
        _by_word=by_word,
    )


def _group(name: str, raw: Any, sectors: Mapping[str, str], path: Path) -> NounGroup:
    if not isinstance(raw, dict):
        raise KnowledgeBaseError(f"{path}: lexicon group {name} must be a mapping")
    words = _strings(raw.get("words"), f"lexicon group {name}: words", path)
    return NounGroup(
        name=str(name),
        sector=_sector(raw.get("sector"), sectors, f"{path}: lexicon group {name}"),
        inherit=bool(raw.get("inherit", False)),
        words=frozenset(w.lower() for w in words),
        represents=bool(raw.get("represents", False)),
    )


def _qualifiers(raw: Any, sectors: Mapping[str, str], path: Path) -> dict[str, str | None]:
    if not isinstance(raw, dict):
        raise KnowledgeBaseError(f"{path}: lexicon qualifiers must be a mapping")
    for word, sector in raw.items():
        if sector is not None and sector not in sectors:
            raise KnowledgeBaseError(f"{path}: qualifier {word}: unknown sector {sector!r}")
    return {str(k).lower(): v for k, v in raw.items()}


# ------------------------------------------------------------------------ trie building


class _TrieBuilder:
    """Adds every name to the trie. Hand-written names must be unambiguous (a clash is a
    KB error naming both entries); generated variants quietly yield to them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.trie = AliasTrie()
        self._owner: dict[tuple[str, ...], str] = {}

    def build(
        self, entries: Iterable[KBEntry], regional: Iterable[str], blocked: Iterable[str]
    ) -> AliasTrie:
        entries = list(entries)
        for entry in entries:
            self._entry(entry)
        for word in regional:
            self._add(word, Target("regional", word.lower(), ()), f"regional {word}")
        for phrase in blocked:
            self._add(phrase, Target("block", None, ()), f"not_countries {phrase}")
        for entry in entries:  # generated names last, so hand-written ones win
            self._generated(entry)
        return self.trie

    def _entry(self, entry: KBEntry) -> None:
        for alias in dict.fromkeys((entry.name, *entry.aliases)):
            self._add(alias, Target("actor", entry.id, ()), entry.id)
        for adjective in entry.demonyms:
            self._add(adjective, Target("demonym", entry.country, ()), entry.id)
        for noun in entry.people:
            self._add(noun, Target("people", entry.country, ()), entry.id)

    def _generated(self, entry: KBEntry) -> None:
        names: tuple[str, ...] = ()
        if entry.kind == "country" and entry.country:
            names = _pycountry_names(entry.country)
        names += _article_variants((entry.name, *entry.aliases), drop=entry.kind == "person")
        for name in names:
            self._add(name, Target("actor", entry.id, ()), entry.id, generated=True)

    def _add(self, text: str, target: Target, owner: str, *, generated: bool = False) -> None:
        words = tokenize(deaccent(text))
        kept = tuple(_kept(words))
        if not kept:
            raise KnowledgeBaseError(f"{self.path}: entry {owner}: empty alias {text!r}")
        key = tuple(w.replace(".", "") if _is_acronym(w) else fold(w) for w in kept)
        previous = self._owner.get(key)
        if previous is not None:
            if generated or previous == owner:
                return
            raise KnowledgeBaseError(
                f"{self.path}: entry {owner}: alias {text!r} already names {previous}"
            )
        self._owner[key] = owner
        self.trie.add(kept, Target(target.kind, target.ref, kept))


def _swap_article(match: re.Match[str]) -> str:
    return "el-" if match.group(1).lower() == "al" else "al-"


def _article_variants(names: Iterable[str], *, drop: bool) -> tuple[str, ...]:
    """Arabic article spellings: "al-Sarraj" also as "el-Sarraj", and for people also
    without the article ("Sarraj"), as reports write them after the first mention."""
    out: list[str] = []
    for name in names:
        if not _ARTICLE_RE.search(name):
            continue
        out.append(_ARTICLE_RE.sub(_swap_article, name))
        if drop:
            out.append(_ARTICLE_RE.sub("", name))
    return tuple(out)
