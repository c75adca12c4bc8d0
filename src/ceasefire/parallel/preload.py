"""Imported once by the process pool's fork server, before it forks any worker.

Loading the model here means it is loaded once per run instead of once per worker: each
worker is a fork of this process and starts with the model, the extractors and their
knowledge bases in memory (shared, copy-on-write). Measured start-up of a spawned worker:
importing spaCy 0.7 s, the model 0.6 s, the extractors 0.4 s of CPU, paid again by every
worker while the cores had real work to do.

A failure is left to the workers: each then loads the model itself and reports the error
from its own process, as a spawned worker would.
"""

from __future__ import annotations

import contextlib

from ceasefire.errors import CeasefireError
from ceasefire.parallel.work import analyser

with contextlib.suppress(CeasefireError):
    analyser()
