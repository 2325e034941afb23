"""PEEL force report parser: golden values from 'PEEL: Police effectiveness 2016 – Leicestershire Police'."""

from __future__ import annotations

import pytest

from peelkit.readers.force_report import parse, round_label
from peelkit import readers
from peelkit.sources.document import Document
from peelkit.sources.text import read_text

from .conftest import RAW

REPORT = RAW / "peel_effectiveness_2016_leicestershire.txt"


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return read_text(REPORT).lines


@pytest.fixture(scope="module")
def ex(lines):
    return parse(lines, REPORT.name)


def test_detected_as_a_force_report(lines):
    got = readers.recognise(Document("doc.txt", text="\n".join(lines), lines=lines))
    assert got is not None and got[0].kind == "force_report"


def test_pillar_judgment_trend_and_previous_grade(ex, lines):
    assert ex.kind == "force_report"
    assert ex.meta["year"] == "2016/17" and ex.meta["forces"] == 1
    [p] = ex.rows("pillars")
    assert (p["year"], p["report_year"], p["force"], p["force_id"], p["pillar"]) == \
        ("2016/17", "2016", "Leicestershire", "leicestershire", "effectiveness")
    assert (p["grade"], p["trend"], p["previous_grade"]) == ("Requires improvement", "Declined", "Good")
    assert p["source_line"] == 46 and p["source_page"] is None
    assert lines[45] == "Requires improvement" and lines[44].startswith("Overall judgment")


GOLDEN = {  # question_id: (grade, line of the grade in the Overall summary)
    "preventing-crime": ("Good", 63),
    "investigating-crime": ("Requires improvement", 68),  # wrapped: "Requires" / "improvement"
    "protecting-vulnerable": ("Requires improvement", 75),
    "serious-organised-crime": ("Good", 83),  # two questions, then two grades
    "specialist-capabilities": ("Ungraded", 84),
}


def test_all_five_questions(ex, lines):
    rows = {r["question_id"]: r for r in ex.rows("questions")}
    assert list(rows) == list(GOLDEN)
    for qid, (grade, line) in GOLDEN.items():
        r = rows[qid]
        assert (r["grade"], r["source_line"]) == (grade, line), qid
        assert r["year"] == r["last_inspected"] == "2016/17" and r["report_year"] == "2016"
        assert lines[line - 1].strip() in (grade, grade.split()[0])
    assert rows["specialist-capabilities"]["question"] == "How effective are the force’s specialist capabilities?"
    assert rows["preventing-crime"]["question"] == ("How effective is the force at preventing crime, tackling "
                                                    "anti-social behaviour and keeping people safe?")


def test_no_review_rows_for_the_real_report(ex):
    assert ex.rows("review") == []


def test_areas_for_improvement(ex):
    afi = ex.rows("areas_for_improvement")
    assert len(afi) == 10
    per = {}
    for r in afi:
        per.setdefault(r["question_id"], []).append(r["number"])
    assert per == {"preventing-crime": [1], "investigating-crime": [1, 2, 3, 4],
                   "protecting-vulnerable": [1, 2, 3, 4], "serious-organised-crime": [1]}
    first = afi[0]
    assert first["source_line"] == 486 and first["year"] == "2016/17" and first["pillar"] == "effectiveness"
    assert first["text"] == ("The force should use evidence of ‘what works’ drawn from other forces, academics and "
                             "partners to continually improve its approach to preventing crime and anti-social "
                             "behaviour. There needs to be routine evaluation of tactics and discussion of "
                             "effective practice.")
    assert afi[-1]["text"].startswith("The force should raise the awareness of OCGs")
    assert all(r["text"].endswith(".") for r in afi)


def test_round_label():
    assert round_label(2016) == "2016/17" and round_label(2099) == "2099/00"


def test_pages_give_source_page_not_line(lines):
    pages = [1 + i // 50 for i in range(len(lines))]
    ex = parse(lines, "r.pdf", pages=pages)
    [p] = ex.rows("pillars")
    assert p["source_line"] is None and p["source_page"] == pages[45]
    q = {r["question_id"]: r for r in ex.rows("questions")}
    assert q["specialist-capabilities"]["source_page"] == pages[83]


def _edit(lines, i, new):
    out = list(lines)
    out[i - 1] = new
    return out


def test_summary_and_section_disagree_gives_review_and_empty_grade(lines):
    ex = parse(_edit(lines, 63, "Outstanding"), "r.txt")
    q = {r["question_id"]: r for r in ex.rows("questions")}
    assert q["preventing-crime"]["grade"] is None
    [rv] = ex.rows("review")
    assert rv["kind"] == "unexpected_value" and rv["question_id"] == "preventing-crime"
    assert rv["source_line"] == 63 and "line 462" in rv["message"]


def test_positional_grade_without_confirmation_is_not_used(lines):
    # drop the specialist capabilities section's "Summary of findings" grade: the Overall summary printed
    # two questions then two grades, so "Ungraded" is placed only by position
    ex = parse(_edit(lines, 2245, "(not printed)"), "r.txt")
    q = {r["question_id"]: r for r in ex.rows("questions")}
    assert q["specialist-capabilities"]["grade"] is None
    assert q["serious-organised-crime"]["grade"] == "Good"  # confirmed by its own section
    assert [r["question_id"] for r in ex.rows("review")] == ["specialist-capabilities"]


@pytest.mark.parametrize("sentence, trend, prev", [
    ("people safe and reducing crime. Our overall judgment is an improvement on last year,", "Improved", None),
    ("people safe and reducing crime. Our overall judgment is the same as last year.", "Unchanged",
     "Requires improvement"),
])
def test_other_trend_sentences(lines, sentence, trend, prev):
    edited = _edit(_edit(lines, 49, sentence), 50, "when we judged the force to be inadequate." if prev is None
                   else "")
    [p] = parse(edited, "r.txt").rows("pillars")
    assert p["trend"] == trend
    assert p["previous_grade"] == (prev or "Inadequate")


def test_trend_contradicting_the_grades_is_a_review_row(lines):
    edited = _edit(lines, 49, "people safe and reducing crime. Our overall judgment is an improvement on last year,")
    ex = parse(edited, "r.txt")
    [p] = ex.rows("pillars")
    assert p["trend"] is None and p["previous_grade"] is None
    assert [r["kind"] for r in ex.rows("review")] == ["unexpected_value"]


def test_force_and_year_come_from_the_text_not_the_file_name(lines):
    edited = [ln.replace("Leicestershire Police.", "Kent Police.") for ln in lines]
    ex = parse(edited, "peel_effectiveness_2016_leicestershire.txt")
    assert ex.rows("pillars")[0]["force_id"] == "kent"
    edited = [ln.replace("during 2016", "during 2017") for ln in lines]
    ex = parse(edited, "x.txt")
    assert ex.rows("pillars")[0]["year"] == "2017/18"


def test_unknown_force_gives_a_review_row_and_no_rows(lines):
    edited = [ln.replace("Leicestershire Police.", "Atlantis Police.") for ln in lines]
    ex = parse(edited, "x.txt")
    assert ex.rows("pillars") == [] and ex.rows("questions") == []
    assert {r["kind"] for r in ex.rows("review")} == {"layout"}


LINES_PER_PAGE = 50


def _line_pdf(path, lines: list[str]) -> None:
    """The report's text as a PDF, one source line per printed line, 50 lines a page (what the
    published PDF looks like to a text extractor)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for start in range(0, len(lines), LINES_PER_PAGE):
        y = A4[1] - 40
        for ln in lines[start:start + LINES_PER_PAGE]:
            c.setFont("Helvetica", 8)
            c.drawString(30, y, ln.replace("\t", " "))
            y -= 15
        c.showPage()
    c.save()


def test_the_same_parser_reads_the_report_as_a_pdf(tmp_path, ex, lines):
    """PDF source reader -> force_report parser: the text path's rows, with pages instead of lines."""
    from peelkit.extract import read_source

    pdf = tmp_path / "peel_effectiveness_2016_leicestershire.pdf"
    _line_pdf(pdf, lines)
    got = read_source(pdf)
    assert got.kind == "force_report"

    def strip(rows):
        return sorted(tuple(sorted((k, v) for k, v in r.items() if not k.startswith("source_"))) for r in rows)

    for table in ("pillars", "questions", "areas_for_improvement"):
        assert strip(got.rows(table)) == strip(ex.rows(table)), table
        def order(r):
            return (r.get("question_id") or "", r.get("number") or 0)

        for r_pdf, r_txt in zip(sorted(got.rows(table), key=order), sorted(ex.rows(table), key=order)):
            assert r_pdf["source_line"] is None
            # the page is the one the text line was printed on
            assert r_pdf["source_page"] == (r_txt["source_line"] - 1) // LINES_PER_PAGE + 1
    [p] = got.rows("pillars")
    assert (p["grade"], p["trend"], p["previous_grade"], p["source_page"]) == \
        ("Requires improvement", "Declined", "Good", 1)
