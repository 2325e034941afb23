"""The vocabulary's regular expressions, built once from ``model`` and the round data, and compiled when first used.

Every reader module is imported on every run (the registry asks each one whether it knows a document), so a
reader's patterns are ``Pattern`` objects: compiled by the first run that uses them, not by every import.
"""

from __future__ import annotations

import re


class Pattern:
    """A regular expression compiled the first time it is used; otherwise a ``re.Pattern`` (``match``,
    ``search``, ``finditer``, ``sub``, ``pattern``, ...)."""

    __slots__ = ("_source", "_flags", "_compiled")

    def __init__(self, source: str, flags: int = 0):
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern | None = None

    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled

    def __getattr__(self, name: str):
        return getattr(self.compiled(), name)
