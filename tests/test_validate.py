"""peelkit validate: a frictionless-style report on the clean data directory."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from peelkit.cli import app
from peelkit.validate import validate

from .conftest import CLEAN, RAW

runner = CliRunner()


@pytest.fixture
def copy(tmp_path):
    shutil.copytree(CLEAN, tmp_path / "clean")
    shutil.copytree(RAW, tmp_path / "raw")
    return tmp_path / "clean"


def _edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_shipped_data_is_valid():
    report = validate(CLEAN)
    assert report["valid"], report["errors"][:5]
    assert report["stats"]["tables"] >= 4 and report["stats"]["rows"] > 300
    res = runner.invoke(app, ["validate", str(CLEAN), "-f", "json"])
    assert res.exit_code == 0
    body = json.loads(res.stdout)
    assert set(body) == {"valid", "stats", "errors", "warnings"} and body["valid"] is True


def test_a_bad_grade_is_a_constraint_error(copy):
    _edit(copy / "pillars.csv", "Leicestershire,leicestershire,effectiveness,Good",
          "Leicestershire,leicestershire,effectiveness,Excellent")
    report = validate(copy)
    assert not report["valid"]
    types = {e["type"] for e in report["errors"]}
    assert {"constraint", "hash-mismatch"} <= types
    c = next(e for e in report["errors"] if e["type"] == "constraint")
    assert c["field"] == "grade" and c["source"] == "pillars.csv" and "'Excellent'" in c["message"]
    res = runner.invoke(app, ["validate", str(copy)])
    assert res.exit_code == 1 and "invalid" in res.output


def test_a_duplicated_row_breaks_the_primary_key(copy):
    p = copy / "pillars.csv"
    lines = p.read_text().splitlines(keepends=True)
    p.write_text("".join(lines + [lines[1]]))
    types = [e["type"] for e in validate(copy)["errors"]]
    assert "primary-key" in types


def test_a_dropped_row_breaks_force_count_and_totals(copy):
    p = copy / "pillars.csv"
    lines = p.read_text().splitlines(keepends=True)
    drop = next(i for i, ln in enumerate(lines) if ",durham,effectiveness," in ln)
    p.write_text("".join(lines[:drop] + lines[drop + 1:]))
    report = validate(copy)
    fc = [e for e in report["errors"] if e["type"] == "force-count"]
    assert len(fc) == 1 and "42 forces" in fc[0]["message"] and "Durham" in fc[0]["message"]
    # with a force missing the totals cannot be verified: warnings, the error is the force count
    totals = [e["message"] for e in report["warnings"] if e["type"] == "totals-unverifiable"]
    assert any("effectiveness grade Outstanding: printed 1 but only 42 forces placed" in m for m in totals)


def test_unknown_force_and_changed_source(copy):
    _edit(copy / "pillars.csv", ",leicestershire,", ",leicester-city,")
    (copy.parent / "raw" / "state_of_policing_2019_part2.txt").write_text("changed")
    types = {e["type"] for e in validate(copy)["errors"]}
    assert {"unknown-force", "source-changed"} <= types


def test_missing_datapackage_is_a_clear_error(tmp_path):
    (tmp_path / "empty").mkdir()
    res = runner.invoke(app, ["validate", str(tmp_path / "empty")])
    assert res.exit_code == 1 and "datapackage.json not found" in res.output and "Traceback" not in res.output


def test_every_field_is_checked_against_its_type(copy):
    _edit(copy / "reports.csv", ",2024-08-22,", ",2024-13-45,")
    _edit(copy / "reports.csv", ",False,", ",maybe,")
    errors = [e for e in validate(copy)["errors"] if e["type"] == "type"]
    assert {(e["field"], e["source"]) for e in errors} == {("date", "reports.csv"), ("response_published", "reports.csv")}
    date = next(e for e in errors if e["field"] == "date")
    assert "'2024-13-45' is not a valid date" in date["message"] and date["row"] > 1
    res = runner.invoke(app, ["validate", str(copy)], env={"COLUMNS": "200"})
    assert res.exit_code == 1 and f"reports.csv, row {date['row']}, date" in res.output


def test_a_question_without_its_pillar_judgment_breaks_the_foreign_key(copy):
    p = copy / "pillars.csv"
    lines = p.read_text().splitlines(keepends=True)
    drop = next(i for i, ln in enumerate(lines) if ln.startswith("2018/19,2018/19,4,Durham,durham,efficiency,"))
    p.write_text("".join(lines[:drop] + lines[drop + 1:]))
    fk = [e for e in validate(copy)["errors"] if e["type"] == "foreign-key"]
    assert fk and all(e["source"] in ("questions.csv", "areas_for_improvement.csv") for e in fk)


def test_a_totals_mismatch_names_the_line_or_page(copy):
    _edit(copy / "printed_totals.csv", "2018/19,2018/19,4,effectiveness,,grade,Good,35,table",
          "2018/19,2018/19,4,effectiveness,,grade,Good,34,table")
    msgs = [e["message"] for e in validate(copy)["errors"] if e["type"] == "totals"]
    assert msgs and all("line None" not in m for m in msgs) and any("line " in m for m in msgs)


def test_a_totals_mismatch_from_a_pdf_source_names_the_page(copy):
    # the same total as read from a PDF: a page, no line
    _edit(copy / "printed_totals.csv",
          "2018/19,2018/19,4,effectiveness,,grade,Good,35,table,state_of_policing_2019_part2.txt,505,",
          "2018/19,2018/19,4,effectiveness,,grade,Good,34,table,state_of_policing_2019_part2.txt,,143")
    msgs = [e["message"] for e in validate(copy)["errors"] if e["type"] == "totals"]
    assert msgs == ["2018/19 effectiveness grade Good: printed 34 (table, state_of_policing_2019_part2.txt, page 143) "
                    "but the rows give 35"]
