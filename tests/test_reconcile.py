"""Carried-forward national grades against the force's own PEEL report."""

from __future__ import annotations

import copy
import csv

import pytest

from peelkit.extract import run
from peelkit.reconcile import comparisons, reconcile

from .conftest import RAW, SOP

REPORT = RAW / "peel_effectiveness_2016_leicestershire.txt"


@pytest.fixture(scope="module")
def tables():
    return run([SOP, REPORT], write=False).tables


def test_real_data_preventing_crime_good_in_both(tables):
    ms = comparisons(tables)
    # Leicestershire's only carried-forward 2016/17 question in the 2018/19 table that the 2016 report grades
    assert [(m.force_id, m.question_id, m.year, m.last_inspected) for m in ms] == \
        [("leicestershire", "preventing-crime", "2018/19", "2016/17")]
    m = ms[0]
    assert m.national["grade"] == m.report["grade"] == "Good" and m.agrees
    assert m.national["source_file"] == SOP.name and m.national["source_line"] == 365
    assert m.report["source_file"] == REPORT.name and m.report["source_line"] == 63
    assert reconcile(tables) == []
    assert not [r for r in tables["review"] if r["kind"] == "source_conflict"]


def test_current_national_grades_are_not_compared(tables):
    # investigating-crime was inspected again in 2018/19 (RI in 2016, Good in 2018/19): not a carried grade
    nat = [r for r in tables["questions"] if r["force_id"] == "leicestershire"
           and r["question_id"] == "investigating-crime" and not r.get("report_year")]
    assert nat and nat[0]["last_inspected"] == "2018/19" and nat[0]["grade"] == "Good"
    assert all(m.question_id != "investigating-crime" for m in comparisons(tables))


def test_one_altered_grade_gives_exactly_one_conflict(tables):
    t = copy.deepcopy(tables)
    rep = next(r for r in t["questions"] if r.get("report_year") and r["question_id"] == "preventing-crime")
    rep["grade"] = "Outstanding"
    rows = reconcile(t)
    assert len(rows) == 1
    r = rows[0]
    assert r["kind"] == "source_conflict" and r["question_id"] == "preventing-crime" and r["pillar"] == "effectiveness"
    assert (r["source_file"], r["source_line"]) == (SOP.name, 365)
    assert (r["expected"], r["found"]) == ("Outstanding", "Good")
    assert f"{SOP.name} line 365" in r["message"] and f"{REPORT.name} line 63" in r["message"]


def test_conflict_reaches_review_csv_through_extract(tmp_path):
    lines = REPORT.read_text(encoding="utf-8").split("\n")
    assert lines[62] == "Good" and lines[461] == "Good"  # Overall summary and Summary of findings
    lines[62] = lines[461] = "Outstanding"
    src = tmp_path / "report.txt"
    src.write_text("\n".join(lines), encoding="utf-8")
    res = run([SOP, src], out_dir=tmp_path / "clean")
    with (tmp_path / "clean" / "review.csv").open(encoding="utf-8", newline="") as fh:
        conflicts = [r for r in csv.DictReader(fh) if r["kind"] == "source_conflict"]
    assert len(conflicts) == 1 and conflicts[0]["source_line"] == "365"
    assert "report.txt line 63" in conflicts[0]["message"]
    assert res.tables["review"] == sorted(res.tables["review"], key=lambda r: (
        r.get("source_file") or "", r.get("source_page") or 0, r.get("source_line") or 0, r.get("kind") or "",
        r.get("message") or ""))


def test_rows_without_a_report_for_that_round_are_not_compared():
    nat = {"year": "2018/19", "force": "Kent", "force_id": "kent", "pillar": "effectiveness",
           "question_id": "preventing-crime", "grade": "Good", "last_inspected": "2016/17", "report_year": "",
           "source_file": "sop.txt", "source_line": 1}
    rep = dict(nat, year="2017/18", last_inspected="2017/18", report_year="2017", grade="Inadequate",
               source_file="r.txt")
    assert comparisons({"questions": [nat, rep]}) == [] and reconcile({"questions": [nat, rep]}) == []
    rep2 = dict(rep, year="2016/17", last_inspected="2016/17", report_year="2016", source_page=4, source_line=None)
    [row] = reconcile({"questions": [nat, rep2]})
    assert "r.txt page 4" in row["message"]
