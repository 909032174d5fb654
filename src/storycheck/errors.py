"""One exception hierarchy; every message carries a code and a hint."""
from __future__ import annotations


class StorycheckError(Exception):
    """Base class for storycheck's own errors."""

    code = "SC000"

    def __init__(self, message: str, hint: str | None = None):
        self.message = message
        self.hint = hint
        super().__init__(f"[{self.code}] {message}" + (f" ({hint})" if hint else ""))


class ReadError(StorycheckError):
    """An input could not be read or decoded; the batch skips it."""

    code = "SC100"


class ExtractError(ReadError):
    """An input was read but held no article text."""

    code = "SC110"


class UsageError(StorycheckError):
    """The caller asked for something impossible (no inputs, bad option)."""

    code = "SC200"


class NoDocumentsError(StorycheckError):
    """Every input was skipped, so there is nothing to analyse."""

    code = "SC300"


class StoreError(StorycheckError):
    """The database could not be opened, migrated or written."""

    code = "SC400"
