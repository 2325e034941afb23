"""Hostile-input benchmark: time and peak memory of ``peelkit extract`` per input size, to show linear growth.

    python scripts/bench_hostile.py [--sizes 0.1,1,10] [--fillers blank,tabs,...] [--docs alone,sop,list]
                                    [--memory 50] [--regexes] [--no-validate]

Each input is a filler (blank lines, one line of tabs or spaces, lines of spaces, a line of '*', grade
words) of the given size in MB, alone or inserted in the middle of a real document (the State of
Policing table text, a grade-grouped press list, a force report, the report catalogue, an area report),
read by ``python -m peelkit extract FILE --out DIR -q`` in a fresh process (Python start-up included).
Per case it prints seconds and peak memory (the process's VmHWM, Linux) per size, then the growth: the time
per MB at the largest size over the time per MB at the size 10x smaller (start-up subtracted). Linear
is about 1; quadratic would be about 10 (and a minute at 1 MB becomes hours at 10 MB).

The growth table runs with --max-size 5000, so that no limit stops a 10 MB input (10 MB of blank lines is
more lines than the default allows). --memory N adds each filler at N MB, alone and in the national table
and the press list, with the default limits (the 50 MB cases of issue 29), and prints the peak memory.
Validation: a package whose source holds a row of 150 cells of 400 characters (``validate`` once ran csv.Sniffer on such a line for
minutes) is extracted and validated, with both times. --regexes times every regular expression peelkit
compiles (at import and while reading the test fixtures) on runs of 100 and 400 characters of spaces,
tabs, newlines, '*', words ...: a pattern whose time grows more than 7x for 4x the text is listed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "rounds"
DOCS = {
    "alone": None,
    "sop": ROOT / "data" / "raw" / "state_of_policing_2019_part2.txt",
    "list": FIX / "list-2017-legitimacy" / "pdftotext-layout.txt",
    "force": ROOT / "data" / "raw" / "peel_effectiveness_2016_leicestershire.txt",
    "catalogue": ROOT / "data" / "raw" / "leicestershire_opcc_hmic_reports.txt",
    "area": FIX / "area-2021-grid" / "pdftotext-layout.txt",
}
FILLERS = {  # n bytes of each
    "blank": lambda n: "\n" * n,
    "tabs": lambda n: "\t" * n,
    "spaces": lambda n: " " * n,
    "spacelines": lambda n: (" " * 79 + "\n") * (n // 80),
    "stars": lambda n: "*" * n,
    "grades": lambda n: "Good " * (n // 5),
    "gradelines": lambda n: "Good\n" * (n // 5),
}
MB = 1024 * 1024


def build(doc: str, filler: str, mb: float, folder: Path) -> Path:
    fill = FILLERS[filler](int(mb * MB))
    base = DOCS[doc]
    if base is None:
        text = "PEEL\n" + fill + "\n"
    else:
        lines = base.read_text(encoding="utf-8").split("\n")
        k = len(lines) // 2
        text = "\n".join(lines[:k]) + "\n" + fill + "\n" + "\n".join(lines[k:])
    p = folder / f"{doc}-{filler}-{mb:g}.txt"
    p.write_text(text, encoding="utf-8")
    return p


# runs peelkit as the 'peelkit' command does and, on the way out, writes the process's peak resident memory
# (VmHWM: its own, from its exec on; ru_maxrss would also count this benchmark's memory at the fork)
_MEASURED = """
import atexit, os, sys
def peak():
    with open("/proc/self/status") as fh:
        kb = next(int(ln.split()[1]) for ln in fh if ln.startswith("VmHWM:"))
    with open(os.environ["PEELKIT_BENCH_PEAK"], "w") as out:
        out.write(str(kb))
atexit.register(peak)
sys.argv = ["peelkit", *sys.argv[1:]]
from peelkit.launch import main
main()
"""


def run(args: list[str], timeout: float) -> tuple[float, float, int]:
    """(seconds, peak MB, exit code) of ``peelkit ARGS`` in a fresh process (Linux: peak from /proc)."""
    with tempfile.NamedTemporaryFile(prefix="peelkit-peak-", delete=False) as f:
        peak_file = Path(f.name)
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT / "src"), "PEELKIT_BENCH_PEAK": str(peak_file)}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", _MEASURED, *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env)
    try:
        code = proc.wait(timeout)
        secs = time.perf_counter() - t0
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        code, secs = -9, float("inf")
    text = peak_file.read_text().strip()
    peak_file.unlink()
    return secs, (int(text) / 1024 if text else float("nan")), code


def growth(times: dict[float, float], start: float) -> str:
    """Time per MB at the largest size over time per MB at a size about 10x smaller (start-up removed)."""
    sizes = sorted(times)
    big = sizes[-1]
    small = min(sizes, key=lambda s: abs(s - big / 10))
    if small == big or times[big] == float("inf"):
        return "-" if small == big else "TIMEOUT"
    per = [(max(times[s] - start, 0.001)) / s for s in (small, big)]
    return f"{per[1] / per[0]:.1f}x ({small:g} -> {big:g} MB)"


def bench(sizes: list[float], fillers: list[str], docs: list[str], timeout: float) -> None:
    work = Path(tempfile.mkdtemp(prefix="peelkit-bench-hostile-"))
    try:
        tiny = build("alone", "grades", 0.0001, work)
        start = min(run(["extract", str(tiny), "--out", str(work / "out"), "-q"], timeout)[0] for _ in range(3))
        print(f"start-up (a 100-byte file): {start:.2f} s")
        print(f"{'document':<10} {'filler':<11} " + " ".join(f"{f'{s:g} MB':>17}" for s in sizes) + "   growth/MB")
        for doc in docs:
            for filler in fillers:
                times: dict[float, float] = {}
                cells = []
                for s in sizes:
                    p = build(doc, filler, s, work)
                    secs, peak, code = run(["extract", str(p), "--out", str(work / "out"), "-q",
                                            "--max-size", "5000"], timeout)  # no limit stops a 10 MB input
                    p.unlink()
                    times[s] = secs
                    cells.append(f"{secs:6.2f} s {peak:5.0f} MB" if secs != float("inf") else "   TIMEOUT       ")
                print(f"{doc:<10} {filler:<11} " + " ".join(f"{c:>17}" for c in cells) + f"   {growth(times, start)}",
                      flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def memory(mb: float, fillers: list[str], timeout: float) -> None:
    work = Path(tempfile.mkdtemp(prefix="peelkit-bench-hostile-"))
    try:
        print(f"\npeak memory, each filler alone at {mb:g} MB, with the default limits (200 MB, 1,048,576 lines)")
        for filler in fillers:
            p = build("alone", filler, mb, work)
            secs, peak, code = run(["extract", str(p), "--out", str(work / "out"), "-q"], timeout)
            p.unlink()
            print(f"  {filler:<11} {secs:7.2f} s  {peak:6.0f} MB peak  ({peak / mb:.1f}x the input; exit {code})",
                  flush=True)
            for doc in ("sop", "list"):
                p = build(doc, filler, mb, work)
                secs, peak, code = run(["extract", str(p), "--out", str(work / "out"), "-q"], timeout)
                p.unlink()
                print(f"  {'  in ' + doc:<11} {secs:7.2f} s  {peak:6.0f} MB peak  ({peak / mb:.1f}x the input; "
                      f"exit {code})", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def validate_tabs(timeout: float) -> None:
    """A package whose source has a 60,000-character row inside the table: extract, then validate."""
    work = Path(tempfile.mkdtemp(prefix="peelkit-bench-hostile-"))
    try:
        lines = DOCS["sop"].read_text(encoding="utf-8").split("\n")  # type: ignore[union-attr]
        lines.insert(180, "Kent" + ("\t" + "x" * 400) * 150)  # inside the table: it reaches review.csv
        src = work / "raw"
        src.mkdir()
        (src / "sop.txt").write_text("\n".join(lines), encoding="utf-8")
        t_ex, _, c_ex = run(["extract", str(src), "--out", str(work / "clean"), "-q"], timeout)
        longest = max(len(ln) for f in (work / "clean").glob("*.csv") for ln in f.read_text().split("\n"))
        t_va, peak, c_va = run(["validate", str(work / "clean"), "--sources", str(src)], timeout)
        print(f"\n60,000-character row in the source (longest CSV line {longest:,} characters): extract {t_ex:.2f} s "
              f"(exit {c_ex}), validate {t_va:.2f} s, {peak:.0f} MB (exit {c_va}; target: under 2 s)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def regexes() -> None:
    """Every pattern peelkit compiles, timed on runs of 100 and 400 characters: list the superlinear ones."""
    import glob
    import importlib
    import pkgutil
    import re

    sys.path.insert(0, str(ROOT / "src"))
    seen: dict[tuple[str, int], str] = {}
    compile_ = re._compile  # type: ignore[attr-defined]

    def record(pattern, flags):  # noqa: ANN001, ANN202
        if isinstance(pattern, str) and (pattern, int(flags)) not in seen:
            f = sys._getframe(1)
            while f is not None and f.f_code.co_filename.endswith(("re/__init__.py", "functools.py")):
                f = f.f_back  # re.compile, re.search ..., an lru_cache wrapper: the caller is the one above
            if f is not None and "/src/peelkit/" in f.f_code.co_filename:  # peelkit's own, not a library's
                seen[(pattern, int(flags))] = f"{f.f_code.co_filename.split('/src/')[-1]}:{f.f_lineno}"
        return compile_(pattern, flags)

    re._compile = record  # type: ignore[attr-defined]
    try:
        import peelkit
        from peelkit import extract

        for m in pkgutil.walk_packages(peelkit.__path__, "peelkit."):
            if not m.name.endswith("__main__"):
                mod = importlib.import_module(m.name)
                for v in vars(mod).values():
                    if isinstance(v, re.Pattern) and isinstance(v.pattern, str) and (
                            getattr(mod, "__file__", "") or "").endswith(".py"):
                        seen.setdefault((v.pattern, v.flags & ~re.UNICODE), m.name)
        from peelkit import readers

        for name in readers.ranked():  # every reader's patterns (each reader is imported when first asked)
            mod = importlib.import_module(f"peelkit.readers.{name}")
            for v in vars(mod).values():
                if isinstance(v, re.Pattern) and isinstance(v.pattern, str):
                    seen.setdefault((v.pattern, v.flags & ~re.UNICODE), mod.__name__)
        files = [*(ROOT / "data" / "raw").iterdir(), *map(Path, glob.glob(str(FIX / "*" / "*.txt"))),
                 *map(Path, glob.glob(str(ROOT / "tests" / "fixtures" / "converters" / "*" / "*")))]
        for f in files:
            try:
                extract.extract_file(f)
            except Exception:  # noqa: BLE001 - only the patterns they compile matter here
                pass
    finally:
        re._compile = compile_  # type: ignore[attr-defined]

    def timed(rx: re.Pattern, s: str) -> float:
        best = 9.0
        for _ in range(3):
            t0 = time.perf_counter()
            rx.search(s)
            rx.match(s)
            best = min(best, time.perf_counter() - t0)
        return best

    fills = [" ", "\t", "*", "a ", "- ", "1", "\n", "(", "|", ", ", " \n", "x  ", "good "]
    flagged = 0
    for (p, fl), where in seen.items():
        rx = re.compile(p, fl)
        words = list(dict.fromkeys(re.findall(r"[A-Za-z]{3,}", re.sub(r"\\[sSbdw]", " ", p))))[:6]
        worst = (0.0, "")
        for a in ["", *words]:
            for f in fills:
                for end in ("!", "\n!"):
                    t1 = timed(rx, a + f * 100 + end)
                    if t1 < 0.00005:
                        continue
                    r = timed(rx, a + f * 400 + end) / t1
                    if r > worst[0]:
                        worst = (r, f"{a!r} + {f!r} x n + {end!r}")
        if worst[0] > 7:
            flagged += 1
            print(f"  {worst[0]:5.1f}x for 4x the text  {where}  {worst[1]}  {p[:90]!r}")
    print(f"\nregexes: {len(seen)} patterns compiled by peelkit's modules; {flagged} grow more than 7x for 4x the text")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="0.1,1,10", help="input sizes in MB (default 0.1,1,10)")
    ap.add_argument("--fillers", default="blank,tabs,spaces,spacelines,stars,grades,gradelines")
    ap.add_argument("--docs", default="alone,sop,list", help=f"any of {', '.join(DOCS)}")
    ap.add_argument("--memory", type=float, default=0, help="also each filler alone at this size (MB), e.g. 50")
    ap.add_argument("--timeout", type=float, default=600, help="seconds per run (default 600)")
    ap.add_argument("--regexes", action="store_true", help="time every regular expression peelkit compiles")
    ap.add_argument("--no-validate", action="store_true", help="skip the 60,000-character row validate case")
    args = ap.parse_args()
    if args.regexes:
        regexes()
        return
    sizes = [float(s) for s in args.sizes.split(",")]
    fillers = args.fillers.split(",")
    bench(sizes, fillers, args.docs.split(","), args.timeout)
    if args.memory:
        memory(args.memory, fillers, args.timeout)
    if not args.no_validate:
        validate_tabs(args.timeout)


if __name__ == "__main__":
    main()
