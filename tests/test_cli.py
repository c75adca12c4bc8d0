"""End to end through the command line, on the bundled examples, the shared example and bad
inputs made here. Runs in-process (one model load) except where the exit itself is tested."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from ceasefire.cli import EXIT_OK, EXIT_STRICT, EXIT_USAGE, run_cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED_EXAMPLE = ROOT.parent / "shared" / "examples" / "libya-moscow-talks.txt"

pytestmark = pytest.mark.slow


def _spans(record: dict[str, Any]) -> list[dict[str, Any]]:
    spans = [m for key in ("actors", "places") for item in record[key] for m in item["mentions"]]
    spans += record["times"]
    spans += [q["evidence"] for q in record["quantities"]]
    return spans


def _extract(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    assert run_cli(["extract", *args]) == EXIT_OK
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_extract_examples_every_span_points_into_the_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    records = _extract(capsys, str(EXAMPLES))
    assert len(records) >= 20
    ok = [r for r in records if r["status"] == "ok"]
    assert len(ok) >= 20
    for record in ok:
        for span in _spans(record):
            assert record["text"][span["start"] : span["end"]] == span["text"]
    assert all(r["schema_version"] == 1 for r in records)


def test_extract_shared_example(capsys: pytest.CaptureFixture[str]) -> None:
    if not SHARED_EXAMPLE.exists():
        pytest.skip(f"{SHARED_EXAMPLE} is absent")
    (record,) = _extract(capsys, str(SHARED_EXAMPLE), "--published", "2020-01-14")
    assert record["document"]["published"] == "2020-01-14"
    assert "Related Articles" not in record["text"]
    assert "(Photo by" not in record["text"]
    actors = {a["id"] for a in record["actors"]}
    assert {"act:haftar", "act:sarraj", "act:lavrov", "act:un", "act:gna"} <= actors
    places = {p["name"]: p["country"] for p in record["places"]}
    assert places["Tripoli"] == "LBY" and places["Moscow"] == "RUS"
    sundays = sorted(t["date"] for t in record["times"] if t["text"].endswith("Sunday"))
    assert sundays == ["2020-01-12", "2020-01-19"]
    killed = {q["victims"]: q for q in record["quantities"] if q["kind"] == "killed"}
    assert killed["civilians"]["low"] == 280 and killed["fighters"]["best"] == 2000
    for span in _spans(record):
        assert record["text"][span["start"] : span["end"]] == span["text"]


def test_extract_json_array_and_stdin(capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text("Rebels shelled the town of Kidal on Friday, killing four soldiers, "
                      "the army said in a statement.")
    assert run_cli(["extract", str(report), "--format", "json"]) == EXIT_OK
    (record,) = json.loads(capsys.readouterr().out)
    assert record["status"] == "ok"
    with report.open("rb") as fh:
        monkeypatch.setattr(sys, "stdin", type("S", (), {"buffer": fh})())
        (piped,) = _extract(capsys, "-")
    assert piped["text"] == record["text"]


def _bad_inputs(folder: Path) -> None:
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (folder / "french.txt").write_text(
        "Les forces gouvernementales ont repris le contrôle de la ville après trois jours de "
        "combats intenses, selon un porte-parole de l'armée qui a parlé aux journalistes.")
    (folder / "table.csv").write_text("headline,body\nA,B\n")
    good = json.dumps({"text": "Militants attacked a police post near Gao on Monday, killing "
                       "two officers, the regional governor said.", "published": "2021-03-02"})
    (folder / "corpus.jsonl").write_text(good + "\n{not json\n")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not a report")
    (folder / "long.txt").write_text("The talks went on. " * 120)


def test_run_bad_inputs_summary_adds_up(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _bad_inputs(tmp_path / "in")
    db = tmp_path / "bad.duckdb"
    command = ["run", str(tmp_path / "in"), "--db", str(db), "--no-progress", "--max-chars", "2000"]
    assert run_cli(command) == EXIT_OK
    err = capsys.readouterr().err
    assert "8 inputs: 1 processed, 0 duplicates, 7 rejected" in err
    con = duckdb.connect(str(db), read_only=True)
    codes = dict(con.execute("SELECT reason_code, count(*) FROM documents GROUP BY 1").fetchall())
    con.close()
    assert codes == {None: 1, "E_EMPTY": 1, "E_BINARY": 1, "E_LANGUAGE": 1,
                     "E_NO_TEXT_FIELD": 1, "E_BAD_JSON": 1, "E_UNSUPPORTED": 1, "E_TOO_LARGE": 1}
    strict = ["run", str(tmp_path / "in"), "--db", str(tmp_path / "s.duckdb"), "--strict"]
    assert run_cli(strict) == EXIT_STRICT


def test_run_examples_then_rerun_changes_nothing(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "demo.duckdb")
    assert run_cli(["run", str(EXAMPLES), "--db", db, "--no-progress"]) == EXIT_OK
    first = capsys.readouterr().err
    assert "duplicates" in first and " 0 rejected" in first
    snapshot = _table_counts(db)
    assert run_cli(["run", str(EXAMPLES), "--db", db, "--no-progress"]) == EXIT_OK
    assert "already in the store, unchanged" in capsys.readouterr().err
    assert _table_counts(db) == snapshot
    assert run_cli(["summary", "--db", db]) == EXIT_OK
    summary = capsys.readouterr().out
    assert "Khalifa Haftar" in summary
    events = re.search(r"^Events: (\d+) \([A-Z]+ \d+", summary, re.M)
    assert events and int(events.group(1)) == _count(db, "events") > 0
    agreements = re.search(r"^Across reports: (\d+) agreements", summary, re.M)
    assert agreements and int(agreements.group(1)) == _count(db, "linked_agreements") > 0
    out = str(tmp_path / "o.jsonl")
    assert run_cli(["export", "--db", db, "--format", "json", "--out", out]) == EXIT_OK
    lines = (tmp_path / "o.jsonl").read_text().splitlines()
    assert len(lines) == snapshot["documents"]


def _count(db: str, table: str) -> int:
    con = duckdb.connect(db, read_only=True)
    try:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])
    finally:
        con.close()


def _table_counts(db: str) -> dict[str, int]:
    con = duckdb.connect(db, read_only=True)
    tables = ("documents", "actors", "places", "mentions", "times", "quantities")
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in tables}
    con.close()
    return counts


def test_misuse_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "ceasefire", "run", str(tmp_path / "nope"), "--db",
               str(tmp_path / "x.duckdb")]
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    assert proc.returncode == EXIT_USAGE
    assert "Traceback" not in proc.stderr and "nope" in proc.stderr
    assert run_cli(["summary", "--db", str(tmp_path / "missing.duckdb")]) == EXIT_USAGE
    assert run_cli(["extract", str(tmp_path), "--published", "14/01/2020"]) == EXIT_USAGE
