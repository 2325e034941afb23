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
from .reader import Reader, Recognition, graded, require_graded

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from ..sources.document import Document

KIND = "prose_page"
RANK = 0  # asked before every reader of a lower rank (peelkit.readers)


def read(lines: list[str], source_file: str, context: Context | None = None, tables: list | None = None) -> Extraction:
    ex, counts = read_statements(lines, source_file, context, tables)
    grader.check_counts(ex, counts)
    return ex


def read_statements(lines: list[str], source_file: str, context: Context | None = None,
                    tables: list | None = None) -> tuple[Extraction, list]:
    """The page's grades stated in prose, and the counts it prints (checked by ``grader.check_counts`` once
    every reading of the page is merged)."""
    ctx = context or Context()
    ex = Extraction(source_file=source_file, kind=KIND)
    placed: list[grader.Placed] = []
    rounds: list[model.Round] = []
    for page in split_pages(lines):
        read_context(page, rnd=ctx.rnd, force=ctx.force, pillar=ctx.pillar)
        found = prose_claims.read_page(page) if page.rnd is not None else []  # may add findings (a list not used)
        if page.findings and _states_grades(page):  # a page without statements (a header, a menu) says nothing
            for kind, message, line in page.findings:
                ex.review(kind, message, line=line + 1)
        if page.rnd is None:
            continue
        rounds.append(page.rnd)
        found += prose_claims.read_rows(page) + prose_claims.read_item_lines(page)
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
        probe.rnd, probe.force, probe.findings = rnd, None, []
        found = prose_claims.read_page(probe) + prose_claims.read_rows(probe) + prose_claims.read_item_lines(probe)
        unused = sum(1 for kind, _, _ in probe.findings if kind == "layout")  # grades stated, refused as unsure
        n = max(n, len(found) + len(prose_claims.read_tables(probe, tables or [])) + unused)
    return n


def recognise(lines: list[str], tables: list | None = None) -> str | None:
    """Why the text looks like grades stated in prose ("states 3 grades in sentences or grade lines"), or None."""
    n = max((_states_grades(p, tables) for p in split_pages(lines)), default=0)
    return f"states {n} grade(s) in sentences or grade lines" if n else None


class ProsePage(Reader):
    """The last reader asked: a text (a web page, a press copy) whose grades are stated in sentences. Not for a
    PDF: its lines carry pages, and a sentence's row names its line."""

    kind = KIND
    description = "web page, press release or copy stating PEEL grades in prose"
    rank = RANK
    listed = False  # it recognises grades stated anywhere: not a kind of document one looks for
    fallback = True  # a web page may print a report's title or sentence and state its grades in sentences

    def recognise(self, doc: Document, ctx: Context) -> Recognition | None:
        if doc.is_pdf:
            return None
        ex = self.read(doc, ctx)
        if graded(ex):
            return Recognition(KIND, "it states graded judgments in sentences")
        why = recognise(doc.lines, doc.tables)
        return Recognition(KIND, why) if why else None

    def read(self, doc: Document, ctx: Context) -> Extraction:
        key = ("prose_page", ctx)
        if key not in doc.memo:
            doc.memo[key] = read(doc.lines, doc.name, ctx, doc.tables)
        return doc.memo[key]

    def yielded(self, ex: Extraction) -> bool:
        return graded(ex)

    def check(self, ex: Extraction, source: str) -> None:
        if any(r["kind"] == "not_graded" for r in ex.rows("review")) and not any(
                r["kind"] in ("unknown_round", "layout", "statement_conflict") for r in ex.rows("review")):
            return  # a page read whole that says its judgments are not (yet) graded: nothing to write, nothing wrong
        require_graded(ex, source, self.description)


READER = ProsePage()
