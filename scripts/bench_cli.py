"""Command-line start-up benchmark, measured side by side in one run.

    python scripts/bench_cli.py [--repeat N]

Times (median wall clock of N runs, each a fresh process, Python start-up included):
  a) peelkit --help                         goal: faster than (b)
  b) python -c "import pandas"              the reference
  c) peelkit query --force Leicestershire   goal: under 2x (b)
  d) peelkit compare --force Leicestershire (for information)
  e) peelkit totals                         (for information)
and prints the ratios. peelkit runs as ``python -m peelkit`` with the interpreter running this
script, over the shipped data/clean.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(cmd: list[str], repeat: int) -> float:
    env = {**os.environ, "NO_COLOR": "1"}
    subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, check=False)  # warm the file cache
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        p = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - t0)
        if p.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr.decode()[-400:]}")
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    py = sys.executable
    pk = [py, "-m", "peelkit"]
    cases = [
        ("peelkit --help", pk + ["--help"]),
        ('python -c "import pandas"', [py, "-c", "import pandas"]),
        ("peelkit query --force Leicestershire", pk + ["query", "--force", "Leicestershire", "-f", "csv"]),
        ("peelkit compare --force Leicestershire", pk + ["compare", "--force", "Leicestershire", "-f", "csv"]),
        ("peelkit totals", pk + ["totals", "-f", "csv"]),
    ]
    res = {name: timed(cmd, args.repeat) for name, cmd in cases}
    ref = res['python -c "import pandas"']
    print(f"median of {args.repeat} runs, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}\n")
    print("| command | seconds | x import pandas |")
    print("|---|---:|---:|")
    for name, t in res.items():
        print(f"| `{name}` | {t:.3f} | {t / ref:.2f} |")
    help_ok = res["peelkit --help"] < ref
    query_ratio = res["peelkit query --force Leicestershire"] / ref
    print(f"\n--help faster than importing pandas: {'yes' if help_ok else 'NO'} "
          f"({res['peelkit --help']:.3f} s vs {ref:.3f} s)")
    print(f"query / import pandas = {query_ratio:.2f} (goal < 2): {'met' if query_ratio < 2 else 'NOT met'}")


if __name__ == "__main__":
    main()
