"""ucdp-ged-headlines: the UCDP GED event behind a source headline (Syria and CAR).

Gold: UCDP GED rows that quote their source's headline, read in place from the two CSV
files. The text analysed is the headline (several headlines of one row, separated by ";"
in the file, become lines of one text), published on the row's ``source_date``. A row
without a headline is not a case. Headlines are terse, so this set mostly measures what a
headline alone supports; fields UCDP took from the article body are misses by design.

The two files hold about 18,000 rows; the harness scores a fixed sample of about one row in
eighteen (about 1,000 rows), chosen by a salted hash of the row id
(:func:`ceasefire.eval.cases.sample_keep`), so every run and machine scores the same rows
and the whole evaluation stays within minutes on two cores. Scores: :mod:`ceasefire.eval.ucdp`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ceasefire.eval import ucdp
from ceasefire.eval.cases import Case, GoldSet, read_delimited, sample_keep

NAME = "ucdp-ged-headlines"
FILES = ("ged191_syria_2016-2019.csv", "ged231_central_african_republic.csv")
# One row in SAMPLE_MODULUS is scored: 18,185 rows with a headline / 18 = about 1,000,
# which the CPU runs in under a minute (see docs/evaluation.md for timings).
SAMPLE_MODULUS = 18


def read(folder: Path) -> list[Case[Any]]:
    cases: list[Case[Any]] = []
    for name in FILES:
        for row in read_delimited(folder / name):
            headline = "\n".join(h.strip() for h in row["source_headline"].split(";")
                                 if h.strip())
            if headline:
                cases.append(Case(str(row["id"]).strip(), headline,
                                  _day_text(row["source_date"]), _gold(row)))
    return cases


def _gold(row: dict[str, str]) -> ucdp.UcdpGold:
    return ucdp.UcdpGold(
        side_a=row["side_a"], side_b=row["side_b"], country=row["country"],
        admin1=row["adm_1"].strip(), start=_day(row["date_start"]), end=_day(row["date_end"]),
        low=_int(row["low"]), high=_int(row["high"]),
    )


def _day_text(text: str) -> str | None:
    day = _day(text)
    return day.isoformat() if day else None


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _int(text: str) -> int | None:
    try:
        return int(float(text))
    except ValueError:
        return None


SET = GoldSet(
    name=NAME,
    files=FILES,
    scores=ucdp.SCORES,
    read=read,
    score=ucdp.score,
    keep=sample_keep(NAME, SAMPLE_MODULUS),
)
