"""The board paper as printed: LibreOffice renders the workbooks of three forces of different shapes, plain
and accessible, to PDF and the word boxes of every page of every sheet are checked (needs LibreOffice;
skipped with the reason when it is absent).

- no two words overlap (a wrapped cell printing over the next row, a clipped cell under its neighbour);
- no word is broken inside and no two cells run together ("UnchangedGood", "improvemen|t"): every printed
  word is a word some text of the workbook holds (cells, headers, footers, chart labels), or the part of a
  hyphenated word before or after one of its hyphens (a line may break after a hyphen, as in print);
- every sheet prints, the Summary fits one page and every word prints at 9 pt or more;
- two exports of the same data are byte-identical PDFs.
"""

from __future__ import annotations

import re
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
# three forces of different shapes, each plain and accessible: Leicestershire (a History of two rounds with
# its own force report, five questions not extracted, the report catalogue), Cleveland (inadequate in all
# three pillars: the low-grade markers and bold), West Yorkshire (forces N-W of the table: partial counts
# for serious and organised crime, outstanding efficiency, a long name)
FORCES = ["Leicestershire", "Cleveland", "West Yorkshire"]
PAPERS = [(f, a) for f in FORCES for a in (False, True)]


@pytest.fixture(scope="module", params=PAPERS, ids=[f"{f}-{'accessible' if a else 'plain'}" for f, a in PAPERS])
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
    return {"force": force, "accessible": accessible, "xlsx": xlsx, "pages": pages}


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
    from peelkit.export.context import MARKERS

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


def printable_words(xlsx: Path) -> set[str]:
    """Every whole word the workbook can print, and the parts of its hyphenated words at each hyphen."""
    words = set(workbook_text(xlsx).split("\n"))
    parts = {w[:m.end()] for w in words for m in re.finditer("-", w)}
    parts |= {w[m.end():] for w in words for m in re.finditer("-", w)}
    return words | parts


def test_no_two_words_overlap_on_any_page(paper):
    found = {i: overlaps(p["words"]) for i, p in enumerate(paper["pages"], 1)}
    assert len(paper["pages"]) >= 15
    assert {i: o for i, o in found.items() if o} == {}


def test_no_word_is_broken_inside_and_no_two_cells_run_together(paper):
    known = printable_words(paper["xlsx"])
    strays = []
    for i, p in enumerate(paper["pages"], 1):
        for w in p["words"]:
            if w["text"] not in known:  # not a whole word: broken at a column's edge, or two cells run together
                strays.append((i, w["text"]))
    assert strays == []


def test_every_sheet_prints(paper):
    wb = openpyxl.load_workbook(paper["xlsx"])
    heads = [" ".join(str(ws["A1"].value).split()[:4]) for ws in wb.worksheets]
    text = "\n".join(p["text"] for p in paper["pages"])
    assert [h for h in heads if h not in " ".join(text.split())] == []
    if paper["accessible"]:  # every sheet with grade cells carries the markers, the History sheet too
        history = [p["text"] for p in paper["pages"] if "PEEL grades in every round" in p["text"]]
        assert history and any(m in history[0] for m in ("★", "▲"))


def test_two_exports_of_the_same_data_are_byte_identical_pdfs(tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for p in (a, b):
        ex.export(p, CLEAN, "Cleveland", accessible=True)
    assert a.read_bytes() == b.read_bytes()
    assert b"/CreationDate(D:19800101000000" in a.read_bytes()


def test_summary_fits_its_page_and_text_is_9pt_or_more(paper):
    summary = [p for p in paper["pages"] if "judgments beside the national distribution" in p["text"].split("\n")[0]]
    assert len(summary) == 1
    for i, p in enumerate(paper["pages"], 1):
        small = [(round(w["size"], 1), w["text"]) for w in p["words"] if w["size"] < MIN_PRINTED_PT - 0.05]
        assert not small, (i, small[:5])
    text = summary[0]["text"]
    assert paper["force"] in text and "Pillar judgment" in text and "Standing (national)" in text
