"""Load on the REST API: requests/s and p50/p99 latency of /api/events with filters.

    .venv/bin/python benchmarks/api_load.py [--events 100000] [--clients 32] [--seconds 10]
    .venv/bin/python benchmarks/api_load.py --db big.duckdb   # an existing database instead
    .venv/bin/python benchmarks/api_load.py --url http://127.0.0.1:8000   # a running server

The database is built at benchmark time, in a temporary folder, never in the repository:
``examples/`` goes through the real pipeline once (``run_into_store``), then its stored
reports are multiplied in SQL until there are at least ``--events`` events. Copy ``i`` of a
report gets new document, event and agreement ids (suffix ``~i``), its dates (events,
publication) moved ``i * 7`` days later, modulo ten years, and its places rotated ``i`` steps
through the pool of distinct places the examples name (a bijection per copy, so every place
row and the events that point at it stay consistent, and countries and coordinates vary).
Fingerprints are left empty on copies, so they take no part in duplicate detection.

The server is ``ceasefire serve`` in its own process on 127.0.0.1; this process is the load
generator. Each scenario draws its filter values at random from the served data (countries,
types and months from /api/stats, places and their coordinates from /api/places, actors
from /api/actors, words from a sample of evidence sentences, random page offsets), so no
two requests in a row repeat and no answer cache could stand in for the server. Per
scenario: ``--clients`` connections, each sending its next request (HTTP/1.1 keep-alive) as
soon as the last is answered, a warm-up, then ``--seconds`` measured; latency is taken from
send to last byte, and any non-200 answer is counted as an error.

The default client writes requests and reads answers on raw asyncio streams, because httpx
spends 1.5 to 2.5 ms of CPU per request (measured here), more than the server itself, which
on a small machine starves the server it measures. ``--client httpx`` uses httpx instead
(one AsyncClient, a pool of ``--clients`` connections) as a cross-check.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import duckdb
import httpx

ROOT = Path(__file__).resolve().parent.parent
SHIFT_DAYS = 7  # date shift between copies
SPAN_DAYS = 3650  # shifts wrap after ten years, so dates stay in a plausible range

# -- the database ---------------------------------------------------------------------------


def build(db: Path, events: int) -> dict[str, int]:
    """examples/ through the pipeline, then multiplied in SQL to at least ``events``."""
    from ceasefire.config import Config
    from ceasefire.ingest import iter_inputs
    from ceasefire.parallel import run_into_store

    config = Config()
    run_into_store(iter_inputs([str(ROOT / "examples")], config.ingest), db, config)
    con = duckdb.connect(str(db))
    try:
        base = con.execute("SELECT count(*) FROM events").fetchone()[0]
        copies = max(0, -(-events // max(base, 1)) - 1)
        _multiply(con, copies)
        con.execute("CHECKPOINT")
        return {name: con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
                for name in ("documents", "events", "actors", "places")}
    finally:
        con.close()


def _multiply(con: duckdb.DuckDBPyConnection, copies: int) -> None:
    from ceasefire.store.rows import CHILD_TABLES

    con.execute(f"CREATE TEMP TABLE k AS SELECT range AS i FROM range(1, {copies + 1})")
    con.execute("CREATE TEMP TABLE ok AS SELECT id FROM documents WHERE status = 'ok'")
    # The pool of distinct places and, per copy, each place's image in it.
    con.execute("""CREATE TEMP TABLE pool AS SELECT row_number() OVER (ORDER BY place_id) - 1
        AS r, * FROM (SELECT place_id, any_value(name) AS name, any_value(kind) AS kind,
        any_value(country) AS country, any_value(admin1) AS admin1, any_value(lat) AS lat,
        any_value(lon) AS lon, any_value(precision) AS precision FROM places GROUP BY 1)""")
    con.execute("""CREATE TEMP TABLE moved AS SELECT k.i, a.place_id AS old, b.* EXCLUDE (r)
        FROM pool a, k, pool b WHERE b.r = (a.r + k.i) % (SELECT count(*) FROM pool)""")
    con.execute(f"""INSERT INTO documents BY NAME SELECT d.* EXCLUDE (seq) REPLACE (
        d.path || '~' || k.i AS path, d.id || '~' || k.i AS id, NULL AS exact_key,
        NULL AS signature, {_shift('d.published')} AS published)
        FROM documents d, k WHERE d.status = 'ok'""")
    for table in CHILD_TABLES:
        _copy_rows(con, table)


def _shift(column: str) -> str:
    return (f"CASE WHEN {column} IS NULL THEN NULL ELSE {column} + "
            f"CAST((k.i * {SHIFT_DAYS}) % {SPAN_DAYS} AS INTEGER) END")


def _copy_rows(con: duckdb.DuckDBPyConnection, table: str) -> None:
    columns = {row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()}
    replace = ["t.doc_id || '~' || k.i AS doc_id"]
    joins = ""
    if table == "places":
        joins = " JOIN moved m ON m.i = k.i AND m.old = t.place_id"
        replace += [f"m.{c} AS {c}" for c in ("place_id", "name", "kind", "country", "admin1",
                                               "lat", "lon", "precision")]
    if table == "events":
        joins = " LEFT JOIN moved m ON m.i = k.i AND m.old = t.place_id"
        replace += ["t.event_id || '~' || k.i AS event_id", "m.place_id AS place_id",
                    _shift("t.date") + " AS date", _shift("t.end_date") + " AS end_date"]
    for column in ("agreement_id", "date", "end_date") if table.startswith("agreement") else ():
        if column in columns:
            replace.append(f"t.{column} || '~' || k.i AS {column}" if column == "agreement_id"
                           else f"{_shift('t.' + column)} AS {column}")
    con.execute(f"INSERT INTO {table} BY NAME SELECT t.* REPLACE ({', '.join(replace)}) "
                f"FROM {table} t JOIN ok ON ok.id = t.doc_id, k{joins}")


# -- the server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).with_name("ceasefire")
    with log.open("wb") as out:  # a file, not a pipe nobody reads, which could fill and block
        proc = subprocess.Popen([str(exe), "serve", "--db", str(db), "--port", str(port)],
                                stdout=subprocess.DEVNULL, stderr=out)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {log.read_text(errors='replace')}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not answer within 120 s")




# -- the scenarios --------------------------------------------------------------------------

URLS_PER_SCENARIO = 2000  # drawn up front, so drawing costs the clients nothing
WORD = re.compile(r"[A-Za-z]{4,}")


def scenarios(base: str, rng: random.Random) -> dict[str, list[str]]:
    """Per scenario, URLs of /api/events with filter values drawn from the served data: the
    dashboard's own requests (a page, a country, a type over a year, a map box, a word, an
    actor), one with every filter and a larger page, and a mix of all of them."""
    pick = Picker(base, rng)
    draws: dict[str, Callable[[], dict[str, object]]] = {
        "page, no filter": lambda: {"offset": pick.offset(pick.total)},
        "country": lambda: {"country": pick.country(), "offset": pick.offset(1000)},
        "type, one year": lambda: {"type": pick.type(), **pick.year()},
        "bbox": lambda: {"bbox": pick.box()},
        "text (a word)": lambda: {"text": pick.word()},
        "actor": lambda: {"actor": pick.actor()},
        "all filters, limit=200": lambda: {
            **pick.place_and_country(), "type": f"{pick.type()},{pick.type()}",
            "since": f"{pick.year()['since'][:4]}-01-01", "until": pick.years[-1] + "-12-31",
            "limit": 200},
    }
    urls = {name: [_url(draw()) for _ in range(URLS_PER_SCENARIO)]
            for name, draw in draws.items()}
    urls["mixed"] = [rng.choice(urls[name]) for name in rng.choices(list(draws),
                                                                      k=URLS_PER_SCENARIO)]
    return urls


def _url(params: dict[str, object]) -> str:
    return "/api/events?" + urlencode(params)


class Picker:
    """Random filter values, drawn from what the server says it holds."""

    def __init__(self, base: str, rng: random.Random) -> None:
        get = httpx.Client(base_url=base, timeout=120).get
        stats = get("/api/stats").json()
        self.rng = rng
        self.total = int(stats["events"])
        self.countries = [c["country"] for c in stats["by_country"]]
        self.types = [t["type"] for t in stats["by_type"]]
        self.years = sorted({m["month"][:4] for m in stats["by_month"]})
        self.places = [(p["lon"], p["lat"], p["country"]) for p in
                       get("/api/places", params={"limit": 1000}).json()["items"]
                       if p["lat"] is not None]
        self.actors = [a["id"] for a in get("/api/actors", params={"limit": 1000}).json()["items"]]
        sample = get("/api/events", params={"limit": 1000,
                                            "offset": rng.randrange(max(1, self.total - 1000))})
        self.words = sorted({w.lower() for e in sample.json()["items"]
                             for w in WORD.findall(e["evidence"]["text"])})

    def offset(self, below: int) -> int:
        return self.rng.randrange(max(1, below))

    def country(self) -> str:
        return self.rng.choice(self.countries)

    def type(self) -> str:
        return self.rng.choice(self.types)

    def year(self) -> dict[str, str]:
        year = self.rng.choice(self.years)
        return {"since": f"{year}-01-01", "until": f"{year}-12-31"}

    def place_and_country(self) -> dict[str, str]:
        """A box around a place, and its country (or any, for a place without one)."""
        place = self.rng.choice(self.places)
        return {"bbox": self.box(place), "country": place[2] or self.country()}

    def box(self, place: tuple[float, float, str | None] | None = None) -> str:
        lon, lat, _ = place or self.rng.choice(self.places)
        half = self.rng.uniform(1.0, 6.0)  # a country's to a region's width, in degrees
        return ",".join(f"{v:.2f}" for v in (max(-180.0, lon - half), max(-90.0, lat - half),
                                              min(180.0, lon + half), min(90.0, lat + half)))

    def word(self) -> str:
        return self.rng.choice(self.words)

    def actor(self) -> str:
        return self.rng.choice(self.actors)


# -- the load -------------------------------------------------------------------------------

Getter = Callable[[str], Awaitable[int]]  # GET a path; the status


async def raw_connection(host: str, port: int) -> tuple[Getter, Callable[[], None]]:
    """One keep-alive HTTP/1.1 connection on asyncio streams: a request written, then its
    head read to the blank line and its body by Content-Length (the server always sends it)."""
    reader, writer = await asyncio.open_connection(host, port)
    prefix, suffix = b"GET ", f" HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode()

    async def get(path: str) -> int:
        writer.write(prefix + path.encode() + suffix)
        head = await reader.readuntil(b"\r\n\r\n")
        length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
        if length is None:
            raise RuntimeError("an answer without Content-Length")
        await reader.readexactly(int(length.group(1)))
        return int(head[9:12])

    return get, writer.close


async def load(base: str, urls: list[str], clients: int, seconds: float, kind: str,
               rng: random.Random, pid: int | None) -> dict[str, float]:
    """Warm up, then ``seconds`` of ``clients`` connections sending back to back; with the
    server's CPU time per request (0 when its process ``pid`` is unknown) and this one's."""
    address = urlsplit(base)
    host, port = address.hostname or "127.0.0.1", address.port or 80
    http = httpx.AsyncClient(base_url=base, timeout=60, limits=httpx.Limits(
        max_connections=clients, max_keepalive_connections=clients))
    latencies: list[float] = []
    errors = 0

    async def client(deadline: float, keep: bool) -> None:
        nonlocal errors
        if kind == "raw":
            get, close = await raw_connection(host, port)
        else:
            async def get(path: str) -> int:
                return (await http.get(path)).status_code
            close = None
        try:
            while (now := time.perf_counter()) < deadline:
                status = await get(rng.choice(urls))
                if keep:
                    latencies.append(time.perf_counter() - now)
                    errors += status != 200
        finally:
            if close is not None:
                close()

    warm = time.perf_counter() + min(2.0, seconds)
    await asyncio.gather(*(client(warm, False) for _ in range(clients)))
    server, mine = cpu_seconds(pid), time.process_time()
    began = time.perf_counter()
    await asyncio.gather(*(client(began + seconds, True) for _ in range(clients)))
    elapsed = time.perf_counter() - began
    per_request = 1000 / max(1, len(latencies))
    server, mine = cpu_seconds(pid) - server, time.process_time() - mine
    await http.aclose()
    cuts = statistics.quantiles(latencies, n=100)
    return {"requests": len(latencies), "errors": errors, "rps": len(latencies) / elapsed,
            "p50_ms": cuts[49] * 1000, "p99_ms": cuts[98] * 1000,
            "server_cpu_ms_per_request": server * per_request,
            "client_cpu_ms_per_request": mine * per_request}


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU time of process ``pid`` so far (Linux); 0 when unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_all(base: str, args: argparse.Namespace, pid: int | None) -> dict[str, dict[str, object]]:
    rng = random.Random(args.seed)
    plan = scenarios(base, rng)
    print(f"{args.clients} clients ({args.client}), {args.seconds:.0f} s per scenario, "
          f"cpus={os.cpu_count()}, load average {_load()}")
    print(f"{'scenario':<24} {'matches':>8} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
          f"{'errors':>6} {'server cpu ms/req':>17} {'client':>6}")
    results: dict[str, dict[str, object]] = {}
    for name, urls in plan.items():
        if args.only and args.only not in name:
            continue
        matches = statistics.median(httpx.get(base + u, timeout=60).json()["total"]
                                    for u in urls[:25])
        found = asyncio.run(load(base, urls, args.clients, args.seconds, args.client, rng, pid))
        cpu, client = found["server_cpu_ms_per_request"], found["client_cpu_ms_per_request"]
        results[name] = {"example": urls[0], "median_matches": matches, **found,
                         "load_average": _load()}
        print(f"{name:<24} {matches:>8.0f} {found['rps']:>7.0f} {found['p50_ms']:>7.1f} "
              f"{found['p99_ms']:>7.1f} {found['errors']:>6.0f} {cpu:>17.2f} {client:>6.2f}",
              flush=True)
    return results


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="an existing database (default: build one)")
    parser.add_argument("--url", help="measure a server already running there instead")
    parser.add_argument("--pid", type=int, help="with --url: the server's process, to report "
                                                "its CPU time per request")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--client", choices=("raw", "httpx"), default="raw")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", help="run only the scenarios whose names contain this")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    results = run_all(args.url.rstrip("/"), args, args.pid) if args.url else _with_server(args)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def _with_server(args: argparse.Namespace) -> dict[str, dict[str, object]]:
    with tempfile.TemporaryDirectory(prefix="ceasefire-api-bench-") as tmp:
        db = args.db or Path(tmp) / "bench.duckdb"
        if args.db is None:
            started = time.perf_counter()
            counts = build(db, args.events)
            print(f"built {db.name}: {counts} in {time.perf_counter() - started:.1f} s "
                  f"({db.stat().st_size / 1e6:.0f} MB)", flush=True)
        port = free_port()
        server = start_server(db, port, Path(tmp) / "server.log")
        try:
            return run_all(f"http://127.0.0.1:{port}", args, server.pid)
        finally:
            server.terminate()
            server.wait(30)


if __name__ == "__main__":
    main()
