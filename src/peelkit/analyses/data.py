"""Loading the clean tables as DataFrames, and the one 'judgments' view the analyses share.

A judgment is either a pillar judgment (question_id empty, with a trend) or a question
judgment (with the year it was last inspected). Stacking both gives one tidy frame that
query, compare and diff filter the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from .. import model, store
from ..errors import DataError

JUDGMENT_COLUMNS = ["year", "force", "force_id", "pillar", "question_id", "question", "grade", "trend",
                    "last_inspected", "source_file", "source_line", "source_page"]


def _order_keys(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(_p=df["pillar"].map(model.pillar_order), _q=df["question_id"].map(model.question_order))


def sort_judgments(df: pd.DataFrame) -> pd.DataFrame:
    """Year, force, pillar order, pillar judgment before its questions (question order)."""
    if df.empty:
        return df
    return (_order_keys(df).sort_values(["year", "force", "_p", "_q", "source_file"], kind="stable")
            .drop(columns=["_p", "_q"]).reset_index(drop=True))


def judgments(pillars: pd.DataFrame, questions: pd.DataFrame) -> pd.DataFrame:
    """Pillar and question rows stacked into JUDGMENT_COLUMNS (missing columns as '')."""
    parts = []
    for df in (pillars, questions):
        d = df.copy()
        for c in JUDGMENT_COLUMNS:
            if c not in d.columns:
                d[c] = ""
        parts.append(d[JUDGMENT_COLUMNS])
    return sort_judgments(pd.concat(parts, ignore_index=True))


@dataclass
class Data:
    """The clean tables of one data directory (read on first use)."""

    data_dir: Path

    @classmethod
    def open(cls, data_dir: Path | None = None) -> Data:
        d = Path(data_dir) if data_dir else store.default_clean_dir()
        if not d.is_dir():
            raise DataError(f"{d}: no such data directory; run 'peelkit extract' first (or pass --data DIR)")
        store.recover(d)  # an interrupted write into it is rolled back before anything is read
        return cls(d)

    def _read(self, name: str, required: bool = True) -> pd.DataFrame:
        p = self.data_dir / f"{name}.csv"
        if not p.is_file():
            if required:
                store.table_path(self.data_dir, name)  # raises the standard message
            return pd.DataFrame(columns=store.columns(name))
        return store.read_frame(self.data_dir, name)

    @cached_property
    def pillars(self) -> pd.DataFrame:
        return self._read("pillars")

    @cached_property
    def questions(self) -> pd.DataFrame:
        return self._read("questions")

    @cached_property
    def printed_totals(self) -> pd.DataFrame:
        return self._read("printed_totals", required=False)

    @cached_property
    def review(self) -> pd.DataFrame:
        return self._read("review", required=False)

    @cached_property
    def judgments(self) -> pd.DataFrame:
        return judgments(self.pillars, self.questions)

    @cached_property
    def source_kinds(self) -> dict[str, str]:
        try:
            pkg = store.read_datapackage(self.data_dir)
        except DataError:
            return {}
        return {s["title"]: s.get("kind", "") for s in pkg.get("sources", [])}

    def require_judgments(self) -> Data:
        """Self, or a DataError when the folder holds no judgment rows (e.g. only a report catalogue)."""
        if self.judgments.empty:
            counts = {n: len(self._read(n, required=False)) for n in ("reports", "areas_for_improvement")}
            held = [f"{n}.csv ({k} rows)" for n, k in counts.items() if k]
            raise DataError(f"{self.data_dir}: no judgments (pillars.csv and questions.csv have no rows"
                            + (f"; it holds {', '.join(held)}" if held else "") + "); run 'peelkit extract' on a "
                            "State of Policing report or a PEEL force report")
        return self

    def counted(self, j: pd.DataFrame) -> pd.DataFrame:
        """The rows that count toward a year's national distribution: in a year with a national table only
        its rows (a force report of the same round is another source for one force, not a 44th force)."""
        kinds = self.source_kinds
        national = j["source_file"].map(lambda f: kinds.get(f, "state_of_policing") == "state_of_policing")
        return j[national | ~j["year"].isin(set(self.national_years()))]

    def years(self) -> list[str]:
        return sorted(set(self.pillars["year"]) | set(self.questions["year"]))

    def national_years(self) -> list[str]:
        """Years that have national-table rows (State of Policing), newest last."""
        kinds = self.source_kinds
        if self.pillars.empty:
            return self.years()
        nat = self.pillars[self.pillars["source_file"].map(lambda f: kinds.get(f, "state_of_policing")
                                                           == "state_of_policing")]
        return sorted(set(nat["year"])) or self.years()

    def latest_year(self) -> str:
        years = self.national_years()
        if not years:
            raise DataError(f"{self.data_dir}: the clean tables have no rows; run 'peelkit extract'")
        return years[-1]
