"""Grade history across rounds, rounds that are not comparable, and the area era in query, compare, totals
and the workbook.

Shipped data: Leicestershire's 2016 effectiveness report and the 2018/19 national table. The area era
(PEEL 2021/22 on) is tested on small inline packages (PUDL style): the shipped tables plus an
``areas.csv`` of SYNTHETIC grades for Leicestershire written by the test (never in data/clean), until
the readers of 2021/22 and 2023-25 force reports land.
"""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from typer.testing import CliRunner

from peelkit import model
from peelkit.analyses import frameworks
from peelkit.cli import app

from .conftest import CLEAN

runner = CliRunner()
ENV = {"NO_COLOR": "1", "COLUMNS": "200"}
QUOTE = ('"A reduction in grade, particularly from good to adequate, does not necessarily mean that there has '
         'been a reduction in performance"')
SCALE5 = "5-tier scale (Outstanding, Good, Adequate, Requires improvement, Inadequate)"
SCALE4 = "4-tier scale (Outstanding, Good, Requires improvement, Inadequate)"
SYN = "synthetic_peel_2021_22_leicestershire.txt"  # a test-only file name: these grades are made up

# SYNTHETIC area-era rows (areas.csv columns), as a 2021/22 force report reader would write them
AREAS_2021 = f"""\
year,round,scale,force,force_id,area_id,area,grade,report_year,source_file,source_line,source_page
2021/22,2021/22,5,Leicestershire,leicestershire,treatment-of-public,Engaging with and treating the public with fairness and respect,Good,2022,{SYN},40,
2021/22,2021/22,5,Leicestershire,leicestershire,preventing-crime,Preventing crime and anti-social behaviour,Good,2022,{SYN},41,
2021/22,2021/22,5,Leicestershire,leicestershire,responding-to-public,Responding to the public,Requires improvement,2022,{SYN},42,
2021/22,2021/22,5,Leicestershire,leicestershire,investigating-crime,Investigating crime,Adequate,2022,{SYN},43,
2021/22,2021/22,5,Leicestershire,leicestershire,protecting-vulnerable,Protecting vulnerable people,Adequate,2022,{SYN},44,
2021/22,2021/22,5,Leicestershire,leicestershire,victims,Providing a service to victims of crime,Ungraded,2022,{SYN},52,
"""
AREAS_2023 = """\
2023/25,2023-25,5,Leicestershire,leicestershire,investigating-crime,Investigating crime,Good,2024,synthetic_peel_2023_25_leicestershire.txt,30,
2023/25,2023-25,5,Leicestershire,leicestershire,leadership,Leadership and force management,Adequate,2024,synthetic_peel_2023_25_leicestershire.txt,31,
"""
AREAS_NOTTS = """\
2021/22,2021/22,5,Nottinghamshire,nottinghamshire,investigating-crime,Investigating crime,Requires improvement,2022,synthetic_peel_2021_22_notts.txt,12,
"""


def flat(text: str) -> str:
    """Terminal output with its wrapping undone."""
    return " ".join(text.split())


def run(*args):
    return runner.invoke(app, [str(a) for a in args], env=ENV)


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def package(tmp_path, *areas: str):
    """The shipped clean tables with ``areas`` (CSV text, AREAS_2021's header first) as areas.csv."""
    d = tmp_path / "clean"
    shutil.copytree(CLEAN, d)
    (d / "areas.csv").write_text("".join(areas), encoding="utf-8")
    return d


@pytest.fixture
def pkg(tmp_path):
    return package(tmp_path, AREAS_2021)


# ------------------------------------------------------------------ history on the shipped data


def test_history_of_leicestershire_on_the_shipped_data():
    res = run("history", "--force", "Leics", "-f", "csv")
    assert res.exit_code == 0, res.output
    rows = csv_rows(res.stdout)
    assert [r["round"] for r in rows] == ["2016"] * 6 + ["2018/19"] * 12  # oldest round first
    first = rows[0]
    assert (first["label"], first["year"], first["scale"], first["level"], first["pillar"], first["grade"],
            first["trend"], first["source_file"], first["source_line"], first["document"]) == \
        ("PEEL 2016", "2016/17", "4", "pillar", "effectiveness", "Requires improvement", "Declined",
         "peel_effectiveness_2016_leicestershire.txt", "46", "force report")
    assert first["previous_round"] == "" and first["comparable_with_previous"] == ""
    q2016 = {r["question_id"]: (r["grade"], r["source_line"]) for r in rows[1:6]}
    assert q2016 == {"preventing-crime": ("Good", "63"), "investigating-crime": ("Requires improvement", "68"),
                     "protecting-vulnerable": ("Requires improvement", "75"),
                     "serious-organised-crime": ("Good", "83"), "specialist-capabilities": ("Ungraded", "84")}
    later = [r for r in rows if r["round"] == "2018/19"]
    assert {r["comparable_with_previous"] for r in later} == {"true"} and {r["previous_round"] for r in later} == \
        {"2016"}
    pillars = {r["pillar"]: (r["grade"], r["trend"], r["source_line"]) for r in later if r["level"] == "pillar"}
    assert pillars == {"effectiveness": ("Good", "Unchanged", "259"), "efficiency": ("Good", "Improved", "680"),
                       "legitimacy": ("Good", "Unchanged", "975")}
    graded = {r["question_id"]: (r["grade"], r["last_inspected"], r["source_line"])
              for r in later if r["level"] == "question" and r["grade"]}
    assert graded == {"preventing-crime": ("Good", "2016/17", "365"), "investigating-crime": ("Good", "2018/19", "405"),
                      "meeting-demand": ("Good", "2018/19", "720"), "planning-future": ("Good", "2018/19", "749")}
    pc = next(r for r in later if r["question_id"] == "preventing-crime")
    assert pc["note"] == ("carried forward from 2016/17: peel_effectiveness_2016_leicestershire.txt line 63 says "
                          "Good (agrees)")
    # the judgments the 2018/19 table holds but that could not be placed: listed, grade empty, findings named
    missing = {r["question_id"]: r["note"] for r in later if not r["grade"]}
    assert set(missing) == {"protecting-vulnerable", "serious-organised-crime", "fair-treatment-public",
                            "ethical-workforce", "fair-treatment-workforce"}
    assert "count_mismatch at state_of_policing_2019_part2.txt lines 410, 536" in missing["protecting-vulnerable"]
    assert all(r["source_file"] == "" for r in later if not r["grade"])
    assert "18 judgment(s) of Leicestershire in 2 round(s): PEEL 2016 (6), PEEL 2018/19 (12); 5 not extracted" \
        in res.stderr
    # the catalogue lists the 2021/22 report: its round is named as one to extract
    assert "PEEL 2021/22 (1 report, 2022-04-28)" in res.stderr and "PEEL 2015 (4 reports" in res.stderr


def test_history_json_and_forgiving_names():
    res = run("history", "--force", "leicestershire police", "--year", "PEEL 2016", "-f", "json")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert len(rows) == 6 and {r["round"] for r in rows} == {"2016"}
    assert rows[0]["scale"] == 4 and rows[0]["source_line"] == 46 and rows[0]["source_page"] is None
    assert rows[0]["comparable_with_previous"] is None and rows[0]["question_id"] is None
    nd = [json.loads(x) for x in run("history", "--force", "Leics", "-f", "ndjson").stdout.splitlines()]
    assert [r["comparable_with_previous"] for r in nd] == [None] * 6 + [True] * 12
    res = run("history", "--force", "Leicester")
    assert res.exit_code == 2 and "did you mean 'Leicestershire'" in res.stderr
    res = run("history", "--force", "Leics", "--year", "2021/22")
    assert res.exit_code == 2 and res.stdout == ""
    assert "unknown year '2021/22' (rounds in the data for Leicestershire: 2016/17, 2018/19)" in res.stderr
    assert run("history").exit_code == 2  # --force is required


def test_history_table_names_each_rounds_scale_and_fits_80_columns():
    res = runner.invoke(app, ["history", "--force", "Leics", "-f", "table"], env={"NO_COLOR": "1", "COLUMNS": "80"})
    assert res.exit_code == 0, res.output
    assert max(len(ln) for ln in res.stdout.splitlines()) <= 80 and "…" not in res.stdout
    assert f"PEEL 2016 (2016/17): {SCALE4}" in flat(res.stdout)
    assert "Comparable with PEEL 2016 (same framework and scale)." in res.stdout
    assert "[1] peel_effectiveness_2016_leicestershire.txt" in res.stdout


# ------------------------------------------------------------------ history with an area-era round


def test_history_with_a_2021_22_package(pkg):
    res = run("history", "--force", "Leics", "--data", pkg, "-f", "csv")
    assert res.exit_code == 0, res.output
    rows = csv_rows(res.stdout)
    assert [r["round"] for r in rows] == ["2016"] * 6 + ["2018/19"] * 12 + ["2021/22"] * 6
    new = [r for r in rows if r["round"] == "2021/22"]
    assert [(r["area_id"], r["grade"], r["source_line"]) for r in new] == [
        ("treatment-of-public", "Good", "40"), ("preventing-crime", "Good", "41"),
        ("responding-to-public", "Requires improvement", "42"), ("investigating-crime", "Adequate", "43"),
        ("protecting-vulnerable", "Adequate", "44"), ("victims", "Ungraded", "52")]
    assert {(r["era"], r["scale"], r["level"], r["pillar"], r["source_file"]) for r in new} == \
        {("areas", "5", "area", "", SYN)}
    assert {r["comparable_with_previous"] for r in new} == {"false"} and {r["previous_round"] for r in new} == \
        {"2018/19"}
    assert QUOTE in new[0]["comparability_note"]
    assert new[-1]["note"] == "assessed, not graded"
    assert "PEEL 2021/22" not in res.stderr.split("lists", 1)[-1]  # no longer a round to extract
    table = run("history", "--force", "Leics", "--data", pkg, "-f", "table").stdout
    assert "NOT COMPARABLE with PEEL 2018/19: PEEL 2018/19 (4-tier scale, pillars and questions) and PEEL " \
        "2021/22 (5-tier scale, areas of policing) are not comparable" in flat(table)
    assert f"PEEL 2021/22 (2021/22): {SCALE5}" in flat(table)
    assert "→" not in table and "↓" not in table and "↑" not in table


def test_history_of_three_rounds_quotes_each_break(tmp_path):
    d = package(tmp_path, AREAS_2021, AREAS_2023)
    rows = json.loads(run("history", "--force", "Leics", "--data", d, "--year", "2021/22", "--year", "2023-25",
                          "-f", "json").stdout)
    assert [(r["round"], r["area_id"], r["grade"]) for r in rows if r["round"] == "2023-25"] == [
        ("2023-25", "investigating-crime", "Good"), ("2023-25", "leadership", "Adequate")]
    last = rows[-1]
    assert last["comparable_with_previous"] is False and last["previous_round"] == "2021/22"
    assert "grades of 2023–25 cannot be compared directly with 2021/22, because what is inspected changed" \
        in last["comparability_note"]
    assert rows[0]["comparable_with_previous"] is None  # the first round shown has no previous one


# ------------------------------------------------------------------ diff across frameworks


def test_diff_across_frameworks_says_not_comparable_and_shows_both_grades(pkg):
    args = ("diff", "2018/19", "2021/22", "--force", "Leics", "--data", pkg)
    res = run(*args, "-f", "csv")
    assert res.exit_code == 0, res.output
    rows = csv_rows(res.stdout)
    assert {r["change"] for r in rows} == {"not comparable"}
    by = {(r["pillar"], r["question_id"], r["area_id"]): r for r in rows}
    ic = by[("effectiveness", "investigating-crime", "investigating-crime")]  # matched by id, never ranked
    assert (ic["old_grade"], ic["new_grade"], ic["old_scale"], ic["new_scale"]) == ("Good", "Adequate", "4", "5")
    assert ic["old_source"] == "state_of_policing_2019_part2.txt line 405" and ic["new_source"] == f"{SYN} line 43"
    assert (by[("effectiveness", "", "")]["old_grade"], by[("effectiveness", "", "")]["new_grade"]) == ("Good", "")
    assert (by[("", "", "responding-to-public")]["old_grade"], by[("", "", "responding-to-public")]["new_grade"]) \
        == ("", "Requires improvement")
    assert len(rows) == 11  # 7 rows of 2018/19 (2 matched) + 4 areas of 2021/22 not matched
    assert all(QUOTE in r["note"] for r in rows)
    assert "11 rows set side by side (not compared) for Leicestershire (2018/19 -> 2021/22): 11 not comparable" \
        in res.stderr
    assert QUOTE in flat(res.stderr) and "Both grades are shown side by side; no change is computed." in res.stderr
    for fmt in ("json", "ndjson"):
        res = run(*args, "-f", fmt)
        assert res.exit_code == 0
        recs = json.loads(res.stdout) if fmt == "json" else [json.loads(x) for x in res.stdout.splitlines()]
        ic = next(r for r in recs if r["area_id"] == "investigating-crime")
        assert (ic["old_grade"], ic["new_grade"], ic["change"], ic["old_scale"], ic["new_scale"]) == \
            ("Good", "Adequate", "not comparable", 4, 5)
        assert {r["change"] for r in recs} == {"not comparable"}
    res = run(*args, "-f", "table")
    assert res.exit_code == 0
    line = next(ln for ln in res.stdout.splitlines() if "investigating-crime" in ln)
    assert "Good" in line and "Adequate" in line and "not comparable" in line
    narrow = runner.invoke(app, [*args, "-f", "table"], env={"NO_COLOR": "1", "COLUMNS": "80"}).stdout
    assert max(len(ln) for ln in narrow.splitlines()) <= 80 and narrow.count("not comparable") == 11
    assert "key — grades: G Good, A Adequate" in narrow
    for out in (res.stdout, run(*args, "-f", "csv").stdout):
        assert "Improved" not in out and "Declined" not in out and "→" not in out


def test_diff_between_two_area_rounds_quotes_the_2023_25_break(tmp_path):
    d = package(tmp_path, AREAS_2021, AREAS_2023)
    res = run("diff", "2021/22", "2023-25", "--force", "Leics", "--data", d, "-f", "csv")
    assert res.exit_code == 0, res.output
    rows = {r["area_id"]: r for r in csv_rows(res.stdout)}
    assert (rows["investigating-crime"]["old_grade"], rows["investigating-crime"]["new_grade"],
            rows["investigating-crime"]["change"]) == ("Adequate", "Good", "not comparable")
    assert rows["leadership"]["old_grade"] == "" and rows["leadership"]["new_grade"] == "Adequate"
    assert "because what is inspected changed" in rows["leadership"]["note"]


def test_diff_within_the_pillar_era_still_compares(pkg):
    res = run("diff", "2016/17", "2018/19", "--force", "Leics", "--data", pkg, "-f", "csv")
    assert res.exit_code == 0
    rows = {(r["pillar"], r["question_id"]): r for r in csv_rows(res.stdout)}
    # PEEL 2016 -> PEEL 2018/19 skips PEEL 2017: grades side by side, no direction (issue 28)
    assert rows[("effectiveness", "")]["change"] == "not compared"
    assert "rounds not consecutive" in rows[("effectiveness", "")]["note"]
    assert "not comparable" not in res.stdout


def test_rounds_comparability_is_data():
    r = {x.round_id: x for x in model.rounds()}
    assert r["2016"].comparable(r["2018/19"]) and not r["2018/19"].comparable(r["2021/22"])
    assert [b.round_id for b in frameworks.breaks(r["2014"], r["2025-27"])] == ["2021/22", "2023-25", "2025-27"]
    why = frameworks.reason(r["2023-25"], r["2018/19"])  # either order: the older round is named first
    assert why.startswith("PEEL 2018/19 (4-tier scale, pillars and questions) and PEEL 2023–25 (5-tier scale, "
                          "areas of policing) are not comparable: ")
    assert QUOTE in why and "because what is inspected changed" in why
    assert "not recorded in data/rounds.toml" in frameworks.reason(r["2023-25"], r["2025-27"])
    # every round on a new framework says why its grades are not comparable, or says that it is not known
    for prev, cur in zip(model.rounds(), model.rounds()[1:]):
        if not cur.comparable(prev):
            assert cur.not_comparable or any("not_comparable is empty" in u for u in cur.uncertain), cur.round_id


# ------------------------------------------------------------------ query, totals, compare on area rounds


def test_query_area_rows_for_an_area_round(pkg):
    res = run("query", "--year", "2021/22", "--data", pkg, "-f", "csv")
    assert res.exit_code == 0, res.output
    rows = csv_rows(res.stdout)
    assert [r["area_id"] for r in rows] == ["treatment-of-public", "preventing-crime", "responding-to-public",
                                            "investigating-crime", "protecting-vulnerable", "victims"]
    assert {(r["round"], r["scale"], r["level"]) for r in rows} == {("2021/22", "5", "area")}
    assert f"grades on the {SCALE5}: 2021/22" in res.stderr
    res = run("query", "--area", "investigating crime", "--force", "Leics", "--data", pkg, "-f", "json")
    assert [(r["year"], r["grade"], r["scale"], r["source_line"]) for r in json.loads(res.stdout)] == \
        [("2021/22", "Adequate", 5, 43)]
    assert len(csv_rows(run("query", "--level", "area", "--grade", "good", "--data", pkg, "-f", "csv").stdout)) == 2
    # the pillar era and the area era in one query, each scale named
    res = run("query", "--force", "Leics", "--data", pkg, "-f", "csv")
    assert {r["level"] for r in csv_rows(res.stdout)} == {"pillar", "question", "area"}
    assert f"grades on the {SCALE4}: 2016/17, 2018/19; grades on the {SCALE5}: 2021/22" in res.stderr
    res = run("query", "--area", "investigatng", "--data", pkg)
    assert res.exit_code == 2 and "did you mean 'investigating-crime'" in res.stderr
    res = run("query", "--area", "victims", "--question", "vulnerable", "--data", pkg)
    assert res.exit_code == 2 and "drop --question" in res.stderr


def test_query_year_takes_round_names():
    rows = csv_rows(run("query", "--year", "PEEL 2016", "-f", "csv").stdout)
    assert len(rows) == 6 and {r["round"] for r in rows} == {"2016"}
    assert len(csv_rows(run("query", "--year", "2018-19", "--level", "pillar", "-f", "csv").stdout)) == 129


def test_totals_for_an_area_round_name_the_scale_and_are_never_national(pkg):
    res = run("totals", "--year", "2021/22", "--data", pkg, "-f", "json")
    assert res.exit_code == 0, res.output
    t = json.loads(res.stdout)
    assert [(r["area_id"], r["value"], r["derived"]) for r in t] == [
        ("treatment-of-public", "Good", 1), ("preventing-crime", "Good", 1),
        ("responding-to-public", "Requires improvement", 1), ("investigating-crime", "Adequate", 1),
        ("protecting-vulnerable", "Adequate", 1), ("victims", "Ungraded", 1)]
    assert {(r["scale"], r["check"], r["scope"]) for r in t} == \
        {(5, "unprinted", "1 force in the data for 2021/22; no national distribution")}
    table = run("totals", "--year", "2021/22", "--data", pkg, "-f", "table").stdout
    assert "2021/22 investigating-crime grades: one adequate (1 force in the data for 2021/22; no national " \
        "distribution)" in table
    assert f"2021/22: grades on the {SCALE5}" in table
    shipped = run("totals", "--question", "pillar", "-f", "table").stdout
    assert f"2018/19: grades on the {SCALE4}" in shipped
    assert "2018/19 effectiveness grades: one outstanding, 35 good, six requiring improvement and one inadequate\n" \
        in shipped  # a national table's sentence carries no 'in the data' caveat


def test_totals_count_every_force_report_of_an_area_round(tmp_path):
    d = package(tmp_path, AREAS_2021, AREAS_NOTTS)
    rows = csv_rows(run("totals", "--year", "2021/22", "--data", d, "-f", "csv").stdout)
    ic = {r["value"]: r for r in rows if r["area_id"] == "investigating-crime"}
    assert {v: r["derived"] for v, r in ic.items()} == {"Adequate": "1", "Requires improvement": "1"}
    assert ic["Adequate"]["sentence"] == "one adequate and one requiring improvement"
    assert ic["Adequate"]["scope"] == "2 forces in the data for 2021/22; no national distribution"


def test_compare_on_an_area_round(pkg):
    res = run("compare", "--force", "Leics", "--year", "2021/22", "--data", pkg, "-f", "json")
    assert res.exit_code == 0, res.output
    prof = json.loads(res.stdout)
    assert (prof["year"], prof["grade_scale"], prof["national"], prof["group_size"]) == ("2021/22", 5, False, 1)
    assert [(j["area_id"], j["grade"]) for j in prof["judgments"]] == [
        ("treatment-of-public", "Good"), ("preventing-crime", "Good"), ("responding-to-public", "Requires improvement"),
        ("investigating-crime", "Adequate"), ("protecting-vulnerable", "Adequate"), ("victims", "Ungraded")]
    ic = prof["judgments"][3]
    assert ic["pillar"] is None and ic["question_id"] is None and ic["source_line"] == 43
    assert ic["standing"] == "Adequate — 1 force in the data for 2021/22; no national distribution"
    res = run("compare", "--force", "Leics", "--year", "2021/22", "--data", pkg, "-f", "table")
    assert f"grades on the {SCALE5}" in flat(res.stdout)
    assert "no national distribution" in res.stdout and "same pillar grades" not in res.stdout
    shipped = flat(run("compare", "--force", "Leics", "-f", "table").stdout)
    assert f"grades on the {SCALE4}" in shipped


# ------------------------------------------------------------------ the History sheet


def _sheet_rows(sheet) -> list[dict]:
    return [dict(zip(sheet.columns, row)) for row in sheet.rows]


def test_history_sheet_rows_on_the_shipped_data():
    from peelkit.export.sheets import book

    b = book(CLEAN, "Leicestershire")
    rows = _sheet_rows(b.sheet("History"))
    assert [r["Round"] for r in rows] == ["PEEL 2016"] * 6 + ["PEEL 2018/19"] * 12
    first = rows[0]
    assert (first["Judgment"], first["Grade"], first["Trend"], first["Scale"], first["Compared with previous"],
            first["Source"]) == ("Pillar: Effectiveness", "Requires improvement", "Declined", "4-tier",
                                 "first round shown", "[2] line 46")  # its Sources-sheet number (issue 28)
    assert "Other sources: [2] peel_effectiveness_2016_leicestershire.txt" in b.sheet("History").title[-1]
    eff = next(r for r in rows if r["Round"] == "PEEL 2018/19" and r["Judgment"] == "Pillar: Effectiveness")
    # the year's national table is the paper's main source: its lines stand without the file name
    assert (eff["Grade"], eff["Source"], eff["Source file"], eff["Compared with previous"]) == \
        ("Good", "line 259", "state_of_policing_2019_part2.txt", "comparable with PEEL 2016")
    pv = next(r for r in rows if r["Round"] == "PEEL 2018/19" and r["Judgment"] == "Protecting the vulnerable")
    # in plain words for a board: no finding code (issue 28)
    assert pv["Grade"] == "" and pv["Note"] == ("not extracted: its column did not line up with the forces "
                                                "(see Notes: lines 410, 536)")
    assert "History" not in [s.name for s in book(CLEAN).sheets]  # only with a force


def test_history_sheet_with_a_2021_22_package(pkg):
    from peelkit.export.sheets import book

    b = book(pkg, "Leics")
    sheet = b.sheet("History")
    rows = _sheet_rows(sheet)
    new = [r for r in rows if r["Round"] == "PEEL 2021/22"]
    assert [(r["Judgment"], r["Grade"]) for r in new][3] == ("Investigating crime", "Adequate")
    assert {(r["Scale"], r["Compared with previous"]) for r in new} == \
        {("5-tier", "NOT comparable with PEEL 2018/19 (see above)")}
    assert any(QUOTE in line for line in sheet.title)
    # the package's datapackage.json records no such source; the paper still lists what it uses it for
    assert any(SYN == r[0] and "History sheet" in r[2] for r in b.sheet("Sources").rows)
