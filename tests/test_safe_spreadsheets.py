"""Safe spreadsheets (issue 17, item 4): hostile titles, file names and options never become formulas.

Real documents are extracted under hostile names (the State of Policing text as ``=2+3.txt``) with a
catalogue whose titles start with = @ + -; every workbook peelkit writes from them holds text cells only
(no cell of type 'f', no <f> element in any sheet's XML), the board paper's CSV folder neutralises such
cells with a leading quote, and the tidy tables keep the exact values.
"""

from __future__ import annotations

import csv
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peelkit import export as ex
from peelkit import extract
from peelkit.cli import app

from .conftest import RAW

openpyxl = pytest.importorskip("openpyxl")

HYPERLINK = '=HYPERLINK("http://evil.example/x","x")'
HOSTILE_TITLES = {  # a fragment of the printed title line -> the hostile title put in its place
    "PEEL spotlight report": HYPERLINK,
    "An inspection into activism and impartiality in policing": "@SUM(1+1)*cmd|' /C calc'!A0",
    "Police Performance - Getting a Grip": "+2+3",
    "Revisiting police relationships: progress report": "-2+3",
}
runner = CliRunner()
ENV = {"NO_COLOR": "1", "COLUMNS": "200"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """A clean folder extracted from the real documents under hostile names and titles."""
    root = tmp_path_factory.mktemp("hostile")
    raw = root / "raw"
    raw.mkdir()
    shutil.copyfile(RAW / "state_of_policing_2019_part2.txt", raw / "=2+3.txt")
    shutil.copyfile(RAW / "peel_effectiveness_2016_leicestershire.txt", raw / "@peel 2016.txt")
    text = (RAW / "leicestershire_opcc_hmic_reports.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    for old, new in HOSTILE_TITLES.items():
        i = next(i for i, ln in enumerate(lines) if old in ln)
        lines[i] = new
    text = "\n".join(lines)
    (raw / "+reports.txt").write_text(text, encoding="utf-8")
    extract.run(sorted(raw.iterdir()), root / "clean")
    return root / "clean"


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def assert_no_formula(xlsx: Path) -> int:
    """No formula anywhere: every cell of every sheet read back, and the raw XML. Returns the cells seen."""
    wb = openpyxl.load_workbook(xlsx)
    seen = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    seen += 1
                    assert c.data_type != "f", (ws.title, c.coordinate, c.value)
    with zipfile.ZipFile(xlsx) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                assert not re.search(rb"<f[ >/]", z.read(name)), name
    return seen


def test_tidy_tables_keep_the_exact_values(hostile):
    titles = {r["title"] for r in _rows(hostile / "reports.csv")}
    assert set(HOSTILE_TITLES.values()) <= titles
    assert {r["source_file"] for r in _rows(hostile / "pillars.csv")} >= {"=2+3.txt", "@peel 2016.txt"}


@pytest.mark.parametrize("accessible", [False, True])
def test_board_workbook_holds_no_formula(hostile, tmp_path, accessible):
    p = tmp_path / "board.xlsx"
    ex.export(p, hostile, "Leicestershire", accessible=accessible)
    assert assert_no_formula(p) > 1000
    wb = openpyxl.load_workbook(p)
    titles = [c.value for c in wb["Reports"]["C"]]
    assert HYPERLINK in titles and "-2+3" in titles and "+2+3" in titles  # kept as text, exactly
    files = [c.value for c in wb["Sources"]["A"]]
    assert "=2+3.txt" in files and "+reports.txt" in files
    cell = next(c for c in wb["Reports"]["C"] if c.value == HYPERLINK)
    assert cell.data_type == "s" and cell.hyperlink is None


def test_grid_workbook_and_national_paper_hold_no_formula(hostile, tmp_path):
    ex.export(tmp_path / "national.xlsx", hostile)
    assert_no_formula(tmp_path / "national.xlsx")
    res = runner.invoke(app, ["grid", "--level", "question", "-o", str(tmp_path / "g.xlsx"), "--data", str(hostile)],
                        env=ENV)
    assert res.exit_code == 0, res.output
    assert_no_formula(tmp_path / "g.xlsx")


def test_csv_folder_neutralises_formula_cells(hostile, tmp_path):
    out = tmp_path / "board"
    ex.export(out, hostile, "Leicestershire", fmt="csv")
    starts = ("=", "+", "-", "@", "\t", "\r")
    cells = 0
    for p in out.iterdir():
        with p.open(encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                for v in row:
                    cells += 1
                    assert not v.startswith(starts), (p.name, v)
    titles = {r["Title"] for r in _rows(out / "reports.csv")}
    assert "'" + HYPERLINK in titles and "'-2+3" in titles and "'@SUM(1+1)*cmd|' /C calc'!A0" in titles
    assert "'=2+3.txt" in {r["File"] for r in _rows(out / "sources.csv")}
    assert cells > 1000


@pytest.mark.parametrize("argv", [
    ["export", "{tmp}/b.xlsx", "--force", HYPERLINK],
    ["export", "{tmp}/b.xlsx", "--force", "Leics", "--against", "=1+2"],
    ["grid", "--group", "@SUM(A1:A9)", "-o", "{tmp}/b.xlsx"],
    ["compare", "--force", "Leics", "--against", "Derbyshire, +cmd", "-o", "{tmp}/b.csv"],
])
def test_hostile_options_are_unknown_names_and_write_nothing(hostile, tmp_path, argv):
    res = runner.invoke(app, [a.replace("{tmp}", str(tmp_path)) for a in argv] + ["--data", str(hostile)], env=ENV)
    assert res.exit_code == 2, res.output
    assert "unknown" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
