"""The web dashboard: a static single-page app that ``ceasefire serve`` serves at ``/``.

The front-end source is in ``app/`` (plain ES modules and one stylesheet); ``build.mjs``
bundles it with the country outlines into ``static/``, which ``make install`` produces
(``npm ci`` then ``node build.mjs``) and git ignores. docs/dashboard.md describes the views.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["is_built", "static_dir"]


def static_dir() -> Path:
    """The folder of built files: ``index.html`` and ``assets/``."""
    return Path(__file__).resolve().parent / "static"


def is_built() -> bool:
    """Whether the build has run: the page and its script are both present."""
    folder = static_dir()
    return (folder / "index.html").is_file() and (folder / "assets" / "app.js").is_file()
