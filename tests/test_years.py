"""Adding a year is data: a 2017/18-style table (PEEL 2017: efficiency asked three questions) is read
by the same code with only its round's data in rounds.toml (its questions, state_of_policing_table = true) and
question rows in questions.csv.

The 2017/18 table here is synthetic (tests only, never in data/clean): each force's 2017/18 pillar
grade is the one its 2018/19 trend implies (Improved: one step lower in 2017/18, Declined: one step
higher, Unchanged: the same), so `peelkit diff 2017/18 2018/19` must find every change the 2018/19
table prints as a trend and agree with it.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peelkit import extract, model
from peelkit.cli import app
from tests.pdfgen import SOP, text_tables

ORDER = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
Q2017 = {
    "effectiveness": ["preventing-crime", "investigating-crime", "protecting-vulnerable", "serious-organised-crime"],
    "efficiency": ["understanding-demand", "using-resources", "planning-future"],
    "legitimacy": ["fair-treatment-public", "ethical-workforce", "fair-treatment-workforce"],
}
PRINTED_2017 = {"planning-future": "How well is the force planning for the future?"}  # the 2017 wording


def earlier(grade: str, trend: str) -> str:
    i = ORDER.index(grade)
    return ORDER[i + 1] if trend == "Improved" else ORDER[i - 1] if trend == "Declined" else grade


def table_2017() -> tuple[list[str], dict]:
    """The 2017/18 table as pdftotext -raw prints one (one row per line), and its rows."""
    rows18 = {(r["force_id"], r["pillar"]): r for r in text_tables()["pillars"]}
    lines = ["In 2017/18, we made our third PEEL (police effectiveness, efficiency and legitimacy) assessment of "
             "the 43 police forces in England and Wales.", ""]
    want = {}
    for k, pillar in enumerate(model.PILLARS):
        qs = [model.question_by_id(q) for q in Q2017[pillar]]
        lines += ["PEEL judgments table", "Force", pillar.capitalize(), "Judgment Trend"]
        for q in qs:
            lines += [PRINTED_2017.get(q.question_id, q.text), "Judgment Last inspected"]
        for i, f in enumerate(model.forces()):
            r18 = rows18[(f.force_id, pillar)]
            g = earlier(r18["grade"], r18["trend"])
            cells = [g, "Unchanged"]
            for j, q in enumerate(qs):
                qg = ORDER[(i + j + k) % 4]
                year = ("2017/18", "2016/17")[(i + j) % 2]
                cells += [qg, year]
                want[(f.force_id, q.question_id)] = (qg, year)
            want[(f.force_id, pillar)] = (g, "Unchanged")
            lines.append(" ".join([f.name, *cells]))
        lines.append("")
    lines += ["Our 2017/18 PEEL inspections", "This chapter describes what we found in words, not tables."] * 3
    return lines, want


@pytest.fixture(scope="module")
def two_years(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("years")
    lines, _ = table_2017()
    (d / "state_of_policing_2018.txt").write_text("\n".join(lines), encoding="utf-8")
    (d / SOP.name).write_bytes(SOP.read_bytes())
    extract.run([d / "state_of_policing_2018.txt", d / SOP.name], d / "clean")
    return d / "clean"


def test_the_2017_18_table_is_read_from_its_layout_data():
    from peelkit.readers.state_of_policing import parse

    lines, want = table_2017()
    ex = parse(lines, "state_of_policing_2018.txt")
    assert ex.meta["year"] == "2017/18"
    got = {(r["force_id"], r["pillar"]): (r["grade"], r["trend"]) for r in ex.tables["pillars"]}
    got.update({(r["force_id"], r["question_id"]): (r["grade"], r["last_inspected"]) for r in ex.tables["questions"]})
    assert got == want
    assert ex.tables.get("review", []) == []
    per_q = Counter(r["question_id"] for r in ex.tables["questions"] if r["pillar"] == "efficiency")
    assert per_q == {"understanding-demand": 43, "using-resources": 43, "planning-future": 43}
    # the 2017 wording of a question that 2018/19 words differently is the same question
    plan = next(r for r in ex.tables["questions"] if r["question_id"] == "planning-future")
    assert plan["question"] == "How well is the force planning for the future?"


def test_diff_2017_18_to_2018_19_finds_every_printed_trend(two_years):
    res = CliRunner().invoke(app, ["diff", "2017/18", "2018/19", "--data", str(two_years), "-f", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    pillar_rows = [r for r in rows if not r.get("question_id")]
    trends18 = Counter((r["pillar"], r["trend"]) for r in text_tables()["pillars"])
    changes = Counter((r["pillar"], r["change"]) for r in pillar_rows)
    for p in model.PILLARS:
        assert changes[(p, "Improved")] == trends18[(p, "Improved")], p
        assert changes[(p, "Declined")] == trends18[(p, "Declined")], p
    # effectiveness: eight got better and three got worse, as the 2018/19 report says
    assert (changes[("effectiveness", "Improved")], changes[("effectiveness", "Declined")]) == (8, 3)
    checked = [r for r in pillar_rows if r.get("trend_check")]
    assert checked and all(r["trend_check"] == "agrees" for r in checked)


def test_a_year_without_a_table_layout_is_refused_with_the_years_known():
    from peelkit.errors import LayoutError
    from peelkit.readers.state_of_policing import parse

    lines, _ = table_2017()
    lines[0] = lines[0].replace("2017/18", "2016/17")
    with pytest.raises(LayoutError, match=r"2016/17.*known: 2018/19, 2017/18"):
        parse(lines, "sop_2017.txt")
