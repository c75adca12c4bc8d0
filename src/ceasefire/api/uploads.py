"""POST /api/documents: add reports through the API, only with the server's token.

A server started without ``--token`` is read-only and answers 403. With one, a request
must carry ``Authorization: Bearer <token>``. Reports go through the same pipeline and the
same short-lock writer path as ``ceasefire run`` (open the file, write, close), then the
server takes a fresh snapshot so the next read sees them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from ceasefire import query
from ceasefire.api.responses import ApiError, SafeJSONResponse
from ceasefire.api.snapshot import Snapshots
from ceasefire.config import Config, CorpusFields
from ceasefire.ingest.records import from_record
from ceasefire.schema import Input

# One request carries at most this many reports: each costs NLP time (about 0.3 s for a
# report of a few thousand characters on one core, docs/performance.md), and the file stays
# locked for writers while they are processed, so big batches belong to `ceasefire run`.
MAX_REPORTS = 20
# How long an upload waits to see its reports in a fresh snapshot while another writer
# (`ceasefire run`, between two of its batches) holds the file; it lets go within seconds.
WRITE_WAIT_S = 30.0

router = APIRouter(prefix="/api")


class NewReport(BaseModel):
    """One report to add: its text and what is known about it."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, description="the article text (plain text)")
    title: str | None = Field(None, max_length=1000)
    published: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$",
                                  description="publication date, YYYY-MM-DD")
    url: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=500, description="the outlet")


class NewReports(BaseModel):
    model_config = ConfigDict(extra="forbid")
    documents: list[NewReport] = Field(min_length=1, max_length=MAX_REPORTS)


def require_token(request: Request) -> None:
    """401 without the right bearer token; 403 when the server takes no uploads at all."""
    token: str | None = request.app.state.token
    if token is None:
        raise ApiError(403, "this server is read-only; start it with --token-file (or "
                            "$CEASEFIRE_TOKEN) to accept reports")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    # Constant-time comparison: response timing must not leak how much of a guess was right.
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), token.encode()):
        raise ApiError(401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})


@router.post("/documents", status_code=201, dependencies=[Depends(require_token)],
             summary="Add reports (needs the server's token)")
def post_documents(request: Request, body: NewReports) -> SafeJSONResponse:
    snapshots: Snapshots = request.app.state.snapshots
    config: Config = request.app.state.config
    return SafeJSONResponse(add_reports(snapshots, body.documents, config), 201)


def add_reports(snapshots: Snapshots, reports: list[NewReport], config: Config) -> dict[str, Any]:
    """Process and store ``reports``; what became of each, and the run's counts."""
    from ceasefire.link import link_file
    from ceasefire.nlp import load_model
    from ceasefire.parallel import run_into_store

    load_model()  # once per server, before the file is touched (a few seconds)
    inputs = [_input(r) for r in reports]
    # ``main`` keeps this process's own snapshot copy off the file meanwhile: DuckDB refuses
    # a writing and a read-only connection to one file in one process.
    with snapshots.main:
        summary = run_into_store(inputs, snapshots.db, config, args={"api": len(inputs)})
        # As after `ceasefire run`: the new reports join event clusters and agreements.
        linked = link_file(snapshots.db)
    _fresh(snapshots)
    with snapshots.reader() as (store, _):
        found = {d["path"]: d for d in query.document_statuses(store, [i.path for i in inputs])}
    return {"summary": summary.as_dict(), "linked": asdict(linked),
            "documents": [found.get(i.path, {"path": i.path}) for i in inputs]}


def _fresh(snapshots: Snapshots) -> None:
    """A snapshot that holds the upload, waiting while another writer has the file."""
    deadline = time.monotonic() + WRITE_WAIT_S
    while not snapshots.refresh():
        if time.monotonic() > deadline:
            raise ApiError(503, "the reports are stored, but another writer keeps the file "
                                "busy; they will show shortly", "E_BUSY", {"Retry-After": "10"})
        time.sleep(0.2)


def _input(report: NewReport) -> Input:
    """A report as an input; its path is named after its content, so posting the same
    report twice changes nothing (the store skips inputs it has with the same bytes)."""
    fields = report.model_dump()
    raw = json.dumps(fields, sort_keys=True, ensure_ascii=False).encode()
    sha = hashlib.sha256(raw).hexdigest()
    return from_record(fields, f"api:{sha[:16]}", sha, CorpusFields())
