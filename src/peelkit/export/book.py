"""The board paper as plain data: a ``Book`` of a ``Cover`` and table ``Sheet``s (no openpyxl, no pandas).

Two renderers draw it: ``xlsx.render_workbook`` (openpyxl) and ``csvfolder.write_csv_folder``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from .. import model

# characters of column width (default font, 10 pt, plus COLUMN_PAD per column) that fit one A4 landscape
# page at 90 % scale, so text prints at 9 pt or more (calibrated on LibreOffice's PDFs: about 149 fit at 100 %)
PRINT_BUDGET = 162
COLUMN_PAD = 0.7
MARKER_WIDTH = 3  # the accessible marker ('▲▲ ') before a grade


def cell_width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, _dt.datetime | _dt.date):
        return 12
    return max((len(x) for x in str(value).split("\n")), default=0)


@dataclass
class Sheet:
    """One table sheet: title lines above a header row and rows of cell values.

    ``print_cols`` is how many leading columns the printed page shows (the rest, e.g. full file names
    and question texts, stay in the workbook and the CSV). ``rotate_cols`` get a vertical header so a
    narrow column of counts fits on the page.
    """

    name: str
    title: list[str]
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    grade_cols: tuple[str, ...] = ()
    check_cols: tuple[str, ...] = ()
    wrap_cols: tuple[str, ...] = ()
    rotate_cols: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)  # header shown in the workbook, if not the column name
    highlight_rows: tuple[int, ...] = ()  # 0-based indexes into rows
    freeze_cols: int = 1  # key columns kept visible when scrolling right
    caps: dict[str, int] = field(default_factory=dict)  # maximum column widths (characters)
    print_cols: int | None = None  # None: all columns
    source_table: str = ""  # named in the printed footer
    chart: dict | None = None  # a chart sheet: categories, values, marks, caption

    def widths(self, accessible: bool = False) -> list[float]:
        """Column widths (characters) from the content, capped per column; wrapped columns wrap,
        rotated headers are narrow."""
        out = []
        for j, name in enumerate(self.columns):
            extra = MARKER_WIDTH if accessible and name in self.grade_cols else 0
            content = max([cell_width(row[j]) + extra for row in self.rows] + [0])
            if name in self.rotate_cols:
                out.append(max(content, 2) + 2)
                continue
            cap = self.caps.get(name, 60 if name in self.wrap_cols else 45)
            longest_word = max((len(w) for w in self.label(name).split()), default=4)
            out.append(max(min(content, cap), min(longest_word, cap), 4) + 1)
        return out

    def label(self, name: str) -> str:
        return self.labels.get(name, name)

    def printed_width(self, accessible: bool = False) -> float:
        printed = self.widths(accessible)[: self.print_cols or len(self.columns)]
        return sum(printed) + COLUMN_PAD * len(printed)

    def fit_to_page(self, accessible: bool, movable: tuple[str, ...]) -> None:
        """Move ``movable`` columns (in order) behind the printed ones until the printed width fits
        ``PRINT_BUDGET``: they stay in the workbook and the CSV, only the paper leaves them out."""
        for name in movable:
            if self.printed_width(accessible) <= PRINT_BUDGET or name not in self.columns or not self.print_cols:
                return
            j = self.columns.index(name)
            if j >= self.print_cols:
                continue
            self.columns.append(self.columns.pop(j))
            for row in self.rows:
                row.append(row.pop(j))
            self.print_cols -= 1
            self.freeze_cols = min(self.freeze_cols, self.print_cols)


@dataclass
class Cover:
    title: str
    subtitle: str
    headlines: list[tuple[str, str]]  # (sentence, where its figures come from)
    meta: list[tuple[str, object]]
    notes: list[str]  # how to read this
    key: list[tuple[str, str]]  # (grade, what marks it)


@dataclass
class Book:
    year: str
    force: model.Force | None
    scale: int
    accessible: bool
    created: _dt.datetime
    cover: Cover
    sheets: list[Sheet]
    footer: str  # force, year and source table, on every printed page

    def sheet(self, name: str) -> Sheet:
        return next(s for s in self.sheets if s.name == name)

    def sizes(self) -> dict[str, int]:
        return {"Cover": len(self.cover.headlines), **{s.name: len(s.rows) for s in self.sheets}}
