"""``peelkit export peel.sqlite``: every tidy table in one SQLite database, with its primary and foreign keys,
and a Datasette ``metadata.json`` beside it (``peel.metadata.json``: titles, descriptions, licence, sources).

Types follow the schema: string and date -> TEXT (dates ISO 8601), integer -> INTEGER, number -> REAL,
boolean -> INTEGER 0/1; required -> NOT NULL; an enum -> CHECK (col IN (...)). Empty cells are NULL.
The database is written with ``PRAGMA foreign_keys = ON``, so a row whose key points nowhere is refused
with one line naming its table, and ``PRAGMA foreign_key_check`` on the result is empty.
"""

from __future__ import annotations

import errno
import json
import sqlite3
from pathlib import Path

from ..errors import DataError
from .dataset import LICENSE, SOURCE, Dataset

SQL_TYPES = {"string": "TEXT", "date": "TEXT", "datetime": "TEXT", "integer": "INTEGER", "number": "REAL",
             "boolean": "INTEGER"}


def q(name: str) -> str:
    """An SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


def _literal(v: object) -> str:
    return "'" + str(v).replace("'", "''") + "'"


def create_table(ds: Dataset, name: str) -> str:
    spec = ds.specs[name]
    parts = []
    for f in spec["fields"]:
        c = f.get("constraints", {})
        col = f"{q(f['name'])} {SQL_TYPES.get(f['type'], 'TEXT')}"
        if c.get("required"):
            col += " NOT NULL"
        if c.get("enum"):
            col += f" CHECK ({q(f['name'])} IN ({', '.join(_literal(v) for v in c['enum'])}))"
        if f["type"] == "boolean":
            col += f" CHECK ({q(f['name'])} IN (0, 1))"
        parts.append(col)
    if spec.get("primaryKey"):
        parts.append(f"PRIMARY KEY ({', '.join(q(c) for c in spec['primaryKey'])})")
    for fk in ds.foreign_keys(name):
        ref = fk["reference"]
        parts.append(f"FOREIGN KEY ({', '.join(q(c) for c in fk['fields'])}) REFERENCES {q(ref['resource'])} "
                     f"({', '.join(q(c) for c in ref['fields'])})")
    return f"CREATE TABLE {q(name)} (\n  " + ",\n  ".join(parts) + "\n)"


def write_sqlite(ds: Dataset, path: Path) -> dict[str, int]:
    """Create the database at ``path`` (which must not exist); returns the rows written per table."""
    counts = {}
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA foreign_keys = ON")
        with con:
            for name in ds.order():
                con.execute(create_table(ds, name))
                cols = ds.columns(name)
                for fk in ds.foreign_keys(name):
                    if fk["fields"] != ds.specs[name].get("primaryKey", [])[: len(fk["fields"])]:
                        idx = f"idx_{name}_{'_'.join(fk['fields'])}"
                        con.execute(f"CREATE INDEX {q(idx)} ON {q(name)} ({', '.join(q(c) for c in fk['fields'])})")
                sql = f"INSERT INTO {q(name)} ({', '.join(q(c) for c in cols)}) VALUES ({', '.join('?' * len(cols))})"
                for i, r in enumerate(ds.rows[name], 1):
                    try:
                        con.execute(sql, [r.get(c) for c in cols])
                    except sqlite3.IntegrityError as exc:
                        raise DataError(f"{name} row {i} cannot be stored ({exc}); run 'peelkit validate'") from None
                counts[name] = len(ds.rows[name])
            bad = con.execute("PRAGMA foreign_key_check").fetchall()
            if bad:
                raise DataError(f"{len(bad)} row(s) refer to rows that do not exist (first: {bad[0][0]} row "
                                f"{bad[0][1]} -> {bad[0][2]}); run 'peelkit validate'")
    except sqlite3.OperationalError as exc:  # "database or disk is full", "disk I/O error": the disk's fault
        raise OSError(errno.ENOSPC if "full" in str(exc) else errno.EIO, str(exc)) from None
    finally:
        con.close()
    return counts


def datasette_metadata(ds: Dataset, database: str) -> dict:
    """Datasette's metadata.json: title, description, licence and source for the site; per table its
    description, source and column descriptions."""
    files = ", ".join(r["title"] for r in ds.rows.get("sources", []))
    tables = {}
    for name in ds.order():
        spec = ds.specs[name]
        t: dict = {"description": spec.get("description", ""),
                   "columns": {f["name"]: f.get("description", "") for f in spec["fields"]}}
        if "source_file" in ds.columns(name):
            t["source"] = f"{SOURCE['title']}; files: see the sources table"
            t["source_url"] = SOURCE["path"]
        if spec.get("primaryKey") and len(spec["primaryKey"]) == 1:
            t["label_column"] = "name" if "name" in ds.columns(name) else spec["primaryKey"][0]
        tables[name] = t
    return {
        "title": "PEEL inspection judgments (HMICFRS)",
        "description": "PEEL grades extracted by peelkit from State of Policing reports and PEEL force reports, "
                       "checked against the totals the documents print. Every row names the file and line or "
                       f"page it was read from (sources: {files or 'none recorded'}); review lists every value "
                       "that could not be placed with certainty. Empty cells are unknown, never zero.",
        "license": LICENSE["name"], "license_url": LICENSE["path"],
        "source": SOURCE["title"], "source_url": SOURCE["path"],
        "databases": {database: {"title": "PEEL judgments", "tables": tables}},
    }


def metadata_path(path: Path) -> Path:
    """Datasette's metadata file beside the database: peel.sqlite -> peel.metadata.json."""
    return path.with_name(f"{path.stem}.metadata.json")


def write_metadata(ds: Dataset, path: Path, database: str) -> None:
    path.write_text(json.dumps(datasette_metadata(ds, database), indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8")
