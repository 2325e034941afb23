"""Statements of grades in prose, read as claims: (force, pillar / question / area, grade, line).

The shapes read (vocabulary in data/rounds.toml ``[prose]``; every form anchored at the start of a clause, so a
sentence that opens with something else, "In 2016, the force was judged to be good", is never read):

* subject first: "<force> is good at <topic>", "The force is judged to be outstanding in <topic>",
  "<force> requires improvement in <topic>", "It is assessed to require improvement for <topic>", with more
  grades or topics joined on ("good at A and at B", "good at A and good at B", "good at preventing and
  investigating crime");
* topic first: "The extent to which the force is effective at keeping people safe and reducing crime is good",
  "its use of resources to manage demand is judged to be good", "The way in which <force> understands demand
  for its services requires improvement", "<force>'s effectiveness at keeping people safe ... is good";
* bullets under a lead-in: "HMIC judged that <force>:" then "is 'good' at <topic>;" (a bullet with no lead-in
  belongs to the force of its section);
* a grade alone on a line under a heading ("How legitimate is the force ...?", a question, "Questions for
  Legitimacy" then a question): the pillar's or question's grade;
* "not yet graded", "To be graded", "Not being graded": no grade (a claim with grade None).

A topic is a pillar, a question or an area only when the round's phrases say so; "keeping people safe and
reducing crime" alone is the pillar of the part of the page it is printed in. A clause that quotes an earlier
round ("last year", "previously", an earlier year) states no grade of this page's round.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import model
from .page import Line, Page
from ..vocab import GRADE, NUM, PILLAR, ROUND
from .vocab import vocab


@dataclass
class Claim:
    """What one statement says: this subject has this grade (None: stated as not graded)."""

    level: str  # pillar | question | area
    key: str  # pillar name, question id or area id
    grade: str | None
    line: int  # 0-based line index
    text: str  # the statement as printed (normalised)
    force: model.Force | None = None  # the force named or meant; None when it cannot be told
    named: str | None = None  # the force's name as printed in the statement, if it names one
    how: str = "sentence"  # sentence | grade_line | bullet | summary
    prior: bool = False  # quotes an earlier round's grade: not this round's
    n: int | None = None  # level "count": how many areas the page says have this grade


# ------------------------------------------------------------------ the grammar, built once from the vocabulary


@dataclass(frozen=True)
class Grammar:
    """The prose grammar's patterns, compiled once from the vocabulary."""

    subject_first: re.Pattern
    topic_first: re.Pattern
    this_form: re.Pattern
    weak: re.Pattern
    more: re.Pattern
    graded_in: re.Pattern
    pillar_lead: re.Pattern
    boundary: re.Pattern
    not_graded_tail: re.Pattern
    split: re.Pattern


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    v = vocab()
    lead = (r"^[\"'(]?(?:(?:however|overall|but|and|so|also|in particular|as a result|therefore|in summary|"
            r"in addition|similarly)(?:\s*,)?\s+)*(?:(?:i am|we are) (?:very |particularly |extremely )?(?:pleased|reassured|"
            r"satisfied|encouraged|glad|delighted|impressed) (?:to (?:see|find|report) )?(?:that\s+)?|(?:our inspection|"
            r"we|hmic(?:frs)?|inspectors) (?:found|judged|concluded|assessed) (?:that\s+)?)?")
    subj = rf"(?P<subj>(?:the\s+)?(?:{v.force})(?:\s+and\s+its\s+workforce)?|{v.subject}(?:\s+and\s+its\s+workforce)?)"
    possessive = (rf"(?:the extent to which|its|their|the (?:force|constabulary)'s|(?:{v.force})'s|the way in which|"
                  rf"the way|how|some aspects of)")
    return Grammar(
        subject_first=re.compile(rf"{lead}{subj}\s+{v.copula}(?P<grade>{GRADE})\b(?:\s+{v.link}(?P<topic>.*))?$",
                                 re.I),
        topic_first=re.compile(rf"{lead}(?P<np>{possessive}\b.{{3,200}}?)(?:\s+(?:is|are|was|were|has been|have been)"
                               rf"(?:\s*:)?\s+{v.copula}(?P<grade>{GRADE})|\s+(?P<grade2>requires?\s+improvement))"
                               rf"(?:\s*overall)?\s*[.!]?$", re.I),
        this_form=re.compile(rf"{lead}{subj}\s+(?:has\s+)?(?:improved|maintained)\s+(?P<np>.{{3,200}}?)\s+and\s+"
                             rf"this\s+is\s+{v.copula}(?P<grade>{GRADE})\s*[.!]?$", re.I),
        weak=re.compile(rf"{lead}{subj}\s+has\s+(?:maintained\s+|developed\s+)?an?\s+(?P<grade>good|outstanding|"
                        rf"adequate|inadequate)\s+(?P<topic>understanding\b.*)$", re.I),
        # the next grade of a list of them: "good at X, adequate at Y and requires improvement in Z"
        more=re.compile(rf"(?:,\s*(?:and\s+)?|(?<!\s)\s+and\s+)(?:(?:is|are)\s+)?(?:also\s+)?"
                        rf"(?:(?:judged|assessed)\s+(?:to be\s+|as\s+)?)?(?P<grade>{GRADE})\s+{v.link}", re.I),
        # "In the PEEL 2017 effectiveness inspection, <force> was graded as good": the clause is about the pillar
        pillar_lead=re.compile(rf"^in\s+(?:the|its|our)\s+(?:PEEL\s+)?(?:{ROUND}\s+)?(?P<pillar>{PILLAR})\s+"
                               rf"(?:inspection|assessment)s?\s*,\s*(?P<rest>\S.*)$", re.I),
        # a grade word before what it is about, left in a clause's topic: the topic is another grade's too
        graded_in=re.compile(rf"\b{GRADE}\s+{v.link}", re.I),
        boundary=re.compile(r"(?:,\s*(?:which|while|whereas|although|but|so|and (?:it|i|we|the|this|its|there|"
                            r"has|is|works|continues|uses|understands|needs|makes|provides|recognises))\b|"
                            r"(?<!\s)\s+(?:but|while|whereas|although|because|so that|however)\b|(?<!\s)\s+and\s+(?:it\s+)?"
                            r"(?!its\b|reduces\b|supports\b)(?:has|have|is|are|was|works?|continues?|uses?|"
                            r"understands?|needs?|makes?|provides?|recognises?|ensures?|seeks?|sets?|keeps?|"
                            r"promotes?|upholds?|takes?|shows?|demonstrates?|manages?|engages?|maintains?)\b|"
                            r"[;:.!?](?:\s|$)|(?<!\s)\s+-\s+)", re.I),
        not_graded_tail=re.compile(rf"{lead}(?P<np>the extent to which\b.{{3,200}}?)(?:\s*:|\s+is(?:\s*:)?)?\s*"
                                   r"(?:not yet graded|not graded|to be graded|not being graded)\s*[.!]?$", re.I),
        split=re.compile(r"(?:,\s*and|,\s*but|;)\s+", re.I),
    )


# ------------------------------------------------------------------ topics


def _cut(topic: str) -> str:
    """The words a grade is about: up to the end of the clause ("good at X, and I welcome ..." -> X)."""
    m = grammar().boundary.search(topic)
    return (topic[:m.start()] if m else topic).strip(" ,")


def find_topics(phrase: str, rnd: model.Round, section: str | None) -> list[tuple[str, str]]:
    """(level, key) of what ``phrase`` names in ``rnd``: a pillar (its phrases win), else the round's questions
    (pillar era) or areas (area era) it names; "keeping people safe and reducing crime" alone: ``section``."""
    v = vocab()
    if rnd.era == "pillars":
        named = _bare_pillars(phrase)
        if named:
            return [("pillar", p) for p in named]
        pillars = [p for p, rxs in v.pillars.items() if any(rx.search(phrase) for rx in rxs)]
        if len(pillars) == 1:
            return [("pillar", pillars[0])]
        if pillars:
            return []
        if section and any(rx.search(phrase) for rx in v.any_pillar):
            return [("pillar", section)]
        asked = {q for _, qs in rnd.pillars for q in qs}
        found = [("question", q) for q, rxs in v.questions.items() if q in asked and any(rx.search(phrase) for rx in rxs)]
        return found
    areas = {a.area_id for a in rnd.areas}
    return [("area", a) for a, rxs in v.areas.items() if a in areas and any(rx.search(phrase) for rx in rxs)]


_BARE_PILLAR_RE = re.compile(rf"^(?:(?:the|its)\s+)?({PILLAR})(?:\s+(?:category|pillar|strand|"
                             r"inspection|assessment|theme))?\b", re.I)
_BARE_JOIN_RE = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+|as well as\s+)", re.I)
_BARE_END_RE = re.compile(r"^\s*(?:$|[.;:,]|by\b|in\s+(?:its|the|this|20\d\d)\b|this year\b|overall\b|"
                          r"categor|pillars?\b)", re.I)


def _bare_pillars(phrase: str) -> list[str]:
    """Pillars named bare ("legitimacy", "effectiveness and efficiency", "the legitimacy category"), when the
    phrase is nothing but them; [] otherwise."""
    out, rest = [], phrase
    while True:
        m = _BARE_PILLAR_RE.match(rest)
        if not m:
            return []
        out.append(m.group(1).lower())
        rest = rest[m.end():]
        j = _BARE_JOIN_RE.match(rest)
        if j and _BARE_PILLAR_RE.match(rest[j.end():]):
            rest = rest[j.end():]
            continue
        return out if _BARE_END_RE.match(rest) else []


def _coordinated(phrase: str) -> bool:
    return bool(re.search(r",|\band\b|\bplus\b|\bas well as\b", phrase, re.I))


# ------------------------------------------------------------------ reading one clause


@dataclass
class Said:
    """A grade a clause states, before its subject is resolved to a force."""

    level: str
    key: str
    grade: str | None
    subject: str | None  # the subject as printed ("Kent Police", "the force", "it"); None: the section's
    text: str
    how: str = "sentence"


def _grade(text: str) -> str | None:
    return model.grade(re.sub(r"^requir(?:e|ing)\b", "requires", text.lower()))


def read_clause(clause: str, rnd: model.Round, section: str | None, weak_ok: bool = False) -> list[Said]:
    """The grades one clause states, and what about."""
    g = grammar()
    out: list[Said] = []
    m = g.not_graded_tail.match(clause)
    if m:
        for level, key in find_topics(m.group("np"), rnd, section):
            if level == "pillar":
                out.append(Said(level, key, None, _subject_in(m.group("np")), clause, "summary"))
        return out
    m = g.topic_first.match(clause)
    if m:
        np = m.group("np")
        for level, key in _topics_of(np, rnd, section):
            out.append(Said(level, key, _grade(m.group("grade") or m.group("grade2")), _subject_in(np), clause,
                            "summary" if np.lower().startswith("the extent") else "sentence"))
        if out:
            return out
    m = g.this_form.match(clause)
    if m:
        for level, key in _topics_of(m.group("np"), rnd, section):
            if level != "pillar":
                out.append(Said(level, key, _grade(m.group("grade")), m.group("subj"), clause))
        return out
    m = g.pillar_lead.match(clause)
    if m:
        pillar, rest = m.group("pillar").lower(), m.group("rest")
        whole = g.subject_first.match(rest.rstrip(".! "))
        if whole and not whole.group("topic"):  # "..., Surrey Police was graded as good."
            return [Said("pillar", pillar, _grade(whole.group("grade")), whole.group("subj"), clause)]
        return read_clause(rest, rnd, pillar, weak_ok)
    m = g.subject_first.match(clause)
    if m and m.group("topic"):
        subject = m.group("subj")
        rest = m.group("topic")
        grade = _grade(m.group("grade"))
        while rest:
            nxt = g.more.search(rest)
            part = rest[:nxt.start()] if nxt else rest
            topic = _cut(part)
            if g.graded_in.search(topic):  # "good at X, adequately at Y": whose grade Y has cannot be told
                return []
            for level, key in _topics_of(topic, rnd, section):
                out.append(Said(level, key, grade, subject, clause))
            if not nxt:
                break
            grade, rest = _grade(nxt.group("grade")), rest[nxt.end():]
        return out
    if weak_ok:
        m = g.weak.match(clause)
        if m:
            for level, key in _topics_of(_cut(m.group("topic")), rnd, section):
                out.append(Said(level, key, _grade(m.group("grade")), m.group("subj"), clause))
    return out


def _topics_of(phrase: str, rnd: model.Round, section: str | None) -> list[tuple[str, str]]:
    found = find_topics(phrase, rnd, section)
    if len(found) > 1 and not _coordinated(phrase):
        return []  # two topics that are not a list: the phrase is about something else
    return found


def _subject_in(np: str) -> str | None:
    """The force a topic-first phrase names ("The extent to which Kent Police is ..."), or None (its own)."""
    from .vocab import forces_in

    found = forces_in(np)
    return found[0][1].group(0) if found else None


# ------------------------------------------------------------------ a page: sections, paragraphs, sentences


_SENTENCE_RE = re.compile(r"(?<=[.!?])[\"')]?\s+(?=[\"'(]?[A-Z0-9])")


@dataclass
class Section:
    """The part of a page a line is in: its pillar or question, and the forces named in it."""

    pillar: str | None = None
    question: str | None = None
    observations: bool = False
    heading_line: int | None = None
    fresh: bool = False  # nothing but dates and numbers since the heading: a grade line belongs to it
    forces: list[tuple[model.Force, int]] | None = None  # forces named since the section began (press pages)


def read_page(page: Page) -> list[Claim]:
    """Every claim the page states, with its line."""
    assert page.rnd is not None
    claims: list[Claim] = []
    sec = Section(pillar=page.pillar, forces=[])
    bullets = _Bullets(page)
    for ln in page.lines:
        if ln.kind != "bullet":
            claims += bullets.end()
        if ln.kind == "heading":
            sec = _next_section(sec, ln, page)
            bullets.lead = None
            continue
        if ln.kind == "date":
            continue
        if ln.kind == "number":  # "3": the next question's number; a grade after it is not the last heading's
            sec.fresh = False
            continue
        if ln.kind in ("grade", "not_graded"):
            if sec.fresh and (sec.question or sec.pillar):
                level, key = ("question", sec.question) if sec.question else ("pillar", sec.pillar)
                grade = _grade(ln.text) if ln.kind == "grade" else None
                claims.append(Claim(level, key, grade, ln.index, ln.text, force=_section_force(sec, page),  # type: ignore[arg-type]
                                    how="grade_line"))
                sec.fresh = False
            continue
        sec.fresh = False
        if page.force is None and ln.kind == "prose" and _headline(ln.text):
            sec.forces = []  # a headline starts the next force's press release
        _note_forces(sec, ln)
        if page.rnd.era == "areas":
            claims.extend(_graded_count(ln, page, sec))
        if ln.kind == "lead_in":
            *before, last = _SENTENCE_RE.split(ln.text)
            for sentence in before:
                claims.extend(_claims_of_sentence(sentence, ln, page, sec))
            bullets.lead_in(Line(ln.index, last, "lead_in"))
            continue
        if ln.kind == "bullet":
            claims += bullets.bullet(ln, sec)
            continue
        bullets.reset()
        for sentence in _SENTENCE_RE.split(ln.text):
            claims.extend(_claims_of_sentence(sentence, ln, page, sec))
    claims += bullets.end()
    # a subject of capitalised words that is no force ("Senior leaders are good at ...") states no force's grade
    return [c for c in claims if c.named is None or c.force is not None]


class _Bullets:
    """The bullets of a page and the lead-in they belong to. A list of bullets ends with a full stop, and after
    "; and": a bullet after that is no item of the list (a lead-in line lost between two forces' lists would
    otherwise give the next force's grades to the first). Under a lead-in that gives their grade, the bullets
    are a ``_GradeList``, used when it ends only if it proves itself."""

    def __init__(self, page: Page):
        self.page = page
        self.lead: Line | None = None  # the lead-in the bullets below belong to
        self.closed = self.last_of_list = False
        self.graded: _GradeList | None = None

    def lead_in(self, lead: Line) -> None:
        self.lead, self.closed, self.last_of_list = lead, False, False
        g = _grade_lead(lead.text)
        self.graded = _GradeList(lead, g[1]) if g else None

    def bullet(self, ln: Line, sec: Section) -> list[Claim]:
        if self.closed:
            return []  # a bullet after a list that ended ("...; and" then "... .") belongs to no lead-in left
        page = self.page
        text = re.sub(r"[;,.]?(?<!\s)\s+(?:and|or)$", "", ln.text).rstrip(";,. ")
        prefix = _lead_subject(self.lead.text) if self.lead is not None else "The force"
        said = [_claim(s, ln, page, sec, how="bullet")
                for s in read_clause(f"{prefix} {text}", page.rnd, _pillar_of(sec))]  # type: ignore[arg-type]
        self.closed = bool(re.search(r"\.$", ln.text)) or self.last_of_list
        self.last_of_list = bool(re.search(r"[;,]\s+and$", ln.text))
        if self.graded is not None:
            self.graded.claims += said
            self.graded.bullets.append(ln.text)
            return []
        return said

    def end(self) -> list[Claim]:
        """A line that is no bullet: the grade list above, if any, ends (its claims, or none and a finding)."""
        out = self.graded.close(self.page) if self.graded is not None else []
        self.graded = None
        return out

    def reset(self) -> None:
        """A paragraph: no lead-in is open any more."""
        self.lead, self.closed, self.last_of_list = None, False, False


def _headline(text: str) -> bool:
    """A line printed as a headline: short, no closing punctuation ("Inspectors satisfied by ... performance")."""
    return len(text) < 160 and not re.search(r"[.!?:;,\"']$", text)


def read_rows(page: Page) -> list[Claim]:
    """An area on a line and its grade on the next, area after area ("Investigating crime" / "Good" /
    "Responding to the public" / "Adequate" ...: a web page's "Our judgments" table copied one cell per line).
    Read only from a run of lines that alternate strictly from an area to a grade line, naming every area the
    round grades (an area it grades for some forces only may be missing; an ungraded one may say so) and none
    twice, with neither an area nor a grade line just before or after it: a grade-grouped list (a grade, then
    its areas) lists at most five grades, so no such run can come from one, even with a line lost."""
    assert page.rnd is not None
    if page.rnd.era != "areas":
        return []
    rnd, lines = page.rnd, page.lines
    universe = _area_universe(rnd)
    out: list[Claim] = []
    k = 0
    while k < len(lines):
        pairs = []
        j = k
        while j + 1 < len(lines) and lines[j + 1].kind in ("grade", "not_graded"):
            area = universe.resolve(lines[j].text) if lines[j].kind in ("prose", "heading") else None
            if area is None:
                break
            pairs.append((area, lines[j], lines[j + 1]))
            j += 2
        if pairs and _whole_table(pairs, rnd) and not _beside_a_list(lines, k, j, universe):
            out += [Claim("area", area, _grade(g.text) if g.kind == "grade" else None, g.index, f"{a.text}: {g.text}",
                          force=page.force, how="row") for area, a, g in pairs]
        k = max(j, k + 1)
    return out


# an area and its grade on one line: "Investigating crime: Good", "Responding to the public – requires improvement"
_ITEM_GRADE_RE = re.compile(rf"^(?P<item>[^:–—]{{3,150}}?)(?:[ \t]*:|[ \t]+[-–—])[ \t]*(?P<grade>{GRADE}|not graded)\.?$", re.I)


def read_item_lines(page: Page) -> list[Claim]:
    """Lines that each name one area of the page's round and then its grade ("Investigating crime: Good",
    "- Responding to the public – requires improvement"): each line says all it means, so a lost line loses only
    its own judgment. The area must be the whole of what comes before the grade."""
    assert page.rnd is not None
    if page.rnd.era != "areas":
        return []
    universe = _area_universe(page.rnd)
    out = []
    for ln in page.lines:
        m = _ITEM_GRADE_RE.match(ln.text) if ln.kind in ("prose", "bullet", "heading") else None
        area = universe.resolve(m.group("item").strip()) if m else None
        if area is not None:
            grade = None if m.group("grade").lower() == "not graded" else _grade(m.group("grade"))  # type: ignore[union-attr]
            out.append(Claim("area", area, grade, ln.index, ln.text, force=page.force, how="row"))
    return out


def _area_universe(rnd: model.Round):
    from .grading import area_universe

    return area_universe(rnd)


def _whole_table(pairs: list, rnd: model.Round) -> bool:
    named = [area for area, _, _ in pairs]
    graded = {a.area_id for a in rnd.areas if a.graded} - set(rnd.optional)
    return len(set(named)) == len(named) and graded <= set(named)


def _beside_a_list(lines: list[Line], k: int, j: int, universe) -> bool:
    """Whether the line before the run or the one after it is a grade line or an area: the run is then part of
    something larger (a grade-grouped list), not a table of its own."""
    def listed(ln: Line) -> bool:
        return ln.kind in ("grade", "not_graded") or (ln.kind in ("prose", "heading") and universe.resolve(ln.text))

    return (k > 0 and listed(lines[k - 1])) or (j < len(lines) and listed(lines[j]))


def read_tables(page: Page, tables: list) -> list[Claim]:
    """Grades in a page's tables (a saved web page's "Our judgments"): a grid whose first row is grades (the
    items graded so listed under each), or rows of an item and its grade. An item is a pillar, question or area
    only when it names exactly one (a grid cell may list several areas: cut by the round's vocabulary)."""
    assert page.rnd is not None
    lo, hi = page.first, page.lines[-1].index if page.lines else -1
    out: list[Claim] = []
    force = page.force
    for t in tables:
        if not (lo <= t.line <= hi) or not t.rows:
            continue
        head = [_grade(c) if model.grade(c) else None for c in t.rows[0]]
        if sum(1 for g in head if g) >= 2:
            for k, row in enumerate(t.rows[1:], start=1):
                for j, cell in enumerate(row):
                    if j < len(head) and head[j] and cell and not re.fullmatch(r"(?i)none|n/?a|-+", cell):
                        for level, key, text in _items(cell, page.rnd):
                            out.append(Claim(level, key, head[j], t.line + k, text, force=force, how="table"))
            continue
        for k, row in enumerate(t.rows):
            graded = [(j, _grade(c)) for j, c in enumerate(row) if c and model.grade(c)]
            others = [c for j, c in enumerate(row) if c and not model.grade(c)]
            if len(graded) == 1 and len(others) == 1:
                found = _items(others[0], page.rnd)
                if len(found) == 1:
                    level, key, text = found[0]
                    out.append(Claim(level, key, graded[0][1], t.line + k, text, force=force, how="table"))
    return out


def _items(cell: str, rnd: model.Round) -> list[tuple[str, str, str]]:
    """(level, key, text) of what a table cell names: one pillar or question, or the round's areas it lists."""
    from .grading import Fragment, area_universe, split_items

    if rnd.era == "areas":
        sp = split_items([Fragment(cell, None)], area_universe(rnd).resolve)  # type: ignore[arg-type]
        if sp.ambiguous or any(area_universe(rnd).resolve(c.text) is None for c in sp.items):
            return []
        return [("area", area_universe(rnd).resolve(c.text), c.text) for c in sp.items]  # type: ignore[misc]
    p = model.pillar(cell)
    if p:
        return [("pillar", p, cell)]
    found = find_topics(cell, rnd, None)
    return [(level, key, cell) for level, key in found] if len(found) == 1 else []


def _pillar_of(sec: Section) -> str | None:
    return None if sec.observations else sec.pillar


def _next_section(sec: Section, ln: Line, page: Page) -> Section:
    if ln.observations:
        return Section(observations=True, heading_line=ln.index, forces=[])
    if ln.questions:
        assert page.rnd is not None
        asked = [q for q in ln.questions if q in page.rnd.questions(ln.pillar or "")]
        question = asked[0] if len(asked) == 1 else None
        return Section(pillar=ln.pillar, question=question, heading_line=ln.index, fresh=question is not None,
                       forces=sec.forces)
    if ln.pillar:
        return Section(pillar=ln.pillar, heading_line=ln.index, fresh=True, forces=sec.forces)
    return Section(pillar=sec.pillar if not sec.observations else None, heading_line=ln.index, forces=[])


def _note_forces(sec: Section, ln: Line) -> None:
    from .vocab import forces_in

    for f, _ in forces_in(ln.text):
        if sec.forces is not None:
            sec.forces.append((f, ln.index))


def _section_force(sec: Section, page: Page) -> model.Force | None:
    if page.force is not None:
        return page.force
    ids = {f.force_id: f for f, _ in sec.forces or []}
    return next(iter(ids.values())) if len(ids) == 1 else None


def _lead_subject(text: str) -> str:
    """What a lead-in makes the subject of its bullets: "HMIC judged that Kent Police:" -> "Kent Police";
    "The force is:" -> "The force is", "The force was graded as:" -> "The force was graded as", "The force was
    graded as good in the following areas:" -> "The force was graded as good in"; anything else -> "The force"."""
    t = text.rstrip(": ")
    m = vocab().lead_in.search(text)
    if m:
        return m.group("force")
    v = vocab()
    m = re.match(rf"^(?:the\s+)?(?:(?:{v.force})|{v.subject})(?:\s+(?:is|was|were|are|has been|have been)"
                 rf"(?:\s+(?:judged|assessed|rated|graded|found))?(?:\s+(?:to be|as))?)?$", t, re.I)
    if m:
        return t
    graded = _grade_lead(t)
    return graded[0] if graded else "The force"


def _grade_lead(text: str) -> tuple[str, int | None] | None:
    """A lead-in that gives its bullets' grade ("The force was graded as good in the following areas:", "...
    good in three areas:"): the words the bullets complete ("The force was graded as good in") and the number
    of items it says (None: it says none); None for any other lead-in."""
    v = vocab()
    m = re.match(rf"^(?P<head>(?:the\s+)?(?:(?:{v.force})|{v.subject})\s+(?:is|was|were|are|has been|have been)"
                 rf"(?:\s+(?:judged|assessed|rated|graded|found))?(?:\s+(?:to be|as))?\s+{GRADE}\s+(?:in|at|for))"
                 rf"(?:\s+(?:the following|these|the|(?P<n>{NUM}))(?:\s+areas?(?:\s+of policing)?)?)?$",
                 text.rstrip(": "), re.I)
    if m is None:
        return None
    return m.group("head"), model.number(m.group("n")) if m.group("n") else None


class _GradeList:
    """The bullets under a lead-in that gives their grade. A lost lead-in would put its items under the grade of
    the list above, so the list is used only when that cannot happen unseen: the lead-in counts its items and
    the bullets match, or the bullets are punctuated as one list ("a;", "b; and", "c.": a list that ended takes
    no more items)."""

    def __init__(self, lead: Line, n: int | None):
        self.lead, self.n = lead, n
        self.claims: list[Claim] = []
        self.bullets: list[str] = []

    def close(self, page: Page) -> list[Claim]:
        ends = [re.search(r"[;,](?:\s+(?:and|or))?$", b) is not None for b in self.bullets[:-1]]
        punctuated = bool(self.bullets) and all(ends) and self.bullets[-1].endswith(".")
        if (self.n is not None and self.n == len(self.bullets)) or punctuated:
            return self.claims
        if self.claims:
            page.findings.append(("layout", f"the list under {self.lead.text!r} takes its grade from that line but "
                                  "neither counts its items nor ends them with a full stop: a lost line would move "
                                  "items to another grade unseen; not used", self.lead.index))
        return []


def _claims_of_sentence(sentence: str, ln: Line, page: Page, sec: Section) -> list[Claim]:
    rnd = page.rnd
    assert rnd is not None
    section = _pillar_of(sec)
    clauses = [c.strip() for c in re.split(r";\s*", sentence) if c.strip()]
    saids: list[list[Said]] = [read_clause(c, rnd, section) for c in clauses]
    judged = sum(1 for c, s in zip(clauses, saids) if s and re.search(r"\b(?:judged|assessed)\b", c, re.I))
    if judged >= 2:
        saids = [s or read_clause(c, rnd, section, weak_ok=True) for c, s in zip(clauses, saids)]
    out: list[Claim] = _counts(sentence, ln, page, sec) if rnd.era == "areas" else []
    for clause, said in zip(clauses, saids):
        # clauses of their own joined by ", and" / ", but": "It has a sound understanding of X, and its use of Y is
        # good"; "The force's understanding of X is outstanding, and it is doing ..."; "The force is good at X, but
        # it requires improvement in Y" (the first part is read whole above when it reads at all)
        parts = grammar().split.split(clause)
        if len(parts) > 1:
            for part in parts[0 if not said else 1:]:
                for extra in read_clause(part.strip(), rnd, section):
                    if not any((x.level, x.key, x.grade) == (extra.level, extra.key, extra.grade) for x in said):
                        said.append(extra)
        prior = _quotes_earlier(clause, rnd)
        for s in said:
            c = _claim(s, ln, page, sec)
            c.prior = prior
            out.append(c)
    return out


def _counts(sentence: str, ln: Line, page: Page, sec: Section) -> list[Claim]:
    """Counts of areas by grade the sentence prints ("good in four areas"), as claims of level "count"."""
    assert page.rnd is not None
    out = []
    found = sorted((m for rx in vocab().counts for m in rx.finditer(sentence)), key=lambda m: m.start())
    for k, m in enumerate(found):
        n, grade = model.number(m.group("n")), _grade(m.group("grade"))
        if n is not None and grade is not None:
            said = Said("count", grade, grade, _subject_in(sentence), sentence)
            c = _claim(said, ln, page, sec)
            c.n, c.prior = n, _quotes_earlier(sentence, page.rnd)
            out.append(c)
            rest = sentence[m.end():found[k + 1].start() if k + 1 < len(found) else len(sentence)]
            out += _counted_list(rest, n, grade, c, ln, page, sec)
    return out


_COLON_LIST_RE = re.compile(r"^[^:;]{0,80}:\s*(?P<list>[^:;]{3,600}?)[\s,.]*$")


def _counted_list(rest: str, n: int, grade: str, count: Claim, ln: Line, page: Page, sec: Section) -> list[Claim]:
    """The areas a count names after a colon ("good in three areas: A, B and C"): their claims when the list is
    cut into exactly ``n`` of the round's areas, none unknown; otherwise none (the count alone, then checked)."""
    from .grading import Fragment, area_universe, split_items

    m = _COLON_LIST_RE.match(rest)
    if m is None or page.rnd is None:
        return []
    universe = area_universe(page.rnd)
    sp = split_items([Fragment(m.group("list"), None)], universe.resolve)  # type: ignore[arg-type]
    areas = [universe.resolve(c.text) for c in sp.items]
    if sp.ambiguous or len(areas) != n or None in areas or len(set(areas)) != n:
        return []
    return [Claim("area", a, grade, ln.index, count.text, force=count.force, named=count.named, how="listed",  # type: ignore[arg-type]
                  prior=count.prior) for a in areas]


def _graded_count(ln: Line, page: Page, sec: Section) -> list[Claim]:
    """ "Our inspection assessed how good <force> is in nine areas of policing. We make graded judgments in eight
    of these nine": how many areas the page grades (a count of level "count", key "*")."""
    from .grading import pattern

    m = pattern("areas_sentence").search(ln.text)
    n = model.number(m.group("graded")) if m else None
    if m is None or n is None:
        return []
    c = _claim(Said("count", "*", None, _subject_in(m.group("force")), ln.text), ln, page, sec)
    c.n = n
    return [c]


def _quotes_earlier(clause: str, rnd: model.Round) -> bool:
    """Whether a clause quotes an earlier round ("last year", "in 2016" before this round)."""
    if vocab().prior.search(clause):
        return True
    start = int(rnd.year[:4])
    return any(int(y) < start for y in re.findall(r"\b(20\d\d)\b", clause))


def _claim(said: Said, ln: Line, page: Page, sec: Section, how: str | None = None) -> Claim:
    from .vocab import find_force

    named = None
    force: model.Force | None
    subject = re.sub(r"(?<!\s)\s+and\s+its\s+workforce$", "", said.subject or "", flags=re.I)
    if subject and re.fullmatch(vocab().subject, subject, re.I) is None:
        named = subject
        force = find_force(named)  # None: capitalised words that are no force ("Senior leaders"): see _claims_of
    else:
        force = _section_force(sec, page)
    return Claim(said.level, said.key, said.grade, ln.index, said.text, force=force, named=named,
                 how=how or said.how)
