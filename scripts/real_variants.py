"""The real pages in the shapes an analyst's copy takes: each page of a folder with its truth and score.py
(../shared/real), changed in a way that keeps its meaning (line ends, quotes, navigation and footer lines, a
converter's wrapping, markdown, bullets, a saved web page...), extracted in this process and scored by that
folder's own score.py. Prints score.py's TOTAL line per variant: files, exit 0, truth, found, wrong, missed,
extra.

    .venv/bin/python scripts/real_variants.py [FOLDER] [--only "wrap 72,html"]

The pages are read where they are; nothing is copied into the project.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import re
import sys
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from peelkit import extract  # noqa: E402
from peelkit.errors import PeelkitError  # noqa: E402

NAV = "Skip to main content\nHome\nPublications\nPEEL assessments\nSearch this site\nMenu\n"
FOOT = "\nShare this page\nTwitter\nFacebook\nCookies\nAccessibility\nContact us\n© Crown copyright\n"


def as_html(body: str) -> str:
    """The page as a browser's "Save page as" would keep it: a title, paragraphs, list items, navigation."""
    out = ["<!DOCTYPE html><html><head><title>PEEL</title><script>var x=1;</script></head><body>",
           "<nav><ul><li><a href='/'>Home</a></li><li>Publications</li></ul></nav><main>"]
    for i, ln in enumerate(body.split("\n")):
        if not ln.strip():
            continue
        if i == 0:
            out.append(f"<h1>{ln}</h1>")
        elif ln.lstrip().startswith(("- ", "• ")):
            out.append(f"<ul><li>{ln.lstrip()[2:]}</li></ul>")
        else:
            out.append(f"<p>{ln}</p>")
    out.append("</main><footer>Cookies | Contact</footer></body></html>")
    return "\n".join(out)


def wrapped(width: int, keep_blank: bool = True) -> Callable[[str], str]:
    def wrap(body: str) -> str:
        lines = [ln for ln in body.split("\n") if keep_blank or ln.strip()]
        return "\n".join("\n".join(textwrap.wrap(ln, width)) if len(ln) > width else ln for ln in lines)
    return wrap


VARIANTS: dict[str, Callable[[str], str]] = {
    "as is": lambda b: b,
    "crlf": lambda b: b.replace("\n", "\r\n"),
    "nav+footer": lambda b: NAV + b + FOOT,
    "straight quotes": lambda b: b.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"'),
    "curly quotes": lambda b: b.replace("'", "’"),
    "nbsp": lambda b: b.replace(" ", "\u00a0", 40),
    "blank lines between": lambda b: "\n\n".join(b.split("\n")),
    "no blank lines": lambda b: re.sub(r"\n\s*\n", "\n", b),
    "wrap 60": wrapped(60),
    "wrap 72": wrapped(72),
    "wrap 80": wrapped(80),
    "wrap 72 no blanks": wrapped(72, keep_blank=False),
    "bullets *": lambda b: re.sub(r"(?m)^(\s*)[-•] ", r"\1* ", b),
    "bullets •": lambda b: re.sub(r"(?m)^(\s*)[-*] ", r"\1• ", b),
    "trailing spaces": lambda b: b.replace("\n", "  \n"),
    "tabs for spaces": lambda b: b.replace(". ", ".\t", 20),
    "title h1": lambda b: "# " + b,
    "markdown headings": lambda b: re.sub(r"(?m)^([A-Z][^.\n]{0,60})$", r"## \1", b),
    "bold short lines": lambda b: re.sub(r"(?m)^([A-Z][^.\n]{0,40})$", r"**\1**", b),
    "html": as_html,
}


def score_variant(score, folder: Path, name: str, change: Callable[[str], str]) -> str:
    """score.py's TOTAL line for every page of ``folder`` changed by ``change``."""
    ext = ".html" if name == "html" else ".txt"

    def run_one(exe, src_txt, work, page):  # score.run_one, in this process
        inp, out = Path(work) / "in" / (page + ext), Path(work) / "out" / page
        inp.parent.mkdir(parents=True, exist_ok=True)
        inp.write_text(change(src_txt.split("\n----\n", 1)[1]), encoding="utf-8", newline="")
        try:
            extract.run([inp], out)
            return 0, "", str(out)
        except PeelkitError as exc:
            return 1, str(exc), str(out)

    score.run_one = run_one
    buf = io.StringIO()
    with tempfile.TemporaryDirectory() as work, contextlib.redirect_stdout(buf):
        sys.argv = ["score.py", "peelkit", str(folder), "--work", work]
        score.main()
    lines = buf.getvalue().splitlines()
    head = next(k for k, ln in enumerate(lines) if ln.startswith("round"))
    return next(ln for ln in lines[head:] if ln.startswith("TOTAL"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared" / "real"))
    ap.add_argument("--only", default="", help="comma-separated variant names (default: all)")
    a = ap.parse_args()
    folder = Path(a.folder)
    if not (folder / "score.py").is_file():
        raise SystemExit(f"{folder}: no score.py there (a folder of pages with their truth)")
    spec = importlib.util.spec_from_file_location("real_score", folder / "score.py")
    score = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(score)  # type: ignore[union-attr]
    names = [n.strip() for n in a.only.split(",") if n.strip()] or list(VARIANTS)
    print(f"{'variant':22s} {'':5s} files  exit0  truth  found  wrong  missed  extra  prior-ok")
    for name in names:
        print(f"{name:22s} {score_variant(score, folder, name, VARIANTS[name])}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
