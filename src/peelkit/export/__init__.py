"""The board-paper export: a finished Excel workbook, its PDF, or a folder of CSVs, for one year and,
optionally, one force.

Sheets (``sheets.py``, one builder each): Cover (headlines first, then how to read the paper and the
key), Summary (the force's judgments beside the national distribution), Chart, one sheet per pillar,
Totals (derived vs printed), Notes (every review finding about the files used), Reports (the force's
inspection-report timeline) and Sources (files with sha256). The force's figures come from
``peelkit.profile``, the same profile ``compare`` prints.

The data model (``Book``) is built without openpyxl or pandas; ``xlsx.render_workbook`` draws it with
openpyxl, ``csvfolder.write_csv_folder`` as CSVs, ``pdf.xlsx_to_pdf`` through LibreOffice. Output is
byte-identical when nothing changed (fixed created date and ZIP timestamps) and written atomically, one
run per output name at a time.
"""

from __future__ import annotations

import gc
import os
import re
import shutil
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .. import store
from ..errors import DataError, UsageError
from ..profile import NOT_EXTRACTED
from .book import Book, Cover, Sheet
from .sheets import SELECTED_MARK, book

FORMATS = ("xlsx", "pdf", "csv")
SUFFIXES = {".xlsx": "xlsx", ".pdf": "pdf"}

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
    """The format follows the name: .xlsx a workbook, .pdf its PDF, no extension (or a folder) CSVs.
    A format that contradicts the name, or a name with another extension, is refused."""
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose xlsx, pdf or csv")
    suffix = path.suffix.lower()
    implied = SUFFIXES.get(suffix) or ("csv" if not suffix or path.is_dir() else None)
    if implied is None:
        hint = " (--format csv writes a folder: give a name without an extension, e.g. board/)" \
            if suffix == ".csv" else ""
        raise UsageError(f"{path}: cannot tell the format from '{suffix}'; name the output .xlsx (workbook), "
                         f".pdf (PDF) or a folder (CSVs){hint}")
    if fmt is not None and fmt != implied:
        want = {"xlsx": "a .xlsx file", "pdf": "a .pdf file", "csv": "a folder name without an extension"}[fmt]
        raise UsageError(f"{path}: --format {fmt} needs {want}; the name says {implied}")
    return implied


def _clear(p: Path) -> None:
    if p.is_dir() and not p.is_symlink():
        shutil.rmtree(p, ignore_errors=True)
    elif p.exists() or p.is_symlink():
        p.unlink()


def _temp_names(path: Path) -> re.Pattern:
    """The hidden temporary files an export of ``path`` makes beside it (any run's; also the names of
    earlier peelkit versions): removed before each export, so a killed run leaves nothing for long."""
    return re.compile(rf"\.{re.escape(path.name)}\.(peelkit-tmp-\d+|tmp-\d+|old-\d+)(\..*)?"
                      rf"|\.{re.escape(path.stem)}\.tmp-\d+\.xlsx(\..*)?")


def _clear_temps(path: Path, pid: int | None = None) -> None:
    names = _temp_names(path)
    mine = f".{path.name}.peelkit-tmp-{pid}"
    for p in path.parent.iterdir():
        if names.fullmatch(p.name) and (pid is None or p.name == mine or p.name.startswith(mine + ".")):
            _clear(p)


def _forget(exc: BaseException) -> None:
    """Free the frames of a failed save now, quietly: an unclosed ZipFile in them closes itself on a full
    disk and would print 'Exception ignored in ZipFile.__del__' with a traceback."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda u: None if isinstance(u.exc_value, OSError) else hook(u)
    try:
        traceback.clear_frames(exc.__traceback__)
        exc.__traceback__ = None
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _write(path: Path, fmt: str, b: Book) -> None:
    """Write the board paper to ``path`` (holding the lock beside it): a file is written to a hidden
    temporary sibling, fsynced and renamed into place; a new CSV folder likewise as a whole; CSVs into
    an existing folder replace only their own names there, through ``store.publish`` (journal, roll-back)."""
    tmp = path.parent / f".{path.name}.peelkit-tmp-{os.getpid()}"
    if fmt == "csv":
        if path.is_dir():
            store.publish(path, lambda t: write_csv_folder(t, b))
            return
        write_csv_folder(tmp, b)
        store.fsync_dir(tmp)
    else:
        from .xlsx import save

        wb = render_workbook(b)
        if fmt == "xlsx":
            save(wb, tmp, b.created)
        else:
            from .pdf import xlsx_to_pdf

            xlsx = tmp.with_name(tmp.name + ".xlsx")
            save(wb, xlsx, b.created)
            xlsx_to_pdf(xlsx, tmp)
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
    store.rename(tmp, path)
    store.fsync_dir(path.parent)


def export(path: Path | str, data_dir: Path | None = None, force: str | None = None, year: str | None = None,
           accessible: bool = False, fmt: str | None = None, overwrite: bool = False) -> ExportResult:
    """Write the board paper to ``path``: .xlsx (workbook), .pdf (needs LibreOffice) or a folder of CSVs.

    Never replaces an existing file or folder unless ``overwrite``. One export of a name at a time (a
    lock beside it); the paper is written to a temporary sibling and renamed into place, so a failed
    or killed run never leaves a half-written file, and its temporary files go with the next export.
    A full disk is one DataError; nothing is left behind.
    """
    t0 = time.perf_counter()
    path = Path(path)
    fmt = output_format(path, fmt)
    if path.exists() and not overwrite:
        kind = "folder" if path.is_dir() else "file"
        raise UsageError(f"{path} already exists ({kind}); pass --overwrite to replace it")
    if fmt != "csv" and path.is_dir():
        raise UsageError(f"{path} is a folder; a {fmt} export needs a file name")
    if fmt == "csv" and path.exists() and not path.is_dir():
        raise UsageError(f"{path} is a file; a csv export writes a folder: remove the file or choose another name")
    dest = Path(os.path.abspath(path))  # "." is the current folder; a link is replaced, not followed
    parent = dest.parent
    if not parent.is_dir():
        raise UsageError(f"{parent}: no such directory")
    if fmt == "pdf":
        from .pdf import require_soffice

        require_soffice()  # before any work: one clear line where LibreOffice is missing
    b = book(data_dir, force, year, accessible)
    try:
        with store.lock(parent / f".{dest.name}.peelkit-lock", path):
            if dest.exists() and not overwrite:  # another run made it meanwhile
                raise UsageError(f"{path} already exists; pass --overwrite to replace it")
            _clear_temps(dest)
            try:
                _write(dest, fmt, b)
            finally:
                _clear_temps(dest, os.getpid())
    except OSError as exc:
        _forget(exc)
        what = exc.strerror or str(exc)
        raise DataError(f"cannot write the board paper ({what}); nothing was written", source=str(path)) from None
    totals = Counter(row[b.sheet("Totals").columns.index("Check")] for row in b.sheet("Totals").rows)
    return ExportResult(path, fmt, b.year, b.force.name if b.force else None, b.sizes(), totals,
                        len(b.sheet("Notes").rows), time.perf_counter() - t0)
