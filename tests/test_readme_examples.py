"""Every `peelkit …` line in the code blocks of README.md and docs/*.md runs on the shipped data (exit 0)."""

from __future__ import annotations

import re
import shlex
import shutil

import pytest
from typer.testing import CliRunner

from peelkit.cli import app
from peelkit.export.pdf import soffice

from .conftest import CLEAN, RAW, ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

# Illustrative lines that need a file the repository does not ship (a State of Policing PDF; a 2021/22
# force report: tests/test_export_areas.py runs that export on the generated one).
ILLUSTRATIVE = {
    "peelkit debug-pdf report.pdf",
    "peelkit debug-pdf report.pdf --page 143",
    "peelkit export board-2021.xlsx --year 2021/22 --force Leicestershire",
}


def _examples(path) -> list[str]:
    lines, inside = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside = not inside
        elif inside and line.startswith("peelkit "):
            lines.append(re.sub(r"\s+#.*$", "", line).strip())
    return lines


README_EXAMPLES = _examples(PAGES[0])
EXAMPLES = list(dict.fromkeys(x for page in PAGES for x in _examples(page)))


def test_the_docs_have_examples_and_the_skip_list_is_current():
    assert len(README_EXAMPLES) >= 10 and len(EXAMPLES) >= 40
    assert ILLUSTRATIVE <= set(EXAMPLES), "remove lines from ILLUSTRATIVE that the docs no longer have"
    assert not ILLUSTRATIVE & set(README_EXAMPLES), "every README example must run on the shipped data"


@pytest.fixture
def home(tmp_path):
    """A fresh copy of data/ for each example (extract rewrites data/clean), so no example depends on
    another having run first; other/clean stands for a second extraction, which the README's
    `peelkit extract ... --out other/clean` makes."""
    shutil.copytree(RAW, tmp_path / "data" / "raw")
    shutil.copytree(CLEAN, tmp_path / "data" / "clean")
    shutil.copytree(CLEAN, tmp_path / "other" / "clean")
    return tmp_path


def _needs_libreoffice(line: str) -> bool:
    """`peelkit export NAME.pdf ...`: the PDF is rendered by LibreOffice, which is optional."""
    args = shlex.split(line)
    return args[1:2] == ["export"] and any(a.lower().endswith(".pdf") for a in args[2:3])


def test_only_pdf_exports_need_libreoffice():
    assert [x for x in EXAMPLES if _needs_libreoffice(x)] == ["peelkit export board.pdf --force Leics"]


@pytest.mark.parametrize("line", [x for x in EXAMPLES if x not in ILLUSTRATIVE])
def test_documented_example_runs(line, home, monkeypatch):
    if _needs_libreoffice(line) and soffice() is None:
        pytest.skip("LibreOffice (soffice) not installed: it is optional, needed only for a .pdf export")
    monkeypatch.chdir(home)
    monkeypatch.setenv("PEELKIT_HOME", str(home))
    res = CliRunner().invoke(app, shlex.split(line)[1:], env={"COLUMNS": "120", "NO_COLOR": "1"})
    assert res.exit_code == 0, f"{line}\n{res.output}"
    assert not re.search(r"^error:", res.stderr, re.M), res.stderr
