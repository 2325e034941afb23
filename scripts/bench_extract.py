"""Benchmark `peelkit extract REPORT.pdf` against `pdftotext` (poppler), whole processes, side by side.

    .venv/bin/python scripts/bench_extract.py            # 40, 156, 600 and 2,000 pages, best of 5
    .venv/bin/python scripts/bench_extract.py --quick    # 40 and 156 pages, best of 3
    .venv/bin/python scripts/bench_extract.py --peers    # also pdfplumber, the text path, converter texts

The PDFs are generated (tests/pdfgen.py: the 2018/19 judgments table, ruled and filled, on its six
pages once, between the document's narrative and filler pages up to the size). For every size the two
commands run in turn (pdftotext first, then peelkit, then the other way round, ...), each as a fresh
process (`pdftotext REPORT.pdf OUT.txt`; `peelkit extract REPORT.pdf --out DIR -q`, Python start-up
included), so that both see the same machine load; the table gives the best time of each, their
ratio, the median of the per-round ratios and the ratio of their CPU time (all processes: peelkit's
scan workers included; on a busy machine it says more than the wall time). With each size the load
average and the "two-process speedup" (a CPU-bound loop in two processes at once against one: 2.0
when both cores are free, 1.0 when another program holds one) say what the machine gave. Other programs on the machine slow both; the load
average is printed with each size. Targets (issue 20): peelkit <= 4x pdftotext at 40 and 156 pages,
<= 1.5x at 600 pages and above (two cores).

Also printed:

* peak memory of `peelkit extract` on the largest PDF: the largest single process (ru_maxrss, which
  covers the forked scan workers) and the sampled sum over the process and its workers (target
  < 100 MB);
* the import budget: `python -X importtime` of `peelkit extract` on the 40-page PDF (every module it
  imports: the fast entry, parser, store, pdfium) against typer and the CLI's (`peelkit --version`,
  which a plain `extract` never imports: peelkit.launch), its largest modules, and those it must never
  load (typer, click, rich, tomllib, pdfplumber, pdfminer, pypdfium2's Python API, pandas, ...);
* whether every size gave the same rows (pages aside) as the first, whether every fixture PDF
  (tests/fixtures/converters) gives the same rows from both word sources, and whether `peelkit
  extract data/raw` writes data/clean byte for byte;
* `--words pdfplumber` (the reference reader) on the 156-page PDF, once, for comparison.

Bytecode is compiled first (as an installed package has it: this machine sets PYTHONDONTWRITEBYTECODE).
"""

from __future__ import annotations

import argparse
import compileall
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOP = ROOT / "data" / "raw" / "state_of_policing_2019_part2.txt"
sys.path.insert(0, str(ROOT))

PYTHON = sys.executable
ENV = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT / "src")}
TARGETS = {40: 4.0, 156: 4.0, 600: 1.5, 2000: 1.5}  # pages -> peelkit / pdftotext at most
MEMORY_MB = 100
IMPORT_BUDGET = 1.25  # every import of `peelkit extract REPORT.pdf -q`, at most this share of typer and the CLI's (2.0-2.3x before peelkit.launch)
NEVER_IMPORTED = ("typer", "click", "rich", "tomllib", "ast", "tokenize", "pdfplumber", "pdfminer", "pypdfium2",
                  "pandas", "numpy", "PIL", "openpyxl", "frictionless", "multiprocessing")

PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peelkit(*args: str) -> list[str]:
    exe = Path(PYTHON).parent / "peelkit"  # the console script, as a user runs it
    return [str(exe), *args] if exe.exists() else [PYTHON, "-m", "peelkit", *args]


def make_pdf(path: Path, pages: int) -> dict:
    """A report of ``pages`` pages: the ruled and filled table (six pages) once, narrative and filler around."""
    from tests.pdfgen import build_pdf

    base = build_pdf(path, before=0, after=0)["pages"]
    extra = max(pages - base, 0)
    return build_pdf(path, before=extra // 2, after=extra - extra // 2, ruled=True, fills=True)


def timed(cmd: list[str]) -> float:
    return run_cpu(cmd)[0]


def run_cpu(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and the workers it waited for) of one run."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return wall, ru.ru_utime + ru.ru_stime


def paired(pdf: Path, out: Path, repeat: int) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """([(wall, cpu)] of pdftotext, of peelkit), run in turn, alternating which goes first."""
    txt = out.parent / f"{pdf.stem}.txt"
    a = ["pdftotext", str(pdf), str(txt)]
    b = peelkit("extract", str(pdf), "--out", str(out), "-q")
    ta, tb = [], []
    for k in range(repeat):
        if k % 2:
            tb.append(run_cpu(b))
            ta.append(run_cpu(a))
        else:
            ta.append(run_cpu(a))
            tb.append(run_cpu(b))
    return ta, tb


def rows(out: Path) -> dict[str, list[tuple]]:
    """The rows of an extraction, provenance aside."""
    got = {}
    for name in ("pillars", "questions", "printed_totals"):
        with (out / f"{name}.csv").open(encoding="utf-8") as fh:
            got[name] = sorted(tuple(v for k, v in r.items() if not k.startswith("source_")) for r in csv.DictReader(fh))
    return got


def peak_memory(pdf: Path, out: Path) -> tuple[float, float]:
    """(largest single process, sampled sum over peelkit and its workers) in MB."""
    proc = subprocess.Popen(peelkit("extract", str(pdf), "--out", str(out), "-q"), env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            total = 0
            for pid in [proc.pid, *_children(proc.pid)]:
                try:
                    with open(f"/proc/{pid}/status") as fh:
                        total += next(int(ln.split()[1]) for ln in fh if ln.startswith("VmRSS:"))
                except (OSError, StopIteration):
                    pass
            peak[0] = max(peak[0], total)
            time.sleep(0.005)

    t = threading.Thread(target=sample)
    t.start()
    proc.wait()
    t.join()
    res = subprocess.run([PYTHON, "-c", PEAK, *peelkit("extract", str(pdf), "--out", str(out), "-q")], env=ENV,
                         check=True, capture_output=True, text=True)
    return int(res.stdout.strip()) / 1024, peak[0] / 1024


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(x) for x in fh.read().split()]
    except OSError:
        return []


def _imports(args: list[str]) -> tuple[float, list[tuple[float, str]], set[str]]:
    """(total ms of the top-level imports, [(ms, module)] of them, every module imported) of
    `python -X importtime -m peelkit ARGS` (the main process)."""
    res = subprocess.run([PYTHON, "-X", "importtime", "-m", "peelkit", *args], env=ENV, capture_output=True,
                         text=True)
    top: list[tuple[float, str]] = []
    seen: set[str] = set()
    for ln in res.stderr.splitlines():
        if not ln.startswith("import time:") or "| cumulative |" in ln:
            continue
        _, cum, name = ln.split("|")
        seen.add(name.strip())
        if not name[1:].startswith(" "):  # top level: imported by the program itself
            top.append((int(cum) / 1000, name.strip()))
    return sum(ms for ms, _ in top), top, seen


def import_budget(pdf: Path, out: Path, repeat: int) -> tuple[float, float, list[tuple[float, str]], list[str]]:
    """(CLI: imports of `peelkit --version`, imports of `peelkit extract PDF -q`, its slowest top-level
    modules, modules never to be imported that were), each the best of ``repeat`` runs."""
    floor = min(_imports(["--version"])[0] for _ in range(repeat))
    runs = [_imports(["extract", str(pdf), "--out", str(out), "-q"]) for _ in range(repeat)]
    total, top, seen = min(runs, key=lambda r: r[0])
    largest = sorted(top, reverse=True)[:6]
    bad = sorted({m for m in seen if m.split(".")[0] in NEVER_IMPORTED})
    return floor, total, largest, bad


def _burn() -> None:
    s = 0
    for i in range(3_000_000):
        s += i


def free_cores() -> float:
    """How many cores two processes get here right now: the speedup of a CPU-bound loop run in two
    processes at once over one (2.0: two free cores; 1.0: the other core is busy)."""
    if not hasattr(os, "fork"):
        return float("nan")
    t = time.perf_counter()
    _burn()
    one = time.perf_counter() - t
    t = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        _burn()
        os._exit(0)
    _burn()
    os.waitpid(pid, 0)
    return 2 * one / (time.perf_counter() - t)


def fixtures_both_ways() -> list[str]:
    """Names of the fixture PDFs (tests/fixtures/converters/*/table.pdf) whose rows differ between the two
    word sources (every table, every column, provenance included)."""
    from peelkit.extract import read_source

    differ = []
    for path in sorted((ROOT / "tests" / "fixtures" / "converters").glob("*/table.pdf")):
        a, b = (read_source(path, words=w) for w in ("pdfium", "pdfplumber"))
        same = {t: sorted(map(str, rows)) for t, rows in a.tables.items()} == {
            t: sorted(map(str, rows)) for t, rows in b.tables.items()}
        if not same:
            differ.append(path.parent.name)
    return differ


def clean_identical(tmp: Path) -> list[str]:
    """The files of data/clean that `peelkit extract data/raw` does not write byte for byte the same (the
    datapackage's source paths aside: they are relative to the folder written)."""
    import json

    out = tmp / "clean_raw"
    subprocess.run(peelkit("extract", str(ROOT / "data" / "raw"), "--out", str(out), "-q"), env=ENV, check=True)
    differ = []
    for f in sorted((ROOT / "data" / "clean").iterdir()):
        got = out / f.name
        if f.name == "datapackage.json":
            a, b = (json.loads(x.read_text(encoding="utf-8")) for x in (f, got))
            for pkg in (a, b):
                for src in pkg.get("sources", []):
                    src.pop("path", None)
            if a != b:
                differ.append(f.name)
        elif not got.exists() or got.read_bytes() != f.read_bytes():
            differ.append(f.name)
    return differ


def load() -> str:
    try:
        return "load %.1f %.1f %.1f" % os.getloadavg()
    except OSError:
        return "load ?"


def peers(tmp: Path, report: Path, repeat: int) -> None:
    """The older comparisons: pdfplumber's table finder on every page, the text path, converter texts."""
    import importlib.util

    import pdfplumber

    out = tmp / "peers"
    t = time.perf_counter()
    with pdfplumber.open(report) as pdf:
        n = sum(len(page.extract_tables()) for page in pdf.pages)
    print(f"(peers) pdfplumber extract_tables, every page of {report.name}: {time.perf_counter() - t:.2f} s "
          f"({n} tables, in-process)")
    t_text = min(timed(peelkit("extract", str(SOP), "--out", str(out), "-q")) for _ in range(repeat))
    print(f"(peers) text path, {SOP.name}: {t_text:.2f} s")
    spec = importlib.util.spec_from_file_location("mcf", ROOT / "scripts" / "make_converter_fixtures.py")
    mcf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mcf)  # type: ignore[union-attr]
    for name, (_, convert) in mcf.CONVERTERS.items():
        try:
            text = convert(report)
        except (ImportError, FileNotFoundError, OSError) as exc:
            print(f"(peers) {name}: skipped ({type(exc).__name__})")
            continue
        path = tmp / name
        path.write_text(text, encoding="utf-8")
        rc = subprocess.run(peelkit("extract", str(path), "--out", str(out), "-q"), env=ENV,
                            capture_output=True).returncode
        best = min(timed_rc(peelkit("extract", str(path), "--out", str(out), "-q")) for _ in range(repeat))
        print(f"(peers) peelkit extract {name} ({path.stat().st_size / 1e3:.0f} kB): {best:.2f} s, exit {rc}")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_large  # the 50 MB text report: memory of the text path

    large = tmp / "state_of_policing_large.txt"
    bench_large.build(large, 50)
    t_large, rss_large = bench_large.run_child(peelkit("extract", str(large), "--out", str(out), "-q"))
    print(f"(peers) text path, {large.stat().st_size / 2**20:.0f} MB text: {t_large:.2f} s, peak RSS {rss_large:.0f} MB")


def timed_rc(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, env=ENV, capture_output=True)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="40 and 156 pages, best of 3")
    ap.add_argument("--repeat", type=int, default=None, help="rounds per size (default 5, --quick 3)")
    ap.add_argument("--peers", action="store_true", help="also pdfplumber, the text path and converter texts")
    args = ap.parse_args()
    sizes = [40, 156] if args.quick else [40, 156, 600, 2000]
    repeat = args.repeat or (3 if args.quick else 5)
    if shutil.which("pdftotext") is None:
        sys.exit("bench_extract: pdftotext (poppler-utils) is needed for the comparison; install it")
    compileall.compile_dir(ROOT / "src", quiet=1)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPU(s), "
          f"{subprocess.run(['pdftotext', '-v'], capture_output=True, text=True).stderr.splitlines()[0]}")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        table = []
        first_rows = None
        same = True
        for n in sizes:
            pdf = tmp / f"report_{n}.pdf"
            info = make_pdf(pdf, n)
            out = tmp / f"clean_{n}"
            before = f"{load()}, two-process speedup {free_cores():.2f}"
            ta, tb = paired(pdf, out, repeat * (3 if n < 600 else 1))  # small sizes: more rounds, cheap
            wa, wb = min(w for w, _ in ta), min(w for w, _ in tb)
            ca, cb = min(c for _, c in ta), min(c for _, c in tb)
            ratios = [b[0] / a[0] for a, b in zip(ta, tb)]
            got = rows(out)
            first_rows = first_rows or got
            same = same and got == first_rows
            table.append((info["pages"], wa, wb, wb / wa, statistics.median(ratios), cb / ca, TARGETS.get(n),
                          f"{before}; after: {load()}"))
            print(f"{info['pages']} pages (table on {info['table_pages'][0]}-{info['table_pages'][-1]}): pdftotext "
                  f"{wa:.3f} s, peelkit {wb:.3f} s, ratio {wb / wa:.2f} (median of rounds "
                  f"{statistics.median(ratios):.2f}; CPU {cb:.2f} / {ca:.2f} s = {cb / ca:.2f}); {before}", flush=True)
        big = tmp / f"report_{sizes[-1]}.pdf"
        largest, total = peak_memory(big, tmp / "clean_mem")
        small = tmp / f"report_{sizes[0]}.pdf"
        imp_floor, imp_total, imp_top, imp_bad = import_budget(small, tmp / "clean_imp", repeat)
        ref = tmp / "report_156.pdf"
        t_ref = timed(peelkit("extract", str(ref), "--out", str(tmp / "clean_ref"), "-q", "--words", "pdfplumber"))
        ref_same = rows(tmp / "clean_ref") == first_rows
        fixtures_differ = fixtures_both_ways()
        clean_differ = clean_identical(tmp)
        if args.peers:
            peers(tmp, ref, repeat)

    print()
    print("| pages | pdftotext (s) | peelkit extract (s) | peelkit / pdftotext | median of rounds | CPU ratio | target "
          "| load |")
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    for pages, a, b, r, med, cpu, target, ld in table:
        ok = "" if target is None else (" ok" if r <= target else " MISSED")
        print(f"| {pages} | {a:.3f} | {b:.3f} | {r:.2f} | {med:.2f} | {cpu:.2f} | <= {target}{ok} | {ld} |")
    print()
    print(f"best of {repeat} rounds, whole processes, in turn; rows identical at every size: {'yes' if same else 'NO'}")
    print(f"peak memory at {sizes[-1]} pages: largest process {largest:.0f} MB, peelkit and its workers together "
          f"{total:.0f} MB (sampled; target < {MEMORY_MB} MB){'' if max(largest, total) < MEMORY_MB else ' MISSED'}")
    print(f"import budget (-X importtime, best of {repeat}): `peelkit extract` on {sizes[0]} pages imports "
          f"{imp_total:.0f} ms in all = {imp_total / imp_floor:.2f}x what typer and the CLI take alone (`peelkit "
          f"--version` {imp_floor:.0f} ms; budget <= {IMPORT_BUDGET}x)"
          f"{'' if imp_total <= IMPORT_BUDGET * imp_floor else ' MISSED'}; its largest: "
          + ", ".join(f"{m} {ms:.0f}" for ms, m in imp_top))
    print("never imported on the PDF path: " + ("none of " + ", ".join(NEVER_IMPORTED) if not imp_bad
                                                 else "BROKEN: " + ", ".join(imp_bad)))
    print(f"reference reader (--words pdfplumber) on 156 pages: {t_ref:.2f} s, same rows: {'yes' if ref_same else 'NO'}")
    print("fixture PDFs, pdfium and pdfplumber words: " + ("the same rows on every one" if not fixtures_differ
                                                           else "DIFFERENT rows: " + ", ".join(fixtures_differ)))
    print("`peelkit extract data/raw` against data/clean: " + ("byte-identical" if not clean_differ
                                                                else "DIFFERS: " + ", ".join(clean_differ)))


if __name__ == "__main__":
    main()
