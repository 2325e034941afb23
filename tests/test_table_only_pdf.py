"""A table-only PDF (the six table pages of a State of Policing report, no year sentence) is dated from
every page's headers: the effectiveness question headings printed only on the page that continues the
table still date it, and --year is checked against all of them."""

from __future__ import annotations

import pytest

from peelkit import extract, store
from peelkit.errors import LayoutError

from .pdfgen import build_table_only_pdf, text_tables


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    d = tmp_path_factory.mktemp("table_only")
    out = {}
    for name, headings in (("every", "every page"), ("continued", "continued")):
        p = d / f"sop_{name}.pdf"
        assert build_table_only_pdf(p, text_tables(), headings=headings) == 6
        out[name] = p
    return out


def _rows(res, name: str) -> list[tuple]:
    return [tuple(v for k, v in store.cells(name, [r])[0].items() if k != "source_file") for r in res.tables[name]]


@pytest.mark.parametrize("words", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("year", [None, "2018/19"])
def test_headings_on_the_continued_page_only_extract_with_and_without_year(pdfs, year, words, tmp_path):
    res = extract.run([pdfs["continued"]], tmp_path / "out", year=year, words=words)
    assert [ex.meta["year"] for ex in res.extractions] == ["2018/19"]
    # the same rows as the table with every heading printed: the unheaded columns are the pillar's
    # questions not headed on their page, in order (as layouts.toml says)
    ref = extract.run([pdfs["every"]], write=False, words=words)
    for name in ("pillars", "questions", "printed_totals", "review"):
        assert _rows(res, name) == _rows(ref, name), name
    # preventing-crime has no heading on either page: read from both (25 + 18 forces)
    pc = [r for r in res.tables["questions"] if r["question_id"] == "preventing-crime" and r["grade"]]
    assert len(pc) == 43
    assert not [r for r in res.tables["review"] if "without a heading" in r["message"]]


def test_year_is_checked_against_every_page(pdfs):
    with pytest.raises(LayoutError, match=r"--year 2017/18 does not fit the table: the efficiency questions"):
        extract.run([pdfs["continued"]], write=False, year="2017/18")


def test_more_unheaded_columns_than_questions_is_said_not_guessed():
    """A page whose unheaded question pairs outnumber the pillar's unheaded questions: not dated by them."""
    from peelkit.parse.sop_pdf import TableEvidence

    ev = TableEvidence(trend_pillars={"efficiency"}, questions={"efficiency": set()},
                       last_inspected={"2017/18"}, pages=[("efficiency", frozenset(), 3)])
    from peelkit.parse.state_of_policing import layouts

    why = ev.contradicts("2018/19", layouts()["2018/19"])
    assert why == ("an efficiency page prints 3 question columns without a heading, but 2018/19 has only 2 "
                   "efficiency questions not headed there")
    assert ev.contradicts("2017/18", layouts()["2017/18"]) is None
