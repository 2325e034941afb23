"""A source read: the ``Document`` every reader takes, whatever the file was.

A source turns bytes into a Document: a text file (``sources.text``) gives its lines; a saved web page
(``sources.html``) its visible lines, its tables as rows of cells and the line of the HTML file each visible
line starts on; a PDF (``sources.pdf``) every page's text, the page of every line, and the words of a page
(with their positions) on demand. Readers (``peelkit.readers``) see only this: a source never imports a reader.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from .words import Word


@dataclass
class Table:
    """A table as rows of cells (whitespace-normalised text), and the 0-based line its first row is on: a web
    page's tables, or a text's rows of tab-separated cells (a table copied from a browser)."""

    rows: list[list[str]]
    line: int
    header: bool = False  # its first row is made of <th> cells


MAX_TAB_CELLS = 8  # a copied table's row has a few cells; a line of more tabs is text


def tab_tables(lines: list[str]) -> list[Table]:
    """The runs of lines of a text that are rows of two to eight tab-separated cells (blank cells dropped), each
    run a table: what a browser puts on the clipboard when a table is copied."""
    out: list[Table] = []
    for i, ln in enumerate(lines):
        n = ln.count("\t")
        cells = [" ".join(c.split()) for c in ln.split("\t")] if 0 < n < MAX_TAB_CELLS else []
        cells = [c for c in cells if c]
        if len(cells) < 2:
            continue
        if out and out[-1].line + len(out[-1].rows) == i:
            out[-1].rows.append(cells)
        else:
            out.append(Table([cells], i))
    return out


class Document:
    """One source's content, as the readers see it.

    ``lines[i]`` is line i + 1 of a text (a web page's visible lines; a PDF's pages' lines, in order, with
    ``pages[i]`` the 1-based page of ``lines[i]``). ``text`` is the lines joined by newlines (kept while the
    readers recognise the document; ``drop_text`` lets it go before a large one is read)."""

    def __init__(self, name: str, *, path: Path | None = None, text: str | None = None,
                 lines: list[str] | None = None, page_texts: list[str] | None = None,
                 tables: list[Table] | None = None, source_lines: list[int] | None = None,
                 fetch: Callable[[list[int]], dict[int, list[Word]]] | None = None, word_source: str = "pdfium",
                 bad_lines: list[tuple[int, str, str]] | None = None):
        self.name = name  # the file's name: every row's source_file
        self.path = path
        self.page_texts = page_texts  # a PDF: page_texts[i] is page i + 1's text
        self._tables = tables  # a web page: its tables as rows of cells
        self.tab_rows = False  # a text: its rows of tab-separated cells are its tables (found when first asked)
        self.source_lines = source_lines  # a web page: the HTML file's line each visible line starts on
        self.word_source = word_source  # a PDF: where words come from, pdfium (the fast path) or pdfplumber
        self.bad_lines = bad_lines or []  # a text: (line, message, bytes) of each line that is not UTF-8
        self._text = text
        self._lines = lines
        self._pages: list[int] | None = None
        self._words: dict[int, list[Word]] = {}
        self._fetch = fetch
        self.memo: dict = {}  # what readers worked out about it (a PDF's table pages, a reading made to recognise it)

    @property
    def tables(self) -> list[Table] | None:
        """A web page's tables; a text's runs of tab-separated rows (``tab_tables``), found when first asked
        (only the readers of pages and lists ask)."""
        if self._tables is None and self.tab_rows:
            self._tables = tab_tables(self.lines)
        return self._tables

    @property
    def is_pdf(self) -> bool:
        return self.page_texts is not None

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._split()
        return self._lines  # type: ignore[return-value]

    @property
    def pages(self) -> list[int] | None:
        """The 1-based page of every line (a PDF), or None (a text: rows name lines, not pages)."""
        if self.page_texts is None:
            return None
        if self._pages is None:
            self._split()
        return self._pages

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "\n".join(self.lines)
        return self._text

    def drop_text(self) -> None:
        """Forget the joined text (a large report is then held once, as its lines); ``text`` joins it again."""
        if self._lines is not None or self.page_texts is not None:
            self._text = None

    def _split(self) -> None:
        if self.page_texts is None:
            self._lines = (self._text or "").split("\n")
            return
        lines: list[str] = []
        pages: list[int] = []
        for i, text in enumerate(self.page_texts):
            ls = split_page(text)
            lines.extend(ls)
            pages.extend([i + 1] * len(ls))
        self._lines, self._pages = lines, pages

    def words(self, pages: list[int]) -> dict[int, list[Word]]:
        """The words (with positions) of the given 1-based pages of a PDF, read once."""
        todo = [p for p in pages if p not in self._words]
        if todo:
            if self._fetch is None:
                raise ValueError(f"{self.name} has no words: it is not a PDF")
            self._words.update(self._fetch(todo))
        return {p: self._words[p] for p in pages}

    def file_line(self, n: int) -> int:
        """The line of the file that line ``n`` (1-based) of ``lines`` was read from: a web page's visible line
        starts on a line of the HTML; any other document's line is its own."""
        if self.source_lines is not None and 1 <= n <= len(self.source_lines):
            return self.source_lines[n - 1]
        return n


_SEPARATORS = ("\r\n", "\r")


def split_page(text: str) -> list[str]:
    """A PDF page's text as lines (LF, CRLF or CR)."""
    for sep in _SEPARATORS:
        if sep in text:
            text = text.replace(sep, "\n")
    return text.split("\n")
