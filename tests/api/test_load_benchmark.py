"""benchmarks/api_load.py runs against a real server and reports what it measured."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, Server

pytestmark = pytest.mark.slow


def test_load_benchmark_measures_a_running_server(server: Server, tmp_path: Path) -> None:
    out = tmp_path / "load.json"
    pid = str(server.process.pid)
    for client in ("raw", "httpx"):
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "api_load.py"), "--url",
                        server.url, "--pid", pid, "--seconds", "0.5", "--clients", "4",
                        "--client", client, "--only", "country", "--json", str(out)],
                       check=True, capture_output=True, timeout=300)
        (result,) = json.loads(out.read_text()).values()
        assert result["errors"] == 0 and result["requests"] > 0
        assert 0 < result["p50_ms"] <= result["p99_ms"]
        assert result["server_cpu_ms_per_request"] >= 0
        assert result["example"].startswith("/api/events?country=")
