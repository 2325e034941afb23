"""The board paper as printed: LibreOffice renders the workbooks of two forces to PDF and the word boxes of
every page are checked (needs LibreOffice; skipped with the reason when it is absent).

- no two words overlap (a wrapped cell printing over the next row, a clipped cell under its neighbour);
- no two cells run together ("UnchangedGood"): every printed word is a word, or a piece of a word broken
  at the column's edge, of some text the workbook holds (cells, headers, footers, chart labels);
- the Summary fits one page and every word prints at 9 pt or more.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from peelkit import export as ex
from peelkit.export.book import display

from .conftest import CLEAN

openpyxl = pytest.importorskip("openpyxl")
pdfplumber = pytest.importorskip("pdfplumber")
pytestmark = [pytest.mark.optional, pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice (soffice) not installed: the rendered PDF cannot be checked")]

OVERLAP_PT = 0.5  # boxes sharing less than this (rounding of glyph boxes) do not overlap
MIN_PRINTED_PT = 9.0
# (force, accessible): Leicestershire plain and, for a second force, Cleveland (inadequate in all three
# pillars, so the low-grade markers and bold are printed) in the accessible version
PAPERS = [("Leicestershire", False), ("Cleveland", True)]


@pytest.fixture(scope="module", params=PAPERS, ids=[f for f, _ in PAPERS])
def paper(request, shared) -> dict:
    """The paper rendered once per test run (LibreOffice: seconds), whichever worker asks first."""
    force, accessible = request.param
    return shared.value(f"render-{force}-{accessible}", lambda d: _render(d, force, accessible))


def _render(d: Path, force: str, accessible: bool) -> dict:
    from peelkit.export.pdf import xlsx_to_pdf

    xlsx, pdf = d / "board.xlsx", d / "board.pdf"
    ex.export(xlsx, CLEAN, force, accessible=accessible)
    xlsx_to_pdf(xlsx, pdf)
    with pdfplumber.open(pdf) as doc:
        # upright words: the chart's vertical axis title is drawn letter by letter
        pages = [{"words": [w for w in page.extract_words(extra_attrs=["size"]) if w["upright"]],
                  "text": page.extract_text() or ""} for page in doc.pages]
    return {"force": force, "xlsx": xlsx, "pages": pages}


def overlaps(words: list[dict]) -> list[tuple[str, str]]:
    out = []
    ws = sorted(words, key=lambda w: w["x0"])
    for i, a in enumerate(ws):
        for b in ws[i + 1:]:
            if b["x0"] >= a["x1"] - OVERLAP_PT:
                break
            dx = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
            dy = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if dx > OVERLAP_PT and dy > OVERLAP_PT:
                out.append((a["text"], b["text"]))
    return out


def workbook_text(xlsx: Path) -> str:
    """Every word the workbook can print, one per line: cells as displayed, headers and footers, markers."""
    from peelkit.export.sheets import MARKERS

    wb = openpyxl.load_workbook(xlsx)
    words: set[str] = set(MARKERS.values()) | {"Page", "of", "Forces"} | {str(i) for i in range(100)}
    for ws in wb.worksheets:
        texts = [ws.oddHeader.left.text or "", ws.oddFooter.left.text or ""]
        texts += [display(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
        for chart in ws._charts:
            texts += [run.t for para in chart.title.tx.rich.p for run in para.r or []]
        for t in texts:
            words |= set(t.replace("&&", "&").split())
    return "\n".join(sorted(words))


def test_no_two_words_overlap_on_any_page(paper):
    found = {i: overlaps(p["words"]) for i, p in enumerate(paper["pages"], 1)}
    assert len(paper["pages"]) >= 15
    assert {i: o for i, o in found.items() if o} == {}


def test_no_two_cells_run_together(paper):
    known = workbook_text(paper["xlsx"])
    strays = []
    for i, p in enumerate(paper["pages"], 1):
        for w in p["words"]:
            if w["text"] not in known:  # a word, or the piece of a word broken at a column's edge
                strays.append((i, w["text"]))
    assert strays == []


def test_summary_fits_its_page_and_text_is_9pt_or_more(paper):
    summary = [p for p in paper["pages"] if "judgments beside the national distribution" in p["text"].split("\n")[0]]
    assert len(summary) == 1
    for i, p in enumerate(paper["pages"], 1):
        small = [(round(w["size"], 1), w["text"]) for w in p["words"] if w["size"] < MIN_PRINTED_PT - 0.05]
        assert not small, (i, small[:5])
    text = summary[0]["text"]
    assert paper["force"] in text and "Pillar judgment" in text and "Standing (national)" in text
