"""Each layout variant of the converted State of Policing text, on small inline snippets."""

from __future__ import annotations

import pytest

from peelkit import model
from peelkit.errors import LayoutError
from peelkit.readers.state_of_policing import parse
from peelkit.tables.markup import tokenize

YEAR = "In 2018/19, we made our fourth PEEL (police effectiveness, efficiency and legitimacy) assessment."


def doc(*body: str) -> list[str]:
    return [YEAR, "", "# PEEL judgments table", "", *body, "", "## Our 2018/19 PEEL inspections", "Narrative."]


# Values printed apart from the force names are matched to forces by position, which needs the page's
# whole force list: the snippets of those layouts list all 43 forces (Kent and Surrey carry the values
# the tests look at, every other force Good / Unchanged, or Good / 2018/19 for a question).
NAMES = [f.name for f in model.forces()]
HEAD = 4  # lines of doc() before the body


def each(special: dict[str, list[str]], default: list[str]) -> list[tuple[str, list[str]]]:
    """(force name, its values) for all 43 forces, in the published order."""
    return [(n, special.get(n, default)) for n in NAMES]


def line_of(lines: list[str], text: str, after: int = 0) -> int:
    """1-based line number of the first line equal to ``text`` after line ``after``."""
    return lines.index(text, after) + 1


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
    rows = each({"Kent": ["**Good**", "Unchanged"], "Surrey": ["**Requires improvement**", "Declined"]},
                ["**Good**", "Unchanged"])
    body = ["## Effectiveness", "Force"] + [x for n, _ in rows for x in (f"**{n}**", "")]
    body += ["Judgment", "", "Trend"] + [v for _, vs in rows for v in vs]
    lines = doc(*body)
    ex = parse(lines, "s.txt")
    got = pillars(ex)
    assert len(got) == 43 and got[("kent", "effectiveness")] == ("Good", "Unchanged")
    assert got[("surrey", "effectiveness")] == ("Requires improvement", "Declined")
    trend = line_of(lines, "Trend")
    # each row's source is the line of its judgment
    assert [r["source_line"] for r in ex.tables["pillars"]][:2] == [trend + 1, trend + 3]
    assert next(r["source_line"] for r in ex.tables["pillars"] if r["force_id"] == "surrey") == trend + 1 + 2 * 35
    assert kinds(ex) == []


def test_row_after_row():
    rows = each({"Kent": ["**Outstanding**", "Unchanged"], "Surrey": ["**Good**", "Improved"]},
                ["**Good**", "Unchanged"])
    ex = parse(doc("## Legitimacy", "Force", "Judgment", "Trend", *[x for n, vs in rows for x in (f"**{n}**", *vs)]),
               "s.txt")
    got = pillars(ex)
    assert len(got) == 43 and got[("kent", "legitimacy")] == ("Outstanding", "Unchanged")
    assert got[("surrey", "legitimacy")] == ("Good", "Improved")


def test_forces_concatenated_on_one_line_and_pound_sign_heading():
    rows = each({"Kent": ["**Good**", "Improved"], "Metropolitan Police": ["**Good**", "Unchanged"],
                 "Surrey": ["**Inadequate**", "Declined"]}, ["**Requires improvement**", "Unchanged"])
    ex = parse(doc("Force", "", "".join(f"**{n}**" for n, _ in rows), "", "## £ Efficiency", "Judgment",
                   "Trend", *[v for _, vs in rows for v in vs]), "s.txt")
    got = pillars(ex)
    assert len(got) == 43 and got[("kent", "efficiency")] == ("Good", "Improved")
    assert got[("metropolitan", "efficiency")] == ("Good", "Unchanged")
    assert got[("surrey", "efficiency")] == ("Inadequate", "Declined")
    assert got[("wiltshire", "efficiency")] == ("Requires improvement", "Unchanged")


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
    tab = [f"<b>{n}</b>\tGood\tDeclined" for n in NAMES]
    ex = parse(doc("## Efficiency", "Force\tJudgment\tTrend", *tab,
                   q, "Judgment\tLast inspected", *["Good\t2018/19"] * 43,
                   q, "Judgment\tLast inspected", *["Inadequate\t2018/19"] * 43), "s.txt")
    got = questions(ex)
    assert len(got) == 43 and set(got.values()) == {("Good", "2018/19")}
    assert any("printed twice" in r["message"] for r in ex.tables["review"])


def test_tab_rows_with_a_question_beside_the_pillar_and_a_tab_totals_block():
    rows = each({"Kent": ["Good", "Unchanged", "Outstanding", "2016/17"],
                 "Surrey": ["Good", "Improved", "Good", "2018/19"]}, ["Good", "Unchanged", "Good", "2018/19"])
    blocks = []
    for text, kent, surrey in (
            ("How effective is the force at investigating crime and reducing re-offending?",
             "Requires improvement\t2018/19", "Good\t2017/18"),
            ("How effective is the force at protecting those who are vulnerable from harm, and supporting victims?",
             "Good\t2018/19", "Good\t2018/19"),
            ("How effective is the force at tackling serious and organised crime?",
             "Good\t2016/17", "Good\t2016/17")):
        blocks += [f"### {text}", "Judgment\tLast inspected"]
        blocks += [kent if n == "Kent" else surrey if n == "Surrey" else "Good\t2016/17" for n in NAMES]
    ex = parse(doc(
        "## PEEL judgments table continued", "### Effectiveness",
        "Force\tJudgment\tTrend\tJudgment\tLast inspected",
        *[f"<b>{n}</b>\t" + "\t".join(vs) for n, vs in rows],
        "#### Totals",
        "<b>Outstanding</b>\t\t0\t\t1",
        "<b>Good</b>\t\t43\t\t42",
        *blocks,
    ), "s.txt")
    got = pillars(ex)
    assert got[("kent", "effectiveness")] == ("Good", "Unchanged")
    assert got[("surrey", "effectiveness")] == ("Good", "Improved")
    q = questions(ex)
    # the unnamed Judgment/Last inspected pair is the pillar's question without a heading on the page
    assert q[("kent", "preventing-crime")] == ("Outstanding", "2016/17")
    assert q[("surrey", "investigating-crime")] == ("Good", "2017/18")
    assert q[("kent", "investigating-crime")] == ("Requires improvement", "2018/19")
    assert q[("kent", "serious-organised-crime")] == ("Good", "2016/17")
    assert len(q) == 4 * 43
    totals = {(r["question_id"], r["value"]): r["count"] for r in ex.tables["printed_totals"]}
    assert totals == {("", "Outstanding"): 0, ("preventing-crime", "Outstanding"): 1,
                      ("", "Good"): 43, ("preventing-crime", "Good"): 42}
    assert kinds(ex) == []


def test_stray_div_blank_and_nbsp_lines_are_ignored():
    junk = ["<div><div></div></div>", "\u00a0", " ", "<div></div>"]
    names = [x for k, n in enumerate(NAMES) for x in (f"**{n}**", junk[k % 4])]
    values = [x for k in range(43) for x in ("**Good**", junk[(k + 1) % 4], "Unchanged")]
    ex = parse(doc("## Effectiveness", "Force", *names, "Judgment", "Trend", *values), "s.txt")
    assert len(ex.tables["pillars"]) == 43 and kinds(ex) == []


def test_tab_totals_with_div_junk_cells():
    ex = parse(doc("## Efficiency", "Force\tJudgment\tTrend", "<b>Kent</b>\t<b>Good</b>\tUnchanged",
                   "### Totals", "<b>Good</b>\t<div><div></div></div>\t1"), "s.txt")
    assert [(r["value"], r["count"], r["kind"]) for r in ex.tables["printed_totals"]] == [("Good", 1, "table")]


def test_one_value_per_line_totals_block():
    ex = parse(doc("## Legitimacy", "Force", "Judgment", "Trend", "**Kent**", "**Outstanding**", "Unchanged",
                   "**Totals**", "**Outstanding**", "1", "**Good**", "0"), "s.txt")
    assert [(r["value"], r["count"]) for r in ex.tables["printed_totals"]] == [("Outstanding", 1), ("Good", 0)]


def test_values_wrapped_across_lines_are_joined():
    names = [x for n in NAMES for x in (["**Devon and**", "**Cornwall**"] if n == "Devon and Cornwall" else [f"**{n}**"])]
    grades = [x for n in NAMES for x in (["**Requires**", "**improvement**", "Declined"] if n == "Devon and Cornwall"
                                         else ["**Good**", "Unchanged"])]
    qvals = [x for n in NAMES for x in (["**Requires**", "improvement", "2018/19"] if n == "Devon and Cornwall"
                                        else ["**Good**", "2016/17"])]
    ex = parse(doc("## Effectiveness", "Force", *names, "Judgment", "Trend", *grades,
                   "**How effective is the force at preventing crime, tackling anti-social**",
                   "**behaviour and keeping people safe?**",
                   "Judgment", "Last inspected", *qvals), "s.txt")
    got = pillars(ex)
    assert len(got) == 43 and got[("devon-and-cornwall", "effectiveness")] == ("Requires improvement", "Declined")
    assert got[("kent", "effectiveness")] == ("Good", "Unchanged")
    assert questions(ex)[("devon-and-cornwall", "preventing-crime")] == ("Requires improvement", "2018/19")
    assert questions(ex)[("dorset", "preventing-crime")] == ("Good", "2016/17")
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
    values = [x for n in NAMES for x in ("**Good**", "Sideways" if n == "Wiltshire" else "Unchanged")]
    ex = parse(doc("## Efficiency", "Force", *[f"**{n}**" for n in NAMES], "Judgment", "Trend", *values), "s.txt")
    assert [r["found"] for r in ex.tables["review"] if r["kind"] == "unrecognised_line"] == ["Sideways"]
    # the trend column now has 42 values for 43 forces: no trend, but the grades stand
    got = pillars(ex)
    assert len(got) == 43 and set(got.values()) == {("Good", None)}


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
    names = ["## Effectiveness", "Force", *[f"**{n}**" for n in NAMES], "Judgment", "Trend"]
    values = [x for n in NAMES for x in ("**Good**", "Declined" if n == "Surrey" else "Unchanged")]
    ex = parse(doc(*names, *values), "s.txt")
    assert len(ex.tables["pillars"]) == 43
    # the same values, but Sussex's trend moved up into Surrey's row: counts still match
    k = 2 * NAMES.index("Surrey")
    moved = values[:k] + ["**Good**", "Unchanged", "Declined", "**Good**"] + values[k + 4:]
    assert len(moved) == len(values)
    ex = parse(doc(*names, *moved), "s.txt")
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
