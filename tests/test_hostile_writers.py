"""Nothing lost, nothing left (issue 29): every writer proves it wrote what it replaces (exports by their
manifest, extract by datapackage.json, whose hand edits are kept or refused), never writes into a data
package folder, removes its own stale files; locks and temporary folders of failed or killed runs are gone
after the next command; a new --out folder made by a concurrent run is waited for, not refused."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peelkit import export as ex
from peelkit import store
from peelkit.cli import app
from peelkit.errors import DataError

from .conftest import CLEAN, SOP
from .crashing import killed_at
from .hostile import one_line_error, peelkit

runner = CliRunner()
ENV = {"NO_COLOR": "1", "COLUMNS": "400"}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


# ------------------------------------------------------------------ exports prove ownership


def test_an_export_never_replaces_a_users_files_with_its_names(tmp_path):
    d = tmp_path / "papers"
    d.mkdir()
    (d / "notes.csv").write_text("my notes")
    (d / "summary.csv").write_text("my summary")
    res = runner.invoke(app, ["export", str(d), "--format", "csv", "--overwrite", "--data", str(CLEAN)], env=ENV)
    assert res.exit_code == 1
    assert res.output == (f"error: {d}: holds notes.csv, summary.csv not written by peelkit (no earlier peelkit "
                          "export here lists them with the sha256 they have now); nothing was written: move them "
                          "away or choose another folder\n")
    assert _files(d) == {"notes.csv": b"my notes", "summary.csv": b"my summary"}


def test_an_export_replaces_its_own_files_and_removes_the_stale_ones(tmp_path):
    d = tmp_path / "board"
    ex.export(d, CLEAN, "Leics", fmt="csv")  # with a force: History and Reports sheets
    (d / "minutes.docx").write_text("keep")
    assert {"history.csv", "reports.csv", ex.MANIFEST} <= set(_files(d))
    ex.export(d, CLEAN, fmt="csv", overwrite=True)  # all forces: no History, no Reports
    ex.export(tmp_path / "fresh", CLEAN, fmt="csv")
    assert _files(d) == {**_files(tmp_path / "fresh"), "minutes.docx": b"keep"}
    listed = json.loads((d / ex.MANIFEST).read_text())["files"]
    assert sorted(listed) == sorted(set(_files(tmp_path / "fresh")) - {ex.MANIFEST})


def test_a_stale_file_changed_since_is_kept_and_named(tmp_path, capfd):
    d = tmp_path / "board"
    ex.export(d, CLEAN, "Leics", fmt="csv")
    (d / "reports.csv").write_text("edited by hand")
    ex.export(d, CLEAN, fmt="csv", overwrite=True)
    assert (d / "reports.csv").read_text() == "edited by hand" and not (d / "history.csv").exists()
    assert "holds reports.csv from an earlier peelkit export, changed since; left as it is" in capfd.readouterr().err


def test_a_kill_while_removing_stale_files_is_rolled_back_by_the_next_command(tmp_path):
    d = tmp_path / "board"
    ex.export(d, CLEAN, "Leics", fmt="csv")
    before = _files(d)
    assert killed_at(2, lambda: ex.export(d, CLEAN, fmt="csv", overwrite=True))  # mid-swap: parked, not put back
    assert (d / store.JOURNAL).exists()
    store.recover(d)
    assert _files(d) == before


def test_a_manifest_peelkit_did_not_write_is_refused(tmp_path):
    d = tmp_path / "board"
    d.mkdir()
    (d / ex.MANIFEST).write_text('{"files": {"summary.csv": "sha256:0"}}')
    (d / "summary.csv").write_text("mine")
    with pytest.raises(DataError, match=f"holds {ex.MANIFEST} not written by peelkit"):
        ex.export(d, CLEAN, fmt="csv", overwrite=True)
    assert (d / "summary.csv").read_text() == "mine"


@pytest.mark.parametrize("target", ["{pkg}", "{pkg}/board.xlsx", "{pkg}/board", "{pkg}/peel.sqlite", "{pkg}/p.json"])
def test_no_export_writes_into_a_package_folder(tmp_path, target):
    pkg = tmp_path / "clean"
    shutil.copytree(CLEAN, pkg)
    before = _files(pkg)
    out = target.format(pkg=pkg)
    res = runner.invoke(app, ["export", out, "--overwrite", "--data", str(pkg)], env=ENV)
    assert res.exit_code == 1 and "a data package folder" in res.output and "nothing was written" in res.output
    assert _files(pkg) == before and sorted(p.name for p in pkg.iterdir()) == sorted(before)
    assert runner.invoke(app, ["validate", str(pkg)], env=ENV).exit_code == 0


@pytest.mark.parametrize("cmd", [["query", "--force", "Kent"], ["totals"], ["grid"], ["compare", "--force", "Kent"]])
def test_no_output_file_goes_into_a_package_folder(tmp_path, cmd):
    pkg = tmp_path / "clean"
    shutil.copytree(CLEAN, pkg)
    before = _files(pkg)
    res = runner.invoke(app, [*cmd, "--data", str(pkg), "-o", str(pkg / "pillars.csv"), "--overwrite"], env=ENV)
    assert res.exit_code == 1 and "is inside a data package folder" in res.output, res.output
    assert _files(pkg) == before


# ------------------------------------------------------------------ datapackage.json edited by hand


def _extracted(tmp_path):
    out = tmp_path / "clean"
    assert runner.invoke(app, ["extract", str(SOP), "--out", str(out), "-q"], env=ENV).exit_code == 0
    return out


def _edit(out, fn):
    pkg = json.loads((out / store.DATAPACKAGE).read_text())
    fn(pkg)
    (out / store.DATAPACKAGE).write_text(json.dumps(pkg, indent=4))  # another tool's formatting, too


def test_what_is_added_by_hand_to_datapackage_json_is_kept(tmp_path):
    out = _extracted(tmp_path)
    _edit(out, lambda p: (p.update(notes="checked by the board, 3 March"), p["resources"][0].update(notes="see p. 4"),
                          p["sources"][0].update(url="https://example.org/sop.pdf"),
                          p["resources"].append({"name": "minutes", "path": "minutes.csv", "schema": {"fields": []}})))
    res = runner.invoke(app, ["extract", str(SOP), "--out", str(out), "-q"], env=ENV)
    assert res.exit_code == 0, res.output
    assert ("had additions made by hand (notes, resources[pillars].notes, sources[state_of_policing_2019_part2.txt].url, "
            "resources[minutes]); kept in the new one") in res.output
    pkg = json.loads((out / store.DATAPACKAGE).read_text())
    assert pkg["notes"] == "checked by the board, 3 March" and pkg["resources"][0]["notes"] == "see p. 4"
    assert pkg["sources"][0]["url"] == "https://example.org/sop.pdf" and pkg["resources"][-1]["name"] == "minutes"
    res = runner.invoke(app, ["extract", str(SOP), "--out", str(out), "-q"], env=ENV)  # and again: still kept
    assert res.exit_code == 0 and json.loads((out / store.DATAPACKAGE).read_text()) == pkg


@pytest.mark.parametrize("field,edit", [
    ("title", lambda p: p.update(title="Our PEEL data")),
    ("resources", lambda p: p["resources"][0]["schema"]["fields"][0].update(description="mine")),
    ("sources", lambda p: p["sources"][0].update(kind="force_report")),
])
def test_a_value_peelkit_wrote_changed_by_hand_is_refused_with_one_line(tmp_path, field, edit):
    out = _extracted(tmp_path)
    _edit(out, edit)
    before = _files(out)
    res = runner.invoke(app, ["extract", str(SOP), "--out", str(out), "-q"], env=ENV)
    assert res.exit_code == 1
    assert res.output.startswith(f"error: {out}: datapackage.json was changed by hand since peelkit wrote it "
                                 f"({field}); peelkit will not overwrite your edits, so nothing was changed")
    assert _files(out) == before


def test_a_datapackage_json_of_an_earlier_peelkit_keeps_its_added_keys(tmp_path):
    out = _extracted(tmp_path)
    _edit(out, lambda p: (p.pop(store.SEAL), p.update(notes="mine")))  # written before the seal existed
    assert runner.invoke(app, ["extract", str(SOP), "--out", str(out), "-q"], env=ENV).exit_code == 0
    pkg = json.loads((out / store.DATAPACKAGE).read_text())
    assert pkg["notes"] == "mine" and store.SEAL in pkg


# ------------------------------------------------------------------ locks and temporary folders


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


@pytest.mark.parametrize("cmd", [["validate", "{d}"], ["query", "--data", "{d}", "--force", "Kent"],
                                 ["totals", "--data", "{d}"], ["export", "{x}", "--data", "{d}"]])
def test_what_a_killed_run_left_goes_with_the_next_command_of_any_kind(tmp_path, cmd):
    d = tmp_path / "clean"
    shutil.copytree(CLEAN, d)
    pid = _dead_pid()
    (d / f"{store.TMP_PREFIX}{pid}").mkdir()
    (d / f"{store.TMP_PREFIX}{pid}" / "pillars.csv").write_text("half")
    (d / f"{store.OLD_PREFIX}{pid}").mkdir()
    (d / store.LOCK).write_text(f"{pid}\n")  # its holder is gone
    before = _files(d)
    res = runner.invoke(app, [a.format(d=d, x=tmp_path / "b.xlsx") for a in cmd], env=ENV)
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in d.iterdir()) == sorted(n for n in before if n != store.LOCK)


def test_the_leftovers_of_a_run_still_at_work_are_left_alone(tmp_path):
    d = tmp_path / "clean"
    shutil.copytree(CLEAN, d)
    (d / f"{store.TMP_PREFIX}1").mkdir()
    fd = os.open(d / store.LOCK, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # a writer holds the lock: its temporary folder is in use
    try:
        assert runner.invoke(app, ["query", "--data", str(d), "--force", "Kent"], env=ENV).exit_code == 0
        assert (d / f"{store.TMP_PREFIX}1").is_dir() and (d / store.LOCK).exists()
    finally:
        os.close(fd)


def test_a_full_disk_while_taking_the_lock_leaves_no_lock(tmp_path, monkeypatch):
    real = os.write

    def write(fd, data):
        if os.path.basename(os.readlink(f"/proc/self/fd/{fd}")) == store.LOCK:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, data)

    monkeypatch.setattr(os, "write", write)
    out = tmp_path / "clean"
    res = runner.invoke(app, ["extract", str(SOP), "--out", str(out), "-q"], env=ENV)
    assert res.exit_code == 0, res.output
    assert not (out / store.LOCK).exists() and not [p for p in out.iterdir() if p.name.startswith(".")]


@pytest.fixture
def full_disk(tmp_path):
    """A 256 KB tmpfs, filled up (root only; skipped where mounting is not allowed)."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("cannot mount a small file system here")
    try:
        (mnt / "room").mkdir()
        with (mnt / "filler").open("wb", buffering=0) as fh:
            try:
                while True:
                    fh.write(b"\0" * 4096)
            except OSError:
                pass
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)


@pytest.mark.parametrize("args", [["extract", str(SOP), "--out", "{d}/room/clean"], ["export", "{d}/room/b.xlsx"],
                                  ["export", "{d}/room/board"], ["export", "{d}/room/p.sqlite"],
                                  ["export", "{d}/room/p.json"], ["extract", str(SOP), "--out", "{d}/room"]])
def test_a_full_disk_is_one_line_and_leaves_nothing(full_disk, args):
    p = peelkit(*(a.format(d=full_disk) for a in args), "--data" if args[0] == "export" else "-q",
                *([str(CLEAN)] if args[0] == "export" else []), timeout=120)
    one_line_error(p, "No space left on device" if "sqlite" not in args[1] else "disk is full", "nothing was")
    assert list((full_disk / "room").iterdir()) == []  # no lock, no temporary file or folder


# ------------------------------------------------------------------ creating the --out folder


def test_a_new_out_folder_made_meanwhile_by_another_run_is_waited_for_not_refused(tmp_path, monkeypatch):
    out = tmp_path / "new"
    real = Path.mkdir

    def mkdir(self, *a, **kw):
        if self == out:
            real(self)  # the other run was faster
            raise FileExistsError(errno.EEXIST, "File exists", str(self))
        return real(self, *a, **kw)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    res = runner.invoke(app, ["extract", str(SOP), "--out", str(out), "-q"], env=ENV)
    assert res.exit_code == 0, res.output
    assert (out / "pillars.csv").is_file()


def test_out_below_a_file_names_the_file(tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("mine")
    res = runner.invoke(app, ["extract", str(SOP), "--out", str(f / "sub"), "-q"], env=ENV)
    assert res.exit_code == 1
    assert res.output == f"error: {f / 'sub'}: cannot create the folder: {f} is a file, not a folder\n"
    assert f.read_text() == "mine"
