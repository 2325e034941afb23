"""The command line as a whole: help on every command, exit codes, --debug, lazy imports."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from peelkit.cli import app

from .conftest import ROOT

runner = CliRunner()
COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def _run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "peelkit", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, env={"NO_COLOR": "1", "COLUMNS": "200", **(env or {})})


def test_core_commands_are_registered():
    assert {"extract", "validate"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name):
    res = runner.invoke(app, [name, "--help"], env={"COLUMNS": "200"})
    assert res.exit_code == 0
    assert "Example:" in res.output, name
    assert "peelkit " + name.split()[0] in res.output


@pytest.mark.parametrize("name", COMMANDS)
def test_readme_documents_every_command(name):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"peelkit {name}" in readme, name


def test_version_and_top_level_help():
    assert runner.invoke(app, ["--version"]).output.startswith("peelkit ")
    res = runner.invoke(app, ["--help"])
    assert res.exit_code == 0 and "extract" in res.output


def test_usage_errors_exit_2():
    assert runner.invoke(app, ["extract", "--no-such-option"]).exit_code == 2
    assert runner.invoke(app, ["no-such-command"]).exit_code == 2


def test_errors_are_one_line_without_debug_and_a_traceback_with_it():
    p = _run("extract", "missing.txt")
    assert p.returncode == 1
    assert p.stderr.strip() == "error: missing.txt: no such file or directory"
    p = _run("--debug", "extract", "missing.txt")
    assert p.returncode == 1 and "Traceback" in p.stderr and "SourceError" in p.stderr


@pytest.mark.parametrize("argv", [["--help"], ["query", "--help"], ["compare", "--help"], ["export", "--help"]])
def test_help_does_not_import_pandas_or_pdfplumber(argv):
    code = (f"import sys, runpy; sys.argv=['peelkit', *{argv!r}]\n"
            "try:\n    runpy.run_module('peelkit', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "heavy=[m for m in ('pandas','pdfplumber','openpyxl','numpy') if m in sys.modules]\n"
            "sys.stderr.write('HEAVY=' + ','.join(heavy))")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert "HEAVY=" in p.stderr and p.stderr.rsplit("HEAVY=", 1)[1].strip() == ""


def test_extract_path_does_not_import_pandas(tmp_path):
    code = ("import sys\nfrom peelkit import extract\n"
            f"extract.run([r'{ROOT / 'data/raw/state_of_policing_2019_part2.txt'}'], r'{tmp_path / 'c'}')\n"
            "print('pandas' in sys.modules)")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert p.stdout.strip() == "False", p.stderr
