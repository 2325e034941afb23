"""peelkit export: the board-paper workbook, read back with openpyxl, with real values from the
shipped data/clean (State of Policing 2019, Leicestershire 2018/19)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from peelkit import export as ex
from peelkit.cli import app
from peelkit.errors import DataError, UnknownNameError, UsageError

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
    """(header row, columns, rows as dicts) of a table sheet: the header is the autofilter's first row."""
    header = int(ws.auto_filter.ref.split(":")[0][1:])
    last = int(ws.auto_filter.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    cols = [c.value for c in ws[header]]
    cols = [c for c in cols if c is not None]
    rows = []
    for r in ws.iter_rows(min_row=header + 1, max_row=last, max_col=len(cols), values_only=True):
        rows.append(dict(zip(cols, r)))
    return header, cols, rows


def summary_row(rows: list[dict], pillar: str, question_start: str = "Pillar judgment") -> dict:
    hits = [r for r in rows if r["Pillar"] == pillar and r["Question"].startswith(question_start)]
    assert len(hits) == 1, (pillar, question_start, hits)
    return hits[0]


# ------------------------------------------------------------------ values


def test_sheets_in_order(wb):
    assert wb.sheetnames == ["Cover", "Summary", "Effectiveness", "Efficiency", "Legitimacy", "Totals", "Notes",
                             "Reports"]


def test_summary_leicestershire_grades_trends_and_last_inspected(wb):
    _, cols, rows = table(wb["Summary"])
    assert cols[:6] == ["Pillar", "Question", "Grade", "Trend", "Last inspected", "Standing (national)"]
    eff = summary_row(rows, "Effectiveness")
    assert (eff["Grade"], eff["Trend"]) == ("Good", "Unchanged")
    effi = summary_row(rows, "Efficiency")
    assert (effi["Grade"], effi["Trend"]) == ("Good", "Improved")
    leg = summary_row(rows, "Legitimacy")
    assert (leg["Grade"], leg["Trend"]) == ("Good", "Unchanged")
    assert eff["Source"] == "state_of_policing_2019_part2.txt line 259"
    assert eff["Standing (national)"] == "one of 35 forces graded good; 1 outstanding"
    prev = summary_row(rows, "Effectiveness", "How effective is the force at preventing crime")
    assert (prev["Grade"], prev["Last inspected"]) == ("Good", "2016/17")
    assert prev["Source"] == "state_of_policing_2019_part2.txt line 365"
    # the carried-forward grade names the 2016 force report holding it, and that they agree
    assert "peel_effectiveness_2016_leicestershire.txt line 63 says Good (agrees)" in prev["Note"]
    inv = summary_row(rows, "Effectiveness", "How effective is the force at investigating crime")
    assert (inv["Grade"], inv["Last inspected"]) == ("Good", "2018/19")
    # a question whose column could not be aligned says so, pointing at the review lines
    vul = summary_row(rows, "Effectiveness", "How effective is the force at protecting those who are vulnerable")
    assert vul["Grade"] == "not extracted"
    assert "count_mismatch" in vul["Note"] and "line 410" in vul["Note"] and "line 536" in vul["Note"]
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


def test_pillar_sheets_have_43_forces_and_mark_the_force(wb):
    for name in ("Effectiveness", "Efficiency", "Legitimacy"):
        ws = wb[name]
        header, cols, rows = table(ws)
        assert len(rows) == 43, name
        assert cols[:5] == ["Selected", "Force", "Region", "Judgment", "Trend"]
        assert len({r["Force"] for r in rows}) == 43
        marked = [r for r in rows if r["Selected"]]
        assert [r["Force"] for r in marked] == ["Leicestershire"]
        i = rows.index(marked[0])
        assert ws.cell(header + 1 + i, 2).font.b  # highlighted row is bold
    _, _, rows = table(wb["Effectiveness"])
    leics = next(r for r in rows if r["Force"] == "Leicestershire")
    assert (leics["Judgment"], leics["Trend"]) == ("Good", "Unchanged")
    assert leics["Preventing crime: judgment"] == "Good"
    assert leics["Preventing crime: last inspected"] == "2016/17"
    assert leics["Protecting the vulnerable: judgment"] == "not extracted"
    assert [sum(r["Judgment"] == g for r in rows) for g in GRADES4] == [1, 35, 6, 1]
    _, _, rows = table(wb["Efficiency"])
    assert [sum(r["Judgment"] == g for r in rows) for g in GRADES4] == [6, 25, 10, 2]
    assert next(r for r in rows if r["Force"] == "Leicestershire")["Trend"] == "Improved"
    _, _, rows = table(wb["Legitimacy"])
    assert [sum(r["Judgment"] == g for r in rows) for g in GRADES4] == [1, 35, 6, 1]


def test_totals_sheet_all_ok(wb):
    _, cols, rows = table(wb["Totals"])
    assert cols[-1] == "Check"
    assert len(rows) == 37
    assert {r["Check"] for r in rows} == {"ok"}
    eff = [r for r in rows if r["Pillar"] == "Effectiveness" and r["Question"] == "Pillar judgment"
           and r["Measure"] == "grade" and r["Printed in"] == "table"]
    assert {r["Value"]: (r["Printed"], r["Derived"]) for r in eff} == {
        "Outstanding": (1, 1), "Good": (35, 35), "Requires improvement": (6, 6), "Inadequate": (1, 1)}


def test_notes_list_the_nine_count_mismatches(wb):
    _, cols, rows = table(wb["Notes"])
    assert cols == ["File", "Line", "Page", "Pillar", "Question", "Kind", "Expected", "Found", "Message"]
    assert len(rows) == 9
    assert {r["Kind"] for r in rows} == {"count_mismatch"}
    r410 = next(r for r in rows if r["Line"] == 410)
    assert (r410["Pillar"], r410["Question"], r410["Expected"], r410["Found"]) == (
        "Effectiveness", "Protecting the vulnerable", "25", "24")
    assert r410["File"] == "state_of_policing_2019_part2.txt"
    assert isinstance(r410["Line"], int)
    assert sorted(r["Line"] for r in rows) == [410, 438, 536, 999, 1029, 1057, 1225, 1251, 1275]
    # the catalogue's findings are about another source and are not on this paper
    assert not any("opcc" in r["File"] for r in rows)


def test_cover_names_force_year_sources_and_version(wb):
    ws = wb["Cover"]
    cells = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    assert "Leicestershire" in ws["A1"].value and "2018/19" in ws["A1"].value
    assert cells["Force"] == "Leicestershire" and cells["Year"] == "2018/19"
    assert cells["Made with"].startswith("peelkit ")
    created = cells["Created (UTC)"]
    assert isinstance(created, dt.datetime)  # a real date, not text
    assert abs((dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - created).total_seconds()) < 3600
    pkg = json.loads((CLEAN / "datapackage.json").read_text(encoding="utf-8"))
    sha = {s["title"]: s["hash"].removeprefix("sha256:") for s in pkg["sources"]}
    rows = {ws.cell(r, 1).value: (ws.cell(r, 4).value, ws.cell(r, 5).value) for r in range(1, ws.max_row + 1)}
    assert rows["state_of_policing_2019_part2.txt"] == (sha["state_of_policing_2019_part2.txt"], "yes")
    text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "How to read this" in text and "not comparable" in text and "Last inspected" in text
    assert "4-tier" in text and "5-tier" in text


# ------------------------------------------------------------------ finish


def test_header_freeze_filter_widths_and_print_setup(wb):
    for name in wb.sheetnames[1:]:
        ws = wb[name]
        header, cols, _ = table(ws)
        assert all(ws.cell(header, j).font.b for j in range(1, len(cols) + 1)), name
        assert ws.freeze_panes is not None and int(ws.freeze_panes.lstrip("ABCDEFGHIJ")) == header + 1, name
        assert ws.auto_filter.ref.startswith("A")
        assert ws.print_title_rows == f"${header}:${header}", name
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert wb["Cover"].page_setup.orientation == "landscape"
    notes = wb["Notes"]
    assert notes.column_dimensions["I"].width > 40  # the message column is sized from its content
    assert wb["Effectiveness"].column_dimensions["B"].width >= len("Devon and Cornwall")


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
    for g in GRADES4 + ["not extracted"]:
        sqref, rule = by_formula[f'"{g}"']
        assert rule.type == "cellIs" and rule.operator == "equal"
        assert sqref.startswith(f"{col}{header + 1}:")
        assert rule.dxf.fill.fill_type == "solid"
    assert by_formula['"Good"'][1].dxf.fill.bgColor.rgb.endswith("C6EFCE")
    # the cell holds the grade text, with no fill of its own
    cell = ws.cell(header + 1, cols.index("Grade") + 1)
    assert cell.value == "Good"
    assert cell.fill.fill_type is None or cell.fill.fgColor.rgb.endswith(ex._HIGHLIGHT)  # not a RAG colour
    eff = wb["Effectiveness"]
    sqrefs = {sqref for sqref, _ in _rules(eff)}
    assert len(sqrefs) == 1 and len(next(iter(sqrefs)).split()) == 5  # pillar + 4 question judgments
    checks = {rule.formula[0] for _, rule in _rules(wb["Totals"])}
    assert {'"ok"', '"mismatch"', '"unverifiable"'} <= checks


def test_accessible_uses_patterns_not_colour_alone(accessible_xlsx):
    wb = openpyxl.load_workbook(accessible_xlsx)
    rules = {rule.formula[0]: rule for _, rule in _rules(wb["Summary"])}
    patterns = {g: rules[f'"{g}"'].dxf.fill.fill_type for g in GRADES4}
    assert "solid" not in patterns.values()
    assert len(set(patterns.values())) == 4  # one pattern per grade
    assert patterns["Requires improvement"] == "darkUp"
    # the key on the cover names each pattern in words
    cover = wb["Cover"]
    key = {cover.cell(r, 1).value: cover.cell(r, 2).value for r in range(1, cover.max_row + 1)}
    assert "stripes" in key["Good"] and key["Inadequate"].startswith("trellis")
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
    ws = wb["Summary"]
    names = [ws[s.find(f"{C_NS}tx/{C_NS}strRef/{C_NS}f").text.split("!")[1].replace("$", "")].value
             for s in series]
    assert names == GRADES4

    def values(ref: str) -> list:
        rng = ref.split("!")[1].replace("$", "")
        return [c.value for row in ws[rng] for c in row]

    cats = values(series[0].find(f"{C_NS}cat/{C_NS}strRef/{C_NS}f").text)
    assert cats == ["Effectiveness — Leicestershire: Good", "Efficiency — Leicestershire: Good",
                    "Legitimacy — Leicestershire: Good"]
    per_grade = [values(s.find(f"{C_NS}val/{C_NS}numRef/{C_NS}f").text) for s in series]
    by_pillar = [list(x) for x in zip(*per_grade)]
    assert by_pillar == [[1, 35, 6, 1], [6, 25, 10, 2], [1, 35, 6, 1]]
    # the force's grade (Good in all three pillars) is outlined: data points on the Good series
    marked = {(i, int(dp.find(f"{C_NS}idx").get("val"))) for i, s in enumerate(series)
              for dp in s.findall(f"{C_NS}dPt")}
    assert marked == {(1, 0), (1, 1), (1, 2)}
    assert "Leicestershire" in "".join(root.find(f".//{C_NS}title").itertext())
    # openpyxl itself reads the chart back too
    assert len(wb["Summary"]._charts) == 1 and len(wb["Summary"]._charts[0].series) == 4


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
    assert wb.sheetnames == ["Cover", "Summary", "Effectiveness", "Efficiency", "Legitimacy", "Totals", "Notes"]
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
        w.writerow(["2018/19", "Leicestershire", "leicestershire", "efficiency", "Outstanding", "", "", "2018",
                    "peel_2018_leicestershire.pdf", "", "3"])
        w.writerow(["2016/17", "Durham", "durham", "effectiveness", "Outstanding", "Unchanged", "", "2016",
                    "peel_effectiveness_2016_durham.pdf", "", "5"])
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
    assert "forces with a report in the data" in wb["Effectiveness"]["A1"].value


# ------------------------------------------------------------------ writing


def test_never_overwrites_without_force_overwrite(tmp_path):
    p = tmp_path / "board.xlsx"
    p.write_bytes(b"not a workbook")
    with pytest.raises(UsageError, match="--force-overwrite"):
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
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["cover.csv", "summary.csv", "effectiveness.csv", "efficiency.csv", "legitimacy.csv", "totals.csv",
         "notes.csv", "reports.csv"])

    def read(name):
        with (out / name).open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    summary = read("summary.csv")
    eff = summary_row(summary, "Effectiveness")
    assert (eff["Grade"], eff["Trend"], eff["National: Good"]) == ("Good", "Unchanged", "35")
    assert len(read("effectiveness.csv")) == 43
    assert len(read("notes.csv")) == 9 and len(read("totals.csv")) == 37
    cover = read("cover.csv")
    assert any(r["section"] == "source" and r["item"] == "state_of_policing_2019_part2.txt" for r in cover)
    with pytest.raises(UsageError, match="--force-overwrite"):
        ex.export(out, CLEAN, "Leicestershire", fmt="csv")
    (out / "extra.txt").write_text("old")
    ex.export(out, CLEAN, "Leicestershire", fmt="csv", overwrite=True)
    assert (out / "extra.txt").read_text() == "old" and (out / "summary.csv").is_file()  # a user's file stays
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board"]
    with pytest.raises(UsageError, match="unknown export format"):
        ex.export(tmp_path / "x", CLEAN, fmt="pdf")


# ------------------------------------------------------------------ CLI


def run(*args):
    return runner.invoke(app, [str(a) for a in args], env=ENV)


def test_cli_export(tmp_path):
    p = tmp_path / "board.xlsx"
    res = run("export", p, "--force", "Leicestershire", "--data", CLEAN)
    assert res.exit_code == 0, res.output
    assert res.stdout == ""
    assert "wrote" in res.stderr and "Leicestershire 2018/19" in res.stderr and "37 ok" in res.stderr
    assert openpyxl.load_workbook(p)["Summary"]["C5"].value == "Good"
    res = run("export", p, "--force", "Leicestershire", "--data", CLEAN)
    assert res.exit_code == 2 and "--force-overwrite" in res.stderr
    res = run("export", p, "--force", "Leics", "--accessible", "--force-overwrite", "--data", CLEAN)
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


@pytest.mark.optional
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_renders_to_pdf_with_libreoffice(xlsx, tmp_path):
    p = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(xlsx)],
                       capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "board.pdf"
    assert p.returncode == 0 and pdf.is_file(), p.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    pdfium = pytest.importorskip("pypdfium2")
    doc = pdfium.PdfDocument(str(pdf))
    assert len(doc) >= 7  # one page wide per sheet: Cover, Summary, 3 pillars, Totals, Notes
    text = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    assert "PEEL inspection judgments — Leicestershire, 2018/19" in text[0]
    assert "one of 35 forces graded good" in text[1] and "Page 2 of" in text[1]
    assert "Leicestershire" in text[2] and "not extracted" in text[2]


def test_reports_sheet_lists_the_forces_inspection_reports_with_real_dates(tmp_path):
    import datetime as dt

    from openpyxl import load_workbook

    from peelkit.export import export

    out = tmp_path / "r.xlsx"
    export(out, CLEAN, force="Leics")
    wb = load_workbook(out)
    assert wb.sheetnames[-1] == "Reports"
    ws = wb["Reports"]
    rows = [r for r in ws.iter_rows(values_only=True) if r and r[0] is not None]
    header = rows.index(("Date", "Type", "Title", "Response published", "Source"))
    data = rows[header + 1:]
    assert len(data) == 75  # the OPCC catalogue
    first, last = data[0], data[-1]
    # oldest first; the one report printed as 'D1th July 2023' cannot be dated and comes last
    assert first[0] == dt.datetime(2012, 12, 18) and first[2] == "Revisiting police relationships: progress report"
    assert last[0] == "undated"
    spot = next(r for r in data if r[2].startswith("The policing response to antisocial behaviour"))
    assert (spot[0], spot[1], spot[3]) == (dt.datetime(2024, 10, 10), "spotlight", "yes")
    cell = next(c for c in ws["A"] if isinstance(c.value, dt.datetime))
    assert cell.number_format == "dd mmm yyyy"
    # without a force there is no single force's timeline
    export(tmp_path / "all.xlsx", CLEAN)
    assert "Reports" not in load_workbook(tmp_path / "all.xlsx").sheetnames
