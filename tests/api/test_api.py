"""The REST API against a real `ceasefire serve` process on a database built from examples/."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import httpx
import pytest

from ceasefire import query
from ceasefire.store.duckdb import Store

from .conftest import TOKEN, Server

pytestmark = pytest.mark.slow


def _count(db: Path, where: query.EventFilter) -> int:
    with Store(db, read_only=True) as store:
        return query.count_events(store, where)


def _get(server: Server, path: str, **params: object) -> httpx.Response:
    with server.client() as http:
        # (empty params would replace a query string written into ``path``)
        return http.get(path, params=params or None)  # type: ignore[arg-type]


def test_events_filters_match_the_query_service(server: Server) -> None:
    for params, where in (
        ({}, query.EventFilter()),
        ({"country": "LBY"}, query.EventFilter(countries=("LBY",))),
        ({"type": "ASSAULT,AGREE"}, query.EventFilter(types=("ASSAULT", "AGREE"))),
        ({"actor": "act:un"}, query.EventFilter(actors=("act:un",))),
        ({"since": "2020-01-01", "until": "2020-01-31"},
         query.EventFilter(since="2020-01-01", until="2020-01-31")),
        ({"bbox": "9.3,19.5,25.2,33.2"}, query.EventFilter(bbox=(9.3, 19.5, 25.2, 33.2))),
        ({"text": "ceasefire"}, query.EventFilter(text="ceasefire")),
    ):
        body = _get(server, "/api/events", limit=5, **params).json()
        assert body["total"] == _count(server.db, where), params
        assert len(body["items"]) == min(5, body["total"])
    assert _get(server, "/api/events", country="LBY").json()["total"] > 10


def test_events_pages_do_not_overlap(server: Server) -> None:
    first = _get(server, "/api/events", limit=10).json()["items"]
    second = _get(server, "/api/events", limit=10, offset=10).json()["items"]
    assert len(first) == len(second) == 10
    assert not {e["id"] for e in first} & {e["id"] for e in second}


def test_events_as_csv_and_geojson(server: Server) -> None:
    response = _get(server, "/api/events", format="csv", country="LBY", limit=20)
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    same = _get(server, "/api/events", country="LBY", limit=20).json()["items"]
    assert [r["event_id"] for r in rows] == [e["id"] for e in same] and len(rows) == 20
    geo = _get(server, "/api/events", format="geojson", country="LBY", limit=20).json()
    assert geo["type"] == "FeatureCollection"
    assert len(geo["features"]) + geo["skipped"] == 20
    lon, lat = geo["features"][0]["geometry"]["coordinates"]
    assert 9 < lon < 26 and 19 < lat < 34  # in Libya


def test_event_by_id_has_evidence_and_sources(server: Server) -> None:
    item = _get(server, "/api/events", country="LBY", limit=1).json()["items"][0]
    event = _get(server, f"/api/events/{item['id']}").json()
    assert event["id"] == item["id"]
    doc = _get(server, f"/api/documents/{event['context']['document']['id']}").json()
    evidence = event["evidence"]
    assert doc["text"][evidence["start"]:evidence["end"]] == evidence["text"]
    assert event["sources"][0]["status"] == "ok"
    assert event["sources"][0]["doc_id"] == doc["document"]["id"]


def test_document_spans_point_into_its_text(server: Server) -> None:
    item = _get(server, "/api/events", limit=1).json()["items"][0]
    doc = _get(server, f"/api/documents/{item['context']['document']['id']}").json()
    assert doc["spans"] and {"actor", "place", "event"} <= {s["kind"] for s in doc["spans"]}
    for span in doc["spans"]:
        assert doc["text"][span["start"]:span["end"]] == span["text"]
    assert [s["start"] for s in doc["spans"]] == sorted(s["start"] for s in doc["spans"])


def test_actors_places_and_stats(server: Server) -> None:
    actors = _get(server, "/api/actors", q="united nations").json()
    assert actors["items"][0]["id"] == "act:un" and actors["items"][0]["documents"] > 1
    places = _get(server, "/api/places", country="LBY", limit=100).json()
    assert places["total"] >= 2 and all(p["country"] == "LBY" for p in places["items"])
    stats = _get(server, "/api/stats").json()
    assert stats["events"] == _count(server.db, query.EventFilter())
    assert sum(t["n"] for t in stats["by_type"]) == stats["events"]
    assert stats["documents"]["ok"] >= 20


def test_agreements(server: Server) -> None:
    if not hasattr(query, "agreement_board"):
        pytest.skip("query.agreement_board is not there yet (agreement linking)")
    board = _get(server, "/api/agreements").json()
    assert board["total"] == len(board["items"])
    if board["items"]:
        first = board["items"][0]
        timeline = _get(server, f"/api/agreements/{first['id']}").json()
        assert timeline["id"] == first["id"] and "actions" in timeline
    assert _get(server, "/api/agreements/agr:none").status_code == 404


@pytest.mark.parametrize(("path", "status", "code"), [
    ("/api/events/evt:none", 404, "E_NOT_FOUND"),
    ("/api/documents/nothing", 404, "E_NOT_FOUND"),
    ("/api/nowhere", 404, "E_NOT_FOUND"),
    ("/api/events?limit=100000", 422, "E_INVALID"),
    ("/api/events?since=yesterday", 422, "E_INVALID"),
    ("/api/events?bbox=1,2,3", 400, "E_USAGE"),
    ("/api/events?bbox=10,50,20,40", 400, "E_USAGE"),
    ("/api/events?status=rumoured", 400, "E_USAGE"),
    ("/api/events?limit=abc", 422, "E_INVALID"),
    ("/api/events?offset=-1", 422, "E_INVALID"),
    ("/api/events?format=xml", 422, "E_INVALID"),
    ("/api/events?" + "&".join(["country=LBY"] * 51), 422, "E_INVALID"),
])
def test_one_error_shape(server: Server, path: str, status: int, code: str) -> None:
    response = _get(server, path)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["status"] == status and error["code"] == code and error["message"]


def test_security_headers_on_every_answer(server: Server) -> None:
    for path in ("/api/stats", "/api/events", "/api/nowhere", "/", "/openapi.json"):
        headers = _get(server, path).headers
        if path.startswith("/api/"):
            assert headers["cache-control"] == "no-store"
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"


def test_foreign_host_header_is_refused(server: Server) -> None:
    with server.client(headers={"Host": "attacker.example"}) as http:
        response = http.get("/api/stats")
    assert response.status_code == 400 and response.json()["error"]["code"] == "E_BAD_HOST"


def test_openapi_lists_every_endpoint(server: Server) -> None:
    paths = set(_get(server, "/openapi.json").json()["paths"])
    assert {"/api/events", "/api/events/{event_id}", "/api/actors", "/api/places",
            "/api/agreements", "/api/agreements/{agreement_id}", "/api/documents/{doc_id}",
            "/api/stats", "/api/documents"} <= paths


def test_event_parameters_are_documented_and_read_both_ways(server: Server) -> None:
    operation = _get(server, "/openapi.json").json()["paths"]["/api/events"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {
        "country", "type", "actor", "status", "place", "since", "until", "bbox", "text",
        "limit", "offset", "format"}
    repeated = _get(server, "/api/events?type=ASSAULT&type=AGREE&limit=3").json()
    joined = _get(server, "/api/events?type=ASSAULT,AGREE&limit=3").json()
    assert repeated == joined and repeated["total"] > 0
    assert _get(server, "/api/events?limit=3&limit=4").json()["limit"] == 4  # the last wins


def test_several_workers_answer_alike(server: Server, server_factory) -> None:  # type: ignore[no-untyped-def]
    """Each worker process builds its own snapshot and read model; all answer the same."""
    two = server_factory(server.db, extra=("--workers", "2"))
    path = "/api/events?country=LBY&limit=5&offset=2"
    expected = _get(server, path).json()
    with two.client() as http:
        answers = [http.get(path).json() for _ in range(8)]
        fresh = [httpx.get(two.url + path, timeout=60).json() for _ in range(8)]  # new sockets
    assert all(a == expected for a in answers + fresh) and expected["items"]


def test_dashboard_routes_answer_with_one_page(server: Server) -> None:
    pages = [_get(server, p) for p in ("/", "/events", "/agreements/x", "/documents/y")]
    if pages[0].status_code == 404:
        assert pages[0].json()["error"]["code"] == "E_NO_DASHBOARD"
        pytest.skip("the dashboard is not built (src/ceasefire/web/static)")
    assert all(p.status_code == 200 for p in pages)
    assert len({p.text for p in pages}) == 1 and "<html" in pages[0].text


def test_read_only_server_refuses_uploads(server: Server) -> None:
    with server.client() as http:
        response = http.post("/api/documents", json={"documents": [{"text": "x"}]},
                             headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 403 and response.json()["error"]["code"] == "E_READ_ONLY"


def test_uploads_need_the_token_and_show_at_once(writable_db: Path, server_factory) -> None:  # type: ignore[no-untyped-def]
    server = server_factory(writable_db, token=TOKEN)
    title = "Talks <b>resume</b> & shelling stops"
    report = {"title": title, "published": "2021-03-02", "source": "Test Wire",
              "text": "TRIPOLI, March 2 - Delegations of the two Libyan governments met in "
                      "Geneva on Tuesday and agreed to extend the ceasefire, the United Nations "
                      "envoy said. Shelling south of Tripoli stopped overnight."}
    with server.client() as http:
        assert http.post("/api/documents", json={"documents": [report]}).status_code == 401
        wrong = http.post("/api/documents", json={"documents": [report]},
                          headers={"Authorization": "Bearer wrong-token-wrong-token"})
        assert wrong.status_code == 401
        good = http.post("/api/documents", json={"documents": [report]},
                         headers={"Authorization": f"Bearer {TOKEN}"})
        assert good.status_code == 201, good.text
        (done,) = good.json()["documents"]
        assert done["status"] == "ok"
        assert good.json()["linked"]["documents"] == 1  # linked as `ceasefire run` links
        raw = http.get(f"/api/documents/{done['id']}")
        assert raw.json()["document"]["title"] == title
        assert "<b>" not in raw.text and "\\u003cb\\u003e" in raw.text  # inert in any page
        again = http.post("/api/documents", json={"documents": [report]},
                          headers={"Authorization": f"Bearer {TOKEN}"})
        assert again.json()["summary"]["unchanged"] == 1
        assert again.json()["linked"]["documents"] == 0


def test_body_over_the_limit_is_413(writable_db: Path, server_factory) -> None:  # type: ignore[no-untyped-def]
    server = server_factory(writable_db, token=TOKEN)
    big = {"documents": [{"text": "word " * 600_000}]}
    with server.client(headers={"Authorization": f"Bearer {TOKEN}"}) as http:
        response = http.post("/api/documents", json=big)
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "E_TOO_LARGE"

        def chunks():  # type: ignore[no-untyped-def]
            for _ in range(300):
                yield b"x" * 10_000

        streamed = http.post("/api/documents", content=chunks(),
                             headers={"Content-Type": "application/json"})
        assert streamed.status_code == 413
