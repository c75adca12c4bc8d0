"""The read endpoints under /api: thin over ``ceasefire.query``, no SQL of their own."""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ceasefire import query
from ceasefire.api.responses import ApiError, SafeJSONResponse, dumps
from ceasefire.api.snapshot import Snapshots
from ceasefire.errors import UsageError
from ceasefire.query import EventFilter, ListQuery
from ceasefire.store.duckdb import Store
from ceasefire.store.formats import EVENT_CSV_COLUMNS, event_csv_row, event_json, geojson

# Page sizes. 50 fills a table view; 1,000 rows (about 2 MB of JSON with their context) is
# the most one answer carries, so no request can make the server build an unbounded reply.
DEFAULT_LIMIT = 50
MAX_LIMIT = 1000
MAX_OFFSET = 10_000_000
MAX_TERM = 200  # characters in one search term

router = APIRouter(prefix="/api")


def snapshot_store(request: Request) -> Iterator[Store]:
    """The current snapshot on a cursor of its own, for the length of one request."""
    with request.app.state.snapshots.reader() as (store, generation):
        request.state.generation = generation
        yield store


StoreDep = Annotated[Store, Depends(snapshot_store)]
Limit = Annotated[int, Query(ge=0, le=MAX_LIMIT, description=f"page size, at most {MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
Term = Annotated[str | None, Query(max_length=MAX_TERM)]
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
Bbox = Annotated[str | None, Query(
    max_length=100, description="west,south,east,north in degrees (west > east crosses 180)")]
Id = Annotated[str, Path(max_length=200)]


def _split(values: list[str] | None) -> tuple[str, ...]:
    """Repeated parameters and comma-separated lists both work: ?type=A&type=B, ?type=A,B."""
    return tuple(v.strip() for value in values or () for v in value.split(",") if v.strip())


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    try:
        west, south, east, north = (float(x) for x in value.split(","))
    except ValueError as exc:
        raise UsageError("bbox must be four numbers: west,south,east,north") from exc
    box = (west, south, east, north)
    query.check_bbox(box)
    return box


# -- events ------------------------------------------------------------------------------


class EventQuery(BaseModel):
    """The /api/events parameters. The route validates them itself, in one pydantic call:
    FastAPI's own handling of a dozen declared parameters cost about 0.3 ms a request (its
    per-parameter Python), three times what answering a page from memory does."""

    model_config = ConfigDict(extra="ignore")
    country: list[str] | None = Field(None, max_length=50, description="ISO3 code(s)")
    type: list[str] | None = Field(None, max_length=50, description="PLOVER type(s)")
    actor: list[str] | None = Field(None, max_length=50,
                                    description="actor id(s) or part(s) of a name")
    status: list[str] | None = Field(None, max_length=50)
    place: str | None = Field(None, max_length=MAX_TERM, description="place id")
    since: str | None = Field(None, pattern=ISO_DATE, description="YYYY-MM-DD")
    until: str | None = Field(None, pattern=ISO_DATE, description="YYYY-MM-DD")
    bbox: str | None = Field(None, max_length=100, description=(
        "west,south,east,north in degrees (west > east crosses 180)"))
    text: str | None = Field(None, max_length=MAX_TERM, description="words in the evidence")
    limit: int = Field(DEFAULT_LIMIT, ge=0, le=MAX_LIMIT,
                       description=f"page size, at most {MAX_LIMIT}")
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    format: Literal["json", "csv", "geojson"] = "json"


_LISTS = ("country", "type", "actor", "status")


def _parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """OpenAPI query parameters for ``model``'s fields, as FastAPI would list them."""
    schema = model.model_json_schema()["properties"]
    return [{"name": name, "in": "query", "required": False, "schema": schema[name],
             **({"description": f.description} if f.description else {})}
            for name, f in model.model_fields.items()]


def _event_query(request: Request) -> EventQuery:
    """The query string as an EventQuery; a bad value is a 422, as for declared params."""
    params = request.query_params
    values = {k: params.getlist(k) if k in _LISTS else v for k, v in params.items()}
    try:
        return EventQuery.model_validate(values)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("query", *e["loc"])}
                                      for e in exc.errors()]) from None


@router.get("/events", summary="Events, filtered and paged; JSON, CSV or GeoJSON",
            openapi_extra={"parameters": _parameters(EventQuery)})
async def list_events(request: Request) -> Response:
    q = _event_query(request)
    where = EventFilter(_split(q.country), _split(q.type), _split(q.actor), q.since, q.until,
                        q.place, _split(q.status), q.text, q.limit, q.offset, _bbox(q.bbox))
    snapshots: Snapshots = request.app.state.snapshots
    if q.format == "json":
        # The hot path: from the in-memory read model, on the event loop (about a
        # millisecond of CPU, less than a hop to the thread pool and back would add).
        body = snapshots.events().json_page(where)
        return Response(body, media_type=SafeJSONResponse.media_type)
    return await run_in_threadpool(_export, snapshots, where, q.format)


def _export(snapshots: Snapshots, where: EventFilter, format: str) -> Response:
    """CSV and GeoJSON: the page's records, read from the snapshot (downloads, not the
    dashboard's views: tens of milliseconds are fine here)."""
    with snapshots.view() as (store, events):
        total, rows = events.rows(store, where)
    page = {"total": total, "limit": where.limit or 0, "offset": where.offset}
    if format == "csv":
        return _csv(rows, page)
    body = {**geojson(rows), **page}
    return Response(dumps(body), media_type="application/geo+json")


@router.get("/events/{event_id}", summary="One event with its evidence and its sources")
def get_event(store: StoreDep, event_id: Id) -> SafeJSONResponse:
    row = query.event_by_id(store, event_id)
    if row is None:
        raise ApiError(404, f"no event {event_id!r}")
    return SafeJSONResponse({**event_json(row),
                             "sources": query.sources(store, row.document.id)})


# Spreadsheets run a cell that starts with one of these as a formula: a report's text must
# not be able to do that on an analyst's machine (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv(rows: list[query.EventRow], page: dict[str, int]) -> Response:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EVENT_CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: _cell(v) for k, v in event_csv_row(r).items()} for r in rows)
    headers = {"content-disposition": 'attachment; filename="events.csv"',
               "x-total-count": str(page["total"])}
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


# -- actors, places ----------------------------------------------------------------------


@router.get("/actors", summary="Actors, most widely reported first")
def list_actors(store: StoreDep, q: Term = None, country: Term = None, sector: Term = None,
                limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> SafeJSONResponse:
    where = ListQuery(q=q, country=country, sector=sector, limit=limit, offset=offset)
    return _page(query.actor_list(store, where), where)


@router.get("/places", summary="Places with coordinates, most widely reported first")
def list_places(store: StoreDep, q: Term = None, country: Term = None, bbox: Bbox = None,
                limit: Limit = DEFAULT_LIMIT, offset: Offset = 0) -> SafeJSONResponse:
    where = ListQuery(q=q, country=country, bbox=_bbox(bbox), limit=limit, offset=offset)
    return _page(query.place_list(store, where), where)


def _page(found: tuple[int, list[dict[str, Any]]], where: ListQuery) -> SafeJSONResponse:
    total, items = found
    return SafeJSONResponse({"total": total, "limit": where.limit, "offset": where.offset,
                             "items": items})


# -- agreements ----------------------------------------------------------------------------


def _agreement_reader(name: str) -> Callable[..., Any]:
    """The agreement read functions come with agreement linking; until a ``query`` that has
    them is installed these endpoints answer 501 rather than fail at import."""
    found = getattr(query, name, None)
    if found is None:
        raise ApiError(501, "agreement linking is not available in this version",
                       "E_NOT_IMPLEMENTED")
    return found  # type: ignore[no-any-return]


@router.get("/agreements", summary="The board of agreements: kind, parties and their status")
def list_agreements(store: StoreDep) -> SafeJSONResponse:
    board = _agreement_reader("agreement_board")(store)
    return SafeJSONResponse({"total": len(board), "items": board})


@router.get("/agreements/{agreement_id}", summary="One agreement with its timeline")
def get_agreement(store: StoreDep, agreement_id: Id) -> SafeJSONResponse:
    timeline = _agreement_reader("agreement_timeline")(store, agreement_id)
    if timeline is None:
        raise ApiError(404, f"no agreement {agreement_id!r}")
    return SafeJSONResponse(timeline)


# -- documents, stats ----------------------------------------------------------------------


@router.get("/documents/{doc_id}", summary="A report's clean text and every span found in it")
def get_document(store: StoreDep, doc_id: Id) -> SafeJSONResponse:
    found = query.document_view(store, doc_id)
    if found is None:
        raise ApiError(404, f"no processed report {doc_id!r}")
    return SafeJSONResponse(found)


class StatsCache:
    """Stats read the whole database; a snapshot never changes, so compute once per one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generation = -1
        self._value: dict[str, Any] = {}

    def get(self, generation: int, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        with self._lock:
            if self._generation == generation:
                return self._value
        value = compute()
        with self._lock:
            if generation > self._generation:
                self._generation, self._value = generation, value
        return value


@router.get("/stats", summary="Counts for the dashboard: by status, type, month and country")
def get_stats(request: Request, store: StoreDep) -> SafeJSONResponse:
    cache: StatsCache = request.app.state.stats_cache
    return SafeJSONResponse(cache.get(request.state.generation, lambda: query.stats(store)))
