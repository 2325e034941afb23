"""One flag vocabulary: every option of every command (and of the program) against one table of names
(``peelkit.commands.vocabulary.OPTIONS``), its help, and usage errors in the one-line style."""

from __future__ import annotations

import re

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from peelkit.cli import app
from peelkit.commands.extract_run import FLAGS
from peelkit.commands.vocabulary import DEPRECATED, OPTIONS, SHORT_HINTS, flags

runner = CliRunner()
GROUP = get_command(app)
COMMANDS = GROUP.commands  # type: ignore[attr-defined]
HELP_ENV = {"COLUMNS": "250", "NO_COLOR": "1"}


def _options(cmd) -> list:
    return [p for p in cmd.params if p.param_type_name == "option"]


def test_the_table_gives_each_short_form_one_meaning():
    shorts = [s for s, _ in OPTIONS.values() if s]
    assert len(shorts) == len(set(shorts))
    assert all(re.fullmatch(r"-[a-z]", s) for s in shorts)
    assert all(re.fullmatch(r"--[a-z]+(-[a-z]+)*", name) for name in [*OPTIONS, *DEPRECATED])
    assert set(DEPRECATED.values()) <= set(OPTIONS) and not set(DEPRECATED) & set(OPTIONS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_is_in_the_table_with_its_short_form(name):
    for p in _options(COMMANDS[name]):
        longs = [o for o in p.opts if o.startswith("--")]
        shorts = [o for o in p.opts if not o.startswith("--")]
        assert len(longs) == 1 and not p.secondary_opts, (name, p.opts)
        long = longs[0]
        if long in DEPRECATED:
            assert p.hidden and not shorts, f"{name} {long}: an old name is hidden, without a short form"
            continue
        assert long in OPTIONS, f"peelkit {name} {long}: not in vocabulary.OPTIONS"
        short, metavar = OPTIONS[long]
        assert shorts == ([short] if short else []), f"peelkit {name} {long}: short form {shorts}, table: {short}"
        assert p.is_flag == (metavar is None), f"peelkit {name} {long}: a switch in one place, a value in another"
        assert not p.hidden, f"peelkit {name} {long}: hidden but not an old name"
        assert (p.help or "").strip(), f"peelkit {name} {long}: no help text"


def test_the_program_options_are_in_the_table():
    for p in GROUP.params:
        for o in p.opts:
            assert o in OPTIONS
    assert set(GROUP.context_settings["help_option_names"]) == set(flags("--help"))


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_lists_every_visible_option_with_its_short_form(name):
    res = runner.invoke(app, [name, "--help"], env=HELP_ENV)
    assert res.exit_code == 0, res.output
    for p in _options(COMMANDS[name]):
        for o in p.opts:
            assert (o in res.stdout) != p.hidden, (name, o)
    assert "-h" in res.stdout and "Example:" in res.stdout


def test_the_rules_the_table_keeps():
    """-o is a file everywhere; a folder a command writes is --out DIR; --against names a comparison group;
    --data the package read."""
    seen: dict[str, set[str]] = {}
    for name, cmd in COMMANDS.items():
        for p in _options(cmd):
            for o in p.opts:
                seen.setdefault(o, set()).add(name)
    assert seen["--out"] == {"extract"} and "-o" not in {o for p in _options(COMMANDS["extract"]) for o in p.opts}
    assert seen["--against"] >= {"compare", "grid", "export"} and "--group" not in seen.get("--group", {"-"}) - {"grid"}
    assert seen["--data"] >= {"query", "compare", "grid", "diff", "history", "totals", "reports", "export",
                              "validate", "sources", "remove"}
    assert seen["--output"] >= {"query", "compare", "grid", "diff", "history", "totals", "reports", "validate", "sources"}
    assert seen["--overwrite"] >= seen["--output"] - {"validate"}
    assert seen["--year"] >= {"extract", "query", "compare", "grid", "history", "totals", "reports", "export"}
    assert seen["--hide-gaps"] == {"query", "compare", "grid", "history"}


def test_the_fast_entry_declares_extract_from_the_table():
    assert FLAGS == {name: flags(f"--{name.rstrip('_').replace('_', '-')}") for name in FLAGS}


@pytest.mark.parametrize(("argv", "fragment"), [
    (["query", "--frob"], "No such option: --frob"),
    (["grid", "--format", "xml"], "'xml' is not one of"),
    (["compare"], "Missing option '--force'"),
    (["diff", "2016/17"], "Missing argument 'new'"),
    (["nosuch"], "No such command 'nosuch'"),
    (["extract", "-o", "x", "a.txt"], "extract writes a folder: use --out DIR"),
    (["export", "-o", "x.xlsx"], "No such option: -o"),
])
def test_usage_errors_are_one_line_like_every_error(argv, fragment):
    res = runner.invoke(app, argv, env=HELP_ENV)
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: peelkit") and fragment in lines[0], res.stderr
    assert "╭" not in res.stderr and "Usage:" not in res.stderr and res.stdout == ""
    assert lines[0].endswith("--help')")


def test_hints_name_options_that_exist():
    for (command, short), hint in SHORT_HINTS.items():
        assert command in COMMANDS and short not in {o for p in _options(COMMANDS[command]) for o in p.opts}
        assert all(o in OPTIONS for o in re.findall(r"--[a-z-]+", hint))


def test_old_names_still_work():
    new = runner.invoke(app, ["grid", "--against", "e midlands", "-f", "csv"])
    old = runner.invoke(app, ["grid", "--group", "e midlands", "-f", "csv"])
    assert new.exit_code == old.exit_code == 0 and new.stdout == old.stdout and "Derbyshire" in new.stdout


def test_help_texts_are_proof_read():
    top = runner.invoke(app, ["--help"], env=HELP_ENV).stdout
    order = [top.index(f" {c} ") for c in ("extract", "sources", "remove", "query", "export", "validate", "debug-pdf")]
    assert order == sorted(order)  # making and reading the data first, the debug commands last
    assert "force reports" in top.split("│ extract ")[1].split("\n")[0]
    assert "peelkit[parquet]" in runner.invoke(app, ["export", "--help"], env=HELP_ENV).stdout
    res = runner.invoke(app, ["export", "x.sqlite", "--force", "Leics"])
    assert res.exit_code == 2 and "--force shapes the board paper" in res.stderr
