"""Killed and concurrent runs (subprocesses): a folder peelkit writes is always the complete old set or
the complete new one, `validate` passes on it, and the next run succeeds.

Bounded and seeded: KILLS SIGKILLs of `peelkit extract` at random points (most after its journal
appears, i.e. mid-swap, with every rename slowed by PEELKIT_TEST_RENAME_DELAY), RACES pairs of
concurrent extracts into one folder (half of them held in their swap by SIGSTOP, so that they overlap
however loaded the machine is: the suite runs on every core), EXPORT_KILLS SIGKILLs of `peelkit export`.
Every rename point is also tested in-process (tests/test_store.py, tests/test_export_write.py)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import zipfile

import pytest

from peelkit import export as ex
from peelkit import extract, store
from peelkit.validate import validate

from .conftest import CLEAN, RAW, SOP

CATALOGUE = RAW / "leicestershire_opcc_hmic_reports.txt"

SEED = 17
KILLS = 10
RACES = 4
EXPORT_KILLS = 3
DELAY = "0.03"  # seconds per rename: a swap of 13 renames takes about 0.4 s


def _env(**extra):
    return {**os.environ, "NO_COLOR": "1", "COLUMNS": "300", **extra}


def _peelkit(*args, **env):
    return subprocess.Popen([sys.executable, "-m", "peelkit", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_env(**env))


def _state(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".")}


@pytest.fixture(scope="module")
def sets(tmp_path_factory):
    """What extracting SOP alone and data/raw give: {source: {file: bytes}}."""
    d = tmp_path_factory.mktemp("sets")
    out = {}
    for src in (SOP, RAW):
        extract.run([src], d / src.name)
        out[src] = _state(d / src.name)
    assert out[SOP] != out[RAW]
    return out


def _journal_pid(folder):
    """The pid in the folder's journal (the run whose swap is under way or was interrupted), else None."""
    try:
        return json.loads((folder / store.JOURNAL).read_text())["pid"]
    except (OSError, ValueError):
        return None


def _mid_swap(folder, p, timeout=60.0):
    """Wait until process ``p`` has written its journal (its swap has begun); False if it ended first."""
    end = time.monotonic() + timeout
    while _journal_pid(folder) != p.pid:
        if p.poll() is not None or time.monotonic() > end:
            return False
        time.sleep(0.003)
    return True


def test_sigkill_at_random_points_never_leaves_a_broken_folder(tmp_path, sets):
    rng = random.Random(SEED)
    out = tmp_path / "clean"
    extract.run([SOP], out, replace=True)
    mid_swap = finished = 0
    for i in range(KILLS):
        src = (RAW, SOP)[i % 2]
        p = _peelkit("extract", src, "--out", out, "-q", "--replace", PEELKIT_TEST_RENAME_DELAY=DELAY)
        if i % 4 != 3:  # mid-swap: once its journal is there (a swap of 13 renames takes over 0.39 s)
            _mid_swap(out, p)
            time.sleep(rng.uniform(0, 0.3))
        else:  # anywhere in the run: parsing, checking, writing the new files
            time.sleep(rng.uniform(0, 1.0))
        p.send_signal(signal.SIGKILL)
        p.communicate()
        finished += p.returncode == 0
        mid_swap += _journal_pid(out) == p.pid
        if i % 3 != 2:  # a reader first (validate rolls the swap back); else the next extract does
            report = validate(out)
            assert report["valid"], (i, report["errors"][:3])
            assert _state(out) in (sets[SOP], sets[RAW]), i
    p = _peelkit("extract", RAW, "--out", out, "-q", "--replace")
    _, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    assert _state(out) == sets[RAW] and sorted(p.name for p in out.iterdir()) == sorted(sets[RAW])
    assert validate(out)["valid"]
    assert mid_swap >= KILLS // 2, (mid_swap, finished)  # most kills landed inside a swap


def _frozen_mid_swap(folder, a):
    """Stop run ``a`` once its swap has begun (it keeps the folder's lock while stopped), so that a run
    started now finds the folder locked however long it takes to start on a loaded machine."""
    assert _mid_swap(folder, a), a.communicate()
    a.send_signal(signal.SIGSTOP)


def test_two_extracts_into_one_folder_end_with_one_complete_set(tmp_path, sets):
    """RACES pairs: the first half start the second run at a random moment after the first (they may
    overlap or not), the second half start it while the first is in its swap, held there (SIGSTOP) until
    the second says it is waiting: an overlap every time, whatever the machine's load."""
    rng = random.Random(SEED)
    out = tmp_path / "clean"
    waited = 0
    for i in range(RACES):
        extract.run([CATALOGUE], out, replace=True)  # a third set: both runs have every file to swap (13 renames of 0.06 s)
        first, second = (SOP, RAW) if i % 2 else (RAW, SOP)
        forced = i >= RACES // 2
        a = _peelkit("extract", first, "--out", out, "-q", "--replace", PEELKIT_TEST_RENAME_DELAY="0.06")
        head = ""
        try:
            if forced:
                _frozen_mid_swap(out, a)
            else:
                time.sleep(rng.uniform(0, 0.3))
            b = _peelkit("extract", second, "--out", out, "-q", "--replace", PEELKIT_TEST_RENAME_DELAY="0.06")
            if forced:
                head = b.stderr.readline()  # blocks until b waits for the lock (or ends)
        finally:
            a.send_signal(signal.SIGCONT)
        (_, err_a), (_, err_b) = a.communicate(timeout=120), b.communicate(timeout=120)
        err_b = head + err_b
        assert (a.returncode, b.returncode) == (0, 0), (err_a, err_b)
        for err, other in ((err_a, b), (err_b, a)):  # the only message: who it waited for
            assert err in ("", f"waiting for another peelkit run (pid {other.pid}) to finish writing {out} ...\n"), err
            waited += bool(err)
        if forced:
            assert err_a == "" and err_b, i
        assert _state(out) in (sets[SOP], sets[RAW]), i
        assert sorted(p.name for p in out.iterdir()) == sorted(sets[first]), i  # nothing left behind
        assert validate(out)["valid"]
    assert waited >= RACES // 2
    # a writer that will not wait long: it fails with one line naming the other, the other's set stays
    extract.run([SOP], out, replace=True)
    a = _peelkit("extract", RAW, "--out", out, "-q", "--replace", PEELKIT_TEST_RENAME_DELAY="0.1")
    try:
        _frozen_mid_swap(out, a)
        b = _peelkit("extract", SOP, "--out", out, "-q", "--replace", PEELKIT_LOCK_WAIT="0.2")
        _, err_b = b.communicate(timeout=120)
    finally:
        a.send_signal(signal.SIGCONT)
    _, err_a = a.communicate(timeout=120)
    assert (a.returncode, b.returncode, err_a) == (0, 1, "")
    assert err_b.splitlines()[-1] == (f"error: {out}: another peelkit run (pid {a.pid}) is writing this; waited "
                                      "0.2 s and changed nothing: run again when it has finished")
    assert _state(out) == sets[RAW]


def test_sigkill_during_export_never_leaves_a_half_written_workbook(tmp_path):
    rng = random.Random(SEED)
    out = tmp_path / "board.xlsx"
    ex.export(out, CLEAN)
    seen = [out.read_bytes()]
    for _ in range(EXPORT_KILLS):
        p = _peelkit("export", out, "--force", "Leics", "--overwrite", "--data", CLEAN, PEELKIT_TEST_RENAME_DELAY="0.2")
        time.sleep(rng.uniform(0.3, 2.0))
        p.send_signal(signal.SIGKILL)
        p.communicate()
        assert zipfile.ZipFile(out).testzip() is None  # a whole workbook, never a half-written one
        seen.append(out.read_bytes())
    p = _peelkit("export", out, "--force", "Leics", "--overwrite", "--data", CLEAN)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    assert [p.name for p in tmp_path.iterdir()] == ["board.xlsx"]  # the killed runs' temporary files went
    assert set(seen) <= {seen[0], out.read_bytes()}  # after every kill: the old paper or the new one
