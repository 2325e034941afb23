"""Vocabulary normalisation: forces and aliases, grades, trends, years, number words."""

from __future__ import annotations

import pytest

from peelkit import model
from peelkit.errors import UnknownNameError


def test_43_forces_with_unique_police_uk_slugs():
    fs = model.forces()
    assert len(fs) == 43
    assert len({f.force_id for f in fs}) == 43
    ids = {f.force_id for f in fs}
    assert {"leicestershire", "avon-and-somerset", "metropolitan", "city-of-london", "dyfed-powys"} <= ids
    assert len({f.region for f in fs}) == 10


@pytest.mark.parametrize("text,force_id", [
    ("Leicestershire", "leicestershire"), ("Leics", "leicestershire"), ("leicestershire police", "leicestershire"),
    ("LEICESTERSHIRE", "leicestershire"), ("Met", "metropolitan"), ("Metropolitan Police Service", "metropolitan"),
    ("Metropolitan Police", "metropolitan"), ("Devon & Cornwall", "devon-and-cornwall"),
    ("Dyfed Powys", "dyfed-powys"), ("Dyfed-Powys", "dyfed-powys"), ("avon-and-somerset", "avon-and-somerset"),
    ("Avon and Somerset Constabulary", "avon-and-somerset"), ("GMP", "greater-manchester"),
    ("City of London Police", "city-of-london"), ("Thames Valley Police", "thames-valley"),
])
def test_force_aliases(text, force_id):
    assert model.find_force(text).force_id == force_id


def test_unknown_force_gets_suggestions():
    with pytest.raises(UnknownNameError) as err:
        model.resolve_force("Leicstershire")
    assert err.value.suggestions[0] == "Leicestershire"
    assert "did you mean 'Leicestershire'" in str(err.value)
    assert err.value.exit_code == 2
    assert model.find_force("Narnia") is None


@pytest.mark.parametrize("text,grade", [
    ("Good", "Good"), ("**Good**", "Good"), ("requiring improvement", "Requires improvement"),
    ("Requires  improvement", "Requires improvement"), ("INADEQUATE", "Inadequate"), ("Adequate", "Adequate"),
    ("Ungraded", "Ungraded"), ("outstanding", "Outstanding"), ("Fine", None),
])
def test_grades(text, grade):
    assert model.grade(text) == grade


@pytest.mark.parametrize("text,trend", [
    ("Improved", "Improved"), ("better", "Improved"), ("↑", "Improved"), ("same", "Unchanged"),
    ("↔", "Unchanged"), ("worse", "Declined"), ("↓", "Declined"), ("Declined", "Declined"), ("sideways", None),
])
def test_trends(text, trend):
    assert model.trend(text) == trend


@pytest.mark.parametrize("text,year", [
    ("2018/19", "2018/19"), ("2018-19", "2018/19"), ("2018/2019", "2018/19"), ("2018 / 19", "2018/19"),
    ("2018/20", None), ("2018", None), ("Good", None),
])
def test_year_labels(text, year):
    assert model.year_label(text) == year


@pytest.mark.parametrize("text,n", [
    ("one", 1), ("six", 6), ("35", 35), ("ten", 10), ("twenty-one", 21), ("thirty two", 32), ("many", None),
])
def test_number_words(text, n):
    assert model.number(text) == n


def test_report_style_numbers():
    assert [model.number_words(n) for n in (1, 6, 10, 25, 35)] == ["one", "six", "ten", "25", "35"]


def test_questions_by_printed_text():
    q = model.find_question("**How well does the force plan  for the future?**")
    assert (q.pillar, q.question_id) == ("efficiency", "planning-future")
    assert [q.question_id for q in model.pillar_questions("legitimacy", "2018/19")] == [
        "fair-treatment-public", "ethical-workforce", "fair-treatment-workforce"]


def test_pillars_and_scale():
    assert model.pillar("## £ Efficiency") is None or model.pillar("£ Efficiency") == "efficiency"
    assert model.pillar("Legitimacy") == "legitimacy"
    assert model.scale_of(["Good", "Adequate"]) == 5 and model.scale_of(["Good"], "2018/19") == 4
    # a year that is no round's: the scale of the last round that began before it (data/rounds.toml)
    assert model.scale_of(["Good"], "2019/20") == 4 and model.scale_of(["Good"], "2022/23") == 5
