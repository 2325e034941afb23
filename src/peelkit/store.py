"""The only code that writes (and the main code that reads) the clean data directory.

Writes are atomic: every file is written into a temporary folder first and swapped in only when
all are written. Only peelkit's own files are ever replaced; a user's other files, subfolders and the
folder's mode are left alone. A failure at any point leaves the previous ``data/clean/`` as it was.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from . import __version__, model
from .errors import DataError
from .schema import TABLES, Extraction, columns

DATAPACKAGE = "datapackage.json"


# ------------------------------------------------------------------ paths


def project_root() -> Path:
    """The directory holding ``data/``: the current directory if it has one, else the source checkout."""
    env = os.environ.get("PEELKIT_HOME")
    if env:
        return Path(env)
    cwd = Path.cwd()
    if (cwd / "data" / "raw").is_dir() or (cwd / "data" / "clean").is_dir():
        return cwd
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "data").is_dir():
        return checkout
    return cwd


def default_raw_dir() -> Path:
    return project_root() / "data" / "raw"


def default_clean_dir() -> Path:
    return project_root() / "data" / "clean"


# ------------------------------------------------------------------ hashing


def file_digest(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


# ------------------------------------------------------------------ merging and sorting

_SORT_KEYS = {
    "pillars": lambda r: (r["year"], r["force_id"], model.pillar_order(r["pillar"]), r["source_file"]),
    "questions": lambda r: (r["year"], r["force_id"], model.pillar_order(r["pillar"]), model.question_order(r["question_id"]),
                            r["source_file"]),
}


def _prov(r: dict) -> tuple:
    return (r.get("source_file") or "", r.get("source_page") or 0, r.get("source_line") or 0)


def merge(extractions: Iterable[Extraction]) -> dict[str, list[dict]]:
    """All rows of all extractions, one list per table, duplicates of a primary key flagged."""
    out: dict[str, list[dict]] = {name: [] for name in TABLES}
    for ex in extractions:
        for name, rows in ex.tables.items():
            if name not in out:
                raise DataError(f"parser for {ex.source_file} produced an unknown table {name!r}")
            out[name].extend(rows)
    for name, spec in TABLES.items():
        pk = spec.get("primaryKey") or []
        if not pk or name == "printed_totals":
            continue
        seen: dict[tuple, dict] = {}
        kept = []
        for r in out[name]:
            k = tuple(r.get(c) for c in pk)  # type: ignore[union-attr]
            if k in seen:
                first = seen[k]
                out["review"].append({
                    "source_file": r.get("source_file"), "source_line": r.get("source_line"),
                    "pillar": r.get("pillar"), "question_id": r.get("question_id"), "kind": "duplicate_row",
                    "expected": "one row", "found": "two rows",
                    "message": f"{name}: {', '.join(str(x) for x in k)} already read from "
                               f"{first.get('source_file')} line {first.get('source_line')}; this copy not used",
                    "source_page": r.get("source_page")})
                continue
            seen[k] = r
            kept.append(r)
        out[name] = kept
    for name, rows in out.items():
        sort_rows(name, rows)
    return out


def sort_rows(name: str, rows: list[dict]) -> None:
    """Stable, documented order for every table, so repeated runs give byte-identical CSVs."""
    key = _SORT_KEYS.get(name)
    if key:
        rows.sort(key=key)
    elif name == "review":
        rows.sort(key=lambda r: (*_prov(r), r.get("kind") or "", r.get("message") or ""))
    else:
        rows.sort(key=_prov)


# ------------------------------------------------------------------ writing


def _csv_text(name: str, rows: list[dict]) -> str:
    buf = io.StringIO()
    cols = columns(name)
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for r in rows:
        w.writerow(["" if r.get(c) is None else r.get(c) for c in cols])
    return buf.getvalue()


def datapackage(tables: dict[str, str], inputs: list[Path], kinds: dict[str, str] | None = None,
                out_dir: Path | None = None) -> dict:
    """A Frictionless Data Package for the CSV texts in ``tables`` and the ``inputs`` they came from.

    Each source's ``path`` is relative to ``out_dir`` (where the package is written), so the package
    validates where it was written; ``title`` is the bare file name, used when the package is copied
    elsewhere with its sources beside it."""
    resources = []
    for name, text in tables.items():
        data = text.encode("utf-8")
        spec = TABLES[name]
        schema: dict[str, object] = {"fields": spec["fields"]}
        if spec.get("primaryKey"):
            schema["primaryKey"] = spec["primaryKey"]
        if spec.get("foreignKeys"):
            schema["foreignKeys"] = spec["foreignKeys"]
        resources.append({
            "name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "description": spec["description"],
            "bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
            "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
            "schema": schema,
        })
    sources = []
    for p in sorted(inputs, key=lambda p: p.name):
        digest, size = file_digest(p)
        path = _source_path(p, out_dir) if out_dir is not None else f"../raw/{p.name}"
        src = {"title": p.name, "path": path, "bytes": size, "hash": f"sha256:{digest}"}
        if kinds and p.name in kinds:
            src["kind"] = kinds[p.name]
        sources.append(src)
    return {
        "profile": "tabular-data-package",
        "name": "peelkit-clean",
        "title": "PEEL judgments as tidy tables",
        "description": "Extracted by peelkit from HMICFRS State of Policing reports and PEEL force reports. "
                       "Every row names the file and line or page it was read from; review.csv lists every "
                       "value that could not be placed with certainty.",
        "created_by": f"peelkit {__version__}",
        "licenses": [{"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0"}],
        "sources": sources,
        "resources": resources,
    }


def own_files() -> list[str]:
    """The file names peelkit writes into a clean directory (and the only ones it ever replaces)."""
    return [f"{n}.csv" for n in TABLES] + [DATAPACKAGE]


def is_peelkit_package(out_dir: Path) -> bool:
    """True when ``out_dir`` holds a datapackage.json that peelkit wrote."""
    p = Path(out_dir) / DATAPACKAGE
    try:
        pkg = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(pkg, dict) and str(pkg.get("created_by", "")).startswith("peelkit")


def foreign_entries(out_dir: Path) -> list[str]:
    """Entries of ``out_dir`` that peelkit did not write (subfolders end in '/'); hidden ones are ignored."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return []
    own = set(own_files())
    return sorted(p.name + ("/" if p.is_dir() else "") for p in out_dir.iterdir()
                  if p.name not in own and not p.name.startswith("."))


def _check_writable(folder: Path) -> None:
    """A folder the user made read-only is refused, even when running as root (who could write anyway)."""
    st = folder.stat()
    if not os.access(folder, os.W_OK | os.X_OK) or (os.geteuid() == 0 and not st.st_mode & 0o222):
        raise DataError(f"folder is read-only (mode {st.st_mode & 0o777:o}); nothing was changed", source=str(folder))


def _source_path(p: Path, out_dir: Path) -> str:
    """Where a source is recorded: relative to the package when possible (POSIX separators), else absolute."""
    try:
        return Path(os.path.relpath(p.resolve(), out_dir.resolve())).as_posix()
    except ValueError:  # another drive (Windows)
        return p.resolve().as_posix()


def write_clean(out_dir: Path, tables: dict[str, list[dict]], inputs: list[Path],
                fail_after: str | None = None, kinds: dict[str, str] | None = None) -> list[Path]:
    """Write every table, review file and datapackage.json into ``out_dir``, replacing only those files.

    A new folder is written as a temporary sibling and renamed into place. In an existing folder
    the files are written to a hidden temporary folder inside it and swapped in (``swap_in``); the
    folder itself, its mode and every file peelkit did not write stay as they are. A folder whose
    peelkit-named files were not written by peelkit (no peelkit datapackage.json) is refused.

    ``fail_after`` (tests only) raises after writing the named file, to prove the swap is atomic.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise DataError("exists and is not a folder; --out needs a folder", source=str(out_dir))
    if out_dir.is_dir():
        _check_writable(out_dir)
        clash = [n for n in own_files() if (out_dir / n).exists()]
        if clash and not is_peelkit_package(out_dir):
            raise DataError(f"holds {', '.join(clash)} not written by peelkit (no peelkit {DATAPACKAGE}); "
                            "nothing was changed: choose another --out folder", source=str(out_dir))
        tmp = out_dir / f".peelkit-tmp-{os.getpid()}"
    else:
        parent = out_dir.absolute().parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DataError(f"cannot create the folder ({exc.strerror})", source=str(out_dir)) from None
        _check_writable(parent)
        tmp = parent / f".{out_dir.name}.tmp-{os.getpid()}"
    if tmp.exists():
        shutil.rmtree(tmp)
    try:
        tmp.mkdir()
        texts = {name: _csv_text(name, tables.get(name, [])) for name in TABLES}
        for name, text in texts.items():
            (tmp / f"{name}.csv").write_text(text, encoding="utf-8", newline="")
            if fail_after == f"{name}.csv":
                raise OSError(f"simulated failure after writing {name}.csv")
        pkg = datapackage(texts, inputs, kinds, out_dir)
        (tmp / DATAPACKAGE).write_text(json.dumps(pkg, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        swap_in(tmp, out_dir)
    except OSError as exc:
        if fail_after:
            raise
        raise DataError(f"cannot write the clean tables ({exc.strerror or exc}); nothing was changed",
                        source=str(out_dir)) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return [out_dir / n for n in own_files()]


def swap_in(tmp: Path, target: Path, old: Path | None = None) -> None:
    """Put the files of the finished folder ``tmp`` into ``target``.

    No ``target`` yet: ``tmp`` is renamed to it (one step). ``target`` a folder: only the files ``tmp``
    holds are replaced, each by an atomic rename; the files they replace are parked in ``old`` (default:
    a hidden folder inside ``target``) and put back if any rename fails, so the set changes all or not
    at all. Other files, subfolders and the folder's mode are left alone. ``target`` a file: it is
    replaced by the folder (parked in ``old`` until the rename succeeded).
    """
    tmp, target = Path(tmp), Path(target)
    if not target.exists():
        os.replace(tmp, target)
        return
    if not target.is_dir():
        old = old or target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
        try:
            os.replace(tmp, target)
        except BaseException:
            os.replace(old, target)
            raise
        old.unlink()
        return
    _check_writable(target)
    old = old or target / f".peelkit-old-{os.getpid()}"
    if old.exists():
        shutil.rmtree(old)
    old.mkdir()
    names = sorted(p.name for p in tmp.iterdir())
    for n in names:
        if (target / n).is_dir():
            shutil.rmtree(old, ignore_errors=True)
            raise DataError(f"{n} is a folder; peelkit will not replace it with a file", source=str(target))
    parked: list[str] = []
    placed: list[str] = []
    try:
        for n in names:
            if (target / n).exists():
                os.replace(target / n, old / n)
                parked.append(n)
        for n in names:
            os.replace(tmp / n, target / n)
            placed.append(n)
    except BaseException:
        for n in placed:
            if n not in parked:
                (target / n).unlink(missing_ok=True)
        for n in parked:
            os.replace(old / n, target / n)
        raise
    finally:
        if not any(old.iterdir()) or len(placed) == len(names):
            shutil.rmtree(old, ignore_errors=True)


# ------------------------------------------------------------------ reading


def table_path(data_dir: Path, name: str) -> Path:
    p = Path(data_dir) / f"{name}.csv"
    if not p.is_file():
        raise DataError(f"{p} not found; run 'peelkit extract' first (or pass --data DIR)")
    return p


def read_rows(data_dir: Path, name: str) -> list[dict]:
    """A clean table as a list of dicts of strings (no pandas)."""
    with table_path(data_dir, name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def read_frame(data_dir: Path, name: str):
    """A clean table as a pandas DataFrame with every column as string ('' for empty)."""
    import pandas as pd

    return pd.read_csv(table_path(data_dir, name), dtype=str, keep_default_na=False)


def read_datapackage(data_dir: Path) -> dict:
    p = Path(data_dir) / DATAPACKAGE
    if not p.is_file():
        raise DataError(f"{p} not found; run 'peelkit extract' first")
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(f"invalid JSON ({exc.msg})", source=str(p), line=exc.lineno) from None
