"""The PeelkitError family: every error a user can see, each with a one-line message.

The CLI turns any PeelkitError into one line on stderr and ``exit_code`` (``render.report``); ``--debug``
shows the traceback. Messages name the file, the page or line, and what was expected. This module
imports nothing: every layer may raise these.
"""

from __future__ import annotations


class PeelkitError(Exception):
    """Base class. ``exit_code`` 1 = input or check problem, 2 = usage problem."""

    exit_code = 1

    def __init__(self, message: str, *, source: str | None = None, page: int | None = None,
                 line: int | None = None):
        self.message = message
        self.source = source
        self.page = page
        self.line = line
        super().__init__(self.__str__())

    def where(self) -> str:
        parts = []
        if self.source:
            parts.append(str(self.source))
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts)

    def __str__(self) -> str:
        w = self.where()
        return f"{w}: {self.message}" if w else self.message


class SourceError(PeelkitError):
    """An input file is missing, unreadable, empty, or not a document peelkit knows."""


class UnknownDocumentError(SourceError):
    """A readable file that is not a kind of document peelkit knows (skipped in a directory scan)."""


class LayoutError(SourceError):
    """A known kind of document whose table layout could not be read."""


class DataError(PeelkitError):
    """The clean data directory is missing, incomplete or inconsistent."""


class UsageError(PeelkitError):
    exit_code = 2


class UnknownNameError(UsageError):
    """A force, pillar, question... name that matches nothing; carries suggestions."""

    def __init__(self, kind: str, name: str, suggestions: list[str] | None = None, hint: str | None = None):
        self.kind = kind
        self.name = name
        self.suggestions = list(suggestions or [])
        msg = f"unknown {kind} {name!r}"
        if hint:
            msg += f" ({hint})"
        if self.suggestions:
            msg += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(msg)

