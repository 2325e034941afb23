"""PEEL 2021/22 and 2023–25 force reports: the "Our judgments" summary of graded areas.

The reports print (wording in data/rounds.toml ``[wording]``)::

    Our inspection assessed how good Northumbria Police is in ten areas of policing. We make graded
    judgments in nine of these ten as follows:
    <the summary>
    We also inspected how effective a service Northumbria Police gives to victims of crime. We don't
    make a graded judgment in this overall area.

and the summary in one of three layouts:

* **grid**: the grades as column headings, the areas listed under them (names wrap inside their
  column; the grid may carry on over a page break). Read from word positions only: the PDF's words
  (pdfplumber, on the summary pages alone) or text laid out in columns (``pdftotext -layout``). A
  phrase belongs to the column whose heading it is aligned with (left edges, or centres); one that is
  aligned with none is a finding. Text without positions (``pdftotext -raw``, pdfplumber
  ``extract_text()``, pypdfium2) prints the headings on one line and then the columns' contents in
  an order that does not say which column they are in: refused, with a hint;
* **rows**: one area per row with its grade (positions, or in any text each row's grade between
  its area's first line and the next area's);
* **list**: a grade heading, then the areas so graded (``prose.lists.read_groups``).

The round comes from the title ("PEEL 2021/22", "PEEL 2023–2025"), the force from the sentences
and the title (all must agree). The areas sentence is checked ("nine of these ten": nine graded
areas listed), the round's area list decides what an area wording means (unknown wording: a
finding), and the service to victims is an ``Ungraded`` row. Placement is ``grading.Grader``'s.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .. import model
from ..prose.grading import Claim, Fragment, Grader, Subject, Where, area_universe, pattern, split_items
from ..prose.lines import PAGE_NUMBER_RE, Text, one_force
from ..prose.lists import force_areas, heading, summary_counts
from ..schema import Extraction
from ..tables.geometry import Word, group_lines
from ..vocab import SCALE_GRADE, alternation
from .reader import Reader, Recognition, graded, require_graded

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from ..sources.document import Document
    from .context import Context

KIND = "area_report"
RANK = 30  # asked before every reader of a lower rank (peelkit.readers)
# what recognises the kind: the summary's opening sentence
RECOGNISE_RE = re.compile(r"Our\s+inspection\s+assessed\s+how\s+good\s+.{3,80}?\s+is\s+in\s+\S+\s+areas\s+of\s+policing",
                          re.M | re.I)
WordsFetcher = Callable[[list[int]], dict[int, list[Word]]]


@dataclass(frozen=True)
class GridSettings:
    """Geometry of a summary read from word positions, in units of the median word height (PDF points,
    or text lines of ``pdftotext -layout`` put on a character grid), except ``min_gap`` (spaces). ``parse``
    takes them as ``settings`` (default ``GRID``) and hands them to its stages on the ``Pieces`` they read."""

    phrase_gap: float = 0.75  # a wider gap between two words on a line starts a new phrase (two spaces in text)
    column_tol: float = 1.5  # a phrase is in a column when its left edge (or centre) is this close to its heading's
    row_tol: float = 0.6  # a grade is beside an area when its centre is this close to the area's lines
    min_gap: int = 3  # spaces between two grid headings in text laid out in columns


GRID = GridSettings()
_MULTIWORD_GRADE_RE = re.compile(alternation(g for g in model.GRADES_5 if " " in g), re.I)  # kept one phrase
_TRAILING_GRADE_RE = re.compile(rf"^(?P<area>.*?\S)\s+(?P<grade>{SCALE_GRADE})$", re.I)


# ------------------------------------------------------------------ sentences


def identify(ex: Extraction, text: Text) -> tuple[model.Round, model.Force] | None:
    rnd = text.round(ex)
    if rnd is None:
        return None
    if rnd.era != "areas":
        ex.review("layout", f"the title names {rnd.label}, which graded pillars, but the report lists graded areas "
                  "of policing ('... areas of policing'); nothing used", expected="an area-era round",
                  found=rnd.label)
        return None
    names = []
    for key in ("areas_sentence", "victims_sentence"):
        for m in pattern(key).finditer(text.joined):
            names.append((m.group("force"), text.index_at(m.start("force"))))
    lo, hi = text.title_block()
    names += [(m.group("force"), text.index_at(m.start("force")))
              for m in pattern("title_force").finditer(text.joined, lo, hi)]
    force = one_force(text, ex, names, "the report's sentences and title")
    return (rnd, force) if force else None


def report_year(rnd: model.Round) -> str:
    """The year the report's title names first ("PEEL 2021/22" -> 2021, "PEEL 2023–2025" -> 2023)."""
    return rnd.year[:4]


# ------------------------------------------------------------------ the summary's lines


def region(text: Text) -> tuple[int, int] | None:
    """Line indices [start, end) of the summary: after the areas sentence, before the victims sentence."""
    m = next(iter(pattern("areas_sentence").finditer(text.joined)), None)
    if m is None:
        return None
    start = text.index_at(m.end() - 1) + 1
    end_rx = pattern("summary_end")
    end = next((i for i in range(start, len(text.lines)) if end_rx.search(text.lines[i])), None)
    return start, end if end is not None else min(len(text.lines), start + 60)


def grades_in(line: str) -> list[str]:
    """The grades a line holds when it is nothing but grades ("Outstanding Good Adequate Requires")."""
    t = model.clean_space(line)
    out = []
    for tok in re.findall(rf"{SCALE_GRADE}|requires|\S+", t, re.I):
        g = model.grade(tok) or ("Requires improvement" if tok.lower() == "requires" else None)
        if g is None:
            return []
        out.append(g)
    return out


def layout_of(text: Text, start: int, end: int) -> tuple[str, int | None]:
    """grid | list | rows, and the heading line of a grid."""
    for i in range(start, end):
        if len(grades_in(text.lines[i])) >= 2:
            return "grid", i
    first = next((i for i in range(start, end) if text.lines[i]), None)
    if first is None:
        return "empty", None
    if heading(text.lines[first]) and not pattern("rows_header").match(text.lines[first]):
        return "list", first
    return "rows", None


def positional(raw: str, grid: bool = False, settings: GridSettings = GRID) -> bool:
    """Whether a line comes from text laid out in columns: runs of spaces between its cells. A grid's heading
    line must have a run of at least ``min_gap`` spaces between every two headings (a converter that only
    doubles its spaces, with the items flush left, keeps no columns)."""
    t = raw.strip()
    if not grid:
        return re.search(r"\S\s{2,}\S", t) is not None
    gaps = re.findall(r"(?<=\S)\s+(?=\S)", _MULTIWORD_GRADE_RE.sub(lambda m: "_".join(m.group(0).split()), t))
    return bool(gaps) and all(len(g) >= settings.min_gap for g in gaps)


# ------------------------------------------------------------------ word geometry


def phrases(line: list[Word], h: float, settings: GridSettings = GRID) -> list[list[Word]]:
    """A line's words in phrases: a gap wider than ``phrase_gap`` word heights starts a new one."""
    out: list[list[Word]] = []
    for w in line:
        if out and w.x0 - out[-1][-1].x1 <= settings.phrase_gap * h:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _text(ws: list[Word]) -> str:
    return " ".join(w.text for w in ws)


@dataclass
class GradeColumn:
    """A grade heading of an area summary printed as a grid: its grade, and where its text starts and its
    centre (the areas under it are aligned with one or the other)."""

    grade: str
    x0: float
    cx: float


def _heading_columns(lines: list[list[Word]], k: int, h: float,
                     settings: GridSettings) -> tuple[list[GradeColumn], int]:
    """The columns of a heading line (k), with "Requires" / "improvement" wrapped onto the next line
    joined; and the index of the first body line."""
    cols = []
    nxt = lines[k + 1] if k + 1 < len(lines) else []
    used_next = False
    for ph in phrases(lines[k], h, settings):
        t = _text(ph)
        g = model.grade(t)
        x0, x1 = ph[0].x0, ph[-1].x1
        if g is None and t.lower() == "requires":
            below = [w for w in nxt if w.text.lower() == "improvement" and w.x0 < x1 + h and x0 < w.x1 + h]
            if below:
                g, used_next = "Requires improvement", True
                x1 = max(x1, below[0].x1)
        if g is None:
            return [], k + 1
        cols.append(GradeColumn(g, x0, (x0 + x1) / 2))
    if used_next and all(w.text.lower() == "improvement" for w in nxt):
        return cols, k + 2
    return cols, k + 1


def _assign(ph: list[Word], cols: list[GradeColumn], h: float, mode: str, settings: GridSettings) -> GradeColumn | None:
    tol = settings.column_tol * h
    x0, cx = ph[0].x0, (ph[0].x0 + ph[-1].x1) / 2
    fits = [c for c in cols if (abs(x0 - c.x0) if mode == "left" else abs(cx - c.cx)) <= tol]
    return fits[0] if len(fits) == 1 else None


@dataclass
class Pieces:
    """Lines of one summary read from positions, page after page."""

    lines: list[tuple[list[Word], Where]]
    h: float
    settings: GridSettings = GRID


def read_grid(ex: Extraction, pieces: Pieces, rnd: model.Round) -> list[Claim] | None:
    """Claims from a grid of grade columns; None (with a finding) when no heading line is found."""
    h, settings = pieces.h, pieces.settings
    lines = [ln for ln, _ in pieces.lines]
    k = next((i for i, ln in enumerate(lines) if len(grades_in(_text(ln))) >= 2), None)
    if k is None:
        return None
    cols: list[GradeColumn] = []
    body: list[tuple[list[Word], Where, list[GradeColumn]]] = []
    i = k
    while i < len(lines):
        heads = grades_in(_text(lines[i]))
        if len(heads) >= 2:  # a heading line (the first, or repeated on a continuation page)
            cols, i = _heading_columns(lines, i, h, settings)
            if len({c.grade for c in cols}) != len(cols):
                w = pieces.lines[i - 1][1]
                ex.review("layout", f"the grid's column headings repeat a grade ({', '.join(c.grade for c in cols)}); "
                          "nothing read from it", line=w.line, page=w.page)
                return []
            continue
        if not (len(lines[i]) == 1 and PAGE_NUMBER_RE.match(lines[i][0].text)):
            body.append((lines[i], pieces.lines[i][1], cols))
        i += 1
    every = [(ph, w, cs) for ln, w, cs in body for ph in phrases(ln, h, settings)]
    modes = {m: sum(_assign(ph, cs, h, m, settings) is not None for ph, _, cs in every) for m in ("left", "centre")}
    mode = "left" if modes["left"] >= modes["centre"] else "centre"
    per: dict[int, tuple[GradeColumn, list[Fragment]]] = {}
    for ph, w, cs in every:
        col = _assign(ph, cs, h, mode, settings)
        if col is None:
            ex.review("unexpected_value", f"'{_text(ph)}' ({w}) is not under any one grade column of the grid; "
                      "not used", line=w.line, page=w.page, found=_text(ph))
            continue
        per.setdefault(id(col), (col, []))[1].append(Fragment(_text(ph), w))
    universe = area_universe(rnd)
    claims: list[Claim] = []
    # columns repeated on a continuation page are the same grades: join their fragments in order
    by_grade: dict[str, list[Fragment]] = {}
    for col, frags in per.values():
        by_grade.setdefault(col.grade, []).extend(frags)
    for grade, frags in by_grade.items():
        sp = split_items(frags, universe.resolve)
        if sp.ambiguous:
            w = frags[0].where
            ex.review("layout", f"{grade} column: {sp.ambiguous}; none of its areas used", line=w.line, page=w.page)
            continue
        for c in sp.items:
            c.grade, c.how = grade, "placed"  # by the column it is printed in, not by order
            claims.append(c)
    return claims


def read_rows_geometry(ex: Extraction, pieces: Pieces, rnd: model.Round) -> list[Claim]:
    """One area per row, a grade beside it: each grade belongs to the area whose lines it sits beside."""
    h, settings = pieces.h, pieces.settings
    header = pattern("rows_header")
    frags: list[tuple[Fragment, float, float]] = []  # (fragment, top, bottom)
    grades: list[tuple[str, float, Where]] = []
    for ln, w in pieces.lines:
        if header.match(_text(ln)) or (len(ln) == 1 and PAGE_NUMBER_RE.match(ln[0].text)):
            continue
        for ph in phrases(ln, h, settings):
            g = model.grade(_text(ph))
            top, bottom = min(x.top for x in ph), max(x.bottom for x in ph)
            if g:
                grades.append((g, (top + bottom) / 2, w))
            else:
                frags.append((Fragment(_text(ph), w), top, bottom))
    sp = split_items([f for f, _, _ in frags], area_universe(rnd).resolve)
    if sp.ambiguous:
        w = frags[0][0].where
        ex.review("layout", f"the summary's areas: {sp.ambiguous}; none used", line=w.line, page=w.page)
        return []
    tol = settings.row_tol * h
    beside: dict[int, list[tuple[str, Where]]] = {k: [] for k in range(len(sp.items))}
    for g, cy, w in grades:
        owners = [k for k, c in enumerate(sp.items)
                  if frags[c.first][1] - tol <= cy <= frags[c.last][2] + tol]  # type: ignore[index]
        if len(owners) != 1:
            ex.review("unexpected_value", f"the grade {g!r} ({w}) is beside "
                      f"{'no area' if not owners else ' and '.join(repr(sp.items[k].text) for k in owners)}; not used",
                      line=w.line, page=w.page, found=g)
            continue
        beside[owners[0]].append((g, w))
    for k, c in enumerate(sp.items):
        c.how = "placed"
        got = beside[k]
        if len(got) == 1:
            c.grade = got[0][0]
        elif got:
            ex.review("unexpected_value", f"{c.text!r} ({c.where}) has {len(got)} grades beside it "
                      f"({', '.join(g for g, _ in got)}); grade left empty", line=c.where.line, page=c.where.page,
                      found=", ".join(g for g, _ in got))
        elif area_universe(rnd).resolve(c.text) is not None:
            ex.review("count_mismatch", f"no grade beside {c.text!r} ({c.where}); grade left empty",
                      line=c.where.line, page=c.where.page, expected="a grade", found="none")
    return list(sp.items)


def read_rows_text(ex: Extraction, text: Text, start: int, end: int, rnd: model.Round) -> list[Claim]:
    """One area per row in text without positions: the k-th grade printed belongs to the k-th area when it
    comes after that area's first line and before the next area's; otherwise nothing is used."""
    header = pattern("rows_header")
    frags: list[Fragment] = []
    lines_of: list[int] = []
    grades: list[tuple[str, int]] = []
    for i in range(start, end):
        t = text.lines[i]
        if not t or header.match(t) or PAGE_NUMBER_RE.match(t):
            continue
        g = model.grade(t)
        if g:
            grades.append((g, i))
            continue
        m = _TRAILING_GRADE_RE.match(t)
        if m and model.grade(m.group("grade")):
            frags.append(Fragment(m.group("area"), text.where(i)))
            lines_of.append(i)
            grades.append((model.grade(m.group("grade")), i))  # type: ignore[arg-type]
            continue
        frags.append(Fragment(t, text.where(i)))
        lines_of.append(i)
    if not frags:
        return []
    sp = split_items(frags, area_universe(rnd).resolve)
    w0 = frags[0].where
    if sp.ambiguous:
        ex.review("layout", f"the summary's areas: {sp.ambiguous}; none used", line=w0.line, page=w0.page)
        return []
    firsts = [lines_of[c.first] for c in sp.items]  # type: ignore[index]
    # the grades printed after each area's first line and before the next area's; an area the round assesses
    # without a grade (the service to victims) may have none
    ungraded = set(rnd.ungraded)
    universe = area_universe(rnd)
    segments = [[g for g, gi in grades if firsts[k] <= gi and (k + 1 == len(firsts) or gi < firsts[k + 1])]
                for k in range(len(firsts))]
    ok = sum(len(seg) for seg in segments) == len(grades) and grades[0][1] >= firsts[0] if grades else False
    ok = ok and all(len(seg) == 1 or (not seg and universe.resolve(c.text) in ungraded)
                    for c, seg in zip(sp.items, segments))
    if ok:
        kept = [(c, seg[0]) for c, seg in zip(sp.items, segments) if seg]
        for c, g in kept:
            c.grade, c.how = g, "placed"  # each in step with its own area: checked above
        return [c for c, _ in kept]
    if not ok:
        ex.review("layout", f"the summary prints {len(sp.items)} areas and {len(grades)} grades, not one grade after "
                  "each area and before the next: which grade is whose cannot be told from this text; none used "
                  "(extract the PDF, or convert it with 'pdftotext -layout')", line=w0.line, page=w0.page,
                  expected=len(sp.items), found=len(grades))
        return []
    for c, (g, _) in zip(sp.items, grades):
        c.grade, c.how = g, "placed"  # each in step with its own area: checked above
    return list(sp.items)


def text_pieces(text: Text, start: int, end: int, settings: GridSettings = GRID) -> Pieces:
    """Lines of text laid out in columns as words on a character grid (``tables.columns``' geometry)."""
    from ..tables.columns import CHAR_GRID, line_words

    out = []
    for i in range(start, end):
        if text.lines[i]:
            out.append((line_words(text.raw[i], text.numbers[i] + 1, i), text.where(i)))
    return Pieces(out, CHAR_GRID.height, settings)


def pdf_pieces(text: Text, start: int, end: int, words: WordsFetcher, settings: GridSettings = GRID) -> Pieces:
    """The summary's words from the PDF: its pages, cut below the areas sentence and above the victims one."""
    assert text.pages is not None
    first, last = text.pages[start - 1] if start else text.pages[0], text.pages[max(start, end - 1)]
    got = words(list(range(first, last + 1)))
    start_rx, end_rx = pattern("summary_start"), pattern("summary_end")
    out: list[tuple[list[Word], Where]] = []
    hs = []
    began = False
    for page in range(first, last + 1):
        for ln in group_lines(got.get(page, [])):
            t = _text(ln)
            if not began:
                began = page > first or bool(start_rx.search(t))
                continue
            if end_rx.search(t):
                return Pieces(out, _median(hs), settings)
            out.append((ln, Where(page=page)))
            hs += [w.h for w in ln]
    return Pieces(out, _median(hs), settings)


def _median(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[len(xs) // 2] if xs else 1.0


# ------------------------------------------------------------------ the whole report


def parse(lines: list[str], source_file: str, pages: list[int] | None = None,
          words: WordsFetcher | None = None, settings: GridSettings = GRID) -> Extraction:
    """A 2021/22 or 2023–25 force report. ``pages[i]``: page of ``lines[i]`` (PDF); ``words(pages)``: the
    PDF's words on those pages (for a summary printed as a grid or in rows); ``settings``: the geometry of a
    summary read from positions."""
    text = Text(lines, pages)
    ex = Extraction(source_file=source_file, kind=KIND)
    who = identify(ex, text)
    if who is None:
        return ex
    rnd, force = who
    year = report_year(rnd)
    ex.meta.update({"year": rnd.year, "round": rnd.round_id, "forces": 1, "force_id": force.force_id,
                    "report_year": year})
    extra_claims, counts = summary_counts(ex, text, rnd)
    span = region(text)
    if span is None:
        ex.review("layout", "no sentence 'Our inspection assessed how good <force> is in N areas of policing. We make "
                  "graded judgments in N of these N ...': the summary of judgments is not found", expected="the sentence")
        return ex
    start, end = span
    if not any(pattern("summary_end").search(t) for t in text.lines[start:end + 1]):
        w = text.where(start)
        ex.review("unparsed_sentence", "no sentence 'We also inspected how effective a service <force> gives to victims "
                  "of crime. We don't make a graded judgment ...' after the summary; the service to victims is not "
                  "recorded and the summary is read to the next 60 lines", line=w.line, page=w.page)
    kind, at = layout_of(text, start, end)
    ex.meta["layout"] = kind
    if kind == "list":
        force_areas(ex, text, rnd, start, end, force=force, report_year=year, extra=(extra_claims, counts))
        return ex
    claims = _summary_claims(ex, text, rnd, (start, end, kind, at), words if pages is not None else None, settings)
    if claims is None:  # a grid the text cannot show: refused
        return ex
    first = claims[0].where if claims else text.where(start)
    Grader(ex, Subject(rnd, "areas", force=force, report_year=year), area_universe(rnd)).place(
        claims + extra_claims, counts, first=first)
    return ex


def _summary_claims(ex: Extraction, text: Text, rnd: model.Round, span: tuple[int, int, str, int | None],
                    words: WordsFetcher | None, settings: GridSettings) -> list[Claim] | None:
    """The claims of a summary printed as a grid or in rows (``span``: its lines [start, end), its layout and
    the grid's heading line), from the PDF's words when there are ``words``, else from the text. None (with
    a finding): a grid in text that does not keep its columns."""
    start, end, kind, at = span
    claims: list[Claim] | None
    if kind == "empty":
        claims = []
    elif words is not None:
        pieces = pdf_pieces(text, start, end, words, settings)
        claims = read_grid(ex, pieces, rnd) if kind == "grid" else read_rows_geometry(ex, pieces, rnd)
    elif kind == "grid":
        assert at is not None
        if not positional(text.raw[at], grid=True, settings=settings):
            w = text.where(at)
            ex.review("layout", "the summary is a grid (grades as column headings, areas under them) and this text "
                      "does not keep its columns: which area is under which grade cannot be told; extract the PDF "
                      "itself, or convert it with 'pdftotext -layout'", line=w.line, page=w.page,
                      found=text.lines[at])
            ex.meta["unfit_grid"] = True
            return None
        claims = read_grid(ex, text_pieces(text, start, end, settings), rnd)
    elif any(positional(text.raw[i], settings=settings) for i in range(start, end)
             if _TRAILING_GRADE_RE.match(text.lines[i])):
        claims = read_rows_geometry(ex, text_pieces(text, start, end, settings), rnd)
    else:
        claims = read_rows_text(ex, text, start, end, rnd)
    if claims is None:
        w = text.where(at if at is not None else start)
        ex.review("layout", "the summary's text shows a grid of grade columns, but no line of the page's words holds "
                  "two grade headings; nothing read from it", line=w.line, page=w.page)
        claims = []
    return claims


class AreaReport(Reader):
    """Recognised by the areas sentence ("Our inspection assessed how good ... is in ten areas of policing"). A
    reading without a graded judgment lets the prose reader try (a web page may print the sentence and state its
    grades in prose)."""

    kind = KIND
    description = "PEEL 2021/22 or 2023–25 force report (graded areas of policing)"
    rank = RANK

    def recognise(self, doc: Document, ctx: Context) -> Recognition | None:
        m = RECOGNISE_RE.search(doc.text)
        return Recognition(KIND, f"the sentence {m.group(0)[:60]!r}") if m else None

    def read(self, doc: Document, ctx: Context) -> Extraction:
        return parse(doc.lines, doc.name, doc.pages, words=doc.words if doc.is_pdf else None)

    def yielded(self, ex: Extraction) -> bool:
        return graded(ex)

    def check(self, ex: Extraction, source: str) -> None:
        require_graded(ex, source, self.description)


READER = AreaReport()
