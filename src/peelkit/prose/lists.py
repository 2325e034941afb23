"""Grades listed under grade headings, stated "by exception" or counted in sentences: the list machinery the
grade-list and area-report readers share.

A grade-grouped list prints a grade heading and then what was graded so, as the national press
releases and the news copies of them do::

    Outstanding (1)                     Outstanding: Durham
    Kent                                Good: Avon & Somerset, Bedfordshire, ... and Wiltshire.
    Good (35)                           Requires improvement: ...
    Avon & Somerset
    ...

one item per line (names wrapped over lines) or comma-separated with "and" (``read_groups``, ``group_claims``);
"by exception" statements name the exceptions and the rest ("Kent was graded outstanding; six forces require
improvement (...); all other forces were graded good": ``statements``); an area report's sentences count its
graded areas ("nine of these ten": ``summary_counts``). One force's areas listed so are placed by
``force_areas``. Placement and every check are the shared back-end's (``grading.Grader``); the wordings are data
(data/rounds.toml ``[wording]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import model
from ..schema import Extraction
from ..vocab import GRADE, NUM
from .grading import (Claim, Count, Fragment, Grader, Rest, Subject, Universe, Where, area_universe, force_universe,
                      pattern, patterns, split_items)
from .lines import PAGE_NUMBER_RE, Text, one_force


_GRADE_HEAD = rf"(?P<grade>{GRADE}|ungraded|not\s+graded)"
_COUNT_HEAD = rf"(?:\(\s*(?P<n>{NUM})(?:\s+(?:forces?|areas?))?\s*\)|[-–—:]\s*(?P<n2>{NUM})\s+(?:forces?|areas?)\b)"


# a grade heading: alone ("Good", "Good (35)", "**Good**") or with its items after ":" or a dash. Linear
# time: no two runs of spaces side by side that a failing line could split in every way.
HEADING_RE = re.compile(rf"^[#*\s]*{_GRADE_HEAD}(?:[*\s]*{_COUNT_HEAD})?[*\s]*(?:(?::{{1,2}}|\s[-–—])\s*(?P<rest>.*\S)?\s*)?$",
                        re.I)


# several groups on one line: "Outstanding: Durham; Good: Avon & Somerset, ..."
_GROUP_SPLIT_RE = re.compile(rf"(?:;|\.)\s+(?={GRADE}\s*(?:\([^)]*\))?\s*[:–—])", re.I)


def _statement_patterns() -> list[re.Pattern]:
    return [pattern(k) for k in ("not_graded", "exception_rest", "exception_one", "count")]


@dataclass
class Group:
    grade: str
    grade_text: str
    where: Where
    index: int  # line index of the heading
    count: Count | None = None
    fragments: list[Fragment] = field(default_factory=list)
    empty: bool = False  # printed as empty ("None")
    closed: bool = False


def heading(line: str) -> re.Match | None:
    m = HEADING_RE.match(line)
    if not m:
        return None
    rest = (m.group("rest") or "").strip()
    if rest and model.grade(rest):
        return None  # "Good: Good" is no list
    return m


def read_groups(text: Text, start: int, end: int) -> list[Group]:
    """Grade headings and the item lines under each, between two line indices. A group ends at the next
    heading, at a sentence (a data/rounds.toml wording) or at a blank line after its items unless a page
    break follows (page numbers are skipped); lines outside groups are prose (not read here)."""
    none_rx = pattern("none_item")
    groups: list[Group] = []
    cur: Group | None = None
    pending = page_break = False  # a blank line after a group's items; a page break since
    for i in range(start, end):
        line = text.lines[i]
        page_break = page_break or text.breaks[i]
        if not line:
            pending = pending or (cur is not None and (bool(cur.fragments) or cur.empty))
            continue
        if PAGE_NUMBER_RE.match(line):
            page_break = True  # a page number: the list may carry on over the page break
            continue
        if cur is not None and pending and not page_break:
            cur.closed = True
        pending = page_break = False
        for seg in _GROUP_SPLIT_RE.split(line):
            m = heading(seg)
            w = text.where(i)
            if m:
                g = model.grade(m.group("grade")) or model.UNGRADED
                cur = Group(g, model.clean_space(m.group("grade")), w, i)
                n = m.group("n") or m.group("n2")
                if n is not None and model.number(n) is not None:
                    cur.count = Count(model.number(n), w, g, "table")  # type: ignore[arg-type]
                groups.append(cur)
                rest = (m.group("rest") or "").strip()
                if rest and none_rx.match(rest):
                    cur.empty = True
                elif rest:
                    cur.fragments.append(Fragment(rest, w))
                continue
            if cur is None or cur.closed:
                cur = None
                continue
            if any(rx.search(seg) for rx in _statement_patterns()):
                cur = None  # a sentence after the list ("Greater Manchester Police was not graded")
                continue
            if none_rx.match(seg.strip()):
                cur.empty = True
                continue
            cur.fragments.append(Fragment(seg, w))
    return groups


def group_claims(ex: Extraction, groups: list[Group], universe: Universe, tags: dict,
                 scale: tuple[str, ...] = ()) -> list[Claim]:
    """The items of every group, cut by the vocabulary, each with its group's grade. A list that prints an empty
    grade as "None" prints every grade of the ``scale``: a heading missing from it, or items under a "None",
    mean a heading's line is lost (its items would be read under the heading above), and no item is used."""
    claims: list[Claim] = []
    if any(g.empty for g in groups) and scale:
        printed = {g.grade for g in groups}
        lost = [x for x in scale if x not in printed]
        crowded = [g for g in groups if g.empty and g.fragments]
        if lost or crowded:
            w = (crowded[0] if crowded else groups[0]).where
            why = (f"the heading {lost[0]!r} is missing" if lost else
                   f"items follow 'None' under {crowded[0].grade_text!r}")
            ex.review("layout", f"the list prints empty grades as 'None', so it prints every grade, but {why}: a "
                      "heading's line may be lost and its items read under the heading above; none of its items "
                      "used", line=w.line, page=w.page, expected=", ".join(scale), found=why, **tags)
            return []
    for g in groups:
        sp = split_items(g.fragments, universe.resolve)
        if sp.ambiguous:
            ex.review("layout", f"{g.grade_text} ({g.where}): {sp.ambiguous}; none of its items used",
                      line=g.where.line, page=g.where.page, found=sp.ambiguous, **tags)
            continue
        for c in sp.items:
            c.grade = g.grade
            claims.append(c)
    return claims


@dataclass
class Statements:
    counts: list[tuple[Count, int]] = field(default_factory=list)  # (count, line index)
    named: list[tuple[Claim, int]] = field(default_factory=list)  # exceptions and "not graded"
    rests: list[tuple[Rest, int]] = field(default_factory=list)


def _paragraph(text: Text, index: int) -> tuple[int, int]:
    """Line indices [start, end) of the paragraph (run of non-blank lines) holding line ``index``."""
    lo = index
    while lo > 0 and text.lines[lo - 1]:
        lo -= 1
    hi = index
    while hi < len(text.lines) and text.lines[hi]:
        hi += 1
    return lo, hi


def statements(ex: Extraction, text: Text, universe: Universe) -> Statements:
    """Counts printed in sentences, and "by exception" statements (data/rounds.toml wordings). Exceptions
    are read only in the paragraph of an "all other forces" sentence; "not graded" anywhere."""
    out = Statements()
    rest_spans = []
    for m in pattern("exception_rest").finditer(text.joined):
        i = text.line_of(m)
        n = model.number(m.group("n")) if m.group("n") else None
        rest = Rest(model.grade(m.group("grade")) or "", text.where(i), n,  # type: ignore[arg-type]
                    why_not=_unread_clause(text.joined, m.start(), universe))
        out.rests.append((rest, i))
        rest_spans.append((m.start(), m.end()))
    for m in pattern("count").finditer(text.joined):
        if any(a <= m.start() < b for a, b in rest_spans):
            continue
        n = model.number(m.group("n"))
        g = model.grade(m.group("grade"))
        if n is None or g is None:
            continue
        i = text.line_of(m)
        out.counts.append((Count(n, text.where(i), g, "sentence"), i))
    paragraphs = {_paragraph(text, i) for _, i in out.rests}

    def in_statement(i: int) -> bool:
        return any(a <= i < b for a, b in paragraphs)

    for m in pattern("exception_group").finditer(text.joined):
        i = text.line_of(m)
        g = model.grade(m.group("grade"))
        listed = m.group("list") or m.group("list2") or ""
        sp = split_items([Fragment(listed, text.where(i))], universe.resolve)
        if not in_statement(i):
            # outside a "by exception" statement, a group is used when it names as many forces as it counts
            # ("two forces were rated outstanding: Durham and Kent"), every one of them a force
            n = model.number(m.group("n"))
            if sp.ambiguous or n != len(sp.items) or any(universe.resolve(c.text) is None for c in sp.items):
                continue
        if sp.ambiguous:
            ex.review("layout", f"{sp.ambiguous}; none of its forces used", line=text.where(i).line,
                      page=text.where(i).page, found=listed[:120])
            continue
        for c in sp.items:
            c.grade, c.how = g, "named"
            out.named.append((c, i))
    for m in pattern("exception_one").finditer(text.joined):
        name = _named(m.group("item"), universe)
        i = text.index_at(m.end("item") - 1)
        if in_statement(i) and name:
            out.named.append((Claim(name, model.grade(m.group("grade")), text.where(i), how="named"), i))
    for m in pattern("not_graded").finditer(text.joined):
        name = _named(m.group("item"), universe)
        i = text.index_at(m.end("item") - 1)
        if name:
            out.named.append((Claim(name, model.UNGRADED, text.where(i), how="named"), i))
    return out


def _unread_clause(joined: str, rest_at: int, universe: Universe) -> str | None:
    """Why the sentence that ends in "all other forces ..." is not whole: every clause before it (";"-separated)
    must end in an exception ("Kent was graded outstanding", "six forces require improvement (...)", "X was
    not graded"); the first may start with what precedes the sentence (a title). None when it is whole."""
    start = joined.rfind(". ", 0, rest_at)
    sentence = joined[start + 2 if start >= 0 else 0:rest_at]
    clauses = [c.strip(" ,;") for c in sentence.split(";")]
    clauses = [c for c in clauses if c and c.lower() not in ("and", "but")]
    if not clauses:
        return "no exception is named before it"
    rxs = [pattern(k) for k in ("exception_one", "exception_group", "not_graded")]
    for k, clause in enumerate(clauses):
        clause = re.sub(r"^(?:and|but)\s+", "", clause, flags=re.I)
        ends = any(m.end() == len(clause) and (k == 0 or m.start() == 0)
                   for rx in rxs for m in rx.finditer(clause))
        if not ends:
            return f"the clause {clause[:60]!r} before it names no exception peelkit can read"
    return None


def _named(item: str, universe: Universe) -> str | None:
    """The force a sentence names before "was graded": the longest tail of the capitalised words before
    the verb that is a force ("... Wiltshire Greater Manchester Police" where lines were joined)."""
    words = model.clean_space(item).split(" ")
    for k in range(len(words)):
        cand = " ".join(words[k:])
        if universe.resolve(cand) is not None:
            return cand
    return None


def force_areas(ex: Extraction, text: Text, rnd: model.Round, start: int = 0, end: int | None = None,
                force: model.Force | None = None, report_year: str | None = None,
                extra: tuple[list[Claim], list[Count]] = ([], [])) -> bool:
    """One force's areas as a grade-grouped list (a news copy, or a report's summary printed so)."""
    universe = area_universe(rnd)
    groups = read_groups(text, start, len(text.lines) if end is None else end)
    if force is None:
        lo, hi = text.title_block()
        names = []
        for span in ((lo, hi), (0, None)):
            for rx in patterns("list_force"):
                names += [(m.group("force"), text.index_at(m.start("force")))
                          for m in rx.finditer(text.joined, span[0], span[1] or len(text.joined))]
            if names:
                break
        force = one_force(text, ex, names, "the force whose grades are listed")
        if force is None:
            return False
    subject = Subject(rnd, "areas", force=force, report_year=report_year)
    claims = group_claims(ex, groups, universe, {}, rnd.grades)
    fu = force_universe(rnd)
    if claims and not any(universe.resolve(c.text) for c in claims) and sum(
            fu.resolve(c.text) is not None for c in claims) >= 2:
        w = claims[0].where
        ex.review("layout", f"the list names forces, not areas: a national {rnd.label} list of forces per area is "
                  "not read (only pillar-era national lists); nothing used", line=w.line, page=w.page)
        return False
    claims += extra[0]
    counts = [g.count for g in groups if g.count is not None] + list(extra[1])
    ex.meta.update({"forces": 1, "force_id": force.force_id})
    first = groups[0].where if groups else None
    Grader(ex, subject, universe).place(claims, counts, first=first)
    return True


def summary_counts(ex: Extraction, text: Text, rnd: model.Round) -> tuple[list[Claim], list[Count]]:
    """The areas sentence as a count ("nine of these ten"), and the victims sentence as an Ungraded claim."""
    claims: list[Claim] = []
    counts: list[Count] = []
    for m in pattern("areas_sentence").finditer(text.joined):
        w = text.where(text.line_of(m))
        n, of = model.number(m.group("graded")), model.number(m.group("of"))
        assessed = model.number(m.group("assessed"))
        if n is None or of is None:
            continue
        if assessed is not None and assessed != of:
            ex.review("count_mismatch", f"the report says {assessed} areas, then '{n} of these {of}'", line=w.line,
                      page=w.page, expected=assessed, found=of)
        counts.append(Count(n, w, None, "sentence", of=of))
    victims = next((a for a in rnd.areas if not a.graded), None)
    for m in pattern("victims_sentence").finditer(text.joined):
        if victims is not None:
            claims.append(Claim(victims.name, model.UNGRADED, text.where(text.line_of(m)), how="named"))
    return claims, counts[:1]
