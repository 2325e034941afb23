"""One force's area-era profile (PEEL 2021/22 on) for ``compare``: its area grades against the group.

An area judgment has no pillar; seen as a question of no pillar (``question_id`` = the area id) the area
rows go through the same profile code as the pillar era (``profile.force_profile``: the comparison group,
counts, standings, "no national distribution" for a round held only through force reports, the
not-extracted notes), and the result names the area in ``area_id`` again. Plain Python, no pandas.
"""

from __future__ import annotations

import dataclasses

from .. import model
from ..errors import DataError
from ..profile import ForceProfile, Tables, force_profile


def is_area_year(year: str | None) -> bool:
    r = model.round_for_year(year or "")
    return r is not None and r.era == "areas"


def area_tables(t: Tables) -> Tables:
    """``t`` with the area rows as the questions of no pillar (and no pillar-era rows)."""
    rows = [{**r, "pillar": "", "question_id": r["area_id"], "question": r.get("area") or r["area_id"],
             "last_inspected": "", "trend": ""} for r in t.areas]
    return dataclasses.replace(t, pillars=[], questions=rows)


def latest_area_year(t: Tables, force_id: str) -> str | None:
    years = sorted({r["year"] for r in t.areas if r["force_id"] == force_id})
    return years[-1] if years else None


def area_profile(t: Tables, force: model.Force | str, year: str, against: list[str] | None = None,
                 see: str = "review.csv") -> ForceProfile:
    """The force's areas of ``year`` (an area-era round) in the round's order, with their standing; ``see``
    names where the findings are listed (as in ``force_profile``)."""
    f = model.resolve_force(force) if isinstance(force, str) else force
    if not any(r["force_id"] == f.force_id and r["year"] == year for r in t.areas):
        have = ", ".join(sorted({r["year"] for r in t.pillars + t.questions + t.areas if r["force_id"] == f.force_id}))
        raise DataError(f"{f.name} has no {year} rows in {t.data_dir}; years with rows for it: {have or 'none'} "
                        "(choose one with --year)")
    fp = force_profile(area_tables(t), f, year, against, see=see)
    r = model.round_for_year(year)

    def order(e) -> tuple[int, str]:
        a = r.area(e.question_id) if r else None
        return (a.order if a else 99, e.question_id)

    fp.entries.sort(key=order)
    return fp
