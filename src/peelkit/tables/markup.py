"""State of Policing PEEL judgments table, from text.

``parse`` recognises how the text was made (``text_format``) and hands the table to one front-end:
the seed converter's markup (this module), text read row by row (``sop_stream``: pdftotext plain
and -raw, pdfplumber, pypdfium2, PyMuPDF, markdown from pymupdf4llm or markitdown) or text laid out
in columns (``sop_columns``: pdftotext -layout, read with the PDF's geometry). Every front-end
builds ``judgments.TablePart`` objects and the one back-end (``judgments.Placer``) places them;
the totals sentences are read here for all of them.

The seed converter's markup mixes several layouts inside one document:

* one value per line, bold (``**Good**``), column after column (all forces, then all judgments);
* one value per line, row after row (force, judgment, trend, force, ...);
* all forces concatenated on one line (``**Avon and Somerset****Bedfordshire**...``);
* tab-separated rows with ``<b>`` markup under a tab header (``Force<TAB>Judgment<TAB>Trend``),
  where the continued pages print the pillar's first question beside the pillar judgment;
* question blocks (heading, ``Judgment<TAB>Last inspected``, one row per force without a name);
* Totals blocks, as tab rows or one value per line, and stray ``<div>``/blank/nbsp lines.

Whatever the layout, a page yields an ordered list of forces and, per column (pillar judgment,
trend, each question's judgment and last-inspected year), either values named by their force's row
or an ordered list of values placed by position; the back-end uses a column only when it has
exactly one value per force. Nothing is shifted, padded or guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .. import model
from ..schema import Extraction
from ..vocab import TABLE_TITLE
from .judgments import Cell, Part, TablePart, Total


_TAG_RE = re.compile(r"<[^>]*>")
_BOLD_RE = re.compile(r"\*\*(.+?)\*\*")
# a table row has a few cells (force, then a judgment, trend and last-inspected per column): a line of more
# tab cells or bold values than this is text, read whole (a line of 50 MB of tabs or '*' would otherwise be
# millions of cells, a token each)
MAX_CELLS = 200
PAGE_RE = re.compile(rf"^{TABLE_TITLE}$", re.I)
HEADER_WORDS = {"force", "judgment", "trend", "last inspected"}

# token kinds
PAGE, PILLAR, TOTALS, LABEL, QUESTION, GRADE, TREND, YEAR, NUMBER, FORCE, TAB, UNKNOWN = (
    "page", "pillar", "totals", "label", "question", "grade", "trend", "year", "number", "force", "tab",
    "unknown")


def clean_cell(text: str) -> str:
    return model.clean_space(_TAG_RE.sub("", text).replace("**", ""))


@dataclass
class Token:
    """One classified line (or tab cell) of the text."""

    kind: str
    line: int
    text: str = ""
    value: object = None
    heading: int = 0
    cells: list[str] = field(default_factory=list)


def classify(text: str, heading: int, line: int) -> Token:
    """Classify one cleaned, non-empty line of text."""
    m = PAGE_RE.match(text)
    if m:
        return Token(PAGE, line, text, bool(m.group("cont")), heading)
    p = model.pillar(text)
    if p:
        return Token(PILLAR, line, text, p, heading)
    low = text.lower()
    if low == "totals":
        return Token(TOTALS, line, text, None, heading)
    if low in HEADER_WORDS:
        return Token(LABEL, line, text, low, heading)
    for kind, fn in ((GRADE, model.grade), (TREND, model.trend), (YEAR, model.year_label)):
        v = fn(text)
        if v:
            return Token(kind, line, text, v, heading)
    if text.isdigit():
        return Token(NUMBER, line, text, int(text), heading)
    q = model.find_question(text)
    if q:
        return Token(QUESTION, line, text, q, heading)
    f = model.find_force(text)
    if f:
        return Token(FORCE, line, text, f, heading)
    return Token(UNKNOWN, line, text, None, heading)


def _split_line(raw: str) -> tuple[int, list[str]]:
    """(heading level, texts) for a non-tab line; several texts for concatenated bold values."""
    s = raw.strip()
    level = len(s) - len(s.lstrip("#"))
    body = s.lstrip("#").strip()
    if 4 <= body.count("**") <= 2 * MAX_CELLS and body.startswith("**") and body.endswith("**"):
        parts = [clean_cell(p) for p in _BOLD_RE.findall(body)]
        if len(parts) > 1 and "".join(f"**{p}**" for p in _BOLD_RE.findall(body)) == body:
            return level, [p for p in parts if p]
    t = clean_cell(body)
    return level, [t] if t else []


def tokenize(lines: list[str], start: int = 0) -> Iterator[Token]:
    """Tokens for lines[start:], line numbers 1-based, lazily (the parser stops at the table's end).
    Wrapped values (a grade, force or question split over up to four lines) are joined when the
    pieces alone mean nothing."""
    out: list[Token] = []  # tokens ready to hand out
    pending: list[tuple[int, int, str]] = []  # unknown (line, heading, text) awaiting a join

    def flush() -> None:
        while pending:
            # longest run of pending pieces that reads as a known token, from the first piece
            for n in range(len(pending), 1, -1):
                joined = " ".join(p[2] for p in pending[:n])
                tok = classify(joined, pending[0][1], pending[0][0])
                if tok.kind != UNKNOWN:
                    out.append(tok)
                    del pending[:n]
                    break
            else:
                ln, hd, tx = pending.pop(0)
                out.append(Token(UNKNOWN, ln, tx, None, hd))

    for i in range(start, len(lines)):
        if out:
            yield from out
            out.clear()
        raw = lines[i]
        ln = i + 1
        if "\t" in raw and raw.count("\t") < MAX_CELLS:
            cells = [clean_cell(c) for c in raw.split("\t")]
            if any(cells):
                flush()
                out.append(Token(TAB, ln, raw, None, 0, cells))
            continue
        heading, texts = _split_line(raw)
        for text in texts:
            tok = classify(text, heading, ln)
            if tok.kind == UNKNOWN:
                pending.append((ln, heading, text))
                if len(pending) > 4:
                    ln0, hd0, tx0 = pending.pop(0)
                    out.append(Token(UNKNOWN, ln0, tx0, None, hd0))
                continue
            if pending:
                # the known token may complete a wrapped value ("Requires" + "improvement" is not
                # a case: "improvement" alone is unknown; but a question's last line may be known)
                joined = " ".join(p[2] for p in pending) + " " + text
                jt = classify(joined, pending[0][1], pending[0][0])
                if jt.kind in (QUESTION, GRADE, FORCE):
                    pending.clear()
                    out.append(jt)
                    continue
                flush()
            out.append(tok)
    flush()
    yield from out


# ----------------------------------------------------------------- pages and columns


@dataclass
class MarkupColumn:
    """A column of the seed markup's table: its values in line order, placed by the force each row names or by
    position (not ``geometry.PageColumn``, which has an x extent on a page)."""

    label: str
    kind: str  # grade | trend | year
    start_line: int
    values: list[tuple[object, int]] = field(default_factory=list)  # (value or None, line)
    explicit: bool = False  # filled from tab rows that name their force (not by position)


@dataclass
class QuestionBlock:
    """A question's header and its two columns (judgment, last inspected)."""

    question: model.Question
    text: str  # as printed
    line: int
    grade: MarkupColumn
    year: MarkupColumn


@dataclass
class Page:
    """One page of the text table: its pillar, forces and columns."""

    line: int
    continued: bool
    pillar: str | None = None
    forces: list[tuple[model.Force, int]] = field(default_factory=list)
    grade: MarkupColumn | None = None
    trend: MarkupColumn | None = None
    inline: list[tuple[MarkupColumn, MarkupColumn]] = field(default_factory=list)  # (judgment, last inspected)
    blocks: list[QuestionBlock] = field(default_factory=list)
    totals: list[tuple[str, list[int], int]] = field(default_factory=list)  # (grade, numbers, line)
    group: object = "pillar"  # "pillar" | "totals" | "ignore" (a repeated block) | QuestionBlock
    header: list[str] | None = None
    labels: set[str] = field(default_factory=set)  # column header words seen in the current group
    broken: set[str] = field(default_factory=set)  # "pillar" or question ids whose block lost its structure

    @property
    def labelled(self) -> bool:
        """The current group printed its full column header: Judgment + Trend for the pillar,
        Judgment + Last inspected for a question. Values before it cannot be trusted to a column."""
        need = {"judgment", "trend"} if self.group == "pillar" else {"judgment", "last inspected"}
        return need <= self.labels
    has_content: bool = False


class _Parser:
    """The seed converter's markup front-end: page parts to ``placer``, findings to ``ex``."""

    def __init__(self, ex: Extraction, lines: list[str], year: str, layout: dict, placer):
        self.ex = ex
        self.lines = lines
        self.year, self.layout = year, layout
        self.placer = placer

    # -- review helper
    def flag(self, kind: str, message: str, **kw) -> None:
        self.ex.review(kind, message, **kw)

    # -- token walk
    def run(self, first: int) -> Extraction:
        page: Page | None = None
        for tok in tokenize(self.lines, first):
            # a pillar heading starts a new page when the page already has another pillar or its forces
            if tok.kind == PAGE or (tok.kind == PILLAR and page and page.pillar
                                    and (page.pillar != tok.value or page.forces)):
                if page:
                    self._finish(page)
                page = Page(tok.line, bool(tok.value) if tok.kind == PAGE else True)
                if tok.kind == PILLAR:
                    page.pillar = tok.value  # type: ignore[assignment]
                continue
            if page is None:
                continue
            if tok.kind == UNKNOWN and tok.heading:
                break  # an unrelated heading ends the table region
            self._token(page, tok)
        if page:
            self._finish(page)
        self.placer.finish()
        return self.ex

    def _token(self, page: Page, tok: Token) -> None:
        """One token of a page: a pillar or question heading, a column header word or a Totals heading sets the
        group the next values belong to; a tab row (``_tab``) or a value (``_value``) goes to that group."""
        k = tok.kind
        if k == PILLAR:
            page.pillar = tok.value  # type: ignore[assignment]
        elif k == LABEL:
            self._label(page, tok)
        elif k == QUESTION:
            self._question(page, tok)
        elif k == TOTALS:
            page.group, page.header, page.labels = "totals", None, set()
        elif page.group == "ignore":
            return
        elif k == TAB:
            self._tab(page, tok)
        else:
            self._value(page, tok)

    def _question(self, page: Page, tok: Token) -> None:
        """A question heading starts its block; one printed under another pillar's table, or a second time on
        the page, is a finding and starts a group whose values are ignored."""
        q: model.Question = tok.value  # type: ignore[assignment]
        if page.pillar and q.pillar != page.pillar:
            self.flag("layout", f"question {q.question_id!r} printed under the {page.pillar} table; its "
                      f"values are not used", line=tok.line, pillar=page.pillar, question_id=q.question_id)
            page.group, page.header = "ignore", None
            return
        if any(b.question == q for b in page.blocks):
            self.flag("layout", f"question {q.question_id!r} printed twice on the {page.pillar} page (first "
                      f"at line {next(b.line for b in page.blocks if b.question == q)}); the second block's "
                      f"values are not used", line=tok.line, pillar=page.pillar, question_id=q.question_id)
            page.group, page.header = "ignore", None
            return
        label = f"{q.question_id} judgment"
        blk = QuestionBlock(q, tok.text, tok.line, MarkupColumn(label, "grade", tok.line),
                            MarkupColumn(f"{q.question_id} last inspected", "year", tok.line))
        page.blocks.append(blk)
        page.group, page.header, page.has_content, page.labels = blk, None, True, set()

    def _value(self, page: Page, tok: Token) -> None:
        """A value on a line of its own (or an unknown line) in the current group: placed by ``_place``; one
        before its block's column header, or that the group has no place for, is a finding, not used."""
        g, k = page.group, tok.kind
        page.has_content = True
        if k in (GRADE, TREND, YEAR) and g != "totals" and not page.labelled:
            self.flag("unexpected_value", f"{tok.text!r} comes before the column header (Judgment / Trend / Last "
                      f"inspected) of its block, so its column is uncertain; not used", line=tok.line,
                      pillar=page.pillar, found=tok.text,
                      question_id=g.question.question_id if isinstance(g, QuestionBlock) else None)
            return
        if self._place(page, tok):
            return
        where = "a Totals block" if g == "totals" else (
            "the pillar columns" if g == "pillar" else f"question {g.question.question_id!r}")
        kind = "unrecognised_line" if k == UNKNOWN else "unexpected_value"
        self.flag(kind, f"{tok.text!r} ({k}) cannot be placed in {where}; not used", line=tok.line,
                  pillar=page.pillar, question_id=g.question.question_id if isinstance(g, QuestionBlock) else None,
                  found=tok.text)

    def _place(self, page: Page, tok: Token) -> bool:
        """Put a value where its group takes it: a Totals label and its number, a force or the pillar's
        judgment and trend, a question's judgment and year. False: the group has no place for it."""
        g, k = page.group, tok.kind
        if g == "totals":
            if k == GRADE:
                page.totals.append((tok.value, [], tok.line))  # type: ignore[arg-type]
                return True
            if k == NUMBER and page.totals and len(page.totals[-1][1]) == 0:
                page.totals[-1][1].append(tok.value)  # type: ignore[arg-type]
                return True
        elif g == "pillar":
            if k == FORCE:
                page.forces.append((tok.value, tok.line))  # type: ignore[arg-type]
                return True
            if k in (GRADE, TREND):
                self._col(page, "grade" if k == GRADE else "trend").values.append((tok.value, tok.line))
                return True
        elif isinstance(g, QuestionBlock):
            if k in (GRADE, YEAR):
                (g.grade if k == GRADE else g.year).values.append((tok.value, tok.line))
                return True
        return False

    def _label(self, page: Page, tok: Token) -> None:
        """A column header word. One that does not belong to the block (Trend under a question), or
        that comes again after the block's values started, means blocks were spliced together."""
        g, word = page.group, tok.value
        if word == "force" or g in ("totals", "ignore"):
            return
        if isinstance(g, QuestionBlock):
            key, wrong, started = g.question.question_id, word == "trend", bool(g.grade.values or g.year.values)
        else:
            key, wrong = "pillar", word == "last inspected"
            started = bool((page.grade and page.grade.values) or (page.trend and page.trend.values))
        if wrong or (started and word in page.labels):
            if key not in page.broken:
                page.broken.add(key)
                self.flag("layout", f"column header {tok.text!r} {'does not belong' if wrong else 'repeated'} in "
                          f"the {'pillar columns' if key == 'pillar' else repr(key) + ' block'}; the block's "
                          f"structure is damaged, none of its values used", line=tok.line, pillar=page.pillar,
                          question_id=None if key == "pillar" else key)
            return
        page.labels.add(word)  # type: ignore[arg-type]

    def _col(self, page: Page, which: str) -> MarkupColumn:
        col = getattr(page, which)
        if col is None:
            col = MarkupColumn(f"{page.pillar or 'pillar'} {'judgment' if which == 'grade' else 'trend'}",
                               which, page.line)
            setattr(page, which, col)
        return col

    def _tab(self, page: Page, tok: Token) -> None:
        """A tab row: a column header row (the block's columns), a Totals row (``_tab_totals``), or a row of
        cells under the block's header, each cell read for its column (``_tab_cells``) and the row's values
        added to their columns together, or not at all."""
        cells = tok.cells
        low = [c.lower() for c in cells]
        g = page.group
        if all(c in HEADER_WORDS for c in low if c) and any(low):
            page.header, page.labels = low, set(low)
            if g == "pillar":
                self._pillar_header(page, low, tok.line)
            return
        page.has_content = True
        if g == "totals":
            self._tab_totals(page, tok)
            return
        header = page.header  # tab rows need a tab header row in their own block
        if header is None or len(cells) != len(header):
            self.flag("bad_row", f"row has {len(cells)} cells but the header has "
                      f"{len(header) if header else 'no'} columns; row not used",
                      line=tok.line, pillar=page.pillar, expected=len(header) if header else "",
                      found=" | ".join(cells),
                      question_id=g.question.question_id if isinstance(g, QuestionBlock) else None)
            return
        parsed = self._tab_cells(page, tok, self._targets(page, header))
        if parsed is None:
            return
        if isinstance(g, QuestionBlock) and any(k == "force" for k, _, _ in parsed):
            idx = len(g.grade.values)
            f = next(v for k, _, v in parsed if k == "force")
            if idx >= len(page.forces) or page.forces[idx][0] != f:
                self.flag("bad_row", f"force {f.name!r} out of order in question block; row not used",
                          line=tok.line, pillar=page.pillar, question_id=g.question.question_id)
                return
        named = any(k == "force" for k, _, _ in parsed)
        for kind, target, v in parsed:
            if kind == "force" and g == "pillar":
                page.forces.append((v, tok.line))  # type: ignore[arg-type]
            elif isinstance(target, MarkupColumn):
                target.values.append((v, tok.line))
                target.explicit = named

    def _tab_totals(self, page: Page, tok: Token) -> None:
        """A tab row of a Totals block: a grade, then one number per judgment column; anything else in it is a
        finding and the row is not used."""
        cells = tok.cells
        label = model.grade(cells[0])
        nums, junk = [], []
        for c in cells[1:]:
            if c.isdigit():
                nums.append(int(c))
            elif c:
                junk.append(c)
        if label and nums and not junk:
            page.totals.append((label, nums, tok.line))
        else:
            self.flag("bad_row", f"Totals row not understood: {' | '.join(cells)!r}", line=tok.line,
                      pillar=page.pillar, found=" | ".join(cells))

    def _tab_cells(self, page: Page, tok: Token,
                   targets: list[tuple[str, object]]) -> list[tuple[str, object, object]] | None:
        """Each cell of a tab row read as its column's kind: (kind, column, value). An unreadable value is a
        finding and an empty cell; an unknown force loses the row (None)."""
        g = page.group
        parsed: list[tuple[str, object, object]] = []
        for cell, (kind, target) in zip(tok.cells, targets):
            if kind == "force":
                f = model.find_force(cell)
                if f is None:
                    self.flag("bad_row", f"unknown force {cell!r}; row not used", line=tok.line,
                              pillar=page.pillar, found=cell)
                    return None
                parsed.append((kind, target, f))
                continue
            fn = {"grade": model.grade, "trend": model.trend, "year": model.year_label}[kind]
            v = fn(cell) if cell else None
            if v is None:
                self.flag("unexpected_value", f"{cell!r} is not a {kind}; cell left empty", line=tok.line,
                          pillar=page.pillar, expected=kind, found=cell,
                          question_id=g.question.question_id if isinstance(g, QuestionBlock) else None)
            parsed.append((kind, target, v))
        return parsed

    def _pillar_header(self, page: Page, header: list[str], line: int) -> None:
        page.inline = []
        seen_judgment = False
        i = 0
        while i < len(header):
            h = header[i]
            if h == "judgment" and not seen_judgment:
                seen_judgment = True
                self._col(page, "grade")
            elif h == "judgment":
                n = len(page.inline) + 1
                page.inline.append((MarkupColumn(f"inline question {n} judgment", "grade", line),
                                    MarkupColumn(f"inline question {n} last inspected", "year", line)))
            i += 1

    def _targets(self, page: Page, header: list[str]) -> list[tuple[str, object]]:
        g = page.group
        out: list[tuple[str, object]] = []
        judgments = 0
        for h in header:
            if h == "force":
                out.append(("force", None))
            elif h == "trend":
                out.append(("trend", self._col(page, "trend") if g == "pillar" else None))
            elif h == "judgment":
                if isinstance(g, QuestionBlock):
                    out.append(("grade", g.grade))
                elif judgments == 0:
                    out.append(("grade", self._col(page, "grade")))
                else:
                    out.append(("grade", page.inline[judgments - 1][0]))
                judgments += 1
            elif h == "last inspected":
                if isinstance(g, QuestionBlock):
                    out.append(("year", g.year))
                else:
                    out.append(("year", page.inline[max(judgments - 2, 0)][1] if page.inline else None))
            else:
                out.append(("", None))
        return out

    # -- handing a finished page to the placement back-end
    def _finish(self, page: Page) -> None:
        if page.pillar is None:
            if page.has_content or page.forces:
                self.flag("layout", "judgments table page without a pillar heading; page not used", line=page.line)
            return
        if not page.forces:
            if page.has_content:
                self.flag("layout", f"no force names found on the {page.pillar} page; nothing placed",
                          line=page.line, pillar=page.pillar)
            return
        order = self.layout["questions"][page.pillar]
        headed = {b.question.question_id for b in page.blocks}
        unheaded = [qid for qid in order if qid not in headed]
        inline_q: list[model.Question | None] = []
        if len(page.inline) > len(unheaded):
            self.flag("layout", f"{len(page.inline)} unnamed question columns beside the {page.pillar} judgment "
                      f"but only {len(unheaded)} questions without a heading; those columns not used",
                      line=page.line, pillar=page.pillar, expected=len(unheaded), found=len(page.inline))
        else:
            inline_q = [model.question_by_id(qid) for qid in unheaded[:len(page.inline)]]
        for qid in unheaded[len(page.inline):]:
            self.flag("layout", f"question {qid!r} not found on the {page.pillar} page starting at line "
                      f"{page.line}", line=page.line, pillar=page.pillar, question_id=qid)
        t = TablePart(page.pillar, [(f, ln, None) for f, ln in page.forces], line=page.line)
        broken = "pillar" in page.broken
        t.parts += [self._part(page, page.grade, "pillar", "grade", f"{page.pillar} judgment", None, "", broken),
                    self._part(page, page.trend, "pillar", "trend", f"{page.pillar} trend", None, "", broken)]
        blocks = [(b.question, b.text, b.grade, b.year) for b in page.blocks]
        blocks += [(q, q.text, j, y) for (j, y), q in zip(page.inline, inline_q) if q is not None]
        for q, text, jcol, ycol in blocks:
            broken = q.question_id in page.broken
            t.parts += [self._part(page, jcol, q.question_id, "grade", f"{q.question_id} judgment", q, text, broken),
                        self._part(page, ycol, q.question_id, "year", f"{q.question_id} last inspected", q, text,
                                   broken)]
        graded = ["pillar"] + [q.question_id if q else None for q in inline_q]
        for label, nums, ln in page.totals:
            if len(nums) > len(graded) or (len(nums) > 1 and None in graded[1:len(nums)]):
                self.flag("bad_row", f"Totals row {label!r} has {len(nums)} numbers for {len(graded)} judgment "
                          f"columns; not used", line=ln, pillar=page.pillar, expected=len(graded), found=len(nums))
                continue
            t.totals.append(Total(label, list(zip(graded, nums)), ln))  # type: ignore[arg-type]
        self.placer.place(t)

    @staticmethod
    def _part(page: Page, col: MarkupColumn | None, key: str, kind: str, label: str, q: model.Question | None,
              text: str, broken: bool) -> Part:
        """A column of the page for the back-end: named when its values came from rows that name their
        force (one per force), positional otherwise."""
        vals = col.values if col else []
        named = bool(col and col.explicit and len(vals) == len(page.forces))
        return Part(key, kind, label, [Cell(v, ln) for v, ln in vals], named, q, text,  # type: ignore[arg-type]
                    line=col.start_line if col else page.line, broken=broken)


# ----------------------------------------------------------------- sentences


def read_markup(ex: Extraction, lines: list[str], year: str, layout: dict, start: int, placer) -> dict:
    """The seed markup front-end as a reader for ``choose``: page parts to ``placer``, findings to ``ex``."""
    _Parser(ex, lines, year, layout, placer).run(start)
    return {}


