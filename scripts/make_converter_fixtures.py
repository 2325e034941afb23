"""Regenerate tests/fixtures/converters/: small judgments-table PDFs in several styles and the text that
real PDF-to-text converters produce from them, so that tests never need the converters.

Run from anywhere, with the converter venv (it has reportlab, pymupdf, pymupdf4llm, markitdown[pdf],
pdfplumber, pypdfium2) and poppler's ``pdftotext`` on PATH:

    python3 -m venv /tmp/conv && /tmp/conv/bin/pip install reportlab pymupdf pymupdf4llm 'markitdown[pdf]' pdfplumber pypdfium2
    /tmp/conv/bin/python scripts/make_converter_fixtures.py [--out DIR] [--styles plain,grid,...]

The PDFs are built in this process by ``tests/pdfgen.py`` (``build_style_pdf``): the script puts the
repository root (for ``tests.pdfgen``) and ``src/`` (for ``peelkit``, which pdfgen uses for the
force list, the layouts and the text path's rows) at the front of ``sys.path``, so peelkit need not
be installed in the converter venv (it needs only the standard library to parse the text). The PDFs
are reproducible (reportlab ``invariant``), so regenerating with the same versions changes nothing.

For each style directory: ``table.pdf``, ``expected.json`` (the complete table's rows; not for
``blanks``) and one output per converter (``tests/converters.py``); the page texts of the per-page
converters are joined with a form feed, as pdftotext does. Outputs are written byte for byte as the
converters give them (pypdfium2 gives CRLF line ends). README.md is rewritten with the versions used.
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT / "src", ROOT):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from tests import converters, pdfgen  # noqa: E402

OUT = ROOT / "tests" / "fixtures" / "converters"


# ----------------------------------------------------------------- converters

# file name -> (how it was called, function): the converters live in tests/converters.py
CONVERTERS = {name: (call, fn) for name, (call, fn, _) in converters.CONVERTERS.items()}


def versions() -> dict[str, str]:
    out = {}
    for dist in ("reportlab", "pymupdf", "pymupdf-layout", "pymupdf4llm", "markitdown", "pdfplumber",
                 "pdfminer.six", "pypdfium2"):
        try:
            out[dist] = md.version(dist)
        except md.PackageNotFoundError:
            out[dist] = "not installed"
    try:
        import pypdfium2

        out["pypdfium2"] += f" (pdfium {pypdfium2.PDFIUM_INFO.build})"
    except Exception:  # noqa: BLE001 - informative only
        pass
    v = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True)
    out["pdftotext"] = (v.stderr or v.stdout).splitlines()[0].replace("pdftotext version ", "") + " (poppler-utils)"
    out["python"] = sys.version.split()[0]
    return out


# ----------------------------------------------------------------- fixtures


STYLE_NOTES = {
    "plain": "no rules, no fills",
    "grid": "ruled grid and grade fills (`ruled=True, fills=True`)",
    "wrapped": "narrow columns (`wrap=True`): grades, \"Last inspected\" and question texts wrap; ruled; "
               "cell padding 1.5 (`compact=True`) so the complete table fits its pages",
    "running": "running header \"State of Policing 2019 \u2013 Part 2: Our inspections\" and footer "
               "\"HMICFRS  \\|  page N\" on every page, table pages included (instead of the bare page number)",
    "spill": "each pillar's N\u2013W rows continue on an untitled page (no \"PEEL judgments table\" title, "
             "the two header rows repeated, the remaining forces and the Totals block): effectiveness "
             "keeps 12 forces on its \"continued\" page, efficiency 14, legitimacy 16; legitimacy's Totals "
             "block is also split by a page break: \"Totals\", Outstanding and Good end its untitled page, "
             "and a second untitled page repeats the two header rows (as a word processor's repeated header "
             "rows would) and holds Requires improvement and Inadequate (no second \"Totals\" label)",
    "repeated": "the six totals sentences printed twice, identical text: on a \"Summary\" page before the "
                "table and under the chapter heading \"Our 2018/19 PEEL inspections\" after it",
    "blanks": "the text path's rows as they are (today's default `build_pdf` content): the 9 column parts "
              "it refuses are blank cells (effectiveness protecting-vulnerable A\u2013M and N\u2013W, "
              "serious-organised-crime A\u2013M, the three legitimacy questions A\u2013M and N\u2013W); "
              "its totals block has only the numbers the report prints; no expected.json",
}


def _json_rows(data: dict[str, list[dict]]) -> str:
    """JSON with one row per line (small, and diffs by row)."""
    parts = []
    for k, rows in data.items():
        body = ",\n".join("  " + json.dumps(r, ensure_ascii=False) for r in rows)
        parts.append(f" {json.dumps(k)}: [\n{body}\n ]")
    return "{\n" + ",\n".join(parts) + "\n}\n"


# what the outputs showed with the versions above (checked by eye when the fixtures were made)
OBSERVED = """## What the converters did (with these versions)

- **Blank cells** (`blanks`): pdftotext (plain and `-raw`), pdfplumber, pypdfium2 and pymupdf drop
  them without a trace (a row just has fewer values); `pdftotext -layout` and pdfplumber `layout=True`
  keep them as runs of spaces at the column's position; pymupdf4llm keeps them as empty cells `||`;
  markitdown is inconsistent (some rows as small markdown tables with empty cells, others as plain
  lines without them).
- **Wrapped cells** ("Requires improvement" in two lines): `pdftotext -layout` and pdfplumber (both
  modes) print "Requires" on a line above the row and "improvement" on a line below it, the rest of
  the row on the middle line; pypdfium2 and `pdftotext -raw` keep the row in order but break the line
  inside the cell; pymupdf gives one line per cell text line; pymupdf4llm gives `Requires<br>improvement`
  in one cell, but in `wrapped` the last force row of effectiveness N–W (Wiltshire) lost
  "improvement" to a phantom row below it.
- **pdftotext default mode** prints each cell as its own paragraph and sometimes moves cells of the
  next row up (e.g. values of Cleveland printed before its name, after City of London's); not safe
  to read rows from by order.
- **pymupdf4llm** splits a header that spans two columns in the middle of its words ("Effecti" |
  "veness"), in `plain` merges the second header row into the first force row of the efficiency pages
  (`**Judgment**<br>Outstanding`), in `blanks` merges the last two Totals rows into one
  (`Requires improvement<br>Inadequate` | `6<br>1`), and on `spill`'s totals-only page merges the
  "Judgment"/"Trend" header cells. Each page chunk ends with the page number line.
- **pdfplumber `layout=True`** interleaves the wrapped question headers of neighbouring columns on
  shared lines.
- **Double spaces** ("HMICFRS  |  page N"): kept by pymupdf and pymupdf4llm, collapsed to one by
  pdftotext, pdfplumber and pypdfium2, either by markitdown (depends on its per-page path).
- **markitdown** has no page separator (no `\\f`): its output mixes plain lines and fragments of
  markdown tables, chosen page by page.
""".splitlines()


def build(out: Path, styles: list[str]) -> dict[str, dict]:
    info = {}
    expected = pdfgen.expected_rows(pdfgen.complete_tables())
    for style in styles:
        d = out / style
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
        pdf = d / "table.pdf"
        info[style] = pdfgen.build_style_pdf(pdf, style)
        if style != "blanks":
            (d / "expected.json").write_text(_json_rows(expected), encoding="utf-8")
        for name, (_, fn) in CONVERTERS.items():
            with open(d / name, "w", encoding="utf-8", newline="") as fh:  # bytes as the converter gave them
                fh.write(fn(pdf))
        print(style, info[style], flush=True)
    return info


def readme(out: Path, info: dict[str, dict], vers: dict[str, str]) -> None:
    ct = pdfgen.complete_tables()
    n_syn = sum(r["source_file"] == pdfgen.SYNTHETIC for r in ct["questions"])
    lines = [
        "# Converter fixtures",
        "",
        "Small generated PDFs of the 2018/19 PEEL judgments table in several styles, and the text that",
        "real PDF-to-text converters produce from each, so that tests never need the converters.",
        "Generated by `scripts/make_converter_fixtures.py` (PDFs from `tests/pdfgen.py`); do not edit by hand.",
        "",
        "## Regenerate",
        "",
        "    python3 -m venv /tmp/conv && /tmp/conv/bin/pip install reportlab pymupdf pymupdf4llm 'markitdown[pdf]' "
        "pdfplumber pypdfium2",
        "    /tmp/conv/bin/python scripts/make_converter_fixtures.py   # [--styles plain,spill] [--out DIR]",
        "",
        "It needs the converter venv (versions below) and poppler's `pdftotext` on PATH; the PDFs are",
        "reproducible (reportlab `invariant`), so with the same versions nothing changes.",
        "",
        "## Content",
        "",
        "Every PDF has a short narrative: one portrait page with only the paragraphs holding the year",
        "sentence (`In 2018/19, we made our fourth PEEL ...`), then the table pages (landscape; forces A\u2013M",
        "on a \"PEEL judgments table\" page and N\u2013W on a \"PEEL judgments table continued\" page per pillar,",
        "Totals block under the N\u2013W rows), then one portrait page with only the six totals sentences",
        "(\"we graded ...\", \"... stayed the same ...\"). Page numbers are centred at the foot of each page",
        "(`running`: in its footer).",
        "",
        "Except `blanks`, the table is **complete**: all 43 forces \u00d7 3 pillars (judgment + trend) and",
        "\u00d7 the 9 layout questions (judgment + last inspected: effectiveness 4, efficiency 2, legitimacy 3).",
        "Rows come from the text path (`data/raw/state_of_policing_2019_part2.txt`) where it has them;",
        f"the {n_syn} (force, question) cells it leaves empty are synthetic (tests only):",
        "grade `(\"Good\", \"Requires improvement\", \"Outstanding\", \"Inadequate\")[(i + j) % 4]`,",
        "last inspected `(\"2018/19\", \"2017/18\", \"2016/17\")[(i + j) % 3]`, i = force index in",
        "`model.forces()`, j = question position (0-based) in the pillar's layout questions",
        "(`pdfgen.complete_tables()`). The Totals block has one row per grade with a number (zeros",
        "included) under every judgment column, computed from the 43 forces; the trend and last-inspected",
        "columns of the Totals rows are empty.",
        "",
        "`expected.json` (identical in every style directory) holds the complete table:",
        "`{\"pillars\": [{force_id, pillar, grade, trend}], \"questions\": [{force_id, pillar, question_id,",
        "grade, last_inspected}], \"table_totals\": [{pillar, question_id (\"\" for the pillar), value, count}]}`.",
        "",
        "## Styles",
        "",
        "| style | pages | table pages | what |",
        "|---|---|---|---|",
    ]
    for style, i in info.items():
        lines.append(f"| `{style}` | {i['pages']} | {', '.join(map(str, i['table_pages']))} | {STYLE_NOTES[style]} |")
    lines += ["", "## Converters", "",
              "One file per converter in each style directory. Per-page outputs are joined with a form feed",
              "(`\\f`); pdftotext also ends the last page with one. Files hold the converters' bytes as given",
              "(UTF-8; `pypdfium2.txt` has CRLF line ends; `.gitattributes` keeps git from touching them).", "",
              "| file | call |", "|---|---|"]
    lines += [f"| `{name}` | {call} |" for name, (call, _) in CONVERTERS.items()]
    lines += ["", "Versions used:", ""] + [f"- {k}: {v}" for k, v in vers.items()]
    lines += ["", "pymupdf4llm ran with its layout module (pymupdf-layout) active, its default when installed.", ""]
    lines += OBSERVED
    (out / "README.md").write_text("\n".join(lines), encoding="utf-8")
    (out / ".gitattributes").write_text("* -text\n*.pdf binary\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--styles", default=",".join(pdfgen.STYLES))
    a = ap.parse_args(argv)
    styles = [s for s in a.styles.split(",") if s]
    unknown = set(styles) - set(pdfgen.STYLES)
    if unknown:
        ap.error(f"unknown styles: {sorted(unknown)}")
    a.out.mkdir(parents=True, exist_ok=True)
    info = build(a.out, styles)
    if set(styles) == set(pdfgen.STYLES):
        readme(a.out, info, versions())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
