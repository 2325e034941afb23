"""Grades stated in prose: the Inspectorate's per-force PEEL pages (2015 to 2018/19, final or while a pillar was
"not yet graded"), its pillar pages with their questions, its press-release pages, and copies of them.

A file is cut into pages (``prose.page.split_pages``); each page's round and force come from what it prints
(``prose.page.read_context``), the user's --round / --force / --pillar filling what it does not say; its
statements are read as claims (``prose.claims``) and placed by one grader (``prose.grader``): a grade is a row
only when its force, round, subject and grade are all certain, otherwise a finding with its line.
"""

from __future__ import annotations

from .. import model
from ..prose import claims as prose_claims
from ..prose import grader
from ..prose.page import read_context, split_pages
from ..schema import Extraction
from .context import Context

KIND = "prose_page"


def infer(lines: list[str], user: Context) -> tuple[Context, str | None]:
    """The user's context, with the round the document's opening sentence or dates place it in (for readers
    whose own title search finds no round: grade lists); and why not, when the user's --round contradicts it."""
    pages = split_pages(lines)
    own = None
    if pages:
        read_context(pages[0])
        own = pages[0].rnd
    if user.rnd is not None:
        if own is not None and own.round_id != user.rnd.round_id:
            return user, (f"--round {user.rnd.round_id} contradicts the document: its dates or opening sentence "
                          f"place it in {own.label}")
        return Context(user.rnd, user.force, user.pillar, user.why or f"--round {user.rnd.round_id}"), None
    if own is None:
        return user, None
    return Context(own, user.force, user.pillar, "the document's date or opening sentence"), None


def read_document(lines: list[str], source_file: str, user: Context | None = None, listed: bool = False,
                  tables: list | None = None) -> Extraction:
    """A web page, press release or copy: its grades stated in prose and, with ``listed``, its grade-grouped lists
    and "by exception" statements (``parse.grade_lists``, given the round the page's dates place it in). What
    both readings give must agree: a judgment they give differently is a ``statement_conflict``, in neither."""
    user = user or Context()
    prose, counts = _read(lines, source_file, user, tables)
    if not listed:
        grader.check_counts(prose, counts)
        return prose
    from ..parse import grade_lists

    ctx, conflict = infer(lines, user)
    if conflict:
        lst = Extraction(source_file=source_file, kind=grade_lists.KIND)
        lst.review("unknown_round", conflict + "; not read", line=1)
    else:
        lst = grade_lists.parse(lines, source_file, context=ctx)
    ex = merge(lst, prose)
    grader.check_counts(ex, counts)
    return ex


_TABLES = ("pillars", "questions", "areas")


def _key(table: str, r: dict) -> tuple:
    return (table, r["force_id"], r.get("round"), r.get("pillar"), r.get("question_id"), r.get("area_id"))


def _graded(ex: Extraction) -> bool:
    return any(r.get("grade") for t in _TABLES for r in ex.rows(t))


def merge(lst: Extraction, prose: Extraction) -> Extraction:
    """One extraction of a page read twice (lists, prose). A reader's findings are kept when it placed a grade,
    or when neither did; rows of the same judgment must agree."""
    if not _graded(prose):
        if not _graded(lst):
            lst.tables.setdefault("review", []).extend(prose.rows("review"))
        return lst
    if not _graded(lst):
        return prose
    held = {_key(t, r): (t, r) for t in _TABLES for r in lst.rows(t)}
    for t in _TABLES:
        for r in prose.rows(t):
            k = _key(t, r)
            if k not in held:
                lst.add(t, r)
                continue
            other = held[k][1]
            if other.get("grade") == r.get("grade"):
                continue
            lst.rows(t).remove(other)
            lst.review("statement_conflict", f"{r['force']}'s {r.get('question_id') or r.get('area_id') or r.get('pillar')} "
                       f"({r['round']}) is {other.get('grade') or 'unread'} in the list (line {other.get('source_line')}) "
                       f"and {r['grade']} in a sentence (line {r['source_line']}); neither used",
                       line=r.get("source_line"), pillar=r.get("pillar"), question_id=r.get("question_id"),
                       area_id=r.get("area_id"))
    lst.rows("review").extend(prose.rows("review"))
    return lst


def read(lines: list[str], source_file: str, context: Context | None = None, tables: list | None = None) -> Extraction:
    ex, counts = _read(lines, source_file, context, tables)
    grader.check_counts(ex, counts)
    return ex


def _read(lines: list[str], source_file: str, context: Context | None = None,
          tables: list | None = None) -> tuple[Extraction, list]:
    ctx = context or Context()
    ex = Extraction(source_file=source_file, kind=KIND)
    placed: list[grader.Placed] = []
    rounds: list[model.Round] = []
    for page in split_pages(lines):
        read_context(page, rnd=ctx.rnd, force=ctx.force, pillar=ctx.pillar)
        if page.findings and _states_grades(page):  # a page without statements (a header, a menu) says nothing
            for kind, message, line in page.findings:
                ex.review(kind, message, line=line + 1)
        if page.rnd is None:
            continue
        rounds.append(page.rnd)
        found = prose_claims.read_page(page)
        found += prose_claims.read_tables(page, tables or [])
        placed.extend(grader.resolve(ex, page, found))
    counts = grader.place(ex, placed)
    if rounds:
        ex.meta.update({"year": rounds[0].year, "round": rounds[0].round_id, "forces": 1})
    return ex, counts


def _states_grades(page, tables: list | None = None) -> int:
    """How many grade statements a page makes, looked for as if it were of a round of each era (so that a page
    that names no round is still recognised, and then refused with a hint to pass --round)."""
    from copy import copy

    n = 0
    for rnd in (model.find_round("2018/19"), model.find_round("2023-25")):
        probe = copy(page)
        probe.rnd, probe.force = rnd, None
        found = prose_claims.read_page(probe)
        n = max(n, len(found) + len(prose_claims.read_tables(probe, tables or [])))
    return n


def recognise(lines: list[str], tables: list | None = None) -> str | None:
    """Why the text looks like grades stated in prose ("states 3 grades in sentences or grade lines"), or None."""
    n = max((_states_grades(p, tables) for p in split_pages(lines)), default=0)
    return f"states {n} grade(s) in sentences or grade lines" if n else None


def parse(lines: list[str], source_file: str, pages: list[int] | None = None) -> Extraction:
    """The registry's entry (``sources.detect``): a text's lines; ``pages`` is unused (the page of a PDF's line
    is not the page of a web page)."""
    return read(lines, source_file)
