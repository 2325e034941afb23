"""Read a saved web page (a browser's "Save page as", .html / .htm) into lines and tables.

lxml's HTML parser (libxml2: well kept, forgiving like a browser, linear in the page's size even on broken
markup; Python's own ``html.parser`` takes minutes on a few thousand unclosed comments or tags) builds the tree;
a walk over it (no recursion, so any depth) turns what a reader of the page sees into lines: every block
element (paragraph, heading, list item, table row...) starts a line, a list item starts with a bullet, a table
row is one line of its cells joined by " | ", and ``<br>`` breaks a line. What a reader does not see is dropped:
scripts, styles, the ``<head>``, navigation, forms, footers, hidden elements, comments and SVG. Tables are also
kept as rows of cells (``Table``), each with the line its first row was printed on, so that a reader can take a
grid of grades as a grid. Each line keeps the line of the HTML file it starts on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .document import Table

_BLOCK = frozenset({"address", "article", "aside", "blockquote", "dd", "details", "dialog", "div", "dl", "dt",
                    "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main",
                    "ol", "p", "pre", "section", "summary", "ul", "caption", "body", "html", "header"})
_DROP = frozenset({"script", "style", "noscript", "template", "svg", "head", "nav", "form", "button", "select",
                   "textarea", "iframe", "object", "canvas", "footer", "math", "title", "meta", "link"})
_HIDDEN_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


@dataclass
class Page:
    """A web page read: its visible lines, its tables, and the HTML file's line each line starts on."""

    lines: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    source_lines: list[int] = field(default_factory=list)  # 1-based line of the HTML file each line starts on


class _Walk:
    """The page's lines and tables gathered while walking the tree."""

    def __init__(self) -> None:
        self.out = Page()
        self.buf: list[str] = []
        self.at: int | None = None  # the HTML line the text being gathered began on
        self.tables: list[Table] = []  # open tables (a nested one is read as its own)
        self.row: list[str] | None = None
        self.row_at = 0
        self.heads: list[bool] = []
        self.cell: list[str] | None = None

    def text(self, s: str | None, line: int) -> None:
        if not s:
            return
        if self.cell is not None:
            self.cell.append(s)
        elif self.row is None:
            if self.at is None and s.strip():
                self.at = line
            self.buf.append(s)

    def flush(self) -> None:
        text = " ".join("".join(self.buf).split())
        self.buf = []
        if text:
            self.line(text, self.at or 1)
        self.at = None

    def line(self, text: str, at: int) -> None:
        self.out.lines.append(text)
        self.out.source_lines.append(at)

    def start(self, tag: str, line: int) -> None:
        if tag == "br":
            if self.cell is not None:
                self.cell.append(" ")
            else:
                self.flush()
        elif tag == "table":
            self.flush()
            self.tables.append(Table([], len(self.out.lines)))
        elif tag == "tr" and self.tables:
            self.flush()
            self.row, self.heads, self.row_at, self.cell = [], [], line, None
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
            self.heads.append(tag == "th")
        elif tag in _BLOCK:
            self.flush()
            if tag == "li" and self.cell is None:
                self.buf.append("• ")
                self.at = line

    def end(self, tag: str) -> None:
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
                self.line(" | ".join(c for c in self.row if c), self.row_at)
            self.row, self.cell = None, None
        elif tag == "table" and self.tables:
            t = self.tables.pop()
            if t.rows:
                self.out.tables.append(t)
        elif tag in _BLOCK:
            self.flush()


def _hidden(el) -> bool:
    a = el.attrib
    return ("hidden" in a or a.get("aria-hidden") == "true" or bool(_HIDDEN_RE.search(a.get("style") or ""))
            or (a.get("role") or "") in ("navigation", "banner", "search"))


def parse(text: str) -> Page:
    """The visible lines and the tables of an HTML page's text."""
    from lxml import etree

    parser = etree.HTMLParser(recover=True, remove_comments=True, remove_pis=True, no_network=True,
                              encoding="utf-8")
    root = etree.fromstring(text.encode("utf-8", "replace"), parser)
    w = _Walk()
    if root is None:
        return w.out
    walker = etree.iterwalk(root, events=("start", "end"))
    # the elements skipped whole, held (not their id(): a freed element's id is reused by a later one, whose end
    # would then be skipped too) until their end event
    dropped: set = set()
    for event, el in walker:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        line = el.sourceline or 1
        if event == "start":
            if tag in _DROP or _hidden(el):
                walker.skip_subtree()  # its end event still comes: its tail is read there
                dropped.add(el)
                continue
            w.start(tag, line)
            w.text(el.text, line)
        else:
            if el in dropped:
                dropped.discard(el)
            else:
                w.end(tag)
            w.text(el.tail, line)
    w.flush()
    while w.tables:  # tables left open at the end of the page
        t = w.tables.pop()
        if t.rows:
            w.out.tables.append(t)
    w.out.tables.sort(key=lambda t: t.line)
    return w.out


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
