"""event-location-halterman: which place, if any, is where the sentence's event happened.

Gold: the 496 records the author re-annotated (``source == "RELABEL"``); each names one
event verb and the span(s) of its location, or none when the sentence does not say where.
The two records without a verb span cannot be scored and are left out.

The compact file stores some location spans as *token* positions (Prodigy's
``token_start``/``token_end``, end inclusive) in the ``start``/``end`` fields: every
zero-length span (174 of them) and the spans whose characters do not fall on word
boundaries ("g" for "San Carlos"). Those are read back as tokens of spaCy's English
tokenizer (:func:`gold_span`); a span that cannot be read back either way is dropped, and a
row left with no readable span although it had some is not scored for location.

Prediction: the event whose trigger overlaps the gold verb, else the event whose trigger
took the verb in (a casualty verb reporting the outcome of the violence that caused it:
"were killed in an airstrike" is one event, the airstrike's; :func:`event_on_verb`); its
``place`` is right when one of that place's mentions overlaps a gold location span, or when
both are absent. No event on the verb counts as "no location".

Scores: ``location_accuracy`` (all rows), ``location_accuracy_located`` (rows whose gold
has a location), ``event_found`` (rows with an event on the gold verb).

``SILVER`` (``event-location-halterman-silver``, run only when named) scores the same way
the file's other rows: the research-assistant and other news batches (``source`` not
RELABEL, not ``wiki``, not rejected), a tuning material some twenty times the gold's size.
Every row whose text equals a RELABEL row's (dev or test) is left out, so tuning on it never
reads a gold test sentence; its own dev/test split is the usual one, under its own name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ceasefire.eval.cases import Case, GoldSet, Prediction, Scored, read_jsonl, unique_keys
from ceasefire.eval.metrics import Score, accuracy
from ceasefire.eval.predict import event_at
from ceasefire.schema import Event, Span

NAME = "event-location-halterman"
FILE = "event_location_compact.jsonl"
GOLD_SOURCE = "RELABEL"
_ARTICLE_NAME = re.compile(r"(?:al|el|ad|ar|as|an|at|ash)-\w", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class LocationGold:
    verb: Span
    locations: tuple[Span, ...]  # empty: the sentence does not say where
    lost: int = 0  # location spans that could not be read back (see gold_span)

    @property
    def scorable(self) -> bool:
        return bool(self.locations) or not self.lost


def read(folder: Path) -> list[Case[Any]]:
    rows = [r for r in read_jsonl(folder / FILE) if r.get("source") == GOLD_SOURCE]
    keys = unique_keys(str(r["id"]) for r in rows)
    tokenizer = _tokenizer()
    return [Case(k, r["text"], None, _gold(r, tokenizer))
            for k, r in zip(keys, rows, strict=True) if r.get("verb")]


# Batches of news sentences annotated like the gold ("wiki" rows are encyclopedia prose).
SILVER_SOURCES = frozenset({"APW_RA", "AFP_RA", "Xinhua_RA", "Masdar_RA", "AP", "Xinhua",
                            "Atrocities", "Unknown_Andy", "coalition", "Masdar", "Unknown_RA"})


def read_silver(folder: Path) -> list[Case[Any]]:
    """The non-gold rows with a verb, less any whose text a RELABEL row also has, once per
    (text, verb) (the batches repeat sentences)."""
    rows = read_jsonl(folder / FILE)
    gold_texts = {_normal(str(r["text"])) for r in rows if r.get("source") == GOLD_SOURCE}
    tokenizer = _tokenizer()
    seen: set[tuple[str, int]] = set()
    cases: list[Case[Any]] = []
    for n, row in enumerate(rows):
        text = str(row["text"])
        if (row.get("source") not in SILVER_SOURCES or row.get("answer") == "reject"
                or not row.get("verb") or _normal(text) in gold_texts):
            continue
        key = (_normal(text), int(row["verb"][0]["start"]))
        if key not in seen:
            seen.add(key)
            cases.append(Case(f"{row['id']}#{n}", text, None, _gold(row, tokenizer)))
    return cases


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _tokenizer() -> Any:
    import spacy  # the rule-based English tokenizer alone: no model weights needed

    return spacy.blank("en").tokenizer


def _gold(row: dict[str, Any], tokenizer: Any) -> LocationGold:
    text = str(row["text"])
    found = [gold_span(text, s, tokenizer) for s in row.get("locations") or ()]
    spans = tuple(s for s in found if s is not None)
    return LocationGold(_span(row["verb"][0]), spans, len(found) - len(spans))


def _span(data: dict[str, Any]) -> Span:
    return Span(int(data["start"]), int(data["end"]), str(data["text"]))


def gold_span(text: str, data: dict[str, Any], tokenizer: Any) -> Span | None:
    """A location span as characters: as stored when it falls on word boundaries, else
    read as token positions with an inclusive end; None when neither reading works."""
    start, end = int(data["start"]), int(data["end"])
    if start < end and _on_word_boundaries(text, start, end):
        return Span(start, end, text[start:end])
    tokens = tokenizer(text)
    if not 0 <= start <= end < len(tokens):
        return None
    words = tokens[start:end + 1]
    first, last = words.start_char, words.end_char
    return Span(first, last, text[first:last]) if _name_like(text[first:last], text) else None


def _name_like(words: str, text: str) -> bool:
    """Place names are capitalised in edited text ("Aleppo", "al-Bab"): a token reading that
    lands on "while" or "in" is off by the tokenizers' differences and is not used."""
    words = words.strip()
    if not words:
        return False
    return text.lower() == text or words[0].isupper() or bool(_ARTICLE_NAME.match(words))


def _on_word_boundaries(text: str, start: int, end: int) -> bool:
    before_ok = start == 0 or not text[start - 1].isalnum()
    after_ok = end == len(text) or not text[end].isalnum()
    return before_ok and after_ok and text[start].isalnum() and end <= len(text)


def moved(span: Span, source: str, target: str) -> Span | None:
    """``span`` of ``source`` carried into ``target`` (the cleaned text): unchanged when
    the texts agree, else the occurrence of its words nearest its old offset."""
    if source == target or target[span.start:span.end] == span.text:
        return span
    starts, at = [], target.find(span.text)
    while at >= 0 and span.text:
        starts.append(at)
        at = target.find(span.text, at + 1)
    if not starts:
        return None
    best = min(starts, key=lambda s: abs(s - span.start))
    return Span(best, best + len(span.text), span.text)


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def event_on_verb(pred: Prediction, verb: Span) -> Event | None:
    """The event that states ``verb``: the one whose trigger it is, else the one whose
    trigger took it in (a casualty verb is the outcome of the violence that caused it:
    "were killed in an airstrike" is one event, the airstrike's; see Trigger.absorbed)."""
    event = event_at(pred.record, verb.start, verb.end)
    if event is not None:
        return event
    for trigger in pred.triggers:
        if any(_overlaps(verb, word) for word in trigger.absorbed):
            return event_at(pred.record, trigger.span.start, trigger.span.end)
    return None


def _judge(case: Case[Any], pred: Prediction) -> tuple[bool, bool]:
    """(event found on the verb, location right) for one row."""
    gold: LocationGold = case.gold
    record = pred.record
    verb = moved(gold.verb, case.text, record.text)
    event = event_on_verb(pred, verb) if verb else None
    place = next((p for p in record.places if event and p.id == event.place), None)
    if place is None:
        return event is not None, not gold.locations
    targets = [m for s in gold.locations if (m := moved(s, case.text, record.text))]
    hit = any(_overlaps(m, t) for m in place.mentions for t in targets)
    return True, hit


def score(scored: Sequence[Scored]) -> dict[str, Score]:
    judged = [(_judge(case, pred), case.gold) for case, pred in scored]
    return {
        "location_accuracy": accuracy(right for (_, right), g in judged if g.scorable),
        "location_accuracy_located": accuracy(right for (_, right), g in judged if g.locations),
        "event_found": accuracy(found for (found, _), _ in judged),
    }


SET = GoldSet(
    name=NAME,
    files=(FILE,),
    scores=("location_accuracy", "location_accuracy_located", "event_found"),
    read=read,
    score=score,
)

SILVER = GoldSet(
    name=f"{NAME}-silver",
    files=(FILE,),
    scores=SET.scores,
    read=read_silver,
    score=score,
    folder=lambda root: root / NAME,
    opt_in=True,
)
