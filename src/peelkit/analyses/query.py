"""peelkit query: filter the judgments (pillar and question rows) by year, force, pillar, ..."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .data import JUDGMENT_COLUMNS

LEVELS = ("all", "pillar", "question")


@dataclass
class Filters:
    """Already-resolved filter values (canonical names); empty means 'any'."""

    years: list[str] = field(default_factory=list)
    force_ids: list[str] = field(default_factory=list)
    pillars: list[str] = field(default_factory=list)
    question_ids: list[str] = field(default_factory=list)
    grades: list[str] = field(default_factory=list)
    trends: list[str] = field(default_factory=list)
    last_inspected: list[str] = field(default_factory=list)
    level: str = "all"


def query(judgments: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """The judgments matching every filter, in the documented order (year, force, pillar, question)."""
    df = judgments
    if f.level == "pillar" or f.trends:
        df = df[df["question_id"] == ""]
    elif f.level == "question" or f.question_ids or f.last_inspected:
        df = df[df["question_id"] != ""]
    for col, values in (("year", f.years), ("force_id", f.force_ids), ("pillar", f.pillars),
                        ("question_id", f.question_ids), ("grade", f.grades), ("trend", f.trends),
                        ("last_inspected", f.last_inspected)):
        if values:
            df = df[df[col].isin(values)]
    return df[JUDGMENT_COLUMNS].reset_index(drop=True)
