"""A force's catalogue of HMIC/HMICFRS inspection reports (e.g. the PCC's web page), from its text.

Recognised by its heading "HMIC and HMICFRS Reports" on a line of its own.

The page lists reports under year headings ("2024 HMICFRS Reports", "2012 and 2013 HMIC Reports"),
each followed by a column header ("Date ReportResponse", "Date of / Report / ReportResponse", ...).
Every entry is a date line ("10th October 2024"), the title, summary paragraphs and, when the PCC
published a response, a link line ("Deputy Commissioner's Response", "Lord Willy Bach's Response",
"Response").

* A date is read only when it is a real calendar date; an entry whose date line cannot be read
  ("D1th July 2023") or that has no date line is kept with an empty date and an ``undated`` review row.
* A date whose year is not the year of its heading is a review row (the date is kept as printed).
* A table with no year heading of its own (a second column header under the same heading) is not
  checked against the previous heading; one ``layout`` review row says so.
* The report type comes from a small table of title words (``TYPE_RULES``), first match wins.
* The catalogue's force is the one force named in the listing's titles (or in "... Police" phrases of
  the page when no title names one); if that is not exactly one force, the force is left empty.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .. import model
from ..schema import Extraction, Where
from .reader import Reader, Recognition

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from ..sources.document import Document
    from .context import Context

KIND = "report_catalogue"
RANK = 40  # asked before every reader of a lower rank (peelkit.readers)
# what recognises the kind: the listing's heading on a line of its own
RECOGNISE_RE = re.compile(r"^[ \t]*HMIC and HMICFRS Reports[ \t]*$", re.M | re.I)

MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"], start=1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"

# report type by title (or summary) words: (type, field, regex). First match wins; default "other".
TYPE_RULES: list[tuple[str, str, str]] = [
    ("spotlight", "title", r"\bspotlight\b"),
    ("peel", "title", r"^\s*PEEL\b"),
    ("joint", "title", r"\bjoint\b|\bjointly\b"),
    ("other", "title", r"\bState of Policing\b|\bsuper[- ]?complaint\b"),
    ("joint", "summary", r"\bcarried out jointly\b"),
    ("force", "title", r"{force}"),  # the title names a force (e.g. "Leicestershire Value for Money Profile")
    ("force", "summary", r"\b(?:inspection|inspected|examined [\w ]{1,30}) (?:of|in|into) {force}\b"),
    ("thematic", "title", r"\binspections?\b|\breview\b|\breport\b|\bprogress\b|\bpolice response\b|"
                          r"\bStrategic Policing Requirement\b|\bstop and search\b|\bcrime data integrity\b|"
                          r"\bcrime-recording\b|\bpolice\b|\bpolicing\b"),
]
TYPES = ("peel", "spotlight", "thematic", "joint", "force", "other")

_HEADING_RE = re.compile(r"^(?P<y1>20\d\d)(?:\s*(?:and|&|-|–)\s*(?P<y2>20\d\d))?\s+HMIC(?:FRS)?"
                         r"(?:\s+and\s+HMICFRS)?\s+Reports$", re.I)
_COLHEAD_RE = re.compile(r"^Date(?:\s*of)?(?:\s*Report)?(?:\s*Response)?\s*$", re.I)  # linear: no \s*\s*
_COLHEAD_REST_RE = re.compile(r"^(?:Report)?\s*(?:Response)?$", re.I)
_RESPONSE_RE = re.compile(r"^(?:[\w .’'-]{0,60}[’']s\s+)?Response$", re.I)
_DATE_PREFIX_RE = re.compile(r"^(?:Date(?:\s+of\s+(?:Report|publication))?|Published)\s*[:\-–]?\s*", re.I)
_DATE_RES = [
    # 10th October 2024, 10 October 2024, 10th Oct. 2024, 10th October, 2024
    re.compile(rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>(?:19|20)\d\d)$", re.I),
    # October 10th, 2024
    re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)$", re.I),
    # 2024-10-10
    re.compile(r"^(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)$"),
    # 10/10/2024 or 10.10.2024 (UK day first)
    re.compile(r"^(?P<day>\d{1,2})[/.](?P<mnum>\d{1,2})[/.](?P<year>(?:19|20)\d\d)$"),
]
# looks like a date line but is not a readable date: "D1th July 2023", "October 2024", "?? March 2015"
_DATELIKE_RE = re.compile(r"^\S{0,5}\s*(?:January|February|March|April|May|June|July|August|September|"
                          r"October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?,?\s+"
                          r"(?:19|20)\d\d$", re.I)


def parse_date(text: str) -> dt.date | None:
    """A calendar date from '10th October 2024' and similar; None when it is not one."""
    t = _DATE_PREFIX_RE.sub("", model.clean_space(text)) if re.match(r"^(Date|Published)", text.strip(), re.I) \
        else model.clean_space(text)
    for rx in _DATE_RES:
        m = rx.match(t)
        if not m:
            continue
        gd = m.groupdict()
        month = int(gd["mnum"]) if gd.get("mnum") else MONTHS.get(gd["month"].lower().rstrip("."))
        if not month:
            return None
        try:
            return dt.date(int(gd["year"]), month, int(gd["day"]))
        except ValueError:
            return None
    return None


def _is_datelike(text: str) -> bool:
    t = _DATE_PREFIX_RE.sub("", text) if re.match(r"^(Date|Published)\b", text, re.I) else text
    return bool(_DATELIKE_RE.match(t)) or any(rx.match(t) for rx in _DATE_RES)


def _force_pattern(force: model.Force) -> str:
    names = sorted({force.name, *(a for a in force.aliases if len(a) > 3)}, key=len, reverse=True)
    return r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b"


def report_type(title: str, summary: str = "", force: model.Force | None = None) -> str:
    """The type of a report from its title (and, for force inspections, its summary): TYPE_RULES."""
    for type_, where, rx in TYPE_RULES:
        if "{force}" in rx:
            if force is None:
                continue
            rx = rx.replace("{force}", _force_pattern(force))
        if re.search(rx, title if where == "title" else summary, re.I):
            return type_
    return "other"


@dataclass
class _Entry:
    index: int  # 0-based line of the date line (or of the title when undated)
    date: dt.date | None
    date_text: str
    title: str = ""
    title_index: int | None = None
    summary: list[str] = field(default_factory=list)
    response: bool = False
    heading: tuple[int, ...] | None = None  # the years of its heading
    heading_index: int | None = None


def _force_of(entries: list[_Entry], lines: list[str]) -> model.Force | None:
    """The one force named in the titles; else the one force named as '<name> Police/Constabulary' on the page."""
    def named(texts: list[str]) -> set[str]:
        out = set()
        for f in model.forces():
            rx = _force_pattern(f)
            if any(re.search(rx, t) for t in texts):
                out.add(f.force_id)
        return out

    ids = named([e.title for e in entries])
    if len(ids) != 1:
        ids = set()
        for m in re.finditer(r"\b([A-Z][\w&' -]{2,40}?) (?:Police|Constabulary)\b", " ".join(lines)):
            f = model.find_force(m.group(1))
            if f:
                ids.add(f.force_id)
    if len(ids) == 1:
        return model.force_by_id(next(iter(ids)))
    return None


def parse(lines: list[str], source_file: str, pages: list[int] | None = None) -> Extraction:
    """Parse a report catalogue. ``pages[i]`` is the 1-based page of ``lines[i]`` for PDF sources."""
    ex = Extraction(source_file=source_file, kind=KIND)
    text = [model.clean_space(ln) for ln in lines]
    at = _At(ex, pages)
    listing = _Listing(at)
    for i, t in enumerate(text):
        if t:
            listing.line(i, t)
    entries = listing.entries
    force = _force_of(entries, text)
    for e in entries:
        _report(ex, at, e, force)
    if not entries:
        at.review("layout", "no dated reports found in the catalogue", None)
    dated = [e.date for e in entries if e.date]
    ex.meta.update({"forces": 1 if force else 0, "force_id": force.force_id if force else None,
                    "reports": len(entries),
                    "year": f"{min(dated).year}-{max(dated).year}" if dated else None})
    return ex


class _At:
    """Where a line of the catalogue is (its line, or a PDF's page), and its findings."""

    def __init__(self, ex: Extraction, pages: list[int] | None):
        self.ex, self.pages = ex, pages

    def at(self, i: int | None) -> Where:
        if i is None:
            return Where()
        if self.pages is not None:
            return Where(page=self.pages[i] if i < len(self.pages) else None)
        return Where(line=i + 1)

    def where(self, i: int | None) -> dict:
        return self.at(i).cols()

    def review(self, kind: str, message: str, i: int | None, **kw) -> None:
        w = self.at(i)
        self.ex.review(kind, message, line=w.line, page=w.page, **kw)


class _Listing:
    """The catalogue's lines, one at a time: year headings, column headers, and entries (a date line, the
    title, summary paragraphs, a response link)."""

    def __init__(self, at: _At):
        self.at = at
        self.entries: list[_Entry] = []
        self.heading: tuple[int, ...] | None = None
        self.heading_index: int | None = None
        self.heading_used = False  # the heading's table has started (a second column header gets no heading)
        self.in_header = False
        self.started = False
        self.cur: _Entry | None = None

    def line(self, i: int, t: str) -> None:
        if self._heading(i, t):
            return
        if self.in_header and _COLHEAD_REST_RE.match(t):
            return  # "Report", "ReportResponse": the rest of a wrapped column header
        if not self.started:
            return  # the page's introduction
        d = parse_date(t)
        if d is not None or _is_datelike(t):
            self.in_header = False
            self.heading_used = True
            self.cur = _Entry(i, d, t, heading=self.heading, heading_index=self.heading_index)
            self.entries.append(self.cur)
            return
        cur = self.cur
        if cur is not None and cur.title and _RESPONSE_RE.match(t):
            cur.response = True
            return
        self.in_header = False
        self.heading_used = True
        if cur is None or cur.response:  # a title with no date line before it
            cur = self.cur = _Entry(i, None, "", heading=self.heading, heading_index=self.heading_index)
            self.entries.append(cur)
        if not cur.title:
            cur.title, cur.title_index = t, i
        else:
            cur.summary.append(t)

    def _heading(self, i: int, t: str) -> bool:
        """A year heading ("2024 HMICFRS Reports") or a column header ("Date ReportResponse") starts a table; a
        second column header under one heading starts a table with no year heading of its own."""
        m = _HEADING_RE.match(t)
        if m:
            y1 = int(m.group("y1"))
            y2 = int(m.group("y2")) if m.group("y2") else y1
            self.heading, self.heading_index, self.heading_used = tuple(range(y1, y2 + 1)), i, False
        elif _COLHEAD_RE.match(t) and not parse_date(t):
            if self.heading_used:
                self.at.review("layout", f"a new table (column header {t!r}) with no year heading of its own; its "
                               "dates are not checked against a heading", i, found=t)
                self.heading, self.heading_index = None, None
            self.heading_used = True
        else:
            return False
        self.cur, self.in_header, self.started = None, True, True
        return True


def _report(ex: Extraction, at: _At, e: _Entry, force: model.Force | None) -> None:
    """One entry's reports row, with a finding for a date that cannot be read or does not fit its heading."""
    if not e.title:
        at.review("layout", f"date line {e.date_text!r} with no report title after it; not used", e.index,
                  found=e.date_text)
        return
    summary = model.clean_space(" ".join(e.summary))
    if e.date is None:
        if e.date_text:
            at.review("undated", f"{e.title!r}: the date {e.date_text!r} is not a readable date; kept with an "
                      "empty date", e.index, expected="a date like '10th October 2024'", found=e.date_text)
        else:
            at.review("undated", f"{e.title!r}: no date line before this report; kept with an empty date",
                      e.title_index, expected="a date line", found="none")
    elif e.heading and e.date.year not in e.heading:
        head = " and ".join(str(y) for y in e.heading)
        at.review("unexpected_value", f"{e.title!r} is dated {e.date_text!r} but listed under the {head} heading "
                  f"(line {e.heading_index + 1 if e.heading_index is not None else '?'}); date kept as printed",
                  e.index, expected=head, found=e.date.year)
    ex.add("reports", {
        "force": force.name if force else None, "force_id": force.force_id if force else None,
        "date": e.date.isoformat() if e.date else None, "title": e.title,
        "type": report_type(e.title, summary, force), "summary": summary or None,
        "response_published": e.response, "source_file": ex.source_file,
        **at.where(e.index if e.date is not None or e.date_text else e.title_index)})


class ReportCatalogue(Reader):
    kind = KIND
    description = "force's list of HMIC/HMICFRS inspection reports"
    rank = RANK

    def recognise(self, doc: Document, ctx: Context) -> Recognition | None:
        m = RECOGNISE_RE.search(doc.text)
        return Recognition(KIND, f"the heading {m.group(0).strip()!r}") if m else None

    def read(self, doc: Document, ctx: Context) -> Extraction:
        return parse(doc.lines, doc.name, doc.pages)


READER = ReportCatalogue()
