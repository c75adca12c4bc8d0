"""Running the app under uvicorn: the one function ``ceasefire serve`` calls."""

from __future__ import annotations

import ipaddress
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ceasefire.api.guard import LOOPBACK_HOSTS
from ceasefire.errors import UsageError

if TYPE_CHECKING:
    from fastapi import FastAPI

DEFAULT_HOST = "127.0.0.1"  # loopback only, unless the user asks for more
DEFAULT_PORT = 8000


# With several workers uvicorn starts each from an import string, so they read their
# settings from these variables, which ``serve`` sets for them.
ENV_DB, ENV_HOSTS, ENV_TOKEN = "CEASEFIRE_SERVE_DB", "CEASEFIRE_SERVE_HOSTS", "CEASEFIRE_TOKEN"
MAX_WORKERS = 64


def serve(db: str | Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          token: str | None = None, allow_hosts: tuple[str, ...] = (), workers: int = 1) -> None:
    """Serve the API and dashboard for ``db`` until interrupted; ``workers`` processes
    each hold their own snapshot and read model (docs/api.md, "Performance")."""
    import uvicorn

    from ceasefire.api.app import create_app

    if not Path(db).is_file():
        raise UsageError(f"no database at {db}; create one with: ceasefire run PATH --db {db}")
    if not 0 < port < 65536:
        raise UsageError(f"--port must be 1-65535, not {port}")
    if not 1 <= workers <= MAX_WORKERS:
        raise UsageError(f"--workers must be 1-{MAX_WORKERS}, not {workers}")
    options: dict[str, Any] = {"host": host, "port": port, "log_level": "info",
                               "server_header": False, "proxy_headers": False,
                               "timeout_graceful_shutdown": 5}
    hosts = host_names(host, allow_hosts)
    if workers == 1:
        uvicorn.run(create_app(db, token=token, hosts=hosts), **options)
        return
    os.environ[ENV_DB] = str(Path(db).resolve())
    os.environ[ENV_HOSTS] = json.dumps(hosts)
    os.environ.pop(ENV_TOKEN, None)
    if token:
        os.environ[ENV_TOKEN] = token  # only this process's children read it
    uvicorn.run("ceasefire.api.server:app_from_environment", factory=True, workers=workers,
                **options)


def app_from_environment() -> FastAPI:
    """The app of one worker process, from what ``serve`` put in the environment."""
    from ceasefire.api.app import create_app

    hosts = json.loads(os.environ[ENV_HOSTS])
    return create_app(os.environ[ENV_DB], token=os.environ.get(ENV_TOKEN) or None,
                      hosts=None if hosts is None else tuple(hosts))


def host_names(host: str, extra: tuple[str, ...] = ()) -> tuple[str, ...] | None:
    """The Host header names to answer: the loopback names plus the bound address and any
    the user names; None (any) when bound to every interface without names given."""
    if host in ("0.0.0.0", "::") and not extra:
        return None
    names = {*LOOPBACK_HOSTS, *(h.lower() for h in extra)}
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        names.add(host.lower())  # a host name
    else:
        names.add(f"[{address}]" if address.version == 6 else str(address))
    return tuple(sorted(names))
