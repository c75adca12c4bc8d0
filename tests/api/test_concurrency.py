"""The server keeps answering while `ceasefire run` adds reports to the same file, and in
the end shows every one of them (docs/concurrency.md, "Server")."""

from __future__ import annotations

import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from ceasefire.store.duckdb import Store

from .conftest import CEASEFIRE, EXAMPLES, Server

pytestmark = pytest.mark.slow


def _copies(tmp_path: Path, n: int = 200) -> Path:
    """Many more inputs than one write batch holds, so the writer takes and releases the
    file several times during the run: retitled copies of the example reports (stored as
    near duplicates, quickly, after the originals)."""
    folder = tmp_path / "copies"
    folder.mkdir()
    reports = sorted((EXAMPLES / "reports").rglob("*.txt"))
    for i in range(n):
        text = reports[i % len(reports)].read_text(encoding="utf-8")
        (folder / f"copy-{i:03d}.txt").write_text(f"Title: Copy {i}\n\n{text}", encoding="utf-8")
    return folder


def _poll(server: Server, stop: threading.Event, seen: Counter[int], counts: list[int]) -> None:
    with server.client() as http:
        while not stop.is_set():
            for path in ("/api/stats", "/api/events?country=LBY&limit=20"):
                response = http.get(path)
                seen[response.status_code] += 1
                if path == "/api/stats" and response.status_code == 200:
                    counts.append(sum(response.json()["documents"].values()))


def test_server_answers_while_a_run_writes(tmp_path: Path, server_factory) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "live.duckdb"
    subprocess.run([CEASEFIRE, "run", str(EXAMPLES / "reports"), "--db", str(db),
                    "--no-progress"], check=True, capture_output=True, timeout=600)
    server = server_factory(db)
    stop, seen, counts = threading.Event(), Counter[int](), []
    poller = threading.Thread(target=_poll, args=(server, stop, seen, counts))
    poller.start()
    try:
        run = subprocess.run([CEASEFIRE, "run", str(EXAMPLES), str(_copies(tmp_path)),
                              "--db", str(db), "--no-progress"],
                             capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stderr
        with Store(db, read_only=True) as store:
            stored = sum(store.counts().values())
        deadline = time.monotonic() + 30
        while (not counts or counts[-1] != stored) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        stop.set()
        poller.join()
    assert counts[-1] == stored  # nothing lost: the API shows every report
    assert counts[0] < stored
    assert set(seen) == {200}, seen  # no 5xx (nor anything else) while the run wrote
    assert seen[200] > 10
