"""Golden values from the State of Policing 2019 judgments table, and the document checking itself."""

from __future__ import annotations

from collections import Counter

import pytest

from peelkit import checks
from peelkit.readers.state_of_policing import parse

SRC = "state_of_policing_2019_part2.txt"


def _pillar(ex, force_id, pillar):
    rows = [r for r in ex.tables["pillars"] if r["force_id"] == force_id and r["pillar"] == pillar]
    assert len(rows) == 1, (force_id, pillar, rows)
    r = rows[0]
    return r["grade"], r["trend"], r["source_line"]


def _question(ex, force_id, qid):
    rows = [r for r in ex.tables["questions"] if r["force_id"] == force_id and r["question_id"] == qid]
    return [(r["grade"], r["last_inspected"], r["source_line"]) for r in rows]


def test_row_counts(sop):
    assert len(sop.tables["pillars"]) == 129
    per = Counter(r["pillar"] for r in sop.tables["pillars"])
    assert per == {"effectiveness": 43, "efficiency": 43, "legitimacy": 43}
    assert len({r["force_id"] for r in sop.tables["pillars"]}) == 43
    assert all(r["year"] == "2018/19" and r["source_file"] == SRC for r in sop.tables["pillars"])
    q = Counter(r["question_id"] for r in sop.tables["questions"])
    # complete columns give 43 forces; SOC has only its N-W part placed (A-M lists 26 values for 25 forces)
    assert q == {"preventing-crime": 43, "investigating-crime": 43, "serious-organised-crime": 18,
                 "meeting-demand": 43, "planning-future": 43}


@pytest.mark.parametrize("force_id,pillar,grade,trend,line", [
    ("leicestershire", "effectiveness", "Good", "Unchanged", 259),
    ("leicestershire", "efficiency", "Good", "Improved", 680),
    ("leicestershire", "legitimacy", "Good", "Unchanged", 975),
    ("cleveland", "effectiveness", "Inadequate", "Declined", 195),
    ("cleveland", "efficiency", "Inadequate", "Declined", 616),
    ("cleveland", "legitimacy", "Inadequate", "Declined", 879),
    ("surrey", "effectiveness", "Good", "Unchanged", 493),
    ("surrey", "efficiency", "Requires improvement", "Declined", 771),
    ("surrey", "legitimacy", "Good", "Unchanged", 1161),
    ("west-mercia", "effectiveness", "Requires improvement", "Unchanged", 497),
    ("west-mercia", "efficiency", "Requires improvement", "Declined", 775),
    ("west-mercia", "legitimacy", "Requires improvement", "Unchanged", 1185),
    ("durham", "effectiveness", "Outstanding", "Unchanged", 215),
    ("kent", "legitimacy", "Outstanding", "Unchanged", None),
    ("norfolk", "efficiency", "Outstanding", "Improved", 761),
    ("northamptonshire", "efficiency", "Inadequate", "Declined", 764),
])
def test_pillar_golden(sop, force_id, pillar, grade, trend, line):
    g, t, ln = _pillar(sop, force_id, pillar)
    assert (g, t) == (grade, trend)
    if line is not None:
        assert ln == line


def test_source_line_points_at_the_value(sop, sop_lines):
    for r in sop.tables["pillars"] + sop.tables["questions"]:
        assert r["grade"] in sop_lines[r["source_line"] - 1], r


@pytest.mark.parametrize("force_id,qid,expected", [
    ("leicestershire", "preventing-crime", [("Good", "2016/17", 365)]),
    ("leicestershire", "investigating-crime", [("Good", "2018/19", 405)]),
    ("leicestershire", "meeting-demand", [("Good", "2018/19", 720)]),
    ("leicestershire", "planning-future", [("Good", "2018/19", 749)]),
    ("leicestershire", "protecting-vulnerable", []),  # column part does not line up: not placed
    ("cleveland", "preventing-crime", [("Inadequate", "2018/19", 301)]),
    ("cleveland", "investigating-crime", [("Requires improvement", "2018/19", 389)]),
    ("cleveland", "planning-future", [("Inadequate", "2018/19", 733)]),
    # continued page: the first question sits beside the pillar judgment on the same tab row
    ("surrey", "preventing-crime", [("Outstanding", "2018/19", 493)]),
    ("surrey", "investigating-crime", [("Good", "2017/18", 527)]),
    ("surrey", "serious-organised-crime", [("Good", "2017/18", 573)]),
    ("surrey", "meeting-demand", [("Requires improvement", "2018/19", 802)]),
    ("west-mercia", "preventing-crime", [("Good", "2018/19", 497)]),
    ("west-mercia", "investigating-crime", [("Requires improvement", "2018/19", 531)]),
    ("west-mercia", "serious-organised-crime", [("Good", "2018/19", 577)]),
    ("west-mercia", "planning-future", [("Inadequate", "2018/19", 828)]),
    ("west-mercia", "fair-treatment-public", []),
])
def test_question_golden(sop, force_id, qid, expected):
    assert _question(sop, force_id, qid) == expected


def test_question_text_as_printed(sop):
    texts = {r["question_id"]: r["question"] for r in sop.tables["questions"]}
    assert texts["preventing-crime"] == ("How effective is the force at preventing crime, tackling anti-social "
                                         "behaviour and keeping people safe?")
    assert texts["planning-future"] == "How well does the force plan for the future?"


def test_count_mismatches_are_findings_not_rows(sop):
    found = sorted((r["source_line"], r["pillar"], r["question_id"], r["expected"], r["found"])
                   for r in sop.tables["review"] if r["kind"] == "count_mismatch")
    assert found == [
        (410, "effectiveness", "protecting-vulnerable", "25", "24"),
        (438, "effectiveness", "serious-organised-crime", "25", "26"),
        (536, "effectiveness", "protecting-vulnerable", "18", "20"),
        (999, "legitimacy", "fair-treatment-public", "25", "26"),
        (1029, "legitimacy", "ethical-workforce", "25", "24"),
        (1057, "legitimacy", "fair-treatment-workforce", "25", "26"),
        (1225, "legitimacy", "fair-treatment-public", "18", "19"),
        (1251, "legitimacy", "ethical-workforce", "18", "20"),
        (1275, "legitimacy", "fair-treatment-workforce", "18", "19"),
    ]
    assert {r["kind"] for r in sop.tables["review"]} == {"count_mismatch"}
    msg = next(r["message"] for r in sop.tables["review"] if r["source_line"] == 410)
    assert "25 forces" in msg and "24 values" in msg and "lines 413-436" in msg


PRINTED = {
    ("effectiveness", "grade"): {"Outstanding": 1, "Good": 35, "Requires improvement": 6, "Inadequate": 1},
    ("effectiveness", "trend"): {"Unchanged": 32, "Improved": 8, "Declined": 3},
    ("efficiency", "grade"): {"Outstanding": 6, "Good": 25, "Requires improvement": 10, "Inadequate": 2},
    ("efficiency", "trend"): {"Unchanged": 21, "Improved": 12, "Declined": 10},
    ("legitimacy", "grade"): {"Outstanding": 1, "Good": 35, "Requires improvement": 6, "Inadequate": 1},
    ("legitimacy", "trend"): {"Unchanged": 37, "Improved": 2, "Declined": 4},
}


def test_printed_totals_read_from_sentences_and_tables(sop):
    pt = sop.tables["printed_totals"]
    for (pillar, measure), expected in PRINTED.items():
        got = {r["value"]: r["count"] for r in pt
               if r["pillar"] == pillar and r["measure"] == measure and r["kind"] == "sentence"}
        assert got == expected, (pillar, measure)
    for pillar in ("effectiveness", "efficiency", "legitimacy"):
        got = {r["value"]: r["count"] for r in pt
               if r["pillar"] == pillar and r["kind"] == "table" and not r["question_id"]}
        assert got == PRINTED[(pillar, "grade")]
    # the effectiveness continued page also totals its preventing-crime column
    pc = {r["value"]: r["count"] for r in pt if r["question_id"] == "preventing-crime"}
    assert pc == {"Outstanding": 2, "Good": 34, "Requires improvement": 6, "Inadequate": 1}
    assert len(pt) == 37
    sentence_lines = {r["source_line"] for r in pt if r["kind"] == "sentence"}
    assert sentence_lines == {1315, 1320, 1325, 1330, 1334, 1338}


def test_the_document_checks_itself(sop):
    comps = checks.compare(sop.tables["pillars"], sop.tables["questions"], sop.tables["printed_totals"])
    assert len(comps) == 37
    assert [c for c in comps if c.status() != "ok"] == []
    for (pillar, measure), expected in PRINTED.items():
        derived = Counter(r[measure] for r in sop.tables["pillars"] if r["pillar"] == pillar)
        assert derived == expected
    assert checks.review_rows(comps, sop.tables["printed_totals"]) == []


def test_a_changed_grade_is_caught_by_the_totals_check(sop):
    pillars = [dict(r) for r in sop.tables["pillars"]]
    row = next(r for r in pillars if r["force_id"] == "leicestershire" and r["pillar"] == "effectiveness")
    row["grade"] = "Outstanding"
    comps = checks.compare(pillars, sop.tables["questions"], sop.tables["printed_totals"])
    bad = {(c.value, c.kind, c.printed, c.derived) for c in comps if c.status() == "mismatch"}
    assert bad == {("Outstanding", "table", 1, 2), ("Good", "table", 35, 34),
                   ("Outstanding", "sentence", 1, 2), ("Good", "sentence", 35, 34)}
    rows = checks.review_rows(comps, sop.tables["printed_totals"])
    assert {r["kind"] for r in rows} == {"total_mismatch"} and len(rows) == 4


# ---------------------------------------------------------------- damaged copies of the real document


def _original(sop):
    p = {(r["force_id"], r["pillar"]): (r["grade"], r["trend"]) for r in sop.tables["pillars"]}
    q = {(r["force_id"], r["question_id"]): (r["grade"], r["last_inspected"]) for r in sop.tables["questions"]}
    return p, q


def _assert_nothing_shifted(sop, ex):
    """Every value the damaged copy still places is the value the original document gives."""
    p, q = _original(sop)
    for r in ex.tables["pillars"]:
        o = p[(r["force_id"], r["pillar"])]
        assert r["grade"] in (o[0], None) and r["trend"] in (o[1], None), r
    for r in ex.tables["questions"]:
        o = q[(r["force_id"], r["question_id"])]
        assert r["grade"] in (o[0], None) and r["last_inspected"] in (o[1], None), r


def test_deleting_a_grade_line_gives_count_mismatch_not_shifted_grades(sop, sop_lines):
    lines = list(sop_lines)
    assert lines[258] == "**Good**"  # Leicestershire's effectiveness judgment (line 259)
    del lines[258]
    ex = parse(lines, SRC)
    _assert_nothing_shifted(sop, ex)
    mm = [r for r in ex.tables["review"] if r["kind"] == "count_mismatch" and r["pillar"] == "effectiveness"
          and not r["question_id"]]
    assert [(r["expected"], r["found"]) for r in mm] == [("25", "24")]
    eff = {r["force_id"]: r for r in ex.tables["pillars"] if r["pillar"] == "effectiveness"}
    # the A-M grades are not placed at all; the trends still line up and are kept
    assert eff["avon-and-somerset"]["grade"] is None and eff["avon-and-somerset"]["trend"] == "Unchanged"
    assert eff["leicestershire"]["grade"] is None
    assert eff["surrey"]["grade"] == "Good"  # the N-W page is untouched
    # and the document no longer checks itself: totals findings name the pillar
    comps = checks.compare(ex.tables["pillars"], ex.tables["questions"], ex.tables["printed_totals"])
    assert any(c.status() == "unverifiable" and c.pillar == "effectiveness" for c in comps)


def test_duplicating_a_line_gives_count_mismatch(sop, sop_lines):
    lines = list(sop_lines)
    i = lines.index("Good\t2018/19", 700)  # a row of the efficiency meeting-demand A-M block
    lines.insert(i, lines[i])
    ex = parse(lines, SRC)
    _assert_nothing_shifted(sop, ex)
    mm = [r for r in ex.tables["review"] if r["kind"] == "count_mismatch" and r["question_id"] == "meeting-demand"]
    assert [(r["expected"], r["found"]) for r in mm] == [("25", "26")]
    assert len([r for r in ex.tables["questions"] if r["question_id"] == "meeting-demand"]) == 18


def test_deleting_a_force_row_on_a_continued_page(sop, sop_lines):
    lines = [ln for ln in sop_lines if not ln.startswith("<b>Surrey</b>\tGood\tUnchanged\tOutstanding")]
    assert len(lines) == len(sop_lines) - 1
    ex = parse(lines, SRC)
    _assert_nothing_shifted(sop, ex)
    missing = [r for r in ex.tables["review"] if r["kind"] == "missing_force"]
    assert len(missing) == 1 and "Surrey" in missing[0]["message"] and missing[0]["pillar"] == "effectiveness"
    # the N-W question blocks still list 18 values for what are now 17 forces
    mm = {r["question_id"] for r in ex.tables["review"] if r["kind"] == "count_mismatch" and r["expected"] == "17"}
    assert {"investigating-crime", "serious-organised-crime"} <= mm
    assert not any(r["force_id"] == "surrey" and r["pillar"] == "effectiveness" for r in ex.tables["pillars"])


def test_swapping_two_trend_words_in_a_tab_row_changes_only_that_row(sop, sop_lines):
    lines = list(sop_lines)
    i = next(k for k, ln in enumerate(lines) if ln.startswith("<b>Warwickshire</b>\tGood\tImproved"))
    lines[i] = lines[i].replace("Improved", "Unchanged")
    ex = parse(lines, SRC)
    wk = next(r for r in ex.tables["pillars"] if r["force_id"] == "warwickshire" and r["pillar"] == "effectiveness")
    assert wk["trend"] == "Unchanged"
    comps = checks.compare(ex.tables["pillars"], ex.tables["questions"], ex.tables["printed_totals"])
    assert {(c.value, c.printed, c.derived) for c in comps if c.status() == "mismatch"} == {
        ("Improved", 8, 7), ("Unchanged", 32, 33)}
