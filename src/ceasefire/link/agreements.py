"""One agreement across reports: linking per-report mentions, the timeline, party statuses.

Two per-report agreements may be the same agreement when

- they come from different reports (a report that names two agreements has told them apart);
- their kinds belong to one family (a "truce" and a "ceasefire" are one thing to reporters);
- their venues, when both are given, are the same place;
- their parties meet (each party counted with the one it belongs to), or, when one report
  names no parties, their names share a distinctive word ("Moscow", "Doha", "19") or their
  venue is the same;
- their dates (the actions' dates, else the report's) lie within ``WINDOW_DAYS`` of each
  other, ``NAMED_WINDOW_DAYS`` when the names share a distinctive word or the venue is the
  same;
- neither starts over what the other ended: a deal proposed, negotiated or signed after the
  other's collapse or expiry is a new agreement between the same parties;
- neither was in force before the other was first made (proposed, negotiated, drafted or
  signed): a truce reported in force on the 12th is not the draft first negotiated on the
  13th, even between the same parties.

Clusters come from :mod:`ceasefire.link.graph`: single links between compatible mentions,
never joining two clusters that hold a conflicting pair (same report, other venue, other
kind, started after the other ended).

Status per party: walking the timeline in date order, a party's status is its latest
commitment action (proposed, negotiated, drafted, signed, accepted, requested_time,
rejected, approved, withdrew) told as asserted or claimed. Actions on the agreement as a
whole (entered_into_force, violated, extended, expired, collapsed) stay in the timeline but
do not change a party's status. Parties without such an action are "pending".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ceasefire.link.graph import agglomerate, edges, grouped
from ceasefire.schema import AgreementKind, LinkedAgreement, Span, TimelineEntry

# Days between two mentions' dates for them to be one agreement. Calibration: the stories of
# the gold file (eval/agreements_gold.toml) have at most five weeks between two consecutive
# reports of one agreement; 45 days keeps that and does not bridge a season of silence.
WINDOW_DAYS = 45
# With a shared distinctive name word or venue: the Gaza ceasefire of January 2025 was agreed
# on the 15th and collapsed 62 days later with few reports in between; four months covers it.
NAMED_WINDOW_DAYS = 120

# With the same proper name ("Stockholm Agreement"): reports cite a named agreement for years
# (Yemen's of December 2018 is still "the Stockholm Agreement" in 2019 and 2024).
PROPER_NAME_DAYS = 3 * 366

_FAMILY: dict[str, str] = {"ceasefire": "ceasefire", "truce": "ceasefire"}
_SMALL_WORDS = frozenset({"of", "on", "the", "for", "and", "to", "in"})
COMMITMENTS = frozenset({"proposed", "negotiated", "drafted", "signed", "accepted",
                         "requested_time", "rejected", "approved", "withdrew"})
_STARTS = frozenset({"proposed", "negotiated", "drafted", "signed", "accepted", "approved"})
_ENDS = frozenset({"collapsed", "expired"})
_IN_FORCE = frozenset({"entered_into_force"})
# Acts that make a deal (accepting or approving one already in force does not make a new one).
_MADE = frozenset({"proposed", "negotiated", "drafted", "signed"})
# For a draft, any act on its text dates it: asking for time on it or refusing to sign it.
_DRAFT_MADE = _MADE | {"requested_time", "rejected"}
# Acts on an agreement in force: a report telling only these speaks of one in force.
_ENFORCED = frozenset({"entered_into_force", "violated", "extended", "expired", "collapsed"})
# Calibration of the evidence weights in ``compatible`` (they only order the joins; the
# conflict test decides what may join). Checked on examples/ (Libya: truce, Moscow draft,
# Berlin conclusions) and the dev stories of eval/agreements_gold.toml.
_W_WORD, _W_VENUE, _W_FORCE_DAY, _W_STAGE, _W_MISMATCH = 3.0, 2.0, 2.0, 1.0, 3.0
# A report of only violations or entry into force, next to a draft never reported in force,
# is about the agreement in force: that pair is weighed down by _W_MISMATCH.
_TOLD = frozenset({"asserted", "claimed"})
# Words of agreement names that say what kind of deal it is, not which one.
_GENERIC_WORDS = """
a an and the of on for in to with by at between from ceasefire cease fire truce agreement
agreements deal accord accords draft declaration conference conclusions peace plan pact
treaty talks humanitarian pause permanent cessation hostilities short term initial phase
first second third prisoner prisoners exchange hostage hostages release joint statement
memorandum understanding framework roadmap initiative proposal arrangement interim temporary
comprehensive call day days week weeks month hour hours new agreed proposed
"""
_GENERIC = frozenset(_GENERIC_WORDS.split())


@dataclass(frozen=True, slots=True)
class AgreementItem:
    """One stored per-report agreement with its actions and what linking needs."""

    agreement_id: str
    doc_id: str
    n: int
    kind: AgreementKind
    name: str
    parties: tuple[str, ...]
    mediators: tuple[str, ...]
    venue: str | None
    published: str | None
    sides: frozenset[str]  # parties and the actors they belong to
    side_sets: tuple[frozenset[str], ...]  # each party with the actor it belongs to
    helpers: frozenset[str]  # mediators and the actors they belong to
    words: frozenset[str]  # distinctive words of the name
    draft: bool  # the report tells a draft apart from the agreement in force
    enforced_only: bool  # every act told is an act on an agreement in force
    actions: tuple[TimelineEntry, ...]
    start: date | None
    end: date | None
    began: date | None  # earliest date of an action that starts a deal
    ended: date | None  # latest date of a collapse or expiry
    made: date | None  # earliest date it was proposed, negotiated, drafted or signed
    in_force: date | None  # earliest date it is said to have entered into force

    @property
    def key(self) -> tuple[str, str, str, int]:
        day = self.start.isoformat() if self.start else "9999-99-99"
        return (day, self.published or "9999-99-99", self.doc_id, self.n)


def agreement_item(row: Mapping[str, Any], actions: Sequence[Mapping[str, Any]],
                   affiliation: Mapping[str, str]) -> AgreementItem:
    """The item for a stored agreements row and its action rows (``Store.link_agreement_rows``)."""
    published = _iso(row["published"])
    entries = tuple(_entry(a, row, published) for a in actions)
    valid = [d for e in entries if (d := _day(e.date)) is not None]
    if not valid and published:
        valid = [date.fromisoformat(published[:10])]
    parties, mediators = tuple(row["parties"] or ()), tuple(row["mediators"] or ())
    draft = is_draft(row["name"] or "")
    told = [e.action for e in entries if e.status in _TOLD]
    # Acts the text dates itself ("on 13 January", "on Sunday"); an undated act stands at
    # its report's date in the timeline, but says nothing of when a deal began or ended.
    dated = tuple(e for e, a in zip(entries, actions, strict=True)
                  if a["date"] is not None and a.get("time_basis") in ("sentence", None))
    return AgreementItem(
        row["agreement_id"], row["doc_id"], int(row["n"]), row["kind"], row["name"] or "",
        parties, mediators, row["venue"], published,
        _with_groups(parties, affiliation),
        tuple(_with_groups((p,), affiliation) for p in parties),
        _with_groups(mediators, affiliation),
        name_words(row["name"] or ""), draft, bool(told) and set(told) <= _ENFORCED, entries,
        min(valid) if valid else None, max(valid) if valid else None,
        _edge_day(dated, _STARTS, min), _edge_day(dated, _ENDS, max),
        _edge_day(dated, _DRAFT_MADE if draft else _MADE, min),
        _edge_day(dated, _IN_FORCE, min),
    )


def _with_groups(actors: Sequence[str], affiliation: Mapping[str, str]) -> frozenset[str]:
    return frozenset(actors) | {affiliation[p] for p in actors if p in affiliation}


def is_draft(name: str) -> bool:
    """The per-report extractor names a draft "<...> draft" (docs/agreements.md, names)."""
    return re.search(r"\bdraft\b", name, re.IGNORECASE) is not None


def name_words(name: str) -> frozenset[str]:
    """The words that tell one agreement from another: capitalised words and numbers that
    do not just say what kind of deal it is ("Moscow", "Doha", "19")."""
    words = re.findall(r"[^\W_]+", name)
    return frozenset(w.lower() for w in words
                     if (w[0].isupper() or w.isdigit()) and w.lower() not in _GENERIC)


def _entry(a: Mapping[str, Any], row: Mapping[str, Any], published: str | None
           ) -> TimelineEntry:
    dated = a["date"] is not None
    return TimelineEntry(
        date=_iso(a["date"]) if dated else published,
        precision=a["precision"] if dated else None,
        actor=a["actor"], action=a["action"], status=a["status"],
        attributed_to=a["attributed_to"],
        evidence=Span(int(a["ev_start"]), int(a["ev_end"]), a["ev_text"]),
        doc_id=row["doc_id"], agreement=row["agreement_id"], target=a["target"],
    )


def _edge_day(entries: Sequence[TimelineEntry], names: frozenset[str],
              pick: Callable[[list[date]], date]) -> date | None:
    """The first (or last) day of the told acts named, from the most precise dates: "last
    week" does not move a start that "on Sunday" gives to the day."""
    found = [e for e in entries if e.action in names and e.status in _TOLD
             and _day(e.date) is not None]
    exact = [e for e in found if e.precision == "day"] or found
    days = [d for e in exact if (d := _day(e.date)) is not None]
    return pick(days) if days else None


def family(kind: str) -> str:
    return _FAMILY.get(kind, kind)


def conflict(a: AgreementItem, b: AgreementItem) -> bool:
    """True when the two cannot be one agreement, whatever else links them."""
    return (a.doc_id == b.doc_id or not _kinds_meet(a, b)
            or (a.venue is not None and b.venue is not None and a.venue != b.venue)
            or _restarts(a, b) or _restarts(b, a) or _other_counterparts(a, b))


def _other_counterparts(a: AgreementItem, b: AgreementItem) -> bool:
    """Two deals of one side with two different others (Israel-Iran, Israel-Syria): each
    names a party the other has nowhere (neither as party nor as mediator), and they share
    fewer than two parties and no name word. One party in common says little when that party
    is at war on several fronts; a report that names fewer sides (only Israel) still joins
    either."""
    if len(a.sides & b.sides) >= 2 or a.words & b.words:
        return False
    return bool(a.parties and b.parties and _unshared(a, b) and _unshared(b, a))


def _unshared(a: AgreementItem, b: AgreementItem) -> bool:
    """A party of ``a`` that ``b`` names nowhere, neither itself nor the group it belongs
    to."""
    named = b.sides | b.helpers
    return any(not side & named for side in a.side_sets)


def _kinds_meet(a: AgreementItem, b: AgreementItem) -> bool:
    """One kind family, or a peace agreement that another report calls a ceasefire (a
    "permanent cessation of hostilities") signed at the same venue."""
    kinds = {family(a.kind), family(b.kind)}
    return len(kinds) == 1 or (kinds == {"ceasefire", "peace"} and a.venue is not None
                                and a.venue == b.venue)


def _restarts(earlier: AgreementItem, later: AgreementItem) -> bool:
    """``later`` starts a deal after ``earlier`` records the end of one, or after
    ``earlier`` was already in force."""
    restarted = (earlier.ended is not None and later.began is not None
                 and later.began > earlier.ended)
    return restarted or (earlier.in_force is not None and later.made is not None
                         and later.made > earlier.in_force)


def compatible(a: AgreementItem, b: AgreementItem) -> float | None:
    """How strongly two mentions look like one agreement, or None when they cannot be."""
    if conflict(a, b):
        return None
    shared_words = len(a.words & b.words)
    same_venue = a.venue is not None and a.venue == b.venue
    same_start = _same_day(a.in_force, b.in_force)  # "in force since 12 January" twice
    shared_sides = len(a.sides & b.sides)
    shared_helpers = len(a.helpers & b.helpers)
    if a.sides and b.sides and not shared_sides:
        return None
    named = shared_words or same_venue or same_start
    if not (a.sides and b.sides) and not (named or shared_helpers >= 2):
        return None
    if a.kind == "other" == b.kind and not (shared_words or same_venue):
        return None  # "other" texts (a memorandum, a joint statement) need a name in common
    window = (PROPER_NAME_DAYS if _same_proper_name(a, b) else
              NAMED_WINDOW_DAYS if named else WINDOW_DAYS)
    gap = _gap(a, b)
    if gap > window:
        return None
    # Evidence of sameness, less a point per week apart: mentions close in time join first,
    # so a story's collapse is in its cluster before a like-named later deal is weighed
    # against it. A report of violations of "the truce" is about the one in force, not
    # about a draft another report tells apart.
    mismatch = (a.draft and b.enforced_only) or (b.draft and a.enforced_only)
    return (_W_WORD * shared_words + _W_VENUE * same_venue + _W_FORCE_DAY * same_start
            + shared_sides + 0.5 * shared_helpers + (a.kind == b.kind)
            + _W_STAGE * (a.draft == b.draft) - _W_MISMATCH * mismatch - gap / 7)


def _same_proper_name(a: AgreementItem, b: AgreementItem) -> bool:
    """Both name it by the same proper name: every word capitalised (the extractor's made-up
    names, "Moscow ceasefire draft", keep the kind word in lower case)."""
    return a.name.casefold() == b.name.casefold() and _proper(a.name)


def _proper(name: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_]+", name) if w.lower() not in _SMALL_WORDS]
    return len(words) >= 2 and all(w[0].isupper() for w in words)


def _same_day(a: date | None, b: date | None) -> bool:
    return a is not None and b is not None and abs((a - b).days) <= 1


def _gap(a: AgreementItem, b: AgreementItem) -> int:
    if not (a.start and a.end and b.start and b.end):
        return 0
    return max(0, (a.start - b.end).days, (b.start - a.end).days)


def link_agreements(items: Sequence[AgreementItem], affiliation: Mapping[str, str]
                    ) -> list[tuple[str, LinkedAgreement]]:
    """(component id, linked agreement) for every agreement of ``items``."""
    found = edges(items, compatible)
    out: list[tuple[str, LinkedAgreement]] = []
    for group, local in grouped(len(items), found):
        members = [items[i] for i in group]
        component = min(members, key=lambda m: m.key).agreement_id
        for cluster in agglomerate(members, local, lambda m: m.key, conflict):
            out.append((component, build_linked([members[i] for i in cluster], affiliation)))
    return out


def build_linked(members: Sequence[AgreementItem], affiliation: Mapping[str, str]
                 ) -> LinkedAgreement:
    """One linked agreement from its members: names by vote, timeline by date, statuses."""
    ordered = sorted(members, key=lambda m: m.key)
    published = {m.doc_id: m.published or "" for m in ordered}
    timeline = sorted((e for m in ordered for e in m.actions),
                      key=lambda e: (e.date or "9999-99-99", published[e.doc_id], e.doc_id,
                                     e.agreement, e.evidence.start, e.action))
    parties = tuple(dict.fromkeys(p for m in ordered for p in m.parties))
    mediators = tuple(dict.fromkeys(p for m in ordered for p in m.mediators
                                    if p not in parties))
    dates = [e.date for e in timeline if e.date]
    return LinkedAgreement(
        id=ordered[0].agreement_id, kind=_vote([m.kind for m in ordered]),
        name=_vote([m.name for m in ordered if m.name]) if any(m.name for m in ordered)
        else "", parties=parties, mediators=mediators,
        venue=_vote([m.venue for m in ordered if m.venue]) if any(m.venue for m in ordered)
        else None,
        members=tuple(m.agreement_id for m in ordered),
        doc_ids=tuple(dict.fromkeys(m.doc_id for m in ordered)), timeline=tuple(timeline),
        status=party_status(parties, timeline, affiliation),
        last_change=max(dates) if dates else None,
    )


@dataclass(frozen=True, slots=True)
class Standing:
    """Where an agreement stands with one party: its latest commitment action, whether
    every report of it since the party's previous different action is a claim, and the
    entry that set it (None while "pending")."""

    action: str
    claimed: bool = False
    entry: TimelineEntry | None = None

    def as_json(self) -> dict[str, Any]:
        e = self.entry
        return {"action": self.action, "claimed": self.claimed,
                "date": e.date if e else None, "attributed_to": e.attributed_to if e else None}


def standings(parties: Sequence[str], timeline: Sequence[TimelineEntry],
              affiliation: Mapping[str, str]) -> dict[str, Standing]:
    """Each party's latest commitment action (in timeline order) told as fact, or as a claim
    by someone other than another party: one side's word on the other is an accusation and
    does not move the other's status. A claim repeating what a report already stated as
    fact ("accepted", then "accepted, Maas said") leaves the status a fact."""
    found = {p: Standing("pending") for p in parties}
    for entry in timeline:
        party = _party_of(entry.actor, found, affiliation)
        if party is None or entry.action not in COMMITMENTS or entry.status not in _TOLD:
            continue
        speaker = _party_of(entry.attributed_to, found, affiliation)
        if entry.status == "claimed" and speaker is not None and speaker != party:
            continue
        claimed = entry.status == "claimed" and speaker != party
        now = found[party]
        if now.action == entry.action:  # the same step told again: since its first report
            found[party] = Standing(now.action, claimed and now.claimed, now.entry)
            continue
        if _STRENGTH.get(now.action, 0) > _STRENGTH.get(entry.action, 0) > 0:
            continue  # "accepted" after "signed" tells the same commitment, less of it
        found[party] = Standing(entry.action, claimed, entry)
    return found


# Positive commitments, weakest first: a later report of a weaker one ("the GNA had
# accepted it") does not take back a stronger one already told ("Sarraj signed").
_STRENGTH = {"proposed": 1, "negotiated": 1, "drafted": 1, "accepted": 2, "signed": 3,
             "approved": 4}


def _party_of(actor: str | None, parties: Mapping[str, Any],
              affiliation: Mapping[str, str]) -> str | None:
    if actor is None:
        return None
    if actor in parties:
        return actor
    group = affiliation.get(actor)
    return group if group in parties else None


def party_status(parties: Sequence[str], timeline: Sequence[TimelineEntry],
                 affiliation: Mapping[str, str]) -> dict[str, str]:
    """Each party's latest commitment action (see :func:`standings`), else "pending"."""
    return {p: s.action for p, s in standings(parties, timeline, affiliation).items()}


def _vote(values: Sequence[Any]) -> Any:
    """The most frequent value; ties go to the one seen first (values come earliest first)."""
    counts = Counter(values)
    return max(values, key=lambda v: (counts[v], -values.index(v)))


def _day(value: Any) -> date | None:
    if value is None:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)
