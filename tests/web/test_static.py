"""The dashboard's files, without a browser: where they are, that the built page needs
nothing from elsewhere, and that no source file turns text into markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ceasefire.web import is_built, static_dir

WEB = Path(__file__).resolve().parents[2] / "src" / "ceasefire" / "web"
SOURCES = sorted((WEB / "app").rglob("*.js"))
# Ways a string becomes markup or code. Report text reaches the page through text nodes
# only (app/dom.js), so none of these may appear in the dashboard's source.
UNSAFE = re.compile(r"\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\s*\(|"
                    r"new\s+Function|setHTMLUnsafe|createContextualFragment)")
URL = re.compile(r"https?://[^\s\"')]+")
SVG_NAMESPACE = "http://www.w3.org/2000/svg"  # an identifier, never fetched


def test_static_dir_is_the_packaged_build_folder() -> None:
    assert static_dir() == WEB / "static"
    assert static_dir().is_absolute()


def test_sources_exist_and_never_parse_strings_as_markup() -> None:
    assert len(SOURCES) >= 10
    found = {str(p.relative_to(WEB)): m.group(0) for p in SOURCES
             if (m := UNSAFE.search(p.read_text(encoding="utf-8")))}
    assert found == {}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.inline: list[str] = []
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script":
            self.scripts.append(found)
        if tag == "style" or "style" in found or any(k.startswith("on") for k in found):
            self.inline.append(tag)
        self.refs += [v for k, v in attrs if k in ("src", "href") and v]


@pytest.mark.parametrize("page", ["app/index.html", "static/index.html"])
def test_page_has_no_inline_code_and_only_local_references(page: str) -> None:
    path = WEB / page
    if page.startswith("static") and not is_built():
        pytest.skip("the dashboard is not built here (make install builds it)")
    parsed = _Page()
    parsed.feed(path.read_text(encoding="utf-8"))
    # The API's CSP allows script and style from 'self' only.
    assert parsed.scripts == [{"type": "module", "src": "/assets/app.js"}]
    assert parsed.inline == []
    # Absolute paths (the page also answers /agreements/{id}) or fragments; no other host.
    assert all(ref.startswith(("/", "#")) and not ref.startswith("//")
               for ref in parsed.refs), parsed.refs


def test_build_holds_everything_the_page_loads() -> None:
    if not is_built():
        pytest.skip("the dashboard is not built here (make install builds it)")
    assets = static_dir() / "assets"
    for name in ("app.js", "app.css", "countries-110m.json", "favicon.svg"):
        assert (assets / name).stat().st_size > 0, name
    for name in ("app.js", "app.css"):
        urls = set(URL.findall((assets / name).read_text(encoding="utf-8"))) - {SVG_NAMESPACE}
        assert urls == set(), f"{name} names outside addresses: {urls}"
