"""peelkit export x.sqlite / x.json / DIR -f parquet: every tidy table with its keys, counts equal to the CSVs,
values as data/clean holds them; the board workbook's table sheets read back with pandas."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peelkit import export as ex
from peelkit.cli import app
from peelkit.schema import TABLES

from .conftest import CLEAN

runner = CliRunner()
ENV = {"NO_COLOR": "1", "COLUMNS": "200"}


def run(*args):
    return runner.invoke(app, [str(a) for a in args], env=ENV)


def csv_count(name: str) -> int:
    with (CLEAN / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.DictReader(fh))


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("sqlite") / "peel.sqlite"
    res = run("export", p, "--data", CLEAN)
    assert res.exit_code == 0, res.output
    assert "peel.metadata.json" in res.stderr and "pillars 130" in res.stderr
    return p


def test_sqlite_has_every_table_with_its_rows(db):
    con = sqlite3.connect(db)
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert set(TABLES) | {"forces", "sources", "rounds"} == names
    for name in TABLES:
        assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == csv_count(name), name
    assert con.execute("SELECT count(*) FROM forces").fetchone()[0] == 43
    assert con.execute("SELECT year, scale, national, forces FROM rounds ORDER BY year").fetchall() == [
        ("2016/17", 4, 0, 1), ("2018/19", 4, 1, 43)]
    # real values, typed: Leicestershire's efficiency 2018/19 is Good, improved, line 680 (an integer)
    row = con.execute("SELECT grade, trend, source_line, typeof(source_line), source_page FROM pillars WHERE year = "
                      "'2018/19' AND force_id = 'leicestershire' AND pillar = 'efficiency'").fetchone()
    assert row == ("Good", "Improved", 680, "integer", None)  # an empty cell is NULL, never 0
    assert con.execute("SELECT count(*) FROM pillars WHERE year = '2018/19' AND grade = 'Inadequate' AND pillar = "
                       "'efficiency'").fetchone()[0] == 2
    assert con.execute("SELECT typeof(response_published), count(*) FROM reports GROUP BY 1").fetchall() == [
        ("integer", 75)]
    sha = con.execute("SELECT hash FROM sources WHERE title = 'state_of_policing_2019_part2.txt'").fetchone()[0]
    pkg = json.loads((CLEAN / "datapackage.json").read_text(encoding="utf-8"))
    assert sha == next(s["hash"] for s in pkg["sources"] if s["title"] == "state_of_policing_2019_part2.txt")


def test_sqlite_enforces_its_keys(db):
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys = ON")
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    fks = {(t, r[2]) for t in ("questions", "pillars", "review", "areas_for_improvement")
           for r in con.execute(f'PRAGMA foreign_key_list("{t}")')}
    assert {("questions", "forces"), ("questions", "sources"), ("questions", "rounds"),
            ("pillars", "forces"), ("review", "sources"), ("areas_for_improvement", "pillars")} <= fks
    # a page may print a question's grade and not its pillar's: a question row needs no pillar row
    assert ("questions", "pillars") not in fks
    pk = [r[1] for r in sorted(con.execute('PRAGMA table_info("pillars")'), key=lambda r: r[5]) if r[5]]
    assert pk == TABLES["pillars"]["primaryKey"]
    with pytest.raises(sqlite3.IntegrityError):  # a question judgment from a file that is no source
        con.execute("INSERT INTO questions (year, force, force_id, pillar, question_id, question, source_file) "
                    "VALUES ('2018/19', 'Kent', 'kent', 'legitimacy', 'q', 'x', 'no-such-file.txt')")
    with pytest.raises(sqlite3.IntegrityError):  # a grade outside the enum
        con.execute("UPDATE pillars SET grade = 'Great' WHERE force_id = 'kent'")


def test_datasette_metadata_beside_the_database(db):
    meta = json.loads(db.with_name("peel.metadata.json").read_text(encoding="utf-8"))
    assert meta["license"] == "OGL-UK-3.0" and meta["license_url"].startswith("https://")
    assert meta["source_url"].startswith("https://www.justiceinspectorates.gov.uk/")
    tables = meta["databases"]["peel"]["tables"]
    assert tables["pillars"]["description"] == TABLES["pillars"]["description"]
    assert tables["questions"]["columns"]["last_inspected"].startswith("Year label of the inspection")
    assert set(tables) == set(TABLES) | {"forces", "sources", "rounds"}


@pytest.mark.skipif(shutil.which("datasette") is None, reason="datasette not installed (it is not a dependency)")
def test_datasette_inspect_reads_it(db):
    p = subprocess.run(["datasette", "inspect", str(db)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    tables = json.loads(p.stdout)["peel"]["tables"]
    assert tables["pillars"]["count"] == 130 and tables["reports"]["count"] == 75


def test_sqlite_export_refuses_paper_options_and_existing_files(db, tmp_path):
    res = run("export", tmp_path / "x.sqlite", "--force", "Leics", "--data", CLEAN)
    assert res.exit_code == 2 and "--force" in res.stderr and not (tmp_path / "x.sqlite").exists()
    res = run("export", db, "--data", CLEAN)
    assert res.exit_code == 2 and "--overwrite" in res.stderr
    (tmp_path / "y.metadata.json").write_text("{}")  # someone else's file beside it
    res = run("export", tmp_path / "y.sqlite", "--data", CLEAN)
    assert res.exit_code == 2 and "y.metadata.json already exists" in res.stderr
    assert (tmp_path / "y.metadata.json").read_text() == "{}" and not (tmp_path / "y.sqlite").exists()
    res = run("export", tmp_path / "z.parquet", "--data", CLEAN)
    assert res.exit_code == 2 and "--format parquet" in res.stderr


def test_json_export(tmp_path):
    p = tmp_path / "peel.json"
    ex.export(p, CLEAN)
    doc = json.loads(p.read_text(encoding="utf-8"))
    for name in TABLES:
        assert len(doc["tables"][name]) == csv_count(name)
    leics = next(r for r in doc["tables"]["questions"] if r["force_id"] == "leicestershire"
                 and r["year"] == "2018/19" and r["question_id"] == "preventing-crime")
    assert (leics["grade"], leics["last_inspected"], leics["source_line"], leics["source_page"]) == (
        "Good", "2016/17", 365, None)
    assert doc["schema"]["questions"]["primaryKey"] == TABLES["questions"]["primaryKey"]
    assert {"resource": "pillars", "fields": ["year", "force_id", "pillar"]} not in [
        fk["reference"] for fk in doc["schema"]["questions"].get("foreignKeys", [])]


def test_parquet_export(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow not installed (optional extra 'parquet')")
    out = tmp_path / "peel"
    res = run("export", out, "-f", "parquet", "--data", CLEAN)
    assert res.exit_code == 0, res.output
    for name in TABLES:
        t = pq.read_table(out / f"{name}.parquet")
        assert t.num_rows == csv_count(name), name
    t = pq.read_table(out / "pillars.parquet")
    assert str(t.schema.field("source_line").type) == "int64"
    assert json.loads(t.schema.metadata[b"primaryKey"]) == TABLES["pillars"]["primaryKey"]
    assert str(pq.read_table(out / "reports.parquet").schema.field("date").type) == "date32[day]"


def test_parquet_without_pyarrow_is_one_line(tmp_path, monkeypatch):
    import builtins

    real = builtins.__import__

    def no_pyarrow(name, *a, **k):
        if name.startswith("pyarrow"):
            raise ImportError(name)
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    res = run("export", tmp_path / "p", "-f", "parquet", "--data", CLEAN)
    assert res.exit_code == 1 and "pip install 'peelkit[parquet]'" in res.stderr
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ the workbook as data


HEADER = 3  # pandas.read_excel(..., header=3): the one value docs/export.md documents


@pytest.mark.parametrize("force", ["Leicestershire", None])
def test_every_table_sheet_reads_back_with_pandas_as_the_csv(tmp_path, force):
    pd = pytest.importorskip("pandas")
    xlsx, folder = tmp_path / "b.xlsx", tmp_path / "b"
    ex.export(xlsx, CLEAN, force)
    ex.export(folder, CLEAN, force, fmt="csv")
    sheets = [s for s in pd.ExcelFile(xlsx).sheet_names if s != "Cover"]
    assert len(sheets) >= 8
    for name in sheets:
        got = pd.read_excel(xlsx, sheet_name=name, header=HEADER, dtype=str).fillna("")
        want = pd.read_csv(folder / f"{name.lower()}.csv", dtype=str, keep_default_na=False)
        got = got.apply(lambda col: col.str.removesuffix(" 00:00:00"))  # a date cell read back as a timestamp
        assert list(got.columns) == list(want.columns), name
        pd.testing.assert_frame_equal(got, want, obj=name)
    eff = pd.read_excel(xlsx, sheet_name="Effectiveness", header=HEADER)
    assert len(eff) == 43 and (eff["Judgment"] == "Good").sum() == 35
    # a grade cell holds a grade or nothing: 'not extracted' is a note, never a value
    grades = {"Outstanding", "Good", "Requires improvement", "Inadequate", "Ungraded"}
    judged = [c for c in eff.columns if c == "Judgment" or c.endswith(": judgment")]
    assert set(eff[judged].stack().dropna()) <= grades
    assert eff["Protecting the vulnerable: judgment"].isna().all()
