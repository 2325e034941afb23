"""The fast entry (peelkit.launch): a plain `peelkit extract ...` runs without typer, and means exactly what
the Typer command means; anything else goes to typer."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.core import TyperArgument, TyperOption

try:  # typer before 0.28 uses click itself, later ones a copy of it
    import click
except ImportError:  # pragma: no cover
    from typer import _click as click  # type: ignore[no-redef]

from peelkit.cli import app
from peelkit.commands import extract_run
from peelkit.commands.extract_run import FLAGS, SWITCHES, parse_args

ROOT = Path(__file__).resolve().parents[1]
SOP = ROOT / "data" / "raw" / "state_of_policing_2019_part2.txt"
EXTRACT = typer.main.get_command(app).commands["extract"]  # type: ignore[attr-defined]
ENV = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "PYTHONPATH": str(ROOT / "src")}


def _click(args: list[str]) -> dict | None:
    """What the Typer command gets for ``args`` (normalised as typer converts them), None for a usage error."""
    try:
        ctx = EXTRACT.make_context("extract", list(args), resilient_parsing=False)
    except click.exceptions.Exit:  # --help
        return None
    except click.UsageError:
        return None
    p = ctx.params
    out = {"sources": [Path(s) for s in p["sources"] or ()]}
    for name in FLAGS:  # every option of the command, as typer converts it
        v = p[name]
        out[name] = (bool(v) if name in SWITCHES else None if v is None else Path(v) if name == "out"
                     else str(v).lower() if name == "words" else v)
    return out


def test_the_fast_entry_knows_every_option_of_the_command_and_spells_it_the_same():
    options = {p.name: p for p in EXTRACT.params if isinstance(p, TyperOption)}
    assert set(options) == set(FLAGS)
    for name, opt in options.items():
        assert tuple(opt.opts) == FLAGS[name] and not opt.secondary_opts
        assert opt.is_flag == (name in SWITCHES)
        assert not opt.multiple
    assert [p.name for p in EXTRACT.params if isinstance(p, TyperArgument)] == ["sources"]


@pytest.mark.parametrize("args", [
    [], [str(SOP)], [str(SOP), "-q"], ["-q", str(SOP), "--out", "/tmp/x"], ["--out=/tmp/x", "a.pdf", "b.txt"],
    ["--out", "out", "--words", "PDFium", "a.pdf"], ["--words=pdfplumber", "--year", "2018/19", "a.pdf"],
    ["--year=2021/22", "--quiet", "dir"], ["=2+3.pdf", "--out", "=out"], ["-y", "2018/19", "--replace", "a.pdf"],
    ["page.txt", "--round", "2016", "--force=Kent", "--pillar", "legitimacy"], ["--max-size", "0.5", "a.txt"],
    ["--max-size=300", "dir"],
])
def test_plain_arguments_mean_what_they_mean_to_click(args):
    assert parse_args(args) is not None
    assert parse_args(args) == _click(args)


@pytest.mark.parametrize("args", [
    ["--help"], ["-h"], ["a.pdf", "--help"], ["--bogus"], ["-qo", "x"], ["-ox"], ["--"], ["-"], [""], ["--out"],
    ["-o", "out"], ["--replace=1"], ["-qy", "2018/19"],
    ["--out", "-q"], ["--out="], ["--quiet=1"], ["-q", "-q"], ["--words", "foo"], ["--words", "pdfium", "--words",
                                                                                     "pdfium"], ["--yea", "2018"],
])
def test_anything_else_is_left_to_typer(args):
    assert parse_args(args) is None


def test_random_command_lines_never_mean_something_else():
    """Whatever the fast entry accepts, click accepts with the same values (it refuses the rest)."""
    tokens = ["a.pdf", "dir", "=x.txt", "-o", "out", "--out", "--out=o2", "-q", "--quiet", "--words", "PDFium",
              "pdfplumber", "--words=pdfium", "--words=bad", "--year", "2018/19", "--year=2016", "-", "--", "-h",
              "--help", "-qo", "--bogus", "", "--quiet=1", "-oX", "--out=", "-1", "2014", "-y", "--replace",
              "--replace=yes", "-y2016", "--round", "2016", "--force=Kent", "--pillar", "--max-size", "--max-size=2",
              "1.5", "--max-size=x"]
    rng = random.Random(20)
    accepted = 0
    for _ in range(3000):
        args = [rng.choice(tokens) for _ in range(rng.randint(0, 6))]
        fast = parse_args(args)
        if fast is not None:
            accepted += 1
            assert fast == _click(args), args
    assert accepted > 300  # the plain lines are common among them, so the comparison means something


def _run(args: list[str], typer_path: bool, cwd: Path) -> subprocess.CompletedProcess:
    if typer_path:  # peelkit.cli: the Typer layer, never the fast entry
        cmd = [sys.executable, "-c", "import sys; sys.argv[0] = 'peelkit'; from peelkit.cli import main; main()", *args]
    else:
        cmd = [sys.executable, "-m", "peelkit", *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=ENV, cwd=cwd, timeout=120)


@pytest.mark.parametrize("case", ["ok", "summary", "missing", "unknown", "csv", "debug"])
def test_both_entries_give_the_same_files_messages_and_exit_codes(case, tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_text("Minutes of a parish council meeting.\n", encoding="utf-8")
    bad_csv = tmp_path / "x.csv"
    bad_csv.write_text("a,b\n", encoding="utf-8")
    args = {"ok": [str(SOP), "-q"], "summary": [str(SOP)], "missing": [str(tmp_path / "nope.pdf"), "-q"],
            "unknown": [str(junk), "-q"], "csv": [str(bad_csv)],
            "debug": ["--debug", "extract", str(tmp_path / "nope.pdf")]}[case]
    results = []
    for typer_path in (False, True):
        out = tmp_path / ("typer" if typer_path else "fast")
        full = args if case == "debug" else ["extract", *args, "--out", str(out)]
        res = _run(full, typer_path, tmp_path)
        files = sorted(p.name for p in out.iterdir()) if out.exists() else []
        contents = {n: (out / n).read_bytes() for n in files if n.endswith(".csv")}
        results.append((res.returncode, res.stdout, res.stderr.replace(str(out), "OUT"), files, contents))
    fast, slow = results
    assert fast[0] == slow[0] and fast[1] == slow[1] == ""
    if case == "debug":  # a traceback from each, ending in the same error
        assert fast[0] == 1 and "Traceback" in fast[2] and fast[2].strip().splitlines()[-1] == slow[2].strip().splitlines()[-1]
    else:
        assert fast[2] == slow[2]
        assert fast[3] == slow[3] and fast[4] == slow[4]
    expected = {"ok": 0, "summary": 0, "missing": 1, "unknown": 1, "csv": 1, "debug": 1}[case]
    assert fast[0] == expected, fast[2]
    if case == "ok":
        assert fast[2] == "" and "pillars.csv" in fast[3]
    if case == "summary":
        assert "printed totals:" in fast[2] and "wrote 8 files" in fast[2]
    if case == "missing":
        assert fast[2].startswith("error: ") and "nope.pdf: no such file or directory" in fast[2]


def test_extract_of_a_pdf_imports_no_cli_framework(tmp_path):
    """`peelkit extract REPORT.pdf -q`: no typer, click or rich (nor pandas, pdfplumber or tomllib)."""
    from .pdfgen import build_pdf

    pdf = tmp_path / "r.pdf"
    build_pdf(pdf, before=2, after=2)
    code = ("import sys; sys.argv = ['peelkit', 'extract', sys.argv[1], '--out', sys.argv[2], '-q']\n"
            "from peelkit.launch import main\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
            "bad = {'typer', 'click', 'rich', 'pandas', 'pdfplumber', 'pdfminer', 'pypdfium2', 'tomllib', 'ast',\n"
            "       'tokenize'}\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in bad))")
    res = subprocess.run([sys.executable, "-c", code, str(pdf), str(tmp_path / "out")], capture_output=True,
                         text=True, env=ENV, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[]"
    assert (tmp_path / "out" / "pillars.csv").exists()


def test_a_deferred_module_loads_when_it_is_first_used():
    """inspect (deferred on the extract path) still words the docstring of a dataclass that has none."""
    code = ("import sys\nfrom peelkit import launch\nlaunch._defer('inspect')\n"
            "assert 'ast' not in sys.modules and type(sys.modules['inspect']).__name__ == '_Deferred'\n"
            "import dataclasses, inspect\n"
            "@dataclasses.dataclass\nclass Point:\n    x: int\n    y: int = 0\n"
            "print(Point.__doc__, inspect.signature(Point), type(sys.modules['inspect']).__name__)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV, timeout=60)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "Point(x: int, y: int = 0) (x: int, y: int = 0) -> None module"
    # a command line for typer: typer gets the real module
    code = ("import sys\nfrom peelkit import launch\ntry:\n    launch.main(['extract', '--help'])\n"
            "except SystemExit:\n    pass\nprint(type(sys.modules['inspect']).__name__)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV, timeout=60)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip().splitlines()[-1] == "module"


def test_help_and_other_commands_still_go_through_typer():
    res = subprocess.run([sys.executable, "-m", "peelkit", "extract", "--help"], capture_output=True, text=True,
                         env=ENV, timeout=60)
    assert res.returncode == 0 and "Usage: " in res.stdout and "--words" in res.stdout
    res = subprocess.run([sys.executable, "-m", "peelkit", "extract", "--words", "foo", "a.pdf"],
                         capture_output=True, text=True, env=ENV, timeout=60)
    assert res.returncode == 2 and "'foo' is not one of" in res.stderr


def test_an_interrupt_is_reported_as_click_reports_it(monkeypatch, capsys):
    from peelkit import launch

    def interrupted(**kw):
        raise KeyboardInterrupt

    monkeypatch.setattr(extract_run, "run", interrupted)
    assert launch._run_extract(parse_args(["a.pdf"]), debug=False) == 1
    assert capsys.readouterr().err == "\nAborted!\n"
