"""Where the time of one report goes, stage by stage, and whether each extractor is linear.

    .venv/bin/python benchmarks/stages.py [--limit N] [--long-reports 60] [--repeat 3]

Run on demand, never as a test. The corpus is read in place: the English reports of 500 to
15,000 characters in ../shared/data (UCDP-AEC validation articles, Wikinews cited sources)
plus every input under examples/. Nothing is written anywhere.

Printed, all measured in this one run on this machine, in CPU time of this process (other
work on a shared machine does not count; the model's threads, if several, all do):

1. per stage, the total over the corpus, its share of the whole, and the median per report:
   ingest + clean + language + fingerprint (``ceasefire.pipeline.Prepare``; reading the
   example files, HTML included, counts as ingest), the verified spaCy pipeline
   (``nlp.pipe``, batches of 32 as ``Analyse`` runs it; a batch's time is shared among its
   reports by token count, so the spaCy median is an estimate, the total is not), then the
   four extractors exactly as ``ceasefire.extract.Extractor`` builds them;
2. one long document made of ``--long-reports`` different reports joined, cut at a paragraph
   break at 1/4 and 1/2 of its length: each extractor's time at 1/4, 1/2 and 1x, best of
   ``--repeat``, after one warm-up run on the whole (knowledge-base caches fill once per
   process), with garbage collection paused during each timed call. A linear extractor
   shows ratios near 1, 2, 4;
3. the model's components one by one (CPU seconds over the corpus, each component's ``pipe``
   in pipeline order, batches of 32), for the model as ceasefire loads it (memoised
   attribute ruler and lemmatizer) and with the stock components;
4. what gating the parse could save: the share of tokens in lines and in sentences that
   hold an event-trigger word form (what a word-form gate would still have to parse), and
   in sentences where a trigger was actually found (the floor for any gate);
5. the same shares on general news (the article bodies of ../shared/data's
   article-extraction-benchmark: technology, business, sport, culture as well as politics),
   the kind of text a gate would skip in a day of global news.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
SOURCES = (
    (DATA / "ucdp-aec-validation-text" / "validation_with_text.jsonl", "source_article",
     "source_date"),
    (DATA / "wikinews-2004-sample" / "cited_source_articles.jsonl", "text", None),
)
MIN_CHARS, MAX_CHARS = 500, 15_000
BATCH = 32  # as ceasefire.pipeline.Analyse
EXTRACTORS = ("actors", "places", "times", "quantities")


def shared_rows() -> Iterator[tuple[str, str, str | None]]:
    """(key, text, published) of the English reports of real length in the shared files."""
    for path, field, date_field in SOURCES:
        if not path.exists():
            print(f"skipped (absent): {path}", file=sys.stderr)
            continue
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                row = json.loads(line)
                text = row.get(field) or ""
                if row.get("language", "en") != "en" or not MIN_CHARS <= len(text) <= MAX_CHARS:
                    continue
                published = row.get(date_field) if date_field else None
                yield f"{path.parent.name}#{n}", text, str(published)[:10] if published else None


def prepared_corpus(limit: int | None) -> tuple[list[Any], list[float]]:
    """Every input through ingest and Prepare: (prepared reports, seconds per input)."""
    from ceasefire.config import Config
    from ceasefire.ingest import iter_inputs
    from ceasefire.pipeline import Prepare, Prepared
    from ceasefire.schema import Input

    config = Config()
    prepare = Prepare(config)
    kept: list[Any] = []
    times: list[float] = []
    inputs = iter_inputs([str(ROOT / "examples")], config.ingest)
    rows = shared_rows()
    while limit is None or len(times) < limit:
        start = time.process_time()
        item = next(inputs, None)
        if item is None:
            row = next(rows, None)
            if row is None:
                break
            key, text, published = row
            item = Input(key, text, hashlib.sha256(text.encode()).hexdigest(), published=published)
        outcome = prepare(item)
        times.append(time.process_time() - start)
        if isinstance(outcome, Prepared):
            kept.append(outcome)
    return kept, times


def parse(nlp: Any, texts: list[str]) -> tuple[list[Any], list[float]]:
    """Docs from ``nlp.pipe`` and each one's share of its batch's time, by token count."""
    docs: list[Any] = []
    shares: list[float] = []
    stream = iter(nlp.pipe(texts, batch_size=BATCH))
    for first in range(0, len(texts), BATCH):
        start = time.process_time()
        batch = [next(stream) for _ in texts[first:first + BATCH]]
        seconds = time.process_time() - start
        tokens = sum(len(d) for d in batch) or 1
        docs += batch
        shares += [seconds * len(d) / tokens for d in batch]
    return docs, shares


def extractor_calls() -> dict[str, Callable[[Any, list[Any], date | None], object]]:
    """The four extractors as ``ceasefire.extract.Extractor`` builds them."""
    from ceasefire.extract import Extractor
    from ceasefire.extract.quantities import extract_quantities
    from ceasefire.extract.times import extract_times

    built = Extractor()
    return {
        "actors": lambda doc, actors, published: built.actors(doc),
        "places": lambda doc, actors, published: built.places(doc, actors),
        "times": lambda doc, actors, published: extract_times(doc, published),
        "quantities": lambda doc, actors, published: extract_quantities(doc, actors, published),
    }


def timed(call: Callable[[], object]) -> tuple[float, Any]:
    start = time.process_time()
    result = call()
    return time.process_time() - start, result


def timed_quiet(call: Callable[[], object]) -> float:
    """CPU seconds of ``call`` with the garbage collector paused: a full collection walks
    every object the process holds (corpus, knowledge bases) and lands in whichever call
    happens to trigger it, which blurs the comparison of one document's three lengths."""
    gc.collect()
    gc.disable()
    try:
        return timed(call)[0]
    finally:
        gc.enable()


def run_extractors(docs: list[Any], reports: list[Any]) -> dict[str, list[float]]:
    calls = extractor_calls()
    seconds: dict[str, list[float]] = {name: [] for name in EXTRACTORS}
    for doc, report in zip(docs, reports, strict=True):
        published = date.fromisoformat(report.meta.published) if report.meta.published else None
        spent, actors = timed(lambda d=doc, p=published: calls["actors"](d, [], p))
        seconds["actors"].append(spent)
        for name in EXTRACTORS[1:]:
            spent, _ = timed(lambda n=name, d=doc, a=actors, p=published: calls[n](d, a, p))
            seconds[name].append(spent)
    return seconds


def print_stages(stages: dict[str, list[float]], totals: dict[str, float]) -> None:
    whole = sum(totals.values())
    print(f"{'stage':<34}{'total s':>9}{'share':>8}{'median ms':>11}")
    for name, values in stages.items():
        median = statistics.median(values) * 1000 if values else 0.0
        print(f"{name:<34}{totals[name]:>9.2f}{totals[name] / whole:>8.1%}{median:>11.1f}")
    print(f"{'whole':<34}{whole:>9.2f}{1:>8.0%}")


def long_document(reports: list[Any], count: int) -> list[str]:
    """``count`` different reports joined, and its first quarter and half (cut at a
    paragraph break), shortest first."""
    distinct = list({r.meta.id: r.text.strip() for r in reports}.values())
    text = "\n\n".join(distinct[:count])
    cuts = [text.rfind("\n\n", 0, len(text) * k // 4) for k in (1, 2)]
    return [text[:cut] for cut in cuts] + [text]


def print_linearity(nlp: Any, reports: list[Any], count: int, repeat: int) -> None:
    texts = long_document(reports, count)
    docs = [nlp(text) for text in texts]
    calls = extractor_calls()
    print(f"\nlong document: {count} reports, {len(texts[-1]):,} characters "
          f"(lengths {', '.join(f'{len(t):,}' for t in texts)}); best of {repeat}")
    print(f"{'extractor':<12}{'1/4 s':>9}{'1/2 s':>9}{'1x s':>9}   ratios")
    published = date(2021, 6, 1)
    for name in EXTRACTORS:
        call = calls[name]
        call(docs[-1], calls["actors"](docs[-1], [], published), published)  # warm KB caches
        best = []
        for doc in docs:
            actors = calls["actors"](doc, [], published)
            runs = [timed_quiet(lambda d=doc, a=actors, c=call: c(d, a, published))
                    for _ in range(repeat)]
            best.append(min(runs))
        ratios = ", ".join(f"{b / best[0]:.2f}" if best[0] else "-" for b in best)
        print(f"{name:<12}" + "".join(f"{b:>9.3f}" for b in best) + f"   {ratios}")


def print_components(texts: list[str]) -> None:
    """CPU seconds of each component over ``texts``, fast and stock model side by side."""
    from ceasefire.nlp import load_model

    print(f"\nmodel components over {len(texts)} reports, CPU s (fast / stock)")
    timings = {}
    for label, nlp in (("fast", load_model()), ("stock", load_model(fast=False))):
        start = time.process_time()
        docs = [nlp.make_doc(t) for t in texts]
        row = {"tokenizer": time.process_time() - start}
        for name, component in nlp.pipeline:
            start = time.process_time()
            if hasattr(component, "pipe"):
                docs = list(component.pipe(docs, batch_size=BATCH))
            else:  # a plain function component (ceasefire_paragraphs)
                docs = [component(doc) for doc in docs]
            row[name.removeprefix("ceasefire_fast_")] = time.process_time() - start
        timings[label] = row
    for name in timings["stock"]:
        fast = timings["fast"].get(name, 0.0)
        print(f"  {name:<22}{fast:>8.2f}{timings['stock'][name]:>8.2f}")
    totals = [sum(timings[k].values()) for k in ("fast", "stock")]
    ratio = totals[0] / totals[1]
    print(f"  {'whole':<22}{totals[0]:>8.2f}{totals[1]:>8.2f}   fast/stock {ratio:.2f}")


def general_news() -> list[str]:
    """Article bodies of real length from a benchmark of news pages on every topic."""
    path = DATA / "article-extraction-benchmark" / "ground-truth.json"
    if not path.exists():
        return []
    bodies = json.loads(path.read_text(encoding="utf-8")).values()
    return [t for b in bodies if MIN_CHARS <= len(t := b.get("articleBody") or "") <= MAX_CHARS]


def print_gate_potential(docs: list[Any], label: str = "") -> None:
    """Token shares a parse gate keyed on event-trigger word forms would have to parse."""
    from ceasefire.extract.triggers import _forms, find_triggers, load_lexicon

    lex = load_lexicon()
    # Every key a trigger can start from (triggers.py: verbs, nouns, phrase first words,
    # object-typed verbs); a token's forms are those the trigger finder itself tests.
    keys = set(lex.verbs) | set(lex.nouns) | set(lex.phrases) | {
        k.split()[0] for k in lex.by_object}
    total = by_line = by_sentence = by_trigger = 0
    for doc in docs:
        hit = [bool(keys.intersection(_forms(t))) for t in doc]
        heads = {t.head for t in find_triggers(doc, [])}
        for sent in doc.sents:
            total += len(sent)
            by_sentence += len(sent) if any(hit[t.i] for t in sent) else 0
            by_trigger += len(sent) if any(t.i in heads for t in sent) else 0
        line: list[int] = []
        for token in [*doc, None]:
            if token is None or (token.is_space and "\n" in token.text):
                by_line += len(line) if any(hit[i] for i in line) else 0
                line = []
            else:
                line.append(token.i)
    print(f"\nparse gate potential{label} over {total:,} tokens: in lines with a trigger word form "
          f"{by_line / total:.1%}, in sentences with one {by_sentence / total:.1%}, "
          f"in sentences with a trigger found {by_trigger / total:.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="at most this many inputs")
    parser.add_argument("--long-reports", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from ceasefire.nlp import load_model

    nlp = load_model()
    reports, prepare_each = prepared_corpus(args.limit)
    if not reports:
        sys.exit("no reports: ../shared/data is absent and examples/ is empty")
    docs, spacy_each = parse(nlp, [r.text for r in reports])
    extract_each = run_extractors(docs, reports)
    stages = {"ingest+clean+language+fingerprint": prepare_each, "spaCy nlp.pipe": spacy_each}
    stages |= {f"extract: {name}": extract_each[name] for name in EXTRACTORS}
    totals = {name: sum(values) for name, values in stages.items()}
    chars = sum(len(r.text) for r in reports)
    print(f"{len(prepare_each)} inputs, {len(reports)} reports analysed, "
          f"median {statistics.median(len(r.text) for r in reports):,.0f} characters, "
          f"{chars:,} in all; CPU seconds of this process")
    print_stages(stages, totals)
    print_linearity(nlp, reports, args.long_reports, args.repeat)
    print_components([r.text for r in reports])
    print_gate_potential(docs)
    general = general_news()
    if general:
        print_gate_potential(list(nlp.pipe(general, batch_size=BATCH)),
                             f" on {len(general)} general news articles")


if __name__ == "__main__":
    main()
