"""ucdp-aec-validation-text: the UCDP event a whole news article was coded for.

Gold: 208 records of the UCDP-AEC validation split with their article text, read in place.
Each article is analysed with its ``source_date`` as the publication date. Scores:
:mod:`ceasefire.eval.ucdp` (how they relate to UCDP-AEC's own scorer is written there and
in docs/evaluation.md).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ceasefire.eval import ucdp
from ceasefire.eval.cases import Case, GoldSet, read_jsonl, unique_keys

NAME = "ucdp-aec-validation-text"
FILE = "validation_with_text.jsonl"


def read(folder: Path) -> list[Case[Any]]:
    rows = read_jsonl(folder / FILE)
    keys = unique_keys(str(r["id"]) for r in rows)
    return [Case(k, r["source_article"], _day_text(r.get("source_date")), _gold(r))
            for k, r in zip(keys, rows, strict=True)]


def _gold(row: dict[str, Any]) -> ucdp.UcdpGold:
    return ucdp.UcdpGold(
        side_a=str(row["side_a_name"]), side_b=str(row["side_b_name"]),
        country=str(row["location_root_name"]), admin1=str(row["location_adm1_name"]).strip(),
        start=_day(row.get("start_date")), end=_day(row.get("end_date")),
        low=row.get("deaths_low"), high=row.get("deaths_high"),
    )


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value).strip()[:10]) if value else None
    except ValueError:
        return None


def _day_text(value: Any) -> str | None:
    day = _day(value)
    return day.isoformat() if day else None


SET = GoldSet(name=NAME, files=(FILE,), scores=ucdp.SCORES, read=read, score=ucdp.score)
