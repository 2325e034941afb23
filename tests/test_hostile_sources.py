"""What a single document cannot catch, a second one can (issue 29, item 10), and formula-looking values
are a finding when extracted (item 9)."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from peelkit.cli import app

from .conftest import SOP
from .hostile import ROOT

runner = CliRunner()
ENV = {"NO_COLOR": "1", "COLUMNS": "400"}
ROUNDS = ROOT / "tests" / "fixtures" / "rounds"


def _review(folder):
    with (folder / "review.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _swap_in_table() -> str:
    """The 2018/19 table with the effectiveness grades of Kent (line 251, one cell a line) and Northumbria
    (line 487, a tab-separated row) swapped: every total still adds up, so the document cannot tell."""
    lines = SOP.read_text(encoding="utf-8").split("\n")
    assert lines[250] == "**Good**" and lines[486].startswith("<b>Northumbria</b>\tRequires improvement\t")
    lines[250] = "**Requires improvement**"
    lines[486] = lines[486].replace("\tRequires improvement\t", "\tGood\t", 1)
    return "\n".join(lines)


PRESS = ("PEEL 2018/19: effectiveness\n"
         "HMICFRS has published its effectiveness assessments of the police forces of England and Wales.\n"
         "Durham was graded outstanding; Cleveland was graded inadequate; six forces require improvement "
         "(Derbyshire, Greater Manchester, Metropolitan Police, Northamptonshire, Northumbria and West Mercia); "
         "all other forces were graded good.\n")


def test_a_swap_no_total_can_see_is_a_conflict_with_the_press_release(tmp_path):
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / SOP.name).write_text(_swap_in_table(), encoding="utf-8")
    res = runner.invoke(app, ["extract", str(alone), "--out", str(tmp_path / "one"), "-q"], env=ENV)
    assert res.exit_code == 0  # the table alone: every total reproduced, nothing to see
    both = tmp_path / "both"
    both.mkdir()
    (both / SOP.name).write_text(_swap_in_table(), encoding="utf-8")
    (both / "press_release_2019.txt").write_text(PRESS, encoding="utf-8")
    res = runner.invoke(app, ["extract", str(both), "--out", str(tmp_path / "two")], env=ENV)
    assert res.exit_code == 1
    assert "check failed: 2 judgment(s) printed differently by two sources (source_conflict)" in res.output
    conflicts = [r for r in _review(tmp_path / "two") if r["kind"] == "source_conflict"]
    assert sorted((r["expected"], r["found"]) for r in conflicts) == [("Good", "Requires improvement"),
                                                                      ("Requires improvement", "Good")]
    assert all("press_release_2019.txt line 3" in r["message"] for r in conflicts)
    assert {r["source_file"] for r in conflicts} == {SOP.name}


def test_the_same_judgments_from_two_documents_are_no_conflict(tmp_path):
    both = tmp_path / "both"
    both.mkdir()
    (both / SOP.name).write_bytes(SOP.read_bytes())
    (both / "press_release_2019.txt").write_text(PRESS, encoding="utf-8")
    res = runner.invoke(app, ["extract", str(both), "--out", str(tmp_path / "out"), "-q"], env=ENV)
    assert res.exit_code == 0, res.output
    assert not [r for r in _review(tmp_path / "out") if r["kind"] == "source_conflict"]


def test_an_area_grade_changed_in_the_report_is_a_conflict_with_its_news_copy(tmp_path):
    src = tmp_path / "raw"
    src.mkdir()
    report = (ROUNDS / "area-2023-rows" / "pdftotext-layout.txt").read_text(encoding="utf-8")
    changed = report.replace("Investigating crime                                             Adequate",
                             "Investigating crime                                             Good", 1)
    assert changed != report
    (src / "cleveland_report.txt").write_text(changed, encoding="utf-8")
    (src / "cleveland_news.txt").write_bytes((ROUNDS / "list-2023-areas" / "pdftotext-layout.txt").read_bytes())
    res = runner.invoke(app, ["extract", str(src), "--out", str(tmp_path / "out"), "-q"], env=ENV)
    assert res.exit_code == 1
    (c,) = [r for r in _review(tmp_path / "out") if r["kind"] == "source_conflict"]
    assert (c["source_file"], c["expected"], c["found"]) == ("cleveland_report.txt", "Adequate", "Good")
    assert "investigating-crime" in c["message"]


@pytest.mark.parametrize("name", ['=HYPERLINK("evil.example","x").txt', "+2+3.txt", "@SUM(A1).txt"])
def test_formula_looking_values_are_a_finding_and_stay_exact(tmp_path, name):
    src = tmp_path / "raw"
    src.mkdir()
    (src / name).write_bytes(SOP.read_bytes())
    res = runner.invoke(app, ["extract", str(src), "--out", str(tmp_path / "out")], env=ENV)
    assert res.exit_code == 0, res.output
    assert "formula_like" in res.output  # the summary counts them
    found = [r for r in _review(tmp_path / "out") if r["kind"] == "formula_like"]
    assert {r["message"].split(",")[0] for r in found} == {"pillars.csv", "questions.csv", "printed_totals.csv",
                                                            "review.csv"}
    assert all(r["found"] == repr(name) and r["source_file"] == name for r in found)
    pillars = (tmp_path / "out" / "pillars.csv").read_text(encoding="utf-8")
    assert f",{name}," in pillars or f',"{name}",' in pillars.replace('""', '"')  # exact, not neutralised
    assert "(129 cells)" in next(r["message"] for r in found if r["message"].startswith("pillars.csv"))
