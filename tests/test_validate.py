"""peelkit validate: a frictionless-style report on the clean data directory."""

from __future__ import annotations

import hashlib
import json
import os
import shutil

import pytest
from typer.testing import CliRunner

from peelkit.cli import app
from peelkit.errors import DataError
from peelkit.validate import validate

from .conftest import CLEAN, RAW

runner = CliRunner()


@pytest.fixture
def copy(tmp_path):
    shutil.copytree(CLEAN, tmp_path / "clean")
    shutil.copytree(RAW, tmp_path / "raw")
    return tmp_path / "clean"


def _edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_shipped_data_is_valid():
    report = validate(CLEAN)
    assert report["valid"], report["errors"][:5]
    assert report["stats"]["tables"] >= 4 and report["stats"]["rows"] > 300
    res = runner.invoke(app, ["validate", str(CLEAN), "-f", "json"])
    assert res.exit_code == 0
    body = json.loads(res.stdout)
    assert set(body) == {"valid", "stats", "errors", "warnings"} and body["valid"] is True


def test_a_bad_grade_is_a_constraint_error(copy):
    _edit(copy / "pillars.csv", "Leicestershire,leicestershire,effectiveness,Good",
          "Leicestershire,leicestershire,effectiveness,Excellent")
    report = validate(copy)
    assert not report["valid"]
    types = {e["type"] for e in report["errors"]}
    assert {"constraint", "hash-mismatch"} <= types
    c = next(e for e in report["errors"] if e["type"] == "constraint")
    assert c["field"] == "grade" and c["source"] == "pillars.csv" and "'Excellent'" in c["message"]
    res = runner.invoke(app, ["validate", str(copy)])
    assert res.exit_code == 1 and "invalid" in res.output


def test_a_duplicated_row_breaks_the_primary_key(copy):
    p = copy / "pillars.csv"
    lines = p.read_text().splitlines(keepends=True)
    p.write_text("".join(lines + [lines[1]]))
    types = [e["type"] for e in validate(copy)["errors"]]
    assert "primary-key" in types


def test_a_dropped_row_breaks_force_count_and_totals(copy):
    p = copy / "pillars.csv"
    lines = p.read_text().splitlines(keepends=True)
    drop = next(i for i, ln in enumerate(lines) if ",durham,effectiveness," in ln)
    p.write_text("".join(lines[:drop] + lines[drop + 1:]))
    report = validate(copy)
    fc = [e for e in report["errors"] if e["type"] == "force-count"]
    assert len(fc) == 1 and "42 forces" in fc[0]["message"] and "Durham" in fc[0]["message"]
    # with a force missing the totals cannot be verified: warnings, the error is the force count
    totals = [e["message"] for e in report["warnings"] if e["type"] == "totals-unverifiable"]
    assert any("effectiveness grade Outstanding: printed 1 but only 42 forces placed" in m for m in totals)


def test_unknown_force_and_changed_source(copy):
    _edit(copy / "pillars.csv", ",leicestershire,", ",leicester-city,")
    (copy.parent / "raw" / "state_of_policing_2019_part2.txt").write_text("changed")
    types = {e["type"] for e in validate(copy)["errors"]}
    assert {"unknown-force", "source-changed"} <= types


def test_missing_datapackage_is_a_clear_error(tmp_path):
    (tmp_path / "empty").mkdir()
    res = runner.invoke(app, ["validate", str(tmp_path / "empty")])
    assert res.exit_code == 1 and "datapackage.json not found" in res.output and "Traceback" not in res.output


def test_every_field_is_checked_against_its_type(copy):
    _edit(copy / "reports.csv", ",2024-08-22,", ",2024-13-45,")
    _edit(copy / "reports.csv", ",False,", ",maybe,")
    errors = [e for e in validate(copy)["errors"] if e["type"] == "type"]
    assert {(e["field"], e["source"]) for e in errors} == {("date", "reports.csv"), ("response_published", "reports.csv")}
    date = next(e for e in errors if e["field"] == "date")
    assert "'2024-13-45' is not a valid date" in date["message"] and date["row"] > 1
    res = runner.invoke(app, ["validate", str(copy)], env={"COLUMNS": "200"})
    assert res.exit_code == 1 and f"reports.csv, row {date['row']}, date" in res.output


def test_a_question_needs_no_pillar_judgment_but_an_area_for_improvement_does(copy):
    # a web page may print one question's grade and not its pillar's: that is no broken key; an area for
    # improvement belongs to its report's pillar judgment
    p = copy / "pillars.csv"
    lines = p.read_text().splitlines(keepends=True)
    drop = next(i for i, ln in enumerate(lines) if ln.startswith("2018/19,2018/19,4,Durham,durham,efficiency,"))
    p.write_text("".join(lines[:drop] + lines[drop + 1:]))
    assert not [e for e in validate(copy)["errors"] if e["type"] == "foreign-key"]
    drop = next(i for i, ln in enumerate(lines) if ",leicestershire,effectiveness," in ln and ln.startswith("2016/17"))
    p.write_text("".join(lines[:drop] + lines[drop + 1:]))
    fk = [e for e in validate(copy)["errors"] if e["type"] == "foreign-key"]
    assert fk and all(e["source"] == "areas_for_improvement.csv" for e in fk)


def test_a_totals_mismatch_names_the_line_or_page(copy):
    _edit(copy / "printed_totals.csv", "2018/19,2018/19,4,effectiveness,,grade,Good,35,table",
          "2018/19,2018/19,4,effectiveness,,grade,Good,34,table")
    msgs = [e["message"] for e in validate(copy)["errors"] if e["type"] == "totals"]
    assert msgs and all("line None" not in m for m in msgs) and any("line " in m for m in msgs)


def test_a_totals_mismatch_from_a_pdf_source_names_the_page(copy):
    # the same total as read from a PDF: a page, no line
    _edit(copy / "printed_totals.csv", "2018/19,2018/19,4,effectiveness,,grade,Good,35,table,"
          "state_of_policing_2019_part2.txt,505,",
          "2018/19,2018/19,4,effectiveness,,grade,Good,34,table,state_of_policing_2019_part2.txt,,143")
    msgs = [e["message"] for e in validate(copy)["errors"] if e["type"] == "totals"]
    assert msgs == ["2018/19 effectiveness grade Good: printed 34 (table, state_of_policing_2019_part2.txt, page 143) "
                    "but the rows give 35"]


# ------------------------------------------------------------------ validate reads only what it may


def _package(copy):
    return json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))


def _save(copy, pkg):
    (copy / "datapackage.json").write_text(json.dumps(pkg, indent=2), encoding="utf-8")


@pytest.fixture
def opened():
    """Every file opened while the test runs (the interpreter's audit hook on open())."""
    import sys

    seen: list[str] = []
    state = {"on": True}

    def hook(event, args):
        if state["on"] and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
            seen.append(os.fsdecode(args[0]))

    sys.addaudithook(hook)  # hooks cannot be removed: switched off at the end
    yield seen
    state["on"] = False


def test_recorded_paths_outside_the_package_are_errors_and_never_opened(copy, tmp_path, opened):
    secret = tmp_path / "secret.txt"
    secret.write_text("not yours")
    (copy.parent / "raw" / "linked.txt").symlink_to(secret)
    pkg = _package(copy)
    rel = os.path.relpath(secret, copy)
    pkg["sources"] += [{"title": "shadow", "path": str(secret)}, {"title": "passwd", "path": rel},
                       {"title": "linked.txt"}, {"title": "web", "path": "https://evil.example/x.txt"},
                       {"title": "../secret.txt"}]
    pkg["resources"][0]["path"] = "../secret.txt"
    _save(copy, pkg)
    opened.clear()
    report = validate(copy)
    assert not report["valid"]
    unsafe = {e["field"]: e["message"] for e in report["errors"] if e["type"] == "unsafe-path"}
    assert unsafe == {
        "resources[0].path": "'../secret.txt' leaves the package folder; not read",
        "sources[3].path": f"'{secret}' is an absolute path; not read",
        "sources[4].path": f"'{rel}' leaves the package folder, data/raw and --sources; not read",
        "sources[5].title": f"{copy.parent / 'raw' / 'linked.txt'} is a symbolic link leading outside "
                            f"{(copy.parent / 'raw').resolve()}; not read",
        "sources[6].path": "'https://evil.example/x.txt' is a URL; not read",
        "sources[7].title": "'../secret.txt' is not a file name; not read",
    }
    assert not [p for p in opened if os.path.realpath(p) == str(secret.resolve())]
    res = runner.invoke(app, ["validate", str(copy)], env={"COLUMNS": "300"})
    assert res.exit_code == 1 and "unsafe-path datapackage.json, sources[3].path: " in res.output


def test_a_symlinked_table_leading_outside_is_not_read(copy, tmp_path, opened):
    secret = tmp_path / "secret.csv"
    secret.write_bytes((copy / "reports.csv").read_bytes())
    (copy / "reports.csv").unlink()
    (copy / "reports.csv").symlink_to(secret)
    opened.clear()
    errors = validate(copy)["errors"]
    assert [(e["type"], e["field"]) for e in errors if e["type"] == "unsafe-path"] == \
        [("unsafe-path", f"resources[{[r['name'] for r in _package(copy)['resources']].index('reports')}].path")]
    assert "leads outside the package folder through a symbolic link" in errors[0]["message"]
    assert not [p for p in opened if os.path.realpath(p) == str(secret.resolve())]


def test_sources_are_found_in_a_sources_folder(copy, tmp_path, monkeypatch):
    elsewhere = tmp_path / "mine"
    shutil.move(copy.parent / "raw", elsewhere)
    monkeypatch.setenv("PEELKIT_HOME", str(tmp_path / "nohome"))
    report = validate(copy)
    assert report["valid"] and {w["type"] for w in report["warnings"]} == {"source-unreachable"}
    report = validate(copy, [elsewhere])
    assert report["valid"] and not report["warnings"] and report["stats"]["sources"] == 3
    (elsewhere / "state_of_policing_2019_part2.txt").write_text("changed")
    res = runner.invoke(app, ["validate", str(copy), "--sources", str(elsewhere)])
    assert res.exit_code == 1 and "source-changed" in res.output


BAD_PACKAGES = [
    (lambda p: [], "datapackage.json: expected an object, found a list"),
    (lambda p: {**p, "resources": "pillars.csv"}, "resources: expected a list, found a string"),
    (lambda p: {k: v for k, v in p.items() if k != "resources"}, "resources: missing (the list of tables)"),
    (lambda p: _set(p, ["resources", 1], 7), "resources[1]: expected an object, found a number"),
    (lambda p: _drop(p, ["resources", 2, "path"]), "resources[2].path: missing"),
    (lambda p: _set(p, ["resources", 2, "path"], ["a.csv", "b.csv"]), "resources[2].path: expected a string, found a list"),
    (lambda p: _set(p, ["resources", 0, "name"], None), "resources[0].name: expected a string, found null"),
    (lambda p: _set(p, ["resources", 0, "schema"], "x"), "resources[0].schema: expected an object, found a string"),
    (lambda p: _set(p, ["resources", 0, "schema", "fields"], {}), "resources[0].schema.fields: expected a list, found an object"),
    (lambda p: _set(p, ["resources", 0, "schema", "fields", 3, "type"], "grade"), "resources[0].schema.fields[3].type: 'grade' is not a field type"),
    (lambda p: _set(p, ["resources", 0, "schema", "fields", 3, "constraints", "pattern"], "(["),
     "resources[0].schema.fields[3].constraints.pattern: not a regular expression"),
    (lambda p: _set(p, ["resources", 0, "schema", "primaryKey"], ["year", "nope"]), "resources[0].schema.primaryKey: 'nope' is not a field of"),
    (lambda p: _set(p, ["resources", 0, "bytes"], "many"), "resources[0].bytes: expected a whole number, found a string"),
    (lambda p: _set(p, ["resources", 0, "dialect"], [","]), "resources[0].dialect: expected an object, found a list"),
    (lambda p: _set(p, ["sources"], {"a": 1}), "sources: expected a list, found an object"),
    (lambda p: _set(p, ["sources", 0], "x.txt"), "sources[0]: expected an object, found a string"),
    (lambda p: _set(p, ["sources", 0, "title"], 3), "sources[0].title: expected a string, found a number"),
    (lambda p: _set(p, ["sources", 1, "hash"], True), "sources[1].hash: expected a string, found true/false"),
]


def _set(pkg, keys, value):
    pkg = json.loads(json.dumps(pkg))
    node = pkg
    for k in keys[:-1]:
        node = node[k]
    node[keys[-1]] = value
    return pkg


def _drop(pkg, keys):
    pkg = json.loads(json.dumps(pkg))
    node = pkg
    for k in keys[:-1]:
        node = node[k]
    del node[keys[-1]]
    return pkg


@pytest.mark.parametrize("mutate,message", BAD_PACKAGES)
def test_a_malformed_datapackage_is_one_line_naming_the_field(copy, mutate, message):
    _save(copy, mutate(_package(copy)))
    res = runner.invoke(app, ["validate", str(copy)], env={"COLUMNS": "400"})
    assert res.exit_code == 1
    assert res.output.startswith(f"error: {copy / 'datapackage.json'}: {message}"), res.output
    assert len(res.output.strip().splitlines()) == 1 and "internal error" not in res.output


def _nodes(obj, path=()):
    """Every (path, value) of a JSON tree; of a list only its first item."""
    yield path, obj
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _nodes(v, (*path, k))
    elif isinstance(obj, list) and obj:
        yield from _nodes(obj[0], (*path, 0))


def test_no_damage_to_datapackage_json_is_an_internal_error(tmp_path):
    """Every node of a small package (one table: review.csv) replaced by a value of each JSON type, or
    removed: validate gives a report or one line naming datapackage.json, never anything else."""
    from peelkit import extract

    out = tmp_path / "clean"
    extract.run([RAW / "leicestershire_opcc_hmic_reports.txt"], out)
    good = _package(out)
    good["resources"] = [r for r in good["resources"] if r["name"] == "review"]
    tried = 0
    for path, _ in _nodes(good):
        for value in (None, 7, "../../../etc/passwd", [], {}, "DROP"):
            if not path and value == "DROP":
                continue
            _save(out, _drop(good, list(path)) if value == "DROP" else _set(good, list(path), value) if path
                  else value)
            try:
                report = validate(out)
            except DataError as exc:
                assert "\n" not in str(exc) and str(exc).startswith(str(out / "datapackage.json")), (path, value)
            else:
                assert set(report) == {"valid", "stats", "errors", "warnings"}, (path, value)
            tried += 1
    assert tried > 200


# ------------------------------------------------------------------ --rederive


def test_rederive_catches_a_rehashed_grade_swap(copy):
    p = copy / "pillars.csv"
    text = p.read_text(encoding="utf-8")
    a = "Durham,durham,effectiveness,Outstanding,"
    b = "Derbyshire,derbyshire,effectiveness,Requires improvement,"
    assert a in text and b in text
    text = text.replace(a, "Durham,durham,effectiveness,Requires improvement,").replace(
        b, "Derbyshire,derbyshire,effectiveness,Outstanding,")
    p.write_text(text, encoding="utf-8")
    pkg = _package(copy)
    res = next(r for r in pkg["resources"] if r["name"] == "pillars")
    data = p.read_bytes()
    res["hash"], res["bytes"] = "sha256:" + hashlib.sha256(data).hexdigest(), len(data)
    _save(copy, pkg)
    assert validate(copy)["valid"]  # the counts are unchanged: nothing but the sources can tell
    report = validate(copy, rederive=True)
    assert not report["valid"]
    bad = sorted((e["row"], e["field"], e["message"]) for e in report["errors"])
    fid = text.splitlines()[0].split(",").index("force_id")
    rows = {ln.split(",")[fid]: i for i, ln in enumerate(text.splitlines(), start=1) if ",effectiveness," in ln}
    assert bad == sorted([
        (rows["durham"], "grade", "grade is 'Requires improvement' in the package but 'Outstanding' when 2018/19 "
                                  "durham effectiveness (state_of_policing_2019_part2.txt, line 215) is extracted again"),
        (rows["derbyshire"], "grade", "grade is 'Outstanding' in the package but 'Requires improvement' when 2018/19 "
                                      "derbyshire effectiveness (state_of_policing_2019_part2.txt, line 203) is "
                                      "extracted again"),
    ])
    cli = runner.invoke(app, ["validate", str(copy), "--rederive"], env={"COLUMNS": "300"})
    assert cli.exit_code == 1 and cli.output.count("rederive pillars.csv, row") == 2


def test_rederive_of_an_untouched_package_is_valid(copy):
    report = validate(copy, rederive=True)
    assert report["valid"], report["errors"][:3]
    assert not [w for w in report["warnings"] if w["type"] == "rederive"]


# ------------------------------------------------------------------ cells a spreadsheet would run


def test_cells_that_look_like_formulas_are_kept_exact_and_noted(tmp_path):
    from peelkit import extract

    src = tmp_path / "raw" / "=2+3.txt"
    src.parent.mkdir()
    shutil.copy(RAW / "state_of_policing_2019_part2.txt", src)
    out = tmp_path / "clean"
    extract.run([src], out)
    assert "\n2018/19,2018/19,4,Avon and Somerset,avon-and-somerset,effectiveness,Good,Unchanged,,,=2+3.txt,175," in \
        (out / "pillars.csv").read_text()
    report = validate(out)
    assert report["valid"]
    noted = {(w["source"], w["field"]) for w in report["warnings"] if w["type"] == "formula-like"}
    assert noted == {(f"{t}.csv", "source_file") for t in ("pillars", "questions", "printed_totals", "review")}
    w = next(w for w in report["warnings"] if w["source"] == "pillars.csv")
    assert w["message"].startswith("129 cells begin with =, +, -, @, tab or CR (first: '=2+3.txt')")


# ------------------------------------------------------------------ the same checks before extract writes


def _cells():
    from peelkit import store
    from peelkit.schema import TABLES

    return {name: store.read_rows(CLEAN, name) for name in TABLES}, \
        {s["title"]: s.get("kind", "") for s in _package(CLEAN)["sources"]}


def test_check_rows_agrees_with_frictionless_on_the_files(copy):
    from peelkit import store
    from peelkit.rules import check_rows

    tables, kinds = _cells()
    assert check_rows(tables, kinds) == ([], [])
    pil, que, tot = tables["pillars"], tables["questions"], tables["printed_totals"]
    pil[3]["grade"] = "Excellent"  # enum
    pil[4]["year"] = "2018-19"  # pattern
    pil[5]["force"] = ""  # required
    pil.append(dict(pil[6]))  # primary key
    tot[2]["count"] = "-1"  # minimum
    tot[3]["source_line"] = "12a"  # type
    tables["reports"][0]["date"] = "2024-02-30"  # type
    tables["reports"][1]["response_published"] = "maybe"  # type
    afi = tables["areas_for_improvement"]
    afi[0]["force_id"], afi[0]["force"] = "durham", "Durham"  # foreign key (no such pillar row)
    mine, _ = check_rows(tables, kinds)
    for name, rows in tables.items():  # the same rows as files, checked by validate (frictionless)
        with (copy / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            fh.write(store._csv_text(name, rows))
    pkg = _package(copy)
    for res in pkg["resources"]:
        data = (copy / res["path"]).read_bytes()
        res["hash"], res["bytes"] = "sha256:" + hashlib.sha256(data).hexdigest(), len(data)
    _save(copy, pkg)
    theirs = validate(copy)["errors"]
    generic = {"type", "constraint", "primary-key", "foreign-key"}

    def key(errors):
        return sorted((e["type"], e["source"], e["row"], e["field"] if e["type"] in ("type", "constraint") else None)
                      for e in errors if e["type"] in generic)

    assert key(mine) == key(theirs) and len(key(mine)) == 9
    assert {e["type"] for e in mine} - generic == {e["type"] for e in theirs} - generic - {"hash-mismatch"}


def test_extract_refuses_a_package_that_would_not_validate(tmp_path, monkeypatch):
    from peelkit import store

    real = store.merge

    def doubled(extractions):  # a parser bug: a total read twice at one place
        out = real(extractions)
        out["printed_totals"].append(dict(out["printed_totals"][0]))
        return out

    monkeypatch.setattr(store, "merge", doubled)
    out = tmp_path / "clean"
    res = runner.invoke(app, ["extract", str(RAW), "--out", str(out)], env={"COLUMNS": "300"})
    assert res.exit_code == 1
    assert res.output.strip().startswith(f"error: {out}: the extracted tables would not pass 'peelkit validate', so "
                                         "nothing was written: printed_totals.csv, row 39: 2018/19, effectiveness")
    assert "the primary key repeats an earlier row" in res.output and len(res.output.strip().splitlines()) == 1
    assert not out.exists()


def test_a_shortfall_or_a_disagreement_recorded_in_review_is_a_warning(tmp_path):
    from peelkit.rules import check_rows

    tables, kinds = _cells()
    tables["pillars"] = [r for r in tables["pillars"] if not (r["force_id"] == "kent" and r["pillar"] == "legitimacy")]
    tables["questions"] = [r for r in tables["questions"] if not (r["force_id"] == "kent" and r["pillar"] == "legitimacy")]
    errors, _ = check_rows(tables, kinds)
    assert [e["message"] for e in errors if e["type"] == "force-count"] == [
        "2018/19 legitimacy: 42 forces, expected 43 (missing: Kent)"]
    tables["review"].append({"source_file": "state_of_policing_2019_part2.txt", "source_line": "900", "pillar": "legitimacy",
                             "question_id": "", "kind": "missing_force", "expected": "", "found": "",
                             "message": "Kent: no legitimacy judgment on this page", "source_page": ""})
    errors, warnings = check_rows(tables, kinds)
    assert not [e for e in errors if e["type"] == "force-count"]
    assert [w["message"] for w in warnings if w["type"] == "force-count"] == [
        "2018/19 legitimacy: 42 forces, expected 43 (missing: Kent); review.csv records why"]
