"""The runner and the report: selection, skipping, splits, limits, tables and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ceasefire.errors import UsageError
from ceasefire.eval import petrarch2
from ceasefire.eval.metrics import Score
from ceasefire.eval.predict import Predictor
from ceasefire.eval.report import as_json, format_set
from ceasefire.eval.runner import SETS, Options, SetResult, chosen_cases, run_eval, select_sets
from ceasefire.eval.split import split_of

# Sentences written for this test, in the petrarch2 set's file format.
SENTENCES = [
    "The foreign minister of Ruritania visited Paris on Monday for talks.",
    "Government troops shelled rebel positions outside the northern town.",
    "The two parties signed a ceasefire agreement in Geneva.",
    "Police arrested twelve protesters near the parliament building.",
    "The president condemned the attack on the convoy.",
    "Rebels seized two villages after heavy fighting, residents said.",
]


def _petrarch_folder(root: Path) -> Path:
    folder = root / petrarch2.NAME
    folder.mkdir(parents=True)
    rows = [{"id": f"T{i}", "date": "20200114", "text": text,
             "event_codings": [{"eventcode": "190"}]} for i, text in enumerate(SENTENCES)]
    (folder / petrarch2.FILE).write_text("".join(json.dumps(r) + "\n" for r in rows),
                                         encoding="utf-8")
    return folder


def _no_model() -> Predictor:
    raise AssertionError("the model must not load when no set has data")


def test_select_sets_keeps_report_order_and_rejects_unknown_names() -> None:
    names = [s.name for s in select_sets(["ucdp-aec-validation-text", "plover-gsr-cameo"])]
    assert names == ["plover-gsr-cameo", "ucdp-aec-validation-text"]
    assert len(select_sets([])) == len([s for s in SETS if not s.opt_in])
    # tuning material runs only when named
    silver = "event-location-halterman-silver"
    assert silver not in [s.name for s in select_sets([])]
    assert [s.name for s in select_sets([silver])] == [silver]
    with pytest.raises(UsageError, match="unknown gold set"):
        select_sets(["no-such-set"])


def test_absent_data_skips_every_set_with_the_reason(tmp_path: Path) -> None:
    lines: list[str] = []
    # Sets on the shared data root (examples-merging reads the project's own examples/).
    shared = tuple(s.name for s in SETS if s.folder is None)
    results = run_eval(Options(sets=shared, data=tmp_path), predictor=_no_model,
                       progress=lines.append)
    assert [r.status for r in results] == ["skipped"] * len(shared)
    assert all("data absent" in (r.reason or "") for r in results)
    assert len(lines) == len(shared)
    assert "SKIPPED" in format_set(results[0])


def test_limit_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        run_eval(Options(data=tmp_path, limit=0), predictor=_no_model)


def test_chosen_cases_follow_split_and_limit(tmp_path: Path) -> None:
    folder = _petrarch_folder(tmp_path)
    gold_set = select_sets([petrarch2.NAME])[0]
    every = chosen_cases(gold_set, folder, Options())
    assert len(every) == len(SENTENCES)
    test = chosen_cases(gold_set, folder, Options(split="test"))
    assert all(split_of(petrarch2.NAME, c.key) == "test" for c in test)
    assert [c.key for c in chosen_cases(gold_set, folder, Options(limit=2))] == ["T0", "T1"]


def test_report_table_and_json() -> None:
    result = SetResult("demo", "ok", None, ("acc", "f1"), {"dev": 3, "test": 2},
                       {"acc": {"dev": Score(0.5, 3), "test": Score(None, 0)}, "f1": {}})
    table = format_set(result)
    assert "dev 3, test 2 rows" in table and "0.500 (3)" in table
    data = as_json([result], None)
    assert data["sets"]["demo"]["scores"]["acc"]["test"] == {"value": None, "n": 0}
    assert "floors" not in data


@pytest.mark.slow
def test_run_eval_end_to_end_on_rows_written_here(tmp_path: Path) -> None:
    _petrarch_folder(tmp_path)
    (result,) = run_eval(Options(sets=(petrarch2.NAME,), data=tmp_path))
    assert result.status == "ok" and result.rejected == 0
    assert sum(result.rows.values()) == len(SENTENCES)
    for split in result.rows:
        score = result.scores["root_agreement"][split]
        assert score.n == result.rows[split]
        assert score.value is not None and 0.0 <= score.value <= 1.0
