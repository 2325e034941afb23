"""Random State of Policing-like judgments tables: a seed draws a layout, the truth, a PDF and a score.

Not a test module. ``tests/test_random_layouts.py`` (the property test) and
``scripts/bench_layouts.py`` (share of cells placed per converter) use it;
``scripts/bench_layouts.py --keep DIR --seeds N`` writes a seed's PDF and converter texts for a person to look at.

A seed (``draw(seed)``) chooses:

* the round (2018/19 or 2017/18, so the questions and their wordings differ), and random grades,
  trends and last-inspected years for all 43 forces (the **truth**);
* page size (A4, Letter, A3) and orientation, font size, padding, the force column's and the value
  columns' widths (narrow columns wrap "Requires improvement", "Last inspected" and the question
  headers over several lines);
* the grid: ruled, filled (grade colours), both, zebra rows or bare;
* the header: where "Force" sits (across both header rows, top or bottom), how the group headers
  align (middle, top, bottom), "Judgment" or "Judgement";
* where each pillar's force list splits onto "PEEL judgments table continued" pages, and whether a
  page that runs out of room spills onto an untitled page (the header rows repeated) or a titled
  one; the Totals block (sometimes left out) may spill too;
* running headers and footers, or page numbers only;
* blank cells (a few, in some seeds);
* narrative before and after the table that quotes question headings (in a sentence and as a
  heading line of their own), lists force names, says "PEEL judgments table" in a sentence and
  carries markup-like characters (``**``, ``###``, ``<b>``, ``|``); a note under the table;
  the totals sentences ("On effectiveness, we graded ...") computed from the truth.

``score(tables, case, pages_of_lines)`` compares what a parser placed with the truth: every placed
value must be the true one (``wrong``), and every true value not placed must be covered by a finding
(a review row about its pillar and question, on its page or a neighbour, or without a position; or
a missing-force finding naming its force).
A column part (one column on one page) holding a blank cell cannot be placed by the rules (a column
is used only with one value per force): its cells are *excused* from the share placed but must be
covered like any other.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PAGE_SIZES = {"A4": (595.28, 841.89), "Letter": (612.0, 792.0), "A3": (841.89, 1190.55)}
GRADES = ("Outstanding", "Good", "Requires improvement", "Inadequate")
TRENDS = ("Improved", "Unchanged", "Declined")
YEARS = ("2018/19", "2017/18", "2016/17")
ORDINAL = {"2018/19": "fourth", "2017/18": "third"}
PREVIOUS = {"2018/19": "2017", "2017/18": "2016"}
FILLS = {"Outstanding": (0.13, 0.45, 0.25), "Good": (0.55, 0.80, 0.45),
         "Requires improvement": (0.98, 0.75, 0.30), "Inadequate": (0.85, 0.25, 0.25)}
RUNNING_HEADER = "State of Policing \u2013 Part 2: Our inspections"
MARGIN = 36.0
MIN_SIZE = 6.0  # smallest type drawn (pt)
FONT, BOLD = "Helvetica", "Helvetica-Bold"
VALUE_WORDS = ("Requires", "improvement", "Outstanding", "Inadequate", "Unchanged", "Declined", "Improved",
               "2018/19", "Judgement", "inspected", "Trend")


@lru_cache(maxsize=1)
def _layouts() -> dict:
    from peelkit.readers.state_of_policing import layouts

    return layouts()


@dataclass
class Column:
    key: str  # "" for the pillar, else the question id
    field: str  # "grade" | "trend" | "last_inspected"


@dataclass
class Case:
    """One drawn layout and its truth."""

    seed: int
    year: str
    questions: dict[str, list[str]]  # pillar -> question ids in printed order
    wording: dict[str, str]  # question id -> the text printed in its header
    values: dict[tuple[str, str], list[str]]  # (pillar, force_id) -> one value per column ("" = blank)
    page_size: str = "A4"
    landscape: bool = True
    size: float = 7.0
    leading: float = 7.8
    pad: float = 2.0
    force_w: float = 112.0
    col_w: float = 60.0
    grid: str = "bare"  # bare | ruled | filled | ruled+filled | zebra
    force_label: str = "span"  # span (across both header rows) | top | bottom
    head_align: str = "middle"  # middle | top | bottom (the group headers in their row)
    judgment: str = "Judgment"
    splits: dict[str, list[int]] = field(default_factory=dict)  # pillar -> forces per titled page
    overflow: str = "untitled"  # a full page carries on onto an "untitled" page or a "titled" continued one
    totals: bool = True
    running: str = "number"  # none | number | running
    note: bool = False  # a note paragraph under the table on each pillar's last page
    before: list[tuple[str, str]] = field(default_factory=list)  # (style, text) paragraphs before the table
    after: list[tuple[str, str]] = field(default_factory=list)
    # filled in by build(): (pdf page, pillar, [force ids]) of every table page
    pages: list[tuple[int, str, list[str]]] = field(default_factory=list)

    def columns(self, pillar: str) -> list[Column]:
        cols = [Column("", "grade"), Column("", "trend")]
        for q in self.questions[pillar]:
            cols += [Column(q, "grade"), Column(q, "last_inspected")]
        return cols

    def describe(self) -> str:
        return (f"seed {self.seed}: {self.year}, {self.page_size} {'landscape' if self.landscape else 'portrait'}, "
                f"{self.size:.1f} pt, force column {self.force_w:.0f}, value columns {self.col_w:.0f}, {self.grid}, "
                f"Force {self.force_label}, headers {self.head_align}, splits "
                f"{ {p: s for p, s in self.splits.items()} }, overflow {self.overflow}, totals {self.totals}, "
                f"{self.running}, blanks {sum(v == '' for vs in self.values.values() for v in vs)}")


def _forces():
    from peelkit import model

    return model.forces()


def _width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font, size)


def draw(seed: int) -> Case:
    """The layout and truth of one seed (no PDF yet)."""
    from peelkit import model

    rnd = random.Random(seed)
    year = rnd.choice(["2018/19", "2018/19", "2017/18"])
    lay = _layouts()[year]
    questions = {p: list(lay["questions"][p]) for p in lay["pillars"]}
    wording = {q: rnd.choice(model.question_texts(q)) for qs in questions.values() for q in qs}
    values: dict[tuple[str, str], list[str]] = {}
    for p, qs in questions.items():
        for f in _forces():
            row = [rnd.choice(GRADES), rnd.choice(TRENDS)]
            for _ in qs:
                row += [rnd.choice(GRADES), rnd.choice(YEARS)]
            values[(p, f.force_id)] = row
    c = Case(seed, year, questions, wording, values)
    if rnd.random() < 0.3:  # a few blank cells
        for _ in range(rnd.randint(1, 3)):
            p = rnd.choice(list(questions))
            f = rnd.choice(_forces())
            row = values[(p, f.force_id)]
            row[rnd.randrange(len(row))] = ""
    c.page_size = rnd.choice(["A4", "A4", "Letter", "A3"])
    c.landscape = rnd.random() < 0.7
    c.grid = rnd.choice(["bare", "ruled", "filled", "ruled+filled", "zebra"])
    c.force_label = rnd.choice(["span", "top", "bottom"])
    c.head_align = rnd.choice(["middle", "middle", "top", "bottom"])
    c.judgment = "Judgement" if rnd.random() < 0.15 else "Judgment"
    c.pad = rnd.choice([1.5, 2.0, 3.0])
    W, _ = _page(c)
    ncols = max(len(cs) for cs in (c.columns(p) for p in questions))
    # the largest type that fits the widest pillar with columns wide enough for every single word
    for size in (10.0, 9.0, 8.0, 7.5, 7.0, 6.5, 6.0):
        need_col = max(_width(w, FONT, size) for w in VALUE_WORDS) + 2 * c.pad + 2
        need_force = max(_width(w, BOLD, size) for f in _forces() for w in f.name.split()) + 2 * c.pad + 2
        if need_force + ncols * need_col <= W - 2 * MARGIN:
            break
    # not below 6 pt: pdfplumber's words (y_tolerance 3) merge the lines of smaller wrapped type
    c.size = rnd.uniform(MIN_SIZE, size) if rnd.random() < 0.3 else size * rnd.uniform(0.7, 1.0)
    c.size = round(max(c.size, MIN_SIZE), 1)
    c.leading = round(c.size * rnd.uniform(1.1, 1.3), 2)
    need_col = max(_width(w, FONT, c.size) for w in VALUE_WORDS) + 2 * c.pad + 2
    need_force = max(_width(w, BOLD, c.size) for f in _forces() for w in f.name.split()) + 2 * c.pad + 2
    room = W - 2 * MARGIN
    c.force_w = round(rnd.uniform(need_force, max(need_force, min(room - ncols * need_col, need_force * 2.2))), 1)
    c.col_w = round(rnd.uniform(need_col, max(need_col, min((room - c.force_w) / ncols, need_col * 2.5))), 1)
    for p in questions:  # where each pillar's force list splits onto continued pages
        k = rnd.choice([1, 2, 2, 2, 3])
        cuts = sorted(rnd.sample(range(5, len(_forces()) - 4), k - 1))
        c.splits[p] = [b - a for a, b in zip([0, *cuts], [*cuts, len(_forces())])]
    c.overflow = rnd.choice(["untitled", "untitled", "titled"])
    c.totals = rnd.random() < 0.85
    c.running = rnd.choice(["none", "number", "number", "running"])
    c.note = rnd.random() < 0.4
    c.before, c.after = _narrative(rnd, c)
    return c


def _narrative(rnd: random.Random, c: Case) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    forces = _forces()
    some = [f.name for f in rnd.sample(list(forces), 5)]
    qs = [c.wording[q] for qs in c.questions.values() for q in qs]
    pool = [
        ("body", f"We asked every force \u201c{rnd.choice(qs)}\u201d and graded its answer."),
        ("heading", rnd.choice(qs)),
        ("body", f"Forces inspected in the spring included {', '.join(some[:-1])} and {some[-1]}."),
        ("body", ", ".join(some[:3])),
        ("heading", "**Key findings**"),
        ("body", "### Summary of grades: ** marks a carried-forward grade; <b>bold</b> type a change | see below"),
        ("body", "The PEEL judgments table below gives the judgment of every force, pillar by pillar."),
        ("body", f"Most forces were graded good; {some[0]} was among those whose grade improved."),
        ("heading", rnd.choice(["Our findings", "Methodology", "## Annex", "<b>Notes</b>"])),
    ]
    rnd.shuffle(pool)
    year = c.year
    before = [("body", f"In {year}, we made our {ORDINAL[year]} PEEL (police effectiveness, efficiency and "
                       f"legitimacy) assessment of the 43 police forces in England and Wales.")]
    k = rnd.randint(0, len(pool))
    before += pool[:k]
    after = pool[k:]
    sentences = _sentences(c)
    if rnd.random() < 0.5:
        after = [("heading", f"Our {year} PEEL inspections"), *sentences, *after]
    else:
        before = [*before, ("heading", "Summary"), *sentences]
    return before, after


def _sentences(c: Case) -> list[tuple[str, str]]:
    from peelkit import model

    words = {"Outstanding": "outstanding", "Good": "good", "Requires improvement": "requiring improvement",
             "Inadequate": "inadequate"}
    out = []
    for p in c.questions:
        grades = [c.values[(p, f.force_id)][0] for f in _forces()]
        trends = [c.values[(p, f.force_id)][1] for f in _forces()]
        items = []
        for g in GRADES:
            n = grades.count(g)
            if n:
                w = model.number_words(n)
                items.append(f"{w} {'force' if n == 1 else 'forces'} as {words[g]}" if not items
                             else f"{w} as {words[g]}")
        graded = ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else items[0]
        out.append(("body", f"On {p}, we graded {graded}."))
        t_items = []
        for t, phrase in (("Unchanged", "stayed the same"), ("Improved", "got better"), ("Declined", "got worse")):
            n = trends.count(t)
            if n:
                t_items.append(f"{model.number_words(n)} {phrase}" if t_items
                               else f"{model.number_words(n)} {'force' if n == 1 else 'forces'} {phrase}")
        tr = ", ".join(t_items[:-1]) + f" and {t_items[-1]}" if len(t_items) > 1 else t_items[0]
        out.append(("body", f"Compared with our {PREVIOUS[c.year]} {p} inspection, the grades for {tr}."))
    return out


# ----------------------------------------------------------------- rendering


def _page(c: Case) -> tuple[float, float]:
    w, h = PAGE_SIZES[c.page_size]
    return (max(w, h), min(w, h)) if c.landscape else (min(w, h), max(w, h))


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    from reportlab.lib.utils import simpleSplit

    return simpleSplit(text, font, size, width) or [""]


class _Pen:
    def __init__(self, canvas, c: Case):
        self.cv = canvas
        self.c = c

    def lines(self, text: str, w: float, font: str = FONT) -> list[str]:
        return _wrap(text, font, self.c.size, w - 2 * self.c.pad) if text else []

    def height(self, texts: list[tuple[str, str, float]]) -> float:
        n = max([len(self.lines(t, w, f)) for t, f, w in texts] + [1])
        return n * self.c.leading + 2 * self.c.pad

    def cell(self, text: str, x: float, y_top: float, w: float, h: float, *, font: str = FONT,
             align: str = "center", valign: str = "middle", fill=None, rule: bool | None = None) -> None:
        cv, c = self.cv, self.c
        if fill is not None:
            cv.setFillColorRGB(*fill)
            cv.rect(x, y_top - h, w, h, stroke=0, fill=1)
        if rule if rule is not None else "ruled" in c.grid:
            cv.setStrokeColorRGB(0, 0, 0)
            cv.setLineWidth(0.5)
            cv.rect(x, y_top - h, w, h, stroke=1, fill=0)
        lines = self.lines(text, w, font)
        if not lines:
            return
        block = len(lines) * c.leading
        if valign == "top":
            y = y_top - c.pad - c.leading + (c.leading - c.size) / 2 + 1
        elif valign == "bottom":
            y = y_top - h + c.pad + block - c.leading + (c.leading - c.size) / 2 + 1
        else:
            y = y_top - (h - block) / 2 - c.leading + (c.leading - c.size) / 2 + 1
        cv.setFillColorRGB(1, 1, 1) if fill == FILLS["Outstanding"] else cv.setFillColorRGB(0, 0, 0)
        cv.setFont(font, c.size)
        for ln in lines:
            if align == "center":
                cv.drawCentredString(x + w / 2, y, ln)
            else:
                cv.drawString(x + c.pad, y, ln)
            y -= c.leading
        cv.setFillColorRGB(0, 0, 0)


def _decorate(cv, c: Case, number: int) -> None:
    W, H = cv._pagesize
    cv.setFont(FONT, 8)
    if c.running == "number":
        cv.drawCentredString(W / 2, 20, str(number))
    elif c.running == "running":
        cv.drawString(MARGIN, H - 22, RUNNING_HEADER)
        cv.drawCentredString(W / 2, 20, f"HMICFRS  |  page {number}")


def _prose(cv, c: Case, paragraphs: list[tuple[str, str]], number: int) -> int:
    """Portrait pages of the narrative (10 pt body, bold headings). Returns the next page number."""
    if not paragraphs:
        return number
    W, H = PAGE_SIZES[c.page_size]
    W, H = min(W, H), max(W, H)
    cv.setPageSize((W, H))
    y = H - 60
    for style, text in paragraphs:
        font, size = (BOLD, 12) if style == "heading" else (FONT, 10)
        lines = _wrap(text, font, size, W - 144)
        if y - len(lines) * (size + 3) < 60:
            _decorate(cv, c, number)
            cv.showPage()
            cv.setPageSize((W, H))
            number += 1
            y = H - 60
        cv.setFont(font, size)
        for ln in lines:
            cv.drawString(72, y, ln)
            y -= size + 3
        y -= 6
    _decorate(cv, c, number)
    cv.showPage()
    return number + 1


def _header(pen: _Pen, c: Case, pillar: str, x0: float, y: float, draw: bool = True) -> float:
    """The two header rows; returns their height."""
    cw, fw = c.col_w, c.force_w
    groups = [pillar.capitalize()] + [c.wording[q] for q in c.questions[pillar]]
    seconds = ["Trend"] + ["Last inspected"] * len(c.questions[pillar])
    h1 = pen.height([(g, BOLD, 2 * cw) for g in groups])
    h2 = pen.height([(c.judgment, BOLD, cw)] + [(s, BOLD, cw) for s in seconds])
    if not draw:
        return h1 + h2
    if c.force_label == "span":
        pen.cell("Force", x0, y, fw, h1 + h2, font=BOLD, align="left")
    elif c.force_label == "top":
        pen.cell("Force", x0, y, fw, h1, font=BOLD, align="left", valign="top")
        pen.cell("", x0, y - h1, fw, h2)
    else:
        pen.cell("", x0, y, fw, h1)
        pen.cell("Force", x0, y - h1, fw, h2, font=BOLD, align="left")
    x = x0 + fw
    for g, s in zip(groups, seconds):
        pen.cell(g, x, y, 2 * cw, h1, font=BOLD, valign=c.head_align)
        pen.cell(c.judgment, x, y - h1, cw, h2, font=BOLD)
        pen.cell(s, x + cw, y - h1, cw, h2, font=BOLD)
        x += 2 * cw
    return h1 + h2


def build(path: Path, c: Case) -> Case:
    """Write the case's PDF; records every table page (pdf page, pillar, force ids) in ``c.pages``."""
    from reportlab.pdfgen import canvas

    cv = canvas.Canvas(str(path), invariant=1)
    cv.setTitle(f"State of Policing (random layout, seed {c.seed})")
    number = _prose(cv, c, c.before, 1)
    W, H = _page(c)
    pen = _Pen(cv, c)
    forces = _forces()
    c.pages = []
    for pillar in c.questions:
        cols = c.columns(pillar)
        chunks, start = [], 0
        for n in c.splits[pillar]:
            chunks.append(list(range(start, start + n)))
            start += n
        rows = [(forces[i].name, c.values[(pillar, forces[i].force_id)], i) for i in range(len(forces))]
        heights = [pen.height([(name, BOLD, c.force_w)] + [(v, FONT, c.col_w) for v in vals])
                   for name, vals, _ in rows]
        titled_first = True
        for k, chunk in enumerate(chunks):
            todo = list(chunk)
            titled = True
            last = k == len(chunks) - 1
            totals = last and c.totals
            while True:
                cv.setPageSize((W, H))
                top = H - MARGIN - (14 if c.running == "running" else 0)
                y = top
                if titled:
                    cv.setFont(BOLD, 14)
                    cv.drawString(MARGIN, y - 10, "PEEL judgments table" if titled_first else
                                  "PEEL judgments table continued")
                    titled_first = False
                    y -= 26
                hh = _header(pen, c, pillar, MARGIN, y, draw=False)
                bottom = MARGIN + 10
                room = y - hh - bottom
                fit = 0
                used = 0.0
                for i in todo:
                    if used + heights[i] > room:
                        break
                    used += heights[i]
                    fit += 1
                placed = todo[:fit]
                rest = todo[fit:]
                total_rows = []
                if not rest and totals:
                    th = pen.height([("Requires improvement", BOLD, c.force_w)])
                    free = room - used
                    can = int(free // th)
                    total_rows = list(range(min(5, can)))
                if not placed and not total_rows and (rest or totals):
                    raise ValueError(f"seed {c.seed}: nothing fits on a page")
                _header(pen, c, pillar, MARGIN, y)
                y -= hh
                for i in placed:
                    name, vals, fi = rows[i]
                    h = heights[i]
                    if c.grid == "zebra" and fi % 2:
                        cv.setFillColorRGB(0.92, 0.92, 0.92)
                        cv.rect(MARGIN, y - h, c.force_w + len(cols) * c.col_w, h, stroke=0, fill=1)
                        cv.setFillColorRGB(0, 0, 0)
                    pen.cell(name, MARGIN, y, c.force_w, h, font=BOLD, align="left")
                    x = MARGIN + c.force_w
                    for j, v in enumerate(vals):
                        fill = FILLS.get(v) if "filled" in c.grid and cols[j].field == "grade" else None
                        pen.cell(v, x, y, c.col_w, h, fill=fill)
                        x += c.col_w
                    y -= h
                if total_rows:
                    y = _totals(pen, c, pillar, cols, MARGIN, y, total_rows, head=True)
                    totals_left = [r for r in range(5) if r not in total_rows]
                else:
                    totals_left = list(range(5)) if (not rest and totals) else []
                if c.note and not rest and not totals_left:
                    cv.setFont(FONT, max(c.size - 1, 5))
                    cv.drawString(MARGIN, max(y - 14, 24), f"Note: the {pillar} grades of {forces[3].name} and "
                                  f"{forces[17].name} come from their most recent inspection.")
                _decorate(cv, c, number)
                cv.showPage()
                c.pages.append((number, pillar, [forces[i].force_id for i in placed]))
                number += 1
                if rest:
                    todo = rest
                    titled = c.overflow == "titled"
                    continue
                if totals_left:
                    # the rest of the Totals block on a page of its own (header rows repeated, untitled)
                    cv.setPageSize((W, H))
                    y = H - MARGIN - (14 if c.running == "running" else 0)
                    y -= _header(pen, c, pillar, MARGIN, y)
                    _totals(pen, c, pillar, cols, MARGIN, y, totals_left, head=0 in totals_left)
                    _decorate(cv, c, number)
                    cv.showPage()
                    c.pages.append((number, pillar, []))
                    number += 1
                break
    _prose(cv, c, c.after, number)
    cv.save()
    return c


def _totals(pen: _Pen, c: Case, pillar: str, cols: list[Column], x0: float, y: float, which: list[int],
            head: bool) -> float:
    """Rows of the Totals block: 0 is the "Totals" label row, 1-4 the grades with their counts."""
    forces = _forces()
    for r in which:
        label = "Totals" if r == 0 else GRADES[r - 1]
        h = pen.height([(label, BOLD, c.force_w)])
        pen.cell(label, x0, y, c.force_w, h, font=BOLD, align="left")
        x = x0 + c.force_w
        for j, col in enumerate(cols):
            text = ""
            if r and col.field == "grade":
                text = str(sum(c.values[(pillar, f.force_id)][j] == GRADES[r - 1] for f in forces))
            pen.cell(text, x, y, c.col_w, h)
            x += c.col_w
        y -= h
    return y


# ----------------------------------------------------------------- scoring


@dataclass
class Score:
    cells: int = 0  # true values (blank cells not counted)
    placeable: int = 0  # of those, in a column part without a blank cell
    placed: int = 0  # placeable cells placed with their true value
    wrong: list[tuple] = field(default_factory=list)  # (force_id, pillar, key, field, placed, true)
    uncovered: list[tuple] = field(default_factory=list)  # true values neither placed nor covered by a finding
    totals_wrong: list[tuple] = field(default_factory=list)  # printed table totals read differently

    @property
    def share(self) -> float:
        return self.placed / self.placeable if self.placeable else 1.0


def score(tables: dict[str, list[dict]], c: Case, page_of_line=None) -> Score:
    """What a parser gave (``tables``: pillars, questions, review, printed_totals) against the truth.
    ``page_of_line(line)`` -> the PDF page a text line came from (None when unknown)."""
    forces = _forces()
    got: dict[tuple[str, str, str, str], str | None] = {}
    for r in tables.get("pillars", []):
        got[(r["force_id"], r["pillar"], "", "grade")] = r["grade"]
        got[(r["force_id"], r["pillar"], "", "trend")] = r["trend"]
    for r in tables.get("questions", []):
        got[(r["force_id"], r["pillar"], r["question_id"], "grade")] = r["grade"]
        got[(r["force_id"], r["pillar"], r["question_id"], "last_inspected")] = r["last_inspected"]
    page_of = {}  # (pillar, force_id) -> pdf page
    for number, pillar, ids in c.pages:
        for fid in ids:
            page_of[(pillar, fid)] = number
    blank_parts = set()
    for pillar in c.questions:
        for j, _ in enumerate(c.columns(pillar)):
            for f in forces:
                if c.values[(pillar, f.force_id)][j] == "":
                    blank_parts.add((page_of[(pillar, f.force_id)], pillar, j))
    findings = []
    named: set[tuple[str, str]] = set()  # (pillar, force name) a finding says is missing
    for r in tables.get("review", []):
        pg = r.get("source_page")
        if pg is None and r.get("source_line") is not None and page_of_line is not None:
            pg = page_of_line(int(r["source_line"]))
        findings.append((r.get("pillar"), r.get("question_id") or "", pg))
        if r["kind"] in ("missing_force", "count_mismatch") and "missing" in r["message"]:
            named.update((r.get("pillar"), f.name) for f in forces if f.name in r["message"])
    s = Score()
    for pillar in c.questions:
        for j, col in enumerate(c.columns(pillar)):
            for f in forces:
                true = c.values[(pillar, f.force_id)][j]
                key = (f.force_id, pillar, col.key, col.field)
                placed = got.get(key)
                if placed is not None and placed != true:
                    s.wrong.append((*key, placed, true))
                if not true:
                    continue
                s.cells += 1
                pg = page_of[(pillar, f.force_id)]
                if (pg, pillar, j) not in blank_parts:
                    s.placeable += 1
                    if placed == true:
                        s.placed += 1
                if placed != true and (pillar, f.name) not in named and not any(
                        fp in (None, pillar) and fq in ("", col.key) and (fpg is None or abs(fpg - pg) <= 1)
                        for fp, fq, fpg in findings):
                    s.uncovered.append(key)
    # the Totals block as printed (when it was read)
    if c.totals:
        for r in tables.get("printed_totals", []):
            if r["kind"] != "table":
                continue
            j = next((k for k, col in enumerate(c.columns(r["pillar"])) if col.key == (r["question_id"] or "")
                      and col.field == "grade"), None)
            true = (sum(c.values[(r["pillar"], f.force_id)][j] == r["value"] for f in forces)
                    if j is not None else None)
            if true != r["count"]:
                s.totals_wrong.append((r["pillar"], r["question_id"], r["value"], r["count"], true))
    return s


def pages_of_lines(lines: list[str]):
    """page_of_line for a converter's text whose pages are joined by form feeds (None without any)."""
    if not any("\f" in ln for ln in lines):
        return None
    starts = []
    page = 1
    for ln in lines:
        # a form feed at the start of a line begins the next page on that line
        page += ln.count("\f")
        starts.append(page if ln.strip("\f") or not ln.endswith("\f") else page - ln.count("\f"))
    return lambda line: starts[line - 1] if 1 <= line <= len(starts) else None


# ----------------------------------------------------------------- reading a case


@dataclass
class Reading:
    name: str  # "pdf" or the converter's file name
    score: Score
    error: str = ""  # a clean refusal (LayoutError) instead of rows: every cell is covered by it
    seconds: float = 0.0
    tables: dict = field(default_factory=dict)


def read_case(pdf: Path, c: Case, converters, text_dir: Path | None = None) -> list[Reading]:
    """The case's PDF read by the PDF path and by peelkit on the text of every converter named
    (``tests/converters.py``), each scored."""
    import time

    from peelkit.errors import PeelkitError
    from peelkit.readers.state_of_policing import parse
    from peelkit.extract import read_source
    from peelkit.sources.text import split_lines

    out = []
    t0 = time.perf_counter()
    try:
        ex = read_source(pdf)
        out.append(Reading("pdf", score(ex.tables, c), seconds=time.perf_counter() - t0, tables=ex.tables))
    except PeelkitError as exc:
        out.append(Reading("pdf", Score(), error=str(exc)))
    from tests.converters import convert

    for name, text in convert(pdf, list(converters)).items():
        if text_dir is not None:
            with open(text_dir / name, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        lines = split_lines(text)
        t0 = time.perf_counter()
        try:
            ex = parse(lines, name)
        except PeelkitError as exc:
            out.append(Reading(name, Score(), error=str(exc)))
            continue
        out.append(Reading(name, score(ex.tables, c, pages_of_lines(lines)), seconds=time.perf_counter() - t0,
                           tables=ex.tables))
    return out
