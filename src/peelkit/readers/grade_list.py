"""Grade-grouped lists and "by exception" statements: national press releases, news copies, one force's
grades as a list.

Recognised by a grade heading ("Good (35)", "Outstanding: Durham") or a "by exception" sentence ("all other
forces were graded good") in a text that names PEEL or the Inspectorate. The lists and statements are read by
the list machinery (``prose.lists``); the items are forces (informal names accepted: "Met Police", "Devon &
Cornwall") in a pillar-era round, or one force's areas in an area-era round.

The round comes from the document's title (``Text.round``), the pillar from its title or from a section heading
("Legitimacy"), the force of an area list from its title ("Cleveland Police's PEEL 2023–2025 grades"). Counts
printed beside the lists ("Good (35)", "one outstanding, 35 good, six requiring improvement and one
inadequate") are checked. A list of every force's grade for a pillar is a ``national_list``.
"""

from __future__ import annotations

import re

from .. import model
from ..prose import grader
from ..prose.grading import Grader, Subject, force_universe
from ..prose.lines import Text
from ..prose.lists import force_areas, group_claims, read_groups, statements, summary_counts
from ..prose.page import read_context, split_pages
from ..schema import Extraction
from ..vocab import GRADE, PILLAR
from . import prose_page
from .context import Context
from .reader import Reader, Recognition, graded, require_graded

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from ..sources.document import Document

KIND = "grade_list"
RANK = 10  # asked before every reader of a lower rank (peelkit.readers)
# what recognises the kind: a grade heading (alone, with a count, or with its items after ":" or a dash), or a
# "by exception" statement; and a word that says it is about PEEL (a list of grades is not enough)
RECOGNISE_RE = re.compile(
    rf"^[#* \t•-]*{GRADE}[* \t]*"
    r"(?:\([^)\n]{0,20}\)[* \t]*)?(?:[:–—][ \t]*\S.*)?$|all\s+other\s+forces\s+(?:were|are)\s+(?:graded|judged|rated)|"
    r"\b\w+ forces (?:were|are) (?:graded|judged|rated|assessed)\b", re.M | re.I)
ALSO_RE = re.compile(r"\b(?:PEEL|HMIC(?:FRS)?|[Ii]nspectorate)\b", re.M | re.I)
NATIONAL_KIND = "national_list"  # a pillar-era list of every force's grade

_SECTION_RE = re.compile(rf"^[#*\s]*(?:PEEL(?:\s*:)?\s*)?(?:police\s+)?(?P<pillar>{PILLAR})"
                         r"[*\s]*(?::\s*)?$", re.I)
_PILLAR_WORD_RE = re.compile(rf"\b({PILLAR})\b", re.I)


def _sections(text: Text) -> list[tuple[int, str]]:
    """(line index, pillar) of every section heading naming a pillar alone ("Legitimacy")."""
    out = []
    for i, t in enumerate(text.lines):
        m = _SECTION_RE.match(t) if t and len(t) < 40 else None
        if m:
            out.append((i, m.group("pillar").lower()))
    return out


def _title_pillars(text: Text) -> list[str]:
    lo, hi = text.title_block()
    return sorted({m.group(1).lower() for m in _PILLAR_WORD_RE.finditer(text.joined[lo:hi])})


def _opening_pillar(text: Text) -> list[str]:
    """The one pillar the first line names, else the one the title block's words describe ("how effective forces
    are at keeping people safe and reducing crime": data/rounds.toml [prose.pillars]); [] when not one."""
    from ..prose.vocab import norm, vocab

    first = next((t for t in text.lines if t), "")
    named = sorted({m.group(1).lower() for m in _PILLAR_WORD_RE.finditer(first)})
    if len(named) == 1:
        return named
    lo, hi = text.title_block()
    block = norm(text.joined[lo:hi])
    found = [p for p, rxs in vocab().pillars.items() if any(rx.search(block) for rx in rxs)]
    return found if len(found) == 1 else []


def national(ex: Extraction, text: Text, rnd: model.Round, pillar: str | None = None) -> None:
    """Forces graded for a pillar (one or several sections), from lists and by-exception statements."""
    universe = force_universe(rnd)
    groups = read_groups(text, 0, len(text.lines))
    st = statements(ex, text, universe)
    sections = _sections(text)
    if not sections:
        named = _title_pillars(text)
        graded = [p for p in named if p in rnd.graded_pillars] or named
        if len(graded) != 1 and len(rnd.graded_pillars) == 1:
            graded = list(rnd.graded_pillars)
        if len(graded) != 1:
            graded = _opening_pillar(text) or ([pillar] if pillar else graded)
        elif pillar and graded != [pillar]:
            ex.review("layout", f"--pillar {pillar} contradicts the document, whose title names {graded[0]}; not read",
                      line=text.where(0).line, page=text.where(0).page, expected=graded[0], found=pillar)
            return
        if len(graded) != 1:
            ex.review("layout", f"cannot tell which pillar this {rnd.label} list grades: its title names "
                      f"{', '.join(named) or 'no pillar'} (add a heading 'Effectiveness', 'Efficiency' or "
                      f"'Legitimacy')", line=text.where(0).line, page=text.where(0).page,
                      expected="one pillar", found=", ".join(named) or "none")
            return
        sections = [(0, graded[0])]

    def section_of(i: int) -> str | None:
        """The pillar of the last section heading at or above line i (the title's pillar covers it all)."""
        return next((p for start, p in reversed(sections) if start <= i), None)

    pillars = list(dict.fromkeys(p for _, p in sections))
    ex.meta.update({"forces": rnd.forces, "pillars": pillars})
    for p in pillars:
        tags = {"pillar": p}
        gs = [g for g in groups if section_of(g.index) == p]
        if p not in rnd.graded_pillars:
            ex.review("layout", f"{rnd.label} did not grade {p} (data/rounds.toml graded_pillars); this list is "
                      "not used", line=text.where(sections[0][0]).line, page=text.where(sections[0][0]).page,
                      pillar=p, expected=", ".join(rnd.graded_pillars), found=p)
            continue
        claims = group_claims(ex, gs, universe, tags, rnd.grades)
        claims += [c for c, i in st.named if section_of(i) == p]
        counts = [g.count for g in gs if g.count is not None]
        counts += [c for c, i in st.counts if section_of(i) == p]
        rests = [r for r, i in st.rests if section_of(i) == p]
        if len(rests) > 1:
            ex.review("layout", f"{len(rests)} 'all other forces' sentences for {p}; none applied",
                      line=rests[1].where.line, page=rests[1].where.page, pillar=p)
            rests = []
        if not claims and not rests:
            continue
        first = min((g.where for g in gs), default=None, key=lambda w: (w.page or 0, w.line or 0))
        placed = Grader(ex, Subject(rnd, "pillars", pillar=p), universe).place(
            claims, counts, rests[0] if rests else None, totals=True, first=first)
        # the forces a pillar's printed totals add up to: those graded (not those named as not graded)
        graded = rnd.forces - sum(1 for x in placed.values() if x.claim.grade == model.UNGRADED)
        ex.meta["forces"] = min(int(ex.meta["forces"]), graded)  # type: ignore[arg-type]


def parse(lines: list[str], source_file: str, pages: list[int] | None = None, context=None) -> Extraction:
    """A grade-grouped list or by-exception statement. ``pages[i]``: 1-based page of ``lines[i]`` (PDF).
    ``context``: what the document's dates or the user say (``readers.prose_page.Context``: round, pillar)."""
    text = Text(lines, pages)
    ex = Extraction(source_file=source_file, kind=KIND)
    rnd = text.round(ex, getattr(context, "rnd", None), getattr(context, "why", ""))
    if rnd is None:
        return ex
    ex.meta.update({"year": rnd.year, "round": rnd.round_id})
    if rnd.era == "pillars":
        ex.kind = NATIONAL_KIND  # every force of the round: a national figure, as a State of Policing table
        national(ex, text, rnd, getattr(context, "pillar", None))
    else:
        claims, counts = summary_counts(ex, text, rnd)
        force_areas(ex, text, rnd, extra=(claims, counts))
    return ex


# ------------------------------------------------------------------ a text: its lists and its sentences


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


def read_text(lines: list[str], source_file: str, user: Context | None = None,
              tables: list | None = None) -> Extraction:
    """A web page, press release or copy: its grade-grouped lists and "by exception" statements (given the round
    the page's dates place it in) and its grades stated in prose (``prose_page``). What both readings give must
    agree: a judgment they give differently is a ``statement_conflict``, in neither."""
    user = user or Context()
    prose, counts = prose_page.read_statements(lines, source_file, user, tables)
    ctx, conflict = infer(lines, user)
    if conflict:
        lst = Extraction(source_file=source_file, kind=KIND)
        lst.review("unknown_round", conflict + "; not read", line=1)
    else:
        lst = parse(lines, source_file, context=ctx)
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


class GradeList(Reader):
    """Recognised by a grade heading ("Good (35)", "Outstanding: Durham") or a "by exception" sentence ("all other
    forces were graded good") in a text that names PEEL or the Inspectorate. A text's statements in prose are
    read with its lists (``read_text``: both readings must agree); a PDF's lists alone."""

    kind = KIND
    description = "grade-grouped list or 'by exception' statement of PEEL grades (press release, news copy)"
    rank = RANK

    @property
    def kinds(self) -> tuple[str, ...]:
        return (KIND, NATIONAL_KIND)

    def recognise(self, doc: Document, ctx: Context) -> Recognition | None:
        m = RECOGNISE_RE.search(doc.text)
        if m is None or ALSO_RE.search(doc.text) is None:
            return None
        return Recognition(KIND, f"the line {m.group(0).strip()[:60]!r}")

    def read(self, doc: Document, ctx: Context) -> Extraction:
        if doc.is_pdf:
            return parse(doc.lines, doc.name, doc.pages, context=ctx)
        return read_text(doc.lines, doc.name, ctx, tables=doc.tables)

    def yielded(self, ex: Extraction) -> bool:
        return graded(ex)

    def check(self, ex: Extraction, source: str) -> None:
        require_graded(ex, source, self.description)


READER = GradeList()
