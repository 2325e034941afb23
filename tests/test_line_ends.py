"""Line ends: a text with CR-only line ends (old Mac tools), CRLF (Windows) or LF is recognised and read
as the same document, with the same rows on the same line numbers."""

from __future__ import annotations

import pytest

from peelkit import extract
from peelkit.errors import SourceError

from .conftest import RAW, ROOT

TEXTS = sorted(RAW.glob("*.txt")) + sorted((ROOT / "tests" / "fixtures" / "converters" / "plain").glob("*.*[dt]"))
KNOWN = [p for p in TEXTS if p.name not in ("opcc_board_paper_hmic_update.txt", "hmic_leaflet_pcc_use_of_inspections.txt",
                                            "pdftotext.txt")]


def _with_line_ends(src, tmp_path, end):
    data = src.read_bytes().replace(b"\r\n", b"\n")
    assert b"\r" not in data
    d = tmp_path / {"\r": "cr", "\r\n": "crlf"}[end]
    d.mkdir()
    p = d / src.name  # same name: the same source_file in every row
    p.write_bytes(data.replace(b"\n", end.encode()))
    return p


@pytest.mark.parametrize("src", KNOWN, ids=lambda p: p.name)
@pytest.mark.parametrize("end", ["\r", "\r\n"], ids=["cr", "crlf"])
def test_cr_only_and_crlf_texts_read_exactly_as_their_lf_version(src, end, tmp_path):
    want = extract.extract_file(src)
    got = extract.extract_file(_with_line_ends(src, tmp_path, end))
    assert got is not None, f"{src.name} with {end!r} line ends not recognised"
    assert (got.kind, got.meta) == (want.kind, want.meta)
    assert got.tables == want.tables
    assert sum(len(rows) for rows in got.tables.values()) > 10


def test_an_unknown_text_is_refused_alike_with_any_line_end(tmp_path):
    src = RAW / "opcc_board_paper_hmic_update.txt"
    assert extract.extract_file(src) is None
    assert extract.extract_file(_with_line_ends(src, tmp_path, "\r")) is None
    with pytest.raises(SourceError, match="not a document peelkit knows"):
        extract.run([_with_line_ends(src, tmp_path, "\r\n")], write=False)
