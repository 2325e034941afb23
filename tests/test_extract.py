"""peelkit extract end to end: files written, atomicity, idempotence, datapackage, errors."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil

import pytest
from typer.testing import CliRunner

from peelkit import store
from peelkit.cli import app

from .conftest import CLEAN, RAW, SOP

runner = CliRunner()


def _csv(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    out = tmp_path_factory.mktemp("x") / "clean"
    res = runner.invoke(app, ["extract", "--out", str(out)])
    assert res.exit_code == 0, res.output
    return out, res


def test_extract_writes_every_table(extracted):
    out, res = extracted
    names = sorted(p.name for p in out.iterdir())
    assert {"pillars.csv", "questions.csv", "printed_totals.csv", "review.csv", "datapackage.json"} <= set(names)
    pillars = _csv(out / "pillars.csv")
    assert list(pillars[0]) == ["year", "round", "scale", "force", "force_id", "pillar", "grade", "trend", "previous_grade",
                                "report_year", "source_file", "source_line", "source_page"]
    sop = [r for r in pillars if r["source_file"] == SOP.name]
    assert len(sop) == 129
    leics = {r["pillar"]: (r["grade"], r["trend"]) for r in sop if r["force_id"] == "leicestershire"}
    assert leics == {"effectiveness": ("Good", "Unchanged"), "efficiency": ("Good", "Improved"),
                     "legitimacy": ("Good", "Unchanged")}
    review = _csv(out / "review.csv")
    assert sum(r["kind"] == "count_mismatch" for r in review if r["source_file"] == SOP.name) == 9
    assert not any(r["kind"] in ("total_mismatch", "totals_sum") for r in review)
    assert "37 of 37" in res.output or "reproduced" in res.output


def test_summary_goes_to_stderr_not_stdout(tmp_path):
    import subprocess
    import sys

    p = subprocess.run([sys.executable, "-m", "peelkit", "extract", str(SOP), "--out", str(tmp_path / "c")],
                       capture_output=True, text=True, env={"NO_COLOR": "1", "PATH": ""}, timeout=60)
    assert p.returncode == 0, p.stderr
    assert p.stdout == ""
    assert "printed totals: 37 of 37 reproduced" in p.stderr
    assert "\x1b[" not in p.stderr  # NO_COLOR


def test_datapackage_describes_every_file(extracted):
    out, _ = extracted
    pkg = json.loads((out / "datapackage.json").read_text())
    res = {r["name"]: r for r in pkg["resources"]}
    assert {"pillars", "questions", "printed_totals", "review"} <= set(res)
    for r in pkg["resources"]:
        data = (out / r["path"]).read_bytes()
        assert r["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert r["bytes"] == len(data)
    assert res["pillars"]["schema"]["primaryKey"] == ["year", "force_id", "pillar"]
    grade = next(f for f in res["pillars"]["schema"]["fields"] if f["name"] == "grade")
    assert "Requires improvement" in grade["constraints"]["enum"]
    src = {s["title"]: s for s in pkg["sources"]}
    assert src[SOP.name]["hash"] == "sha256:" + hashlib.sha256(SOP.read_bytes()).hexdigest()
    assert src[SOP.name]["bytes"] == SOP.stat().st_size


def test_extract_is_idempotent(extracted, tmp_path):
    out, _ = extracted
    res = runner.invoke(app, ["extract", "--out", str(tmp_path / "again"), "-q"])
    assert res.exit_code == 0
    for p in out.iterdir():
        assert (tmp_path / "again" / p.name).read_bytes() == p.read_bytes(), p.name


def test_shipped_clean_data_equals_a_fresh_extract(extracted):
    out, _ = extracted
    for p in sorted(out.glob("*.csv")):
        assert (CLEAN / p.name).read_bytes() == p.read_bytes(), f"data/clean/{p.name} is stale: run make demo"


def test_failed_write_leaves_previous_directory_untouched(tmp_path):
    out = tmp_path / "clean"
    runner.invoke(app, ["extract", str(SOP), "--out", str(out), "-q"])
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(OSError, match="simulated"):
        store.write_clean(out, {"pillars": [], "questions": []}, [SOP], fail_after="questions.csv")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["clean"]  # no temp directory left behind


def test_explicit_source_into_new_directory(tmp_path):
    res = runner.invoke(app, ["extract", str(SOP), "--out", str(tmp_path / "a" / "b"), "-q"])
    assert res.exit_code == 0
    assert len(_csv(tmp_path / "a" / "b" / "pillars.csv")) == 129


def _file(name, data):
    def make(d):
        p = d / name
        if data is not None:
            p.write_bytes(data)
        return p
    return make


@pytest.mark.parametrize("make,expect", [
    (_file("missing.txt", None), "no such file"),
    (_file("empty.txt", b""), "empty"),
    (_file("junk.bin", bytes(range(256)) * 40), "binary"),
    (_file("other.txt", b"Minutes of the board.\nNothing here.\n"), "not a document peelkit knows"),
    (_file("p.csv", (CLEAN / "pillars.csv").read_bytes()), "CSV file"),
])
def test_bad_inputs_get_one_clear_line_and_exit_1(tmp_path, make, expect):
    src = make(tmp_path)
    out = tmp_path / "clean"
    res = runner.invoke(app, ["extract", str(src), "--out", str(out)])
    assert res.exit_code == 1, res.output
    assert expect in res.output
    assert str(src.name) in res.output
    assert "Traceback" not in res.output
    assert not out.exists()


def test_directory_without_sources(tmp_path):
    (tmp_path / "raw").mkdir()
    res = runner.invoke(app, ["extract", str(tmp_path / "raw"), "--out", str(tmp_path / "c")])
    assert res.exit_code == 1 and "no source files" in res.output


def test_context_documents_are_skipped_in_a_directory_scan(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SOP, raw / SOP.name)
    shutil.copy(RAW / "hmic_leaflet_pcc_use_of_inspections.txt", raw / "leaflet.txt")
    res = runner.invoke(app, ["extract", str(raw), "--out", str(tmp_path / "c")])
    assert res.exit_code == 0
    assert "skipped leaflet.txt" in res.output


def test_an_unknown_year_layout_names_the_headers_found(tmp_path):
    src = tmp_path / "sop_2023.txt"
    src.write_text(SOP.read_text(encoding="utf-8").replace("In 2018/19, we made our fourth PEEL",
                                                           "In 2022/23, we made our sixth PEEL"), encoding="utf-8")
    res = runner.invoke(app, ["extract", str(src), "--out", str(tmp_path / "c")])
    assert res.exit_code == 1
    assert "sop_2023.txt: unknown State of Policing table year 2022/23; known: 2018/19" in res.output
    assert "headers found:" in res.output and "PEEL judgments table" in res.output
    assert not (tmp_path / "c").exists()


def test_a_run_that_fails_part_way_leaves_existing_data_untouched(tmp_path):
    out = tmp_path / "clean"
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01junk" * 100)
    assert runner.invoke(app, ["extract", str(bad), "--out", str(out)]).exit_code == 1  # alone: nothing written
    assert not out.exists()
    assert runner.invoke(app, ["extract", str(SOP), "--out", str(out), "-q"]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad2 = tmp_path / "also-broken.txt"
    bad2.write_bytes(b"")
    res = runner.invoke(app, ["extract", str(bad), str(SOP), str(bad2), "--out", str(out)])
    # one unreadable file no longer loses the other files' judgments: they are written, each unreadable file
    # is listed in review.csv with its reason, and the run exits 1 saying how many failed
    assert res.exit_code == 1 and "2 of 3 files could not be read" in res.output
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert {k: v for k, v in after.items() if k not in ("review.csv", "datapackage.json")} == {
        k: v for k, v in before.items() if k not in ("review.csv", "datapackage.json")}
    review = (out / "review.csv").read_text(encoding="utf-8")
    assert review.count(",unread_file,") == 2 and "broken.txt: binary data" in review and "also-broken.txt" in review
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["also-broken.txt", "broken.txt", "clean"]


def test_the_board_paper_named_explicitly_is_refused(tmp_path):
    res = runner.invoke(app, ["extract", str(RAW / "opcc_board_paper_hmic_update.txt"), "--out", str(tmp_path / "c")])
    assert res.exit_code == 1
    assert "opcc_board_paper_hmic_update.txt: not a document peelkit knows" in res.output
