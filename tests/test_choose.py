"""The step that picks, per table page, the reading the document's own checks confirm (tables/choose.py).

Every front-end that can read a page reads it; the one back-end verifies each reading; the reading
with the most verified cells is placed, a disagreement or a tie between verified readings is a
finding, and the reasons are kept (``ex.meta["readings"]``, ``peelkit debug-text``).
"""

from __future__ import annotations

import pytest

from peelkit import model
from peelkit.tables import choose
from peelkit.tables.judgments import Cell, Part, TablePart
from peelkit.readers.state_of_policing import _first_table_line, parse, text_format
from tests.test_converters import (lines_of, pillar_rows, question_rows, table_totals, want_pillars,
                                   want_questions, want_totals)

# narrative that fooled the old whole-document guess (text_format) into the seed-markup reader, or
# that looks like table rows: markup-like characters, a tab, a quoted question heading on a line of
# its own, lists of force names, a force name alone on a line
NARRATIVE = ["**Key findings**", "### Summary of grades", "Grades in <b>bold</b> changed | see the table",
             "Note\tcarried forward", "How effective is the force at tackling serious and organised crime?",
             "Kent, Surrey and Sussex were inspected in the spring.", "Avon and Somerset, Bedfordshire, Cambridgeshire",
             "Kent"]


@pytest.mark.parametrize("conv", ["pypdfium2.txt", "pdfplumber.txt", "pdfplumber-layout.txt", "pdftotext-layout.txt",
                                  "pdftotext-raw.txt", "pymupdf.txt", "markitdown.md", "pymupdf4llm.md"])
def test_stray_markup_headings_and_force_lists_in_the_narrative_change_nothing(conv):
    lines = lines_of("plain", conv)
    at = next(i for i, ln in enumerate(lines) if "we graded" in ln)  # the page of totals sentences
    damaged = lines[:at] + NARRATIVE + lines[at:]
    ex = parse(damaged, conv)
    assert pillar_rows(ex.tables) == want_pillars()
    assert question_rows(ex.tables) == want_questions()
    assert table_totals(ex.tables) == want_totals()
    assert ex.tables.get("review", []) == []
    assert ex.meta["format"] == parse(lines, conv).meta["format"]


def test_the_old_whole_document_guess_is_only_a_tie_break():
    """The narrative's markup makes text_format say "markup" for pypdfium2's text; the markup reader
    then verifies nothing and the rows reader reads every page."""
    lines = lines_of("plain", "pypdfium2.txt")
    at = next(i for i, ln in enumerate(lines) if "we graded" in ln)
    damaged = lines[:at] + NARRATIVE + lines[at:]
    assert text_format(damaged, _first_table_line(damaged)) == "markup"
    ex = parse(damaged, "pypdfium2.txt")
    pages = [d for d in ex.meta["readings"] if d["chosen"] == "rows" and "most cells verified" in d["why"]]
    assert len(pages) == 6  # the six table pages
    for d in pages:
        got = {r["reader"]: r["cells"] for r in d["readings"]}
        assert got["markup"] == 0 and got["rows"] > 0, d


def test_regions_are_cut_at_titles_and_page_breaks():
    lines = ["intro", "PEEL judgments table", "a", "b\fc", "## PEEL judgments table continued", "d",
             "e", "\fPEEL judgments table", "f"]
    regs = choose.regions(lines, 1)
    assert [(r.start, r.end, r.title) for r in regs] == [
        (1, 3, "PEEL judgments table"), (3, 4, ""), (4, 7, "PEEL judgments table continued"),
        (7, 9, "PEEL judgments table")]
    assert regs[0].holds(2) and regs[0].holds(3) and not regs[0].holds(4)


def test_which_front_ends_apply():
    r = choose.Region(0, 3)
    assert choose.applies("rows", ["plain text"], choose.Region(0, 1))
    assert choose.applies("markup", ["x", "<b>Kent</b>\tGood", "y"], r)
    assert not choose.applies("markup", ["Kent Good Improved", "x", "y"], r)
    header = "Force     Judgment     Trend     Judgment     Last inspected"
    gapped = [header] + ["Kent      Good      Improved      Good      2018/19"] * 5
    assert choose.applies("columns", gapped, choose.Region(0, 6))
    assert not choose.applies("columns", gapped[:2], choose.Region(0, 2))  # too few lines laid out in columns
    # header labels packed one space apart (pdfplumber's layout text): its values drift, not read by position
    packed = ["Force Judgment Trend Judgment Last inspected"] + gapped[1:]
    assert not choose.applies("columns", packed, choose.Region(0, 6))


# ----------------------------------------------------------------- the choice itself, on readers of our own

YEAR = "In 2018/19, we made our fourth PEEL (police effectiveness, efficiency and legitimacy) assessment."
DOC = [YEAR, "", "PEEL judgments table", "Efficiency", "table body", "", "The end."]
NAMES = [f.name for f in model.forces()]


def _part(grades: list[str | None], trends: list[str | None], order: list[int] | None = None) -> TablePart:
    forces = model.forces()
    idx = order or list(range(43))
    t = TablePart("efficiency", [(forces[i], 4, None) for i in idx], line=3)
    t.parts = [Part("pillar", "grade", "efficiency judgment", [Cell(grades[i], 5) for i in idx], True, line=3),
               Part("pillar", "trend", "efficiency trend", [Cell(trends[i], 5) for i in idx], True, line=3)]
    return t


GOOD = ["Good"] * 43
SAME = ["Unchanged"] * 43
BLANK: list[str | None] = [None] * 43
KENT = NAMES.index("Kent")
OTHER = {"a": (GOOD, SAME, None), "b": (GOOD, SAME, None)}


def reader_a(ex, lines, year, layout, first, placer):
    g, t, order = OTHER["a"]
    placer.place(_part(g, t, order))
    return {}


def reader_b(ex, lines, year, layout, first, placer):
    g, t, order = OTHER["b"]
    placer.place(_part(g, t, order))
    return {}


@pytest.fixture
def two_readers(monkeypatch):
    """Two fake front-ends, "markup" (the preferred one) and "rows", both applying everywhere."""
    monkeypatch.setattr(choose, "READERS", {"markup": "tests.test_choose:reader_a",
                                            "rows": "tests.test_choose:reader_b"})
    monkeypatch.setattr(choose, "ORDER", ("markup", "rows"))
    monkeypatch.setattr(choose, "applies", lambda reader, lines, r: True)
    monkeypatch.setattr("peelkit.readers.state_of_policing.text_format", lambda lines, first: "markup")

    def set_(a, b):
        OTHER["a"], OTHER["b"] = a, b

    yield set_
    OTHER["a"] = OTHER["b"] = (GOOD, SAME, None)


def _efficiency(ex):
    return {(r["force_id"]): (r["grade"], r["trend"]) for r in ex.tables["pillars"] if r["pillar"] == "efficiency"}


def _kinds(ex):
    return [r["kind"] for r in ex.tables["review"] if r["kind"].startswith("reader")]


def test_readings_that_agree_give_the_preferred_one(two_readers):
    two_readers((GOOD, SAME, None), (GOOD, SAME, None))
    ex = parse(DOC, "x.txt")
    assert set(_efficiency(ex).values()) == {("Good", "Unchanged")} and len(_efficiency(ex)) == 43
    assert _kinds(ex) == []
    (d,) = ex.meta["readings"]
    assert d["chosen"] == "markup" and "rows placed the same 86 cells" in d["why"]


def test_a_value_two_verified_readings_read_differently_is_a_finding_and_its_column_is_not_used(two_readers):
    other = list(GOOD)
    other[KENT] = "Inadequate"
    two_readers((GOOD, SAME, None), (other, SAME, None))
    ex = parse(DOC, "x.txt")
    assert set(_efficiency(ex).values()) == {(None, "Unchanged")}  # the trend column is agreed on
    (f,) = [r for r in ex.tables["review"] if r["kind"] == "reader_conflict"]
    assert "Kent: markup 'Good', rows 'Inadequate'" in f["message"] and "'efficiency judgment'" in f["message"]
    assert f["pillar"] == "efficiency" and f["found"] == "1"
    assert ex.meta["readings"][0]["conflicts"]


def test_the_reading_with_more_verified_cells_wins(two_readers):
    two_readers((GOOD, BLANK, None), (GOOD, SAME, None))  # the preferred reading lost its trends
    ex = parse(DOC, "x.txt")
    assert set(_efficiency(ex).values()) == {("Good", "Unchanged")}
    assert ex.meta["readings"][0]["chosen"] == "rows" and _kinds(ex) == []


def test_equal_readings_of_different_cells_are_a_tie_finding(two_readers):
    two_readers((GOOD, BLANK, None), (BLANK, SAME, None))
    ex = parse(DOC, "x.txt")
    assert set(_efficiency(ex).values()) == {("Good", None)}  # the preferred reading's cells
    (f,) = [r for r in ex.tables["review"] if r["kind"] == "reader_tie"]
    assert "43 cell(s) only the rows reading has are not" in f["message"]


def test_a_page_whose_force_list_is_not_the_published_run_does_not_verify(two_readers):
    """The preferred reading lists two forces in swapped order (each value still named by its row):
    its cells do not count as verified, and the reading with the published list wins."""
    order = list(range(43))
    order[KENT], order[KENT + 1] = order[KENT + 1], order[KENT]
    two_readers((GOOD, SAME, order), (GOOD, SAME, None))
    ex = parse(DOC, "x.txt")
    (d,) = ex.meta["readings"]
    assert d["chosen"] == "rows" and "markup verified 0 (+86 unverified)" in d["why"]
    assert not [r for r in ex.tables["review"] if "published A-Z order" in r["message"]]


def test_debug_text_shows_why_each_page_was_read_the_way_it_was(tmp_path):
    from typer.testing import CliRunner

    from peelkit.cli import app
    from tests.test_converters import FIX

    lines = lines_of("plain", "pypdfium2.txt")
    at = next(i for i, ln in enumerate(lines) if "we graded" in ln)
    src = tmp_path / "pypdfium2.txt"
    src.write_text("\n".join(lines[:at] + NARRATIVE + lines[at:]), encoding="utf-8")
    runner = CliRunner(env={"COLUMNS": "250", "NO_COLOR": "1"})
    res = runner.invoke(app, ["debug-text", str(src)])
    assert res.exit_code == 0, res.output
    assert "front-ends that apply: markup, rows" in res.output and "read as rows" in res.output
    assert "its look suggests markup" in res.output and res.output.count("markup verified 0") == 6
    res = runner.invoke(app, ["debug-text", str(FIX / "plain" / "pdftotext-layout.txt"), "--line", "30"])
    assert res.exit_code == 0 and "10-81" in res.output and "82-145" not in res.output
    assert "columns: 1 page part(s), 25 force rows, 250 cells verified" in res.output
    assert runner.invoke(app, ["debug-text", str(src), "--line", "999999"]).exit_code == 2
    res = runner.invoke(app, ["debug-text", str(tmp_path / "missing.txt")])
    assert res.exit_code == 1 and "no such file" in res.output
