"""The layout readers' settings have one shape: a frozen dataclass of documented fields with defaults, its defaults
one module constant, taken as ``settings`` by the reader's entry and handed to its stages; another value is
``dataclasses.replace(DEFAULT, ...)`` passed as ``settings``."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from peelkit.readers import area_report
from peelkit.sources import words
from peelkit.sources.words import Word
from peelkit.tables import columns, geometry

# (class, its defaults, every field's default: pinned, so a tidy-up can never change a value)
SETTINGS = [
    (words.WordSettings, words.WORDS, {"x_tolerance": 3.0, "y_tolerance": 3.0}),
    (geometry.PageSettings, geometry.PAGE,
     {"line": 0.45, "edge": 0.5, "header_row": 0.6, "header_near": 1.6, "last_level": 0.5, "last_gap": 2.0,
      "last_wrap": 1.5, "last_overlap": 0.5, "grid_force": 0.5, "head_gap": 2.5, "name_wrap": 0.45, "name_lines": 3,
      "pitch": 2.0, "straddle": 0.25, "band_edge": 0.3, "level": 1.5}),
    (columns.CharGridSettings, columns.CHAR_GRID,
     {"char": 0.5, "line": 1.2, "height": 1.0, "end_blanks": 2, "header_lines": 12}),
    (area_report.GridSettings, area_report.GRID,
     {"phrase_gap": 0.75, "column_tol": 1.5, "row_tol": 0.6, "min_gap": 3}),
]


@pytest.mark.parametrize("cls,default,values", SETTINGS, ids=[c.__name__ for c, _, _ in SETTINGS])
def test_one_shape_and_the_same_values(cls, default, values):
    assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen
    assert cls.__name__.endswith("Settings") and cls.__doc__
    assert default == cls()  # the module's constant is the defaults
    assert dataclasses.asdict(default) == values
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(default, next(iter(values)), 0)
    source = inspect.getsource(cls)
    for name in values:  # each field says what it is, on its line
        assert any(line.strip().startswith(f"{name}:") and "#" in line for line in source.splitlines()), name


@pytest.mark.parametrize("entry,default", [
    (words.chars_to_words, words.WORDS), (geometry.analyse_page, geometry.PAGE),
    (columns.parse_columns, columns.CHAR_GRID), (area_report.parse, area_report.GRID),
])
def test_each_reader_takes_its_settings_the_same_way(entry, default):
    assert inspect.signature(entry).parameters["settings"].default is default


def test_an_override_reaches_the_stages():
    # words: a wider x tolerance joins two characters 4 points apart
    chars = [("a", 0.0, 5.0, 10.0, 17.0, True), ("b", 9.0, 14.0, 10.0, 17.0, True)]
    assert [w.text for w in words.chars_to_words(chars)] == ["a", "b"]
    wide = dataclasses.replace(words.WORDS, x_tolerance=5.0)
    assert [w.text for w in words.chars_to_words(chars, wide)] == ["ab"]
    # the character grid: a character twice as wide puts a word twice as far right
    half = columns.line_words("   Kent", 1, 0)[0]
    assert (half.x0, half.x1) == (1.5, 3.5)
    full = columns.line_words("   Kent", 1, 0, dataclasses.replace(columns.CHAR_GRID, char=1.0))[0]
    assert (full.x0, full.x1) == (3.0, 7.0)
    # the page reader keeps its settings for its later stages
    page = [Word("PEEL", 0, 20, 0, 10), Word("judgments", 22, 60, 0, 10), Word("table", 62, 80, 0, 10)]
    strict = dataclasses.replace(geometry.PAGE, edge=0.0)
    assert geometry.analyse_page(page, 1, settings=strict).settings is strict
    assert geometry.analyse_page(page, 1).settings is geometry.PAGE
    # an area summary: a smaller phrase gap splits the phrase
    line = [Word("Good", 0, 10, 0, 1), Word("work", 10.5, 20, 0, 1)]
    assert len(area_report.phrases(line, 1.0)) == 1
    assert len(area_report.phrases(line, 1.0, dataclasses.replace(area_report.GRID, phrase_gap=0.25))) == 2
