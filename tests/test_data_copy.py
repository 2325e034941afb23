"""The JSON copy of the package's TOML data (src/peelkit/data/toml_data.json) is current and read."""

from __future__ import annotations

import json
import tomllib
import zlib

import pytest

from peelkit import model

COPIED = ("rounds.toml",)


def test_the_copy_is_made_from_the_toml_files_as_they_are():
    copy = json.loads(model.data_file(model.DATA_COPY).read_text(encoding="utf-8"))
    assert sorted(copy) == sorted(COPIED)
    for name in COPIED:
        raw = model.data_file(name).read_bytes()
        assert copy[name]["crc32"] == zlib.crc32(raw), f"{name} changed: run scripts/compile_data.py"
        assert copy[name]["data"] == tomllib.loads(raw.decode("utf-8"))


@pytest.mark.parametrize("name", COPIED)
def test_read_toml_gives_the_toml_whether_the_copy_is_current_stale_or_missing(name, tmp_path, monkeypatch):
    want = tomllib.loads(model.data_file(name).read_text(encoding="utf-8"))
    assert model.read_toml(name) == want
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / name).write_bytes(model.data_file(name).read_bytes() + b"\n# edited\n")  # the copy is stale
    copy = json.loads(model.data_file(model.DATA_COPY).read_text(encoding="utf-8"))
    copy[name]["data"] = {"stale": True}
    (folder / model.DATA_COPY).write_text(json.dumps(copy), encoding="utf-8")
    monkeypatch.setattr(model, "_DATA", folder)
    assert model.read_toml(name) == want  # the TOML itself, not the stale copy
    (folder / model.DATA_COPY).write_text("{not json", encoding="utf-8")
    assert model.read_toml(name) == want
    (folder / model.DATA_COPY).unlink()
    assert model.read_toml(name) == want


def test_a_run_on_the_shipped_data_does_not_import_tomllib():
    import subprocess
    import sys

    code = ("import sys, peelkit.model as m, peelkit.readers.state_of_policing as s, peelkit.prose.grading as g; "
            "m.rounds(); s.layouts(); g.wording(); print('tomllib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
