"""extract: find the sources, recognise each one, parse, check totals, write data/clean.

This is the library function behind ``peelkit extract``; the CLI only renders its result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DataError, LayoutError, SourceError, UnknownDocumentError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (4 ms)
if TYPE_CHECKING:
    from . import checks
    from .schema import Extraction

# The modules below are imported where they are used, so that a PDF's scan workers start before them
# (the scan does this process's imports meanwhile: ``_load_rest``).

# Files in a data/raw directory scan that are never sources.
_IGNORED = {"README.md", "README", ".gitkeep", "sources.toml"}


@dataclass
class Result:
    """What one ``run`` extracted, skipped, checked and wrote."""

    extractions: list[Extraction] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    tables: dict[str, list[dict]] = field(default_factory=dict)
    comparisons: list[checks.Comparison] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    out_dir: Path | None = None


def expand_sources(sources: list[Path], max_size: int | None = None) -> list[tuple[Path, bool]]:
    """(path, explicit) for every file named or found in a named directory (sorted by name). Each is a
    regular file within the size limit (``sources.limits``; a device, FIFO or socket is never opened),
    or one SourceError naming it."""
    from .sources import limits

    if not sources:
        from . import store

        sources = [store.default_raw_dir()]
    out: list[tuple[Path, bool]] = []
    for s in sources:
        s = Path(s)
        if s.is_dir():
            files = sorted(p for p in s.iterdir() if p.is_file() and p.name not in _IGNORED
                           and not p.name.startswith("."))
            if not files:
                raise SourceError("directory has no source files; expected State of Policing or PEEL reports",
                                  source=str(s))
            out.extend((p, False) for p in files)
        elif s.exists():
            out.append((s, True))
        elif s.is_symlink():
            raise SourceError("is a symbolic link to nothing (its target does not exist)", source=str(s))
        else:
            raise SourceError("no such file or directory", source=str(s))
    for p, _ in out:
        limits.check(p, max_size)
    return out


def extract_file(path: Path, progress: Callable[[str], None] | None = None, *, words: str = "pdfium",
                 year: str | None = None, scanned=None, max_size: int | None = None) -> Extraction | None:
    """Parse one source file. None when the file is not a document peelkit knows. PDFs: ``words`` is
    the word source of the table pages, ``year`` the table's year when the PDF does not state it,
    ``scanned`` its ``sources.pdf.scan_all`` result (a Scan or the error it raised). A text's lines that
    hold bytes that are not UTF-8 are ``encoding`` findings. Running out of memory or recursion on a
    hostile file is one SourceError naming it."""
    try:
        return _extract_file(path, progress, words, year, scanned, max_size)
    except MemoryError:
        raise SourceError("not enough memory to read this file (is it a document?)", source=str(path)) from None
    except RecursionError:
        raise SourceError("nested too deeply to read (is it a document?)", source=str(path)) from None


def _extract_file(path: Path, progress, words: str, year: str | None, scanned, max_size: int | None):
    if path.suffix.lower() == ".pdf" or _is_pdf(path):
        from .sources.pdf import extract_pdf  # lazy: the PDF path's modules

        if isinstance(scanned, Exception):
            raise scanned
        return extract_pdf(path, progress=progress, words=words, year=year, scanned=scanned)
    from .sources import detect
    from .sources.text import read_source

    doc = read_source(path, max_size)  # line ends are LF only (CRLF and CR-only converted)
    kind = detect.detect(doc.text)
    if kind is None:
        return None
    lines = doc.text.split("\n")
    bad = doc.bad_lines
    del doc  # large reports: keep one copy of the text in memory, not two
    ex = kind.load()(lines, path.name)
    for line, message, found in bad:
        ex.review("encoding", message, line=line, expected="UTF-8", found=found)
    return ex


_EXPLAINS = {"count_mismatch", "missing_force", "layout", "duplicate_force", "duplicate_row", "unexpected_value",
             "bad_row", "unrecognised_line"}


_REPORT_KINDS = {"force_report", "area_report", "grade_list", "national_list"}  # one-force reports and grade lists


def check_yield(ex: Extraction, source: str) -> None:
    """A State of Policing report that gives no judgments for a pillar, or fewer forces than its
    layout expects with no finding that says why, is a failed extraction (exit 1), not an empty table.
    So is a force report or grade list that gives no graded judgment at all."""
    if ex.kind in _REPORT_KINDS:
        _check_report_yield(ex, source)
        return
    if ex.kind != "state_of_policing":
        return
    from .parse.state_of_policing import layouts

    year = str(ex.meta.get("year"))
    layout = layouts().get(year, {})
    expected = int(ex.meta.get("forces", 43))  # type: ignore[arg-type]
    review = ex.rows("review")
    how = f" (read as {ex.meta['format']} text)" if ex.meta.get("format") else ""
    for p in layout.get("pillars", []):
        got = {r["force_id"] for r in ex.rows("pillars") if r["pillar"] == p and r["grade"]}
        why = [r for r in review if r.get("pillar") == p and r["kind"] in _EXPLAINS]
        if not got:
            first = f": {why[0]['message']}" if why else ""
            more = f" ({len(why) - 1} more findings)" if len(why) > 1 else ""
            hint = (". Cells are out of row order in this text (pdftotext without -layout moves the cells of rows "
                    "with wrapped cells): convert the PDF with 'pdftotext -layout', or extract the PDF itself"
                    if ex.meta.get("unfit_rows") else "")
            raise LayoutError(f"recognised as a State of Policing {year} report{how} but no {p} judgments could be "
                              f"extracted{first}{more}{hint}", source=source)
        if len(got) < expected and not why:
            raise LayoutError(f"recognised as a State of Policing {year} report{how} but only {len(got)} of "
                              f"{expected} forces have a {p} judgment, and no finding says why", source=source)


def _check_report_yield(ex: Extraction, source: str) -> None:
    graded = [r for t in ("pillars", "questions", "areas") for r in ex.rows(t)
              if r.get("grade") and r["grade"] != "Ungraded"]
    if graded:
        return
    from .sources.detect import KINDS

    name = {"national_list": "grade_list"}.get(ex.kind, ex.kind)  # a national list is read as a grade list
    what = next((k.description for k in KINDS if k.name == name), ex.kind)
    review = sorted(ex.rows("review"), key=lambda r: r["kind"] not in ("unknown_round", "layout"))  # stable
    first = f": {review[0]['message']}" if review else ""
    more = f" ({len(review) - 1} more findings)" if len(review) > 1 else ""
    raise LayoutError(f"recognised as a {what} but no graded judgment could be extracted{first}{more}",
                      source=source)


def _scan_pdfs(paths: list[Path], progress: Callable[[str], None] | None, words: str) -> dict:
    """Every PDF of the run scanned together (one progress bar over all their pages)."""
    if not paths:
        return {}
    from .sources.pdf import scan_all

    return scan_all(paths, progress, words=words == "pdfium", meanwhile=_load_rest)


def _load_rest() -> None:
    """Import what ``run`` needs after the scan (about 40 ms), while the scan's workers read pages."""
    from . import checks, reconcile, store, validate  # noqa: F401
    from .parse import sop_pdf  # noqa: F401


def _is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(5) == b"%PDF-"
    except OSError:
        return False


def run(sources: list[Path], out_dir: Path | None = None, *, write: bool = True,
        progress: Callable[[str], None] | None = None, words: str = "pdfium", year: str | None = None,
        max_size: int | None = None) -> Result:
    """``words``: the PDF word source (pdfium, or pdfplumber the reference reader); ``year``: the table's
    year for a PDF that does not state it; ``max_size``: the largest source read, in bytes (default
    ``sources.limits.MAX_BYTES``). All PDFs are scanned first, together (in parallel when large)."""
    files = expand_sources(list(sources), max_size)
    scans = _scan_pdfs([p for p, _ in files if p.suffix.lower() == ".pdf" or _is_pdf(p)], progress, words)
    from . import checks, store
    from .reconcile import reconcile

    res = Result(out_dir=Path(out_dir) if out_dir else store.default_clean_dir())
    inputs: list[Path] = []
    for path, explicit in files:
        if path.suffix.lower() == ".csv" and explicit:
            raise SourceError("this is a CSV file, not a source report; pass a State of Policing or PEEL "
                              "report (text or PDF). To check clean CSVs use 'peelkit validate'",
                              source=str(path))
        try:
            ex = extract_file(path, progress=progress, words=words, year=year, scanned=scans.get(path),
                              max_size=max_size)
        except UnknownDocumentError as exc:
            if explicit:
                raise
            res.skipped.append((path, exc.message))
            continue
        if ex is None:
            from .sources import detect

            msg = f"not a document peelkit knows (looked for: {detect.known_kinds()})"
            if explicit:
                raise SourceError(msg, source=str(path))
            res.skipped.append((path, msg))
            continue
        check_yield(ex, str(path))
        res.extractions.append(ex)
        inputs.append(path)
    if not res.extractions:
        raise SourceError(f"no source peelkit can extract from ({len(res.skipped)} file(s) skipped)",
                          source=str(sources[0]) if sources else str(store.default_raw_dir()))
    tables = store.merge(res.extractions)
    res.comparisons = checks.compare(tables["pillars"], tables["questions"], tables["printed_totals"])
    expected = max((int(ex.meta.get("forces", 43)) for ex in res.extractions), default=43)  # type: ignore[arg-type]
    tables["review"].extend(checks.review_rows(res.comparisons, tables["printed_totals"], expected))
    tables["review"].extend(reconcile(tables))
    from .validate import formula_findings

    tables["review"].extend(formula_findings(tables))
    store.sort_rows("review", tables["review"])
    res.tables = tables
    if write:
        kinds = {ex.source_file: ex.kind for ex in res.extractions}
        check_package(tables, kinds, res.out_dir)
        res.written = store.write_clean(res.out_dir, tables, inputs, kinds=kinds)
    return res


def check_package(tables: dict[str, list[dict]], kinds: dict[str, str], out_dir: Path) -> None:
    """Refuse (one line, nothing written) a package that would not pass ``peelkit validate``: the schema's
    rules, keys included, and the PEEL checks, run on the cells the CSVs will hold."""
    from . import store, validate

    errors, _ = validate.check_rows({name: store.cells(name, rows) for name, rows in tables.items()}, kinds)
    if errors:
        e = errors[0]
        where = ", ".join(str(x) for x in (e["source"], e["row"] and f"row {e['row']}", e["field"]) if x)
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise DataError(f"the extracted tables would not pass 'peelkit validate', so nothing was written: "
                        f"{where}: {e['message']}{more}", source=str(out_dir))
