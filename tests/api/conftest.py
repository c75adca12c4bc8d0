"""Real parts for the API tests: a database built from examples/ by `ceasefire run`, and
`ceasefire serve` processes on free loopback ports."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CEASEFIRE = str(Path(sys.executable).with_name("ceasefire"))
TOKEN = "test-token-0123456789abcdef"


def run_examples(db: Path, *paths: Path) -> None:
    subprocess.run([CEASEFIRE, "run", *map(str, paths or (EXAMPLES,)), "--db", str(db),
                    "--no-progress"], check=True, capture_output=True, timeout=600)


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/ processed once per session; tests that write copy it first."""
    db = tmp_path_factory.mktemp("examples") / "examples.duckdb"
    run_examples(db)
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    db: Path
    process: subprocess.Popen[bytes]

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, **kwargs)  # type: ignore[arg-type]


def start_server(db: Path, *, token: str | None = None, extra: tuple[str, ...] = ()) -> Server:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "CEASEFIRE_TOKEN"}
    if token:
        env["CEASEFIRE_TOKEN"] = token
    process = subprocess.Popen([CEASEFIRE, "serve", "--db", str(db), "--port", str(port),
                                *extra], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    server = Server(f"http://127.0.0.1:{port}", db, process)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            err = process.stderr.read().decode() if process.stderr else ""
            raise RuntimeError(f"server exited with {process.returncode}: {err}")
        try:
            if httpx.get(server.url + "/api/stats", timeout=5).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    stop_server(server)
    raise RuntimeError("server did not start within 60 s")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="session")
def server(examples_db: Path) -> Iterator[Server]:
    """A read-only server (no token) over the examples database."""
    running = start_server(examples_db)
    yield running
    stop_server(running)


@pytest.fixture
def writable_db(examples_db: Path, tmp_path: Path) -> Path:
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(examples_db, db)
    return db


@pytest.fixture
def server_factory() -> Iterator[Callable[..., Server]]:
    started: list[Server] = []

    def make(db: Path, **kwargs: object) -> Server:
        started.append(start_server(db, **kwargs))  # type: ignore[arg-type]
        return started[-1]

    yield make
    for running in started:
        stop_server(running)
