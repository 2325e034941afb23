"""Which front-end reads each table page of a text: the reading the document's own checks confirm.

Converter texts do not say how they were made, and one document can mix layouts (a table page
of clean rows next to narrative carrying ``**`` or a tab). So no front-end is picked for the
whole text. Instead:

1. **Regions.** The table part of the text is cut at every table title ("PEEL judgments table",
   "... continued") and every page break (form feed): each region is one printed page, or one
   title-to-title span when the text has no page breaks.
2. **Readings.** Every front-end that can apply to some region (``READERS``; ``applies``) reads
   the whole text into page parts (``judgments.TablePart``) and findings of its own, into
   scratch objects: nothing reaches the document yet.
3. **Verification.** Each reading's page parts go through the one placement back-end
   (``judgments.Placer``) on a scratch extraction, which applies the document's checks: one value
   per force per column, positional columns only with the page's whole published force list,
   forces in the published order, every force between a page's neighbours present, the header's
   questions known (unknown ones break their columns). What survives is the reading's *verified*
   cells, counted per region, with the findings the reading leaves there.
4. **Choice** (``_choose``), per region: the reading with the most verified cells, then the fewest
   findings, then the document's preferred front-end (``readers.state_of_policing.text_format``). Every
   other reading that verified cells of the region is compared with it cell by cell: a value two
   readings place differently is a ``reader_conflict`` finding and the winner's column holding it
   is not used (never a silent pick). A region no reading can place keeps the preferred reading's
   findings, which say why.
5. **Placement.** The chosen page parts of every region, in document order, go through one real
   ``Placer`` (so the cross-page checks see the pages actually used), with the chosen readings'
   findings.

``choose`` records its decisions as it makes them (``Chosen.trace``, one ``Page`` per region): every
reading tried on the page (its page parts, force rows, verified cells and the findings of its own
and of the back-end's checks), the reading placed and why, and any conflict. ``peelkit debug-text FILE``
prints that trace; ``Chosen.report()`` is its summary, kept in the extraction's meta.

The printed Totals are checked later on the chosen rows (``checks``), like every other document.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field

from .. import model
from ..schema import Extraction
from .judgments import Placer, TablePart

# front-end name -> "module:function" reading (ex, lines, year, layout, first, placer) -> meta
READERS: dict[str, str] = {
    "markup": "peelkit.tables.markup:read_markup",
    "columns": "peelkit.tables.columns:read_columns",
    "rows": "peelkit.tables.rows:read_rows",
}
ORDER = ("markup", "columns", "rows")  # tie-break after the document's preferred front-end

_MARKUP_LINE = re.compile(r"\t|<b>|<div|^[ \f]*\*\*[^*\n]+\*\*[ \f]*$", re.M)  # searched in a region's text
_GAPS = re.compile(r"\S {3,}(?=\S)")
_GAPPED_LINES = 5  # lines with two or more wide gaps that make a region worth reading as columns


@dataclass
class Region:
    start: int  # 0-based index of its first line
    end: int  # exclusive
    title: str = ""  # the title line's text, or "" for a page without one

    def holds(self, line: int | None) -> bool:
        """1-based line inside the region."""
        return line is not None and self.start < line <= self.end


def regions(lines: list[str], first: int) -> list[Region]:
    """The table part of the text cut at every title line and page break, from the first title on.
    A page break inside a line starts the region on that line."""
    from .rows import _TITLE, _TITLE_WORDS, _clean

    out: list[Region] = []
    for i in range(first, len(lines)):
        raw = lines[i]
        segs = raw.split("\f")
        title = next((_clean(s) for s in segs if _TITLE.match(_clean(s))), "") if _TITLE_WORDS.search(raw) else ""
        if i == first or title or len(segs) > 1:
            if out and out[-1].start == i:
                out[-1].title = out[-1].title or title
                continue
            if out:
                out[-1].end = i
            out.append(Region(i, len(lines), title))
    return out


def applies(reader: str, lines: list[str], r: Region) -> bool:
    """Whether a front-end can read anything in the region: the markup reader needs the seed
    converter's markup (tabs, <b>, <div>, bold-only lines), the columns reader text laid out in
    columns (lines with wide gaps between words, not markdown rows); the rows reader reads any text."""
    if reader == "rows":
        return True
    body = lines[r.start:r.end]
    if reader == "markup":
        return _MARKUP_LINE.search("\n".join(body)) is not None
    # read by position only where the column header words stand apart: pdfplumber's layout text packs
    # "Judgment Last inspected" one space apart, and its values drift from the words they sit under
    from .columns import labels_apart

    body = [ln for ln in body if not ln.lstrip().startswith("|")]  # markdown rows are read cell by cell
    if not any(labels_apart(ln) for ln in body if "udg" in ln):
        return False
    return sum(1 for ln in body if len(_GAPS.findall(ln.strip())) >= 2) >= _GAPPED_LINES


# ----------------------------------------------------------------- readings


class _Collector:
    """Stands in for the Placer while a front-end reads: keeps its page parts."""

    def __init__(self) -> None:
        self.tables: list[TablePart] = []

    def place(self, t: TablePart) -> None:
        self.tables.append(t)

    def finish(self) -> None:
        pass


class _Scratch(Placer):
    """The one back-end on a scratch extraction, remembering which page part gave each row."""

    def __init__(self, ex: Extraction, year: str, layout: dict):
        super().__init__(ex, year, layout)
        self.owner: list[tuple[TablePart, int, int, int, int]] = []  # part, its pillar rows, its question rows

    def _place(self, t: TablePart, tid: int) -> None:
        a, b = len(self.ex.rows("pillars")), len(self.ex.rows("questions"))
        super()._place(t, tid)
        self.owner.append((t, a, len(self.ex.rows("pillars")), b, len(self.ex.rows("questions"))))


CellKey = tuple[str, str, str, str]  # force_id, pillar, question_id ("" for the pillar), field
_FIELDS = {"pillars": (("grade", "grade"), ("trend", "trend")),
           "questions": (("grade", "grade"), ("last_inspected", "year"))}


@dataclass
class Unit:
    """One reading of one region."""

    tables: list[TablePart] = field(default_factory=list)
    cells: dict[CellKey, tuple[str, TablePart, str, bool]] = field(default_factory=dict)  # value, part, column
    # kind, and whether its page part lists exactly the published run of forces it covers (in order)
    own: list[dict] = field(default_factory=list)  # the front-end's findings (the back-end re-derives its own)
    checks: list[dict] = field(default_factory=list)  # the back-end's findings on the scratch

    @property
    def findings(self) -> int:
        return len(self.own) + len(self.checks)

    @property
    def verified(self) -> int:
        return sum(c[3] for c in self.cells.values())

    def score(self) -> tuple[int, int]:
        """(cells on page parts whose force list is the published run, all cells placed)."""
        return self.verified, len(self.cells)


@dataclass
class Reading:
    reader: str
    meta: dict
    units: dict[int, Unit]  # region index -> its part of the reading


def _region_of(regs: list[Region], line: int | None) -> int | None:
    if line is None:
        return None
    lo, hi = 0, len(regs) - 1
    while lo <= hi:  # regions are sorted and contiguous
        mid = (lo + hi) // 2
        if line <= regs[mid].start:
            hi = mid - 1
        elif line > regs[mid].end:
            lo = mid + 1
        else:
            return mid
    return None


def _first_line(t: TablePart) -> int | None:
    lines = [ln for _, ln, _ in t.forces if ln is not None] + ([t.line] if t.line is not None else [])
    return min(lines) if lines else None


def read(reader: str, ex: Extraction, lines: list[str], year: str, layout: dict, first: int,
         regs: list[Region]) -> Reading:
    """One front-end's reading of the whole text, verified by the back-end on scratch objects (also when it
    is the only front-end that applies and is placed as it is: the trace then says what the checks found)."""
    module, _, fn = READERS[reader].partition(":")
    own = Extraction(source_file=ex.source_file, kind=ex.kind)
    col = _Collector()
    meta = getattr(importlib.import_module(module), fn)(own, lines, year, layout, first, col) or {}
    units: dict[int, Unit] = {}
    where: dict[int, int] = {}  # id(page part) -> region
    for t in col.tables:
        k = _region_of(regs, _first_line(t)) or 0
        units.setdefault(k, Unit()).tables.append(t)
        where[id(t)] = k
    for f in own.rows("review"):
        units.setdefault(_region_of(regs, f.get("source_line")) or 0, Unit()).own.append(f)
    scratch = Extraction(source_file=ex.source_file, kind=ex.kind)
    placer = _Scratch(scratch, year, layout)
    for t in col.tables:
        placer.place(t)
    placer.place_pages()
    placer._check_force_lists()
    for t, a, b, c, d in placer.owner:
        u = units[where[id(t)]]
        ok = [f.force_id for f, _, _ in t.forces] == placer.runs.get(id(t), [])
        for table, rows in (("pillars", scratch.rows("pillars")[a:b]), ("questions", scratch.rows("questions")[c:d])):
            for r in rows:
                for name, kind in _FIELDS[table]:
                    if r.get(name) is not None:
                        u.cells[(r["force_id"], r["pillar"], r.get("question_id") or "", name)] = (
                            r[name], t, kind, ok)
    for f in scratch.rows("review"):
        units.setdefault(_region_of(regs, f.get("source_line")) or 0, Unit()).checks.append(f)
    return Reading(reader, meta, units)


# ----------------------------------------------------------------- the choice


@dataclass
class Tried:
    """One reading of one page as ``choose`` saw it: its page parts, force rows and cells, and the findings
    on the page (the front-end's own, then those of the back-end's checks)."""

    reader: str
    parts: int = 0
    force_rows: int = 0
    cells: int = 0  # every cell the back-end placed from the reading's page parts
    verified: int = 0  # those on page parts whose force list is the published run
    findings: list[dict] = field(default_factory=list)

    @classmethod
    def of(cls, reader: str, u: Unit | None) -> Tried:
        if u is None:
            return cls(reader)
        return cls(reader, len(u.tables), sum(len(t.forces) for t in u.tables), len(u.cells), u.verified,
                   u.own + u.checks)


@dataclass
class Page:
    """``choose``'s trace of one table page (a region): every reading tried there, the one placed and why."""

    region: Region
    tried: list[Tried]  # one per front-end that applies to the text, in ORDER
    chosen: str | None = None  # the reading placed, or None when no reading has anything in the region
    why: str = ""
    scores: list[tuple[str, int, int]] = field(default_factory=list)  # (reader, cells, findings) compared
    conflicts: list[str] = field(default_factory=list)


@dataclass
class Chosen:
    trace: list[Page]  # every region of the table, in document order
    readers: list[str]  # the front-ends that apply to the text, in ORDER
    format: str  # the readers used, e.g. "rows" or "markup+rows"
    unfit_rows: int

    def page(self, line: int) -> Page | None:
        """The page holding the 1-based line, or None before the first table title."""
        return next((p for p in self.trace if p.region.holds(line)), None)

    def report(self) -> list[dict]:
        return [{"lines": f"{d.region.start + 1}-{d.region.end}", "title": d.region.title, "chosen": d.chosen,
                 "why": d.why, "readings": [{"reader": r, "cells": c, "findings": f} for r, c, f in d.scores],
                 "conflicts": d.conflicts} for d in self.trace if d.chosen is not None]


def _choose(units: list[tuple[Reading, Unit]], rank: dict[str, int]) -> tuple[Reading, Unit, str, list]:
    """The reading of one region to use, why, and the readings that tie with it but verified other
    cells (readings in preference order)."""
    best = max(units, key=lambda ru: (*ru[1].score(), -rank[ru[0].reader]))
    others = [ru for ru in units if ru is not best]
    n = len(best[1].cells)
    v = best[1].verified
    if not n:
        # the reading that found most of the table's structure (its force rows) says best why nothing
        # could be placed
        pref = max(units, key=lambda ru: (sum(len(t.forces) for t in ru[1].tables), len(ru[1].tables),
                                          -rank[ru[0].reader]))
        return pref[0], pref[1], (f"no reading placed a cell; the {pref[0].reader} reading found the most "
                                  f"force rows ({sum(len(t.forces) for t in pref[1].tables)}): its findings kept"), []
    mine = f"{v} cells verified" + (f", {n - v} more on pages whose force list is not the published run"
                                    if n > v else "")
    if not others:
        return best[0], best[1], f"the only reading ({mine})", []
    parts, ties = [], []
    for rd, u in others:
        m = u.verified
        if u.score() == best[1].score() and u.cells.keys() == best[1].cells.keys():
            parts.append(f"{rd.reader} placed the same {len(u.cells)} cells: the preferred reading kept")
        elif u.score() == best[1].score():
            parts.append(f"{rd.reader} verified as many ({m}) but not the same cells: the preferred reading kept")
            ties.append((rd, u))
        else:
            parts.append(f"{rd.reader} verified {m}" + (f" (+{len(u.cells) - m} unverified)" if len(u.cells) > m
                                                        else ""))
    return best[0], best[1], f"most cells verified ({mine}); " + "; ".join(parts), ties


def _conflicts(best: Unit, winner: str, others: list[tuple[Reading, Unit]]) -> dict[int, list[str]]:
    """id(part) of the winner's columns another verified reading reads differently -> what differs."""
    out: dict[int, list[str]] = {}
    for rd, u in others:
        for key, (value, _, _, ok) in u.cells.items():
            mine = best.cells.get(key)
            if not ok:
                continue  # only readings that verify can disagree
            if mine is not None and mine[0] != value:
                part = _part(mine[1], key, mine[2])
                if part is not None:
                    name = model.force_by_id(key[0]).name
                    out.setdefault(id(part), []).append(f"{name}: {winner} {mine[0]!r}, {rd.reader} {value!r}")
    return out


def _name(key: CellKey) -> str:
    force, pillar, qid, what = key
    return f"{model.force_by_id(force).name} {qid or pillar} {what.replace('_', ' ')}"


def _part(t: TablePart, key: CellKey, kind: str):
    want = key[2] or "pillar"
    return next((p for p in t.parts if p.key == want and p.kind == kind), None)


def choose(ex: Extraction, lines: list[str], year: str, layout: dict, first: int, prefer: str) -> Chosen:
    """Read the text's table with every front-end that applies and place, region by region, the
    reading the document's checks confirm (see the module docstring)."""
    regs = regions(lines, first)
    names = [prefer] + [r for r in ORDER if r != prefer]
    apply = [n for n in names if any(applies(n, lines, r) for r in regs)]
    readings = [read(n, ex, lines, year, layout, first, regs) for n in apply]
    trace = _trace(regs, readings)
    # the preferred reading (ties, regions nothing could be read in): the one the document's checks
    # confirmed most over the whole text, then the front-end its look suggests (text_format)
    readings.sort(key=lambda rd: (-sum(u.verified for u in rd.units.values()), names.index(rd.reader)))
    rank = {rd.reader: i for i, rd in enumerate(readings)}
    if len(readings) == 1:
        return _only(ex, readings[0], trace, year, layout)
    placer = Placer(ex, year, layout)
    used: list[str] = []
    for k, page in enumerate(trace):
        if not any(k in rd.units for rd in readings):
            continue
        units = [(rd, rd.units.get(k) or Unit()) for rd in readings]
        rd, u, page.why, ties = _choose(units, rank)
        page.chosen = rd.reader
        page.scores = [(r.reader, x.verified, x.findings) for r, x in units]
        for other, x in ties:
            _tie(ex, page.region, rd.reader, u, other.reader, x)
        page.conflicts = _break_conflicts(ex, rd.reader, u, [(r, x) for r, x in units if x is not u and x.verified])
        if u.cells and rd.reader not in used:
            used.append(rd.reader)
        for f in u.own:
            ex.add("review", f)
        for t in u.tables:
            placer.place(t)
    placer.finish()
    rows = next((r for r in readings if r.reader == "rows"), None)
    unfit = rows.meta.get("unfit_rows", 0) if rows and ("rows" in used or not used) else 0
    return Chosen(trace, [t.reader for t in trace[0].tried], "+".join(used) or prefer, unfit)


def _trace(regs: list[Region], readings: list[Reading]) -> list[Page]:
    """One page of the trace per region, with what every reading (in ORDER) found there."""
    ordered = sorted(readings, key=lambda rd: ORDER.index(rd.reader))
    return [Page(reg, [Tried.of(rd.reader, rd.units.get(k)) for rd in ordered]) for k, reg in enumerate(regs)]


def _tie(ex: Extraction, reg: Region, winner: str, u: Unit, other: str, x: Unit) -> None:
    """The finding for a reading that verifies as many cells as the one placed, but not the same ones."""
    lost = sorted(set(x.cells) - set(u.cells))
    t = u.tables[0] if u.tables else None
    ex.review("reader_tie",
              f"the {winner} and {other} readings of the table at line {reg.start + 1} verify "
              f"as many cells ({len(u.cells)}) but not the same ones; the {winner} reading is used "
              f"(the reading the document confirms most) and the {len(lost)} cell(s) only the "
              f"{other} reading has are not ({', '.join(_name(k) for k in lost[:3])}"
              f"{', ...' if len(lost) > 3 else ''})", line=reg.start + 1,
              pillar=t.pillar if t else None, expected=winner, found=other)


def _break_conflicts(ex: Extraction, winner: str, u: Unit, others: list[tuple[Reading, Unit]]) -> list[str]:
    """Every column of the placed reading that another verified reading reads differently is broken (none of
    its values used) and a finding; returns the conflicts, one line per column, for the trace."""
    out = []
    for pid, diffs in _conflicts(u, winner, others).items():
        t, part = next((t, p) for t in u.tables for p in t.parts if id(p) == pid)
        part.broken = True
        out.append(f"{part.label}: {'; '.join(diffs[:3])}")
        ex.review("reader_conflict",
                  f"the {winner} and other readings of the {t.pillar} table at line {t.line} disagree on "
                  f"{len(diffs)} value(s) of the '{part.label}' column ({'; '.join(diffs[:3])}"
                  f"{'; ...' if len(diffs) > 3 else ''}); none of the column's values used",
                  line=t.line, pillar=t.pillar, question_id=part.question.question_id if part.question else None,
                  expected=winner, found=len(diffs))
    return out


def _only(ex: Extraction, rd: Reading, trace: list[Page], year: str, layout: dict) -> Chosen:
    """One front-end applies: its reading is placed as it is (nothing to compare it with)."""
    regs = [page.region for page in trace]
    found = [k for k in sorted(rd.units) if rd.units[k].tables or rd.units[k].own]  # not only the checks'
    placer = Placer(ex, year, layout)
    for k in found:
        for f in rd.units[k].own:
            ex.add("review", f)
        for t in rd.units[k].tables:
            placer.place(t)
    placer.finish()
    placed: dict[int, int] = {}
    for table, fields in _FIELDS.items():
        for r in ex.rows(table):
            k = _region_of(regs, r.get("source_line"))
            if k is not None:
                placed[k] = placed.get(k, 0) + sum(r.get(name) is not None for name, _ in fields)
    for k in found:
        page = trace[k]
        page.chosen = rd.reader
        page.why = f"the only front-end that applies ({placed.get(k, 0)} cells placed)"
        page.scores = [(rd.reader, placed.get(k, 0), len(rd.units[k].own))]
    unfit = rd.meta.get("unfit_rows", 0) if rd.reader == "rows" else 0
    return Chosen(trace, [rd.reader], rd.reader, unfit)
