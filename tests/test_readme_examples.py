"""Every `peelkit …` line in the README's code blocks runs on the shipped data (exit 0)."""

from __future__ import annotations

import re
import shlex
import shutil

import pytest
from typer.testing import CliRunner

from peelkit.cli import app
from peelkit.export.pdf import soffice

from .conftest import CLEAN, RAW, ROOT

# Illustrative lines that need a file the repository does not ship (a State of Policing PDF; a 2021/22 force
# report: tests/test_export_areas.py runs that export on the generated one).
ILLUSTRATIVE = {
    "peelkit debug-pdf report.pdf",
    "peelkit debug-pdf report.pdf --page 143",
    "peelkit export board-2021.xlsx --year 2021/22 --force Leicestershire",
}


def _examples() -> list[str]:
    lines, inside = [], False
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside = not inside
        elif inside and line.startswith("peelkit "):
            lines.append(re.sub(r"\s+#.*$", "", line).strip())
    return lines


EXAMPLES = _examples()


def test_the_readme_has_examples_and_the_skip_list_is_current():
    assert len(EXAMPLES) >= 15
    assert ILLUSTRATIVE <= set(EXAMPLES), "remove lines from ILLUSTRATIVE that the README no longer has"


@pytest.fixture
def home(tmp_path):
    """A copy of data/ to run an example in (extract rewrites data/clean), one per example: no example
    depends on which others ran before it (the suite runs in any order, on several workers)."""
    shutil.copytree(RAW, tmp_path / "data" / "raw")
    shutil.copytree(CLEAN, tmp_path / "data" / "clean")
    return tmp_path


def _writes(line: str) -> str | None:
    """The folder an example writes with ``--out``, if any."""
    args = shlex.split(line)
    return args[args.index("--out") + 1] if "--out" in args[:-1] else None


def _needs(line: str, home) -> list[str]:
    """The earlier examples that write a folder this one reads and a fresh copy of data/ lacks
    (`peelkit diff other/clean/pillars.csv ...` reads what `peelkit extract ... --out other/clean` wrote)."""
    missing = [a for a in shlex.split(line)[2:] if not a.startswith("-") and "/" in a and not (home / a).exists()]
    earlier = EXAMPLES[:EXAMPLES.index(line)]
    return [x for x in earlier if _writes(x) and any(a == _writes(x) or a.startswith(_writes(x).rstrip("/") + "/")
                                                    for a in missing)]


def _run(line: str):
    return CliRunner().invoke(app, shlex.split(line)[1:], env={"COLUMNS": "120", "NO_COLOR": "1"})


def _needs_libreoffice(line: str) -> bool:
    """`peelkit export NAME.pdf ...`: the PDF is rendered by LibreOffice, which is optional."""
    args = shlex.split(line)
    return args[1:2] == ["export"] and any(a.lower().endswith(".pdf") for a in args[2:3])


def test_only_pdf_exports_need_libreoffice():
    assert [x for x in EXAMPLES if _needs_libreoffice(x)] == ["peelkit export board.pdf --force Leics"]


@pytest.mark.parametrize("line", [x for x in EXAMPLES if x not in ILLUSTRATIVE])
def test_readme_example_runs(line, home, monkeypatch):
    if _needs_libreoffice(line) and soffice() is None:
        pytest.skip("LibreOffice (soffice) not installed: it is optional, needed only for a .pdf export")
    monkeypatch.chdir(home)
    monkeypatch.setenv("PEELKIT_HOME", str(home))
    for before in _needs(line, home):
        assert _run(before).exit_code == 0, before
    res = _run(line)
    assert res.exit_code == 0, f"{line}\n{res.output}"
    assert not re.search(r"^error:", res.stderr, re.M), res.stderr
