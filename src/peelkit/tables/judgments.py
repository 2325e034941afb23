"""The PEEL judgments table model and its ONE placement-and-verification back-end.

Every front-end (the PDF's word positions, text laid out in columns, text read row by row, markdown
tables, the seed converter's markup) turns its source into ``TablePart`` objects: one per printed
page (or half-table) of one pillar, holding the forces it lists, in order, and its columns. A column
(``Part``) is either

* **named**: one cell per listed force, read from that force's own row (blank cells are ``None``), or
* **positional**: the values of a column printed apart from the force names (one value per line),
  which can only be matched to forces by position.

``Placer`` applies the same rules to every front-end:

* a column part is used only when it has exactly one value per listed force; otherwise it is a
  ``count_mismatch`` finding and none of its values are used (nothing is shifted, padded or guessed);
* positional columns also need the forces in the published A-Z order, no force listed twice, the
  page's whole published run of forces (from the force after the previous page's last to the force
  before the next page's first: a force missing there makes a matching count meaningless), each
  value after its force's name, and (layout ``pairs = "interleaved"``) a row's two values before the
  next row's; otherwise a ``layout`` finding and nothing from that column is used;
* a force listed twice on a page is a ``duplicate_force`` finding; a force that already has a value
  from another row keeps the first (``duplicate_row``);
* each pillar's pages, stitched in document order, must list every force that falls between their
  neighbours in the A-Z list; a missing force is a ``count_mismatch`` naming it (and ``missing_force``
  when it is absent from the whole pillar);
* Totals rows become ``printed_totals`` rows, each with its own line or page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import model
from ..schema import Extraction


@dataclass
class Cell:
    """One value of a column, where it was read."""

    value: str | None  # the parsed value; None for a blank (or unreadable, already flagged) cell
    line: int | None = None
    page: int | None = None


@dataclass
class Part:
    """One column on one page: a pillar's judgment or trend, or a question's judgment or last inspected."""

    key: str  # "pillar" or the question id
    kind: str  # grade | trend | year
    label: str  # e.g. "effectiveness judgment", "preventing-crime last inspected"
    cells: list[Cell] = field(default_factory=list)
    named: bool = True  # cells[i] belongs to forces[i]; otherwise values in printed order
    question: model.Question | None = None
    text: str = ""  # the question as printed
    line: int | None = None  # where the column (or its block) starts
    page: int | None = None
    broken: bool = False  # its structure was damaged (already flagged): nothing used


@dataclass
class Total:
    """A printed totals row: a grade and its count in each part."""

    value: str  # the grade the row counts
    counts: list[tuple[str, int]]  # (part key, count)
    line: int | None = None
    page: int | None = None


@dataclass
class TablePart:
    """One pillar's part of the table: its forces, parts (columns) and totals rows."""

    pillar: str
    forces: list[tuple[model.Force, int | None, int | None]] = field(default_factory=list)  # force, line, page
    parts: list[Part] = field(default_factory=list)  # in pairs: judgment, then trend / last inspected
    totals: list[Total] = field(default_factory=list)
    line: int | None = None
    page: int | None = None

    def pairs(self) -> list[tuple[Part, Part]]:
        """(judgment, trend or last inspected) column pairs, as the front-ends build them."""
        return list(zip(self.parts[0::2], self.parts[1::2]))


def _printed(q: model.Question, text: str) -> str:
    """The question as printed, when the header prints one of its wordings; its own wording when the
    header was matched by vocabulary (words lost or garbled, parse/headers.py)."""
    text = model.clean_space(text or "")
    known = model.find_question(text) if text else None
    return text if known is not None and known.question_id == q.question_id else model.clean_space(q.text)


def where(line: int | None, page: int | None) -> str:
    if page is not None:
        return f"page {page}"
    return f"line {line}" if line is not None else "the table"


def span(cells: list[Cell]) -> str:
    lines = [c.line for c in cells if c.line is not None]
    pages = sorted({c.page for c in cells if c.page is not None})
    if pages:
        return f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}-{pages[-1]}"
    if lines:
        return f"line {lines[0]}" if len(lines) == 1 else f"lines {min(lines)}-{max(lines)}"
    return "no values"


class Placer:
    """Places the cells of every ``TablePart`` onto forces, with the findings, into ``ex``."""

    def __init__(self, ex: Extraction, year: str, layout: dict):
        self.ex = ex
        self.year = year
        self.layout = layout
        self.tables: list[TablePart] = []
        self.emitted: dict[tuple[str, str], tuple[int, int, int | None, int | None]] = {}
        self.runs: dict[int, list[str]] = {}  # id(page part) -> the published run of forces it covers

    def flag(self, kind: str, message: str, **kw) -> None:
        self.ex.review(kind, message, **kw)

    # ------------------------------------------------------------- one page
    def place(self, t: TablePart) -> None:
        """Takes one page part; it is placed by ``finish`` (document order), once the page parts around
        it are known: positional columns need the page's whole expected force list, which ends where
        the next page of the pillar begins."""
        self.tables.append(t)

    def _place(self, t: TablePart, tid: int) -> None:
        n = len(t.forces)
        seen: set[str] = set()
        dup = False
        for f, ln, pg in t.forces:
            if f.force_id in seen:
                dup = True
                self.flag("duplicate_force", f"{f.name} listed twice on the {t.pillar} table at {where(t.line, t.page)}",
                          line=ln, page=pg, pillar=t.pillar, found=f.name)
            seen.add(f.force_id)
        for first, second in t.pairs():
            q = first.question or second.question
            qid = q.question_id if q else None
            # both columns of one block fail together: one finding, not two
            if (q is not None and first.cells and second.cells and not first.broken and not second.broken
                    and self._count(first) == self._count(second) != n
                    and self._rows_of(first) == self._rows_of(second)):
                self._mismatch(t, f"{qid} judgment and last inspected", first, qid, n)
                continue
            vals = [self._resolve(t, p, qid, dup, pair=(first, second)) for p in (first, second)]
            if not self._in_step(t, first, second, vals[0], vals[1], qid):
                vals = [None, None]
            if vals[0] is None and vals[1] is None:
                continue
            qtext = _printed(q, first.text or second.text) if q is not None else ""
            for i, (f, fline, fpage) in enumerate(t.forces):
                g = vals[0][i] if vals[0] else Cell(None)
                s = vals[1][i] if vals[1] else Cell(None)
                if g.value is None and s.value is None:
                    continue
                cell = g if g.value is not None else s
                what = qid or t.pillar
                if self._seen(f, what, tid, i, cell, t.pillar, qid):
                    continue
                if q is None:
                    self.ex.add("pillars", {
                        "year": self.year, "force": f.name, "force_id": f.force_id, "pillar": t.pillar,
                        "grade": g.value, "trend": s.value, "source_file": self.ex.source_file,
                        "source_line": cell.line, "source_page": cell.page})
                else:
                    self.ex.add("questions", {
                        "year": self.year, "force": f.name, "force_id": f.force_id, "pillar": q.pillar,
                        "question_id": q.question_id,
                        "question": qtext,
                        "grade": g.value, "last_inspected": s.value, "source_file": self.ex.source_file,
                        "source_line": cell.line, "source_page": cell.page})
        self._totals(t)

    @staticmethod
    def _count(p: Part) -> int:
        return sum(c.value is not None for c in p.cells) if p.named else len(p.cells)

    @staticmethod
    def _rows_of(p: Part) -> list:
        if p.named:
            return [i for i, c in enumerate(p.cells) if c.value is not None]
        return [(c.line, c.page) for c in p.cells]

    def _mismatch(self, t: TablePart, label: str, p: Part, qid: str | None, n: int) -> None:
        names = (t.forces[0][0].name, t.forces[-1][0].name) if n else ("-", "-")
        self.flag("count_mismatch",
                  f"{n} forces on the {t.pillar} table at {where(t.line, t.page)} ({names[0]} to {names[1]}) but "
                  f"{self._count(p)} values in the '{label}' column ({span(p.cells)}); none of them used",
                  line=p.line if p.line is not None else t.line, page=p.page if p.page is not None else t.page,
                  pillar=t.pillar, question_id=qid, expected=n, found=self._count(p))

    def _resolve(self, t: TablePart, p: Part, qid: str | None, dup: bool,
                 pair: tuple[Part, Part] | None = None) -> list[Cell] | None:
        """The column's cells aligned with the page's forces, or None (with a finding) when it cannot be."""
        if p.broken or not p.cells:
            return None
        n = len(t.forces)
        kw = dict(line=p.line if p.line is not None else t.line, page=p.page if p.page is not None else t.page,
                  pillar=t.pillar, question_id=qid)
        if not p.named:
            if dup:
                self.flag("layout", f"a force is listed twice on the {t.pillar} table at {where(t.line, t.page)}, so "
                          f"the '{p.label}' column ({span(p.cells)}) cannot be matched to forces by position; none "
                          f"of its values used", **kw, found=len(p.cells))
                return None
            if not self._in_order(t):
                self.flag("layout", f"forces on the {t.pillar} table at {where(t.line, t.page)} are not in the "
                          f"published order, so the '{p.label}' column ({span(p.cells)}) cannot be matched to "
                          f"forces by position; none of its values used", **kw, found=len(p.cells))
                return None
        if self._count(p) != n:
            self._mismatch(t, p.label, p, qid, n)
            return None
        gap = "" if p.named else self._not_whole(t)
        if gap:
            a, b = pair or (p, p)
            both = (a is not b and not a.named and not b.named and not a.broken and not b.broken
                    and self._count(a) == self._count(b))
            if both and p is b:
                return None  # one finding for the block (its first column's)
            label = f"{qid or t.pillar} judgment and {'last inspected' if qid else 'trend'}" if both else p.label
            self.flag("layout", f"the {t.pillar} table at {where(t.line, t.page)} does not list the whole "
                      f"published run of forces it covers ({gap}), so the '{label}' column ({span(p.cells)}) "
                      f"cannot be matched to forces by position although its count matches; none of its values "
                      f"used", **kw, expected=len(self.runs.get(id(t), [])), found=len(p.cells))
            return None
        return list(p.cells)

    def _not_whole(self, t: TablePart) -> str:
        """What the page's force list lacks or holds beyond the published run it covers: from the force
        after the previous page's last (the first force for a pillar's first page) to the force before
        the next page's first (the last force for its last page). Empty when the list is that run. A
        force missing at a page break could belong to either page, so both refuse their positional
        columns."""
        expected = self.runs.get(id(t))
        if expected is None:
            return ""
        ids = [f.force_id for f, _, _ in t.forces]
        names = {f.force_id: f.name for f in model.forces()}
        missing = [names[i] for i in expected if i not in ids]
        extra = [names.get(i, i) for i in ids if i not in expected]
        return "; ".join(x for x in (f"missing {', '.join(missing)}" if missing else "",
                                     f"not expected here {', '.join(extra)}" if extra else "") if x)

    def _runs(self) -> dict[int, list[str]]:
        """id(page part) -> the published run of force ids it must list (force order A-Z only)."""
        if self.layout.get("force_order") != "alphabetical":
            return {}
        order = [f.force_id for f in model.forces()]
        pos = {fid: i for i, fid in enumerate(order)}
        out: dict[int, list[str]] = {}
        for p in model.PILLARS:
            pages = [t for t in self.tables if t.pillar == p and t.forces]
            for k, t in enumerate(pages):
                prev = pages[k - 1] if k else None
                nxt = pages[k + 1] if k + 1 < len(pages) else None
                lo = pos.get(prev.forces[-1][0].force_id, -1) + 1 if prev else 0
                hi = pos.get(nxt.forces[0][0].force_id, len(order)) if nxt else len(order)
                out[id(t)] = order[lo:hi]
        return out

    def _in_order(self, t: TablePart) -> bool:
        """Forces are printed in alphabetical order (the layout's force_order); a page whose list is not
        cannot have values matched to forces by position."""
        if self.layout.get("force_order") != "alphabetical":
            return True
        names = [f.name.lower() for f, _, _ in t.forces]
        return names == sorted(names)

    def _in_step(self, t: TablePart, first: Part, second: Part, fv: list[Cell] | None,
                 sv: list[Cell] | None, qid: str | None) -> bool:
        """Positional values must follow their force's name, and (the layout's pairs = "interleaved")
        a row's two values (judgment then trend / last inspected) come before the next row's. A value
        moved elsewhere in its column keeps the counts equal but breaks this; nothing is placed then."""
        forces = [ln for _, ln, _ in t.forces]
        bad = []
        for col, vals in ((first, fv), (second, sv)):
            if vals is None or col.named:
                continue
            early = [k for k, (c, f) in enumerate(zip(vals, forces))
                     if c.line is not None and f is not None and c.line < f]
            if early:
                k = early[0]
                bad.append(f"the '{col.label}' value at line {vals[k].line} comes before its force "
                           f"{t.forces[k][0].name} (line {forces[k]})")
        if (fv and sv and self.layout.get("pairs") == "interleaved"
                and not (first.named and second.named)):
            a, b = [c.line or 0 for c in fv], [c.line or 0 for c in sv]
            for k in range(len(a)):
                if not (a[k] <= b[k] and (k + 1 == len(a) or b[k] < a[k + 1])):
                    bad.append(f"row {k + 1} ({t.forces[k][0].name}): '{first.label}' line {a[k]} and "
                               f"'{second.label}' line {b[k]} are out of step with the next row")
                    break
        for msg in bad:
            p = first if first.cells else second
            self.flag("layout", f"{msg}; values cannot be matched to forces by position, none used",
                      line=p.line if p and p.line is not None else t.line, pillar=t.pillar, question_id=qid)
        return not bad

    def _seen(self, f: model.Force, what: str, tid: int, row: int, cell: Cell, pillar: str,
              qid: str | None) -> bool:
        """True (and a finding) when this force already has a value for this pillar or question from
        another row: the first row is kept, the repeat is not used."""
        first = self.emitted.setdefault((f.force_id, what), (tid, row, cell.line, cell.page))
        if first[:2] == (tid, row):
            return False
        self.flag("duplicate_row", f"{f.name} already has a {what} value from {where(first[2], first[3])}; the "
                  f"repeat at {where(cell.line, cell.page)} is not used", line=cell.line, page=cell.page,
                  pillar=pillar, question_id=qid, found=f.name)
        return True

    def _totals(self, t: TablePart) -> None:
        keys = {p.key: p for p in t.parts}
        for tot in t.totals:
            for key, count in tot.counts:
                p = keys.get(key)
                if p is None or p.broken:
                    continue  # the column itself could not be named (already a finding)
                self.ex.add("printed_totals", {
                    "year": self.year, "pillar": t.pillar,
                    "question_id": "" if key == "pillar" else (p.question.question_id if p and p.question else key),
                    "measure": "grade", "value": tot.value, "count": count, "kind": "table",
                    "source_file": self.ex.source_file, "source_line": tot.line, "source_page": tot.page})

    # ------------------------------------------------------------- the whole table
    def finish(self) -> None:
        self.place_pages()
        self._check_force_lists()
        self._coverage()

    def place_pages(self) -> None:
        """Every page part taken, in document order (``finish`` does this, then checks the whole table)."""
        self.runs = self._runs()
        for tid, t in enumerate(self.tables, 1):
            self._place(t, tid)

    def _check_force_lists(self) -> None:
        """Stitch each pillar's pages in document order; every force between a page's neighbours in the
        published A-Z order must be on that page."""
        order = [f.force_id for f in model.forces()]
        pos = {fid: i for i, fid in enumerate(order)}
        names = {f.force_id: f.name for f in model.forces()}
        for p in model.PILLARS:
            pages = [t for t in self.tables if t.pillar == p and t.forces]
            for k, t in enumerate(pages):
                ids = [f.force_id for f, _, _ in t.forces]
                ranks = [pos[i] for i in ids]
                if ranks != sorted(ranks) and all(part.named for part in t.parts):
                    self.flag("layout", f"forces on the {p} table at {where(t.line, t.page)} are not in the "
                              f"published A-Z order; each value is still read from its own row",
                              line=t.line, page=t.page, pillar=p)
                # a page runs from its first force (the start of the list for the first page) to just before
                # the next page's first force: a force missing at a page break is reported on the page before
                lo = min(ranks) if k else 0
                nxt = pages[k + 1] if k + 1 < len(pages) else None
                hi = min(pos[f.force_id] for f, _, _ in nxt.forces) if nxt else len(order)
                expected = order[lo:hi]
                missing = [fid for fid in expected if fid not in ids]
                if missing and expected:
                    brk = (f" (at the break before {where(nxt.line, nxt.page)}, which starts with {names[order[hi]]})"
                           if nxt and missing[-1] == expected[-1] else "")
                    self.flag(
                        "count_mismatch",
                        f"{len(ids)} force rows on the {p} table at {where(t.line, t.page)} but the published A-Z "
                        f"list has {len(expected)} forces from {names[expected[0]]} to {names[expected[-1]]}; "
                        f"missing: {', '.join(names[m] for m in missing)}{brk}. No value was moved: each row keeps "
                        f"its own values and the missing force has none", line=t.line, page=t.page, pillar=p,
                        expected=len(expected), found=len([i for i in ids if i in expected]))

    def _coverage(self) -> None:
        expected = {f.force_id: f for f in model.forces()}
        for p in self.layout["pillars"]:
            pages = [t for t in self.tables if t.pillar == p]
            if not pages:
                self.flag("layout", f"no {p} table found", pillar=p, expected=self.layout["forces"], found=0)
                continue
            listed = {f.force_id for t in pages for f, _, _ in t.forces}
            missing = [expected[fid].name for fid in expected if fid not in listed]
            if missing:
                self.flag("missing_force", f"{len(missing)} force(s) absent from the {p} table: "
                          f"{', '.join(missing)}", line=pages[0].line, page=pages[0].page, pillar=p,
                          expected=self.layout["forces"], found=len(listed))
