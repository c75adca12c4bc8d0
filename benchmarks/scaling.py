"""Scaling of `ceasefire run` from 1 to 2 workers, and the writer's memory at 10k and 100k.

    .venv/bin/python benchmarks/scaling.py scaling [--reports 240,1000]
    .venv/bin/python benchmarks/scaling.py memory [--sizes 10000,100000]

scaling: for each corpus size, the same corpus of real-length reports (assembled as
benchmarks/throughput.py does, from texts read in place under ../shared/data) through the
whole `ceasefire run` command with `--workers 1` and `--workers 2`, each in a fresh process
on a fresh database; wall seconds and their ratio (the speed-up), start-up and linking
included, as a user sees them. Users run hundreds of thousands of reports, where start-up
is nothing; at 240 reports (~25 s) it is a sixth of the run, so the default measures 1,000
too. CPU seconds are given per process (the writer, the pool's fork server, the workers),
sampled every 0.1 s: on a machine shared with other work the wall-clock speed-up is not
valid, but where the CPU goes still is.

memory: everything a run does except the model stage, at two corpus sizes: a JSON Lines file
read by the real ingest, Prepare (clean, language, fingerprint), the duplicate decisions
against the DuckDB file, and the store writes, with an engine that returns each prepared
report as a record without items. A full run of 100,000 reports would take about four hours
on one core here; the model stage holds nothing from one chunk to the next, so what could
grow with the corpus is measured here. The reports are short (three sentences, made up here
from a small vocabulary) to keep the 100,000 run to minutes; about one in ten is a planted
copy. Peak RSS of the child process and its ratio between the sizes (flat means close to 1),
both for the whole process and after the first chunk (start-up's own peak left out).
"""

from __future__ import annotations

import argparse
import contextlib
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
sys.path.insert(0, str(ROOT / "benchmarks"))

from throughput import corpus, source_texts, write_jsonl  # noqa: E402


def run_command(corpus_path: Path, db: Path, workers: int) -> dict[str, object]:
    command = [str(ROOT / ".venv" / "bin" / "ceasefire"), "run", str(corpus_path), "--db",
               str(db), "--no-progress", "--workers", str(workers)]
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    per_process = _sample_cpu(proc)
    _, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"ceasefire run failed:\n{stderr}")
    # CPU seconds of the command and its workers: on a machine shared with other work the
    # wall-clock speed-up says little, where the CPU goes still does. Summed from the
    # samples: the pool's fork server and its workers outlive the command briefly and are
    # never waited for by it, so getrusage(RUSAGE_CHILDREN) would miss them.
    return {"seconds": round(seconds, 1), "cpu_seconds": round(sum(per_process.values()), 1),
            "cpu_by_process": per_process, "summary": stderr.strip().splitlines()[0]}


def _sample_cpu(proc: subprocess.Popen[str]) -> dict[str, float]:
    """CPU seconds of the command ("writer") and of each process under it, as last seen
    (a process's final tenth of a second may be missed)."""
    import psutil  # type: ignore[import-untyped]

    root, seen, kinds = psutil.Process(proc.pid), dict[int, float](), dict[int, str]()
    while proc.poll() is None:
        with contextlib.suppress(psutil.Error):
            for p in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    if p.pid not in kinds:
                        kinds[p.pid] = _kind(p, root)
                    times = p.cpu_times()
                    seen[p.pid] = times.user + times.system
        time.sleep(0.1)
    out: dict[str, float] = {}
    workers = 0
    for pid in sorted(seen):
        name = kinds[pid]
        if name == "worker":
            workers += 1
            name = f"worker {workers}"
        out[name] = round(out.get(name, 0.0) + seen[pid], 1)
    return out


def _kind(p: Any, root: Any) -> str:
    if p.pid == root.pid:
        return "writer"
    line = " ".join(p.cmdline())
    if "resource_tracker" in line:
        return "resource tracker"
    if "forkserver" in line and p.ppid() == root.pid:
        return "fork server"
    return "worker"


def scaling(reports: int) -> dict[str, object]:
    texts = corpus(reports, source_texts())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        write_jsonl(texts, path)
        runs = {n: run_command(path, Path(tmp) / f"w{n}.duckdb", n) for n in (1, 2)}
    seconds = {n: float(runs[n]["seconds"]) for n in runs}  # type: ignore[arg-type]
    cpu = {n: float(runs[n]["cpu_seconds"]) for n in runs}  # type: ignore[arg-type]
    return {"reports": reports, "cores": os.cpu_count(), "load_average": os.getloadavg(),
            "workers_1": runs[1], "workers_2": runs[2],
            "speedup": round(seconds[1] / seconds[2], 2),
            "cpu_ratio_2_to_1": round(cpu[2] / cpu[1], 2)}


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
        def _record(item: object) -> tuple[Record, Extra]:
            if not isinstance(item, Prepared):
                return item  # type: ignore[return-value]  # a settled outcome, passed on
            fp = item.fingerprint
            return Record(item.meta, text=item.text), Extra(item.raw_sha256, fp.exact,
                                                            fp.signature)

        def close(self) -> None:
            self.queue.clear()

    config = Config()
    with Store.open_writer(db) as store:
        run_id = store.start_run({})
    start = time.perf_counter()
    reset = _PeakReset()
    summary = drive(iter_inputs([corpus_path], config.ingest), Writer(db, config, 256),
                    NoModel(), run_id, on_progress=reset)  # type: ignore[arg-type]
    whole, run = reset.peaks_mb()
    print(json.dumps({"seconds": round(time.perf_counter() - start, 1), "peak_rss_mb": whole,
                      "peak_rss_after_first_chunk_mb": run, **summary.as_dict()}))


class _PeakReset:
    """Resets the process's peak RSS once, after the first chunk is written, so that the
    run's own peak can be told from start-up's (the language model's load sets the whole
    process's peak at 10,000 reports). Linux only (``/proc/self/clear_refs``, which resets
    ``ru_maxrss`` too: the peak before the reset is kept here)."""

    def __init__(self) -> None:
        self.before: int | None = None

    def __call__(self, _count: int) -> None:
        if self.before is None:
            self.before = _vm_hwm_mb()
            with open("/proc/self/clear_refs", "w") as fh:
                fh.write("5")

    def peaks_mb(self) -> tuple[int, int | None]:
        """(whole process, after the first chunk)."""
        now = _vm_hwm_mb()
        return (now, None) if self.before is None else (max(self.before, now), now)


def _vm_hwm_mb() -> int:
    with open("/proc/self/status") as fh:
        peak = next(line for line in fh if line.startswith("VmHWM:"))
    return int(peak.split()[1]) // 1024


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
    for key in ("peak_rss_mb", "peak_rss_after_first_chunk_mb"):
        peaks = [out[str(n)][key] for n in sizes]  # type: ignore[index]
        out[key.replace("_mb", "_ratio")] = round(peaks[-1] / peaks[0], 3)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="part", required=True)
    # 240 real-length reports take about 25 s on one worker, of which ~4 s are start-up;
    # 1,000 take about 100 s, closer to what a real corpus (hundreds of thousands) sees.
    sub.add_parser("scaling").add_argument("--reports", default="240,1000",
                                           help="corpus sizes, comma-separated")
    sub.add_parser("memory").add_argument("--sizes", default="10000,100000")
    child = sub.add_parser("memory-child")
    child.add_argument("corpus")
    child.add_argument("db")
    args = parser.parse_args()
    if args.part == "memory-child":
        memory_child(args.corpus, args.db)
        return
    result = ([scaling(int(n)) for n in args.reports.split(",")] if args.part == "scaling"
              else memory([int(s) for s in args.sizes.split(",")]))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
