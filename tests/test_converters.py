"""Every converter's text of the judgments table gives the PDF's rows (tests/fixtures/converters).

The fixtures are generated PDFs of the 2018/19 table in several styles and the text that nine
converters made of each (``scripts/make_converter_fixtures.py``; see the fixtures' README). The
complete styles hold a known table (``expected.json``): every converter's text, with its pages
joined by form feeds or by newlines, must give exactly those rows, the same rows as the PDF path,
and no finding. Damaged copies must never put a grade on the wrong force.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from peelkit import checks
from peelkit.parse.state_of_policing import parse
from peelkit.sources.text import decode, split_lines

FIX = Path(__file__).parent / "fixtures" / "converters"
COMPLETE = ["plain", "grid", "wrapped", "running", "spill", "repeated"]
# pdftotext without -layout moves the cells right of a wrapped cell ahead of their row: it is tested
# for never misplacing a value and for failing with a hint, not for reading the table
EXACT = ["pdftotext-layout.txt", "pdftotext-raw.txt", "pdfplumber.txt", "pdfplumber-layout.txt", "pypdfium2.txt",
         "pymupdf.txt", "pymupdf4llm.md", "markitdown.md"]
ALL = [*EXACT, "pdftotext.txt"]


@lru_cache(maxsize=None)
def expected() -> dict:
    return json.loads((FIX / "plain" / "expected.json").read_text(encoding="utf-8"))


def lines_of(style: str, conv: str, joiner: str = "\f") -> list[str]:
    text, _ = decode((FIX / style / conv).read_bytes(), conv)
    return split_lines(text.replace("\f", joiner) if joiner != "\f" else text)


_package = None  # conftest's `package` (set for the module's tests by _shared_extractions)


@pytest.fixture(scope="module", autouse=True)
def _shared_extractions(package):
    global _package
    _package = package
    yield
    _package = None


@lru_cache(maxsize=None)
def parsed(style: str, conv: str, joiner: str = "\f"):
    """The text's Extraction: as the file is (its pages joined by form feeds), the one extracted once per
    test run and shared (conftest ``package``: extract.run's own parse of the file, which is this
    ``parse`` of these lines; tests/test_every_package_validates.py validates its package)."""
    if joiner == "\f" and _package is not None:
        return _package(FIX / style / conv).extraction
    return parse(lines_of(style, conv, joiner), conv)


def pillar_rows(tables) -> dict:
    return {(r["force_id"], r["pillar"]): (r["grade"], r["trend"]) for r in tables["pillars"]}


def question_rows(tables) -> dict:
    return {(r["force_id"], r["question_id"]): (r["grade"], r["last_inspected"]) for r in tables["questions"]}


def table_totals(tables) -> dict:
    return {(r["pillar"], r["question_id"], r["value"]): r["count"] for r in tables["printed_totals"]
            if r["kind"] == "table"}


def want_pillars() -> dict:
    return {(r["force_id"], r["pillar"]): (r["grade"], r["trend"]) for r in expected()["pillars"]}


def want_questions() -> dict:
    return {(r["force_id"], r["question_id"]): (r["grade"], r["last_inspected"]) for r in expected()["questions"]}


def want_totals() -> dict:
    return {(r["pillar"], r["question_id"], r["value"]): r["count"] for r in expected()["table_totals"]}


def misplaced(tables, pillars: dict, questions: dict) -> list:
    """Every value that differs from the true table (a value left empty is not misplaced)."""
    bad = []
    for key, got in pillar_rows(tables).items():
        want = pillars.get(key)
        if want is None or any(g is not None and g != w for g, w in zip(got, want)):
            bad.append((key, got, want))
    for key, got in question_rows(tables).items():
        want = questions.get(key)
        if want is None or any(g is not None and g != w for g, w in zip(got, want)):
            bad.append((key, got, want))
    return bad


@pytest.mark.parametrize("style", COMPLETE)
@pytest.mark.parametrize("conv", EXACT)
def test_converter_text_gives_the_whole_table(style, conv):
    ex = parsed(style, conv)
    assert pillar_rows(ex.tables) == want_pillars()
    assert question_rows(ex.tables) == want_questions()
    assert table_totals(ex.tables) == want_totals()
    assert ex.tables.get("review", []) == []
    assert ex.meta["year"] == "2018/19"
    # 129 pillar rows and 387 question rows, each pointing at a line of the file
    assert len(ex.tables["pillars"]) == 129 and len(ex.tables["questions"]) == 387
    lines = lines_of(style, conv)
    for r in ex.tables["pillars"] + ex.tables["questions"]:
        assert r["source_page"] is None and 1 <= r["source_line"] <= len(lines), r


@pytest.mark.parametrize("style", ["plain", "spill", "wrapped"])
@pytest.mark.parametrize("conv", EXACT)
def test_pages_joined_by_newlines_give_the_same_rows(style, conv):
    a, b = parsed(style, conv), parsed(style, conv, "\n")
    for t in ("pillars", "questions"):
        assert [{k: v for k, v in r.items() if k != "source_line"} for r in b.tables[t]] == \
               [{k: v for k, v in r.items() if k != "source_line"} for r in a.tables[t]], t
    assert table_totals(b.tables) == want_totals()


@pytest.mark.parametrize("style", COMPLETE)
def test_the_pdf_gives_the_same_rows_as_every_converter_text(style, package):
    ex = package(FIX / style / "table.pdf").extraction  # extract_pdf's, once per run
    assert pillar_rows(ex.tables) == want_pillars()
    assert question_rows(ex.tables) == want_questions()
    assert table_totals(ex.tables) == want_totals()
    assert ex.tables["review"] == []
    for conv in ("pdftotext-layout.txt", "pymupdf4llm.md"):
        t = parsed(style, conv).tables
        assert pillar_rows(t) == pillar_rows(ex.tables) and question_rows(t) == question_rows(ex.tables)


def test_the_source_line_is_the_forces_row():
    """A pdftotext -layout row: the value's line holds the force name (a wrapped grade is joined onto it)."""
    lines = lines_of("wrapped", "pdftotext-layout.txt")
    ex = parsed("wrapped", "pdftotext-layout.txt")
    for r in ex.tables["pillars"]:
        assert r["force"] in lines[r["source_line"] - 1], r
    leics = next(r for r in ex.tables["pillars"] if r["force_id"] == "leicestershire" and r["pillar"] == "effectiveness")
    assert (leics["grade"], leics["trend"]) == ("Good", "Unchanged")


@pytest.mark.parametrize("conv", ALL)
def test_totals_sentences_are_read_where_they_wrap_and_repeats_are_checked_apart(conv):
    once = [r for r in parsed("plain", conv).tables["printed_totals"] if r["kind"] == "sentence"]
    twice = [r for r in parsed("repeated", conv).tables["printed_totals"] if r["kind"] == "sentence"]
    assert len(once) == 21 and len(twice) == 42
    eff = sorted((r["value"], r["count"]) for r in once if r["pillar"] == "effectiveness" and r["measure"] == "grade")
    assert eff == [("Good", 35), ("Inadequate", 1), ("Outstanding", 1), ("Requires improvement", 6)]
    # each statement keeps its own line; identical repeats are never added together
    assert len({r["source_line"] for r in twice}) == 12
    review = checks.review_rows([], twice, 43)
    assert [r for r in review if r["kind"] == "totals_sum"] == []


@pytest.mark.parametrize("conv", ALL)
def test_blank_cells_are_never_filled_from_a_neighbour(conv):
    """The `blanks` table (today's text-path rows, the 9 refused column parts blank): a converter
    that drops blank cells cannot say which column is blank; values may be left out, never moved."""
    from tests.pdfgen import text_tables

    seed = text_tables()
    pillars = {(r["force_id"], r["pillar"]): (r["grade"], r["trend"]) for r in seed["pillars"]}
    questions = {(r["force_id"], r["question_id"]): (r["grade"], r["last_inspected"]) for r in seed["questions"]}
    ex = parsed("blanks", conv)
    assert misplaced(ex.tables, pillars, questions) == []
    got = len(ex.tables["pillars"]) + len(ex.tables["questions"])
    if got < len(pillars) + len(questions):
        assert ex.tables["review"], "rows left out without a finding"


def test_blank_cells_kept_by_position_give_the_pdf_rows(package):
    """A converter that keeps blank cells where they are (pdftotext -layout) reads the `blanks` table
    exactly as the PDF path does: the blank column parts are the same count_mismatch findings."""
    pdf = package(FIX / "blanks" / "table.pdf").extraction
    for conv in ("pdftotext-layout.txt",):
        t = parsed("blanks", conv).tables
        assert pillar_rows(t) == pillar_rows(pdf.tables), conv
        assert question_rows(t) == question_rows(pdf.tables), conv
        kinds = {(r["kind"], r["pillar"], r["question_id"]) for r in t["review"]}
        assert kinds == {(r["kind"], r["pillar"], r["question_id"]) for r in pdf.tables["review"]}, conv


def test_pdftotext_default_mode_fails_with_a_hint(tmp_path):
    from typer.testing import CliRunner

    from peelkit.cli import app

    src = FIX / "plain" / "pdftotext.txt"
    ex = parsed("plain", "pdftotext.txt")
    assert misplaced(ex.tables, want_pillars(), want_questions()) == []
    res = CliRunner().invoke(app, ["extract", str(src), "--out", str(tmp_path / "out"), "-q"])
    assert res.exit_code == 1
    err = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(err) == 1 and "pdftotext.txt" in err[0] and "no effectiveness judgments" in err[0], res.stderr
    assert "-layout" in err[0]
    assert not (tmp_path / "out").exists()


# ----------------------------------------------------------------- damaged copies


def _damaged(lines: list[str], op: str, at: int) -> list[str]:
    out = list(lines)
    if op == "delete":
        del out[at]
    elif op == "duplicate":
        out.insert(at, out[at])
    return out


@pytest.mark.parametrize("conv", ["pypdfium2.txt", "pdftotext-layout.txt", "pdfplumber.txt", "pymupdf.txt",
                                  "pymupdf4llm.md", "markitdown.md", "pdftotext-raw.txt"])
@pytest.mark.parametrize("op", ["delete", "duplicate"])
def test_a_deleted_or_duplicated_line_never_moves_a_grade(conv, op):
    lines = lines_of("spill", conv)
    table = [i for i, ln in enumerate(lines) if ln.strip()][5:]
    step = max(1, len(table) // 40)
    for at in table[::step]:
        ex = parse(_damaged(lines, op, at), conv)
        assert misplaced(ex.tables, want_pillars(), want_questions()) == [], (op, at + 1, lines[at])


@pytest.mark.parametrize("conv", ["pypdfium2.txt", "pdftotext-layout.txt", "pymupdf.txt", "markitdown.md"])
def test_a_force_name_printed_twice_never_moves_a_grade(conv):
    lines = lines_of("plain", conv)
    rows = [i for i, ln in enumerate(lines) if ln.lstrip("|* ").startswith(("Kent", "Leicestershire", "Norfolk"))]
    for at in rows:
        damaged = list(lines)
        damaged.insert(at + 1, lines[at].split("  ")[0].split("|")[0] or lines[at])
        ex = parse(damaged, conv)
        assert misplaced(ex.tables, want_pillars(), want_questions()) == [], (at + 1, lines[at])


def test_a_force_listed_twice_in_the_seed_text_blocks_the_positional_questions():
    """The seed markup lists forces and prints question columns apart from them: a force listed twice
    means those columns cannot be matched by position (before, fair-treatment questions were placed)."""
    from tests.pdfgen import SOP

    text, _ = decode(SOP.read_bytes(), SOP.name)
    lines = split_lines(text)
    start = next(i for i, ln in enumerate(lines) if ln.strip() == "**Kent**" and i > 835)
    damaged = lines[:start + 1] + [lines[start]] + lines[start + 1:]
    ex = parse(damaged, SOP.name)
    review = Counter((r["kind"], r["question_id"]) for r in ex.tables["review"] if r["pillar"] == "legitimacy")
    assert review[("duplicate_force", None)] == 1
    assert not [r for r in ex.tables["questions"] if r["pillar"] == "legitimacy" and r["source_line"] < 1087]
    from tests.pdfgen import text_tables

    good = {(r["force_id"], r["pillar"]): (r["grade"], r["trend"]) for r in text_tables()["pillars"]}
    assert all(good[k] == v for k, v in pillar_rows(ex.tables).items())


def test_repeated_sentences_in_the_pdf_are_checked_apart(package):
    """The PDF path: the totals sentences printed on two pages are 42 rows on their own pages; the
    run checks each statement and adds none of them together (no totals_sum finding)."""
    res = package(FIX / "repeated" / "table.pdf").result  # extract.run's, once per run
    sentences = [r for r in res.tables["printed_totals"] if r["kind"] == "sentence"]
    assert len(sentences) == 42 and len({r["source_page"] for r in sentences}) == 2
    assert [r for r in res.tables["review"] if r["kind"] in ("totals_sum", "total_mismatch")] == []
    assert all(c.printed == c.derived for c in res.comparisons)


def test_a_row_is_fitted_to_its_columns_only_where_certain():
    from peelkit.parse.sop_stream import fit

    kinds = ["grade", "trend", "grade", "year", "grade", "year"]
    g, t, y = ("grade", "Good"), ("trend", "Unchanged"), ("year", "2018/19")
    # one blank judgment: the order of the kinds leaves one way only
    assert fit(kinds, [g, t, g, y, y], 0) == [[0, 1, 2, 3, 5]]
    # one blank pair: the pillar's two columns are certain, the question's are not
    ways = fit(kinds, [g, t, g, y], 0)
    assert len(ways) == 3 and {w[0] for w in ways} == {0} and {w[1] for w in ways} == {1}
    assert {w[2] for w in ways} == {2, 4}
    # a wrapped grade whose halves float (above and below the row) goes to the one free judgment...
    assert fit(kinds, [g, t, y, g, y], 1) == [[0, 1, 3, 4, 5, 2]]
    # ... and stays unplaced when a blank cell leaves two free judgments
    assert fit(kinds, [t, g, y, y], 1) == [[1, 2, 3, 5, 0], [1, 2, 3, 5, 4]]
    # more values than columns, or in an impossible order: no way at all
    assert fit(kinds, [g, t, g, y, g, y, y], 0) == [] and fit(kinds, [y, t], 0) == []


def test_debug_pdf_shows_an_untitled_page_that_carries_on_the_table():
    from typer.testing import CliRunner

    from peelkit.cli import app

    pdf = FIX / "spill" / "table.pdf"
    res = CliRunner().invoke(app, ["debug-pdf", str(pdf)])
    assert res.exit_code == 0 and "page 4: no title; its header rows carry on the table of page 3" in res.output
    res = CliRunner().invoke(app, ["debug-pdf", str(pdf), "--page", "4"])
    assert res.exit_code == 0 and "table found: yes" in res.output and "pillar: effectiveness" in res.output


def test_a_value_before_the_first_force_row_is_a_finding():
    lines = lines_of("plain", "pypdfium2.txt")
    first = next(i for i, ln in enumerate(lines) if ln.startswith("Avon and Somerset"))
    ex = parse(lines[:first] + ["Outstanding"] + lines[first:], "pypdfium2.txt")
    found = [r for r in ex.tables["review"] if r["kind"] == "unexpected_value"]
    assert len(found) == 1 and found[0]["source_line"] == first + 1 and found[0]["found"] == "Outstanding"
    assert pillar_rows(ex.tables) == want_pillars()  # every row still reads its own values


def _ahead(lines: list[str], extra: int = 0) -> tuple[list[str], int]:
    """pdftotext's default mode, imitated on pypdfium2's rows: the cells right of a wrapped cell
    ("Requires" / "improvement") printed ahead of their row, after the row above's values. ``extra``
    moves that many more cells (from before the wrapped cell): a text the read-back must refuse."""
    from peelkit import model

    out = list(lines)
    moved = 0
    for i in range(1, len(out) - 1):
        a, b = out[i], out[i + 1]
        force = next((n for n in (a.split(" Good")[0], a.split(" Outstanding")[0]) if model.find_force(n)), None)
        if not (force and a.endswith(" Requires") and a.count("Requires") == 1 and b.startswith("improvement ")
                and "Requires" not in b and i + 2 < len(out) and not out[i + 2].startswith("improvement")):
            continue  # one wrapped cell, the row's other cells after it on the next line
        if "Judgment" in out[i - 1] or "Last inspected" in out[i - 1]:
            continue  # the first row of a page: nothing above it to print ahead of
        tail = b.split()[1:]
        if extra:
            head = a.split()
            tail, out[i] = head[-1 - extra:-1] + ["Requires"] + tail, " ".join(head[:-1 - extra]) + " Requires"
            tail.remove("Requires")
        out[i + 1] = "improvement"
        out[i - 1] = f"{out[i - 1]} {' '.join(tail)}"
        moved += 1
    return out, moved


def test_pdftotext_cells_printed_ahead_of_their_row_are_read_back():
    lines, moved = _ahead(lines_of("plain", "pypdfium2.txt"))
    assert moved > 10
    ex = parse(lines, "pdftotext.txt")
    assert pillar_rows(ex.tables) == want_pillars() and question_rows(ex.tables) == want_questions()
    assert ex.tables.get("review", []) == [] and ex.meta["unfit_rows"] == 0
    # one cell more than the wrapped cell's right-hand ones moved: the chain of counts does not close,
    # nothing is read back and no value lands on another force
    lines, _ = _ahead(lines_of("plain", "pypdfium2.txt"), extra=1)
    ex = parse(lines, "pdftotext.txt")
    assert misplaced(ex.tables, want_pillars(), want_questions()) == [] and ex.tables["review"]
