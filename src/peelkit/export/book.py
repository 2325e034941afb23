"""The board paper as plain data: a ``Book`` of a ``Cover`` and table ``Sheet``s (no openpyxl, no pandas).

Two renderers draw it: ``xlsx.render_workbook`` (openpyxl) and ``csvfolder.write_csv_folder``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from .. import model


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
    highlight_rows: tuple[int, ...] = ()  # 0-based indexes into rows
    freeze_cols: int = 1  # key columns kept visible when scrolling right
    caps: dict[str, int] = field(default_factory=dict)  # maximum column widths (characters)
    print_cols: int | None = None  # None: all columns
    source_table: str = ""  # named in the printed footer
    chart: dict | None = None  # a chart sheet: categories, values, marks, caption


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
