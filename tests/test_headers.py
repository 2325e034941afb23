"""Question headers read by vocabulary (tables/headers.py): wrapped, interleaved with other header cells
or missing a word, a header still names its question when it is unambiguous; otherwise its columns
are not used and a finding says why."""

from __future__ import annotations

from peelkit import model
from peelkit.tables import headers
from peelkit.readers.state_of_policing import parse
from tests.test_converters import lines_of, question_rows, want_questions

EFF = model.pillar_questions("effectiveness")


def _id(q):
    return q.question_id if q else None


def test_the_exact_text_and_its_other_wordings():
    q, how = headers.match("How well is the force planning for the future?", model.pillar_questions("efficiency"))
    assert (q.question_id, how) == ("planning-future", "exact")  # the 2018/19 wording of planning-future


def test_a_header_missing_words_still_names_its_question():
    # pdfplumber layout=True of a larger type (the example)
    q, how = headers.match("How effective is the preventing crime, tackling anti-social behaviour people safe?", EFF)
    assert _id(q) == "preventing-crime" and "distinctive words" in how


def test_a_header_with_a_word_of_its_neighbour_still_names_its_question():
    q, _ = headers.match("How effective is the force at tackling serious and organised crime? harm", EFF)
    assert _id(q) == "serious-organised-crime"


def test_an_ambiguous_or_empty_header_names_nothing_and_says_why():
    q, why = headers.match("serious organised investigating reducing re-offending", EFF)
    assert q is None and "as close to" in why
    q, why = headers.match("How effective is the force at", EFF)
    assert q is None and "0%" in why


def test_two_headers_reading_as_one_question_are_both_left_unnamed():
    texts = ["How effective is the preventing crime, anti-social behaviour people safe?",
             "preventing crime, tackling anti-social behaviour and keeping"]
    qs, why = headers.match_all(texts, EFF)
    assert qs == [None, None] and all("also reads as 'preventing-crime'" in w for w in why)


def test_distinctive_words_leave_out_what_the_questions_share():
    words = headers.distinctive(("meeting-demand", "planning-future"))
    assert "resources" in words["meeting-demand"] and "future" in words["planning-future"]
    assert not words["meeting-demand"] & words["planning-future"]


def test_a_header_that_lost_a_word_in_converter_text_gives_the_whole_table():
    """pypdfium2's text of the preventing-crime header without "keeping": before, the header named three
    of the four questions and none of the question columns was used."""
    lines = lines_of("plain", "pypdfium2.txt")
    assert lines[10] == "anti-social behaviour and keeping"
    damaged = [ln.replace(" and keeping", " and") if i in (10, 81) else ln for i, ln in enumerate(lines)]
    ex = parse(damaged, "pypdfium2.txt")
    assert question_rows(ex.tables) == want_questions()


def test_a_header_that_lost_too_much_is_a_finding_and_its_columns_are_not_used():
    lines = lines_of("plain", "pypdfium2.txt")
    damaged = list(lines)
    damaged[9:12] = ["How effective is the force at", "crime,", "and"]  # preventing-crime, effectiveness A-M
    ex = parse(damaged, "pypdfium2.txt")
    got = question_rows(ex.tables)
    assert all(want_questions()[k] == v for k, v in got.items())  # nothing placed wrongly
    a_to_m = [f.force_id for f in model.forces() if f.name < "N"]
    assert not any((f, "preventing-crime") in got for f in a_to_m)
    found = [r for r in ex.tables["review"] if r["kind"] == "layout" and "question column pairs" in r["message"]]
    assert found and found[0]["pillar"] == "effectiveness"


def test_markdown_headers_cut_mid_word_and_missing_letters_are_matched_as_a_whole():
    """pymupdf4llm's cells of a legitimacy header (letters lost where the header spans two cells): each
    header alone is nearly as alike with two questions, the assignment as a whole is not."""
    leg = model.pillar_questions("legitimacy")
    groups = ["howwelldoestheforcettthlitreaepeoeserveswithfairnessandrespect",
              "howwelldoestheforceensurethatitsworkforcebhtilldeavesecayanlawfully",
              "howwelldoestheforcettitkfithreaswoorcewfairnessandrespect"]
    assert [_id(q) for q in headers.match_letters(groups, leg)] == [
        "fair-treatment-public", "ethical-workforce", "fair-treatment-workforce"]
    # two headers that could each be either fair-treatment question: nothing named
    alike = ["howwelldoestheforcetreatfairnessandrespect"] * 2
    assert headers.match_letters(alike, [q for q in leg if q.question_id.startswith("fair")]) == [None, None]


def test_question_texts_read_in_another_order_than_the_layout_name_no_column():
    """pdftotext's default mode can move a header's text blocks: the questions then read in an order
    the layout does not print them in, and the header cannot say which pair is which (before, the
    printed order was taken: the two questions' values were swapped)."""
    lines = lines_of("plain", "pypdfium2.txt")
    at = lines.index("How well does the force treat the", 240)
    assert lines[at + 4] == "How well does the force ensure"
    block_a, block_b = lines[at:at + 3], lines[at + 4:at + 7]  # fair-treatment-public, ethical-workforce
    damaged = lines[:at] + block_b + [lines[at + 3]] + block_a + lines[at + 7:]
    ex = parse(damaged, "pypdfium2.txt")
    got = question_rows(ex.tables)
    assert all(want_questions()[k] == v for k, v in got.items())  # nothing placed wrongly
    a_to_m = {f.force_id for f in model.forces() if f.name < "N"}
    assert not any(f in a_to_m and q.startswith(("fair", "ethical")) for f, q in got)
    assert any("not the layout's" in r["message"] for r in ex.tables["review"] if r["pillar"] == "legitimacy")
