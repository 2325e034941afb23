"""The PDF-to-text converters a user may run on a State of Policing PDF, in one place.

Not a test module. Used by ``scripts/make_converter_fixtures.py`` (the committed fixtures),
``scripts/bench_layouts.py`` and ``scripts/bench_extract.py`` (converter texts of generated PDFs) and
``tests/test_random_layouts.py`` (the property test over random layouts). Each converter is a
function ``pdf path -> text``; the page texts of the per-page converters are joined with a form
feed, as pdftotext does. ``available()`` lists the ones this machine can run: pdftotext only where
poppler-utils is installed, PyMuPDF, pymupdf4llm and markitdown only where their package is.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path


def _pdftotext(*opts: str) -> Callable[[Path], str]:
    def run(pdf: Path) -> str:
        return subprocess.run(["pdftotext", "-enc", "UTF-8", *opts, str(pdf), "-"], check=True,
                              capture_output=True).stdout.decode("utf-8")
    return run


def _pdfplumber(layout: bool) -> Callable[[Path], str]:
    def run(pdf: Path) -> str:
        import logging

        import pdfplumber

        logging.getLogger("pdfminer").setLevel(logging.ERROR)
        with pdfplumber.open(pdf) as doc:
            return "\f".join(page.extract_text(layout=layout) for page in doc.pages)
    return run


def _pypdfium2(pdf: Path) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return "\f".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def _pymupdf(pdf: Path) -> str:
    import pymupdf

    with pymupdf.open(pdf) as doc:
        return "\f".join(page.get_text() for page in doc)


def _pymupdf4llm(pdf: Path) -> str:
    import pymupdf4llm

    return "\f".join(chunk["text"] for chunk in pymupdf4llm.to_markdown(str(pdf), page_chunks=True,
                                                                       show_progress=False))


def _markitdown(pdf: Path) -> str:
    from markitdown import MarkItDown

    return MarkItDown().convert(str(pdf)).text_content  # whole document: it has no page-wise option


# file name -> (how it was called, function, what it needs: a program on PATH or a Python module)
CONVERTERS: dict[str, tuple[str, Callable[[Path], str], tuple[str, str]]] = {
    "pdftotext.txt": ("pdftotext -enc UTF-8 table.pdf", _pdftotext(), ("program", "pdftotext")),
    "pdftotext-layout.txt": ("pdftotext -enc UTF-8 -layout table.pdf", _pdftotext("-layout"),
                             ("program", "pdftotext")),
    "pdftotext-raw.txt": ("pdftotext -enc UTF-8 -raw table.pdf", _pdftotext("-raw"), ("program", "pdftotext")),
    "pdfplumber.txt": ("pdfplumber: page.extract_text(), pages joined by \\f", _pdfplumber(False),
                       ("module", "pdfplumber")),
    "pdfplumber-layout.txt": ("pdfplumber: page.extract_text(layout=True), pages joined by \\f",
                              _pdfplumber(True), ("module", "pdfplumber")),
    "pypdfium2.txt": ("pypdfium2: page.get_textpage().get_text_range(), pages joined by \\f", _pypdfium2,
                      ("module", "pypdfium2")),
    "pymupdf.txt": ("pymupdf: page.get_text(), pages joined by \\f", _pymupdf, ("module", "pymupdf")),
    "pymupdf4llm.md": ("pymupdf4llm.to_markdown(path, page_chunks=True): chunk texts joined by \\f",
                       _pymupdf4llm, ("module", "pymupdf4llm")),
    "markitdown.md": ("MarkItDown().convert(path).text_content (whole document)", _markitdown,
                      ("module", "markitdown")),
}


def missing(name: str) -> str | None:
    """Why converter ``name`` cannot run here (None when it can)."""
    what, needed = CONVERTERS[name][2]
    if what == "program":
        return None if shutil.which(needed) else f"{needed} not on PATH (poppler-utils)"
    return None if importlib.util.find_spec(needed) else f"Python package {needed} not installed"


def available() -> dict[str, Callable[[Path], str]]:
    """name -> function for every converter this machine can run."""
    return {name: fn for name, (_, fn, _) in CONVERTERS.items() if missing(name) is None}


def convert(pdf: Path, names: list[str]) -> dict[str, str]:
    """The texts of the named converters; pdfplumber's two modes share one parse of the PDF (the same
    text as running each alone, in about half the time)."""
    out: dict[str, str] = {}
    both = {"pdfplumber.txt", "pdfplumber-layout.txt"} <= set(names)
    if both:
        import logging

        import pdfplumber

        logging.getLogger("pdfminer").setLevel(logging.ERROR)
        with pdfplumber.open(pdf) as doc:
            pages = [(page.extract_text(), page.extract_text(layout=True)) for page in doc.pages]
        out["pdfplumber.txt"] = "\f".join(a for a, _ in pages)
        out["pdfplumber-layout.txt"] = "\f".join(b for _, b in pages)
    for name in names:
        if name not in out:
            out[name] = CONVERTERS[name][1](pdf)
    return {name: out[name] for name in names}
