"""Read a saved web page (a browser's "Save page as", .html / .htm) into lines and tables.

Python's own HTML parser (``html.parser``, kept with the language) reads the page; what a reader of the page
sees becomes lines: every block element (paragraph, heading, list item, table row...) starts a line, a list item
starts with a bullet, a table row is one line of its cells joined by " | ", and ``<br>`` breaks a line. What a
reader does not see is dropped: scripts, styles, the ``<head>``, navigation, forms, hidden elements and SVG.
Tables are also kept as rows of cells (``Table``), each with the line its first row was printed on, so that a
reader can take a grid of grades as a grid. Entities and character references are decoded; the page's declared
charset is not needed because the bytes are decoded like a text source's (UTF-8, else cp1252).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_BLOCK = frozenset({"address", "article", "aside", "blockquote", "dd", "details", "dialog", "div", "dl", "dt",
                    "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main",
                    "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul",
                    "caption"})
_DROP = frozenset({"script", "style", "noscript", "template", "svg", "head", "nav", "form", "button", "select",
                   "textarea", "iframe", "object", "canvas", "footer", "math"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})
_HIDDEN_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# a start tag that ends an element left open (HTML's optional end tags), within the element that scopes it
_IMPLIED = {("td", "th"): ("td", "th"), ("tr",): ("tr", "td", "th"), ("li",): ("li",), ("p",): ("p",),
            ("dt", "dd"): ("dt", "dd")}
_SCOPES = {"td": ("tr", "table"), "th": ("tr", "table"), "tr": ("table", "tbody", "thead", "tfoot"),
           "li": ("ul", "ol"), "p": ("div", "td", "th", "li", "blockquote", "section", "article", "main", "body"),
           "dt": ("dl",), "dd": ("dl",)}
MAX_DEPTH = 400  # deeper nesting than any real page: the rest is read flat (no recursion is used anyway)


@dataclass
class Table:
    """A table as rows of cells (whitespace-normalised text), and the 0-based line its first row is on."""

    rows: list[list[str]]
    line: int
    header: bool = False  # its first row is made of <th> cells


@dataclass
class Page:
    """A web page read: its visible lines and its tables."""

    lines: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    source_lines: list[int] = field(default_factory=list)  # 1-based line of the HTML file each line starts on


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Page()
        self.buf: list[str] = []
        self.stack: list[str] = []
        self.drop = 0  # depth inside dropped elements
        self.tables: list[Table] = []  # open tables (nested ones are read as their own)
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.heads: list[bool] = []
        self.started: int | None = None  # the HTML line the text being gathered began on
        self.row_at = 0

    # --- lines
    def _flush(self) -> None:
        text = " ".join("".join(self.buf).split())
        self.buf = []
        if text:
            self._line(text, self.started)
        self.started = None

    def _line(self, text: str, at: int | None) -> None:
        self.out.lines.append(text)
        self.out.source_lines.append(at or self.getpos()[0])

    # --- tags
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        hidden = "hidden" in a or a.get("aria-hidden") == "true" or _HIDDEN_RE.search(a.get("style") or "")
        if tag in _VOID:
            if tag == "br" and not self.drop:
                if self.cell is not None:
                    self.cell.append(" ")
                else:
                    self._flush()
            return
        if len(self.stack) >= MAX_DEPTH:
            return
        for opener, closes in _IMPLIED.items():  # optional end tags: a new cell ends the open cell, and so on
            if tag in opener:
                stop = next((i for i in range(len(self.stack) - 1, -1, -1) if self.stack[i] in _SCOPES[tag]), -1)
                top = next((i for i in range(stop + 1, len(self.stack)) if self.stack[i] in closes), None)
                if top is not None:  # the outermost such element inside the scope, and all it holds
                    self.handle_endtag(self.stack[top])
        self.stack.append(tag)
        if self.drop or tag in _DROP or hidden or (a.get("role") or "") in ("navigation", "banner", "search"):
            self.drop += 1
            return
        if tag == "table":
            self._flush()
            self.tables.append(Table([], len(self.out.lines)))
        elif tag == "tr" and self.tables:
            self._flush()
            self.row, self.heads, self.row_at = [], [], self.getpos()[0]
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
            self.heads.append(tag == "th")
        elif tag in _BLOCK:
            self._flush()
            if tag == "li" and self.cell is None:
                self.buf.append("• ")
                self.started = self.getpos()[0]

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self.stack:
            return
        while self.stack:  # close everything left open inside it (HTML lets <p>, <li>, <td> go unclosed)
            top = self.stack.pop()
            self._close(top)
            if top == tag:
                break

    def _close(self, tag: str) -> None:
        if self.drop:
            self.drop -= 1
            return
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None and self.tables:
            if any(self.row):
                t = self.tables[-1]
                if not t.rows:
                    t.line = len(self.out.lines)
                    t.header = bool(self.heads) and all(self.heads)
                t.rows.append(self.row)
                self._line(" | ".join(c for c in self.row if c), self.row_at)
            self.row, self.cell = None, None
        elif tag == "table" and self.tables:
            t = self.tables.pop()
            if t.rows:
                self.out.tables.append(t)
        elif tag in _BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.drop:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.row is None:
            if self.started is None and data.strip():
                self.started = self.getpos()[0]
            self.buf.append(data)

    def close(self) -> None:
        super().close()
        while self.stack:
            self._close(self.stack.pop())
        self._flush()


def parse(text: str) -> Page:
    """The visible lines and the tables of an HTML page's text."""
    r = _Reader()
    r.feed(text)
    r.close()
    r.out.tables.sort(key=lambda t: t.line)
    return r.out


def looks_like_html(text: str) -> bool:
    """Whether a text is an HTML page: its first markup, after any comments, is a doctype, <html>, <head> or
    <body> (str methods only: linear in the text)."""
    t = text[:4096].lstrip().lower()
    while t.startswith("<!--"):
        end = t.find("-->")
        if end < 0:
            return False
        t = t[end + 3:].lstrip()
    return t.startswith(("<!doctype html", "<html", "<head", "<body"))
