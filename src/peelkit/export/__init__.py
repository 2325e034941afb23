"""The board-paper export: a finished Excel workbook, its PDF, or a folder of CSVs, for one year and,
optionally, one force.

Sheets (``sheets.py``, one builder each, over one ``Context`` from ``context.py``, which both papers share):
Cover (headlines first, then how to read the paper and the key), Summary (the force's judgments beside the
national distribution), Chart, one sheet per pillar, Totals (derived vs printed), Notes (every review finding
about the files used), Reports (the force's inspection-report timeline) and Sources (files with sha256). The
force's figures come from ``peelkit.profile``, the same profile ``compare`` prints. An area-era round (PEEL
2021/22 on) gets its own sheets (``area_sheets``: Summary per area, Areas, History, Notes, Reports, Sources;
no Totals).

The data itself (every tidy table with its keys, ``dataset``) goes to ``.sqlite`` (with a Datasette
metadata file beside it, ``sqlite``), ``.json`` or a folder of Parquet files (``-f parquet``, ``parquet``).

The data model (``Book``) is built without openpyxl or pandas; ``xlsx.render_workbook`` draws it with
openpyxl, ``csvfolder.write_csv_folder`` as CSVs, ``pdf.xlsx_to_pdf`` through LibreOffice. Output is
byte-identical when nothing changed (fixed created date and ZIP timestamps) and written atomically, one
run per output name at a time.
"""

from __future__ import annotations

import errno
import gc
import json
import os
import re
import shutil
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .. import __version__, store
from ..errors import DataError, UsageError
from ..profile import NOT_EXTRACTED
from .book import Book, Cover, Sheet
from .context import SELECTED_MARK
from .sheets import book

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
    sys.unraisablehook = lambda u: None if isinstance(u.exc_value, OSError) or _disk_error(u.exc_value) else hook(u)
    try:
        traceback.clear_frames(exc.__traceback__)
        exc.__traceback__ = None
        gc.collect()
    finally:
        sys.unraisablehook = hook


MANIFEST = "peelkit-export.json"  # in a folder export: every file it wrote, with its sha256


def _package_folder(folder: Path) -> bool:
    """A data package (peelkit's or anyone's): a folder holding a datapackage.json."""
    return os.path.lexists(folder / store.DATAPACKAGE)


def refuse_package_folder(path: Path, folder: bool = False) -> None:
    """An export never writes into a data package folder: not into it (a folder export aimed at it) and
    not beside its tables (a file, or a new folder, inside it)."""
    dest = Path(os.path.abspath(path))
    for d, where in ((dest, "is"), (dest.parent, "is inside")) if folder else ((dest.parent, "is inside"),):
        if d.is_dir() and _package_folder(d):
            raise DataError(f"{where} a data package folder ({d} holds {store.DATAPACKAGE}); an export never writes "
                            "into one, so nothing was written: choose a name elsewhere", source=str(path))


def _listed(folder: Path) -> dict[str, str] | None:
    """File name -> "sha256:..." from the manifest an earlier peelkit export wrote into ``folder``; None when
    there is none (no file, a link, not JSON, not peelkit's)."""
    p = folder / MANIFEST
    if p.is_symlink() or not p.is_file():
        return None
    try:
        m = store.read_json(p, "peelkit's list of the files an export wrote", limit=1024 * 1024)
    except DataError:
        return None
    files = m.get("files") if isinstance(m, dict) else None
    if not isinstance(files, dict) or not re.fullmatch(r"peelkit \d[\w.+-]*", str(m.get("created_by", ""))):
        return None
    return {n: h for n, h in files.items() if isinstance(n, str) and isinstance(h, str)
            and n not in ("", ".", "..", MANIFEST) and not any(c in n for c in "/\\\0")}


def _with_manifest(fill):
    """``fill``, then the manifest of every file it wrote into the new folder."""
    def fill_and_list(tmp: Path) -> None:
        fill(tmp)
        files = {p.name: "sha256:" + store.file_digest(p)[0] for p in sorted(tmp.iterdir()) if p.is_file()}
        text = json.dumps({"created_by": f"peelkit {__version__}", "files": files}, indent=2, ensure_ascii=False)
        store.write_durable(tmp / MANIFEST, (text + "\n").encode("utf-8"))
    return fill_and_list


def _own_only(folder: Path, names: list[str]) -> list[str]:
    """(``store.publish``'s check, under the folder's lock.) Refuse, with one line naming them, files the
    new export would replace that an earlier peelkit export did not write (its manifest must list each with
    the sha256 it has now); give the files of that earlier export that this one does not write, to remove.
    One of them changed since is left and named in a note."""
    if _package_folder(folder):
        raise DataError(f"is a data package folder (it holds {store.DATAPACKAGE}); an export never writes into one, "
                        "so nothing was written: choose another folder", source=str(folder))
    listed = _listed(folder)
    if listed is None and os.path.lexists(folder / MANIFEST):
        raise DataError(f"holds {MANIFEST} not written by peelkit; nothing was written: move it away or choose "
                        "another folder", source=str(folder))
    listed = listed or {}

    def ours(n: str) -> bool:
        p = folder / n
        return p.is_file() and not p.is_symlink() and listed.get(n) == "sha256:" + store.file_digest(p)[0]

    theirs = [n for n in names if n != MANIFEST and os.path.lexists(folder / n) and not ours(n)]
    if theirs:
        what = ", ".join(theirs)
        it, they = ("it", "it has") if len(theirs) == 1 else ("them", "they have")
        raise DataError(f"holds {what} not written by peelkit (no earlier peelkit export here lists {it} with the "
                        f"sha256 {they} now); nothing was written: move {it} away or choose another folder",
                        source=str(folder))
    earlier = [n for n in listed if n not in names and os.path.lexists(folder / n)]
    changed = [n for n in earlier if not ours(n)]
    if changed:
        sys.stderr.write(f"note: {folder} holds {', '.join(changed)} from an earlier peelkit export, changed since; "
                         "left as it is\n")
    return [n for n in earlier if n not in changed]


def _publish(path: Path, fill, *, folder: bool = False, overwrite: bool = True, what: str = "the export") -> None:
    """The one way an export reaches the disk. Never into a data package folder. Under a lock beside
    ``path`` (one run per output name), what killed runs left is removed, ``fill(tmp)`` writes a hidden
    temporary sibling (a file, or a folder when ``folder``, with ``MANIFEST`` listing its files), which is
    fsynced and renamed into place. Into an existing folder only files an earlier export wrote (by its
    manifest) are replaced, and those of its files this export does not write removed, through
    ``store.publish`` (journal, roll-back); any other file with one of the names is refused. A full disk
    or any other OSError is one DataError naming ``path``; nothing is left behind."""
    dest = Path(os.path.abspath(path))  # "." is the current folder; a link is replaced, not followed
    refuse_package_folder(path, folder)
    if folder:
        fill = _with_manifest(fill)
    try:
        with store.lock(dest.parent / f".{dest.name}.peelkit-lock", path):
            if dest.exists() and not overwrite:  # another run made it meanwhile
                raise UsageError(f"{path} already exists; pass --overwrite to replace it")
            _clear_temps(dest)
            try:
                if folder and dest.is_dir():
                    store.publish(dest, fill, check=_own_only)
                    return
                tmp = dest.parent / f".{dest.name}.peelkit-tmp-{os.getpid()}"
                fill(tmp)
                if folder:
                    store.fsync_dir(tmp)
                else:
                    with tmp.open("rb+") as fh:
                        os.fsync(fh.fileno())
                store.rename(tmp, dest)
                store.fsync_dir(dest.parent)
            finally:
                _clear_temps(dest, os.getpid())
    except OSError as exc:
        _forget(exc)
        raise DataError(f"cannot write {what} ({exc.strerror or exc}); nothing was written", source=str(path)) from None
    except Exception as exc:  # lxml (openpyxl's writer when installed) reports a full disk as SerialisationError
        why = _disk_error(exc)
        if why is None:
            raise
        _forget(exc)
        raise DataError(f"cannot write {what} ({why}); nothing was written", source=str(path)) from None


def _disk_error(exc: BaseException) -> str | None:
    """The OS error a library reported in its own words ('IO_EFBIG', 'IO_ENOSPC' from lxml), or None."""
    m = re.search(r"\bIO_(E[A-Z]+)\b", str(exc))
    code = getattr(errno, m.group(1), None) if m else None
    return os.strerror(code) if code is not None else None


def _paper(fmt: str, b: Book):
    """A writer of the board paper in ``fmt`` to a path (for ``_publish``)."""
    if fmt == "csv":
        return lambda tmp: write_csv_folder(tmp, b)

    def fill(tmp: Path) -> None:
        from .xlsx import save

        wb = render_workbook(b)
        if fmt == "xlsx":
            save(wb, tmp, b.created)
            return
        from .pdf import xlsx_to_pdf

        xlsx = tmp.with_name(tmp.name + ".xlsx")
        save(wb, xlsx, b.created)
        xlsx_to_pdf(xlsx, tmp, b.created)
    return fill


def export(path: Path | str, data_dir: Path | None = None, force: str | None = None, year: str | None = None,
           accessible: bool = False, fmt: str | None = None, overwrite: bool = False,
           against: list[str] | None = None) -> ExportResult:
    """Write the board paper to ``path``: .xlsx (workbook), .pdf (needs LibreOffice) or a folder of CSVs;
    or every tidy table: .sqlite (and its Datasette metadata), .json, a folder of Parquet files.

    Never replaces an existing file or folder unless ``overwrite``. Every output goes through ``_publish``:
    one export of a name at a time, a temporary sibling renamed into place, so a failed or killed run never
    leaves a half-written file, and its temporary files go with the next export. A full disk is one
    DataError; nothing is left behind.
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
    if fmt == "csv" and path.exists() and not path.is_dir():
        raise UsageError(f"{path} is a file; a csv export writes a folder: remove the file or choose another name")
    parent = Path(os.path.abspath(path)).parent
    if not parent.is_dir():
        raise UsageError(f"{parent}: no such directory")
    if fmt == "pdf":
        from .pdf import require_soffice

        require_soffice()  # before any work: one clear line where LibreOffice is missing
    b = book(data_dir, force, year, accessible, against)
    _publish(path, _paper(fmt, b), folder=fmt == "csv", overwrite=overwrite, what="the board paper")
    tsheet = next((s for s in b.sheets if s.name == "Totals"), None)  # an area round prints no totals
    totals = Counter(row[tsheet.columns.index("Check")] for row in tsheet.rows) if tsheet else Counter()
    return ExportResult(path, fmt, b.year, b.force.name if b.force else None, b.sizes(), totals,
                        len(b.sheet("Notes").rows), time.perf_counter() - t0)


def _export_data(path: Path, data_dir: Path | None, fmt: str, overwrite: bool, t0: float,
                 paper_options: dict[str, object]) -> ExportResult:
    """Every tidy table to .sqlite (+ Datasette metadata beside it), .json or a folder of Parquet files,
    through the same ``_publish`` as the board paper."""
    from .dataset import collect, write_json

    given = [k for k, v in paper_options.items() if v]
    if given:
        one = len(given) == 1
        raise UsageError(f"{' and '.join(given)} {'shapes' if one else 'shape'} the board paper (.xlsx, .pdf, a CSV "
                         f"folder); a {fmt} export holds every table whole: drop {'it' if one else 'them'}")
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
    counts: dict[str, int] = {n: len(r) for n, r in ds.rows.items()}
    if fmt == "sqlite":
        from .sqlite import write_metadata, write_sqlite

        _publish(path, lambda tmp: counts.update(write_sqlite(ds, tmp)), overwrite=overwrite, what="the database")
        _publish(extra[0], lambda tmp: write_metadata(ds, tmp, path.stem), overwrite=overwrite,
                 what="the Datasette metadata")
    elif fmt == "json":
        _publish(path, lambda tmp: write_json(ds, tmp), overwrite=overwrite, what="the tables")
    else:
        from .parquet import write_parquet

        _publish(path, lambda tmp: counts.update(write_parquet(ds, tmp)), folder=True, overwrite=overwrite,
                 what="the Parquet files")
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
    _publish(Path(path), lambda tmp: save(render_sheets(b), tmp, b.created), what="the grid")
