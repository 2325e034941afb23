"""A web page (or a press release, or a page of a report) as the prose reader sees it: its lines in order, each
a heading, a grade line, a bullet, a lead-in or prose; which page of a file it is; and what the page says about
itself (its round, its force).

A file may hold several pages (a set of saved pages, one after the other): a page starts at a form feed, at a
"Skip to content" line and at a title line ("Kent 2017", "Greater Manchester PEEL 2016") after a page that
already had its title. Each page is read with its own context.

The round comes from what the page prints, in order of authority: its title ("Kent 2017", "PEEL: Police
effectiveness, efficiency and legitimacy 2018/19 – Kent Police", "PEEL: police effectiveness 2016 - force press
releases"), the opening sentence ("This is HMIC's third PEEL assessment": data/rounds.toml ``assessment``) and
its dates ("Last updated 03/11/2016", "Published on: 2 March 2017", against each round's ``published`` window).
What they say must agree. The force is the title's, else the one the opening sentence names; a page that names
no force of its own (a press-release page) takes each statement's force from the statement or its section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import model
from .grading import patterns
from ..vocab import GRADE, PILLAR
from .vocab import norm, ordinal, unmark, vocab

_SKIP_RE = re.compile(r"^skip to (?:main )?content$", re.I)
_BULLET_RE = re.compile(r"^(?:[•●▪◦∙·*\-–]|\d{1,2}[.)])\s+")
_NUMBER_RE = re.compile(r"^\d{1,2}\.?$")
_GRADE_LINE_RE = re.compile(rf"^{GRADE}\.?$", re.I)
_MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"), start=1)}
_PILLAR_NAME_RE = re.compile(rf"^(?:(?:police|peel)(?:\s*:)?\s+)?({PILLAR})$", re.I)
_QUESTIONS_FOR_RE = re.compile(rf"^questions for ({PILLAR})$", re.I)
_PILLAR_HEADINGS = {
    "effectiveness": re.compile(r"^how effective(?:ly)? (?:is|does) the force (?:at )?(?:keep\w* people safe and "
                                r"reduc\w* crime|reduce crime and keep people safe)\?$", re.I),
    "efficiency": re.compile(r"^how efficient(?:ly)? (?:is|does) the force\b", re.I),
    "legitimacy": re.compile(r"^how legitimate(?:ly)? (?:is|does) the force\b", re.I),
}
_QUESTION_RE = re.compile(r"^(?:how|to what extent|does|is|are|what)\b.{8,240}\?$", re.I)


@dataclass
class Line:
    """A non-blank line: its 0-based index in the file, its text (normalised) and what it is."""

    index: int
    text: str
    kind: str = "prose"  # heading | grade | not_graded | bullet | lead_in | date | number | prose
    pillar: str | None = None  # heading: the pillar it opens
    questions: tuple[str, ...] = ()  # heading: the questions (of any round) it may open; the round picks one
    observations: bool = False  # heading: the HMI's observations (a part with no grades of its own)


@dataclass
class Page:
    """The lines of one page, and what the page says about itself."""

    lines: list[Line]
    rnd: model.Round | None = None
    force: model.Force | None = None  # the page's own force; None: each statement names its own
    pillar: str | None = None  # --pillar: the pillar of a page that names none
    findings: list[tuple[str, str, int]] = field(default_factory=list)  # (kind, message, line index)

    @property
    def first(self) -> int:
        return self.lines[0].index if self.lines else 0


def classify(index: int, raw: str) -> Line:
    """What a line is, from its text alone (markdown heading and bold marks aside)."""
    t = unmark(norm(raw))
    v = vocab()
    bullet = _BULLET_RE.match(t)
    if bullet:
        return Line(index, t[bullet.end():], "bullet")
    fragment = t[:1].islower() or t.endswith(".")  # "good." wrapped from the line above, not a grade line
    if _GRADE_LINE_RE.match(t) and not fragment:
        return Line(index, t, "grade")
    if v.not_graded.match(t) and not fragment:
        return Line(index, t, "not_graded")
    if _NUMBER_RE.match(t):
        return Line(index, t, "number")
    if len(t) < 60 and any(rx.search(t) for rx in v.dates):
        return Line(index, t, "date")
    if v.observations.match(t):
        return Line(index, t, "heading", observations=True)
    m = _PILLAR_NAME_RE.match(t) or _QUESTIONS_FOR_RE.match(t)
    if m:
        return Line(index, t, "heading", pillar=m.group(1).lower())
    for pillar, rx in _PILLAR_HEADINGS.items():
        if rx.match(t) and t.endswith("?"):
            return Line(index, t, "heading", pillar=pillar)
    if _QUESTION_RE.match(t):
        found = [(p, q) for p, q in topics(t) if p]
        pillars = {p for p, _ in found}
        if len(pillars) == 1:
            return Line(index, t, "heading", pillar=pillars.pop(), questions=tuple(q for _, q in found))
        return Line(index, t, "heading")
    if t.endswith(":"):
        return Line(index, t, "lead_in")
    return Line(index, t)


def topics(text: str) -> list[tuple[str | None, str]]:
    """(pillar, question id) of every question of any round whose phrases ``text`` holds."""
    out = []
    for qid, rxs in vocab().questions.items():
        if any(rx.search(text) for rx in rxs):
            q = model.question_by_id(qid)
            out.append((q.pillar if q else None, qid))
    return out


def split_pages(raw_lines: list[str]) -> list[Page]:
    """The pages of a file: new ones at form feeds, 'Skip to content' lines and title lines after a titled page."""
    pages: list[list[Line]] = [[]]
    titled = False
    for i, raw in enumerate(raw_lines):
        for k, piece in enumerate(raw.split("\f")):
            if k > 0 and pages[-1]:
                pages.append([])
                titled = False
            if not piece.strip():
                continue
            line = classify(i, piece)
            is_title = title(line.text) is not None
            if pages[-1] and (_SKIP_RE.match(line.text) or (is_title and titled)):
                pages.append([])
                titled = False
            titled = titled or is_title
            pages[-1].append(line)
    return [Page(_join_wrapped(p)) for p in pages if p]


_OPEN_END_RE = re.compile(r"[.!?:;\"”’)]$")
# a paragraph joined from wrapped lines is read again as a whole at every line it gains: past this length it
# ends (a page's paragraphs are well under it), so that 100,000 wrapped lines take linear, not quadratic, time
MAX_PARAGRAPH = 5000


def _wrap_width(lines: list[Line]) -> int | None:
    """The width a page's text was wrapped at, or None when it was not: most long lines end within 15% of the
    longest ones (the 90th percentile), and those are at most 120 characters. Text copied from a browser has a
    paragraph per line: its long lines' lengths spread far wider."""
    long = sorted(len(ln.text) for ln in lines if ln.kind in ("prose", "bullet", "lead_in") and len(ln.text) >= 30)
    if len(long) < 4:
        return None
    p90 = long[int(0.9 * (len(long) - 1))]
    near = sum(1 for n in long if 0.85 * p90 <= n <= p90 + 2)
    return p90 if p90 <= 120 and near >= 0.6 * len(long) else None


def _join_wrapped(lines: list[Line]) -> list[Line]:
    """A paragraph printed over several lines (a converter or a browser's "save as text" wraps at ~72 columns)
    as one line, kept at its first line's index: a prose or bullet line that does not end a sentence runs on into
    the next prose line when that starts in lower case, or when the page is wrapped (``_wrap_width``) and the
    line reaches near the width. A title line ("Kent 2017", "PEEL: ... – Kent Police") ends where it ends, and a
    blank line ends a paragraph."""
    width = _wrap_width(lines)
    out: list[Line] = []
    last = -2  # the file line the paragraph so far ends on: a blank line between ends it
    for ln in lines:
        prev = out[-1] if out else None
        runs_on = prev is not None and ln.index == last + 1 and len(prev.text) < MAX_PARAGRAPH and (
            ln.text[:1].islower() and len(prev.text) >= 30 or width is not None and len(prev.text) >= 0.6 * width)
        last = ln.index
        if (runs_on and prev.kind in ("prose", "bullet") and ln.kind in ("prose", "lead_in")  # type: ignore[union-attr]
                and not _OPEN_END_RE.search(prev.text) and title(prev.text) is None  # type: ignore[union-attr]
                and not any(rx.search(prev.text) for rx in patterns("round"))):  # type: ignore[union-attr]
            sep = "" if prev.text.endswith("-") and ln.text[:1].islower() else " "  # type: ignore[union-attr]
            joined = prev.text + sep + ln.text  # type: ignore[union-attr]
            # the whole line is what it is: a question heading wrapped over two lines is a heading
            out[-1] = classify(prev.index, ("• " if prev.kind == "bullet" else "") + joined)  # type: ignore[union-attr]
            continue
        out.append(ln)
    return out


def title(text: str) -> tuple[model.Force | None, model.Round | None] | None:
    """(force, round) a title line names ("Kent 2017", "Kent PEEL 2018", "PEEL: ... 2018/19 - Kent Police")."""
    from .vocab import find_force

    for rx in vocab().titles:
        m = rx.match(text)
        force = find_force(m.group("force")) if m else None
        if force is not None:  # "March 2017" is a date, not a title
            return force, model.find_round(m.group("round"))  # type: ignore[union-attr]
    return None


def _date_round(m: re.Match) -> model.Round | None:
    month = int(m.group("m")) if "m" in m.groupdict() and m.group("m") else _MONTHS.get(
        (m.groupdict().get("month") or "").lower(), 0)
    day, year = int(m.group("d")), int(m.group("y"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    return next((r for r in model.rounds() if r.published_on(iso)), None)


@dataclass
class Evidence:
    """What a page says about its round or its force, and where."""

    what: str  # title | opening sentence | date | --round
    value: object
    line: int


def _rounds(page: Page) -> list[Evidence]:
    v = vocab()
    out: list[Evidence] = []
    head = page.lines[:15]
    for ln in head:
        t = title(ln.text)
        if t and t[1] is not None:
            out.append(Evidence(f"its title '{ln.text}'", t[1], ln.index))
    if not out:
        for ln in head:
            for rx in patterns("round"):
                m = rx.search(ln.text)
                r = model.find_round(m.group("round")) if m else None
                if r is not None:
                    out.append(Evidence(f"its title '{ln.text[:80]}'", r, ln.index))
                    break
            if out:
                break
    for ln in page.lines[:25]:
        m = v.assessment.search(ln.text)
        if m:
            n = ordinal(m.group("n"))
            r = next((r for r in model.rounds() if r.assessment == n), None)
            if r is not None:
                out.append(Evidence(f"'{m.group(0)}'", r, ln.index))
    for k, ln in enumerate(page.lines):
        for rx in v.dates:
            for m in rx.finditer(ln.text):
                r = _date_round(m)
                if r is not None:
                    out.append(Evidence(f"its date '{m.group(0)}'", r, ln.index))
        m = v.dateline.match(ln.text) if k < 15 and len(ln.text) <= 70 else None
        r = _date_round(m) if m else None
        if r is not None:
            out.append(Evidence(f"its dateline '{ln.text}'", r, ln.index))
    return out


def _forces(page: Page) -> list[Evidence]:
    v = vocab()
    out: list[Evidence] = []
    for ln in page.lines[:15]:
        t = title(ln.text)
        if t and t[0] is not None:
            out.append(Evidence(f"its title '{ln.text}'", t[0], ln.index))
    for ln in page.lines[:25]:
        m = v.assessment.search(ln.text)
        if m:
            rest = ln.text[m.end():m.end() + 200]
            from .vocab import forces_in

            named = [f for f, _ in forces_in(rest)]
            if len({f.force_id for f in named}) == 1:
                out.append(Evidence("its opening sentence", named[0], ln.index))
    return out


def _force_of(text: str) -> model.Force | None:
    from .vocab import find_force

    return find_force(text)


def read_context(page: Page, *, rnd: model.Round | None = None, force: model.Force | None = None,
                 pillar: str | None = None) -> None:
    """Fill the page's round and force from what it prints; ``rnd``/``force``/``pillar``: the user's (--round,
    --force, --pillar), used where the page says nothing and checked against what it says (a contradiction is
    a finding naming both, and the page is not read)."""
    page.pillar = pillar
    rounds = _rounds(page)
    found = {e.value.round_id: e for e in rounds}  # type: ignore[attr-defined]
    if len(found) > 1:
        a, b = list(found.values())[:2]
        page.findings.append(("unknown_round", f"the page names two rounds: {a.value.label} ({a.what}, line "  # type: ignore[attr-defined]
                              f"{a.line + 1}) and {b.value.label} ({b.what}, line {b.line + 1}); not read",  # type: ignore[attr-defined]
                              b.line))
    elif found:
        e = next(iter(found.values()))
        if rnd is not None and rnd.round_id != e.value.round_id:  # type: ignore[attr-defined]
            page.findings.append(("unknown_round", f"--round {rnd.label} contradicts the page: {e.what} (line "
                                  f"{e.line + 1}) says {e.value.label}; not read", e.line))  # type: ignore[attr-defined]
        else:
            page.rnd = e.value  # type: ignore[assignment]
    elif rnd is not None:
        page.rnd = rnd
    else:
        page.findings.append(("unknown_round", "the page names no PEEL round (no title such as 'Kent 2017', no "
                              "'This is HMIC's third PEEL assessment', no date such as 'Last updated 03/11/2016'): "
                              "pass --round (e.g. --round 2016)", page.first))
    forces = _forces(page)
    named = {e.value.force_id: e for e in forces}  # type: ignore[attr-defined]
    if len(named) > 1:
        a, b = list(named.values())[:2]
        page.findings.append(("layout", f"the page names two forces as its own: {a.value.name} ({a.what}, line "  # type: ignore[attr-defined]
                              f"{a.line + 1}) and {b.value.name} ({b.what}, line {b.line + 1}); not read",  # type: ignore[attr-defined]
                              b.line))
        page.rnd = None
    elif named:
        e = next(iter(named.values()))
        if force is not None and force.force_id != e.value.force_id:  # type: ignore[attr-defined]
            page.findings.append(("layout", f"--force {force.name} contradicts the page: {e.what} (line {e.line + 1}) "
                                  f"names {e.value.name}; not read", e.line))  # type: ignore[attr-defined]
            page.rnd = None
        else:
            page.force = e.value  # type: ignore[assignment]
    elif force is not None:
        page.force = force
    if pillar is not None:
        said = {ln.pillar for ln in page.lines if ln.kind == "heading" and ln.pillar and ln.question is None}
        if said and said != {pillar}:
            page.findings.append(("layout", f"--pillar {pillar} contradicts the page's headings, which name "
                                  f"{', '.join(sorted(said))}; not read", page.first))
            page.rnd = None
