"""Plain-text reports and their optional header block."""

from __future__ import annotations

import hashlib

from ceasefire.errors import E_EMPTY
from ceasefire.ingest.text import read_text, split_header

BODY = (
    "Negotiators met in the capital on Monday to discuss a ceasefire.\n\n"
    "Neither delegation signed the draft, officials said."
)


def test_header_block_fills_metadata_and_leaves_the_body() -> None:
    raw = (
        "Title: Talks end without a deal\n"
        "Published: Tuesday 14 January 2020\n"
        "Source: Example Wire\n"
        "URL: https://example.org/talks\n"
        "\n" + BODY + "\n"
    ).encode()
    item = read_text(raw, "report.txt")
    assert item.rejection is None
    assert item.text == BODY
    assert (item.title, item.published, item.source, item.url) == (
        "Talks end without a deal",
        "2020-01-14",
        "Example Wire",
        "https://example.org/talks",
    )
    assert item.raw_sha256 == hashlib.sha256(raw).hexdigest()


def test_date_key_is_read_as_published_and_keys_ignore_case() -> None:
    meta, body = split_header("date: 2021-06-02\nTITLE: Short\n\n" + BODY)
    assert meta.published == "2021-06-02"
    assert meta.title == "Short"
    assert body == BODY


def test_text_without_header_is_kept_whole() -> None:
    text = "Truce announced in the north\n\n" + BODY
    meta, body = split_header(text)
    assert body == text
    assert meta.title is None


def test_lines_that_only_resemble_a_header_stay_in_the_text() -> None:
    for opening in (
        "Update: the truce held overnight, residents said.\n\n",  # unknown key
        "Title: One\nTitle: Two\n\n",  # repeated key
        "Title: Talks end\nThe delegations left without signing.\n\n",  # not all keys
        "Title: Talks end\nPublished: 2020-01-14\n",  # no blank line after
    ):
        meta, body = split_header(opening + BODY)
        assert meta.title is None
        assert body == opening + BODY


def test_unparseable_header_date_gives_none() -> None:
    meta, _ = split_header("Published: sometime last week\n\n" + BODY)
    assert meta.published is None


def test_empty_and_whitespace_only_inputs_are_rejected() -> None:
    for raw in (b"", b"  \n\t\r\n  "):
        item = read_text(raw, "blank.txt")
        assert item.text is None
        assert item.rejection is not None
        assert item.rejection.code == E_EMPTY


def test_header_without_body_is_empty() -> None:
    item = read_text(b"Title: Nothing follows\n\n   \n", "header-only.txt")
    assert item.rejection is not None
    assert item.rejection.code == E_EMPTY
