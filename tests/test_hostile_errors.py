"""Every error a message (issue 29): every command, given a package whose datapackage.json or tables are
nested too deeply, UTF-16, binary or not UTF-8, or a source that is any of those, ends with one line on
stderr (or succeeds where it does not need the file), never a traceback or "internal error"."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from peelkit.cli import app

from .conftest import CLEAN, SOP
from .hostile import in_child

runner = CliRunner()
ENV = {"NO_COLOR": "1", "COLUMNS": "300"}

DEEP = "[" * 200_000 + "]" * 200_000  # json.loads: RecursionError
BAD_JSON = {
    "deep nesting": DEEP.encode(),
    "deep nesting in a resource": (CLEAN / "datapackage.json").read_text().replace(
        '"profile": "tabular-data-package"', f'"profile": "tabular-data-package", "x": {DEEP}').encode(),
    "utf-16": (CLEAN / "datapackage.json").read_text().encode("utf-16"),
    "utf-16 without a BOM": (CLEAN / "datapackage.json").read_text().encode("utf-16-le"),
    "binary": bytes(range(256)) * 64,
    "latin-1": (CLEAN / "datapackage.json").read_text().replace("Extracted", "Extract\u00e9d").encode("latin-1"),
    "truncated": (CLEAN / "datapackage.json").read_bytes()[:500],
    "a list": b"[]",
    "empty": b"",
}
BAD_CSV = {
    "utf-16": (CLEAN / "pillars.csv").read_text().encode("utf-16"),
    "binary": bytes(range(256)) * 64,
    "empty": b"",
    "deep quotes": b'"' * 100_000,
}
COMMANDS = [
    ["validate", "{pkg}"], ["validate", "{pkg}", "--rederive"], ["query", "--data", "{pkg}", "--force", "Kent"],
    ["compare", "--data", "{pkg}", "--force", "Kent"], ["grid", "--data", "{pkg}"],
    ["diff", "2016/17", "2018/19", "--data", "{pkg}"], ["history", "--data", "{pkg}", "--force", "Leics"],
    ["totals", "--data", "{pkg}"], ["reports", "--data", "{pkg}"],
    ["export", "{out}/b.xlsx", "--data", "{pkg}"], ["export", "{out}/b", "--data", "{pkg}"],
    ["export", "{out}/p.sqlite", "--data", "{pkg}"], ["export", "{out}/p.json", "--data", "{pkg}"],
    ["extract", str(SOP), "--out", "{pkg}", "-q"], ["sources", "--data", "{pkg}"],
    ["remove", "peel_effectiveness_2016_leicestershire.txt", "--data", "{pkg}"],
]


def _check(res, cmd=()) -> None:
    out = res.output
    assert "internal error" not in out, (cmd, out[-2000:])
    assert "internal error" not in out and "Traceback" not in out, out[-2000:]
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    if res.exit_code:
        assert res.exit_code in (1, 2)
        assert len([ln for ln in out.splitlines() if ln.startswith("error:")]) <= 1, out[-2000:]


def _package(tmp_path, name: str, data: bytes):
    pkg = tmp_path / "clean"
    shutil.copytree(CLEAN, pkg)
    (pkg / name).write_bytes(data)
    return pkg


@pytest.mark.parametrize("case", sorted(BAD_JSON))
def test_every_command_on_a_hostile_datapackage_json(tmp_path, case):
    in_child(lambda: _every_command_on_a_hostile_datapackage_json(tmp_path, case))  # bounded: a hang fails


def _every_command_on_a_hostile_datapackage_json(tmp_path, case):
    pkg = _package(tmp_path, "datapackage.json", BAD_JSON[case])
    (tmp_path / "out").mkdir()
    for cmd in COMMANDS:
        res = runner.invoke(app, [a.format(pkg=pkg, out=tmp_path / "out") for a in cmd], env=ENV)
        _check(res, cmd)
        if cmd[0] == "validate":
            assert res.exit_code == 1 and f"{pkg / 'datapackage.json'}" in res.output, res.output
            assert "line" in res.output or "expected" in res.output or "missing" in res.output, res.output
    assert (pkg / "datapackage.json").read_bytes() == BAD_JSON[case]  # not peelkit's: never replaced


@pytest.mark.parametrize("case", sorted(BAD_CSV))
def test_every_command_on_a_hostile_table(tmp_path, case):
    in_child(lambda: _every_command_on_a_hostile_table(tmp_path, case))


def _every_command_on_a_hostile_table(tmp_path, case):
    pkg = _package(tmp_path, "pillars.csv", BAD_CSV[case])
    (tmp_path / "out").mkdir()
    for cmd in COMMANDS:
        _check(runner.invoke(app, [a.format(pkg=pkg, out=tmp_path / "out") for a in cmd], env=ENV), cmd)
    assert (pkg / "pillars.csv").read_bytes() == BAD_CSV[case]


BAD_SOURCES = {
    "utf-16": SOP.read_text(encoding="utf-8").encode("utf-16"),
    "utf-16 without a BOM": SOP.read_text(encoding="utf-8").encode("utf-16-le"),
    "binary": bytes(range(256)) * 1024,
    "deep brackets": b"PEEL judgments table\n" + b"[" * 1_000_000,
    "a fake PDF": b"%PDF-1.7\n" + b"\x00" * 10_000,
    "nothing but spaces": b" \n\t " * 1000,
}


@pytest.mark.parametrize("case", sorted(BAD_SOURCES))
def test_extract_and_the_debug_commands_on_a_hostile_source(tmp_path, case):
    in_child(lambda: _extract_and_the_debug_commands_on_a_hostile_source(tmp_path, case))


def _extract_and_the_debug_commands_on_a_hostile_source(tmp_path, case):
    src = tmp_path / ("doc.pdf" if case == "a fake PDF" else "doc.txt")
    src.write_bytes(BAD_SOURCES[case])
    for cmd in (["extract", str(src), "--out", str(tmp_path / "out")], ["debug-text", str(src)],
                ["debug-pdf", str(src)], ["validate", str(tmp_path / "out")]):
        _check(runner.invoke(app, cmd, env=ENV))
