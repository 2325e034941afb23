"""The golden check: every output of every fixture, of data/raw and of a generated corpus, recorded once and
compared after each change that must not change behaviour (a move, a split, a rename).

    python3 scripts/golden.py record build/golden.json     # run every case with this checkout
    python3 scripts/golden.py check build/golden.json      # run again: exit 1 naming each case that differs

    git archive main src | tar -x -C /tmp/main              # another revision's outputs: its src/ on the path
    python3 scripts/golden.py record build/golden.json --src /tmp/main/src

A case is one ``peelkit`` command line run as a process (NO_COLOR, 200 columns): its exit code, its stdout and
stderr (the temporary folders' paths replaced by names) and the sha256 of every file it wrote (a workbook or a
SQLite file by its members or its dump). The cases:

* ``extract FILE --out DIR`` for every file of tests/fixtures (converters' texts and PDFs, round documents),
  of data/raw, and of the generated corpus (prose pages as text and HTML, State of Policing PDFs with and
  without narrative, random judgments tables ``tests/layoutgen.py`` draws for seeds 0-7); every PDF of the
  fixtures once more with ``--words pdfplumber``; prose pages once more with ``--round``/``--force``/``--pillar``;
* ``extract data/raw`` and ``extract`` of data/raw with every round document: two packages, on which every
  analysis command runs (query, compare, grid, diff, history, totals, reports, sources, validate) and every
  export (xlsx, accessible xlsx, csv folder, json, sqlite);
* ``debug-pdf`` on the fixture PDFs' pages, ``debug-text`` on the converters' texts.

The corpus is written once into ``--corpus`` (default build/golden-corpus, ignored by git): pass the same folder
to ``record`` and ``check`` so both read the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
RAW = ROOT / "data" / "raw"
ENV = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "PEELKIT_LOCK_WAIT": "60"}
ENV.pop("PEELKIT_HOME", None)
ENV.pop("PEELKIT_DEBUG", None)
_SECONDS = re.compile(r"(; |in )\d+(?:\.\d+)? s\b")


# ------------------------------------------------------------------ the corpus


def build_corpus(corpus: Path) -> None:
    """Write the generated documents (once: an existing corpus is kept, so two runs read the same bytes)."""
    if (corpus / ".complete").exists():
        return
    sys.path.insert(0, str(ROOT))
    shutil.rmtree(corpus, ignore_errors=True)
    for sub in ("prose", "html", "sop", "layouts"):
        (corpus / sub).mkdir(parents=True)
    from tests import layoutgen, pdfgen
    from tests.prose_pages import PAGES
    from tests.test_html_pages import FORCE_PAGE, JUDGMENTS, ROWS

    for name, text in PAGES.items():
        (corpus / "prose" / f"{name}.txt").write_text(text, encoding="utf-8")
    for name, text in (("judgments", JUDGMENTS), ("force_page", FORCE_PAGE), ("rows", ROWS)):
        (corpus / "html" / f"{name}.html").write_text(text, encoding="utf-8")
    pdfgen.build_pdf(corpus / "sop" / "full.pdf", invariant=True)
    pdfgen.build_pdf(corpus / "sop" / "ruled-fills.pdf", ruled=True, fills=True, invariant=True)
    pdfgen.build_table_only_pdf(corpus / "sop" / "table-only.pdf")
    pdfgen.build_plain_pdf(corpus / "sop" / "prose-only.pdf", ["Nothing about police grades here."] * 3)
    for seed in range(8):
        layoutgen.build(corpus / "layouts" / f"seed-{seed}.pdf", layoutgen.draw(seed))
    (corpus / ".complete").write_text("")


def documents(corpus: Path, extra: list[Path] = ()) -> list[Path]:
    files = [p for d in extra for p in sorted(Path(d).iterdir()) if p.is_file() and p.suffix in (".txt", ".pdf", ".html", ".htm")]
    files += [p for p in sorted(FIXTURES.rglob("*")) if p.is_file() and p.suffix not in (".json",)
             and p.name != "README.md"]
    files += sorted(p for p in RAW.iterdir() if p.is_file())
    files += sorted(p for p in corpus.rglob("*") if p.is_file() and not p.name.startswith("."))
    return files


def cases(corpus: Path, extra: list[Path] = ()) -> dict[str, list]:
    """name -> a list of steps: ("run", args) or ("out", path) ... run in order in one temporary folder."""
    out: dict[str, list] = {}
    for doc in documents(corpus, extra):
        rel = _rel(doc, corpus)
        out[f"extract {rel}"] = [("run", ["extract", str(doc), "--out", "{tmp}/out"]), ("files", "out")]
        if doc.suffix == ".pdf" and FIXTURES in doc.parents:
            out[f"extract --words pdfplumber {rel}"] = [
                ("run", ["extract", str(doc), "--words", "pdfplumber", "--out", "{tmp}/out"]), ("files", "out")]
            out[f"debug-pdf {rel}"] = [("run", ["debug-pdf", str(doc), "--page", "1"])]
        if doc.suffix in (".txt", ".md") and "converters" in doc.parts:
            out[f"debug-text {rel}"] = [("run", ["debug-text", str(doc)])]
            out[f"debug-text --line 40 {rel}"] = [("run", ["debug-text", str(doc), "--line", "40"])]
    for doc in sorted((corpus / "prose").glob("*.txt"))[::3]:
        for flags in (["--round", "2016"], ["--force", "Kent"], ["--pillar", "legitimacy"]):
            out[f"extract {' '.join(flags)} {_rel(doc, corpus)}"] = [
                ("run", ["extract", str(doc), *flags, "--out", "{tmp}/out"]), ("files", "out")]
    for name, sources in packages().items():
        out[f"package {name}"] = [("run", ["extract", *sources, "--out", "{tmp}/pkg"]), ("files", "pkg")]
        data = ["--data", "{%s}" % name]
        for args in _analyses():
            out[f"package {name}: {' '.join(args)}"] = [("run", [*args, *data])]
        for args, target in _exports():
            out[f"package {name}: export {target} {' '.join(args)}"] = [
                ("run", ["export", "{tmp}/" + target, *args, *data]), ("files", target)]
        out[f"package {name}: grown, then remove"] = [
            ("run", ["extract", str(RAW / "state_of_policing_2019_part2.txt"), "--out", "{tmp}/pkg"]),
            ("run", ["extract", *(sources[1:] or [str(RAW / "peel_effectiveness_2016_leicestershire.txt")]),
                     "--out", "{tmp}/pkg"]),
            ("run", ["sources", "-f", "csv", "--data", "{tmp}/pkg"]),
            ("run", ["remove", "state_of_policing_2019_part2.txt", "--data", "{tmp}/pkg"]), ("files", "pkg")]
    return out


def packages() -> dict[str, list[str]]:
    """The packages the analyses and exports read, built once per run: data/raw, and data/raw with every
    round document."""
    rounds = sorted(str(p) for p in (FIXTURES / "rounds").glob("*/doc.pdf"))
    return {"raw": [str(RAW)], "all": [str(RAW), *rounds]}


def _analyses() -> list[list[str]]:
    return [
        ["query", "-f", "csv"], ["query", "--force", "Leics", "-f", "json"], ["query", "--level", "area", "-f", "csv"],
        ["query", "--hide-gaps", "-f", "csv"], ["query", "--grade", "ri", "-f", "table"],
        ["compare", "--force", "Leicestershire", "-f", "csv"], ["compare", "--force", "Leics", "-f", "table"],
        ["grid", "--year", "2018/19", "--level", "question", "-f", "csv"], ["grid", "--level", "area", "-f", "csv"],
        ["grid", "--year", "2018/19", "-f", "table"],
        ["diff", "2016/17", "2018/19", "-f", "csv"], ["diff", "2016/17", "2018/19", "--force", "Leics", "-f", "table"],
        ["history", "--force", "Leics", "-f", "csv"], ["history", "--force", "Leics", "-f", "table"],
        ["totals", "-f", "csv"], ["totals", "--check", "-f", "table"], ["totals", "--by", "trend", "-f", "csv"],
        ["reports", "--force", "Leics", "-f", "csv"], ["reports", "--force", "Leics", "-f", "table"],
        ["sources", "-f", "csv"], ["validate"],
    ]


def _exports() -> list[tuple[list[str], str]]:
    return [(["--force", "Leicestershire"], "board.xlsx"), (["--force", "Leics", "--accessible"], "acc.xlsx"),
            ([], "national.xlsx"), (["--force", "Leicestershire", "-f", "csv"], "board-csv"),
            (["-f", "json"], "data.json"), (["-f", "sqlite"], "data.sqlite")]


def _rel(p: Path, corpus: Path) -> str:
    for base, name in ((ROOT, ""), (corpus, "corpus/")):
        try:
            return name + str(p.relative_to(base))
        except ValueError:
            pass
    return str(p)


# ------------------------------------------------------------------ running


def run_case(peelkit: str, steps: list, corpus: Path, built: dict[str, str]) -> dict:
    with tempfile.TemporaryDirectory(prefix="golden-") as tmp:
        result: dict = {"runs": [], "files": {}}
        for kind, arg in steps:
            if kind == "run":
                args = [a.replace("{tmp}", tmp) for a in arg]
                args = [built.get(a, a) for a in args]
                p = subprocess.run([peelkit, *args], capture_output=True, text=True, env=ENV, cwd=tmp)
                result["runs"].append({"rc": p.returncode, "stdout": _clean(p.stdout, tmp, corpus, built),
                                       "stderr": _clean(p.stderr, tmp, corpus, built)})
            else:
                result["files"].update(_digests(Path(tmp) / arg, arg))
        return result


def _clean(text: str, tmp: str, corpus: Path, built: dict[str, str]) -> str:
    text = text.replace(os.path.realpath(tmp), "{tmp}").replace(tmp, "{tmp}")
    for name, path in built.items():
        text = text.replace(path, name)
    text = _SECONDS.sub(r"\1{time} s", text)  # a command's own timing: the one thing allowed to vary
    text = text.replace(str(corpus), "{corpus}").replace(str(ROOT), "{root}")
    return text.replace(ENV["PYTHONPATH"].removesuffix("/src"), "{root}") if ENV.get("PYTHONPATH") else text


def _digests(path: Path, name: str) -> dict[str, str]:
    if not path.exists():
        return {name: "(missing)"}
    if path.is_dir():
        out: dict[str, str] = {}
        for p in sorted(path.rglob("*")):
            if p.is_file():
                out.update(_digests(p, f"{name}/{p.relative_to(path)}"))
        return out
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return {f"{name}:{m}": _sha(z.read(m)) for m in sorted(z.namelist())}
    if path.suffix == ".sqlite":
        con = sqlite3.connect(path)
        try:
            return {name: _sha("\n".join(con.iterdump()).encode())}
        finally:
            con.close()
    return {name: _sha(path.read_bytes())}


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def run_all(peelkit: str, corpus: Path, jobs: int, only: str | None, extra: list[Path] = ()) -> dict:
    todo = {k: v for k, v in cases(corpus, extra).items() if only is None or only in k}
    with tempfile.TemporaryDirectory(prefix="golden-packages-") as home, ThreadPoolExecutor(jobs) as pool:
        built = {"{%s}" % name: str(Path(home) / name) for name in packages()}
        for name, sources in packages().items():  # read only by the cases (an export writes elsewhere)
            subprocess.run([peelkit, "extract", *sources, "--quiet", "--out", built["{%s}" % name]],
                           capture_output=True, env=ENV, cwd=home, check=False)
        futures = {k: pool.submit(run_case, peelkit, v, corpus, built) for k, v in todo.items()}
        return {k: f.result() for k, f in futures.items()}


def compare(old: dict, new: dict) -> list[str]:
    out = []
    for name in sorted(set(old) | set(new)):
        a, b = old.get(name), new.get(name)
        if a is None or b is None:
            out.append(f"{name}: only in the {'new' if a is None else 'recorded'} run")
            continue
        if a == b:
            continue
        out.append(f"{name}: differs")
        for i, (ra, rb) in enumerate(zip(a["runs"], b["runs"])):
            for key in ("rc", "stdout", "stderr"):
                if ra[key] != rb[key]:
                    out.append(f"  run {i + 1} {key}:\n    was: {_short(ra[key])}\n    now: {_short(rb[key])}")
        for f in sorted(set(a["files"]) | set(b["files"])):
            if a["files"].get(f) != b["files"].get(f):
                out.append(f"  file {f}: {a['files'].get(f)} -> {b['files'].get(f)}")
    return out


def _short(v) -> str:
    s = str(v)
    return s if len(s) < 600 else s[:600] + f"... ({len(s)} chars)"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=("record", "check"))
    ap.add_argument("file", type=Path)
    ap.add_argument("--peelkit", default=str(ROOT / ".venv" / "bin" / "peelkit"))
    ap.add_argument("--corpus", type=Path, default=ROOT / "build" / "golden-corpus")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", help="only the cases whose name holds this text")
    ap.add_argument("--src", type=Path, help="run peelkit from this src/ folder (another revision's)")
    ap.add_argument("--extra", type=Path, action="append", default=[],
                    help="a folder of more documents (.txt, .pdf, .html) to extract, one case each (repeatable)")
    a = ap.parse_args()
    corpus = a.corpus.resolve()
    build_corpus(corpus)
    ENV.pop("PYTHONPATH", None)
    if a.src is not None:
        ENV["PYTHONPATH"] = str(a.src.resolve())
    got = run_all(a.peelkit, corpus, a.jobs, a.only, [d.resolve() for d in a.extra])
    if a.mode == "record":
        if a.only and a.file.exists():  # the other cases' records are kept
            got = {**json.loads(a.file.read_text(encoding="utf-8")), **got}
        a.file.parent.mkdir(parents=True, exist_ok=True)
        a.file.write_text(json.dumps(got, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{len(got)} cases recorded in {a.file}", file=sys.stderr)
        return 0
    old = json.loads(a.file.read_text(encoding="utf-8"))
    if a.only:
        old = {k: v for k, v in old.items() if a.only in k}
    diffs = compare(old, got)
    for line in diffs:
        print(line)
    n = sum(1 for d in diffs if not d.startswith(" "))
    print(f"{len(got)} cases: {'identical' if not n else f'{n} differ'}", file=sys.stderr)
    return 1 if n else 0


if __name__ == "__main__":
    sys.exit(main())
