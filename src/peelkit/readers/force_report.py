"""PEEL force report (one force, one pillar), from converted text or a PDF's text.

A PEEL force report ("PEEL: Police effectiveness 2016 – An inspection of Leicestershire Police")
prints, in this order:

* an introduction naming the pillar ("What is police effectiveness ...", "HMIC's effectiveness
  inspection assessed all of these areas during 2016") and the force ("This report sets out our
  findings for Leicestershire Police.");
* "Overall judgment" and the pillar grade, then a sentence comparing it with last year's
  ("Our overall judgment is a deterioration on last year, when we judged the force to be good");
* "Overall summary": every question, each followed by its grade. Grades may wrap ("Requires" /
  "improvement") and, where two question boxes sit side by side, pdftotext prints two questions
  and then their two grades;
* one section per question (its heading is the question text), each closing with "Summary of
  findings" + grade and, for most, "Areas for improvement" (a bulleted list).

Round label: the report's title year Y is the year the inspection was carried out; the national
tables call that inspection round Y/Y+1 ("last inspected 2016/17" for an effectiveness inspection
carried out in autumn 2016). Rows carry both: ``year``/``last_inspected`` = the round label and
``report_year`` = Y.

The 2018/19 integrated report ("PEEL: Police effectiveness, efficiency and legitimacy 2018/19 – An
inspection of <force>") grades all three pillars in one summary: each pillar's line ("Effectiveness:
Good") followed by its questions, each with its grade (inline after the question or on the lines
after it). Its rows carry round 2018/19; it prints no trend sentence, so trend stays empty.

Every grade is checked against the round's scale (data/rounds.toml): a five-tier grade (Adequate) in
a four-tier round is an ``off_scale`` finding and the value is left empty. The round comes from the
title year; a year that is no round of rounds.toml is an ``unknown_round`` finding and nothing is read.

Figures are never guessed: a grade placed only by position (two questions, then two grades) is
used only when the question's own "Summary of findings" grade confirms it; any disagreement, or a
value that cannot be placed, is a review row and the value is left empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .. import model
from ..prose.grading import pattern
from ..prose.lines import PAGE_NUMBER_RE, Text
from ..schema import Extraction, Where
from ..vocab import GRADE, GRADE_NAME, PILLAR
from .reader import Reader, Recognition, graded, require_graded

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from ..sources.document import Document
    from .context import Context

KIND = "force_report"
RANK = 20  # asked before every reader of a lower rank (peelkit.readers)
# what recognises the kind: the report's "sets out our findings for <force>" or the 2018/19 report's title
RECOGNISE_RE = re.compile(r"report\s+sets\s+out\s+our\s+findings\s+for\s+[^.]{3,60}?(Police|Constabulary)|"
                          r"PEEL:?\s*Police\s+effectiveness,?\s+efficiency\s+and\s+legitimacy\s+20\d\d\s*/\s*\d\d",
                          re.M | re.I)

# (regex, what it is) searched in the whitespace-normalised text; each gives the pillar and/or year
_TITLE_RE = re.compile(rf"PEEL:?\s*Police\s+(?P<pillar>{PILLAR})(?:\s*\([^)]*\))?\s+(?P<year>20\d\d)", re.I)
_PILLAR_RES = [
    (_TITLE_RE, "title"),
    (re.compile(rf"What is police (?P<pillar>{PILLAR}) and why is it important", re.I), "introduction"),
    (re.compile(rf"(?:HMIC(?:FRS)?[’']s|Our) (?P<pillar>{PILLAR}) inspection assessed all of these "
                rf"areas during (?P<year>20\d\d)", re.I), "introduction"),
]
_FORCE_RES = [
    re.compile(r"report sets out our findings for (?P<force>.{3,60}?(?:Police|Constabulary))", re.I),
    re.compile(r"An inspection of (?P<force>[A-Z][\w&' -]{2,50}?(?:Police|Constabulary))"),
]
_OVERALL_RE = re.compile(r"^Overall judgm?ent\b\s*\d*\s*(?P<rest>.*)$", re.I)
_TREND_RE = re.compile(
    r"Our overall judgm?ent is (?P<cmp>a deterioration on|an improvement on|an improvement from|"
    rf"the same as) last year(?:[’']s)?(?:,? when we judged the force to be (?P<prev>{GRADE}))?", re.I)
_TREND_OF = {"a deterioration on": "Declined", "an improvement on": "Improved", "an improvement from": "Improved",
             "the same as": "Unchanged"}
_JUDGMENT_SENTENCE_RE = re.compile(r"Our overall judgm?ent is", re.I)
_SUMMARY_RE = re.compile(r"^Overall summary$", re.I)
_FINDINGS_RE = re.compile(r"^Summary of findings\b\s*(?P<rest>.*)$", re.I)
_AFI_RE = re.compile(r"^Areas? for improvement$", re.I)
# a bullet, or the "(cid:127)" pdfplumber prints for a bullet glyph it cannot map
_BULLET_RE = re.compile(r"^(?:[•●▪◦\-–]|\(cid:\d+\))\s*(?P<rest>.*)$")
# headings that end a list of areas for improvement
_STOP_RE = re.compile(r"^(Summary of findings|Areas? for improvement|Causes? of concern|Recommendations?|"
                      r"Next steps|Annex\b|Overall summary|Overall judgm?ent)", re.I)


_PILLAR_LINE_RE = re.compile(rf"^(?P<pillar>{PILLAR})\b\s*[:–—-]?\s*(?P<rest>.*)$", re.I)
_INLINE_GRADE_RE = re.compile(rf"^(?P<q>.*?\S)(?:\s*[:–—])?\s+(?P<g>{GRADE_NAME})$")


def _question_start(text: str) -> bool:
    """Whether a line can start a question (the first words of questions.csv's wordings: "How", "Does")."""
    first = text.split(" ", 1)[0].lower()
    return first in _question_words()


@lru_cache(maxsize=1)
def _question_words() -> frozenset[str]:
    words = set()
    for q in model.questions():
        for t in model.question_texts(q.question_id):
            if t.split():
                words.add(t.split()[0].lower())
    return frozenset(words)


def round_label(report_year: int) -> str:
    """The inspection-round label the national tables use for a report whose title year is ``report_year``."""
    return f"{report_year}/{(report_year + 1) % 100:02d}"


@dataclass
class _Q:
    question: model.Question
    text: str  # as printed, whitespace normalised
    index: int  # 0-based line index of the question's first line
    grade: str | None = None
    grade_index: int | None = None
    positional: bool = False  # placed by position among several pending questions
    findings: tuple[str, int] | None = None  # (grade, index) from the section's "Summary of findings"
    section_index: int | None = None
    misplaced: bool = False  # printed under another pillar (integrated report): not used


@dataclass
class _Summary:
    """The 2018/19 integrated report's summary as it is read: each pillar's grade and line, its questions."""

    pillars: dict[str, tuple[str | None, int]] = field(default_factory=dict)
    questions: list[_Q] = field(default_factory=list)
    pending: list[_Q] = field(default_factory=list)  # questions printed before their grades
    current: str | None = None  # the pillar whose questions are being read


class _Parser:
    def __init__(self, lines: list[str], source_file: str, pages: list[int] | None):
        self.ex = Extraction(source_file=source_file, kind=KIND)
        self.doc = Text(lines, pages)  # lines split again at form feeds, each piece keeping its line / page
        self.lines = self.doc.lines
        self.force: model.Force | None = None
        self.pillar: str | None = None
        self.report_year: int | None = None
        self.year: str | None = None
        self.integrated = False  # 2018/19: all three pillars in one report
        self.rnd: model.Round | None = None

    # -- provenance
    def at(self, index: int | None) -> Where:
        return Where() if index is None else self.doc.where(index)

    def where(self, index: int | None) -> dict:
        return self.at(index).cols()

    def review(self, kind: str, message: str, index: int | None = None, **kw) -> None:
        w = self.at(index)
        self.ex.review(kind, message, line=w.line, page=w.page, **kw)

    def ref(self, index: int) -> str:
        w = self.where(index)
        return f"page {w['source_page']}" if w["source_page"] else f"line {w['source_line']}"

    # -- identity: force, pillar, year (from the text, never from the file name)
    def identify(self) -> bool:
        forces: dict[str, tuple[model.Force, int]] = {}
        integrated = pattern("integrated_title").search(self.doc.joined)
        force_res = [*_FORCE_RES, pattern("title_force")] if integrated else _FORCE_RES
        for rx in force_res:
            for m in rx.finditer(self.doc.joined):
                f = model.find_force(m.group("force"))
                idx = self.doc.index_at(m.start("force"))
                if f is None:
                    self.review("layout", f"force {m.group('force')!r} is not one of the 43 forces", idx,
                                found=m.group("force"))
                    continue
                forces.setdefault(f.force_id, (f, idx))
        if len(forces) != 1:
            found = ", ".join(f.name for f, _ in forces.values()) or "none"
            self.review("layout", "cannot tell which force this report is about (expected exactly one force in "
                        "'This report sets out our findings for … Police' or the title)", None,
                        expected="one force", found=found)
            return False
        self.force = next(iter(forces.values()))[0]
        if integrated:
            rnd = model.find_round(integrated.group("round"))
            if rnd is None or rnd.era != "pillars":
                self.review("unknown_round", f"the title names {integrated.group('round')!r}, which is no pillar-era "
                            "round of data/rounds.toml", self.doc.index_at(integrated.start()),
                            found=integrated.group("round"))
                return False
            self.integrated, self.rnd, self.year = True, rnd, rnd.year
            self.report_year = int(rnd.year[:4])
            return True

        pillars: dict[str, int] = {}
        years: dict[int, int] = {}
        for rx, _what in _PILLAR_RES:
            for m in rx.finditer(self.doc.joined):
                idx = self.doc.index_at(m.start())
                pillars.setdefault(m.group("pillar").lower(), idx)
                if "year" in rx.groupindex and m.group("year"):
                    years.setdefault(int(m.group("year")), idx)
        if len(pillars) != 1:
            self.review("layout", "cannot tell which PEEL pillar this report is about (title 'PEEL: Police … "
                        "<year>' or 'What is police … and why is it important?')", None,
                        expected="one pillar", found=", ".join(sorted(pillars)) or "none")
            return False
        self.pillar = next(iter(pillars))
        if len(years) != 1:
            self.review("layout", "cannot tell the inspection year (title 'PEEL: Police … <year>' or '… inspection "
                        "assessed all of these areas during <year>')", None,
                        expected="one year", found=", ".join(str(y) for y in sorted(years)) or "none")
            return False
        self.report_year = next(iter(years))
        self.year = round_label(self.report_year)
        self.rnd = model.round_for_year(self.year)
        if self.rnd is None:
            idx = years[self.report_year]
            self.review("unknown_round", f"the report's year {self.report_year} is no PEEL round of data/rounds.toml "
                        f"(no round carries the year {self.year}); nothing read", idx, pillar=self.pillar,
                        found=str(self.report_year))
            return False
        return True

    def on_scale(self, g: str | None, index: int | None, pillar: str | None, question_id: str | None = None
                 ) -> str | None:
        """``g`` if the round's scale has it (or it is Ungraded); otherwise an ``off_scale`` finding and None."""
        if g is None or g == model.UNGRADED or self.rnd is None or g in self.rnd.grades:
            return g
        self.review("off_scale", f"{g!r} at {self.ref(index) if index is not None else 'the report'} is not on "
                    f"{self.rnd.label}'s {self.rnd.scale}-tier scale ({', '.join(self.rnd.grades)}); grade left "
                    "empty", index, pillar=pillar, question_id=question_id,
                    expected=" / ".join(self.rnd.grades), found=g)
        return None

    # -- small helpers
    def next_nonblank(self, i: int, limit: int = 6) -> int | None:
        for j in range(i, min(i + limit, len(self.lines))):
            if self.lines[j]:
                return j
        return None

    def grade_at(self, i: int) -> tuple[str | None, int]:
        """(grade, lines used) for a grade printed at line i, possibly wrapped over two lines."""
        g = model.grade(self.lines[i])
        if g:
            return g, 1
        j = self.next_nonblank(i + 1, 2)
        if j is not None and self.lines[i] and not self.lines[i].endswith((".", "?")):
            g = model.grade(self.lines[i] + " " + self.lines[j])
            if g:
                return g, j - i + 1
        return None, 0

    def question_at(self, i: int, most: int = 5) -> tuple[model.Question | None, str, int, list[tuple[str, int]]]:
        """(question, text as printed, lines used, grades printed at the end of its lines) for a question
        starting at line i and wrapped over up to ``most`` lines."""
        parts: list[str] = []
        inline: list[tuple[str, int]] = []
        j = i
        while j < len(self.lines) and len(parts) < most:
            t = self.lines[j]
            if not t:
                if parts:
                    break
                j += 1
                continue
            g_line = model.grade(t)
            if parts and g_line and not parts[-1].endswith("?"):
                # the grade of a table row printed between its question's wrapped lines (centred in its cell)
                inline.append((g_line, j))
                j += 1
                continue
            # a grade printed beside the question's line (side-by-side columns in a PDF's text)
            m = _INLINE_GRADE_RE.match(t)
            if m and not model.grade(t) and not model.find_question(" ".join(parts + [t])):
                parts.append(m.group("q"))
                inline.append((model.grade(m.group("g")), j))  # type: ignore[arg-type]
            else:
                parts.append(t)
            text = " ".join(parts)
            q = model.find_question(text)
            if q:
                return q, model.clean_space(text), j - i + 1, inline
            if text.endswith("?"):
                break
            j += 1
        return None, "", 0, []

    # -- the pillar judgment
    def overall(self) -> tuple[str | None, int | None]:
        for i, t in enumerate(self.lines):
            m = _OVERALL_RE.match(t)
            if not m:
                continue
            rest = m.group("rest")
            if rest:
                g = model.grade(rest)
                if g:
                    return g, i
            j = self.next_nonblank(i + 1)
            if j is not None:
                g, _ = self.grade_at(j)
                if g:
                    return g, j
            self.review("unexpected_value", "'Overall judgment' is not followed by a grade", i, pillar=self.pillar,
                        expected="a grade", found=self.lines[j] if j is not None else "")
            return None, i
        self.review("layout", "no 'Overall judgment' found; the pillar judgment is not extracted", None,
                    pillar=self.pillar)
        return None, None

    def change(self, grade: str | None, gi: int | None) -> tuple[str | None, str | None]:
        m = _TREND_RE.search(self.doc.joined)
        if not m:
            s = _JUDGMENT_SENTENCE_RE.search(self.doc.joined)
            if s:
                idx = self.doc.index_at(s.start())
                self.review("unparsed_sentence", "the sentence comparing the overall judgment with last year's "
                            "could not be read; trend left empty", idx, pillar=self.pillar,
                            found=self.doc.joined[s.start():s.start() + 120])
            else:
                self.review("unparsed_sentence", "no sentence comparing the overall judgment with last year's "
                            "('Our overall judgment is … last year'); trend left empty", gi, pillar=self.pillar)
            return None, None
        idx = self.doc.index_at(m.start())
        trend = _TREND_OF[m.group("cmp").lower()]
        prev = model.grade(m.group("prev")) if m.group("prev") else None
        if trend == "Unchanged" and prev is None:
            prev = grade  # "the same as last year": last year's grade is this year's
        if grade and prev and grade != model.UNGRADED and prev != model.UNGRADED:
            rank = model.grade_rank(model.scale_of([grade, prev]))
            implied = ("Improved" if rank[grade] > rank[prev] else "Declined" if rank[grade] < rank[prev]
                       else "Unchanged")
            if implied != trend:
                self.review("unexpected_value", f"the text says {m.group('cmp')!r} last year but the grades "
                            f"{prev} -> {grade} mean {implied}; trend and previous grade left empty", idx,
                            pillar=self.pillar, expected=implied, found=trend)
                return None, None
        return trend, prev

    # -- the Overall summary: questions and grades
    def summary(self) -> tuple[list[_Q], int]:
        start = next((i for i, t in enumerate(self.lines) if _SUMMARY_RE.match(t)), None)
        if start is None:
            self.review("layout", "no 'Overall summary' found; question judgments are not extracted", None,
                        pillar=self.pillar)
            return [], 0
        qs: list[_Q] = []
        pending: list[_Q] = []
        i = start + 1
        while i < len(self.lines):
            t = self.lines[i]
            if not t:
                i += 1
                continue
            if _question_start(t):
                q, text, used, inline = self.question_at(i)
                if q is None:
                    self.review("unrecognised_line", "question in the Overall summary is not a known question",
                                i, pillar=self.pillar, found=t)
                    break
                item = _Q(q, text, i)
                qs.append(item)
                pending.append(item)
                for g, gi in inline:
                    self._place(pending, g, gi)
                i += used
                continue
            g, used = self.grade_at(i)
            if g:
                self._place(pending, g, i)
                i += used
                continue
            break  # the summary's prose begins
        end = i
        if pending:
            for item in pending:
                self.review("count_mismatch", f"no grade for {item.question.question_id!r} in the Overall summary",
                            item.index, pillar=self.pillar, question_id=item.question.question_id,
                            expected="a grade", found="none")
        return qs, end

    def _place(self, pending: list[_Q], g: str, gi: int) -> None:
        if not pending:
            self.review("unexpected_value", "grade in the Overall summary with no question before it", gi,
                        pillar=self.pillar, found=g)
            return
        # several questions printed before their grades (side-by-side boxes): placed by position
        positional = len(pending) > 1
        item = pending.pop(0)
        item.grade, item.grade_index, item.positional = g, gi, positional or item.positional
        if positional:
            pending[0].positional = True

    # -- sections: "Summary of findings" grades and "Areas for improvement"
    def sections(self, qs: list[_Q], start: int) -> None:
        by_id = {q.question.question_id: q for q in qs}
        current: _Q | None = None
        current_id: str | None = None
        counts: dict[str | None, int] = {}
        i = start
        while i < len(self.lines):
            t = self.lines[i]
            if _question_start(t):
                q, _, used, _ = self.question_at(i, most=4)
                if q is not None and q.pillar == self.pillar:
                    current_id = q.question_id
                    current = by_id.get(current_id)
                    if current is not None and current.section_index is None:
                        current.section_index = i
                    i += used
                    continue
            m = _FINDINGS_RE.match(t)
            if m:
                gi = i
                g = model.grade(m.group("rest")) if m.group("rest") else None
                if not g:
                    j = self.next_nonblank(i + 1)
                    if j is not None:
                        g, _ = self.grade_at(j)
                        gi = j
                if current is not None and g:
                    current.findings = (g, gi)
                elif g:
                    self.review("unexpected_value", "'Summary of findings' outside any question section", gi,
                                pillar=self.pillar, found=g)
                i += 1
                continue
            if _AFI_RE.match(t):
                i = self.areas(i + 1, current_id, counts)
                continue
            i += 1

    def areas(self, i: int, question_id: str | None, counts: dict[str | None, int]) -> int:
        """Read the bulleted list starting at line i; returns the index after it."""
        if question_id is None:
            self.review("layout", "'Areas for improvement' outside any question section; question left empty",
                        i - 1, pillar=self.pillar)
        items: list[tuple[list[str], int]] = []
        cur: list[str] | None = None
        n = len(self.lines)
        while i < n:
            t = self.lines[i]
            if not t:
                if cur:
                    cur = None  # a blank line ends an item
                i += 1
                continue
            if _STOP_RE.match(t) or self._is_question_heading(i):
                break
            if PAGE_NUMBER_RE.match(t):
                i += 1  # a page number (a PDF's text): never part of an item
                continue
            b = _BULLET_RE.match(t)
            if b:
                cur = []
                items.append((cur, i))
                if b.group("rest"):
                    cur.append(b.group("rest"))
                i += 1
                continue
            if cur is None:
                if items and items[-1][0] and not items[-1][0][-1].endswith((".", ";")):
                    items[-1][0].append(t)  # a wrapped item interrupted by a blank line
                    cur = items[-1][0]
                    i += 1
                    continue
                break  # prose after the list
            if not cur:
                items[-1] = (cur, i)  # the item's text starts on this line
            cur.append(t)
            i += 1
        for parts, idx in items:
            text = model.clean_space(" ".join(parts))
            if not text:
                self.review("layout", "empty item in 'Areas for improvement'", idx, pillar=self.pillar,
                            question_id=question_id)
                continue
            counts[question_id] = counts.get(question_id, 0) + 1
            assert self.force is not None and self.pillar is not None and self.year is not None
            self.ex.add("areas_for_improvement", {
                "year": self.year, "force": self.force.name, "force_id": self.force.force_id,
                "pillar": self.pillar, "question_id": question_id, "number": counts[question_id],
                "text": text, "report_year": str(self.report_year), "source_file": self.ex.source_file,
                **self.where(idx)})
            if not text.endswith((".", "!", ";")):
                self.review("layout", "area for improvement does not end a sentence; it may be cut by a page "
                            "break", idx, pillar=self.pillar, question_id=question_id, found=text[-60:])
        return i

    def _is_question_heading(self, i: int) -> bool:
        if not _question_start(self.lines[i]):
            return False
        q, _, _, _ = self.question_at(i, most=4)
        return q is not None

    # -- the whole report
    def run(self) -> Extraction:
        if not self.identify():
            return self.ex
        if self.integrated:
            return self.run_integrated()
        assert self.force is not None and self.pillar is not None and self.year is not None
        self.ex.meta.update({"year": self.year, "forces": 1, "report_year": str(self.report_year),
                             "pillar": self.pillar, "force_id": self.force.force_id})
        grade, gi = self.overall()
        grade = self.on_scale(grade, gi, self.pillar)
        trend, prev = self.change(grade, gi)
        self.ex.add("pillars", {
            "year": self.year, "force": self.force.name, "force_id": self.force.force_id, "pillar": self.pillar,
            "grade": grade, "trend": trend, "previous_grade": prev, "report_year": str(self.report_year),
            "source_file": self.ex.source_file, **self.where(gi)})
        qs, end = self.summary()
        for q in qs:
            if q.question.pillar != self.pillar:
                self.review("unexpected_value", f"question {q.question.question_id!r} belongs to "
                            f"{q.question.pillar}, not {self.pillar}; not used", q.index, pillar=self.pillar,
                            question_id=q.question.question_id)
        qs = [q for q in qs if q.question.pillar == self.pillar]
        self.sections(qs, end)
        seen: set[str] = set()
        for q in qs:
            qid = q.question.question_id
            if qid in seen:
                self.review("duplicate_row", f"{qid!r} appears twice in the Overall summary; second not used",
                            q.index, pillar=self.pillar, question_id=qid)
                continue
            seen.add(qid)
            value, vi = q.grade, q.grade_index
            if q.findings and value and q.findings[0] != value:
                self.review("unexpected_value", f"the Overall summary grades {qid!r} {value} ({self.ref(vi)}) "
                            f"but its 'Summary of findings' says {q.findings[0]} ({self.ref(q.findings[1])}); "
                            "grade left empty", vi, pillar=self.pillar, question_id=qid,
                            expected=q.findings[0], found=value)
                value = None
            elif q.positional and value and not q.findings:
                self.review("layout", f"the grade for {qid!r} is placed only by position (several questions "
                            "printed before their grades) and no 'Summary of findings' confirms it; grade left "
                            "empty", vi, pillar=self.pillar, question_id=qid, found=value)
                value = None
            elif not value and q.findings:
                # the summary could not place it; the section's own judgment is printed and unambiguous
                value, vi = q.findings
            value = self.on_scale(value, vi, self.pillar, qid)
            self.ex.add("questions", {
                "year": self.year, "force": self.force.name, "force_id": self.force.force_id,
                "pillar": self.pillar, "question_id": qid, "question": q.text, "grade": value,
                "last_inspected": self.year, "report_year": str(self.report_year),
                "source_file": self.ex.source_file, **self.where(vi if vi is not None else q.index)})
        return self.ex


    # -- the 2018/19 integrated report: three pillars and their questions in one summary
    def run_integrated(self) -> Extraction:
        assert self.force is not None and self.year is not None
        self.ex.meta.update({"year": self.year, "forces": 1, "report_year": str(self.report_year),
                             "pillars": list(model.PILLARS), "force_id": self.force.force_id})
        start = next((i for i, t in enumerate(self.lines) if _SUMMARY_RE.match(t) or _PILLAR_LINE_RE.match(t)
                      and self._pillar_grade(i)[0]), None)
        if start is None:
            self.review("layout", "no summary of judgments ('Effectiveness: Good' and its questions) found; nothing "
                        "read", None)
            return self.ex
        sm = _Summary()
        i = start + (0 if _PILLAR_LINE_RE.match(self.lines[start]) else 1)
        while i < len(self.lines):
            used = self._summary_line(sm, i)
            if used is None:
                break  # the summary's prose begins
            i += used
        self._unplaced(sm.pending)
        self._integrated_pillars(sm.pillars)
        self._integrated_questions(sm.questions, sm.pillars)
        return self.ex

    def _summary_line(self, sm: _Summary, i: int) -> int | None:
        """Lines the summary's line ``i`` takes (a pillar's grade, a question, a grade), None where it ends."""
        t = self.lines[i]
        if not t:
            return 1
        m = _PILLAR_LINE_RE.match(t)
        if m:
            g, used = self._pillar_grade(i)
            if g is None and m.group("rest"):
                return None  # prose that starts with a pillar's name
            self._unplaced(sm.pending)
            sm.current = m.group("pillar").lower()
            if sm.current in sm.pillars:
                self.review("duplicate_row", f"{sm.current} is graded twice in the summary; the second "
                            f"({self.ref(i)}) is not used", i, pillar=sm.current)
            else:
                sm.pillars[sm.current] = (g, i if g is None else i + used - 1)
            return max(used, 1)
        if _question_start(t):
            return self._summary_question(sm, i)
        g, used = self.grade_at(i)
        if g:
            self._place(sm.pending, g, i)
            return used
        return None

    def _summary_question(self, sm: _Summary, i: int) -> int:
        q, text, used, inline = self.question_at(i)
        if q is None:
            self.review("unrecognised_line", "question in the summary is not a known question", i,
                        pillar=sm.current, found=self.lines[i])
            return 1
        item = _Q(q, text, i)
        if sm.current is None or q.pillar != sm.current:
            self.review("unexpected_value", f"question {q.question_id!r} ({self.ref(i)}) is printed under "
                        f"{sm.current or 'no pillar'}, but belongs to {q.pillar}; not used", i, pillar=q.pillar,
                        question_id=q.question_id)
            item.misplaced = True
        sm.questions.append(item)
        sm.pending.append(item)
        for g, gi in inline:
            self._place(sm.pending, g, gi)
        return used

    def _integrated_pillars(self, pillars: dict[str, tuple[str | None, int]]) -> None:
        assert self.force is not None
        for p in model.PILLARS:
            if p not in pillars:
                self.review("layout", f"no {p} grade in the summary", None, pillar=p)
                continue
            g, gi = pillars[p]
            self.ex.add("pillars", {
                "year": self.year, "force": self.force.name, "force_id": self.force.force_id, "pillar": p,
                "grade": self.on_scale(g, gi, p), "trend": None, "previous_grade": None,
                "report_year": str(self.report_year), "source_file": self.ex.source_file, **self.where(gi)})

    def _integrated_questions(self, qs: list[_Q], pillars: dict[str, tuple[str | None, int]]) -> None:
        assert self.force is not None
        seen: set[str] = set()
        for q in qs:
            qid, p = q.question.question_id, q.question.pillar
            if q.misplaced or p not in pillars:
                continue
            if qid in seen:
                self.review("duplicate_row", f"{qid!r} appears twice in the summary; second not used", q.index,
                            pillar=p, question_id=qid)
                continue
            seen.add(qid)
            value, vi = q.grade, q.grade_index
            if q.positional and value:
                self.review("layout", f"the grade for {qid!r} is placed only by position (several questions printed "
                            "before their grades); grade left empty", vi, pillar=p, question_id=qid, found=value)
                value = None
            self.ex.add("questions", {
                "year": self.year, "force": self.force.name, "force_id": self.force.force_id, "pillar": p,
                "question_id": qid, "question": q.text, "grade": self.on_scale(value, vi, p, qid),
                "last_inspected": None, "report_year": str(self.report_year), "source_file": self.ex.source_file,
                **self.where(vi if vi is not None else q.index)})

    def _pillar_grade(self, i: int) -> tuple[str | None, int]:
        """(grade, lines used) of a pillar line: "Effectiveness: Good", or "Effectiveness" and the grade below."""
        m = _PILLAR_LINE_RE.match(self.lines[i])
        if not m:
            return None, 0
        rest = m.group("rest").strip(" :–—-")
        if rest:
            return model.grade(rest), 1
        j = self.next_nonblank(i + 1, 3)
        if j is None:
            return None, 1
        g, used = self.grade_at(j)
        return (g, j - i + used) if g else (None, 1)

    def _unplaced(self, pending: list[_Q]) -> None:
        for item in pending:
            self.review("count_mismatch", f"no grade for {item.question.question_id!r} in the summary", item.index,
                        pillar=item.question.pillar, question_id=item.question.question_id, expected="a grade",
                        found="none")
        pending.clear()


def parse(lines: list[str], source_file: str, pages: list[int] | None = None) -> Extraction:
    """Parse a PEEL force report. ``pages[i]`` is the 1-based page of ``lines[i]`` for PDF sources."""
    return _Parser(lines, source_file, pages).run()


class ForceReport(Reader):
    """Recognised by "This report sets out our findings for <force>" or the 2018/19 title. A reading without a
    graded judgment lets the prose reader try (a force's web page prints the title and states its grades in
    prose)."""

    kind = KIND
    description = "PEEL force report (2014–2017: one force, one pillar; 2018/19: all three pillars)"
    rank = RANK

    def recognise(self, doc: Document, ctx: Context) -> Recognition | None:
        m = RECOGNISE_RE.search(doc.text)
        return Recognition(KIND, f"the words {m.group(0)[:60]!r}") if m else None

    def read(self, doc: Document, ctx: Context) -> Extraction:
        return parse(doc.lines, doc.name, doc.pages)

    def yielded(self, ex: Extraction) -> bool:
        return graded(ex)

    def check(self, ex: Extraction, source: str) -> None:
        require_graded(ex, source, self.description)


READER = ForceReport()
