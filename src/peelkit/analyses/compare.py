"""peelkit compare: one force's profile against the nation, its region or chosen forces.

For every pillar and question: the grade, trend, year last inspected, where the value came
from, and how it sits in the comparison group ("Good — one of 35 forces graded good;
1 outstanding (43 forces nationally)"). A carried-forward question grade names the earlier
source that holds it, when one is in the data. Questions the force has no grade for (a column
the parser refused to align) are listed with the review findings that explain why.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from .. import model, wording
from ..errors import DataError
from ..names import grade_scale_of
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
    distribution: dict[str, int]
    placed_forces: int  # forces in the group with a grade for this judgment
    carried_forward: bool
    carried_from: str  # "file line N: Good (agrees)" or a note
    source_file: str
    source_line: str
    source_page: str
    note: str = ""


@dataclass
class Profile:
    force: str
    force_id: str
    region: str
    year: str
    against: str
    group: list[str]
    scale: int
    judgments: list[Judgment] = field(default_factory=list)
    same_pillar_pattern: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "force": self.force, "force_id": self.force_id, "region": self.region, "year": self.year,
            "against": self.against, "group_size": len(self.group), "grade_scale": self.scale,
            "judgments": [_json_judgment(j, self.scale) for j in self.judgments],
            "same_pillar_pattern": self.same_pillar_pattern,
        }


def _json_judgment(j: Judgment, scale: int) -> dict:
    d = {k: (v if v != "" else None) for k, v in vars(j).items()}
    order = list(model.GRADES_5 if scale == 5 else model.GRADES_4) + [model.UNGRADED]
    d["distribution"] = {g: j.distribution[g] for g in order if g in j.distribution}
    for k in ("source_line", "source_page"):
        d[k] = int(d[k]) if d[k] else None
    return d


def standing(grade: str, counts: Counter, n: int, group_label: str, scale: int) -> str:
    """'Good — one of 35 forces graded good; 1 outstanding (43 forces nationally)'."""
    if not grade:
        return ""
    if grade == model.UNGRADED:
        return "Ungraded (not counted)"
    return f"{grade} — {wording.standing(grade, counts, scale)} ({n} forces {group_label})"


def standing_short(j: Judgment, scale: int) -> str:
    """The table view of ``standing``: 'one of 35 good; 1 outstanding' (the header names the group)."""
    if not j.grade:
        return "not extracted"
    if j.grade == model.UNGRADED:
        return "not counted"
    order = list(model.GRADES_5 if scale == 5 else model.GRADES_4)
    k = j.distribution.get(j.grade, 0)
    head = "the only one" if k == 1 else f"one of {k}"
    better = [f"{j.distribution[g]} {g.lower()}" for g in order[:order.index(j.grade)] if j.distribution.get(g)] \
        if j.grade in order else []
    return head + (f"; {', '.join(better)}" if better else "; none higher" if j.grade != order[0] else "")


def _group(data: Data, year: str, force: model.Force, against: list[str]) -> tuple[str, list[str], str]:
    """(label, force_ids, phrase) of the comparison group."""
    counted = data.counted(data.judgments)
    in_year = sorted(set(counted.loc[counted["year"] == year, "force_id"]))
    if not against or against == ["national"]:
        return "national", in_year, "nationally"
    if against == ["region"]:
        ids = [f.force_id for f in model.forces() if f.region == force.region and f.force_id in in_year]
        return f"region ({force.region})", ids, f"in {force.region}"
    ids = []
    for name in against:
        f = model.resolve_force(name)
        if f.force_id not in in_year:
            raise DataError(f"{f.name} has no {year} rows in the data; cannot compare against it")
        ids.append(f.force_id)
    if force.force_id not in ids:
        ids.append(force.force_id)
    names = ", ".join(model.force_by_id(i).name for i in sorted(ids))
    return names, sorted(ids), "in the comparison group"


def _src(row) -> tuple[str, str, str]:
    return row["source_file"], row["source_line"], row["source_page"]


def _where(file: str, line: str, page: str) -> str:
    if page:
        return f"{file} page {page}"
    if line:
        return f"{file} line {line}"
    return file


def profile(data: Data, force_name: str, year: str | None = None, against: list[str] | None = None) -> Profile:
    force = model.resolve_force(force_name)
    j = data.judgments
    mine_all = j[j["force_id"] == force.force_id]
    if mine_all.empty:
        raise DataError(f"{force.name} has no rows in {data.data_dir}")
    if year is None:
        nat = [y for y in data.national_years() if y in set(mine_all["year"])]
        year = nat[-1] if nat else sorted(set(mine_all["year"]))[-1]
    mine = mine_all[mine_all["year"] == year]
    if mine.empty:
        years = ", ".join(sorted(set(mine_all["year"])))
        raise DataError(f"{force.name} has no {year} rows; years in the data for it: {years}")
    label, group_ids, phrase = _group(data, year, force, against or [])
    cj = data.counted(j)
    year_rows = cj[(cj["year"] == year) & (cj["force_id"].isin(group_ids))]
    scale = grade_scale_of(list(year_rows["grade"]), year)
    prof = Profile(force.name, force.force_id, force.region, year, label,
                   [model.force_by_id(i).name for i in group_ids], scale)

    # counts per (pillar, question)
    counts: dict[tuple[str, str], Counter] = {}
    for (p, q), g in year_rows.groupby(["pillar", "question_id"]):
        counts[(p, q)] = Counter(x for x in g["grade"] if x)
    earlier = data.questions
    review = data.review
    year_sources = set(j.loc[j["year"] == year, "source_file"])

    flagged: set[tuple[str, str]] = set()
    if not review.empty:
        rv = review[review["source_file"].isin(year_sources) & (review["pillar"] != "")]
        flagged = {(p, q) for p, q in zip(rv["pillar"], rv["question_id"])}
    keys: list[tuple[str, str]] = sorted(
        set(counts) | flagged | {(p, q) for p, q in zip(mine["pillar"], mine["question_id"])},
        key=lambda k: (model.pillar_order(k[0]), model.question_order(k[1])))
    by_key = {(r["pillar"], r["question_id"]): r for _, r in mine.iterrows()}
    for p, q in keys:
        c = counts.get((p, q), Counter())
        n = sum(c.values())
        r = by_key.get((p, q))
        qtext = (r["question"] if r is not None and r["question"] else
                 (model.question_by_id(q).text if q and model.question_by_id(q) else ""))
        if r is None or not r["grade"]:
            note = _missing_note(review, year_sources, p, q)
            prof.judgments.append(Judgment(p, q, qtext, "", "", "", "not extracted" + (f": {note}" if note else ""),
                                           dict(c), n, False, "", "", "", "", note))
            continue
        carried = bool(q and r["last_inspected"] and r["last_inspected"] != year)
        carried_from = _carried_from(earlier, force.force_id, p, q, r["grade"], r["last_inspected"]) if carried else ""
        prof.judgments.append(Judgment(
            p, q, qtext, r["grade"], r["trend"], r["last_inspected"], standing(r["grade"], c, n, phrase, scale),
            dict(c), n, carried, carried_from, *_src(r)))

    pat = _pillar_pattern(year_rows)
    own = pat.get(force.force_id)
    if own and all(own):
        prof.same_pillar_pattern = sorted(model.force_by_id(i).name for i, v in pat.items()
                                          if v == own and i != force.force_id)
    return prof



def _pillar_pattern(year_rows: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    pr = year_rows[year_rows["question_id"] == ""]
    out: dict[str, dict[str, str]] = {}
    for fid, p, g in zip(pr["force_id"], pr["pillar"], pr["grade"]):
        out.setdefault(fid, {})[p] = g
    return {fid: tuple(d.get(p, "") for p in model.PILLARS) for fid, d in out.items()}


def _carried_from(questions: pd.DataFrame, force_id: str, pillar: str, question_id: str, grade: str,
                  last: str) -> str:
    src = questions[(questions["force_id"] == force_id) & (questions["pillar"] == pillar)
                    & (questions["question_id"] == question_id) & (questions["year"] == last)]
    if src.empty:
        return f"carried forward from {last}; no {last} source for this force in the data"
    r = src.iloc[0]
    verdict = "agrees" if r["grade"] == grade else "DISAGREES (see review.csv, source_conflict)"
    return f"carried forward from {last}: {_where(*_src(r))} says {r['grade'] or 'nothing placed'} ({verdict})"


def _missing_note(review: pd.DataFrame, sources: set[str], pillar: str, question_id: str) -> str:
    if review.empty:
        return ""
    hit = review[(review["source_file"].isin(sources)) & (review["pillar"] == pillar)
                 & (review["question_id"] == question_id)]
    if hit.empty:
        return ""
    kinds = Counter(hit["kind"])
    locs = sorted({(r["source_file"], int(r["source_page"] or 0), int(r["source_line"] or 0))
                   for _, r in hit.iterrows()})
    files = {f for f, _, _ in locs}
    if len(files) == 1:
        where = f"{locs[0][0]} " + ", ".join(f"page {p}" if p else f"line {ln}" for _, p, ln in locs)
    else:
        where = ", ".join(_where(f, str(ln or ""), str(p or "")) for f, p, ln in locs)
    return "see review.csv (" + ", ".join(f"{k}" for k in sorted(kinds)) + f" at {where})"


def table_rows(prof: Profile) -> list[dict]:
    """Flat rows for CSV/table output (distribution as one column per grade)."""
    grades = list(model.GRADES_5 if prof.scale == 5 else model.GRADES_4)
    rows = []
    for jd in prof.judgments:
        row = {
            "year": prof.year, "force": prof.force, "pillar": jd.pillar, "question_id": jd.question_id,
            "grade": jd.grade, "trend": jd.trend, "last_inspected": jd.last_inspected, "standing": jd.standing,
            "placed_forces": jd.placed_forces,
        }
        for g in grades:
            row[f"n_{g.lower().replace(' ', '_')}"] = jd.distribution.get(g, 0)
        row.update({"carried_from": jd.carried_from, "source_file": jd.source_file,
                    "source_line": jd.source_line, "source_page": jd.source_page})
        rows.append(row)
    return rows
