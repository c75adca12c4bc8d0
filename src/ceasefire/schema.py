"""The output contract: typed, frozen records shared by extraction, the store and the API.

This module is the Python form of ``shared/design/SCHEMA.md`` (schema version 1). Every stage
imports these records; none invents dict keys of its own. Adding a field is compatible;
renaming or removing one bumps ``SCHEMA_VERSION`` and needs a store migration.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = 1

Status = Literal["ok", "rejected", "duplicate"]
Precision = Literal["day", "week", "month", "year"]
EventStatus = Literal["asserted", "claimed", "planned", "negated", "hypothetical"]
# SCHEMA.md's agreement kinds, plus the two deal kinds users track on their own.
AgreementKind = Literal[
    "ceasefire", "truce", "humanitarian_pause", "peace", "prisoner_exchange", "other"
]
# What a party (or nobody in particular) does to an agreement, as SCHEMA.md lists it.
AgreementActionName = Literal[
    "proposed", "negotiated", "drafted", "signed", "accepted", "requested_time", "rejected",
    "approved", "entered_into_force", "violated", "extended", "expired", "collapsed", "withdrew",
]


@dataclass(frozen=True, slots=True)
class Span:
    """A character span into the clean text: ``text[start:end] == self.text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    id: str  # sha256 of the clean text (or of the raw bytes for rejected inputs)
    path: str  # file, plus "#line" or "#row" for corpora
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date
    language: str | None = None
    n_chars: int = 0


@dataclass(frozen=True, slots=True)
class Reason:
    code: str  # stable machine code, e.g. "E_EMPTY"
    message: str
    duplicate_of: str | None = None  # document id of the first copy, for duplicates


@dataclass(frozen=True, slots=True)
class Actor:
    id: str  # "act:<slug>" for knowledge-base actors, "act:x-<slug>" for inferred ones
    name: str
    country: str | None  # ISO 3166-1 alpha-3
    sector: str | None  # GOV, MIL, REB, IGO, NGO, CVL, MED, ...
    kb: bool
    mentions: tuple[Span, ...] = ()
    affiliation: str | None = None  # id of the actor this one belongs to (Haftar -> LNA)


@dataclass(frozen=True, slots=True)
class Place:
    id: str  # "geo:<geonameid>" or "geo:<ISO3>" / "geo:<ISO3>-<admin1>"
    name: str
    kind: str  # city|admin1|country|region|site
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: str  # same vocabulary as kind: how exactly the coordinates place it
    mentions: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class TimeExpr:
    text: str
    start: int
    end: int
    date: str | None  # ISO date of the first day
    end_date: str | None  # ISO date of the last day for ranges / weeks / months
    precision: Precision
    basis: str  # how it was resolved: "absolute", "published+tense", ...


@dataclass(frozen=True, slots=True)
class Period:
    since: str | None  # ISO date when the start of the period resolves, else None
    text: str  # the words that state the period


@dataclass(frozen=True, slots=True)
class Quantity:
    kind: str  # killed|injured|displaced|detained|missing|...
    victims: str  # civilians|fighters|soldiers|people|unknown|...
    low: int | None
    best: int | None
    high: int | None
    evidence: Span
    period: Period | None = None
    claimed_by: str | None = None  # actor id of whoever gives the figure


@dataclass(frozen=True, slots=True)
class EventTime:
    date: str | None  # ISO date of the first day
    precision: Precision
    end_date: str | None = None
    # "sentence" (a time expression in the event's clause), "dateline", "published"
    # (no date in the text: the report's date stands in), or "unknown".
    basis: str = "sentence"


@dataclass(frozen=True, slots=True)
class Fatalities:
    """At least one of the three is a number; an event without figures has ``None``."""

    low: int | None
    best: int | None
    high: int | None


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, where and when, as one clause of the report states it."""

    id: str  # "evt:<doc id prefix>:<n>"
    type: str  # PLOVER event type (AGREE, CONSULT, ..., ASSAULT)
    mode: str | None  # PLOVER mode where the type defines one
    cameo: str | None  # CAMEO root code, two digits ("04")
    acled: tuple[str, str] | None  # ACLED (event type, sub-event type)
    source: tuple[str, ...]  # actor ids
    target: tuple[str, ...]
    place: str | None  # place id
    time: EventTime | None
    fatalities: Fatalities | None
    status: EventStatus
    attributed_to: str | None  # actor id of the speaker or outlet making the claim
    evidence: Span  # the sentence (or clause) that states the event
    trigger: Span  # the word(s) that name the event
    place_basis: str | None = None  # "sentence", "dateline", "document" or None


@dataclass(frozen=True, slots=True)
class AgreementAction:
    """One step in an agreement's life as one clause of the report states it."""

    actor: str | None  # actor id; None for actions nobody in particular takes ("took effect")
    action: AgreementActionName
    time: EventTime | None
    status: EventStatus  # "claimed" for a refusal only a linked website reports, etc.
    attributed_to: str | None  # actor id of the speaker or outlet making the claim
    evidence: Span  # the sentence that states the action
    trigger: Span  # the word(s) that name it ("signed", "asked for more time")
    target: str | None = None  # for "violated": the party accused, when the text names one


@dataclass(frozen=True, slots=True)
class Condition:
    """A condition or sticking point ("the withdrawal of Haftar's forces from Tarhuna")."""

    text: str
    evidence: Span


@dataclass(frozen=True, slots=True)
class Agreement:
    """A ceasefire, truce or deal as one report speaks of it (linking joins reports)."""

    id: str  # "agr:<doc id prefix>:<n>"
    kind: AgreementKind
    name: str  # readable: "Moscow ceasefire draft", "Russian-Turkish truce"
    parties: tuple[str, ...]  # actor ids of the sides bound by it
    mediators: tuple[str, ...]  # actor ids of mediators, hosts and guarantors
    venue: str | None  # place id of where it was negotiated or signed
    actions: tuple[AgreementAction, ...]
    conditions: tuple[Condition, ...]
    # Each party's status as of this report: the last action it took, or "pending".
    status: dict[str, str] = field(default_factory=dict)
    mentions: tuple[Span, ...] = ()  # the words that name the agreement


@dataclass(frozen=True, slots=True)
class Input:
    """One report as a reader found it, before cleaning: decoded text plus metadata.

    A reader that cannot produce text sets ``rejection`` instead and leaves ``text`` None,
    so that every input, good or bad, flows on to the run summary and the store.
    """

    path: str  # file, plus "#<line>" (JSON Lines) or "#<row>" (CSV) for corpora
    text: str | None
    raw_sha256: str  # of the input's raw bytes: the id of a rejected input
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None  # ISO date
    rejection: Reason | None = None


@dataclass(frozen=True, slots=True)
class Record:
    """One input document and everything found in it."""

    document: DocumentMeta
    status: Status = "ok"
    reason: Reason | None = None
    text: str = ""
    actors: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    events: tuple[Event, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    schema_version: int = field(default=SCHEMA_VERSION)


def to_dict(record: Record) -> dict[str, Any]:
    """The JSON shape of SCHEMA.md (tuples become lists, field order as declared)."""
    data = asdict(record)
    ordered = {"schema_version": data.pop("schema_version")}
    ordered.update(data)
    return as_json(ordered)  # type: ignore[no-any-return]


def as_json(value: Any) -> Any:
    """``asdict`` output in JSON's shape: tuples become lists, recursively."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [as_json(v) for v in value]
    return value


def from_dict(data: dict[str, Any]) -> Record:
    """Inverse of :func:`to_dict`; raises ``KeyError``/``TypeError`` on a foreign shape."""
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise ValueError(f"schema_version {version} is not {SCHEMA_VERSION}")
    reason = data.get("reason")
    return Record(
        document=DocumentMeta(**data["document"]),
        status=data.get("status", "ok"),
        reason=Reason(**reason) if reason else None,
        text=data.get("text", ""),
        actors=tuple(_actor(a) for a in data.get("actors", [])),
        places=tuple(_place(p) for p in data.get("places", [])),
        times=tuple(TimeExpr(**t) for t in data.get("times", [])),
        quantities=tuple(_quantity(q) for q in data.get("quantities", [])),
        events=tuple(_event(e) for e in data.get("events", [])),
        agreements=tuple(_agreement(a) for a in data.get("agreements", [])),
        schema_version=version,
    )


def _spans(items: list[dict[str, Any]]) -> tuple[Span, ...]:
    return tuple(Span(**m) for m in items)


def _actor(data: dict[str, Any]) -> Actor:
    return Actor(**{**data, "mentions": _spans(data.get("mentions", []))})


def _place(data: dict[str, Any]) -> Place:
    return Place(**{**data, "mentions": _spans(data.get("mentions", []))})


def _quantity(data: dict[str, Any]) -> Quantity:
    period = data.get("period")
    return Quantity(
        **{
            **data,
            "evidence": Span(**data["evidence"]),
            "period": Period(**period) if period else None,
        }
    )


def _event(data: dict[str, Any]) -> Event:
    time, deaths = data.get("time"), data.get("fatalities")
    acled = data.get("acled")
    return Event(
        **{
            **data,
            "acled": tuple(acled) if acled else None,
            "source": tuple(data.get("source", [])),
            "target": tuple(data.get("target", [])),
            "time": EventTime(**time) if time else None,
            "fatalities": Fatalities(**deaths) if deaths else None,
            "evidence": Span(**data["evidence"]),
            "trigger": Span(**data["trigger"]),
        }
    )


def _time(data: dict[str, Any] | None) -> EventTime | None:
    return EventTime(**data) if data else None


def _agreement(data: dict[str, Any]) -> Agreement:
    return Agreement(
        **{
            **data,
            "parties": tuple(data.get("parties", [])),
            "mediators": tuple(data.get("mediators", [])),
            "actions": tuple(
                AgreementAction(**{**a, "time": _time(a.get("time")),
                                   "evidence": Span(**a["evidence"]),
                                   "trigger": Span(**a["trigger"])})
                for a in data.get("actions", [])
            ),
            "conditions": tuple(
                Condition(c["text"], Span(**c["evidence"])) for c in data.get("conditions", [])
            ),
            "status": dict(data.get("status", {})),
            "mentions": _spans(data.get("mentions", [])),
        }
    )


# -- Across reports: what linking (ceasefire.link) makes of the stored records -----------
# Linked ids are content-derived: a cluster or linked agreement takes the id of its earliest
# member, so one run over all reports and several incremental runs give the same ids.


@dataclass(frozen=True, slots=True)
class SourceFigure:
    """The casualty figure one source gave for a merged event (kept beside the reconciled one)."""

    doc_id: str
    event_id: str
    low: int | None
    best: int | None
    high: int | None


@dataclass(frozen=True, slots=True)
class EventCluster:
    """Reports of one real-world event merged across sources (every member is kept)."""

    id: str  # the id of its earliest member event
    type: str  # PLOVER type shared by the members
    date: str | None  # first day any member gives
    end_date: str | None  # last day any member gives, when later than ``date``
    place: str | None  # the most precise member place
    actors: tuple[str, ...]  # source and target actor ids of all members
    members: tuple[str, ...]  # event ids, earliest first
    doc_ids: tuple[str, ...]  # the reports, in member order
    fatalities: Fatalities | None  # reconciled low / best / high (docs/linking.md)
    figures: tuple[SourceFigure, ...] = ()  # each source's own figure


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One dated action in a linked agreement's life, as one report states it."""

    date: str | None  # the date of the act (else the report's publication date)
    precision: str | None
    actor: str | None
    action: AgreementActionName
    status: EventStatus
    attributed_to: str | None
    evidence: Span
    doc_id: str
    agreement: str  # the per-report agreement id the action belongs to
    target: str | None = None


@dataclass(frozen=True, slots=True)
class LinkedAgreement:
    """One agreement followed across reports: members, dated timeline, status per party."""

    id: str  # the id of its earliest per-report agreement
    kind: AgreementKind
    name: str
    parties: tuple[str, ...]
    mediators: tuple[str, ...]
    venue: str | None
    members: tuple[str, ...]  # per-report agreement ids, earliest first
    doc_ids: tuple[str, ...]
    timeline: tuple[TimelineEntry, ...]
    status: dict[str, str] = field(default_factory=dict)  # party -> last commitment action
    last_change: str | None = None  # ISO date of the latest action
