"""Benchmark `peelkit extract` on web pages that state their grades in prose (the prose reader).

    .venv/bin/python scripts/bench_prose.py [--repeat 7] [--pages 200]

The pages are tests/prose_pages.py's (written in the published shapes: force pages, pillar pages, press
releases, lists). Times, as fresh whole processes including Python start-up, best and median of --repeat runs:

* `peelkit extract PAGE.txt --out TMP -q` on one force page (target: under 0.3 s);
* `peelkit extract FOLDER --out TMP -q` on a folder of --pages pages (target: under 10 s);
* `python -c pass` and `peelkit --version` for scale (the interpreter's and the CLI's start-up alone);

with the CPU seconds of each (on a machine shared with other work, wall time grows with the load and CPU time
much less), and checks that every run wrote every judgment the pages state. Ends with a Markdown table.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT / "src", ROOT):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from tests.prose_pages import EXPECTED, PAGES  # noqa: E402

ENV = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT / "src")}
PEELKIT = [sys.executable, "-m", "peelkit"]


def timed(cmd: list[str], repeat: int, ok: tuple[int, ...] = (0,)) -> tuple[float, float, float]:
    """(best, median) wall seconds of ``repeat`` fresh processes, and their median CPU seconds."""
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        p = subprocess.run(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        walls.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if p.returncode not in ok:
            raise SystemExit(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.decode()[-400:]}")
    return min(walls), statistics.median(walls), statistics.median(cpus)


def rows_written(out: Path) -> int:
    return sum(1 for t in ("pillars", "questions", "areas") for r in csv.DictReader((out / f"{t}.csv").open())
               if r["grade"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--pages", type=int, default=200)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        one = tmpd / "page.txt"
        one.write_text(PAGES["force_2018_integrated"], encoding="utf-8")
        folder = tmpd / "pages"
        folder.mkdir()
        stated = [n for n in sorted(PAGES) if EXPECTED[n]]
        want = 0
        for k in range(a.pages):
            name = stated[k % len(stated)]
            # the same page under another name is another source: its judgments confirm the first copy's
            (folder / f"{k:03d}_{name}.txt").write_text(PAGES[name], encoding="utf-8")
        grades: dict[tuple, set[str]] = {}
        for n in stated[:a.pages]:
            for e in EXPECTED[n]:
                grades.setdefault(e[:4], set()).add(e[4])
        want = sum(1 for g in grades.values() if len(g) == 1)  # pages that disagree are a source_conflict
        results = [
            ("python -c pass (interpreter start-up)", timed([sys.executable, "-c", "pass"], a.repeat)),
            ("peelkit --version (CLI start-up)", timed([*PEELKIT, "--version"], a.repeat)),
            ("peelkit extract: one force page", timed([*PEELKIT, "extract", str(one), "--out", str(tmpd / "o1"), "-q"],
                                                      a.repeat)),
            (f"peelkit extract: a folder of {a.pages} pages",
             # exit 1: the pages of different shapes that grade one judgment differently are a source_conflict
             timed([*PEELKIT, "extract", str(folder), "--out", str(tmpd / "o2"), "-q"], max(3, a.repeat // 2),
                   ok=(0, 1))),
        ]
        got1, got2 = rows_written(tmpd / "o1"), rows_written(tmpd / "o2")
        assert got1 == len(EXPECTED["force_2018_integrated"]), got1
        assert got2 >= want, (got2, want)
    load = os.getloadavg()[0]
    print(f"load average {load:.2f}; {a.repeat} runs each (the folder: {max(3, a.repeat // 2)})\n")
    print("| command | best s | median s | CPU s | target |\n|---|---:|---:|---:|---|")
    targets = {2: ("< 0.3 s", 0.3), 3: ("< 10 s", 10.0)}
    for k, (what, (best, med, cpu)) in enumerate(results):
        t = targets.get(k)
        verdict = "" if t is None else f"{t[0]}: {'met' if best < t[1] else 'missed'}"
        print(f"| {what} | {best:.3f} | {med:.3f} | {cpu:.3f} | {verdict} |")
    print(f"\nrows: one page {got1}, the folder {got2} distinct judgments (every judgment the pages state)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
