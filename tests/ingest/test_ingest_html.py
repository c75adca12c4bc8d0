"""HTML pages: body, metadata and date; and a measured check on the shared gold sets."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from ceasefire.errors import E_EMPTY, E_NO_BODY
from ceasefire.ingest.html import read_html

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"

PAGE = """<!doctype html><html lang="en"><head><meta charset="{charset}">
<title>Truce holds in the valley | Example Wire</title>
<meta property="og:site_name" content="Example Wire">
<link rel="canonical" href="https://news.example.org/truce-holds">
<meta property="article:published_time" content="2021-05-03T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Truce holds in the valley</h1>
<p>A truce between the two militias held for a third day on Monday, residents said.</p>
<p>Aid convoys reached the northern villages for the first time since March, a relief
agency reported, and the shops in the market town opened again.</p>
</article>
<section class="comments"><p>Reader comment: this will never last, trust me.</p></section>
<footer>Copyright Example Wire. All rights reserved.</footer></body></html>"""


def test_article_body_and_metadata() -> None:
    item = read_html(PAGE.format(charset="utf-8").encode("utf-8"), "page.html")
    assert item.rejection is None
    assert item.text is not None
    assert "held for a third day on Monday" in item.text
    assert "market town opened again" in item.text
    assert "Copyright" not in item.text
    assert "Reader comment" not in item.text
    assert item.title == "Truce holds in the valley"
    assert item.url == "https://news.example.org/truce-holds"
    assert item.source == "Example Wire"
    assert item.published == "2021-05-03"


def test_declared_legacy_charset_is_honoured() -> None:
    quoted = "residents\u2019 “leaders” said"
    page = PAGE.format(charset="windows-1252").replace("residents said", quoted)
    item = read_html(page.encode("cp1252"), "page.htm")
    assert item.text is not None
    assert quoted in item.text


@pytest.mark.parametrize(
    "page",
    [
        b"<html><head><title>Site</title></head><body>"
        b"<div class='footer'>Copyright 2020. All rights reserved.</div></body></html>",
        b"<html><body></body></html>",
        b"<html><head><title>Nothing here</title></head></html>",
    ],
)
def test_page_without_article_is_rejected(page: bytes) -> None:
    item = read_html(page, "empty.html")
    assert item.text is None
    assert item.rejection is not None
    assert item.rejection.code == E_NO_BODY


def test_empty_html_file_is_empty_not_bodiless() -> None:
    item = read_html(b" \n", "blank.html")
    assert item.rejection is not None
    assert item.rejection.code == E_EMPTY


def _token_f1(predicted: str, gold: str) -> float:
    pred = Counter(re.findall(r"\w+", predicted.lower()))
    want = Counter(re.findall(r"\w+", gold.lower()))
    overlap = sum((pred & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(pred.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


@pytest.mark.slow
def test_body_f1_on_article_extraction_benchmark_sample() -> None:
    folder = DATA / "article-extraction-benchmark"
    if not (folder / "ground-truth.json").exists():
        pytest.skip("article-extraction-benchmark absent")
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    sample = sorted(gold)[::6]  # 31 pages, about 1.5 s
    scores = []
    for key in sample:
        raw = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        item = read_html(raw, key)
        scores.append(_token_f1(item.text or "", gold[key]["articleBody"]))
    # Measured 0.965 mean over all 181 pages; the floor leaves room for sampling only.
    assert sum(scores) / len(scores) >= 0.93


@pytest.mark.slow
def test_dates_on_html_news_fixtures() -> None:
    folder = DATA / "html-news-fixtures"
    if not (folder / "manifest.jsonl").exists():
        pytest.skip("html-news-fixtures absent")
    right = total = 0
    for line in (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        page = json.loads(line)
        gold = json.loads((folder / "gold" / f"{page['id']}.json").read_text(encoding="utf-8"))
        if not gold.get("published_date"):
            continue
        item = read_html((folder / page["file"]).read_bytes(), page["file"])
        total += 1
        right += item.published == gold["published_date"]
    assert total >= 10
    assert right / total >= 0.9  # measured 17/17
