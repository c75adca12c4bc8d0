"""Throughput and peak memory of `ceasefire run`, beside spaCy's own `nlp.pipe`, in one run.

    .venv/bin/python benchmarks/throughput.py [--reports 300] [--memory-sizes 150,600]

The corpus is assembled at benchmark time from texts read in place under ../shared/data
(UCDP-AEC validation articles, Wikinews articles and their cited sources) and the bundled
examples: real-length news reports. Beyond the distinct texts available, further reports are
composed from paragraphs of three different articles, so that no report is a duplicate of
another and every one goes through the model. Nothing is written into the repository.

Reported, all measured in this one invocation on this machine:
- spaCy baseline: the verified model's full pipeline, `nlp.pipe` over the same clean texts
  (model already loaded), words/s;
- `ceasefire run`: the whole command in a subprocess (start-up, ingest, clean, dedup, model,
  extraction, DuckDB writes), reports/s and words/s, and the ratio to the baseline;
- peak RSS of `ceasefire run` at two corpus sizes, and their ratio (flat means close to 1);
- the model stage alone, in this process, on the first `--stage-reports` texts, median of
  `--repeat` alternating passes: stock spaCy, ceasefire's model with its memoised attribute
  ruler and lemmatizer (`load_model()`), and ceasefire's model with the stock components
  (`load_model(fast=False)`), as words/s and as ratios to stock spaCy.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"


def source_texts() -> list[str]:
    texts = []
    for path, field in (
        (DATA / "ucdp-aec-validation-text" / "validation_with_text.jsonl", "source_article"),
        (DATA / "wikinews-2004-sample" / "wikinews_articles.jsonl", "text"),
        (DATA / "wikinews-2004-sample" / "cited_source_articles.jsonl", "text"),
    ):
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                texts += [t for line in fh if _real_length(t := json.loads(line).get(field) or "")]
    for path in sorted((ROOT / "examples").rglob("*.txt")):
        texts.append(path.read_text(encoding="utf-8"))
    if not texts:
        sys.exit("no texts found: ../shared/data is absent and examples/ is empty")
    return texts


def _real_length(text: str) -> bool:
    """News-report length: some cited sources are whole scraped pages of 100,000 characters,
    which would measure something else (they are a robustness case, not a typical report)."""
    return 500 <= len(text) <= 15_000


def corpus(n: int, texts: list[str], seed: int = 7) -> list[str]:
    """n distinct reports: the originals first, then three-article composites, each cut to
    the length of an original drawn at random, so that a larger corpus is not also a corpus
    of longer reports (memory and speed per report depend on length)."""
    rng = random.Random(seed)
    out = list(texts[:n])
    while len(out) < n:
        parts = [p for t in rng.sample(texts, 3) for p in t.split("\n") if p.strip()]
        rng.shuffle(parts)
        target, kept = len(rng.choice(texts)), list[str]()
        while parts and sum(map(len, kept)) < target:
            kept.append(parts.pop())
        out.append("\n\n".join(kept))
    return out


def write_jsonl(reports: list[str], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(reports):
            record = {"text": text, "title": f"report {i}", "published": "2021-06-01"}
            fh.write(json.dumps(record) + "\n")


def spacy_baseline(reports: list[str], processes: int = 1) -> dict[str, float]:
    """Words per second of the model's full pipeline over the clean texts, in ``processes``
    processes (spaCy's own ``n_process``; CPU seconds then count this process only)."""
    import spacy

    from ceasefire.clean import clean
    from ceasefire.nlp import model_dir

    nlp = spacy.load(model_dir())
    texts = [clean(t).text for t in reports]
    words = sum(len(t.split()) for t in texts)
    start, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=32, n_process=processes):
        pass
    seconds = time.perf_counter() - start
    return {"reports": len(texts), "words": words, "seconds": seconds,
            "cpu_seconds": time.process_time() - cpu, "words_per_s": words / seconds}


def model_stages(reports: list[str], repeat: int) -> dict[str, float]:
    """Median words per CPU second of the three model variants, passes alternating so that
    a busy spell of the shared machine hits all three alike."""
    import statistics

    import spacy

    from ceasefire.clean import clean
    from ceasefire.nlp import load_model, model_dir

    variants = {"spacy": spacy.load(model_dir()), "fast": load_model(),
                "stock": load_model(fast=False)}
    texts = [clean(t).text for t in reports]
    words = sum(len(t.split()) for t in texts)
    seconds: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(repeat):
        for name, nlp in variants.items():
            start = time.process_time()
            for _doc in nlp.pipe(texts, batch_size=32):
                pass
            seconds[name].append(time.process_time() - start)
    speed = {name: words / statistics.median(s) for name, s in seconds.items()}
    return {
        "stage_reports": len(texts), "stage_words": words,
        "spacy_words_per_s": round(speed["spacy"]),
        "ceasefire_model_words_per_s": round(speed["fast"]),
        "ceasefire_model_stock_components_words_per_s": round(speed["stock"]),
        "model_vs_spacy": round(speed["fast"] / speed["spacy"], 3),
        "model_stock_components_vs_spacy": round(speed["stock"] / speed["spacy"], 3),
    }


def ceasefire_run(corpus_path: Path, db: Path, workers: int = 1) -> dict[str, Any]:
    """The whole `ceasefire run` in a child process: wall time and its own peak RSS (CPU
    seconds: the child's and those of its descendants it waited for)."""
    command = [str(ROOT / ".venv" / "bin" / "ceasefire"), "run", str(corpus_path), "--db", str(db),
               "--no-progress", "--workers", str(workers)]
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if status != 0:
        sys.exit(f"ceasefire run failed:\n{stderr}")
    return {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "peak_rss_mb": usage.ru_maxrss / 1024, "summary": stderr.strip()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    # 600 reports keep the one-off start-up (model, language identifier, knowledge bases,
    # ~5 s) a small share of the run, as it is for any real corpus.
    parser.add_argument("--reports", type=int, default=600)
    parser.add_argument("--memory-sizes", default="150,600")
    parser.add_argument("--stage-reports", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    # Both sides on every core: `ceasefire run --workers N` against `nlp.pipe(n_process=N)`.
    # The target is set on one process each (the default); this is the comparison a user
    # with the whole machine makes.
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    load_before = os.getloadavg()  # the machine may be shared: figures need its load
    texts = source_texts()
    reports = corpus(args.reports, texts)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        write_jsonl(reports, path)
        run = ceasefire_run(path, Path(tmp) / "bench.duckdb", args.processes)
        base = spacy_baseline(reports, args.processes)
        memory = {}
        for size in (int(s) for s in args.memory_sizes.split(",")):
            sized = Path(tmp) / f"corpus-{size}.jsonl"
            write_jsonl(corpus(size, texts), sized)
            memory[size] = ceasefire_run(sized, Path(tmp) / f"mem-{size}.duckdb")["peak_rss_mb"]
    words = base["words"]
    result = {
        "reports": len(reports), "words": words, "processes": args.processes,
        "spacy_words_per_s": round(base["words_per_s"]),
        "run_reports_per_s": round(len(reports) / run["seconds"], 2),
        "run_words_per_s": round(words / run["seconds"]),
        "run_vs_spacy": round(words / run["seconds"] / base["words_per_s"], 3),
        # CPU time is steadier than wall time while other work shares the machine.
        # (one process each only: spaCy's n_process children are not counted)
        "run_vs_spacy_cpu": round(base["cpu_seconds"] / run["cpu_seconds"], 3)
        if args.processes == 1 else None,
        "run_peak_rss_mb": round(run["peak_rss_mb"]),
        "peak_rss_mb_by_size": {k: round(v) for k, v in memory.items()},
        "run_summary": run["summary"],
    }
    sizes = sorted(memory)
    result["memory_growth"] = round(memory[sizes[-1]] / memory[sizes[0]], 3)
    result["model_stage"] = model_stages(reports[:args.stage_reports], args.repeat)
    result["load_average_before_after"] = [round(x, 2) for x in (*load_before, *os.getloadavg())]
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
