"""The measure of the product: the real pages the Inspectorate published (../shared/real, outside the project,
with their truth and score.py). The score reached is held here: 0 wrong, 0 extra, at least FOUND judgments
found; and one extract over the whole folder writes one package that validates, with a history for every force.
Skipped, saying why, where the folder is not there (a clone outside this workplace)."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real"
PEELKIT = Path(sys.executable).with_name("peelkit")
FOUND = 260  # judgments found on 2026-12-07 (of 260); never lower

pytestmark = pytest.mark.skipif(not (REAL / "score.py").is_file() or not (REAL / "truth.csv").is_file(),
                                reason=f"{REAL} (the real pages and their truth) is not on this machine")


def _total(out: str, table: str) -> dict[str, int]:
    lines = out.splitlines()
    head = next(i for i, ln in enumerate(lines) if ln.split() and ln.split()[0] == table)
    cols = lines[head].split()[1:]
    total = next(ln for ln in lines[head:] if ln.startswith("TOTAL"))
    return dict(zip(cols, map(int, total.split()[1:])))


def test_the_real_pages_score_holds(tmp_path):
    p = subprocess.run([sys.executable, str(REAL / "score.py"), str(PEELKIT), str(REAL), "--work", str(tmp_path)],
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    total = _total(p.stdout, "round")
    assert total["wrong"] == 0, p.stdout
    assert total["extra"] == 0, p.stdout
    assert total["found"] >= FOUND, p.stdout


def _bodies(folder: Path) -> list[Path]:
    folder.mkdir()
    out = []
    for f in sorted(REAL.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        if "\n----\n" in text:
            out.append(folder / f.name)
            out[-1].write_text(text.split("\n----\n", 1)[1], encoding="utf-8")
    return out


def test_one_extract_over_every_real_page_writes_one_package_that_validates(tmp_path):
    pages = _bodies(tmp_path / "in")
    out = tmp_path / "out"
    p = subprocess.run([str(PEELKIT), "extract", str(tmp_path / "in"), "--out", str(out), "-q"],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode in (0, 1), p.stderr
    review = list(csv.DictReader((out / "review.csv").open(encoding="utf-8")))
    unread = [r for r in review if r["kind"] == "unread_file"]
    if p.returncode == 1:  # every page it could not read is listed with its reason, and said on stderr
        assert unread and all(r["message"] for r in unread)
        assert re.search(r"\d+ of \d+ files could not be read", p.stderr)
    v = subprocess.run([str(PEELKIT), "validate", str(out), "--sources", str(tmp_path / "in")],
                       capture_output=True, text=True, timeout=300)
    assert v.returncode == 0, v.stdout + v.stderr
    forces = {r["force_id"] for t in ("pillars", "questions") for r in csv.DictReader((out / f"{t}.csv").open())}
    truth = {r["force"] for r in csv.DictReader((REAL / "truth.csv").open(encoding="utf-8"))}
    assert len(forces) == len(truth) and len(pages) == 81
    from typer.testing import CliRunner

    from peelkit.cli import app

    for force in sorted(forces):
        h = CliRunner().invoke(app, ["history", "--force", force, "--data", str(out), "-f", "csv"])
        assert h.exit_code == 0 and force in h.stdout, h.output
