"""The PEEL framework as data (src/peelkit/data/rounds.toml, questions.csv, forces.csv): every round block
parses and is consistent, every area or question a layout or a generated document names exists in its
round, every wording compiles."""

from __future__ import annotations

import re
import tomllib
from importlib import resources

import pytest

from peelkit import model
from peelkit.prose import grading

from . import roundgen

ROUND_IDS = ["2014", "2015", "2016", "2017", "2018/19", "2021/22", "2023-25", "2025-27"]


def _raw() -> dict:
    with resources.files("peelkit.data").joinpath("rounds.toml").open("rb") as fh:
        return tomllib.load(fh)


def test_every_round_block_parses_with_every_key():
    raw = _raw()["rounds"]
    assert list(raw) == ROUND_IDS
    required = {"label", "year", "era", "scale", "framework", "forces", "graded_pillars", "ungraded", "uncertain"}
    for rid, block in raw.items():
        assert required <= set(block), (rid, required - set(block))
    rs = model.rounds()
    assert [r.round_id for r in rs] == ROUND_IDS  # oldest first
    assert len({r.year for r in rs}) == len(rs)


@pytest.mark.parametrize("r", model.rounds(), ids=lambda r: r.round_id)
def test_round_is_consistent(r):
    assert re.fullmatch(r"20\d\d/\d\d", r.year) and r.year[:4] == r.round_id[:4]
    assert r.era in ("pillars", "areas") and r.scale in (4, 5)
    assert (r.era == "areas") == (r.scale == 5) == (r.round_id >= "2021")  # Adequate arrived with the areas
    assert r.forces == 43
    assert set(r.graded_pillars) <= set(model.PILLARS)
    if r.era == "areas":
        assert r.graded_pillars == () and r.pillars == ()
        ids = [a.area_id for a in r.areas]
        assert len(ids) == len(set(ids)) and ids, r.round_id
        assert set(r.ungraded) <= set(ids), "an ungraded area must be one of the round's areas"
    else:
        assert r.areas == ()
    for pillar, counts in r.national:
        assert pillar in r.graded_pillars
        assert set(dict(counts)) <= set(r.grades), "a published count names a grade off the round's scale"
        assert sum(dict(counts).values()) <= r.forces
    assert model.find_round(r.round_id) is r and model.find_round(r.label) is r and model.find_round(r.year) is r


@pytest.mark.parametrize("r", [r for r in model.rounds() if r.era == "pillars"], ids=lambda r: r.round_id)
def test_every_question_of_a_pillar_round_exists_in_questions_csv(r):
    for pillar, qids in r.pillars:
        for qid in qids:
            q = model.question_by_id(qid)
            assert q is not None, (r.round_id, qid)
            assert q.pillar == pillar, (r.round_id, qid)
            assert model.find_question(q.text) is q
    asked = {qid for _, qids in r.pillars for qid in qids}
    # ungraded: a question the round asked, or the leadership strand (assessed in 2015-16, ungraded)
    assert set(r.ungraded) <= asked | {"leadership"}, r.round_id


@pytest.mark.parametrize("r", [r for r in model.rounds() if r.era == "areas"], ids=lambda r: r.round_id)
def test_every_area_wording_names_its_own_area_and_no_other(r):
    for a in r.areas:
        for w in a.wordings():
            assert r.area(w) is a, (r.round_id, w)
            assert r.area(w.upper()) is a and r.area(f"  {w}.  ".replace(" ", "  ")) is a
        assert r.area(a.area_id) is a


def test_a_state_of_policing_table_layout_is_its_rounds_graded_questions():
    """The judgments table's layout of a year is its round's data (rounds.toml): every graded pillar, each with
    its graded questions in printed order (2018/19 prints no column for the ungraded specialist capabilities)."""
    from peelkit.readers.state_of_policing import layouts

    assert list(layouts()) == ["2018/19", "2017/18"]
    for year, lay in layouts().items():
        r = model.round_for_year(year)
        assert r is not None and r.state_of_policing_table, year
        assert (lay["scale"], lay["forces"], lay["pillars"]) == (r.scale, r.forces, list(r.graded_pillars))
        for pillar, qids in lay["questions"].items():
            assert qids == [q for q in r.questions(pillar) if q not in r.ungraded], (year, pillar)
    assert "specialist-capabilities" not in layouts()["2018/19"]["questions"]["effectiveness"]
    assert layouts()["2017/18"]["questions"]["efficiency"] == ["understanding-demand", "using-resources",
                                                               "planning-future"]


@pytest.mark.parametrize("name", list(roundgen.DOCS))
def test_every_area_and_question_a_generated_document_names_exists_in_its_round(name):
    doc = roundgen.DOCS[name]()
    r = model.round_by_id(doc.round_id)
    assert r is not None
    for row in doc.expected.get("areas", []):
        assert r.area(row["area_id"]) is not None, (name, row)
    for row in doc.expected.get("questions", []):
        assert row["question_id"] in r.questions(row["pillar"]), (name, row)
    for table in ("pillars", "areas"):
        for row in doc.expected.get(table, []):
            assert model.force_by_id(row["force_id"])
            assert row["grade"] in model.GRADES


def test_wordings_compile_with_every_placeholder_filled():
    w = _raw()["wording"]
    for name, value in w.items():
        if name == "title_lines":
            assert isinstance(value, int) and value > 0
            continue
        for rx in grading.patterns(name):
            assert not re.search(r"\{[A-Z]+\}", rx.pattern), (name, rx.pattern)


@pytest.mark.parametrize("text, round_id", [
    ("PEEL 2021/22", "2021/22"), ("PEEL 2023–2025", "2023-25"), ("PEEL: Police effectiveness 2016", "2016"),
    ("PEEL: Police legitimacy (including leadership) 2017", "2017"),
    ("PEEL: Police effectiveness, efficiency and legitimacy 2018/19", "2018/19"),
    ("PEEL assessment 2023-25", "2023-25"), ("PEEL 2017: how every force was graded", "2017"),
])
def test_round_wordings_name_the_round(text, round_id):
    from peelkit.prose.lines import Text

    [(r, _)] = Text([text]).rounds_named()
    assert r.round_id == round_id


def test_a_year_that_names_no_round_is_not_a_round():
    from peelkit.prose.lines import Text

    assert Text(["PEEL 2020: inspections suspended"]).rounds_named() == []
    assert Text(["In our 2018/19 PEEL inspection"]).rounds_named() == []  # the year before PEEL: not a title


@pytest.mark.parametrize("text, force_id", [
    ("Avon & Somerset", "avon-and-somerset"), ("Met Police", "metropolitan"), ("Devon & Cornwall", "devon-and-cornwall"),
    ("Hampshire and the Isle of Wight", "hampshire"), ("GMP", "greater-manchester"), ("North Yorks", "north-yorkshire"),
    ("Thames Valley Police", "thames-valley"), ("Metropolitan Police Service", "metropolitan"),
])
def test_informal_force_names_in_lists(text, force_id):
    f = grading.list_force(text)
    assert f is not None and f.force_id == force_id


@pytest.mark.parametrize("text", ["Police, Northamptonshire", "Police Northamptonshire", "Kent, Surrey", "Narnia"])
def test_list_pieces_that_are_no_force(text):
    assert grading.list_force(text) is None


def test_the_title_line_names_the_round_before_any_prose_mention():
    from peelkit.prose.lines import Text
    from peelkit.schema import Extraction

    ex = Extraction("x.txt", "grade_list")
    assert Text(["PEEL 2017: legitimacy", "", "Compared with PEEL 2016, more forces were good."]).round(ex).round_id == "2017"
    assert Text(["Legitimacy", "PEEL 2017 and PEEL 2016 compared"]).round(ex) is None
    assert [r["kind"] for r in ex.rows("review")] == ["unknown_round"]
