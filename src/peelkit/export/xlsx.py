"""Drawing a ``Book`` with openpyxl (imported inside the functions): styles, print setup, the chart.

Printing: A4 landscape, one page wide, the header row repeated, page numbers and a footer naming the
force, year and source table. A sheet prints only its first ``print_cols`` columns (file names and
full question texts stay in the workbook), so body text stays at 9 pt or more on paper.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import zipfile
from pathlib import Path

from .. import __version__, model
from ..profile import NOT_EXTRACTED
from .book import COLUMN_PAD, HEADER_ROW, METRICS, Book, Sheet, lines_needed, row_height, text_pt
from .context import LOW_GRADES, MARKERS

# RAG colours (fill, font); chart patterns for the accessible version (preset name)
STYLE = {
    "Outstanding": ("A9D08E", "1E4620", "smGrid"),
    "Good": ("C6EFCE", "006100", "ltUpDiag"),
    "Adequate": ("FFF2CC", "7F6000", "ltHorz"),
    "Requires improvement": ("FFEB9C", "9C5700", "dkUpDiag"),
    "Inadequate": ("FFC7CE", "9C0006", "trellis"),
    model.UNGRADED: ("D9D9D9", "404040", "ltVert"),
    NOT_EXTRACTED: ("EDEDED", "7F7F7F", "pct10"),
}
CHECK_STYLE = {"ok": ("C6EFCE", "006100"), "mismatch": ("FFC7CE", "9C0006"),
               "unverifiable": ("FFEB9C", "9C5700"), "unprinted": ("EDEDED", "404040")}
HIGHLIGHT = "DDEBF7"
HEADER_FILL = "D9E1F2"
FONT = "Arial"  # Liberation Sans (same metrics) where LibreOffice renders it
BODY_PT = 10
HEAD_FOOT_PT = 11  # header and footer text, before the page is scaled to fit


def font(**kw):
    from openpyxl.styles import Font

    kw.setdefault("size", BODY_PT)
    return Font(name=FONT, **kw)


def put(ws, row: int, col: int, value: object):
    """The one way a value enters a cell: text is always a text cell (never a formula, an error code or a
    hyperlink, whatever it starts with: '=HYPERLINK(...)', '@', '+'), with the characters XML cannot hold
    replaced by U+FFFD; numbers, dates and booleans stay what they are; '' is an empty cell."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    c = ws.cell(row, col)
    if value is None or value == "":
        c.value = None
    elif isinstance(value, str):
        c.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        c.data_type = "s"
    else:
        c.value = value
    return c


def header_footer_text(text: str, limit: int) -> str:
    """Text for a print header or footer: '&' codes escaped, control characters dropped, cut to ``limit``."""
    clean = "".join(ch if ch >= " " else " " for ch in text)
    return clean[:limit].replace("&", "&&")


def page_setup(ws, title: str, footer: str, header_row: int | None, last_col: int | None = None,
               last_row: int | None = None) -> None:
    from openpyxl.utils import get_column_letter

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.3
    ws.page_margins.top = ws.page_margins.bottom = 0.7
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddHeader.left.text = header_footer_text(title, 120)
    ws.oddHeader.left.size = HEAD_FOOT_PT
    ws.oddFooter.left.text = header_footer_text(footer, 200)
    ws.oddFooter.left.size = HEAD_FOOT_PT
    ws.oddFooter.right.text = "Page &P of &N"
    ws.oddFooter.right.size = HEAD_FOOT_PT
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"
    if last_col and last_row:
        ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"


def _grade_rules(accessible: bool):
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Font, PatternFill

    rules = []
    for g, (fill_c, font_c, _) in STYLE.items():
        if g == NOT_EXTRACTED:
            continue
        fill = PatternFill(patternType="solid", fgColor=fill_c, bgColor=fill_c)
        f = Font(color="000000" if accessible else font_c, bold=accessible and g in LOW_GRADES)
        rules.append(CellIsRule(operator="equal", formula=[f'"{g}"'], fill=fill, font=f, stopIfTrue=True))
    return rules


def _blank_rule(first_cell: str):
    """Empty grade cells (not extracted) in grey."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill

    fill_c = STYLE[NOT_EXTRACTED][0]
    return FormulaRule(formula=[f"LEN({first_cell})=0"], fill=PatternFill("solid", fgColor=fill_c, bgColor=fill_c),
                       stopIfTrue=True)


def _check_rules():
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Font, PatternFill

    return [CellIsRule(operator="equal", formula=[f'"{v}"'], fill=PatternFill("solid", fgColor=f, bgColor=f),
                       font=Font(color=c, bold=v == "mismatch"), stopIfTrue=True)
            for v, (f, c) in CHECK_STYLE.items()]


def marker_format(grade: str) -> str:
    """Number format that shows the grade's marker before its text (the cell value stays the grade)."""
    return f'"{MARKERS[grade]} "@'


def table_name(sheet_name: str) -> str:
    """The Excel table's name: the sheet's, as a name Excel accepts ('Summary', 'Effectiveness')."""
    name = re.sub(r"\W", "_", sheet_name)
    return name if re.match(r"[A-Za-z_]", name) else f"t_{name}"


def write_title(ws, lines: list[str], widths: list[float]) -> int:
    """The title (row 1) and its notes (row 2, one line each) merged across the printed columns and wrapped,
    a blank row, and the header on HEADER_ROW (so every table sheet reads with header=HEADER_ROW - 1)."""
    from openpyxl.styles import Alignment

    total = sum(widths) + COLUMN_PAD * (len(widths) - 1)
    title, notes = (lines[0] if lines else ""), "\n".join(lines[1:])
    for r, text, size, kw in ((1, title, 14, {"bold": True}), (2, notes, BODY_PT, {"italic": True, "color": "404040"})):
        c = put(ws, r, 1, text)
        c.font = font(size=size, **kw)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        if len(widths) > 1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(widths))
        ws.row_dimensions[r].height = row_height(lines_needed(text, total, size, kw.get("bold", False)), size)
    ws.row_dimensions[HEADER_ROW - 1].height = 8
    return HEADER_ROW


def write_header(ws, row: int, columns: list[str]) -> None:
    """The header cells of a table: bold on the header fill, a thin line under, wrapped."""
    from openpyxl.styles import Alignment, Border, PatternFill, Side

    thin = Side(style="thin", color="808080")
    for j, name in enumerate(columns, 1):
        c = put(ws, row, j, name)
        c.font = font(bold=True)
        c.fill = PatternFill("solid", fgColor=HEADER_FILL)
        c.border = Border(bottom=thin)
        c.alignment = Alignment(wrap_text=True, vertical="top")


def write_table(ws, sheet: Sheet, book_: Book) -> int:
    """Title and notes, then the sheet as an Excel table (header on HEADER_ROW); styled, measured, printable.
    Returns the header row number."""
    widths = sheet.widths()
    span = sheet.print_cols or len(sheet.columns)
    header = write_title(ws, sheet.title, widths[:span])
    write_header(ws, header, sheet.columns)
    _write_body(ws, sheet, header)
    last = header + max(len(sheet.rows), 1)
    _add_table(ws, sheet, header, last)
    _add_colours(ws, sheet, book_.accessible, header, last)
    _size_table(ws, sheet, widths, header)
    page_setup(ws, sheet.title[0] if sheet.title else sheet.name, _footer(book_, sheet), header,
               sheet.print_cols or len(sheet.columns), last)
    return header


def _write_body(ws, sheet: Sheet, header: int) -> None:
    """The sheet's rows under the header: numbers centred, dates as dates, a grade's marker and a count's
    suffix ('16 of 18') through the number format, the highlighted rows filled and the bold cells bold."""
    from openpyxl.styles import Alignment, PatternFill

    grade_idx = {sheet.columns.index(c) for c in sheet.grade_cols if c in sheet.columns}
    hl = set(sheet.highlight_rows)
    hl_fill = PatternFill("solid", fgColor=HIGHLIGHT)
    text_align = Alignment(wrap_text=True, vertical="top")
    number_align = Alignment(vertical="top", horizontal="center")
    date_align = Alignment(vertical="top", horizontal="left")  # not against the next column's text
    for i, row in enumerate(sheet.rows):
        for j, v in enumerate(row):
            c = put(ws, header + 1 + i, j + 1, v)
            c.alignment = number_align if isinstance(v, int | float) and not isinstance(v, bool) else text_align
            if isinstance(v, _dt.date):
                c.number_format = "dd mmm yyyy"
                c.alignment = date_align
            if j in grade_idx and v in sheet.markers:
                c.number_format = marker_format(v)
            sfx = sheet.suffix(i, j)
            if sfx and isinstance(v, int):
                c.number_format = '0"' + sfx.replace('"', "") + '"'
            if i in hl:
                c.fill = hl_fill
            if sheet.bold(i, j):
                c.font = font(bold=True)


def _add_table(ws, sheet: Sheet, header: int, last: int) -> None:
    """The panes frozen under the header and beside the first ``freeze_cols`` columns; the Excel table."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    last_col = get_column_letter(len(sheet.columns))
    ws.freeze_panes = ws.cell(header + 1, sheet.freeze_cols + 1)
    tab = Table(displayName=table_name(sheet.name), ref=f"A{header}:{last_col}{last}")
    tab.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showFirstColumn=False, showLastColumn=False,
                                        showRowStripes=False, showColumnStripes=False)
    ws.add_table(tab)


def _add_colours(ws, sheet: Sheet, accessible: bool, header: int, last: int) -> None:
    """Conditional formats on the grade and check columns: they keep the text and add the colour (empty
    grade cells grey)."""
    from openpyxl.utils import get_column_letter

    def ranges(names: tuple[str, ...]) -> list[str]:
        out = []
        for n in names:
            if n in sheet.columns:
                col = get_column_letter(sheet.columns.index(n) + 1)
                out.append(f"{col}{header + 1}:{col}{last}")
        return out

    if ranges(sheet.grade_cols):
        for rule in _grade_rules(accessible):
            ws.conditional_formatting.add(" ".join(ranges(sheet.grade_cols)), rule)
        if sheet.rows:
            for rng in ranges(sheet.grade_cols):
                ws.conditional_formatting.add(rng, _blank_rule(rng.split(":")[0]))
    if ranges(sheet.check_cols):
        for rule in _check_rules():
            ws.conditional_formatting.add(" ".join(ranges(sheet.check_cols)), rule)


def _size_table(ws, sheet: Sheet, widths: list[float], header: int) -> None:
    """Column widths, and every row as tall as its measured lines: LibreOffice does not grow rows for wrapped
    text by itself."""
    from openpyxl.utils import get_column_letter

    for j, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(j + 1)].width = width
    ws.row_dimensions[header].height = row_height(max(lines_needed(n, w, bold=True)
                                                      for n, w in zip(sheet.columns, widths)))
    for i, row in enumerate(sheet.rows):
        n = max([lines_needed(v, widths[j], bold=sheet.bold(i, j), prefix=sheet.prefix(j, v))
                 for j, v in enumerate(row) if isinstance(v, str)] + [1])
        ws.row_dimensions[header + 1 + i].height = row_height(n)


# the printed width (points, at HEAD_FOOT_PT) a footer's left part may take: it ends well before the page
# number on the right of an A4 landscape page (LibreOffice does not scale header and footer with the sheet)
FOOTER_MAX_PT = 600


def _footer(book_: Book, sheet: Sheet) -> str:
    """'Leicestershire · PEEL 2018/19 · Summary · source: file'; sources too many to print beside the page
    number are counted instead ('3 files (see Sources)')."""
    who = book_.force.name if book_.force else "all forces"
    head = f"{who} · PEEL {book_.year} · {sheet.name} · source: "
    src = sheet.source_table or "-"
    if text_pt(head + src, HEAD_FOOT_PT) > FOOTER_MAX_PT:
        src = f"{len(src.split(', '))} files (see Sources)"
    return head + src


CHART_CM = 24  # width of the chart
CHART_ROWS = 22  # rows of 15 pt under the chart's data that the chart covers (about 11.6 cm)


def write_chart_sheet(ws, sheet: Sheet, book_: Book) -> None:
    """Title and caption, the chart's data as an Excel table (header on HEADER_ROW, like every table sheet),
    then the chart under it: all on one printed page."""
    from openpyxl.utils import get_column_letter

    assert sheet.chart is not None
    widths = sheet.widths()
    n = len(sheet.rows)
    start = HEADER_ROW
    _write_chart_data(ws, sheet, widths, start)
    widths = _chart_widths(widths)
    for j, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(j)].width = w
    write_title(ws, sheet.title, widths)
    bar = _bar_chart(ws, sheet.chart, book_.accessible, start, n)
    anchor = start + n + 2
    for r in range(anchor, anchor + CHART_ROWS):
        ws.row_dimensions[r].height = 15
    ws.add_chart(bar, f"A{anchor}")
    page_setup(ws, sheet.title[0], _footer(book_, sheet), None, len(widths), anchor + CHART_ROWS)


def _write_chart_data(ws, sheet: Sheet, widths: list[float], start: int) -> None:
    """The chart's figures as an Excel table with its header on ``start``, rows as tall as their lines."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    n = len(sheet.rows)
    write_header(ws, start, sheet.columns)
    for i, row in enumerate(sheet.rows, 1):
        for j, v in enumerate(row, 1):
            put(ws, start + i, j, v).alignment = Alignment(wrap_text=j == 1, vertical="top")
        ws.row_dimensions[start + i].height = row_height(max(lines_needed(v, widths[j])
                                                              for j, v in enumerate(row)))
    ws.row_dimensions[start].height = row_height(max(lines_needed(c, w, bold=True)
                                                     for c, w in zip(sheet.columns, widths)))
    tab = Table(displayName=table_name(sheet.name), ref=f"A{start}:{get_column_letter(len(sheet.columns))}{start + n}")
    tab.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    ws.add_table(tab)


def _chart_widths(widths: list[float]) -> list[float]:
    """The data's column widths, then columns of 14 until the chart, wider than the data, prints whole."""
    chart_px = CHART_CM / 2.54 * 96  # the chart is wider than the data: columns of 14 to print all of it
    have_px = sum(METRICS.char_px * w + METRICS.col_pad_px for w in widths)
    return widths + [14] * (math.ceil(max(chart_px - have_px, 0) / (METRICS.char_px * 14 + METRICS.col_pad_px)) + 1)


def _bar_chart(ws, ch: dict, accessible: bool, start: int, n: int):
    """A clustered bar chart of the table's ``n`` rows under ``start``: one series per grade in its colours
    (patterns in the accessible version), the force's grade in each pillar outlined in black."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.data_source import AxDataSource, StrRef
    from openpyxl.chart.label import DataLabelList
    from openpyxl.chart.marker import DataPoint

    bar = BarChart()
    bar.type = "col"
    bar.grouping = "clustered"
    bar.title = ch["title"]
    bar.y_axis.title = "Forces"
    bar.y_axis.majorGridlines = None
    bar.x_axis.delete = False
    bar.y_axis.delete = False
    data = Reference(ws, min_col=2, max_col=1 + len(ch["grades"]), min_row=start, max_row=start + n)
    cats = Reference(ws, min_col=1, min_row=start + 1, max_row=start + n)
    bar.add_data(data, titles_from_data=True)
    bar.set_categories(cats)
    for s in bar.series:  # the categories are text: a string reference, not a numeric one
        s.cat = AxDataSource(strRef=StrRef(f=s.cat.numRef.f))
    bar.dataLabels = DataLabelList(showVal=True, showCatName=False, showSerName=False, showLegendKey=False,
                                   showPercent=False, showBubbleSize=False)
    bar.legend.position = "b"
    for s, g in zip(bar.series, ch["grades"]):
        s.graphicalProperties = _bar_look(g, False, accessible)
    for si, pi in ch["marks"]:
        bar.series[si].dPt.append(DataPoint(idx=pi, spPr=_bar_look(ch["grades"][si], True, accessible)))
    bar.width = CHART_CM
    bar.height = 11
    return bar


def _bar_look(g: str, outline: bool, accessible: bool):
    """How a grade's bars are drawn: its fill colour (a pattern in the accessible version), outlined in
    black for the force's own grade."""
    from openpyxl.chart.shapes import GraphicalProperties
    from openpyxl.drawing.fill import ColorChoice, PatternFillProperties
    from openpyxl.drawing.line import LineProperties

    fill_c, font_c, prst = STYLE[g]
    gp = GraphicalProperties(ln=LineProperties(solidFill="000000", w=38100)) if outline else GraphicalProperties()
    if accessible:
        gp.pattFill = PatternFillProperties(prst=prst, fgClr=ColorChoice(srgbClr=font_c),
                                            bgClr=ColorChoice(srgbClr=fill_c))
    else:
        gp.solidFill = fill_c
    if not outline:
        gp.line.solidFill = font_c
    return gp


COVER_WIDTHS = [25, 82, 40]  # the Cover's columns: labels and numbers, text, sources


def write_cover(ws, book_: Book) -> None:
    """The Cover: title, then the headlines with where their figures come from, the facts about the paper,
    how to read it and the key to the grade cells."""
    from openpyxl.utils import get_column_letter

    cv = book_.cover
    for j, w in enumerate(COVER_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(j)].width = w
    put(ws, 1, 1, cv.title).font = font(bold=True, size=18)
    put(ws, 2, 1, cv.subtitle).font = font(italic=True, color="404040")
    ws.row_dimensions[1].height = row_height(1, 18)
    w = _CoverWriter(ws, book_.accessible)
    w.headlines(cv.headlines)
    w.facts(cv.meta)
    w.notes(cv.notes)
    w.key(cv.key)
    who = book_.force.name if book_.force else "all forces"
    page_setup(ws, cv.title, f"{who} · PEEL {book_.year} · Cover", None, len(COVER_WIDTHS), w.row)


class _CoverWriter:
    """The Cover's sections, one under another from row 4 (``row``: the last row written), each under its
    heading, every row as tall as its measured lines."""

    def __init__(self, ws, accessible: bool) -> None:
        from openpyxl.styles import Alignment

        self.ws, self.accessible = ws, accessible
        self.row = 2  # the subtitle's; a blank row before each section
        self.wrap = Alignment(wrap_text=True, vertical="top")

    def heading(self, text: str, cols: list[str] | None = None) -> None:
        """A section's heading two rows under the last one written, with its column headers beside it."""
        from openpyxl.styles import Border, PatternFill, Side

        self.row += 2
        r, ws = self.row, self.ws
        put(ws, r, 1, text).font = font(bold=True, size=13)
        ws.row_dimensions[r].height = row_height(1, 13)
        thin = Side(style="thin", color="808080")
        for j, name in enumerate(cols or [], 2):
            c = put(ws, r, j, name)
            c.font = font(bold=True)
            c.fill = PatternFill("solid", fgColor=HEADER_FILL)
            c.border = Border(bottom=thin)
            c.alignment = self.wrap

    def fit(self, *cells: tuple[int, object, bool]) -> None:
        """The current row as tall as the most lines among its (column, value, bold) cells."""
        self.ws.row_dimensions[self.row].height = row_height(max(lines_needed(v, COVER_WIDTHS[j - 1], bold=b)
                                                                 for j, v, b in cells))

    def headlines(self, headlines: list[tuple[str, str]]) -> None:
        from openpyxl.styles import Alignment

        self.heading("Headlines", ["Finding", "Where the figures come from"])
        for i, (text, src) in enumerate(headlines, 1):
            self.row += 1
            r = self.row
            # the number right-aligned and indented: apart from its text
            put(self.ws, r, 1, i).alignment = Alignment(vertical="top", horizontal="right", indent=1)
            put(self.ws, r, 2, text).alignment = self.wrap
            c = put(self.ws, r, 3, src)
            c.alignment = self.wrap
            c.font = font(color="404040")
            self.fit((2, text, False), (3, src, False))

    def facts(self, meta: list[tuple[str, object]]) -> None:
        from openpyxl.styles import Alignment

        self.heading("About this paper")
        for k, v in meta:
            self.row += 1
            c = put(self.ws, self.row, 1, k)
            c.font = font(bold=True)
            c.alignment = self.wrap
            c = put(self.ws, self.row, 2, v)
            c.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
            self.fit((1, k, True), (2, v, False))

    def notes(self, notes: list[str]) -> None:
        self.heading("How to read this")
        for line in notes:
            self.row += 1
            put(self.ws, self.row, 2, "• " + line).alignment = self.wrap
            self.fit((2, "• " + line, False))

    def key(self, key: list[tuple[str, str]]) -> None:
        """Each grade's cell as the sheets show it (fill, or marker and bold in the accessible version) and
        what it means."""
        from openpyxl.styles import PatternFill

        acc = self.accessible
        self.heading("Key to grade cells" + (" (marker and text)" if acc else " (colour and text)"))
        for g, words in key:
            self.row += 1
            fill_c, font_c, _ = STYLE[g]
            c = put(self.ws, self.row, 1, g)
            c.fill = PatternFill("solid", fgColor=fill_c, bgColor=fill_c)
            c.font = font(color="000000" if acc else font_c, italic=g == NOT_EXTRACTED, bold=acc and g in LOW_GRADES)
            c.alignment = self.wrap
            if acc and g in MARKERS and g != NOT_EXTRACTED:
                c.number_format = marker_format(g)
            put(self.ws, self.row, 2, words).alignment = self.wrap
            prefix = f"{MARKERS[g]} " if acc and g != NOT_EXTRACTED else ""
            self.ws.row_dimensions[self.row].height = row_height(max(
                lines_needed(g, COVER_WIDTHS[0], prefix=prefix, bold=acc and g in LOW_GRADES),
                lines_needed(words, COVER_WIDTHS[1])))


def render_workbook(book_: Book):
    """The Book as an openpyxl Workbook."""
    from openpyxl import Workbook

    from openpyxl.styles import Font
    from openpyxl.utils.indexed_list import IndexedList

    wb = Workbook()
    base = Font(name=FONT, sz=BODY_PT, family=2)  # the default font sets the column width unit too
    wb._fonts = IndexedList([base])
    wb._named_styles["Normal"].font = Font(name=FONT, sz=BODY_PT, family=2)
    ws = wb.active
    ws.title = "Cover"
    write_cover(ws, book_)
    for sheet in book_.sheets:
        ws = wb.create_sheet(sheet.name)
        if sheet.chart:
            write_chart_sheet(ws, sheet, book_)
        else:
            write_table(ws, sheet, book_)
    wb.properties.title = book_.cover.title
    wb.properties.creator = f"peelkit {__version__}"
    wb.properties.subject = "PEEL inspection judgments (HMICFRS)"
    wb.properties.created = book_.created
    wb.properties.modified = book_.created
    wb.active = 0
    return wb


def render_sheets(book_: Book):
    """Only the Book's table sheets (no cover), e.g. a grid."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils.indexed_list import IndexedList

    wb = Workbook()
    wb._fonts = IndexedList([Font(name=FONT, sz=BODY_PT, family=2)])
    wb._named_styles["Normal"].font = Font(name=FONT, sz=BODY_PT, family=2)
    wb.remove(wb.active)
    for sheet in book_.sheets:
        write_table(wb.create_sheet(sheet.name), sheet, book_)
    wb.properties.creator = f"peelkit {__version__}"
    wb.properties.created = wb.properties.modified = book_.created
    return wb


def save(wb, path: Path, when: _dt.datetime) -> None:
    """Save with every ZIP entry stamped ``when`` (openpyxl stamps the wall clock): same book, same bytes."""
    from openpyxl.xml.functions import tostring

    tmp = path.with_name(path.name + ".raw")
    wb.save(tmp)
    try:
        stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
        with zipfile.ZipFile(tmp) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                out = zipfile.ZipInfo(info.filename, date_time=stamp)
                out.compress_type = zipfile.ZIP_DEFLATED
                out.external_attr = info.external_attr
                data = src.read(info.filename)
                if info.filename == "docProps/core.xml":  # openpyxl stamps 'modified' with the clock on save
                    wb.properties.modified = when
                    data = tostring(wb.properties.to_tree())
                dst.writestr(out, data)
    finally:
        tmp.unlink(missing_ok=True)
