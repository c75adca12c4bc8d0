"""The fixed dev/test split every evaluation uses.

About 30% of each gold set's rows are held out as "test": rules and lexicons are tuned on
"dev" rows only, and test figures are computed once, to report. The split depends only on
the set's name and the row's key, so it is the same on every machine and in every run.
"""

from __future__ import annotations

import hashlib
from typing import Literal


def split_of(set_name: str, row_key: str) -> Literal["dev", "test"]:
    """``"test"`` for the held-out 30% of rows, else ``"dev"``."""
    digest = hashlib.sha256(f"{set_name}:{row_key}".encode()).hexdigest()
    return "test" if int(digest, 16) % 10 < 3 else "dev"
