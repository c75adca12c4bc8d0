"""Knowledge the project writes itself: the data files under ``kb/data/`` and their indexes.

Every extractor reads its lexicon through :func:`load_data`, so the file location, the YAML
loader and the error for a broken file are decided once.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

# PyYAML's C loader (libyaml) where it is built: 6-10x faster than ``safe_load`` on our
# lexicons, to an equal object (tests/test_speed_caches.py checks every shipped file).
YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def data_text(name: str) -> str:
    """The text of ``kb/data/<name>`` as shipped with the package."""
    return resources.files("ceasefire.kb").joinpath("data", name).read_text("utf-8")


def load_data(name: str) -> Any:
    """``kb/data/<name>`` parsed as YAML; raises ``OSError`` or ``yaml.YAMLError``."""
    return yaml.load(data_text(name), Loader=YAML_LOADER)
