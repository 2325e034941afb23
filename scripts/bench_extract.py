"""Benchmark the PDF path of `peelkit extract` against pdfplumber and raw pypdfium2 text.

    .venv/bin/python scripts/bench_extract.py          # ~150-page report + 2,000-page report
    .venv/bin/python scripts/bench_extract.py --quick  # ~60 and 400 pages

Prints, side by side in one run:

* text path: `peelkit extract data/raw/state_of_policing_2019_part2.txt --out TMP -q` as a subprocess
  (including Python start-up);
* a generated report PDF (tests/pdfgen.py: narrative pages around the six judgments-table pages),
  (a) pdfplumber `extract_tables()` over every page (in-process, import excluded),
  (b) raw text of every page via pypdfium2 (`pdftotext`-class), as a subprocess including Python
      start-up (also shown in-process),
  (c) `peelkit extract REPORT.pdf --out TMP -q` as a subprocess including Python start-up;
  ratios a/c (target >= 10) and c/b (target <= 5);
* a 2,000-page PDF through (c), with its peak RSS (ru_maxrss of that child alone; target < 500 MB);
* (d) the text that each PDF-to-text converter available here makes of a ~150-page report with a
  complete table (the converters of scripts/make_converter_fixtures.py: pdftotext plain / -layout /
  -raw when poppler is installed, pdfplumber, pypdfium2, and PyMuPDF, pymupdf4llm, markitdown when
  importable), each through `peelkit extract TEXT --out TMP -q` as a subprocess including start-up
  (target < 0.5 s), with its exit code (pdftotext's default mode moves cells between rows: exit 1).

Timings are the median of --repeat runs (default 3; a is run once). Ends with a Markdown table for
the README.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOP = ROOT / "data" / "raw" / "state_of_policing_2019_part2.txt"
sys.path.insert(0, str(ROOT))

PYTHON = sys.executable
ENV = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT / "src")}

RAW_TEXT = """
import sys, pypdfium2 as pdfium
doc = pdfium.PdfDocument(sys.argv[1])
n = 0
for i in range(len(doc)):
    page = doc[i]
    tp = page.get_textpage()
    n += len(tp.get_text_range())
    tp.close(); page.close()
print(n)
"""

PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def run(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def peelkit(*args: str) -> list[str]:
    return [PYTHON, "-m", "peelkit", *args]


def make_pdf(path: Path, pages: int) -> dict:
    from tests.pdfgen import build_pdf

    base = build_pdf(path, before=0, after=0)["pages"]
    extra = max(pages - base, 0)
    # ruled and filled grade cells: the layout pdfplumber's table finder is made for
    return build_pdf(path, before=extra // 2, after=extra - extra // 2, ruled=True, fills=True)


def make_complete(path: Path, pages: int, tables: dict) -> dict:
    """A report of about ``pages`` pages around the complete table (every cell filled)."""
    from tests.pdfgen import build_pdf

    base = build_pdf(path, tables, before=0, after=0)["pages"]
    extra = max(pages - base, 0)
    return build_pdf(path, tables, before=extra // 2, after=extra - extra // 2)


def pdfplumber_tables(path: Path) -> int:
    import pdfplumber

    n = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            n += len(page.extract_tables())
            page.close()
    return n


def raw_text_inprocess(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    n = 0
    for i in range(len(doc)):
        page = doc[i]
        tp = page.get_textpage()
        n += len(tp.get_text_range())
        tp.close()
        page.close()
    doc.close()
    return n


def converter_texts(pdf: Path, out: Path) -> dict[str, Path]:
    """The text each available converter makes of ``pdf`` (name -> file); unavailable ones are skipped."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_converter_fixtures",
                                                  ROOT / "scripts" / "make_converter_fixtures.py")
    mcf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mcf)  # type: ignore[union-attr]
    texts = {}
    for name, (_, convert) in mcf.CONVERTERS.items():
        try:
            text = convert(pdf)
        except (ImportError, FileNotFoundError, OSError) as exc:
            print(f"(d) {name}: skipped ({type(exc).__name__}: {exc})")
            continue
        path = out / name
        path.write_text(text, encoding="utf-8")
        texts[name] = path
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smaller PDFs (~60 and 400 pages)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    report_pages, big_pages = (60, 400) if args.quick else (150, 2000)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPU(s)")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        out = tmp / "clean"

        t_text = timed(lambda: run(peelkit("extract", str(SOP), "--out", str(out), "-q")), args.repeat)
        print(f"text path ({SOP.name}, {len(SOP.read_text(encoding='utf-8').splitlines())} lines): "
              f"{t_text:.2f} s incl. start-up")

        report = tmp / "report.pdf"
        t = time.perf_counter()
        info = make_pdf(report, report_pages)
        print(f"generated {report.name}: {info['pages']} pages, table on pages {info['table_pages']} "
              f"({report.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - t:.1f} s)")

        t = time.perf_counter()
        n_tables = pdfplumber_tables(report)
        t_a = time.perf_counter() - t
        print(f"(a) pdfplumber extract_tables, every page: {t_a:.2f} s ({n_tables} tables)")
        t_b_in = timed(lambda: raw_text_inprocess(report), args.repeat)
        t_b = timed(lambda: run([PYTHON, "-c", RAW_TEXT, str(report)]), args.repeat)
        print(f"(b) pypdfium2 raw text, every page: {t_b:.2f} s incl. start-up ({t_b_in:.2f} s in-process)")
        t_c = timed(lambda: run(peelkit("extract", str(report), "--out", str(out), "-q")), args.repeat)
        print(f"(c) peelkit extract {report.name}: {t_c:.2f} s incl. start-up")
        print(f"a/c = {t_a / t_c:.1f} (target >= 10)   c/b = {t_c / t_b:.2f} (target <= 5; "
              f"{t_c / t_b_in:.1f} against in-process b)")

        full = tmp / "complete.pdf"
        from tests.pdfgen import complete_tables

        base = make_complete(full, report_pages, complete_tables())
        conv_rows = []
        for name, path in converter_texts(full, tmp).items():
            rc = subprocess.run(peelkit("extract", str(path), "--out", str(out), "-q"), env=ENV,
                                capture_output=True).returncode
            t_d = timed(lambda: subprocess.run(peelkit("extract", str(path), "--out", str(out), "-q"), env=ENV,
                                               capture_output=True), args.repeat)
            conv_rows.append((name, t_d, rc, path.stat().st_size))
            print(f"(d) peelkit extract {name} ({base['pages']} pages, {path.stat().st_size / 1e3:.0f} kB): "
                  f"{t_d:.2f} s incl. start-up, exit {rc} (target < 0.5 s)")

        big = tmp / "big.pdf"
        t = time.perf_counter()
        binfo = make_pdf(big, big_pages)
        print(f"generated {big.name}: {binfo['pages']} pages ({big.stat().st_size / 1e6:.1f} MB, "
              f"{time.perf_counter() - t:.1f} s)")
        t = time.perf_counter()
        res = subprocess.run([PYTHON, "-c", PEAK, *peelkit("extract", str(big), "--out", str(out), "-q")],
                             check=True, env=ENV, capture_output=True, text=True)
        t_big = time.perf_counter() - t
        rss_mb = int(res.stdout.strip()) / 1024  # ru_maxrss is in KiB on Linux
        print(f"(c) peelkit extract {big.name}: {t_big:.2f} s, peak RSS {rss_mb:.0f} MB (target < 500 MB)")

        # the 50 MB text report (scripts/bench_large.py builds it): memory of the text path
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import bench_large

        large = tmp / "state_of_policing_large.txt"
        bench_large.build(large, 10 if args.quick else 50)
        t_large, rss_large = bench_large.run_child(peelkit("extract", str(large), "--out", str(out), "-q"))
        mb_large = large.stat().st_size / 1024 / 1024
        print(f"text path, {mb_large:.0f} MB text: {t_large:.2f} s, peak RSS {rss_large:.0f} MB (target < 500 MB)")

    print()
    print("| run | pages | seconds | note |")
    print("|---|---:|---:|---|")
    print(f"| text path, `peelkit extract {SOP.name}` | – | {t_text:.2f} | subprocess incl. start-up |")
    print(f"| (a) pdfplumber `extract_tables()` every page | {info['pages']} | {t_a:.2f} | in-process |")
    print(f"| (b) pypdfium2 raw text every page | {info['pages']} | {t_b:.2f} | subprocess incl. start-up "
          f"({t_b_in:.2f} in-process) |")
    print(f"| (c) `peelkit extract report.pdf` | {info['pages']} | {t_c:.2f} | subprocess incl. start-up; "
          f"a/c = {t_a / t_c:.1f}, c/b = {t_c / t_b:.2f} |")
    print(f"| (c) `peelkit extract big.pdf` | {binfo['pages']} | {t_big:.2f} | peak RSS {rss_mb:.0f} MB |")
    print(f"| text path, {mb_large:.0f} MB text report | – | {t_large:.2f} | peak RSS {rss_large:.0f} MB |")
    for name, t_d, rc, size in conv_rows:
        print(f"| (d) `peelkit extract {name}` | {base['pages']} | {t_d:.2f} | subprocess incl. start-up; "
              f"{size / 1e3:.0f} kB; exit {rc} |")


if __name__ == "__main__":
    main()
