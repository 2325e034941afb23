"""Large inputs: peak memory and time of `peelkit extract` on a 50 MB text report.

Builds a ~50 MB text file (the real State of Policing document followed by narrative filler, the
shape of a long report), runs `peelkit extract` on it in a child process and prints wall time and
peak RSS (ru_maxrss of the child). Goal: under 500 MB.

    .venv/bin/python scripts/bench_large.py [--mb 50]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOP = ROOT / "data" / "raw" / "state_of_policing_2019_part2.txt"


def build(path: Path, mb: int) -> None:
    doc = SOP.read_bytes()
    para = (b"Forces are providing services under the joint pressures of rising demand and falling "
            b"resources, and these pressures haven't fallen equally across police forces.\n\n")
    with path.open("wb") as fh:
        fh.write(doc)
        written = len(doc)
        block = para * 1000
        while written < mb * 1024 * 1024:
            fh.write(block)
            written += len(block)


_WRAP = ("import resource, subprocess, sys\n"
         "p = subprocess.run(sys.argv[1:], capture_output=True)\n"
         "sys.stdout.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
         "sys.exit(p.returncode)")


def run_child(args: list[str]) -> tuple[float, float]:
    """Wall time and peak RSS (MB) of one command, measured in a fresh wrapper process."""
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", _WRAP, *args], capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}")
    return dt, int(p.stdout) / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=50)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        big = Path(d) / "state_of_policing_large.txt"
        build(big, a.mb)
        size = big.stat().st_size / 1024 / 1024
        dt, rss = run_child([sys.executable, "-m", "peelkit", "extract", str(big), "--out", f"{d}/c", "-q"])
        small_dt, small_rss = run_child([sys.executable, "-m", "peelkit", "extract", str(SOP), "--out",
                                            f"{d}/s", "-q"])
    print(f"text {size:.0f} MB : {dt:6.2f} s  peak RSS {rss:6.0f} MB  (goal < 500 MB)")
    print(f"text 0.13 MB: {small_dt:6.2f} s  peak RSS {small_rss:6.0f} MB  (the real document)")
    print(f"ratio large/small time: {dt / small_dt:.1f}x for {size / 0.129:.0f}x the bytes")


if __name__ == "__main__":
    main()
