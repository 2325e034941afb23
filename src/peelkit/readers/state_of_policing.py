"""The State of Policing report's PEEL judgments table, from a converter's text or from the PDF itself.

Recognised by the table's title line ("PEEL judgments table", or "... continued"): in a text, a line that
starts with it; in a PDF, a page that has it as a line of its own, and the pages that carry its table on
without it (the column header words above force rows). A text is read by every front-end of the table
machinery that applies, page by page the reading the document confirms (``parse.state_of_policing``); a
PDF from the words of its table pages (``parse.sop_pdf``). Its check: every pillar of the year's layout has
judgments, and as many forces as the layout expects unless a finding says why not.
"""

from __future__ import annotations

import re

from ..errors import LayoutError
from ..sources import detect
from ..sources.words import TITLE_RE
from .reader import Reader, Recognition

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from ..schema import Extraction
    from ..sources.document import Document
    from .context import Context

KIND = "state_of_policing"
RANK = 50  # asked before every reader of a lower rank (peelkit.readers)

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
    from ..parse.sop_stream import FORCE, GRADE, NUMBER, tokenize_line

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


class StateOfPolicing(Reader):
    kind = KIND
    description = "State of Policing report with the PEEL judgments table"
    rank = RANK

    def recognise(self, doc: Document, ctx: Context) -> Recognition | None:
        if doc.is_pdf:
            pages = doc.memo.setdefault("table_pages", table_pages(doc.page_texts))
            return Recognition(KIND, f"the title line 'PEEL judgments table' on page {pages[0]}") if pages else None
        m = re.search(detect.KINDS[0].pattern, doc.text, re.M | re.I)
        return Recognition(KIND, f"the line {m.group(0).strip()!r}") if m else None

    def missed(self, doc: Document) -> str | None:
        if not doc.is_pdf:
            return None
        return (f"no PEEL judgments table: none of its {len(doc.page_texts)} pages has the title line 'PEEL judgments "
                "table' (or '... continued')")

    def read(self, doc: Document, ctx: Context) -> Extraction:
        if doc.is_pdf:
            from ..parse import sop_pdf

            pages = doc.memo.setdefault("table_pages", table_pages(doc.page_texts))
            return sop_pdf.parse(doc.words(pages), doc.page_texts, doc.name, year=ctx.year)
        from ..parse import state_of_policing

        return state_of_policing.parse(doc.lines, doc.name)

    def check(self, ex: Extraction, source: str) -> None:
        """A State of Policing report that gives no judgments for a pillar, or fewer forces than its layout
        expects with no finding that says why, is a failed extraction (exit 1), not an empty table."""
        from ..parse.state_of_policing import layouts

        year = str(ex.meta.get("year"))
        layout = layouts().get(year, {})
        expected = int(ex.meta.get("forces", 43))  # type: ignore[arg-type]
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
