"""State of Policing PEEL judgments table from a PDF: words with x/y positions -> tidy rows.

Pure functions, no PDF library here (``peelkit.sources.pdf`` reads the file and hands over the
words of the table pages plus every page's text). Words come from pdfium's characters grouped by
``chars_to_words``, or from pdfplumber's ``extract_words`` (``to_words``, the reference reader), both
with the settings ``WORDS``; every tolerance of the page reader is a field of ``PageSettings`` (the defaults
``PAGE``; ``analyse_page(..., settings=replace(PAGE, line=0.5))`` reads a page with another).

A table page is read from its words alone; ruling lines and cell fills are ignored:

1. the title line ("PEEL judgments table" / "... continued");
2. the second header row: "Judgment", "Trend", "Last inspected" (also wrapped as "Last" over
   "inspected"), each word a column whose x range runs half-way to its neighbours; a column pair is
   Judgment + Trend (a pillar) or Judgment + Last inspected (a question);
3. the first header row: the words above each pair (wrapped text joined) name its pillar or
   question (``model.pillar`` / ``model.find_question``) - columns are mapped by header text, never
   by position;
4. rows: the lines of the force column (wrapped names joined), each force (or Totals label) a row
   whose band runs half-way to the neighbouring rows; a value belongs to the row and column whose
   band holds it, and a word that straddles a column edge or sits between two rows is reported,
   never assigned.

The same rules as the text path then apply: a column part (one column on one page) is used only
when every force row on the page has a readable value in it, otherwise it is a ``count_mismatch``
finding and none of its values are used. Pages of one pillar ("continued" pages) are stitched in
document order, and each page must list every force that falls between its neighbours in the
published A-Z order (``model.forces()``); a missing row is a ``count_mismatch`` finding naming the
force (the other rows keep their own values: a value is only ever read from its own row).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from .. import model
from ..schema import Extraction
from ..sources.words import Word
from ..vocab import TABLE_TITLE
from . import headers
from .judgments import Cell, Part, Placer, TablePart, Total

# a page's title line (its text whitespace-normalised)
TITLE_RE = re.compile(rf"^\s*{TABLE_TITLE}\s*$", re.I)

_JUDGMENT = {"judgment", "judgement"}
_SECOND = {"trend": "trend", "last inspected": "last inspected"}


@dataclass(frozen=True)
class PageSettings:
    """Every tolerance of the page reader in one place (as pdfplumber's TableSettings): multiples of the
    median word height ``h`` of the row or page, except ``edge`` (points) and ``name_lines`` (lines).
    ``analyse_page`` takes them as ``settings`` (default ``PAGE``) and keeps them on its ``PageLayout``,
    whose later stages read them there."""

    line: float = 0.45  # words whose centres are at most line*h apart share a visual line
    edge: float = 0.5  # points: a word touching the title, header or body edge counts as inside it
    header_row: float = 0.6  # 'Judgment' words level with the topmost one form the header row
    header_near: float = 1.6  # Trend / Last / inspected words this close to that row belong to it
    last_level: float = 0.5  # 'Last' and 'inspected' on one line: centres this close ...
    last_gap: float = 2.0  # ... and at most this far apart
    last_wrap: float = 1.5  # 'inspected' wrapped under 'Last': its top at most this far below Last's bottom
    last_overlap: float = 0.5  # ... or reaching at most this far up into it
    grid_force: float = 0.5  # text grid: the force column ends this far before the first header word
    head_gap: float = 2.5  # a header line at most this far above the next belongs to the header
    name_wrap: float = 0.45  # force-column lines closer than this are one wrapped name
    name_lines: int = 3  # a name wraps over at most this many lines
    pitch: float = 2.0  # row pitch when a page has a single row
    straddle: float = 0.25  # a value reaching this far over its column's edge straddles it
    band_edge: float = 0.3  # a value centred this close to the line between two rows is between them
    level: float = 1.5  # a value must be centred within this of its row's name


PAGE = PageSettings()


def _norm(text: str) -> str:
    return text.strip().strip(".:*").lower()


def median(values: Iterable[float]) -> float:
    """The median (statistics.median's value, without its generality: this runs once per cell)."""
    vs = sorted(values)
    if not vs:
        raise ValueError("median of no values")
    m = len(vs) // 2
    return vs[m] if len(vs) % 2 else (vs[m - 1] + vs[m]) / 2


def group_lines(words: Iterable[Word], tol: float | None = None, settings: PageSettings = PAGE) -> list[list[Word]]:
    """Words grouped into visual lines (top to bottom), each line sorted left to right: centres at most ``tol``
    apart (points; default ``settings.line`` times the median word height)."""
    ws = sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0))
    if not ws:
        return []
    if len(ws) == 1:
        return [ws]
    tol = tol if tol is not None else settings.line * median([w.h for w in ws])
    lines: list[list[Word]] = []
    first = 0.0
    for w in ws:
        cy = (w.top + w.bottom) / 2
        if lines and abs(cy - first) <= tol:
            lines[-1].append(w)
        else:
            lines.append([w])
            first = cy
    return [sorted(ln, key=lambda w: w.x0) if len(ln) > 1 else ln for ln in lines]


def line_text(line: list[Word]) -> str:
    return " ".join(w.text for w in line)


def join_lines(texts: list[str]) -> str:
    """Wrapped text joined: a line ending in a hyphen joins the next without a space."""
    out = ""
    for t in texts:
        t = t.strip()
        if not t:
            continue
        if out.endswith("-") and not out.endswith(" -"):
            out += t
        else:
            out = f"{out} {t}" if out else t
    return model.clean_space(out)


# ----------------------------------------------------------------- page layout


@dataclass
class PageColumn:
    """A column of a table page read from word positions: its label, kind, header words and x extent (not
    ``markup.MarkupColumn``, the values of a column of text without positions)."""

    label: str  # e.g. "effectiveness judgment", "preventing-crime last inspected"
    kind: str  # grade | trend | year
    left: float
    right: float
    header: Word | tuple[Word, ...]
    pillar: str | None = None
    question: model.Question | None = None  # None: the pillar judgment / trend
    used: bool = True  # False when its pair's header could not be read

    @property
    def key(self) -> str:
        return self.question.question_id if self.question else "pillar"


@dataclass
class Pair:
    """A header over two columns (judgment with trend, or with last inspected)."""

    text: str  # top header text as printed (wrapped lines joined)
    second: str  # "trend" | "last inspected"
    columns: tuple[PageColumn, PageColumn]
    words: list[Word] = field(default_factory=list)


@dataclass
class Entry:
    """One row of the force column: a force, the Totals heading, a Totals label or an unknown line."""

    kind: str  # force | totals | total | unknown
    text: str
    top: float
    bottom: float
    value: object = None  # Force or grade label
    band: tuple[float, float] = (0.0, 0.0)
    cells: dict[int, list[Word]] = field(default_factory=dict)  # column index -> words

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    line: int | None = None  # text line of the force name (text laid out in columns)


@dataclass
class PageLayout:
    """What the page finder saw on one page: is it a table page, and its columns."""

    page: int
    line: int | None = None  # first line of the page, when read from text laid out in columns
    is_table: bool = False
    continued: bool = False
    why: list[str] = field(default_factory=list)  # what the finder saw, for debug-pdf
    title: str = ""
    pillar: str | None = None
    pairs: list[Pair] = field(default_factory=list)
    columns: list[PageColumn] = field(default_factory=list)
    force_right: float = 0.0  # the force column is everything left of this
    body_top: float = 0.0
    entries: list[Entry] = field(default_factory=list)
    problems: list[tuple[str, str, dict]] = field(default_factory=list)  # (kind, message, review kwargs)
    stray: list[Word] = field(default_factory=list)  # words outside every row/column band
    # Judgment | Last inspected pairs printed without a question heading: named from the year's layout once
    # the table is dated (``_name_unheaded``: the pillar's questions not headed on the page, in order)
    unnamed: list[Pair] = field(default_factory=list)
    settings: PageSettings = PAGE  # the tolerances the page was read with

    def flag(self, kind: str, message: str, **kw) -> None:
        self.problems.append((kind, message, kw))

    @property
    def forces(self) -> list[Entry]:
        return [e for e in self.entries if e.kind == "force"]


def find_title(words: list[Word], settings: PageSettings = PAGE) -> tuple[str, bool, float] | None:
    """(title text, continued, bottom) of the first 'PEEL judgments table' line, or None."""
    for ln in group_lines(words, settings=settings):
        t = model.clean_space(line_text(ln))
        m = TITLE_RE.match(t)
        if m:
            return t, bool(m.group("cont")), max(w.bottom for w in ln)
    return None


def _second_row(words: list[Word], lay: PageLayout) -> list[tuple[str, list[Word]]] | None:
    """The header row under the pillar / question texts: [(label, words)] left to right."""
    tol = lay.settings
    judg = [w for w in words if _norm(w.text) in _JUDGMENT]
    if not judg:
        lay.why.append("no 'Judgment' column header below the title")
        return None
    top = min(judg, key=lambda w: w.cy)
    h = top.h
    row = [w for w in judg if abs(w.cy - top.cy) <= tol.header_row * h]
    if len(row) < len(judg):
        lay.why.append(f"{len(judg) - len(row)} further 'Judgment' word(s) lower on the page ignored")
    near = [w for w in words if abs(w.cy - top.cy) <= tol.header_near * h
            and _norm(w.text) in ("trend", "last", "inspected", "last inspected")]
    items: list[tuple[str, list[Word]]] = [("judgment", [w]) for w in row]
    items += [("trend", [w]) for w in near if _norm(w.text) == "trend"]
    items += [("last inspected", [w]) for w in near if _norm(w.text) == "last inspected"]
    lasts = [w for w in near if _norm(w.text) == "last"]
    insp = [w for w in near if _norm(w.text) == "inspected"]
    for w in lasts:
        # "Last inspected" on one line, or "Last" over "inspected" (wrapped inside the cell)
        cands = [i for i in insp if (abs(i.cy - w.cy) <= tol.last_level * h and 0 <= i.x0 - w.x1 <= tol.last_gap * h)
                 or (0 <= i.top - w.bottom + tol.last_overlap * h <= tol.last_wrap * h and i.x0 < w.x1
                     and w.x0 < i.x1)]
        if len(cands) == 1:
            insp.remove(cands[0])
            items.append(("last inspected", [w, cands[0]]))
        else:
            lay.flag("layout", f"column header 'Last' at x={w.x0:.0f} without its 'inspected'; column not used",
                     page=lay.page, found=w.text)
    for i in insp:
        lay.flag("layout", f"column header 'inspected' at x={i.x0:.0f} without 'Last'; column not used",
                 page=lay.page, found=i.text)
    items.sort(key=lambda it: min(w.x0 for w in it[1]))
    return items


def analyse_page(words: list[Word], page: int, text_grid: bool = False, untitled: bool = False,
                 settings: PageSettings = PAGE) -> PageLayout:
    """Find the judgments table on one page, stage by stage: the title (``_title``), the second header row
    (``_second_row``), the columns' x ranges (``_column_bounds``), their Judgment pairs (``_pairs``), the
    header words above them (``_first_row``) naming each pair (``_name_pairs``), then rows and cells
    (``_rows``). What each stage saw is in ``why`` (for debug-pdf), its findings in ``problems``."""
    lay = PageLayout(page, settings=settings)
    title_bottom = _title(lay, words, untitled)
    if title_bottom is None:
        return lay
    below = [w for w in words if w.top >= title_bottom - settings.edge]
    items = _second_row(below, lay)
    if not items:
        return lay
    hs = [w.h for _, ws in items for w in ws]
    h = median(hs)
    centres = [(min(w.x0 for w in ws) + max(w.x1 for w in ws)) / 2 for _, ws in items]
    if len(items) < 2:
        lay.why.append("fewer than two column headers in the header row")
        return lay
    bounds = _column_bounds(centres)
    lay.force_right = bounds[0][0]
    if text_grid:
        # text laid out in columns: the first column is narrower than half the gap to the next, so a
        # force name reaches until just before the first header word
        lay.force_right = max(lay.force_right, min(w.x0 for w in items[0][1]) - settings.grid_force * h)
    band_top = min(w.top for _, ws in items for w in ws)
    lay.body_top = max(w.bottom for _, ws in items for w in ws)
    raw_pairs = _pairs(lay, items, centres)
    if not raw_pairs:
        lay.why.append("no 'Judgment | Trend' or 'Judgment | Last inspected' header pair")
        return lay
    kept = _first_row(lay, below, band_top, h)
    for a, b, second in raw_pairs:
        left, right = bounds[a][0], bounds[b][1]
        pw = [w for w in kept if left <= w.cx < right]
        text = join_lines([line_text(ln) for ln in group_lines(pw, settings=settings)]) if pw else ""
        ca = PageColumn("", "grade", bounds[a][0], bounds[a][1], tuple(items[a][1]))
        cb = PageColumn("", "trend" if second == "trend" else "year", bounds[b][0], bounds[b][1], tuple(items[b][1]))
        lay.pairs.append(Pair(text, second, (ca, cb), pw))
    _name_pairs(lay)
    lay.columns = [c for p in lay.pairs for c in p.columns]
    lay.is_table = True
    lay.why.append(f"header row with {len(items)} column headers, {len(lay.pairs)} column pairs")
    _rows(lay, [w for w in below if w.top >= lay.body_top - settings.edge], h)
    return lay


def _title(lay: PageLayout, words: list[Word], untitled: bool) -> float | None:
    """The page's title line (``lay.title``, ``lay.continued``) and its bottom, where the table starts; for a
    page that may continue the table before (``untitled``) without a title, its topmost word. None: not a
    table page."""
    t = find_title(words, lay.settings)
    if t is None and not untitled:
        lay.why.append("no 'PEEL judgments table' title line")
        return None
    if t is None:
        lay.title, lay.continued, title_bottom = "", True, min((w.top for w in words), default=0.0)
        lay.why.append("no title line: the page continues the table of the page before")
    else:
        lay.title, lay.continued, title_bottom = t
        lay.why.append(f"title line {lay.title!r}")
    return title_bottom


def _column_bounds(centres: list[float]) -> list[tuple[float, float]]:
    """Each header column's x range (left, right): half-way to its neighbours' centres, as wide on the
    outer side of the first and last columns (at least two centres)."""
    bounds = []
    for i, c in enumerate(centres):
        left = (centres[i - 1] + c) / 2 if i else c - (centres[1] - c) / 2
        right = (c + centres[i + 1]) / 2 if i + 1 < len(centres) else c + (c - centres[i - 1]) / 2
        bounds.append((left, right))
    return bounds


def _pairs(lay: PageLayout, items: list[tuple[str, list[Word]]], centres: list[float]) -> list[tuple[int, int, str]]:
    """The header columns paired, left to right: (Judgment's index, its partner's, "trend" or "last
    inspected"); a column of no pair is a finding, not used."""
    i = 0
    raw_pairs: list[tuple[int, int, str]] = []
    while i < len(items):
        label = items[i][0]
        if label == "judgment" and i + 1 < len(items) and items[i + 1][0] in _SECOND:
            raw_pairs.append((i, i + 1, items[i + 1][0]))
            i += 2
            continue
        lay.flag("layout", f"column header {label!r} at x={centres[i]:.0f} is not part of a Judgment | Trend or "
                 f"Judgment | Last inspected pair; column not used", page=lay.page, found=label)
        i += 1
    return raw_pairs


def _first_row(lay: PageLayout, below: list[Word], band_top: float, h: float) -> list[Word]:
    """The first header row's words: above the second row, right of the force column, in lines running
    contiguously up from the second row (a gap wider than ``head_gap`` ends the header)."""
    tol = lay.settings
    above = [w for w in below if w.bottom <= band_top + tol.edge and w.cx >= lay.force_right]
    head_lines = group_lines(above, settings=tol)
    kept: list[Word] = []
    edge = band_top
    for ln in reversed(head_lines):
        if max(w.bottom for w in ln) >= edge - tol.head_gap * h:
            kept.extend(ln)
            edge = min(edge, min(w.top for w in ln))
        else:
            break
    return kept


def _name_pairs(lay: PageLayout) -> None:
    """Map each pair to a pillar or a question by its header text."""
    pillars = [p for p in lay.pairs if p.second == "trend"]
    names = {model.pillar(p.text) for p in pillars if p.text}
    names.discard(None)
    if len(names) == 1:
        lay.pillar = names.pop()
    elif len(names) > 1:
        lay.flag("layout", f"several pillar headers on one page ({', '.join(sorted(names))}); page not used",
                 page=lay.page, found=", ".join(sorted(names)))
    seen: set[str] = set()
    asked = [p for p in lay.pairs if p.second != "trend" and p.text and model.find_question(p.text) is None]
    by_words, why = headers.match_all([p.text for p in asked], model.pillar_questions(lay.pillar) if lay.pillar
                                      else list(model.questions()))
    vocab = {id(p): (q, w) for p, q, w in zip(asked, by_words, why)}
    for p in lay.pairs:
        a, b = p.columns
        if p.second == "trend":
            pl = model.pillar(p.text) if p.text else None
            if pl is None or pl != lay.pillar:
                a.used = b.used = False
                if p.text and pl is None:
                    lay.flag("layout", f"header {p.text!r} over Judgment | Trend is not a PEEL pillar; columns "
                             f"not used", page=lay.page, found=p.text)
                elif not p.text:
                    lay.flag("layout", "no pillar name above the Judgment | Trend columns; columns not used",
                             page=lay.page)
                continue
            a.pillar = b.pillar = pl
            a.label, b.label = f"{pl} judgment", f"{pl} trend"
            continue
        if not p.text:  # a question printed beside the pillar judgment without its heading: named once dated
            a.used = b.used = False
            lay.unnamed.append(p)
            continue
        q = model.find_question(p.text) or vocab[id(p)][0]
        if q is None:
            a.used = b.used = False
            lay.flag("layout", f"question header {p.text!r} over Judgment | Last inspected is not a "
                     f"known question ({vocab[id(p)][1]}); columns not used", page=lay.page,
                     pillar=lay.pillar, found=p.text)
            continue
        a.label, b.label = f"{q.question_id} judgment", f"{q.question_id} last inspected"
        a.question = b.question = q
        a.pillar = b.pillar = q.pillar
        if lay.pillar and q.pillar != lay.pillar:
            a.used = b.used = False
            lay.flag("layout", f"question {q.question_id!r} printed under the {lay.pillar} table; its values are "
                     f"not used", page=lay.page, pillar=lay.pillar, question_id=q.question_id)
        elif q.question_id in seen:
            a.used = b.used = False
            lay.flag("layout", f"question {q.question_id!r} printed twice on page {lay.page}; the second pair of "
                     f"columns is not used", page=lay.page, pillar=lay.pillar, question_id=q.question_id)
        seen.add(q.question_id)


def _entries(lines: list[list[Word]], h: float, tol: PageSettings) -> list[Entry]:
    """Force-column lines -> entries; a name wrapped over up to three close lines is joined."""
    out: list[Entry] = []
    i = 0
    while i < len(lines):
        best = None
        for n in range(min(tol.name_lines, len(lines) - i), 0, -1):
            chunk = lines[i:i + n]
            if any(chunk[k + 1][0].top - max(w.bottom for w in chunk[k]) > tol.name_wrap * h for k in range(n - 1)):
                continue
            text = join_lines([line_text(ln) for ln in chunk])
            top, bottom = min(w.top for ln in chunk for w in ln), max(w.bottom for ln in chunk for w in ln)
            g = model.grade(text)  # a grade in the force column labels a Totals row (its heading may be a page back)
            f = None if g else model.find_force(text)
            if g:
                best = (n, Entry("total", text, top, bottom, g))
            elif f:
                best = (n, Entry("force", text, top, bottom, f))
            elif n == 1 and text.lower() == "totals":
                best = (n, Entry("totals", text, top, bottom))
            if best:
                break
        if best is None:
            ln = lines[i]
            best = (1, Entry("unknown", line_text(ln), min(w.top for w in ln), max(w.bottom for w in ln)))
        best[1].line = _wline([w for ln in lines[i:i + best[0]] for w in ln])
        out.append(best[1])
        i += best[0]
    return out


def _rows(lay: PageLayout, body: list[Word], h: float) -> None:
    tol = lay.settings
    names = [w for w in body if w.cx < lay.force_right]
    values = [w for w in body if w.cx >= lay.force_right]
    lines = group_lines(names, settings=tol)
    if lines and line_text(lines[0]).lower() == "force":
        lines = lines[1:]
    lay.entries = ents = _entries(lines, h, tol)
    for e in ents:
        if e.kind == "unknown":
            lay.flag("unrecognised_line", f"{e.text!r} in the force column is not a force name; its row is not used",
                     page=lay.page, pillar=lay.pillar, found=e.text)
    if not ents:
        lay.flag("layout", f"no force names found on page {lay.page}; nothing placed", page=lay.page,
                 pillar=lay.pillar)
        lay.stray = values
        return
    pitch = median([b.cy - a.cy for a, b in zip(ents, ents[1:])]) if len(ents) > 1 else tol.pitch * h
    for k, e in enumerate(ents):
        top = (ents[k - 1].cy + e.cy) / 2 if k else max(lay.body_top, e.cy - pitch / 2)
        bottom = (e.cy + ents[k + 1].cy) / 2 if k + 1 < len(ents) else e.cy + max(pitch / 2, e.bottom - e.cy + h)
        e.band = (top, bottom)
    lefts = [c.left for c in lay.columns]  # columns and row bands are disjoint and in order
    tops = [e.band[0] for e in ents]
    for w in values:
        cx, cy = w.cx, w.cy
        col = bisect_right(lefts, cx) - 1
        if col < 0 or not cx < lay.columns[col].right:
            col = None
        k = bisect_right(tops, cy) - 1
        row = ents[k] if k >= 0 and cy < ents[k].band[1] else None
        if row is None or col is None:
            lay.stray.append(w)
            if _any_value(w.text):
                lay.flag("unexpected_value", f"{w.text!r} at x={w.x0:.0f}, y={w.top:.0f} lies outside the table's "
                         f"rows and columns; not used", page=lay.page, pillar=lay.pillar, found=w.text)
            continue
        c = lay.columns[col]
        slack = tol.straddle * h
        where = None
        if w.x0 < c.left - slack or w.x1 > c.right + slack:
            where = f"straddles the edge of the '{c.label or 'unnamed'}' column"
        else:
            inner = ([row.band[0]] if row is not ents[0] else []) + ([row.band[1]] if row is not ents[-1] else [])
            if any(abs(w.cy - b) < tol.band_edge * h for b in inner) or not (
                    row.top - tol.level * h <= w.cy <= row.bottom + tol.level * h):
                where = f"is not level with the row of {row.text!r}"
        if where:
            lay.stray.append(w)
            lay.flag("unexpected_value", f"{w.text!r} at x={w.x0:.0f}, y={w.top:.0f} {where}; its row cannot be "
                     f"known, not used", page=lay.page, pillar=lay.pillar, found=w.text,
                     question_id=c.question.question_id if c.question else None)
            row.cells.setdefault(col, []).append(Word("\x00", w.x0, w.x1, w.top, w.bottom))  # poison the cell
            continue
        row.cells.setdefault(col, []).append(w)


def _any_value(text: str) -> bool:
    return bool(model.grade(text) or model.trend(text) or model.year_label(text))


def cell_text(words: list[Word], settings: PageSettings = PAGE) -> str:
    if len(words) == 1:
        return model.clean_space(words[0].text)
    return join_lines([line_text(ln) for ln in group_lines(words, settings=settings)])


_PARSE = {"grade": model.grade, "trend": model.trend, "year": model.year_label}


# ----------------------------------------------------------------- the document


def place_layouts(ex: Extraction, year: str, layout: dict, lays: list[PageLayout],
                  placer: Placer | None = None) -> None:
    """Table pages found from word positions (a PDF's, or text laid out in columns) -> the shared
    placement back-end (``placer``: another collector of page parts, for text whose reader is chosen
    page by page). ``lay.page`` is a PDF page; for text it is a running number and every word
    carries its line instead."""
    placer = placer if placer is not None else Placer(ex, year, layout)
    for lay in lays:
        if not lay.is_table:
            ex.review("layout", f"{_at(lay)} has the title {lay.title or 'PEEL judgments table'!r} but no "
                      f"table was found ({'; '.join(lay.why)}); page not used", **_prov(lay))
    tables = [lay for lay in lays if lay.is_table]
    _inherit_pillars(ex, tables)
    for lay in tables:
        _name_unheaded(lay, layout)
    for lay in tables:
        for kind, message, kw in lay.problems:
            kw = {**kw, "pillar": kw.get("pillar") or lay.pillar}
            if lay.line is not None:
                kw.pop("page", None)
                kw.setdefault("line", lay.line)
            ex.review(kind, message, **kw)
    for lay in tables:
        if not lay.pillar:
            ex.review("layout", f"judgments table {_at(lay)} without a pillar heading; page not used", **_prov(lay))
    for lay in tables:
        if lay.pillar:
            placer.place(_table(ex, lay))
    placer.finish()


def _inherit_pillars(ex: Extraction, tables: list[PageLayout]) -> None:
    """A continued page whose Judgment | Trend pair has no pillar name takes the pillar of the page it
    continues, when every question it names belongs to that pillar."""
    prev: PageLayout | None = None
    for lay in tables:
        if lay.pillar is None and lay.continued and prev is not None and prev.pillar:
            qs = {c.question.pillar for c in lay.columns if c.question}
            unnamed = [p for p in lay.pairs if p.second == "trend" and not p.text]
            if unnamed and qs <= {prev.pillar} and len(unnamed) == 1:
                lay.pillar = prev.pillar
                a, b = unnamed[0].columns
                a.used = b.used = True
                a.pillar = b.pillar = prev.pillar
                a.label, b.label = f"{prev.pillar} judgment", f"{prev.pillar} trend"
                lay.problems = [pr for pr in lay.problems if "no pillar name" not in pr[1]]
                ex.review("layout", f"{_at(lay)} continues the {prev.pillar} table of {_at(prev)} "
                          f"without naming the pillar; pillar taken from the title 'continued'",
                          **_prov(lay), pillar=prev.pillar)
        prev = lay


def _name_unheaded(lay: PageLayout, layout: dict) -> None:
    """The question pairs printed without a heading (a table's first page may print none, a continued page
    puts its first question beside the pillar judgment without one) are, in order, the pillar's questions
    (the year's layout) that have no heading on the page; more of them than such questions are not used."""
    if not lay.unnamed:
        return
    where = {"page": lay.page} if lay.line is None else {"line": lay.line}
    if lay.pillar is None:
        for _ in lay.unnamed:
            lay.flag("layout", "question header (empty) over Judgment | Last inspected on a page without a pillar; "
                     "columns not used", **where)
        return
    headed = {c.question.question_id for c in lay.columns if c.question is not None and c.used}
    unheaded = [q for q in layout["questions"].get(lay.pillar, []) if q not in headed]
    if len(lay.unnamed) > len(unheaded):
        lay.flag("layout", f"{len(lay.unnamed)} question columns without a heading on the {lay.pillar} page but only "
                 f"{len(unheaded)} {lay.pillar} questions without one; those columns not used", **where,
                 pillar=lay.pillar, expected=len(unheaded), found=len(lay.unnamed))
        return
    for pair, qid in zip(lay.unnamed, unheaded):
        q = model.question_by_id(qid)
        a, b = pair.columns
        a.question = b.question = q
        a.pillar = b.pillar = lay.pillar
        a.label, b.label = f"{qid} judgment", f"{qid} last inspected"
        a.used = b.used = True


def _at(lay: PageLayout) -> str:
    return f"page {lay.page}" if lay.line is None else f"at line {lay.line}"


def _prov(lay: PageLayout) -> dict:
    return {"page": lay.page} if lay.line is None else {"line": lay.line}


def _wline(words: list[Word]) -> int | None:
    return min((w.line for w in words if w.line is not None), default=None)


def _table(ex: Extraction, lay: PageLayout) -> TablePart:
    """One table page -> a TablePart of named cells (each value read from its own row and column)."""
    page = lay.page if lay.line is None else None
    forces = lay.forces
    t = TablePart(lay.pillar, [(e.value, e.line, page) for e in forces], line=lay.line, page=page)  # type: ignore[arg-type]
    for i, col in enumerate(lay.columns):
        qid = col.question.question_id if col.question else None
        part = Part(col.key, col.kind, col.label, [], True, col.question, lay.pairs[i // 2].text if col.question else "",
                    line=lay.line, page=page, broken=not col.used)
        t.parts.append(part)
        if not col.used:
            continue
        for e in forces:
            ws = e.cells.get(i)
            if not ws:
                part.cells.append(Cell(None, e.line, page))
                continue
            text = cell_text(ws, lay.settings)
            v = None if "\x00" in text else _PARSE[col.kind](text)
            if v is None and "\x00" not in text:
                ex.review("unexpected_value", f"{text!r} in the '{col.label}' column for {e.value.name} is not a "
                          f"{'year' if col.kind == 'year' else col.kind}; cell not used", line=_wline(ws),
                          page=page, pillar=lay.pillar, question_id=qid, expected=col.kind, found=text)
            part.cells.append(Cell(v, _wline(ws) if lay.line is not None else None, page))
    _totals(ex, lay, t)
    for e in lay.entries:
        if e.kind in ("unknown", "totals") and any(e.cells.values()):
            found = " | ".join(cell_text(ws, lay.settings) for ws in e.cells.values())
            ex.review("unexpected_value", f"values {found!r} in the row {e.text!r}, which is not a force row; "
                      f"not used", line=e.line, page=page, pillar=lay.pillar, found=found)
    return t


def _totals(ex: Extraction, lay: PageLayout, t: TablePart) -> None:
    page = lay.page if lay.line is None else None
    for e in lay.entries:
        if e.kind != "total":
            continue
        bad = []
        counts = []
        for i, ws in sorted(e.cells.items()):
            c = lay.columns[i]
            text = cell_text(ws, lay.settings)
            if not c.used:
                continue
            if c.kind != "grade" or not text.isdigit():
                bad.append(f"{text!r} under '{c.label}'")
                continue
            counts.append((c.key, int(text)))
        if bad:
            ex.review("bad_row", f"Totals row {e.value!r}: {', '.join(bad)} not understood; row not used",
                      line=e.line, page=page, pillar=lay.pillar, found="; ".join(bad))
            continue
        t.totals.append(Total(e.value, counts, e.line, page))  # type: ignore[arg-type]
