"""Rounds end to end: the shipped sources plus generated documents of other rounds, through `extract`,
`validate`, `history`, `diff`, `totals` and `compare` as an analyst would run them.

The 2021/22 report and the 2016 national list are generated (tests/fixtures/rounds/, synthetic grades):
they never reach data/clean."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from typer.testing import CliRunner

from peelkit.cli import app

from .conftest import RAW, ROOT

FIX = ROOT / "tests" / "fixtures" / "rounds"
runner = CliRunner()


def _run(home, *args):
    return runner.invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1", "PEELKIT_HOME": str(home)})


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    d = tmp_path_factory.mktemp("rounds-home")
    shutil.copytree(RAW, d / "data" / "raw")
    shutil.copy(FIX / "area-2021-grid" / "doc.pdf", d / "data" / "raw" / "peel_2021_leicestershire.pdf")
    shutil.copy(FIX / "list-2016-effectiveness" / "pdftotext-layout.txt",
                d / "data" / "raw" / "peel_2016_effectiveness_list.txt")
    res = _run(d, "extract")
    assert res.exit_code == 0, res.output
    return d


def _csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_package_validates_and_keeps_every_seed_row(home):
    res = _run(home, "validate")
    assert res.exit_code == 0, res.output
    clean = home / "data" / "clean"
    areas = _csv((clean / "areas.csv").read_text(encoding="utf-8"))
    assert len(areas) == 10 and {r["round"] for r in areas} == {"2021/22"} and {r["scale"] for r in areas} == {"5"}
    assert {r["source_file"] for r in areas} == {"peel_2021_leicestershire.pdf"}
    pillars = _csv((clean / "pillars.csv").read_text(encoding="utf-8"))
    assert sum(r["source_file"] == "state_of_policing_2019_part2.txt" for r in pillars) == 129
    # the 2016 list and the 2016 Leicestershire report print the same grade: one row, no finding
    leics_2016 = [r for r in pillars if r["year"] == "2016/17" and r["force_id"] == "leicestershire"]
    assert [(r["grade"], r["round"], r["scale"]) for r in leics_2016] == [("Requires improvement", "2016", "4")]
    review = _csv((clean / "review.csv").read_text(encoding="utf-8"))
    assert not [r for r in review if r["kind"] in ("duplicate_row", "source_conflict")]


def test_history_shows_every_round_and_marks_the_new_framework(home):
    res = _run(home, "history", "--force", "Leics", "-f", "json")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert [r for r in dict.fromkeys(r["round"] for r in rows)] == ["2016", "2018/19", "2021/22"]
    area = {r["area_id"]: r["grade"] for r in rows if r["round"] == "2021/22"}
    assert area["investigating-crime"] == "Adequate" and area["victims"] == "Ungraded" and len(area) == 10
    assert {r["comparable_with_previous"] for r in rows if r["round"] == "2021/22"} == {False}
    assert {r["comparable_with_previous"] for r in rows if r["round"] == "2018/19"} == {True}


def test_diff_across_frameworks_is_never_a_direction(home):
    res = _run(home, "diff", "2018/19", "2021/22", "--force", "Leics", "-f", "csv")
    assert res.exit_code == 0, res.output
    rows = _csv(res.stdout)
    assert rows and {r["change"] for r in rows} == {"not comparable"}
    inv = next(r for r in rows if r["area_id"] == "investigating-crime" or r["question_id"] == "investigating-crime")
    assert (inv["old_grade"], inv["new_grade"], inv["old_scale"], inv["new_scale"]) == ("Good", "Adequate", "4", "5")
    assert "not comparable" in res.stderr


def test_a_national_list_is_a_national_distribution(home):
    res = _run(home, "totals", "--year", "2016", "-f", "csv")
    assert res.exit_code == 0, res.output
    got = {r["value"]: (r["derived"], r["check"], r["scope"]) for r in _csv(res.stdout) if r["measure"] == "grade"}
    assert got == {"Outstanding": ("1", "ok", "43 forces nationally"), "Good": ("28", "ok", "43 forces nationally"),
                   "Requires improvement": ("13", "ok", "43 forces nationally"),
                   "Inadequate": ("1", "ok", "43 forces nationally")}
