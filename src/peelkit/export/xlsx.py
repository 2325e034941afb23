"""Drawing a ``Book`` with openpyxl (imported inside the functions): styles, print setup, the chart.

Printing: A4 landscape, one page wide, the header row repeated, page numbers and a footer naming the
force, year and source table. A sheet prints only its first ``print_cols`` columns (file names and
full question texts stay in the workbook), so body text stays at 9 pt or more on paper.
"""

from __future__ import annotations

import datetime as _dt
import zipfile
from pathlib import Path

from .. import __version__, model
from ..profile import NOT_EXTRACTED
from .book import Book, Sheet
from .book import cell_width as _width
from .sheets import LOW_GRADES, MARKERS

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
ROW_PT = 13  # height of one line of 10 pt text
FONT = "Arial"  # Liberation Sans (same metrics) where LibreOffice renders it
BODY_PT = 10
HEAD_FOOT_PT = 11  # header and footer text, before the page is scaled to fit


def font(**kw):
    from openpyxl.styles import Font

    kw.setdefault("size", BODY_PT)
    return Font(name=FONT, **kw)




def _lines(text: object, width: float) -> int:
    """Lines a wrapped cell needs at ``width`` characters (word wrap)."""
    if text in (None, ""):
        return 1
    n, cur = 1, 0
    for word in str(text).split():
        w = len(word)
        if cur and cur + 1 + w > width - 1:
            n, cur = n + 1, w
        else:
            cur = cur + (1 if cur else 0) + w
    return n


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
    ws.oddHeader.left.text = title[:120].replace("&", "&&")
    ws.oddHeader.left.size = HEAD_FOOT_PT
    ws.oddFooter.left.text = footer[:200].replace("&", "&&")
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
        fill = PatternFill(patternType="solid", fgColor=fill_c, bgColor=fill_c)
        f = Font(color="000000" if accessible else font_c, italic=g == NOT_EXTRACTED,
                 bold=accessible and g in LOW_GRADES)
        rules.append(CellIsRule(operator="equal", formula=[f'"{g}"'], fill=fill, font=f, stopIfTrue=True))
    return rules


def _check_rules():
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Font, PatternFill

    return [CellIsRule(operator="equal", formula=[f'"{v}"'], fill=PatternFill("solid", fgColor=f, bgColor=f),
                       font=Font(color=c, bold=v == "mismatch"), stopIfTrue=True)
            for v, (f, c) in CHECK_STYLE.items()]


def marker_format(grade: str) -> str:
    """Number format that shows the grade's marker before its text (the cell value stays the grade)."""
    return f'"{MARKERS[grade]} "@'


def column_widths(sheet: Sheet, accessible: bool) -> list[float]:
    return sheet.widths(accessible)


def write_title(ws, lines: list[str], widths: list[float]) -> int:
    """Title lines merged across the printed columns and wrapped; returns the last row written."""
    from openpyxl.styles import Alignment

    total = sum(widths)
    for i, line in enumerate(lines, 1):
        c = ws.cell(i, 1, line)
        c.font = font(bold=True, size=14) if i == 1 else font(italic=True, color="404040")
        c.alignment = Alignment(wrap_text=True, vertical="top")
        if len(widths) > 1:
            ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=len(widths))
        per_line = total / 1.4 if i == 1 else total
        ws.row_dimensions[i].height = (20 if i == 1 else ROW_PT) * _lines(line, per_line)
    return len(lines)


def write_table(ws, sheet: Sheet, book_: Book) -> int:
    """Write title, header and rows; style them. Returns the header row number."""
    from openpyxl.styles import Alignment, Border, PatternFill, Side
    from openpyxl.utils import get_column_letter

    widths = column_widths(sheet, book_.accessible)
    span = sheet.print_cols or len(sheet.columns)
    r = write_title(ws, sheet.title, widths[:span]) + 1 if sheet.title else 1
    header = r
    thin = Side(style="thin", color="808080")
    rotate = {sheet.columns.index(c) for c in sheet.rotate_cols if c in sheet.columns}
    wrap = {sheet.columns.index(c) for c in sheet.wrap_cols if c in sheet.columns}
    grade_idx = {sheet.columns.index(c) for c in sheet.grade_cols if c in sheet.columns}
    for j, name in enumerate(sheet.columns, 1):
        c = ws.cell(header, j, sheet.label(name))
        c.font = font(bold=True)
        c.fill = PatternFill("solid", fgColor=HEADER_FILL)
        c.border = Border(bottom=thin)
        c.alignment = (Alignment(text_rotation=90, vertical="bottom", horizontal="center", wrap_text=True)
                       if j - 1 in rotate else Alignment(wrap_text=True, vertical="top"))
    hl = set(sheet.highlight_rows)
    hl_fill = PatternFill("solid", fgColor=HIGHLIGHT)
    aligned = {
        (True, False): Alignment(wrap_text=True, vertical="top"),
        (False, False): Alignment(vertical="top"),
        (False, True): Alignment(vertical="top", horizontal="center"),
        (True, True): Alignment(vertical="top", horizontal="center", wrap_text=True),
    }
    for i, row in enumerate(sheet.rows):
        for j, v in enumerate(row):
            c = ws.cell(header + 1 + i, j + 1, v if v != "" else None)
            c.alignment = aligned[(j in wrap, isinstance(v, int) and not isinstance(v, bool))]
            if isinstance(v, _dt.date):
                c.number_format = "dd mmm yyyy"
            bold = i in hl
            if j in grade_idx and book_.accessible and v in MARKERS:
                c.number_format = marker_format(v)
                bold = bold or v in LOW_GRADES
            if i in hl:
                c.fill = hl_fill
            if bold or (j in grade_idx and v == NOT_EXTRACTED):
                c.font = font(bold=bold, italic=j in grade_idx and v == NOT_EXTRACTED)
    last = header + max(len(sheet.rows), 1)
    last_col = get_column_letter(len(sheet.columns))
    ws.freeze_panes = ws.cell(header + 1, sheet.freeze_cols + 1)
    ws.auto_filter.ref = f"A{header}:{last_col}{last}"

    # conditional formats keep the text and add the colour
    def ranges(names: tuple[str, ...]) -> str:
        out = []
        for n in names:
            if n in sheet.columns:
                col = get_column_letter(sheet.columns.index(n) + 1)
                out.append(f"{col}{header + 1}:{col}{last}")
        return " ".join(out)

    if ranges(sheet.grade_cols):
        for rule in _grade_rules(book_.accessible):
            ws.conditional_formatting.add(ranges(sheet.grade_cols), rule)
    if ranges(sheet.check_cols):
        for rule in _check_rules():
            ws.conditional_formatting.add(ranges(sheet.check_cols), rule)

    for j, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(j + 1)].width = width
    marker = 3 if book_.accessible else 0
    head_lines = max([_lines(sheet.label(n), w) for j, (n, w) in enumerate(zip(sheet.columns, widths))
                      if j not in rotate] + [1])
    rot_len = max([len(sheet.label(sheet.columns[j])) + 2 for j in rotate] + [0])
    ws.row_dimensions[header].height = max(ROW_PT * head_lines, 5.6 * rot_len)
    for i, row in enumerate(sheet.rows):  # LibreOffice does not grow rows for wrapped text by itself
        n = max([_lines(row[j], (widths[j] - (marker if j in grade_idx else 0)) / 0.85) for j in wrap] + [1])
        if n > 1:
            ws.row_dimensions[header + 1 + i].height = ROW_PT * n
    page_setup(ws, sheet.title[0] if sheet.title else sheet.name, _footer(book_, sheet), header,
               sheet.print_cols or len(sheet.columns), last)
    return header


def _footer(book_: Book, sheet: Sheet) -> str:
    who = book_.force.name if book_.force else "all forces"
    return f"{who} · PEEL {book_.year} · {sheet.name} · source: {sheet.source_table or '-'}"


def write_chart_sheet(ws, sheet: Sheet, book_: Book) -> None:
    """Caption, the chart, then its data: the caption and chart fill one printed page."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.data_source import AxDataSource, StrRef
    from openpyxl.chart.label import DataLabelList
    from openpyxl.chart.marker import DataPoint
    from openpyxl.chart.shapes import GraphicalProperties
    from openpyxl.drawing.fill import ColorChoice, PatternFillProperties
    from openpyxl.drawing.line import LineProperties
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break

    ch = sheet.chart
    assert ch is not None
    chart_rows = 24  # rows 4..27 hold the chart (24 x 15 pt = 12.7 cm)
    start = 4 + chart_rows + 1  # header row of the chart data
    ws.row_breaks.append(Break(id=start - 2))
    ws.cell(start - 1, 1, "Chart data: forces per grade").font = font(bold=True)
    for j, name in enumerate(sheet.columns, 1):
        c = ws.cell(start, j, name)
        c.font = font(bold=True)
        c.fill = PatternFill("solid", fgColor=HEADER_FILL)
        c.alignment = Alignment(wrap_text=True, vertical="top")
    for i, row in enumerate(sheet.rows, 1):
        for j, v in enumerate(row, 1):
            ws.cell(start + i, j, v if v != "" else None).alignment = Alignment(wrap_text=j == 1, vertical="top")
    n = len(sheet.rows)
    widths = [max(_width(r[0]) for r in sheet.rows) + 2] + [max(len(g), 8) + 3 for g in ch["grades"]]
    widths += [14] * 4
    for j, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(j)].width = w
    write_title(ws, sheet.title, widths)
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

    def props(g: str, outline: bool) -> GraphicalProperties:
        fill_c, font_c, prst = STYLE[g]
        gp = GraphicalProperties(ln=LineProperties(solidFill="000000", w=38100)) if outline else GraphicalProperties()
        if book_.accessible:
            gp.pattFill = PatternFillProperties(prst=prst, fgClr=ColorChoice(srgbClr=font_c),
                                                bgClr=ColorChoice(srgbClr=fill_c))
        else:
            gp.solidFill = fill_c
        if not outline:
            gp.line.solidFill = font_c
        return gp

    for s, g in zip(bar.series, ch["grades"]):
        s.graphicalProperties = props(g, False)
    for si, pi in ch["marks"]:
        bar.series[si].dPt.append(DataPoint(idx=pi, spPr=props(ch["grades"][si], True)))
    bar.width = 24
    bar.height = 12
    ws.add_chart(bar, "A4")
    page_setup(ws, sheet.title[0], _footer(book_, sheet), None, max(len(widths), 1), start + n)


def write_cover(ws, book_: Book) -> None:
    from openpyxl.styles import Alignment, Border, PatternFill, Side
    from openpyxl.utils import get_column_letter

    cv = book_.cover
    widths = [25, 82, 40]
    for j, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.cell(1, 1, cv.title).font = font(bold=True, size=18)
    ws.cell(2, 1, cv.subtitle).font = font(italic=True, color="404040")
    thin = Side(style="thin", color="808080")
    wrap = Alignment(wrap_text=True, vertical="top")

    def heading(r: int, text: str, cols: list[str] | None = None) -> None:
        ws.cell(r, 1, text).font = font(bold=True, size=13)
        if cols:
            for j, name in enumerate(cols, 2):
                c = ws.cell(r, j, name)
                c.font = font(bold=True)
                c.fill = PatternFill("solid", fgColor=HEADER_FILL)
                c.border = Border(bottom=thin)

    r = 4
    heading(r, "Headlines", ["Finding", "Where the figures come from"])
    for i, (text, src) in enumerate(cv.headlines, 1):
        r += 1
        ws.cell(r, 1, i).alignment = Alignment(vertical="top", horizontal="right")
        ws.cell(r, 2, text).alignment = wrap
        ws.cell(r, 3, src).alignment = wrap
        ws.cell(r, 3).font = font(color="404040")
        ws.row_dimensions[r].height = ROW_PT * max(_lines(text, widths[1] / 0.85), _lines(src, widths[2] / 0.85))
    r += 2
    heading(r, "About this paper")
    for k, v in cv.meta:
        r += 1
        ws.cell(r, 1, k).font = font(bold=True)
        c = ws.cell(r, 2, v if v != "" else None)
        c.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        ws.row_dimensions[r].height = ROW_PT * _lines(v, widths[1])
    r += 2
    heading(r, "How to read this")
    for line in cv.notes:
        r += 1
        c = ws.cell(r, 2, "• " + line)
        c.alignment = wrap
        ws.row_dimensions[r].height = ROW_PT * _lines("• " + line, widths[1] / 0.85)
    r += 2
    heading(r, "Key to grade cells" + (" (marker and text)" if book_.accessible else " (colour and text)"))
    for g, words in cv.key:
        r += 1
        fill_c, font_c, _ = STYLE[g]
        c = ws.cell(r, 1, g)
        c.fill = PatternFill("solid", fgColor=fill_c, bgColor=fill_c)
        c.font = font(color="000000" if book_.accessible else font_c, italic=g == NOT_EXTRACTED,
                      bold=book_.accessible and g in LOW_GRADES)
        if book_.accessible:
            c.number_format = marker_format(g)
        ws.cell(r, 2, words)
    who = book_.force.name if book_.force else "all forces"
    page_setup(ws, cv.title, f"{who} · PEEL {book_.year} · Cover", None, len(widths), r)


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
