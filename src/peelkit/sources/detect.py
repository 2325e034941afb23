"""What kind of document is this file? A small registry (data), one entry per kind.

Each kind names a test on the text (or the PDF's text) and the parser to run, imported lazily
so that ``peelkit --help`` imports nothing heavy. Parsers take ``(lines, source_file)`` for text
and return an ``Extraction``.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..schema import Extraction


@dataclass(frozen=True)
class Kind:
    name: str
    description: str
    pattern: str  # regex searched (multiline, case-insensitive) in the document text
    parser: str  # "module:function" taking (lines, source_file) -> Extraction

    def matches(self, text: str) -> bool:
        return re.search(self.pattern, text, re.M | re.I) is not None

    def load(self) -> Callable[[list[str], str], Extraction]:
        mod, fn = self.parser.split(":")
        return getattr(importlib.import_module(mod), fn)


# Order matters: the first kind whose pattern matches wins.
KINDS: list[Kind] = [
    Kind("state_of_policing", "State of Policing report with the PEEL judgments table",
         r"(?:^|\f)[#*\s]*PEEL\s+judgments\s+table", "peelkit.parse.state_of_policing:parse"),
    Kind("force_report", "PEEL force report (one force, one pillar)",
         r"report sets out our findings for .{3,60}?(Police|Constabulary)", "peelkit.parse.force_report:parse"),
    Kind("report_catalogue", "force's list of HMIC/HMICFRS inspection reports",
         r"^\s*HMIC and HMICFRS Reports\s*$", "peelkit.parse.catalogue:parse"),
]


def detect(text: str) -> Kind | None:
    for kind in KINDS:
        if kind.matches(text):
            return kind
    return None


def known_kinds() -> str:
    return "; ".join(k.description for k in KINDS)
