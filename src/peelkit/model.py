"""Vocabularies: forces, pillars, grades, trends, questions, years, number words.

Everything here is plain Python (no pandas) so the CLI and the text parser stay fast.
The force list and the question list are data files in ``peelkit/data``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import UnknownNameError

_DATA = Path(__file__).resolve().parent / "data"


def data_file(name: str) -> Path:
    """A file of the package's own data (src/peelkit/data), read where the package is and nowhere else
    (importlib.resources would add about 25 ms to start-up for the same answer)."""
    return _DATA / name


# The package's TOML data (rounds.toml, layouts.toml) as JSON, each with the CRC-32 of the TOML it was
# made from (scripts/compile_data.py; tests/test_data_copy.py checks it is current). tomllib and what it
# imports cost about 12 ms of every run, reading the JSON 0.1 ms; a TOML edited since is parsed itself.
DATA_COPY = "toml_data.json"


def read_toml(name: str) -> dict:
    """A TOML file of the package's data, parsed (from its JSON copy when that was made from these bytes)."""
    import json
    import zlib

    raw = data_file(name).read_bytes()
    try:
        copy = json.loads(data_file(DATA_COPY).read_bytes()).get(name)
    except (OSError, ValueError, AttributeError):
        copy = None
    if isinstance(copy, dict) and copy.get("crc32") == zlib.crc32(raw) and isinstance(copy.get("data"), dict):
        return copy["data"]
    import tomllib

    return tomllib.loads(raw.decode("utf-8"))

PILLARS: tuple[str, ...] = ("effectiveness", "efficiency", "legitimacy")

# Grade vocabulary. The scale is recorded so 4-tier (2014-2018/19) and 5-tier (2021/22 on)
# grades are never compared silently.
GRADES_4: tuple[str, ...] = ("Outstanding", "Good", "Requires improvement", "Inadequate")
GRADES_5: tuple[str, ...] = ("Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate")
UNGRADED = "Ungraded"
GRADES: tuple[str, ...] = ("Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate", UNGRADED)
# rank: higher is better, on a common ordinal axis within a scale
GRADE_RANK_4 = {"Outstanding": 4, "Good": 3, "Requires improvement": 2, "Inadequate": 1}
GRADE_RANK_5 = {"Outstanding": 5, "Good": 4, "Adequate": 3, "Requires improvement": 2, "Inadequate": 1}

TRENDS: tuple[str, ...] = ("Improved", "Unchanged", "Declined")

_GRADE_WORDS = {
    "outstanding": "Outstanding",
    "good": "Good",
    "adequate": "Adequate",
    "requires improvement": "Requires improvement",
    "requiring improvement": "Requires improvement",
    "require improvement": "Requires improvement",
    "ri": "Requires improvement",
    "inadequate": "Inadequate",
    "ungraded": UNGRADED,
    "not graded": UNGRADED,
}
_TREND_WORDS = {
    "improved": "Improved",
    "better": "Improved",
    "got better": "Improved",
    "improvement": "Improved",
    "up": "Improved",
    "↑": "Improved",
    "▲": "Improved",
    "unchanged": "Unchanged",
    "same": "Unchanged",
    "stayed the same": "Unchanged",
    "no change": "Unchanged",
    "↔": "Unchanged",
    "→": "Unchanged",
    "=": "Unchanged",
    "declined": "Declined",
    "worse": "Declined",
    "got worse": "Declined",
    "deterioration": "Declined",
    "down": "Declined",
    "↓": "Declined",
    "▼": "Declined",
}

_NUMBER_WORDS = {
    "no": 0, "none": 0, "zero": 0, "one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
}
_NUMBER_TO_WORD = {v: k for k, v in _NUMBER_WORDS.items() if k not in ("no", "none", "a", "zero")}

_YEAR_RE = re.compile(r"^(20\d\d)\s*[/\-–]\s*(\d\d|20\d\d)$")


def clean_space(text: str) -> str:
    """Collapse runs of whitespace (including non-breaking spaces) into one space. (str.split and the
    regex ``\\s`` agree on every code point; split is about 3x faster on a page of text.)"""
    return " ".join(text.split())


def _key(text: str) -> str:
    return clean_space(text).lower().strip(" .*:")


def grade(text: str) -> str | None:
    """Canonical grade for ``text`` ("requiring improvement" -> "Requires improvement"), or None."""
    return _GRADE_WORDS.get(_key(text))


def trend(text: str) -> str | None:
    """Canonical trend for ``text`` (better/same/worse and arrows accepted), or None."""
    return _TREND_WORDS.get(_key(text))


def year_label(text: str) -> str | None:
    """Normalise a year like '2018/19', '2018-19', '2018/2019' to '2018/19'; None if not a year label."""
    m = _YEAR_RE.match(clean_space(text))
    if not m:
        return None
    start, end = int(m.group(1)), m.group(2)
    end2 = int(end[-2:])
    if end2 != (start + 1) % 100:
        return None
    return f"{start}/{end2:02d}"


def number(text: str) -> int | None:
    """'six' -> 6, '35' -> 35, 'twenty-one' -> 21; None when not a number."""
    t = _key(text)
    if t.isdigit():
        return int(t)
    if t in _NUMBER_WORDS:
        return _NUMBER_WORDS[t]
    parts = re.split(r"[\s-]+", t)
    if len(parts) == 2 and parts[0] in _NUMBER_WORDS and parts[1] in _NUMBER_WORDS:
        tens, unit = _NUMBER_WORDS[parts[0]], _NUMBER_WORDS[parts[1]]
        if tens >= 20 and tens % 10 == 0 and 0 < unit < 10:
            return tens + unit
    return None


def number_words(n: int) -> str:
    """Report style: numbers one to ten in words, larger ones as digits ('six', '35')."""
    return _NUMBER_TO_WORD[n] if 0 < n <= 10 else str(n)


# ---------------------------------------------------------------- forces


@dataclass(frozen=True)
class Force:
    """A police force of England and Wales (data/forces.csv)."""

    force_id: str
    name: str
    region: str
    aliases: tuple[str, ...]


def _norm_force(text: str) -> str:
    t = clean_space(text).lower().replace("&", " and ")
    t = re.sub(r"[^a-z0-9 ]+", " ", t)
    t = re.sub(r"\b(police|constabulary|service|force|heddlu)\b", " ", t)
    return clean_space(t)


@lru_cache(maxsize=1)
def forces() -> tuple[Force, ...]:
    with data_file("forces.csv").open(encoding="utf-8") as fh:
        return tuple(
            Force(r["force_id"], r["name"], r["region"], tuple(a for a in r["aliases"].split(";") if a))
            for r in csv.DictReader(fh)
        )


@lru_cache(maxsize=1)
def _force_index() -> dict[str, Force]:
    index: dict[str, Force] = {}
    for f in forces():
        for name in (f.force_id, f.name, *f.aliases):
            index[_norm_force(name)] = f
            index[name.lower()] = f
    return index


@lru_cache(maxsize=1)
def first_words() -> frozenset[str]:
    """The first word (lower case) of every force name and alias, grade and trend word: a phrase that
    starts with any other word is none of them (lets a tokenizer skip prose quickly)."""
    keys = [*_force_index(), *_GRADE_WORDS, *_TREND_WORDS]
    return frozenset(k.split()[0] for k in keys if k.split())


def find_force(text: str) -> Force | None:
    """The force ``text`` names ('Leics', 'leicestershire police', 'Met'), or None."""
    idx = _force_index()
    return idx.get(text.strip().lower()) or idx.get(_norm_force(text))


def force_suggestions(text: str, n: int = 3) -> list[str]:
    keys = {}
    for f in forces():
        for name in (f.name, f.force_id, *f.aliases):
            keys.setdefault(_norm_force(name), f.name)
    import difflib

    close = difflib.get_close_matches(_norm_force(text), list(keys), n=n * 3, cutoff=0.6)
    # also prefix matches: 'leic' -> Leicestershire
    q = _norm_force(text)
    if q:
        close += [k for k in keys if k.startswith(q)]
    out: list[str] = []
    for k in close:
        if keys[k] not in out:
            out.append(keys[k])
    return out[:n]


def resolve_force(text: str) -> Force:
    """Like find_force but raises UnknownNameError with 'did you mean' suggestions."""
    f = find_force(text)
    if f is None:
        raise UnknownNameError("force", text, force_suggestions(text))
    return f


def force_by_id(force_id: str) -> Force:
    for f in forces():
        if f.force_id == force_id:
            return f
    raise UnknownNameError("force id", force_id, force_suggestions(force_id))


# ---------------------------------------------------------------- questions


@dataclass(frozen=True)
class Question:
    """A PEEL question of a pillar (data/questions.csv)."""

    pillar: str
    question_id: str
    order: int
    text: str
    label: str = ""  # short column label (questions.csv 'label'); empty = derive from the id


def _norm_question(text: str) -> str:
    t = clean_space(text).lower().replace("’", "'").strip(" *#?")
    return re.sub(r"[^a-z0-9' ]+", "", t)


@lru_cache(maxsize=1)
def questions() -> tuple[Question, ...]:
    with data_file("questions.csv").open(encoding="utf-8") as fh:
        return tuple(
            Question(r["pillar"], r["question_id"], int(r["order"]), r["text"], r.get("label") or "")
            for r in csv.DictReader(fh)
        )


@lru_cache(maxsize=1)
def _question_index() -> dict[str, Question]:
    """Printed text -> question: its text in questions.csv and the other wordings of it the
    Inspectorate printed in other years ('also_printed_as', separated by ';')."""
    index = {_norm_question(q.text): q for q in questions()}
    for q in questions():
        for alt in question_texts(q.question_id)[1:]:
            index.setdefault(_norm_question(alt), q)
    return index


@lru_cache(maxsize=None)
def question_texts(question_id: str) -> tuple[str, ...]:
    """Every wording of a question: its text, then the others printed in other years."""
    with data_file("questions.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["question_id"] == question_id:
                return (r["text"], *filter(None, (r.get("also_printed_as") or "").split(";")))
    return ()


def find_question(text: str) -> Question | None:
    """The question whose printed text is ``text`` (whitespace, markup and case ignored)."""
    return _question_index().get(_norm_question(text))


def question_by_id(question_id: str) -> Question | None:
    for q in questions():
        if q.question_id == question_id:
            return q
    return None


def question_order(question_id: str) -> int:
    """Sort key of a question within its pillar: 0 for the pillar judgment (empty id), 99 if unknown."""
    if not question_id:
        return 0
    q = question_by_id(question_id)
    return q.order if q else 99


def pillar_questions(pillar: str, round_id: str | None = None) -> list[Question]:
    """A pillar's questions: those the round asked, in its printed order (data/rounds.toml), or without a
    round every question of the pillar in questions.csv's order."""
    if round_id is not None:
        r = round_by_id(round_id)
        ids = r.questions(pillar) if r else ()
        return [q for q in (question_by_id(i) for i in ids) if q is not None]
    return sorted((q for q in questions() if q.pillar == pillar), key=lambda q: q.order)


def pillar(text: str) -> str | None:
    t = clean_space(text).lower().strip(" #*£:")
    t = clean_space(t)
    return t if t in PILLARS else None


def pillar_order(p: str) -> int:
    return PILLARS.index(p) if p in PILLARS else len(PILLARS)


# ---------------------------------------------------------------- rounds


@dataclass(frozen=True)
class Area:
    """A graded (or assessed but ungraded) area of policing in an area-era round."""

    area_id: str
    name: str
    order: int
    also_printed_as: tuple[str, ...] = ()
    graded: bool = True

    def wordings(self) -> tuple[str, ...]:
        return (self.name, *self.also_printed_as)


@dataclass(frozen=True)
class Round:
    """One PEEL round's framework, read from data/rounds.toml (rounds are data, never code)."""

    round_id: str  # "2018/19", "2016", "2023-25"
    label: str  # "PEEL 2016"
    year: str  # the year label its rows carry: "2016/17", "2023/25"
    era: str  # "pillars" | "areas"
    scale: int  # 4 | 5
    framework: str  # rounds sharing a framework can be compared grade for grade
    forces: int
    graded_pillars: tuple[str, ...]
    pillars: tuple[tuple[str, tuple[str, ...]], ...]  # (pillar, question ids in printed order)
    ungraded: tuple[str, ...]
    areas: tuple[Area, ...]
    national: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # (pillar, ((grade, count), ...))
    uncertain: tuple[str, ...]
    # a round whose framework differs from the round before it: why its grades cannot be compared with the
    # earlier rounds' (the Inspectorate's words where recorded), and where that was said
    not_comparable: str = ""
    not_comparable_source: str = ""
    published: tuple[str, str] | None = None  # [first, last] ISO day the round's pages and reports were published
    assessment: int = 0  # the round's number in "This is HMIC's third PEEL assessment" (0: not numbered so)
    optional: tuple[str, ...] = ()  # areas graded for some forces only: a force's complete list may lack them

    def published_on(self, day: str) -> bool:
        """Whether an ISO day (YYYY-MM-DD) falls in the round's publication window."""
        return self.published is not None and self.published[0] <= day <= self.published[1]

    @property
    def grades(self) -> tuple[str, ...]:
        """The grades of the round's scale, best first (Ungraded is not on any scale)."""
        return GRADES_5 if self.scale == 5 else GRADES_4

    @property
    def rank(self) -> dict[str, int]:
        return GRADE_RANK_5 if self.scale == 5 else GRADE_RANK_4

    def comparable(self, other: Round) -> bool:
        """Grades of two rounds can be compared only within one framework (the Inspectorate says 2021/22
        cannot be compared with earlier rounds, nor 2023-25 with 2021/22)."""
        return self.framework == other.framework and self.scale == other.scale

    def questions(self, pillar: str) -> tuple[str, ...]:
        return dict(self.pillars).get(pillar, ())

    def area(self, text: str) -> Area | None:
        """The area ``text`` names: its id or any of its wordings (case, punctuation, spacing ignored)."""
        key = _norm_area(text)
        for a in self.areas:
            if key == a.area_id or key in {_norm_area(w) for w in a.wordings()}:
                return a
        return None

    def national_counts(self, pillar: str) -> dict[str, int]:
        return dict(dict(self.national).get(pillar, ()))


def _norm_area(text: str) -> str:
    t = clean_space(text).lower().replace("’", "'").replace("&", " and ")
    return clean_space(re.sub(r"[^a-z0-9' -]+", " ", t)).strip(" -")


@lru_cache(maxsize=1)
def rounds() -> tuple[Round, ...]:
    """Every round in data/rounds.toml, oldest first."""
    data = read_toml("rounds.toml")["rounds"]
    out = []
    for rid, b in data.items():
        ungraded = tuple(b.get("ungraded", []))
        areas = tuple(Area(a["id"], a["name"], i + 1, tuple(a.get("also_printed_as", [])), a["id"] not in ungraded)
                      for i, a in enumerate(b.get("areas", [])))
        out.append(Round(
            round_id=rid, label=b["label"], year=b["year"], era=b["era"], scale=int(b["scale"]),
            framework=b["framework"], forces=int(b["forces"]), graded_pillars=tuple(b.get("graded_pillars", [])),
            pillars=tuple((p, tuple(q)) for p, q in b.get("pillars", {}).items()), ungraded=ungraded, areas=areas,
            national=tuple((p, tuple(c.items())) for p, c in b.get("national", {}).items()),
            uncertain=tuple(b.get("uncertain", [])), not_comparable=b.get("not_comparable", ""),
            not_comparable_source=b.get("not_comparable_source", ""),
            published=tuple(b["published"]) if b.get("published") else None,  # type: ignore[arg-type]
            assessment=int(b.get("assessment", 0)), optional=tuple(b.get("optional", []))))
    return tuple(sorted(out, key=lambda r: r.year))


def round_by_id(round_id: str) -> Round | None:
    return next((r for r in rounds() if r.round_id == round_id), None)


def round_for_year(year: str) -> Round | None:
    """The round whose rows carry the year label ``year`` ('2016/17' -> round 2016)."""
    return next((r for r in rounds() if r.year == year), None)


_ROUND_RE = re.compile(r"^(?:peel\s*)?(20\d\d)(?:\s*(?:[/\-–—]|to)\s*(?:20)?(\d\d))?$")


def find_round(text: str) -> Round | None:
    """The round ``text`` names: its id, label or year label, forgivingly ('2023-25', 'PEEL 2023–2025',
    '2023/25', '2016', '2016/17', '2018-19'); None when it names none."""
    t = clean_space(text).lower()
    for r in rounds():
        if t in (r.round_id.lower(), r.label.lower(), r.year):
            return r
    m = _ROUND_RE.match(t)
    if not m:
        return None
    start, end = m.group(1), m.group(2)
    for r in rounds():
        r_start, r_end = r.year[:4], r.year[5:7]
        if start == r_start and (end is None or end == r_end):
            return r
    return None
