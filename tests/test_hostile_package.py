"""Nothing outside (issue 29): peelkit never follows a symbolic link for datapackage.json, the journal, the
lock or a table, and never fetches a profile or schema. Every run is audited: each path it opens (with
its flags) and each network call it tries is recorded before it happens (``sys.addaudithook``)."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from .conftest import CLEAN, RAW
from .hostile import audit_log, no_crash, one_line_error, peelkit

READERS = [["validate", "{pkg}"], ["query", "--data", "{pkg}", "--force", "Kent", "-f", "csv"],
           ["compare", "--data", "{pkg}", "--force", "Kent", "-f", "csv"],
           ["history", "--data", "{pkg}", "--force", "Kent", "-f", "csv"], ["totals", "--data", "{pkg}", "-f", "csv"],
           ["grid", "--data", "{pkg}", "-f", "csv"], ["reports", "--data", "{pkg}", "-f", "csv"],
           ["diff", "2016/17", "2018/19", "--data", "{pkg}", "-f", "csv"],
           ["export", "{out}/board.xlsx", "--data", "{pkg}"], ["export", "{out}/peel.json", "--data", "{pkg}"],
           ["sources", "--data", "{pkg}", "-f", "csv"], ["remove", "peel_effectiveness_2016_leicestershire.txt",
                                                          "--data", "{pkg}"],
           ["extract", str(RAW / "state_of_policing_2019_part2.txt"), "--out", "{pkg}", "-q"]]


@pytest.fixture
def place(tmp_path):
    """A copy of data/clean (``pkg``), a folder for outputs and a folder outside both (``outside``)."""
    pkg, out, outside = tmp_path / "data" / "clean", tmp_path / "out", tmp_path / "elsewhere"
    shutil.copytree(CLEAN, pkg)
    (tmp_path / "data" / "raw").symlink_to(RAW)
    out.mkdir()
    outside.mkdir()
    return pkg, out, outside


def _run(args, pkg, out, audit):
    return peelkit(*(a.format(pkg=pkg, out=out) for a in args), audit=audit, timeout=120)


def _outside_reads(opened, outside):
    """Opens that reach ``outside``: a path there, or a link there opened without O_NOFOLLOW."""
    bad = []
    for path, flags in opened:
        real = os.path.realpath(path)
        if real.startswith(str(outside) + os.sep) and not (os.path.islink(path) and flags & os.O_NOFOLLOW):
            bad.append(path)
    return bad


LINKED = {  # name in the package -> what the outside file holds
    "datapackage.json": lambda: (CLEAN / "datapackage.json").read_text(),  # a valid package: following "works"
    ".peelkit-journal.json": lambda: "root:x:0:0:root:/root:/bin/bash\n",  # /etc/passwd's first line
    ".peelkit.lock": lambda: "precious\n",  # a writer that followed it would truncate it
    "pillars.csv": lambda: (CLEAN / "pillars.csv").read_text(),
}


@pytest.mark.parametrize("name", sorted(LINKED))
@pytest.mark.parametrize("cmd", READERS, ids=lambda c: c[0] + ("-" + c[1].rsplit(".", 1)[-1] if c[0] == "export" else ""))
def test_a_link_to_a_file_outside_is_never_followed(place, tmp_path, name, cmd):
    pkg, out, outside = place
    target = outside / name.lstrip(".")
    target.write_text(LINKED[name]())
    before = target.read_bytes()
    (pkg / name).unlink(missing_ok=True)
    (pkg / name).symlink_to(target)
    log = tmp_path / "audit.jsonl"
    p = _run(cmd, pkg, out, log)
    no_crash(p)
    opened, net = audit_log(log)
    assert not _outside_reads(opened, outside), (p.stderr, _outside_reads(opened, outside))
    assert not net
    assert target.read_bytes() == before and (pkg / name).is_symlink()  # nothing written through it either
    if name != ".peelkit.lock" and cmd[0] in ("validate", "extract", "remove"):
        assert p.returncode == 1 and "symbolic link" in p.stdout + p.stderr, p.stderr  # said, not skipped


REMOTE = {
    "resource profile": (lambda pkg: pkg["resources"][0].update(profile="http://127.0.0.1:9/p.json"),
                         "resources[0].profile: 'http://127.0.0.1:9/p.json' is not a standard profile"),
    "package profile": (lambda pkg: pkg.update(profile="https://example.org/profile.json"),
                        "profile: 'https://example.org/profile.json' is not a standard profile"),
    "local profile": (lambda pkg: pkg["resources"][1].update(profile="../../elsewhere/p.json"),
                      "resources[1].profile: '../../elsewhere/p.json' is not a standard profile"),
    "schema by reference": (lambda pkg: pkg["resources"][0].update(schema="http://127.0.0.1:9/schema.json"),
                            "resources[0].schema: expected an object, found a string"),
    "dialect with a URL": (lambda pkg: pkg["resources"][0].update(dialect={"$schema": "http://127.0.0.1:9/d",
                                                                            "delimiter": ","}), None),
}


@pytest.mark.parametrize("case", sorted(REMOTE))
def test_a_remote_or_foreign_profile_or_schema_is_refused_and_never_fetched(place, tmp_path, case):
    pkg_dir, out, outside = place
    (outside / "p.json").write_text("{}")
    mutate, message = REMOTE[case]
    pkg = json.loads((pkg_dir / "datapackage.json").read_text())
    mutate(pkg)
    (pkg_dir / "datapackage.json").write_text(json.dumps(pkg))
    log = tmp_path / "audit.jsonl"
    p = peelkit("validate", pkg_dir, audit=log, timeout=120)
    no_crash(p)
    opened, net = audit_log(log)
    assert not net, net
    assert not _outside_reads(opened, outside)
    if message is None:
        assert p.returncode == 0, p.stderr  # unknown dialect keys are not passed on: nothing to fetch
    else:
        assert p.returncode == 1 and message in p.stdout + p.stderr, p.stdout + p.stderr


def test_a_table_that_is_a_fifo_is_not_read(place):
    pkg, _, _ = place
    (pkg / "review.csv").unlink()
    os.mkfifo(pkg / "review.csv")
    p = peelkit("validate", pkg, timeout=60)
    assert p.returncode == 1 and "review.csv is a FIFO (named pipe), not a regular file; not read" in p.stderr, p.stderr
    p = peelkit("query", "--data", pkg, "--force", "Kent", timeout=60)
    no_crash(p)


def test_a_journal_link_is_one_line_for_every_reader(place):
    pkg, out, outside = place
    (outside / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (pkg / ".peelkit-journal.json").symlink_to(outside / "passwd")
    p = peelkit("query", "--data", pkg, "--force", "Kent", timeout=60)
    one_line_error(p, ".peelkit-journal.json is a symbolic link, not a journal peelkit wrote; it was not read")
