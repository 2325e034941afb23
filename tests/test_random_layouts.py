"""Property test over random layouts of the judgments table: no cell is ever wrong, and every cell
is either placed or covered by a finding, through the PDF path and every converter installed.

Each seed draws a layout (``tests/layoutgen.py``: page size and orientation, type size, column
widths, grid, header rows and wrapping, page splits, untitled spill pages, running headers, blank
cells, narrative quoting question headings, force names and markup), renders it and reads it. The
seeds are fixed (a few, chosen to cover blank cells, both rounds, untitled and titled spill pages,
wrapped force names, running headers, portrait and landscape); ``scripts/bench_layouts.py`` runs
many more and prints the share of cells each reader places. Converters that are not installed
(pdftotext without poppler-utils; PyMuPDF, pymupdf4llm, markitdown) are skipped with the reason.
"""

from __future__ import annotations

import pytest

from tests import converters, layoutgen

# between them: both rounds, portrait and landscape, A4 / Letter / A3, untitled and titled spill pages,
# blank cells (2, 5, 13), force names wrapped in narrow columns (2), "Judgement" (13), running headers
# (5), no Totals block (21), a note under the table (5, 21), every grid style but plain ruling, headers
# at the foot of their cells (2, 16); scripts/bench_layouts.py runs many more seeds
SEEDS = [2, 5, 13, 16, 21]
READERS = ["pdf", *converters.CONVERTERS]

_CACHE: dict[int, dict[str, layoutgen.Reading]] = {}


def _readings(seed: int, tmp_factory) -> dict[str, layoutgen.Reading]:
    """Every available reader's reading of the seed's PDF, made once per seed."""
    if seed not in _CACHE:
        d = tmp_factory.mktemp(f"layout{seed}")
        case = layoutgen.build(d / "table.pdf", layoutgen.draw(seed))
        got = layoutgen.read_case(d / "table.pdf", case, converters.available())
        _CACHE[seed] = {r.name: r for r in got}
    return _CACHE[seed]


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("seed", SEEDS)
def test_no_cell_is_ever_wrong_and_every_cell_is_placed_or_flagged(seed, reader, tmp_path_factory):
    if reader != "pdf" and converters.missing(reader):
        pytest.skip(f"{reader}: {converters.missing(reader)}")
    r = _readings(seed, tmp_path_factory)[reader]
    s = r.score
    case = layoutgen.draw(seed)
    assert s.wrong == [], f"{case.describe()}: {reader} placed wrong values {s.wrong[:5]}"
    assert s.uncovered == [], f"{case.describe()}: {reader} left cells without a finding {s.uncovered[:5]}"
    assert s.totals_wrong == [], f"{case.describe()}: {reader} read printed totals wrongly {s.totals_wrong[:5]}"
    if reader == "pdf":
        assert not r.error and s.placed == s.placeable, (case.describe(), s.placed, s.placeable)


def test_the_generator_draws_what_it_says():
    """A seed is a layout: the same seed gives the same case, and the seeds above between them draw
    the features the property is meant to cover."""
    cases = {s: layoutgen.draw(s) for s in SEEDS}
    assert layoutgen.draw(SEEDS[0]).describe() == cases[SEEDS[0]].describe()
    assert {c.year for c in cases.values()} == {"2018/19", "2017/18"}
    assert any("" in vs for c in cases.values() for vs in c.values.values())  # blank cells
    assert {c.landscape for c in cases.values()} == {True, False}
    assert {c.overflow for c in cases.values()} == {"untitled", "titled"}
    assert any(c.running == "running" for c in cases.values()) and any(c.judgment == "Judgement"
                                                                       for c in cases.values())
    assert {c.totals for c in cases.values()} == {True, False} and any(c.note for c in cases.values())
    narrative = [t for c in cases.values() for _, t in c.before + c.after]
    assert any("**" in t for t in narrative) and any(t.startswith("How ") for t in narrative)
