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

For the converter fixtures (scripts/make_converter_fixtures.py, tests/fixtures/converters/) there is
also ``complete_tables()`` (every cell of the 2018/19 layout filled, synthetic values where the text
path has none, totals computed from the 43 forces), a short narrative (``short=True``: only the
year paragraphs before the table and the totals sentences after it) and a few page styles
(``running``, ``spill``, ``repeated``), all off by default; ``build_style_pdf(path, name)`` builds one
named fixture style (``STYLES``).
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

# synthetic values for the cells the text path leaves empty (complete_tables); they live only in tests
SYNTH_GRADES = ("Good", "Requires improvement", "Outstanding", "Inadequate")
SYNTH_TRENDS = ("Unchanged", "Improved", "Declined")
SYNTH_YEARS = ("2018/19", "2017/18", "2016/17")
SYNTHETIC = "synthetic"  # source_file of a synthetic row

RUNNING_HEADER = "State of Policing 2019 \u2013 Part 2: Our inspections"
RUNNING_FOOTER = "HMICFRS  |  page {n}"
YEAR_SENTENCE = re.compile(r"In (?P<year>20\d\d/\d\d), we made our \w+ PEEL")

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


def short_narrative() -> tuple[list[str], list[str]]:
    """(paragraphs before the table, after it) of the short fixtures: only the paragraphs with the year
    sentence, and only the totals sentences ("we graded", "stayed the same")."""
    intro, outro = narrative()
    before = [t for t in intro if YEAR_SENTENCE.search(t)]
    after = [t for t in outro if "we graded" in t or "stayed the same" in t]
    assert before and len(after) == 6, (before, after)
    return before, after


@lru_cache(maxsize=1)
def complete_tables() -> dict[str, list[dict]]:
    """The text path's rows with every (force, pillar) and (force, question) cell of the 2018/19 layout
    filled: where the text path has no row (the refused column parts), a synthetic one
    (``source_file == "synthetic"``): grade SYNTH_GRADES[(force index + question position) % 4], last
    inspected SYNTH_YEARS[(force index + question position) % 3], force index in ``model.forces()``
    order, question position 0-based within the pillar's layout questions. ``printed_totals`` holds
    the table totals computed from the complete table (one row per grade, zeros included, for the
    pillar and every question) and the text path's summary-sentence totals. Same shape as
    ``text_tables()``, so ``table_pages(complete_tables())`` works."""
    from peelkit import model

    t = text_tables()
    year = t["pillars"][0]["year"]
    pill = {(r["force_id"], r["pillar"]): r for r in t["pillars"]}
    ques = {(r["force_id"], r["question_id"]): r for r in t["questions"]}
    qtext = {r["question_id"]: r["question"] for r in t["questions"]}
    forces = model.forces()
    pillars, questions, totals = [], [], []

    def synth(f, line=None) -> dict:
        return {"year": year, "force": f.name, "force_id": f.force_id, "source_file": SYNTHETIC,
                "source_line": line, "source_page": None}

    for p in model.PILLARS:
        for i, f in enumerate(forces):
            r = pill.get((f.force_id, p))
            if r and r["grade"] and r["trend"]:
                pillars.append(dict(r))
            else:
                pillars.append({**synth(f), "pillar": p, "grade": SYNTH_GRADES[i % 4],
                                "trend": SYNTH_TRENDS[i % 3]})
        texts = {q.question_id: q.text for q in model.pillar_questions(p)}
        for j, qid in enumerate(_layout_questions(p)):
            for i, f in enumerate(forces):
                r = ques.get((f.force_id, qid))
                if r and r["grade"] and r["last_inspected"]:
                    questions.append(dict(r))
                else:
                    questions.append({**synth(f), "pillar": p, "question_id": qid,
                                      "question": qtext.get(qid, texts[qid]),
                                      "grade": SYNTH_GRADES[(i + j) % 4],
                                      "last_inspected": SYNTH_YEARS[(i + j) % 3]})
        columns = [("", [r for r in pillars if r["pillar"] == p])] + [
            (qid, [r for r in questions if r["question_id"] == qid]) for qid in _layout_questions(p)]
        for g in GRADE_ORDER:
            for qid, rows in columns:
                totals.append({"year": year, "pillar": p, "question_id": qid, "measure": "grade", "value": g,
                               "count": sum(r["grade"] == g for r in rows), "kind": "table",
                               "source_file": SYNTHETIC, "source_line": None, "source_page": None})
    sentences = [dict(r) for r in t["printed_totals"] if r["kind"] == "sentence"]
    for r in sentences:  # the pillar rows are all real, so the document's own sentences still hold
        if r["measure"] == "grade":
            assert r["count"] == sum(x["pillar"] == r["pillar"] and x["grade"] == r["value"] for x in pillars), r
    return {"pillars": pillars, "questions": questions, "printed_totals": totals + sentences, "review": []}


def expected_rows(tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The rows a parser must give for a table built from ``tables`` (the fixtures' expected.json)."""
    return {
        "pillars": [{k: r[k] for k in ("force_id", "pillar", "grade", "trend")} for r in tables["pillars"]],
        "questions": [{k: r[k] for k in ("force_id", "pillar", "question_id", "grade", "last_inspected")}
                      for r in tables["questions"]],
        "table_totals": [{k: r[k] for k in ("pillar", "question_id", "value", "count")}
                         for r in tables["printed_totals"] if r["kind"] == "table"],
    }


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
    untitled: bool = False  # a spill page: no "PEEL judgments table" title, only the repeated header rows
    totals_head: bool = True  # draw the "Totals" label row above ``totals`` (not on the second half of a split block)


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


def spill_pages(pages: list[TablePage], keep: dict[str, int] | None = None,
                split_totals: str | None = "legitimacy", split_at: int = 2) -> list[TablePage]:
    """The ``spill`` style: each pillar's N-W page keeps its first ``keep[pillar]`` force rows; the rest
    and the Totals block go onto an untitled page (header rows repeated, no title). For the pillar
    ``split_totals`` the Totals block is itself split by a page break: the first ``split_at`` grade
    rows (under the "Totals" label row) end that untitled page, and a second untitled page repeats the
    two header rows and holds the remaining grade rows (no "Totals" label)."""
    keep = keep or {"effectiveness": 12, "efficiency": 14, "legitimacy": 16}
    out = []
    for tp in pages:
        if not tp.continued:
            out.append(tp)
            continue
        k = keep[tp.pillar]
        assert 0 < k < len(tp.rows), (tp.pillar, k)
        out.append(TablePage(tp.pillar, True, tp.groups, tp.rows[:k]))
        if tp.pillar == split_totals:
            out.append(TablePage(tp.pillar, True, tp.groups, tp.rows[k:], tp.totals[:split_at], untitled=True))
            out.append(TablePage(tp.pillar, True, tp.groups, [], tp.totals[split_at:], untitled=True,
                                 totals_head=False))
        else:
            out.append(TablePage(tp.pillar, True, tp.groups, tp.rows[k:], tp.totals, untitled=True))
    return out


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
    running: bool = False  # running header and "HMICFRS  |  page N" footer on every page

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
    if not page.untitled:
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
        if page.totals_head:
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
    _footer(c, W, number, st.running)


def _footer(c, width: float, number: int, running: bool = False) -> None:
    c.setFont("Helvetica", 8)
    if not running:
        c.drawCentredString(width / 2, 20, str(number))
        return
    from reportlab.lib.pagesizes import A4

    height = A4[1] if width == A4[0] else A4[0]  # portrait prose pages, landscape table pages
    c.drawString(36, height - 22, RUNNING_HEADER)
    c.drawCentredString(width / 2, 20, RUNNING_FOOTER.format(n=number))


def _prose_pages(c, paragraphs: list[str], number: int, running: bool = False) -> int:
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
            _footer(c, W, number, running)
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
        _footer(c, W, number, running)
        c.showPage()
        number += 1
    return number


def _filler_pages(c, n: int, number: int, running: bool = False) -> int:
    for _ in range(n):
        number = _prose_pages(c, [FILLER.format(n=number)] * 10, number, running)
    return number


def build_pdf(path: Path, tables: dict[str, list[dict]] | None = None, *, ruled: bool = False,
              fills: bool = False, wrap: bool = False, drop: tuple[str, str] | None = None,
              before: int = 2, after: int = 2, encrypt: str | None = None,
              with_table: bool = True, short: bool = False, running: bool = False, spill: bool = False,
              repeated: bool = False, invariant: bool = False, compress: bool = False,
              compact: bool = False) -> dict[str, object]:
    """Write a State of Policing-like PDF. Returns {"pages": total, "table_pages": [1-based numbers]}.

    The fixture options (all off by default): ``short`` narrative (only the year paragraphs before the
    table, only the totals sentences after it); ``running`` header and footer on every page;
    ``spill`` (see ``spill_pages``); ``repeated``: the totals sentences also on a "Summary" page
    before the table (identical text), and after the table under a chapter heading;
    ``invariant``: reproducible bytes (no creation date or random document id); ``compress``: deflate
    the page streams; ``compact``: cell padding 1.5 instead of 2 (the complete table in narrow
    columns needs it to fit its pages)."""
    from reportlab.pdfgen import canvas

    tables = tables if tables is not None else text_tables()
    c = canvas.Canvas(str(path), encrypt=encrypt, pageCompression=1 if compress else 0,
                      invariant=1 if invariant else None)
    c.setTitle("State of Policing 2019 (test rendering)")
    intro, outro = short_narrative() if short else narrative()
    number = _prose_pages(c, intro, 1, running)
    if repeated:
        sentences = [t for t in outro if "we graded" in t or "stayed the same" in t]
        number = _prose_pages(c, ["Summary", *sentences], number, running)
        if short:
            outro = ["Our 2018/19 PEEL inspections", *outro]
    number = _filler_pages(c, before, number, running)
    table_numbers = []
    if with_table:
        st = Style(ruled=ruled, fills=fills, wrap=wrap, running=running, **({"pad": 1.5} if compact else {}))
        pages = table_pages(tables, drop=drop)
        for tp in spill_pages(pages) if spill else pages:
            draw_table_page(c, tp, st, number)
            c.showPage()
            table_numbers.append(number)
            number += 1
    number = _prose_pages(c, outro, number, running)
    number = _filler_pages(c, after, number, running)
    c.save()
    return {"pages": number - 1, "table_pages": table_numbers}


# the converter fixture styles (tests/fixtures/converters/<name>/): build_pdf options on the short narrative
STYLES: dict[str, dict] = {
    "plain": {},  # no rules, no fills
    "grid": {"ruled": True, "fills": True},  # ruled grid and grade fills
    "wrapped": {"wrap": True, "ruled": True, "compact": True},  # narrow columns: grades and headers wrap; ruled
    "running": {"running": True},  # running header and "HMICFRS  |  page N" footer on every page
    "spill": {"spill": True},  # N-W rows continue on untitled pages; legitimacy's Totals block split
    "repeated": {"repeated": True},  # totals sentences on a summary page before and a chapter page after
    "blanks": {},  # the text path's rows as they are: the 9 refused column parts are blank cells
}


def build_style_pdf(path: Path, style: str) -> dict[str, object]:
    """One converter fixture PDF: the short narrative around the complete table (the text path's own
    rows for ``blanks``) in the named style, reproducible and compressed bytes."""
    tables = text_tables() if style == "blanks" else complete_tables()
    return build_pdf(path, tables, before=0, after=0, short=True, invariant=True, compress=True, **STYLES[style])


def build_plain_pdf(path: Path, paragraphs: list[str], *, encrypt: str | None = None) -> None:
    """A PDF of prose only (another kind of document, or no kind at all)."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=encrypt)
    _prose_pages(c, paragraphs, 1)
    c.save()


if __name__ == "__main__":  # python tests/pdfgen.py OUT.pdf [--ruled] [--fills] [--wrap] | OUT.pdf --style NAME
    import sys

    args = sys.argv[1:]
    if "--style" in args:
        info = build_style_pdf(Path(args[0]), args[args.index("--style") + 1])
    else:
        info = build_pdf(Path(args[0]), ruled="--ruled" in args, fills="--fills" in args, wrap="--wrap" in args)
    print(info)


def headings_on_continued_pages(pages: list[TablePage]) -> list[TablePage]:
    """The question headings printed only where the table continues: a pillar's first page prints its
    question columns without headings, its "continued" page prints the first question beside the pillar
    judgment without one and heads the others (the State of Policing 2019 effectiveness table)."""
    from dataclasses import replace

    out = []
    for tp in pages:
        blank = range(1, len(tp.groups)) if not tp.continued else range(1, min(2, len(tp.groups)))
        out.append(replace(tp, groups=[replace(g, header="") if i in blank else g for i, g in enumerate(tp.groups)]))
    return out


def build_table_only_pdf(path: Path, tables: dict[str, list[dict]] | None = None, *,
                         headings: str = "every page", pillars: tuple[str, ...] = ("effectiveness",)) -> int:
    """Only the table pages (six: A-M and N-W per pillar), no narrative: no year sentence, no totals
    sentences. ``headings="continued"``: the ``pillars``' question headings are printed on their continued
    pages only (``headings_on_continued_pages``). Reproducible bytes. Returns the number of pages."""
    from reportlab.pdfgen import canvas

    pages = table_pages(tables if tables is not None else text_tables())
    if headings == "continued":
        moved = {id(tp): tp2 for tp, tp2 in zip(pages, headings_on_continued_pages(pages))}
        pages = [moved[id(tp)] if tp.pillar in pillars else tp for tp in pages]
    c = canvas.Canvas(str(path), invariant=1)
    for number, tp in enumerate(pages, 1):
        draw_table_page(c, tp, Style(), number)
        c.showPage()
    c.save()
    return len(pages)
