"""One ASGI layer around the whole app: standard security headers on every response, the
Host check, the request size limit (413) and a last catch that turns a bug into the error
shape instead of a traceback.

(FastAPI's own ``max_body_size`` answers in plain text from outside this layer, without
the headers, so the limit is enforced here instead.)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ceasefire.api.responses import error

log = logging.getLogger("ceasefire.api")

# The dashboard is one page of our own script and style: nothing inline, nothing from
# elsewhere. data: images cover small icons a stylesheet may embed.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


class TooLarge(HTTPException):
    """A streamed body passed the limit. An HTTPException, so the route's body parsing lets
    it through to the app's handler, which answers in the error shape."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over the limit of {limit} bytes")


class Guard:
    """Wraps the app; ``hosts`` None accepts any Host header."""

    def __init__(self, app: ASGIApp, *, max_body: int, hosts: Iterable[str] | None) -> None:
        self.app = app
        self.max_body = max_body
        self.hosts = None if hosts is None else {h.lower() for h in hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                _secure(message, scope["path"])
            await send(message)

        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send_secured)
            return
        try:
            await self.app(scope, self._limited(receive), send_secured)
        except TooLarge as exc:
            if not started:
                await error(413, str(exc.detail))(scope, receive, send_secured)
        except Exception:
            log.exception("unhandled error on %s %s", scope["method"], scope["path"])
            if not started:
                await error(500, "internal error; the server log has the details")(
                    scope, receive, send_secured)

    def _refusal(self, scope: Scope) -> ASGIApp | None:
        """An answer given before the app sees the request: wrong Host, body too large."""
        headers = Headers(scope=scope)
        if self.hosts is not None:
            host = _host_name(headers.get("host", ""))
            if host not in self.hosts:
                # A page elsewhere could point its own name at 127.0.0.1 (DNS rebinding);
                # answering only to the names we serve keeps it from reading the API.
                return error(400, f"unknown Host header {host!r}", "E_BAD_HOST")
        length = headers.get("content-length")
        if length is not None and not length.isdigit():
            return error(400, "the Content-Length header is not a number")
        if length is not None and int(length) > self.max_body:
            return error(413, TooLarge(self.max_body).detail)
        return None

    def _limited(self, receive: Receive) -> Receive:
        """Count a body sent without Content-Length (chunked) as it arrives."""
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise TooLarge(self.max_body)
            return message

        return limited


_RAW_HEADERS = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]
_NO_STORE = (b"cache-control", b"no-store")  # API answers change as reports arrive


def _secure(message: Message, path: str) -> None:
    """Set the security headers (replacing any of the same name) in one pass over the raw
    list: MutableHeaders, one lookup per header, cost about 80 us a response."""
    extra = [*_RAW_HEADERS, _NO_STORE] if path.startswith("/api/") or path == "/openapi.json" \
        else _RAW_HEADERS
    names = {k for k, _ in extra}
    kept = [(k, v) for k, v in message.get("headers", ()) if k.lower() not in names]
    message["headers"] = kept + extra


def _host_name(host: str) -> str:
    """The Host header without its port: ``[::1]:8000`` -> ``[::1]``, ``a:80`` -> ``a``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
