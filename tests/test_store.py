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
from .crashing import killed_at

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
    # data/raw is neither inside the package nor beside it: recorded by name, found in data/raw
    assert [s["title"] for s in srcs] == sorted(p.name for p in RAW.glob("*.txt") if p.name != "opcc_board_paper_hmic_update.txt"
                                               and p.name != "hmic_leaflet_pcc_use_of_inspections.txt")
    assert all("path" not in s for s in srcs)
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
    assert (f"note: the current folder has no data/, so this writes the peelkit checkout's "
            f"{checkout / 'data' / 'clean'}") in res.output
    assert (checkout / "data" / "clean" / "pillars.csv").read_bytes() == (CLEAN / "pillars.csv").read_bytes()
    assert list(elsewhere.iterdir()) == []


# ------------------------------------------------------------------ ownership: only what peelkit's manifest lists


def _extracted(out, source=SOP):
    res = runner.invoke(app, ["extract", str(source), "--out", str(out), "-q"])
    assert res.exit_code == 0, res.output


def test_a_datapackage_that_merely_claims_peelkit_is_not_enough(tmp_path):
    d = tmp_path / "theirs"
    d.mkdir()
    (d / "review.csv").write_text("my,own\nreview,notes\n")
    (d / store.DATAPACKAGE).write_text(json.dumps({"created_by": "peelkit-like tool", "resources": []}))
    res = runner.invoke(app, ["extract", str(SOP), "--out", str(d)], env={"COLUMNS": "300"})
    assert res.exit_code == 1
    assert res.output.strip() == (f"error: {d}: holds review.csv, datapackage.json not written by peelkit (no "
                                  "peelkit datapackage.json lists them); nothing was changed: choose another --out "
                                  "folder")
    assert (d / "review.csv").read_text() == "my,own\nreview,notes\n" and len(list(d.iterdir())) == 2


def test_a_file_changed_since_peelkit_wrote_it_is_the_users(tmp_path):
    out = tmp_path / "clean"
    _extracted(out)
    (out / "review.csv").write_text("my notes on the review\n")  # edited by hand: no longer what the manifest lists
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    res = runner.invoke(app, ["extract", str(RAW), "--out", str(out)], env={"COLUMNS": "300"})
    assert res.exit_code == 1
    assert res.output.strip() == (f"error: {out}: holds review.csv not written by peelkit (the peelkit "
                                  "datapackage.json there does not list it with the sha256 it has now: changed by "
                                  "hand or by another tool); nothing was changed: move it away or choose another "
                                  "--out folder")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    # a peelkit-named file the manifest does not list at all (say, a table a newer peelkit writes) is refused too
    (out / "review.csv").unlink()
    _extracted(out)
    listed = json.loads((out / store.DATAPACKAGE).read_text())
    listed["resources"] = [r for r in listed["resources"] if r["name"] != "reports"]
    (out / store.DATAPACKAGE).write_text(json.dumps(listed))
    res = runner.invoke(app, ["extract", str(SOP), "--out", str(out)])
    assert res.exit_code == 1 and "holds reports.csv not written by peelkit" in res.output


def test_a_link_with_a_peelkit_name_is_never_replaced(tmp_path):
    out = tmp_path / "clean"
    _extracted(out)
    target = tmp_path / "elsewhere.csv"
    target.write_bytes((out / "pillars.csv").read_bytes())
    (out / "pillars.csv").unlink()
    (out / "pillars.csv").symlink_to(target)  # same bytes as listed, but a link: not peelkit's
    res = runner.invoke(app, ["extract", str(SOP), "--out", str(out)])
    assert res.exit_code == 1 and "holds pillars.csv as a symbolic link" in res.output  # named as a link (issue 29)
    assert (out / "pillars.csv").is_symlink()


# ------------------------------------------------------------------ one writer at a time


def test_a_second_writer_waits_then_fails_with_one_line(tmp_path, monkeypatch):
    out = tmp_path / "clean"
    _extracted(out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    monkeypatch.setenv("PEELKIT_LOCK_WAIT", "0.3")
    with store.folder_lock(out):  # another run holds the folder
        res = runner.invoke(app, ["extract", str(RAW), "--out", str(out), "-q"], env={"COLUMNS": "300"})
    assert res.exit_code == 1
    lines = res.output.strip().splitlines()
    assert lines == [f"waiting for another peelkit run (pid {os.getpid()}) to finish writing {out} ...",
                     f"error: {out}: another peelkit run (pid {os.getpid()}) is writing this; waited 0.3 s and "
                     "changed nothing: run again when it has finished"]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # the lock file went with its holder
    _extracted(out, RAW)  # free again


def test_the_lock_file_is_removed_and_a_waiter_takes_the_new_one(tmp_path):
    out = tmp_path / "c"
    out.mkdir()
    with store.folder_lock(out):
        assert (out / store.LOCK).read_text() == f"{os.getpid()}\n"
    assert not (out / store.LOCK).exists()
    with store.folder_lock(out, shared=True), store.folder_lock(out, shared=True):  # readers share it
        assert (out / store.LOCK).exists()
    assert not (out / store.LOCK).exists()


# ------------------------------------------------------------------ fault injection at every rename


@pytest.fixture(scope="module")
def two_sets(tmp_path_factory):
    """An old package (the State of Policing text alone) and what extracting data/raw gives (the new one),
    as {file name: bytes}, and the parsed new tables to write."""
    from peelkit import extract

    d = tmp_path_factory.mktemp("sets")
    extract.run([SOP], d / "old")
    extract.run([RAW], d / "new")
    res = extract.run([RAW], write=False)
    inputs = [RAW / ex.source_file for ex in res.extractions]
    kinds = {ex.source_file: ex.kind for ex in res.extractions}
    return ({p.name: p.read_bytes() for p in (d / "old").iterdir()},
            {p.name: p.read_bytes() for p in (d / "new").iterdir()}, (res.tables, inputs, kinds))


def _fill(folder, files):
    folder.mkdir(parents=True, exist_ok=True)
    for p in folder.iterdir():
        if p.name in store.own_files():
            p.unlink()
    for name, data in files.items():
        (folder / name).write_bytes(data)


def _state(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def _visible(folder):
    return {n: b for n, b in _state(folder).items() if not n.startswith(".")}


def _count_renames(tmp_path, two_sets):
    old, _, (tables, inputs, kinds) = two_sets
    calls = []
    out = tmp_path / "count"
    _fill(out, old)
    store.rename_hook = lambda a, b: calls.append(b.name)
    try:
        store.write_clean(out, tables, inputs, kinds=kinds)
    finally:
        store.rename_hook = None
    return calls


def test_a_failure_at_any_rename_leaves_the_complete_old_set(tmp_path, two_sets):
    old, new, (tables, inputs, kinds) = two_sets
    renames = _count_renames(tmp_path, two_sets)
    # the journal, then every changed file parked and every new one placed
    changed = [n for n in new if old.get(n) != new[n]]
    assert renames == [store.JOURNAL] + sorted(changed) * 2 and len(changed) >= 5
    out = tmp_path / "clean"
    (out / "sub").mkdir(parents=True)
    (out / "mine.txt").write_text("keep")
    for k in range(1, len(renames) + 1):
        _fill(out, old)
        calls = []

        def fail(a, b, k=k):
            calls.append(b)
            if len(calls) == k:
                raise OSError(28, "No space left on device")

        store.rename_hook = fail
        try:
            with pytest.raises(store.DataError, match=r"cannot write the clean tables \(No space left on device\); "
                                                      "nothing was changed"):
                store.write_clean(out, tables, inputs, kinds=kinds)
        finally:
            store.rename_hook = None
        assert _state(out) == {**old, "mine.txt": b"keep"}, k  # no journal, no lock, nothing half-swapped
        assert sorted(p.name for p in out.iterdir()) == sorted([*old, "mine.txt", "sub"]), k


def test_a_kill_at_any_rename_is_rolled_back_by_the_next_command(tmp_path, two_sets):
    old, new, (tables, inputs, kinds) = two_sets
    n = len(_count_renames(tmp_path, two_sets))
    out = tmp_path / "clean"
    tried = 0
    for k in range(1, n + 1):
        _fill(out, old)
        assert killed_at(k, lambda: store.write_clean(out, tables, inputs, kinds=kinds))
        tried += 1
        assert (out / store.JOURNAL).exists() == (k > 1)  # the journal is durable before the first file moves
        if k % 2:  # a reader first: it rolls the swap back before reading anything
            report = validate(out)
            assert report["valid"], (k, report["errors"][:3])
            assert _visible(out) == old and not (out / store.JOURNAL).exists(), k
            # what the dead run left in its hidden temporary folder goes with the next writer
        else:  # or the next writer does, then writes its own set
            store.write_clean(out, tables, inputs, kinds=kinds)
            assert _state(out) == new, k
            assert sorted(p.name for p in out.iterdir()) == sorted(new), k
    # a kill during the roll-back itself: the next command finishes it
    _fill(out, old)
    assert killed_at(n - 2, lambda: store.write_clean(out, tables, inputs, kinds=kinds))
    assert killed_at(3, lambda: store.recover(out))
    assert store.recover(out) and _state(out) == old
    store.write_clean(out, tables, inputs, kinds=kinds)
    assert _state(out) == new and sorted(p.name for p in out.iterdir()) == sorted(new)
    assert tried == n


def test_readers_roll_back_an_interrupted_swap_before_reading(tmp_path, two_sets):
    old, _, (tables, inputs, kinds) = two_sets
    out = tmp_path / "clean"
    _fill(out, old)
    assert killed_at(8, lambda: store.write_clean(out, tables, inputs, kinds=kinds))
    assert not (out / "pillars.csv").exists()  # parked: the folder is half-swapped
    res = runner.invoke(app, ["query", "--data", str(out), "--force", "Durham", "-f", "csv"])
    assert res.exit_code == 0, res.output
    assert "note: rolled back an interrupted peelkit write in" in res.stderr
    assert _state(out) == old and ",durham," in res.stdout


def test_a_journal_peelkit_did_not_write_is_refused(tmp_path):
    out = tmp_path / "clean"
    _extracted(out)
    (out / store.JOURNAL).write_text(json.dumps({"peelkit_journal": 1, "tmp": ".peelkit-tmp-1", "old": "../..",
                                                 "files": [{"name": "../x", "old": None, "new": "sha256:0"}]}))
    res = runner.invoke(app, ["validate", str(out)])
    assert res.exit_code == 1
    assert "is not a journal peelkit wrote; nothing was changed" in res.output and "Traceback" not in res.output
