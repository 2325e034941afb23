"""Word positions of a few PDF pages from pypdfium2's character boxes (no pdfplumber, no pdfminer).

A force report's "Our judgments" grid is read from where its words sit (``parse.area_report``). pdfium
already knows every character's box; its "loose" boxes span the font's ascent and descent, so every
word of one line has the same top and bottom. Characters are grouped into words at whitespace (pdfium
writes the spaces and line breaks it infers into the text, one character each), at a gap wider than
``WordSettings.gap`` font heights, and where the line changes. Coordinates are pdfplumber's (points from
the page's top-left), as ``parse.sop_pdf.Word`` has them.

For a 60-page report this reads the summary's one or two pages in milliseconds; pdfplumber needs its
import and about half a second per page of text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError
from .pdf import open_document


@dataclass(frozen=True)
class WordSettings:
    gap: float = 0.25  # a gap between two characters wider than this many font heights starts a new word
    line: float = 0.5  # a character whose centre moves by more than this many heights is on another line


SETTINGS = WordSettings()


def page_words(path: Path, pages: list[int]) -> dict[int, list]:
    """Words with positions of the given 1-based pages only."""
    import pypdfium2 as pdfium

    from ..parse.sop_pdf import Word

    out: dict[int, list] = {}
    doc = open_document(path)
    try:
        for number in pages:
            try:
                page = doc[number - 1]
                try:
                    height = page.get_height()
                    tp = page.get_textpage()
                    try:
                        text = tp.get_text_range()
                        boxes = [tp.get_charbox(i, loose=True) for i in range(min(len(text), tp.count_chars()))]
                    finally:
                        tp.close()
                finally:
                    page.close()
            except (pdfium.PdfiumError, ValueError, IndexError, OSError) as exc:
                raise SourceError(f"corrupt PDF: the page cannot be read ({exc})", source=str(path),
                                  page=number) from None
            out[number] = _words(text, boxes, height, Word)
    finally:
        doc.close()
    return out


def _words(text: str, boxes: list[tuple[float, float, float, float]], height: float, word_cls) -> list:
    words = []
    cur: list[tuple[str, tuple[float, float, float, float]]] = []

    def flush() -> None:
        if cur:
            x0 = min(b[0] for _, b in cur)
            x1 = max(b[2] for _, b in cur)
            top = height - max(b[3] for _, b in cur)
            bottom = height - min(b[1] for _, b in cur)
            words.append(word_cls("".join(c for c, _ in cur), x0, x1, top, bottom))
            cur.clear()

    for ch, box in zip(text, boxes):
        if ch.isspace() or ch == "\ufffe":
            flush()
            continue
        if cur:
            prev = cur[-1][1]
            h = max(prev[3] - prev[1], 0.1)
            moved = abs((box[1] + box[3]) / 2 - (prev[1] + prev[3]) / 2) > SETTINGS.line * h
            if moved or box[0] - prev[2] > SETTINGS.gap * h:
                flush()
        cur.append((ch, box))
    flush()
    return words
