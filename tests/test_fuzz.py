"""Fuzzing the State of Policing text: damaged copies never move a grade to another force.

Each example mutates the real document (drop, duplicate, swap or truncate lines, inject junk)
and parses it. The run must either raise a PeelkitError (a clean one-line error) or place only
values that the original document gives the same force. The one damage text cannot reveal is
two values of one positional column trading places (the document has no other evidence of
which force a bare value belongs to); the property then allows exactly the forces whose
values were swapped to differ. Swapped force names are caught: forces are printed A-Z; a moved
value is caught because a row's values must follow its force and interleave row by row.
"""

from __future__ import annotations

import codecs

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peelkit.errors import PeelkitError
from peelkit.parse.state_of_policing import parse
from peelkit.sources.text import decode, split_lines

SRC = "state_of_policing_2019_part2.txt"
TABLE = (112, 1345)  # 0-based line range of the judgments table and the totals sentences

JUNK = ["<div><span>junk</span></div>", "\u00a0", "Lorem ipsum dolor", "**Good**", "Inadequate\t2018/19",
        "**Kent**", "<b>Kent</b>\tGood\tUnchanged", "2016/17", "Improved", "### Totals", "#### Unrelated heading",
        "\x0c", "&nbsp;", "**Requires**", "35", "Force\tJudgment\tTrend"]

FUZZ = settings(max_examples=120, derandomize=True, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


_CACHE: dict = {}


def _doc():
    """The real document and its parse, once (not fixtures: hypothesis would print them)."""
    if not _CACHE:
        from .conftest import SOP
        from peelkit.sources.text import read_text

        lines = read_text(SOP).lines
        _CACHE["lines"], _CACHE["ex"] = lines, parse(lines, SRC)
    return _CACHE["lines"], _CACHE["ex"]


def _truth(ex):
    p = {(r["force_id"], r["pillar"]): r for r in ex.tables["pillars"]}
    q = {(r["force_id"], r["question_id"]): r for r in ex.tables["questions"]}
    return p, q


def _check(numbered, swapped=()):
    """Parse the mutated (original line number, text) list and check the property."""
    sop = _doc()[1]
    lines = [t for _, t in numbered]
    try:
        ex = parse(lines, SRC)
    except PeelkitError as exc:
        assert str(exc).startswith(SRC)
        return None
    orig_line = {k + 1: o for k, (o, _) in enumerate(numbered)}
    p0, q0 = _truth(sop)

    def near(line):  # a force whose own value line was swapped may legitimately differ
        return any(abs(line - s) <= 4 for s in swapped)

    for r in ex.tables["pillars"]:
        o = p0[(r["force_id"], r["pillar"])]
        assert orig_line[r["source_line"]] is not None, ("value read from injected junk", r)
        if near(o["source_line"]):
            continue
        assert r["grade"] in (o["grade"], None), ("grade moved", r, o)
        assert r["trend"] in (o["trend"], None), ("trend moved", r, o)
    for r in ex.tables["questions"]:
        key = (r["force_id"], r["question_id"])
        o = q0.get(key)
        if o is None:
            # a column part the original could not place (its count did not match) has no ground truth;
            # if a deleted or duplicated line makes it line up, its values still come from its own lines
            assert r["grade"] is None or r["grade"] in numbered[r["source_line"] - 1][1], r
            continue
        if near(o["source_line"]):
            continue
        assert r["grade"] in (o["grade"], None), ("question grade moved", r, o)
        assert r["last_inspected"] in (o["last_inspected"], None), ("last inspected moved", r, o)
    return ex


@FUZZ
@given(op=st.sampled_from(["drop", "duplicate", "truncate"]), i=st.integers(*TABLE))
def test_drop_duplicate_truncate(op, i):
    numbered = list(enumerate(_doc()[0], start=1))
    if op == "drop":
        del numbered[i]
    elif op == "duplicate":
        numbered.insert(i, numbered[i])  # the copy carries the same text and origin
    else:
        numbered = numbered[:i]
    _check(numbered)


@FUZZ
@given(i=st.integers(*TABLE), j=st.integers(*TABLE))
def test_swap_two_lines(i, j):
    numbered = list(enumerate(_doc()[0], start=1))
    numbered[i], numbered[j] = numbered[j], numbered[i]
    _check(numbered, swapped=(i + 1, j + 1))


@FUZZ
@given(i=st.integers(*TABLE), junk=st.sampled_from(JUNK), n=st.integers(1, 3))
def test_inject_junk(i, junk, n):
    numbered = list(enumerate(_doc()[0], start=1))
    for _ in range(n):
        numbered.insert(i, (None, junk))
    _check(numbered)


@FUZZ
@given(i=st.integers(*TABLE), k=st.integers(2, 8))
def test_drop_a_few_lines(i, k):
    # Deleting hundreds of lines can splice two sections into a table that is well formed in every
    # way the text shows (header, counts, order); no parser can tell that from a real document.
    # Short runs of lost lines are what converters and copy-paste actually produce.
    numbered = list(enumerate(_doc()[0], start=1))
    del numbered[i:i + k]
    _check(numbered)


def _rows(ex):
    return ([{k: v for k, v in r.items()} for r in ex.tables["pillars"]],
            [{k: v for k, v in r.items()} for r in ex.tables["questions"]], ex.tables["printed_totals"])


def test_encodings_line_endings_and_bom_give_identical_rows(sop):
    from .conftest import SOP

    raw = SOP.read_bytes()
    text = raw.decode("utf-8")
    variants = {
        "crlf": text.replace("\n", "\r\n").encode("utf-8"),
        "cr": text.replace("\n", "\r").encode("utf-8"),
        "bom": codecs.BOM_UTF8 + raw,
        "utf16": text.encode("utf-16"),
        "cp1252": text.encode("cp1252", errors="replace"),
    }
    for name, data in variants.items():
        decoded, _ = decode(data, SRC)
        ex = parse(split_lines(decoded), SRC)
        assert _rows(ex) == _rows(sop), name
