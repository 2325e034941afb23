"""What kind of document is this file? A small registry (data), one entry per kind.

Each kind names a test on the text (or the PDF's text) and the parser to run, imported lazily
so that ``peelkit --help`` imports nothing heavy. Parsers take ``(lines, source_file)`` for text
(``pages=`` for a PDF's lines) and return an ``Extraction``; a kind with ``words`` also gets, for a
PDF, ``words(pages)``: the word positions of just those pages (``sources.pdf.page_words``).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..schema import Extraction


@dataclass(frozen=True)
class Kind:
    """A kind of document peelkit recognises by its text, and its parser."""

    name: str
    description: str
    pattern: str  # regex searched (multiline, case-insensitive) in the document text
    parser: str  # "module:function" taking (lines, source_file) -> Extraction
    also: str | None = None  # a second regex the text must also hold
    words: bool = False  # the parser reads word positions of a PDF's pages (a grid)

    def matches(self, text: str) -> bool:
        if re.search(self.pattern, text, re.M | re.I) is None:
            return False
        return self.also is None or re.search(self.also, text, re.M | re.I) is not None

    def load(self) -> Callable[[list[str], str], Extraction]:
        mod, fn = self.parser.split(":")
        return getattr(importlib.import_module(mod), fn)


# Order matters: the first kind whose pattern matches wins.
KINDS: list[Kind] = [
    Kind("state_of_policing", "State of Policing report with the PEEL judgments table",
         r"(?:^|\f)[#* \t]*PEEL\s+judgments\s+table", "peelkit.readers.state_of_policing:parse"),
    Kind("report_catalogue", "force's list of HMIC/HMICFRS inspection reports",
         r"^[ \t]*HMIC and HMICFRS Reports[ \t]*$", "peelkit.readers.report_catalogue:parse"),
    Kind("area_report", "PEEL 2021/22 or 2023–25 force report (graded areas of policing)",
         r"Our\s+inspection\s+assessed\s+how\s+good\s+.{3,80}?\s+is\s+in\s+\S+\s+areas\s+of\s+policing",
         "peelkit.readers.area_report:parse", words=True),
    Kind("force_report", "PEEL force report (2014–2017: one force, one pillar; 2018/19: all three pillars)",
         r"report\s+sets\s+out\s+our\s+findings\s+for\s+[^.]{3,60}?(Police|Constabulary)|"
         r"PEEL:?\s*Police\s+effectiveness,?\s+efficiency\s+and\s+legitimacy\s+20\d\d\s*/\s*\d\d",
         "peelkit.readers.force_report:parse"),
    Kind("grade_list", "grade-grouped list or 'by exception' statement of PEEL grades (press release, news copy)",
         r"^[#* \t•-]*(?:outstanding|good|adequate|requires\s+improvement|requiring\s+improvement|inadequate)[* \t]*"
         r"(?:\([^)\n]{0,20}\)[* \t]*)?(?:[:–—][ \t]*\S.*)?$|all\s+other\s+forces\s+(?:were|are)\s+(?:graded|judged|rated)|"
         r"\b\w+ forces (?:were|are) (?:graded|judged|rated|assessed)\b",
         "peelkit.readers.grade_list:parse", also=r"\b(?:PEEL|HMIC(?:FRS)?|[Ii]nspectorate)\b"),
]


def detect(text: str) -> Kind | None:
    for kind in KINDS:
        if kind.matches(text):
            return kind
    return None


def known_kinds() -> str:
    return "; ".join(k.description for k in KINDS)
