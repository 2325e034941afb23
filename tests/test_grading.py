"""The one item->grade back-end (prose/grading.py) on small inline lists: splitting printed lists into
items, and every placement rule (unknown items, duplicates, scale, counts, the rest of a by-exception
statement, completeness, the published distribution)."""

from __future__ import annotations

import pytest

from peelkit import model
from peelkit.prose.grading import (Claim, Count, Fragment, Grader, Rest, Subject, Where, area_universe,
                                   force_universe, split_items)
from peelkit.schema import Extraction

R17 = model.round_by_id("2017")
R21 = model.round_by_id("2021/22")
FORCES = [f.force_id for f in model.forces()]


def cut(lines: list[str], rnd=R21, kind: str = "area") -> list[tuple[str, str | None, int]]:
    u = area_universe(rnd) if kind == "area" else force_universe(rnd)
    sp = split_items([Fragment(t, Where(line=i + 1)) for i, t in enumerate(lines)], u.resolve)
    assert sp.ambiguous is None
    return [(c.text, u.resolve(c.text), c.where.line) for c in sp.items]


def test_names_wrapped_over_lines_and_holding_commas_and_and():
    assert cut(["Building, supporting and protecting the", "workforce", "Strategic planning, organisational",
                "management and value for money"]) == [
        ("Building, supporting and protecting the workforce", "workforce", 1),
        ("Strategic planning, organisational management and value for money", "strategic-planning", 3)]


def test_comma_lists_with_and_and_informal_names():
    assert cut(["Avon & Somerset, Devon and Cornwall, Met", "Police and Hampshire and the Isle of Wight."],
               R17, "force") == [("Avon & Somerset", "avon-and-somerset", 1), ("Devon and Cornwall", "devon-and-cornwall", 1),
                                 ("Met Police", "metropolitan", 1), ("Hampshire and the Isle of Wight", "hampshire", 2)]


def test_an_unknown_piece_is_an_item_of_its_own():
    assert cut(["Responding to the public, policing the roads and investigating crime"]) == [
        ("Responding to the public", "responding-to-public", 1), ("policing the roads", None, 1),
        ("investigating crime", "investigating-crime", 1)]


def test_a_list_that_cuts_two_ways_is_ambiguous():
    # a vocabulary in which "Kent and Surrey" is one name and also two: no cut is certain
    sp = split_items([Fragment("Kent and Surrey", Where(line=1))],
                     lambda t: {"kent": "kent", "surrey": "surrey", "kent and surrey": "kent"}.get(t.lower()))
    assert sp.ambiguous and "more than one way" in sp.ambiguous and sp.items == []


def grader(rnd=R17, pillar="legitimacy", force=None) -> tuple[Extraction, Grader]:
    ex = Extraction("x.txt", "grade_list")
    if force is None:
        g = Grader(ex, Subject(rnd, "pillars", pillar=pillar), force_universe(rnd))
    else:
        g = Grader(ex, Subject(rnd, "areas", force=model.force_by_id(force)), area_universe(rnd))
    return ex, g


def claims(pairs, how="listed") -> list[Claim]:
    return [Claim(t, g, Where(line=i + 1), how=how) for i, (t, g) in enumerate(pairs)]


def test_duplicates_unknown_items_and_scale():
    ex, g = grader()
    g.place(claims([("Kent", "Outstanding"), ("Surrey", "Good"), ("Surrey", "Requires improvement"),
                    ("Durham", "Good"), ("Durham", "Good"), ("Narnia", "Good"), ("Essex", "Adequate")], "placed"))
    got = {r["force_id"]: r["grade"] for r in ex.rows("pillars")}
    assert got == {"kent": "Outstanding", "surrey": None, "durham": "Good", "essex": None}
    k = sorted(r["kind"] for r in ex.rows("review"))
    assert k == ["bad_row", "duplicate_force", "duplicate_force", "missing_force", "off_scale"]
    off = next(r for r in ex.rows("review") if r["kind"] == "off_scale")
    assert off["source_line"] == 7 and off["found"] == "Adequate"


def test_counts_beside_a_complete_list_become_printed_totals():
    ex, g = grader()
    cs = claims([(f, "Good") for f in FORCES])
    g.place(cs, [Count(43, Where(line=1), "Good", "table")], totals=True)
    [t] = ex.rows("printed_totals")
    assert (t["value"], t["count"], t["kind"], t["pillar"], t["round"]) == ("Good", 43, "table", "legitimacy", "2017")


def test_a_partial_set_of_counts_is_checked_in_place():
    ex, g = grader()
    g.place(claims([("Kent", "Outstanding"), ("Surrey", "Requires improvement")]),
            [Count(2, Where(line=9), "Requires improvement", "sentence")], totals=True)
    assert ex.rows("printed_totals") == []
    m = next(r for r in ex.rows("review") if r["kind"] == "count_mismatch")
    assert (m["expected"], m["found"], m["source_line"]) == ("2", "1", 9)


def test_the_rest_is_placed_only_when_every_exception_is_named():
    # PEEL 2015 legitimacy: no published distribution in rounds.toml to hold the list against
    ex, g = grader(model.round_by_id("2015"))
    g.place(claims([("Kent", "Outstanding"), ("Cleveland", "Requires improvement")], "named"),
            [Count(1, Where(line=2), "Requires improvement", "sentence")], Rest("Good", Where(line=3), 41))
    got = {r["force_id"]: r["grade"] for r in ex.rows("pillars")}
    assert len(got) == 43 and got["kent"] == "Outstanding" and got["cleveland"] == "Requires improvement"
    assert sum(v == "Good" for v in got.values()) == 41 and ex.rows("review") == []
    assert {r["source_line"] for r in ex.rows("pillars") if r["grade"] == "Good"} == {3}

    ex, g = grader(model.round_by_id("2015"))
    g.place(claims([("Kent", "Outstanding"), ("Cleveland", "Requires improvement")], "named"),
            [Count(2, Where(line=2), "Requires improvement", "sentence")], Rest("Good", Where(line=3)))
    assert {r["force_id"] for r in ex.rows("pillars")} == {"kent", "cleveland"}
    assert "cannot be applied" in next(r for r in ex.rows("review") if r["kind"] == "layout")["message"]


def test_the_rest_is_held_against_the_published_distribution():
    ex, g = grader()  # PEEL 2017 legitimacy was 1 / 35 / 6 / 0: one exception named of seven
    g.place(claims([("Kent", "Outstanding")], "named"), rest=Rest("Good", Where(line=3)))
    assert [r["force_id"] for r in ex.rows("pillars") if r["grade"]] == ["kent"]
    assert "an exception may be missing" in next(r for r in ex.rows("review") if r["kind"] == "layout")["message"]


def test_the_rest_is_never_a_grade_off_the_scale():
    ex, g = grader()
    g.place(claims([("Kent", "Outstanding")], "named"), rest=Rest("Adequate", Where(line=3)))
    assert [r["force_id"] for r in ex.rows("pillars")] == ["kent"]


def test_areas_against_the_sentence_count_and_the_ungraded_area():
    ex, g = grader(R21, force="leicestershire")
    cs = claims([("Investigating crime", "Good"), ("Responding to the public", "Adequate"),
                 ("Providing a service to victims of crime", "Good")], "placed")
    g.place(cs, [Count(3, Where(line=1), None, "sentence", of=10)])
    got = {r["area_id"]: r["grade"] for r in ex.rows("areas")}
    assert got == {"investigating-crime": "Good", "responding-to-public": "Adequate", "victims": None}
    # the service to victims is never graded: its grade is refused, the document's count (3 listed) holds
    assert [r["kind"] for r in ex.rows("review")] == ["unexpected_value"]

    ex, g = grader(R21, force="leicestershire")
    g.place(claims([("Investigating crime", "Good")], "placed"), [Count(2, Where(line=1), None, "sentence", of=10)])
    [f] = ex.rows("review")
    assert (f["kind"], f["expected"], f["found"]) == ("missing_area", "2", "1")


def test_a_complete_national_list_is_checked_against_the_published_figures():
    ex, g = grader(model.round_by_id("2016"), "effectiveness")
    g.place(claims([(f, "Good") for f in FORCES], "placed"))  # 43 good: PEEL 2016 effectiveness was 1 / 28 / 13 / 1
    [f] = ex.rows("review")
    assert f["kind"] == "total_mismatch" and "published national figures" in f["message"]


def test_a_list_without_counts_is_placed_only_when_it_is_complete_and_as_published():
    truth = {f: ("Outstanding" if f == "durham" else "Inadequate" if f == "bedfordshire" else "Good") for f in FORCES}
    for f in FORCES[11:24]:  # 13 forces, neither Durham nor Bedfordshire
        truth[f] = "Requires improvement"
    r16 = model.round_by_id("2016")
    ex, g = grader(r16, "effectiveness")
    g.place(claims(list(truth.items())))  # complete, 1 / 28 / 13 / 1 as published
    assert sum(r["grade"] is not None for r in ex.rows("pillars")) == 43 and ex.rows("review") == []

    ex, g = grader(r16, "effectiveness")
    g.place(claims([(f, gr) for f, gr in truth.items() if f != "kent"]))  # a line lost: is its heading lost too?
    assert all(r["grade"] is None for r in ex.rows("pillars"))
    assert {r["kind"] for r in ex.rows("review")} == {"layout", "missing_force"}

    ex, g = grader(r16, "effectiveness")
    truth["durham"] = "Good"  # complete, but 0 / 29 / 13 / 1: a heading may be lost
    g.place(claims(list(truth.items())))
    assert all(r["grade"] is None for r in ex.rows("pillars"))
    assert {r["kind"] for r in ex.rows("review")} == {"layout", "total_mismatch"}


@pytest.mark.parametrize("rid", ["2021/22", "2023-25"])
def test_every_area_wording_of_a_round_is_one_item(rid):
    rnd = model.round_by_id(rid)
    names = [a.name for a in rnd.areas]
    assert [x[1] for x in cut(names, rnd)] == [a.area_id for a in rnd.areas]
    assert [x[1] for x in cut([", ".join(names[:-1]) + " and " + names[-1]], rnd)] == [a.area_id for a in rnd.areas]
