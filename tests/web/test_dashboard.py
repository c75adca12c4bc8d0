"""The dashboard in headless Chromium against a real ``ceasefire serve``: it loads with the
network cut off, each view shows the data the API holds, a map point leads to its evidence
sentence, and markup in a report shows as text."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.slow

# The `tab` fixture (conftest.py): a Chromium page cut off from everything but 127.0.0.1,
# with .open(path), .watch (blocked requests, errors, dialogs) and .server (the API).
Tab = Any


def _located(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events the map can draw: a place with coordinates."""
    return [e for e in items if (p := e["context"]["place"]) and p["lat"] is not None
            and p["lon"] is not None]


def _all_events(tab: Tab) -> list[dict[str, Any]]:
    body = tab.server.api("events?limit=1000")
    assert body["total"] <= 1000, "the corpus outgrew one page; page through it here"
    return list(body["items"])


def test_map_loads_offline_and_draws_every_located_event(tab: Tab) -> None:
    tab.open("/")
    page = tab.page
    assert page.locator("path.country").count() > 150  # world-atlas 110m: 177 countries
    located = _located(_all_events(tab))
    assert len(located) > 50
    drawn = page.locator("circle.point").evaluate_all("els => els.map(e => e.dataset.event)")
    assert sorted(drawn) == sorted(e["id"] for e in located)
    # Timeline: one stack of bars, whose hover titles add up to the day-precise events.
    assert page.locator(".timeline .bar:not(.empty)").count() > 3
    assert page.locator(".legend-types li").count() >= 5
    tab.watch.assert_clean()
    assert tab.watch.failed == []


def test_every_request_stays_on_the_machine(tab: Tab) -> None:
    seen: list[str] = []
    tab.page.on("request", lambda req: seen.append(req.url))
    for path in ("/", "/events", "/agreements"):
        tab.open(path)
    assert seen and all(url.startswith(tab.server.base + "/") for url in seen), seen
    assert any(url.endswith("/assets/countries-110m.json") for url in seen)
    tab.watch.assert_clean()


def test_event_table_shows_the_api_page_and_filters_through_the_url(tab: Tab) -> None:
    first = tab.server.api("events?limit=50")
    tab.open("/events")
    rows = tab.page.locator("table.event-table tbody tr")
    assert rows.count() == len(first["items"]) == 50
    ids = rows.evaluate_all("els => els.map(e => e.dataset.event)")
    assert ids == [e["id"] for e in first["items"]]
    assert f"{first['total']} events match" in tab.page.locator(".coverage").inner_text()

    tab.page.select_option("#f-type", "ASSAULT")
    tab.page.fill("#f-country", "LBY")
    tab.page.click(".filters button[type=submit]")
    tab.page.wait_for_url("**/events?*type=ASSAULT*")
    tab.page.wait_for_function("() => !document.querySelector('main').hasAttribute('aria-busy')")
    want = tab.server.api("events?limit=50&type=ASSAULT&country=LBY")
    assert 0 < want["total"] < first["total"]
    got = tab.page.locator("table.event-table tbody tr").evaluate_all(
        "els => els.map(e => e.dataset.event)")
    assert got == [e["id"] for e in want["items"]]
    # The filtered view is a link: reloading it shows the same rows.
    tab.page.reload()
    tab.page.wait_for_selector("table.event-table tbody tr")
    assert tab.page.locator("table.event-table tbody tr").count() == len(want["items"])
    assert tab.page.input_value("#f-country") == "LBY"
    tab.watch.assert_clean()


def test_document_view_highlights_every_span(tab: Tab, server: Any) -> None:
    doc_id = _all_events(tab)[0]["context"]["document"]["id"]
    data = server.api(f"documents/{doc_id}")
    tab.open(f"/documents/{doc_id}")
    body = tab.page.locator(".doc-text")
    assert body.evaluate("el => el.textContent") == data["text"]
    pieces = body.locator(".seg").evaluate_all(
        "els => els.map(e => [+e.dataset.start, +e.dataset.end, [...e.classList]])")
    kinds = {"actor": "k-actor", "place": "k-place", "time": "k-time",
             "quantity": "k-quantity", "event": "k-trigger"}
    spans = data["spans"]
    assert {s["kind"] for s in spans} >= {"actor", "place", "time", "event"}
    for span in spans:
        inside = [p for p in pieces if span["start"] <= p[0] and p[1] <= span["end"]]
        covered = sum(p[1] - p[0] for p in inside if kinds[span["kind"]] in p[2])
        assert covered == span["end"] - span["start"], span
    title = data["document"]["title"] or data["document"]["path"].rsplit("/", 1)[-1]
    assert tab.page.locator("h1").inner_text() == title
    tab.watch.assert_clean()


def test_map_point_leads_to_its_evidence_sentence(tab: Tab) -> None:
    tab.open("/")
    # The last circle is drawn on top, so a click at its centre reaches it.
    point = tab.page.locator("circle.point").last
    event_id = point.get_attribute("data-event")
    point.click()
    card = tab.page.locator(".event-card.chosen")
    assert card.get_attribute("data-event") == event_id
    event = tab.server.api(f"events/{quote(event_id, safe='')}")
    assert event["evidence"]["text"] in card.locator(".evidence").inner_text()
    card.locator("a.evidence-link").click()
    tab.page.wait_for_url("**/documents/**")
    tab.page.wait_for_selector(".doc-text .k-focus")
    marked = "".join(tab.page.locator(".doc-text .k-focus").all_text_contents())
    assert marked == event["evidence"]["text"]
    assert tab.page.locator(".doc-text .k-focus").first.is_visible()
    # Back returns to the map with the same event chosen (it is in the URL).
    tab.page.go_back()
    tab.page.wait_for_selector(".event-card.chosen")
    assert tab.page.locator(".event-card.chosen").get_attribute("data-event") == event_id
    tab.watch.assert_clean()


def test_every_view_has_its_own_url_and_survives_a_reload(tab: Tab) -> None:
    doc_id = _all_events(tab)[0]["context"]["document"]["id"]
    views = {"/": "Events on the map", "/events": "Events", "/agreements": "Agreements",
             f"/documents/{doc_id}": None}
    for path, heading in views.items():
        tab.open(path)
        before = tab.page.locator("h1").inner_text()
        if heading:
            assert before == heading
        tab.page.reload()
        tab.page.wait_for_selector("main .view")
        assert tab.page.locator("h1").inner_text() == before
    # In-app navigation uses the same URLs without reloading the page.
    tab.open("/")
    tab.page.evaluate("window.__same_page = true")
    tab.page.click("nav a[href='/events']")
    tab.page.wait_for_selector("table.event-table")
    assert tab.page.url == tab.server.base + "/events"
    assert tab.page.evaluate("window.__same_page") is True
    tab.watch.assert_clean()


def test_agreement_board_and_timeline(tab: Tab) -> None:
    status = tab.server.status("agreements")
    tab.open("/agreements")
    if status == 501:
        # This server has no agreement linking: the board says so instead of failing.
        assert "does not track agreements" in tab.page.locator("main").inner_text()
        tab.watch.assert_clean()
        pytest.skip("the API answers 501 for /api/agreements (no agreement linking yet)")
    board = tab.server.api("agreements")["items"]
    rows = tab.page.locator("table.board tbody tr")
    assert rows.count() == len(board) > 0
    first = board[0]
    row = rows.first
    assert row.get_attribute("data-agreement") == first["id"]
    for party in first["parties"]:
        assert (party["name"] or party["actor"]) in row.inner_text()
    _assert_standing_and_names(board, rows)
    row.locator("a.agreement-link").click()
    tab.page.wait_for_selector(".view.agreement")
    detail = tab.server.api(f"agreements/{quote(first['id'], safe='')}")
    assert tab.page.locator("ol.actions > li").count() == len(detail["actions"])
    with_text = [a for a in detail["actions"] if a.get("evidence")]
    if with_text:
        quotes = tab.page.locator("ol.actions .evidence").all_text_contents()
        assert sorted(quotes) == sorted(a["evidence"]["text"] for a in with_text)
    tab.page.reload()
    tab.page.wait_for_selector(".view.agreement")
    tab.watch.assert_clean()


def _assert_standing_and_names(board: list[dict[str, Any]], rows: Any) -> None:
    """Every row shows who claims a party's status and since when, and names, not ids, for
    mediators and the venue (the row's own ``names``)."""
    claims = 0
    for item, row in zip(board, rows.all(), strict=True):
        text = row.inner_text()
        names = item["names"]
        for party in item["parties"]:
            if party["claimed"] and party["attributed_to"]:
                claims += 1
                assert f"claimed by {names[party['attributed_to']]}" in text
            if party["since"] and party["status"] != "pending":
                assert "since " in text
        for mediator in item["mediators"]:
            assert names[mediator] in text and (names[mediator] == mediator or mediator not in text)
        if item["venue"]:
            assert names[item["venue"]] in text
    assert claims > 0  # examples/ has claimed statuses (Lavrov on al-Mishri's signature)


def test_markup_in_a_report_is_shown_as_text(tab: Tab, corpus: Any) -> None:
    data = tab.server.api(f"documents/{corpus.injection_doc}")
    # The API hands the markup over unchanged: the dashboard is what must keep it inert.
    assert "<script>" in data["document"]["title"] and "onerror=" in data["text"]
    tab.open(f"/documents/{corpus.injection_doc}")
    page = tab.page
    assert page.locator("h1").inner_text() == data["document"]["title"]
    assert "<script>window.__injected" in page.locator(".doc-text").inner_text()
    assert "<b onmouseover=" in page.locator(".facts").inner_text()
    _assert_inert(tab)

    # The same report's events in the table and on the map show the markup as text too.
    tab.open("/events?text=" + quote("<script>"))
    assert page.locator("table.event-table tbody tr").count() >= 1
    assert "<script>window.__injected" in page.locator("table.event-table").inner_text()
    assert page.input_value("#f-text") == "<script>"
    _assert_inert(tab)
    # On the map, any located event of the report shows the report's title in its card.
    ours = [e for e in _located(_all_events(tab))
            if e["context"]["document"]["id"] == corpus.injection_doc]
    assert ours, "no event of the markup report has a place with coordinates"
    tab.open("/")
    # By keyboard, as a reader without a mouse would: focus the circle, press Enter.
    page.locator(f"circle.point[data-event='{ours[0]['id']}']").focus()
    page.keyboard.press("Enter")
    assert "<script>" in page.locator("#selection .event-card.chosen").inner_text()
    _assert_inert(tab)


def _assert_inert(tab: Tab) -> None:
    page = tab.page
    assert page.evaluate("window.__injected === undefined")
    assert page.locator("main img, main script, main b").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    tab.watch.assert_clean()
