"""Saved web pages (a browser's "Save page as"): read with Python's HTML parser, navigation and scripts dropped,
tables kept as tables; then the same readers as text. Rows name the line of the HTML file."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from peelkit import extract
from peelkit.sources import html

PEELKIT = Path(sys.executable).with_name("peelkit")

JUDGMENTS = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>PEEL 2023–2025 – Wiltshire Police</title>
<script>window.grades = {"Outstanding": "Investigating crime"};</script><style>.good{color:green}</style></head>
<body>
<a class="skip" href="#main">Skip to content</a>
<nav aria-label="Main"><ul><li><a href="/">Home</a></li><li>Good</li><li>Investigating crime</li></ul></nav>
<main id="main">
<h1>Wiltshire PEEL 2023–25</h1>
<p>Published on: 12 June 2024</p>
<h2>Our judgments</h2>
<p>Our inspection assessed how good Wiltshire Police is in nine areas of policing. We make graded judgments in
eight of these nine as follows:</p>
<table class="judgments">
<thead><tr><th>Outstanding</th><th>Good</th><th>Adequate</th><th>Requires improvement</th><th>Inadequate</th></tr></thead>
<tbody>
<tr><td></td><td>Investigating crime</td><td>Police powers and public treatment</td><td>Responding to the public</td><td></td></tr>
<tr><td></td><td>Protecting vulnerable people</td><td>Preventing crime</td><td>Managing offenders and suspects</td><td></td></tr>
<tr><td></td><td>Leadership and force management</td><td>Developing a positive workplace</td><td></td><td></td></tr>
</tbody></table>
<p>We also inspected how effective a service Wiltshire Police gives to victims of crime. We don’t make a
graded judgment in this overall area.</p>
<div style="display: none">Outstanding: Responding to the public</div>
</main>
<footer>© Crown copyright</footer>
</body></html>
"""

FORCE_PAGE = """<html><body><header><p>HM Inspectorate of Constabulary</p></header>
<main><h1>Kent 2017</h1><p>Read more about Kent</p>
<p>This is HMICFRS&rsquo; fourth PEEL (police effectiveness, efficiency and legitimacy) assessment of Kent Police.</p>
<p>The extent to which the force is effective at keeping people safe and reducing crime is <strong>good</strong>.</p>
<p>The extent to which the force is efficient at keeping people safe and reducing crime is
<strong>requires improvement</strong>.</p></main></body></html>
"""

ROWS = """<html><body><h1>Dorset PEEL 2021/22</h1><p>Published on: 3 March 2022</p>
<table><tr><th>Area of policing</th><th>Grade</th></tr>
<tr><td>Investigating crime</td><td>Adequate</td></tr><tr><td>Responding to the public</td><td>Good</td></tr>
<tr><td>Treatment of the public</td><td>Good</td></tr></table></body></html>"""


def _areas(ex) -> dict[str, str]:
    return {r["area_id"]: r["grade"] for r in ex.rows("areas")}


def test_a_saved_page_with_a_judgments_table_extracts(tmp_path):
    p = tmp_path / "wiltshire.html"
    p.write_text(JUDGMENTS, encoding="utf-8")
    ex = extract.extract_file(p)
    assert _areas(ex) == {"investigating-crime": "Good", "protecting-vulnerable": "Good", "leadership": "Good",
                          "police-powers": "Adequate", "preventing-crime": "Adequate", "workforce": "Adequate",
                          "responding-to-public": "Requires improvement",
                          "managing-offenders": "Requires improvement"}
    lines = JUDGMENTS.split("\n")
    for r in ex.rows("areas"):  # each row names the HTML line of its table row
        assert r["area"].split()[0] in lines[r["source_line"] - 1] or "<tr>" in lines[r["source_line"] - 1]
    assert not ex.rows("review")  # eight graded, as the page says


def test_navigation_scripts_and_hidden_text_are_not_read():
    page = html.parse(JUDGMENTS)
    text = "\n".join(page.lines)
    assert "window.grades" not in text and "Home" not in text and "Outstanding: Responding" not in text
    assert "Crown copyright" not in text and page.lines[1] == "Wiltshire PEEL 2023–25"
    assert len(page.tables) == 1 and page.tables[0].header and len(page.tables[0].rows) == 4


def test_a_force_page_saved_as_html_reads_like_its_text(tmp_path):
    p = tmp_path / "kent.htm"
    p.write_text(FORCE_PAGE, encoding="utf-8")
    ex = extract.extract_file(p)
    got = {(r["pillar"], r["grade"]) for r in ex.rows("pillars")}
    assert got == {("effectiveness", "Good"), ("efficiency", "Requires improvement")}
    lines = FORCE_PAGE.split("\n")
    assert all("extent to which" in lines[r["source_line"] - 1] for r in ex.rows("pillars"))


def test_rows_of_an_area_and_its_grade(tmp_path):
    p = tmp_path / "dorset.html"
    p.write_text(ROWS, encoding="utf-8")
    assert _areas(extract.extract_file(p)) == {"investigating-crime": "Adequate", "responding-to-public": "Good",
                                               "treatment-of-public": "Good"}


def test_a_page_that_is_not_about_peel_is_a_one_line_note(tmp_path):
    p = tmp_path / "recipes.html"
    p.write_text("<!doctype html><html><body><h1>Cakes</h1><p>A good sponge needs eggs.</p>"
                 "<table><tr><td>Good</td><td>Eggs</td></tr></table></body></html>", encoding="utf-8")
    r = subprocess.run([str(PEELKIT), "extract", str(p), "--out", str(tmp_path / "out")], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "not a document peelkit knows" in r.stderr
    assert "Traceback" not in r.stderr and not (tmp_path / "out").exists()


def test_html_parsing_is_linear_and_safe_on_hostile_markup():
    """Markup that takes Python's own html.parser minutes (thousands of unclosed comments or tags) is read in
    well under a second; deep nesting is read without recursion (libxml2 stops at its depth limit, 256)."""
    import time

    assert html.parse("<div>" * 200 + "The extent" + "</div>" * 200).lines == ["The extent"]
    assert not html.looks_like_html("<!--" * 10000)
    for unit in ("<!--", "<a ", '<p class="', "<", "<td>", "<div>"):
        t = time.perf_counter()
        html.parse("<html><body>" + unit * 100_000)
        assert time.perf_counter() - t < 5, unit  # linear: ~0.1 s; quadratic would take hours
    unclosed = "<html><body><table><tr><td>Good<td>Investigating crime<tr><td>x</table>" + "<p>x" * 2000
    page = html.parse(unclosed)
    assert page.tables and page.tables[0].rows[0] == ["Good", "Investigating crime"]


def test_rows_carry_the_html_line_in_the_package(tmp_path):
    p = tmp_path / "wiltshire.html"
    p.write_text(JUDGMENTS, encoding="utf-8")
    r = subprocess.run([str(PEELKIT), "extract", str(p), "--out", str(tmp_path / "out"), "-q"], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader((tmp_path / "out" / "areas.csv").open(encoding="utf-8")))
    table_rows = {str(i) for i, ln in enumerate(JUDGMENTS.split("\n"), start=1) if ln.startswith("<tr><td>")}
    assert len(rows) == 8 and {r["source_line"] for r in rows} == table_rows
