"""peelkit query: filter the judgments (pillar, question and area rows) by year, force, pillar, ..."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .data import JUDGMENT_COLUMNS

LEVELS = ("all", "pillar", "question", "area")


@dataclass
class Filters:
    """Already-resolved filter values (canonical names); empty means 'any'."""

    years: list[str] = field(default_factory=list)
    force_ids: list[str] = field(default_factory=list)
    pillars: list[str] = field(default_factory=list)
    question_ids: list[str] = field(default_factory=list)
    area_ids: list[str] = field(default_factory=list)
    grades: list[str] = field(default_factory=list)
    trends: list[str] = field(default_factory=list)
    last_inspected: list[str] = field(default_factory=list)
    level: str = "all"


def query(judgments: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """The judgments matching every filter, in the documented order (year, force, pillar, question; areas
    in their round's order). A filter only one level has (a trend: pillars; a question or last-inspected
    year: questions; an area: areas) keeps that level's rows."""
    df = judgments
    if f.level == "pillar" or f.trends:
        df = df[df["level"] == "pillar"]
    elif f.level == "question" or f.question_ids or f.last_inspected:
        df = df[df["level"] == "question"]
    elif f.level == "area" or f.area_ids:
        df = df[df["level"] == "area"]
    for col, values in (("year", f.years), ("force_id", f.force_ids), ("pillar", f.pillars),
                        ("question_id", f.question_ids), ("area_id", f.area_ids), ("grade", f.grades),
                        ("trend", f.trends), ("last_inspected", f.last_inspected)):
        if values:
            df = df[df[col].isin(values)]
    return df[JUDGMENT_COLUMNS + [c for c in ("note",) if c in df.columns]].reset_index(drop=True)


def check_filters(f: Filters) -> None:
    """UsageError for filters that select different levels (an area with a question, a trend or a pillar):
    together they could only match nothing."""
    from ..errors import UsageError

    if not (f.area_ids or f.level == "area"):
        return
    other = [name for name, on in (("--question", f.question_ids), ("--trend", f.trends),
                                   ("--last-inspected", f.last_inspected), ("--pillar", f.pillars),
                                   ("--level " + f.level, f.level in ("pillar", "question"))) if on]
    if other:
        what = "--area" if f.area_ids else "--level area"
        raise UsageError(f"{what} selects area judgments (PEEL 2021/22 on), which have no pillar, question, trend "
                         f"or last-inspected year; drop {' or '.join(other)}")


def scale_note(rows: list[dict]) -> str:
    """Which grade scale the rows use, per round: 'grades on the 4-tier scale (Outstanding, Good, Requires
    improvement, Inadequate): 2016/17, 2018/19' (two scales are never one distribution)."""
    from .. import wording

    by_scale: dict[str, list[str]] = {}
    for r in rows:
        years = by_scale.setdefault(str(r.get("scale") or ""), [])
        if r["year"] not in years:
            years.append(r["year"])
    parts = [f"{wording.scale_words(sc)}: {', '.join(sorted(ys))}" if sc else f"no recorded scale: {', '.join(ys)}"
             for sc, ys in sorted(by_scale.items())]
    return "grades on the " + "; grades on the ".join(parts)
