"""Share of table cells peelkit places on random layouts, per converter (not a test: the number to drive up).

Each seed draws a random layout of the PEEL judgments table (``tests/layoutgen.py``: page size and
orientation, type size, column widths, grid, header rows and wrapping, page splits, untitled spill
pages, running headers, blank cells, narrative quoting question headings, force names and markup),
renders it with reportlab and reads it with the PDF path and with peelkit on the text of every
converter installed (``tests/converters.py``). For each reader it prints the share of placeable
cells placed with their true value, the cells placed wrongly (must be 0) and the cells neither
placed nor covered by a finding (must be 0).

    .venv/bin/python scripts/bench_layouts.py                 # seeds 1-30, the converters of this venv
    /tmp/conv/bin/python scripts/bench_layouts.py --seeds 1-40  # with PyMuPDF, pymupdf4llm, markitdown

(the converter venv of ``scripts/make_converter_fixtures.py``; peelkit is taken from ``src/``).
``--keep DIR`` keeps each seed's PDF and texts; ``--only pdf,pypdfium2.txt`` limits the readers.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT / "src", ROOT):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from tests import converters, layoutgen  # noqa: E402


def seeds_of(text: str) -> list[int]:
    out: list[int] = []
    for part in text.split(","):
        a, _, b = part.partition("-")
        out += list(range(int(a), int(b) + 1)) if b else [int(a)]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", default="1-30", help="e.g. 1-30 or 3,7,11-14")
    ap.add_argument("--only", default="", help="comma-separated readers (pdf and converter file names)")
    ap.add_argument("--keep", type=Path, help="keep each seed's PDF and converter texts under DIR/seedN")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per seed and reader")
    a = ap.parse_args(argv)
    only = {x for x in a.only.split(",") if x}
    convs = {k: v for k, v in converters.available().items() if not only or k in only}
    for name in converters.CONVERTERS:
        why = converters.missing(name)
        if why and (not only or name in only):
            print(f"{name}: skipped ({why})")
    seeds = seeds_of(a.seeds)
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])  # placed, placeable, wrong, uncovered, seeds<1
    seconds: dict[str, float] = defaultdict(float)
    failing: dict[str, list[str]] = defaultdict(list)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds:
            d = (a.keep / f"seed{seed}") if a.keep else Path(tmp) / f"seed{seed}"
            d.mkdir(parents=True, exist_ok=True)
            case = layoutgen.build(d / "table.pdf", layoutgen.draw(seed))
            readings = layoutgen.read_case(d / "table.pdf", case, convs, d if a.keep else None)
            for r in readings:
                if only and r.name not in only:
                    continue
                s = r.score
                t = totals[r.name]
                t[0] += s.placed
                t[1] += s.placeable
                t[2] += len(s.wrong)
                t[3] += len(s.uncovered)
                t[4] += s.share < 1
                seconds[r.name] += r.seconds
                if s.share < 1 or s.wrong or s.uncovered:
                    failing[r.name].append(f"{seed}:{s.share:.2f}")
                if a.verbose:
                    print(f"seed {seed:3d} {r.name:22s} {s.placed:5d}/{s.placeable:<5d} {s.share:7.1%} "
                          f"wrong {len(s.wrong)} uncovered {len(s.uncovered)} {r.error[:80]}", flush=True)
            if a.verbose:
                print(f"  {case.describe()}", flush=True)
    print(f"\n{len(seeds)} seeds ({a.seeds}), {time.perf_counter() - t0:.0f} s")
    print(f"{'reader':24s} {'placed':>8s} {'of':>8s} {'share':>7s} {'wrong':>6s} {'uncovered':>9s} "
          f"{'seeds<100%':>10s} {'parse s':>8s}")
    for name in ["pdf", *convs]:
        if name not in totals:
            continue
        placed, placeable, wrong, unc, low = totals[name]
        share = placed / placeable if placeable else 1.0
        print(f"{name:24s} {placed:8d} {placeable:8d} {share:7.1%} {wrong:6d} {unc:9d} {low:10d} "
              f"{seconds[name]:8.2f}")
    for name, seeds_low in failing.items():
        print(f"  {name}: below 100% or wrong/uncovered on {', '.join(seeds_low)}")
    return 1 if any(t[2] or t[3] for t in totals.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
