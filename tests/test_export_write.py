"""Writing the board paper: a full disk is one line and leaves nothing behind, a killed export never
leaves a half-written workbook, and its temporary files go with the next export."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import zipfile

import pytest
from typer.testing import CliRunner

from peelkit import export as ex
from peelkit import store
from peelkit.cli import app
from peelkit.errors import UsageError

from .conftest import CLEAN
from .crashing import killed_at

runner = CliRunner()
ENV = {"NO_COLOR": "1", "COLUMNS": "300"}


def _full_disk_after(monkeypatch, n):
    """Every ZIP entry written after the first ``n`` fails as on a full disk (openpyxl's save, then the
    re-stamping of the entries)."""
    real = zipfile.ZipFile.writestr
    calls = []

    def writestr(self, *args, **kwargs):
        calls.append(1)
        if len(calls) > n:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", writestr)
    return calls


@pytest.mark.parametrize("n", [0, 5, 20, 30])  # in openpyxl's save, or re-stamping its entries
def test_a_full_disk_is_one_line_and_leaves_nothing(tmp_path, monkeypatch, n):
    old = tmp_path / "board.xlsx"
    assert runner.invoke(app, ["export", str(old), "--data", str(CLEAN)], env=ENV).exit_code == 0
    before = old.read_bytes()
    calls = _full_disk_after(monkeypatch, n)
    res = runner.invoke(app, ["export", str(old), "--force", "Leics", "--overwrite", "--data", str(CLEAN)], env=ENV)
    assert len(calls) > n  # the failure happened
    assert res.exit_code == 1
    assert res.output == f"error: {old}: cannot write the board paper (No space left on device); nothing was written\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board.xlsx"] and old.read_bytes() == before


def test_a_full_disk_for_real_in_a_process_with_a_file_size_limit(tmp_path):
    """The operating system refuses the write (RLIMIT_FSIZE: 'File too large', as a full disk would)."""
    import resource
    import signal

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    out = tmp_path / "board.xlsx"
    p = subprocess.run([sys.executable, "-m", "peelkit", "export", str(out), "--data", str(CLEAN)],
                       capture_output=True, text=True, preexec_fn=limit, timeout=120,
                       env={**os.environ, "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1", "COLUMNS": "300"})
    assert p.returncode == 1, p.stderr
    assert p.stderr == f"error: {out}: cannot write the board paper (File too large); nothing was written\n"
    assert list(tmp_path.iterdir()) == []


def test_what_a_killed_export_left_goes_with_the_next_one(tmp_path):
    out = tmp_path / "board.xlsx"
    left = [".board.xlsx.peelkit-tmp-99999", ".board.xlsx.peelkit-tmp-99999.raw", ".board.xlsx.peelkit-tmp-7.xlsx",
            ".board.xlsx.tmp-1234.raw", ".board.xlsx.tmp-1234"]  # the last two: earlier peelkit versions
    for name in left:
        (tmp_path / name).write_bytes(b"PK half")
    (tmp_path / ".board.xlsx.my-notes").write_text("keep")  # not a name peelkit uses
    ex.export(out, CLEAN)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".board.xlsx.my-notes", "board.xlsx"]
    assert zipfile.is_zipfile(out)


def test_a_kill_before_the_rename_leaves_the_old_workbook_whole(tmp_path):
    out = tmp_path / "board.xlsx"
    ex.export(out, CLEAN)
    before = out.read_bytes()
    assert killed_at(1, lambda: ex.export(out, CLEAN, "Leics", overwrite=True))
    assert out.read_bytes() == before  # the old one, whole; the new one is a hidden temporary file
    assert sorted(p.name for p in tmp_path.iterdir()) == [".board.xlsx.peelkit-lock",  # its holder died
                                                           f".board.xlsx.peelkit-tmp-{_last_child(tmp_path)}",
                                                           "board.xlsx"]
    ex.export(out, CLEAN, "Leics", overwrite=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board.xlsx"] and out.read_bytes() != before


def _last_child(folder):
    return next(p.name.rsplit("-", 1)[1] for p in folder.iterdir() if ".peelkit-tmp-" in p.name)


def test_csvs_into_an_existing_folder_are_swapped_with_a_journal(tmp_path):
    out = tmp_path / "board"
    ex.export(out, CLEAN, fmt="csv")
    (out / "minutes.docx").write_text("keep")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert killed_at(6, lambda: ex.export(out, CLEAN, "Leics", fmt="csv", overwrite=True))
    assert (out / store.JOURNAL).exists()  # half-swapped: the next export rolls it back first
    ex.export(out, CLEAN, "Leics", fmt="csv", overwrite=True)
    ex.export(tmp_path / "fresh", CLEAN, "Leics", fmt="csv")
    fresh = {p.name: p.read_bytes() for p in (tmp_path / "fresh").iterdir()}
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == {**before, **fresh} and after["minutes.docx"] == b"keep"  # the force's paper, complete
    assert after["summary.csv"] != before["summary.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board", "fresh"]


def test_a_csv_export_over_a_file_is_refused(tmp_path):
    p = tmp_path / "board"
    p.write_text("mine")
    with pytest.raises(UsageError, match="is a file; a csv export writes a folder"):
        ex.export(p, CLEAN, fmt="csv", overwrite=True)
    assert p.read_text() == "mine"


def test_a_killed_conversions_work_folder_goes_with_the_next_one(tmp_path, monkeypatch):
    import tempfile

    from peelkit.export import pdf

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # a pid that is gone
    dead = tmp_path / f"peelkit-lo-{child.pid}-abc"
    alive = tmp_path / f"peelkit-lo-{os.getpid()}-def"
    for d in (dead, alive):
        (d / "profile").mkdir(parents=True)
    pdf._clear_dead_profiles()
    assert sorted(p.name for p in tmp_path.iterdir()) == [alive.name]


def test_csvs_into_the_current_folder(tmp_path, monkeypatch):
    d = tmp_path / "board"
    d.mkdir()
    (d / "minutes.docx").write_text("keep")
    monkeypatch.chdir(d)
    ex.export(".", CLEAN, fmt="csv", overwrite=True)
    assert (d / "summary.csv").is_file() and (d / "minutes.docx").read_text() == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board"]  # nothing written beside it
