"""Gaps are shown everywhere the same way (issue 28): a judgment the documents hold but peelkit could not
read is listed with an empty grade and its reason by query, compare, history and grid (--hide-gaps drops
it), is 'not extracted' in diff (never 'only in old'), and counts over the forces read say so in totals,
compare and the board paper."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from peelkit import gaps
from peelkit.cli import app

from .conftest import CLEAN

runner = CliRunner()
REASON = "not extracted: its column did not line up with the forces (review.csv: count_mismatch at"
PV = "protecting-vulnerable"


def run(*args):
    return runner.invoke(app, [*args, "--data", str(CLEAN)], env={"COLUMNS": "200", "NO_COLOR": "1"})


def rows(res) -> list[dict]:
    assert res.exit_code in (0, 1), res.output
    return list(csv.DictReader(io.StringIO(res.stdout)))


def test_find_a_gap_for_every_force_a_finding_covers_and_no_other():
    judged = [
        {"year": "2018/19", "force_id": "a", "pillar": "effectiveness", "question_id": "", "grade": "Good",
         "source_file": "t.txt"},
        {"year": "2018/19", "force_id": "b", "pillar": "effectiveness", "question_id": "", "grade": "Good",
         "source_file": "t.txt"},
        {"year": "2018/19", "force_id": "b", "pillar": "effectiveness", "question_id": "x", "grade": "Good",
         "source_file": "t.txt"},
        {"year": "2018/19", "force_id": "c", "pillar": "effectiveness", "question_id": "", "grade": "",
         "source_file": "u.txt"},
    ]
    review = [{"source_file": "t.txt", "source_line": 9, "pillar": "effectiveness", "question_id": "x",
               "kind": "count_mismatch"},
              {"source_file": "t.txt", "source_line": 9, "pillar": "effectiveness", "question_id": "y",
               "kind": "total_unverifiable"}]  # a totals check is about values read: no gap
    found = gaps.find(judged, review)
    assert found == {("2018/19", "a", "effectiveness", "x", ""): [review[0]],
                     ("2018/19", "c", "effectiveness", "", ""): []}
    assert gaps.reason([]) == "not extracted: no grade was placed for it (see review.csv)"
    assert gaps.read_counts(18, 43, 16) == "16 of the 18 forces read; 25 not read"
    assert gaps.read_counts(43, 43) == "" and gaps.read_counts(0, 43) == "none of the 43 forces read"


def test_query_lists_the_gap_with_its_reason():
    got = rows(run("query", "--force", "Leics", "--year", "2018/19", "-f", "csv"))
    assert len(got) == 12  # 7 judgments read and 5 not extracted in 2018/19
    pv = next(r for r in got if r["question_id"] == PV)
    assert pv["grade"] == "" and pv["note"].startswith(REASON) and "lines 410, 536" in pv["note"]
    assert (pv["source_file"], pv["source_line"]) == ("state_of_policing_2019_part2.txt", "410")
    assert len(rows(run("query", "--force", "Leics", "--year", "2018/19", "--hide-gaps", "-f", "csv"))) == 7


def test_compare_and_history_list_the_gap_with_the_same_reason():
    prof = json.loads(run("compare", "--force", "Leics", "-f", "json").stdout)
    pv = next(j for j in prof["judgments"] if j["question_id"] == PV)
    assert pv["grade"] is None and pv["standing"].startswith(REASON)
    hidden = json.loads(run("compare", "--force", "Leics", "-f", "json", "--hide-gaps").stdout)
    assert PV not in {j["question_id"] for j in hidden["judgments"]}
    hist = rows(run("history", "--force", "Leics", "-f", "csv"))
    h = next(r for r in hist if r["question_id"] == PV and r["year"] == "2018/19")
    assert h["grade"] == "" and h["note"] == pv["standing"]
    assert not [r for r in rows(run("history", "--force", "Leics", "-f", "csv", "--hide-gaps")) if not r["grade"]]


def test_grid_says_per_column_how_many_and_why():
    res = run("grid", "--level", "question", "-f", "csv")
    assert "Serious and organised crime: empty = not extracted for 25 of 43 forces: its column did not line up" \
        in " ".join(res.stderr.split())


def test_diff_never_says_only_in_old_for_a_gap():
    res = run("diff", "2016/17", "2018/19", "--force", "Leics", "-f", "csv", "--all")
    got = {r["question_id"]: r for r in rows(res)}
    assert got[PV]["change"] == "not extracted" and got[PV]["note"].startswith("2018/19: " + REASON)
    assert "only in old" not in res.stdout


def test_totals_marks_partial_counts():
    res = run("totals", "--question", "serious-organised-crime", "-f", "table")
    text = " ".join(res.stdout.split())
    assert "16 of the 18 forces read; 25 not read" in text
    assert "(18 of the 43 forces read; 25 not read)" in text
    got = json.loads(run("totals", "--question", "serious-organised-crime", "-f", "json").stdout)
    assert {(r["value"], r["partial"]) for r in got} == {("Good", "16 of the 18 forces read; 25 not read"),
                                                         ("Requires improvement", "2 of the 18 forces read; 25 not read")}


def test_the_diff_key_is_a_sentence():
    res = run("diff", "2016/17", "2018/19", "--force", "Leics", "-f", "table")
    out = " ".join(res.stdout.split())
    assert "n/c" not in out
    assert "rounds not consecutive (PEEL 2017 between): no direction given; the 2018/19 report prints " \
           "'Unchanged' since the force's previous inspection" in out
    assert "are not consecutive rounds (PEEL 2017 between)" in " ".join(res.stderr.split())
