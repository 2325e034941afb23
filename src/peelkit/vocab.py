"""The vocabulary's regular expressions, built once: grades, trends, pillars and numbers from ``model``'s word
lists, round labels from ``model.ROUND_LABEL``, and the judgments table's title.

Readers build their patterns from these fragments (no grade, pillar or number word is typed again in a reader),
and the wordings in data/rounds.toml name them as ``{GRADE}``, ``{NUM}``, ``{PILLAR}`` and ``{ROUND}``
(``fill``). Each fragment is a non-capturing group; a space in a word matches any run of whitespace.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import model


def alternation(words: Iterable[str]) -> str:
    """The words as one non-capturing group, longest first (so that no word stops short of a longer one it
    begins: "nine" and "nineteen"); a space matches any run of whitespace."""
    return "(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True)) + ")"


# every way a grade on a scale is printed: "requires improvement", "requiring improvement", "require improvement"
GRADE = alternation(model.grade_wordings())
# the grades by their names (Outstanding ... Inadequate, Ungraded): for tables that print them so
GRADE_NAME = alternation(model.GRADES)
# the grades of the five-tier scale (every grade a round's scale has)
SCALE_GRADE = alternation(model.GRADES_5)
PILLAR = alternation(model.PILLARS)
# a number in digits or words, "twenty-one" too ("a" is not: "a good force" counts nothing)
NUM = (r"(?:\d{1,2}|" + alternation(model.TENS) + r"(?:[\s-]" + alternation(model.UNITS) + r")?|"
       + alternation(model.number_wordings()) + ")")
# a round as printed: 2016, 2018/19, 2018-2019, 2023–25, 2023 to 2025
ROUND = f"(?:{model.ROUND_LABEL})"
# the judgments table's title line in a State of Policing report, and its "continued" pages; its words alone are
# a quick test that a line may hold it
TABLE_TITLE_WORDS = r"judgments\s+table"
TABLE_TITLE = rf"PEEL\s+{TABLE_TITLE_WORDS}(?P<cont>\s+continued)?"

_PLACES = {"{GRADE}": GRADE, "{NUM}": NUM, "{PILLAR}": PILLAR, "{ROUND}": ROUND}
_PLACE_RE = re.compile("|".join(map(re.escape, _PLACES)))


def fill(raw: str) -> str:
    """A wording of the data with its {GRADE}, {NUM}, {PILLAR} and {ROUND} filled in."""
    return _PLACE_RE.sub(lambda m: _PLACES[m.group(0)], raw)
