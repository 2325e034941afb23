"""The placement back-end's rule for positional columns: they need the page's whole force list.

A column printed apart from the force names (one value per line) can only be matched to forces by
position. When a page's force list lacks a force the published list puts there, a matching count
means a value is missing too, somewhere: every value after it would go to the wrong force. Such a
column is refused (a ``layout`` finding naming the force), even when the counts match; values named
by their force's row are still placed.
"""

from __future__ import annotations

from peelkit import model
from peelkit.tables.judgments import Cell, Part, Placer, TablePart
from peelkit.readers.state_of_policing import layouts, parse
from peelkit.schema import Extraction
from tests.pdfgen import SOP, text_tables


def _seed_lines() -> list[str]:
    from peelkit.sources.text import read_text

    return read_text(SOP).lines


def _questions(tables) -> dict:
    return {(r["force_id"], r["question_id"]): (r["grade"], r["last_inspected"]) for r in tables["questions"]}


def _pillars(tables) -> dict:
    return {(r["force_id"], r["pillar"]): (r["grade"], r["trend"]) for r in tables["pillars"]}


def _no_wrong_value(ex) -> None:
    good_q, good_p = _questions(text_tables()), _pillars(text_tables())
    assert all(good_q.get(k) == v for k, v in _questions(ex.tables).items())
    assert all(good_p.get(k) == v for k, v in _pillars(ex.tables).items())


def test_a_force_name_and_a_row_deleted_elsewhere_are_not_placed_by_position():
    """The seed's effectiveness A-M page lists its forces apart from the question columns. Deleting
    Kent's name and the first row of the preventing-crime block leaves 24 forces and 24 values in
    both columns: before, 48 values went to forces by position (15 of them to the wrong force)."""
    lines = _seed_lines()
    assert lines[158] == "**Kent**" and (lines[280], lines[282]) == ("**Good**", "2016/17")
    ex = parse(lines[:158] + lines[159:280] + lines[283:], SOP.name)
    _no_wrong_value(ex)
    a_to_m = {f.force_id for f in model.forces() if f.name < "N"}
    placed = {k[0] for k in _questions(ex.tables) if k[1] == "preventing-crime"}
    assert not placed & a_to_m and len(placed) == 18  # the N-W page is whole: still placed
    found = [r for r in ex.tables["review"] if r["kind"] == "layout" and "whole published run" in r["message"]]
    assert {r["question_id"] for r in found} == {"preventing-crime", "protecting-vulnerable"}
    assert all("missing Kent" in r["message"] and r["expected"] == "25" and r["found"] == "24" for r in found)
    assert len(found) == 2  # one finding per block, not one per column
    # the N-W page's rows name their forces (tab rows): placed whatever the A-M page lost
    assert _pillars(ex.tables)[("wiltshire", "effectiveness")] == ("Good", "Unchanged")


def test_a_force_missing_at_a_page_break_blocks_both_pages():
    """Metropolitan Police is the last force of the A-M page: with its name gone, the text cannot say
    whether the A-M page lost its last force or the continued page its first, so neither page's
    positional columns are placed; the continued page's tab rows, which name their forces, are."""
    lines = _seed_lines()
    met = lines.index("**Metropolitan Police**")
    assert met < 200 and lines[met - 2] == "**Merseyside**"
    # drop its name and the first preventing-crime row: 24 forces, 24 values again
    ex = parse(lines[:met] + lines[met + 1:280] + lines[283:], SOP.name)
    _no_wrong_value(ex)
    found = [r for r in ex.tables["review"] if "whole published run" in r["message"]]
    assert found and all("missing Metropolitan Police" in r["message"] for r in found)
    pages = {r["source_line"] < 476 for r in found}
    assert pages == {True, False}  # a finding on each side of the break
    placed_q = {(r["force_id"], r["question_id"]) for r in ex.tables["questions"]}
    assert not any(q == "preventing-crime" and model.force_by_id(f).name < "N" for f, q in placed_q)
    assert not any(q == "investigating-crime" and model.force_by_id(f).name >= "N" for f, q in placed_q)
    # named: the continued page's pillar judgments (tab rows)
    assert _pillars(ex.tables)[("norfolk", "effectiveness")] == ("Good", "Unchanged")


def _table(pillar: str, ids: list[str], named: bool, page: int) -> TablePart:
    forces = [(model.force_by_id(i), 10 * page + k, None) for k, i in enumerate(ids)]
    t = TablePart(pillar, forces, line=10 * page)
    cells = [Cell("Good", 10 * page + k) for k in range(len(ids))]
    trends = [Cell("Unchanged", 10 * page + k) for k in range(len(ids))]
    t.parts = [Part("pillar", "grade", f"{pillar} judgment", cells, named, line=10 * page),
               Part("pillar", "trend", f"{pillar} trend", trends, named, line=10 * page)]
    return t


def _place(*tables: TablePart) -> Extraction:
    ex = Extraction("x.txt", "state_of_policing")
    placer = Placer(ex, "2018/19", layouts()["2018/19"])
    for t in tables:
        placer.place(t)
    placer.finish()
    return ex


def test_positional_columns_need_the_run_from_the_previous_page_to_the_next():
    ids = [f.force_id for f in model.forces()]
    # three pages of efficiency: 0-9, 10-19 without 15, 20-42; positional columns everywhere
    pages = [_table("efficiency", ids[:10], False, 1), _table("efficiency", ids[10:15] + ids[16:20], False, 2),
             _table("efficiency", ids[20:], False, 3)]
    ex = _place(*pages)
    placed = {r["force_id"] for r in ex.tables["pillars"]}
    assert placed == set(ids[:10]) | set(ids[20:])
    found = [r for r in ex.tables["review"] if "whole published run" in r["message"]]
    assert len(found) == 1 and model.force_by_id(ids[15]).name in found[0]["message"]
    # the same pages with rows that name their forces: every listed force is placed
    ex = _place(*[_table("efficiency", [f.force_id for f, _, _ in t.forces], True, k)
                  for k, t in enumerate(pages, 1)])
    assert {r["force_id"] for r in ex.tables["pillars"]} == set(ids) - {ids[15]}
    assert not [r for r in ex.tables["review"] if "whole published run" in r["message"]]


def test_a_pillar_whose_last_page_stops_early_is_not_placed_by_position():
    ids = [f.force_id for f in model.forces()]
    ex = _place(_table("legitimacy", ids[:40], False, 1))  # the last three forces never listed
    assert ex.tables.get("pillars", []) == []
    msg = next(r["message"] for r in ex.tables["review"] if "whole published run" in r["message"])
    assert "West Yorkshire" in msg and "Wiltshire" in msg
