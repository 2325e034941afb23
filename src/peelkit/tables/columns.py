"""State of Policing judgments table from text laid out in columns (``pdftotext -layout``,
pdfplumber ``extract_text(layout=True)``).

Such text keeps each word where the page printed it, to the nearest character. Each word becomes a
``geometry.Word`` on a character grid (x = column, y = line) carrying its line number, and the page is
read by the same geometry as a PDF page (``geometry.analyse_page``): columns from the header words,
rows from the force names, a value belonging to the row and column whose band holds it. Blank cells
stay blank, so nothing can move sideways. Placement is the shared back-end's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..schema import Extraction
from .geometry import Word, analyse_page, place_layouts
from .rows import WORD, _PROSE_WORDS, _TITLE, _clean, tokenize_line


@dataclass(frozen=True)
class CharGridSettings:
    """Text laid out in columns put on a character grid, in the grid's units (the page reader's tolerances,
    ``geometry.PageSettings``, are multiples of a word's height), and where a table of such text ends.
    ``parse_columns`` takes them as ``settings`` (default ``CHAR_GRID``) and hands them to its stages."""

    char: float = 0.5  # a character's width
    line: float = 1.2  # a line's pitch: a word's height and the gap to the next line
    height: float = 1.0  # a word's height
    end_blanks: int = 2  # blank lines that end a table's body
    header_lines: int = 12  # lines above a repeated column header row kept as that page's header


CHAR_GRID = CharGridSettings()


def line_words(text: str, ln: int, row: int, settings: CharGridSettings = CHAR_GRID) -> list[Word]:
    """The words of line ``ln`` of the text, put on row ``row`` of the character grid."""
    return [Word(m.group(0), m.start() * settings.char, m.end() * settings.char, row * settings.line,
                 row * settings.line + settings.height, ln) for m in re.finditer(r"\S+", text)]


def pages(lines: list[str], start: int,
          settings: CharGridSettings = CHAR_GRID) -> list[tuple[bool, list[tuple[int, str]]]]:
    """The table's pages as (untitled, [(line number, text)]), each from its title line to the end of
    its table (the first prose line or run of blank lines below the header, or the next title). A page
    without the title that repeats the column header rows after a table page (a form feed, or just a
    second Judgment header row) continues that table."""
    out: list[tuple[bool, list[tuple[int, str]]]] = []
    cur: list[tuple[int, str]] | None = None
    since: list[tuple[int, str]] = []  # lines after the last page ended: the header rows of an untitled page
    body = False
    blanks = 0
    for i in range(start, len(lines)):
        for k, seg in enumerate(lines[i].split("\f")):
            if k:  # a page break
                if cur is not None and body:
                    cur = None
                since = []
            text = _clean(seg)
            if _TITLE.match(text):
                cur = [(i + 1, seg.strip())]
                out.append((False, cur))
                body, blanks, since = False, 0, []
                continue
            if cur is None and "judg" not in text.lower():
                if out and text and not text.isdigit():  # a page number is never part of a header
                    since = [*since[-settings.header_lines:], (i + 1, seg.rstrip())]
                continue
            toks = tokenize_line(seg, i + 1) if text else []
            judgment = any(t.kind == "label" and t.value == "judgment" for t in toks)
            if cur is None:
                if not out:
                    continue
                if judgment and sum(t.kind == WORD for t in toks) < _PROSE_WORDS:
                    cur = since + [(i + 1, seg.rstrip())]
                    out.append((True, cur))
                    body, blanks, since = True, 0, []
                elif text and not text.isdigit():  # a page number is never part of a header
                    since.append((i + 1, seg.rstrip()))
                continue
            if not text:
                blanks += 1
                if body and blanks >= settings.end_blanks:
                    cur, since = None, []  # the table ends at a run of blank lines (a page number may follow)
                continue
            blanks = 0
            if body and (sum(t.kind == WORD for t in toks) >= _PROSE_WORDS or judgment):
                cur, since = None, [(i + 1, seg.rstrip())]
                if judgment:
                    cur = [(i + 1, seg.rstrip())]
                    out.append((True, cur))
                continue
            if judgment:
                body = True
            cur.append((i + 1, seg.rstrip()))
        if not out and i - start > 50:
            break
    return out


_WRAPPED = {"requires": "improvement", "last": "inspected"}  # two-word cells that wrap inside their column


def join_wrapped(rows: list[list[Word]]) -> list[list[Word]]:
    """A grade (or the "Last inspected" header) wrapped inside its cell prints "Requires" a line above
    the row and "improvement" a line below it (or on the row's line and the next): the halves, one
    above the other, become one word on the row's line. Halves without their partner are left as they
    are (and reported as unreadable)."""
    rows = [list(r) for r in rows]
    for i, row in enumerate(rows):
        for w in list(row):
            second = _WRAPPED.get(w.text.lower())
            if second is None:
                continue
            for gap in (1, 2):
                if i + gap >= len(rows):
                    break
                below = [v for v in rows[i + gap] if v.text.lower() == second and v.x0 < w.x1 + 2 and w.x0 < v.x1 + 2]
                if len(below) != 1:
                    continue
                v = below[0]
                if second == "inspected":  # a header label: it starts where its first half is printed
                    at = i
                elif gap == 2:
                    at = i + 1
                else:  # the row's line is the one holding other words
                    at = i if len(row) > 1 else i + 1
                base = rows[at][0] if rows[at] else w
                top, bottom = (w.top, v.bottom) if second == "inspected" else (base.top, base.bottom)
                joined = Word(f"{w.text} {v.text}", min(w.x0, v.x0), max(w.x1, v.x1), top, bottom, base.line)
                row.remove(w)
                rows[i + gap].remove(v)
                rows[at].append(joined)
                break
    return rows


def join_names(rows: list[list[Word]], settings: CharGridSettings = CHAR_GRID) -> list[list[Word]]:
    """A force name wrapped inside its cell ("Avon and" over "Somerset") becomes one word on the row's
    line: the line between its halves when they are two lines apart (the row's one-line cells sit
    between them), else the one of the two lines holding other words. Only words that start a line and
    stand one above the other are joined, and only when together they name a force and the first
    part alone does not."""
    from .rows import _classify, _clean, _name_prefixes

    rows = [list(r) for r in rows]
    for i, row in enumerate(rows):
        lead = _leading(row, settings)
        if not lead or tuple(_clean(w.text).lower() for w in lead) not in _name_prefixes():
            continue
        first = " ".join(_clean(w.text) for w in lead)
        if _classify(first) is not None:
            continue
        for gap in (1, 2):
            if i + gap >= len(rows):
                break
            below = _leading(rows[i + gap], settings)
            if not below or abs(below[0].x0 - lead[0].x0) > settings.char:
                continue
            for m in range(len(below), 0, -1):
                got = _classify(f"{first} {' '.join(_clean(w.text) for w in below[:m])}")
                if got and got[0] == "force":
                    break
            else:
                continue
            if gap == 1:
                at = i if len(row) > len(lead) or len(rows[i + 1]) == m else i + 1
            else:
                at = i + 1
            base = rows[at][0] if rows[at] else lead[0]
            parts = lead + below[:m]
            joined = Word(" ".join(w.text for w in parts), min(w.x0 for w in parts), max(w.x1 for w in parts),
                          base.top, base.bottom, base.line)
            for w in lead:
                row.remove(w)
            for w in below[:m]:
                rows[i + gap].remove(w)
            rows[at].insert(0, joined)
            break
    return rows


def _leading(row: list[Word], settings: CharGridSettings) -> list[Word]:
    """The words a line starts with, one space apart (at most three: a name's start)."""
    out: list[Word] = []
    for w in sorted(row, key=lambda w: w.x0)[:3]:
        if out and w.x0 - out[-1].x1 > 1.5 * settings.char:
            break
        out.append(w)
    return out


def parse_columns(ex: Extraction, lines: list[str], year: str, layout: dict, start: int, placer=None,
                  settings: CharGridSettings = CHAR_GRID) -> None:
    """The table's pages (``pages``) on the character grid, wrapped cells and names joined, read by the PDF
    page reader (``geometry.analyse_page``) and placed (``geometry.place_layouts``)."""
    lays = []
    for k, (untitled, page) in enumerate(pages(lines, start, settings), 1):
        # y from the line number, so blank lines keep their height (a page number above the header stays apart)
        rows = join_names(join_wrapped([line_words(text, ln, ln - page[0][0], settings) for ln, text in page]),
                          settings)
        words = [w for r in rows for w in r]
        lay = analyse_page(words, k, text_grid=True, untitled=untitled)
        lay.line = page[0][0]
        lays.append(lay)
    place_layouts(ex, year, layout, lays, placer)


def read_columns(ex: Extraction, lines: list[str], year: str, layout: dict, start: int, placer) -> dict:
    """The columns front-end as a reader for ``choose``: page parts to ``placer``, findings to ``ex``."""
    parse_columns(ex, lines, year, layout, start, placer)
    return {}


def labels_apart(line: str) -> bool | None:
    """For a column header row (two or more "Judgment" labels): whether its labels stand apart (text
    laid out in columns that can be read by position); None for any other line."""
    labels = list(_LABEL_RE.finditer(line))
    if sum(m.group(0).lower().startswith("judg") for m in labels) < 2:
        return None
    return min(b.start() - a.end() for a, b in zip(labels, labels[1:])) >= _MIN_LABEL_GAP


_LABEL_RE = re.compile(r"judge?ment|trend|last\s+inspected", re.I)
_MIN_LABEL_GAP = 2  # spaces between column header words of text that is read by position
