"""The PDF fast path: words from pdfium give exactly pdfplumber's rows; the scan in one process or
several; a table-only PDF dated by its own table; the PDF path's imports; the question text rule.

Any difference between the two word sources is a failure here, never a choice: pdfplumber is the
reference reader (``extract --words pdfplumber``), pdfium's characters the fast path.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from peelkit import model
from peelkit.cli import app
from peelkit.errors import LayoutError, SourceError
from peelkit.parse import sop_pdf
from peelkit.parse.judgments import Cell, Part, Placer, TablePart
from peelkit.schema import Extraction
from peelkit.sources import pdf as pdfsrc
from peelkit.sources.pdf import extract_pdf

from .conftest import ROOT
from .pdfgen import Style, _prose_pages, build_pdf, draw_table_page, short_narrative, table_pages, text_tables

FIXTURES = sorted((ROOT / "tests" / "fixtures" / "converters").glob("*/table.pdf"))
GENERATED = {
    "plain": {}, "ruled": {"ruled": True}, "fills": {"fills": True}, "wrap": {"wrap": True},
    "all": {"ruled": True, "fills": True, "wrap": True}, "broken": {"drop": ("effectiveness", "kent")},
    "broken_last": {"drop": ("efficiency", "metropolitan")}, "compressed": {"compress": True},
}
runner = CliRunner()


def _all_rows(ex) -> dict[str, list[tuple]]:
    """Every table of an extraction, every column (provenance included), in a stable order."""
    return {t: sorted(tuple(sorted(r.items(), key=lambda kv: kv[0])) for r in rows)
            for t, rows in sorted(ex.tables.items())}


def _both_ways(path: Path) -> None:
    a = extract_pdf(path, words="pdfium")
    b = extract_pdf(path, words="pdfplumber")
    ra, rb = _all_rows(a), _all_rows(b)
    assert ra.keys() == rb.keys()
    for t in ra:
        only_a = [r for r in ra[t] if r not in rb[t]]
        only_b = [r for r in rb[t] if r not in ra[t]]
        assert not only_a and not only_b, (path.name, t, only_a[:3], only_b[:3])
    assert a.meta == b.meta


# ----------------------------------------------------------------- both word sources, same rows


@pytest.fixture(scope="module")
def generated(shared) -> dict[str, Path]:
    def build(d: Path) -> dict[str, Path]:
        out = {}
        for name, kw in GENERATED.items():
            out[name] = d / f"{name}.pdf"
            build_pdf(out[name], before=1, after=1, **kw)
        return out

    return shared.value("test_pdf_words-generated", build)  # once per test run: read them, never change them


@pytest.mark.parametrize("name", list(GENERATED))
def test_generated_pdfs_give_the_same_rows_from_both_word_sources(name, generated):
    _both_ways(generated[name])


@pytest.mark.parametrize("path", FIXTURES, ids=[p.parent.name for p in FIXTURES])
def test_fixture_pdfs_give_the_same_rows_from_both_word_sources(path):
    """The converter fixtures' PDFs (tests/pdfgen.py STYLES: grid, wrapped, running, spill, repeated, ...)."""
    _both_ways(path)


@dataclass
class RandomStyle(Style):
    """pdfgen's table style with every measure free (the random layouts)."""

    force_width: float = 112.0
    col_width: float = 60.0

    @property
    def force_w(self) -> float:
        return self.force_width

    @property
    def col_w(self) -> float:
        return self.col_width


def layout_pdf(path: Path, st: Style, rotate: bool) -> None:
    """The year paragraphs, the six table pages in style ``st`` (as portrait pages turned by /Rotate 90
    when ``rotate``: the table drawn sideways, upright as displayed) and the totals sentences."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), invariant=1)
    before, after = short_narrative()
    number = _prose_pages(c, before, 1)
    for tp in table_pages(text_tables()):
        if rotate:
            c.saveState()
            c.translate(A4[0], 0)
            c.rotate(90)
        draw_table_page(c, tp, st, number)
        if rotate:
            c.restoreState()
            c.setPageSize(A4)
            c.setPageRotation(90)
        c.showPage()
        number += 1
    _prose_pages(c, after, number)
    c.save()


@settings(max_examples=8, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(size=st.sampled_from([6.0, 6.5, 7.0, 7.5]), leading=st.floats(1.05, 1.3), pad=st.floats(1.0, 3.0),
       col=st.floats(56.0, 66.0), force=st.floats(100.0, 130.0), font=st.sampled_from(["Helvetica", "Times-Roman"]),
       ruled=st.booleans(), fills=st.booleans(), rotate=st.booleans())
def test_random_layouts_give_the_same_rows_from_both_word_sources(size, leading, pad, col, force, font, ruled, fills,
                                                                  rotate, tmp_path_factory):
    bold = {"Helvetica": "Helvetica-Bold", "Times-Roman": "Times-Bold"}[font]
    st_ = RandomStyle(ruled=ruled, fills=fills, font=font, bold=bold, size=size, leading=size * leading, pad=pad,
                      force_width=force, col_width=col)
    path = tmp_path_factory.mktemp("layout") / "layout.pdf"
    try:
        layout_pdf(path, st_, rotate)
    except AssertionError:  # pdfgen: the table does not fit its pages in this style
        reject()
    _both_ways(path)


def test_a_rotated_page_reads_as_displayed(tmp_path):
    """A table drawn sideways on a portrait page turned by /Rotate 90 gives the table's rows."""
    path = tmp_path / "rotated.pdf"
    layout_pdf(path, Style(), rotate=True)
    ex = extract_pdf(path)
    want = text_tables()
    key = lambda r: tuple(sorted((k, v) for k, v in r.items() if not k.startswith("source_")))  # noqa: E731
    assert sorted(map(key, ex.tables["pillars"])) == sorted(map(key, want["pillars"]))
    assert sorted(map(key, ex.tables["questions"])) == sorted(map(key, want["questions"]))


def test_chars_to_words_follows_pdfplumbers_rule():
    # gaps: 2.9 joins, 3.1 splits; a space splits; a character starting left of the last splits; a line is
    # a chain of tops within 3 points; rotated characters are read top to bottom
    c = lambda t, x0, x1, top=10.0, up=True: (t, x0, x1, top, top + 7, up)  # noqa: E731
    chars = [c("G", 0, 5), c("o", 7.9, 12), c("d", 15.1, 20), c(" ", 20, 22), c("x", 22, 25),
             c("a", 40, 44, 12.5), c("b", 44, 48, 15.4), c("z", 60, 64, 40.0),
             c("U", 100, 107, 200, False), c("p", 100, 107, 205, False)]
    words = [(w.text, w.x0, w.top) for w in sop_pdf.chars_to_words(chars)]
    assert words == [("Go", 0, 10.0), ("d", 15.1, 10.0), ("x", 22, 10.0), ("ab", 40, 12.5), ("z", 60, 40.0),
                     ("Up", 100, 200)]
    assert sop_pdf.chars_to_words([c("\ufb01", 0, 5), c("n", 5, 9)])[0].text == "fin"  # ligatures expanded


def test_pdfplumber_is_given_the_same_tolerances():
    assert sop_pdf.WORDS.pdfplumber() == {"x_tolerance": 3.0, "y_tolerance": 3.0, "keep_blank_chars": False,
                                          "use_text_flow": False}


# ----------------------------------------------------------------- the scan: one process or several


@pytest.fixture(scope="module")
def long_pdfs(shared) -> tuple[Path, Path]:
    def build(d: Path) -> tuple[Path, Path]:
        a, b = d / "a.pdf", d / "b.pdf"
        build_pdf(a, before=12, after=12)
        build_pdf(b, before=3, after=20, ruled=True)
        return a, b

    return shared.value("test_pdf_words-long", build)


@pytest.mark.skipif(not pdfsrc.CAN_FORK, reason="worker processes are forked (Linux only)")
def test_the_scan_in_worker_processes_gives_the_scan_of_one(long_pdfs):
    a, b = long_pdfs
    one = pdfsrc.scan(a, words=True, jobs=1)
    seen: list[str] = []
    many = pdfsrc.scan_all([a, b], seen.append, words=True, jobs=2)
    assert many[a].texts == one.texts and many[a].table_pages == one.table_pages and many[a].words == one.words
    assert many[b].table_pages == pdfsrc.scan(b, jobs=1).table_pages
    # one progress bar over the pages of both
    total = one.pages + many[b].pages
    counts = [pdfsrc.parse_progress(m) for m in seen]
    assert all(m.startswith("scanning 2 PDFs: page ") for m in seen)
    assert counts[-1] == (total, total) and [d for d, _ in counts] == sorted(d for d, _ in counts)


@pytest.mark.skipif(not pdfsrc.CAN_FORK, reason="worker processes are forked (Linux only)")
def test_a_bad_pdf_among_several_keeps_its_own_error(long_pdfs, tmp_path):
    a, _ = long_pdfs
    bad = tmp_path / "truncated.pdf"
    bad.write_bytes(a.read_bytes()[:5000])
    got = pdfsrc.scan_all([bad, a], words=True, jobs=2)
    assert isinstance(got[bad], SourceError) and "truncated.pdf" in str(got[bad])
    assert got[a].table_pages == pdfsrc.scan(a).table_pages


@pytest.mark.skipif(not pdfsrc.CAN_FORK, reason="worker processes are forked (Linux only)")
def test_a_worker_that_dies_is_a_clean_error(long_pdfs, monkeypatch):
    a, _ = long_pdfs
    real = pdfsrc._read_page
    here = os.getpid()

    def crash(doc, index, path, want_words):
        if index >= 20 and os.getpid() != here:  # in the forked worker only
            os.kill(os.getpid(), 9)
        return real(doc, index, path, want_words)

    monkeypatch.setattr(pdfsrc, "_read_page", crash)
    with pytest.raises(SourceError, match=r"a\.pdf: corrupt PDF: the PDF library stopped while reading it \(signal 9\)"):
        pdfsrc.scan(a, jobs=2)


def test_extract_reads_the_pdfs_of_a_folder_together(long_pdfs, tmp_path):
    """One scan over every PDF of the run (one progress bar); each is then extracted in its turn."""
    from peelkit import extract

    from .pdfgen import build_plain_pdf

    a, _ = long_pdfs
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "report.pdf").write_bytes(a.read_bytes())
    build_plain_pdf(raw / "notes.pdf", ["Notes of a meeting, no table in them."] * 300)
    seen: list[str] = []
    res = extract.run([raw], tmp_path / "clean", progress=seen.append)
    assert [p.name for p, _ in res.skipped] == ["notes.pdf"]
    assert len(res.tables["pillars"]) == 129
    assert seen and all(m.startswith("scanning 2 PDFs: page ") for m in seen)
    done, total = pdfsrc.parse_progress(seen[-1])
    assert done == total == pdfsrc.scan(a).pages + pdfsrc.scan(raw / "notes.pdf").pages


# ----------------------------------------------------------------- the year from the table


@pytest.fixture(scope="module")
def table_only(tmp_path_factory) -> Path:
    """The six table pages and nothing else: no year sentence, no totals sentences."""
    from reportlab.pdfgen import canvas

    path = tmp_path_factory.mktemp("table_only") / "table_only.pdf"
    c = canvas.Canvas(str(path), invariant=1)
    for k, tp in enumerate(table_pages(text_tables()), 1):
        draw_table_page(c, tp, Style(ruled=True), k)
        c.showPage()
    c.save()
    return path


def test_a_table_only_pdf_is_dated_by_its_table(table_only):
    ex = extract_pdf(table_only)
    assert ex.meta["year"] == "2018/19"
    want = text_tables()
    key = lambda r: tuple(sorted((k, v) for k, v in r.items() if not k.startswith("source_")))  # noqa: E731
    assert sorted(map(key, ex.tables["pillars"])) == sorted(map(key, want["pillars"]))
    assert sorted(map(key, ex.tables["questions"])) == sorted(map(key, want["questions"]))
    assert sorted(map(key, ex.tables["printed_totals"])) == sorted(
        key(r) for r in want["printed_totals"] if r["kind"] == "table")


def test_a_table_only_pdf_extracts_on_the_command_line(table_only, tmp_path):
    out = tmp_path / "clean"
    res = runner.invoke(app, ["extract", str(table_only), "--out", str(out)], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert res.exit_code == 0, res.output
    assert "16 of 16 reproduced" in res.stderr  # the table's own Totals rows; no sentences without narrative
    assert (out / "pillars.csv").read_text(encoding="utf-8").count("\n2018/19,") == 129


def test_year_option_is_checked_against_the_table(table_only):
    assert extract_pdf(table_only, year="2018/19").meta["year"] == "2018/19"
    assert extract_pdf(table_only, year="2018-19").meta["year"] == "2018/19"
    with pytest.raises(LayoutError, match=r"--year 2017/18 does not fit the table: the efficiency questions in its "
                                          r"headers are not 2017/18's \(\+meeting-demand, -understanding-demand, "
                                          r"-using-resources\)"):
        extract_pdf(table_only, year="2017/18")
    with pytest.raises(LayoutError, match=r"--year 2030/31 is not a State of Policing table year peelkit knows"):
        extract_pdf(table_only, year="2030/31")


def test_year_option_never_overrules_the_year_sentence(generated):
    with pytest.raises(LayoutError, match=r"--year 2017/18, but the document states the year 2018/19"):
        extract_pdf(generated["plain"], year="2017/18")
    assert extract_pdf(generated["plain"], year="2018/19").meta["year"] == "2018/19"


def test_a_table_is_dated_only_by_the_one_round_it_shows():
    known = {"2018/19": {"pillars": ["effectiveness"], "questions": {"effectiveness": ["preventing-crime"]}},
             "2019/20": {"pillars": ["effectiveness"], "questions": {"effectiveness": ["preventing-crime"]}}}
    ev = sop_pdf.TableEvidence({"effectiveness"}, {"effectiveness": {"preventing-crime"}}, {"2018/19", "2017/18"})
    assert ev.year(known) == ("2018/19", "")  # a 2019/20 table would name a 2019/20 inspection
    ev.last_inspected = {"2018/19", "2019/20"}
    assert ev.year(known) == ("2019/20", "")
    ev.last_inspected = {"2017/18"}
    assert ev.year(known) == (None, "it fits 2018/19 and 2019/20, and its latest 'last inspected' is 2017/18")
    ev.questions = {"effectiveness": {"preventing-crime", "investigating-crime"}}
    year, why = ev.year(known)
    assert year is None and why.startswith("not 2018/19: the effectiveness questions in its headers are not "
                                           "2018/19's (+investigating-crime)")
    assert sop_pdf.TableEvidence().year(known) == (
        None, "not 2018/19: no pillar printed with a Judgment | Trend pair; not 2019/20: no pillar printed with a "
              "Judgment | Trend pair")


def test_a_table_without_its_round_is_refused_unless_given(tmp_path):
    """The effectiveness pages with their 'last inspected' cells blank: nothing says which round."""
    from reportlab.pdfgen import canvas

    tables = text_tables()
    blank = {**tables, "questions": [{**r, "last_inspected": None} for r in tables["questions"]]}
    path = tmp_path / "undated.pdf"
    c = canvas.Canvas(str(path), invariant=1)
    for k, tp in enumerate([p for p in table_pages(blank) if p.pillar == "effectiveness"], 1):
        draw_table_page(c, tp, Style(), k)
        c.showPage()
    c.save()
    with pytest.raises(LayoutError, match=r"undated.pdf: unknown State of Policing table year: no year sentence, and "
                                          r"the table does not date itself \(it fits 2018/19 and 2017/18, and it has "
                                          r"no 'last inspected' value\); pass --year"):
        extract_pdf(path)
    ex = extract_pdf(path, year="2017/18")  # nothing in the table says otherwise
    assert ex.meta["year"] == "2017/18"
    assert {r["year"] for r in ex.tables["pillars"]} == {"2017/18"} and len(ex.tables["pillars"]) == 43


# ----------------------------------------------------------------- the fast path's imports


def test_the_pdf_path_imports_neither_pdfplumber_nor_pypdfium2(generated):
    code = ("import sys; from pathlib import Path; from peelkit import extract; "
            f"extract.run([Path({str(generated['plain'])!r})], write=False); "
            "bad = {'pdfplumber', 'pdfminer', 'pypdfium2', 'pandas'} & {m.split('.')[0] for m in sys.modules}; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=120)
    ref = code.replace("write=False", "write=False, words='pdfplumber'").replace("assert not bad", "assert bad")
    subprocess.run([sys.executable, "-c", ref], check=True, cwd=ROOT, timeout=120)


def test_debug_pdf_says_both_readings_agree(generated):
    path = generated["wrap"]
    page = pdfsrc.scan(path).table_pages[1]
    res = runner.invoke(app, ["debug-pdf", str(path), "--page", str(page)], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "words (pdfplumber, the reference reader); table found: yes" in res.output
    assert "words (pdfium, what extract reads): the same columns, rows and cells" in res.output


# ----------------------------------------------------------------- the question text rule (the Norfolk case)


def test_rows_carry_a_question_header_only_when_it_is_a_known_wording():
    q = model.question_by_id("serious-organised-crime")
    forces = model.forces()[:2]
    ex = Extraction("t.pdf", "state_of_policing")
    placer = Placer(ex, "2018/19", {"pillars": ["effectiveness"], "forces": 43, "force_order": "alphabetical"})
    for header in ("How effective is the force at tackling serious and organised",  # its last word damaged
                   q.text):
        t = TablePart("effectiveness", [(f, None, 7) for f in forces], page=7)
        t.parts = [Part(q.question_id, "grade", "soc judgment", [Cell("Good", None, 7), Cell("Inadequate", None, 7)],
                        True, q, header, page=7),
                   Part(q.question_id, "year", "soc last inspected", [Cell("2018/19", None, 7), Cell("2016/17", None, 7)],
                        True, q, header, page=7)]
        placer = Placer(Extraction("t.pdf", "state_of_policing"), "2018/19", placer.layout)
        placer.place(t)
        placer.finish()
        rows = placer.ex.tables["questions"]
        assert [(r["force"], r["grade"], r["last_inspected"], r["question"]) for r in rows] == [
            (forces[0].name, "Good", "2018/19", q.text), (forces[1].name, "Inadequate", "2016/17", q.text)]


def test_the_queue_gives_every_item_once_in_order_however_many_there_are():
    for n in (1, 40, pdfsrc._QUEUE_TOKENS + 1, 20_000):
        items = [(i // 700, i % 700) for i in range(n)]
        q = pdfsrc._Queue(items)
        try:
            assert list(q) == items and list(q) == []  # read once; then the end
        finally:
            q.close()


@pytest.mark.skipif(not pdfsrc.CAN_FORK, reason="worker processes are forked (Linux only)")
def test_the_scan_does_the_callers_work_while_the_workers_read(long_pdfs):
    """``meanwhile`` runs once in this process while the workers take pages from the queue; however the
    pages are shared out (here the workers read nearly all of them), the scan is the scan of one process."""
    import time

    a, b = long_pdfs
    calls = []
    many = pdfsrc.scan_all([a, b], words=True, jobs=3, meanwhile=lambda: (calls.append(1), time.sleep(0.3)))
    assert calls == [1]
    for p in (a, b):
        one = pdfsrc.scan(p, words=True, jobs=1)
        assert many[p].texts == one.texts and many[p].table_pages == one.table_pages and many[p].words == one.words
    assert pdfsrc.scan_all([a], words=True, jobs=1, meanwhile=calls.append)[a].pages  # one process: not called
    assert calls == [1]


@pytest.mark.skipif(not pdfsrc.CAN_FORK, reason="worker processes are forked (Linux only)")
def test_a_machine_that_refuses_another_process_scans_in_this_one(long_pdfs, monkeypatch):
    a, _ = long_pdfs
    one = pdfsrc.scan(a, words=True, jobs=1)

    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(pdfsrc.os, "fork", no_fork)
    got = pdfsrc.scan(a, words=True, jobs=2)
    assert got.texts == one.texts and got.table_pages == one.table_pages and got.words == one.words
