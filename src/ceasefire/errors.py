"""One exception hierarchy. Every error carries a stable code; rejections also name the input.

Codes are part of the contract: the store keeps them, users filter on them, so a code is
never reused for another meaning.
"""

from __future__ import annotations

# Rejection codes for inputs. The message says what was wrong in words a user can act on.
E_EMPTY = "E_EMPTY"  # nothing but whitespace after decoding / cleaning
E_BINARY = "E_BINARY"  # looks like a binary file (NUL bytes, control characters)
E_DECODE = "E_DECODE"  # bytes that no common encoding decodes
E_TOO_LARGE = "E_TOO_LARGE"  # over the configured size limit
E_LANGUAGE = "E_LANGUAGE"  # not English (other languages come later)
E_NO_BODY = "E_NO_BODY"  # an HTML page with no article body to extract
E_BAD_JSON = "E_BAD_JSON"  # a JSON Lines line that does not parse as an object
E_NO_TEXT_FIELD = "E_NO_TEXT_FIELD"  # a corpus record or CSV without the text field
E_BAD_CSV = "E_BAD_CSV"  # a CSV/TSV row the csv parser cannot read
E_UNSUPPORTED = "E_UNSUPPORTED"  # a file type no reader handles
E_UNREADABLE = "E_UNREADABLE"  # the file could not be opened or read
E_TOO_SHORT = "E_TOO_SHORT"  # too little text to be a report
E_EXTRACT = "E_EXTRACT"  # extraction failed on this input (a bug: please report it)

DUPLICATE_EXACT = "D_EXACT"
DUPLICATE_NEAR = "D_NEAR"


class CeasefireError(Exception):
    """Base of every error the library raises on purpose."""

    code = "E_CEASEFIRE"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(CeasefireError):
    """One input cannot be processed; the batch goes on without it."""

    code = "E_INPUT"

    def __init__(self, code: str, message: str, *, path: str | None = None) -> None:
        super().__init__(message, code=code)
        self.path = path


class UsageError(CeasefireError):
    """The command or API call itself was misused (bad option, missing path)."""

    code = "E_USAGE"


class ConfigError(CeasefireError):
    code = "E_CONFIG"


class ModelError(CeasefireError):
    """The spaCy model is missing, or its files are not the verified ones."""

    code = "E_MODEL"


class KnowledgeBaseError(CeasefireError):
    code = "E_KB"


class StoreError(CeasefireError):
    code = "E_STORE"
