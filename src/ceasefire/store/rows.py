"""Records to table rows and back: the one place that knows both shapes."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ceasefire.schema import (
    SCHEMA_VERSION,
    Actor,
    Agreement,
    AgreementAction,
    Condition,
    DocumentMeta,
    Event,
    EventTime,
    Fatalities,
    Period,
    Place,
    Quantity,
    Reason,
    Record,
    Span,
    TimeExpr,
)


@dataclass(frozen=True, slots=True)
class Extra:
    """What the store keeps beside a record: provenance and fingerprints."""

    raw_sha256: str
    exact_key: str | None = None
    signature: bytes | None = None
    model: str | None = None
    run_id: int | None = None


COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("path", "id", "raw_sha256", "status", "reason_code", "reason_message",
                  "duplicate_of", "source", "url", "title", "published", "language", "n_chars",
                  "text", "exact_key", "signature", "schema_version", "model", "run_id"),
    "actors": ("doc_id", "n", "actor_id", "name", "country", "sector", "kb", "affiliation"),
    "places": ("doc_id", "n", "place_id", "name", "kind", "country", "admin1", "lat", "lon",
               "precision"),
    "mentions": ("doc_id", "n", "item", "item_id", "start", "end", "text"),
    "times": ("doc_id", "n", "text", "start", "end", "date", "end_date", "precision", "basis"),
    "quantities": ("doc_id", "n", "kind", "victims", "low", "best", "high", "period_since",
                   "period_text", "claimed_by", "ev_start", "ev_end", "ev_text"),
    "events": ("doc_id", "n", "event_id", "type", "mode", "cameo", "acled_type", "acled_subtype",
               "source", "target", "place_id", "place_basis", "date", "end_date", "precision",
               "time_basis", "fatalities_low", "fatalities_best", "fatalities_high", "status",
               "attributed_to", "ev_start", "ev_end", "ev_text", "tr_start", "tr_end", "tr_text"),
    "agreements": ("doc_id", "n", "agreement_id", "kind", "name", "parties", "mediators",
                   "venue", "status"),
    "agreement_actions": ("doc_id", "n", "agreement_n", "actor", "action", "target", "date",
                          "end_date", "precision", "time_basis", "status", "attributed_to",
                          "ev_start", "ev_end", "ev_text", "tr_start", "tr_end", "tr_text"),
    "agreement_conditions": ("doc_id", "n", "agreement_n", "text", "ev_start", "ev_end",
                             "ev_text"),
}
CHILD_TABLES = ("actors", "places", "mentions", "times", "quantities", "events", "agreements",
                "agreement_actions", "agreement_conditions")

Row = tuple[Any, ...]


def rows(items: Sequence[tuple[Record, Extra]]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    extracted: set[str] = set()
    for record, extra in items:
        out["documents"].append(_document_row(record, extra))
        # One text's extraction is stored once, even when a batch holds it under two paths.
        if record.status == "ok" and record.document.id not in extracted:
            extracted.add(record.document.id)
            for table, table_rows in _child_rows(record).items():
                out[table].extend(table_rows)
    return out


def _document_row(record: Record, extra: Extra) -> Row:
    d, r = record.document, record.reason
    return (d.path, d.id, extra.raw_sha256, record.status, r and r.code, r and r.message,
            r and r.duplicate_of, d.source, d.url, d.title, d.published, d.language, d.n_chars,
            record.text if record.status == "ok" else None, extra.exact_key, extra.signature,
            record.schema_version, extra.model, extra.run_id)


def _child_rows(rec: Record) -> dict[str, list[Row]]:
    doc = rec.document.id
    named: tuple[tuple[str, Sequence[Actor | Place | Agreement]], ...] = (
        ("actor", rec.actors), ("place", rec.places), ("agreement", rec.agreements))
    mentions = [(item, obj.id, m) for item, objs in named for obj in objs for m in obj.mentions]
    return {
        "actors": [(doc, n, a.id, a.name, a.country, a.sector, a.kb, a.affiliation)
                   for n, a in enumerate(rec.actors)],
        "places": [(doc, n, p.id, p.name, p.kind, p.country, p.admin1, p.lat, p.lon, p.precision)
                   for n, p in enumerate(rec.places)],
        "mentions": [(doc, n, item, item_id, m.start, m.end, m.text)
                     for n, (item, item_id, m) in enumerate(mentions)],
        "times": [(doc, n, t.text, t.start, t.end, t.date, t.end_date, t.precision, t.basis)
                  for n, t in enumerate(rec.times)],
        "quantities": [_quantity_row(doc, n, q) for n, q in enumerate(rec.quantities)],
        "events": [_event_row(doc, n, e) for n, e in enumerate(rec.events)],
        **_agreement_rows(doc, rec.agreements),
    }


def _agreement_rows(doc: str, agreements: Sequence[Agreement]) -> dict[str, list[Row]]:
    actions = [(k, a) for k, g in enumerate(agreements) for a in g.actions]
    conditions = [(k, c) for k, g in enumerate(agreements) for c in g.conditions]
    return {
        "agreements": [(doc, n, g.id, g.kind, g.name, list(g.parties), list(g.mediators),
                        g.venue, json.dumps(g.status)) for n, g in enumerate(agreements)],
        "agreement_actions": [_action_row(doc, n, k, a) for n, (k, a) in enumerate(actions)],
        "agreement_conditions": [(doc, n, k, c.text, c.evidence.start, c.evidence.end,
                                  c.evidence.text) for n, (k, c) in enumerate(conditions)],
    }


def _action_row(doc: str, n: int, agreement_n: int, a: AgreementAction) -> Row:
    t, ev, tr = a.time, a.evidence, a.trigger
    return (doc, n, agreement_n, a.actor, a.action, a.target, t and t.date, t and t.end_date,
            t and t.precision, t and t.basis, a.status, a.attributed_to, ev.start, ev.end,
            ev.text, tr.start, tr.end, tr.text)


def _event_row(doc: str, n: int, e: Event) -> Row:
    t, f, ev, tr = e.time, e.fatalities, e.evidence, e.trigger
    acled = e.acled or (None, None)
    return (doc, n, e.id, e.type, e.mode, e.cameo, acled[0], acled[1], list(e.source),
            list(e.target), e.place, e.place_basis, t and t.date, t and t.end_date,
            t and t.precision, t and t.basis, f and f.low, f and f.best, f and f.high, e.status,
            e.attributed_to, ev.start, ev.end, ev.text, tr.start, tr.end, tr.text)


def _quantity_row(doc: str, n: int, q: Quantity) -> Row:
    p, e = q.period, q.evidence
    return (doc, n, q.kind, q.victims, q.low, q.best, q.high, p and p.since, p and p.text,
            q.claimed_by, e.start, e.end, e.text)


# -- back -------------------------------------------------------------------------------

Dict = dict[str, Any]


def record(doc: Dict, children: dict[str, list[Dict]]) -> Record:
    """Rebuild a record from its ``documents`` row and its child rows (ordered by n)."""
    reason = (Reason(doc["reason_code"], doc["reason_message"], doc["duplicate_of"])
              if doc["reason_code"] is not None else None)
    spans = _mentions(children.get("mentions", []))
    return Record(
        document=DocumentMeta(doc["id"], doc["path"], doc["source"], doc["url"], doc["title"],
                              doc["published"], doc["language"], doc["n_chars"]),
        status=doc["status"], reason=reason, text=doc["text"] or "",
        actors=tuple(Actor(a["actor_id"], a["name"], a["country"], a["sector"], a["kb"],
                           spans[("actor", a["actor_id"])], a["affiliation"])
                     for a in children.get("actors", [])),
        places=tuple(Place(p["place_id"], p["name"], p["kind"], p["country"], p["admin1"],
                           p["lat"], p["lon"], p["precision"], spans[("place", p["place_id"])])
                     for p in children.get("places", [])),
        times=tuple(TimeExpr(t["text"], t["start"], t["end"], t["date"], t["end_date"],
                             t["precision"], t["basis"]) for t in children.get("times", [])),
        quantities=tuple(_quantity(q) for q in children.get("quantities", [])),
        events=tuple(event_from_row(e) for e in children.get("events", [])),
        agreements=_agreements(children, spans),
        schema_version=doc["schema_version"] or SCHEMA_VERSION,
    )


def _mentions(rows: list[Dict]) -> defaultdict[tuple[str, str], tuple[Span, ...]]:
    grouped: defaultdict[tuple[str, str], tuple[Span, ...]] = defaultdict(tuple)
    for m in rows:
        key = (m["item"], m["item_id"])
        grouped[key] = (*grouped[key], Span(m["start"], m["end"], m["text"]))
    return grouped


def _quantity(q: Dict) -> Quantity:
    return Quantity(
        q["kind"], q["victims"], q["low"], q["best"], q["high"],
        Span(q["ev_start"], q["ev_end"], q["ev_text"]),
        Period(q["period_since"], q["period_text"]) if q["period_text"] is not None else None,
        q["claimed_by"],
    )


def event_from_row(e: Dict) -> Event:
    acled = (e["acled_type"], e["acled_subtype"]) if e["acled_type"] is not None else None
    time = (EventTime(e["date"], e["precision"], e["end_date"], e["time_basis"])
            if e["precision"] is not None else None)
    deaths = (Fatalities(e["fatalities_low"], e["fatalities_best"], e["fatalities_high"])
              if _has_deaths(e) else None)
    return Event(e["event_id"], e["type"], e["mode"], e["cameo"], acled, tuple(e["source"]),
                 tuple(e["target"]), e["place_id"], time, deaths, e["status"],
                 e["attributed_to"], Span(e["ev_start"], e["ev_end"], e["ev_text"]),
                 Span(e["tr_start"], e["tr_end"], e["tr_text"]), e["place_basis"])


def _agreements(children: dict[str, list[Dict]],
                spans: defaultdict[tuple[str, str], tuple[Span, ...]]) -> tuple[Agreement, ...]:
    actions: defaultdict[int, list[AgreementAction]] = defaultdict(list)
    for a in children.get("agreement_actions", []):
        actions[a["agreement_n"]].append(action_from_row(a))
    conditions: defaultdict[int, list[Condition]] = defaultdict(list)
    for c in children.get("agreement_conditions", []):
        conditions[c["agreement_n"]].append(
            Condition(c["text"], Span(c["ev_start"], c["ev_end"], c["ev_text"])))
    return tuple(
        Agreement(g["agreement_id"], g["kind"], g["name"], tuple(g["parties"]),
                  tuple(g["mediators"]), g["venue"], tuple(actions[g["n"]]),
                  tuple(conditions[g["n"]]), dict(_json(g["status"])),
                  spans[("agreement", g["agreement_id"])])
        for g in children.get("agreements", [])
    )


def action_from_row(a: Dict) -> AgreementAction:
    time = (EventTime(a["date"], a["precision"], a["end_date"], a["time_basis"])
            if a["precision"] is not None else None)
    return AgreementAction(a["actor"], a["action"], time, a["status"], a["attributed_to"],
                           Span(a["ev_start"], a["ev_end"], a["ev_text"]),
                           Span(a["tr_start"], a["tr_end"], a["tr_text"]), a["target"])


def _has_deaths(e: Dict) -> bool:
    return any(e[k] is not None for k in ("fatalities_low", "fatalities_best", "fatalities_high"))


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value
