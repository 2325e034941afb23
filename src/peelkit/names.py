"""Forgiving names for what analysts type on the command line.

Forces live in ``model`` (aliases in data/forces.csv). Here: pillars ('eff', 'Legitimacy'),
questions (an id or words from the printed text), grades ('ri', 'requires improvement'),
trends ('better', '↑') and years ('2018/19', '2018-19', '2018'). An unknown name raises
UnknownNameError (exit 2) with 'did you mean' suggestions; an ambiguous one a UsageError
listing the candidates. No pandas here.
"""

from __future__ import annotations

import difflib
import re

from . import model
from .errors import UnknownNameError, UsageError


def _suggest(text: str, choices: list[str], n: int = 3) -> list[str]:
    t = text.strip().lower()
    out = [c for c in choices if c.lower().startswith(t)] if t else []
    out += difflib.get_close_matches(t, [c.lower() for c in choices], n=n, cutoff=0.5)
    seen: list[str] = []
    for c in out:
        canon = next((x for x in choices if x.lower() == c.lower()), c)
        if canon not in seen:
            seen.append(canon)
    return seen[:n]


def _resolve(kind: str, text: str, canonical, choices: tuple[str, ...]) -> str:
    """canonical(text), else the one choice ``text`` is a prefix of, else UnknownNameError."""
    found = canonical(text)
    if found:
        return found
    t = text.strip().lower()
    starts = [c for c in choices if t and c.lower().startswith(t)]
    if len(starts) == 1:
        return starts[0]
    raise UnknownNameError(kind, text, _suggest(text, list(choices)))


def resolve_pillar(text: str) -> str:
    return _resolve("pillar", text, model.pillar, model.PILLARS)


def resolve_grade(text: str) -> str:
    return _resolve("grade", text, model.grade, model.GRADES)


def resolve_trend(text: str) -> str:
    tr = model.trend(text)
    if tr:
        return tr
    raise UnknownNameError("trend", text, _suggest(text, list(model.TRENDS) + ["better", "same", "worse"]))


def resolve_question(text: str) -> model.Question:
    """A question id ('preventing-crime'), its printed text, or words from it ('vulnerable')."""
    t = text.strip().lower()
    q = model.question_by_id(t) or model.find_question(text)
    if q:
        return q
    words = [w for w in re.findall(r"[a-z0-9']+", t) if len(w) > 1]
    hits = [q for q in model.questions()
            if words and all(w in (q.question_id + " " + q.text.lower().replace("’", "'")) for w in words)]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise UsageError(f"question {text!r} is ambiguous: it matches "
                         + ", ".join(q.question_id for q in hits) + "; use one of those ids")
    raise UnknownNameError("question", text, _suggest(text, [q.question_id for q in model.questions()]))


def resolve_year(text: str, available: list[str] | None = None, what: str = "the data holds") -> str:
    """'2018/19', '2018-19', '2018/2019' -> '2018/19'; a bare '2018' picks the year label starting 2018
    among ``available``. When ``available`` is given, a year outside it is an UnknownNameError saying which
    years there are (never an empty result that looks like 'no judgments')."""
    t = text.strip()
    label = model.year_label(t)
    if label is None and re.fullmatch(r"20\d\d", t):
        hits = [y for y in available or [] if y.startswith(t)]
        label = hits[0] if len(hits) == 1 else f"{t}/{(int(t) + 1) % 100:02d}"
    if label is None:  # a round's name: '2023-25', 'PEEL 2016', '2023–2025'
        r = model.find_round(t)
        label = r.year if r else None
    if label is None:
        raise UnknownNameError("year", text, _suggest(text, list(available or [])) or ["2018/19"])
    if available is None or label in available:
        return label
    near = [y for y in available if t in (y[:4], "20" + y[5:7])] if re.fullmatch(r"20\d\d", t) else []
    held = ", ".join(sorted(available)) or "no years"
    raise UnknownNameError("year", text, near, hint=f"{what} {held}")


def grade_scale_of(grades: list[str], year: str | None = None) -> int:
    """4 or 5: the grade scale a set of grades is on. 'Adequate' only exists on the 5-tier scale,
    used from PEEL 2021/22; earlier rounds are 4-tier."""
    if any(g == "Adequate" for g in grades):
        return 5
    if year and int(year[:4]) >= 2021:
        return 5
    return 4


def resolve_area(text: str) -> str:
    """An area of policing (area-era rounds, data/rounds.toml) -> its id: the id ('investigating-crime'), any
    wording a round prints for it, or words from those ('victims', 'serious organised'). The same id names
    the area in every round that grades it."""
    areas = [a for r in model.rounds() for a in r.areas]
    for r in model.rounds():
        a = r.area(text)
        if a is not None:
            return a.area_id
    words = [w for w in re.findall(r"[a-z0-9']+", text.strip().lower().replace("’", "'")) if len(w) > 1]
    hits = sorted({a.area_id for a in areas
                   if words and all(w in " ".join((a.area_id, *a.wordings())).lower() for w in words)})
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise UsageError(f"area {text!r} is ambiguous: it matches {', '.join(hits)}; use one of those ids")
    ids = sorted({a.area_id for a in areas})
    raise UnknownNameError("area", text, _suggest(text, ids))
