"""Loading the clean tables as DataFrames, and the one 'judgments' view the analyses share.

A judgment is a pillar judgment (question_id empty, with a trend), a question judgment (with the year
it was last inspected) or, in the area-era rounds (PEEL 2021/22 on), an area judgment (area_id, no
pillar). Stacking them gives one tidy frame that query, compare and diff filter the same way; its
``level`` column (pillar, question, area) says which a row is, ``round`` and ``scale`` which round and
grade scale it belongs to. ``Data.judgments`` holds the pillar era only (pillar and question rows, as
before); ``Data.all_judgments`` adds the area rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from .. import model, store
from ..errors import DataError
from ..schema import NATIONAL_KINDS

JUDGMENT_COLUMNS = ["year", "round", "scale", "level", "force", "force_id", "pillar", "question_id", "question",
                    "area_id", "area", "grade", "trend", "last_inspected", "report_year", "source_file",
                    "source_line", "source_page"]
LEVELS = ("pillar", "question", "area")


def area_order(year: str, area_id: str) -> int:
    """Sort key of an area within its round (data/rounds.toml order); 99 when unknown."""
    r = model.round_for_year(year)
    a = r.area(area_id) if r and area_id else None
    return a.order if a else 99


def _order_keys(df: pd.DataFrame) -> pd.DataFrame:
    q = [(area_order(y, a) if lv == "area" else model.question_order(qid))
         for y, lv, a, qid in zip(df["year"], df["level"], df["area_id"], df["question_id"])]
    return df.assign(_p=df["pillar"].map(model.pillar_order), _q=q)


def sort_judgments(df: pd.DataFrame) -> pd.DataFrame:
    """Year, force, pillar order, pillar judgment before its questions (question order); areas in their
    round's order."""
    if df.empty:
        return df
    return (_order_keys(df).sort_values(["year", "force", "_p", "_q", "source_file"], kind="stable")
            .drop(columns=["_p", "_q"]).reset_index(drop=True))


def _stamp(d: pd.DataFrame, level: str) -> pd.DataFrame:
    """Missing columns as ''; level set; round and scale from the year (data/rounds.toml) where a table
    written before rounds were recorded has none."""
    for c in JUDGMENT_COLUMNS:
        if c not in d.columns:
            d[c] = ""
    if level == "area":
        d["level"] = "area"
    else:
        d["level"] = ["question" if q else "pillar" for q in d["question_id"]]
    for col, attr in (("round", "round_id"), ("scale", "scale")):
        missing = d[col] == ""
        if missing.any():
            d.loc[missing, col] = [str(getattr(model.round_for_year(y), attr, "") or "")
                                   for y in d.loc[missing, "year"]]
    return d[JUDGMENT_COLUMNS]


def judgments(pillars: pd.DataFrame, questions: pd.DataFrame, areas: pd.DataFrame | None = None) -> pd.DataFrame:
    """Pillar and question rows (and area rows, when given) stacked into JUDGMENT_COLUMNS (missing columns
    as '')."""
    parts = [_stamp(pillars.copy(), "pillar"), _stamp(questions.copy(), "question")]
    if areas is not None:
        parts.append(_stamp(areas.copy(), "area"))
    parts = [p for p in parts if not p.empty] or parts[:1]
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
    def areas(self) -> pd.DataFrame:
        """Area-era judgments (areas.csv; empty when the folder predates it)."""
        return self._read("areas", required=False)

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
    def all_judgments(self) -> pd.DataFrame:
        """Every judgment: the pillar era's pillar and question rows and the area era's area rows."""
        return judgments(self.pillars, self.questions, self.areas)

    @cached_property
    def gaps(self) -> dict:
        """Judgments the documents hold but peelkit could not read (``peelkit.gaps.find``): key -> findings."""
        from .. import gaps

        return gaps.find(self.all_judgments.to_dict("records"), self.review.to_dict("records"))

    @cached_property
    def judgments_with_gaps(self) -> pd.DataFrame:
        """``all_judgments`` with a ``note`` column, and a row (empty grade, the reason as its note) for every
        gap no row holds: what query lists."""
        from .. import gaps

        j = self.all_judgments.copy()
        found = self.gaps
        keys = [gaps.key_of(r) for r in j.to_dict("records")]
        j["note"] = [gaps.reason(found[k]) if not g and k in found else "" for k, g in zip(keys, j["grade"])]
        names = dict(zip(self.questions["question_id"], self.questions["question"]))
        held = set(keys)
        extra = [gaps.gap_row(k, v, names) for k, v in found.items() if k not in held]
        if not extra:
            return j
        return sort_judgments(pd.concat([j, pd.DataFrame(extra, columns=[*JUDGMENT_COLUMNS, "note"])],
                                        ignore_index=True))

    @cached_property
    def source_kinds(self) -> dict[str, str]:
        try:
            pkg = store.read_datapackage(self.data_dir)
        except DataError:
            return {}
        return {s["title"]: s.get("kind", "") for s in pkg.get("sources", [])}

    def require_judgments(self) -> Data:
        """Self, or a DataError when the folder holds no judgment rows (e.g. only a report catalogue)."""
        if self.all_judgments.empty:
            counts = {n: len(self._read(n, required=False)) for n in ("reports", "areas_for_improvement")}
            held = [f"{n}.csv ({k} rows)" for n, k in counts.items() if k]
            raise DataError(f"{self.data_dir}: no judgments (pillars.csv and questions.csv have no rows"
                            + (f"; it holds {', '.join(held)}" if held else "") + "); run 'peelkit extract' on a "
                            "State of Policing report or a PEEL force report")
        return self

    def is_national(self, j: pd.DataFrame) -> pd.Series:
        """Which rows come from a national table (State of Policing), not from one force's own report (a
        row with a report year, or from a file the package records as another kind)."""
        kinds = self.source_kinds
        kind_ok = j["source_file"].map(lambda f: kinds.get(f, "state_of_policing") in NATIONAL_KINDS)
        if "report_year" in j.columns:
            return kind_ok & (j["report_year"] == "")
        return kind_ok

    def counted(self, j: pd.DataFrame) -> pd.DataFrame:
        """The rows that count toward a year's national distribution: in a year with a national table only
        its rows (a force report of the same round is another source for one force, not a 44th force)."""
        return j[self.is_national(j) | ~j["year"].isin(set(self.national_table_years()))]

    def national_table_years(self) -> list[str]:
        """Years with rows from a national table (pillar or area era), oldest first; may be empty."""
        j = self.all_judgments
        return sorted(set(j.loc[self.is_national(j), "year"])) if not j.empty else []

    def years(self) -> list[str]:
        """Every year label with judgment rows (pillar era and area era)."""
        return sorted(set(self.pillars["year"]) | set(self.questions["year"]) | set(self.areas["year"]))

    def national_years(self) -> list[str]:
        """Years that have national-table rows (State of Policing), newest last; without any, every year."""
        return self.national_table_years() or self.years()

    def latest_year(self) -> str:
        years = self.national_years()
        if not years:
            raise DataError(f"{self.data_dir}: the clean tables have no rows; run 'peelkit extract'")
        return years[-1]
