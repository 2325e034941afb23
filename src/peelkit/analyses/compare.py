"""peelkit compare: one force's profile against the nation, its region or chosen forces.

For every pillar and question: the grade, trend, year last inspected, where the value came
from, and how it sits in the comparison group ("Good — one of 35 forces graded good;
1 outstanding (43 forces nationally)"). A carried-forward question grade names the earlier
source that holds it, when one is in the data. Questions the force has no grade for (a column
the parser refused to align) are listed with the review findings that explain why. A round the
data holds only through force reports has no national distribution, and says so.

The profile itself (counts, notes, standings) is ``peelkit.profile``, shared with the export.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import model, wording
from ..profile import NOT_EXTRACTED, ForceProfile, Tables, force_profile
from .data import Data


@dataclass
class Judgment:
    pillar: str
    question_id: str
    question: str
    grade: str
    trend: str
    last_inspected: str
    standing: str
    distribution: dict[str, int] | None  # None: no force of the group could be placed (unknown, not 0)
    placed_forces: int | None  # forces in the group with a grade for this judgment
    carried_forward: bool
    carried_from: str  # "file line N: Good (agrees)" or a note
    source_file: str
    source_line: str
    source_page: str
    note: str = ""
    area_id: str = ""  # an area-era judgment (PEEL 2021/22 on): the area; pillar and question_id are empty
    group_size: int = 0  # forces in the comparison group (partial counts: placed_forces < group_size)


@dataclass
class Profile:
    force: str
    force_id: str
    region: str
    year: str
    against: str
    group: list[str]
    scale: int
    national: bool = True
    group_words: str = ""
    judgments: list[Judgment] = field(default_factory=list)
    same_pillar_pattern: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "force": self.force, "force_id": self.force_id, "region": self.region, "year": self.year,
            "against": self.against, "group_size": len(self.group), "national": self.national,
            "grade_scale": self.scale, "judgments": [_json_judgment(j) for j in self.judgments],
            "same_pillar_pattern": self.same_pillar_pattern,
        }


def _json_judgment(j: Judgment) -> dict:
    d = {k: (v if v != "" else None) for k, v in vars(j).items() if k != "group_size"}  # the profile's group_size
    for k in ("source_line", "source_page"):
        d[k] = int(d[k]) if d[k] else None
    return d


def standing(grade: str, standing_words: str, group_words: str) -> str:
    """'Good — one of 35 forces graded good; 1 outstanding (43 forces nationally)'."""
    if not grade:
        return ""
    if grade == model.UNGRADED:
        return "Ungraded (not counted)"
    if standing_words == group_words:
        return f"{grade} — {group_words}"
    return f"{grade} — {standing_words} ({group_words})"


def standing_short(j: Judgment, scale: int, national: bool = True) -> str:
    """The table view of ``standing``: 'one of 35 good; 1 outstanding' (the header names the group)."""
    if not j.grade:
        return NOT_EXTRACTED
    if j.grade == model.UNGRADED:
        return "not counted"
    if not national or not j.distribution:
        return "no national distribution"
    order = wording.grade_order(scale)
    k = j.distribution.get(j.grade, 0)
    head = "the only one" if k == 1 else f"one of {k}"
    if j.placed_forces is not None and j.group_size and j.placed_forces < j.group_size:
        head += f" of {j.placed_forces} read ({j.group_size - j.placed_forces} not read)"
    better = [wording.count_grade(j.distribution[g], g) for g in order[:order.index(j.grade)]
              if j.distribution.get(g)] if j.grade in order else []
    return head + (f"; {', '.join(better)}" if better else "; none higher" if j.grade != order[0] else "")


def from_profile(fp: ForceProfile) -> Profile:
    v = fp.view
    prof = Profile(fp.force.name, fp.force.force_id, fp.force.region, v.year, v.label,
                   [model.force_by_id(i).name for i in v.group_ids], v.scale, v.national, v.group_words())
    for e in fp.entries:
        st = standing(e.grade, e.standing, prof.group_words) if e.grade else e.standing
        prof.judgments.append(Judgment(
            e.pillar, e.question_id, e.question, e.grade, e.trend, e.last_inspected, st, e.distribution,
            e.placed, e.carried_forward, e.carried_from, e.source_file, e.source_line, e.source_page,
            e.note if e.grade else (e.note if e.findings else ""), group_size=v.size if v.national else 0))
    prof.same_pillar_pattern = fp.same_pillar_pattern
    return prof


def profile(data: Data, force_name: str, year: str | None = None, against: list[str] | None = None) -> Profile:
    """The force's profile for ``year`` (default: the latest national year it has rows in); an area-era round
    (PEEL 2021/22 on) profiles its areas (``areas.area_profile``)."""
    from .areas import area_profile, is_area_year, latest_area_year

    t = Tables.read(data.data_dir)
    if year is None and not any(r["force_id"] == model.resolve_force(force_name).force_id
                                for r in t.pillars + t.questions):
        year = latest_area_year(t, model.resolve_force(force_name).force_id)
    if is_area_year(year):
        prof = from_profile(area_profile(t, force_name, year, against))  # type: ignore[arg-type]
        for j in prof.judgments:  # the area, named as such
            j.area_id, j.question_id = j.question_id, ""
        return prof
    return from_profile(force_profile(t, force_name, year, against))


def table_rows(prof: Profile) -> list[dict]:
    """Flat rows for CSV/table output (distribution as one column per grade; empty when unknown)."""
    grades = wording.grade_order(prof.scale)
    rows = []
    for jd in prof.judgments:
        row = {
            "year": prof.year, "force": prof.force, "pillar": jd.pillar, "question_id": jd.question_id,
            "area_id": jd.area_id,
            "grade": jd.grade, "trend": jd.trend, "last_inspected": jd.last_inspected, "standing": jd.standing,
            "placed_forces": "" if jd.placed_forces is None else jd.placed_forces,
        }
        for g in grades:
            row[f"n_{g.lower().replace(' ', '_')}"] = "" if jd.distribution is None else jd.distribution.get(g, 0)
        row.update({"carried_from": jd.carried_from, "source_file": jd.source_file,
                    "source_line": jd.source_line, "source_page": jd.source_page})
        rows.append(row)
    return rows
