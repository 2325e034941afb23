"""The board paper as plain data: a ``Book`` of a ``Cover`` and table ``Sheet``s (no openpyxl, no pandas).

Two renderers draw it: ``xlsx.render_workbook`` (openpyxl) and ``csvfolder.write_csv_folder``.

Text is measured, not guessed: the width of a string in points comes from the Arial metrics pdfminer
ships (Arial, Helvetica and LibreOffice's Liberation Sans share them), so a column is as wide as its
text and a wrapped cell's row is as tall as its lines (``Metrics``).
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field
from functools import lru_cache

from .. import model

# characters of column width (default font, 10 pt, plus COLUMN_PAD per column) that fit one A4 landscape
# page at 90 % scale, so text prints at 9 pt or more (calibrated on LibreOffice's PDFs: about 149 fit at 100 %)
PRINT_BUDGET = 162
COLUMN_PAD = 0.7
HEADER_ROW = 4  # every table sheet: title (row 1), notes (row 2), a blank row, the header: read_excel(header=3)


@dataclass(frozen=True)
class Metrics:
    """How text is measured on the page (LibreOffice's rendering of Arial 10 pt, as calibrated on its PDFs)."""

    body_pt: float = 10.0
    line_pt: float = 11.5  # one line of 10 pt text (LibreOffice's PDFs: 11.2 pt from line to line)
    row_pad_pt: float = 2.5  # above and below the lines of a row
    char_px: float = 7.0  # Excel's column-width unit: the widest digit of the default font, in pixels
    col_pad_px: float = 5.0  # Excel adds this to every column
    cell_pad_pt: float = 4.5  # the text area is this much narrower than the column (both sides, with margin)
    unknown_em: float = 1.0  # a character the metrics do not know (★, ▲): taken as wide as an em

    def column_pt(self, width_chars: float) -> float:
        """The room for text in a column ``width_chars`` wide, in points."""
        return (self.char_px * width_chars + self.col_pad_px) * 0.75 - self.cell_pad_pt

    def chars_for(self, text_pt: float) -> float:
        """The column width (Excel characters) that holds ``text_pt`` points of text on one line."""
        return ((text_pt + self.cell_pad_pt) / 0.75 - self.col_pad_px) / self.char_px


METRICS = Metrics()


@lru_cache(maxsize=2)
def _glyphs(bold: bool) -> dict[str, float]:
    from pdfminer.fontmetrics import FONT_METRICS

    return FONT_METRICS["Helvetica-Bold" if bold else "Helvetica"][1]


@lru_cache(maxsize=65536)
def text_pt(text: str, size: float = METRICS.body_pt, bold: bool = False) -> float:
    """Width of one line of ``text`` in points (Arial metrics)."""
    g = _glyphs(bold)
    return sum(g.get(ch, METRICS.unknown_em * 1000) for ch in text) * size / 1000


def display(value: object) -> str:
    """The text a cell shows (dates as the workbook formats them)."""
    if value is None:
        return ""
    if isinstance(value, _dt.datetime | _dt.date):
        return value.strftime("%d %b %Y")
    return str(value)


def lines_needed(value: object, width_chars: float, size: float = METRICS.body_pt, bold: bool = False,
                 prefix: str = "") -> int:
    """Lines a wrapped cell needs in a column ``width_chars`` wide: words wrap at spaces, explicit line
    breaks are kept, a word longer than the column breaks inside (as LibreOffice and Excel do)."""
    text = display(value)
    if not text:
        return 1
    room = METRICS.column_pt(width_chars)
    space = text_pt(" ", size, bold)
    n = 0
    for para in (prefix + text).split("\n"):
        n += 1
        cur = 0.0
        for word in para.split():
            w = text_pt(word, size, bold)
            if w > room:  # broken inside the word, on lines of its own
                pieces = math.ceil(w / room)
                n += pieces - (0 if cur else 1)
                cur = w - (pieces - 1) * room
                continue
            if cur and cur + space + w > room:
                n += 1
                cur = w
            else:
                cur = cur + (space if cur else 0) + w
    return max(n, 1)


def row_height(lines: int, size: float = METRICS.body_pt) -> float:
    """Height in points of a row holding ``lines`` lines of ``size`` pt text."""
    return round(lines * METRICS.line_pt * size / METRICS.body_pt + METRICS.row_pad_pt, 2)


def cell_width(value: object, bold: bool = False, prefix: str = "") -> float:
    """The column width (Excel characters) that shows ``value`` on one line (each line of it)."""
    text = display(value)
    if not text:
        return 0
    return max(METRICS.chars_for(text_pt(prefix + line, bold=bold)) for line in text.split("\n"))


def longest_word(value: object, bold: bool = False) -> float:
    return max((METRICS.chars_for(text_pt(w, bold=bold)) for w in display(value).split()), default=0)


@dataclass
class Sheet:
    """One table sheet: title and notes above a header row, and rows of cell values.

    Column names are unique (the header of an Excel table). A grade cell holds the grade or is empty:
    why a judgment is missing is a note (in its row or in ``title``), never a value. ``print_cols`` is
    how many leading columns the printed page shows (the rest, e.g. full file names and question texts,
    stay in the workbook and the CSV).
    """

    name: str
    title: list[str]  # the title, then notes (printed above the table, one row each: title, notes)
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    grade_cols: tuple[str, ...] = ()
    check_cols: tuple[str, ...] = ()
    highlight_rows: tuple[int, ...] = ()  # 0-based indexes into rows
    freeze_cols: int = 1  # key columns kept visible when scrolling right
    caps: dict[str, int] = field(default_factory=dict)  # maximum column widths (characters); longer text wraps
    print_cols: int | None = None  # None: all columns
    source_table: str = ""  # named in the printed footer
    chart: dict | None = None  # a chart sheet: categories, values, marks, caption
    markers: dict[str, str] = field(default_factory=dict)  # grade -> text marker shown before it (accessible)
    bold_values: tuple[str, ...] = ()  # values printed bold wherever they are (accessible: the low grades)
    # (row index, column name) -> text a number cell shows after its value (a partial count: '16' of 18'),
    # through its number format: the value stays the number
    suffixes: dict[tuple[int, str], str] = field(default_factory=dict)

    def bold(self, i: int, j: int) -> bool:
        """Whether the cell at row ``i``, column ``j`` prints bold."""
        return i in self.highlight_rows or (self.columns[j] in self.grade_cols and self.rows[i][j] in self.bold_values)

    def prefix(self, j: int, value: object) -> str:
        return f"{self.markers[value]} " if self.columns[j] in self.grade_cols and value in self.markers else ""

    def suffix(self, i: int, j: int) -> str:
        return self.suffixes.get((i, self.columns[j]), "")

    def shown(self, i: int, j: int) -> object:
        """The cell as printed, apart from its marker: the value and its suffix."""
        v = self.rows[i][j]
        sfx = self.suffix(i, j)
        return f"{display(v)}{sfx}" if sfx else v

    def widths(self) -> list[float]:
        """Column widths (characters) from the measured content: as wide as the widest cell (bold where it
        prints bold, with its marker), capped per column (longer text wraps), and never narrower than the
        widest word of the column or its header (bold where it prints bold): a word is never broken inside."""
        out = []
        for j, name in enumerate(self.columns):
            content = max([cell_width(self.shown(i, j), self.bold(i, j), self.prefix(j, row[j]))
                           for i, row in enumerate(self.rows)] + [0])
            words = max([longest_word(self.shown(i, j), self.bold(i, j)) for i, row in enumerate(self.rows)] + [0])
            head = longest_word(name, bold=True)
            cap = self.caps.get(name, 45)
            out.append(round(max(min(content, cap), head, words, 4) + 0.5, 1))
        return out

    def printed_width(self) -> float:
        printed = self.widths()[: self.print_cols or len(self.columns)]
        return sum(printed) + COLUMN_PAD * len(printed)

    def fit_to_page(self, movable: tuple[str, ...]) -> None:
        """Move ``movable`` columns (in order) behind the printed ones until the printed width fits
        ``PRINT_BUDGET``: they stay in the workbook and the CSV, only the paper leaves them out."""
        for name in movable:
            if self.printed_width() <= PRINT_BUDGET or name not in self.columns or not self.print_cols:
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
    group: str = "national"  # the comparison group of the Summary's standings

    def sheet(self, name: str) -> Sheet:
        return next(s for s in self.sheets if s.name == name)

    def sizes(self) -> dict[str, int]:
        return {"Cover": len(self.cover.headlines), **{s.name: len(s.rows) for s in self.sheets}}
