"""Hand-built reports for linking tests: short stories written for these tests from public
facts (Libya, January 2020; a made-up town's truce that is agreed, enters into force, is
accused of violations and collapses). Each report is a Record as the extractors would give
it, so linking is tested on real stores without the model."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest

from ceasefire.schema import (
    Actor,
    Agreement,
    AgreementAction,
    DocumentMeta,
    Event,
    EventTime,
    Fatalities,
    Period,
    Place,
    Quantity,
    Record,
    Span,
)
from ceasefire.store.duckdb import Store
from ceasefire.store.rows import Extra

KB = {
    "act:lna": ("Libyan National Army", "LBY", "MIL", None),
    "act:gna": ("Government of National Accord", "LBY", "GOV", None),
    "act:haftar": ("Khalifa Haftar", "LBY", "MIL", "act:lna"),
    "act:sarraj": ("Fayez al-Sarraj", "LBY", "GOV", "act:gna"),
    "act:rus": ("Russia", "RUS", "GOV", None),
    "act:tur": ("Turkey", "TUR", "GOV", None),
    "act:lavrov": ("Sergei Lavrov", "RUS", "GOV", "act:rus"),
    "act:isr": ("Israel", "ISR", "GOV", None),
    "act:hamas": ("Hamas", "PSE", "REB", None),
}
PLACES = {
    "geo:tripoli": ("Tripoli", "city", "LBY", "Tripoli"),
    "geo:tajura": ("Tajura", "city", "LBY", "Tripoli"),
    "geo:sirte": ("Sirte", "city", "LBY", "Surt"),
    "geo:moscow": ("Moscow", "city", "RUS", "Moscow"),
    "geo:LBY": ("Libya", "country", "LBY", None),
}


@dataclass
class Report:
    """A report under construction: sentences in order, each adding items with spans."""

    path: str
    published: str
    text: str = ""
    actors: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    events: list[Event] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return hashlib.sha256((self.path + self.text).encode()).hexdigest()

    def sentence(self, words: str) -> Span:
        start = len(self.text)
        self.text += words + " "
        return Span(start, start + len(words), words)

    def event(self, words: str, type_: str, day: str | None, source: Sequence[str] = (),
              target: Sequence[str] = (), place: str | None = None, deaths: int | None = None,
              status: str = "asserted", end_day: str | None = None,
              high: int | None = None) -> None:
        span = self.sentence(words)
        self.actors.update([*source, *target])
        if place:
            self.places.add(place)
        time = EventTime(day, "day", end_day) if day else None
        fatalities = Fatalities(deaths, deaths, high if high is not None else deaths) \
            if deaths is not None else None
        self.events.append(Event(
            f"evt:{{doc}}:{len(self.events)}", type_, None, None, None, tuple(source),
            tuple(target), place, time, fatalities, status,  # type: ignore[arg-type]
            None, span, Span(span.start, span.start + 1, words[0])))

    def aggregate(self, words: str, day: str | None, figure: int) -> None:
        """A sentence that repeats a figure with a period, and the event a trigger finds."""
        self.event(words, "ASSAULT", day)
        span = self.events[-1].evidence
        self.quantities.append(Quantity("killed", "fighters", figure, figure, None, span,
                                        Period(None, "since April")))

    def agreement(self, name: str, kind: str, parties: Sequence[str],
                  mediators: Sequence[str] = (), venue: str | None = None,
                  actions: Sequence[tuple[str | None, str, str | None, str]] = ()) -> None:
        """``actions``: (actor, action, day, status) each told in a sentence of its own."""
        found = []
        for actor, action, day, status in actions:
            span = self.sentence(f"{actor or 'it'} {action} on {day}.")
            if actor:
                self.actors.add(actor)
            found.append(AgreementAction(actor, action,  # type: ignore[arg-type]
                                         EventTime(day, "day") if day else None,
                                         status, None, span,  # type: ignore[arg-type]
                                         Span(span.start, span.start + 1, span.text[0])))
        self.actors.update([*parties, *mediators])
        if venue:
            self.places.add(venue)
        self.agreements.append(Agreement(
            f"agr:{{doc}}:{len(self.agreements)}", kind, name,  # type: ignore[arg-type]
            tuple(parties), tuple(mediators), venue, tuple(found), ()))

    def record(self) -> Record:
        doc = self.doc_id[:12]
        meta = DocumentMeta(self.doc_id, self.path, published=self.published,
                            n_chars=len(self.text), title=self.path)
        actors = tuple(Actor(a, KB[a][0], KB[a][1], KB[a][2], True, (), KB[a][3])
                       for a in sorted(self.actors))
        places = tuple(Place(p, *PLACES[p], None, None, PLACES[p][1]) for p in
                       sorted(self.places))
        events = tuple(_with_id(e, e.id.format(doc=doc)) for e in self.events)
        agreements = tuple(_with_id(a, a.id.format(doc=doc)) for a in self.agreements)
        return Record(meta, text=self.text, actors=actors, places=places, events=events,
                      agreements=agreements, quantities=tuple(self.quantities))


def _with_id(item: object, new_id: str) -> object:
    from dataclasses import replace

    return replace(item, id=new_id)  # type: ignore[type-var]


def store_reports(store: Store, reports: Sequence[Report]) -> None:
    store.write([(r.record(), Extra(r.doc_id)) for r in reports])


def libya() -> list[Report]:
    """Five reports of the January 2020 truce and the Moscow draft, in our own words."""
    call = Report("libya/01-09.txt", "2020-01-09")
    call.agreement("Russian-Turkish truce", "truce", ["act:lna", "act:gna"],
                   ["act:rus", "act:tur"], None,
                   [("act:rus", "proposed", "2020-01-08", "asserted"),
                    ("act:lna", "rejected", "2020-01-09", "asserted")])
    effect = Report("libya/01-12.txt", "2020-01-12")
    effect.agreement("ceasefire", "ceasefire", ["act:lna", "act:gna"], ["act:rus"], None,
                     [("act:haftar", "accepted", "2020-01-11", "asserted"),
                      ("act:gna", "accepted", "2020-01-12", "asserted"),
                      (None, "entered_into_force", "2020-01-12", "asserted"),
                      ("act:lna", "violated", "2020-01-12", "claimed")])
    talks = Report("libya/01-13.html", "2020-01-13")
    talks.agreement("truce", "truce", ["act:gna", "act:lna"], [], None,
                    [(None, "entered_into_force", "2020-01-12", "asserted")])
    talks.agreement("Moscow ceasefire draft", "ceasefire", ["act:gna", "act:lna"],
                    ["act:rus", "act:tur"], "geo:moscow",
                    [("act:sarraj", "signed", "2020-01-13", "asserted"),
                     ("act:haftar", "requested_time", "2020-01-13", "asserted")])
    left = Report("libya/01-14.txt", "2020-01-14")
    left.agreement("Moscow draft", "ceasefire", ["act:lna", "act:gna"], [], "geo:moscow",
                   [("act:haftar", "rejected", "2020-01-14", "claimed")])
    statement = Report("libya/01-15.txt", "2020-01-15")
    statement.agreement("Moscow agreement", "ceasefire", ["act:lna"], [], None,
                        [("act:lna", "rejected", "2020-01-15", "asserted")])
    return [call, effect, talks, left, statement]


class Kit:
    """The builders above, for tests (conftest modules are not importable by name)."""

    Report = Report
    libya = staticmethod(libya)
    store_reports = staticmethod(store_reports)


@pytest.fixture()
def kit() -> type[Kit]:
    return Kit
