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


def _score_variant(variant: str) -> dict[str, int]:
    """score.py's own counting (its TOTAL row) over the real pages in one of scripts/real_variants.py's shapes
    ("as is": the pages themselves), each extracted in this process (as ``peelkit extract PAGE --out DIR`` does,
    without a Python start-up per page: 81 of them cost half a minute). score.py as a whole process, exactly as
    the measure runs it, is the test below and the before-stop hook's."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("real_variants", ROOT / "scripts" / "real_variants.py")
    rv = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(rv)  # type: ignore[union-attr]
    sspec = importlib.util.spec_from_file_location("real_score", REAL / "score.py")
    score = importlib.util.module_from_spec(sspec)  # type: ignore[arg-type]
    sspec.loader.exec_module(score)  # type: ignore[union-attr]
    argv = sys.argv
    try:
        line = rv.score_variant(score, REAL, variant, rv.VARIANTS[variant])
    finally:
        sys.argv = argv
    cols = ["files", "exit0", "truth", "found", "wrong", "missed", "extra", "prior-ok"]
    return dict(zip(cols, map(int, line.split()[1:])))


def test_the_real_pages_score_holds():
    total = _score_variant("as is")
    assert total["wrong"] == 0, total
    assert total["extra"] == 0, total
    assert total["found"] >= FOUND, total


def test_score_py_as_a_whole_process_on_a_few_pages(tmp_path):
    """The measure itself (score.py calling the installed peelkit) on a folder of three real pages with their
    truth: the same counting as above, through the console script."""
    few = tmp_path / "real"
    few.mkdir()
    names = ["hmicfrs-force_kent_2017.txt", "hmicfrs-legitimacy_dyfed-powys_2018-19.txt",
             "hmicfrs-press_national_2016-effectiveness.txt"]
    for n in names + ["score.py"]:
        (few / n).write_bytes((REAL / n).read_bytes())
    for n in ("truth.csv", "truth_basis.csv", "prior_mentions.csv"):
        lines = (REAL / n).read_text(encoding="utf-8").splitlines(keepends=True)
        (few / n).write_text(lines[0] + "".join(x for x in lines[1:] if x.split(",", 1)[0] in names), encoding="utf-8")
    p = subprocess.run([sys.executable, str(few / "score.py"), str(PEELKIT), str(few), "--work", str(tmp_path / "w")],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    total = _total(p.stdout, "round")
    assert (total["found"], total["wrong"], total["extra"], total["missed"]) == (14, 0, 0, 0), p.stdout


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


# the real pages in an analyst's copies (scripts/real_variants.py has them all): what each gave on 2026-12-08
VARIANT_FOUND = {"markdown headings": 260, "wrap 72": 260, "html": 260, "nav+footer": 260}


@pytest.mark.parametrize("variant", sorted(VARIANT_FOUND))
def test_the_real_pages_in_an_analysts_copies_score_as_well(variant):
    """A page converted to markdown, wrapped by a converter, saved as a web page or copied with the site's
    navigation: 0 wrong, 0 extra, and every judgment found that was found on 2026-12-08."""
    total = _score_variant(variant)
    assert (total["wrong"], total["extra"]) == (0, 0), total
    assert total["found"] >= VARIANT_FOUND[variant], total
