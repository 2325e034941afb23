"""Forgiving names for what analysts type on the command line.

Forces live in ``model`` (aliases in data/forces.csv). Here: forces as the CLI takes them (a police
force outside the 43 territorial forces, e.g. British Transport Police, is named as such:
data/other_forces.csv), regions ('East Midlands', 'e midlands', 'Yorkshire'), comparison groups
(national, a region, or forces the analyst names), pillars ('eff', 'Legitimacy'), questions (an id
or words from the printed text), grades ('ri', 'requires improvement'), trends ('better', '↑') and
years ('2018/19', '2018-19', '2018'). An unknown name raises
UnknownNameError (exit 2) with 'did you mean' suggestions; an ambiguous one a UsageError
listing the candidates. No pandas here.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from . import model
from .errors import UnknownNameError, UsageError

TERRITORIAL = "not a territorial police force in England and Wales"


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
# ------------------------------------------------------------------ forces, regions, groups


def _norm(text: str) -> str:
    t = model.clean_space(text).lower().replace("&", " and ")
    return model.clean_space(re.sub(r"[^a-z0-9 ]+", " ", t))


@lru_cache(maxsize=1)
def other_forces() -> dict[str, tuple[str, str]]:
    """Normalised name or alias -> (name, what it is) for police forces outside the 43 (data/other_forces.csv)."""
    out: dict[str, tuple[str, str]] = {}
    with model.data_file("other_forces.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            for name in (r["name"], *filter(None, r["aliases"].split(";"))):
                out[_norm(name)] = (r["name"], r["what"])
    return out


def resolve_force(text: str) -> model.Force:
    """A territorial force by any of its names; a force outside the 43 (BTP, Police Scotland...) is named as
    such, anything else gets 'did you mean' suggestions (both exit 2)."""
    f = model.find_force(text)
    if f is not None:
        return f
    other = other_forces().get(_norm(text))
    if other is not None:
        name, what = other
        shown = repr(text) if _norm(text) == _norm(name) else f"{text!r} ({name})"
        raise UsageError(f"{shown} is {TERRITORIAL}: {what}. PEEL grades the 43 territorial forces; "
                         "see 'peelkit grid' for their names")
    return model.resolve_force(text)


@lru_cache(maxsize=1)
def regions() -> tuple[str, ...]:
    """The regions of data/forces.csv, in A-Z order."""
    return tuple(sorted({f.region for f in model.forces()}))


def _region_key(text: str) -> str:
    t = _norm(text)
    t = re.sub(r"^(the )?(region of )?", "", t)
    t = re.sub(r"\bmids\b", "midlands", t)
    return re.sub(r" region$", "", t).strip()


def find_region(text: str, prefix: bool = True) -> str | None:
    """The region ``text`` names ('East Midlands', 'east-midlands', 'E Midlands', 'Yorkshire'), or None."""
    key = _region_key(text)
    if not key:
        return None
    by_key = {_region_key(r): r for r in regions()}
    if key in by_key:
        return by_key[key]
    short = {_region_key(r).replace("east", "e").replace("west", "w").replace("north", "n").replace("south", "s"): r
             for r in regions()}
    if key in short:
        return short[key]
    if prefix:
        hits = [r for k, r in by_key.items() if k.startswith(key)]
        if len(hits) == 1:
            return hits[0]
    return None


@dataclass(frozen=True)
class Group:
    """A comparison group: every force of the year ('national'), a region, or forces the analyst names."""

    kind: str  # national | region | peers
    force_ids: tuple[str, ...] | None  # None: every force the year holds
    label: str  # 'national', 'region (East Midlands)', 'peer group: Derbyshire, Leicestershire'
    phrase: str  # 'nationally', 'in East Midlands', 'in the peer group'
    region: str = ""

    def describe(self) -> str:
        return self.label


NATIONAL = Group("national", None, "national", "nationally")


def split_names(values: list[str] | None) -> list[str]:
    """Repeated options and comma-separated lists alike: ['Derbyshire, Notts', 'Lincs'] -> three names."""
    out = []
    for v in values or []:
        out += [x.strip() for x in str(v).split(",") if x.strip()]
    return out


def resolve_group(values: list[str] | None, force: model.Force | None = None) -> Group:
    """--against / --group: 'national' (default), 'region' (the force's own), a region by name
    ('East Midlands', forgiving), or forces named one by one or comma-separated (a peer group; the
    profiled force is added to it). 'West Midlands' is the region; the force alone is 'West Midlands Police'."""
    names = split_names(values)
    if not names or [n.lower() for n in names] == ["national"]:
        return NATIONAL
    if len(names) == 1:
        n = names[0]
        if n.strip().lower() == "region":
            if force is None:
                raise UsageError("'region' means the force's own region: give --force, or name the region "
                                 f"({', '.join(regions())})")
            return _region_group(force.region, force)
        exact = find_region(n, prefix=False)
        if exact or model.find_force(n) is None:
            reg = exact or find_region(n)
            if reg:
                return _region_group(reg, force)
    if any(n.strip().lower() in ("national", "region") for n in names):
        raise UsageError("national and region stand alone; a peer group is a list of forces, e.g. "
                         "--against 'Derbyshire, Nottinghamshire'")
    ids: list[str] = []
    for n in names:
        try:
            f = resolve_force(n)
        except UnknownNameError as exc:
            regs = difflib.get_close_matches(_region_key(n), [_region_key(r) for r in regions()], n=2, cutoff=0.75)
            regs = [r for r in regions() if _region_key(r) in regs] if len(names) == 1 else []
            raise UnknownNameError("force or region", n, list(dict.fromkeys(regs + exc.suggestions))[:3]) from None
        if f.force_id not in ids:
            ids.append(f.force_id)
    if force is not None and force.force_id not in ids:
        ids.append(force.force_id)
    ids = sorted(ids, key=lambda i: model.force_by_id(i).name)
    return Group("peers", tuple(ids), "peer group: " + ", ".join(model.force_by_id(i).name for i in ids),
                 "in the peer group")


def _region_group(region: str, force: model.Force | None) -> Group:
    ids = [f.force_id for f in model.forces() if f.region == region]
    label = f"region ({region})"
    if force is not None and force.force_id not in ids:
        ids.append(force.force_id)
        label = f"region ({region}) and {force.name}"
    return Group("region", tuple(ids), label, f"in {region}", region)
