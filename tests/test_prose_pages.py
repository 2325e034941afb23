"""The prose reader on pages written in the shapes the Inspectorate's web pages and press releases take
(tests/prose_pages.py): every judgment a page states is read with its line, nothing else is, and what cannot be
placed is a finding. Then the same pages damaged (lines dropped, duplicated, cut mid-sentence, a grade word or a
force's name changed): a damaged page never yields a wrong grade."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peelkit import extract
from peelkit.readers import grade_list, prose_page

from .prose_pages import EXPECTED, FINDINGS, PAGES


def rows(ex) -> set[tuple[str, str, str, str, str]]:
    out = set()
    for t, level, key in (("pillars", "pillar", "pillar"), ("questions", "question", "question_id"),
                          ("areas", "area", "area_id")):
        for r in ex.rows(t):
            if r.get("grade"):
                out.add((r["force_id"], r["round"], level, r[key], r["grade"]))
    return out


def read(text: str, name: str = "page.txt"):
    return grade_list.read_text(text.split("\n"), name)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_judgment_a_page_states_is_read_and_nothing_else(name):
    ex = read(PAGES[name], name + ".txt")
    assert rows(ex) == EXPECTED[name]
    kinds = {r["kind"] for r in ex.rows("review")}
    assert FINDINGS[name] <= kinds, kinds
    for t in ("pillars", "questions", "areas"):
        for r in ex.rows(t):  # every row names the line it was read from
            line = PAGES[name].split("\n")[r["source_line"] - 1]
            assert r["source_line"] >= 1 and line.strip(), (r, line)


def test_a_page_that_is_not_about_peel_is_not_recognised(tmp_path):
    assert prose_page.recognise(PAGES["not_peel"].split("\n")) is None
    p = tmp_path / "parish.txt"
    p.write_text(PAGES["not_peel"], encoding="utf-8")
    assert extract.extract_file(p) is None


def test_a_row_names_the_line_of_the_first_statement_of_its_judgment():
    ex = read(PAGES["legitimacy_2018_questions"])
    by = {(r.get("question_id") or r["pillar"]): r["source_line"] for t in ("pillars", "questions") for r in ex.rows(t)}
    lines = PAGES["legitimacy_2018_questions"].split("\n")
    assert lines[by["legitimacy"] - 1] == "Requires improvement"  # the grade line under the pillar's question
    assert lines[by["fair-treatment-public"] - 1].startswith("The force is good at treating the public fairly.")
    assert lines[by["fair-treatment-workforce"] - 1].startswith("Northumbria Police requires improvement in how fairly")


# ------------------------------------------------------------------ damaged pages never give a wrong grade


def truth() -> dict[tuple, str]:
    """(page, force, round, level, key) -> grade, from every page's expected judgments."""
    return {(n, *e[:4]): e[4] for n, es in EXPECTED.items() for e in es}


def _damage(text: str, rng: random.Random, op: str) -> str:
    lines = text.split("\n")
    k = rng.randrange(len(lines))
    if op == "drop":
        del lines[k]
    elif op == "duplicate":
        lines.insert(k, lines[k])
    elif op == "cut":
        cut = rng.randrange(len(text))
        return text[:cut]
    elif op == "swap":
        j = rng.randrange(len(lines))
        lines[k], lines[j] = lines[j], lines[k]
    elif op == "join":
        if k + 1 < len(lines):
            lines[k:k + 2] = [lines[k] + " " + lines[k + 1]]
    elif op == "blank":
        lines.insert(k, "")
    return "\n".join(lines)


# pages whose every statement agrees (a page built to disagree with itself has no truth to keep)
CONSISTENT = sorted(n for n in PAGES if not FINDINGS[n] & {"statement_conflict", "other_force", "count_mismatch"})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(name=st.sampled_from(CONSISTENT), op=st.sampled_from(["drop", "duplicate", "cut", "join", "blank"]),
       seed=st.integers(0, 10_000))
def test_a_damaged_page_never_gives_a_wrong_grade(name, op, seed):
    """Lines dropped, duplicated, joined, blank lines added or the page cut short: every row still has the
    page's grade (a judgment may be lost, never changed). (Lines moved to another place are not damage a reader
    can see: a bullet moved under another force's lead-in says that force's grade.)"""
    damaged = _damage(PAGES[name], random.Random(seed), op)
    want = {e[:4]: e[4] for e in EXPECTED[name]}
    for r in rows(read(damaged)):
        assert r[:4] in want and want[r[:4]] == r[4], (op, r)


_OTHER = {"Good": "Inadequate", "Outstanding": "Requires improvement", "Requires improvement": "Outstanding",
          "Inadequate": "Good"}


@settings(max_examples=80, deadline=None, derandomize=True)
@given(name=st.sampled_from([n for n in CONSISTENT if EXPECTED[n]]), seed=st.integers(0, 10_000))
def test_a_grade_changed_in_one_statement_is_that_grade_or_a_conflict(name, seed):
    """One grade word changed where the page states it: the judgments that statement grades ("good at preventing
    and investigating crime": two) are read with the new grade when it was their only statement, and are not
    read at all when another statement said the old grade; no other judgment changes."""
    rng = random.Random(seed)
    text = PAGES[name]
    words = ["good", "outstanding", "requires improvement", "inadequate", "Good", "Outstanding",
             "Requires improvement", "Inadequate"]
    spots = [(i, w) for w in words for i in range(len(text)) if text.startswith(w, i)
             and (i == 0 or not text[i - 1].isalpha()) and not text[i + len(w):i + len(w) + 1].isalpha()]
    if not spots:
        return
    i, w = rng.choice(spots)
    new = _OTHER[w.capitalize() if w.islower() and w != "requires improvement" else w] \
        if w not in ("requires improvement",) else "Outstanding"
    damaged = text[:i] + (new.lower() if w[0].islower() else new) + text[i + len(w):]
    before = {e[:4]: e[4] for e in EXPECTED[name]}
    after = {r[:4]: r[4] for r in rows(read(damaged))}
    changed = [k for k in after if before.get(k) != after[k]]
    for k in changed:
        assert after[k] == new, (k, after[k], new)


@settings(max_examples=80, deadline=None, derandomize=True)
@given(name=st.sampled_from(sorted(n for n in PAGES if EXPECTED[n])), seed=st.integers(0, 10_000),
       other=st.sampled_from(["Essex Police", "Kent Police", "Avon and Somerset Constabulary", "West Midlands Police"]))
def test_a_sentence_naming_another_force_never_gives_that_force_a_grade_on_a_force_page(name, seed, other):
    rng = random.Random(seed)
    lines = PAGES[name].split("\n")
    subjects = [k for k, ln in enumerate(lines) if ln.startswith(("The force is", "The extent to which the force",
                                                                    "It is good"))]
    if not subjects:
        return
    k = rng.choice(subjects)
    lines[k] = lines[k].replace("The force", other, 1).replace("the force", other, 1).replace("It is", other + " is", 1)
    ex = read("\n".join(lines))
    forces_of_page = {e[0] for e in EXPECTED[name]}
    if len(forces_of_page) == 1:  # one force's page: the slip is a finding, never a row for the other force
        assert {r[0] for r in rows(ex)} <= forces_of_page


@pytest.mark.parametrize("width", [60, 72, 100])
def test_pages_wrapped_by_a_converter_or_save_as_text_read_the_same(width):
    """A browser's "save as text" or a converter wraps paragraphs at a width: the wrapped pages give no wrong
    grade and (nearly) every judgment (a grade word wrapped onto a line of its own is a fragment, not a grade
    line; a question heading wrapped over two lines is still a heading)."""
    import textwrap

    found = stated = 0
    for name in CONSISTENT:
        wrapped = "\n".join("\n".join(textwrap.wrap(ln, width)) if ln.strip() else ""
                            for ln in PAGES[name].split("\n"))
        want = {e[:4]: e[4] for e in EXPECTED[name]}
        got = rows(read(wrapped))
        for r in got:
            assert r[:4] in want and want[r[:4]] == r[4], (name, width, r)
        found += len(got)
        stated += len(want)
    assert found >= 0.9 * stated, (found, stated)


@pytest.mark.parametrize("mark", ["## {}", "**{}**"])
def test_pages_saved_as_markdown_read_the_same(mark):
    """A page converted to markdown (a saved web page through markitdown or pandoc) marks its short lines as
    headings or bold: the title, "Legitimacy", a grade line ("## Good"), "## Not being graded". Every page
    gives exactly the judgments it gives unmarked."""
    import re

    for name in sorted(PAGES):
        marked = re.sub(r"(?m)^([A-Z][^.\n]{0,60})$", lambda m: mark.format(m.group(1)), PAGES[name])
        assert rows(read(marked, name + ".md")) == EXPECTED[name], name


@pytest.mark.parametrize("name", ["force_2021_judgments_cells", "force_2023_judgments_cells"])
def test_a_judgments_table_copied_as_tab_separated_rows_reads_the_same(tmp_path, name):
    """A browser puts a copied table on the clipboard as rows of tab-separated cells: "Investigating crime<TAB>Good".
    Such rows are the text's tables (``sources.document.tab_tables``), read as a saved page's tables are."""
    lines = PAGES[name].split("\n")
    grades = [k for k, ln in enumerate(lines) if k > 0 and ln in ("Good", "Outstanding", "Adequate", "Inadequate",
                                                                  "Requires improvement", "Not graded")]
    for k in reversed(grades):  # each area and the grade under it on one line, tab-separated
        lines[k - 1:k + 1] = [lines[k - 1] + "\t" + lines[k]]
    src = tmp_path / "page.txt"
    src.write_text("\n".join(lines), encoding="utf-8")
    ex = extract.read_source(src)
    assert rows(ex) == EXPECTED[name]
