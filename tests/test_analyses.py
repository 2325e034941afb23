"""query, compare, diff and totals over the shipped data/clean, with values from the 2018/19 table."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from typer.testing import CliRunner

from peelkit.cli import app

from .conftest import CLEAN, RAW

runner = CliRunner()
ENV = {"NO_COLOR": "1", "COLUMNS": "200"}


def run(*args):
    return runner.invoke(app, [str(a) for a in args], env=ENV)


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


# ------------------------------------------------------------------ query


def test_query_leicestershire_pillars_and_questions():
    res = run("query", "--force", "Leicestershire", "--year", "2018/19", "-f", "csv")
    assert res.exit_code == 0, res.output
    rows = csv_rows(res.stdout)
    pillars = {r["pillar"]: (r["grade"], r["trend"]) for r in rows if not r["question_id"]}
    assert pillars == {"effectiveness": ("Good", "Unchanged"), "efficiency": ("Good", "Improved"),
                       "legitimacy": ("Good", "Unchanged")}
    q = {r["question_id"]: (r["grade"], r["last_inspected"]) for r in rows if r["question_id"]}
    assert q["preventing-crime"] == ("Good", "2016/17")
    assert q["investigating-crime"] == ("Good", "2018/19")
    assert q["planning-future"] == ("Good", "2018/19")
    assert all(r["source_file"] == "state_of_policing_2019_part2.txt" and r["source_line"].isdigit() for r in rows)
    # pillar judgment first, then its questions, pillars in PEEL order
    assert [r["pillar"] for r in rows if not r["question_id"]] == ["effectiveness", "efficiency", "legitimacy"]
    assert rows[0]["question_id"] == "" and rows[1]["question_id"] == "preventing-crime"


@pytest.mark.parametrize("name", ["Leics", "leicestershire police", "LEICESTERSHIRE", "leicestershire"])
def test_query_forgiving_force_names(name):
    res = run("query", "--force", name, "--level", "pillar", "--year", "2018/19", "-f", "csv")
    assert res.exit_code == 0
    assert {r["force_id"] for r in csv_rows(res.stdout)} == {"leicestershire"}


def test_query_filters_combine():
    res = run("query", "--grade", "inadequate", "--level", "pillar", "-f", "csv")
    got = sorted((r["force"], r["pillar"]) for r in csv_rows(res.stdout))
    assert got == [("Cleveland", "effectiveness"), ("Cleveland", "efficiency"), ("Cleveland", "legitimacy"),
                   ("Northamptonshire", "efficiency")]
    res = run("query", "--pillar", "efficiency", "--trend", "better", "-f", "csv")
    assert len(csv_rows(res.stdout)) == 12  # the document: 12 forces got better in efficiency
    res = run("query", "--question", "preventing crime", "--grade", "outstanding", "-f", "csv")
    assert len(csv_rows(res.stdout)) == 2  # Totals row: 2 outstanding


def test_query_question_words_and_last_inspected():
    res = run("query", "--question", "plan for the future", "--force", "Surrey", "-f", "json")
    data = json.loads(res.stdout)
    assert len(data) == 1 and data[0]["question_id"] == "planning-future"
    assert isinstance(data[0]["source_line"], int) and data[0]["source_page"] is None
    res = run("query", "--last-inspected", "2016/17", "--question", "preventing-crime", "--year", "2018/19",
              "-f", "csv")
    rows = csv_rows(res.stdout)
    assert rows and all(r["last_inspected"] == "2016/17" for r in rows)
    assert "Leicestershire" in {r["force"] for r in rows}


def test_query_empty_result_is_exit_0_with_a_message():
    res = run("query", "--force", "Surrey", "--question", "vulnerable", "-f", "json")
    assert res.exit_code == 0
    # the column could not be aligned: the judgment is listed with an empty grade and the reason (issue 28)
    [gap] = json.loads(res.stdout)
    assert gap["grade"] is None and gap["question_id"] == "protecting-vulnerable"
    assert gap["note"].startswith("not extracted: its column did not line up with the forces")
    assert "count_mismatch" in gap["note"] and "1 judgment(s) not extracted" in res.stderr
    res = run("query", "--force", "Surrey", "--question", "vulnerable", "-f", "json", "--hide-gaps")
    assert res.exit_code == 0 and json.loads(res.stdout) == []
    assert "no judgments match" in res.stderr


def test_query_ndjson_and_output_file(tmp_path):
    res = run("query", "--force", "Cleveland", "--level", "pillar", "-f", "ndjson")
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert [x["grade"] for x in lines] == ["Inadequate"] * 3
    out = tmp_path / "c.json"
    res = run("query", "--force", "Cleveland", "--level", "pillar", "-o", out)
    assert res.exit_code == 0 and res.stdout == ""
    assert [x["trend"] for x in json.loads(out.read_text())] == ["Declined"] * 3


@pytest.mark.parametrize("args, fragment", [
    (["--force", "Leicester"], "did you mean 'Leicestershire'"),
    (["--pillar", "eff"], "did you mean 'effectiveness' or 'efficiency'"),
    (["--grade", "goood"], "did you mean 'Good'"),
    (["--question", "force"], "ambiguous"),
    (["-f", "xml"], "'xml' is not one of 'table', 'csv', 'json', 'ndjson'"),
])
def test_query_unknown_names_exit_2_with_suggestions(args, fragment):
    res = run("query", *args)
    assert res.exit_code == 2
    assert fragment in res.stderr


# ------------------------------------------------------------------ compare


def test_compare_leicestershire_json():
    res = run("compare", "--force", "Leics", "-f", "json")
    assert res.exit_code == 0, res.output
    prof = json.loads(res.stdout)
    assert prof["force"] == "Leicestershire" and prof["year"] == "2018/19" and prof["group_size"] == 43
    assert prof["grade_scale"] == 4
    by = {(j["pillar"], j["question_id"]): j for j in prof["judgments"]}
    eff = by[("effectiveness", None)]
    assert (eff["grade"], eff["trend"]) == ("Good", "Unchanged")
    assert eff["distribution"] == {"Outstanding": 1, "Good": 35, "Requires improvement": 6, "Inadequate": 1}
    assert eff["standing"] == "Good — one of 35 forces graded good; 1 outstanding (43 forces nationally)"
    assert by[("efficiency", None)]["distribution"] == {"Outstanding": 6, "Good": 25, "Requires improvement": 10,
                                                        "Inadequate": 2}
    pc = by[("effectiveness", "preventing-crime")]
    assert pc["grade"] == "Good" and pc["last_inspected"] == "2016/17" and pc["carried_forward"] is True
    assert pc["carried_from"] == ("carried forward from 2016/17: peel_effectiveness_2016_leicestershire.txt "
                                  "line 63 says Good (agrees)")
    assert pc["source_line"] == 365
    # a column the parser refused to align is shown with its review findings, not left out
    pv = by[("effectiveness", "protecting-vulnerable")]
    assert pv["grade"] is None and "count_mismatch" in pv["standing"] and "lines 410, 536" in pv["standing"]
    # no force could be placed: the distribution is unknown (null), not zeros
    assert pv["distribution"] is None and pv["placed_forces"] is None
    soc = by[("effectiveness", "serious-organised-crime")]
    assert soc["placed_forces"] == 18 and soc["distribution"]["Good"] == 16
    # forces with the same pillar grades (Good / Good / Good)
    assert prof["same_pillar_pattern"] and "Leicestershire" not in prof["same_pillar_pattern"]


def test_compare_region_and_named_forces():
    res = run("compare", "--force", "leicestershire police", "--against", "region", "-f", "json")
    prof = json.loads(res.stdout)
    assert prof["region"] == "East Midlands" and prof["group_size"] == 5
    eff = next(j for j in prof["judgments"] if j["pillar"] == "efficiency" and not j["question_id"])
    assert sum(eff["distribution"].values()) == 5
    res = run("compare", "--force", "Leics", "--against", "Notts", "--against", "Derbyshire", "-f", "csv")
    assert res.exit_code == 0
    rows = csv_rows(res.stdout)
    assert all(int(r["placed_forces"]) <= 3 for r in rows if r["placed_forces"])
    # a question no force could be placed for is unknown (empty), never 0 forces / 0 per grade
    pv = next(r for r in rows if r["question_id"] == "protecting-vulnerable")
    assert pv["placed_forces"] == "" and pv["n_good"] == "" and pv["grade"] == ""


def test_wording_counts_read_as_the_reports_write_them():
    from peelkit import wording

    assert wording.plural(1, "force") == "1 force" and wording.plural(43, "force") == "43 forces"
    assert wording.count_grade(6, "Requires improvement", words=True) == "six requiring improvement"
    assert wording.sentence({"Outstanding": 1, "Good": 35, "Requires improvement": 6, "Inadequate": 1}, "grade", 4) \
        == "one outstanding, 35 good, six requiring improvement and one inadequate"
    assert wording.standing("Requires improvement", {"Good": 35, "Requires improvement": 6}, 4) == (
        "one of 6 forces graded as requiring improvement; 35 good")
    assert wording.standing("Inadequate", {"Inadequate": 1}, 4) == "the only force graded inadequate; none graded higher"


def test_compare_table_and_unknown_force():
    res = run("compare", "--force", "Cleveland", "-f", "table")
    assert res.exit_code == 0
    assert "Cleveland (North East) — PEEL 2018/19, against national (43 forces" in res.stdout
    assert "the only one; 1 outstanding, 35 good, 6 requiring improvement" in res.stdout  # effectiveness
    res = run("compare", "--force", "Leics", "-f", "table")
    assert "peel_effectiveness_2016_leicestershire.txt line 63 says Good (agrees)" in res.stdout
    res = run("compare", "--force", "Leicestersheer")
    assert res.exit_code == 2 and "did you mean 'Leicestershire'" in res.stderr


# ------------------------------------------------------------------ diff


def _altered(tmp_path, force="Leicestershire", pillar="efficiency", old="Good", new="Outstanding"):
    d = tmp_path / "new"
    shutil.copytree(CLEAN, d)
    p = d / "pillars.csv"
    rows = csv_rows(p.read_text(encoding="utf-8"))
    hit = [r for r in rows if r["force"] == force and r["pillar"] == pillar and r["year"] == "2018/19"]
    assert len(hit) == 1 and hit[0]["grade"] == old
    hit[0]["grade"] = new
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    p.write_text(buf.getvalue(), encoding="utf-8")
    return d


def test_diff_two_extractions_shows_exactly_the_changed_grade(tmp_path):
    d = _altered(tmp_path)
    res = run("diff", CLEAN / "pillars.csv", d / "pillars.csv", "-f", "csv")
    assert res.exit_code == 0, res.output
    rows = csv_rows(res.stdout)
    assert len(rows) == 1
    r = rows[0]
    assert (r["force"], r["pillar"], r["old_grade"], r["new_grade"], r["change"]) == \
        ("Leicestershire", "efficiency", "Good", "Outstanding", "Improved")
    assert "130 rows compared" in res.stderr  # 129 national + Leicestershire 2016/17
    # whole directories: questions compared too, still one change
    res = run("diff", CLEAN, d, "-f", "json")
    assert [x["change"] for x in json.loads(res.stdout)] == ["Improved"]


def test_diff_lists_rows_on_one_side_only(tmp_path):
    src = (CLEAN / "pillars.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [ln for ln in src if not ln.startswith("2018/19,2018/19,4,Surrey,")]
    assert len(kept) == len(src) - 3
    p = tmp_path / "pillars.csv"
    p.write_text("".join(kept), encoding="utf-8")
    res = run("diff", CLEAN / "pillars.csv", p, "-f", "csv")
    rows = csv_rows(res.stdout)
    assert [(r["force"], r["change"]) for r in rows] == [("Surrey", "only in old")] * 3


def test_diff_never_compares_a_grade_off_its_rounds_scale(tmp_path):
    # 'Adequate' is a 5-tier grade; in a 4-tier round (2018/19) it is set beside the old grade, not ranked
    d = _altered(tmp_path, "Surrey", "legitimacy", "Good", "Adequate")
    res = run("diff", CLEAN / "pillars.csv", d / "pillars.csv", "-f", "csv")
    assert res.exit_code == 0, res.output
    rows = csv_rows(res.stdout)
    assert [(r["force"], r["old_grade"], r["new_grade"], r["change"]) for r in rows] == \
        [("Surrey", "Good", "Adequate", "not comparable")]
    assert rows[0]["note"] == ("Adequate is not a grade of PEEL 2018/19's 4-tier scale (Outstanding, Good, "
                               "Requires improvement, Inadequate)")
    assert "Improved" not in res.stdout and "Declined" not in res.stdout


def test_diff_years_checks_printed_trend(tmp_path):
    # a synthetic previous year: 2017/18 with Cleveland one grade higher everywhere (it 'Declined' in 2018/19)
    d = tmp_path / "years"
    shutil.copytree(CLEAN, d)
    p = d / "pillars.csv"
    rows = csv_rows(p.read_text(encoding="utf-8"))
    prev = []
    for r in rows:
        if r["year"] != "2018/19":
            continue
        r2 = dict(r, year="2017/18", trend="")
        if r["force"] == "Cleveland":
            r2["grade"] = "Requires improvement"
        if r["force"] == "Surrey" and r["pillar"] == "legitimacy":
            r2["grade"] = "Outstanding"  # Surrey's 2018/19 trend is not 'Declined': a disagreement
        prev.append(r2)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(prev + rows)
    p.write_text(buf.getvalue(), encoding="utf-8")
    res = run("diff", "2017/18", "2018/19", "--data", d, "-f", "csv")
    out = csv_rows(res.stdout)
    clev = [r for r in out if r["force"] == "Cleveland" and not r["question_id"]]
    assert [(r["change"], r["printed_trend"], r["trend_check"]) for r in clev] == [("Declined", "Declined", "agrees")] * 3
    surrey = [r for r in out if r["force"] == "Surrey" and r["pillar"] == "legitimacy" and not r["question_id"]]
    # the 2017/18 copy has no question rows: they are listed as 'only in new', not dropped (the columns the
    # shared source file could not read: 'not extracted', issue 28)
    assert {r["change"] for r in out if r["question_id"]} == {"only in new", "not extracted"}
    # the printed trend wins; the disagreement is a finding (issue 28)
    assert surrey[0]["change"] == surrey[0]["printed_trend"] != "Declined" and surrey[0]["trend_check"] == "disagrees"
    assert "the grades give Declined" in surrey[0]["note"]
    assert res.exit_code == 1 and "disagree with the printed trend" in res.stderr


def test_diff_bad_inputs(tmp_path):
    res = run("diff", "2018/19", "2018/19")
    assert res.exit_code == 2
    res = run("diff", "2010/11", "2018/19")
    assert res.exit_code == 2 and "unknown year '2010/11' (the data holds 2016/17, 2018/19)" in res.stderr
    assert run("diff", "1999/00", "2018/19").exit_code == 2  # not a year label peelkit knows
    bad = tmp_path / "x.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    res = run("diff", bad, CLEAN / "pillars.csv")
    assert res.exit_code == 1 and "not a peelkit pillars.csv" in res.stderr


# ------------------------------------------------------------------ totals


def test_totals_reproduce_the_printed_figures():
    res = run("totals", "--pillar", "effectiveness", "--by", "grade", "--question", "pillar", "-f", "csv")
    assert res.exit_code == 0, res.output
    rows = csv_rows(res.stdout)
    assert [(r["value"], r["derived"], r["printed_table"], r["printed_sentence"], r["check"]) for r in rows] == [
        ("Outstanding", "1", "1", "1", "ok"), ("Good", "35", "35", "35", "ok"),
        ("Requires improvement", "6", "6", "6", "ok"), ("Inadequate", "1", "1", "1", "ok")]


def test_totals_sentences_and_json():
    res = run("totals", "-f", "json")
    assert res.exit_code == 0
    t = json.loads(res.stdout)
    assert isinstance(t, list) and len(t) == 38  # one convention: a records list, null for empty
    sentences = {(s["pillar"], s["question_id"] or "", s["measure"]): s["sentence"] for s in t}
    assert sentences[("effectiveness", "", "grade")] == \
        "one outstanding, 35 good, six requiring improvement and one inadequate"
    assert sentences[("efficiency", "", "trend")] == "12 improved, 21 unchanged and ten declined"
    assert sentences[("legitimacy", "", "trend")] == "two improved, 37 unchanged and four declined"
    assert sum(r["check"] == "ok" for r in t) == 25 and not any(r["check"] == "mismatch" for r in t)
    unprinted = next(r for r in t if r["check"] == "unprinted")
    assert unprinted["printed_table"] is None and unprinted["printed_sentence"] is None
    assert "38 figures: 25 ok, 13 unprinted" in res.stderr
    res = run("totals", "-f", "table")
    assert "✓ ok" in res.stdout and "one outstanding, 35 good" in res.stdout
    # columns the parser refused to align are reported as such, not silently left out
    assert "2018/19 effectiveness / protecting-vulnerable grades: nothing placed" in res.stdout


def test_totals_json_reads_with_pandas(tmp_path):
    import pandas as pd

    out = tmp_path / "t.json"
    assert run("totals", "--question", "pillar", "-o", out).exit_code == 0
    df = pd.read_json(out, dtype=False)
    eff = df[(df["pillar"] == "effectiveness") & (df["measure"] == "grade")]
    assert list(zip(eff["value"], eff["derived"])) == [("Outstanding", 1), ("Good", 35),
                                                       ("Requires improvement", 6), ("Inadequate", 1)]
    assert df["question_id"].isna().all()


def test_totals_exit_1_when_a_row_is_altered(tmp_path):
    d = _altered(tmp_path, "Leicestershire", "efficiency", "Good", "Outstanding")
    res = run("totals", "--data", d, "--check", "-f", "csv")
    assert res.exit_code == 1
    rows = csv_rows(res.stdout)
    assert {(r["value"], r["derived"], r["printed_table"]) for r in rows} == {("Outstanding", "7", "6"),
                                                                             ("Good", "24", "25")}
    assert "check failed" in res.stderr


def test_totals_check_ok_prints_no_rows():
    res = run("totals", "--check", "-f", "csv")
    assert res.exit_code == 0
    assert csv_rows(res.stdout) == []


def test_missing_data_dir_is_a_clear_error(tmp_path):
    res = run("query", "--data", tmp_path / "nope")
    assert res.exit_code == 1 and "no such data directory" in res.stderr
    (tmp_path / "empty").mkdir()
    res = run("totals", "--data", tmp_path / "empty")
    assert res.exit_code == 1 and "pillars.csv not found" in res.stderr


def test_json_round_trips_to_the_csv_rows():
    as_csv = csv_rows(run("query", "--pillar", "efficiency", "-f", "csv").stdout)
    as_json = json.loads(run("query", "--pillar", "efficiency", "-f", "json").stdout)
    assert len(as_csv) == len(as_json) == 43 * 3  # pillar judgment + two questions, every force placed
    back = [{k: "" if v is None else str(v) for k, v in r.items()} for r in as_json]
    assert back == as_csv
    t = json.loads(run("totals", "-f", "json").stdout)
    as_csv = csv_rows(run("totals", "-f", "csv").stdout)
    assert [{k: "" if v is None else str(v) for k, v in r.items()} for r in t] == as_csv
    assert set(t[0]) >= {"year", "scale", "pillar", "question_id", "area_id", "measure", "value", "derived",
                         "printed_table", "printed_sentence", "placed", "check", "printed_at", "sentence", "scope"}
    assert (t[0]["scale"], t[0]["scope"]) == (4, "43 forces nationally")


def test_diff_force_report_round_against_national_table():
    res = run("diff", "2016/17", "2018/19", "--force", "Leics", "-f", "csv")
    assert res.exit_code == 0, res.output
    rows = {(r["pillar"], r["question_id"]): r for r in csv_rows(res.stdout)}
    eff = rows[("effectiveness", "")]
    # rounds not consecutive (PEEL 2017 between): no direction given; the 2018/19 trend is against the force's
    # previous inspection, not 2016/17: shown, not checked (issue 28)
    assert (eff["old_grade"], eff["new_grade"], eff["change"]) == ("Requires improvement", "Good", "not compared")
    assert eff["printed_trend"] == "Unchanged" and eff["trend_check"] == "n/a"
    assert "PEEL 2017 between" in eff["note"]
    assert eff["old_source"] == "peel_effectiveness_2016_leicestershire.txt line 46"
    assert rows[("effectiveness", "investigating-crime")]["change"] == "not compared"
    # questions the 2018/19 table holds but peelkit could not read: 'not extracted' with the reason, never
    # 'only in old'; specialist capabilities, assessed but not graded, is not compared at all (issue 28)
    for q in ("protecting-vulnerable", "serious-organised-crime"):
        assert rows[("effectiveness", q)]["change"] == "not extracted"
        assert rows[("effectiveness", q)]["note"].startswith("2018/19: not extracted: its column did not line up")
    assert ("effectiveness", "specialist-capabilities") not in rows and "only in old" not in res.stdout
    # preventing-crime: the 2018/19 table carries forward the 2016/17 grade (listed with --all)
    assert ("effectiveness", "preventing-crime") not in rows
    # pillars the 2016/17 force report does not cover are counted once, not listed; counts are Leicestershire's
    assert ("efficiency", "") not in rows and len(rows) == 4
    assert ("5 rows compared for Leicestershire (2016/17 -> 2018/19): 1 carried forward, 2 not compared, "
            "2 not extracted") in res.stderr
    assert ("not compared: 1 row(s) the Inspectorate did not grade in both rounds (specialist-capabilities: "
            "assessed but not graded in PEEL 2016: 1)") in res.stderr.replace("\n", " ")
    full = {(r["pillar"], r["question_id"]): r for r in csv_rows(run("diff", "2016/17", "2018/19", "--force",
                                                                    "Leics", "--all", "-f", "csv").stdout)}
    assert full[("effectiveness", "preventing-crime")]["change"] == "carried forward"
    assert "the same inspection" in full[("effectiveness", "preventing-crime")]["note"]
    assert "not compared: 4 row(s) only in new, for forces and pillars the old side (2016/17) does not hold" \
        in res.stderr


def test_diff_years_compares_only_what_both_cover():
    res = run("diff", "2016/17", "2018/19", "-f", "csv")
    assert res.exit_code == 0
    assert {r["force"] for r in csv_rows(res.stdout)} == {"Leicestershire"}
    assert "not compared: 316 row(s) only in new" in res.stderr and "only in new" not in res.stdout


def test_totals_for_one_question():
    res = run("totals", "--question", "preventing crime", "-f", "csv")
    assert res.exit_code == 0, res.output
    rows = csv_rows(res.stdout)
    assert [(r["value"], r["derived"], r["printed_table"], r["placed"], r["check"]) for r in rows] == [
        ("Outstanding", "2", "2", "43", "ok"), ("Good", "34", "34", "43", "ok"),
        ("Requires improvement", "6", "6", "43", "ok"), ("Inadequate", "1", "1", "43", "ok")]


# ------------------------------------------------------------------ gaps and formats


@pytest.mark.parametrize("cmd", [["query"], ["compare", "--force", "Leics"], ["diff", "2016/17", "2018/19"],
                                 ["totals"], ["reports"], ["validate"]])
def test_the_output_extension_sets_the_format_or_is_refused(cmd, tmp_path):
    xlsx = tmp_path / "q.xlsx"
    res = run(*cmd, "-o", xlsx)
    assert res.exit_code == 2 and not xlsx.exists()
    assert f"-o {xlsx}: cannot write .xlsx" in res.stderr and "peelkit export" in res.stderr
    if cmd[0] != "validate":
        res = run(*cmd, "-o", tmp_path / "q.json", "-f", "csv")
        assert res.exit_code == 2 and "-f csv does not match" in res.stderr
    out = tmp_path / "q.json"
    res = run(*cmd, "-o", out)
    assert res.exit_code == 0, res.output
    body = json.loads(out.read_text())
    assert isinstance(body, dict if cmd[0] in ("compare", "validate") else list) and body


def test_a_year_the_data_does_not_hold_says_which_it_does():
    for year, extra in (("2019", "; did you mean '2018/19'?"), ("2030", "")):
        res = run("query", "--year", year)
        assert res.exit_code == 2 and res.stdout == ""
        assert res.stderr.strip() == f"error: unknown year '{year}' (the data holds 2016/17, 2018/19){extra}"
    assert run("query", "--year", "2018", "-f", "csv").exit_code == 0


def test_a_folder_with_only_the_report_catalogue_is_a_clear_error(tmp_path):
    out = tmp_path / "cat"
    assert run("extract", RAW / "leicestershire_opcc_hmic_reports.txt", "--out", out, "-q").exit_code == 0
    for cmd in (["totals"], ["query"], ["compare", "--force", "Leics"], ["diff", "2016/17", "2018/19"]):
        res = run(*cmd, "--data", out)
        assert res.exit_code == 1 and "internal error" not in res.stderr
        assert res.stderr.strip() == (f"error: {out}: no judgments (pillars.csv and questions.csv have no rows; "
                                      "it holds reports.csv (75 rows)); run 'peelkit extract' on a State of "
                                      "Policing report or a PEEL force report")


def test_flags_are_shown_as_flags():
    res = run("diff", "--help")
    line = next(ln for ln in res.stdout.splitlines() if "--all" in ln)
    assert "<bool>" not in line and "Also list rows" in line


@pytest.mark.parametrize("cmd", [["query", "--force", "Leics"], ["query", "--question", "preventing-crime"],
                                 ["compare", "--force", "Leicestershire"], ["diff", "2016/17", "2018/19"],
                                 ["totals"], ["reports", "--type", "peel"]])
def test_tables_are_legible_in_80_columns(cmd):
    res = runner.invoke(app, [*cmd, "-f", "table"], env={"NO_COLOR": "1", "COLUMNS": "80"})
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines and max(len(ln) for ln in lines) <= 80
    assert "…" not in res.stdout  # nothing cut off
    words = {"query": "Leicestershire", "compare": "one of 35; 1 outstanding", "diff": "Leicestershire",
             "totals": "✓ ok", "reports": "PEEL: Police efficiency 2015"}
    assert words[cmd[0]] in res.stdout
    if cmd[0] in ("query", "compare", "diff", "totals"):  # grades (and more) abbreviated, with a key
        assert "key — grades:" in res.stdout and "G Good" in res.stdout
    wide = runner.invoke(app, [*cmd, "-f", "table"], env={"NO_COLOR": "1", "COLUMNS": "250"})
    assert "key —" not in wide.stdout  # a wide terminal gets the full words


# ------------------------------------------------------------------ grid, regions and peer groups


def test_grid_pillars_every_format(tmp_path):
    res = run("grid", "--year", "2018/19", "-f", "csv")
    assert res.exit_code == 0, res.output
    rows = csv_rows(res.stdout)
    assert len(rows) == 43 and list(rows[0])[:3] == ["force", "force_id", "region"]
    by = {r["force"]: r for r in rows}
    assert [by["Cleveland"][p] for p in ("effectiveness", "efficiency", "legitimacy")] == ["Inadequate"] * 3
    assert [by["Leicestershire"][p] for p in ("effectiveness", "efficiency", "legitimacy")] == ["Good"] * 3
    assert [sum(r["efficiency"] == g for r in rows) for g in ("Outstanding", "Good", "Requires improvement",
                                                              "Inadequate")] == [6, 25, 10, 2]
    js = json.loads(run("grid", "-f", "json").stdout)
    assert len(js) == 43 and next(r for r in js if r["force_id"] == "durham")["effectiveness"] == "Outstanding"
    nd = [json.loads(x) for x in run("grid", "-f", "ndjson").stdout.splitlines()]
    assert nd == js
    table = run("grid", "-f", "table").stdout
    assert "Northamptonshire" in table and "Inadequate" in table
    out = tmp_path / "grid.xlsx"
    res = run("grid", "-o", out)
    assert res.exit_code == 0 and "43 forces x 3 pillars" in res.stderr
    import openpyxl

    ws = openpyxl.load_workbook(out)["Grid"]
    (tab,) = ws.tables.values()
    assert tab.ref == "A4:F47"  # header on row 4, 43 forces
    assert [c.value for c in ws[4]][:4] == ["Force", "Force id", "Region", "Effectiveness"]
    assert any('"Inadequate"' in rule.formula[0] for cf in ws.conditional_formatting for rule in cf.rules
               if rule.formula)  # the grade colours
    assert run("grid", "-o", out).exit_code == 2  # never replaced without --overwrite


def test_grid_questions_groups_and_gaps():
    res = run("grid", "--level", "question", "--group", "e midlands", "-f", "csv")
    assert res.exit_code == 0, res.output
    rows = csv_rows(res.stdout)
    assert [r["force"] for r in rows] == ["Derbyshire", "Leicestershire", "Lincolnshire", "Northamptonshire",
                                          "Nottinghamshire"]
    leics = next(r for r in rows if r["force"] == "Leicestershire")
    assert (leics["preventing-crime"], leics["investigating-crime"], leics["planning-future"]) == ("Good",) * 3
    assert all(r["protecting-vulnerable"] == "" for r in rows)  # not extracted: empty, never guessed
    # each empty column says how many forces and why (issue 28)
    assert ("Protecting the vulnerable: empty = not extracted for every force: its column did not line up with "
            "the forces (review.csv: count_mismatch at") in " ".join(res.stderr.split())
    res = run("grid", "--level", "question", "--group", "e midlands", "-f", "csv", "--hide-gaps")
    assert "protecting-vulnerable" not in res.stdout.splitlines()[0] and "serious-organised-crime" in res.stdout
    res = run("grid", "--group", "Derbyshire, Notts", "-f", "json")
    assert [r["force"] for r in json.loads(res.stdout)] == ["Derbyshire", "Nottinghamshire"]


@pytest.mark.parametrize("fmt", ["json", "csv", "ndjson", "table"])
def test_compare_against_a_region_by_name_every_format(fmt):
    res = run("compare", "--force", "Leics", "--against", "East Midlands", "-f", fmt)
    assert res.exit_code == 0, res.output
    if fmt == "json":
        prof = json.loads(res.stdout)
        assert prof["against"] == "region (East Midlands)" and prof["group_size"] == 5
        eff = next(j for j in prof["judgments"] if j["pillar"] == "efficiency" and not j["question_id"])
        assert eff["distribution"] == {"Outstanding": 0, "Good": 1, "Requires improvement": 3, "Inadequate": 1}
    elif fmt == "table":
        assert "against region (East Midlands) (5 forces in East Midlands" in " ".join(res.stdout.split())
    else:
        rows = csv_rows(res.stdout) if fmt == "csv" else [json.loads(x) for x in res.stdout.splitlines()]
        eff = next(r for r in rows if r["pillar"] == "efficiency" and not r["question_id"])
        assert str(eff["placed_forces"]) == "5" and str(eff["n_requires_improvement"]) == "3"


@pytest.mark.parametrize("fmt", ["json", "csv", "ndjson", "table"])
def test_compare_against_a_named_peer_group_every_format(fmt):
    res = run("compare", "--force", "Leics", "--against", "Derbyshire, Nottinghamshire", "-f", fmt)
    assert res.exit_code == 0, res.output
    if fmt == "json":
        prof = json.loads(res.stdout)
        assert prof["against"] == "peer group: Derbyshire, Leicestershire, Nottinghamshire"
        assert prof["group_size"] == 3
    elif fmt == "table":
        assert "peer group: Derbyshire, Leicestershire, Nottinghamshire" in " ".join(res.stdout.split())
    else:
        rows = csv_rows(res.stdout) if fmt == "csv" else [json.loads(x) for x in res.stdout.splitlines()]
        eff = next(r for r in rows if r["pillar"] == "effectiveness" and not r["question_id"])
        assert str(eff["placed_forces"]) == "3" and str(eff["n_good"]) == "2"  # Leics, Notts good; Derbys RI


def test_board_workbook_states_its_comparison_group(tmp_path):
    import openpyxl

    out = tmp_path / "b.xlsx"
    res = run("export", out, "--force", "Leics", "--against", "Derbyshire, Notts")
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(out)
    cover = {wb["Cover"].cell(r, 1).value: wb["Cover"].cell(r, 2).value for r in range(1, wb["Cover"].max_row + 1)}
    assert "peer group: Derbyshire, Leicestershire, Nottinghamshire (3 forces)" in cover["Comparison group"]
    header = [c.value for c in wb["Summary"][4]]
    assert "Peer group: Good" in header and "Standing (peer group)" in header
    i = header.index("Peer group: Good")
    eff = next(r for r in wb["Summary"].iter_rows(min_row=5, values_only=True) if r[1] == "Pillar judgment")
    assert eff[i] == 2
    # the pillar sheets stay national: all 43 forces
    assert wb["Effectiveness"].tables["Effectiveness"].ref.endswith("47")
    res = run("export", tmp_path / "r.xlsx", "--force", "Leics", "--against", "region")
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert "East Midlands: Good" in [c.value for c in wb["Summary"][4]]
