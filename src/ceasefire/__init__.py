"""ceasefire: news reports on wars and peace processes in, a sourced database out."""

from ceasefire.schema import SCHEMA_VERSION

__version__ = "0.1.0"
__all__ = ["SCHEMA_VERSION", "__version__"]
