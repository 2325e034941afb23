"""peelkit export for an area-era round (PEEL 2021/22, 2023–25): the board paper built from the generated
force reports of tests/fixtures/rounds/ (synthetic grades, see its README), read back with openpyxl and
pandas (header on row 4), checked against each document's expected.json."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peelkit import export as ex
from peelkit import extract
from peelkit.cli import app

from .conftest import RAW, ROOT

openpyxl = pytest.importorskip("openpyxl")
pd = pytest.importorskip("pandas")

FIX = ROOT / "tests" / "fixtures" / "rounds"
# fixture -> the name the document is extracted under (every fixture's file is doc.pdf)
DOCS = {"area-2021-grid": "peel_2021_leicestershire.pdf", "area-2021-rows": "peel_2021_northumbria.pdf",
        "area-2023-grid": "peel_2023_surrey.pdf", "area-2023-rows": "peel_2023_cleveland.pdf"}
GRADES5 = ["Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"]
runner = CliRunner()
ENV = {"NO_COLOR": "1", "COLUMNS": "200"}


def expected(fixture: str) -> dict[str, str]:
    """area_id -> grade the fixture's document prints."""
    rows = json.loads((FIX / fixture / "expected.json").read_text(encoding="utf-8"))["areas"]
    return {r["area_id"]: r["grade"] for r in rows}


def _extract(root: Path, names: dict[str, str], raw_files: tuple[str, ...] = ()) -> Path:
    raw = root / "raw"
    raw.mkdir()
    for fixture, name in names.items():
        shutil.copyfile(FIX / fixture / "doc.pdf", raw / name)
    for f in raw_files:
        shutil.copyfile(RAW / f, raw / f)
    extract.run(sorted(raw.iterdir()), root / "clean")
    return root / "clean"


@pytest.fixture(scope="module")
def areas_only(tmp_path_factory) -> Path:
    """Four area-round force reports and nothing else: 2021/22 Leicestershire and Northumbria, 2023–25
    Surrey and Cleveland."""
    return _extract(tmp_path_factory.mktemp("areas"), DOCS)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    """The 2019 State of Policing table (2018/19), Leicestershire's 2016 report and report list, and its
    generated 2021/22 area report."""
    return _extract(tmp_path_factory.mktemp("mixed"), {"area-2021-grid": "peel_2021_leicestershire.pdf"},
                    ("state_of_policing_2019_part2.txt", "peel_effectiveness_2016_leicestershire.txt",
                     "leicestershire_opcc_hmic_reports.txt"))


@pytest.fixture(scope="module")
def leics(areas_only, tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("leics") / "board-2021.xlsx"
    # docs/export.md's example
    res = runner.invoke(app, ["export", str(p), "--year", "2021/22", "--force", "Leicestershire",
                              "--data", str(areas_only)], env=ENV)
    assert res.exit_code == 0, res.output
    assert "Leicestershire 2021/22" in res.output and "totals none printed" in res.output
    return p


def read(p: Path, sheet: str):
    return pd.read_excel(p, sheet_name=sheet, header=3, dtype=object)


def cells(p: Path) -> list[str]:
    wb = openpyxl.load_workbook(p)
    return [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def _v(x):
    return None if pd.isna(x) else x


# ------------------------------------------------------------------ the force's paper


def test_sheets_of_an_area_round(leics):
    wb = openpyxl.load_workbook(leics)
    assert wb.sheetnames == ["Cover", "Summary", "Areas", "History", "Notes", "Sources"]  # no pillars, chart, totals
    for name in wb.sheetnames[1:]:
        (tab,) = wb[name].tables.values()
        assert tab.ref.split(":")[0][1:] == "4", name  # the header on row 4


def test_summary_holds_the_force_grades_beside_the_distribution(leics):
    s = read(leics, "Summary")
    grades = {r["Area id"]: _v(r["Grade"]) for _, r in s.iterrows()}
    assert grades == expected("area-2021-grid")
    assert grades["recording-crime-data"] == "Outstanding" and grades["responding-to-public"] == "Requires improvement"
    by = {r["Area id"]: r for _, r in s.iterrows()}
    assert by["treatment-of-public"]["Area"] == "Engaging with and treating the public with fairness and respect"
    assert by["treatment-of-public"]["Source"] == "page 2"  # of the one file the force's grades come from
    assert by["treatment-of-public"]["Source file"] == "peel_2021_leicestershire.pdf"
    assert by["strategic-planning"]["Source"] == "page 3"
    # the distribution among the two 2021/22 forces held (Leicestershire and Northumbria), from their documents
    north = expected("area-2021-rows")
    for area, mine in expected("area-2021-grid").items():
        if mine == "Ungraded":
            continue
        want = [[mine, north[area]].count(g) for g in GRADES5]
        assert [by[area][f"In data: {g}"] for g in GRADES5] == want, area
        assert by[area]["Forces graded"] == 2
    assert [by["strategic-planning"][f"In data: {g}"] for g in GRADES5] == [0, 1, 0, 0, 1]  # Good, Inadequate
    assert by["managing-offenders"]["Standing in the data"] == "one of 2 forces graded good; none graded higher"
    # victims: assessed, not graded; not a grade of the scale and never counted (empty, never 0)
    v = by["victims"]
    assert v["Grade"] == "Ungraded" and v["Standing in the data"] == "assessed, not graded (not counted)"
    assert [_v(v[f"In data: {g}"]) for g in GRADES5] == [None] * 5 and _v(v["Forces graded"]) is None
    wb = openpyxl.load_workbook(leics)
    assert "among the 2 forces in this data" in wb["Summary"]["A1"].value
    assert "not a national distribution" in wb["Summary"]["A2"].value
    assert wb["Summary"]["A2"].value.endswith("Source pages are in peel_2021_leicestershire.pdf.")
    assert "5-tier scale (Outstanding, Good, Adequate, Requires improvement, Inadequate)" in wb["Summary"]["A2"].value


def test_cover_headlines_say_among_the_forces_in_this_data_never_national(leics):
    wb = openpyxl.load_workbook(leics)
    ws = wb["Cover"]
    assert ws["A1"].value == "PEEL inspection judgments — Leicestershire, PEEL 2021/22"
    lines = [ws.cell(r, 2).value for r in range(5, 12) if isinstance(ws.cell(r, 1).value, int)]
    assert lines[0] == (
        "Leicestershire, PEEL 2021/22: outstanding in 1 area (Recording data about crime); good in 4 areas "
        "(Preventing crime and anti-social behaviour; Protecting vulnerable people; Managing offenders and suspects; "
        "Strategic planning, organisational management and value for money); adequate in 3 areas (Engaging with "
        "and treating the public with fairness and respect; Investigating crime; Building, supporting and "
        "protecting the workforce); requiring improvement in 1 area (Responding to the public).")
    assert lines[1].startswith("Providing a service to victims of crime: assessed, not graded")
    assert lines[2] == ("The data holds 2 of the round's 43 forces (Leicestershire, Northumbria) for PEEL 2021/22, "
                        "each from the force's own report: every distribution in this paper is among the 2 forces in "
                        "this data, not a national figure.")
    assert lines[3].startswith("Responding to the public: requires improvement, the only force graded as "
                               "requiring improvement; 1 adequate, among the 2 forces in this data")
    meta = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    assert meta["Grade scale"] == "Outstanding / Good / Adequate / Requires improvement / Inadequate (5-tier scale)"
    # 'national' appears only to say that a figure is not national
    for text in cells(leics):
        low = text.lower()
        if "national" in low:
            assert "not a national" in low, text


def test_areas_sheet_every_held_force_and_area_with_sources(leics):
    a = read(leics, "Areas")
    assert len(a) == 20  # 10 areas each of Leicestershire and Northumbria
    for force, fixture, file in (("Leicestershire", "area-2021-grid", "peel_2021_leicestershire.pdf"),
                                 ("Northumbria", "area-2021-rows", "peel_2021_northumbria.pdf")):
        rows = a[a["Force"] == force]
        assert {r["Area id"]: r["Grade"] for _, r in rows.iterrows()} == expected(fixture)
        assert set(rows["Source file"]) == {file}
        assert all(s.startswith(file + " page ") for s in rows["Source"])
    assert set(a.loc[a["Force"] == "Leicestershire", "Selected"]) == {"►"}
    assert a.loc[a["Force"] == "Northumbria", "Selected"].isna().all()
    victims = a[a["Area id"] == "victims"]
    assert list(victims["Grade"]) == ["Ungraded"] * 2 and list(victims["Note"]) == ["assessed, not graded"] * 2
    # the round's order: the first area of the round first
    assert list(a[a["Force"] == "Leicestershire"]["Area id"])[:3] == ["treatment-of-public", "preventing-crime",
                                                                     "responding-to-public"]


def test_history_sheet_lists_the_force_rounds(leics):
    h = read(leics, "History")
    assert len(h) == 10 and set(h["Round"]) == {"PEEL 2021/22"} and set(h["Scale"]) == {"5-tier"}
    assert dict(zip(h["Judgment"], h["Grade"]))["Recording data about crime"] == "Outstanding"


def test_2023_25_paper_of_surrey(areas_only, tmp_path):
    p = tmp_path / "surrey.xlsx"
    res = ex.export(p, areas_only, "Surrey", "2023-25")
    assert res.year == "2023/25" and res.force == "Surrey" and "Totals" not in res.sheets
    s = read(p, "Summary")
    assert {r["Area id"]: r["Grade"] for _, r in s.iterrows()} == expected("area-2023-grid")
    by = {r["Area id"]: r for _, r in s.iterrows()}
    # Surrey inadequate, Cleveland requires improvement (the two 2023–25 documents)
    assert [by["workforce"][f"In data: {g}"] for g in GRADES5] == [0, 0, 0, 1, 1]
    wb = openpyxl.load_workbook(p)
    assert wb["Cover"]["A1"].value == "PEEL inspection judgments — Surrey, PEEL 2023–25"


# ------------------------------------------------------------------ no force, default year


def test_area_only_data_defaults_to_the_latest_round(areas_only, tmp_path):
    p = tmp_path / "all.xlsx"
    res = ex.export(p, areas_only)
    assert res.year == "2023/25" and res.force is None
    assert openpyxl.load_workbook(p).sheetnames == ["Cover", "Summary", "Areas", "Notes", "Sources"]
    s = read(p, "Summary")
    by = {r["Area id"]: r for _, r in s.iterrows()}
    surrey, cleveland = expected("area-2023-grid"), expected("area-2023-rows")
    for area in surrey:
        if area == "victims":
            continue
        assert [by[area][f"In data: {g}"] for g in GRADES5] == [[surrey[area], cleveland[area]].count(g)
                                                                for g in GRADES5], area
    assert by["victims"]["Note"].startswith("assessed, not graded")
    assert [_v(by["victims"][f"In data: {g}"]) for g in GRADES5] == [None] * 5
    # with a force: the latest round it is in
    assert ex.export(tmp_path / "l.xlsx", areas_only, "Leicestershire").year == "2021/22"


def test_the_pillar_default_stays_and_the_area_round_is_never_compared(mixed, tmp_path):
    assert ex.book(mixed, "Leicestershire").year == "2018/19"  # the national table's year, as before
    assert ex.book(mixed).year == "2018/19"
    p = tmp_path / "b.xlsx"
    ex.export(p, mixed, "Leicestershire", "2021/22")
    wb = openpyxl.load_workbook(p)
    assert wb.sheetnames == ["Cover", "Summary", "Areas", "History", "Notes", "Reports", "Sources"]
    s = read(p, "Summary")
    assert {r["Area id"]: r["Grade"] for _, r in s.iterrows()} == expected("area-2021-grid")
    assert not {"Trend", "Change", "Last inspected"} & set(s.columns)  # no grade of another round beside it
    assert set(s["Source file"]) == {"peel_2021_leicestershire.pdf"}
    h = read(p, "History")
    assert set(h["Round"]) == {"PEEL 2016", "PEEL 2018/19", "PEEL 2021/22"}
    assert set(h.loc[h["Round"] == "PEEL 2021/22", "Compared with previous"]) == {
        "NOT comparable with PEEL 2018/19 (see above)"}
    cover = [ws_row for ws_row in wb["Cover"].iter_rows(values_only=True)]
    heads = [r[1] for r in cover if isinstance(r[0], int)]
    assert any(h_.startswith("PEEL 2021/22's grades are not compared with other rounds' (PEEL 2016, PEEL 2018/19): "
                             "the Inspectorate says grades of the 2021/22 round cannot be compared") for h_ in heads)
    assert "among the 1 force in this data" in heads[2]


# ------------------------------------------------------------------ errors and usage


def test_year_errors(areas_only, tmp_path):
    out = tmp_path / "x.xlsx"
    res = runner.invoke(app, ["export", str(out), "--year", "banana", "--data", str(areas_only)], env=ENV)
    assert res.exit_code == 2 and "unknown year 'banana'" in res.output
    assert "did you mean '2023/25' or '2021/22'?" in res.output and "Traceback" not in res.output
    res = runner.invoke(app, ["export", str(out), "--year", "2025-27", "--data", str(areas_only)], env=ENV)
    assert res.exit_code == 2 and len(res.output.strip().splitlines()) == 1
    assert "holds no PEEL 2025–27 rows (it holds 2021/22, 2023/25)" in res.output
    res = runner.invoke(app, ["export", str(out), "--year", "2023/25", "--force", "Leics", "--data", str(areas_only)],
                        env=ENV)
    assert res.exit_code == 1 and "Leicestershire has no 2023/25 rows" in res.output and "2021/22" in res.output
    res = runner.invoke(app, ["export", str(out), "--year", "2021/22", "--force", "Leics", "--against", "Durham",
                              "--data", str(areas_only)], env=ENV)
    assert res.exit_code == 1 and "Durham has no 2021/22 rows in the data" in res.output
    res = runner.invoke(app, ["export", str(out), "--year", "2021/22", "--against", "region", "--data",
                              str(areas_only)], env=ENV)
    assert res.exit_code == 2 and "give --force too" in res.output
    assert not out.exists()


def test_against_a_region_counts_only_its_forces(areas_only, tmp_path):
    p = tmp_path / "region.xlsx"
    ex.export(p, areas_only, "Leics", "2021/22", against=["region"])
    s = read(p, "Summary")
    by = {r["Area id"]: r for _, r in s.iterrows()}
    # Northumbria is in the North East: East Midlands holds Leicestershire alone
    assert [by["strategic-planning"][f"In data: {g}"] for g in GRADES5] == [0, 1, 0, 0, 0]
    assert by["managing-offenders"]["Standing in the data"] == "the only force graded good; none graded higher"
    wb = openpyxl.load_workbook(p)
    assert wb["Summary"]["A1"].value.endswith("beside the distribution among the 1 force of East Midlands in this data")
    assert len(read(p, "Areas")) == 20  # the Areas sheet keeps every force held
    heads = [r[1] for r in wb["Cover"].iter_rows(values_only=True) if isinstance(r[0], int)]
    assert any("the Summary's distributions are among the 1 force of East Midlands in this data, not a national "
               "figure" in h for h in heads)
    # a peer group: the profiled force and Northumbria, the same counts as every force held
    p = tmp_path / "peers.xlsx"
    ex.export(p, areas_only, "Leics", "2021/22", against=["Northumbria"])
    assert openpyxl.load_workbook(p)["Summary"]["A1"].value.endswith(
        "among the 2 forces of the peer group (Leicestershire, Northumbria) in this data")
    by = {r["Area id"]: r for _, r in read(p, "Summary").iterrows()}
    assert [by["strategic-planning"][f"In data: {g}"] for g in GRADES5] == [0, 1, 0, 0, 1]


def test_notes_name_the_area_of_a_finding(areas_only, tmp_path):
    import csv

    d = tmp_path / "clean"
    shutil.copytree(areas_only, d)
    with (d / "review.csv").open(encoding="utf-8", newline="") as fh:
        cols = next(csv.reader(fh))
    finding = {"source_file": "peel_2021_northumbria.pdf", "source_page": "2", "kind": "missing_area",
               "area_id": "serious-organised-crime", "message": "fewer areas listed than the sentence says"}
    with (d / "review.csv").open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow([finding.get(c, "") for c in cols])
    p = tmp_path / "n.xlsx"
    ex.export(p, d, "Leics", "2021/22")
    n = read(p, "Notes")
    assert len(n) == 1
    row = n.iloc[0]
    assert (row["Kind"], row["File"], row["Place"], row["Area"]) == (
        "missing_area", "peel_2021_northumbria.pdf", "page 2", "Disrupting serious organised crime")
    # a 2023-25 paper does not use the 2021/22 file: not its finding
    assert len(read(ex.export(tmp_path / "m.xlsx", d, None, "2023/25").path, "Notes")) == 0


def test_no_rows_error_only_when_no_table_has_rows(areas_only, tmp_path):
    d = tmp_path / "empty"
    shutil.copytree(areas_only, d)
    text = (d / "areas.csv").read_text(encoding="utf-8")
    (d / "areas.csv").write_text(text.split("\n", 1)[0] + "\n", encoding="utf-8")
    res = runner.invoke(app, ["export", str(tmp_path / "x.xlsx"), "--data", str(d)], env=ENV)
    assert res.exit_code == 1 and "the clean tables have no rows" in res.output


# ------------------------------------------------------------------ formats and guarantees


def test_csv_folder_and_byte_identity(areas_only, tmp_path, monkeypatch):
    folder = tmp_path / "board"
    ex.export(folder, areas_only, "Leics", "2021/22")
    assert sorted(p.name for p in folder.iterdir()) == ["areas.csv", "cover.csv", "history.csv", "notes.csv",
                                                         "peelkit-export.json", "sources.csv", "summary.csv"]
    summary = pd.read_csv(folder / "summary.csv", dtype=object)
    assert dict(zip(summary["Area id"], summary["Grade"])) == expected("area-2021-grid")
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    ex.export(a, areas_only, "Leics", "2021/22")
    ex.export(b, areas_only, "Leics", "2021/22")
    assert a.read_bytes() == b.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    c, d = tmp_path / "c.xlsx", tmp_path / "d.xlsx"
    ex.export(c, areas_only, "Leics", "2021/22")
    ex.export(d, areas_only, "Leics", "2021/22")
    assert c.read_bytes() == d.read_bytes() != a.read_bytes()


def test_hostile_file_names_are_text(tmp_path):
    from .test_safe_spreadsheets import assert_no_formula

    d = _extract(tmp_path, {"area-2021-grid": "=HYPERLINK(1).pdf", "area-2021-rows": "+2+3.pdf"})
    p = tmp_path / "h.xlsx"
    ex.export(p, d, "Leics", "2021/22", accessible=True)
    assert assert_no_formula(p) > 100
    a = read(p, "Areas")
    assert set(a["Source file"]) == {"=HYPERLINK(1).pdf", "+2+3.pdf"}
    folder = tmp_path / "h"
    ex.export(folder, d, "Leics", "2021/22")
    text = (folder / "areas.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(1).pdf" in text and "\n=" not in text and ",=" not in text


def test_printed_widths_fit_the_page(areas_only):
    from peelkit.export.book import PRINT_BUDGET

    for force in ("Leicestershire", None):
        b = ex.book(areas_only, force, "2021/22", accessible=force is None)
        for s in b.sheets:
            assert s.printed_width() <= PRINT_BUDGET + 1, (s.name, s.printed_width())


@pytest.mark.optional
@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice (soffice) not installed: the PDF cannot be made or checked")
@pytest.mark.parametrize("data, force, year, accessible", [
    ("areas_only", "Leicestershire", "2021/22", False), ("areas_only", None, "2023-25", True),
    ("mixed", "Leicestershire", "2021/22", False)])  # the History of three rounds, footers naming three files
def test_pdf_prints_without_faults(request, tmp_path, data, force, year, accessible):
    areas_only = request.getfixturevalue(data)
    pdfplumber = pytest.importorskip("pdfplumber")
    from peelkit.export.pdf import xlsx_to_pdf

    from .test_render import MIN_PRINTED_PT, overlaps, workbook_text

    xlsx, pdf = tmp_path / "board.xlsx", tmp_path / "board.pdf"
    ex.export(xlsx, areas_only, force, year, accessible=accessible)
    xlsx_to_pdf(xlsx, pdf)
    if force:
        res = ex.export(tmp_path / "direct.pdf", areas_only, force, year)
        assert res.fmt == "pdf" and (tmp_path / "direct.pdf").read_bytes().startswith(b"%PDF")
    known = workbook_text(xlsx)
    with pdfplumber.open(pdf) as doc:
        pages = [[w for w in page.extract_words(extra_attrs=["size"]) if w["upright"]] for page in doc.pages]
        texts = [page.extract_text() or "" for page in doc.pages]
    assert len(pages) >= 5
    assert {i: o for i, o in enumerate(map(overlaps, pages), 1) if o} == {}
    assert [(i, w["text"]) for i, ws in enumerate(pages, 1) for w in ws if w["text"] not in known] == []
    assert [(i, w["text"]) for i, ws in enumerate(pages, 1) for w in ws if w["size"] < MIN_PRINTED_PT - 0.05] == []
    head = "grades by area beside the distribution" if force else "distribution of area grades among"
    summary = [t for t in texts if head in t.split("\n")[0]]
    assert len(summary) == 1 and "Investigating crime" in summary[0]


# ----------------------------------------------------------------- grid over an area round


def test_grid_of_an_area_round_is_every_held_force_by_area(areas_only):
    res = runner.invoke(app, ["grid", "--level", "area", "--data", str(areas_only), "-f", "csv"], env=ENV)
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    header = lines[0].split(",")
    rows = {ln.split(",")[1]: dict(zip(header, ln.split(","))) for ln in lines[1:] if ln.count(",") >= 3}
    # the default is the latest area round held: 2023-25, Surrey and Cleveland
    assert sorted(rows) == ["cleveland", "surrey"]
    for fixture, fid in (("area-2023-grid", "surrey"), ("area-2023-rows", "cleveland")):
        assert {k: v for k, v in rows[fid].items() if k in expected(fixture)} == expected(fixture)
    res = runner.invoke(app, ["grid", "--level", "area", "--year", "2021/22", "--data", str(areas_only), "-f",
                              "csv"], env=ENV)
    assert res.exit_code == 0, res.output
    leics = next(ln for ln in res.stdout.splitlines() if ln.startswith("Leicestershire,"))
    header = res.stdout.splitlines()[0].split(",")
    assert {k: v for k, v in zip(header, leics.split(",")) if k in expected("area-2021-grid")} == \
        expected("area-2021-grid")


def test_grid_names_the_level_a_round_graded(areas_only, mixed):
    res = runner.invoke(app, ["grid", "--data", str(areas_only)], env=ENV)
    assert res.exit_code == 2 and "holds only area-era rounds" in res.output and "--level area" in res.output
    res = runner.invoke(app, ["grid", "--year", "2021/22", "--data", str(mixed)], env=ENV)
    assert res.exit_code == 2 and "2021/22 is an area-era round" in res.output
    res = runner.invoke(app, ["grid", "--year", "2018/19", "--level", "area", "--data", str(mixed)], env=ENV)
    assert res.exit_code == 2 and "2018/19 is a pillar-era round" in res.output and "2021/22" in res.output
    res = runner.invoke(app, ["grid", "--data", str(mixed), "-f", "csv"], env=ENV)  # as before: 2018/19, 43 forces
    assert res.exit_code == 0 and len(res.stdout.splitlines()) == 44, res.output
