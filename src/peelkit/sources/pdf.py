"""Read a PDF source: find the judgments-table pages fast, read only those with pdfplumber.

1. pypdfium2 opens the file and pulls the plain text of every page (fast, C code); a page is a
   table page when one of its lines is the title "PEEL judgments table" (or "... continued").
2. Only the table pages are copied (pypdfium2) into a small in-memory PDF, stripped of everything
   but text (ruling lines and cell fills are not used), that pdfplumber reads for word positions
   (``extract_words``); pdfplumber's table finder never runs, and no other page is ever parsed by
   pdfminer.
3. ``peelkit.parse.sop_pdf`` rebuilds the table from the words.

A PDF without a judgments table is recognised by its text like a text source (force report, report
catalogue; ``peelkit.sources.detect``) and handed to that parser with the page of every line.

Every problem with the file is a one-line SourceError naming the file (and page).
pdfplumber is imported inside the functions that need it (``peelkit --help`` must not pay for it).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SourceError, UnknownDocumentError
from ..schema import Extraction
from .text import read_bytes

# progress messages look like "scanning report.pdf: page 12/150"
PROGRESS_RE = re.compile(r"page (\d+)/(\d+)$")
_LINE_SPLIT = re.compile(r"\r\n|\r|\n")

_PDFIUM_ERRORS = {
    2: "cannot open the file",
    3: "corrupt or truncated PDF (the file structure cannot be read)",
    4: "the PDF is encrypted (password-protected); save an unprotected copy and extract that",
    5: "the PDF uses an unsupported security handler (encrypted); save an unprotected copy",
    6: "corrupt PDF (a page cannot be read)",
}


def parse_progress(message: str) -> tuple[int, int] | None:
    """(done, total) from a progress message, for progress bars."""
    m = PROGRESS_RE.search(message)
    return (int(m.group(1)), int(m.group(2))) if m else None


def is_title_line(text: str) -> bool:
    from ..parse.sop_pdf import TITLE_RE

    return bool(TITLE_RE.match(" ".join(text.split())))


def table_title(text: str) -> str | None:
    """The judgments-table title line of a page's text, or None."""
    for ln in _LINE_SPLIT.split(text):
        if is_title_line(ln):
            return " ".join(ln.split())
    return None


def continues_table(text: str) -> bool:
    """A page without the title that carries on the table of the page before it: the column header
    words (Judgment with Trend or Last inspected) above rows that start with a force name (or a
    Totals row: a grade and its counts)."""
    low = " ".join(text.lower().replace("judgement", "judgment").split())  # "Last" / "inspected" may wrap
    if "judgment" not in low or ("trend" not in low and "last inspected" not in low):
        return False
    from ..parse.sop_stream import FORCE, GRADE, NUMBER, tokenize_line

    return any(toks and (toks[0].kind == FORCE or toks[0].kind == GRADE and any(t.kind == NUMBER for t in toks))
               for toks in (tokenize_line(ln, 0) for ln in _LINE_SPLIT.split(text)))


@dataclass
class Scan:
    path: Path
    texts: list[str] = field(default_factory=list)  # texts[i] is page i + 1
    table_pages: list[int] = field(default_factory=list)  # 1-based

    @property
    def pages(self) -> int:
        return len(self.texts)


def check_header(path: Path) -> None:
    """Clear errors for a missing, empty or non-PDF file (before any PDF library sees it)."""
    head = read_bytes(path, 1024)
    if not head.strip():
        raise SourceError("the file is empty; expected a State of Policing or PEEL report (PDF or text)",
                          source=str(path))
    if b"%PDF-" not in head:
        raise SourceError("not a PDF file (no %PDF- header); expected a State of Policing or PEEL report",
                          source=str(path))


def open_document(path: Path):
    """A pypdfium2 PdfDocument, or a SourceError saying why the file cannot be opened."""
    import pypdfium2 as pdfium

    check_header(path)
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        raise SourceError(_PDFIUM_ERRORS.get(code, f"cannot read the PDF ({exc})"), source=str(path)) from None


def page_text(doc, index: int, path: Path) -> str:
    """Plain text of page ``index`` (0-based)."""
    import pypdfium2 as pdfium

    try:
        page = doc[index]
        try:
            tp = page.get_textpage()
            try:
                return tp.get_text_range()
            finally:
                tp.close()
        finally:
            page.close()
    except (pdfium.PdfiumError, ValueError, OSError) as exc:
        raise SourceError(f"corrupt PDF: the page cannot be read ({exc})", source=str(path), page=index + 1) from None


def scan(path: Path, progress: Callable[[str], None] | None = None) -> Scan:
    """Text of every page and the pages that hold the judgments table."""
    doc = open_document(path)
    try:
        try:
            n = len(doc)
        except Exception as exc:  # pdfium reports a broken page tree in several ways
            raise SourceError(f"corrupt PDF: cannot count its pages ({exc})", source=str(path)) from None
        if n == 0:
            raise SourceError("the PDF has no pages", source=str(path))
        out = Scan(path)
        for i in range(n):
            text = page_text(doc, i, path)
            out.texts.append(text)
            if table_title(text) or (out.table_pages and out.table_pages[-1] == i and continues_table(text)):
                out.table_pages.append(i + 1)
            if progress is not None:
                progress(f"scanning {path.name}: page {i + 1}/{n}")
        return out
    finally:
        doc.close()


def page_words(path: Path, pages: list[int]) -> dict[int, list]:
    """Words with positions (pdfplumber ``extract_words``) of the given 1-based pages only.

    The pages are first copied into a small in-memory PDF with pypdfium2, so pdfplumber/pdfminer
    never walks the rest of a long report."""
    import logging

    import pdfplumber
    import pypdfium2 as pdfium

    from ..parse.sop_pdf import to_words

    if not pages:
        return {}
    # pdfminer logs every oddity of a damaged page as a warning; problems reach the user as errors
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    src = open_document(path)
    try:
        small = pdfium.PdfDocument.new()
        try:
            small.import_pages(src, [p - 1 for p in pages])
            _text_only(small)
            buf = io.BytesIO()
            small.save(buf)
        except (pdfium.PdfiumError, ValueError, RuntimeError, OSError) as exc:
            raise SourceError(f"corrupt PDF: cannot copy the table pages ({exc})", source=str(path),
                              page=pages[0]) from None
        finally:
            small.close()
    finally:
        src.close()
    buf.seek(0)
    out: dict[int, list] = {}
    current = pages[0]
    try:
        with pdfplumber.open(buf) as pdf:
            if len(pdf.pages) != len(pages):
                raise SourceError(f"corrupt PDF: {len(pages)} table pages found but {len(pdf.pages)} could be "
                                  f"read", source=str(path), page=pages[0])
            for number, page in zip(pages, pdf.pages):
                current = number
                out[number] = to_words(page.extract_words(keep_blank_chars=False, use_text_flow=False))
                page.close()
    except SourceError:
        raise
    except Exception as exc:  # pdfminer raises many exception types for damaged content streams
        raise SourceError(f"corrupt PDF: the table page cannot be read ({type(exc).__name__}: {exc})",
                          source=str(path), page=current) from None
    return out


def _text_only(doc) -> None:
    """Drop every non-text object (ruling lines, cell fills, images) from the copied pages: the table
    is read from words alone, and pdfminer then has only text to interpret (faster)."""
    import pypdfium2.raw as pdfium_c

    for i in range(len(doc)):
        page = doc[i]
        try:
            drop = [o for o in page.get_objects(max_depth=1) if o.type != pdfium_c.FPDF_PAGEOBJ_TEXT]
            if drop:
                for o in drop:
                    page.remove_obj(o)
                page.gen_content()
        finally:
            page.close()


def extract_pdf(path: Path, progress: Callable[[str], None] | None = None) -> Extraction:
    """Parse one PDF source into an Extraction (State of Policing table, or another known kind)."""
    from ..parse import sop_pdf
    from . import detect

    path = Path(path)
    sc = scan(path, progress)
    if not any(t.strip() for t in sc.texts):
        raise UnknownDocumentError(f"the PDF has no text layer in its {sc.pages} page(s) (a scanned document?); "
                          f"expected a State of Policing or PEEL report with text", source=str(path))
    if sc.table_pages:
        words = page_words(path, sc.table_pages)
        return sop_pdf.parse(words, sc.texts, path.name)
    lines: list[str] = []
    pages: list[int] = []
    for i, text in enumerate(sc.texts):
        ls = _LINE_SPLIT.split(text)
        lines.extend(ls)
        pages.extend([i + 1] * len(ls))
    kind = detect.detect("\n".join(lines))
    if kind is not None and kind.name != sop_pdf.KIND:
        return kind.load()(lines, path.name, pages=pages)  # type: ignore[call-arg]
    others = "; ".join(k.description for k in detect.KINDS if k.name != sop_pdf.KIND)
    raise UnknownDocumentError(f"no PEEL judgments table: none of its {sc.pages} pages has the title line 'PEEL judgments "
                      f"table' (or '... continued'), and it is not another known document ({others})",
                      source=str(path))
