"""Claims to rows: one grade per (force, round, pillar / question / area), certain or a finding.

* a claim that quotes an earlier round is not this round's (``prior_grade``, no row);
* on a page about one force, a statement naming another force is a slip, not a judgment (``other_force``);
  on a page about several (a press-release page) the statement's own force, or its section's, is used, and a
  statement whose force cannot be told is a finding;
* every statement of the same subject must agree: the same grade twice (the page's summary and its pillar
  part) confirms it; two grades, or a grade and "not yet graded", are a ``statement_conflict`` and give no row;
* "not yet graded" alone is a ``not_graded`` finding, never a row;
* the grade must be on the round's scale (``off_scale``), the pillar graded in the round and the question one
  the round graded (``unexpected_value``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import model
from ..schema import Extraction
from .claims import Claim
from .page import Page


@dataclass
class Placed:
    """A claim whose force is certain, with its page."""

    page: Page
    claim: Claim
    force: model.Force


def _where(ex: Extraction, kind: str, message: str, line: int, claim: Claim | None = None, **kw) -> None:
    tags: dict = {}
    if claim is not None:
        if claim.level == "pillar":
            tags["pillar"] = claim.key
        elif claim.level == "question":
            q = model.question_by_id(claim.key)
            tags.update(pillar=q.pillar if q else None, question_id=claim.key)
        else:
            tags["area_id"] = claim.key
    ex.review(kind, message, line=line + 1, **tags, **kw)


def describe(claim: Claim, rnd: model.Round) -> str:
    if claim.level == "pillar":
        return f"{rnd.label} {claim.key}"
    if claim.level == "question":
        q = model.question_by_id(claim.key)
        return f"{rnd.label} {q.pillar if q else ''} question '{q.label if q and q.label else claim.key}'"
    a = next((a for a in rnd.areas if a.area_id == claim.key), None)
    return f"{rnd.label} area '{a.name if a else claim.key}'"


def _grade_text(g: str | None) -> str:
    return "not graded" if g is None else g.lower()


def resolve(ex: Extraction, page: Page, claims: list[Claim]) -> list[Placed]:
    """The claims of one page whose force is certain and which state this round's grade (findings for the rest)."""
    assert page.rnd is not None
    out = []
    for c in claims:
        if c.prior:
            _where(ex, "prior_grade", f"line {c.line + 1} quotes an earlier round's grade ({_grade_text(c.grade)}): "
                   f"not a judgment of {page.rnd.label}; not used", c.line, c, found=c.text[:200])
            continue
        force = c.force
        if page.force is not None:
            if c.named is not None and (force is None or force.force_id != page.force.force_id):
                _where(ex, "other_force", f"line {c.line + 1} names {c.named!r} on a page about {page.force.name}: "
                       f"{c.text[:160]!r}; not used", c.line, c, expected=page.force.name, found=c.named)
                continue
            force = page.force
        if force is None:
            _where(ex, "layout", f"line {c.line + 1}: cannot tell which force {c.text[:120]!r} is about (the page "
                   "names several); not used (pass --force if the page is about one force)", c.line, c)
            continue
        out.append(Placed(page, c, force))
    return out


def place(ex: Extraction, placed: list[Placed]) -> list[Placed]:
    """One row per subject whose statements agree; findings for the others. Returns the counts ("good in four
    areas") for ``check_counts``, which runs once every reading of the page is in ``ex``."""
    groups: dict[tuple, list[Placed]] = {}
    counts = [p for p in placed if p.claim.level == "count"]
    for p in placed:
        if p.claim.level == "count":
            continue
        assert p.page.rnd is not None
        groups.setdefault((p.force.force_id, p.page.rnd.round_id, p.claim.level, p.claim.key), []).append(p)
    for ps in groups.values():
        first = ps[0]
        rnd = first.page.rnd
        assert rnd is not None
        grades = [p.claim.grade for p in ps]
        distinct = list(dict.fromkeys(grades))
        what = f"{first.force.name}'s {describe(first.claim, rnd)}"
        if len(distinct) > 1:
            listed = "; ".join(f"{_grade_text(p.claim.grade)} at line {p.claim.line + 1}" for p in ps)
            _where(ex, "statement_conflict", f"{what} is stated differently on the page ({listed}); not used",
                   ps[1].claim.line, first.claim, found=listed)
            continue
        grade = distinct[0]
        if grade is None:
            _where(ex, "not_graded", f"{what}: the page says it is not graded ({first.claim.text[:120]!r}); no grade",
                   first.claim.line, first.claim, found=first.claim.text[:120])
            continue
        if not _allowed(ex, first, grade, what):
            continue
        ex.add(_table(first.claim.level), _row(first, grade, ex.source_file))
    return counts


def check_counts(ex: Extraction, counts: list[Placed]) -> None:
    """Counts of areas by grade against the areas read for that force and round. More areas of a grade than the
    page counts: one of them is misread, none of that grade is used (``count_mismatch``); fewer: a finding
    (``missing_area``); a complete count (as many areas as the round graded) leaves no room for another grade."""
    by: dict[tuple[str, str], dict[str, Placed]] = {}
    for p in counts:
        assert p.page.rnd is not None
        have = by.setdefault((p.force.force_id, p.page.rnd.round_id), {})
        prior = have.get(p.claim.key)
        if prior is not None and prior.claim.n != p.claim.n:
            _where(ex, "count_mismatch", f"{p.force.name}: the page counts {prior.claim.n} and {p.claim.n} areas "
                   f"graded {p.claim.key.lower()} (lines {prior.claim.line + 1} and {p.claim.line + 1})",
                   p.claim.line, expected=prior.claim.n, found=p.claim.n)
            have[p.claim.key] = None  # type: ignore[assignment]
        elif prior is None and p.claim.key not in have:
            have[p.claim.key] = p
    for (force_id, round_id), said in by.items():
        rnd = model.round_by_id(round_id)
        assert rnd is not None
        rows = [r for r in ex.rows("areas") if r["force_id"] == force_id and r["round"] == round_id and r.get("grade")
                and r["grade"] != model.UNGRADED]
        total = said.pop("*", None)
        if total is not None and total.claim.n != len(rows):
            more = len(rows) > (total.claim.n or 0)
            _where(ex, "count_mismatch" if more else "missing_area",
                   f"{total.force.name}: the page says graded judgments in {total.claim.n} areas (line "
                   f"{total.claim.line + 1}) but grades {len(rows)}", total.claim.line, expected=total.claim.n,
                   found=len(rows))
        if not said:
            continue
        graded = len([a for a in rnd.areas if a.graded])
        total = sum(p.claim.n or 0 for p in said.values() if p is not None)
        complete = total >= graded - len(rnd.optional) and all(p is not None for p in said.values())
        grades = set(said) | ({r["grade"] for r in rows} if complete else set())
        for grade in sorted(grades):
            p = said.get(grade)
            if grade in said and p is None:
                continue
            n = p.claim.n if p is not None else 0
            mine = [r for r in rows if r["grade"] == grade]
            first = p or next(iter(x for x in said.values() if x is not None))
            name = first.force.name
            if len(mine) > n:
                _where(ex, "count_mismatch", f"{name}: the page counts {n} area(s) graded {grade.lower()} (line "
                       f"{first.claim.line + 1}) but states that grade for {len(mine)} "
                       f"({', '.join(r['area_id'] for r in mine)}); none of them used", first.claim.line,
                       expected=n, found=len(mine))
                for r in mine:
                    ex.rows("areas").remove(r)
            elif len(mine) < n:
                _where(ex, "missing_area", f"{name}: the page counts {n} area(s) graded {grade.lower()} (line "
                       f"{first.claim.line + 1}) but names {len(mine)}" + (f" ({', '.join(r['area_id'] for r in mine)})"
                                                                          if mine else ""),
                       first.claim.line, expected=n, found=len(mine))


def _allowed(ex: Extraction, p: Placed, grade: str, what: str) -> bool:
    rnd = p.page.rnd
    assert rnd is not None
    c = p.claim
    if grade not in rnd.grades:
        _where(ex, "off_scale", f"{what} is stated as {grade!r} at line {c.line + 1}, but {rnd.label} graded on "
               f"{rnd.scale} tiers ({', '.join(rnd.grades)}); not used", c.line, c,
               expected=" / ".join(rnd.grades), found=grade)
        return False
    if (c.level == "pillar" and c.key not in rnd.graded_pillars) or c.key in rnd.ungraded:
        _where(ex, "unexpected_value", f"{what} is stated as {grade!r} at line {c.line + 1}, but {rnd.label} gave it "
               "no grade (data/rounds.toml); not used", c.line, c, expected="no grade", found=grade)
        return False
    return True


def _table(level: str) -> str:
    return {"pillar": "pillars", "question": "questions", "area": "areas"}[level]


def _row(p: Placed, grade: str, source_file: str) -> dict:
    rnd = p.page.rnd
    assert rnd is not None
    c = p.claim
    base = {"year": rnd.year, "round": rnd.round_id, "scale": rnd.scale, "force": p.force.name,
            "force_id": p.force.force_id, "grade": grade, "report_year": None, "source_file": source_file,
            "source_line": c.line + 1, "source_page": None}
    if c.level == "pillar":
        return {**base, "pillar": c.key, "trend": None, "previous_grade": None}
    if c.level == "question":
        q = model.question_by_id(c.key)
        assert q is not None
        return {**base, "pillar": q.pillar, "question_id": q.question_id, "question": q.text, "last_inspected": rnd.year}
    a = next(a for a in rnd.areas if a.area_id == c.key)
    return {**base, "area_id": a.area_id, "area": a.name}
