"""extract --out DIR and export --format csv replace only peelkit's own files; a user's folder is kept."""

from __future__ import annotations

import json
import os
import shutil
import stat

import pytest
from typer.testing import CliRunner

from peelkit import store
from peelkit.cli import app
from peelkit.validate import validate

from .conftest import CLEAN, RAW, SOP

runner = CliRunner()


@pytest.fixture
def user_folder(tmp_path):
    d = tmp_path / "user"
    (d / "sub").mkdir(parents=True)
    (d / "sub" / "mine.txt").write_text("keep")
    (d / "notes.docx").write_bytes(b"keep")
    d.chmod(0o750)
    return d


def _mode(p):
    return stat.S_IMODE(p.stat().st_mode)


def test_extract_into_a_users_folder_keeps_its_files_and_mode(user_folder):
    for _ in range(2):  # first into a folder without peelkit files, then over its own output
        res = runner.invoke(app, ["extract", str(RAW), "--out", str(user_folder)])
        assert res.exit_code == 0, res.output
        assert (user_folder / "sub" / "mine.txt").read_text() == "keep"
        assert (user_folder / "notes.docx").read_bytes() == b"keep"
        assert _mode(user_folder) == 0o750
        assert "2 entries peelkit did not write (notes.docx, sub/); left untouched" in res.output
        assert f"wrote {len(store.own_files())} files to {user_folder}" in res.output
    assert sorted(p.name for p in user_folder.iterdir()) == sorted(store.own_files() + ["notes.docx", "sub"])
    for name in store.own_files():
        assert (user_folder / name).read_bytes() == (CLEAN / name).read_bytes() or name == store.DATAPACKAGE
    assert len((user_folder / "pillars.csv").read_text().splitlines()) == 1 + 130  # 129 national + Leics 2016


def test_a_read_only_folder_is_a_clear_error_and_nothing_changes(tmp_path):
    d = tmp_path / "ro"
    d.mkdir()
    (d / "notes.txt").write_text("keep")
    d.chmod(0o555)
    try:
        res = runner.invoke(app, ["extract", str(SOP), "--out", str(d)])
        assert res.exit_code == 1
        assert res.output.strip() == f"error: {d}: folder is read-only (mode 555); nothing was changed"
        assert [p.name for p in d.iterdir()] == ["notes.txt"] and _mode(d) == 0o555
    finally:
        d.chmod(0o755)


def test_files_with_peelkit_names_from_another_tool_are_not_overwritten(tmp_path):
    d = tmp_path / "theirs"
    d.mkdir()
    (d / "pillars.csv").write_text("a,b\n1,2\n")
    res = runner.invoke(app, ["extract", str(SOP), "--out", str(d)])
    assert res.exit_code == 1 and "pillars.csv not written by peelkit" in res.output
    assert (d / "pillars.csv").read_text() == "a,b\n1,2\n" and len(list(d.iterdir())) == 1


def test_extract_into_the_current_folder(user_folder, monkeypatch):
    monkeypatch.chdir(user_folder)
    res = runner.invoke(app, ["extract", str(SOP), "--out", ".", "-q"])
    assert res.exit_code == 0, res.output
    assert (user_folder / "notes.docx").exists() and len((user_folder / "pillars.csv").read_text().splitlines()) == 130


def test_a_failed_swap_puts_every_old_file_back(tmp_path, monkeypatch):
    out = tmp_path / "clean"
    assert runner.invoke(app, ["extract", str(SOP), "--out", str(out), "-q"]).exit_code == 0
    (out / "mine.txt").write_text("keep")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real = os.replace
    calls = []

    def flaky(a, b):
        calls.append(b)
        if len(calls) == 10:  # after the old files were parked and some new ones placed
            raise OSError(28, "No space left on device")
        return real(a, b)

    monkeypatch.setattr(os, "replace", flaky)
    res = runner.invoke(app, ["extract", str(RAW), "--out", str(out)])
    monkeypatch.setattr(os, "replace", real)
    assert res.exit_code == 1
    assert res.output.strip() == (f"error: {out}: cannot write the clean tables (No space left on device); "
                                  "nothing was changed")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_export_csv_overwrite_keeps_unrelated_files(tmp_path):
    out = tmp_path / "board"
    out.mkdir()
    (out / "minutes.docx").write_text("keep")
    (out / "sub").mkdir()
    out.chmod(0o750)
    res = runner.invoke(app, ["export", str(out), "--format", "csv", "--force-overwrite"])
    assert res.exit_code == 0, res.output
    assert (out / "minutes.docx").read_text() == "keep" and (out / "sub").is_dir() and _mode(out) == 0o750
    assert len(list((out / "effectiveness.csv").open())) == 1 + 43


def test_output_errors_name_the_users_path_not_a_temp_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["query", "--data", str(CLEAN), "-o", "nodir/x.csv"])
    assert res.exit_code == 1
    assert "nodir/x.csv" in res.output and "tmp" not in res.output.replace(str(tmp_path), "")


def test_a_package_validates_where_it_was_written_and_after_a_copy(tmp_path):
    out = tmp_path / "elsewhere"
    assert runner.invoke(app, ["extract", str(RAW), "--out", str(out), "-q"]).exit_code == 0
    report = validate(out)
    assert report["valid"] and not report["warnings"], report
    srcs = json.loads((out / store.DATAPACKAGE).read_text())["sources"]
    assert all((out / s["path"]).resolve() == (RAW / s["title"]).resolve() for s in srcs)
    # copied somewhere the sources cannot be reached: valid, with a note per source
    far = tmp_path / "a" / "b" / "c" / "copy"
    shutil.copytree(out, far)
    (tmp_path / "home" / "data").mkdir(parents=True)
    os.environ["PEELKIT_HOME"] = str(tmp_path / "home")
    try:
        report = validate(far)
    finally:
        del os.environ["PEELKIT_HOME"]
    assert report["valid"]
    assert [w["type"] for w in report["warnings"]] == ["source-unreachable"] * 3
    assert "its sha256 was not checked" in report["warnings"][0]["message"]
    # copied with its sources beside it: the hashes are checked again
    for s in srcs:
        shutil.copy(RAW / s["title"], far / s["title"])
    (far / srcs[0]["title"]).write_text("changed")
    os.environ["PEELKIT_HOME"] = str(tmp_path / "home")
    try:
        types = [e["type"] for e in validate(far)["errors"]]
    finally:
        del os.environ["PEELKIT_HOME"]
    assert types == ["source-changed"]


def test_extract_without_out_names_where_it_wrote(tmp_path, monkeypatch):
    checkout = tmp_path / "checkout"
    shutil.copytree(RAW, checkout / "data" / "raw")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("PEELKIT_HOME", raising=False)
    monkeypatch.setattr(store, "project_root", lambda: checkout)
    res = runner.invoke(app, ["extract", "-q"], env={"COLUMNS": "300"})
    assert res.exit_code == 0, res.output
    assert (f"note: the current folder has no data/, so this wrote the peelkit checkout's "
            f"{checkout / 'data' / 'clean'}") in res.output
    assert (checkout / "data" / "clean" / "pillars.csv").read_bytes() == (CLEAN / "pillars.csv").read_bytes()
    assert list(elsewhere.iterdir()) == []
