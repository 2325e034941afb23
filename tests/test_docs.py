"""The README documents what the code does: the data dictionary is generated from the schema."""

from __future__ import annotations

import runpy

from .conftest import ROOT


def test_readme_data_dictionary_matches_the_schema():
    dd = runpy.run_path(str(ROOT / "scripts" / "data_dictionary.py"))["markdown"]()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert dd in readme, "README data dictionary is stale: paste `python scripts/data_dictionary.py`"


def test_readme_names_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
