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


def write_table(ws, sheet: Sheet, book_: Book) -> int:
    """Title and notes, then the sheet as an Excel table (header on HEADER_ROW); styled, measured, printable.
    Returns the header row number."""
    from openpyxl.styles import Alignment, Border, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    widths = sheet.widths()
    span = sheet.print_cols or len(sheet.columns)
    header = write_title(ws, sheet.title, widths[:span])
    thin = Side(style="thin", color="808080")
    grade_idx = {sheet.columns.index(c) for c in sheet.grade_cols if c in sheet.columns}
    for j, name in enumerate(sheet.columns, 1):
        c = put(ws, header, j, name)
        c.font = font(bold=True)
        c.fill = PatternFill("solid", fgColor=HEADER_FILL)
        c.border = Border(bottom=thin)
        c.alignment = Alignment(wrap_text=True, vertical="top")
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
    last = header + max(len(sheet.rows), 1)
    last_col = get_column_letter(len(sheet.columns))
    ws.freeze_panes = ws.cell(header + 1, sheet.freeze_cols + 1)
    tab = Table(displayName=table_name(sheet.name), ref=f"A{header}:{last_col}{last}")
    tab.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showFirstColumn=False, showLastColumn=False,
                                        showRowStripes=False, showColumnStripes=False)
    ws.add_table(tab)

    # conditional formats keep the text and add the colour
    def ranges(names: tuple[str, ...]) -> list[str]:
        out = []
        for n in names:
            if n in sheet.columns:
                col = get_column_letter(sheet.columns.index(n) + 1)
                out.append(f"{col}{header + 1}:{col}{last}")
        return out

    if ranges(sheet.grade_cols):
        for rule in _grade_rules(book_.accessible):
            ws.conditional_formatting.add(" ".join(ranges(sheet.grade_cols)), rule)
        if sheet.rows:
            for rng in ranges(sheet.grade_cols):
                ws.conditional_formatting.add(rng, _blank_rule(rng.split(":")[0]))
    if ranges(sheet.check_cols):
        for rule in _check_rules():
            ws.conditional_formatting.add(" ".join(ranges(sheet.check_cols)), rule)

    for j, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(j + 1)].width = width
    # LibreOffice does not grow rows for wrapped text by itself: every row is as tall as its measured lines
    ws.row_dimensions[header].height = row_height(max(lines_needed(n, w, bold=True)
                                                      for n, w in zip(sheet.columns, widths)))
    for i, row in enumerate(sheet.rows):
        n = max([lines_needed(v, widths[j], bold=sheet.bold(i, j), prefix=sheet.prefix(j, v))
                 for j, v in enumerate(row) if isinstance(v, str)] + [1])
        ws.row_dimensions[header + 1 + i].height = row_height(n)
    page_setup(ws, sheet.title[0] if sheet.title else sheet.name, _footer(book_, sheet), header,
               sheet.print_cols or len(sheet.columns), last)
    return header


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
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.data_source import AxDataSource, StrRef
    from openpyxl.chart.label import DataLabelList
    from openpyxl.chart.marker import DataPoint
    from openpyxl.chart.shapes import GraphicalProperties
    from openpyxl.drawing.fill import ColorChoice, PatternFillProperties
    from openpyxl.drawing.line import LineProperties
    from openpyxl.styles import Alignment, Border, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    ch = sheet.chart
    assert ch is not None
    widths = sheet.widths()
    n = len(sheet.rows)
    start = HEADER_ROW
    thin = Side(style="thin", color="808080")
    for j, name in enumerate(sheet.columns, 1):
        c = put(ws, start, j, name)
        c.font = font(bold=True)
        c.fill = PatternFill("solid", fgColor=HEADER_FILL)
        c.border = Border(bottom=thin)
        c.alignment = Alignment(wrap_text=True, vertical="top")
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
    chart_px = CHART_CM / 2.54 * 96  # the chart is wider than the data: columns of 14 to print all of it
    have_px = sum(METRICS.char_px * w + METRICS.col_pad_px for w in widths)
    widths = widths + [14] * (math.ceil(max(chart_px - have_px, 0) / (METRICS.char_px * 14 + METRICS.col_pad_px)) + 1)
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
    bar.width = CHART_CM
    bar.height = 11
    anchor = start + n + 2
    for r in range(anchor, anchor + CHART_ROWS):
        ws.row_dimensions[r].height = 15
    ws.add_chart(bar, f"A{anchor}")
    page_setup(ws, sheet.title[0], _footer(book_, sheet), None, len(widths), anchor + CHART_ROWS)


def write_cover(ws, book_: Book) -> None:
    from openpyxl.styles import Alignment, Border, PatternFill, Side
    from openpyxl.utils import get_column_letter

    cv = book_.cover
    widths = [25, 82, 40]
    for j, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(j)].width = w
    put(ws, 1, 1, cv.title).font = font(bold=True, size=18)
    put(ws, 2, 1, cv.subtitle).font = font(italic=True, color="404040")
    ws.row_dimensions[1].height = row_height(1, 18)
    thin = Side(style="thin", color="808080")
    wrap = Alignment(wrap_text=True, vertical="top")

    def heading(r: int, text: str, cols: list[str] | None = None) -> None:
        put(ws, r, 1, text).font = font(bold=True, size=13)
        ws.row_dimensions[r].height = row_height(1, 13)
        for j, name in enumerate(cols or [], 2):
            c = put(ws, r, j, name)
            c.font = font(bold=True)
            c.fill = PatternFill("solid", fgColor=HEADER_FILL)
            c.border = Border(bottom=thin)
            c.alignment = wrap

    def fit(r: int, *cells: tuple[int, object, bool]) -> None:
        ws.row_dimensions[r].height = row_height(max(lines_needed(v, widths[j - 1], bold=b) for j, v, b in cells))

    r = 4
    heading(r, "Headlines", ["Finding", "Where the figures come from"])
    for i, (text, src) in enumerate(cv.headlines, 1):
        r += 1
        put(ws, r, 1, i).alignment = Alignment(vertical="top", horizontal="right", indent=1)  # apart from its text
        put(ws, r, 2, text).alignment = wrap
        c = put(ws, r, 3, src)
        c.alignment = wrap
        c.font = font(color="404040")
        fit(r, (2, text, False), (3, src, False))
    r += 2
    heading(r, "About this paper")
    for k, v in cv.meta:
        r += 1
        c = put(ws, r, 1, k)
        c.font = font(bold=True)
        c.alignment = wrap
        c = put(ws, r, 2, v)
        c.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        fit(r, (1, k, True), (2, v, False))
    r += 2
    heading(r, "How to read this")
    for line in cv.notes:
        r += 1
        put(ws, r, 2, "• " + line).alignment = wrap
        fit(r, (2, "• " + line, False))
    r += 2
    heading(r, "Key to grade cells" + (" (marker and text)" if book_.accessible else " (colour and text)"))
    for g, words in cv.key:
        r += 1
        fill_c, font_c, _ = STYLE[g]
        c = put(ws, r, 1, g)
        c.fill = PatternFill("solid", fgColor=fill_c, bgColor=fill_c)
        c.font = font(color="000000" if book_.accessible else font_c, italic=g == NOT_EXTRACTED,
                      bold=book_.accessible and g in LOW_GRADES)
        c.alignment = wrap
        if book_.accessible and g in MARKERS and g != NOT_EXTRACTED:
            c.number_format = marker_format(g)
        put(ws, r, 2, words).alignment = wrap
        prefix = f"{MARKERS[g]} " if book_.accessible and g != NOT_EXTRACTED else ""
        ws.row_dimensions[r].height = row_height(max(lines_needed(g, widths[0], prefix=prefix,
                                                                  bold=book_.accessible and g in LOW_GRADES),
                                                     lines_needed(words, widths[1])))
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
