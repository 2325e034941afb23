"""Build State of Policing-like PDFs with reportlab, for the PDF tests and the benchmark.

Not a test module. The table pages render the 2018/19 PEEL judgments table in the published
layout, from the rows the text path extracts from ``data/raw/state_of_policing_2019_part2.txt``:
landscape pages, a two-row header (pillar / question text over "Judgment | Trend" or
"Judgment | Last inspected", text wrapped inside its cell), forces A-M on one page and N-W on a
"PEEL judgments table continued" page, and a Totals block under each pillar. Around them sit
portrait narrative pages (the document's own prose, so the year sentence and the summary sentences
with printed totals are in the PDF) and filler pages.

Column parts the text path could not place (count_mismatch) are rendered blank: the PDF path must
report them, not invent them.

    from tests.pdfgen import build_pdf, text_tables
    build_pdf(path, text_tables(), ruled=True, fills=True, wrap=False, drop=None, before=3, after=3)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOP = ROOT / "data" / "raw" / "state_of_policing_2019_part2.txt"

GRADE_ORDER = ("Outstanding", "Good", "Requires improvement", "Inadequate")
FILLS = {"Outstanding": (0.13, 0.45, 0.25), "Good": (0.55, 0.80, 0.45),
         "Requires improvement": (0.98, 0.75, 0.30), "Inadequate": (0.85, 0.25, 0.25)}

FILLER = ("Forces continue to work with partner organisations to make communities safer. This paragraph is "
          "narrative filler for page {n}: it describes neighbourhood teams, call handling, investigations "
          "and the support offered to victims, as a long report would, without any figures in it.")


@lru_cache(maxsize=1)
def text_tables() -> dict[str, list[dict]]:
    """The tidy rows of the text path for the real document (pillars, questions, printed_totals, review)."""
    from peelkit.parse.state_of_policing import parse
    from peelkit.sources.text import read_text

    ex = parse(read_text(SOP).lines, SOP.name)
    return {k: [dict(r) for r in v] for k, v in ex.tables.items()}


@lru_cache(maxsize=1)
def narrative() -> tuple[list[str], list[str]]:
    """(paragraphs before the table, paragraphs after it): the document's prose without markup."""
    lines = SOP.read_text(encoding="utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if re.match(r"^#*\s*PEEL judgments table\s*$", ln))
    end = next(i for i, ln in enumerate(lines) if i > start and ln.startswith("## Our 2018/19 PEEL inspections"))

    def clean(chunk: list[str]) -> list[str]:
        out = []
        for ln in chunk:
            t = re.sub(r"<[^>]*>", "", ln).replace("**", "").lstrip("#").strip()
            t = t.replace("\t", " ").replace("\u00a0", " ")
            if t:
                out.append(t)
        return out

    return clean(lines[:start]), clean(lines[end:])


# ----------------------------------------------------------------- the table, as data


@dataclass
class Group:
    kind: str  # "pillar" | "question"
    header: str  # top header text (pillar name or question text)
    qid: str  # "" for the pillar
    second: str  # "Trend" | "Last inspected"


@dataclass
class TablePage:
    pillar: str
    continued: bool
    groups: list[Group]
    rows: list[tuple[str, list[str]]]  # (force name, one cell per value column)
    totals: list[tuple[str, list[str]]] = field(default_factory=list)  # (grade, one cell per value column)


def table_pages(tables: dict[str, list[dict]], drop: tuple[str, str] | None = None) -> list[TablePage]:
    """Six pages (A-M and N-W per pillar) from the text path's rows. ``drop=(pillar, force_id)``
    leaves that force's row out (a broken page)."""
    from peelkit import model

    pill = {(r["force_id"], r["pillar"]): r for r in tables["pillars"]}
    ques = {(r["force_id"], r["question_id"]): r for r in tables["questions"]}
    qtext = {r["question_id"]: r["question"] for r in tables["questions"]}
    totals = [r for r in tables["printed_totals"] if r["kind"] == "table"]
    pages = []
    for p in model.PILLARS:
        qs = [q for q in model.pillar_questions(p) if q.question_id in _layout_questions(p)]
        groups = [Group("pillar", p.capitalize(), "", "Trend")] + [
            Group("question", qtext.get(q.question_id, q.text), q.question_id, "Last inspected") for q in qs]
        for continued, part in ((False, [f for f in model.forces() if f.name < "N"]),
                                (True, [f for f in model.forces() if f.name >= "N"])):
            rows = []
            for f in part:
                if drop and drop == (p, f.force_id):
                    continue
                pr = pill[(f.force_id, p)]
                cells = [pr["grade"] or "", pr["trend"] or ""]
                for q in qs:
                    qr = ques.get((f.force_id, q.question_id))
                    cells += [qr["grade"] or "", qr["last_inspected"] or ""] if qr else ["", ""]
                rows.append((f.name, cells))
            tp = TablePage(p, continued, groups, rows)
            if continued:
                for g in GRADE_ORDER:
                    cells = [""] * (2 * len(groups))
                    for r in totals:
                        if r["pillar"] == p and r["value"] == g and r["measure"] == "grade":
                            k = next(i for i, gr in enumerate(groups) if gr.qid == r["question_id"])
                            cells[2 * k] = str(r["count"])
                    tp.totals.append((g, cells))
            pages.append(tp)
    return pages


def _layout_questions(pillar: str) -> list[str]:
    from peelkit.parse.state_of_policing import layouts

    return layouts()["2018/19"]["questions"][pillar]


# ----------------------------------------------------------------- rendering


@dataclass
class Style:
    ruled: bool = False
    fills: bool = False
    wrap: bool = False  # narrow columns: "Last inspected" and question texts wrap more
    font: str = "Helvetica"
    bold: str = "Helvetica-Bold"
    size: float = 7.0
    leading: float = 7.8
    pad: float = 2.0

    @property
    def force_w(self) -> float:
        return 112.0

    @property
    def col_w(self) -> float:
        return 49.0 if self.wrap else 60.0


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    from reportlab.lib.utils import simpleSplit

    return simpleSplit(text, font, size, width) or [""]


def _cell(c, text: str, x: float, y_top: float, w: float, h: float, st: Style, *, font: str | None = None,
          align: str = "center", fill=None) -> None:
    """Draw one cell: optional fill and border, text wrapped and centred vertically."""
    if fill is not None:
        c.setFillColorRGB(*fill)
        c.rect(x, y_top - h, w, h, stroke=0, fill=1)
    if st.ruled:
        c.setStrokeColorRGB(0, 0, 0)
        c.setLineWidth(0.5)
        c.rect(x, y_top - h, w, h, stroke=1, fill=0)
    if not text:
        return
    font = font or st.font
    lines = _wrap(text, font, st.size, w - 2 * st.pad)
    block = len(lines) * st.leading
    y = y_top - (h - block) / 2 - st.leading + (st.leading - st.size) / 2 + 1
    c.setFillColorRGB(1, 1, 1) if fill is not None and fill == FILLS.get("Outstanding") else c.setFillColorRGB(0, 0, 0)
    c.setFont(font, st.size)
    for ln in lines:
        if align == "center":
            c.drawCentredString(x + w / 2, y, ln)
        else:
            c.drawString(x + st.pad, y, ln)
        y -= st.leading
    c.setFillColorRGB(0, 0, 0)


def _height(texts: list[tuple[str, str, float]], st: Style) -> float:
    n = max(len(_wrap(t, f, st.size, w - 2 * st.pad)) if t else 1 for t, f, w in texts)
    return n * st.leading + 2 * st.pad


def draw_table_page(c, page: TablePage, st: Style, number: int) -> None:
    from reportlab.lib.pagesizes import A4, landscape

    W, H = landscape(A4)
    c.setPageSize((W, H))
    c.setFont(st.bold, 14)
    c.drawString(36, H - 44, "PEEL judgments table continued" if page.continued else "PEEL judgments table")
    fw, cw = st.force_w, st.col_w
    x0, y = 36.0, H - 64
    # header row 1: "Force" (spans both rows), then one cell per group spanning its two columns
    h1 = _height([(g.header, st.bold, 2 * cw) for g in page.groups], st)
    h2 = _height([("Judgment", st.bold, cw), (page.groups[0].second, st.bold, cw)]
                 + [("Last inspected", st.bold, cw)] * (len(page.groups) > 1), st)
    _cell(c, "Force", x0, y, fw, h1 + h2, st, font=st.bold, align="left")
    x = x0 + fw
    for g in page.groups:
        _cell(c, g.header, x, y, 2 * cw, h1, st, font=st.bold)
        _cell(c, "Judgment", x, y - h1, cw, h2, st, font=st.bold)
        _cell(c, g.second, x + cw, y - h1, cw, h2, st, font=st.bold)
        x += 2 * cw
    y -= h1 + h2
    for name, cells in page.rows:
        h = _height([(name, st.bold, fw)] + [(v, st.font, cw) for v in cells], st)
        _cell(c, name, x0, y, fw, h, st, font=st.bold, align="left")
        x = x0 + fw
        for k, v in enumerate(cells):
            fill = FILLS.get(v) if st.fills and k % 2 == 0 else None
            _cell(c, v, x, y, cw, h, st, fill=fill)
            x += cw
        y -= h
    if page.totals:
        h = _height([("Totals", st.bold, fw)], st)
        _cell(c, "Totals", x0, y, fw, h, st, font=st.bold, align="left")
        y -= h
        for label, cells in page.totals:
            h = _height([(label, st.bold, fw)], st)
            _cell(c, label, x0, y, fw, h, st, font=st.bold, align="left")
            x = x0 + fw
            for v in cells:
                _cell(c, v, x, y, cw, h, st)
                x += cw
            y -= h
    assert y > 40, f"table page {number} overflows ({y:.0f})"
    _footer(c, W, number)


def _footer(c, width: float, number: int) -> None:
    c.setFont("Helvetica", 8)
    c.drawCentredString(width / 2, 20, str(number))


def _prose_pages(c, paragraphs: list[str], number: int) -> int:
    """Portrait pages of wrapped paragraphs (a paragraph never splits across pages). Returns the next
    page number."""
    from reportlab.lib.pagesizes import A4

    W, H = A4
    top, bottom, size, leading = H - 60, 60, 10, 13
    y = top
    started = False
    for para in paragraphs:
        lines = _wrap(para, "Helvetica", size, W - 144)
        need = len(lines) * leading + 6
        if started and y - need < bottom:
            _footer(c, W, number)
            c.showPage()
            number += 1
            y = top
        if not started:
            c.setPageSize((W, H))
            started = True
        c.setFont("Helvetica", size)
        for ln in lines:
            c.drawString(72, y, ln)
            y -= leading
        y -= 6
    if started:
        _footer(c, W, number)
        c.showPage()
        number += 1
    return number


def _filler_pages(c, n: int, number: int) -> int:
    for _ in range(n):
        number = _prose_pages(c, [FILLER.format(n=number)] * 10, number)
    return number


def build_pdf(path: Path, tables: dict[str, list[dict]] | None = None, *, ruled: bool = False,
              fills: bool = False, wrap: bool = False, drop: tuple[str, str] | None = None,
              before: int = 2, after: int = 2, encrypt: str | None = None,
              with_table: bool = True) -> dict[str, object]:
    """Write a State of Policing-like PDF. Returns {"pages": total, "table_pages": [1-based numbers]}."""
    from reportlab.pdfgen import canvas

    tables = tables if tables is not None else text_tables()
    c = canvas.Canvas(str(path), encrypt=encrypt, pageCompression=0)
    c.setTitle("State of Policing 2019 (test rendering)")
    intro, outro = narrative()
    number = _prose_pages(c, intro, 1)
    number = _filler_pages(c, before, number)
    table_numbers = []
    if with_table:
        st = Style(ruled=ruled, fills=fills, wrap=wrap)
        for tp in table_pages(tables, drop=drop):
            draw_table_page(c, tp, st, number)
            c.showPage()
            table_numbers.append(number)
            number += 1
    number = _prose_pages(c, outro, number)
    number = _filler_pages(c, after, number)
    c.save()
    return {"pages": number - 1, "table_pages": table_numbers}


def build_plain_pdf(path: Path, paragraphs: list[str], *, encrypt: str | None = None) -> None:
    """A PDF of prose only (another kind of document, or no kind at all)."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=encrypt)
    _prose_pages(c, paragraphs, 1)
    c.save()


if __name__ == "__main__":  # python tests/pdfgen.py OUT.pdf [--ruled] [--fills] [--wrap]
    import sys

    args = sys.argv[1:]
    info = build_pdf(Path(args[0]), ruled="--ruled" in args, fills="--fills" in args, wrap="--wrap" in args)
    print(info)
