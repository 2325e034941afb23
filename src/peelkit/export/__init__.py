"""The board-paper export: a finished Excel workbook, its PDF, or a folder of CSVs, for one year and,
optionally, one force.

Sheets (``sheets.py``, one builder each): Cover (headlines first, then how to read the paper and the
key), Summary (the force's judgments beside the national distribution), Chart, one sheet per pillar,
Totals (derived vs printed), Notes (every review finding about the files used), Reports (the force's
inspection-report timeline) and Sources (files with sha256). The force's figures come from
``peelkit.profile``, the same profile ``compare`` prints.

The data itself (every tidy table with its keys, ``dataset``) goes to ``.sqlite`` (with a Datasette
metadata file beside it, ``sqlite``), ``.json`` or a folder of Parquet files (``-f parquet``, ``parquet``).

The data model (``Book``) is built without openpyxl or pandas; ``xlsx.render_workbook`` draws it with
openpyxl, ``csvfolder.write_csv_folder`` as CSVs, ``pdf.xlsx_to_pdf`` through LibreOffice. Output is
byte-identical when nothing changed (fixed created date and ZIP timestamps) and written atomically.
"""

from __future__ import annotations

import os
import shutil
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .. import store
from ..errors import UsageError
from ..profile import NOT_EXTRACTED
from .book import Book, Cover, Sheet
from .sheets import SELECTED_MARK, book

PAPER_FORMATS = ("xlsx", "pdf", "csv")  # the board paper
DATA_FORMATS = ("sqlite", "json", "parquet")  # every tidy table with its keys
FORMATS = PAPER_FORMATS + DATA_FORMATS
SUFFIXES = {".xlsx": "xlsx", ".pdf": "pdf", ".sqlite": "sqlite", ".sqlite3": "sqlite", ".db": "sqlite",
            ".json": "json"}
FOLDER_FORMATS = ("csv", "parquet")

__all__ = ["Book", "Cover", "Sheet", "ExportResult", "FORMATS", "NOT_EXTRACTED", "SELECTED_MARK", "book",
           "build_workbook", "export", "output_format", "render_workbook", "write_csv_folder"]


@dataclass
class ExportResult:
    path: Path
    fmt: str
    year: str
    force: str | None
    sheets: dict[str, int]
    totals: Counter
    notes: int
    seconds: float


def render_workbook(book_: Book):
    from .xlsx import render_workbook as _render

    return _render(book_)


def write_csv_folder(folder: Path, book_: Book) -> list[Path]:
    from .csvfolder import write_csv_folder as _write

    return _write(folder, book_)


def build_workbook(data_dir: Path | None = None, force: str | None = None, year: str | None = None,
                   accessible: bool = False):
    """The board-paper workbook as an openpyxl Workbook (not saved)."""
    return render_workbook(book(data_dir, force, year, accessible))


def output_format(path: Path, fmt: str | None = None) -> str:
    """The format follows the name: .xlsx a workbook, .pdf its PDF, .sqlite (.db) a database, .json one JSON
    document, no extension (or a folder) CSVs, or Parquet files with --format parquet. A format that
    contradicts the name, or a name with another extension, is refused."""
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    suffix = path.suffix.lower()
    folder = not suffix or path.is_dir()
    implied = SUFFIXES.get(suffix) or (("parquet" if fmt == "parquet" else "csv") if folder else None)
    if implied is None:
        hint = {".csv": " (--format csv writes a folder: give a name without an extension, e.g. board/)",
                ".parquet": " (Parquet is one file per table: give a folder, e.g. peel-parquet/ --format parquet)"
                }.get(suffix, "")
        raise UsageError(f"{path}: cannot tell the format from '{suffix}'; name the output .xlsx (workbook), "
                         f".pdf (PDF), .sqlite or .json (the tables) or a folder (CSVs; Parquet with --format "
                         f"parquet){hint}")
    if fmt is not None and fmt != implied:
        want = {"xlsx": "a .xlsx file", "pdf": "a .pdf file", "csv": "a folder name without an extension",
                "parquet": "a folder name without an extension", "sqlite": "a .sqlite or .db file",
                "json": "a .json file"}[fmt]
        raise UsageError(f"{path}: --format {fmt} needs {want}; the name says {implied}")
    return implied


def _clear(p: Path) -> None:
    if p.is_dir():
        shutil.rmtree(p, ignore_errors=True)
    elif p.exists():
        p.unlink()


def export(path: Path | str, data_dir: Path | None = None, force: str | None = None, year: str | None = None,
           accessible: bool = False, fmt: str | None = None, overwrite: bool = False,
           against: list[str] | None = None) -> ExportResult:
    """Write the board paper to ``path``: .xlsx (workbook), .pdf (needs LibreOffice) or a folder of CSVs;
    or every tidy table: .sqlite (and its Datasette metadata), .json, a folder of Parquet files.

    Never replaces an existing file or folder unless ``overwrite``; writes to a temporary sibling and
    renames it into place, so a failed run leaves nothing half-written.
    """
    t0 = time.perf_counter()
    path = Path(path)
    fmt = output_format(path, fmt)
    if fmt in DATA_FORMATS:
        return _export_data(path, data_dir, fmt, overwrite, t0,
                            {"--force": force, "--year": year, "--against": against, "--accessible": accessible})
    if path.exists() and not overwrite:
        kind = "folder" if path.is_dir() else "file"
        raise UsageError(f"{path} already exists ({kind}); pass --overwrite to replace it")
    if fmt not in FOLDER_FORMATS and path.is_dir():
        raise UsageError(f"{path} is a folder; a {fmt} export needs a file name")
    parent = path.resolve().parent
    if not parent.is_dir():
        raise UsageError(f"{parent}: no such directory")
    if fmt == "pdf":
        from .pdf import require_soffice, xlsx_to_pdf

        require_soffice()  # before any work: one clear line where LibreOffice is missing
    b = book(data_dir, force, year, accessible, against)
    tmp = parent / f".{path.name}.tmp-{os.getpid()}"
    old = parent / f".{path.name}.old-{os.getpid()}"
    for leftover in (tmp, old):
        _clear(leftover)
    try:
        if fmt == "csv":
            write_csv_folder(tmp, b)
            store.swap_in(tmp, path, old)
        else:
            from .xlsx import save

            wb = render_workbook(b)
            if fmt == "xlsx":
                save(wb, tmp, b.created)
            else:
                xlsx = parent / f".{path.stem}.tmp-{os.getpid()}.xlsx"
                try:
                    save(wb, xlsx, b.created)
                    xlsx_to_pdf(xlsx, tmp)
                finally:
                    _clear(xlsx)
            os.replace(tmp, path)
    finally:
        _clear(tmp)
    totals = Counter(row[b.sheet("Totals").columns.index("Check")] for row in b.sheet("Totals").rows)
    return ExportResult(path, fmt, b.year, b.force.name if b.force else None, b.sizes(), totals,
                        len(b.sheet("Notes").rows), time.perf_counter() - t0)


def _export_data(path: Path, data_dir: Path | None, fmt: str, overwrite: bool, t0: float,
                 paper_options: dict[str, object]) -> ExportResult:
    """Every tidy table to .sqlite (+ Datasette metadata beside it), .json or a folder of Parquet files,
    through the same temporary sibling and rename as the board paper."""
    from .dataset import collect, write_json

    given = [k for k, v in paper_options.items() if v]
    if given:
        raise UsageError(f"{', '.join(given)} shape the board paper (.xlsx, .pdf, a CSV folder); a {fmt} export "
                         "holds every table whole: drop " + ("it" if len(given) == 1 else "them"))
    extra: list[Path] = []
    if fmt == "sqlite":
        from .sqlite import metadata_path

        extra.append(metadata_path(path))
    for p in (path, *extra):
        if p.exists() and not overwrite:
            raise UsageError(f"{p} already exists ({'folder' if p.is_dir() else 'file'}); pass --overwrite to "
                             "replace it")
    if fmt == "parquet" and path.is_file():
        raise UsageError(f"{path} is a file; a parquet export needs a folder name")
    if fmt == "parquet":
        from .parquet import require_pyarrow

        require_pyarrow()
    ds = collect(data_dir)
    parent = path.resolve().parent
    if not parent.is_dir():
        raise UsageError(f"{parent}: no such directory")
    tmps = [parent / f".{p.name}.tmp-{os.getpid()}" for p in (path, *extra)]
    old = parent / f".{path.name}.old-{os.getpid()}"
    for leftover in (*tmps, old):
        _clear(leftover)
    try:
        if fmt == "sqlite":
            from .sqlite import write_metadata, write_sqlite

            counts = write_sqlite(ds, tmps[0])
            write_metadata(ds, tmps[1], path.stem)
        elif fmt == "json":
            write_json(ds, tmps[0])
            counts = {n: len(r) for n, r in ds.rows.items()}
        else:
            from .parquet import write_parquet

            counts = write_parquet(ds, tmps[0])
        if fmt == "parquet":
            store.swap_in(tmps[0], path, old)
        else:
            for tmp, final in zip(tmps, (path, *extra)):
                os.replace(tmp, final)
    finally:
        for tmp in (*tmps, old):
            _clear(tmp)
    return ExportResult(path, fmt, "", None, counts, Counter(), 0, time.perf_counter() - t0)


def write_grid(path: Path, g) -> None:
    """A grid (``analyses.grid``) as a one-sheet workbook with the grade colours, written atomically."""
    from .book import Book, Sheet
    from .sheets import created_at
    from .xlsx import render_sheets, save

    cols = ["Force", "Force id", "Region"] + [g.labels[k] for k in g.keys]
    if len(set(cols)) != len(cols):
        cols = ["Force", "Force id", "Region"] + list(g.keys)
    rows = [[r["force"], r["force_id"], r["region"], *[r[k] for k in g.keys]] for r in g.rows]
    notes = [f"Columns: {', '.join(f'{g.labels[k]} = {k}' for k in g.keys)}." if g.level != "pillar" else "",
             *g.notes, "Empty cells: not extracted (see review.csv); never a guess."]
    sheet = Sheet("Grid", [f"PEEL {g.year}: {g.level} grades by force, {g.group}", *[n for n in notes if n]],
                  cols, rows, grade_cols=tuple(cols[3:]), freeze_cols=1, caps={c: 12 for c in cols[3:]},
                  source_table=f"{g.level} grades, {g.year}")
    b = Book(g.year, None, g.scale, False, created_at(), None, [sheet],  # type: ignore[arg-type]
             f"all forces · PEEL {g.year}")
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        save(render_sheets(b), tmp, b.created)
        os.replace(tmp, path)
    finally:
        _clear(tmp)
