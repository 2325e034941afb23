"""peelkit totals: re-derive the grade and trend counts from the rows and set them beside the
totals the document printed (Totals tables and sentences), with a check per figure.

check values:
  ok            derived equals every printed figure
  mismatch      the rows contradict the document (every force placed and the counts differ, or
                more forces counted than the document prints)
  unverifiable  fewer forces placed than the table has (see review.csv), and the derived
                count does not exceed the printed one: cannot be confirmed either way
  unprinted     the document prints no total for this value

Area-era rounds (PEEL 2021/22 on) are counted per area of policing (``area_id``), on the round's 5-tier
scale; every row names its scale. A year without a national table is counted over the force reports in
the data and says so (``scope``: '1 force in the data for 2021/22; no national distribution'): one
force's report is never a national figure.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from .. import model, wording
from ..checks import check_status
from ..gaps import read_counts
from .data import Data, area_order

COLUMNS = ["year", "scale", "pillar", "question_id", "area_id", "measure", "value", "derived", "printed_table",
           "printed_sentence", "placed", "check", "printed_at", "sentence", "scope", "partial"]


@dataclass
class Totals:
    rows: list[dict]
    sentences: list[dict]  # year, scale, pillar, question_id, area_id, measure, placed, expected, sentence, scope

    @property
    def failed(self) -> list[dict]:
        return [r for r in self.rows if r["check"] == "mismatch"]

    @property
    def summary(self) -> dict[str, int]:
        return dict(Counter(r["check"] for r in self.rows))


def _order(measure: str, scale: int) -> list[str]:
    if measure == "trend":
        return list(model.TRENDS)
    return wording.grade_order(scale) + [model.UNGRADED]


sentence = wording.sentence


def derive(data: Data, years: list[str] | None = None, pillars: list[str] | None = None,
           question_ids: list[str] | None = None, measures: list[str] | None = None,
           expected_forces: int | None = None) -> Totals:
    """The grade (and trend) counts of every judgment the rows of the years, pillars and questions chosen
    hold, each value beside the totals the documents printed for it, with a check per figure."""
    all_rows = data.counted(data.all_judgments)
    j = _select(all_rows, years, pillars, question_ids)
    pt = data.printed_totals
    printed: dict[tuple, dict[str, list]] = {}
    for r in (pt if pt.empty else _select(pt, years, pillars, question_ids)).to_dict("records"):
        k = (r["year"], r["pillar"], r["question_id"], r["measure"], r["value"])
        printed.setdefault(k, {}).setdefault(r["kind"], []).append(r)

    flagged_keys = _flagged(data, j, measures)
    count = _Count(all_rows, set(data.national_table_years()), printed, flagged_keys, expected_forces)
    groups: dict[tuple, pd.DataFrame] = {k: g for k, g in j.groupby(["year", "pillar", "question_id", "area_id"])}
    keys = set(groups) | {(*k[:3], "") for k in printed} | {(*k, "") for k in flagged_keys}
    out = Totals([], [])
    for key in sorted(keys, key=lambda k: (k[0], model.pillar_order(k[1]), model.question_order(k[2]),
                                           area_order(k[0], k[3]))):
        count.judgment(out, key, groups.get(key, j.iloc[0:0]), measures or ["grade", "trend"])
    return out


def _select(frame: pd.DataFrame, years: list[str] | None, pillars: list[str] | None,
            question_ids: list[str] | None) -> pd.DataFrame:
    """The rows of the years, pillars and questions chosen (each: all when not given)."""
    if years:
        frame = frame[frame["year"].isin(years)]
    if pillars:
        frame = frame[frame["pillar"].isin(pillars)]
    if question_ids:
        frame = frame[frame["question_id"].isin(question_ids)]
    return frame


@dataclass
class _Count:
    """Counts one judgment (year, pillar, question, area) at a time, into rows and sentences."""

    all_rows: pd.DataFrame  # every counted row, for the forces of a year
    national: set[str]  # years with a national table
    printed: dict[tuple, dict[str, list]]  # (year, pillar, question, measure, value) -> kind -> printed totals
    flagged: set[tuple[str, str, str]]  # (year, pillar, question) of columns the parser refused to align
    expected_forces: int | None

    def judgment(self, out: Totals, key: tuple, g: pd.DataFrame, measures: list[str]) -> None:
        """A sentence per measure counted, a row per value derived or printed (on the round's scale)."""
        year, pillar, qid, aid = key
        forces_in_year = self.all_rows.loc[self.all_rows["year"] == year, "force_id"].nunique()
        expected = self.expected_forces or forces_in_year
        r = model.round_for_year(year)
        scale = r.scale if r else model.scale_of(list(g["grade"]), year)
        national = year in self.national
        scope = (f"{wording.plural(forces_in_year, 'force')} nationally" if national else
                 f"{wording.plural(forces_in_year, 'force')} in the data for {year}; no national distribution")
        for measure in measures:
            if measure == "trend" and (qid or aid):
                continue
            vals = Counter(v for v in g[measure] if v)
            placed = sum(vals.values())
            pvals = {k[4] for k in self.printed if k[:4] == (year, pillar, qid, measure)}
            if not placed and not pvals and (year, pillar, qid) not in self.flagged:
                continue
            said = sentence(vals, measure, scale)
            for value in [v for v in _order(measure, scale) if v in vals or v in pvals]:
                derived = vals.get(value, 0)
                p = self.printed.get((year, pillar, qid, measure, value), {})
                figures = [int(r["count"]) for rs in p.values() for r in rs]
                out.rows.append({
                    "year": year, "scale": scale, "pillar": pillar, "question_id": qid, "area_id": aid,
                    "measure": measure, "value": value,
                    "derived": derived,
                    "printed_table": _one(p.get("table")), "printed_sentence": _one(p.get("sentence")),
                    "placed": placed, "check": check_status(derived, figures, placed, expected),
                    "printed_at": "; ".join(_at(r) for rs in p.values() for r in rs),
                    "sentence": said, "scope": scope,
                    # a count over fewer forces than the table has: '16 of the 18 forces read; 25 not read'
                    "partial": read_counts(placed, expected, derived) if national else "",
                })
            out.sentences.append({"year": year, "scale": scale, "pillar": pillar, "question_id": qid,
                                  "area_id": aid, "measure": measure, "placed": placed,
                                  "expected": expected if national else placed, "sentence": said,
                                  "scope": scope, "national": national})


def _flagged(data: Data, j: pd.DataFrame, measures: list[str] | None) -> set[tuple[str, str, str]]:
    """(year, pillar, question) of question columns the parser refused to align (count_mismatch): they
    get a 'nothing placed' sentence rather than vanishing from the output."""
    rv = data.review
    if rv.empty or (measures and "grade" not in measures):
        return set()
    rv = rv[(rv["kind"] == "count_mismatch") & (rv["question_id"] != "")]
    out = set()
    for year, g in j.groupby("year"):
        src = set(g["source_file"])
        pillars = set(g["pillar"])
        for p, q in zip(rv.loc[rv["source_file"].isin(src), "pillar"], rv.loc[rv["source_file"].isin(src), "question_id"]):
            if p in pillars:
                out.add((year, p, q))
    return out



def _one(rs: list[dict] | None) -> int | None:
    if not rs:
        return None
    return int(rs[0]["count"])


def _at(r: dict) -> str:
    where = f"page {r['source_page']}" if r.get("source_page") else f"line {r['source_line']}"
    return f"{r['source_file']} {where} ({r['kind']})"




def scale_lines(t: Totals) -> list[str]:
    """'2018/19: grades on the 4-tier scale (Outstanding, Good, Requires improvement, Inadequate)', one line
    per year counted: a distribution always says which scale it uses."""
    seen: dict[str, int] = {}
    for s in t.sentences:
        seen.setdefault(s["year"], s["scale"])
    return [f"{y}: grades on the {wording.scale_words(sc)}" for y, sc in sorted(seen.items())]
