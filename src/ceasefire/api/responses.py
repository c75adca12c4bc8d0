"""What the API sends: JSON with markup characters escaped, and one error shape.

Every error, whatever raised it, reaches the client as
``{"error": {"status": 404, "code": "E_NOT_FOUND", "message": "..."}}``.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import JSONResponse

from ceasefire.errors import CeasefireError, ModelError, StoreError, UsageError

# Report text holds anything an article held, markup included. JSON never needs a literal
# <, > or & outside strings, so writing them as \\u escapes changes no value while keeping a
# response inert even if a browser or a careless page treats it as HTML.
_INERT = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def dumps(content: Any) -> bytes:
    text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.translate(_INERT).encode("utf-8")


class SafeJSONResponse(JSONResponse):
    """The API's JSON response: compact, UTF-8, markup characters escaped."""

    def render(self, content: Any) -> bytes:
        return dumps(content)


# HTTP status -> error code, for errors that come from the framework (no route, bad method).
STATUS_CODES = {
    400: "E_BAD_REQUEST", 401: "E_UNAUTHORIZED", 403: "E_READ_ONLY", 404: "E_NOT_FOUND",
    405: "E_METHOD", 413: "E_TOO_LARGE", 415: "E_MEDIA_TYPE", 422: "E_INVALID",
    500: "E_INTERNAL", 503: "E_BUSY",
}


def error_body(status: int, message: str, code: str | None = None) -> dict[str, Any]:
    return {"error": {"status": status, "code": code or STATUS_CODES.get(status, "E_HTTP"),
                      "message": message}}


def error(status: int, message: str, code: str | None = None,
          headers: dict[str, str] | None = None) -> SafeJSONResponse:
    return SafeJSONResponse(error_body(status, message, code), status, headers=headers)


def from_ceasefire(exc: CeasefireError) -> SafeJSONResponse:
    """A library error as an API error: misuse is the client's (400); a busy or broken
    store or model is the server's (503), never a traceback."""
    if isinstance(exc, UsageError):
        return error(400, exc.message, exc.code)
    if isinstance(exc, StoreError | ModelError):
        return error(503, exc.message, exc.code, {"Retry-After": "5"})
    return error(500, exc.message, exc.code)


class ApiError(Exception):
    """Raised by a route to answer with the error shape."""

    def __init__(self, status: int, message: str, code: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.headers = status, message, code, headers

    def response(self) -> SafeJSONResponse:
        return error(self.status, self.message, self.code, self.headers)
