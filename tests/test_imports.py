"""The import graph of src/peelkit (``scripts/imports.py``): no circle, imports inside functions counted, and no
import from a lower layer to a higher one. A failure names each offending import (module, line, whether it sits
inside a function)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def imports():
    """scripts/imports.py as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("peelkit_imports_script", ROOT / "scripts" / "imports.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    yield mod
    sys.modules.pop(spec.name, None)


@pytest.fixture(scope="module")
def graph(imports):
    return imports.graph()


def test_the_graph_covers_the_package(imports, graph):
    assert set(graph) == set(imports.modules())
    assert "peelkit.extract" in graph and "peelkit.validate" in graph
    assert sum(len(edges) for edges in graph.values()) > 100  # the package's own imports are seen


def test_no_import_circle(imports, graph):
    found = [p for p in imports.problems(graph) if p.startswith("circle:")]
    assert not found, "import circles (each tie: importer -> imported, line):\n" + "\n".join(found)


def test_no_upward_import(imports, graph):
    found = [p for p in imports.problems(graph) if p.startswith("upward:")]
    assert not found, "imports from a lower layer to a higher one:\n" + "\n".join(found)


def test_every_module_has_a_layer(imports, graph):
    found = [p for p in imports.problems(graph) if p.startswith("no layer:")]
    assert not found, "\n".join(found)


# ------------------------------------------------------------------ the checker itself


def _package(tmp_path: Path, files: dict[str, str]) -> dict[str, Path]:
    out = {}
    for name, text in files.items():
        p = tmp_path / "pkg" / f"{name}.py"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
        out[f"pkg.{name}"] = p
    return out


def test_an_import_inside_a_function_closes_a_circle(imports, tmp_path):
    mods = _package(tmp_path, {
        "low": "from . import high\n",
        "high": "def f():\n    from .low import thing\n    return thing\n",
        "alone": "import os\n",
    })
    g = {name: imports.imports(name, path, set(mods)) for name, path in mods.items()}
    assert g["pkg.high"] == [("pkg.low", 2, True)]  # (module, line, inside a function)
    assert g["pkg.low"] == [("pkg.high", 1, False)]
    assert imports.circles(g) == [["pkg.high", "pkg.low"]]


def test_layers_order_core_below_interface(imports):
    assert imports.layer("peelkit.errors") < imports.layer("peelkit.sources.pdf") < imports.layer("peelkit.tables.rows")
    assert imports.layer("peelkit.tables.rows") < imports.layer("peelkit.readers.area_report")
    assert imports.layer("peelkit.readers.area_report") < imports.layer("peelkit.extract")
    assert imports.layer("peelkit.extract") < imports.layer("peelkit.export.book") < imports.layer("peelkit.render")
