"""The State of Policing report's PEEL judgments table, from a converter's text or from the PDF itself.

Recognised by the table's title line ("PEEL judgments table", or "... continued"): in a text, a line that
starts with it; in a PDF, a page that has it as a line of its own, and the pages that carry its table on
without it (the column header words above force rows).

* A text (``parse``) is read by every front-end of the table machinery that applies (``tables.markup``: the
  seed converter's markup; ``tables.columns``: text laid out in columns; ``tables.rows``: text read row by
  row), page by page the reading the document confirms (``tables.choose``); its look (``text_format``) only
  breaks ties.
* A PDF (``parse_pdf``) is read from the words of its table pages (``tables.geometry``).
* Both: the table's year from the year sentence (``layouts``: from data/rounds.toml), else (a PDF) ``--year`` or
  the year the table itself shows (``TableEvidence``); the totals the report prints in sentences
  (``parse_sentences``); one placement back-end (``tables.judgments.Placer``).

Its check: every pillar of the year's layout has judgments, and as many forces as the layout expects unless a
finding says why not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .. import model
from ..errors import LayoutError
from ..schema import Extraction
from ..tables.geometry import TITLE_RE, analyse_page, cell_text, place_layouts
from ..tables.markup import HEADER_WORDS, PAGE_RE, clean_cell
from ..vocab import PILLAR
from .reader import Reader, Recognition

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from ..sources.document import Document
    from ..sources.words import Word
    from ..tables.geometry import PageLayout
    from .context import Context

KIND = "state_of_policing"
RANK = 50  # asked before every reader of a lower rank (peelkit.readers)
# what recognises the kind: the table's title line, at a line's start or after a page break
RECOGNISE_RE = re.compile(r"(?:^|\f)[#* \t]*PEEL\s+judgments\s+table", re.M | re.I)

_LINE_SPLIT = re.compile(r"\r\n|\r|\n")
# findings that say why a pillar has fewer forces than the layout expects
_EXPLAINS = {"count_mismatch", "missing_force", "layout", "duplicate_force", "duplicate_row", "unexpected_value",
             "bad_row", "unrecognised_line"}


def is_title_line(text: str) -> bool:
    return bool(TITLE_RE.match(" ".join(text.split())))


def table_title(text: str) -> str | None:
    """The judgments-table title line of a page's text, or None."""
    if "judgments" not in text.lower():  # what decides: most pages are done here
        return None
    for ln in _LINE_SPLIT.split(text):
        if is_title_line(ln):
            return " ".join(ln.split())
    return None


def _has_header_words(text: str) -> bool:
    low = text.lower()
    if "judg" not in low:  # what decides: most pages are done here
        return False
    low = " ".join(low.replace("judgement", "judgment").split())  # "Last" / "inspected" may wrap
    return "judgment" in low and ("trend" in low or "last inspected" in low)


def continues_table(text: str) -> bool:
    """A page without the title that carries on the table of the page before it: the column header
    words (Judgment with Trend or Last inspected) above rows that start with a force name (or a
    Totals row: a grade and its counts)."""
    if not _has_header_words(text):
        return False
    from ..tables.rows import FORCE, GRADE, NUMBER, tokenize_line

    return any(toks and (toks[0].kind == FORCE or toks[0].kind == GRADE and any(t.kind == NUMBER for t in toks))
               for toks in (tokenize_line(ln, 0) for ln in _LINE_SPLIT.split(text)))


def table_pages(texts: list[str]) -> list[int]:
    """The 1-based pages of a PDF that hold the judgments table: those with its title line, and each page
    that carries on the table of the page before it."""
    out: list[int] = []
    for i, text in enumerate(texts):
        if table_title(text) is not None or (out and out[-1] == i and continues_table(text)):
            out.append(i + 1)
    return out


# ----------------------------------------------------------------- the year and its layout


# Every State of Policing table lists the forces A-Z, and prints a row's judgment before its trend (or last
# inspected year) and both before the next row's: the Placer checks positional values against these.
FORCE_ORDER = "alphabetical"
PAIRS = "interleaved"


@lru_cache(maxsize=1)
def layouts() -> dict[str, dict]:
    """Year label -> the layout of its judgments table, newest first, built from the rounds whose State of
    Policing report prints one (data/rounds.toml ``state_of_policing_table``): the round's scale and forces,
    its graded pillars and each one's graded questions in printed order, and the year sentence that dates the
    table (``[wording] table_year``)."""
    sentence = model.wordings()["table_year"]
    out = {}
    for r in sorted((r for r in model.rounds() if r.state_of_policing_table), key=lambda r: r.year, reverse=True):
        out[r.year] = {"year_sentence": sentence, "scale": r.scale, "forces": r.forces, "force_order": FORCE_ORDER,
                       "pairs": PAIRS, "pillars": list(r.graded_pillars),
                       "questions": {p: [q for q in qs if q not in r.ungraded] for p, qs in r.pillars}}
    return out


def match_year(text: str) -> tuple[str | None, dict | None, list[str]]:
    """(year, layout) of the first known year sentence in ``text``, and every year such sentences name
    (for the error message when none of them is a year peelkit has a layout for)."""
    found = []
    for year, layout in layouts().items():
        m = re.search(layout["year_sentence"], text)
        if m:
            found.append(m.group("year"))
            if m.group("year") == year:
                return year, layout, found
    return None, None, found


def unknown_year(found: list[str], headers: list[str], source_file: str) -> LayoutError:
    return LayoutError(
        f"unknown State of Policing table year {found[0] if found else '(no year sentence found)'}; "
        f"known: {', '.join(layouts())}; headers found: {'; '.join(headers) or '(none)'}", source=source_file)


def _first_table_line(lines: list[str]) -> int | None:
    """0-based index of the first 'PEEL judgments table' heading, or None."""
    return next((i for i, ln in enumerate(lines)
                 if any(PAGE_RE.match(clean_cell(seg.strip().lstrip("#").strip())) for seg in ln.split("\f"))),
                None)


def headers_found(lines: list[str], most: int = 10) -> list[str]:
    """The table's headings and column header rows, in document order, for error messages."""
    start = _first_table_line(lines) or 0
    seen: list[str] = []
    for ln in lines[start:start + 400]:
        cells = [x for x in (clean_cell(c) for c in re.split(r"\t| {2,}|\|", ln.replace("\f", " ")) if c.strip()) if x]
        if ln.lstrip("\f ").startswith("#") or (cells and PAGE_RE.match(" ".join(cells))):
            text = clean_cell(ln.replace("\f", " ").strip().lstrip("#"))
        elif cells and all(c.lower() in HEADER_WORDS or c.lower() in ("judgment trend", "judgment last inspected")
                           for c in cells):
            text = " | ".join(cells)
        else:
            continue
        if text and text not in seen:
            seen.append(text)
        if len(seen) == most:
            break
    return seen


_GRADED_RE = re.compile(rf"\bOn ({PILLAR}), we graded (.+?)\.(?:\s|$)", re.I)
_GRADED_ITEM_RE = re.compile(r"^(\w+)(?: forces?)? as (.+)$")
_TREND_RE = re.compile(rf"\bCompared with our \d{{4}} ({PILLAR}) inspection, "
                       r"the grades for (.+?)\.(?:\s|$)", re.I)
_TREND_ITEM_RE = re.compile(r"^(\w+)(?: forces?)? (stayed the same|got better|got worse)$")
_SENTENCE_LINES = 3  # lines a totals sentence may wrap over after the one it starts on


def _items(text: str) -> list[str]:
    return [s.strip() for s in re.split(r",\s*(?:and\s+)?|(?<!\s)\s+and\s+", text) if s.strip()]


def parse_sentences(ex: Extraction, lines: list[str], year: str) -> None:
    """Totals stated in sentences: 'we graded one force as outstanding, 35 as good...'."""
    starts = set()
    for i, raw in enumerate(lines):
        if "graded" in raw or "stayed the same" in raw or "grades for" in raw or "Compared with" in raw:
            starts.update((i - 1, i) if i else (i,))
    for i in sorted(starts):
        # a sentence may wrap over the next lines (converter text); it is counted on the line it starts
        own = model.clean_space(lines[i].replace("**", "").replace("\f", " "))
        if not own:
            continue
        parts = [own]
        for nxt in lines[i + 1:i + 1 + _SENTENCE_LINES]:
            t = model.clean_space(nxt.replace("**", "").replace("\f", " "))
            if not t:
                break
            parts.append(t)
        text = " ".join(parts)
        for rx, item_rx, measure, conv in ((_GRADED_RE, _GRADED_ITEM_RE, "grade", model.grade),
                                           (_TREND_RE, _TREND_ITEM_RE, "trend", model.trend)):
            for m in rx.finditer(text):
                if m.start() >= len(own):
                    continue  # starts on a later line: counted there
                pillar = m.group(1).lower()
                rows = []
                for item in _items(m.group(2)):
                    im = item_rx.match(item)
                    n = model.number(im.group(1)) if im else None
                    v = conv(im.group(2)) if im else None
                    if n is None or v is None:
                        ex.review("unparsed_sentence", f"cannot read {item!r} in the sentence {m.group(0)!r}",
                                  line=i + 1, pillar=pillar, found=item)
                        rows = []
                        break
                    rows.append((v, n))
                for v, n in rows:
                    ex.add("printed_totals", {
                        "year": year, "pillar": pillar, "question_id": "", "measure": measure, "value": v,
                        "count": n, "kind": "sentence", "source_file": ex.source_file, "source_line": i + 1,
                        "source_page": None})


def text_format(lines: list[str], first: int) -> str:
    """Which front-end reads this text's table: the seed converter's markup ("markup"), text laid out
    in columns ("columns": pdftotext -layout, pdfplumber layout=True) or text read row by row
    ("rows": every other converter, markdown tables included)."""
    region = lines[first:first + 400]
    pipes = sum(1 for ln in region if ln.lstrip().startswith("|"))
    if pipes >= 5:
        return "rows"
    if any("\t" in ln or "<b>" in ln or "<div" in ln or _BOLD_LINE_RE.match(ln.strip()) for ln in region):
        return "markup"
    gapped = sum(1 for ln in region if len(_GAPS_RE.findall(ln.strip())) >= 2)
    if gapped < 10:
        return "rows"
    # laid out in columns, but only a grid whose column headers stand apart can be read by position
    # (pdfplumber's layout text packs "Judgment Trend" one space apart: read that one row by row)
    from ..tables.columns import labels_apart

    for ln in region:
        got = labels_apart(ln)
        if got is not None:
            return "columns" if got else "rows"
    return "rows"


_YEAR_LINES = 3000  # the year sentence is looked for in the text's first lines
_BOLD_LINE_RE = re.compile(r"^\*\*[^*]+\*\*$")
_GAPS_RE = re.compile(r"\S {3,}(?=\S)")


def parse(lines: list[str], source_file: str) -> Extraction:
    """The text of a report: its table, from every front-end of the table machinery that applies. Parse the
    whole document: table rows, printed totals (tables and sentences), review rows.

    Every front-end that can read a table page reads it, and ``choose`` keeps, page by page, the
    reading the document's own checks confirm; ``text_format`` (how the text after the first title
    looks as a whole) only breaks ties between readings that agree."""
    from ..tables.choose import choose

    year, layout = _detect_year_text(lines, source_file)
    first = _first_table_line(lines)
    if first is None:
        raise LayoutError("no 'PEEL judgments table' heading found; expected a State of Policing report",
                          source=source_file)
    ex = Extraction(source_file=source_file, kind=KIND)
    chosen = choose(ex, lines, year, layout, first, prefer=text_format(lines, first))
    parse_sentences(ex, lines, year)
    ex.tables.setdefault("pillars", [])
    ex.tables.setdefault("questions", [])
    ex.tables.setdefault("printed_totals", [])
    ex.meta = {"year": year, "scale": layout["scale"], "forces": layout["forces"], "format": chosen.format,
               "unfit_rows": chosen.unfit_rows, "readings": chosen.report()}
    return ex


def _detect_year_text(lines: list[str], source_file: str) -> tuple[str, dict]:
    """The year (and its layout) that the text's year sentence names; the sentence may wrap over lines
    or carry markup. A LayoutError naming the years found and the table's headers otherwise."""
    text = model.clean_space(" ".join(lines[:_YEAR_LINES]).replace("**", ""))
    year, layout, found = match_year(text)
    if year is None:
        raise unknown_year(found, headers_found(lines), source_file)
    return year, layout  # type: ignore[return-value]


# ----------------------------------------------------------------- a PDF's table


def parse_pdf(table_pages: dict[int, list[Word]], page_texts: list[str], source_file: str,
              year: str | None = None) -> Extraction:
    """Tidy rows from the words of the table pages (1-based page -> words) and every page's text
    (for the year sentence and the totals printed in sentences). ``year``: the table's year when the
    document does not state it (``--year``); see ``_pdf_year``."""
    ex = Extraction(source_file=source_file, kind=KIND)
    lays = [analyse_page(table_pages[p], p, untitled=p - 1 in table_pages) for p in sorted(table_pages)]
    texts = [model.clean_space(t) for t in page_texts]
    year, layout = _pdf_year(texts, lays, source_file, year)
    place_layouts(ex, year, layout, lays)
    n = len(ex.rows("printed_totals")), len(ex.rows("review"))
    parse_sentences(ex, texts, year)
    for r in ex.rows("printed_totals")[n[0]:] + ex.rows("review")[n[1]:]:
        r["source_page"], r["source_line"] = r["source_line"], None  # one "line" per page
    for t in ("pillars", "questions", "printed_totals"):
        ex.tables.setdefault(t, [])
    ex.meta = {"year": year, "scale": layout["scale"], "forces": layout["forces"]}
    return ex


def _pdf_year(texts: list[str], lays: list[PageLayout], source_file: str,
              given: str | None = None) -> tuple[str, dict]:
    """The table's year: the year sentence ("In 2018/19, we made our fourth PEEL ..."), else ``given``
    (``--year``) when the table does not contradict it, else the year the table itself shows
    (``table_year``). Refused when none of these is certain; ``given`` and a year sentence that
    disagree are refused too."""
    given = (model.year_label(given) or given) if given else None
    found: list[str] = []
    for text in texts:  # whitespace already collapsed
        year, layout, f = match_year(text)
        if year is not None:
            if given is not None and given != year:
                raise LayoutError(f"--year {given}, but the document states the year {year} (its year sentence); "
                                  f"drop --year", source=source_file)
            return year, layout  # type: ignore[return-value]
        found += f
    known = layouts()
    headers = list(dict.fromkeys(p.text for lay in lays for p in lay.pairs if p.text))[:10]
    if found:  # a year sentence for a year without a layout: the table cannot overrule the document
        raise unknown_year(found, headers, source_file)
    evidence = table_evidence(lays)
    if given is not None:
        if given not in known:
            raise LayoutError(f"--year {given} is not a State of Policing table year peelkit knows (known: "
                              f"{', '.join(known)})", source=source_file)
        why = evidence.contradicts(given, known[given])
        if why:
            raise LayoutError(f"--year {given} does not fit the table: {why}", source=source_file)
        return given, known[given]
    year, why = evidence.year(known)
    if year is None:
        raise LayoutError(f"unknown State of Policing table year: no year sentence, and the table does not "
                          f"date itself ({why}); pass --year; known: {', '.join(known)}; headers found: "
                          f"{'; '.join(headers) or '(none)'}", source=source_file)
    return year, known[year]


@dataclass
class TableEvidence:
    """What a table shows of its own year: the pillars printed with a Judgment | Trend pair, the
    questions named in its headers (per pillar) and the round labels in its 'last inspected' columns."""

    trend_pillars: set[str] = field(default_factory=set)
    questions: dict[str, set[str]] = field(default_factory=dict)
    last_inspected: set[str] = field(default_factory=set)
    # per table page: (its pillar, the questions headed on it, how many question pairs it prints without a
    # heading); a year fits when those pairs can be its questions not headed on the page
    pages: list[tuple[str, frozenset[str], int]] = field(default_factory=list)

    def contradicts(self, year: str, layout: dict) -> str | None:
        """What in the table says it cannot be the table of ``year`` (its layout), or None."""
        if not self.trend_pillars:
            return "no pillar printed with a Judgment | Trend pair"
        extra = sorted(self.trend_pillars - set(layout["pillars"]))
        if extra:
            return f"{year} has no {', '.join(extra)} pillar"
        for pillar in sorted(self.trend_pillars):
            order = list(layout["questions"].get(pillar, []))
            want = set(order)
            got = self.questions.get(pillar, set())
            covered = set(got)
            for pl, headed, n in self.pages:
                if pl != pillar or not n:
                    continue
                free = [q for q in order if q not in headed]
                if n > len(free):
                    return (f"{'an' if pillar[0] in 'aeiou' else 'a'} {pillar} page prints {n} question columns without a heading, but {year} has only "
                            f"{len(free)} {pillar} questions not headed there")
                covered |= set(free[:n])
            if got - want or want - covered:
                diff = [f"+{q}" for q in sorted(got - want)] + [f"-{q}" for q in sorted(want - covered)]
                return f"the {pillar} questions in its headers are not {year}'s ({', '.join(diff)})"
        later = sorted(y for y in self.last_inspected if y > year)
        if later:
            return f"'last inspected' {later[0]} is later than {year}"
        return None

    def year(self, known: dict[str, dict]) -> tuple[str | None, str]:
        """(the known year the table shows, "") or (None, why it shows none): the one year whose layout it
        fits (pillars, questions) and that it names as a 'last inspected' round (the round's own
        inspections), with no later round named."""
        fits = [y for y, layout in known.items() if self.contradicts(y, layout) is None]
        dated = [y for y in fits if y in self.last_inspected]
        if len(dated) == 1:
            return dated[0], ""
        if fits:
            latest = max(self.last_inspected, default=None)
            named = f"its latest 'last inspected' is {latest}" if latest else "it has no 'last inspected' value"
            return None, f"it fits {' and '.join(fits)}, and {named}"
        return None, "; ".join(f"not {y}: {self.contradicts(y, layout)}" for y, layout in known.items())


def table_evidence(lays: list[PageLayout]) -> TableEvidence:
    """What every table page shows of the table's year (all pages: a question's heading may be printed only
    on a page that continues the table)."""
    ev = TableEvidence()
    prev: str | None = None
    for lay in lays:
        if not lay.is_table:
            continue
        headed: set[str] = set()
        for pair in lay.pairs:
            a, b = pair.columns
            if pair.second == "trend" and a.pillar:
                ev.trend_pillars.add(a.pillar)
            elif a.question is not None:
                ev.questions.setdefault(a.question.pillar, set()).add(a.question.question_id)
                headed.add(a.question.question_id)
        of_questions = {model.question_by_id(q).pillar for q in headed}  # type: ignore[union-attr]
        pillar = lay.pillar or (of_questions.pop() if len(of_questions) == 1 else prev if lay.continued else None)
        if pillar:
            ev.pages.append((pillar, frozenset(headed), len(lay.unnamed)))
        prev = pillar
        unheaded_years = {id(p.columns[1]) for p in lay.unnamed}
        for e in lay.forces:
            for i, ws in e.cells.items():
                c = lay.columns[i]
                if c.kind == "year" and (c.used or id(c) in unheaded_years):
                    y = model.year_label(cell_text(ws))
                    if y:
                        ev.last_inspected.add(y)
    return ev


class StateOfPolicing(Reader):
    kind = KIND
    description = "State of Policing report with the PEEL judgments table"
    rank = RANK

    def recognise(self, doc: Document, ctx: Context) -> Recognition | None:
        if doc.is_pdf:
            pages = doc.memo.setdefault("table_pages", table_pages(doc.page_texts))
            return Recognition(KIND, f"the title line 'PEEL judgments table' on page {pages[0]}") if pages else None
        m = RECOGNISE_RE.search(doc.text)
        return Recognition(KIND, f"the line {m.group(0).strip()!r}") if m else None

    def missed(self, doc: Document) -> str | None:
        if not doc.is_pdf:
            return None
        return (f"no PEEL judgments table: none of its {len(doc.page_texts)} pages has the title line 'PEEL judgments "
                "table' (or '... continued')")

    def read(self, doc: Document, ctx: Context) -> Extraction:
        if doc.is_pdf:
            pages = doc.memo.setdefault("table_pages", table_pages(doc.page_texts))
            return parse_pdf(doc.words(pages), doc.page_texts, doc.name, year=ctx.year)
        return parse(doc.lines, doc.name)

    def check(self, ex: Extraction, source: str) -> None:
        """A State of Policing report that gives no judgments for a pillar, or fewer forces than its layout
        expects with no finding that says why, is a failed extraction (exit 1), not an empty table."""
        year = str(ex.meta.get("year"))
        layout = layouts().get(year, {})
        expected = int(ex.meta.get("forces", layout.get("forces", model.force_count())))  # type: ignore[arg-type]
        review = ex.rows("review")
        how = f" (read as {ex.meta['format']} text)" if ex.meta.get("format") else ""
        for p in layout.get("pillars", []):
            got = {r["force_id"] for r in ex.rows("pillars") if r["pillar"] == p and r["grade"]}
            why = [r for r in review if r.get("pillar") == p and r["kind"] in _EXPLAINS]
            if not got:
                first = f": {why[0]['message']}" if why else ""
                more = f" ({len(why) - 1} more findings)" if len(why) > 1 else ""
                hint = (". Cells are out of row order in this text (pdftotext without -layout moves the cells of rows "
                        "with wrapped cells): convert the PDF with 'pdftotext -layout', or extract the PDF itself"
                        if ex.meta.get("unfit_rows") else "")
                raise LayoutError(f"recognised as a State of Policing {year} report{how} but no {p} judgments could be "
                                  f"extracted{first}{more}{hint}", source=source)
            if len(got) < expected and not why:
                raise LayoutError(f"recognised as a State of Policing {year} report{how} but only {len(got)} of "
                                  f"{expected} forces have a {p} judgment, and no finding says why", source=source)


READER = StateOfPolicing()
