"""Decoding whole inputs: BOMs, UTF-8, legacy code pages, binary and undecodable bytes."""

from __future__ import annotations

import codecs

import pytest

from ceasefire.errors import E_BINARY, E_DECODE, InputError
from ceasefire.ingest.decode import (
    corpus_codec,
    declared_html_charset,
    decode_bytes,
    looks_binary,
    normalise_newlines,
)

SENTENCE = "Both sides said they would “respect the truce” \u2013 the monitors weren\u2019t sure.\n"


def test_utf8_with_and_without_bom() -> None:
    assert decode_bytes(SENTENCE.encode("utf-8")) == SENTENCE
    decoded = decode_bytes(codecs.BOM_UTF8 + SENTENCE.encode("utf-8"))
    assert decoded == SENTENCE
    assert "\ufeff" not in decoded


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(codec: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(codec, b"")
    assert decode_bytes(bom + SENTENCE.encode(codec)) == SENTENCE


def test_cp1252_curly_quotes_are_recovered() -> None:
    text = "Rebels said: “We\u2019ll respect the ceasefire.”\nOfficials doubted it \u2013 again.\n"
    assert decode_bytes(text.encode("cp1252")) == text


def test_short_cp1252_text_is_not_read_as_a_baltic_code_page() -> None:
    text = "Ceasefire “held” — mostly. " * 3
    assert decode_bytes(text.encode("cp1252")) == text


def test_other_legacy_encoding_is_guessed() -> None:
    text = "Перемирие соблюдается, заявили представители обеих сторон в столице. " * 3
    assert decode_bytes(text.encode("cp1251")) == text


def test_binary_bytes_are_refused() -> None:
    png_like = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    with pytest.raises(InputError) as caught:
        decode_bytes(png_like)
    assert caught.value.code == E_BINARY
    assert looks_binary(bytes(range(1, 32)) * 10)
    assert not looks_binary(SENTENCE.encode("utf-8"))


def test_bytes_no_common_encoding_decodes_are_refused() -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(bytes(range(128, 256)) * 3)
    assert caught.value.code == E_DECODE


def test_broken_utf16_after_bom_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(codecs.BOM_UTF16_LE + b"a\x00\x00\xd8")  # a lone high surrogate
    assert caught.value.code == E_DECODE


def test_newlines_are_normalised() -> None:
    assert normalise_newlines("a\r\nb\rc\u2028d") == "a\nb\nc\nd"
    assert decode_bytes(b"one\r\ntwo\rthree") == "one\ntwo\nthree"


def test_html_declared_charset_is_used_and_latin1_means_cp1252() -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><p>“Talks” \u2013 Genève</p>'
    raw = page.encode("cp1252")
    assert declared_html_charset(raw) == "cp1252"
    assert "“Talks” \u2013 Genève" in decode_bytes(raw, declared_html_charset(raw))
    assert declared_html_charset(b"<html><p>no meta</p>") is None


def test_corpus_codec_tolerates_a_sample_cut_inside_a_character() -> None:
    sample = "Genève ".encode() * 10 + "é".encode()[:1]
    assert corpus_codec(sample) == "utf-8"
    assert corpus_codec(codecs.BOM_UTF16_LE + "x".encode("utf-16-le")) == "utf-16"
    assert corpus_codec("Rebels\u2019 “truce” \u2013 held. ".encode("cp1252") * 5) == "cp1252"
