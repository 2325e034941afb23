"""A document's lines with their provenance, its whitespace-normalised text, and what its title says.

Shared by the force-report, area-report and grade-list front-ends: sentences are searched in the
joined text (they wrap over lines) and mapped back to the line (or PDF page) they start on; the
round comes from the document's own title block, never from its file name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import model
from ..schema import Extraction
from .grading import Where, patterns, wording

PAGE_NUMBER_RE = re.compile(r"^\d{1,3}$")  # a line that is only a page number


@dataclass
class Text:
    """A source's lines, split again at form feeds (a converter's page break inside a line: "1\fOverall
    summary"), each piece keeping its line number (or PDF page). ``joined`` is their text in one string for
    sentences that wrap, without blank lines and bare page numbers (a page number before "Good (35)" is
    never "1 good")."""

    source: list[str]  # lines as read: source[i] is line i + 1
    source_pages: list[int] | None = None  # 1-based PDF page of source[i]
    raw: list[str] = field(default_factory=list)  # the pieces, a converter's spacing kept
    lines: list[str] = field(default_factory=list)  # the pieces, whitespace-normalised
    numbers: list[int] = field(default_factory=list)  # 0-based source line of each piece
    breaks: list[bool] = field(default_factory=list)  # the piece starts after a form feed
    pages: list[int] | None = None  # 1-based PDF page of each piece
    joined: str = ""
    offsets: list[int] = field(default_factory=list)  # start of each piece in ``joined``

    def __post_init__(self) -> None:
        parts, pos = [], 0
        self.pages = [] if self.source_pages is not None else None
        for i, ln in enumerate(self.source):
            for k, seg in enumerate(ln.split("\f")):
                c = model.clean_space(seg)
                self.raw.append(seg)
                self.lines.append(c)
                self.numbers.append(i)
                self.breaks.append(k > 0)
                if self.pages is not None:
                    self.pages.append(self.source_pages[i] if i < len(self.source_pages) else 0)  # type: ignore[index]
                self.offsets.append(pos)
                if c and not PAGE_NUMBER_RE.match(c):  # sentences run over blank lines and page numbers
                    parts.append(c)
                    pos += len(c) + 1
        self.joined = " ".join(parts)

    def where(self, index: int | None) -> Where:
        if index is None:
            return Where()
        if self.pages is not None:
            return Where(page=self.pages[index] if index < len(self.pages) else None)
        return Where(line=self.numbers[index] + 1 if index < len(self.numbers) else None)

    def index_at(self, offset: int) -> int:
        """0-based index of the line holding character ``offset`` of the joined text."""
        lo, hi = 0, len(self.offsets) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.offsets[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def title_block(self) -> tuple[int, int]:
        """(start, end) offsets in the joined text of the title block: a PDF's first page with text,
        or a text's first ``title_lines`` non-blank lines (data/rounds.toml)."""
        if self.pages is not None:
            first = next((self.pages[i] for i, t in enumerate(self.lines) if t), None)
            idx = [i for i, p in enumerate(self.pages) if p == first]
        else:
            want = int(wording().get("title_lines", 12))
            idx = [i for i, t in enumerate(self.lines) if t][:want]
        if not idx:
            return 0, 0
        last = idx[-1]
        return self.offsets[idx[0]], self.offsets[last] + len(self.lines[last])

    def rounds_named(self, start: int = 0, end: int | None = None) -> list[tuple[model.Round, int]]:
        """Every round the text names between two offsets (data/rounds.toml ``wording.round``)."""
        seg = self.joined[start:end]
        out = []
        for rx in patterns("round"):
            for m in rx.finditer(seg):
                r = model.find_round(m.group("round"))
                if r is not None:
                    out.append((r, start + m.start()))
        return out

    def round(self, ex: Extraction, fallback: model.Round | None = None, why: str = "") -> model.Round | None:
        """The round the document's title names: its first line, else its title block, else its whole text,
        whichever first names a round at all; the mentions there must agree, else a finding
        (``unknown_round``) and None. ``fallback``: the round the document's context gives (its dates, or the
        user's --round, ``why`` says which), used when the text names none and checked when it names one."""
        lo, hi = self.title_block()
        first = next((i for i, t in enumerate(self.lines) if t), None)
        title = self.rounds_named(self.offsets[first], self.offsets[first] + len(self.lines[first])) \
            if first is not None else []
        named = title or self.rounds_named(lo, hi) or self.rounds_named()
        found = sorted({r.round_id for r, _ in named})
        if len(found) == 1:
            if fallback is not None and fallback.round_id != found[0]:
                where = self.where(self.index_at(named[0][1]))
                ex.review("unknown_round", f"{why or 'the context'} says {fallback.label} but the document names "
                          f"{named[0][0].label}; not read", line=where.line, page=where.page,
                          expected=fallback.label, found=named[0][0].label)
                return None
            return named[0][0]
        if not found and fallback is not None:
            return fallback
        where = self.where(self.index_at(named[1][1])) if len(named) > 1 else Where()
        ex.review("unknown_round", "cannot tell which PEEL round this document belongs to: its title names "
                  + (f"{len(found)} rounds ({', '.join(found)})" if found else "no round (e.g. 'PEEL 2021/22', "
                     "'PEEL 2023–2025', 'PEEL: Police legitimacy 2017'): pass --round (e.g. --round 2016)"),
                  line=where.line, page=where.page, expected="one round", found=", ".join(found) or "none")
        return None

    def line_of(self, m: re.Match, group: int | str = 0) -> int:
        return self.index_at(m.start(group))


def one_force(text: Text, ex: Extraction, names: list[tuple[str, int]], what: str) -> model.Force | None:
    """The one force a document is about, from every place it names it (``names``: text, line index);
    several different forces, an unknown one or none is a finding and None."""
    found: dict[str, tuple[model.Force, int]] = {}
    for name, idx in names:
        f = model.find_force(name)
        if f is None:
            w = text.where(idx)
            ex.review("bad_row", f"{name!r} ({what}) is not one of the 43 forces", line=w.line, page=w.page,
                      found=name)
            continue
        found.setdefault(f.force_id, (f, idx))
    if len(found) == 1:
        return next(iter(found.values()))[0]
    w = text.where(names[0][1]) if names else Where()
    ex.review("layout", f"cannot tell which force this document is about ({what}): "
              + (", ".join(f.name for f, _ in found.values()) if found else "no force named"),
              line=w.line, page=w.page, expected="one force", found=", ".join(f.name for f, _ in found.values()))
    return None
