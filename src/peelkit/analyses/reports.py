"""peelkit reports: a force's inspection-report catalogue (reports.csv) as a timeline.

The rows of ``reports.csv`` filtered by force, type and year, oldest first, undated reports last. A PEEL
report belongs to the round its title names ('PEEL: Police effectiveness 2016', published in March 2017, is
the 2016 round); other reports are matched by their date's year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import model, store
from ..errors import UnknownNameError


def report_round(row: dict) -> str:
    """The round (year) a report belongs to when it has one of its own: its ``round`` column when the table
    has one, else the year a PEEL report's title names ('PEEL: Police effectiveness 2016', published in
    March 2017, is the 2016 round); '' for other reports (they are filtered by their date's year)."""
    if row.get("round"):
        return row["round"]
    if row.get("type") != "peel" and not (row.get("title") or "").lstrip().upper().startswith("PEEL"):
        return ""
    return model.round_named(row.get("title") or "") or ""


def _year_of(row: dict) -> tuple[str, str]:
    """(the year a --year is matched against, 'round' or 'date')."""
    r = report_round(row)
    return (r, "round") if r else ((row.get("date") or "")[:4], "date")


def matches_year(row: dict, wanted: str) -> bool:
    """--year 2016 matches the 2016 round and reports without a round dated 2016; --year 2018/19 matches the
    2018/19 round (or, without a round, the date's year 2018)."""
    own, kind = _year_of(row)
    if not own:
        return False
    if kind == "round":
        return own == wanted or (len(wanted) == 4 and own[:4] == wanted)
    return own == wanted[:4]


def catalogue(data_dir: Path) -> list[dict]:
    """The rows of the data's reports.csv, each with its round ('' when it has none)."""
    rows = store.read_rows(data_dir, "reports")
    for r in rows:
        r.setdefault("round", report_round(r))
    return rows


def resolve_years(rows: list[dict], years: list[str]) -> list[str]:
    """The year labels of ``years`` as typed (2016, 2018/19, 'PEEL 2016'); a year no report of the catalogue
    matches is an UnknownNameError naming the years the catalogue spans."""
    out: list[str] = []
    for y in years:
        t = y.strip()
        label = model.year_label(t) or (t if re.fullmatch(r"(?:19|20)\d\d", t) else None)
        if label is None or not any(matches_year(r, label) for r in rows):
            held = sorted({_year_of(r)[0][:4] for r in rows} - {""})
            span = f"{held[0]} to {held[-1]}" if held else "none"
            raise UnknownNameError("year", y, hint=f"the catalogue's reports are of {span}; a PEEL report by the "
                                                   "round its title names, e.g. 2016 or 2018/19")
        out.append(label)
    return out


@dataclass
class Timeline:
    rows: list[dict]  # oldest first, then undated reports in listing order
    undated_skipped: int  # undated reports without a round that a year filter could not place


def timeline(rows: list[dict], force_ids: set[str], types: set[str], years: list[str]) -> Timeline:
    """The reports of the forces, types and years chosen (each: all when empty), as a timeline."""
    if force_ids:
        rows = [r for r in rows if r.get("force_id") in force_ids]
    if types:
        rows = [r for r in rows if r.get("type") in types]
    undated_skipped = 0
    if years:
        undated_skipped = sum(1 for r in rows if not r.get("date") and not r.get("round"))
        rows = [r for r in rows if any(matches_year(r, y) for y in years)]
    # the timeline: oldest first, then undated reports in listing order
    rows.sort(key=lambda r: (not r.get("date"), r.get("date") or "", r.get("source_file") or "",
                             int(r.get("source_page") or 0), int(r.get("source_line") or 0)))
    return Timeline(rows, undated_skipped)
