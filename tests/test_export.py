"""peelkit export: the board-paper workbook, read back with openpyxl, with real values from the
shipped data/clean (State of Policing 2019, Leicestershire 2018/19)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from peelkit import export as ex
from peelkit.cli import app
from peelkit.errors import DataError, UnknownNameError, UsageError
from peelkit.export.xlsx import HIGHLIGHT

from .conftest import CLEAN

openpyxl = pytest.importorskip("openpyxl")

runner = CliRunner()
ENV = {"NO_COLOR": "1", "COLUMNS": "200"}
GRADES4 = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
C_NS = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("export")


@pytest.fixture(scope="module")
def xlsx(out_dir) -> Path:
    p = out_dir / "board.xlsx"
    res = ex.export(p, CLEAN, "Leicestershire", None)
    assert res.path == p and res.year == "2018/19" and res.force == "Leicestershire"
    return p


@pytest.fixture(scope="module")
def wb(xlsx):
    return openpyxl.load_workbook(xlsx)


@pytest.fixture(scope="module")
def accessible_xlsx(out_dir) -> Path:
    p = out_dir / "board-accessible.xlsx"
    ex.export(p, CLEAN, "Leics", "2018/19", accessible=True)
    return p


def table(ws) -> tuple[int, list[str], list[dict]]:
    """(header row, columns, rows as dicts) of a table sheet: its one Excel table, header first."""
    (tab,) = ws.tables.values()
    first, last_cell = tab.ref.split(":")
    header = int(first.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    last = int(last_cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    cols = [c.value for c in ws[header]]
    cols = [c for c in cols if c is not None]
    assert len(set(cols)) == len(cols)  # an Excel table's column names are unique
    rows = []
    for r in ws.iter_rows(min_row=header + 1, max_row=last, max_col=len(cols), values_only=True):
        rows.append(dict(zip(cols, r)))
    return header, cols, rows


def summary_row(rows: list[dict], pillar: str, question_start: str = "Pillar judgment") -> dict:
    """The Summary row of a pillar judgment, or of the question whose full text starts with question_start."""
    hits = [r for r in rows if r["Pillar"] == pillar and (
        r["Judgment"] == question_start if question_start == "Pillar judgment"
        else (r["Question"] or "").startswith(question_start))]
    assert len(hits) == 1, (pillar, question_start, hits)
    return hits[0]


# ------------------------------------------------------------------ values


def test_sheets_in_order(wb):
    assert wb.sheetnames == ["Cover", "Summary", "History", "Chart", "Effectiveness", "Efficiency", "Legitimacy",
                             "Totals", "Notes", "Reports", "Sources"]


def test_summary_leicestershire_grades_trends_and_last_inspected(wb):
    _, cols, rows = table(wb["Summary"])
    assert cols[:6] == ["Pillar", "Judgment", "Grade", "Trend", "Last inspected", "Standing (national)"]
    eff = summary_row(rows, "Effectiveness")
    assert (eff["Grade"], eff["Trend"]) == ("Good", "Unchanged")
    effi = summary_row(rows, "Efficiency")
    assert (effi["Grade"], effi["Trend"]) == ("Good", "Improved")
    leg = summary_row(rows, "Legitimacy")
    assert (leg["Grade"], leg["Trend"]) == ("Good", "Unchanged")
    assert (eff["Source"], eff["Source file"]) == ("line 259", "state_of_policing_2019_part2.txt")
    assert eff["Standing (national)"] == "one of 35 forces graded good"  # the counts are beside it
    prev = summary_row(rows, "Effectiveness", "How effective is the force at preventing crime")
    assert (prev["Grade"], prev["Last inspected"]) == ("Good", "2016/17")
    assert (prev["Source"], prev["Source file"]) == ("line 365", "state_of_policing_2019_part2.txt")
    # the carried-forward grade names the 2016 force report holding it (its number on the Sources sheet, named
    # in the sheet's notes: a long file name never breaks a printed column, issue 28), and that they agree
    assert "[2] line 63 says Good (agrees)" in prev["Note"]
    assert "Other sources: [2] peel_effectiveness_2016_leicestershire.txt" in wb["Summary"]["A2"].value
    inv = summary_row(rows, "Effectiveness", "How effective is the force at investigating crime")
    assert (inv["Grade"], inv["Last inspected"]) == ("Good", "2018/19")
    # a question whose column could not be aligned says so, pointing at the review lines
    vul = summary_row(rows, "Effectiveness", "How effective is the force at protecting those who are vulnerable")
    assert vul["Grade"] is None and vul["Note"].startswith("not extracted: ")  # a note, not a grade
    # in plain words for a board, no finding code (issue 28)
    assert vul["Note"] == "not extracted: its column did not line up with the forces (see Notes: lines 410, 536)"
    soc = summary_row(rows, "Effectiveness", "How effective is the force at tackling serious")
    assert soc["Note"].endswith("counts of the 18 forces read (25 not read)")
    assert len(rows) == 12  # 3 pillars + 4 effectiveness + 2 efficiency + 3 legitimacy questions


def test_summary_national_distribution(wb):
    _, _, rows = table(wb["Summary"])

    def dist(r):
        return [r[f"National: {g}"] for g in GRADES4]

    assert dist(summary_row(rows, "Effectiveness")) == [1, 35, 6, 1]
    assert dist(summary_row(rows, "Efficiency")) == [6, 25, 10, 2]
    assert dist(summary_row(rows, "Legitimacy")) == [1, 35, 6, 1]
    assert dist(summary_row(rows, "Effectiveness", "How effective is the force at preventing crime")) == [2, 34, 6, 1]
    for p in ("Effectiveness", "Efficiency", "Legitimacy"):
        assert summary_row(rows, p)["Forces placed"] == 43
    soc = summary_row(rows, "Effectiveness", "How effective is the force at tackling serious")
    assert soc["Forces placed"] == 18  # only Norfolk to Wiltshire could be placed
    assert dist(soc) == [0, 16, 2, 0]
    # a partial count shows what it is of ('16 of 18'; the value stays the number, issue 28)
    ws = wb["Summary"]
    head = [c.value for c in ws[4]]
    cell = next(r for r in ws.iter_rows(min_row=5) if r[1].value == "Serious and organised crime")
    assert cell[head.index("National: Good")].number_format == '0" of 18"'
    assert cell[head.index("Forces placed")].number_format == '0" of 43"'
    # no force could be placed: unknown, so the cells are empty, never 0
    vul = summary_row(rows, "Effectiveness", "How effective is the force at protecting those who are vulnerable")
    assert dist(vul) == [None] * 4 and vul["Forces placed"] is None


def test_pillar_sheets_have_43_forces_and_mark_the_force(wb):
    for name in ("Effectiveness", "Efficiency", "Legitimacy"):
        ws = wb[name]
        header, cols, rows = table(ws)
        assert len(rows) == 43, name
        # Region is printed where the page has room; on the widest sheet it moves behind the printed columns
        assert [c for c in cols if c != "Region"][:4] == ["Selected", "Force", "Judgment", "Trend"]
        assert "Source file" in cols[-2:] and "Region" in cols
        assert len({r["Force"] for r in rows}) == 43
        marked = [r for r in rows if r["Selected"]]
        assert [r["Force"] for r in marked] == ["Leicestershire"]
        i = rows.index(marked[0])
        assert ws.cell(header + 1 + i, 2).font.b  # highlighted row is bold
    _, cols, rows = table(wb["Effectiveness"])
    assert cols.index("Region") > cols.index("Source")  # 4 questions: the printed page needs the room
    assert wb["Effectiveness"].print_area.split(":")[1].startswith(
        "$" + openpyxl.utils.get_column_letter(cols.index("Source") + 1) + "$")
    assert table(wb["Efficiency"])[1][2] == "Region"  # 2 questions: room for it
    leics = next(r for r in rows if r["Force"] == "Leicestershire")
    assert leics["Region"] == "East Midlands"
    assert (leics["Judgment"], leics["Trend"]) == ("Good", "Unchanged")
    assert leics["Preventing crime: judgment"] == "Good"
    assert leics["Preventing crime: last inspected"] == "2016/17"
    assert leics["Protecting the vulnerable: judgment"] is None  # not extracted: empty, said in the notes
    assert ("Protecting the vulnerable: not extracted for any force: its column did not line up with the forces "
            "(see Notes: lines 410, 536)") in wb["Effectiveness"]["A2"].value  # plain words (issue 28)
    assert [sum(r["Judgment"] == g for r in rows) for g in GRADES4] == [1, 35, 6, 1]
    _, _, rows = table(wb["Efficiency"])
    assert [sum(r["Judgment"] == g for r in rows) for g in GRADES4] == [6, 25, 10, 2]
    assert next(r for r in rows if r["Force"] == "Leicestershire")["Trend"] == "Improved"
    _, _, rows = table(wb["Legitimacy"])
    assert [sum(r["Judgment"] == g for r in rows) for g in GRADES4] == [1, 35, 6, 1]


def test_totals_sheet_all_ok(wb):
    _, cols, rows = table(wb["Totals"])
    assert "Check" in cols and cols[-1] == "Source file"
    assert len(rows) == 37
    assert {r["Check"] for r in rows} == {"ok"}
    eff = [r for r in rows if r["Pillar"] == "Effectiveness" and r["Question"] == "Pillar judgment"
           and r["Measure"] == "grade" and r["Printed in"] == "table"]
    assert {r["Value"]: (r["Printed"], r["Derived"]) for r in eff} == {
        "Outstanding": (1, 1), "Good": (35, 35), "Requires improvement": (6, 6), "Inadequate": (1, 1)}


def test_notes_list_every_finding_about_the_files_used(wb):
    _, cols, rows = table(wb["Notes"])
    assert cols == ["Kind", "File", "Place", "Pillar", "Question", "Expected", "Found", "Message", "Line", "Page"]
    review = list(csv.DictReader((CLEAN / "review.csv").open(encoding="utf-8", newline="")))
    assert len(rows) == len(review) == 11  # nine count mismatches + the catalogue's layout and undated findings
    assert {(r["File"], r["Line"], r["Kind"]) for r in rows} == {
        (r["source_file"], int(r["source_line"]), r["kind"]) for r in review}
    r410 = next(r for r in rows if r["Line"] == 410)
    assert (r410["Pillar"], r410["Question"], r410["Expected"], r410["Found"], r410["Place"]) == (
        "Effectiveness", "Protecting the vulnerable", "25", "24", "line 410")
    assert r410["File"] == "state_of_policing_2019_part2.txt" and isinstance(r410["Line"], int)
    undated = next(r for r in rows if r["Kind"] == "undated")
    assert (undated["File"], undated["Line"], undated["Found"]) == (
        "leicestershire_opcc_hmic_reports.txt", 114, "D1th July 2023")
    assert any(r["Kind"] == "layout" and r["Line"] == 60 for r in rows)


def test_national_notes_leave_out_the_catalogue():
    _, _, rows = table(ex.build_workbook(CLEAN)["Notes"])
    assert len(rows) == 9 and {r["Kind"] for r in rows} == {"count_mismatch"}


def cover_cells(ws) -> dict:
    return {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}


def headlines(ws) -> list[tuple[str, str]]:
    return [(ws.cell(r, 2).value, ws.cell(r, 3).value) for r in range(1, ws.max_row + 1)
            if isinstance(ws.cell(r, 1).value, int)]


def test_cover_headlines_first_with_their_sources(wb):
    ws = wb["Cover"]
    assert "Leicestershire" in ws["A1"].value and "2018/19" in ws["A1"].value
    assert ws["A4"].value == "Headlines"
    lines = headlines(ws)
    text = [t for t, _ in lines]
    assert text[0] == ("Leicestershire: Good in all three pillars (effectiveness, efficiency and legitimacy) "
                       "in 2018/19.")
    assert lines[0][1] == "state_of_policing_2019_part2.txt line 259, line 680, line 975"
    assert "Since the previous inspection: effectiveness unchanged, efficiency improved and legitimacy unchanged." \
        in text
    eff = next(t for t, _ in lines if t.startswith("Effectiveness: nationally"))
    assert eff == "Effectiveness: nationally one of 35 forces graded good; 1 outstanding (43 forces)."
    assert ("Efficiency: nationally one of 25 forces graded good; 6 outstanding (43 forces).") in text
    region = next(t for t in text if t.startswith("In East Midlands"))
    assert region.startswith("In East Midlands (5 forces): effectiveness one of 3 forces graded good")
    carried = next((t, s) for t, s in lines if t.startswith("Preventing crime: Good, carried forward from 2016/17"))
    assert "peel_effectiveness_2016_leicestershire.txt line 63 says Good (agrees)" in carried[0]
    assert carried[1] == "state_of_policing_2019_part2.txt line 365"
    missing = next(t for t in text if t.startswith("Not extracted"))
    assert missing.startswith("Not extracted (5 of 12 judgments): Protecting the vulnerable, Serious and organised "
                              "crime, Fair treatment of the public, Ethical workforce, Fair treatment of the workforce")
    assert "No question graded as requiring improvement or inadequate (4 questions with a grade)." in text
    assert "37 of 37 totals the document prints are reproduced by the rows." in text


def test_cover_about_and_how_to_read(wb):
    cells = cover_cells(wb["Cover"])
    assert cells["Force"] == "Leicestershire" and cells["Year"] == "2018/19"
    assert cells["Made with"].startswith("peelkit ")
    assert cells["Review findings"] == "11 (see Notes)"
    assert len(cells["Data fingerprint"]) == 16
    text = " ".join(str(c.value) for row in wb["Cover"].iter_rows() for c in row if c.value)
    assert "How to read this" in text and "not comparable" in text and "Last inspected" in text
    assert "4-tier" in text and "5-tier" in text and "sha256" not in cells  # provenance is on Sources


def test_sources_sheet_has_hashes_and_what_each_file_is_used_for(wb):
    _, cols, rows = table(wb["Sources"])
    assert cols == ["File", "Kind", "Used for", "sha256", "Bytes"]
    pkg = json.loads((CLEAN / "datapackage.json").read_text(encoding="utf-8"))
    by = {r["File"]: r for r in rows}
    for s in pkg["sources"]:
        assert by[s["title"]]["sha256"] == s["hash"].removeprefix("sha256:")
        assert by[s["title"]]["Bytes"] == s["bytes"]
    assert "national table" in by["state_of_policing_2019_part2.txt"]["Used for"]
    assert "Reports sheet" in by["leicestershire_opcc_hmic_reports.txt"]["Used for"]
    assert "carried forward from 2016/17" in by["peel_effectiveness_2016_leicestershire.txt"]["Used for"]
    assert "not used" not in " ".join(r["Used for"] for r in rows)


# ------------------------------------------------------------------ finish


def test_header_freeze_filter_widths_and_print_setup(wb):
    for name in [n for n in wb.sheetnames[1:] if n != "Chart"]:
        ws = wb[name]
        header, cols, _ = table(ws)
        assert all(ws.cell(header, j).font.b for j in range(1, len(cols) + 1)), name
        assert ws.freeze_panes is not None and int(ws.freeze_panes.lstrip("ABCDEFGHIJ")) == header + 1, name
        assert header == 4 and list(ws.tables)[0] == name  # an Excel table named as its sheet, header on row 4
        assert ws.print_title_rows == f"${header}:${header}", name
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert "Leicestershire · PEEL 2018/19" in ws.oddFooter.left.text, name
        assert ws.oddFooter.right.text == "Page &P of &N"
    assert wb["Cover"].page_setup.orientation == "landscape"
    notes = wb["Notes"]
    assert notes.column_dimensions["H"].width > 30  # the message column is sized from its content
    assert "source: state_of_policing_2019_part2.txt" in wb["Summary"].oddFooter.left.text
    # the printed page leaves out the full file name and question text (they stay in the workbook)
    _, cols, _ = table(wb["Summary"])
    last_printed = openpyxl.utils.get_column_letter(cols.index("Source") + 1)
    assert wb["Summary"].print_area.split(":")[1].startswith(f"${last_printed}$")
    from peelkit.export.book import lines_needed

    assert lines_needed("Devon and Cornwall", wb["Effectiveness"].column_dimensions["B"].width) == 1


def _rules(ws) -> list[tuple[str, object]]:
    out = []
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            out.append((str(cf.sqref), rule))
    return out


def test_rag_fills_are_conditional_formats_that_keep_the_text(wb):
    ws = wb["Summary"]
    header, cols, rows = table(ws)
    rules = _rules(ws)
    col = openpyxl.utils.get_column_letter(cols.index("Grade") + 1)
    by_formula = {rule.formula[0]: (sqref, rule) for sqref, rule in rules}
    for g in GRADES4:
        sqref, rule = by_formula[f'"{g}"']
        assert rule.type == "cellIs" and rule.operator == "equal"
        assert sqref.startswith(f"{col}{header + 1}:")
        assert rule.dxf.fill.fill_type == "solid"
    assert by_formula['"Good"'][1].dxf.fill.bgColor.rgb.endswith("C6EFCE")
    # the cell holds the grade text, with no fill of its own
    cell = ws.cell(header + 1, cols.index("Grade") + 1)
    assert cell.value == "Good"
    assert cell.fill.fill_type is None or cell.fill.fgColor.rgb.endswith(HIGHLIGHT)  # not a RAG colour
    eff = wb["Effectiveness"]
    sqrefs = {sqref for sqref, _ in _rules(eff)}
    # one set of grade rules over the pillar and 4 question judgments; each grey for its empty cells
    assert max(len(x.split()) for x in sqrefs) == 5 and len(sqrefs) == 1 + 5
    blank = [rule for _, rule in _rules(eff) if rule.type == "expression"]
    assert len(blank) == 5 and blank[0].formula[0].startswith("LEN(") and blank[0].dxf.fill.bgColor.rgb.endswith("EDEDED")
    checks = {rule.formula[0] for _, rule in _rules(wb["Totals"])}
    assert {'"ok"', '"mismatch"', '"unverifiable"'} <= checks


def test_accessible_marks_every_grade_with_text_not_colour_alone(accessible_xlsx):
    wb = openpyxl.load_workbook(accessible_xlsx)
    ws = wb["Effectiveness"]
    header, cols, rows = table(ws)
    j = cols.index("Judgment") + 1
    formats = {}
    for i, r in enumerate(rows):
        c = ws.cell(header + 1 + i, j)
        assert c.value == r["Judgment"]  # the value stays the grade text
        formats.setdefault(c.value, set()).add((c.number_format, bool(c.font.b)))
    assert formats["Good"] == {('"★ "@', False)} or formats["Good"] == {('"★ "@', False), ('"★ "@', True)}
    assert formats["Requires improvement"] == {('"▲ "@', True)}
    assert formats["Inadequate"] == {('"▲▲ "@', True)}
    assert len({f for v in formats.values() for f, _ in v}) == 4  # one marker per grade
    # the key on the cover names each marker in words
    cover = wb["Cover"]
    key = {cover.cell(r, 1).value: cover.cell(r, 2).value for r in range(1, cover.max_row + 1)}
    assert key["Good"].startswith("★ Good: one star") and "triangle" in key["Inadequate"]
    assert "pattern" not in " ".join(str(v) for v in key.values())
    with zipfile.ZipFile(accessible_xlsx) as z:
        chart = z.read("xl/charts/chart1.xml").decode()
    assert "pattFill" in chart and "solidFill><a:srgbClr val=\"C6EFCE\"" not in chart


def test_chart_shows_national_distribution_with_force_marked(xlsx, wb):
    with zipfile.ZipFile(xlsx) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert charts == ["xl/charts/chart1.xml"]
        root = ElementTree.fromstring(z.read(charts[0]))
    bar = root.find(f".//{C_NS}barChart")
    assert bar is not None
    series = bar.findall(f"{C_NS}ser")
    assert len(series) == 4
    ws = wb["Chart"]
    names = [ws[s.find(f"{C_NS}tx/{C_NS}strRef/{C_NS}f").text.split("!")[1].replace("$", "")].value
             for s in series]
    assert names == GRADES4

    def values(ref: str) -> list:
        rng = ref.split("!")[1].replace("$", "")
        return [c.value for row in ws[rng] for c in row]

    cats = values(series[0].find(f"{C_NS}cat/{C_NS}strRef/{C_NS}f").text)
    assert cats == ["Effectiveness (Leicestershire: Good)", "Efficiency (Leicestershire: Good)",
                    "Legitimacy (Leicestershire: Good)"]
    per_grade = [values(s.find(f"{C_NS}val/{C_NS}numRef/{C_NS}f").text) for s in series]
    by_pillar = [list(x) for x in zip(*per_grade)]
    assert by_pillar == [[1, 35, 6, 1], [6, 25, 10, 2], [1, 35, 6, 1]]
    # the force's grade (Good in all three pillars) is outlined: data points on the Good series
    marked = {(i, int(dp.find(f"{C_NS}idx").get("val"))) for i, s in enumerate(series)
              for dp in s.findall(f"{C_NS}dPt")}
    assert marked == {(1, 0), (1, 1), (1, 2)}
    assert "Leicestershire" in "".join(root.find(f".//{C_NS}title").itertext())
    # openpyxl itself reads the chart back too
    assert len(wb["Chart"]._charts) == 1 and len(wb["Chart"]._charts[0].series) == 4
    assert "outlined" in wb["Chart"]["A2"].value  # the caption says how the force is marked


def test_file_is_a_valid_zip_with_well_formed_xml(xlsx, accessible_xlsx):
    for p in (xlsx, accessible_xlsx):
        with zipfile.ZipFile(p) as z:
            assert z.testzip() is None
            names = z.namelist()
            assert "[Content_Types].xml" in names and "xl/workbook.xml" in names
            for n in names:
                if n.endswith((".xml", ".rels")):
                    ElementTree.fromstring(z.read(n))  # raises on malformed XML


# ------------------------------------------------------------------ choices


def test_year_defaults_to_latest_national_table_and_no_force_gives_national_summary():
    wb = ex.build_workbook(CLEAN)
    assert wb.sheetnames == ["Cover", "Summary", "Chart", "Effectiveness", "Efficiency", "Legitimacy", "Totals",
                             "Notes", "Sources"]
    _, cols, rows = table(wb["Summary"])
    assert "Grade" not in cols and "Forces not placed" in cols
    eff = summary_row(rows, "Effectiveness")
    assert [eff[f"National: {g}"] for g in GRADES4] == [1, 35, 6, 1]
    _, cols, rows = table(wb["Effectiveness"])
    assert "Selected" not in cols and len(rows) == 43
    assert "2018/19" in wb["Cover"]["A1"].value


def test_unknown_force_and_force_without_rows_that_year():
    with pytest.raises(UnknownNameError) as e:
        ex.build_workbook(CLEAN, force="Leicester")
    assert "did you mean 'Leicestershire'" in str(e.value) and e.value.exit_code == 2
    with pytest.raises(DataError, match=r"Durham has no 2016/17 rows.*years with rows for it: 2018/19"):
        ex.build_workbook(CLEAN, force="Durham", year="2016/17")
    with pytest.raises(UnknownNameError, match="unknown year"):
        ex.build_workbook(CLEAN, force="Leics", year="2017/18")


def test_other_years_and_sources_do_not_leak_into_the_national_sheets(tmp_path):
    """Rows from force reports (any year) must not change the 43-force sheets or the distribution."""
    d = tmp_path / "clean"
    shutil.copytree(CLEAN, d)
    with (d / "pillars.csv").open("a", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["2018/19", "2018/19", "4", "Leicestershire", "leicestershire", "efficiency", "Outstanding", "",
                    "", "2018", "peel_2018_leicestershire.pdf", "", "3"])
        w.writerow(["2016/17", "2016", "4", "Durham", "durham", "effectiveness", "Outstanding", "Unchanged", "",
                    "2016", "peel_effectiveness_2016_durham.pdf", "", "5"])
    wb = ex.build_workbook(d, force="Leics")
    _, _, rows = table(wb["Summary"])
    effi = summary_row(rows, "Efficiency")
    assert (effi["Grade"], effi["Trend"]) == ("Good", "Improved")  # the national table row
    assert [effi[f"National: {g}"] for g in GRADES4] == [6, 25, 10, 2]
    _, _, rows = table(wb["Efficiency"])
    assert len(rows) == 43
    assert {r["Check"] for r in table(wb["Totals"])[2]} == {"ok"}
    # the 2016/17 round has only force reports: exported as such, with that said on the sheet
    wb = ex.build_workbook(d, force="Durham", year="2016/17")
    _, _, rows = table(wb["Effectiveness"])
    assert [r["Force"] for r in rows] == ["Durham", "Leicestershire"]
    assert "force reports in the data (no national table)" in wb["Effectiveness"]["A1"].value
    assert "national distribution" not in wb["Summary"]["A1"].value.replace("no national distribution", "")
    assert "Chart" not in wb.sheetnames


# ------------------------------------------------------------------ writing


def test_never_overwrites_without_force_overwrite(tmp_path):
    p = tmp_path / "board.xlsx"
    p.write_bytes(b"not a workbook")
    with pytest.raises(UsageError, match="--overwrite"):
        ex.export(p, CLEAN, "Leics")
    assert p.read_bytes() == b"not a workbook"
    res = ex.export(p, CLEAN, "Leics", overwrite=True)
    assert zipfile.is_zipfile(p) and res.sheets["Effectiveness"] == 43
    assert sorted(x.name for x in tmp_path.iterdir()) == ["board.xlsx"]  # no temporary file left behind


def test_a_failed_export_leaves_nothing_behind(tmp_path):
    p = tmp_path / "board.xlsx"
    with pytest.raises(UnknownNameError):
        ex.export(p, CLEAN, "Nowhere Constabulary")
    assert list(tmp_path.iterdir()) == []


def test_csv_folder_has_the_same_sheets(tmp_path):
    out = tmp_path / "board"
    res = ex.export(out, CLEAN, "Leicestershire", fmt="csv")
    assert res.fmt == "csv"
    assert sorted(p.name for p in out.iterdir()) == sorted(  # and the manifest: every file with its sha256
        ["cover.csv", "summary.csv", "history.csv", "chart.csv", "effectiveness.csv", "efficiency.csv", "legitimacy.csv",
         "totals.csv", "notes.csv", "reports.csv", "sources.csv", "peelkit-export.json"])

    def read(name):
        with (out / name).open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    summary = read("summary.csv")
    eff = summary_row(summary, "Effectiveness")
    assert (eff["Grade"], eff["Trend"], eff["National: Good"]) == ("Good", "Unchanged", "35")
    assert len(read("effectiveness.csv")) == 43
    assert len(read("notes.csv")) == 11 and len(read("totals.csv")) == 37
    cover = read("cover.csv")
    assert cover[1]["section"] == "headline" and cover[1]["value"].startswith("Leicestershire: Good in all three")
    assert any(r["File"] == "state_of_policing_2019_part2.txt" for r in read("sources.csv"))
    vul = summary_row(summary, "Effectiveness", "How effective is the force at protecting those who are vulnerable")
    assert (vul["National: Good"], vul["Forces placed"]) == ("", "")  # unknown is empty, never 0
    with pytest.raises(UsageError, match="--overwrite"):
        ex.export(out, CLEAN, "Leicestershire", fmt="csv")
    (out / "extra.txt").write_text("old")
    ex.export(out, CLEAN, "Leicestershire", fmt="csv", overwrite=True)
    assert (out / "extra.txt").read_text() == "old" and (out / "summary.csv").is_file()  # a user's file stays
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board"]
    with pytest.raises(UsageError, match="unknown export format"):
        ex.export(tmp_path / "x", CLEAN, fmt="docx")


# ------------------------------------------------------------------ CLI


def run(*args):
    return runner.invoke(app, [str(a) for a in args], env=ENV)


def test_cli_export(tmp_path):
    p = tmp_path / "board.xlsx"
    res = run("export", p, "--force", "Leicestershire", "--data", CLEAN)
    assert res.exit_code == 0, res.output
    assert res.stdout == ""
    assert "wrote" in res.stderr and "Leicestershire 2018/19" in res.stderr and "37 ok" in res.stderr
    header, _, rows = table(openpyxl.load_workbook(p)["Summary"])
    assert rows[0]["Grade"] == "Good"
    res = run("export", p, "--force", "Leicestershire", "--data", CLEAN)
    assert res.exit_code == 2 and "--overwrite" in res.stderr and "names a police force" in res.stderr
    res = run("export", p, "--force", "Leics", "--force-overwrite", "--data", CLEAN)  # the old name still works
    assert res.exit_code == 0, res.output
    res = run("export", p, "--force", "Leics", "--accessible", "--overwrite", "--data", CLEAN)
    assert res.exit_code == 0, res.output
    assert "accessible" in res.stderr
    res = run("export", tmp_path / "csv", "--format", "csv", "--year", "2018/19", "--data", CLEAN)
    assert res.exit_code == 0, res.output
    assert (tmp_path / "csv" / "summary.csv").is_file()


def test_cli_unknown_force_and_help(tmp_path):
    res = run("export", tmp_path / "b.xlsx", "--force", "Leicester", "--data", CLEAN)
    assert res.exit_code == 2
    assert "did you mean 'Leicestershire'" in res.stderr
    assert not (tmp_path / "b.xlsx").exists()
    res = run("export", tmp_path / "b.xlsx", "--force", "Durham", "--year", "2016/17", "--data", CLEAN)
    assert res.exit_code == 1 and "Durham has no 2016/17 rows" in res.stderr
    res = run("export", "--help")
    assert res.exit_code == 0
    assert "Example: peelkit export board.xlsx --force Leicestershire" in " ".join(res.stdout.split())


# ------------------------------------------------------------------ optional: render with LibreOffice


MIN_PRINTED_PT = 9.0
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                                   reason="LibreOffice (soffice) not installed: the rendered PDF cannot be checked")


def rendered_pages(pdf: Path) -> list[dict]:
    """Per page: its text and the height (font size, pt) of every upright word, as printed."""
    pdfplumber = pytest.importorskip("pdfplumber")
    pages = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            words = [w for w in page.extract_words(extra_attrs=["size"]) if w["upright"]]
            pages.append({"text": page.extract_text() or "", "sizes": [(w["size"], w["text"]) for w in words]})
    return pages


@pytest.mark.optional
@needs_soffice
def test_pdf_prints_legibly_with_footers_markers_and_headlines(tmp_path):
    pdf = tmp_path / "board.pdf"
    res = ex.export(pdf, CLEAN, "Leicestershire", accessible=True)
    assert res.fmt == "pdf" and pdf.read_bytes().startswith(b"%PDF")
    pages = rendered_pages(pdf)
    assert len(pages) >= 10  # Cover, Summary, Chart, 3 pillars, Totals, Notes, Reports, Sources
    for i, page in enumerate(pages, 1):
        small = [(round(size, 1), word) for size, word in page["sizes"] if size < MIN_PRINTED_PT - 0.05]
        assert not small, (i, small[:5])  # body text is at least 9 pt on paper
        assert "Leicestershire · PEEL 2018/19" in page["text"] and f"Page {i} of {len(pages)}" in page["text"]
    text = [p["text"] for p in pages]
    assert "Good in all three pillars" in text[0] and "Headlines" in text[0]
    summary = next(t for t in text if "judgments beside the national distribution" in t)
    assert "one of 35 forces" in summary and "source: state_of_policing_2019_part2.txt" in summary
    # accessible: the marker is printed text beside the grade, not a fill that may not render
    assert "★ Good" in summary and "not extracted" in summary
    eff = [t for t in text if t.startswith("Effectiveness 2018/19")]
    assert len(eff) >= 2 and all("Judgment" in t and "Force" in t for t in eff)  # header row repeated
    assert any("▲ Requires" in t for t in eff)
    # provenance prints whole: every sha256 on the Sources page
    pkg = json.loads((CLEAN / "datapackage.json").read_text(encoding="utf-8"))
    sources_page = next(t for t in text if t.startswith("Sources of this paper"))
    assert all(s["hash"].removeprefix("sha256:") in sources_page for s in pkg["sources"])
    notes = " ".join(t for t in text if t.startswith("Notes 2018/19"))
    assert "undated" in notes and "D1th July" in notes and "count_mismatch" in notes


@pytest.mark.optional
@needs_soffice
def test_national_pdf_keeps_the_chart_with_its_caption(tmp_path):
    pdf = tmp_path / "national.pdf"
    ex.export(pdf, CLEAN)
    pages = rendered_pages(pdf)
    chart_pages = [p["text"] for p in pages if "National grade distribution by pillar" in p["text"]]
    assert len(chart_pages) == 1  # the caption, the chart's data and the chart on one page
    first = chart_pages[0]
    # caption, axis title, category labels and legend of the chart all on one page
    for part in ("Forces per grade in the national table", "Forces", "Effectiveness", "Legitimacy",
                 "Outstanding", "Inadequate"):
        assert part in first, part
    assert "Requires improvement" in first and "35" in first
    for page in pages:
        assert min(size for size, _ in page["sizes"]) >= MIN_PRINTED_PT - 0.05


def test_pdf_without_libreoffice_is_one_clear_error(tmp_path, monkeypatch):
    from peelkit.export import pdf as pdf_mod

    monkeypatch.setattr(pdf_mod, "soffice", lambda: None)
    res = run("export", tmp_path / "board.pdf", "--force", "Leics", "--data", CLEAN)
    assert res.exit_code == 1 and "LibreOffice" in res.stderr and "Traceback" not in res.output
    assert len(res.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_reports_sheet_lists_the_forces_inspection_reports_with_real_dates(tmp_path):
    import datetime as dt

    from openpyxl import load_workbook

    from peelkit.export import export

    out = tmp_path / "r.xlsx"
    export(out, CLEAN, force="Leics")
    wb = load_workbook(out)
    assert "Reports" in wb.sheetnames
    ws = wb["Reports"]
    _, cols, rows = table(ws)
    assert cols == ["Date", "Type", "Title", "Response published", "Source", "Source file"]
    data = [tuple(r.values()) for r in rows]
    assert len(data) == 75  # the OPCC catalogue
    first, last = data[0], data[-1]
    # oldest first; the one report printed as 'D1th July 2023' cannot be dated and comes last
    assert first[0] == dt.datetime(2012, 12, 18) and first[2] == "Revisiting police relationships: progress report"
    assert last[0] is None  # no readable date: empty, and the sheet's notes say so
    spot = next(r for r in data if r[2].startswith("The policing response to antisocial behaviour"))
    assert (spot[0], spot[1], spot[3]) == (dt.datetime(2024, 10, 10), "spotlight", "yes")
    cell = next(c for c in ws["A"] if isinstance(c.value, dt.datetime))
    assert cell.number_format == "dd mmm yyyy"
    # without a force there is no single force's timeline
    export(tmp_path / "all.xlsx", CLEAN)
    assert "Reports" not in load_workbook(tmp_path / "all.xlsx").sheetnames


# ------------------------------------------------------------------ formats, flags, byte identity


@pytest.mark.parametrize(("name", "args", "fragment"), [
    ("board.csv", [], "cannot tell the format from '.csv'"),
    ("board.docx", [], "cannot tell the format"),
    ("board.xlsx", ["--format", "csv"], "--format csv needs a folder"),
    ("board", ["--format", "xlsx"], "--format xlsx needs a .xlsx file"),
    ("board.xlsx", ["--force", "yes"], "--force names a police force"),
])
def test_cli_refuses_unclear_output_and_force_misuse(tmp_path, name, args, fragment):
    res = run("export", tmp_path / name, *args, "--data", CLEAN)
    assert res.exit_code == 2, res.output
    assert fragment in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_accessible_and_overwrite_are_flags_in_help():
    res = run("export", "--help")
    lines = [ln for ln in res.stdout.splitlines() if "--accessible" in ln or "--overwrite" in ln]
    assert lines and all("<bool>" not in ln for ln in lines)
    assert "--force-overwrite" not in res.stdout  # the old name works but is not advertised
    assert run("export", "x.xlsx", "--accessible", "true", "--data", CLEAN).exit_code == 2


def test_exports_are_byte_identical_when_nothing_changed(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    ex.export(a, CLEAN, "Leics", accessible=True)
    import time

    time.sleep(1.1)  # a wall-clock timestamp anywhere in the file would differ now
    ex.export(b, CLEAN, "Leics", accessible=True)
    assert a.read_bytes() == b.read_bytes()
    wb = openpyxl.load_workbook(a)
    assert wb.properties.created == wb.properties.modified == dt.datetime(1980, 1, 1)


def test_compare_and_export_share_one_profile():
    """The Summary sheet and `compare` give the same grades, standings, counts and notes."""
    from peelkit.analyses.compare import profile
    from peelkit.analyses.data import Data

    prof = profile(Data.open(CLEAN), "Leics")
    _, _, rows = table(ex.build_workbook(CLEAN, force="Leics")["Summary"])
    assert len(rows) == len(prof.judgments)
    for j, r in zip(prof.judgments, rows):
        assert (r["Grade"], r["Trend"] or "") == (j.grade or None, j.trend)
        assert r["Forces placed"] == j.placed_forces
        if j.grade:
            assert j.standing.startswith(f"{j.grade} — {r['Standing (national)']}")
        if j.carried_from:  # the paper names the other file by its number on the Sources sheet (issue 28)
            assert j.carried_from.replace("peel_effectiveness_2016_leicestershire.txt", "[2]") in r["Note"]


def test_a_round_with_only_a_force_report_is_not_national(tmp_path):
    res = run("compare", "--force", "Leics", "--year", "2016/17", "-f", "json", "--data", CLEAN)
    assert res.exit_code == 0, res.output
    prof = json.loads(res.stdout)
    assert prof["national"] is False and prof["group_size"] == 1
    eff = next(j for j in prof["judgments"] if j["pillar"] == "effectiveness" and not j["question_id"])
    assert eff["standing"] == ("Requires improvement — 1 force in the data for 2016/17; no national distribution")
    assert "nationally" not in res.stdout and "1 forces" not in res.stdout
    res = run("compare", "--force", "Leics", "--year", "2016/17", "-f", "table", "--data", CLEAN)
    assert "1 force in the data for 2016/17; no national distribution" in " ".join(res.stdout.split())
    wb = ex.build_workbook(CLEAN, force="Leics", year="2016/17")
    assert wb["Summary"]["A1"].value == ("Leicestershire — PEEL 2016/17: judgments (1 force in the data for "
                                         "2016/17; no national distribution)")
    assert not any(c.startswith("National:") for c in table(wb["Summary"])[1])
    # only the force report loaded (no national table at all): still 1 force, not 'one of 0'
    d = tmp_path / "clean"
    shutil.copytree(CLEAN, d)
    for name in ("pillars", "questions"):
        p = d / f"{name}.csv"
        lines = p.read_text(encoding="utf-8").splitlines(keepends=True)
        p.write_text("".join([lines[0]] + [ln for ln in lines[1:] if "state_of_policing" not in ln]), encoding="utf-8")
    res = run("compare", "--force", "Leics", "-f", "json", "--data", d)
    assert res.exit_code == 0, res.output
    eff = next(j for j in json.loads(res.stdout)["judgments"] if j["pillar"] == "effectiveness" and not j["question_id"])
    assert eff["standing"].endswith("1 force in the data for 2016/17; no national distribution")


def test_national_headlines_match_the_printed_totals():
    lines = headlines(ex.build_workbook(CLEAN)["Cover"])
    text = [t for t, _ in lines]
    # the State of Policing sentences: 1/35/6/1, 6/25/10/2, 1/35/6/1; trends 32/8/3, 21/12/10, 37/2/4
    assert text[:6] == [
        "Effectiveness 2018/19: one outstanding, 35 good, six requiring improvement and one inadequate (43 forces).",
        "Efficiency 2018/19: six outstanding, 25 good, ten requiring improvement and two inadequate (43 forces).",
        "Legitimacy 2018/19: one outstanding, 35 good, six requiring improvement and one inadequate (43 forces).",
        "Effectiveness since the previous inspection: eight improved, 32 unchanged and three declined (43 forces).",
        "Efficiency since the previous inspection: 12 improved, 21 unchanged and ten declined (43 forces).",
        "Legitimacy since the previous inspection: two improved, 37 unchanged and four declined (43 forces).",
    ]
    assert lines[0][1] == ("Effectiveness sheet (43 forces, state_of_policing_2019_part2.txt); printed totals "
                           "state_of_policing_2019_part2.txt lines 504-507: ok")
    assert ("Not extracted for any force: Protecting the vulnerable, Fair treatment of the public, Ethical "
            "workforce, Fair treatment of the workforce.") in text
    assert "Extracted for some forces only: Serious and organised crime (18 of 43)." in text
