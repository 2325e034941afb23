"""The vocabulary of grades stated in prose, built once from data/rounds.toml ``[prose]`` and the model.

Every regular expression the prose reader runs is compiled here, from data: the grade words (model), the force
names and aliases (data/forces.csv), the verbs and links between a subject and its grade, and the phrases that
name a pillar, a question or an area (data/rounds.toml ``[prose]``). Text is normalised before it is matched
(``norm``: whitespace collapsed, curly quotes and dashes made plain), so the data needs no variants of those.
All patterns are linear: alternations of words and bounded gaps, no nested unbounded repetition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import model
from ..vocab import GRADE, fill
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
# a grade in quotes ("is 'good' at"): the quotes are dropped before matching
_QUOTED_GRADE_RE = re.compile(rf"['\"]\s*({GRADE})\s*['\"]", re.I)


# markdown a converter or an editor puts around a line: a heading's "## ", a bold line's "**...**"
_HEADING_MARK_RE = re.compile(r"^#{1,6}[ \t]+")


def unmark(t: str) -> str:
    """A line without its markdown heading marks or the bold around it ("## Good", "**Good**": "Good")."""
    t = _HEADING_MARK_RE.sub("", t)
    if len(t) > 4 and t.startswith("**") and t.endswith("**") and "**" not in t[2:-2]:
        t = t[2:-2].strip()
    return t


def norm(text: str) -> str:
    """Whitespace collapsed, curly quotes and dashes plain, quotes around a grade dropped."""
    return _QUOTED_GRADE_RE.sub(r"\1", model.clean_space(text.translate(_QUOTES)))


# A force's name as printed: a run of capitalised words ("Greater Manchester", "Avon and Somerset", "City of
# London", "Hampshire and Isle of Wight"), then "Police", "Police Service" or "Constabulary" when printed. The
# pattern only finds candidates (bounded, so linear); ``find_force`` decides what is a force: an alternation of
# every name would cost some 0.2 s of regex compiling on every run.
_WORD = r"[A-Z][\w&'’-]*"
_NOT = r"(?!(?:PEEL|HMIC|HMICFRS|HMI|HM|The|This|It|Its|Our|We|In|A|An)\b)"
FORCE = (rf"(?-i:{_NOT}{_WORD}(?:\s+(?:and\s+|&\s+|of\s+|the\s+)?(?!PEEL\b){_WORD}){{0,4}})"
         r"(?:\s+(?i:police(?:\s+service)?|constabulary))?")


@dataclass(frozen=True)
class Vocab:
    """The compiled prose vocabulary (one instance: ``vocab()``)."""

    force: str  # regex: a force's name as printed
    subject: str  # regex: a sentence's subject standing for the page's force
    copula: str
    link: str
    prior: re.Pattern
    not_graded: re.Pattern
    observations: re.Pattern
    titles: tuple[re.Pattern, ...]
    assessment: re.Pattern
    dates: tuple[re.Pattern, ...]
    dateline: re.Pattern
    lead_in: re.Pattern
    counts: tuple[re.Pattern, ...]
    pillars: dict[str, tuple[re.Pattern, ...]]
    any_pillar: tuple[re.Pattern, ...]
    questions: dict[str, tuple[re.Pattern, ...]]
    areas: dict[str, tuple[re.Pattern, ...]]
    force_re: re.Pattern  # a force's name anywhere

    def topics(self, level: str) -> dict[str, tuple[re.Pattern, ...]]:
        return {"pillar": self.pillars, "question": self.questions, "area": self.areas}[level]


def _compile(raw: str, force: str) -> re.Pattern:
    return re.compile(fill(raw).replace("{FORCE}", force), re.I)


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    data = dict(model.read_toml("rounds.toml").get("prose", {}))
    force = FORCE

    def many(raw: object) -> tuple[re.Pattern, ...]:
        return tuple(_compile(r, force) for r in (raw if isinstance(raw, list) else [raw]))  # type: ignore[union-attr]

    def table(name: str) -> dict[str, tuple[re.Pattern, ...]]:
        return {k: many(v) for k, v in dict(data.get(name, {})).items() if k != "any"}

    return Vocab(
        force=force, subject=str(data["subject"]), copula=str(data["copula"]), link=str(data["link"]),
        prior=_compile(str(data["prior"]), force), not_graded=_compile(str(data["not_graded"]), force),
        observations=_compile(str(data["observations"]), force), titles=many(data["title"]),
        assessment=_compile(str(data["assessment"]), force), dates=many(data["date"]),
        dateline=_compile(str(data["dateline"]), force),
        lead_in=_compile(str(data["lead_in"]), force), counts=many(data.get("count", [])), pillars=table("pillars"),
        any_pillar=many(dict(data.get("pillars", {})).get("any", [])), questions=table("questions"),
        areas=table("areas"), force_re=re.compile(force, re.I))


_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}


def ordinal(word: str) -> int:
    return _ORDINALS.get(word.lower(), 0)


def find_force(text: str) -> model.Force | None:
    """The force a printed name stands for ('Kent Police', 'Avon & Somerset Constabulary', 'Met Police'), or None
    (a run of capitalised words that is no force: 'Senior Leaders', 'Neighbourhood')."""
    t = re.sub(r"['’]s?$", "", norm(text).replace(" & ", " and "))  # "Kent Police's"
    t = re.sub(r"^the\s+", "", t, flags=re.I) if not t.lower().startswith("the met") else t
    return model.find_force(t)


def forces_in(text: str) -> list[tuple[model.Force, re.Match]]:
    """Every force a text names, with where."""
    out = []
    for m in vocab().force_re.finditer(text):
        f = find_force(m.group(0))
        if f is not None:
            out.append((f, m))
    return out
