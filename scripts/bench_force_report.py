"""Benchmark `peelkit extract` on 60-page force report PDFs, printed beside pdftotext on the same files.

    .venv/bin/python scripts/bench_force_report.py [--pages 60] [--repeat 5]

Builds (tests/roundgen.py) two force reports of --pages pages: a PEEL 2021/22 report whose "Our
judgments" grid runs over two pages (read from word positions: pdfplumber on those two pages only) and a
PEEL 2018/19 integrated report (read from the text alone); each followed by narrative pages. Times, as
fresh processes including Python start-up, the median of --repeat runs:

* `peelkit extract REPORT.pdf --out TMP -q` (target: under 1 s);
* `pdftotext REPORT.pdf -` and `pdftotext -layout REPORT.pdf -` on the same file (when poppler is
  installed), and `peelkit extract` on the `-layout` text;

and checks that each run extracted every judgment the document prints. Also the CPU seconds (user +
system) of each: on a machine shared with other work wall time grows with the load much more than CPU
time, and `peelkit --help` (start-up alone) is timed for scale. Ends with a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
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

from tests import roundgen  # noqa: E402

ENV = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT / "src")}
PEELKIT = [sys.executable, "-m", "peelkit"]


CPU: dict[tuple[str, ...], float] = {}  # median CPU seconds (user + system) of the last timed command


def timed(cmd: list[str], repeat: int, ok: tuple[int, ...] = (0,)) -> float:
    """Median wall-clock seconds of ``repeat`` fresh processes (CPU seconds kept in ``CPU``: on a machine
    shared with other work, wall time grows with the load and CPU time much less)."""
    times, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        p = subprocess.run(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if p.returncode not in ok:
            raise SystemExit(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.decode()[-400:]}")
    CPU[tuple(cmd)] = statistics.median(cpus)
    return statistics.median(times)


def count_rows(out: Path) -> int:
    import csv

    n = 0
    for name in ("pillars.csv", "questions.csv", "areas.csv"):
        with (out / name).open(encoding="utf-8") as fh:
            n += sum(1 for r in csv.DictReader(fh) if r["grade"])
    return n


def docs(pages: int) -> list[tuple[str, roundgen.Doc]]:
    grid = roundgen.area_report("2021/22", "leicestershire", roundgen.LEICS_2021, layout="grid", split=5,
                                name="area-2021-grid-long")
    integrated = roundgen.integrated_report("northamptonshire", roundgen.INTEGRATED_2018, name="force-2018-long")
    out = []
    for label, d in (("2021/22 report, grid over two pages", grid), ("2018/19 integrated report", integrated)):
        d.filler = pages  # trimmed below to the page count asked for
        out.append((label, d))
    return out


def build(d: roundgen.Doc, path: Path, pages: int) -> int:
    lo, hi = 0, pages
    while True:  # the number of filler pages that gives exactly `pages` pages
        d.filler = hi
        n = int(d.build(path)["pages"])
        if n == pages or hi == lo:
            return n
        hi = max(lo, hi - (n - pages))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=60)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args(argv)
    pdftotext = shutil.which("pdftotext")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        for label, d in docs(a.pages):
            pdf = tmpd / f"{d.name}.pdf"
            n = build(d, pdf, a.pages)
            want = sum(1 for rows in d.expected.values() for r in rows if r.get("grade"))
            out = tmpd / f"out-{d.name}"
            cmd = [*PEELKIT, "extract", str(pdf), "--out", str(out), "-q"]
            t_pk = timed(cmd, a.repeat)
            got = count_rows(out)
            row = {"document": label, "pages": n, "bytes": pdf.stat().st_size, "peelkit": t_pk,
                   "peelkit_cpu": CPU[tuple(cmd)], "judgments": f"{got} of {want}"}
            if pdftotext:
                row["pdftotext"] = timed([pdftotext, str(pdf), "-"], a.repeat)
                row["pdftotext_layout"] = timed([pdftotext, "-layout", str(pdf), "-"], a.repeat)
                txt = tmpd / f"{d.name}.txt"
                subprocess.run([pdftotext, "-enc", "UTF-8", "-layout", str(pdf), str(txt)], check=True)
                out_t = tmpd / f"out-text-{d.name}"
                row["peelkit_layout_text"] = timed([*PEELKIT, "extract", str(txt), "--out", str(out_t), "-q"],
                                                   a.repeat)
                row["judgments_text"] = f"{count_rows(out_t)} of {want}"
            results.append(row)
            print(json.dumps(row), flush=True)
        t_help = timed([*PEELKIT, "--help"], a.repeat)
        cpu_help = CPU[(*PEELKIT, "--help")]
    load = os.getloadavg()[0]
    print(f"\n`peelkit --help` (start-up alone): {t_help:.2f} s ({cpu_help:.2f} s CPU); load average {load:.1f} "
          f"on {os.cpu_count()} cores\n")
    print("| document | pages | `peelkit extract` PDF (CPU) | CPU beyond `--help` | `pdftotext` | `pdftotext -layout` | "
          "`peelkit extract` -layout text | judgments (PDF / text) |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        def s(k: str) -> str:
            return f"{r[k]:.2f}" if k in r else "–"

        print(f"| {r['document']} | {r['pages']} | {r['peelkit']:.2f} ({r['peelkit_cpu']:.2f}) | "
              f"{r['peelkit_cpu'] - cpu_help:.2f} | {s('pdftotext')} | {s('pdftotext_layout')} | {s('peelkit_layout_text')} | "
              f"{r['judgments']} / {r.get('judgments_text', '–')} |")
    worst = max(r["peelkit"] for r in results)
    print(f"\ntarget: a {a.pages}-page force report PDF under 1 s including start-up: "
          f"{'met' if worst < 1 else 'NOT met'} ({worst:.2f} s)")
    return 0 if worst < 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
