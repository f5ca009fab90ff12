"""accord's error hierarchy: user errors exit 2 with one line, internal errors exit 1."""

from __future__ import annotations


class AccordError(Exception):
    """Base of every error accord raises on purpose."""

    exit_code = 1


class InputError(AccordError):
    """Bad user input (file, field, value); the message names where."""

    exit_code = 2

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class ScenarioError(InputError):
    """A scenario that cannot be loaded or is inconsistent."""


class StoreError(AccordError):
    """Storage problems: bad URL, unreachable database, schema mismatch."""

    exit_code = 2
