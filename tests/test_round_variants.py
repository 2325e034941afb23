"""Malformed variants of every kind of PEEL document: each gives a finding (review.csv, with its line or
page) or a one-line error with exit 1, never a wrong grade. Documents are generated (tests/roundgen.py) as
PDFs, or are the committed converter texts (tests/fixtures/rounds/) with one thing changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from peelkit import extract
from peelkit.cli import app
from peelkit.errors import PeelkitError
from peelkit.readers import area_report, force_report, grade_list
from peelkit.sources.text import read_text

from . import roundgen
from .conftest import RAW, ROOT

FIX = ROOT / "tests" / "fixtures" / "rounds"
runner = CliRunner()


def truth(doc: roundgen.Doc) -> dict[tuple, str]:
    out = {}
    for table, rows in doc.expected.items():
        for r in rows:
            out[(table, r["force_id"], r.get("pillar") or "", r.get("question_id") or r.get("area_id") or "")] = r["grade"]
    return out


def no_wrong_grade(ex, want: dict[tuple, str]) -> list[dict]:
    """Every grade extracted is the document's true grade for that item; returns the rows graded on the
    scale (not the Ungraded ones)."""
    out = []
    for table in ("pillars", "questions", "areas"):
        for r in ex.rows(table):
            k = (table, r["force_id"], r.get("pillar") or "", r.get("question_id") or r.get("area_id") or "")
            if r["grade"]:
                assert want.get(k) == r["grade"], (k, r["grade"], want.get(k))
                if r["grade"] != "Ungraded":
                    out.append(r)
    return out


def pdf(tmp_path: Path, doc: roundgen.Doc):
    path = tmp_path / f"{doc.name}.pdf"
    doc.build(path)
    return extract.extract_file(path)


def kinds(ex) -> list[str]:
    return [r["kind"] for r in ex.rows("review")]


L21 = roundgen.LEICS_2021


# ----------------------------------------------------------------- area reports


def test_an_area_list_with_one_area_missing(tmp_path):
    doc = roundgen.area_report("2021/22", "leicestershire", L21, drop=("investigating-crime",))
    ex = pdf(tmp_path, doc)
    graded = no_wrong_grade(ex, truth(roundgen.area_report("2021/22", "leicestershire", L21)))
    assert len(graded) == 8 and "investigating-crime" not in {r["area_id"] for r in graded}
    [f] = [r for r in ex.rows("review")]
    assert (f["kind"], f["expected"], f["found"], f["source_page"]) == ("missing_area", "9", "8", 2)
    assert "Investigating crime" in f["message"] and "Disrupting serious organised crime" in f["message"]


def test_an_unknown_area_wording_is_a_finding_not_a_guess(tmp_path):
    doc = roundgen.area_report("2021/22", "leicestershire", L21,
                               printed={"investigating-crime": "Investigation of offences"})
    ex = pdf(tmp_path, doc)
    graded = no_wrong_grade(ex, truth(doc))
    assert len(graded) == 8
    assert sorted(kinds(ex)) == ["missing_area", "unknown_area"]
    unknown = next(r for r in ex.rows("review") if r["kind"] == "unknown_area")
    assert unknown["found"] == "Investigation of offences" and unknown["source_page"] == 2


def test_an_area_under_two_grades_keeps_no_grade(tmp_path):
    doc = roundgen.area_report("2021/22", "leicestershire", L21, extra={"Inadequate": ["Protecting vulnerable people"]})
    ex = pdf(tmp_path, doc)
    no_wrong_grade(ex, truth(doc))
    row = next(r for r in ex.rows("areas") if r["area_id"] == "protecting-vulnerable")
    assert row["grade"] is None
    dup = next(r for r in ex.rows("review") if r["kind"] == "duplicate_area")
    assert dup["area_id"] == "protecting-vulnerable" and "Good" in dup["message"] and "Inadequate" in dup["message"]


def test_more_areas_listed_than_the_sentence_counts(tmp_path):
    doc = roundgen.area_report("2021/22", "leicestershire", L21, graded=8)
    ex = pdf(tmp_path, doc)
    no_wrong_grade(ex, truth(doc))
    [f] = ex.rows("review")
    assert (f["kind"], f["expected"], f["found"]) == ("count_mismatch", "8", "9")


def test_text_between_two_grid_columns_is_not_placed(tmp_path):
    doc = roundgen.area_report("2021/22", "leicestershire", L21, stray="see note")
    ex = pdf(tmp_path, doc)
    assert len(no_wrong_grade(ex, truth(doc))) == 9
    [f] = ex.rows("review")
    assert f["kind"] == "unexpected_value" and f["found"] == "see note" and f["source_page"] == 2


def test_a_grid_carried_onto_a_page_without_its_headings(tmp_path):
    """Layout variant (not malformed): the continuation page does not repeat the grade headings."""
    doc = roundgen.area_report("2021/22", "leicestershire", L21, split=5, repeat=False)
    ex = pdf(tmp_path, doc)
    assert len(no_wrong_grade(ex, truth(doc))) == 9 and ex.rows("review") == []
    assert {r["source_page"] for r in ex.rows("areas") if r["area_id"] != "victims"} == {2, 3}


def test_a_grade_off_the_scale_in_a_grid_heading(tmp_path):
    doc = roundgen.area_report("2023-25", "surrey", roundgen.SURREY_2023, printed={"workforce": "Building the workforce"})
    ex = pdf(tmp_path, doc)
    no_wrong_grade(ex, truth(doc))
    assert "unknown_area" in kinds(ex)


def test_an_area_report_whose_round_cannot_be_told(tmp_path):
    doc = roundgen.area_report("2021/22", "leicestershire", L21, title="Police inspection report")
    path = tmp_path / "report.pdf"
    doc.build(path)
    ex = extract.extract_file(path)
    assert kinds(ex) == ["unknown_round"] and ex.rows("areas") == []
    res = runner.invoke(app, ["extract", str(path), "--out", str(tmp_path / "c")])
    assert res.exit_code == 1 and "cannot tell which PEEL round" in res.output
    assert not (tmp_path / "c").exists()


def test_the_round_comes_from_the_text_never_the_file_name(tmp_path):
    doc = roundgen.area_report("2023-25", "surrey", roundgen.SURREY_2023)
    path = tmp_path / "peel_2021-22_leicestershire.pdf"
    doc.build(path)
    ex = extract.extract_file(path)
    assert {(r["round"], r["force_id"]) for r in ex.rows("areas")} == {("2023-25", "surrey")}


def _edit(doc: str, source: str, fn) -> list[str]:
    return fn(read_text(FIX / doc / source).lines)


def test_rows_whose_grades_cannot_be_matched_in_text_are_refused():
    """pdftotext -raw of one-area-per-row: a grade moved to the end keeps the counts but not the order."""
    def move(lines):
        i = next(i for i, t in enumerate(lines) if t.startswith("Investigating crime"))
        out = list(lines)
        out[i] = "Investigating crime"
        out.insert(i + 4, "Requires improvement")
        return out

    lines = _edit("area-2021-rows", "pdftotext-raw.txt", move)
    ex = area_report.parse(lines, "rows.txt")
    assert ex.rows("areas") == [next(r for r in ex.rows("areas"))] and ex.rows("areas")[0]["area_id"] == "victims"
    assert kinds(ex)[0] == "layout" and "none used" in ex.rows("review")[0]["message"]
    with pytest.raises(PeelkitError):
        extract.check_yield(ex, "rows.txt")


def test_a_doubled_space_heading_line_is_no_column_layout():
    """A converter that doubles spaces but puts every item flush left keeps no columns: refused, not all
    placed under the first heading."""
    def flush_left(lines):
        out = []
        for t in lines:
            if t.strip().startswith("Outstanding Good"):
                out.append("Outstanding  Good  Adequate  Requires improvement  Inadequate")
            else:
                out.append(t.strip())
        return out

    lines = _edit("area-2021-grid", "pdftotext-raw.txt", flush_left)
    assert "Outstanding  Good  Adequate  Requires improvement  Inadequate" in lines
    ex = area_report.parse(lines, "grid.txt")
    assert ex.rows("areas") == []
    assert kinds(ex) == ["layout"] and ex.meta["unfit_grid"] is True


def test_a_layout_grid_with_a_heading_repeated():
    lines = _edit("area-2021-grid", "pdftotext-layout.txt",
                  lambda ls: [t.replace("Inadequate", "Adequate  ") if "Outstanding" in t else t for t in ls])
    ex = area_report.parse(lines, "grid.txt")
    no_wrong_grade(ex, truth(roundgen.DOCS["area-2021-grid"]()))
    assert "layout" in kinds(ex)


# ----------------------------------------------------------------- national lists


LEG = roundgen.legitimacy_2017()


def _national(**kw) -> roundgen.Doc:
    return roundgen.national_list("2017", "legitimacy", LEG, ungraded=("greater-manchester",), **kw)


def test_a_five_tier_grade_in_a_four_tier_round(tmp_path):
    grades = dict(LEG)
    del grades["surrey"]
    doc = roundgen.national_list("2017", "legitimacy", grades, ungraded=("greater-manchester",),
                                 extra={"Adequate": ["Surrey"]})
    ex = pdf(tmp_path, doc)
    no_wrong_grade(ex, truth(_national()))
    surrey = next(r for r in ex.rows("pillars") if r["force_id"] == "surrey")
    assert surrey["grade"] is None
    off = next(r for r in ex.rows("review") if r["kind"] == "off_scale")
    assert off["found"] == "Adequate" and off["pillar"] == "legitimacy" and off["source_page"] == 2
    assert "4 tiers" in off["message"]


def test_a_force_named_twice(tmp_path):
    doc = _national(extra={"Requires improvement": ["Kent Police"]})
    ex = pdf(tmp_path, doc)
    no_wrong_grade(ex, truth(_national()))
    assert next(r for r in ex.rows("pillars") if r["force_id"] == "kent")["grade"] is None
    assert "duplicate_force" in kinds(ex)


def test_a_count_that_disagrees_leaves_the_list_without_grades(tmp_path):
    """ "Good (34)" above 35 names: which name is not good cannot be told (a line may have moved across a
    heading, from or to any group), so no listed force gets a grade, and the run fails with the reason."""
    doc = _national(counts={"Good": 34}, sentence=False)
    path = tmp_path / "list.pdf"
    doc.build(path)
    ex = extract.extract_file(path)
    no_wrong_grade(ex, truth(_national()))
    rows = ex.rows("pillars")
    assert sum(r["grade"] is None for r in rows) == 42 and [r["grade"] for r in rows if r["grade"]] == ["Ungraded"]
    [m] = [r for r in ex.rows("review") if r["kind"] == "count_mismatch"]
    assert (m["expected"], m["found"], m["source_page"]) == ("34", "35", 1)
    res = runner.invoke(app, ["extract", str(path), "--out", str(tmp_path / "c")])
    assert res.exit_code == 1 and "every count printed beside it agrees" in res.output
    assert not (tmp_path / "c").exists()


def test_an_unknown_force_name(tmp_path):
    doc = _national(extra={"Good": ["Narnia Constabulary"]})
    ex = pdf(tmp_path, doc)
    no_wrong_grade(ex, truth(_national()))
    bad = next(r for r in ex.rows("review") if r["kind"] == "bad_row")
    assert bad["found"] == "Narnia Constabulary"


def test_a_list_whose_round_cannot_be_told_is_not_a_peel_document(tmp_path):
    doc = _national(title="How every force was graded for legitimacy")
    path = tmp_path / "list.pdf"
    doc.build(path)
    res = runner.invoke(app, ["extract", str(path), "--out", str(tmp_path / "c")])
    assert res.exit_code == 1 and "Traceback" not in res.output


def test_a_list_naming_a_pillar_the_round_did_not_grade():
    lines = ["PEEL 2014: how every force was graded for legitimacy", "", "Good (43)"] + [
        f.name for f in __import__("peelkit").model.forces()]
    ex = grade_list.parse(lines, "l.txt")
    assert ex.rows("pillars") == [] and kinds(ex) == ["layout"]
    assert "did not grade legitimacy" in ex.rows("review")[0]["message"]


# ----------------------------------------------------------------- by exception


def test_an_exception_not_named_leaves_the_rest_ungraded(tmp_path):
    doc = roundgen.exception_statement("2017", "legitimacy", "Good",
                                       {"Outstanding": ["kent"], "Requires improvement": roundgen.LEGITIMACY_2017_RI},
                                       ungraded=("greater-manchester",), counts={"Requires improvement": 7})
    ex = pdf(tmp_path, doc)
    graded = no_wrong_grade(ex, truth(doc))
    assert len(graded) == 7  # Kent and the six named; not the 35 others
    layout = next(r for r in ex.rows("review") if r["kind"] == "layout")
    assert "cannot be applied" in layout["message"] and "7 requires improvement printed" in layout["message"]
    assert "count_mismatch" in kinds(ex)


def test_the_rest_needs_the_round_force_list():
    lines = ["PEEL 2017: legitimacy", "", "Kent was graded outstanding; the remaining 40 forces were graded good."]
    ex = grade_list.parse(lines, "e.txt")
    assert [r["force_id"] for r in ex.rows("pillars") if r["grade"]] == ["kent"]
    assert "the document says 40 other forces but 42" in ex.rows("review")[0]["message"]


# ----------------------------------------------------------------- force reports


def _seed() -> list[str]:
    return read_text(RAW / "peel_effectiveness_2016_leicestershire.txt").lines


def test_adequate_in_a_2016_report_is_off_the_scale():
    lines = _seed()
    lines[45] = "Adequate"  # the Overall judgment
    ex = force_report.parse(lines, "r.txt")
    [p] = ex.rows("pillars")
    assert p["grade"] is None
    off = next(r for r in ex.rows("review") if r["kind"] == "off_scale")
    assert off["source_line"] == 46 and off["found"] == "Adequate"


def test_a_report_year_that_is_no_round():
    lines = [t.replace("during 2016", "during 2020") for t in _seed()]
    ex = force_report.parse(lines, "r.txt")
    assert ex.rows("pillars") == [] and kinds(ex) == ["unknown_round"]
    with pytest.raises(PeelkitError) as err:
        extract.check_yield(ex, "r.txt")
    assert "no PEEL round" in str(err.value)


def test_a_2018_19_question_printed_under_another_pillar():
    def move(lines):
        out = list(lines)
        i = next(i for i, t in enumerate(out) if t.startswith("How well does the force treat its workforce"))
        block = out[i:i + 2]
        del out[i:i + 2]
        j = next(i for i, t in enumerate(out) if t.startswith("How well does the force plan"))
        return out[:j] + block + out[j:]

    lines = _edit("force-2018-integrated", "pdftotext-raw.txt", move)
    ex = force_report.parse(lines, "r.txt")
    no_wrong_grade(ex, truth(roundgen.DOCS["force-2018-integrated"]()))
    assert "fair-treatment-workforce" not in {r["question_id"] for r in ex.rows("questions")}
    f = next(r for r in ex.rows("review") if r["kind"] == "unexpected_value")
    assert "printed under efficiency, but belongs to legitimacy" in f["message"]


def test_a_2018_19_report_with_adequate(tmp_path):
    j = dict(roundgen.INTEGRATED_2018)
    j["efficiency"] = ("Adequate", j["efficiency"][1])
    doc = roundgen.integrated_report("northamptonshire", j)
    ex = pdf(tmp_path, doc)
    no_wrong_grade(ex, truth(roundgen.DOCS["force-2018-integrated"]()))
    assert next(r for r in ex.rows("pillars") if r["pillar"] == "efficiency")["grade"] is None
    assert kinds(ex) == ["off_scale"]
