"""Browser-test fixtures: a real database, a real ``ceasefire serve`` process and headless
Chromium with every request that leaves 127.0.0.1 cut off and recorded.

Screenshots go to ``test-artifacts/web/`` (git-ignored; ``$CEASEFIRE_TEST_ARTIFACTS``
overrides the folder) so a failed run in CI leaves something to look at.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import duckdb
import pytest

from ceasefire.web import is_built, static_dir

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CHROMIUM = Path(os.environ.get("CEASEFIRE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SERVER_START_S = 60.0  # the server only copies the file and opens it; seconds in practice

# A report written for these tests: markup and handlers in the title, the outlet, the URL
# and the body. Each one, if a view ever ran it, would set window.__injected.
INJECTION_REPORT = """\
Title: Shelling <script>window.__injected = "title"</script> hits <img src=x \
onerror="window.__injected='title-img'"> Tripoli suburb
Published: 2020-02-02
Source: Test Wire <b onmouseover="window.__injected='source'">bold</b>
URL: javascript:window.__injected='url'

TRIPOLI, Feb 2 — Forces loyal to Khalifa Haftar shelled the Abu Salim district of Tripoli \
on Saturday, killing 12 civilians, the health ministry said \
<script>window.__injected = "body"</script> in a statement.

Residents said rockets struck houses near the main market \
<img src=x onerror="window.__injected='body-img'"> and that ambulances took hours to reach \
the wounded.

The Government of National Accord accused the Libyan National Army of breaking the truce \
that took effect on January 12. The United Nations mission in Libya said it was alarmed by \
the attack and called on both sides to respect the ceasefire and return to talks in Geneva.
"""
INJECTION_FILE = "2020-02-02-tripoli-shelling-markup.txt"


@dataclass
class Corpus:
    db: Path
    injection_doc: str  # document id of the injection report


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """examples/ plus the injection report, run through the real pipeline into DuckDB."""
    folder = tmp_path_factory.mktemp("web-corpus")
    reports = folder / "inject"
    reports.mkdir()
    (reports / INJECTION_FILE).write_text(INJECTION_REPORT, encoding="utf-8")
    db = folder / "web.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "ceasefire", "run", str(EXAMPLES), str(reports), "--db", str(db)],
        capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT id FROM documents WHERE status = 'ok' AND path LIKE ?",
                          [f"%{INJECTION_FILE}"]).fetchone()
    assert row is not None, "the injection report was not processed"
    return Corpus(db, str(row[0]))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    base: str

    def api(self, path: str) -> Any:
        """GET /api/<path> as JSON over real HTTP."""
        with urllib.request.urlopen(f"{self.base}/api/{path}", timeout=30) as res:
            return json.load(res)

    def status(self, path: str) -> int:
        try:
            with urllib.request.urlopen(f"{self.base}/api/{path}", timeout=30) as res:
                return int(res.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)


@pytest.fixture(scope="session")
def server(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``ceasefire serve`` on the corpus, on a free loopback port, stopped at the end."""
    if not is_built():
        pytest.fail(f"the dashboard is not built in {static_dir()}: run `make install`")
    port = _free_port()
    log = tmp_path_factory.mktemp("web-server") / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ceasefire", "serve", "--db", str(corpus.db),
             "--port", str(port)], stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, proc, log)
        yield Server(base)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_until_up(base: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"ceasefire serve exited with {proc.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/api/stats", timeout=2) as res:
                if res.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"ceasefire serve did not answer within {SERVER_START_S:.0f} s")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = Path(os.environ.get("CEASEFIRE_TEST_ARTIFACTS", ROOT / "test-artifacts")) / "web"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        pytest.skip(f"no chromium at {CHROMIUM} (Debian package `chromium`; .ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Watch:
    """What a page did that a test must see: requests cut off, script errors, dialogs,
    CSP violations, and the API answers that failed."""

    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.blocked == [], f"requests left the machine: {self.blocked}"
        assert self.errors == [], f"page errors: {self.errors}"
        assert self.dialogs == [], f"dialogs opened (injected script ran?): {self.dialogs}"


@dataclass
class Tab:
    page: Any  # playwright.sync_api.Page
    watch: Watch
    server: Server

    def open(self, path: str) -> None:
        """Load a dashboard URL and wait until the view has replaced the loading line."""
        self.page.goto(self.server.base + path)
        self.page.wait_for_function(
            "() => document.querySelector('main .view') !== null "
            "&& !document.querySelector('main').hasAttribute('aria-busy')")


@pytest.fixture
def tab(browser: Any, server: Server, artifacts: Path,
        request: pytest.FixtureRequest) -> Iterator[Tab]:
    """A fresh page whose network stops at 127.0.0.1; screenshot saved after the test."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=server.base)
    watch = Watch()

    def gate(route: Any) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            watch.blocked.append(route.request.url)
            route.abort("internetdisconnected")

    context.route("**/*", gate)
    pg = context.new_page()
    pg.on("pageerror", lambda exc: watch.errors.append(str(exc)))
    pg.on("console", lambda msg: _console(msg, watch))
    pg.on("dialog", lambda dialog: (watch.dialogs.append(dialog.message), dialog.dismiss()))
    pg.on("response", lambda res: res.status >= 400 and watch.failed.append(
        f"{res.status} {res.url}"))
    try:
        yield Tab(pg, watch, server)
    finally:
        name = request.node.name.replace("/", "_").replace("[", "-").replace("]", "")
        pg.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
        context.close()


def _console(msg: Any, watch: Watch) -> None:
    # A CSP violation is only reported on the console; it means inline script or style.
    if msg.type == "error" and "Content Security Policy" in msg.text:
        watch.errors.append(msg.text)
