"""The only code that writes (and the main code that reads) the clean data directory.

Writes are atomic at directory level: everything goes into a temporary sibling directory,
which replaces the old one only when every file is written. A failure at any point leaves
the previous ``data/clean/`` exactly as it was.
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


def datapackage(tables: dict[str, str], inputs: list[Path], kinds: dict[str, str] | None = None) -> dict:
    """A Frictionless Data Package for the CSV texts in ``tables`` and the ``inputs`` they came from."""
    resources = []
    for name, text in tables.items():
        data = text.encode("utf-8")
        spec = TABLES[name]
        schema: dict[str, object] = {"fields": spec["fields"]}
        if spec.get("primaryKey"):
            schema["primaryKey"] = spec["primaryKey"]
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
        src = {"title": p.name, "path": f"../raw/{p.name}", "bytes": size, "hash": f"sha256:{digest}"}
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


def write_clean(out_dir: Path, tables: dict[str, list[dict]], inputs: list[Path],
                fail_after: str | None = None, kinds: dict[str, str] | None = None) -> list[Path]:
    """Write every table, review file and datapackage.json into ``out_dir`` atomically.

    ``fail_after`` (tests only) raises after writing the named file, to prove the swap is atomic.
    """
    out_dir = Path(out_dir)
    parent = out_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = parent / f".{out_dir.name}.tmp-{os.getpid()}"
    old = parent / f".{out_dir.name}.old-{os.getpid()}"
    for d in (tmp, old):
        if d.exists():
            shutil.rmtree(d)
    tmp.mkdir()
    try:
        texts = {name: _csv_text(name, tables.get(name, [])) for name in TABLES}
        for name, text in texts.items():
            (tmp / f"{name}.csv").write_text(text, encoding="utf-8", newline="")
            if fail_after == f"{name}.csv":
                raise OSError(f"simulated failure after writing {name}.csv")
        pkg = datapackage(texts, inputs, kinds)
        (tmp / DATAPACKAGE).write_text(json.dumps(pkg, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        # keep files that are not ours (e.g. a README) from the previous directory
        if out_dir.is_dir():
            for extra in out_dir.iterdir():
                if not (tmp / extra.name).exists() and extra.is_file():
                    shutil.copy2(extra, tmp / extra.name)
        swap_in(tmp, out_dir, old)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [out_dir / f"{n}.csv" for n in TABLES] + [out_dir / DATAPACKAGE]


def swap_in(tmp: Path, target: Path, old: Path) -> None:
    """Replace ``target`` (a file, a directory or nothing) by the finished ``tmp`` directory: the old one is
    moved aside to ``old`` and restored if the final rename fails, then removed."""
    if target.is_dir():
        os.replace(target, old)
    elif target.exists():
        target.unlink()
    try:
        os.replace(tmp, target)
    except BaseException:
        if old.exists():
            os.replace(old, target)
        raise
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
