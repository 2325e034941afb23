"""Fuzzing the list readers: damaged copies of the committed converter texts (tests/fixtures/rounds/) —
lines dropped, duplicated, swapped with the next, junk inserted — give correct grades for what they place,
findings for the rest, or a clean error; never a grade moved to another item.

The documents fuzzed are those whose own checks can catch an item moved to another grade: a grid (read
by position, not by order), rows read by order (one grade per area, in step), and national lists with
their counts (a line moved across a heading changes two counts). A list printed without any count (the
news copy of one force's areas) cannot reveal a line moved across its headings, and is not fuzzed so."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peelkit import extract, readers
from peelkit.errors import PeelkitError
from peelkit.readers.context import Context
from peelkit.sources.document import Document

from .conftest import ROOT

FIX = ROOT / "tests" / "fixtures" / "rounds"
CASES = [("area-2021-grid", "pdftotext-layout.txt"), ("area-2023-grid", "pdftotext-layout.txt"),
         ("area-2021-rows", "pdftotext-raw.txt"), ("area-2023-rows", "pypdfium2.txt"),
         ("list-2017-legitimacy", "pdftotext-raw.txt"), ("list-2016-effectiveness", "pdfplumber.txt"),
         ("exception-2017-legitimacy", "pdftotext-layout.txt"), ("force-2018-integrated", "pdftotext-raw.txt")]
JUNK = ["", "Good", "Requires improvement (6)", "Narnia", "Kent", "Investigating crime", "12", "Outstanding Good",
        "all other forces were graded good."]


def _load(doc: str, source: str) -> tuple[list[str], dict]:
    from peelkit.sources.text import read_text

    want = json.loads((FIX / doc / "expected.json").read_text(encoding="utf-8"))
    truth = {}
    for table, rows in want.items():
        for r in rows:
            truth[(table, r["force_id"], r.get("pillar") or "", r.get("question_id") or r.get("area_id") or "")] = \
                r["grade"]
    return read_text(FIX / doc / source).lines, truth


LOADED = {c: _load(*c) for c in CASES}


@st.composite
def damaged(draw):
    case = draw(st.sampled_from(CASES))
    lines, truth = LOADED[case]
    out = list(lines)
    for _ in range(draw(st.integers(1, 3))):
        if not out:
            break
        i = draw(st.integers(0, len(out) - 1))
        op = draw(st.sampled_from(["drop", "dup", "swap", "junk"]))
        if op == "drop":
            del out[i]
        elif op == "dup":
            out.insert(i, out[i])
        elif op == "swap" and i + 1 < len(out):
            out[i], out[i + 1] = out[i + 1], out[i]
        elif op == "junk":
            out.insert(i, draw(st.sampled_from(JUNK)))
    return case, out, truth


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_a_damaged_text_never_moves_a_grade(sample):
    (doc, source), lines, truth = sample
    try:  # the registry's reading, as extract makes it
        ex = readers.choose(Document(source, text="\n".join(lines), lines=lines), Context()).extraction
        if ex is None:
            return  # no longer recognisable: a clean "not a document peelkit knows"
        extract.check_yield(ex, source)
    except PeelkitError:
        return
    for table in ("pillars", "questions", "areas"):
        for r in ex.rows(table):
            if not r["grade"]:
                continue
            k = (table, r["force_id"], r.get("pillar") or "", r.get("question_id") or r.get("area_id") or "")
            assert truth.get(k) == r["grade"], (doc, source, k, r["grade"], truth.get(k))
