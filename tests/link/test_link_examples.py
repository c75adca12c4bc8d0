"""End to end on examples/: linking in two batches equals one run, and the Libya story."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ceasefire.cli import run_cli
from ceasefire.query import agreement_board, agreement_timeline
from ceasefire.store.duckdb import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FIRST = [str(EXAMPLES / "reports"), str(EXAMPLES / "corpus.jsonl")]
SECOND = [str(EXAMPLES / "html")]


def _links(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    with Store(db, read_only=True) as store:
        return {t: store.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                for t in ("event_clusters", "event_cluster_members", "linked_agreements",
                          "linked_agreement_members")}


@pytest.mark.slow
def test_two_batches_link_like_one_run(tmp_path: Path) -> None:
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    published = ["--published", "2020-01-14"]  # only for the one report without a date
    assert run_cli(["run", *FIRST, *SECOND, "--db", str(one), "--no-progress", *published]) == 0
    # The same order of reports, so that duplicate detection keeps the same copies; the
    # second batch brings reports dated before some of the first's (13-22 Jan after 26 Jan).
    assert run_cli(["run", *FIRST, "--db", str(two), "--no-progress", *published]) == 0
    assert run_cli(["run", *SECOND, "--db", str(two), "--no-progress", *published]) == 0
    expected = _links(one)
    assert expected["event_clusters"] and expected["linked_agreements"]
    assert _links(two) == expected
    with Store(one, read_only=True) as store:
        board = agreement_board(store)
        # Reports of one agreement are linked: some agreement draws on several reports,
        # and every timeline entry carries its source report and a real evidence span.
        assert max(row["n_sources"] for row in board) >= 3
        for row in board:
            timeline = agreement_timeline(store, row["id"])
            assert timeline is not None
            for action in timeline["actions"]:
                assert action["doc_id"] and action["evidence"]["text"]
