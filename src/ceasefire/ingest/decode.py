"""Bytes to text: byte-order marks, UTF-8, legacy code pages, and what is not text at all.

Policy, in order: a byte-order mark decides (UTF-8/16/32); bytes without one that look binary
are refused; strict UTF-8 is tried next, since it almost never decodes anything else by accident;
then charset-normalizer guesses a legacy encoding. Whatever decodes, newlines become ``\\n``.
"""

from __future__ import annotations

import codecs
import hashlib
import re

import charset_normalizer

from ceasefire.errors import E_BINARY, E_DECODE, InputError

# UTF-32 LE starts with the UTF-16 LE mark (FF FE), so the longer marks are tried first.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0 control bytes that never occur in text (tab, newlines, form feed and escape excluded).
_CONTROL = bytes([*range(0x00, 0x09), 0x0E, 0x0F, *range(0x10, 0x1B), *range(0x1C, 0x20)])
# Calibration: text files (news, CSV, JSON, HTML) carry no such bytes at all, binary formats
# (images, archives, office files, executables) several percent; 1 % of the first 64 KiB leaves
# room for a stray control character in a scraped page without letting binaries through.
_BINARY_CONTROL_RATIO = 0.01
_SNIFF_BYTES = 65_536
# Matches within this chaos of the best guess count as equally good (charset-normalizer's
# chaos is a 0-1 mess ratio; ties at 0.0 are the common case for short English text).
_CHAOS_TIE = 0.01


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def bom_codec(head: bytes) -> str | None:
    """The codec a byte-order mark at the start of ``head`` names, else None."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    return None


def looks_binary(raw: bytes) -> bool:
    """NUL bytes anywhere, or more than a trace of C0 control bytes near the start."""
    if b"\x00" in raw:
        return True
    sample = raw[:_SNIFF_BYTES]
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    return controls / len(sample) > _BINARY_CONTROL_RATIO


def normalise_newlines(text: str) -> str:
    r"""``\r\n``, ``\r`` and the Unicode line/paragraph separators become ``\n``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u2028", "\n").replace("\u2029", "\n\n")


def decode_bytes(raw: bytes, declared: str | None = None) -> str:
    """Decode one whole input; raises ``InputError`` (E_BINARY, E_DECODE) when it cannot.

    ``declared`` is an encoding the container names (an HTML ``<meta charset>``): tried after
    a byte-order mark and before guessing, and dropped if the bytes contradict it.
    """
    codec = bom_codec(raw)
    if codec is not None:
        return normalise_newlines(_strict(raw, codec))
    if looks_binary(raw):
        raise InputError(E_BINARY, "looks like a binary file (NUL or control bytes), not text")
    for candidate in (declared, "utf-8"):
        if candidate is not None:
            try:
                return normalise_newlines(raw.decode(candidate))
            except (UnicodeDecodeError, LookupError):
                continue
    return normalise_newlines(_guess(raw))


def _strict(raw: bytes, codec: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as err:
        raise InputError(E_DECODE, f"starts with a {codec} byte-order mark but {err}") from err


def _guess(raw: bytes) -> str:
    encoding = guess_encoding(raw)
    if encoding is None:
        raise InputError(E_DECODE, "not UTF-8 and no common encoding decodes it")
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError) as err:
        raise InputError(E_DECODE, f"not UTF-8, and {encoding} fails too: {err}") from err


def guess_encoding(raw: bytes) -> str | None:
    """charset-normalizer's best encoding for ``raw``, preferring Windows-1252 on a tie."""
    matches = charset_normalizer.from_bytes(raw)
    best = matches.best()
    if best is None:
        return None
    # charset-normalizer merges code pages that decode these bytes identically and may then
    # name an exotic one (cp775 for English with curly quotes). Windows-1252 is by far the
    # most common legacy encoding of news text, so it wins every tie it is part of.
    ties = [m for m in matches if m.chaos <= best.chaos + _CHAOS_TIE]
    if any("cp1252" in m.could_be_from_charset for m in ties):
        return "cp1252"
    return str(best.encoding)


def corpus_codec(sample: bytes) -> str:
    """The codec for a line-by-line corpus, chosen from its first bytes.

    A sample cut mid-character still counts as UTF-8 (up to 3 trailing bytes are dropped).
    """
    codec = bom_codec(sample)
    if codec is not None:
        return codec
    for trim in range(4):
        try:
            sample[: len(sample) - trim].decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError:
            continue
    return guess_encoding(sample) or "utf-8"


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# HTML5 reads these labels as windows-1252 (the WHATWG encoding standard).
_WHATWG_CP1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii"}


def declared_html_charset(raw: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag near its start, if any."""
    found = _META_CHARSET.search(raw[:4096])
    if found is None:
        return None
    label = found.group(1).decode("ascii", "replace").lower()
    if label in _WHATWG_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None
