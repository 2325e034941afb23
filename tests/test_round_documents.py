"""Every kind of PEEL document, each as a generated PDF and as the texts four converters make of it
(tests/fixtures/rounds/, scripts/make_round_fixtures.py): the rows it prints, with their source, and the
document's own checks agree. A grid read from text that keeps no columns is refused (exit 1), never guessed."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peelkit import extract, model
from peelkit.cli import app
from peelkit.errors import LayoutError

from .conftest import ROOT

FIX = ROOT / "tests" / "fixtures" / "rounds"
DOCS = sorted(p.name for p in FIX.iterdir() if p.is_dir())
SOURCES = ["doc.pdf", "pdftotext-layout.txt", "pdftotext-raw.txt", "pdfplumber.txt", "pypdfium2.txt"]
POSITIONAL = {"doc.pdf", "pdftotext-layout.txt"}  # sources that keep a grid's columns
GRIDS = {"area-2021-grid", "area-2023-grid"}
KINDS = {"force": "force_report", "area": "area_report", "list": "national_list", "exception": "national_list"}
KINDS_OF = {"list-2023-areas": "grade_list"}  # a force's areas as a list: not a national figure
runner = CliRunner()


def expected(doc: str) -> dict[str, list[dict]]:
    return json.loads((FIX / doc / "expected.json").read_text(encoding="utf-8"))


def key(r: dict) -> tuple:
    return (r["force_id"], r.get("pillar") or "", r.get("question_id") or r.get("area_id") or "", r["grade"])


def rows(ex, table: str) -> list[tuple]:
    return sorted(key(r) for r in ex.rows(table))


def test_the_fixtures_are_all_there():
    assert len(DOCS) == 11
    for d in DOCS:
        assert {p.name for p in (FIX / d).iterdir()} == {*SOURCES, "expected.json"}, d


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("doc", DOCS)
def test_every_document_gives_every_judgment_it_prints(doc, source, package):
    path = FIX / doc / source
    pkg = package(path)  # extracted once per run (tests/test_every_package_validates.py validates the package)
    ex = pkg.extraction
    if doc in GRIDS and source not in POSITIONAL:
        with pytest.raises(LayoutError) as err:
            extract.check_yield(ex, str(path))
        msg = str(err.value)
        assert "grid" in msg and "pdftotext -layout" in msg and "\n" not in msg
        assert ex.rows("areas") == [] and ex.meta["unfit_grid"] is True
        assert isinstance(pkg.error, LayoutError) and str(pkg.error) == msg  # what extract.run said
        return
    assert pkg.error is None, pkg.error
    extract.check_yield(ex, str(path))
    assert ex.kind == KINDS_OF.get(doc, KINDS[doc.split("-")[0]])
    want = expected(doc)
    for table in ("pillars", "questions", "areas"):
        assert rows(ex, table) == sorted(key(r) for r in want.get(table, [])), table
    assert ex.rows("review") == [], [r["message"] for r in ex.rows("review")]
    afi = [(r["question_id"], r["number"], r["text"]) for r in ex.rows("areas_for_improvement")]
    assert afi == [(r["question_id"], r["number"], r["text"]) for r in want.get("areas_for_improvement", [])]
    rnd = model.round_by_id(next(iter(r["round"] for t in ("pillars", "areas") for r in ex.rows(t))))
    for t in ("pillars", "questions", "areas"):
        for r in ex.rows(t):
            assert (r["round"], r["scale"], r["year"]) == (rnd.round_id, rnd.scale, rnd.year)
            assert r["source_file"] == source


def _page_texts(pdf: Path) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def _printed(r: dict) -> str:
    """A word every row's source line or page must hold: the area or force as printed, or the sentence."""
    if r.get("area"):
        return "victims of crime" if r["grade"] == "Ungraded" else r["area"].split()[0]
    if r.get("question"):
        return r["grade"].split()[0]
    return ""


@pytest.mark.parametrize("doc", sorted(set(DOCS) - {"exception-2017-legitimacy"}))
def test_each_row_names_the_line_or_page_it_was_printed_on(doc, package):
    layout = (FIX / doc / "pdftotext-layout.txt").read_text(encoding="utf-8").split("\n")
    ex = package(FIX / doc / "pdftotext-layout.txt").extraction
    pdf = package(FIX / doc / "doc.pdf").extraction
    pages = _page_texts(FIX / doc / "doc.pdf")
    from tests.roundgen import INFORMAL

    for t in ("pillars", "questions", "areas"):
        by_pdf = {key(r): r for r in pdf.rows(t)}
        for r in ex.rows(t):
            line = layout[r["source_line"] - 1]
            word = _printed(r) or (INFORMAL.get(r["force_id"], r["force"]).split()[0] if t == "pillars" and
                                   ex.kind == "national_list" else r["grade"].split()[0])
            if r["grade"] == "Ungraded" and t == "pillars":
                word = "not graded"
            assert word.lower() in line.lower(), (t, r, line)
            p = by_pdf[key(r)]
            assert p["source_line"] is None and word.lower() in pages[p["source_page"] - 1].replace("\r\n", " ").lower()


def test_by_exception_rows_cite_their_sentence(package):
    ex = package(FIX / "exception-2017-legitimacy" / "pdftotext-raw.txt").extraction
    text = (FIX / "exception-2017-legitimacy" / "pdftotext-raw.txt").read_text(encoding="utf-8").split("\n")
    by = {r["force_id"]: r for r in ex.rows("pillars")}
    assert by["kent"]["grade"] == "Outstanding" and "Kent was graded outstanding" in text[by["kent"]["source_line"] - 1]
    assert by["greater-manchester"]["grade"] == "Ungraded"
    rest = [r for r in ex.rows("pillars") if r["grade"] == "Good"]
    assert len(rest) == 35 and {text[r["source_line"] - 1] for r in rest} == {
        "Mercia, West Midlands and Wiltshire); all other forces were graded good."}


@pytest.mark.parametrize("doc, n", [("list-2017-legitimacy", 7), ("list-2016-effectiveness", 4),
                                    ("exception-2017-legitimacy", 0)])
def test_national_lists_check_their_printed_counts(package, doc, n):
    res = package(FIX / doc / "pdftotext-raw.txt").result
    assert len(res.comparisons) == n
    assert all(c.printed == c.derived for c in res.comparisons)
    assert not [r for r in res.tables["review"] if r["kind"].startswith("total")]
    grades = [r["grade"] for r in res.tables["pillars"]]
    rnd = model.round_by_id(res.tables["pillars"][0]["round"])
    published = rnd.national_counts(res.tables["pillars"][0]["pillar"])
    assert {g: grades.count(g) for g in published} == published  # as data/rounds.toml has them


def _csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_a_2021_22_report_package_holds_its_areas(package):
    """The package extract.run writes of the report, read back from its CSVs (the package is extracted once
    per run, conftest ``package``; tests/test_every_package_validates.py validates it, `peelkit validate`
    of it beside data/raw is tests/test_rounds_end_to_end.py's, `peelkit extract` of a PDF tests/test_pdf.py's)."""
    pkg = package(FIX / "area-2021-grid" / "doc.pdf")
    assert pkg.error is None, pkg.error
    out = pkg.out
    areas = _csv(out / "areas.csv")
    assert len(areas) == 10
    row = next(r for r in areas if r["area_id"] == "recording-crime-data")
    assert (row["year"], row["round"], row["scale"], row["force"], row["grade"], row["report_year"], row["source_page"],
            row["source_line"]) == ("2021/22", "2021/22", "5", "Leicestershire", "Outstanding", "2021", "2", "")
    wrapped = next(r for r in areas if r["area_id"] == "strategic-planning")
    assert wrapped["area"] == "Strategic planning, organisational management and value for money"
    assert wrapped["source_page"] == "3"  # carried on over the page break
    assert next(r for r in areas if r["area_id"] == "victims")["grade"] == "Ungraded"
    assert _csv(out / "pillars.csv") == [] and _csv(out / "review.csv") == []


def test_a_grid_in_text_without_columns_is_one_line_and_exit_1(tmp_path):
    out = tmp_path / "clean"
    res = runner.invoke(app, ["extract", str(FIX / "area-2021-grid" / "pdfplumber.txt"), "--out", str(out)])
    assert res.exit_code == 1
    assert "pdftotext -layout" in res.output and "Traceback" not in res.output
    assert not out.exists()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
@pytest.mark.parametrize("doc", sorted(GRIDS))
def test_this_machines_pdftotext_layout_reads_the_grid(tmp_path, doc):
    """The committed text came from one poppler version; the installed one must read the same."""
    txt = tmp_path / "layout.txt"
    subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(FIX / doc / "doc.pdf"), str(txt)], check=True)
    ex = extract.extract_file(txt)
    extract.check_yield(ex, str(txt))
    assert rows(ex, "areas") == sorted(key(r) for r in expected(doc)["areas"])
