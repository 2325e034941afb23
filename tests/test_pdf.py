"""PDF sources: the State of Policing table rendered into PDFs (tests/pdfgen.py) must give exactly the
rows of the text path, with the page as provenance; damaged or wrong inputs give one clean error."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peelkit import extract
from peelkit.cli import app
from peelkit.errors import SourceError
from peelkit.sources import pdf as pdfsrc
from peelkit.sources.pdf import extract_pdf

from .conftest import CLEAN, ROOT
from .pdfgen import build_pdf, build_plain_pdf, text_tables

runner = CliRunner()
TABLES = ("pillars", "questions", "printed_totals")
VARIANTS = {
    "plain": {},  # no ruling lines, no fills
    "ruled": {"ruled": True},
    "fills": {"fills": True},
    "wrap": {"wrap": True},  # narrow columns: "Last inspected" and the question texts wrap inside their cells
    "all": {"ruled": True, "fills": True, "wrap": True},
}
# a force row left out: inside a page, and the last row of a page (found from the next page's first force)
BROKEN = {"broken": ("effectiveness", "kent", "Kent", 0),
          "broken_last": ("efficiency", "metropolitan", "Metropolitan Police", 2)}


def _key(row: dict) -> tuple:
    return tuple(sorted((k, v) for k, v in row.items() if not k.startswith("source_")))


def _rows(tables: dict, name: str) -> list[tuple]:
    return sorted(_key(r) for r in tables[name])


@pytest.fixture(scope="session")
def pdfs(shared) -> dict[str, tuple[Path, dict]]:
    """Every generated PDF once per test run: name -> (path, {"pages", "table_pages"})."""
    return shared.value("test_pdf-pdfs", _build_pdfs)


def _build_pdfs(d: Path) -> dict[str, tuple[Path, dict]]:
    out = {}
    for name, kw in VARIANTS.items():
        p = d / f"sop_{name}.pdf"
        out[name] = (p, build_pdf(p, **kw))
    for name, (pillar, force_id, _, _) in BROKEN.items():
        p = d / f"sop_{name}.pdf"
        out[name] = (p, build_pdf(p, drop=(pillar, force_id)))
    p = d / "no_table.pdf"
    out["no_table"] = (p, build_pdf(p, with_table=False))
    p = d / "encrypted.pdf"
    out["encrypted"] = (p, build_pdf(p, encrypt="pw", before=0, after=0))
    return out


@pytest.fixture(scope="session")
def extracted(pdfs, shared) -> dict:
    return shared.value("test_pdf-extracted",
                        lambda _: {name: extract_pdf(pdfs[name][0]) for name in (*VARIANTS, *BROKEN)})


@pytest.fixture(scope="session")
def text() -> dict:
    return text_tables()


# ----------------------------------------------------------------- same rows as the text path


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_pdf_gives_the_rows_of_the_text_path(variant, extracted, text, pdfs):
    ex = extracted[variant]
    for t in TABLES:
        assert _rows(ex.tables, t) == _rows(text, t), (variant, t)
    table_pages = set(pdfs[variant][1]["table_pages"])
    for t in TABLES:
        for r in ex.tables[t]:
            assert isinstance(r["source_page"], int) and r["source_line"] is None, r
            assert r["source_file"] == pdfs[variant][0].name
            if t != "printed_totals" or r["kind"] == "table":
                assert r["source_page"] in table_pages, r
    assert ex.meta == {"year": "2018/19", "scale": 4, "forces": 43}


@pytest.mark.parametrize("variant", ["plain", "all"])
def test_unplaceable_column_parts_are_the_text_paths_findings(variant, extracted, text):
    """Parts the text path could not align are blank in the PDF: the same (pillar, question, forces
    expected) findings, and nothing else to review."""
    ex = extracted[variant]
    want = sorted((r["pillar"], r["question_id"], r["expected"]) for r in text["review"]
                  if r["kind"] == "count_mismatch")
    got = sorted((r["pillar"], r["question_id"], r["expected"]) for r in ex.tables["review"]
                 if r["kind"] == "count_mismatch")
    assert got == want
    assert {r["kind"] for r in ex.tables["review"]} == {"count_mismatch"}
    assert all(r["source_page"] and r["found"] == "0" for r in ex.tables["review"])


def test_sentence_totals_point_at_their_page(extracted, pdfs):
    ex = extracted["plain"]
    sentences = [r for r in ex.tables["printed_totals"] if r["kind"] == "sentence"]
    assert len(sentences) == 21
    texts = pdfsrc.scan(pdfs["plain"][0]).texts
    for r in sentences:
        assert "we graded" in texts[r["source_page"] - 1] or "stayed the same" in texts[r["source_page"] - 1]


def test_golden_values_and_pages(extracted, pdfs):
    ex = extracted["wrap"]
    pages = pdfs["wrap"][1]["table_pages"]  # effectiveness A-M, N-W, efficiency A-M, N-W, legitimacy ...
    row = next(r for r in ex.tables["pillars"] if r["force_id"] == "leicestershire" and r["pillar"] == "efficiency")
    assert (row["grade"], row["trend"], row["source_page"]) == ("Good", "Improved", pages[2])
    q = next(r for r in ex.tables["questions"] if r["force_id"] == "surrey" and r["question_id"] == "preventing-crime")
    assert (q["grade"], q["last_inspected"], q["source_page"]) == ("Outstanding", "2018/19", pages[1])
    assert q["question"] == ("How effective is the force at preventing crime, tackling anti-social behaviour and "
                             "keeping people safe?")
    tot = [r for r in ex.tables["printed_totals"] if r["kind"] == "table" and r["question_id"] == "preventing-crime"]
    assert sorted((r["value"], r["count"], r["source_page"]) for r in tot) == [
        ("Good", 34, pages[1]), ("Inadequate", 1, pages[1]), ("Outstanding", 2, pages[1]),
        ("Requires improvement", 6, pages[1])]


def test_extract_run_checks_the_pdf_against_its_printed_totals(pdfs):
    res = extract.run([pdfs["ruled"][0]], write=False)
    assert len(res.comparisons) == 37
    assert all(c.printed == c.derived for c in res.comparisons)
    assert not [r for r in res.tables["review"] if r["kind"] == "total_mismatch"]


# ----------------------------------------------------------------- a broken page


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_page_is_a_count_mismatch_and_nothing_moves(name, extracted, text, pdfs):
    pillar, force_id, force, k = BROKEN[name]
    ex = extracted[name]
    page = pdfs[name][1]["table_pages"][k]
    rows = [r for r in ex.tables["review"] if r["kind"] == "count_mismatch" and r["question_id"] is None]
    assert len(rows) == 1
    r = rows[0]
    assert (r["pillar"], r["source_page"], r["expected"], r["found"]) == (pillar, page, "25", "24")
    assert f"missing: {force}" in r["message"]
    assert any(r["kind"] == "missing_force" and force in r["message"] for r in ex.tables["review"])
    # no row for that force's judgments in that pillar; every other row exactly as the text path has it
    for t in ("pillars", "questions"):
        got = _rows(ex.tables, t)
        want = [k for k in _rows(text, t) if not (dict(k)["force_id"] == force_id and dict(k)["pillar"] == pillar)]
        assert got == want, t
    assert _rows(ex.tables, "printed_totals") == _rows(text, "printed_totals")


# ----------------------------------------------------------------- bad inputs


def _bad_inputs(pdfs, d: Path) -> dict[str, tuple[Path, str]]:
    good = pdfs["plain"][0].read_bytes()
    files = {
        "empty": (b"", "empty"),
        "not_pdf": (b"Force,grade\nKent,Good\n", "not a PDF"),
        "corrupt": (b"%PDF-1.4\n" + bytes(range(256)) * 40, "corrupt"),
        "truncated": (good[: len(good) // 2], "truncated"),
    }
    out = {}
    for name, (data, msg) in files.items():
        p = d / f"{name}.pdf"
        p.write_bytes(data)
        out[name] = (p, msg)
    out["encrypted"] = (pdfs["encrypted"][0], "encrypted")
    out["no_table"] = (pdfs["no_table"][0], "PEEL judgments table")
    return out


BAD = ["empty", "not_pdf", "corrupt", "truncated", "encrypted", "no_table"]


@pytest.fixture(scope="session")
def bad(pdfs, tmp_path_factory):
    return _bad_inputs(pdfs, tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize("name", BAD)
def test_bad_pdf_is_a_source_error_naming_the_file(name, bad):
    path, msg = bad[name]
    with pytest.raises(SourceError) as err:
        extract_pdf(path)
    assert str(path) in str(err.value)
    assert msg.lower() in str(err.value).lower()


def _clean_hashes() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(CLEAN.iterdir()) if p.is_file()}


@pytest.mark.parametrize("name", BAD)
def test_bad_pdf_on_the_command_line(name, bad, tmp_path):
    path, msg = bad[name]
    before = _clean_hashes()
    out = tmp_path / "clean"
    res = runner.invoke(app, ["extract", str(path), "--out", str(out)], env={"COLUMNS": "300", "NO_COLOR": "1"})
    assert res.exit_code == 1, res.output
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and str(path.name) in lines[0], res.stderr
    assert msg.lower() in lines[0].lower()
    assert "Traceback" not in res.output
    assert not out.exists()
    assert _clean_hashes() == before


def test_other_kinds_of_pdf_go_to_their_parser_with_pages(tmp_path, monkeypatch):
    from peelkit.sources import detect

    p = tmp_path / "catalogue.pdf"
    build_plain_pdf(p, ["Stub catalogue of reports"] + ["filler paragraph"] * 200 + ["STUB LAST LINE"])
    monkeypatch.setattr(detect, "KINDS", [detect.Kind("stub", "stub kind", r"^Stub catalogue",
                                                      "tests.test_pdf:_stub_parser")])
    ex = extract_pdf(p)
    lines, pages = ex.meta["lines"], ex.meta["pages"]
    assert len(lines) == len(pages) and pages[0] == 1 and pages[-1] == max(pages) > 1
    assert lines[0] == "Stub catalogue of reports"
    last = next(i for i, ln in enumerate(lines) if "STUB LAST LINE" in ln)
    assert pages[last] == max(pages)


def _stub_parser(lines, source_file, pages=None):
    from peelkit.schema import Extraction

    return Extraction(source_file, "stub", meta={"lines": lines, "pages": pages})


# ----------------------------------------------------------------- debug-pdf, progress, imports


def test_debug_pdf_lists_the_table_pages(pdfs):
    path, info = pdfs["wrap"]
    res = runner.invoke(app, ["debug-pdf", str(path)], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert f"judgments table pages: {', '.join(map(str, info['table_pages']))}" in res.output


def test_debug_pdf_shows_header_columns_and_rows(pdfs):
    path, info = pdfs["wrap"]
    page = info["table_pages"][1]
    res = runner.invoke(app, ["debug-pdf", str(path), "--page", str(page)], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    out = res.output
    assert "table found: yes" in out and "title line 'PEEL judgments table continued'" in out
    assert "pillar: effectiveness" in out
    for label in ("effectiveness judgment", "effectiveness trend", "preventing-crime judgment",
                  "preventing-crime last inspected"):
        assert label in out
    assert "Norfolk (force)" in out and "Totals (totals)" in out and "Outstanding (total)" in out


def test_debug_pdf_on_a_narrative_page_says_why_not(pdfs):
    path, _ = pdfs["plain"]
    res = runner.invoke(app, ["debug-pdf", str(path), "--page", "1"], env={"COLUMNS": "200"})
    assert res.exit_code == 0
    assert "no line 'PEEL judgments table'" in res.output and "table found: no" in res.output
    res = runner.invoke(app, ["debug-pdf", str(path), "--page", "999"])
    assert res.exit_code == 2 and "out of range" in res.stderr


def test_progress_reports_every_page(pdfs):
    path, info = pdfs["plain"]
    seen = []
    pdfsrc.scan(path, progress=seen.append, jobs=1)  # in one process: after each page
    assert len(seen) == info["pages"]
    assert pdfsrc.parse_progress(seen[-1]) == (info["pages"], info["pages"])
    seen = []
    pdfsrc.scan(path, progress=seen.append, jobs=2)  # worker processes report every few pages
    done = [pdfsrc.parse_progress(m) for m in seen]
    assert done[-1] == (info["pages"], info["pages"]) and done == sorted(done)


def test_help_does_not_import_pdf_libraries():
    code = ("import sys; from peelkit.cli import app; "
            "assert not {'pdfplumber', 'pypdfium2', 'pdfminer'} & set(sys.modules), sorted(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=60)


# ----------------------------------------------------------------- extract on the command line


def test_extract_command_writes_pdf_rows_with_pages(pdfs, tmp_path):
    path, info = pdfs["fills"]
    out = tmp_path / "clean"
    res = runner.invoke(app, ["extract", str(path), "--out", str(out)], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert res.exit_code == 0, res.output
    assert "37 of 37 reproduced" in res.stderr and "scanning" not in res.stderr  # no progress bar off a terminal
    import csv

    with (out / "pillars.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 129
    assert all(r["source_line"] == "" and int(r["source_page"]) in info["table_pages"] for r in rows)


def test_directory_scan_skips_a_pdf_without_the_table(pdfs, tmp_path):
    """Named on the command line a PDF without the table is an error (above); found in a directory
    scan it is skipped with a note, like an unknown text file, and the other sources still extract."""
    import shutil

    from .conftest import SOP

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SOP, raw / SOP.name)
    shutil.copy(pdfs["no_table"][0], raw / "narrative_only.pdf")
    out = tmp_path / "clean"
    res = runner.invoke(app, ["extract", str(raw), "--out", str(out)], env={"COLUMNS": "300", "NO_COLOR": "1"})
    assert res.exit_code == 0, res.output
    assert "skipped narrative_only.pdf: no PEEL judgments table" in res.stderr
    assert (out / "pillars.csv").read_text(encoding="utf-8").count("\n") == 1 + 129
