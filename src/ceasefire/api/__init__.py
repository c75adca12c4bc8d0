"""The REST API (``ceasefire serve``): FastAPI over the query service, read from snapshots.

docs/api.md lists the endpoints and explains how the server reads a file
that ``ceasefire run`` keeps writing.
"""

from __future__ import annotations

from ceasefire.api.app import create_app
from ceasefire.api.server import serve

__all__ = ["create_app", "serve"]
