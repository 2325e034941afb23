"""Each layout variant of the converted State of Policing text, on small inline snippets."""

from __future__ import annotations

import pytest

from peelkit.errors import LayoutError
from peelkit.parse.state_of_policing import parse, tokenize

YEAR = "In 2018/19, we made our fourth PEEL (police effectiveness, efficiency and legitimacy) assessment."


def doc(*body: str) -> list[str]:
    return [YEAR, "", "# PEEL judgments table", "", *body, "", "## Our 2018/19 PEEL inspections", "Narrative."]


def pillars(ex):
    return {(r["force_id"], r["pillar"]): (r["grade"], r["trend"]) for r in ex.tables["pillars"]}


def questions(ex):
    return {(r["force_id"], r["question_id"]): (r["grade"], r["last_inspected"]) for r in ex.tables["questions"]}


def kinds(ex):
    """Findings other than the ones every snippet has (41 absent forces, absent pillars and questions,
    and the page's force list that skips the forces between its A-Z neighbours)."""
    return sorted(r["kind"] for r in ex.tables["review"] if r["kind"] not in ("missing_force", "layout")
                  and "published A-Z list" not in r["message"])


def test_bold_one_value_per_line_column_after_column():
    ex = parse(doc("## Effectiveness", "Force", "**Kent**", "", "**Surrey**", "Judgment", "", "Trend",
                   "**Good**", "Unchanged", "**Requires improvement**", "Declined"), "s.txt")
    assert pillars(ex) == {("kent", "effectiveness"): ("Good", "Unchanged"),
                           ("surrey", "effectiveness"): ("Requires improvement", "Declined")}
    assert [r["source_line"] for r in ex.tables["pillars"]] == [13, 15]
    assert kinds(ex) == []


def test_row_after_row():
    ex = parse(doc("## Legitimacy", "Force", "Judgment", "Trend", "**Kent**", "**Outstanding**", "Unchanged",
                   "**Surrey**", "**Good**", "Improved"), "s.txt")
    assert pillars(ex) == {("kent", "legitimacy"): ("Outstanding", "Unchanged"),
                           ("surrey", "legitimacy"): ("Good", "Improved")}


def test_forces_concatenated_on_one_line_and_pound_sign_heading():
    ex = parse(doc("Force", "", "**Kent****Metropolitan Police****Surrey**", "", "## £ Efficiency", "Judgment",
                   "Trend", "**Good**", "Improved", "**Good**", "Unchanged", "**Inadequate**", "Declined"), "s.txt")
    assert pillars(ex) == {("kent", "efficiency"): ("Good", "Improved"),
                           ("metropolitan", "efficiency"): ("Good", "Unchanged"),
                           ("surrey", "efficiency"): ("Inadequate", "Declined")}


def test_forces_out_of_published_order_are_not_matched_by_position():
    # a swapped pair of force names would silently give Kent Surrey's grade: refuse instead
    ex = parse(doc("## Effectiveness", "Force", "**Surrey**", "**Kent**", "Judgment", "Trend",
                   "**Good**", "Unchanged", "**Inadequate**", "Declined"), "s.txt")
    assert ex.tables["pillars"] == []
    msgs = [r["message"] for r in ex.tables["review"] if r["kind"] == "layout" and "published order" in r["message"]]
    assert len(msgs) == 2  # judgment and trend columns
    # row-explicit tab rows name their force, so their order does not matter
    ex = parse(doc("## Efficiency", "Force\tJudgment\tTrend", "<b>Surrey</b>\tGood\tDeclined",
                   "<b>Kent</b>\tInadequate\tUnchanged"), "s.txt")
    assert pillars(ex) == {("surrey", "efficiency"): ("Good", "Declined"),
                           ("kent", "efficiency"): ("Inadequate", "Unchanged")}


def test_a_question_printed_twice_on_a_page_is_not_used_twice():
    q = "### How well does the force plan for the future?"
    ex = parse(doc("## Efficiency", "Force\tJudgment\tTrend", "<b>Kent</b>\tGood\tDeclined",
                   q, "Judgment\tLast inspected", "Good\t2018/19", q, "Judgment\tLast inspected",
                   "Inadequate\t2018/19"), "s.txt")
    assert questions(ex) == {("kent", "planning-future"): ("Good", "2018/19")}
    assert any("printed twice" in r["message"] for r in ex.tables["review"])


def test_tab_rows_with_a_question_beside_the_pillar_and_a_tab_totals_block():
    ex = parse(doc(
        "## PEEL judgments table continued", "### Effectiveness",
        "Force\tJudgment\tTrend\tJudgment\tLast inspected",
        "<b>Kent</b>\tGood\tUnchanged\tOutstanding\t2016/17",
        "<b>Surrey</b>\tGood\tImproved\tGood\t2018/19",
        "#### Totals",
        "<b>Outstanding</b>\t\t0\t\t1",
        "<b>Good</b>\t\t2\t\t1",
        "### How effective is the force at investigating crime and reducing re-offending?",
        "Judgment\tLast inspected", "Requires improvement\t2018/19", "Good\t2017/18",
        "### How effective is the force at protecting those who are vulnerable from harm, and supporting victims?",
        "Judgment\tLast inspected", "Good\t2018/19", "Good\t2018/19",
        "### How effective is the force at tackling serious and organised crime?",
        "Judgment\tLast inspected", "Good\t2016/17", "Good\t2016/17",
    ), "s.txt")
    assert pillars(ex) == {("kent", "effectiveness"): ("Good", "Unchanged"),
                           ("surrey", "effectiveness"): ("Good", "Improved")}
    q = questions(ex)
    # the unnamed Judgment/Last inspected pair is the pillar's question without a heading on the page
    assert q[("kent", "preventing-crime")] == ("Outstanding", "2016/17")
    assert q[("surrey", "investigating-crime")] == ("Good", "2017/18")
    assert q[("kent", "serious-organised-crime")] == ("Good", "2016/17")
    totals = {(r["question_id"], r["value"]): r["count"] for r in ex.tables["printed_totals"]}
    assert totals == {("", "Outstanding"): 0, ("preventing-crime", "Outstanding"): 1,
                      ("", "Good"): 2, ("preventing-crime", "Good"): 1}
    assert kinds(ex) == []


def test_stray_div_blank_and_nbsp_lines_are_ignored():
    ex = parse(doc("## Effectiveness", "Force", "**Kent**", "<div><div></div></div>", "\u00a0", " ",
                   "**Surrey**", "Judgment", "Trend", "**Good**", "\u00a0", "Unchanged", "<div></div>",
                   "**Good**", "Declined"), "s.txt")
    assert len(ex.tables["pillars"]) == 2 and kinds(ex) == []


def test_tab_totals_with_div_junk_cells():
    ex = parse(doc("## Efficiency", "Force\tJudgment\tTrend", "<b>Kent</b>\t<b>Good</b>\tUnchanged",
                   "### Totals", "<b>Good</b>\t<div><div></div></div>\t1"), "s.txt")
    assert [(r["value"], r["count"], r["kind"]) for r in ex.tables["printed_totals"]] == [("Good", 1, "table")]


def test_one_value_per_line_totals_block():
    ex = parse(doc("## Legitimacy", "Force", "Judgment", "Trend", "**Kent**", "**Outstanding**", "Unchanged",
                   "**Totals**", "**Outstanding**", "1", "**Good**", "0"), "s.txt")
    assert [(r["value"], r["count"]) for r in ex.tables["printed_totals"]] == [("Outstanding", 1), ("Good", 0)]


def test_values_wrapped_across_lines_are_joined():
    ex = parse(doc("## Effectiveness", "Force", "**Devon and**", "**Cornwall**", "**Kent**", "Judgment", "Trend",
                   "**Requires**", "**improvement**", "Declined", "**Good**", "Unchanged",
                   "**How effective is the force at preventing crime, tackling anti-social**",
                   "**behaviour and keeping people safe?**",
                   "Judgment", "Last inspected", "**Requires**", "improvement", "2018/19", "**Good**", "2016/17"),
               "s.txt")
    assert pillars(ex) == {("devon-and-cornwall", "effectiveness"): ("Requires improvement", "Declined"),
                           ("kent", "effectiveness"): ("Good", "Unchanged")}
    assert questions(ex)[("devon-and-cornwall", "preventing-crime")] == ("Requires improvement", "2018/19")
    assert kinds(ex) == []


def test_a_tab_row_with_too_few_cells_is_flagged_and_not_used():
    ex = parse(doc("## Efficiency", "Force\tJudgment\tTrend", "<b>Kent</b>\t<b>Good</b>",
                   "<b>Surrey</b>\tGood\tDeclined"), "s.txt")
    assert pillars(ex) == {("surrey", "efficiency"): ("Good", "Declined")}
    bad = [r for r in ex.tables["review"] if r["kind"] == "bad_row"]
    assert len(bad) == 1 and bad[0]["source_line"] == 7 and "2 cells" in bad[0]["message"]


def test_an_unreadable_cell_is_flagged_and_left_empty():
    ex = parse(doc("## Efficiency", "Force\tJudgment\tTrend", "<b>Kent</b>\tGoood\tUnchanged"), "s.txt")
    assert pillars(ex) == {("kent", "efficiency"): (None, "Unchanged")}
    assert [r["found"] for r in ex.tables["review"] if r["kind"] == "unexpected_value"] == ["Goood"]


def test_an_unrecognised_line_inside_the_table_is_flagged():
    ex = parse(doc("## Efficiency", "Force", "**Kent**", "Judgment", "Trend", "**Good**", "Sideways"), "s.txt")
    assert [r["found"] for r in ex.tables["review"] if r["kind"] == "unrecognised_line"] == ["Sideways"]
    # the trend column now has 0 values for 1 force: no trend, but the grade stands
    assert pillars(ex) == {("kent", "efficiency"): ("Good", None)}


def test_missing_forces_are_reported_per_pillar():
    ex = parse(doc("## Efficiency", "Force\tJudgment\tTrend", "<b>Kent</b>\tGood\tUnchanged"), "s.txt")
    missing = [r for r in ex.tables["review"] if r["kind"] == "missing_force"]
    eff = next(r for r in missing if r["pillar"] == "efficiency")
    assert eff["expected"] == "43" and eff["found"] == "1" and "42 force(s)" in eff["message"]
    absent = {r["pillar"] for r in ex.tables["review"] if r["kind"] == "layout" and "table found" in r["message"]}
    assert absent == {"effectiveness", "legitimacy"}
    qs = {r["question_id"] for r in ex.tables["review"] if r["kind"] == "layout" and r["pillar"] == "efficiency"}
    assert qs == {"meeting-demand", "planning-future"}


def test_an_unknown_year_names_the_headers_found():
    lines = ["In 2022/23, we made our sixth PEEL assessment.", "# PEEL judgments table", "## Areas"]
    with pytest.raises(LayoutError) as err:
        parse(lines, "s.txt")
    assert "2022/23" in str(err.value) and "PEEL judgments table" in str(err.value) and "s.txt" in str(err.value)


def test_no_table_heading_is_an_error():
    with pytest.raises(LayoutError, match="no 'PEEL judgments table' heading"):
        parse([YEAR, "Some narrative."], "s.txt")


def test_tokenizer_keeps_line_numbers():
    toks = list(tokenize(["x", "**Good**", "", "Good\t2018/19"], 1))
    assert [(t.kind, t.line) for t in toks] == [("grade", 2), ("tab", 4)]


def test_a_value_moved_before_its_force_is_not_matched():
    ex = parse(doc("## Effectiveness", "Force", "**Kent**", "**Surrey**", "Judgment", "Trend", "**Good**",
                   "Unchanged", "**Good**", "Declined"), "s.txt")
    assert len(ex.tables["pillars"]) == 2
    # the same values, but Surrey's trend moved up between the two grades: counts still match
    ex = parse(doc("## Effectiveness", "Force", "**Kent**", "**Surrey**", "Judgment", "Trend", "**Good**",
                   "Declined", "Unchanged", "**Good**"), "s.txt")
    assert ex.tables["pillars"] == []
    assert any("out of step" in r["message"] for r in ex.tables["review"])


def test_values_before_the_column_header_are_not_used():
    ex = parse(doc("## Efficiency", "Force\tJudgment\tTrend", "<b>Kent</b>\tGood\tDeclined",
                   "### How well does the force plan for the future?", "Good\t2018/19"), "s.txt")
    assert ex.tables["questions"] == []
    assert [r["kind"] for r in ex.tables["review"] if r["question_id"] == "planning-future"] == ["bad_row"]


def test_a_header_word_from_another_block_marks_the_block_broken():
    ex = parse(doc("## Efficiency", "Force\tJudgment\tTrend", "<b>Kent</b>\tGood\tDeclined",
                   "### How well does the force plan for the future?", "Judgment", "Last inspected",
                   "Trend", "**Good**", "2018/19"), "s.txt")
    assert ex.tables["questions"] == []
    assert any("does not belong" in r["message"] for r in ex.tables["review"])


def test_a_question_under_another_pillars_table_is_not_placed():
    ex = parse(doc("## Efficiency", "Force\tJudgment\tTrend", "<b>Kent</b>\tGood\tDeclined",
                   "### How well does the force treat its workforce with fairness and respect?",
                   "Judgment\tLast inspected", "Good\t2018/19"), "s.txt")
    assert ex.tables["questions"] == []
    assert any("printed under the efficiency table" in r["message"] for r in ex.tables["review"])
