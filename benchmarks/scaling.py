"""Scaling of `ceasefire run` from 1 to 2 workers, and the writer's memory at 10k and 100k.

    .venv/bin/python benchmarks/scaling.py scaling [--reports 240]
    .venv/bin/python benchmarks/scaling.py memory [--sizes 10000,100000]

scaling: the same corpus of real-length reports (assembled as benchmarks/throughput.py does,
from texts read in place under ../shared/data) through the whole `ceasefire run` command with
`--workers 1` and `--workers 2`, each in a fresh process on a fresh database; wall seconds
and their ratio (the speed-up). Start-up (model load, ~5 s, in parallel in the workers) is
included, as a user sees it.

memory: everything a run does except the model stage, at two corpus sizes: a JSON Lines file
read by the real ingest, Prepare (clean, language, fingerprint), the duplicate decisions
against the DuckDB file, and the store writes, with an engine that returns each prepared
report as a record without items. A full run of 100,000 reports would take about four hours
on one core here; the model stage holds nothing from one chunk to the next, so what could
grow with the corpus is measured here. The reports are short (three sentences, made up here
from a small vocabulary) to keep the 100,000 run to minutes; about one in ten is a planted
copy. Peak RSS of the child process and its ratio between the sizes (flat means close to 1).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from throughput import corpus, source_texts, write_jsonl  # noqa: E402


def run_command(corpus_path: Path, db: Path, workers: int) -> dict[str, float]:
    command = [str(ROOT / ".venv" / "bin" / "ceasefire"), "run", str(corpus_path), "--db",
               str(db), "--no-progress", "--workers", str(workers)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"ceasefire run failed:\n{proc.stderr}")
    # CPU seconds of the command and its workers: on a machine shared with other work the
    # wall-clock speed-up says little, the CPU cost per report still compares.
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1),
            "summary": proc.stderr.strip().splitlines()[0]}


def scaling(reports: int) -> dict[str, object]:
    texts = corpus(reports, source_texts())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        write_jsonl(texts, path)
        runs = {n: run_command(path, Path(tmp) / f"w{n}.duckdb", n) for n in (1, 2)}
    return {"reports": reports, "cores": os.cpu_count(), "load_average": os.getloadavg(),
            "workers_1": runs[1], "workers_2": runs[2],
            "speedup": round(runs[1]["seconds"] / runs[2]["seconds"], 2),
            "cpu_ratio_2_to_1": round(runs[2]["cpu_seconds"] / runs[1]["cpu_seconds"], 2)}


# -- memory without the model ---------------------------------------------------------------

_WHO = ["the militia", "government troops", "the rebel alliance", "police units",
        "the monitoring mission", "tribal fighters", "the coast guard", "army engineers"]
_DID = ["shelled", "patrolled", "withdrew from", "reinforced", "cleared mines near",
        "negotiated over", "evacuated", "surrounded"]
_WHERE = ["the northern district", "the river crossing", "the old market", "the airport road",
          "the border village", "the eastern suburbs", "the harbour", "the hill villages"]


def short_reports(n: int, path: Path, seed: int = 11) -> None:
    rng = random.Random(seed)
    recent: list[str] = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            if recent and rng.random() < 0.1:
                text = rng.choice(recent).upper()  # an exact copy, re-cased
            else:
                text = ". ".join(
                    f"On day {rng.randrange(1, 5000)} {rng.choice(_WHO)} {rng.choice(_DID)} "
                    f"{rng.choice(_WHERE)} near post {rng.randrange(1, 10**6)}"
                    for _ in range(3)) + "."
                recent = [*recent, text][-1000:]
            fh.write(json.dumps({"text": text, "title": f"report {i}"}) + "\n")


def memory_child(corpus_path: str, db: str) -> None:
    """Runs in a child process: the writer path with a model-free engine."""
    from ceasefire.config import Config
    from ceasefire.ingest import iter_inputs
    from ceasefire.parallel.writer import Outcomes, Writer, drive
    from ceasefire.pipeline import Prepared, with_run
    from ceasefire.schema import Record
    from ceasefire.store.duckdb import Store
    from ceasefire.store.rows import Extra

    class NoModel:
        capacity = 2

        def __init__(self) -> None:
            self.queue: list[tuple[int, list[object], int]] = []

        def submit(self, key: int, items: list[object], run_id: int) -> None:
            self.queue.append((key, items, run_id))

        def next_done(self) -> tuple[int, Outcomes]:
            key, items, run_id = self.queue.pop(0)
            return key, Outcomes([with_run(self._record(i), run_id) for i in items])

        @staticmethod
        def _record(item: object) -> object:
            if not isinstance(item, Prepared):
                return item
            fp = item.fingerprint
            return Record(item.meta, text=item.text), Extra(item.raw_sha256, fp.exact,
                                                            fp.signature)

        def close(self) -> None:
            self.queue.clear()

    config = Config()
    with Store.open_writer(db) as store:
        run_id = store.start_run({})
    start = time.perf_counter()
    summary = drive(iter_inputs([corpus_path], config.ingest), Writer(db, config, 256),
                    NoModel(), run_id)  # type: ignore[arg-type]
    print(json.dumps({"seconds": round(time.perf_counter() - start, 1),
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                      **summary.as_dict()}))


def memory(sizes: list[int]) -> dict[str, object]:
    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path, db = Path(tmp) / f"c{n}.jsonl", Path(tmp) / f"m{n}.duckdb"
            short_reports(n, path)
            proc = subprocess.run([sys.executable, __file__, "memory-child", str(path), str(db)],
                                  capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                sys.exit(f"memory run failed:\n{proc.stderr}")
            out[str(n)] = {**json.loads(proc.stdout), "db_mb": db.stat().st_size >> 20}
    peaks = [out[str(n)]["peak_rss_mb"] for n in sizes]  # type: ignore[index]
    out["peak_rss_ratio"] = round(peaks[-1] / peaks[0], 3)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="part", required=True)
    # 240 real-length reports: about 35 s on one worker, so the ~5 s start-up is a small
    # share, as it is for any real corpus, while the pair of runs stays near a minute.
    sub.add_parser("scaling").add_argument("--reports", type=int, default=240)
    sub.add_parser("memory").add_argument("--sizes", default="10000,100000")
    child = sub.add_parser("memory-child")
    child.add_argument("corpus")
    child.add_argument("db")
    args = parser.parse_args()
    if args.part == "memory-child":
        memory_child(args.corpus, args.db)
        return
    result = (scaling(args.reports) if args.part == "scaling"
              else memory([int(s) for s in args.sizes.split(",")]))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
