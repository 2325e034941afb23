"""Validate a clean data directory against its datapackage.json (frictionless-style report).

Checks: files present with the recorded sha256, headers, field types, enums, patterns, required
values, unique primary keys, known forces and questions, 43 forces per pillar and year in the
national tables, source files present with matching sha256, derived totals equal printed totals.
Pure Python (no pandas), so it is fast on any machine.
"""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

from . import checks, model, store
from .errors import DataError

NATIONAL_KINDS = {"state_of_policing"}


def _err(errors: list, type_: str, message: str, *, row: int | None = None, field: str | None = None,
         source: str | None = None) -> None:
    errors.append({"type": type_, "message": message, "row": row, "field": field, "source": source})


def _check_value(value: str, f: dict) -> str | None:
    cons = f.get("constraints", {})
    if value == "":
        return "a value is required" if cons.get("required") else None
    t = f.get("type")
    if t == "integer":
        try:
            iv = int(value)
        except ValueError:
            return f"{value!r} is not an integer"
        if "minimum" in cons and iv < cons["minimum"]:
            return f"{iv} is below the minimum {cons['minimum']}"
    if "enum" in cons and value not in cons["enum"]:
        return f"{value!r} is not one of {', '.join(cons['enum'])}"
    if "pattern" in cons and not re.match(cons["pattern"], value):
        return f"{value!r} does not match {cons['pattern']}"
    return None


def validate(data_dir: Path) -> dict:
    """The validation report: {valid, stats, errors[type, message, row, field, source]}."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataError("no such data directory", source=str(data_dir))
    pkg = store.read_datapackage(data_dir)
    errors: list[dict] = []
    warnings: list[dict] = []
    tables: dict[str, list[dict]] = {}
    stats = {"tables": 0, "rows": 0, "sources": 0}
    for res in pkg.get("resources", []):
        name, path = res.get("name"), data_dir / res.get("path", "")
        if not path.is_file():
            _err(errors, "missing-file", f"{res.get('path')} is listed in datapackage.json but missing",
                 source=str(res.get("path")))
            continue
        data = path.read_bytes()
        if res.get("hash") and res["hash"] != "sha256:" + hashlib.sha256(data).hexdigest():
            _err(errors, "hash-mismatch", f"{path.name} changed since extraction (sha256 differs)", source=path.name)
        fields = res.get("schema", {}).get("fields", [])
        names = [f["name"] for f in fields]
        text = data.decode("utf-8-sig", errors="replace")
        reader = csv.reader(text.splitlines())
        header = next(reader, [])
        if header != names:
            _err(errors, "header", f"{path.name} header {header} differs from the schema {names}", source=path.name)
            continue
        rows = []
        for i, cells in enumerate(reader, start=2):
            if len(cells) != len(names):
                _err(errors, "row-length", f"{len(cells)} cells, expected {len(names)}", row=i, source=path.name)
                continue
            row = dict(zip(names, cells))
            for f in fields:
                problem = _check_value(row[f["name"]], f)
                if problem:
                    _err(errors, "constraint", problem, row=i, field=f["name"], source=path.name)
            row["_row"] = i
            rows.append(row)
        pk = res.get("schema", {}).get("primaryKey") or []
        if pk:
            seen: dict[tuple, int] = {}
            for r in rows:
                k = tuple(r[c] for c in pk)
                if k in seen:
                    _err(errors, "primary-key", f"{', '.join(k)} repeats row {seen[k]}", row=r["_row"],
                         source=path.name)
                seen.setdefault(k, r["_row"])
        tables[name] = rows
        stats["tables"] += 1
        stats["rows"] += len(rows)

    for name in ("pillars", "questions"):
        for r in tables.get(name, []):
            f = model.find_force(r["force_id"])
            if f is None or f.force_id != r["force_id"]:
                _err(errors, "unknown-force", f"force_id {r['force_id']!r} is not one of the 43 forces",
                     row=r["_row"], field="force_id", source=f"{name}.csv")
            elif r["force"] != f.name:
                _err(errors, "unknown-force", f"force {r['force']!r} should be {f.name!r} for {f.force_id}",
                     row=r["_row"], field="force", source=f"{name}.csv")
    for r in tables.get("questions", []):
        q = model.question_by_id(r["question_id"])
        if q is None or q.pillar != r["pillar"]:
            _err(errors, "unknown-question", f"question_id {r['question_id']!r} is not a {r['pillar']} question",
                 row=r["_row"], field="question_id", source="questions.csv")

    kinds = {}
    for s in pkg.get("sources", []):
        stats["sources"] += 1
        kinds[s.get("title")] = s.get("kind")
        p = (data_dir / s.get("path", "")).resolve()
        if not p.is_file():
            _err(errors, "source-missing", f"source {s.get('title')} not found at {s.get('path')}",
                 source=s.get("title"))
            continue
        digest, _ = store.file_digest(p)
        if s.get("hash") != f"sha256:{digest}":
            _err(errors, "source-changed", f"source {s.get('title')} differs from the one extracted (sha256)",
                 source=s.get("title"))

    national = [r for r in tables.get("pillars", []) if kinds.get(r["source_file"]) in NATIONAL_KINDS]
    per: dict[tuple[str, str], set] = {}
    for r in national:
        per.setdefault((r["year"], r["pillar"]), set()).add(r["force_id"])
    n_forces = len(model.forces())
    for (year, pillar), ids in sorted(per.items()):
        if len(ids) != n_forces:
            missing = sorted(f.name for f in model.forces() if f.force_id not in ids)
            _err(errors, "force-count", f"{year} {pillar}: {len(ids)} forces, expected {n_forces} "
                 f"(missing: {', '.join(missing)})", field="force_id", source="pillars.csv")

    if {"pillars", "questions", "printed_totals"} <= set(tables):
        for c in checks.compare(tables["pillars"], tables["questions"], tables["printed_totals"]):
            status = c.status(n_forces)
            what = f"{c.year} {c.pillar}{' / ' + c.question_id if c.question_id else ''} {c.measure} {c.value}"
            if status == "mismatch":
                _err(errors, "totals", f"{what}: printed {c.printed} ({c.kind}, line {c.source_line}) but the rows "
                     f"give {c.derived}", source="printed_totals.csv")
            elif status == "unverifiable":
                _err(warnings, "totals-unverifiable", f"{what}: printed {c.printed} but only {c.placed} forces "
                     f"placed (see review.csv)", source="printed_totals.csv")
    stats["errors"] = len(errors)
    stats["warnings"] = len(warnings)
    return {"valid": not errors, "stats": stats, "errors": errors, "warnings": warnings}
