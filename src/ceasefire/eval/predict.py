"""Run the user's pipeline over gold texts and pick the event each score looks at.

The stages are the ones ``ceasefire extract`` runs (``Prepare`` for cleaning and the
language check, the verified model, ``Extractor``), called here directly for two reasons:
duplicate detection must not drop a gold row whose text repeats another's (one sentence
coded for two verbs is two cases), and the spaCy ``Doc`` stays at hand for picking the main
event. Texts are batched through ``nlp.pipe``; a text that occurs in several cases is
analysed once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from ceasefire import errors as E
from ceasefire.config import Config
from ceasefire.errors import CeasefireError
from ceasefire.eval.cases import Case, Prediction
from ceasefire.schema import Event, Input, Reason, Record

# Texts per nlp.pipe batch. Calibration: 64 and 256 ran the plover set equally fast on
# the 2-core CI machine; larger batches only hold more Docs in memory.
BATCH_SIZE = 64


class Predictor:
    """The model and extractors, loaded once and reused for every gold set."""

    def __init__(self, nlp: Any = None) -> None:
        from ceasefire.extract import Extractor
        from ceasefire.nlp import load_model

        self.nlp = nlp if nlp is not None else load_model()
        self.extract = Extractor()

    def predict(self, cases: Sequence[Case[Any]], *, min_chars: int = 1,
                label: str = "eval") -> list[Prediction]:
        """One prediction per case, in order."""
        config = Config(min_chars=min_chars)
        unique: dict[tuple[str, str | None], Prediction | None] = {
            (c.text, c.published): None for c in cases
        }
        self._fill(unique, config, label)
        return [_present(unique[(c.text, c.published)]) for c in cases]

    def _fill(self, slots: dict[tuple[str, str | None], Prediction | None], config: Config,
              label: str) -> None:
        from ceasefire.pipeline import Prepare, Prepared

        prepare = Prepare(config)
        todo: list[tuple[tuple[str, str | None], Prepared]] = []
        for n, slot in enumerate(slots):
            text, published = slot
            raw = hashlib.sha256(text.encode()).hexdigest()
            item = prepare(Input(f"{label}#{n}", text, raw, published=published))
            if isinstance(item, Prepared):
                todo.append((slot, item))
            else:
                slots[slot] = Prediction(item[0], None)
        docs = self.nlp.pipe([p.text for _, p in todo], batch_size=BATCH_SIZE)
        for (slot, prepared), doc in zip(todo, docs, strict=True):
            record = self._record(doc, prepared)
            slots[slot] = _prediction(record, doc)

    def _record(self, doc: Any, prepared: Any) -> Record:
        try:
            return self.extract(doc, prepared.meta)
        except CeasefireError:
            raise
        except Exception as exc:  # the same policy as pipeline.Analyse: a bug rejects one
            reason = Reason(E.E_EXTRACT, f"extraction failed: {type(exc).__name__}: {exc}")
            return Record(prepared.meta, status="rejected", reason=reason)


def _prediction(record: Record, doc: Any) -> Prediction:
    from ceasefire.extract.triggers import find_triggers, text_context

    triggers = tuple(find_triggers(doc, record.actors)) if record.status == "ok" else ()
    return Prediction(record, main_event(record, doc), triggers, text_context(doc))


def _present(prediction: Prediction | None) -> Prediction:
    if prediction is None:  # every slot is filled by _fill; this guards the invariant
        raise RuntimeError("a gold text was not analysed")
    return prediction


def main_event(record: Record, doc: Any = None) -> Event | None:
    """The event a one-event gold row is about: the one on the trigger that
    ``extract.triggers.main_trigger`` picks (earliest sentence, highest clause) when the
    Doc is at hand, else the first event of the record."""
    if not record.events:
        return None
    picked = _main_trigger_span(record, doc) if doc is not None else None
    for event in record.events:
        if picked is not None and (event.trigger.start, event.trigger.end) == picked:
            return event
    return record.events[0]


def _main_trigger_span(record: Record, doc: Any) -> tuple[int, int] | None:
    # The record's events do not keep the clause depth main_trigger ranks by, so the
    # triggers are found again on the same Doc (deterministic, and cheap next to parsing).
    from ceasefire.extract.triggers import find_triggers, main_trigger

    trigger = main_trigger(find_triggers(doc, record.actors))
    return None if trigger is None else (trigger.span.start, trigger.span.end)


def event_at(record: Record, start: int, end: int) -> Event | None:
    """The event whose trigger overlaps the characters ``start:end`` (the first such one,
    preferring a trigger that covers ``start``)."""
    overlapping = [e for e in record.events if e.trigger.start < end and start < e.trigger.end]
    covering = [e for e in overlapping if e.trigger.start <= start < e.trigger.end]
    found = covering or overlapping
    return found[0] if found else None
