"""Clean: strip web-page residue from a report's text, keeping what a reader would read.

Readers (trafilatura included) leave furniture behind: photo captions and credits, "Related
Articles" tails, share and newsletter lines, and paragraphs a CMS printed twice. Extraction
on that residue produces phantom events (a caption's date, a repeated casualty figure), so
it goes before anything else. The clean text is the one every span points into; what was
removed is returned with a reason so that a user can see why.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# A heading after which the rest of the page is links to other stories. Only honoured in
# the last part of a report (see _TAIL_FRACTION) so that an article that happens to mention
# "read more" in its body is not cut.
_TAIL_HEADINGS = re.compile(
    r"^(related( articles?| stories| content| news| coverage)?|read more|more (on this story|"
    r"from \w[\w ]*|stories)|you (may|might) also like|recommended( for you)?|"
    r"most (read|popular)|trending( now)?|latest news|also read|see also|keep reading)\s*:?$",
    re.IGNORECASE,
)
# Calibrated on the bundled HTML pages and the shared example: tails start in the final
# quarter of the text; 0.6 leaves margin for long link lists after a short article.
_TAIL_FRACTION = 0.6

# Lines that are page furniture wherever they stand.
_FURNITURE = re.compile(
    r"^(share( this( article| story)?)?( on \w+)?|tweet|email|print|copy link|"
    r"(follow|like) us( on \w+)?|sign up( for| to)? .*newsletter.*|subscribe( now| to .*)?|"
    r"advertisement|skip to (main )?content|accept( all)? cookies?|"
    r"(all rights reserved|copyright|©).{0,80}|click here.{0,60}|"
    r"image (caption|source|copyright).{0,200}|getty images|listen to this article.{0,40})$",
    re.IGNORECASE,
)

# Photo captions and credits: a paragraph that announces a picture, or that ends with a
# bracketed credit naming a photo agency or "via"/"photo" ("[Reuters]", "[X via AFP]").
_AGENCIES = r"AFP|Reuters|AP|EPA|Getty|Anadolu|Xinhua|Shutterstock|Sipa|dpa|Photo|File|via"
_CAPTION_START = re.compile(
    r"^(this|a|an|the)?\s*(handout|file)?\s*(picture|photo(graph)?|image|screen ?grab)\s+"
    r"(taken|released|shows|provided|obtained|made|published)\b|^(file )?photo:|^pictured:",
    re.IGNORECASE,
)
_CREDIT_END = re.compile(
    r"(\[[^\[\]]*\b(" + _AGENCIES + r")\b[^\[\]]*\]"
    r"|\((photo|picture|image)( by| credit)?:?[^()]*\)?|\(photo by\s*)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Removed:
    reason: str  # "tail" | "furniture" | "caption" | "repeated"
    text: str


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    removed: tuple[Removed, ...]


def clean(text: str) -> Cleaned:
    """Return the clean text (paragraphs joined by a blank line) and what was dropped."""
    paragraphs = _paragraphs(text)
    removed: list[Removed] = []
    paragraphs = _cut_tail(paragraphs, removed)
    kept: list[str] = []
    seen: set[str] = set()
    for para in paragraphs:
        reason = _residue(para)
        key = _key(para)
        if reason is None and key in seen:
            reason = "repeated"
        if reason is not None:
            removed.append(Removed(reason, para))
            continue
        seen.add(key)
        kept.append(para)
    return Cleaned("\n\n".join(kept), tuple(removed))


def _paragraphs(text: str) -> list[str]:
    """Split on line breaks; fold runs of spaces, tabs and no-break spaces in a line."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    # Zero-width characters split words for the tokenizer ("\u200bkilling" is no verb).
    text = re.sub(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", text)
    spaces = re.compile(r"[ \t\u00a0\u2007\u202f]+")
    lines = (spaces.sub(" ", line).strip() for line in text.split("\n"))
    return [line for line in lines if line]


def _cut_tail(paragraphs: list[str], removed: list[Removed]) -> list[str]:
    total = sum(len(p) for p in paragraphs) or 1
    seen = 0
    for i, para in enumerate(paragraphs):
        if seen / total >= _TAIL_FRACTION and _TAIL_HEADINGS.match(para):
            removed.extend(Removed("tail", p) for p in paragraphs[i:])
            return paragraphs[:i]
        seen += len(para)
    return paragraphs


def _residue(para: str) -> str | None:
    if _FURNITURE.match(para):
        return "furniture"
    if _CAPTION_START.match(para) or _CREDIT_END.search(para):
        return "caption"
    return None


def _key(para: str) -> str:
    """Paragraph identity for repeat detection: case, punctuation and spacing ignored."""
    return re.sub(r"\W+", " ", para.casefold()).strip()
