"""Each gold-set reader on a few rows written here, in the set's file format (no shared data).

The sentences are made up for these tests; they only need the shape of the real files.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import spacy

from ceasefire.eval import case2021, halterman, petrarch2, plover, ucdp_aec, ucdp_ged
from ceasefire.schema import Span


def _jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path.parent


def test_plover_reader_skips_the_documentation_record(tmp_path: Path) -> None:
    folder = _jsonl(tmp_path / plover.FILE, [
        {"id": "DOC-1", "event": "DOCUMENT", "eventText": "notes"},
        {"id": "X-1", "event": "DEMAND", "text": "Ruritania asked Freedonia for talks.",
         "source": [{"actorText": "Ruritania", "code": "RUR", "sector": "GOVmin"}],
         "target": [{"actorText": "Freedonia", "code": "IGO"}]},
        {"id": "X-1", "event": "FIGHT", "text": "Troops fought rebels.", "target": "rebels"},
    ])
    cases = plover.read(folder)
    assert [c.key for c in cases] == ["X-1", "X-1#2"]
    first = cases[0].gold
    assert first.type == "DEMAND" and first.source[0].sector == "GOVmin"
    assert cases[1].gold.target == ()  # a bare string is not a coded actor
    assert plover.plover_type("DEMAND") == "REQUEST" == plover.plover_type("request")
    assert plover.gold_sectors(first.source + first.target) == {"GOV", "IGO"}
    # "RUR" is no ISO country and IGO is an organisation: no country to score
    assert plover.gold_countries(first.source + first.target) == set()


def test_case2021_reader(tmp_path: Path) -> None:
    path = tmp_path / case2021.FILE
    path.write_text("id\tEventSnippet\tSubType\n"
                    "1\tA car bomb went off near a market.\tREM_EXPLOS \n"
                    "2\tHeavy rain flooded two valleys.\tNATURAL_DISASTER\n", encoding="utf-8")
    cases = case2021.read(tmp_path)
    assert [(c.key, c.gold) for c in cases] == [("1", "REM_EXPLOS"), ("2", "NATURAL_DISASTER")]
    assert cases[0].published is None


def test_halterman_reader_keeps_relabelled_rows_with_a_verb(tmp_path: Path) -> None:
    text = "Gunmen attacked a convoy near Sorrento on Monday."
    folder = _jsonl(tmp_path / halterman.FILE, [
        {"id": 7, "source": "RELABEL", "text": text,
         "verb": [{"start": 7, "end": 15, "text": "attacked"}],
         "locations": [{"start": 30, "end": 38, "text": "Sorrento"}]},
        {"id": 8, "source": "APW_RA", "text": text, "verb": [], "locations": []},
        {"id": 9, "source": "RELABEL", "text": text, "verb": [], "locations": []},
        {"id": 7, "source": "RELABEL", "text": text,
         "verb": [{"start": 7, "end": 15, "text": "attacked"}],
         "locations": [{"start": 1, "end": 2, "text": "u"}]},
    ])
    cases = halterman.read(folder)
    assert [c.key for c in cases] == ["7", "7#2"]
    gold = cases[0].gold
    assert gold.verb == Span(7, 15, "attacked")
    assert gold.locations == (Span(30, 38, "Sorrento"),) and gold.scorable
    assert text[gold.verb.start:gold.verb.end] == gold.verb.text
    # tokens 1..2 read "attacked a": not a place name, so the span is lost and the row,
    # which had a location, is not scored for it
    lost = cases[1].gold
    assert lost.locations == () and lost.lost == 1 and not lost.scorable


def test_halterman_silver_reader_leaves_out_gold_texts(tmp_path: Path) -> None:
    gold_text = "Gunmen attacked a convoy near Sorrento on Monday."
    other = "Troops shelled a village outside Amalfi on Friday."
    verb = [{"start": 7, "end": 15, "text": "attacked"}]
    shelled = [{"start": 7, "end": 14, "text": "shelled"}]
    folder = _jsonl(tmp_path / halterman.FILE, [
        {"id": 1, "source": "RELABEL", "text": gold_text, "verb": verb, "locations": []},
        # the same sentence in a research-assistant batch, spaced otherwise: left out
        {"id": 2, "source": "APW_RA", "text": gold_text.replace(" ", "  "), "verb": verb,
         "locations": []},
        {"id": 3, "source": "AFP_RA", "text": other, "verb": shelled, "locations": []},
        {"id": 4, "source": "Xinhua_RA", "text": other, "verb": shelled, "locations": []},
        {"id": 5, "source": "wiki", "text": "Troops shelled a town.", "verb": shelled,
         "locations": []},
        {"id": 6, "source": "AP", "text": "Troops shelled a town.", "verb": shelled,
         "answer": "reject", "locations": []},
    ])
    cases = halterman.read_silver(folder)
    assert [c.key for c in cases] == ["3#2"]  # row 4 repeats row 3's sentence and verb
    assert cases[0].gold.verb == Span(7, 14, "shelled")


@pytest.mark.parametrize(("start", "end", "expected"), [
    (30, 38, "Sorrento"),  # characters on word boundaries: as stored
    (5, 5, "Sorrento"),  # zero length: token 5, inclusive end
    (31, 32, None),  # "o" is inside a word: tokens 31..32 do not exist
    (0, 0, "Gunmen"),
    (3, 3, None),  # token 3 is "convoy": not a name
])
def test_halterman_gold_span_readings(start: int, end: int, expected: str | None) -> None:
    text = "Gunmen attacked a convoy near Sorrento on Monday."
    span = halterman.gold_span(text, {"start": start, "end": end}, spacy.blank("en").tokenizer)
    if expected is None:
        assert span is None
    else:
        assert span is not None and span.text == expected
        assert text[span.start:span.end] == span.text


def test_petrarch2_reader_dates_and_roots(tmp_path: Path) -> None:
    folder = _jsonl(tmp_path / petrarch2.FILE, [
        {"id": "S1", "date": "20080806", "text": "The envoy visited the capital.",
         "event_codings": [{"eventcode": "042"}, {"eventcode": "0431"}]},
        {"id": "S2", "date": "bad", "text": "Nothing happened.",
         "event_codings": [{"noevents": "True"}]},
    ])
    cases = petrarch2.read(folder)
    assert cases[0].published == "2008-08-06" and cases[0].gold == {"04"}
    assert cases[1].published is None and cases[1].gold == frozenset()
    assert petrarch2.cameo_root("190") == "19" and petrarch2.cameo_root(None) is None


def test_ucdp_ged_reader_joins_headlines_and_skips_rows_without(tmp_path: Path) -> None:
    header = ("id,side_a,side_b,country,adm_1,date_start,date_end,low,high,"
              "source_headline,source_date")
    rows = [
        '11,Government of Syria,IS,Syria,Homs Governorate,2016-03-01,2016-03-02,2,4,'
        '"Shelling hits a village;Clashes go on",2016-03-02',
        "12,IS,Civilians,Syria,,2016-03-05T00:00:00,2016-03-05T00:00:00,1,1,,2016-03-05",
    ]
    for name in ucdp_ged.FILES:
        (tmp_path / name).write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    cases = ucdp_ged.read(tmp_path)
    assert [c.key for c in cases] == ["11", "11"]  # one per file; row 12 has no headline
    case = cases[0]
    assert case.text == "Shelling hits a village\nClashes go on"
    assert case.published == "2016-03-02"
    gold = case.gold
    assert (gold.start, gold.end, gold.low, gold.high) == (
        date(2016, 3, 1), date(2016, 3, 2), 2, 4)
    assert gold.admin1 == "Homs Governorate"


def test_ucdp_aec_reader(tmp_path: Path) -> None:
    folder = _jsonl(tmp_path / ucdp_aec.FILE, [{
        "id": 5, "source_article": "Title\nBody text.", "source_date": "2021-02-22 00:00",
        "side_a_name": "Government of Syria", "side_b_name": "Civilians",
        "location_root_name": "Syria", "location_adm1_name": " Idlib governorate ",
        "start_date": "2021-02-21", "end_date": "2021-02-21", "deaths_low": 1,
        "deaths_high": 3,
    }])
    (case,) = ucdp_aec.read(folder)
    assert case.key == "5" and case.published == "2021-02-22"
    assert case.gold.admin1 == "Idlib governorate" and case.gold.high == 3
