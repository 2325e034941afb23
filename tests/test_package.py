"""The package grows by source: extract FILE adds or replaces one document's rows and keeps every other
source's; --replace starts afresh; 'peelkit sources' lists the documents; 'peelkit remove' takes one out."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from typer.testing import CliRunner

from peelkit import store
from peelkit.cli import app

from .conftest import CLEAN, RAW, ROOT

runner = CliRunner()
REPORT = "peel_effectiveness_2016_leicestershire.txt"
SOP = "state_of_policing_2019_part2.txt"
CATALOGUE = "leicestershire_opcc_hmic_reports.txt"


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A copy of the shipped data/raw and data/clean, as the project folder (PEELKIT_HOME)."""
    shutil.copytree(RAW, tmp_path / "data" / "raw")
    shutil.copytree(CLEAN, tmp_path / "data" / "clean")
    monkeypatch.setenv("PEELKIT_HOME", str(tmp_path))
    return tmp_path


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _full_run(home):
    """The files a run over all of data/raw writes (afresh, beside data/clean: the same recorded paths)."""
    from peelkit import extract

    ref = home / "data" / "full"
    if not ref.exists():
        extract.run([home / "data" / "raw"], ref, replace=True)
    return _files(ref)


def _sources(clean) -> dict[str, dict]:
    res = runner.invoke(app, ["sources", "--data", str(clean), "-f", "json"])
    assert res.exit_code == 0, res.output
    return {r["source_file"]: r for r in json.loads(res.stdout)}


def test_extracting_one_file_into_the_shipped_package_keeps_every_other_source(home):
    clean = home / "data" / "clean"
    res = runner.invoke(app, ["extract", str(home / "data" / "raw" / REPORT)])
    assert res.exit_code == 0, res.output
    assert (f"package: 1 replaced ({REPORT}), 2 kept ({CATALOGUE}, {SOP}: 431 rows)") in res.output
    # the same document read again: every byte as a run over all of data/raw writes it
    assert _files(clean) == _full_run(home)
    hist = runner.invoke(app, ["history", "--force", "Leics", "-f", "csv", "--data", str(clean)])
    assert hist.exit_code == 0, hist.output
    rounds = {r["label"] for r in csv.DictReader(io.StringIO(hist.stdout))}
    assert rounds == {"PEEL 2016", "PEEL 2018/19"}
    d = runner.invoke(app, ["diff", "2016/17", "2018/19", "--force", "Leics", "--data", str(clean), "-f", "csv"])
    assert "unknown year" not in d.output


def test_replace_starts_afresh_and_a_new_out_folder_holds_only_what_was_read(home, tmp_path):
    clean = home / "data" / "clean"
    res = runner.invoke(app, ["extract", "--replace", str(home / "data" / "raw" / REPORT)])
    assert res.exit_code == 0, res.output
    assert list(_sources(clean)) == [REPORT]
    out = tmp_path / "new"
    res = runner.invoke(app, ["extract", str(home / "data" / "raw" / SOP), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "package:" not in res.output  # nothing kept, replaced or removed: a new package
    assert list(_sources(out)) == [SOP]


def test_sources_lists_documents_with_rounds_and_row_counts(home):
    rows = _sources(home / "data" / "clean")
    assert list(rows) == [CATALOGUE, REPORT, SOP]
    assert rows[SOP]["kind"] == "state_of_policing" and rows[SOP]["rounds"] == "PEEL 2018/19"
    assert (rows[SOP]["pillars"], rows[SOP]["questions"], rows[SOP]["printed_totals"]) == (129, 190, 37)
    assert rows[REPORT]["rounds"] == "PEEL 2016" and rows[REPORT]["judgments"] == 6
    assert rows[CATALOGUE]["reports"] == 75 and rows[CATALOGUE]["rounds"] is None
    assert rows[SOP]["findings"] == 9  # its count_mismatch findings
    pkg = json.loads((home / "data" / "clean" / store.DATAPACKAGE).read_text())
    assert {s["title"]: s["hash"] for s in pkg["sources"]} == {k: "sha256:" + r["sha256"] for k, r in rows.items()}


def test_remove_takes_one_source_out_and_extracting_it_again_restores_the_package(home):
    clean = home / "data" / "clean"
    res = runner.invoke(app, ["remove", REPORT])
    assert res.exit_code == 0, res.output
    assert f"package: 1 removed ({REPORT}), 2 kept" in res.output
    assert list(_sources(clean)) == [CATALOGUE, SOP]
    for name in ("pillars", "questions", "areas_for_improvement", "review"):
        assert not [r for r in store.read_rows(clean, name) if r["source_file"] == REPORT], name
    assert len(store.read_rows(clean, "pillars")) == 129
    assert runner.invoke(app, ["validate", str(clean)]).exit_code == 0
    res = runner.invoke(app, ["extract", "-q", str(home / "data" / "raw" / REPORT)])
    assert res.exit_code == 0, res.output
    assert _files(clean) == _full_run(home)


def test_remove_by_sha256_prefix_and_clear_errors(home):
    clean = home / "data" / "clean"
    before = _files(clean)
    res = runner.invoke(app, ["remove", "nonesuch.txt"])
    assert res.exit_code == 2
    assert res.output.strip().startswith("error: unknown source 'nonesuch.txt' (the package holds ")
    assert _files(clean) == before
    digest = store.file_digest(RAW / CATALOGUE)[0]
    res = runner.invoke(app, ["remove", digest[:10]])
    assert res.exit_code == 0, res.output
    assert CATALOGUE not in _sources(clean)
    runner.invoke(app, ["remove", REPORT])
    res = runner.invoke(app, ["remove", SOP])
    assert res.exit_code == 1
    assert "is the package's only source" in res.output and "Traceback" not in res.output


def test_a_renamed_copy_replaces_the_source_with_the_same_sha256(home, tmp_path):
    copy = tmp_path / "leics_2016_renamed.txt"
    shutil.copy(RAW / REPORT, copy)
    res = runner.invoke(app, ["extract", str(copy)])
    assert res.exit_code == 0, res.output
    assert f"1 replaced (leics_2016_renamed.txt, was {REPORT})" in res.output
    rows = _sources(home / "data" / "clean")
    assert REPORT not in rows and rows["leics_2016_renamed.txt"]["judgments"] == 6


def test_a_new_document_is_added_and_checked_with_the_whole(home):
    clean = home / "data" / "clean"
    doc = ROOT / "tests" / "fixtures" / "rounds" / "force-2017-legitimacy" / "pypdfium2.txt"
    res = runner.invoke(app, ["extract", str(doc)])
    assert res.exit_code == 0, res.output
    assert "package: 1 source added (pypdfium2.txt), 3 kept" in res.output
    rows = _sources(clean)
    assert rows["pypdfium2.txt"]["rounds"] == "PEEL 2017"
    assert rows[SOP]["judgments"] == 319 and rows[REPORT]["judgments"] == 6
    report = runner.invoke(app, ["validate", str(clean), "-f", "json"])
    assert json.loads(report.stdout)["valid"] is True


def test_a_package_changed_by_hand_is_refused_before_anything_is_read(home):
    clean = home / "data" / "clean"
    with (clean / "pillars.csv").open("a") as fh:
        fh.write("by hand\n")
    before = _files(clean)
    res = runner.invoke(app, ["extract", str(home / "data" / "raw" / REPORT)])
    assert res.exit_code == 1
    assert "not written by peelkit" in res.output and "nothing was changed" in res.output
    assert _files(clean) == before


def test_writing_the_checkout_from_another_folder_says_so_first_and_keeps_rows(home, tmp_path, monkeypatch):
    """Run from a folder without data/: the note comes before the extract summary, and the other sources stay."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("PEELKIT_HOME")
    monkeypatch.setattr(store, "project_root", lambda: home)
    res = runner.invoke(app, ["extract", str(home / "data" / "raw" / REPORT)])
    assert res.exit_code == 0, res.output
    note = res.output.index("note: the current folder has no data/, so this writes the peelkit checkout's")
    assert note < res.output.index("peelkit extract")
    assert "2 kept" in res.output
    assert _files(home / "data" / "clean") == _full_run(home)


def test_a_package_another_run_wrote_meanwhile_is_not_overwritten(home, monkeypatch):
    """Read, then another run adds a document, then this run writes: refused, the other run's rows stay."""
    from peelkit import extract

    clean = home / "data" / "clean"
    doc = ROOT / "tests" / "fixtures" / "rounds" / "force-2017-legitimacy" / "pypdfium2.txt"
    real = store.grow

    def grow_then_another_run(*a, **kw):
        g = real(*a, **kw)
        monkeypatch.setattr(store, "grow", real)
        extract.run([doc], clean)  # the other run
        return g

    monkeypatch.setattr(store, "grow", grow_then_another_run)
    res = runner.invoke(app, ["extract", str(home / "data" / "raw" / REPORT)])
    assert res.exit_code == 1 and "another peelkit run changed the package" in res.output
    assert "pypdfium2.txt" in _sources(clean)
