"""The command line as a whole: help on every command, exit codes, --debug, lazy imports."""

from __future__ import annotations

import csv
import io
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


# ------------------------------------------------------------------ one CLI habit everywhere


def _invoke(*args):
    return runner.invoke(app, [str(a) for a in args], env={"NO_COLOR": "1", "COLUMNS": "200"})


@pytest.mark.parametrize("argv", [
    ["query", "--force", "Leics"], ["compare", "--force", "Leics"], ["diff", "2016/17", "2018/19"],
    ["totals"], ["reports", "--force", "Leics"], ["grid"],
])
def test_output_file_is_never_replaced_without_overwrite(tmp_path, argv):
    out = tmp_path / "mine.csv"
    out.write_text("a user's file\n")
    res = _invoke(*argv, "-o", out)
    assert res.exit_code == 2 and "--overwrite" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert out.read_text() == "a user's file\n"
    res = _invoke(*argv, "-o", out, "--overwrite")
    assert res.exit_code in (0, 1), res.output  # diff/totals exit 1 only for a failed check
    assert out.read_text() != "a user's file\n" and out.read_text().count(",") > 3


def test_one_meaning_per_short_flag():
    """Across every command a short flag stands for one option (-o: --output, a file)."""
    meaning: dict[str, set[str]] = {}
    group = get_command(app)
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        for p in cmd.params:
            longs = [o for o in p.opts if o.startswith("--")]
            for short in (o for o in p.opts if len(o) == 2 and o.startswith("-")):
                meaning.setdefault(short, set()).update(longs)
    same: dict[str, set[str]] = {}  # -o is a file everywhere (extract writes a folder: --out DIR, issue 28)
    clash = {s: m for s, m in meaning.items() if len(m) > 1 and m != same.get(s)}
    assert clash == {}
    assert meaning["-y"] == {"--year"} and meaning["-f"] == {"--format"} and meaning["-d"] == {"--data"}


@pytest.mark.parametrize(("argv", "fragment"), [
    (["reports", "--year", "2030"], "unknown year '2030'"),
    (["query", "--year", "2030"], "unknown year '2030'"),
    (["compare", "--force", "Leics", "--year", "2030"], "unknown year '2030'"),
    (["grid", "--year", "2030"], "unknown year '2030'"),
    (["totals", "--year", "2030"], "unknown year '2030'"),
    (["diff", "2030/31", "2018/19"], "unknown year '2030/31'"),
    (["export", "x.xlsx", "--year", "2030"], "unknown year '2030'"),
    (["grid", "--group", "Atlantis"], "unknown force or region 'Atlantis'"),
    (["compare", "--force", "Leics", "--against", "East Midlandz"], "did you mean 'East Midlands'"),
    (["query", "--no-such-option"], "No such option"),
])
def test_unknown_year_force_or_option_is_exit_2(argv, fragment, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = _invoke(*argv, "--data", ROOT / "data" / "clean")
    assert res.exit_code == 2, res.output
    assert fragment in res.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["BTP", "British Transport Police", "Police Scotland", "PSNI", "MOD Police"])
def test_forces_outside_the_43_are_named_as_such(name):
    for argv in (["query", "--force", name], ["compare", "--force", name], ["reports", "--force", name],
                 ["compare", "--force", "Leics", "--against", f"Derbyshire, {name}"]):
        res = _invoke(*argv)
        assert res.exit_code == 2
        assert "is not a territorial police force in England and Wales" in res.stderr
        assert "Thames Valley" not in res.stderr and "did you mean" not in res.stderr


def test_diff_orders_reversed_years_and_refuses_two_different_tables():
    res = _invoke("diff", "2018/19", "2016/17", "--force", "Leics", "-f", "csv")
    assert res.exit_code == 0, res.output
    assert "note: 2018/19 is later than 2016/17" in res.stderr and "(2016/17 -> 2018/19)" in res.stderr
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    eff = next(r for r in rows if r["pillar"] == "effectiveness" and not r["question_id"])
    assert (eff["old_year"], eff["old_grade"], eff["new_year"], eff["new_grade"], eff["change"]) == (
        "2016/17", "Requires improvement", "2018/19", "Good", "not compared")  # PEEL 2017 between (issue 28)
    clean = ROOT / "data" / "clean"
    res = _invoke("diff", clean / "pillars.csv", clean / "questions.csv")
    assert res.exit_code == 2 and "is a pillars table" in res.stderr and "a questions table" in res.stderr
    res = _invoke("diff", clean, clean / "questions.csv", "-f", "csv")
    assert res.exit_code == 0 and "comparing questions only" in res.stderr


def test_reports_filter_by_the_reports_own_round():
    res = _invoke("reports", "--force", "Leics", "--year", "2016", "--type", "peel", "-f", "csv")
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    titles = [r["title"] for r in rows]
    # published in March 2017, the 2016 round's effectiveness report
    assert "PEEL: Police effectiveness 2016" in titles
    assert sorted(titles) == ["PEEL: Police effectiveness 2016", "PEEL: Police efficiency 2016",
                              "PEEL: Police leadership 2016", "PEEL: Police legitimacy 2016"]
    assert {r["round"] for r in rows} == {"2016"}
    res = _invoke("reports", "--year", "2018/19", "-f", "csv")
    assert [r["title"] for r in csv.DictReader(io.StringIO(res.stdout))] == [
        "PEEL: Police effectiveness, efficiency and legitimacy 2018/19"]
    # a report without a round of its own is filtered by its date's year
    res = _invoke("reports", "--year", "2016", "--type", "force", "-f", "csv")
    assert [r["title"] for r in csv.DictReader(io.StringIO(res.stdout))] == ["Leicestershire Value for Money Profile - 2016"]
