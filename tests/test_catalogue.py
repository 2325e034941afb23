"""The OPCC's HMIC/HMICFRS report listing (reports.csv) and `peelkit reports`."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from peelkit.cli import app
from peelkit.readers.report_catalogue import parse, parse_date, report_type
from peelkit import readers
from peelkit.sources.document import Document
from peelkit.sources.text import read_text

from .conftest import RAW, SOP

CATALOGUE = RAW / "leicestershire_opcc_hmic_reports.txt"
REPORT = RAW / "peel_effectiveness_2016_leicestershire.txt"
runner = CliRunner()


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return read_text(CATALOGUE).lines


@pytest.fixture(scope="module")
def ex(lines):
    return parse(lines, CATALOGUE.name)


def _by_line(ex) -> dict[int, dict]:
    return {r["source_line"]: r for r in ex.rows("reports")}


def test_detected_as_a_catalogue(lines):
    got = readers.recognise(Document("doc.txt", text="\n".join(lines), lines=lines))
    assert got is not None and got[0].kind == "report_catalogue"


def test_first_and_last_rows_of_the_listing(ex):
    rows = ex.rows("reports")
    assert len(rows) == 75
    first, last = rows[0], rows[-1]
    assert (first["date"], first["source_line"], first["type"], first["response_published"]) == \
        ("2024-10-10", 16, "spotlight", True)
    assert first["title"] == "The policing response to antisocial behaviour: PEEL spotlight report"
    assert first["summary"].startswith("This report focuses on the police response to antisocial behaviour.")
    assert "• the police effectiveness, efficiency and legitimacy (PEEL) programme;" in first["summary"]
    assert (last["date"], last["source_line"], last["title"], last["response_published"]) == \
        ("2012-12-18", 744, "Revisiting police relationships: progress report", True)  # last line: "Response"
    assert {r["force_id"] for r in rows} == {"leicestershire"} and {r["force"] for r in rows} == {"Leicestershire"}


def test_date_of_report_header_and_ordinal_suffixes(ex, lines):
    # the first table's header is wrapped: "Date of" / "Report" / "ReportResponse"; its first date "10th October 2024"
    assert [lines[i].strip() for i in (11, 12, 13)] == ["Date of", "Report", "ReportResponse"]
    rows = _by_line(ex)
    assert rows[16]["date"] == "2024-10-10"
    assert rows[333]["date"] == "2017-03-02" and rows[333]["title"] == "PEEL: Police effectiveness 2016"
    assert rows[281]["date"] == "2018-03-22"  # " 22nd March 2018" under " Date Report Response"
    assert rows[545 - 2]["date"] == "2014-11-27"  # 27th
    assert rows[380]["date"] == "2016-03-23"  # 23rd


def test_types_and_response_flags(ex):
    rows = _by_line(ex)
    assert rows[333]["type"] == "peel" and rows[333]["response_published"] is True  # Lord Willy Bach's Response
    assert rows[357]["type"] == "peel" and rows[357]["response_published"] is False  # PEEL: Police leadership 2016
    assert rows[364]["type"] == "force"  # Leicestershire Value for Money Profile - 2016
    assert rows[499]["type"] == "joint"  # Leicestershire - Joint Inspection of Police Custody Suites
    assert rows[529]["type"] == "joint"  # Girls in the Criminal Justice System - a joint report
    assert rows[49]["type"] == "other"  # State of Policing
    assert rows[30]["type"] == "thematic"  # An inspection into activism and impartiality in policing
    assert rows[324]["type"] == "force"  # National Child Protection Inspection ... in Leicestershire Police
    assert rows[441 - 6]["response_published"] is True  # a bare "Response" link
    counts = {}
    for r in ex.rows("reports"):
        counts[r["type"]] = counts.get(r["type"], 0) + 1
    assert counts["peel"] == 13 and counts["spotlight"] == 1


def test_undated_rows_are_kept_and_reviewed(ex):
    undated = [r for r in ex.rows("reports") if not r["date"]]
    assert [(r["source_line"], r["title"]) for r in undated] == \
        [(114, "An inspection of how effective police forces are in the deployment of firearms")]
    review = [r for r in ex.rows("review") if r["kind"] == "undated"]
    assert len(review) == 1 and review[0]["source_line"] == 114 and review[0]["found"] == "D1th July 2023"


def test_a_table_without_its_own_year_heading_is_reported(ex):
    layout = [r for r in ex.rows("review") if r["kind"] == "layout"]
    assert [r["source_line"] for r in layout] == [60]
    assert len(ex.rows("review")) == 2


def test_dates_that_disagree_with_their_heading_are_reviewed(lines):
    edited = list(lines)
    edited[346] = "8th December 2015"  # line 347, under "2016 HMIC Reports"
    ex = parse(edited, "x.txt")
    [r] = [r for r in ex.rows("review") if r["kind"] == "unexpected_value"]
    assert r["source_line"] == 347 and r["expected"] == "2016" and r["found"] == "2015"
    assert _by_line(ex)[347]["date"] == "2015-12-08"  # kept as printed


def test_a_title_without_a_date_line_is_kept():
    text = ["HMIC and HMICFRS Reports", "2016 HMIC Reports", "Date ReportResponse", "3rd March 2016", "",
            "First report", "", "Summary one.", "Response", "Second report without a date", "Its summary."]
    ex = parse(text, "x.txt")
    rows = ex.rows("reports")
    assert [(r["date"], r["title"], r["response_published"]) for r in rows] == \
        [("2016-03-03", "First report", True), (None, "Second report without a date", False)]
    assert [r["kind"] for r in ex.rows("review")] == ["undated"]
    assert rows[0]["force"] is None  # no force named anywhere


@pytest.mark.parametrize("text, iso", [
    ("10th October 2024", "2024-10-10"), ("1st December 2022", "2022-12-01"), ("2nd May 2019", "2019-05-02"),
    ("3rd March 2016", "2016-03-03"), ("10 Oct 2024", "2024-10-10"), ("October 10th, 2024", "2024-10-10"),
    ("Date of Report: 22nd August 2024", "2024-08-22"), ("2024-10-10", "2024-10-10"), ("10/10/2024", "2024-10-10"),
    ("D1th July 2023", None), ("31st February 2020", None), ("July 2023", None),
])
def test_parse_date(text, iso):
    d = parse_date(text)
    assert (d.isoformat() if d else None) == iso
    if iso:
        assert isinstance(d, dt.date)


def test_report_type_table():
    assert report_type("PEEL: Police efficiency 2016") == "peel"
    assert report_type("Crime:  PEEL spotlight report") == "spotlight"
    assert report_type("Core business") == "other"


# ----------------------------------------------------------------- peelkit reports


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    from peelkit.extract import run

    out = tmp_path_factory.mktemp("reports") / "clean"
    run([CATALOGUE, REPORT, SOP], out_dir=out)
    return out


def _csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(text.splitlines()))


def test_reports_cli_filters(clean):
    res = runner.invoke(app, ["reports", "--data", str(clean), "--force", "Leics", "--year", "2016", "--type", "peel",
                              "-f", "csv"])
    assert res.exit_code == 0, res.output
    rows = _csv_rows(res.stdout)
    # a PEEL report is filtered by its own round (issue 21): the 2016 round, its effectiveness report
    # published in March 2017; the 2015 round's reports published in February 2016 are not in it
    assert [(r["date"], r["title"]) for r in rows] == [
        ("2016-11-03", "PEEL: Police efficiency 2016"),
        ("2016-12-08", "PEEL: Police legitimacy 2016"),
        ("2016-12-08", "PEEL: Police leadership 2016"),
        ("2017-03-02", "PEEL: Police effectiveness 2016"),
    ]


def test_reports_cli_timeline_json(clean):
    res = runner.invoke(app, ["reports", "--data", str(clean), "-f", "json"])
    assert res.exit_code == 0
    rows = json.loads(res.stdout)
    assert len(rows) == 75
    assert rows[0]["date"] == "2012-12-18" and rows[-1]["date"] is None  # oldest first, undated last
    assert rows[-2]["date"] == "2024-10-10" and rows[-2]["response_published"] is True
    assert isinstance(rows[0]["source_line"], int)


def test_reports_cli_table_and_output_file(clean, tmp_path):
    res = runner.invoke(app, ["reports", "--data", str(clean), "--type", "spotlight", "-f", "table"],
                        env={"COLUMNS": "200"})
    assert res.exit_code == 0 and "PEEL spotlight report" in res.stdout and "2024-10-10" in res.stdout
    out = tmp_path / "r.csv"
    res = runner.invoke(app, ["reports", "--data", str(clean), "--type", "joint", "-o", str(out)])
    assert res.exit_code == 0
    assert len(_csv_rows(out.read_text(encoding="utf-8"))) == 5


def test_reports_cli_unknown_names_exit_2(clean):
    res = runner.invoke(app, ["reports", "--data", str(clean), "--force", "Lestershire"])
    assert res.exit_code == 2 and "Leicestershire" in res.output
    res = runner.invoke(app, ["reports", "--data", str(clean), "--type", "pel"])
    assert res.exit_code == 2 and "peel" in res.output
    res = runner.invoke(app, ["reports", "--data", str(clean), "--year", "sixteen"])
    assert res.exit_code == 2


def test_reports_cli_other_force_has_no_rows(clean):
    res = runner.invoke(app, ["reports", "--data", str(clean), "--force", "Kent", "-f", "csv"])
    assert res.exit_code == 0 and _csv_rows(res.stdout) == []


def test_reports_cli_missing_data_exit_1(tmp_path):
    res = runner.invoke(app, ["reports", "--data", str(tmp_path)])
    assert res.exit_code == 1 and "reports.csv" in res.output
