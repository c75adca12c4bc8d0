"""Per-report extraction: pure functions of (spaCy Doc of the clean text, context, knowledge base).

Each extractor returns schema records whose spans index the clean text the Doc was built
from (``token.idx`` is a character offset into it). The order below is the data flow:
actors first (places and figures use them for country context and attribution), then
places, times and quantities.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from ceasefire.schema import Actor, DocumentMeta, Record, Span


class Extractor:
    """spaCy Doc of a clean report + its metadata -> the report's :class:`Record`."""

    def __init__(self) -> None:
        # Imported here so that importing the package does not load knowledge bases.
        from ceasefire.extract.actors import ActorExtractor
        from ceasefire.extract.places import PlaceExtractor
        from ceasefire.kb.gazetteer import Gazetteer

        gazetteer = self.gazetteer = Gazetteer.open()
        # Towns that NER tags as people or organisations ("Jalalabad") are not actors.
        self.actors = ActorExtractor(is_place=lambda name: bool(gazetteer.lookup(name)))
        self.places = PlaceExtractor(gazetteer)

    def __call__(self, doc: Any, meta: DocumentMeta) -> Record:
        from ceasefire.extract.agreements import extract_agreements
        from ceasefire.extract.events import extract_events
        from ceasefire.extract.quantities import extract_quantities
        from ceasefire.extract.times import extract_times
        from ceasefire.nlp import doc_text

        published = date.fromisoformat(meta.published) if meta.published else None
        # spaCy joins every token on each ``doc.text``: build the string once per report.
        text = doc_text(doc)
        actors = _without_datelines(self.actors(doc), text, self.gazetteer)
        places = self.places(doc, actors)
        times = extract_times(doc, published)
        quantities = extract_quantities(doc, actors, published)
        return Record(
            document=meta,
            text=text,
            actors=tuple(actors),
            places=tuple(places),
            times=tuple(times),
            quantities=tuple(quantities),
            events=tuple(extract_events(doc, meta, actors, places, times, quantities)),
            agreements=tuple(extract_agreements(doc, meta, actors, places, times, quantities)),
        )

    def pipe(self, items: Iterable[tuple[Any, DocumentMeta]]) -> Iterator[Record]:
        for doc, meta in items:
            yield self(doc, meta)


def _without_datelines(actors: list[Actor], text: str, gazetteer: Any) -> list[Actor]:
    """Drop inferred actors that are only a paragraph's opening dateline ("KHARTOUM —"):
    the model often tags an upper-case place name there as an organisation."""
    def dateline(span: Span) -> bool:
        opens = span.start == 0 or text[span.start - 1] == "\n"
        return opens and span.text.isupper() and bool(gazetteer.lookup(span.text))

    return [a for a in actors if a.kb or not all(dateline(m) for m in a.mentions)]
