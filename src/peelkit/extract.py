"""extract: find the sources, recognise each one, parse, check totals, write data/clean.

This is the library function behind ``peelkit extract``; the CLI only renders its result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import DataError, SourceError, UnknownDocumentError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (4 ms)
if TYPE_CHECKING:
    from . import checks, store
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
    failed: list[tuple[Path, str]] = field(default_factory=list)  # recognised (or named) but not read: why
    tables: dict[str, list[dict]] = field(default_factory=dict)
    comparisons: list[checks.Comparison] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    out_dir: Path | None = None
    growth: store.Growth | None = None  # what the write did to the package's sources (added, replaced, kept)


def expand_sources(sources: list[Path]) -> list[tuple[Path, bool]]:
    """(path, explicit) for every file named or found in a named directory (sorted by name)."""
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
    return out


def _bounded(files: list[tuple[Path, bool]], max_size: int | None) -> tuple[list[tuple[Path, bool]], list]:
    """The files that are regular files within the size limit (``sources.limits``: a device, FIFO or socket
    is never opened, not even to look for a PDF header), and (path, why) for the others; a single file
    that is not is its SourceError."""
    from .sources import limits

    ok, refused = [], []
    for p, explicit in files:
        try:
            limits.check(p, max_size)
        except SourceError as exc:
            if len(files) == 1:
                raise
            refused.append((p, exc.message))
            continue
        ok.append((p, explicit))
    return ok, refused


def extract_file(path: Path, progress: Callable[[str], None] | None = None, *, words: str = "pdfium",
                 year: str | None = None, scanned=None, context=None,
                 max_size: int | None = None) -> Extraction | None:
    """Read one source file: its ``Document`` from the source, its reading from the readers' registry
    (``readers.choose``). None when no reader recognises it. PDFs: ``words`` is the word source, ``year`` the
    table's year when the PDF does not state it, ``scanned`` its ``sources.pdf.scan_all`` result (a Scan or the
    error it raised). ``context``: the user's --round / --force / --pillar (``user_context``). A text's lines
    that hold bytes that are not UTF-8 are ``encoding`` findings. Running out of memory or recursion on a
    hostile file is one SourceError naming it."""
    why = None
    try:
        return _read(open_document(path, progress, words=words, scanned=scanned, max_size=max_size), year, context)
    except MemoryError:
        why = "not enough memory to read this file (is it a document?)"
    except RecursionError:
        why = "nested too deeply to read (is it a document?)"
    import gc  # here, after the except block: the failed reading's frames (and its lines) are freed

    gc.collect()
    raise SourceError(why, source=str(path))


def read_source(path: Path, progress: Callable[[str], None] | None = None, *, words: str = "pdfium",
                year: str | None = None, scanned=None, context=None, max_size: int | None = None) -> Extraction:
    """``extract_file``, or an UnknownDocumentError saying why no reader recognised the file and what was
    looked for."""
    ex = extract_file(path, progress, words=words, year=year, scanned=scanned, context=context, max_size=max_size)
    if ex is None:
        from . import readers

        doc = open_document(path, words=words, scanned=scanned, max_size=max_size)
        raise UnknownDocumentError(readers.unknown(doc), source=str(path))
    return ex


def _read(doc, year: str | None, context) -> Extraction | None:
    from . import readers
    from .readers.context import Context

    ctx = context or Context()
    if year is not None:
        ctx = replace(ctx, year=year)
    ex = readers.choose(doc, ctx).extraction
    if ex is not None and doc.source_lines is not None:
        _file_lines(ex, doc)
    if ex is not None:
        for line, message, found in doc.bad_lines:  # lines of the file with bytes that are not UTF-8 (read as cp1252)
            ex.review("encoding", message, line=line, expected="UTF-8", found=found)
    return ex


def open_document(path: Path, progress: Callable[[str], None] | None = None, *, words: str = "pdfium",
                  scanned=None, max_size: int | None = None):
    """The file as a ``sources.document.Document``: a PDF's pages (from its scan), a saved web page's visible
    lines and tables, or a text's lines (line ends LF only: CRLF and CR-only converted; ``max_size`` bytes at
    most, ``sources.limits``)."""
    if path.suffix.lower() == ".pdf" or _is_pdf(path):
        from .sources import pdf  # lazy: the PDF path's modules

        if isinstance(scanned, Exception):
            raise scanned
        return pdf.document(path, scanned, words=words, progress=progress)
    from .sources.document import Document
    from .sources.text import read_source as read_text, split_lines

    decoded = read_text(path, max_size)
    text, bad = decoded.text, decoded.bad_lines
    del decoded
    if path.suffix.lower() in (".html", ".htm") or _looks_like_html(text):
        from .sources.html import parse as parse_html

        page = parse_html(text)  # a saved web page: its visible lines and its tables
        text = "\n".join(page.lines)
        return Document(path.name, path=path, text=text, lines=split_lines(text), tables=page.tables,
                        source_lines=page.source_lines, bad_lines=bad)
    doc = Document(path.name, path=path, text=text, lines=split_lines(text), bad_lines=bad)
    doc.tab_rows = "\t" in text  # a table copied from a browser: read when a reader asks for tables
    return doc


def _looks_like_html(text: str) -> bool:
    """Whether a text starts as an HTML page (checked without importing the HTML reader: most texts are not)."""
    head = text[:4096].lstrip().lower()
    if not head.startswith("<"):
        return False
    from .sources.html import looks_like_html

    return looks_like_html(text)


def _file_lines(ex: Extraction, doc) -> None:
    """Rows read from a web page's visible lines name the line of the HTML file that line starts on (in their
    ``source_line`` and in the lines a finding's message names)."""
    import re

    at = doc.file_line
    for rows in ex.tables.values():
        for r in rows:
            n = r.get("source_line")
            if isinstance(n, int):
                r["source_line"] = at(n)
            if isinstance(r.get("message"), str):
                r["message"] = re.sub(r"\b(lines? )(\d+)(?:( and )(\d+))?", lambda m: m.group(1) + str(at(int(m.group(2))))
                                      + (m.group(3) + str(at(int(m.group(4)))) if m.group(4) else ""), r["message"])


def check_yield(ex: Extraction, source: str) -> None:
    """The reading's own checks (its reader's ``check``): a State of Policing report that gives no judgments
    for a pillar, a force report or grade list that gives no graded judgment at all, is a failed extraction
    (exit 1), not an empty table."""
    from . import readers

    readers.check(ex, source)


def _scan_pdfs(paths: list[Path], progress: Callable[[str], None] | None) -> dict:
    """Every PDF of the run scanned together (one progress bar over all their pages)."""
    if not paths:
        return {}
    from .sources.pdf import scan_all

    return scan_all(paths, progress, meanwhile=_load_rest)


def _load_rest() -> None:
    """Import what ``run`` needs after the scan (about 40 ms), while the scan's workers read pages."""
    from . import checks, reconcile, rules, store  # noqa: F401
    from .readers import state_of_policing  # noqa: F401


def _is_pdf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(5) == b"%PDF-"
    except OSError:
        return False


def user_context(round_: str | None = None, force: str | None = None, pillar: str | None = None):
    """The user's --round / --force / --pillar as a reader context (``readers.prose_page.Context``); an unknown
    name is a usage error listing what is known."""
    from . import model
    from .errors import UnknownNameError
    from .readers.context import Context

    rnd = f = p = None
    if round_ is not None:
        rnd = model.find_round(round_)
        if rnd is None:
            raise UnknownNameError("round", round_, hint="known: " + ", ".join(r.round_id for r in model.rounds()))
    if force is not None:
        f = model.resolve_force(force)
    if pillar is not None:
        p = model.pillar(pillar)
        if p is None:
            raise UnknownNameError("pillar", pillar, hint="effectiveness, efficiency or legitimacy")
    return Context(rnd, f, p, f"--round {rnd.round_id}" if rnd else "")


def run(sources: list[Path], out_dir: Path | None = None, *, write: bool = True,
        progress: Callable[[str], None] | None = None, words: str = "pdfium", year: str | None = None,
        context=None, replace: bool = False, max_size: int | None = None) -> Result:
    """``words``: the PDF word source (pdfium, or pdfplumber the reference reader); ``year``: the table's
    year for a PDF that does not state it; ``max_size``: the largest source read, in bytes (default
    ``sources.limits.MAX_BYTES``). All PDFs are scanned first, together (in parallel when large).
    The package in ``out_dir`` grows (``store.grow``): the sources read replace their own rows, every other
    source's rows are kept; ``replace`` starts afresh."""
    files, refused = _bounded(expand_sources(list(sources)), max_size)
    scans = _scan_pdfs([p for p, _ in files if p.suffix.lower() == ".pdf" or _is_pdf(p)], progress)
    from . import store

    res = Result(out_dir=Path(out_dir) if out_dir else store.default_clean_dir(), failed=refused)
    inputs: list[Path] = []
    for path, explicit in files:
        if path.suffix.lower() == ".csv" and explicit:
            raise SourceError("this is a CSV file, not a source report; pass a State of Policing or PEEL "
                              "report (text or PDF). To check clean CSVs use 'peelkit validate'",
                              source=str(path))
        try:
            ex = read_source(path, progress=progress, words=words, year=year, scanned=scans.get(path),
                             context=context, max_size=max_size)
            check_yield(ex, str(path))
        except UnknownDocumentError as exc:
            if explicit and len(files) == 1:
                raise
            (res.failed if explicit else res.skipped).append((path, exc.message))
            continue
        except SourceError as exc:  # recognised but not read (LayoutError), unreadable bytes...
            if len(files) == 1:
                raise
            res.failed.append((path, exc.message))  # one file's failure does not lose the others' judgments
            continue
        res.extractions.append(ex)
        inputs.append(path)
    if not res.extractions:
        if res.failed:
            path, why = res.failed[0]
            more = f" ({len(res.failed) - 1} more files could not be read either)" if len(res.failed) > 1 else ""
            raise SourceError(why + more, source=str(path))
        raise SourceError(f"no source peelkit can extract from ({len(res.skipped)} file(s) skipped)",
                          source=str(sources[0]) if sources else str(store.default_raw_dir()))
    res.growth = store.grow(res.out_dir, res.extractions, inputs, replace=replace or not write)
    _check_and_write(res, inputs, write)
    return res


def _check_and_write(res: Result, inputs: list[Path], write: bool) -> None:
    """Merge the run's extractions with the rows the package keeps, run the checks on the whole, write."""
    from . import checks, model, store
    from .reconcile import reconcile
    from .rules import formula_findings

    growth = res.growth
    exs = growth.extractions if growth is not None else res.extractions
    tables = store.merge(exs)
    tables["review"].extend(_unread_rows(res.failed))
    res.comparisons = checks.compare(tables["pillars"], tables["questions"], tables["printed_totals"])
    expected = max((int(ex.meta.get("forces", model.force_count())) for ex in exs),  # type: ignore[arg-type]
                   default=model.force_count())
    tables["review"].extend(checks.review_rows(res.comparisons, tables["printed_totals"], expected))
    tables["review"].extend(reconcile(tables))
    tables["review"].extend(formula_findings(tables))
    store.settle_review(tables["review"])
    store.sort_rows("review", tables["review"])
    res.tables = tables
    if write:
        kinds = {ex.source_file: ex.kind for ex in exs}
        check_package(tables, kinds, res.out_dir)
        res.written = store.write_clean(res.out_dir, tables, inputs, kinds=kinds,
                                        kept=growth.kept_entries if growth is not None else None,
                                        base=growth.base if growth is not None else "")


def remove(source: str, out_dir: Path | None = None) -> Result:
    """Take one source (file name or sha256 prefix) out of the package in ``out_dir``: its rows go, every
    other source's rows stay, and the checks run on the whole before the one write."""
    from . import store

    res = Result(out_dir=Path(out_dir) if out_dir else store.default_clean_dir())
    if not res.out_dir.is_dir():
        raise DataError("no such folder; nothing to remove from", source=str(res.out_dir))
    pkg = store.read_package(res.out_dir)
    if pkg is None:
        raise DataError(f"holds no package peelkit wrote ({store.DATAPACKAGE}); nothing to remove",
                        source=str(res.out_dir))
    title = store.find_source(pkg[0], source)["title"]
    if len(pkg[0]) == 1:
        raise DataError(f"{title} is the package's only source; removing it would leave no package: extract "
                        "another source with --replace, or delete the folder", source=str(res.out_dir))
    res.growth = store.grow(res.out_dir, [], [], remove=[title])
    _check_and_write(res, [], True)
    return res


def _unread_rows(failed: list[tuple[Path, str]]) -> list[dict]:
    """A review row (kind ``unread_file``) for every file of the run that could not be read, with the reason."""
    from .schema import finding

    return [finding("unread_file", f"{path.name}: {why}", source_file=path.name,
                    expected="a document peelkit can read") for path, why in failed]


def check_package(tables: dict[str, list[dict]], kinds: dict[str, str], out_dir: Path) -> None:
    """Refuse (one line, nothing written) a package that would not pass ``peelkit validate``: the schema's
    rules, keys included, and the PEEL checks, run on the cells the CSVs will hold."""
    from . import rules, store

    errors, _ = rules.check_rows({name: store.cells(name, rows) for name, rows in tables.items()}, kinds)
    if errors:
        e = errors[0]
        where = ", ".join(str(x) for x in (e["source"], e["row"] and f"row {e['row']}", e["field"]) if x)
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise DataError(f"the extracted tables would not pass 'peelkit validate', so nothing was written: "
                        f"{where}: {e['message']}{more}", source=str(out_dir))
